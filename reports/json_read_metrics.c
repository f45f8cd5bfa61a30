/*
 * The metrics of a saved report (json_reader.h): a load's "bp" and "bbp",
 * the metrics a config declared ("metrics_declared" and a load's object for
 * each), the first difference of an --exact comparison ("exact") and the
 * values runs reported.  Besides the types, what must hold together is
 * checked, so that a renderer never meets a metric it cannot place:
 *
 *   - declared names are metric names, not bp, bbp or trace_hash, and
 *     unique; kinds are known; a declaration has only its kind's keys
 *   - a load lists bp, bbp, then the declared metrics in their order, each
 *     of its declared kind (every one "exact" with --exact) and primacy,
 *     then (--exact only) trace_hash
 *   - differing replications are at most the load's, the first of them one
 *     of the load's, and "first" is null exactly when none differs
 *   - exact.first names a load, one of its replications and one of its
 *     metrics that differed there
 *   - a run's values are numbers or strings / lists with a count, a
 *     16-digit hash, a text and a cut flag, under unique names
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "json_reader.h"

static const char *const kinds[] = {"equivalence", "exact", "performance"};

/* The predeclared metrics, refused as declared names in any case (the
 * config refuses them so). */
static const char *const reserved[] = {"bp", "bbp", "trace_hash"};

