/*
 * From per-run results to verdicts: per load, the failures that decide it,
 * then every metric (BP and BBP in blocking.c, the declared ones in
 * metrics.c) and the secondary checks (secondary.c); the Holm correction
 * over every test, the pooled performance check, and the overall verdict
 * with its reason and action.
 * Runs of any backend look the same here; a figure a path did not report
 * makes its check "not available", never a pass.
 */
#include <math.h>
#include <omp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "analyse.h"
#include "run_dir.h"

double compare_metric_value(const struct backend_result *res, int metric)
{
        return 100.0 * (metric == COMPARE_BP ? backend_result_bp(res) : backend_result_bbp(res));
}

bool compare_load_has(const struct compare_result *r, int li, unsigned fields, int *missing)
{
        for (int role = 0; role < 2; role++)
                for (int rep = 0; rep < r->load[li].n; rep++)
                        if (!backend_has(&compare_pair_at(r, li, rep)->run[role], fields)) {
                                if (missing)
                                        *missing = role;
                                return false;
                        }
        return true;
}

static void describe_failure(char *out, size_t cap, const char *role, double erlang,
                             const struct compare_pair *pr, int idx)
{
        const struct backend_result *run = &pr->run[idx];
        if (backend_has(run, BACKEND_HAS_FAIL_REQUEST) && run->fail_request)
                snprintf(out, cap, "%s failed at erlang %g, seed %u, request %u: %.700s", role,
                         erlang, pr->seed[idx], run->fail_request, run->error);
        else
                snprintf(out, cap, "%s failed at erlang %g, seed %u: %.700s", role, erlang,
                         pr->seed[idx], run->error);
}

/* Bit-identical runs: equal decisions (trace hashes, which both paths must
 * report) and equal reported blocking, on the same seed. */
static bool runs_identical(const struct compare_pair *pr)
{
        const struct backend_result *a = &pr->run[0], *b = &pr->run[1];
        if (a->status != RG_OK || b->status != RG_OK || pr->seed[0] != pr->seed[1] ||
            !backend_has(a, BACKEND_HAS_TRACE) || !backend_has(b, BACKEND_HAS_TRACE))
                return false;
        bool bbp_a = backend_has(a, BACKEND_HAS_BBP), bbp_b = backend_has(b, BACKEND_HAS_BBP);
        return a->trace_hash == b->trace_hash && a->blocked == b->blocked &&
               a->requests == b->requests && bbp_a == bbp_b && (!bbp_a || a->bbp == b->bbp);
}

static void fail_metrics(struct compare_load *L, int n)
{
        for (int k = 0; k < L->n_metrics; k++) {
                struct compare_metric *cm = &L->metric[k];
                cm->in = (struct stats_metric_input){
                    .metric = cm->name, .basis = STATS_BASIS_FAILED, .n = n};
                cm->dec = (struct stats_metric_decision){
                    .verdict = L->verdict, .p_claim = 1, .p_holm = 1};
                snprintf(cm->dec.reason, sizeof(cm->dec.reason), "%.300s", L->reason);
        }
}

