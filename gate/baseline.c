/*
 * Baselines: made from a comparison's runs, written and read back as exact
 * JSON.  The replay backend and the verification checklist are verify.c's.
 */
#include "baseline.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../backends/result_json.h"
#include "../common/json_read.h"
#include "../common/json_write.h"
#include "../common/number.h"
#include "../compare/run_dir.h"

int gate_baseline_create(int n_loads, int n_seeds, struct gate_baseline **out)
{
        *out = NULL;
        if (n_loads < 1 || n_seeds < 1)
                return RG_RANGE;
        struct gate_baseline *b = calloc(1, sizeof(*b));
        if (b == NULL)
                return RG_NOMEM;
        stats_policy_default(&b->policy);
        b->clock = BACKEND_CLOCK_NONE;
        snprintf(b->inject, sizeof(b->inject), "none");
        b->n_loads = n_loads;
        b->n_seeds = n_seeds;
        b->seeds = calloc((size_t)n_seeds, sizeof(*b->seeds));
        b->loads = calloc((size_t)n_loads, sizeof(*b->loads));
        bool ok = b->seeds && b->loads;
        for (int li = 0; ok && li < n_loads; li++) {
                b->loads[li].runs = calloc((size_t)n_seeds, sizeof(*b->loads[li].runs));
                ok = b->loads[li].runs != NULL;
        }
        if (!ok) {
                gate_baseline_destroy(b);
                return RG_NOMEM;
        }
        *out = b;
        return RG_OK;
}

void gate_baseline_destroy(struct gate_baseline *b)
{
        if (b == NULL)
                return;
        for (int li = 0; b->loads && li < b->n_loads; li++) {
                for (int i = 0; b->loads[li].runs && i < b->n_seeds; i++)
                        free(b->loads[li].runs[i].value);
                free(b->loads[li].runs);
        }
        free(b->loads);
        free(b->seeds);
        free(b);
}

static bool terminated(const char *text, size_t cap)
{
        return memchr(text, '\0', cap) != NULL;
}

/* A baseline keeps of a value what its JSON says (baseline.h), so that a
 * value recorded and one read back are the same bytes: a number's count,
 * hash and text are not part of it. */
int gate_baseline_run_set_values(struct gate_baseline_run *run, const struct backend_value *v,
                                 int n)
{
        if (n < 0 || n > BACKEND_MAX_VALUES)
                return RG_RANGE;
        for (int i = 0; i < n; i++) {
                if (!terminated(v[i].name, sizeof(v[i].name)) || v[i].name[0] == '\0')
                        return RG_RANGE;
                for (int j = 0; j < i; j++)
                        if (strcmp(v[i].name, v[j].name) == 0)
                                return RG_RANGE;
                if (v[i].type == BACKEND_VALUE_NUMBER ? !isfinite(v[i].number)
                                                      : !terminated(v[i].text, sizeof(v[i].text)))
                        return RG_RANGE;
                if (v[i].type != BACKEND_VALUE_NUMBER && v[i].type != BACKEND_VALUE_STRING &&
                    v[i].type != BACKEND_VALUE_LIST)
                        return RG_RANGE;
        }
        struct backend_value *copy = NULL;
        if (n > 0) {
                copy = calloc((size_t)n, sizeof(*copy));
                if (copy == NULL)
                        return RG_NOMEM;
        }
        for (int i = 0; i < n; i++) {
                struct backend_value *c = &copy[i];
                snprintf(c->name, sizeof(c->name), "%s", v[i].name);
                c->type = v[i].type;
                if (c->type == BACKEND_VALUE_NUMBER) {
                        c->number = v[i].number;
                        continue;
                }
                c->count = v[i].count;
                c->hash = v[i].hash;
                c->cut = v[i].cut;
                snprintf(c->text, sizeof(c->text), "%s", v[i].text);
        }
        free(run->value);
        run->value = copy;
        run->n_values = n;
        return RG_OK;
}

uint64_t gate_baseline_hash(char *const *texts, int n)
{
        uint64_t h = 0xcbf29ce484222325ULL;
        for (int i = 0; i < n; i++) {
                const char *t = texts[i] ? texts[i] : "";
                for (size_t k = 0;; k++) {
                        h ^= (unsigned char)t[k];
                        h *= 0x100000001b3ULL;
                        if (t[k] == '\0')
                                break;
                }
        }
        return h;
}

