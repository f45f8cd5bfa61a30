/*
 * Tests for gate/baseline.c and gate/verify.c: the baseline JSON written
 * and read back exactly (with and without the runs' reported values, and a
 * version-1 baseline from before them), strict reading (one-line errors
 * naming the key), the replay backend, and the verification checklist on
 * hand-built runs, declared metrics included -- a
 * comparison of a replayed baseline (role 0) with a replayed "now" (role 1)
 * run through compare_execute and compare_analyse, so that every item
 * ticks or fails for a reason worked out by hand.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../gate/baseline.h"
#include "../gate/verify.h"
#include "testutil.h"

#define REQ 2000

/* A baseline at loads 300 and 600 with n seeds 1..n: blocked counts
 * base + (rep * 7) % 23 (some spread), BBP from blocked Gb/s, run times
 * 0.01 * (1 + rep / 100).  `shift` adds to every blocked count, `slow`
 * multiplies the run times. */
static struct gate_baseline *make(int n, int shift, int noise, double slow)
{
        struct gate_baseline *b = NULL;
        CU_ASSERT_EQUAL_FATAL(gate_baseline_create(2, n, &b), RG_OK);
        snprintf(b->rollgate_version, sizeof(b->rollgate_version), "test");
        snprintf(b->recorded, sizeof(b->recorded), "2024-01-02T03:04:05Z");
        snprintf(b->path, sizeof(b->path), "builtin:legacy");
        snprintf(b->backend, sizeof(b->backend), "builtin:legacy");
        snprintf(b->config, sizeof(b->config), "/x/default.ini");
        b->settings_hash = 0x0123456789abcdefULL;
        b->requests = REQ;
        b->clock = BACKEND_CLOCK_THREAD_CPU;
        b->threads = 2;
        for (int i = 0; i < n; i++)
                b->seeds[i] = (uint32_t)(i + 1);
        for (int li = 0; li < 2; li++) {
                struct gate_baseline_load *L = &b->loads[li];
                L->erlang = li ? 600 : 300;
                L->have_bbp = true;
                double bp[64], bbp[64];
                for (int rep = 0; rep < n; rep++) {
                        struct gate_baseline_run *r = &L->runs[rep];
                        r->seed = b->seeds[rep];
                        r->requests = REQ;
                        int extra = noise ? ((rep * 5) % 3 - 1) * noise : 0;
                        r->blocked = (uint32_t)(200 + 100 * li + (rep * 7) % 23 + shift + extra);
                        r->has = BACKEND_HAS_BBP | BACKEND_HAS_GBPS | BACKEND_HAS_TRACE;
                        r->requested_gbps = 275000;
                        r->blocked_gbps = 100.0 * r->blocked;
                        r->bbp = r->blocked_gbps / r->requested_gbps;
                        r->trace_hash = 0x1000u + r->blocked * 31u + (uint64_t)li;
                        r->run_seconds = slow * 0.01 * (1 + rep / 100.0) * (1 + li);
                        r->stream_seconds = 0.004;
                        bp[rep] = 100.0 * r->blocked / REQ;
                        bbp[rep] = 100 * r->bbp;
                }
                CU_ASSERT_EQUAL(stats_summarize(bp, n, 0.95, &L->bp), RG_OK);
                CU_ASSERT_EQUAL(stats_summarize(bbp, n, 0.95, &L->bbp), RG_OK);
        }
        return b;
}

/* Values on every run of b, deterministic in load and replication:
 *   tick_ms       number (10 + rep % 3 + li) x scale   (a performance metric)
 *   alerts_total  number rep % 4 (+ 1 at replication `bump`, -1: none)
 *   digest        string "d<rep>", hash 0xd000 + rep
 *   queue         list [rep, 1, 2], hash 0x9000 + rep */
static void add_values(struct gate_baseline *b, double scale, int bump)
{
        for (int li = 0; li < b->n_loads; li++)
                for (int rep = 0; rep < b->n_seeds; rep++) {
                        struct backend_value v[4];
                        memset(v, 0, sizeof(v));
                        snprintf(v[0].name, sizeof(v[0].name), "tick_ms");
                        v[0].type = BACKEND_VALUE_NUMBER;
                        v[0].number = (10 + rep % 3 + li) * scale;
                        snprintf(v[1].name, sizeof(v[1].name), "alerts_total");
                        v[1].type = BACKEND_VALUE_NUMBER;
                        v[1].number = rep % 4 + (rep == bump);
                        snprintf(v[2].name, sizeof(v[2].name), "digest");
                        v[2].type = BACKEND_VALUE_STRING;
                        v[2].count = 2 + (rep >= 10);
                        v[2].hash = 0xd000u + (uint64_t)rep;
                        snprintf(v[2].text, sizeof(v[2].text), "d%d", rep);
                        snprintf(v[3].name, sizeof(v[3].name), "queue");
                        v[3].type = BACKEND_VALUE_LIST;
                        v[3].count = 3;
                        v[3].hash = 0x9000u + (uint64_t)rep;
                        snprintf(v[3].text, sizeof(v[3].text), "[%d, 1, 2]", rep);
                        CU_ASSERT_EQUAL(gate_baseline_run_set_values(&b->loads[li].runs[rep], v, 4),
                                        RG_OK);
                }
}

static char *to_json(const struct gate_baseline *b)
{
        struct rg_buf buf;
        rg_buf_init(&buf);
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(gate_baseline_write_json(b, &buf, &eb), RG_OK);
        char *text = strdup(rg_buf_text(&buf));
        rg_buf_finish(&buf);
        return text;
}

/* `text` read back (it must be read); written again, it is `text` byte
 * for byte. */
static struct gate_baseline *read_back(const char *text)
{
        struct gate_baseline *c = NULL;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL_FATAL(gate_baseline_read_json(text, strlen(text), "b.json", &c, &eb),
                              RG_OK);
        char *again = to_json(c);
        CU_ASSERT_STRING_EQUAL(again, text);
        free(again);
        return c;
}

static void same_value(const struct backend_value *a, const struct backend_value *b)
{
        CU_ASSERT_STRING_EQUAL(a->name, b->name);
        CU_ASSERT_EQUAL(a->type, b->type);
        CU_ASSERT_TRUE(backend_value_equal(a, b));
        CU_ASSERT_EQUAL(memcmp(&a->number, &b->number, sizeof(double)), 0); /* bit for bit */
        CU_ASSERT_EQUAL(a->count, b->count);
        CU_ASSERT_EQUAL(a->hash, b->hash);
        CU_ASSERT_EQUAL(a->cut, b->cut);
        CU_ASSERT_STRING_EQUAL(a->text, b->text);
}

/* Every run of `b` has the values of the same run of `a`, bit for bit. */
static void same_values(const struct gate_baseline *a, const struct gate_baseline *b)
{
        for (int li = 0; li < a->n_loads; li++)
                for (int i = 0; i < a->n_seeds; i++) {
                        const struct gate_baseline_run *x = &a->loads[li].runs[i];
                        const struct gate_baseline_run *y = &b->loads[li].runs[i];
                        CU_ASSERT_EQUAL_FATAL(y->n_values, x->n_values);
                        for (int k = 0; k < x->n_values; k++)
                                same_value(&x->value[k], &y->value[k]);
                }
}

