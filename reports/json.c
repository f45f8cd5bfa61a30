/*
 * The JSON report (schema REPORT_SCHEMA_VERSION): the whole document, in a
 * fixed key order.  Numbers are written as the shortest text that reads back
 * as the same double (rg_double_text), so a report read back renders exactly
 * as the original; a NaN is null and an infinity the string "Infinity" or
 * "-Infinity" (JSON has neither).  Everything that depends on the host or
 * the moment is under "timing", so the rest is byte-identical across runs
 * and thread counts.  report_json_read (json_read.c) is the inverse.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../common/number.h"
#include "render.h"

/* Every cJSON call goes through these; the first failure makes the whole
 * document fail (a report that could not be built completely is an error). */
struct jw {
        bool failed;
};

static cJSON *num_item(struct jw *w, double v)
{
        cJSON *it;
        if (isnan(v))
                it = cJSON_CreateNull();
        else if (isinf(v))
                it = cJSON_CreateString(v > 0 ? "Infinity" : "-Infinity");
        else {
                char buf[40];
                rg_double_text(buf, sizeof(buf), v);
                it = cJSON_CreateRaw(buf);
        }
        w->failed |= it == NULL;
        return it;
}

static cJSON *add(struct jw *w, cJSON *o, const char *key, cJSON *it)
{
        if (it == NULL || o == NULL) {
                w->failed = true;
                cJSON_Delete(it);
                return NULL;
        }
        bool ok =
            cJSON_IsArray(o) ? cJSON_AddItemToArray(o, it) : cJSON_AddItemToObject(o, key, it);
        if (!ok) {
                w->failed = true;
                cJSON_Delete(it);
                return NULL;
        }
        return it;
}

static void num(struct jw *w, cJSON *o, const char *key, double v)
{
        add(w, o, key, num_item(w, v));
}

static void str(struct jw *w, cJSON *o, const char *key, const char *s)
{
        add(w, o, key, cJSON_CreateString(s));
}

static void boolean(struct jw *w, cJSON *o, const char *key, bool b)
{
        add(w, o, key, cJSON_CreateBool(b));
}

static void null(struct jw *w, cJSON *o, const char *key)
{
        add(w, o, key, cJSON_CreateNull());
}

static cJSON *object(struct jw *w, cJSON *o, const char *key)
{
        return add(w, o, key, cJSON_CreateObject());
}

static cJSON *array(struct jw *w, cJSON *o, const char *key)
{
        return add(w, o, key, cJSON_CreateArray());
}

static void numbers(struct jw *w, cJSON *o, const char *key, const double *v, int n)
{
        cJSON *a = array(w, o, key);
        for (int i = 0; a && i < n; i++)
                num(w, a, NULL, v[i]);
}

static void pair_of(struct jw *w, cJSON *o, const char *key, double lo, double hi)
{
        double v[2] = {lo, hi};
        numbers(w, o, key, v, 2);
}

static void summary(struct jw *w, cJSON *o, const char *key, const struct report_summary *s)
{
        cJSON *x = object(w, o, key);
        num(w, x, "mean", s->mean);
        num(w, x, "sd", s->sd);
        pair_of(w, x, "ci", s->lo, s->hi);
}

