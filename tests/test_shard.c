/* compare/shard.c: the slices of a matrix, a shard file written and read
 * back field for field, the reader's refusals, the checks of a merge and
 * its execution, and a pair's text (what an MPI rank sends).  Comparisons
 * are planned with two hand-made backends and their pairs filled in
 * directly. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/file.h"
#include "../common/hash.h"
#include "../compare/compare.h"
#include "../compare/shard.h"
#include "testutil.h"

/* ---- a planned comparison with hand-made backends ---- */

static const struct backend_ops test_ops = {.kind = "test"};
static struct backend backends[2];
static struct compare_config cfg;

static void config(void)
{
        memset(&cfg, 0, sizeof(cfg));
        memset(backends, 0, sizeof(backends));
        stats_policy_default(&cfg.policy);
        cfg.threads = 1;
        for (int i = 0; i < 2; i++) {
                backends[i].ops = &test_ops;
                snprintf(backends[i].name, sizeof(backends[i].name), "test:%s",
                         i ? "orchestrator" : "legacy");
                /* two lines: the fingerprint text continues the second */
                snprintf(backends[i].identity, sizeof(backends[i].identity), "test\nrole=%d", i);
                cfg.backend[i] = &backends[i];
        }
}

static struct compare_result *plan(const double *loads, int n_loads, int n_reps)
{
        uint32_t seeds[64];
        CU_ASSERT_FATAL(n_reps <= 64);
        for (int i = 0; i < n_reps; i++)
                seeds[i] = (uint32_t)(1 + i);
        struct compare_inputs in = {.requests = 1000, .holding_time = 1.0};
        snprintf(in.topology, sizeof(in.topology), "none");
        struct compare_result *r = NULL;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL_FATAL(compare_plan(&in, &cfg, loads, n_loads, seeds, n_reps, &r, &eb),
                              RG_OK);
        return r;
}

static double cost(const struct compare_result *r, int j)
{
        return r->loads[r->pairs[j].load] + 1.0; /* as compare_shard_slice weighs a pair */
}

/* ---- slices ---- */

/* Every pair in exactly one slice, each in matrix order, the same slices
 * on a second call, and each slice's cost within the largest pair's cost
 * of the mean (greedy assignment to the least loaded slice keeps the
 * spread between slices below one pair's cost). */
static void check_slices(const double *loads, int n_loads, int n_reps, int count)
{
        config();
        struct compare_result *r = plan(loads, n_loads, n_reps);
        const int n_all = n_loads * n_reps;
        int *slice = malloc((size_t)n_all * sizeof(int));
        int *again = malloc((size_t)n_all * sizeof(int));
        int *seen = calloc((size_t)n_all, sizeof(int));
        CU_ASSERT_FATAL(slice && again && seen);
        double total = 0, biggest = 0;
        for (int j = 0; j < n_all; j++) {
                total += cost(r, j);
                biggest = fmax(biggest, cost(r, j));
        }
        const double mean = total / count;
        int n_sum = 0;
        for (int s = 0; s < count; s++) {
                int n = compare_shard_slice(r, s, count, slice);
                CU_ASSERT_FATAL(n >= 0 && n <= n_all);
                CU_ASSERT_EQUAL(compare_shard_slice(r, s, count, again), n);
                CU_ASSERT_EQUAL(memcmp(slice, again, (size_t)n * sizeof(int)), 0);
                double c = 0;
                for (int k = 0; k < n; k++) {
                        CU_ASSERT_FATAL(slice[k] >= 0 && slice[k] < n_all);
                        if (k > 0)
                                CU_ASSERT(slice[k] > slice[k - 1]);
                        seen[slice[k]]++;
                        c += cost(r, slice[k]);
                }
                CU_ASSERT(fabs(c - mean) <= biggest + 1e-9);
                n_sum += n;
        }
        CU_ASSERT_EQUAL(n_sum, n_all);
        for (int j = 0; j < n_all; j++)
                CU_ASSERT_EQUAL(seen[j], 1);
        free(slice);
        free(again);
        free(seen);
        compare_result_destroy(r);
}

static void test_slices_partition(void)
{
        static const double four[] = {300, 400, 500, 600};
        static const double uneven[] = {50, 1000, 200, 0, 999};
        static const double one[] = {600};
        static const double zero[] = {0, 0};
        const int counts[] = {1, 2, 3, 4, 7, 13, 40};
        for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
                check_slices(four, 4, 10, counts[i]);
                check_slices(uneven, 5, 7, counts[i]);
                check_slices(one, 1, 5, counts[i]);
                /* a load of 0 still costs: the pairs do not pile onto slice 0 */
                check_slices(zero, 2, 6, counts[i]);
        }
        check_slices(four, 4, 16, 100);
        check_slices(one, 1, 2, COMPARE_MAX_SHARDS);
}

/*
 * Loads 300 and 600, 3 replications, 2 slices, by hand: costs 601 (pairs
 * 3, 4, 5) then 301 (0, 1, 2), each to the slice with the least cost so far
 * (the lowest index on ties):
 *   3 -> 0 (601), 4 -> 1 (601), 5 -> 0 (1202), 0 -> 1 (902), 1 -> 1 (1203),
 *   2 -> 0 (1503)
 * so slice 0 is {2, 3, 5} and slice 1 {0, 1, 4}.
 */
static void test_slices_by_hand(void)
{
        static const double loads[] = {300, 600};
        config();
        struct compare_result *r = plan(loads, 2, 3);
        int s[6];
        CU_ASSERT_EQUAL_FATAL(compare_shard_slice(r, 0, 2, s), 3);
        CU_ASSERT(s[0] == 2 && s[1] == 3 && s[2] == 5);
        CU_ASSERT_EQUAL_FATAL(compare_shard_slice(r, 1, 2, s), 3);
        CU_ASSERT(s[0] == 0 && s[1] == 1 && s[2] == 4);
        compare_result_destroy(r);
}

