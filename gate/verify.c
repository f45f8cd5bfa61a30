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
        out->n_values = run->n_values; /* at most BACKEND_MAX_VALUES (baseline.h) */
        if (run->n_values > 0)
                memcpy(out->value, run->value, (size_t)run->n_values * sizeof(*run->value));
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

/* ---- items 4...: the declared metrics ---- */

/* The kind a declared metric is judged by (compare_metrics_setup's rule). */
static enum compare_kind judged_kind(const struct compare_result *r, int j)
{
        return r->cfg->exact ? COMPARE_KIND_EXACT : r->cfg->declared[j].kind;
}

/* Metric k at load li, NULL when the analysis holds none there. */
static const struct compare_metric *metric_at(const struct compare_result *r, int li, int k)
{
        return k < r->load[li].n_metrics ? &r->load[li].metric[k] : NULL;
}

/* The first run at load li lacking metric `name`, by role (baseline first),
 * so that the item says which side lacks it -- compare's reason calls the
 * sides legacy and orchestrator.  false when both report it on every run. */
static bool missing_value(const struct compare_result *r, int li, const char *name, int *role,
                          uint32_t *seed)
{
        for (*role = 0; *role < 2; (*role)++)
                for (int rep = 0; rep < r->load[li].n; rep++) {
                        const struct compare_pair *pr = &r->pairs[li * r->n_reps + rep];
                        if (pr->harness_rc == RG_OK && pr->run[*role].status == RG_OK &&
                            backend_result_value(&pr->run[*role], name) == NULL) {
                                *seed = pr->seed[*role];
                                return true;
                        }
                }
        return false;
}

/* A deviation "+0.120 ms [0.010, 0.230]", the unit left out when it has none. */
static void deviation_of(char *out, size_t cap, const struct compare_metric *cm)
{
        const char *unit = cm->in.unit ? cm->in.unit : "";
        snprintf(out, cap, "%+.3f%s%s [%.3f, %.3f]", cm->in.mean, unit[0] ? " " : "", unit,
                 cm->in.lo, cm->in.hi);
}

void gate_verify_load_text(const struct compare_result *r, int li, int k, char *out, size_t cap)
{
        const struct compare_metric *cm = metric_at(r, li, k);
        if (cm == NULL) {
                snprintf(out, cap, "not judged");
                return;
        }
        const char *verdict = stats_verdict_name(cm->dec.verdict);
        const char *basis = stats_basis_name(cm->in.basis);
        char what[160];
        if (cm->in.basis == STATS_BASIS_FAILED || cm->in.basis == STATS_BASIS_UNAVAILABLE ||
            (cm->kind == COMPARE_KIND_PERFORMANCE && !cm->perf_ok)) {
                snprintf(out, cap, "%s (%s)", verdict, basis);
                return;
        }
        if (cm->kind == COMPARE_KIND_PERFORMANCE)
                snprintf(what, sizeof(what), "ratio %.3f [%.3f, %.3f]", cm->perf.ratio, cm->perf.lo,
                         cm->perf.hi);
        else if (cm->kind == COMPARE_KIND_EXACT && cm->n_differ == 0)
                snprintf(what, sizeof(what), "equal");
        else if (cm->kind == COMPARE_KIND_EXACT)
                snprintf(what, sizeof(what), "differs on %d of %d", cm->n_differ, cm->in.n);
        else
                deviation_of(what, sizeof(what), cm);
        snprintf(out, cap, "%s %s (%s)", what, verdict, basis);
}

static void metric_label(const struct compare_result *r, int j, struct gate_check *c)
{
        const struct compare_metric_decl *d = &r->cfg->declared[j];
        const char *sec = d->primary ? "" : " (secondary)";
        switch (judged_kind(r, j)) {
        case COMPARE_KIND_PERFORMANCE:
                snprintf(c->label, sizeof(c->label), "%s within %g %% of the baseline%s", d->name,
                         100 * d->pol.perf_threshold, sec);
                break;
        case COMPARE_KIND_EXACT:
                snprintf(c->label, sizeof(c->label), "%s equal to the baseline%s", d->name, sec);
                break;
        case COMPARE_KIND_EQUIVALENCE:
                snprintf(c->label, sizeof(c->label), "%s equivalent to the baseline%s", d->name,
                         sec);
                break;
        }
}

