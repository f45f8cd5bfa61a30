/*
 * Tests for sim/ksp.c: k shortest simple paths on small hand-made graphs,
 * with the order of equal-length paths that networkx's shortest_simple_paths
 * gives (worked through by hand in the comments).
 */
#include <stdio.h>
#include <string.h>

#include "../sim/ksp.h"
#include "testutil.h"

struct edge {
        const char *a, *b;
        double km;
};

/* Builds a finished topology from edges added in the order given; nodes are
 * numbered in order of first appearance. */
static struct sim_topology *build(const struct edge *e, int n)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_topology *t = sim_topology_create("test");
        CU_ASSERT_PTR_NOT_NULL_FATAL(t);
        for (int i = 0; i < n; i++)
                CU_ASSERT_EQUAL_FATAL(sim_topology_add(t, e[i].a, e[i].b, e[i].km, NULL, &eb),
                                      RG_OK);
        CU_ASSERT_EQUAL_FATAL(sim_topology_finish(t, &eb), RG_OK);
        return t;
}

static struct sim_paths *paths_ok(const struct sim_topology *t, int k)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_paths *p = NULL;
        CU_ASSERT_EQUAL_FATAL(sim_paths_build(t, k, &p, &eb), RG_OK);
        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
        CU_ASSERT_EQUAL(p->k, k);
        CU_ASSERT_EQUAL(p->n_nodes, t->n_nodes);
        return p;
}

/* Index of the node with the one-character name `c`. */
static int node(const struct sim_topology *t, char c)
{
        char name[2] = {c, '\0'};
        int v = sim_topology_node(t, name);
        CU_ASSERT_FATAL(v >= 0);
        return v;
}

/* Checks that path i between the first and last node of `spec` (one character
 * per node name, e.g. "ABE") is exactly `spec` and has length `km`. */
static void assert_path(const struct sim_paths *p, const struct sim_topology *t, int i,
                        const char *spec, double km)
{
        int n_nodes = (int)strlen(spec);
        int s = node(t, spec[0]), d = node(t, spec[n_nodes - 1]);
        CU_ASSERT_FATAL(i < sim_paths_count(p, s, d));
        const struct sim_path *path = sim_paths_get(p, s, d, i);
        CU_ASSERT_EQUAL(path->hops, n_nodes - 1);
        CU_ASSERT_DOUBLE_EQUAL(path->km, km, 1e-12);
        bool same = path->hops == n_nodes - 1;
        for (int j = 0; same && j < n_nodes; j++)
                same = path->nodes[j] == node(t, spec[j]);
        if (!same) {
                fprintf(stderr, "\n    path %d %c->%c is", i, spec[0], spec[n_nodes - 1]);
                for (int j = 0; j <= path->hops; j++)
                        fprintf(stderr, " %s", t->names[path->nodes[j]]);
                fprintf(stderr, ", expected %s\n", spec);
        }
        CU_ASSERT_TRUE(same);
}

static int count(const struct sim_paths *p, const struct sim_topology *t, char s, char d)
{
        return sim_paths_count(p, node(t, s), node(t, d));
}

/*
 * The square 0-1, 1-3, 0-2, 2-3 (1 km each) plus the diagonal 0-3 (2 km),
 * added in that order (node indices 0, 1, 3, 2 by first appearance; the
 * paths below are written by name).  Neighbours: 0: 1 2 3, 1: 0 3, 2: 0 3,
 * 3: 1 2 0.  All three 0->3 paths cost 2.  The first bidirectional search
 * meets at 3 while the forward side relaxes 0's neighbours, and later
 * meetings at equal cost do not replace it: 03.  Yen's spur at 0 without the
 * edge 0-3 meets first at 1 (3's first neighbour): 013; the next round's spur
 * at 0 without 0-3 and 0-1 gives 023.
 */
static const struct edge square[] = {
    {"0", "1", 1}, {"1", "3", 1}, {"0", "2", 1}, {"2", "3", 1}, {"0", "3", 2}};

