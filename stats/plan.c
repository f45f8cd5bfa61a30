#include "plan.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <string.h>

const char *stats_plan_decision_name(enum stats_plan_decision d)
{
        return d == STATS_PLAN_PASS ? "PASS" : "rollback";
}

/* The SD the comparison judges n replications on. */
static double sigma_at(const struct stats_plan_input *in, double n)
{
        return fmax(in->sigma, in->sd_floor[n >= STATS_PHI_TRUSTED_REPLICATIONS]);
}

/* Some spread at some n: without one the pilot's decision is certain. */
static bool has_spread(const struct stats_plan_input *in)
{
        return in->sigma > 0 || in->sd_floor[0] > 0 || in->sd_floor[1] > 0;
}

static bool input_valid(const struct stats_plan_input *in)
{
        if (in == NULL || !isfinite(in->delta) || !isfinite(in->sigma) || !(in->sigma >= 0) ||
            !(in->sd_floor[0] >= 0 && isfinite(in->sd_floor[0])) ||
            !(in->sd_floor[1] >= 0 && isfinite(in->sd_floor[1])) || !isfinite(in->t1) ||
            !(in->t1 > 0) || !(in->alpha > 0 && in->alpha < 0.5) || in->holm_tests < 1 ||
            !(in->power > 0 && in->power < 1) || in->batch < 1 ||
            in->batch > STATS_MAX_REPLICATIONS)
                return false;
        if (in->direction != STATS_DIR_EITHER && in->direction != STATS_DIR_INCREASE)
                return false;
        if (in->spending != STATS_SPEND_OBF && in->spending != STATS_SPEND_POCOCK)
                return false;
        return true;
}

static bool increase_only(const struct stats_plan_input *in)
{
        return in->direction == STATS_DIR_INCREASE;
}

/* How far the deviation lies beyond T1 on the side a claim would be made:
 * negative for an expected PASS, 0 on the threshold. */
static double gap_beyond(const struct stats_plan_input *in)
{
        return (increase_only(in) ? in->delta : fabs(in->delta)) - in->t1;
}

static enum stats_plan_decision expected_of(const struct stats_plan_input *in)
{
        return gap_beyond(in) < 0 ? STATS_PLAN_PASS : STATS_PLAN_ROLLBACK;
}

/*
 * The comparison decides with a paired t interval, so the planned power
 * uses the normal approximation of the estimate (mean ~ N(delta, sigma^2 /
 * n)) with the t quantile the decision will use at n - 1 df: the sample SD's
 * own noise is left out, which is the usual sample-size approximation and
 * slightly optimistic at very small n.
 *
 *   PASS:   Phi((T1 - delta)/se - t) + Phi((T1 + delta)/se - t) - 1, >= 0
 *           (direction increase: the first term only), t = t_{1-alpha,n-1}
 *   claim:  Phi((|delta| - T1)/se - t'), t' = t_{1-alpha/m,n-1}
 *           (direction increase: delta - T1)
 */
static double fixed_power(const struct stats_plan_input *in, long n)
{
        double se = sigma_at(in, (double)n) / sqrt((double)n);
        double df = (double)(n - 1);
        if (expected_of(in) == STATS_PLAN_PASS) {
                double t = gsl_cdf_tdist_Qinv(in->alpha, df);
                double up = gsl_cdf_ugaussian_P((in->t1 - in->delta) / se - t);
                if (increase_only(in))
                        return up;
                double down = gsl_cdf_ugaussian_P((in->t1 + in->delta) / se - t);
                return fmax(0.0, up + down - 1.0);
        }
        double t = gsl_cdf_tdist_Qinv(in->alpha / in->holm_tests, df);
        return gsl_cdf_ugaussian_P(gap_beyond(in) / se - t);
}

double stats_plan_fixed_power(const struct stats_plan_input *in, long n)
{
        if (!input_valid(in) || n < 2 || !has_spread(in) || gap_beyond(in) == 0)
                return NAN;
        return fixed_power(in, n);
}

/* Both powers grow with n (the standardised gap grows as sqrt(n), the t
 * quantile falls), so the smallest n is found by doubling and bisection. */
