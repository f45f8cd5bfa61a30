/*
 * The renderers' shared number formatting (reports/format.c): exact
 * numbers that read back as written, levels as percentages, the words
 * each renderer chooses for NaN and the infinities instead of printf's, and
 * the one wording of declared metrics and --exact that every renderer uses.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../reports/format.h"
#include "report_testutil.h"

static void test_exact(void)
{
        char s[40];
        report_format_exact(s, sizeof(s), 300, "n/a");
        CU_ASSERT_STRING_EQUAL(s, "300");
        report_format_exact(s, sizeof(s), 1828.4759820297202, "n/a");
        CU_ASSERT_STRING_EQUAL(s, "1828.4759820297202");
        CU_ASSERT_EQUAL(strtod(s, NULL), 1828.4759820297202);
        report_format_exact(s, sizeof(s), NAN, "n/a");
        CU_ASSERT_STRING_EQUAL(s, "n/a");
        report_format_exact(s, sizeof(s), -INFINITY, "?");
        CU_ASSERT_STRING_EQUAL(s, "?");
        struct rg_buf b;
        rg_buf_init(&b);
        report_format_put_exact(&b, 0.1319, "?");
        report_format_put_exact(&b, INFINITY, "?");
        CU_ASSERT_STRING_EQUAL(rg_buf_text(&b), "0.1319?");
        rg_buf_finish(&b);
}

static void test_level(void)
{
        char s[16];
        report_format_level(s, sizeof(s), 0.95);
        CU_ASSERT_STRING_EQUAL(s, "95");
        report_format_level(s, sizeof(s), 0.998);
        CU_ASSERT_STRING_EQUAL(s, "99.8");
        report_format_level(s, sizeof(s), NAN);
        CU_ASSERT_STRING_EQUAL(s, "?");
}

static void test_nonfinite_words(void)
{
        static const struct report_nonfinite words = {"N", "-I", "+I"};
        struct rg_buf b;
        rg_buf_init(&b);
        CU_ASSERT_FALSE(report_format_put_nonfinite(&b, 1.5, &words));
        CU_ASSERT_EQUAL(b.len, 0);
        CU_ASSERT_TRUE(report_format_put_nonfinite(&b, NAN, &words));
        CU_ASSERT_TRUE(report_format_put_nonfinite(&b, -INFINITY, &words));
        CU_ASSERT_TRUE(report_format_put_nonfinite(&b, INFINITY, &words));
        CU_ASSERT_STRING_EQUAL(rg_buf_text(&b), "N-I+I");
        rg_buf_finish(&b);

        rg_buf_init(&b);
        report_format_put_figure(&b, "%+.3f", 4, &words);
        rg_buf_puts(&b, " ");
        report_format_put_figure(&b, "%.3g", 0.00112, &words);
        rg_buf_puts(&b, " ");
        report_format_put_figure(&b, "%+.3f", -INFINITY, &words);
        CU_ASSERT_STRING_EQUAL(rg_buf_text(&b), "+4.000 0.00112 -I");
        rg_buf_finish(&b);
}

static void test_unit_and_role(void)
{
        struct report_doc *doc = fixture_doc(FIXTURE_PASS);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        doc->policy.deviation = STATS_DEV_ABSOLUTE;
        CU_ASSERT_STRING_EQUAL(report_format_unit(doc), "pp");
        doc->policy.deviation = STATS_DEV_RELATIVE;
        CU_ASSERT_STRING_EQUAL(report_format_unit(doc), "%");
        report_doc_destroy(doc);
        CU_ASSERT_STRING_EQUAL(report_format_role(REPORT_LEGACY), "legacy");
        CU_ASSERT_STRING_EQUAL(report_format_role(REPORT_ORCHESTRATOR), "orchestrator");
}

static const struct report_nonfinite words = {"N", "-I", "+I"};

/* What a function writes into a fresh buffer (malloc'd). */
static char *text_of(struct rg_buf *b)
{
        char *s = strdup(rg_buf_text(b));
        rg_buf_finish(b);
        CU_ASSERT_PTR_NOT_NULL_FATAL(s);
        return s;
}

