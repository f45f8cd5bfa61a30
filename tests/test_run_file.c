/*
 * Tests for backends/run_file.c and backends/result.c: rollgate's run file
 * (every key, every rejection, failed runs, identity, the `metrics` object,
 * the writer's own output read back), backend_result_from_sim and
 * backend_value_equal.  FUSION's output file is
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

/* `src` must be refused with `code` and a one-line message holding `msg`
 * (`whole`: the message is `msg`), leaving the result zeroed and no
 * identity. */
static void expect_refusal(const char *src, int code, const char *msg, bool whole)
{
        struct backend_result r;
        struct backend_run_identity id;
        struct rg_errbuf eb;
        int rc = parse(src, &r, &id, &eb);
        if (rc != code || (whole ? strcmp(eb.msg, msg) != 0 : strstr(eb.msg, msg) == NULL)) {
                fprintf(stderr, "\n    %s\n    gave %d '%s', wanted %d '%s'\n", src, rc, eb.msg,
                        code, msg);
                CU_FAIL("wrong rejection");
        }
        CU_ASSERT_EQUAL(eb.code, rc);
        CU_ASSERT_PTR_NULL(strchr(eb.msg, '\n'));
        CU_ASSERT(zeroed(&r));
        CU_ASSERT_STRING_EQUAL(id.path, "");
}

static void test_rejections(void)
{
        for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++)
                expect_refusal(bad_cases[i].text, bad_cases[i].code, bad_cases[i].part, false);
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

/* ---- the metrics object ------------------------------------------------- */

/* The value `name` of a parse that must succeed. */
static const struct backend_value *value_of(const struct backend_result *r, const char *name)
{
        const struct backend_value *v = backend_result_value(r, name);
        CU_ASSERT_PTR_NOT_NULL_FATAL(v);
        return v;
}

static void test_metric_numbers(void)
{
        struct backend_result r;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL_FATAL(parse("{" BASE ", 'metrics': {'alerts_total': 3, 'tick_ms': 12.5, "
                                    "'drift': -7.25, 'huge': 1e300, 'zero': -0.0}}",
                                    &r, NULL, &eb),
                              RG_OK);
        CU_ASSERT_EQUAL(eb.code, RG_OK);
        CU_ASSERT_EQUAL(r.has, 0); /* values are not figures */
        CU_ASSERT_EQUAL_FATAL(r.n_values, 5);
        /* in file order */
        CU_ASSERT_STRING_EQUAL(r.value[0].name, "alerts_total");
        CU_ASSERT_STRING_EQUAL(r.value[1].name, "tick_ms");
        CU_ASSERT_STRING_EQUAL(r.value[2].name, "drift");
        CU_ASSERT_STRING_EQUAL(r.value[3].name, "huge");
        CU_ASSERT_STRING_EQUAL(r.value[4].name, "zero");
        for (int i = 0; i < r.n_values; i++) {
                CU_ASSERT_EQUAL(r.value[i].type, BACKEND_VALUE_NUMBER);
                CU_ASSERT_EQUAL(r.value[i].count, 0);
                CU_ASSERT_EQUAL(r.value[i].hash, 0);
                CU_ASSERT(!r.value[i].cut);
                CU_ASSERT_STRING_EQUAL(r.value[i].text, "");
        }
        CU_ASSERT_EQUAL(value_of(&r, "alerts_total")->number, 3);
        CU_ASSERT_EQUAL(value_of(&r, "tick_ms")->number, 12.5);
        CU_ASSERT_EQUAL(value_of(&r, "drift")->number, -7.25);
        CU_ASSERT_EQUAL(value_of(&r, "huge")->number, 1e300);
        CU_ASSERT_EQUAL(value_of(&r, "zero")->number, 0);
        CU_ASSERT_PTR_NULL(backend_result_value(&r, "missing"));
        CU_ASSERT_PTR_NULL(backend_result_value(&r, "tick"));

        /* absent, null and empty: no values */
        CU_ASSERT_EQUAL(parse("{" BASE "}", &r, NULL, &eb), RG_OK);
        CU_ASSERT_EQUAL(r.n_values, 0);
        CU_ASSERT_EQUAL(parse("{" BASE ", 'metrics': null}", &r, NULL, &eb), RG_OK);
        CU_ASSERT_EQUAL(r.n_values, 0);
        CU_ASSERT_EQUAL(parse("{" BASE ", 'metrics': {}}", &r, NULL, &eb), RG_OK);
        CU_ASSERT_EQUAL(r.n_values, 0);
        CU_ASSERT_PTR_NULL(backend_result_value(&r, "tick_ms"));
}

