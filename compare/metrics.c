/*
 * Declared metrics and the characterisation mode (--exact): the metrics of
 * a load beside BP and BBP, judged on the values the run files report
 * (backends/result.h), by kind:
 *
 *   equivalence  the paired deviation through the same decision rule as BP
 *                (stats_decide_metric under the metric's own policy; its
 *                rollback claims join BP's in the Holm correction)
 *   exact        equality on every replication (the tolerance rule below)
 *   performance  the one-sided ratio test of the run-time check
 *                (stats_perf_compare at 1 + factor) -> MONITOR
 *
 * With --exact every metric, BP and BBP included, is judged by equality,
 * and the trace hashes too where both paths report them.  A value missing
 * on either side is never a PASS: for equality it is a difference, for the
 * statistical kinds the metric cannot be judged (INCONCLUSIVE).
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/number.h"
#include "../stats/evidence.h"
#include "analyse.h"

static const char *const role_label[2] = {"legacy", "orchestrator"};

const char *compare_kind_name(enum compare_kind k)
{
        switch (k) {
        case COMPARE_KIND_EQUIVALENCE:
                return "equivalence";
        case COMPARE_KIND_EXACT:
                return "exact";
        case COMPARE_KIND_PERFORMANCE:
                return "performance";
        }
        return "?";
}

bool compare_kind_from_name(const char *name, enum compare_kind *out)
{
        for (int k = COMPARE_KIND_EQUIVALENCE; k <= COMPARE_KIND_PERFORMANCE; k++)
                if (strcmp(name, compare_kind_name(k)) == 0) {
                        *out = k;
                        return true;
                }
        return false;
}

static bool every_run_traced(const struct compare_result *r, int li)
{
        for (int rep = 0; rep < r->load[li].n; rep++)
                for (int role = 0; role < 2; role++)
                        if (!backend_has(&compare_pair_at(r, li, rep)->run[role],
                                         BACKEND_HAS_TRACE))
                                return false;
        return r->load[li].n > 0;
}

void compare_metrics_setup(const struct compare_result *r, int li)
{
        const struct compare_config *cfg = r->cfg;
        struct compare_load *L = &r->load[li];
        const char *pp = cfg->policy.deviation == STATS_DEV_RELATIVE ? "%" : "pp";
        static const char *const builtin_name[COMPARE_METRICS] = {"BP", "BBP"};
        int k = 0;
        for (; k < COMPARE_METRICS; k++)
                L->metric[k] = (struct compare_metric){
                    .name = builtin_name[k],
                    .kind = cfg->exact ? COMPARE_KIND_EXACT : COMPARE_KIND_EQUIVALENCE,
                    .primary = true,
                    .pol = cfg->policy,
                    .unit = pp,
                    .first_differ = -1};
        for (int j = 0; j < cfg->n_declared; j++, k++) {
                const struct compare_metric_decl *d = &cfg->declared[j];
                L->metric[k] = (struct compare_metric){
                    .name = d->name,
                    .kind = cfg->exact ? COMPARE_KIND_EXACT : d->kind,
                    .primary = d->primary,
                    .pol = d->pol,
                    .unit = d->pol.deviation == STATS_DEV_RELATIVE ? "%" : d->unit,
                    .first_differ = -1};
        }
        if (cfg->exact && every_run_traced(r, li))
                L->metric[k++] = (struct compare_metric){.name = "trace_hash",
                                                         .kind = COMPARE_KIND_EXACT,
                                                         .primary = true,
                                                         .pol = cfg->policy,
                                                         .unit = "",
                                                         .first_differ = -1};
        L->n_metrics = k;
}

/* The declaration behind metric k, NULL for BP, BBP and trace_hash. */
static const struct compare_metric_decl *decl_of(const struct compare_result *r, int k)
{
        int j = k - COMPARE_METRICS;
        return j >= 0 && j < r->cfg->n_declared ? &r->cfg->declared[j] : NULL;
}

/* Metric k's value in one run as a backend_value (BP, BBP in percent and
 * trace_hash made into one); false when the run does not report it. */
