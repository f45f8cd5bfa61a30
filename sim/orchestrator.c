#include "orchestrator.h"

#include <stddef.h>
#include <string.h>

/* Stage contexts live inside the orchestrator; a stage names its own by
 * offset (0 for stages without one), so one table form serves both the
 * fixed default pipeline and the runtime-built one. */
#define CTX(member) offsetof(struct sim_orchestrator, member)

static void add(struct sim_orchestrator *o, const struct sim_stage_ops *ops, size_t ctx_offset)
{
        o->stages[o->n_stages] = (struct sim_stage){.ops = ops, .ctx_offset = ctx_offset};
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
        o->routing = (struct sim_routing_ctx){.k_limit = inj->k_minus_one ? k - 1 : k,
                                              .n_nodes = m->paths->n_nodes,
                                              .k = m->paths->k,
                                              .count = m->paths->count,
                                              .path = m->paths->path};
        o->spectrum.policy = (struct sim_assign_policy){
            .guard = inj->no_guard ? 0 : m->par.guard,
            .fit = inj->fit_override ? inj->fit : m->par.fit,
            .single_mod = m->par.single_mod,
        };
        o->spectrum.extra_work = inj->slow > 1 ? inj->slow - 1 : 0;
        o->admission.leak_every = inj->leak_every;
        o->admission.relabel = inj->relabel;
        o->crash.at = inj->crash_at;
        o->drop.p = inj->drop;
        /* an independent stream: the seed scrambled so it never coincides
         * with a request-stream seed's sequence */
        sim_rng_init(&o->drop.rng, seed * 2654435761u ^ 0x5eedd0e5u);

        if (inj->crash_at)
                add(o, &sim_stage_inject_crash, CTX(crash));
        add(o, &sim_stage_routing, CTX(routing));
        add(o, &sim_stage_modulation, 0);
        add(o, &sim_stage_spectrum, CTX(spectrum));
        if (inj->drop > 0)
                add(o, &sim_stage_inject_drop, CTX(drop));
        add(o, inj->leak_every ? &sim_stage_inject_leaky_admission : &sim_stage_admission,
            CTX(admission));
        /* injections that only set stage parameters keep the fixed list */
        o->is_default = !inj->crash_at && !(inj->drop > 0) && !inj->leak_every;
}

/* Field by field on purpose: the admission stage has just written these
 * fields one by one, and a whole-struct load spanning those narrow stores
 * cannot be forwarded from the store buffer (a stall of ~15 cycles, measured
 * as most of the orchestrator's own time). */
static inline void copy_decision(struct sim_decision *out, const struct sim_decision *d)
{
        out->admitted = d->admitted;
        out->reason = d->reason;
        out->path_index = d->path_index;
        out->mod = d->mod;
        out->core = d->core;
        out->start = d->start;
        out->width = d->width;
}

/* The orchestrator proper: run the stages in order and hand each the
 * latest result of every kind.  No decisions are made here. */
static int run_stages(struct sim_orchestrator *o, const struct sim_stage *stages, int n_stages,
                      struct sim_pipeline *p, struct sim_decision *out)
{
        for (int i = 0; i < n_stages; i++) {
                const struct sim_stage *s = &stages[i];
                union sim_stage_result *r = &o->results[i];
                void *ctx = (char *)o + s->ctx_offset;
                int rc = s->ops->run(ctx, p, r);
                if (rc != RG_OK)
                        return rg_fail(p->eb, rc, "orchestrator: stage %s failed at request %u",
                                       s->ops->name, p->id);
                switch (s->ops->produces) {
                case SIM_STAGE_CHECK:
                        break;
                case SIM_STAGE_ROUTE:
                        p->route = &r->route;
                        break;
                case SIM_STAGE_MODULATION:
                        p->modulation = &r->modulation;
                        break;
                case SIM_STAGE_SPECTRUM:
                        p->spectrum = &r->spectrum;
                        break;
                case SIM_STAGE_DECISION:
                        p->decision = &r->decision;
                        break;
                }
        }
        if (p->decision == NULL)
                return rg_fail(p->eb, RG_INTERNAL, "orchestrator: no stage decided request %u",
                               p->id);
        copy_decision(out, &p->decision->d);
        return RG_OK;
}

/* Runs one stage of the fixed default pipeline and publishes its result:
 * the same steps as run_stages, spelled out per stage so that the compiler
 * sees which ops table is called (with LTO it can inline the stage). */
#define RUN_FIXED(i, stage, member, kind)                                                          \
        do {                                                                                       \
                int rc_ = (stage).run((char *)o + (member), &p, &o->results[i]);                   \
                if (rc_ != RG_OK)                                                                  \
                        return rg_fail(eb, rc_, "orchestrator: stage %s failed at request %u",     \
                                       (stage).name, id);                                          \
                p.kind = &o->results[i].kind;                                                      \
        } while (0)

static int orchestrator_arrival(void *ctx, struct sim_spectrum *net, const struct sim_model *m,
                                const struct sim_request *req, uint32_t id,
                                struct sim_decision *out, struct rg_errbuf *eb)
{
        struct sim_orchestrator *o = ctx;
        struct sim_pipeline p = {.model = m, .req = req, .id = id, .net = net, .eb = eb};
        if (!o->is_default)
                return run_stages(o, o->stages, o->n_stages, &p, out);
        RUN_FIXED(0, sim_stage_routing, CTX(routing), route);
        RUN_FIXED(1, sim_stage_modulation, 0, modulation);
        RUN_FIXED(2, sim_stage_spectrum, CTX(spectrum), spectrum);
        RUN_FIXED(3, sim_stage_admission, CTX(admission), decision);
        copy_decision(out, &p.decision->d);
        return RG_OK;
}

static int orchestrator_release(void *ctx, struct sim_spectrum *net, const struct sim_model *m,
                                const struct sim_request *req, uint32_t id,
                                const struct sim_decision *d, struct rg_errbuf *eb)
{
        const struct sim_orchestrator *o = ctx;
        if (o->releaser == NULL)
                return rg_fail(eb, RG_INTERNAL, "orchestrator: no stage releases request %u", id);
        return o->releaser->ops->release((char *)o + o->releaser->ctx_offset, net, m, req, id, d,
                                         eb);
}

const struct sim_path_ops sim_orchestrator_ops = {
    .name = "orchestrator",
    .arrival = orchestrator_arrival,
    .release = NULL,
};

static const struct sim_path_ops orchestrator_teardown_ops = {
    .name = "orchestrator",
    .arrival = orchestrator_arrival,
    .release = orchestrator_release,
};

const struct sim_path_ops *sim_orchestrator_path_ops(const struct sim_orchestrator *o)
{
        return o->releaser ? &orchestrator_teardown_ops : &sim_orchestrator_ops;
}