/* `n` copies of `ch` into a JSON string body at `p`; returns the end. */
static char *repeat(char *p, char ch, int n)
{
        memset(p, ch, (size_t)n);
        return p + n;
}

static void test_metric_strings(void)
{
        struct backend_result r;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL_FATAL(parse("{" BASE ", 'metrics': {'digest': 'ab12', 'same': 'ab12', "
                                    "'other': 'ab13', 'empty': '', 'a': 'a', 'utf': '\xc3\xa9'}}",
                                    &r, NULL, &eb),
                              RG_OK);
        CU_ASSERT_EQUAL_FATAL(r.n_values, 6);
        const struct backend_value *d = value_of(&r, "digest"), *s = value_of(&r, "same"),
                                   *o = value_of(&r, "other"), *e = value_of(&r, "empty");
        CU_ASSERT_EQUAL(d->type, BACKEND_VALUE_STRING);
        CU_ASSERT_EQUAL(d->count, 4);
        CU_ASSERT_STRING_EQUAL(d->text, "ab12");
        CU_ASSERT(!d->cut);
        CU_ASSERT_EQUAL(d->number, 0);
        /* FNV-1a 64 of the bytes (test vectors worked out apart) */
        CU_ASSERT_EQUAL(d->hash, 0xfd2e5983eef3ffc9ull);
        CU_ASSERT_EQUAL(value_of(&r, "a")->hash, 0xaf63dc4c8601ec8cull);
        CU_ASSERT_EQUAL(e->hash, 0xcbf29ce484222325ull);
        CU_ASSERT_EQUAL(s->hash, d->hash);
        CU_ASSERT_NOT_EQUAL(o->hash, d->hash);
        CU_ASSERT_EQUAL(e->type, BACKEND_VALUE_STRING);
        CU_ASSERT_EQUAL(e->count, 0);
        CU_ASSERT_STRING_EQUAL(e->text, "");
        /* count is bytes, not characters */
        CU_ASSERT_EQUAL(value_of(&r, "utf")->count, 2);
        CU_ASSERT_STRING_EQUAL(value_of(&r, "utf")->text, "\xc3\xa9");
        /* an escape counts as the byte it stands for */
        CU_ASSERT_EQUAL(
            parse("{" BASE ", 'metrics': {'t': 'a\\tb', 'u': '\\u00e9'}}", &r, NULL, &eb), RG_OK);
        CU_ASSERT_EQUAL(value_of(&r, "t")->count, 3);
        CU_ASSERT_STRING_EQUAL(value_of(&r, "t")->text, "a\tb");
        CU_ASSERT_EQUAL(value_of(&r, "u")->count, 2);
        CU_ASSERT_STRING_EQUAL(value_of(&r, "u")->text, "\xc3\xa9");
}

/* A string metric `s` of `body` (n bytes) read back; the file must parse. */
static struct backend_value string_value(const char *body, size_t n)
{
        char src[1024];
        CU_ASSERT_FATAL(n < 900);
        int at = snprintf(src, sizeof(src), "{" BASE ", 'metrics': {'s': '");
        memcpy(src + at, body, n);
        snprintf(src + at + n, sizeof(src) - (size_t)at - n, "'}}");
        struct backend_result r;
        struct rg_errbuf eb;
        int rc = parse(src, &r, NULL, &eb);
        if (rc != RG_OK)
                fprintf(stderr, "\n    %zu bytes: %s\n", n, eb.msg);
        CU_ASSERT_EQUAL_FATAL(rc, RG_OK);
        CU_ASSERT_EQUAL_FATAL(r.n_values, 1);
        return r.value[0];
}

