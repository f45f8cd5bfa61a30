/*
 * The declared metrics and the --exact characterisation in the Markdown
 * report, internal to reports/: markdown_metrics.c writes them into the
 * comment that markdown.c builds, with its verdict cells (markdown.c) and
 * the wording every renderer shares (format.h).  Every text goes through
 * report_put_md_cell.  Nothing here allocates beyond scratch text or keeps
 * a pointer; the functions only append to `out`.
 */
#ifndef REPORT_MARKDOWN_METRICS_H
#define REPORT_MARKDOWN_METRICS_H

#include "../common/buf.h"
#include "document.h"
#include "format.h"

/* The "Declared metrics" section (markdown_metrics.c): each [metric.NAME]
 * declaration, then a table row per load and declared metric (and
 * trace_hash with --exact) with what decided it, its verdict and reason.
 * Nothing when the document has neither. */
void report_markdown_declared(const struct report_doc *doc, struct rg_buf *out);

/* The "**Characterisation (--exact):** ..." paragraph (markdown_metrics.c);
 * nothing without --exact. */
void report_markdown_characterisation(const struct report_doc *doc, struct rg_buf *out);

/* What decided metric `m` of load `L` (report_format_put_decided), escaped
 * for a cell (markdown_metrics.c). */
void report_markdown_decided(struct rg_buf *out, const struct report_doc *doc,
                             const struct report_load *L, const struct report_metric *m);

/* A verdict in a table cell, in bold when it is a failure (markdown.c). */
void report_markdown_verdict_cell(struct rg_buf *out, enum stats_verdict v);

/* The words of an interval's end that is not finite (markdown.c). */
extern const struct report_nonfinite report_markdown_bound_words;

#endif
