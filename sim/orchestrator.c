/*
 * The orchestrator and its stages.  They share one file so that the
 * compiler, seeing the fixed default pipeline's ops tables and the stage
 * functions together, can turn the calls through the tables into direct
 * (often inlined) calls; the dynamic pipeline used under fault injection
 * goes through the same tables at run time.
 *
 * The stages: each reads only its inputs in the pipeline and writes one
 * result; the algorithms are the shared modules (the model's route sets and
 * reach rows, sim_assign_on_path, the spectrum bitsets).
 */
#include "orchestrator.h"

#include <stddef.h>
#include <string.h>

/* ---- stages ------------------------------------------------------------ */

/* The default pipeline's stages are small and run for every request: they
 * are inlined into it (GCC and Clang; other compilers call them). */
#if defined(__GNUC__)
#define STAGE_INLINE __attribute__((always_inline))
#else
#define STAGE_INLINE
#endif

static inline STAGE_INLINE int routing_run(void *ctx, const struct sim_pipeline *in,
                                           union sim_stage_result *out)
{
        const struct sim_routing_ctx *c = ctx;
        const struct sim_request *req = in->req;
        const struct sim_pair_paths *pp = sim_model_pair(in->model, req->src, req->dst);
        if (pp == NULL)
                return rg_fail(in->eb, RG_NOMEM, "routing: out of memory for the routes %d->%d",
                               req->src, req->dst);
        out->route.n_paths = pp->count < c->k_limit ? pp->count : c->k_limit;
        out->route.pair = pp;
        return RG_OK;
}

const struct sim_stage_ops sim_stage_routing = {
    .version = SIM_STAGE_OPS_VERSION,
    .name = "routing",
    .produces = SIM_STAGE_ROUTE,
    .run = routing_run,
};

static inline STAGE_INLINE int modulation_run(void *ctx, const struct sim_pipeline *in,
                                              union sim_stage_result *out)
{
        (void)ctx;
        if (in->route == NULL)
                return rg_fail(in->eb, RG_INTERNAL, "modulation stage before routing");
        const struct sim_model *m = in->model;
        const struct sim_pair_paths *pp = in->route->pair;
        struct sim_modulation_result *r = &out->modulation;
        r->n_paths = in->route->n_paths;
        r->stride = m->mods.n_classes;
        r->n_mods = m->mods.cls[in->req->cls].n_mods;
        r->first = pp->first_mod + in->req->cls;
        return RG_OK;
}

const struct sim_stage_ops sim_stage_modulation = {
    .version = SIM_STAGE_OPS_VERSION,
    .name = "modulation",
    .produces = SIM_STAGE_MODULATION,
    .run = modulation_run,
};

/* Searches the paths in order. */
static bool spectrum_search(const struct sim_spectrum_ctx *c, const struct sim_pipeline *in,
                            const struct sim_spectrum *net, struct sim_spectrum_result *r)
{
        /* the inputs in locals: the search writes through r, which the
         * compiler cannot tell apart from them */
        const struct sim_modulation_result mod = *in->modulation;
        const struct sim_path *paths = in->route->pair->path;
        const int n = in->route->n_paths, cls = in->req->cls;
        const struct sim_model *m = in->model;
        for (int i = 0; i < n; i++) {
                if (!sim_modulation_reaches(&mod, i))
                        continue;
                if (sim_assign_on_path(net, m, &paths[i], cls, mod.first[i * mod.stride],
                                       &c->policy, &r->where)) {
                        r->path_index = i;
                        return true;
                }
        }
        return false;
}

static inline STAGE_INLINE int spectrum_run(void *ctx, const struct sim_pipeline *in,
                                            union sim_stage_result *out)
{
        const struct sim_spectrum_ctx *c = ctx;
        if (in->route == NULL || in->modulation == NULL)
                return rg_fail(in->eb, RG_INTERNAL, "spectrum stage before routing and modulation");
        struct sim_spectrum_result *r = &out->spectrum;
        r->found = spectrum_search(c, in, in->net, r);
        r->reason = SIM_BLOCK_NONE;
        if (!r->found) {
                r->path_index = -1;
                r->reason = SIM_BLOCK_DISTANCE;
                for (int i = 0; i < in->modulation->n_paths; i++)
                        if (sim_modulation_reaches(in->modulation, i))
                                r->reason = SIM_BLOCK_CONGESTION;
        }
        return RG_OK;
}

const struct sim_stage_ops sim_stage_spectrum = {
    .version = SIM_STAGE_OPS_VERSION,
    .name = "spectrum",
    .produces = SIM_STAGE_SPECTRUM,
    .run = spectrum_run,
};

static inline STAGE_INLINE int admission_run(void *ctx, const struct sim_pipeline *in,
                                             union sim_stage_result *out)
{
        const struct sim_admission_ctx *c = ctx;
        if (in->spectrum == NULL)
                return rg_fail(in->eb, RG_INTERNAL, "admission stage before spectrum");
        const struct sim_spectrum_result *s = in->spectrum;
        if (!s->found) {
                /* relabel: every blocked request called congestion, as
                 * FUSION's orchestrator does */
                out->decision.d = (struct sim_decision){
                    .reason = (uint8_t)(c->relabel ? SIM_BLOCK_CONGESTION : s->reason)};
                return RG_OK;
        }
        const struct sim_path *p = &in->route->pair->path[s->path_index];
        int rc = sim_spectrum_assign(in->net, p->links, p->hops, s->where.core, s->where.start,
                                     s->where.width);
        if (rc != RG_OK)
                return rg_fail(
                    in->eb, rc, "orchestrator: request %u: slots %d..%d on core %d are taken",
                    in->id, s->where.start, s->where.start + s->where.width - 1, s->where.core);
        /* built whole, stored once */
        out->decision.d = (struct sim_decision){
            .admitted = true,
            .path_index = (int8_t)s->path_index,
            .mod = (int8_t)in->model->mods.cls[in->req->cls].mod[s->where.fmt],
            .core = (int16_t)s->where.core,
            .start = (int16_t)s->where.start,
            .width = (int16_t)s->where.width};
        return RG_OK;
}