static void fixed_design(const struct stats_plan_input *in, struct stats_plan_fixed *out)
{
        const long cap = STATS_MAX_REPLICATIONS;
        double at_cap = fixed_power(in, cap);
        if (!(at_cap >= in->power)) {
                *out = (struct stats_plan_fixed){.n = cap + 1, .power = at_cap};
                return;
        }
        /* bad does not reach the power (or is below 2), good does */
        long bad = 1, good = 2;
        while (!(fixed_power(in, good) >= in->power)) {
                bad = good;
                good = good > cap / 2 ? cap : 2 * good;
        }
        while (good - bad > 1) {
                long mid = bad + (good - bad) / 2;
                if (fixed_power(in, mid) >= in->power)
                        good = mid;
                else
                        bad = mid;
        }
        *out = (struct stats_plan_fixed){.n = good, .power = fixed_power(in, good)};
}

/*
 * One look's cells on the Z line, Z_j = mean_j / (sigma / sqrt(n_j)) with
 * a = T1 sqrt(info_j):
 *
 *   Z <= -a - c'          rollback (the claim below -T1 at alpha / m)
 *   -a + c <= Z <= a - c  PASS (both one-sided tests at alpha)
 *   Z >= a + c'           rollback
 *
 * and continue between.  When a - c <= -a + c the interval cannot fit inside
 * (-T1, T1) yet and there is no PASS cell.  Direction increase asks only the
 * upper questions: PASS below a - c, rollback from a + c'.  An infinite
 * boundary (a look that spends nothing) gives an infinite cut, which the
 * engine accepts, and so an empty cell.
 */
static void look_cells(const struct stats_plan_input *in, double info, double c, double c_claim,
                       struct stats_seq_look *look)
{
        double a = in->t1 * sqrt(info);
        *look = (struct stats_seq_look){.info = info};
        if (increase_only(in)) {
                look->n_cuts = 2;
                look->cut[0] = a - c;
                look->cut[1] = a + c_claim;
                look->label[0] = 1;
                look->label[1] = 0;
                look->label[2] = 2;
                return;
        }
        if (a - c > -a + c) {
                const double cut[] = {-a - c_claim, -a + c, a - c, a + c_claim};
                const int label[] = {2, 0, 1, 0, 2};
                look->n_cuts = 4;
                memcpy(look->cut, cut, sizeof(cut));
                memcpy(look->label, label, sizeof(label));
                return;
        }
        look->n_cuts = 2;
        look->cut[0] = -a - c_claim;
        look->cut[1] = a + c_claim;
        look->label[0] = 2;
        look->label[1] = 0;
        look->label[2] = 2;
}

/* The t quantile (n - 1 df) of the one-sided level a z boundary c has. */
static double t_boundary(double c, double n)
{
        if (n < 2 || isinf(c))
                return INFINITY;
        return gsl_cdf_tdist_Qinv(gsl_cdf_ugaussian_Q(c), n - 1);
}

/*
 * The boundaries come from stats_seq_bounds: c_j is by definition
 * Phi^-1(1 - stats_seq_nominal(f, alpha, t, j)), and Lan-DeMets boundaries
 * of look j depend only on the looks up to j, so one call gives them all
 * without the round trip through a tail probability (which loses digits
 * when c_j is large).
 */