static bool value_of(const struct compare_result *r, const struct backend_result *run, int k,
                     struct backend_value *out)
{
        memset(out, 0, sizeof(*out));
        if (k == COMPARE_BP || k == COMPARE_BBP) {
                if (k == COMPARE_BBP && !backend_has(run, BACKEND_HAS_BBP))
                        return false;
                out->type = BACKEND_VALUE_NUMBER;
                out->number = compare_metric_value(run, k);
                if (k == COMPARE_BP)
                        snprintf(out->text, sizeof(out->text), "%" PRIu32 " of %" PRIu32 " blocked",
                                 run->blocked, run->requests);
                else
                        rg_double_text(out->text, sizeof(out->text), out->number);
                return true;
        }
        const struct compare_metric_decl *d = decl_of(r, k);
        if (d == NULL) { /* trace_hash */
                if (!backend_has(run, BACKEND_HAS_TRACE))
                        return false;
                out->type = BACKEND_VALUE_STRING;
                out->count = 16;
                out->hash = run->trace_hash;
                snprintf(out->text, sizeof(out->text), "%016" PRIx64, run->trace_hash);
                return true;
        }
        const struct backend_value *v = backend_result_value(run, d->name);
        if (v == NULL)
                return false;
        *out = *v;
        if (v->type == BACKEND_VALUE_NUMBER)
                rg_double_text(out->text, sizeof(out->text), v->number);
        return true;
}

/* How a value reads in a reason: numbers as they are, strings quoted. */
static void show(const struct backend_value *v, bool present, char *out, size_t cap)
{
        if (!present)
                snprintf(out, cap, "missing");
        else if (v->type == BACKEND_VALUE_STRING)
                snprintf(out, cap, "\"%s\"", v->text);
        else
                snprintf(out, cap, "%s", v->text);
}

/*
 * The tolerance rule of the equality check (the one townlet's golden tests
 * use): numbers a (legacy) and b differ when |b - a| > abs_tol and
 * |b - a| / max(|a|, 1) > rel_tol -- within either tolerance they are equal;
 * with both 0, only equal numbers are.  Strings and lists: the same type,
 * length and content.
 */
bool compare_values_differ(const struct backend_value *a, const struct backend_value *b,
                           double abs_tol, double rel_tol)
{
        if (a->type != b->type)
                return true;
        if (a->type != BACKEND_VALUE_NUMBER)
                return !backend_value_equal(a, b);
        if (a->number == b->number)
                return false;
        double d = fabs(b->number - a->number);
        if (!isfinite(d))
                return true;
        return d > abs_tol && d / fmax(fabs(a->number), 1.0) > rel_tol;
}

