/*
 * Fuzz target for the topology loaders (sim/topology.c): every input is
 * loaded from a temporary file with sim_topology_load (which picks FUSION
 * text or rollgate JSON by content), and its text is given to both loaders
 * directly, so a JSON file is also read as FUSION text and the other way
 * round.  A topology they accept must be a consistent graph: distinct
 * named nodes, links between two different nodes with a positive finite
 * length, and an adjacency holding each link once from either end.
 * Seeds in corpus/topology/: ok_* are FUSION text and rollgate JSON
 * networks, bad_* are malformed.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../sim/topology.h"
#include "fuzz_contract.h"
#include "fuzz_util.h"

static void check_topology(const struct sim_topology *t)
{
        fuzz_require(t->finished && fuzz_terminated(t->name, sizeof(t->name)),
                     "unfinished topology");
        fuzz_require(t->n_nodes >= 2 && t->n_nodes <= SIM_MAX_NODES && t->n_links >= 1,
                     "too few nodes or links");
        for (int v = 0; v < t->n_nodes; v++) {
                fuzz_require(fuzz_terminated(t->names[v], SIM_NODE_NAME_MAX) &&
                                 t->names[v][0] != '\0',
                             "bad node name");
                fuzz_require(sim_topology_node(t, t->names[v]) == v, "node named twice");
        }
        for (int l = 0; l < t->n_links; l++) {
                const struct sim_link *k = &t->links[l];
                fuzz_require(k->a >= 0 && k->a < t->n_nodes && k->b >= 0 && k->b < t->n_nodes &&
                                 k->a != k->b,
                             "bad link ends");
                fuzz_require(k->km > 0 && isfinite(k->km), "bad link length");
                fuzz_require(sim_topology_link_between(t, k->a, k->b) == l &&
                                 sim_topology_link_between(t, k->b, k->a) == l,
                             "link not found between its ends");
        }
        fuzz_require(t->adj_off[0] == 0 && t->adj_off[t->n_nodes] == 2 * t->n_links,
                     "adjacency does not hold each link twice");
        for (int v = 0; v < t->n_nodes; v++) {
                fuzz_require(t->adj_off[v] <= t->adj_off[v + 1], "adjacency offsets decrease");
                for (int i = t->adj_off[v]; i < t->adj_off[v + 1]; i++) {
                        int u = t->adj_node[i], l = t->adj_link[i];
                        fuzz_require(u >= 0 && u < t->n_nodes && l >= 0 && l < t->n_links,
                                     "adjacency out of range");
                        const struct sim_link *k = &t->links[l];
                        fuzz_require((k->a == v && k->b == u) || (k->a == u && k->b == v),
                                     "adjacency names a link that does not join its nodes");
                }
        }
}

static void check_load(int rc, struct sim_topology *t, const struct rg_errbuf *eb)
{
        fuzz_check_status(rc, eb);
        fuzz_require((rc == RG_OK) == (t != NULL), "topology on error, or none on success");
        if (t != NULL)
                check_topology(t);
        sim_topology_destroy(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char path[64];
        if (fuzz_temp_file(data, size, path, sizeof(path)) == 0) {
                struct sim_topology *t = NULL;
                struct rg_errbuf eb;
                rg_errbuf_init(&eb);
                int rc = sim_topology_load(path, &t, &eb);
                unlink(path);
                check_load(rc, t, &eb);
        }
        char *text = fuzz_text(data, size);
        if (text == NULL)
                return 0;
        struct sim_topology *t = NULL;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        int rc = sim_topology_load_fusion_text("fuzz.txt", text, &t, &eb);
        check_load(rc, t, &eb);
        t = NULL;
        rg_errbuf_init(&eb);
        rc = sim_topology_load_json("fuzz.json", text, &t, &eb);
        check_load(rc, t, &eb);
        free(text);
        return 0;
}
