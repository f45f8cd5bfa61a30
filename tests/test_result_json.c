/*
 * Tests for backends/result_json.c: a backend_result written as JSON and read
 * back is the same result field by field, bit for bit (hand-built results
 * with edge numbers, failed runs, values of every type, results of the
 * backends' own parsers), the exact form written, and every refusal of the
 * reader naming its key.  Also the common/json_read.h field readers it uses.
 */
#include <cjson/cJSON.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../backends/result_json.h"
#include "../backends/run_file.h"
#include "../common/json_read.h"
#include "../common/json_write.h"
#include "json_fixture.h"
#include "testutil.h"

#define WHERE "jobs[3].run[1]."

/* ---- comparing ---- */

static bool same_bits(double a, double b)
{
        return memcmp(&a, &b, sizeof(a)) == 0;
}

static bool zero_tail(const void *p, size_t used, size_t cap)
{
        const unsigned char *b = p;
        for (size_t i = used; i < cap; i++)
                if (b[i] != 0)
                        return false;
        return true;
}

/* The first field in which `got` differs from `want` (NULL: none).  Used
 * parts compared bit for bit, strings with strcmp, and the unused tails of
 * `got`'s arrays must be zero. */
static const char *differs(const struct backend_result *want, const struct backend_result *got)
{
        if (want->status != got->status)
                return "status";
        if (strcmp(want->error, got->error) != 0)
                return "error";
        if (want->has != got->has)
                return "has";
        if (want->requests != got->requests || want->blocked != got->blocked)
                return "requests/blocked";
        if (!same_bits(want->requested_gbps, got->requested_gbps) ||
            !same_bits(want->blocked_gbps, got->blocked_gbps) || !same_bits(want->bbp, got->bbp))
                return "gbps/bbp";
        if (memcmp(want->blocked_by, got->blocked_by, sizeof(got->blocked_by)) != 0)
                return "blocked_by";
        if (!same_bits(want->hops_mean, got->hops_mean) ||
            !same_bits(want->length_mean_km, got->length_mean_km))
                return "means";
        if (want->n_mods != got->n_mods)
                return "n_mods";
        for (int i = 0; i < got->n_mods; i++)
                if (strcmp(want->mod_names[i], got->mod_names[i]) != 0 ||
                    want->mod_count[i] != got->mod_count[i])
                        return "mods";
        if (!zero_tail(got->mod_names, (size_t)got->n_mods * sizeof(got->mod_names[0]),
                       sizeof(got->mod_names)) ||
            !zero_tail(got->mod_count, (size_t)got->n_mods * sizeof(uint32_t),
                       sizeof(got->mod_count)))
                return "mods tail";
        if (want->n_path_index != got->n_path_index ||
            memcmp(want->path_index, got->path_index,
                   (size_t)got->n_path_index * sizeof(uint32_t)) != 0 ||
            !zero_tail(got->path_index, (size_t)got->n_path_index * sizeof(uint32_t),
                       sizeof(got->path_index)))
                return "path_index";
        if (want->n_cores != got->n_cores ||
            memcmp(want->core_usage, got->core_usage, (size_t)got->n_cores * sizeof(uint32_t)) !=
                0 ||
            !zero_tail(got->core_usage, (size_t)got->n_cores * sizeof(uint32_t),
                       sizeof(got->core_usage)))
                return "core_usage";
        if (want->trace_hash != got->trace_hash)
                return "trace_hash";
        if (want->fail_request != got->fail_request)
                return "fail_request";
        if (want->n_values != got->n_values)
                return "n_values";
        for (int i = 0; i < got->n_values; i++) {
                const struct backend_value *a = &want->value[i], *b = &got->value[i];
                if (strcmp(a->name, b->name) != 0 || a->type != b->type ||
                    !same_bits(a->number, b->number) || a->count != b->count ||
                    a->hash != b->hash || a->cut != b->cut || strcmp(a->text, b->text) != 0)
                        return "value";
        }
        if (!zero_tail(got->value, (size_t)got->n_values * sizeof(got->value[0]),
                       sizeof(got->value)))
                return "values tail";
        if (!same_bits(want->run_seconds, got->run_seconds) || want->clock != got->clock ||
            !same_bits(want->wall_seconds, got->wall_seconds) || want->reused != got->reused)
                return "timing";
        return NULL;
}

/* ---- writing and reading ---- */

/* `res` as JSON text (NULL when the writer failed); the caller frees it. */
static char *written(const struct backend_result *res)
{
        struct rg_json w = {0};
        cJSON *o = cJSON_CreateObject();
        CU_ASSERT_PTR_NOT_NULL_FATAL(o);
        backend_result_json_write(&w, o, res);
        char *text = w.failed ? NULL : cJSON_PrintUnformatted(o);
        cJSON_Delete(o);
        return text;
}

/* Reads `text` as a result at WHERE; the reader's code. */
static int read_text(const char *text, struct backend_result *res, struct rg_errbuf *eb)
{
        rg_errbuf_init(eb);
        cJSON *o = NULL;
        int rc = rg_json_parse(text, strlen(text), "r.json", &o, eb);
        CU_ASSERT_EQUAL_FATAL(rc, RG_OK);
        struct rg_json_reader r = {.what = "r.json", .eb = eb};
        backend_result_json_read(&r, o, WHERE, res);
        cJSON_Delete(o);
        return r.rc;
}

