#include "paired.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

static bool all_finite(const double *x, int n)
{
        for (int i = 0; i < n; i++)
                if (!isfinite(x[i]))
                        return false;
        return true;
}

static bool all_zero(const double *x, int n)
{
        for (int i = 0; i < n; i++)
                if (x[i] != 0.0)
                        return false;
        return true;
}

/* Pearson's r from the sample (co)variances; undefined when either path is
 * constant.  Rounding can push |r| a hair past 1, which would read as an
 * impossible value in a report, so it is clamped. */
static double correlation(const double *x, const double *y, int n, double mx, double my, double vx,
                          double vy)
{
        if (!(vx > 0.0 && vy > 0.0))
                return NAN;
        double cov = gsl_stats_covariance_m(x, 1, y, 1, (size_t)n, mx, my);
        double r = cov / sqrt(vx * vy);
        return fmax(-1.0, fmin(1.0, r));
}

/* The decision interval is built from t_{level} rather than from
 * (1 + decision_level) / 2, which is the same quantile in exact arithmetic but
 * would pass through 2 level - 1 and lose the last bits of `level`. */
int stats_paired(const double *legacy, const double *orchestrator, int n, double level,
                 struct stats_paired *out)
{
        if (legacy == NULL || orchestrator == NULL || out == NULL || n < 2 ||
            !(level > 0.5 && level < 1.0))
                return RG_RANGE;
        if (!all_finite(legacy, n) || !all_finite(orchestrator, n))
                return RG_RANGE;

        double *d = malloc((size_t)n * sizeof(*d));
        if (d == NULL)
                return RG_NOMEM;
        for (int i = 0; i < n; i++)
                d[i] = orchestrator[i] - legacy[i];

        struct stats_paired p = {.n = n};
        int err = stats_summarize(legacy, n, level, &p.legacy);
        if (err == RG_OK)
                err = stats_summarize(orchestrator, n, level, &p.orchestrator);
        if (err == RG_OK)
                err = stats_summarize(d, n, level, &p.diff);
        if (err != RG_OK)
                goto out;

        p.identical = all_zero(d, n);
        p.decision_level = 2.0 * level - 1.0;
        p.decision_lo = p.decision_hi = p.diff.mean;
        if (p.diff.se > 0.0) {
                double half = stats_t_quantile(level, n - 1) * p.diff.se;
                p.decision_lo = p.diff.mean - half;
                p.decision_hi = p.diff.mean + half;
                p.t_stat = p.diff.mean / p.diff.se;
                p.p_value = fmin(1.0, 2.0 * gsl_cdf_tdist_Q(fabs(p.t_stat), n - 1));
        } else {
                /* Every d_r is the same value: no sampling noise at all, so
                 * the difference is either exactly nothing or certain. */
                p.t_stat = 0.0;
                p.p_value = p.diff.mean == 0.0 ? 1.0 : 0.0;
        }

        double var_l = p.legacy.sd * p.legacy.sd;
        double var_o = p.orchestrator.sd * p.orchestrator.sd;
        double var_d = p.diff.sd * p.diff.sd;
        p.rho =
            correlation(legacy, orchestrator, n, p.legacy.mean, p.orchestrator.mean, var_l, var_o);
        if (var_d > 0.0)
                p.variance_reduction = (var_l + var_o) / var_d;
        else
                p.variance_reduction = var_l + var_o > 0.0 ? INFINITY : NAN;

        *out = p;
out:
        free(d);
        return err;
}

static bool decision_fits(double sd, double level, long n, double margin)
{
        double half = stats_t_quantile(level, (double)(n - 1)) * sd / sqrt((double)n);
        return half < margin;
}

/* The half-width t_{level, n-1} sd / sqrt(n) falls strictly as n grows (both
 * factors do), so the smallest sufficient n is found by doubling until it
 * fits and then bisecting: the same answer as an upward scan, in O(log n)
 * quantile evaluations even when max_n is large. */
long stats_replications_needed(double mean, double sd, double threshold, double level, long max_n)
{
        if (!isfinite(mean) || !isfinite(sd) || sd < 0.0 || !isfinite(threshold) ||
            !(level > 0.5 && level < 1.0))
                return 0;
        double margin = threshold - fabs(mean);
        if (!(margin > 0.0))
                return 0;
        long over_cap = max_n == LONG_MAX ? LONG_MAX : max_n + 1;
        if (max_n < 2 || !decision_fits(sd, level, max_n, margin))
                return over_cap;

        /* Invariant: bad < n_ok, bad does not fit (or is below 2), n_ok fits. */
        long bad = 1, n_ok = 2;
        while (!decision_fits(sd, level, n_ok, margin)) {
                if (n_ok == max_n)
                        return over_cap; /* unreachable: max_n fits */
                bad = n_ok;
                n_ok = n_ok > max_n / 2 ? max_n : 2 * n_ok;
        }
        while (n_ok - bad > 1) {
                long mid = bad + (n_ok - bad) / 2;
                if (decision_fits(sd, level, mid, margin))
                        n_ok = mid;
                else
                        bad = mid;
        }
        return n_ok;
}
