#include "verdict.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "multiple.h"
#include "paired.h"
#include "summary.h"

const char *stats_verdict_name(enum stats_verdict v)
{
        switch (v) {
        case STATS_PASS:
                return "PASS";
        case STATS_MONITOR:
                return "MONITOR";
        case STATS_INCONCLUSIVE:
                return "INCONCLUSIVE";
        case STATS_PLANNED_ROLLBACK:
                return "PLANNED_ROLLBACK";
        case STATS_EMERGENCY_ROLLBACK:
                return "EMERGENCY_ROLLBACK";
        case STATS_HARNESS_ERROR:
                return "HARNESS_ERROR";
        }
        return "?";
}

int stats_verdict_exit_code(enum stats_verdict v)
{
        switch (v) {
        case STATS_PASS:
                return 0;
        case STATS_MONITOR:
                return 3;
        case STATS_INCONCLUSIVE:
                return 4;
        case STATS_PLANNED_ROLLBACK:
                return 5;
        case STATS_EMERGENCY_ROLLBACK:
                return 6;
        case STATS_HARNESS_ERROR:
                return 7;
        }
        return 1;
}

/* The enum is declared in rank order. */
enum stats_verdict stats_verdict_worst(enum stats_verdict a, enum stats_verdict b)
{
        return a > b ? a : b;
}

const char *stats_basis_name(enum stats_basis b)
{
        switch (b) {
        case STATS_BASIS_IDENTICAL:
                return "identical";
        case STATS_BASIS_PAIRED:
                return "paired";
        case STATS_BASIS_EXACT:
                return "low_signal_exact";
        case STATS_BASIS_FAILED:
                return "failed";
        case STATS_BASIS_UNAVAILABLE:
                return "unavailable";
        case STATS_BASIS_EQUALITY:
                return "equality";
        case STATS_BASIS_RATIO:
                return "ratio";
        }
        return "?";
}

bool stats_verdict_from_name(const char *name, enum stats_verdict *out)
{
        for (int v = STATS_PASS; v <= STATS_HARNESS_ERROR; v++)
                if (strcmp(name, stats_verdict_name(v)) == 0) {
                        *out = v;
                        return true;
                }
        return false;
}

bool stats_basis_from_name(const char *name, enum stats_basis *out)
{
        for (int b = STATS_BASIS_IDENTICAL; b <= STATS_BASIS_LAST; b++)
                if (strcmp(name, stats_basis_name(b)) == 0) {
                        *out = b;
                        return true;
                }
        return false;
}

double stats_decision_level(const struct stats_policy *p)
{
        return 1 - 2 * (1 - p->confidence);
}

int stats_action(enum stats_verdict v, bool interrupted, const char *loads, const char *env,
                 const char *config_key, char *out, size_t cap)
{
        switch (v) {
        case STATS_PASS:
                snprintf(out, cap,
                         "none: the orchestrator may stay on or be re-enabled (%s=1, %s = true)",
                         env, config_key);
                return 0;
        case STATS_MONITOR:
                snprintf(out, cap, "monitor: no rollback; investigate the performance regression");
                return 0;
        case STATS_INCONCLUSIVE:
                snprintf(
                    out, cap,
                    "none yet: run more replications (or more requests per run) before deciding "
                    "(loads %s)",
                    loads);
                return 0;
        case STATS_PLANNED_ROLLBACK:
                snprintf(out, cap,
                         "Level 2 planned rollback: set %s = false in the configs of the affected "
                         "loads (%s Erlang), notify users, open an investigation ticket",
                         config_key, loads);
                return 2;
        case STATS_EMERGENCY_ROLLBACK:
                snprintf(out, cap,
                         "Level 1 emergency rollback: export %s=0 and restart the simulation "
                         "processes; verify the legacy path is used; document and notify",
                         env);
                return 1;
        case STATS_HARNESS_ERROR:
                snprintf(out, cap, "%s",
                         interrupted ? "none: the run was interrupted; rerun it to completion"
                                     : "none: fix the harness or the legacy side first; this "
                                       "run says nothing about the orchestrator");
                return 0;
        }
        snprintf(out, cap, "?");
        return 0;
}

