/*
 * Tests for backends/run_file.c and backends/result.c: rollgate's run file
 * (every key, every rejection, failed runs, identity, the writer's own
 * output read back) and backend_result_from_sim.  FUSION's output file is
 * tested by test_fusion_file.c.
 *
 * The JSON texts are written with ' for " to stay readable (see json()).
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../backends/run_file.h"
#include "../reports/run_json.h"
#include "json_fixture.h"
#include "testutil.h"

static int parse(const char *src, struct backend_result *r, struct backend_run_identity *id,
                 struct rg_errbuf *eb)
{
        rg_errbuf_init(eb);
        return backend_run_file_parse(json(src), "run.json", r, id, eb);
}

/* ---- rollgate's run file ------------------------------------------------ */

static const char full_text[] =
    "{'path': 'orchestrator', 'seed': 7, 'erlang': 450.5, 'status': 'ok',\n"
    " 'requests': 1000, 'blocked': 120, 'bp': 0.12,\n"
    " 'requested_gbps': 137500, 'blocked_gbps': 27500, 'bbp': 0.2,\n"
    " 'block_reasons': {'distance': 100, 'congestion': 20},\n"
    " 'hops_mean': 2.25, 'length_mean_km': 1828.5,\n"
    " 'modulations': {'QPSK': 300, '16-QAM': 500, '64-QAM': 80},\n"
    " 'path_index': [800, 60, 20], 'core_usage': [700, 150, 30],\n"
    " 'trace_hash': '23d3198c0cecEC8c', 'unknown_key': [1, {'x': null}]}\n";

static void test_full_file(void)
{
        struct backend_result r;
        struct backend_run_identity id;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL_FATAL(parse(full_text, &r, &id, &eb), RG_OK);
        CU_ASSERT_EQUAL(eb.code, RG_OK);
        CU_ASSERT_EQUAL(r.status, RG_OK);
        CU_ASSERT_STRING_EQUAL(r.error, "");
        CU_ASSERT_EQUAL(r.has, BACKEND_HAS_GBPS | BACKEND_HAS_BBP | BACKEND_HAS_REASONS |
                                   BACKEND_HAS_MODS | BACKEND_HAS_HOPS | BACKEND_HAS_LENGTH |
                                   BACKEND_HAS_PATH_INDEX | BACKEND_HAS_CORES | BACKEND_HAS_TRACE);
        CU_ASSERT_EQUAL(r.requests, 1000);
        CU_ASSERT_EQUAL(r.blocked, 120);
        CU_ASSERT_DOUBLE_EQUAL(backend_result_bp(&r), 0.12, 1e-15);
        CU_ASSERT_DOUBLE_EQUAL(r.requested_gbps, 137500, 0);
        CU_ASSERT_DOUBLE_EQUAL(r.blocked_gbps, 27500, 0);
        CU_ASSERT_DOUBLE_EQUAL(r.bbp, 0.2, 0);
        CU_ASSERT_DOUBLE_EQUAL(backend_result_bbp(&r), 0.2, 0);
        CU_ASSERT_EQUAL(r.blocked_by[SIM_BLOCK_NONE], 0);
        CU_ASSERT_EQUAL(r.blocked_by[SIM_BLOCK_DISTANCE], 100);
        CU_ASSERT_EQUAL(r.blocked_by[SIM_BLOCK_CONGESTION], 20);
        CU_ASSERT_DOUBLE_EQUAL(r.hops_mean, 2.25, 0);
        CU_ASSERT_DOUBLE_EQUAL(r.length_mean_km, 1828.5, 0);
        CU_ASSERT_EQUAL_FATAL(r.n_mods, 3);
        CU_ASSERT_STRING_EQUAL(r.mod_names[0], "QPSK");
        CU_ASSERT_STRING_EQUAL(r.mod_names[1], "16-QAM");
        CU_ASSERT_STRING_EQUAL(r.mod_names[2], "64-QAM");
        CU_ASSERT_EQUAL(r.mod_count[0], 300);
        CU_ASSERT_EQUAL(r.mod_count[1], 500);
        CU_ASSERT_EQUAL(r.mod_count[2], 80);
        CU_ASSERT_EQUAL_FATAL(r.n_path_index, 3);
        CU_ASSERT_EQUAL(r.path_index[0], 800);
        CU_ASSERT_EQUAL(r.path_index[1], 60);
        CU_ASSERT_EQUAL(r.path_index[2], 20);
        CU_ASSERT_EQUAL_FATAL(r.n_cores, 3);
        CU_ASSERT_EQUAL(r.core_usage[0], 700);
        CU_ASSERT_EQUAL(r.core_usage[1], 150);
        CU_ASSERT_EQUAL(r.core_usage[2], 30);
        CU_ASSERT_EQUAL(r.trace_hash, 0x23d3198c0cecec8cull);
        CU_ASSERT(!backend_has(&r, BACKEND_HAS_FAIL_REQUEST));
        CU_ASSERT_STRING_EQUAL(id.path, "orchestrator");
        CU_ASSERT(id.has_seed);
        CU_ASSERT_EQUAL(id.seed, 7);
        CU_ASSERT(id.has_erlang);
        CU_ASSERT_DOUBLE_EQUAL(id.erlang, 450.5, 0);

        /* the cJSON entry point gives the same, and wants an object too */
        struct backend_result r2;
        cJSON *o = cJSON_Parse(json(full_text));
        CU_ASSERT_PTR_NOT_NULL_FATAL(o);
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(backend_run_json_parse(o, "run.json", &r2, NULL, &eb), RG_OK);
        CU_ASSERT_EQUAL(memcmp(&r, &r2, sizeof(r)), 0);
        cJSON_Delete(o);
        cJSON *array = cJSON_CreateArray();
        CU_ASSERT_PTR_NOT_NULL_FATAL(array);
        CU_ASSERT_EQUAL(backend_run_json_parse(array, "run.json", &r2, NULL, &eb), RG_PARSE);
        expect_message(&eb, "run.json: not a JSON object");
        cJSON_Delete(array);
}

