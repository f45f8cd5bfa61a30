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
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../common/json_read.h"
#include "../stats/sequential.h"
#include "document.h"

struct rd {
        struct rg_json_reader j;
        struct report_doc *doc;
        int version; /* the report's schema version */
};

static const cJSON *object(struct rd *r, const cJSON *o, const char *where, const char *key)
{
        return rg_json_typed(&r->j, o, where, key, cJSON_IsObject, "an object");
}

/* An array of exactly `n` elements (n < 0: any length, *len set). */
static const cJSON *array(struct rd *r, const cJSON *o, const char *where, const char *key, int n,
                          int *len)
{
        const cJSON *it = rg_json_typed(&r->j, o, where, key, cJSON_IsArray, "an array");
        if (it == NULL)
                return NULL;
        int size = cJSON_GetArraySize(it);
        if (n >= 0 && size != n) {
                rg_json_read_fail(&r->j, RG_PARSE, where, key, "must have %d elements, not %d", n,
                                  size);
                return NULL;
        }
        if (len)
                *len = size;
        return it;
}

/* A number: JSON numbers, null for NaN, "Infinity" / "-Infinity". */
static double number_item(struct rd *r, const cJSON *it, const char *where, const char *key)
{
        if (it == NULL)
                return NAN;
        if (cJSON_IsNumber(it))
                return it->valuedouble;
        if (cJSON_IsNull(it))
                return NAN;
        if (cJSON_IsString(it) && strcmp(it->valuestring, "Infinity") == 0)
                return INFINITY;
        if (cJSON_IsString(it) && strcmp(it->valuestring, "-Infinity") == 0)
                return -INFINITY;
        rg_json_read_fail(&r->j, RG_PARSE, where, key, "must be a number, not %s",
                          rg_json_type_name(it));
        return NAN;
}

static double number(struct rd *r, const cJSON *o, const char *where, const char *key)
{
        return number_item(r, rg_json_member(&r->j, o, where, key, false), where, key);
}

/* A whole number in [lo, hi] (what the renderers print as an integer). */
static double whole(struct rd *r, const cJSON *o, const char *where, const char *key, double lo,
                    double hi)
{
        double v = number(r, o, where, key);
        if (r->j.rc == RG_OK && !(v >= lo && v <= hi && v == floor(v))) {
                rg_json_read_fail(&r->j, RG_PARSE, where, key,
                                  "must be a whole number from %.0f to %.0f", lo, hi);
                return lo;
        }
        return r->j.rc == RG_OK ? v : lo;
}

static bool boolean(struct rd *r, const cJSON *o, const char *where, const char *key)
{
        const cJSON *it = rg_json_member(&r->j, o, where, key, false);
        if (it && !cJSON_IsBool(it)) {
                rg_json_read_fail(&r->j, RG_PARSE, where, key, "must be true or false, not %s",
                                  rg_json_type_name(it));
                return false;
        }
        return it && cJSON_IsTrue(it);
}

static const char *copy(struct rd *r, const char *s)
{
        const char *d = report_doc_strdup(r->doc, s);
        if (d == NULL) {
                rg_json_read_fail(&r->j, RG_NOMEM, "", NULL, "out of memory");
                return "";
        }
        return d;
}

static const char *string_item(struct rd *r, const cJSON *it, const char *where, const char *key)
{
        if (it == NULL)
                return "";
        if (!cJSON_IsString(it)) {
                rg_json_read_fail(&r->j, RG_PARSE, where, key, "must be a string, not %s",
                                  rg_json_type_name(it));
                return "";
        }
        return copy(r, it->valuestring);
}

static const char *string(struct rd *r, const cJSON *o, const char *where, const char *key)
{
        return string_item(r, rg_json_member(&r->j, o, where, key, false), where, key);
}

static void *alloc(struct rd *r, int n, size_t size)
{
        void *p = report_doc_alloc(r->doc, n > 0 ? (size_t)n : 0, size);
        if (p == NULL)
                rg_json_read_fail(&r->j, RG_NOMEM, "", NULL, "out of memory");
        return p;
}

