#include "summary.h"

#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

/* GSL's running mean returns a constant sample's value exactly, so a constant
 * input yields sd == 0 exactly and the degenerate-interval rule below applies
 * without a tolerance. */
int stats_summarize(const double *x, int n, double level, struct stats_summary *out)
{
        if (x == NULL || out == NULL || n < 1 || !(level > 0.0 && level < 1.0))
                return RG_RANGE;
        for (int i = 0; i < n; i++)
                if (!isfinite(x[i]))
                        return RG_RANGE;

        struct stats_summary s = {.n = n, .level = level};
        s.mean = gsl_stats_mean(x, 1, (size_t)n);
        s.sd = n > 1 ? gsl_stats_sd_m(x, 1, (size_t)n, s.mean) : 0.0;
        s.se = s.sd / sqrt((double)n);
        s.lo = s.hi = s.mean;
        if (s.se > 0.0) {
                double half = stats_t_quantile((1.0 + level) / 2.0, n - 1) * s.se;
                s.lo = s.mean - half;
                s.hi = s.mean + half;
        }
        *out = s;
        return RG_OK;
}

double stats_t_quantile(double p, double df)
{
        if (!(df >= 1.0) || !(p > 0.0 && p < 1.0))
                return NAN;
        return gsl_cdf_tdist_Pinv(p, df);
}
