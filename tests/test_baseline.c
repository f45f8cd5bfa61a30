/*
 * Tests for gate/baseline.c and gate/verify.c: the baseline JSON written
 * and read back exactly, strict reading (one-line errors naming the key),
 * the replay backend, and the verification checklist on hand-built runs -- a
 * comparison of a replayed baseline (role 0) with a replayed "now" (role 1)
 * run through compare_execute and compare_analyse, so that every item
 * ticks or fails for a reason worked out by hand.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../gate/baseline.h"
#include "../gate/verify.h"
#include "testutil.h"

#define REQ 2000

/* A baseline at loads 300 and 600 with n seeds 1..n: blocked counts
 * base + (rep * 7) % 23 (some spread), BBP from blocked Gb/s, run times
 * 0.01 * (1 + rep / 100).  `shift` adds to every blocked count, `slow`
 * multiplies the run times. */
static struct gate_baseline *make(int n, int shift, int noise, double slow)
{
        struct gate_baseline *b = NULL;
        CU_ASSERT_EQUAL_FATAL(gate_baseline_create(2, n, &b), RG_OK);
        snprintf(b->rollgate_version, sizeof(b->rollgate_version), "test");
        snprintf(b->recorded, sizeof(b->recorded), "2024-01-02T03:04:05Z");
        snprintf(b->path, sizeof(b->path), "builtin:legacy");
        snprintf(b->backend, sizeof(b->backend), "builtin:legacy");
        snprintf(b->config, sizeof(b->config), "/x/default.ini");
        b->settings_hash = 0x0123456789abcdefULL;
        b->requests = REQ;
        b->clock = BACKEND_CLOCK_THREAD_CPU;
        b->threads = 2;
        for (int i = 0; i < n; i++)
                b->seeds[i] = (uint32_t)(i + 1);
        for (int li = 0; li < 2; li++) {
                struct gate_baseline_load *L = &b->loads[li];
                L->erlang = li ? 600 : 300;
                L->have_bbp = true;
                double bp[64], bbp[64];
                for (int rep = 0; rep < n; rep++) {
                        struct gate_baseline_run *r = &L->runs[rep];
                        r->seed = b->seeds[rep];
                        r->requests = REQ;
                        int extra = noise ? ((rep * 5) % 3 - 1) * noise : 0;
                        r->blocked = (uint32_t)(200 + 100 * li + (rep * 7) % 23 + shift + extra);
                        r->has = BACKEND_HAS_BBP | BACKEND_HAS_GBPS | BACKEND_HAS_TRACE;
                        r->requested_gbps = 275000;
                        r->blocked_gbps = 100.0 * r->blocked;
                        r->bbp = r->blocked_gbps / r->requested_gbps;
                        r->trace_hash = 0x1000u + r->blocked * 31u + (uint64_t)li;
                        r->run_seconds = slow * 0.01 * (1 + rep / 100.0) * (1 + li);
                        r->stream_seconds = 0.004;
                        bp[rep] = 100.0 * r->blocked / REQ;
                        bbp[rep] = 100 * r->bbp;
                }
                CU_ASSERT_EQUAL(stats_summarize(bp, n, 0.95, &L->bp), RG_OK);
                CU_ASSERT_EQUAL(stats_summarize(bbp, n, 0.95, &L->bbp), RG_OK);
        }
        return b;
}

static char *to_json(const struct gate_baseline *b)
{
        struct rg_buf buf;
        rg_buf_init(&buf);
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(gate_baseline_write_json(b, &buf, &eb), RG_OK);
        char *text = strdup(rg_buf_text(&buf));
        rg_buf_finish(&buf);
        return text;
}

