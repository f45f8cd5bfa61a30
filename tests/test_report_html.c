/*
 * The HTML renderer on hand-built documents (report_fixture.c): the verdict
 * banner first, one inline SVG per chart with one element per data point
 * (absent where the document has no figure, with "not computed" said
 * instead), every document string escaped, no "nan" or "inf" on the page,
 * an interrupted report marked, a single load or a zero range drawn
 * inside the frame, the declared metrics' section and the --exact line in
 * the banner.  tests/reports/check_html.sh parses the same pages with
 * xmllint and opens them in a browser.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report_testutil.h"

#define HOSTILE "<script>alert(1)</script>&"
#define HOSTILE_ESCAPED "&lt;script&gt;alert(1)&lt;/script&gt;&amp;"

/* the plot frame of reports/html_chart.c: every point lies inside it */
#define FRAME_TOP 40.0
#define FRAME_BOTTOM 246.0

static char *render(const struct report_doc *doc)
{
        return report_test_render(&report_html_ops, doc);
}

static char *render_kind(enum fixture_kind kind)
{
        return report_test_render_kind(&report_html_ops, kind);
}

static int count(const char *hay, const char *needle)
{
        return report_test_count(hay, NULL, needle);
}

/* A copy of the text from `from` to the end of the first `to` after it
 * ("" when `from` is absent). */
static char *section(const char *html, const char *from, const char *to)
{
        const char *a = strstr(html, from);
        const char *b = a ? strstr(a, to) : NULL;
        size_t n = a && b ? (size_t)(b - a) + strlen(to) : 0;
        char *s = malloc(n + 1);
        CU_ASSERT_PTR_NOT_NULL_FATAL(s);
        if (n)
                memcpy(s, a, n);
        s[n] = '\0';
        return s;
}

/* the <svg> of a chart: "bp", "bbp", "deviation", "per-seed" */
static char *chart(const char *html, const char *id)
{
        char key[48];
        snprintf(key, sizeof(key), "id=\"chart-%s\"", id);
        return section(html, key, "</svg>");
}

static int count_in_chart(const char *html, const char *id, const char *needle)
{
        char *c = chart(html, id);
        int n = c[0] ? count(c, needle) : -1;
        free(c);
        return n;
}

/* "nan" or "inf" as printf writes them, not inside a word ("infinite") */
static bool has_number_word(const char *s, const char *word)
{
        size_t n = strlen(word);
        for (const char *p = s; *p; p++) {
                if (strncasecmp(p, word, n) != 0)
                        continue;
                bool before = p > s && isalpha((unsigned char)p[-1]);
                bool after = isalpha((unsigned char)p[n]);
                if (!before && !after)
                        return true;
        }
        return false;
}

/* Every coordinate of the drawings is a finite number: a NAN or an
 * infinity in a path ("M10 -infV20") would hide inside the letters. */
static void assert_geometry_finite(const char *html)
{
        static const char *const attrs[] = {" x=\"",  " y=\"",     " cx=\"",    " cy=\"",
                                            " x1=\"", " y1=\"",    " x2=\"",    " y2=\"",
                                            " r=\"",  " width=\"", " height=\""};
        for (size_t a = 0; a < sizeof(attrs) / sizeof(attrs[0]); a++) {
                size_t len = strlen(attrs[a]);
                for (const char *p = strstr(html, attrs[a]); p; p = strstr(p + len, attrs[a])) {
                        char *end;
                        double v = strtod(p + len, &end);
                        CU_ASSERT(end > p + len && *end == '"' && isfinite(v));
                }
        }
        static const struct {
                const char *attr, *chars;
        } lists[] = {{" d=\"", "MLVHZ0123456789.- "}, {" transform=\"", "rotate()0123456789.- "}};
        for (size_t a = 0; a < 2; a++) {
                size_t len = strlen(lists[a].attr);
                for (const char *p = strstr(html, lists[a].attr); p;
                     p = strstr(p + len, lists[a].attr)) {
                        size_t n = strcspn(p + len, "\"");
                        CU_ASSERT_EQUAL(strspn(p + len, lists[a].chars), n);
                }
        }
}

static void assert_no_nan_inf(const char *html)
{
        CU_ASSERT_FALSE(has_number_word(html, "nan"));
        CU_ASSERT_FALSE(has_number_word(html, "inf"));
        assert_geometry_finite(html);
}

/* Every data point of a chart (not the legend's keys) lies in the plot
 * frame. */
static void assert_points_in_frame(const char *html, const char *id)
{
        char *c = chart(html, id);
        int n = 0;
        for (const char *p = strstr(c, "<circle class=\"pt "); p;
             p = strstr(p + 1, "<circle class=\"pt ")) {
                const char *cy = strstr(p, "cy=\"");
                CU_ASSERT_PTR_NOT_NULL_FATAL(cy);
                char *end;
                double y = strtod(cy + 4, &end);
                CU_ASSERT(end > cy + 4 && *end == '"');
                CU_ASSERT(y >= FRAME_TOP && y <= FRAME_BOTTOM);
                n++;
        }
        CU_ASSERT(n > 0);
        free(c);
}

