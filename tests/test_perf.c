/* The run-time check (compare/analyse.c: the pooled performance test and
 * MONITOR) on constructed run times: comparisons built by hand, every run
 * identical in blocking, each run's time set, then analysed for real.  No
 * clock is read here, so nothing depends on how busy the machine is; the
 * CLI tests keep the check out of their verdicts (--perf-threshold 10). */
#include <math.h>
#include <string.h>

#include "../compare/compare.h"
#include "testutil.h"

#define LOADS 2
#define REPS 8

static struct compare_config cfg;
static struct backend path[2];
static const double loads[LOADS] = {300, 600};
static const uint32_t seeds[REPS] = {1, 2, 3, 4, 5, 6, 7, 8};

/* every request 100 Gb/s: identical runs bound BBP too */
static struct compare_inputs inputs(void)
{
        return (struct compare_inputs){
            .requests = 5000, .have_bw = true, .bw_min = 100, .bw_max = 100, .bw_mean = 100};
}

static void config(double perf_threshold)
{
        memset(&cfg, 0, sizeof(cfg));
        memset(path, 0, sizeof(path));
        stats_policy_default(&cfg.policy);
        cfg.policy.perf_threshold = perf_threshold;
        cfg.threads = 1;
        for (int i = 0; i < 2; i++) {
                snprintf(path[i].name, sizeof(path[i].name), "%s", i ? "fake:new" : "fake:old");
                cfg.backend[i] = &path[i];
        }
}

/* Both paths block 50 of 5000 requests in every run (identical); the
 * legacy run of pair j takes 1 + j/10 s, the orchestrator's `ratio` times
 * that with a +-`noise` relative wobble, by `clock` (legacy's `clock0`). */
static struct compare_result *timed(double ratio, double noise, enum backend_clock clock0,
                                    enum backend_clock clock)
{
        struct compare_inputs in = inputs();
        struct compare_result *r = NULL;
        struct rg_errbuf eb = {0};
        CU_ASSERT_EQUAL_FATAL(compare_plan(&in, &cfg, loads, LOADS, seeds, REPS, &r, &eb), RG_OK);
        for (int j = 0; j < LOADS * REPS; j++) {
                struct compare_pair *pr = &r->pairs[j];
                pr->ran = true;
                double legacy = 1 + j / 10.0;
                for (int role = 0; role < 2; role++) {
                        struct backend_result *run = &pr->run[role];
                        run->requests = 5000;
                        run->blocked = 50;
                        run->has = BACKEND_HAS_BBP | BACKEND_HAS_TRACE;
                        run->bbp = 0.01;
                        run->trace_hash = 0xabc0 + (uint64_t)j;
                        run->clock = role ? clock : clock0;
                        run->run_seconds =
                            role ? legacy * ratio * (1 + (j % 2 ? noise : -noise)) : legacy;
                        run->wall_seconds = run->run_seconds;
                }
        }
        CU_ASSERT_EQUAL_FATAL(compare_analyse(r, &eb), RG_OK);
        return r;
}

static enum stats_verdict verdict_at(double ratio, double noise, double perf_threshold)
{
        config(perf_threshold);
        struct compare_result *r =
            timed(ratio, noise, BACKEND_CLOCK_THREAD_CPU, BACKEND_CLOCK_THREAD_CPU);
        enum stats_verdict v = r->verdict;
        compare_result_destroy(r);
        return v;
}

/* 20 % slower, steadily: MONITOR at every load and overall, no rollback,
 * the figures under timing, the reason saying why. */
