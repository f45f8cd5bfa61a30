/*
 * Fault injection for the orchestrator path: named, documented ways to make
 * it deviate from the legacy path, so that a comparison can be shown to catch
 * each kind of divergence (drills).  Parsed from "SPEC[,SPEC...]":
 *
 *   drop=P       after a successful decision, block with probability P (an
 *                independent RNG stream derived from the seed)
 *   no-guard     ignore guard slots
 *   k-minus-one  consider only the first k - 1 candidate paths
 *   fit=last|best|first  another spectrum policy than configured
 *   leak=N       skip freeing every N-th release (state corruption)
 *   crash-at=N   fail with an error at arrival N
 *   relabel      label every blocked request "congestion"
 *   slow=F       take F times the run time (F >= 1): the engine spins on the
 *                thread's CPU clock after each chunk of requests; decisions
 *                unchanged
 *
 * Plain data (no heap); shared read-only.
 */
#ifndef SIM_INJECT_H
#define SIM_INJECT_H

#include <stdbool.h>
#include <stdint.h>

#include "../common/error.h"
#include "spectrum.h"

struct sim_inject {
        double drop; /* 0: off */
        bool no_guard;
        bool k_minus_one;
        bool fit_override;
        enum sim_fit fit;
        uint32_t leak_every; /* 0: off */
        uint32_t crash_at;   /* 0: off */
        bool relabel;
        double slow; /* 0 or 1: off; applied by the engine's lanes (sim_stretch) */
};

/* Parses `spec` into `out` (zeroed first); RG_USAGE naming the bad item. */
int sim_inject_parse(const char *spec, struct sim_inject *out, struct rg_errbuf *eb);

/* True when any injection is set. */
bool sim_inject_any(const struct sim_inject *inj);

/* Canonical text of the set injections ("none" when empty) into buf. */
void sim_inject_format(const struct sim_inject *inj, char *buf, size_t cap);

#endif