static char *declaration(const struct report_declared *d)
{
        struct rg_buf b;
        rg_buf_init(&b);
        report_format_put_declaration(&b, d);
        return text_of(&b);
}

static char *decided(const struct report_doc *doc, const struct report_load *L,
                     const struct report_metric *m)
{
        struct rg_buf b;
        rg_buf_init(&b);
        report_format_put_decided(&b, doc, L, m, &words);
        return text_of(&b);
}

static void expect(char *got, const char *want)
{
        CU_ASSERT_STRING_EQUAL(got, want);
        free(got);
}

static void test_declaration(void)
{
        struct report_declared d = {.name = "q",
                                    .kind = "equivalence",
                                    .primary = true,
                                    .unit = "ms",
                                    .deviation = STATS_DEV_ABSOLUTE,
                                    .direction = STATS_DIR_EITHER,
                                    .t1 = 1.5,
                                    .t2 = 4};
        expect(declaration(&d), "equivalence, primary: absolute deviation, T1 1.5 ms, T2 4 ms, "
                                "direction either");
        /* relative: % of legacy whatever the unit; no unit: bare numbers */
        d.deviation = STATS_DEV_RELATIVE;
        d.direction = STATS_DIR_INCREASE;
        d.primary = false;
        expect(declaration(&d), "equivalence, secondary: relative deviation, T1 1.5 %, T2 4 %, "
                                "direction increase");
        d.deviation = STATS_DEV_ABSOLUTE;
        d.unit = "";
        expect(declaration(&d), "equivalence, secondary: absolute deviation, T1 1.5, T2 4, "
                                "direction increase");
        d = (struct report_declared){.name = "x", .kind = "exact", .primary = true, .unit = ""};
        expect(declaration(&d), "exact, primary: equal (abs_tol 0, rel_tol 0)");
        d.rel_tol = 0.02;
        expect(declaration(&d), "exact, primary: equal within abs_tol 0 or rel_tol 0.02");
        d = (struct report_declared){
            .name = "t", .kind = "performance", .primary = true, .unit = "", .factor = 0.1};
        expect(declaration(&d), "performance, primary: MONITOR when significantly above 1 + 0.1 "
                                "times legacy");
}

static void test_decided(void)
{
        struct report_doc *doc = fixture_doc(FIXTURE_METRICS);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        struct report_load *L = &doc->loads[1];
        struct report_metric *m = L->declared;
        expect(decided(doc, L, &m[0]), "deviation +0.400 alerts, 90 % decision interval [+0.200, "
                                       "+0.600] alerts");
        /* the renderer's words for what is not finite */
        m[0].dev_hi = INFINITY;
        m[0].deviation = NAN;
        expect(decided(doc, L, &m[0]), "deviation N alerts, 90 % decision interval [+0.200, +I] "
                                       "alerts");
        m[0].basis = STATS_BASIS_FAILED;
        expect(decided(doc, L, &m[0]), "not computed: a run failed");
        m[0].basis = STATS_BASIS_UNAVAILABLE;
        expect(decided(doc, L, &m[0]), "not computed (see the reason)");
        expect(decided(doc, L, &m[1]), "1 of 3 replications differ; first: replication 2 (seed "
                                       "102): legacy \"ab12\", orchestrator \"ab|13 <b>&amp;\"");
        m[1].first_differ = -1;
        expect(decided(doc, L, &m[1]), "1 of 3 replications differ");
        m[1].basis = STATS_BASIS_UNAVAILABLE;
        expect(decided(doc, L, &m[1]), "not compared: neither path reported it");
        expect(decided(doc, L, &m[2]), "orchestrator / legacy 1.120, 90 % decision interval "
                                       "[1.080, 1.160]: significantly above 1 + 0.05 (MONITOR)");
        /* the factor is the declaration's, not the run-time check's */
        doc->declared[2].factor = 0.2;
        m[2].perf_slower = false;
        expect(decided(doc, L, &m[2]), "orchestrator / legacy 1.120, 90 % decision interval "
                                       "[1.080, 1.160]: not significantly above 1 + 0.2");
        m[2].perf_computed = false;
        expect(decided(doc, L, &m[2]), "ratio not computed");
        expect(decided(doc, &doc->loads[0], &doc->loads[0].declared[3]),
               "equal on every replication");
        CU_ASSERT_STRING_EQUAL(report_format_metric_name(L, &L->metric[REPORT_BP]), "BP");
        CU_ASSERT_STRING_EQUAL(report_format_metric_name(L, &L->metric[REPORT_BBP]), "BBP");
        CU_ASSERT_STRING_EQUAL(report_format_metric_name(L, &m[3]), "heap_mb");
        CU_ASSERT_PTR_EQUAL(report_format_declaration(doc, "tick_ms"), &doc->declared[2]);
        CU_ASSERT_PTR_NULL(report_format_declaration(doc, "trace_hash"));
        CU_ASSERT_STRING_EQUAL(report_format_primary(false), "secondary");
        report_doc_destroy(doc);
}

