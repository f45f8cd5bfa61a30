/*
 * Descriptive statistics of replications: mean, sample SD and a Student-t
 * confidence interval.  Pure functions (GSL for quantiles), no I/O; safe to
 * call from any thread.
 */
#ifndef STATS_SUMMARY_H
#define STATS_SUMMARY_H

#include "../common/error.h"

struct stats_summary {
        int n;
        double mean;
        double sd;     /* sample SD (n - 1); 0 when n == 1 */
        double se;     /* sd / sqrt(n) */
        double level;  /* two-sided confidence of [lo, hi] */
        double lo, hi; /* mean -/+ t_{(1+level)/2, n-1} se; lo = hi = mean when n == 1 or sd == 0 */
};

/* RG_RANGE when n < 1, level not in (0, 1) or a value is not finite. */
int stats_summarize(const double *x, int n, double level, struct stats_summary *out);

/* t quantile t_{p, df} (GSL); NaN unless df >= 1 and 0 < p < 1. */
double stats_t_quantile(double p, double df);

#endif
