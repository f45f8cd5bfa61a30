/*
 * Baselines (SPEC section 9, the seed rollback plan's "Rollback
 * Verification Checklist").
 *
 * A baseline is one path's runs over a config's loads and seeds, kept as
 * JSON: per load the BP and BBP summaries and every per-seed run (what the
 * statistics need to pair a later run with it by seed), the seeds, the
 * request count, the run-time clock, the policy and a hash of the effective
 * settings.  `rollgate baseline record` writes one; `rollgate verify` runs
 * the path again and judges it against the baseline (gate/verify.h).
 *
 * JSON schema "rollgate-baseline", GATE_BASELINE_SCHEMA_VERSION (keys in
 * this order; numbers exact, rg_double_text; NaN is null):
 *
 *   schema            "rollgate-baseline"
 *   schema_version    1
 *   rollgate_version  string
 *   recorded          UTC time, "2024-05-01T12:00:00Z"
 *   path              the path as given (builtin:legacy, exec:..., NAME)
 *   backend           its name as reports show it
 *   config            the config file (absolute when it could be resolved)
 *   settings_hash     "fnv1a64:<16 hex>" of the effective INI of every load
 *   inject            the injection in effect when recorded ("none")
 *   requests          requests per run
 *   seeds             [seed, ...] (replication order)
 *   clock             the run-time clock of every run: thread_cpu (builtin),
 *                     child_cpu (exec), wall, none
 *   threads           worker threads of the recording (verify's default)
 *   policy            {deviation, direction, t1, t2, confidence,
 *                      perf_threshold, low_signal_blocked}
 *   loads             [{erlang,
 *                       bp:  {mean, sd, ci_lo, ci_hi} in percent,
 *                       bbp: the same, or null when the path does not report it,
 *                       runs: [{seed, requests, blocked,
 *                               bbp (fraction; optional),
 *                               requested_gbps, blocked_gbps (optional, a pair),
 *                               trace_hash ("<16 hex>", optional),
 *                               run_seconds, stream_seconds,
 *                               metrics (optional, see below)}, ...]  seed order
 *                      }, ...]
 *
 * metrics: the values the run reported under `metrics` in its run file
 * (backends/result.h), in its order, as the report's per-run values are
 * written: {NAME: number | {"type": "string" | "list", "count": n, "hash":
 * "<16 hex>", "text": "...", "cut": bool}}; absent when the run reported
 * none (always for builtin paths).  Every value is kept, declared or not:
 * a metric declared after recording can still be verified.  Names are 1 to
 * BACKEND_VALUE_NAME - 1 bytes and unique, at most BACKEND_MAX_VALUES, text
 * below BACKEND_VALUE_TEXT bytes, numbers finite.
 *
 * The schema stays at version 1 with `metrics` (an addition: no key changed
 * meaning, as the report keeps its schema_version for the same additions).
 * A baseline without it -- every one recorded before -- is what it always
 * was; this reader reads both.  A rollgate from before `metrics` reads a
 * baseline with it and ignores the key (the reader ignores unknown keys;
 * it is strict only about the keys it knows), which is also all it could
 * do with it: it has no declared metrics to judge.  Version 2 would have
 * made those readers refuse every new baseline, with or without values,
 * for nothing they misread.  The other way round, `rollgate verify` refuses
 * a config declaring a metric that no run of the baseline reported (a
 * baseline recorded without values): record it again.  A value missing on
 * some runs only is missing on the baseline's side there, which compare
 * never passes (compare/compare.h).
 *
 * run_seconds is the backend's own figure (its clock); stream_seconds the
 * thread CPU time rollgate spent generating the request stream a builtin
 * path consumes (0 for others), kept for information.  Verify's run-time
 * item compares run_seconds alone (see gate_verify_prepare_timing in
 * verify.h).
 *
 * Reading is strict: every key above must be there with its type (optional
 * run keys excepted), counts must agree (one run per seed per load, in seed
 * order), and another schema or version is refused; errors are RG_PARSE,
 * one line naming the file and the key.
 *
 * Ownership: a gate_baseline is heap memory (create/destroy, NULL ok) owning
 * its arrays.  Nothing here prints.  A baseline may be read by several
 * threads at once (the replay backend of verify.h does) but not changed
 * meanwhile.
 */
