/* Declared metrics (compare/metrics.c): each kind at its boundaries, a
 * value missing on either side, strings, lists, NaN, secondary metrics, the
 * Holm correction over them, and the characterisation mode (--exact).
 * Comparisons are built by hand: runs filled in directly, then analysed. */
#include <math.h>
#include <string.h>

#include "../common/hash.h"
#include "../compare/analyse.h"
#include "../compare/compare.h"
#include "testutil.h"

#define REPS 6

static struct compare_config cfg;
static const double one_load[] = {100};
static const uint32_t seeds[REPS] = {1, 2, 3, 4, 5, 6};

/* A config with one declared metric "m" of `kind` (T1 1, T2 5 absolute;
 * exact tolerances 0; factor 0.05). */
static void config(enum compare_kind kind)
{
        memset(&cfg, 0, sizeof(cfg));
        stats_policy_default(&cfg.policy);
        cfg.threads = 1;
        cfg.n_declared = 1;
        struct compare_metric_decl *d = &cfg.declared[0];
        snprintf(d->name, sizeof(d->name), "m");
        d->kind = kind;
        d->primary = true;
        d->pol = cfg.policy;
        d->pol.t1 = 1;
        d->pol.t2 = 5;
        d->pol.perf_threshold = 0.05;
        snprintf(d->unit, sizeof(d->unit), "ms");
}

static void number(struct backend_result *run, const char *name, double v)
{
        struct backend_value *x = &run->value[run->n_values++];
        snprintf(x->name, sizeof(x->name), "%s", name);
        x->type = BACKEND_VALUE_NUMBER;
        x->number = v;
}

static void text(struct backend_result *run, const char *name, const char *s)
{
        struct backend_value *x = &run->value[run->n_values++];
        snprintf(x->name, sizeof(x->name), "%s", name);
        x->type = BACKEND_VALUE_STRING;
        x->count = (uint32_t)strlen(s);
        x->hash = rg_fnv1a64(RG_FNV1A64_BASIS, s, strlen(s));
        snprintf(x->text, sizeof(x->text), "%s", s);
}

/* A planned comparison whose runs all block 100 of 10000 requests, BBP 1 %,
 * with equal trace hashes; the caller adds metric values. */
static struct compare_result *planned(void)
{
        /* every request 100 Gb/s: identical runs bound BBP too */
        struct compare_inputs in = {
            .requests = 10000, .have_bw = true, .bw_min = 100, .bw_max = 100, .bw_mean = 100};
        struct compare_result *r = NULL;
        struct rg_errbuf eb = {0};
        CU_ASSERT_EQUAL_FATAL(compare_plan(&in, &cfg, one_load, 1, seeds, REPS, &r, &eb), RG_OK);
        for (int rep = 0; rep < REPS; rep++) {
                struct compare_pair *pr = &r->pairs[rep];
                pr->ran = true;
                for (int role = 0; role < 2; role++) {
                        struct backend_result *run = &pr->run[role];
                        run->requests = 10000;
                        run->blocked = 100;
                        run->has = BACKEND_HAS_BBP | BACKEND_HAS_TRACE;
                        run->bbp = 0.01;
                        run->trace_hash = 0x1234 + (uint64_t)rep;
                        run->clock = BACKEND_CLOCK_NONE;
                }
        }
        return r;
}

static const struct compare_metric *analysed(struct compare_result *r)
{
        struct rg_errbuf eb = {0};
        CU_ASSERT_EQUAL_FATAL(compare_analyse(r, &eb), RG_OK);
        CU_ASSERT_EQUAL_FATAL(r->load[0].n_metrics,
                              COMPARE_METRICS + cfg.n_declared + (cfg.exact ? 1 : 0));
        return &r->load[0].metric[COMPARE_METRICS];
}

/* Equivalence, absolute: orchestrator = legacy + d (+ noise) per replication. */
static enum stats_verdict equivalence(double d, double noise, enum stats_direction dir)
{
        config(COMPARE_KIND_EQUIVALENCE);
        cfg.declared[0].pol.direction = dir;
        struct compare_result *r = planned();
        for (int rep = 0; rep < REPS; rep++) {
                double v = 10 + rep;
                number(&r->pairs[rep].run[0], "m", v);
                number(&r->pairs[rep].run[1], "m", v + d + (rep % 2 ? noise : -noise));
        }
        enum stats_verdict out = analysed(r)->dec.verdict;
        compare_result_destroy(r);
        return out;
}

