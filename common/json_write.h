/*
 * Building a JSON document with cJSON where every call is checked once: each
 * call adds `it` (or a new value) to object `o` under `key`, or to array `o`
 * (key ignored); a NULL `o` or `it`, or a failed cJSON call, sets w->failed
 * and frees `it`, so one look at w->failed at the end covers every call (a
 * document that could not be built completely is an error, never a file).
 * Shared by the JSON report, the baseline, the checklist, the history and
 * the gate's summary.
 */
#ifndef RG_JSON_WRITE_H
#define RG_JSON_WRITE_H

#include <stdbool.h>

#include "buf.h"
#include "error.h"

struct cJSON;

struct rg_json {
        bool failed;
};

/* Returns `it`, or NULL when it failed. */
struct cJSON *rg_json_add(struct rg_json *w, struct cJSON *o, const char *key, struct cJSON *it);
struct cJSON *rg_json_object(struct rg_json *w, struct cJSON *o, const char *key);
struct cJSON *rg_json_array(struct rg_json *w, struct cJSON *o, const char *key);
/* A number as the shortest text that reads back as the same double
 * (rg_double_text); NaN as null, an infinity as the string "Infinity" or
 * "-Infinity" (JSON has neither). */
void rg_json_num(struct rg_json *w, struct cJSON *o, const char *key, double v);
/* The same, but anything not finite is null (documents that never hold an
 * infinity and whose readers want numbers or null). */
void rg_json_finite(struct rg_json *w, struct cJSON *o, const char *key, double v);
void rg_json_str(struct rg_json *w, struct cJSON *o, const char *key, const char *s); /* NULL: "" */
void rg_json_bool(struct rg_json *w, struct cJSON *o, const char *key, bool b);
void rg_json_null(struct rg_json *w, struct cJSON *o, const char *key);

/* Prints `o` (tab-indented, as cJSON_Print) into `out` with a newline,
 * unless w->failed, and frees `o`.  RG_NOMEM "out of memory for the <what>". */
int rg_json_finish(const struct rg_json *w, struct cJSON *o, const char *what, struct rg_buf *out,
                   struct rg_errbuf *eb);

#endif