/* An array of numbers, exactly n (n < 0: any; *len set) into new memory. */
static double *numbers(struct rd *r, const cJSON *o, const char *where, const char *key, int n,
                       int *len)
{
        int size = 0;
        const cJSON *a = array(r, o, where, key, n, &size);
        if (a == NULL)
                return NULL;
        double *v = alloc(r, size, sizeof(double));
        int i = 0;
        char at[64];
        for (const cJSON *it = a->child; v && it; it = it->next, i++) {
                snprintf(at, sizeof(at), "%s[%d]", key, i);
                v[i] = number_item(r, it, where, at);
        }
        if (len)
                *len = size;
        return v;
}

static void pair_of(struct rd *r, const cJSON *o, const char *where, const char *key, double *lo,
                    double *hi)
{
        double *v = numbers(r, o, where, key, 2, NULL);
        *lo = v ? v[0] : NAN;
        *hi = v ? v[1] : NAN;
}

static enum stats_verdict verdict(struct rd *r, const cJSON *o, const char *where)
{
        const char *name = string(r, o, where, "verdict");
        enum stats_verdict v = STATS_HARNESS_ERROR;
        if (r->j.rc == RG_OK && !stats_verdict_from_name(name, &v))
                rg_json_read_fail(&r->j, RG_PARSE, where, "verdict", "unknown verdict '%.40s'",
                                  name);
        return v;
}

static void summary(struct rd *r, const cJSON *o, const char *where, const char *key,
                    struct report_summary *s)
{
        char at[160];
        snprintf(at, sizeof(at), "%s%s.", where, key);
        const cJSON *x = object(r, o, where, key);
        s->mean = number(r, x, at, "mean");
        s->sd = number(r, x, at, "sd");
        pair_of(r, x, at, "ci", &s->lo, &s->hi);
}

/* `reps`: the load's replications, one paired difference each. */
static void metric(struct rd *r, const cJSON *o, const char *where, const char *key, int reps,
                   struct report_metric *m)
{
        char at[160], sub[192];
        snprintf(at, sizeof(at), "%s%s.", where, key);
        const cJSON *x = object(r, o, where, key);
        const cJSON *legacy = rg_json_member(&r->j, x, at, "legacy", false);
        m->have_stats = legacy && !cJSON_IsNull(legacy);
        m->rel_mean = NAN;
        if (m->have_stats) {
                summary(r, x, at, "legacy", &m->legacy);
                summary(r, x, at, "orchestrator", &m->orchestrator);
                snprintf(sub, sizeof(sub), "%sdelta_pp.", at);
                const cJSON *d = object(r, x, at, "delta_pp");
                m->delta.mean = number(r, d, sub, "mean");
                m->delta.sd = number(r, d, sub, "sd");
                pair_of(r, d, sub, "ci", &m->delta.lo, &m->delta.hi);
                pair_of(r, d, sub, "decision_ci", &m->decision_lo, &m->decision_hi);
                snprintf(sub, sizeof(sub), "%sdelta_rel.", at);
                const cJSON *rel = object(r, x, at, "delta_rel");
                m->rel_mean = number(r, rel, sub, "mean");
                m->ratio = number(r, rel, sub, "ratio");
                pair_of(r, rel, sub, "ci", &m->rel_lo, &m->rel_hi);
                m->rel_unbounded = boolean(r, rel, sub, "unbounded");
                m->p_value = number(r, x, at, "p_value");
                m->t = number(r, x, at, "t");
                m->rho = number(r, x, at, "rho");
                m->variance_reduction = number(r, x, at, "variance_reduction");
                m->per_seed = numbers(r, x, at, "per_seed_pp", reps, NULL);
                m->n_per_seed = m->per_seed ? reps : 0;
        }
        snprintf(sub, sizeof(sub), "%sdecision.", at);
        const cJSON *dec = object(r, x, at, "decision");
        const char *basis = string(r, dec, sub, "basis");
        if (r->j.rc == RG_OK && !stats_basis_from_name(basis, &m->basis))
                rg_json_read_fail(&r->j, RG_PARSE, sub, "basis", "unknown basis '%.40s'", basis);
        if (rg_json_member(&r->j, dec, sub, "unit", true)) {
                m->unit = string(r, dec, sub, "unit");
                m->deviation = number(r, dec, sub, "deviation");
                pair_of(r, dec, sub, "interval", &m->dev_lo, &m->dev_hi);
        }
        m->verdict = verdict(r, dec, sub);
        m->reason = string(r, dec, sub, "reason");
        m->claim = boolean(r, dec, sub, "rollback_claim");
        if (m->claim) {
                m->p_claim = number(r, dec, sub, "p_claim");
                m->p_holm = number(r, dec, sub, "p_holm");
                m->emergency_not_excluded = boolean(r, dec, sub, "emergency_not_excluded");
        }
        if (rg_json_member(&r->j, dec, sub, "replications_needed", true))
                m->replications_needed = whole(r, dec, sub, "replications_needed", 1, 1e15);
        if (rg_json_member(&r->j, dec, sub, "requests_needed", true))
                m->requests_needed = whole(r, dec, sub, "requests_needed", 1, 1e15);
}

