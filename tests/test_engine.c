/*
 * The shared event loop: results, trace hash, and the invariants that turn a
 * misbehaving path into a reported failure instead of a wrong number.  The
 * misbehaving paths here are small ops tables written for the test.
 */
#include "sim_fixture.h"

#include "../common/clock.h"

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

/* ---- the order of arrivals and departures ---- */

/* A path that admits without touching the spectrum (its own release does
 * nothing either) and logs every arrival and release it sees; requests
 * whose id is a multiple of `block_every` are blocked. */
struct order_log {
        uint32_t block_every;
        uint32_t n, cap;
        uint32_t *ev; /* (id - 1) << 1 | 1 for a release */
};

static int log_arrival(void *vctx, struct sim_spectrum *net, const struct sim_model *m,
                       const struct sim_request *req, uint32_t id, struct sim_decision *out,
                       struct rg_errbuf *eb)
{
        (void)net, (void)m, (void)req, (void)eb;
        struct order_log *log = vctx;
        CU_ASSERT_FATAL(log->n < log->cap);
        log->ev[log->n++] = (id - 1) << 1;
        if (log->block_every && id % log->block_every == 0) {
                out->reason = SIM_BLOCK_CONGESTION;
                return RG_OK;
        }
        *out = (struct sim_decision){.admitted = true, .width = 1};
        return RG_OK;
}

static int log_release(void *vctx, struct sim_spectrum *net, const struct sim_model *m,
                       const struct sim_request *req, uint32_t id, const struct sim_decision *d,
                       struct rg_errbuf *eb)
{
        (void)net, (void)m, (void)req, (void)d, (void)eb;
        struct order_log *log = vctx;
        CU_ASSERT_FATAL(log->n < log->cap);
        log->ev[log->n++] = (id - 1) << 1 | 1;
        return RG_OK;
}

static const struct sim_path_ops log_ops = {
    .name = "log", .arrival = log_arrival, .release = log_release};

/* The expected order, written independently of the engine: FUSION's stable
 * sort by time of arrival_1, release_1, arrival_2, ... (ties in that
 * insertion order), without the releases of blocked requests. */
struct timed_event {
        double t;
        uint32_t seq; /* insertion index: 2 (id - 1) + (release) */
};

static int by_time_then_insertion(const void *a, const void *b)
{
        const struct timed_event *x = a, *y = b;
        if (x->t != y->t)
                return x->t < y->t ? -1 : 1;
        return (x->seq > y->seq) - (x->seq < y->seq);
}

static uint32_t expected_order(const struct sim_stream *s, uint32_t block_every, uint32_t *out)
{
        struct timed_event *e = calloc(2 * (size_t)s->n, sizeof(*e));
        CU_ASSERT_PTR_NOT_NULL_FATAL(e);
        uint32_t n = 0;
        for (uint32_t i = 0; i < s->n; i++) {
                e[n++] = (struct timed_event){s->req[i].arrive, 2 * i};
                if (!(block_every && (i + 1) % block_every == 0))
                        e[n++] = (struct timed_event){s->req[i].depart, 2 * i + 1};
        }
        qsort(e, n, sizeof(*e), by_time_then_insertion);
        for (uint32_t k = 0; k < n; k++)
                out[k] = e[k].seq;
        free(e);
        return n;
}

/* 14 nodes in a chain, one 1-slot format: every pair has a path. */
static struct sim_model *chain14_model(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        double km[13];
        for (int i = 0; i < 13; i++)
                km[i] = 10;
        struct sim_modtable mt = {0};
        CU_ASSERT_EQUAL_FATAL(sim_modtable_add(&mt, "100", "X", 1e6, 1, &eb), RG_OK);
        return fixture_model(fixture_chain(km, 13), &mt, 1, 1, 8, 0, SIM_FIT_FIRST);
}

/* The traffic of chain14_model: one class, 14 nodes. */
static struct sim_traffic chain14_traffic(double erlang, uint32_t requests)
{
        return (struct sim_traffic){.erlang = erlang,
                                    .holding_time = 1.0,
                                    .requests = requests,
                                    .n_nodes = 14,
                                    .n_classes = 1,
                                    .prob = {1.0}};
}

static void check_order(struct sim_model *m, const struct sim_stream *s, uint32_t block_every)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        uint32_t *want = calloc(2 * (size_t)s->n, sizeof(uint32_t));
        struct order_log log = {.block_every = block_every, .cap = 2 * s->n};
        log.ev = calloc(log.cap, sizeof(uint32_t));
        CU_ASSERT_FATAL(want && log.ev);
        uint32_t n_want = expected_order(s, block_every, want);
        struct sim_runner r;
        CU_ASSERT_EQUAL_FATAL(sim_runner_init(&r, m, &eb), RG_OK);
        struct sim_result res;
        CU_ASSERT_EQUAL(sim_run(&r, m, s, &log_ops, &log, &res, &eb), RG_OK);
        CU_ASSERT_EQUAL(log.n, n_want);
        uint32_t first_bad = 0;
        for (uint32_t k = 0; k < n_want && k < log.n && !first_bad; k++)
                if (log.ev[k] != want[k])
                        first_bad = k + 1;
        CU_ASSERT_EQUAL(first_bad, 0);
        sim_runner_finish(&r);
        free(want);
        free(log.ev);
}

