/*
 * k shortest simple paths by length between two nodes, one ordered
 * (source, destination) pair at a time.
 *
 * The order of equal-length paths follows networkx's shortest_simple_paths
 * (Yen's algorithm with a bidirectional Dijkstra for each spur, candidates
 * popped by (length, insertion counter)), which is what FUSION uses; the same
 * topology therefore yields the same path list, ties included.  A pair's
 * paths depend only on the topology, k and the pair: never on which pairs
 * were computed before or by which thread.
 *
 * Ownership: sim_pair_paths_create allocates one block per pair, freed by
 * sim_pair_paths_destroy; sim_paths_build does every pair at once and
 * sim_paths_destroy frees the lot (both accept NULL).  A block or a table is
 * immutable once returned and may be shared read-only between threads.
 */
#ifndef SIM_KSP_H
#define SIM_KSP_H

#include <stdint.h>

#include "topology.h"

#define SIM_MAX_K 16

/* One path; its arrays live in the block of the pair it belongs to. */
struct sim_path {
        int hops; /* number of links */
        double km;
        const int *nodes; /* hops + 1 node indices, source first */
        const int *links; /* hops link ids, from the source */
};

/* The paths of one ordered pair, in one allocation. */
struct sim_pair_paths {
        int count; /* paths found, 0..k; 0 when src == dst or unconnected */
        /* `row_bytes` bytes per path reserved by the creator (the model's
         * reach row, see sim/model.h); NULL when it reserved none */
        const uint8_t *first_mod;
        struct sim_path path[]; /* [count], shortest first */
};

/*
 * Computes the k shortest simple paths src -> dst of the finished topology
 * `topo` into *out.  `to_dst`, when not NULL, is every node's distance to
 * dst in the whole graph (sim_distances_to), which the spur searches use to
 * give up early; a caller computing many pairs toward one destination
 * passes it to save each pair finding it again (NULL: the search finds what
 * it needs; the paths are the same either way).  `row_bytes` bytes per path
 * (one path's worth when there are none, so that an offset into a row stays
 * inside the block) are reserved, zeroed, at the end of the block for the
 * creator's own per-path data: first_mod points to them, and *row (when
 * `row` is not NULL) gives the creator write access before it shares the
 * block.  The search state is per call (O(nodes)), so concurrent calls on
 * one topology are safe.
 * Returns RG_OK; RG_RANGE for k outside 1..SIM_MAX_K or a node outside the
 * topology; RG_INTERNAL for an unfinished topology; RG_NOMEM.  *out is NULL
 * on failure.
 */
int sim_pair_paths_create(const struct sim_topology *topo, int k, int src, int dst,
                          const double *to_dst, size_t row_bytes, struct sim_pair_paths **out,
                          uint8_t **row);

/* out[v] = the length of a shortest path v -> dst of the finished topology
 * (INFINITY when there is none), n_nodes entries.  RG_OK, RG_RANGE for dst
 * outside the topology, RG_INTERNAL for an unfinished one, RG_NOMEM. */
int sim_distances_to(const struct sim_topology *topo, int dst, double *out);
void sim_pair_paths_destroy(struct sim_pair_paths *pp);

/* Every ordered pair at once: what tests compare against; the simulator
 * computes pairs as it needs them (sim_model_pair). */
struct sim_paths {
        int n_nodes;
        int k;
        struct sim_pair_paths **pair; /* [src * n_nodes + dst], first_mod NULL */
};

int sim_paths_build(const struct sim_topology *topo, int k, struct sim_paths **out,
                    struct rg_errbuf *eb);
void sim_paths_destroy(struct sim_paths *paths);

static inline const struct sim_pair_paths *sim_paths_pair(const struct sim_paths *p, int src,
                                                          int dst)
{
        return p->pair[(size_t)src * (size_t)p->n_nodes + (size_t)dst];
}

static inline const struct sim_path *sim_paths_get(const struct sim_paths *p, int src, int dst,
                                                   int i)
{
        return &sim_paths_pair(p, src, dst)->path[i];
}

static inline int sim_paths_count(const struct sim_paths *p, int src, int dst)
{
        return sim_paths_pair(p, src, dst)->count;
}

#endif
