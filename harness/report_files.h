/* Writing a report document in one format, shared by compare and the gate. */
#ifndef HARNESS_REPORT_FILES_H
#define HARNESS_REPORT_FILES_H

#include <stdbool.h>

#include "../common/error.h"
#include "../reports/document.h"

/* Renders `format` (a renderer's name) and writes it to `path` atomically
 * ("-": standard output; NULL: standard error). */
int harness_report_write(const struct report_doc *doc, const char *format, const char *path,
                         bool quiet, struct rg_errbuf *eb);

#endif