/* The keys a declaration of one kind has and no other kind's does. */
static const struct {
        const char *key, *kind;
} kind_keys[] = {
    {"unit", "equivalence"},       {"deviation", "equivalence"}, {"direction", "equivalence"},
    {"thresholds", "equivalence"}, {"abs_tol", "exact"},         {"rel_tol", "exact"},
    {"factor", "performance"},
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static bool known_kind(const char *kind)
{
        for (size_t i = 0; i < N_OF(kinds); i++)
                if (strcmp(kind, kinds[i]) == 0)
                        return true;
        return false;
}

static bool is_reserved(const char *name)
{
        for (size_t i = 0; i < N_OF(reserved); i++) {
                size_t n = strlen(reserved[i]), j = 0;
                while (j < n && tolower((unsigned char)name[j]) == reserved[i][j])
                        j++;
                if (j == n && name[n] == '\0')
                        return true;
        }
        return false;
}

static void summary(struct report_reader *r, const cJSON *o, const char *where, const char *key,
                    struct report_summary *s)
{
        char at[224];
        const cJSON *x = report_read_object_at(r, o, where, key, at, sizeof(at));
        s->mean = report_read_number(r, x, at, "mean");
        s->sd = report_read_number(r, x, at, "sd");
        report_read_pair(r, x, at, "ci", &s->lo, &s->hi);
}

/* What every metric has, as json.c writes it: the statistics (null when
 * not computed) and the decision.  A declared metric's deviations are in
 * its own unit, hence "delta" and "per_seed" for BP's "delta_pp" and
 * "per_seed_pp".  `reps`: the load's replications, one paired difference
 * each. */
static void figures(struct report_reader *r, const cJSON *x, const char *at, bool declared,
                    int reps, struct report_metric *m)
{
        const char *delta = declared ? "delta" : "delta_pp";
        char sub[256];
        const cJSON *legacy = rg_json_member(&r->j, x, at, "legacy", false);
        m->have_stats = legacy && !cJSON_IsNull(legacy);
        m->rel_mean = NAN;
        if (m->have_stats) {
                summary(r, x, at, "legacy", &m->legacy);
                summary(r, x, at, "orchestrator", &m->orchestrator);
                const cJSON *d = report_read_object_at(r, x, at, delta, sub, sizeof(sub));
                m->delta.mean = report_read_number(r, d, sub, "mean");
                m->delta.sd = report_read_number(r, d, sub, "sd");
                report_read_pair(r, d, sub, "ci", &m->delta.lo, &m->delta.hi);
                report_read_pair(r, d, sub, "decision_ci", &m->decision_lo, &m->decision_hi);
                const cJSON *rel = report_read_object_at(r, x, at, "delta_rel", sub, sizeof(sub));
                m->rel_mean = report_read_number(r, rel, sub, "mean");
                m->ratio = report_read_number(r, rel, sub, "ratio");
                report_read_pair(r, rel, sub, "ci", &m->rel_lo, &m->rel_hi);
                m->rel_unbounded = report_read_bool(r, rel, sub, "unbounded");
                m->p_value = report_read_number(r, x, at, "p_value");
                m->t = report_read_number(r, x, at, "t");
                m->rho = report_read_number(r, x, at, "rho");
                m->variance_reduction = report_read_number(r, x, at, "variance_reduction");
                m->per_seed = report_read_numbers(r, x, at, declared ? "per_seed" : "per_seed_pp",
                                                  reps, NULL);
                m->n_per_seed = m->per_seed ? reps : 0;
        }
        const cJSON *dec = report_read_object_at(r, x, at, "decision", sub, sizeof(sub));
        const char *basis = report_read_string(r, dec, sub, "basis");
        if (r->j.rc == RG_OK && !stats_basis_from_name(basis, &m->basis))
                rg_json_read_fail(&r->j, RG_PARSE, sub, "basis", "unknown basis '%.40s'", basis);
        if (rg_json_member(&r->j, dec, sub, "unit", true)) {
                m->unit = report_read_string(r, dec, sub, "unit");
                m->deviation = report_read_number(r, dec, sub, "deviation");
                report_read_pair(r, dec, sub, "interval", &m->dev_lo, &m->dev_hi);
        }
        m->verdict = report_read_verdict(r, dec, sub);
        m->reason = report_read_string(r, dec, sub, "reason");
        m->claim = report_read_bool(r, dec, sub, "rollback_claim");
        if (m->claim) {
                m->p_claim = report_read_number(r, dec, sub, "p_claim");
                m->p_holm = report_read_number(r, dec, sub, "p_holm");
                m->emergency_not_excluded = report_read_bool(r, dec, sub, "emergency_not_excluded");
        }
        if (rg_json_member(&r->j, dec, sub, "replications_needed", true))
                m->replications_needed =
                    report_read_whole(r, dec, sub, "replications_needed", 1, 1e15);
        if (rg_json_member(&r->j, dec, sub, "requests_needed", true))
                m->requests_needed = report_read_whole(r, dec, sub, "requests_needed", 1, 1e15);
}

/* Kind exact: how many of the load's `reps` replications differed, and
 * the first of them (null when none did). */
static void differing(struct report_reader *r, const cJSON *x, const char *at, int reps,
                      struct report_metric *m)
{
        char sub[256], fat[288];
        const cJSON *d = report_read_object_at(r, x, at, "differing", sub, sizeof(sub));
        m->n_differ = (int)report_read_whole(r, d, sub, "replications", 0, reps);
        const cJSON *f = rg_json_member(&r->j, d, sub, "first", false);
        if (f == NULL)
                return;
        if (m->n_differ == 0) {
                if (!cJSON_IsNull(f))
                        rg_json_read_fail(&r->j, RG_PARSE, sub, "first",
                                          "must be null: no replication differs");
                return;
        }
        if (cJSON_IsNull(f)) {
                rg_json_read_fail(&r->j, RG_PARSE, sub, "first",
                                  "must be an object: %d replications differ", m->n_differ);
                return;
        }
        f = report_read_object_at(r, d, sub, "first", fat, sizeof(fat));
        m->first_differ = (int)report_read_whole(r, f, fat, "replication", 0, reps - 1);
        if (r->j.rc == RG_OK && m->first_differ + m->n_differ > reps)
                rg_json_read_fail(&r->j, RG_PARSE, fat, "replication",
                                  "%d is the first of %d that differ, but the load has %d "
                                  "replications",
                                  m->first_differ, m->n_differ, reps);
        m->first_seed = report_read_whole(r, f, fat, "seed", 0, 4294967295.0);
        m->first_value[REPORT_LEGACY] = report_read_string(r, f, fat, "legacy");
        m->first_value[REPORT_ORCHESTRATOR] = report_read_string(r, f, fat, "orchestrator");
}

/* Kind performance: the ratio test. */
static void performance(struct report_reader *r, const cJSON *x, const char *at,
                        struct report_metric *m)
{
        char sub[256];
        const cJSON *p = report_read_object_at(r, x, at, "performance", sub, sizeof(sub));
        m->perf_computed = report_read_bool(r, p, sub, "computed");
        m->perf_ratio = report_read_number(r, p, sub, "ratio");
        report_read_pair(r, p, sub, "ci", &m->perf_lo, &m->perf_hi);
        m->perf_slower = report_read_bool(r, p, sub, "slower");
        if (r->j.rc == RG_OK && m->perf_slower && !m->perf_computed)
                rg_json_read_fail(&r->j, RG_PARSE, sub, "slower",
                                  "must be false: the ratio was not computed");
}

/* What a metric must be: its kind and primacy, and why (for messages:
 * "metrics_declared[1]", "bp"...). */
struct want {
        const char *kind; /* NULL: the metric has none (BP, BBP without --exact) */
        bool primary;
        const char *source;
};

static void kind_of(struct report_reader *r, const cJSON *x, const char *at, const struct want *w,
                    struct report_metric *m)
{
        m->kind = report_read_string(r, x, at, "kind");
        if (r->j.rc == RG_OK && !known_kind(m->kind))
                rg_json_read_fail(&r->j, RG_PARSE, at, "kind",
                                  "unknown kind '%.40s' (equivalence, exact or performance)",
                                  m->kind);
        if (r->j.rc == RG_OK && strcmp(m->kind, w->kind) != 0) {
                if (r->doc->exact.on)
                        rg_json_read_fail(&r->j, RG_PARSE, at, "kind",
                                          "'%s', but an --exact comparison (the top-level "
                                          "exact) judges every metric as kind exact",
                                          m->kind);
                else
                        rg_json_read_fail(&r->j, RG_PARSE, at, "kind", "'%s', but %s is of kind %s",
                                          m->kind, w->source, w->kind);
        }
        m->primary = report_read_bool(r, x, at, "primary");
        if (r->j.rc == RG_OK && m->primary != w->primary)
                rg_json_read_fail(&r->j, RG_PARSE, at, "primary", "%s, but %s is %s",
                                  m->primary ? "true" : "false", w->source,
                                  w->primary ? "primary" : "secondary (primary false)");
}

/* Metric `key` of a load's metrics `mt` (where: "loads[0].metrics."). */
static void load_metric(struct report_reader *r, const cJSON *mt, const char *where,
                        const char *key, bool declared, int reps, const struct want *w,
                        struct report_metric *m)
{
        char at[192];
        const cJSON *x = report_read_object_at(r, mt, where, key, at, sizeof(at));
        m->name = report_read_copy(r, key);
        m->first_differ = -1;
        m->first_value[REPORT_LEGACY] = m->first_value[REPORT_ORCHESTRATOR] = "";
        if (w->kind)
                kind_of(r, x, at, w, m);
        else if (rg_json_member(&r->j, x, at, "kind", true))
                rg_json_read_fail(&r->j, RG_PARSE, at, "kind",
                                  "only an --exact comparison gives %s a kind (the top-level "
                                  "exact is absent)",
                                  key);
        figures(r, x, at, declared, reps, m);
        const char *kind = m->kind ? m->kind : "";
        if (strcmp(kind, "exact") == 0)
                differing(r, x, at, reps, m);
        else if (rg_json_member(&r->j, x, at, "differing", true))
                rg_json_read_fail(&r->j, RG_PARSE, at, "differing",
                                  "only a metric of kind exact has it");
        if (strcmp(kind, "performance") == 0)
                performance(r, x, at, m);
        else if (rg_json_member(&r->j, x, at, "performance", true))
                rg_json_read_fail(&r->j, RG_PARSE, at, "performance",
                                  "only a metric of kind performance has it");
}

static bool is_declared(const struct report_doc *doc, const char *name)
{
        for (int k = 0; k < doc->n_declared; k++)
                if (strcmp(doc->declared[k].name, name) == 0)
                        return true;
        return false;
}

/* Whether the load's metrics beyond bp and bbp are the declared ones in
 * their order, then (--exact only) trace_hash; *traced set when it is
 * there. */
static bool declared_in_order(struct report_reader *r, const cJSON *mt, const char *where,
                              bool *traced)
{
        const struct report_doc *doc = r->doc;
        int j = 0;
        *traced = false;
        for (const cJSON *it = mt ? mt->child : NULL; it && r->j.rc == RG_OK; it = it->next) {
                const char *key = it->string ? it->string : "";
                if (strcmp(key, "bp") == 0 || strcmp(key, "bbp") == 0)
                        continue;
                if (j < doc->n_declared && strcmp(key, doc->declared[j].name) == 0) {
                        j++;
                        continue;
                }
                if (j < doc->n_declared)
                        rg_json_read_fail(&r->j, RG_PARSE, where, key,
                                          "found where metrics_declared[%d] '%s' belongs (a "
                                          "load's metrics are bp, bbp, then the declared ones in "
                                          "order)",
                                          j, doc->declared[j].name);
                else if (strcmp(key, "trace_hash") == 0 && !doc->exact.on)
                        rg_json_read_fail(&r->j, RG_PARSE, where, key,
                                          "only an --exact comparison checks trace hashes (the "
                                          "top-level exact is absent)");
                else if (strcmp(key, "trace_hash") == 0 && !*traced)
                        *traced = true;
                else if (strcmp(key, "trace_hash") == 0 || is_declared(doc, key))
                        rg_json_read_fail(&r->j, RG_PARSE, where, key, "given twice");
                else
                        rg_json_read_fail(&r->j, RG_PARSE, where, key,
                                          "not a declared metric (a load's metrics are bp, bbp, "
                                          "the declared ones in order, then trace_hash with "
                                          "--exact)");
        }
        if (r->j.rc == RG_OK && mt && j < doc->n_declared)
                rg_json_read_fail(&r->j, RG_PARSE, where, doc->declared[j].name, "missing");
        return r->j.rc == RG_OK;
}

void report_read_load_metrics(struct report_reader *r, const cJSON *l, const char *at,
                              struct report_load *L)
{
        const struct report_doc *doc = r->doc;
        const char *exact = doc->exact.on ? "exact" : NULL;
        char where[96];
        const cJSON *mt = report_read_object_at(r, l, at, "metrics", where, sizeof(where));
        const int reps = L->replications;
        load_metric(r, mt, where, "bp", false, reps, &(struct want){exact, true, "bp"},
                    &L->metric[REPORT_BP]);
        load_metric(r, mt, where, "bbp", false, reps, &(struct want){exact, true, "bbp"},
                    &L->metric[REPORT_BBP]);
        bool traced = false;
        if (!declared_in_order(r, mt, where, &traced))
                return;
        int n = doc->n_declared + traced;
        L->declared = report_read_alloc(r, n, sizeof(*L->declared));
        for (int k = 0; L->declared && k < doc->n_declared; k++) {
                const struct report_declared *d = &doc->declared[k];
                char source[40];
                snprintf(source, sizeof(source), "metrics_declared[%d]", k);
                const struct want w = {exact ? exact : d->kind, d->primary, source};
                load_metric(r, mt, where, d->name, true, reps, &w, &L->declared[k]);
        }
        if (L->declared && traced)
                load_metric(r, mt, where, "trace_hash", true, reps,
                            &(struct want){"exact", true, "trace_hash"},
                            &L->declared[doc->n_declared]);
        L->n_declared = L->declared ? n : 0;
}

static double tolerance(struct report_reader *r, const cJSON *x, const char *at, const char *key)
{
        double v = report_read_number(r, x, at, key);
        if (r->j.rc == RG_OK && !(isfinite(v) && v >= 0))
                rg_json_read_fail(&r->j, RG_PARSE, at, key, "must be a number >= 0");
        return v;
}

/* metrics_declared[i] (at: "metrics_declared[i]."). */
static void declaration(struct report_reader *r, const cJSON *x, const char *at, int i,
                        struct report_declared *d)
{
        const struct report_doc *doc = r->doc;
        d->name = report_read_string(r, x, at, "name");
        size_t len = strlen(d->name);
        if (r->j.rc == RG_OK &&
            (len < 1 || len >= REPORT_NAME_MAX ||
             strspn(d->name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") !=
                 len))
                rg_json_read_fail(&r->j, RG_PARSE, at, "name",
                                  "'%.60s' is not a metric name (1 to %d letters, digits, '_', "
                                  "'-' or '.')",
                                  d->name, REPORT_NAME_MAX - 1);
        if (r->j.rc == RG_OK && is_reserved(d->name))
                rg_json_read_fail(&r->j, RG_PARSE, at, "name",
                                  "'%s' is predeclared (bp, bbp and trace_hash are rollgate's own "
                                  "metrics)",
                                  d->name);
        for (int k = 0; k < i && r->j.rc == RG_OK; k++)
                if (strcmp(doc->declared[k].name, d->name) == 0)
                        rg_json_read_fail(&r->j, RG_PARSE, at, "name",
                                          "'%s' is declared twice (metrics_declared[%d] too)",
                                          d->name, k);
        d->kind = report_read_string(r, x, at, "kind");
        if (r->j.rc == RG_OK && !known_kind(d->kind))
                rg_json_read_fail(&r->j, RG_PARSE, at, "kind",
                                  "unknown kind '%.40s' (equivalence, exact or performance)",
                                  d->kind);
        d->primary = report_read_bool(r, x, at, "primary");
        for (size_t k = 0; k < N_OF(kind_keys) && r->j.rc == RG_OK; k++)
                if (strcmp(d->kind, kind_keys[k].kind) != 0 &&
                    rg_json_member(&r->j, x, at, kind_keys[k].key, true))
                        rg_json_read_fail(&r->j, RG_PARSE, at, kind_keys[k].key,
                                          "is for kind %s, not %s", kind_keys[k].kind, d->kind);
        d->unit = "";
        if (strcmp(d->kind, "equivalence") == 0) {
                d->unit = report_read_string(r, x, at, "unit");
                d->deviation = report_read_deviation(r, x, at);
                d->direction = report_read_direction(r, x, at);
                report_read_pair(r, x, at, "thresholds", &d->t1, &d->t2);
                if (r->j.rc == RG_OK && !(d->t1 > 0 && d->t1 < d->t2 && isfinite(d->t2)))
                        rg_json_read_fail(&r->j, RG_PARSE, at, "thresholds",
                                          "[%g, %g] is not T1, T2 with 0 < T1 < T2", d->t1, d->t2);
        } else if (strcmp(d->kind, "exact") == 0) {
                d->abs_tol = tolerance(r, x, at, "abs_tol");
                d->rel_tol = tolerance(r, x, at, "rel_tol");
        } else {
                d->factor = tolerance(r, x, at, "factor");
        }
}

/* "exact": the top-level block of an --exact comparison (exact.first is
 * checked against the loads once they are read). */
static void exact_block(struct report_reader *r, const cJSON *o)
{
        struct report_exact *e = &r->doc->exact;
        if (rg_json_member(&r->j, o, "", "exact", true) == NULL)
                return;
        const cJSON *x = report_read_object(r, o, "", "exact");
        e->on = true;
        e->differs = report_read_bool(r, x, "exact.", "differs");
        const cJSON *f = rg_json_member(&r->j, x, "exact.", "first", false);
        if (f == NULL)
                return;
        if (!e->differs) {
                if (!cJSON_IsNull(f))
                        rg_json_read_fail(&r->j, RG_PARSE, "exact.", "first",
                                          "must be null: differs is false");
                return;
        }
        if (cJSON_IsNull(f)) {
                rg_json_read_fail(&r->j, RG_PARSE, "exact.", "first",
                                  "must be an object: differs is true");
                return;
        }
        const char *at = "exact.first.";
        f = report_read_object(r, x, "exact.", "first");
        e->erlang = report_read_number(r, f, at, "erlang");
        e->seed = report_read_whole(r, f, at, "seed", 0, 4294967295.0);
        e->replication = (int)report_read_whole(r, f, at, "replication", 0, 1e6);
        e->metric = report_read_string(r, f, at, "metric");
        e->value[REPORT_LEGACY] = report_read_string(r, f, at, "legacy");
        e->value[REPORT_ORCHESTRATOR] = report_read_string(r, f, at, "orchestrator");
}

void report_read_declared(struct report_reader *r, const cJSON *o)
{
        struct report_doc *doc = r->doc;
        if (rg_json_member(&r->j, o, "", "metrics_declared", true)) {
                int n = 0;
                const cJSON *a = report_read_array(r, o, "", "metrics_declared", -1, &n);
                if (a && (n < 1 || n > REPORT_MAX_DECLARED))
                        rg_json_read_fail(&r->j, RG_PARSE, "", "metrics_declared",
                                          "must have 1 to %d metrics, not %d", REPORT_MAX_DECLARED,
                                          n);
                doc->declared = report_read_alloc(r, n, sizeof(*doc->declared));
                int i = 0;
                for (const cJSON *x = a && doc->declared ? a->child : NULL; x && r->j.rc == RG_OK;
                     x = x->next, i++) {
                        char at[40];
                        snprintf(at, sizeof(at), "metrics_declared[%d].", i);
                        if (!cJSON_IsObject(x)) {
                                rg_json_read_fail(&r->j, RG_PARSE, at, NULL, "must be an object");
                                break;
                        }
                        declaration(r, x, at, i, &doc->declared[i]);
                }
                doc->n_declared = r->j.rc == RG_OK ? n : 0;
        }
        exact_block(r, o);
}

/* The metric `name` of a load, NULL when it has none of that name. */
static const struct report_metric *metric_named(const struct report_load *L, const char *name)
{
        for (int k = 0; k < REPORT_METRICS; k++)
                if (strcmp(L->metric[k].name, name) == 0)
                        return &L->metric[k];
        for (int k = 0; k < L->n_declared; k++)
                if (strcmp(L->declared[k].name, name) == 0)
                        return &L->declared[k];
        return NULL;
}

void report_read_exact_check(struct report_reader *r)
{
        const struct report_doc *doc = r->doc;
        const struct report_exact *e = &doc->exact;
        if (!e->on || r->j.rc != RG_OK)
                return;
        const char *at = "exact.first.";
        const struct report_load *L = NULL;
        for (int li = 0; li < doc->n_loads && L == NULL; li++)
                if (doc->loads[li].erlang == e->erlang)
                        L = &doc->loads[li];
        /* whether any metric of any load differed: the block says so */
        bool any = false;
        for (int li = 0; li < doc->n_loads; li++) {
                const struct report_load *x = &doc->loads[li];
                for (int k = 0; k < REPORT_METRICS; k++)
                        any |= x->metric[k].n_differ > 0;
                for (int k = 0; k < x->n_declared; k++)
                        any |= x->declared[k].n_differ > 0;
        }
        if (any != e->differs) {
                rg_json_read_fail(&r->j, RG_PARSE, "exact.", "differs",
                                  e->differs ? "true, but no load's metric differs"
                                             : "false, but a load's metric differs");
                return;
        }
        if (!e->differs)
                return;
        if (L == NULL) {
                rg_json_read_fail(&r->j, RG_PARSE, at, "erlang", "%g is not a load of the report",
                                  e->erlang);
                return;
        }
        const struct report_metric *m = metric_named(L, e->metric);
        if (m == NULL || m->n_differ == 0)
                rg_json_read_fail(&r->j, RG_PARSE, at, "metric",
                                  m ? "'%.60s' does not differ at erlang %g"
                                    : "'%.60s' is not a metric of the load at erlang %g",
                                  e->metric, L->erlang);
        else if (e->replication != m->first_differ)
                rg_json_read_fail(&r->j, RG_PARSE, at, "replication",
                                  "%d, but %s first differs at erlang %g in replication %d",
                                  e->replication, e->metric, L->erlang, m->first_differ);
}

static bool is_hash(const char *s)
{
        return strlen(s) == 16 && strspn(s, "0123456789abcdef") == 16;
}

/* The i-th value of a run (where: "runs[0].legacy.metrics."). */
static void run_value(struct report_reader *r, const cJSON *it, const char *where,
                      struct report_run *x, int i)
{
        const char *name = it->string ? it->string : "";
        struct report_value *v = &x->values[i];
        size_t len = strlen(name);
        if (len < 1 || len >= REPORT_NAME_MAX) {
                rg_json_read_fail(&r->j, RG_PARSE, where, name, "a value's name is 1 to %d bytes",
                                  REPORT_NAME_MAX - 1);
                return;
        }
        for (int k = 0; k < i; k++)
                if (strcmp(x->values[k].name, name) == 0) {
                        rg_json_read_fail(&r->j, RG_PARSE, where, name, "given twice");
                        return;
                }
        v->name = report_read_copy(r, name);
        if (cJSON_IsNumber(it)) {
                if (!isfinite(it->valuedouble))
                        rg_json_read_fail(&r->j, RG_PARSE, where, name, "must be a finite number");
                v->type = report_read_copy(r, "number");
                v->number = it->valuedouble;
                v->hash = v->text = "";
                return;
        }
        if (!cJSON_IsObject(it)) {
                rg_json_read_fail(&r->j, RG_PARSE, where, name,
                                  "must be a number or an object, not %s", rg_json_type_name(it));
                return;
        }
        char at[192];
        snprintf(at, sizeof(at), "%s%s.", where, name);
        v->type = report_read_string(r, it, at, "type");
        if (r->j.rc == RG_OK && strcmp(v->type, "string") != 0 && strcmp(v->type, "list") != 0)
                rg_json_read_fail(&r->j, RG_PARSE, at, "type",
                                  "must be \"string\" or \"list\", not '%.40s'", v->type);
        v->count = report_read_whole(r, it, at, "count", 0, 4294967295.0);
        v->hash = report_read_string(r, it, at, "hash");
        if (r->j.rc == RG_OK && !is_hash(v->hash))
                rg_json_read_fail(&r->j, RG_PARSE, at, "hash",
                                  "must be 16 lowercase hex digits, not '%.40s'", v->hash);
        v->text = report_read_string(r, it, at, "text");
        v->cut = report_read_bool(r, it, at, "cut");
}

void report_read_run_values(struct report_reader *r, const cJSON *v, const char *at,
                            struct report_run *x)
{
        if (rg_json_member(&r->j, v, at, "metrics", true) == NULL)
                return;
        char where[128];
        const cJSON *mt = report_read_object_at(r, v, at, "metrics", where, sizeof(where));
        int n = mt ? cJSON_GetArraySize(mt) : 0;
        if (mt && (n < 1 || n > REPORT_MAX_VALUES))
                rg_json_read_fail(&r->j, RG_PARSE, at, "metrics",
                                  "must have 1 to %d values, not %d", REPORT_MAX_VALUES, n);
        x->values = report_read_alloc(r, n, sizeof(*x->values));
        int i = 0;
        for (const cJSON *it = mt && x->values ? mt->child : NULL; it && r->j.rc == RG_OK;
             it = it->next, i++)
                run_value(r, it, where, x, i);
        x->n_values = r->j.rc == RG_OK ? n : 0;
}
