/*
 * The floor loop of `rollgate bench --floor` (harness/floor.c): its generator
 * is numpy's, and it blocks exactly the requests rollgate's legacy path
 * blocks, for the same reasons and with as many admitted on each route.  A
 * correctness test only: nothing here is timed.
 */
#include <gsl/gsl_rng.h>
#include <stdint.h>
#include <string.h>

#include "../harness/floor.h"
#include "../harness/settings.h"
#include "../sim/engine.h"
#include "../sim/legacy.h"
#include "../sim/rng.h"
#include "testutil.h"

/* GSL's gsl_rng_mt19937 with gsl_rng_set(seed) gives init_genrand(seed)'s
 * 32-bit sequence (sim/rng.c, itself checked against numpy in test_rng) for
 * every seed but 0, and the C++ standard's check values for 5489. */
static void test_gsl_mt19937_is_init_genrand(void)
{
        gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
        CU_ASSERT_PTR_NOT_NULL_FATAL(g);
        const uint32_t seeds[] = {1, 2, 42, 4357, 5489, 4294967295u};
        for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
                struct sim_rng r;
                sim_rng_init(&r, seeds[i]);
                gsl_rng_set(g, seeds[i]);
                int differ = 0;
                for (int j = 0; j < 2000; j++)
                        differ += gsl_rng_get(g) != sim_rng_u32(&r);
                CU_ASSERT_EQUAL(differ, 0);
        }
        gsl_rng_set(g, 5489);
        CU_ASSERT_EQUAL(gsl_rng_get(g), 3499211612u);
        unsigned long x = 0;
        for (int i = 2; i <= 10000; i++)
                x = gsl_rng_get(g);
        CU_ASSERT_EQUAL(x, 4123659995u);
        /* genrand_res53 from GSL's words: SPEC section 3.2's seed-1 uniforms */
        gsl_rng_set(g, 1);
        const double want[] = {0.417022004702574, 0.7203244934421581, 0.00011437481734488664};
        for (int i = 0; i < 3; i++) {
                unsigned long a = gsl_rng_get(g) >> 5;
                unsigned long b = gsl_rng_get(g) >> 6;
                double u = ((double)a * 67108864.0 + (double)b) / 9007199254740992.0;
                CU_ASSERT_DOUBLE_EQUAL(u, want[i], want[i] * 1e-15);
        }
        /* seed 0 is GSL's default seed 4357, not init_genrand(0) */
        struct sim_rng zero, s4357;
        sim_rng_init(&zero, 0);
        sim_rng_init(&s4357, 4357);
        gsl_rng_set(g, 0);
        unsigned long first = gsl_rng_get(g);
        CU_ASSERT_EQUAL(first, sim_rng_u32(&s4357));
        CU_ASSERT_NOT_EQUAL(first, sim_rng_u32(&zero));
        gsl_rng_free(g);
}

struct config {
        const char *network;
        int k, cores, slots, guard;
        bool single_mod;
        double loads[3];
};

static int build(const struct config *c, struct sim_model **m, struct sim_traffic *tr)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct harness_settings *s = malloc(sizeof(*s));
        CU_ASSERT_PTR_NOT_NULL_FATAL(s);
        harness_settings_defaults(s);
        snprintf(s->network, sizeof(s->network), "%s", c->network);
        s->k_paths = c->k;
        s->cores_per_link = c->cores;
        s->c_band = c->slots;
        s->guard_slots = c->guard;
        s->single_mod = c->single_mod;
        s->num_requests = 5000;
        setenv("ROLLGATE_FIXTURES", RG_FIXTURE_DIR, 1);
        int rc = harness_settings_build(s, m, tr, &eb);
        if (rc != RG_OK)
                fprintf(stderr, "build: %s\n", eb.msg);
        free(s);
        return rc;
}

/* rollgate's legacy path on the stream of (tr, seed), and the fingerprint
 * of the requests it blocked (every decision recorded) */
static int rollgate_legacy(const struct sim_model *m, const struct sim_traffic *tr, uint32_t seed,
                           struct sim_result *res, uint64_t *blocked_ids)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_stream stream;
        struct sim_runner runner;
        struct sim_legacy ctl;
        sim_stream_init(&stream);
        int rc = sim_stream_generate(&stream, tr, seed, &eb);
        struct sim_decision *dec = calloc(tr->requests, sizeof(*dec));
        CU_ASSERT_PTR_NOT_NULL_FATAL(dec);
        if (rc == RG_OK && (rc = sim_runner_init(&runner, m, &eb)) == RG_OK) {
                runner.record = dec;
                runner.record_cap = stream.n;
                rc = sim_run(&runner, m, &stream, &sim_legacy_ops, &ctl, res, &eb);
                *blocked_ids = 0;
                for (uint32_t i = 0; i < stream.n; i++)
                        if (!dec[i].admitted)
                                *blocked_ids += harness_floor_id_mix(i + 1);
                sim_runner_finish(&runner);
        }
        free(dec);
        if (rc != RG_OK)
                fprintf(stderr, "rollgate: %s\n", eb.msg);
        sim_stream_finish(&stream);
        return rc;
}

