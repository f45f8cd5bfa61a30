/*
 * Checks against FUSION's own reference data in ../shared/reference/fusion:
 * the request stream test vector and the k = 3 paths of NSFNet (the
 * all-pairs table and the model's pairs computed on first use).  The
 * whole binary is skipped (exit 77) when that folder is absent.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/file.h"
#include "../sim/ksp.h"
#include "../sim/model.h"
#include "../sim/modtable.h"
#include "../sim/stream.h"
#include "../sim/topology.h"
#include "testutil.h"

#define REF(name) RG_REFERENCE_DIR "/" name

static struct sim_topology *load_nsfnet(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_topology *t = NULL;
        CU_ASSERT_EQUAL_FATAL(sim_topology_load(REF("nsf_network.txt"), &t, &eb), RG_OK);
        return t;
}

static void test_node_order(void)
{
        struct sim_topology *t = load_nsfnet();
        static const char *const order[] = {"0",  "1", "2",  "7", "3", "5",  "4",
                                            "10", "6", "13", "9", "8", "12", "11"};
        CU_ASSERT_EQUAL(t->n_nodes, 14);
        CU_ASSERT_EQUAL(t->n_links, 22);
        for (int i = 0; i < 14 && i < t->n_nodes; i++)
                CU_ASSERT_STRING_EQUAL(t->names[i], order[i]);
        sim_topology_destroy(t);
}

static void test_request_vector(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_topology *t = load_nsfnet();
        struct sim_modtable mt;
        CU_ASSERT_EQUAL_FATAL(
            sim_modtable_load(REF("default_mod_formats.json"), "DEFAULT", &mt, &eb), RG_OK);
        struct sim_traffic tr = {.erlang = 300,
                                 .holding_time = 1.0,
                                 .requests = 1000,
                                 .n_nodes = t->n_nodes,
                                 .n_classes = mt.n_classes};
        const char *labels[] = {"25", "50", "100", "200", "400"};
        const double probs[] = {0.1, 0.1, 0.5, 0.2, 0.1};
        for (int i = 0; i < 5; i++)
                tr.prob[sim_modtable_class(&mt, labels[i])] = probs[i];
        struct sim_stream s;
        sim_stream_init(&s);
        CU_ASSERT_EQUAL_FATAL(sim_stream_generate(&s, &tr, 1, &eb), RG_OK);

        char *text;
        size_t len;
        CU_ASSERT_EQUAL_FATAL(
            rg_file_read(REF("nsfnet_seed1_e300_h1_n1000_requests.csv"), &text, &len, &eb), RG_OK);
        int rows = 0, mismatches = 0;
        double worst = 0;
        char *save = NULL;
        for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                if (line[0] == '#' || strncmp(line, "req_id", 6) == 0)
                        continue;
                unsigned id;
                char src[32], dst[32], bw[32];
                double arrive, depart;
                if (sscanf(line, "%u,%31[^,],%31[^,],%31[^,],%lf,%lf", &id, src, dst, bw, &arrive,
                           &depart) != 6) {
                        CU_FAIL("unparsable CSV row");
                        continue;
                }
                rows++;
                CU_ASSERT_FATAL(id >= 1 && id <= s.n);
                const struct sim_request *r = &s.req[id - 1];
                bool same = strcmp(t->names[r->src], src) == 0 &&
                            strcmp(t->names[r->dst], dst) == 0 &&
                            strcmp(mt.cls[r->cls].label, bw) == 0;
                if (!same && mismatches++ < 5)
                        fprintf(stderr, "request %u: got %s->%s %s, want %s->%s %s\n", id,
                                t->names[r->src], t->names[r->dst], mt.cls[r->cls].label, src, dst,
                                bw);
                double ea = fabs(r->arrive - arrive) / arrive;
                double ed = fabs(r->depart - depart) / depart;
                worst = fmax(worst, fmax(ea, ed));
        }
        CU_ASSERT_EQUAL(rows, 1000);
        CU_ASSERT_EQUAL(mismatches, 0);
        CU_ASSERT(worst <= 1e-12);
        free(text);
        sim_stream_finish(&s);
        sim_topology_destroy(t);
}

/* Compares every pair of the reference (FUSION's k = 3 paths of NSFNet)
 * with what `pair(ctx, s, d)` gives for nsf_network.txt's topology `t`,
 * asking for the pairs in the reference's order or, with `backwards`, in
 * reverse. */
