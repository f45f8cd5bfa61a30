/*
 * A saved JSON report read back into a document (the inverse of json.c).
 * Everything the renderers use is checked here: types, whole numbers in the
 * range the renderers print them in, names of verdicts and bases, and the
 * counts that must agree (loads, seeds, each load's replications and
 * looks, runs), so a hand-edited or damaged report is a one-line error
 * naming the key, never a crash or a silently different rendering.
 *
 * Reports of schema REPORT_SCHEMA_OLDEST to REPORT_SCHEMA_VERSION are read;
 * an older one than this rollgate writes is read as what it can only be
 * (schema 2: a fixed run, every load with all the seeds), and the document
 * is of this version, so rendering it again writes a current report.
 *
 * The metrics (a load's, the declared ones, --exact's first difference, a
 * run's values) are read by json_read_metrics.c, every typed field by
 * json_read_field.c (json_reader.h).
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../stats/sequential.h"
#include "json_reader.h"

static void chisq(struct report_reader *r, const cJSON *o, const char *where, const char *key,
                  struct report_chisq *c)
{
        const cJSON *x = rg_json_member(&r->j, o, where, key, true);
        if (x == NULL)
                return;
        char at[160];
        snprintf(at, sizeof(at), "%s%s.", where, key);
        x = report_read_object(r, o, where, key);
        c->tested = true;
        c->statistic = report_read_number(r, x, at, "statistic");
        c->df = report_read_number(r, x, at, "df");
        c->p_value = report_read_number(r, x, at, "p_value");
        c->dispersion = report_read_number(r, x, at, "dispersion");
}

static const char *const stop_names[] = {"decided", "max_replications", "interrupted"};

/* A level the JSON holds: a number in [0, 1]. */
static double level(struct report_reader *r, const cJSON *x, const char *where, const char *key)
{
        double v = report_read_number(r, x, where, key);
        if (r->j.rc == RG_OK && !(v >= 0 && v <= 1))
                rg_json_read_fail(&r->j, RG_PARSE, where, key, "%g is not a level from 0 to 1", v);
        return v;
}

/* Look j (0-based) of a load (where: "loads[1].sequential.looks[0]."): a
 * look comes after every batch, the last one short at the most
 * replications, so look j has min((j + 1) batch, max) replications. */
static void look(struct report_reader *r, const cJSON *x, const char *where, int j,
                 struct report_look *lk)
{
        static const char *const key[REPORT_METRICS] = {"bp", "bbp"};
        const struct report_sequential *sq = &r->doc->sequential;
        long grid = (long)(j + 1) * sq->batch;
        if (grid > sq->max_replications)
                grid = sq->max_replications;
        lk->replications = (int)report_read_whole(r, x, where, "replications", 1, 1e6);
        if (r->j.rc == RG_OK && lk->replications != grid)
                rg_json_read_fail(&r->j, RG_PARSE, where, "replications",
                                  "%d, but look %d of batches of %d (at most %d) has %ld",
                                  lk->replications, j + 1, sq->batch, sq->max_replications, grid);
        lk->nominal = level(r, x, where, "nominal_alpha");
        lk->spent = level(r, x, where, "alpha_spent");
        lk->verdict = report_read_verdict(r, x, where);
        char at[192], sub[224];
        snprintf(at, sizeof(at), "%smetrics.", where);
        const cJSON *mt = report_read_object(r, x, where, "metrics");
        for (int k = 0; k < REPORT_METRICS; k++) {
                struct report_look_metric *m = &lk->metric[k];
                snprintf(sub, sizeof(sub), "%s%s.", at, key[k]);
                const cJSON *y = report_read_object(r, mt, at, key[k]);
                const char *basis = report_read_string(r, y, sub, "basis");
                if (r->j.rc == RG_OK && !stats_basis_from_name(basis, &m->basis))
                        rg_json_read_fail(&r->j, RG_PARSE, sub, "basis", "unknown basis '%.40s'",
                                          basis);
                m->deviation = report_read_number(r, y, sub, "deviation");
                m->lo = report_read_number(r, y, sub, "decision_lo");
                m->hi = report_read_number(r, y, sub, "decision_hi");
                m->verdict = report_read_verdict(r, y, sub);
        }
}

