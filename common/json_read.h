/*
 * Reading a JSON document strictly, with the first failure kept and every
 * message one line naming the file and the key path
 * ("r.json: key 'loads[0].erlang': must be a number, not a string").
 * `where` is the path of the object being read ("loads[0]." or ""), `key`
 * the member.  Every function does nothing (and returns NULL) once the
 * reader has failed, so a parser reads as a list of fields and is checked
 * once.  Shared by the saved-report reader, the baseline reader and the
 * reader of a backend_result's JSON (backends/result_json.c).
 */
#ifndef RG_JSON_READ_H
#define RG_JSON_READ_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct rg_json_reader {
        const char *what; /* the file, for messages */
        struct rg_errbuf *eb;
        int rc; /* the first failure */
};

/* Parses `len` bytes of `text` as one JSON value, nothing but white space
 * after it, into *out (cJSON_Delete it).  RG_PARSE "<what>:<line>: not
 * valid JSON" (the line of cJSON's error position) or "<what>: text after
 * the JSON value"; *out NULL then. */
int rg_json_parse(const char *text, size_t len, const char *what, cJSON **out,
                  struct rg_errbuf *eb);

/* Records the first failure: RG_NOMEM as "<what>: out of memory", a failure
 * of the whole document (where "" and key NULL) as "<what>: <detail>", any
 * other as "<what>: key '<where><key>': <detail>". */
void rg_json_read_fail(struct rg_json_reader *r, int code, const char *where, const char *key,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* "null", "a boolean", "a number", "a string", "an array", "an object". */
const char *rg_json_type_name(const cJSON *it);

/* Member `key` of object `o`; NULL (and "missing" unless `optional`) when
 * absent. */
const cJSON *rg_json_member(struct rg_json_reader *r, const cJSON *o, const char *where,
                            const char *key, bool optional);

/* A member that must be there and pass `is` ("must be <want>, not <type>"). */
const cJSON *rg_json_typed(struct rg_json_reader *r, const cJSON *o, const char *where,
                           const char *key, cJSON_bool (*is)(const cJSON *), const char *want);

/*
 * Typed members that must be there; each does nothing once the reader has
 * failed, and a refusal returns 0 ("" in `out`, `lo` for whole):
 *   finite  a finite number: "must be a number, not a string",
 *           "must be a finite number"
 *   whole   a whole number in lo..hi: "must be a whole number from 0 to 10"
 *   text    a string that fits `cap` bytes with its NUL: "must be a string,
 *           not a number", "longer than 79 characters"
 *   hex64   `prefix` then 16 lowercase hex digits ("fnv1a64:" or ""):
 *           "must be 16 lowercase hex digits" (with a prefix: "must be
 *           \"fnv1a64:\" and 16 ...")
 *   num     what rg_json_num writes: a finite number, null (read as NAN, so
 *           every NaN comes back as the one quiet NaN), "Infinity" or
 *           "-Infinity": "must be a number, null, \"Infinity\" or
 *           \"-Infinity\", not <type>"
 */
double rg_json_read_finite(struct rg_json_reader *r, const cJSON *o, const char *where,
                           const char *key);
double rg_json_read_whole(struct rg_json_reader *r, const cJSON *o, const char *where,
                          const char *key, double lo, double hi);
void rg_json_read_text(struct rg_json_reader *r, const cJSON *o, const char *where, const char *key,
                       char *out, size_t cap);
uint64_t rg_json_read_hex64(struct rg_json_reader *r, const cJSON *o, const char *where,
                            const char *key, const char *prefix);
double rg_json_read_num(struct rg_json_reader *r, const cJSON *o, const char *where,
                        const char *key);

/* whole on `it` itself (an array element, or NULL for nothing), named
 * `key` in messages. */
double rg_json_read_whole_item(struct rg_json_reader *r, const cJSON *it, const char *where,
                               const char *key, double lo, double hi);

#endif