static void check_ksp_reference(const struct sim_topology *t,
                                const struct sim_pair_paths *(*pair)(const void *ctx, int s, int d),
                                const void *ctx, bool backwards)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        char *text;
        size_t len;
        CU_ASSERT_EQUAL_FATAL(rg_file_read(REF("nsfnet_ksp3_paths.json"), &text, &len, &eb), RG_OK);
        cJSON *root = cJSON_Parse(text);
        CU_ASSERT_PTR_NOT_NULL_FATAL(root);
        const cJSON *pairs = cJSON_GetObjectItem(root, "pairs");
        int n_pairs = cJSON_GetArraySize(pairs), bad = 0, ties = 0;
        for (int n = 0; n < n_pairs; n++) {
                const cJSON *pair_ref = cJSON_GetArrayItem(pairs, backwards ? n_pairs - 1 - n : n);
                int s = sim_topology_node(t, cJSON_GetObjectItem(pair_ref, "src")->valuestring);
                int d = sim_topology_node(t, cJSON_GetObjectItem(pair_ref, "dst")->valuestring);
                CU_ASSERT_FATAL(s >= 0 && d >= 0);
                if (cJSON_IsTrue(cJSON_GetObjectItem(pair_ref, "tie_within_k_plus_1")))
                        ties++;
                const cJSON *paths = cJSON_GetObjectItem(pair_ref, "paths");
                const cJSON *lengths = cJSON_GetObjectItem(pair_ref, "lengths");
                const struct sim_pair_paths *pp = pair(ctx, s, d);
                CU_ASSERT_PTR_NOT_NULL_FATAL(pp);
                bool ok = cJSON_GetArraySize(paths) == pp->count;
                for (int i = 0; ok && i < cJSON_GetArraySize(paths); i++) {
                        const struct sim_path *sp = &pp->path[i];
                        const cJSON *want = cJSON_GetArrayItem(paths, i);
                        ok = cJSON_GetArraySize(want) == sp->hops + 1 &&
                             sp->km == cJSON_GetArrayItem(lengths, i)->valuedouble;
                        for (int j = 0; ok && j <= sp->hops; j++)
                                ok = strcmp(t->names[sp->nodes[j]],
                                            cJSON_GetArrayItem(want, j)->valuestring) == 0;
                }
                if (!ok) {
                        bad++;
                        fprintf(stderr, "pair %s->%s differs from networkx\n", t->names[s],
                                t->names[d]);
                }
        }
        CU_ASSERT_EQUAL(n_pairs, 182);
        CU_ASSERT(ties > 0); /* the vector exercises tie-breaking */
        CU_ASSERT_EQUAL(bad, 0);
        cJSON_Delete(root);
        free(text);
}

static const struct sim_pair_paths *table_pair(const void *ctx, int s, int d)
{
        return sim_paths_pair(ctx, s, d);
}

static const struct sim_pair_paths *model_pair(const void *ctx, int s, int d)
{
        return sim_model_pair(ctx, s, d);
}

/* The all-pairs table. */
static void test_ksp_table(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_topology *t = load_nsfnet();
        struct sim_paths *p = NULL;
        CU_ASSERT_EQUAL_FATAL(sim_paths_build(t, 3, &p, &eb), RG_OK);
        check_ksp_reference(t, table_pair, p, false);
        sim_paths_destroy(p);
        sim_topology_destroy(t);
}

/* The model's pairs, each computed when first asked for, in reverse order. */
static void test_ksp_lazy(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_modtable mt;
        CU_ASSERT_EQUAL_FATAL(
            sim_modtable_load(REF("default_mod_formats.json"), "DEFAULT", &mt, &eb), RG_OK);
        struct sim_params par = {.k_paths = 3, .cores = 1, .slots = 320, .guard = 1};
        struct sim_model *m = NULL;
        CU_ASSERT_EQUAL_FATAL(sim_model_create(load_nsfnet(), &mt, &par, &m, &eb), RG_OK);
        check_ksp_reference(m->topo, model_pair, m, true);
        sim_model_destroy(m);
}

int main(void)
{
        if (access(REF("nsf_network.txt"), R_OK) != 0) {
                printf("SKIP: FUSION reference data not found at %s\n", RG_REFERENCE_DIR);
                return 77;
        }
        static const struct test_case tests[] = {TEST(test_node_order), TEST(test_request_vector),
                                                 TEST(test_ksp_table), TEST(test_ksp_lazy)};
        return test_run_suite("fusion_vectors", tests, sizeof(tests) / sizeof(tests[0]));
}
