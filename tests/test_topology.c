/*
 * Tests for sim/topology.c: FUSION's text format and the project's JSON format,
 * node order, adjacency order, FUSION's directed-line semantics and the error
 * messages (which must name the file and the line).  Expected values are
 * worked out by hand from the inputs written here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../sim/topology.h"
#include "testutil.h"

/* Loads FUSION text from memory as if it came from "t.txt"; expects success. */
static struct sim_topology *load_text_ok(const char *text)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_topology *t = NULL;
        int rc = sim_topology_load_fusion_text("t.txt", text, &t, &eb);
        CU_ASSERT_EQUAL(rc, RG_OK);
        CU_ASSERT_EQUAL(eb.code, RG_OK);
        CU_ASSERT_PTR_NOT_NULL(t);
        return t;
}

/* Loads FUSION text that must fail with `code`, and checks that the message
 * contains `where` (e.g. "t.txt:3") and that no topology is returned. */
static void expect_text_error(const char *text, int code, const char *where)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_topology dummy;
        struct sim_topology *t = &dummy; /* must be reset to NULL */
        int rc = sim_topology_load_fusion_text("t.txt", text, &t, &eb);
        CU_ASSERT_EQUAL(rc, code);
        CU_ASSERT_EQUAL(eb.code, code);
        CU_ASSERT_PTR_NULL(t);
        if (strstr(eb.msg, where) == NULL) {
                fprintf(stderr, "\n    message '%s' lacks '%s'\n", eb.msg, where);
                CU_FAIL("error message does not name the file and line");
        }
}

static void expect_json_error(const char *text, int code, const char *where)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_topology dummy;
        struct sim_topology *t = &dummy;
        int rc = sim_topology_load_json("t.json", text, &t, &eb);
        CU_ASSERT_EQUAL(rc, code);
        CU_ASSERT_EQUAL(eb.code, code);
        CU_ASSERT_PTR_NULL(t);
        if (strstr(eb.msg, where) == NULL) {
                fprintf(stderr, "\n    message '%s' lacks '%s'\n", eb.msg, where);
                CU_FAIL("error message does not say where");
        }
}

static void assert_neighbours(const struct sim_topology *t, int v, const int *nodes,
                              const int *links, int n)
{
        CU_ASSERT_EQUAL_FATAL(t->adj_off[v + 1] - t->adj_off[v], n);
        for (int i = 0; i < n; i++) {
                CU_ASSERT_EQUAL(t->adj_node[t->adj_off[v] + i], nodes[i]);
                CU_ASSERT_EQUAL(t->adj_link[t->adj_off[v] + i], links[i]);
        }
}

/* Nodes are numbered in order of first appearance, src before dst, line by
 * line: b a / c b / a d / e c gives b=0 a=1 c=2 d=3 e=4.  Comment lines,
 * blank lines, lines of blanks and trailing blanks/tabs are skipped. */
static void test_fusion_node_order_and_blanks(void)
{
        const char *text = "# FUSION topology\n"
                           "b\ta\t100\t \n"
                           "\n"
                           "c b 50\n"
                           "a\td\t70\t\t\n"
                           "   \t\n"
                           "  # indented comment\n"
                           "e   c\t20";
        struct sim_topology *t = load_text_ok(text);
        if (t == NULL)
                return;
        static const char *const order[] = {"b", "a", "c", "d", "e"};
        CU_ASSERT_EQUAL_FATAL(t->n_nodes, 5);
        for (int i = 0; i < 5; i++)
                CU_ASSERT_STRING_EQUAL(t->names[i], order[i]);
        CU_ASSERT_EQUAL(t->n_links, 4);
        CU_ASSERT_STRING_EQUAL(t->name, "t");
        CU_ASSERT_TRUE(t->finished);

        /* links in creation order, a = the endpoint named first */
        static const int la[] = {0, 2, 1, 4}, lb[] = {1, 0, 3, 2};
        static const double km[] = {100, 50, 70, 20};
        for (int i = 0; i < 4 && i < t->n_links; i++) {
                CU_ASSERT_EQUAL(t->links[i].a, la[i]);
                CU_ASSERT_EQUAL(t->links[i].b, lb[i]);
                CU_ASSERT_DOUBLE_EQUAL(t->links[i].km, km[i], 0);
        }
        CU_ASSERT_EQUAL(sim_topology_node(t, "d"), 3);
        CU_ASSERT_EQUAL(sim_topology_node(t, "zz"), -1);
        CU_ASSERT_EQUAL(sim_topology_link_between(t, 3, 1), 2);
        CU_ASSERT_EQUAL(sim_topology_link_between(t, 1, 3), 2);
        CU_ASSERT_EQUAL(sim_topology_link_between(t, 0, 4), -1);
        sim_topology_destroy(t);
}

