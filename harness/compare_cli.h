/*
 * The compare command's parts that its relatives reuse: the command line
 * (a shard file keeps it for the merge, MPI ranks each parse it), the report
 * files, and the shards (harness/shards.c: running one, merging them).
 */
#ifndef HARNESS_COMPARE_CLI_H
#define HARNESS_COMPARE_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "compare_setup.h"
#include "settings.h"

struct harness_compare_cli {
        struct harness_settings *set; /* caller memory, filled by the parse */
        bool advisory, quiet;
        int progress;                 /* -1 auto, 0 off, 1 on */
        int shard_index, shard_count; /* --shard I/N; count 0 without */
        double rank_timeout;          /* --rank-timeout, seconds */
};

/* Settings and the compare options of argv (argv[0] is the subcommand)
 * into cli (cli->set set by the caller). */
int harness_compare_parse(struct harness_compare_cli *cli, int argc, char **argv,
                          struct rg_errbuf *eb);

/* The report files asked for can be written (before any run). */
int harness_compare_check_outputs(const struct harness_settings *s, struct rg_errbuf *eb);

/* The console report (stdout, or stderr when a report goes to stdout) and
 * every report file asked for. */
int harness_compare_write_reports(const struct harness_settings *s,
                                  const struct compare_result *res, bool quiet,
                                  struct rg_errbuf *eb);

/* The harness's lines of the configuration's fingerprint (version, report
 * names), into out (cap). */
void harness_compare_extra(const struct harness_settings *s, char *out, size_t cap);

/* --shard: what a shard cannot be asked (a report file on the command line,
 * no --run-dir, a sequential design); RG_USAGE naming the option. */
int harness_shard_check(const struct harness_compare_cli *cli, struct rg_errbuf *eb);

/* Runs the shard's slice and writes its shard file into the run directory;
 * *exit_code 0, or HARNESS_ERROR's when interrupted (no file then). */
int harness_shard_run(struct harness_compare *hc, const struct harness_compare_cli *cli, int argc,
                      char **argv, int *exit_code, struct rg_errbuf *eb);

#endif