/* Written, printed, parsed and read back: the same result, and written
 * again the same text. */
static void round_trip(const struct backend_result *want)
{
        char *text = written(want);
        CU_ASSERT_PTR_NOT_NULL_FATAL(text);
        struct backend_result got;
        struct rg_errbuf eb;
        int rc = read_text(text, &got, &eb);
        if (rc != RG_OK)
                fprintf(stderr, "\n    %s\n    %s\n", eb.msg, text);
        CU_ASSERT_EQUAL_FATAL(rc, RG_OK);
        const char *d = differs(want, &got);
        if (d != NULL)
                fprintf(stderr, "\n    differs in %s: %s\n", d, text);
        CU_ASSERT_PTR_NULL(d);
        char *again = written(&got);
        CU_ASSERT_PTR_NOT_NULL_FATAL(again);
        CU_ASSERT_STRING_EQUAL(again, text);
        free(again);
        free(text);
}

static void value(struct backend_value *v, const char *name, enum backend_value_type type,
                  double number, uint32_t count, uint64_t hash, bool cut, const char *text)
{
        memset(v, 0, sizeof(*v));
        snprintf(v->name, sizeof(v->name), "%s", name);
        v->type = type;
        v->number = number;
        v->count = count;
        v->hash = hash;
        v->cut = cut;
        snprintf(v->text, sizeof(v->text), "%s", text);
}

/* A result with every field in use: what from_sim gives, plus values. */
static void full(struct backend_result *res)
{
        memset(res, 0, sizeof(*res));
        res->has = BACKEND_HAS_GBPS | BACKEND_HAS_BBP | BACKEND_HAS_REASONS | BACKEND_HAS_MODS |
                   BACKEND_HAS_HOPS | BACKEND_HAS_LENGTH | BACKEND_HAS_PATH_INDEX |
                   BACKEND_HAS_CORES | BACKEND_HAS_TRACE;
        res->requests = 1000;
        res->blocked = 120;
        res->requested_gbps = 137500;
        res->blocked_gbps = 27500.125;
        res->bbp = 27500.125 / 137500;
        res->blocked_by[SIM_BLOCK_DISTANCE] = 100;
        res->blocked_by[SIM_BLOCK_CONGESTION] = 20;
        res->hops_mean = 2.0 / 3.0;
        res->length_mean_km = 1828.4759820297202;
        res->n_mods = 3;
        const char *mods[] = {"QPSK", "16-QAM", "64-QAM"};
        for (int i = 0; i < 3; i++) {
                snprintf(res->mod_names[i], BACKEND_NAME_MAX, "%s", mods[i]);
                res->mod_count[i] = (uint32_t)(300 + 100 * i);
        }
        res->n_path_index = 3;
        res->path_index[0] = 800;
        res->path_index[1] = 60;
        res->path_index[2] = 20;
        res->n_cores = 2;
        res->core_usage[0] = 700;
        res->core_usage[1] = 180;
        res->trace_hash = 0x23d3198c0cecec8cull;
        res->n_values = 3;
        value(&res->value[0], "tick_ms", BACKEND_VALUE_NUMBER, 10.5, 0, 0, false, "");
        value(&res->value[1], "digest", BACKEND_VALUE_STRING, 0, 2, 0xd000, false, "d0");
        value(&res->value[2], "queue", BACKEND_VALUE_LIST, 0, 3, 0xfedcba9876543210ull, false,
              "[1, 2.5, 3]");
        res->run_seconds = 6.789100000000048e-05;
        res->clock = BACKEND_CLOCK_CHILD_CPU;
        res->wall_seconds = 0.25;
}

/* ---- round trips ---- */

static void test_full_result(void)
{
        struct backend_result res;
        full(&res);
        round_trip(&res);
        res.reused = true;
        res.clock = BACKEND_CLOCK_THREAD_CPU;
        round_trip(&res);
}

static void test_zero_result(void)
{
        struct backend_result res;
        memset(&res, 0, sizeof(res));
        round_trip(&res);
}

/* Numbers JSON has no word for, and ones that lose bits in 15 digits. */
static void test_edge_numbers(void)
{
        const double edge[] = {NAN,
                               -0.0,
                               0.0,
                               1e300,
                               -1e300,
                               DBL_MAX,
                               -DBL_MAX,
                               DBL_MIN,
                               DBL_MIN / 3,
                               5e-324,
                               -5e-324,
                               INFINITY,
                               -INFINITY,
                               0.1,
                               1.0 / 3,
                               4294967295.5,
                               1e15,
                               1e16 + 2,
                               123456789012345678.0,
                               nextafter(1, 2)};
        const size_t n = sizeof(edge) / sizeof(edge[0]);
        struct backend_result res;
        full(&res);
        for (size_t i = 0; i < n; i++) {
                res.requested_gbps = edge[i];
                res.blocked_gbps = edge[(i + 1) % n];
                res.bbp = edge[(i + 2) % n];
                res.hops_mean = edge[(i + 3) % n];
                res.length_mean_km = edge[(i + 4) % n];
                res.run_seconds = edge[(i + 5) % n];
                res.wall_seconds = edge[(i + 6) % n];
                res.value[0].number = isfinite(edge[i]) ? edge[i] : -0.0;
                round_trip(&res);
        }
}