/* Neighbours of a node come in the order their edges were first added. */
static void test_fusion_adjacency_order(void)
{
        /* b a / c b / a d / e c  (b=0 a=1 c=2 d=3 e=4; links 0..3) */
        struct sim_topology *t = load_text_ok("b a 100\nc b 50\na d 70\ne c 20\n");
        if (t == NULL)
                return;
        CU_ASSERT_EQUAL_FATAL(t->adj_off[0], 0);
        CU_ASSERT_EQUAL_FATAL(t->adj_off[5], 8);
        assert_neighbours(t, 0, (const int[]){1, 2}, (const int[]){0, 1}, 2); /* b: a, c */
        assert_neighbours(t, 1, (const int[]){0, 3}, (const int[]){0, 2}, 2); /* a: b, d */
        assert_neighbours(t, 2, (const int[]){0, 4}, (const int[]){1, 3}, 2); /* c: b, e */
        assert_neighbours(t, 3, (const int[]){1}, (const int[]){2}, 1);       /* d: a */
        assert_neighbours(t, 4, (const int[]){2}, (const int[]){3}, 1);       /* e: c */
        sim_topology_destroy(t);
}

/* A later reverse line sets the length but does not move the edge in any
 * node's neighbour list: a's neighbours stay b, c, d. */
static void test_fusion_reverse_keeps_adjacency_order(void)
{
        struct sim_topology *t = load_text_ok("a b 1\nc a 2\na d 3\nb a 5\n");
        if (t == NULL)
                return;
        CU_ASSERT_EQUAL_FATAL(t->n_links, 3);
        CU_ASSERT_EQUAL_FATAL(t->n_nodes, 4);
        assert_neighbours(t, 0, (const int[]){1, 2, 3}, (const int[]){0, 1, 2}, 3);
        CU_ASSERT_DOUBLE_EQUAL(t->links[0].km, 5, 0);
        sim_topology_destroy(t);
}

/* The same directed line twice: the first stands. */
static void test_fusion_repeated_line_first_wins(void)
{
        struct sim_topology *t = load_text_ok("a b 10\nb c 4\na b 99\n");
        if (t == NULL)
                return;
        CU_ASSERT_EQUAL(t->n_links, 2);
        CU_ASSERT_EQUAL(t->n_nodes, 3);
        CU_ASSERT_DOUBLE_EQUAL(t->links[0].km, 10, 0);
        CU_ASSERT_EQUAL(t->links[0].dirs, 1u);
        sim_topology_destroy(t);
}

/* a b 10, then b a 25: networkx's add_edge overwrites, so 25; a second b a
 * (40) and a repeated a b (7) are both ignored. */
