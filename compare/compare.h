/*
 * The comparison: a job matrix of loads x replications, each (load, seed)
 * pair running both paths (common random numbers), then statistics and the
 * verdict per load and overall.  Three steps that can be reused apart:
 *
 *   plan     compare_plan      the matrix: loads, seeds, pairs
 *   execute  compare_execute   every run through its backend (OpenMP
 *                              threads, the run directory, resume)
 *   analyse  compare_analyse   statistics -> verdicts, reasons, action
 *
 * compare_run does all three.  Ownership: a compare_result owns its arrays
 * and copies of everything it reports about its inputs (compare_inputs);
 * it borrows the config (and through it the two backends), which must
 * outlive it.  compare_result_destroy frees (NULL ok).
 */
#ifndef COMPARE_H
#define COMPARE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "../backends/backend.h"
#include "../stats/categorical.h"
#include "../stats/paired.h"
#include "../stats/ratio.h"
#include "../stats/sequential.h"
#include "../stats/verdict.h"

#define COMPARE_MAX_CLASSES 16

/* What the report states about the inputs: owned copies. */
struct compare_inputs {
        char config[1024]; /* "" when none */
        bool have_model;   /* the embedded simulator's model was built */
        char topology[64];
        int nodes, links; /* 0 without a model */
        int k_paths, cores, slots, guard;
        char allocation[16];
        char mod_assumption[32];
        double holding_time;
        uint32_t requests;
        int n_dist;
        char dist_label[COMPARE_MAX_CLASSES][24];
        double dist_prob[COMPARE_MAX_CLASSES];
        /* bandwidth of the requested classes (Gb/s), for BBP's exact
         * bounds; have_bw false when the labels are not numbers */
        bool have_bw;
        double bw_min, bw_max, bw_mean;
};

/* The sequential design (--until-decided): looks after every `batch`
 * replications per load, up to `max` (the matrix's replications), with the
 * error spent over the looks by `spending`.  off: one fixed look at all
 * replications. */
struct compare_sequential {
        bool on;
        int batch, max;
        enum stats_spending spending;
};

/*
 * Metrics.  BP and BBP are predeclared (COMPARE_BP, COMPARE_BBP: kind
 * equivalence under the comparison's policy, primary); a config declares
 * more with [metric.NAME] sections, judged on the values run files report
 * under `metrics` (backends/result.h).  Kinds:
 *
 *   equivalence  the paired mean deviation (orchestrator - legacy, in the
 *                metric's unit or % of legacy) held against T1 and T2 by
 *                the verdict policy, exactly as BP (stats/verdict.h)
 *   exact        every replication equal on both paths: numbers within
 *                |d| <= abs_tol or |d| / max(|legacy|, 1) <= rel_tol (a
 *                difference beyond both fails), strings and lists equal
 *   performance  one-sided: the orchestrator's value significantly above
 *                (1 + factor) x legacy's (mean log ratio) -> MONITOR
 *
 * A primary metric's verdict counts in its load's; a secondary one only
 * adds a flag.  A metric missing on either side is never a PASS.
 */
enum compare_kind { COMPARE_KIND_EQUIVALENCE, COMPARE_KIND_EXACT, COMPARE_KIND_PERFORMANCE };

const char *compare_kind_name(enum compare_kind k); /* "equivalence", "exact", "performance" */
bool compare_kind_from_name(const char *name, enum compare_kind *out);

/* Declared metrics beside BP and BBP, and all of them (plus the trace hash
 * an --exact comparison checks). */
#define COMPARE_MAX_DECLARED 12
#define COMPARE_MAX_METRICS (COMPARE_METRICS + COMPARE_MAX_DECLARED + 1)

struct compare_metric_decl {
        char name[BACKEND_VALUE_NAME]; /* as the run files name it */
        enum compare_kind kind;
        bool primary;
        /* equivalence: t1, t2, deviation, direction (confidence and the rest
         * are the comparison's); performance: perf_threshold is the factor */
        struct stats_policy pol;
        double abs_tol, rel_tol; /* exact */
        char unit[16];           /* of an absolute deviation ("ms"); "" when none */
};

/* The most looks a sequential comparison takes (the design's limit). */
#define COMPARE_MAX_LOOKS STATS_SEQ_MAX_LOOKS

