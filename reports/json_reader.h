/*
 * Internal to reports/: the reader of saved JSON reports (report_json_read,
 * document.h) in three files --
 *
 *   json_read.c          the document: inputs, policy, loads, runs, timing
 *   json_read_metrics.c  the metrics: a load's BP, BBP and declared
 *                        metrics, "metrics_declared", "exact", a run's values
 *   json_read_field.c    the typed fields both read
 *
 * `where` is the key path of the object being read ("loads[0]." or ""),
 * `key` the member, as in common/json_read.h.  Every function does nothing
 * once the reader has failed (r->j.rc != RG_OK) and returns a harmless
 * value (NAN, "", false, NULL, the range's low end), so a parser reads as a
 * list of fields and is checked once.  Strings and arrays are allocated from
 * r->doc (its arena): nothing here is freed on its own.
 */
#ifndef REPORT_JSON_READER_H
#define REPORT_JSON_READER_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "../common/json_read.h"
#include "document.h"

struct report_reader {
        struct rg_json_reader j;
        struct report_doc *doc;
        int version; /* the report's schema version */
};

/* json_read_field.c */

/* A member that must be an object / an array; an array of exactly `n`
 * elements (n < 0: any length, *len set when not NULL). */
const cJSON *report_read_object(struct report_reader *r, const cJSON *o, const char *where,
                                const char *key);
const cJSON *report_read_array(struct report_reader *r, const cJSON *o, const char *where,
                               const char *key, int n, int *len);
/* The object of member `key`, as report_read_object, with the key path of
 * its members, `where` + `key` + ".", written to `at` (`cap` bytes): the
 * key is named once. */
const cJSON *report_read_object_at(struct report_reader *r, const cJSON *o, const char *where,
                                   const char *key, char *at, size_t cap);
/* A number: JSON numbers, null for NaN, "Infinity" / "-Infinity"; the
 * item's NULL is NAN. */
double report_read_number_item(struct report_reader *r, const cJSON *it, const char *where,
                               const char *key);
double report_read_number(struct report_reader *r, const cJSON *o, const char *where,
                          const char *key);
/* A whole number in [lo, hi] (what the renderers print as an integer). */
double report_read_whole(struct report_reader *r, const cJSON *o, const char *where,
                         const char *key, double lo, double hi);
bool report_read_bool(struct report_reader *r, const cJSON *o, const char *where, const char *key);
/* A copy of `s` in the document ("" once the reader failed for memory). */
const char *report_read_copy(struct report_reader *r, const char *s);
/* A string, copied into the document; "" for a NULL item. */
const char *report_read_string_item(struct report_reader *r, const cJSON *it, const char *where,
                                    const char *key);
const char *report_read_string(struct report_reader *r, const cJSON *o, const char *where,
                               const char *key);
/* n zero-filled elements in the document (n <= 0: a valid empty block). */
void *report_read_alloc(struct report_reader *r, int n, size_t size);
/* An array of numbers, exactly n (n < 0: any; *len set) into new memory. */
double *report_read_numbers(struct report_reader *r, const cJSON *o, const char *where,
                            const char *key, int n, int *len);
/* [lo, hi]: an array of two numbers. */
void report_read_pair(struct report_reader *r, const cJSON *o, const char *where, const char *key,
                      double *lo, double *hi);
/* "verdict" of object `o`, by its name. */
enum stats_verdict report_read_verdict(struct report_reader *r, const cJSON *o, const char *where);
/* "deviation" ("absolute", "relative") and "direction" ("either",
 * "increase") of object `o`: a policy's or a declaration's. */
enum stats_deviation report_read_deviation(struct report_reader *r, const cJSON *o,
                                           const char *where);
enum stats_direction report_read_direction(struct report_reader *r, const cJSON *o,
                                           const char *where);

/* json_read_metrics.c */

/* "metrics_declared" and "exact" of the top-level object (absent: none,
 * and no --exact). */
void report_read_declared(struct report_reader *r, const cJSON *o);

/* A load's "metrics" (`l` is loads[li], `at` "loads[li]."): bp, bbp, then
 * the declared metrics in doc->declared order and, with --exact, an
 * optional trace_hash; L->replications must be read. */
void report_read_load_metrics(struct report_reader *r, const cJSON *l, const char *at,
                              struct report_load *L);

/* Once the loads are read: exact.first names one of them, one of its
 * replications and one of its metrics. */
void report_read_exact_check(struct report_reader *r);

/* A run's "metrics" (`v` the run's object, `at` "runs[j].legacy."), when
 * present. */
void report_read_run_values(struct report_reader *r, const cJSON *v, const char *at,
                            struct report_run *x);

#endif
