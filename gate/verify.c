/*
 * Verification: the baseline replayed as a backend (and the idle stand-in
 * used while recording), and the checklist read off a comparison of the
 * path now against its replayed baseline.
 */
#include "verify.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/json_write.h"

static const char *const metric_key[COMPARE_METRICS] = {"bp", "bbp"};

/* ---- replay and idle backends ---- */

static int replay_run(void *ctx, const struct backend_job *job, struct backend_result *out)
{
        const struct gate_baseline *b = ctx;
        const struct gate_baseline_run *run = gate_baseline_find(b, job->erlang, job->seed);
        if (run == NULL || job->requests != b->requests) {
                backend_result_fail(out, RG_NOTFOUND,
                                    "the baseline has no run at erlang %g, seed %u, %u requests",
                                    job->erlang, job->seed, job->requests);
                return RG_OK;
        }
        out->status = RG_OK;
        out->has = run->has;
        out->requests = run->requests;
        out->blocked = run->blocked;
        out->bbp = run->bbp;
        out->requested_gbps = run->requested_gbps;
        out->blocked_gbps = run->blocked_gbps;
        out->trace_hash = run->trace_hash;
        out->run_seconds = run->run_seconds;
        out->clock = b->clock;
        return RG_OK;
}

static int idle_run(void *ctx, const struct backend_job *job, struct backend_result *out)
{
        (void)ctx;
        (void)job;
        out->status = RG_OK;
        out->clock = BACKEND_CLOCK_NONE;
        return RG_OK;
}

static void nothing(void *ctx)
{
        (void)ctx;
}

static const struct backend_ops replay_ops = {
    .kind = "baseline", .run = replay_run, .reload = NULL, .destroy = nothing};
static const struct backend_ops idle_ops = {
    .kind = "idle", .run = idle_run, .reload = NULL, .destroy = nothing};

