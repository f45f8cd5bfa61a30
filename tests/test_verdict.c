/*
 * The verdict policy at its boundaries (SPEC section 4): exactly T1 is not a
 * PASS, exactly T2 is EMERGENCY, an interval straddling T1 is INCONCLUSIVE,
 * low-signal loads are judged on exact bounds, rollback claims are Holm
 * corrected, and performance turns a PASS into MONITOR.
 */
#include <math.h>
#include <string.h>

#include "../stats/evidence.h"
#include "../stats/summary.h"
#include "../stats/verdict.h"
#include "testutil.h"

static struct stats_policy policy(void)
{
        struct stats_policy p;
        stats_policy_default(&p);
        return p;
}

/* A paired input as the comparison builds it: evidence from the t
 * statistic of `mean` with SD `sd` over `n` replications. */
static struct stats_metric_input paired_input(const struct stats_policy *p, double mean, double sd,
                                              int n)
{
        struct stats_evidence e;
        CU_ASSERT_EQUAL_FATAL(stats_evidence_t(mean, sd / sqrt(n), n - 1, p->t1, 1 - p->confidence,
                                               p->direction == STATS_DIR_INCREASE, &e),
                              RG_OK);
        return (struct stats_metric_input){.metric = "BP",
                                           .basis = STATS_BASIS_PAIRED,
                                           .unit = "pp",
                                           .mean = mean,
                                           .lo = e.lo,
                                           .hi = e.hi,
                                           .sd = sd,
                                           .n = n,
                                           .p_inside = e.p_inside,
                                           .p_beyond = e.p_beyond,
                                           .can_claim = n >= STATS_MIN_CLAIM_REPLICATIONS};
}

static struct stats_metric_decision decide(double mean, double sd, int n)
{
        struct stats_policy p = policy();
        struct stats_metric_input in = paired_input(&p, mean, sd, n);
        struct stats_metric_decision d;
        stats_decide_metric(&p, &in, &d);
        return d;
}

static void test_defaults_and_names(void)
{
        struct stats_policy p = policy();
        CU_ASSERT_DOUBLE_EQUAL(p.t1, 2, 0);
        CU_ASSERT_DOUBLE_EQUAL(p.t2, 10, 0);
        CU_ASSERT_DOUBLE_EQUAL(p.confidence, 0.95, 0);
        CU_ASSERT_DOUBLE_EQUAL(p.perf_threshold, 0.05, 0);
        const int codes[] = {0, 3, 4, 5, 6, 7};
        const char *names[] = {
            "PASS",         "MONITOR", "INCONCLUSIVE", "PLANNED_ROLLBACK", "EMERGENCY_ROLLBACK",
            "HARNESS_ERROR"};
        for (int v = STATS_PASS; v <= STATS_HARNESS_ERROR; v++) {
                CU_ASSERT_EQUAL(stats_verdict_exit_code((enum stats_verdict)v), codes[v]);
                CU_ASSERT_STRING_EQUAL(stats_verdict_name((enum stats_verdict)v), names[v]);
        }
        /* worst wins; a harness error outranks everything */
        CU_ASSERT_EQUAL(stats_verdict_worst(STATS_PASS, STATS_MONITOR), STATS_MONITOR);
        CU_ASSERT_EQUAL(stats_verdict_worst(STATS_INCONCLUSIVE, STATS_MONITOR), STATS_INCONCLUSIVE);
        CU_ASSERT_EQUAL(stats_verdict_worst(STATS_EMERGENCY_ROLLBACK, STATS_PLANNED_ROLLBACK),
                        STATS_EMERGENCY_ROLLBACK);
        CU_ASSERT_EQUAL(stats_verdict_worst(STATS_EMERGENCY_ROLLBACK, STATS_HARNESS_ERROR),
                        STATS_HARNESS_ERROR);
}

static void test_pass_inside(void)
{
        struct stats_metric_decision d = decide(0.5, 1.0, 10);
        CU_ASSERT_EQUAL(d.verdict, STATS_PASS);
        CU_ASSERT_FALSE(d.claim);
        CU_ASSERT_PTR_NOT_NULL(strstr(d.reason, "inside"));
        /* just inside on the negative side too */
        CU_ASSERT_EQUAL(decide(-1.0, 1, 10).verdict, STATS_PASS);
}