/* leak=N: every N-th release is skipped, so its slots stay taken. */
static int admission_release(void *ctx, struct sim_spectrum *net, const struct sim_model *m,
                             const struct sim_request *req, uint32_t id,
                             const struct sim_decision *d, struct rg_errbuf *eb)
{
        struct sim_admission_ctx *c = ctx;
        c->releases++;
        if (c->leak_every && c->releases % c->leak_every == 0)
                return RG_OK;
        if (sim_release_decision(net, m, req, d) != RG_OK)
                return rg_fail(eb, RG_INVARIANT,
                               "orchestrator: release of request %u found its slots not held", id);
        return RG_OK;
}

/* Without injections the admission stage needs no teardown of its own: a
 * release frees exactly what the decision names, which the engine does. */
const struct sim_stage_ops sim_stage_admission = {
    .version = SIM_STAGE_OPS_VERSION,
    .name = "admission",
    .produces = SIM_STAGE_DECISION,
    .run = admission_run,
};

const struct sim_stage_ops sim_stage_inject_leaky_admission = {
    .version = SIM_STAGE_OPS_VERSION,
    .name = "inject-leaky-admission",
    .produces = SIM_STAGE_DECISION,
    .run = admission_run,
    .release = admission_release,
};

/* ---- fault injection ---------------------------------------------------- */

static int crash_run(void *ctx, const struct sim_pipeline *in, union sim_stage_result *out)
{
        (void)out;
        const struct sim_crash_ctx *c = ctx;
        if (in->id == c->at)
                return rg_fail(in->eb, RG_PATHFAIL, "orchestrator: injected crash at request %u",
                               in->id);
        return RG_OK;
}

const struct sim_stage_ops sim_stage_inject_crash = {
    .version = SIM_STAGE_OPS_VERSION,
    .name = "inject-crash",
    .produces = SIM_STAGE_CHECK,
    .run = crash_run,
};

/* drop=P: a found placement is withdrawn with probability P.  One draw per
 * found placement, from the stream seeded for this run. */
static int drop_run(void *ctx, const struct sim_pipeline *in, union sim_stage_result *out)
{
        struct sim_drop_ctx *c = ctx;
        if (in->spectrum == NULL)
                return rg_fail(in->eb, RG_INTERNAL, "drop stage before spectrum");
        out->spectrum = *in->spectrum;
        if (out->spectrum.found && sim_rng_uniform(&c->rng) < c->p) {
                out->spectrum.found = false;
                out->spectrum.reason = SIM_BLOCK_CONGESTION;
        }
        return RG_OK;
}

const struct sim_stage_ops sim_stage_inject_drop = {
    .version = SIM_STAGE_OPS_VERSION,
    .name = "inject-drop",
    .produces = SIM_STAGE_SPECTRUM,
    .run = drop_run,
};

/* ---- the orchestrator ------------------------------------------------------ */

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
        o->routing = (struct sim_routing_ctx){.k_limit = inj->k_minus_one ? k - 1 : k};
        o->spectrum.policy = (struct sim_assign_policy){
            .guard = inj->no_guard ? 0 : m->par.guard,
            .fit = inj->fit_override ? inj->fit : m->par.fit,
            .single_mod = m->par.single_mod,
        };
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
static int run_stages(struct sim_orchestrator *o, struct sim_pipeline *p, struct sim_decision *out)
{
        for (int i = 0; i < o->n_stages; i++) {
                const struct sim_stage *s = &o->stages[i];
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
 * the same steps as run_stages, spelled out per stage with the stage's
 * function named, so that the call is resolved at compile time and the
 * stage inlined into the pipeline (the tables' calls are left to run_stages). */
#define RUN_FIXED(i, stage, member, kind)                                                          \
        do {                                                                                       \
                int rc_ = FIXED_##stage((char *)o + (member), &p, &o->results[i]);                 \
                if (rc_ != RG_OK)                                                                  \
                        return rg_fail(eb, rc_, "orchestrator: stage %s failed at request %u",     \
                                       (stage).name, id);                                          \
                p.kind = &o->results[i].kind;                                                      \
        } while (0)
#define FIXED_sim_stage_routing routing_run
#define FIXED_sim_stage_modulation modulation_run
#define FIXED_sim_stage_spectrum spectrum_run
#define FIXED_sim_stage_admission admission_run

static int orchestrator_arrival(void *ctx, struct sim_spectrum *net, const struct sim_model *m,
                                const struct sim_request *req, uint32_t id,
                                struct sim_decision *out, struct rg_errbuf *eb)
{
        struct sim_orchestrator *o = ctx;
        struct sim_pipeline p = {.model = m, .req = req, .id = id, .net = net, .eb = eb};
        if (!o->is_default)
                return run_stages(o, &p, out);
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