/* The costliest pairs, dealt first, each go to a slice of their own. */
static void test_slices_costliest_apart(void)
{
        static const double loads[] = {100, 900, 200};
        config();
        struct compare_result *r = plan(loads, 3, 3); /* pairs 3, 4, 5 at 900 */
        for (int count = 2; count <= 3; count++) {
                int heavy_in[3] = {0};
                for (int s = 0; s < count; s++) {
                        int out[9];
                        int n = compare_shard_slice(r, s, count, out);
                        for (int k = 0; k < n; k++)
                                if (r->loads[r->pairs[out[k]].load] == 900)
                                        heavy_in[s]++;
                }
                /* over 2 slices: 2 and 1, never 3 and 0 */
                bool apart = count == 3 ? heavy_in[0] == 1 && heavy_in[1] == 1 && heavy_in[2] == 1
                                        : heavy_in[0] == 2 && heavy_in[1] == 1;
                CU_ASSERT_TRUE(apart);
        }
        /* the first three in cost order (ties by matrix order) go to
         * slices 0, 1, 2 */
        int out[9];
        for (int s = 0; s < 3; s++) {
                int n = compare_shard_slice(r, s, 3, out);
                bool has = false;
                for (int k = 0; k < n; k++)
                        has |= out[k] == 3 + s;
                CU_ASSERT_TRUE(has);
        }
        compare_result_destroy(r);
}

/* More slices than pairs: one pair each in the first slices, the rest
 * empty; bad index or count: nothing. */
static void test_slices_empty_and_bad(void)
{
        static const double loads[] = {300, 600};
        config();
        struct compare_result *r = plan(loads, 2, 2);
        int out[4];
        for (int s = 0; s < 10; s++) {
                int n = compare_shard_slice(r, s, 10, out);
                CU_ASSERT_EQUAL(n, s < 4 ? 1 : 0);
        }
        /* the 600 pairs first: slices 0 and 1, then the 300 pairs */
        CU_ASSERT(compare_shard_slice(r, 0, 10, out) == 1 && out[0] == 2);
        CU_ASSERT(compare_shard_slice(r, 3, 10, out) == 1 && out[0] == 1);
        CU_ASSERT_EQUAL(compare_shard_slice(r, -1, 3, out), 0);
        CU_ASSERT_EQUAL(compare_shard_slice(r, 3, 3, out), 0);
        CU_ASSERT_EQUAL(compare_shard_slice(r, 0, 0, out), 0);
        CU_ASSERT_EQUAL(compare_shard_slice(r, 0, -2, out), 0);
        compare_result_destroy(r);
}

static void test_file_name(void)
{
        char name[64];
        compare_shard_file_name(3, 12, name, sizeof(name));
        CU_ASSERT_STRING_EQUAL(name, "rollgate-shard-3-of-12.json");
        compare_shard_file_name(0, 1, name, sizeof(name));
        CU_ASSERT_STRING_EQUAL(name, "rollgate-shard-0-of-1.json");
}

/* ---- a filled comparison ---- */

static void value_number(struct backend_result *run, const char *name, double v)
{
        struct backend_value *x = &run->value[run->n_values++];
        snprintf(x->name, sizeof(x->name), "%s", name);
        x->type = BACKEND_VALUE_NUMBER;
        x->number = v;
}

static void value_text(struct backend_result *run, const char *name, enum backend_value_type type,
                       const char *text, uint32_t count)
{
        struct backend_value *x = &run->value[run->n_values++];
        snprintf(x->name, sizeof(x->name), "%s", name);
        x->type = type;
        x->count = count;
        x->hash = rg_fnv1a64(RG_FNV1A64_BASIS, text, strlen(text));
        snprintf(x->text, sizeof(x->text), "%s", text);
}

/* Pair j's runs: figures that depend on j and the role, every field of a
 * backend_result used somewhere; pair 1 failed on the orchestrator, pair
 * 4 a harness error, NaN and infinite timings. */
static void fill(struct compare_result *r)
{
        for (int j = 0; j < r->n_loads * r->n_reps; j++) {
                struct compare_pair *pr = &r->pairs[j];
                pr->ran = true;
                pr->gen_seconds[0] = j % 3 ? 0.001 * j : NAN;
                pr->gen_seconds[1] = pr->gen_seconds[0];
                for (int role = 0; role < 2; role++) {
                        struct backend_result *b = &pr->run[role];
                        b->status = RG_OK;
                        b->requests = 1000;
                        b->blocked = (uint32_t)(10 * j + role);
                        b->has = BACKEND_HAS_GBPS | BACKEND_HAS_BBP | BACKEND_HAS_REASONS |
                                 BACKEND_HAS_MODS | BACKEND_HAS_HOPS | BACKEND_HAS_LENGTH |
                                 BACKEND_HAS_PATH_INDEX | BACKEND_HAS_CORES | BACKEND_HAS_TRACE;
                        b->requested_gbps = 100000.5;
                        b->blocked_gbps = 1000.0 / 3.0 * (j + 1);
                        b->bbp = b->blocked_gbps / b->requested_gbps;
                        b->blocked_by[SIM_BLOCK_DISTANCE] = b->blocked / 2;
                        b->blocked_by[SIM_BLOCK_CONGESTION] = b->blocked - b->blocked / 2;
                        b->hops_mean = 2.0 + 0.1 * j;
                        b->length_mean_km = 1234.5678 + role;
                        b->n_mods = 2;
                        snprintf(b->mod_names[0], sizeof(b->mod_names[0]), "QPSK");
                        snprintf(b->mod_names[1], sizeof(b->mod_names[1]), "16-QAM");
                        b->mod_count[0] = 600;
                        b->mod_count[1] = 1000 - 600 - b->blocked;
                        b->n_path_index = 3;
                        for (int k = 0; k < 3; k++)
                                b->path_index[k] = (uint32_t)(100 * k + j);
                        b->n_cores = 1;
                        b->core_usage[0] = 1000 - b->blocked;
                        b->trace_hash = 0xfedcba9876543210ull ^ (uint64_t)j;
                        value_number(b, "tick_ms", 10.25 + j);
                        value_text(b, "digest", BACKEND_VALUE_STRING, "d-\"quoted\"", 10);
                        value_text(b, "queue", BACKEND_VALUE_LIST, "[1, 2.5]", 2);
                        b->run_seconds = j == 2 ? NAN : 0.0125 * (j + 1) + role;
                        b->wall_seconds = j == 3 ? INFINITY : 0.5;
                        b->clock = role ? BACKEND_CLOCK_CHILD_CPU : BACKEND_CLOCK_WALL;
                        b->reused = j % 2 == 1;
                }
        }
        struct backend_result *bad = &r->pairs[1].run[1];
        bad->status = RG_PATHFAIL;
        snprintf(bad->error, sizeof(bad->error), "exit status 1: \"boom\"\nlast line");
        bad->has |= BACKEND_HAS_FAIL_REQUEST;
        bad->fail_request = 77;
        if (r->n_loads * r->n_reps > 4) {
                r->pairs[4].harness_rc = RG_NOMEM;
                snprintf(r->pairs[4].harness_error, sizeof(r->pairs[4].harness_error),
                         "out of memory for the worker");
        }
        r->threads_used = 3;
        r->wall_seconds = 12.5;
        r->started = 1700000000;
        r->finished = 1700000012;
        r->runs_executed = 5;
        r->runs_reused = 7;
}

