#include "run_file.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../common/hash.h"
#include "../common/number.h"
#include "json_read.h"

/* Relative agreement of a figure the file states with the one its counts
 * give; two zeros agree. */
static bool agrees(double a, double b)
{
        return fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b));
}

static int hex_digit(char ch)
{
        if (ch >= '0' && ch <= '9')
                return ch - '0';
        if (ch >= 'a' && ch <= 'f')
                return ch - 'a' + 10;
        if (ch >= 'A' && ch <= 'F')
                return ch - 'A' + 10;
        return -1;
}

/* Identity keys are checked whether or not the caller wants them, so a file
 * is valid or not regardless of who reads it. */
static int parse_identity(const struct backend_json_ctx *c, const cJSON *o,
                          struct backend_run_identity *id)
{
        struct backend_run_identity tmp;
        memset(&tmp, 0, sizeof(tmp));
        const cJSON *path, *seed, *erlang;
        int rc;
        if ((rc = backend_json_member(c, o, "path", &path)) != RG_OK ||
            (rc = backend_json_member(c, o, "seed", &seed)) != RG_OK ||
            (rc = backend_json_member(c, o, "erlang", &erlang)) != RG_OK)
                return rc;
        if (path != NULL) {
                if (!cJSON_IsString(path))
                        return backend_json_fail(c, RG_PARSE, "path", "must be a string");
                if (strlen(path->valuestring) >= sizeof(tmp.path))
                        return backend_json_fail(c, RG_RANGE, "path", "longer than %zu characters",
                                                 sizeof(tmp.path) - 1);
                snprintf(tmp.path, sizeof(tmp.path), "%s", path->valuestring);
        }
        if (seed != NULL) {
                if ((rc = backend_json_count(c, seed, "seed", &tmp.seed)) != RG_OK)
                        return rc;
                tmp.has_seed = true;
        }
        if (erlang != NULL) {
                if ((rc = backend_json_number(c, erlang, "erlang", &tmp.erlang)) != RG_OK)
                        return rc;
                char buf[32];
                if (!(tmp.erlang > 0))
                        return backend_json_fail(c, RG_RANGE, "erlang", "%s is not more than 0",
                                                 backend_json_num_text(tmp.erlang, buf));
                tmp.has_erlang = true;
        }
        if (id != NULL)
                *id = tmp;
        return RG_OK;
}

/* A failed run's file need not hold counts: only its reason is read. */
static int parse_failure(const struct backend_json_ctx *c, const cJSON *o,
                         struct backend_result *out)
{
        const cJSON *error, *at;
        int rc;
        if ((rc = backend_json_member(c, o, "error", &error)) != RG_OK ||
            (rc = backend_json_member(c, o, "fail_request", &at)) != RG_OK)
                return rc;
        if (error != NULL && !cJSON_IsString(error))
                return backend_json_fail(c, RG_PARSE, "error", "must be a string");
        const char *why = error && error->valuestring && error->valuestring[0]
                              ? error->valuestring
                              : "the run file says failed";
        backend_result_fail(out, RG_PATHFAIL, "%s", why);
        /* 0 is how rollgate writes "no request id" (sim_result.fail_request) */
        if (at != NULL) {
                if ((rc = backend_json_count(c, at, "fail_request", &out->fail_request)) != RG_OK)
                        return rc;
                if (out->fail_request != 0)
                        out->has |= BACKEND_HAS_FAIL_REQUEST;
        }
        return RG_OK;
}

static int parse_counts(const struct backend_json_ctx *c, const cJSON *o,
                        struct backend_result *out)
{
        const cJSON *req, *blk, *bp;
        int rc;
        if ((rc = backend_json_member(c, o, "requests", &req)) != RG_OK ||
            (rc = backend_json_member(c, o, "blocked", &blk)) != RG_OK ||
            (rc = backend_json_member(c, o, "bp", &bp)) != RG_OK)
                return rc;
        if (req == NULL)
                return backend_json_fail(c, RG_PARSE, "requests", "missing");
        if (blk == NULL)
                return backend_json_fail(c, RG_PARSE, "blocked", "missing");
        if ((rc = backend_json_count(c, req, "requests", &out->requests)) != RG_OK ||
            (rc = backend_json_count(c, blk, "blocked", &out->blocked)) != RG_OK)
                return rc;
        if (out->requests == 0)
                return backend_json_fail(c, RG_RANGE, "requests", "must be at least 1");
        if (out->blocked > out->requests)
                return backend_json_fail(c, RG_RANGE, "blocked", "%u is more than requests (%u)",
                                         out->blocked, out->requests);
        if (bp != NULL) {
                double x;
                char a[32], b[32];
                if ((rc = backend_json_ratio(c, bp, "bp", &x)) != RG_OK)
                        return rc;
                if (!agrees(x, backend_result_bp(out)))
                        return backend_json_fail(c, RG_RANGE, "bp",
                                                 "%s disagrees with blocked/requests = %s",
                                                 backend_json_num_text(x, a),
                                                 backend_json_num_text(backend_result_bp(out), b));
        }
        return RG_OK;
}

