/*
 * rollgate report FILE.json: re-renders a saved JSON report in any format,
 * without rerunning anything.  The document read back is the one the
 * comparison wrote, so every format says what the original run said.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/file.h"
#include "../reports/render.h"
#include "cli.h"
#include "options.h"
#include "report_files.h"

static void help(void)
{
        printf("usage: rollgate report FILE.json [--format FORMAT] [--out FILE] [--quiet]\n"
               "\n"
               "Renders a JSON report saved by 'rollgate compare --json' again, in FORMAT\n"
               "(%s; default console), without rerunning\n"
               "the comparison.  Rendering the JSON again gives back the same JSON.\n"
               "\n"
               "  --format FORMAT   the format to write\n"
               "  --out FILE        write there (atomically; FILE must be new or a regular\n"
               "                    file); default standard output\n"
               "  --quiet           console: only the verdict, reason and action\n"
               "\n"
               "Exit code: 0 when the report was written (whatever its verdict), 2 for a\n"
               "malformed report, one of another schema version or bad options, 1 otherwise.\n",
               report_renderer_names());
}

struct report_cli {
        const char *file, *format, *out;
        bool quiet;
};

static int parse(int argc, char **argv, struct report_cli *cli, struct rg_errbuf *eb)
{
        static const struct option opts[] = {
            {"format", required_argument, NULL, 'f'},
            {"out", required_argument, NULL, 'o'},
            {"quiet", no_argument, NULL, 'q'},
            {NULL, 0, NULL, 0},
        };
        int opt;
        optind = 0; /* 0, not 1: glibc then also resets its internal state */
        opterr = 0;
        while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
                switch (opt) {
                case 'f':
                        cli->format = optarg;
                        break;
                case 'o':
                        cli->out = optarg;
                        break;
                case 'q':
                        cli->quiet = true;
                        break;
                default: /* '?' or ':' */
                        return harness_option_error(opt, argv, eb);
                }
        }
        return harness_option_operand(argc, argv, "report", "rollgate report FILE.json", &cli->file,
                                      eb);
}

int harness_cmd_report(int argc, char **argv)
{
        if (harness_wants_help(argc, argv)) {
                help();
                return RG_EXIT_OK;
        }
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct report_cli cli = {.format = "console"};
        struct report_doc *doc = NULL;
        struct rg_buf out;
        rg_buf_init(&out);
        const struct report_renderer_ops *ops = NULL;
        int rc = parse(argc, argv, &cli, &eb);
        if (rc == RG_OK && (ops = report_renderer_find(cli.format)) == NULL)
                rc = rg_fail(&eb, RG_USAGE, "option --format: '%s' is not one of %s", cli.format,
                             report_renderer_names());
        if (rc == RG_OK && cli.out)
                rc = rg_file_check_writable(cli.out, &eb);
        if (rc == RG_OK)
                rc = harness_report_read(cli.file, &doc, &eb);
        if (rc == RG_OK) {
                struct report_render_opts opts = {.quiet = cli.quiet};
                rc = ops->render(doc, &opts, &out, &eb);
        }
        if (rc == RG_OK)
                rc = rg_file_write_atomic(cli.out ? cli.out : "-", rg_buf_text(&out), out.len, &eb);
        rg_buf_finish(&out);
        report_doc_destroy(doc);
        if (rc == RG_OK && fflush(stdout) != 0)
                rc = rg_fail(&eb, RG_IO, "cannot write to standard output");
        return rc == RG_OK ? RG_EXIT_OK : harness_die(rc, eb.msg);
}
