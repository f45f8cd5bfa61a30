/*
 * The JSON report (schema REPORT_SCHEMA_VERSION): the whole document, in a
 * fixed key order.  Numbers are written as the shortest text that reads back
 * as the same double (rg_double_text), so a report read back renders exactly
 * as the original; a NaN is null and an infinity the string "Infinity" or
 * "-Infinity" (JSON has neither).  Everything that depends on the host or
 * the moment is under "timing", so the rest is byte-identical across runs
 * and thread counts.  report_json_read (json_read.c) is the inverse.
 *
 * "runs" and "timing.runs" list each load's own replications, load by load
 * (a sequential comparison stops loads at different counts); each load says
 * how many it has ("replications").
 *
 * Declared metrics, run values and --exact only add keys, each absent when
 * the comparison had none of them, so that a report without them is what
 * it was before they existed: "metrics_declared" and "exact" after
 * "policy", a load's declared metrics after its "bp" and "bbp", a run's
 * "metrics" after its other figures.
 */
#include <cjson/cJSON.h>
#include <string.h>

#include "../common/json_write.h"
#include "render.h"

static void numbers(struct rg_json *w, cJSON *o, const char *key, const double *v, int n)
{
        cJSON *a = rg_json_array(w, o, key);
        for (int i = 0; a && i < n; i++)
                rg_json_num(w, a, NULL, v[i]);
}

static void pair_of(struct rg_json *w, cJSON *o, const char *key, double lo, double hi)
{
        double v[2] = {lo, hi};
        numbers(w, o, key, v, 2);
}

static void summary(struct rg_json *w, cJSON *o, const char *key, const struct report_summary *s)
{
        cJSON *x = rg_json_object(w, o, key);
        rg_json_num(w, x, "mean", s->mean);
        rg_json_num(w, x, "sd", s->sd);
        pair_of(w, x, "ci", s->lo, s->hi);
}

/* What only a metric of a kind has: the replications that differed (kind
 * exact), the ratio test (kind performance). */
static void kind_parts(struct rg_json *w, cJSON *x, const struct report_metric *m)
{
        if (strcmp(m->kind, "exact") == 0) {
                cJSON *d = rg_json_object(w, x, "differing");
                rg_json_num(w, d, "replications", m->n_differ);
                if (m->n_differ == 0) {
                        rg_json_null(w, d, "first");
                        return;
                }
                cJSON *f = rg_json_object(w, d, "first");
                rg_json_num(w, f, "replication", m->first_differ);
                rg_json_num(w, f, "seed", m->first_seed);
                rg_json_str(w, f, "legacy", m->first_value[REPORT_LEGACY]);
                rg_json_str(w, f, "orchestrator", m->first_value[REPORT_ORCHESTRATOR]);
        } else if (strcmp(m->kind, "performance") == 0) {
                cJSON *p = rg_json_object(w, x, "performance");
                rg_json_bool(w, p, "computed", m->perf_computed);
                rg_json_num(w, p, "ratio", m->perf_ratio);
                pair_of(w, p, "ci", m->perf_lo, m->perf_hi);
                rg_json_bool(w, p, "slower", m->perf_slower);
        }
}

/* BP and BBP (`declared` false) in percent and percentage points, a
 * declared metric in its own unit: "delta" and "per_seed" for "delta_pp"
 * and "per_seed_pp".  kind, primary and the kind's parts only where the
 * metric has a kind (a declared one; BP and BBP with --exact). */