static void test_square_equal_cost_order(void)
{
        struct sim_topology *t = build(square, 5);
        CU_ASSERT_EQUAL(node(t, '3'), 2);
        CU_ASSERT_EQUAL(node(t, '2'), 3);
        struct sim_paths *p = paths_ok(t, 3);
        CU_ASSERT_EQUAL_FATAL(count(p, t, '0', '3'), 3);
        assert_path(p, t, 0, "03", 2);
        assert_path(p, t, 1, "013", 2);
        assert_path(p, t, 2, "023", 2);
        sim_paths_destroy(p);
        sim_topology_destroy(t);
}

/*
 * The same square with the diagonal added first.  Neighbours: 0: 3 1 2,
 * 3: 0 1 2.  The forward step from 0 meets at 3 at once (03, cost 2); the
 * backward step from 3 then meets at 0, 1 and 2, all at cost 2 again, and
 * none of them may replace the first meeting.
 */
static const struct edge square_diagonal_first[] = {
    {"0", "3", 2}, {"0", "1", 1}, {"1", "3", 1}, {"0", "2", 1}, {"2", "3", 1}};

static void test_first_meeting_kept_at_equal_cost(void)
{
        struct sim_topology *t = build(square_diagonal_first, 5);
        struct sim_paths *p = paths_ok(t, 3);
        CU_ASSERT_EQUAL_FATAL(count(p, t, '0', '3'), 3);
        assert_path(p, t, 0, "03", 2);
        assert_path(p, t, 1, "013", 2);
        assert_path(p, t, 2, "023", 2);
        CU_ASSERT_EQUAL_FATAL(count(p, t, '3', '0'), 3);
        assert_path(p, t, 0, "30", 2);
        assert_path(p, t, 1, "310", 2);
        assert_path(p, t, 2, "320", 2);
        sim_paths_destroy(p);
        sim_topology_destroy(t);
}

/*
 * s-a, s-b, t-b, t-a (1 km each): neighbours s: a b, t: b a.  The forward
 * side expands s first (seeing a, b), then the backward side expands t and
 * meets at b, its first neighbour: sbt comes before sat.  From t the roles
 * swap: the forward side sees b, a, and the backward side, from s, meets at
 * a first: tas before tbs.
 */
static void test_forward_side_expands_first(void)
{
        static const struct edge e[] = {{"s", "a", 1}, {"s", "b", 1}, {"t", "b", 1}, {"t", "a", 1}};
        struct sim_topology *t = build(e, 4);
        struct sim_paths *p = paths_ok(t, 3);
        CU_ASSERT_EQUAL_FATAL(count(p, t, 's', 't'), 2);
        assert_path(p, t, 0, "sbt", 2);
        assert_path(p, t, 1, "sat", 2);
        CU_ASSERT_EQUAL_FATAL(count(p, t, 't', 's'), 2);
        assert_path(p, t, 0, "tas", 2);
        assert_path(p, t, 1, "tbs", 2);
        sim_paths_destroy(p);
        sim_topology_destroy(t);
}

/*
 * A node reached again at the same distance keeps its first predecessor.
 * Edges in order: s-a, s-b, a-x, b-x, x-y, t-z, t-w, y-t (1 km each).  The
 * forward side reaches x from a (step 3) and again from b (step 5) at the
 * same distance 2, while the backward side spends its steps on the dead ends
 * z and w; the sides meet at y only at step 7, through x's predecessor.  So
 * saxyt (4) comes first and sbxyt (4) second.
 */
static void test_equal_distance_keeps_first_predecessor(void)
{
        static const struct edge e[] = {{"s", "a", 1}, {"s", "b", 1}, {"a", "x", 1}, {"b", "x", 1},
                                        {"x", "y", 1}, {"t", "z", 1}, {"t", "w", 1}, {"y", "t", 1}};
        struct sim_topology *t = build(e, 8);
        struct sim_paths *p = paths_ok(t, 3);
        CU_ASSERT_EQUAL_FATAL(count(p, t, 's', 't'), 2);
        assert_path(p, t, 0, "saxyt", 4);
        assert_path(p, t, 1, "sbxyt", 4);
        sim_paths_destroy(p);
        sim_topology_destroy(t);
}

