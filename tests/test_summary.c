#include <math.h>

#include "../stats/summary.h"
#include "testutil.h"

/* x = 2 4 4 4 5 5 7 9: sum 40, mean 5; squared deviations 9 1 1 1 0 0 4 16 = 32,
 * so var = 32/7, sd = sqrt(32/7) = 2.138089935, se = sd / sqrt(8) = sqrt(4/7)
 * = 0.755928946; t_{0.975,7} = 2.364624 (t table) gives half = 1.787487728. */
static void test_hand_set(void)
{
        const double x[] = {2, 4, 4, 4, 5, 5, 7, 9};
        struct stats_summary s;
        CU_ASSERT_EQUAL_FATAL(stats_summarize(x, 8, 0.95, &s), RG_OK);
        CU_ASSERT_EQUAL(s.n, 8);
        CU_ASSERT_DOUBLE_EQUAL(s.mean, 5.0, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(s.sd, 2.138089935299395, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(s.se, 0.7559289460184544, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(s.level, 0.95, 0.0);
        CU_ASSERT_DOUBLE_EQUAL(s.lo, 5.0 - 1.787487728, 2e-6);
        CU_ASSERT_DOUBLE_EQUAL(s.hi, 5.0 + 1.787487728, 2e-6);
}

/* Same set at 90 %: t_{0.95,7} = 1.894579 (t table), half = 1.894579 * 0.755928946
 * = 1.432167. */
static void test_hand_set_level_90(void)
{
        const double x[] = {2, 4, 4, 4, 5, 5, 7, 9};
        struct stats_summary s;
        CU_ASSERT_EQUAL_FATAL(stats_summarize(x, 8, 0.90, &s), RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(s.lo, 5.0 - 1.432167, 2e-6);
        CU_ASSERT_DOUBLE_EQUAL(s.hi, 5.0 + 1.432167, 2e-6);
}

static void test_single_value(void)
{
        const double x[] = {3.5};
        struct stats_summary s;
        CU_ASSERT_EQUAL_FATAL(stats_summarize(x, 1, 0.95, &s), RG_OK);
        CU_ASSERT_EQUAL(s.n, 1);
        CU_ASSERT_EQUAL(s.mean, 3.5);
        CU_ASSERT_EQUAL(s.sd, 0.0);
        CU_ASSERT_EQUAL(s.se, 0.0);
        CU_ASSERT_EQUAL(s.lo, 3.5);
        CU_ASSERT_EQUAL(s.hi, 3.5);
}

/* 0.1 is not a dyadic number: a naive sum / n would give a mean a hair off
 * and a tiny non-zero sd; a constant sample must give exactly sd 0. */
static void test_zero_variance(void)
{
        const double x[] = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
        struct stats_summary s;
        CU_ASSERT_EQUAL_FATAL(stats_summarize(x, 7, 0.95, &s), RG_OK);
        CU_ASSERT_EQUAL(s.mean, 0.1);
        CU_ASSERT_EQUAL(s.sd, 0.0);
        CU_ASSERT_EQUAL(s.se, 0.0);
        CU_ASSERT_EQUAL(s.lo, 0.1);
        CU_ASSERT_EQUAL(s.hi, 0.1);
}

static void test_rejects_bad_input(void)
{
        const double x[] = {1, 2, 3};
        const double bad_nan[] = {1, NAN, 3};
        const double bad_inf[] = {1, INFINITY, 3};
        struct stats_summary s = {.n = -7};
        CU_ASSERT_EQUAL(stats_summarize(x, 0, 0.95, &s), RG_RANGE);
        CU_ASSERT_EQUAL(stats_summarize(x, 3, 0.0, &s), RG_RANGE);
        CU_ASSERT_EQUAL(stats_summarize(x, 3, 1.0, &s), RG_RANGE);
        CU_ASSERT_EQUAL(stats_summarize(x, 3, NAN, &s), RG_RANGE);
        CU_ASSERT_EQUAL(stats_summarize(bad_nan, 3, 0.95, &s), RG_RANGE);
        CU_ASSERT_EQUAL(stats_summarize(bad_inf, 3, 0.95, &s), RG_RANGE);
        CU_ASSERT_EQUAL(s.n, -7); /* untouched on error */
}

/* Published t table: t_{0.975,9} = 2.262157, t_{0.95,9} = 1.833113,
 * t_{0.975,1} = 12.706205; symmetric: t_{0.025,9} = -2.262157. */
static void test_t_quantile(void)
{
        CU_ASSERT_DOUBLE_EQUAL(stats_t_quantile(0.975, 9), 2.262157, 1e-6);
        CU_ASSERT_DOUBLE_EQUAL(stats_t_quantile(0.95, 9), 1.833113, 1e-6);
        CU_ASSERT_DOUBLE_EQUAL(stats_t_quantile(0.975, 1), 12.706205, 1e-6);
        CU_ASSERT_DOUBLE_EQUAL(stats_t_quantile(0.025, 9), -2.262157, 1e-6);
        CU_ASSERT(isnan(stats_t_quantile(0.975, 0.5)));
        CU_ASSERT(isnan(stats_t_quantile(1.0, 9)));
}

TEST_MAIN("summary", TEST(test_hand_set), TEST(test_hand_set_level_90), TEST(test_single_value),
          TEST(test_zero_variance), TEST(test_rejects_bad_input), TEST(test_t_quantile))