static void test_round_trip_exact(void)
{
        struct gate_baseline *b = make(5, 0, 0, 1);
        /* numbers that a 15-digit printer would not give back */
        b->loads[0].runs[0].run_seconds = 0.1 + 0.2;
        b->loads[0].runs[1].run_seconds = 1.0 / 3.0;
        b->loads[1].runs[2].bbp = 1e-300;
        b->loads[1].bp.sd = 2.0 / 3.0;
        b->loads[1].runs[3].has = 0; /* no BBP, no Gb/s, no trace: optional keys */
        b->loads[1].have_bbp = false;
        b->policy.t1 = 1.5;
        b->policy.deviation = STATS_DEV_RELATIVE;
        b->policy.direction = STATS_DIR_INCREASE;
        b->policy.perf_threshold = 0.1;
        char *text = to_json(b);
        struct gate_baseline *c = read_back(text); /* and written again, byte for byte the same */
        CU_ASSERT_EQUAL(c->loads[0].runs[0].run_seconds, 0.1 + 0.2);
        CU_ASSERT_EQUAL(c->loads[0].runs[1].run_seconds, 1.0 / 3.0);
        CU_ASSERT_EQUAL(c->loads[1].runs[2].bbp, 1e-300);
        CU_ASSERT_EQUAL(c->loads[1].bp.sd, 2.0 / 3.0);
        CU_ASSERT_EQUAL(c->loads[1].runs[3].has, 0u);
        CU_ASSERT_EQUAL(c->loads[0].runs[3].has, b->loads[0].runs[3].has);
        CU_ASSERT_EQUAL(c->loads[0].runs[4].trace_hash, b->loads[0].runs[4].trace_hash);
        CU_ASSERT_FALSE(c->loads[1].have_bbp);
        CU_ASSERT_EQUAL(c->settings_hash, 0x0123456789abcdefULL);
        CU_ASSERT_EQUAL(c->policy.t1, 1.5);
        CU_ASSERT_EQUAL(c->policy.deviation, STATS_DEV_RELATIVE);
        CU_ASSERT_EQUAL(c->policy.direction, STATS_DIR_INCREASE);
        CU_ASSERT_EQUAL(c->clock, BACKEND_CLOCK_THREAD_CPU);
        CU_ASSERT_EQUAL(c->threads, 2);
        CU_ASSERT_STRING_EQUAL(c->config, "/x/default.ini");
        for (int li = 0; li < 2; li++)
                for (int i = 0; i < 5; i++) {
                        CU_ASSERT_EQUAL(c->loads[li].runs[i].blocked, b->loads[li].runs[i].blocked);
                        CU_ASSERT_EQUAL(c->loads[li].runs[i].seed, (uint32_t)(i + 1));
                }
        free(text);
        gate_baseline_destroy(b);
        gate_baseline_destroy(c);
}

/* Reads the JSON of `b` with `from` replaced by `to`; the message on
 * failure. */
static int read_edited(const struct gate_baseline *b, const char *from, const char *to, char *msg,
                       size_t cap)
{
        char *text = to_json(b);
        char *at = strstr(text, from);
        CU_ASSERT_PTR_NOT_NULL_FATAL(at);
        size_t len = strlen(text) - strlen(from) + strlen(to) + 1;
        char *edited = malloc(len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(edited);
        snprintf(edited, len, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
        struct gate_baseline *c = NULL;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        int rc = gate_baseline_read_json(edited, strlen(edited), "b.json", &c, &eb);
        snprintf(msg, cap, "%s", eb.msg);
        CU_ASSERT_EQUAL(rc == RG_OK, c != NULL);
        CU_ASSERT_PTR_NULL(strchr(eb.msg, '\n'));
        gate_baseline_destroy(c);
        free(edited);
        free(text);
        return rc;
}

static void test_refusals_name_the_key(void)
{
        struct gate_baseline *b = make(3, 0, 0, 1);
        char msg[512];
        CU_ASSERT_EQUAL(
            read_edited(b, "\"schema_version\":\t1", "\"schema_version\":\t2", msg, sizeof(msg)),
            RG_PARSE);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, "b.json: key 'schema_version': 2 is not the version"));
        CU_ASSERT_EQUAL(read_edited(b, "rollgate-baseline", "rollgate-report", msg, sizeof(msg)),
                        RG_PARSE);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, "key 'schema'"));
        CU_ASSERT_EQUAL(read_edited(b, "\"requests\":\t2000,", "", msg, sizeof(msg)), RG_PARSE);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, "key 'requests': missing"));
        CU_ASSERT_EQUAL(
            read_edited(b, "\"seeds\":\t[1, 2, 3]", "\"seeds\":\t\"1,2,3\"", msg, sizeof(msg)),
            RG_PARSE);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, "key 'seeds': must be an array, not a string"));
        CU_ASSERT_EQUAL(read_edited(b, "\"t1\":\t2", "\"t1\":\t\"2\"", msg, sizeof(msg)), RG_PARSE);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, "key 'policy.t1': must be a number"));
        CU_ASSERT_EQUAL(read_edited(b, "\"seed\":\t2", "\"seed\":\t3", msg, sizeof(msg)), RG_PARSE);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, "key 'loads[0].runs[1].seed'"));
        CU_ASSERT_EQUAL(read_edited(b, "\"clock\":\t\"thread_cpu\"", "\"clock\":\t\"sundial\"", msg,
                                    sizeof(msg)),
                        RG_PARSE);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, "key 'clock'"));
        CU_ASSERT_EQUAL(read_edited(b, "\"settings_hash\":\t\"fnv1a64:", "\"settings_hash\":\t\"x",
                                    msg, sizeof(msg)),
                        RG_PARSE);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, "key 'settings_hash'"));
        CU_ASSERT_EQUAL(read_edited(b, "{", "[", msg, sizeof(msg)), RG_PARSE);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, "b.json:"));
        CU_ASSERT_EQUAL(read_edited(b, "\"schema\"", "\"x\": 1, \"schema\"", msg, sizeof(msg)),
                        RG_OK); /* an unknown key is ignored (additions within a version) */
        gate_baseline_destroy(b);
}

