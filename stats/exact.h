/* Exact binomial (Clopper-Pearson) intervals for low-signal loads. */
#ifndef STATS_EXACT_H
#define STATS_EXACT_H

#include "../common/error.h"

/* Two-sided Clopper-Pearson interval for k successes in n trials at `level`:
 * lo = 0 when k == 0, hi = 1 when k == n.  RG_RANGE unless 0 <= k <= n, n > 0
 * (all finite) and 0 < level < 1; RG_INTERNAL if a bound cannot be evaluated. */
int stats_clopper_pearson(double k, double n, double level, double *lo, double *hi);

#endif