/* found by name, its extension, and out of memory reported */
static void test_ops(void)
{
        report_test_renderer_contract(&report_html_ops, "html", ".html", FIXTURE_PASS);
        report_test_renderer_contract(&report_html_ops, "html", ".html", FIXTURE_METRICS);
}

static void test_every_fixture_is_one_page(void)
{
        for (int k = 0; k < FIXTURE_KINDS; k++) {
                char *h = render_kind(k);
                static const char start[] = "<!DOCTYPE html>\n<html lang=\"en\">";
                CU_ASSERT_EQUAL(strncmp(h, start, strlen(start)), 0);
                size_t n = strlen(h);
                CU_ASSERT(n > 7 && strcmp(h + n - 8, "</html>\n") == 0);
                CU_ASSERT_PTR_NOT_NULL(strstr(h, "<meta charset=\"utf-8\"/>"));
                CU_ASSERT_PTR_NOT_NULL(strstr(h, "<meta name=\"viewport\""));
                CU_ASSERT_PTR_NOT_NULL(strstr(h, "@media print"));
                /* four charts, each with its title */
                CU_ASSERT_EQUAL(count(h, "<svg"), 4);
                CU_ASSERT_EQUAL(count(h, "</svg>"), 4);
                CU_ASSERT_EQUAL(count(h, "viewBox=\"0 0 480 290\""), 4);
                static const char *const ids[] = {"bp", "bbp", "deviation", "per-seed"};
                for (int c = 0; c < 4; c++)
                        CU_ASSERT_EQUAL(count_in_chart(h, ids[c], "<title id=\"chart-"), 1);
                /* nothing to run and nothing fetched: no reference to a
                 * resource, and the only URL in an attribute is the SVG
                 * namespace (a URL in a document's text is only text) */
                static const char *const fetch[] = {
                    "<script", "<link", "<img",  "<iframe", "<object",
                    "<embed",  "src=",  "href=", "url(",    "@import"};
                for (size_t f = 0; f < sizeof(fetch) / sizeof(fetch[0]); f++)
                        CU_ASSERT_PTR_NULL(strstr(h, fetch[f]));
                CU_ASSERT_EQUAL(count(h, "=\"http"), 4);
                CU_ASSERT_EQUAL(count(h, "xmlns=\"http://www.w3.org/2000/svg\""), 4);
                CU_ASSERT_PTR_NOT_NULL(strstr(h, "default-src 'none'"));
                assert_no_nan_inf(h);
                free(h);
        }
}

static void test_banner_first(void)
{
        static const struct {
                enum fixture_kind kind;
                const char *name, *cls, *level;
                int exit_code;
        } want[] = {
            {FIXTURE_PASS, "PASS", "v-pass", "no rollback", 0},
            {FIXTURE_PLANNED, "PLANNED_ROLLBACK", "v-planned", "Level 2", 5},
            {FIXTURE_EMERGENCY, "EMERGENCY_ROLLBACK", "v-emergency", "Level 1", 6},
            {FIXTURE_INCONCLUSIVE, "INCONCLUSIVE", "v-inconclusive", "no rollback", 4},
            {FIXTURE_LOW_SIGNAL, "PASS", "v-pass", "no rollback", 0},
            {FIXTURE_HARNESS, "HARNESS_ERROR", "v-harness", "no rollback", 7},
        };
        for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
                struct report_doc *doc = fixture_doc(want[i].kind);
                CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
                char *h = render(doc);
                char *b = section(h, "<header class=\"banner", "</header>");
                char verdict[64], code[32];
                snprintf(verdict, sizeof(verdict), "<span class=\"verdict\">%s</span>",
                         want[i].name);
                snprintf(code, sizeof(code), "exit code %d", want[i].exit_code);
                CU_ASSERT_PTR_NOT_NULL(strstr(b, verdict));
                CU_ASSERT_PTR_NOT_NULL(strstr(b, code));
                CU_ASSERT_PTR_NOT_NULL(strstr(b, want[i].cls));
                CU_ASSERT_PTR_NOT_NULL(strstr(b, want[i].level));
                /* the fixtures' reasons and actions need no escaping */
                CU_ASSERT_PTR_NOT_NULL(strstr(b, doc->reason));
                CU_ASSERT_PTR_NOT_NULL(strstr(b, doc->action.text));
                CU_ASSERT_PTR_NULL(strstr(b, "INCOMPLETE"));
                /* first: before every chart and table */
                const char *svg = strstr(h, "<svg"), *table = strstr(h, "<table");
                CU_ASSERT(b[0] && svg && table && strstr(h, "<header") < svg &&
                          strstr(h, "<header") < table);
                free(b);
                free(h);
                report_doc_destroy(doc);
        }
}