static bool same_double(double a, double b)
{
        return (isnan(a) && isnan(b)) || (a == b && signbit(a) == signbit(b));
}

static bool same_value(const struct backend_value *a, const struct backend_value *b)
{
        return strcmp(a->name, b->name) == 0 && a->type == b->type &&
               same_double(a->number, b->number) && a->count == b->count && a->hash == b->hash &&
               a->cut == b->cut && strcmp(a->text, b->text) == 0;
}

static bool same_run(const struct backend_result *a, const struct backend_result *b)
{
        bool same = a->status == b->status && strcmp(a->error, b->error) == 0 && a->has == b->has &&
                    a->requests == b->requests && a->blocked == b->blocked &&
                    same_double(a->requested_gbps, b->requested_gbps) &&
                    same_double(a->blocked_gbps, b->blocked_gbps) && same_double(a->bbp, b->bbp) &&
                    memcmp(a->blocked_by, b->blocked_by, sizeof(a->blocked_by)) == 0 &&
                    same_double(a->hops_mean, b->hops_mean) &&
                    same_double(a->length_mean_km, b->length_mean_km) && a->n_mods == b->n_mods &&
                    a->n_path_index == b->n_path_index && a->n_cores == b->n_cores &&
                    a->trace_hash == b->trace_hash && a->fail_request == b->fail_request &&
                    a->n_values == b->n_values && same_double(a->run_seconds, b->run_seconds) &&
                    a->clock == b->clock && same_double(a->wall_seconds, b->wall_seconds) &&
                    a->reused == b->reused;
        for (int i = 0; same && i < a->n_mods; i++)
                same = strcmp(a->mod_names[i], b->mod_names[i]) == 0 &&
                       a->mod_count[i] == b->mod_count[i];
        for (int i = 0; same && i < a->n_path_index; i++)
                same = a->path_index[i] == b->path_index[i];
        for (int i = 0; same && i < a->n_cores; i++)
                same = a->core_usage[i] == b->core_usage[i];
        for (int i = 0; same && i < a->n_values; i++)
                same = same_value(&a->value[i], &b->value[i]);
        return same;
}

static bool same_pair(const struct compare_pair *a, const struct compare_pair *b)
{
        return a->seed[0] == b->seed[0] && a->seed[1] == b->seed[1] &&
               same_double(a->gen_seconds[0], b->gen_seconds[0]) &&
               same_double(a->gen_seconds[1], b->gen_seconds[1]) &&
               a->harness_rc == b->harness_rc && strcmp(a->harness_error, b->harness_error) == 0 &&
               same_run(&a->run[0], &b->run[0]) && same_run(&a->run[1], &b->run[1]);
}

static const double two_loads[] = {300, 600};
#define REPS 4
#define EXTRA "version: test\nproject: p\n"

static char tmp_dir[] = "/tmp/rollgate-test-shard-XXXXXX";

/* Shard `index` of `count` of r written to a file; its text (heap) and
 * the configuration it was written with (heap) returned. */
static char *written(const struct compare_result *r, int index, int count, char **conf)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL_FATAL(compare_fingerprint_text(r, NULL, EXTRA, conf, &eb), RG_OK);
        int slice[64];
        int n = compare_shard_slice(r, index, count, slice);
        CU_ASSERT_FATAL(n >= 0);
        char path[128], name[64];
        compare_shard_file_name(index, count, name, sizeof(name));
        snprintf(path, sizeof(path), "%s/%s", tmp_dir, name);
        char *argv[] = {"--requests", "1000", "--erlang", "300,600", "--label", "a b\"c", NULL};
        int rc =
            compare_shard_write(r, index, count, slice, n, *conf, 6, argv, "9.9-test", path, &eb);
        if (rc != RG_OK)
                fprintf(stderr, "write: %s\n", eb.msg);
        CU_ASSERT_EQUAL_FATAL(rc, RG_OK);
        char *text = NULL;
        size_t len = 0;
        CU_ASSERT_EQUAL_FATAL(rg_file_read(path, &text, &len, &eb), RG_OK);
        CU_ASSERT_EQUAL(strlen(text), len);
        return text;
}

static struct compare_result *filled(void)
{
        config();
        struct compare_result *r = plan(two_loads, 2, REPS);
        fill(r);
        return r;
}

