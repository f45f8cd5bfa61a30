#include "shard.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../backends/result_json.h"
#include "../common/buf.h"
#include "../common/file.h"
#include "../common/hash.h"
#include "../common/json_read.h"
#include "../common/json_write.h"
#include "../common/number.h"
#include "exec.h"

/* ---- slices ---- */

int compare_shard_slice(const struct compare_result *r, int index, int count, int *out)
{
        const int n_all = r->n_loads * r->n_reps;
        if (count < 1 || index < 0 || index >= count)
                return 0;
        int *order = malloc((size_t)n_all * sizeof(int));
        double *load = calloc((size_t)count, sizeof(double));
        char *mine = calloc((size_t)n_all, 1);
        int n = 0;
        if (order && load && mine) {
                for (int j = 0; j < n_all; j++)
                        order[j] = j;
        }
        if (order && load && mine && compare_by_cost(r, order, n_all)) {
                for (int i = 0; i < n_all; i++) {
                        int least = 0;
                        for (int s = 1; s < count; s++)
                                if (load[s] < load[least])
                                        least = s;
                        /* requests are the same for every pair: the erlang
                         * is the cost, one unit more keeps a load of 0 from
                         * piling onto one shard */
                        load[least] += r->loads[r->pairs[order[i]].load] + 1.0;
                        if (least == index)
                                mine[order[i]] = 1;
                }
                for (int j = 0; j < n_all; j++)
                        if (mine[j])
                                out[n++] = j;
        } else {
                n = -1;
        }
        free(order);
        free(load);
        free(mine);
        return n;
}

void compare_shard_file_name(int index, int count, char *name, size_t cap)
{
        snprintf(name, cap, "rollgate-shard-%d-of-%d.json", index, count);
}

/* ---- the configuration's fingerprint ---- */

static void num(struct rg_buf *b, const char *key, double v)
{
        char t[40];
        rg_double_text(t, sizeof(t), v);
        rg_buf_printf(b, "%s: %s\n", key, t);
}

static void policy(struct rg_buf *b, const char *at, const struct stats_policy *p)
{
        char key[96];
        const double v[] = {p->t1, p->t2, p->confidence, p->perf_threshold, p->low_signal_blocked};
        static const char *const names[] = {"t1", "t2", "confidence", "perf_threshold",
                                            "low_signal_blocked"};
        for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
                snprintf(key, sizeof(key), "%s.%s", at, names[i]);
                num(b, key, v[i]);
        }
        rg_buf_printf(b, "%s.deviation: %s\n%s.direction: %s\n", at,
                      p->deviation == STATS_DEV_RELATIVE ? "relative" : "absolute", at,
                      p->direction == STATS_DIR_INCREASE ? "increase" : "either");
}

/* The model the builtin paths simulate, by its inputs: the topology, the
 * formats and the parameters, which determine every route and reach row (the
 * routes are computed lazily, so hashing them would mean computing them all). */
static uint64_t model_hash(const struct sim_model *m)
{
        struct rg_buf b;
        rg_buf_init(&b);
        const struct sim_topology *t = m->topo;
        rg_buf_printf(&b, "%s %d %d\n", t->name, t->n_nodes, t->n_links);
        for (int i = 0; i < t->n_nodes; i++)
                rg_buf_printf(&b, "%s\n", t->names[i]);
        for (int i = 0; i < t->n_links; i++) {
                char km[40];
                rg_double_text(km, sizeof(km), t->links[i].km);
                rg_buf_printf(&b, "%d %d %s %u\n", t->links[i].a, t->links[i].b, km,
                              t->links[i].dirs);
        }
        const struct sim_modtable *mt = &m->mods;
        rg_buf_printf(&b, "%s %d %d\n", mt->assumption, mt->n_classes, mt->n_mods);
        for (int i = 0; i < mt->n_mods; i++)
                rg_buf_printf(&b, "%s\n", mt->mod_names[i]);
        for (int c = 0; c < mt->n_classes; c++) {
                const struct sim_bw_class *k = &mt->cls[c];
                char g[40];
                rg_double_text(g, sizeof(g), k->gbps);
                rg_buf_printf(&b, "%s %s %d\n", k->label, g, k->n_mods);
                for (int i = 0; i < k->n_mods && i < SIM_MAX_MODS; i++) {
                        rg_double_text(g, sizeof(g), k->max_km[i]);
                        rg_buf_printf(&b, " %d %s %d\n", k->mod[i], g, k->slots[i]);
                }
        }
        const struct sim_params *p = &m->par;
        rg_buf_printf(&b, "%d %d %d %d %d %d\n", p->k_paths, p->cores, p->slots, p->guard,
                      (int)p->fit, (int)p->single_mod);
        uint64_t h = rg_fnv1a64(RG_FNV1A64_BASIS, rg_buf_text(&b), b.len);
        rg_buf_finish(&b);
        return h;
}