static void test_fusion_reverse_line_overwrites_once(void)
{
        struct sim_topology *t = load_text_ok("a b 10\nb a 25\nb a 40\na b 7\n");
        if (t == NULL)
                return;
        CU_ASSERT_EQUAL_FATAL(t->n_links, 1);
        CU_ASSERT_EQUAL(t->n_nodes, 2);
        CU_ASSERT_EQUAL(t->links[0].a, 0);
        CU_ASSERT_EQUAL(t->links[0].b, 1);
        CU_ASSERT_DOUBLE_EQUAL(t->links[0].km, 25, 0);
        CU_ASSERT_EQUAL(t->links[0].dirs, 3u);
        sim_topology_destroy(t);
}

/* sim_topology_add reports a length change through *conflict. */
static void test_add_reports_conflict(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_topology *t = sim_topology_create("x");
        CU_ASSERT_PTR_NOT_NULL_FATAL(t);
        bool conflict = true;
        CU_ASSERT_EQUAL(sim_topology_add(t, "a", "b", 10, &conflict, &eb), RG_OK);
        CU_ASSERT_FALSE(conflict);
        conflict = true;
        CU_ASSERT_EQUAL(sim_topology_add(t, "b", "a", 10, &conflict, &eb), RG_OK);
        CU_ASSERT_FALSE(conflict); /* same length: no conflict */
        CU_ASSERT_EQUAL(sim_topology_add(t, "b", "c", 3, &conflict, &eb), RG_OK);
        CU_ASSERT_EQUAL(sim_topology_add(t, "c", "b", 4, &conflict, &eb), RG_OK);
        CU_ASSERT_TRUE(conflict);
        CU_ASSERT_DOUBLE_EQUAL(t->links[1].km, 4, 0);
        CU_ASSERT_EQUAL(sim_topology_finish(t, &eb), RG_OK);
        /* a finished topology is immutable */
        CU_ASSERT_NOT_EQUAL(sim_topology_add(t, "c", "d", 1, NULL, &eb), RG_OK);
        CU_ASSERT_EQUAL(t->n_links, 2);
        CU_ASSERT_EQUAL(t->n_nodes, 3);
        sim_topology_destroy(t);
}

static void test_fusion_two_fields_is_error(void)
{
        expect_text_error("a b 1\nb c 2\nc d\n", RG_PARSE, "t.txt:3");
}

/* The blank line 2 still counts: the bad line is line 3. */
static void test_fusion_four_fields_is_error(void)
{
        expect_text_error("a b 1\n\nb c 2 3\n", RG_PARSE, "t.txt:3");
}

static void test_fusion_non_numeric_length_is_error(void)
{
        expect_text_error("a b 1\nb c x\n", RG_PARSE, "t.txt:2");
        expect_text_error("a b 1\nb c 12km\n", RG_PARSE, "t.txt:2");
}

static void test_fusion_non_positive_length_is_error(void)
{
        expect_text_error("a b 1\nb c -5\n", RG_RANGE, "t.txt:2");
        expect_text_error("# zero\na b 1\nc d 0\n", RG_RANGE, "t.txt:3");
}

/* strtod reads "inf" and "nan", but a length must be finite. */
static void test_fusion_non_finite_length_is_error(void)
{
        expect_text_error("a b 1\nb c inf\n", RG_RANGE, "t.txt:2");
        expect_text_error("a b nan\n", RG_RANGE, "t.txt:1");
}

/* Files written with CRLF line ends load like LF files. */
static void test_fusion_crlf_lines(void)
{
        struct sim_topology *t = load_text_ok("a\tb\t12\r\n\r\nb\tc\t7\r\n");
        if (t == NULL)
                return;
        CU_ASSERT_EQUAL(t->n_nodes, 3);
        CU_ASSERT_EQUAL_FATAL(t->n_links, 2);
        CU_ASSERT_DOUBLE_EQUAL(t->links[0].km, 12, 0);
        CU_ASSERT_DOUBLE_EQUAL(t->links[1].km, 7, 0);
        CU_ASSERT_STRING_EQUAL(t->names[2], "c");
        sim_topology_destroy(t);
}

