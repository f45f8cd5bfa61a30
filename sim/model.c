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
        sim_topology_destroy(m->topo);
        sim_paths_destroy(m->paths);
        free(m->first_mod);
        free(m);
}

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
        rc = sim_paths_build(topo, par->k_paths, &m->paths, eb);
        if (rc != RG_OK)
                goto out;
        int n = topo->n_nodes, k = par->k_paths, nc = mods->n_classes;
        m->first_mod = malloc((size_t)n * (size_t)n * (size_t)k * (size_t)nc);
        if (m->first_mod == NULL) {
                rc = rg_fail(eb, RG_NOMEM, "out of memory");
                goto out;
        }
        for (int s = 0; s < n; s++) {
                for (int d = 0; d < n; d++) {
                        uint8_t *row = m->first_mod +
                                       ((size_t)s * (size_t)n + (size_t)d) * (size_t)k * (size_t)nc;
                        int count = s == d ? 0 : sim_paths_count(m->paths, s, d);
                        for (int i = 0; i < k; i++) {
                                double km = i < count ? sim_paths_get(m->paths, s, d, i)->km : 0;
                                for (int c = 0; c < nc; c++) {
                                        const struct sim_bw_class *cls = &mods->cls[c];
                                        int f = 0;
                                        while (f < cls->n_mods && cls->max_km[f] < km)
                                                f++;
                                        row[i * nc + c] = (uint8_t)(i < count ? f : cls->n_mods);
                                }
                        }
                }
        }
        *out = m;
        m = NULL;
out:
        sim_model_destroy(m);
        return rc;
}
