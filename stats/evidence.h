/*
 * Evidence for a decision: a deviation's decision interval and the p-values
 * of the two questions the verdict asks, computed once so that the interval
 * rule and the Holm correction cannot disagree:
 *
 *   p_inside   H0: |deviation| >= T1 (two one-sided tests; with direction
 *              increase only the upper one).  PASS when p_inside < alpha.
 *   p_beyond   H0: the deviation lies within T1, tested on the side of the
 *              estimate.  A rollback claim when p_beyond < alpha (Holm-
 *              corrected across tests).
 *
 * alpha = 1 - confidence.  p < alpha is the same as the decision interval at
 * 1 - 2 alpha lying inside (-T1, T1), or wholly beyond T1, except at exact
 * equality, where the p-value says no: exactly T1 is neither a PASS nor a
 * claim.  Pure functions, no I/O.
 */
#ifndef STATS_EVIDENCE_H
#define STATS_EVIDENCE_H

#include <stdbool.h>

#include "../common/error.h"

struct stats_evidence {
        double mean;     /* the deviation estimate */
        double lo, hi;   /* decision interval (1 - 2 alpha); +-inf when unbounded */
        double p_inside; /* see above; 1 when nothing can be said */
        double p_beyond;
};

/*
 * From a t statistic: the deviation `mean` with standard error `se` on `df`
 * degrees of freedom (df >= 1), thresholds t1 (> 0), one-sided level alpha.
 * se == 0 makes the p-values 0 or 1 (certainty) -- callers floor se first.
 * `increase_only`: only an increase counts (PASS asks only hi < t1).
 */
int stats_evidence_t(double mean, double se, double df, double t1, double alpha, bool increase_only,
                     struct stats_evidence *out);

/*
 * Exact (Clopper-Pearson) evidence on the difference of two proportions,
 * legacy k0 of n0, orchestrator k1 of n1, each count divided by a design
 * effect phi >= 1 (over-dispersion: blocked requests come in bursts, so n
 * requests carry the information of n / phi independent ones).  The bound of
 * each path holds at 1 - a' one-sided; the difference's at 1 - 2 a'.  Each
 * path's proportion bounds are multiplied by scale_lo[i] / scale_hi[i] (BBP:
 * the smallest / largest requested bandwidth over the mean one; 1 for BP).
 * With `relative`, the deviation is the orchestrator's over legacy's, in
 * percent: [(lo1 - hi0) / hi0, (hi1 - lo0) / lo0] (unbounded above when
 * lo0 == 0).  Units: percentage points (or percent when relative); t1 in
 * the same unit.  p-values by bisection on a'.
 */
int stats_evidence_exact(double k0, double n0, double k1, double n1, double phi,
                         const double scale_lo[2], const double scale_hi[2], bool relative,
                         double t1, double alpha, bool increase_only, struct stats_evidence *out);

/* Which side of the thresholds a family of intervals must reach. */
enum stats_evidence_side {
        STATS_UPPER_BELOW,     /* hi < t1 */
        STATS_LOWER_ABOVE_NEG, /* lo > -t1 */
        STATS_LOWER_ABOVE,     /* lo > t1 */
        STATS_UPPER_BELOW_NEG, /* hi < -t1 */
};

/*
 * The p-value of a family of intervals bounds(a) whose error is at most 2a
 * (two one-sided bounds at a each) and that narrow as a grows: 2a at the
 * smallest a where the interval reaches `side`, by bisection on log a; 1
 * when it reaches it nowhere below 0.5.  *rc carries a failure of bounds
 * (then NaN).
 */
double stats_evidence_level_p(int (*bounds)(void *ctx, double a, double *lo, double *hi), void *ctx,
                              enum stats_evidence_side side, double t1, int *rc);

#endif