static void test_values_round_trip(void)
{
        struct gate_baseline *b = make(5, 0, 0, 1);
        add_values(b, 1, -1);
        struct gate_baseline_run *run = &b->loads[1].runs[2];
        run->value[0].number = 0.1 + 0.2; /* 17 digits to read back */
        run->value[1].number = -1e-300;
        snprintf(run->value[2].text, sizeof(run->value[2].text), "%.*s...", BACKEND_VALUE_TEXT - 4,
                 "a string with \"quotes\", a tab\t and more text than "
                 "the eighty bytes a value's text keeps in a report");
        run->value[2].count = 4000000000u;
        run->value[2].cut = true;
        run->value[3].hash = UINT64_MAX;
        /* a run without values has no "metrics" key */
        CU_ASSERT_EQUAL(gate_baseline_run_set_values(&b->loads[0].runs[4], NULL, 0), RG_OK);
        CU_ASSERT_PTR_NULL(b->loads[0].runs[4].value);
        char *text = to_json(b);
        CU_ASSERT_PTR_NOT_NULL(
            strstr(text, "\"stream_seconds\":\t0.004,\n\t\t\t\t\t\"metrics\":\t{"));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"tick_ms\":\t10,"));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"tick_ms\":\t0.30000000000000004,"));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"type\":\t\"string\",\n"));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"type\":\t\"list\",\n"));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"hash\":\t\"000000000000d001\""));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"hash\":\t\"ffffffffffffffff\""));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"text\":\t\"[3, 1, 2]\""));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"cut\":\ttrue"));
        struct gate_baseline *c = read_back(text);
        same_values(b, c);
        CU_ASSERT_EQUAL(c->loads[0].runs[4].n_values, 0);
        CU_ASSERT_EQUAL(c->loads[1].runs[2].value[2].count, 4000000000u);
        free(text);
        gate_baseline_destroy(b);
        gate_baseline_destroy(c);
}

static void test_values_kept_as_the_json_says(void)
{
        /* a number keeps its number alone; bad sets leave the run as it was */
        struct gate_baseline_run run = {0};
        struct backend_value v[2];
        memset(v, 0, sizeof(v));
        snprintf(v[0].name, sizeof(v[0].name), "x");
        v[0].type = BACKEND_VALUE_NUMBER;
        v[0].number = 2.5;
        v[0].count = 7;
        snprintf(v[0].text, sizeof(v[0].text), "2.5");
        CU_ASSERT_EQUAL(gate_baseline_run_set_values(&run, v, 1), RG_OK);
        CU_ASSERT_EQUAL(run.n_values, 1);
        CU_ASSERT_EQUAL(run.value[0].number, 2.5);
        CU_ASSERT_EQUAL(run.value[0].count, 0u);
        CU_ASSERT_STRING_EQUAL(run.value[0].text, "");
        v[1] = v[0]; /* a repeated name */
        CU_ASSERT_EQUAL(gate_baseline_run_set_values(&run, v, 2), RG_RANGE);
        snprintf(v[1].name, sizeof(v[1].name), "y");
        v[1].number = NAN;
        CU_ASSERT_EQUAL(gate_baseline_run_set_values(&run, v, 2), RG_RANGE);
        v[1].name[0] = '\0';
        v[1].number = 1;
        CU_ASSERT_EQUAL(gate_baseline_run_set_values(&run, v, 2), RG_RANGE);
        CU_ASSERT_EQUAL(gate_baseline_run_set_values(&run, v, BACKEND_MAX_VALUES + 1), RG_RANGE);
        CU_ASSERT_EQUAL(run.n_values, 1);
        CU_ASSERT_STRING_EQUAL(run.value[0].name, "x");
        free(run.value);
}

/* A baseline as rollgate wrote it before runs kept values (version 1,
 * without "metrics"): read, and written back byte for byte. */
static const char version1[] =
    "{\n\t\"schema\":\t\"rollgate-baseline\",\n\t\"schema_version\":\t1,\n"
    "\t\"rollgate_version\":\t\"0.1.0\",\n\t\"recorded\":\t\"2026-12-01T23:07:54Z\",\n"
    "\t\"path\":\t\"builtin:legacy\",\n\t\"backend\":\t\"builtin:legacy\",\n"
    "\t\"config\":\t\"/x/default.ini\",\n\t\"settings_hash\":\t\"fnv1a64:6afb1a544001e445\",\n"
    "\t\"inject\":\t\"none\",\n\t\"requests\":\t300,\n\t\"seeds\":\t[1, 2],\n"
    "\t\"clock\":\t\"thread_cpu\",\n\t\"threads\":\t2,\n\t\"policy\":\t{\n"
    "\t\t\"deviation\":\t\"absolute\",\n\t\t\"direction\":\t\"either\",\n\t\t\"t1\":\t2,\n"
    "\t\t\"t2\":\t10,\n\t\t\"confidence\":\t0.95,\n\t\t\"perf_threshold\":\t0.05,\n"
    "\t\t\"low_signal_blocked\":\t20\n\t},\n\t\"loads\":\t[{\n\t\t\t\"erlang\":\t300,\n"
    "\t\t\t\"bp\":\t{\n\t\t\t\t\"mean\":\t11.5,\n\t\t\t\t\"sd\":\t1.1785113019775788,\n"
    "\t\t\t\t\"ci_lo\":\t0.9114960531877578,\n\t\t\t\t\"ci_hi\":\t22.088503946812242\n"
    "\t\t\t},\n\t\t\t\"bbp\":\tnull,\n\t\t\t\"runs\":\t[{\n\t\t\t\t\t\"seed\":\t1,\n"
    "\t\t\t\t\t\"requests\":\t300,\n\t\t\t\t\t\"blocked\":\t32,\n"
    "\t\t\t\t\t\"trace_hash\":\t\"0574234404d3a89c\",\n"
    "\t\t\t\t\t\"run_seconds\":\t6.789100000000048e-05,\n"
    "\t\t\t\t\t\"stream_seconds\":\t7.994900000000017e-05\n\t\t\t\t}, {\n"
    "\t\t\t\t\t\"seed\":\t2,\n\t\t\t\t\t\"requests\":\t300,\n"
    "\t\t\t\t\t\"blocked\":\t37,\n\t\t\t\t\t\"run_seconds\":\t7.497100000000004e-05,\n"
    "\t\t\t\t\t\"stream_seconds\":\t7.7165e-05\n\t\t\t\t}]\n\t\t}]\n}\n";

static void test_version1_still_read(void)
{
        struct gate_baseline *b = read_back(version1);
        CU_ASSERT_EQUAL(b->n_loads, 1);
        CU_ASSERT_EQUAL(b->n_seeds, 2);
        CU_ASSERT_EQUAL(b->loads[0].runs[0].blocked, 32u);
        CU_ASSERT_EQUAL(b->loads[0].runs[0].has, (unsigned)BACKEND_HAS_TRACE);
        for (int i = 0; i < 2; i++) {
                CU_ASSERT_EQUAL(b->loads[0].runs[i].n_values, 0);
                CU_ASSERT_PTR_NULL(b->loads[0].runs[i].value);
        }
        gate_baseline_destroy(b);
}