void stats_percent(double fraction, char *out, size_t cap)
{
        if (out == NULL || cap == 0)
                return;
        /* as many decimals as the level has, up to three: 90, 95, 99.5, 99.8 */
        double v = 100 * fraction;
        for (int prec = 0; prec <= 3; prec++) {
                snprintf(out, cap, "%.*f", prec, v);
                if (fabs(strtod(out, NULL) - v) < 1e-9)
                        return;
        }
}

void stats_policy_default(struct stats_policy *p)
{
        *p = (struct stats_policy){.t1 = 2.0,
                                   .t2 = 10.0,
                                   .deviation = STATS_DEV_ABSOLUTE,
                                   .direction = STATS_DIR_EITHER,
                                   .confidence = 0.95,
                                   .perf_threshold = 0.05,
                                   .perf_between_sd = STATS_PERF_BETWEEN_SD,
                                   .low_signal_blocked = 20};
}

void stats_decide_metric(const struct stats_policy *pol, const struct stats_metric_input *in,
                         struct stats_metric_decision *out)
{
        *out = (struct stats_metric_decision){.p_claim = 1.0, .p_holm = 1.0};
        out->tested = in->basis == STATS_BASIS_PAIRED || in->basis == STATS_BASIS_EXACT;
        const double t1 = pol->t1, t2 = pol->t2;
        const char *u = in->unit;
        const char *how =
            in->basis == STATS_BASIS_EXACT ? "exact bounds (low signal)" : "decision interval";
        char pct[16];
        stats_percent(stats_decision_level(pol), pct, sizeof(pct));
        const double alpha = in->alpha > 0 ? in->alpha : 1 - pol->confidence;
        if (in->basis == STATS_BASIS_UNAVAILABLE) {
                /* missing data is never a PASS */
                out->verdict = STATS_INCONCLUSIVE;
                snprintf(out->reason, sizeof(out->reason),
                         "%s: not reported by both paths on every run, so it cannot be judged",
                         in->metric);
                return;
        }
        if (in->basis == STATS_BASIS_IDENTICAL) {
                /* Equal decisions on n requests do not make the paths equal:
                 * they bound the share of requests decided differently (zero
                 * seen among n: below 1 - alpha^(1/n), about 3/n at 95 %),
                 * and so the deviation that share could cause. */
                if (in->nothing_admitted) {
                        out->verdict = STATS_INCONCLUSIVE;
                        snprintf(out->reason, sizeof(out->reason),
                                 "%s: every replication bit-identical, but every request was "
                                 "blocked on both paths: no admission was exercised",
                                 in->metric);
                        return;
                }
                if (in->hi < t1) {
                        out->verdict = STATS_PASS;
                        snprintf(
                            out->reason, sizeof(out->reason),
                            "%s: every replication bit-identical on both paths (%.0f requests: "
                            "deviation below %.3g %s at %s %%)",
                            in->metric, in->requests, in->hi, u, pct);
                        return;
                }
                out->verdict = STATS_INCONCLUSIVE;
                if (!isfinite(in->hi)) {
                        snprintf(out->reason, sizeof(out->reason),
                                 "%s: every replication bit-identical, but without the requested "
                                 "bandwidths (or legacy's blocking, in relative mode) that bounds "
                                 "no deviation",
                                 in->metric);
                        return;
                }
                /* the bound is the share 1 - alpha^(1/n) times a factor of
                 * the metric's (in->hi / share): the requests for a share
                 * below t1 / factor */
                double share = in->requests > 0 ? -expm1(log(alpha) / in->requests) : 1;
                double target = share * t1 / in->hi;
                if (isfinite(in->hi) && in->hi > 0 && target < 1) {
                        double n = log(alpha) / log1p(-target);
                        out->requests_needed = n < 1e15 ? (long)floor(n) + 1 : 0;
                }
                char need[96] = "";
                if (out->requests_needed > 0)
                        snprintf(need, sizeof(need),
                                 "; about %ld requests per path would decide it",
                                 out->requests_needed);
                snprintf(out->reason, sizeof(out->reason),
                         "%s: every replication bit-identical, but %.0f requests bound the "
                         "deviation only below %.3g %s at %s %%, not below %.3g %s%s",
                         in->metric, in->requests, in->hi, u, pct, t1, u, need);
                return;
        }
        bool increase_only = pol->direction == STATS_DIR_INCREASE;
        if (in->how)
                how = in->how;
        if (in->alpha > 0)
                stats_percent(1 - 2 * alpha, pct, sizeof(pct));
        /* one rule for the interval and for Holm: the p-values decide */
        bool inside = in->p_inside < alpha;
        bool beyond = in->p_beyond < alpha;
        out->p_claim = in->p_beyond;
        if (inside) {
                out->verdict = STATS_PASS;
                snprintf(out->reason, sizeof(out->reason),
                         "%s: deviation %+.3f %s, %s %% %s [%+.3f, %+.3f] inside %s%.3g %s",
                         in->metric, in->mean, u, pct, how, in->lo, in->hi,
                         increase_only ? "< +" : "+-", t1, u);
                return;
        }
        bool up = increase_only || in->mean >= 0;
        if (beyond && in->can_claim) {
                out->claim = true;
                double size = up ? in->mean : -in->mean;
                if (size >= t2) {
                        out->verdict = STATS_EMERGENCY_ROLLBACK;
                        snprintf(out->reason, sizeof(out->reason),
                                 "%s: deviation %+.3f %s reaches the emergency threshold %.3g %s "
                                 "(%s %% %s [%+.3f, %+.3f] wholly beyond %.3g %s)",
                                 in->metric, in->mean, u, t2, u, pct, how, in->lo, in->hi, t1, u);
                } else {
                        out->verdict = STATS_PLANNED_ROLLBACK;
                        out->emergency_not_excluded = up ? in->hi >= t2 : in->lo <= -t2;
                        snprintf(out->reason, sizeof(out->reason),
                                 "%s: deviation %+.3f %s, %s %% %s [%+.3f, %+.3f] wholly beyond "
                                 "%.3g %s, below %.3g %s%s",
                                 in->metric, in->mean, u, pct, how, in->lo, in->hi, t1, u, t2, u,
                                 out->emergency_not_excluded ? " (emergency not excluded)" : "");
                }
                return;
        }
        out->verdict = STATS_INCONCLUSIVE;
        if (beyond) {
                snprintf(out->reason, sizeof(out->reason),
                         "%s: deviation %+.3f %s, %s %% %s [%+.3f, %+.3f] beyond %.3g %s, but %d "
                         "replication%s cannot prove a rollback (at least %d)",
                         in->metric, in->mean, u, pct, how, in->lo, in->hi, t1, u, in->n,
                         in->n == 1 ? "" : "s", STATS_MIN_CLAIM_REPLICATIONS);
                return;
        }
        if (in->basis == STATS_BASIS_PAIRED) {
                /* replications for the interval to clear T1 on the side the
                 * mean is on (the upper side only, for direction increase);
                 * estimated after the Holm correction, at its level */
                out->need_sd = in->sd;
                out->need_gap = increase_only ? fabs(t1 - in->mean) : fabs(t1 - fabs(in->mean));
        }
        snprintf(out->reason, sizeof(out->reason),
                 "%s: deviation %+.3f %s, %s %% %s [%+.3f, %+.3f] straddles %s%.3g %s", in->metric,
                 in->mean, u, pct, how, in->lo, in->hi, increase_only ? "+" : "+-", t1, u);
}