static int stand_in(const struct backend_ops *ops, void *ctx, const char *name,
                    struct backend **out, struct rg_errbuf *eb)
{
        *out = calloc(1, sizeof(**out));
        if (*out == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        (*out)->ops = ops;
        (*out)->ctx = ctx;
        snprintf((*out)->name, sizeof((*out)->name), "%s", name);
        snprintf((*out)->identity, sizeof((*out)->identity), "%s", name);
        return RG_OK;
}

int gate_baseline_replay_create(const struct gate_baseline *b, struct backend **out,
                                struct rg_errbuf *eb)
{
        /* the ops table takes a mutable ctx; replay_run only reads it */
        return stand_in(&replay_ops, (void *)(uintptr_t)b, "baseline", out, eb);
}

int gate_baseline_idle_create(struct backend **out, struct rg_errbuf *eb)
{
        return stand_in(&idle_ops, NULL, "idle", out, eb);
}

/* ---- the verification checklist ---- */

static void check(struct gate_check *c, bool ticked, enum stats_verdict v, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void check(struct gate_check *c, bool ticked, enum stats_verdict v, const char *fmt, ...)
{
        c->ticked = ticked;
        c->verdict = ticked ? STATS_PASS : v;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
        va_end(ap);
}

/* Item 1.  The replay of the baseline failing (a run it lacks) or a pair
 * breaking the harness says nothing about the path: HARNESS_ERROR. */
static void clean_item(const struct compare_result *r, struct gate_verification *v)
{
        struct gate_check *c = &v->item[GATE_CHECK_CLEAN];
        snprintf(c->label, sizeof(c->label), "the path in service runs clean");
        const struct compare_pair *first = NULL, *harness = NULL;
        const char *why = NULL;
        v->runs = r->n_loads * r->n_reps;
        v->failed = 0;
        for (int j = 0; j < v->runs; j++) {
                const struct compare_pair *pr = &r->pairs[j];
                if (pr->harness_rc != RG_OK) {
                        if (harness == NULL) {
                                harness = pr;
                                why = pr->harness_error;
                        }
                } else if (pr->run[1].status != RG_OK) {
                        v->failed++;
                        first = first ? first : pr;
                } else if (pr->run[0].status != RG_OK && harness == NULL) {
                        harness = pr;
                        why = pr->run[0].error;
                }
        }
        if (first)
                check(c, false, STATS_EMERGENCY_ROLLBACK,
                      "%d of %d runs failed; first at erlang %g, seed %u: %.400s", v->failed,
                      v->runs, r->loads[first->load], first->seed[1], first->run[1].error);
        else if (harness)
                check(c, false, STATS_HARNESS_ERROR, "not verified: erlang %g, seed %u: %.400s",
                      r->loads[harness->load], harness->seed[1], why);
        else if (r->interrupted)
                check(c, false, STATS_HARNESS_ERROR, "interrupted: not every run finished");
        else
                check(c, true, STATS_PASS, "%d of %d runs finished, invariants held", v->runs,
                      v->runs);
        if (first && (harness || r->interrupted))
                c->verdict = STATS_HARNESS_ERROR; /* never outranked (stats_verdict_worst) */
}

static bool failed_basis(const struct compare_metric *cm)
{
        return cm->in.basis == STATS_BASIS_FAILED;
}

/* "erlang 300 BP +3.968 pp [3.818, 4.118]" */
static void deviation_text(char *out, size_t cap, double erlang, const struct compare_metric *cm)
{
        const struct stats_metric_input *in = &cm->in;
        snprintf(out, cap, "erlang %g %s %+.3f %s [%.3f, %.3f]", erlang, in->metric, in->mean,
                 in->unit ? in->unit : "pp", in->lo, in->hi);
}

/* Item 2: compare's decisions, load by load and metric by metric. */
static void blocking_item(const struct compare_result *r, struct gate_verification *v)
{
        struct gate_check *c = &v->item[GATE_CHECK_BLOCKING];
        snprintf(c->label, sizeof(c->label), "blocking equivalent to the baseline");
        const struct stats_policy *pol = &r->cfg->policy;
        const char *unit = pol->deviation == STATS_DEV_RELATIVE ? "%" : "pp";
        int worst_li = -1, worst_k = 0, failed_li = -1, largest_li = -1, largest_k = 0;
        enum stats_verdict worst = STATS_PASS;
        bool identical = true;
        v->not_passing = 0;
        for (int li = 0; li < r->n_loads; li++) {
                const struct compare_load *L = &r->load[li];
                identical &= L->identical;
                for (int k = 0; k < COMPARE_METRICS; k++) {
                        const struct compare_metric *cm = &L->metric[k];
                        if (failed_basis(cm)) {
                                failed_li = failed_li < 0 ? li : failed_li;
                                continue;
                        }
                        if (cm->dec.verdict != STATS_PASS)
                                v->not_passing++;
                        if (cm->dec.verdict > worst) {
                                worst = cm->dec.verdict;
                                worst_li = li;
                                worst_k = k;
                        }
                        if (cm->dec.verdict == STATS_PASS &&
                            (largest_li < 0 ||
                             fabs(cm->in.mean) >
                                 fabs(r->load[largest_li].metric[largest_k].in.mean))) {
                                largest_li = li;
                                largest_k = k;
                        }
                }
        }
        char dev[200] = "", more[48] = "";
        if (v->not_passing > 1)
                snprintf(more, sizeof(more), " (and %d more)", v->not_passing - 1);
        if (worst_li >= 0) {
                const struct compare_metric *cm = &r->load[worst_li].metric[worst_k];
                double erlang = r->load[worst_li].erlang;
                deviation_text(dev, sizeof(dev), erlang, cm);
                if (worst == STATS_EMERGENCY_ROLLBACK || worst == STATS_PLANNED_ROLLBACK)
                        check(c, false, worst, "%s beyond T1 %g %s%s%s", dev, pol->t1, unit,
                              worst == STATS_EMERGENCY_ROLLBACK ? ", emergency from T2 " : "",
                              worst == STATS_EMERGENCY_ROLLBACK ? "" : more);
                else if (cm->in.basis == STATS_BASIS_UNAVAILABLE)
                        check(c, false, STATS_INCONCLUSIVE,
                              "not shown equivalent: erlang %g: %.300s%s", erlang, cm->dec.reason,
                              more);
                else
                        check(c, false, STATS_INCONCLUSIVE,
                              "not shown equivalent: %s not inside +-T1 %g %s%s", dev, pol->t1,
                              unit, more);
                if (worst == STATS_EMERGENCY_ROLLBACK) {
                        size_t used = strlen(c->detail);
                        snprintf(c->detail + used, sizeof(c->detail) - used, "%g %s%s", pol->t2,
                                 unit, more);
                }
        } else if (failed_li >= 0) {
                check(c, false, STATS_INCONCLUSIVE,
                      "not judged at erlang %g: its runs failed (see the first item)",
                      r->load[failed_li].erlang);
        } else if (identical) {
                check(c, true, STATS_PASS, "bit-identical to the baseline at every load (%d of %d)",
                      r->n_loads, r->n_loads);
        } else {
                deviation_text(dev, sizeof(dev), r->load[largest_li].erlang,
                               &r->load[largest_li].metric[largest_k]);
                check(c, true, STATS_PASS, "every load within T1 %g %s; largest %s", pol->t1, unit,
                      dev);
        }
}

/* Item 3: compare's pooled performance check, now over the baseline. */
static void runtime_item(const struct compare_result *r, struct gate_verification *v)
{
        struct gate_check *c = &v->item[GATE_CHECK_RUNTIME];
        const double pct = 100 * r->cfg->policy.perf_threshold;
        snprintf(c->label, sizeof(c->label), "run time within %g %% of the baseline", pct);
        snprintf(v->clock, sizeof(v->clock), "%s", r->perf_clock[0] ? r->perf_clock : "none");
        v->perf_judged = r->perf_ok;
        v->perf = r->perf;
        if (!r->perf_ok)
                check(c, false, STATS_MONITOR, "not judged: %s", v->clock);
        else if (r->perf.slower)
                check(c, false, STATS_MONITOR,
                      "ratio %.3f [%.3f, %.3f]: significantly more than %g %% slower (%s)",
                      r->perf.ratio, r->perf.lo, r->perf.hi, pct, v->clock);
        else
                check(c, true, STATS_PASS, "ratio %.3f [%.3f, %.3f] (%s)", r->perf.ratio,
                      r->perf.lo, r->perf.hi, v->clock);
}

void gate_verify_checklist(const struct compare_result *r, struct gate_verification *out)
{
        memset(out, 0, sizeof(*out));
        clean_item(r, out);
        blocking_item(r, out);
        runtime_item(r, out);
        out->verdict = STATS_PASS;
        int decisive = -1;
        for (int i = 0; i < GATE_CHECK_ITEMS; i++) {
                enum stats_verdict w = stats_verdict_worst(out->verdict, out->item[i].verdict);
                if (w != out->verdict) {
                        out->verdict = w;
                        decisive = i;
                }
        }
        out->exit_code = stats_verdict_exit_code(out->verdict);
        if (decisive < 0)
                snprintf(out->reason, sizeof(out->reason), "every item ticked");
        else
                snprintf(out->reason, sizeof(out->reason), "not ticked: %s",
                         out->item[decisive].label);
}

static const char *const item_key[GATE_CHECK_ITEMS] = {"runs_clean", "blocking_equivalent",
                                                       "run_time"};

int gate_verify_write_json(const struct gate_verification *v, const struct compare_result *r,
                           const char *baseline_file, const char *path, const char *version,
                           struct rg_buf *out, struct rg_errbuf *eb)
{
        struct rg_json w = {0};
        cJSON *o = cJSON_CreateObject();
        w.failed = o == NULL;
        rg_json_str(&w, o, "schema", GATE_VERIFY_SCHEMA);
        rg_json_finite(&w, o, "schema_version", GATE_VERIFY_SCHEMA_VERSION);
        rg_json_str(&w, o, "rollgate_version", version);
        rg_json_str(&w, o, "baseline", baseline_file);
        rg_json_str(&w, o, "path", path);
        cJSON *items = rg_json_add(&w, o, "items", cJSON_CreateArray());
        for (int i = 0; i < GATE_CHECK_ITEMS; i++) {
                cJSON *it = rg_json_add(&w, items, NULL, cJSON_CreateObject());
                rg_json_str(&w, it, "item", item_key[i]);
                rg_json_str(&w, it, "label", v->item[i].label);
                rg_json_add(&w, it, "ticked", cJSON_CreateBool(v->item[i].ticked));
                rg_json_str(&w, it, "detail", v->item[i].detail);
                rg_json_str(&w, it, "verdict", stats_verdict_name(v->item[i].verdict));
        }
        cJSON *loads = rg_json_add(&w, o, "loads", cJSON_CreateArray());
        for (int li = 0; li < r->n_loads; li++) {
                const struct compare_load *L = &r->load[li];
                cJSON *l = rg_json_add(&w, loads, NULL, cJSON_CreateObject());
                rg_json_finite(&w, l, "erlang", L->erlang);
                for (int k = 0; k < COMPARE_METRICS; k++) {
                        const struct compare_metric *cm = &L->metric[k];
                        cJSON *m = rg_json_add(&w, l, metric_key[k], cJSON_CreateObject());
                        rg_json_str(&w, m, "basis", stats_basis_name(cm->in.basis));
                        rg_json_str(&w, m, "verdict", stats_verdict_name(cm->dec.verdict));
                        rg_json_str(&w, m, "unit", cm->in.unit ? cm->in.unit : "pp");
                        rg_json_finite(&w, m, "deviation", cm->in.mean);
                        rg_json_finite(&w, m, "lo", cm->in.lo);
                        rg_json_finite(&w, m, "hi", cm->in.hi);
                }
        }
        cJSON *perf = rg_json_add(&w, o, "performance", cJSON_CreateObject());
        rg_json_add(&w, perf, "judged", cJSON_CreateBool(v->perf_judged));
        rg_json_str(&w, perf, "clock", v->clock);
        rg_json_finite(&w, perf, "threshold", r->cfg->policy.perf_threshold);
        rg_json_finite(&w, perf, "ratio", v->perf_judged ? v->perf.ratio : NAN);
        rg_json_finite(&w, perf, "lo", v->perf_judged ? v->perf.lo : NAN);
        rg_json_finite(&w, perf, "hi", v->perf_judged ? v->perf.hi : NAN);
        rg_json_add(&w, perf, "significantly_slower",
                    cJSON_CreateBool(v->perf_judged && v->perf.slower));
        rg_json_str(&w, perf, "note", GATE_VERIFY_PERF_NOTE);
        rg_json_str(&w, o, "verdict", stats_verdict_name(v->verdict));
        rg_json_finite(&w, o, "exit_code", v->exit_code);
        rg_json_str(&w, o, "reason", v->reason);
        return rg_json_finish(&w, o, "checklist JSON", out, eb);
}

/* compare counts the shared stream's generation in each builtin path's run
 * time, since each path would generate its own.  Here both sides would
 * generate the same stream for the same seed: it is not the path's work and
 * only dilutes a slowdown of the path (it is about half of a builtin run). */
void gate_verify_prepare_timing(struct compare_result *r)
{
        for (int j = 0; j < r->n_loads * r->n_reps; j++)
                r->pairs[j].gen_seconds[1] = 0;
}