static void metric(struct jw *w, cJSON *o, const char *key, const struct report_metric *m)
{
        cJSON *x = object(w, o, key);
        if (m->have_stats) {
                summary(w, x, "legacy", &m->legacy);
                summary(w, x, "orchestrator", &m->orchestrator);
                cJSON *d = object(w, x, "delta_pp");
                num(w, d, "mean", m->delta.mean);
                num(w, d, "sd", m->delta.sd);
                pair_of(w, d, "ci", m->delta.lo, m->delta.hi);
                pair_of(w, d, "decision_ci", m->decision_lo, m->decision_hi);
                cJSON *rel = object(w, x, "delta_rel");
                num(w, rel, "mean", m->rel_mean);
                num(w, rel, "ratio", m->ratio);
                pair_of(w, rel, "ci", m->rel_lo, m->rel_hi);
                boolean(w, rel, "unbounded", m->rel_unbounded);
                num(w, x, "p_value", m->p_value);
                num(w, x, "t", m->t);
                num(w, x, "rho", m->rho);
                num(w, x, "variance_reduction", m->variance_reduction);
                numbers(w, x, "per_seed_pp", m->per_seed, m->n_per_seed);
        } else {
                null(w, x, "legacy");
                null(w, x, "orchestrator");
                null(w, x, "delta_pp");
                null(w, x, "delta_rel");
                null(w, x, "p_value");
        }
        cJSON *dec = object(w, x, "decision");
        str(w, dec, "basis", stats_basis_name(m->basis));
        if (m->unit) {
                str(w, dec, "unit", m->unit);
                num(w, dec, "deviation", m->deviation);
                pair_of(w, dec, "interval", m->dev_lo, m->dev_hi);
        }
        str(w, dec, "verdict", stats_verdict_name(m->verdict));
        str(w, dec, "reason", m->reason);
        boolean(w, dec, "rollback_claim", m->claim);
        if (m->claim) {
                num(w, dec, "p_claim", m->p_claim);
                num(w, dec, "p_holm", m->p_holm);
                boolean(w, dec, "emergency_not_excluded", m->emergency_not_excluded);
        }
        if (m->replications_needed != 0)
                num(w, dec, "replications_needed", m->replications_needed);
        if (m->requests_needed != 0)
                num(w, dec, "requests_needed", m->requests_needed);
}

static void chisq(struct jw *w, cJSON *o, const char *key, const struct report_chisq *c)
{
        if (!c->tested)
                return;
        cJSON *x = object(w, o, key);
        num(w, x, "statistic", c->statistic);
        num(w, x, "df", c->df);
        num(w, x, "p_value", c->p_value);
        num(w, x, "dispersion", c->dispersion);
}

static void load(struct jw *w, cJSON *loads, const struct report_load *L)
{
        cJSON *l = object(w, loads, NULL);
        num(w, l, "erlang", L->erlang);
        str(w, l, "verdict", stats_verdict_name(L->verdict));
        str(w, l, "reason", L->reason);
        boolean(w, l, "identical", L->identical);
        boolean(w, l, "low_signal", L->low_signal);
        numbers(w, l, "blocked_total", L->blocked_total, REPORT_ROLES);
        cJSON *mt = object(w, l, "metrics");
        metric(w, mt, "bp", &L->metric[REPORT_BP]);
        metric(w, mt, "bbp", &L->metric[REPORT_BBP]);
        /* a test that was not made is absent; the flags say why */
        const struct report_secondary *s = &L->secondary;
        cJSON *sec = object(w, l, "secondary");
        chisq(w, sec, "block_reasons", &s->block_reasons);
        chisq(w, sec, "modulations", &s->modulations);
        if (s->have_length)
                num(w, sec, "length_rel", s->length_rel);
        if (s->have_hops)
                num(w, sec, "hops_diff", s->hops_diff);
        if (s->have_bias) {
                cJSON *b = object(w, sec, "bias");
                num(w, b, "orchestrator_higher", s->bias_higher);
                num(w, b, "orchestrator_lower", s->bias_lower);
                num(w, b, "ties", s->bias_ties);
                num(w, b, "p_value", s->bias_p);
        }
        cJSON *flags = array(w, l, "flags");
        for (int f = 0; flags && f < L->n_flags; f++)
                str(w, flags, NULL, L->flags[f]);
        cJSON *res = object(w, l, "resolution");
        num(w, res, "pp", L->resolution_pp);
        boolean(w, res, "warning", L->resolution_warning);
}