/* INCONCLUSIVE paired decisions: how many replications would decide them
 * at the observed spread.  A later claim faces Holm's correction over the m
 * tests; its strictest step is alpha / m, so the estimate uses that level
 * (Bonferroni), capped at the most rollgate runs. */
static void replications_needed(const struct stats_policy *pol, struct stats_metric_decision *d,
                                int n, int m)
{
        const double alpha = (1 - pol->confidence) / (m > 1 ? m : 1);
        for (int i = 0; i < n; i++) {
                struct stats_metric_decision *x = &d[i];
                if (x->verdict != STATS_INCONCLUSIVE || !(x->need_gap > 0) || x->claim)
                        continue;
                x->replications_needed = stats_replications_needed(
                    0.0, x->need_sd, x->need_gap, 1 - alpha, STATS_MAX_REPLICATIONS);
                size_t len = strlen(x->reason);
                if (x->replications_needed > STATS_MAX_REPLICATIONS)
                        snprintf(x->reason + len, sizeof(x->reason) - len,
                                 "; more than %d replications would be needed: too close to the "
                                 "threshold to decide",
                                 STATS_MAX_REPLICATIONS);
                else if (x->replications_needed > 0)
                        snprintf(x->reason + len, sizeof(x->reason) - len,
                                 "; about %ld replications would decide it%s",
                                 x->replications_needed, m > 1 ? " (at the Holm level)" : "");
        }
}

