/*
 * The rollback verdict policy (SPEC section 4, the seed rollback plan):
 * pure functions from statistics to a verdict with its reason.  No I/O.
 *
 *   PASS               the decision interval lies inside (-T1, +T1), or every
 *                      replication was bit-identical
 *   MONITOR            equivalent, but the orchestrator is significantly
 *                      slower by more than the performance threshold
 *   INCONCLUSIVE       the interval straddles T1
 *   PLANNED_ROLLBACK   the interval lies beyond T1 and |mean| < T2
 *   EMERGENCY_ROLLBACK the interval lies beyond T1 and |mean| >= T2, or the
 *                      orchestrator failed (crash, invariant, lost requests)
 *   HARNESS_ERROR      the legacy path or the harness failed: never a PASS
 * Boundaries: exactly T1 is not a PASS; exactly T2 is EMERGENCY.
 */
#ifndef STATS_VERDICT_H
#define STATS_VERDICT_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/error.h"

enum stats_verdict {
        STATS_PASS,
        STATS_MONITOR,
        STATS_INCONCLUSIVE,
        STATS_PLANNED_ROLLBACK,
        STATS_EMERGENCY_ROLLBACK,
        STATS_HARNESS_ERROR,
};

const char *stats_verdict_name(enum stats_verdict v);
/* 0 PASS, 3 MONITOR, 4 INCONCLUSIVE, 5 PLANNED, 6 EMERGENCY, 7 HARNESS_ERROR */
int stats_verdict_exit_code(enum stats_verdict v);
/* The worse of two: PASS < MONITOR < INCONCLUSIVE < PLANNED < EMERGENCY, and
 * HARNESS_ERROR above all (a broken harness is never outranked). */
enum stats_verdict stats_verdict_worst(enum stats_verdict a, enum stats_verdict b);

enum stats_deviation { STATS_DEV_ABSOLUTE, STATS_DEV_RELATIVE };
enum stats_direction { STATS_DIR_EITHER, STATS_DIR_INCREASE };

/* The default perf_between_sd: 0.015 (1.5 % of run time).  Measured on a
 * shared 2-core machine, the pooled log ratio of the default comparison
 * (40 pairs, both paths side by side on one stream) had an SD of 0.011 and
 * 0.017 in two sets of 20 invocations at --threads 1, 0.007 and 0.010 at
 * --threads 2; the pairs of one invocation see only part of that. */
#define STATS_PERF_BETWEEN_SD 0.015

struct stats_policy {
        double t1, t2; /* thresholds: percentage points, or % of legacy */
        enum stats_deviation deviation;
        enum stats_direction direction;
        double confidence;         /* reporting level; decisions use 1 - 2 (1 - confidence) */
        double perf_threshold;     /* e.g. 0.05: orchestrator more than 5 % slower */
        /* the run-to-run variation of a comparison's mean log time ratio
         * (the SD of the mean from one invocation to the next, which the
         * pairs of one invocation cannot show), added to its variance */
        double perf_between_sd;
        double low_signal_blocked; /* fewer blocked requests (both paths, all runs): exact */
};

void stats_policy_default(struct stats_policy *p);

/* The level of the decision intervals: 1 - 2 (1 - confidence), so that a
 * one-sided claim beyond a threshold is made at the reporting level. */
double stats_decision_level(const struct stats_policy *p);

/* The verdict or basis of a name as stats_verdict_name / stats_basis_name
 * write it; false when `name` is none of them. */
bool stats_verdict_from_name(const char *name, enum stats_verdict *out);

/* The action the rollback plan prescribes for a verdict (the seed's levels:
 * Level 1 emergency = the environment switch, Level 2 planned = the config
 * key), with the loads it concerns ("450, 600") and the names of the two
 * switches; into `out` (always terminated).  Returns the rollback level:
 * 1, 2, or 0 for none. */
int stats_action(enum stats_verdict v, bool interrupted, const char *loads, const char *env,
                 const char *config_key, char *out, size_t cap);

/* The levels rollgate accepts for `confidence` (decisions use 1 - 2 (1 - C)). */
#define STATS_CONFIDENCE_MIN 0.8
#define STATS_CONFIDENCE_MAX 0.999

/* A fraction as a percentage for labels, with the decimals it needs
 * (0.95 -> "95", 0.998 -> "99.8"), never rounded to a level it is not. */
void stats_percent(double fraction, char *out, size_t cap);