static void test_slower_is_monitor(void)
{
        config(0.05);
        struct compare_result *r =
            timed(1.2, 0.01, BACKEND_CLOCK_THREAD_CPU, BACKEND_CLOCK_THREAD_CPU);
        CU_ASSERT_TRUE(r->perf_ok);
        CU_ASSERT_TRUE(r->perf.slower);
        CU_ASSERT_DOUBLE_EQUAL(r->perf.ratio, 1.2, 1e-3);
        CU_ASSERT(r->perf.lo > 1.05 && r->perf.hi < 1.25);
        CU_ASSERT_STRING_EQUAL(r->perf_clock, "thread_cpu");
        CU_ASSERT_EQUAL(r->verdict, STATS_MONITOR);
        CU_ASSERT_EQUAL(r->level, 0);
        for (int li = 0; li < LOADS; li++) {
                CU_ASSERT_EQUAL(r->load[li].verdict, STATS_MONITOR);
                CU_ASSERT_TRUE(r->load[li].identical);
                CU_ASSERT_PTR_NOT_NULL(
                    strstr(r->load[li].reason, "significantly more than 5 % above legacy's"));
                CU_ASSERT_TRUE(r->load[li].perf_ok);
                CU_ASSERT_DOUBLE_EQUAL(r->load[li].perf.ratio, 1.2, 2e-3);
        }
        compare_result_destroy(r);
}

/* Within the threshold, exactly at it, faster, A/A: never MONITOR. */
static void test_within_is_pass(void)
{
        CU_ASSERT_EQUAL(verdict_at(1.04, 0.01, 0.05), STATS_PASS);
        CU_ASSERT_EQUAL(verdict_at(1.0, 0.01, 0.05), STATS_PASS);
        CU_ASSERT_EQUAL(verdict_at(1.0, 0.0, 0.05), STATS_PASS);
        CU_ASSERT_EQUAL(verdict_at(0.5, 0.01, 0.05), STATS_PASS);
        /* the ratio's interval must lie wholly above 1 + threshold: a
         * 1.05 estimate is not significantly beyond 1.05 */
        CU_ASSERT_EQUAL(verdict_at(1.05, 0.01, 0.05), STATS_PASS);
        /* a noisy 8 % (+-30 % per run) is not shown beyond 5 % by 16 runs */
        CU_ASSERT_EQUAL(verdict_at(1.08, 0.30, 0.05), STATS_PASS);
        /* the same 8 % measured steadily is */
        CU_ASSERT_EQUAL(verdict_at(1.08, 0.005, 0.05), STATS_MONITOR);
}

/* The run-to-run component: with no spread between the pairs at all, the
 * interval still has a half-width of t_{0.95, 15} * 0.015 on the log scale
 * (t = 1.7531, from a t table), so a steady 7 % (log 0.0677 - 0.0263 =
 * 0.0414 < log 1.05 = 0.0488) is not shown beyond 5 % but a steady 8 %
 * (0.0770 - 0.0263 = 0.0507) is; without the component both would be. */
