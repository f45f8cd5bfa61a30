/*
 * The request stream of one (load, seed): FUSION's draw sequence reproduced
 * exactly, then every arrival and release put in event order.  Generated once
 * and consumed read-only by both paths, so the two see the very same input.
 *
 * Draw order per request id 1..N (U = one genrand_res53 uniform):
 *   arrive = t + (-1/lambda) log U;  t = arrive
 *   depart = arrive + (-1 / (1 / holding_time)) log U
 *   src = nodes[(int)(U n)], dst = nodes[(int)(U n)] redrawn while == src
 *   class = classes[(int)(U n_classes)] redrawn while its quota is spent
 * with quota[c] = (int)(p_c N), which must add up to N exactly.
 *
 * Events are ordered by time with ties kept in insertion order (arrival_1,
 * release_1, arrival_2, ...), the stable sort FUSION applies.
 *
 * Ownership: caller memory, sim_stream_init before first use; generate
 * (re)allocates its buffers and reuses them on the next call, so a job
 * generating stream after stream does not fault in fresh pages each time;
 * sim_stream_finish frees.  A generated stream is immutable and may be shared
 * read-only between threads.
 */
#ifndef SIM_STREAM_H
#define SIM_STREAM_H

#include <signal.h>
#include <stdint.h>

#include "../common/error.h"
#include "modtable.h"

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

#define SIM_EVENT_RELEASE 1u

struct sim_stream {
        uint32_t n;
        struct sim_request *req; /* [n], request id = index + 1 */
        uint32_t *events;        /* [2n]: index << 1 | SIM_EVENT_RELEASE for a release */
        uint32_t cap;            /* requests the buffers hold */
        void *scratch;           /* the departure heap, kept for reuse */
        /* set by the caller: generation stops with RG_INTERNAL
         * "interrupted" soon after it becomes non-zero; NULL: never */
        const volatile sig_atomic_t *cancel;
};

/* quota[c] = (int)(prob[c] * requests); RG_RANGE naming the sum unless the
 * quotas add up to `requests`. */
int sim_traffic_quotas(const struct sim_traffic *tr, uint32_t *quota, struct rg_errbuf *eb);

void sim_stream_init(struct sim_stream *s);

/* Generates into `s` (initialised); s->n is 0 after a failure. */
int sim_stream_generate(struct sim_stream *s, const struct sim_traffic *tr, uint32_t seed,
                        struct rg_errbuf *eb);
void sim_stream_finish(struct sim_stream *s);

#endif
