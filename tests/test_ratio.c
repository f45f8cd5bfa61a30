#include <math.h>

#include "../stats/ratio.h"
#include "testutil.h"

/*
 * Hand example, n = 5, num = O, den = L (the paired example of test_paired.c):
 *   a = mean O = 12.2, b = mean L = 11, R = 12.2 / 11 = 1.109090909
 *   v11 = 5.7 / 5 = 1.14, v22 = 2.5 / 5 = 0.5, v12 = 3.75 / 5 = 0.75
 *   t = t_{0.975,4} = 2.776445 (t table), t^2 = 7.708647
 *   g = 7.708647 * 0.5 / 121 = 0.031854 < 1: bounded
 * Fieller's limits are the roots of (a - R b)^2 = t^2 (v11 - 2 R v12 + R^2 v22):
 *   R^2 (b^2 - t^2 v22) - 2 R (a b - t^2 v12) + (a^2 - t^2 v11) = 0
 * solved with the quadratic formula in Python (math only):
 *   lo = 1.017614798, hi = 1.174843663
 * (the code uses the g-form of the same roots, so this is an independent route).
 */
static const double hand_den[] = {10, 12, 9, 11, 13};
static const double hand_num[] = {11, 14, 9, 12, 15};

static void test_hand_example(void)
{
        struct stats_ratio r;
        CU_ASSERT_EQUAL_FATAL(stats_ratio_fieller(hand_num, hand_den, 5, 0.95, &r), RG_OK);
        CU_ASSERT_FALSE(r.unbounded);
        CU_ASSERT_DOUBLE_EQUAL(r.estimate, 12.2 / 11.0, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(r.lo, 1.017614798, 1e-7);
        CU_ASSERT_DOUBLE_EQUAL(r.hi, 1.174843663, 1e-7);
}

/* Property: each limit satisfies Fieller's defining equality. */
static void test_limits_solve_fieller_equation(void)
{
        struct stats_ratio r;
        CU_ASSERT_EQUAL_FATAL(stats_ratio_fieller(hand_num, hand_den, 5, 0.95, &r), RG_OK);
        const double a = 12.2, b = 11, v11 = 1.14, v22 = 0.5, v12 = 0.75, t = 2.776445;
        const double lim[] = {r.lo, r.hi};
        for (int i = 0; i < 2; i++) {
                double R = lim[i];
                double lhs = (a - R * b) * (a - R * b);
                double rhs = t * t * (v11 - 2 * R * v12 + R * R * v22);
                CU_ASSERT_DOUBLE_EQUAL(lhs, rhs, 1e-5 * rhs);
        }
}

/* A narrower level gives a nested interval around the estimate. */
static void test_level_nesting(void)
{
        struct stats_ratio r95, r90;
        CU_ASSERT_EQUAL_FATAL(stats_ratio_fieller(hand_num, hand_den, 5, 0.95, &r95), RG_OK);
        CU_ASSERT_EQUAL_FATAL(stats_ratio_fieller(hand_num, hand_den, 5, 0.90, &r90), RG_OK);
        CU_ASSERT(r95.lo < r90.lo && r90.lo < r90.estimate);
        CU_ASSERT(r90.estimate < r90.hi && r90.hi < r95.hi);
}

/*
 * Constant denominator: v22 = v12 = 0, g = 0, and Fieller reduces to
 * a/b -/+ t sqrt(v11) / |b|.  num = 1 2 3 6: mean 3, SS 4 + 1 + 0 + 9 = 14,
 * var 14/3, v11 = 7/6; den = 4: R = 0.75; t_{0.975,3} = 3.182446 (t table):
 * half = 3.182446 * sqrt(7/6) / 4 = 0.859358638, interval [-0.109358638, 1.609358638].
 */
static void test_constant_denominator(void)
{
        const double num[] = {1, 2, 3, 6};
        const double den[] = {4, 4, 4, 4};
        struct stats_ratio r;
        CU_ASSERT_EQUAL_FATAL(stats_ratio_fieller(num, den, 4, 0.95, &r), RG_OK);
        CU_ASSERT_FALSE(r.unbounded);
        CU_ASSERT_DOUBLE_EQUAL(r.estimate, 0.75, 1e-15);
        CU_ASSERT_DOUBLE_EQUAL(r.lo, -0.109358638, 1e-6);
        CU_ASSERT_DOUBLE_EQUAL(r.hi, 1.609358638, 1e-6);
}

/*
 * Denominator near zero with spread: den = .5 -.3 .8 -.2 .4, mean 0.24,
 * deviations .26 -.54 .56 -.44 .16, SS .0676 + .2916 + .3136 + .1936 + .0256
 * = .892, var .223, v22 = .0446; g = 7.708647 * .0446 / .0576 = 5.97 >= 1.
 */
static void test_unbounded(void)
{
        const double num[] = {1, 2, 3, 4, 5};
        const double den[] = {0.5, -0.3, 0.8, -0.2, 0.4};
        struct stats_ratio r;
        CU_ASSERT_EQUAL_FATAL(stats_ratio_fieller(num, den, 5, 0.95, &r), RG_OK);
        CU_ASSERT_TRUE(r.unbounded);
        CU_ASSERT_DOUBLE_EQUAL(r.estimate, 3.0 / 0.24, 1e-9);
        CU_ASSERT(isinf(r.lo) && r.lo < 0);
        CU_ASSERT(isinf(r.hi) && r.hi > 0);
}

static void test_zero_denominator_mean(void)
{
        const double num[] = {1, 2, 3, 4};
        const double den[] = {-1, 1, -1, 1};
        struct stats_ratio r;
        CU_ASSERT_EQUAL_FATAL(stats_ratio_fieller(num, den, 4, 0.95, &r), RG_OK);
        CU_ASSERT_TRUE(r.unbounded);
        CU_ASSERT(isnan(r.estimate));
        CU_ASSERT(isinf(r.lo) && r.lo < 0);
        CU_ASSERT(isinf(r.hi) && r.hi > 0);
}

static void test_rejects_bad_input(void)
{
        const double bad[] = {10, 12, INFINITY, 11, 13};
        struct stats_ratio r = {.estimate = -7};
        CU_ASSERT_EQUAL(stats_ratio_fieller(hand_num, hand_den, 1, 0.95, &r), RG_RANGE);
        CU_ASSERT_EQUAL(stats_ratio_fieller(hand_num, hand_den, 5, 0.0, &r), RG_RANGE);
        CU_ASSERT_EQUAL(stats_ratio_fieller(hand_num, hand_den, 5, 1.0, &r), RG_RANGE);
        CU_ASSERT_EQUAL(stats_ratio_fieller(hand_num, bad, 5, 0.95, &r), RG_RANGE);
        CU_ASSERT_EQUAL(stats_ratio_fieller(bad, hand_den, 5, 0.95, &r), RG_RANGE);
        CU_ASSERT_EQUAL(r.estimate, -7);
}

TEST_MAIN("ratio", TEST(test_hand_example), TEST(test_limits_solve_fieller_equation),
          TEST(test_level_nesting), TEST(test_constant_denominator), TEST(test_unbounded),
          TEST(test_zero_denominator_mean), TEST(test_rejects_bad_input))
