#include "render.h"

/* Not written yet: the junit format comes in a later commit. */
static int render(const struct report_doc *doc, const struct report_render_opts *opts,
                  struct rg_buf *out, struct rg_errbuf *eb)
{
        (void)doc;
        (void)opts;
        (void)out;
        return rg_fail(eb, RG_UNSUPPORTED, "the junit format is not written yet");
}

const struct report_renderer_ops report_junit_ops = {
    .name = "junit",
    .extension = ".xml",
    .render = render,
};
