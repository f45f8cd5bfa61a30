/*
 * The orchestrator path, in FUSION's SDNOrchestrator shape: a thin
 * orchestrator that holds no algorithm logic and runs an ordered list of
 * stages -- routing, modulation, spectrum, admission -- through one stage
 * interface.  Each stage reads the request and the immutable results of the
 * stages before it, receives the network state per call, and writes one
 * result of its kind; a later stage of the same kind supersedes an earlier
 * one (that is how the fault-injection stages slot in).
 *
 * A sim_orchestrator is per job (caller memory, init style, no heap); never
 * share one between threads.
 */
#ifndef SIM_ORCHESTRATOR_H
#define SIM_ORCHESTRATOR_H

#include "assign.h"
#include "engine.h"
#include "inject.h"
#include "rng.h"

#include <stddef.h>

enum sim_stage_kind {
        SIM_STAGE_CHECK,      /* produces nothing; may fail the request */
        SIM_STAGE_ROUTE,      /* candidate paths */
        SIM_STAGE_MODULATION, /* the formats that reach each path */
        SIM_STAGE_SPECTRUM,   /* where the request would go, or why not */
        SIM_STAGE_DECISION,   /* the committed outcome */
};

/* The candidates are pair->path[0 .. n_paths) of the pair's route set in
 * the model (sim_model_pair). */
struct sim_route_result {
        int n_paths;                       /* the first n_paths of pair->path */
        const struct sim_pair_paths *pair; /* the request's pair */
};

/* first[i * stride] is the first format reaching candidate i (an index into
 * the request class's format list), n_mods when none does; it points into
 * the pair's reach row in the model, computed with the pair's routes. */
struct sim_modulation_result {
        int n_paths;
        int stride;
        int n_mods;
        const uint8_t *first;
};

static inline bool sim_modulation_reaches(const struct sim_modulation_result *r, int i)
{
        return r->first[i * r->stride] < r->n_mods;
}

struct sim_spectrum_result {
        bool found;
        uint8_t reason; /* enum sim_block when !found */
        int path_index;
        struct sim_assignment where;
};

struct sim_decision_result {
        struct sim_decision d;
};

union sim_stage_result {
        struct sim_route_result route;
        struct sim_modulation_result modulation;
        struct sim_spectrum_result spectrum;
        struct sim_decision_result decision;
};

/* What a stage sees: the request, the network state for this call (read by
 * the spectrum search, written only by the admission stage), where to report
 * an error, and the latest result of each kind so far (NULL until a stage
 * has produced one). */
struct sim_pipeline {
        const struct sim_model *model;
        const struct sim_request *req;
        uint32_t id;
        struct sim_spectrum *net;
        struct rg_errbuf *eb;
        const struct sim_route_result *route;
        const struct sim_modulation_result *modulation;
        const struct sim_spectrum_result *spectrum;
        const struct sim_decision_result *decision;
};

#define SIM_STAGE_OPS_VERSION 1

struct sim_stage_ops {
        unsigned version; /* SIM_STAGE_OPS_VERSION */
        const char *name;
        enum sim_stage_kind produces;
        /* Writes its result to *out (nothing for CHECK). */
        int (*run)(void *ctx, const struct sim_pipeline *in, union sim_stage_result *out);
        /* Optional: tears down an admitted request at its departure. */
        int (*release)(void *ctx, struct sim_spectrum *net, const struct sim_model *m,
                       const struct sim_request *req, uint32_t id, const struct sim_decision *d,
                       struct rg_errbuf *eb);
};

struct sim_stage {
        const struct sim_stage_ops *ops;
        size_t ctx_offset; /* its context inside struct sim_orchestrator (0: none) */
};

#define SIM_MAX_STAGES 8

/* Per-stage contexts (their fields are the stages' parameters). */
struct sim_routing_ctx {
        int k_limit;
};
struct sim_spectrum_ctx {
        struct sim_assign_policy policy;
};
struct sim_drop_ctx {
        double p;
        struct sim_rng rng;
};
struct sim_admission_ctx {
        bool relabel;        /* injection: blocked requests all "congestion" */
        uint32_t leak_every; /* injection: skip every N-th release */
        uint32_t releases;
};
struct sim_crash_ctx {
        uint32_t at;
};

struct sim_orchestrator {
        struct sim_stage stages[SIM_MAX_STAGES];
        int n_stages;
        const struct sim_stage *releaser; /* the stage that tears down */
        bool is_default;                  /* the stage list is the default four */
        union sim_stage_result results[SIM_MAX_STAGES];
        struct sim_routing_ctx routing;
        struct sim_spectrum_ctx spectrum;
        struct sim_drop_ctx drop;
        struct sim_admission_ctx admission;
        struct sim_crash_ctx crash;
};

/* Builds the stage list for `m` with the injections `inj` (NULL: none);
 * `seed` is the run's seed, from which the drop stream is derived. */
void sim_orchestrator_init(struct sim_orchestrator *o, const struct sim_model *m,
                           const struct sim_inject *inj, uint32_t seed);

/* The path ops for an initialised orchestrator: sim_orchestrator_ops, whose
 * releases the engine performs, or, when a stage tears down by itself (the
 * leak injection), a variant that routes releases to that stage.  ctx: the
 * struct sim_orchestrator. */
const struct sim_path_ops *sim_orchestrator_path_ops(const struct sim_orchestrator *o);
extern const struct sim_path_ops sim_orchestrator_ops;

/* The stages (defined beside the orchestrator in sim/orchestrator.c). */
extern const struct sim_stage_ops sim_stage_routing;
extern const struct sim_stage_ops sim_stage_modulation;
extern const struct sim_stage_ops sim_stage_spectrum;
extern const struct sim_stage_ops sim_stage_admission;
extern const struct sim_stage_ops sim_stage_inject_crash;
extern const struct sim_stage_ops sim_stage_inject_drop;
extern const struct sim_stage_ops sim_stage_inject_leaky_admission;

#endif
