#include "report_files.h"

#include <stdio.h>
#include <stdlib.h>

#include "../common/file.h"
#include "../reports/render.h"

int harness_report_write(const struct report_doc *doc, const char *format, const char *path,
                         bool quiet, struct rg_errbuf *eb)
{
        const struct report_renderer_ops *ops = report_renderer_find(format);
        if (ops == NULL)
                return rg_fail(eb, RG_INTERNAL, "no renderer for %s", format);
        struct report_render_opts opts = {.quiet = quiet};
        struct rg_buf buf;
        rg_buf_init(&buf);
        int rc = ops->render(doc, &opts, &buf, eb);
        if (rc == RG_OK && path == NULL)
                fputs(rg_buf_text(&buf), stderr);
        else if (rc == RG_OK)
                rc = rg_file_write_atomic(path, rg_buf_text(&buf), buf.len, eb);
        rg_buf_finish(&buf);
        return rc;
}

int harness_report_read(const char *path, struct report_doc **doc, struct rg_errbuf *eb)
{
        *doc = NULL;
        char *text = NULL;
        size_t len = 0;
        int rc = rg_file_read(path, &text, &len, eb);
        if (rc == RG_OK)
                rc = report_json_read(text, len, path, doc, eb);
        free(text);
        return rc;
}
