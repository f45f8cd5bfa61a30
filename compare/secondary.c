/*
 * The secondary checks of a load: block reasons and modulation use
 * (chi-square tests on pooled counts, allowing for their dispersion), mean
 * path length and hops, and a sign test for a systematic bias in BP.  They
 * flag (INVESTIGATE, WARN, N/A) and decide nothing.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse.h"

static const char *const role_label[2] = {"legacy", "orchestrator"};

#define PHI_CONSERVATIVE STATS_PHI_CONSERVATIVE
#define PHI_TRUSTED_REPLICATIONS STATS_PHI_TRUSTED_REPLICATIONS

void compare_add_flag(struct compare_secondary *s, const char *fmt, ...)
{
        if (s->n_flags >= COMPARE_FLAGS_MAX)
                return;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(s->flags[s->n_flags++], sizeof(s->flags[0]), fmt, ap);
        va_end(ap);
}

/* Index of modulation `name` in names[n], adding it when new; -1 if full. */
static int mod_slot(char names[][BACKEND_NAME_MAX], int *n, const char *name)
{
        for (int i = 0; i < *n; i++)
                if (strcmp(names[i], name) == 0)
                        return i;
        if (*n >= BACKEND_MAX_MODS)
                return -1;
        snprintf(names[*n], BACKEND_NAME_MAX, "%s", name);
        return (*n)++;
}

/*
 * The design effect of pooled category counts (block reasons): how much more
 * the per-replication difference of the paths' counts varies than a
 * Poisson count of that size would -- var_r(o_r - l_r) / mean_r(o_r + l_r),
 * over the categories -- estimated with enough replications (at least 1),
 * PHI_CONSERVATIVE otherwise.  It respects the pairing: a difference per
 * seed.
 */
static double category_dispersion(const struct compare_result *r, int li)
{
        const int n = r->load[li].n;
        if (n < PHI_TRUSTED_REPLICATIONS)
                return PHI_CONSERVATIVE;
        double worst = 1;
        for (int c = SIM_BLOCK_DISTANCE; c <= SIM_BLOCK_CONGESTION; c++) {
                double md = 0, ms = 0, v = 0;
                for (int rep = 0; rep < n; rep++) {
                        const struct compare_pair *pr = compare_pair_at(r, li, rep);
                        md += ((double)pr->run[1].blocked_by[c] - pr->run[0].blocked_by[c]) / n;
                        ms += ((double)pr->run[1].blocked_by[c] + pr->run[0].blocked_by[c]) / n;
                }
                for (int rep = 0; rep < n; rep++) {
                        const struct compare_pair *pr = compare_pair_at(r, li, rep);
                        double x = (double)pr->run[1].blocked_by[c] - pr->run[0].blocked_by[c] - md;
                        v += x * x / (n - 1);
                }
                if (ms > 0)
                        worst = fmax(worst, v / ms);
        }
        return worst;
}

