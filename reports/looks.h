/*
 * The sequential design and its looks as the renderers for people word them
 * (console, Markdown, HTML, JUnit, the notification): internal to reports/,
 * not part of render.h.  Every function fills a caller's array or returns a
 * number or a static string; none allocates or keeps a pointer, and all may
 * be called from any thread.  The texts are plain (not escaped): a renderer
 * escapes them for its format.
 */
#ifndef REPORT_LOOKS_H
#define REPORT_LOOKS_H

#include <stddef.h>

#include "document.h"

/* "O'Brien-Fleming" or "Pocock" for the JSON's spending name; the name
 * itself for any other. */
const char *report_looks_spending(const char *name);

/* The mean of the loads' replications (0 without loads). */
double report_looks_mean_replications(const struct report_doc *doc);

/* The design in one line, no final stop: "O'Brien-Fleming spending, batches
 * of 5, at most 25 replications per load; 17.5 of 25 used on average".
 * `s` holds `cap` bytes; 200 hold any. */
void report_looks_design(const struct report_doc *doc, char *s, size_t cap);

/* Where and why a load stopped: "stopped after look 2: decided (PASS)",
 * "stopped at the most replications (25): undecided", "interrupted after
 * look 2 (10 replications)".  `s` holds `cap` bytes; 120 hold any. */
void report_looks_stop(const struct report_doc *doc, const struct report_load *L, char *s,
                       size_t cap);

/* What the decisions were held to, after "decisions on ": a fixed run's
 * "90 % intervals" (the policy's decision level), a sequential run's "each
 * look's nominal level (alpha spending)".  120 bytes hold any. */
void report_looks_decided_on(const struct report_doc *doc, char *s, size_t cap);

/* The label of the decision interval column: "90 % decision interval", or
 * "decision interval (last look)" for a sequential run.  120 bytes hold
 * any. */
void report_looks_interval_label(const struct report_doc *doc, char *s, size_t cap);

#endif