static int analyse_load(struct compare_result *r, int li)
{
        struct compare_load *L = &r->load[li];
        const struct stats_policy *pol = &r->cfg->policy;
        const int n = L->n;
        /* a sequential comparison analyses a load again at every look */
        *L = (struct compare_load){.n = n, .alpha = L->alpha};
        compare_metrics_setup(r, li);
        L->erlang = r->loads[li];
        L->identical = true;
        const struct compare_pair *first_fail[2] = {NULL, NULL}, *harness = NULL,
                                  *orch_alone = NULL;
        for (int rep = 0; rep < n; rep++) {
                const struct compare_pair *pr = compare_pair_at(r, li, rep);
                if (pr->harness_rc != RG_OK) {
                        harness = harness ? harness : pr;
                        L->identical = false;
                        continue;
                }
                for (int role = 0; role < 2; role++) {
                        const struct backend_result *res = &pr->run[role];
                        if (res->status != RG_OK) {
                                L->failed[role] = true;
                                first_fail[role] = first_fail[role] ? first_fail[role] : pr;
                        }
                        L->blocked[role] += res->blocked;
                        L->requests[role] += res->requests;
                }
                /* the orchestrator failed where legacy, on the same seed, did not */
                if (pr->run[1].status != RG_OK && pr->run[0].status == RG_OK && orch_alone == NULL)
                        orch_alone = pr;
                L->identical &= runs_identical(pr);
        }
        /* A failure decides the load.  The orchestrator failing where the
         * legacy path ran clean on the same seed is evidence of its own and
         * stands even if other runs of the load broke the harness. */
        if (orch_alone) {
                L->verdict = STATS_EMERGENCY_ROLLBACK;
                describe_failure(L->reason, sizeof(L->reason), "orchestrator", L->erlang,
                                 orch_alone, 1);
        } else if (harness) {
                L->verdict = STATS_HARNESS_ERROR;
                snprintf(L->reason, sizeof(L->reason),
                         "harness failed at erlang %g, seed %u: %.800s", L->erlang,
                         harness->seed[0], harness->harness_error);
        } else if (L->failed[0]) {
                L->verdict = STATS_HARNESS_ERROR;
                char what[900];
                describe_failure(what, sizeof(what), "the legacy-side path", L->erlang,
                                 first_fail[0], 0);
                snprintf(L->reason, sizeof(L->reason), "%s; no verdict on the orchestrator", what);
        }
        if (orch_alone || harness || L->failed[0] || L->failed[1]) {
                L->identical = false;
                fail_metrics(L, n);
                return RG_OK;
        }
        /* A load where the paths admitted (next to) nothing exercised no
         * decision that matters: equal blocking there proves nothing. */
        uint64_t admitted = (L->requests[0] - L->blocked[0]) + (L->requests[1] - L->blocked[1]);
        const bool exercised = (double)admitted >= pol->low_signal_blocked;
        if (exercised) {
                L->low_signal = (double)(L->blocked[0] + L->blocked[1]) < pol->low_signal_blocked;
                if (n < 2)
                        L->low_signal = false; /* one replication: exact bounds, named as such */
                int rc = compare_secondary_checks(r, li);
                if (rc != RG_OK)
                        return rc;
        } else {
                L->identical = false;
        }
        /* every metric by one rule: BP and BBP on the blocked counts
         * (unless --exact asks for equality), the others on the values the
         * runs reported (compare/metrics.c) */
        for (int k = 0; k < L->n_metrics; k++) {
                bool counts = k < COMPARE_METRICS &&
                              (L->metric[k].kind == COMPARE_KIND_EQUIVALENCE || !exercised);
                int rc = counts ? compare_blocking_metric(r, li, k, admitted)
                                : compare_metric_judge(r, li, k);
                if (rc != RG_OK)
                        return rc;
        }
        /* (BP and BBP of a load that exercised nothing have no statistics) */
        for (int k = exercised ? 0 : COMPARE_METRICS; k < L->n_metrics; k++) {
                struct compare_metric *cm = &L->metric[k];
                cm->rel_mean = cm->have_paired && cm->paired.legacy.mean > 0
                                   ? 100 * cm->paired.diff.mean / cm->paired.legacy.mean
                                   : NAN;
        }
        if (!exercised)
                return RG_OK;
        L->resolution_pp = NAN;
        if (L->metric[COMPARE_BP].have_paired) {
                const struct stats_paired *p = &L->metric[COMPARE_BP].paired;
                L->resolution_pp = stats_t_quantile(pol->confidence, n - 1) * p->diff.se;
                /* the console's "can only resolve" warning: the spread leaves
                 * a decision half-width above T1 / 2 */
                L->resolution_warning = L->resolution_pp > pol->t1 / 2 && !L->identical &&
                                        pol->deviation == STATS_DEV_ABSOLUTE;
        }
        return RG_OK;
}

/* A run's time as the performance check counts it: the backend's figure,
 * plus the shared request stream for a path that consumes it (generated
 * once, but each path would generate it on its own). */