static void test_point_counts(void)
{
        /* per chart: BP legacy, BP orchestrator, BBP legacy, BBP
         * orchestrator, deviation BP, deviation BBP, per-seed BP, per-seed
         * BBP, and the "not computed" labels of the BP chart */
        static const struct {
                enum fixture_kind kind;
                int pt[8], nc;
        } want[] = {
            {FIXTURE_PASS, {2, 2, 2, 2, 2, 2, 6, 6}, 0},
            {FIXTURE_PLANNED, {2, 2, 2, 2, 2, 2, 6, 6}, 0},
            {FIXTURE_INCONCLUSIVE, {2, 2, 2, 2, 2, 2, 6, 6}, 0},
            {FIXTURE_LOW_SIGNAL, {2, 2, 2, 2, 2, 2, 6, 6}, 0},
            /* the failed load 450 has no statistics */
            {FIXTURE_EMERGENCY, {1, 1, 1, 1, 1, 1, 3, 3}, 1},
            {FIXTURE_HARNESS, {0, 0, 0, 0, 0, 0, 0, 0}, 2},
            {FIXTURE_HOSTILE, {2, 2, 2, 2, 2, 2, 6, 6}, 0},
            /* each load's own replications: 10 + 25 */
            {FIXTURE_SEQUENTIAL, {2, 2, 2, 2, 2, 2, 35, 35}, 0},
            {FIXTURE_METRICS, {2, 2, 2, 2, 2, 2, 6, 6}, 0},
            /* --exact: no statistics, no interval, no paired differences */
            {FIXTURE_EXACT, {0, 0, 0, 0, 0, 0, 0, 0}, 2},
        };
        static const struct {
                const char *chart, *cls;
        } series[8] = {
            {"bp", "class=\"pt legacy\""},    {"bp", "class=\"pt orchestrator\""},
            {"bbp", "class=\"pt legacy\""},   {"bbp", "class=\"pt orchestrator\""},
            {"deviation", "class=\"pt bp\""}, {"deviation", "class=\"pt bbp\""},
            {"per-seed", "class=\"pt bp\""},  {"per-seed", "class=\"pt bbp\""},
        };
        static const char *const ids[] = {"bp", "bbp", "deviation", "per-seed"};
        for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
                char *h = render_kind(want[i].kind);
                for (int s = 0; s < 8; s++)
                        CU_ASSERT_EQUAL(count_in_chart(h, series[s].chart, series[s].cls),
                                        want[i].pt[s]);
                for (int c = 0; c < 4; c++)
                        CU_ASSERT_EQUAL(count_in_chart(h, ids[c], "not computed</text>"),
                                        want[i].nc);
                /* every point has its tooltip */
                CU_ASSERT_EQUAL(count(h, "<circle class=\"pt "), count(h, "</title></circle>"));
                free(h);
        }
        char *h = render_kind(FIXTURE_EMERGENCY);
        char *bp = chart(h, "bp");
        CU_ASSERT_PTR_NOT_NULL(strstr(bp, "legacy, 300 Erlang"));
        CU_ASSERT_PTR_NULL(strstr(bp, "legacy, 450 Erlang"));
        CU_ASSERT_PTR_NULL(strstr(bp, "orchestrator, 450 Erlang"));
        free(bp);
        free(h);
}

static void test_hostile_strings_escaped(void)
{
        struct report_doc *doc = fixture_doc(FIXTURE_EMERGENCY);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        const char *flags[1] = {HOSTILE};
        doc->reason = HOSTILE;
        doc->action.text = HOSTILE;
        doc->inputs.topology = HOSTILE; /* also in <title> */
        doc->inputs.legacy = HOSTILE;
        doc->inputs.orchestrator = "\"quoted\" 'path'";
        doc->loads[0].reason = HOSTILE;
        doc->loads[0].metric[0].reason = HOSTILE;
        doc->loads[0].n_flags = 1;
        doc->loads[0].flags = flags;
        doc->pairs[4].run[1].error = HOSTILE;
        doc->pairs[0].harness_error = HOSTILE;
        doc->diagnosis.decision[REPORT_LEGACY] = HOSTILE;
        doc->timing.host = HOSTILE;
        char *h = render(doc);
        CU_ASSERT_PTR_NULL(strstr(h, "<script"));
        CU_ASSERT_PTR_NULL(strstr(h, "alert(1)</script>"));
        /* each of the places above: the page title, banner reason and
         * action, overview, inputs table (topology, legacy), load reason,
         * metric reason, flag, failed run, harness error (list and runs
         * table), diagnosis, host */
        CU_ASSERT(count(h, HOSTILE_ESCAPED) >= 14);
        CU_ASSERT_PTR_NOT_NULL(strstr(h, "&quot;quoted&quot; &#39;path&#39;"));
        CU_ASSERT_PTR_NULL(strstr(h, "\"quoted\""));
        char *title = section(h, "<title>", "</title>");
        CU_ASSERT_PTR_NOT_NULL(strstr(title, HOSTILE_ESCAPED));
        free(title);
        free(h);
        report_doc_destroy(doc);
}