/* Cut to 79 bytes ending in "...", never inside a UTF-8 sequence. */
static void test_metric_string_cut(void)
{
        char body[256], want[BACKEND_VALUE_TEXT];
        /* 79 bytes fit whole; 80 do not */
        repeat(body, 'x', 79);
        struct backend_value v = string_value(body, 79);
        CU_ASSERT(!v.cut);
        CU_ASSERT_EQUAL(v.count, 79);
        CU_ASSERT_EQUAL(strlen(v.text), 79);
        CU_ASSERT_EQUAL(memcmp(v.text, body, 79), 0);
        repeat(body, 'x', 80);
        v = string_value(body, 80);
        CU_ASSERT(v.cut);
        CU_ASSERT_EQUAL(v.count, 80);
        snprintf(repeat(want, 'x', 76), 4, "...");
        CU_ASSERT_STRING_EQUAL(v.text, want);
        CU_ASSERT_EQUAL(strlen(v.text), BACKEND_VALUE_TEXT - 1);
        /* the hash is of every byte, not of the text */
        repeat(body, 'x', 81);
        struct backend_value longer = string_value(body, 81);
        CU_ASSERT_STRING_EQUAL(longer.text, v.text);
        CU_ASSERT_NOT_EQUAL(longer.hash, v.hash);
        CU_ASSERT_EQUAL(longer.count, 81);

        /* a 2-byte sequence ending just before the cut stays */
        char *p = repeat(body, 'a', 74);
        p = repeat(repeat(p, '\xc3', 1), '\xa9', 1);
        p = repeat(p, 'b', 20);
        v = string_value(body, (size_t)(p - body));
        CU_ASSERT(v.cut);
        CU_ASSERT_EQUAL(v.count, 96);
        snprintf(repeat(repeat(repeat(want, 'a', 74), '\xc3', 1), '\xa9', 1), 4, "...");
        CU_ASSERT_STRING_EQUAL(v.text, want);
        CU_ASSERT_EQUAL(strlen(v.text), 79);
        /* one that the cut would split goes whole */
        p = repeat(body, 'a', 75);
        p = repeat(repeat(p, '\xc3', 1), '\xa9', 1);
        p = repeat(p, 'b', 20);
        v = string_value(body, (size_t)(p - body));
        CU_ASSERT(v.cut);
        snprintf(repeat(want, 'a', 75), 4, "...");
        CU_ASSERT_STRING_EQUAL(v.text, want);
        CU_ASSERT_EQUAL(strlen(v.text), 78);
        /* a 4-byte sequence whose lead is 3 bytes before the cut */
        p = repeat(body, 'a', 73);
        memcpy(p, "\xf0\x9f\x98\x80", 4);
        p = repeat(p + 4, 'b', 20);
        v = string_value(body, (size_t)(p - body));
        CU_ASSERT(v.cut);
        CU_ASSERT_EQUAL(v.count, 97);
        snprintf(repeat(want, 'a', 73), 4, "...");
        CU_ASSERT_STRING_EQUAL(v.text, want);
        /* a 3-byte sequence ending at the cut stays */
        p = repeat(body, 'a', 73);
        memcpy(p, "\xe2\x82\xac", 3);
        p = repeat(p + 3, 'b', 20);
        v = string_value(body, (size_t)(p - body));
        snprintf(repeat(want, 'a', 73), 7, "\xe2\x82\xac...");
        CU_ASSERT_STRING_EQUAL(v.text, want);
}

