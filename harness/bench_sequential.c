/*
 * rollgate bench --sequential: the simulation study behind --until-decided
 * (SPEC section 10).  Two questions, each answered by running real
 * comparisons of the embedded simulator in-process:
 *
 * 1. Error control.  A/A comparisons (builtin:legacy against itself) made
 *    noisy with unpaired seeds, at one load and at the default config's
 *    four (a rollback at any load is false there, and Holm spans the
 *    loads): every rollback is false.  The threshold T1
 *    is set next to zero and only an increase counts (--direction
 *    increase), so a rollback claim is a one-sided test of "no difference"
 *    at its nominal level alpha = 1 - confidence: the hardest case for the
 *    error rate.  The fixed design (max replications, one look) and the
 *    sequential one (looks every batch up to the same max) run on the same
 *    seeds; their false-rollback rates are given with Clopper-Pearson
 *    intervals.
 *    For contrast, naive peeking: the fixed test after every batch.  And
 *    false PASSes: a drill whose deviation is exactly T1, where a PASS
 *    (equivalence) is false.
 * 2. Replications saved.  The drills drop=0.05 and drop=0.2 on the default
 *    config, a fixed run of 20 replications against the sequential design
 *    (batches of 2 up to 20), over several seed bases: how often they agree
 *    and how many replications the sequential design used per load.
 *
 * A benchmark, not a test: it prints figures.  Each comparison's seeds
 * start at a base of its own, so every comparison is independent.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/clock.h"
#include "../stats/exact.h"
#include "cli.h"
#include "compare_setup.h"
#include "options.h"

struct study_run {
        const char *erlang; /* "600" or NULL: the config's loads */
        uint32_t requests;
        const char *orchestrator;
        const char *inject;
        const char *thresholds, *direction;
        bool unpaired, sequential;
        int batch, max;
        uint32_t seed_base;
};

struct study_outcome {
        enum stats_verdict verdict;
        double replications; /* per load, mean */
        double bp_deviation; /* the first load's mean BP deviation, pp */
};

struct one_run {
        const struct study_run *sr;
        struct study_outcome *out;
};

static void one_setup(struct harness_settings *s, const void *ctx)
{
        const struct study_run *sr = ((const struct one_run *)ctx)->sr;
        if (sr->erlang) {
                s->n_loads = 1;
                s->loads[0] = strtod(sr->erlang, NULL);
        }
        s->num_requests = sr->requests;
        s->seed_base = sr->seed_base;
        s->max_iters = sr->sequential ? sr->batch : sr->max;
#define SET(field, value) snprintf(s->cmp.field, sizeof(s->cmp.field), "%s", value)
        SET(threads, "2");
        SET(perf_threshold, "10"); /* the study is about results, not run time */
        if (sr->orchestrator)
                SET(orchestrator, sr->orchestrator);
        if (sr->inject)
                SET(inject, sr->inject);
        if (sr->thresholds)
                SET(thresholds, sr->thresholds);
        if (sr->direction)
                SET(direction, sr->direction);
        if (sr->unpaired)
                SET(unpaired, "1");
        if (sr->sequential) {
                SET(until_decided, "1");
                snprintf(s->cmp.batch, sizeof(s->cmp.batch), "%d", sr->batch);
                snprintf(s->cmp.max_replications, sizeof(s->cmp.max_replications), "%d", sr->max);
        }
#undef SET
}

static int one_take(const struct compare_result *res, void *ctx, struct rg_errbuf *eb)
{
        (void)eb;
        struct study_outcome *out = ((struct one_run *)ctx)->out;
        out->verdict = res->verdict;
        double used = 0;
        for (int li = 0; li < res->n_loads; li++)
                used += res->load[li].n;
        out->replications = used / res->n_loads;
        const struct compare_metric *bp = &res->load[0].metric[COMPARE_BP];
        out->bp_deviation = bp->have_paired ? bp->paired.diff.mean : NAN;
        return RG_OK;
}

static int run_one(const struct study_run *sr, struct study_outcome *out, struct rg_errbuf *eb)
{
        struct one_run x = {.sr = sr, .out = out};
        return harness_bench_compare(one_setup, one_take, &x, NULL, eb);
}

/* The same comparison as a fixed run of sr->max replications and as the
 * sequential design. */
static int run_both(struct study_run *sr, struct study_outcome *fixed, struct study_outcome *seq,
                    struct rg_errbuf *eb)
{
        sr->sequential = false;
        int rc = run_one(sr, fixed, eb);
        sr->sequential = true;
        return rc == RG_OK ? run_one(sr, seq, eb) : rc;
}