/* the shared hostile fixture: its text in every free-text field */
static void test_hostile_fixture_escaped(void)
{
        char *h = render_kind(FIXTURE_HOSTILE);
        CU_ASSERT_PTR_NULL(strstr(h, "<script"));
        CU_ASSERT_PTR_NULL(strstr(h, "<x>"));
        CU_ASSERT_PTR_NULL(strstr(h, "\x01"));
        CU_ASSERT(count(h, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &amp;amp; &quot;q&quot; "
                           "&#39;x&#39;") >= 5);
        CU_ASSERT_PTR_NOT_NULL(strstr(h, "NSF|Net &lt;x&gt;"));
        CU_ASSERT_PTR_NOT_NULL(strstr(h, "host&quot;&lt;x&gt;"));
        free(h);
}

static void test_nan_is_a_dash(void)
{
        struct report_doc *doc = fixture_doc(FIXTURE_PASS);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        struct report_metric *m = &doc->loads[0].metric[REPORT_BP];
        m->legacy.lo = m->legacy.hi = NAN;
        m->orchestrator.mean = NAN; /* no point for this load in the BP chart */
        m->p_value = NAN;
        m->dev_lo = NAN;
        m->per_seed[1] = NAN;
        doc->loads[1].metric[REPORT_BBP].deviation = NAN;
        doc->loads[1].resolution_warning = true;
        doc->loads[1].resolution_pp = NAN;
        doc->loads[0].secondary.length_rel = NAN;
        doc->loads[0].secondary.modulations.p_value = NAN;
        doc->timing.pooled.ratio = NAN;
        doc->timing.wall_seconds = NAN;
        doc->inputs.requests = NAN;
        doc->inputs.dist_prob[0] = NAN;
        doc->policy.t1 = NAN; /* no bands */
        doc->policy.confidence = NAN;
        char *h = render(doc);
        assert_no_nan_inf(h);
        CU_ASSERT(count(h, "–") > 10);
        CU_ASSERT_EQUAL(count_in_chart(h, "bp", "class=\"pt legacy\""), 1);
        CU_ASSERT_EQUAL(count_in_chart(h, "bp", "not computed</text>"), 1);
        CU_ASSERT_EQUAL(count_in_chart(h, "deviation", "class=\"pt bbp\""), 1);
        CU_ASSERT_EQUAL(count_in_chart(h, "deviation", "BBP not computed</text>"), 1);
        CU_ASSERT_EQUAL(count_in_chart(h, "deviation", "class=\"band "), 0);
        CU_ASSERT_EQUAL(count_in_chart(h, "per-seed", "class=\"pt bp\""), 5);
        free(h);
        report_doc_destroy(doc);
}

static void test_unbounded_interval_clipped(void)
{
        struct report_doc *doc = fixture_doc(FIXTURE_PLANNED);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        doc->loads[1].metric[REPORT_BP].dev_hi = INFINITY;
        doc->loads[0].metric[REPORT_BBP].dev_lo = -INFINITY;
        doc->loads[0].metric[REPORT_BP].legacy.hi = INFINITY;
        char *h = render(doc);
        assert_no_nan_inf(h);
        CU_ASSERT_EQUAL(count_in_chart(h, "deviation", "class=\"clip bp\""), 1);
        CU_ASSERT_EQUAL(count_in_chart(h, "deviation", "class=\"clip bbp\""), 1);
        CU_ASSERT_EQUAL(count_in_chart(h, "bp", "class=\"clip legacy\""), 1);
        CU_ASSERT_EQUAL(count_in_chart(h, "bbp", "class=\"clip "), 0);
        /* the interval in the table */
        CU_ASSERT_PTR_NOT_NULL(strstr(h, "[+3.800, +∞]"));
        CU_ASSERT_PTR_NOT_NULL(strstr(h, "[−∞, +0.200]"));
        assert_points_in_frame(h, "deviation");
        assert_points_in_frame(h, "bp");
        /* the axis still fits the finite values: a tick at 6 (BBP's 5.4 plus
         * headroom), none at a huge value */
        char *dev = chart(h, "deviation");
        CU_ASSERT_PTR_NOT_NULL(strstr(dev, ">6</text>"));
        CU_ASSERT_PTR_NULL(strstr(dev, ">20</text>"));
        free(dev);
        free(h);
        report_doc_destroy(doc);
}

static void test_incomplete_marked(void)
{
        char *h = report_test_render_interrupted(&report_html_ops, FIXTURE_PLANNED, "INCOMPLETE");
        char *b = section(h, "<header class=\"banner", "</header>");
        CU_ASSERT_PTR_NOT_NULL(strstr(b, "class=\"incomplete\""));
        CU_ASSERT_PTR_NOT_NULL(strstr(b, "INCOMPLETE REPORT"));
        CU_ASSERT_PTR_NOT_NULL(strstr(b, "interrupted"));
        free(b);
        free(h);
}

/* Keeps the first `n` loads (and their pairs) of a fixture. */
static void keep_loads(struct report_doc *doc, int n)
{
        doc->n_loads = doc->inputs.n_loads = n;
        doc->n_pairs = n * doc->inputs.n_seeds;
}