static void test_fusion_self_loop_is_error(void)
{
        expect_text_error("a b 1\n# c\nc c 4\n", RG_RANGE, "t.txt:3");
}

static void test_fusion_long_node_name_is_error(void)
{
        /* 32 characters: one more than SIM_NODE_NAME_MAX - 1 */
        expect_text_error("a b 1\nb 0123456789abcdef0123456789abcdef 2\n", RG_RANGE, "t.txt:2");
}

static void test_fusion_too_few_nodes_is_error(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_topology *t = NULL;
        int rc = sim_topology_load_fusion_text("t.txt", "# nothing\n\n", &t, &eb);
        CU_ASSERT_NOT_EQUAL(rc, RG_OK);
        CU_ASSERT_EQUAL(eb.code, rc);
        CU_ASSERT_PTR_NULL(t);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "t.txt"));

        rg_errbuf_init(&eb);
        struct sim_topology *one = sim_topology_create("one");
        CU_ASSERT_PTR_NOT_NULL_FATAL(one);
        CU_ASSERT_NOT_EQUAL(sim_topology_finish(one, &eb), RG_OK);
        CU_ASSERT_FALSE(one->finished);
        sim_topology_destroy(one);
}

/* JSON: the node order is the "nodes" list, not the order of the links. */
static void test_json_good_file(void)
{
        const char *text =
            "{\"format\": \"rollgate-topology/1\", \"name\": \"tri\",\n"
            " \"nodes\": [\"x\", \"y\", \"z\"],\n"
            " \"links\": [[\"y\", \"z\", 3], [\"x\", \"y\", 1.5], [\"z\", \"x\", 2]]}\n";
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_topology *t = NULL;
        CU_ASSERT_EQUAL_FATAL(sim_topology_load_json("t.json", text, &t, &eb), RG_OK);
        CU_ASSERT_PTR_NOT_NULL_FATAL(t);
        CU_ASSERT_STRING_EQUAL(t->name, "tri");
        CU_ASSERT_EQUAL_FATAL(t->n_nodes, 3);
        CU_ASSERT_STRING_EQUAL(t->names[0], "x");
        CU_ASSERT_STRING_EQUAL(t->names[1], "y");
        CU_ASSERT_STRING_EQUAL(t->names[2], "z");
        CU_ASSERT_EQUAL_FATAL(t->n_links, 3);
        CU_ASSERT_EQUAL(sim_topology_link_between(t, 1, 2), 0);
        CU_ASSERT_EQUAL(sim_topology_link_between(t, 0, 1), 1);
        CU_ASSERT_EQUAL(sim_topology_link_between(t, 0, 2), 2);
        CU_ASSERT_DOUBLE_EQUAL(t->links[1].km, 1.5, 0);
        /* y: z (link 0) then x (link 1); x: y then z */
        assert_neighbours(t, 1, (const int[]){2, 0}, (const int[]){0, 1}, 2);
        assert_neighbours(t, 0, (const int[]){1, 2}, (const int[]){1, 2}, 2);
        sim_topology_destroy(t);
}

static void test_json_name_defaults_to_file_name(void)
{
        const char *text = "{\"nodes\": [\"p\", \"q\"], \"links\": [[\"p\", \"q\", 8]]}";
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_topology *t = NULL;
        CU_ASSERT_EQUAL_FATAL(sim_topology_load_json("dir/ring.json", text, &t, &eb), RG_OK);
        CU_ASSERT_STRING_EQUAL(t->name, "ring");
        sim_topology_destroy(t);
}

/* Links are undirected: [x, y] then [y, x] is the same link twice. */
static void test_json_duplicate_link_is_error(void)
{
        expect_json_error("{\"nodes\": [\"x\", \"y\"], \"links\": [[\"x\", \"y\", 1], "
                          "[\"y\", \"x\", 2]]}",
                          RG_PARSE, "links[1]");
        expect_json_error("{\"nodes\": [\"x\", \"y\"], \"links\": [[\"x\", \"y\", 1], "
                          "[\"x\", \"y\", 1]]}",
                          RG_PARSE, "t.json");
}

