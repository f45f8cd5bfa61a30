/*
 * Tests for sim/model.c: the route sets computed per pair on first use
 * (sim_model_pair).  They are networkx's for every pair of NSFNet and USNet
 * (digests below), the all-pairs table's for every pair of every fixture
 * network, the same blocks whichever threads fill the cache in whichever
 * order, and correct on topologies too large for the all-pairs table: a
 * 1024-node ring (checked by hand: its two paths go either way round) and a
 * 500-node grid (path 0 against a plain Dijkstra).
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/hash.h"
#include "../sim/model.h"
#include "testutil.h"

static struct sim_modtable formats(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_modtable mt;
        CU_ASSERT_EQUAL_FATAL(
            sim_modtable_load(RG_FIXTURE_DIR "/modulation/formats.json", "DEFAULT", &mt, &eb),
            RG_OK);
        return mt;
}

static struct sim_topology *fixture(const char *name)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        char path[512];
        snprintf(path, sizeof(path), "%s/topologies/%s.json", RG_FIXTURE_DIR, name);
        struct sim_topology *t = NULL;
        CU_ASSERT_EQUAL_FATAL(sim_topology_load(path, &t, &eb), RG_OK);
        return t;
}

/* A model over `t` (owned by it from here) with the fixture formats. */
static struct sim_model *model(struct sim_topology *t, int k)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_modtable mt = formats();
        struct sim_params par = {.k_paths = k, .cores = 1, .slots = 320, .guard = 1};
        struct sim_model *m = NULL;
        CU_ASSERT_EQUAL_FATAL(sim_model_create(t, &mt, &par, &m, &eb), RG_OK);
        return m;
}

static const struct sim_pair_paths *pair_ok(const struct sim_model *m, int s, int d)
{
        const struct sim_pair_paths *pp = sim_model_pair(m, s, d);
        CU_ASSERT_PTR_NOT_NULL_FATAL(pp);
        return pp;
}

/* The i-th of P pair indices in an order of its own for each `seed`: a
 * stride coprime with P, so every pair comes exactly once. */
static size_t scrambled(size_t i, size_t pairs, unsigned seed)
{
        static const size_t primes[] = {7, 11, 13, 17, 19, 23, 29, 31};
        size_t step = 1;
        for (size_t j = 0; j < 8; j++) {
                size_t q = primes[(seed + j) % 8];
                if (pairs % q != 0) {
                        step = q;
                        break;
                }
        }
        return (i * step + seed * 101u) % pairs;
}

/* Whether two pairs' paths are the same bytes: hops, km, nodes, links and,
 * when both have one, the reach row of `nc` classes per path. */
static bool same_pair(const struct sim_pair_paths *a, const struct sim_pair_paths *b, int nc)
{
        if (a->count != b->count)
                return false;
        for (int i = 0; i < a->count; i++) {
                const struct sim_path *x = &a->path[i], *y = &b->path[i];
                if (x->hops != y->hops || memcmp(&x->km, &y->km, sizeof(double)) != 0 ||
                    memcmp(x->nodes, y->nodes, (size_t)(x->hops + 1) * sizeof(int)) != 0 ||
                    memcmp(x->links, y->links, (size_t)x->hops * sizeof(int)) != 0)
                        return false;
        }
        if (a->first_mod != NULL && b->first_mod != NULL &&
            memcmp(a->first_mod, b->first_mod, (size_t)a->count * (size_t)nc) != 0)
                return false;
        return true;
}

/* Whether pp's reach row is right: per path and class, the number of the
 * class's formats (sorted by reach) that fall short of the path. */
static bool reach_row_ok(const struct sim_model *m, const struct sim_pair_paths *pp)
{
        int nc = m->mods.n_classes;
        for (int i = 0; i < pp->count; i++) {
                for (int c = 0; c < nc; c++) {
                        const struct sim_bw_class *cls = &m->mods.cls[c];
                        int short_of = 0;
                        for (int f = 0; f < cls->n_mods; f++)
                                short_of += cls->max_km[f] < pp->path[i].km;
                        if (pp->first_mod[i * nc + c] != short_of)
                                return false;
                }
        }
        return true;
}