/* With k = 1 only the first of the equal-cost paths is kept. */
static void test_square_k1_keeps_first(void)
{
        struct sim_topology *t = build(square, 5);
        struct sim_paths *p = paths_ok(t, 1);
        CU_ASSERT_EQUAL_FATAL(count(p, t, '0', '3'), 1);
        assert_path(p, t, 0, "03", 2);
        /* 1->2: 102 and 132 both cost 2; the backward side (from 2, whose
         * neighbours are 0 then 3) meets at 0 first */
        CU_ASSERT_EQUAL_FATAL(count(p, t, '1', '2'), 1);
        assert_path(p, t, 0, "102", 2);
        /* 0->2: the direct link (1 km) beats 0-3-2 (3) and 0-1-3-2 (3) */
        assert_path(p, t, 0, "02", 1);
        sim_paths_destroy(p);
        sim_topology_destroy(t);
}

/* a-b-c has a single simple path a->c, whatever k is. */
static void test_line_has_one_path(void)
{
        static const struct edge e[] = {{"a", "b", 4}, {"b", "c", 6}};
        struct sim_topology *t = build(e, 2);
        struct sim_paths *p = paths_ok(t, 3);
        CU_ASSERT_EQUAL(count(p, t, 'a', 'c'), 1);
        assert_path(p, t, 0, "abc", 10);
        CU_ASSERT_EQUAL(count(p, t, 'c', 'a'), 1);
        assert_path(p, t, 0, "cba", 10);
        CU_ASSERT_EQUAL(count(p, t, 'a', 'b'), 1);
        assert_path(p, t, 0, "ab", 4);
        for (int v = 0; v < 3; v++)
                CU_ASSERT_EQUAL(sim_paths_count(p, v, v), 0);
        sim_paths_destroy(p);
        sim_topology_destroy(t);
}

/* a-b and c-d: no path between the components. */
static void test_two_components(void)
{
        static const struct edge e[] = {{"a", "b", 1}, {"c", "d", 1}};
        struct sim_topology *t = build(e, 2);
        struct sim_paths *p = paths_ok(t, 2);
        CU_ASSERT_EQUAL(count(p, t, 'a', 'c'), 0);
        CU_ASSERT_EQUAL(count(p, t, 'a', 'd'), 0);
        CU_ASSERT_EQUAL(count(p, t, 'd', 'b'), 0);
        CU_ASSERT_EQUAL(count(p, t, 'a', 'b'), 1);
        CU_ASSERT_EQUAL(count(p, t, 'c', 'd'), 1);
        assert_path(p, t, 0, "dc", 1);
        sim_paths_destroy(p);
        sim_topology_destroy(t);
}

/*
 * Five nodes with A-B 1, B-E 2, A-C 2, C-E 2, A-D 1, D-E 4, B-C 3.  The
 * simple paths A->E and their lengths:
 *   ABE 3, ACE 4, ADE 5, ABCE 6, ACBE 7
 * all distinct, so the order is by length alone.
 */
static const struct edge five[] = {{"A", "B", 1}, {"B", "E", 2}, {"A", "C", 2}, {"C", "E", 2},
                                   {"A", "D", 1}, {"D", "E", 4}, {"B", "C", 3}};