static void run(struct jw *w, cJSON *o, const char *key, const struct report_run *r)
{
        cJSON *x = object(w, o, key);
        num(w, x, "seed", r->seed);
        str(w, x, "status", r->ok ? "ok" : "failed");
        if (!r->ok) {
                str(w, x, "error", r->error);
                if (r->has & REPORT_HAS_FAIL_REQUEST)
                        num(w, x, "fail_request", r->fail_request);
        }
        num(w, x, "requests", r->requests);
        num(w, x, "blocked", r->blocked);
        num(w, x, "bp", r->bp);
        if (r->has & REPORT_HAS_GBPS) {
                num(w, x, "requested_gbps", r->requested_gbps);
                num(w, x, "blocked_gbps", r->blocked_gbps);
        }
        if (r->has & REPORT_HAS_BBP)
                num(w, x, "bbp", r->bbp);
        if (r->has & REPORT_HAS_REASONS) {
                cJSON *br = object(w, x, "block_reasons");
                num(w, br, "distance", r->blocked_distance);
                num(w, br, "congestion", r->blocked_congestion);
        }
        if (r->has & REPORT_HAS_HOPS)
                num(w, x, "hops_mean", r->hops_mean);
        if (r->has & REPORT_HAS_LENGTH)
                num(w, x, "length_mean_km", r->length_mean_km);
        if (r->has & REPORT_HAS_MODS) {
                cJSON *mods = object(w, x, "modulations");
                for (int i = 0; mods && i < r->n_mods; i++)
                        num(w, mods, r->mod_names[i], r->mod_count[i]);
        }
        if (r->has & REPORT_HAS_TRACE)
                str(w, x, "trace_hash", r->trace_hash);
}

static void perf(struct jw *w, cJSON *x, const struct report_perf *p)
{
        boolean(w, x, "computed", p->computed);
        num(w, x, "ratio", p->ratio);
        pair_of(w, x, "interval", p->lo, p->hi);
        boolean(w, x, "significantly_slower", p->slower);
}

static void inputs(struct jw *w, cJSON *o, const struct report_doc *doc)
{
        const struct report_inputs *s = &doc->inputs;
        cJSON *in = object(w, o, "inputs");
        str(w, in, "config", s->config);
        str(w, in, "topology", s->topology);
        if (s->have_model) {
                num(w, in, "nodes", s->nodes);
                num(w, in, "links", s->links);
                num(w, in, "k_paths", s->k_paths);
                num(w, in, "cores", s->cores);
                num(w, in, "slots", s->slots);
                num(w, in, "guard_slots", s->guard_slots);
                str(w, in, "allocation", s->allocation);
                str(w, in, "mod_assumption", s->mod_assumption);
        }
        num(w, in, "holding_time", s->holding_time);
        num(w, in, "requests", s->requests);
        str(w, in, "arrival_rate", s->arrival_rate);
        cJSON *dist = object(w, in, "request_distribution");
        for (int i = 0; dist && i < s->n_dist; i++)
                num(w, dist, s->dist_label[i], s->dist_prob[i]);
        numbers(w, in, "loads", s->loads, s->n_loads);
        numbers(w, in, "seeds", s->seeds, s->n_seeds);
        boolean(w, in, "paired", s->paired);
        str(w, in, "legacy", s->legacy);
        str(w, in, "orchestrator", s->orchestrator);
        str(w, in, "inject", s->inject[0] ? s->inject : "none"); /* the spec's word for none */

        const struct report_policy *pol = &doc->policy;
        cJSON *p = object(w, o, "policy");
        str(w, p, "deviation", pol->deviation == STATS_DEV_RELATIVE ? "relative" : "absolute");
        str(w, p, "direction", pol->direction == STATS_DIR_INCREASE ? "increase" : "either");
        pair_of(w, p, "thresholds", pol->t1, pol->t2);
        num(w, p, "confidence", pol->confidence);
        num(w, p, "decision_level", pol->decision_level);
        num(w, p, "perf_threshold", pol->perf_threshold);
        num(w, p, "low_signal_blocked", pol->low_signal_blocked);
        num(w, p, "holm_tests", pol->holm_tests);

        cJSON *nt = object(w, o, "notification");
        str(w, nt, "project", doc->notification.project);
        str(w, nt, "team", doc->notification.team);
        str(w, nt, "channel", doc->notification.channel);
}