static void test_round_trip(void)
{
        struct compare_result *r = filled();
        char *conf = NULL;
        char *text = written(r, 1, 3, &conf);
        struct compare_shard_file f;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        int rc = compare_shard_read(text, strlen(text), "s.json", &f, &eb);
        if (rc != RG_OK)
                fprintf(stderr, "read: %s\n", eb.msg);
        CU_ASSERT_EQUAL_FATAL(rc, RG_OK);
        CU_ASSERT_EQUAL(f.index, 1);
        CU_ASSERT_EQUAL(f.count, 3);
        CU_ASSERT_STRING_EQUAL(f.version, "9.9-test");
        CU_ASSERT_STRING_EQUAL(f.configuration, conf);
        CU_ASSERT_EQUAL(f.fingerprint, compare_fingerprint(conf));
        CU_ASSERT_EQUAL_FATAL(f.argc, 6);
        CU_ASSERT_STRING_EQUAL(f.argv[3], "300,600");
        CU_ASSERT_STRING_EQUAL(f.argv[5], "a b\"c");
        CU_ASSERT_PTR_NULL(f.argv[6]);
        char cwd[4096];
        CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof(cwd)));
        CU_ASSERT_STRING_EQUAL(f.cwd, cwd);
        char host[COMPARE_HOST_NAME];
        compare_host_name(host, sizeof(host));
        CU_ASSERT_STRING_EQUAL(f.timing.host, host);
        CU_ASSERT_EQUAL(f.timing.index, 1);
        CU_ASSERT_EQUAL(f.timing.count, 3);
        CU_ASSERT_EQUAL(f.timing.threads, 3);
        CU_ASSERT_EQUAL(f.timing.wall_seconds, 12.5);
        CU_ASSERT_EQUAL(f.timing.started, 1700000000);
        CU_ASSERT_EQUAL(f.timing.finished, 1700000012);
        CU_ASSERT_EQUAL(f.timing.runs_executed, 5);
        CU_ASSERT_EQUAL(f.timing.runs_reused, 7);
        int slice[8];
        int n = compare_shard_slice(r, 1, 3, slice);
        CU_ASSERT_EQUAL_FATAL(f.n_pairs, n);
        /* (the comparison tells pairs apart, down to a NaN or a value's text) */
        CU_ASSERT_FALSE(same_pair(&r->pairs[0], &r->pairs[3]));
        struct compare_pair other = r->pairs[0];
        other.run[1].value[1].text[0] ^= 1;
        CU_ASSERT_FALSE(same_pair(&other, &r->pairs[0]));
        other = r->pairs[0];
        other.gen_seconds[1] = 0;
        CU_ASSERT_FALSE(same_pair(&other, &r->pairs[0]));
        CU_ASSERT(n >= 2);
        for (int k = 0; k < n; k++) {
                CU_ASSERT_EQUAL(f.pair[k], slice[k]);
                CU_ASSERT_TRUE(f.pairs[k].ran);
                CU_ASSERT_TRUE(same_pair(&f.pairs[k], &r->pairs[slice[k]]));
        }
        compare_shard_file_free(&f);
        CU_ASSERT_PTR_NULL(f.configuration);
        CU_ASSERT_EQUAL(f.n_pairs, 0);
        compare_shard_file_free(&f); /* emptied: freeing again is harmless */
        compare_shard_file_free(NULL);
        free(text);
        free(conf);
        compare_result_destroy(r);
}

/* Every pair of the matrix once across the slices, through the files: the
 * failed run, the harness error, the NaN timings each come back. */
static void test_round_trip_every_pair(void)
{
        struct compare_result *r = filled();
        int seen = 0;
        for (int s = 0; s < 2; s++) {
                char *conf = NULL;
                char *text = written(r, s, 2, &conf);
                struct compare_shard_file f;
                struct rg_errbuf eb;
                rg_errbuf_init(&eb);
                CU_ASSERT_EQUAL_FATAL(compare_shard_read(text, strlen(text), "s", &f, &eb), RG_OK);
                for (int k = 0; k < f.n_pairs; k++) {
                        const struct compare_pair *pr = &f.pairs[k];
                        CU_ASSERT_TRUE(same_pair(pr, &r->pairs[f.pair[k]]));
                        if (f.pair[k] == 1) {
                                CU_ASSERT_EQUAL(pr->run[1].status, RG_PATHFAIL);
                                CU_ASSERT_EQUAL(pr->run[1].fail_request, 77);
                                CU_ASSERT_STRING_EQUAL(pr->run[1].error,
                                                       "exit status 1: \"boom\"\nlast line");
                        }
                        if (f.pair[k] == 4) {
                                CU_ASSERT_EQUAL(pr->harness_rc, RG_NOMEM);
                                CU_ASSERT_STRING_EQUAL(pr->harness_error,
                                                       "out of memory for the worker");
                        }
                        if (f.pair[k] == 2)
                                CU_ASSERT(isnan(pr->run[0].run_seconds));
                        if (f.pair[k] == 3)
                                CU_ASSERT(isinf(pr->run[1].wall_seconds));
                        if (f.pair[k] == 0)
                                CU_ASSERT(isnan(pr->gen_seconds[0]));
                        seen++;
                }
                compare_shard_file_free(&f);
                free(text);
                free(conf);
        }
        CU_ASSERT_EQUAL(seen, 2 * REPS);
        compare_result_destroy(r);
}

/* ---- the reader's refusals ---- */

/* The file text of shard 0/2 edited by `edit` on its cJSON tree, read:
 * must be refused with RG_PARSE and a message holding `want`. */
static void refused(void (*edit)(cJSON *o), const char *want)
{
        struct compare_result *r = filled();
        char *conf = NULL;
        char *text = written(r, 0, 2, &conf);
        cJSON *o = cJSON_Parse(text);
        CU_ASSERT_PTR_NOT_NULL_FATAL(o);
        edit(o);
        char *bad = cJSON_PrintUnformatted(o);
        CU_ASSERT_PTR_NOT_NULL_FATAL(bad);
        struct compare_shard_file f;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        int rc = compare_shard_read(bad, strlen(bad), "s.json", &f, &eb);
        CU_ASSERT_EQUAL(rc, RG_PARSE);
        if (strstr(eb.msg, want) == NULL)
                fprintf(stderr, "\n  wanted '%s' in '%s'\n", want, eb.msg);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, want));
        CU_ASSERT_PTR_NULL(strchr(eb.msg, '\n'));
        /* a refused file leaves nothing behind */
        CU_ASSERT_PTR_NULL(f.configuration);
        CU_ASSERT_PTR_NULL(f.pairs);
        CU_ASSERT_PTR_NULL(f.argv);
        CU_ASSERT_EQUAL(f.n_pairs, 0);
        free(bad);
        cJSON_Delete(o);
        free(text);
        free(conf);
        compare_result_destroy(r);
}

