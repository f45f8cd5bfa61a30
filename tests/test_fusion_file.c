/*
 * Tests for backends/fusion_file.c: FUSION's <erlang>_erlang.json
 * (iterations, counts from ratios and fractions, modulations flattened over
 * bandwidth classes, entries FUSION did not save, every rejection).
 *
 * The JSON texts are written with ' for " to stay readable (see json()).
 */
#include <stdio.h>
#include <string.h>

#include "../backends/fusion_file.h"
#include "json_fixture.h"
#include "testutil.h"

/*
 * Shaped like files FUSION wrote (its own CLI on NSFNet, KSP first fit,
 * k = 4, 1000 requests per iteration), cut down to a few of their keys.
 *
 * fusion_text: one core, no slicing, 600 Erlang, max_iters 3.  Iteration 0
 * is that file's as written: its lists, block reasons (all distance, as
 * fractions), modulations by bandwidth class with the per-modulation entries
 * in between, means rounded to 2 decimals, route and core counts.  Iteration
 * 1 lacks the optional figures, as FUSION's entries sometimes do; iteration 2
 * has mixed reasons (100 distance + 71 congestion of 171) and a null mean.
 */
static const char fusion_text[] =
    "{'iter_stats': {\n"
    " '0': {'snapshots_dict': {}, 'cores_dict': {'0': 842},\n"
    "  'mods_used_dict': {'25': {'QPSK': 0, '16-QAM': 3, '64-QAM': 97},\n"
    "   'QPSK': {'length': {'overall': {'mean': 2864.35}}, 'hop': {'overall': {}},\n"
    "            'snr': {'overall': [], 'c': []}, 'c': 297},\n"
    "   '16-QAM': {'length': {}, 'c': 287}, '64-QAM': {'length': {}, 'c': 258},\n"
    "   '50': {'QPSK': 0, '16-QAM': 43, '64-QAM': 57},\n"
    "   '100': {'QPSK': 185, '16-QAM': 202, '64-QAM': 89},\n"
    "   '200': {'QPSK': 87, '16-QAM': 32, '64-QAM': 14},\n"
    "   '400': {'QPSK': 25, '16-QAM': 7, '64-QAM': 1}},\n"
    "  'block_bw_dict': {'25': 2, '50': 1, '100': 134, '200': 61, '400': 22},\n"
    "  'block_reasons_dict': {'distance': 1.0, 'congestion': 0.0, 'xt_threshold': 0.0},\n"
    "  'sim_block_list': [0.158], 'sim_br_block_list': [0.3098181818181818],\n"
    "  'trans_mean': 1.0, 'hops_mean': 2.21, 'hops_min': 1.0, 'lengths_mean': 1853.56,\n"
    "  'xt_mean': null, 'path_index_list': [744, 66, 14, 18]},\n"
    " '1': {'block_reasons_dict': {'distance': null, 'congestion': null},\n"
    "  'sim_block_list': [0.158, 0.198],\n"
    "  'sim_br_block_list': [0.3098181818181818, 0.3490909090909091]},\n"
    " '2': {'cores_dict': {'0': 829},\n"
    "  'mods_used_dict': {'100': {'QPSK': 300, '16-QAM': 283}, '200': {'64-QAM': 246}},\n"
    "  'block_reasons_dict': {'distance': 0.5847953216374269,\n"
    "                         'congestion': 0.4152046783625731, 'xt_threshold': 0.0},\n"
    "  'sim_block_list': [0.158, 0.198, 0.171],\n"
    "  'sim_br_block_list': [0.3098181818181818, 0.3490909090909091, 0.3301818181818182],\n"
    "  'hops_mean': 2.29, 'lengths_mean': null, 'path_index_list': [748, 55, 19, 7]}},\n"
    " 'link_usage': {}, 'blocking_mean': 0.17566666666666667,\n"
    " 'sim_end_time': '1201_20_07_57_123456'}\n";

/*
 * slicing_text: FUSION's shipped slicing (max_segments 4, 3 cores), 1800
 * Erlang, save_step 10, max_iters 3: only the first and the last iteration
 * were saved, and the last entry's lists cover iteration 1 too.  Modulations
 * and cores count lightpaths: 1167 of them for 994 admitted requests.
 */