static void test_metric_lists(void)
{
        struct backend_result r;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL_FATAL(parse("{" BASE ", 'metrics': {'queue_hist': [1, 2.5, 3], "
                                    "'again': [1, 2.5, 3], 'none': [], 'zero': [0], "
                                    "'negzero': [-0.0], 'up': [1, 2], 'down': [2, 1], "
                                    "'one': [1], 'odd': [1e300, -0.1, 1375000, 0.1319]}}",
                                    &r, NULL, &eb),
                              RG_OK);
        CU_ASSERT_EQUAL_FATAL(r.n_values, 9);
        const struct backend_value *q = value_of(&r, "queue_hist");
        CU_ASSERT_EQUAL(q->type, BACKEND_VALUE_LIST);
        CU_ASSERT_EQUAL(q->count, 3);
        CU_ASSERT_STRING_EQUAL(q->text, "[1, 2.5, 3]");
        CU_ASSERT(!q->cut);
        /* FNV-1a 64 over each element's IEEE bytes, little-endian */
        CU_ASSERT_EQUAL(q->hash, 0xfa94615257095394ull);
        CU_ASSERT_EQUAL(value_of(&r, "one")->hash, 0xaab1693229ba1db8ull);
        CU_ASSERT_EQUAL(value_of(&r, "again")->hash, q->hash);
        const struct backend_value *none = value_of(&r, "none");
        CU_ASSERT_EQUAL(none->type, BACKEND_VALUE_LIST);
        CU_ASSERT_EQUAL(none->count, 0);
        CU_ASSERT_EQUAL(none->hash, 0xcbf29ce484222325ull);
        CU_ASSERT_STRING_EQUAL(none->text, "[]");
        /* -0 is 0, in the hash and in the text */
        CU_ASSERT_EQUAL(value_of(&r, "negzero")->hash, value_of(&r, "zero")->hash);
        CU_ASSERT_STRING_EQUAL(value_of(&r, "negzero")->text, "[0]");
        CU_ASSERT_STRING_EQUAL(value_of(&r, "zero")->text, "[0]");
        /* order counts */
        CU_ASSERT_NOT_EQUAL(value_of(&r, "up")->hash, value_of(&r, "down")->hash);
        CU_ASSERT_STRING_EQUAL(value_of(&r, "down")->text, "[2, 1]");
        /* the shortest text that reads back */
        CU_ASSERT_STRING_EQUAL(value_of(&r, "odd")->text, "[1e+300, -0.1, 1375000, 0.1319]");
}

/* A list's text is cut as a string's is; the count and hash are of all. */
static void test_metric_list_cut(void)
{
        char src[1024], want[256];
        struct backend_result r;
        struct rg_errbuf eb;
        /* [10, 1, 1, ...]: 25 ones are 79 bytes, 26 are 82 */
        for (int ones = 25; ones <= 26; ones++) {
                int n = snprintf(src, sizeof(src), "{" BASE ", 'metrics': {'l': [10");
                int w = snprintf(want, sizeof(want), "[10");
                for (int i = 0; i < ones; i++) {
                        n += snprintf(src + n, sizeof(src) - (size_t)n, ", 1");
                        w += snprintf(want + w, sizeof(want) - (size_t)w, ", 1");
                }
                snprintf(src + n, sizeof(src) - (size_t)n, "]}}");
                snprintf(want + w, sizeof(want) - (size_t)w, "]");
                CU_ASSERT_EQUAL_FATAL(parse(src, &r, NULL, &eb), RG_OK);
                const struct backend_value *v = value_of(&r, "l");
                CU_ASSERT_EQUAL(v->count, (uint32_t)ones + 1);
                if (ones == 25) {
                        CU_ASSERT_EQUAL(strlen(want), 79);
                        CU_ASSERT(!v->cut);
                        CU_ASSERT_STRING_EQUAL(v->text, want);
                } else {
                        CU_ASSERT(v->cut);
                        snprintf(want + 76, 4, "...");
                        CU_ASSERT_STRING_EQUAL(v->text, want);
                }
        }
        /* long lists: elements past the text still count and hash */
        int n = snprintf(src, sizeof(src), "{" BASE ", 'metrics': {'a': [0");
        for (int i = 1; i < 100; i++)
                n += snprintf(src + n, sizeof(src) - (size_t)n, ", %d", i);
        snprintf(src + n, sizeof(src) - (size_t)n, "], 'b': [0");
        n += (int)strlen(src + n);
        for (int i = 1; i < 100; i++)
                n += snprintf(src + n, sizeof(src) - (size_t)n, ", %d", i == 99 ? 98 : i);
        snprintf(src + n, sizeof(src) - (size_t)n, "]}}");
        CU_ASSERT_EQUAL_FATAL(parse(src, &r, NULL, &eb), RG_OK);
        const struct backend_value *a = value_of(&r, "a"), *b = value_of(&r, "b");
        CU_ASSERT_EQUAL(a->count, 100);
        CU_ASSERT(a->cut && b->cut);
        CU_ASSERT_EQUAL(strlen(a->text), 79);
        CU_ASSERT_STRING_EQUAL(a->text, b->text);
        CU_ASSERT_NOT_EQUAL(a->hash, b->hash);
        CU_ASSERT(!backend_value_equal(a, b));
        CU_ASSERT_EQUAL(strncmp(a->text, "[0, 1, 2, 3, ", 13), 0);
        CU_ASSERT_STRING_EQUAL(a->text + 76, "...");
}

