#include "legacy.h"

/* False when out of memory for the pair's routes. */
static bool legacy_route(struct sim_legacy *ctl, const struct sim_model *m)
{
        const struct sim_pair_paths *pp = sim_model_pair(m, ctl->src, ctl->dst);
        if (pp == NULL)
                return false;
        ctl->n_paths = pp->count;
        for (int i = 0; i < ctl->n_paths; i++)
                ctl->paths[i] = &pp->path[i];
        ctl->first_mod = pp->first_mod;
        return true;
}

static void legacy_get_spectrum(struct sim_legacy *ctl, const struct sim_spectrum *net,
                                const struct sim_model *m, int path_index)
{
        int first = ctl->first_mod[path_index * m->mods.n_classes + ctl->cls];
        if (first >= m->mods.cls[ctl->cls].n_mods)
                return; /* no format reaches this path */
        ctl->any_reachable = true;
        const struct sim_assign_policy pol = {
            .guard = m->par.guard, .fit = m->par.fit, .single_mod = m->par.single_mod};
        if (sim_assign_on_path(net, m, ctl->paths[path_index], ctl->cls, first, &pol,
                               &ctl->spectrum)) {
                ctl->is_free = true;
                ctl->path_index = path_index;
        }
}

static int legacy_allocate(struct sim_legacy *ctl, struct sim_spectrum *net)
{
        const struct sim_path *p = ctl->paths[ctl->path_index];
        return sim_spectrum_assign(net, p->links, p->hops, ctl->spectrum.core, ctl->spectrum.start,
                                   ctl->spectrum.width);
}

static int legacy_handle_arrival(struct sim_legacy *ctl, struct sim_spectrum *net,
                                 const struct sim_model *m, const struct sim_request *req,
                                 uint32_t id, struct sim_decision *out, struct rg_errbuf *eb)
{
        ctl->src = req->src;
        ctl->dst = req->dst;
        ctl->cls = req->cls;
        ctl->is_free = false;
        ctl->any_reachable = false;
        if (!legacy_route(ctl, m))
                return rg_fail(eb, RG_NOMEM,
                               "legacy: request %u: out of memory for the routes %d->%d", id,
                               ctl->src, ctl->dst);
        for (int i = 0; i < ctl->n_paths && !ctl->is_free; i++)
                legacy_get_spectrum(ctl, net, m, i);
        if (!ctl->is_free) {
                out->admitted = false;
                out->reason = ctl->any_reachable ? SIM_BLOCK_CONGESTION : SIM_BLOCK_DISTANCE;
                return RG_OK;
        }
        int rc = legacy_allocate(ctl, net);
        if (rc != RG_OK)
                return rg_fail(eb, rc,
                               "legacy: request %u: chosen slots %d..%d on core %d are taken", id,
                               ctl->spectrum.start, ctl->spectrum.start + ctl->spectrum.width - 1,
                               ctl->spectrum.core);
        out->admitted = true;
        out->reason = SIM_BLOCK_NONE;
        out->path_index = (int8_t)ctl->path_index;
        out->mod = (int8_t)m->mods.cls[ctl->cls].mod[ctl->spectrum.fmt];
        out->core = (int16_t)ctl->spectrum.core;
        out->start = (int16_t)ctl->spectrum.start;
        out->width = (int16_t)ctl->spectrum.width;
        return RG_OK;
}

static int legacy_arrival(void *ctx, struct sim_spectrum *net, const struct sim_model *m,
                          const struct sim_request *req, uint32_t id, struct sim_decision *out,
                          struct rg_errbuf *eb)
{
        struct sim_legacy scratch;
        struct sim_legacy *ctl = ctx ? ctx : &scratch;
        return legacy_handle_arrival(ctl, net, m, req, id, out, eb);
}

const struct sim_path_ops sim_legacy_ops = {
    .name = "legacy",
    .arrival = legacy_arrival,
    .release = NULL,
};
