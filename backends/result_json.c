#include "result_json.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../common/json_read.h"
#include "../common/json_write.h"

#define COUNT_MAX 4294967295.0 /* UINT32_MAX as the reader's bound */
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const char *const status_names[RG_ERROR_COUNT] = {
#define STATUS_NAME(name, desc) [RG_##name] = "RG_" #name,
    RG_ERRNO_MAP(STATUS_NAME)
#undef STATUS_NAME
};

/* Indexed by bit number of enum backend_field. */
static const char *const field_names[] = {
    "gbps",   "bbp",        "reasons", "mods",  "hops",
    "length", "path_index", "cores",   "trace", "fail_request",
};
#define FIELD_COUNT ((int)N_OF(field_names))
_Static_assert(1u << (FIELD_COUNT - 1) == BACKEND_HAS_FAIL_REQUEST,
               "field_names must name every bit of enum backend_field");

/* Our own names, not compare_clock_name's: backends/ does not depend on
 * compare/.  They are the same words, so a baseline's "clock" reads alike. */
static const char *const clock_names[] = {
    [BACKEND_CLOCK_THREAD_CPU] = "thread_cpu",
    [BACKEND_CLOCK_CHILD_CPU] = "child_cpu",
    [BACKEND_CLOCK_WALL] = "wall",
    [BACKEND_CLOCK_NONE] = "none",
};
#define CLOCK_COUNT ((int)N_OF(clock_names))

static const char *const value_keys[] = {"type", "count", "hash", "text", "cut"};
static const char *const mod_keys[] = {"name", "count"};
static const char *const result_keys[] = {
    "status",         "error",        "has",         "requests",   "blocked",
    "requested_gbps", "blocked_gbps", "bbp",         "blocked_by", "hops_mean",
    "length_mean_km", "mods",         "path_index",  "core_usage", "trace_hash",
    "fail_request",   "metrics",      "run_seconds", "clock",      "wall_seconds",
    "reused",
};

static bool terminated(const char *s, size_t cap)
{
        return memchr(s, '\0', cap) != NULL;
}

/* ---- writing ---- */

static void count(struct rg_json *w, cJSON *o, const char *key, uint32_t n)
{
        rg_json_finite(w, o, key, (double)n);
}

static void hex64(struct rg_json *w, cJSON *o, const char *key, uint64_t v)
{
        char text[20];
        snprintf(text, sizeof(text), "%016" PRIx64, v);
        rg_json_str(w, o, key, text);
}

/* An unterminated buffer would make cJSON read past it: refused instead. */
static void text(struct rg_json *w, cJSON *o, const char *key, const char *s, size_t cap)
{
        if (!terminated(s, cap))
                w->failed = true;
        else
                rg_json_str(w, o, key, s);
}

static void counts(struct rg_json *w, cJSON *o, const char *key, const uint32_t *v, int n)
{
        cJSON *a = rg_json_array(w, o, key);
        for (int i = 0; i < n; i++)
                count(w, a, NULL, v[i]);
}

/* What the form holds of a value, so that one it cannot hold is refused
 * rather than written changed: a number is the number alone. */
static bool value_writable(const struct backend_value *v)
{
        if (!terminated(v->name, sizeof(v->name)) || !terminated(v->text, sizeof(v->text)))
                return false;
        if (v->type == BACKEND_VALUE_NUMBER)
                return isfinite(v->number) && v->count == 0 && v->hash == 0 && !v->cut &&
                       v->text[0] == '\0';
        return v->type == BACKEND_VALUE_STRING || v->type == BACKEND_VALUE_LIST;
}

void backend_value_json_write(struct rg_json *w, cJSON *o, const struct backend_value *v)
{
        if (!value_writable(v)) {
                w->failed = true;
                return;
        }
        if (v->type == BACKEND_VALUE_NUMBER) {
                rg_json_finite(w, o, v->name, v->number);
                return;
        }
        cJSON *x = rg_json_object(w, o, v->name);
        rg_json_str(w, x, "type", v->type == BACKEND_VALUE_STRING ? "string" : "list");
        count(w, x, "count", v->count);
        hex64(w, x, "hash", v->hash);
        rg_json_str(w, x, "text", v->text);
        rg_json_bool(w, x, "cut", v->cut);
}

