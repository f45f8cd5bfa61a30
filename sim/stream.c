#include "stream.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"

int sim_traffic_quotas(const struct sim_traffic *tr, uint32_t *quota, struct rg_errbuf *eb)
{
        uint64_t sum = 0;
        for (int c = 0; c < tr->n_classes; c++) {
                double q = tr->prob[c] * (double)tr->requests;
                if (!(tr->prob[c] >= 0) || !(q < 4294967296.0))
                        return rg_fail(eb, RG_RANGE, "request_distribution: probability %g out of range",
                                       tr->prob[c]);
                quota[c] = (uint32_t)q; /* truncation, as Python's int() */
                sum += quota[c];
        }
        if (sum != tr->requests)
                return rg_fail(eb, RG_RANGE,
                               "request_distribution: quotas (int)(p * %u) add up to %llu, not %u; "
                               "choose probabilities and num_requests that divide exactly",
                               tr->requests, (unsigned long long)sum, tr->requests);
        return RG_OK;
}

/* Departures waiting to be merged into the event order, keyed (time, id). */
struct dep_heap {
        uint32_t *idx;
        int n;
};

static bool dep_before(const struct sim_request *r, uint32_t a, uint32_t b)
{
        return r[a].depart < r[b].depart || (r[a].depart == r[b].depart && a < b);
}

static void dep_push(struct dep_heap *h, const struct sim_request *r, uint32_t v)
{
        int i = h->n++;
        while (i > 0) {
                int p = (i - 1) / 2;
                if (!dep_before(r, v, h->idx[p]))
                        break;
                h->idx[i] = h->idx[p];
                i = p;
        }
        h->idx[i] = v;
}

static uint32_t dep_pop(struct dep_heap *h, const struct sim_request *r)
{
        uint32_t top = h->idx[0], last = h->idx[--h->n];
        int i = 0;
        for (;;) {
                int c = 2 * i + 1;
                if (c >= h->n)
                        break;
                if (c + 1 < h->n && dep_before(r, h->idx[c + 1], h->idx[c]))
                        c++;
                if (!dep_before(r, h->idx[c], last))
                        break;
                h->idx[i] = h->idx[c];
                i = c;
        }
        if (h->n > 0)
                h->idx[i] = last;
        return top;
}

void sim_stream_finish(struct sim_stream *s)
{
        if (s == NULL)
                return;
        free(s->req);
        free(s->events);
        s->req = NULL;
        s->events = NULL;
        s->n = 0;
}

int sim_stream_generate(struct sim_stream *s, const struct sim_traffic *tr, uint32_t seed,
                        struct rg_errbuf *eb)
{
        memset(s, 0, sizeof(*s));
        if (tr->requests < 1)
                return rg_fail(eb, RG_RANGE, "num_requests must be at least 1");
        if (!(tr->erlang > 0) || !isfinite(tr->erlang))
                return rg_fail(eb, RG_RANGE, "erlang must be a positive number");
        if (!(tr->holding_time > 0) || !isfinite(tr->holding_time))
                return rg_fail(eb, RG_RANGE, "holding_time must be a positive number");
        if (tr->n_nodes < 2 || tr->n_nodes > 65535)
                return rg_fail(eb, RG_RANGE, "a stream needs 2..65535 nodes");
        if (tr->n_classes < 1 || tr->n_classes > SIM_MAX_CLASSES)
                return rg_fail(eb, RG_RANGE, "a stream needs 1..%d bandwidth classes",
                               SIM_MAX_CLASSES);
        uint32_t quota[SIM_MAX_CLASSES];
        int rc = sim_traffic_quotas(tr, quota, eb);
        if (rc != RG_OK)
                return rc;

        const uint32_t n = tr->requests;
        struct dep_heap heap = {0};
        s->n = n;
        s->req = malloc((size_t)n * sizeof(*s->req));
        s->events = malloc((size_t)n * 2 * sizeof(uint32_t));
        heap.idx = malloc((size_t)n * sizeof(uint32_t));
        if (!s->req || !s->events || !heap.idx) {
                rc = rg_fail(eb, RG_NOMEM, "out of memory for %u requests", n);
                goto out;
        }

        struct sim_rng rng;
        sim_rng_init(&rng, seed);
        const double rate = tr->erlang / tr->holding_time;
        const double nodes = (double)tr->n_nodes;
        const double classes = (double)tr->n_classes;
        double t = 0;
        size_t ev = 0;
        for (uint32_t i = 0; i < n; i++) {
                struct sim_request *r = &s->req[i];
                double arrive = t + (-1.0 / rate) * log(sim_rng_uniform(&rng));
                t = arrive;
                double depart = arrive + (-tr->holding_time) * log(sim_rng_uniform(&rng));
                if (!isfinite(depart)) {
                        /* a uniform of exactly 0: Python's math.log raises here */
                        rc = rg_fail(eb, RG_RANGE, "seed %u: request %u drew a zero uniform", seed,
                                     i + 1);
                        goto out;
                }
                int src = (int)(sim_rng_uniform(&rng) * nodes);
                int dst = (int)(sim_rng_uniform(&rng) * nodes);
                while (dst == src)
                        dst = (int)(sim_rng_uniform(&rng) * nodes);
                int c;
                do
                        c = (int)(sim_rng_uniform(&rng) * classes);
                while (quota[c] == 0);
                quota[c]--;
                *r = (struct sim_request){.arrive = arrive,
                                          .depart = depart,
                                          .src = (uint16_t)src,
                                          .dst = (uint16_t)dst,
                                          .cls = (uint8_t)c};

                /* Releases due before this arrival go first; a release at the
                 * same instant as a later arrival was inserted before it. */
                while (heap.n > 0 && s->req[heap.idx[0]].depart <= arrive)
                        s->events[ev++] = dep_pop(&heap, s->req) << 1 | SIM_EVENT_RELEASE;
                s->events[ev++] = i << 1;
                dep_push(&heap, s->req, i);
        }
        while (heap.n > 0)
                s->events[ev++] = dep_pop(&heap, s->req) << 1 | SIM_EVENT_RELEASE;
out:
        free(heap.idx);
        if (rc != RG_OK)
                sim_stream_finish(s);
        return rc;
}