static void test_one_load_and_zero_range(void)
{
        struct report_doc *doc = fixture_doc(FIXTURE_PASS);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        keep_loads(doc, 1);
        char *h = render(doc);
        assert_no_nan_inf(h);
        CU_ASSERT_EQUAL(count_in_chart(h, "bp", "class=\"pt legacy\""), 1);
        CU_ASSERT_EQUAL(count_in_chart(h, "bp", "class=\"pt orchestrator\""), 1);
        CU_ASSERT_EQUAL(count_in_chart(h, "per-seed", "class=\"pt bbp\""), 3);
        CU_ASSERT_EQUAL(count_in_chart(h, "bp", ">300</text>"), 1);
        CU_ASSERT_EQUAL(count_in_chart(h, "bp", ">450</text>"), 0);
        assert_points_in_frame(h, "bp");
        free(h);

        /* every figure 0: no range at all */
        for (int k = 0; k < REPORT_METRICS; k++) {
                struct report_metric *m = &doc->loads[0].metric[k];
                m->legacy = m->orchestrator = m->delta = (struct report_summary){0, 0, 0, 0};
                m->deviation = m->dev_lo = m->dev_hi = 0;
                for (int j = 0; j < m->n_per_seed; j++)
                        m->per_seed[j] = 0;
        }
        h = render(doc);
        assert_no_nan_inf(h);
        static const char *const ids[] = {"bp", "bbp", "deviation", "per-seed"};
        for (int c = 0; c < 4; c++)
                assert_points_in_frame(h, ids[c]);
        /* a blocking probability axis starts at 0, not below */
        char *bp = chart(h, "bp");
        CU_ASSERT_PTR_NOT_NULL(strstr(bp, ">0.0</text>"));
        CU_ASSERT_PTR_NULL(strstr(bp, "−"));
        free(bp);
        free(h);

        /* no loads at all */
        keep_loads(doc, 0);
        h = render(doc);
        assert_no_nan_inf(h);
        CU_ASSERT_EQUAL(count(h, "<svg"), 4);
        CU_ASSERT_EQUAL(count(h, "<circle class=\"pt "), 0);
        CU_ASSERT_EQUAL(count(h, ">no loads</text>"), 4);
        free(h);
        report_doc_destroy(doc);
}

static void test_many_loads(void)
{
        enum { N = 30 };
        struct report_doc *doc = fixture_doc(FIXTURE_PLANNED);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        struct report_load *loads = report_doc_alloc(doc, N, sizeof(*loads));
        CU_ASSERT_PTR_NOT_NULL_FATAL(loads);
        for (int i = 0; i < N; i++) {
                loads[i] = doc->loads[i % 2];
                loads[i].erlang = 100 + 10 * i;
        }
        doc->loads = loads;
        doc->n_loads = N;
        doc->timing.perf = NULL;
        char *h = render(doc);
        CU_ASSERT_EQUAL(count_in_chart(h, "bp", "class=\"pt legacy\""), N);
        CU_ASSERT_EQUAL(count_in_chart(h, "per-seed", "class=\"pt bp\""), 3 * N);
        /* load labels thinned so that they do not overlap: at most one per
         * 44 units of the 382-unit plot */
        int labels = count_in_chart(h, "bp", "y=\"264.0\" text-anchor=\"middle\">");
        CU_ASSERT(labels >= 4 && labels <= 9);
        CU_ASSERT_EQUAL(count_in_chart(h, "bp", ">100</text>"), 1);
        /* narrow bands: the words stand upright */
        free(h);
        doc->loads[3].metric[REPORT_BP].have_stats = false;
        h = render(doc);
        char *bp = chart(h, "bp");
        CU_ASSERT_PTR_NOT_NULL(strstr(bp, "transform=\"rotate(-90"));
        CU_ASSERT_EQUAL(count(bp, "not computed</text>"), 1);
        free(bp);
        free(h);
        report_doc_destroy(doc);
}

static void test_bands_follow_policy(void)
{
        struct report_doc *doc = fixture_doc(FIXTURE_PLANNED);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        /* either direction: planned zones on both sides, both T1 lines; the
         * T2 zone lies beyond this axis */
        char *h = render(doc);
        CU_ASSERT_EQUAL(count_in_chart(h, "deviation", "class=\"band planned\""), 2);
        CU_ASSERT_EQUAL(count_in_chart(h, "deviation", "class=\"band eq\""), 1);
        CU_ASSERT_EQUAL(count_in_chart(h, "deviation", "class=\"band emergency\""), 0);
        CU_ASSERT_EQUAL(count_in_chart(h, "deviation", ">+T1</text>"), 1);
        CU_ASSERT_EQUAL(count_in_chart(h, "deviation", ">−T1</text>"), 1);
        CU_ASSERT_EQUAL(count_in_chart(h, "deviation", "(pp)</text>"), 1);
        free(h);
        /* increase only: nothing shaded as a rollback below +T1 */
        doc->policy.direction = STATS_DIR_INCREASE;
        doc->policy.deviation = STATS_DEV_RELATIVE;
        h = render(doc);
        CU_ASSERT_EQUAL(count_in_chart(h, "deviation", "class=\"band planned\""), 1);
        CU_ASSERT_EQUAL(count_in_chart(h, "deviation", ">+T1</text>"), 1);
        CU_ASSERT_EQUAL(count_in_chart(h, "deviation", ">−T1</text>"), 0);
        CU_ASSERT_EQUAL(count_in_chart(h, "deviation", "(%)</text>"), 1);
        CU_ASSERT_PTR_NOT_NULL(strstr(h, "only the positive side counts"));
        free(h);
        /* a deviation beyond T2 shows the emergency zone */
        doc->policy.direction = STATS_DIR_EITHER;
        doc->loads[1].metric[REPORT_BP].dev_hi = 12;
        h = render(doc);
        CU_ASSERT_EQUAL(count_in_chart(h, "deviation", "class=\"band emergency\""), 1);
        CU_ASSERT_EQUAL(count_in_chart(h, "deviation", ">+T2</text>"), 1);
        free(h);
        report_doc_destroy(doc);
}