static bool writable(const struct backend_result *res)
{
        return res->status >= 0 && res->status < RG_ERROR_COUNT && (res->has >> FIELD_COUNT) == 0 &&
               (int)res->clock >= 0 && (int)res->clock < CLOCK_COUNT && res->n_mods >= 0 &&
               res->n_mods <= BACKEND_MAX_MODS && res->n_path_index >= 0 &&
               res->n_path_index <= SIM_MAX_K && res->n_cores >= 0 &&
               res->n_cores <= SIM_MAX_CORES && res->n_values >= 0 &&
               res->n_values <= BACKEND_MAX_VALUES;
}

void backend_result_json_write(struct rg_json *w, cJSON *o, const struct backend_result *res)
{
        if (!writable(res)) {
                w->failed = true;
                return;
        }
        rg_json_str(w, o, "status", status_names[res->status]);
        text(w, o, "error", res->error, sizeof(res->error));
        cJSON *has = rg_json_array(w, o, "has");
        for (int b = 0; b < FIELD_COUNT; b++)
                if (res->has & 1u << b)
                        rg_json_str(w, has, NULL, field_names[b]);
        count(w, o, "requests", res->requests);
        count(w, o, "blocked", res->blocked);
        rg_json_num(w, o, "requested_gbps", res->requested_gbps);
        rg_json_num(w, o, "blocked_gbps", res->blocked_gbps);
        rg_json_num(w, o, "bbp", res->bbp);
        cJSON *by = rg_json_object(w, o, "blocked_by");
        for (int k = 0; k < SIM_BLOCK_COUNT; k++)
                count(w, by, sim_block_name((enum sim_block)k), res->blocked_by[k]);
        rg_json_num(w, o, "hops_mean", res->hops_mean);
        rg_json_num(w, o, "length_mean_km", res->length_mean_km);
        cJSON *mods = rg_json_array(w, o, "mods");
        for (int i = 0; i < res->n_mods; i++) {
                cJSON *m = rg_json_object(w, mods, NULL);
                text(w, m, "name", res->mod_names[i], sizeof(res->mod_names[i]));
                count(w, m, "count", res->mod_count[i]);
        }
        counts(w, o, "path_index", res->path_index, res->n_path_index);
        counts(w, o, "core_usage", res->core_usage, res->n_cores);
        hex64(w, o, "trace_hash", res->trace_hash);
        count(w, o, "fail_request", res->fail_request);
        cJSON *mt = rg_json_object(w, o, "metrics");
        for (int i = 0; i < res->n_values; i++)
                backend_value_json_write(w, mt, &res->value[i]);
        rg_json_num(w, o, "run_seconds", res->run_seconds);
        rg_json_str(w, o, "clock", clock_names[res->clock]);
        rg_json_num(w, o, "wall_seconds", res->wall_seconds);
        rg_json_bool(w, o, "reused", res->reused);
}

/* ---- reading ---- */

/*
 * cJSON keeps every member of a name and its look-up returns the first: a
 * member written twice would be read as its first copy, silently.  Each
 * known name is therefore looked for once more after its first copy --
 * keys x members, whatever the object's size.
 */
static void once_each(struct rg_json_reader *r, const cJSON *o, const char *where,
                      const char *const *keys, size_t n)
{
        for (size_t k = 0; k < n && r->rc == RG_OK; k++) {
                const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, keys[k]);
                for (const cJSON *x = it ? it->next : NULL; x; x = x->next)
                        if (x->string && strcmp(x->string, keys[k]) == 0) {
                                rg_json_read_fail(r, RG_PARSE, where, keys[k], "appears twice");
                                break;
                        }
        }
}

/* `where` + the formatted rest into out; false (and a refusal) when it does
 * not fit, so that no message names a key cut short. */