/* Generated streams: every event in FUSION's order, with and without
 * blocked requests (whose departures are never queued). */
static void test_event_order_generated(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_model *m = chain14_model();
        struct sim_traffic tr = chain14_traffic(300, 20000);
        struct sim_stream s;
        sim_stream_init(&s);
        CU_ASSERT_EQUAL_FATAL(sim_stream_generate(&s, &tr, 3, &eb), RG_OK);
        check_order(m, &s, 0);
        check_order(m, &s, 3);
        sim_stream_finish(&s);
        sim_model_destroy(m);
}

/* Ties by hand: releases due at an arrival's instant go before it, in id
 * order; a request that leaves the instant it arrives goes before the next
 * arrival at that instant. */
static void test_event_order_ties(void)
{
        struct sim_model *m = chain14_model();
        static const struct fixture_req tie[] = {{0, 1, 0, 1.0, 3.0},
                                                 {0, 1, 0, 2.0, 3.0},
                                                 {0, 1, 0, 3.0, 3.0},
                                                 {0, 1, 0, 3.0, 4.0},
                                                 {0, 1, 0, 4.0, 5.0}};
        struct sim_stream s;
        fixture_stream(&s, tie, 5);
        /* by hand: a1 a2 r1 r2 a3 r3 a4 r4 a5 r5 */
        const uint32_t want[] = {0, 2, 1, 3, 4, 5, 6, 7, 8, 9};
        struct order_log log = {.cap = 10};
        uint32_t ev[10];
        log.ev = ev;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_runner r;
        CU_ASSERT_EQUAL_FATAL(sim_runner_init(&r, m, &eb), RG_OK);
        struct sim_result res;
        CU_ASSERT_EQUAL(sim_run(&r, m, &s, &log_ops, &log, &res, &eb), RG_OK);
        CU_ASSERT_EQUAL(log.n, 10);
        CU_ASSERT_EQUAL(memcmp(ev, want, sizeof(want)), 0);
        /* the independent sort agrees with the hand-written order */
        uint32_t sorted[10];
        CU_ASSERT_EQUAL(expected_order(&s, 0, sorted), 10);
        CU_ASSERT_EQUAL(memcmp(sorted, want, sizeof(want)), 0);
        sim_runner_finish(&r);
        sim_stream_finish(&s);
        sim_model_destroy(m);
}

/* A stream whose arrivals go back in time is refused, naming the request. */
static void test_arrivals_out_of_order(void)
{
        struct sim_model *m = chain14_model();
        static const struct fixture_req back[] = {{0, 1, 0, 2.0, 3.0}, {0, 1, 0, 1.0, 3.0}};
        struct sim_stream s;
        fixture_stream(&s, back, 2);
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_runner r;
        CU_ASSERT_EQUAL_FATAL(sim_runner_init(&r, m, &eb), RG_OK);
        struct sim_result res;
        CU_ASSERT_EQUAL(sim_run(&r, m, &s, &sim_legacy_ops, NULL, &res, &eb), RG_INVARIANT);
        CU_ASSERT_EQUAL(res.fail_request, 2);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "request 2 arrives before request 1"));
        sim_runner_finish(&r);
        sim_stream_finish(&s);
        sim_model_destroy(m);
}

/* What a lane's chunk_done saw: the recorded decisions chunk by chunk. */
struct chunk_count {
        const struct sim_decision *dec;
        uint32_t blocked, requests, chunks;
};

static void count_blocked(struct sim_lane *lane, const struct sim_source *src)
{
        struct chunk_count *c = lane->arg;
        CU_ASSERT_EQUAL(lane->runner->record_base, src->first);
        for (uint32_t i = 0; i < src->n; i++)
                c->blocked += !c->dec[i].admitted;
        c->requests += src->n;
        c->chunks++;
}

/* sim_stretch leaves the time since `start` at least `factor` times what it
 * was before the call (the clock is the thread's and monotone, so this holds
 * however busy the machine is); with a factor of 1 or less it only reads the
 * clock. */