/* A load's "sequential" (schema 3): null in a fixed run, else why it
 * stopped and its looks, the last of them at the load's replications. */
static void load_looks(struct report_reader *r, const cJSON *l, const char *at,
                       struct report_load *L)
{
        const cJSON *x = rg_json_member(&r->j, l, at, "sequential", false);
        if (x == NULL)
                return;
        if (!r->doc->sequential.on) {
                if (!cJSON_IsNull(x))
                        rg_json_read_fail(&r->j, RG_PARSE, at, "sequential",
                                          "must be null: the comparison had no sequential design "
                                          "(the top-level sequential is null)");
                return;
        }
        char sub[96];
        snprintf(sub, sizeof(sub), "%ssequential.", at);
        x = report_read_object(r, l, at, "sequential");
        L->stopped = report_read_string(r, x, sub, "stopped");
        bool known = false;
        for (size_t i = 0; i < sizeof(stop_names) / sizeof(stop_names[0]); i++)
                known |= strcmp(L->stopped, stop_names[i]) == 0;
        if (r->j.rc == RG_OK && !known)
                rg_json_read_fail(&r->j, RG_PARSE, sub, "stopped",
                                  "must be \"decided\", \"max_replications\" or \"interrupted\", "
                                  "not '%.40s'",
                                  L->stopped);
        int n = 0;
        const cJSON *a = report_read_array(r, x, sub, "looks", -1, &n);
        if (a && (n < 1 || n > REPORT_MAX_LOOKS)) {
                rg_json_read_fail(&r->j, RG_PARSE, sub, "looks", "must have 1 to %d looks, not %d",
                                  REPORT_MAX_LOOKS, n);
                return;
        }
        L->looks = report_read_alloc(r, n, sizeof(*L->looks));
        int j = 0, prev = 0;
        const bool interrupted = strcmp(L->stopped, "interrupted") == 0;
        if (r->j.rc == RG_OK && interrupted == r->doc->complete)
                rg_json_read_fail(&r->j, RG_PARSE, sub, "stopped",
                                  interrupted ? "\"interrupted\", but the report is complete"
                                              : "the report is incomplete (interrupted), so "
                                                "every load stopped \"interrupted\"");
        if (r->j.rc == RG_OK && strcmp(L->stopped, "max_replications") == 0 &&
            L->replications != r->doc->sequential.max_replications)
                rg_json_read_fail(&r->j, RG_PARSE, sub, "stopped",
                                  "\"max_replications\", but the load has %d of %d",
                                  L->replications, r->doc->sequential.max_replications);
        for (const cJSON *it = a && L->looks ? a->child : NULL; it && r->j.rc == RG_OK;
             it = it->next, j++) {
                char where[128];
                snprintf(where, sizeof(where), "%slooks[%d].", sub, j);
                if (!cJSON_IsObject(it)) {
                        rg_json_read_fail(&r->j, RG_PARSE, where, NULL, "must be an object");
                        break;
                }
                look(r, it, where, j, &L->looks[j]);
                prev = L->looks[j].replications;
        }
        L->n_looks = L->looks ? n : 0;
        if (r->j.rc == RG_OK && prev != L->replications)
                rg_json_read_fail(&r->j, RG_PARSE, sub, "looks",
                                  "the last look has %d replications, but the load %d", prev,
                                  L->replications);
}

/* A load's replications: the first that many seeds of inputs.seeds; all of
 * them in a fixed run (and in every schema 2 report, which has no key). */
static void load_replications(struct report_reader *r, const cJSON *l, const char *at,
                              struct report_load *L)
{
        int seeds = r->doc->inputs.n_seeds;
        if (r->version < 3) {
                L->replications = seeds;
                return;
        }
        L->replications = (int)report_read_whole(r, l, at, "replications", 1, seeds);
        if (r->j.rc == RG_OK && !r->doc->sequential.on && L->replications != seeds)
                rg_json_read_fail(&r->j, RG_PARSE, at, "replications",
                                  "%d, but a fixed run (sequential null) uses all %d seeds",
                                  L->replications, seeds);
}

