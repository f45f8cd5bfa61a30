#include "engine.h"

#include <stdlib.h>
#include <string.h>

#include "../common/clock.h"

const char *sim_block_name(enum sim_block reason)
{
        switch (reason) {
        case SIM_BLOCK_NONE:
                return "none";
        case SIM_BLOCK_DISTANCE:
                return "distance";
        case SIM_BLOCK_CONGESTION:
                return "congestion";
        case SIM_BLOCK_COUNT:
                break;
        }
        return "?";
}

int sim_runner_init(struct sim_runner *r, const struct sim_model *m, struct rg_errbuf *eb)
{
        memset(r, 0, sizeof(*r));
        sim_depq_init(&r->departures);
        return sim_spectrum_init(&r->net, m->topo->n_links, m->par.cores, m->par.slots, eb);
}

void sim_runner_finish(struct sim_runner *r)
{
        if (r == NULL)
                return;
        sim_spectrum_finish(&r->net);
        sim_depq_finish(&r->departures);
        free(r->active);
        free(r->free_slot);
        r->active = NULL;
        r->free_slot = NULL;
        r->cap = r->n_free = r->used = 0;
}

/* Room for twice as many active connections; false when out of memory (the
 * old tables stay). */
static bool runner_grow(struct sim_runner *r)
{
        uint32_t cap = r->cap ? 2 * r->cap : 1024;
        if (cap <= r->cap)
                return false;
        struct sim_active *active = realloc(r->active, (size_t)cap * sizeof(*active));
        if (active)
                r->active = active;
        uint32_t *free_slot = realloc(r->free_slot, (size_t)cap * sizeof(*free_slot));
        if (free_slot)
                r->free_slot = free_slot;
        if (!active || !free_slot)
                return false;
        r->cap = cap;
        return true;
}

static inline uint64_t mix64(uint64_t x)
{
        /* splitmix64's finaliser: every input bit reaches every output bit */
        x ^= x >> 30;
        x *= 0xbf58476d1ce4e5b9ull;
        x ^= x >> 27;
        x *= 0x94d049bb133111ebull;
        x ^= x >> 31;
        return x;
}

uint64_t sim_trace_step(uint64_t h, uint32_t id, const struct sim_decision *d)
{
        uint64_t w1 = (uint64_t)id << 32 | (uint64_t)d->admitted << 24 | (uint64_t)d->reason << 16;
        uint64_t w2 = 0;
        if (d->admitted) {
                w1 |= (uint64_t)(uint8_t)d->path_index << 8 | (uint8_t)d->mod;
                w2 = (uint64_t)(uint16_t)d->core << 48 | (uint64_t)(uint16_t)d->start << 32 |
                     (uint16_t)d->width;
        }
        h = mix64(h ^ w1);
        return mix64(h ^ w2 ^ 0x9e3779b97f4a7c15ull);
}

double sim_result_bp(const struct sim_result *res)
{
        return res->requests ? (double)res->blocked / (double)res->requests : 0.0;
}

double sim_result_bbp(const struct sim_result *res)
{
        return res->requested_gbps > 0 ? res->blocked_gbps / res->requested_gbps : 0.0;
}

double sim_result_hops_mean(const struct sim_result *res)
{
        return res->admitted ? (double)res->hops_sum / (double)res->admitted : 0.0;
}

double sim_result_km_mean(const struct sim_result *res)
{
        return res->admitted ? res->km_sum / (double)res->admitted : 0.0;
}