static bool is_rollback(enum stats_verdict v)
{
        return v == STATS_PLANNED_ROLLBACK || v == STATS_EMERGENCY_ROLLBACK;
}

static void rate_line(const char *label, int k, int n)
{
        double lo = 0, hi = 1;
        stats_clopper_pearson(k, n, 0.95, &lo, &hi);
        printf("  %-38s %4d of %4d = %.3f  (95 %% Clopper-Pearson [%.3f, %.3f])\n", label, k, n,
               (double)k / n, lo, hi);
}

/* Naive peeking, what the design is there to prevent: the fixed-sample
 * test after every batch (fixed runs of batch, 2 batch, ... replications:
 * the same seeds the looks use), stopping at the first that decides
 * anything; *verdict is that one's, or `last` (the fixed run of all
 * replications, the last peek) when none before it decides. */
static int peek(struct study_run sr, enum stats_verdict last, enum stats_verdict *verdict,
                struct rg_errbuf *eb)
{
        const int max = sr.max;
        *verdict = last;
        sr.sequential = false;
        for (int n = sr.batch; n < max; n += sr.batch) {
                struct study_outcome o;
                sr.max = n;
                int rc = run_one(&sr, &o, eb);
                if (rc != RG_OK)
                        return rc;
                if (o.verdict != STATS_INCONCLUSIVE) {
                        *verdict = o.verdict;
                        break;
                }
        }
        return RG_OK;
}

static bool is_pass(enum stats_verdict v)
{
        return v == STATS_PASS || v == STATS_MONITOR;
}

/* One error-rate study: `comparisons` runs of `run` (each at seeds of its
 * own) where every verdict `error` says is wrong, counted for the fixed
 * design, the sequential one, and with `peeking` naive peeking. */
struct error_study {
        const char *title; /* two lines: what is compared, and why the verdicts are errors */
        struct study_run run;
        bool (*error)(enum stats_verdict);
        bool peeking;
};

static int study_errors(const struct error_study *st, int comparisons, struct rg_errbuf *eb)
{
        int err_fixed = 0, err_seq = 0, err_peek = 0;
        double used = 0;
        double t0 = rg_wall_seconds();
        for (int i = 0; i < comparisons; i++) {
                struct study_run sr = st->run;
                sr.seed_base = 1 + 10000u * (uint32_t)i;
                struct study_outcome fixed, seq;
                int rc = run_both(&sr, &fixed, &seq, eb);
                if (rc != RG_OK)
                        return rc;
                err_fixed += st->error(fixed.verdict);
                err_seq += st->error(seq.verdict);
                if (st->peeking) {
                        enum stats_verdict v;
                        rc = peek(sr, fixed.verdict, &v, eb);
                        if (rc != RG_OK)
                                return rc;
                        err_peek += st->error(v);
                }
                used += seq.replications / comparisons;
        }
        printf("%s\n", st->title);
        char label[80];
        snprintf(label, sizeof(label), "fixed, %d replications:", st->run.max);
        rate_line(label, err_fixed, comparisons);
        snprintf(label, sizeof(label), "--until-decided, batch %d, max %d:", st->run.batch,
                 st->run.max);
        rate_line(label, err_seq, comparisons);
        if (st->peeking) {
                snprintf(label, sizeof(label),
                         "naive peeking every %d (no spending):", st->run.batch);
                rate_line(label, err_peek, comparisons);
        }
        printf("  sequential replications used per load: %.2f on average\n", used);
        printf("  (%d comparisons of each design in %.1f s)\n\n", comparisons,
               rg_wall_seconds() - t0);
        return RG_OK;
}

/* Part 1: false rollbacks of A/A comparisons, at one load (erlang) or at
 * the default config's four (NULL: a rollback at any load is false, with
 * Holm over the loads' tests); with `peeking`, also naive peeking. */
static int study_aa(int comparisons, const char *erlang, bool peeking, struct rg_errbuf *eb)
{
        char title[320];
        snprintf(title, sizeof(title),
                 "A/A comparisons (builtin:legacy against itself, --unpaired), %s, 2000 requests "
                 "per run,\nT1 = 0.001 pp, direction increase: every rollback is false; nominal "
                 "level alpha = 0.05 (one-sided%s)",
                 erlang ? "600 Erlang" : "4 loads 300-600 Erlang",
                 erlang ? "" : ", family-wise over the loads with Holm");
        const struct error_study st = {.title = title,
                                       .run = {.erlang = erlang,
                                               .requests = 2000,
                                               .orchestrator = "builtin:legacy",
                                               .thresholds = "0.001,10",
                                               .direction = "increase",
                                               .unpaired = true,
                                               .batch = 4,
                                               .max = 20},
                                       .error = is_rollback,
                                       .peeking = peeking};
        return study_errors(&st, comparisons, eb);
}

