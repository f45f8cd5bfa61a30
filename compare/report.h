/*
 * The report document of a comparison (reports/document.h), filled from its
 * result: every figure the reports show, copied, so the document outlives
 * the result, its config and its backends.
 */
#ifndef COMPARE_REPORT_H
#define COMPARE_REPORT_H

#include "../reports/document.h"
#include "compare.h"

/* What the report names that the comparison does not know. */
struct compare_report_names {
        const char *version;                  /* of rollgate */
        const char *project, *team, *channel; /* for the notification */
};

/* A new document (*out, free with report_doc_destroy).  RG_NOMEM with a
 * message: a report that cannot be built completely is not built. */
int compare_report_fill(const struct compare_result *r, const struct compare_report_names *names,
                        struct report_doc **out, struct rg_errbuf *eb);

#endif
