/*
 * The orchestrator path: bit-identical to legacy over many random
 * configurations, and each fault injection moves the results the way it is
 * documented to.
 */
#include <math.h>

#include "../sim/orchestrator.h"
#include "../sim/rng.h"
#include "sim_fixture.h"

struct pair_result {
        struct sim_result r[2];
        int status[2];
        char msg[2][512];
        bool decisions_equal;
};

/* Runs legacy (side 0) and the orchestrator with `inj` (side 1) on one
 * stream. */
static struct pair_result run_pair(const struct sim_model *m, const struct sim_traffic *tr,
                                   uint32_t seed, const struct sim_inject *inj)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct pair_result out = {0};
        struct sim_stream s;
        sim_stream_init(&s);
        CU_ASSERT_EQUAL_FATAL(sim_stream_generate(&s, tr, seed, &eb), RG_OK);
        struct sim_runner run[2];
        struct sim_decision *dec[2] = {calloc(s.n, sizeof(struct sim_decision)),
                                       calloc(s.n, sizeof(struct sim_decision))};
        CU_ASSERT_FATAL(dec[0] && dec[1]);
        for (int i = 0; i < 2; i++) {
                CU_ASSERT_EQUAL_FATAL(sim_runner_init(&run[i], m, &eb), RG_OK);
                run[i].record = dec[i];
                run[i].record_cap = s.n;
                struct rg_errbuf reb;
                rg_errbuf_init(&reb);
                struct sim_legacy legacy;
                struct sim_orchestrator orch;
                if (i == 1)
                        sim_orchestrator_init(&orch, m, inj, seed);
                out.status[i] =
                    sim_run(&run[i], m, &s, i ? sim_orchestrator_path_ops(&orch) : &sim_legacy_ops,
                            i ? (void *)&orch : (void *)&legacy, &out.r[i], &reb);
                snprintf(out.msg[i], sizeof(out.msg[i]), "%s", reb.msg);
        }
        out.decisions_equal =
            memcmp(dec[0], dec[1], (size_t)s.n * sizeof(struct sim_decision)) == 0;
        for (int i = 0; i < 2; i++) {
                sim_runner_finish(&run[i]);
                free(dec[i]);
        }
        sim_stream_finish(&s);
        return out;
}

static bool results_equal(const struct sim_result *a, const struct sim_result *b)
{
        return a->requests == b->requests && a->admitted == b->admitted &&
               a->blocked == b->blocked &&
               memcmp(a->blocked_by, b->blocked_by, sizeof(a->blocked_by)) == 0 &&
               a->requested_gbps == b->requested_gbps && a->blocked_gbps == b->blocked_gbps &&
               a->hops_sum == b->hops_sum && a->km_sum == b->km_sum &&
               memcmp(a->mod_count, b->mod_count, sizeof(a->mod_count)) == 0 &&
               memcmp(a->path_index, b->path_index, sizeof(a->path_index)) == 0 &&
               memcmp(a->core_usage, b->core_usage, sizeof(a->core_usage)) == 0 &&
               a->trace_hash == b->trace_hash && a->status == b->status;
}

static int pick(struct sim_rng *r, int n)
{
        return (int)(sim_rng_uniform(r) * n);
}

/* A random connected graph: a random spanning tree plus extra edges. */
static struct sim_topology *random_topology(struct sim_rng *r)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        int n = 4 + pick(r, 14);
        struct sim_topology *t = sim_topology_create("random");
        char a[16], b[16];
        for (int v = 1; v < n; v++) {
                snprintf(a, sizeof(a), "n%d", pick(r, v));
                snprintf(b, sizeof(b), "n%d", v);
                /* multiples of 100 km make equal-length ties common */
                CU_ASSERT_EQUAL_FATAL(
                    sim_topology_add(t, a, b, 100.0 * (1 + pick(r, 12)), NULL, &eb), RG_OK);
        }
        for (int e = pick(r, 2 * n); e > 0; e--) {
                int u = pick(r, n), v = pick(r, n);
                if (u == v)
                        continue;
                snprintf(a, sizeof(a), "n%d", u);
                snprintf(b, sizeof(b), "n%d", v);
                CU_ASSERT_EQUAL_FATAL(
                    sim_topology_add(t, a, b, 100.0 * (1 + pick(r, 12)), NULL, &eb), RG_OK);
        }
        CU_ASSERT_EQUAL_FATAL(sim_topology_finish(t, &eb), RG_OK);
        return t;
}

