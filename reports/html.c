#include "render.h"

/* Not written yet: the html format comes in a later commit. */
static int render(const struct report_doc *doc, const struct report_render_opts *opts,
                  struct rg_buf *out, struct rg_errbuf *eb)
{
        (void)doc;
        (void)opts;
        (void)out;
        return rg_fail(eb, RG_UNSUPPORTED, "the html format is not written yet");
}

const struct report_renderer_ops report_html_ops = {
    .name = "html",
    .extension = ".html",
    .render = render,
};
