#include "stream.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

void sim_source_init(struct sim_source *s)
{
        memset(s, 0, sizeof(*s));
}

void sim_source_finish(struct sim_source *s)
{
        if (s == NULL)
                return;
        free(s->buf);
        s->buf = NULL;
        s->req = NULL;
        s->n = 0;
}

int sim_source_start(struct sim_source *s, const struct sim_traffic *tr, uint32_t seed,
                     struct rg_errbuf *eb)
{
        s->n = 0;
        s->first = 0;
        s->made = s->total = 0;
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
        int rc = sim_traffic_quotas(tr, s->quota, eb);
        if (rc != RG_OK)
                return rc;
        if (s->buf == NULL) {
                s->buf = malloc(SIM_CHUNK * sizeof(*s->buf));
                if (s->buf == NULL)
                        return rg_fail(eb, RG_NOMEM, "out of memory for the request stream");
        }
        s->req = s->buf;
        s->seed = seed;
        s->total = tr->requests;
        sim_rng_init(&s->rng, seed);
        /* FUSION draws exponentials as (-1.0 / scale) * log(U), with scale =
         * the arrival rate and 1 / holding_time; written the same way here so
         * that the doubles agree to the last bit. */
        s->rate = tr->erlang / tr->holding_time;
        s->depart_scale = -1.0 / (1.0 / tr->holding_time);
        s->nodes = (double)tr->n_nodes;
        s->classes = (double)tr->n_classes;
        s->t = 0;
        return RG_OK;
}

int sim_source_next(struct sim_source *s, struct rg_errbuf *eb)
{
        s->first += s->n;
        s->n = 0;
        if (s->made >= s->total)
                return RG_OK;
        if (s->cancel && *s->cancel) {
                s->total = s->made;
                return rg_fail(eb, RG_INTERNAL, "interrupted");
        }
        uint32_t n = s->total - s->made < SIM_CHUNK ? s->total - s->made : SIM_CHUNK;
        struct sim_rng *rng = &s->rng;
        const double arrive_scale = -1.0 / s->rate, depart_scale = s->depart_scale;
        const double nodes = s->nodes, classes = s->classes;
        double t = s->t;
        for (uint32_t i = 0; i < n; i++) {
                double arrive = t + arrive_scale * log(sim_rng_uniform(rng));
                t = arrive;
                double depart = arrive + depart_scale * log(sim_rng_uniform(rng));
                if (!isfinite(depart)) {
                        /* a uniform of exactly 0: Python's math.log raises here */
                        s->total = s->made;
                        return rg_fail(eb, RG_RANGE, "seed %u: request %u drew a zero uniform",
                                       s->seed, s->made + i + 1);
                }
                int src = (int)(sim_rng_uniform(rng) * nodes);
                int dst = (int)(sim_rng_uniform(rng) * nodes);
                while (dst == src)
                        dst = (int)(sim_rng_uniform(rng) * nodes);
                int c;
                do
                        c = (int)(sim_rng_uniform(rng) * classes);
                while (s->quota[c] == 0);
                s->quota[c]--;
                s->buf[i] = (struct sim_request){.arrive = arrive,
                                                 .depart = depart,
                                                 .src = (uint16_t)src,
                                                 .dst = (uint16_t)dst,
                                                 .cls = (uint8_t)c};
        }
        s->t = t;
        s->made += n;
        s->n = n;
        return RG_OK;
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
        sim_stream_init(s);
}

int sim_stream_generate(struct sim_stream *s, const struct sim_traffic *tr, uint32_t seed,
                        struct rg_errbuf *eb)
{
        s->n = 0;
        struct sim_source src;
        sim_source_init(&src);
        src.cancel = s->cancel;
        int rc = sim_source_start(&src, tr, seed, eb);
        if (rc == RG_OK && s->cap < tr->requests) {
                void *req = realloc(s->req, (size_t)tr->requests * sizeof(*s->req));
                if (req == NULL)
                        rc = rg_fail(eb, RG_NOMEM, "out of memory for %u requests", tr->requests);
                else {
                        s->req = req;
                        s->cap = tr->requests;
                }
        }
        uint32_t n = 0;
        while (rc == RG_OK && (rc = sim_source_next(&src, eb)) == RG_OK && src.n > 0) {
                memcpy(s->req + n, src.req, (size_t)src.n * sizeof(*s->req));
                n += src.n;
        }
        sim_source_finish(&src);
        if (rc == RG_OK)
                s->n = n;
        return rc;
}
