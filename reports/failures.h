/*
 * The failures of a comparison, in the order every renderer lists them:
 * internal to reports/, not part of render.h.  A failure borrows from the
 * document it was found in and is valid as long as that document is.
 */
#ifndef REPORT_FAILURES_H
#define REPORT_FAILURES_H

#include <stdbool.h>

#include "document.h"

/* A pair the harness could not run (its harness error), or one failed run
 * of a pair. */
struct report_failure {
        const struct report_pair *pair;
        int role;                     /* REPORT_LEGACY, REPORT_ORCHESTRATOR; -1: harness error */
        const struct report_run *run; /* NULL for a harness error */
};

/* The failure after `*cursor` (0 before the first) in *f, advancing
 * `*cursor`; false after the last.  Pair by pair, in the document's order:
 * a pair's harness error and nothing else of it (its runs are not valid),
 * else its failed runs, legacy first. */
bool report_failure_next(const struct report_doc *doc, int *cursor, struct report_failure *f);

#endif
