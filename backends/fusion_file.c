#include "fusion_file.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"

/*
 * What FUSION writes (fusion/core/persistence.py:StatsPersistence.save_stats
 * and _prepare_iteration_stats; fusion/core/metrics.py:SimStats), as read in
 * FUSION's source and checked on files it wrote:
 *
 *   iter_stats {"<i>": entry}  one entry per iteration FUSION saved: the
 *       first, the last and every save_step-th (save_step = 1: all).  The
 *       keys are str(i); a file saved again may repeat one (Python then keeps
 *       the last).
 *   entry.sim_block_list, sim_br_block_list  cumulative over the load:
 *       element j is iteration j's BP / BBP, so entry i holds i + 1 of them
 *       and the last entry covers every iteration run.
 *   entry.block_reasons_dict  {distance, congestion, xt_threshold[, failure]}:
 *       counts while nothing was blocked, otherwise fractions of the blocked
 *       requests (finalize_iteration_statistics); null is "never counted".
 *   entry.mods_used_dict  bandwidth keys ("25", "100") hold {modulation:
 *       count}; modulation keys hold per-band counts and length/hop/snr
 *       statistics (skipped here).  Flattened to one count per modulation,
 *       summed over the bandwidth classes, in first-seen order.
 *   entry.hops_mean, lengths_mean  means over admitted requests, rounded to
 *       2 decimals by FUSION; null when none was admitted.
 *   entry.path_index_list  [k] requests per route index.
 *   entry.cores_dict  {"<core>": count}.
 *
 * FUSION counts modulations and cores per lightpath: with slicing
 * (max_segments > 1) a request counts once per slice.  A backend_result
 * counts requests, as rollgate's run file does, so counts that add up to more
 * than the admitted requests (slicing did happen) are left out, not refused.
 * No entry says how many requests an iteration had: the caller does, and
 * blocked = BP x requests must then be a whole number.
 */

/* The number an iter_stats or cores_dict key stands for (Python's str(i),
 * nothing else), or -1. */
static int index_key(const char *s)
{
        size_t n = strlen(s);
        if (n == 0 || n > 9 || (n > 1 && s[0] == '0'))
                return -1;
        int v = 0;
        for (size_t i = 0; i < n; i++) {
                if (s[i] < '0' || s[i] > '9')
                        return -1;
                v = v * 10 + (s[i] - '0');
        }
        return v;
}

struct fusion_file {
        cJSON *root;
        const cJSON *iters;
        int last;    /* highest iteration number with an entry, -1 when none */
        int covered; /* iterations covered: see backend_fusion_iterations */
};

/* The entry of iteration `i` (the last one written), or NULL. */
static const cJSON *fusion_entry(const struct fusion_file *f, int i)
{
        const cJSON *found = NULL, *it;
        cJSON_ArrayForEach(it, f->iters)
        {
                if (index_key(backend_json_name(it)) == i)
                        found = it;
        }
        return found;
}

/* Parses the text and checks iter_stats' keys. */
static int fusion_open(const char *text, const char *what, struct fusion_file *f,
                       struct rg_errbuf *eb)
{
        int rc;
        f->iters = NULL;
        f->last = -1;
        f->covered = 0;
        f->root = backend_json_parse_text(text, what, &rc, eb);
        if (f->root == NULL)
                return rc;
        f->iters = backend_json_last(f->root, "iter_stats");
        const cJSON *it;
        char nb[BACKEND_JSON_SHOWN_MAX];
        if (!cJSON_IsObject(f->iters))
                return rg_fail(eb, RG_PARSE, "%s: key 'iter_stats': %s", what,
                               f->iters ? "must be an object"
                                        : "missing (not a FUSION output file)");
        cJSON_ArrayForEach(it, f->iters)
        {
                int i = index_key(backend_json_name(it));
                if (i < 0)
                        return rg_fail(eb, RG_PARSE,
                                       "%s: key 'iter_stats.%s': not an iteration number", what,
                                       backend_json_shown(backend_json_name(it), nb));
                if (!cJSON_IsObject(it))
                        return rg_fail(eb, RG_PARSE, "%s: key 'iter_stats.%d': must be an object",
                                       what, i);
                if (i > f->last)
                        f->last = i;
        }
        f->covered = f->last + 1;
        const cJSON *list = backend_json_last(fusion_entry(f, f->last), "sim_block_list");
        if (cJSON_IsArray(list) && cJSON_GetArraySize(list) > f->covered)
                f->covered = cJSON_GetArraySize(list);
        return RG_OK;
}

