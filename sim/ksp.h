/*
 * k shortest simple paths by length, for every ordered node pair, computed
 * once per topology.
 *
 * The order of equal-length paths follows networkx's shortest_simple_paths
 * (Yen's algorithm with a bidirectional Dijkstra for each spur, candidates
 * popped by (length, insertion counter)), which is what FUSION uses; the same
 * topology therefore yields the same path list, ties included.
 *
 * Ownership: sim_paths_build allocates, sim_paths_destroy frees (NULL ok).
 * A built table is immutable and may be shared read-only between threads.
 */
#ifndef SIM_KSP_H
#define SIM_KSP_H

#include "topology.h"

#define SIM_MAX_K 16

struct sim_path {
        int hops;     /* number of links */
        int node_off; /* nodes[node_off .. node_off + hops] */
        int link_off; /* links[link_off .. link_off + hops - 1] */
        double km;
};

struct sim_paths {
        int n_nodes;
        int k;
        int *count;            /* [src * n + dst]: paths found (0..k) */
        struct sim_path *path; /* [(src * n + dst) * k + i] */
        int *nodes;
        int *links;
};

int sim_paths_build(const struct sim_topology *topo, int k, struct sim_paths **out,
                    struct rg_errbuf *eb);
void sim_paths_destroy(struct sim_paths *paths);

static inline const struct sim_path *sim_paths_get(const struct sim_paths *p, int src, int dst,
                                                   int i)
{
        return &p->path[((size_t)src * (size_t)p->n_nodes + (size_t)dst) * (size_t)p->k +
                        (size_t)i];
}

static inline int sim_paths_count(const struct sim_paths *p, int src, int dst)
{
        return p->count[(size_t)src * (size_t)p->n_nodes + (size_t)dst];
}

#endif