static void metric(struct rg_json *w, cJSON *o, const char *key, const struct report_metric *m,
                   bool declared)
{
        cJSON *x = rg_json_object(w, o, key);
        if (m->kind) {
                rg_json_str(w, x, "kind", m->kind);
                rg_json_bool(w, x, "primary", m->primary);
        }
        if (m->have_stats) {
                summary(w, x, "legacy", &m->legacy);
                summary(w, x, "orchestrator", &m->orchestrator);
                cJSON *d = rg_json_object(w, x, declared ? "delta" : "delta_pp");
                rg_json_num(w, d, "mean", m->delta.mean);
                rg_json_num(w, d, "sd", m->delta.sd);
                pair_of(w, d, "ci", m->delta.lo, m->delta.hi);
                pair_of(w, d, "decision_ci", m->decision_lo, m->decision_hi);
                cJSON *rel = rg_json_object(w, x, "delta_rel");
                rg_json_num(w, rel, "mean", m->rel_mean);
                rg_json_num(w, rel, "ratio", m->ratio);
                pair_of(w, rel, "ci", m->rel_lo, m->rel_hi);
                rg_json_bool(w, rel, "unbounded", m->rel_unbounded);
                rg_json_num(w, x, "p_value", m->p_value);
                rg_json_num(w, x, "t", m->t);
                rg_json_num(w, x, "rho", m->rho);
                rg_json_num(w, x, "variance_reduction", m->variance_reduction);
                numbers(w, x, declared ? "per_seed" : "per_seed_pp", m->per_seed, m->n_per_seed);
        } else {
                rg_json_null(w, x, "legacy");
                rg_json_null(w, x, "orchestrator");
                rg_json_null(w, x, declared ? "delta" : "delta_pp");
                rg_json_null(w, x, "delta_rel");
                rg_json_null(w, x, "p_value");
        }
        cJSON *dec = rg_json_object(w, x, "decision");
        rg_json_str(w, dec, "basis", stats_basis_name(m->basis));
        if (m->unit) {
                rg_json_str(w, dec, "unit", m->unit);
                rg_json_num(w, dec, "deviation", m->deviation);
                pair_of(w, dec, "interval", m->dev_lo, m->dev_hi);
        }
        rg_json_str(w, dec, "verdict", stats_verdict_name(m->verdict));
        rg_json_str(w, dec, "reason", m->reason);
        rg_json_bool(w, dec, "rollback_claim", m->claim);
        if (m->claim) {
                rg_json_num(w, dec, "p_claim", m->p_claim);
                rg_json_num(w, dec, "p_holm", m->p_holm);
                rg_json_bool(w, dec, "emergency_not_excluded", m->emergency_not_excluded);
        }
        if (m->replications_needed != 0)
                rg_json_num(w, dec, "replications_needed", m->replications_needed);
        if (m->requests_needed != 0)
                rg_json_num(w, dec, "requests_needed", m->requests_needed);
        if (m->kind)
                kind_parts(w, x, m);
}

static void chisq(struct rg_json *w, cJSON *o, const char *key, const struct report_chisq *c)
{
        if (!c->tested)
                return;
        cJSON *x = rg_json_object(w, o, key);
        rg_json_num(w, x, "statistic", c->statistic);
        rg_json_num(w, x, "df", c->df);
        rg_json_num(w, x, "p_value", c->p_value);
        rg_json_num(w, x, "dispersion", c->dispersion);
}

/* A load's looks: null for a fixed run (the document's sequential.on
 * decides, not n_looks, so that a sequential load never reads as fixed). */
static void looks(struct rg_json *w, cJSON *l, const struct report_doc *doc,
                  const struct report_load *L)
{
        static const char *const key[REPORT_METRICS] = {"bp", "bbp"};
        if (!doc->sequential.on) {
                rg_json_null(w, l, "sequential");
                return;
        }
        cJSON *sq = rg_json_object(w, l, "sequential");
        rg_json_str(w, sq, "stopped", L->stopped);
        cJSON *a = rg_json_array(w, sq, "looks");
        for (int j = 0; a && j < L->n_looks; j++) {
                const struct report_look *lk = &L->looks[j];
                cJSON *x = rg_json_object(w, a, NULL);
                rg_json_num(w, x, "replications", lk->replications);
                rg_json_num(w, x, "nominal_alpha", lk->nominal);
                rg_json_num(w, x, "alpha_spent", lk->spent);
                rg_json_str(w, x, "verdict", stats_verdict_name(lk->verdict));
                cJSON *mt = rg_json_object(w, x, "metrics");
                for (int k = 0; k < REPORT_METRICS; k++) {
                        const struct report_look_metric *m = &lk->metric[k];
                        cJSON *y = rg_json_object(w, mt, key[k]);
                        rg_json_str(w, y, "basis", stats_basis_name(m->basis));
                        rg_json_num(w, y, "deviation", m->deviation);
                        rg_json_num(w, y, "decision_lo", m->lo);
                        rg_json_num(w, y, "decision_hi", m->hi);
                        rg_json_str(w, y, "verdict", stats_verdict_name(m->verdict));
                }
        }
}

