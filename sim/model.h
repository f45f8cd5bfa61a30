/*
 * Everything a simulation run reads and never writes: the topology, the
 * modulation table and the spectrum parameters, and per ordered node pair
 * the pair's route set (its k shortest paths) with, per (path, class), the
 * first modulation that reaches the path.
 *
 * Ownership: sim_model_create takes ownership of `topo` (also on failure) and
 * copies `mods`; sim_model_destroy frees everything (NULL ok).  A model is
 * immutable after creation and shared read-only by all threads, with one
 * exception that callers cannot observe: the route sets are computed on
 * first use (sim_model_pair) into a cache that any thread may fill.  What a
 * pair resolves to depends only on the topology, the modulation table and
 * the parameters, never on which thread asked first or in which order.
 */
#ifndef SIM_MODEL_H
#define SIM_MODEL_H

#include <stdatomic.h>
#include <stdint.h>

#include "ksp.h"
#include "modtable.h"
#include "spectrum.h"
#include "topology.h"

struct sim_params {
        int k_paths;
        int cores;
        int slots;
        int guard; /* 0 or 1 */
        enum sim_fit fit;
        /* FUSION's pre_calc_mod_selection: only the most efficient format
         * that reaches is tried; otherwise every reaching format in turn */
        bool single_mod;
};

struct sim_model {
        struct sim_topology *topo;
        struct sim_modtable mods;
        struct sim_params par;
        /* [src * n_nodes + dst]: the pair's route set, NULL until first used;
         * written once by sim_model_pair, read with acquire */
        _Atomic(struct sim_pair_paths *) *pair;
        /* [dst]: every node's distance to dst (sim_distances_to), computed
         * with the first pair toward dst and published like a pair, so that
         * the pairs toward one destination find it once */
        _Atomic(double *) *to_dst;
};

/*
 * Checks the parameters (k_paths, guard, cores, slots, a modulation table
 * with classes, a finished topology); computes no route yet, so it costs
 * O(nodes^2) pointers whatever the topology.
 */
int sim_model_create(struct sim_topology *topo, const struct sim_modtable *mods,
                     const struct sim_params *par, struct sim_model **out, struct rg_errbuf *eb);
void sim_model_destroy(struct sim_model *m);

/* The slow half of sim_model_pair: computes and publishes the pair. */
const struct sim_pair_paths *sim_model_pair_compute(const struct sim_model *m, int src, int dst);

/*
 * The route set of src -> dst (0 <= src, dst < n_nodes; src == dst has no
 * paths), computed on first use and then shared; first_mod[i * n_classes + c]
 * is the index into class c's modulation list of the first format whose
 * max_length >= path i's km, or that class's n_mods when none reaches.
 * Borrowed from the model: valid until sim_model_destroy.  Thread-safe.
 * NULL only when out of memory (callers report RG_NOMEM).
 */
static inline const struct sim_pair_paths *sim_model_pair(const struct sim_model *m, int src,
                                                          int dst)
{
        size_t i = (size_t)src * (size_t)m->topo->n_nodes + (size_t)dst;
        const struct sim_pair_paths *pp = atomic_load_explicit(&m->pair[i], memory_order_acquire);
        return pp != NULL ? pp : sim_model_pair_compute(m, src, dst);
}

const char *sim_fit_name(enum sim_fit fit);
/* Parses first_fit/last_fit/best_fit (FUSION's names); false if unknown. */
bool sim_fit_parse(const char *s, enum sim_fit *out);

#endif