/* A line of tests/golden/nsfnet_default_legacy.jsonl, as `rollgate sim
 * --json` wrote it. */
static void test_golden_line(void)
{
        static const char line[] =
            "{'path':'legacy','seed':1,'erlang':300,'status':'ok','requests':10000,"
            "'blocked':1319,'bp':0.1319,'requested_gbps':1375000,'blocked_gbps':400400,"
            "'bbp':0.2912,'block_reasons':{'distance':1108,'congestion':211},"
            "'hops_mean':2.306416311484852,'length_mean_km':1828.4759820297202,"
            "'modulations':{'QPSK':3022,'16-QAM':3083,'64-QAM':2576},"
            "'path_index':[8423,190,68],'core_usage':[8681],'trace_hash':'23d3198c0cecec8c'}";
        struct backend_result r;
        struct backend_run_identity id;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL_FATAL(parse(line, &r, &id, &eb), RG_OK);
        CU_ASSERT_EQUAL(r.requests, 10000);
        CU_ASSERT_EQUAL(r.blocked, 1319);
        CU_ASSERT_DOUBLE_EQUAL(r.bbp, 0.2912, 0);
        CU_ASSERT_EQUAL(r.blocked_by[SIM_BLOCK_CONGESTION], 211);
        CU_ASSERT_DOUBLE_EQUAL(r.hops_mean, 2.306416311484852, 0);
        CU_ASSERT_DOUBLE_EQUAL(r.length_mean_km, 1828.4759820297202, 0);
        CU_ASSERT_EQUAL(r.n_cores, 1);
        CU_ASSERT_EQUAL(r.core_usage[0], 8681);
        CU_ASSERT_EQUAL(r.trace_hash, 0x23d3198c0cecec8cull);
        CU_ASSERT(backend_has(&r, BACKEND_HAS_REASONS | BACKEND_HAS_MODS | BACKEND_HAS_TRACE));
        CU_ASSERT_STRING_EQUAL(id.path, "legacy");
        CU_ASSERT_EQUAL(id.seed, 1);
}

static void test_minimal_file(void)
{
        struct backend_result r;
        struct backend_run_identity id;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL_FATAL(parse("{'requests': 10, 'blocked': 3}", &r, &id, &eb), RG_OK);
        CU_ASSERT_EQUAL(r.has, 0);
        CU_ASSERT_EQUAL(r.status, RG_OK);
        CU_ASSERT_EQUAL(r.requests, 10);
        CU_ASSERT_EQUAL(r.blocked, 3);
        CU_ASSERT_DOUBLE_EQUAL(backend_result_bp(&r), 0.3, 1e-15);
        CU_ASSERT(isnan(backend_result_bbp(&r)));
        CU_ASSERT_STRING_EQUAL(id.path, "");
        CU_ASSERT(!id.has_seed);
        CU_ASSERT(!id.has_erlang);
        /* status ok said explicitly, blanks around, every count at its bound */
        CU_ASSERT_EQUAL(parse(" {'status': 'ok', 'requests': 4294967295, 'blocked': 4294967295}\n",
                              &r, NULL, &eb),
                        RG_OK);
        CU_ASSERT_EQUAL(r.requests, UINT32_MAX);
        CU_ASSERT_EQUAL(r.blocked, UINT32_MAX);
        CU_ASSERT_EQUAL(parse("{'requests': 1, 'blocked': 0, 'bp': 0}", &r, NULL, &eb), RG_OK);
        CU_ASSERT_EQUAL(parse("{'requests': 1e3, 'blocked': 1.0}", &r, NULL, &eb), RG_OK);
        CU_ASSERT_EQUAL(r.requests, 1000);
        /* null is absent: reports/run_json.c writes a non-finite figure so */
        CU_ASSERT_EQUAL(parse("{'requests': 10, 'blocked': 3, 'hops_mean': null, 'bbp': null, "
                              "'requested_gbps': null, 'blocked_gbps': null, 'seed': null}",
                              &r, &id, &eb),
                        RG_OK);
        CU_ASSERT_EQUAL(r.has, 0);
        CU_ASSERT(!id.has_seed);
}