static const char slicing_text[] =
    "{'iter_stats': {\n"
    " '0': {'cores_dict': {'0': 706, '1': 281, '2': 180},\n"
    "  'mods_used_dict': {'25': {'QPSK': 0, '16-QAM': 3, '64-QAM': 97},\n"
    "   '50': {'QPSK': 0, '16-QAM': 83, '64-QAM': 59},\n"
    "   '100': {'QPSK': 351, '16-QAM': 207, '64-QAM': 89},\n"
    "   '200': {'QPSK': 194, '16-QAM': 35, '64-QAM': 14},\n"
    "   '400': {'QPSK': 27, '16-QAM': 7, '64-QAM': 1}},\n"
    "  'block_reasons_dict': {'distance': 1.0, 'congestion': 0.0, 'xt_threshold': 0.0},\n"
    "  'sim_block_list': [0.006], 'sim_br_block_list': [0.01090909090909091],\n"
    "  'hops_mean': 2.37, 'lengths_mean': 1966.2, 'path_index_list': [920, 36, 25, 13]},\n"
    " '2': {'cores_dict': {'0': 685, '1': 322, '2': 173},\n"
    "  'block_reasons_dict': {'distance': 1.0, 'congestion': 0.0, 'xt_threshold': 0.0},\n"
    "  'sim_block_list': [0.006, 0.011, 0.007],\n"
    "  'sim_br_block_list': [0.01090909090909091, 0.02327272727272727, 0.013818181818181818],\n"
    "  'hops_mean': 2.43, 'lengths_mean': 2003.42, 'path_index_list': [925, 47, 19, 2]}}}\n";

static int fusion(const char *src, int iteration, uint32_t requests, struct backend_result *r,
                  struct rg_errbuf *eb)
{
        rg_errbuf_init(eb);
        return backend_fusion_parse(json(src), "600.0_erlang.json", iteration, requests, r, eb);
}

static void test_fusion_iterations(void)
{
        struct backend_result r;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL(backend_fusion_iterations(json(fusion_text)), 3);

        CU_ASSERT_EQUAL_FATAL(fusion(fusion_text, 0, 1000, &r, &eb), RG_OK);
        CU_ASSERT_EQUAL(r.status, RG_OK);
        CU_ASSERT_EQUAL(r.requests, 1000);
        CU_ASSERT_EQUAL(r.blocked, 158);
        CU_ASSERT_EQUAL(r.has, BACKEND_HAS_BBP | BACKEND_HAS_REASONS | BACKEND_HAS_MODS |
                                   BACKEND_HAS_HOPS | BACKEND_HAS_LENGTH | BACKEND_HAS_PATH_INDEX |
                                   BACKEND_HAS_CORES);
        CU_ASSERT_DOUBLE_EQUAL(r.bbp, 0.3098181818181818, 0);
        CU_ASSERT_EQUAL(r.blocked_by[SIM_BLOCK_DISTANCE], 158);
        CU_ASSERT_EQUAL(r.blocked_by[SIM_BLOCK_CONGESTION], 0);
        /* summed over the bandwidth classes, in first-seen order */
        CU_ASSERT_EQUAL_FATAL(r.n_mods, 3);
        CU_ASSERT_STRING_EQUAL(r.mod_names[0], "QPSK");
        CU_ASSERT_STRING_EQUAL(r.mod_names[1], "16-QAM");
        CU_ASSERT_STRING_EQUAL(r.mod_names[2], "64-QAM");
        CU_ASSERT_EQUAL(r.mod_count[0], 297);
        CU_ASSERT_EQUAL(r.mod_count[1], 287);
        CU_ASSERT_EQUAL(r.mod_count[2], 258);
        CU_ASSERT_DOUBLE_EQUAL(r.hops_mean, 2.21, 0);
        CU_ASSERT_DOUBLE_EQUAL(r.length_mean_km, 1853.56, 0);
        CU_ASSERT_EQUAL_FATAL(r.n_path_index, 4);
        CU_ASSERT_EQUAL(r.path_index[0], 744);
        CU_ASSERT_EQUAL(r.path_index[3], 18);
        CU_ASSERT_EQUAL_FATAL(r.n_cores, 1);
        CU_ASSERT_EQUAL(r.core_usage[0], 842);

        CU_ASSERT_EQUAL_FATAL(fusion(fusion_text, 1, 1000, &r, &eb), RG_OK);
        CU_ASSERT_EQUAL(r.blocked, 198);
        CU_ASSERT_EQUAL(r.has, BACKEND_HAS_BBP); /* reasons null: never counted */
        CU_ASSERT_DOUBLE_EQUAL(r.bbp, 0.3490909090909091, 0);

        CU_ASSERT_EQUAL_FATAL(fusion(fusion_text, 2, 1000, &r, &eb), RG_OK);
        CU_ASSERT_EQUAL(r.blocked, 171);
        CU_ASSERT_DOUBLE_EQUAL(r.bbp, 0.3301818181818182, 0);
        CU_ASSERT_EQUAL(r.has, BACKEND_HAS_BBP | BACKEND_HAS_REASONS | BACKEND_HAS_MODS |
                                   BACKEND_HAS_HOPS | BACKEND_HAS_PATH_INDEX | BACKEND_HAS_CORES);
        CU_ASSERT_EQUAL(r.blocked_by[SIM_BLOCK_DISTANCE], 100);
        CU_ASSERT_EQUAL(r.blocked_by[SIM_BLOCK_CONGESTION], 71);
        CU_ASSERT_EQUAL_FATAL(r.n_mods, 3);
        CU_ASSERT_STRING_EQUAL(r.mod_names[2], "64-QAM");
        CU_ASSERT_EQUAL(r.mod_count[2], 246);
        CU_ASSERT_EQUAL(r.path_index[0], 748);
}

