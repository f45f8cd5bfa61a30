/*
 * Ratio of two paired means, mean(O) / mean(L), with Fieller's interval
 * (which accounts for the correlation of paired samples and can be
 * unbounded when the denominator is not clearly away from zero).
 */
#ifndef STATS_RATIO_H
#define STATS_RATIO_H

#include <stdbool.h>

#include "../common/error.h"

struct stats_ratio {
        double estimate; /* mean(O) / mean(L); NaN when mean(L) == 0 */
        double lo, hi;   /* Fieller interval at `level`; +-inf when unbounded */
        bool unbounded;  /* g = t^2 var(mean L) / mean(L)^2 >= 1, or mean(L) == 0 */
};

/* RG_RANGE for n < 2, level outside (0, 1) or non-finite values. */
int stats_ratio_fieller(const double *num, const double *den, int n, double level,
                        struct stats_ratio *out);

/* The same from the moments: means a (numerator) and b (denominator), the
 * variances of the means v11, v22 and their covariance v12, on df degrees of
 * freedom (callers may inflate v11 to a variance floor).  RG_RANGE for
 * negative variances, df < 1 or non-finite values. */
int stats_ratio_fieller_moments(double a, double b, double v11, double v22, double v12, double df,
                                double level, struct stats_ratio *out);

#endif
