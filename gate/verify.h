/*
 * The rollback verification checklist (SPEC section 9, the seed rollback
 * plan's "Rollback Verification Checklist"): `rollgate verify` runs a path
 * again and judges it against its baseline (gate/baseline.h) with
 * compare's own machinery.  The baseline is replayed as the reference role
 * of a comparison (gate_baseline_replay_create) and the path runs now in
 * the candidate role, so pairing by seed, the identical / paired / exact
 * bases, the Holm correction and the performance check are compare's,
 * unchanged; gate_verify_checklist reads the items off the analysed
 * comparison.
 *
 * Ownership: the replay backend borrows its baseline, which must outlive
 * it.  Nothing here prints; nothing is shared between threads except the
 * backends, which are read-only as backend.h requires.
 */
#ifndef GATE_VERIFY_H
#define GATE_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "../backends/backend.h"
#include "../common/buf.h"
#include "../compare/compare.h"
#include "../stats/verdict.h"
#include "baseline.h"

/*
 * Backends standing in a comparison's reference role:
 *   replay  serves the baseline's recorded run for each (erlang, seed), its
 *           run time being run_seconds by the baseline's clock (the backend
 *           takes no stream, so compare adds none) and its values (`metrics`)
 *           the recorded ones, so that declared metrics are judged against
 *           the baseline; a job the baseline lacks is a failed run.
 *           Borrows `b`.
 *   idle    runs nothing: every job an empty, finished result.  Used while
 *           recording, where only the other role's runs matter.
 * Both are builtin-free: no model, no stream, no injection, not external.
 */
int gate_baseline_replay_create(const struct gate_baseline *b, struct backend **out,
                                struct rg_errbuf *eb);
int gate_baseline_idle_create(struct backend **out, struct rg_errbuf *eb);

/*
 * Before compare_analyse: leaves rollgate's own request-stream generation
 * out of the run times of the path run now (role 1), so that the run-time
 * item compares the path's own work with the baseline's run_seconds.
 */
void gate_verify_prepare_timing(struct compare_result *r);

/* The three fixed items; after them, one item per declared metric. */
enum { GATE_CHECK_CLEAN, GATE_CHECK_BLOCKING, GATE_CHECK_RUNTIME, GATE_CHECK_ITEMS };
#define GATE_CHECK_MAX (GATE_CHECK_ITEMS + COMPARE_MAX_DECLARED)

struct gate_check {
        bool ticked;
        enum stats_verdict verdict; /* what this item makes of the whole; PASS when ticked
                                       (and for a secondary metric's item) */
        char label[128];            /* "the path in service runs clean" */
        char detail[700];           /* why it is ticked or not */
        int metric;                 /* a declared metric's item: its index in compare_load.metric[]
                                       (COMPARE_METRICS + its place in the config); -1 otherwise */
        bool secondary;             /* of a secondary metric: only flags, never decides */
};

struct gate_verification {
        int n_items; /* GATE_CHECK_ITEMS + the comparison's declared metrics */
        struct gate_check item[GATE_CHECK_MAX];
        int runs, failed;       /* the path's runs now, and how many failed */
        int not_passing;        /* (load, metric) decisions that are not PASS */
        bool perf_judged;       /* the run-time check could be made */
        struct stats_perf perf; /* now / baseline, pooled over every run */
        char clock[64];         /* the clock compared, or why none */
        enum stats_verdict verdict;
        int exit_code;
        char reason[320];
};

/*
 * The checklist from an analysed comparison whose role 0 is the baseline
 * (replay) and role 1 the path run now:
 *   1 runs clean: no run of the path failed and no pair broke the harness.
 *     A failed run: EMERGENCY_ROLLBACK; a harness failure or an
 *     interrupted run: HARNESS_ERROR.
 *   2 blocking equivalent: every load's BP and BBP decision (compare's,
 *     after Holm) is PASS.  Otherwise the worst one decides: PLANNED or
 *     EMERGENCY (a difference beyond T1 / from T2), INCONCLUSIVE ("not
 *     shown equivalent"); a load whose runs failed is not judged
 *     (INCONCLUSIVE here; item 1 carries the failure).
 *   3 run time: the pooled ratio now / baseline is not significantly above
 *     1 + perf_threshold (compare's stats_perf_compare).  Significantly
 *     slower, or not comparable (other clocks, none measured): MONITOR.
 *   4... one per declared metric (compare_config.declared, in config order),
 *     labelled by name and kind: every load's decision of that metric
 *     (compare's) is PASS.  Otherwise the worst load's decides, with
 *     compare's reason: equivalence as item 2 (PLANNED, EMERGENCY,
 *     INCONCLUSIVE), exact a difference (PLANNED_ROLLBACK, EMERGENCY when
 *     an equivalence threshold T2 is reached) or nothing to compare
 *     (INCONCLUSIVE), performance the now / baseline ratio of the values
 *     significantly above 1 + factor (MONITOR) or not computable
 *     (INCONCLUSIVE).  A metric missing on either side -- a baseline
 *     recorded without it included -- is never a pass: INCONCLUSIVE, or
 *     for kind exact a difference (compare's rule).  A secondary metric's
 *     item is not ticked when it does not pass but counts as PASS (it
 *     flags; the reason names it).  No declared metrics: no such items.
 * The verdict is the worst item's (stats_verdict_worst), PASS when all
 * tick; exit code stats_verdict_exit_code.
 */
void gate_verify_checklist(const struct compare_result *r, struct gate_verification *out);

/* Declared metric k's decision at load li in one phrase for the checklist's
 * per-load lines: "ratio 1.020 [1.019, 1.021] PASS (ratio)", "equal PASS
 * (equality)", "differs on 3 of 20 PLANNED_ROLLBACK (equality)",
 * "+0.120 ms [0.010, 0.230] PASS (paired)", "INCONCLUSIVE (unavailable)". */
void gate_verify_load_text(const struct compare_result *r, int li, int k, char *out, size_t cap);

/* What the run-time item cannot see, said wherever its result is shown. */
#define GATE_VERIFY_PERF_NOTE                                                                      \
        "the baseline's run times were measured when it was recorded and today's now: a busier "   \
        "or different machine reads as slower; only run times by the same clock are compared"

/*
 * The checklist as JSON (schema "rollgate-verify", version 1): schema,
 * schema_version, rollgate_version, baseline (the file), path, items
 * [{item: runs_clean | blocking_equivalent | run_time, label, ticked, detail,
 * verdict}], loads [{erlang, bp, bbp: {basis, verdict, unit, deviation, lo,
 * hi}}] (the deviation is now minus baseline), performance {judged, clock,
 * threshold, ratio, lo, hi, significantly_slower, note}, verdict, exit_code,
 * reason.  With declared metrics, additions only (the version stays 1;
 * without them the document is as before, byte for byte): an item per
 * metric {item: "metric", metric: NAME, kind, primary, label, ticked,
 * detail, verdict} after run_time, and per load, after bbp, "metrics":
 * {NAME: {kind, basis, verdict, then by kind -- equivalence: unit,
 * deviation, lo, hi; exact: differing (replications); performance: ratio,
 * lo, hi, significantly_worse (ratio null when not computed)}}.
 * Appended to `out`; RG_NOMEM.
 */
#define GATE_VERIFY_SCHEMA "rollgate-verify"
#define GATE_VERIFY_SCHEMA_VERSION 1
int gate_verify_write_json(const struct gate_verification *v, const struct compare_result *r,
                           const char *baseline_file, const char *path, const char *version,
                           struct rg_buf *out, struct rg_errbuf *eb);

#endif