/* The Gb/s pair and the ratio: the ratio the file states is the one kept (the
 * gate judges what a path reports), but it must be the pair's. */
static int parse_bitrate(const struct backend_json_ctx *c, const cJSON *o,
                         struct backend_result *out)
{
        const cJSON *rq, *bq, *bbp;
        int rc;
        char a[32], b[32];
        if ((rc = backend_json_member(c, o, "requested_gbps", &rq)) != RG_OK ||
            (rc = backend_json_member(c, o, "blocked_gbps", &bq)) != RG_OK ||
            (rc = backend_json_member(c, o, "bbp", &bbp)) != RG_OK)
                return rc;
        if (rq != NULL || bq != NULL) {
                if (rq == NULL)
                        return backend_json_fail(c, RG_PARSE, "requested_gbps",
                                                 "missing (blocked_gbps is present)");
                if (bq == NULL)
                        return backend_json_fail(c, RG_PARSE, "blocked_gbps",
                                                 "missing (requested_gbps is present)");
                if ((rc = backend_json_number(c, rq, "requested_gbps", &out->requested_gbps)) !=
                        RG_OK ||
                    (rc = backend_json_number(c, bq, "blocked_gbps", &out->blocked_gbps)) != RG_OK)
                        return rc;
                if (!(out->requested_gbps > 0))
                        return backend_json_fail(c, RG_RANGE, "requested_gbps",
                                                 "%s is not more than 0",
                                                 backend_json_num_text(out->requested_gbps, a));
                if (!(out->blocked_gbps >= 0 && out->blocked_gbps <= out->requested_gbps))
                        return backend_json_fail(c, RG_RANGE, "blocked_gbps",
                                                 "%s is not in 0..requested_gbps (%s)",
                                                 backend_json_num_text(out->blocked_gbps, a),
                                                 backend_json_num_text(out->requested_gbps, b));
                out->bbp = out->blocked_gbps / out->requested_gbps;
                out->has |= BACKEND_HAS_GBPS | BACKEND_HAS_BBP;
        }
        if (bbp != NULL) {
                double x;
                if ((rc = backend_json_ratio(c, bbp, "bbp", &x)) != RG_OK)
                        return rc;
                if (backend_has(out, BACKEND_HAS_GBPS) && !agrees(x, out->bbp))
                        return backend_json_fail(
                            c, RG_RANGE, "bbp",
                            "%s disagrees with blocked_gbps/requested_gbps = %s",
                            backend_json_num_text(x, a), backend_json_num_text(out->bbp, b));
                out->bbp = x;
                out->has |= BACKEND_HAS_BBP;
        }
        return RG_OK;
}

/*
 * Every reason's count is read and they must add up to `blocked`, whatever
 * their names; distance and congestion are kept.  Other names (FUSION's
 * xt_threshold, failure) have nowhere to go, so the reasons count as present
 * only when those others are all 0: then blocked_by accounts for every block.
 */
static int parse_reasons(const struct backend_json_ctx *c, const cJSON *o,
                         struct backend_result *out)
{
        const cJSON *reasons;
        int rc = backend_json_member(c, o, "block_reasons", &reasons);
        if (rc != RG_OK || reasons == NULL)
                return rc;
        if ((rc = backend_json_small_object(c, reasons, "block_reasons")) != RG_OK)
                return rc;
        uint64_t sum = 0, other = 0;
        const cJSON *it;
        char key[BACKEND_JSON_KEY_MAX], nb[BACKEND_JSON_SHOWN_MAX];
        cJSON_ArrayForEach(it, reasons)
        {
                snprintf(key, sizeof(key), "block_reasons.%s",
                         backend_json_shown(backend_json_name(it), nb));
                if (backend_json_repeated(it))
                        return backend_json_fail(c, RG_PARSE, key, "written twice");
                uint32_t n;
                if ((rc = backend_json_count(c, it, key, &n)) != RG_OK)
                        return rc;
                sum += n;
                int r = backend_json_reason(backend_json_name(it));
                if (r > 0)
                        out->blocked_by[r] = n;
                else
                        other += n;
        }
        if (sum != out->blocked)
                return backend_json_fail(c, RG_RANGE, "block_reasons",
                                         "counts add up to %llu, blocked is %u",
                                         (unsigned long long)sum, out->blocked);
        if (other == 0)
                out->has |= BACKEND_HAS_REASONS;
        return RG_OK;
}