static void load(struct report_reader *r, const cJSON *l, int li, struct report_load *L)
{
        char at[64], sub[96];
        snprintf(at, sizeof(at), "loads[%d].", li);
        L->erlang = report_read_number(r, l, at, "erlang");
        load_replications(r, l, at, L);
        L->verdict = report_read_verdict(r, l, at);
        L->reason = report_read_string(r, l, at, "reason");
        L->identical = report_read_bool(r, l, at, "identical");
        L->low_signal = report_read_bool(r, l, at, "low_signal");
        double *b = report_read_numbers(r, l, at, "blocked_total", REPORT_ROLES, NULL);
        if (b)
                memcpy(L->blocked_total, b, sizeof(L->blocked_total));
        report_read_load_metrics(r, l, at, L);
        snprintf(sub, sizeof(sub), "%ssecondary.", at);
        const cJSON *sec = report_read_object(r, l, at, "secondary");
        struct report_secondary *s = &L->secondary;
        chisq(r, sec, sub, "block_reasons", &s->block_reasons);
        chisq(r, sec, sub, "modulations", &s->modulations);
        if ((s->have_length = rg_json_member(&r->j, sec, sub, "length_rel", true) != NULL))
                s->length_rel = report_read_number(r, sec, sub, "length_rel");
        if ((s->have_hops = rg_json_member(&r->j, sec, sub, "hops_diff", true) != NULL))
                s->hops_diff = report_read_number(r, sec, sub, "hops_diff");
        if ((s->have_bias = rg_json_member(&r->j, sec, sub, "bias", true) != NULL)) {
                char bat[128];
                snprintf(bat, sizeof(bat), "%sbias.", sub);
                const cJSON *bias = report_read_object(r, sec, sub, "bias");
                s->bias_higher = report_read_number(r, bias, bat, "orchestrator_higher");
                s->bias_lower = report_read_number(r, bias, bat, "orchestrator_lower");
                s->bias_ties = report_read_number(r, bias, bat, "ties");
                s->bias_p = report_read_number(r, bias, bat, "p_value");
        }
        int n = 0;
        const cJSON *flags = report_read_array(r, l, at, "flags", -1, &n);
        L->flags = report_read_alloc(r, n, sizeof(char *));
        int i = 0;
        for (const cJSON *it = flags ? flags->child : NULL; L->flags && it; it = it->next, i++) {
                char key[32];
                snprintf(key, sizeof(key), "flags[%d]", i);
                L->flags[i] = report_read_string_item(r, it, at, key);
        }
        L->n_flags = L->flags ? n : 0;
        snprintf(sub, sizeof(sub), "%sresolution.", at);
        const cJSON *res = report_read_object(r, l, at, "resolution");
        L->resolution_pp = report_read_number(r, res, sub, "pp");
        L->resolution_warning = report_read_bool(r, res, sub, "warning");
        if (r->version >= 3)
                load_looks(r, l, at, L);
}