static void test_bad_values_name_the_key(void)
{
        static const struct {
                const char *from, *to, *msg;
        } bad[] = {
            {"\"tick_ms\":\t10,", "\"tick_ms\":\t\"fast\",",
             "b.json: key 'loads[0].runs[0].metrics.tick_ms': must be a number or an object "
             "{type, count, hash, text, cut}, not a string"},
            {"\"tick_ms\":\t10,", "\"tick_ms\":\tnull,",
             "key 'loads[0].runs[0].metrics.tick_ms': must be a number or an object"},
            {"\"tick_ms\":\t10,", "\"tick_ms\":\t[1, 2],", "not an array"},
            {"\"tick_ms\":\t10,", "\"tick_ms\":\t1e999,",
             "key 'loads[0].runs[0].metrics.tick_ms': must be a finite number"},
            {"\"tick_ms\":\t10,", "\"\":\t10,",
             "key 'loads[0].runs[0].metrics.': a metric's name must be 1 to 47 bytes long"},
            {"\"tick_ms\":\t10,", "\"a_name_of_forty_eight_bytes_which_is_one_too_many\":\t10,",
             "metrics.a_name_of_forty_eight_bytes_which_is_one_too_many': a metric's name"},
            {"\"tick_ms\":\t10,", "\"tick_ms\":\t10, \"tick_ms\": 11,",
             "key 'loads[0].runs[0].metrics.tick_ms': appears twice"},
            {"\"type\":\t\"string\"", "\"type\":\t\"blob\"",
             "key 'loads[0].runs[0].metrics.digest.type': must be \"string\" or \"list\""},
            {"\"type\":\t\"string\"", "\"type\":\t1",
             "key 'loads[0].runs[0].metrics.digest.type': must be a string, not a number"},
            {"\"count\":\t2,", "\"count\":\t-1,",
             "key 'loads[0].runs[0].metrics.digest.count': must be a whole number"},
            {"\"count\":\t2,", "", "key 'loads[0].runs[0].metrics.digest.count': missing"},
            {"\"hash\":\t\"000000000000d000\"", "\"hash\":\t\"D000\"",
             "key 'loads[0].runs[0].metrics.digest.hash': must be 16 lowercase hex"},
            {"\"text\":\t\"d0\"",
             "\"text\":\t\"0123456789012345678901234567890123456789012345678901234567890123456789"
             "0123456789\"",
             "key 'loads[0].runs[0].metrics.digest.text': longer than 79 characters"},
            {"\"cut\":\tfalse", "\"cut\":\t0",
             "key 'loads[0].runs[0].metrics.digest.cut': must be true or false, not a number"},
            {"\"metrics\":\t{", "\"metrics\":\t3, \"x\":\t{",
             "key 'loads[0].runs[0].metrics': must be an object, not a number"},
            {"\"tick_ms\":\t10,",
             "\"a\": 1, \"b\": 1, \"c\": 1, \"d\": 1, \"e\": 1, \"f\": 1, \"g\": 1, \"h\": 1, "
             "\"i\": 1, \"j\": 1, \"k\": 1, \"l\": 1, \"m\": 1, \"tick_ms\":\t10,",
             "key 'loads[0].runs[0].metrics': more than 16 values"},
        };
        struct gate_baseline *b = make(3, 0, 0, 1);
        add_values(b, 1, -1);
        char msg[512];
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                int rc = read_edited(b, bad[i].from, bad[i].to, msg, sizeof(msg));
                CU_ASSERT_EQUAL(rc, RG_PARSE);
                CU_ASSERT_PTR_NOT_NULL(strstr(msg, bad[i].msg));
        }
        /* sixteen values are fine; an unknown key in a value is ignored */
        CU_ASSERT_EQUAL(read_edited(b, "\"tick_ms\":\t10,",
                                    "\"a\": 1, \"b\": 1, \"c\": 1, \"d\": 1, \"e\": 1, "
                                    "\"f\": 1, \"g\": 1, \"h\": 1, \"i\": 1, \"j\": 1, "
                                    "\"k\": 1, \"l\": 1, \"tick_ms\":\t10,",
                                    msg, sizeof(msg)),
                        RG_OK);
        CU_ASSERT_EQUAL(
            read_edited(b, "\"cut\":\tfalse", "\"cut\":\tfalse, \"x\": 1", msg, sizeof(msg)),
            RG_OK);
        gate_baseline_destroy(b);
}

static void test_replay_fills_values(void)
{
        struct gate_baseline *b = make(3, 0, 0, 1);
        add_values(b, 1, -1);
        struct backend *be = NULL;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL_FATAL(gate_baseline_replay_create(b, &be, &eb), RG_OK);
        struct backend_job job = {.erlang = 600, .seed = 2, .requests = REQ, .role = "legacy"};
        struct backend_result out;
        memset(&out, 0, sizeof(out));
        CU_ASSERT_EQUAL(be->ops->run(be->ctx, &job, &out), RG_OK);
        CU_ASSERT_EQUAL(out.status, RG_OK);
        CU_ASSERT_EQUAL(out.blocked, b->loads[1].runs[1].blocked);
        CU_ASSERT_EQUAL_FATAL(out.n_values, 4);
        for (int k = 0; k < 4; k++)
                same_value(&out.value[k], &b->loads[1].runs[1].value[k]);
        const struct backend_value *t = backend_result_value(&out, "tick_ms");
        CU_ASSERT_PTR_NOT_NULL_FATAL(t);
        CU_ASSERT_EQUAL(t->number, 12.0); /* 10 + 1 % 3 + 1 */
        CU_ASSERT_STRING_EQUAL(backend_result_value(&out, "digest")->text, "d1");
        /* a run without values replays none */
        CU_ASSERT_EQUAL(gate_baseline_run_set_values(&b->loads[0].runs[0], NULL, 0), RG_OK);
        memset(&out, 0, sizeof(out));
        job.erlang = 300;
        job.seed = 1;
        CU_ASSERT_EQUAL(be->ops->run(be->ctx, &job, &out), RG_OK);
        CU_ASSERT_EQUAL(out.status, RG_OK);
        CU_ASSERT_EQUAL(out.n_values, 0);
        /* a job the baseline lacks fails, with nothing else */
        memset(&out, 0, sizeof(out));
        job.seed = 99;
        CU_ASSERT_EQUAL(be->ops->run(be->ctx, &job, &out), RG_OK);
        CU_ASSERT_NOT_EQUAL(out.status, RG_OK);
        CU_ASSERT_EQUAL(out.n_values, 0);
        backend_destroy(be);
        gate_baseline_destroy(b);
}

static void test_hash(void)
{
        char a[] = "x = 1\n", b2[] = "x = 2\n";
        char *one[2] = {a, b2}, *two[2] = {b2, a};
        CU_ASSERT_NOT_EQUAL(gate_baseline_hash(one, 2), gate_baseline_hash(two, 2));
        CU_ASSERT_EQUAL(gate_baseline_hash(one, 2), gate_baseline_hash(one, 2));
        /* the separator: "ab" + "c" is not "a" + "bc" */
        char ab[] = "ab", c[] = "c", a1[] = "a", bc[] = "bc";
        char *x[2] = {ab, c}, *y[2] = {a1, bc};
        CU_ASSERT_NOT_EQUAL(gate_baseline_hash(x, 2), gate_baseline_hash(y, 2));
}

/* ---- the checklist on replayed runs ---- */

struct verify_case {
        struct backend *be[2];
        struct compare_config cfg;
        struct compare_result *res;
        struct gate_verification v;
};

/* The declared metrics of run_decl, in order: their checklist items
 * follow the GATE_CHECK_ITEMS built-in ones. */
