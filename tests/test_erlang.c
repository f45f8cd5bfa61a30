/*
 * Validation against queueing theory: one link, one bandwidth class of one
 * slot, no guard band, C slots is an M/M/C/C loss system, so the blocking
 * probability must be Erlang's B(C, A).  The simulated estimate (mean over
 * seeds, each a long run) must contain B(C, A) in its 99 % t-interval, and
 * that interval must be narrow enough for the check to mean something.
 */
#include <gsl/gsl_cdf.h>
#include <math.h>

#include "sim_fixture.h"

/* Erlang B by the standard recursion B(0) = 1, B(c) = A B(c-1) / (c + A B(c-1)). */
static double erlang_b(int c, double a)
{
        double b = 1.0;
        for (int k = 1; k <= c; k++)
                b = a * b / (k + a * b);
        return b;
}

static void test_erlang_b_formula(void)
{
        /* published table values */
        CU_ASSERT_DOUBLE_EQUAL(erlang_b(40, 30), 0.014409, 5e-7);
        CU_ASSERT_DOUBLE_EQUAL(erlang_b(10, 7), 0.078741, 5e-7);
        CU_ASSERT_DOUBLE_EQUAL(erlang_b(1, 1), 0.5, 1e-15);
}

struct check {
        int slots;
        double erlang;
        int seeds;
        uint32_t requests;
};

static void run_check(struct check c)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        const double km[] = {100};
        struct sim_topology *t = fixture_chain(km, 1);
        struct sim_modtable mt = {0};
        CU_ASSERT_EQUAL_FATAL(sim_modtable_add(&mt, "10", "X", 1e9, 1, &eb), RG_OK);
        struct sim_model *m = fixture_model(t, &mt, 1, 1, c.slots, 0, SIM_FIT_FIRST);
        struct sim_traffic tr = {.erlang = c.erlang,
                                 .holding_time = 1.0,
                                 .requests = c.requests,
                                 .n_nodes = 2,
                                 .n_classes = 1,
                                 .prob = {1.0}};
        struct sim_runner runner;
        CU_ASSERT_EQUAL_FATAL(sim_runner_init(&runner, m, &eb), RG_OK);
        struct sim_stream s;
        sim_stream_init(&s);
        double sum = 0, sumsq = 0;
        for (int seed = 1; seed <= c.seeds; seed++) {
                struct sim_result res;
                struct sim_legacy ctl;
                CU_ASSERT_EQUAL_FATAL(sim_stream_generate(&s, &tr, (uint32_t)seed, &eb), RG_OK);
                CU_ASSERT_EQUAL_FATAL(sim_run(&runner, m, &s, &sim_legacy_ops, &ctl, &res, &eb),
                                      RG_OK);
                CU_ASSERT_EQUAL(res.blocked_by[SIM_BLOCK_DISTANCE], 0);
                double bp = sim_result_bp(&res);
                sum += bp;
                sumsq += bp * bp;
        }
        double n = c.seeds, mean = sum / n;
        double sd = sqrt((sumsq - n * mean * mean) / (n - 1));
        double half = gsl_cdf_tdist_Pinv(0.995, n - 1) * sd / sqrt(n);
        double want = erlang_b(c.slots, c.erlang);
        printf("\n  C=%d A=%g: simulated %.6f +- %.6f (99%%), Erlang B %.6f ", c.slots, c.erlang,
               mean, half, want);
        CU_ASSERT(fabs(mean - want) <= half);
        CU_ASSERT(half < 0.1 * want); /* tight enough to catch a 10 % error */
        sim_stream_finish(&s);
        sim_runner_finish(&runner);
        sim_model_destroy(m);
}

static void test_b_40_30(void)
{
        run_check((struct check){.slots = 40, .erlang = 30, .seeds = 20, .requests = 200000});
}

static void test_b_10_7(void)
{
        run_check((struct check){.slots = 10, .erlang = 7, .seeds = 20, .requests = 100000});
}

TEST_MAIN("erlang", TEST(test_erlang_b_formula), TEST(test_b_40_30), TEST(test_b_10_7))