static void run(struct report_reader *r, const cJSON *o, const char *where, const char *key,
                struct report_run *x)
{
        char at[96];
        snprintf(at, sizeof(at), "%s%s.", where, key);
        const cJSON *v = report_read_object(r, o, where, key);
        x->seed = report_read_whole(r, v, at, "seed", 0, 4294967295.0);
        const char *status = report_read_string(r, v, at, "status");
        x->ok = strcmp(status, "ok") == 0;
        if (r->j.rc == RG_OK && !x->ok && strcmp(status, "failed") != 0)
                rg_json_read_fail(&r->j, RG_PARSE, at, "status", "must be \"ok\" or \"failed\"");
        x->error = "";
        if (!x->ok) {
                x->error = report_read_string(r, v, at, "error");
                if (rg_json_member(&r->j, v, at, "fail_request", true)) {
                        x->has |= REPORT_HAS_FAIL_REQUEST;
                        x->fail_request = report_read_number(r, v, at, "fail_request");
                }
        }
        x->requests = report_read_number(r, v, at, "requests");
        x->blocked = report_read_number(r, v, at, "blocked");
        x->bp = report_read_number(r, v, at, "bp");
        if (rg_json_member(&r->j, v, at, "requested_gbps", true)) {
                x->has |= REPORT_HAS_GBPS;
                x->requested_gbps = report_read_number(r, v, at, "requested_gbps");
                x->blocked_gbps = report_read_number(r, v, at, "blocked_gbps");
        }
        if (rg_json_member(&r->j, v, at, "bbp", true)) {
                x->has |= REPORT_HAS_BBP;
                x->bbp = report_read_number(r, v, at, "bbp");
        }
        if (rg_json_member(&r->j, v, at, "block_reasons", true)) {
                char sub[128];
                snprintf(sub, sizeof(sub), "%sblock_reasons.", at);
                const cJSON *br = report_read_object(r, v, at, "block_reasons");
                x->has |= REPORT_HAS_REASONS;
                x->blocked_distance = report_read_number(r, br, sub, "distance");
                x->blocked_congestion = report_read_number(r, br, sub, "congestion");
        }
        if (rg_json_member(&r->j, v, at, "hops_mean", true)) {
                x->has |= REPORT_HAS_HOPS;
                x->hops_mean = report_read_number(r, v, at, "hops_mean");
        }
        if (rg_json_member(&r->j, v, at, "length_mean_km", true)) {
                x->has |= REPORT_HAS_LENGTH;
                x->length_mean_km = report_read_number(r, v, at, "length_mean_km");
        }
        if (rg_json_member(&r->j, v, at, "modulations", true)) {
                const cJSON *mods = report_read_object(r, v, at, "modulations");
                int n = mods ? cJSON_GetArraySize(mods) : 0;
                x->has |= REPORT_HAS_MODS;
                x->mod_names = report_read_alloc(r, n, sizeof(char *));
                x->mod_count = report_read_alloc(r, n, sizeof(double));
                int i = 0;
                for (const cJSON *it = mods ? mods->child : NULL;
                     x->mod_names && x->mod_count && it; it = it->next, i++) {
                        x->mod_names[i] = report_read_copy(r, it->string ? it->string : "");
                        x->mod_count[i] = report_read_number_item(r, it, at, "modulations");
                }
                x->n_mods = x->mod_names && x->mod_count ? n : 0;
        }
        if (rg_json_member(&r->j, v, at, "trace_hash", true)) {
                x->has |= REPORT_HAS_TRACE;
                x->trace_hash = report_read_string(r, v, at, "trace_hash");
        } else {
                x->trace_hash = "";
        }
        report_read_run_values(r, v, at, x);
}

static void perf(struct report_reader *r, const cJSON *x, const char *at, struct report_perf *p)
{
        p->computed = report_read_bool(r, x, at, "computed");
        p->ratio = report_read_number(r, x, at, "ratio");
        report_read_pair(r, x, at, "interval", &p->lo, &p->hi);
        p->slower = report_read_bool(r, x, at, "significantly_slower");
}