static void load(struct rg_json *w, cJSON *loads, const struct report_doc *doc,
                 const struct report_load *L)
{
        cJSON *l = rg_json_object(w, loads, NULL);
        rg_json_num(w, l, "erlang", L->erlang);
        rg_json_num(w, l, "replications", L->replications);
        rg_json_str(w, l, "verdict", stats_verdict_name(L->verdict));
        rg_json_str(w, l, "reason", L->reason);
        rg_json_bool(w, l, "identical", L->identical);
        rg_json_bool(w, l, "low_signal", L->low_signal);
        numbers(w, l, "blocked_total", L->blocked_total, REPORT_ROLES);
        cJSON *mt = rg_json_object(w, l, "metrics");
        metric(w, mt, "bp", &L->metric[REPORT_BP], false);
        metric(w, mt, "bbp", &L->metric[REPORT_BBP], false);
        for (int k = 0; k < L->n_declared; k++)
                metric(w, mt, L->declared[k].name, &L->declared[k], true);
        /* a test that was not made is absent; the flags say why */
        const struct report_secondary *s = &L->secondary;
        cJSON *sec = rg_json_object(w, l, "secondary");
        chisq(w, sec, "block_reasons", &s->block_reasons);
        chisq(w, sec, "modulations", &s->modulations);
        if (s->have_length)
                rg_json_num(w, sec, "length_rel", s->length_rel);
        if (s->have_hops)
                rg_json_num(w, sec, "hops_diff", s->hops_diff);
        if (s->have_bias) {
                cJSON *b = rg_json_object(w, sec, "bias");
                rg_json_num(w, b, "orchestrator_higher", s->bias_higher);
                rg_json_num(w, b, "orchestrator_lower", s->bias_lower);
                rg_json_num(w, b, "ties", s->bias_ties);
                rg_json_num(w, b, "p_value", s->bias_p);
        }
        cJSON *flags = rg_json_array(w, l, "flags");
        for (int f = 0; flags && f < L->n_flags; f++)
                rg_json_str(w, flags, NULL, L->flags[f]);
        cJSON *res = rg_json_object(w, l, "resolution");
        rg_json_num(w, res, "pp", L->resolution_pp);
        rg_json_bool(w, res, "warning", L->resolution_warning);
        looks(w, l, doc, L);
}

/* A run's values: a number as itself, a string or a list as what the
 * comparison kept of it. */
static void values(struct rg_json *w, cJSON *x, const struct report_run *r)
{
        cJSON *mt = rg_json_object(w, x, "metrics");
        for (int i = 0; mt && i < r->n_values; i++) {
                const struct report_value *v = &r->values[i];
                if (strcmp(v->type, "number") == 0) {
                        rg_json_num(w, mt, v->name, v->number);
                        continue;
                }
                cJSON *y = rg_json_object(w, mt, v->name);
                rg_json_str(w, y, "type", v->type);
                rg_json_num(w, y, "count", v->count);
                rg_json_str(w, y, "hash", v->hash);
                rg_json_str(w, y, "text", v->text);
                rg_json_bool(w, y, "cut", v->cut);
        }
}

