/*
 * Spectrum assignment on one candidate path, shared by both request paths
 * (FUSION's SpectrumAssignment.get_spectrum, used by its SDNController and,
 * through an adapter, by its orchestrator): try the formats that reach the
 * path, from the most efficient, and search each format's slot count plus
 * guard under the fit policy.
 */
#ifndef SIM_ASSIGN_H
#define SIM_ASSIGN_H

#include "model.h"

struct sim_assignment {
        int fmt; /* index into the class's format list */
        int core;
        int start;
        int width; /* slots_needed + guard */
};

struct sim_assign_policy {
        int guard;
        enum sim_fit fit;
        bool single_mod; /* only the first reaching format */
};

/*
 * Searches `p` for request class `cls`, starting at format index `first`
 * (the first that reaches).  A format needing at least as many slots as one
 * that already failed is skipped without a search: a free run of n slots
 * holds any m <= n, so it could not fit either -- same decision, less work.
 * Returns true and fills *out when something fits.
 */
bool sim_assign_on_path(const struct sim_spectrum *net, const struct sim_model *m,
                        const struct sim_path *p, int cls, int first,
                        const struct sim_assign_policy *pol, struct sim_assignment *out);

#endif
