#include "failures.h"

#include <stddef.h>

/* The cursor walks three slots per pair (harness error, legacy,
 * orchestrator), so that a caller needs nothing but an int to resume. */
bool report_failure_next(const struct report_doc *doc, int *cursor, struct report_failure *f)
{
        for (; *cursor < 3 * doc->n_pairs; ++*cursor) {
                const struct report_pair *p = &doc->pairs[*cursor / 3];
                int role = *cursor % 3 - 1;
                bool failed = role < 0 ? p->harness_error != NULL
                                       : p->harness_error == NULL && !p->run[role].ok;
                if (failed) {
                        f->pair = p;
                        f->role = role;
                        f->run = role < 0 ? NULL : &p->run[role];
                        ++*cursor;
                        return true;
                }
        }
        return false;
}