static void test_round_trip_exact(void)
{
        struct gate_baseline *b = make(5, 0, 0, 1);
        /* numbers that a 15-digit printer would not give back */
        b->loads[0].runs[0].run_seconds = 0.1 + 0.2;
        b->loads[0].runs[1].run_seconds = 1.0 / 3.0;
        b->loads[1].runs[2].bbp = 1e-300;
        b->loads[1].bp.sd = 2.0 / 3.0;
        b->loads[1].runs[3].has = 0; /* no BBP, no Gb/s, no trace: optional keys */
        b->loads[1].have_bbp = false;
        b->policy.t1 = 1.5;
        b->policy.deviation = STATS_DEV_RELATIVE;
        b->policy.direction = STATS_DIR_INCREASE;
        b->policy.perf_threshold = 0.1;
        char *text = to_json(b);
        struct gate_baseline *c = NULL;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL_FATAL(gate_baseline_read_json(text, strlen(text), "b.json", &c, &eb),
                              RG_OK);
        CU_ASSERT_EQUAL(c->loads[0].runs[0].run_seconds, 0.1 + 0.2);
        CU_ASSERT_EQUAL(c->loads[0].runs[1].run_seconds, 1.0 / 3.0);
        CU_ASSERT_EQUAL(c->loads[1].runs[2].bbp, 1e-300);
        CU_ASSERT_EQUAL(c->loads[1].bp.sd, 2.0 / 3.0);
        CU_ASSERT_EQUAL(c->loads[1].runs[3].has, 0u);
        CU_ASSERT_EQUAL(c->loads[0].runs[3].has, b->loads[0].runs[3].has);
        CU_ASSERT_EQUAL(c->loads[0].runs[4].trace_hash, b->loads[0].runs[4].trace_hash);
        CU_ASSERT_FALSE(c->loads[1].have_bbp);
        CU_ASSERT_EQUAL(c->settings_hash, 0x0123456789abcdefULL);
        CU_ASSERT_EQUAL(c->policy.t1, 1.5);
        CU_ASSERT_EQUAL(c->policy.deviation, STATS_DEV_RELATIVE);
        CU_ASSERT_EQUAL(c->policy.direction, STATS_DIR_INCREASE);
        CU_ASSERT_EQUAL(c->clock, BACKEND_CLOCK_THREAD_CPU);
        CU_ASSERT_EQUAL(c->threads, 2);
        CU_ASSERT_STRING_EQUAL(c->config, "/x/default.ini");
        for (int li = 0; li < 2; li++)
                for (int i = 0; i < 5; i++) {
                        CU_ASSERT_EQUAL(c->loads[li].runs[i].blocked, b->loads[li].runs[i].blocked);
                        CU_ASSERT_EQUAL(c->loads[li].runs[i].seed, (uint32_t)(i + 1));
                }
        /* and written again, byte for byte the same */
        char *again = to_json(c);
        CU_ASSERT_STRING_EQUAL(again, text);
        free(again);
        free(text);
        gate_baseline_destroy(b);
        gate_baseline_destroy(c);
}

/* Reads `text` with `from` replaced by `to`; the message on failure. */
static int read_edited(const char *from, const char *to, char *msg, size_t cap)
{
        struct gate_baseline *b = make(3, 0, 0, 1);
        char *text = to_json(b);
        gate_baseline_destroy(b);
        char *at = strstr(text, from);
        CU_ASSERT_PTR_NOT_NULL_FATAL(at);
        size_t len = strlen(text) - strlen(from) + strlen(to) + 1;
        char *edited = malloc(len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(edited);
        snprintf(edited, len, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
        struct gate_baseline *c = NULL;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        int rc = gate_baseline_read_json(edited, strlen(edited), "b.json", &c, &eb);
        snprintf(msg, cap, "%s", eb.msg);
        CU_ASSERT_EQUAL(rc == RG_OK, c != NULL);
        CU_ASSERT_PTR_NULL(strchr(eb.msg, '\n'));
        gate_baseline_destroy(c);
        free(edited);
        free(text);
        return rc;
}

static void test_refusals_name_the_key(void)
{
        char msg[512];
        CU_ASSERT_EQUAL(
            read_edited("\"schema_version\":\t1", "\"schema_version\":\t2", msg, sizeof(msg)),
            RG_PARSE);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, "b.json: key 'schema_version': 2 is not the version"));
        CU_ASSERT_EQUAL(read_edited("rollgate-baseline", "rollgate-report", msg, sizeof(msg)),
                        RG_PARSE);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, "key 'schema'"));
        CU_ASSERT_EQUAL(read_edited("\"requests\":\t2000,", "", msg, sizeof(msg)), RG_PARSE);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, "key 'requests': missing"));
        CU_ASSERT_EQUAL(
            read_edited("\"seeds\":\t[1, 2, 3]", "\"seeds\":\t\"1,2,3\"", msg, sizeof(msg)),
            RG_PARSE);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, "key 'seeds': must be an array, not a string"));
        CU_ASSERT_EQUAL(read_edited("\"t1\":\t2", "\"t1\":\t\"2\"", msg, sizeof(msg)), RG_PARSE);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, "key 'policy.t1': must be a number"));
        CU_ASSERT_EQUAL(read_edited("\"seed\":\t2", "\"seed\":\t3", msg, sizeof(msg)), RG_PARSE);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, "key 'loads[0].runs[1].seed'"));
        CU_ASSERT_EQUAL(
            read_edited("\"clock\":\t\"thread_cpu\"", "\"clock\":\t\"sundial\"", msg, sizeof(msg)),
            RG_PARSE);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, "key 'clock'"));
        CU_ASSERT_EQUAL(read_edited("\"settings_hash\":\t\"fnv1a64:", "\"settings_hash\":\t\"x",
                                    msg, sizeof(msg)),
                        RG_PARSE);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, "key 'settings_hash'"));
        CU_ASSERT_EQUAL(read_edited("{", "[", msg, sizeof(msg)), RG_PARSE);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, "b.json:"));
        CU_ASSERT_EQUAL(read_edited("\"schema\"", "\"x\": 1, \"schema\"", msg, sizeof(msg)),
                        RG_OK); /* an unknown key is ignored (additions within a version) */
}