static void test_json_unknown_node_is_error(void)
{
        expect_json_error("{\"nodes\": [\"x\", \"y\"], \"links\": [[\"x\", \"y\", 1], "
                          "[\"y\", \"w\", 2]]}",
                          RG_PARSE, "links[1]");
}

static void test_json_bad_link_is_error(void)
{
        expect_json_error("{\"nodes\": [\"x\", \"y\"], \"links\": [[\"x\", \"y\"]]}", RG_PARSE,
                          "links[0]");
        expect_json_error("{\"nodes\": [\"x\", \"y\"], \"links\": [[\"x\", \"y\", -1]]}", RG_RANGE,
                          "links[0]");
        expect_json_error("{\"nodes\": [\"x\", \"x\"], \"links\": []}", RG_PARSE, "nodes[1]");
}

/* The missing comma is on line 3. */
static void test_json_malformed_names_line(void)
{
        expect_json_error("{\n"
                          "  \"nodes\": [\"x\", \"y\"],\n"
                          "  \"links\": [[\"x\" \"y\", 1]]\n"
                          "}\n",
                          RG_PARSE, "t.json:3");
}

/* Writes `text` to dir/name; the full path goes to `path`. */
static void write_file(const char *dir, const char *name, const char *text, char *path, size_t cap)
{
        snprintf(path, cap, "%s/%s", dir, name);
        FILE *f = fopen(path, "w");
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        CU_ASSERT_EQUAL(fputs(text, f) >= 0, 1);
        CU_ASSERT_EQUAL(fclose(f), 0);
}

/* sim_topology_load picks the format by content. */
static void test_load_from_disk_by_content(void)
{
        char dir[] = "/tmp/rg_topoXXXXXX";
        CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
        char txt[256], json[256];
        write_file(dir, "net.txt", "n1 n2 5\nn2 n3 6\n", txt, sizeof(txt));
        write_file(dir, "net.json",
                   "\n  {\"nodes\": [\"n3\", \"n2\", \"n1\"], \"links\": [[\"n1\", \"n2\", 5]]}",
                   json, sizeof(json));

        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_topology *t = NULL;
        CU_ASSERT_EQUAL(sim_topology_load(txt, &t, &eb), RG_OK);
        if (t != NULL) {
                CU_ASSERT_STRING_EQUAL(t->name, "net");
                CU_ASSERT_EQUAL(t->n_nodes, 3);
                CU_ASSERT_EQUAL(t->n_links, 2);
                CU_ASSERT_EQUAL(sim_topology_node(t, "n1"), 0);
        }
        sim_topology_destroy(t);

        t = NULL;
        CU_ASSERT_EQUAL(sim_topology_load(json, &t, &eb), RG_OK);
        if (t != NULL) {
                CU_ASSERT_EQUAL(t->n_nodes, 3);
                CU_ASSERT_EQUAL(t->n_links, 1);
                CU_ASSERT_EQUAL(sim_topology_node(t, "n1"), 2); /* "nodes" order */
        }
        sim_topology_destroy(t);

        CU_ASSERT_EQUAL(remove(txt), 0);
        CU_ASSERT_EQUAL(remove(json), 0);
        CU_ASSERT_EQUAL(rmdir(dir), 0);
}

static void test_load_missing_file_is_io_error(void)
{
        char dir[] = "/tmp/rg_topoXXXXXX";
        CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
        char path[256];
        snprintf(path, sizeof(path), "%s/missing.txt", dir);
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_topology dummy;
        struct sim_topology *t = &dummy;
        CU_ASSERT_EQUAL(sim_topology_load(path, &t, &eb), RG_IO);
        CU_ASSERT_PTR_NULL(t);
        CU_ASSERT_EQUAL(eb.code, RG_IO);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "missing.txt"));
        CU_ASSERT_EQUAL(rmdir(dir), 0);
}