/* A deviation of exactly T1 known for certain (SD 0: the comparison floors
 * it, this is the rule itself): neither inside nor beyond, so neither a
 * PASS nor a claim -- and the p-value the Holm correction sees says the
 * same (1), so the two cannot disagree. */
static void test_exactly_t1_is_not_pass(void)
{
        struct stats_metric_decision d = decide(2.0, 0.0, 10);
        CU_ASSERT_EQUAL(d.verdict, STATS_INCONCLUSIVE);
        CU_ASSERT_FALSE(d.claim);
        CU_ASSERT_DOUBLE_EQUAL(d.p_claim, 1.0, 0);
        d = decide(-2.0, 0.0, 10);
        CU_ASSERT_EQUAL(d.verdict, STATS_INCONCLUSIVE);
        /* a hair beyond is a claim, a hair inside a PASS */
        CU_ASSERT_EQUAL(decide(2.000001, 0.0, 10).verdict, STATS_PLANNED_ROLLBACK);
        CU_ASSERT_EQUAL(decide(1.999999, 0.0, 10).verdict, STATS_PASS);
        /* mean 1, SD 1, 10 runs: [0.42, 1.58] inside; SD 2: hi 2.16, not */
        CU_ASSERT_EQUAL(decide(1.0, 1, 10).verdict, STATS_PASS);
        CU_ASSERT_EQUAL(decide(1.0, 2, 10).verdict, STATS_INCONCLUSIVE);
}

/* The p-value decides exactly where the interval does: an interval whose
 * lower end is a little above or below T1 (mean 2 +- 1.01 t se). */
static void test_interval_and_p_agree(void)
{
        struct stats_policy p = policy();
        double se = 0.3, t = stats_t_quantile(0.95, 9);
        for (int k = -1; k <= 1; k += 2) {
                double mean = 2 + t * se * (1 + 0.01 * k);
                struct stats_metric_input in = paired_input(&p, mean, se * sqrt(10), 10);
                struct stats_metric_decision d;
                stats_decide_metric(&p, &in, &d);
                CU_ASSERT_EQUAL(in.lo > 2, k > 0);
                CU_ASSERT_EQUAL(d.claim, k > 0);
                CU_ASSERT_EQUAL(d.p_claim<0.05, k> 0);
        }
}

static void test_exactly_t2_is_emergency(void)
{
        struct stats_metric_decision d = decide(10.0, 0.0, 10);
        CU_ASSERT_EQUAL(d.verdict, STATS_EMERGENCY_ROLLBACK);
        d = decide(9.999, 0.5, 10);
        CU_ASSERT_EQUAL(d.verdict, STATS_PLANNED_ROLLBACK);
        CU_ASSERT_TRUE(d.emergency_not_excluded);
        CU_ASSERT_PTR_NOT_NULL(strstr(d.reason, "emergency not excluded"));
        d = decide(5.0, 1, 10);
        CU_ASSERT_EQUAL(d.verdict, STATS_PLANNED_ROLLBACK);
        CU_ASSERT_FALSE(d.emergency_not_excluded);
        CU_ASSERT_EQUAL(decide(-12, 1, 10).verdict, STATS_EMERGENCY_ROLLBACK);
}

/* Straddling: the mean 1.5 pp with SD 1 over 10 runs; the interval [0.92,
 * 2.08] crosses 2.  Clearing needs t_{0.95,n-1} / sqrt(n) < 0.5, which first
 * holds at n = 13 (t_{0.95,12} = 1.782288, 1.782288 / sqrt(13) = 0.4943,
 * while t_{0.95,11} / sqrt(12) = 1.795885 / 3.4641 = 0.5184). */
static void test_straddle_is_inconclusive(void)
{
        struct stats_policy p = policy();
        struct stats_metric_decision d = decide(1.5, 1.0, 10);
        CU_ASSERT_EQUAL(stats_verdict_holm(&p, &d, 1), 1); /* estimates at its level */
        CU_ASSERT_EQUAL(d.verdict, STATS_INCONCLUSIVE);
        CU_ASSERT_FALSE(d.claim);
        CU_ASSERT_EQUAL(d.replications_needed, 13);
        CU_ASSERT_PTR_NOT_NULL(strstr(d.reason, "straddles"));
        CU_ASSERT_PTR_NOT_NULL(strstr(d.reason, "13 replications"));
}

