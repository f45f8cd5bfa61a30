#include "json_read.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/file.h"

#define OBJECT_MAX 256

int backend_json_fail(const struct backend_json_ctx *c, int code, const char *key, const char *fmt,
                      ...)
{
        char detail[256];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(detail, sizeof(detail), fmt, ap);
        va_end(ap);
        return rg_fail(c->eb, code, "%s: key '%s%s': %s", c->what, c->prefix, key, detail);
}

/* cJSON's own rule: %.15g unless it does not read back. */
const char *backend_json_num_text(double x, char buf[32])
{
        snprintf(buf, 32, "%.15g", x);
        if (strtod(buf, NULL) != x)
                snprintf(buf, 32, "%.17g", x);
        return buf;
}

const char *backend_json_name(const cJSON *item)
{
        return item->string ? item->string : "";
}

/* Control characters are replaced: a key may hold a JSON "\n", which would
 * break the one-line rule for messages. */
const char *backend_json_shown(const char *s, char buf[BACKEND_JSON_SHOWN_MAX])
{
        size_t i = 0;
        for (; s[i] != '\0' && i < BACKEND_JSON_SHOWN_MAX - 1; i++)
                buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
        buf[i] = '\0';
        return buf;
}

const cJSON *backend_json_last(const cJSON *o, const char *key)
{
        const cJSON *found = NULL, *it;
        cJSON_ArrayForEach(it, o)
        {
                if (strcmp(backend_json_name(it), key) == 0)
                        found = it;
        }
        return found;
}

/* null counts as absent: rollgate writes a figure it has no finite value for
 * as null (reports/run_json.c), FUSION a mean over nothing. */
int backend_json_member(const struct backend_json_ctx *c, const cJSON *o, const char *key,
                        const cJSON **out)
{
        *out = NULL;
        if (c->last_wins) {
                *out = backend_json_last(o, key);
        } else {
                const cJSON *it;
                cJSON_ArrayForEach(it, o)
                {
                        if (strcmp(backend_json_name(it), key) != 0)
                                continue;
                        if (*out != NULL)
                                return backend_json_fail(c, RG_PARSE, key, "written twice");
                        *out = it;
                }
        }
        if (cJSON_IsNull(*out))
                *out = NULL;
        return RG_OK;
}

/* The objects read member by member are small, and a bound keeps the check
 * for repeated names (quadratic) cheap on any input. */
int backend_json_small_object(const struct backend_json_ctx *c, const cJSON *o, const char *key)
{
        if (!cJSON_IsObject(o))
                return backend_json_fail(c, RG_PARSE, key, "must be an object");
        if (cJSON_GetArraySize(o) > OBJECT_MAX)
                return backend_json_fail(c, RG_RANGE, key, "more than %d members", OBJECT_MAX);
        return RG_OK;
}

bool backend_json_repeated(const cJSON *it)
{
        for (const cJSON *n = it->next; n != NULL; n = n->next)
                if (strcmp(backend_json_name(n), backend_json_name(it)) == 0)
                        return true;
        return false;
}

int backend_json_number(const struct backend_json_ctx *c, const cJSON *it, const char *key,
                        double *out)
{
        *out = 0;
        if (!cJSON_IsNumber(it))
                return backend_json_fail(c, RG_PARSE, key, "must be a number");
        char buf[32];
        if (!isfinite(it->valuedouble))
                return backend_json_fail(c, RG_PARSE, key, "%s is not a finite number",
                                         backend_json_num_text(it->valuedouble, buf));
        *out = it->valuedouble;
        return RG_OK;
}

int backend_json_count(const struct backend_json_ctx *c, const cJSON *it, const char *key,
                       uint32_t *out)
{
        *out = 0;
        double x;
        int rc = backend_json_number(c, it, key, &x);
        if (rc != RG_OK)
                return rc;
        char buf[32];
        if (x != floor(x))
                return backend_json_fail(c, RG_PARSE, key, "%s is not a whole number",
                                         backend_json_num_text(x, buf));
        if (x < 0 || x > (double)UINT32_MAX)
                return backend_json_fail(c, RG_RANGE, key, "%s is not in 0..%u",
                                         backend_json_num_text(x, buf), UINT32_MAX);
        *out = (uint32_t)x;
        return RG_OK;
}

int backend_json_mean(const struct backend_json_ctx *c, const cJSON *it, const char *key,
                      double *out)
{
        int rc = backend_json_number(c, it, key, out);
        char buf[32];
        if (rc == RG_OK && *out < 0) {
                rc = backend_json_fail(c, RG_RANGE, key, "%s is negative",
                                       backend_json_num_text(*out, buf));
                *out = 0;
        }
        return rc;
}