static void test_hash(void)
{
        char a[] = "x = 1\n", b2[] = "x = 2\n";
        char *one[2] = {a, b2}, *two[2] = {b2, a};
        CU_ASSERT_NOT_EQUAL(gate_baseline_hash(one, 2), gate_baseline_hash(two, 2));
        CU_ASSERT_EQUAL(gate_baseline_hash(one, 2), gate_baseline_hash(one, 2));
        /* the separator: "ab" + "c" is not "a" + "bc" */
        char ab[] = "ab", c[] = "c", a1[] = "a", bc[] = "bc";
        char *x[2] = {ab, c}, *y[2] = {a1, bc};
        CU_ASSERT_NOT_EQUAL(gate_baseline_hash(x, 2), gate_baseline_hash(y, 2));
}

/* ---- the checklist on replayed runs ---- */

struct verify_case {
        struct backend *be[2];
        struct compare_config cfg;
        struct compare_result *res;
        struct gate_verification v;
};

static void run_case(struct verify_case *vc, const struct gate_baseline *base,
                     const struct gate_baseline *now)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        memset(vc, 0, sizeof(*vc));
        CU_ASSERT_EQUAL_FATAL(gate_baseline_replay_create(base, &vc->be[0], &eb), RG_OK);
        CU_ASSERT_EQUAL_FATAL(gate_baseline_replay_create(now, &vc->be[1], &eb), RG_OK);
        stats_policy_default(&vc->cfg.policy);
        vc->cfg.backend[0] = vc->be[0];
        vc->cfg.backend[1] = vc->be[1];
        vc->cfg.threads = 1;
        struct compare_inputs in = {.requests = REQ,
                                    .holding_time = 1,
                                    .have_bw = true,
                                    .bw_min = 25,
                                    .bw_max = 400,
                                    .bw_mean = 137.5};
        double loads[2] = {300, 600};
        CU_ASSERT_EQUAL_FATAL(
            compare_plan(&in, &vc->cfg, loads, 2, base->seeds, base->n_seeds, &vc->res, &eb),
            RG_OK);
        CU_ASSERT_EQUAL_FATAL(compare_execute(vc->res, NULL, &eb), RG_OK);
        gate_verify_prepare_timing(vc->res);
        CU_ASSERT_EQUAL_FATAL(compare_analyse(vc->res, &eb), RG_OK);
        gate_verify_checklist(vc->res, &vc->v);
}

static void end_case(struct verify_case *vc)
{
        compare_result_destroy(vc->res);
        backend_destroy(vc->be[0]);
        backend_destroy(vc->be[1]);
}

static void test_checklist_same_runs_pass(void)
{
        struct gate_baseline *b = make(20, 0, 0, 1);
        struct verify_case vc;
        run_case(&vc, b, b);
        for (int i = 0; i < GATE_CHECK_ITEMS; i++)
                CU_ASSERT_TRUE(vc.v.item[i].ticked);
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_PASS);
        CU_ASSERT_EQUAL(vc.v.exit_code, 0);
        CU_ASSERT_STRING_EQUAL(vc.v.item[GATE_CHECK_CLEAN].detail,
                               "40 of 40 runs finished, invariants held");
        /* equal trace hashes and counts on the same seeds: the identical basis */
        CU_ASSERT_PTR_NOT_NULL(strstr(vc.v.item[GATE_CHECK_BLOCKING].detail, "bit-identical"));
        CU_ASSERT_DOUBLE_EQUAL(vc.v.perf.ratio, 1.0, 1e-12);
        CU_ASSERT_PTR_NOT_NULL(strstr(vc.v.item[GATE_CHECK_RUNTIME].label, "within 5 %"));
        end_case(&vc);
        gate_baseline_destroy(b);
}