static double run_time(const struct compare_result *r, const struct compare_pair *pr, int role)
{
        double t = pr->run[role].run_seconds;
        if (r->cfg->backend[role]->uses_stream)
                t += pr->gen_seconds[role];
        return t;
}

/* The performance check needs both paths timed by the same clock. */
static bool perf_comparable(struct compare_result *r)
{
        enum backend_clock c[2] = {BACKEND_CLOCK_NONE, BACKEND_CLOCK_NONE};
        bool seen = false, mixed = false;
        for (int j = 0; j < r->n_loads * r->n_reps; j++) {
                const struct compare_pair *pr = &r->pairs[j];
                if (!pr->ran || pr->harness_rc != RG_OK)
                        continue;
                for (int role = 0; role < 2; role++) {
                        if (pr->run[role].status != RG_OK)
                                continue;
                        if (!seen) {
                                c[0] = c[1] = pr->run[role].clock;
                                seen = true;
                        }
                        mixed |= pr->run[role].clock != c[0];
                }
        }
        if (!seen) {
                snprintf(r->perf_clock, sizeof(r->perf_clock), "none: no run finished");
                return false;
        }
        if (mixed) {
                snprintf(r->perf_clock, sizeof(r->perf_clock),
                         "none: the paths' run times are measured differently");
                return false;
        }
        if (c[0] == BACKEND_CLOCK_NONE) {
                snprintf(r->perf_clock, sizeof(r->perf_clock), "none: run times not known");
                return false;
        }
        snprintf(r->perf_clock, sizeof(r->perf_clock), "%s", compare_clock_name(c[0]));
        return true;
}

static void pooled_perf(struct compare_result *r)
{
        const int n = r->n_loads * r->n_reps;
        r->perf_ok = false;
        if (!perf_comparable(r))
                return;
        double *t[2];
        t[0] = malloc((size_t)n * sizeof(double));
        t[1] = malloc((size_t)n * sizeof(double));
        int m = 0;
        if (t[0] && t[1]) {
                for (int j = 0; j < n; j++) {
                        const struct compare_pair *pr = &r->pairs[j];
                        /* a run read back from the run directory counts with
                         * the time kept for it, so that a resumed comparison
                         * reaches the verdict an uninterrupted one would */
                        if (!pr->ran || pr->harness_rc != RG_OK || pr->run[0].status != RG_OK ||
                            pr->run[1].status != RG_OK)
                                continue;
                        for (int role = 0; role < 2; role++)
                                t[role][m] = run_time(r, pr, role);
                        m++;
                }
                r->perf_ok = stats_perf_compare(&r->cfg->policy, t[0], t[1], m, &r->perf) == RG_OK;
        }
        free(t[0]);
        free(t[1]);
}