static void test_tables_and_sections(void)
{
        char *h = render_kind(FIXTURE_EMERGENCY);
        char *fail = section(h, "<section id=\"failures\">", "</section>");
        CU_ASSERT_PTR_NOT_NULL(strstr(fail, "orchestrator run failed"));
        CU_ASSERT_PTR_NOT_NULL(strstr(fail, "at request 500"));
        CU_ASSERT_PTR_NOT_NULL(strstr(fail, "crash at request 500 (injected)"));
        free(fail);
        char *diag = section(h, "<section id=\"diagnosis\">", "</section>");
        CU_ASSERT_PTR_NOT_NULL(strstr(diag, "request 500"));
        CU_ASSERT_PTR_NOT_NULL(strstr(diag, "route 1, slots 12-15, QPSK"));
        CU_ASSERT_PTR_NOT_NULL(strstr(diag, "failed: crash"));
        free(diag);
        CU_ASSERT_PTR_NOT_NULL(strstr(h, "not compared")); /* load 450's run time */
        free(h);

        h = render_kind(FIXTURE_HARNESS);
        fail = section(h, "<section id=\"failures\">", "</section>");
        CU_ASSERT_PTR_NOT_NULL(strstr(fail, "harness error</strong>: cannot create the run "
                                            "directory /tmp/x: Permission denied"));
        CU_ASSERT_PTR_NOT_NULL(strstr(fail, "legacy run failed"));
        CU_ASSERT_PTR_NOT_NULL(strstr(fail, "exit status 1"));
        free(fail);
        char *perf = section(h, "<section id=\"performance\">", "</section>");
        CU_ASSERT_PTR_NOT_NULL(strstr(perf, "over all runs: not compared"));
        free(perf);
        free(h);

        h = render_kind(FIXTURE_LOW_SIGNAL);
        char *loads = section(h, "<section id=\"loads\">", "</section>");
        CU_ASSERT_PTR_NOT_NULL(strstr(loads, "3 replications can only resolve ±1.40 pp"));
        CU_ASSERT_PTR_NOT_NULL(strstr(loads, "WARN: low signal: 26 blocked requests"));
        free(loads);
        char *metrics = section(h, "<section id=\"metrics\">", "</section>");
        CU_ASSERT_PTR_NOT_NULL(strstr(metrics, "[-0.050, +0.070]"));
        CU_ASSERT_PTR_NOT_NULL(strstr(metrics, "low_signal_exact"));
        free(metrics);
        free(h);

        h = render_kind(FIXTURE_PLANNED);
        CU_ASSERT_PTR_NULL(strstr(h, "id=\"diagnosis\""));
        fail = section(h, "<section id=\"failures\">", "</section>");
        CU_ASSERT_PTR_NOT_NULL(strstr(fail, "None"));
        free(fail);
        metrics = section(h, "<section id=\"metrics\">", "</section>");
        CU_ASSERT_EQUAL(count(metrics, "<table>"), 2); /* BP and BBP */
        CU_ASSERT_PTR_NOT_NULL(strstr(metrics, "6.500 <span class=\"nw\">[6.100, 6.900]"));
        CU_ASSERT_PTR_NOT_NULL(strstr(metrics, "+4.000 pp"));
        CU_ASSERT_PTR_NOT_NULL(strstr(metrics, "[+3.800, +4.200]"));
        CU_ASSERT_PTR_NOT_NULL(strstr(metrics, "Holm 0.0044"));
        free(metrics);
        char *sec = section(h, "<section id=\"secondary\">", "</section>");
        CU_ASSERT_EQUAL(count(sec, "χ² 1.250, df 1, p 0.26"), 2);
        CU_ASSERT_EQUAL(count(sec, "not tested"), 2);
        CU_ASSERT_PTR_NOT_NULL(strstr(sec, "3 / 0 / 0 (p 0.25)"));
        free(sec);
        char *in = section(h, "<section id=\"inputs\">", "</section>");
        CU_ASSERT_PTR_NOT_NULL(strstr(in, "NSFNet"));
        CU_ASSERT_PTR_NOT_NULL(strstr(in, "drop=0.05"));
        CU_ASSERT_PTR_NOT_NULL(strstr(in, "300, 450"));
        CU_ASSERT_PTR_NOT_NULL(strstr(in, "10000"));
        CU_ASSERT_PTR_NOT_NULL(strstr(in, "2 / 10 pp"));
        CU_ASSERT_PTR_NOT_NULL(strstr(in, "95 %"));
        free(in);
        perf = section(h, "<section id=\"performance\">", "</section>");
        CU_ASSERT_PTR_NOT_NULL(strstr(perf, "1.010 [0.990, 1.030]"));
        CU_ASSERT_PTR_NOT_NULL(strstr(perf, "thread_cpu"));
        free(perf);
        free(h);
}