/* Every NaN reads back as NAN, the one the header promises. */
static void test_nan_reads_as_nan(void)
{
        struct backend_result res, got;
        full(&res);
        res.bbp = -NAN;
        char *text = written(&res);
        CU_ASSERT_PTR_NOT_NULL_FATAL(text);
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"bbp\":null"));
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL_FATAL(read_text(text, &got, &eb), RG_OK);
        CU_ASSERT(same_bits(got.bbp, NAN));
        free(text);
}

static void test_failed_run(void)
{
        struct backend_result res;
        memset(&res, 0, sizeof(res));
        /* 511 bytes: UTF-8, quotes, backslashes and control characters */
        const char piece[] = "\xc3\xa9t\xc3\xa9 \"q\" \\ \t\n\x01 \xe2\x82\xac \xf0\x9f\x98\x80 ";
        size_t len = 0;
        while (len + sizeof(piece) - 1 < sizeof(res.error) - 1) {
                memcpy(res.error + len, piece, sizeof(piece) - 1);
                len += sizeof(piece) - 1;
        }
        memset(res.error + len, 'x', sizeof(res.error) - 1 - len);
        CU_ASSERT_EQUAL(strlen(res.error), 511);
        for (int status = RG_NOMEM; status < RG_ERROR_COUNT; status++) {
                res.status = status;
                res.has = BACKEND_HAS_FAIL_REQUEST;
                res.fail_request = 4294967295u;
                res.run_seconds = 1.5;
                res.clock = BACKEND_CLOCK_WALL;
                round_trip(&res);
        }
        /* as run_file.c makes one */
        struct backend_result parsed;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL_FATAL(
            backend_run_file_parse(json("{'status': 'failed', 'error': 'exit 3', "
                                        "'fail_request': 17, 'metrics': {'a': 1}}"),
                                   "run.json", &parsed, NULL, &eb),
            RG_OK);
        CU_ASSERT_EQUAL(parsed.status, RG_PATHFAIL);
        round_trip(&parsed);
}

/* Sixteen values of every type, texts cut, empty strings, long names. */
static void test_values(void)
{
        struct backend_result res;
        full(&res);
        char cut_text[BACKEND_VALUE_TEXT];
        memset(cut_text, 'a', sizeof(cut_text) - 4);
        memcpy(cut_text + sizeof(cut_text) - 4, "...", 4);
        res.n_values = BACKEND_MAX_VALUES;
        for (int i = 0; i < BACKEND_MAX_VALUES; i++) {
                char name[BACKEND_VALUE_NAME] = "";
                if (i == 0) /* the longest name there is room for */
                        memset(name, 'n', sizeof(name) - 1);
                else
                        snprintf(name, sizeof(name), "v%d \"\xc3\xa9\"\t", i);
                switch (i % 4) {
                case 0:
                        value(&res.value[i], name, BACKEND_VALUE_NUMBER, i ? i * 0.1 : -0.0, 0, 0,
                              false, "");
                        break;
                case 1:
                        value(&res.value[i], name, BACKEND_VALUE_STRING, 0, 0,
                              0xcbf29ce484222325ull, false, "");
                        break;
                case 2:
                        value(&res.value[i], name, BACKEND_VALUE_STRING, 0, 4294967295u, UINT64_MAX,
                              true, cut_text);
                        break;
                default:
                        value(&res.value[i], name, BACKEND_VALUE_LIST, 0, 100, (uint64_t)i, true,
                              cut_text);
                }
        }
        round_trip(&res);
}

static void test_counts_at_their_limits(void)
{
        struct backend_result res;
        full(&res);
        res.requests = res.blocked = 4294967295u;
        res.n_mods = BACKEND_MAX_MODS;
        for (int i = 0; i < BACKEND_MAX_MODS; i++) {
                memset(res.mod_names[i], 'A' + i, BACKEND_NAME_MAX - 1);
                res.mod_count[i] = 4294967295u - (uint32_t)i;
        }
        snprintf(res.mod_names[3], BACKEND_NAME_MAX, "%s", "");
        res.n_path_index = SIM_MAX_K;
        for (int i = 0; i < SIM_MAX_K; i++)
                res.path_index[i] = (uint32_t)i;
        res.n_cores = SIM_MAX_CORES;
        for (int i = 0; i < SIM_MAX_CORES; i++)
                res.core_usage[i] = 4294967295u;
        res.trace_hash = UINT64_MAX;
        for (int k = 0; k < SIM_BLOCK_COUNT; k++)
                res.blocked_by[k] = 4294967295u;
        round_trip(&res);
        res.trace_hash = 0;
        res.n_mods = res.n_path_index = res.n_cores = 0;
        memset(res.mod_names, 0, sizeof(res.mod_names));
        memset(res.mod_count, 0, sizeof(res.mod_count));
        memset(res.path_index, 0, sizeof(res.path_index));
        memset(res.core_usage, 0, sizeof(res.core_usage));
        round_trip(&res);
}

/* Every `has` bit alone, every clock. */
static void test_fields_and_clocks(void)
{
        struct backend_result res;
        full(&res);
        for (unsigned b = 0; b < 10; b++) {
                res.has = 1u << b;
                round_trip(&res);
        }
        for (int c = BACKEND_CLOCK_THREAD_CPU; c <= BACKEND_CLOCK_NONE; c++) {
                res.clock = (enum backend_clock)c;
                round_trip(&res);
        }
}