static void set_reason(struct compare_metric *cm, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void set_reason(struct compare_metric *cm, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(cm->dec.reason, sizeof(cm->dec.reason), fmt, ap);
        va_end(ap);
}

static void undecided(struct compare_metric *cm, enum stats_basis basis, bool never)
{
        cm->in.basis = basis;
        cm->never = never;
        cm->dec = (struct stats_metric_decision){
            .verdict = STATS_INCONCLUSIVE, .p_claim = 1, .p_holm = 1};
}

/* The mean deviation of numeric values (orchestrator - legacy, in the
 * metric's unit, or % of legacy's mean); NAN when not all are numbers. */
static double mean_deviation(const struct compare_result *r, int li, int k,
                             const struct stats_policy *pol)
{
        const int n = r->load[li].n;
        double sum[2] = {0, 0};
        for (int rep = 0; rep < n; rep++)
                for (int role = 0; role < 2; role++) {
                        struct backend_value v;
                        if (!value_of(r, &compare_pair_at(r, li, rep)->run[role], k, &v) ||
                            v.type != BACKEND_VALUE_NUMBER)
                                return NAN;
                        sum[role] += v.number / n;
                }
        if (pol->deviation == STATS_DEV_RELATIVE)
                return sum[0] > 0 ? 100 * (sum[1] - sum[0]) / sum[0] : NAN;
        return sum[1] - sum[0];
}

/* Kind exact: equality on every replication. */
static void judge_equality(struct compare_result *r, int li, int k)
{
        struct compare_load *L = &r->load[li];
        struct compare_metric *cm = &L->metric[k];
        const struct compare_metric_decl *d = decl_of(r, k);
        const bool tolerant = d && d->kind == COMPARE_KIND_EXACT;
        const double abs_tol = tolerant ? d->abs_tol : 0, rel_tol = tolerant ? d->rel_tol : 0;
        int compared = 0;
        cm->in = (struct stats_metric_input){
            .metric = cm->name, .basis = STATS_BASIS_EQUALITY, .n = L->n};
        for (int rep = 0; rep < L->n; rep++) {
                const struct compare_pair *pr = compare_pair_at(r, li, rep);
                struct backend_value v[2];
                bool has[2];
                for (int role = 0; role < 2; role++)
                        has[role] = value_of(r, &pr->run[role], k, &v[role]);
                if (!has[0] && !has[1])
                        continue; /* neither path reports it here: nothing to compare */
                compared++;
                if (has[0] && has[1] && !compare_values_differ(&v[0], &v[1], abs_tol, rel_tol))
                        continue;
                if (cm->n_differ++ == 0) {
                        cm->first_differ = rep;
                        for (int role = 0; role < 2; role++)
                                show(&v[role], has[role], cm->first_value[role],
                                     sizeof(cm->first_value[role]));
                }
        }
        if (compared == 0) {
                undecided(cm, STATS_BASIS_UNAVAILABLE, true);
                set_reason(cm, "%s: reported by neither path, so it cannot be compared", cm->name);
                return;
        }
        cm->dec = (struct stats_metric_decision){.verdict = STATS_PASS, .p_claim = 1, .p_holm = 1};
        char tol[96] = "";
        if (abs_tol > 0 || rel_tol > 0)
                snprintf(tol, sizeof(tol), " (within abs_tol %g or rel_tol %g)", abs_tol, rel_tol);
        char of[64] = "";
        if (compared < L->n)
                snprintf(of, sizeof(of), " of the %d reporting it", compared);
        if (cm->n_differ == 0) {
                set_reason(cm, "%s: equal on every replication%s%s", cm->name, of, tol);
                return;
        }
        /* a difference is a rollback; its magnitude makes it an emergency
         * where the metric has an emergency threshold (BP, BBP, an
         * equivalence declaration) */
        cm->dec.verdict = STATS_PLANNED_ROLLBACK;
        const bool has_t2 = k < COMPARE_METRICS || (d && d->kind == COMPARE_KIND_EQUIVALENCE);
        char size[128] = "";
        if (has_t2) {
                double dev = mean_deviation(r, li, k, &cm->pol);
                double sz = cm->pol.direction == STATS_DIR_INCREASE ? dev : fabs(dev);
                if (isfinite(dev)) {
                        cm->in.mean = dev;
                        snprintf(size, sizeof(size), "; mean deviation %+.4g %s", dev, cm->unit);
                        if (sz >= cm->pol.t2) {
                                cm->dec.verdict = STATS_EMERGENCY_ROLLBACK;
                                snprintf(size, sizeof(size),
                                         "; mean deviation %+.4g %s reaches the emergency "
                                         "threshold %g %s",
                                         dev, cm->unit, cm->pol.t2, cm->unit);
                        }
                }
        }
        set_reason(
            cm,
            "%s: differs on %d of %d replications%s%s; first at replication %d (seed %" PRIu32
            "): legacy %s, orchestrator %s%s",
            cm->name, cm->n_differ, compared, of, tol, cm->first_differ + 1,
            compare_pair_at(r, li, cm->first_differ)->seed[0], cm->first_value[0],
            cm->first_value[1], size);
}

/* The numeric series of a declared metric, or why there is none (a reason
 * into cm, INCONCLUSIVE). */
static bool series(struct compare_result *r, int li, int k, double *v[2])
{
        struct compare_load *L = &r->load[li];
        struct compare_metric *cm = &L->metric[k];
        for (int rep = 0; rep < L->n; rep++) {
                const struct compare_pair *pr = compare_pair_at(r, li, rep);
                for (int role = 0; role < 2; role++) {
                        const struct backend_value *x =
                            backend_result_value(&pr->run[role], cm->name);
                        if (x == NULL) {
                                undecided(cm, STATS_BASIS_UNAVAILABLE, true);
                                set_reason(cm,
                                           "%s: not reported by the %s path (replication %d), so "
                                           "it cannot be judged",
                                           cm->name, role_label[role], rep + 1);
                                return false;
                        }
                        if (x->type != BACKEND_VALUE_NUMBER) {
                                undecided(cm, STATS_BASIS_UNAVAILABLE, true);
                                set_reason(cm,
                                           "%s: the %s path reports a %s, not a number "
                                           "(replication %d): kind %s needs numbers",
                                           cm->name, role_label[role],
                                           x->type == BACKEND_VALUE_STRING ? "string" : "list",
                                           rep + 1, compare_kind_name(cm->kind));
                                return false;
                        }
                        if (!isfinite(x->number)) {
                                undecided(cm, STATS_BASIS_UNAVAILABLE, true);
                                set_reason(cm,
                                           "%s: the %s path reports %g, not a finite number "
                                           "(replication %d)",
                                           cm->name, role_label[role], x->number, rep + 1);
                                return false;
                        }
                        v[role][rep] = x->number;
                }
        }
        if (L->n < 2) {
                undecided(cm,
                          cm->kind == COMPARE_KIND_PERFORMANCE ? STATS_BASIS_RATIO
                                                               : STATS_BASIS_UNAVAILABLE,
                          false);
                set_reason(cm, "%s: one replication gives no interval (at least 2)", cm->name);
                return false;
        }
        return true;
}

/* The paired summaries of a metric's series (legacy, orchestrator, their
 * difference, Fieller's ratio) that the reports show; false when there are
 * none. */
static bool paired_figures(struct compare_metric *cm, double *v[2], int n)
{
        cm->available = true;
        cm->have_paired = stats_paired(v[0], v[1], n, cm->pol.confidence, &cm->paired) == RG_OK;
        if (stats_ratio_fieller(v[1], v[0], n, cm->pol.confidence, &cm->ratio) != RG_OK)
                cm->ratio = (struct stats_ratio){.estimate = NAN, .lo = NAN, .hi = NAN};
        return cm->have_paired;
}

/* Kind equivalence: the paired deviation by BP's decision rule. */
static int judge_equivalence(struct compare_result *r, int li, int k, double *v[2])
{
        struct compare_load *L = &r->load[li];
        struct compare_metric *cm = &L->metric[k];
        const struct stats_policy *pol = &cm->pol;
        const int n = L->n;
        struct stats_metric_input *in = &cm->in;
        *in = (struct stats_metric_input){.metric = cm->name,
                                          .basis = STATS_BASIS_PAIRED,
                                          .unit = cm->unit,
                                          .n = n,
                                          .can_claim = n >= STATS_MIN_CLAIM_REPLICATIONS,
                                          .alpha = L->alpha};
        if (!paired_figures(cm, v, n))
                return RG_RANGE;
        /* the mean of the sum, so that equal deviations give exactly theirs */
        double mean = 0, ss = 0;
        for (int rep = 0; rep < n; rep++)
                mean += v[1][rep] - v[0][rep];
        mean /= n;
        for (int rep = 0; rep < n; rep++) {
                double x = v[1][rep] - v[0][rep] - mean;
                ss += x * x;
        }
        double sd = sqrt(ss / (n - 1));
        if (pol->deviation == STATS_DEV_RELATIVE) {
                if (!(cm->paired.legacy.mean > 0) ||
                    compare_relative_input(v[0], v[1], n, 0, &cm->paired, pol, in) != RG_OK) {
                        undecided(cm, STATS_BASIS_UNAVAILABLE, false);
                        set_reason(cm,
                                   "%s: legacy's mean %g gives no finite relative interval "
                                   "(relative deviation needs a mean well above 0)",
                                   cm->name, cm->paired.legacy.mean);
                        return RG_OK;
                }
                in->sd = 100 * sd / cm->paired.legacy.mean;
        } else {
                struct stats_evidence e;
                int rc = stats_evidence_t(mean, sd / sqrt(n), n - 1, pol->t1, L->alpha,
                                          pol->direction == STATS_DIR_INCREASE, &e);
                if (rc != RG_OK)
                        return rc;
                in->mean = mean;
                in->sd = sd;
                in->lo = e.lo;
                in->hi = e.hi;
                in->p_inside = e.p_inside;
                in->p_beyond = e.p_beyond;
        }
        stats_decide_metric(pol, in, &cm->dec);
        int rc = cm->dec.tested ? compare_metric_seq_p(r, n, cm) : RG_OK;
        /* a secondary metric claims nothing, so Holm leaves it alone: its
         * p-value stands as it is */
        if (!cm->primary)
                cm->dec.p_holm = cm->dec.p_claim;
        return rc;
}

/* Kind performance: significantly above 1 + factor times legacy. */
static void judge_performance(struct compare_result *r, int li, int k, double *v[2])
{
        struct compare_load *L = &r->load[li];
        struct compare_metric *cm = &L->metric[k];
        const double f = cm->pol.perf_threshold;
        cm->in =
            (struct stats_metric_input){.metric = cm->name, .basis = STATS_BASIS_RATIO, .n = L->n};
        paired_figures(cm, v, L->n); /* reported as for equivalence */
        /* the run-to-run component is what rollgate knows of its own run
         * times; a declared metric's variation shows in its pairs only */
        struct stats_policy pol = cm->pol;
        pol.perf_between_sd = 0;
        cm->perf_ok = stats_perf_compare(&pol, v[0], v[1], L->n, &cm->perf) == RG_OK;
        cm->dec = (struct stats_metric_decision){.verdict = STATS_PASS, .p_claim = 1, .p_holm = 1};
        char pct[16];
        stats_percent(stats_decision_level(&cm->pol), pct, sizeof(pct));
        if (!cm->perf_ok) {
                undecided(cm, STATS_BASIS_RATIO, true);
                set_reason(cm, "%s: a ratio needs values above 0 on both paths", cm->name);
                return;
        }
        if (cm->perf.slower) {
                cm->dec.verdict = STATS_MONITOR;
                set_reason(cm,
                           "%s: orchestrator / legacy %.4g, %s %% interval [%.4g, %.4g] wholly "
                           "above 1 + %g: significantly worse",
                           cm->name, cm->perf.ratio, pct, cm->perf.lo, cm->perf.hi, f);
                return;
        }
        set_reason(cm,
                   "%s: orchestrator / legacy %.4g, %s %% interval [%.4g, %.4g]: not "
                   "significantly above 1 + %g",
                   cm->name, cm->perf.ratio, pct, cm->perf.lo, cm->perf.hi, f);
}

int compare_metric_seq_p(const struct compare_result *r, int n, struct compare_metric *cm)
{
        if (!r->cfg->seq.on)
                return RG_OK;
        double t[COMPARE_MAX_LOOKS];
        int looks = compare_look_fractions(r, n, t);
        double p = stats_seq_p(r->cfg->seq.spending, t, looks, cm->dec.p_claim);
        if (!(p >= 0 && p <= 1))
                return RG_RANGE;
        cm->dec.p_claim = p;
        return RG_OK;
}

int compare_metric_judge(struct compare_result *r, int li, int k)
{
        struct compare_metric *cm = &r->load[li].metric[k];
        if (cm->kind == COMPARE_KIND_EXACT) {
                judge_equality(r, li, k);
                return RG_OK;
        }
        const int n = r->load[li].n;
        double *v[2];
        v[0] = malloc((size_t)(n > 0 ? n : 1) * sizeof(double));
        v[1] = malloc((size_t)(n > 0 ? n : 1) * sizeof(double));
        int rc = RG_OK;
        if (v[0] == NULL || v[1] == NULL)
                rc = RG_NOMEM;
        else if (series(r, li, k, v)) {
                if (cm->kind == COMPARE_KIND_EQUIVALENCE)
                        rc = judge_equivalence(r, li, k, v);
                else
                        judge_performance(r, li, k, v);
        }
        free(v[0]);
        free(v[1]);
        return rc;
}

bool compare_values_identical(const struct compare_result *r, int li)
{
        for (int rep = 0; rep < r->load[li].n; rep++) {
                const struct compare_pair *pr = compare_pair_at(r, li, rep);
                for (int j = 0; j < r->cfg->n_declared; j++) {
                        const char *name = r->cfg->declared[j].name;
                        const struct backend_value *a = backend_result_value(&pr->run[0], name);
                        const struct backend_value *b = backend_result_value(&pr->run[1], name);
                        if ((a == NULL) != (b == NULL) || (a && !backend_value_equal(a, b)))
                                return false;
                }
        }
        return true;
}

void compare_first_difference(struct compare_result *r)
{
        struct compare_difference *d = &r->difference;
        *d = (struct compare_difference){.load = -1, .rep = -1};
        if (!r->cfg->exact)
                return;
        for (int li = 0; li < r->n_loads && !d->present; li++) {
                const struct compare_load *L = &r->load[li];
                const struct compare_metric *first = NULL;
                for (int k = 0; k < L->n_metrics; k++) {
                        const struct compare_metric *cm = &L->metric[k];
                        if (cm->n_differ > 0 &&
                            (first == NULL || cm->first_differ < first->first_differ))
                                first = cm;
                }
                if (first == NULL)
                        continue;
                d->present = true;
                d->load = li;
                d->rep = first->first_differ;
                d->seed = compare_pair_at(r, li, d->rep)->seed[0];
                d->metric = first->name;
                for (int role = 0; role < 2; role++)
                        snprintf(d->value[role], sizeof(d->value[role]), "%s",
                                 first->first_value[role]);
        }
}
