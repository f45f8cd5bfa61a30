/*
 * Paired comparison of two paths over replications run on the same seeds
 * (common random numbers): d_r = orchestrator_r - legacy_r.
 */
#ifndef STATS_PAIRED_H
#define STATS_PAIRED_H

#include <stdbool.h>

#include "summary.h"

struct stats_paired {
        int n;
        struct stats_summary legacy, orchestrator;
        struct stats_summary diff;       /* of d_r at `level` */
        double decision_level;           /* 1 - 2 alpha with alpha = 1 - level (0.90 for 0.95) */
        double decision_lo, decision_hi; /* CI of mean d at decision_level (TOST) */
        double t_stat;                   /* mean d / se(d); 0 when se == 0 */
        double p_value;                  /* two-sided paired t-test; 1 when all d equal 0,
                                            0 when se == 0 and mean d != 0 */
        double rho;                      /* Pearson correlation of the paths; NaN if undefined */
        double variance_reduction;       /* (var L + var O) / var d: how much pairing bought;
                                            +inf when var d == 0 < var L + var O; NaN if both 0 */
        bool identical;                  /* every d_r == 0 exactly */
};

/*
 * `level` is the configured confidence (e.g. 0.95).  With alpha = 1 - level,
 * the decision interval is the 1 - 2 alpha interval (0.90 for 0.95): the
 * interval of a two one-sided tests (TOST) equivalence decision at alpha.
 * RG_RANGE for n < 2, level outside (0.5, 1) or non-finite values.
 */
int stats_paired(const double *legacy, const double *orchestrator, int n, double level,
                 struct stats_paired *out);

/*
 * Replications needed for the decision interval of a paired mean d with
 * sample SD `sd` to clear `threshold` (> |mean|): the smallest n (>= 2) with
 * t_{1 - alpha, n - 1} sd / sqrt(n) < threshold - |mean|, alpha = 1 - level.
 * Returns 0 when no finite n can (|mean| >= threshold) and caps at `max_n`
 * (returning max_n + 1 when even that is not enough).  Also 0 for invalid
 * input: non-finite values, sd < 0, or level outside (0.5, 1).
 */
long stats_replications_needed(double mean, double sd, double threshold, double level, long max_n);

#endif
