#include "compare.h"

#include <math.h>
#include <stdarg.h>
#include <omp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../stats/exact.h"

/* ---- configuration ------------------------------------------------------ */

static int bad_key(struct rg_errbuf *eb, const char *key, const char *value, const char *want)
{
        return rg_fail(eb, RG_USAGE, "comparison setting '%s': '%s' is not %s", key, value, want);
}

int compare_config_from_settings(const struct harness_settings *s, struct compare_config *cfg,
                                 struct rg_errbuf *eb)
{
        memset(cfg, 0, sizeof(*cfg));
        stats_policy_default(&cfg->policy);
        struct stats_policy *p = &cfg->policy;
        const char *v;
        double d[4];
        int n;
        long l;
        if (*(v = s->cmp.deviation)) {
                if (strcmp(v, "absolute") == 0)
                        p->deviation = STATS_DEV_ABSOLUTE;
                else if (strcmp(v, "relative") == 0)
                        p->deviation = STATS_DEV_RELATIVE;
                else
                        return bad_key(eb, "deviation", v, "absolute or relative");
        }
        if (*(v = s->cmp.thresholds)) {
                if (harness_parse_list(v, d, 4, &n) != RG_OK || n != 2 || !(d[0] > 0) ||
                    !(d[1] > d[0]))
                        return bad_key(eb, "thresholds", v, "T1,T2 with 0 < T1 < T2");
                p->t1 = d[0];
                p->t2 = d[1];
        }
        if (*(v = s->cmp.confidence)) {
                if (harness_parse_double(v, &d[0]) != RG_OK || !(d[0] > 0.5) || !(d[0] < 1))
                        return bad_key(eb, "confidence", v, "a level in (0.5, 1), e.g. 0.95");
                p->confidence = d[0];
        }
        if (*(v = s->cmp.direction)) {
                if (strcmp(v, "either") == 0)
                        p->direction = STATS_DIR_EITHER;
                else if (strcmp(v, "increase") == 0)
                        p->direction = STATS_DIR_INCREASE;
                else
                        return bad_key(eb, "direction", v, "either or increase");
        }
        if (*(v = s->cmp.perf_threshold)) {
                if (harness_parse_double(v, &d[0]) != RG_OK || !(d[0] >= 0) || d[0] > 10)
                        return bad_key(eb, "perf_threshold", v, "a fraction >= 0, e.g. 0.05");
                p->perf_threshold = d[0];
        }
        const char *names[2] = {*s->cmp.legacy ? s->cmp.legacy : "builtin:legacy",
                                *s->cmp.orchestrator ? s->cmp.orchestrator
                                                     : "builtin:orchestrator"};
        for (int i = 0; i < 2; i++) {
                cfg->path[i] = harness_path_find(names[i]);
                if (cfg->path[i] == NULL)
                        return rg_fail(
                            eb, RG_USAGE, "comparison setting '%s': unknown path '%s' (known: %s)",
                            i ? "orchestrator" : "legacy", names[i], harness_path_names());
        }
        if (*s->cmp.inject) {
                int rc = sim_inject_parse(s->cmp.inject, &cfg->inject, eb);
                if (rc != RG_OK)
                        return rc;
        }
        snprintf(cfg->rollback_env, sizeof(cfg->rollback_env), "%s",
                 *s->cmp.rollback_env ? s->cmp.rollback_env : "FUSION_USE_ORCHESTRATOR");
        snprintf(cfg->rollback_config_key, sizeof(cfg->rollback_config_key), "%s",
                 *s->cmp.rollback_config_key ? s->cmp.rollback_config_key : "use_orchestrator");
        if (*(v = s->cmp.threads)) {
                if (harness_parse_int(v, 1, 256, &l) != RG_OK)
                        return bad_key(eb, "threads", v, "a whole number in 1..256");
                cfg->threads = (int)l;
        }
        if (*(v = s->cmp.unpaired))
                cfg->unpaired =
                    strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "True") == 0;
        return RG_OK;
}

/* ---- the matrix --------------------------------------------------------- */

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
        (void)sig;
        interrupted = 1;
}

