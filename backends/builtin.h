/*
 * The builtin backend: the embedded simulator's two paths.  A builtin run
 * feeds the request stream through the engine with the path's decision
 * procedure; the two runs of a pair can share one stream, chunk by chunk.
 *
 * The path table is also what `rollgate sim` and `rollgate trace` run
 * directly.  A path's per-run state lives in a backend_builtin_state the
 * caller owns, one per job; never shared between threads.
 */
#ifndef BACKEND_BUILTIN_H
#define BACKEND_BUILTIN_H

#include "../sim/legacy.h"
#include "../sim/orchestrator.h"
#include "backend.h"

struct backend_builtin_path {
        const char *name; /* "builtin:legacy" */
        const struct sim_path_ops *ops;
        bool takes_injection; /* --inject acts on this path */
};

union backend_builtin_state {
        struct sim_legacy legacy;
        struct sim_orchestrator orchestrator;
};

/* Finds a path by name ("builtin:legacy" or just "legacy"); NULL if unknown. */
const struct backend_builtin_path *backend_builtin_find(const char *name);

/* Prepares `state` for one run of `path` with `seed`; returns the ctx and
 * sets *ops to pass to sim_run.  `inj` applies only to paths that take
 * injections. */
void *backend_builtin_prepare(const struct backend_builtin_path *path,
                              union backend_builtin_state *state, const struct sim_model *m,
                              const struct sim_inject *inj, uint32_t seed,
                              const struct sim_path_ops **ops);

/* The same for a lane of sim_run_lanes: its ctx and ops, and its slowdown
 * (the injection slow=F, which the engine applies to the lane of a path
 * that takes injections). */
void backend_builtin_prepare_lane(const struct backend_builtin_path *path,
                                  union backend_builtin_state *state, const struct sim_model *m,
                                  const struct sim_inject *inj, uint32_t seed,
                                  struct sim_lane *lane);

/* "builtin:legacy, builtin:orchestrator" for messages. */
const char *backend_builtin_names(void);

/*
 * Runs n (1 or 2) builtin jobs side by side on one request stream, the
 * paths taking each chunk in turn, `first` first on the first chunk (see
 * sim_run_lanes): the shared stream of a pair generated once, chunk by
 * chunk, with both paths timed under the same conditions.  The jobs must
 * share erlang, seed and requests; the source, traffic and gen_seconds of
 * jobs[0] serve all.  Each out[i] gets its run (memset by the caller).
 * Returns RG_OK, or the stream's failure (a bad draw, Ctrl-C), named in
 * every out[i]->error.
 */
int backend_builtin_run_lanes(const struct backend *const *be,
                              const struct backend_job *const *jobs,
                              struct backend_result *const *out, int n, int first);

/*
 * A backend over `path`.  `model` and `inject` are borrowed and must outlive
 * the backend.  RG_NOMEM only.
 */
int backend_builtin_create(const struct backend_builtin_path *path, const struct sim_model *model,
                           const struct sim_inject *inject, struct backend **out,
                           struct rg_errbuf *eb);

#endif
