/* Subcommands of the rollgate executable and their shared helpers. */
#ifndef HARNESS_CLI_H
#define HARNESS_CLI_H

#include <stdbool.h>

#include "../common/error.h"

/* Exit codes (README, --help). */
enum {
        RG_EXIT_OK = 0,
        RG_EXIT_INTERNAL = 1,
        RG_EXIT_INPUT = 2,
};

int harness_cmd_sim(int argc, char **argv);
int harness_cmd_bench(int argc, char **argv);
int harness_cmd_plan(int argc, char **argv);
int harness_cmd_trace(int argc, char **argv);
int harness_cmd_compare(int argc, char **argv);
int harness_cmd_report(int argc, char **argv);
int harness_cmd_merge(int argc, char **argv); /* shards.c */
int harness_cmd_gate(int argc, char **argv);  /* gate and nightly (cmd_gate.c) */
int harness_cmd_nightly(int argc, char **argv);
int harness_cmd_history(int argc, char **argv);  /* cmd_history.c */
int harness_cmd_baseline(int argc, char **argv); /* baseline record, verify (cmd_baseline.c) */
int harness_cmd_verify(int argc, char **argv);

/* The comparison a benchmark runs (bench_compare.c): the default settings
 * adjusted by `setup`, prepared and run, the result given to `take` (NULL:
 * none; its error is the call's), then freed.  seconds (NULL: not wanted):
 * [0] the settings and the preparation (model building), [1] the runs and
 * their analysis. */
struct harness_settings;
struct compare_result;
int harness_bench_compare(void (*setup)(struct harness_settings *s, const void *ctx),
                          int (*take)(const struct compare_result *r, void *ctx,
                                      struct rg_errbuf *eb),
                          void *ctx, double seconds[2], struct rg_errbuf *eb);

/* rollgate bench --fusion-matrix */
int harness_bench_matrix(int repeat, int threads);

/* rollgate bench --reports */
int harness_bench_reports(int repeat);

/* rollgate bench --sequential: `comparisons` A/A comparisons per design,
 * the drills over `repeats` seed bases */
int harness_bench_sequential(int comparisons, int repeats);

/* rollgate bench --exec-overhead */
int harness_bench_exec(int repeat);

/* rollgate bench --floor (bench_floor.c): `pairs` alternating pairs of
 * rollgate's own legacy job and the floor loop (floor.h) at the point of `set`,
 * checked to block the same requests. */
int harness_bench_floor(const struct harness_settings *set, int pairs);

/* rollgate bench --scale (bench_scale.c): 4096 slots against the reference
 * point, start-up of large topologies, peak memory of a comparison. */
struct harness_scale_opts {
        int repeat;           /* runs per slot count */
        int nodes;            /* the generated topology's nodes; 0: skipped */
        int ring;             /* the ring's nodes; 0: skipped */
        long memory_requests; /* the comparison's --requests; 0: skipped */
};
void harness_scale_opts_default(struct harness_scale_opts *o);
/* --NAME ARG for NAME nodes, ring or memory-requests; RG_USAGE with a
 * one-line message naming the option. */
int harness_scale_option(struct harness_scale_opts *o, const char *name, const char *arg,
                         struct rg_errbuf *eb);
int harness_bench_scale(const struct harness_settings *set, const struct harness_scale_opts *o);

/* True when argv asks for help (-h / --help anywhere). */
bool harness_wants_help(int argc, char **argv);

/* Prints `o` as one line of JSON on stdout and frees it (NULL: out of
 * memory); RG_NOMEM with a message when it cannot. */
struct cJSON;
int harness_print_json_line(struct cJSON *o, struct rg_errbuf *eb);

/* The median of v[n] (sorts v). */
double harness_median(double *v, int n);

/* Prints "rollgate: msg" and returns the exit code for `err`. */
int harness_die(int err, const char *msg);

#endif
