/*
 * A backend_result as JSON and back, exactly (issue 14): a finished pair of
 * runs travels between shards (files merged later) and MPI ranks (messages)
 * and must come back bit for bit, so that the merged analysis is
 * byte-identical to a single-machine run.
 *
 * The form of a result, every member always written whatever `has` says (so
 * the reader never has to invent a value):
 *   "status"          the RG_* name of the code: "RG_OK", "RG_PATHFAIL", ...
 *   "error"           text, at most 511 bytes
 *   "has"             the bits of `has` by name, in bit order: "gbps", "bbp",
 *                     "reasons", "mods", "hops", "length", "path_index",
 *                     "cores", "trace", "fail_request"
 *   "requests", "blocked", "fail_request"
 *                     counts: whole numbers 0..4294967295
 *   "requested_gbps", "blocked_gbps", "bbp", "hops_mean", "length_mean_km",
 *   "run_seconds", "wall_seconds"
 *                     rg_json_num's form: the shortest number that reads
 *                     back as the same double, null for NaN (every NaN
 *                     reads back as NAN), "Infinity" or "-Infinity"
 *   "blocked_by"      {"none": n, "distance": n, "congestion": n}: every
 *                     enum sim_block by sim_block_name
 *   "mods"            [{"name": "QPSK", "count": n}, ...]: n_mods of them
 *   "path_index"      [n, ...]: n_path_index counts (at most SIM_MAX_K)
 *   "core_usage"      [n, ...]: n_cores counts (at most SIM_MAX_CORES)
 *   "trace_hash"      16 lowercase hex digits
 *   "metrics"         {name: value, ...}: the n_values values in order, in
 *                     backend_value_json_write's form
 *   "clock"           "thread_cpu", "child_cpu", "wall" or "none"
 *   "reused"          true or false
 * A reader ignores members it does not know (a caller may keep its own
 * beside these) and refuses any of these written twice.
 *
 * Nothing here keeps a pointer, prints or allocates beyond the cJSON nodes
 * the writer adds to the caller's object; safe to call from several threads
 * at once on different objects.
 */
#ifndef BACKEND_RESULT_JSON_H
#define BACKEND_RESULT_JSON_H

#include "result.h"

struct rg_json;
struct rg_json_reader;
struct cJSON;

/* Adds every field of `res` to object `o` (the form above).  A result no
 * backend can produce -- a status that is no RG_* code, a `has` bit or a
 * clock without a name, a count past its array, a string not terminated in
 * its buffer -- sets w->failed instead. */
void backend_result_json_write(struct rg_json *w, struct cJSON *o,
                               const struct backend_result *res);

/*
 * Reads what the writer wrote from object `o` into *res (zeroed first).
 * `where` is the key path prefix for messages ("jobs[3].run[1].").  Any
 * refusal -- a missing member or one of the wrong type, a count that is not
 * a whole number in range, a string that does not fit its buffer, more
 * elements than an array holds, more than BACKEND_MAX_VALUES values or one
 * named twice, an unknown status, field or clock name, a hash that is not 16
 * lowercase hex digits -- is recorded through rg_json_read_fail (one line
 * naming the key) and leaves *res zeroed; so does a reader that had failed
 * already.
 */
void backend_result_json_read(struct rg_json_reader *r, const struct cJSON *o, const char *where,
                              struct backend_result *res);

/*
 * One metric value as member v->name of object `o`, in the form
 * gate/baseline.c keeps under "metrics": a NUMBER as the number itself, a
 * STRING or LIST as
 *   {"type": "string" | "list", "count": n, "hash": "<16 hex digits>",
 *    "text": "...", "cut": true | false}
 * A value the form cannot hold exactly -- a number that is not finite or
 * carries a count, hash, cut or text, a type outside the enum, a name or
 * text not terminated in its buffer -- sets w->failed instead.
 */
void backend_value_json_write(struct rg_json *w, struct cJSON *o, const struct backend_value *v);

/* Reads member `x` (its name is the value's name) into *v (zeroed first;
 * zeroed again on a refusal).  `at` is the key path of the object holding
 * it ("loads[0].runs[1].metrics.").  Unknown members of the object form are
 * ignored; a known one written twice is refused. */
void backend_value_json_read(struct rg_json_reader *r, const struct cJSON *x, const char *at,
                             struct backend_value *v);

#endif
