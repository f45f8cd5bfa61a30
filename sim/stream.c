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
                        return rg_fail(eb, RG_RANGE,
                                       "request_distribution: probability %g out of range",
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

/*
 * Departures waiting to be merged into the event order, in a 4-ary min-heap
 * keyed (time, id).  The key sits in the heap itself (comparing through the
 * request array would touch a random cache line per comparison), and the
 * array is offset so that every node's four children share one 64-byte
 * line: a pop costs about log4(n) dependent steps instead of log2(n).
 */
struct dep {
        double t;
        uint32_t i;
        uint32_t pad_;
};

struct dep_heap {
        struct dep *a; /* a[0] is the root; children of p: 4p+1 .. 4p+4 */
        int n;
};

/* Bitwise, not short-circuit, so the compiler can select without a branch:
 * heap comparisons are coin flips that a predictor cannot learn. */
static inline bool dep_before(struct dep x, struct dep y)
{
        return (x.t < y.t) | ((x.t == y.t) & (x.i < y.i));
}

static void dep_push(struct dep_heap *h, struct dep v)
{
        int i = h->n++;
        while (i > 0) {
                int p = (i - 1) >> 2;
                if (!dep_before(v, h->a[p]))
                        break;
                h->a[i] = h->a[p];
                i = p;
        }
        h->a[i] = v;
}

static uint32_t dep_pop(struct dep_heap *h)
{
        uint32_t top = h->a[0].i;
        struct dep last = h->a[--h->n];
        const int n = h->n;
        int i = 0;
        for (;;) {
                int c = 4 * i + 1;
                if (c >= n)
                        break;
                int best = c;
                if (c + 3 < n) {
                        /* a full node: a tournament of selects */
                        int l = c + dep_before(h->a[c + 1], h->a[c]);
                        int r = c + 2 + dep_before(h->a[c + 3], h->a[c + 2]);
                        best = dep_before(h->a[r], h->a[l]) ? r : l;
                } else {
                        for (int j = c + 1; j < n; j++)
                                best = dep_before(h->a[j], h->a[best]) ? j : best;
                }
                if (!dep_before(h->a[best], last))
                        break;
                h->a[i] = h->a[best];
                i = best;
        }
        if (n > 0)
                h->a[i] = last;
        return top;
}

void sim_stream_init(struct sim_stream *s)
{
        memset(s, 0, sizeof(*s));
}

void sim_stream_finish(struct sim_stream *s)
{
        if (s == NULL)
                return;
        free(s->req);
        free(s->events);
        free(s->scratch);
        sim_stream_init(s);
}

int sim_stream_generate(struct sim_stream *s, const struct sim_traffic *tr, uint32_t seed,
                        struct rg_errbuf *eb)
{
        s->n = 0;
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
        if (s->cap < n) {
                /* grow all three together; on failure the old buffers stay */
                void *req = realloc(s->req, (size_t)n * sizeof(*s->req));
                if (req)
                        s->req = req;
                void *events = realloc(s->events, (size_t)n * 2 * sizeof(uint32_t));
                if (events)
                        s->events = events;
                /* one spare line so the heap can start 48 bytes into it */
                free(s->scratch);
                void *scratch = NULL;
                if (posix_memalign(&scratch, 64, ((size_t)n + 4) * sizeof(struct dep)) != 0)
                        scratch = NULL;
                if (scratch)
                        s->scratch = scratch;
                if (!req || !events || !scratch)
                        return rg_fail(eb, RG_NOMEM, "out of memory for %u requests", n);
                s->cap = n;
        }
        struct dep_heap heap = {.a = (struct dep *)s->scratch + 3, .n = 0};

        struct sim_rng rng;
        sim_rng_init(&rng, seed);
        /* FUSION draws exponentials as (-1.0 / scale) * log(U), with scale =
         * the arrival rate and 1 / holding_time; written the same way here so
         * that the doubles agree to the last bit. */
        const double rate = tr->erlang / tr->holding_time;
        const double depart_scale = -1.0 / (1.0 / tr->holding_time);
        const double nodes = (double)tr->n_nodes;
        const double classes = (double)tr->n_classes;
        double t = 0;
        size_t ev = 0;
        for (uint32_t i = 0; i < n; i++) {
                if ((i & 0xffffu) == 0 && s->cancel && *s->cancel) {
                        rc = rg_fail(eb, RG_INTERNAL, "interrupted");
                        goto out;
                }
                struct sim_request *r = &s->req[i];
                double arrive = t + (-1.0 / rate) * log(sim_rng_uniform(&rng));
                t = arrive;
                double depart = arrive + depart_scale * log(sim_rng_uniform(&rng));
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
                while (heap.n > 0 && heap.a[0].t <= arrive)
                        s->events[ev++] = dep_pop(&heap) << 1 | SIM_EVENT_RELEASE;
                s->events[ev++] = i << 1;
                dep_push(&heap, (struct dep){.t = depart, .i = i});
        }
        while (heap.n > 0)
                s->events[ev++] = dep_pop(&heap) << 1 | SIM_EVENT_RELEASE;
        s->n = n;
out:
        return rc;
}