struct compare_result;
struct compare_sim;

/* Who runs the pairs compare_execute is asked for (compare_config.executor):
 * NULL is this process's threads (compare_execute_pairs); MPI's rank 0 hands
 * them to its ranks (compare/mpi_job.h) and a merge reads them from the shards'
 * files (compare/shard.h).  `execute` must leave each of the n pairs of
 * todo ran, as compare_execute_pairs does, and add to the result's timing. */
struct compare_executor {
        int (*execute)(void *ctx, struct compare_result *r, const int *todo, int n,
                       const struct compare_sim *sim, struct rg_errbuf *eb);
        void *ctx;
};

struct compare_config {
        struct stats_policy policy;
        struct backend *backend[2]; /* [0] in the legacy role, [1] orchestrator; borrowed */
        struct sim_inject inject;
        char rollback_env[64];
        char rollback_config_key[64];
        int threads;   /* 0: OpenMP's default */
        bool unpaired; /* orchestrator gets other seeds (a diagnostic) */
        bool progress; /* progress bar on stderr */
        struct compare_sequential seq;
        int n_declared; /* [metric.NAME] sections, in config order */
        struct compare_metric_decl declared[COMPARE_MAX_DECLARED];
        /* characterisation (--exact): every metric, and the trace hashes
         * where both paths report them, judged by equality per replication */
        bool exact;
        /* external backends: where runs are kept (NULL: a temporary
         * folder removed at the end) and the effective INI per load */
        const char *run_dir;
        char *const *run_config; /* [n_loads]; NULL when no backend is external */
        const struct compare_executor *executor; /* NULL: this process's threads */
};

struct compare_pair {
        int load, rep;
        uint32_t seed[2];      /* per role; equal unless unpaired */
        double gen_seconds[2]; /* stream generation (shared when paired) */
        bool ran;              /* executed (or read back) */
        bool executed[2];      /* an external run run now (not read back) */
        int harness_rc;        /* rollgate itself failed for this pair: RG_* */
        char harness_error[512];
        struct backend_result run[2];
};

enum { COMPARE_BP, COMPARE_BBP, COMPARE_METRICS };

struct compare_metric {
        const char *name;       /* "BP", "BBP", a declared name, "trace_hash"; borrowed */
        enum compare_kind kind; /* as judged: every one exact with --exact */
        bool primary;
        struct stats_policy pol; /* the policy it is judged by */
        const char *unit;        /* of its absolute deviation ("pp" for BP, BBP) */
        /* exact kind: replications whose values differ, the first of them
         * (-1: none) and what each path gave there */
        int n_differ, first_differ;
        char first_value[2][BACKEND_VALUE_TEXT + 8];
        /* performance kind: orchestrator / legacy */
        bool perf_ok;
        struct stats_perf perf;
        bool available; /* both paths reported the metric on every run */
        bool never;     /* it cannot be judged however many runs are added (a path
                           does not report it, or no bandwidths for its bounds) */
        bool have_paired;
        struct stats_paired paired; /* in percentage points */
        struct stats_ratio ratio;   /* orchestrator / legacy */
        struct stats_metric_input in;
        struct stats_metric_decision dec;
        double rel_mean; /* 100 paired.diff.mean / legacy mean; NAN when legacy is 0 */
};

#define COMPARE_FLAGS_MAX 24

struct compare_secondary {
        bool have_reasons, have_mods, have_length, have_hops; /* both paths reported it */
        bool reasons_tested, mods_tested, bias_tested;        /* the test was made (>= 2 categories,
                                                                 untied pairs) */
        struct stats_chisq reasons;                           /* distance / congestion counts */
        struct stats_chisq modulations;
        double length_rel;      /* (O - L) / L mean path length */
        double hops_diff;       /* O - L mean hops */
        struct stats_sign bias; /* on BP over pairs */
        int n_flags;
        char flags[COMPARE_FLAGS_MAX][200]; /* INVESTIGATE / WARN / N/A lines */
};

/* One look of a sequential comparison at one load: what was decided with
 * the replications it had. */
struct compare_look {
        int replications;
        double nominal; /* one-sided level of this look's decisions */
        double spent;   /* the error spent by this look: f(t), t = replications / max */
        enum stats_verdict verdict;
        struct {
                enum stats_basis basis;
                double mean, lo, hi; /* deviation and decision interval, policy unit */
                enum stats_verdict verdict;
        } metric[COMPARE_METRICS];
};

