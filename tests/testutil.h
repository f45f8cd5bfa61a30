/* Shared CUnit scaffolding: every test binary registers one suite and runs it
 * with the basic interface; the process exit code is the number of failures
 * (77, meson's "skipped", when a binary's data is not available). */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>

struct test_case {
        const char *name;
        void (*fn)(void);
};

#define TEST(fn)                                                                                   \
        {                                                                                          \
#fn, fn                                                                            \
        }

static inline int test_run_suite(const char *suite_name, const struct test_case *tests, size_t n)
{
        if (CU_initialize_registry() != CUE_SUCCESS)
                return 1;
        CU_pSuite suite = CU_add_suite(suite_name, NULL, NULL);
        if (suite == NULL)
                return 1;
        for (size_t i = 0; i < n; i++)
                if (CU_add_test(suite, tests[i].name, tests[i].fn) == NULL)
                        return 1;
        CU_basic_set_mode(CU_BRM_VERBOSE);
        CU_basic_run_tests();
        unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
        unsigned run = CU_get_number_of_tests_run();
        CU_cleanup_registry();
        if (run == 0)
                return 1;
        return failed ? 1 : 0;
}

#define TEST_MAIN(suite, ...)                                                                      \
        int main(void)                                                                             \
        {                                                                                          \
                static const struct test_case tests[] = {__VA_ARGS__};                             \
                return test_run_suite(suite, tests, sizeof(tests) / sizeof(tests[0]));             \
        }

#ifndef RG_REFERENCE_DIR
#define RG_REFERENCE_DIR "../shared/reference/fusion"
#endif
#ifndef RG_FIXTURE_DIR
#define RG_FIXTURE_DIR "fixtures"
#endif

#endif