static void inputs(struct report_reader *r, const cJSON *o)
{
        struct report_doc *doc = r->doc;
        struct report_inputs *s = &doc->inputs;
        const cJSON *in = report_read_object(r, o, "", "inputs");
        const char *at = "inputs.";
        s->config = report_read_string(r, in, at, "config");
        s->topology = report_read_string(r, in, at, "topology");
        s->have_model = rg_json_member(&r->j, in, at, "nodes", true) != NULL;
        if (s->have_model) {
                s->nodes = report_read_whole(r, in, at, "nodes", 0, 1e6);
                s->links = report_read_whole(r, in, at, "links", 0, 1e6);
                s->k_paths = report_read_whole(r, in, at, "k_paths", 0, 1e6);
                s->cores = report_read_whole(r, in, at, "cores", 0, 1e6);
                s->slots = report_read_whole(r, in, at, "slots", 0, 1e6);
                s->guard_slots = report_read_whole(r, in, at, "guard_slots", 0, 1e6);
                s->allocation = report_read_string(r, in, at, "allocation");
                s->mod_assumption = report_read_string(r, in, at, "mod_assumption");
        }
        s->holding_time = report_read_number(r, in, at, "holding_time");
        s->requests = report_read_whole(r, in, at, "requests", 0, 4294967295.0);
        s->arrival_rate = report_read_string(r, in, at, "arrival_rate");
        const cJSON *dist = report_read_object(r, in, at, "request_distribution");
        int n = dist ? cJSON_GetArraySize(dist) : 0;
        s->dist_label = report_read_alloc(r, n, sizeof(char *));
        s->dist_prob = report_read_alloc(r, n, sizeof(double));
        int i = 0;
        for (const cJSON *it = dist ? dist->child : NULL; s->dist_label && s->dist_prob && it;
             it = it->next, i++) {
                s->dist_label[i] = report_read_copy(r, it->string ? it->string : "");
                s->dist_prob[i] = report_read_number_item(r, it, at, "request_distribution");
        }
        s->n_dist = s->dist_label && s->dist_prob ? n : 0;
        s->loads = report_read_numbers(r, in, at, "loads", -1, &s->n_loads);
        s->seeds = report_read_numbers(r, in, at, "seeds", -1, &s->n_seeds);
        if (r->j.rc == RG_OK && (s->n_loads < 1 || s->n_seeds < 1))
                rg_json_read_fail(&r->j, RG_PARSE, at, s->n_loads < 1 ? "loads" : "seeds",
                                  "must not be empty");
        s->paired = report_read_bool(r, in, at, "paired");
        s->legacy = report_read_string(r, in, at, "legacy");
        s->orchestrator = report_read_string(r, in, at, "orchestrator");
        s->inject = report_read_string(r, in, at, "inject");
        if (strcmp(s->inject, "none") == 0)
                s->inject = "";

        struct report_policy *pol = &doc->policy;
        const cJSON *p = report_read_object(r, o, "", "policy");
        at = "policy.";
        pol->deviation = report_read_deviation(r, p, at);
        pol->direction = report_read_direction(r, p, at);
        report_read_pair(r, p, at, "thresholds", &pol->t1, &pol->t2);
        pol->confidence = report_read_number(r, p, at, "confidence");
        pol->decision_level = report_read_number(r, p, at, "decision_level");
        pol->perf_threshold = report_read_number(r, p, at, "perf_threshold");
        pol->low_signal_blocked = report_read_number(r, p, at, "low_signal_blocked");
        pol->holm_tests = (int)report_read_whole(r, p, at, "holm_tests", 0, 1e9);

        const cJSON *nt = report_read_object(r, o, "", "notification");
        doc->notification.project = report_read_string(r, nt, "notification.", "project");
        doc->notification.team = report_read_string(r, nt, "notification.", "team");
        doc->notification.channel = report_read_string(r, nt, "notification.", "channel");
}

/* The sequential design (schema 3): null for a fixed run.  A schema 2
 * report has no key and is a fixed run. */
static void sequential(struct report_reader *r, const cJSON *o)
{
        struct report_sequential *sq = &r->doc->sequential;
        const cJSON *x = rg_json_member(&r->j, o, "", "sequential", false);
        if (x == NULL || cJSON_IsNull(x))
                return;
        const char *at = "sequential.";
        x = report_read_object(r, o, "", "sequential");
        sq->on = true;
        sq->spending = report_read_string(r, x, at, "spending");
        enum stats_spending f;
        if (r->j.rc == RG_OK && !stats_spending_from_name(sq->spending, &f))
                rg_json_read_fail(&r->j, RG_PARSE, at, "spending",
                                  "unknown spending '%.40s' (obrien-fleming or pocock)",
                                  sq->spending);
        sq->batch = (int)report_read_whole(r, x, at, "batch", 1, 1e6);
        sq->max_replications = (int)report_read_whole(r, x, at, "max_replications", 1, 1e6);
        if (r->j.rc == RG_OK && sq->batch > sq->max_replications)
                rg_json_read_fail(&r->j, RG_PARSE, at, "batch",
                                  "%d, more than max_replications (%d)", sq->batch,
                                  sq->max_replications);
}

/* ranks, hosts and shards: in reports since rollgate could run a
 * comparison elsewhere; one written before ran in one process on `host`
 * (its hosts list stays empty: it did not record one). */
