#include "report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

_Static_assert(COMPARE_MAX_LOOKS == REPORT_MAX_LOOKS,
               "a report holds every look a comparison takes");
_Static_assert(COMPARE_MAX_DECLARED == REPORT_MAX_DECLARED,
               "a report holds every metric a comparison declares");
_Static_assert(BACKEND_MAX_VALUES == REPORT_MAX_VALUES && BACKEND_VALUE_NAME == REPORT_NAME_MAX,
               "a report holds every value a run reports");

/* Every allocation goes through these and marks the fill failed, so the
 * code below reads as a list of copies and is checked once at the end. */
struct fill {
        struct report_doc *doc;
        bool nomem;
};

static const char *text(struct fill *f, const char *s)
{
        const char *d = report_doc_strdup(f->doc, s);
        if (d == NULL) {
                f->nomem = true;
                return "";
        }
        return d;
}

static void *array(struct fill *f, size_t n, size_t size)
{
        void *p = report_doc_alloc(f->doc, n, size);
        f->nomem |= p == NULL;
        return p;
}

static const char *iso_time(struct fill *f, time_t t)
{
        char buf[32] = "";
        struct tm tm;
        if (t != 0 && gmtime_r(&t, &tm) != NULL)
                strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
        return text(f, buf);
}

static struct report_summary summary(const struct stats_summary *s)
{
        return (struct report_summary){s->mean, s->sd, s->lo, s->hi};
}

/* Metric k (named `name`) of a run for its per-seed deviations: BP and
 * BBP in percent, a declared metric's number (NAN when it has none). */
static double run_figure(const struct backend_result *run, int k, const char *name)
{
        if (k < COMPARE_METRICS)
                return compare_metric_value(run, k);
        const struct backend_value *v = backend_result_value(run, name);
        return v && v->type == BACKEND_VALUE_NUMBER ? v->number : NAN;
}

/* The JSON's key of a metric: "bp" and "bbp" for the analysis's "BP" and
 * "BBP" (no declared metric has those names, in any case), any other by
 * its name. */
static const char *metric_key(const char *name)
{
        if (name == NULL)
                return "";
        if (strcmp(name, "BP") == 0)
                return "bp";
        if (strcmp(name, "BBP") == 0)
                return "bbp";
        return name;
}

/* What a metric with a kind adds (a declared one; BP and BBP with
 * --exact). */
static void fill_kind(struct fill *f, const struct compare_result *r, int li, int k,
                      struct report_metric *m)
{
        const struct compare_metric *cm = &r->load[li].metric[k];
        m->kind = text(f, compare_kind_name(cm->kind));
        m->primary = cm->primary;
        m->n_differ = cm->n_differ;
        m->first_differ = cm->n_differ > 0 ? cm->first_differ : -1;
        m->first_seed = cm->n_differ > 0 ? r->pairs[li * r->n_reps + cm->first_differ].seed[0] : 0;
        for (int role = 0; role < REPORT_ROLES; role++)
                m->first_value[role] = text(f, cm->n_differ > 0 ? cm->first_value[role] : "");
        m->perf_computed = cm->perf_ok;
        m->perf_ratio = cm->perf_ok ? cm->perf.ratio : NAN;
        m->perf_lo = cm->perf_ok ? cm->perf.lo : NAN;
        m->perf_hi = cm->perf_ok ? cm->perf.hi : NAN;
        m->perf_slower = cm->perf_ok && cm->perf.slower;
}

