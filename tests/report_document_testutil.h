/* Helpers of the report document's tests (tests/test_report_document.c,
 * tests/test_report_json_metrics.c): a document rendered by the name of its
 * format, its JSON read back and written again, refusals of the JSON
 * reader, and documents filled from a real comparison.  Texts are malloc'd
 * for the caller to free; a step that fails fails the calling test. */
#ifndef REPORT_DOCUMENT_TESTUTIL_H
#define REPORT_DOCUMENT_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../compare/report.h"
#include "../harness/compare_setup.h"
#include "../harness/settings.h"
#include "report_testutil.h"

/* `doc` rendered by the renderer called `format` ("json", "console"...). */
static inline char *report_test_render_as(const struct report_doc *doc, const char *format,
                                          bool quiet)
{
        const struct report_renderer_ops *ops = report_renderer_find(format);
        CU_ASSERT_PTR_NOT_NULL_FATAL(ops);
        const struct report_render_opts opts = {.quiet = quiet};
        return report_test_render_opts(ops, doc, &opts);
}

/* `json` read as a report (it must be read; NULL when it was not). */
static inline struct report_doc *report_test_read_back(const char *json)
{
        struct report_doc *doc = NULL;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        int rc = report_json_read(json, strlen(json), "r.json", &doc, &eb);
        if (rc != RG_OK)
                fprintf(stderr, "read back: %s\n", eb.msg);
        CU_ASSERT_EQUAL(rc, RG_OK);
        return doc;
}

/* The JSON of `doc`, read back into *back and written again: the same
 * bytes.  Returns the JSON. */
static inline char *report_test_round_trip(const struct report_doc *doc, struct report_doc **back)
{
        char *json = report_test_render_as(doc, "json", false);
        *back = report_test_read_back(json);
        CU_ASSERT_PTR_NOT_NULL_FATAL(*back);
        char *json2 = report_test_render_as(*back, "json", false);
        CU_ASSERT_STRING_EQUAL(json2, json);
        free(json2);
        return json;
}

/* `json` with the first `from` replaced by `to`. */
static inline char *report_test_edited(const char *json, const char *from, const char *to)
{
        const char *at = strstr(json, from);
        CU_ASSERT_PTR_NOT_NULL_FATAL(at);
        size_t n = strlen(json) - strlen(from) + strlen(to) + 1;
        char *s = malloc(n);
        CU_ASSERT_PTR_NOT_NULL_FATAL(s);
        snprintf(s, n, "%.*s%s%s", (int)(at - json), json, to, at + strlen(from));
        return s;
}

/* `json` must be refused: RG_PARSE, no document, and a one-line message
 * that starts with the file's name and holds `needle`. */
static inline void report_test_expect_refused(const char *json, const char *needle)
{
        struct report_doc *doc = NULL;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(report_json_read(json, strlen(json), "r.json", &doc, &eb), RG_PARSE);
        CU_ASSERT_PTR_NULL(doc);
        const char *hit = strstr(eb.msg, needle);
        if (hit == NULL) /* (the ?: keeps gcc -O2's format check quiet) */
                fprintf(stderr, "expected '%s' in: %s\n", needle ? needle : "", eb.msg);
        CU_ASSERT_PTR_NOT_NULL(hit);
        CU_ASSERT_PTR_NULL(strchr(eb.msg, '\n'));
        CU_ASSERT_EQUAL(strncmp(eb.msg, "r.json", 6), 0);
}

/* `json` with `from` replaced by `to` must be refused with `needle`. */
static inline void report_test_expect_edit_refused(const char *json, const char *from,
                                                   const char *to, const char *needle)
{
        char *bad = report_test_edited(json, from, to);
        report_test_expect_refused(bad, needle);
        free(bad);
}

/* `doc` (destroyed here) changed by `edit` and written as JSON must be
 * refused with `needle`. */
static inline void report_test_expect_doc_refused(struct report_doc *doc,
                                                  void (*edit)(struct report_doc *),
                                                  const char *needle)
{
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        edit(doc);
        char *json = report_test_render_as(doc, "json", false);
        report_test_expect_refused(json, needle);
        free(json);
        report_doc_destroy(doc);
}

/* A real comparison: 2 loads x 3 replications of 1500 requests with 5 %
 * of the orchestrator's admissions dropped; `more` (NULL: none) changes
 * the settings further.  `hc` and `s` are the caller's (static: they are
 * large); the caller finishes `hc` and destroys the result. */
static inline struct compare_result *report_test_comparison(struct harness_compare *hc,
                                                            struct harness_settings *s,
                                                            void (*more)(struct harness_settings *))
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        harness_settings_defaults(s);
        s->num_requests = 1500;
        s->max_iters = 3;
        s->n_loads = 2;
        s->loads[0] = 300;
        s->loads[1] = 600;
        snprintf(s->cmp.inject, sizeof(s->cmp.inject), "drop=0.05");
        snprintf(s->cmp.threads, sizeof(s->cmp.threads), "2");
        if (more)
                more(s);
        int rc = harness_compare_init(hc, s, &eb);
        if (rc != RG_OK)
                fprintf(stderr, "init: %s\n", eb.msg);
        CU_ASSERT_EQUAL_FATAL(rc, RG_OK);
        struct compare_result *r = NULL;
        CU_ASSERT_EQUAL_FATAL(harness_compare_run(hc, &r, &eb), RG_OK);
        return r;
}

/* The document of comparison `r` (compare_report_fill, it must succeed),
 * with the names "9.9", "proj", "team", "#chan". */
static inline struct report_doc *report_test_fill(const struct compare_result *r)
{
        struct compare_report_names names = {"9.9", "proj", "team", "#chan"};
        struct report_doc *doc = NULL;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL_FATAL(compare_report_fill(r, &names, &doc, &eb), RG_OK);
        return doc;
}

#endif
