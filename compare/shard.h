/*
 * Shards: one comparison's matrix cut into N deterministic slices that run
 * anywhere (a Slurm job array, a CI matrix), each writing what it ran into a
 * shard file, and the merge that checks the files make up the matrix
 * exactly once under one configuration and hands the pairs to the analysis
 * as if one machine had run them.
 *
 * The slices are balanced by expected cost (load x requests): the pairs are
 * dealt in order of cost, highest first, each to the slice with the least
 * cost so far (the lowest index on ties), so every shard computes the same
 * slices from the same matrix.
 *
 * A shard file (rollgate-shard-I-of-N.json in the shard's run directory):
 *   rollgate_shard  1 (this format)
 *   version         rollgate's
 *   shard           {index, count}
 *   fingerprint     16 hex digits: FNV-1a of `configuration`
 *   configuration   the text compare_fingerprint_text wrote: every input
 *                   that decides the report outside its timing
 *   arguments, cwd  the compare command's arguments (without --shard), for
 *                   the merge to build the same comparison again
 *   timing          {host, threads, wall_seconds, started, finished (Unix
 *                   seconds), external_runs_executed, external_runs_reused}
 *   pairs           [{pair, seed: [legacy, orchestrator], gen_seconds: [2],
 *                   executed: [2] (run now, not read back), harness_rc,
 *                   harness_error, runs: [legacy, orchestrator]}],
 *                   each run every field of its backend_result
 *                   (backends/result_json.h), in matrix order
 *
 * Ownership: a compare_shard_file owns its texts and pairs
 * (compare_shard_file_free).  Nothing here prints.
 */
#ifndef COMPARE_SHARD_H
#define COMPARE_SHARD_H

#include <stddef.h>
#include <stdint.h>

#include "compare.h"

#define COMPARE_SHARD_FORMAT 1
#define COMPARE_MAX_SHARDS 4096
#define COMPARE_SHARD_ARGS 256

/* The pairs of slice `index` of `count` (0 <= index < count) of r's whole
 * matrix into out (room for n_loads x n_reps), in matrix order; how many. */
int compare_shard_slice(const struct compare_result *r, int index, int count, int *out);

/* "rollgate-shard-I-of-N.json" into name (cap). */
void compare_shard_file_name(int index, int count, char *name, size_t cap);

/*
 * The configuration's text: the inputs the report states, the policy, the
 * declared metrics, both paths (name, kind, identity), the injections, the
 * rollback names, the matrix (loads, seeds, requests), the effective configs
 * of external runs, the simulator's model (a hash of its topology, formats
 * and parameters) when `sim` has one, and `extra` (the harness's own lines:
 * version, report names) -- one "key: value" per line.  *text: heap.
 */
int compare_fingerprint_text(const struct compare_result *r, const struct compare_sim *sim,
                             const char *extra, char **text, struct rg_errbuf *eb);

/* FNV-1a 64 of a fingerprint text. */
uint64_t compare_fingerprint(const char *text);

struct compare_shard_file {
        int index, count;
        char version[32];
        uint64_t fingerprint;
        char *configuration;
        int argc;
        char **argv; /* argc strings, then NULL */
        char cwd[4096];
        struct compare_shard_timing timing;
        int n_pairs;
        int *pair; /* [n_pairs]: indices into the matrix */
        struct compare_pair *pairs;
};

void compare_shard_file_free(struct compare_shard_file *f); /* NULL ok; empties it */

/* Pair j of a matrix as one element of a shard file's `pairs`, printed
 * without indentation (*text heap): what an MPI rank sends rank 0. */
int compare_pair_text(const struct compare_pair *pr, int j, char **text, struct rg_errbuf *eb);

/* Reads such a text (`what` names it) into *j (below n_all) and *pr
 * (zeroed first; marked ran).  RG_PARSE naming the key. */
int compare_pair_parse(const char *text, size_t len, const char *what, int n_all, int *j,
                       struct compare_pair *pr, struct rg_errbuf *eb);

/*
 * Writes shard `index` of `count`: r's pairs slice[n] (run), the timing of
 * this execution, the configuration text and the arguments, into `path`
 * (atomically).  RG_IO / RG_NOMEM naming the file.
 */
int compare_shard_write(const struct compare_result *r, int index, int count, const int *slice,
                        int n, const char *configuration, int argc, char *const *argv,
                        const char *version, const char *path, struct rg_errbuf *eb);

/* Reads a shard file (`len` bytes of `text`; `what` names it) into *out
 * (emptied first).  RG_PARSE naming the file and the key. */
int compare_shard_read(const char *text, size_t len, const char *what,
                       struct compare_shard_file *out, struct rg_errbuf *eb);

/*
 * Checks that the shard files f[n] (what[i] names f[i]) are the shards of
 * one comparison, each once: the same count and fingerprint, no index twice,
 * none missing.  RG_USAGE naming the files ("shard 1/3 is missing", "given
 * twice", "another configuration than ...").
 */
int compare_merge_check(const struct compare_shard_file *const *f, const char *const *what, int n,
                        struct rg_errbuf *eb);

/*
 * The executor of a merge (compare_config.executor, ctx a compare_merge):
 * checks that the configuration built again (its fingerprint text from r,
 * the sim and `extra`) is the shards', that each file holds exactly its
 * slice, then fills r's pairs and its timing (the shards', the hosts).
 */
struct compare_merge {
        const struct compare_shard_file *const *files;
        const char *const *what;
        int n;
        const char *extra;
};

int compare_merge_execute(void *ctx, struct compare_result *r, const int *todo, int n,
                          const struct compare_sim *sim, struct rg_errbuf *eb);

#endif