/* Why a load took no more replications. */
enum compare_stop {
        COMPARE_STOP_NONE,        /* a fixed run, or still going */
        COMPARE_STOP_DECIDED,     /* every metric decided (or a failure decided it) */
        COMPARE_STOP_MAX,         /* undecided at the most replications */
        COMPARE_STOP_INTERRUPTED, /* the comparison was interrupted */
};

const char *compare_stop_name(enum compare_stop s);

struct compare_load {
        int n;        /* replications analysed: the first n seeds */
        double alpha; /* one-sided level of its decisions: 1 - confidence, or the
                         sequential look's nominal level */
        double erlang;
        bool identical;
        bool low_signal;
        bool failed[2];
        uint64_t blocked[2], requests[2];
        int n_metrics; /* BP, BBP, the declared ones (and trace_hash with --exact) */
        struct compare_metric metric[COMPARE_MAX_METRICS];
        struct compare_secondary secondary;
        struct stats_perf perf;
        bool perf_ok;            /* perf computed */
        double resolution_pp;    /* BP decision half-width at the observed spread; NAN: none */
        bool resolution_warning; /* absolute mode: too coarse to resolve T1 / 2 */
        enum stats_verdict verdict;
        char reason[1024];
};

/* A load's looks (sequential comparisons). */
struct compare_looks {
        int n;
        struct compare_look look[COMPARE_MAX_LOOKS];
        enum compare_stop stop;
};

/* Where the paths first decided differently (compare_diagnose). */
struct compare_diagnosis {
        bool present;
        double erlang;
        uint32_t seed;
        uint32_t request;  /* 1-based id of the first differing decision */
        uint32_t compared; /* requests both paths decided before it */
        char decision[2][160];
};

/* An --exact comparison's first difference: the first load, replication
 * and metric (in that order) whose values differ. */
struct compare_difference {
        bool present;
        int load, rep;
        uint32_t seed;
        const char *metric;
        char value[2][BACKEND_VALUE_TEXT + 8]; /* legacy, orchestrator */
};

/* How one shard of a merged comparison ran (compare/shard.h). */
struct compare_shard_timing {
        int index, count;
        char host[64];
        int threads;
        double wall_seconds;
        time_t started, finished;
        int runs_executed, runs_reused;
};

#define COMPARE_MAX_HOSTS 64
#define COMPARE_HOST_NAME 64

struct compare_result {
        struct compare_inputs inputs;
        const struct compare_config *cfg;
        int n_loads, n_reps;
        double *loads;
        uint32_t *seeds;
        struct compare_pair *pairs; /* [load * n_reps + rep] */
        struct compare_load *load;
        struct compare_looks *looks; /* [n_loads]; NULL for a fixed run */
        int holm_tests;              /* hypotheses in the Holm correction */
        struct stats_perf perf;      /* pooled over every run */
        bool perf_ok;
        char perf_clock[64]; /* which run time the check used, or why none */
        enum stats_verdict verdict;
        char reason[1024];
        char action[640];
        int level; /* rollback level 1, 2, or 0 for none */
        double wall_seconds;
        time_t started, finished; /* of the runs */
        int threads_used;
        int runs_executed, runs_reused; /* external runs run now / read back */
        /* where the runs ran: MPI ranks (1 without MPI), the hosts (the
         * first COMPARE_MAX_HOSTS named, n_hosts counts them all), a merge's
         * shards (n_shards 0 otherwise) */
        int ranks;
        int n_hosts;
        char hosts[COMPARE_MAX_HOSTS][COMPARE_HOST_NAME];
        int n_shards;
        struct compare_shard_timing *shards;
        bool interrupted;
        struct compare_diagnosis diagnosis;
        struct compare_difference difference; /* --exact */
};

/* The simulator model and the traffic template (erlang set per load) for
 * backends that consume the shared request stream; both NULL when none
 * does.  Borrowed for the duration of compare_execute. */
struct compare_sim {
        const struct sim_model *model;
        const struct sim_traffic *traffic;
};

