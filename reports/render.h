/*
 * The renderers of a report document, behind one ops table.  A renderer
 * reads only the document (reports/document.h) and appends its text to a
 * buffer; it computes no statistics, and every number it prints is in the
 * document.  Output is locale-independent (nobody calls setlocale).
 */
#ifndef REPORT_RENDER_H
#define REPORT_RENDER_H

#include <stdbool.h>

#include "../common/buf.h"
#include "../common/error.h"
#include "document.h"

struct report_render_opts {
        bool quiet; /* console: only the verdict, reason and action */
};

struct report_renderer_ops {
        const char *name;      /* "console", "json", "markdown", "junit", "html", "notification" */
        const char *extension; /* of a file of this format: ".md" */
        /* Appends the rendering of `doc` to `out`.  RG_OK, or RG_NOMEM
         * (also when `out` failed); RG_PARSE with a message when the
         * document cannot be rendered in this format. */
        int (*render)(const struct report_doc *doc, const struct report_render_opts *opts,
                      struct rg_buf *out, struct rg_errbuf *eb);
};

extern const struct report_renderer_ops report_console_ops;
extern const struct report_renderer_ops report_json_ops;
extern const struct report_renderer_ops report_markdown_ops;
extern const struct report_renderer_ops report_junit_ops;
extern const struct report_renderer_ops report_html_ops;
extern const struct report_renderer_ops report_notification_ops;

/* The renderer of a format by name, NULL when there is none. */
const struct report_renderer_ops *report_renderer_find(const char *name);
/* "console|json|markdown|junit|html|notification", for messages and help. */
const char *report_renderer_names(void);

/* Shared by the renderers (reports/escape.c): text made safe for XML/HTML
 * (& < > " ' escaped; control characters other than tab and newline
 * dropped) and for a Markdown table cell (| and newlines escaped). */
void report_put_xml(struct rg_buf *out, const char *s);
void report_put_md_cell(struct rg_buf *out, const char *s);

#endif
