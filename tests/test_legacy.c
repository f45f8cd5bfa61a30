/*
 * The legacy controller on hand-made streams where every decision can be
 * worked out on paper.  Topology: a triangle 0-1 (1000 km), 1-2 (1000 km),
 * 0-2 (3000 km), added in that order, so the paths 0->2 are [0,1,2] (2000 km)
 * then [0,2] (3000 km), and 0->1 are [0,1] (1000 km) then [0,2,1] (4000 km).
 */
#include "sim_fixture.h"

static struct sim_topology *triangle(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_topology *t = sim_topology_create("triangle");
        CU_ASSERT_EQUAL_FATAL(sim_topology_add(t, "0", "1", 1000, NULL, &eb), RG_OK);
        CU_ASSERT_EQUAL_FATAL(sim_topology_add(t, "1", "2", 1000, NULL, &eb), RG_OK);
        CU_ASSERT_EQUAL_FATAL(sim_topology_add(t, "0", "2", 3000, NULL, &eb), RG_OK);
        CU_ASSERT_EQUAL_FATAL(sim_topology_finish(t, &eb), RG_OK);
        return t;
}

/* class 0 "100": SHORT reaches 1500 km with 2 slots, LONG 5000 km with 4;
 * class 1 "400": TINY reaches 500 km only. */
static void table(struct sim_modtable *mt)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        *mt = (struct sim_modtable){0};
        CU_ASSERT_EQUAL_FATAL(sim_modtable_add(mt, "100", "LONG", 5000, 4, &eb), RG_OK);
        CU_ASSERT_EQUAL_FATAL(sim_modtable_add(mt, "100", "SHORT", 1500, 2, &eb), RG_OK);
        CU_ASSERT_EQUAL_FATAL(sim_modtable_add(mt, "400", "TINY", 500, 1, &eb), RG_OK);
}

struct outcome {
        struct sim_result res;
        struct sim_decision dec[16];
        int status;
};

static struct outcome run(struct sim_model *m, const struct fixture_req *r, int n)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct outcome o;
        struct sim_stream s;
        fixture_stream(&s, r, n);
        struct sim_runner runner;
        CU_ASSERT_EQUAL_FATAL(sim_runner_init(&runner, m, &eb), RG_OK);
        struct sim_legacy ctl;
        CU_ASSERT_FATAL(n <= 16);
        memset(o.dec, 0, sizeof(o.dec));
        runner.record = o.dec;
        runner.record_cap = (uint32_t)n;
        o.status = sim_run(&runner, m, &s, &sim_legacy_ops, &ctl, &o.res, &eb);
        if (o.status != RG_OK)
                fprintf(stderr, "run: %s\n", eb.msg);
        sim_runner_finish(&runner);
        sim_stream_finish(&s);
        return o;
}

static int mod_of(const struct sim_model *m, const char *name)
{
        for (int i = 0; i < m->mods.n_mods; i++)
                if (strcmp(m->mods.mod_names[i], name) == 0)
                        return i;
        return -1;
}

static void test_distance_block(void)
{
        struct sim_modtable mt;
        table(&mt);
        struct sim_model *m = fixture_model(triangle(), &mt, 2, 1, 8, 0, SIM_FIT_FIRST);
        const struct fixture_req r[] = {{0, 1, 1, 1.0, 2.0}}; /* 400G over >= 1000 km */
        struct outcome o = run(m, r, 1);
        CU_ASSERT_EQUAL(o.status, RG_OK);
        CU_ASSERT_FALSE(o.dec[0].admitted);
        CU_ASSERT_EQUAL(o.dec[0].reason, SIM_BLOCK_DISTANCE);
        CU_ASSERT_EQUAL(o.res.blocked_by[SIM_BLOCK_DISTANCE], 1);
        CU_ASSERT_DOUBLE_EQUAL(o.res.blocked_gbps, 400, 0);
        CU_ASSERT_DOUBLE_EQUAL(sim_result_bbp(&o.res), 1.0, 0);
        sim_model_destroy(m);
}

/* 8 slots, no guard: four LONG (4-slot) requests 0->2 fill path 0 then path 1,
 * the fifth is blocked by congestion; a 0->1 request then finds [0,1] full
 * for SHORT and LONG, and [0,2,1] full on 0-2. */
