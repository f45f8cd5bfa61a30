/*
 * Planning a comparison from a pilot (rollgate plan): how many paired
 * replications a fixed design needs to decide one metric of one load with
 * a given power, and what a group-sequential design (stats/sequential.h)
 * is expected to take.  Pure functions, no I/O; safe from any thread.
 *
 * The decisions planned for are the comparison's (stats/verdict.h): with
 * one-sided level alpha,
 *
 *   PASS       the 1 - 2 alpha interval of the deviation lies inside
 *              (-T1, T1) (direction increase: below T1) -- two one-sided
 *              tests at alpha;
 *   rollback   the interval lies wholly beyond T1 on the estimate's side
 *              (direction increase: above T1) at the level Holm's
 *              correction will leave it, alpha / m for m tests.
 *
 * The pilot's deviation delta and per-replication SD sigma are taken as
 * the truth: the decision expected is PASS when |delta| < T1 (direction
 * increase: delta < T1) and a rollback when beyond.  The comparison does
 * not trust a small SD from few replications (a floor from the blocked
 * counts, larger below STATS_PHI_TRUSTED_REPLICATIONS): the plan judges n
 * replications on the SD the comparison would use at n.
 */
#ifndef STATS_PLAN_H
#define STATS_PLAN_H

#include <stdbool.h>

#include "../common/error.h"
#include "sequential.h"
#include "verdict.h"

struct stats_plan_input {
        double delta; /* the deviation estimate, in the policy's unit (finite) */
        double sigma; /* SD of one replication's deviation, same unit (>= 0, finite) */
        /* the comparison's floor under that SD (compare/analyse.c): with n
         * replications it judges on max(sigma, sd_floor[n >=
         * STATS_PHI_TRUSTED_REPLICATIONS]); 0 for none (>= 0, finite) */
        double sd_floor[2];
        double t1;      /* the PASS threshold T1, same unit (> 0) */
        double alpha;   /* one-sided level of the PASS tests, (0, 0.5) */
        int holm_tests; /* m >= 1: a rollback is claimed at alpha / m */
        enum stats_direction direction;
        double power; /* the probability wanted of the expected decision, (0, 1) */
        enum stats_spending spending;
        int batch;            /* B >= 1: replications added between two looks */
        int max_replications; /* N: 0 = the smallest multiple of B (at least 2, at most
                               * STATS_MAX_REPLICATIONS and B * STATS_SEQ_MAX_LOOKS)
                               * reaching `power`; else B <= N <= STATS_MAX_REPLICATIONS
                               * with ceil(N / B) <= STATS_SEQ_MAX_LOOKS */
};

enum stats_plan_status {
        STATS_PLAN_OK,           /* planned: the results below are valid */
        STATS_PLAN_NO_SPREAD,    /* sigma == 0 and no floor: every replication gives the
                                    same deviation,
                                    so the pilot's decision is certain; nothing to plan */
        STATS_PLAN_AT_THRESHOLD, /* delta on T1 exactly: neither decision is expected */
};

enum stats_plan_decision { STATS_PLAN_PASS, STATS_PLAN_ROLLBACK };

/* "PASS", "rollback". */
const char *stats_plan_decision_name(enum stats_plan_decision d);

/* The fixed design: all replications first, one decision at the end. */
struct stats_plan_fixed {
        long n;       /* the smallest n >= 2 reaching the power; STATS_MAX_REPLICATIONS + 1
                         when even STATS_MAX_REPLICATIONS does not */
        double power; /* the power at n (at STATS_MAX_REPLICATIONS when over the cap) */
};

/* A group-sequential design: looks after every B replications up to N. */
struct stats_plan_sequential {
        int n_max;         /* N, the replications of the last look */
        int looks;         /* K = ceil(N / B) */
        bool reached;      /* p_expected >= the power asked for */
        double expected_n; /* the expected replications: sum_j n_j P(stop at j) + N p_undecided */
        double p_pass, p_rollback, p_undecided; /* sum to 1 */
        double p_expected;                      /* of the expected decision: p_pass or p_rollback */
};

struct stats_plan_result {
        enum stats_plan_status status;
        enum stats_plan_decision expected; /* when OK */
        struct stats_plan_fixed fixed;     /* when OK */
        /* when OK: at in->max_replications, or at the N searched for (when
         * no N reaches the power, at the largest tried, reached false) */
        struct stats_plan_sequential seq;
};

/*
 * Plans one metric.  RG_RANGE for input outside the ranges above (out is
 * then zeroed), RG_NOMEM, or an error of the sequential engine.
 */
int stats_plan_metric(const struct stats_plan_input *in, struct stats_plan_result *out);

/*
 * The fixed design's power with n >= 2 replications (normal approximation
 * with Student-t quantiles at n - 1 df) for the expected decision; NAN for
 * bad input, no spread (sigma and the floors 0) or delta on T1.
 */
double stats_plan_fixed_power(const struct stats_plan_input *in, long n);

/*
 * The sequential design with N = n_max (in->max_replications is ignored):
 * what stats_plan_metric reports for it.  Same errors.
 */
int stats_plan_sequential(const struct stats_plan_input *in, int n_max,
                          struct stats_plan_sequential *out);

#endif
