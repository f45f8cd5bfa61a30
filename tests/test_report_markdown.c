/*
 * The Markdown renderer (reports/markdown.c) and the Markdown escaping of
 * reports/escape.c on the hand-built documents of report_fixture.c: the
 * verdict line first, a GFM table per metric with a row per load (every
 * table parsed: header, delimiter row, the same number of cells in every
 * row, counting unescaped pipes as GitHub does), values as the fixture
 * sets them, hostile text escaped, the inputs folded away, the resolution
 * warning and failed runs where the fixture has them, the looks of a
 * sequential design, the declared metrics (each declaration, a row per load
 * and metric with what decided it) and the --exact characterisation.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_testutil.h"

/* ---- helpers ------------------------------------------------------------ */

static char *render(const struct report_doc *doc)
{
        return report_test_render(&report_markdown_ops, doc);
}

static char *render_kind(enum fixture_kind kind)
{
        return report_test_render_kind(&report_markdown_ops, kind);
}

/* The lines of a text (copies; free with lines_free). */
struct lines {
        int n;
        char **v;
};

static struct lines split(const char *s)
{
        struct lines l = {0, NULL};
        for (const char *p = s; *p;) {
                const char *e = strchr(p, '\n');
                size_t len = e ? (size_t)(e - p) : strlen(p);
                char **v = realloc(l.v, (size_t)(l.n + 1) * sizeof(char *));
                CU_ASSERT_PTR_NOT_NULL_FATAL(v);
                l.v = v;
                l.v[l.n] = malloc(len + 1);
                CU_ASSERT_PTR_NOT_NULL_FATAL(l.v[l.n]);
                memcpy(l.v[l.n], p, len);
                l.v[l.n++][len] = '\0';
                p += len + (e != NULL);
        }
        return l;
}

static void lines_free(struct lines *l)
{
        for (int i = 0; i < l->n; i++)
                free(l->v[i]);
        free(l->v);
}

/* The cells of a table row: the text between unescaped pipes (GFM: a pipe
 * after a backslash is part of the cell).  -1 when the row does not start
 * and end with an unescaped pipe.  Cells are trimmed into cells[i] when
 * cells is not NULL. */
static int row_cells(const char *line, char cells[][160], int max)
{
        size_t len = strlen(line);
        if (len < 2 || line[0] != '|' || line[len - 1] != '|' || line[len - 2] == '\\')
                return -1;
        int n = 0;
        const char *start = line + 1;
        for (const char *p = line + 1; *p; p++) {
                if (*p != '|' || p[-1] == '\\')
                        continue;
                if (cells && n < max) {
                        const char *a = start, *b = p;
                        while (a < b && *a == ' ')
                                a++;
                        while (b > a && b[-1] == ' ')
                                b--;
                        size_t k = (size_t)(b - a) < 159 ? (size_t)(b - a) : 159;
                        memcpy(cells[n], a, k);
                        cells[n][k] = '\0';
                }
                n++;
                start = p + 1;
        }
        return n;
}

static bool is_delimiter_cell(const char *c)
{
        const char *p = c;
        if (*p == ':')
                p++;
        if (*p != '-')
                return false;
        while (*p == '-')
                p++;
        if (*p == ':')
                p++;
        return *p == '\0';
}

struct md_table {
        char heading[160]; /* the last "### " line above the table */
        int cols, rows;    /* rows: data rows */
        int first_line;    /* index of the header row */
};

/* Finds every table (a run of lines starting with '|') and checks its GFM
 * syntax; returns how many were found, each in t[] (up to max). */
static int parse_tables(const struct lines *l, struct md_table *t, int max)
{
        int n = 0;
        char heading[160] = "";
        for (int i = 0; i < l->n; i++) {
                if (strncmp(l->v[i], "### ", 4) == 0)
                        snprintf(heading, sizeof(heading), "%s", l->v[i] + 4);
                if (l->v[i][0] != '|')
                        continue;
                int end = i;
                while (end < l->n && l->v[end][0] == '|')
                        end++;
                /* a header row, a delimiter row, rows of the same width */
                CU_ASSERT_FATAL(end - i >= 2);
                char cells[16][160];
                int cols = row_cells(l->v[i], NULL, 0);
                CU_ASSERT(cols >= 2);
                int dcols = row_cells(l->v[i + 1], cells, 16);
                CU_ASSERT_EQUAL(dcols, cols);
                for (int c = 0; c < dcols && c < 16; c++)
                        CU_ASSERT(is_delimiter_cell(cells[c]));
                for (int r = i + 2; r < end; r++) {
                        int rc = row_cells(l->v[r], NULL, 0);
                        if (rc != cols)
                                fprintf(stderr, "\nrow with %d cells, wanted %d: %s\n", rc, cols,
                                        l->v[r]);
                        CU_ASSERT_EQUAL(rc, cols);
                }
                /* a blank line (or the end) closes it: nothing runs on */
                CU_ASSERT(end == l->n || l->v[end][0] == '\0');
                if (n < max) {
                        snprintf(t[n].heading, sizeof(t[n].heading), "%s", heading);
                        t[n].cols = cols;
                        t[n].rows = end - i - 2;
                        t[n].first_line = i;
                }
                n++;
                i = end - 1;
        }
        return n;
}

