/* Helpers of the report renderers' tests (tests/test_report_*.c): a
 * rendering or an escaped text as a string the caller frees, substrings
 * counted, and the checks every renderer passes.  A rendering that fails
 * fails the calling test. */
#ifndef REPORT_TESTUTIL_H
#define REPORT_TESTUTIL_H

#include <stdlib.h>
#include <string.h>

#include "../reports/render.h"
#include "report_fixture.h"
#include "testutil.h"

/* The rendering of `doc` by `ops` with `opts` (malloc'd); it must succeed. */
static inline char *report_test_render_opts(const struct report_renderer_ops *ops,
                                            const struct report_doc *doc,
                                            const struct report_render_opts *opts)
{
        struct rg_buf out;
        struct rg_errbuf eb;
        rg_buf_init(&out);
        rg_errbuf_init(&eb);
        int rc = ops->render(doc, opts, &out, &eb);
        if (rc != RG_OK)
                fprintf(stderr, "\n%s: %s\n", ops->name, eb.msg[0] ? eb.msg : rg_strerror(rc));
        CU_ASSERT_EQUAL(rc, RG_OK);
        char *s = strdup(rg_buf_text(&out));
        rg_buf_finish(&out);
        CU_ASSERT_PTR_NOT_NULL_FATAL(s);
        return s;
}

static inline char *report_test_render(const struct report_renderer_ops *ops,
                                       const struct report_doc *doc)
{
        const struct report_render_opts opts = {0};
        return report_test_render_opts(ops, doc, &opts);
}

/* The rendering of a fresh fixture document of `kind`. */
static inline char *report_test_render_kind(const struct report_renderer_ops *ops,
                                            enum fixture_kind kind)
{
        struct report_doc *doc = fixture_doc(kind);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        char *s = report_test_render(ops, doc);
        report_doc_destroy(doc);
        return s;
}

/* `s` as an escaper of reports/escape.c writes it (malloc'd). */
static inline char *report_test_escape(void (*put)(struct rg_buf *, const char *), const char *s)
{
        struct rg_buf b;
        rg_buf_init(&b);
        put(&b, s);
        char *r = strdup(rg_buf_text(&b));
        rg_buf_finish(&b);
        CU_ASSERT_PTR_NOT_NULL_FATAL(r);
        return r;
}

/* Occurrences of `needle` that start in [from, to), not overlapping; `to`
 * NULL: to the end of `from`. */
static inline int report_test_count(const char *from, const char *to, const char *needle)
{
        int n = 0;
        size_t len = strlen(needle);
        for (const char *p = strstr(from, needle); p && (to == NULL || p < to);
             p = strstr(p + len, needle))
                n++;
        return n;
}

/* The rendering of fixture `kind` as an interrupted comparison (complete
 * = false), once the complete one was checked not to contain `marker`
 * (malloc'd). */
static inline char *report_test_render_interrupted(const struct report_renderer_ops *ops,
                                                   enum fixture_kind kind, const char *marker)
{
        struct report_doc *doc = fixture_doc(kind);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        char *s = report_test_render(ops, doc);
        CU_ASSERT_PTR_NULL(strstr(s, marker));
        free(s);
        doc->complete = false;
        s = report_test_render(ops, doc);
        report_doc_destroy(doc);
        return s;
}

/* What every renderer does: report_renderer_find finds it by `name`, files
 * of its format end in `extension`, and rendering fixture `kind` into a
 * buffer whose last append failed returns RG_NOMEM (a renderer checks its
 * buffer once, at the end). */
static inline void report_test_renderer_contract(const struct report_renderer_ops *ops,
                                                 const char *name, const char *extension,
                                                 enum fixture_kind kind)
{
        CU_ASSERT_PTR_EQUAL(report_renderer_find(name), ops);
        CU_ASSERT_STRING_EQUAL(ops->name, name);
        CU_ASSERT_STRING_EQUAL(ops->extension, extension);
        struct report_doc *doc = fixture_doc(kind);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        struct rg_buf out;
        struct rg_errbuf eb;
        rg_buf_init(&out);
        rg_errbuf_init(&eb);
        out.nomem = true;
        const struct report_render_opts opts = {0};
        CU_ASSERT_EQUAL(ops->render(doc, &opts, &out, &eb), RG_NOMEM);
        rg_buf_finish(&out);
        report_doc_destroy(doc);
}

#endif
