/*
 * BP and BBP from the blocked counts the runs reported: the variance model
 * below (paired deviations with an SD floor, exact bounds on low signal or
 * one replication, Fieller's interval for relative deviations, the bound
 * identical runs leave), decided by the comparison's policy.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../stats/evidence.h"
#include "../stats/exact.h"
#include "analyse.h"

static const char *const metric_label[COMPARE_METRICS] = {"BP", "BBP"};
static const char *const role_label[2] = {"legacy", "orchestrator"};

#define PHI_CONSERVATIVE STATS_PHI_CONSERVATIVE
#define PHI_TRUSTED_REPLICATIONS STATS_PHI_TRUSTED_REPLICATIONS

/* The per-replication values of one metric at one load, per role, in pp. */
static void load_series(const struct compare_result *r, int li, int metric, double *legacy,
                        double *orch)
{
        for (int rep = 0; rep < r->load[li].n; rep++) {
                const struct compare_pair *pr = compare_pair_at(r, li, rep);
                legacy[rep] = compare_metric_value(&pr->run[0], metric);
                orch[rep] = compare_metric_value(&pr->run[1], metric);
        }
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
                mean += compare_pair_at(r, li, rep)->run[0].blocked / (double)n;
                req += compare_pair_at(r, li, rep)->run[0].requests / (double)n;
        }
        for (int rep = 0; rep < n; rep++) {
                double x = compare_pair_at(r, li, rep)->run[0].blocked - mean;
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
        bool gbps = compare_load_has(r, li, BACKEND_HAS_GBPS, NULL);
        double req_gbps[2] = {0}, blk_gbps[2] = {0}, bbp_sum[2] = {0};
        for (int rep = 0; rep < n; rep++)
                for (int role = 0; role < 2; role++) {
                        const struct backend_result *res = &compare_pair_at(r, li, rep)->run[role];
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
                const struct compare_pair *pr = compare_pair_at(r, li, rep);
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
                        base += compare_metric_value(&compare_pair_at(r, li, rep)->run[0], metric) /
                                L->n;
                bound = base > 0 ? 100 * bound / base : INFINITY;
        }
        in->lo = -bound;
        in->hi = bound;
}

/* BP or BBP (metric k) of load li, from the blocked counts the runs
 * reported: the evidence of the variance model above (paired with a floor,
 * exact bounds on low signal, the rule-of-three bound for identical runs),
 * decided by the policy.  `admitted`: requests the paths admitted between
 * them, too few of which exercised no decision. */
int compare_blocking_metric(struct compare_result *r, int li, int k, uint64_t admitted)
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
        cm->available = k == COMPARE_BP || compare_load_has(r, li, BACKEND_HAS_BBP, &miss);
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
