/* Hand-built report documents for the renderers' tests: figures chosen by
 * hand (not produced by rollgate), consistent enough to read like a real
 * comparison of 2 loads x 3 replications on NSFNet (FIXTURE_SEQUENTIAL: a
 * sequential design whose loads stopped at 10 and 25 replications).  The
 * declared metrics of FIXTURE_METRICS and FIXTURE_EXACT are in
 * report_load.declared only: their runs carry no `metrics` values. */
#ifndef TEST_REPORT_FIXTURE_H
#define TEST_REPORT_FIXTURE_H

#include "../reports/document.h"

enum fixture_kind {
        FIXTURE_PASS,         /* both loads PASS, all numbers finite */
        FIXTURE_PLANNED,      /* load 450 PLANNED_ROLLBACK (+4 pp), level 2 */
        FIXTURE_EMERGENCY,    /* load 450 EMERGENCY: an orchestrator run crashed, diagnosis */
        FIXTURE_INCONCLUSIVE, /* load 450 straddles T1 */
        FIXTURE_LOW_SIGNAL,   /* load 300 low signal (exact basis), resolution warning */
        FIXTURE_HARNESS,      /* a harness error at load 300 rep 1, the legacy run failed at 450 */
        FIXTURE_HOSTILE,      /* FIXTURE_PLANNED with fixture_hostile_text in every free text */
        FIXTURE_SEQUENTIAL,   /* O'Brien-Fleming looks of 5 up to 25: load 300 PASS after 2
                                 looks (10 replications), load 450 INCONCLUSIVE at 25 after 5 */
        FIXTURE_METRICS,      /* FIXTURE_PASS's BP and BBP, seeds 101-103, four declared metrics
                                 (equivalence, exact, performance, secondary exact): load 450
                                 PLANNED_ROLLBACK by the exact digest (replication 2, seed 102,
                                 fixture_digest_orchestrator), tick_ms MONITOR, the secondary
                                 heap_mb differing (a flag) */
        FIXTURE_EXACT,        /* --exact: every metric judged exact; load 450 PLANNED_ROLLBACK,
                                 BP, BBP and trace_hash differ first at replication 1 (seed 101) */
        FIXTURE_KINDS
};

/* NULL when out of memory; free with report_doc_destroy. */
struct report_doc *fixture_doc(enum fixture_kind kind);
const char *fixture_name(enum fixture_kind kind);

/* Text that breaks every format it is pasted into unescaped: Markdown table
 * and inline syntax, XML/HTML markup and entities, a line break (FIXTURE_HOSTILE
 * puts it in reasons, flags, names and the diagnosis). */
extern const char fixture_hostile_text[];

/* FIXTURE_METRICS's orchestrator value of `digest` at load 450, as the
 * comparison quotes a string a run file reported: a pipe, markup and an
 * entity, which every format must escape. */
extern const char fixture_digest_orchestrator[];

#endif
