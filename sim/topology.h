/*
 * The network graph: named nodes in a fixed order and undirected links with a
 * length in km.  One spectrum is shared by the two directions of a link.
 *
 * Node order matters: requests index into it, so it must be FUSION's, which is
 * the order of first appearance while scanning a topology file (src, then dst,
 * line by line).  Neighbour order matters too: the k-shortest-path search
 * breaks ties the way networkx does, which depends on the order in which the
 * edges at a node were first added.  Both orders are kept exactly.
 *
 * Ownership: sim_topology_create/_load* allocate; sim_topology_destroy frees
 * (NULL and half-built objects allowed).  A finished topology is immutable and
 * may be shared read-only between threads.
 */
#ifndef SIM_TOPOLOGY_H
#define SIM_TOPOLOGY_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/error.h"

#define SIM_NODE_NAME_MAX 32
#define SIM_MAX_NODES 1024

struct sim_link {
        int a, b; /* node indices; a is the endpoint named first */
        double km;
        unsigned dirs; /* directions named so far: 1 a->b, 2 b->a */
};

struct sim_topology {
        char name[64];
        int n_nodes;
        char (*names)[SIM_NODE_NAME_MAX];
        int n_links;
        struct sim_link *links;
        /* adjacency in edge-insertion order (CSR): the neighbours of node v are
         * adj_node[adj_off[v] .. adj_off[v+1]), reached over adj_link[...] */
        int *adj_off;
        int *adj_node;
        int *adj_link;

        /* building state (freed by sim_topology_finish) */
        int cap_nodes, cap_links;
        bool finished;
};

struct sim_topology *sim_topology_create(const char *name);
void sim_topology_destroy(struct sim_topology *topo);

/*
 * Adds one directed line `src -> dst` of `km`, with FUSION's semantics: the
 * first line for a directed pair wins (repeats are ignored); the first line
 * of either direction creates the undirected link, and the first line of the
 * other direction, arriving later, sets its length (FUSION calls networkx
 * add_edge once per directed pair, and the later call overwrites).
 * *conflict (when non-NULL) reports that such a line changed the length.
 * Self-loops and non-positive or non-finite lengths are RG_RANGE.
 */
int sim_topology_add(struct sim_topology *topo, const char *src, const char *dst, double km,
                     bool *conflict, struct rg_errbuf *eb);

/* Freezes the graph and builds the adjacency; needs >= 2 nodes and 1 link. */
int sim_topology_finish(struct sim_topology *topo, struct rg_errbuf *eb);

/* Index of the node named `name`, or -1. */
int sim_topology_node(const struct sim_topology *topo, const char *name);

/* Link id between nodes u and v, or -1: O(degree) on a finished topology,
 * O(links) while it is being built. */
int sim_topology_link_between(const struct sim_topology *topo, int u, int v);

/*
 * Loaders.  FUSION's text format is one directed link a line,
 * `src<TAB>dst<TAB>km` (any blanks between fields, trailing blanks and blank
 * lines tolerated, '#' comment lines allowed).  The project's JSON format is
 * {"format": "rollgate-topology/1", "name": ..., "nodes": [names in order],
 *  "links": [[a, b, km], ...]}.  sim_topology_load picks by content (a file
 * whose first non-blank byte is '{' is JSON).  Errors name file and line.
 */
int sim_topology_load_fusion_text(const char *path, const char *text, struct sim_topology **out,
                                  struct rg_errbuf *eb);
int sim_topology_load_json(const char *path, const char *text, struct sim_topology **out,
                           struct rg_errbuf *eb);
int sim_topology_load(const char *path, struct sim_topology **out, struct rg_errbuf *eb);

#endif
