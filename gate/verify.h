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

#include "../backends/backend.h"
#include "../common/buf.h"
#include "../compare/compare.h"
#include "../stats/verdict.h"
#include "baseline.h"

/*
 * Backends standing in a comparison's reference role:
 *   replay  serves the baseline's recorded run for each (erlang, seed), its
 *           run time being run_seconds by the baseline's clock (the backend
 *           takes no stream, so compare adds none); a job the baseline
 *           lacks is a failed run.  Borrows `b`.
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

enum { GATE_CHECK_CLEAN, GATE_CHECK_BLOCKING, GATE_CHECK_RUNTIME, GATE_CHECK_ITEMS };

struct gate_check {
        bool ticked;
        enum stats_verdict verdict; /* what this item makes of the whole; PASS when ticked */
        char label[80];             /* "the path in service runs clean" */
        char detail[700];           /* why it is ticked or not */
};

struct gate_verification {
        struct gate_check item[GATE_CHECK_ITEMS];
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
 * The verdict is the worst item's (stats_verdict_worst), PASS when all
 * tick; exit code stats_verdict_exit_code.
 */
void gate_verify_checklist(const struct compare_result *r, struct gate_verification *out);

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
 * reason.  Appended to `out`; RG_NOMEM.
 */
#define GATE_VERIFY_SCHEMA "rollgate-verify"
#define GATE_VERIFY_SCHEMA_VERSION 1
int gate_verify_write_json(const struct gate_verification *v, const struct compare_result *r,
                           const char *baseline_file, const char *path, const char *version,
                           struct rg_buf *out, struct rg_errbuf *eb);

#endif