/* The replication estimate faces the Holm level: among 4 tests the claim
 * must clear alpha / 4 = 0.0125, i.e. t_{0.9875,n-1} / sqrt(n) < 0.5 for the
 * straddling case above, first at n = 24 (t_{0.9875,23} = 2.3979, / sqrt(24)
 * = 0.4895; t_{0.9875,22} = 2.4055, / sqrt(23) = 0.5016; Python, by
 * integrating the t density), more than the 13 of a single test.  A gap far
 * too small for any feasible count says so. */
static void test_replications_at_holm_level(void)
{
        struct stats_policy p = policy();
        struct stats_metric_decision d[4];
        d[0] = decide(1.5, 1.0, 10);
        for (int i = 1; i < 4; i++)
                d[i] = decide(0.0, 0.5, 10); /* clear passes, tested */
        CU_ASSERT_EQUAL(stats_verdict_holm(&p, d, 4), 4);
        CU_ASSERT_EQUAL(d[0].verdict, STATS_INCONCLUSIVE);
        CU_ASSERT_EQUAL(d[0].replications_needed, 24);
        CU_ASSERT_PTR_NOT_NULL(strstr(d[0].reason, "at the Holm level"));
        /* 1.999 with SD 1: a gap of 0.001 needs millions: over the cap */
        struct stats_metric_decision e = decide(1.999, 1.0, 10);
        CU_ASSERT_EQUAL(stats_verdict_holm(&p, &e, 1), 1);
        CU_ASSERT(e.replications_needed > STATS_MAX_REPLICATIONS);
        CU_ASSERT_PTR_NOT_NULL(strstr(e.reason, "more than 4096 replications would be needed"));
}

static void test_increase_only(void)
{
        struct stats_policy p = policy();
        p.direction = STATS_DIR_INCREASE;
        struct stats_metric_input in = paired_input(&p, -5, 1, 10);
        struct stats_metric_decision d;
        stats_decide_metric(&p, &in, &d);
        CU_ASSERT_EQUAL(d.verdict, STATS_PASS); /* less blocking is fine */
        in = paired_input(&p, 3, 1, 10);
        stats_decide_metric(&p, &in, &d);
        CU_ASSERT_EQUAL(d.verdict, STATS_PLANNED_ROLLBACK);
}