static void test_equivalence_boundaries(void)
{
        /* a constant deviation has no spread: the interval is the point */
        CU_ASSERT_EQUAL(equivalence(0.5, 0, STATS_DIR_EITHER), STATS_PASS);
        CU_ASSERT_EQUAL(equivalence(0, 0, STATS_DIR_EITHER), STATS_PASS);
        /* exactly T1 is not a PASS (and not beyond it either) */
        CU_ASSERT_EQUAL(equivalence(1, 0, STATS_DIR_EITHER), STATS_INCONCLUSIVE);
        CU_ASSERT_EQUAL(equivalence(-1, 0, STATS_DIR_EITHER), STATS_INCONCLUSIVE);
        CU_ASSERT_EQUAL(equivalence(3, 0, STATS_DIR_EITHER), STATS_PLANNED_ROLLBACK);
        CU_ASSERT_EQUAL(equivalence(-3, 0, STATS_DIR_EITHER), STATS_PLANNED_ROLLBACK);
        /* exactly T2 is an emergency */
        CU_ASSERT_EQUAL(equivalence(5, 0, STATS_DIR_EITHER), STATS_EMERGENCY_ROLLBACK);
        CU_ASSERT_EQUAL(equivalence(4.999, 0, STATS_DIR_EITHER), STATS_PLANNED_ROLLBACK);
        /* with spread: 3 +- 0.1 is still wholly beyond 1; 0.5 +- 2 straddles it */
        CU_ASSERT_EQUAL(equivalence(3, 0.1, STATS_DIR_EITHER), STATS_PLANNED_ROLLBACK);
        CU_ASSERT_EQUAL(equivalence(0.5, 2, STATS_DIR_EITHER), STATS_INCONCLUSIVE);
        CU_ASSERT_EQUAL(equivalence(0.2, 0.1, STATS_DIR_EITHER), STATS_PASS);
        /* direction increase: a decrease passes */
        CU_ASSERT_EQUAL(equivalence(-3, 0, STATS_DIR_INCREASE), STATS_PASS);
        CU_ASSERT_EQUAL(equivalence(3, 0, STATS_DIR_INCREASE), STATS_PLANNED_ROLLBACK);
}