/* Every refusal of the metrics object, message for message. */
static const struct bad_case metric_bad_cases[] = {
    {"{" BASE ", 'metrics': 5}", RG_PARSE, "run.json: key 'metrics': must be an object"},
    {"{" BASE ", 'metrics': [1, 2]}", RG_PARSE, "run.json: key 'metrics': must be an object"},
    {"{" BASE ", 'metrics': 'tick_ms'}", RG_PARSE, "run.json: key 'metrics': must be an object"},
    {"{" BASE ", 'metrics': true}", RG_PARSE, "run.json: key 'metrics': must be an object"},
    {"{" BASE ", 'metrics': {}, 'metrics': {}}", RG_PARSE,
     "run.json: key 'metrics': written twice"},
    {"{" BASE ", 'metrics': {'tick_ms': null}}", RG_PARSE,
     "run.json: key 'metrics.tick_ms': not a number, string or list of numbers"},
    {"{" BASE ", 'metrics': {'tick_ms': true}}", RG_PARSE,
     "run.json: key 'metrics.tick_ms': not a number, string or list of numbers"},
    {"{" BASE ", 'metrics': {'tick_ms': false}}", RG_PARSE,
     "run.json: key 'metrics.tick_ms': not a number, string or list of numbers"},
    {"{" BASE ", 'metrics': {'tick_ms': {'mean': 1}}}", RG_PARSE,
     "run.json: key 'metrics.tick_ms': not a number, string or list of numbers"},
    {"{" BASE ", 'metrics': {'tick_ms': 1e999}}", RG_PARSE,
     "run.json: key 'metrics.tick_ms': inf is not a finite number"},
    {"{" BASE ", 'metrics': {'tick_ms': -1e999}}", RG_PARSE,
     "run.json: key 'metrics.tick_ms': -inf is not a finite number"},
    {"{" BASE ", 'metrics': {'q': [1, 2, 'x']}}", RG_PARSE,
     "run.json: key 'metrics.q[2]': must be a number"},
    {"{" BASE ", 'metrics': {'q': [null]}}", RG_PARSE,
     "run.json: key 'metrics.q[0]': must be a number"},
    {"{" BASE ", 'metrics': {'q': [1, true]}}", RG_PARSE,
     "run.json: key 'metrics.q[1]': must be a number"},
    {"{" BASE ", 'metrics': {'q': [[1]]}}", RG_PARSE,
     "run.json: key 'metrics.q[0]': must be a number"},
    {"{" BASE ", 'metrics': {'q': [{}]}}", RG_PARSE,
     "run.json: key 'metrics.q[0]': must be a number"},
    {"{" BASE ", 'metrics': {'q': [0, 1e999]}}", RG_PARSE,
     "run.json: key 'metrics.q[1]': inf is not a finite number"},
    {"{" BASE ", 'metrics': {'': 1}}", RG_PARSE, "run.json: key 'metrics.': empty name"},
    {"{" BASE ", 'metrics': {'digest': 'a', 'digest': 'a'}}", RG_PARSE,
     "run.json: key 'metrics.digest': written twice"},
    {"{" BASE ", 'metrics': {'a': 1, 'b': [], 'a': [1]}}", RG_PARSE,
     "run.json: key 'metrics.a': written twice"},
    /* the first bad member in file order is the one named */
    {"{" BASE ", 'metrics': {'ok': 1, 'bad': true, 'worse': null}}", RG_PARSE,
     "run.json: key 'metrics.bad': not a number, string or list of numbers"},
    /* a name from the file stays on one line */
    {"{" BASE ", 'metrics': {'a\\nb': true}}", RG_PARSE,
     "run.json: key 'metrics.a?b': not a number, string or list of numbers"},
    /* a failed run's metrics are read as strictly */
    {"{'status': 'failed', 'metrics': {'q': [1, 'x']}}", RG_PARSE,
     "run.json: key 'metrics.q[1]': must be a number"},
    {"{'status': 'failed', 'metrics': []}", RG_PARSE, "run.json: key 'metrics': must be an object"},
    /* the other keys are read first */
    {"{'requests': 10, 'blocked': 11, 'metrics': 5}", RG_RANGE,
     "run.json: key 'blocked': 11 is more than requests (10)"},
};