static void timing(struct jw *w, cJSON *o, const struct report_doc *doc)
{
        const struct report_timing *tm = &doc->timing;
        cJSON *t = object(w, o, "timing");
        num(w, t, "threads", tm->threads);
        num(w, t, "wall_seconds", tm->wall_seconds);
        str(w, t, "started", tm->started);
        str(w, t, "finished", tm->finished);
        str(w, t, "host", tm->host);
        num(w, t, "online_cpus", tm->online_cpus);
        str(w, t, "performance_clock", tm->performance_clock);
        num(w, t, "external_runs_executed", tm->runs_executed);
        num(w, t, "external_runs_reused", tm->runs_reused);
        perf(w, object(w, t, "performance_pooled"), &tm->pooled);
        cJSON *pa = array(w, t, "performance");
        for (int li = 0; pa && li < doc->n_loads; li++) {
                cJSON *x = object(w, pa, NULL);
                num(w, x, "erlang", tm->perf[li].erlang);
                perf(w, x, &tm->perf[li]);
        }
        cJSON *rt = array(w, t, "runs");
        for (int j = 0; rt && j < doc->n_pairs; j++)
                numbers(w, rt, NULL, tm->run_seconds[j], 5);
}

static cJSON *document(struct jw *w, const struct report_doc *doc)
{
        cJSON *o = cJSON_CreateObject();
        w->failed |= o == NULL;
        num(w, o, "schema_version", doc->schema_version);
        str(w, o, "tool", doc->tool);
        str(w, o, "version", doc->version);
        boolean(w, o, "complete", doc->complete);
        str(w, o, "verdict", stats_verdict_name(doc->verdict));
        num(w, o, "exit_code", doc->exit_code);
        str(w, o, "reason", doc->reason);
        cJSON *act = object(w, o, "action");
        num(w, act, "rollback_level", doc->action.level);
        str(w, act, "text", doc->action.text);
        str(w, act, "rollback_env", doc->action.rollback_env);
        str(w, act, "rollback_config_key", doc->action.rollback_config_key);
        inputs(w, o, doc);
        cJSON *loads = array(w, o, "loads");
        for (int li = 0; loads && li < doc->n_loads; li++)
                load(w, loads, &doc->loads[li]);
        cJSON *runs = array(w, o, "runs");
        for (int j = 0; runs && j < doc->n_pairs; j++) {
                const struct report_pair *p = &doc->pairs[j];
                cJSON *x = object(w, runs, NULL);
                num(w, x, "erlang", p->erlang);
                num(w, x, "replication", p->replication);
                if (p->harness_error) {
                        str(w, x, "harness_error", p->harness_error);
                        continue;
                }
                run(w, x, "legacy", &p->run[REPORT_LEGACY]);
                run(w, x, "orchestrator", &p->run[REPORT_ORCHESTRATOR]);
        }
        const struct report_diagnosis *dg = &doc->diagnosis;
        if (dg->present) {
                cJSON *x = object(w, o, "diagnosis");
                num(w, x, "erlang", dg->erlang);
                num(w, x, "seed", dg->seed);
                num(w, x, "request", dg->request);
                num(w, x, "compared", dg->compared);
                str(w, x, "legacy", dg->decision[REPORT_LEGACY]);
                str(w, x, "orchestrator", dg->decision[REPORT_ORCHESTRATOR]);
        } else {
                null(w, o, "diagnosis");
        }
        timing(w, o, doc);
        return o;
}

static int render(const struct report_doc *doc, const struct report_render_opts *opts,
                  struct rg_buf *out, struct rg_errbuf *eb)
{
        (void)opts;
        struct jw w = {0};
        cJSON *o = document(&w, doc);
        char *text = w.failed ? NULL : cJSON_Print(o);
        cJSON_Delete(o);
        if (text == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory for the JSON report");
        rg_buf_puts(out, text);
        rg_buf_putc(out, '\n');
        free(text);
        return rg_buf_failed(out) ? rg_fail(eb, RG_NOMEM, "out of memory for the JSON report")
                                  : RG_OK;
}

const struct report_renderer_ops report_json_ops = {
    .name = "json",
    .extension = ".json",
    .render = render,
};