static void fill_metric(struct fill *f, const struct compare_result *r, int li, int k,
                        struct report_metric *m)
{
        static const char *const key[COMPARE_METRICS] = {"bp", "bbp"};
        const struct compare_metric *cm = &r->load[li].metric[k];
        m->name = text(f, k < COMPARE_METRICS ? key[k] : cm->name);
        for (int role = 0; role < REPORT_ROLES; role++)
                m->first_value[role] = "";
        m->first_differ = -1;
        if (k >= COMPARE_METRICS || r->cfg->exact)
                fill_kind(f, r, li, k, m);
        m->have_stats = cm->have_paired;
        m->rel_mean = NAN;
        if (cm->have_paired) {
                const struct stats_paired *p = &cm->paired;
                m->legacy = summary(&p->legacy);
                m->orchestrator = summary(&p->orchestrator);
                m->delta = summary(&p->diff);
                m->decision_lo = p->decision_lo;
                m->decision_hi = p->decision_hi;
                m->rel_mean = cm->rel_mean;
                m->ratio = cm->ratio.estimate;
                m->rel_lo = 100 * (cm->ratio.lo - 1);
                m->rel_hi = 100 * (cm->ratio.hi - 1);
                m->rel_unbounded = cm->ratio.unbounded;
                m->p_value = p->p_value;
                m->t = p->t_stat;
                m->rho = p->rho;
                m->variance_reduction = p->variance_reduction;
                m->n_per_seed = r->load[li].n;
                m->per_seed = array(f, (size_t)r->load[li].n, sizeof(double));
                for (int rep = 0; m->per_seed && rep < r->load[li].n; rep++) {
                        const struct compare_pair *pr = &r->pairs[li * r->n_reps + rep];
                        m->per_seed[rep] = run_figure(&pr->run[1], k, cm->name) -
                                           run_figure(&pr->run[0], k, cm->name);
                }
        }
        m->basis = cm->in.basis;
        m->unit = cm->in.unit ? text(f, cm->in.unit) : NULL;
        m->deviation = cm->in.mean;
        m->dev_lo = cm->in.lo;
        m->dev_hi = cm->in.hi;
        m->verdict = cm->dec.verdict;
        m->reason = text(f, cm->dec.reason);
        m->claim = cm->dec.claim;
        m->p_claim = cm->dec.p_claim;
        m->p_holm = cm->dec.p_holm;
        m->emergency_not_excluded = cm->dec.emergency_not_excluded;
        m->replications_needed = (double)cm->dec.replications_needed;
        m->requests_needed = (double)cm->dec.requests_needed;
}

static struct report_chisq chisq(bool tested, const struct stats_chisq *c)
{
        if (!tested)
                return (struct report_chisq){0};
        return (struct report_chisq){true, c->statistic, c->df, c->p_value, c->dispersion};
}

static void fill_load(struct fill *f, const struct compare_result *r, int li)
{
        const struct compare_load *L = &r->load[li];
        struct report_load *d = &f->doc->loads[li];
        d->erlang = L->erlang;
        d->verdict = L->verdict;
        d->reason = text(f, L->reason);
        d->identical = L->identical;
        d->low_signal = L->low_signal;
        d->blocked_total[0] = (double)L->blocked[0];
        d->blocked_total[1] = (double)L->blocked[1];
        for (int k = 0; k < REPORT_METRICS; k++)
                fill_metric(f, r, li, k, &d->metric[k]);
        d->n_declared = L->n_metrics - COMPARE_METRICS;
        d->declared = array(f, (size_t)d->n_declared, sizeof(*d->declared));
        for (int k = 0; d->declared && k < d->n_declared; k++)
                fill_metric(f, r, li, COMPARE_METRICS + k, &d->declared[k]);
        const struct compare_secondary *s = &L->secondary;
        d->secondary.block_reasons = chisq(s->reasons_tested, &s->reasons);
        d->secondary.modulations = chisq(s->mods_tested, &s->modulations);
        d->secondary.have_length = s->have_length;
        d->secondary.length_rel = s->length_rel;
        d->secondary.have_hops = s->have_hops;
        d->secondary.hops_diff = s->hops_diff;
        d->secondary.have_bias = s->bias_tested;
        d->secondary.bias_higher = s->bias.above;
        d->secondary.bias_lower = s->bias.below;
        d->secondary.bias_ties = s->bias.ties;
        d->secondary.bias_p = s->bias.p_value;
        d->n_flags = s->n_flags;
        d->flags = array(f, (size_t)s->n_flags, sizeof(char *));
        for (int i = 0; d->flags && i < s->n_flags; i++)
                d->flags[i] = text(f, s->flags[i]);
        bool resolved = L->metric[COMPARE_BP].have_paired;
        d->resolution_pp = resolved ? L->resolution_pp : NAN;
        d->resolution_warning = resolved && L->resolution_warning;
        d->replications = L->n;
        if (r->looks == NULL)
                return;
        const struct compare_looks *ls = &r->looks[li];
        d->stopped = text(f, compare_stop_name(ls->stop));
        d->n_looks = ls->n;
        d->looks = array(f, (size_t)ls->n, sizeof(*d->looks));
        for (int j = 0; d->looks && j < ls->n; j++) {
                const struct compare_look *lk = &ls->look[j];
                struct report_look *o = &d->looks[j];
                o->replications = lk->replications;
                o->nominal = lk->nominal;
                o->spent = lk->spent;
                o->verdict = lk->verdict;
                for (int k = 0; k < REPORT_METRICS; k++)
                        o->metric[k] = (struct report_look_metric){
                            lk->metric[k].basis, lk->metric[k].mean, lk->metric[k].lo,
                            lk->metric[k].hi, lk->metric[k].verdict};
        }
}