static void test_metric_rejections(void)
{
        for (size_t i = 0; i < sizeof(metric_bad_cases) / sizeof(metric_bad_cases[0]); i++)
                expect_refusal(metric_bad_cases[i].text, metric_bad_cases[i].code,
                               metric_bad_cases[i].part, true);
}

/* 16 members are kept, a 17th is refused naming it. */
static void test_metric_count_limit(void)
{
        char src[1024];
        struct backend_result r;
        struct rg_errbuf eb;
        int n = snprintf(src, sizeof(src), "{" BASE ", 'metrics': {");
        for (int i = 0; i < BACKEND_MAX_VALUES; i++)
                n += snprintf(src + n, sizeof(src) - (size_t)n, "%s'm%d': %d", i ? ", " : "", i, i);
        snprintf(src + n, sizeof(src) - (size_t)n, "}}");
        CU_ASSERT_EQUAL_FATAL(parse(src, &r, NULL, &eb), RG_OK);
        CU_ASSERT_EQUAL_FATAL(r.n_values, 16);
        CU_ASSERT_STRING_EQUAL(r.value[15].name, "m15");
        CU_ASSERT_EQUAL(r.value[15].number, 15);
        snprintf(src + n, sizeof(src) - (size_t)n, ", 'm16': 'x'}}");
        expect_refusal(src, RG_PARSE, "run.json: key 'metrics.m16': more than 16 metrics", true);
}

/* A name of 47 bytes is kept whole, one of 48 is refused. */
static void test_metric_name_length(void)
{
        char name[64], src[256], msg[256];
        struct backend_result r;
        struct rg_errbuf eb;
        *repeat(name, 'n', BACKEND_VALUE_NAME - 1) = '\0';
        snprintf(src, sizeof(src), "{" BASE ", 'metrics': {'%s': 'v'}}", name);
        CU_ASSERT_EQUAL_FATAL(parse(src, &r, NULL, &eb), RG_OK);
        CU_ASSERT_EQUAL_FATAL(r.n_values, 1);
        CU_ASSERT_EQUAL(strlen(r.value[0].name), 47);
        CU_ASSERT_STRING_EQUAL(r.value[0].name, name);
        CU_ASSERT_PTR_NOT_NULL(backend_result_value(&r, name));
        *repeat(name, 'n', BACKEND_VALUE_NAME) = '\0';
        snprintf(src, sizeof(src), "{" BASE ", 'metrics': {'%s': 'v'}}", name);
        snprintf(msg, sizeof(msg), "run.json: key 'metrics.%s': name longer than 47 bytes", name);
        expect_refusal(src, RG_PARSE, msg, true);
        /* bytes, not characters: 24 two-byte characters are 48 bytes */
        char *p = name;
        for (int i = 0; i < 24; i++)
                p = repeat(repeat(p, '\xc3', 1), '\xa9', 1);
        *p = '\0';
        snprintf(src, sizeof(src), "{" BASE ", 'metrics': {'%s': 1}}", name);
        CU_ASSERT_EQUAL(parse(src, &r, NULL, &eb), RG_PARSE);
        expect_message(&eb, "name longer than 47 bytes");
}

/* A failed run keeps the values its file gave; the cJSON entry point reads
 * the same values. */