/* A sequential design: the design, and per load where it stopped and a
 * table of its looks; the overview says "up to"; nothing of it in a fixed
 * run. */
static void test_sequential_looks(void)
{
        char *h = render_kind(FIXTURE_SEQUENTIAL);
        char *lk = section(h, "<section id=\"looks\">", "</section>");
        CU_ASSERT_PTR_NOT_NULL(strstr(lk, "<h2>Sequential looks</h2>\n<p class=\"meta\">O&#39;"
                                          "Brien-Fleming spending, batches of 5, at most 25 "
                                          "replications per load; 17.5 of 25 used on average."));
        CU_ASSERT_EQUAL(count(lk, "<table>"), 2);
        CU_ASSERT_EQUAL(count(lk, "<tr><td class=\"num\">"), 2 + 5);
        const char *l300 = strstr(lk, "<h3>300 Erlang</h3>\n<p class=\"stop\">stopped after look "
                                      "2: decided (PASS)</p>");
        const char *l450 = strstr(lk, "<h3>450 Erlang</h3>\n<p class=\"stop\">stopped at the "
                                      "most replications (25): undecided</p>");
        CU_ASSERT(l300 && l450 && l300 < l450);
        CU_ASSERT_PTR_NOT_NULL(strstr(
            lk, "<tr><td class=\"num\">2</td><td class=\"num\">10</td><td class=\"num\">0.00193"
                "</td><td class=\"num\">0.00194</td><td><span class=\"nw\">[-0.950, "
                "+0.980]</span><br/><span class=\"basis\">paired</span></td><td><span "
                "class=\"nw\">[-1.235, +1.274]</span><br/><span class=\"basis\">paired</span>"
                "</td><td><span class=\"badge v-pass\">PASS</span></td></tr>"));
        CU_ASSERT_PTR_NOT_NULL(strstr(lk, "<td class=\"num\">5</td><td class=\"num\">25</td>"
                                          "<td class=\"num\">0.0424</td><td class=\"num\">0.05"
                                          "</td>"));
        free(lk);
        CU_ASSERT_PTR_NOT_NULL(strstr(h, ": 2 load(s) × up to 25 replication(s), "));
        CU_ASSERT_PTR_NOT_NULL(strstr(h, "<summary>All runs (35 pairs)</summary>"));
        CU_ASSERT_PTR_NOT_NULL(strstr(h, "<tr><th scope=\"row\">sequential design</th><td>O&#39;"
                                         "Brien-Fleming spending"));
        assert_no_nan_inf(h);
        free(h);
        h = render_kind(FIXTURE_INCONCLUSIVE);
        CU_ASSERT_PTR_NULL(strstr(h, "id=\"looks\""));
        CU_ASSERT_PTR_NULL(strstr(h, "up to"));
        free(h);
}