static void fill_values(struct fill *f, const struct backend_result *res, struct report_run *d)
{
        static const char *const type[] = {
            [BACKEND_VALUE_NUMBER] = "number",
            [BACKEND_VALUE_STRING] = "string",
            [BACKEND_VALUE_LIST] = "list",
        };
        d->n_values = res->n_values;
        d->values = array(f, (size_t)res->n_values, sizeof(*d->values));
        for (int i = 0; d->values && i < res->n_values; i++) {
                const struct backend_value *v = &res->value[i];
                struct report_value *o = &d->values[i];
                o->name = text(f, v->name);
                o->type = text(f, type[v->type]);
                if (v->type == BACKEND_VALUE_NUMBER) {
                        o->number = v->number;
                        o->hash = o->text = "";
                        continue;
                }
                char hash[17];
                snprintf(hash, sizeof(hash), "%016llx", (unsigned long long)v->hash);
                o->count = v->count;
                o->hash = text(f, hash);
                o->text = text(f, v->text);
                o->cut = v->cut;
        }
}

static void fill_run(struct fill *f, const struct backend_result *res, uint32_t seed,
                     struct report_run *d)
{
        static const struct {
                unsigned from, to;
        } bits[] = {
            {BACKEND_HAS_GBPS, REPORT_HAS_GBPS},       {BACKEND_HAS_BBP, REPORT_HAS_BBP},
            {BACKEND_HAS_REASONS, REPORT_HAS_REASONS}, {BACKEND_HAS_HOPS, REPORT_HAS_HOPS},
            {BACKEND_HAS_LENGTH, REPORT_HAS_LENGTH},   {BACKEND_HAS_MODS, REPORT_HAS_MODS},
            {BACKEND_HAS_TRACE, REPORT_HAS_TRACE},
        };
        d->seed = seed;
        d->ok = res->status == RG_OK;
        d->error = text(f, d->ok ? "" : res->error);
        for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
                if (backend_has(res, bits[i].from))
                        d->has |= bits[i].to;
        if (!d->ok && backend_has(res, BACKEND_HAS_FAIL_REQUEST)) {
                d->has |= REPORT_HAS_FAIL_REQUEST;
                d->fail_request = res->fail_request;
        }
        d->requests = res->requests;
        d->blocked = res->blocked;
        d->bp = backend_result_bp(res);
        d->requested_gbps = res->requested_gbps;
        d->blocked_gbps = res->blocked_gbps;
        d->bbp = res->bbp;
        d->blocked_distance = res->blocked_by[SIM_BLOCK_DISTANCE];
        d->blocked_congestion = res->blocked_by[SIM_BLOCK_CONGESTION];
        d->hops_mean = res->hops_mean;
        d->length_mean_km = res->length_mean_km;
        if (d->has & REPORT_HAS_MODS) {
                d->n_mods = res->n_mods;
                d->mod_names = array(f, (size_t)res->n_mods, sizeof(char *));
                d->mod_count = array(f, (size_t)res->n_mods, sizeof(double));
                for (int i = 0; d->mod_names && d->mod_count && i < res->n_mods; i++) {
                        d->mod_names[i] = text(f, res->mod_names[i]);
                        d->mod_count[i] = res->mod_count[i];
                }
        }
        char hash[17];
        snprintf(hash, sizeof(hash), "%016llx", (unsigned long long)res->trace_hash);
        d->trace_hash = text(f, d->has & REPORT_HAS_TRACE ? hash : "");
        fill_values(f, res, d);
}