static void run(struct rg_json *w, cJSON *o, const char *key, const struct report_run *r)
{
        cJSON *x = rg_json_object(w, o, key);
        rg_json_num(w, x, "seed", r->seed);
        rg_json_str(w, x, "status", r->ok ? "ok" : "failed");
        if (!r->ok) {
                rg_json_str(w, x, "error", r->error);
                if (r->has & REPORT_HAS_FAIL_REQUEST)
                        rg_json_num(w, x, "fail_request", r->fail_request);
        }
        rg_json_num(w, x, "requests", r->requests);
        rg_json_num(w, x, "blocked", r->blocked);
        rg_json_num(w, x, "bp", r->bp);
        if (r->has & REPORT_HAS_GBPS) {
                rg_json_num(w, x, "requested_gbps", r->requested_gbps);
                rg_json_num(w, x, "blocked_gbps", r->blocked_gbps);
        }
        if (r->has & REPORT_HAS_BBP)
                rg_json_num(w, x, "bbp", r->bbp);
        if (r->has & REPORT_HAS_REASONS) {
                cJSON *br = rg_json_object(w, x, "block_reasons");
                rg_json_num(w, br, "distance", r->blocked_distance);
                rg_json_num(w, br, "congestion", r->blocked_congestion);
        }
        if (r->has & REPORT_HAS_HOPS)
                rg_json_num(w, x, "hops_mean", r->hops_mean);
        if (r->has & REPORT_HAS_LENGTH)
                rg_json_num(w, x, "length_mean_km", r->length_mean_km);
        if (r->has & REPORT_HAS_MODS) {
                cJSON *mods = rg_json_object(w, x, "modulations");
                for (int i = 0; mods && i < r->n_mods; i++)
                        rg_json_num(w, mods, r->mod_names[i], r->mod_count[i]);
        }
        if (r->has & REPORT_HAS_TRACE)
                rg_json_str(w, x, "trace_hash", r->trace_hash);
        if (r->n_values > 0)
                values(w, x, r);
}

static void perf(struct rg_json *w, cJSON *x, const struct report_perf *p)
{
        rg_json_bool(w, x, "computed", p->computed);
        rg_json_num(w, x, "ratio", p->ratio);
        pair_of(w, x, "interval", p->lo, p->hi);
        rg_json_bool(w, x, "significantly_slower", p->slower);
}

/* The [metric.NAME] sections, each with the keys of its kind only. */
static void declared(struct rg_json *w, cJSON *o, const struct report_doc *doc)
{
        if (doc->n_declared == 0)
                return;
        cJSON *a = rg_json_array(w, o, "metrics_declared");
        for (int i = 0; a && i < doc->n_declared; i++) {
                const struct report_declared *d = &doc->declared[i];
                cJSON *x = rg_json_object(w, a, NULL);
                rg_json_str(w, x, "name", d->name);
                rg_json_str(w, x, "kind", d->kind);
                rg_json_bool(w, x, "primary", d->primary);
                if (strcmp(d->kind, "equivalence") == 0) {
                        rg_json_str(w, x, "unit", d->unit);
                        rg_json_str(w, x, "deviation",
                                    d->deviation == STATS_DEV_RELATIVE ? "relative" : "absolute");
                        rg_json_str(w, x, "direction",
                                    d->direction == STATS_DIR_INCREASE ? "increase" : "either");
                        pair_of(w, x, "thresholds", d->t1, d->t2);
                } else if (strcmp(d->kind, "exact") == 0) {
                        rg_json_num(w, x, "abs_tol", d->abs_tol);
                        rg_json_num(w, x, "rel_tol", d->rel_tol);
                } else {
                        rg_json_num(w, x, "factor", d->factor);
                }
        }
}

/* --exact: whether any value differed, and the first that did. */
static void exact(struct rg_json *w, cJSON *o, const struct report_exact *e)
{
        if (!e->on)
                return;
        cJSON *x = rg_json_object(w, o, "exact");
        rg_json_bool(w, x, "differs", e->differs);
        if (!e->differs) {
                rg_json_null(w, x, "first");
                return;
        }
        cJSON *f = rg_json_object(w, x, "first");
        rg_json_num(w, f, "erlang", e->erlang);
        rg_json_num(w, f, "seed", e->seed);
        rg_json_num(w, f, "replication", e->replication);
        rg_json_str(w, f, "metric", e->metric);
        rg_json_str(w, f, "legacy", e->value[REPORT_LEGACY]);
        rg_json_str(w, f, "orchestrator", e->value[REPORT_ORCHESTRATOR]);
}