static void test_fusion_missing_iteration(void)
{
        struct backend_result r;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL(fusion(fusion_text, 3, 1000, &r, &eb), RG_NOTFOUND);
        expect_message(&eb, "600.0_erlang.json");
        expect_message(&eb, "iteration 3");
        CU_ASSERT(zeroed(&r));
        CU_ASSERT_EQUAL(fusion("{'iter_stats': {}}", 0, 1000, &r, &eb), RG_NOTFOUND);
        expect_message(&eb, "iteration 0");
        CU_ASSERT_EQUAL(backend_fusion_iterations(json("{'iter_stats': {}}")), 0);
        CU_ASSERT_EQUAL(fusion(fusion_text, -1, 1000, &r, &eb), RG_RANGE);
}

/* 0.158 x 999 = 157.842: not a count, so 999 cannot be the request count. */
static void test_fusion_not_a_count(void)
{
        struct backend_result r;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL(fusion(fusion_text, 0, 999, &r, &eb), RG_PARSE);
        expect_message(&eb, "key 'iter_stats.0.sim_block_list[0]': 0.158 is not a count of 999");
        CU_ASSERT(zeroed(&r));
        /* 500 gives whole counts, but more requests on routes than were admitted */
        CU_ASSERT_EQUAL(fusion(fusion_text, 0, 500, &r, &eb), RG_RANGE);
        expect_message(&eb, "key 'iter_stats.0.path_index_list': counts add up to 842");
        /* a fraction of 231 blocked that is no count */
        CU_ASSERT_EQUAL(fusion("{'iter_stats': {'0': {'sim_block_list': [0.231], "
                               "'block_reasons_dict': {'distance': 0.5, 'congestion': 0.5}}}}",
                               0, 1000, &r, &eb),
                        RG_PARSE);
        expect_message(&eb, "key 'iter_stats.0.block_reasons_dict.distance'");
        CU_ASSERT_EQUAL(fusion(fusion_text, 0, 0, &r, &eb), RG_RANGE);
}

/* Lightpath counts are no request counts; an iteration FUSION did not save
 * has its BP and BBP in the last entry's lists only. */
static void test_fusion_slicing_and_save_step(void)
{
        struct backend_result r;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL(backend_fusion_iterations(json(slicing_text)), 3);
        CU_ASSERT_EQUAL_FATAL(fusion(slicing_text, 0, 1000, &r, &eb), RG_OK);
        CU_ASSERT_EQUAL(r.blocked, 6);
        CU_ASSERT_EQUAL(r.has, BACKEND_HAS_BBP | BACKEND_HAS_REASONS | BACKEND_HAS_HOPS |
                                   BACKEND_HAS_LENGTH | BACKEND_HAS_PATH_INDEX);
        CU_ASSERT_EQUAL(r.n_mods, 0);
        CU_ASSERT_EQUAL(r.n_cores, 0);
        CU_ASSERT_EQUAL(r.mod_count[0], 0);
        CU_ASSERT_EQUAL(r.core_usage[0], 0);
        CU_ASSERT_EQUAL(r.path_index[0], 920);

        CU_ASSERT_EQUAL_FATAL(fusion(slicing_text, 1, 1000, &r, &eb), RG_OK);
        CU_ASSERT_EQUAL(r.blocked, 11);
        CU_ASSERT_EQUAL(r.has, BACKEND_HAS_BBP);
        CU_ASSERT_DOUBLE_EQUAL(r.bbp, 0.02327272727272727, 0);

        CU_ASSERT_EQUAL_FATAL(fusion(slicing_text, 2, 1000, &r, &eb), RG_OK);
        CU_ASSERT_EQUAL(r.blocked, 7);
        CU_ASSERT_DOUBLE_EQUAL(r.hops_mean, 2.43, 0);
        CU_ASSERT_EQUAL(fusion(slicing_text, 3, 1000, &r, &eb), RG_NOTFOUND);
        expect_message(&eb, "no iteration 3 (the file covers 0..2)");

        /* an entry whose list stops short of its own iteration is not FUSION's */
        CU_ASSERT_EQUAL(fusion("{'iter_stats': {'1': {'sim_block_list': [0.1]}}}", 1, 10, &r, &eb),
                        RG_PARSE);
        expect_message(&eb, "key 'iter_stats.1.sim_block_list': has no element 1");
}