static const struct md_table *table_under(const struct md_table *t, int n, const char *prefix)
{
        for (int i = 0; i < n; i++)
                if (strncmp(t[i].heading, prefix, strlen(prefix)) == 0)
                        return &t[i];
        return NULL;
}

/* The cells of data row `row` of a table. */
static int table_row(const struct lines *l, const struct md_table *t, int row, char cells[][160])
{
        CU_ASSERT_FATAL(row < t->rows);
        return row_cells(l->v[t->first_line + 2 + row], cells, 16);
}

static const char *find_line(const struct lines *l, const char *prefix)
{
        for (int i = 0; i < l->n; i++)
                if (strncmp(l->v[i], prefix, strlen(prefix)) == 0)
                        return l->v[i];
        return NULL;
}

/* ---- tests -------------------------------------------------------------- */

static void test_verdict_line_first(void)
{
        /* by hand from report_fixture.c: the worst load decides */
        const char *want[FIXTURE_KINDS] = {
            [FIXTURE_PASS] = "## rollgate verdict: PASS (exit 0)",
            [FIXTURE_PLANNED] = "## rollgate verdict: PLANNED_ROLLBACK (exit 5)",
            [FIXTURE_EMERGENCY] = "## rollgate verdict: EMERGENCY_ROLLBACK (exit 6)",
            [FIXTURE_INCONCLUSIVE] = "## rollgate verdict: INCONCLUSIVE (exit 4)",
            [FIXTURE_LOW_SIGNAL] = "## rollgate verdict: PASS (exit 0)",
            [FIXTURE_HARNESS] = "## rollgate verdict: HARNESS_ERROR (exit 7)",
            [FIXTURE_HOSTILE] = "## rollgate verdict: PLANNED_ROLLBACK (exit 5)",
            [FIXTURE_SEQUENTIAL] = "## rollgate verdict: INCONCLUSIVE (exit 4)",
            [FIXTURE_METRICS] = "## rollgate verdict: PLANNED_ROLLBACK (exit 5)",
            [FIXTURE_EXACT] = "## rollgate verdict: PLANNED_ROLLBACK (exit 5)",
        };
        for (int k = 0; k < FIXTURE_KINDS; k++) {
                char *md = render_kind(k);
                struct lines l = split(md);
                CU_ASSERT_FATAL(l.n > 3);
                CU_ASSERT_STRING_EQUAL(l.v[0], want[k]);
                /* the reason and the action come before any table */
                const char *reason = strstr(md, "\n**Reason:** ");
                const char *action = strstr(md, "\n**Action:** ");
                const char *table = strstr(md, "\n|");
                CU_ASSERT(reason && action && table && reason < action && action < table);
                lines_free(&l);
                free(md);
        }
}

static void test_reason_and_action_text(void)
{
        char *md = render_kind(FIXTURE_PLANNED);
        struct lines l = split(md);
        const char *r = find_line(&l, "**Reason:** ");
        const char *a = find_line(&l, "**Action:** ");
        CU_ASSERT_PTR_NOT_NULL_FATAL(r);
        CU_ASSERT_PTR_NOT_NULL_FATAL(a);
        /* the fixture's reason: "erlang 450: " and load 450's reason, whose
         * [ ... ] is not followed by ( and so stays as it is */
        CU_ASSERT_STRING_EQUAL(r, "**Reason:** erlang 450: BP deviation +4.000 pp, 90 % decision "
                                  "interval [+3.800, +4.200] beyond T1 2 pp, below T2 10 pp "
                                  "(Holm-adjusted p 0.0044)");
        CU_ASSERT_PTR_NOT_NULL(strstr(a, "set use_orchestrator = false"));
        lines_free(&l);
        free(md);
}

static void test_tables_parse(void)
{
        for (int k = 0; k < FIXTURE_KINDS; k++) {
                char *md = render_kind(k);
                struct lines l = split(md);
                struct md_table t[16];
                int n = parse_tables(&l, t, 16);
                /* BP, BBP, secondary checks, inputs; run time where computed
                 * (every fixture but harness computes the pooled ratio); the
                 * looks of each load of the sequential one; the declared
                 * metrics */
                int want = k == FIXTURE_HARNESS ? 4 : k == FIXTURE_SEQUENTIAL ? 7 : 5;
                CU_ASSERT_EQUAL(n, want + (k == FIXTURE_METRICS || k == FIXTURE_EXACT));
                const struct md_table *bp = table_under(t, n, "BP:");
                const struct md_table *bbp = table_under(t, n, "BBP:");
                CU_ASSERT_PTR_NOT_NULL_FATAL(bp);
                CU_ASSERT_PTR_NOT_NULL_FATAL(bbp);
                const struct md_table *m[2] = {bp, bbp};
                for (int i = 0; i < 2; i++) {
                        /* erlang, legacy, orchestrator, deviation, interval, p, verdict */
                        CU_ASSERT_EQUAL(m[i]->cols, 7);
                        CU_ASSERT_EQUAL(m[i]->rows, 2);
                        char c[16][160];
                        CU_ASSERT_EQUAL(table_row(&l, m[i], 0, c), 7);
                        CU_ASSERT_STRING_EQUAL(c[0], "300");
                        CU_ASSERT_EQUAL(table_row(&l, m[i], 1, c), 7);
                        CU_ASSERT_STRING_EQUAL(c[0], "450");
                }
                lines_free(&l);
                free(md);
        }
}