static struct sim_modtable default_table(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_modtable mt;
        int rc = sim_modtable_load(RG_FIXTURE_DIR "/modulation/formats.json", "DEFAULT", &mt, &eb);
        CU_ASSERT_EQUAL_FATAL(rc, RG_OK);
        return mt;
}

static void test_bit_identity_property(void)
{
        static const char *const nets[] = {"nsfnet", "usnet", "pan_european", "dt", "geant"};
        static const double loads[] = {0.5, 5, 40, 150, 400, 900, 2500};
        static const int slot_choices[] = {16, 40, 64, 128, 320};
        struct sim_modtable mt = default_table();
        struct sim_rng r;
        sim_rng_init(&r, 20261122);
        int configs = 0, seeds = 0, mismatches = 0, blocking_runs = 0;
        for (int c = 0; c < 100; c++) {
                struct rg_errbuf eb;
                rg_errbuf_init(&eb);
                struct sim_topology *t;
                if (c % 3 == 2) {
                        t = random_topology(&r);
                } else {
                        char path[512];
                        snprintf(path, sizeof(path), "%s/topologies/%s.json", RG_FIXTURE_DIR,
                                 nets[pick(&r, 5)]);
                        CU_ASSERT_EQUAL_FATAL(sim_topology_load(path, &t, &eb), RG_OK);
                }
                struct sim_params par = {.k_paths = 1 + pick(&r, 5),
                                         .cores = 1 + pick(&r, 7),
                                         .slots = slot_choices[pick(&r, 5)],
                                         .guard = pick(&r, 2),
                                         .fit = (enum sim_fit)pick(&r, 3),
                                         .single_mod = pick(&r, 4) == 0};
                struct sim_model *m = NULL;
                CU_ASSERT_EQUAL_FATAL(sim_model_create(t, &mt, &par, &m, &eb), RG_OK);
                struct sim_traffic tr = {.erlang = loads[pick(&r, 7)],
                                         .holding_time = pick(&r, 2) ? 1.0 : 0.2,
                                         .requests = 2000,
                                         .n_nodes = m->topo->n_nodes,
                                         .n_classes = 5,
                                         .prob = {0.1, 0.1, 0.5, 0.2, 0.1}};
                configs++;
                for (int s = 0; s < 3; s++) {
                        uint32_t seed = 1 + (uint32_t)pick(&r, 100000);
                        struct pair_result p = run_pair(m, &tr, seed, NULL);
                        seeds++;
                        blocking_runs += p.r[0].blocked_by[SIM_BLOCK_CONGESTION] > 0;
                        bool same = p.status[0] == RG_OK && p.status[1] == RG_OK &&
                                    results_equal(&p.r[0], &p.r[1]) && p.decisions_equal;
                        if (!same && mismatches++ < 3)
                                fprintf(stderr,
                                        "\n  differ: %s k=%d cores=%d slots=%d guard=%d fit=%d "
                                        "single=%d erlang=%g seed=%u (%s / %s)",
                                        m->topo->name, par.k_paths, par.cores, par.slots, par.guard,
                                        par.fit, par.single_mod, tr.erlang, seed, p.msg[0],
                                        p.msg[1]);
                }
                sim_model_destroy(m);
        }
        printf("\n  %d configurations, %d seeds, %d with congestion blocking ", configs, seeds,
               blocking_runs);
        CU_ASSERT_EQUAL(mismatches, 0);
        CU_ASSERT(seeds >= 300);
        CU_ASSERT(blocking_runs >= seeds / 4); /* the draw covers the loaded regime */
        CU_ASSERT(blocking_runs < seeds);      /* ... and the light one */
}

/* ---- injections ------------------------------------------------------------ */

static struct sim_model *nsfnet_model(int k, int slots, int guard)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_topology *t;
        CU_ASSERT_EQUAL_FATAL(sim_topology_load(RG_FIXTURE_DIR "/topologies/nsfnet.json", &t, &eb),
                              RG_OK);
        struct sim_modtable mt = default_table();
        return fixture_model(t, &mt, k, 1, slots, guard, SIM_FIT_FIRST);
}

static struct sim_traffic traffic(const struct sim_model *m, double erlang, uint32_t n)
{
        return (struct sim_traffic){.erlang = erlang,
                                    .holding_time = 1.0,
                                    .requests = n,
                                    .n_nodes = m->topo->n_nodes,
                                    .n_classes = 5,
                                    .prob = {0.1, 0.1, 0.5, 0.2, 0.1}};
}

