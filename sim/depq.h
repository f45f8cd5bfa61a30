/*
 * The departure queue: the admitted requests' departures, popped in (time,
 * id) order, as a radix heap on the time key.
 *
 * It relies on the queue being monotone: no departure pushed is earlier than
 * the last one popped.  The engine guarantees it (a request leaves at or
 * after it arrives, arrivals never go back, and a departure is popped only
 * once an arrival has reached it); a push that breaks it is refused.
 *
 * Bucket 0 holds the departures whose key equals `last`, the key of the last
 * pop; bucket b (1..64) those whose key first differs from `last` in bit
 * b - 1 counted from the top, i.e. 64 - clz(key ^ last) = b.  So every key
 * of bucket b is below every key of bucket b + 1, a push is an append, and a
 * pop with bucket 0 empty moves the lowest non-empty bucket down: `last`
 * becomes its smallest key and its departures spread into lower buckets.  A
 * departure moves down a few times in all, through short arrays in order,
 * instead of climbing and sinking through a heap of every active connection.
 * Ties on the time go by id (bucket 0 is scanned for the lowest; it rarely
 * holds more than one).
 *
 * A sim_depq is caller memory (init/finish), reused between runs (clear);
 * per runner, never shared.
 */
#ifndef SIM_DEPQ_H
#define SIM_DEPQ_H

#include <stdbool.h>
#include <stdint.h>

struct sim_path;

/*
 * An admitted request waiting for its departure: its time key and id, and
 * what the engine's release frees (the path resolved at admission, the core
 * and the slots), carried with it so that a release reads no other table;
 * `slot` is its record in the runner's table of active connections, kept
 * only for a path that tears down its own allocations.
 */
struct sim_departure {
        uint64_t t_key; /* sim_time_key(depart) */
        const struct sim_path *path;
        uint32_t id;
        uint32_t slot;
        int16_t core, start, width;
};

#define SIM_DEPQ_BUCKETS 65

struct sim_depq {
        uint32_t n;    /* departures queued */
        uint64_t last; /* key of the last pop (0 before the first) */
        uint64_t top;  /* the smallest key queued, when n > 0 */
        uint64_t mask; /* bit b - 1 set when bucket b (1..64) is not empty */
        /* the smallest key in bucket b (1..64), kept by every put: a bucket
         * loses departures only by spreading whole, so the minimum is exact
         * and no bucket is scanned for it */
        uint64_t low[SIM_DEPQ_BUCKETS];
        uint32_t len[SIM_DEPQ_BUCKETS], cap[SIM_DEPQ_BUCKETS];
        struct sim_departure *bucket[SIM_DEPQ_BUCKETS];
};

void sim_depq_init(struct sim_depq *q);
/* NULL allowed. */
void sim_depq_finish(struct sim_depq *q);
/* Empties the queue, keeping its memory. */
void sim_depq_clear(struct sim_depq *q);
/* Room for one more in bucket b; false when out of memory (nothing lost). */
bool sim_depq_grow(struct sim_depq *q, int b);

static inline int sim_depq_index(uint64_t last, uint64_t key)
{
        return key == last ? 0 : 64 - __builtin_clzll(key ^ last);
}

static inline bool sim_depq_put(struct sim_depq *q, int b, struct sim_departure d)
{
        if (q->len[b] == q->cap[b] && !sim_depq_grow(q, b))
                return false;
        q->bucket[b][q->len[b]++] = d;
        if (b > 0) {
                const uint64_t bit = 1ull << (b - 1);
                q->low[b] = (q->mask & bit) && q->low[b] <= d.t_key ? q->low[b] : d.t_key;
                q->mask |= bit;
        }
        return true;
}

/* Queues d; false when out of memory or when d is earlier than the last pop
 * (the queue is unchanged then). */
static inline bool sim_depq_push(struct sim_depq *q, struct sim_departure d)
{
        if (d.t_key < q->last || !sim_depq_put(q, sim_depq_index(q->last, d.t_key), d))
                return false;
        if (q->n++ == 0 || d.t_key < q->top)
                q->top = d.t_key;
        return true;
}

/* The smallest key of the lowest non-empty bucket above 0 (mask != 0). */
static inline uint64_t sim_depq_lowest_key(const struct sim_depq *q)
{
        return q->low[__builtin_ctzll(q->mask) + 1];
}

/*
 * Removes the earliest departure (n > 0) into *out.  False only when out of
 * memory while moving a bucket down; the queue has then lost departures and
 * must be cleared (the run fails).
 */
static inline bool sim_depq_pop(struct sim_depq *q, struct sim_departure *out)
{
        if (q->len[0] == 0) {
                /* `top` is the lowest bucket's smallest key: it becomes
                 * `last`, and that bucket spreads below it */
                const int b = __builtin_ctzll(q->mask) + 1;
                const struct sim_departure *a = q->bucket[b];
                const uint32_t n = q->len[b];
                q->last = q->top;
                q->len[b] = 0;
                q->mask &= ~(1ull << (b - 1));
                for (uint32_t i = 0; i < n; i++)
                        if (!sim_depq_put(q, sim_depq_index(q->last, a[i].t_key), a[i]))
                                return false;
        }
        struct sim_departure *z = q->bucket[0];
        uint32_t best = 0;
        for (uint32_t i = 1; i < q->len[0]; i++)
                best = z[i].id < z[best].id ? i : best;
        *out = z[best];
        z[best] = z[--q->len[0]];
        if (--q->n > 0)
                q->top = q->len[0] ? q->last : sim_depq_lowest_key(q);
        return true;
}

#endif