static void where_ran(struct report_reader *r, const cJSON *t, struct report_timing *tm)
{
        const char *at = "timing.";
        tm->ranks = 1;
        if (t == NULL || cJSON_GetObjectItemCaseSensitive(t, "ranks") == NULL)
                return;
        tm->ranks = (int)report_read_whole(r, t, at, "ranks", 1, 1e7);
        const cJSON *h = report_read_array(r, t, at, "hosts", -1, &tm->n_hosts);
        tm->hosts = report_read_alloc(r, tm->n_hosts, sizeof(*tm->hosts));
        int i = 0;
        for (const cJSON *x = h ? h->child : NULL; tm->hosts && x; x = x->next, i++) {
                char sub[32];
                snprintf(sub, sizeof(sub), "hosts[%d]", i);
                tm->hosts[i] = report_read_string_item(r, x, at, sub);
        }
        tm->hosts_total = (int)report_read_whole(r, t, at, "hosts_total", tm->n_hosts, 1e7);
        const cJSON *sa = report_read_array(r, t, at, "shards", -1, &tm->n_shards);
        tm->shards = report_read_alloc(r, tm->n_shards, sizeof(*tm->shards));
        i = 0;
        for (const cJSON *x = sa ? sa->child : NULL; tm->shards && x; x = x->next, i++) {
                char sub[48];
                snprintf(sub, sizeof(sub), "timing.shards[%d].", i);
                struct report_shard *sh = &tm->shards[i];
                sh->count = (int)report_read_whole(r, x, sub, "count", 1, 4096);
                sh->index = (int)report_read_whole(r, x, sub, "index", 0, sh->count - 1);
                sh->host = report_read_string(r, x, sub, "host");
                sh->threads = (int)report_read_whole(r, x, sub, "threads", 0, 1e6);
                sh->wall_seconds = report_read_number(r, x, sub, "wall_seconds");
                sh->started = report_read_string(r, x, sub, "started");
                sh->finished = report_read_string(r, x, sub, "finished");
                sh->runs_executed =
                    (int)report_read_whole(r, x, sub, "external_runs_executed", 0, 1e9);
                sh->runs_reused = (int)report_read_whole(r, x, sub, "external_runs_reused", 0, 1e9);
        }
}

static void timing(struct report_reader *r, const cJSON *o)
{
        struct report_doc *doc = r->doc;
        struct report_timing *tm = &doc->timing;
        const cJSON *t = report_read_object(r, o, "", "timing");
        const char *at = "timing.";
        tm->threads = (int)report_read_whole(r, t, at, "threads", 0, 1e6);
        tm->wall_seconds = report_read_number(r, t, at, "wall_seconds");
        tm->started = report_read_string(r, t, at, "started");
        tm->finished = report_read_string(r, t, at, "finished");
        tm->host = report_read_string(r, t, at, "host");
        where_ran(r, t, tm);
        tm->online_cpus = report_read_number(r, t, at, "online_cpus");
        tm->performance_clock = report_read_string(r, t, at, "performance_clock");
        tm->runs_executed = (int)report_read_whole(r, t, at, "external_runs_executed", 0, 1e9);
        tm->runs_reused = (int)report_read_whole(r, t, at, "external_runs_reused", 0, 1e9);
        perf(r, report_read_object(r, t, at, "performance_pooled"), "timing.performance_pooled.",
             &tm->pooled);
        const cJSON *pa = report_read_array(r, t, at, "performance", doc->n_loads, NULL);
        tm->perf = report_read_alloc(r, doc->n_loads, sizeof(*tm->perf));
        int li = 0;
        for (const cJSON *x = pa ? pa->child : NULL; tm->perf && x; x = x->next, li++) {
                char sub[64];
                snprintf(sub, sizeof(sub), "timing.performance[%d].", li);
                tm->perf[li].erlang = report_read_number(r, x, sub, "erlang");
                perf(r, x, sub, &tm->perf[li]);
        }
        const cJSON *rt = report_read_array(r, t, at, "runs", doc->n_pairs, NULL);
        tm->run_seconds = report_read_alloc(r, doc->n_pairs, sizeof(*tm->run_seconds));
        int j = 0;
        for (const cJSON *x = rt ? rt->child : NULL; tm->run_seconds && x; x = x->next, j++) {
                char sub[32];
                snprintf(sub, sizeof(sub), "runs[%d]", j);
                if (!cJSON_IsArray(x) || cJSON_GetArraySize(x) != 5) {
                        rg_json_read_fail(&r->j, RG_PARSE, at, sub,
                                          "must be an array of 5 numbers");
                        break;
                }
                int k = 0;
                for (const cJSON *v = x->child; v; v = v->next, k++)
                        tm->run_seconds[j][k] = report_read_number_item(r, v, at, sub);
        }
}