/* The j-th pair the report lists: each load's first n replications. */
static const struct compare_pair *used_pair(const struct compare_result *r, int j)
{
        int li = 0;
        while (li < r->n_loads - 1 && j >= r->load[li].n) {
                j -= r->load[li].n;
                li++;
        }
        return &r->pairs[li * r->n_reps + j];
}

static struct report_perf perf(double erlang, bool computed, const struct stats_perf *p)
{
        if (!computed)
                return (struct report_perf){erlang, false, NAN, NAN, NAN, false};
        return (struct report_perf){erlang, true, p->ratio, p->lo, p->hi, p->slower};
}

static void fill_declared(struct fill *f, const struct compare_config *cfg)
{
        struct report_doc *doc = f->doc;
        doc->n_declared = cfg->n_declared;
        doc->declared = array(f, (size_t)cfg->n_declared, sizeof(*doc->declared));
        for (int i = 0; doc->declared && i < cfg->n_declared; i++) {
                const struct compare_metric_decl *d = &cfg->declared[i];
                struct report_declared *o = &doc->declared[i];
                o->name = text(f, d->name);
                o->kind = text(f, compare_kind_name(d->kind));
                o->primary = d->primary;
                o->unit = text(f, d->kind == COMPARE_KIND_EQUIVALENCE ? d->unit : "");
                if (d->kind == COMPARE_KIND_EQUIVALENCE) {
                        o->deviation = d->pol.deviation;
                        o->direction = d->pol.direction;
                        o->t1 = d->pol.t1;
                        o->t2 = d->pol.t2;
                } else if (d->kind == COMPARE_KIND_EXACT) {
                        o->abs_tol = d->abs_tol;
                        o->rel_tol = d->rel_tol;
                } else {
                        o->factor = d->pol.perf_threshold;
                }
        }
}

/* --exact: the first difference, located by its load's erlang and the
 * metric's key in that load's metrics. */
static void fill_exact(struct fill *f, const struct compare_result *r)
{
        const struct compare_difference *d = &r->difference;
        struct report_exact *e = &f->doc->exact;
        e->on = r->cfg->exact;
        e->differs = e->on && d->present;
        if (!e->differs)
                return;
        e->erlang = r->loads[d->load];
        e->seed = d->seed;
        e->replication = d->rep;
        e->metric = text(f, metric_key(d->metric));
        e->value[REPORT_LEGACY] = text(f, d->value[0]);
        e->value[REPORT_ORCHESTRATOR] = text(f, d->value[1]);
}