static void test_stretch(void)
{
        const double start = rg_thread_cpu_seconds();
        double before;
        volatile uint64_t x = 1;
        do { /* some time on the clock, so that the bound below says something */
                for (int i = 0; i < 100000; i++)
                        x = x * 6364136223846793005ull + 1442695040888963407ull;
                before = rg_thread_cpu_seconds();
        } while (before <= start);
        const double t = sim_stretch(start, 3);
        CU_ASSERT(t - start >= 3 * (before - start));
        CU_ASSERT(rg_thread_cpu_seconds() >= t);
        CU_ASSERT(sim_stretch(start, 1) >= t);
        CU_ASSERT(sim_stretch(start, 0) >= t);
}

/* Chunking changes nothing: the same legacy run fed 1, 7 or 4096 requests a
 * call, the whole stream at once, or side by side with a second lane from a
 * source, ends with the same result, bit for bit. */
static void test_chunking_changes_nothing(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_model *m = chain14_model();
        struct sim_traffic tr = chain14_traffic(40, 10000);
        struct sim_stream s;
        sim_stream_init(&s);
        CU_ASSERT_EQUAL_FATAL(sim_stream_generate(&s, &tr, 5, &eb), RG_OK);
        struct sim_runner r[2];
        CU_ASSERT_EQUAL_FATAL(sim_runner_init(&r[0], m, &eb), RG_OK);
        CU_ASSERT_EQUAL_FATAL(sim_runner_init(&r[1], m, &eb), RG_OK);
        struct sim_result whole, piece;
        CU_ASSERT_EQUAL_FATAL(sim_run(&r[0], m, &s, &sim_legacy_ops, NULL, &whole, &eb), RG_OK);
        CU_ASSERT(whole.blocked > 100 && whole.admitted > 100); /* a loaded network */
        const uint32_t sizes[] = {1, 7, 4096, 10000};
        for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
                sim_run_begin(&r[1], m, &sim_legacy_ops, NULL, &piece, &eb);
                for (uint32_t i = 0; i < s.n; i += sizes[k])
                        sim_run_requests(&r[1], s.req + i, s.n - i < sizes[k] ? s.n - i : sizes[k]);
                CU_ASSERT_EQUAL(sim_run_end(&r[1]), RG_OK);
                CU_ASSERT_EQUAL(memcmp(&whole, &piece, sizeof(whole)), 0);
        }
        /* lane 1 records chunk by chunk and counts its blocked requests
         * after each chunk; they must add up to the run's */
        struct sim_decision chunk[SIM_CHUNK];
        struct chunk_count counted = {.dec = chunk};
        r[1].record = chunk;
        r[1].record_cap = SIM_CHUNK;
        struct sim_source src;
        sim_source_init(&src);
        struct sim_result lane_res[2];
        struct rg_errbuf lane_eb[2];
        struct sim_lane lanes[2];
        for (int i = 0; i < 2; i++) {
                rg_errbuf_init(&lane_eb[i]);
                lanes[i] = (struct sim_lane){.runner = &r[i],
                                             .ops = &sim_legacy_ops,
                                             .res = &lane_res[i],
                                             .eb = &lane_eb[i]};
        }
        lanes[1].chunk_done = count_blocked;
        lanes[1].arg = &counted;
        lanes[1].slow = 3; /* the drill slow=3 stretches its time only */
        double gen = -1;
        CU_ASSERT_EQUAL_FATAL(sim_source_start(&src, &tr, 5, &eb), RG_OK);
        CU_ASSERT_EQUAL(sim_run_lanes(&src, m, lanes, 2, 1, &gen, &eb), RG_OK);
        CU_ASSERT(gen >= 0 && lanes[0].seconds >= 0 && lanes[1].seconds >= 0);
        CU_ASSERT_EQUAL(memcmp(&whole, &lane_res[0], sizeof(whole)), 0);
        CU_ASSERT_EQUAL(memcmp(&whole, &lane_res[1], sizeof(whole)), 0);
        CU_ASSERT_EQUAL(counted.blocked, whole.blocked);
        CU_ASSERT_EQUAL(counted.requests, whole.requests);
        CU_ASSERT(counted.chunks >= 2); /* the run spans chunks */
        r[1].record = NULL;
        sim_source_finish(&src);
        sim_runner_finish(&r[0]);
        sim_runner_finish(&r[1]);
        sim_stream_finish(&s);
        sim_model_destroy(m);
}

TEST_MAIN("engine", TEST(test_leak_is_caught), TEST(test_phantom_release_is_caught),
          TEST(test_path_error_names_request), TEST(test_bad_path_index_is_caught),
          TEST(test_double_booking_is_caught), TEST(test_counts_add_up),
          TEST(test_legacy_results_and_hash), TEST(test_trace_hash_sees_every_field),
          TEST(test_event_order_generated), TEST(test_event_order_ties),
          TEST(test_arrivals_out_of_order), TEST(test_stretch), TEST(test_chunking_changes_nothing))