int stats_verdict_holm(const struct stats_policy *pol, struct stats_metric_decision *d, int n)
{
        /* every tested hypothesis counts, not only those that look like
         * claims before correction: selecting first would bias it */
        int m = 0, claims = 0;
        for (int i = 0; i < n; i++) {
                m += d[i].tested;
                claims += d[i].tested && d[i].claim;
        }
        replications_needed(pol, d, n, m);
        if (claims == 0)
                return m;
        double *p = malloc((size_t)m * 2 * sizeof(double));
        int *idx = malloc((size_t)m * sizeof(int));
        if (p == NULL || idx == NULL) {
                free(p);
                free(idx);
                return -1;
        }
        int k = 0;
        for (int i = 0; i < n; i++)
                if (d[i].tested) {
                        idx[k] = i;
                        p[k++] = d[i].p_claim;
                }
        double *adj = p + m;
        double alpha = 1 - pol->confidence;
        if (stats_holm(p, m, adj) == RG_OK) {
                for (k = 0; k < m; k++) {
                        struct stats_metric_decision *x = &d[idx[k]];
                        x->p_holm = adj[k];
                        if (x->claim && adj[k] >= alpha) {
                                x->verdict = STATS_INCONCLUSIVE;
                                size_t len = strlen(x->reason);
                                snprintf(x->reason + len, sizeof(x->reason) - len,
                                         "; not significant after Holm correction over %d tests "
                                         "(p %.3g >= %.3g)",
                                         m, adj[k], alpha);
                        }
                }
        }
        free(p);
        free(idx);
        return m;
}

int stats_perf_compare(const struct stats_policy *pol, const double *legacy_s, const double *orch_s,
                       int n, struct stats_perf *out)
{
        *out = (struct stats_perf){.ratio = NAN, .lo = NAN, .hi = NAN};
        if (n < 2)
                return RG_RANGE;
        double *lr = malloc((size_t)n * sizeof(double));
        if (lr == NULL)
                return RG_NOMEM;
        int rc = RG_OK;
        for (int i = 0; i < n; i++) {
                if (!(legacy_s[i] > 0) || !(orch_s[i] > 0)) {
                        rc = RG_RANGE;
                        goto out;
                }
                lr[i] = log(orch_s[i] / legacy_s[i]);
        }
        struct stats_summary s;
        /* a one-sided test at alpha: the (1 - 2 alpha) two-sided interval */
        rc = stats_summarize(lr, n, stats_decision_level(pol), &s);
        if (rc != RG_OK)
                goto out;
        const double level = stats_decision_level(pol);
        const double between = pol->perf_between_sd > 0 ? pol->perf_between_sd : 0;
        const double half =
            stats_t_quantile((1 + level) / 2, n - 1) * sqrt(s.se * s.se + between * between);
        out->ratio = exp(s.mean);
        out->lo = exp(s.mean - half);
        out->hi = exp(s.mean + half);
        out->slower = s.mean - half > log1p(pol->perf_threshold);
out:
        free(lr);
        return rc;
}
