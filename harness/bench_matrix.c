/*
 * rollgate bench --fusion-matrix: the whole FUSION phase-3 comparison matrix
 * (quick, standard, full and USNet runs at 150-300 Erlang) through
 * `compare`, timed end to end (model building included) as a user would
 * experience it; medians over repeats.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/clock.h"
#include "cli.h"
#include "compare_setup.h"
#include "options.h"

struct matrix_entry {
        const char *label;
        const char *network;
        uint32_t requests;
        int replications;
};

static const struct matrix_entry matrix[] = {
    {"NSFNet 1k x 1 (quick)", "NSFNet", 1000, 1},
    {"NSFNet 10k x 3 (standard)", "NSFNet", 10000, 3},
    {"NSFNet 100k x 5 (full)", "NSFNet", 100000, 5},
    {"USNet 10k x 3", "USNet", 10000, 3},
};
#define N_ENTRIES ((int)(sizeof(matrix) / sizeof(matrix[0])))

/* One entry: settings from the default config plus the entry's overrides. */
struct entry_run {
        const struct matrix_entry *e;
        int threads;
        enum stats_verdict verdict;
};

static void entry_setup(struct harness_settings *s, const void *ctx)
{
        const struct entry_run *x = ctx;
        snprintf(s->network, sizeof(s->network), "%s", x->e->network);
        s->num_requests = x->e->requests;
        s->max_iters = x->e->replications;
        s->n_loads = 4;
        for (int i = 0; i < 4; i++)
                s->loads[i] = 150 + 50 * i;
        snprintf(s->cmp.threads, sizeof(s->cmp.threads), "%d", x->threads);
}

static int entry_take(const struct compare_result *r, void *ctx, struct rg_errbuf *eb)
{
        (void)eb;
        ((struct entry_run *)ctx)->verdict = r->verdict;
        return RG_OK;
}

static int run_entry(const struct matrix_entry *e, int threads, double *seconds,
                     enum stats_verdict *verdict, struct rg_errbuf *eb)
{
        struct entry_run x = {.e = e, .threads = threads};
        double t[2];
        int rc = harness_bench_compare(entry_setup, entry_take, &x, t, eb);
        *seconds = t[0] + t[1];
        if (rc == RG_OK)
                *verdict = x.verdict;
        return rc;
}

int harness_bench_matrix(int repeat, int threads)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        double *t = calloc((size_t)repeat * (N_ENTRIES + 1), sizeof(double));
        if (t == NULL)
                return harness_die(RG_NOMEM, NULL);
        enum stats_verdict verdict[N_ENTRIES];
        int rc = RG_OK;
        for (int r = 0; r < repeat && rc == RG_OK; r++) {
                double total = 0;
                for (int e = 0; e < N_ENTRIES && rc == RG_OK; e++) {
                        rc = run_entry(&matrix[e], threads, &t[e * repeat + r], &verdict[e], &eb);
                        total += t[e * repeat + r];
                }
                t[N_ENTRIES * repeat + r] = total;
        }
        if (rc == RG_OK) {
                printf("benchmark: FUSION comparison matrix through rollgate compare, loads "
                       "150-300 Erlang step 50, %d thread(s), median of %d runs\n",
                       threads, repeat);
                for (int e = 0; e <= N_ENTRIES; e++) {
                        double med = harness_median(t + e * repeat, repeat);
                        if (e < N_ENTRIES)
                                printf("  %-28s %8.3f s  (%s)\n", matrix[e].label, med,
                                       stats_verdict_name(verdict[e]));
                        else
                                printf("  %-28s %8.3f s\n", "whole matrix", med);
                }
        }
        free(t);
        if (rc != RG_OK)
                return harness_die(rc, eb.msg);
        return RG_EXIT_OK;
}
