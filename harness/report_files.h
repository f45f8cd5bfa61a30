/* Reading and writing report documents: a saved JSON report (report,
 * plan), one format to a file (compare, the gate). */
#ifndef HARNESS_REPORT_FILES_H
#define HARNESS_REPORT_FILES_H

#include <stdbool.h>

#include "../common/error.h"
#include "../reports/document.h"

/* Renders `format` (a renderer's name) and writes it to `path` atomically
 * ("-": standard output; NULL: standard error). */
int harness_report_write(const struct report_doc *doc, const char *format, const char *path,
                         bool quiet, struct rg_errbuf *eb);

/* Reads the saved JSON report at `path` into *doc (report_doc_destroy
 * it): the file's errors (rg_file_read) or the reader's, naming `path`. */
int harness_report_read(const char *path, struct report_doc **doc, struct rg_errbuf *eb);

#endif
