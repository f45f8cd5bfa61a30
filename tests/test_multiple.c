#include <math.h>

#include "../stats/multiple.h"
#include "testutil.h"

/*
 * Textbook example, m = 4, p = .01 .04 .03 .005.  Sorted: .005 .01 .03 .04;
 * multipliers 4 3 2 1 give .02 .03 .06 .04; running max .02 .03 .06 .06.
 * Back in input order: .03 .06 .06 .02.
 */
static void test_textbook(void)
{
        const double p[] = {0.01, 0.04, 0.03, 0.005};
        double adj[4];
        CU_ASSERT_EQUAL_FATAL(stats_holm(p, 4, adj), RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(adj[0], 0.03, 1e-15);
        CU_ASSERT_DOUBLE_EQUAL(adj[1], 0.06, 1e-15);
        CU_ASSERT_DOUBLE_EQUAL(adj[2], 0.06, 1e-15);
        CU_ASSERT_DOUBLE_EQUAL(adj[3], 0.02, 1e-15);
}

/* p = .4 .9 .02: sorted .02 .4 .9 -> .06 .8 .9 (already monotone);
 * input order .8 .9 .06. */
static void test_no_running_max_needed(void)
{
        const double p[] = {0.4, 0.9, 0.02};
        double adj[3];
        CU_ASSERT_EQUAL_FATAL(stats_holm(p, 3, adj), RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(adj[0], 0.8, 1e-15);
        CU_ASSERT_DOUBLE_EQUAL(adj[1], 0.9, 1e-15);
        CU_ASSERT_DOUBLE_EQUAL(adj[2], 0.06, 1e-15);
}

/* p = .6 .7: 2 * .6 = 1.2 -> capped 1; max(1.2, .7) -> 1. */
static void test_capped_at_one(void)
{
        const double p[] = {0.6, 0.7};
        double adj[2];
        CU_ASSERT_EQUAL_FATAL(stats_holm(p, 2, adj), RG_OK);
        CU_ASSERT_EQUAL(adj[0], 1.0);
        CU_ASSERT_EQUAL(adj[1], 1.0);
}

/* Ties: p = .02 .01 .02, sorted .01 (#1) .02 (#0) .02 (#2) -> .03 .04 .02,
 * running max .03 .04 .04: input order .04 .03 .04. */
static void test_ties(void)
{
        const double p[] = {0.02, 0.01, 0.02};
        double adj[3];
        CU_ASSERT_EQUAL_FATAL(stats_holm(p, 3, adj), RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(adj[0], 0.04, 1e-15);
        CU_ASSERT_DOUBLE_EQUAL(adj[1], 0.03, 1e-15);
        CU_ASSERT_DOUBLE_EQUAL(adj[2], 0.04, 1e-15);
}

/* One test: nothing to correct.  Also in place (adjusted == p). */
static void test_single_and_in_place(void)
{
        double p[] = {0.037};
        CU_ASSERT_EQUAL_FATAL(stats_holm(p, 1, p), RG_OK);
        CU_ASSERT_EQUAL(p[0], 0.037);
        double q[] = {0.01, 0.04, 0.03, 0.005};
        CU_ASSERT_EQUAL_FATAL(stats_holm(q, 4, q), RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(q[0], 0.03, 1e-15);
        CU_ASSERT_DOUBLE_EQUAL(q[1], 0.06, 1e-15);
        CU_ASSERT_DOUBLE_EQUAL(q[2], 0.06, 1e-15);
        CU_ASSERT_DOUBLE_EQUAL(q[3], 0.02, 1e-15);
}

static void test_rejects_bad_input(void)
{
        const double neg[] = {0.01, -0.1};
        const double big[] = {0.01, 1.1};
        const double nan_p[] = {NAN, 0.5};
        double adj[2] = {-7, -7};
        CU_ASSERT_EQUAL(stats_holm(neg, 0, adj), RG_RANGE);
        CU_ASSERT_EQUAL(stats_holm(neg, 2, adj), RG_RANGE);
        CU_ASSERT_EQUAL(stats_holm(big, 2, adj), RG_RANGE);
        CU_ASSERT_EQUAL(stats_holm(nan_p, 2, adj), RG_RANGE);
        CU_ASSERT_EQUAL(adj[0], -7);
        CU_ASSERT_EQUAL(adj[1], -7);
}

TEST_MAIN("multiple", TEST(test_textbook), TEST(test_no_running_max_needed),
          TEST(test_capped_at_one), TEST(test_ties), TEST(test_single_and_in_place),
          TEST(test_rejects_bad_input))