static void chisq(struct rd *r, const cJSON *o, const char *where, const char *key,
                  struct report_chisq *c)
{
        const cJSON *x = rg_json_member(&r->j, o, where, key, true);
        if (x == NULL)
                return;
        char at[160];
        snprintf(at, sizeof(at), "%s%s.", where, key);
        x = object(r, o, where, key);
        c->tested = true;
        c->statistic = number(r, x, at, "statistic");
        c->df = number(r, x, at, "df");
        c->p_value = number(r, x, at, "p_value");
        c->dispersion = number(r, x, at, "dispersion");
}

static const char *const stop_names[] = {"decided", "max_replications", "interrupted"};

/* A level the JSON holds: a number in [0, 1]. */
static double level(struct rd *r, const cJSON *x, const char *where, const char *key)
{
        double v = number(r, x, where, key);
        if (r->j.rc == RG_OK && !(v >= 0 && v <= 1))
                rg_json_read_fail(&r->j, RG_PARSE, where, key, "%g is not a level from 0 to 1", v);
        return v;
}

/* Look j (0-based) of a load (where: "loads[1].sequential.looks[0]."): a
 * look comes after every batch, the last one short at the most
 * replications, so look j has min((j + 1) batch, max) replications. */
static void look(struct rd *r, const cJSON *x, const char *where, int j, struct report_look *lk)
{
        static const char *const key[REPORT_METRICS] = {"bp", "bbp"};
        const struct report_sequential *sq = &r->doc->sequential;
        long grid = (long)(j + 1) * sq->batch;
        if (grid > sq->max_replications)
                grid = sq->max_replications;
        lk->replications = (int)whole(r, x, where, "replications", 1, 1e6);
        if (r->j.rc == RG_OK && lk->replications != grid)
                rg_json_read_fail(&r->j, RG_PARSE, where, "replications",
                                  "%d, but look %d of batches of %d (at most %d) has %ld",
                                  lk->replications, j + 1, sq->batch, sq->max_replications, grid);
        lk->nominal = level(r, x, where, "nominal_alpha");
        lk->spent = level(r, x, where, "alpha_spent");
        lk->verdict = verdict(r, x, where);
        char at[192], sub[224];
        snprintf(at, sizeof(at), "%smetrics.", where);
        const cJSON *mt = object(r, x, where, "metrics");
        for (int k = 0; k < REPORT_METRICS; k++) {
                struct report_look_metric *m = &lk->metric[k];
                snprintf(sub, sizeof(sub), "%s%s.", at, key[k]);
                const cJSON *y = object(r, mt, at, key[k]);
                const char *basis = string(r, y, sub, "basis");
                if (r->j.rc == RG_OK && !stats_basis_from_name(basis, &m->basis))
                        rg_json_read_fail(&r->j, RG_PARSE, sub, "basis", "unknown basis '%.40s'",
                                          basis);
                m->deviation = number(r, y, sub, "deviation");
                m->lo = number(r, y, sub, "decision_lo");
                m->hi = number(r, y, sub, "decision_hi");
                m->verdict = verdict(r, y, sub);
        }
}