static void inputs(struct rg_json *w, cJSON *o, const struct report_doc *doc)
{
        const struct report_inputs *s = &doc->inputs;
        cJSON *in = rg_json_object(w, o, "inputs");
        rg_json_str(w, in, "config", s->config);
        rg_json_str(w, in, "topology", s->topology);
        if (s->have_model) {
                rg_json_num(w, in, "nodes", s->nodes);
                rg_json_num(w, in, "links", s->links);
                rg_json_num(w, in, "k_paths", s->k_paths);
                rg_json_num(w, in, "cores", s->cores);
                rg_json_num(w, in, "slots", s->slots);
                rg_json_num(w, in, "guard_slots", s->guard_slots);
                rg_json_str(w, in, "allocation", s->allocation);
                rg_json_str(w, in, "mod_assumption", s->mod_assumption);
        }
        rg_json_num(w, in, "holding_time", s->holding_time);
        rg_json_num(w, in, "requests", s->requests);
        rg_json_str(w, in, "arrival_rate", s->arrival_rate);
        cJSON *dist = rg_json_object(w, in, "request_distribution");
        for (int i = 0; dist && i < s->n_dist; i++)
                rg_json_num(w, dist, s->dist_label[i], s->dist_prob[i]);
        numbers(w, in, "loads", s->loads, s->n_loads);
        numbers(w, in, "seeds", s->seeds, s->n_seeds);
        rg_json_bool(w, in, "paired", s->paired);
        rg_json_str(w, in, "legacy", s->legacy);
        rg_json_str(w, in, "orchestrator", s->orchestrator);
        rg_json_str(w, in, "inject",
                    s->inject[0] ? s->inject : "none"); /* the spec's word for none */

        const struct report_policy *pol = &doc->policy;
        cJSON *p = rg_json_object(w, o, "policy");
        rg_json_str(w, p, "deviation",
                    pol->deviation == STATS_DEV_RELATIVE ? "relative" : "absolute");
        rg_json_str(w, p, "direction",
                    pol->direction == STATS_DIR_INCREASE ? "increase" : "either");
        pair_of(w, p, "thresholds", pol->t1, pol->t2);
        rg_json_num(w, p, "confidence", pol->confidence);
        rg_json_num(w, p, "decision_level", pol->decision_level);
        rg_json_num(w, p, "perf_threshold", pol->perf_threshold);
        rg_json_num(w, p, "low_signal_blocked", pol->low_signal_blocked);
        rg_json_num(w, p, "holm_tests", pol->holm_tests);
        declared(w, o, doc);
        exact(w, o, &doc->exact);

        cJSON *nt = rg_json_object(w, o, "notification");
        rg_json_str(w, nt, "project", doc->notification.project);
        rg_json_str(w, nt, "team", doc->notification.team);
        rg_json_str(w, nt, "channel", doc->notification.channel);

        /* the error level is the policy's (1 - confidence), not repeated */
        const struct report_sequential *sq = &doc->sequential;
        if (!sq->on) {
                rg_json_null(w, o, "sequential");
                return;
        }
        cJSON *x = rg_json_object(w, o, "sequential");
        rg_json_str(w, x, "spending", sq->spending);
        rg_json_num(w, x, "batch", sq->batch);
        rg_json_num(w, x, "max_replications", sq->max_replications);
}

static void timing(struct rg_json *w, cJSON *o, const struct report_doc *doc)
{
        const struct report_timing *tm = &doc->timing;
        cJSON *t = rg_json_object(w, o, "timing");
        rg_json_num(w, t, "threads", tm->threads);
        rg_json_num(w, t, "wall_seconds", tm->wall_seconds);
        rg_json_str(w, t, "started", tm->started);
        rg_json_str(w, t, "finished", tm->finished);
        rg_json_str(w, t, "host", tm->host);
        rg_json_num(w, t, "ranks", tm->ranks);
        cJSON *hosts = rg_json_array(w, t, "hosts");
        for (int i = 0; hosts && i < tm->n_hosts; i++)
                rg_json_str(w, hosts, NULL, tm->hosts[i]);
        rg_json_num(w, t, "hosts_total", tm->hosts_total);
        cJSON *shards = rg_json_array(w, t, "shards");
        for (int i = 0; shards && i < tm->n_shards; i++) {
                const struct report_shard *sh = &tm->shards[i];
                cJSON *x = rg_json_object(w, shards, NULL);
                rg_json_num(w, x, "index", sh->index);
                rg_json_num(w, x, "count", sh->count);
                rg_json_str(w, x, "host", sh->host);
                rg_json_num(w, x, "threads", sh->threads);
                rg_json_num(w, x, "wall_seconds", sh->wall_seconds);
                rg_json_str(w, x, "started", sh->started);
                rg_json_str(w, x, "finished", sh->finished);
                rg_json_num(w, x, "external_runs_executed", sh->runs_executed);
                rg_json_num(w, x, "external_runs_reused", sh->runs_reused);
        }
        rg_json_num(w, t, "online_cpus", tm->online_cpus);
        rg_json_str(w, t, "performance_clock", tm->performance_clock);
        rg_json_num(w, t, "external_runs_executed", tm->runs_executed);
        rg_json_num(w, t, "external_runs_reused", tm->runs_reused);
        perf(w, rg_json_object(w, t, "performance_pooled"), &tm->pooled);
        cJSON *pa = rg_json_array(w, t, "performance");
        for (int li = 0; pa && li < doc->n_loads; li++) {
                cJSON *x = rg_json_object(w, pa, NULL);
                rg_json_num(w, x, "erlang", tm->perf[li].erlang);
                perf(w, x, &tm->perf[li]);
        }
        cJSON *rt = rg_json_array(w, t, "runs");
        for (int j = 0; rt && j < doc->n_pairs; j++)
                numbers(w, rt, NULL, tm->run_seconds[j], 5);
}