static struct sim_inject inject(const char *spec)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_inject inj;
        CU_ASSERT_EQUAL_FATAL(sim_inject_parse(spec, &inj, &eb), RG_OK);
        return inj;
}

/* mean BP of each side over seeds 1..n */
static void mean_bp(const struct sim_model *m, const struct sim_traffic *tr, const char *spec,
                    int n, double bp[2])
{
        struct sim_inject inj = inject(spec);
        bp[0] = bp[1] = 0;
        for (int s = 1; s <= n; s++) {
                struct pair_result p = run_pair(m, tr, (uint32_t)s, &inj);
                CU_ASSERT_EQUAL(p.status[1], RG_OK);
                bp[0] += sim_result_bp(&p.r[0]) / n;
                bp[1] += sim_result_bp(&p.r[1]) / n;
        }
}

/* drop=P blocks about P (1 - BP) more: a found placement is withdrawn with
 * probability P, and withdrawn requests free capacity for later ones, so
 * the rise is a little less than P (1 - BP) but of that size. */
static void test_drop_raises_blocking(void)
{
        struct sim_model *m = nsfnet_model(3, 320, 1);
        struct sim_traffic tr = traffic(m, 300, 5000);
        double bp[2];
        mean_bp(m, &tr, "drop=0.05", 5, bp);
        double expected = 0.05 * (1 - bp[0]);
        printf("\n  drop=0.05: legacy %.4f orchestrator %.4f (+%.4f, P(1-BP) = %.4f) ", bp[0],
               bp[1], bp[1] - bp[0], expected);
        CU_ASSERT(bp[1] - bp[0] > 0.5 * expected);
        CU_ASSERT(bp[1] - bp[0] < 1.2 * expected);
        sim_model_destroy(m);
}

static void test_no_guard_lowers_blocking(void)
{
        struct sim_model *m = nsfnet_model(3, 320, 1);
        struct sim_traffic tr = traffic(m, 600, 5000);
        double bp[2];
        mean_bp(m, &tr, "no-guard", 3, bp);
        CU_ASSERT(bp[1] < bp[0]);
        sim_model_destroy(m);
}

static void test_k_minus_one_raises_blocking(void)
{
        struct sim_model *m = nsfnet_model(3, 320, 1);
        struct sim_traffic tr = traffic(m, 600, 5000);
        double bp[2];
        mean_bp(m, &tr, "k-minus-one", 3, bp);
        CU_ASSERT(bp[1] > bp[0]);
        sim_model_destroy(m);
}

/* Another fit policy changes the decisions (the slots chosen) from the
 * first request that finds a fragmented band on; blocking moves little. */
static void test_fit_changes_decisions(void)
{
        struct sim_model *m = nsfnet_model(3, 320, 1);
        struct sim_traffic tr = traffic(m, 600, 3000);
        for (int i = 0; i < 2; i++) {
                struct sim_inject inj = inject(i ? "fit=best" : "fit=last");
                struct pair_result p = run_pair(m, &tr, 1, &inj);
                CU_ASSERT_EQUAL(p.status[1], RG_OK);
                CU_ASSERT_FALSE(p.decisions_equal);
                CU_ASSERT_NOT_EQUAL(p.r[0].trace_hash, p.r[1].trace_hash);
        }
        sim_model_destroy(m);
}

static void test_leak_breaks_invariant(void)
{
        struct sim_model *m = nsfnet_model(3, 320, 1);
        struct sim_traffic tr = traffic(m, 300, 2000);
        struct sim_inject inj = inject("leak=10");
        struct pair_result p = run_pair(m, &tr, 1, &inj);
        CU_ASSERT_EQUAL(p.status[0], RG_OK);
        CU_ASSERT_EQUAL(p.status[1], RG_INVARIANT);
        CU_ASSERT_PTR_NOT_NULL(strstr(p.msg[1], "still occupied"));
        sim_model_destroy(m);
}

static void test_crash_at_names_request(void)
{
        struct sim_model *m = nsfnet_model(3, 320, 1);
        struct sim_traffic tr = traffic(m, 300, 2000);
        struct sim_inject inj = inject("crash-at=100");
        struct pair_result p = run_pair(m, &tr, 1, &inj);
        CU_ASSERT_EQUAL(p.status[1], RG_PATHFAIL);
        CU_ASSERT_EQUAL(p.r[1].fail_request, 100);
        CU_ASSERT_EQUAL(p.r[1].requests, 99);
        CU_ASSERT_PTR_NOT_NULL(strstr(p.msg[1], "request 100"));
        sim_model_destroy(m);
}