static void inputs(struct rg_buf *b, const struct compare_inputs *in)
{
        rg_buf_printf(b,
                      "config: %s\nmodel: %d\ntopology: %s\nnodes: %d\nlinks: %d\n"
                      "k_paths: %d\ncores: %d\nslots: %d\nguard: %d\nallocation: %s\n"
                      "mod_assumption: %s\nrequests: %" PRIu32 "\n",
                      in->config, (int)in->have_model, in->topology, in->nodes, in->links,
                      in->k_paths, in->cores, in->slots, in->guard, in->allocation,
                      in->mod_assumption, in->requests);
        num(b, "holding_time", in->holding_time);
        for (int i = 0; i < in->n_dist; i++) {
                char t[40];
                rg_double_text(t, sizeof(t), in->dist_prob[i]);
                rg_buf_printf(b, "class: %s %s\n", in->dist_label[i], t);
        }
        rg_buf_printf(b, "bandwidths: %d\n", (int)in->have_bw);
        if (in->have_bw) {
                num(b, "bw_min", in->bw_min);
                num(b, "bw_max", in->bw_max);
                num(b, "bw_mean", in->bw_mean);
        }
}

static void declared(struct rg_buf *b, const struct compare_config *cfg)
{
        for (int i = 0; i < cfg->n_declared; i++) {
                const struct compare_metric_decl *d = &cfg->declared[i];
                char at[80];
                snprintf(at, sizeof(at), "metric.%s", d->name);
                rg_buf_printf(b, "%s: %s %s unit=%s\n", at, compare_kind_name(d->kind),
                              d->primary ? "primary" : "secondary", d->unit);
                policy(b, at, &d->pol);
                char k[96];
                snprintf(k, sizeof(k), "%s.abs_tol", at);
                num(b, k, d->abs_tol);
                snprintf(k, sizeof(k), "%s.rel_tol", at);
                num(b, k, d->rel_tol);
        }
}

/* One line of a text that may hold several: each newline continued. */
static void text_lines(struct rg_buf *b, const char *key, const char *text)
{
        rg_buf_printf(b, "%s:", key);
        for (const char *s = text; *s; s++) {
                rg_buf_putc(b, *s);
                if (*s == '\n')
                        rg_buf_puts(b, "  ");
        }
        rg_buf_putc(b, '\n');
}

