#include <gsl/gsl_cdf.h>
#include <math.h>

#include "../stats/plan.h"
#include "testutil.h"

/* The comparison's defaults: alpha 0.05 one-sided, T1 2, one test, 80 %
 * power, O'Brien-Fleming, looks every 5 replications, N searched. */
static struct stats_plan_input input(double delta, double sigma)
{
        return (struct stats_plan_input){.delta = delta,
                                         .sigma = sigma,
                                         .t1 = 2,
                                         .alpha = 0.05,
                                         .holm_tests = 1,
                                         .direction = STATS_DIR_EITHER,
                                         .power = 0.8,
                                         .spending = STATS_SPEND_OBF,
                                         .batch = 5,
                                         .max_replications = 0};
}

static long fixed_n(const struct stats_plan_input *in)
{
        struct stats_plan_result r;
        CU_ASSERT_EQUAL_FATAL(stats_plan_metric(in, &r), RG_OK);
        CU_ASSERT_EQUAL(r.status, STATS_PLAN_OK);
        return r.fixed.n;
}

/*
 * sigma 1, T1 2, delta 0, alpha 0.05, power 0.8.  PASS power(n) =
 * 2 Phi(2 sqrt(n) - t_{.95,n-1}) - 1 >= 0.8 needs 2 sqrt(n) - t >= z_{.9} =
 * 1.2816.  Table values of t_{.95}: df 1 6.314, df 2 2.920, df 3 2.353.
 *   n = 2: 2.828 - 6.314 = -3.49   no
 *   n = 3: 3.464 - 2.920 =  0.544  no (power 2 Phi(0.544) - 1 = 0.41)
 *   n = 4: 4.000 - 2.353 =  1.647  yes (power 2 Phi(1.647) - 1 = 0.900)
 * so n = 4.
 */
static void test_fixed_pass_by_hand(void)
{
        struct stats_plan_input in = input(0, 1);
        struct stats_plan_result r;
        CU_ASSERT_EQUAL_FATAL(stats_plan_metric(&in, &r), RG_OK);
        CU_ASSERT_EQUAL(r.status, STATS_PLAN_OK);
        CU_ASSERT_EQUAL(r.expected, STATS_PLAN_PASS);
        CU_ASSERT_EQUAL(r.fixed.n, 4);
        CU_ASSERT_DOUBLE_EQUAL(r.fixed.power, 0.9004, 1e-3);
        CU_ASSERT_DOUBLE_EQUAL(stats_plan_fixed_power(&in, 3), 0.4136, 1e-3);
        CU_ASSERT(stats_plan_fixed_power(&in, 3) < 0.8);
}

/*
 * T1 0.5, the rest as above: 0.5 sqrt(n) - t_{.95,n-1} >= 1.2816.
 *   n = 35: 2.958 - 1.691 (df 34) = 1.267  no
 *   n = 36: 3.000 - 1.690 (df 35) = 1.310  yes
 * and with a deviation 0.25 inside T1 0.5 (only the near side counts,
 * roughly): Phi(0.25 sqrt(n) - t) + Phi(0.75 sqrt(n) - t) - 1 >= 0.8; at
 * n = 100: Phi(2.5 - 1.660) + Phi(7.5 - 1.660) - 1 = Phi(0.840) = 0.7995
 * no; n = 101: Phi(2.5125 - 1.6602) = Phi(0.8523) = 0.803 yes.
 */
static void test_fixed_small_gap_by_hand(void)
{
        struct stats_plan_input in = input(0, 1);
        in.t1 = 0.5;
        CU_ASSERT_EQUAL(fixed_n(&in), 36);
        in.delta = 0.25;
        CU_ASSERT_EQUAL(fixed_n(&in), 101);
        in.delta = -0.25; /* symmetric */
        CU_ASSERT_EQUAL(fixed_n(&in), 101);
}

/*
 * A rollback claim: delta 3, T1 2, sigma 1.  Power Phi(sqrt(n) - t') with
 * t' = t_{.95,n-1} for one test, >= 0.8 needs sqrt(n) - t' >= 0.8416:
 *   n = 7: 2.646 - 1.943 = 0.703  no;  n = 8: 2.828 - 1.895 = 0.933  yes
 * At the Holm level of two tests, t' = t_{.975,n-1}:
 *   n = 9: 3.000 - 2.306 = 0.694  no;  n = 10: 3.162 - 2.262 = 0.900  yes
 */
