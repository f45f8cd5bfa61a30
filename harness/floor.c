/* GSL's inline gsl_rng_get, as its manual recommends for speed */
#define HAVE_INLINE 1

#include "floor.h"

#include <gsl/gsl_rng.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CLASSES 16
#define MAX_FORMATS 16
#define MAX_WORDS 64

struct route {
        int hops;
        int first_link; /* into floor.link */
        double km;
};

struct departure {
        double t;
        uint32_t id;
        uint32_t route; /* index into floor.route */
        int16_t core, start, width;
};

struct harness_floor {
        int nodes, links, k, cores, slots, words, guard;
        bool single_mod;
        double holding;
        int classes;
        double prob[MAX_CLASSES];
        int formats[MAX_CLASSES];               /* per class, by ascending reach */
        int need[MAX_CLASSES][MAX_FORMATS];     /* slots needed */
        double reach[MAX_CLASSES][MAX_FORMATS]; /* km */
        int *n_routes;                          /* [src * nodes + dst] */
        struct route *route;                    /* [(src * nodes + dst) * k + i] */
        int *link;                              /* the routes' links, in path order */
        uint8_t *first; /* [route * classes + c]: first format reaching, or formats[c] */
        uint64_t *used; /* [(link * cores + core) * words + w], bit set = slot taken */
        uint64_t band[MAX_WORDS];
        struct departure *heap;
        size_t heap_n, heap_cap;
        gsl_rng *rng;
};

void harness_floor_destroy(struct harness_floor *f)
{
        if (f == NULL)
                return;
        free(f->n_routes);
        free(f->route);
        free(f->link);
        free(f->first);
        free(f->used);
        free(f->heap);
        if (f->rng)
                gsl_rng_free(f->rng);
        free(f);
}

/*
 * The only place that reads rollgate's model and traffic template: the
 * topology's size, every pair's routes with their links and km, the
 * modulation table and the spectrum parameters, copied into flat arrays.
 */