static void test_metric_failed_and_json(void)
{
        struct backend_result r;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL_FATAL(parse("{'status': 'failed', 'error': 'crashed', "
                                    "'metrics': {'tick_ms': 1.5, 'digest': 'ab'}}",
                                    &r, NULL, &eb),
                              RG_OK);
        CU_ASSERT_EQUAL(r.status, RG_PATHFAIL);
        CU_ASSERT_STRING_EQUAL(r.error, "crashed");
        CU_ASSERT_EQUAL_FATAL(r.n_values, 2);
        CU_ASSERT_EQUAL(value_of(&r, "tick_ms")->number, 1.5);
        CU_ASSERT_EQUAL(value_of(&r, "digest")->count, 2);

        static const char src[] =
            "{" BASE ", 'metrics': {'n': 2, 's': 'abc', 'l': [1, -0.0, 3.25]}}";
        CU_ASSERT_EQUAL_FATAL(parse(src, &r, NULL, &eb), RG_OK);
        cJSON *o = cJSON_Parse(json(src));
        CU_ASSERT_PTR_NOT_NULL_FATAL(o);
        struct backend_result r2;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(backend_run_json_parse(o, "run.json", &r2, NULL, &eb), RG_OK);
        CU_ASSERT_EQUAL(r2.n_values, 3);
        CU_ASSERT_EQUAL(memcmp(&r, &r2, sizeof(r)), 0);
        cJSON_Delete(o);
}

static void test_value_equal(void)
{
        struct backend_result r;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL_FATAL(
            parse("{" BASE ", 'metrics': {'n1': 1, 'n1b': 1.0, 'n2': 2, 'z': 0, 'nz': -0.0, "
                  "'tiny': 5e-324, 's': 'ab', 'sb': 'ab', 'sc': 'ba', 'es': '', 'el': [], "
                  "'l': [1, 2], 'lb': [1.0, 2], 'lc': [1, 2, 3], 'lz': [0], 'lnz': [-0.0]}}",
                  &r, NULL, &eb),
            RG_OK);
        /* numbers: equal values, -0 = 0, and nothing near-equal */
        CU_ASSERT(backend_value_equal(value_of(&r, "n1"), value_of(&r, "n1b")));
        CU_ASSERT(!backend_value_equal(value_of(&r, "n1"), value_of(&r, "n2")));
        CU_ASSERT(backend_value_equal(value_of(&r, "z"), value_of(&r, "nz")));
        CU_ASSERT(backend_value_equal(value_of(&r, "nz"), value_of(&r, "z")));
        CU_ASSERT(!backend_value_equal(value_of(&r, "z"), value_of(&r, "tiny")));
        /* strings and lists: type, length and hash */
        CU_ASSERT(backend_value_equal(value_of(&r, "s"), value_of(&r, "sb")));
        CU_ASSERT(!backend_value_equal(value_of(&r, "s"), value_of(&r, "sc")));
        CU_ASSERT(backend_value_equal(value_of(&r, "l"), value_of(&r, "lb")));
        CU_ASSERT(!backend_value_equal(value_of(&r, "l"), value_of(&r, "lc")));
        CU_ASSERT(backend_value_equal(value_of(&r, "lz"), value_of(&r, "lnz")));
        /* an empty string and an empty list share count and hash, not type */
        CU_ASSERT_EQUAL(value_of(&r, "es")->hash, value_of(&r, "el")->hash);
        CU_ASSERT(!backend_value_equal(value_of(&r, "es"), value_of(&r, "el")));
        /* a number is never a list or a string */
        CU_ASSERT(!backend_value_equal(value_of(&r, "z"), value_of(&r, "el")));
        CU_ASSERT(!backend_value_equal(value_of(&r, "z"), value_of(&r, "es")));
        /* same hash, other length: not equal (a hash alone is not trusted) */
        struct backend_value a = *value_of(&r, "s"), b = a;
        b.count = a.count + 1;
        CU_ASSERT(!backend_value_equal(&a, &b));
        /* the text plays no part */
        b = a;
        b.text[0] = 'z';
        b.cut = true;
        CU_ASSERT(backend_value_equal(&a, &b));
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
          TEST(test_from_sim_failed), TEST(test_writer_round_trip), TEST(test_result_helpers),
          TEST(test_metric_numbers), TEST(test_metric_strings), TEST(test_metric_string_cut),
          TEST(test_metric_lists), TEST(test_metric_list_cut), TEST(test_metric_rejections),
          TEST(test_metric_count_limit), TEST(test_metric_name_length),
          TEST(test_metric_failed_and_json), TEST(test_value_equal))
