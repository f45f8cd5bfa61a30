/*
 * The report document: everything a report of a comparison says, as plain
 * data that owns its strings and arrays.  compare/ fills it from a
 * comparison result (compare_report_fill); report_json_read parses it back
 * from a saved JSON report; every renderer (reports/render.h) reads only
 * this.  It mirrors the JSON report (schema REPORT_SCHEMA_VERSION) field
 * for field, so a document read from JSON writes the same JSON again.
 *
 * Numbers are doubles as the JSON holds them; NAN means "null" in the JSON
 * (a figure that could not be computed).  A string is never NULL once the
 * document is built ("" when empty), except where a comment says NULL means
 * absent.
 *
 * Declared metrics ([metric.NAME] sections), the values runs report
 * beside their blocking figures and the --exact characterisation are
 * additions within schema 3: a report without them has none of their keys
 * (doc->n_declared 0, no run values, exact.on false).
 *
 * Ownership: report_doc_create allocates an empty document with its arena;
 * every string and array in it is allocated from that arena
 * (report_doc_strdup, report_doc_alloc) and freed by report_doc_destroy
 * (NULL ok).  A document is not changed after it is built, so renderers may
 * read one from several threads.
 */
#ifndef REPORT_DOCUMENT_H
#define REPORT_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/error.h"
#include "../stats/verdict.h"

/* 2: the per-load resolution warning, the relative deviation computed by the
 * analysis, per-seed deviations, the root-cause diagnosis, performance
 * "computed" flags, the notification's names, run start and end times.
 * 3: the sequential design (top-level "sequential", per load "replications"
 * and "sequential" with its looks); loads may then have different numbers
 * of replications, so "runs" holds each load's own.  A schema 2 report is
 * read as a fixed run. */
#define REPORT_SCHEMA_VERSION 3
#define REPORT_SCHEMA_OLDEST 2

enum { REPORT_LEGACY, REPORT_ORCHESTRATOR, REPORT_ROLES };
enum { REPORT_BP, REPORT_BBP, REPORT_METRICS };

/* Limits of declared metrics and run values (compare/compare.h's
 * COMPARE_MAX_DECLARED, backends/result.h's BACKEND_MAX_VALUES and
 * BACKEND_VALUE_NAME, restated so that reports/ needs neither; the reader
 * refuses a report beyond them). */
#define REPORT_MAX_DECLARED 12
#define REPORT_MAX_VALUES 16
#define REPORT_NAME_MAX 48 /* a name's bytes with its terminating NUL */

struct report_summary {
        double mean, sd, lo, hi; /* lo, hi: the confidence interval */
};

struct report_metric {
        /* "legacy", "orchestrator", "delta_pp", "delta_rel", "p_value"...:
         * false when the statistics could not be computed (the JSON has
         * nulls) */
        bool have_stats;
        /* percent for BP and BBP; a declared metric's own unit */
        struct report_summary legacy, orchestrator;
        struct report_summary delta;     /* orchestrator - legacy: pp ("delta_pp"), or the
                                            metric's unit ("delta") */
        double decision_lo, decision_hi; /* of delta, at the decision level */
        double rel_mean;                 /* 100 delta / legacy mean; NAN when legacy is 0 */
        double ratio;                    /* orchestrator / legacy (Fieller) */
        double rel_lo, rel_hi;           /* 100 (ratio bounds - 1) */
        bool rel_unbounded;              /* Fieller's interval is not a finite interval */
        double p_value, t, rho, variance_reduction;
        /* the decision */
        enum stats_basis basis;
        const char *unit;      /* "pp" or "%" (a declared metric: its own, maybe ""); NULL
                                  when the basis has no deviation */
        double deviation;      /* in unit */
        double dev_lo, dev_hi; /* decision interval in unit (+-inf: unbounded) */
        enum stats_verdict verdict;
        const char *reason;
        bool claim;             /* a rollback claim (Holm-corrected) */
        double p_claim, p_holm; /* when claim */
        bool emergency_not_excluded;
        double replications_needed; /* 0: not stated */
        double requests_needed;     /* 0: not stated */
        /* orchestrator - legacy per replication, percentage points for BP
         * and BBP ("per_seed_pp"), the metric's unit for a declared one
         * ("per_seed"): the paired differences; empty without statistics */
        int n_per_seed;
        double *per_seed;
        /* Declared metrics (report_load.declared), and BP / BBP in an
         * --exact comparison.  For BP and BBP of an ordinary comparison kind
         * is NULL and nothing below is written. */
        const char *name; /* the declared name, "trace_hash"; "bp", "bbp" (never NULL) */
        const char *kind; /* "equivalence", "exact", "performance" as judged (every
                             one "exact" with --exact); NULL: see above */
        bool primary;
        /* kind exact: replications whose values differ, the first of them
         * (-1: none) with its seed and what each path gave ("12", "\"abc\"",
         * "[1, 2]", "missing"; "" when none differs) */
        int n_differ, first_differ;
        double first_seed;
        const char *first_value[REPORT_ROLES];
        /* kind performance: orchestrator / legacy, mean log ratio, its
         * interval at the decision level; ratio and bounds NAN when not
         * computed (a value not above 0) */
        bool perf_computed;
        double perf_ratio, perf_lo, perf_hi;
        bool perf_slower; /* significantly above 1 + factor */
};