enum { DECL_TICK, DECL_ALERTS, DECL_DIGEST, DECL_QUEUE, N_DECLS };

static void declare(struct compare_config *cfg, const char *name, enum compare_kind kind,
                    bool primary)
{
        struct compare_metric_decl *d = &cfg->declared[cfg->n_declared++];
        memset(d, 0, sizeof(*d));
        snprintf(d->name, sizeof(d->name), "%s", name);
        d->kind = kind;
        d->primary = primary;
        d->pol = cfg->policy;
        if (kind == COMPARE_KIND_PERFORMANCE)
                d->pol.perf_threshold = 0.05;
}

enum { DECLARE_NONE, DECLARE_FOUR, DECLARE_EQUIVALENCE };

/* `declared` FOUR: tick_ms performance, alerts_total and digest exact,
 * queue exact secondary (as a config's [metric.NAME] sections would);
 * EQUIVALENCE: tick_ms alone, equivalence with T1 1 ms, T2 5 ms. */
static void run_decl(struct verify_case *vc, const struct gate_baseline *base,
                     const struct gate_baseline *now, int declared)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        memset(vc, 0, sizeof(*vc));
        CU_ASSERT_EQUAL_FATAL(gate_baseline_replay_create(base, &vc->be[0], &eb), RG_OK);
        CU_ASSERT_EQUAL_FATAL(gate_baseline_replay_create(now, &vc->be[1], &eb), RG_OK);
        stats_policy_default(&vc->cfg.policy);
        if (declared == DECLARE_EQUIVALENCE) {
                declare(&vc->cfg, "tick_ms", COMPARE_KIND_EQUIVALENCE, true);
                vc->cfg.declared[0].pol.t1 = 1;
                vc->cfg.declared[0].pol.t2 = 5;
                snprintf(vc->cfg.declared[0].unit, sizeof(vc->cfg.declared[0].unit), "ms");
        }
        if (declared == DECLARE_FOUR) {
                declare(&vc->cfg, "tick_ms", COMPARE_KIND_PERFORMANCE, true);
                declare(&vc->cfg, "alerts_total", COMPARE_KIND_EXACT, true);
                declare(&vc->cfg, "digest", COMPARE_KIND_EXACT, true);
                declare(&vc->cfg, "queue", COMPARE_KIND_EXACT, false);
        }
        vc->cfg.backend[0] = vc->be[0];
        vc->cfg.backend[1] = vc->be[1];
        vc->cfg.threads = 1;
        struct compare_inputs in = {.requests = REQ,
                                    .holding_time = 1,
                                    .have_bw = true,
                                    .bw_min = 25,
                                    .bw_max = 400,
                                    .bw_mean = 137.5};
        double loads[2] = {300, 600};
        CU_ASSERT_EQUAL_FATAL(
            compare_plan(&in, &vc->cfg, loads, 2, base->seeds, base->n_seeds, &vc->res, &eb),
            RG_OK);
        CU_ASSERT_EQUAL_FATAL(compare_execute(vc->res, NULL, &eb), RG_OK);
        gate_verify_prepare_timing(vc->res);
        CU_ASSERT_EQUAL_FATAL(compare_analyse(vc->res, &eb), RG_OK);
        gate_verify_checklist(vc->res, &vc->v);
}

static void run_case(struct verify_case *vc, const struct gate_baseline *base,
                     const struct gate_baseline *now)
{
        run_decl(vc, base, now, DECLARE_NONE);
}

static void end_case(struct verify_case *vc)
{
        compare_result_destroy(vc->res);
        backend_destroy(vc->be[0]);
        backend_destroy(vc->be[1]);
}

/* A baseline of 20 seeds (make) whose runs report values (add_values). */
static struct gate_baseline *valued(double scale, int bump)
{
        struct gate_baseline *b = make(20, 0, 0, 1);
        add_values(b, scale, bump);
        return b;
}

/* Item `c` is not ticked: verdict `v`, and `part` in its detail. */
static void not_ticked(const struct gate_check *c, enum stats_verdict v, const char *part)
{
        CU_ASSERT_FALSE(c->ticked);
        CU_ASSERT_EQUAL(c->verdict, v);
        CU_ASSERT_PTR_NOT_NULL(strstr(c->detail, part));
}

/* The checklist of `vc` as gate_verify_write_json writes it for `path`
 * (malloc'd). */
static char *checklist_json(const struct verify_case *vc, const char *path)
{
        struct rg_buf buf;
        rg_buf_init(&buf);
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(gate_verify_write_json(&vc->v, vc->res, "b.json", path, "t", &buf, &eb),
                        RG_OK);
        char *text = strdup(rg_buf_text(&buf));
        rg_buf_finish(&buf);
        CU_ASSERT_PTR_NOT_NULL_FATAL(text);
        return text;
}

static void test_checklist_same_runs_pass(void)
{
        struct gate_baseline *b = make(20, 0, 0, 1);
        struct verify_case vc;
        run_case(&vc, b, b);
        for (int i = 0; i < GATE_CHECK_ITEMS; i++)
                CU_ASSERT_TRUE(vc.v.item[i].ticked);
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_PASS);
        CU_ASSERT_EQUAL(vc.v.exit_code, 0);
        CU_ASSERT_STRING_EQUAL(vc.v.item[GATE_CHECK_CLEAN].detail,
                               "40 of 40 runs finished, invariants held");
        /* equal trace hashes and counts on the same seeds: the identical basis */
        CU_ASSERT_PTR_NOT_NULL(strstr(vc.v.item[GATE_CHECK_BLOCKING].detail, "bit-identical"));
        CU_ASSERT_DOUBLE_EQUAL(vc.v.perf.ratio, 1.0, 1e-12);
        CU_ASSERT_PTR_NOT_NULL(strstr(vc.v.item[GATE_CHECK_RUNTIME].label, "within 5 %"));
        CU_ASSERT_EQUAL(vc.v.n_items, GATE_CHECK_ITEMS); /* no declared metrics: no more items */
        CU_ASSERT_STRING_EQUAL(vc.v.reason, "every item ticked");
        end_case(&vc);
        /* values the config does not declare change nothing */
        add_values(b, 1, -1);
        struct gate_baseline *now = valued(1.5, 3);
        run_case(&vc, b, now);
        CU_ASSERT_EQUAL(vc.v.n_items, GATE_CHECK_ITEMS);
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_PASS);
        end_case(&vc);
        gate_baseline_destroy(now);
        gate_baseline_destroy(b);
}

/* ---- declared metrics in the checklist ---- */