/* relabel: same blocking and placements, every blocked request labelled
 * congestion (FUSION's orchestrator does this). */
static void test_relabel_moves_reasons_only(void)
{
        struct sim_model *m = nsfnet_model(3, 320, 1);
        struct sim_traffic tr = traffic(m, 300, 3000);
        struct sim_inject inj = inject("relabel");
        struct pair_result p = run_pair(m, &tr, 2, &inj);
        CU_ASSERT_EQUAL(p.status[1], RG_OK);
        CU_ASSERT_EQUAL(p.r[0].blocked, p.r[1].blocked);
        CU_ASSERT_DOUBLE_EQUAL(p.r[0].blocked_gbps, p.r[1].blocked_gbps, 0);
        CU_ASSERT(p.r[0].blocked_by[SIM_BLOCK_DISTANCE] > 0);
        CU_ASSERT_EQUAL(p.r[1].blocked_by[SIM_BLOCK_DISTANCE], 0);
        CU_ASSERT_EQUAL(p.r[1].blocked_by[SIM_BLOCK_CONGESTION], p.r[1].blocked);
        CU_ASSERT_EQUAL(memcmp(p.r[0].path_index, p.r[1].path_index, sizeof(p.r[0].path_index)), 0);
        sim_model_destroy(m);
}

/* slow=F is the engine's (the lane's time stretched, test_engine.c): the
 * orchestrator given it decides as without it, bit for bit. */
static void test_slow_changes_nothing_but_time(void)
{
        struct sim_model *m = nsfnet_model(3, 320, 1);
        struct sim_traffic tr = traffic(m, 600, 3000);
        struct sim_inject inj = inject("slow=3");
        struct pair_result p = run_pair(m, &tr, 3, &inj);
        CU_ASSERT_TRUE(results_equal(&p.r[0], &p.r[1]));
        CU_ASSERT_TRUE(p.decisions_equal);
        sim_model_destroy(m);
}

static void test_inject_parse(void)
{
        struct rg_errbuf eb;
        struct sim_inject inj;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(sim_inject_parse("drop=0.05,no-guard,fit=best,leak=7,crash-at=9,relabel,"
                                         "slow=2.5,k-minus-one",
                                         &inj, &eb),
                        RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(inj.drop, 0.05, 0);
        CU_ASSERT_TRUE(inj.no_guard && inj.k_minus_one && inj.relabel && inj.fit_override);
        CU_ASSERT_EQUAL(inj.fit, SIM_FIT_BEST);
        CU_ASSERT_EQUAL(inj.leak_every, 7);
        CU_ASSERT_EQUAL(inj.crash_at, 9);
        CU_ASSERT_DOUBLE_EQUAL(inj.slow, 2.5, 0);
        char buf[128];
        sim_inject_format(&inj, buf, sizeof(buf));
        CU_ASSERT_STRING_EQUAL(buf,
                               "drop=0.05,no-guard,k-minus-one,fit=best,leak=7,crash-at=9,relabel,"
                               "slow=2.5");
        CU_ASSERT_EQUAL(sim_inject_parse("none", &inj, &eb), RG_OK);
        CU_ASSERT_FALSE(sim_inject_any(&inj));
        static const char *const bad[] = {"drop=2",  "drop=0",     "drop",     "fit=worst",
                                          "leak=0",  "leak=1.5",   "crash-at", "slow=0.5",
                                          "explode", "no-guard=1", "drop=x",   "crash-at=-3"};
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                rg_errbuf_init(&eb);
                CU_ASSERT_EQUAL(sim_inject_parse(bad[i], &inj, &eb), RG_USAGE);
                CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "--inject"));
        }
}

TEST_MAIN("orchestrator", TEST(test_bit_identity_property), TEST(test_drop_raises_blocking),
          TEST(test_no_guard_lowers_blocking), TEST(test_k_minus_one_raises_blocking),
          TEST(test_fit_changes_decisions), TEST(test_leak_breaks_invariant),
          TEST(test_crash_at_names_request), TEST(test_relabel_moves_reasons_only),
          TEST(test_slow_changes_nothing_but_time), TEST(test_inject_parse))
