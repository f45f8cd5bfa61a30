/* The request stream: quotas, class counts, chunks, determinism. */
#include <math.h>

#include "../sim/rng.h"
#include "../sim/stream.h"
#include "testutil.h"

static struct sim_traffic fusion_default(uint32_t n)
{
        /* FUSION's request_distribution 25:0.1 50:0.1 100:0.5 200:0.2 400:0.1 */
        return (struct sim_traffic){.erlang = 300,
                                    .holding_time = 1.0,
                                    .requests = n,
                                    .n_nodes = 14,
                                    .n_classes = 5,
                                    .prob = {0.1, 0.1, 0.5, 0.2, 0.1}};
}

static void test_quotas(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        uint32_t q[SIM_MAX_CLASSES];
        struct sim_traffic tr = fusion_default(1000);
        CU_ASSERT_EQUAL(sim_traffic_quotas(&tr, q, &eb), RG_OK);
        CU_ASSERT_EQUAL(q[0], 100);
        CU_ASSERT_EQUAL(q[2], 500);
        CU_ASSERT_EQUAL(q[3], 200);
        /* 1005 requests: 0.1 * 1005 = 100.5 -> 100 for three classes,
         * 0.5 * 1005 = 502.5 -> 502, 0.2 * 1005 = 201: 1003 in all */
        tr.requests = 1005;
        CU_ASSERT_EQUAL(sim_traffic_quotas(&tr, q, &eb), RG_RANGE);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "1003"));
        tr = fusion_default(1000);
        tr.prob[4] = 0.2; /* sums to 1.1 */
        CU_ASSERT_EQUAL(sim_traffic_quotas(&tr, q, NULL), RG_RANGE);
}

static void test_classes_follow_quotas(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_traffic tr = fusion_default(10000);
        struct sim_stream s;
        sim_stream_init(&s);
        CU_ASSERT_EQUAL_FATAL(sim_stream_generate(&s, &tr, 7, &eb), RG_OK);
        uint32_t count[5] = {0};
        for (uint32_t i = 0; i < s.n; i++) {
                CU_ASSERT_FATAL(s.req[i].cls < 5);
                count[s.req[i].cls]++;
                CU_ASSERT(s.req[i].src != s.req[i].dst);
                CU_ASSERT(s.req[i].src < 14 && s.req[i].dst < 14);
        }
        CU_ASSERT_EQUAL(count[0], 1000);
        CU_ASSERT_EQUAL(count[1], 1000);
        CU_ASSERT_EQUAL(count[2], 5000);
        CU_ASSERT_EQUAL(count[3], 2000);
        CU_ASSERT_EQUAL(count[4], 1000);
        /* quota exhaustion: the last requests all come from the largest class */
        CU_ASSERT_EQUAL(s.req[s.n - 1].cls, 2);
        sim_stream_finish(&s);
}

/* The source hands out the stream in chunks of SIM_CHUNK (the last one
 * shorter) with contiguous ids and arrival times that never decrease, then
 * empty chunks; started again with the same seed it repeats itself. */
static void test_chunks(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        const uint32_t n = 2 * SIM_CHUNK + 1808; /* 10000 */
        struct sim_traffic tr = fusion_default(n);
        struct sim_source src;
        sim_source_init(&src);
        double sum[2] = {0, 0};
        for (int pass = 0; pass < 2; pass++) {
                CU_ASSERT_EQUAL_FATAL(sim_source_start(&src, &tr, 3, &eb), RG_OK);
                uint32_t seen = 0, chunks = 0;
                int bad_order = 0, bad_first = 0;
                double last = 0;
                while (sim_source_next(&src, &eb) == RG_OK && src.n > 0) {
                        bad_first += src.first != seen;
                        CU_ASSERT_EQUAL(src.n, chunks < 2 ? SIM_CHUNK : 1808u);
                        for (uint32_t i = 0; i < src.n; i++) {
                                bad_order += src.req[i].arrive < last;
                                last = src.req[i].arrive;
                                sum[pass] += src.req[i].depart;
                        }
                        seen += src.n;
                        chunks++;
                }
                CU_ASSERT_EQUAL(seen, n);
                CU_ASSERT_EQUAL(chunks, 3);
                CU_ASSERT_EQUAL(bad_first, 0);
                CU_ASSERT_EQUAL(bad_order, 0);
                /* over: further calls give nothing */
                CU_ASSERT_EQUAL(sim_source_next(&src, &eb), RG_OK);
                CU_ASSERT_EQUAL(src.n, 0);
        }
        CU_ASSERT_EQUAL(sum[0], sum[1]);
        /* the whole stream is the same requests */
        struct sim_stream s;
        sim_stream_init(&s);
        CU_ASSERT_EQUAL_FATAL(sim_stream_generate(&s, &tr, 3, &eb), RG_OK);
        double whole = 0;
        for (uint32_t i = 0; i < s.n; i++)
                whole += s.req[i].depart;
        CU_ASSERT_EQUAL(whole, sum[0]);
        sim_stream_finish(&s);
        /* a cancelled source stops with "interrupted" */
        volatile sig_atomic_t flag = 1;
        src.cancel = &flag;
        CU_ASSERT_EQUAL_FATAL(sim_source_start(&src, &tr, 3, &eb), RG_OK);
        CU_ASSERT_EQUAL(sim_source_next(&src, &eb), RG_INTERNAL);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "interrupted"));
        sim_source_finish(&src);
}

