/*
 * Test-only: prints the k shortest paths of every ordered pair of a
 * topology file, one line per path, "src dst index node node ..." by node
 * name, pairs in node order, so that check_ksp.sh can hold them against
 * networkx's shortest_simple_paths.  Each pair is computed on its own
 * (sim_pair_paths_create), as the simulator computes them: with each
 * destination's distances given (sim_distances_to, the model's way), or
 * with --find, left for the search to find.
 * Usage: ksp_dump TOPOLOGY K [--find]
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../sim/ksp.h"

int main(int argc, char **argv)
{
        if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "--find") != 0)) {
                fprintf(stderr, "usage: ksp_dump TOPOLOGY K [--find]\n");
                return 2;
        }
        const bool find = argc == 4;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_topology *t = NULL;
        if (sim_topology_load(argv[1], &t, &eb) != RG_OK) {
                fprintf(stderr, "ksp_dump: %s\n", eb.msg);
                return 1;
        }
        const int k = atoi(argv[2]);
        const int n = t->n_nodes;
        double *to_dst = malloc((size_t)n * (size_t)n * sizeof(double));
        int rc = to_dst ? RG_OK : RG_NOMEM;
        for (int d = 0; d < n && rc == RG_OK && !find; d++)
                rc = sim_distances_to(t, d, to_dst + (size_t)d * (size_t)n);
        for (int s = 0; s < n && rc == RG_OK; s++) {
                for (int d = 0; d < n && rc == RG_OK; d++) {
                        struct sim_pair_paths *pp = NULL;
                        const double *given = find ? NULL : to_dst + (size_t)d * (size_t)n;
                        rc = sim_pair_paths_create(t, k, s, d, given, 0, &pp, NULL);
                        for (int i = 0; rc == RG_OK && i < pp->count; i++) {
                                printf("%s %s %d", t->names[s], t->names[d], i);
                                for (int j = 0; j <= pp->path[i].hops; j++)
                                        printf(" %s", t->names[pp->path[i].nodes[j]]);
                                printf("\n");
                        }
                        sim_pair_paths_destroy(pp);
                }
        }
        free(to_dst);
        sim_topology_destroy(t);
        if (rc != RG_OK || fflush(stdout) != 0) {
                fprintf(stderr, "ksp_dump: failed (%d)\n", rc);
                return 1;
        }
        return 0;
}