/* A metric a config declared ([metric.NAME]), as the report states it;
 * only the fields of its kind are in the JSON (the others are 0 / ""). */
struct report_declared {
        const char *name; /* 1 to REPORT_NAME_MAX - 1 letters, digits, '_', '-', '.' */
        const char *kind; /* "equivalence", "exact", "performance" (compare_kind_name) */
        bool primary;
        /* equivalence: the unit of an absolute deviation ("" when none), the
         * deviation and direction and T1 < T2 it is judged by */
        const char *unit;
        enum stats_deviation deviation;
        enum stats_direction direction;
        double t1, t2;
        double abs_tol, rel_tol; /* exact: >= 0 */
        double factor;           /* performance: slower than 1 + factor, >= 0 */
};

/* A value a run reported under `metrics` (backends/result.h). */
struct report_value {
        const char *name; /* 1 to REPORT_NAME_MAX - 1 bytes, unique in its run */
        const char *type; /* "number", "string", "list" */
        double number;    /* number: finite */
        double count;     /* string: bytes, list: elements */
        const char *hash; /* string, list: FNV-1a 64, 16 lowercase hex digits */
        const char *text; /* string, list: readable, maybe cut */
        bool cut;         /* string, list: text is shortened ("...") */
};

struct report_chisq {
        bool tested; /* absent from the JSON when false */
        double statistic, df, p_value, dispersion;
};

struct report_secondary {
        struct report_chisq block_reasons, modulations;
        bool have_length, have_hops, have_bias;
        double length_rel; /* (O - L) / L mean route length */
        double hops_diff;  /* O - L mean hops */
        double bias_higher, bias_lower, bias_ties, bias_p;
};

/* The most looks a load of a report may have (compare/compare.h's
 * COMPARE_MAX_LOOKS, restated here so that reports/ needs nothing of
 * compare/; the reader refuses a report with more). */
#define REPORT_MAX_LOOKS 64

/* One look of a sequential comparison at one load. */
struct report_look {
        int replications;
        double nominal; /* one-sided level the look's decisions were held to */
        double spent;   /* the error spent by this look, f(replications / max) */
        enum stats_verdict verdict;
        struct report_look_metric {
                enum stats_basis basis;
                double deviation, lo, hi; /* policy unit; lo/hi at 1 - 2 nominal (+-inf ok) */
                enum stats_verdict verdict;
        } metric[REPORT_METRICS];
};

struct report_load {
        double erlang;
        int replications; /* the first `replications` seeds of inputs.seeds */
        enum stats_verdict verdict;
        const char *reason;
        bool identical, low_signal;
        double blocked_total[REPORT_ROLES];
        struct report_metric metric[REPORT_METRICS];
        /* the declared metrics in doc->declared order, then trace_hash in
         * an --exact comparison that checked it (every run of the load
         * reported a trace hash): doc->n_declared or one more */
        int n_declared;
        struct report_metric *declared;
        struct report_secondary secondary;
        int n_flags;
        const char **flags; /* INVESTIGATE / WARN / N/A lines */
        /* the decision half-width the BP spread allows (pp; NAN when not
         * computed) and whether it is too coarse for T1 (the console's
         * "can only resolve" warning) */
        double resolution_pp;
        bool resolution_warning;
        /* sequential comparisons (doc->sequential.on): the looks, and why
         * the load stopped ("decided", "max_replications", "interrupted");
         * stopped is NULL and n_looks 0 for a fixed run */
        int n_looks;
        struct report_look *looks;
        const char *stopped;
};