static void test_bit_rate_rules(void)
{
        struct backend_result r;
        struct rg_errbuf eb;
        /* the pair alone: the ratio comes from it */
        CU_ASSERT_EQUAL_FATAL(parse("{'requests': 10, 'blocked': 1, 'requested_gbps': 1000, "
                                    "'blocked_gbps': 100}",
                                    &r, NULL, &eb),
                              RG_OK);
        CU_ASSERT_EQUAL(r.has, BACKEND_HAS_GBPS | BACKEND_HAS_BBP);
        CU_ASSERT_DOUBLE_EQUAL(r.bbp, 0.1, 0);
        /* the ratio alone */
        CU_ASSERT_EQUAL_FATAL(
            parse("{'requests': 10, 'blocked': 1, 'bbp': 0.37018181818181817}", &r, NULL, &eb),
            RG_OK);
        CU_ASSERT_EQUAL(r.has, BACKEND_HAS_BBP);
        CU_ASSERT_DOUBLE_EQUAL(backend_result_bbp(&r), 0.37018181818181817, 0);
        /* both: the file's ratio is kept, within 1e-9 of the pair's */
        CU_ASSERT_EQUAL_FATAL(parse("{'requests': 10, 'blocked': 1, 'requested_gbps': 3, "
                                    "'blocked_gbps': 1, 'bbp': 0.3333333333}",
                                    &r, NULL, &eb),
                              RG_OK);
        CU_ASSERT_EQUAL(r.has, BACKEND_HAS_GBPS | BACKEND_HAS_BBP);
        CU_ASSERT_DOUBLE_EQUAL(r.bbp, 0.3333333333, 0);
        CU_ASSERT_EQUAL(parse("{'requests': 10, 'blocked': 1, 'requested_gbps': 3, "
                              "'blocked_gbps': 1, 'bbp': 0.333333}",
                              &r, NULL, &eb),
                        RG_RANGE);
        expect_message(&eb, "key 'bbp'");
        CU_ASSERT(zeroed(&r));
}

/* Other block reasons: counted in the sum, present only when they are 0. */
static void test_block_reason_names(void)
{
        struct backend_result r;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL_FATAL(parse("{'requests': 10, 'blocked': 3, 'block_reasons': "
                                    "{'distance': 1, 'congestion': 2, 'xt_threshold': 0}}",
                                    &r, NULL, &eb),
                              RG_OK);
        CU_ASSERT(backend_has(&r, BACKEND_HAS_REASONS));
        CU_ASSERT_EQUAL(r.blocked_by[SIM_BLOCK_DISTANCE], 1);
        CU_ASSERT_EQUAL(r.blocked_by[SIM_BLOCK_CONGESTION], 2);
        CU_ASSERT_EQUAL_FATAL(parse("{'requests': 10, 'blocked': 3, 'block_reasons': "
                                    "{'distance': 1, 'xt_threshold': 2}}",
                                    &r, NULL, &eb),
                              RG_OK);
        CU_ASSERT(!backend_has(&r, BACKEND_HAS_REASONS));
        CU_ASSERT_EQUAL(r.blocked_by[SIM_BLOCK_DISTANCE], 1);
        CU_ASSERT_EQUAL(parse("{'requests': 10, 'blocked': 3, 'block_reasons': "
                              "{'distance': 1, 'xt_threshold': 1}}",
                              &r, NULL, &eb),
                        RG_RANGE);
        expect_message(&eb, "key 'block_reasons'");
        /* nothing blocked, no reasons: present and all 0 */
        CU_ASSERT_EQUAL(parse("{'requests': 10, 'blocked': 0, 'block_reasons': {}}", &r, NULL, &eb),
                        RG_OK);
        CU_ASSERT(backend_has(&r, BACKEND_HAS_REASONS));
}

#define BASE "'requests': 10, 'blocked': 2"
#define GBPS "'requested_gbps': 1000, 'blocked_gbps': 200"