static void test_checklist_small_difference_passes(void)
{
        /* +2 blocked of 2000 on every seed, +-1 noise: +0.1 pp, far inside T1 2 pp */
        struct gate_baseline *b = make(20, 0, 0, 1), *now = make(20, 2, 1, 1);
        struct verify_case vc;
        run_case(&vc, b, now);
        CU_ASSERT_TRUE(vc.v.item[GATE_CHECK_BLOCKING].ticked);
        CU_ASSERT_PTR_NOT_NULL(strstr(vc.v.item[GATE_CHECK_BLOCKING].detail, "within T1 2 pp"));
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_PASS);
        end_case(&vc);
        gate_baseline_destroy(b);
        gate_baseline_destroy(now);
}

static void test_checklist_blocking_difference_fails(void)
{
        /* +80 blocked of 2000 on every seed (+-1): +4 pp, beyond T1 2 pp, below T2 10 pp */
        struct gate_baseline *b = make(20, 0, 0, 1), *now = make(20, 80, 1, 1);
        struct verify_case vc;
        run_case(&vc, b, now);
        CU_ASSERT_TRUE(vc.v.item[GATE_CHECK_CLEAN].ticked);
        CU_ASSERT_FALSE(vc.v.item[GATE_CHECK_BLOCKING].ticked);
        CU_ASSERT_TRUE(vc.v.item[GATE_CHECK_RUNTIME].ticked);
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_PLANNED_ROLLBACK);
        CU_ASSERT_EQUAL(vc.v.exit_code, 5);
        CU_ASSERT_PTR_NOT_NULL(
            strstr(vc.v.item[GATE_CHECK_BLOCKING].detail, "erlang 300 BP +4.000 pp ["));
        CU_ASSERT_PTR_NOT_NULL(strstr(vc.v.item[GATE_CHECK_BLOCKING].detail, "beyond T1 2 pp"));
        CU_ASSERT_EQUAL(vc.v.not_passing, 4);
        end_case(&vc);
        /* +240 of 2000: +12 pp, from T2 10 pp an emergency */
        struct gate_baseline *far = make(20, 240, 1, 1);
        run_case(&vc, b, far);
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_EMERGENCY_ROLLBACK);
        CU_ASSERT_PTR_NOT_NULL(strstr(vc.v.item[GATE_CHECK_BLOCKING].detail, "T2 10 pp"));
        end_case(&vc);
        gate_baseline_destroy(far);
        gate_baseline_destroy(b);
        gate_baseline_destroy(now);
}

static void test_checklist_not_shown_equivalent(void)
{
        /* +40 of 2000 (+2 pp, exactly T1 on average) with +-30 noise: the
         * interval straddles T1 */
        struct gate_baseline *b = make(20, 0, 0, 1), *now = make(20, 40, 30, 1);
        struct verify_case vc;
        run_case(&vc, b, now);
        CU_ASSERT_FALSE(vc.v.item[GATE_CHECK_BLOCKING].ticked);
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_INCONCLUSIVE);
        CU_ASSERT_EQUAL(vc.v.exit_code, 4);
        CU_ASSERT_PTR_NOT_NULL(
            strstr(vc.v.item[GATE_CHECK_BLOCKING].detail, "not shown equivalent"));
        end_case(&vc);
        gate_baseline_destroy(b);
        gate_baseline_destroy(now);
}

static void test_checklist_slower_is_monitor_only(void)
{
        /* every run 1.3 times as long, blocking the same: only item 3 fails */
        struct gate_baseline *b = make(20, 0, 0, 1), *now = make(20, 0, 0, 1.3);
        struct verify_case vc;
        run_case(&vc, b, now);
        CU_ASSERT_TRUE(vc.v.item[GATE_CHECK_CLEAN].ticked);
        CU_ASSERT_TRUE(vc.v.item[GATE_CHECK_BLOCKING].ticked);
        CU_ASSERT_FALSE(vc.v.item[GATE_CHECK_RUNTIME].ticked);
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_MONITOR);
        CU_ASSERT_EQUAL(vc.v.exit_code, 3);
        CU_ASSERT_DOUBLE_EQUAL(vc.v.perf.ratio, 1.3, 1e-9);
        CU_ASSERT_PTR_NOT_NULL(strstr(vc.v.item[GATE_CHECK_RUNTIME].detail, "ratio 1.300"));
        end_case(&vc);
        /* 1.04 times: within 5 % */
        struct gate_baseline *bit = make(20, 0, 0, 1.04);
        run_case(&vc, b, bit);
        CU_ASSERT_TRUE(vc.v.item[GATE_CHECK_RUNTIME].ticked);
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_PASS);
        end_case(&vc);
        /* faster is fine */
        struct gate_baseline *fast = make(20, 0, 0, 0.5);
        run_case(&vc, b, fast);
        CU_ASSERT_TRUE(vc.v.item[GATE_CHECK_RUNTIME].ticked);
        end_case(&vc);
        gate_baseline_destroy(fast);
        gate_baseline_destroy(bit);
        gate_baseline_destroy(b);
        gate_baseline_destroy(now);
}