static void set(cJSON *o, const char *key, cJSON *v)
{
        CU_ASSERT_FATAL(cJSON_ReplaceItemInObjectCaseSensitive(o, key, v));
}

static cJSON *pairs_of(cJSON *o)
{
        return cJSON_GetObjectItemCaseSensitive(o, "pairs");
}

static void format_2(cJSON *o)
{
        set(o, "rollgate_shard", cJSON_CreateNumber(2));
}
static void format_text(cJSON *o)
{
        set(o, "rollgate_shard", cJSON_CreateString("1"));
}
static void no_format(cJSON *o)
{
        cJSON_DeleteItemFromObjectCaseSensitive(o, "rollgate_shard");
}
static void index_at_count(cJSON *o)
{
        set(cJSON_GetObjectItemCaseSensitive(o, "shard"), "index", cJSON_CreateNumber(2));
}
static void count_0(cJSON *o)
{
        set(cJSON_GetObjectItemCaseSensitive(o, "shard"), "count", cJSON_CreateNumber(0));
}
static void index_half(cJSON *o)
{
        set(cJSON_GetObjectItemCaseSensitive(o, "shard"), "index", cJSON_CreateNumber(0.5));
}
static void configuration_edited(cJSON *o)
{
        const char *c = cJSON_GetObjectItemCaseSensitive(o, "configuration")->valuestring;
        char *edited = malloc(strlen(c) + 2);
        CU_ASSERT_PTR_NOT_NULL_FATAL(edited);
        sprintf(edited, "%s\n", c);
        set(o, "configuration", cJSON_CreateString(edited));
        free(edited);
}
static void fingerprint_short(cJSON *o)
{
        set(o, "fingerprint", cJSON_CreateString("0123456789abcde"));
}
static void fingerprint_not_hex(cJSON *o)
{
        set(o, "fingerprint", cJSON_CreateString("0123456789abcdeg"));
}
static void fingerprint_other(cJSON *o)
{
        const char *h = cJSON_GetObjectItemCaseSensitive(o, "fingerprint")->valuestring;
        char other[17];
        snprintf(other, sizeof(other), "%s", h);
        other[15] = other[15] == '0' ? '1' : '0';
        set(o, "fingerprint", cJSON_CreateString(other));
}
static void pairs_swapped(cJSON *o)
{
        cJSON *p = pairs_of(o);
        cJSON *first = cJSON_DetachItemFromArray(p, 0);
        cJSON_AddItemToArray(p, first);
}
static void pair_repeated(cJSON *o)
{
        cJSON *p = pairs_of(o);
        cJSON_AddItemToArray(
            p, cJSON_Duplicate(cJSON_GetArrayItem(p, cJSON_GetArraySize(p) - 1), true));
}
static void run_not_object(cJSON *o)
{
        cJSON *runs = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(pairs_of(o), 0), "runs");
        CU_ASSERT_FATAL(cJSON_ReplaceItemInArray(runs, 1, cJSON_CreateNumber(3)));
}
static void run_blocked_text(cJSON *o)
{
        cJSON *runs = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(pairs_of(o), 1), "runs");
        set(cJSON_GetArrayItem(runs, 0), "blocked", cJSON_CreateString("many"));
}
static void run_status_unknown(cJSON *o)
{
        cJSON *runs = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(pairs_of(o), 0), "runs");
        set(cJSON_GetArrayItem(runs, 1), "status", cJSON_CreateString("RG_MAYBE"));
}
static void one_run(cJSON *o)
{
        cJSON *runs = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(pairs_of(o), 0), "runs");
        cJSON_DeleteItemFromArray(runs, 1);
}
static void seed_negative(cJSON *o)
{
        cJSON *seed = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(pairs_of(o), 0), "seed");
        CU_ASSERT_FATAL(cJSON_ReplaceItemInArray(seed, 1, cJSON_CreateNumber(-1)));
}
static void harness_rc_unknown(cJSON *o)
{
        set(cJSON_GetArrayItem(pairs_of(o), 0), "harness_rc", cJSON_CreateNumber(RG_ERROR_COUNT));
}
static void pair_not_object(cJSON *o)
{
        CU_ASSERT_FATAL(cJSON_ReplaceItemInArray(pairs_of(o), 0, cJSON_CreateString("x")));
}
static void argument_number(cJSON *o)
{
        CU_ASSERT_FATAL(cJSON_ReplaceItemInArray(cJSON_GetObjectItemCaseSensitive(o, "arguments"),
                                                 2, cJSON_CreateNumber(1)));
}
static void threads_negative(cJSON *o)
{
        set(cJSON_GetObjectItemCaseSensitive(o, "timing"), "threads", cJSON_CreateNumber(-1));
}
static void no_timing(cJSON *o)
{
        cJSON_DeleteItemFromObjectCaseSensitive(o, "timing");
}
static void version_long(cJSON *o)
{
        set(o, "version", cJSON_CreateString("0123456789012345678901234567890123456789"));
}

