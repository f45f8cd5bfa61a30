/*
 * Numbers as the renderers for people write them (Markdown, JUnit, HTML,
 * the notification): internal to reports/, not part of render.h.  Every
 * function appends to a caller's buffer or fills a caller's array; none
 * allocates or keeps a pointer, and all may be called from any thread.
 * Output is locale-independent (nobody calls setlocale).
 */
#ifndef REPORT_FORMAT_H
#define REPORT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/buf.h"
#include "document.h"

/* The words a renderer writes where printf would write "nan" or "inf". */
struct report_nonfinite {
        const char *nan, *minus_inf, *plus_inf;
};

/* A number that must read back as it is in the JSON (loads, seeds,
 * counts): the shortest exact text (rg_double_text), or `missing` when `v`
 * is not finite.  `s` holds `cap` bytes; 40 hold any double. */
void report_format_exact(char *s, size_t cap, double v, const char *missing);
/* The same, appended to `out`. */
void report_format_put_exact(struct rg_buf *out, double v, const char *missing);

/* A confidence or decision level as a percentage without its sign ("95"
 * for 0.95, stats_percent), or "?" when the document has none (NAN). */
void report_format_level(char *s, size_t cap, double fraction);

/* Appends the word of `words` for a `v` that is NAN or infinite and
 * returns true; returns false and appends nothing for a finite `v`. */
bool report_format_put_nonfinite(struct rg_buf *out, double v,
                                 const struct report_nonfinite *words);
/* A finite `v` printed with `fmt` (a printf format of exactly one double,
 * "%+.3f"), else its word of `words`. */
void report_format_put_figure(struct rg_buf *out, const char *fmt, double v,
                              const struct report_nonfinite *words);

/* The unit of the deviations: "%" when relative, "pp" when absolute. */
const char *report_format_unit(const struct report_doc *doc);

/* "legacy" or "orchestrator" for REPORT_LEGACY or REPORT_ORCHESTRATOR. */
const char *report_format_role(int role);

#endif
