/*
 * The declared metrics and the --exact characterisation in the HTML report,
 * internal to reports/: html_metrics.c writes them into the page that
 * html.c builds, with the page's own figures and badges (html_chart.h,
 * html.c) and the wording every renderer shares (format.h).  Nothing here
 * allocates beyond scratch text or keeps a pointer; the functions only
 * append to `o`.
 */
#ifndef REPORT_HTML_METRICS_H
#define REPORT_HTML_METRICS_H

#include "../common/buf.h"
#include "document.h"

/* The "declared" section (html_metrics.c): each [metric.NAME] declaration,
 * then a row per load and declared metric (and trace_hash with --exact)
 * with what decided it, its verdict and reason.  Nothing when the document
 * has neither. */
void report_html_declared(const struct report_doc *doc, struct rg_buf *o);

/* The banner's line of an --exact comparison (html_metrics.c): "<p
 * class="exact">Characterisation (--exact): ...</p>"; nothing without
 * --exact. */
void report_html_characterisation(const struct report_doc *doc, struct rg_buf *o);

/* What decided metric `m` of load `L` (report_format_put_decided), escaped
 * (html_metrics.c). */
void report_html_decided(const struct report_doc *doc, const struct report_load *L,
                         const struct report_metric *m, struct rg_buf *o);

/* A verdict as the page's coloured badge (html.c). */
void report_html_badge(struct rg_buf *o, enum stats_verdict v);

#endif