static bool key_path(struct rg_json_reader *r, char *out, size_t cap, const char *where,
                     const char *key, const char *suffix)
{
        int len = snprintf(out, cap, "%s%s%s", where, key, suffix);
        if (r->rc == RG_OK && (len < 0 || (size_t)len >= cap)) {
                rg_json_read_fail(r, RG_PARSE, where, key, "key path too long");
                return false;
        }
        return r->rc == RG_OK;
}

static bool read_bool(struct rg_json_reader *r, const cJSON *o, const char *where, const char *key)
{
        const cJSON *b = rg_json_typed(r, o, where, key, cJSON_IsBool, "true or false");
        return b && cJSON_IsTrue(b);
}

static uint32_t read_count(struct rg_json_reader *r, const cJSON *o, const char *where,
                           const char *key)
{
        return (uint32_t)rg_json_read_whole(r, o, where, key, 0, COUNT_MAX);
}

void backend_value_json_read(struct rg_json_reader *r, const cJSON *x, const char *at,
                             struct backend_value *v)
{
        memset(v, 0, sizeof(*v));
        if (r->rc != RG_OK)
                return;
        const char *name = x->string ? x->string : "";
        if (name[0] == '\0' || strlen(name) >= sizeof(v->name)) {
                rg_json_read_fail(r, RG_PARSE, at, name,
                                  "a metric's name must be 1 to %zu bytes long",
                                  sizeof(v->name) - 1);
                return;
        }
        snprintf(v->name, sizeof(v->name), "%s", name);
        if (cJSON_IsNumber(x)) {
                v->type = BACKEND_VALUE_NUMBER;
                v->number = x->valuedouble;
                if (!isfinite(v->number))
                        rg_json_read_fail(r, RG_PARSE, at, name, "must be a finite number");
        } else if (!cJSON_IsObject(x)) {
                rg_json_read_fail(r, RG_PARSE, at, name,
                                  "must be a number or an object {type, count, hash, text, cut}, "
                                  "not %s",
                                  rg_json_type_name(x));
        } else {
                char sub[224], type[16] = "";
                if (!key_path(r, sub, sizeof(sub), at, name, "."))
                        goto out;
                once_each(r, x, sub, value_keys, N_OF(value_keys));
                rg_json_read_text(r, x, sub, "type", type, sizeof(type));
                if (r->rc == RG_OK && strcmp(type, "string") != 0 && strcmp(type, "list") != 0)
                        rg_json_read_fail(r, RG_PARSE, sub, "type",
                                          "must be \"string\" or \"list\"");
                v->type = strcmp(type, "list") == 0 ? BACKEND_VALUE_LIST : BACKEND_VALUE_STRING;
                v->count = read_count(r, x, sub, "count");
                v->hash = rg_json_read_hex64(r, x, sub, "hash", "");
                rg_json_read_text(r, x, sub, "text", v->text, sizeof(v->text));
                v->cut = read_bool(r, x, sub, "cut");
        }
out:
        if (r->rc != RG_OK)
                memset(v, 0, sizeof(*v));
}

static void read_status(struct rg_json_reader *r, const cJSON *o, const char *where,
                        struct backend_result *res)
{
        const cJSON *s = rg_json_typed(r, o, where, "status", cJSON_IsString, "a string");
        if (s == NULL)
                return;
        for (int c = 0; c < RG_ERROR_COUNT; c++)
                if (strcmp(s->valuestring, status_names[c]) == 0) {
                        res->status = c;
                        return;
                }
        rg_json_read_fail(r, RG_PARSE, where, "status",
                          "\"%.40s\" is not the name of an RG_* code (RG_OK, RG_PATHFAIL, ...)",
                          s->valuestring);
}

