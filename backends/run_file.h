/*
 * The run-file contract: how an external simulator reports one run.
 *
 * rollgate's run file is `rollgate sim --json`'s object:
 *   required  requests (integer >= 1), blocked (integer, 0..requests)
 *   optional  status ("ok" | "failed", with "error" and "fail_request"),
 *             requested_gbps + blocked_gbps (both or neither), bbp,
 *             block_reasons {distance, congestion}, modulations {name: count},
 *             hops_mean, length_mean_km, path_index [..], core_usage [..],
 *             trace_hash (16 hex digits), and path, seed, erlang (identity,
 *             checked when the caller asks)
 *   optional  metrics {NAME: value}: at most 16 (BACKEND_MAX_VALUES)
 *             members, each NAME 1..47 bytes and written once, each value a
 *             finite number, a string or an array of finite numbers (into
 *             backend_result.value[] in file order; struct backend_value
 *             says how strings and lists are kept).  Read in a failed run's
 *             file too, and as strictly.
 *   Other keys are ignored.
 *
 * FUSION's output file is read by fusion_file.h.
 *
 * Nothing here prints; errors name the file (`what`) and the key.
 */
#ifndef BACKEND_RUN_FILE_H
#define BACKEND_RUN_FILE_H

#include <stdint.h>

#include "result.h"

/* The identity a run file may state, for the caller to check. */
struct backend_run_identity {
        bool has_seed, has_erlang;
        uint32_t seed;
        double erlang;
        char path[64]; /* "" when absent */
};

/*
 * Parses one rollgate run file held in `text` (one JSON object; `what`
 * names it in messages) into `out` (memset first).  A file that says
 * "status": "failed" gives out->status = RG_PATHFAIL with its error and
 * returns RG_OK: the run failed, the file did not.  Malformed JSON, a missing
 * or wrongly typed required key, impossible counts (blocked > requests,
 * negative, non-integer, blocked_gbps > requested_gbps) are RG_PARSE /
 * RG_RANGE naming `what` and the key.  `id` may be NULL.
 */
int backend_run_file_parse(const char *text, const char *what, struct backend_result *out,
                           struct backend_run_identity *id, struct rg_errbuf *eb);

/* Same for an already parsed cJSON object (for files of several lines). */
struct cJSON;
int backend_run_json_parse(const struct cJSON *o, const char *what, struct backend_result *out,
                           struct backend_run_identity *id, struct rg_errbuf *eb);

#endif