int sim_result_check(const struct sim_result *res, int n_mods, int k, int cores,
                     struct rg_errbuf *eb)
{
        uint64_t mods = 0, paths = 0, core = 0, reasons = 0;
        for (int i = 0; i < n_mods; i++)
                mods += res->mod_count[i];
        for (int i = 0; i < k; i++)
                paths += res->path_index[i];
        for (int i = 0; i < cores; i++)
                core += res->core_usage[i];
        for (int i = 1; i < SIM_BLOCK_COUNT; i++)
                reasons += res->blocked_by[i];
        if ((uint64_t)res->admitted + res->blocked != res->requests)
                return rg_fail(eb, RG_INVARIANT, "admitted %u + blocked %u != requests %u",
                               res->admitted, res->blocked, res->requests);
        if (reasons != res->blocked || res->blocked_by[SIM_BLOCK_NONE] != 0)
                return rg_fail(eb, RG_INVARIANT, "block reasons add up to %llu, blocked %u",
                               (unsigned long long)reasons, res->blocked);
        if (mods != res->admitted || paths != res->admitted || core != res->admitted)
                return rg_fail(eb, RG_INVARIANT,
                               "per-modulation/path/core counts (%llu/%llu/%llu) != admitted %u",
                               (unsigned long long)mods, (unsigned long long)paths,
                               (unsigned long long)core, res->admitted);
        if (res->blocked_gbps > res->requested_gbps)
                return rg_fail(eb, RG_INVARIANT, "blocked Gb/s exceed requested Gb/s");
        return RG_OK;
}

int sim_release_decision(struct sim_spectrum *net, const struct sim_model *m,
                         const struct sim_request *req, const struct sim_decision *d)
{
        /* the pair was resolved when the request was admitted */
        const struct sim_pair_paths *pp = sim_model_pair(m, req->src, req->dst);
        if (pp == NULL)
                return RG_NOMEM;
        const struct sim_path *p = &pp->path[d->path_index];
        return sim_spectrum_release(net, p->links, p->hops, d->core, d->start, d->width);
}

void sim_run_begin(struct sim_runner *r, const struct sim_model *m, const struct sim_path_ops *ops,
                   void *ctx, struct sim_result *res, struct rg_errbuf *eb)
{
        memset(res, 0, sizeof(*res));
        res->trace_hash = SIM_TRACE_SEED;
        sim_spectrum_clear(&r->net);
        sim_depq_clear(&r->departures);
        r->n_free = r->used = 0;
        r->run.m = m;
        r->run.ops = ops;
        r->run.ctx = ctx;
        r->run.res = res;
        r->run.eb = eb;
        r->run.next_id = 1;
        r->run.last_arrive = 0;
        r->run.rc = RG_OK;
}

static int run_fail(struct sim_runner *r, int rc, uint32_t id)
{
        r->run.rc = rc;
        r->run.res->status = rc;
        r->run.res->fail_request = id;
        return rc;
}

/* Releases the earliest departure. */
static inline int release_next(struct sim_runner *r)
{
        struct sim_departure top;
        if (!sim_depq_pop(&r->departures, &top))
                return run_fail(r,
                                rg_fail(r->run.eb, RG_NOMEM,
                                        "%s: out of memory for the departure queue",
                                        r->run.ops->name),
                                0);
        const struct sim_path_ops *ops = r->run.ops;
        if (ops->release) {
                r->free_slot[r->n_free++] = top.slot;
                const struct sim_active *act = &r->active[top.slot];
                int rc = ops->release(r->run.ctx, &r->net, r->run.m, &act->req, top.id, &act->d,
                                      r->run.eb);
                return rc == RG_OK ? rc : run_fail(r, rc, top.id);
        }
        if (sim_spectrum_release(&r->net, top.path->links, top.path->hops, top.core, top.start,
                                 top.width) != RG_OK)
                return run_fail(r,
                                rg_fail(r->run.eb, RG_INVARIANT,
                                        "%s: release of request %u found its slots not held",
                                        ops->name, top.id),
                                top.id);
        return RG_OK;
}

