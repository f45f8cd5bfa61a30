#include "engine.h"

#include <stdlib.h>
#include <string.h>

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
        return sim_spectrum_init(&r->net, m->topo->n_links, m->par.cores, m->par.slots, eb);
}

void sim_runner_finish(struct sim_runner *r)
{
        if (r == NULL)
                return;
        sim_spectrum_finish(&r->net);
        free(r->dec);
        r->dec = NULL;
        r->cap = 0;
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
        const struct sim_pair_paths *pp = sim_model_pair(m, req->src, req->dst);
        if (pp == NULL)
                return RG_NOMEM;
        const struct sim_path *p = &pp->path[d->path_index];
        return sim_spectrum_release(net, p->links, p->hops, d->core, d->start, d->width);
}

int sim_run(struct sim_runner *r, const struct sim_model *m, const struct sim_stream *s,
            const struct sim_path_ops *ops, void *ctx, struct sim_result *res, struct rg_errbuf *eb)
{
        memset(res, 0, sizeof(*res));
        res->trace_hash = SIM_TRACE_SEED;
        if (r->cap < s->n) {
                void *p = realloc(r->dec, (size_t)s->n * sizeof(*r->dec));
                if (p == NULL) {
                        res->status = rg_fail(eb, RG_NOMEM, "out of memory for %u requests", s->n);
                        return res->status;
                }
                r->dec = p;
                r->cap = s->n;
        }
        sim_spectrum_clear(&r->net);
        const uint32_t n_events = 2 * s->n;
        int rc = RG_OK;
        uint32_t failed_id = 0;
        for (uint32_t e = 0; e < n_events; e++) {
                /* a look at the cancel flag every 65536 events (a few ms):
                 * a predictable branch, nothing measurable */
                if ((e & 0xffffu) == 0 && r->cancel && *r->cancel) {
                        rc = rg_fail(eb, RG_INTERNAL, "%s: interrupted", ops->name);
                        break;
                }
                const uint32_t ev = s->events[e];
                const uint32_t i = ev >> 1;
                const struct sim_request *req = &s->req[i];
                struct sim_decision *d = &r->dec[i];
                if (ev & SIM_EVENT_RELEASE) {
                        if (!d->admitted)
                                continue;
                        if (ops->release)
                                rc = ops->release(ctx, &r->net, m, req, i + 1, d, eb);
                        else if (sim_release_decision(&r->net, m, req, d) != RG_OK)
                                rc = rg_fail(eb, RG_INVARIANT,
                                             "%s: release of request %u found its slots not held",
                                             ops->name, i + 1);
                        if (rc != RG_OK) {
                                failed_id = i + 1;
                                break;
                        }
                        continue;
                }
                *d = (struct sim_decision){0};
                rc = ops->arrival(ctx, &r->net, m, req, i + 1, d, eb);
                if (rc != RG_OK) {
                        failed_id = i + 1;
                        rg_fail(eb, rc, "%s: failed at request %u", ops->name, i + 1);
                        break;
                }
                const double gbps = m->mods.cls[req->cls].gbps;
                res->requests++;
                res->requested_gbps += gbps;
                const struct sim_pair_paths *pp =
                    d->admitted ? sim_model_pair(m, req->src, req->dst) : NULL;
                if (d->admitted && pp == NULL) {
                        failed_id = i + 1;
                        rc = rg_fail(eb, RG_NOMEM, "%s: request %u: out of memory for its routes",
                                     ops->name, i + 1);
                        break;
                }
                if (d->admitted &&
                    ((uint8_t)d->path_index >= pp->count || (uint8_t)d->mod >= m->mods.n_mods ||
                     d->core < 0 || d->core >= m->par.cores)) {
                        failed_id = i + 1;
                        rc = rg_fail(eb, RG_INVARIANT,
                                     "%s: request %u admitted on a path, format or core that "
                                     "does not exist",
                                     ops->name, i + 1);
                        break;
                }
                if (d->admitted) {
                        const struct sim_path *p = &pp->path[d->path_index];
                        res->admitted++;
                        res->hops_sum += (uint64_t)p->hops;
                        res->km_sum += p->km;
                        res->mod_count[d->mod]++;
                        res->path_index[d->path_index]++;
                        res->core_usage[d->core]++;
                } else {
                        res->blocked++;
                        res->blocked_gbps += gbps;
                        res->blocked_by[d->reason < SIM_BLOCK_COUNT ? d->reason : 0]++;
                }
                res->trace_hash = sim_trace_step(res->trace_hash, i + 1, d);
        }
        if (rc == RG_OK && !sim_spectrum_empty(&r->net))
                rc = rg_fail(eb, RG_INVARIANT,
                             "%s: %llu slots still occupied after the last release", ops->name,
                             (unsigned long long)sim_spectrum_used(&r->net));
        if (rc == RG_OK)
                rc = sim_result_check(res, m->mods.n_mods, m->par.k_paths, m->par.cores, eb);
        res->status = rc;
        res->fail_request = failed_id;
        return rc;
}