static void test_metric_values(void)
{
        char *md = render_kind(FIXTURE_PLANNED);
        struct lines l = split(md);
        struct md_table t[16];
        int n = parse_tables(&l, t, 16);
        char c[16][160];
        /* load 450, BP: legacy 6.5 +- 0.4, orchestrator 10.5 +- 0.4, delta 4,
         * decision interval delta -+ 0.2, p 0.004 */
        table_row(&l, table_under(t, n, "BP:"), 1, c);
        CU_ASSERT_STRING_EQUAL(c[1], "6.500 [6.100, 6.900]");
        CU_ASSERT_STRING_EQUAL(c[2], "10.500 [10.100, 10.900]");
        CU_ASSERT_STRING_EQUAL(c[3], "+4.000 pp");
        CU_ASSERT_STRING_EQUAL(c[4], "[+3.800, +4.200] pp");
        CU_ASSERT_STRING_EQUAL(c[5], "0.004");
        CU_ASSERT_STRING_EQUAL(c[6], "**PLANNED_ROLLBACK**");
        /* BBP: everything x 1.3: legacy 8.45, delta 5.2 */
        table_row(&l, table_under(t, n, "BBP:"), 1, c);
        CU_ASSERT_STRING_EQUAL(c[1], "8.450 [8.050, 8.850]");
        CU_ASSERT_STRING_EQUAL(c[3], "+5.200 pp");
        CU_ASSERT_STRING_EQUAL(c[4], "[+5.000, +5.400] pp");
        /* load 300 passes with delta 0, p 1 */
        table_row(&l, table_under(t, n, "BP:"), 0, c);
        CU_ASSERT_STRING_EQUAL(c[3], "+0.000 pp");
        CU_ASSERT_STRING_EQUAL(c[5], "1");
        CU_ASSERT_STRING_EQUAL(c[6], "PASS");
        lines_free(&l);
        free(md);

        /* a failed basis has no figures: words instead */
        md = render_kind(FIXTURE_EMERGENCY);
        l = split(md);
        n = parse_tables(&l, t, 16);
        table_row(&l, table_under(t, n, "BP:"), 1, c);
        CU_ASSERT_STRING_EQUAL(c[1], "n/a");
        CU_ASSERT_STRING_EQUAL(c[3], "failed");
        CU_ASSERT_PTR_NOT_NULL(strstr(c[4], "failed"));
        CU_ASSERT_STRING_EQUAL(c[6], "**EMERGENCY_ROLLBACK**");
        lines_free(&l);
        free(md);
}

static void test_bases_and_unbounded(void)
{
        struct report_doc *doc = fixture_doc(FIXTURE_PASS);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        struct report_metric *bp300 = &doc->loads[0].metric[REPORT_BP];
        struct report_metric *bp450 = &doc->loads[1].metric[REPORT_BP];
        struct report_metric *bbp300 = &doc->loads[0].metric[REPORT_BBP];
        struct report_metric *bbp450 = &doc->loads[1].metric[REPORT_BBP];
        bp300->legacy.lo = NAN;
        bp300->dev_lo = -INFINITY;
        bp300->dev_hi = INFINITY;
        bp450->dev_hi = INFINITY;
        bbp300->basis = STATS_BASIS_UNAVAILABLE;
        bbp450->basis = STATS_BASIS_IDENTICAL;
        char *md = render(doc);
        struct lines l = split(md);
        struct md_table t[16];
        int n = parse_tables(&l, t, 16);
        char c[16][160];
        table_row(&l, table_under(t, n, "BP:"), 0, c);
        CU_ASSERT_STRING_EQUAL(c[1], "1.200 [n/a, 1.600]");
        CU_ASSERT_STRING_EQUAL(c[4], "unbounded");
        table_row(&l, table_under(t, n, "BP:"), 1, c);
        CU_ASSERT_STRING_EQUAL(c[4], "[-0.200, +∞] pp");
        table_row(&l, table_under(t, n, "BBP:"), 0, c);
        CU_ASSERT_STRING_EQUAL(c[3], "unavailable");
        CU_ASSERT_PTR_NOT_NULL(strstr(c[4], "unavailable"));
        table_row(&l, table_under(t, n, "BBP:"), 1, c);
        CU_ASSERT_STRING_EQUAL(c[3], "identical");
        CU_ASSERT_PTR_NOT_NULL(strstr(c[4], "identical"));
        lines_free(&l);
        free(md);
        report_doc_destroy(doc);
}