/*
 * FNV-1a 64 of every ordered pair's paths as text, the pairs by source then
 * destination: "s d", then per path " :", its node indices each after a
 * blank and " %.17g" of its km, then a newline.  The same text from
 * networkx 3.6.1 (nx.shortest_simple_paths(G, s, d, weight="length"), the
 * first k, on a graph built from the fixture's nodes, then its links in
 * order) gives the digests in test_networkx_digests; the all-pairs builder
 * this model replaced printed the same text.
 */
static uint64_t digest(const struct sim_model *m)
{
        int n = m->topo->n_nodes;
        uint64_t h = RG_FNV1A64_BASIS;
        char piece[64];
        for (int s = 0; s < n; s++) {
                for (int d = 0; d < n; d++) {
                        if (s == d)
                                continue;
                        const struct sim_pair_paths *pp = pair_ok(m, s, d);
                        int len = snprintf(piece, sizeof(piece), "%d %d", s, d);
                        h = rg_fnv1a64(h, piece, (size_t)len);
                        for (int i = 0; i < pp->count; i++) {
                                const struct sim_path *p = &pp->path[i];
                                h = rg_fnv1a64(h, " :", 2);
                                for (int j = 0; j <= p->hops; j++) {
                                        len = snprintf(piece, sizeof(piece), " %d", p->nodes[j]);
                                        h = rg_fnv1a64(h, piece, (size_t)len);
                                }
                                len = snprintf(piece, sizeof(piece), " %.17g", p->km);
                                h = rg_fnv1a64(h, piece, (size_t)len);
                        }
                        h = rg_fnv1a64(h, "\n", 1);
                }
        }
        return h;
}

/* Every pair of NSFNet and USNet, first asked for in a scrambled order. */
static void test_networkx_digests(void)
{
        static const struct {
                const char *network;
                int k;
                uint64_t want;
        } cases[] = {
            {"nsfnet", 1, 0xa9f70803567a06efull}, {"nsfnet", 3, 0xdfa328d830a05ee3ull},
            {"nsfnet", 5, 0xa88d331e50a71d45ull}, {"usnet", 1, 0x8f1f09d47d9c7c2bull},
            {"usnet", 3, 0x5dad268ca24168e7ull},  {"usnet", 5, 0xb11bbc23bc60875cull},
        };
        for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
                struct sim_model *m = model(fixture(cases[c].network), cases[c].k);
                size_t n = (size_t)m->topo->n_nodes, pairs = n * n;
                for (size_t i = 0; i < pairs; i++) {
                        size_t p = scrambled(i, pairs, (unsigned)c);
                        pair_ok(m, (int)(p / n), (int)(p % n));
                }
                uint64_t got = digest(m);
                if (got != cases[c].want)
                        fprintf(stderr, "\n    %s k=%d: digest %016llx, networkx %016llx\n",
                                cases[c].network, cases[c].k, (unsigned long long)got,
                                (unsigned long long)cases[c].want);
                CU_ASSERT_EQUAL(got, cases[c].want);
                sim_model_destroy(m);
        }
}

/* The model's pairs, asked for in a scrambled order, are the all-pairs
 * table's (which runs one search state through every pair in turn), and
 * their reach rows are right. */
