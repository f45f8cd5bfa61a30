#include <cjson/cJSON.h>
#include <gsl/gsl_errno.h>
#include <stdlib.h>
#include <time.h>
#include <stdio.h>
#include <string.h>

#include "../common/error.h"
#include "../compare/mpi_job.h"
#include "cli.h"

#ifndef RG_VERSION
#define RG_VERSION "unknown"
#endif

static void usage(FILE *out)
{
        fputs("usage: rollgate COMMAND [OPTIONS]\n"
              "\n"
              "Decides whether an optical-network simulator's new request path (the\n"
              "orchestrator) may be switched on, by comparing it with the legacy path.\n"
              "\n"
              "Commands:\n"
              "  compare  run both paths on the same seeds and decide: PASS or rollback\n"
              "  sim      run one path of the embedded FUSION-compatible simulator\n"
              "  trace    run both paths on the same requests and show where they diverge\n"
              "  merge    report on a comparison that ran in shards (compare --shard I/N)\n"
              "  report   render a saved JSON report again (console, Markdown, JUnit, HTML,\n"
              "           the rollback notification) without rerunning\n"
              "  gate     compare every config of a suite and decide the rollout (canary,\n"
              "           standard, critical)\n"
              "  nightly  the gate, recorded in an SQLite history, with its trend rules\n"
              "  history  the trends of a nightly history (table, JSON, HTML)\n"
              "  baseline record one path's blocking and run time as a baseline\n"
              "  verify   the rollback verification checklist against a baseline\n"
              "  plan     from a pilot run's JSON report: the replications a fixed design\n"
              "           needs to decide each load, and the sequential design's expectation\n"
              "  bench    measure the simulator's speed (requests per second per core)\n"
              "  help     show this help\n"
              "\n"
              "Options:\n"
              "  --version  print the version\n"
              "  --help     this help; 'rollgate COMMAND --help' for a command's options\n"
              "\n"
              "Exit codes: 0 success (compare: PASS), 1 internal error or failed run, 2 usage\n"
              "or input error; compare: 3 MONITOR, 4 INCONCLUSIVE, 5 PLANNED_ROLLBACK,\n"
              "6 EMERGENCY_ROLLBACK, 7 HARNESS_ERROR; trace: 3 diverged, 4 a path failed.\n",
              out);
}

bool harness_wants_help(int argc, char **argv)
{
        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--") == 0)
                        break;
                if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
                        return true;
        }
        return false;
}

int harness_print_json_line(cJSON *o, struct rg_errbuf *eb)
{
        char *text = o ? cJSON_PrintUnformatted(o) : NULL;
        cJSON_Delete(o);
        if (text == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        puts(text);
        free(text);
        return RG_OK;
}

static int cmp_double(const void *a, const void *b)
{
        double x = *(const double *)a, y = *(const double *)b;
        return (x > y) - (x < y);
}

double harness_median(double *v, int n)
{
        qsort(v, (size_t)n, sizeof(double), cmp_double);
        return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

int harness_die(int err, const char *msg)
{
        fprintf(stderr, "rollgate: %s\n", msg && *msg ? msg : rg_strerror(err));
        if (err == RG_OK)
                return RG_EXIT_OK;
        return rg_error_is_input(err) ? RG_EXIT_INPUT : RG_EXIT_INTERNAL;
}

int main(int argc, char **argv)
{
        /* GSL must report through status codes, never abort (STYLE.md);
         * set before any parallel region. */
        gsl_set_error_handler_off();
        if (argc < 2) {
                usage(stderr);
                return RG_EXIT_INPUT;
        }
        const char *cmd = argv[1];
        if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
                printf("rollgate %s\nMPI: %s\n", RG_VERSION,
                       compare_mpi_built() ? "yes (mpirun -np N rollgate compare)" : "no");
                return RG_EXIT_OK;
        }
        if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
                usage(stdout);
                return RG_EXIT_OK;
        }
        if (strcmp(cmd, "sim") == 0)
                return harness_cmd_sim(argc - 1, argv + 1);
        if (strcmp(cmd, "compare") == 0)
                return harness_cmd_compare(argc - 1, argv + 1);
        if (strcmp(cmd, "trace") == 0)
                return harness_cmd_trace(argc - 1, argv + 1);
        if (strcmp(cmd, "gate") == 0)
                return harness_cmd_gate(argc - 1, argv + 1);
        if (strcmp(cmd, "nightly") == 0)
                return harness_cmd_nightly(argc - 1, argv + 1);
        if (strcmp(cmd, "history") == 0)
                return harness_cmd_history(argc - 1, argv + 1);
        if (strcmp(cmd, "baseline") == 0)
                return harness_cmd_baseline(argc - 1, argv + 1);
        if (strcmp(cmd, "verify") == 0)
                return harness_cmd_verify(argc - 1, argv + 1);
        if (strcmp(cmd, "merge") == 0)
                return harness_cmd_merge(argc - 1, argv + 1);
        if (strcmp(cmd, "report") == 0)
                return harness_cmd_report(argc - 1, argv + 1);
        if (strcmp(cmd, "plan") == 0)
                return harness_cmd_plan(argc - 1, argv + 1);
        if (strcmp(cmd, "bench") == 0)
                return harness_cmd_bench(argc - 1, argv + 1);
        fprintf(stderr, "rollgate: unknown command '%s' (see 'rollgate help')\n", cmd);
        return RG_EXIT_INPUT;
}
