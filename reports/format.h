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

/*
 * Declared metrics and --exact, worded once for every renderer.  The
 * functions below append plain text (nothing escaped) to `out`; a renderer
 * writes into a buffer of its own and passes it through its escaper with
 * report_format_put_through.  Figures that are not finite are written with
 * the renderer's `words`.
 */

/* The label of the --exact line, before report_format_put_characterisation's
 * text: "Characterisation (--exact)". */
#define REPORT_FORMAT_CHARACTERISATION "Characterisation (--exact)"

/* The declaration ([metric.NAME]) of the metric called `name`, NULL when
 * there is none (trace_hash, BP, BBP). */
const struct report_declared *report_format_declaration(const struct report_doc *doc,
                                                        const char *name);

/* The name a renderer shows for metric `m` of a load: "BP", "BBP" for
 * &L->metric[k], else m->name. */
const char *report_format_metric_name(const struct report_load *L, const struct report_metric *m);

/* "primary" or "secondary". */
const char *report_format_primary(bool primary);

/* The rows of a declared-metrics table: every load's declared metrics (and
 * trace_hash in an --exact comparison).  A renderer shows the section when
 * there are rows or declarations (doc->n_declared). */
int report_format_declared_rows(const struct report_doc *doc);

/* Calls `row` for each of those rows, load by load and in each load's
 * order, with `out`. */
void report_format_each_declared(const struct report_doc *doc, struct rg_buf *out,
                                 void (*row)(const struct report_doc *doc,
                                             const struct report_load *L,
                                             const struct report_metric *m, struct rg_buf *out));

/* What a declaration prescribes, after its name:
 *   "equivalence, primary: absolute deviation, T1 1 alerts, T2 5 alerts, direction either"
 *   "exact, secondary: equal within abs_tol 0.5 or rel_tol 0.01" ("equal (abs_tol 0,
 *     rel_tol 0)" without tolerances)
 *   "performance, primary: MONITOR when significantly above 1 + 0.05 times legacy" */
void report_format_put_declaration(struct rg_buf *out, const struct report_declared *d);

/* What decided metric `m` of load `L`, by its kind (as judged) and basis:
 *   equivalence  "deviation +0.400 alerts, 90 % decision interval [+0.100, +0.700] alerts"
 *   exact        "equal on every replication", or "1 of 3 replications differ; first:
 *                replication 2 (seed 102): legacy X, orchestrator Y"
 *   performance  "orchestrator / legacy 1.120, 90 % decision interval [1.080, 1.160]:
 *                significantly above 1 + 0.05 (MONITOR)", or "...: not significantly
 *                above 1 + 0.05"
 * and "not computed: ..." when a run failed or a path did not report it.
 * Replications are counted from 1, as the comparison's reasons count them. */
void report_format_put_decided(struct rg_buf *out, const struct report_doc *doc,
                               const struct report_load *L, const struct report_metric *m,
                               const struct report_nonfinite *words);

/* The --exact result after REPORT_FORMAT_CHARACTERISATION ": ": "first
 * difference at erlang 450, replication 1 (seed 101), metric BP: legacy X,
 * orchestrator Y" (the replication counted from 1, the keys "bp" and "bbp"
 * as "BP" and "BBP"), or "no difference on any replication". */
void report_format_put_characterisation(struct rg_buf *out, const struct report_doc *doc);

/* Appends `text` to `out` through `put` (an escaper, e.g. report_put_xml),
 * carries an out-of-memory of `text` over to `out`, and frees `text`. */
void report_format_put_through(struct rg_buf *out, struct rg_buf *text,
                               void (*put)(struct rg_buf *, const char *));

#endif