static void read_has(struct rg_json_reader *r, const cJSON *o, const char *where,
                     struct backend_result *res)
{
        const cJSON *a = rg_json_typed(r, o, where, "has", cJSON_IsArray, "an array");
        int i = 0;
        for (const cJSON *x = a ? a->child : NULL; x && r->rc == RG_OK; x = x->next, i++) {
                char key[32];
                snprintf(key, sizeof(key), "has[%d]", i);
                if (!cJSON_IsString(x)) {
                        rg_json_read_fail(r, RG_PARSE, where, key,
                                          "must be a field name (a string), not %s",
                                          rg_json_type_name(x));
                        return;
                }
                int b = 0;
                while (b < FIELD_COUNT && strcmp(x->valuestring, field_names[b]) != 0)
                        b++;
                if (b == FIELD_COUNT)
                        rg_json_read_fail(r, RG_PARSE, where, key,
                                          "\"%.40s\" is none of gbps, bbp, reasons, mods, hops, "
                                          "length, path_index, cores, trace, fail_request",
                                          x->valuestring);
                else if (res->has & 1u << b)
                        rg_json_read_fail(r, RG_PARSE, where, key, "\"%s\" appears twice",
                                          field_names[b]);
                else
                        res->has |= 1u << b;
        }
}

/* An array of at most `max` elements (its size in *n), or NULL. */
static const cJSON *sized_array(struct rg_json_reader *r, const cJSON *o, const char *where,
                                const char *key, int max, int *n)
{
        const cJSON *a = rg_json_typed(r, o, where, key, cJSON_IsArray, "an array");
        *n = 0;
        if (a == NULL)
                return NULL;
        int size = cJSON_GetArraySize(a);
        if (size > max) {
                rg_json_read_fail(r, RG_PARSE, where, key, "must have at most %d elements, not %d",
                                  max, size);
                return NULL;
        }
        *n = size;
        return a;
}

static void read_counts(struct rg_json_reader *r, const cJSON *o, const char *where,
                        const char *key, int max, uint32_t *dst, int *n)
{
        int size;
        const cJSON *a = sized_array(r, o, where, key, max, &size);
        int i = 0;
        for (const cJSON *x = a ? a->child : NULL; x && r->rc == RG_OK; x = x->next, i++) {
                char k[48];
                snprintf(k, sizeof(k), "%s[%d]", key, i);
                dst[i] = (uint32_t)rg_json_read_whole_item(r, x, where, k, 0, COUNT_MAX);
        }
        *n = r->rc == RG_OK ? size : 0;
}

static void read_blocked_by(struct rg_json_reader *r, const cJSON *o, const char *where,
                            struct backend_result *res)
{
        const cJSON *by = rg_json_typed(r, o, where, "blocked_by", cJSON_IsObject, "an object");
        char sub[256];
        if (by == NULL || !key_path(r, sub, sizeof(sub), where, "blocked_by", "."))
                return;
        const char *names[SIM_BLOCK_COUNT];
        for (int k = 0; k < SIM_BLOCK_COUNT; k++)
                names[k] = sim_block_name((enum sim_block)k);
        once_each(r, by, sub, names, SIM_BLOCK_COUNT);
        for (int k = 0; k < SIM_BLOCK_COUNT; k++)
                res->blocked_by[k] = read_count(r, by, sub, names[k]);
}

static void read_mods(struct rg_json_reader *r, const cJSON *o, const char *where,
                      struct backend_result *res)
{
        int n;
        const cJSON *a = sized_array(r, o, where, "mods", BACKEND_MAX_MODS, &n);
        int i = 0;
        for (const cJSON *x = a ? a->child : NULL; x && r->rc == RG_OK; x = x->next, i++) {
                char key[32], sub[256];
                snprintf(key, sizeof(key), "mods[%d]", i);
                if (!cJSON_IsObject(x)) {
                        rg_json_read_fail(r, RG_PARSE, where, key,
                                          "must be an object {name, count}, not %s",
                                          rg_json_type_name(x));
                        return;
                }
                if (!key_path(r, sub, sizeof(sub), where, key, "."))
                        return;
                once_each(r, x, sub, mod_keys, N_OF(mod_keys));
                rg_json_read_text(r, x, sub, "name", res->mod_names[i], sizeof(res->mod_names[i]));
                res->mod_count[i] = read_count(r, x, sub, "count");
        }
        res->n_mods = r->rc == RG_OK ? n : 0;
}

