/* Test helper: writes a hand-built report document (report_fixture.c) in one
 * format to standard output, so shell tests can validate a renderer's output
 * with outside tools (xmllint, a browser).
 * Usage: render_fixture KIND FORMAT   (KIND: pass, planned, ...; FORMAT: html, junit, ...) */
#include <stdio.h>
#include <string.h>

#include "../reports/render.h"
#include "report_fixture.h"

int main(int argc, char **argv)
{
        if (argc != 3) {
                fprintf(stderr, "usage: render_fixture KIND FORMAT\n");
                return 2;
        }
        int kind = -1;
        for (int k = 0; k < FIXTURE_KINDS; k++)
                if (strcmp(argv[1], fixture_name(k)) == 0)
                        kind = k;
        const struct report_renderer_ops *ops = report_renderer_find(argv[2]);
        if (kind < 0 || ops == NULL) {
                fprintf(stderr, "render_fixture: unknown kind or format\n");
                return 2;
        }
        struct report_doc *doc = fixture_doc(kind);
        struct rg_buf out;
        struct rg_errbuf eb;
        rg_buf_init(&out);
        rg_errbuf_init(&eb);
        struct report_render_opts opts = {0};
        int rc = doc ? ops->render(doc, &opts, &out, &eb) : RG_NOMEM;
        if (rc == RG_OK)
                fwrite(rg_buf_text(&out), 1, out.len, stdout);
        else
                fprintf(stderr, "render_fixture: %s\n", eb.msg[0] ? eb.msg : rg_strerror(rc));
        rg_buf_finish(&out);
        report_doc_destroy(doc);
        return rc == RG_OK ? 0 : 1;
}