static const struct bad_case bad_cases[] = {
    {"{'blocked': 1}", RG_PARSE, "run.json: key 'requests': missing"},
    {"{'requests': 10}", RG_PARSE, "run.json: key 'blocked': missing"},
    {"{'requests': 10, 'blocked': 12.5}", RG_PARSE,
     "run.json: key 'blocked': 12.5 is not a whole number"},
    {"{'requests': 1.5, 'blocked': 0}", RG_PARSE, "key 'requests': 1.5 is not a whole number"},
    {"{'requests': -1, 'blocked': 0}", RG_RANGE, "key 'requests': -1"},
    {"{'requests': 0, 'blocked': 0}", RG_RANGE, "key 'requests'"},
    {"{'requests': 4294967296, 'blocked': 0}", RG_RANGE, "key 'requests'"},
    {"{'requests': 1e999, 'blocked': 0}", RG_PARSE, "key 'requests'"},
    {"{'requests': '10', 'blocked': 0}", RG_PARSE, "key 'requests': must be a number"},
    {"{'requests': null, 'blocked': 0}", RG_PARSE, "key 'requests': missing"},
    {"{'requests': 10, 'blocked': 11}", RG_RANGE, "key 'blocked': 11 is more than requests (10)"},
    {"{'requests': 10, 'blocked': -1}", RG_RANGE, "key 'blocked'"},
    {"{'requests': 10, 'blocked': true}", RG_PARSE, "key 'blocked'"},
    {"{" BASE ", 'bp': 0.5}", RG_RANGE, "key 'bp'"},
    {"{" BASE ", 'bp': 1.5}", RG_RANGE, "key 'bp'"},
    {"{" BASE ", 'requested_gbps': 1000}", RG_PARSE, "key 'blocked_gbps': missing"},
    {"{" BASE ", 'blocked_gbps': 10}", RG_PARSE, "key 'requested_gbps': missing"},
    {"{" BASE ", 'requested_gbps': 0, 'blocked_gbps': 0}", RG_RANGE, "key 'requested_gbps'"},
    {"{" BASE ", 'requested_gbps': 100, 'blocked_gbps': 101}", RG_RANGE, "key 'blocked_gbps'"},
    {"{" BASE ", 'requested_gbps': 100, 'blocked_gbps': -1}", RG_RANGE, "key 'blocked_gbps'"},
    {"{" BASE ", 'requested_gbps': 'x', 'blocked_gbps': 1}", RG_PARSE, "key 'requested_gbps'"},
    {"{" BASE ", 'bbp': 1.5}", RG_RANGE, "key 'bbp': 1.5 is not in [0, 1]"},
    {"{" BASE ", 'bbp': -0.1}", RG_RANGE, "key 'bbp'"},
    {"{" BASE ", 'bbp': '0.1'}", RG_PARSE, "key 'bbp'"},
    {"{" BASE ", " GBPS ", 'bbp': 0.25}", RG_RANGE, "key 'bbp': 0.25 disagrees"},
    {"{" BASE ", 'block_reasons': {'distance': 1, 'congestion': 0}}", RG_RANGE,
     "key 'block_reasons': counts add up to 1, blocked is 2"},
    {"{" BASE ", 'block_reasons': {'distance': 1.5, 'congestion': 0.5}}", RG_PARSE,
     "key 'block_reasons.distance': 1.5 is not a whole number"},
    {"{" BASE ", 'block_reasons': {'distance': 3, 'congestion': -1}}", RG_RANGE,
     "key 'block_reasons.congestion'"},
    {"{" BASE ", 'block_reasons': [1, 1]}", RG_PARSE, "key 'block_reasons': must be an object"},
    {"{" BASE ", 'block_reasons': {'distance': 1, 'distance': 1}}", RG_PARSE,
     "key 'block_reasons.distance': written twice"},
    {"{" BASE ", 'modulations': {'QPSK': 1.5}}", RG_PARSE, "key 'modulations.QPSK'"},
    {"{" BASE ", 'modulations': {'QPSK': -1}}", RG_RANGE, "key 'modulations.QPSK'"},
    {"{" BASE ", 'modulations': {'QPSK': 5, '16-QAM': 4}}", RG_RANGE,
     "key 'modulations': counts add up to 9, more than the 8 admitted"},
    {"{" BASE ", 'modulations': {'ABCDEFGHIJKLMNOPQRSTUVWX': 1}}", RG_RANGE,
     "key 'modulations.ABCDEFGHIJKLMNOPQRSTUVWX'"},
    {"{" BASE ", 'modulations': {'': 1}}", RG_RANGE, "key 'modulations.'"},
    {"{" BASE ", 'modulations': {'a': 0, 'b': 0, 'c': 0, 'd': 0, 'e': 0, 'f': 0, 'g': 0, "
     "'h': 0, 'i': 0, 'j': 0, 'k': 0, 'l': 0, 'm': 0, 'n': 0, 'o': 0, 'p': 0, 'q': 0}}",
     RG_RANGE, "key 'modulations.q': more than 16 modulation formats"},
    {"{" BASE ", 'modulations': {'QPSK': 1, 'QPSK': 1}}", RG_PARSE,
     "key 'modulations.QPSK': written twice"},
    {"{" BASE ", 'modulations': ['QPSK']}", RG_PARSE, "key 'modulations'"},
    {"{" BASE ", 'hops_mean': -1}", RG_RANGE, "key 'hops_mean': -1 is negative"},
    {"{" BASE ", 'hops_mean': 'x'}", RG_PARSE, "key 'hops_mean'"},
    {"{" BASE ", 'length_mean_km': -0.5}", RG_RANGE, "key 'length_mean_km'"},
    {"{" BASE ", 'length_mean_km': 1e400}", RG_PARSE, "key 'length_mean_km'"},
    {"{" BASE ", 'path_index': [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}", RG_RANGE,
     "key 'path_index': more than 16 elements"},
    {"{" BASE ", 'path_index': [1, 1.5]}", RG_PARSE, "key 'path_index[1]': 1.5"},
    {"{" BASE ", 'path_index': [5, 4]}", RG_RANGE, "key 'path_index': counts add up to 9"},
    {"{" BASE ", 'path_index': {'0': 1}}", RG_PARSE, "key 'path_index'"},
    {"{" BASE ", 'core_usage': [-1]}", RG_RANGE, "key 'core_usage[0]'"},
    {"{" BASE ", 'core_usage': 5}", RG_PARSE, "key 'core_usage'"},
    {"{" BASE ", 'core_usage': [5, 4]}", RG_RANGE, "key 'core_usage': counts add up to 9"},
    {"{" BASE ", 'trace_hash': '23d3198c0cecec8'}", RG_PARSE, "key 'trace_hash'"},
    {"{" BASE ", 'trace_hash': '23d3198c0cecec8c0'}", RG_PARSE, "key 'trace_hash'"},
    {"{" BASE ", 'trace_hash': '23d3198c0cecec8g'}", RG_PARSE, "key 'trace_hash'"},
    {"{" BASE ", 'trace_hash': '0x3198c0cecec8cc'}", RG_PARSE, "key 'trace_hash'"},
    {"{" BASE ", 'trace_hash': 12345}", RG_PARSE, "key 'trace_hash'"},
    {"{" BASE ", 'status': 'done'}", RG_PARSE, "key 'status': 'done' is neither"},
    {"{" BASE ", 'status': 1}", RG_PARSE, "key 'status'"},
    /* a text from the file in a message stays on one line */
    {"{" BASE ", 'status': 'f\\nled'}", RG_PARSE, "key 'status': 'f?led' is neither"},
    {"{" BASE ", 'modulations': {'Q\\nP': 1.5}}", RG_PARSE, "key 'modulations.Q?P'"},
    {"{" BASE ", 'status': 'failed', 'fail_request': 2.5}", RG_PARSE,
     "key 'fail_request': 2.5 is not a whole number"},
    {"{" BASE ", 'status': 'failed', 'error': 5}", RG_PARSE, "key 'error': must be a string"},
    {"{" BASE ", 'seed': 1.5}", RG_PARSE, "key 'seed': 1.5 is not a whole number"},
    {"{" BASE ", 'seed': -1}", RG_RANGE, "key 'seed'"},
    {"{" BASE ", 'seed': 4294967296}", RG_RANGE, "key 'seed'"},
    {"{" BASE ", 'erlang': 0}", RG_RANGE, "key 'erlang': 0 is not more than 0"},
    {"{" BASE ", 'erlang': '300'}", RG_PARSE, "key 'erlang'"},
    {"{" BASE ", 'path': 3}", RG_PARSE, "key 'path': must be a string"},
    {"{" BASE ", 'path': '0123456789012345678901234567890123456789012345678901234567890123'}",
     RG_RANGE, "key 'path': longer than 63 characters"},
    {"{'requests': 10, 'blocked': 2, 'blocked': 2}", RG_PARSE, "key 'blocked': written twice"},
    {"{'requests': 10, 'blocked': 2, 'seed': 1, 'seed': 2}", RG_PARSE, "key 'seed'"},
    {"[{'requests': 10, 'blocked': 2}]", RG_PARSE, "run.json: not a JSON object"},
    {"'requests'", RG_PARSE, "run.json: not a JSON object"},
    {"{'requests': 10, 'blocked': 2}\n{'requests': 10, 'blocked': 2}", RG_PARSE,
     "run.json:2: malformed JSON"},
    {"", RG_PARSE, "run.json:1: malformed JSON"},
    {"{\n 'requests': 10,\n 'blocked': x\n}", RG_PARSE, "run.json:3: malformed JSON"},
};