/* Element `i` of one of an entry's cumulative lists; RG_NOTFOUND when the
 * list is absent or too short. */
static int fusion_list_ratio(const struct backend_json_ctx *c, const cJSON *entry, const char *key,
                             int i, double *out)
{
        const cJSON *list;
        int rc = backend_json_member(c, entry, key, &list);
        if (rc != RG_OK)
                return rc;
        if (list == NULL)
                return RG_NOTFOUND;
        if (!cJSON_IsArray(list))
                return backend_json_fail(c, RG_PARSE, key, "must be an array");
        const cJSON *it = list->child;
        for (int j = 0; it != NULL && j < i; j++)
                it = it->next;
        if (it == NULL)
                return RG_NOTFOUND;
        char sub[BACKEND_JSON_KEY_MAX];
        snprintf(sub, sizeof(sub), "%s[%d]", key, i);
        return backend_json_ratio(c, it, sub, out);
}

/* blocked = BP x requests, which must be a count of them. */
static int fusion_blocking(const struct backend_json_ctx *c, const cJSON *entry, int i,
                           uint32_t requests, struct backend_result *out)
{
        double bp, bbp;
        int rc = fusion_list_ratio(c, entry, "sim_block_list", i, &bp);
        if (rc == RG_NOTFOUND)
                return backend_json_fail(c, RG_PARSE, "sim_block_list", "has no element %d", i);
        if (rc != RG_OK)
                return rc;
        double x = bp * (double)requests, r = round(x);
        char buf[32], key[BACKEND_JSON_KEY_MAX];
        snprintf(key, sizeof(key), "sim_block_list[%d]", i);
        if (fabs(x - r) > 1e-6)
                return backend_json_fail(c, RG_PARSE, key, "%s is not a count of %u requests",
                                         backend_json_num_text(bp, buf), requests);
        out->requests = requests;
        out->blocked = (uint32_t)r;
        rc = fusion_list_ratio(c, entry, "sim_br_block_list", i, &bbp);
        if (rc == RG_NOTFOUND)
                return RG_OK;
        if (rc == RG_OK) {
                out->bbp = bbp;
                out->has |= BACKEND_HAS_BBP;
        }
        return rc;
}

/* Fractions of the blocked requests back to counts; see parse_reasons (run_file.c) for
 * when they count as present.  Reasons that account for fewer blocks than
 * there were (a block FUSION gave no reason for) leave them absent. */
static int fusion_reasons(const struct backend_json_ctx *c, const cJSON *entry,
                          struct backend_result *out)
{
        const cJSON *d;
        int rc = backend_json_member(c, entry, "block_reasons_dict", &d);
        if (rc != RG_OK || d == NULL)
                return rc;
        if ((rc = backend_json_small_object(c, d, "block_reasons_dict")) != RG_OK)
                return rc;
        uint64_t sum = 0, other = 0;
        uint32_t by[SIM_BLOCK_COUNT] = {0};
        const cJSON *it;
        char key[BACKEND_JSON_KEY_MAX], nb[BACKEND_JSON_SHOWN_MAX], buf[32];
        cJSON_ArrayForEach(it, d)
        {
                if (cJSON_IsNull(it) || backend_json_repeated(it))
                        continue;
                snprintf(key, sizeof(key), "block_reasons_dict.%s",
                         backend_json_shown(backend_json_name(it), nb));
                double v;
                if ((rc = backend_json_number(c, it, key, &v)) != RG_OK)
                        return rc;
                if (out->blocked == 0 && v != 0)
                        return backend_json_fail(c, RG_RANGE, key, "%s, but nothing was blocked",
                                                 backend_json_num_text(v, buf));
                if (!(v >= 0 && v <= 1))
                        return backend_json_fail(c, RG_RANGE, key, "%s is not a fraction in [0, 1]",
                                                 backend_json_num_text(v, buf));
                double x = v * out->blocked, r = round(x);
                if (fabs(x - r) > 1e-6)
                        return backend_json_fail(c, RG_PARSE, key,
                                                 "%s is not a fraction of %u blocked requests",
                                                 backend_json_num_text(v, buf), out->blocked);
                sum += (uint64_t)r;
                int k = backend_json_reason(backend_json_name(it));
                if (k > 0)
                        by[k] = (uint32_t)r;
                else
                        other += (uint64_t)r;
        }
        if (sum > out->blocked)
                return backend_json_fail(c, RG_RANGE, "block_reasons_dict",
                                         "reasons add up to %llu, more than the %u blocked",
                                         (unsigned long long)sum, out->blocked);
        if (sum == out->blocked && other == 0) {
                memcpy(out->blocked_by, by, sizeof(by));
                out->has |= BACKEND_HAS_REASONS;
        }
        return RG_OK;
}

