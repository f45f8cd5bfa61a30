#include <math.h>

#include "../stats/paired.h"
#include "testutil.h"

/*
 * Hand example, n = 5:
 *   L = 10 12  9 11 13   mean 11,   deviations -1 1 -2 0 2,        SS 10,   var 2.5
 *   O = 11 14  9 12 15   mean 12.2, deviations -1.2 1.8 -3.2 -.2 2.8, SS 22.8, var 5.7
 *   d =  1  2  0  1  2   mean 1.2,  deviations -.2 .8 -1.2 -.2 .8,  SS 2.8,  var 0.7
 *   cross products 1.2 + 1.8 + 6.4 + 0 + 5.6 = 15, cov 3.75 (check: 2.5 + 5.7 - 2*3.75 = 0.7)
 *   sd d = sqrt(0.7) = 0.836660027, se = sqrt(0.14) = 0.374165739
 *   t = 1.2 / 0.374165739 = 3.207134903, df 4
 *   two-sided p, A&S 26.7.3 for even df 4: theta = atan(t / 2),
 *   p = 1 - sin(theta) (1 + cos^2(theta) / 2) = 0.0326779233 (Python math; a Simpson
 *   integration of the t density agrees to 1e-13)
 *   95 % CI: t_{0.975,4} = 2.776445 -> 1.2 -/+ 1.038850594 = [0.161149406, 2.238850594]
 *   90 % decision CI: t_{0.95,4} = 2.131847 -> 1.2 -/+ 0.797664108 = [0.402335892, 1.997664108]
 *   rho = 15 / sqrt(10 * 22.8) = 0.993399268
 *   variance reduction (2.5 + 5.7) / 0.7 = 11.714285714
 */
static const double hand_l[] = {10, 12, 9, 11, 13};
static const double hand_o[] = {11, 14, 9, 12, 15};