static void test_rejections(void)
{
        for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
                const struct bad_case *t = &bad_cases[i];
                struct backend_result r;
                struct backend_run_identity id;
                struct rg_errbuf eb;
                int rc = parse(t->text, &r, &id, &eb);
                if (rc != t->code || strstr(eb.msg, t->part) == NULL) {
                        fprintf(stderr, "\n    case %zu: %s\n    gave %d '%s', wanted %d '%s'\n", i,
                                t->text, rc, eb.msg, t->code, t->part);
                        CU_FAIL("wrong rejection");
                }
                CU_ASSERT_EQUAL(eb.code, rc);
                CU_ASSERT_PTR_NULL(strchr(eb.msg, '\n'));
                CU_ASSERT(zeroed(&r));
                CU_ASSERT_STRING_EQUAL(id.path, "");
        }
}

/* 65 cores is one more than the result can hold. */
static void test_too_many_cores(void)
{
        char src[1024];
        int n = snprintf(src, sizeof(src), "{'requests': 1, 'blocked': 0, 'core_usage': [0");
        for (int i = 1; i <= SIM_MAX_CORES; i++)
                n += snprintf(src + n, sizeof(src) - (size_t)n, ", 0");
        snprintf(src + n, sizeof(src) - (size_t)n, "]}");
        struct backend_result r;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL(parse(src, &r, NULL, &eb), RG_RANGE);
        expect_message(&eb, "key 'core_usage': more than 64 elements");
}

