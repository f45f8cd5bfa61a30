/*
 * Test-only: prints the k shortest paths of every ordered pair of a
 * topology file, one line per path, "src dst index node node ..." by node
 * name, pairs in node order, so that check_ksp.sh can hold them against
 * networkx's shortest_simple_paths.  Each pair is computed on its own
 * (sim_pair_paths_create), as the simulator computes them.
 * Usage: ksp_dump TOPOLOGY K
 */
#include <stdio.h>
#include <stdlib.h>

#include "../../sim/ksp.h"

int main(int argc, char **argv)
{
        if (argc != 3) {
                fprintf(stderr, "usage: ksp_dump TOPOLOGY K\n");
                return 2;
        }
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_topology *t = NULL;
        if (sim_topology_load(argv[1], &t, &eb) != RG_OK) {
                fprintf(stderr, "ksp_dump: %s\n", eb.msg);
                return 1;
        }
        const int k = atoi(argv[2]);
        int rc = RG_OK;
        for (int s = 0; s < t->n_nodes && rc == RG_OK; s++) {
                for (int d = 0; d < t->n_nodes && rc == RG_OK; d++) {
                        struct sim_pair_paths *pp = NULL;
                        rc = sim_pair_paths_create(t, k, s, d, 0, &pp, NULL);
                        for (int i = 0; rc == RG_OK && i < pp->count; i++) {
                                printf("%s %s %d", t->names[s], t->names[d], i);
                                for (int j = 0; j <= pp->path[i].hops; j++)
                                        printf(" %s", t->names[pp->path[i].nodes[j]]);
                                printf("\n");
                        }
                        sim_pair_paths_destroy(pp);
                }
        }
        sim_topology_destroy(t);
        if (rc != RG_OK || fflush(stdout) != 0) {
                fprintf(stderr, "ksp_dump: failed (%d)\n", rc);
                return 1;
        }
        return 0;
}