static void test_lazy_equals_all_pairs_table(void)
{
        static const char *const networks[] = {"nsfnet", "usnet", "pan_european", "dt", "geant"};
        for (int k = 2; k <= 4; k += 2) {
                for (size_t w = 0; w < sizeof(networks) / sizeof(networks[0]); w++) {
                        struct rg_errbuf eb;
                        rg_errbuf_init(&eb);
                        struct sim_model *m = model(fixture(networks[w]), k);
                        struct sim_paths *table = NULL;
                        CU_ASSERT_EQUAL_FATAL(sim_paths_build(m->topo, k, &table, &eb), RG_OK);
                        size_t n = (size_t)m->topo->n_nodes, pairs = n * n;
                        int differ = 0, bad_rows = 0, with_paths = 0;
                        for (size_t i = 0; i < pairs; i++) {
                                size_t p = scrambled(i, pairs, (unsigned)(w + 3));
                                int s = (int)(p / n), d = (int)(p % n);
                                const struct sim_pair_paths *pp = pair_ok(m, s, d);
                                differ += !same_pair(pp, sim_paths_pair(table, s, d), 0);
                                bad_rows += !reach_row_ok(m, pp);
                                with_paths += pp->count == k;
                                CU_ASSERT_EQUAL(pp->count == 0, s == d);
                        }
                        CU_ASSERT_EQUAL(differ, 0);
                        CU_ASSERT_EQUAL(bad_rows, 0);
                        CU_ASSERT(with_paths > 0);
                        sim_paths_destroy(table);
                        sim_model_destroy(m);
                }
        }
}

/* Creating a model computes no route; a pair, once asked for, is kept and
 * given again; a pair of one node has no path and a row that reaches
 * nothing. */
static void test_pairs_computed_on_first_use(void)
{
        struct sim_model *m = model(fixture("usnet"), 3);
        size_t n = (size_t)m->topo->n_nodes;
        int cached = 0;
        for (size_t i = 0; i < n * n; i++)
                cached += atomic_load(&m->pair[i]) != NULL;
        CU_ASSERT_EQUAL(cached, 0);
        const struct sim_pair_paths *pp = pair_ok(m, 3, 7);
        CU_ASSERT_EQUAL(pp->count, 3);
        for (size_t i = 0; i < n * n; i++)
                cached += atomic_load(&m->pair[i]) != NULL;
        CU_ASSERT_EQUAL(cached, 1);
        CU_ASSERT_PTR_EQUAL(atomic_load(&m->pair[3 * n + 7]), pp);
        CU_ASSERT_PTR_EQUAL(sim_model_pair(m, 3, 7), pp);
        const struct sim_pair_paths *back = pair_ok(m, 7, 3);
        CU_ASSERT_PTR_NOT_EQUAL(back, pp);
        CU_ASSERT_EQUAL(back->count, 3);
        const struct sim_pair_paths *self = pair_ok(m, 5, 5);
        CU_ASSERT_EQUAL(self->count, 0);
        CU_ASSERT_PTR_NOT_NULL_FATAL(self->first_mod);
        for (int c = 0; c < m->mods.n_classes; c++)
                CU_ASSERT_EQUAL(self->first_mod[c], m->mods.cls[c].n_mods);
        sim_model_destroy(m);
}

/* A rows x cols grid: from each cell "g<r * cols + c>" a link to the right
 * and one downwards, km 50..500 from a fixed-seed generator. */
static struct sim_topology *grid(int rows, int cols)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_topology *t = sim_topology_create("grid");
        CU_ASSERT_PTR_NOT_NULL_FATAL(t);
        uint64_t x = 42;
        for (int v = 0; v < rows * cols; v++) {
                int nb[2] = {v % cols + 1 < cols ? v + 1 : -1, v / cols + 1 < rows ? v + cols : -1};
                for (int j = 0; j < 2; j++) {
                        if (nb[j] < 0)
                                continue;
                        x = x * 6364136223846793005ull + 1442695040888963407ull;
                        char a[16], b[16];
                        snprintf(a, sizeof(a), "g%d", v);
                        snprintf(b, sizeof(b), "g%d", nb[j]);
                        CU_ASSERT_EQUAL_FATAL(
                            sim_topology_add(t, a, b, 50 + (double)((x >> 33) % 451), NULL, &eb),
                            RG_OK);
                }
        }
        CU_ASSERT_EQUAL_FATAL(sim_topology_finish(t, &eb), RG_OK);
        return t;
}

/* Threads fill one model's cache, each asking for every pair in an order of
 * its own (two of them in the same order, to race for the same pairs): every
 * thread is handed the block the cache keeps, and the blocks are byte for
 * byte those of a model filled by one thread. */