static void test_checklist_other_clock_not_judged(void)
{
        struct gate_baseline *b = make(20, 0, 0, 1), *now = make(20, 0, 0, 1);
        now->clock = BACKEND_CLOCK_CHILD_CPU;
        struct verify_case vc;
        run_case(&vc, b, now);
        CU_ASSERT_FALSE(vc.v.item[GATE_CHECK_RUNTIME].ticked);
        CU_ASSERT_FALSE(vc.v.perf_judged);
        CU_ASSERT_PTR_NOT_NULL(strstr(vc.v.item[GATE_CHECK_RUNTIME].detail, "not judged"));
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_MONITOR);
        end_case(&vc);
        gate_baseline_destroy(b);
        gate_baseline_destroy(now);
}

static void test_checklist_failed_run_is_emergency(void)
{
        /* the "now" replay lacks seed 3 at erlang 600: that run fails */
        struct gate_baseline *b = make(20, 0, 0, 1), *now = make(20, 0, 0, 1);
        now->loads[1].runs[2].seed = 999;
        struct verify_case vc;
        run_case(&vc, b, now);
        CU_ASSERT_FALSE(vc.v.item[GATE_CHECK_CLEAN].ticked);
        CU_ASSERT_EQUAL(vc.v.failed, 1);
        CU_ASSERT_PTR_NOT_NULL(strstr(vc.v.item[GATE_CHECK_CLEAN].detail,
                                      "1 of 40 runs failed; first at erlang 600, seed 3"));
        CU_ASSERT_FALSE(vc.v.item[GATE_CHECK_BLOCKING].ticked);
        CU_ASSERT_PTR_NOT_NULL(
            strstr(vc.v.item[GATE_CHECK_BLOCKING].detail, "not judged at erlang 600"));
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_EMERGENCY_ROLLBACK);
        CU_ASSERT_EQUAL(vc.v.exit_code, 6);
        end_case(&vc);
        /* the baseline lacking a run is the harness's problem, not the path's */
        b->loads[0].runs[0].seed = 999;
        now->loads[1].runs[2].seed = 3;
        run_case(&vc, b, now);
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_HARNESS_ERROR);
        CU_ASSERT_EQUAL(vc.v.exit_code, 7);
        end_case(&vc);
        gate_baseline_destroy(b);
        gate_baseline_destroy(now);
}

static void test_checklist_json(void)
{
        struct gate_baseline *b = make(20, 0, 0, 1), *now = make(20, 80, 1, 1);
        struct verify_case vc;
        run_case(&vc, b, now);
        struct rg_buf buf;
        rg_buf_init(&buf);
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(
            gate_verify_write_json(&vc.v, vc.res, "b.json", "builtin:legacy", "t", &buf, &eb),
            RG_OK);
        const char *t = rg_buf_text(&buf);
        CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"schema\":\t\"rollgate-verify\""));
        CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"item\":\t\"blocking_equivalent\""));
        CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"verdict\":\t\"PLANNED_ROLLBACK\""));
        CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"exit_code\":\t5"));
        CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"deviation\":\t4,"));
        rg_buf_finish(&buf);
        end_case(&vc);
        gate_baseline_destroy(b);
        gate_baseline_destroy(now);
}

TEST_MAIN("baseline", TEST(test_round_trip_exact), TEST(test_refusals_name_the_key),
          TEST(test_hash), TEST(test_checklist_same_runs_pass),
          TEST(test_checklist_small_difference_passes),
          TEST(test_checklist_blocking_difference_fails), TEST(test_checklist_not_shown_equivalent),
          TEST(test_checklist_slower_is_monitor_only), TEST(test_checklist_other_clock_not_judged),
          TEST(test_checklist_failed_run_is_emergency), TEST(test_checklist_json))