static cJSON *document(struct rg_json *w, const struct report_doc *doc)
{
        cJSON *o = cJSON_CreateObject();
        w->failed |= o == NULL;
        /* the keys below are this version's whatever the document was read
         * from (report_json_read upgrades an older report) */
        rg_json_num(w, o, "schema_version", REPORT_SCHEMA_VERSION);
        rg_json_str(w, o, "tool", doc->tool);
        rg_json_str(w, o, "version", doc->version);
        rg_json_bool(w, o, "complete", doc->complete);
        rg_json_str(w, o, "verdict", stats_verdict_name(doc->verdict));
        rg_json_num(w, o, "exit_code", doc->exit_code);
        rg_json_str(w, o, "reason", doc->reason);
        cJSON *act = rg_json_object(w, o, "action");
        rg_json_num(w, act, "rollback_level", doc->action.level);
        rg_json_str(w, act, "text", doc->action.text);
        rg_json_str(w, act, "rollback_env", doc->action.rollback_env);
        rg_json_str(w, act, "rollback_config_key", doc->action.rollback_config_key);
        inputs(w, o, doc);
        cJSON *loads = rg_json_array(w, o, "loads");
        for (int li = 0; loads && li < doc->n_loads; li++)
                load(w, loads, doc, &doc->loads[li]);
        cJSON *runs = rg_json_array(w, o, "runs");
        for (int j = 0; runs && j < doc->n_pairs; j++) {
                const struct report_pair *p = &doc->pairs[j];
                cJSON *x = rg_json_object(w, runs, NULL);
                rg_json_num(w, x, "erlang", p->erlang);
                rg_json_num(w, x, "replication", p->replication);
                if (p->harness_error) {
                        rg_json_str(w, x, "harness_error", p->harness_error);
                        continue;
                }
                run(w, x, "legacy", &p->run[REPORT_LEGACY]);
                run(w, x, "orchestrator", &p->run[REPORT_ORCHESTRATOR]);
        }
        const struct report_diagnosis *dg = &doc->diagnosis;
        if (dg->present) {
                cJSON *x = rg_json_object(w, o, "diagnosis");
                rg_json_num(w, x, "erlang", dg->erlang);
                rg_json_num(w, x, "seed", dg->seed);
                rg_json_num(w, x, "request", dg->request);
                rg_json_num(w, x, "compared", dg->compared);
                rg_json_str(w, x, "legacy", dg->decision[REPORT_LEGACY]);
                rg_json_str(w, x, "orchestrator", dg->decision[REPORT_ORCHESTRATOR]);
        } else {
                rg_json_null(w, o, "diagnosis");
        }
        timing(w, o, doc);
        return o;
}

static int render(const struct report_doc *doc, const struct report_render_opts *opts,
                  struct rg_buf *out, struct rg_errbuf *eb)
{
        (void)opts;
        struct rg_json w = {0};
        cJSON *o = document(&w, doc);
        return rg_json_finish(&w, o, "JSON report", out, eb);
}

const struct report_renderer_ops report_json_ops = {
    .name = "json",
    .extension = ".json",
    .render = render,
};
