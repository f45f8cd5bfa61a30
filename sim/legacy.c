#include "legacy.h"

static void legacy_route(struct sim_legacy *ctl, const struct sim_model *m)
{
        const struct sim_paths *paths = m->paths;
        ctl->n_paths = sim_paths_count(paths, ctl->src, ctl->dst);
        for (int i = 0; i < ctl->n_paths; i++)
                ctl->paths[i] = sim_paths_get(paths, ctl->src, ctl->dst, i);
        ctl->first_mod = sim_model_first_mods(m, ctl->src, ctl->dst);
}

/*
 * Tries the path's modulation formats from the most efficient reachable one
 * down.  A format needing as many slots as one that already failed cannot
 * fit either (a free run of n slots contains one of any m <= n), so it is
 * skipped without a search: same decision, less work.
 */
static void legacy_get_spectrum(struct sim_legacy *ctl, const struct sim_spectrum *net,
                                const struct sim_model *m, int path_index)
{
        const struct sim_bw_class *cls = &m->mods.cls[ctl->cls];
        const struct sim_path *p = ctl->paths[path_index];
        const int *links = m->paths->links + p->link_off;
        int failed_slots = SIM_MAX_SLOTS + 1;
        for (int f = ctl->first_mod[path_index * m->mods.n_classes + ctl->cls]; f < cls->n_mods;
             f++) {
                ctl->any_reachable = true;
                if (cls->slots[f] >= failed_slots)
                        continue;
                int width = cls->slots[f] + m->par.guard;
                int core, start;
                if (sim_spectrum_find(net, links, p->hops, width, m->par.fit, &core, &start)) {
                        ctl->is_free = true;
                        ctl->path_index = path_index;
                        ctl->mod = cls->mod[f];
                        ctl->core = core;
                        ctl->start = start;
                        ctl->width = width;
                        return;
                }
                failed_slots = cls->slots[f];
                if (m->par.single_mod)
                        return;
        }
}

static int legacy_allocate(struct sim_legacy *ctl, struct sim_spectrum *net,
                           const struct sim_model *m)
{
        const struct sim_path *p = ctl->paths[ctl->path_index];
        return sim_spectrum_assign(net, m->paths->links + p->link_off, p->hops, ctl->core,
                                   ctl->start, ctl->width);
}

static int legacy_handle_arrival(struct sim_legacy *ctl, struct sim_spectrum *net,
                                 const struct sim_model *m, const struct sim_request *req,
                                 uint32_t id, struct sim_decision *out, struct rg_errbuf *eb)
{
        ctl->req_id = id;
        ctl->src = req->src;
        ctl->dst = req->dst;
        ctl->cls = req->cls;
        ctl->is_free = false;
        ctl->any_reachable = false;
        legacy_route(ctl, m);
        for (int i = 0; i < ctl->n_paths && !ctl->is_free; i++)
                legacy_get_spectrum(ctl, net, m, i);
        if (!ctl->is_free) {
                out->admitted = false;
                out->reason = ctl->any_reachable ? SIM_BLOCK_CONGESTION : SIM_BLOCK_DISTANCE;
                return RG_OK;
        }
        int rc = legacy_allocate(ctl, net, m);
        if (rc != RG_OK)
                return rg_fail(eb, rc, "legacy: request %u: chosen slots %d..%d on core %d are taken",
                               id, ctl->start, ctl->start + ctl->width - 1, ctl->core);
        out->admitted = true;
        out->reason = SIM_BLOCK_NONE;
        out->path_index = (int8_t)ctl->path_index;
        out->mod = (int8_t)ctl->mod;
        out->core = (int16_t)ctl->core;
        out->start = (int16_t)ctl->start;
        out->width = (int16_t)ctl->width;
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
};