/* What the backends' own parser makes of a full run file. */
static void test_parsed_run_file(void)
{
        static const char text[] =
            "{'path': 'orchestrator', 'seed': 7, 'erlang': 450.5, 'status': 'ok',\n"
            " 'requests': 1000, 'blocked': 120, 'bp': 0.12,\n"
            " 'requested_gbps': 137500, 'blocked_gbps': 27500, 'bbp': 0.2,\n"
            " 'block_reasons': {'distance': 100, 'congestion': 20},\n"
            " 'hops_mean': 2.25, 'length_mean_km': 1828.5,\n"
            " 'modulations': {'QPSK': 300, '16-QAM': 500, '64-QAM': 80},\n"
            " 'path_index': [800, 60, 20], 'core_usage': [700, 150, 30],\n"
            " 'trace_hash': '23d3198c0cecEC8c',\n"
            " 'metrics': {'n': -0.0, 's': 'x\\u00e9\\n', 'l': [1, 2.5, -0.0, 1e300]}}\n";
        struct backend_result parsed;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL_FATAL(backend_run_file_parse(json(text), "run.json", &parsed, NULL, &eb),
                              RG_OK);
        CU_ASSERT_EQUAL(parsed.n_values, 3);
        round_trip(&parsed);
}

/* The exact text: the form is what other ranks and shard files read. */
static void test_exact_form(void)
{
        struct backend_result res;
        memset(&res, 0, sizeof(res));
        res.status = RG_PATHFAIL;
        snprintf(res.error, sizeof(res.error), "exit 3");
        res.has = BACKEND_HAS_BBP | BACKEND_HAS_TRACE;
        res.requests = 10;
        res.blocked = 3;
        res.requested_gbps = NAN;
        res.blocked_gbps = INFINITY;
        res.bbp = 0.1;
        res.blocked_by[SIM_BLOCK_CONGESTION] = 3;
        res.hops_mean = -0.0;
        res.length_mean_km = -INFINITY;
        res.n_mods = 1;
        snprintf(res.mod_names[0], BACKEND_NAME_MAX, "QPSK");
        res.mod_count[0] = 7;
        res.n_path_index = 2;
        res.path_index[0] = 6;
        res.path_index[1] = 1;
        res.trace_hash = 0xabc;
        res.fail_request = 4;
        res.n_values = 2;
        value(&res.value[0], "t", BACKEND_VALUE_NUMBER, 1e300, 0, 0, false, "");
        value(&res.value[1], "s", BACKEND_VALUE_STRING, 0, 2, 0xd000, false, "d0");
        res.run_seconds = 1.0 / 3;
        res.clock = BACKEND_CLOCK_NONE;
        res.wall_seconds = 5e-324;
        char *text = written(&res);
        CU_ASSERT_PTR_NOT_NULL_FATAL(text);
        CU_ASSERT_STRING_EQUAL(
            text, json("{'status':'RG_PATHFAIL','error':'exit 3','has':['bbp','trace'],"
                       "'requests':10,'blocked':3,'requested_gbps':null,"
                       "'blocked_gbps':'Infinity','bbp':0.1,"
                       "'blocked_by':{'none':0,'distance':0,'congestion':3},'hops_mean':-0,"
                       "'length_mean_km':'-Infinity','mods':[{'name':'QPSK','count':7}],"
                       "'path_index':[6,1],'core_usage':[],'trace_hash':'0000000000000abc',"
                       "'fail_request':4,'metrics':{'t':1e+300,'s':{'type':'string','count':2,"
                       "'hash':'000000000000d000','text':'d0','cut':false}},"
                       "'run_seconds':0.3333333333333333,'clock':'none',"
                       "'wall_seconds':4.94065645841247e-324,'reused':false}"));
        free(text);
}

/* A caller may keep its own members beside the result's. */
static void test_unknown_members_ignored(void)
{
        struct backend_result res, got;
        full(&res);
        char *text = written(&res);
        CU_ASSERT_PTR_NOT_NULL_FATAL(text);
        size_t len = strlen(text);
        char *more = malloc(len + 64);
        CU_ASSERT_PTR_NOT_NULL_FATAL(more);
        snprintf(more, len + 64, "{\"shard\": 2, \"role\": [1],%s", text + 1);
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL(read_text(more, &got, &eb), RG_OK);
        CU_ASSERT_PTR_NULL(differs(&res, &got));
        free(more);
        free(text);
}

/* ---- the writer's refusals ---- */

static void test_writer_refuses(void)
{
        struct backend_result res;
        struct rg_json w;
        for (int k = 0; k < 12; k++) {
                full(&res);
                switch (k) {
                case 0:
                        res.status = RG_ERROR_COUNT;
                        break;
                case 1:
                        res.status = -1;
                        break;
                case 2:
                        res.has = 1u << 10;
                        break;
                case 3:
                        res.n_mods = BACKEND_MAX_MODS + 1;
                        break;
                case 4:
                        res.n_values = -1;
                        break;
                case 5:
                        res.clock = (enum backend_clock)4;
                        break;
                case 6:
                        memset(res.error, 'e', sizeof(res.error));
                        break;
                case 7:
                        memset(res.mod_names[1], 'm', BACKEND_NAME_MAX);
                        break;
                case 8: /* a number with a text would lose it */
                        snprintf(res.value[0].text, BACKEND_VALUE_TEXT, "10.5");
                        break;
                case 9:
                        res.value[0].number = NAN;
                        break;
                case 10:
                        res.value[1].type = (enum backend_value_type)3;
                        break;
                default:
                        memset(res.value[2].name, 'v', BACKEND_VALUE_NAME);
                }
                w.failed = false;
                cJSON *o = cJSON_CreateObject();
                CU_ASSERT_PTR_NOT_NULL_FATAL(o);
                backend_result_json_write(&w, o, &res);
                CU_ASSERT(w.failed);
                cJSON_Delete(o);
        }
}