static void test_declared_metrics(void)
{
        char *h = render_kind(FIXTURE_METRICS);
        /* after the statistics of BP and BBP, before the secondary checks */
        const char *stats = strstr(h, "<section id=\"metrics\">");
        const char *decl = strstr(h, "<section id=\"declared\">\n<h2>Declared metrics</h2>");
        const char *sec = strstr(h, "<section id=\"secondary\">");
        CU_ASSERT(stats && decl && sec && stats < decl && decl < sec);
        char *d = section(h, "<section id=\"declared\">", "</section>");
        CU_ASSERT_PTR_NOT_NULL(
            strstr(d, "<tr><th scope=\"row\"><code>alerts_total</code></th><td>equivalence, "
                      "primary: absolute deviation, T1 1 alerts, T2 5 alerts, direction "
                      "either</td></tr>"));
        CU_ASSERT_PTR_NOT_NULL(strstr(d, "<tr><th scope=\"row\"><code>heap_mb</code></th><td>"
                                         "exact, secondary: equal within abs_tol 0.5 or rel_tol "
                                         "0.01</td></tr>"));
        CU_ASSERT_PTR_NOT_NULL(
            strstr(d, "<tr><th scope=\"row\"><code>tick_ms</code></th><td>performance, primary: "
                      "MONITOR when significantly above 1 + 0.05 times legacy</td></tr>"));
        /* a row per load and declared metric */
        CU_ASSERT_EQUAL(count(d, "<tr><td class=\"num\">"), 8);
        CU_ASSERT_PTR_NOT_NULL(strstr(
            d, "<tr><td class=\"num\">300</td><td class=\"nw\"><code>alerts_total</code></td><td>"
               "equivalence, primary</td><td>deviation +0.300 alerts, 90 % decision "
               "interval [+0.100, +0.500] alerts</td><td><span class=\"badge "
               "v-pass\">PASS</span></td>"));
        /* the run file's value escaped */
        CU_ASSERT_PTR_NOT_NULL(strstr(
            d, "<tr><td class=\"num\">450</td><td class=\"nw\"><code>digest</code></td><td>exact, "
               "primary</td><td>1 of 3 replications differ; first: replication 2 (seed "
               "102): legacy &quot;ab12&quot;, orchestrator &quot;ab|13 "
               "&lt;b&gt;&amp;amp;&quot;</td><td><span class=\"badge "
               "v-planned\">PLANNED_ROLLBACK</span></td>"));
        CU_ASSERT_PTR_NULL(strstr(h, "<b>"));
        CU_ASSERT_PTR_NOT_NULL(
            strstr(d, "<td>orchestrator / legacy 1.120, 90 % decision interval [1.080, 1.160]: "
                      "significantly above 1 + 0.05 (MONITOR)</td><td><span class=\"badge "
                      "v-monitor\">MONITOR</span></td>"));
        /* a secondary metric's rollback says that it only flags */
        CU_ASSERT_EQUAL(count(d, "secondary: flags the load"), 1);
        CU_ASSERT_PTR_NOT_NULL(strstr(d, "<td>1 of 3 replications differ; first: replication 3 "
                                         "(seed 103): legacy 512.25, orchestrator 530.5</td>"));
        CU_ASSERT_PTR_NULL(strstr(h, "class=\"exact\""));
        free(d);
        free(h);
        for (int k = 0; k < FIXTURE_METRICS; k++) {
                h = render_kind(k);
                CU_ASSERT_PTR_NULL(strstr(h, "id=\"declared\""));
                CU_ASSERT_PTR_NULL(strstr(h, "class=\"exact\""));
                free(h);
        }
}

static void test_exact_characterisation(void)
{
        char *h = render_kind(FIXTURE_EXACT);
        char *b = section(h, "<header class=\"banner", "</header>");
        CU_ASSERT_PTR_NOT_NULL(strstr(b, "<p class=\"exact\"><strong>Characterisation "
                                         "(--exact):</strong> first difference at erlang 450, "
                                         "replication 1 (seed 101), metric BP: legacy 650 of "
                                         "10000 blocked, orchestrator 651 of 10000 "
                                         "blocked</p>\n"));
        free(b);
        /* BP judged by equality: what differs in place of an interval */
        char *m = section(h, "<section id=\"metrics\">", "</section>");
        CU_ASSERT_PTR_NOT_NULL(strstr(m, "<span class=\"nw\">1 of 3 replications differ; first: "
                                         "replication 1 (seed 101): legacy 650 of 10000 blocked, "
                                         "orchestrator 651 of 10000 blocked</span><br/><span "
                                         "class=\"basis\">equality</span>"));
        CU_ASSERT_PTR_NOT_NULL(strstr(m, "<span class=\"nw\">equal on every replication</span>"));
        free(m);
        char *d = section(h, "<section id=\"declared\">", "</section>");
        CU_ASSERT_EQUAL(count(d, "<tr><td class=\"num\">"), 6);
        CU_ASSERT_PTR_NOT_NULL(
            strstr(d, "<td class=\"nw\"><code>trace_hash</code></td><td>exact, primary</td>"
                      "<td>1 of 3 replications differ; first: replication 1 "
                      "(seed 101): legacy &quot;9e3779b97f4a7c15&quot;, "
                      "orchestrator &quot;9e3779b97f4a7c16&quot;</td>"));
        free(d);
        free(h);

        struct report_doc *doc = fixture_doc(FIXTURE_PASS);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        doc->exact.on = true;
        h = render(doc);
        CU_ASSERT_PTR_NOT_NULL(strstr(h, "<p class=\"exact\"><strong>Characterisation "
                                         "(--exact):</strong> no difference on any "
                                         "replication</p>\n"));
        free(h);
        report_doc_destroy(doc);
}

TEST_MAIN("report_html", TEST(test_ops), TEST(test_every_fixture_is_one_page),
          TEST(test_banner_first), TEST(test_point_counts), TEST(test_hostile_strings_escaped),
          TEST(test_hostile_fixture_escaped), TEST(test_nan_is_a_dash),
          TEST(test_unbounded_interval_clipped), TEST(test_incomplete_marked),
          TEST(test_one_load_and_zero_range), TEST(test_many_loads), TEST(test_bands_follow_policy),
          TEST(test_tables_and_sections), TEST(test_sequential_looks), TEST(test_declared_metrics),
          TEST(test_exact_characterisation))
