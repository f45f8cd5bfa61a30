#include "json_read.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rg_json_read_fail(struct rg_json_reader *r, int code, const char *where, const char *key,
                       const char *fmt, ...)
{
        if (r->rc != RG_OK)
                return;
        char detail[256];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(detail, sizeof(detail), fmt, ap);
        va_end(ap);
        if (code == RG_NOMEM)
                r->rc = rg_fail(r->eb, RG_NOMEM, "%s: out of memory", r->what);
        else if (where[0] == '\0' && key == NULL)
                r->rc = rg_fail(r->eb, code, "%s: %s", r->what, detail);
        else
                r->rc = rg_fail(r->eb, code, "%s: key '%s%s': %s", r->what, where, key ? key : "",
                                detail);
}

const char *rg_json_type_name(const cJSON *it)
{
        if (cJSON_IsNull(it))
                return "null";
        if (cJSON_IsBool(it))
                return "a boolean";
        if (cJSON_IsNumber(it))
                return "a number";
        if (cJSON_IsString(it))
                return "a string";
        if (cJSON_IsArray(it))
                return "an array";
        return "an object";
}

const cJSON *rg_json_member(struct rg_json_reader *r, const cJSON *o, const char *where,
                            const char *key, bool optional)
{
        if (r->rc != RG_OK || o == NULL)
                return NULL;
        const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
        if (it == NULL && !optional)
                rg_json_read_fail(r, RG_PARSE, where, key, "missing");
        return it;
}

const cJSON *rg_json_typed(struct rg_json_reader *r, const cJSON *o, const char *where,
                           const char *key, cJSON_bool (*is)(const cJSON *), const char *want)
{
        const cJSON *it = rg_json_member(r, o, where, key, false);
        if (it && !is(it)) {
                rg_json_read_fail(r, RG_PARSE, where, key, "must be %s, not %s", want,
                                  rg_json_type_name(it));
                return NULL;
        }
        return it;
}

int rg_json_parse(const char *text, size_t len, const char *what, cJSON **out, struct rg_errbuf *eb)
{
        *out = NULL;
        const char *end = NULL;
        cJSON *o = cJSON_ParseWithLengthOpts(text, len, &end, false);
        if (o == NULL) {
                const char *at = cJSON_GetErrorPtr();
                size_t off = at && at >= text && at <= text + len ? (size_t)(at - text) : 0;
                int line = 1;
                for (size_t i = 0; i < off; i++)
                        line += text[i] == '\n';
                return rg_fail(eb, RG_PARSE, "%s:%d: not valid JSON", what, line);
        }
        for (const char *p = end; p && p < text + len; p++)
                if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
                        cJSON_Delete(o);
                        return rg_fail(eb, RG_PARSE, "%s: text after the JSON value", what);
                }
        *out = o;
        return RG_OK;
}

/* The item forms take what rg_json_member found (NULL when it failed), so
 * that a member and an array element are refused with the same words. */
static double finite_item(struct rg_json_reader *r, const cJSON *it, const char *where,
                          const char *key)
{
        if (r->rc != RG_OK || it == NULL)
                return 0;
        if (!cJSON_IsNumber(it)) {
                rg_json_read_fail(r, RG_PARSE, where, key, "must be a number, not %s",
                                  rg_json_type_name(it));
                return 0;
        }
        if (!isfinite(it->valuedouble)) {
                rg_json_read_fail(r, RG_PARSE, where, key, "must be a finite number");
                return 0;
        }
        return it->valuedouble;
}

double rg_json_read_finite(struct rg_json_reader *r, const cJSON *o, const char *where,
                           const char *key)
{
        return finite_item(r, rg_json_member(r, o, where, key, false), where, key);
}

double rg_json_read_whole_item(struct rg_json_reader *r, const cJSON *it, const char *where,
                               const char *key, double lo, double hi)
{
        double v = finite_item(r, it, where, key);
        if (r->rc == RG_OK && it != NULL && !(v >= lo && v <= hi && v == floor(v)))
                rg_json_read_fail(r, RG_PARSE, where, key,
                                  "must be a whole number from %.0f to %.0f", lo, hi);
        return r->rc == RG_OK && it != NULL ? v : lo;
}

double rg_json_read_whole(struct rg_json_reader *r, const cJSON *o, const char *where,
                          const char *key, double lo, double hi)
{
        return rg_json_read_whole_item(r, rg_json_member(r, o, where, key, false), where, key, lo,
                                       hi);
}

void rg_json_read_text(struct rg_json_reader *r, const cJSON *o, const char *where, const char *key,
                       char *out, size_t cap)
{
        const cJSON *it = rg_json_typed(r, o, where, key, cJSON_IsString, "a string");
        if (it == NULL)
                return;
        if (strlen(it->valuestring) >= cap)
                rg_json_read_fail(r, RG_PARSE, where, key, "longer than %zu characters", cap - 1);
        else
                snprintf(out, cap, "%s", it->valuestring);
}

/* Digits are checked before strtoull reads them: it would take a sign,
 * blanks, "0x" and upper case, and saturate instead of refusing. */
uint64_t rg_json_read_hex64(struct rg_json_reader *r, const cJSON *o, const char *where,
                            const char *key, const char *prefix)
{
        const cJSON *it = rg_json_typed(r, o, where, key, cJSON_IsString, "a string");
        if (it == NULL)
                return 0;
        const char *t = it->valuestring;
        size_t n = strlen(prefix);
        bool ok = strncmp(t, prefix, n) == 0;
        const char *digits = ok ? t + n : t;
        if (!ok || strlen(digits) != 16 || strspn(digits, "0123456789abcdef") != 16) {
                rg_json_read_fail(r, RG_PARSE, where, key, "must be %s%s%s16 lowercase hex digits",
                                  *prefix ? "\"" : "", prefix, *prefix ? "\" and " : "");
                return 0;
        }
        return strtoull(digits, NULL, 16);
}

double rg_json_read_num(struct rg_json_reader *r, const cJSON *o, const char *where,
                        const char *key)
{
        const cJSON *it = rg_json_member(r, o, where, key, false);
        if (it == NULL)
                return 0;
        if (cJSON_IsNull(it))
                return NAN;
        if (cJSON_IsString(it) && strcmp(it->valuestring, "Infinity") == 0)
                return INFINITY;
        if (cJSON_IsString(it) && strcmp(it->valuestring, "-Infinity") == 0)
                return -INFINITY;
        if (!cJSON_IsNumber(it)) {
                rg_json_read_fail(r, RG_PARSE, where, key,
                                  "must be a number, null, \"Infinity\" or \"-Infinity\", not %s",
                                  rg_json_type_name(it));
                return 0;
        }
        return finite_item(r, it, where, key);
}