static void test_checklist_declared_same_values_pass(void)
{
        struct gate_baseline *b = valued(1, -1);
        struct verify_case vc;
        run_decl(&vc, b, b, DECLARE_FOUR);
        CU_ASSERT_EQUAL_FATAL(vc.v.n_items, GATE_CHECK_ITEMS + N_DECLS);
        for (int i = 0; i < vc.v.n_items; i++) {
                CU_ASSERT_TRUE(vc.v.item[i].ticked);
        }
        const struct gate_check *tick = &vc.v.item[GATE_CHECK_ITEMS + DECL_TICK];
        CU_ASSERT_STRING_EQUAL(tick->label, "tick_ms within 5 % of the baseline");
        CU_ASSERT_EQUAL(tick->metric, COMPARE_METRICS + DECL_TICK);
        CU_ASSERT_PTR_NOT_NULL(strstr(tick->detail, "largest at erlang"));
        CU_ASSERT_PTR_NOT_NULL(strstr(tick->detail, "ratio 1.000 [1.000, 1.000] now / baseline"));
        CU_ASSERT_STRING_EQUAL(vc.v.item[GATE_CHECK_ITEMS + DECL_DIGEST].label,
                               "digest equal to the baseline");
        CU_ASSERT_STRING_EQUAL(vc.v.item[GATE_CHECK_ITEMS + DECL_DIGEST].detail,
                               "equal to the baseline on every replication at every load (40)");
        CU_ASSERT_STRING_EQUAL(vc.v.item[GATE_CHECK_ITEMS + DECL_QUEUE].label,
                               "queue equal to the baseline (secondary)");
        CU_ASSERT_TRUE(vc.v.item[GATE_CHECK_ITEMS + DECL_QUEUE].secondary);
        CU_ASSERT_EQUAL(vc.v.item[GATE_CHECK_CLEAN].metric, -1);
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_PASS);
        CU_ASSERT_STRING_EQUAL(vc.v.reason, "every item ticked");
        char text[256];
        gate_verify_load_text(vc.res, 1, COMPARE_METRICS + DECL_TICK, text, sizeof(text));
        CU_ASSERT_STRING_EQUAL(text, "ratio 1.000 [1.000, 1.000] PASS (ratio)");
        gate_verify_load_text(vc.res, 0, COMPARE_METRICS + DECL_DIGEST, text, sizeof(text));
        CU_ASSERT_STRING_EQUAL(text, "equal PASS (equality)");
        end_case(&vc);
        gate_baseline_destroy(b);
}

static void test_checklist_declared_performance(void)
{
        /* tick_ms 1.2 times the baseline's on every run: MONITOR, only that item */
        struct gate_baseline *b = valued(1, -1), *now = valued(1.2, -1);
        struct verify_case vc;
        run_decl(&vc, b, now, DECLARE_FOUR);
        not_ticked(&vc.v.item[GATE_CHECK_ITEMS + DECL_TICK], STATS_MONITOR,
                   "erlang 300: ratio 1.200 [1.200, 1.200] now / baseline: significantly more "
                   "than 5 % above the baseline (and 1 more)");
        for (int i = 0; i < vc.v.n_items; i++)
                if (i != GATE_CHECK_ITEMS + DECL_TICK)
                        CU_ASSERT_TRUE(vc.v.item[i].ticked);
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_MONITOR);
        CU_ASSERT_EQUAL(vc.v.exit_code, 3);
        CU_ASSERT_STRING_EQUAL(vc.v.reason, "not ticked: tick_ms within 5 % of the baseline");
        end_case(&vc);
        /* 1.02 times: within 5 % */
        struct gate_baseline *bit = valued(1.02, -1);
        run_decl(&vc, b, bit, DECLARE_FOUR);
        CU_ASSERT_TRUE(vc.v.item[GATE_CHECK_ITEMS + DECL_TICK].ticked);
        CU_ASSERT_PTR_NOT_NULL(
            strstr(vc.v.item[GATE_CHECK_ITEMS + DECL_TICK].detail, "ratio 1.020 [1.020, 1.020]"));
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_PASS);
        end_case(&vc);
        gate_baseline_destroy(bit);
        gate_baseline_destroy(b);
        gate_baseline_destroy(now);
}

static void test_checklist_declared_exact_and_secondary(void)
{
        /* alerts_total one higher at replication 4: a planned rollback naming
         * the seed and both values */
        struct gate_baseline *b = valued(1, -1), *now = valued(1, 4);
        struct verify_case vc;
        run_decl(&vc, b, now, DECLARE_FOUR);
        not_ticked(&vc.v.item[GATE_CHECK_ITEMS + DECL_ALERTS], STATS_PLANNED_ROLLBACK,
                   "erlang 300: differs from the baseline on 1 of 20 replications; first at "
                   "seed 5: baseline 0, now 1 (and 1 more)");
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_PLANNED_ROLLBACK);
        CU_ASSERT_EQUAL(vc.v.exit_code, 5);
        char text[256];
        gate_verify_load_text(vc.res, 0, COMPARE_METRICS + DECL_ALERTS, text, sizeof(text));
        CU_ASSERT_STRING_EQUAL(text, "differs on 1 of 20 PLANNED_ROLLBACK (equality)");
        end_case(&vc);
        /* the secondary queue differing only flags */
        add_values(now, 1, -1);
        now->loads[1].runs[7].value[3].hash ^= 1;
        run_decl(&vc, b, now, DECLARE_FOUR);
        not_ticked(&vc.v.item[GATE_CHECK_ITEMS + DECL_QUEUE], STATS_PASS,
                   "secondary, only flags: erlang 600: differs");
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_PASS);
        CU_ASSERT_EQUAL(vc.v.exit_code, 0);
        CU_ASSERT_STRING_EQUAL(vc.v.reason, "every deciding item ticked; INVESTIGATE: queue equal "
                                            "to the baseline (secondary)");
        end_case(&vc);
        gate_baseline_destroy(b);
        gate_baseline_destroy(now);
}

static void test_checklist_declared_missing_in_baseline(void)
{
        /* a baseline recorded without values (as every one before them): a
         * statistical metric cannot be judged, an exact one differs; never a
         * pass */
        struct gate_baseline *b = make(20, 0, 0, 1), *now = valued(1, -1);
        struct verify_case vc;
        run_decl(&vc, b, now, DECLARE_FOUR);
        not_ticked(&vc.v.item[GATE_CHECK_ITEMS + DECL_TICK], STATS_INCONCLUSIVE,
                   "not judged: the baseline has no value of tick_ms at erlang 300, seed 1");
        /* exact: a value on one side only is a difference (compare's rule) */
        not_ticked(&vc.v.item[GATE_CHECK_ITEMS + DECL_DIGEST], STATS_PLANNED_ROLLBACK,
                   "erlang 300: differs from the baseline on 20 of 20 replications; first at "
                   "seed 1: baseline missing, now \"d0\"");
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_PLANNED_ROLLBACK);
        CU_ASSERT_EQUAL(vc.v.exit_code, 5);
        end_case(&vc);
        /* and the path not reporting one */
        add_values(b, 1, -1);
        CU_ASSERT_EQUAL(gate_baseline_run_set_values(&now->loads[1].runs[3], NULL, 0), RG_OK);
        run_decl(&vc, b, now, DECLARE_FOUR);
        not_ticked(&vc.v.item[GATE_CHECK_ITEMS + DECL_TICK], STATS_INCONCLUSIVE,
                   "not judged: the path did not report tick_ms at erlang 600, seed 4");
        end_case(&vc);
        gate_baseline_destroy(b);
        gate_baseline_destroy(now);
}