static void test_characterisation(void)
{
        struct report_doc *doc = fixture_doc(FIXTURE_EXACT);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        struct rg_buf b;
        rg_buf_init(&b);
        report_format_put_characterisation(&b, doc);
        expect(text_of(&b), "first difference at erlang 450, replication 1 (seed 101), metric BP: "
                            "legacy 650 of 10000 blocked, orchestrator 651 of 10000 blocked");
        /* the JSON's keys for BP and BBP read as the tables name them;
         * declared names as they are */
        doc->exact.metric = "bbp";
        doc->exact.replication = 2;
        rg_buf_init(&b);
        report_format_put_characterisation(&b, doc);
        expect(text_of(&b), "first difference at erlang 450, replication 3 (seed 101), metric BBP: "
                            "legacy 650 of 10000 blocked, orchestrator 651 of 10000 blocked");
        doc->exact.metric = "bpx";
        rg_buf_init(&b);
        report_format_put_characterisation(&b, doc);
        CU_ASSERT_PTR_NOT_NULL(strstr(rg_buf_text(&b), ", metric bpx: "));
        rg_buf_finish(&b);
        doc->exact.differs = false;
        rg_buf_init(&b);
        report_format_put_characterisation(&b, doc);
        expect(text_of(&b), "no difference on any replication");
        report_doc_destroy(doc);
}

static void test_put_through(void)
{
        struct rg_buf out, text;
        rg_buf_init(&out);
        rg_buf_init(&text);
        rg_buf_puts(&text, "a<b");
        report_format_put_through(&out, &text, report_put_xml);
        CU_ASSERT_EQUAL(text.len, 0);
        rg_buf_init(&text);
        rg_buf_puts(&text, "|c");
        report_format_put_through(&out, &text, NULL);
        CU_ASSERT_STRING_EQUAL(rg_buf_text(&out), "a&lt;b|c");
        CU_ASSERT_FALSE(rg_buf_failed(&out));
        /* the scratch text's out-of-memory becomes the output's */
        rg_buf_init(&text);
        text.nomem = true;
        report_format_put_through(&out, &text, report_put_xml);
        CU_ASSERT_TRUE(rg_buf_failed(&out));
        rg_buf_finish(&out);
}

TEST_MAIN("report_format", TEST(test_exact), TEST(test_level), TEST(test_nonfinite_words),
          TEST(test_unit_and_role), TEST(test_declaration), TEST(test_decided),
          TEST(test_characterisation), TEST(test_put_through))