static void test_identical_and_exact(void)
{
        struct stats_policy p = policy();
        struct stats_metric_input in = {.metric = "BBP", .basis = STATS_BASIS_IDENTICAL, .n = 10};
        struct stats_metric_decision d;
        stats_decide_metric(&p, &in, &d);
        CU_ASSERT_EQUAL(d.verdict, STATS_PASS);
        CU_ASSERT_PTR_NOT_NULL(strstr(d.reason, "bit-identical"));
        /* zero blocking on both paths over 10 x 1000 requests: each path's
         * 95 % Clopper-Pearson upper bound is 1 - 0.025^(1/10000) = 0.0368 %,
         * so the difference lies in [-0.0368, +0.0368] pp: a PASS on exact
         * bounds */
        double hi = 100 * (1 - pow(0.025, 1.0 / 10000));
        const double one[2] = {1, 1};
        struct stats_evidence e;
        CU_ASSERT_EQUAL_FATAL(
            stats_evidence_exact(0, 10000, 0, 10000, 1, one, one, false, 2, 0.05, false, &e),
            RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(e.hi, hi, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(e.lo, -hi, 1e-9);
        in = (struct stats_metric_input){.metric = "BP",
                                         .basis = STATS_BASIS_EXACT,
                                         .unit = "pp",
                                         .mean = e.mean,
                                         .lo = e.lo,
                                         .hi = e.hi,
                                         .n = 10,
                                         .p_inside = e.p_inside,
                                         .p_beyond = e.p_beyond,
                                         .can_claim = true,
                                         .how = "exact bounds (low signal)"};
        stats_decide_metric(&p, &in, &d);
        CU_ASSERT_EQUAL(d.verdict, STATS_PASS);
        CU_ASSERT_PTR_NOT_NULL(strstr(d.reason, "exact bounds"));
        /* a design effect of 4 counts 10000 requests as 2500: the bound
         * 1 - 0.025^(1/2500) = 0.147 pp (Python) */
        CU_ASSERT_EQUAL_FATAL(
            stats_evidence_exact(0, 10000, 0, 10000, 4, one, one, false, 2, 0.05, false, &e),
            RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(e.hi, 100 * (1 - pow(0.025, 1.0 / 2500)), 1e-9);
        /* zero on legacy only, 500 of 10000 blocked by the orchestrator:
         * 5 pp, exact bounds about [4.6, 5.5] -> planned rollback, and a
         * p-value the Holm correction can use (tiny, not a bare 0) */
        CU_ASSERT_EQUAL_FATAL(
            stats_evidence_exact(0, 10000, 500, 10000, 1, one, one, false, 2, 0.05, false, &e),
            RG_OK);
        CU_ASSERT(e.lo > 4.4 && e.lo < 4.7);
        CU_ASSERT(e.hi > 5.3 && e.hi < 5.6);
        CU_ASSERT(e.p_beyond > 0 && e.p_beyond < 1e-10);
        in.mean = e.mean;
        in.lo = e.lo;
        in.hi = e.hi;
        in.p_inside = e.p_inside;
        in.p_beyond = e.p_beyond;
        stats_decide_metric(&p, &in, &d);
        CU_ASSERT_EQUAL(d.verdict, STATS_PLANNED_ROLLBACK);
        /* one replication never proves a rollback */
        in.can_claim = false;
        in.n = 1;
        stats_decide_metric(&p, &in, &d);
        CU_ASSERT_EQUAL(d.verdict, STATS_INCONCLUSIVE);
        CU_ASSERT_PTR_NOT_NULL(strstr(d.reason, "1 replication cannot prove a rollback"));
}

/* Holm runs over every tested load x metric, not only over the claims
 * (choosing the significant ones first would bias it).  Three tests with
 * p = 0.04 (claim), 0.9 (a pass) and 0.01 (claim), plus an identical metric
 * that is no test: sorted 0.01, 0.04, 0.9 -> adjusted 3 x 0.01 = 0.03,
 * max(0.03, 2 x 0.04) = 0.08, max(0.08, 0.9) = 0.9.  At alpha 0.05 the
 * 0.01 claim stands and the 0.04 claim falls. */
static void test_holm(void)
{
        struct stats_policy p = policy();
        struct stats_metric_decision d[4] = {
            {.verdict = STATS_PLANNED_ROLLBACK, .tested = true, .claim = true, .p_claim = 0.04},
            {.verdict = STATS_PASS, .tested = true, .p_claim = 0.9},
            {.verdict = STATS_EMERGENCY_ROLLBACK, .tested = true, .claim = true, .p_claim = 0.01},
            {.verdict = STATS_PASS, .tested = false, .p_claim = 1},
        };
        CU_ASSERT_EQUAL(stats_verdict_holm(&p, d, 4), 3);
        CU_ASSERT_DOUBLE_EQUAL(d[2].p_holm, 0.03, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(d[0].p_holm, 0.08, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(d[1].p_holm, 0.9, 1e-12);
        CU_ASSERT_EQUAL(d[2].verdict, STATS_EMERGENCY_ROLLBACK);
        CU_ASSERT_EQUAL(d[0].verdict, STATS_INCONCLUSIVE);
        CU_ASSERT_PTR_NOT_NULL(strstr(d[0].reason, "Holm correction over 3 tests"));
        CU_ASSERT_EQUAL(d[1].verdict, STATS_PASS); /* non-claims are never changed */
        /* a single claim among two tests: 2 x 0.03 = 0.06 -> falls */
        struct stats_metric_decision e[2] = {
            {.verdict = STATS_PLANNED_ROLLBACK, .tested = true, .claim = true, .p_claim = 0.03},
            {.verdict = STATS_PASS, .tested = true, .p_claim = 0.5},
        };
        CU_ASSERT_EQUAL(stats_verdict_holm(&p, e, 2), 2);
        CU_ASSERT_DOUBLE_EQUAL(e[0].p_holm, 0.06, 1e-12);
        CU_ASSERT_EQUAL(e[0].verdict, STATS_INCONCLUSIVE);
        /* the decision function marks what is tested */
        struct stats_metric_decision x = decide(5.0, 1, 10);
        CU_ASSERT_TRUE(x.tested);
        struct stats_metric_input same = {.metric = "BP", .basis = STATS_BASIS_IDENTICAL, .n = 10};
        stats_decide_metric(&p, &same, &x);
        CU_ASSERT_FALSE(x.tested);
}

/* Increase-only: replications needed are measured to +T1 from the mean:
 * mean -0.5, SD 1, T1 2 -> gap 2.5: t_{0.95,n-1} / sqrt(n) < 2.5 first at
 * n = 2 (6.313752 / 1.414 = 4.46 no; n = 3: 2.919986 / 1.732 = 1.69 yes). */
static void test_increase_replications(void)
{
        struct stats_policy p = policy();
        p.direction = STATS_DIR_INCREASE;
        struct stats_metric_input in = paired_input(&p, -0.5, 1, 2);
        struct stats_metric_decision d;
        stats_decide_metric(&p, &in, &d);
        CU_ASSERT_EQUAL(d.verdict, STATS_INCONCLUSIVE);
        stats_verdict_holm(&p, &d, 1);
        CU_ASSERT_EQUAL(d.replications_needed, 3);
}

/* The claim p-value: mean 3, SD 2, n = 10 -> t = (3 - 2) / (2 / sqrt(10)) =
 * 1.5811; one-sided P(T_9 > 1.5811) = 0.07415 (t table: t_{0.90,9} = 1.383,
 * t_{0.95,9} = 1.833, so between 0.05 and 0.10): not a claim, and the
 * interval agrees (3 - 1.833 x 0.632 = 1.84 < 2). */
static void test_claim_p(void)
{
        struct stats_metric_decision d = decide(3, 2, 10);
        CU_ASSERT_FALSE(d.claim);
        CU_ASSERT_EQUAL(d.verdict, STATS_INCONCLUSIVE);
        CU_ASSERT(d.p_claim > 0.05 && d.p_claim < 0.10);
        CU_ASSERT_DOUBLE_EQUAL(d.p_claim, 0.07415, 5e-4);
        /* SD 1: t = 3.162, P(T_9 > 3.162) = 0.00576 (Python: midpoint
         * integration of the t density; t table: between 0.005 and 0.01):
         * a claim */
        d = decide(3, 1, 10);
        CU_ASSERT_TRUE(d.claim);
        CU_ASSERT_DOUBLE_EQUAL(d.p_claim, 0.00576, 5e-5);
}

/* Run times: 10 % slower in every run is significant beyond 5 %; 2 % is not;
 * alternating 0.9x / 1.3x is not significant at n = 4. */
static void test_perf(void)
{
        struct stats_policy p = policy();
        double l[6] = {1, 1.1, 0.9, 1.05, 1.2, 1}, o[6];
        struct stats_perf perf;
        for (int i = 0; i < 6; i++)
                o[i] = l[i] * (1.10 + 0.001 * i);
        CU_ASSERT_EQUAL(stats_perf_compare(&p, l, o, 6, &perf), RG_OK);
        CU_ASSERT_TRUE(perf.slower);
        CU_ASSERT(perf.ratio > 1.10 && perf.ratio < 1.11);
        for (int i = 0; i < 6; i++)
                o[i] = l[i] * (1.02 + 0.001 * i);
        CU_ASSERT_EQUAL(stats_perf_compare(&p, l, o, 6, &perf), RG_OK);
        CU_ASSERT_FALSE(perf.slower);
        double a[4] = {1, 1, 1, 1}, b[4] = {0.9, 1.3, 0.9, 1.3};
        CU_ASSERT_EQUAL(stats_perf_compare(&p, a, b, 4, &perf), RG_OK);
        CU_ASSERT_FALSE(perf.slower);
        CU_ASSERT_EQUAL(stats_perf_compare(&p, a, b, 1, &perf), RG_RANGE);
        double z[2] = {0, 1};
        CU_ASSERT_EQUAL(stats_perf_compare(&p, z, a, 2, &perf), RG_RANGE);
}

/* Labels never round to a level that is not the one used. */
static void test_percent_labels(void)
{
        char b[16];
        stats_percent(0.95, b, sizeof(b));
        CU_ASSERT_STRING_EQUAL(b, "95");
        stats_percent(1 - 2 * (1 - 0.95), b, sizeof(b));
        CU_ASSERT_STRING_EQUAL(b, "90");
        stats_percent(0.999, b, sizeof(b));
        CU_ASSERT_STRING_EQUAL(b, "99.9");
        stats_percent(1 - 2 * (1 - 0.999), b, sizeof(b));
        CU_ASSERT_STRING_EQUAL(b, "99.8");
        stats_percent(0.975, b, sizeof(b));
        CU_ASSERT_STRING_EQUAL(b, "97.5");
        /* a reason quotes the decision level the same way */
        struct stats_policy pol;
        stats_policy_default(&pol);
        pol.confidence = 0.999;
        struct stats_metric_input in = {.metric = "BP",
                                        .basis = STATS_BASIS_PAIRED,
                                        .unit = "pp",
                                        .mean = 0.1,
                                        .lo = -0.5,
                                        .hi = 0.7,
                                        .sd = 0.3,
                                        .n = 10};
        struct stats_metric_decision d;
        stats_decide_metric(&pol, &in, &d);
        CU_ASSERT_EQUAL(d.verdict, STATS_PASS);
        CU_ASSERT_PTR_NOT_NULL(strstr(d.reason, "99.8 % decision interval"));
}

/* Identical runs pass only when the requests compared bound the deviation
 * inside T1.  50 requests: 1 - 0.05^(1/50) = 0.058155 (Python), 5.8155 pp;
 * the requests for 2 pp: ln 0.05 / ln 0.98 = 148.28 (Python) -> 149. */
static void test_identical_needs_enough_requests(void)
{
        struct stats_policy pol;
        stats_policy_default(&pol);
        struct stats_metric_input in = {.metric = "BP",
                                        .basis = STATS_BASIS_IDENTICAL,
                                        .unit = "pp",
                                        .n = 1,
                                        .requests = 50,
                                        .lo = -5.8155,
                                        .hi = 5.8155};
        struct stats_metric_decision d;
        stats_decide_metric(&pol, &in, &d);
        CU_ASSERT_EQUAL(d.verdict, STATS_INCONCLUSIVE);
        CU_ASSERT_EQUAL(d.requests_needed, 149);
        CU_ASSERT_FALSE(d.tested);
        CU_ASSERT_PTR_NOT_NULL(
            strstr(d.reason, "50 requests bound the deviation only below 5.82 pp"));
        /* 100 000 requests: 0.002996 pp, far inside */
        in.requests = 100000;
        in.lo = -0.002996;
        in.hi = 0.002996;
        stats_decide_metric(&pol, &in, &d);
        CU_ASSERT_EQUAL(d.verdict, STATS_PASS);
        CU_ASSERT_EQUAL(d.requests_needed, 0);
        /* exactly T1 is not inside */
        in.lo = -2;
        in.hi = 2;
        stats_decide_metric(&pol, &in, &d);
        CU_ASSERT_EQUAL(d.verdict, STATS_INCONCLUSIVE);
        /* nothing admitted on either path: nothing was exercised */
        in.hi = 0.001;
        in.nothing_admitted = true;
        stats_decide_metric(&pol, &in, &d);
        CU_ASSERT_EQUAL(d.verdict, STATS_INCONCLUSIVE);
        CU_ASSERT_PTR_NOT_NULL(strstr(d.reason, "every request was blocked on both paths"));
}

/* A metric a path did not report can never pass. */
static void test_unavailable_is_inconclusive(void)
{
        struct stats_policy pol;
        stats_policy_default(&pol);
        struct stats_metric_input in = {.metric = "BBP", .basis = STATS_BASIS_UNAVAILABLE, .n = 5};
        struct stats_metric_decision d;
        stats_decide_metric(&pol, &in, &d);
        CU_ASSERT_EQUAL(d.verdict, STATS_INCONCLUSIVE);
        CU_ASSERT_FALSE(d.tested);
        CU_ASSERT_FALSE(d.claim);
        CU_ASSERT_PTR_NOT_NULL(strstr(d.reason, "cannot be judged"));
        CU_ASSERT_STRING_EQUAL(stats_basis_name(STATS_BASIS_UNAVAILABLE), "unavailable");
}

TEST_MAIN("verdict", TEST(test_defaults_and_names), TEST(test_percent_labels),
          TEST(test_unavailable_is_inconclusive), TEST(test_identical_needs_enough_requests),
          TEST(test_pass_inside), TEST(test_exactly_t1_is_not_pass),
          TEST(test_interval_and_p_agree), TEST(test_replications_at_holm_level),
          TEST(test_exactly_t2_is_emergency), TEST(test_straddle_is_inconclusive),
          TEST(test_increase_only), TEST(test_identical_and_exact), TEST(test_holm),
          TEST(test_increase_replications), TEST(test_claim_p), TEST(test_perf))