static void test_hostile_text_escaped(void)
{
        char *md = render_kind(FIXTURE_HOSTILE);
        struct lines l = split(md);
        struct md_table t[16];
        int n = parse_tables(&l, t, 16);
        CU_ASSERT_EQUAL(n, 5);
        CU_ASSERT_PTR_NULL(strstr(md, "<script"));
        CU_ASSERT_PTR_NOT_NULL(strstr(md, "&lt;script&gt;alert(1)&lt;/script&gt;"));
        /* the reason's line breaks did not end the paragraph: its tail is
         * on the reason's line */
        const char *r = find_line(&l, "**Reason:** ");
        CU_ASSERT_PTR_NOT_NULL_FATAL(r);
        CU_ASSERT_PTR_NOT_NULL(strstr(r, "a\\|b \\| --- \\| &lt;script&gt;"));
        CU_ASSERT(strlen(r) > 6 && strcmp(r + strlen(r) - 3, "end") == 0);
        /* no line of the text starts a block of its own */
        CU_ASSERT_PTR_NULL(find_line(&l, "| --- |"));
        /* a hostile config name in a table cell: escaped, the row still 2 cells */
        const char *cfg = find_line(&l, "| config | ");
        CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
        CU_ASSERT_STRING_EQUAL(cfg, "| config | configs/a\\|b &lt;c&gt;&amp;.ini |");
        CU_ASSERT_EQUAL(row_cells(cfg, NULL, 0), 2);
        lines_free(&l);
        free(md);

        /* hostile text in a metric table cell (the unit) */
        struct report_doc *doc = fixture_doc(FIXTURE_PASS);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        doc->loads[0].metric[REPORT_BP].unit = fixture_hostile_text;
        md = render(doc);
        l = split(md);
        n = parse_tables(&l, t, 16);
        char c[16][160];
        CU_ASSERT_EQUAL(table_row(&l, table_under(t, n, "BP:"), 0, c), 7);
        CU_ASSERT_STRING_EQUAL(c[6], "PASS");
        lines_free(&l);
        free(md);
        report_doc_destroy(doc);
}

static void test_cell_escaping(void)
{
        const struct {
                const char *in, *out;
        } cases[] = {
            {"a|b", "a\\|b"},
            {"one\ntwo\r\nthree", "one two  three"},
            {"<script>", "&lt;script&gt;"},
            {"&amp;", "&amp;amp;"},
            {"use_orchestrator = false", "use_orchestrator = false"},
            {"_u_ *e* `c` ~s~", "\\_u\\_ \\*e\\* \\`c\\` \\~s\\~"},
            {"[l](x) [r][1] [-0.2, +0.2]", "[l\\](x) [r\\][1] [-0.2, +0.2]"},
            {"back\\slash", "back\\\\slash"},
            {"bell\x07", "bell"},
            {"bad \xff byte", "bad \xEF\xBF\xBD byte"},
            {"caf\xC3\xA9 ±", "caf\xC3\xA9 ±"},
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                char *got = report_test_escape(report_put_md_cell, cases[i].in);
                if (strcmp(got, cases[i].out) != 0)
                        fprintf(stderr, "\nmd cell of '%s': '%s', wanted '%s'\n", cases[i].in, got,
                                cases[i].out);
                CU_ASSERT_STRING_EQUAL(got, cases[i].out);
                free(got);
        }
}

static void test_details_block(void)
{
        char *md = render_kind(FIXTURE_PLANNED);
        struct lines l = split(md);
        int open = -1, close = -1, last_heading = -1;
        for (int i = 0; i < l.n; i++) {
                if (strcmp(l.v[i], "<details>") == 0)
                        open = i;
                if (strcmp(l.v[i], "</details>") == 0)
                        close = i;
                if (strncmp(l.v[i], "### ", 4) == 0)
                        last_heading = i;
        }
        CU_ASSERT_FATAL(open > last_heading && close > open + 3);
        CU_ASSERT_PTR_NOT_NULL(strstr(l.v[open + 1], "<summary>"));
        /* GitHub reads Markdown in <details> only after a blank line */
        CU_ASSERT_STRING_EQUAL(l.v[open + 2], "");
        CU_ASSERT_STRING_EQUAL(l.v[close - 1], "");
        /* the inputs inside: the fixture's seeds 1..3, loads, injection */
        bool seeds = false, loads = false, inject = false;
        for (int i = open; i < close; i++) {
                seeds |= strcmp(l.v[i], "| seeds | 1, 2, 3 (paired) |") == 0;
                loads |= strcmp(l.v[i], "| loads (Erlang) | 300, 450 |") == 0;
                inject |= strcmp(l.v[i], "| fault injection | drop=0.05 |") == 0;
        }
        CU_ASSERT(seeds && loads && inject);
        lines_free(&l);
        free(md);
}