/* The values in file order, as gate/baseline.c reads a run's `metrics`. */
static void read_metrics(struct rg_json_reader *r, const cJSON *o, const char *where,
                         struct backend_result *res)
{
        const cJSON *mt = rg_json_typed(r, o, where, "metrics", cJSON_IsObject, "an object");
        char sub[256];
        if (mt == NULL || !key_path(r, sub, sizeof(sub), where, "metrics", "."))
                return;
        int n = 0;
        for (const cJSON *x = mt->child; x && r->rc == RG_OK; x = x->next, n++) {
                if (n == BACKEND_MAX_VALUES) {
                        rg_json_read_fail(r, RG_PARSE, where, "metrics", "more than %d values",
                                          BACKEND_MAX_VALUES);
                        return;
                }
                backend_value_json_read(r, x, sub, &res->value[n]);
                for (int j = 0; j < n && r->rc == RG_OK; j++)
                        if (strcmp(res->value[j].name, res->value[n].name) == 0)
                                rg_json_read_fail(r, RG_PARSE, sub, res->value[n].name,
                                                  "appears twice");
        }
        res->n_values = r->rc == RG_OK ? n : 0;
}

static void read_clock(struct rg_json_reader *r, const cJSON *o, const char *where,
                       struct backend_result *res)
{
        const cJSON *c = rg_json_typed(r, o, where, "clock", cJSON_IsString, "a string");
        if (c == NULL)
                return;
        for (int k = 0; k < CLOCK_COUNT; k++)
                if (strcmp(c->valuestring, clock_names[k]) == 0) {
                        res->clock = (enum backend_clock)k;
                        return;
                }
        rg_json_read_fail(r, RG_PARSE, where, "clock",
                          "\"%.40s\" is none of thread_cpu, child_cpu, wall, none", c->valuestring);
}

void backend_result_json_read(struct rg_json_reader *r, const cJSON *o, const char *where,
                              struct backend_result *res)
{
        memset(res, 0, sizeof(*res));
        if (r->rc != RG_OK)
                return;
        if (!cJSON_IsObject(o)) {
                rg_json_read_fail(r, RG_PARSE, where, NULL, "must be an object, not %s",
                                  rg_json_type_name(o));
                return;
        }
        once_each(r, o, where, result_keys, N_OF(result_keys));
        read_status(r, o, where, res);
        rg_json_read_text(r, o, where, "error", res->error, sizeof(res->error));
        read_has(r, o, where, res);
        res->requests = read_count(r, o, where, "requests");
        res->blocked = read_count(r, o, where, "blocked");
        res->requested_gbps = rg_json_read_num(r, o, where, "requested_gbps");
        res->blocked_gbps = rg_json_read_num(r, o, where, "blocked_gbps");
        res->bbp = rg_json_read_num(r, o, where, "bbp");
        read_blocked_by(r, o, where, res);
        res->hops_mean = rg_json_read_num(r, o, where, "hops_mean");
        res->length_mean_km = rg_json_read_num(r, o, where, "length_mean_km");
        read_mods(r, o, where, res);
        read_counts(r, o, where, "path_index", SIM_MAX_K, res->path_index, &res->n_path_index);
        read_counts(r, o, where, "core_usage", SIM_MAX_CORES, res->core_usage, &res->n_cores);
        res->trace_hash = rg_json_read_hex64(r, o, where, "trace_hash", "");
        res->fail_request = read_count(r, o, where, "fail_request");
        read_metrics(r, o, where, res);
        res->run_seconds = rg_json_read_num(r, o, where, "run_seconds");
        read_clock(r, o, where, res);
        res->wall_seconds = rg_json_read_num(r, o, where, "wall_seconds");
        res->reused = read_bool(r, o, where, "reused");
        if (r->rc != RG_OK)
                memset(res, 0, sizeof(*res));
}