static void test_checklist_declared_equivalence(void)
{
        /* tick_ms 1.2 times: +2.19 ms at erlang 300 (+2.39 at 600), beyond T1 1 ms,
         * below T2 5 ms */
        struct gate_baseline *b = valued(1, -1), *now = valued(1.2, -1);
        struct verify_case vc;
        run_decl(&vc, b, now, DECLARE_EQUIVALENCE);
        CU_ASSERT_EQUAL_FATAL(vc.v.n_items, GATE_CHECK_ITEMS + 1);
        const struct gate_check *tick = &vc.v.item[GATE_CHECK_ITEMS];
        CU_ASSERT_STRING_EQUAL(tick->label, "tick_ms equivalent to the baseline");
        not_ticked(tick, STATS_PLANNED_ROLLBACK, "erlang 300 tick_ms +2.190 ms [2.126, 2.254]");
        CU_ASSERT_PTR_NOT_NULL(strstr(tick->detail, "] beyond T1 1 ms (and 1 more)"));
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_PLANNED_ROLLBACK);
        char text[256];
        gate_verify_load_text(vc.res, 0, COMPARE_METRICS, text, sizeof(text));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "+2.190 ms [2.126, 2.254]"));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "] PLANNED_ROLLBACK (paired)"));
        end_case(&vc);
        /* the same values: within T1 */
        run_decl(&vc, b, b, DECLARE_EQUIVALENCE);
        CU_ASSERT_TRUE(vc.v.item[GATE_CHECK_ITEMS].ticked);
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_PASS);
        end_case(&vc);
        gate_baseline_destroy(b);
        gate_baseline_destroy(now);
}

static void test_checklist_declared_json(void)
{
        struct gate_baseline *b = valued(1, -1), *now = valued(1.2, -1);
        struct verify_case vc;
        run_decl(&vc, b, now, DECLARE_FOUR);
        char *t = checklist_json(&vc, "exec:x");
        CU_ASSERT_PTR_NOT_NULL(
            strstr(t, "\"item\":\t\"metric\",\n\t\t\t\"metric\":\t\"tick_ms\",\n"
                      "\t\t\t\"kind\":\t\"performance\",\n\t\t\t\"primary\":\ttrue"));
        CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"metric\":\t\"queue\",\n\t\t\t\"kind\":\t\"exact\",\n"
                                         "\t\t\t\"primary\":\tfalse"));
        CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"metrics\":\t{\n\t\t\t\t\"tick_ms\":\t{\n"
                                         "\t\t\t\t\t\"kind\":\t\"performance\",\n"
                                         "\t\t\t\t\t\"basis\":\t\"ratio\",\n"
                                         "\t\t\t\t\t\"verdict\":\t\"MONITOR\",\n"
                                         "\t\t\t\t\t\"ratio\":\t1.2"));
        CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"significantly_worse\":\ttrue"));
        CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"differing\":\t0"));
        CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"verdict\":\t\"MONITOR\",\n\t\"exit_code\":\t3"));
        free(t);
        end_case(&vc);
        gate_baseline_destroy(b);
        gate_baseline_destroy(now);
}

static void test_baseline_from_result_keeps_values(void)
{
        /* a comparison whose role 1 replays a baseline with values: the
         * baseline made from it keeps every run's values, and its JSON is the
         * original's runs */
        struct gate_baseline *b = make(4, 0, 0, 1);
        add_values(b, 1.1, 2);
        CU_ASSERT_EQUAL(
            gate_baseline_run_set_values(&b->loads[1].runs[3], b->loads[1].runs[3].value, 2),
            RG_OK); /* fewer values on one run */
        struct verify_case vc;
        run_decl(&vc, b, b, DECLARE_NONE);
        struct gate_baseline *rec = NULL;
        CU_ASSERT_EQUAL_FATAL(gate_baseline_create(2, 4, &rec), RG_OK);
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL_FATAL(gate_baseline_from_result(rec, vc.res, 1, &eb), RG_OK);
        same_values(b, rec);
        CU_ASSERT_EQUAL(rec->loads[1].runs[3].n_values, 2);
        CU_ASSERT_EQUAL(rec->loads[0].runs[2].value[1].number, 3.0); /* 2 % 4 + 1 */
        /* the role-0 side replays the same: its baseline is equal too */
        struct gate_baseline *rec0 = NULL;
        CU_ASSERT_EQUAL_FATAL(gate_baseline_create(2, 4, &rec0), RG_OK);
        CU_ASSERT_EQUAL_FATAL(gate_baseline_from_result(rec0, vc.res, 0, &eb), RG_OK);
        char *one = to_json(rec), *zero = to_json(rec0);
        CU_ASSERT_STRING_EQUAL(one, zero);
        CU_ASSERT_PTR_NOT_NULL(strstr(one, "\"metrics\":\t{"));
        free(one);
        free(zero);
        gate_baseline_destroy(rec0);
        gate_baseline_destroy(rec);
        end_case(&vc);
        gate_baseline_destroy(b);
}

static void test_checklist_small_difference_passes(void)
{
        /* +2 blocked of 2000 on every seed, +-1 noise: +0.1 pp, far inside T1 2 pp */
        struct gate_baseline *b = make(20, 0, 0, 1), *now = make(20, 2, 1, 1);
        struct verify_case vc;
        run_case(&vc, b, now);
        CU_ASSERT_TRUE(vc.v.item[GATE_CHECK_BLOCKING].ticked);
        CU_ASSERT_PTR_NOT_NULL(strstr(vc.v.item[GATE_CHECK_BLOCKING].detail, "within T1 2 pp"));
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_PASS);
        end_case(&vc);
        gate_baseline_destroy(b);
        gate_baseline_destroy(now);
}

static void test_checklist_blocking_difference_fails(void)
{
        /* +80 blocked of 2000 on every seed (+-1): +4 pp, beyond T1 2 pp, below T2 10 pp */
        struct gate_baseline *b = make(20, 0, 0, 1), *now = make(20, 80, 1, 1);
        struct verify_case vc;
        run_case(&vc, b, now);
        CU_ASSERT_TRUE(vc.v.item[GATE_CHECK_CLEAN].ticked);
        CU_ASSERT_FALSE(vc.v.item[GATE_CHECK_BLOCKING].ticked);
        CU_ASSERT_TRUE(vc.v.item[GATE_CHECK_RUNTIME].ticked);
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_PLANNED_ROLLBACK);
        CU_ASSERT_EQUAL(vc.v.exit_code, 5);
        CU_ASSERT_PTR_NOT_NULL(
            strstr(vc.v.item[GATE_CHECK_BLOCKING].detail, "erlang 300 BP +4.000 pp ["));
        CU_ASSERT_PTR_NOT_NULL(strstr(vc.v.item[GATE_CHECK_BLOCKING].detail, "beyond T1 2 pp"));
        CU_ASSERT_EQUAL(vc.v.not_passing, 4);
        end_case(&vc);
        /* +240 of 2000: +12 pp, from T2 10 pp an emergency */
        struct gate_baseline *far = make(20, 240, 1, 1);
        run_case(&vc, b, far);
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_EMERGENCY_ROLLBACK);
        CU_ASSERT_PTR_NOT_NULL(strstr(vc.v.item[GATE_CHECK_BLOCKING].detail, "T2 10 pp"));
        end_case(&vc);
        gate_baseline_destroy(far);
        gate_baseline_destroy(b);
        gate_baseline_destroy(now);
}