static void test_resolution_warning_only_low_signal(void)
{
        for (int k = 0; k < FIXTURE_KINDS; k++) {
                char *md = render_kind(k);
                const char *w = strstr(md, "can only resolve");
                if (k == FIXTURE_LOW_SIGNAL) {
                        /* load 300: 3 replications, resolution 1.4 pp */
                        CU_ASSERT_PTR_NOT_NULL(strstr(md, "  - WARN: 3 replications can only "
                                                          "resolve ±1.40 pp at this spread\n"));
                        /* under load 300's line, before load 450's */
                        const char *l300 = strstr(md, "- **300 Erlang: PASS**");
                        const char *l450 = strstr(md, "- **450 Erlang: PASS**");
                        CU_ASSERT(l300 && l450 && l300 < w && w < l450);
                        /* and its flag */
                        CU_ASSERT_PTR_NOT_NULL(strstr(
                            md, "  - WARN: low signal: 26 blocked requests over all runs\n"));
                } else {
                        CU_ASSERT_PTR_NULL(w);
                }
                free(md);
        }
}

static void test_failed_runs_listed(void)
{
        char *md = render_kind(FIXTURE_EMERGENCY);
        const char *sect = strstr(md, "\n### Failed runs\n");
        CU_ASSERT_PTR_NOT_NULL_FATAL(sect);
        /* pairs[4]: load 450, replication 1, seed 2, the orchestrator */
        CU_ASSERT_PTR_NOT_NULL(strstr(sect, "\n- 450 Erlang, replication 1, seed 2, orchestrator "
                                            "(builtin:orchestrator): crash at request 500 "
                                            "(injected) (at request 500)\n"));
        /* and the diagnosis */
        CU_ASSERT_PTR_NOT_NULL(strstr(md, "At 450 Erlang, seed 2: request 500, after 499 "
                                          "requests decided alike."));
        free(md);

        md = render_kind(FIXTURE_HARNESS);
        CU_ASSERT_PTR_NOT_NULL(strstr(md, "\n- 300 Erlang, replication 1: harness error: cannot "
                                          "create the run directory /tmp/x: Permission denied\n"));
        CU_ASSERT_PTR_NOT_NULL(strstr(md, "\n- 450 Erlang, replication 2, seed 3, legacy "
                                          "(builtin:legacy): exit status 1\n"));
        free(md);

        md = render_kind(FIXTURE_PASS);
        CU_ASSERT_PTR_NULL(strstr(md, "Failed runs"));
        CU_ASSERT_PTR_NULL(strstr(md, "First diverging request"));
        free(md);
}

static void test_incomplete_at_top(void)
{
        char *md = report_test_render_interrupted(&report_markdown_ops, FIXTURE_PASS, "Incomplete");
        struct lines l = split(md);
        CU_ASSERT_FATAL(l.n > 3);
        CU_ASSERT_STRING_EQUAL(l.v[1], "");
        CU_ASSERT_EQUAL(strncmp(l.v[2], "> **Incomplete report:**", 24), 0);
        lines_free(&l);
        free(md);
}

static void test_inconclusive_and_claims(void)
{
        char *md = render_kind(FIXTURE_INCONCLUSIVE);
        /* replications_needed 14 on load 450's BP */
        CU_ASSERT_PTR_NOT_NULL(strstr(md, "  - BP: 14 replications would decide it"));
        CU_ASSERT_PTR_NULL(strstr(md, "rollback claim"));
        free(md);
        md = render_kind(FIXTURE_PLANNED);
        CU_ASSERT_PTR_NOT_NULL(
            strstr(md, "  - BP rollback claim: p 0.0011, Holm-adjusted p 0.0044 (4 tests)\n"));
        free(md);
}

static void test_performance(void)
{
        char *md = render_kind(FIXTURE_EMERGENCY);
        struct lines l = split(md);
        struct md_table t[16];
        int n = parse_tables(&l, t, 16);
        const struct md_table *perf = table_under(t, n, "Run time");
        CU_ASSERT_PTR_NOT_NULL_FATAL(perf);
        CU_ASSERT_EQUAL(perf->rows, 3); /* 300, 450, all runs */
        char c[16][160];
        table_row(&l, perf, 0, c);
        CU_ASSERT_STRING_EQUAL(c[1], "1.010");
        CU_ASSERT_STRING_EQUAL(c[2], "[0.970, 1.050]");
        CU_ASSERT_STRING_EQUAL(c[3], "no");
        table_row(&l, perf, 1, c); /* load 450: its run failed, not compared */
        CU_ASSERT_STRING_EQUAL(c[1], "not compared");
        table_row(&l, perf, 2, c);
        CU_ASSERT_STRING_EQUAL(c[0], "all runs");
        CU_ASSERT_STRING_EQUAL(c[2], "[0.990, 1.030]");
        lines_free(&l);
        free(md);
        md = render_kind(FIXTURE_HARNESS);
        CU_ASSERT_PTR_NOT_NULL(strstr(md, "### Run time\n\nNot compared (thread_cpu).\n"));
        free(md);
}