static void test_five_nodes_k3_by_length(void)
{
        struct sim_topology *t = build(five, 7);
        struct sim_paths *p = paths_ok(t, 3);
        CU_ASSERT_EQUAL_FATAL(count(p, t, 'A', 'E'), 3);
        assert_path(p, t, 0, "ABE", 3);
        assert_path(p, t, 1, "ACE", 4);
        assert_path(p, t, 2, "ADE", 5);
        /* the other direction: the same paths reversed */
        CU_ASSERT_EQUAL_FATAL(count(p, t, 'E', 'A'), 3);
        assert_path(p, t, 0, "EBA", 3);
        assert_path(p, t, 1, "ECA", 4);
        assert_path(p, t, 2, "EDA", 5);
        sim_paths_destroy(p);
        sim_topology_destroy(t);
}

/* With room for more, all five simple paths A->E come out, by length. */
static void test_five_nodes_all_paths(void)
{
        struct sim_topology *t = build(five, 7);
        struct sim_paths *p = paths_ok(t, 8);
        CU_ASSERT_EQUAL_FATAL(count(p, t, 'A', 'E'), 5);
        assert_path(p, t, 0, "ABE", 3);
        assert_path(p, t, 1, "ACE", 4);
        assert_path(p, t, 2, "ADE", 5);
        assert_path(p, t, 3, "ABCE", 6);
        assert_path(p, t, 4, "ACBE", 7);
        /*
         * D->B has ties: DAB 2, then DEB 6 (spur at D, pushed first) before
         * DACB 6 (spur at A); DACEB 7; DECB 9 (pushed while DEB was the last
         * path) before DECAB 9 (pushed while DECB was).
         */
        CU_ASSERT_EQUAL_FATAL(count(p, t, 'D', 'B'), 6);
        assert_path(p, t, 0, "DAB", 2);
        assert_path(p, t, 1, "DEB", 6);
        assert_path(p, t, 2, "DACB", 6);
        assert_path(p, t, 3, "DACEB", 7);
        assert_path(p, t, 4, "DECB", 9);
        assert_path(p, t, 5, "DECAB", 9);
        sim_paths_destroy(p);
        sim_topology_destroy(t);
}

/*
 * Two candidates of equal cost wait in Yen's buffer at the same time; they
 * leave it in insertion order.  s-a 1, a-t 1, s-b 1, b-a 1, a-c 1, c-t 1.
 * After sat (2), the spur at s (without s-a) gives sbat (3) and the spur at a
 * (without a-t, avoiding s) gives sact (3), pushed second; the round after
 * adds sbact (4).  These four are all the simple paths.
 */
static void test_equal_cost_candidates_in_push_order(void)
{
        static const struct edge e[] = {{"s", "a", 1}, {"a", "t", 1}, {"s", "b", 1},
                                        {"b", "a", 1}, {"a", "c", 1}, {"c", "t", 1}};
        struct sim_topology *t = build(e, 6);
        struct sim_paths *p = paths_ok(t, 5);
        CU_ASSERT_EQUAL_FATAL(count(p, t, 's', 't'), 4);
        assert_path(p, t, 0, "sat", 2);
        assert_path(p, t, 1, "sbat", 3);
        assert_path(p, t, 2, "sact", 3);
        assert_path(p, t, 3, "sbact", 4);
        sim_paths_destroy(p);
        sim_topology_destroy(t);
}

/*
 * Spur searches must avoid the nodes of their root.  s-a 1, a-b 1, b-t 1,
 * a-c 1, c-b 1, a-t 10: the simple paths s->t are sabt 3, sacbt 4 and sat 11.
 * While sabt's spur at b runs (edges s-a, a-b, b-t removed), b-c-a-t exists
 * if a is not avoided, which would add the non-simple s-a-b-c-a-t (14).
 */
static void test_spur_avoids_root_nodes(void)
{
        static const struct edge e[] = {{"s", "a", 1}, {"a", "b", 1}, {"b", "t", 1},
                                        {"a", "c", 1}, {"c", "b", 1}, {"a", "t", 10}};
        struct sim_topology *t = build(e, 6);
        struct sim_paths *p = paths_ok(t, 4);
        CU_ASSERT_EQUAL_FATAL(count(p, t, 's', 't'), 3);
        assert_path(p, t, 0, "sabt", 3);
        assert_path(p, t, 1, "sacbt", 4);
        assert_path(p, t, 2, "sat", 11);
        sim_paths_destroy(p);
        sim_topology_destroy(t);
}