static void test_read_refusals(void)
{
        refused(format_2, "key 'rollgate_shard': format other is not this rollgate's (1)");
        refused(format_text, "key 'rollgate_shard': format unknown is not this rollgate's (1)");
        refused(no_format, "s.json: not a shard file (no key 'rollgate_shard')");
        refused(index_at_count, "s.json: key 'shard.index': 2 is not below the count 2");
        refused(count_0, "key 'shard.count': must be a whole number from 1 to 4096");
        refused(index_half, "key 'shard.index': must be a whole number from 0 to 4095");
        refused(configuration_edited,
                "s.json: key 'fingerprint': is not the configuration's (the file was edited)");
        refused(fingerprint_other, "key 'fingerprint': is not the configuration's");
        refused(fingerprint_short, "key 'fingerprint': must be 16 lowercase hex digits");
        refused(fingerprint_not_hex, "key 'fingerprint': must be 16 lowercase hex digits");
        /* slice 0/2 of 2 x 4 is {0, 2, 4, 6}: its first pair moved to the
         * end is out of order, a copy of the last repeats it */
        refused(pairs_swapped, "the pairs must be in matrix order, each once");
        refused(pair_repeated, "the pairs must be in matrix order, each once");
        refused(run_blocked_text, "key 'pairs[1].runs[0].blocked'");
        refused(run_status_unknown, "key 'pairs[0].runs[1].status'");
        /* (the key is named; see the report: its prefix is doubled today) */
        refused(run_not_object, "key 'pairs[0].runs[1]': must be an object, not a number");
        refused(one_run, "key 'pairs[0].runs': must have 2 elements, not 1");
        refused(seed_negative, "key 'pairs[0].seed[1]': must be a seed (0 to 4294967295)");
        refused(harness_rc_unknown, "key 'pairs[0].harness_rc': must be a whole number from 0 to");
        refused(pair_not_object, "key 'pairs[0].': must be an object");
        refused(argument_number, "key 'arguments[2]': must be a string");
        refused(threads_negative, "key 'timing.threads': must be a whole number from 0 to");
        refused(no_timing, "key 'timing': missing");
        refused(version_long, "key 'version': longer than 31 characters");
}

/* The exact text of two refusals (pairs out of order, repeated), from the
 * slice's own pair numbers. */
static void test_read_order_messages(void)
{
        struct compare_result *r = filled();
        int slice[8];
        int n = compare_shard_slice(r, 0, 2, slice);
        CU_ASSERT_FATAL(n == REPS);
        compare_result_destroy(r);
        char want[160];
        snprintf(want, sizeof(want),
                 "s.json: key 'pairs[%d].pair': %d after %d: the pairs must be in matrix order, "
                 "each once",
                 n - 1, slice[0], slice[n - 1]);
        refused(pairs_swapped, want);
        snprintf(want, sizeof(want), "s.json: key 'pairs[%d].pair': %d after %d:", n, slice[n - 1],
                 slice[n - 1]);
        refused(pair_repeated, want);
}

static void test_read_not_json(void)
{
        struct compare_shard_file f;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        const char *cut = "{\"rollgate_shard\": 1,\n\"shard\": {";
        CU_ASSERT_EQUAL(compare_shard_read(cut, strlen(cut), "cut.json", &f, &eb), RG_PARSE);
        CU_ASSERT_STRING_EQUAL(eb.msg, "cut.json:2: not valid JSON");
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(compare_shard_read("[1]", 3, "arr.json", &f, &eb), RG_PARSE);
        CU_ASSERT_STRING_EQUAL(eb.msg, "arr.json: not a shard file (not a JSON object)");
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(compare_shard_read("", 0, "empty.json", &f, &eb), RG_PARSE);
        CU_ASSERT_PTR_NULL(f.configuration);
}

/* ---- the merge's checks ---- */

static struct compare_shard_file shard(int index, int count, const char *conf)
{
        struct compare_shard_file f;
        memset(&f, 0, sizeof(f));
        f.index = index;
        f.count = count;
        f.configuration = (char *)conf;
        f.fingerprint = compare_fingerprint(conf);
        return f;
}

static int check(const struct compare_shard_file *files, int n, struct rg_errbuf *eb)
{
        const struct compare_shard_file *f[8];
        static const char *const what[8] = {"a/s0", "b/s1", "c/s2", "d/s3",
                                            "e/s4", "f/s5", "g/s6", "h/s7"};
        for (int i = 0; i < n; i++)
                f[i] = &files[i];
        rg_errbuf_init(eb);
        return compare_merge_check(f, what, n, eb);
}

static void test_merge_check(void)
{
        const char *conf = "a: 1\nb: 2\nc: 3\n";
        struct rg_errbuf eb;
        struct compare_shard_file all[3] = {shard(2, 3, conf), shard(0, 3, conf),
                                            shard(1, 3, conf)};
        CU_ASSERT_EQUAL(check(all, 3, &eb), RG_OK); /* any order */
        struct compare_shard_file single[1] = {shard(0, 1, conf)};
        CU_ASSERT_EQUAL(check(single, 1, &eb), RG_OK);

        struct compare_shard_file missing[2] = {shard(0, 3, conf), shard(2, 3, conf)};
        CU_ASSERT_EQUAL(check(missing, 2, &eb), RG_USAGE);
        CU_ASSERT_STRING_EQUAL(eb.msg, "shard 1/3 is missing (no rollgate-shard-1-of-3.json among "
                                       "the folders given): 2 of 3 shards found");
        struct compare_shard_file first_missing[1] = {shard(1, 2, conf)};
        CU_ASSERT_EQUAL(check(first_missing, 1, &eb), RG_USAGE);
        CU_ASSERT_STRING_EQUAL(eb.msg, "shard 0/2 is missing (no rollgate-shard-0-of-2.json among "
                                       "the folders given): 1 of 2 shards found");

        struct compare_shard_file twice[3] = {shard(0, 2, conf), shard(1, 2, conf),
                                              shard(0, 2, conf)};
        CU_ASSERT_EQUAL(check(twice, 3, &eb), RG_USAGE);
        CU_ASSERT_STRING_EQUAL(eb.msg, "shard 0/2 given twice: a/s0 and c/s2");

        const char *other = "a: 1\nb: 20\nc: 3\n";
        struct compare_shard_file mismatch[2] = {shard(0, 2, conf), shard(1, 2, other)};
        CU_ASSERT_EQUAL(check(mismatch, 2, &eb), RG_USAGE);
        CU_ASSERT_STRING_EQUAL(eb.msg, "b/s1: shard 1/2 ran another configuration than a/s0 "
                                       "(shard 0/2): 'b: 2' against 'b: 20'");
        const char *longer = "a: 1\nb: 2\nc: 3\nd: 4\n";
        struct compare_shard_file more[2] = {shard(0, 2, conf), shard(1, 2, longer)};
        CU_ASSERT_EQUAL(check(more, 2, &eb), RG_USAGE);
        CU_ASSERT_STRING_EQUAL(eb.msg, "b/s1: shard 1/2 ran another configuration than a/s0 "
                                       "(shard 0/2): one has more lines");

        struct compare_shard_file split[2] = {shard(0, 3, conf), shard(1, 4, conf)};
        CU_ASSERT_EQUAL(check(split, 2, &eb), RG_USAGE);
        CU_ASSERT_STRING_EQUAL(eb.msg, "b/s1: shard 1/4, but a/s0 is shard 0/3: shards of "
                                       "different splits cannot be merged");

        CU_ASSERT_EQUAL(check(all, 0, &eb), RG_USAGE);
        CU_ASSERT_STRING_EQUAL(eb.msg, "merge: no shard files (rollgate-shard-I-of-N.json)");
}