#ifndef GATE_BASELINE_H
#define GATE_BASELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../backends/backend.h"
#include "../common/buf.h"
#include "../compare/compare.h"
#include "../stats/summary.h"
#include "../stats/verdict.h"

#define GATE_BASELINE_SCHEMA "rollgate-baseline"
#define GATE_BASELINE_SCHEMA_VERSION 1

struct gate_baseline_run {
        uint32_t seed;
        uint32_t requests, blocked;
        unsigned has; /* BACKEND_HAS_BBP, BACKEND_HAS_GBPS, BACKEND_HAS_TRACE bits */
        double bbp;   /* fraction, as the path reported it */
        double requested_gbps, blocked_gbps;
        uint64_t trace_hash;
        double run_seconds;          /* the backend's figure, by the baseline's clock */
        double stream_seconds;       /* rollgate's request stream for a builtin path; else 0 */
        int n_values;                /* the run's reported values (`metrics`), in its order */
        struct backend_value *value; /* [n_values], owned (NULL when none): set through
                                        gate_baseline_run_set_values */
};

struct gate_baseline_load {
        double erlang;
        struct stats_summary bp; /* percent, at the policy's confidence */
        bool have_bbp;           /* every run reported BBP */
        struct stats_summary bbp;
        struct gate_baseline_run *runs; /* [n_seeds], seed order */
};

struct gate_baseline {
        char rollgate_version[64];
        char recorded[32];
        char path[4200];
        char backend[160];
        char config[4096];
        uint64_t settings_hash;
        char inject[256];
        uint32_t requests;
        enum backend_clock clock;
        int threads; /* worker threads the runs had (run times depend on it) */
        struct stats_policy policy;
        int n_seeds;
        uint32_t *seeds;
        int n_loads;
        struct gate_baseline_load *loads;
};

/* An empty baseline with n_loads x n_seeds zeroed runs; RG_NOMEM. */
int gate_baseline_create(int n_loads, int n_seeds, struct gate_baseline **out);
void gate_baseline_destroy(struct gate_baseline *b); /* NULL ok; frees the runs' values too */

/*
 * Replaces the values of `run` with copies of v[0..n-1] (n 0 clears them),
 * each as the baseline keeps it: a number by its number alone, a string or
 * list by count, hash, text and cut.  RG_RANGE (run unchanged) when n is
 * above BACKEND_MAX_VALUES, a name is empty, unterminated or repeated, a
 * number is not finite or a text unterminated; RG_NOMEM.
 */
int gate_baseline_run_set_values(struct gate_baseline_run *run, const struct backend_value *v,
                                 int n);

/*
 * Fills `b` (made with the result's loads x replications) from the runs of
 * role `role` of an executed comparison: seeds, requests, the clock, the
 * policy, and per load the summaries and every run with the values it
 * reported (gate_baseline_run_set_values).  A failed run or pair
 * is RG_PATHFAIL naming load, seed and the failure (a baseline of a path
 * that does not run clean is no baseline); runs timed by different clocks
 * give clock none.  The caller sets the texts (version, path, config ...).
 */
int gate_baseline_from_result(struct gate_baseline *b, const struct compare_result *r, int role,
                              struct rg_errbuf *eb);

/* FNV-1a 64 of texts[0..n-1] in order (each with its NUL as separator). */
uint64_t gate_baseline_hash(char *const *texts, int n);

/* The JSON text of `b` into `out` (appended); RG_NOMEM. */
int gate_baseline_write_json(const struct gate_baseline *b, struct rg_buf *out,
                             struct rg_errbuf *eb);

/* Reads JSON text[len]; `what` names the file in messages.  RG_PARSE. */
int gate_baseline_read_json(const char *text, size_t len, const char *what,
                            struct gate_baseline **out, struct rg_errbuf *eb);

/* The run of `b` at load `erlang` and `seed`, or NULL. */
const struct gate_baseline_run *gate_baseline_find(const struct gate_baseline *b, double erlang,
                                                   uint32_t seed);

#endif
