/*
 * The renderers' shared number formatting (reports/format.c): exact
 * numbers that read back as written, levels as percentages, and the words
 * each renderer chooses for NaN and the infinities instead of printf's.
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

TEST_MAIN("report_format", TEST(test_exact), TEST(test_level), TEST(test_nonfinite_words),
          TEST(test_unit_and_role))