int compare_fingerprint_text(const struct compare_result *r, const struct compare_sim *sim,
                             const char *extra, char **text, struct rg_errbuf *eb)
{
        const struct compare_config *cfg = r->cfg;
        struct rg_buf b;
        rg_buf_init(&b);
        inputs(&b, &r->inputs);
        policy(&b, "policy", &cfg->policy);
        declared(&b, cfg);
        static const char *const role[2] = {"legacy", "orchestrator"};
        for (int i = 0; i < 2; i++) {
                const struct backend *be = cfg->backend[i];
                char key[48];
                rg_buf_printf(&b, "%s: %s (%s)\n", role[i], be->name, be->ops->kind);
                snprintf(key, sizeof(key), "%s.identity", role[i]);
                text_lines(&b, key, be->identity);
        }
        char inj[256];
        sim_inject_format(&cfg->inject, inj, sizeof(inj));
        rg_buf_printf(&b, "inject: %s\nrollback_env: %s\nrollback_config_key: %s\n", inj,
                      cfg->rollback_env, cfg->rollback_config_key);
        rg_buf_printf(&b, "unpaired: %d\nexact: %d\nsequential: %d\n", (int)cfg->unpaired,
                      (int)cfg->exact, (int)cfg->seq.on);
        if (cfg->seq.on)
                rg_buf_printf(&b, "sequential.design: %d of %d, %s\n", cfg->seq.batch, cfg->seq.max,
                              stats_spending_name(cfg->seq.spending));
        rg_buf_puts(&b, "loads:");
        for (int li = 0; li < r->n_loads; li++) {
                char t[40];
                rg_double_text(t, sizeof(t), r->loads[li]);
                rg_buf_printf(&b, " %s", t);
        }
        rg_buf_puts(&b, "\nseeds:");
        for (int i = 0; i < r->n_reps; i++)
                rg_buf_printf(&b, " %" PRIu32, r->seeds[i]);
        rg_buf_putc(&b, '\n');
        for (int li = 0; cfg->run_config && li < r->n_loads; li++) {
                const char *t = cfg->run_config[li] ? cfg->run_config[li] : "";
                rg_buf_printf(&b, "run_config[%d]: %016" PRIx64 "\n", li,
                              rg_fnv1a64(RG_FNV1A64_BASIS, t, strlen(t)));
        }
        if (sim && sim->model)
                rg_buf_printf(&b, "model: %016" PRIx64 "\n", model_hash(sim->model));
        if (extra)
                rg_buf_puts(&b, extra);
        if (rg_buf_failed(&b)) {
                rg_buf_finish(&b);
                return rg_fail(eb, RG_NOMEM, "out of memory for the configuration's fingerprint");
        }
        *text = b.data ? b.data : strdup("");
        if (*text == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory for the configuration's fingerprint");
        return RG_OK;
}

uint64_t compare_fingerprint(const char *text)
{
        return rg_fnv1a64(RG_FNV1A64_BASIS, text, strlen(text));
}

/* ---- writing a shard file ---- */

static void hex64(struct rg_json *w, cJSON *o, const char *key, uint64_t v)
{
        char t[24];
        snprintf(t, sizeof(t), "%016" PRIx64, v);
        rg_json_str(w, o, key, t);
}

static void pair_json(struct rg_json *w, cJSON *arr, const struct compare_pair *pr, int j)
{
        cJSON *o = rg_json_object(w, arr, NULL);
        rg_json_num(w, o, "pair", j);
        cJSON *seed = rg_json_array(w, o, "seed");
        rg_json_num(w, seed, NULL, pr->seed[0]);
        rg_json_num(w, seed, NULL, pr->seed[1]);
        cJSON *gen = rg_json_array(w, o, "gen_seconds");
        rg_json_num(w, gen, NULL, pr->gen_seconds[0]);
        rg_json_num(w, gen, NULL, pr->gen_seconds[1]);
        cJSON *ex = rg_json_array(w, o, "executed");
        rg_json_bool(w, ex, NULL, pr->executed[0]);
        rg_json_bool(w, ex, NULL, pr->executed[1]);
        rg_json_num(w, o, "harness_rc", pr->harness_rc);
        rg_json_str(w, o, "harness_error", pr->harness_error);
        cJSON *runs = rg_json_array(w, o, "runs");
        for (int role = 0; role < 2; role++)
                backend_result_json_write(w, rg_json_object(w, runs, NULL), &pr->run[role]);
}

int compare_shard_write(const struct compare_result *r, int index, int count, const int *slice,
                        int n, const char *configuration, int argc, char *const *argv,
                        const char *version, const char *path, struct rg_errbuf *eb)
{
        struct rg_json w = {0};
        cJSON *o = cJSON_CreateObject();
        w.failed |= o == NULL;
        rg_json_num(&w, o, "rollgate_shard", COMPARE_SHARD_FORMAT);
        rg_json_str(&w, o, "version", version);
        cJSON *sh = rg_json_object(&w, o, "shard");
        rg_json_num(&w, sh, "index", index);
        rg_json_num(&w, sh, "count", count);
        hex64(&w, o, "fingerprint", compare_fingerprint(configuration));
        rg_json_str(&w, o, "configuration", configuration);
        cJSON *args = rg_json_array(&w, o, "arguments");
        for (int i = 0; i < argc; i++)
                rg_json_str(&w, args, NULL, argv[i]);
        char cwd[4096];
        rg_json_str(&w, o, "cwd", getcwd(cwd, sizeof(cwd)) ? cwd : "");
        cJSON *t = rg_json_object(&w, o, "timing");
        char host[COMPARE_HOST_NAME];
        compare_host_name(host, sizeof(host));
        rg_json_str(&w, t, "host", host);
        rg_json_num(&w, t, "threads", r->threads_used);
        rg_json_num(&w, t, "wall_seconds", r->wall_seconds);
        rg_json_num(&w, t, "started", (double)r->started);
        rg_json_num(&w, t, "finished", (double)r->finished);
        rg_json_num(&w, t, "external_runs_executed", r->runs_executed);
        rg_json_num(&w, t, "external_runs_reused", r->runs_reused);
        cJSON *pairs = rg_json_array(&w, o, "pairs");
        for (int i = 0; i < n; i++)
                pair_json(&w, pairs, &r->pairs[slice[i]], slice[i]);
        struct rg_buf out;
        rg_buf_init(&out);
        int rc = rg_json_finish(&w, o, "shard file", &out, eb);
        if (rc == RG_OK)
                rc = rg_file_write_atomic(path, rg_buf_text(&out), out.len, eb);
        rg_buf_finish(&out);
        return rc;
}

/* ---- reading one ---- */

/* An array member of exactly `n` elements (n < 0: any length). */
static const cJSON *array(struct rg_json_reader *r, const cJSON *o, const char *at, const char *key,
                          int n)
{
        const cJSON *it = rg_json_typed(r, o, at, key, cJSON_IsArray, "an array");
        if (it && n >= 0 && cJSON_GetArraySize(it) != n) {
                rg_json_read_fail(r, RG_PARSE, at, key, "must have %d elements, not %d", n,
                                  cJSON_GetArraySize(it));
                return NULL;
        }
        return it;
}

static void read_pair(struct rg_json_reader *r, const cJSON *x, const char *at, int n_all,
                      int *index, struct compare_pair *pr)
{
        *index = (int)rg_json_read_whole(r, x, at, "pair", 0, n_all > 0 ? n_all - 1 : 0);
        const cJSON *seed = array(r, x, at, "seed", 2);
        const cJSON *gen = array(r, x, at, "gen_seconds", 2);
        const cJSON *runs = array(r, x, at, "runs", 2);
        const cJSON *ex = array(r, x, at, "executed", 2);
        if (r->rc != RG_OK)
                return;
        char sub[96];
        for (int k = 0; k < 2; k++) {
                const cJSON *s = cJSON_GetArrayItem(seed, k);
                snprintf(sub, sizeof(sub), "seed[%d]", k);
                if (!cJSON_IsNumber(s) || !(s->valuedouble >= 0 && s->valuedouble <= UINT32_MAX) ||
                    s->valuedouble != floor(s->valuedouble)) {
                        rg_json_read_fail(r, RG_PARSE, at, sub, "must be a seed (0 to %u)",
                                          UINT32_MAX);
                        return;
                }
                pr->seed[k] = (uint32_t)s->valuedouble;
                const cJSON *g = cJSON_GetArrayItem(gen, k);
                snprintf(sub, sizeof(sub), "gen_seconds[%d]", k);
                if (!cJSON_IsNumber(g) && !cJSON_IsNull(g)) {
                        rg_json_read_fail(r, RG_PARSE, at, sub, "must be a number");
                        return;
                }
                pr->gen_seconds[k] = cJSON_IsNumber(g) ? g->valuedouble : NAN;
                const cJSON *e = cJSON_GetArrayItem(ex, k);
                snprintf(sub, sizeof(sub), "executed[%d]", k);
                if (!cJSON_IsBool(e)) {
                        rg_json_read_fail(r, RG_PARSE, at, sub, "must be true or false");
                        return;
                }
                pr->executed[k] = cJSON_IsTrue(e);
        }
        pr->harness_rc = (int)rg_json_read_whole(r, x, at, "harness_rc", 0, RG_ERROR_COUNT - 1);
        rg_json_read_text(r, x, at, "harness_error", pr->harness_error, sizeof(pr->harness_error));
        for (int k = 0; k < 2 && r->rc == RG_OK; k++) {
                const cJSON *run = cJSON_GetArrayItem(runs, k);
                snprintf(sub, sizeof(sub), "runs[%d]", k);
                if (!cJSON_IsObject(run)) {
                        rg_json_read_fail(r, RG_PARSE, at, sub, "must be an object, not %s",
                                          rg_json_type_name(run));
                        return;
                }
                char in[128];
                snprintf(in, sizeof(in), "%sruns[%d].", at, k);
                backend_result_json_read(r, run, in, &pr->run[k]);
        }
        pr->ran = true;
}

static void read_timing(struct rg_json_reader *r, const cJSON *o, struct compare_shard_timing *t)
{
        const cJSON *x = rg_json_typed(r, o, "", "timing", cJSON_IsObject, "an object");
        const char *at = "timing.";
        rg_json_read_text(r, x, at, "host", t->host, sizeof(t->host));
        t->threads = (int)rg_json_read_whole(r, x, at, "threads", 0, 1e6);
        t->wall_seconds = rg_json_read_num(r, x, at, "wall_seconds");
        t->started = (time_t)rg_json_read_whole(r, x, at, "started", 0, 1e15);
        t->finished = (time_t)rg_json_read_whole(r, x, at, "finished", 0, 1e15);
        t->runs_executed = (int)rg_json_read_whole(r, x, at, "external_runs_executed", 0, 1e9);
        t->runs_reused = (int)rg_json_read_whole(r, x, at, "external_runs_reused", 0, 1e9);
}

static void read_arguments(struct rg_json_reader *r, const cJSON *o, struct compare_shard_file *f)
{
        const cJSON *args = array(r, o, "", "arguments", -1);
        if (args == NULL)
                return;
        int n = cJSON_GetArraySize(args);
        if (n > COMPARE_SHARD_ARGS) {
                rg_json_read_fail(r, RG_PARSE, "", "arguments", "more than %d", COMPARE_SHARD_ARGS);
                return;
        }
        f->argv = calloc((size_t)n + 1, sizeof(char *));
        if (f->argv == NULL) {
                rg_json_read_fail(r, RG_NOMEM, "", NULL, "out of memory");
                return;
        }
        for (const cJSON *a = args->child; a; a = a->next) {
                if (!cJSON_IsString(a)) {
                        char sub[32];
                        snprintf(sub, sizeof(sub), "arguments[%d]", f->argc);
                        rg_json_read_fail(r, RG_PARSE, "", sub, "must be a string");
                        return;
                }
                f->argv[f->argc] = strdup(a->valuestring);
                if (f->argv[f->argc] == NULL) {
                        rg_json_read_fail(r, RG_NOMEM, "", NULL, "out of memory");
                        return;
                }
                f->argc++;
        }
}

static void document(struct rg_json_reader *r, const cJSON *o, struct compare_shard_file *f)
{
        if (!cJSON_IsObject(o)) {
                rg_json_read_fail(r, RG_PARSE, "", NULL, "not a shard file (not a JSON object)");
                return;
        }
        const cJSON *fmt = rg_json_member(r, o, "", "rollgate_shard", true);
        if (fmt == NULL && r->rc == RG_OK) {
                rg_json_read_fail(r, RG_PARSE, "", NULL,
                                  "not a shard file (no key 'rollgate_shard')");
                return;
        }
        if (!cJSON_IsNumber(fmt) || fmt->valuedouble != COMPARE_SHARD_FORMAT) {
                rg_json_read_fail(r, RG_PARSE, "", "rollgate_shard",
                                  "format %s is not this rollgate's (%d)",
                                  cJSON_IsNumber(fmt) ? "other" : "unknown", COMPARE_SHARD_FORMAT);
                return;
        }
        rg_json_read_text(r, o, "", "version", f->version, sizeof(f->version));
        const cJSON *sh = rg_json_typed(r, o, "", "shard", cJSON_IsObject, "an object");
        f->count = (int)rg_json_read_whole(r, sh, "shard.", "count", 1, COMPARE_MAX_SHARDS);
        f->index = (int)rg_json_read_whole(r, sh, "shard.", "index", 0, COMPARE_MAX_SHARDS - 1);
        if (r->rc == RG_OK && f->index >= f->count)
                rg_json_read_fail(r, RG_PARSE, "shard.", "index", "%d is not below the count %d",
                                  f->index, f->count);
        f->fingerprint = rg_json_read_hex64(r, o, "", "fingerprint", "");
        const cJSON *c = rg_json_typed(r, o, "", "configuration", cJSON_IsString, "a string");
        if (c && (f->configuration = strdup(c->valuestring)) == NULL)
                rg_json_read_fail(r, RG_NOMEM, "", NULL, "out of memory");
        if (r->rc == RG_OK && compare_fingerprint(f->configuration) != f->fingerprint)
                rg_json_read_fail(r, RG_PARSE, "", "fingerprint",
                                  "is not the configuration's (the file was edited)");
        read_arguments(r, o, f);
        rg_json_read_text(r, o, "", "cwd", f->cwd, sizeof(f->cwd));
        read_timing(r, o, &f->timing);
        f->timing.index = f->index;
        f->timing.count = f->count;
        const cJSON *pairs = array(r, o, "", "pairs", -1);
        if (r->rc != RG_OK)
                return;
        int n = cJSON_GetArraySize(pairs);
        f->pair = calloc((size_t)n + 1, sizeof(int));
        f->pairs = calloc((size_t)n + 1, sizeof(*f->pairs));
        if (f->pair == NULL || f->pairs == NULL) {
                rg_json_read_fail(r, RG_NOMEM, "", NULL, "out of memory");
                return;
        }
        for (const cJSON *x = pairs->child; x && r->rc == RG_OK; x = x->next) {
                char at[32];
                snprintf(at, sizeof(at), "pairs[%d].", f->n_pairs);
                if (!cJSON_IsObject(x)) {
                        rg_json_read_fail(r, RG_PARSE, "", at, "must be an object");
                        return;
                }
                read_pair(r, x, at, INT32_MAX, &f->pair[f->n_pairs], &f->pairs[f->n_pairs]);
                if (r->rc == RG_OK && f->n_pairs > 0 &&
                    f->pair[f->n_pairs] <= f->pair[f->n_pairs - 1])
                        rg_json_read_fail(
                            r, RG_PARSE, at, "pair",
                            "%d after %d: the pairs must be in matrix order, each once",
                            f->pair[f->n_pairs], f->pair[f->n_pairs - 1]);
                f->n_pairs++;
        }
}

void compare_shard_file_free(struct compare_shard_file *f)
{
        if (f == NULL)
                return;
        free(f->configuration);
        for (int i = 0; f->argv && i < f->argc; i++)
                free(f->argv[i]);
        free(f->argv);
        free(f->pair);
        free(f->pairs);
        memset(f, 0, sizeof(*f));
}

int compare_shard_read(const char *text, size_t len, const char *what,
                       struct compare_shard_file *out, struct rg_errbuf *eb)
{
        memset(out, 0, sizeof(*out));
        cJSON *o = NULL;
        int rc = rg_json_parse(text, len, what, &o, eb);
        if (rc != RG_OK)
                return rc;
        struct rg_json_reader r = {.what = what, .eb = eb, .rc = RG_OK};
        document(&r, o, out);
        cJSON_Delete(o);
        if (r.rc != RG_OK)
                compare_shard_file_free(out);
        return r.rc;
}

int compare_pair_text(const struct compare_pair *pr, int j, char **text, struct rg_errbuf *eb)
{
        struct rg_json w = {0};
        cJSON *arr = cJSON_CreateArray();
        w.failed |= arr == NULL;
        pair_json(&w, arr, pr, j);
        *text = w.failed ? NULL : cJSON_PrintUnformatted(cJSON_GetArrayItem(arr, 0));
        cJSON_Delete(arr);
        if (*text == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory for a pair's results");
        return RG_OK;
}

int compare_pair_parse(const char *text, size_t len, const char *what, int n_all, int *j,
                       struct compare_pair *pr, struct rg_errbuf *eb)
{
        memset(pr, 0, sizeof(*pr));
        *j = -1;
        cJSON *o = NULL;
        int rc = rg_json_parse(text, len, what, &o, eb);
        if (rc != RG_OK)
                return rc;
        struct rg_json_reader r = {.what = what, .eb = eb, .rc = RG_OK};
        if (cJSON_IsObject(o))
                read_pair(&r, o, "", n_all, j, pr);
        else
                rg_json_read_fail(&r, RG_PARSE, "", NULL, "not a pair's results (an object)");
        cJSON_Delete(o);
        if (r.rc != RG_OK) {
                memset(pr, 0, sizeof(*pr));
                *j = -1;
        }
        return r.rc;
}

/* ---- merging ---- */

/* The first line where two configuration texts differ, for a message. */
static void first_difference(const char *a, const char *b, char *out, size_t cap)
{
        while (*a && *b) {
                const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
                size_t la = ea ? (size_t)(ea - a) : strlen(a),
                       lb = eb ? (size_t)(eb - b) : strlen(b);
                if (la != lb || memcmp(a, b, la) != 0) {
                        snprintf(out, cap, "'%.*s' against '%.*s'", (int)(la < 120 ? la : 120), a,
                                 (int)(lb < 120 ? lb : 120), b);
                        return;
                }
                a += la + (ea != NULL);
                b += lb + (eb != NULL);
        }
        snprintf(out, cap, "%s", *a || *b ? "one has more lines" : "the same text");
}

int compare_merge_check(const struct compare_shard_file *const *f, const char *const *what, int n,
                        struct rg_errbuf *eb)
{
        if (n < 1)
                return rg_fail(eb, RG_USAGE, "merge: no shard files (rollgate-shard-I-of-N.json)");
        const int count = f[0]->count;
        for (int i = 1; i < n; i++) {
                if (f[i]->count != count)
                        return rg_fail(eb, RG_USAGE,
                                       "%s: shard %d/%d, but %s is shard %d/%d: shards of "
                                       "different splits cannot be merged",
                                       what[i], f[i]->index, f[i]->count, what[0], f[0]->index,
                                       count);
                for (int j = 0; j < i; j++)
                        if (f[j]->index == f[i]->index)
                                return rg_fail(eb, RG_USAGE, "shard %d/%d given twice: %s and %s",
                                               f[i]->index, count, what[j], what[i]);
                if (f[i]->fingerprint != f[0]->fingerprint) {
                        char diff[320];
                        first_difference(f[0]->configuration, f[i]->configuration, diff,
                                         sizeof(diff));
                        return rg_fail(eb, RG_USAGE,
                                       "%s: shard %d/%d ran another configuration than %s "
                                       "(shard %d/%d): %s",
                                       what[i], f[i]->index, count, what[0], f[0]->index, count,
                                       diff);
                }
        }
        if (n < count) {
                for (int s = 0; s < count; s++) {
                        bool found = false;
                        for (int i = 0; i < n && !found; i++)
                                found = f[i]->index == s;
                        if (!found) {
                                char name[64];
                                compare_shard_file_name(s, count, name, sizeof(name));
                                return rg_fail(eb, RG_USAGE,
                                               "shard %d/%d is missing (no %s among the folders "
                                               "given): %d of %d shards found",
                                               s, count, name, n, count);
                        }
                }
        }
        return RG_OK;
}

static void add_timing(struct compare_result *r, const struct compare_shard_timing *t, int i)
{
        r->shards[i] = *t;
        if (r->started == 0 || (t->started > 0 && t->started < r->started))
                r->started = t->started;
        if (t->finished > r->finished)
                r->finished = t->finished;
        if (t->wall_seconds > r->wall_seconds)
                r->wall_seconds = t->wall_seconds;
        r->threads_used += t->threads;
        r->runs_executed += t->runs_executed;
        r->runs_reused += t->runs_reused;
        compare_add_host(r, t->host);
}

int compare_merge_execute(void *ctx, struct compare_result *r, const int *todo, int n,
                          const struct compare_sim *sim, struct rg_errbuf *eb)
{
        const struct compare_merge *m = ctx;
        char *text = NULL;
        int rc = compare_fingerprint_text(r, sim, m->extra, &text, eb);
        if (rc != RG_OK)
                return rc;
        const struct compare_shard_file *f0 = m->files[0];
        if (strcmp(text, f0->configuration) != 0) {
                char diff[320];
                first_difference(f0->configuration, text, diff, sizeof(diff));
                free(text);
                return rg_fail(eb, RG_USAGE,
                               "%s: the configuration is not the one the shards ran (it changed "
                               "since, or the merge runs elsewhere): %s",
                               m->what[0], diff);
        }
        free(text);
        const int n_all = r->n_loads * r->n_reps;
        int *slice = malloc(((size_t)n_all + 1) * sizeof(int));
        r->shards = calloc((size_t)m->n, sizeof(*r->shards));
        if (slice == NULL || r->shards == NULL) {
                free(slice);
                return rg_fail(eb, RG_NOMEM, "out of memory for the merge");
        }
        for (int i = 0; i < m->n && rc == RG_OK; i++) {
                const struct compare_shard_file *f = m->files[i];
                int ns = compare_shard_slice(r, f->index, f->count, slice);
                if (ns < 0) {
                        rc = rg_fail(eb, RG_NOMEM, "out of memory for the merge");
                        break;
                }
                bool same = ns == f->n_pairs;
                for (int k = 0; same && k < ns; k++)
                        same = slice[k] == f->pair[k];
                if (!same) {
                        rc = rg_fail(eb, RG_USAGE,
                                     "%s: holds %d pairs that are not slice %d/%d of the matrix "
                                     "(%d pairs): a shard file from another split",
                                     m->what[i], f->n_pairs, f->index, f->count, ns);
                        break;
                }
                for (int k = 0; k < ns; k++) {
                        struct compare_pair *pr = &r->pairs[slice[k]];
                        const struct compare_pair *in = &f->pairs[k];
                        if (in->seed[0] != pr->seed[0] || in->seed[1] != pr->seed[1]) {
                                rc = rg_fail(eb, RG_USAGE,
                                             "%s: key 'pairs[%d].seed': %u, but the matrix's "
                                             "seed of that pair is %u",
                                             m->what[i], k, in->seed[0], pr->seed[0]);
                                break;
                        }
                        int load = pr->load, rep = pr->rep;
                        *pr = *in;
                        pr->load = load;
                        pr->rep = rep;
                        pr->ran = true;
                }
                add_timing(r, &f->timing, i);
                r->n_shards = i + 1;
                if (rc == RG_OK && f->n_pairs > 0 && f->timing.threads == 0)
                        rc = rg_fail(eb, RG_USAGE, "%s: key 'timing.threads': 0 for %d pairs",
                                     m->what[i], f->n_pairs);
        }
        free(slice);
        for (int i = 0; rc == RG_OK && i < n; i++)
                if (!r->pairs[todo[i]].ran)
                        rc = rg_fail(eb, RG_INTERNAL, "merge: pair %d is in no shard", todo[i]);
        return rc;
}
