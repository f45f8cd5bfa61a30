/*
 * The floor of SPEC §7: a minimal hand-written loop doing the embedded
 * simulator's work for one (load, seed) -- FUSION's request draws from GSL's
 * MT19937, a binary heap of departures keyed (time, id), first-fit over the k
 * routes with one word bitset per undirected link -- written independently of
 * sim/ (it shares no code with sim/stream.c, sim/legacy.c or sim/spectrum.c),
 * so that rollgate's cost per request has an honest yardstick and the two can
 * be checked to block the very same requests.
 *
 * It does first-fit only, with the legacy path's rules: routes in order; on a
 * route, the formats from the first that reaches, width = slots_needed +
 * guard, a format needing at least as many slots as one that failed skipped,
 * only the first with single_mod; lowest core, then lowest start.
 *
 * Ownership: harness_floor_create copies what it needs out of the model and
 * the traffic template (the floor borrows nothing and outlives both);
 * harness_floor_destroy frees (NULL ok).  A floor holds its run's scratch and
 * its generator: one per thread, never shared.
 */
#ifndef HARNESS_FLOOR_H
#define HARNESS_FLOOR_H

#include <stdint.h>

#include "../common/error.h"
#include "../sim/model.h"
#include "../sim/stream.h"

#define HARNESS_FLOOR_MAX_K 16

struct harness_floor;

struct harness_floor_result {
        uint32_t requests;
        uint32_t blocked;
        uint32_t blocked_distance;                 /* of those, no format reached any route */
        uint32_t admitted_on[HARNESS_FLOOR_MAX_K]; /* per route index */
        /* which requests were blocked: the sum of harness_floor_id_mix(id)
         * over their ids (1-based), wrapping */
        uint64_t blocked_ids;
};

/* A request id scrambled, so that sums over two different sets of ids
 * practically never agree. */
static inline uint64_t harness_floor_id_mix(uint32_t id)
{
        uint64_t x = (uint64_t)id * 0x9e3779b97f4a7c15ull;
        x ^= x >> 29;
        return x * 0xbf58476d1ce4e5b9ull;
}

/* RG_UNSUPPORTED unless the model is first-fit; RG_RANGE beyond the floor's
 * limits (k <= 16, 16 classes and formats, 4096 slots). */
int harness_floor_create(const struct sim_model *m, const struct sim_traffic *tr,
                         struct harness_floor **out, struct rg_errbuf *eb);
void harness_floor_destroy(struct harness_floor *f);

/* One run of `requests` at `erlang` with `seed`: RG_RANGE for seed 0 (GSL
 * seeds its MT19937 with 4357 for 0, numpy with 0), for quotas that do not
 * add up to `requests` and for a zero uniform; RG_INTERNAL if the network is
 * not empty after the last departure. */
int harness_floor_run(struct harness_floor *f, double erlang, uint32_t requests, uint32_t seed,
                      struct harness_floor_result *res, struct rg_errbuf *eb);

#endif