int sim_run_requests(struct sim_runner *r, const struct sim_request *reqs, uint32_t n)
{
        if (r->run.rc != RG_OK)
                return r->run.rc;
        const struct sim_model *m = r->run.m;
        const struct sim_path_ops *ops = r->run.ops;
        struct sim_result *res = r->run.res;
        struct rg_errbuf *eb = r->run.eb;
        if (r->cancel && *r->cancel)
                return run_fail(r, rg_fail(eb, RG_INTERNAL, "%s: interrupted", ops->name), 0);
        for (uint32_t k = 0; k < n; k++) {
                const struct sim_request *req = &reqs[k];
                const uint32_t id = r->run.next_id++;
                if (req->arrive < r->run.last_arrive)
                        return run_fail(r,
                                        rg_fail(eb, RG_INVARIANT,
                                                "request %u arrives before request %u", id, id - 1),
                                        id);
                r->run.last_arrive = req->arrive;
                /* the departure queue needs it (depq.h), and a request that
                 * left before it came is no request */
                if (!(req->depart >= req->arrive))
                        return run_fail(
                            r,
                            rg_fail(eb, RG_INVARIANT, "request %u departs before it arrives", id),
                            id);
                /* departures due at or before this arrival go first */
                const uint64_t now = sim_time_key(req->arrive);
                while (r->departures.n > 0 && r->departures.top <= now)
                        if (release_next(r) != RG_OK)
                                return r->run.rc;
                struct sim_decision d = {0};
                int rc = ops->arrival(r->run.ctx, &r->net, m, req, id, &d, eb);
                if (rc != RG_OK)
                        return run_fail(
                            r, rg_fail(eb, rc, "%s: failed at request %u", ops->name, id), id);
                if (r->record && id - 1 - r->record_base < r->record_cap)
                        r->record[id - 1 - r->record_base] = d;
                const double gbps = m->mods.cls[req->cls].gbps;
                res->requests++;
                res->requested_gbps += gbps;
                if (!d.admitted) {
                        res->trace_hash = sim_trace_step(res->trace_hash, id, &d);
                        res->blocked++;
                        res->blocked_gbps += gbps;
                        res->blocked_by[d.reason < SIM_BLOCK_COUNT ? d.reason : 0]++;
                        continue;
                }
                const struct sim_pair_paths *pp = sim_model_pair(m, req->src, req->dst);
                if (pp == NULL)
                        return run_fail(r,
                                        rg_fail(eb, RG_NOMEM,
                                                "%s: request %u: out of memory for its routes",
                                                ops->name, id),
                                        id);
                if ((uint8_t)d.path_index >= pp->count || (uint8_t)d.mod >= m->mods.n_mods ||
                    d.core < 0 || d.core >= m->par.cores)
                        return run_fail(r,
                                        rg_fail(eb, RG_INVARIANT,
                                                "%s: request %u admitted on a path, format or "
                                                "core that does not exist",
                                                ops->name, id),
                                        id);
                const struct sim_path *p = &pp->path[d.path_index];
                res->admitted++;
                res->hops_sum += (uint64_t)p->hops;
                res->km_sum += p->km;
                res->mod_count[d.mod]++;
                res->path_index[d.path_index]++;
                res->core_usage[d.core]++;
                res->trace_hash = sim_trace_step(res->trace_hash, id, &d);
                /* a record for the path's own release, if it has one */
                uint32_t slot = 0;
                if (ops->release) {
                        if (r->n_free == 0 && r->used == r->cap && !runner_grow(r))
                                return run_fail(r,
                                                rg_fail(eb, RG_NOMEM,
                                                        "out of memory for %u active connections",
                                                        r->cap),
                                                id);
                        slot = r->n_free ? r->free_slot[--r->n_free] : r->used++;
                        r->active[slot] = (struct sim_active){.d = d, .req = *req};
                }
                const struct sim_departure dep = {.t_key = sim_time_key(req->depart),
                                                  .path = p,
                                                  .id = id,
                                                  .slot = slot,
                                                  .core = d.core,
                                                  .start = d.start,
                                                  .width = d.width};
                if (!sim_depq_push(&r->departures, dep))
                        return run_fail(
                            r,
                            dep.t_key < r->departures.last
                                ? rg_fail(eb, RG_INVARIANT,
                                          "%s: request %u departs before it arrives", ops->name, id)
                                : rg_fail(eb, RG_NOMEM, "%s: out of memory for the departure queue",
                                          ops->name),
                            id);
        }
        return RG_OK;
}