/* A key saved twice: the last one is FUSION's (Python's json.load keeps the
 * last). */
static void test_fusion_repeated_key(void)
{
        static const char repeated[] =
            "{'iter_stats': {'0': {'sim_block_list': [0.5]}, '0': {'sim_block_list': [0.2]}}}";
        struct backend_result r;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL(backend_fusion_iterations(json(repeated)), 1);
        CU_ASSERT_EQUAL_FATAL(fusion(repeated, 0, 10, &r, &eb), RG_OK);
        CU_ASSERT_EQUAL(r.blocked, 2);
        CU_ASSERT_EQUAL(r.has, 0); /* no sim_br_block_list */
}

/* Nothing blocked: FUSION leaves the reasons as counts (all 0).  The cores
 * are in any key order. */
static void test_fusion_nothing_blocked(void)
{
        static const char text[] =
            "{'iter_stats': {'0': {'sim_block_list': [0.0], 'sim_br_block_list': [0.0],"
            " 'block_reasons_dict': {'distance': 0, 'congestion': 0, 'xt_threshold': 0},"
            " 'path_index_list': [500, 0, 0, 0], 'cores_dict': {'1': 32, '0': 468, '2': 0}}}}";
        struct backend_result r;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL_FATAL(fusion(text, 0, 500, &r, &eb), RG_OK);
        CU_ASSERT_EQUAL(r.blocked, 0);
        CU_ASSERT(backend_has(&r, BACKEND_HAS_REASONS | BACKEND_HAS_BBP | BACKEND_HAS_CORES));
        CU_ASSERT_EQUAL_FATAL(r.n_cores, 3);
        CU_ASSERT_EQUAL(r.core_usage[0], 468);
        CU_ASSERT_EQUAL(r.core_usage[1], 32);
        CU_ASSERT_EQUAL(r.core_usage[2], 0);
}

