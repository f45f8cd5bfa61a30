/* Writing JSON texts in tests and checking what a parser made of them. */
#ifndef JSON_FIXTURE_H
#define JSON_FIXTURE_H

#include <stdbool.h>
#include <string.h>

#include "../backends/result.h"
#include "testutil.h"

/* `src` with every ' turned into ". */
static inline const char *json(const char *src)
{
        static char text_buf[16384];
        size_t n = strlen(src);
        CU_ASSERT_FATAL(n < sizeof(text_buf));
        for (size_t i = 0; i <= n; i++)
                text_buf[i] = src[i] == '\'' ? '"' : src[i];
        return text_buf;
}

static inline void expect_message(const struct rg_errbuf *eb, const char *part)
{
        if (strstr(eb->msg, part) == NULL) {
                fprintf(stderr, "\n    message '%s' lacks '%s'\n", eb->msg, part);
                CU_FAIL("error message lacks the expected detail");
        }
        CU_ASSERT_PTR_NULL(strchr(eb->msg, '\n'));
}

static inline bool zeroed(const struct backend_result *r)
{
        static const struct backend_result zero;
        return memcmp(r, &zero, sizeof(zero)) == 0;
}

/* A text a parser must refuse: with this code, and `part` in the message. */
struct bad_case {
        const char *text;
        int code;
        const char *part; /* in the message */
};

#endif
