/*
 * The failures of a comparison (reports/failures.c) in the order the
 * renderers list them: pair by pair, a harness error alone (the pair's
 * runs are not valid), else the failed runs, legacy first.
 */
#include "../reports/failures.h"
#include "report_testutil.h"

static void test_order(void)
{
        struct report_doc *doc = fixture_doc(FIXTURE_PASS);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        CU_ASSERT_EQUAL_FATAL(doc->n_pairs, 6);
        doc->pairs[0].harness_error = "cannot start";
        doc->pairs[0].run[REPORT_ORCHESTRATOR].ok = false; /* not valid: not listed */
        doc->pairs[2].run[REPORT_ORCHESTRATOR].ok = false;
        doc->pairs[2].run[REPORT_LEGACY].ok = false;
        doc->pairs[5].run[REPORT_LEGACY].ok = false;
        const struct {
                int pair, role;
        } want[] = {{0, -1}, {2, REPORT_LEGACY}, {2, REPORT_ORCHESTRATOR}, {5, REPORT_LEGACY}};
        struct report_failure f;
        int at = 0, n = 0;
        while (report_failure_next(doc, &at, &f)) {
                CU_ASSERT_FATAL(n < 4);
                CU_ASSERT_PTR_EQUAL(f.pair, &doc->pairs[want[n].pair]);
                CU_ASSERT_EQUAL(f.role, want[n].role);
                const struct report_run *run =
                    want[n].role < 0 ? NULL : &doc->pairs[want[n].pair].run[want[n].role];
                CU_ASSERT_PTR_EQUAL(f.run, run);
                n++;
        }
        CU_ASSERT_EQUAL(n, 4);
        /* the end stays the end */
        CU_ASSERT_FALSE(report_failure_next(doc, &at, &f));
        report_doc_destroy(doc);
}

static void test_none(void)
{
        struct report_doc *doc = fixture_doc(FIXTURE_PASS);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        struct report_failure f;
        int at = 0;
        CU_ASSERT_FALSE(report_failure_next(doc, &at, &f));
        doc->n_pairs = 0;
        at = 0;
        CU_ASSERT_FALSE(report_failure_next(doc, &at, &f));
        report_doc_destroy(doc);
}

TEST_MAIN("report_failures", TEST(test_order), TEST(test_none))
