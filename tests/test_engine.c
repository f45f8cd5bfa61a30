/*
 * The shared event loop: results, trace hash, and the invariants that turn a
 * misbehaving path into a reported failure instead of a wrong number.  The
 * misbehaving paths here are small ops tables written for the test.
 */
#include "sim_fixture.h"

static struct sim_model *line_model(int slots)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        const double km[] = {100, 100};
        struct sim_modtable mt = {0};
        CU_ASSERT_EQUAL_FATAL(sim_modtable_add(&mt, "100", "X", 1e6, 2, &eb), RG_OK);
        return fixture_model(fixture_chain(km, 2), &mt, 1, 1, slots, 0, SIM_FIT_FIRST);
}

/* three 0->2 requests, all overlapping in time */
static const struct fixture_req three[] = {
    {0, 2, 0, 1.0, 10.0}, {0, 2, 0, 2.0, 11.0}, {0, 2, 0, 3.0, 12.0}};

struct bad_ctx {
        int mode;
        uint32_t at;
};

enum { LEAK, PHANTOM, FAIL_AT, BAD_PATH, OVERLAP };

/* Admits on path 0 at the lowest free start like first fit, then misbehaves:
 * LEAK allocates one slot more than it reports, PHANTOM reports an
 * allocation it never made, FAIL_AT returns an error at request `at`,
 * BAD_PATH reports a path index that does not exist, OVERLAP reports slot 0
 * every time (the second admission double-books). */
static int bad_arrival(void *vctx, struct sim_spectrum *net, const struct sim_model *m,
                       const struct sim_request *req, uint32_t id, struct sim_decision *out,
                       struct rg_errbuf *eb)
{
        struct bad_ctx *ctx = vctx;
        if (ctx->mode == FAIL_AT && id == ctx->at)
                return rg_fail(eb, RG_PATHFAIL, "injected failure at %u", id);
        const struct sim_pair_paths *pp = sim_model_pair(m, req->src, req->dst);
        if (pp == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        const struct sim_path *p = &pp->path[0];
        const int *links = p->links;
        int core = 0, start = 0, width = 2;
        if (ctx->mode != OVERLAP &&
            !sim_spectrum_find(net, links, p->hops, width + 1, SIM_FIT_FIRST, &core, &start)) {
                out->reason = SIM_BLOCK_CONGESTION;
                return RG_OK;
        }
        int taken = ctx->mode == LEAK ? width + 1 : width;
        if (ctx->mode != PHANTOM) {
                int rc = sim_spectrum_assign(net, links, p->hops, core, start, taken);
                if (rc != RG_OK)
                        return rg_fail(eb, rc, "double booking at request %u", id);
        }
        *out = (struct sim_decision){.admitted = true,
                                     .path_index = (int8_t)(ctx->mode == BAD_PATH ? 5 : 0),
                                     .mod = 0,
                                     .core = (int16_t)core,
                                     .start = (int16_t)start,
                                     .width = (int16_t)width};
        return RG_OK;
}

static const struct sim_path_ops bad_ops = {.name = "bad", .arrival = bad_arrival};

static int run_bad(int mode, uint32_t at, struct sim_result *res, struct rg_errbuf *eb)
{
        struct sim_model *m = line_model(16);
        struct sim_stream s;
        fixture_stream(&s, three, 3);
        struct sim_runner r;
        CU_ASSERT_EQUAL_FATAL(sim_runner_init(&r, m, eb), RG_OK);
        struct bad_ctx ctx = {mode, at};
        int rc = sim_run(&r, m, &s, &bad_ops, &ctx, res, eb);
        sim_runner_finish(&r);
        sim_stream_finish(&s);
        sim_model_destroy(m);
        return rc;
}

static void test_leak_is_caught(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_result res;
        CU_ASSERT_EQUAL(run_bad(LEAK, 0, &res, &eb), RG_INVARIANT);
        CU_ASSERT_EQUAL(res.status, RG_INVARIANT);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "still occupied"));
}

static void test_phantom_release_is_caught(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_result res;
        CU_ASSERT_EQUAL(run_bad(PHANTOM, 0, &res, &eb), RG_INVARIANT);
        CU_ASSERT_EQUAL(res.fail_request, 1); /* the first release finds nothing held */
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "request 1"));
}

static void test_path_error_names_request(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_result res;
        CU_ASSERT_EQUAL(run_bad(FAIL_AT, 2, &res, &eb), RG_PATHFAIL);
        CU_ASSERT_EQUAL(res.fail_request, 2);
        CU_ASSERT_EQUAL(res.requests, 1); /* only the first was decided */
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "injected failure at 2"));
}

static void test_bad_path_index_is_caught(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_result res;
        CU_ASSERT_EQUAL(run_bad(BAD_PATH, 0, &res, &eb), RG_INVARIANT);
        CU_ASSERT_EQUAL(res.fail_request, 1);
}

