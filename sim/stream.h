/*
 * The request stream of one (load, seed): FUSION's draw sequence reproduced
 * exactly, generated chunk by chunk so that memory does not grow with the
 * number of requests.  Both paths of a pair consume the very same chunks.
 *
 * Draw order per request id 1..N (U = one genrand_res53 uniform):
 *   arrive = t + (-1/lambda) log U;  t = arrive
 *   depart = arrive + (-1 / (1 / holding_time)) log U
 *   src = nodes[(int)(U n)], dst = nodes[(int)(U n)] redrawn while == src
 *   class = classes[(int)(U n_classes)] redrawn while its quota is spent
 * with quota[c] = (int)(p_c N), which must add up to N exactly.
 *
 * A stream is arrivals only, in id order (arrival times never decrease).
 * The departures are the engine's business: it queues the admitted ones and
 * releases them in (time, id) order before the first arrival at or after
 * their time -- the event order of FUSION's stable sort of arrivals and
 * departures by time (arrival_1, release_1, arrival_2, ...).
 *
 * Two forms:
 *  - struct sim_source, the generator: start, then next() fills the next
 *    chunk of at most SIM_CHUNK requests until it returns an empty one.
 *    O(SIM_CHUNK) memory, whatever the number of requests.
 *  - struct sim_stream, a whole stream materialised (tools and tests that
 *    look at request i: trace, the diagnosis, unit tests).
 * Both are caller memory (init before first use, finish frees); buffers are
 * reused by the next start/generate.  Neither is shared between threads.
 */
#ifndef SIM_STREAM_H
#define SIM_STREAM_H

#include <signal.h>
#include <stdint.h>

#include "../common/error.h"
#include "modtable.h"
#include "rng.h"

#define SIM_CHUNK 4096u

struct sim_traffic {
        double erlang;       /* offered load */
        double holding_time; /* mean holding time; lambda = erlang / holding_time */
        uint32_t requests;
        int n_nodes;
        int n_classes;
        double prob[SIM_MAX_CLASSES]; /* request_distribution, modtable class order */
};

struct sim_request {
        double arrive, depart;
        uint16_t src, dst;
        uint8_t cls;
};

struct sim_source {
        /* the current chunk: requests first + 1 .. first + n (ids) */
        const struct sim_request *req;
        uint32_t first, n;
        /* set by the caller: next() fails with RG_INTERNAL "interrupted" when
         * it becomes non-zero; NULL: never */
        const volatile sig_atomic_t *cancel;

        /* generator state (private) */
        struct sim_request *buf; /* [SIM_CHUNK] */
        struct sim_rng rng;
        uint32_t seed, made, total;
        double t, rate, depart_scale, nodes, classes;
        uint32_t quota[SIM_MAX_CLASSES];
};

/* quota[c] = (int)(prob[c] * requests); RG_RANGE naming the sum unless the
 * quotas add up to `requests`. */
int sim_traffic_quotas(const struct sim_traffic *tr, uint32_t *quota, struct rg_errbuf *eb);

void sim_source_init(struct sim_source *s);
/* Checks the traffic and seeds the generator; the first chunk comes from
 * the first next().  RG_RANGE naming the setting, RG_NOMEM. */
int sim_source_start(struct sim_source *s, const struct sim_traffic *tr, uint32_t seed,
                     struct rg_errbuf *eb);
/* The next chunk into s->req / s->n (0: the stream is over).  RG_RANGE
 * naming the request at a zero uniform (where Python's log raises), or
 * "interrupted"; the stream is over after a failure. */
int sim_source_next(struct sim_source *s, struct rg_errbuf *eb);
void sim_source_finish(struct sim_source *s);

struct sim_stream {
        uint32_t n;
        struct sim_request *req; /* [n], request id = index + 1 */
        uint32_t cap;            /* requests the buffer holds */
        /* as sim_source.cancel */
        const volatile sig_atomic_t *cancel;
};

void sim_stream_init(struct sim_stream *s);
/* Generates the whole stream into `s` (initialised); s->n is 0 after a
 * failure. */
int sim_stream_generate(struct sim_stream *s, const struct sim_traffic *tr, uint32_t seed,
                        struct rg_errbuf *eb);
void sim_stream_finish(struct sim_stream *s);

#endif