/* ---- the reader's refusals ---- */

/* The full result's JSON with member `key` replaced by `with` (JSON text;
 * NULL: removed), read at WHERE; the code, the message in eb. */
static int read_edited(const char *key, const char *with, struct rg_errbuf *eb)
{
        struct backend_result res;
        full(&res);
        struct rg_json w = {0};
        cJSON *o = cJSON_CreateObject();
        CU_ASSERT_PTR_NOT_NULL_FATAL(o);
        backend_result_json_write(&w, o, &res);
        CU_ASSERT_FATAL(!w.failed);
        if (with == NULL) {
                cJSON_DeleteItemFromObjectCaseSensitive(o, key);
        } else {
                /* raw: printed as written, so 1e999 and repeated keys stay */
                cJSON *it = cJSON_CreateRaw(json(with));
                CU_ASSERT_PTR_NOT_NULL_FATAL(it);
                CU_ASSERT_FATAL(cJSON_ReplaceItemInObjectCaseSensitive(o, key, it));
        }
        char *text = cJSON_PrintUnformatted(o);
        cJSON_Delete(o);
        CU_ASSERT_PTR_NOT_NULL_FATAL(text);
        int rc = read_text(text, &res, eb);
        free(text);
        if (rc != RG_OK)
                CU_ASSERT(zeroed(&res));
        return rc;
}

static void expect_refusal(const char *key, const char *with, const char *msg)
{
        struct rg_errbuf eb;
        int rc = read_edited(key, with, &eb);
        CU_ASSERT_EQUAL(rc, RG_PARSE);
        CU_ASSERT_EQUAL(eb.code, RG_PARSE);
        expect_message(&eb, msg);
}

/* The exact messages of a few. */
static void test_refusal_messages(void)
{
        static const struct {
                const char *key, *with, *msg;
        } bad[] = {
            {"requests", "null",
             "r.json: key 'jobs[3].run[1].requests': must be a number, not null"},
            {"requests", "4294967296",
             "r.json: key 'jobs[3].run[1].requests': must be a whole number from 0 to "
             "4294967295"},
            {"status", "'RG_NOPE'",
             "r.json: key 'jobs[3].run[1].status': \"RG_NOPE\" is not the name of an RG_* code "
             "(RG_OK, RG_PATHFAIL, ...)"},
            {"trace_hash", "'23d3198c0cecec8'",
             "r.json: key 'jobs[3].run[1].trace_hash': must be 16 lowercase hex digits"},
            {"clock", "'cpu'",
             "r.json: key 'jobs[3].run[1].clock': \"cpu\" is none of thread_cpu, child_cpu, "
             "wall, none"},
            {"path_index", "[1, 2.5]",
             "r.json: key 'jobs[3].run[1].path_index[1]': must be a whole number from 0 to "
             "4294967295"},
            {"bbp", "'NaN'",
             "r.json: key 'jobs[3].run[1].bbp': must be a number, null, \"Infinity\" or "
             "\"-Infinity\", not a string"},
            {"has", "['bbp', 'bbp']", "r.json: key 'jobs[3].run[1].has[1]': \"bbp\" appears twice"},
            {"blocked", NULL, "r.json: key 'jobs[3].run[1].blocked': missing"},
        };
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                struct rg_errbuf eb;
                CU_ASSERT_EQUAL(read_edited(bad[i].key, bad[i].with, &eb), RG_PARSE);
                const char *want = bad[i].msg;
                if (strcmp(eb.msg, want) != 0)
                        fprintf(stderr, "\n    got  '%s'\n    want '%s'\n", eb.msg,
                                want ? want : "");
                CU_ASSERT_STRING_EQUAL(eb.msg, bad[i].msg);
        }
}

