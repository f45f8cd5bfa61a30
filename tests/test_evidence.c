/*
 * Evidence for decisions: intervals and the p-values that decide, from a t
 * statistic and from exact bounds with a design effect.
 */
#include <math.h>

#include "../stats/evidence.h"
#include "testutil.h"

/* mean 1.5, SD 1 over 10 runs: se = 0.316228; t_{0.95,9} = 1.833113 (t
 * table), interval 1.5 -+ 0.579683 = [0.920317, 2.079683]; the TOST p is
 * P(T_9 <= (1.5 - 2) / se = -1.5811) = 0.07415 (t table: between 0.05 and
 * 0.10), the claim's P(T_9 > -1.5811) = 1 - 0.07415. */
static void test_t_values(void)
{
        struct stats_evidence e;
        CU_ASSERT_EQUAL_FATAL(stats_evidence_t(1.5, 1 / sqrt(10), 9, 2, 0.05, false, &e), RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(e.lo, 0.920317, 1e-5);
        CU_ASSERT_DOUBLE_EQUAL(e.hi, 2.079683, 1e-5);
        CU_ASSERT_DOUBLE_EQUAL(e.p_inside, 0.07415, 5e-4);
        CU_ASSERT_DOUBLE_EQUAL(e.p_beyond, 1 - 0.07415, 5e-4);
        /* symmetric on the other side */
        CU_ASSERT_EQUAL_FATAL(stats_evidence_t(-1.5, 1 / sqrt(10), 9, 2, 0.05, false, &e), RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(e.p_inside, 0.07415, 5e-4);
        CU_ASSERT_DOUBLE_EQUAL(e.p_beyond, 1 - 0.07415, 5e-4);
        /* increase only: much less blocking is inside, however far */
        CU_ASSERT_EQUAL_FATAL(stats_evidence_t(-5, 1 / sqrt(10), 9, 2, 0.05, true, &e), RG_OK);
        CU_ASSERT(e.p_inside < 1e-6);
        CU_ASSERT(e.p_beyond > 0.999);
        /* zero SE: certainty either way, and exactly T1 is neither */
        CU_ASSERT_EQUAL_FATAL(stats_evidence_t(2, 0, 9, 2, 0.05, false, &e), RG_OK);
        CU_ASSERT_EQUAL(e.p_inside, 1);
        CU_ASSERT_EQUAL(e.p_beyond, 1);
        CU_ASSERT_EQUAL_FATAL(stats_evidence_t(2.5, 0, 9, 2, 0.05, false, &e), RG_OK);
        CU_ASSERT_EQUAL(e.p_beyond, 0);
        /* bad input */
        CU_ASSERT_EQUAL(stats_evidence_t(NAN, 1, 9, 2, 0.05, false, &e), RG_RANGE);
        CU_ASSERT_EQUAL(stats_evidence_t(1, 1, 0, 2, 0.05, false, &e), RG_RANGE);
        CU_ASSERT_EQUAL(stats_evidence_t(1, 1, 9, 0, 0.05, false, &e), RG_RANGE);
}

/* The p-value is the level at which the bound reaches T1: p < alpha exactly
 * when the decision interval is on that side of T1 (checked over a range
 * of counts). */
static void test_exact_p_matches_interval(void)
{
        const double one[2] = {1, 1};
        for (int k1 = 0; k1 <= 120; k1 += 6) {
                struct stats_evidence e;
                CU_ASSERT_EQUAL_FATAL(stats_evidence_exact(20, 2000, k1, 2000, 1, one, one, false,
                                                           2, 0.05, false, &e),
                                      RG_OK);
                CU_ASSERT_EQUAL(e.p_beyond<0.05, e.lo> 2 || e.hi < -2);
                CU_ASSERT_EQUAL(e.p_inside<0.05, e.lo> - 2 && e.hi < 2);
                CU_ASSERT_DOUBLE_EQUAL(e.mean, 100.0 * (k1 - 20) / 2000, 1e-12);
        }
}

/* Relative: legacy without blocking bounds nothing above (its lower bound
 * is 0), but a clear increase is bounded below. */
static void test_exact_relative(void)
{
        const double one[2] = {1, 1};
        struct stats_evidence e;
        CU_ASSERT_EQUAL_FATAL(
            stats_evidence_exact(0, 10000, 100, 10000, 4, one, one, true, 2, 0.05, false, &e),
            RG_OK);
        CU_ASSERT(isinf(e.hi) && e.hi > 0);
        CU_ASSERT(e.lo > 2);
        CU_ASSERT(e.p_beyond < 0.05);
        CU_ASSERT(e.p_inside >= 0.05);
        /* equal modest counts: the relative interval straddles, nothing decided */
        CU_ASSERT_EQUAL_FATAL(
            stats_evidence_exact(10, 10000, 10, 10000, 1, one, one, true, 2, 0.05, false, &e),
            RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(e.mean, 0, 1e-12);
        CU_ASSERT(e.lo < -2 && e.hi > 2);
        CU_ASSERT(e.p_inside >= 0.05 && e.p_beyond >= 0.05);
        CU_ASSERT_EQUAL(stats_evidence_exact(11, 10, 0, 10, 1, one, one, true, 2, 0.05, false, &e),
                        RG_RANGE);
        CU_ASSERT_EQUAL(stats_evidence_exact(1, 10, 0, 10, 0.5, one, one, true, 2, 0.05, false, &e),
                        RG_RANGE);
}

TEST_MAIN("evidence", TEST(test_t_values), TEST(test_exact_p_matches_interval),
          TEST(test_exact_relative))