static void test_fixed_claim_by_hand(void)
{
        struct stats_plan_input in = input(3, 1);
        struct stats_plan_result r;
        CU_ASSERT_EQUAL_FATAL(stats_plan_metric(&in, &r), RG_OK);
        CU_ASSERT_EQUAL(r.expected, STATS_PLAN_ROLLBACK);
        CU_ASSERT_EQUAL(r.fixed.n, 8);
        in.delta = -3; /* the claim below -T1 */
        CU_ASSERT_EQUAL(fixed_n(&in), 8);
        in.holm_tests = 2;
        CU_ASSERT_EQUAL(fixed_n(&in), 10);
}

/*
 * Direction increase asks only the upper test.  delta 0, T1 1, sigma 1:
 * increase needs sqrt(n) - t_{.95,n-1} >= 0.8416 (n = 8, as the claim
 * above); either needs >= 1.2816: n = 9: 3.000 - 1.860 = 1.140 no, n = 10:
 * 3.162 - 1.833 = 1.329 yes.  A large decrease is a PASS when only
 * increases count, a rollback otherwise.
 */
static void test_fixed_direction(void)
{
        struct stats_plan_input in = input(0, 1);
        in.t1 = 1;
        CU_ASSERT_EQUAL(fixed_n(&in), 10);
        in.direction = STATS_DIR_INCREASE;
        CU_ASSERT_EQUAL(fixed_n(&in), 8);
        struct stats_plan_result r;
        in.delta = -5;
        CU_ASSERT_EQUAL_FATAL(stats_plan_metric(&in, &r), RG_OK);
        CU_ASSERT_EQUAL(r.expected, STATS_PLAN_PASS);
        CU_ASSERT_EQUAL(r.fixed.n, 2);
        in.direction = STATS_DIR_EITHER;
        CU_ASSERT_EQUAL_FATAL(stats_plan_metric(&in, &r), RG_OK);
        CU_ASSERT_EQUAL(r.expected, STATS_PLAN_ROLLBACK);
}

static void test_fixed_monotone(void)
{
        /* more power, more replications */
        const double power[] = {0.5, 0.7, 0.8, 0.9, 0.95, 0.99};
        long last = 0, first = 0;
        for (size_t i = 0; i < sizeof(power) / sizeof(power[0]); i++) {
                struct stats_plan_input in = input(0.5, 3);
                in.power = power[i];
                long n = fixed_n(&in);
                CU_ASSERT(n > last);
                if (i == 0)
                        first = n;
                last = n;
        }
        /* roughly (3 (1.645 + z_P) / 1.5)^2, plus what the far side of T1
         * and the t quantiles cost: 16 at 50 %, 64 at 99 % */
        CU_ASSERT(first < 20 && last > 55);
        /* a smaller gap to T1, more replications: PASS side... */
        const double pass_delta[] = {0, 0.5, 1, 1.5, 1.8, 1.95};
        last = 0;
        for (size_t i = 0; i < sizeof(pass_delta) / sizeof(pass_delta[0]); i++) {
                struct stats_plan_input in = input(pass_delta[i], 1);
                long n = fixed_n(&in);
                CU_ASSERT(n > last);
                last = n;
        }
        /* ...and claim side */
        const double claim_delta[] = {6, 4, 3, 2.5, 2.2, 2.05};
        last = 0;
        for (size_t i = 0; i < sizeof(claim_delta) / sizeof(claim_delta[0]); i++) {
                struct stats_plan_input in = input(claim_delta[i], 1);
                long n = fixed_n(&in);
                CU_ASSERT(n > last);
                last = n;
        }
}

/* delta 1.999 against T1 2: power at 4096 is about Phi(0.064 - 1.645) =
 * 0.057, far below 0.8: reported as beyond the cap with that power. */
static void test_fixed_over_cap(void)
{
        struct stats_plan_input in = input(1.999, 1);
        struct stats_plan_result r;
        CU_ASSERT_EQUAL_FATAL(stats_plan_metric(&in, &r), RG_OK);
        CU_ASSERT_EQUAL(r.status, STATS_PLAN_OK);
        CU_ASSERT_EQUAL(r.fixed.n, STATS_MAX_REPLICATIONS + 1);
        CU_ASSERT_DOUBLE_EQUAL(r.fixed.power, 0.057, 2e-3);
        CU_ASSERT_FALSE(r.seq.reached);
        CU_ASSERT(r.seq.p_expected < 0.8);
}

