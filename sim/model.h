/*
 * Everything a simulation run reads and never writes: the topology, its
 * k-shortest-path table, the modulation table and the spectrum parameters,
 * plus per (pair, path, class) the first modulation that reaches the path.
 *
 * Ownership: sim_model_create takes ownership of `topo` (also on failure) and
 * copies `mods`; sim_model_destroy frees everything (NULL ok).  A model is
 * immutable after creation and shared read-only by all threads.
 */
#ifndef SIM_MODEL_H
#define SIM_MODEL_H

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
        struct sim_paths *paths;
        struct sim_modtable mods;
        struct sim_params par;
        /* [((src * n + dst) * k + i) * n_classes + c]: index into the class's
         * modulation list of the first format with max_length >= path km, or
         * n_mods when none reaches */
        uint8_t *first_mod;
};

int sim_model_create(struct sim_topology *topo, const struct sim_modtable *mods,
                     const struct sim_params *par, struct sim_model **out, struct rg_errbuf *eb);
void sim_model_destroy(struct sim_model *m);

static inline const uint8_t *sim_model_first_mods(const struct sim_model *m, int src, int dst)
{
        return m->first_mod + ((size_t)src * (size_t)m->topo->n_nodes + (size_t)dst) *
                                  (size_t)m->par.k_paths * (size_t)m->mods.n_classes;
}

const char *sim_fit_name(enum sim_fit fit);
/* Parses first_fit/last_fit/best_fit (FUSION's names); false if unknown. */
bool sim_fit_parse(const char *s, enum sim_fit *out);

#endif
