#include <math.h>

#include "../stats/categorical.h"
#include "testutil.h"

/*
 * 2 x 3 table   a = 10 20 30 (60),  b = 20 20 20 (60),  columns 30 40 50, N 120.
 * Expected (each row holds half): 15 20 25 in both rows.
 * Terms: a: 25/15 + 0 + 25/25, b: 25/15 + 0 + 25/25; sum = 10/3 + 2 = 16/3.
 * df = (2 - 1)(3 - 1) = 2; the chi-square(2) upper tail is exp(-x/2), so
 * p = exp(-8/3) = 0.0694834512 (Python math).
 */
static void test_hand_2x3(void)
{
        const double a[] = {10, 20, 30};
        const double b[] = {20, 20, 20};
        struct stats_chisq c;
        CU_ASSERT_EQUAL_FATAL(stats_chisq_2xk(a, b, 3, &c), RG_OK);
        CU_ASSERT_EQUAL(c.df, 2);
        CU_ASSERT_DOUBLE_EQUAL(c.statistic, 16.0 / 3.0, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(c.p_value, 0.0694834512, 1e-10);
}

/* Categories neither path produced change nothing. */
static void test_drops_empty_categories(void)
{
        const double a[] = {0, 10, 0, 20, 30, 0};
        const double b[] = {0, 20, 0, 20, 20, 0};
        struct stats_chisq c;
        CU_ASSERT_EQUAL_FATAL(stats_chisq_2xk(a, b, 6, &c), RG_OK);
        CU_ASSERT_EQUAL(c.df, 2);
        CU_ASSERT_DOUBLE_EQUAL(c.statistic, 16.0 / 3.0, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(c.p_value, 0.0694834512, 1e-10);
}

/* 2 x 2: a = 10 20, b = 20 10, all expected 15: 4 * 25 / 15 = 20/3, df 1;
 * chi-square(1) upper tail = erfc(sqrt(x / 2)) = erfc(sqrt(10/3)) = 0.0098232745. */
static void test_hand_2x2(void)
{
        const double a[] = {10, 20};
        const double b[] = {20, 10};
        struct stats_chisq c;
        CU_ASSERT_EQUAL_FATAL(stats_chisq_2xk(a, b, 2, &c), RG_OK);
        CU_ASSERT_EQUAL(c.df, 1);
        CU_ASSERT_DOUBLE_EQUAL(c.statistic, 20.0 / 3.0, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(c.p_value, 0.0098232745, 1e-10);
}

/* Proportional rows (b = 2 a): every observed count equals its expectation. */
static void test_same_distribution(void)
{
        const double a[] = {5, 10, 15};
        const double b[] = {10, 20, 30};
        struct stats_chisq c;
        CU_ASSERT_EQUAL_FATAL(stats_chisq_2xk(a, b, 3, &c), RG_OK);
        CU_ASSERT_EQUAL(c.df, 2);
        CU_ASSERT_DOUBLE_EQUAL(c.statistic, 0.0, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(c.p_value, 1.0, 1e-12);
}

/* Only one category used by anyone: df 0, nothing to compare. */
static void test_df_zero(void)
{
        const double a[] = {0, 5, 0};
        const double b[] = {0, 7, 0};
        struct stats_chisq c;
        CU_ASSERT_EQUAL_FATAL(stats_chisq_2xk(a, b, 3, &c), RG_OK);
        CU_ASSERT_EQUAL(c.df, 0);
        CU_ASSERT_EQUAL(c.statistic, 0.0);
        CU_ASSERT_EQUAL(c.p_value, 1.0);
}

static void test_chisq_rejects_bad_input(void)
{
        const double a[] = {1, 2};
        const double neg[] = {1, -2};
        const double zero[] = {0, 0};
        const double nan_c[] = {1, NAN};
        struct stats_chisq c = {.df = -7};
        CU_ASSERT_EQUAL(stats_chisq_2xk(a, a, 0, &c), RG_RANGE);
        CU_ASSERT_EQUAL(stats_chisq_2xk(a, neg, 2, &c), RG_RANGE);
        CU_ASSERT_EQUAL(stats_chisq_2xk(zero, a, 2, &c), RG_RANGE);
        CU_ASSERT_EQUAL(stats_chisq_2xk(a, zero, 2, &c), RG_RANGE);
        CU_ASSERT_EQUAL(stats_chisq_2xk(a, nan_c, 2, &c), RG_RANGE);
        CU_ASSERT_EQUAL(c.df, -7);
}

/* 9 of 10 pairs with y > x: P(X <= 1) = (1 + 10) / 1024 for X ~ Bin(10, 1/2),
 * two-sided p = 22/1024 = 0.021484375; share 9/10. */
static void test_sign_nine_of_ten(void)
{
        const double x[] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        const double y[] = {2, 2, 2, 2, 2, 2, 2, 2, 2, 0};
        struct stats_sign s;
        CU_ASSERT_EQUAL_FATAL(stats_sign_test(x, y, 10, &s), RG_OK);
        CU_ASSERT_EQUAL(s.above, 9);
        CU_ASSERT_EQUAL(s.below, 1);
        CU_ASSERT_EQUAL(s.ties, 0);
        CU_ASSERT_DOUBLE_EQUAL(s.share, 0.9, 1e-15);
        CU_ASSERT_DOUBLE_EQUAL(s.p_value, 0.021484375, 1e-14);
}

/* Ties are set aside; the other direction: 8 below, 2 above, 3 ties.
 * P(X <= 2) = (1 + 10 + 45) / 1024 = 56/1024, p = 112/1024 = 0.109375. */
static void test_sign_ties_and_direction(void)
{
        const double x[] = {5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5};
        const double y[] = {4, 4, 4, 4, 4, 4, 4, 4, 6, 6, 5, 5, 5};
        struct stats_sign s;
        CU_ASSERT_EQUAL_FATAL(stats_sign_test(x, y, 13, &s), RG_OK);
        CU_ASSERT_EQUAL(s.above, 2);
        CU_ASSERT_EQUAL(s.below, 8);
        CU_ASSERT_EQUAL(s.ties, 3);
        CU_ASSERT_DOUBLE_EQUAL(s.share, 0.8, 1e-15);
        CU_ASSERT_DOUBLE_EQUAL(s.p_value, 0.109375, 1e-14);
}

/* 5 / 5: 2 * P(X <= 5) = 2 * 638/1024 > 1, capped at 1. */
static void test_sign_balanced(void)
{
        const double x[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        const double y[] = {1, -1, 1, -1, 1, -1, 1, -1, 1, -1};
        struct stats_sign s;
        CU_ASSERT_EQUAL_FATAL(stats_sign_test(x, y, 10, &s), RG_OK);
        CU_ASSERT_EQUAL(s.above, 5);
        CU_ASSERT_EQUAL(s.below, 5);
        CU_ASSERT_DOUBLE_EQUAL(s.share, 0.5, 1e-15);
        CU_ASSERT_EQUAL(s.p_value, 1.0);
}

static void test_sign_no_untied_pair(void)
{
        const double x[] = {1, 2, 3};
        struct stats_sign s;
        CU_ASSERT_EQUAL_FATAL(stats_sign_test(x, x, 3, &s), RG_OK);
        CU_ASSERT_EQUAL(s.ties, 3);
        CU_ASSERT_EQUAL(s.above + s.below, 0);
        CU_ASSERT_EQUAL(s.share, 0.0);
        CU_ASSERT_EQUAL(s.p_value, 1.0);
        CU_ASSERT_EQUAL_FATAL(stats_sign_test(x, x, 0, &s), RG_OK);
        CU_ASSERT_EQUAL(s.ties, 0);
        CU_ASSERT_EQUAL(s.p_value, 1.0);
}

static void test_sign_rejects_bad_input(void)
{
        const double x[] = {1, 2};
        const double y[] = {1, NAN};
        struct stats_sign s = {.above = -7};
        CU_ASSERT_EQUAL(stats_sign_test(x, y, 2, &s), RG_RANGE);
        CU_ASSERT_EQUAL(stats_sign_test(x, x, -1, &s), RG_RANGE);
        CU_ASSERT_EQUAL(s.above, -7);
}

/* Over-dispersed counts: {10, 30} vs {30, 10} give Pearson's 4 x 10^2 / 20
 * = 20 on 1 df; with a design effect of 4 the statistic is 5 and
 * P(chi2_1 > 5) = 0.025347 (chi-square table: 0.0253). */
static void test_dispersed(void)
{
        const double a[2] = {10, 30}, b[2] = {30, 10};
        struct stats_chisq c;
        CU_ASSERT_EQUAL_FATAL(stats_chisq_2xk(a, b, 2, &c), RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(c.statistic, 20, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(c.dispersion, 1, 0);
        CU_ASSERT_EQUAL_FATAL(stats_chisq_2xk_dispersed(a, b, 2, 4, &c), RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(c.statistic, 5, 1e-12);
        CU_ASSERT_EQUAL(c.df, 1);
        CU_ASSERT_DOUBLE_EQUAL(c.p_value, 0.025347, 1e-5);
        CU_ASSERT_DOUBLE_EQUAL(c.dispersion, 4, 0);
        CU_ASSERT_EQUAL(stats_chisq_2xk_dispersed(a, b, 2, 0.5, &c), RG_RANGE);
}

TEST_MAIN("categorical", TEST(test_dispersed), TEST(test_hand_2x3),
          TEST(test_drops_empty_categories), TEST(test_hand_2x2), TEST(test_same_distribution),
          TEST(test_df_zero), TEST(test_chisq_rejects_bad_input), TEST(test_sign_nine_of_ten),
          TEST(test_sign_ties_and_direction), TEST(test_sign_balanced),
          TEST(test_sign_no_untied_pair), TEST(test_sign_rejects_bad_input))