/* Why metric cm at load li does not pass, in the baseline's words. */
static void metric_failure(const struct compare_result *r, int li, const struct compare_metric *cm,
                           char *out, size_t cap)
{
        const double erlang = r->load[li].erlang;
        int role = 0;
        uint32_t seed = 0;
        if (cm->in.basis == STATS_BASIS_UNAVAILABLE && missing_value(r, li, cm->name, &role, &seed))
                snprintf(out, cap,
                         role == 0 ? "not judged: the baseline has no value of %s at erlang %g, "
                                     "seed %u (recorded without it?)"
                                   : "not judged: the path did not report %s at erlang %g, "
                                     "seed %u",
                         cm->name, erlang, seed);
        else if (cm->kind == COMPARE_KIND_PERFORMANCE && cm->perf_ok && cm->perf.slower)
                snprintf(out, cap,
                         "erlang %g: ratio %.3f [%.3f, %.3f] now / baseline: significantly more "
                         "than %g %% above the baseline",
                         erlang, cm->perf.ratio, cm->perf.lo, cm->perf.hi,
                         100 * cm->pol.perf_threshold);
        else if (cm->kind == COMPARE_KIND_EXACT && cm->n_differ > 0)
                snprintf(out, cap,
                         "erlang %g: differs from the baseline on %d of %d replications; first at "
                         "seed %u: baseline %s, now %s%s",
                         erlang, cm->n_differ, cm->in.n,
                         r->pairs[li * r->n_reps + cm->first_differ].seed[1], cm->first_value[0],
                         cm->first_value[1],
                         cm->dec.verdict == STATS_EMERGENCY_ROLLBACK
                             ? "; the mean deviation reaches the emergency threshold"
                             : "");
        else if (cm->in.basis == STATS_BASIS_PAIRED) {
                char dev[160], t1[48], t2[48];
                const char *unit = cm->in.unit && cm->in.unit[0] ? cm->in.unit : "";
                deviation_of(dev, sizeof(dev), cm);
                snprintf(t1, sizeof(t1), "T1 %g%s%s", cm->pol.t1, unit[0] ? " " : "", unit);
                snprintf(t2, sizeof(t2), "T2 %g%s%s", cm->pol.t2, unit[0] ? " " : "", unit);
                if (cm->dec.verdict == STATS_EMERGENCY_ROLLBACK)
                        snprintf(out, cap, "erlang %g %s %s beyond %s, emergency from %s", erlang,
                                 cm->name, dev, t1, t2);
                else if (cm->dec.verdict == STATS_PLANNED_ROLLBACK)
                        snprintf(out, cap, "erlang %g %s %s beyond %s", erlang, cm->name, dev, t1);
                else
                        snprintf(out, cap, "not shown equivalent: erlang %g %s %s not inside +-%s",
                                 erlang, cm->name, dev, t1);
        } else
                snprintf(out, cap, "erlang %g: %.500s", erlang, cm->dec.reason);
}