int compare_secondary_checks(struct compare_result *r, int li)
{
        struct compare_load *L = &r->load[li];
        struct compare_secondary *s = &L->secondary;
        const double alpha = 1 - r->cfg->policy.confidence;
        const int n = r->load[li].n;
        int miss = 0;
        double reasons[2][2] = {{0}}, mods[2][BACKEND_MAX_MODS] = {{0}}, km[2] = {0}, hops[2] = {0};
        char mod_names[BACKEND_MAX_MODS][BACKEND_NAME_MAX];
        int n_mods = 0;
        bool mods_fit = true;
        s->have_reasons = compare_load_has(r, li, BACKEND_HAS_REASONS, &miss);
        if (!s->have_reasons)
                compare_add_flag(s,
                                 "N/A: block reasons not available (not reported by the %s path)",
                                 role_label[miss]);
        s->have_mods = compare_load_has(r, li, BACKEND_HAS_MODS, &miss);
        if (!s->have_mods)
                compare_add_flag(s,
                                 "N/A: modulation use not available (not reported by the %s path)",
                                 role_label[miss]);
        s->have_length = compare_load_has(r, li, BACKEND_HAS_LENGTH, &miss);
        if (!s->have_length)
                compare_add_flag(
                    s, "N/A: mean path length not available (not reported by the %s path)",
                    role_label[miss]);
        s->have_hops = compare_load_has(r, li, BACKEND_HAS_HOPS, &miss);
        if (!s->have_hops)
                compare_add_flag(s, "N/A: mean hops not available (not reported by the %s path)",
                                 role_label[miss]);
        for (int rep = 0; rep < n; rep++) {
                const struct compare_pair *pr = compare_pair_at(r, li, rep);
                for (int role = 0; role < 2; role++) {
                        const struct backend_result *res = &pr->run[role];
                        if (s->have_reasons) {
                                reasons[role][0] += res->blocked_by[SIM_BLOCK_DISTANCE];
                                reasons[role][1] += res->blocked_by[SIM_BLOCK_CONGESTION];
                        }
                        for (int k = 0; s->have_mods && k < res->n_mods; k++) {
                                int slot = mod_slot(mod_names, &n_mods, res->mod_names[k]);
                                if (slot < 0)
                                        mods_fit = false;
                                else
                                        mods[role][slot] += res->mod_count[k];
                        }
                        km[role] += res->length_mean_km / n;
                        hops[role] += res->hops_mean / n;
                }
        }
        const double phi = s->have_reasons ? category_dispersion(r, li) : PHI_CONSERVATIVE;
        s->reasons_tested =
            s->have_reasons &&
            stats_chisq_2xk_dispersed(reasons[0], reasons[1], 2, phi, &s->reasons) == RG_OK &&
            s->reasons.df >= 1;
        if (s->reasons_tested && s->reasons.p_value < alpha)
                compare_add_flag(
                    s,
                    "INVESTIGATE: block reasons differ (distance/congestion legacy %.0f/%.0f, "
                    "orchestrator %.0f/%.0f; chi-square p %.3g, dispersion %.3g)",
                    reasons[0][0], reasons[0][1], reasons[1][0], reasons[1][1], s->reasons.p_value,
                    s->reasons.dispersion);
        if (s->have_mods && !mods_fit) {
                s->have_mods = false;
                compare_add_flag(s, "N/A: modulation use not compared (more than %d formats named)",
                                 BACKEND_MAX_MODS);
        }
        /* modulation counts come from the same bursty runs: the same
         * design effect (the reasons' estimate when there is one) */
        s->mods_tested =
            s->have_mods &&
            stats_chisq_2xk_dispersed(mods[0], mods[1], n_mods, phi, &s->modulations) == RG_OK &&
            s->modulations.df >= 1;
        if (s->mods_tested && s->modulations.p_value < alpha)
                compare_add_flag(s, "INVESTIGATE: modulation use differs (chi-square p %.3g)",
                                 s->modulations.p_value);
        if (s->have_length) {
                s->length_rel = km[0] > 0 ? (km[1] - km[0]) / km[0] : 0;
                if (fabs(s->length_rel) > 0.05)
                        compare_add_flag(
                            s, "INVESTIGATE: mean path length differs by %+.1f %% (> 5 %%)",
                            100 * s->length_rel);
                else if (fabs(s->length_rel) > 0.03)
                        compare_add_flag(s, "WARN: mean path length differs by %+.1f %% (> 3 %%)",
                                         100 * s->length_rel);
        }
        if (s->have_hops) {
                s->hops_diff = hops[1] - hops[0];
                if (fabs(s->hops_diff) > 0.5)
                        compare_add_flag(s, "INVESTIGATE: mean hops differ by %+.2f (> 0.5)",
                                         s->hops_diff);
                else if (fabs(s->hops_diff) > 0.3)
                        compare_add_flag(s, "WARN: mean hops differ by %+.2f (> 0.3)",
                                         s->hops_diff);
        }
        double *bp[2];
        bp[0] = malloc((size_t)n * sizeof(double));
        bp[1] = malloc((size_t)n * sizeof(double));
        if (bp[0] == NULL || bp[1] == NULL) {
                free(bp[0]);
                free(bp[1]);
                return RG_NOMEM; /* a flag must never silently go missing */
        }
        {
                for (int rep = 0; rep < n; rep++)
                        for (int role = 0; role < 2; role++)
                                bp[role][rep] =
                                    backend_result_bp(&compare_pair_at(r, li, rep)->run[role]);
                s->bias_tested = stats_sign_test(bp[0], bp[1], n, &s->bias) == RG_OK &&
                                 s->bias.above + s->bias.below > 0;
                if (s->bias_tested && s->bias.share > 0.8 && s->bias.p_value < alpha)
                        compare_add_flag(
                            s,
                            "INVESTIGATE: systematic bias: orchestrator blocking %s in %d of "
                            "%d paired runs (sign test p %.3g)",
                            s->bias.above > s->bias.below ? "higher" : "lower",
                            s->bias.above > s->bias.below ? s->bias.above : s->bias.below,
                            s->bias.above + s->bias.below, s->bias.p_value);
        }
        free(bp[0]);
        free(bp[1]);
        return RG_OK;
}