/* The looks: the design, per load where and why it stopped, and a table
 * with a row per look; a fixed run has none of it. */
static void test_sequential_looks(void)
{
        struct report_doc *doc = fixture_doc(FIXTURE_SEQUENTIAL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        doc->loads[0].resolution_warning = true; /* said with the load's own 10 */
        char *md = render(doc);
        report_doc_destroy(doc);
        CU_ASSERT_PTR_NOT_NULL(strstr(md, " requests per run × up to 25 replications × 2 loads; "));
        CU_ASSERT_PTR_NOT_NULL(strstr(md, "  - WARN: 10 replications can only resolve ±0.30 pp"));
        const char *sect = strstr(md, "\n### Sequential looks\n\nO'Brien-Fleming spending, "
                                      "batches of 5, at most 25 replications per load; 17.5 of "
                                      "25 used on average.  \n");
        CU_ASSERT_PTR_NOT_NULL_FATAL(sect);
        const char *l300 = strstr(sect, "\n**300 Erlang:** stopped after look 2: decided (PASS)\n");
        const char *l450 =
            strstr(sect, "\n**450 Erlang:** stopped at the most replications (25): undecided\n");
        CU_ASSERT(l300 && l450 && l300 < l450 && l450 < strstr(sect, "### Secondary checks"));
        struct lines l = split(md);
        struct md_table t[16];
        int n = parse_tables(&l, t, 16);
        int at[2] = {-1, -1}, found = 0;
        for (int i = 0; i < n && i < 16; i++)
                if (strcmp(t[i].heading, "Sequential looks") == 0 && found < 2)
                        at[found++] = i;
        CU_ASSERT_EQUAL_FATAL(found, 2);
        static const int rows[2] = {2, 5};
        char c[16][160];
        for (int li = 0; li < 2; li++) {
                const struct md_table *lt = &t[at[li]];
                CU_ASSERT_EQUAL(lt->cols, 7);
                CU_ASSERT_EQUAL_FATAL(lt->rows, rows[li]);
                for (int j = 0; j < lt->rows; j++) {
                        CU_ASSERT_EQUAL(table_row(&l, lt, j, c), 7);
                        CU_ASSERT_EQUAL(atoi(c[0]), j + 1);
                        CU_ASSERT_EQUAL(atoi(c[1]), 5 * (j + 1));
                }
        }
        table_row(&l, &t[at[0]], 1, c);
        CU_ASSERT_STRING_EQUAL(c[2], "0.00193");
        CU_ASSERT_STRING_EQUAL(c[3], "0.00194");
        CU_ASSERT_STRING_EQUAL(c[4], "[-0.950, +0.980] pp");
        CU_ASSERT_STRING_EQUAL(c[5], "[-1.235, +1.274] pp");
        CU_ASSERT_STRING_EQUAL(c[6], "PASS");
        table_row(&l, &t[at[1]], 4, c);
        CU_ASSERT_STRING_EQUAL(c[3], "0.05");
        CU_ASSERT_STRING_EQUAL(c[4], "[+0.900, +2.900] pp");
        CU_ASSERT_STRING_EQUAL(c[6], "INCONCLUSIVE");
        lines_free(&l);
        free(md);
        md = render_kind(FIXTURE_INCONCLUSIVE);
        CU_ASSERT_PTR_NULL(strstr(md, "Sequential"));
        CU_ASSERT_PTR_NULL(strstr(md, "up to"));
        free(md);
}

/* The row of table `t` whose first two cells are `erlang` and `metric`. */
static bool declared_row(const struct lines *l, const struct md_table *t, const char *erlang,
                         const char *metric, char cells[][160])
{
        for (int r = 0; r < t->rows; r++) {
                CU_ASSERT_EQUAL(table_row(l, t, r, cells), 6);
                if (strcmp(cells[0], erlang) == 0 && strcmp(cells[1], metric) == 0)
                        return true;
        }
        return false;
}

/* the line after `line` (a line of `l`), NULL at the end */
static const char *next_line(const struct lines *l, const char *line)
{
        for (int i = 0; i + 1 < l->n; i++)
                if (l->v[i] == line)
                        return l->v[i + 1];
        return NULL;
}

static void test_declared_metrics(void)
{
        char *md = render_kind(FIXTURE_METRICS);
        struct lines l = split(md);
        struct md_table t[16];
        int n = parse_tables(&l, t, 16);
        /* after BP and BBP, before the verdict per load */
        const char *bbp = strstr(md, "\n### BBP: ");
        const char *sec = strstr(md, "\n### Declared metrics\n\n");
        const char *loads = strstr(md, "\n### Verdict per load\n");
        CU_ASSERT(bbp && sec && loads && bbp < sec && sec < loads);
        /* each declaration, in config order */
        static const char *const decl[] = {
            "- **alerts_total**: equivalence, primary: absolute deviation, T1 1 alerts, T2 5 "
            "alerts, direction either",
            "- **digest**: exact, primary: equal (abs_tol 0, rel_tol 0)",
            "- **tick_ms**: performance, primary: MONITOR when significantly above 1 + 0.05 "
            "times legacy",
            "- **heap_mb**: exact, secondary: equal within abs_tol 0.5 or rel_tol 0.01"};
        const char *line = find_line(&l, "- **alerts_total**");
        CU_ASSERT_PTR_NOT_NULL_FATAL(line);
        for (size_t i = 0; i < sizeof(decl) / sizeof(decl[0]); i++) {
                CU_ASSERT_PTR_NOT_NULL_FATAL(line);
                CU_ASSERT_STRING_EQUAL(line, decl[i]);
                line = next_line(&l, line);
        }
        /* a row per load and metric */
        const struct md_table *d = table_under(t, n, "Declared metrics");
        CU_ASSERT_PTR_NOT_NULL_FATAL(d);
        CU_ASSERT_EQUAL(d->cols, 6);
        CU_ASSERT_EQUAL(d->rows, 8);
        char c[16][160];
        CU_ASSERT_FATAL(declared_row(&l, d, "300", "alerts_total", c));
        CU_ASSERT_STRING_EQUAL(c[2], "equivalence, primary");
        CU_ASSERT_STRING_EQUAL(c[3], "deviation +0.300 alerts, 90 % decision interval [+0.100, "
                                     "+0.500] alerts");
        CU_ASSERT_STRING_EQUAL(c[4], "PASS");
        CU_ASSERT_FATAL(declared_row(&l, d, "300", "digest", c));
        CU_ASSERT_STRING_EQUAL(c[3], "equal on every replication");
        CU_ASSERT_STRING_EQUAL(c[5], "digest: equal on every replication");
        /* the run file's value escaped: | as \|, markup as entities */
        CU_ASSERT_FATAL(declared_row(&l, d, "450", "digest", c));
        CU_ASSERT_STRING_EQUAL(c[2], "exact, primary");
        CU_ASSERT_STRING_EQUAL(c[3],
                               "1 of 3 replications differ; first: replication 2 (seed 102): "
                               "legacy \"ab12\", orchestrator \"ab\\|13 &lt;b&gt;&amp;amp;\"");
        CU_ASSERT_STRING_EQUAL(c[4], "**PLANNED_ROLLBACK**");
        CU_ASSERT_FATAL(declared_row(&l, d, "450", "tick_ms", c));
        CU_ASSERT_STRING_EQUAL(c[2], "performance, primary");
        CU_ASSERT_STRING_EQUAL(c[3], "orchestrator / legacy 1.120, 90 % decision interval [1.080, "
                                     "1.160]: significantly above 1 + 0.05 (MONITOR)");
        CU_ASSERT_STRING_EQUAL(c[4], "MONITOR");
        CU_ASSERT_FATAL(declared_row(&l, d, "300", "tick_ms", c));
        CU_ASSERT_STRING_EQUAL(c[3], "orchestrator / legacy 1.010, 90 % decision interval [0.980, "
                                     "1.040]: not significantly above 1 + 0.05");
        /* a secondary metric's rollback is not bold: it only flags */
        CU_ASSERT_FATAL(declared_row(&l, d, "450", "heap_mb", c));
        CU_ASSERT_STRING_EQUAL(c[2], "exact, secondary");
        CU_ASSERT_STRING_EQUAL(c[3], "1 of 3 replications differ; first: replication 3 (seed 103): "
                                     "legacy 512.25, orchestrator 530.5");
        CU_ASSERT_STRING_EQUAL(c[4], "PLANNED_ROLLBACK");
        /* its flag in the verdict per load */
        CU_ASSERT_PTR_NOT_NULL(
            find_line(&l, "  - INVESTIGATE: secondary metric heap_mb: differs on 1 of 3 "));
        CU_ASSERT_PTR_NULL(strstr(md, "Characterisation"));
        lines_free(&l);
        free(md);

        /* a unit from the config is escaped in the declaration and the row */
        struct report_doc *doc = fixture_doc(FIXTURE_METRICS);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        doc->declared[0].unit = "a|b*";
        doc->loads[0].declared[0].unit = "a|b*";
        md = render(doc);
        l = split(md);
        n = parse_tables(&l, t, 16);
        CU_ASSERT_PTR_NOT_NULL(find_line(&l, "- **alerts_total**: equivalence, primary: absolute "
                                             "deviation, T1 1 a\\|b\\*, T2 5 a\\|b\\*, "
                                             "direction either"));
        d = table_under(t, n, "Declared metrics");
        CU_ASSERT_PTR_NOT_NULL_FATAL(d);
        CU_ASSERT_FATAL(declared_row(&l, d, "300", "alerts_total", c));
        CU_ASSERT_STRING_EQUAL(c[3], "deviation +0.300 a\\|b\\*, 90 % decision interval "
                                     "[+0.100, +0.500] a\\|b\\*");
        lines_free(&l);
        free(md);
        report_doc_destroy(doc);

        /* documents without declared metrics or --exact: neither section */
        for (int k = 0; k < FIXTURE_METRICS; k++) {
                md = render_kind(k);
                CU_ASSERT_PTR_NULL(strstr(md, "Declared metrics"));
                CU_ASSERT_PTR_NULL(strstr(md, "Characterisation"));
                free(md);
        }
}

static void test_exact_characterisation(void)
{
        char *md = render_kind(FIXTURE_EXACT);
        struct lines l = split(md);
        const char *x = find_line(&l, "**Characterisation (--exact):** ");
        CU_ASSERT_PTR_NOT_NULL_FATAL(x);
        CU_ASSERT_STRING_EQUAL(x, "**Characterisation (--exact):** first difference at erlang 450, "
                                  "replication 1 (seed 101), metric BP: legacy 650 of 10000 "
                                  "blocked, orchestrator 651 of 10000 blocked");
        /* near the verdict: after the action, before any table */
        const char *a = strstr(md, "\n**Action:** ");
        const char *c1 = strstr(md, "\n**Characterisation (--exact):** ");
        const char *table = strstr(md, "\n|");
        CU_ASSERT(a && c1 && table && a < c1 && c1 < table);
        /* BP and BBP judged by equality: what differs where the interval was */
        struct md_table t[16];
        int n = parse_tables(&l, t, 16);
        char c[16][160];
        const struct md_table *bp = table_under(t, n, "BP:");
        CU_ASSERT_PTR_NOT_NULL_FATAL(bp);
        CU_ASSERT_PTR_NOT_NULL(strstr(l.v[bp->first_line], "| Deviation | What decided it | p |"));
        table_row(&l, bp, 0, c);
        CU_ASSERT_STRING_EQUAL(c[4], "equal on every replication");
        CU_ASSERT_STRING_EQUAL(c[6], "PASS");
        table_row(&l, bp, 1, c);
        CU_ASSERT_STRING_EQUAL(c[4], "1 of 3 replications differ; first: replication 1 (seed 101): "
                                     "legacy 650 of 10000 blocked, orchestrator 651 of 10000 "
                                     "blocked");
        CU_ASSERT_STRING_EQUAL(c[6], "**PLANNED_ROLLBACK**");
        /* every declared metric judged exact, and the trace hashes */
        const struct md_table *d = table_under(t, n, "Declared metrics");
        CU_ASSERT_PTR_NOT_NULL_FATAL(d);
        CU_ASSERT_EQUAL(d->rows, 6);
        CU_ASSERT_FATAL(declared_row(&l, d, "450", "alerts_total", c));
        CU_ASSERT_STRING_EQUAL(c[2], "exact, primary");
        CU_ASSERT_FATAL(declared_row(&l, d, "450", "trace_hash", c));
        CU_ASSERT_STRING_EQUAL(c[3], "1 of 3 replications differ; first: replication 1 (seed 101): "
                                     "legacy \"9e3779b97f4a7c15\", orchestrator "
                                     "\"9e3779b97f4a7c16\"");
        /* the declaration still says what the config declared */
        CU_ASSERT_PTR_NOT_NULL(find_line(&l, "- **alerts_total**: equivalence, primary: "));
        lines_free(&l);
        free(md);

        struct report_doc *doc = fixture_doc(FIXTURE_PASS);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        doc->exact.on = true;
        md = render(doc);
        l = split(md);
        CU_ASSERT_PTR_NOT_NULL(find_line(&l, "**Characterisation (--exact):** no difference on any "
                                             "replication"));
        lines_free(&l);
        free(md);
        report_doc_destroy(doc);
}

static void test_out_of_memory_reported(void)
{
        report_test_renderer_contract(&report_markdown_ops, "markdown", ".md", FIXTURE_PLANNED);
        report_test_renderer_contract(&report_markdown_ops, "markdown", ".md", FIXTURE_METRICS);
}

TEST_MAIN("report_markdown", TEST(test_verdict_line_first), TEST(test_reason_and_action_text),
          TEST(test_tables_parse), TEST(test_metric_values), TEST(test_bases_and_unbounded),
          TEST(test_hostile_text_escaped), TEST(test_cell_escaping), TEST(test_details_block),
          TEST(test_resolution_warning_only_low_signal), TEST(test_failed_runs_listed),
          TEST(test_incomplete_at_top), TEST(test_inconclusive_and_claims), TEST(test_performance),
          TEST(test_sequential_looks), TEST(test_declared_metrics),
          TEST(test_exact_characterisation), TEST(test_out_of_memory_reported))