int backend_json_ratio(const struct backend_json_ctx *c, const cJSON *it, const char *key,
                       double *out)
{
        int rc = backend_json_number(c, it, key, out);
        char buf[32];
        if (rc == RG_OK && !(*out >= 0 && *out <= 1)) {
                rc = backend_json_fail(c, RG_RANGE, key, "%s is not in [0, 1]",
                                       backend_json_num_text(*out, buf));
                *out = 0;
        }
        return rc;
}

int backend_json_counts(const struct backend_json_ctx *c, const cJSON *arr, const char *key,
                        int max, uint32_t *dst, int *n)
{
        if (!cJSON_IsArray(arr))
                return backend_json_fail(c, RG_PARSE, key, "must be an array of whole numbers");
        char sub[BACKEND_JSON_KEY_MAX];
        const cJSON *it;
        *n = 0;
        cJSON_ArrayForEach(it, arr)
        {
                if (*n >= max)
                        return backend_json_fail(c, RG_RANGE, key, "more than %d elements", max);
                snprintf(sub, sizeof(sub), "%s[%d]", key, *n);
                int rc = backend_json_count(c, it, sub, &dst[*n]);
                if (rc != RG_OK)
                        return rc;
                (*n)++;
        }
        return RG_OK;
}

uint64_t backend_json_sum_counts(const uint32_t *v, int n)
{
        uint64_t s = 0;
        for (int i = 0; i < n; i++)
                s += v[i];
        return s;
}

uint32_t backend_json_admitted(const struct backend_result *out)
{
        return out->requests - out->blocked;
}

int backend_json_check_sum(const struct backend_json_ctx *c, const char *key, const uint32_t *v,
                           int n, const struct backend_result *out)
{
        uint64_t s = backend_json_sum_counts(v, n);
        if (s > backend_json_admitted(out))
                return backend_json_fail(
                    c, RG_RANGE, key, "counts add up to %llu, more than the %u admitted requests",
                    (unsigned long long)s, backend_json_admitted(out));
        return RG_OK;
}

int backend_json_add_mod(const struct backend_json_ctx *c, const char *key,
                         struct backend_result *out, const char *name, uint32_t count)
{
        char nb[BACKEND_JSON_SHOWN_MAX];
        int i = 0;
        while (i < out->n_mods && strcmp(out->mod_names[i], name) != 0)
                i++;
        if (i == out->n_mods) {
                if (out->n_mods >= BACKEND_MAX_MODS)
                        return backend_json_fail(
                            c, RG_RANGE, key, "more than %d modulation formats", BACKEND_MAX_MODS);
                if (name[0] == '\0' || strlen(name) >= BACKEND_NAME_MAX)
                        return backend_json_fail(c, RG_RANGE, key,
                                                 "modulation name '%s' is empty or longer than %d "
                                                 "characters",
                                                 backend_json_shown(name, nb),
                                                 BACKEND_NAME_MAX - 1);
                snprintf(out->mod_names[i], BACKEND_NAME_MAX, "%s", name);
                out->n_mods++;
        }
        if ((uint64_t)out->mod_count[i] + count > UINT32_MAX)
                return backend_json_fail(c, RG_RANGE, key, "the count of '%s' exceeds %u",
                                         backend_json_shown(name, nb), UINT32_MAX);
        out->mod_count[i] += count;
        return RG_OK;
}

int backend_json_reason(const char *name)
{
        for (int r = SIM_BLOCK_NONE + 1; r < SIM_BLOCK_COUNT; r++)
                if (strcmp(name, sim_block_name((enum sim_block)r)) == 0)
                        return r;
        return -1;
}

/* The error position comes from cJSON_ParseWithOpts's own pointer, not the
 * global cJSON_GetErrorPtr, since several threads may parse at once. */
cJSON *backend_json_parse_text(const char *text, const char *what, int *rc, struct rg_errbuf *eb)
{
        if (text == NULL) {
                *rc = rg_fail(eb, RG_PARSE, "%s: no text", what);
                return NULL;
        }
        const char *end = NULL;
        cJSON *root = cJSON_ParseWithOpts(text, &end, true);
        if (root == NULL) {
                int line = end && end >= text ? rg_text_line_of(text, (size_t)(end - text)) : 1;
                *rc = rg_fail(eb, RG_PARSE, "%s:%d: malformed JSON", what, line);
                return NULL;
        }
        if (!cJSON_IsObject(root)) {
                cJSON_Delete(root);
                *rc = rg_fail(eb, RG_PARSE, "%s: not a JSON object", what);
                return NULL;
        }
        *rc = RG_OK;
        return root;
}