/* Every stored path: starts at s, ends at d, is simple, its links join its
 * consecutive nodes, its km is the sum of its links, and paths of a pair are
 * distinct and sorted by length. */
static void test_paths_consistent_with_links(void)
{
        struct sim_topology *t = build(five, 7);
        struct sim_paths *p = paths_ok(t, 4);
        int n = t->n_nodes;
        CU_ASSERT_EQUAL_FATAL(n, 5);
        for (int s = 0; s < n; s++) {
                for (int d = 0; d < n; d++) {
                        int found = sim_paths_count(p, s, d);
                        CU_ASSERT(found >= 0 && found <= 4);
                        if (s == d)
                                CU_ASSERT_EQUAL(found, 0);
                        if (s != d)
                                CU_ASSERT(found >= 1); /* the graph is connected */
                        double prev_km = 0;
                        for (int i = 0; i < found; i++) {
                                const struct sim_path *path = sim_paths_get(p, s, d, i);
                                const int *nodes = path->nodes;
                                const int *links = path->links;
                                CU_ASSERT_FATAL(path->hops >= 1 && path->hops < n);
                                CU_ASSERT_EQUAL(nodes[0], s);
                                CU_ASSERT_EQUAL(nodes[path->hops], d);
                                double km = 0;
                                for (int j = 0; j < path->hops; j++) {
                                        int l =
                                            sim_topology_link_between(t, nodes[j], nodes[j + 1]);
                                        CU_ASSERT(l >= 0);
                                        CU_ASSERT_EQUAL(links[j], l);
                                        if (l >= 0)
                                                km += t->links[l].km;
                                        for (int q = 0; q < j; q++)
                                                CU_ASSERT_NOT_EQUAL(nodes[q], nodes[j + 1]);
                                }
                                CU_ASSERT_DOUBLE_EQUAL(path->km, km, 1e-9);
                                CU_ASSERT(path->km >= prev_km);
                                prev_km = path->km;
                                for (int o = 0; o < i; o++) {
                                        const struct sim_path *other = sim_paths_get(p, s, d, o);
                                        bool same =
                                            other->hops == path->hops &&
                                            memcmp(other->nodes, nodes,
                                                   (size_t)(path->hops + 1) * sizeof(int)) == 0;
                                        CU_ASSERT_FALSE(same);
                                }
                        }
                }
        }
        /* A->E path 0 is A-B-E over links A-B (0) and B-E (1) */
        const struct sim_path *ae = sim_paths_get(p, node(t, 'A'), node(t, 'E'), 0);
        CU_ASSERT_EQUAL_FATAL(ae->hops, 2);
        CU_ASSERT_EQUAL(ae->links[0], 0);
        CU_ASSERT_EQUAL(ae->links[1], 1);
        sim_paths_destroy(p);
        sim_topology_destroy(t);
}

static void test_k_out_of_range(void)
{
        static const struct edge e[] = {{"a", "b", 1}};
        struct sim_topology *t = build(e, 1);
        static const int bad[] = {0, -1, SIM_MAX_K + 1};
        for (int i = 0; i < 3; i++) {
                struct rg_errbuf eb;
                rg_errbuf_init(&eb);
                struct sim_paths dummy;
                struct sim_paths *p = &dummy;
                CU_ASSERT_EQUAL(sim_paths_build(t, bad[i], &p, &eb), RG_RANGE);
                CU_ASSERT_EQUAL(eb.code, RG_RANGE);
                CU_ASSERT_PTR_NULL(p);
        }
        struct sim_paths *p = paths_ok(t, SIM_MAX_K);
        CU_ASSERT_EQUAL(count(p, t, 'a', 'b'), 1);
        sim_paths_destroy(p);
        sim_topology_destroy(t);
}