static void test_threads_fill_identically(void)
{
        enum { THREADS = 4 };
        struct sim_model *shared = model(grid(8, 8), 3);
        struct sim_model *alone = model(grid(8, 8), 3);
        size_t n = (size_t)shared->topo->n_nodes, pairs = n * n;
        const struct sim_pair_paths **seen = calloc(THREADS * pairs, sizeof(*seen));
        CU_ASSERT_PTR_NOT_NULL_FATAL(seen);
#pragma omp parallel num_threads(THREADS)
        {
                int me = omp_get_thread_num();
                for (size_t i = 0; i < pairs; i++) {
                        size_t p = scrambled(i, pairs, (unsigned)(me < 2 ? 0 : me));
                        seen[(size_t)me * pairs + p] =
                            sim_model_pair(shared, (int)(p / n), (int)(p % n));
                }
        }
        int missing = 0, not_kept = 0, differ = 0;
        for (size_t p = 0; p < pairs; p++) {
                const struct sim_pair_paths *kept = atomic_load(&shared->pair[p]);
                for (int me = 0; me < THREADS; me++) {
                        missing += seen[(size_t)me * pairs + p] == NULL;
                        not_kept += seen[(size_t)me * pairs + p] != kept;
                }
                const struct sim_pair_paths *one = pair_ok(alone, (int)(p / n), (int)(p % n));
                differ += kept == NULL || !same_pair(kept, one, shared->mods.n_classes);
        }
        CU_ASSERT_EQUAL(missing, 0);
        CU_ASSERT_EQUAL(not_kept, 0);
        CU_ASSERT_EQUAL(differ, 0);
        free(seen);
        sim_model_destroy(alone);
        sim_model_destroy(shared);
}

/* Whether p runs from s to d without repeating a node, over the links that
 * join its consecutive nodes, with km their sum in path order. */
static bool path_ok(const struct sim_topology *t, const struct sim_path *p, int s, int d)
{
        if (p->hops < 1 || p->nodes[0] != s || p->nodes[p->hops] != d)
                return false;
        double km = 0;
        for (int j = 0; j < p->hops; j++) {
                int l = sim_topology_link_between(t, p->nodes[j], p->nodes[j + 1]);
                if (l < 0 || p->links[j] != l)
                        return false;
                km += t->links[l].km;
                for (int q = 0; q <= j; q++)
                        if (p->nodes[q] == p->nodes[j + 1])
                                return false;
        }
        return km == p->km;
}

/*
 * A ring of SIM_MAX_NODES nodes, link i joining nodes i and i + 1 (mod n)
 * with km 100 + 37i mod 451.  Between two nodes there are exactly two simple
 * paths, one each way round: with k = 3 a pair has those two, the shorter
 * first, their lengths the two sums of the ring's links either side.
 */
static void test_ring_of_max_nodes(void)
{
        enum { N = SIM_MAX_NODES };
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_topology *t = sim_topology_create("ring");
        CU_ASSERT_PTR_NOT_NULL_FATAL(t);
        static double km[N];
        double total = 0;
        for (int i = 0; i < N; i++) {
                char a[16], b[16];
                snprintf(a, sizeof(a), "r%d", i);
                snprintf(b, sizeof(b), "r%d", (i + 1) % N);
                km[i] = 100 + (37 * i) % 451;
                total += km[i];
                CU_ASSERT_EQUAL_FATAL(sim_topology_add(t, a, b, km[i], NULL, &eb), RG_OK);
        }
        CU_ASSERT_EQUAL_FATAL(sim_topology_finish(t, &eb), RG_OK);
        struct sim_model *m = model(t, 3);
        CU_ASSERT_EQUAL_FATAL(m->topo->n_nodes, N);
        int checked = 0;
        for (int i = 0; i < 40; i++) {
                int s = (389 * i + 5) % N, d = (631 * i + 17) % N;
                if (s == d)
                        continue;
                int cw_hops = (d - s + N) % N;
                double cw = 0;
                for (int j = 0; j < cw_hops; j++)
                        cw += km[(s + j) % N];
                double ccw = total - cw;
                const struct sim_pair_paths *pp = pair_ok(m, s, d);
                CU_ASSERT_EQUAL_FATAL(pp->count, 2);
                const struct sim_path *a = &pp->path[0], *b = &pp->path[1];
                CU_ASSERT(path_ok(m->topo, a, s, d));
                CU_ASSERT(path_ok(m->topo, b, s, d));
                /* one each way round: the second node is s + 1 or s - 1 */
                const struct sim_path *fwd = a->nodes[1] == (s + 1) % N ? a : b;
                const struct sim_path *rev = fwd == a ? b : a;
                CU_ASSERT_EQUAL(fwd->nodes[1], (s + 1) % N);
                CU_ASSERT_EQUAL(rev->nodes[1], (s - 1 + N) % N);
                CU_ASSERT_EQUAL(fwd->hops, cw_hops);
                CU_ASSERT_EQUAL(rev->hops, N - cw_hops);
                CU_ASSERT_DOUBLE_EQUAL(fwd->km, cw, 1e-6);
                CU_ASSERT_DOUBLE_EQUAL(rev->km, ccw, 1e-6);
                CU_ASSERT(a->km <= b->km);
                checked++;
        }
        CU_ASSERT(checked >= 30);
        sim_model_destroy(m);
}

