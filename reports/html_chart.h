/*
 * The SVG charts of the HTML report, internal to reports/: html_chart.c
 * draws them into the page that html.c writes, with the page's own way of
 * writing figures (defined in html.c), so that a number reads the same in a
 * table and in a chart's tooltip.  Nothing here allocates or keeps a
 * pointer; the functions only append to `o`.
 */
#ifndef REPORT_HTML_CHART_H
#define REPORT_HTML_CHART_H

#include <stdbool.h>

#include "../common/buf.h"
#include "document.h"

/* The "charts" section (html_chart.c): BP and BBP of both paths against
 * load, the deviation with its decision interval over the zones of T1 and
 * T2, and the paired per-replication deviations. */
void report_html_charts(const struct report_doc *doc, struct rg_buf *o);

/* The page's figures (html.c).  A NAN is written "–" and an infinity
 * "+∞" / "−∞", never "nan" or "inf". */
void report_html_text(struct rg_buf *o, const char *s);        /* escaped; NULL as "" */
void report_html_fixed(struct rg_buf *o, double v, int prec);  /* "%.*f" */
void report_html_signed(struct rg_buf *o, double v, int prec); /* "%+.*f" */
void report_html_g(struct rg_buf *o, double v);                /* counts, loads, seeds: "%.10g" */
/* "[lo, hi]", signed when `sign` */
void report_html_interval(struct rg_buf *o, double lo, double hi, int prec, bool sign);
void report_html_percent(struct rg_buf *o, double fraction); /* "95 %" */

#endif