static void test_unfinished_topology_is_error(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_topology *t = sim_topology_create("open");
        CU_ASSERT_PTR_NOT_NULL_FATAL(t);
        CU_ASSERT_EQUAL(sim_topology_add(t, "a", "b", 1, NULL, &eb), RG_OK);
        struct sim_paths *p = NULL;
        CU_ASSERT_NOT_EQUAL(sim_paths_build(t, 2, &p, &eb), RG_OK);
        CU_ASSERT_PTR_NULL(p);
        sim_topology_destroy(t);
        sim_paths_destroy(NULL);
}

/* One pair on its own: the table's paths, with the creator's bytes after
 * them (one path's worth even without paths), zeroed and writable. */
static void test_pair_paths_create(void)
{
        struct sim_topology *t = build(five, 7);
        struct sim_paths *p = paths_ok(t, 3);
        int a = node(t, 'A'), e = node(t, 'E');
        struct sim_pair_paths *pp = NULL;
        uint8_t *row = NULL;
        CU_ASSERT_EQUAL_FATAL(sim_pair_paths_create(t, 3, a, e, NULL, 2, &pp, &row), RG_OK);
        const struct sim_pair_paths *want = sim_paths_pair(p, a, e);
        CU_ASSERT_EQUAL_FATAL(pp->count, 3);
        CU_ASSERT_EQUAL_FATAL(want->count, 3);
        for (int i = 0; i < 3; i++) {
                CU_ASSERT_EQUAL(pp->path[i].hops, want->path[i].hops);
                CU_ASSERT_EQUAL(pp->path[i].km, want->path[i].km);
                CU_ASSERT_EQUAL(memcmp(pp->path[i].nodes, want->path[i].nodes,
                                       (size_t)(want->path[i].hops + 1) * sizeof(int)),
                                0);
                CU_ASSERT_EQUAL(memcmp(pp->path[i].links, want->path[i].links,
                                       (size_t)want->path[i].hops * sizeof(int)),
                                0);
        }
        CU_ASSERT_PTR_NULL(want->first_mod);
        CU_ASSERT_PTR_NOT_NULL_FATAL(row);
        CU_ASSERT_PTR_EQUAL(pp->first_mod, row);
        for (int i = 0; i < 6; i++) {
                CU_ASSERT_EQUAL(row[i], 0);
                row[i] = (uint8_t)(i + 1);
        }
        CU_ASSERT_EQUAL(pp->path[2].nodes[pp->path[2].hops], e); /* untouched by the row */
        sim_pair_paths_destroy(pp);

        CU_ASSERT_EQUAL_FATAL(sim_pair_paths_create(t, 3, a, e, NULL, 0, &pp, &row), RG_OK);
        CU_ASSERT_PTR_NULL(row);
        CU_ASSERT_PTR_NULL(pp->first_mod);
        CU_ASSERT_EQUAL(pp->count, 3);
        sim_pair_paths_destroy(pp);

        CU_ASSERT_EQUAL_FATAL(sim_pair_paths_create(t, 3, a, a, NULL, 4, &pp, &row), RG_OK);
        CU_ASSERT_EQUAL(pp->count, 0);
        CU_ASSERT_PTR_NOT_NULL_FATAL(row);
        for (int i = 0; i < 4; i++)
                row[i] = 7;
        sim_pair_paths_destroy(pp);
        sim_pair_paths_destroy(NULL);
        sim_paths_destroy(p);
        sim_topology_destroy(t);
}