static const struct bad_case fusion_bad[] = {
    {"{'iterations': []}", RG_PARSE, "key 'iter_stats': missing"},
    {"{'iter_stats': []}", RG_PARSE, "key 'iter_stats': must be an object"},
    {"{'iter_stats': {'x': {}}}", RG_PARSE, "key 'iter_stats.x': not an iteration number"},
    {"{'iter_stats': {'01': {}}}", RG_PARSE, "key 'iter_stats.01'"},
    {"{'iter_stats': {'0': 5}}", RG_PARSE, "key 'iter_stats.0': must be an object"},
    {"{'iter_stats': {'0': {}}}", RG_PARSE, "key 'iter_stats.0.sim_block_list': has no element 0"},
    {"{'iter_stats': {'0': {'sim_block_list': []}}}", RG_PARSE,
     "key 'iter_stats.0.sim_block_list': has no element 0"},
    {"{'iter_stats': {'0': {'sim_block_list': 0.1}}}", RG_PARSE,
     "key 'iter_stats.0.sim_block_list': must be an array"},
    {"{'iter_stats': {'0': {'sim_block_list': [1.1]}}}", RG_RANGE,
     "key 'iter_stats.0.sim_block_list[0]'"},
    {"{'iter_stats': {'0': {'sim_block_list': [null]}}}", RG_PARSE,
     "key 'iter_stats.0.sim_block_list[0]'"},
    {"{'iter_stats': {'0': {'sim_block_list': [0.1], 'sim_br_block_list': [2]}}}", RG_RANGE,
     "key 'iter_stats.0.sim_br_block_list[0]'"},
    {"{'iter_stats': {'0': {'sim_block_list': [0.1], 'block_reasons_dict': "
     "{'distance': 1.0, 'congestion': 1.0}}}}",
     RG_RANGE, "key 'iter_stats.0.block_reasons_dict': reasons add up to 2, more than the 1"},
    {"{'iter_stats': {'0': {'sim_block_list': [0.1], 'block_reasons_dict': {'distance': 2}}}}",
     RG_RANGE, "key 'iter_stats.0.block_reasons_dict.distance'"},
    {"{'iter_stats': {'0': {'sim_block_list': [0], 'block_reasons_dict': {'distance': 0.5}}}}",
     RG_RANGE, "nothing was blocked"},
    {"{'iter_stats': {'0': {'sim_block_list': [0.1], 'block_reasons_dict': 3}}}", RG_PARSE,
     "key 'iter_stats.0.block_reasons_dict'"},
    {"{'iter_stats': {'0': {'sim_block_list': [0.1], 'mods_used_dict': {'25': {'QPSK': 0.5}}}}}",
     RG_PARSE, "key 'iter_stats.0.mods_used_dict.25.QPSK'"},
    {"{'iter_stats': {'0': {'sim_block_list': [0.1], 'mods_used_dict': {'25': 4}}}}", RG_PARSE,
     "key 'iter_stats.0.mods_used_dict.25'"},
    {"{'iter_stats': {'0': {'sim_block_list': [0.1], 'hops_mean': -2}}}", RG_RANGE,
     "key 'iter_stats.0.hops_mean'"},
    {"{'iter_stats': {'0': {'sim_block_list': [0.1], 'lengths_mean': 'long'}}}", RG_PARSE,
     "key 'iter_stats.0.lengths_mean'"},
    {"{'iter_stats': {'0': {'sim_block_list': [0.1], 'path_index_list': [1.5]}}}", RG_PARSE,
     "key 'iter_stats.0.path_index_list[0]'"},
    {"{'iter_stats': {'0': {'sim_block_list': [0.1], 'cores_dict': {'0': 1, '2': 1}}}}", RG_PARSE,
     "key 'iter_stats.0.cores_dict.2'"},
    {"{'iter_stats': {'0': {'sim_block_list': [0.1], 'cores_dict': {'a': 1}}}}", RG_PARSE,
     "key 'iter_stats.0.cores_dict.a'"},
    {"{'iter_stats': {'0': {'sim_block_list': [0.1], 'cores_dict': {'0': -1}}}}", RG_RANGE,
     "key 'iter_stats.0.cores_dict.0'"},
    {"{'iter_stats': {'0': {'sim_block_list': [0.1], 'cores_dict': []}}}", RG_PARSE,
     "key 'iter_stats.0.cores_dict'"},
    {"{'iter_stats': {'0': {'sim_block_list': [0.1], 'mods_used_dict': "
     "{'25': {'QPSK': 4294967295}, '50': {'QPSK': 1}}}}}",
     RG_RANGE, "key 'iter_stats.0.mods_used_dict.50.QPSK': the count of 'QPSK' exceeds"},
    {"[]", RG_PARSE, "600.0_erlang.json: not a JSON object"},
    {"{'iter_stats': {'0': {'sim_block_list': [0.1]}}", RG_PARSE,
     "600.0_erlang.json:1: malformed JSON"},
};

static void test_fusion_rejections(void)
{
        for (size_t i = 0; i < sizeof(fusion_bad) / sizeof(fusion_bad[0]); i++) {
                const struct bad_case *t = &fusion_bad[i];
                struct backend_result r;
                struct rg_errbuf eb;
                int rc = fusion(t->text, 0, 10, &r, &eb);
                if (rc != t->code || strstr(eb.msg, t->part) == NULL) {
                        fprintf(stderr, "\n    case %zu: %s\n    gave %d '%s', wanted %d '%s'\n", i,
                                t->text, rc, eb.msg, t->code, t->part);
                        CU_FAIL("wrong rejection");
                }
                CU_ASSERT_PTR_NULL(strchr(eb.msg, '\n'));
                CU_ASSERT(zeroed(&r));
        }
        CU_ASSERT_EQUAL(backend_fusion_iterations(json("{'iter_stats': {'x': {}}}")), -1);
        CU_ASSERT_EQUAL(backend_fusion_iterations(json("{")), -1);
        CU_ASSERT_EQUAL(backend_fusion_iterations(NULL), -1);
}

TEST_MAIN("fusion_file", TEST(test_fusion_iterations), TEST(test_fusion_missing_iteration),
          TEST(test_fusion_not_a_count), TEST(test_fusion_slicing_and_save_step),
          TEST(test_fusion_repeated_key), TEST(test_fusion_nothing_blocked),
          TEST(test_fusion_rejections))