static void finish_load(struct compare_result *r, int li)
{
        struct compare_load *L = &r->load[li];
        if (L->verdict == STATS_HARNESS_ERROR || L->verdict == STATS_EMERGENCY_ROLLBACK)
                return; /* decided by a failure */
        const struct compare_metric *worst = &L->metric[0];
        L->verdict = STATS_PASS;
        int secondary_flags = 0;
        for (int k = 0; k < L->n_metrics; k++) {
                const struct compare_metric *cm = &L->metric[k];
                if (!cm->primary) {
                        /* a secondary metric only flags */
                        if (cm->dec.verdict != STATS_PASS) {
                                compare_add_flag(&L->secondary,
                                                 "INVESTIGATE: secondary metric %.180s",
                                                 cm->dec.reason);
                                secondary_flags++;
                        }
                        continue;
                }
                if (cm->dec.verdict > L->verdict) {
                        L->verdict = cm->dec.verdict;
                        worst = cm;
                }
        }
        if (L->verdict == STATS_PASS && L->n_metrics > COMPARE_METRICS)
                snprintf(L->reason, sizeof(L->reason), "%.318s; %.318s; declared metrics: %s",
                         L->metric[0].dec.reason, L->metric[1].dec.reason,
                         secondary_flags ? "the primary ones pass (secondary ones flagged)"
                                         : "all pass");
        else if (L->verdict == STATS_PASS)
                snprintf(L->reason, sizeof(L->reason), "%.318s; %.318s", L->metric[0].dec.reason,
                         L->metric[1].dec.reason);
        else
                snprintf(L->reason, sizeof(L->reason), "%s", worst->dec.reason);
        /* performance is judged over all runs of all loads (one pooled
         * test: more data, fewer false alarms); the per-load ratios are
         * reported too */
        const int n = r->load[li].n;
        double *t[2];
        t[0] = malloc((size_t)n * sizeof(double));
        t[1] = malloc((size_t)n * sizeof(double));
        int m = 0;
        if (t[0] && t[1] && r->perf_clock[0] && strncmp(r->perf_clock, "none", 4) != 0) {
                for (int rep = 0; rep < n; rep++) {
                        const struct compare_pair *pr = compare_pair_at(r, li, rep);
                        for (int role = 0; role < 2; role++)
                                t[role][m] = run_time(r, pr, role);
                        m++;
                }
                L->perf_ok = stats_perf_compare(&r->cfg->policy, t[0], t[1], m, &L->perf) == RG_OK;
        }
        free(t[0]);
        free(t[1]);
        if (r->perf_ok && r->perf.slower && L->verdict == STATS_PASS) {
                /* the figures stay in the report's timing part, so that the
                 * rest of it does not change from run to run */
                L->verdict = STATS_MONITOR;
                snprintf(L->reason, sizeof(L->reason),
                         "results equivalent, but over all runs the orchestrator's run time is "
                         "significantly more than %.0f %% above legacy's (figures under timing)",
                         100 * r->cfg->policy.perf_threshold);
        }
}

static void overall(struct compare_result *r)
{
        const struct compare_config *cfg = r->cfg;
        /* Worst load wins, a harness error above all -- except that an
         * orchestrator failure on a seed where legacy ran clean is decisive
         * on its own: then the emergency stands and the harness error is
         * named beside it. */
        int worst = 0, emergency = -1, harness = -1;
        r->verdict = STATS_PASS;
        for (int li = 0; li < r->n_loads; li++) {
                if (r->load[li].verdict > r->verdict) {
                        r->verdict = r->load[li].verdict;
                        worst = li;
                }
                if (r->load[li].verdict == STATS_EMERGENCY_ROLLBACK && emergency < 0)
                        emergency = li;
                if (r->load[li].verdict == STATS_HARNESS_ERROR && harness < 0)
                        harness = li;
        }
        if (r->verdict == STATS_HARNESS_ERROR && emergency >= 0) {
                r->verdict = STATS_EMERGENCY_ROLLBACK;
                worst = emergency;
        }
        if (r->interrupted) {
                r->verdict = STATS_HARNESS_ERROR;
                snprintf(r->reason, sizeof(r->reason), "interrupted: the report is incomplete");
        } else if (r->verdict == STATS_PASS) {
                bool all_identical = true;
                for (int li = 0; li < r->n_loads; li++)
                        all_identical &= r->load[li].identical && compare_values_identical(r, li);
                snprintf(r->reason, sizeof(r->reason), "%s",
                         all_identical ? "every run bit-identical on both paths at every load"
                                       : "every load within the equivalence thresholds");
        } else if (r->verdict == STATS_EMERGENCY_ROLLBACK && harness >= 0) {
                snprintf(r->reason, sizeof(r->reason), "erlang %g: %.500s; also erlang %g: %.400s",
                         r->load[worst].erlang, r->load[worst].reason, r->load[harness].erlang,
                         r->load[harness].reason);
        } else {
                snprintf(r->reason, sizeof(r->reason), "erlang %g: %.950s", r->load[worst].erlang,
                         r->load[worst].reason);
        }
        char loads[256] = "";
        size_t used = 0;
        for (int li = 0; li < r->n_loads && used < sizeof(loads) - 16; li++)
                if (r->load[li].verdict == r->verdict)
                        used += (size_t)snprintf(loads + used, sizeof(loads) - used, "%s%g",
                                                 used ? ", " : "", r->load[li].erlang);
        r->level = stats_action(r->verdict, r->interrupted, loads, cfg->rollback_env,
                                cfg->rollback_config_key, r->action, sizeof(r->action));
}

