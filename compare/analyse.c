/*
 * From per-run results to verdicts: per load and metric the paired
 * statistics (or exact bounds when the signal is low), the verdict policy,
 * the Holm correction over every test, the secondary checks, the pooled
 * performance check, and the overall verdict with its reason and action.
 * Runs of any backend look the same here; a figure a path did not report
 * makes its check "not available", never a pass.
 */
#include <math.h>
#include <omp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../stats/evidence.h"
#include "../stats/exact.h"
#include "compare.h"
#include "analyse.h"
#include "run_dir.h"

static const char *const metric_label[COMPARE_METRICS] = {"BP", "BBP"};
static const char *const role_label[2] = {"legacy", "orchestrator"};

#define PHI_CONSERVATIVE STATS_PHI_CONSERVATIVE
#define PHI_TRUSTED_REPLICATIONS STATS_PHI_TRUSTED_REPLICATIONS

double compare_metric_value(const struct backend_result *res, int metric)
{
        return 100.0 * (metric == COMPARE_BP ? backend_result_bp(res) : backend_result_bbp(res));
}

static const struct compare_pair *pair_at(const struct compare_result *r, int li, int rep)
{
        return &r->pairs[li * r->n_reps + rep];
}

/* True when every run of both roles at load li has all `fields`; else
 * *missing names the first role that lacks them. */
static bool load_has(const struct compare_result *r, int li, unsigned fields, int *missing)
{
        for (int role = 0; role < 2; role++)
                for (int rep = 0; rep < r->load[li].n; rep++)
                        if (!backend_has(&pair_at(r, li, rep)->run[role], fields)) {
                                if (missing)
                                        *missing = role;
                                return false;
                        }
        return true;
}

/* The per-replication values of one metric at one load, per role, in pp. */
static void load_series(const struct compare_result *r, int li, int metric, double *legacy,
                        double *orch)
{
        for (int rep = 0; rep < r->load[li].n; rep++) {
                const struct compare_pair *pr = pair_at(r, li, rep);
                legacy[rep] = compare_metric_value(&pr->run[0], metric);
                orch[rep] = compare_metric_value(&pr->run[1], metric);
        }
}

static void add_flag(struct compare_secondary *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void add_flag(struct compare_secondary *s, const char *fmt, ...)
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
                        const struct compare_pair *pr = pair_at(r, li, rep);
                        md += ((double)pr->run[1].blocked_by[c] - pr->run[0].blocked_by[c]) / n;
                        ms += ((double)pr->run[1].blocked_by[c] + pr->run[0].blocked_by[c]) / n;
                }
                for (int rep = 0; rep < n; rep++) {
                        const struct compare_pair *pr = pair_at(r, li, rep);
                        double x = (double)pr->run[1].blocked_by[c] - pr->run[0].blocked_by[c] - md;
                        v += x * x / (n - 1);
                }
                if (ms > 0)
                        worst = fmax(worst, v / ms);
        }
        return worst;
}

