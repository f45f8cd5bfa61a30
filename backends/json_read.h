/*
 * Reading a result file's JSON into a backend_result, shared by the parsers
 * of rollgate's run file (run_file.c) and FUSION's output file
 * (fusion_file.c): values checked for type and range, and every refusal a
 * one-line message naming the file and the key.  Not part of the backends'
 * interface: only those two parsers include it.
 *
 * Nothing here prints or keeps a pointer; cJSON values stay the caller's.
 * Safe to call from several threads at once.
 */
#ifndef BACKEND_JSON_READ_H
#define BACKEND_JSON_READ_H

#include <stdbool.h>
#include <stdint.h>

#include "result.h"

#define BACKEND_JSON_KEY_MAX 128  /* a key path for a message ("iter_stats.2.x[3]") */
#define BACKEND_JSON_SHOWN_MAX 41 /* buffer of backend_json_shown */

struct cJSON;

/*
 * Where a message points: the file, a prefix for the keys of one part of it
 * ("iter_stats.2." in FUSION's files) and the error buffer.  `last_wins`
 * says what a key written twice means: in a rollgate run file it is
 * ambiguous and an error; in FUSION's files the last one wins, as it does for
 * Python's json.load, which FUSION's own tools read them with.
 */
struct backend_json_ctx {
        const char *what;
        const char *prefix;
        bool last_wins;
        struct rg_errbuf *eb;
};

/* Records "<what>: key '<prefix><key>': <detail>" in c->eb; returns `code`. */
int backend_json_fail(const struct backend_json_ctx *c, int code, const char *key, const char *fmt,
                      ...) __attribute__((format(printf, 4, 5)));

/* The shortest text that reads back as x, in buf; returns buf. */
const char *backend_json_num_text(double x, char buf[32]);

/* The member name of `item`, "" for none. */
const char *backend_json_name(const struct cJSON *item);

/* Up to 40 characters of `s` for a message, control characters as '?', in
 * buf; returns buf. */
const char *backend_json_shown(const char *s, char buf[BACKEND_JSON_SHOWN_MAX]);

/* The last member `key` of object `o`, or NULL. */
const struct cJSON *backend_json_last(const struct cJSON *o, const char *key);

/* Member `key` of object `o` into *out, NULL when absent or null.  A name
 * written twice is RG_PARSE unless c->last_wins (then the last is taken). */
int backend_json_member(const struct backend_json_ctx *c, const struct cJSON *o, const char *key,
                        const struct cJSON **out);

/* RG_OK when `o` is an object of at most 256 members. */
int backend_json_small_object(const struct backend_json_ctx *c, const struct cJSON *o,
                              const char *key);

/* True when a later member of the same object has the same name. */
bool backend_json_repeated(const struct cJSON *it);

/*
 * Typed values; on a refusal *out is 0 (RG_PARSE for the wrong type or a
 * fraction where a whole number belongs, RG_RANGE out of range):
 *   number  finite
 *   count   a whole number 0..UINT32_MAX (a count or an id)
 *   mean    finite and >= 0 (a mean over admitted requests)
 *   ratio   finite and in [0, 1] (a blocking ratio)
 *   counts  an array of at most `max` counts into dst, how many in *n (on a
 *           refusal the elements before the bad one)
 */
int backend_json_number(const struct backend_json_ctx *c, const struct cJSON *it, const char *key,
                        double *out);
int backend_json_count(const struct backend_json_ctx *c, const struct cJSON *it, const char *key,
                       uint32_t *out);
int backend_json_mean(const struct backend_json_ctx *c, const struct cJSON *it, const char *key,
                      double *out);
int backend_json_ratio(const struct backend_json_ctx *c, const struct cJSON *it, const char *key,
                       double *out);
int backend_json_counts(const struct backend_json_ctx *c, const struct cJSON *arr, const char *key,
                        int max, uint32_t *dst, int *n);

uint64_t backend_json_sum_counts(const uint32_t *v, int n);

/* Requests that went through: what per-request counts may add up to. */
uint32_t backend_json_admitted(const struct backend_result *out);

/* RG_RANGE naming `key` when per-request counts (one route, one core, one
 * format each) add up to more than the admitted requests. */
int backend_json_check_sum(const struct backend_json_ctx *c, const char *key, const uint32_t *v,
                           int n, const struct backend_result *out);

/* Adds `count` to modulation `name` of `out` (a new name at the end);
 * RG_RANGE for too many formats, a bad name or a sum past UINT32_MAX. */
int backend_json_add_mod(const struct backend_json_ctx *c, const char *key,
                         struct backend_result *out, const char *name, uint32_t count);

/* The enum sim_block of a reason name rollgate knows, or -1. */
int backend_json_reason(const char *name);

/*
 * Parses a whole text as one JSON object: trailing text other than blanks is
 * an error (a JSON-lines file is several run files, not one).  NULL with *rc
 * RG_PARSE and a message naming `what` (and the line, for malformed JSON);
 * the caller frees the result with cJSON_Delete.
 */
struct cJSON *backend_json_parse_text(const char *text, const char *what, int *rc,
                                      struct rg_errbuf *eb);

#endif