static int parse_mods(const struct backend_json_ctx *c, const cJSON *o, struct backend_result *out)
{
        const cJSON *mods;
        int rc = backend_json_member(c, o, "modulations", &mods);
        if (rc != RG_OK || mods == NULL)
                return rc;
        if ((rc = backend_json_small_object(c, mods, "modulations")) != RG_OK)
                return rc;
        const cJSON *it;
        char key[BACKEND_JSON_KEY_MAX], nb[BACKEND_JSON_SHOWN_MAX];
        cJSON_ArrayForEach(it, mods)
        {
                snprintf(key, sizeof(key), "modulations.%s",
                         backend_json_shown(backend_json_name(it), nb));
                uint32_t n;
                if (backend_json_repeated(it))
                        return backend_json_fail(c, RG_PARSE, key, "written twice");
                if ((rc = backend_json_count(c, it, key, &n)) != RG_OK ||
                    (rc = backend_json_add_mod(c, key, out, backend_json_name(it), n)) != RG_OK)
                        return rc;
        }
        if ((rc = backend_json_check_sum(c, "modulations", out->mod_count, out->n_mods, out)) !=
            RG_OK)
                return rc;
        out->has |= BACKEND_HAS_MODS;
        return RG_OK;
}

static int parse_trace(const struct backend_json_ctx *c, const cJSON *it,
                       struct backend_result *out)
{
        const char *s = cJSON_IsString(it) ? it->valuestring : NULL;
        uint64_t h = 0;
        int i = 0;
        while (s != NULL && i < 16 && hex_digit(s[i]) >= 0)
                h = h << 4 | (uint64_t)hex_digit(s[i++]);
        if (s == NULL || i != 16 || s[16] != '\0')
                return backend_json_fail(c, RG_PARSE, "trace_hash",
                                         "must be a string of 16 hex digits");
        out->trace_hash = h;
        out->has |= BACKEND_HAS_TRACE;
        return RG_OK;
}

static int parse_figures(const struct backend_json_ctx *c, const cJSON *o,
                         struct backend_result *out)
{
        const cJSON *hops, *km, *paths, *cores, *trace;
        int rc;
        if ((rc = parse_bitrate(c, o, out)) != RG_OK || (rc = parse_reasons(c, o, out)) != RG_OK ||
            (rc = parse_mods(c, o, out)) != RG_OK)
                return rc;
        if ((rc = backend_json_member(c, o, "hops_mean", &hops)) != RG_OK ||
            (rc = backend_json_member(c, o, "length_mean_km", &km)) != RG_OK ||
            (rc = backend_json_member(c, o, "path_index", &paths)) != RG_OK ||
            (rc = backend_json_member(c, o, "core_usage", &cores)) != RG_OK ||
            (rc = backend_json_member(c, o, "trace_hash", &trace)) != RG_OK)
                return rc;
        if (hops != NULL) {
                if ((rc = backend_json_mean(c, hops, "hops_mean", &out->hops_mean)) != RG_OK)
                        return rc;
                out->has |= BACKEND_HAS_HOPS;
        }
        if (km != NULL) {
                if ((rc = backend_json_mean(c, km, "length_mean_km", &out->length_mean_km)) !=
                    RG_OK)
                        return rc;
                out->has |= BACKEND_HAS_LENGTH;
        }
        if (paths != NULL) {
                if ((rc = backend_json_counts(c, paths, "path_index", SIM_MAX_K, out->path_index,
                                              &out->n_path_index)) != RG_OK ||
                    (rc = backend_json_check_sum(c, "path_index", out->path_index,
                                                 out->n_path_index, out)) != RG_OK)
                        return rc;
                out->has |= BACKEND_HAS_PATH_INDEX;
        }
        if (cores != NULL) {
                if ((rc = backend_json_counts(c, cores, "core_usage", SIM_MAX_CORES,
                                              out->core_usage, &out->n_cores)) != RG_OK ||
                    (rc = backend_json_check_sum(c, "core_usage", out->core_usage, out->n_cores,
                                                 out)) != RG_OK)
                        return rc;
                out->has |= BACKEND_HAS_CORES;
        }
        if (trace != NULL && (rc = parse_trace(c, trace, out)) != RG_OK)
                return rc;
        return RG_OK;
}

