#include "orchestrator.h"

#include <stddef.h>
#include <string.h>

/* A CHECK stage publishes into a slot nobody reads. */
struct pipeline_slots {
        struct sim_pipeline p;
        const void *unused;
};

static size_t slot_of(enum sim_stage_kind kind)
{
        switch (kind) {
        case SIM_STAGE_ROUTE:
                return offsetof(struct pipeline_slots, p.route);
        case SIM_STAGE_MODULATION:
                return offsetof(struct pipeline_slots, p.modulation);
        case SIM_STAGE_SPECTRUM:
                return offsetof(struct pipeline_slots, p.spectrum);
        case SIM_STAGE_DECISION:
                return offsetof(struct pipeline_slots, p.decision);
        case SIM_STAGE_CHECK:
                break;
        }
        return offsetof(struct pipeline_slots, unused);
}

static void add(struct sim_orchestrator *o, const struct sim_stage_ops *ops, void *ctx)
{
        o->stages[o->n_stages] =
                (struct sim_stage){.ops = ops, .ctx = ctx, .slot = slot_of(ops->produces)};
        if (ops->release && o->releaser == NULL)
                o->releaser = &o->stages[o->n_stages];
        o->n_stages++;
}

void sim_orchestrator_init(struct sim_orchestrator *o, const struct sim_model *m,
                           const struct sim_inject *inj, uint32_t seed)
{
        static const struct sim_inject none = {0};
        if (inj == NULL)
                inj = &none;
        memset(o, 0, sizeof(*o));
        int k = m->par.k_paths;
        o->routing.k_limit = inj->k_minus_one ? k - 1 : k;
        o->spectrum.policy = (struct sim_assign_policy){
                .guard = inj->no_guard ? 0 : m->par.guard,
                .fit = inj->fit_override ? inj->fit : m->par.fit,
                .single_mod = m->par.single_mod,
        };
        o->spectrum.extra_work = inj->slow > 1 ? inj->slow - 1 : 0;
        o->admission.leak_every = inj->leak_every;
        o->crash.at = inj->crash_at;
        o->drop.p = inj->drop;
        /* an independent stream: the seed scrambled so it never coincides
         * with a request-stream seed's sequence */
        sim_rng_init(&o->drop.rng, seed * 2654435761u ^ 0x5eedd0e5u);

        if (inj->crash_at)
                add(o, &sim_stage_inject_crash, &o->crash);
        add(o, &sim_stage_routing, &o->routing);
        add(o, &sim_stage_modulation, NULL);
        add(o, &sim_stage_spectrum, &o->spectrum);
        if (inj->drop > 0)
                add(o, &sim_stage_inject_drop, &o->drop);
        add(o, &sim_stage_admission, &o->admission);
        if (inj->relabel)
                add(o, &sim_stage_inject_relabel, NULL);
}

/* The orchestrator proper: run the stages in order and hand each the
 * latest result of every kind.  No decisions are made here. */
static int orchestrator_arrival(void *ctx, struct sim_spectrum *net, const struct sim_model *m,
                                const struct sim_request *req, uint32_t id,
                                struct sim_decision *out, struct rg_errbuf *eb)
{
        struct sim_orchestrator *o = ctx;
        struct pipeline_slots ps = {.p = {.model = m, .req = req, .id = id}};
        for (int i = 0; i < o->n_stages; i++) {
                const struct sim_stage *s = &o->stages[i];
                union sim_stage_result *r = &o->results[i];
                int rc = s->ops->run(s->ctx, &ps.p, net, r, eb);
                if (rc != RG_OK)
                        return rg_fail(eb, rc, "orchestrator: stage %s failed at request %u",
                                       s->ops->name, id);
                /* publish: the union's members all start at its address */
                memcpy((char *)&ps + s->slot, &(const void *){r}, sizeof(const void *));
        }
        if (ps.p.decision == NULL)
                return rg_fail(eb, RG_INTERNAL, "orchestrator: no stage decided request %u", id);
        *out = ps.p.decision->d;
        return RG_OK;
}

static int orchestrator_release(void *ctx, struct sim_spectrum *net, const struct sim_model *m,
                                const struct sim_request *req, uint32_t id,
                                const struct sim_decision *d, struct rg_errbuf *eb)
{
        const struct sim_orchestrator *o = ctx;
        if (o->releaser == NULL)
                return rg_fail(eb, RG_INTERNAL, "orchestrator: no stage releases request %u", id);
        return o->releaser->ops->release(o->releaser->ctx, net, m, req, id, d, eb);
}

const struct sim_path_ops sim_orchestrator_ops = {
        .name = "orchestrator",
        .arrival = orchestrator_arrival,
        .release = orchestrator_release,
};
