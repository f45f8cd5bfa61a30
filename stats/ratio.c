#include "ratio.h"

#include <math.h>

#include <gsl/gsl_statistics_double.h>

#include "summary.h"

/*
 * Fieller's interval is the set of R with (a - R b)^2 <= t^2 var(a - R b),
 * a quadratic in R.  Written in terms of g = t^2 v22 / b^2 it stays
 * well-behaved as v22 -> 0 (where it becomes the delta-method interval
 * a/b -/+ t sqrt(v11) / |b|); when g >= 1 the denominator mean is not
 * significantly away from zero and the set is not a finite interval.
 */
int stats_ratio_fieller(const double *num, const double *den, int n, double level,
                        struct stats_ratio *out)
{
        if (num == NULL || den == NULL || out == NULL || n < 2 || !(level > 0.0 && level < 1.0))
                return RG_RANGE;
        for (int i = 0; i < n; i++)
                if (!isfinite(num[i]) || !isfinite(den[i]))
                        return RG_RANGE;

        size_t sn = (size_t)n;
        double a = gsl_stats_mean(num, 1, sn);
        double b = gsl_stats_mean(den, 1, sn);
        double v11 = gsl_stats_variance_m(num, 1, sn, a) / n;
        double v22 = gsl_stats_variance_m(den, 1, sn, b) / n;
        double v12 = gsl_stats_covariance_m(num, 1, den, 1, sn, a, b) / n;
        return stats_ratio_fieller_moments(a, b, v11, v22, v12, n - 1, level, out);
}

int stats_ratio_fieller_moments(double a, double b, double v11, double v22, double v12, double df,
                                double level, struct stats_ratio *out)
{
        if (out == NULL || !(level > 0.0 && level < 1.0) || !(df >= 1) || !isfinite(a) ||
            !isfinite(b) || !(v11 >= 0) || !(v22 >= 0) || !isfinite(v12))
                return RG_RANGE;
        double t = stats_t_quantile((1.0 + level) / 2.0, df);

        struct stats_ratio r = {.estimate = NAN, .lo = -INFINITY, .hi = INFINITY};
        if (b == 0.0) {
                r.unbounded = true;
                *out = r;
                return RG_OK;
        }
        r.estimate = a / b;
        double g = t * t * v22 / (b * b);
        if (g >= 1.0) {
                r.unbounded = true;
                *out = r;
                return RG_OK;
        }

        double R = r.estimate;
        double centre = R;
        double radicand = v11 - 2.0 * R * v12 + R * R * v22;
        if (v22 > 0.0) {
                centre -= g * v12 / v22;
                radicand -= g * (v11 - v12 * v12 / v22);
        }
        /* Non-negative in exact arithmetic (it is a variance times 1 - g plus
         * a square); only rounding can make it slightly negative. */
        if (radicand < 0.0)
                radicand = 0.0;
        double half = t / fabs(b) * sqrt(radicand);
        r.lo = (centre - half) / (1.0 - g);
        r.hi = (centre + half) / (1.0 - g);
        *out = r;
        return RG_OK;
}
