/*
 * Fuzz target for reports/json_read.c, the reader of saved JSON reports
 * (rollgate report): every input is either refused with a one-line message
 * and no document, or read into a document that every renderer renders
 * without a fault and whose JSON reads back to the same JSON (rendering is
 * a fixed point).  A breach aborts.
 *
 * Seeds in corpus/report_json/: reports of small real comparisons (a PASS,
 * the drop and crash drills, an exec path that failed, relative mode, one
 * replication) and of the hand-built test documents, all of schema 2 (read
 * as fixed runs) but fixture_sequential.json (schema 3, a sequential design
 * with its looks) and the declared metrics' reports, of schema 3:
 * declared.json (exec paths reporting values, five [metric.NAME]
 * declarations of the three kinds, one that neither path reports),
 * exact.json (the same paths compared --exact: tick_ms differs first) and
 * exact_builtin.json (the builtin paths with drop=0.05 compared --exact: BP
 * differs first, trace hashes checked); bad_* are malformed
 * (bad_declared_order.json: a load's declared metric where another one
 * belongs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../reports/render.h"
#include "fuzz_contract.h"

static void breach(const char *what)
{
        fprintf(stderr, "fuzz: %s: %s\n", fuzz_input, what);
        abort();
}

static const char *const formats[] = {"console", "json", "markdown",
                                      "junit",   "html", "notification"};

static char *render(const struct report_doc *doc, const char *format, bool quiet)
{
        const struct report_renderer_ops *ops = report_renderer_find(format);
        if (ops == NULL)
                breach("a renderer is missing");
        struct rg_buf b;
        struct rg_errbuf eb;
        rg_buf_init(&b);
        rg_errbuf_init(&eb);
        struct report_render_opts opts = {.quiet = quiet};
        int rc = ops->render(doc, &opts, &b, &eb);
        char *s = rc == RG_OK ? strdup(rg_buf_text(&b)) : NULL;
        if (rc != RG_OK && (eb.msg[0] == '\0' || strchr(eb.msg, '\n')))
                breach("a renderer failed without a one-line message");
        if (rc != RG_OK && rc != RG_NOMEM)
                breach("a document that was read cannot be rendered");
        rg_buf_finish(&b);
        return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *text = fuzz_text(data, size);
        if (text == NULL)
                return 0;
        struct report_doc *doc = NULL;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        int rc = report_json_read(text, size, "report.json", &doc, &eb);
        if (rc != RG_OK) {
                if (doc != NULL || eb.code != rc || eb.msg[0] == '\0' || strchr(eb.msg, '\n'))
                        breach("refusal without its one-line message, or with a document");
                free(text);
                return 0;
        }
        for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
                free(render(doc, formats[i], i == 0 && size % 2));
        char *json = render(doc, "json", false);
        struct report_doc *back = NULL;
        if (json && report_json_read(json, strlen(json), "again.json", &back, &eb) != RG_OK)
                breach("the JSON rollgate wrote does not read back");
        char *again = back ? render(back, "json", false) : NULL;
        if (json && again && strcmp(json, again) != 0)
                breach("the JSON written from a read report changed on a second round");
        free(again);
        free(json);
        report_doc_destroy(back);
        report_doc_destroy(doc);
        free(text);
        return 0;
}