int sim_run_end(struct sim_runner *r)
{
        struct sim_result *res = r->run.res;
        const struct sim_model *m = r->run.m;
        while (r->run.rc == RG_OK && r->departures.n > 0)
                release_next(r);
        if (r->run.rc != RG_OK)
                return r->run.rc;
        int rc = RG_OK;
        if (!sim_spectrum_empty(&r->net))
                rc = rg_fail(r->run.eb, RG_INVARIANT,
                             "%s: %llu slots still occupied after the last release",
                             r->run.ops->name, (unsigned long long)sim_spectrum_used(&r->net));
        if (rc == RG_OK)
                rc = sim_result_check(res, m->mods.n_mods, m->par.k_paths, m->par.cores, r->run.eb);
        res->status = rc;
        r->run.rc = rc;
        return rc;
}

int sim_run(struct sim_runner *r, const struct sim_model *m, const struct sim_stream *s,
            const struct sim_path_ops *ops, void *ctx, struct sim_result *res, struct rg_errbuf *eb)
{
        sim_run_begin(r, m, ops, ctx, res, eb);
        /* a chunk at a time, so that the cancel flag is seen every few ms */
        for (uint32_t i = 0; i < s->n && r->run.rc == RG_OK; i += SIM_CHUNK)
                sim_run_requests(r, s->req + i, s->n - i < SIM_CHUNK ? s->n - i : SIM_CHUNK);
        return sim_run_end(r);
}

void sim_lanes_begin(struct sim_lanes *s, struct sim_source *src, const struct sim_model *m,
                     struct sim_lane *lanes, int n_lanes, int first_lane)
{
        for (int i = 0; i < n_lanes; i++) {
                sim_run_begin(lanes[i].runner, m, lanes[i].ops, lanes[i].ctx, lanes[i].res,
                              lanes[i].eb);
                lanes[i].seconds = 0;
        }
        *s = (struct sim_lanes){
            .src = src, .lanes = lanes, .n_lanes = n_lanes, .first_lane = first_lane, .rc = RG_OK};
}

double sim_stretch(double start, double factor)
{
        double t = rg_thread_cpu_seconds();
        if (!(factor > 1))
                return t;
        const double until = start + factor * (t - start);
        while (t < until)
                t = rg_thread_cpu_seconds();
        return t;
}

bool sim_lanes_step(struct sim_lanes *s, struct rg_errbuf *eb)
{
        struct sim_source *src = s->src;
        double now = rg_thread_cpu_seconds();
        s->rc = sim_source_next(src, eb);
        double t = rg_thread_cpu_seconds();
        const double gen = t - now; /* each path's share, as it would generate it */
        s->gen += gen;
        now = t;
        if (s->rc != RG_OK || src->n == 0)
                return false;
        for (int k = 0; k < s->n_lanes; k++) {
                struct sim_lane *L =
                    &s->lanes[(s->first_lane + s->chunk + (unsigned)k) % (unsigned)s->n_lanes];
                if (L->runner->record)
                        L->runner->record_base = src->first;
                sim_run_requests(L->runner, src->req, src->n);
                /* a slow lane's chunk, with the generation it is charged,
                 * comes out `slow` times what it cost */
                t = sim_stretch(now - gen, L->slow);
                L->seconds += t - now;
                if (L->chunk_done) {
                        L->chunk_done(L, src);
                        t = rg_thread_cpu_seconds();
                }
                now = t;
        }
        s->chunk++;
        return true;
}

int sim_lanes_end(struct sim_lanes *s, double *gen_seconds)
{
        if (gen_seconds)
                *gen_seconds = s->gen;
        if (s->rc != RG_OK)
                return s->rc;
        double now = rg_thread_cpu_seconds();
        for (int i = 0; i < s->n_lanes; i++) {
                sim_run_end(s->lanes[i].runner);
                double t = sim_stretch(now, s->lanes[i].slow);
                s->lanes[i].seconds += t - now;
                now = t;
        }
        return RG_OK;
}

int sim_run_lanes(struct sim_source *src, const struct sim_model *m, struct sim_lane *lanes,
                  int n_lanes, int first_lane, double *gen_seconds, struct rg_errbuf *eb)
{
        struct sim_lanes s;
        sim_lanes_begin(&s, src, m, lanes, n_lanes, first_lane);
        while (sim_lanes_step(&s, eb))
                ;
        return sim_lanes_end(&s, gen_seconds);
}