static void fill_inputs(struct fill *f, const struct compare_result *r)
{
        struct report_doc *doc = f->doc;
        const struct compare_inputs *s = &r->inputs;
        const struct compare_config *cfg = r->cfg;
        doc->inputs.config = text(f, s->config);
        doc->inputs.topology = text(f, s->topology);
        doc->inputs.have_model = s->have_model;
        if (s->have_model) {
                doc->inputs.nodes = s->nodes;
                doc->inputs.links = s->links;
                doc->inputs.k_paths = s->k_paths;
                doc->inputs.cores = s->cores;
                doc->inputs.slots = s->slots;
                doc->inputs.guard_slots = s->guard;
                doc->inputs.allocation = text(f, s->allocation);
                doc->inputs.mod_assumption = text(f, s->mod_assumption);
        }
        doc->inputs.holding_time = s->holding_time;
        doc->inputs.requests = s->requests;
        doc->inputs.arrival_rate = text(f, "erlang / holding_time");
        doc->inputs.n_dist = s->n_dist;
        doc->inputs.dist_label = array(f, (size_t)s->n_dist, sizeof(char *));
        doc->inputs.dist_prob = array(f, (size_t)s->n_dist, sizeof(double));
        for (int i = 0; doc->inputs.dist_label && doc->inputs.dist_prob && i < s->n_dist; i++) {
                doc->inputs.dist_label[i] = text(f, s->dist_label[i]);
                doc->inputs.dist_prob[i] = s->dist_prob[i];
        }
        doc->inputs.n_loads = r->n_loads;
        doc->inputs.loads = array(f, (size_t)r->n_loads, sizeof(double));
        if (doc->inputs.loads)
                memcpy(doc->inputs.loads, r->loads, (size_t)r->n_loads * sizeof(double));
        doc->inputs.n_seeds = compare_reps_used(r);
        doc->inputs.seeds = array(f, (size_t)doc->inputs.n_seeds, sizeof(double));
        for (int i = 0; doc->inputs.seeds && i < doc->inputs.n_seeds; i++)
                doc->inputs.seeds[i] = r->seeds[i];
        doc->inputs.paired = !cfg->unpaired;
        doc->inputs.legacy = text(f, cfg->backend[0]->name);
        doc->inputs.orchestrator = text(f, cfg->backend[1]->name);
        char inj[160] = "";
        if (sim_inject_any(&cfg->inject))
                sim_inject_format(&cfg->inject, inj, sizeof(inj));
        doc->inputs.inject = text(f, inj);
        const struct stats_policy *pol = &cfg->policy;
        doc->policy.deviation = pol->deviation;
        doc->policy.direction = pol->direction;
        doc->policy.t1 = pol->t1;
        doc->policy.t2 = pol->t2;
        doc->policy.confidence = pol->confidence;
        doc->policy.decision_level = stats_decision_level(pol);
        doc->policy.perf_threshold = pol->perf_threshold;
        doc->policy.low_signal_blocked = pol->low_signal_blocked;
        doc->policy.holm_tests = r->holm_tests;
        fill_declared(f, cfg);
}

static void fill_timing(struct fill *f, const struct compare_result *r)
{
        struct report_doc *doc = f->doc;
        doc->timing.threads = r->threads_used;
        doc->timing.wall_seconds = r->wall_seconds;
        doc->timing.started = iso_time(f, r->started);
        doc->timing.finished = iso_time(f, r->finished);
        char host[256];
        compare_host_name(host, sizeof(host));
        doc->timing.host = text(f, host);
        doc->timing.online_cpus = (double)sysconf(_SC_NPROCESSORS_ONLN);
        doc->timing.performance_clock = text(f, r->perf_clock);
        doc->timing.runs_executed = r->runs_executed;
        doc->timing.runs_reused = r->runs_reused;
        doc->timing.ranks = r->ranks > 0 ? r->ranks : 1;
        doc->timing.hosts_total = r->n_hosts;
        doc->timing.n_hosts = r->n_hosts < COMPARE_MAX_HOSTS ? r->n_hosts : COMPARE_MAX_HOSTS;
        doc->timing.hosts = array(f, (size_t)doc->timing.n_hosts, sizeof(const char *));
        for (int i = 0; doc->timing.hosts && i < doc->timing.n_hosts; i++)
                doc->timing.hosts[i] = text(f, r->hosts[i]);
        doc->timing.n_shards = r->n_shards;
        doc->timing.shards = array(f, (size_t)r->n_shards, sizeof(*doc->timing.shards));
        for (int i = 0; doc->timing.shards && i < r->n_shards; i++) {
                const struct compare_shard_timing *t = &r->shards[i];
                doc->timing.shards[i] = (struct report_shard){
                    .index = t->index,
                    .count = t->count,
                    .host = text(f, t->host),
                    .threads = t->threads,
                    .wall_seconds = t->wall_seconds,
                    .started = iso_time(f, t->started),
                    .finished = iso_time(f, t->finished),
                    .runs_executed = t->runs_executed,
                    .runs_reused = t->runs_reused,
                };
        }
        doc->timing.pooled = perf(0, r->perf_ok, &r->perf);
        doc->timing.perf = array(f, (size_t)r->n_loads, sizeof(struct report_perf));
        for (int li = 0; doc->timing.perf && li < r->n_loads; li++)
                doc->timing.perf[li] =
                    perf(r->load[li].erlang, r->load[li].perf_ok, &r->load[li].perf);
        int n = doc->n_pairs;
        doc->timing.run_seconds = array(f, (size_t)n, sizeof(*doc->timing.run_seconds));
        for (int j = 0; doc->timing.run_seconds && j < n; j++) {
                const struct compare_pair *pr = used_pair(r, j);
                double v[5] = {pr->gen_seconds[0], pr->run[0].run_seconds, pr->run[1].run_seconds,
                               pr->run[0].wall_seconds, pr->run[1].wall_seconds};
                memcpy(doc->timing.run_seconds[j], v, sizeof(v));
        }
}