/* The runs, load by load: each load's own replications in order. */
static void runs(struct report_reader *r, const cJSON *o)
{
        struct report_doc *doc = r->doc;
        const cJSON *runs = report_read_array(r, o, "", "runs", doc->n_pairs, NULL);
        doc->pairs = report_read_alloc(r, doc->n_pairs, sizeof(*doc->pairs));
        int j = 0, li = 0, rep = 0;
        for (const cJSON *x = runs ? runs->child : NULL; doc->pairs && x; x = x->next, j++) {
                struct report_pair *p = &doc->pairs[j];
                char at[32];
                snprintf(at, sizeof(at), "runs[%d].", j);
                if (!cJSON_IsObject(x)) {
                        rg_json_read_fail(&r->j, RG_PARSE, at, NULL, "must be an object");
                        break;
                }
                /* the (load, replication) pair j must be: the array has
                 * n_pairs elements, so li stays in range */
                while (rep >= doc->loads[li].replications) {
                        rep = 0;
                        li++;
                }
                p->erlang = report_read_number(r, x, at, "erlang");
                p->replication =
                    (int)report_read_whole(r, x, at, "replication", 0, doc->inputs.n_seeds - 1);
                if (r->j.rc == RG_OK &&
                    (p->replication != rep || !(p->erlang == doc->inputs.loads[li])))
                        rg_json_read_fail(
                            &r->j, RG_PARSE, at, NULL,
                            "out of order (runs are listed load by load, replication by "
                            "replication)");
                rep++;
                if (rg_json_member(&r->j, x, at, "harness_error", true)) {
                        p->harness_error = report_read_string(r, x, at, "harness_error");
                        continue;
                }
                run(r, x, at, "legacy", &p->run[REPORT_LEGACY]);
                run(r, x, at, "orchestrator", &p->run[REPORT_ORCHESTRATOR]);
        }
}