/* A load's "sequential" (schema 3): null in a fixed run, else why it
 * stopped and its looks, the last of them at the load's replications. */
static void load_looks(struct rd *r, const cJSON *l, const char *at, struct report_load *L)
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
        x = object(r, l, at, "sequential");
        L->stopped = string(r, x, sub, "stopped");
        bool known = false;
        for (size_t i = 0; i < sizeof(stop_names) / sizeof(stop_names[0]); i++)
                known |= strcmp(L->stopped, stop_names[i]) == 0;
        if (r->j.rc == RG_OK && !known)
                rg_json_read_fail(&r->j, RG_PARSE, sub, "stopped",
                                  "must be \"decided\", \"max_replications\" or \"interrupted\", "
                                  "not '%.40s'",
                                  L->stopped);
        int n = 0;
        const cJSON *a = array(r, x, sub, "looks", -1, &n);
        if (a && (n < 1 || n > REPORT_MAX_LOOKS)) {
                rg_json_read_fail(&r->j, RG_PARSE, sub, "looks", "must have 1 to %d looks, not %d",
                                  REPORT_MAX_LOOKS, n);
                return;
        }
        L->looks = alloc(r, n, sizeof(*L->looks));
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
static void load_replications(struct rd *r, const cJSON *l, const char *at, struct report_load *L)
{
        int seeds = r->doc->inputs.n_seeds;
        if (r->version < 3) {
                L->replications = seeds;
                return;
        }
        L->replications = (int)whole(r, l, at, "replications", 1, seeds);
        if (r->j.rc == RG_OK && !r->doc->sequential.on && L->replications != seeds)
                rg_json_read_fail(&r->j, RG_PARSE, at, "replications",
                                  "%d, but a fixed run (sequential null) uses all %d seeds",
                                  L->replications, seeds);
}

static void load(struct rd *r, const cJSON *l, int li, struct report_load *L)
{
        char at[64], sub[96];
        snprintf(at, sizeof(at), "loads[%d].", li);
        L->erlang = number(r, l, at, "erlang");
        load_replications(r, l, at, L);
        L->verdict = verdict(r, l, at);
        L->reason = string(r, l, at, "reason");
        L->identical = boolean(r, l, at, "identical");
        L->low_signal = boolean(r, l, at, "low_signal");
        double *b = numbers(r, l, at, "blocked_total", REPORT_ROLES, NULL);
        if (b)
                memcpy(L->blocked_total, b, sizeof(L->blocked_total));
        snprintf(sub, sizeof(sub), "%smetrics.", at);
        const cJSON *mt = object(r, l, at, "metrics");
        metric(r, mt, sub, "bp", L->replications, &L->metric[REPORT_BP]);
        metric(r, mt, sub, "bbp", L->replications, &L->metric[REPORT_BBP]);
        snprintf(sub, sizeof(sub), "%ssecondary.", at);
        const cJSON *sec = object(r, l, at, "secondary");
        struct report_secondary *s = &L->secondary;
        chisq(r, sec, sub, "block_reasons", &s->block_reasons);
        chisq(r, sec, sub, "modulations", &s->modulations);
        if ((s->have_length = rg_json_member(&r->j, sec, sub, "length_rel", true) != NULL))
                s->length_rel = number(r, sec, sub, "length_rel");
        if ((s->have_hops = rg_json_member(&r->j, sec, sub, "hops_diff", true) != NULL))
                s->hops_diff = number(r, sec, sub, "hops_diff");
        if ((s->have_bias = rg_json_member(&r->j, sec, sub, "bias", true) != NULL)) {
                char bat[128];
                snprintf(bat, sizeof(bat), "%sbias.", sub);
                const cJSON *bias = object(r, sec, sub, "bias");
                s->bias_higher = number(r, bias, bat, "orchestrator_higher");
                s->bias_lower = number(r, bias, bat, "orchestrator_lower");
                s->bias_ties = number(r, bias, bat, "ties");
                s->bias_p = number(r, bias, bat, "p_value");
        }
        int n = 0;
        const cJSON *flags = array(r, l, at, "flags", -1, &n);
        L->flags = alloc(r, n, sizeof(char *));
        int i = 0;
        for (const cJSON *it = flags ? flags->child : NULL; L->flags && it; it = it->next, i++) {
                char key[32];
                snprintf(key, sizeof(key), "flags[%d]", i);
                L->flags[i] = string_item(r, it, at, key);
        }
        L->n_flags = L->flags ? n : 0;
        snprintf(sub, sizeof(sub), "%sresolution.", at);
        const cJSON *res = object(r, l, at, "resolution");
        L->resolution_pp = number(r, res, sub, "pp");
        L->resolution_warning = boolean(r, res, sub, "warning");
        if (r->version >= 3)
                load_looks(r, l, at, L);
}