static void test_degenerate(void)
{
        struct stats_plan_result r;
        struct stats_plan_input in = input(1, 0);
        CU_ASSERT_EQUAL_FATAL(stats_plan_metric(&in, &r), RG_OK);
        CU_ASSERT_EQUAL(r.status, STATS_PLAN_NO_SPREAD);
        CU_ASSERT(isnan(stats_plan_fixed_power(&in, 10)));
        in = input(2, 1);
        CU_ASSERT_EQUAL_FATAL(stats_plan_metric(&in, &r), RG_OK);
        CU_ASSERT_EQUAL(r.status, STATS_PLAN_AT_THRESHOLD);
        in.delta = -2;
        CU_ASSERT_EQUAL_FATAL(stats_plan_metric(&in, &r), RG_OK);
        CU_ASSERT_EQUAL(r.status, STATS_PLAN_AT_THRESHOLD);
        in.direction = STATS_DIR_INCREASE; /* -2 is then a PASS expected */
        CU_ASSERT_EQUAL_FATAL(stats_plan_metric(&in, &r), RG_OK);
        CU_ASSERT_EQUAL(r.status, STATS_PLAN_OK);
        CU_ASSERT_EQUAL(r.expected, STATS_PLAN_PASS);
        CU_ASSERT(isnan(stats_plan_fixed_power(&in, 1)));
}

static void test_bad_input(void)
{
        struct stats_plan_result r;
        struct stats_plan_input in;
#define BAD(field, value)                                                                          \
        do {                                                                                       \
                in = input(0.5, 1);                                                                \
                in.field = value;                                                                  \
                CU_ASSERT_EQUAL(stats_plan_metric(&in, &r), RG_RANGE);                             \
        } while (0)
        BAD(alpha, 0);
        BAD(alpha, 0.5);
        BAD(power, 1);
        BAD(power, 0);
        BAD(t1, 0);
        BAD(sigma, -1);
        BAD(sigma, NAN);
        BAD(delta, INFINITY);
        BAD(holm_tests, 0);
        BAD(batch, 0);
        BAD(max_replications, 4);                           /* below the batch of 5 */
        BAD(max_replications, 5 * STATS_SEQ_MAX_LOOKS + 1); /* one look too many */
        BAD(max_replications, STATS_MAX_REPLICATIONS + 5);
#undef BAD
        in = input(0.5, 1);
        in.max_replications = 5 * STATS_SEQ_MAX_LOOKS;
        CU_ASSERT_EQUAL(stats_plan_metric(&in, &r), RG_OK);
        struct stats_plan_sequential s;
        CU_ASSERT_EQUAL(stats_plan_sequential(&in, 0, &s), RG_RANGE);
        CU_ASSERT_EQUAL(stats_plan_sequential(&in, 5 * STATS_SEQ_MAX_LOOKS + 1, &s), RG_RANGE);
}

/* Over a range of designs: probabilities that sum to 1, an expectation
 * between the first look and N. */
static void test_sequential_consistent(void)
{
        const double delta[] = {0, 1, -1.5, 2.5, -4, 8};
        const int n_max[] = {10, 23, 40};
        for (int f = 0; f < 2; f++)
                for (int dir = 0; dir < 2; dir++)
                        for (size_t i = 0; i < sizeof(delta) / sizeof(delta[0]); i++)
                                for (size_t j = 0; j < sizeof(n_max) / sizeof(n_max[0]); j++) {
                                        struct stats_plan_input in = input(delta[i], 2);
                                        in.spending = f ? STATS_SPEND_POCOCK : STATS_SPEND_OBF;
                                        in.direction = dir ? STATS_DIR_INCREASE : STATS_DIR_EITHER;
                                        in.holm_tests = 3;
                                        struct stats_plan_sequential s;
                                        CU_ASSERT_EQUAL_FATAL(
                                            stats_plan_sequential(&in, n_max[j], &s), RG_OK);
                                        CU_ASSERT_EQUAL(s.looks, (n_max[j] + 4) / 5);
                                        CU_ASSERT_DOUBLE_EQUAL(
                                            s.p_pass + s.p_rollback + s.p_undecided, 1, 1e-6);
                                        CU_ASSERT(s.p_pass >= -1e-12 && s.p_rollback >= -1e-12 &&
                                                  s.p_undecided >= -1e-12);
                                        CU_ASSERT(s.expected_n <= n_max[j] + 1e-9);
                                        CU_ASSERT(s.expected_n >= 5 - 1e-9);
                                        /* direction increase never claims a decrease */
                                        if (dir && delta[i] < 0)
                                                CU_ASSERT(s.p_rollback < 1e-6);
                                }
}