/*
 * Part 1b: false PASSes.  A deviation exactly at T1 is not equivalent, so
 * a PASS there is false; the drill drop=0.05 at 600 Erlang is run with T1
 * set to its own BP deviation, estimated first from many replications
 * (seeds apart from the study's), so that the equivalence test works at its
 * boundary, where its error is largest.
 */
static int study_pass(int comparisons, struct rg_errbuf *eb)
{
        const int estimate_reps = 2000;
        struct study_run est = {.erlang = "600",
                                .requests = 2000,
                                .inject = "drop=0.05",
                                .thresholds = "100,200",
                                .max = estimate_reps,
                                /* above every study seed (at most 1 +
                                 * 10000 x 100000 comparisons) */
                                .seed_base = 2000000001u};
        struct study_outcome truth;
        int rc = run_one(&est, &truth, eb);
        if (rc != RG_OK)
                return rc;
        char thresholds[64], title[320];
        snprintf(thresholds, sizeof(thresholds), "%.17g,100", truth.bp_deviation);
        snprintf(title, sizeof(title),
                 "drop=0.05 at 600 Erlang, 2000 requests per run, T1 = its BP deviation %.4f pp "
                 "(from %d replications):\nevery PASS is false; nominal level alpha = 0.05",
                 truth.bp_deviation, estimate_reps);
        const struct error_study st = {.title = title,
                                       .run = {.erlang = "600",
                                               .requests = 2000,
                                               .inject = "drop=0.05",
                                               .thresholds = thresholds,
                                               .batch = 4,
                                               .max = 20},
                                       .error = is_pass,
                                       .peeking = true};
        return study_errors(&st, comparisons, eb);
}

/* Part 2: replications saved on the drills. */
static int study_drills(int repeats, struct rg_errbuf *eb)
{
        static const char *const drills[] = {"drop=0.05", "drop=0.2"};
        const int batch = 2, max = 20;
        printf("Drills on the default config (4 loads, 300-600 Erlang, 10000 requests per run):\n"
               "fixed 20 replications against --until-decided --batch %d --max-replications %d, "
               "%d seed bases\n",
               batch, max, repeats);
        for (size_t d = 0; d < sizeof(drills) / sizeof(drills[0]); d++) {
                int agree = 0;
                double used = 0;
                char verdicts[128] = "";
                double t0 = rg_wall_seconds();
                for (int i = 0; i < repeats; i++) {
                        struct study_run sr = {.requests = 10000,
                                               .inject = drills[d],
                                               .batch = batch,
                                               .max = max,
                                               .seed_base = 1 + 10000u * (uint32_t)i};
                        struct study_outcome fixed, seq;
                        int rc = run_both(&sr, &fixed, &seq, eb);
                        if (rc != RG_OK)
                                return rc;
                        agree += fixed.verdict == seq.verdict;
                        used += seq.replications / repeats;
                        if (i == 0)
                                snprintf(verdicts, sizeof(verdicts), "%s",
                                         stats_verdict_name(fixed.verdict));
                }
                printf("  %-10s fixed verdict %s; same verdict %d of %d; sequential used %.2f "
                       "replications per load on average (fixed: %d), %.0f %% of them  [%.1f s]\n",
                       drills[d], verdicts, agree, repeats, used, max, 100 * used / max,
                       rg_wall_seconds() - t0);
        }
        return RG_OK;
}

int harness_bench_sequential(int comparisons, int repeats)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        printf("benchmark: the sequential design study (rollgate bench --sequential)\n\n");
        int rc = study_aa(comparisons, "600", true, &eb);
        if (rc == RG_OK)
                rc = study_aa(comparisons / 4 > 10 ? comparisons / 4 : 10, NULL, false, &eb);
        if (rc == RG_OK)
                rc = study_pass(comparisons, &eb);
        if (rc == RG_OK)
                rc = study_drills(repeats, &eb);
        if (rc != RG_OK)
                return harness_die(rc, eb.msg);
        return RG_EXIT_OK;
}
