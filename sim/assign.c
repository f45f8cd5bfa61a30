#include "assign.h"

bool sim_assign_on_path(const struct sim_spectrum *net, const struct sim_model *m,
                        const struct sim_path *p, int cls, int first,
                        const struct sim_assign_policy *pol, struct sim_assignment *out)
{
        const struct sim_bw_class *c = &m->mods.cls[cls];
        int failed_slots = SIM_MAX_SLOTS + 1;
        for (int f = first; f < c->n_mods; f++) {
                if (c->slots[f] >= failed_slots)
                        continue;
                int width = c->slots[f] + pol->guard;
                if (sim_spectrum_find(net, p->links, p->hops, width, pol->fit, &out->core,
                                      &out->start)) {
                        out->fmt = f;
                        out->width = width;
                        return true;
                }
                failed_slots = c->slots[f];
                if (pol->single_mod)
                        break;
        }
        return false;
}