static void document(struct report_reader *r, const cJSON *o)
{
        struct report_doc *doc = r->doc;
        double version = report_read_number(r, o, "", "schema_version");
        if (r->j.rc != RG_OK)
                return;
        if (!(version >= REPORT_SCHEMA_OLDEST && version <= REPORT_SCHEMA_VERSION &&
              version == floor(version))) {
                rg_json_read_fail(
                    &r->j, RG_PARSE, "", "schema_version",
                    "%g, but this rollgate reads reports of schema versions %d to %d (rerun the "
                    "comparison with this version)",
                    version, REPORT_SCHEMA_OLDEST, REPORT_SCHEMA_VERSION);
                return;
        }
        r->version = (int)version;
        /* the document is what this rollgate writes: an older report read
         * here renders as a report of the current version */
        doc->schema_version = REPORT_SCHEMA_VERSION;
        doc->tool = report_read_string(r, o, "", "tool");
        if (r->j.rc == RG_OK && strcmp(doc->tool, "rollgate") != 0)
                rg_json_read_fail(&r->j, RG_PARSE, "", "tool", "not a rollgate report");
        doc->version = report_read_string(r, o, "", "version");
        doc->complete = report_read_bool(r, o, "", "complete");
        doc->verdict = report_read_verdict(r, o, "");
        doc->exit_code = (int)report_read_whole(r, o, "", "exit_code", 0, 255);
        if (r->j.rc == RG_OK && doc->exit_code != stats_verdict_exit_code(doc->verdict))
                rg_json_read_fail(&r->j, RG_PARSE, "", "exit_code",
                                  "%d does not belong to verdict %s", doc->exit_code,
                                  stats_verdict_name(doc->verdict));
        doc->reason = report_read_string(r, o, "", "reason");
        const cJSON *act = report_read_object(r, o, "", "action");
        doc->action.level = (int)report_read_whole(r, act, "action.", "rollback_level", 0, 2);
        doc->action.text = report_read_string(r, act, "action.", "text");
        doc->action.rollback_env = report_read_string(r, act, "action.", "rollback_env");
        doc->action.rollback_config_key =
            report_read_string(r, act, "action.", "rollback_config_key");
        inputs(r, o);
        report_read_declared(r, o);
        if (r->version >= 3)
                sequential(r, o);
        if (r->j.rc != RG_OK)
                return;
        doc->n_loads = doc->inputs.n_loads;
        const cJSON *loads = report_read_array(r, o, "", "loads", doc->n_loads, NULL);
        doc->loads = report_read_alloc(r, doc->n_loads, sizeof(*doc->loads));
        int li = 0;
        for (const cJSON *l = loads ? loads->child : NULL; doc->loads && l; l = l->next, li++) {
                if (!cJSON_IsObject(l)) {
                        char key[32];
                        snprintf(key, sizeof(key), "loads[%d]", li);
                        rg_json_read_fail(&r->j, RG_PARSE, "", key, "must be an object");
                        break;
                }
                load(r, l, li, &doc->loads[li]);
        }
        report_read_exact_check(r);
        if (r->j.rc != RG_OK)
                return;
        if ((double)doc->n_loads * doc->inputs.n_seeds > 1e7) {
                rg_json_read_fail(&r->j, RG_PARSE, "", "runs",
                                  "more runs than rollgate ever makes");
                return;
        }
        /* inputs.seeds lists the seeds the loads used: as many as the most
         * any load used */
        int most = 0;
        doc->n_pairs = 0;
        for (li = 0; li < doc->n_loads; li++) {
                doc->n_pairs += doc->loads[li].replications;
                most = doc->loads[li].replications > most ? doc->loads[li].replications : most;
        }
        if (most != doc->inputs.n_seeds) {
                rg_json_read_fail(&r->j, RG_PARSE, "inputs.", "seeds",
                                  "%d seeds, but no load used more than %d replications",
                                  doc->inputs.n_seeds, most);
                return;
        }
        runs(r, o);
        const cJSON *dg = rg_json_member(&r->j, o, "", "diagnosis", false);
        if (dg && !cJSON_IsNull(dg)) {
                struct report_diagnosis *d = &doc->diagnosis;
                dg = report_read_object(r, o, "", "diagnosis");
                d->present = true;
                d->erlang = report_read_number(r, dg, "diagnosis.", "erlang");
                d->seed = report_read_whole(r, dg, "diagnosis.", "seed", 0, 4294967295.0);
                d->request = report_read_whole(r, dg, "diagnosis.", "request", 0, 4294967295.0);
                d->compared = report_read_whole(r, dg, "diagnosis.", "compared", 0, 4294967295.0);
                d->decision[REPORT_LEGACY] = report_read_string(r, dg, "diagnosis.", "legacy");
                d->decision[REPORT_ORCHESTRATOR] =
                    report_read_string(r, dg, "diagnosis.", "orchestrator");
        }
        timing(r, o);
}

int report_json_read(const char *text, size_t len, const char *what, struct report_doc **out,
                     struct rg_errbuf *eb)
{
        *out = NULL;
        cJSON *o = NULL;
        int prc = rg_json_parse(text, len, what, &o, eb);
        if (prc != RG_OK)
                return prc;
        struct report_reader r = {.j = {.what = what, .eb = eb}, .doc = report_doc_create()};
        if (r.doc == NULL) {
                cJSON_Delete(o);
                return rg_fail(eb, RG_NOMEM, "%s: out of memory", what);
        }
        if (!cJSON_IsObject(o))
                rg_json_read_fail(&r.j, RG_PARSE, "", NULL, "the report must be a JSON object");
        else
                document(&r, o);
        cJSON_Delete(o);
        if (r.j.rc != RG_OK) {
                report_doc_destroy(r.doc);
                return r.j.rc;
        }
        *out = r.doc;
        return RG_OK;
}
