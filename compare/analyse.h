/*
 * Internal to compare/: the pieces of the analysis that analyse.c (the
 * load, Holm, the overall verdict), blocking.c (BP and BBP), secondary.c
 * (the secondary checks) and metrics.c (the declared metrics and --exact)
 * share.
 */
#ifndef COMPARE_ANALYSE_H
#define COMPARE_ANALYSE_H

#include "compare.h"

/*
 * The relative deviation (orchestrator - legacy, % of legacy's mean) of
 * paired series by Fieller's interval at in->alpha, the variance of the
 * difference raised to floor_sd (0: none): in->unit, mean, lo, hi,
 * p_inside, p_beyond against pol->t1 (its direction).  RG_RANGE when the
 * interval is not a finite one (legacy's mean too close to 0).
 */
/* The pair of replication `rep` of load li. */
static inline const struct compare_pair *compare_pair_at(const struct compare_result *r, int li,
                                                         int rep)
{
        return &r->pairs[li * r->n_reps + rep];
}

/* True when every run of both roles at load li has all `fields` (enum
 * backend_field); else *missing (may be NULL) names the first role that
 * lacks them. */
bool compare_load_has(const struct compare_result *r, int li, unsigned fields, int *missing);

/* A flag line of a load (INVESTIGATE / WARN / N/A); dropped beyond
 * COMPARE_FLAGS_MAX. */
void compare_add_flag(struct compare_secondary *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The secondary checks of load li (secondary.c): flags only.  RG_NOMEM. */
int compare_secondary_checks(struct compare_result *r, int li);

/* BP or BBP (metric k) of load li from the blocked counts (blocking.c):
 * its evidence and decision; `admitted`: requests the paths admitted
 * between them, too few of which exercised no decision.  RG_OK, or a
 * statistics failure. */
int compare_blocking_metric(struct compare_result *r, int li, int k, uint64_t admitted);

int compare_relative_input(const double *legacy, const double *orch, int n, double floor_sd,
                           const struct stats_paired *paired, const struct stats_policy *pol,
                           struct stats_metric_input *in);

/* Sets up the metrics of load li (names, kinds, policies) for its analysis:
 * BP, BBP, the declared ones, and trace_hash with --exact when every run of
 * both paths reports one. */
void compare_metrics_setup(const struct compare_result *r, int li);

/* Judges metric k of load li: a declared one on the values the runs
 * reported, or (--exact) any metric by equality per replication.  RG_OK or
 * RG_NOMEM / RG_RANGE (a statistics failure). */
int compare_metric_judge(struct compare_result *r, int li, int k);

/* A tested decision's p-value for Holm in a sequential comparison: the
 * smallest overall level whose boundary this look reaches (BP, BBP and the
 * declared metrics alike). */
int compare_metric_seq_p(const struct compare_result *r, int n, struct compare_metric *cm);

/* The equality check's rule: numbers a (legacy) and b differ when
 * |b - a| > abs_tol and |b - a| / max(|a|, 1) > rel_tol; strings and lists
 * when type, length or content differ; values of other types always. */
bool compare_values_differ(const struct backend_value *a, const struct backend_value *b,
                           double abs_tol, double rel_tol);

/* Whether every run of load li reported the same declared values on both
 * paths (or neither reported one): with identical decisions, the runs are
 * then identical in everything the comparison judges. */
bool compare_values_identical(const struct compare_result *r, int li);

/* --exact: the first load, replication and metric whose values differ. */
void compare_first_difference(struct compare_result *r);

#endif