enum stats_basis {
        STATS_BASIS_IDENTICAL,   /* every replication bit-identical */
        STATS_BASIS_PAIRED,      /* paired t decision interval */
        STATS_BASIS_EXACT,       /* low signal: Clopper-Pearson bounds on the absolute difference */
        STATS_BASIS_FAILED,      /* no statistics: a run failed */
        STATS_BASIS_UNAVAILABLE, /* a path did not report the metric: INCONCLUSIVE */
        STATS_BASIS_EQUALITY,    /* kind exact (and --exact): equal values per replication */
        STATS_BASIS_RATIO,       /* kind performance: the one-sided ratio test */
};
#define STATS_BASIS_LAST STATS_BASIS_RATIO

const char *stats_basis_name(enum stats_basis b);
bool stats_basis_from_name(const char *name, enum stats_basis *out);

/* One metric of one load, as measured: the deviation (orchestrator minus
 * legacy) in the policy's unit and its decision interval. */
struct stats_metric_input {
        const char *metric; /* "BP", "BBP" */
        enum stats_basis basis;
        const char *unit; /* "pp" or "%" */
        double mean;      /* deviation estimate */
        double lo, hi;    /* decision interval (1 - 2 alpha); +-inf if unbounded */
        double sd;        /* SD of the per-replication deviation (paired basis) */
        int n;            /* replications */
        /* identical basis: requests compared per path over all replications;
         * lo/hi are then -+ the bound on the deviation that zero discordant
         * decisions among them leave (rule of three), and nothing_admitted
         * says every request was blocked on both paths */
        double requests;
        bool nothing_admitted;
        /* paired and exact bases: the evidence (stats/evidence.h); the
         * verdict reads these, lo/hi are for the reason */
        double p_inside, p_beyond;
        bool can_claim; /* enough replications to prove a rollback */
        /* the one-sided level the p-values are held to and lo/hi are at
         * (1 - 2 alpha); 0: 1 - confidence.  A sequential look's nominal
         * level (stats/sequential.h) */
        double alpha;
        const char *how; /* names the interval in reasons; NULL: "decision interval" */
};

/* The variance model's design effect (compare/analyse.c): blocked counts
 * vary about this much more than binomial ones, assumed with fewer than
 * STATS_PHI_TRUSTED_REPLICATIONS, where the sample SD of the paired
 * differences is not trusted below a Poisson floor inflated by it. */
#define STATS_PHI_CONSERVATIVE 4.0
#define STATS_PHI_TRUSTED_REPLICATIONS 10

/* A rollback is never proved by fewer replications (a crash needs none). */
#define STATS_MIN_CLAIM_REPLICATIONS 2
/* The most replications rollgate runs (and so ever suggests). */
#define STATS_MAX_REPLICATIONS 4096

struct stats_metric_decision {
        enum stats_verdict verdict;
        bool tested;    /* a hypothesis test was made (paired or exact basis) */
        bool claim;     /* a rollback claim, subject to the Holm correction */
        double p_claim; /* p of the claim |deviation| > T1 on the estimate's side
                           (in->p_beyond), for every tested decision */
        double p_holm;  /* after correction (filled by stats_verdict_holm) */
        bool emergency_not_excluded;
        long replications_needed; /* INCONCLUSIVE: to decide at the observed spread and the
                                     Holm level it will face; 0 = cannot; above
                                     STATS_MAX_REPLICATIONS: not within rollgate's cap */
        double need_sd, need_gap; /* paired INCONCLUSIVE: what the estimate needs */
        long requests_needed;     /* INCONCLUSIVE identical runs: requests per path that would do */
        char reason[320];
};

/* Decides one metric by the interval rule. */
void stats_decide_metric(const struct stats_policy *pol, const struct stats_metric_input *in,
                         struct stats_metric_decision *out);

/*
 * Holm-corrects across every tested decision among `n` (all loads x metrics
 * that were not identical or failed) at alpha = 1 - confidence: a rollback
 * claim whose adjusted p is not below alpha is downgraded to INCONCLUSIVE
 * and its reason says so.  Returns the number of tests (-1: out of memory).
 */
int stats_verdict_holm(const struct stats_policy *pol, struct stats_metric_decision *d, int n);

/* Performance: the orchestrator/legacy time ratio over runs.  Significantly
 * slower when the lower end of the decision interval of the mean log ratio
 * exceeds log(1 + perf_threshold).  The interval is mean -/+ t * sqrt(se^2 +
 * perf_between_sd^2): the spread between the pairs of this comparison plus
 * the variation between whole comparisons, so that a second invocation
 * (another thread count, another moment on a shared machine) would find a
 * ratio inside it. */
struct stats_perf {
        double ratio;  /* exp(mean log ratio) */
        double lo, hi; /* decision interval of the ratio */
        bool slower;   /* significantly slower by more than the threshold */
};

int stats_perf_compare(const struct stats_policy *pol, const double *legacy_s, const double *orch_s,
                       int n, struct stats_perf *out);

#endif