/* The objects read member by member are bounded (257 reasons). */
static void test_too_many_members(void)
{
        char src[8192];
        int n = snprintf(src, sizeof(src), "{'requests': 1, 'blocked': 0, 'block_reasons': {");
        for (int i = 0; i <= 256; i++)
                n += snprintf(src + n, sizeof(src) - (size_t)n, "%s'r%d': 0", i ? ", " : "", i);
        snprintf(src + n, sizeof(src) - (size_t)n, "}}");
        struct backend_result r;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL(parse(src, &r, NULL, &eb), RG_RANGE);
        expect_message(&eb, "key 'block_reasons': more than 256 members");
}

/* A first error already in the buffer stays; the code is still returned. */
static void test_first_error_wins(void)
{
        struct backend_result r;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        rg_fail(&eb, RG_IO, "earlier");
        CU_ASSERT_EQUAL(backend_run_file_parse("{}", "run.json", &r, NULL, &eb), RG_PARSE);
        CU_ASSERT_STRING_EQUAL(eb.msg, "earlier");
        CU_ASSERT_EQUAL(backend_run_file_parse("{}", "run.json", &r, NULL, NULL), RG_PARSE);
        CU_ASSERT_EQUAL(backend_run_file_parse(NULL, NULL, &r, NULL, NULL), RG_PARSE);
}

static void test_failed_status(void)
{
        struct backend_result r;
        struct rg_errbuf eb;
        /* no counts needed; the reason and the request id are kept */
        CU_ASSERT_EQUAL_FATAL(parse("{'status': 'failed', 'error': 'double booking at request 17', "
                                    "'fail_request': 17}",
                                    &r, NULL, &eb),
                              RG_OK);
        CU_ASSERT_EQUAL(eb.code, RG_OK);
        CU_ASSERT_EQUAL(r.status, RG_PATHFAIL);
        CU_ASSERT_STRING_EQUAL(r.error, "double booking at request 17");
        CU_ASSERT_EQUAL(r.has, BACKEND_HAS_FAIL_REQUEST);
        CU_ASSERT_EQUAL(r.fail_request, 17);
        /* without a reason; fail_request 0 is "none" */
        CU_ASSERT_EQUAL_FATAL(
            parse("{'status': 'failed', 'error': '', 'fail_request': 0}", &r, NULL, &eb), RG_OK);
        CU_ASSERT_EQUAL(r.status, RG_PATHFAIL);
        CU_ASSERT_STRING_EQUAL(r.error, "the run file says failed");
        CU_ASSERT_EQUAL(r.has, 0);
        CU_ASSERT_EQUAL_FATAL(parse("{'status': 'failed'}", &r, NULL, &eb), RG_OK);
        CU_ASSERT_STRING_EQUAL(r.error, "the run file says failed");
        /* counts of a failed run are not read, even impossible ones */
        CU_ASSERT_EQUAL(parse("{'status': 'failed', 'requests': 5, 'blocked': 9}", &r, NULL, &eb),
                        RG_OK);
        CU_ASSERT_EQUAL(r.requests, 0);
        CU_ASSERT_EQUAL(r.status, RG_PATHFAIL);
        /* the identity of a failed run is */
        struct backend_run_identity id;
        CU_ASSERT_EQUAL(parse("{'status': 'failed', 'seed': 4}", &r, &id, &eb), RG_OK);
        CU_ASSERT(id.has_seed);
        CU_ASSERT_EQUAL(id.seed, 4);
        CU_ASSERT_EQUAL(parse("{'status': 'failed', 'seed': 'x'}", &r, &id, &eb), RG_PARSE);
        expect_message(&eb, "key 'seed'");
}

static void test_identity(void)
{
        struct backend_result r;
        struct backend_run_identity id;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL_FATAL(parse("{'path': 'fusion:legacy', 'seed': 4294967295, 'erlang': 1e-3, "
                                    "'requests': 1, 'blocked': 0}",
                                    &r, &id, &eb),
                              RG_OK);
        CU_ASSERT_STRING_EQUAL(id.path, "fusion:legacy");
        CU_ASSERT(id.has_seed);
        CU_ASSERT_EQUAL(id.seed, UINT32_MAX);
        CU_ASSERT(id.has_erlang);
        CU_ASSERT_DOUBLE_EQUAL(id.erlang, 1e-3, 0);
        CU_ASSERT_EQUAL(r.has, 0);
        /* seed 0 is a seed */
        CU_ASSERT_EQUAL_FATAL(parse("{'seed': 0, 'requests': 1, 'blocked': 0}", &r, &id, &eb),
                              RG_OK);
        CU_ASSERT(id.has_seed);
        CU_ASSERT_EQUAL(id.seed, 0);
        CU_ASSERT(!id.has_erlang);
        /* checked even when the caller does not ask */
        CU_ASSERT_EQUAL(parse("{'erlang': -5, 'requests': 1, 'blocked': 0}", &r, NULL, &eb),
                        RG_RANGE);
        expect_message(&eb, "key 'erlang'");
}

