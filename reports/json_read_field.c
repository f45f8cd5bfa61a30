/*
 * The typed fields of a saved report (json_reader.h): each a one-line
 * error naming the key when it is missing or of another type, so the
 * document's parsers (json_read.c, json_read_metrics.c) read as lists of
 * fields.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "json_reader.h"

const cJSON *report_read_object(struct report_reader *r, const cJSON *o, const char *where,
                                const char *key)
{
        return rg_json_typed(&r->j, o, where, key, cJSON_IsObject, "an object");
}

const cJSON *report_read_object_at(struct report_reader *r, const cJSON *o, const char *where,
                                   const char *key, char *at, size_t cap)
{
        snprintf(at, cap, "%s%s.", where, key);
        return report_read_object(r, o, where, key);
}

const cJSON *report_read_array(struct report_reader *r, const cJSON *o, const char *where,
                               const char *key, int n, int *len)
{
        const cJSON *it = rg_json_typed(&r->j, o, where, key, cJSON_IsArray, "an array");
        if (it == NULL)
                return NULL;
        int size = cJSON_GetArraySize(it);
        if (n >= 0 && size != n) {
                rg_json_read_fail(&r->j, RG_PARSE, where, key, "must have %d elements, not %d", n,
                                  size);
                return NULL;
        }
        if (len)
                *len = size;
        return it;
}

double report_read_number_item(struct report_reader *r, const cJSON *it, const char *where,
                               const char *key)
{
        if (it == NULL)
                return NAN;
        if (cJSON_IsNumber(it))
                return it->valuedouble;
        if (cJSON_IsNull(it))
                return NAN;
        if (cJSON_IsString(it) && strcmp(it->valuestring, "Infinity") == 0)
                return INFINITY;
        if (cJSON_IsString(it) && strcmp(it->valuestring, "-Infinity") == 0)
                return -INFINITY;
        rg_json_read_fail(&r->j, RG_PARSE, where, key, "must be a number, not %s",
                          rg_json_type_name(it));
        return NAN;
}

double report_read_number(struct report_reader *r, const cJSON *o, const char *where,
                          const char *key)
{
        return report_read_number_item(r, rg_json_member(&r->j, o, where, key, false), where, key);
}

double report_read_whole(struct report_reader *r, const cJSON *o, const char *where,
                         const char *key, double lo, double hi)
{
        double v = report_read_number(r, o, where, key);
        if (r->j.rc == RG_OK && !(v >= lo && v <= hi && v == floor(v))) {
                rg_json_read_fail(&r->j, RG_PARSE, where, key,
                                  "must be a whole number from %.0f to %.0f", lo, hi);
                return lo;
        }
        return r->j.rc == RG_OK ? v : lo;
}

bool report_read_bool(struct report_reader *r, const cJSON *o, const char *where, const char *key)
{
        const cJSON *it = rg_json_member(&r->j, o, where, key, false);
        if (it && !cJSON_IsBool(it)) {
                rg_json_read_fail(&r->j, RG_PARSE, where, key, "must be true or false, not %s",
                                  rg_json_type_name(it));
                return false;
        }
        return it && cJSON_IsTrue(it);
}

const char *report_read_copy(struct report_reader *r, const char *s)
{
        const char *d = report_doc_strdup(r->doc, s);
        if (d == NULL) {
                rg_json_read_fail(&r->j, RG_NOMEM, "", NULL, "out of memory");
                return "";
        }
        return d;
}

const char *report_read_string_item(struct report_reader *r, const cJSON *it, const char *where,
                                    const char *key)
{
        if (it == NULL)
                return "";
        if (!cJSON_IsString(it)) {
                rg_json_read_fail(&r->j, RG_PARSE, where, key, "must be a string, not %s",
                                  rg_json_type_name(it));
                return "";
        }
        return report_read_copy(r, it->valuestring);
}

const char *report_read_string(struct report_reader *r, const cJSON *o, const char *where,
                               const char *key)
{
        return report_read_string_item(r, rg_json_member(&r->j, o, where, key, false), where, key);
}

void *report_read_alloc(struct report_reader *r, int n, size_t size)
{
        void *p = report_doc_alloc(r->doc, n > 0 ? (size_t)n : 0, size);
        if (p == NULL)
                rg_json_read_fail(&r->j, RG_NOMEM, "", NULL, "out of memory");
        return p;
}

double *report_read_numbers(struct report_reader *r, const cJSON *o, const char *where,
                            const char *key, int n, int *len)
{
        int size = 0;
        const cJSON *a = report_read_array(r, o, where, key, n, &size);
        if (a == NULL)
                return NULL;
        double *v = report_read_alloc(r, size, sizeof(double));
        int i = 0;
        char at[64];
        for (const cJSON *it = a->child; v && it; it = it->next, i++) {
                snprintf(at, sizeof(at), "%s[%d]", key, i);
                v[i] = report_read_number_item(r, it, where, at);
        }
        if (len)
                *len = size;
        return v;
}

void report_read_pair(struct report_reader *r, const cJSON *o, const char *where, const char *key,
                      double *lo, double *hi)
{
        double *v = report_read_numbers(r, o, where, key, 2, NULL);
        *lo = v ? v[0] : NAN;
        *hi = v ? v[1] : NAN;
}

enum stats_verdict report_read_verdict(struct report_reader *r, const cJSON *o, const char *where)
{
        const char *name = report_read_string(r, o, where, "verdict");
        enum stats_verdict v = STATS_HARNESS_ERROR;
        if (r->j.rc == RG_OK && !stats_verdict_from_name(name, &v))
                rg_json_read_fail(&r->j, RG_PARSE, where, "verdict", "unknown verdict '%.40s'",
                                  name);
        return v;
}

/* Member `key`, a string that must be `no` or `yes`: whether it is `yes`. */
static bool no_or_yes(struct report_reader *r, const cJSON *o, const char *where, const char *key,
                      const char *no, const char *yes)
{
        const char *s = report_read_string(r, o, where, key);
        if (strcmp(s, yes) == 0)
                return true;
        if (r->j.rc == RG_OK && strcmp(s, no) != 0)
                rg_json_read_fail(&r->j, RG_PARSE, where, key, "must be \"%s\" or \"%s\"", no, yes);
        return false;
}

enum stats_deviation report_read_deviation(struct report_reader *r, const cJSON *o,
                                           const char *where)
{
        return no_or_yes(r, o, where, "deviation", "absolute", "relative") ? STATS_DEV_RELATIVE
                                                                           : STATS_DEV_ABSOLUTE;
}

enum stats_direction report_read_direction(struct report_reader *r, const cJSON *o,
                                           const char *where)
{
        return no_or_yes(r, o, where, "direction", "either", "increase") ? STATS_DIR_INCREASE
                                                                         : STATS_DIR_EITHER;
}