static void test_double_booking_is_caught(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_result res;
        CU_ASSERT_EQUAL(run_bad(OVERLAP, 0, &res, &eb), RG_INVARIANT);
        CU_ASSERT_EQUAL(res.fail_request, 2);
}

static void test_counts_add_up(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_result res = {0};
        res.requests = 10;
        res.admitted = 7;
        res.blocked = 3;
        res.blocked_by[SIM_BLOCK_CONGESTION] = 3;
        res.mod_count[0] = 7;
        res.path_index[0] = 7;
        res.core_usage[0] = 7;
        CU_ASSERT_EQUAL(sim_result_check(&res, 1, 1, 1, &eb), RG_OK);
        res.blocked_by[SIM_BLOCK_CONGESTION] = 2;
        CU_ASSERT_EQUAL(sim_result_check(&res, 1, 1, 1, &eb), RG_INVARIANT);
        res.blocked_by[SIM_BLOCK_CONGESTION] = 3;
        res.path_index[0] = 6;
        CU_ASSERT_EQUAL(sim_result_check(&res, 1, 1, 1, NULL), RG_INVARIANT);
        res.path_index[0] = 7;
        res.admitted = 8;
        CU_ASSERT_EQUAL(sim_result_check(&res, 1, 1, 1, NULL), RG_INVARIANT);
}

/* A good run: 4 slots hold one 2-slot request plus... exactly two of them;
 * the third is blocked.  Figures by hand: BP 1/3, BBP 1/3, 2 hops each. */
static void test_legacy_results_and_hash(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_model *m = line_model(4);
        struct sim_stream s;
        fixture_stream(&s, three, 3);
        struct sim_runner r;
        CU_ASSERT_EQUAL_FATAL(sim_runner_init(&r, m, &eb), RG_OK);
        struct sim_result a, b;
        CU_ASSERT_EQUAL(sim_run(&r, m, &s, &sim_legacy_ops, NULL, &a, &eb), RG_OK);
        CU_ASSERT_EQUAL(a.blocked, 1);
        CU_ASSERT_DOUBLE_EQUAL(sim_result_bp(&a), 1.0 / 3, 1e-15);
        CU_ASSERT_DOUBLE_EQUAL(sim_result_bbp(&a), 1.0 / 3, 1e-15);
        CU_ASSERT_DOUBLE_EQUAL(sim_result_hops_mean(&a), 2.0, 0);
        CU_ASSERT_DOUBLE_EQUAL(sim_result_km_mean(&a), 200.0, 0);
        /* the runner is reusable and the run deterministic */
        CU_ASSERT_EQUAL(sim_run(&r, m, &s, &sim_legacy_ops, NULL, &b, &eb), RG_OK);
        CU_ASSERT_EQUAL(a.trace_hash, b.trace_hash);
        CU_ASSERT_EQUAL(memcmp(&a, &b, sizeof(a)), 0);
        sim_runner_finish(&r);
        sim_stream_finish(&s);
        sim_model_destroy(m);
}

static void test_trace_hash_sees_every_field(void)
{
        const struct sim_decision base = {
            .admitted = true, .path_index = 1, .mod = 2, .core = 0, .start = 17, .width = 5};
        uint64_t h = sim_trace_step(SIM_TRACE_SEED, 9, &base);
        struct sim_decision d;
        d = base;
        d.start = 18;
        CU_ASSERT_NOT_EQUAL(sim_trace_step(SIM_TRACE_SEED, 9, &d), h);
        d = base;
        d.path_index = 0;
        CU_ASSERT_NOT_EQUAL(sim_trace_step(SIM_TRACE_SEED, 9, &d), h);
        d = base;
        d.mod = 1;
        CU_ASSERT_NOT_EQUAL(sim_trace_step(SIM_TRACE_SEED, 9, &d), h);
        d = base;
        d.core = 1;
        CU_ASSERT_NOT_EQUAL(sim_trace_step(SIM_TRACE_SEED, 9, &d), h);
        d = base;
        d.width = 4;
        CU_ASSERT_NOT_EQUAL(sim_trace_step(SIM_TRACE_SEED, 9, &d), h);
        CU_ASSERT_NOT_EQUAL(sim_trace_step(SIM_TRACE_SEED, 8, &base), h);
        const struct sim_decision dist = {.reason = SIM_BLOCK_DISTANCE};
        const struct sim_decision cong = {.reason = SIM_BLOCK_CONGESTION};
        CU_ASSERT_NOT_EQUAL(sim_trace_step(SIM_TRACE_SEED, 9, &dist),
                            sim_trace_step(SIM_TRACE_SEED, 9, &cong));
        CU_ASSERT_EQUAL(sim_trace_step(SIM_TRACE_SEED, 9, &base), h);
}

TEST_MAIN("engine", TEST(test_leak_is_caught), TEST(test_phantom_release_is_caught),
          TEST(test_path_error_names_request), TEST(test_bad_path_index_is_caught),
          TEST(test_double_booking_is_caught), TEST(test_counts_add_up),
          TEST(test_legacy_results_and_hash), TEST(test_trace_hash_sees_every_field))