static void test_hand_example(void)
{
        struct stats_paired p;
        CU_ASSERT_EQUAL_FATAL(stats_paired(hand_l, hand_o, 5, 0.95, &p), RG_OK);
        CU_ASSERT_EQUAL(p.n, 5);
        CU_ASSERT_FALSE(p.identical);
        CU_ASSERT_DOUBLE_EQUAL(p.legacy.mean, 11.0, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(p.legacy.sd, sqrt(2.5), 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(p.orchestrator.mean, 12.2, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(p.orchestrator.sd, sqrt(5.7), 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(p.diff.mean, 1.2, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(p.diff.sd, 0.836660027, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(p.diff.se, 0.374165739, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(p.diff.lo, 0.161149406, 1e-6);
        CU_ASSERT_DOUBLE_EQUAL(p.diff.hi, 2.238850594, 1e-6);
        CU_ASSERT_DOUBLE_EQUAL(p.t_stat, 3.207134903, 1e-8);
        CU_ASSERT_DOUBLE_EQUAL(p.p_value, 0.0326779233, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(p.decision_lo, 0.402335892, 1e-6);
        CU_ASSERT_DOUBLE_EQUAL(p.decision_hi, 1.997664108, 1e-6);
        CU_ASSERT_DOUBLE_EQUAL(p.rho, 0.993399268, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(p.variance_reduction, 11.714285714, 1e-8);
}

/* Swapping the paths negates d: same |t| and p, mirrored intervals. */
static void test_swapped_paths_mirror(void)
{
        struct stats_paired p;
        CU_ASSERT_EQUAL_FATAL(stats_paired(hand_o, hand_l, 5, 0.95, &p), RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(p.diff.mean, -1.2, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(p.t_stat, -3.207134903, 1e-8);
        CU_ASSERT_DOUBLE_EQUAL(p.p_value, 0.0326779233, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(p.decision_lo, -1.997664108, 1e-6);
        CU_ASSERT_DOUBLE_EQUAL(p.decision_hi, -0.402335892, 1e-6);
}

/* alpha = 1 - level; decision level 1 - 2 alpha: 0.90 for 0.95, 0.98 for 0.99. */
static void test_decision_level(void)
{
        struct stats_paired p;
        CU_ASSERT_EQUAL_FATAL(stats_paired(hand_l, hand_o, 5, 0.95, &p), RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(p.decision_level, 0.90, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(p.diff.level, 0.95, 0.0);
        CU_ASSERT(p.decision_lo > p.diff.lo && p.decision_hi < p.diff.hi);
        CU_ASSERT_EQUAL_FATAL(stats_paired(hand_l, hand_o, 5, 0.99, &p), RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(p.decision_level, 0.98, 1e-12);
        /* t_{0.99,4} = 3.746947 (t table): half = 3.746947 * 0.374165739 = 1.401979 */
        CU_ASSERT_DOUBLE_EQUAL(p.decision_lo, 1.2 - 1.401979, 2e-6);
        CU_ASSERT_DOUBLE_EQUAL(p.decision_hi, 1.2 + 1.401979, 2e-6);
}

/* Both paths bit-identical: every d is 0, nothing to test. */
static void test_identical_inputs(void)
{
        const double x[] = {0.1, 0.25, 0.3, 0.7};
        struct stats_paired p;
        CU_ASSERT_EQUAL_FATAL(stats_paired(x, x, 4, 0.95, &p), RG_OK);
        CU_ASSERT_TRUE(p.identical);
        CU_ASSERT_EQUAL(p.p_value, 1.0);
        CU_ASSERT_EQUAL(p.t_stat, 0.0);
        CU_ASSERT_EQUAL(p.diff.mean, 0.0);
        CU_ASSERT_EQUAL(p.diff.se, 0.0);
        CU_ASSERT_EQUAL(p.decision_lo, 0.0);
        CU_ASSERT_EQUAL(p.decision_hi, 0.0);
        CU_ASSERT_DOUBLE_EQUAL(p.rho, 1.0, 1e-12);
        /* var L + var O > 0 = var d */
        CU_ASSERT(isinf(p.variance_reduction) && p.variance_reduction > 0);
}

/* d = 0.5 on every replication (exact in binary): no noise, a certain shift. */
static void test_constant_nonzero_difference(void)
{
        const double l[] = {1, 2, 3, 4};
        const double o[] = {1.5, 2.5, 3.5, 4.5};
        struct stats_paired p;
        CU_ASSERT_EQUAL_FATAL(stats_paired(l, o, 4, 0.95, &p), RG_OK);
        CU_ASSERT_FALSE(p.identical);
        CU_ASSERT_EQUAL(p.diff.se, 0.0);
        CU_ASSERT_EQUAL(p.p_value, 0.0);
        CU_ASSERT_EQUAL(p.t_stat, 0.0);
        CU_ASSERT_EQUAL(p.decision_lo, 0.5);
        CU_ASSERT_EQUAL(p.decision_hi, 0.5);
        CU_ASSERT_EQUAL(p.diff.lo, 0.5);
        CU_ASSERT_EQUAL(p.diff.hi, 0.5);
        CU_ASSERT(isinf(p.variance_reduction) && p.variance_reduction > 0);
        CU_ASSERT(p.rho <= 1.0);
        CU_ASSERT_DOUBLE_EQUAL(p.rho, 1.0, 1e-12);
}

/* Both paths constant: correlation and variance reduction are undefined. */
static void test_both_constant(void)
{
        const double l[] = {2, 2, 2};
        const double o[] = {3, 3, 3};
        struct stats_paired p;
        CU_ASSERT_EQUAL_FATAL(stats_paired(l, o, 3, 0.95, &p), RG_OK);
        CU_ASSERT(isnan(p.rho));
        CU_ASSERT(isnan(p.variance_reduction));
        CU_ASSERT_EQUAL(p.p_value, 0.0);
        CU_ASSERT_EQUAL(p.decision_lo, 1.0);
        CU_ASSERT_EQUAL(p.decision_hi, 1.0);
}

/*
 * Anti-correlated paths: L = 1 2 3, O = 3 2 1 (var 1 each, cov -1, rho -1);
 * d = 2 0 -2: mean 0, var 4, so t = 0 and p = 1, and pairing made things worse:
 * variance reduction (1 + 1) / 4 = 0.5.
 */
static void test_anticorrelated(void)
{
        const double l[] = {1, 2, 3};
        const double o[] = {3, 2, 1};
        struct stats_paired p;
        CU_ASSERT_EQUAL_FATAL(stats_paired(l, o, 3, 0.95, &p), RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(p.rho, -1.0, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(p.variance_reduction, 0.5, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(p.t_stat, 0.0, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(p.p_value, 1.0, 1e-12);
        CU_ASSERT_FALSE(p.identical);
}

static void test_rejects_bad_input(void)
{
        const double bad[] = {10, NAN, 9, 11, 13};
        struct stats_paired p = {.n = -7};
        CU_ASSERT_EQUAL(stats_paired(hand_l, hand_o, 1, 0.95, &p), RG_RANGE);
        CU_ASSERT_EQUAL(stats_paired(hand_l, hand_o, 5, 0.5, &p), RG_RANGE);
        CU_ASSERT_EQUAL(stats_paired(hand_l, hand_o, 5, 1.0, &p), RG_RANGE);
        CU_ASSERT_EQUAL(stats_paired(bad, hand_o, 5, 0.95, &p), RG_RANGE);
        CU_ASSERT_EQUAL(stats_paired(hand_l, bad, 5, 0.95, &p), RG_RANGE);
        CU_ASSERT_EQUAL(p.n, -7);
}

/*
 * sd 1, |mean| 1.4, threshold 2: the margin is 0.6.  With t table values
 *   n = 9:  t_{0.95,8} / 3        = 1.859548 / 3        = 0.619849 >= 0.6
 *   n = 10: t_{0.95,9} / sqrt(10) = 1.833113 / 3.162278 = 0.579681 <  0.6
 * so 10 replications are needed.
 */
static void test_replications_hand_case(void)
{
        CU_ASSERT_EQUAL(stats_replications_needed(1.4, 1.0, 2.0, 0.95, 1000), 10);
        CU_ASSERT_EQUAL(stats_replications_needed(-1.4, 1.0, 2.0, 0.95, 1000), 10);
        CU_ASSERT_EQUAL(stats_replications_needed(1.4, 1.0, 2.0, 0.95, 10), 10);
}

/*
 * sd 1, mean 0, threshold 1: t_{0.95,n-1} / sqrt(n) is 6.313752/1.414214 = 4.46,
 * 2.919986/1.732051 = 1.69, 2.353363/2 = 1.18, 2.131847/2.236068 = 0.953 for
 * n = 2..5, so 5 is the first below 1.
 */
static void test_replications_small_case(void)
{
        CU_ASSERT_EQUAL(stats_replications_needed(0.0, 1.0, 1.0, 0.95, 100), 5);
}

static void test_replications_conventions(void)
{
        /* |mean| >= threshold: no n can make the interval clear it */
        CU_ASSERT_EQUAL(stats_replications_needed(2.0, 1.0, 2.0, 0.95, 1000), 0);
        CU_ASSERT_EQUAL(stats_replications_needed(-2.5, 1.0, 2.0, 0.95, 1000), 0);
        /* cap: 10 are needed (above) but only 6 allowed -> max_n + 1 */
        CU_ASSERT_EQUAL(stats_replications_needed(1.4, 1.0, 2.0, 0.95, 6), 7);
        CU_ASSERT_EQUAL(stats_replications_needed(1.4, 1.0, 2.0, 0.95, 9), 10);
        /* zero spread: the smallest allowed n already decides */
        CU_ASSERT_EQUAL(stats_replications_needed(1.0, 0.0, 2.0, 0.95, 1000), 2);
}

/*
 * A large answer, to exercise the search beyond small n: sd 1, margin 0.01.
 * Normal approximation n ~ (1.644854 / 0.01)^2 = 27055.4.  With the t quantile
 * from A&S 26.7.5, t = z + (z^3 + z) / (4 df) + (5 z^5 + 16 z^3 + 3 z) / (96 df^2),
 * z = statistics.NormalDist().inv_cdf(0.95) (Python standard library),
 * t / sqrt(n) is 0.0100000531 at n = 27057 and 0.0099999868 at n = 27058; the
 * omitted O(1/df^3) term is ~1e-13, far below that gap.  So n = 27058.
 */
static void test_replications_large(void)
{
        CU_ASSERT_EQUAL(stats_replications_needed(0.0, 1.0, 0.01, 0.95, 1000000), 27058);
}

TEST_MAIN("paired", TEST(test_hand_example), TEST(test_swapped_paths_mirror),
          TEST(test_decision_level), TEST(test_identical_inputs),
          TEST(test_constant_nonzero_difference), TEST(test_both_constant),
          TEST(test_anticorrelated), TEST(test_rejects_bad_input),
          TEST(test_replications_hand_case), TEST(test_replications_small_case),
          TEST(test_replications_conventions), TEST(test_replications_large))