/*
 * A value's text is kept whole when it fits and otherwise cut to
 * BACKEND_VALUE_TEXT - 1 bytes ending in "...".  The cut moves back over
 * UTF-8 continuation bytes (at most three: a sequence is at most four bytes
 * long) so that a report shows valid UTF-8 whenever the file held it.
 */
static void value_text(struct backend_value *v, const char *s, size_t len)
{
        const size_t max = BACKEND_VALUE_TEXT - 1;
        if (len <= max) {
                memcpy(v->text, s, len);
                v->text[len] = '\0';
                return;
        }
        size_t n = max - 3;
        for (int back = 0; back < 3 && n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80; back++)
                n--;
        memcpy(v->text, s, n);
        memcpy(v->text + n, "...", 4);
        v->cut = true;
}

/* Little-endian whatever the host, so that the hash of a list is the same
 * on every machine a baseline is compared on. */
static uint64_t hash_double(uint64_t h, double x)
{
        uint64_t bits;
        memcpy(&bits, &x, sizeof(bits));
        unsigned char b[8];
        for (int i = 0; i < 8; i++)
                b[i] = (unsigned char)(bits >> (8 * i));
        return rg_fnv1a64(h, b, sizeof(b));
}

static int parse_string_value(const struct backend_json_ctx *c, const cJSON *it, const char *key,
                              struct backend_value *v)
{
        const char *s = it->valuestring;
        size_t len = strlen(s);
        if (len > UINT32_MAX)
                return backend_json_fail(c, RG_PARSE, key, "longer than %u bytes", UINT32_MAX);
        v->type = BACKEND_VALUE_STRING;
        v->count = (uint32_t)len;
        v->hash = rg_fnv1a64(RG_FNV1A64_BASIS, s, len);
        value_text(v, s, len);
        return RG_OK;
}

/*
 * -0 is read as 0 before it is hashed and written, so [0] and [-0.0] are one
 * value with one text.  The text stops growing once it is past what
 * value_text keeps; every element is still checked and hashed.
 */
static int parse_list_value(const struct backend_json_ctx *c, const cJSON *arr, const char *key,
                            struct backend_value *v)
{
        char buf[BACKEND_VALUE_TEXT + 64], num[32];
        char sub[BACKEND_JSON_KEY_MAX + sizeof("[4294967295]")];
        size_t len = 0;
        buf[len++] = '[';
        uint64_t h = RG_FNV1A64_BASIS;
        uint32_t n = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, arr)
        {
                if (n == UINT32_MAX)
                        return backend_json_fail(c, RG_PARSE, key, "more than %u elements",
                                                 UINT32_MAX);
                snprintf(sub, sizeof(sub), "%s[%u]", key, n);
                double x;
                int rc = backend_json_number(c, it, sub, &x);
                if (rc != RG_OK)
                        return rc;
                if (x == 0)
                        x = 0;
                h = hash_double(h, x);
                if (len < BACKEND_VALUE_TEXT) {
                        rg_double_text(num, sizeof(num), x);
                        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", n ? ", " : "",
                                                num);
                }
                n++;
        }
        if (len < BACKEND_VALUE_TEXT)
                buf[len++] = ']';
        v->type = BACKEND_VALUE_LIST;
        v->count = n;
        v->hash = h;
        value_text(v, buf, len);
        return RG_OK;
}

/* Names are checked against the ones already kept rather than with
 * backend_json_repeated: at most BACKEND_MAX_VALUES of them, so the check
 * stays cheap on an object of any size. */