/* Load and holding time reach the draws as FUSION's formulas say: mean
 * inter-arrival 1 / lambda and mean holding time h, within 3 standard
 * errors over 50 000 draws (sd = mean for the exponential). */
static void test_rates(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_traffic tr = fusion_default(50000);
        tr.erlang = 60;
        tr.holding_time = 0.5; /* lambda = 120 */
        struct sim_stream s;
        sim_stream_init(&s);
        CU_ASSERT_EQUAL_FATAL(sim_stream_generate(&s, &tr, 11, &eb), RG_OK);
        double gap = s.req[s.n - 1].arrive / s.n, hold = 0;
        for (uint32_t i = 0; i < s.n; i++)
                hold += s.req[i].depart - s.req[i].arrive;
        hold /= s.n;
        double se = 1 / sqrt((double)s.n);
        CU_ASSERT(fabs(gap - 1.0 / 120) < 3 * se / 120);
        CU_ASSERT(fabs(hold - 0.5) < 3 * se * 0.5);
        sim_stream_finish(&s);
}

/* The first request by hand from seed 1's uniforms (U1 .. U5 of numpy's
 * seed 1: 0.417022004702574, 0.7203244934421581, 0.00011437481734488664,
 * 0.30233257263183977, 0.14675589081711304). */
static void test_first_request_by_hand(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_traffic tr = fusion_default(1000);
        struct sim_stream s;
        sim_stream_init(&s);
        CU_ASSERT_EQUAL_FATAL(sim_stream_generate(&s, &tr, 1, &eb), RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(s.req[0].arrive, -log(0.417022004702574) / 300, 1e-15);
        CU_ASSERT_DOUBLE_EQUAL(s.req[0].depart - s.req[0].arrive, -log(0.7203244934421581), 1e-14);
        CU_ASSERT_EQUAL(s.req[0].src, (int)(0.00011437481734488664 * 14)); /* 0 */
        CU_ASSERT_EQUAL(s.req[0].dst, (int)(0.30233257263183977 * 14));    /* 4 */
        CU_ASSERT_EQUAL(s.req[0].cls, (int)(0.14675589081711304 * 5));     /* 0 */
        sim_stream_finish(&s);
}

static void test_reuse_and_errors(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_traffic tr = fusion_default(5000);
        struct sim_stream a, b;
        sim_stream_init(&a);
        sim_stream_init(&b);
        CU_ASSERT_EQUAL_FATAL(sim_stream_generate(&a, &tr, 5, &eb), RG_OK);
        CU_ASSERT_EQUAL_FATAL(sim_stream_generate(&b, &tr, 9, &eb), RG_OK);
        CU_ASSERT_EQUAL_FATAL(sim_stream_generate(&b, &tr, 5, &eb), RG_OK); /* reused buffers */
        int differ = 0;
        for (uint32_t i = 0; i < a.n; i++)
                differ += a.req[i].arrive != b.req[i].arrive ||
                          a.req[i].depart != b.req[i].depart || a.req[i].src != b.req[i].src ||
                          a.req[i].dst != b.req[i].dst || a.req[i].cls != b.req[i].cls;
        CU_ASSERT_EQUAL(differ, 0);
        tr.erlang = 0;
        CU_ASSERT_EQUAL(sim_stream_generate(&b, &tr, 5, &eb), RG_RANGE);
        CU_ASSERT_EQUAL(b.n, 0);
        tr = fusion_default(5000);
        tr.n_nodes = 1;
        CU_ASSERT_EQUAL(sim_stream_generate(&b, &tr, 5, NULL), RG_RANGE);
        sim_stream_finish(&a);
        sim_stream_finish(&b);
}

TEST_MAIN("stream", TEST(test_quotas), TEST(test_classes_follow_quotas), TEST(test_chunks),
          TEST(test_rates), TEST(test_first_request_by_hand), TEST(test_reuse_and_errors))