static int sequential_design(const struct stats_plan_input *in, int n_max,
                             struct stats_plan_sequential *out)
{
        const int b = in->batch;
        const int k = (n_max + b - 1) / b;
        if (n_max < 1 || n_max > STATS_MAX_REPLICATIONS || k > STATS_SEQ_MAX_LOOKS)
                return RG_RANGE;
        double n[STATS_SEQ_MAX_LOOKS], t[STATS_SEQ_MAX_LOOKS];
        double c[STATS_SEQ_MAX_LOOKS], c_claim[STATS_SEQ_MAX_LOOKS];
        for (int j = 0; j < k; j++) {
                long nj = (long)(j + 1) * b;
                n[j] = (double)(nj < n_max ? nj : n_max);
                t[j] = n[j] / n_max;
        }
        int rc = stats_seq_bounds(in->spending, in->alpha, t, k, c);
        if (rc != RG_OK)
                return rc;
        if (in->holm_tests == 1)
                memcpy(c_claim, c, sizeof(double) * (size_t)k);
        else if ((rc = stats_seq_bounds(in->spending, in->alpha / in->holm_tests, t, k, c_claim)) !=
                 RG_OK)
                return rc;
        struct stats_seq_look looks[STATS_SEQ_MAX_LOOKS];
        for (int j = 0; j < k; j++) {
                if (isnan(c[j]) || isnan(c_claim[j]))
                        return RG_INTERNAL;
                /* as the fixed design: the comparison holds Student's t at
                 * n - 1 df to each look's nominal level, so the boundary on
                 * the known-sigma Z is that level's t quantile (and a look
                 * of one replication decides nothing) */
                c[j] = t_boundary(c[j], n[j]);
                c_claim[j] = t_boundary(c_claim[j], n[j]);
                /* the information n / sigma(n)^2 still grows where the
                 * floor drops at STATS_PHI_TRUSTED_REPLICATIONS; the
                 * increments are then only approximately independent */
                double sd = sigma_at(in, n[j]);
                look_cells(in, n[j] / (sd * sd), c[j], c_claim[j], &looks[j]);
        }
        double prob[STATS_SEQ_MAX_LOOKS * STATS_SEQ_LABELS], beyond = 0;
        rc = stats_seq_exit(looks, k, in->delta, prob, &beyond);
        if (rc != RG_OK)
                return rc;
        struct stats_plan_sequential s = {.n_max = n_max, .looks = k, .p_undecided = beyond};
        s.expected_n = n_max * beyond;
        for (int j = 0; j < k; j++) {
                double pass = prob[j * STATS_SEQ_LABELS + 1];
                double rollback = prob[j * STATS_SEQ_LABELS + 2];
                s.p_pass += pass;
                s.p_rollback += rollback;
                s.expected_n += n[j] * (pass + rollback);
        }
        s.p_expected = expected_of(in) == STATS_PLAN_PASS ? s.p_pass : s.p_rollback;
        s.reached = s.p_expected >= in->power;
        *out = s;
        return RG_OK;
}

int stats_plan_sequential(const struct stats_plan_input *in, int n_max,
                          struct stats_plan_sequential *out)
{
        *out = (struct stats_plan_sequential){0};
        if (!input_valid(in) || !has_spread(in) || gap_beyond(in) == 0)
                return RG_RANGE;
        return sequential_design(in, n_max, out);
}

/* The smallest multiple of B that reaches the power.  The probability of a
 * decision by N need not be monotone in N (each N spaces its looks
 * differently), so the search walks up rather than bisecting: "smallest"
 * then means what it says. */
static int sequential_search(const struct stats_plan_input *in, struct stats_plan_sequential *out)
{
        const int b = in->batch;
        int cap = STATS_MAX_REPLICATIONS / b * b;
        if (cap > b * STATS_SEQ_MAX_LOOKS)
                cap = b * STATS_SEQ_MAX_LOOKS;
        int first = b >= STATS_MIN_CLAIM_REPLICATIONS ? b : STATS_MIN_CLAIM_REPLICATIONS;
        int rc = RG_RANGE;
        for (int n_max = first; n_max <= cap; n_max += b) {
                rc = sequential_design(in, n_max, out);
                if (rc != RG_OK || out->reached)
                        return rc;
        }
        return rc;
}

int stats_plan_metric(const struct stats_plan_input *in, struct stats_plan_result *out)
{
        *out = (struct stats_plan_result){0};
        if (!input_valid(in))
                return RG_RANGE;
        if (in->max_replications != 0) {
                int k = (in->max_replications + in->batch - 1) / in->batch;
                if (in->max_replications < in->batch ||
                    in->max_replications > STATS_MAX_REPLICATIONS || k > STATS_SEQ_MAX_LOOKS)
                        return RG_RANGE;
        }
        if (!has_spread(in)) {
                out->status = STATS_PLAN_NO_SPREAD;
                return RG_OK;
        }
        if (gap_beyond(in) == 0) {
                out->status = STATS_PLAN_AT_THRESHOLD;
                return RG_OK;
        }
        out->status = STATS_PLAN_OK;
        out->expected = expected_of(in);
        fixed_design(in, &out->fixed);
        int rc = in->max_replications != 0 ? sequential_design(in, in->max_replications, &out->seq)
                                           : sequential_search(in, &out->seq);
        if (rc != RG_OK)
                *out = (struct stats_plan_result){0};
        return rc;
}
