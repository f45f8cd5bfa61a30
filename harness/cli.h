/* Subcommands of the rollgate executable and their shared helpers. */
#ifndef HARNESS_CLI_H
#define HARNESS_CLI_H

#include <stdbool.h>

/* Exit codes (README, --help). */
enum {
        RG_EXIT_OK = 0,
        RG_EXIT_INTERNAL = 1,
        RG_EXIT_INPUT = 2,
};

int harness_cmd_sim(int argc, char **argv);
int harness_cmd_bench(int argc, char **argv);
int harness_cmd_trace(int argc, char **argv);
int harness_cmd_compare(int argc, char **argv);

/* rollgate bench --fusion-matrix */
int harness_bench_matrix(int repeat, int threads);

/* True when argv asks for help (-h / --help anywhere). */
bool harness_wants_help(int argc, char **argv);

/* Prints "rollgate: msg" and returns the exit code for `err`. */
int harness_die(int err, const char *msg);

#endif