/* ---- the merge's execution ---- */

struct shards {
        struct compare_shard_file file[4];
        const struct compare_shard_file *f[4];
        const char *what[4];
        int n;
};

static void read_shards(const struct compare_result *r, int count, struct shards *s)
{
        static const char *const names[4] = {"s0", "s1", "s2", "s3"};
        s->n = count;
        for (int i = 0; i < count; i++) {
                char *conf = NULL;
                char *text = written(r, i, count, &conf);
                struct rg_errbuf eb;
                rg_errbuf_init(&eb);
                CU_ASSERT_EQUAL_FATAL(
                    compare_shard_read(text, strlen(text), names[i], &s->file[i], &eb), RG_OK);
                s->f[i] = &s->file[i];
                s->what[i] = names[i];
                free(text);
                free(conf);
        }
}

static void free_shards(struct shards *s)
{
        for (int i = 0; i < s->n; i++)
                compare_shard_file_free(&s->file[i]);
}

static int merge(struct shards *s, struct compare_result *into, const char *extra,
                 struct rg_errbuf *eb)
{
        struct compare_merge m = {.files = s->f, .what = s->what, .n = s->n, .extra = extra};
        int todo[64];
        const int n_all = into->n_loads * into->n_reps;
        for (int j = 0; j < n_all; j++)
                todo[j] = j;
        rg_errbuf_init(eb);
        return compare_merge_execute(&m, into, todo, n_all, NULL, eb);
}

static void test_merge_execute(void)
{
        struct compare_result *r = filled();
        struct shards s;
        read_shards(r, 3, &s);
        struct compare_result *m = plan(two_loads, 2, REPS);
        struct rg_errbuf eb;
        int rc = merge(&s, m, EXTRA, &eb);
        if (rc != RG_OK)
                fprintf(stderr, "merge: %s\n", eb.msg);
        CU_ASSERT_EQUAL_FATAL(rc, RG_OK);
        for (int j = 0; j < 2 * REPS; j++) {
                CU_ASSERT_TRUE(m->pairs[j].ran);
                CU_ASSERT_EQUAL(m->pairs[j].load, j / REPS);
                CU_ASSERT_EQUAL(m->pairs[j].rep, j % REPS);
                CU_ASSERT_TRUE(same_pair(&m->pairs[j], &r->pairs[j]));
        }
        /* the timing: each shard's, summed or the extremes of them */
        CU_ASSERT_EQUAL_FATAL(m->n_shards, 3);
        for (int i = 0; i < 3; i++) {
                CU_ASSERT_EQUAL(m->shards[i].index, i);
                CU_ASSERT_EQUAL(m->shards[i].count, 3);
        }
        CU_ASSERT_EQUAL(m->threads_used, 9);
        CU_ASSERT_EQUAL(m->runs_executed, 15);
        CU_ASSERT_EQUAL(m->runs_reused, 21);
        CU_ASSERT_EQUAL(m->wall_seconds, 12.5);
        CU_ASSERT_EQUAL(m->started, 1700000000);
        CU_ASSERT_EQUAL(m->finished, 1700000012);
        CU_ASSERT_EQUAL(m->n_hosts, 1);
        compare_result_destroy(m);

        /* the configuration built again must be the shards' */
        m = plan(two_loads, 2, REPS);
        CU_ASSERT_EQUAL(merge(&s, m, "version: other\n", &eb), RG_USAGE);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "s0: the configuration is not the one the shards "
                                              "ran (it changed since, or the merge runs "
                                              "elsewhere): 'version: test' against 'version: "
                                              "other'"));
        compare_result_destroy(m);
        free_shards(&s);

        /* a file that holds another slice than its index says: shard 0's
         * pairs under index 1 and the other way round */
        read_shards(r, 2, &s);
        struct compare_shard_file t = s.file[0];
        s.file[0].index = s.file[1].index;
        s.file[1].index = t.index;
        m = plan(two_loads, 2, REPS);
        CU_ASSERT_EQUAL(merge(&s, m, EXTRA, &eb), RG_USAGE);
        CU_ASSERT_STRING_EQUAL(eb.msg, "s0: holds 4 pairs that are not slice 1/2 of the matrix (4 "
                                       "pairs): a shard file from another split");
        compare_result_destroy(m);
        s.file[1].index = s.file[0].index;
        s.file[0].index = t.index;
        /* a seed that is not the matrix's */
        s.file[1].pairs[2].seed[0] += 100;
        m = plan(two_loads, 2, REPS);
        CU_ASSERT_EQUAL(merge(&s, m, EXTRA, &eb), RG_USAGE);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "s1: key 'pairs[2].seed': "));
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, ", but the matrix's seed of that pair is "));
        compare_result_destroy(m);
        s.file[1].pairs[2].seed[0] -= 100;
        /* pairs but no threads: the timing is not a shard's */
        s.file[1].timing.threads = 0;
        m = plan(two_loads, 2, REPS);
        CU_ASSERT_EQUAL(merge(&s, m, EXTRA, &eb), RG_USAGE);
        CU_ASSERT_STRING_EQUAL(eb.msg, "s1: key 'timing.threads': 0 for 4 pairs");
        compare_result_destroy(m);
        free_shards(&s);
        compare_result_destroy(r);
}