static void test_pair_paths_create_errors(void)
{
        struct sim_topology *t = build(five, 7);
        static const int bad[][3] = {
            {0, 0, 1}, {SIM_MAX_K + 1, 0, 1}, {3, -1, 1}, {3, 0, 5}, {3, 5, 0}, {3, 0, -1}};
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                struct sim_pair_paths dummy;
                struct sim_pair_paths *pp = &dummy;
                uint8_t byte, *row = &byte;
                CU_ASSERT_EQUAL(
                    sim_pair_paths_create(t, bad[i][0], bad[i][1], bad[i][2], NULL, 1, &pp, &row),
                    RG_RANGE);
                CU_ASSERT_PTR_NULL(pp);
                CU_ASSERT_PTR_NULL(row);
        }
        sim_topology_destroy(t);

        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_topology *open = sim_topology_create("open");
        CU_ASSERT_PTR_NOT_NULL_FATAL(open);
        CU_ASSERT_EQUAL(sim_topology_add(open, "a", "b", 1, NULL, &eb), RG_OK);
        struct sim_pair_paths *pp = NULL;
        CU_ASSERT_EQUAL(sim_pair_paths_create(open, 2, 0, 1, NULL, 0, &pp, NULL), RG_INTERNAL);
        CU_ASSERT_PTR_NULL(pp);
        sim_topology_destroy(open);
}

/*
 * Random graphs whose paths all differ in length (random real km): the k
 * shortest simple paths are then simply the k shortest of all simple paths,
 * which a depth-first enumeration lists independently of sim/ksp.c.  This
 * holds the spur searches' caps (a search gives up once its candidate cannot
 * be among the paths still to accept) to the plain definition on every pair
 * of 30 graphs; the order of ties is check_ksp.sh's job (networkx).
 */
#define ENUM_NODES 10
#define ENUM_MAX 4096

struct enum_state {
        const struct sim_topology *t;
        int dst, len, path[ENUM_NODES];
        bool on[ENUM_NODES];
        int n;
        double cost[ENUM_MAX];
        int hops[ENUM_MAX], nodes[ENUM_MAX][ENUM_NODES];
};

static void enum_from(struct enum_state *e, int v, double km)
{
        e->path[e->len++] = v;
        e->on[v] = true;
        if (v == e->dst) {
                CU_ASSERT_FATAL(e->n < ENUM_MAX);
                e->cost[e->n] = km;
                e->hops[e->n] = e->len - 1;
                memcpy(e->nodes[e->n], e->path, sizeof(e->path));
                e->n++;
        } else {
                for (int off = e->t->adj_off[v]; off < e->t->adj_off[v + 1]; off++)
                        if (!e->on[e->t->adj_node[off]])
                                enum_from(e, e->t->adj_node[off],
                                          km + e->t->links[e->t->adj_link[off]].km);
        }
        e->on[v] = false;
        e->len--;
}

static uint64_t enum_rand(uint64_t *x)
{
        *x ^= *x << 13;
        *x ^= *x >> 7;
        *x ^= *x << 17;
        return *x;
}

