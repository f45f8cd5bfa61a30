#include <math.h>

#include "../stats/exact.h"
#include "testutil.h"

/* P(X <= k) for X ~ Binomial(n, p), summed term by term from the pmf
 * (log C(n, i) via lgamma, log(1 - p) via log1p): independent of the beta
 * functions the code under test uses. */
static double binom_cdf(int k, double n, double p)
{
        double s = 0.0;
        for (int i = 0; i <= k; i++)
                s += exp(lgamma(n + 1) - lgamma(i + 1.0) - lgamma(n - i + 1) + i * log(p) +
                         (n - i) * log1p(-p));
        return s;
}

/* k = 0: lo = 0, hi solves (1 - hi)^n = alpha/2, i.e. hi = 1 - (alpha/2)^(1/n);
 * n = 10, level 0.95: 1 - 0.025^0.1 = 0.30849710781876083 (Python). */
static void test_zero_successes(void)
{
        double lo = -1, hi = -1;
        CU_ASSERT_EQUAL_FATAL(stats_clopper_pearson(0, 10, 0.95, &lo, &hi), RG_OK);
        CU_ASSERT_EQUAL(lo, 0.0);
        CU_ASSERT_DOUBLE_EQUAL(hi, 0.30849710781876083, 1e-15);
        /* level 0.99: 1 - 0.005^(1/20) = 0.23272950098907452 (Python) */
        CU_ASSERT_EQUAL_FATAL(stats_clopper_pearson(0, 20, 0.99, &lo, &hi), RG_OK);
        CU_ASSERT_EQUAL(lo, 0.0);
        CU_ASSERT_DOUBLE_EQUAL(hi, 0.23272950098907452, 1e-15);
}

/* k = n: hi = 1, lo = (alpha/2)^(1/n) = 0.025^0.1 = 0.6915028921812392. */
static void test_all_successes(void)
{
        double lo = -1, hi = -1;
        CU_ASSERT_EQUAL_FATAL(stats_clopper_pearson(10, 10, 0.95, &lo, &hi), RG_OK);
        CU_ASSERT_EQUAL(hi, 1.0);
        CU_ASSERT_DOUBLE_EQUAL(lo, 0.6915028921812392, 1e-15);
}

/* k = 3 of 10: published 95 % Clopper-Pearson interval (0.0667, 0.6525); by
 * bisection on the exact binomial tails in Python (math.comb):
 * lo = 0.06673951117773447, hi = 0.6524528500599973. */
static void test_middle_value(void)
{
        double lo, hi;
        CU_ASSERT_EQUAL_FATAL(stats_clopper_pearson(3, 10, 0.95, &lo, &hi), RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(lo, 0.06673951117773447, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(hi, 0.6524528500599973, 1e-12);
        /* defining tails: P(X >= 3 | lo) = P(X <= 3 | hi) = alpha/2 */
        CU_ASSERT_DOUBLE_EQUAL(1.0 - binom_cdf(2, 10, lo), 0.025, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(binom_cdf(3, 10, hi), 0.025, 1e-12);
}

/* The shape of a low-signal load: a handful of blocked requests among very
 * many (gsl_cdf_beta_Pinv returns NaN here).  Checked by the tail property. */
static void test_large_n_tail_property(void)
{
        const int ks[] = {1, 3, 50};
        const double ns[] = {1e5, 1e6};
        for (int j = 0; j < 2; j++) {
                for (int i = 0; i < 3; i++) {
                        double lo, hi;
                        CU_ASSERT_EQUAL_FATAL(stats_clopper_pearson(ks[i], ns[j], 0.95, &lo, &hi),
                                              RG_OK);
                        CU_ASSERT(0.0 < lo && lo < ks[i] / ns[j] && ks[i] / ns[j] < hi);
                        CU_ASSERT_DOUBLE_EQUAL(1.0 - binom_cdf(ks[i] - 1, ns[j], lo), 0.025, 1e-9);
                        CU_ASSERT_DOUBLE_EQUAL(binom_cdf(ks[i], ns[j], hi), 0.025, 1e-9);
                }
        }
}

static void test_rejects_bad_input(void)
{
        double lo = -7, hi = -7;
        CU_ASSERT_EQUAL(stats_clopper_pearson(11, 10, 0.95, &lo, &hi), RG_RANGE);
        CU_ASSERT_EQUAL(stats_clopper_pearson(-1, 10, 0.95, &lo, &hi), RG_RANGE);
        CU_ASSERT_EQUAL(stats_clopper_pearson(0, 0, 0.95, &lo, &hi), RG_RANGE);
        CU_ASSERT_EQUAL(stats_clopper_pearson(3, 10, 1.0, &lo, &hi), RG_RANGE);
        CU_ASSERT_EQUAL(stats_clopper_pearson(3, 10, 0.0, &lo, &hi), RG_RANGE);
        CU_ASSERT_EQUAL(stats_clopper_pearson(NAN, 10, 0.95, &lo, &hi), RG_RANGE);
        CU_ASSERT_EQUAL(stats_clopper_pearson(3, INFINITY, 0.95, &lo, &hi), RG_RANGE);
        CU_ASSERT_EQUAL(lo, -7);
        CU_ASSERT_EQUAL(hi, -7);
}

TEST_MAIN("exact", TEST(test_zero_successes), TEST(test_all_successes), TEST(test_middle_value),
          TEST(test_large_n_tail_property), TEST(test_rejects_bad_input))