static bool bandwidth_key(const char *s)
{
        char *end;
        double v = strtod(s, &end);
        return end != s && *end == '\0' && v > 0 && isfinite(v);
}

static int fusion_mods(const struct backend_json_ctx *c, const cJSON *entry,
                       struct backend_result *out)
{
        const cJSON *d;
        int rc = backend_json_member(c, entry, "mods_used_dict", &d);
        if (rc != RG_OK || d == NULL)
                return rc;
        if ((rc = backend_json_small_object(c, d, "mods_used_dict")) != RG_OK)
                return rc;
        bool any = false;
        const cJSON *bw, *it;
        char key[BACKEND_JSON_KEY_MAX], nb[BACKEND_JSON_SHOWN_MAX], nb2[BACKEND_JSON_SHOWN_MAX];
        cJSON_ArrayForEach(bw, d)
        {
                if (!bandwidth_key(backend_json_name(bw)) || backend_json_repeated(bw))
                        continue;
                snprintf(key, sizeof(key), "mods_used_dict.%s",
                         backend_json_shown(backend_json_name(bw), nb));
                if ((rc = backend_json_small_object(c, bw, key)) != RG_OK)
                        return rc;
                cJSON_ArrayForEach(it, bw)
                {
                        snprintf(key, sizeof(key), "mods_used_dict.%s.%s",
                                 backend_json_shown(backend_json_name(bw), nb),
                                 backend_json_shown(backend_json_name(it), nb2));
                        uint32_t n;
                        if (backend_json_repeated(it))
                                continue;
                        if ((rc = backend_json_count(c, it, key, &n)) != RG_OK ||
                            (rc = backend_json_add_mod(c, key, out, backend_json_name(it), n)) !=
                                RG_OK)
                                return rc;
                }
                any = true;
        }
        if (any &&
            backend_json_sum_counts(out->mod_count, out->n_mods) <= backend_json_admitted(out)) {
                out->has |= BACKEND_HAS_MODS;
        } else {
                out->n_mods = 0;
                memset(out->mod_names, 0, sizeof(out->mod_names));
                memset(out->mod_count, 0, sizeof(out->mod_count));
        }
        return RG_OK;
}

static int fusion_cores(const struct backend_json_ctx *c, const cJSON *entry,
                        struct backend_result *out)
{
        const cJSON *d;
        int rc = backend_json_member(c, entry, "cores_dict", &d);
        if (rc != RG_OK || d == NULL)
                return rc;
        if (!cJSON_IsObject(d))
                return backend_json_fail(c, RG_PARSE, "cores_dict", "must be an object");
        int n = cJSON_GetArraySize(d);
        if (n > SIM_MAX_CORES)
                return backend_json_fail(c, RG_RANGE, "cores_dict", "more than %d cores",
                                         SIM_MAX_CORES);
        bool seen[SIM_MAX_CORES] = {false};
        const cJSON *it;
        char key[BACKEND_JSON_KEY_MAX], nb[BACKEND_JSON_SHOWN_MAX];
        cJSON_ArrayForEach(it, d)
        {
                int core = index_key(backend_json_name(it));
                snprintf(key, sizeof(key), "cores_dict.%s",
                         backend_json_shown(backend_json_name(it), nb));
                if (core < 0 || core >= n || seen[core])
                        return backend_json_fail(c, RG_PARSE, key,
                                                 "not a core number 0..%d (once each)", n - 1);
                seen[core] = true;
                if ((rc = backend_json_count(c, it, key, &out->core_usage[core])) != RG_OK)
                        return rc;
        }
        if (backend_json_sum_counts(out->core_usage, n) > backend_json_admitted(out)) {
                memset(out->core_usage, 0, sizeof(out->core_usage));
                return RG_OK;
        }
        out->n_cores = n;
        out->has |= BACKEND_HAS_CORES;
        return RG_OK;
}