/* ---- backend_result_from_sim and the writer ---------------------------- */

/* A model as far as from_sim and report_run_json read it. */
static void small_model(struct sim_model *m)
{
        memset(m, 0, sizeof(*m));
        m->mods.n_mods = 2;
        snprintf(m->mods.mod_names[0], SIM_LABEL_MAX, "QPSK");
        snprintf(m->mods.mod_names[1], SIM_LABEL_MAX, "16-QAM");
        m->par.k_paths = 3;
        m->par.cores = 2;
}

static void small_result(struct sim_result *res)
{
        memset(res, 0, sizeof(*res));
        res->requests = 10;
        res->admitted = 7;
        res->blocked = 3;
        res->blocked_by[SIM_BLOCK_DISTANCE] = 1;
        res->blocked_by[SIM_BLOCK_CONGESTION] = 2;
        res->requested_gbps = 1000;
        res->blocked_gbps = 300;
        res->hops_sum = 15;
        res->km_sum = 7000.25;
        res->mod_count[0] = 4;
        res->mod_count[1] = 3;
        res->path_index[0] = 5;
        res->path_index[1] = 1;
        res->path_index[2] = 1;
        res->core_usage[0] = 6;
        res->core_usage[1] = 1;
        res->trace_hash = 0x0123456789abcdefull;
        res->status = RG_OK;
}

static void test_from_sim(void)
{
        struct sim_model m;
        struct sim_result res;
        small_model(&m);
        small_result(&res);
        struct backend_result r;
        memset(&r, 0, sizeof(r));
        r.run_seconds = 1.5; /* measured by the caller before the call */
        r.clock = BACKEND_CLOCK_THREAD_CPU;
        r.wall_seconds = 2.5;
        r.reused = true;
        r.requests = 99; /* stale figures go */
        r.has = BACKEND_HAS_FAIL_REQUEST;
        backend_result_from_sim(&r, &m, &res, "ignored when ok");
        CU_ASSERT_EQUAL(r.status, RG_OK);
        CU_ASSERT_STRING_EQUAL(r.error, "");
        CU_ASSERT_EQUAL(r.has, BACKEND_HAS_GBPS | BACKEND_HAS_BBP | BACKEND_HAS_REASONS |
                                   BACKEND_HAS_MODS | BACKEND_HAS_HOPS | BACKEND_HAS_LENGTH |
                                   BACKEND_HAS_PATH_INDEX | BACKEND_HAS_CORES | BACKEND_HAS_TRACE);
        CU_ASSERT_EQUAL(r.requests, 10);
        CU_ASSERT_EQUAL(r.blocked, 3);
        CU_ASSERT_DOUBLE_EQUAL(backend_result_bp(&r), 0.3, 1e-15);
        CU_ASSERT_DOUBLE_EQUAL(r.requested_gbps, 1000, 0);
        CU_ASSERT_DOUBLE_EQUAL(r.blocked_gbps, 300, 0);
        CU_ASSERT_EQUAL(r.bbp, sim_result_bbp(&res));
        CU_ASSERT_DOUBLE_EQUAL(backend_result_bbp(&r), 0.3, 1e-15);
        CU_ASSERT_EQUAL(r.blocked_by[SIM_BLOCK_DISTANCE], 1);
        CU_ASSERT_EQUAL(r.blocked_by[SIM_BLOCK_CONGESTION], 2);
        CU_ASSERT_EQUAL(r.hops_mean, sim_result_hops_mean(&res));
        CU_ASSERT_DOUBLE_EQUAL(r.hops_mean, 15.0 / 7.0, 1e-15);
        CU_ASSERT_EQUAL(r.length_mean_km, sim_result_km_mean(&res));
        CU_ASSERT_DOUBLE_EQUAL(r.length_mean_km, 1000.0357142857143, 1e-9);
        CU_ASSERT_EQUAL_FATAL(r.n_mods, 2);
        CU_ASSERT_STRING_EQUAL(r.mod_names[0], "QPSK");
        CU_ASSERT_STRING_EQUAL(r.mod_names[1], "16-QAM");
        CU_ASSERT_EQUAL(r.mod_count[0], 4);
        CU_ASSERT_EQUAL(r.mod_count[1], 3);
        CU_ASSERT_EQUAL_FATAL(r.n_path_index, 3);
        CU_ASSERT_EQUAL(r.path_index[0], 5);
        CU_ASSERT_EQUAL(r.path_index[2], 1);
        CU_ASSERT_EQUAL_FATAL(r.n_cores, 2);
        CU_ASSERT_EQUAL(r.core_usage[0], 6);
        CU_ASSERT_EQUAL(r.core_usage[1], 1);
        CU_ASSERT_EQUAL(r.trace_hash, 0x0123456789abcdefull);
        CU_ASSERT_DOUBLE_EQUAL(r.run_seconds, 1.5, 0);
        CU_ASSERT_EQUAL(r.clock, BACKEND_CLOCK_THREAD_CPU);
        CU_ASSERT_DOUBLE_EQUAL(r.wall_seconds, 2.5, 0);
        CU_ASSERT(r.reused);

        /* nothing admitted: the means are 0, as the report prints them */
        res.admitted = 0;
        backend_result_from_sim(&r, &m, &res, NULL);
        CU_ASSERT_DOUBLE_EQUAL(r.hops_mean, 0, 0);
        CU_ASSERT_DOUBLE_EQUAL(r.length_mean_km, 0, 0);
}