static void test_wrong_types(void)
{
        static const struct {
                const char *key, *with, *msg;
        } bad[] = {
            {"status", "0", "'jobs[3].run[1].status': must be a string, not a number"},
            {"status", "'PATHFAIL'", "\"PATHFAIL\" is not the name of an RG_* code"},
            {"error", "null", "'jobs[3].run[1].error': must be a string, not null"},
            {"has", "'gbps'", "'jobs[3].run[1].has': must be an array, not a string"},
            {"has", "[1]", "'jobs[3].run[1].has[0]': must be a field name (a string), not a"},
            {"has", "['gbps', 'speed']", "'jobs[3].run[1].has[1]': \"speed\" is none of gbps"},
            {"requests", "-1", "'jobs[3].run[1].requests': must be a whole number from 0"},
            {"requests", "1.5", "'jobs[3].run[1].requests': must be a whole number from 0"},
            {"requests", "'3'", "'jobs[3].run[1].requests': must be a number, not a string"},
            {"blocked", "true", "'jobs[3].run[1].blocked': must be a number, not a boolean"},
            {"blocked", "1e999", "'jobs[3].run[1].blocked': must be a finite number"},
            {"fail_request", "null", "'jobs[3].run[1].fail_request': must be a number, not null"},
            {"requested_gbps", "1e999", "'jobs[3].run[1].requested_gbps': must be a finite"},
            {"blocked_gbps", "'inf'", "'jobs[3].run[1].blocked_gbps': must be a number, null,"},
            {"hops_mean", "[]", "'jobs[3].run[1].hops_mean': must be a number, null, \"Infinity\""},
            {"length_mean_km", "{}", "'jobs[3].run[1].length_mean_km': must be a number, null,"},
            {"run_seconds", "true", "'jobs[3].run[1].run_seconds': must be a number, null,"},
            {"wall_seconds", NULL, "'jobs[3].run[1].wall_seconds': missing"},
            {"blocked_by", "[0, 1, 2]", "'jobs[3].run[1].blocked_by': must be an object, not an"},
            {"blocked_by", "{'none': 0, 'distance': 1}",
             "'jobs[3].run[1].blocked_by.congestion': missing"},
            {"blocked_by", "{'none': 0, 'distance': -1, 'congestion': 1}",
             "'jobs[3].run[1].blocked_by.distance': must be a whole number"},
            {"blocked_by", "{'none': 0, 'distance': 1, 'congestion': 1, 'distance': 2}",
             "'jobs[3].run[1].blocked_by.distance': appears twice"},
            {"mods", "{}", "'jobs[3].run[1].mods': must be an array, not an object"},
            {"mods", "[3]", "'jobs[3].run[1].mods[0]': must be an object {name, count}, not a"},
            {"mods", "[{'name': 'QPSK'}]", "'jobs[3].run[1].mods[0].count': missing"},
            {"mods", "[{'name': 'QPSK', 'count': 1, 'count': 2}]",
             "'jobs[3].run[1].mods[0].count': appears twice"},
            {"mods", "[{'name': 'a_format_name_of_24_chars', 'count': 1}]",
             "'jobs[3].run[1].mods[0].name': longer than 23 characters"},
            {"mods",
             "[{'name':'a','count':1},{'name':'a','count':1},{'name':'a','count':1},"
             "{'name':'a','count':1},{'name':'a','count':1},{'name':'a','count':1},"
             "{'name':'a','count':1},{'name':'a','count':1},{'name':'a','count':1},"
             "{'name':'a','count':1},{'name':'a','count':1},{'name':'a','count':1},"
             "{'name':'a','count':1},{'name':'a','count':1},{'name':'a','count':1},"
             "{'name':'a','count':1},{'name':'a','count':1}]",
             "'jobs[3].run[1].mods': must have at most 16 elements, not 17"},
            {"path_index", "[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]",
             "'jobs[3].run[1].path_index': must have at most 16 elements, not 17"},
            {"path_index", "[1, null]", "'jobs[3].run[1].path_index[1]': must be a number, not"},
            {"core_usage", "7", "'jobs[3].run[1].core_usage': must be an array, not a number"},
            {"trace_hash", "'23d3198c0cecec8c0'",
             "'jobs[3].run[1].trace_hash': must be 16 lowercase hex digits"},
            {"trace_hash", "'23d3198c0cecec8g'",
             "'jobs[3].run[1].trace_hash': must be 16 lowercase hex digits"},
            {"trace_hash", "'23D3198C0CECEC8C'",
             "'jobs[3].run[1].trace_hash': must be 16 lowercase hex digits"},
            {"trace_hash", "' 23d3198c0cecec8'",
             "'jobs[3].run[1].trace_hash': must be 16 lowercase hex digits"},
            {"trace_hash", "12", "'jobs[3].run[1].trace_hash': must be a string, not a number"},
            {"clock", "1", "'jobs[3].run[1].clock': must be a string, not a number"},
            {"reused", "1", "'jobs[3].run[1].reused': must be true or false, not a number"},
            {"metrics", "[]", "'jobs[3].run[1].metrics': must be an object, not an array"},
        };
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
                expect_refusal(bad[i].key, bad[i].with, bad[i].msg);
}

/* A text longer than its buffer: error (511 bytes) and a value's text. */
static void test_strings_that_do_not_fit(void)
{
        char with[600];
        with[0] = '\'';
        memset(with + 1, 'e', 512);
        snprintf(with + 513, sizeof(with) - 513, "'");
        expect_refusal("error", with, "'jobs[3].run[1].error': longer than 511 characters");
        with[0] = '\'';
        memset(with + 1, 'e', 511);
        snprintf(with + 512, sizeof(with) - 512, "'");
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL(read_edited("error", with, &eb), RG_OK);
}