static int fusion_mean(const struct backend_json_ctx *c, const cJSON *entry, const char *key,
                       unsigned bit, double *dst, struct backend_result *out)
{
        const cJSON *it;
        int rc = backend_json_member(c, entry, key, &it);
        if (rc != RG_OK || it == NULL)
                return rc;
        if ((rc = backend_json_mean(c, it, key, dst)) == RG_OK)
                out->has |= bit;
        return rc;
}

static int fusion_figures(const struct backend_json_ctx *c, const cJSON *entry,
                          struct backend_result *out)
{
        const cJSON *paths;
        int rc;
        if ((rc = fusion_reasons(c, entry, out)) != RG_OK ||
            (rc = fusion_mods(c, entry, out)) != RG_OK ||
            (rc = fusion_cores(c, entry, out)) != RG_OK ||
            (rc = fusion_mean(c, entry, "hops_mean", BACKEND_HAS_HOPS, &out->hops_mean, out)) !=
                RG_OK ||
            (rc = fusion_mean(c, entry, "lengths_mean", BACKEND_HAS_LENGTH, &out->length_mean_km,
                              out)) != RG_OK ||
            (rc = backend_json_member(c, entry, "path_index_list", &paths)) != RG_OK)
                return rc;
        if (paths != NULL) {
                if ((rc = backend_json_counts(c, paths, "path_index_list", SIM_MAX_K,
                                              out->path_index, &out->n_path_index)) != RG_OK ||
                    (rc = backend_json_check_sum(c, "path_index_list", out->path_index,
                                                 out->n_path_index, out)) != RG_OK)
                        return rc;
                out->has |= BACKEND_HAS_PATH_INDEX;
        }
        return RG_OK;
}

/*
 * An iteration without an entry of its own (not a save step) still has its
 * BP and BBP in the cumulative lists of the last entry; its other figures are
 * absent.
 */
static int fusion_iteration(const struct fusion_file *f, const char *what, int iteration,
                            uint32_t requests, struct backend_result *out, struct rg_errbuf *eb)
{
        char prefix[32];
        struct backend_json_ctx c = {.what = what, .prefix = prefix, .last_wins = true, .eb = eb};
        const cJSON *entry = fusion_entry(f, iteration);
        if (entry != NULL) {
                snprintf(prefix, sizeof(prefix), "iter_stats.%d.", iteration);
                int rc = fusion_blocking(&c, entry, iteration, requests, out);
                return rc != RG_OK ? rc : fusion_figures(&c, entry, out);
        }
        if (iteration >= f->covered && f->covered == 0)
                return rg_fail(eb, RG_NOTFOUND,
                               "%s: key 'iter_stats': no iteration %d (it is empty)", what,
                               iteration);
        if (iteration >= f->covered)
                return rg_fail(eb, RG_NOTFOUND,
                               "%s: key 'iter_stats': no iteration %d (the file covers 0..%d)",
                               what, iteration, f->covered - 1);
        snprintf(prefix, sizeof(prefix), "iter_stats.%d.", f->last);
        return fusion_blocking(&c, fusion_entry(f, f->last), iteration, requests, out);
}

int backend_fusion_parse(const char *text, const char *what, int iteration, uint32_t requests,
                         struct backend_result *out, struct rg_errbuf *eb)
{
        what = what ? what : "FUSION output";
        memset(out, 0, sizeof(*out));
        if (iteration < 0)
                return rg_fail(eb, RG_RANGE, "%s: iteration %d is negative", what, iteration);
        if (requests == 0)
                return rg_fail(eb, RG_RANGE, "%s: 0 requests per iteration", what);
        struct fusion_file f;
        int rc = fusion_open(text, what, &f, eb);
        if (rc == RG_OK)
                rc = fusion_iteration(&f, what, iteration, requests, out, eb);
        if (rc != RG_OK)
                memset(out, 0, sizeof(*out));
        cJSON_Delete(f.root);
        return rc;
}

/* Iterations covered: up to the last entry, and as far as its cumulative
 * list reaches (they differ when FUSION saved only every save_step-th). */
int backend_fusion_iterations(const char *text)
{
        struct fusion_file f;
        int n = fusion_open(text, "", &f, NULL) == RG_OK ? f.covered : -1;
        cJSON_Delete(f.root);
        return n;
}