static void test_equivalence_figures(void)
{
        config(COMPARE_KIND_EQUIVALENCE);
        struct compare_result *r = planned();
        /* deviations 3, 2, 3, 2, 3, 2: mean 2.5, sd sqrt(0.3) */
        for (int rep = 0; rep < REPS; rep++) {
                number(&r->pairs[rep].run[0], "m", 10);
                number(&r->pairs[rep].run[1], "m", rep % 2 ? 12 : 13);
        }
        const struct compare_metric *cm = analysed(r);
        CU_ASSERT_EQUAL(cm->in.basis, STATS_BASIS_PAIRED);
        CU_ASSERT_DOUBLE_EQUAL(cm->in.mean, 2.5, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(cm->in.sd, sqrt(0.3), 1e-12);
        /* the 90 % interval: 2.5 -+ t(0.95, 5) sd / sqrt(6), t = 2.015048 */
        CU_ASSERT_DOUBLE_EQUAL(cm->in.lo, 2.5 - 2.015048 * sqrt(0.3 / 6), 1e-5);
        CU_ASSERT_DOUBLE_EQUAL(cm->in.hi, 2.5 + 2.015048 * sqrt(0.3 / 6), 1e-5);
        CU_ASSERT_EQUAL(cm->dec.verdict, STATS_PLANNED_ROLLBACK);
        CU_ASSERT_STRING_EQUAL(cm->in.unit, "ms");
        CU_ASSERT_PTR_NOT_NULL(strstr(cm->dec.reason, "m: deviation +2.500 ms"));
        /* the claim went through Holm with BP and BBP: 3 tests */
        CU_ASSERT_TRUE(cm->dec.claim);
        CU_ASSERT_EQUAL(r->holm_tests, 1); /* BP, BBP identical: untested */
        CU_ASSERT_EQUAL(r->load[0].verdict, STATS_PLANNED_ROLLBACK);
        CU_ASSERT_EQUAL(r->verdict, STATS_PLANNED_ROLLBACK);
        compare_result_destroy(r);
}

static void test_equivalence_relative(void)
{
        config(COMPARE_KIND_EQUIVALENCE);
        cfg.declared[0].pol.deviation = STATS_DEV_RELATIVE;
        cfg.declared[0].pol.t1 = 2;
        cfg.declared[0].pol.t2 = 10;
        struct compare_result *r = planned();
        /* orchestrator 3 % above legacy, with a little spread */
        for (int rep = 0; rep < REPS; rep++) {
                double v = 100 + 2 * rep;
                number(&r->pairs[rep].run[0], "m", v);
                number(&r->pairs[rep].run[1], "m", 1.03 * v + (rep % 2 ? 0.05 : -0.05));
        }
        const struct compare_metric *cm = analysed(r);
        CU_ASSERT_STRING_EQUAL(cm->in.unit, "%");
        CU_ASSERT_DOUBLE_EQUAL(cm->in.mean, 3.0, 1e-9);
        CU_ASSERT(cm->in.lo > 2 && cm->in.hi < 10);
        CU_ASSERT_EQUAL(cm->dec.verdict, STATS_PLANNED_ROLLBACK);
        compare_result_destroy(r);
}

/* A value missing, or not a number, is never a PASS. */
static void test_equivalence_missing(void)
{
        for (int side = 0; side < 2; side++) {
                config(COMPARE_KIND_EQUIVALENCE);
                struct compare_result *r = planned();
                for (int rep = 0; rep < REPS; rep++)
                        for (int role = 0; role < 2; role++)
                                if (!(rep == 3 && role == side))
                                        number(&r->pairs[rep].run[role], "m", 10);
                const struct compare_metric *cm = analysed(r);
                CU_ASSERT_EQUAL(cm->dec.verdict, STATS_INCONCLUSIVE);
                CU_ASSERT_EQUAL(cm->in.basis, STATS_BASIS_UNAVAILABLE);
                CU_ASSERT_TRUE(cm->never);
                CU_ASSERT_PTR_NOT_NULL(strstr(cm->dec.reason, side ? "orchestrator" : "legacy"));
                CU_ASSERT_PTR_NOT_NULL(strstr(cm->dec.reason, "replication 4"));
                CU_ASSERT_EQUAL(r->verdict, STATS_INCONCLUSIVE);
                compare_result_destroy(r);
        }
        /* a string where a number is needed */
        config(COMPARE_KIND_EQUIVALENCE);
        struct compare_result *r = planned();
        for (int rep = 0; rep < REPS; rep++) {
                number(&r->pairs[rep].run[0], "m", 1);
                text(&r->pairs[rep].run[1], "m", "1");
        }
        const struct compare_metric *cm = analysed(r);
        CU_ASSERT_EQUAL(cm->dec.verdict, STATS_INCONCLUSIVE);
        CU_ASSERT_PTR_NOT_NULL(strstr(cm->dec.reason, "a string, not a number"));
        compare_result_destroy(r);
        /* NaN is not a number to judge */
        config(COMPARE_KIND_EQUIVALENCE);
        r = planned();
        for (int rep = 0; rep < REPS; rep++) {
                number(&r->pairs[rep].run[0], "m", 1);
                number(&r->pairs[rep].run[1], "m", rep == 2 ? NAN : 1);
        }
        cm = analysed(r);
        CU_ASSERT_EQUAL(cm->dec.verdict, STATS_INCONCLUSIVE);
        CU_ASSERT_PTR_NOT_NULL(strstr(cm->dec.reason, "not a finite number"));
        compare_result_destroy(r);
}

/* Exact: legacy a, orchestrator b on every replication. */
static const struct compare_metric *exact_pair(struct compare_result **r, double a, double b,
                                               double abs_tol, double rel_tol)
{
        config(COMPARE_KIND_EXACT);
        cfg.declared[0].abs_tol = abs_tol;
        cfg.declared[0].rel_tol = rel_tol;
        *r = planned();
        for (int rep = 0; rep < REPS; rep++) {
                number(&(*r)->pairs[rep].run[0], "m", a);
                number(&(*r)->pairs[rep].run[1], "m", b);
        }
        return analysed(*r);
}

static enum stats_verdict exact_verdict(double a, double b, double abs_tol, double rel_tol)
{
        struct compare_result *r;
        enum stats_verdict v = exact_pair(&r, a, b, abs_tol, rel_tol)->dec.verdict;
        compare_result_destroy(r);
        return v;
}

static void test_exact_tolerances(void)
{
        /* townlet's rule: a difference beyond both tolerances fails */
        CU_ASSERT_EQUAL(exact_verdict(100, 101.9, 1e-6, 0.02), STATS_PASS);
        CU_ASSERT_EQUAL(exact_verdict(100, 102, 1e-6, 0.02), STATS_PASS); /* exactly rel_tol */
        CU_ASSERT_EQUAL(exact_verdict(100, 102.5, 1e-6, 0.02), STATS_PLANNED_ROLLBACK);
        CU_ASSERT_EQUAL(exact_verdict(100, 97.5, 1e-6, 0.02), STATS_PLANNED_ROLLBACK);
        /* below 1 the relative test divides by 1: 0.01 apart is 1 % */
        CU_ASSERT_EQUAL(exact_verdict(0.001, 0.011, 1e-6, 0.02), STATS_PASS);
        CU_ASSERT_EQUAL(exact_verdict(0.001, 0.031, 1e-6, 0.02), STATS_PLANNED_ROLLBACK);
        /* abs_tol alone: exactly abs_tol is equal, beyond it is not */
        CU_ASSERT_EQUAL(exact_verdict(0, 0.25, 0.25, 0), STATS_PASS);
        CU_ASSERT_EQUAL(exact_verdict(0, 0.26, 0.25, 0), STATS_PLANNED_ROLLBACK);
        /* no tolerance: only equal numbers, -0 = 0 */
        CU_ASSERT_EQUAL(exact_verdict(3, 3, 0, 0), STATS_PASS);
        CU_ASSERT_EQUAL(exact_verdict(0.0, -0.0, 0, 0), STATS_PASS);
        CU_ASSERT_EQUAL(exact_verdict(3, nextafter(3, 4), 0, 0), STATS_PLANNED_ROLLBACK);
        /* NaN equals nothing, not even NaN */
        CU_ASSERT_EQUAL(exact_verdict(NAN, NAN, 1, 1), STATS_PLANNED_ROLLBACK);
        CU_ASSERT_EQUAL(exact_verdict(1, NAN, 1, 1), STATS_PLANNED_ROLLBACK);
        /* the first difference is named, with both values */
        struct compare_result *r;
        const struct compare_metric *cm = exact_pair(&r, 100, 102.5, 1e-6, 0.02);
        CU_ASSERT_EQUAL(cm->n_differ, REPS);
        CU_ASSERT_EQUAL(cm->first_differ, 0);
        CU_ASSERT_STRING_EQUAL(cm->first_value[0], "100");
        CU_ASSERT_STRING_EQUAL(cm->first_value[1], "102.5");
        CU_ASSERT_EQUAL(cm->in.basis, STATS_BASIS_EQUALITY);
        CU_ASSERT_FALSE(cm->dec.tested);
        CU_ASSERT_PTR_NOT_NULL(strstr(cm->dec.reason, "first at replication 1 (seed 1)"));
        compare_result_destroy(r);
}

static void test_exact_values(void)
{
        /* strings: one replication differs, one lacks the value on one side */
        config(COMPARE_KIND_EXACT);
        struct compare_result *r = planned();
        for (int rep = 0; rep < REPS; rep++) {
                text(&r->pairs[rep].run[0], "m", "abc");
                if (rep != 4)
                        text(&r->pairs[rep].run[1], "m", rep == 2 ? "abd" : "abc");
        }
        const struct compare_metric *cm = analysed(r);
        CU_ASSERT_EQUAL(cm->dec.verdict, STATS_PLANNED_ROLLBACK);
        CU_ASSERT_EQUAL(cm->n_differ, 2);
        CU_ASSERT_EQUAL(cm->first_differ, 2);
        CU_ASSERT_STRING_EQUAL(cm->first_value[0], "\"abc\"");
        CU_ASSERT_STRING_EQUAL(cm->first_value[1], "\"abd\"");
        compare_result_destroy(r);
        /* missing on the legacy side is a difference too */
        config(COMPARE_KIND_EXACT);
        r = planned();
        for (int rep = 0; rep < REPS; rep++)
                number(&r->pairs[rep].run[1], "m", 1);
        cm = analysed(r);
        CU_ASSERT_EQUAL(cm->dec.verdict, STATS_PLANNED_ROLLBACK);
        CU_ASSERT_STRING_EQUAL(cm->first_value[0], "missing");
        CU_ASSERT_STRING_EQUAL(cm->first_value[1], "1");
        compare_result_destroy(r);
        /* reported by neither: nothing compared, never a PASS */
        config(COMPARE_KIND_EXACT);
        r = planned();
        cm = analysed(r);
        CU_ASSERT_EQUAL(cm->dec.verdict, STATS_INCONCLUSIVE);
        CU_ASSERT_EQUAL(cm->in.basis, STATS_BASIS_UNAVAILABLE);
        CU_ASSERT_EQUAL(r->verdict, STATS_INCONCLUSIVE);
        compare_result_destroy(r);
        /* a number against a string of the same text differs */
        config(COMPARE_KIND_EXACT);
        r = planned();
        for (int rep = 0; rep < REPS; rep++) {
                number(&r->pairs[rep].run[0], "m", 1);
                text(&r->pairs[rep].run[1], "m", "1");
        }
        CU_ASSERT_EQUAL(analysed(r)->dec.verdict, STATS_PLANNED_ROLLBACK);
        compare_result_destroy(r);
}

/* The equality rule on its own, lists included. */
static void test_values_differ(void)
{
        struct backend_value a = {.type = BACKEND_VALUE_LIST, .count = 3, .hash = 42};
        struct backend_value b = a;
        CU_ASSERT_FALSE(compare_values_differ(&a, &b, 0, 0));
        b.hash = 43;
        CU_ASSERT_TRUE(compare_values_differ(&a, &b, 0, 0));
        b.hash = 42;
        b.count = 4;
        CU_ASSERT_TRUE(compare_values_differ(&a, &b, 0, 0));
        /* lists are compared exactly whatever the tolerances */
        CU_ASSERT_TRUE(compare_values_differ(&a, &b, 1e9, 1e9));
        b = a;
        b.type = BACKEND_VALUE_STRING;
        CU_ASSERT_TRUE(compare_values_differ(&a, &b, 0, 0));
        struct backend_value x = {.type = BACKEND_VALUE_NUMBER, .number = -5};
        struct backend_value y = {.type = BACKEND_VALUE_NUMBER, .number = -5.1};
        /* |d| 0.1 over max(|-5|, 1): 2 % */
        CU_ASSERT_FALSE(compare_values_differ(&x, &y, 0, 0.021));
        CU_ASSERT_TRUE(compare_values_differ(&x, &y, 0, 0.019));
        CU_ASSERT_FALSE(compare_values_differ(&x, &y, 0.11, 0));
        y.number = INFINITY;
        CU_ASSERT_TRUE(compare_values_differ(&x, &y, 1e300, 1e300));
}

static enum stats_verdict performance(double ratio, struct compare_result **keep)
{
        config(COMPARE_KIND_PERFORMANCE);
        struct compare_result *r = planned();
        for (int rep = 0; rep < REPS; rep++) {
                double v = 1000 + 37 * rep;
                number(&r->pairs[rep].run[0], "m", v);
                number(&r->pairs[rep].run[1], "m", ratio * v * (rep % 2 ? 1.001 : 0.999));
        }
        enum stats_verdict out = analysed(r)->dec.verdict;
        if (keep)
                *keep = r;
        else
                compare_result_destroy(r);
        return out;
}

static void test_performance(void)
{
        struct compare_result *r;
        CU_ASSERT_EQUAL(performance(1.2, &r), STATS_MONITOR);
        const struct compare_metric *cm = &r->load[0].metric[COMPARE_METRICS];
        CU_ASSERT_EQUAL(cm->in.basis, STATS_BASIS_RATIO);
        CU_ASSERT_TRUE(cm->perf_ok);
        CU_ASSERT_DOUBLE_EQUAL(cm->perf.ratio, 1.2, 1e-4);
        CU_ASSERT(cm->perf.lo > 1.05);
        /* the figures are reported as for equivalence */
        CU_ASSERT_TRUE(cm->have_paired);
        CU_ASSERT_DOUBLE_EQUAL(cm->ratio.estimate, 1.2, 1e-3);
        /* MONITOR is the load's verdict (everything else passes) */
        CU_ASSERT_EQUAL(r->load[0].verdict, STATS_MONITOR);
        CU_ASSERT_EQUAL(r->verdict, STATS_MONITOR);
        CU_ASSERT_EQUAL(r->level, 0);
        compare_result_destroy(r);
        CU_ASSERT_EQUAL(performance(1.04, NULL), STATS_PASS);
        CU_ASSERT_EQUAL(performance(1.0, NULL), STATS_PASS);
        /* faster is never a problem */
        CU_ASSERT_EQUAL(performance(0.5, NULL), STATS_PASS);
        /* a ratio needs positive values */
        CU_ASSERT_EQUAL(performance(0, NULL), STATS_INCONCLUSIVE);
}

/* A secondary metric flags and decides nothing. */
static void test_secondary(void)
{
        config(COMPARE_KIND_EXACT);
        cfg.declared[0].primary = false;
        struct compare_result *r = planned();
        for (int rep = 0; rep < REPS; rep++) {
                text(&r->pairs[rep].run[0], "m", "x");
                text(&r->pairs[rep].run[1], "m", "y");
        }
        const struct compare_metric *cm = analysed(r);
        CU_ASSERT_EQUAL(cm->dec.verdict, STATS_PLANNED_ROLLBACK);
        CU_ASSERT_EQUAL(r->load[0].verdict, STATS_PASS);
        CU_ASSERT_EQUAL(r->verdict, STATS_PASS);
        bool flagged = false;
        for (int f = 0; f < r->load[0].secondary.n_flags; f++)
                flagged |= strstr(r->load[0].secondary.flags[f],
                                  "INVESTIGATE: secondary metric m: differs") != NULL;
        CU_ASSERT_TRUE(flagged);
        /* equal decisions, but not identical runs: the metric differs */
        CU_ASSERT_TRUE(r->load[0].identical);
        CU_ASSERT_STRING_EQUAL(r->reason, "every load within the equivalence thresholds");
        compare_result_destroy(r);
}

/* A secondary equivalence claim stays out of the Holm correction. */
static void test_secondary_not_in_holm(void)
{
        config(COMPARE_KIND_EQUIVALENCE);
        cfg.declared[0].primary = false;
        struct compare_result *r = planned();
        for (int rep = 0; rep < REPS; rep++) {
                number(&r->pairs[rep].run[0], "m", 10);
                number(&r->pairs[rep].run[1], "m", rep % 2 ? 12.9 : 13.1);
        }
        const struct compare_metric *cm = analysed(r);
        CU_ASSERT_EQUAL(cm->dec.verdict, STATS_PLANNED_ROLLBACK);
        CU_ASSERT_TRUE(cm->dec.claim);
        CU_ASSERT_EQUAL(r->holm_tests, 0); /* BP, BBP identical: untested */
        CU_ASSERT_DOUBLE_EQUAL(cm->dec.p_holm, cm->dec.p_claim, 0);
        CU_ASSERT(cm->dec.p_claim < 0.05);
        CU_ASSERT_EQUAL(r->verdict, STATS_PASS);
        compare_result_destroy(r);
}

/* --exact: BP, BBP, the declared metrics and the trace hashes by equality. */
static void test_exact_mode(void)
{
        config(COMPARE_KIND_EQUIVALENCE);
        cfg.exact = true;
        struct compare_result *r = planned();
        for (int rep = 0; rep < REPS; rep++)
                for (int role = 0; role < 2; role++)
                        number(&r->pairs[rep].run[role], "m", 7);
        analysed(r);
        CU_ASSERT_EQUAL(r->verdict, STATS_PASS);
        CU_ASSERT_STRING_EQUAL(r->reason, "every run bit-identical on both paths at every load");
        CU_ASSERT_FALSE(r->difference.present);
        CU_ASSERT_STRING_EQUAL(r->load[0].metric[r->load[0].n_metrics - 1].name, "trace_hash");
        compare_result_destroy(r);
        /* one blocked request more at replication 3, the metric off at 5,
         * the trace hash off at 3: the first is replication 3, BP */
        r = planned();
        r->pairs[2].run[1].blocked = 101;
        r->pairs[2].run[1].trace_hash = 99;
        for (int rep = 0; rep < REPS; rep++)
                for (int role = 0; role < 2; role++)
                        number(&r->pairs[rep].run[role], "m", rep == 4 && role ? 8 : 7);
        analysed(r);
        const struct compare_load *L = &r->load[0];
        CU_ASSERT_EQUAL(L->metric[COMPARE_BP].kind, COMPARE_KIND_EXACT);
        CU_ASSERT_EQUAL(L->metric[COMPARE_BP].n_differ, 1);
        CU_ASSERT_EQUAL(L->metric[COMPARE_BBP].n_differ, 0);
        CU_ASSERT_EQUAL(L->metric[COMPARE_METRICS].first_differ, 4);
        CU_ASSERT_EQUAL(L->metric[COMPARE_METRICS + 1].n_differ, 1);
        CU_ASSERT_TRUE_FATAL(r->difference.present);
        CU_ASSERT_EQUAL(r->difference.rep, 2);
        CU_ASSERT_EQUAL(r->difference.seed, 3);
        CU_ASSERT_STRING_EQUAL(r->difference.metric, "BP");
        CU_ASSERT_STRING_EQUAL(r->difference.value[0], "100 of 10000 blocked");
        CU_ASSERT_STRING_EQUAL(r->difference.value[1], "101 of 10000 blocked");
        /* a BP difference of 0.0017 pp on average is far below T2: planned */
        CU_ASSERT_EQUAL(r->verdict, STATS_PLANNED_ROLLBACK);
        compare_result_destroy(r);
        /* a difference whose mean reaches T2 (10 pp) is an emergency */
        r = planned();
        for (int rep = 0; rep < REPS; rep++)
                r->pairs[rep].run[1].blocked = 1100;
        analysed(r);
        CU_ASSERT_EQUAL(r->load[0].metric[COMPARE_BP].dec.verdict, STATS_EMERGENCY_ROLLBACK);
        CU_ASSERT_EQUAL(r->verdict, STATS_EMERGENCY_ROLLBACK);
        compare_result_destroy(r);
}

/* The sequential stop rule over declared metrics (compare_load_decided). */
static void test_stop_rule(void)
{
        struct stats_policy p;
        stats_policy_default(&p); /* T1 2, T2 10 */
        struct compare_load L = {.n = 4, .n_metrics = COMPARE_METRICS + 1};
        for (int k = 0; k < L.n_metrics; k++) {
                L.metric[k].pol = p;
                L.metric[k].primary = true;
                L.metric[k].dec.verdict = STATS_PASS;
        }
        struct compare_metric *bp = &L.metric[COMPARE_BP], *m = &L.metric[COMPARE_METRICS];
        /* BP open, its interval below T2: only a settled claim stops it */
        bp->dec.verdict = STATS_INCONCLUSIVE;
        bp->in.lo = 0.5;
        bp->in.hi = 3;
        m->kind = COMPARE_KIND_EXACT;
        CU_ASSERT_FALSE(compare_load_decided(&L, &p));
        m->dec.verdict = STATS_PLANNED_ROLLBACK; /* a difference found */
        CU_ASSERT_TRUE(compare_load_decided(&L, &p));
        /* ... unless BP could still reach the emergency threshold */
        bp->in.hi = 12;
        CU_ASSERT_FALSE(compare_load_decided(&L, &p));
        bp->in.hi = 3;
        /* a secondary difference settles nothing */
        m->primary = false;
        CU_ASSERT_FALSE(compare_load_decided(&L, &p));
        /* a declared equivalence metric under its own thresholds: open at
         * [0.5, 3] against its T1 = 0.1 but not against BP's T2 = 10 */
        bp->dec.verdict = STATS_PASS;
        m->primary = true;
        m->kind = COMPARE_KIND_EQUIVALENCE;
        m->dec.verdict = STATS_INCONCLUSIVE;
        m->in.lo = 0.5;
        m->in.hi = 3;
        m->pol.t1 = 0.1;
        m->pol.t2 = 2;
        CU_ASSERT_FALSE(compare_load_decided(&L, &p));
        m->dec.verdict = STATS_PLANNED_ROLLBACK;
        m->dec.emergency_not_excluded = true; /* its interval reaches its T2 = 2 */
        CU_ASSERT_FALSE(compare_load_decided(&L, &p));
        m->pol.t2 = 5;
        m->dec.emergency_not_excluded = false;
        CU_ASSERT_TRUE(compare_load_decided(&L, &p));
        /* a performance MONITOR asks for nothing */
        m->kind = COMPARE_KIND_PERFORMANCE;
        m->dec.verdict = STATS_MONITOR;
        CU_ASSERT_TRUE(compare_load_decided(&L, &p));
}

TEST_MAIN("metrics", TEST(test_stop_rule), TEST(test_equivalence_boundaries),
          TEST(test_equivalence_figures), TEST(test_equivalence_relative),
          TEST(test_equivalence_missing), TEST(test_exact_tolerances), TEST(test_exact_values),
          TEST(test_values_differ), TEST(test_performance), TEST(test_secondary),
          TEST(test_secondary_not_in_holm), TEST(test_exact_mode))