static void test_first_fit_and_next_path(void)
{
        struct sim_modtable mt;
        table(&mt);
        struct sim_model *m = fixture_model(triangle(), &mt, 2, 1, 8, 0, SIM_FIT_FIRST);
        const struct fixture_req r[] = {
            {0, 2, 0, 1.0, 100}, {0, 2, 0, 2.0, 100}, {0, 2, 0, 3.0, 100},
            {0, 2, 0, 4.0, 100}, {0, 2, 0, 5.0, 100}, {0, 1, 0, 5.5, 100},
        };
        struct outcome o = run(m, r, 6);
        CU_ASSERT_EQUAL_FATAL(o.status, RG_OK);
        const int want_path[] = {0, 0, 1, 1}, want_start[] = {0, 4, 0, 4};
        for (int i = 0; i < 4; i++) {
                CU_ASSERT_TRUE(o.dec[i].admitted);
                CU_ASSERT_EQUAL(o.dec[i].path_index, want_path[i]);
                CU_ASSERT_EQUAL(o.dec[i].start, want_start[i]);
                CU_ASSERT_EQUAL(o.dec[i].width, 4);
                CU_ASSERT_EQUAL(o.dec[i].mod, mod_of(m, "LONG"));
        }
        CU_ASSERT_FALSE(o.dec[4].admitted);
        CU_ASSERT_EQUAL(o.dec[4].reason, SIM_BLOCK_CONGESTION);
        CU_ASSERT_FALSE(o.dec[5].admitted);
        CU_ASSERT_EQUAL(o.dec[5].reason, SIM_BLOCK_CONGESTION);
        CU_ASSERT_EQUAL(o.res.admitted, 4);
        CU_ASSERT_EQUAL(o.res.path_index[0], 2);
        CU_ASSERT_EQUAL(o.res.path_index[1], 2);
        CU_ASSERT_EQUAL(o.res.hops_sum, 2 + 2 + 1 + 1);
        CU_ASSERT_DOUBLE_EQUAL(o.res.km_sum, 2000 + 2000 + 3000 + 3000, 0);
        sim_model_destroy(m);
}

/* A 0->1 request (1000 km) uses the most efficient reaching format, SHORT,
 * at 2 slots. */
static void test_most_efficient_format(void)
{
        struct sim_modtable mt;
        table(&mt);
        struct sim_model *m = fixture_model(triangle(), &mt, 2, 1, 8, 0, SIM_FIT_FIRST);
        const struct fixture_req r[] = {{0, 1, 0, 1.0, 2.0}};
        struct outcome o = run(m, r, 1);
        CU_ASSERT_TRUE(o.dec[0].admitted);
        CU_ASSERT_EQUAL(o.dec[0].mod, mod_of(m, "SHORT"));
        CU_ASSERT_EQUAL(o.dec[0].width, 2);
        sim_model_destroy(m);
}

/* With a guard slot, 9 slots hold one 4+1 block at 0..4; the next would need
 * 5..9, past the band's top edge, so it goes to the second path. */
static void test_guard_at_band_edge(void)
{
        struct sim_modtable mt;
        table(&mt);
        struct sim_model *m = fixture_model(triangle(), &mt, 2, 1, 9, 1, SIM_FIT_FIRST);
        const struct fixture_req r[] = {{0, 2, 0, 1.0, 100}, {0, 2, 0, 2.0, 100}};
        struct outcome o = run(m, r, 2);
        CU_ASSERT_EQUAL(o.status, RG_OK);
        CU_ASSERT_TRUE(o.dec[0].admitted);
        CU_ASSERT_EQUAL(o.dec[0].width, 5);
        CU_ASSERT_EQUAL(o.dec[1].path_index, 1);
        CU_ASSERT_EQUAL(o.dec[1].start, 0);
        sim_model_destroy(m);
}

/* A release frees exactly what the arrival took: the second request, after
 * the first departed, gets the same slots again. */
static void test_release_reuses_slots(void)
{
        struct sim_modtable mt;
        table(&mt);
        struct sim_model *m = fixture_model(triangle(), &mt, 2, 1, 4, 0, SIM_FIT_FIRST);
        const struct fixture_req r[] = {{0, 2, 0, 1.0, 2.0}, {0, 2, 0, 3.0, 4.0}};
        struct outcome o = run(m, r, 2);
        CU_ASSERT_EQUAL(o.status, RG_OK);
        CU_ASSERT_EQUAL(o.dec[1].path_index, 0);
        CU_ASSERT_EQUAL(o.dec[1].start, 0);
        sim_model_destroy(m);
}

/* A table where a less efficient format needs fewer slots (FAT: 1500 km,
 * 4 slots; THIN: 5000 km, 2 slots).  With 3 slots free, FAT fails and the
 * controller falls back to THIN, unless pre_calc_mod_selection (single_mod)
 * restricts it to the first reaching format. */