/* Summaries at the policy's confidence; one run gives lo = hi = mean. */
static int summarize(const double *v, int n, double level, struct stats_summary *out)
{
        return stats_summarize(v, n, level, out);
}

int gate_baseline_from_result(struct gate_baseline *b, const struct compare_result *r, int role,
                              struct rg_errbuf *eb)
{
        if (b->n_loads != r->n_loads || b->n_seeds != r->n_reps)
                return rg_fail(eb, RG_INTERNAL, "baseline of %d x %d runs for a %d x %d matrix",
                               b->n_loads, b->n_seeds, r->n_loads, r->n_reps);
        if (r->interrupted)
                return rg_fail(eb, RG_INTERNAL, "interrupted: no baseline written");
        b->requests = r->inputs.requests;
        b->threads = r->threads_used > 0 ? r->threads_used : 1;
        b->policy = r->cfg->policy;
        memcpy(b->seeds, r->seeds, (size_t)r->n_reps * sizeof(*b->seeds));
        bool first = true, mixed = false;
        double *v = malloc((size_t)r->n_reps * sizeof(double));
        if (v == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        int rc = RG_OK;
        for (int li = 0; li < r->n_loads && rc == RG_OK; li++) {
                struct gate_baseline_load *L = &b->loads[li];
                L->erlang = r->loads[li];
                L->have_bbp = true;
                for (int rep = 0; rep < r->n_reps; rep++) {
                        const struct compare_pair *pr = &r->pairs[li * r->n_reps + rep];
                        const struct backend_result *res = &pr->run[role];
                        if (pr->harness_rc != RG_OK) {
                                rc = rg_fail(eb, pr->harness_rc, "erlang %g, seed %u: %.400s",
                                             L->erlang, pr->seed[role], pr->harness_error);
                                break;
                        }
                        if (res->status != RG_OK) {
                                rc = rg_fail(eb, RG_PATHFAIL,
                                             "the path failed at erlang %g, seed %u: %.400s",
                                             L->erlang, pr->seed[role], res->error);
                                break;
                        }
                        struct gate_baseline_run *run = &L->runs[rep];
                        run->seed = pr->seed[role];
                        run->requests = res->requests;
                        run->blocked = res->blocked;
                        run->has =
                            res->has & (BACKEND_HAS_BBP | BACKEND_HAS_GBPS | BACKEND_HAS_TRACE);
                        run->bbp = res->bbp;
                        run->requested_gbps = res->requested_gbps;
                        run->blocked_gbps = res->blocked_gbps;
                        run->trace_hash = res->trace_hash;
                        run->run_seconds = res->run_seconds;
                        run->stream_seconds =
                            r->cfg->backend[role]->uses_stream ? pr->gen_seconds[role] : 0;
                        int vrc = gate_baseline_run_set_values(run, res->value, res->n_values);
                        if (vrc != RG_OK) {
                                rc = vrc == RG_NOMEM
                                         ? rg_fail(eb, RG_NOMEM, "out of memory")
                                         : rg_fail(eb, RG_INTERNAL,
                                                   "erlang %g, seed %u: the run's %d metrics "
                                                   "cannot be kept",
                                                   L->erlang, run->seed, res->n_values);
                                break;
                        }
                        L->have_bbp &= backend_has(res, BACKEND_HAS_BBP);
                        if (first)
                                b->clock = res->clock;
                        mixed |= !first && res->clock != b->clock;
                        first = false;
                }
                for (int k = 0; k < COMPARE_METRICS && rc == RG_OK; k++) {
                        if (k == COMPARE_BBP && !L->have_bbp)
                                continue;
                        for (int rep = 0; rep < r->n_reps; rep++)
                                v[rep] = compare_metric_value(
                                    &r->pairs[li * r->n_reps + rep].run[role], k);
                        if (summarize(v, r->n_reps, b->policy.confidence,
                                      k == COMPARE_BP ? &L->bp : &L->bbp) != RG_OK)
                                rc = rg_fail(eb, RG_RANGE,
                                             "erlang %g: the %s figures cannot be summarized",
                                             L->erlang, k == COMPARE_BP ? "BP" : "BBP");
                }
        }
        free(v);
        if (mixed)
                b->clock = BACKEND_CLOCK_NONE;
        return rc;
}

const struct gate_baseline_run *gate_baseline_find(const struct gate_baseline *b, double erlang,
                                                   uint32_t seed)
{
        for (int li = 0; li < b->n_loads; li++) {
                if (!(b->loads[li].erlang == erlang))
                        continue;
                for (int i = 0; i < b->n_seeds; i++)
                        if (b->loads[li].runs[i].seed == seed)
                                return &b->loads[li].runs[i];
        }
        return NULL;
}

/* ---- writing ---- */

static void hex(struct rg_json *w, cJSON *o, const char *key, const char *prefix, uint64_t v)
{
        char text[48];
        snprintf(text, sizeof(text), "%s%016" PRIx64, prefix, v);
        rg_json_str(w, o, key, text);
}

static void summary(struct rg_json *w, cJSON *o, const char *key, const struct stats_summary *s)
{
        cJSON *m = rg_json_add(w, o, key, cJSON_CreateObject());
        rg_json_finite(w, m, "mean", s->mean);
        rg_json_finite(w, m, "sd", s->sd);
        rg_json_finite(w, m, "ci_lo", s->lo);
        rg_json_finite(w, m, "ci_hi", s->hi);
}

static void policy(struct rg_json *w, cJSON *o, const struct stats_policy *p)
{
        cJSON *m = rg_json_add(w, o, "policy", cJSON_CreateObject());
        rg_json_str(w, m, "deviation",
                    p->deviation == STATS_DEV_RELATIVE ? "relative" : "absolute");
        rg_json_str(w, m, "direction", p->direction == STATS_DIR_INCREASE ? "increase" : "either");
        rg_json_finite(w, m, "t1", p->t1);
        rg_json_finite(w, m, "t2", p->t2);
        rg_json_finite(w, m, "confidence", p->confidence);
        rg_json_finite(w, m, "perf_threshold", p->perf_threshold);
        rg_json_finite(w, m, "low_signal_blocked", p->low_signal_blocked);
}

static void run_item(struct rg_json *w, cJSON *runs, const struct gate_baseline_run *run)
{
        cJSON *o = rg_json_add(w, runs, NULL, cJSON_CreateObject());
        rg_json_finite(w, o, "seed", run->seed);
        rg_json_finite(w, o, "requests", run->requests);
        rg_json_finite(w, o, "blocked", run->blocked);
        if (run->has & BACKEND_HAS_BBP)
                rg_json_finite(w, o, "bbp", run->bbp);
        if (run->has & BACKEND_HAS_GBPS) {
                rg_json_finite(w, o, "requested_gbps", run->requested_gbps);
                rg_json_finite(w, o, "blocked_gbps", run->blocked_gbps);
        }
        if (run->has & BACKEND_HAS_TRACE)
                hex(w, o, "trace_hash", "", run->trace_hash);
        rg_json_finite(w, o, "run_seconds", run->run_seconds);
        rg_json_finite(w, o, "stream_seconds", run->stream_seconds);
        if (run->n_values == 0)
                return;
        cJSON *mt = rg_json_object(w, o, "metrics");
        for (int i = 0; i < run->n_values; i++)
                backend_value_json_write(w, mt, &run->value[i]);
}

int gate_baseline_write_json(const struct gate_baseline *b, struct rg_buf *out,
                             struct rg_errbuf *eb)
{
        struct rg_json w = {0};
        cJSON *o = cJSON_CreateObject();
        w.failed = o == NULL;
        rg_json_str(&w, o, "schema", GATE_BASELINE_SCHEMA);
        rg_json_finite(&w, o, "schema_version", GATE_BASELINE_SCHEMA_VERSION);
        rg_json_str(&w, o, "rollgate_version", b->rollgate_version);
        rg_json_str(&w, o, "recorded", b->recorded);
        rg_json_str(&w, o, "path", b->path);
        rg_json_str(&w, o, "backend", b->backend);
        rg_json_str(&w, o, "config", b->config);
        hex(&w, o, "settings_hash", "fnv1a64:", b->settings_hash);
        rg_json_str(&w, o, "inject", b->inject);
        rg_json_finite(&w, o, "requests", b->requests);
        cJSON *seeds = rg_json_add(&w, o, "seeds", cJSON_CreateArray());
        for (int i = 0; i < b->n_seeds; i++)
                rg_json_finite(&w, seeds, NULL, b->seeds[i]);
        rg_json_str(&w, o, "clock", compare_clock_name(b->clock));
        rg_json_finite(&w, o, "threads", b->threads);
        policy(&w, o, &b->policy);
        cJSON *loads = rg_json_add(&w, o, "loads", cJSON_CreateArray());
        for (int li = 0; li < b->n_loads; li++) {
                const struct gate_baseline_load *L = &b->loads[li];
                cJSON *l = rg_json_add(&w, loads, NULL, cJSON_CreateObject());
                rg_json_finite(&w, l, "erlang", L->erlang);
                summary(&w, l, "bp", &L->bp);
                if (L->have_bbp)
                        summary(&w, l, "bbp", &L->bbp);
                else
                        rg_json_add(&w, l, "bbp", cJSON_CreateNull());
                cJSON *runs = rg_json_add(&w, l, "runs", cJSON_CreateArray());
                for (int i = 0; i < b->n_seeds; i++)
                        run_item(&w, runs, &L->runs[i]);
        }
        return rg_json_finish(&w, o, "baseline JSON", out, eb);
}

/* ---- reading ---- */

static void read_summary(struct rg_json_reader *r, const cJSON *l, const char *where,
                         const char *key, int n, double level, struct stats_summary *s)
{
        char at[96];
        snprintf(at, sizeof(at), "%s%s.", where, key);
        const cJSON *m = rg_json_typed(r, l, where, key, cJSON_IsObject, "an object");
        s->n = n;
        s->level = level;
        s->mean = rg_json_read_finite(r, m, at, "mean");
        s->sd = rg_json_read_finite(r, m, at, "sd");
        s->lo = rg_json_read_finite(r, m, at, "ci_lo");
        s->hi = rg_json_read_finite(r, m, at, "ci_hi");
        s->se = n > 0 ? s->sd / sqrt(n) : 0;
}

static void read_policy(struct rg_json_reader *r, const cJSON *o, struct stats_policy *p)
{
        const cJSON *m = rg_json_typed(r, o, "", "policy", cJSON_IsObject, "an object");
        char dev[16] = "", dir[16] = "";
        rg_json_read_text(r, m, "policy.", "deviation", dev, sizeof(dev));
        rg_json_read_text(r, m, "policy.", "direction", dir, sizeof(dir));
        if (r->rc == RG_OK && strcmp(dev, "absolute") != 0 && strcmp(dev, "relative") != 0)
                rg_json_read_fail(r, RG_PARSE, "policy.", "deviation",
                                  "must be \"absolute\" or \"relative\"");
        if (r->rc == RG_OK && strcmp(dir, "either") != 0 && strcmp(dir, "increase") != 0)
                rg_json_read_fail(r, RG_PARSE, "policy.", "direction",
                                  "must be \"either\" or \"increase\"");
        p->deviation = strcmp(dev, "relative") == 0 ? STATS_DEV_RELATIVE : STATS_DEV_ABSOLUTE;
        p->direction = strcmp(dir, "increase") == 0 ? STATS_DIR_INCREASE : STATS_DIR_EITHER;
        p->t1 = rg_json_read_finite(r, m, "policy.", "t1");
        p->t2 = rg_json_read_finite(r, m, "policy.", "t2");
        if (r->rc == RG_OK && !(p->t1 > 0 && p->t2 > p->t1))
                rg_json_read_fail(r, RG_PARSE, "policy.", "t2",
                                  "thresholds must satisfy 0 < t1 < t2");
        p->confidence = rg_json_read_finite(r, m, "policy.", "confidence");
        if (r->rc == RG_OK &&
            !(p->confidence >= STATS_CONFIDENCE_MIN && p->confidence <= STATS_CONFIDENCE_MAX))
                rg_json_read_fail(r, RG_PARSE, "policy.", "confidence",
                                  "must be from 0.8 to 0.999");
        p->perf_threshold = rg_json_read_finite(r, m, "policy.", "perf_threshold");
        if (r->rc == RG_OK && !(p->perf_threshold >= 0 && p->perf_threshold <= 10))
                rg_json_read_fail(r, RG_PARSE, "policy.", "perf_threshold", "must be from 0 to 10");
        p->low_signal_blocked = rg_json_read_finite(r, m, "policy.", "low_signal_blocked");
        if (r->rc == RG_OK && !(p->low_signal_blocked >= 0))
                rg_json_read_fail(r, RG_PARSE, "policy.", "low_signal_blocked", "must be >= 0");
}

/* A run's optional `metrics`: the values in their order, kept in the run. */
static void read_values(struct rg_json_reader *r, const cJSON *run_json, const char *at,
                        struct gate_baseline_run *run)
{
        const cJSON *mt = rg_json_member(r, run_json, at, "metrics", true);
        if (mt == NULL)
                return;
        if (!cJSON_IsObject(mt)) {
                rg_json_read_fail(r, RG_PARSE, at, "metrics", "must be an object, not %s",
                                  rg_json_type_name(mt));
                return;
        }
        char sub[160];
        snprintf(sub, sizeof(sub), "%smetrics.", at);
        struct backend_value v[BACKEND_MAX_VALUES];
        memset(v, 0, sizeof(v));
        int n = 0;
        for (const cJSON *x = mt->child; x && r->rc == RG_OK; x = x->next, n++) {
                if (n == BACKEND_MAX_VALUES) {
                        rg_json_read_fail(r, RG_PARSE, at, "metrics", "more than %d values",
                                          BACKEND_MAX_VALUES);
                        return;
                }
                backend_value_json_read(r, x, sub, &v[n]);
                for (int j = 0; j < n && r->rc == RG_OK; j++)
                        if (strcmp(v[j].name, v[n].name) == 0)
                                rg_json_read_fail(r, RG_PARSE, sub, v[n].name, "appears twice");
        }
        if (r->rc != RG_OK)
                return;
        int rc = gate_baseline_run_set_values(run, v, n);
        if (rc == RG_NOMEM)
                rg_json_read_fail(r, RG_NOMEM, at, "metrics", "out of memory");
        else if (rc != RG_OK)
                rg_json_read_fail(r, RG_PARSE, at, "metrics", "values that cannot be kept");
}

static void read_run(struct rg_json_reader *r, const cJSON *x, const char *at, uint32_t seed,
                     struct gate_baseline_run *run)
{
        run->seed = (uint32_t)rg_json_read_whole(r, x, at, "seed", 0, 4294967295.0);
        if (r->rc == RG_OK && run->seed != seed)
                rg_json_read_fail(r, RG_PARSE, at, "seed",
                                  "%u, but the baseline's seed of this replication is %u",
                                  run->seed, seed);
        run->requests = (uint32_t)rg_json_read_whole(r, x, at, "requests", 0, 4294967295.0);
        run->blocked = (uint32_t)rg_json_read_whole(r, x, at, "blocked", 0, run->requests);
        if (rg_json_member(r, x, at, "bbp", true)) {
                run->has |= BACKEND_HAS_BBP;
                run->bbp = rg_json_read_finite(r, x, at, "bbp");
        }
        bool req = rg_json_member(r, x, at, "requested_gbps", true) != NULL;
        bool blk = rg_json_member(r, x, at, "blocked_gbps", true) != NULL;
        if (req != blk)
                rg_json_read_fail(r, RG_PARSE, at, req ? "blocked_gbps" : "requested_gbps",
                                  "missing (requested_gbps and blocked_gbps come as a pair)");
        if (req && blk) {
                run->has |= BACKEND_HAS_GBPS;
                run->requested_gbps = rg_json_read_finite(r, x, at, "requested_gbps");
                run->blocked_gbps = rg_json_read_finite(r, x, at, "blocked_gbps");
        }
        if (rg_json_member(r, x, at, "trace_hash", true)) {
                run->has |= BACKEND_HAS_TRACE;
                run->trace_hash = rg_json_read_hex64(r, x, at, "trace_hash", "");
        }
        run->run_seconds = rg_json_read_finite(r, x, at, "run_seconds");
        run->stream_seconds = rg_json_read_finite(r, x, at, "stream_seconds");
        if (r->rc == RG_OK && !(run->run_seconds >= 0 && run->stream_seconds >= 0))
                rg_json_read_fail(r, RG_PARSE, at, "run_seconds", "run times must be >= 0");
        read_values(r, x, at, run);
}

static const cJSON *sized_array(struct rg_json_reader *r, const cJSON *o, const char *where,
                                const char *key, int lo, int hi, int *n)
{
        const cJSON *a = rg_json_typed(r, o, where, key, cJSON_IsArray, "an array");
        *n = a ? cJSON_GetArraySize(a) : 0;
        if (a && (*n < lo || *n > hi)) {
                rg_json_read_fail(r, RG_PARSE, where, key, "must have %d to %d elements, not %d",
                                  lo, hi, *n);
                return NULL;
        }
        return a;
}

/* The whole document into *out (made here once the counts are known). */
static void document(struct rg_json_reader *r, const cJSON *o, struct gate_baseline **out)
{
        char schema[64] = "";
        rg_json_read_text(r, o, "", "schema", schema, sizeof(schema));
        if (r->rc == RG_OK && strcmp(schema, GATE_BASELINE_SCHEMA) != 0) {
                rg_json_read_fail(r, RG_PARSE, "", "schema",
                                  "\"%s\" is not a rollgate baseline (\"%s\")", schema,
                                  GATE_BASELINE_SCHEMA);
                return;
        }
        double version = rg_json_read_finite(r, o, "", "schema_version");
        if (r->rc == RG_OK && version != GATE_BASELINE_SCHEMA_VERSION) {
                rg_json_read_fail(r, RG_PARSE, "", "schema_version",
                                  "%g is not the version this rollgate reads (%d)", version,
                                  GATE_BASELINE_SCHEMA_VERSION);
                return;
        }
        int n_seeds = 0, n_loads = 0;
        const cJSON *seeds = sized_array(r, o, "", "seeds", 1, 4096, &n_seeds);
        const cJSON *loads = sized_array(r, o, "", "loads", 1, 256, &n_loads);
        if (r->rc != RG_OK)
                return;
        struct gate_baseline *b = NULL;
        if (gate_baseline_create(n_loads, n_seeds, &b) != RG_OK) {
                r->rc = rg_fail(r->eb, RG_NOMEM, "%s: out of memory", r->what);
                return;
        }
        *out = b;
        rg_json_read_text(r, o, "", "rollgate_version", b->rollgate_version,
                          sizeof(b->rollgate_version));
        rg_json_read_text(r, o, "", "recorded", b->recorded, sizeof(b->recorded));
        rg_json_read_text(r, o, "", "path", b->path, sizeof(b->path));
        rg_json_read_text(r, o, "", "backend", b->backend, sizeof(b->backend));
        rg_json_read_text(r, o, "", "config", b->config, sizeof(b->config));
        b->settings_hash = rg_json_read_hex64(r, o, "", "settings_hash", "fnv1a64:");
        rg_json_read_text(r, o, "", "inject", b->inject, sizeof(b->inject));
        b->requests = (uint32_t)rg_json_read_whole(r, o, "", "requests", 1, 1073741824.0);
        int i = 0;
        char at[96];
        for (const cJSON *s = seeds->child; s && r->rc == RG_OK; s = s->next, i++) {
                snprintf(at, sizeof(at), "seeds[%d]", i);
                if (!cJSON_IsNumber(s) || !(s->valuedouble >= 0 && s->valuedouble <= 4294967295.0 &&
                                            s->valuedouble == floor(s->valuedouble)))
                        rg_json_read_fail(r, RG_PARSE, "", at,
                                          "must be a whole number from 0 to 4294967295");
                else
                        b->seeds[i] = (uint32_t)s->valuedouble;
                for (int j = 0; j < i && r->rc == RG_OK; j++)
                        if (b->seeds[j] == b->seeds[i])
                                rg_json_read_fail(r, RG_PARSE, "", at, "seed %u appears twice",
                                                  b->seeds[i]);
        }
        char clock[32] = "";
        rg_json_read_text(r, o, "", "clock", clock, sizeof(clock));
        bool known = false;
        for (int c = BACKEND_CLOCK_THREAD_CPU; c <= BACKEND_CLOCK_NONE && r->rc == RG_OK; c++)
                if (strcmp(clock, compare_clock_name((enum backend_clock)c)) == 0) {
                        b->clock = (enum backend_clock)c;
                        known = true;
                }
        if (r->rc == RG_OK && !known)
                rg_json_read_fail(r, RG_PARSE, "", "clock",
                                  "\"%s\" is none of thread_cpu, child_cpu, wall, none", clock);
        b->threads = (int)rg_json_read_whole(r, o, "", "threads", 1, 256);
        read_policy(r, o, &b->policy);
        int li = 0;
        for (const cJSON *l = loads->child; l && r->rc == RG_OK; l = l->next, li++) {
                struct gate_baseline_load *L = &b->loads[li];
                snprintf(at, sizeof(at), "loads[%d]", li);
                if (!cJSON_IsObject(l)) {
                        rg_json_read_fail(r, RG_PARSE, "", at, "must be an object, not %s",
                                          rg_json_type_name(l));
                        break;
                }
                snprintf(at, sizeof(at), "loads[%d].", li);
                L->erlang = rg_json_read_finite(r, l, at, "erlang");
                if (r->rc == RG_OK && !(L->erlang > 0))
                        rg_json_read_fail(r, RG_PARSE, at, "erlang", "must be > 0");
                for (int k = 0; k < li && r->rc == RG_OK; k++)
                        if (b->loads[k].erlang == L->erlang)
                                rg_json_read_fail(r, RG_PARSE, at, "erlang",
                                                  "load %g appears twice", L->erlang);
                read_summary(r, l, at, "bp", n_seeds, b->policy.confidence, &L->bp);
                const cJSON *bbp = rg_json_member(r, l, at, "bbp", false);
                L->have_bbp = bbp && !cJSON_IsNull(bbp);
                if (L->have_bbp)
                        read_summary(r, l, at, "bbp", n_seeds, b->policy.confidence, &L->bbp);
                int n = 0;
                const cJSON *runs = sized_array(r, l, at, "runs", n_seeds, n_seeds, &n);
                int j = 0;
                for (const cJSON *x = runs ? runs->child : NULL; x && r->rc == RG_OK;
                     x = x->next, j++) {
                        char run_at[128];
                        snprintf(run_at, sizeof(run_at), "%sruns[%d]", at, j);
                        if (!cJSON_IsObject(x)) {
                                rg_json_read_fail(r, RG_PARSE, run_at, "",
                                                  "must be an object, not %s",
                                                  rg_json_type_name(x));
                                break;
                        }
                        snprintf(run_at, sizeof(run_at), "%sruns[%d].", at, j);
                        read_run(r, x, run_at, b->seeds[j], &L->runs[j]);
                        if (r->rc == RG_OK && L->have_bbp && !(L->runs[j].has & BACKEND_HAS_BBP))
                                rg_json_read_fail(r, RG_PARSE, run_at, "bbp",
                                                  "missing (the load's bbp summary says "
                                                  "every run reported it)");
                }
        }
}

int gate_baseline_read_json(const char *text, size_t len, const char *what,
                            struct gate_baseline **out, struct rg_errbuf *eb)
{
        *out = NULL;
        cJSON *o = NULL;
        int prc = rg_json_parse(text, len, what, &o, eb);
        if (prc != RG_OK)
                return prc;
        struct rg_json_reader r = {.what = what, .eb = eb};
        struct gate_baseline *b = NULL;
        if (!cJSON_IsObject(o))
                r.rc = rg_fail(eb, RG_PARSE, "%s: a baseline must be a JSON object", what);
        else
                document(&r, o, &b);
        cJSON_Delete(o);
        if (r.rc != RG_OK) {
                gate_baseline_destroy(b);
                return r.rc;
        }
        *out = b;
        return RG_OK;
}
