/*
 * The request paths a comparison can name: builtin:legacy and
 * builtin:orchestrator today (the exec backend slots in here later).  A
 * path's per-run state lives in a harness_path_state the caller owns, one per
 * job; never shared between threads.
 */
#ifndef HARNESS_PATHS_H
#define HARNESS_PATHS_H

#include "../sim/legacy.h"
#include "../sim/orchestrator.h"

struct harness_path {
        const char *name; /* "builtin:legacy" */
        const struct sim_path_ops *ops;
        bool takes_injection; /* --inject acts on this path */
};

union harness_path_state {
        struct sim_legacy legacy;
        struct sim_orchestrator orchestrator;
};

/* Finds a path by name ("builtin:legacy" or just "legacy"); NULL if unknown. */
const struct harness_path *harness_path_find(const char *name);

/* Prepares `state` for one run of `path` with `seed`; returns the ctx and
 * sets *ops to pass to sim_run.  `inj` applies only to paths that take
 * injections. */
void *harness_path_prepare(const struct harness_path *path, union harness_path_state *state,
                           const struct sim_model *m, const struct sim_inject *inj, uint32_t seed,
                           const struct sim_path_ops **ops);

/* "builtin:legacy, builtin:orchestrator" for messages. */
const char *harness_path_names(void);

#endif