/*
 * One look (B = N) is the fixed design: a one-sided test at alpha (PASS:
 * both sides, at alpha each) and at alpha / m (the claim), with the known-
 * sigma Z held to Student's t quantile at N - 1 df as the fixed formula
 * does.  Z ~ N(mu, 1), mu = delta sqrt(N) / sigma, a = T1 sqrt(N) / sigma,
 * t = t_{1-alpha, N-1}, t' = t_{1-alpha/m, N-1}:
 *   P(PASS)     = Phi(a - t - mu) - Phi(-a + t - mu)
 *               = Phi((T1 - delta)/se - t) + Phi((T1 + delta)/se - t) - 1
 *   P(rollback) = Phi(-a - t' - mu) + 1 - Phi(a + t' - mu)
 */
static void test_sequential_one_look_is_fixed(void)
{
        const double delta[] = {0.5, -1, 2.6, -3.5};
        for (size_t i = 0; i < sizeof(delta) / sizeof(delta[0]); i++) {
                struct stats_plan_input in = input(delta[i], 1.5);
                in.holm_tests = 2;
                in.batch = 8;
                struct stats_plan_sequential s;
                CU_ASSERT_EQUAL_FATAL(stats_plan_sequential(&in, 8, &s), RG_OK);
                CU_ASSERT_EQUAL(s.looks, 1);
                double se = 1.5 / sqrt(8), z = gsl_cdf_tdist_Qinv(0.05, 7),
                       zc = gsl_cdf_tdist_Qinv(0.025, 7);
                double pass = gsl_cdf_ugaussian_P((2 - delta[i]) / se - z) +
                              gsl_cdf_ugaussian_P((2 + delta[i]) / se - z) - 1;
                double mu = delta[i] / se, a = 2 / se;
                double claim = gsl_cdf_ugaussian_P(-a - zc - mu) + gsl_cdf_ugaussian_Q(a + zc - mu);
                CU_ASSERT_DOUBLE_EQUAL(s.p_pass, fmax(0, pass), 1e-6);
                CU_ASSERT_DOUBLE_EQUAL(s.p_rollback, claim, 1e-6);
                CU_ASSERT_DOUBLE_EQUAL(s.expected_n, 8, 1e-9);
        }
        /* direction increase: P(PASS) = Phi((T1 - delta)/se - t) */
        struct stats_plan_input in = input(0.5, 1.5);
        in.direction = STATS_DIR_INCREASE;
        in.batch = 8;
        struct stats_plan_sequential s;
        CU_ASSERT_EQUAL_FATAL(stats_plan_sequential(&in, 8, &s), RG_OK);
        double se = 1.5 / sqrt(8);
        CU_ASSERT_DOUBLE_EQUAL(
            s.p_pass, gsl_cdf_ugaussian_P((2 - 0.5) / se - gsl_cdf_tdist_Qinv(0.05, 7)), 1e-6);
}

/* A drift far beyond T1: Z at the first look is about 50 sqrt(5) = 112,
 * far past even O'Brien-Fleming's strict first boundary (about 3.9 + T1
 * sqrt(5) = 8.4), so the design stops at the first look. */
static void test_sequential_huge_drift_stops_first(void)
{
        struct stats_plan_input in = input(50, 1);
        struct stats_plan_result r;
        in.max_replications = 20;
        CU_ASSERT_EQUAL_FATAL(stats_plan_metric(&in, &r), RG_OK);
        CU_ASSERT_EQUAL(r.expected, STATS_PLAN_ROLLBACK);
        CU_ASSERT_EQUAL(r.seq.looks, 4);
        CU_ASSERT_DOUBLE_EQUAL(r.seq.expected_n, 5, 1e-3);
        CU_ASSERT_DOUBLE_EQUAL(r.seq.p_rollback, 1, 1e-6);
        CU_ASSERT(r.seq.reached);
        CU_ASSERT_EQUAL(r.fixed.n, 2);
        /* and a PASS that is certain early: no deviation, a tiny spread */
        in = input(0, 0.01);
        in.max_replications = 20;
        CU_ASSERT_EQUAL_FATAL(stats_plan_metric(&in, &r), RG_OK);
        CU_ASSERT_EQUAL(r.expected, STATS_PLAN_PASS);
        CU_ASSERT_DOUBLE_EQUAL(r.seq.expected_n, 5, 1e-3);
        CU_ASSERT_DOUBLE_EQUAL(r.seq.p_pass, 1, 1e-6);
}

/* The N searched for is the smallest multiple of B that reaches the power:
 * it does, and the multiple below does not. */