static void test_checklist_not_shown_equivalent(void)
{
        /* +40 of 2000 (+2 pp, exactly T1 on average) with +-30 noise: the
         * interval straddles T1 */
        struct gate_baseline *b = make(20, 0, 0, 1), *now = make(20, 40, 30, 1);
        struct verify_case vc;
        run_case(&vc, b, now);
        CU_ASSERT_FALSE(vc.v.item[GATE_CHECK_BLOCKING].ticked);
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_INCONCLUSIVE);
        CU_ASSERT_EQUAL(vc.v.exit_code, 4);
        CU_ASSERT_PTR_NOT_NULL(
            strstr(vc.v.item[GATE_CHECK_BLOCKING].detail, "not shown equivalent"));
        end_case(&vc);
        gate_baseline_destroy(b);
        gate_baseline_destroy(now);
}

static void test_checklist_slower_is_monitor_only(void)
{
        /* every run 1.3 times as long, blocking the same: only item 3 fails */
        struct gate_baseline *b = make(20, 0, 0, 1), *now = make(20, 0, 0, 1.3);
        struct verify_case vc;
        run_case(&vc, b, now);
        CU_ASSERT_TRUE(vc.v.item[GATE_CHECK_CLEAN].ticked);
        CU_ASSERT_TRUE(vc.v.item[GATE_CHECK_BLOCKING].ticked);
        CU_ASSERT_FALSE(vc.v.item[GATE_CHECK_RUNTIME].ticked);
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_MONITOR);
        CU_ASSERT_EQUAL(vc.v.exit_code, 3);
        CU_ASSERT_DOUBLE_EQUAL(vc.v.perf.ratio, 1.3, 1e-9);
        CU_ASSERT_PTR_NOT_NULL(strstr(vc.v.item[GATE_CHECK_RUNTIME].detail, "ratio 1.300"));
        end_case(&vc);
        /* 1.04 times: within 5 % */
        struct gate_baseline *bit = make(20, 0, 0, 1.04);
        run_case(&vc, b, bit);
        CU_ASSERT_TRUE(vc.v.item[GATE_CHECK_RUNTIME].ticked);
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_PASS);
        end_case(&vc);
        /* faster is fine */
        struct gate_baseline *fast = make(20, 0, 0, 0.5);
        run_case(&vc, b, fast);
        CU_ASSERT_TRUE(vc.v.item[GATE_CHECK_RUNTIME].ticked);
        end_case(&vc);
        gate_baseline_destroy(fast);
        gate_baseline_destroy(bit);
        gate_baseline_destroy(b);
        gate_baseline_destroy(now);
}

static void test_checklist_other_clock_not_judged(void)
{
        struct gate_baseline *b = make(20, 0, 0, 1), *now = make(20, 0, 0, 1);
        now->clock = BACKEND_CLOCK_CHILD_CPU;
        struct verify_case vc;
        run_case(&vc, b, now);
        CU_ASSERT_FALSE(vc.v.item[GATE_CHECK_RUNTIME].ticked);
        CU_ASSERT_FALSE(vc.v.perf_judged);
        CU_ASSERT_PTR_NOT_NULL(strstr(vc.v.item[GATE_CHECK_RUNTIME].detail, "not judged"));
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_MONITOR);
        end_case(&vc);
        gate_baseline_destroy(b);
        gate_baseline_destroy(now);
}

static void test_checklist_failed_run_is_emergency(void)
{
        /* the "now" replay lacks seed 3 at erlang 600: that run fails */
        struct gate_baseline *b = make(20, 0, 0, 1), *now = make(20, 0, 0, 1);
        now->loads[1].runs[2].seed = 999;
        struct verify_case vc;
        run_case(&vc, b, now);
        CU_ASSERT_FALSE(vc.v.item[GATE_CHECK_CLEAN].ticked);
        CU_ASSERT_EQUAL(vc.v.failed, 1);
        CU_ASSERT_PTR_NOT_NULL(strstr(vc.v.item[GATE_CHECK_CLEAN].detail,
                                      "1 of 40 runs failed; first at erlang 600, seed 3"));
        CU_ASSERT_FALSE(vc.v.item[GATE_CHECK_BLOCKING].ticked);
        CU_ASSERT_PTR_NOT_NULL(
            strstr(vc.v.item[GATE_CHECK_BLOCKING].detail, "not judged at erlang 600"));
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_EMERGENCY_ROLLBACK);
        CU_ASSERT_EQUAL(vc.v.exit_code, 6);
        end_case(&vc);
        /* the baseline lacking a run is the harness's problem, not the path's */
        b->loads[0].runs[0].seed = 999;
        now->loads[1].runs[2].seed = 3;
        run_case(&vc, b, now);
        CU_ASSERT_EQUAL(vc.v.verdict, STATS_HARNESS_ERROR);
        CU_ASSERT_EQUAL(vc.v.exit_code, 7);
        end_case(&vc);
        gate_baseline_destroy(b);
        gate_baseline_destroy(now);
}

static void test_checklist_json(void)
{
        struct gate_baseline *b = make(20, 0, 0, 1), *now = make(20, 80, 1, 1);
        struct verify_case vc;
        run_case(&vc, b, now);
        char *t = checklist_json(&vc, "builtin:legacy");
        CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"schema\":\t\"rollgate-verify\""));
        CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"item\":\t\"blocking_equivalent\""));
        CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"verdict\":\t\"PLANNED_ROLLBACK\""));
        CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"exit_code\":\t5"));
        CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"deviation\":\t4,"));
        free(t);
        end_case(&vc);
        gate_baseline_destroy(b);
        gate_baseline_destroy(now);
}

TEST_MAIN("baseline", TEST(test_round_trip_exact), TEST(test_refusals_name_the_key),
          TEST(test_values_round_trip), TEST(test_values_kept_as_the_json_says),
          TEST(test_version1_still_read), TEST(test_bad_values_name_the_key),
          TEST(test_replay_fills_values), TEST(test_baseline_from_result_keeps_values),
          TEST(test_hash), TEST(test_checklist_same_runs_pass),
          TEST(test_checklist_declared_same_values_pass), TEST(test_checklist_declared_performance),
          TEST(test_checklist_declared_exact_and_secondary),
          TEST(test_checklist_declared_missing_in_baseline),
          TEST(test_checklist_declared_equivalence), TEST(test_checklist_declared_json),
          TEST(test_checklist_small_difference_passes),
          TEST(test_checklist_blocking_difference_fails), TEST(test_checklist_not_shown_equivalent),
          TEST(test_checklist_slower_is_monitor_only), TEST(test_checklist_other_clock_not_judged),
          TEST(test_checklist_failed_run_is_emergency), TEST(test_checklist_json))