/* plan: allocates the result with its matrix (loads x seeds; the
 * orchestrator's seeds offset when unpaired).  Every load is to use all
 * n_reps replications, or none yet with a sequential design (its looks
 * start at 0).  RG_USAGE when unpaired seeds collide or the design has too
 * many looks. */
int compare_plan(const struct compare_inputs *inputs, const struct compare_config *cfg,
                 const double *loads, int n_loads, const uint32_t *seeds, int n_reps,
                 struct compare_result **out, struct rg_errbuf *eb);

/* execute: runs every pair of the first load[li].n replications of each
 * load that has not run yet; a failed run is recorded, not fatal.  Counts
 * and times add up over calls. */
int compare_execute(struct compare_result *r, const struct compare_sim *sim, struct rg_errbuf *eb);

/* Runs exactly the pairs todo[n] with this process's threads (what
 * compare_execute does without an executor; a shard runs its slice so). */
int compare_execute_pairs(struct compare_result *r, const struct compare_sim *sim,
                          const int *todo, int n, struct rg_errbuf *eb);

/* analyse: statistics, verdicts per load, Holm, performance, overall. */
int compare_analyse(struct compare_result *r, struct rg_errbuf *eb);

/* Ctrl-C and SIGTERM: caught from compare_signals_catch to the matching
 * release (calls nest; compare_execute catches around its runs).  The first
 * signal sets a flag the runs look at (compare_signals_caught), a second
 * one ends the process at once (external runs killed).  Main thread only. */
void compare_signals_catch(void);
void compare_signals_release(void);
bool compare_signals_caught(void);

/* sequence: the sequential design's looks (cfg->seq.on): execute and
 * analyse, `batch` more replications for each load not decided, until none
 * is left or the comparison is interrupted; records each load's looks. */
int compare_sequence(struct compare_result *r, const struct compare_sim *sim, struct rg_errbuf *eb);

/* diagnose: for a rollback verdict between two builtin paths, replays the
 * first diverging pair of the worst load with both paths' decisions
 * recorded and notes the first request they decided differently (the
 * root cause as `rollgate trace` would show it).  Nothing for other
 * verdicts, external paths or unpaired seeds.  RG_NOMEM only: the
 * replay's own failures leave the diagnosis absent. */
int compare_diagnose(struct compare_result *r, const struct compare_sim *sim);

/*
 * compare_run: plan, execute, analyse, diagnose.  With a sequential design
 * (cfg->seq.on) it executes and analyses look after look: `batch` more
 * replications for every load not yet decided, until each is decided or has
 * `max` (= n_reps) replications; the result then holds every look.
 */
int compare_run(const struct compare_inputs *inputs, const struct compare_config *cfg,
                const struct compare_sim *sim, const double *loads, int n_loads,
                const uint32_t *seeds, int n_reps, struct compare_result **out,
                struct rg_errbuf *eb);
void compare_result_destroy(struct compare_result *r);

/* Adds `host` to the hosts that ran r's pairs, once. */
void compare_add_host(struct compare_result *r, const char *host);

/* This machine's name ("" when it cannot be told), in host (cap). */
void compare_host_name(char *host, size_t cap);

/* A run's figure of `metric` (COMPARE_BP, COMPARE_BBP) in percent, as the
 * statistics use it. */
double compare_metric_value(const struct backend_result *res, int metric);

/* A sequential design's information fractions of the looks up to n
 * replications (batch, 2 batch, ..., n over max) into t; returns how many. */
int compare_look_fractions(const struct compare_result *r, int n, double *t);

/* The most replications any load used (the seeds the report lists). */
int compare_reps_used(const struct compare_result *r);

/* Whether more replications could still change a load's verdict or its
 * rollback level: false once a failure decided it, an EMERGENCY is proven
 * with the interval wholly beyond T2, every metric is settled (PASS, a
 * PLANNED claim whose interval stays below T2, or a metric that can never
 * be judged), or a settled PLANNED claim stands and no open metric's
 * interval reaches T2.  BP and BBP are judged under `pol` (the
 * comparison's), declared equivalence metrics under their own; a declared
 * equality difference is a settled PLANNED claim, an equality or
 * performance check asks for no more runs, a secondary metric decides
 * nothing. */
bool compare_load_decided(const struct compare_load *L, const struct stats_policy *pol);

#endif
