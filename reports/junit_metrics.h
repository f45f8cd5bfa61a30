/*
 * The declared metrics and the --exact characterisation in the JUnit XML,
 * internal to reports/: junit_metrics.c adds them to the suites that
 * junit.c builds, through junit.c's testcases and properties, with the
 * wording every renderer shares (format.h).  Nothing here allocates beyond
 * scratch text or keeps a pointer.
 */
#ifndef REPORT_JUNIT_METRICS_H
#define REPORT_JUNIT_METRICS_H

#include <stdbool.h>

#include "../common/buf.h"
#include "document.h"
#include "format.h"

/* The testcases of one suite (junit.c), written before its opening tag
 * (which holds their counts). */
struct report_junit_suite {
        struct rg_buf cases;
        int tests, failures, errors, skipped;
        unsigned shown; /* bit v: a failure or error of verdict v is among the cases */
        bool nomem;     /* a text for a case could not be built */
};

/* junit.c */

/* A testcase of `s` decided by verdict `v`: a failure or error carries
 * `reason` as its message and `text` (the figures) as its body; a passing
 * one has `text` as its system-out. */
void report_junit_verdict_case(struct report_junit_suite *s, const char *classname,
                               const char *name, enum stats_verdict v, const char *reason,
                               const struct rg_buf *text);
/* A passing testcase of `s` whose system-out is `text`. */
void report_junit_pass_case(struct report_junit_suite *s, const char *classname, const char *name,
                            const struct rg_buf *text);
/* A <property name= value=/> line appended to `b`. */
void report_junit_property(struct rg_buf *b, const char *name, const char *value);
/* The words of a figure of the free text that is not finite: "n/a",
 * "-inf", "+inf". */
extern const struct report_nonfinite report_junit_words;

/* junit_metrics.c */

/* The properties of the declarations ("metric.NAME", what it prescribes)
 * and of --exact ("exact": "differs" or "equal"), appended to a suite's
 * properties `b`. */
void report_junit_declared_properties(const struct report_doc *doc, struct rg_buf *b);

/* A testcase "metric NAME" per declared metric of load `L` (and "metric
 * trace_hash" with --exact), in `s`. */
void report_junit_declared_cases(const struct report_doc *doc, const struct report_load *L,
                                 const char *classname, struct report_junit_suite *s);

/* The line "Characterisation (--exact): ..." of the overall suite's
 * system-out; nothing without --exact. */
void report_junit_characterisation(const struct report_doc *doc, struct rg_buf *sysout);

#endif