static void run(struct rd *r, const cJSON *o, const char *where, const char *key,
                struct report_run *x)
{
        char at[96];
        snprintf(at, sizeof(at), "%s%s.", where, key);
        const cJSON *v = object(r, o, where, key);
        x->seed = whole(r, v, at, "seed", 0, 4294967295.0);
        const char *status = string(r, v, at, "status");
        x->ok = strcmp(status, "ok") == 0;
        if (r->j.rc == RG_OK && !x->ok && strcmp(status, "failed") != 0)
                rg_json_read_fail(&r->j, RG_PARSE, at, "status", "must be \"ok\" or \"failed\"");
        x->error = "";
        if (!x->ok) {
                x->error = string(r, v, at, "error");
                if (rg_json_member(&r->j, v, at, "fail_request", true)) {
                        x->has |= REPORT_HAS_FAIL_REQUEST;
                        x->fail_request = number(r, v, at, "fail_request");
                }
        }
        x->requests = number(r, v, at, "requests");
        x->blocked = number(r, v, at, "blocked");
        x->bp = number(r, v, at, "bp");
        if (rg_json_member(&r->j, v, at, "requested_gbps", true)) {
                x->has |= REPORT_HAS_GBPS;
                x->requested_gbps = number(r, v, at, "requested_gbps");
                x->blocked_gbps = number(r, v, at, "blocked_gbps");
        }
        if (rg_json_member(&r->j, v, at, "bbp", true)) {
                x->has |= REPORT_HAS_BBP;
                x->bbp = number(r, v, at, "bbp");
        }
        if (rg_json_member(&r->j, v, at, "block_reasons", true)) {
                char sub[128];
                snprintf(sub, sizeof(sub), "%sblock_reasons.", at);
                const cJSON *br = object(r, v, at, "block_reasons");
                x->has |= REPORT_HAS_REASONS;
                x->blocked_distance = number(r, br, sub, "distance");
                x->blocked_congestion = number(r, br, sub, "congestion");
        }
        if (rg_json_member(&r->j, v, at, "hops_mean", true)) {
                x->has |= REPORT_HAS_HOPS;
                x->hops_mean = number(r, v, at, "hops_mean");
        }
        if (rg_json_member(&r->j, v, at, "length_mean_km", true)) {
                x->has |= REPORT_HAS_LENGTH;
                x->length_mean_km = number(r, v, at, "length_mean_km");
        }
        if (rg_json_member(&r->j, v, at, "modulations", true)) {
                const cJSON *mods = object(r, v, at, "modulations");
                int n = mods ? cJSON_GetArraySize(mods) : 0;
                x->has |= REPORT_HAS_MODS;
                x->mod_names = alloc(r, n, sizeof(char *));
                x->mod_count = alloc(r, n, sizeof(double));
                int i = 0;
                for (const cJSON *it = mods ? mods->child : NULL;
                     x->mod_names && x->mod_count && it; it = it->next, i++) {
                        x->mod_names[i] = copy(r, it->string ? it->string : "");
                        x->mod_count[i] = number_item(r, it, at, "modulations");
                }
                x->n_mods = x->mod_names && x->mod_count ? n : 0;
        }
        if (rg_json_member(&r->j, v, at, "trace_hash", true)) {
                x->has |= REPORT_HAS_TRACE;
                x->trace_hash = string(r, v, at, "trace_hash");
        } else {
                x->trace_hash = "";
        }
}