static void test_sequential_search_smallest(void)
{
        const double delta[] = {0.3, 1.2, 2.8, -3.2};
        for (size_t i = 0; i < sizeof(delta) / sizeof(delta[0]); i++)
                for (int f = 0; f < 2; f++) {
                        struct stats_plan_input in = input(delta[i], 2);
                        in.spending = f ? STATS_SPEND_POCOCK : STATS_SPEND_OBF;
                        in.batch = 3;
                        struct stats_plan_result r;
                        CU_ASSERT_EQUAL_FATAL(stats_plan_metric(&in, &r), RG_OK);
                        CU_ASSERT_TRUE(r.seq.reached);
                        CU_ASSERT(r.seq.p_expected >= 0.8);
                        CU_ASSERT_EQUAL(r.seq.n_max % 3, 0);
                        CU_ASSERT(r.seq.expected_n < r.seq.n_max);
                        for (int n = 3; n < r.seq.n_max; n += 3) {
                                struct stats_plan_sequential s;
                                CU_ASSERT_EQUAL_FATAL(stats_plan_sequential(&in, n, &s), RG_OK);
                                CU_ASSERT_FALSE(s.reached);
                        }
                        /* more power, a larger design */
                        in.power = 0.95;
                        struct stats_plan_result r95;
                        CU_ASSERT_EQUAL_FATAL(stats_plan_metric(&in, &r95), RG_OK);
                        CU_ASSERT(r95.seq.n_max > r.seq.n_max);
                        CU_ASSERT(r95.fixed.n > r.fixed.n);
                }
}

/* The Holm level makes a claim harder: a lower probability at the same N. */
static void test_sequential_holm_level(void)
{
        struct stats_plan_input in = input(3, 2);
        struct stats_plan_sequential one, four;
        CU_ASSERT_EQUAL_FATAL(stats_plan_sequential(&in, 20, &one), RG_OK);
        in.holm_tests = 4;
        CU_ASSERT_EQUAL_FATAL(stats_plan_sequential(&in, 20, &four), RG_OK);
        CU_ASSERT(four.p_rollback < one.p_rollback - 0.01);
        CU_ASSERT(four.expected_n > one.expected_n);
}

/*
 * The comparison's SD floor: below 10 replications it judges on at least
 * sd_floor[0].  With sigma 0.1, floors 3 and 0.2, delta 0: below 10 the
 * plan faces SD 3 (a PASS needs t sd / sqrt(n) < 2: far more than 10), at
 * 10 SD 0.2 (power near 1), so the smallest n is exactly 10 -- while the
 * pilot's SD alone would give the 2 of a tiny spread.
 */
static void test_floor(void)
{
        struct stats_plan_input in = input(0, 0.1);
        CU_ASSERT_EQUAL(fixed_n(&in), 2);
        in.sd_floor[0] = 3;
        in.sd_floor[1] = 0.2;
        CU_ASSERT_EQUAL(fixed_n(&in), 10);
        struct stats_plan_input big = input(0, 3);
        CU_ASSERT(fixed_n(&big) > 10);
        /* a pilot without spread but with a floor is still planned */
        struct stats_plan_input flat = input(0, 0);
        struct stats_plan_result r;
        CU_ASSERT_EQUAL_FATAL(stats_plan_metric(&flat, &r), RG_OK);
        CU_ASSERT_EQUAL(r.status, STATS_PLAN_NO_SPREAD);
        flat.sd_floor[0] = flat.sd_floor[1] = 0.5;
        CU_ASSERT_EQUAL_FATAL(stats_plan_metric(&flat, &r), RG_OK);
        CU_ASSERT_EQUAL(r.status, STATS_PLAN_OK);
        CU_ASSERT(r.fixed.n >= 2);
        /* negative or NaN floors are bad input */
        flat.sd_floor[0] = -1;
        CU_ASSERT_EQUAL(stats_plan_metric(&flat, &r), RG_RANGE);
        flat.sd_floor[0] = NAN;
        CU_ASSERT_EQUAL(stats_plan_metric(&flat, &r), RG_RANGE);
}

TEST_MAIN("plan", TEST(test_floor), TEST(test_fixed_pass_by_hand),
          TEST(test_fixed_small_gap_by_hand), TEST(test_fixed_claim_by_hand),
          TEST(test_fixed_direction), TEST(test_fixed_monotone), TEST(test_fixed_over_cap),
          TEST(test_degenerate), TEST(test_bad_input), TEST(test_sequential_consistent),
          TEST(test_sequential_one_look_is_fixed), TEST(test_sequential_huge_drift_stops_first),
          TEST(test_sequential_search_smallest), TEST(test_sequential_holm_level))
