/*
 * The comparison a benchmark runs: the settings `rollgate compare` has
 * without options, adjusted by the benchmark, prepared and run; the result
 * handed over, then everything freed.
 */
#include <stdlib.h>

#include "../common/clock.h"
#include "cli.h"
#include "compare_setup.h"
#include "options.h"

int harness_bench_compare(void (*setup)(struct harness_settings *s, const void *ctx),
                          int (*take)(const struct compare_result *r, void *ctx,
                                      struct rg_errbuf *eb),
                          void *ctx, double seconds[2], struct rg_errbuf *eb)
{
        struct harness_settings *s = malloc(sizeof(*s));
        struct harness_compare *hc = calloc(1, sizeof(*hc));
        struct compare_result *res = NULL;
        if (s == NULL || hc == NULL) {
                free(s);
                free(hc);
                return rg_fail(eb, RG_NOMEM, "out of memory");
        }
        double t0 = rg_wall_seconds();
        char *argv[] = {"bench", NULL};
        int rc = harness_settings_from_argv(s, 1, argv, NULL, 0, NULL, NULL, eb);
        if (rc == RG_OK) {
                setup(s, ctx);
                rc = harness_compare_init(hc, s, eb);
        }
        double t1 = rg_wall_seconds();
        if (rc == RG_OK)
                rc = harness_compare_run(hc, &res, eb);
        if (seconds) {
                seconds[0] = t1 - t0;
                seconds[1] = rg_wall_seconds() - t1;
        }
        if (rc == RG_OK && take)
                rc = take(res, ctx, eb);
        compare_result_destroy(res);
        harness_compare_finish(hc);
        free(hc);
        free(s);
        return rc;
}