int compare_look_fractions(const struct compare_result *r, int n, double *t)
{
        const struct compare_sequential *seq = &r->cfg->seq;
        int k = 0;
        for (int m = seq->batch; k < COMPARE_MAX_LOOKS; m += seq->batch) {
                t[k++] = (double)(m < seq->max ? m : seq->max) / seq->max;
                if (m >= n)
                        break;
        }
        return k;
}

/*
 * The one-sided level of a load's decisions.  A fixed run: 1 - confidence.
 * A sequential one: the nominal level of the load's current look under
 * Lan-DeMets spending of 1 - confidence over the looks at fractions
 * replications / max (stats/sequential.h), so that PASS (both one-sided
 * tests at that level) and each rollback claim keep their error over all
 * looks.  A nominal level below 1e-12 (an early look that spends next to
 * nothing, or nothing) is raised to 1e-12: its interval stays finite, and it
 * decides only on overwhelming evidence (the error this adds is at most 64
 * looks x 1e-12).
 */
static int load_alpha(struct compare_result *r, int li)
{
        const struct compare_config *cfg = r->cfg;
        struct compare_load *L = &r->load[li];
        L->alpha = 1 - cfg->policy.confidence;
        if (!cfg->seq.on)
                return RG_OK;
        double t[COMPARE_MAX_LOOKS];
        int k = compare_look_fractions(r, L->n, t);
        double a = stats_seq_nominal(cfg->seq.spending, 1 - cfg->policy.confidence, t, k);
        if (!(a >= 0 && a < 1))
                return RG_RANGE;
        L->alpha = fmax(a, 1e-12);
        return RG_OK;
}

int compare_analyse(struct compare_result *r, struct rg_errbuf *eb)
{
        int rc = RG_OK;
        /* loads are analysed apart, each into its own slot, so threads
         * change nothing but the time (a sequential look's boundaries and
         * p-values cost milliseconds per metric); the first failure in load
         * order is the one reported */
        int *lrc = calloc((size_t)r->n_loads, sizeof(int));
        if (lrc == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        const int threads = r->cfg->threads > 0 ? r->cfg->threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
        for (int li = 0; li < r->n_loads; li++) {
                lrc[li] = load_alpha(r, li);
                if (lrc[li] == RG_OK)
                        lrc[li] = analyse_load(r, li);
        }
        int failed = -1;
        for (int li = 0; li < r->n_loads && rc == RG_OK; li++)
                if ((rc = lrc[li]) != RG_OK)
                        failed = li;
        free(lrc);
        if (rc != RG_OK)
                return rg_fail(eb, rc, "statistics failed at erlang %g (%d replications%s): %s",
                               r->loads[failed], r->load[failed].n,
                               r->cfg->seq.on ? ", a sequential look" : "", rg_strerror(rc));
        /* Holm over every rollback claim of every load and metric */
        /* (primary metrics only: a secondary one claims nothing) */
        struct stats_metric_decision *all =
            malloc((size_t)r->n_loads * COMPARE_MAX_METRICS * sizeof(*all));
        if (all == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        int m = 0;
        for (int li = 0; li < r->n_loads; li++)
                for (int k = 0; k < r->load[li].n_metrics; k++)
                        if (r->load[li].metric[k].primary)
                                all[m++] = r->load[li].metric[k].dec;
        r->holm_tests = stats_verdict_holm(&r->cfg->policy, all, m);
        if (r->holm_tests < 0) {
                free(all);
                return rg_fail(eb, RG_NOMEM, "out of memory for the Holm correction");
        }
        m = 0;
        for (int li = 0; li < r->n_loads; li++)
                for (int k = 0; k < r->load[li].n_metrics; k++)
                        if (r->load[li].metric[k].primary)
                                r->load[li].metric[k].dec = all[m++];
        free(all);
        pooled_perf(r);
        for (int li = 0; li < r->n_loads; li++)
                finish_load(r, li);
        overall(r);
        compare_first_difference(r);
        return RG_OK;
}