static void test_same_blocking(void)
{
        static const struct config configs[] = {
            {"NSFNet", 3, 1, 320, 1, false, {300, 600, 1200}}, /* the bench point */
            {"NSFNet", 5, 2, 100, 0, false, {200, 400, 0}},    /* cores, no guard, 2 words */
            {"NSFNet", 2, 1, 320, 1, true, {600, 0, 0}},       /* single_mod: the code path (same
                                                                * decisions with tables whose slots
                                                                * grow with reach) */
            {"USNet", 3, 1, 320, 1, false, {600, 900, 0}},
        };
        uint64_t blocked_total = 0, congestion_total = 0, distance_total = 0;
        for (size_t c = 0; c < sizeof(configs) / sizeof(configs[0]); c++) {
                struct sim_model *m = NULL;
                struct sim_traffic tr;
                CU_ASSERT_EQUAL_FATAL(build(&configs[c], &m, &tr), RG_OK);
                struct harness_floor *f = NULL;
                struct rg_errbuf eb;
                rg_errbuf_init(&eb);
                CU_ASSERT_EQUAL_FATAL(harness_floor_create(m, &tr, &f, &eb), RG_OK);
                for (int l = 0; l < 3 && configs[c].loads[l] > 0; l++) {
                        for (uint32_t seed = 1; seed <= 2; seed++) {
                                tr.erlang = configs[c].loads[l];
                                struct sim_result res;
                                struct harness_floor_result fl;
                                uint64_t ids = 0;
                                CU_ASSERT_EQUAL_FATAL(rollgate_legacy(m, &tr, seed, &res, &ids),
                                                      RG_OK);
                                CU_ASSERT_EQUAL_FATAL(
                                    harness_floor_run(f, tr.erlang, tr.requests, seed, &fl, &eb),
                                    RG_OK);
                                CU_ASSERT_EQUAL(fl.requests, res.requests);
                                CU_ASSERT_EQUAL(fl.blocked, res.blocked);
                                CU_ASSERT_EQUAL(fl.blocked_ids, ids); /* the same ones */
                                CU_ASSERT_EQUAL(fl.blocked_distance,
                                                res.blocked_by[SIM_BLOCK_DISTANCE]);
                                for (int i = 0; i < m->par.k_paths; i++)
                                        CU_ASSERT_EQUAL(fl.admitted_on[i], res.path_index[i]);
                                if (fl.blocked != res.blocked)
                                        fprintf(stderr, "config %zu, %g Erlang, seed %u: %u/%u\n",
                                                c, tr.erlang, seed, fl.blocked, res.blocked);
                                blocked_total += res.blocked;
                                distance_total += res.blocked_by[SIM_BLOCK_DISTANCE];
                                congestion_total += res.blocked_by[SIM_BLOCK_CONGESTION];
                        }
                }
                harness_floor_destroy(f);
                sim_model_destroy(m);
        }
        /* the loads reach both kinds of blocking, so the equalities bite */
        CU_ASSERT(congestion_total > 1000);
        CU_ASSERT(distance_total > 0);
        CU_ASSERT(blocked_total == congestion_total + distance_total);
}

static void test_refusals(void)
{
        const struct config c = {"NSFNet", 3, 1, 320, 1, false, {600, 0, 0}};
        struct sim_model *m = NULL;
        struct sim_traffic tr;
        CU_ASSERT_EQUAL_FATAL(build(&c, &m, &tr), RG_OK);
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct harness_floor *f = NULL;
        CU_ASSERT_EQUAL_FATAL(harness_floor_create(m, &tr, &f, &eb), RG_OK);
        struct harness_floor_result fl;
        CU_ASSERT_EQUAL(harness_floor_run(f, 600, 5000, 0, &fl, &eb), RG_RANGE);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "seed 0"));
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(harness_floor_run(f, 600, 5001, 1, &fl, &eb), RG_RANGE);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "quotas"));
        harness_floor_destroy(f);
        /* first-fit only */
        m->par.fit = SIM_FIT_BEST;
        rg_errbuf_init(&eb);
        f = NULL;
        CU_ASSERT_EQUAL(harness_floor_create(m, &tr, &f, &eb), RG_UNSUPPORTED);
        CU_ASSERT_PTR_NULL(f);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "first_fit"));
        sim_model_destroy(m);
}

TEST_MAIN("floor", TEST(test_gsl_mt19937_is_init_genrand), TEST(test_same_blocking),
          TEST(test_refusals))
