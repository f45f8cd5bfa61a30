/*
 * The legacy path: one controller in FUSION's SDNController shape.  It keeps
 * mutable per-request properties (like FUSION's sdn_props / route_props /
 * spectrum_props), routes, picks the modulation, searches spectrum path by
 * path, and allocates.  Its state is per job; never share one between threads.
 */
#ifndef SIM_LEGACY_H
#define SIM_LEGACY_H

#include "assign.h"
#include "engine.h"

struct sim_legacy {
        /* request properties, overwritten for every arrival */
        int src, dst, cls;
        /* routing properties */
        int n_paths;
        const struct sim_path *paths[SIM_MAX_K];
        const uint8_t *first_mod; /* per path, stride n_classes */
        /* spectrum properties */
        bool is_free;
        bool any_reachable;
        int path_index;
        struct sim_assignment spectrum;
};

#endif