static void test_value_refusals(void)
{
        static const struct {
                const char *with, *msg;
        } bad[] = {
            {"{'a': 1, 'a': 2}", "'jobs[3].run[1].metrics.a': appears twice"},
            {"{'a': 'x'}", "'jobs[3].run[1].metrics.a': must be a number or an object {type, "
                           "count, hash, text, cut}, not a string"},
            {"{'a': null}", "'jobs[3].run[1].metrics.a': must be a number or an object"},
            {"{'a': 1e999}", "'jobs[3].run[1].metrics.a': must be a finite number"},
            {"{'': 1}", "'jobs[3].run[1].metrics.': a metric's name must be 1 to 47 bytes long"},
            {"{'a_name_of_forty_eight_bytes_which_is_one_too_many': 1}",
             "metrics.a_name_of_forty_eight_bytes_which_is_one_too_many': a metric's name"},
            {"{'d': {'type': 'blob', 'count': 2, 'hash': '000000000000d000', 'text': 'd0', "
             "'cut': false}}",
             "'jobs[3].run[1].metrics.d.type': must be \"string\" or \"list\""},
            {"{'d': {'type': 'list', 'count': null, 'hash': '000000000000d000', 'text': 'd0', "
             "'cut': false}}",
             "'jobs[3].run[1].metrics.d.count': must be a number, not null"},
            {"{'d': {'type': 'list', 'count': 4294967296, 'hash': '000000000000d000', "
             "'text': 'd0', 'cut': false}}",
             "'jobs[3].run[1].metrics.d.count': must be a whole number from 0 to 4294967295"},
            {"{'d': {'type': 'list', 'count': 2, 'hash': '00000000000d000', 'text': 'd0', "
             "'cut': false}}",
             "'jobs[3].run[1].metrics.d.hash': must be 16 lowercase hex digits"},
            {"{'d': {'type': 'list', 'count': 2, 'hash': '0000000000000d000', 'text': 'd0', "
             "'cut': false}}",
             "'jobs[3].run[1].metrics.d.hash': must be 16 lowercase hex digits"},
            {"{'d': {'type': 'list', 'count': 2, 'hash': '000000000000d00x', 'text': 'd0', "
             "'cut': false}}",
             "'jobs[3].run[1].metrics.d.hash': must be 16 lowercase hex digits"},
            {"{'d': {'type': 'list', 'count': 2, 'hash': '000000000000d000', "
             "'text': '01234567890123456789012345678901234567890123456789012345678901234567890"
             "123456789', 'cut': true}}",
             "'jobs[3].run[1].metrics.d.text': longer than 79 characters"},
            {"{'d': {'type': 'list', 'count': 2, 'hash': '000000000000d000', 'text': 'd0', "
             "'cut': 0}}",
             "'jobs[3].run[1].metrics.d.cut': must be true or false, not a number"},
            {"{'d': {'type': 'list', 'count': 2, 'hash': '000000000000d000', 'text': 'd0', "
             "'cut': false, 'type': 'string'}}",
             "'jobs[3].run[1].metrics.d.type': appears twice"},
            {"{'a':1,'b':1,'c':1,'d':1,'e':1,'f':1,'g':1,'h':1,'i':1,'j':1,'k':1,'l':1,"
             "'m':1,'n':1,'o':1,'p':1,'q':1}",
             "r.json: key 'jobs[3].run[1].metrics': more than 16 values"},
        };
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
                expect_refusal("metrics", bad[i].with, bad[i].msg);
        /* sixteen are fine, and an unknown member of a value is ignored */
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL(read_edited("metrics",
                                    "{'a':1,'b':1,'c':1,'d':1,'e':1,'f':1,'g':1,'h':1,'i':1,"
                                    "'j':1,'k':1,'l':1,'m':1,'n':1,'o':1,'p':1}",
                                    &eb),
                        RG_OK);
        CU_ASSERT_EQUAL(read_edited("metrics",
                                    "{'d': {'type': 'list', 'count': 2, 'hash': "
                                    "'000000000000d000', 'text': 'd0', 'cut': false, 'x': 1}}",
                                    &eb),
                        RG_OK);
}

/* A member written twice, the whole not an object, a reader failed already. */
static void test_document_refusals(void)
{
        struct backend_result res;
        full(&res);
        char *text = written(&res);
        CU_ASSERT_PTR_NOT_NULL_FATAL(text);
        size_t len = strlen(text);
        char *twice = malloc(len + 32);
        CU_ASSERT_PTR_NOT_NULL_FATAL(twice);
        snprintf(twice, len + 32, "%.*s,\"requests\":7}", (int)(len - 1), text);
        struct backend_result got;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL(read_text(twice, &got, &eb), RG_PARSE);
        CU_ASSERT_STRING_EQUAL(eb.msg, "r.json: key 'jobs[3].run[1].requests': appears twice");
        CU_ASSERT(zeroed(&got));
        free(twice);

        CU_ASSERT_EQUAL(read_text("[1]", &got, &eb), RG_PARSE);
        CU_ASSERT_STRING_EQUAL(eb.msg, "r.json: key 'jobs[3].run[1].': must be an object, not an "
                                       "array");
        /* at the top of a document (where ""): the file alone */
        cJSON *o = cJSON_CreateArray();
        CU_ASSERT_PTR_NOT_NULL_FATAL(o);
        rg_errbuf_init(&eb);
        struct rg_json_reader r = {.what = "r.json", .eb = &eb};
        backend_result_json_read(&r, o, "", &got);
        CU_ASSERT_EQUAL(r.rc, RG_PARSE);
        CU_ASSERT_STRING_EQUAL(eb.msg, "r.json: must be an object, not an array");
        cJSON_Delete(o);

        /* a reader that failed already reads nothing: the first error wins */
        o = cJSON_Parse(text);
        CU_ASSERT_PTR_NOT_NULL_FATAL(o);
        backend_result_json_read(&r, o, "", &got);
        CU_ASSERT_EQUAL(r.rc, RG_PARSE);
        CU_ASSERT(zeroed(&got));
        CU_ASSERT_STRING_EQUAL(eb.msg, "r.json: must be an object, not an array");
        cJSON_Delete(o);
        free(text);
}