/* Shortest distance s -> d by a plain O(n^2) Dijkstra. */
static double distance(const struct sim_topology *t, int s, int d)
{
        int n = t->n_nodes;
        double *dist = malloc((size_t)n * sizeof(double));
        bool *done = calloc((size_t)n, sizeof(bool));
        CU_ASSERT_FATAL(dist != NULL && done != NULL);
        for (int v = 0; v < n; v++)
                dist[v] = v == s ? 0 : 1e300;
        for (;;) {
                int u = -1;
                for (int v = 0; v < n; v++)
                        if (!done[v] && (u < 0 || dist[v] < dist[u]))
                                u = v;
                if (u < 0 || u == d)
                        break;
                done[u] = true;
                for (int off = t->adj_off[u]; off < t->adj_off[u + 1]; off++) {
                        int x = t->adj_node[off];
                        double len = dist[u] + t->links[t->adj_link[off]].km;
                        if (len < dist[x])
                                dist[x] = len;
                }
        }
        double out = dist[d];
        free(dist);
        free(done);
        return out;
}

/* A 20 x 25 grid (500 nodes, 955 links): sampled pairs have three distinct
 * valid paths in order of length, the first as short as Dijkstra's. */
static void test_grid_of_500_nodes(void)
{
        struct sim_model *m = model(grid(20, 25), 3);
        int n = m->topo->n_nodes;
        CU_ASSERT_EQUAL_FATAL(n, 500);
        CU_ASSERT_EQUAL(m->topo->n_links, 955);
        for (int i = 0; i < 30; i++) {
                int s = (97 * i + 3) % n, d = (211 * i + 401) % n;
                if (s == d)
                        continue;
                const struct sim_pair_paths *pp = pair_ok(m, s, d);
                CU_ASSERT_EQUAL_FATAL(pp->count, 3);
                CU_ASSERT(reach_row_ok(m, pp));
                CU_ASSERT_DOUBLE_EQUAL(pp->path[0].km, distance(m->topo, s, d), 1e-6);
                for (int j = 0; j < 3; j++) {
                        const struct sim_path *p = &pp->path[j];
                        CU_ASSERT(path_ok(m->topo, p, s, d));
                        if (j == 0)
                                continue;
                        const struct sim_path *q = &pp->path[j - 1];
                        CU_ASSERT(q->km <= p->km);
                        CU_ASSERT(q->hops != p->hops ||
                                  memcmp(q->nodes, p->nodes, (size_t)(p->hops + 1) * sizeof(int)) !=
                                      0);
                }
        }
        sim_model_destroy(m);
}

TEST_MAIN("model", TEST(test_networkx_digests), TEST(test_lazy_equals_all_pairs_table),
          TEST(test_pairs_computed_on_first_use), TEST(test_threads_fill_identically),
          TEST(test_ring_of_max_nodes), TEST(test_grid_of_500_nodes))