/* Item 4 + j: compare's decisions of declared metric j, load by load. */
static void metric_item(const struct compare_result *r, int j, struct gate_check *c)
{
        const struct compare_metric_decl *d = &r->cfg->declared[j];
        const int k = COMPARE_METRICS + j;
        const enum compare_kind kind = judged_kind(r, j);
        c->metric = k;
        c->secondary = !d->primary;
        metric_label(r, j, c);
        int worst_li = -1, failed_li = -1, absent_li = -1, largest_li = -1, not_passing = 0;
        int replications = 0;
        enum stats_verdict worst = STATS_PASS;
        for (int li = 0; li < r->n_loads; li++) {
                const struct compare_metric *cm = metric_at(r, li, k);
                if (cm == NULL) {
                        absent_li = absent_li < 0 ? li : absent_li;
                        continue;
                }
                if (failed_basis(cm)) {
                        failed_li = failed_li < 0 ? li : failed_li;
                        continue;
                }
                replications += cm->in.n;
                if (cm->dec.verdict != STATS_PASS) {
                        not_passing++;
                        if (worst_li < 0 || stats_verdict_worst(worst, cm->dec.verdict) != worst) {
                                worst = cm->dec.verdict;
                                worst_li = li;
                        }
                        continue;
                }
                const struct compare_metric *big =
                    largest_li < 0 ? NULL : metric_at(r, largest_li, k);
                if (big == NULL ||
                    (kind == COMPARE_KIND_PERFORMANCE ? cm->perf.ratio > big->perf.ratio
                                                      : fabs(cm->in.mean) > fabs(big->in.mean)))
                        largest_li = li;
        }
        const char *flag = c->secondary ? "secondary, only flags: " : "";
        const enum stats_verdict primary_or_pass = c->secondary ? STATS_PASS : STATS_INCONCLUSIVE;
        char why[600] = "", more[48] = "";
        if (not_passing > 1)
                snprintf(more, sizeof(more), " (and %d more)", not_passing - 1);
        if (worst_li >= 0) {
                metric_failure(r, worst_li, &r->load[worst_li].metric[k], why, sizeof(why));
                check(c, false, c->secondary ? STATS_PASS : worst, "%s%s%s", flag, why, more);
        } else if (absent_li >= 0) {
                check(c, false, primary_or_pass,
                      "%snot judged at erlang %g: the comparison holds no decision of %s", flag,
                      r->load[absent_li].erlang, d->name);
        } else if (failed_li >= 0) {
                check(c, false, primary_or_pass,
                      "%snot judged at erlang %g: its runs failed (see the first item)", flag,
                      r->load[failed_li].erlang);
        } else if (kind == COMPARE_KIND_EXACT) {
                check(c, true, STATS_PASS,
                      "equal to the baseline on every replication at every load (%d)",
                      replications);
        } else {
                const struct compare_metric *cm = &r->load[largest_li].metric[k];
                char dev[160];
                if (kind == COMPARE_KIND_PERFORMANCE)
                        snprintf(dev, sizeof(dev), "ratio %.3f [%.3f, %.3f] now / baseline",
                                 cm->perf.ratio, cm->perf.lo, cm->perf.hi);
                else
                        deviation_of(dev, sizeof(dev), cm);
                if (r->n_loads == 1)
                        check(c, true, STATS_PASS, "%s", dev);
                else
                        check(c, true, STATS_PASS, "every load passes; largest at erlang %g: %s",
                              r->load[largest_li].erlang, dev);
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
        out->n_items = GATE_CHECK_ITEMS;
        for (int i = 0; i < GATE_CHECK_ITEMS; i++)
                out->item[i].metric = -1;
        for (int j = 0; j < r->cfg->n_declared && j < COMPARE_MAX_DECLARED; j++)
                metric_item(r, j, &out->item[out->n_items++]);
        out->verdict = STATS_PASS;
        int decisive = -1, flagged = -1;
        for (int i = 0; i < out->n_items; i++) {
                if (!out->item[i].ticked && flagged < 0)
                        flagged = i;
                enum stats_verdict w = stats_verdict_worst(out->verdict, out->item[i].verdict);
                if (w != out->verdict) {
                        out->verdict = w;
                        decisive = i;
                }
        }
        out->exit_code = stats_verdict_exit_code(out->verdict);
        if (decisive < 0 && flagged >= 0)
                snprintf(out->reason, sizeof(out->reason),
                         "every deciding item ticked; INVESTIGATE: %s", out->item[flagged].label);
        else if (decisive < 0)
                snprintf(out->reason, sizeof(out->reason), "every item ticked");
        else
                snprintf(out->reason, sizeof(out->reason), "not ticked: %s",
                         out->item[decisive].label);
}

/* A load's declared metrics, keyed by name (gate_verify_write_json). */
static void declared_json(struct rg_json *w, cJSON *l, const struct compare_result *r, int li,
                          const struct gate_verification *v)
{
        cJSON *mt = rg_json_object(w, l, "metrics");
        for (int i = GATE_CHECK_ITEMS; i < v->n_items; i++) {
                const int k = v->item[i].metric, j = k - COMPARE_METRICS;
                const enum compare_kind kind = judged_kind(r, j);
                const struct compare_metric *cm = metric_at(r, li, k);
                cJSON *m = rg_json_object(w, mt, r->cfg->declared[j].name);
                rg_json_str(w, m, "kind", compare_kind_name(kind));
                if (cm == NULL) {
                        rg_json_null(w, m, "basis");
                        rg_json_null(w, m, "verdict");
                        continue;
                }
                rg_json_str(w, m, "basis", stats_basis_name(cm->in.basis));
                rg_json_str(w, m, "verdict", stats_verdict_name(cm->dec.verdict));
                if (kind == COMPARE_KIND_EQUIVALENCE) {
                        rg_json_str(w, m, "unit", cm->in.unit ? cm->in.unit : "");
                        rg_json_finite(w, m, "deviation", cm->in.mean);
                        rg_json_finite(w, m, "lo", cm->in.lo);
                        rg_json_finite(w, m, "hi", cm->in.hi);
                } else if (kind == COMPARE_KIND_EXACT) {
                        rg_json_finite(w, m, "differing", cm->n_differ);
                } else {
                        rg_json_finite(w, m, "ratio", cm->perf_ok ? cm->perf.ratio : NAN);
                        rg_json_finite(w, m, "lo", cm->perf_ok ? cm->perf.lo : NAN);
                        rg_json_finite(w, m, "hi", cm->perf_ok ? cm->perf.hi : NAN);
                        rg_json_bool(w, m, "significantly_worse", cm->perf_ok && cm->perf.slower);
                }
        }
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
        for (int i = 0; i < v->n_items; i++) {
                cJSON *it = rg_json_add(&w, items, NULL, cJSON_CreateObject());
                const int j = v->item[i].metric - COMPARE_METRICS;
                if (i < GATE_CHECK_ITEMS) {
                        rg_json_str(&w, it, "item", item_key[i]);
                } else {
                        rg_json_str(&w, it, "item", "metric");
                        rg_json_str(&w, it, "metric", r->cfg->declared[j].name);
                        rg_json_str(&w, it, "kind", compare_kind_name(judged_kind(r, j)));
                        rg_json_bool(&w, it, "primary", !v->item[i].secondary);
                }
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
                if (v->n_items > GATE_CHECK_ITEMS)
                        declared_json(&w, l, r, li, v);
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
