#include "model.h"

#include <stdlib.h>
#include <string.h>

const char *sim_fit_name(enum sim_fit fit)
{
        switch (fit) {
        case SIM_FIT_FIRST:
                return "first_fit";
        case SIM_FIT_LAST:
                return "last_fit";
        case SIM_FIT_BEST:
                return "best_fit";
        }
        return "?";
}

bool sim_fit_parse(const char *s, enum sim_fit *out)
{
        static const enum sim_fit all[] = {SIM_FIT_FIRST, SIM_FIT_LAST, SIM_FIT_BEST};
        for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
                if (strcmp(s, sim_fit_name(all[i])) == 0) {
                        *out = all[i];
                        return true;
                }
        }
        return false;
}

void sim_model_destroy(struct sim_model *m)
{
        if (m == NULL)
                return;
        if (m->pair != NULL) {
                size_t pairs = (size_t)m->topo->n_nodes * (size_t)m->topo->n_nodes;
                for (size_t i = 0; i < pairs; i++)
                        sim_pair_paths_destroy(
                            atomic_load_explicit(&m->pair[i], memory_order_relaxed));
        }
        free((void *)m->pair);
        if (m->to_dst != NULL)
                for (int v = 0; v < m->topo->n_nodes; v++)
                        free(atomic_load_explicit(&m->to_dst[v], memory_order_relaxed));
        free((void *)m->to_dst);
        sim_topology_destroy(m->topo);
        free(m);
}

/* The pointers start out as zero bytes from calloc: a lock-free atomic
 * pointer has the same representation as a plain one, so that is NULL. */
_Static_assert(ATOMIC_POINTER_LOCK_FREE == 2, "the route cache needs lock-free pointers");

int sim_model_create(struct sim_topology *topo, const struct sim_modtable *mods,
                     const struct sim_params *par, struct sim_model **out, struct rg_errbuf *eb)
{
        *out = NULL;
        int rc = RG_OK;
        struct sim_model *m = calloc(1, sizeof(*m));
        if (m == NULL) {
                sim_topology_destroy(topo);
                return rg_fail(eb, RG_NOMEM, "out of memory");
        }
        m->topo = topo;
        m->mods = *mods;
        m->par = *par;
        if (par->guard < 0 || par->guard > 1) {
                rc = rg_fail(eb, RG_RANGE, "guard_slots must be 0 or 1");
                goto out;
        }
        if (par->cores < 1 || par->cores > SIM_MAX_CORES) {
                rc = rg_fail(eb, RG_RANGE, "cores_per_link must be 1..%d", SIM_MAX_CORES);
                goto out;
        }
        if (par->slots < 1 || par->slots > SIM_MAX_SLOTS) {
                rc = rg_fail(eb, RG_RANGE, "c_band must be 1..%d slots", SIM_MAX_SLOTS);
                goto out;
        }
        if (mods->n_classes < 1) {
                rc = rg_fail(eb, RG_RANGE, "modulation table has no bandwidth classes");
                goto out;
        }
        if (par->k_paths < 1 || par->k_paths > SIM_MAX_K) {
                rc = rg_fail(eb, RG_RANGE, "k_paths must be 1..%d", SIM_MAX_K);
                goto out;
        }
        if (!topo->finished) {
                rc = rg_fail(eb, RG_INTERNAL, "topology not finished");
                goto out;
        }
        size_t pairs = (size_t)topo->n_nodes * (size_t)topo->n_nodes;
        m->pair = calloc(pairs, sizeof(*m->pair));
        m->to_dst = calloc((size_t)topo->n_nodes, sizeof(*m->to_dst));
        if (m->pair == NULL || m->to_dst == NULL) {
                rc = rg_fail(eb, RG_NOMEM, "out of memory");
                goto out;
        }
        *out = m;
        m = NULL;
out:
        sim_model_destroy(m);
        return rc;
}

/* The index of the class's first format with max_length >= km, or n_mods. */
static uint8_t first_reaching(const struct sim_bw_class *cls, double km)
{
        int f = 0;
        while (f < cls->n_mods && cls->max_km[f] < km)
                f++;
        return (uint8_t)f;
}

/* The distances to dst, computed and published on first use like a pair;
 * NULL when out of memory (the pair's search then finds what it needs). */
static const double *distances_to(const struct sim_model *m, int dst)
{
        double *d = atomic_load_explicit(&m->to_dst[dst], memory_order_acquire);
        if (d != NULL)
                return d;
        d = malloc((size_t)m->topo->n_nodes * sizeof(double));
        if (d == NULL || sim_distances_to(m->topo, dst, d) != RG_OK) {
                free(d);
                return NULL;
        }
        double *expected = NULL;
        if (atomic_compare_exchange_strong_explicit(&m->to_dst[dst], &expected, d,
                                                    memory_order_acq_rel, memory_order_acquire))
                return d;
        free(d);
        return expected;
}

/*
 * A miss computes the pair into a private block and publishes it with one
 * compare-exchange.  Two threads missing the same pair both compute it; the
 * loser frees its block and returns the winner's, which is identical (the
 * search depends only on the topology), so which thread wins never shows.
 * A lock would serialise every thread's first use of every pair; duplicate
 * work is rare (pairs are many, threads few) and bounded by one pair each.
 */
const struct sim_pair_paths *sim_model_pair_compute(const struct sim_model *m, int src, int dst)
{
        const struct sim_modtable *mt = &m->mods;
        int nc = mt->n_classes;
        struct sim_pair_paths *pp = NULL;
        uint8_t *row = NULL;
        const double *to_dst = m->par.k_paths > 1 && src != dst ? distances_to(m, dst) : NULL;
        if (sim_pair_paths_create(m->topo, m->par.k_paths, src, dst, to_dst, (size_t)nc, &pp,
                                  &row) != RG_OK)
                return NULL;
        /* a pair without paths still has one row: none reaches */
        for (int i = 0; i < (pp->count > 0 ? pp->count : 1); i++) {
                for (int c = 0; c < nc; c++) {
                        const struct sim_bw_class *cls = &mt->cls[c];
                        row[i * nc + c] = i < pp->count ? first_reaching(cls, pp->path[i].km)
                                                        : (uint8_t)cls->n_mods;
                }
        }
        size_t i = (size_t)src * (size_t)m->topo->n_nodes + (size_t)dst;
        struct sim_pair_paths *expected = NULL;
        if (atomic_compare_exchange_strong_explicit(&m->pair[i], &expected, pp,
                                                    memory_order_acq_rel, memory_order_acquire))
                return pp;
        sim_pair_paths_destroy(pp);
        return expected;
}