static int secondary(struct compare_result *r, int li)
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
        s->have_reasons = load_has(r, li, BACKEND_HAS_REASONS, &miss);
        if (!s->have_reasons)
                add_flag(s, "N/A: block reasons not available (not reported by the %s path)",
                         role_label[miss]);
        s->have_mods = load_has(r, li, BACKEND_HAS_MODS, &miss);
        if (!s->have_mods)
                add_flag(s, "N/A: modulation use not available (not reported by the %s path)",
                         role_label[miss]);
        s->have_length = load_has(r, li, BACKEND_HAS_LENGTH, &miss);
        if (!s->have_length)
                add_flag(s, "N/A: mean path length not available (not reported by the %s path)",
                         role_label[miss]);
        s->have_hops = load_has(r, li, BACKEND_HAS_HOPS, &miss);
        if (!s->have_hops)
                add_flag(s, "N/A: mean hops not available (not reported by the %s path)",
                         role_label[miss]);
        for (int rep = 0; rep < n; rep++) {
                const struct compare_pair *pr = pair_at(r, li, rep);
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
                add_flag(s,
                         "INVESTIGATE: block reasons differ (distance/congestion legacy %.0f/%.0f, "
                         "orchestrator %.0f/%.0f; chi-square p %.3g, dispersion %.3g)",
                         reasons[0][0], reasons[0][1], reasons[1][0], reasons[1][1],
                         s->reasons.p_value, s->reasons.dispersion);
        if (s->have_mods && !mods_fit) {
                s->have_mods = false;
                add_flag(s, "N/A: modulation use not compared (more than %d formats named)",
                         BACKEND_MAX_MODS);
        }
        /* modulation counts come from the same bursty runs: the same
         * design effect (the reasons' estimate when there is one) */
        s->mods_tested =
            s->have_mods &&
            stats_chisq_2xk_dispersed(mods[0], mods[1], n_mods, phi, &s->modulations) == RG_OK &&
            s->modulations.df >= 1;
        if (s->mods_tested && s->modulations.p_value < alpha)
                add_flag(s, "INVESTIGATE: modulation use differs (chi-square p %.3g)",
                         s->modulations.p_value);
        if (s->have_length) {
                s->length_rel = km[0] > 0 ? (km[1] - km[0]) / km[0] : 0;
                if (fabs(s->length_rel) > 0.05)
                        add_flag(s, "INVESTIGATE: mean path length differs by %+.1f %% (> 5 %%)",
                                 100 * s->length_rel);
                else if (fabs(s->length_rel) > 0.03)
                        add_flag(s, "WARN: mean path length differs by %+.1f %% (> 3 %%)",
                                 100 * s->length_rel);
        }
        if (s->have_hops) {
                s->hops_diff = hops[1] - hops[0];
                if (fabs(s->hops_diff) > 0.5)
                        add_flag(s, "INVESTIGATE: mean hops differ by %+.2f (> 0.5)", s->hops_diff);
                else if (fabs(s->hops_diff) > 0.3)
                        add_flag(s, "WARN: mean hops differ by %+.2f (> 0.3)", s->hops_diff);
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
                                bp[role][rep] = backend_result_bp(&pair_at(r, li, rep)->run[role]);
                s->bias_tested = stats_sign_test(bp[0], bp[1], n, &s->bias) == RG_OK &&
                                 s->bias.above + s->bias.below > 0;
                if (s->bias_tested && s->bias.share > 0.8 && s->bias.p_value < alpha)
                        add_flag(s,
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

/*
 * The variance model.  Blocked counts are over-dispersed: blocking comes in
 * bursts, and the per-run counts vary 2.3-3.9 times as much as binomial
 * counts would (measured on the fixture networks).  Two consequences:
 *
 * - Paired differences from few replications can agree by chance (discrete
 *   counts: 2 replications with the same difference have a sample SD of 0),
 *   so with fewer than PHI_TRUSTED_REPLICATIONS the SD of the per-replication
 *   difference d_r = k_r / N is not trusted below a floor: if the paths'
 *   blocked counts differ by |k| on average, at least |k| requests were
 *   decided differently, and the count of such requests varies at least as
 *   a Poisson count inflated by the dispersion: sd_floor^2 = phi max(|k|, 1)
 *   / N^2 (BBP: counts in units of the mean requested bandwidth w,
 *   phi max(|K| w, w^2) / G^2).  phi = PHI_CONSERVATIVE then; with enough
 *   replications the sample SD is trusted and the floor is the bare Poisson
 *   one (phi = 1).
 * - Exact (Clopper-Pearson) bounds assume independent requests; counts are
 *   divided by a design effect phi: N over-dispersed requests carry the
 *   information of N / phi independent ones.  phi is estimated from
 *   legacy's per-replication counts with enough replications, else
 *   PHI_CONSERVATIVE.
 */

/* The dispersion of legacy's blocked counts over the replications of a load:
 * variance over the binomial variance (at least 1); conservative with few
 * replications or no blocking. */
static double dispersion(const struct compare_result *r, int li)
{
        const int n = r->load[li].n;
        if (n < PHI_TRUSTED_REPLICATIONS)
                return PHI_CONSERVATIVE;
        double mean = 0, var = 0, req = 0;
        for (int rep = 0; rep < n; rep++) {
                mean += pair_at(r, li, rep)->run[0].blocked / (double)n;
                req += pair_at(r, li, rep)->run[0].requests / (double)n;
        }
        for (int rep = 0; rep < n; rep++) {
                double x = pair_at(r, li, rep)->run[0].blocked - mean;
                var += x * x / (n - 1);
        }
        double p = req > 0 ? mean / req : 0;
        double binom = req * p * (1 - p);
        if (!(binom > 0))
                return PHI_CONSERVATIVE;
        return fmax(1.0, var / binom);
}

/* Exact evidence on pooled counts (low signal, or one replication). */
static int exact_input(struct compare_result *r, int li, int metric, struct compare_metric *cm)
{
        struct compare_load *L = &r->load[li];
        const struct compare_inputs *inp = &r->inputs;
        const struct stats_policy *pol = &r->cfg->policy;
        const int n = L->n;
        const double alpha = L->alpha;
        const bool relative = pol->deviation == STATS_DEV_RELATIVE;
        struct stats_metric_input *in = &cm->in;
        bool gbps = load_has(r, li, BACKEND_HAS_GBPS, NULL);
        double req_gbps[2] = {0}, blk_gbps[2] = {0}, bbp_sum[2] = {0};
        for (int rep = 0; rep < n; rep++)
                for (int role = 0; role < 2; role++) {
                        const struct backend_result *res = &pair_at(r, li, rep)->run[role];
                        req_gbps[role] += res->requested_gbps;
                        blk_gbps[role] += res->blocked_gbps;
                        bbp_sum[role] += backend_result_bbp(res);
                }
        in->basis = STATS_BASIS_EXACT;
        in->unit = relative ? "%" : "pp";
        in->alpha = alpha;
        in->how = n < 2 ? "exact bounds (one replication)"
                  : L->low_signal
                      ? "exact bounds (low signal)"
                      : "exact bounds (legacy blocking too low for a relative interval)";
        double scale_lo[2] = {1, 1}, scale_hi[2] = {1, 1};
        if (metric == COMPARE_BBP) {
                if (!inp->have_bw) {
                        in->basis = STATS_BASIS_UNAVAILABLE;
                        cm->never = true;
                        return RG_OK;
                }
                for (int role = 0; role < 2; role++) {
                        double mean_bw =
                            gbps ? req_gbps[role] / (double)L->requests[role] : inp->bw_mean;
                        scale_lo[role] = inp->bw_min / mean_bw;
                        scale_hi[role] = inp->bw_max / mean_bw;
                }
        }
        struct stats_evidence e;
        int rc = stats_evidence_exact((double)L->blocked[0], (double)L->requests[0],
                                      (double)L->blocked[1], (double)L->requests[1],
                                      dispersion(r, li), scale_lo, scale_hi, relative, pol->t1,
                                      alpha, pol->direction == STATS_DIR_INCREASE, &e);
        if (rc != RG_OK)
                return rc;
        if (metric == COMPARE_BBP) {
                /* the estimate itself from what the paths report */
                double obs[2];
                for (int role = 0; role < 2; role++)
                        obs[role] = gbps
                                        ? (req_gbps[role] > 0 ? blk_gbps[role] / req_gbps[role] : 0)
                                        : bbp_sum[role] / n;
                e.mean = relative ? (obs[0] > 0 ? 100 * (obs[1] - obs[0]) / obs[0]
                                                : (obs[1] > 0 ? INFINITY : 0))
                                  : 100 * (obs[1] - obs[0]);
        }
        in->mean = e.mean;
        in->lo = e.lo;
        in->hi = e.hi;
        in->p_inside = e.p_inside;
        in->p_beyond = e.p_beyond;
        in->sd = 0;
        return RG_OK;
}

/* The per-replication deviations in pp from the counts themselves, so that
 * equal deviations are equal (100 * (k / n) is not exact: 14.000000000000002),
 * with the count difference k_r and its denominator for the floor. */
static void deviations(const struct compare_result *r, int li, int metric, double *d, double *k,
                       double *den)
{
        for (int rep = 0; rep < r->load[li].n; rep++) {
                const struct compare_pair *pr = pair_at(r, li, rep);
                const struct backend_result *a = &pr->run[0], *b = &pr->run[1];
                bool same_n = a->requests == b->requests;
                if (metric == COMPARE_BP && same_n) {
                        k[rep] = (double)b->blocked - (double)a->blocked;
                        den[rep] = a->requests;
                } else if (metric == COMPARE_BBP && backend_has(a, BACKEND_HAS_GBPS) &&
                           backend_has(b, BACKEND_HAS_GBPS) &&
                           a->requested_gbps == b->requested_gbps) {
                        k[rep] = b->blocked_gbps - a->blocked_gbps;
                        den[rep] = a->requested_gbps;
                } else {
                        /* unpaired streams: other denominators */
                        double va =
                            metric == COMPARE_BP ? backend_result_bp(a) : backend_result_bbp(a);
                        double vb =
                            metric == COMPARE_BP ? backend_result_bp(b) : backend_result_bbp(b);
                        den[rep] = metric == COMPARE_BP ? a->requests : a->requested_gbps;
                        k[rep] = (vb - va) * den[rep];
                        d[rep] = 100 * (vb - va);
                        continue;
                }
                d[rep] = den[rep] > 0 ? 100 * k[rep] / den[rep] : 0;
        }
}

/* The moments of a paired relative deviation, orchestrator / legacy. */
struct moments {
        double a, b;          /* means: orchestrator, legacy */
        double v11, v22, v12; /* variances of the means, covariance */
        double df;
};

/* Fieller's interval at level 1 - 2a for the relative deviation (%). */
static int fieller_at(void *ctx, double a, double *lo, double *hi)
{
        const struct moments *m = ctx;
        struct stats_ratio q;
        int rc =
            stats_ratio_fieller_moments(m->a, m->b, m->v11, m->v22, m->v12, m->df, 1 - 2 * a, &q);
        if (rc != RG_OK)
                return rc;
        *lo = q.unbounded ? -INFINITY : 100 * (q.lo - 1);
        *hi = q.unbounded ? INFINITY : 100 * (q.hi - 1);
        return RG_OK;
}

/* p-value of "the Fieller interval reaches `side`", as for exact bounds. */
static double fieller_p(const struct moments *m, double t1, enum stats_evidence_side side)
{
        int rc;
        double p = stats_evidence_level_p(fieller_at, (void *)m, side, t1, &rc);
        return rc == RG_OK ? p : 1.0;
}

int compare_relative_input(const double *legacy, const double *orch, int n, double floor_sd,
                           const struct stats_paired *paired, const struct stats_policy *pol,
                           struct stats_metric_input *in)
{
        /* Fieller's interval on the moments, the variance of the difference
         * raised to the floor by adding independent noise to the
         * orchestrator's values (its variance grows, the covariance stays) */
        const bool increase = pol->direction == STATS_DIR_INCREASE;
        struct moments m = {.df = n - 1};
        for (int rep = 0; rep < n; rep++) {
                m.a += orch[rep] / n;
                m.b += legacy[rep] / n;
        }
        for (int rep = 0; rep < n; rep++) {
                m.v11 += (orch[rep] - m.a) * (orch[rep] - m.a) / ((n - 1.0) * n);
                m.v22 += (legacy[rep] - m.b) * (legacy[rep] - m.b) / ((n - 1.0) * n);
                m.v12 += (orch[rep] - m.a) * (legacy[rep] - m.b) / ((n - 1.0) * n);
        }
        double var_d = m.v11 + m.v22 - 2 * m.v12, floor_var = floor_sd * floor_sd / n;
        if (floor_var > var_d)
                m.v11 += floor_var - var_d;
        double lo, hi;
        if (fieller_at(&m, in->alpha, &lo, &hi) != RG_OK || !isfinite(lo) || !isfinite(hi))
                return RG_RANGE;
        double base = paired->legacy.mean;
        in->unit = "%";
        in->mean = base > 0 ? 100 * paired->diff.mean / base : 0;
        in->lo = lo;
        in->hi = hi;
        double up = fieller_p(&m, pol->t1, STATS_UPPER_BELOW);
        double down = fieller_p(&m, pol->t1, STATS_LOWER_ABOVE_NEG);
        in->p_inside = increase ? up : fmax(up, down);
        in->p_beyond = fieller_p(
            &m, pol->t1, increase || in->mean >= 0 ? STATS_LOWER_ABOVE : STATS_UPPER_BELOW_NEG);
        return RG_OK;
}

/* Fills the decision input of one metric of one (non-identical) load. */
static int metric_input(struct compare_result *r, int li, int metric, struct compare_metric *cm)
{
        struct compare_load *L = &r->load[li];
        const struct stats_policy *pol = &r->cfg->policy;
        const int n = L->n;
        const double alpha = L->alpha;
        const bool increase = pol->direction == STATS_DIR_INCREASE;
        double *v[2], *d, *k, *den;
        v[0] = malloc((size_t)n * sizeof(double));
        v[1] = malloc((size_t)n * sizeof(double));
        d = malloc((size_t)n * sizeof(double));
        k = malloc((size_t)n * sizeof(double));
        den = malloc((size_t)n * sizeof(double));
        int rc = RG_OK;
        if (v[0] == NULL || v[1] == NULL || d == NULL || k == NULL || den == NULL) {
                rc = RG_NOMEM;
                goto out;
        }
        load_series(r, li, metric, v[0], v[1]);
        double conf = pol->confidence;
        cm->have_paired = n >= 2 && stats_paired(v[0], v[1], n, conf, &cm->paired) == RG_OK;
        bool have_ratio = n >= 2 && stats_ratio_fieller(v[1], v[0], n, conf, &cm->ratio) == RG_OK;
        bool relative = pol->deviation == STATS_DEV_RELATIVE;
        struct stats_metric_input *in = &cm->in;
        in->metric = metric_label[metric];
        in->n = n;
        in->can_claim = n >= STATS_MIN_CLAIM_REPLICATIONS;
        in->alpha = alpha;
        if (L->low_signal || !cm->have_paired) {
                rc = exact_input(r, li, metric, cm);
                goto out;
        }
        in->basis = STATS_BASIS_PAIRED;
        deviations(r, li, metric, d, k, den);
        double mean = 0, kmean = 0, denmean = 0;
        for (int rep = 0; rep < n; rep++) {
                kmean += k[rep] / n;
                denmean += den[rep] / n;
        }
        /* the mean from the summed counts when the denominators agree:
         * exact wherever the result is representable */
        bool common = true;
        for (int rep = 1; rep < n; rep++)
                common &= den[rep] == den[0];
        if (common && den[0] > 0) {
                double ksum = 0;
                for (int rep = 0; rep < n; rep++)
                        ksum += k[rep];
                mean = 100 * ksum / ((double)n * den[0]);
        } else {
                for (int rep = 0; rep < n; rep++)
                        mean += d[rep] / n;
        }
        double ss = 0;
        for (int rep = 0; rep < n; rep++)
                ss += (d[rep] - mean) * (d[rep] - mean);
        double sd = sqrt(ss / (n - 1));
        double phi = n < PHI_TRUSTED_REPLICATIONS ? PHI_CONSERVATIVE : 1.0;
        double unit = 1; /* counts in requests (BP) or mean requested bandwidth (BBP) */
        if (metric == COMPARE_BBP)
                unit = r->inputs.have_bw ? r->inputs.bw_mean
                                         : (L->requests[0] > 0 ? denmean * n / L->requests[0] : 1);
        double floor_sd =
            denmean > 0 ? 100 * sqrt(phi * fmax(fabs(kmean) * unit, unit * unit)) / denmean : 0;
        if (relative) {
                /* a load without enough legacy blocking for Fieller's interval
                 * is judged on exact bounds on the relative deviation, never
                 * silently in pp */
                if (!have_ratio || compare_relative_input(v[0], v[1], n, floor_sd, &cm->paired, pol,
                                                          in) != RG_OK) {
                        rc = exact_input(r, li, metric, cm);
                        goto out;
                }
                in->sd = cm->paired.legacy.mean > 0
                             ? 100 * fmax(sd, floor_sd) / cm->paired.legacy.mean
                             : 0;
                goto out;
        }
        in->unit = "pp";
        in->mean = mean;
        in->sd = fmax(sd, floor_sd);
        struct stats_evidence e;
        rc = stats_evidence_t(mean, in->sd / sqrt(n), n - 1, pol->t1, alpha, increase, &e);
        if (rc != RG_OK)
                goto out;
        in->lo = e.lo;
        in->hi = e.hi;
        in->p_inside = e.p_inside;
        in->p_beyond = e.p_beyond;
out:
        free(v[0]);
        free(v[1]);
        free(d);
        free(k);
        free(den);
        return rc;
}

static void describe_failure(char *out, size_t cap, const char *role, double erlang,
                             const struct compare_pair *pr, int idx)
{
        const struct backend_result *run = &pr->run[idx];
        if (backend_has(run, BACKEND_HAS_FAIL_REQUEST) && run->fail_request)
                snprintf(out, cap, "%s failed at erlang %g, seed %u, request %u: %.700s", role,
                         erlang, pr->seed[idx], run->fail_request, run->error);
        else
                snprintf(out, cap, "%s failed at erlang %g, seed %u: %.700s", role, erlang,
                         pr->seed[idx], run->error);
}

/* Bit-identical runs: equal decisions (trace hashes, which both paths must
 * report) and equal reported blocking, on the same seed. */
static bool runs_identical(const struct compare_pair *pr)
{
        const struct backend_result *a = &pr->run[0], *b = &pr->run[1];
        if (a->status != RG_OK || b->status != RG_OK || pr->seed[0] != pr->seed[1] ||
            !backend_has(a, BACKEND_HAS_TRACE) || !backend_has(b, BACKEND_HAS_TRACE))
                return false;
        bool bbp_a = backend_has(a, BACKEND_HAS_BBP), bbp_b = backend_has(b, BACKEND_HAS_BBP);
        return a->trace_hash == b->trace_hash && a->blocked == b->blocked &&
               a->requests == b->requests && bbp_a == bbp_b && (!bbp_a || a->bbp == b->bbp);
}

/*
 * Identical runs: zero discordant decisions among the N requests compared
 * (per path, all replications) put the share of requests the paths decide
 * differently below 1 - alpha^(1/N) at the decision level (the rule of
 * three: about 3/N at 95 %).  Each discordant request moves BP by 1/N and
 * BBP by at most its bandwidth over the requested total, so the deviation
 * is bounded by that share (BP) or that share times the largest over the
 * mean requested bandwidth (BBP); in relative mode, over legacy's blocking.
 */
static void identical_bound(const struct compare_result *r, int li, int metric,
                            struct stats_metric_input *in)
{
        const struct compare_load *L = &r->load[li];
        const struct stats_policy *pol = &r->cfg->policy;
        const double alpha = 1 - pol->confidence;
        const double n = (double)L->requests[0];
        in->requests = n;
        in->nothing_admitted = L->blocked[0] == L->requests[0] && L->blocked[1] == L->requests[1];
        double share = n > 0 ? -expm1(log(alpha) / n) : 1;
        double bound = 100 * share; /* pp */
        if (metric == COMPARE_BBP)
                bound = r->inputs.have_bw ? bound * r->inputs.bw_max / r->inputs.bw_mean : INFINITY;
        if (pol->deviation == STATS_DEV_RELATIVE) {
                double base = 0;
                for (int rep = 0; rep < L->n; rep++)
                        base += compare_metric_value(&pair_at(r, li, rep)->run[0], metric) / L->n;
                bound = base > 0 ? 100 * bound / base : INFINITY;
        }
        in->lo = -bound;
        in->hi = bound;
}

static void fail_metrics(struct compare_load *L, int n)
{
        for (int k = 0; k < L->n_metrics; k++) {
                struct compare_metric *cm = &L->metric[k];
                cm->in = (struct stats_metric_input){
                    .metric = cm->name, .basis = STATS_BASIS_FAILED, .n = n};
                cm->dec = (struct stats_metric_decision){
                    .verdict = L->verdict, .p_claim = 1, .p_holm = 1};
                snprintf(cm->dec.reason, sizeof(cm->dec.reason), "%.300s", L->reason);
        }
}

/* BP or BBP (metric k) of load li, from the blocked counts the runs
 * reported: the evidence of the variance model above (paired with a floor,
 * exact bounds on low signal, the rule-of-three bound for identical runs),
 * decided by the policy.  `admitted`: requests the paths admitted between
 * them, too few of which exercised no decision. */
static int blocking_metric(struct compare_result *r, int li, int k, uint64_t admitted)
{
        struct compare_load *L = &r->load[li];
        struct compare_metric *cm = &L->metric[k];
        const struct stats_policy *pol = &r->cfg->policy;
        const int n = L->n;
        int miss = 0;
        if ((double)admitted < pol->low_signal_blocked) {
                cm->in = (struct stats_metric_input){
                    .metric = metric_label[k], .basis = STATS_BASIS_UNAVAILABLE, .n = n};
                cm->dec = (struct stats_metric_decision){
                    .verdict = STATS_INCONCLUSIVE, .p_claim = 1, .p_holm = 1};
                snprintf(cm->dec.reason, sizeof(cm->dec.reason),
                         "%s: the paths admitted only %llu of %llu requests between them: "
                         "no admission decision was exercised",
                         metric_label[k], (unsigned long long)admitted,
                         (unsigned long long)(L->requests[0] + L->requests[1]));
                return RG_OK;
        }
        cm->available = k == COMPARE_BP || load_has(r, li, BACKEND_HAS_BBP, &miss);
        cm->never = !cm->available;
        if (!cm->available) {
                cm->in = (struct stats_metric_input){
                    .metric = metric_label[k], .basis = STATS_BASIS_UNAVAILABLE, .n = n};
                stats_decide_metric(pol, &cm->in, &cm->dec);
                snprintf(cm->dec.reason, sizeof(cm->dec.reason),
                         "%s: not reported by the %s path, so it cannot be judged", metric_label[k],
                         role_label[miss]);
                return RG_OK;
        }
        if (L->identical) {
                cm->in = (struct stats_metric_input){
                    .metric = metric_label[k],
                    .basis = STATS_BASIS_IDENTICAL,
                    .unit = pol->deviation == STATS_DEV_RELATIVE ? "%" : "pp",
                    .n = n};
                identical_bound(r, li, k, &cm->in);
                /* statistics are still reported */
                double *v0 = malloc((size_t)n * sizeof(double));
                double *v1 = malloc((size_t)n * sizeof(double));
                if (v0 && v1 && n >= 2) {
                        load_series(r, li, k, v0, v1);
                        cm->have_paired =
                            stats_paired(v0, v1, n, pol->confidence, &cm->paired) == RG_OK;
                }
                /* equal runs: the ratio is exactly 1 (Fieller would say so
                 * too, but not when legacy blocking is 0) */
                cm->ratio = (struct stats_ratio){.estimate = 1, .lo = 1, .hi = 1};
                free(v0);
                free(v1);
        } else {
                int rc = metric_input(r, li, k, cm);
                if (rc != RG_OK)
                        return rc;
        }
        stats_decide_metric(pol, &cm->in, &cm->dec);
        return cm->dec.tested ? compare_metric_seq_p(r, n, cm) : RG_OK;
}

static int analyse_load(struct compare_result *r, int li)
{
        struct compare_load *L = &r->load[li];
        const struct stats_policy *pol = &r->cfg->policy;
        const int n = L->n;
        /* a sequential comparison analyses a load again at every look */
        *L = (struct compare_load){.n = n, .alpha = L->alpha};
        compare_metrics_setup(r, li);
        L->erlang = r->loads[li];
        L->identical = true;
        const struct compare_pair *first_fail[2] = {NULL, NULL}, *harness = NULL,
                                  *orch_alone = NULL;
        for (int rep = 0; rep < n; rep++) {
                const struct compare_pair *pr = pair_at(r, li, rep);
                if (pr->harness_rc != RG_OK) {
                        harness = harness ? harness : pr;
                        L->identical = false;
                        continue;
                }
                for (int role = 0; role < 2; role++) {
                        const struct backend_result *res = &pr->run[role];
                        if (res->status != RG_OK) {
                                L->failed[role] = true;
                                first_fail[role] = first_fail[role] ? first_fail[role] : pr;
                        }
                        L->blocked[role] += res->blocked;
                        L->requests[role] += res->requests;
                }
                /* the orchestrator failed where legacy, on the same seed, did not */
                if (pr->run[1].status != RG_OK && pr->run[0].status == RG_OK && orch_alone == NULL)
                        orch_alone = pr;
                L->identical &= runs_identical(pr);
        }
        /* A failure decides the load.  The orchestrator failing where the
         * legacy path ran clean on the same seed is evidence of its own and
         * stands even if other runs of the load broke the harness. */
        if (orch_alone) {
                L->verdict = STATS_EMERGENCY_ROLLBACK;
                describe_failure(L->reason, sizeof(L->reason), "orchestrator", L->erlang,
                                 orch_alone, 1);
        } else if (harness) {
                L->verdict = STATS_HARNESS_ERROR;
                snprintf(L->reason, sizeof(L->reason),
                         "harness failed at erlang %g, seed %u: %.800s", L->erlang,
                         harness->seed[0], harness->harness_error);
        } else if (L->failed[0]) {
                L->verdict = STATS_HARNESS_ERROR;
                char what[900];
                describe_failure(what, sizeof(what), "the legacy-side path", L->erlang,
                                 first_fail[0], 0);
                snprintf(L->reason, sizeof(L->reason), "%s; no verdict on the orchestrator", what);
        }
        if (orch_alone || harness || L->failed[0] || L->failed[1]) {
                L->identical = false;
                fail_metrics(L, n);
                return RG_OK;
        }
        /* A load where the paths admitted (next to) nothing exercised no
         * decision that matters: equal blocking there proves nothing. */
        uint64_t admitted = (L->requests[0] - L->blocked[0]) + (L->requests[1] - L->blocked[1]);
        const bool exercised = (double)admitted >= pol->low_signal_blocked;
        if (exercised) {
                L->low_signal = (double)(L->blocked[0] + L->blocked[1]) < pol->low_signal_blocked;
                if (n < 2)
                        L->low_signal = false; /* one replication: exact bounds, named as such */
                int rc = secondary(r, li);
                if (rc != RG_OK)
                        return rc;
        } else {
                L->identical = false;
        }
        /* every metric by one rule: BP and BBP on the blocked counts
         * (unless --exact asks for equality), the others on the values the
         * runs reported (compare/metrics.c) */
        for (int k = 0; k < L->n_metrics; k++) {
                bool counts = k < COMPARE_METRICS &&
                              (L->metric[k].kind == COMPARE_KIND_EQUIVALENCE || !exercised);
                int rc =
                    counts ? blocking_metric(r, li, k, admitted) : compare_metric_judge(r, li, k);
                if (rc != RG_OK)
                        return rc;
        }
        /* (BP and BBP of a load that exercised nothing have no statistics) */
        for (int k = exercised ? 0 : COMPARE_METRICS; k < L->n_metrics; k++) {
                struct compare_metric *cm = &L->metric[k];
                cm->rel_mean = cm->have_paired && cm->paired.legacy.mean > 0
                                   ? 100 * cm->paired.diff.mean / cm->paired.legacy.mean
                                   : NAN;
        }
        if (!exercised)
                return RG_OK;
        L->resolution_pp = NAN;
        if (L->metric[COMPARE_BP].have_paired) {
                const struct stats_paired *p = &L->metric[COMPARE_BP].paired;
                L->resolution_pp = stats_t_quantile(pol->confidence, n - 1) * p->diff.se;
                /* the console's "can only resolve" warning: the spread leaves
                 * a decision half-width above T1 / 2 */
                L->resolution_warning = L->resolution_pp > pol->t1 / 2 && !L->identical &&
                                        pol->deviation == STATS_DEV_ABSOLUTE;
        }
        return RG_OK;
}

/* A run's time as the performance check counts it: the backend's figure,
 * plus the shared request stream for a path that consumes it (generated
 * once, but each path would generate it on its own). */
static double run_time(const struct compare_result *r, const struct compare_pair *pr, int role)
{
        double t = pr->run[role].run_seconds;
        if (r->cfg->backend[role]->uses_stream)
                t += pr->gen_seconds[role];
        return t;
}

/* The performance check needs both paths timed by the same clock. */
static bool perf_comparable(struct compare_result *r)
{
        enum backend_clock c[2] = {BACKEND_CLOCK_NONE, BACKEND_CLOCK_NONE};
        bool seen = false, mixed = false;
        for (int j = 0; j < r->n_loads * r->n_reps; j++) {
                const struct compare_pair *pr = &r->pairs[j];
                if (!pr->ran || pr->harness_rc != RG_OK)
                        continue;
                for (int role = 0; role < 2; role++) {
                        if (pr->run[role].status != RG_OK)
                                continue;
                        if (!seen) {
                                c[0] = c[1] = pr->run[role].clock;
                                seen = true;
                        }
                        mixed |= pr->run[role].clock != c[0];
                }
        }
        if (!seen) {
                snprintf(r->perf_clock, sizeof(r->perf_clock), "none: no run finished");
                return false;
        }
        if (mixed) {
                snprintf(r->perf_clock, sizeof(r->perf_clock),
                         "none: the paths' run times are measured differently");
                return false;
        }
        if (c[0] == BACKEND_CLOCK_NONE) {
                snprintf(r->perf_clock, sizeof(r->perf_clock), "none: run times not known");
                return false;
        }
        snprintf(r->perf_clock, sizeof(r->perf_clock), "%s", compare_clock_name(c[0]));
        return true;
}

static void pooled_perf(struct compare_result *r)
{
        const int n = r->n_loads * r->n_reps;
        r->perf_ok = false;
        if (!perf_comparable(r))
                return;
        double *t[2];
        t[0] = malloc((size_t)n * sizeof(double));
        t[1] = malloc((size_t)n * sizeof(double));
        int m = 0;
        if (t[0] && t[1]) {
                for (int j = 0; j < n; j++) {
                        const struct compare_pair *pr = &r->pairs[j];
                        /* a run read back from the run directory counts with
                         * the time kept for it, so that a resumed comparison
                         * reaches the verdict an uninterrupted one would */
                        if (!pr->ran || pr->harness_rc != RG_OK || pr->run[0].status != RG_OK ||
                            pr->run[1].status != RG_OK)
                                continue;
                        for (int role = 0; role < 2; role++)
                                t[role][m] = run_time(r, pr, role);
                        m++;
                }
                r->perf_ok = stats_perf_compare(&r->cfg->policy, t[0], t[1], m, &r->perf) == RG_OK;
        }
        free(t[0]);
        free(t[1]);
}

static void finish_load(struct compare_result *r, int li)
{
        struct compare_load *L = &r->load[li];
        if (L->verdict == STATS_HARNESS_ERROR || L->verdict == STATS_EMERGENCY_ROLLBACK)
                return; /* decided by a failure */
        const struct compare_metric *worst = &L->metric[0];
        L->verdict = STATS_PASS;
        int secondary_flags = 0;
        for (int k = 0; k < L->n_metrics; k++) {
                const struct compare_metric *cm = &L->metric[k];
                if (!cm->primary) {
                        /* a secondary metric only flags */
                        if (cm->dec.verdict != STATS_PASS) {
                                add_flag(&L->secondary, "INVESTIGATE: secondary metric %.180s",
                                         cm->dec.reason);
                                secondary_flags++;
                        }
                        continue;
                }
                if (cm->dec.verdict > L->verdict) {
                        L->verdict = cm->dec.verdict;
                        worst = cm;
                }
        }
        if (L->verdict == STATS_PASS && L->n_metrics > COMPARE_METRICS)
                snprintf(L->reason, sizeof(L->reason), "%.318s; %.318s; declared metrics: %s",
                         L->metric[0].dec.reason, L->metric[1].dec.reason,
                         secondary_flags ? "the primary ones pass (secondary ones flagged)"
                                         : "all pass");
        else if (L->verdict == STATS_PASS)
                snprintf(L->reason, sizeof(L->reason), "%.318s; %.318s", L->metric[0].dec.reason,
                         L->metric[1].dec.reason);
        else
                snprintf(L->reason, sizeof(L->reason), "%s", worst->dec.reason);
        /* performance is judged over all runs of all loads (one pooled
         * test: more data, fewer false alarms); the per-load ratios are
         * reported too */
        const int n = r->load[li].n;
        double *t[2];
        t[0] = malloc((size_t)n * sizeof(double));
        t[1] = malloc((size_t)n * sizeof(double));
        int m = 0;
        if (t[0] && t[1] && r->perf_clock[0] && strncmp(r->perf_clock, "none", 4) != 0) {
                for (int rep = 0; rep < n; rep++) {
                        const struct compare_pair *pr = pair_at(r, li, rep);
                        for (int role = 0; role < 2; role++)
                                t[role][m] = run_time(r, pr, role);
                        m++;
                }
                L->perf_ok = stats_perf_compare(&r->cfg->policy, t[0], t[1], m, &L->perf) == RG_OK;
        }
        free(t[0]);
        free(t[1]);
        if (r->perf_ok && r->perf.slower && L->verdict == STATS_PASS) {
                /* the figures stay in the report's timing part, so that the
                 * rest of it does not change from run to run */
                L->verdict = STATS_MONITOR;
                snprintf(L->reason, sizeof(L->reason),
                         "results equivalent, but over all runs the orchestrator's run time is "
                         "significantly more than %.0f %% above legacy's (figures under timing)",
                         100 * r->cfg->policy.perf_threshold);
        }
}

static void overall(struct compare_result *r)
{
        const struct compare_config *cfg = r->cfg;
        /* Worst load wins, a harness error above all -- except that an
         * orchestrator failure on a seed where legacy ran clean is decisive
         * on its own: then the emergency stands and the harness error is
         * named beside it. */
        int worst = 0, emergency = -1, harness = -1;
        r->verdict = STATS_PASS;
        for (int li = 0; li < r->n_loads; li++) {
                if (r->load[li].verdict > r->verdict) {
                        r->verdict = r->load[li].verdict;
                        worst = li;
                }
                if (r->load[li].verdict == STATS_EMERGENCY_ROLLBACK && emergency < 0)
                        emergency = li;
                if (r->load[li].verdict == STATS_HARNESS_ERROR && harness < 0)
                        harness = li;
        }
        if (r->verdict == STATS_HARNESS_ERROR && emergency >= 0) {
                r->verdict = STATS_EMERGENCY_ROLLBACK;
                worst = emergency;
        }
        if (r->interrupted) {
                r->verdict = STATS_HARNESS_ERROR;
                snprintf(r->reason, sizeof(r->reason), "interrupted: the report is incomplete");
        } else if (r->verdict == STATS_PASS) {
                bool all_identical = true;
                for (int li = 0; li < r->n_loads; li++)
                        all_identical &= r->load[li].identical && compare_values_identical(r, li);
                snprintf(r->reason, sizeof(r->reason), "%s",
                         all_identical ? "every run bit-identical on both paths at every load"
                                       : "every load within the equivalence thresholds");
        } else if (r->verdict == STATS_EMERGENCY_ROLLBACK && harness >= 0) {
                snprintf(r->reason, sizeof(r->reason), "erlang %g: %.500s; also erlang %g: %.400s",
                         r->load[worst].erlang, r->load[worst].reason, r->load[harness].erlang,
                         r->load[harness].reason);
        } else {
                snprintf(r->reason, sizeof(r->reason), "erlang %g: %.950s", r->load[worst].erlang,
                         r->load[worst].reason);
        }
        char loads[256] = "";
        size_t used = 0;
        for (int li = 0; li < r->n_loads && used < sizeof(loads) - 16; li++)
                if (r->load[li].verdict == r->verdict)
                        used += (size_t)snprintf(loads + used, sizeof(loads) - used, "%s%g",
                                                 used ? ", " : "", r->load[li].erlang);
        r->level = stats_action(r->verdict, r->interrupted, loads, cfg->rollback_env,
                                cfg->rollback_config_key, r->action, sizeof(r->action));
}

int compare_look_fractions(const struct compare_result *r, int n, double *t)
{
        const struct compare_sequential *seq = &r->cfg->seq;
        int k = 0;
        for (int m = seq->batch; k < COMPARE_MAX_LOOKS; m += seq->batch) {
                t[k++] = (double)(m < seq->max ? m : seq->max) / seq->max;
                if (m >= n)
                        break;
        }
        return k;
}

/*
 * The one-sided level of a load's decisions.  A fixed run: 1 - confidence.
 * A sequential one: the nominal level of the load's current look under
 * Lan-DeMets spending of 1 - confidence over the looks at fractions
 * replications / max (stats/sequential.h), so that PASS (both one-sided
 * tests at that level) and each rollback claim keep their error over all
 * looks.  A nominal level below 1e-12 (an early look that spends next to
 * nothing, or nothing) is raised to 1e-12: its interval stays finite, and it
 * decides only on overwhelming evidence (the error this adds is at most 64
 * looks x 1e-12).
 */
static int load_alpha(struct compare_result *r, int li)
{
        const struct compare_config *cfg = r->cfg;
        struct compare_load *L = &r->load[li];
        L->alpha = 1 - cfg->policy.confidence;
        if (!cfg->seq.on)
                return RG_OK;
        double t[COMPARE_MAX_LOOKS];
        int k = compare_look_fractions(r, L->n, t);
        double a = stats_seq_nominal(cfg->seq.spending, 1 - cfg->policy.confidence, t, k);
        if (!(a >= 0 && a < 1))
                return RG_RANGE;
        L->alpha = fmax(a, 1e-12);
        return RG_OK;
}

int compare_analyse(struct compare_result *r, struct rg_errbuf *eb)
{
        int rc = RG_OK;
        /* loads are analysed apart, each into its own slot, so threads
         * change nothing but the time (a sequential look's boundaries and
         * p-values cost milliseconds per metric); the first failure in load
         * order is the one reported */
        int *lrc = calloc((size_t)r->n_loads, sizeof(int));
        if (lrc == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        const int threads = r->cfg->threads > 0 ? r->cfg->threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
        for (int li = 0; li < r->n_loads; li++) {
                lrc[li] = load_alpha(r, li);
                if (lrc[li] == RG_OK)
                        lrc[li] = analyse_load(r, li);
        }
        int failed = -1;
        for (int li = 0; li < r->n_loads && rc == RG_OK; li++)
                if ((rc = lrc[li]) != RG_OK)
                        failed = li;
        free(lrc);
        if (rc != RG_OK)
                return rg_fail(eb, rc, "statistics failed at erlang %g (%d replications%s): %s",
                               r->loads[failed], r->load[failed].n,
                               r->cfg->seq.on ? ", a sequential look" : "", rg_strerror(rc));
        /* Holm over every rollback claim of every load and metric */
        /* (primary metrics only: a secondary one claims nothing) */
        struct stats_metric_decision *all =
            malloc((size_t)r->n_loads * COMPARE_MAX_METRICS * sizeof(*all));
        if (all == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        int m = 0;
        for (int li = 0; li < r->n_loads; li++)
                for (int k = 0; k < r->load[li].n_metrics; k++)
                        if (r->load[li].metric[k].primary)
                                all[m++] = r->load[li].metric[k].dec;
        r->holm_tests = stats_verdict_holm(&r->cfg->policy, all, m);
        if (r->holm_tests < 0) {
                free(all);
                return rg_fail(eb, RG_NOMEM, "out of memory for the Holm correction");
        }
        m = 0;
        for (int li = 0; li < r->n_loads; li++)
                for (int k = 0; k < r->load[li].n_metrics; k++)
                        if (r->load[li].metric[k].primary)
                                r->load[li].metric[k].dec = all[m++];
        free(all);
        pooled_perf(r);
        for (int li = 0; li < r->n_loads; li++)
                finish_load(r, li);
        overall(r);
        compare_first_difference(r);
        return RG_OK;
}