static double cpu_now(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double wall_now(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Per-thread scratch. */
struct worker {
        struct sim_runner runner;
        struct sim_stream stream[2];
        bool ready;
};

static void run_role(const struct sim_model *m, const struct compare_config *cfg, struct worker *w,
                     const struct sim_stream *s, struct compare_pair *pr, int role)
{
        struct compare_run *run = &pr->run[role];
        union harness_path_state state;
        const struct sim_path_ops *ops;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        void *ctx =
            harness_path_prepare(cfg->path[role], &state, m, &cfg->inject, pr->seed[role], &ops);
        double t0 = cpu_now();
        sim_run(&w->runner, m, s, ops, ctx, &run->res, &eb);
        run->seconds = cpu_now() - t0;
        snprintf(run->error, sizeof(run->error), "%s", eb.msg);
}

static void run_pair(const struct sim_model *m, const struct sim_traffic *base, const double *loads,
                     const struct compare_config *cfg, struct worker *w, struct compare_pair *pr,
                     int index)
{
        struct sim_traffic tr = *base;
        tr.erlang = loads[pr->load];
        int streams = cfg->unpaired ? 2 : 1;
        for (int i = 0; i < streams; i++) {
                struct rg_errbuf eb;
                rg_errbuf_init(&eb);
                double t0 = cpu_now();
                pr->harness_rc = sim_stream_generate(&w->stream[i], &tr, pr->seed[i], &eb);
                pr->gen_seconds[i] = cpu_now() - t0;
                if (pr->harness_rc != RG_OK) {
                        snprintf(pr->harness_error, sizeof(pr->harness_error),
                                 "request stream for seed %u: %.200s", pr->seed[i], eb.msg);
                        return;
                }
        }
        if (!cfg->unpaired)
                pr->gen_seconds[1] = pr->gen_seconds[0];
        /* alternate which path runs first so neither always inherits the
         * other's warm caches */
        for (int k = 0; k < 2; k++) {
                int role = (index % 2 == 0) ? k : 1 - k;
                run_role(m, cfg, w, &w->stream[cfg->unpaired ? role : 0], pr, role);
        }
}

static void progress(int done, int total)
{
        int width = 40, fill = total ? done * width / total : width;
        fprintf(stderr, "\r[%.*s%*s] %d/%d runs", fill, "########################################",
                width - fill, "", 2 * done, 2 * total);
        if (done == total)
                fputc('\n', stderr);
}

static int run_matrix(struct compare_result *r, const struct sim_traffic *traffic,
                      struct rg_errbuf *eb)
{
        const struct compare_config *cfg = r->cfg;
        const int n_pairs = r->n_loads * r->n_reps;
        int done = 0, failed_init = 0;
        interrupted = 0;
        struct sigaction sa = {0}, old;
        sa.sa_handler = on_sigint;
        sigaction(SIGINT, &sa, &old);
        double t0 = wall_now();
        int threads = cfg->threads > 0 ? cfg->threads : omp_get_max_threads();
#pragma omp parallel num_threads(threads)
        {
                struct worker w = {0};
                struct rg_errbuf teb;
                rg_errbuf_init(&teb);
                sim_stream_init(&w.stream[0]);
                sim_stream_init(&w.stream[1]);
                w.ready = sim_runner_init(&w.runner, r->model, &teb) == RG_OK;
                if (!w.ready) {
#pragma omp atomic
                        failed_init++;
                }
#pragma omp single
                r->threads_used = omp_get_num_threads();
#pragma omp for schedule(dynamic, 1)
                for (int j = 0; j < n_pairs; j++) {
                        struct compare_pair *pr = &r->pairs[j];
                        if (!w.ready || interrupted) {
                                pr->harness_rc = w.ready ? RG_INTERNAL : RG_NOMEM;
                                snprintf(pr->harness_error, sizeof(pr->harness_error), "%s",
                                         w.ready ? "interrupted" : "out of memory");
                                continue;
                        }
                        run_pair(r->model, traffic, r->loads, cfg, &w, pr, j);
                        if (cfg->progress) {
#pragma omp critical(rollgate_progress)
                                progress(++done, n_pairs);
                        }
                }
                if (w.ready)
                        sim_runner_finish(&w.runner);
                sim_stream_finish(&w.stream[0]);
                sim_stream_finish(&w.stream[1]);
        }
        r->wall_seconds = wall_now() - t0;
        sigaction(SIGINT, &old, NULL);
        r->interrupted = interrupted != 0;
        if (failed_init)
                return rg_fail(eb, RG_NOMEM, "out of memory for the simulation workers");
        return RG_OK;
}

/* ---- statistics and verdicts --------------------------------------------- */

static double metric_value(const struct sim_result *res, int metric)
{
        return 100.0 * (metric == COMPARE_BP ? sim_result_bp(res) : sim_result_bbp(res));
}

/* The per-replication values of one metric at one load, per role, in pp. */
static void load_series(const struct compare_result *r, int li, int metric, double *legacy,
                        double *orch)
{
        for (int rep = 0; rep < r->n_reps; rep++) {
                const struct compare_pair *pr = &r->pairs[li * r->n_reps + rep];
                legacy[rep] = metric_value(&pr->run[0].res, metric);
                orch[rep] = metric_value(&pr->run[1].res, metric);
        }
}

/* Bandwidth range of the classes that are requested, for BBP's exact bounds. */
static void bw_range(const struct sim_model *m, const struct sim_traffic *tr, double *lo,
                     double *hi)
{
        *lo = INFINITY;
        *hi = 0;
        for (int c = 0; c < tr->n_classes; c++) {
                if (!(tr->prob[c] > 0))
                        continue;
                *lo = fmin(*lo, m->mods.cls[c].gbps);
                *hi = fmax(*hi, m->mods.cls[c].gbps);
        }
}

static void add_flag(struct compare_secondary *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void add_flag(struct compare_secondary *s, const char *fmt, ...)
{
        if (s->n_flags >= COMPARE_FLAGS_MAX)
                return;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(s->flags[s->n_flags++], sizeof(s->flags[0]), fmt, ap);
        va_end(ap);
}

static void secondary(struct compare_result *r, int li)
{
        struct compare_load *L = &r->load[li];
        struct compare_secondary *s = &L->secondary;
        const double alpha = 1 - r->cfg->policy.confidence;
        const int n = r->n_reps, n_mods = r->model->mods.n_mods;
        double reasons[2][2] = {{0}}, mods[2][SIM_MAX_MODS] = {{0}}, km[2] = {0}, hops[2] = {0};
        double *bp[2];
        bp[0] = malloc((size_t)n * sizeof(double));
        bp[1] = malloc((size_t)n * sizeof(double));
        if (bp[0] == NULL || bp[1] == NULL) {
                free(bp[0]);
                free(bp[1]);
                return;
        }
        for (int rep = 0; rep < n; rep++) {
                const struct compare_pair *pr = &r->pairs[li * n + rep];
                for (int role = 0; role < 2; role++) {
                        const struct sim_result *res = &pr->run[role].res;
                        reasons[role][0] += res->blocked_by[SIM_BLOCK_DISTANCE];
                        reasons[role][1] += res->blocked_by[SIM_BLOCK_CONGESTION];
                        for (int k = 0; k < n_mods; k++)
                                mods[role][k] += res->mod_count[k];
                        km[role] += sim_result_km_mean(res) / n;
                        hops[role] += sim_result_hops_mean(res) / n;
                        bp[role][rep] = sim_result_bp(res);
                }
        }
        if (stats_chisq_2xk(reasons[0], reasons[1], 2, &s->reasons) == RG_OK &&
            s->reasons.p_value < alpha)
                add_flag(s,
                         "INVESTIGATE: block reasons differ (distance/congestion legacy %.0f/%.0f, "
                         "orchestrator %.0f/%.0f; chi-square p %.3g)",
                         reasons[0][0], reasons[0][1], reasons[1][0], reasons[1][1],
                         s->reasons.p_value);
        if (stats_chisq_2xk(mods[0], mods[1], n_mods, &s->modulations) == RG_OK &&
            s->modulations.p_value < alpha)
                add_flag(s, "INVESTIGATE: modulation use differs (chi-square p %.3g)",
                         s->modulations.p_value);
        s->length_rel = km[0] > 0 ? (km[1] - km[0]) / km[0] : 0;
        if (fabs(s->length_rel) > 0.05)
                add_flag(s, "INVESTIGATE: mean path length differs by %+.1f %% (> 5 %%)",
                         100 * s->length_rel);
        else if (fabs(s->length_rel) > 0.03)
                add_flag(s, "WARN: mean path length differs by %+.1f %% (> 3 %%)",
                         100 * s->length_rel);
        s->hops_diff = hops[1] - hops[0];
        if (fabs(s->hops_diff) > 0.5)
                add_flag(s, "INVESTIGATE: mean hops differ by %+.2f (> 0.5)", s->hops_diff);
        else if (fabs(s->hops_diff) > 0.3)
                add_flag(s, "WARN: mean hops differ by %+.2f (> 0.3)", s->hops_diff);
        if (stats_sign_test(bp[0], bp[1], n, &s->bias) == RG_OK && s->bias.share > 0.8 &&
            s->bias.p_value < alpha)
                add_flag(s,
                         "INVESTIGATE: systematic bias: orchestrator blocking %s in %d of %d "
                         "paired runs (sign test p %.3g)",
                         s->bias.above > s->bias.below ? "higher" : "lower",
                         s->bias.above > s->bias.below ? s->bias.above : s->bias.below,
                         s->bias.above + s->bias.below, s->bias.p_value);
        free(bp[0]);
        free(bp[1]);
}

/* Fills the decision input of one metric of one (non-identical) load. */
static int metric_input(struct compare_result *r, const struct sim_traffic *tr, int li, int metric,
                        struct compare_metric *cm)
{
        struct compare_load *L = &r->load[li];
        const struct stats_policy *pol = &r->cfg->policy;
        const int n = r->n_reps;
        const char *name = metric == COMPARE_BP ? "BP" : "BBP";
        double *v[2];
        v[0] = malloc((size_t)n * sizeof(double));
        v[1] = malloc((size_t)n * sizeof(double));
        if (v[0] == NULL || v[1] == NULL) {
                free(v[0]);
                free(v[1]);
                return RG_NOMEM;
        }
        double gbps[2] = {0}, blocked_gbps[2] = {0};
        load_series(r, li, metric, v[0], v[1]);
        for (int rep = 0; rep < n; rep++) {
                const struct compare_pair *pr = &r->pairs[li * n + rep];
                for (int role = 0; role < 2; role++) {
                        gbps[role] += pr->run[role].res.requested_gbps;
                        blocked_gbps[role] += pr->run[role].res.blocked_gbps;
                }
        }
        double conf = pol->confidence, decision = 1 - 2 * (1 - conf);
        cm->have_paired = n >= 2 && stats_paired(v[0], v[1], n, conf, &cm->paired) == RG_OK;
        struct stats_ratio dec_ratio = {0};
        bool have_ratio = n >= 2 && stats_ratio_fieller(v[1], v[0], n, conf, &cm->ratio) == RG_OK &&
                          stats_ratio_fieller(v[1], v[0], n, decision, &dec_ratio) == RG_OK;
        free(v[0]);
        free(v[1]);
        bool relative = pol->deviation == STATS_DEV_RELATIVE;
        bool low =
            L->low_signal || !cm->have_paired || (relative && (!have_ratio || dec_ratio.unbounded));
        struct stats_metric_input *in = &cm->in;
        in->metric = name;
        in->n = n;
        if (!low) {
                in->basis = STATS_BASIS_PAIRED;
                if (!relative) {
                        in->unit = "pp";
                        in->mean = cm->paired.diff.mean;
                        in->lo = cm->paired.decision_lo;
                        in->hi = cm->paired.decision_hi;
                        in->sd = cm->paired.diff.sd;
                } else {
                        double base = cm->paired.legacy.mean;
                        in->unit = "%";
                        in->mean = 100 * (dec_ratio.estimate - 1);
                        in->lo = 100 * (dec_ratio.lo - 1);
                        in->hi = 100 * (dec_ratio.hi - 1);
                        in->sd = base > 0 ? 100 * cm->paired.diff.sd / base : 0;
                }
                return RG_OK;
        }
        /* Low signal: exact bounds on each path's blocking from the pooled
         * counts (each at 1 - alpha, so the difference holds at about
         * 1 - 2 alpha), in percentage points whatever the deviation mode. */
        L->low_signal = true;
        in->basis = STATS_BASIS_EXACT;
        in->unit = "pp";
        double lo[2], hi[2], scale_lo[2] = {1, 1}, scale_hi[2] = {1, 1};
        if (metric == COMPARE_BBP) {
                double bmin, bmax;
                bw_range(r->model, tr, &bmin, &bmax);
                for (int role = 0; role < 2; role++) {
                        double mean_bw = gbps[role] / (double)L->requests[role];
                        scale_lo[role] = bmin / mean_bw;
                        scale_hi[role] = bmax / mean_bw;
                }
        }
        for (int role = 0; role < 2; role++) {
                int rc = stats_clopper_pearson((double)L->blocked[role], (double)L->requests[role],
                                               conf, &lo[role], &hi[role]);
                if (rc != RG_OK)
                        return rc;
                lo[role] *= scale_lo[role];
                hi[role] = fmin(1.0, hi[role] * scale_hi[role]);
        }
        double obs[2];
        for (int role = 0; role < 2; role++)
                obs[role] = metric == COMPARE_BP
                                ? (double)L->blocked[role] / (double)L->requests[role]
                                : (gbps[role] > 0 ? blocked_gbps[role] / gbps[role] : 0);
        in->mean = 100 * (obs[1] - obs[0]);
        in->lo = cm->exact_lo = 100 * (lo[1] - hi[0]);
        in->hi = cm->exact_hi = 100 * (hi[1] - lo[0]);
        in->sd = 0;
        return RG_OK;
}

static void describe_failure(char *out, size_t cap, const char *role, double erlang,
                             const struct compare_pair *pr, int idx)
{
        const struct compare_run *run = &pr->run[idx];
        if (run->res.fail_request)
                snprintf(out, cap, "%s failed at erlang %g, seed %u, request %u: %.300s", role,
                         erlang, pr->seed[idx], run->res.fail_request, run->error);
        else
                snprintf(out, cap, "%s failed at erlang %g, seed %u: %.300s", role, erlang,
                         pr->seed[idx], run->error);
}

static int analyse_load(struct compare_result *r, const struct sim_traffic *tr, int li)
{
        struct compare_load *L = &r->load[li];
        const struct stats_policy *pol = &r->cfg->policy;
        const int n = r->n_reps;
        L->erlang = r->loads[li];
        L->identical = true;
        const struct compare_pair *first_fail[2] = {NULL, NULL}, *harness = NULL,
                                  *orch_alone = NULL;
        for (int rep = 0; rep < n; rep++) {
                const struct compare_pair *pr = &r->pairs[li * n + rep];
                if (pr->harness_rc != RG_OK) {
                        harness = harness ? harness : pr;
                        L->identical = false;
                        continue;
                }
                for (int role = 0; role < 2; role++) {
                        const struct sim_result *res = &pr->run[role].res;
                        if (res->status != RG_OK) {
                                L->failed[role] = true;
                                first_fail[role] = first_fail[role] ? first_fail[role] : pr;
                        }
                        L->blocked[role] += res->blocked;
                        L->requests[role] += res->requests;
                }
                /* the orchestrator failed where legacy, on the same seed, did not */
                if (pr->run[1].res.status != RG_OK && pr->run[0].res.status == RG_OK &&
                    orch_alone == NULL)
                        orch_alone = pr;
                const struct sim_result *a = &pr->run[0].res, *b = &pr->run[1].res;
                L->identical &= a->status == RG_OK && b->status == RG_OK &&
                                a->trace_hash == b->trace_hash && a->blocked == b->blocked &&
                                a->blocked_gbps == b->blocked_gbps && pr->seed[0] == pr->seed[1];
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
                snprintf(L->reason, sizeof(L->reason), "harness failed at erlang %g, seed %u: %s",
                         L->erlang, harness->seed[0], harness->harness_error);
        } else if (L->failed[0]) {
                L->verdict = STATS_HARNESS_ERROR;
                char what[512];
                describe_failure(what, sizeof(what), "the legacy-side path", L->erlang,
                                 first_fail[0], 0);
                snprintf(L->reason, sizeof(L->reason), "%s; no verdict on the orchestrator", what);
        }
        if (orch_alone || harness || L->failed[0] || L->failed[1]) {
                L->identical = false;
                for (int k = 0; k < COMPARE_METRICS; k++) {
                        struct compare_metric *cm = &L->metric[k];
                        cm->in =
                            (struct stats_metric_input){.metric = k == COMPARE_BP ? "BP" : "BBP",
                                                        .basis = STATS_BASIS_FAILED,
                                                        .n = n};
                        cm->dec = (struct stats_metric_decision){
                            .verdict = L->verdict, .p_claim = 1, .p_holm = 1};
                        snprintf(cm->dec.reason, sizeof(cm->dec.reason), "%.300s", L->reason);
                }
                return RG_OK;
        }
        L->low_signal = (double)(L->blocked[0] + L->blocked[1]) < pol->low_signal_blocked;
        secondary(r, li);
        for (int k = 0; k < COMPARE_METRICS; k++) {
                struct compare_metric *cm = &L->metric[k];
                if (L->identical) {
                        cm->in = (struct stats_metric_input){
                            .metric = k == COMPARE_BP ? "BP" : "BBP",
                            .basis = STATS_BASIS_IDENTICAL,
                            .unit = pol->deviation == STATS_DEV_RELATIVE ? "%" : "pp",
                            .n = n};
                        /* statistics are still reported */
                        double *v0 = malloc((size_t)n * sizeof(double));
                        double *v1 = malloc((size_t)n * sizeof(double));
                        if (v0 && v1 && n >= 2) {
                                load_series(r, li, k, v0, v1);
                                cm->have_paired =
                                    stats_paired(v0, v1, n, pol->confidence, &cm->paired) == RG_OK;
                        }
                        /* equal runs: the ratio is exactly 1 (Fieller would say so
                         * too, but not when legacy blocking is 0) */
                        cm->ratio = (struct stats_ratio){.estimate = 1, .lo = 1, .hi = 1};
                        free(v0);
                        free(v1);
                } else {
                        int rc = metric_input(r, tr, li, k, cm);
                        if (rc != RG_OK)
                                return rc;
                }
                stats_decide_metric(pol, &cm->in, &cm->dec);
        }
        if (L->metric[COMPARE_BP].have_paired) {
                const struct stats_paired *p = &L->metric[COMPARE_BP].paired;
                L->resolution_pp = stats_t_quantile(pol->confidence, n - 1) * p->diff.se;
        }
        return RG_OK;
}

static void finish_load(struct compare_result *r, int li)
{
        struct compare_load *L = &r->load[li];
        if (L->verdict == STATS_HARNESS_ERROR || L->verdict == STATS_EMERGENCY_ROLLBACK)
                return; /* decided by a failure */
        const struct compare_metric *worst = &L->metric[0];
        L->verdict = STATS_PASS;
        for (int k = 0; k < COMPARE_METRICS; k++) {
                if (L->metric[k].dec.verdict > L->verdict) {
                        L->verdict = L->metric[k].dec.verdict;
                        worst = &L->metric[k];
                }
        }
        if (L->verdict == STATS_PASS)
                snprintf(L->reason, sizeof(L->reason), "%.318s; %.318s", L->metric[0].dec.reason,
                         L->metric[1].dec.reason);
        else
                snprintf(L->reason, sizeof(L->reason), "%s", worst->dec.reason);
        /* performance is judged over all runs of all loads (one pooled
         * test: more data, fewer false alarms); the per-load ratios are
         * reported too */
        const int n = r->n_reps;
        double *t[2];
        t[0] = malloc((size_t)n * sizeof(double));
        t[1] = malloc((size_t)n * sizeof(double));
        if (t[0] && t[1]) {
                for (int rep = 0; rep < n; rep++) {
                        const struct compare_pair *pr = &r->pairs[li * n + rep];
                        for (int role = 0; role < 2; role++)
                                t[role][rep] = pr->gen_seconds[role] + pr->run[role].seconds;
                }
                L->perf_ok = stats_perf_compare(&r->cfg->policy, t[0], t[1], n, &L->perf) == RG_OK;
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

/* Each path's run time is the request stream it needs (generated once and
 * shared, so counted for both) plus its own event loop, in thread CPU time. */
static void pooled_perf(struct compare_result *r)
{
        const int n = r->n_loads * r->n_reps;
        double *t[2];
        t[0] = malloc((size_t)n * sizeof(double));
        t[1] = malloc((size_t)n * sizeof(double));
        int m = 0;
        if (t[0] && t[1]) {
                for (int j = 0; j < n; j++) {
                        const struct compare_pair *pr = &r->pairs[j];
                        if (pr->harness_rc != RG_OK || pr->run[0].res.status != RG_OK ||
                            pr->run[1].res.status != RG_OK)
                                continue;
                        for (int role = 0; role < 2; role++)
                                t[role][m] = pr->gen_seconds[role] + pr->run[role].seconds;
                        m++;
                }
                r->perf_ok = stats_perf_compare(&r->cfg->policy, t[0], t[1], m, &r->perf) == RG_OK;
        }
        free(t[0]);
        free(t[1]);
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
                        all_identical &= r->load[li].identical;
                snprintf(r->reason, sizeof(r->reason), "%s",
                         all_identical ? "every run bit-identical on both paths at every load"
                                       : "every load within the equivalence thresholds");
        } else if (r->verdict == STATS_EMERGENCY_ROLLBACK && harness >= 0) {
                snprintf(r->reason, sizeof(r->reason), "erlang %g: %.300s; also erlang %g: %.250s",
                         r->load[worst].erlang, r->load[worst].reason, r->load[harness].erlang,
                         r->load[harness].reason);
        } else {
                snprintf(r->reason, sizeof(r->reason), "erlang %g: %.600s", r->load[worst].erlang,
                         r->load[worst].reason);
        }
        char loads[256] = "";
        size_t used = 0;
        for (int li = 0; li < r->n_loads && used < sizeof(loads) - 16; li++)
                if (r->load[li].verdict == r->verdict)
                        used += (size_t)snprintf(loads + used, sizeof(loads) - used, "%s%g",
                                                 used ? ", " : "", r->load[li].erlang);
        r->level = 0;
        switch (r->verdict) {
        case STATS_PASS:
                snprintf(r->action, sizeof(r->action),
                         "none: the orchestrator may stay on or be re-enabled (%s=1, %s = true)",
                         cfg->rollback_env, cfg->rollback_config_key);
                break;
        case STATS_MONITOR:
                snprintf(r->action, sizeof(r->action),
                         "monitor: no rollback; investigate the performance regression");
                break;
        case STATS_INCONCLUSIVE:
                snprintf(r->action, sizeof(r->action),
                         "none yet: run more replications before deciding (loads %s)", loads);
                break;
        case STATS_PLANNED_ROLLBACK:
                r->level = 2;
                snprintf(r->action, sizeof(r->action),
                         "Level 2 planned rollback: set %s = false in the configs of the affected "
                         "loads (%s Erlang), notify users, open an investigation ticket",
                         cfg->rollback_config_key, loads);
                break;
        case STATS_EMERGENCY_ROLLBACK:
                r->level = 1;
                snprintf(r->action, sizeof(r->action),
                         "Level 1 emergency rollback: export %s=0 and restart the simulation "
                         "processes; verify the legacy path is used; document and notify",
                         cfg->rollback_env);
                break;
        case STATS_HARNESS_ERROR:
                snprintf(r->action, sizeof(r->action), "%s",
                         r->interrupted ? "none: the run was interrupted; rerun it to completion"
                                        : "none: fix the harness or the legacy side first; this "
                                          "run says nothing about the orchestrator");
                break;
        }
}

void compare_result_destroy(struct compare_result *r)
{
        if (r == NULL)
                return;
        free(r->loads);
        free(r->seeds);
        free(r->pairs);
        free(r->load);
        free(r);
}

int compare_run(const struct sim_model *model, const struct sim_traffic *traffic,
                const struct harness_settings *s, const struct compare_config *cfg,
                struct compare_result **out, struct rg_errbuf *eb)
{
        *out = NULL;
        struct compare_result *r = calloc(1, sizeof(*r));
        int rc = RG_OK;
        if (r == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        r->model = model;
        r->settings = s;
        r->cfg = cfg;
        r->loads = malloc(HARNESS_MAX_LOADS * sizeof(double));
        r->seeds = malloc(HARNESS_MAX_SEEDS * sizeof(uint32_t));
        if (r->loads == NULL || r->seeds == NULL) {
                rc = rg_fail(eb, RG_NOMEM, "out of memory");
                goto out;
        }
        rc = harness_settings_matrix(s, r->loads, &r->n_loads, r->seeds, &r->n_reps, eb);
        if (rc != RG_OK)
                goto out;
        size_t n_pairs = (size_t)r->n_loads * (size_t)r->n_reps;
        r->pairs = calloc(n_pairs, sizeof(*r->pairs));
        r->load = calloc((size_t)r->n_loads, sizeof(*r->load));
        if (r->pairs == NULL || r->load == NULL) {
                rc = rg_fail(eb, RG_NOMEM, "out of memory for %zu runs", 2 * n_pairs);
                goto out;
        }
        if (cfg->unpaired) {
                for (int i = 0; i < r->n_reps; i++)
                        for (int j = 0; j < r->n_reps; j++)
                                if (r->seeds[i] + 1000000007u == r->seeds[j]) {
                                        rc = rg_fail(eb, RG_USAGE,
                                                     "--unpaired: orchestrator seed %u of "
                                                     "replication %d is also a legacy seed",
                                                     r->seeds[j], i);
                                        goto out;
                                }
        }
        for (int li = 0; li < r->n_loads; li++) {
                for (int rep = 0; rep < r->n_reps; rep++) {
                        struct compare_pair *pr = &r->pairs[li * r->n_reps + rep];
                        pr->load = li;
                        pr->rep = rep;
                        pr->seed[0] = r->seeds[rep];
                        /* unpaired: another seed, far from the paired ones */
                        pr->seed[1] = cfg->unpaired ? r->seeds[rep] + 1000000007u : r->seeds[rep];
                }
        }
        rc = run_matrix(r, traffic, eb);
        if (rc != RG_OK)
                goto out;
        for (int li = 0; li < r->n_loads && rc == RG_OK; li++)
                rc = analyse_load(r, traffic, li);
        if (rc != RG_OK) {
                rg_fail(eb, rc, "statistics failed: %s", rg_strerror(rc));
                goto out;
        }
        /* Holm over every rollback claim of every load and metric */
        struct stats_metric_decision *all =
            malloc((size_t)r->n_loads * COMPARE_METRICS * sizeof(*all));
        if (all == NULL) {
                rc = rg_fail(eb, RG_NOMEM, "out of memory");
                goto out;
        }
        for (int li = 0; li < r->n_loads; li++)
                for (int k = 0; k < COMPARE_METRICS; k++)
                        all[li * COMPARE_METRICS + k] = r->load[li].metric[k].dec;
        r->holm_tests = stats_verdict_holm(&cfg->policy, all, r->n_loads * COMPARE_METRICS);
        for (int li = 0; li < r->n_loads; li++)
                for (int k = 0; k < COMPARE_METRICS; k++)
                        r->load[li].metric[k].dec = all[li * COMPARE_METRICS + k];
        free(all);
        pooled_perf(r);
        for (int li = 0; li < r->n_loads; li++)
                finish_load(r, li);
        overall(r);
        *out = r;
        r = NULL;
out:
        compare_result_destroy(r);
        return rc;
}