static void test_from_sim_failed(void)
{
        struct sim_model m;
        struct sim_result res;
        small_model(&m);
        small_result(&res);
        res.status = RG_INVARIANT;
        res.fail_request = 7;
        struct backend_result r;
        memset(&r, 0, sizeof(r));
        backend_result_from_sim(&r, &m, &res, "double booking at request 7");
        CU_ASSERT_EQUAL(r.status, RG_INVARIANT);
        CU_ASSERT_STRING_EQUAL(r.error, "double booking at request 7");
        CU_ASSERT(backend_has(&r, BACKEND_HAS_FAIL_REQUEST));
        CU_ASSERT_EQUAL(r.fail_request, 7);
        res.fail_request = 0;
        backend_result_from_sim(&r, &m, &res, NULL);
        CU_ASSERT(!backend_has(&r, BACKEND_HAS_FAIL_REQUEST));
        CU_ASSERT_STRING_EQUAL(r.error, "");
}

/* What reports/run_json.c writes for a run reads back as from_sim's result. */
static void test_writer_round_trip(void)
{
        struct sim_model m;
        struct sim_result res;
        small_model(&m);
        small_result(&res);
        for (int failed = 0; failed < 2; failed++) {
                res.status = failed ? RG_PATHFAIL : RG_OK;
                res.fail_request = failed ? 9 : 0;
                struct report_run run = {.path = "legacy",
                                         .seed = 3,
                                         .erlang = 600,
                                         .model = &m,
                                         .result = &res,
                                         .error = failed ? "injected failure at 9" : NULL};
                cJSON *o = report_run_json(&run);
                CU_ASSERT_PTR_NOT_NULL_FATAL(o);
                char *text = cJSON_PrintUnformatted(o);
                cJSON_Delete(o);
                CU_ASSERT_PTR_NOT_NULL_FATAL(text);
                struct backend_result want, got;
                struct backend_run_identity id;
                struct rg_errbuf eb;
                rg_errbuf_init(&eb);
                memset(&want, 0, sizeof(want));
                backend_result_from_sim(&want, &m, &res, run.error);
                int rc = backend_run_file_parse(text, "sim.json", &got, &id, &eb);
                free(text);
                CU_ASSERT_EQUAL_FATAL(rc, RG_OK);
                CU_ASSERT_STRING_EQUAL(id.path, "legacy");
                CU_ASSERT_EQUAL(id.seed, 3);
                CU_ASSERT_DOUBLE_EQUAL(id.erlang, 600, 0);
                CU_ASSERT_STRING_EQUAL(got.error, want.error);
                if (failed) {
                        CU_ASSERT_EQUAL(got.status, RG_PATHFAIL);
                        CU_ASSERT_EQUAL(got.has, BACKEND_HAS_FAIL_REQUEST);
                        CU_ASSERT_EQUAL(got.fail_request, 9);
                        continue;
                }
                /* every figure, bit for bit */
                CU_ASSERT_EQUAL(memcmp(&got, &want, sizeof(got)), 0);
        }
}

static void test_result_helpers(void)
{
        struct backend_result r;
        memset(&r, 0, sizeof(r));
        CU_ASSERT_DOUBLE_EQUAL(backend_result_bp(&r), 0, 0);
        CU_ASSERT(isnan(backend_result_bbp(&r)));
        r.has = BACKEND_HAS_BBP;
        CU_ASSERT_DOUBLE_EQUAL(backend_result_bbp(&r), 0, 0);
        CU_ASSERT_EQUAL(backend_result_fail(&r, RG_PATHFAIL, "exit status %d", 3), RG_PATHFAIL);
        CU_ASSERT_EQUAL(backend_result_fail(&r, RG_IO, "later"), RG_IO);
        CU_ASSERT_EQUAL(r.status, RG_PATHFAIL);
        CU_ASSERT_STRING_EQUAL(r.error, "exit status 3");
}

TEST_MAIN("run_file", TEST(test_full_file), TEST(test_golden_line), TEST(test_minimal_file),
          TEST(test_bit_rate_rules), TEST(test_block_reason_names), TEST(test_rejections),
          TEST(test_too_many_cores), TEST(test_too_many_members), TEST(test_first_error_wins),
          TEST(test_failed_status), TEST(test_identity), TEST(test_from_sim),
          TEST(test_from_sim_failed), TEST(test_writer_round_trip), TEST(test_result_helpers))