static void test_fallback_to_next_format(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        for (int single = 0; single < 2; single++) {
                struct sim_modtable mt = {0};
                CU_ASSERT_EQUAL_FATAL(sim_modtable_add(&mt, "100", "FAT", 1500, 4, &eb), RG_OK);
                CU_ASSERT_EQUAL_FATAL(sim_modtable_add(&mt, "100", "THIN", 5000, 2, &eb), RG_OK);
                CU_ASSERT_EQUAL_FATAL(sim_modtable_add(&mt, "25", "ONE", 5000, 1, &eb), RG_OK);
                struct sim_params par = {.k_paths = 1,
                                         .cores = 1,
                                         .slots = 4,
                                         .guard = 0,
                                         .fit = SIM_FIT_FIRST,
                                         .single_mod = single};
                struct sim_model *m = NULL;
                CU_ASSERT_EQUAL_FATAL(sim_model_create(triangle(), &mt, &par, &m, &eb), RG_OK);
                /* a 1-slot request occupies slot 0 of 0-1, then a 100G 0->1 */
                const struct fixture_req r[] = {{0, 1, 1, 1.0, 10}, {0, 1, 0, 2.0, 10}};
                struct outcome o = run(m, r, 2);
                CU_ASSERT_EQUAL(o.status, RG_OK);
                CU_ASSERT_TRUE(o.dec[0].admitted);
                if (!single) {
                        CU_ASSERT_TRUE(o.dec[1].admitted);
                        CU_ASSERT_EQUAL(o.dec[1].mod, mod_of(m, "THIN"));
                        CU_ASSERT_EQUAL(o.dec[1].start, 1);
                } else {
                        CU_ASSERT_FALSE(o.dec[1].admitted);
                        CU_ASSERT_EQUAL(o.dec[1].reason, SIM_BLOCK_CONGESTION);
                }
                sim_model_destroy(m);
        }
}

/* Last-fit takes the highest start; best-fit the smallest gap. */
static void test_last_and_best_fit(void)
{
        struct sim_modtable mt;
        table(&mt);
        struct sim_model *m = fixture_model(triangle(), &mt, 1, 1, 10, 0, SIM_FIT_LAST);
        const struct fixture_req r[] = {{0, 1, 0, 1.0, 10}};
        struct outcome o = run(m, r, 1);
        CU_ASSERT_EQUAL(o.dec[0].start, 8); /* SHORT: 2 slots at the top */
        sim_model_destroy(m);

        /* 0-1 with 10 slots: five 2-slot requests fill [0,2) .. [8,10); the
         * 1st, 2nd and 4th leave, so the free runs are [0,4) of 4 and [6,8)
         * of 2.  The next 2-slot request: best fit -> 6, first fit -> 0.
         * Last fit fills from the top instead (1st at [8,10) ... 5th at
         * [0,2)), so the leavers free [6,10) and [2,4) and it picks 8. */
        const struct fixture_req r2[] = {
            {0, 1, 0, 1.0, 5.0}, {0, 1, 0, 2.0, 5.0}, {0, 1, 0, 3.0, 100},
            {0, 1, 0, 4.0, 5.5}, {0, 1, 0, 4.5, 100}, {0, 1, 0, 6.0, 100},
        };
        const enum sim_fit fits[] = {SIM_FIT_BEST, SIM_FIT_FIRST, SIM_FIT_LAST};
        const int want[] = {6, 0, 8};
        for (int f = 0; f < 3; f++) {
                m = fixture_model(triangle(), &mt, 1, 1, 10, 0, fits[f]);
                o = run(m, r2, 6);
                CU_ASSERT_EQUAL(o.status, RG_OK);
                CU_ASSERT_TRUE(o.dec[5].admitted);
                CU_ASSERT_EQUAL(o.dec[5].start, want[f]);
                sim_model_destroy(m);
        }
}

static void test_cores_in_order(void)
{
        struct sim_modtable mt;
        table(&mt);
        struct sim_model *m = fixture_model(triangle(), &mt, 1, 2, 4, 0, SIM_FIT_FIRST);
        const struct fixture_req r[] = {
            {0, 1, 0, 1.0, 10}, {0, 1, 0, 2.0, 10}, {0, 1, 0, 3.0, 10}, {0, 1, 0, 4.0, 10}};
        struct outcome o = run(m, r, 4);
        const int core[] = {0, 0, 1, 1}, start[] = {0, 2, 0, 2};
        for (int i = 0; i < 4; i++) {
                CU_ASSERT_EQUAL(o.dec[i].core, core[i]);
                CU_ASSERT_EQUAL(o.dec[i].start, start[i]);
        }
        CU_ASSERT_EQUAL(o.res.core_usage[0], 2);
        CU_ASSERT_EQUAL(o.res.core_usage[1], 2);
        sim_model_destroy(m);
}

TEST_MAIN("legacy", TEST(test_distance_block), TEST(test_first_fit_and_next_path),
          TEST(test_most_efficient_format), TEST(test_guard_at_band_edge),
          TEST(test_release_reuses_slots), TEST(test_fallback_to_next_format),
          TEST(test_last_and_best_fit), TEST(test_cores_in_order))