/* ---- the fingerprint text ---- */

static void test_fingerprint_text(void)
{
        struct compare_result *r = filled();
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        char *a = NULL, *b = NULL;
        CU_ASSERT_EQUAL_FATAL(compare_fingerprint_text(r, NULL, EXTRA, &a, &eb), RG_OK);
        CU_ASSERT_PTR_NOT_NULL(strstr(a, "\nloads: 300 600\nseeds: 1 2 3 4\n"));
        CU_ASSERT_PTR_NOT_NULL(strstr(a, "legacy: test:legacy (test)\n"));
        /* a two-line identity stays one key: its second line indented */
        CU_ASSERT_PTR_NOT_NULL(strstr(a, "legacy.identity:test\n  role=0\n"));
        CU_ASSERT_PTR_NOT_NULL(strstr(a, "requests: 1000\n"));
        size_t la = strlen(a), le = strlen(EXTRA);
        CU_ASSERT(la > le && strcmp(a + la - le, EXTRA) == 0);
        /* the same inputs, the same text; another policy, another text */
        CU_ASSERT_EQUAL_FATAL(compare_fingerprint_text(r, NULL, EXTRA, &b, &eb), RG_OK);
        CU_ASSERT_STRING_EQUAL(a, b);
        free(b);
        cfg.policy.t1 = 2.5;
        CU_ASSERT_EQUAL_FATAL(compare_fingerprint_text(r, NULL, EXTRA, &b, &eb), RG_OK);
        CU_ASSERT_STRING_NOT_EQUAL(a, b);
        CU_ASSERT_PTR_NOT_NULL(strstr(b, "policy.t1: 2.5\n"));
        CU_ASSERT_NOT_EQUAL(compare_fingerprint(a), compare_fingerprint(b));
        /* FNV-1a 64 of the text: "" is the offset basis */
        CU_ASSERT_EQUAL(compare_fingerprint(""), 0xcbf29ce484222325ull);
        CU_ASSERT_EQUAL(compare_fingerprint("a"), 0xaf63dc4c8601ec8cull);
        free(a);
        free(b);
        compare_result_destroy(r);
}

/* ---- a pair's text ---- */

static void test_pair_text(void)
{
        struct compare_result *r = filled();
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        for (int j = 0; j < 2 * REPS; j++) {
                char *text = NULL;
                CU_ASSERT_EQUAL_FATAL(compare_pair_text(&r->pairs[j], j, &text, &eb), RG_OK);
                CU_ASSERT_PTR_NULL(strchr(text, '\n')); /* one line: the error's newline escaped */
                struct compare_pair pr;
                int at = -5;
                CU_ASSERT_EQUAL_FATAL(
                    compare_pair_parse(text, strlen(text), "rank 1", 2 * REPS, &at, &pr, &eb),
                    RG_OK);
                CU_ASSERT_EQUAL(at, j);
                CU_ASSERT_TRUE(pr.ran);
                CU_ASSERT_TRUE(same_pair(&pr, &r->pairs[j]));
                /* and the same text again from what was read */
                char *again = NULL;
                CU_ASSERT_EQUAL_FATAL(compare_pair_text(&pr, at, &again, &eb), RG_OK);
                CU_ASSERT_STRING_EQUAL(text, again);
                free(again);
                /* a pair index beyond the matrix is refused */
                if (j == 2 * REPS - 1) {
                        CU_ASSERT_EQUAL(
                            compare_pair_parse(text, strlen(text), "rank 1", j, &at, &pr, &eb),
                            RG_PARSE);
                        CU_ASSERT_STRING_EQUAL(eb.msg, "rank 1: key 'pair': must be a whole "
                                                       "number from 0 to 6");
                        CU_ASSERT_EQUAL(at, -1);
                        CU_ASSERT_FALSE(pr.ran);
                }
                free(text);
        }
        struct compare_pair pr;
        int at;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(compare_pair_parse("[]", 2, "rank 2", 8, &at, &pr, &eb), RG_PARSE);
        CU_ASSERT_STRING_EQUAL(eb.msg, "rank 2: not a pair's results (an object)");
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(compare_pair_parse("{\"pair\": 1", 10, "rank 2", 8, &at, &pr, &eb),
                        RG_PARSE);
        CU_ASSERT_STRING_EQUAL(eb.msg, "rank 2:1: not valid JSON");
        rg_errbuf_init(&eb);
        const char *no_runs = "{\"pair\": 1, \"seed\": [1, 1], \"gen_seconds\": [0, 0]}";
        CU_ASSERT_EQUAL(compare_pair_parse(no_runs, strlen(no_runs), "rank 2", 8, &at, &pr, &eb),
                        RG_PARSE);
        CU_ASSERT_STRING_EQUAL(eb.msg, "rank 2: key 'runs': missing");
        compare_result_destroy(r);
}

static void cleanup_tmp(void)
{
        char cmd[128];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_dir);
        if (system(cmd) != 0)
                fprintf(stderr, "cannot remove %s\n", tmp_dir);
}

int main(void)
{
        if (mkdtemp(tmp_dir) == NULL) {
                perror("mkdtemp");
                return 1;
        }
        static const struct test_case tests[] = {
            TEST(test_slices_partition),
            TEST(test_slices_by_hand),
            TEST(test_slices_costliest_apart),
            TEST(test_slices_empty_and_bad),
            TEST(test_file_name),
            TEST(test_round_trip),
            TEST(test_round_trip_every_pair),
            TEST(test_read_refusals),
            TEST(test_read_order_messages),
            TEST(test_read_not_json),
            TEST(test_merge_check),
            TEST(test_merge_execute),
            TEST(test_fingerprint_text),
            TEST(test_pair_text),
        };
        int rc = test_run_suite("shard", tests, sizeof(tests) / sizeof(tests[0]));
        cleanup_tmp();
        return rc;
}
