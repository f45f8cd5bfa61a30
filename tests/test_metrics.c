/* Declared metrics (compare/analyse.c): placeholder, being written. */
#include "testutil.h"

static void test_placeholder(void)
{
        CU_ASSERT(1);
}

TEST_MAIN("metrics", TEST(test_placeholder))