/* ---- one value alone, in baseline.c's form ---- */

static void test_value_alone(void)
{
        struct backend_value v[3], back;
        value(&v[0], "n", BACKEND_VALUE_NUMBER, 0.1, 0, 0, false, "");
        value(&v[1], "s", BACKEND_VALUE_STRING, 0, 2, 0xd000, true, "d0");
        value(&v[2], "l", BACKEND_VALUE_LIST, 0, 3, 1, false, "[1, 2, 3]");
        struct rg_json w = {0};
        cJSON *o = cJSON_CreateObject();
        CU_ASSERT_PTR_NOT_NULL_FATAL(o);
        for (int i = 0; i < 3; i++)
                backend_value_json_write(&w, o, &v[i]);
        CU_ASSERT_FATAL(!w.failed);
        char *text = cJSON_PrintUnformatted(o);
        cJSON_Delete(o);
        CU_ASSERT_PTR_NOT_NULL_FATAL(text);
        CU_ASSERT_STRING_EQUAL(text, json("{'n':0.1,'s':{'type':'string','count':2,'hash':"
                                          "'000000000000d000','text':'d0','cut':true},"
                                          "'l':{'type':'list','count':3,'hash':"
                                          "'0000000000000001','text':'[1, 2, 3]','cut':false}}"));
        o = cJSON_Parse(text);
        free(text);
        CU_ASSERT_PTR_NOT_NULL_FATAL(o);
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct rg_json_reader r = {.what = "b.json", .eb = &eb};
        int i = 0;
        for (const cJSON *x = o->child; x; x = x->next, i++) {
                backend_value_json_read(&r, x, "m.", &back);
                CU_ASSERT_EQUAL(r.rc, RG_OK);
                CU_ASSERT_EQUAL(memcmp(&back, &v[i], sizeof(back)), 0);
        }
        CU_ASSERT_EQUAL(i, 3);
        cJSON_Delete(o);
}

/* ---- common/json_read.h's field readers ---- */

static void test_field_readers(void)
{
        cJSON *o =
            cJSON_Parse(json("{'w': 7, 'f': 2.5, 't': 'abc', 'h': 'fnv1a64:00000000000000ff',"
                             " 'n': null, 'i': 'Infinity', 'm': '-Infinity', 'z': -0.0}"));
        CU_ASSERT_PTR_NOT_NULL_FATAL(o);
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct rg_json_reader r = {.what = "x.json", .eb = &eb};
        CU_ASSERT_EQUAL(rg_json_read_whole(&r, o, "", "w", 0, 10), 7);
        CU_ASSERT_EQUAL(rg_json_read_finite(&r, o, "", "f"), 2.5);
        char t[4] = "";
        rg_json_read_text(&r, o, "", "t", t, sizeof(t));
        CU_ASSERT_STRING_EQUAL(t, "abc");
        CU_ASSERT_EQUAL(rg_json_read_hex64(&r, o, "", "h", "fnv1a64:"), 255u);
        CU_ASSERT(isnan(rg_json_read_num(&r, o, "", "n")));
        CU_ASSERT_EQUAL(rg_json_read_num(&r, o, "", "i"), INFINITY);
        CU_ASSERT_EQUAL(rg_json_read_num(&r, o, "", "m"), -INFINITY);
        CU_ASSERT(same_bits(rg_json_read_num(&r, o, "", "z"), -0.0));
        CU_ASSERT_EQUAL(r.rc, RG_OK);
        CU_ASSERT_EQUAL(rg_json_read_whole(&r, o, "a.", "w", 8, 10), 8);
        CU_ASSERT_STRING_EQUAL(eb.msg, "x.json: key 'a.w': must be a whole number from 8 to 10");
        /* failed: nothing more is read or recorded */
        CU_ASSERT_EQUAL(rg_json_read_finite(&r, o, "", "f"), 0);
        CU_ASSERT_STRING_EQUAL(eb.msg, "x.json: key 'a.w': must be a whole number from 8 to 10");

        struct rg_json_reader r2 = {.what = "x.json", .eb = &eb};
        rg_errbuf_init(&eb);
        char small[3] = "";
        rg_json_read_text(&r2, o, "", "t", small, sizeof(small));
        CU_ASSERT_STRING_EQUAL(eb.msg, "x.json: key 't': longer than 2 characters");
        struct rg_json_reader r3 = {.what = "x.json", .eb = &eb};
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(rg_json_read_hex64(&r3, o, "", "h", "sha:"), 0u);
        CU_ASSERT_STRING_EQUAL(eb.msg,
                               "x.json: key 'h': must be \"sha:\" and 16 lowercase hex digits");
        cJSON_Delete(o);
}

TEST_MAIN("result_json", TEST(test_full_result), TEST(test_zero_result), TEST(test_edge_numbers),
          TEST(test_nan_reads_as_nan), TEST(test_failed_run), TEST(test_values),
          TEST(test_counts_at_their_limits), TEST(test_fields_and_clocks),
          TEST(test_parsed_run_file), TEST(test_exact_form), TEST(test_unknown_members_ignored),
          TEST(test_writer_refuses), TEST(test_refusal_messages), TEST(test_wrong_types),
          TEST(test_strings_that_do_not_fit), TEST(test_value_refusals),
          TEST(test_document_refusals), TEST(test_value_alone), TEST(test_field_readers))
