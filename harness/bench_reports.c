/*
 * rollgate bench --reports: what the reports add to a comparison.  Runs the
 * default comparison (and the drop=0.05 drill, a rollback with its
 * diagnosis) once, then times filling the report document and rendering
 * each format from it, and writing all of them as files (atomically, with
 * the fsyncs), each the median of R repetitions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/clock.h"
#include "../common/file.h"
#include "../compare/report.h"
#include "../reports/render.h"
#include "cli.h"
#include "compare_setup.h"
#include "options.h"

static const char *const formats[] = {"console", "json", "markdown",
                                      "junit",   "html", "notification"};
enum { N_FORMATS = sizeof(formats) / sizeof(formats[0]) };

static int run_comparison(const char *inject, struct harness_settings *set,
                          struct harness_compare *hc, struct compare_result **res,
                          struct rg_errbuf *eb)
{
        char *argv[] = {"compare", NULL};
        int rc = harness_settings_from_argv(set, 1, argv, NULL, 0, NULL, NULL, eb);
        if (rc == RG_OK && inject)
                snprintf(set->cmp.inject, sizeof(set->cmp.inject), "%s", inject);
        snprintf(set->cmp.perf_threshold, sizeof(set->cmp.perf_threshold), "10");
        if (rc == RG_OK)
                rc = harness_compare_init(hc, set, eb);
        if (rc == RG_OK)
                rc = harness_compare_run(hc, res, eb);
        return rc;
}

static int time_reports(const char *label, const struct compare_result *res, int repeat,
                        struct rg_errbuf *eb)
{
        double *t = calloc((size_t)repeat * (N_FORMATS + 3), sizeof(double));
        if (t == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        double *fill = t, *all = t + repeat, *files = t + 2 * repeat, *fmt = t + 3 * repeat;
        size_t bytes[N_FORMATS] = {0};
        char dir[] = "/tmp/rollgate-bench-XXXXXX";
        int rc = mkdtemp(dir) ? RG_OK : rg_fail(eb, RG_IO, "cannot create a temporary folder");
        struct compare_report_names names = {"bench", "p", "t", "c"};
        for (int r = 0; rc == RG_OK && r < repeat; r++) {
                struct report_doc *doc = NULL;
                double t0 = rg_wall_seconds();
                rc = compare_report_fill(res, &names, &doc, eb);
                fill[r] = rg_wall_seconds() - t0;
                all[r] = fill[r];
                for (int f = 0; rc == RG_OK && f < N_FORMATS; f++) {
                        const struct report_renderer_ops *ops = report_renderer_find(formats[f]);
                        struct report_render_opts opts = {0};
                        struct rg_buf b;
                        rg_buf_init(&b);
                        double ts = rg_wall_seconds();
                        rc = ops->render(doc, &opts, &b, eb);
                        double dt = rg_wall_seconds() - ts;
                        fmt[f * repeat + r] = dt;
                        all[r] += dt;
                        bytes[f] = b.len;
                        if (rc == RG_OK) {
                                char path[64];
                                snprintf(path, sizeof(path), "%s/r%s", dir, ops->extension);
                                ts = rg_wall_seconds();
                                rc = rg_file_write_atomic(path, rg_buf_text(&b), b.len, eb);
                                files[r] += rg_wall_seconds() - ts;
                        }
                        rg_buf_finish(&b);
                }
                report_doc_destroy(doc);
        }
        if (rc == RG_OK) {
                printf("reports of %s (%d loads x %d replications), median of %d:\n", label,
                       res->n_loads, res->n_reps, repeat);
                printf("  %-14s %8.3f ms\n", "fill document", 1e3 * harness_median(fill, repeat));
                for (int f = 0; f < N_FORMATS; f++)
                        printf("  %-14s %8.3f ms  %8zu bytes\n", formats[f],
                               1e3 * harness_median(fmt + f * repeat, repeat), bytes[f]);
                printf("  %-14s %8.3f ms  (fill + every format, in memory)\n", "all",
                       1e3 * harness_median(all, repeat));
                printf("  %-14s %8.3f ms  (the six files written atomically, with fsync)\n",
                       "writing", 1e3 * harness_median(files, repeat));
        }
        rg_remove_tree(dir, eb);
        free(t);
        return rc;
}

int harness_bench_reports(int repeat)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        int rc = RG_OK;
        const char *injects[] = {NULL, "drop=0.05"};
        const char *labels[] = {"the default comparison", "the drill --inject drop=0.05"};
        for (int i = 0; i < 2 && rc == RG_OK; i++) {
                struct harness_settings *set = malloc(sizeof(*set));
                struct harness_compare *hc = calloc(1, sizeof(*hc));
                struct compare_result *res = NULL;
                rc = set && hc ? run_comparison(injects[i], set, hc, &res, &eb)
                               : rg_fail(&eb, RG_NOMEM, "out of memory");
                if (rc == RG_OK)
                        rc = time_reports(labels[i], res, repeat, &eb);
                compare_result_destroy(res);
                if (hc)
                        harness_compare_finish(hc);
                free(hc);
                free(set);
        }
        if (fflush(stdout) != 0 && rc == RG_OK)
                rc = rg_fail(&eb, RG_IO, "cannot write to standard output");
        return rc == RG_OK ? RG_EXIT_OK : harness_die(rc, eb.msg);
}