static void test_k_shortest_of_all_simple_paths(void)
{
        static struct enum_state e;
        int checked = 0;
        for (uint64_t seed = 1; seed <= 30; seed++) {
                uint64_t x = 0x9e3779b97f4a7c15ull * seed;
                struct rg_errbuf eb;
                rg_errbuf_init(&eb);
                struct sim_topology *t = sim_topology_create("random");
                CU_ASSERT_PTR_NOT_NULL_FATAL(t);
                bool linked[ENUM_NODES][ENUM_NODES] = {{false}};
                int links = 0;
                /* a random tree, then chords up to 18 links */
                for (int v = 1; links < 18; v++) {
                        int a = v < ENUM_NODES ? (int)(enum_rand(&x) % (uint64_t)v)
                                               : (int)(enum_rand(&x) % ENUM_NODES);
                        int b = v < ENUM_NODES ? v : (int)(enum_rand(&x) % ENUM_NODES);
                        if (a == b || linked[a][b])
                                continue;
                        linked[a][b] = linked[b][a] = true;
                        char na[16], nb[16];
                        snprintf(na, sizeof(na), "n%d", a);
                        snprintf(nb, sizeof(nb), "n%d", b);
                        double km = 1 + (double)(enum_rand(&x) % 1000000) / 1000.0;
                        CU_ASSERT_EQUAL_FATAL(sim_topology_add(t, na, nb, km, NULL, &eb), RG_OK);
                        links++;
                }
                CU_ASSERT_EQUAL_FATAL(sim_topology_finish(t, &eb), RG_OK);
                CU_ASSERT_EQUAL_FATAL(t->n_nodes, ENUM_NODES);
                for (int s = 0; s < ENUM_NODES; s++) {
                        for (int d = 0; d < ENUM_NODES; d++) {
                                if (s == d)
                                        continue;
                                e = (struct enum_state){.t = t, .dst = d};
                                enum_from(&e, s, 0);
                                /* selection sort of the k + 1 shortest */
                                const int k = 4, want = e.n < k ? e.n : k;
                                for (int i = 0; i < e.n && i <= k; i++) {
                                        int m = i;
                                        for (int j = i + 1; j < e.n; j++)
                                                m = e.cost[j] < e.cost[m] ? j : m;
                                        double c = e.cost[i];
                                        e.cost[i] = e.cost[m];
                                        e.cost[m] = c;
                                        int h = e.hops[i];
                                        e.hops[i] = e.hops[m];
                                        e.hops[m] = h;
                                        int tmp[ENUM_NODES];
                                        memcpy(tmp, e.nodes[i], sizeof(tmp));
                                        memcpy(e.nodes[i], e.nodes[m], sizeof(tmp));
                                        memcpy(e.nodes[m], tmp, sizeof(tmp));
                                }
                                bool distinct = true;
                                for (int i = 0; i + 1 < e.n && i < k; i++)
                                        distinct =
                                            distinct && e.cost[i + 1] > e.cost[i] * (1 + 1e-9);
                                if (!distinct)
                                        continue;
                                /* the distances to d: the shortest of all paths */
                                double to_d[ENUM_NODES];
                                CU_ASSERT_EQUAL_FATAL(sim_distances_to(t, d, to_d), RG_OK);
                                CU_ASSERT_DOUBLE_EQUAL(to_d[s], e.cost[0], 1e-9 * e.cost[0]);
                                /* with them given (as the model gives them)
                                 * for every other pair, found otherwise */
                                struct sim_pair_paths *pp = NULL;
                                CU_ASSERT_EQUAL_FATAL(
                                    sim_pair_paths_create(t, k, s, d, (s + d) % 2 ? to_d : NULL, 0,
                                                          &pp, NULL),
                                    RG_OK);
                                CU_ASSERT_EQUAL(pp->count, want);
                                for (int i = 0; i < want && i < pp->count; i++) {
                                        const struct sim_path *p = &pp->path[i];
                                        CU_ASSERT_EQUAL(p->hops, e.hops[i]);
                                        CU_ASSERT(p->hops == e.hops[i] &&
                                                  memcmp(p->nodes, e.nodes[i],
                                                         (size_t)(p->hops + 1) * sizeof(int)) == 0);
                                }
                                sim_pair_paths_destroy(pp);
                                checked++;
                        }
                }
                sim_topology_destroy(t);
        }
        /* 30 graphs x 90 pairs; ties are rare with km drawn from 10^6 values */
        CU_ASSERT(checked > 2500);
}

TEST_MAIN("ksp", TEST(test_square_equal_cost_order), TEST(test_first_meeting_kept_at_equal_cost),
          TEST(test_forward_side_expands_first), TEST(test_equal_distance_keeps_first_predecessor),
          TEST(test_square_k1_keeps_first), TEST(test_line_has_one_path), TEST(test_two_components),
          TEST(test_five_nodes_k3_by_length), TEST(test_five_nodes_all_paths),
          TEST(test_equal_cost_candidates_in_push_order), TEST(test_spur_avoids_root_nodes),
          TEST(test_paths_consistent_with_links), TEST(test_k_out_of_range),
          TEST(test_unfinished_topology_is_error), TEST(test_pair_paths_create),
          TEST(test_pair_paths_create_errors), TEST(test_k_shortest_of_all_simple_paths))