static void perf(struct rd *r, const cJSON *x, const char *at, struct report_perf *p)
{
        p->computed = boolean(r, x, at, "computed");
        p->ratio = number(r, x, at, "ratio");
        pair_of(r, x, at, "interval", &p->lo, &p->hi);
        p->slower = boolean(r, x, at, "significantly_slower");
}

static void inputs(struct rd *r, const cJSON *o)
{
        struct report_doc *doc = r->doc;
        struct report_inputs *s = &doc->inputs;
        const cJSON *in = object(r, o, "", "inputs");
        const char *at = "inputs.";
        s->config = string(r, in, at, "config");
        s->topology = string(r, in, at, "topology");
        s->have_model = rg_json_member(&r->j, in, at, "nodes", true) != NULL;
        if (s->have_model) {
                s->nodes = whole(r, in, at, "nodes", 0, 1e6);
                s->links = whole(r, in, at, "links", 0, 1e6);
                s->k_paths = whole(r, in, at, "k_paths", 0, 1e6);
                s->cores = whole(r, in, at, "cores", 0, 1e6);
                s->slots = whole(r, in, at, "slots", 0, 1e6);
                s->guard_slots = whole(r, in, at, "guard_slots", 0, 1e6);
                s->allocation = string(r, in, at, "allocation");
                s->mod_assumption = string(r, in, at, "mod_assumption");
        }
        s->holding_time = number(r, in, at, "holding_time");
        s->requests = whole(r, in, at, "requests", 0, 4294967295.0);
        s->arrival_rate = string(r, in, at, "arrival_rate");
        const cJSON *dist = object(r, in, at, "request_distribution");
        int n = dist ? cJSON_GetArraySize(dist) : 0;
        s->dist_label = alloc(r, n, sizeof(char *));
        s->dist_prob = alloc(r, n, sizeof(double));
        int i = 0;
        for (const cJSON *it = dist ? dist->child : NULL; s->dist_label && s->dist_prob && it;
             it = it->next, i++) {
                s->dist_label[i] = copy(r, it->string ? it->string : "");
                s->dist_prob[i] = number_item(r, it, at, "request_distribution");
        }
        s->n_dist = s->dist_label && s->dist_prob ? n : 0;
        s->loads = numbers(r, in, at, "loads", -1, &s->n_loads);
        s->seeds = numbers(r, in, at, "seeds", -1, &s->n_seeds);
        if (r->j.rc == RG_OK && (s->n_loads < 1 || s->n_seeds < 1))
                rg_json_read_fail(&r->j, RG_PARSE, at, s->n_loads < 1 ? "loads" : "seeds",
                                  "must not be empty");
        s->paired = boolean(r, in, at, "paired");
        s->legacy = string(r, in, at, "legacy");
        s->orchestrator = string(r, in, at, "orchestrator");
        s->inject = string(r, in, at, "inject");
        if (strcmp(s->inject, "none") == 0)
                s->inject = "";

        struct report_policy *pol = &doc->policy;
        const cJSON *p = object(r, o, "", "policy");
        at = "policy.";
        const char *dev = string(r, p, at, "deviation");
        pol->deviation = strcmp(dev, "relative") == 0 ? STATS_DEV_RELATIVE : STATS_DEV_ABSOLUTE;
        if (r->j.rc == RG_OK && pol->deviation == STATS_DEV_ABSOLUTE && strcmp(dev, "absolute"))
                rg_json_read_fail(&r->j, RG_PARSE, at, "deviation",
                                  "must be \"absolute\" or \"relative\"");
        const char *dir = string(r, p, at, "direction");
        pol->direction = strcmp(dir, "increase") == 0 ? STATS_DIR_INCREASE : STATS_DIR_EITHER;
        if (r->j.rc == RG_OK && pol->direction == STATS_DIR_EITHER && strcmp(dir, "either"))
                rg_json_read_fail(&r->j, RG_PARSE, at, "direction",
                                  "must be \"either\" or \"increase\"");
        pair_of(r, p, at, "thresholds", &pol->t1, &pol->t2);
        pol->confidence = number(r, p, at, "confidence");
        pol->decision_level = number(r, p, at, "decision_level");
        pol->perf_threshold = number(r, p, at, "perf_threshold");
        pol->low_signal_blocked = number(r, p, at, "low_signal_blocked");
        pol->holm_tests = (int)whole(r, p, at, "holm_tests", 0, 1e9);

        const cJSON *nt = object(r, o, "", "notification");
        doc->notification.project = string(r, nt, "notification.", "project");
        doc->notification.team = string(r, nt, "notification.", "team");
        doc->notification.channel = string(r, nt, "notification.", "channel");
}