/* Bits of report_run.has: figures a path reported. */
enum {
        REPORT_HAS_GBPS = 1 << 0,
        REPORT_HAS_BBP = 1 << 1,
        REPORT_HAS_REASONS = 1 << 2,
        REPORT_HAS_HOPS = 1 << 3,
        REPORT_HAS_LENGTH = 1 << 4,
        REPORT_HAS_MODS = 1 << 5,
        REPORT_HAS_TRACE = 1 << 6,
        REPORT_HAS_FAIL_REQUEST = 1 << 7,
};

/* One path's run of one (load, seed). */
struct report_run {
        double seed;
        bool ok;
        const char *error; /* when !ok */
        unsigned has;
        double fail_request; /* REPORT_HAS_FAIL_REQUEST, failed runs only */
        double requests, blocked, bp;
        double requested_gbps, blocked_gbps;         /* REPORT_HAS_GBPS */
        double bbp;                                  /* REPORT_HAS_BBP */
        double blocked_distance, blocked_congestion; /* REPORT_HAS_REASONS */
        double hops_mean;                            /* REPORT_HAS_HOPS */
        double length_mean_km;                       /* REPORT_HAS_LENGTH */
        int n_mods;                                  /* REPORT_HAS_MODS */
        const char **mod_names;
        double *mod_count;
        const char *trace_hash; /* REPORT_HAS_TRACE: 16 hex digits */
        int n_values;           /* the run's `metrics`, in its order (at most REPORT_MAX_VALUES) */
        struct report_value *values;
};

/* One (load, replication): both runs, or rollgate's own failure. */
struct report_pair {
        double erlang;
        int replication;
        const char *harness_error; /* NULL: the runs below are valid */
        struct report_run run[REPORT_ROLES];
};

struct report_perf {
        double erlang; /* per-load entries only */
        bool computed; /* false: not compared (ratio and interval NAN) */
        double ratio, lo, hi;
        bool slower; /* significantly slower by more than the threshold */
};

/* For a rollback verdict with builtin paths: the first request whose
 * decision differs between the paths, found by replaying the first
 * diverging pair of the worst load (rollgate trace). */
struct report_diagnosis {
        bool present;
        double erlang, seed;
        double request;  /* request id (1-based) */
        double compared; /* requests decided by both paths before it */
        const char
            *decision[REPORT_ROLES]; /* e.g. "blocked (congestion)", "route 2, slots 10-13" */
};