int compare_report_fill(const struct compare_result *r, const struct compare_report_names *names,
                        struct report_doc **out, struct rg_errbuf *eb)
{
        *out = NULL;
        struct fill f = {.doc = report_doc_create()};
        if (f.doc == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory for the report");
        struct report_doc *doc = f.doc;
        const struct compare_config *cfg = r->cfg;
        doc->tool = text(&f, "rollgate");
        doc->version = text(&f, names->version);
        doc->complete = !r->interrupted;
        doc->verdict = r->verdict;
        doc->exit_code = stats_verdict_exit_code(r->verdict);
        doc->reason = text(&f, r->reason);
        doc->action.level = r->level;
        doc->action.text = text(&f, r->action);
        doc->action.rollback_env = text(&f, cfg->rollback_env);
        doc->action.rollback_config_key = text(&f, cfg->rollback_config_key);
        fill_inputs(&f, r);
        fill_exact(&f, r);
        doc->notification.project = text(&f, names->project);
        doc->notification.team = text(&f, names->team);
        doc->notification.channel = text(&f, names->channel);
        doc->n_loads = r->n_loads;
        doc->loads = array(&f, (size_t)r->n_loads, sizeof(*doc->loads));
        for (int li = 0; doc->loads && li < r->n_loads; li++)
                fill_load(&f, r, li);
        if (cfg->seq.on)
                doc->sequential = (struct report_sequential){
                    .on = true,
                    .spending = text(&f, stats_spending_name(cfg->seq.spending)),
                    .batch = cfg->seq.batch,
                    .max_replications = cfg->seq.max};
        doc->n_pairs = 0;
        for (int li = 0; li < r->n_loads; li++)
                doc->n_pairs += r->load[li].n;
        doc->pairs = array(&f, (size_t)doc->n_pairs, sizeof(*doc->pairs));
        for (int j = 0; doc->pairs && j < doc->n_pairs; j++) {
                const struct compare_pair *pr = used_pair(r, j);
                struct report_pair *d = &doc->pairs[j];
                d->erlang = r->loads[pr->load];
                d->replication = pr->rep;
                if (pr->harness_rc != RG_OK) {
                        d->harness_error = text(&f, pr->harness_error);
                        continue;
                }
                for (int role = 0; role < REPORT_ROLES; role++)
                        fill_run(&f, &pr->run[role], pr->seed[role], &d->run[role]);
        }
        const struct compare_diagnosis *dg = &r->diagnosis;
        if (dg->present) {
                doc->diagnosis = (struct report_diagnosis){
                    .present = true,
                    .erlang = dg->erlang,
                    .seed = dg->seed,
                    .request = dg->request,
                    .compared = dg->compared,
                    .decision = {text(&f, dg->decision[0]), text(&f, dg->decision[1])}};
        }
        fill_timing(&f, r);
        if (f.nomem) {
                report_doc_destroy(doc);
                return rg_fail(eb, RG_NOMEM, "out of memory for the report");
        }
        *out = doc;
        return RG_OK;
}