static int parse_metric(const struct backend_json_ctx *c, const cJSON *it,
                        struct backend_result *out)
{
        const char *name = backend_json_name(it);
        char key[BACKEND_JSON_KEY_MAX];
        snprintf(key, sizeof(key), "metrics.%s", name);
        if (out->n_values >= BACKEND_MAX_VALUES)
                return backend_json_fail(c, RG_PARSE, key, "more than %d metrics",
                                         BACKEND_MAX_VALUES);
        if (name[0] == '\0')
                return backend_json_fail(c, RG_PARSE, key, "empty name");
        if (strlen(name) >= BACKEND_VALUE_NAME)
                return backend_json_fail(c, RG_PARSE, key, "name longer than %d bytes",
                                         BACKEND_VALUE_NAME - 1);
        if (backend_result_value(out, name) != NULL)
                return backend_json_fail(c, RG_PARSE, key, "written twice");
        struct backend_value *v = &out->value[out->n_values];
        int rc;
        if (cJSON_IsNumber(it)) {
                v->type = BACKEND_VALUE_NUMBER;
                rc = backend_json_number(c, it, key, &v->number);
        } else if (cJSON_IsString(it)) {
                rc = parse_string_value(c, it, key, v);
        } else if (cJSON_IsArray(it)) {
                rc = parse_list_value(c, it, key, v);
        } else {
                rc = backend_json_fail(c, RG_PARSE, key, "not a number, string or list of numbers");
        }
        if (rc != RG_OK)
                return rc;
        snprintf(v->name, sizeof(v->name), "%s", name);
        out->n_values++;
        return RG_OK;
}

static int parse_metrics(const struct backend_json_ctx *c, const cJSON *o,
                         struct backend_result *out)
{
        const cJSON *metrics, *it;
        int rc = backend_json_member(c, o, "metrics", &metrics);
        if (rc != RG_OK || metrics == NULL)
                return rc;
        if (!cJSON_IsObject(metrics))
                return backend_json_fail(c, RG_PARSE, "metrics", "must be an object");
        cJSON_ArrayForEach(it, metrics)
        {
                if ((rc = parse_metric(c, it, out)) != RG_OK)
                        return rc;
        }
        return RG_OK;
}

/* A failed run's metrics are read as strictly as an ok run's, like its
 * identity: whether a file is valid does not depend on its status. */
static int parse_run(const struct backend_json_ctx *c, const cJSON *o, struct backend_result *out,
                     struct backend_run_identity *id)
{
        if (!cJSON_IsObject(o))
                return rg_fail(c->eb, RG_PARSE, "%s: not a JSON object", c->what);
        const cJSON *status;
        char nb[BACKEND_JSON_SHOWN_MAX];
        int rc;
        if ((rc = parse_identity(c, o, id)) != RG_OK ||
            (rc = backend_json_member(c, o, "status", &status)) != RG_OK)
                return rc;
        if (status != NULL) {
                if (!cJSON_IsString(status))
                        return backend_json_fail(c, RG_PARSE, "status",
                                                 "must be \"ok\" or \"failed\"");
                if (strcmp(status->valuestring, "failed") == 0) {
                        if ((rc = parse_failure(c, o, out)) != RG_OK)
                                return rc;
                        return parse_metrics(c, o, out);
                }
                if (strcmp(status->valuestring, "ok") != 0)
                        return backend_json_fail(c, RG_PARSE, "status",
                                                 "'%s' is neither \"ok\" nor \"failed\"",
                                                 backend_json_shown(status->valuestring, nb));
        }
        if ((rc = parse_counts(c, o, out)) != RG_OK || (rc = parse_figures(c, o, out)) != RG_OK)
                return rc;
        return parse_metrics(c, o, out);
}

/* On an error `out` and `id` are left zeroed: nothing half-read survives. */
int backend_run_json_parse(const cJSON *o, const char *what, struct backend_result *out,
                           struct backend_run_identity *id, struct rg_errbuf *eb)
{
        struct backend_json_ctx c = {.what = what ? what : "run file", .prefix = "", .eb = eb};
        memset(out, 0, sizeof(*out));
        if (id != NULL)
                memset(id, 0, sizeof(*id));
        int rc = parse_run(&c, o, out, id);
        if (rc != RG_OK) {
                memset(out, 0, sizeof(*out));
                if (id != NULL)
                        memset(id, 0, sizeof(*id));
        }
        return rc;
}

int backend_run_file_parse(const char *text, const char *what, struct backend_result *out,
                           struct backend_run_identity *id, struct rg_errbuf *eb)
{
        int rc;
        what = what ? what : "run file";
        memset(out, 0, sizeof(*out));
        if (id != NULL)
                memset(id, 0, sizeof(*id));
        cJSON *root = backend_json_parse_text(text, what, &rc, eb);
        if (root == NULL)
                return rc;
        rc = backend_run_json_parse(root, what, out, id, eb);
        cJSON_Delete(root);
        return rc;
}