struct report_doc {
        int schema_version;
        const char *tool, *version;
        bool complete; /* false: interrupted, the report is partial */
        enum stats_verdict verdict;
        int exit_code;
        const char *reason;
        struct report_action {
                int level; /* 1 emergency, 2 planned, 0 none */
                const char *text;
                const char *rollback_env, *rollback_config_key;
        } action;
        struct report_inputs {
                const char *config; /* "" when none */
                const char *topology;
                bool have_model; /* the model fields below are valid */
                double nodes, links, k_paths, cores, slots, guard_slots;
                const char *allocation, *mod_assumption;
                double holding_time, requests;
                const char *arrival_rate;
                int n_dist;
                const char **dist_label;
                double *dist_prob;
                int n_loads;
                double *loads;
                int n_seeds; /* the replications (the most any load used) */
                double *seeds;
                bool paired;
                const char *legacy, *orchestrator; /* the paths' names */
                const char *inject;                /* "" when none ("none" in the JSON) */
        } inputs;
        struct report_policy {
                enum stats_deviation deviation;
                enum stats_direction direction;
                double t1, t2, confidence, decision_level, perf_threshold, low_signal_blocked;
                int holm_tests;
        } policy;
        struct report_notification {
                const char *project, *team, *channel;
        } notification;
        /* the sequential design (--until-decided); on false: a fixed run */
        struct report_sequential {
                bool on;
                const char *spending; /* "obrien-fleming", "pocock"; "" when off */
                int batch, max_replications;
        } sequential;
        /* [metric.NAME] sections in config order ("metrics_declared" in
         * the JSON, absent when none; at most REPORT_MAX_DECLARED, names
         * unique) */
        int n_declared;
        struct report_declared *declared;
        /* --exact ("exact" in the JSON, absent otherwise): the first load,
         * replication and metric whose values differ */
        struct report_exact {
                bool on;
                bool differs; /* the fields below are valid */
                double erlang, seed;
                int replication;                 /* 0-based, of that load */
                const char *metric;              /* its key in the load's metrics: "bp", "bbp", a
                                                    declared name, "trace_hash" */
                const char *value[REPORT_ROLES]; /* as report_metric.first_value */
        } exact;
        int n_loads; /* == inputs.n_loads */
        struct report_load *loads;
        int n_pairs; /* the sum of loads[i].replications, load-major */
        struct report_pair *pairs;
        struct report_diagnosis diagnosis;
        /* everything below depends on the host and the moment */
        struct report_timing {
                int threads;
                double wall_seconds;
                const char *started, *finished; /* UTC, ISO 8601 ("2026-12-01T21:55:03Z") */
                const char *host;
                double online_cpus;
                const char *performance_clock;
                int runs_executed, runs_reused;
                /* where the runs ran: MPI ranks (1 without MPI), the hosts
                 * (n_hosts named; hosts_total counts them all), the shards a
                 * merge read (n_shards 0 otherwise) */
                int ranks;
                int n_hosts, hosts_total;
                const char **hosts;
                int n_shards;
                struct report_shard {
                        int index, count;
                        const char *host;
                        int threads;
                        double wall_seconds;
                        const char *started, *finished; /* UTC, ISO 8601 */
                        int runs_executed, runs_reused;
                } *shards;
                struct report_perf pooled;
                struct report_perf *perf; /* [n_loads] */
                /* per pair: stream generation, legacy run, orchestrator
                 * run (the performance clock), legacy wall, orchestrator
                 * wall, seconds */
                double (*run_seconds)[5]; /* [n_pairs] */
        } timing;
        struct report_arena *arena;
};

/* An empty document (every string "", counts 0), NULL when out of memory. */
struct report_doc *report_doc_create(void);
void report_doc_destroy(struct report_doc *doc);

/* Memory that lives as long as the document; NULL when out of memory.
 * report_doc_alloc zero-fills. */
void *report_doc_alloc(struct report_doc *doc, size_t n, size_t size);
const char *report_doc_strdup(struct report_doc *doc, const char *s);
const char *report_doc_strndup(struct report_doc *doc, const char *s, size_t len);

/* Parses a saved JSON report (`len` bytes of `text`; `what` names it in
 * messages, e.g. the file name) into a new document (*out, free with
 * report_doc_destroy).  RG_PARSE with a one-line message naming the key for
 * malformed text, a missing or mistyped key, a value out of range or
 * inconsistent with the rest, a report of a schema version outside
 * REPORT_SCHEMA_OLDEST..REPORT_SCHEMA_VERSION or not rollgate's; RG_NOMEM.
 * Keys it does not know are ignored, except in a load's "metrics": those
 * are bp, bbp and the declared ones ("metrics_declared", in order; then
 * "trace_hash" with --exact), nothing else.  An older report is read as
 * what it says (schema 2: a fixed run) into a document of
 * REPORT_SCHEMA_VERSION, so rendering it writes a current report. */
int report_json_read(const char *text, size_t len, const char *what, struct report_doc **out,
                     struct rg_errbuf *eb);

/* The pair of replication `rep` of load `load`, NULL when out of range. */
const struct report_pair *report_doc_pair(const struct report_doc *doc, int load, int rep);

/* The run of a pair in a role, NULL for a harness error or out of range. */
const struct report_run *report_doc_run(const struct report_doc *doc, int load, int rep, int role);

static inline const char *report_metric_label(int metric)
{
        return metric == REPORT_BP ? "BP" : "BBP";
}

#endif