static int copy_model(struct harness_floor *f, const struct sim_model *m,
                      const struct sim_traffic *tr, struct rg_errbuf *eb)
{
        f->nodes = m->topo->n_nodes;
        f->links = m->topo->n_links;
        f->k = m->par.k_paths;
        f->cores = m->par.cores;
        f->slots = m->par.slots;
        f->guard = m->par.guard;
        f->single_mod = m->par.single_mod;
        f->holding = tr->holding_time;
        f->classes = m->mods.n_classes;
        if (m->par.fit != SIM_FIT_FIRST)
                return rg_fail(eb, RG_UNSUPPORTED, "the floor loop does first_fit only, not %s",
                               sim_fit_name(m->par.fit));
        if (f->k < 1 || f->k > HARNESS_FLOOR_MAX_K || f->classes > MAX_CLASSES ||
            tr->n_classes != f->classes || f->slots > MAX_WORDS * 64)
                return rg_fail(eb, RG_RANGE,
                               "the floor loop takes k 1..%d, up to %d classes and %d slots",
                               HARNESS_FLOOR_MAX_K, MAX_CLASSES, MAX_WORDS * 64);
        for (int c = 0; c < f->classes; c++) {
                const struct sim_bw_class *cls = &m->mods.cls[c];
                if (cls->n_mods > MAX_FORMATS)
                        return rg_fail(eb, RG_RANGE, "the floor loop takes up to %d formats",
                                       MAX_FORMATS);
                f->prob[c] = tr->prob[c];
                f->formats[c] = cls->n_mods;
                for (int i = 0; i < cls->n_mods; i++) {
                        f->need[c][i] = cls->slots[i];
                        f->reach[c][i] = cls->max_km[i];
                }
        }
        size_t pairs = (size_t)f->nodes * (size_t)f->nodes;
        f->n_routes = calloc(pairs, sizeof(*f->n_routes));
        f->route = calloc(pairs * (size_t)f->k, sizeof(*f->route));
        size_t n_link = 0;
        for (int s = 0; s < f->nodes; s++) {
                for (int d = 0; d < f->nodes; d++) {
                        const struct sim_pair_paths *pp = s == d ? NULL : sim_model_pair(m, s, d);
                        if (s != d && pp == NULL)
                                return rg_fail(eb, RG_NOMEM, "out of memory for the routes");
                        for (int i = 0; pp && i < pp->count; i++)
                                n_link += (size_t)pp->path[i].hops;
                }
        }
        f->link = malloc((n_link ? n_link : 1) * sizeof(*f->link));
        if (f->n_routes == NULL || f->route == NULL || f->link == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory for the floor loop's routes");
        n_link = 0;
        for (int s = 0; s < f->nodes; s++) {
                for (int d = 0; d < f->nodes; d++) {
                        size_t pair = (size_t)s * (size_t)f->nodes + (size_t)d;
                        const struct sim_pair_paths *pp = s == d ? NULL : sim_model_pair(m, s, d);
                        f->n_routes[pair] = pp ? pp->count : 0;
                        for (int i = 0; i < f->n_routes[pair]; i++) {
                                const struct sim_path *p = &pp->path[i];
                                struct route *r = &f->route[pair * (size_t)f->k + (size_t)i];
                                r->hops = p->hops;
                                r->km = p->km;
                                r->first_link = (int)n_link;
                                for (int h = 0; h < p->hops; h++)
                                        f->link[n_link++] = p->links[h];
                        }
                }
        }
        return RG_OK;
}

int harness_floor_create(const struct sim_model *m, const struct sim_traffic *tr,
                         struct harness_floor **out, struct rg_errbuf *eb)
{
        *out = NULL;
        struct harness_floor *f = calloc(1, sizeof(*f));
        if (f == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory for the floor loop");
        int rc = copy_model(f, m, tr, eb);
        if (rc != RG_OK)
                goto out;
        /* per route and class, the first format that reaches (formats are
         * sorted by ascending reach, so all after it reach too) */
        size_t n_route = (size_t)f->nodes * (size_t)f->nodes * (size_t)f->k;
        f->first = malloc(n_route * (size_t)f->classes);
        f->words = (f->slots + 63) / 64;
        f->used = malloc((size_t)f->links * (size_t)f->cores * (size_t)f->words * sizeof(uint64_t));
        f->heap_cap = 1024;
        f->heap = malloc(f->heap_cap * sizeof(*f->heap));
        f->rng = gsl_rng_alloc(gsl_rng_mt19937);
        if (f->first == NULL || f->used == NULL || f->heap == NULL || f->rng == NULL) {
                rc = rg_fail(eb, RG_NOMEM, "out of memory for the floor loop");
                goto out;
        }
        for (size_t r = 0; r < n_route; r++) {
                for (int c = 0; c < f->classes; c++) {
                        int i = 0;
                        while (i < f->formats[c] && f->reach[c][i] < f->route[r].km)
                                i++;
                        f->first[r * (size_t)f->classes + (size_t)c] = (uint8_t)i;
                }
        }
        for (int w = 0; w < f->words; w++) {
                int bits = f->slots - 64 * w;
                f->band[w] = bits >= 64 ? ~0ull : (1ull << bits) - 1;
        }
        *out = f;
        f = NULL;
out:
        harness_floor_destroy(f);
        return rc;
}

/* numpy's random_sample: genrand_res53 from two 32-bit outputs, drawn in
 * this order (two statements: the order of calls within one is unspecified) */
static inline double uniform(const gsl_rng *rng)
{
        unsigned long a = gsl_rng_get(rng) >> 5;
        unsigned long b = gsl_rng_get(rng) >> 6;
        return ((double)a * 67108864.0 + (double)b) / 9007199254740992.0;
}

static inline bool earlier(const struct departure *x, const struct departure *y)
{
        return x->t < y->t || (x->t == y->t && x->id < y->id);
}

static bool heap_push(struct harness_floor *f, struct departure d)
{
        if (f->heap_n == f->heap_cap) {
                struct departure *h = realloc(f->heap, 2 * f->heap_cap * sizeof(*h));
                if (h == NULL)
                        return false;
                f->heap = h;
                f->heap_cap *= 2;
        }
        size_t i = f->heap_n++;
        while (i > 0 && earlier(&d, &f->heap[(i - 1) / 2])) {
                f->heap[i] = f->heap[(i - 1) / 2];
                i = (i - 1) / 2;
        }
        f->heap[i] = d;
        return true;
}

static struct departure heap_pop(struct harness_floor *f)
{
        struct departure top = f->heap[0];
        struct departure last = f->heap[--f->heap_n];
        size_t n = f->heap_n, i = 0;
        for (;;) {
                size_t c = 2 * i + 1;
                if (c >= n)
                        break;
                if (c + 1 < n && earlier(&f->heap[c + 1], &f->heap[c]))
                        c++;
                if (!earlier(&f->heap[c], &last))
                        break;
                f->heap[i] = f->heap[c];
                i = c;
        }
        if (n > 0)
                f->heap[i] = last;
        return top;
}

static inline uint64_t *row(const struct harness_floor *f, int link, int core)
{
        return f->used + ((size_t)link * (size_t)f->cores + (size_t)core) * (size_t)f->words;
}

/* Index of the first set bit (clear bit, with invert) at or after `from`;
 * words * 64 if none. */
static inline int next_set(const uint64_t *m, int words, int from, bool invert)
{
        int w = from >> 6;
        if (w >= words)
                return words * 64;
        uint64_t x = (invert ? ~m[w] : m[w]) & (~0ull << (from & 63));
        while (x == 0) {
                if (++w == words)
                        return words * 64;
                x = invert ? ~m[w] : m[w];
        }
        return w * 64 + __builtin_ctzll(x);
}

/* The lowest start of `width` free slots on the route, lowest core first. */
static bool first_fit(const struct harness_floor *f, const struct route *r, int width, int *core,
                      int *start)
{
        const int *links = f->link + r->first_link;
        for (int c = 0; c < f->cores; c++) {
                uint64_t free_slots[MAX_WORDS];
                for (int w = 0; w < f->words; w++)
                        free_slots[w] = f->band[w];
                for (int h = 0; h < r->hops; h++) {
                        const uint64_t *u = row(f, links[h], c);
                        for (int w = 0; w < f->words; w++)
                                free_slots[w] &= ~u[w];
                }
                /* walk the free runs: from a free slot to the next taken one */
                int s = next_set(free_slots, f->words, 0, false);
                while (s + width <= f->slots) {
                        int e = next_set(free_slots, f->words, s, true);
                        if (e - s >= width) {
                                *core = c;
                                *start = s;
                                return true;
                        }
                        s = next_set(free_slots, f->words, e, false);
                }
        }
        return false;
}

/* Sets (take) or clears the slots [start, start + width) on every link. */
static void mark(struct harness_floor *f, const struct route *r, int core, int start, int width,
                 bool take)
{
        const int *links = f->link + r->first_link;
        for (int h = 0; h < r->hops; h++) {
                uint64_t *u = row(f, links[h], core);
                for (int b = start; b < start + width;) {
                        int bit = b & 63, n = 64 - bit;
                        if (n > start + width - b)
                                n = start + width - b;
                        uint64_t m = (n == 64 ? ~0ull : (1ull << n) - 1) << bit;
                        if (take)
                                u[b >> 6] |= m;
                        else
                                u[b >> 6] &= ~m;
                        b += n;
                }
        }
}

/* The legacy path's decision; fills d's route and slots when it admits. */
static bool place(struct harness_floor *f, int src, int dst, int cls, bool *reachable,
                  struct departure *d)
{
        size_t pair = (size_t)src * (size_t)f->nodes + (size_t)dst;
        for (int i = 0; i < f->n_routes[pair]; i++) {
                size_t ri = pair * (size_t)f->k + (size_t)i;
                const struct route *r = &f->route[ri];
                int failed = INT_MAX;
                int fmt = f->first[ri * (size_t)f->classes + (size_t)cls];
                if (fmt < f->formats[cls])
                        *reachable = true;
                for (; fmt < f->formats[cls]; fmt++) {
                        if (f->need[cls][fmt] >= failed)
                                continue;
                        int width = f->need[cls][fmt] + f->guard, core, start;
                        if (first_fit(f, r, width, &core, &start)) {
                                mark(f, r, core, start, width, true);
                                d->route = (uint32_t)ri;
                                d->core = (int16_t)core;
                                d->start = (int16_t)start;
                                d->width = (int16_t)width;
                                return true;
                        }
                        failed = f->need[cls][fmt];
                        if (f->single_mod)
                                break;
                }
        }
        return false;
}

static void release(struct harness_floor *f, const struct departure *d)
{
        mark(f, &f->route[d->route], d->core, d->start, d->width, false);
}

int harness_floor_run(struct harness_floor *f, double erlang, uint32_t requests, uint32_t seed,
                      struct harness_floor_result *res, struct rg_errbuf *eb)
{
        memset(res, 0, sizeof(*res));
        if (seed == 0)
                return rg_fail(eb, RG_RANGE,
                               "the floor loop cannot take seed 0: GSL's MT19937 seeds 0 as "
                               "4357, numpy as 0");
        uint32_t quota[MAX_CLASSES];
        uint64_t sum = 0;
        for (int c = 0; c < f->classes; c++) {
                quota[c] = (uint32_t)(f->prob[c] * (double)requests);
                sum += quota[c];
        }
        if (sum != requests)
                return rg_fail(eb, RG_RANGE, "floor loop: quotas add up to %llu, not %u",
                               (unsigned long long)sum, requests);
        memset(f->used, 0,
               (size_t)f->links * (size_t)f->cores * (size_t)f->words * sizeof(uint64_t));
        f->heap_n = 0;
        gsl_rng_set(f->rng, seed);
        /* FUSION's expressions, written the same way so the doubles agree */
        const double rate = erlang / f->holding;
        const double depart_scale = -1.0 / (1.0 / f->holding);
        double t = 0;
        for (uint32_t id = 0; id < requests; id++) {
                double arrive = t + (-1.0 / rate) * log(uniform(f->rng));
                t = arrive;
                double depart = arrive + depart_scale * log(uniform(f->rng));
                if (!isfinite(depart))
                        return rg_fail(eb, RG_RANGE, "floor loop: request %u drew a zero uniform",
                                       id + 1);
                int src = (int)(uniform(f->rng) * f->nodes);
                int dst = (int)(uniform(f->rng) * f->nodes);
                while (dst == src)
                        dst = (int)(uniform(f->rng) * f->nodes);
                int cls;
                do
                        cls = (int)(uniform(f->rng) * f->classes);
                while (quota[cls] == 0);
                quota[cls]--;
                /* departures due at or before this arrival go first */
                while (f->heap_n > 0 && f->heap[0].t <= arrive) {
                        struct departure d = heap_pop(f);
                        release(f, &d);
                }
                bool reachable = false;
                struct departure d = {.t = depart, .id = id};
                if (place(f, src, dst, cls, &reachable, &d)) {
                        res->admitted_on[d.route % (uint32_t)f->k]++;
                        if (!heap_push(f, d))
                                return rg_fail(eb, RG_NOMEM, "out of memory for departures");
                } else {
                        res->blocked++;
                        res->blocked_distance += !reachable;
                        res->blocked_ids += harness_floor_id_mix(id + 1);
                }
        }
        res->requests = requests;
        while (f->heap_n > 0) {
                struct departure d = heap_pop(f);
                release(f, &d);
        }
        size_t n = (size_t)f->links * (size_t)f->cores * (size_t)f->words;
        for (size_t i = 0; i < n; i++)
                if (f->used[i])
                        return rg_fail(eb, RG_INTERNAL, "floor loop: slots still taken at the end");
        return RG_OK;
}