/* The sequential design (schema 3): null for a fixed run.  A schema 2
 * report has no key and is a fixed run. */
static void sequential(struct rd *r, const cJSON *o)
{
        struct report_sequential *sq = &r->doc->sequential;
        const cJSON *x = rg_json_member(&r->j, o, "", "sequential", false);
        if (x == NULL || cJSON_IsNull(x))
                return;
        const char *at = "sequential.";
        x = object(r, o, "", "sequential");
        sq->on = true;
        sq->spending = string(r, x, at, "spending");
        enum stats_spending f;
        if (r->j.rc == RG_OK && !stats_spending_from_name(sq->spending, &f))
                rg_json_read_fail(&r->j, RG_PARSE, at, "spending",
                                  "unknown spending '%.40s' (obrien-fleming or pocock)",
                                  sq->spending);
        sq->batch = (int)whole(r, x, at, "batch", 1, 1e6);
        sq->max_replications = (int)whole(r, x, at, "max_replications", 1, 1e6);
        if (r->j.rc == RG_OK && sq->batch > sq->max_replications)
                rg_json_read_fail(&r->j, RG_PARSE, at, "batch",
                                  "%d, more than max_replications (%d)", sq->batch,
                                  sq->max_replications);
}

static void timing(struct rd *r, const cJSON *o)
{
        struct report_doc *doc = r->doc;
        struct report_timing *tm = &doc->timing;
        const cJSON *t = object(r, o, "", "timing");
        const char *at = "timing.";
        tm->threads = (int)whole(r, t, at, "threads", 0, 1e6);
        tm->wall_seconds = number(r, t, at, "wall_seconds");
        tm->started = string(r, t, at, "started");
        tm->finished = string(r, t, at, "finished");
        tm->host = string(r, t, at, "host");
        tm->online_cpus = number(r, t, at, "online_cpus");
        tm->performance_clock = string(r, t, at, "performance_clock");
        tm->runs_executed = (int)whole(r, t, at, "external_runs_executed", 0, 1e9);
        tm->runs_reused = (int)whole(r, t, at, "external_runs_reused", 0, 1e9);
        perf(r, object(r, t, at, "performance_pooled"), "timing.performance_pooled.", &tm->pooled);
        const cJSON *pa = array(r, t, at, "performance", doc->n_loads, NULL);
        tm->perf = alloc(r, doc->n_loads, sizeof(*tm->perf));
        int li = 0;
        for (const cJSON *x = pa ? pa->child : NULL; tm->perf && x; x = x->next, li++) {
                char sub[64];
                snprintf(sub, sizeof(sub), "timing.performance[%d].", li);
                tm->perf[li].erlang = number(r, x, sub, "erlang");
                perf(r, x, sub, &tm->perf[li]);
        }
        const cJSON *rt = array(r, t, at, "runs", doc->n_pairs, NULL);
        tm->run_seconds = alloc(r, doc->n_pairs, sizeof(*tm->run_seconds));
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
                        tm->run_seconds[j][k] = number_item(r, v, at, sub);
        }
}