/*
 * Link lookup, while building (a scan of the links) and once finished (a scan
 * of the fewer neighbours of the two ends): a hub h with links to a, b, c, d
 * (ids 0..3), then a-b (4) and c-d (5).  Both must agree with each other and
 * with the links themselves for every ordered pair, non-neighbours -1.
 */
static void test_link_between_before_and_after_finish(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_topology *t = sim_topology_create("hub");
        CU_ASSERT_PTR_NOT_NULL_FATAL(t);
        static const char *const ends[][2] = {{"h", "a"}, {"h", "b"}, {"h", "c"},
                                              {"h", "d"}, {"a", "b"}, {"c", "d"}};
        for (int i = 0; i < 6; i++)
                CU_ASSERT_EQUAL_FATAL(sim_topology_add(t, ends[i][0], ends[i][1], i + 1, NULL, &eb),
                                      RG_OK);
        int h = sim_topology_node(t, "h"), a = sim_topology_node(t, "a"),
            b = sim_topology_node(t, "b"), d = sim_topology_node(t, "d");
        CU_ASSERT_EQUAL(sim_topology_link_between(t, a, b), 4);
        int before[5][5];
        for (int u = 0; u < 5; u++)
                for (int v = 0; v < 5; v++)
                        before[u][v] = sim_topology_link_between(t, u, v);
        CU_ASSERT_EQUAL_FATAL(sim_topology_finish(t, &eb), RG_OK);
        CU_ASSERT_EQUAL(sim_topology_link_between(t, h, d), 3);
        CU_ASSERT_EQUAL(sim_topology_link_between(t, d, h), 3);
        CU_ASSERT_EQUAL(sim_topology_link_between(t, b, a), 4);
        CU_ASSERT_EQUAL(sim_topology_link_between(t, a, d), -1);
        CU_ASSERT_EQUAL(sim_topology_link_between(t, h, h), -1);
        int wrong = 0;
        for (int u = 0; u < 5; u++) {
                for (int v = 0; v < 5; v++) {
                        int want = -1;
                        for (int l = 0; l < t->n_links; l++)
                                if ((t->links[l].a == u && t->links[l].b == v) ||
                                    (t->links[l].a == v && t->links[l].b == u))
                                        want = l;
                        wrong += sim_topology_link_between(t, u, v) != want;
                        wrong += before[u][v] != want;
                }
        }
        CU_ASSERT_EQUAL(wrong, 0);
        sim_topology_destroy(t);
}

TEST_MAIN("topology", TEST(test_fusion_node_order_and_blanks), TEST(test_fusion_adjacency_order),
          TEST(test_fusion_reverse_keeps_adjacency_order),
          TEST(test_fusion_repeated_line_first_wins),
          TEST(test_fusion_reverse_line_overwrites_once), TEST(test_add_reports_conflict),
          TEST(test_fusion_two_fields_is_error), TEST(test_fusion_four_fields_is_error),
          TEST(test_fusion_non_numeric_length_is_error),
          TEST(test_fusion_non_positive_length_is_error),
          TEST(test_fusion_non_finite_length_is_error), TEST(test_fusion_crlf_lines),
          TEST(test_fusion_self_loop_is_error), TEST(test_fusion_long_node_name_is_error),
          TEST(test_fusion_too_few_nodes_is_error), TEST(test_link_between_before_and_after_finish),
          TEST(test_json_good_file), TEST(test_json_name_defaults_to_file_name),
          TEST(test_json_duplicate_link_is_error), TEST(test_json_unknown_node_is_error),
          TEST(test_json_bad_link_is_error), TEST(test_json_malformed_names_line),
          TEST(test_load_from_disk_by_content), TEST(test_load_missing_file_is_io_error))