static void test_between_run_component(void)
{
        config(0.05);
        struct compare_result *r =
            timed(1.07, 0.0, BACKEND_CLOCK_THREAD_CPU, BACKEND_CLOCK_THREAD_CPU);
        CU_ASSERT_DOUBLE_EQUAL(log(r->perf.ratio), log(1.07), 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(log(r->perf.hi / r->perf.ratio), 1.7531 * 0.015, 1e-4);
        CU_ASSERT_DOUBLE_EQUAL(log(r->perf.ratio / r->perf.lo), 1.7531 * 0.015, 1e-4);
        CU_ASSERT_EQUAL(r->verdict, STATS_PASS);
        compare_result_destroy(r);
        CU_ASSERT_EQUAL(verdict_at(1.08, 0.0, 0.05), STATS_MONITOR);
        config(0.05);
        cfg.policy.perf_between_sd = 0;
        r = timed(1.07, 0.0, BACKEND_CLOCK_THREAD_CPU, BACKEND_CLOCK_THREAD_CPU);
        CU_ASSERT_EQUAL(r->verdict, STATS_MONITOR);
        CU_ASSERT_DOUBLE_EQUAL(r->perf.lo, r->perf.hi, 1e-12);
        compare_result_destroy(r);
}

/* What the functional tests rely on: --perf-threshold 10 keeps even a
 * threefold slowdown out of the verdict. */
static void test_threshold_keeps_it_out(void)
{
        CU_ASSERT_EQUAL(verdict_at(3.0, 0.01, 0.05), STATS_MONITOR);
        CU_ASSERT_EQUAL(verdict_at(3.0, 0.01, 10), STATS_PASS);
        CU_ASSERT_EQUAL(verdict_at(1.2, 0.01, 0.25), STATS_PASS);
        CU_ASSERT_EQUAL(verdict_at(1.3, 0.01, 0.25), STATS_MONITOR);
}

/* Run times by different clocks, or none, are not compared. */
/* A threefold slowdown timed by clocks c0 (legacy) and c1: whether it is
 * compared, the clock the report names, the verdict. */
static void clocked(enum backend_clock c0, enum backend_clock c1, bool compared, const char *clock,
                    enum stats_verdict verdict)
{
        config(0.05);
        struct compare_result *r = timed(3.0, 0.01, c0, c1);
        CU_ASSERT_EQUAL(r->perf_ok, compared);
        CU_ASSERT_STRING_EQUAL(r->perf_clock, clock);
        CU_ASSERT_EQUAL(r->verdict, verdict);
        compare_result_destroy(r);
}

static void test_clocks(void)
{
        clocked(BACKEND_CLOCK_THREAD_CPU, BACKEND_CLOCK_CHILD_CPU, false,
                "none: the paths' run times are measured differently", STATS_PASS);
        clocked(BACKEND_CLOCK_NONE, BACKEND_CLOCK_NONE, false, "none: run times not known",
                STATS_PASS);
        /* child CPU on both sides (two exec paths) is compared */
        clocked(BACKEND_CLOCK_CHILD_CPU, BACKEND_CLOCK_CHILD_CPU, true, "child_cpu", STATS_MONITOR);
}

/* A failed orchestrator run leaves its pair out of the timing and decides
 * the verdict itself: a failure is never softened to MONITOR. */
static void test_failure_wins(void)
{
        config(0.05);
        struct compare_inputs in = inputs();
        struct compare_result *r = NULL;
        struct rg_errbuf eb = {0};
        CU_ASSERT_EQUAL_FATAL(compare_plan(&in, &cfg, loads, LOADS, seeds, REPS, &r, &eb), RG_OK);
        for (int j = 0; j < LOADS * REPS; j++) {
                struct compare_pair *pr = &r->pairs[j];
                pr->ran = true;
                for (int role = 0; role < 2; role++) {
                        struct backend_result *run = &pr->run[role];
                        run->requests = 5000;
                        run->blocked = 50;
                        run->has = BACKEND_HAS_BBP;
                        run->bbp = 0.01;
                        run->clock = BACKEND_CLOCK_THREAD_CPU;
                        run->run_seconds = role ? 2.0 : 1.0;
                }
        }
        backend_result_fail(&r->pairs[3].run[1], RG_PATHFAIL, "crashed");
        CU_ASSERT_EQUAL_FATAL(compare_analyse(r, &eb), RG_OK);
        CU_ASSERT_EQUAL(r->verdict, STATS_EMERGENCY_ROLLBACK);
        CU_ASSERT_EQUAL(r->load[0].verdict, STATS_EMERGENCY_ROLLBACK);
        /* the other load's runs are all fine and twice as slow */
        CU_ASSERT_EQUAL(r->load[1].verdict, STATS_MONITOR);
        CU_ASSERT_TRUE(r->perf_ok);
        CU_ASSERT_DOUBLE_EQUAL(r->perf.ratio, 2.0, 1e-12);
        compare_result_destroy(r);
}

TEST_MAIN("perf", TEST(test_slower_is_monitor), TEST(test_within_is_pass),
          TEST(test_between_run_component), TEST(test_threshold_keeps_it_out), TEST(test_clocks),
          TEST(test_failure_wins))