/* The runs, load by load: each load's own replications in order. */
static void runs(struct rd *r, const cJSON *o)
{
        struct report_doc *doc = r->doc;
        const cJSON *runs = array(r, o, "", "runs", doc->n_pairs, NULL);
        doc->pairs = alloc(r, doc->n_pairs, sizeof(*doc->pairs));
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
                p->erlang = number(r, x, at, "erlang");
                p->replication = (int)whole(r, x, at, "replication", 0, doc->inputs.n_seeds - 1);
                if (r->j.rc == RG_OK &&
                    (p->replication != rep || !(p->erlang == doc->inputs.loads[li])))
                        rg_json_read_fail(
                            &r->j, RG_PARSE, at, NULL,
                            "out of order (runs are listed load by load, replication by "
                            "replication)");
                rep++;
                if (rg_json_member(&r->j, x, at, "harness_error", true)) {
                        p->harness_error = string(r, x, at, "harness_error");
                        continue;
                }
                run(r, x, at, "legacy", &p->run[REPORT_LEGACY]);
                run(r, x, at, "orchestrator", &p->run[REPORT_ORCHESTRATOR]);
        }
}

static void document(struct rd *r, const cJSON *o)
{
        struct report_doc *doc = r->doc;
        double version = number(r, o, "", "schema_version");
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
        doc->tool = string(r, o, "", "tool");
        if (r->j.rc == RG_OK && strcmp(doc->tool, "rollgate") != 0)
                rg_json_read_fail(&r->j, RG_PARSE, "", "tool", "not a rollgate report");
        doc->version = string(r, o, "", "version");
        doc->complete = boolean(r, o, "", "complete");
        doc->verdict = verdict(r, o, "");
        doc->exit_code = (int)whole(r, o, "", "exit_code", 0, 255);
        if (r->j.rc == RG_OK && doc->exit_code != stats_verdict_exit_code(doc->verdict))
                rg_json_read_fail(&r->j, RG_PARSE, "", "exit_code",
                                  "%d does not belong to verdict %s", doc->exit_code,
                                  stats_verdict_name(doc->verdict));
        doc->reason = string(r, o, "", "reason");
        const cJSON *act = object(r, o, "", "action");
        doc->action.level = (int)whole(r, act, "action.", "rollback_level", 0, 2);
        doc->action.text = string(r, act, "action.", "text");
        doc->action.rollback_env = string(r, act, "action.", "rollback_env");
        doc->action.rollback_config_key = string(r, act, "action.", "rollback_config_key");
        inputs(r, o);
        if (r->version >= 3)
                sequential(r, o);
        if (r->j.rc != RG_OK)
                return;
        doc->n_loads = doc->inputs.n_loads;
        const cJSON *loads = array(r, o, "", "loads", doc->n_loads, NULL);
        doc->loads = alloc(r, doc->n_loads, sizeof(*doc->loads));
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
                dg = object(r, o, "", "diagnosis");
                d->present = true;
                d->erlang = number(r, dg, "diagnosis.", "erlang");
                d->seed = whole(r, dg, "diagnosis.", "seed", 0, 4294967295.0);
                d->request = whole(r, dg, "diagnosis.", "request", 0, 4294967295.0);
                d->compared = whole(r, dg, "diagnosis.", "compared", 0, 4294967295.0);
                d->decision[REPORT_LEGACY] = string(r, dg, "diagnosis.", "legacy");
                d->decision[REPORT_ORCHESTRATOR] = string(r, dg, "diagnosis.", "orchestrator");
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
        struct rd r = {.j = {.what = what, .eb = eb}, .doc = report_doc_create()};
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
