/*
 * The departure queue: the admitted requests' departures, popped in (time,
 * id) order, as a calendar queue on the time key with a radix heap behind it
 * for the far future.
 *
 * It relies on the queue being monotone: no departure pushed is earlier than
 * the last one popped.  The engine guarantees it (a request leaves at or
 * after it arrives, arrivals never go back, and a departure is popped only
 * once an arrival has reached it); a push that breaks it is refused.
 *
 * The calendar: a key's day is key >> shift, and the ring holds the days
 * [cur, cur + nb) from the last pop's day cur, one bucket per day, so a push
 * is an insertion into its day's bucket and a pop takes the least of the
 * first bucket not empty, found in a bitmap (ties on the time by id, as
 * everywhere).  A departure due
 * later waits in the radix heap (below) and moves into the ring when its day
 * comes into the window.  Every key of the ring is below every key of the
 * heap, and equal keys share a day, so the order is exact whatever the
 * width: shift and nb only decide the speed.  They are fitted to the
 * traffic (sim_depq_adapt): a day one to two mean gaps between pops wide,
 * about two days per departure queued.  Until the traffic has been sampled
 * the ring is off and the heap holds everything.  A bucket is a list in no
 * order: a push puts its node at the head and reads no other node, and the
 * least of the first bucket is found when it becomes the top (its one or two
 * nodes are then read once, just before they are popped).  Against the
 * radix heap alone, which moved a departure down a few arrays before its
 * pop: bench --floor 148.0 -> 144.0 ns/request (six alternating pairs),
 * about 1 % at 4096 slots.
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

/*
 * The radix heap behind the ring.  Bucket 0 holds the departures whose key
 * equals `last`, the key of the last pop; bucket b (1..64) those whose key
 * first differs from `last` in bit b - 1 counted from the top, i.e.
 * 64 - clz(key ^ last) = b.  So every key of bucket b is below every key of
 * bucket b + 1, a push is an append, and a pop with bucket 0 empty moves the
 * lowest non-empty bucket down: `last` becomes its smallest key and its
 * departures spread into lower buckets.  Ties on the time go by id (bucket 0
 * is scanned for the lowest; it rarely holds more than one).
 */
#define SIM_RADIX_BUCKETS 65

struct sim_radix {
        uint32_t n;    /* departures queued */
        uint64_t last; /* key of the last pop (0 before the first) */
        uint64_t top;  /* the smallest key queued, when n > 0 */
        uint64_t mask; /* bit b - 1 set when bucket b (1..64) is not empty */
        /* the smallest key in bucket b (1..64), kept by every put: a bucket
         * loses departures only by spreading whole, so the minimum is exact
         * and no bucket is scanned for it */
        uint64_t low[SIM_RADIX_BUCKETS];
        uint32_t len[SIM_RADIX_BUCKETS], cap[SIM_RADIX_BUCKETS];
        struct sim_departure *bucket[SIM_RADIX_BUCKETS];
};

void sim_radix_init(struct sim_radix *q);
/* NULL allowed. */
void sim_radix_finish(struct sim_radix *q);
/* Empties the queue, keeping its memory. */
void sim_radix_clear(struct sim_radix *q);
/* Room for one more in bucket b; false when out of memory (nothing lost). */
bool sim_radix_grow(struct sim_radix *q, int b);

static inline int sim_radix_index(uint64_t last, uint64_t key)
{
        return key == last ? 0 : 64 - __builtin_clzll(key ^ last);
}

static inline bool sim_radix_put(struct sim_radix *q, int b, struct sim_departure d)
{
        if (q->len[b] == q->cap[b] && !sim_radix_grow(q, b))
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
static inline bool sim_radix_push(struct sim_radix *q, struct sim_departure d)
{
        if (d.t_key < q->last || !sim_radix_put(q, sim_radix_index(q->last, d.t_key), d))
                return false;
        if (q->n++ == 0 || d.t_key < q->top)
                q->top = d.t_key;
        return true;
}

/* The smallest key of the lowest non-empty bucket above 0 (mask != 0). */
static inline uint64_t sim_radix_lowest_key(const struct sim_radix *q)
{
        return q->low[__builtin_ctzll(q->mask) + 1];
}

/*
 * Removes the earliest departure (n > 0) into *out.  False only when out of
 * memory while moving a bucket down; the queue has then lost departures and
 * must be cleared (the run fails).
 */
static inline bool sim_radix_pop(struct sim_radix *q, struct sim_departure *out)
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
                        if (!sim_radix_put(q, sim_radix_index(q->last, a[i].t_key), a[i]))
                                return false;
        }
        struct sim_departure *z = q->bucket[0];
        uint32_t best = 0;
        for (uint32_t i = 1; i < q->len[0]; i++)
                best = z[i].id < z[best].id ? i : best;
        *out = z[best];
        z[best] = z[--q->len[0]];
        if (--q->n > 0)
                q->top = q->len[0] ? q->last : sim_radix_lowest_key(q);
        return true;
}

/* ---- the calendar ---- */

#define SIM_DEPQ_NIL UINT32_MAX
#define SIM_DEPQ_SAMPLE 1024u /* pops between two looks at the traffic */

struct sim_depq {
        uint32_t n;    /* departures queued */
        uint64_t last; /* key of the last pop (0 before the first) */
        uint64_t top;  /* the smallest key queued, when n > 0 */
        /* the ring; nb == 0 until the first sample: everything in `far` */
        uint32_t nb;           /* days in the window, a power of two >= 64 */
        uint32_t shift;        /* a key's day is key >> shift */
        uint64_t cur;          /* the window's first day, last >> shift */
        uint32_t in_ring;      /* departures in the ring */
        uint32_t top_b, top_i; /* the bucket and node of `top`, when in_ring > 0 */
        uint32_t *head;        /* nb buckets: first node, or NIL */
        uint64_t *bits;        /* nb / 64 words: bit set when the bucket is not empty */
        /* the ring's nodes, with a free list through `next` */
        struct sim_departure *node;
        uint32_t *next;
        uint32_t n_nodes, cap_nodes, free_node;
        /* the traffic since the last sample */
        uint32_t pops;
        bool sampled;         /* sample_key is set */
        uint64_t sample_key;  /* `last` at the last sample */
        struct sim_radix far; /* days past the window */
};

void sim_depq_init(struct sim_depq *q);
/* NULL allowed. */
void sim_depq_finish(struct sim_depq *q);
/* Empties the queue, keeping its memory and its calendar. */
void sim_depq_clear(struct sim_depq *q);
/* Room for one more node; false when out of memory (nothing lost). */
bool sim_depq_grow(struct sim_depq *q);
/* Moves the departures of `far` whose day has come into the window. */
bool sim_depq_pull(struct sim_depq *q);
/* Every SIM_DEPQ_SAMPLE pops: the calendar fitted to the traffic; false
 * only when out of memory while rebuilding it (departures lost). */
bool sim_depq_adapt(struct sim_depq *q);

static inline bool sim_depq_before(const struct sim_departure *a, const struct sim_departure *b)
{
        return a->t_key < b->t_key || (a->t_key == b->t_key && a->id < b->id);
}

/* d at the head of its day's bucket; its node in *i, its bucket in *b. */
static inline bool sim_depq_ring_put(struct sim_depq *q, struct sim_departure d, uint32_t *i,
                                     uint32_t *b)
{
        *i = q->free_node;
        if (*i != SIM_DEPQ_NIL) {
                q->free_node = q->next[*i];
        } else {
                if (q->n_nodes == q->cap_nodes && !sim_depq_grow(q))
                        return false;
                *i = q->n_nodes++;
        }
        q->node[*i] = d;
        *b = (uint32_t)(d.t_key >> q->shift) & (q->nb - 1);
        q->next[*i] = q->head[*b];
        q->head[*b] = *i;
        q->bits[*b >> 6] |= 1ull << (*b & 63);
        q->in_ring++;
        return true;
}

/* The first bucket not empty from the window's first day on (in_ring > 0):
 * the ring's days are cur .. cur + nb - 1, so going round finds the
 * earliest. */
static inline uint32_t sim_depq_first(const struct sim_depq *q)
{
        const uint32_t mask = q->nb - 1, p = (uint32_t)q->cur & mask;
        uint32_t w = p >> 6;
        uint64_t m = q->bits[w] & (~0ull << (p & 63));
        while (m == 0) {
                w = (w + 1) & (mask >> 6);
                m = q->bits[w];
        }
        return w << 6 | (uint32_t)__builtin_ctzll(m);
}

/* The ring's least departure into top_b, top_i (in_ring > 0); its key. */
static inline uint64_t sim_depq_ring_top(struct sim_depq *q)
{
        const uint32_t b = sim_depq_first(q);
        uint32_t best = q->head[b];
        for (uint32_t i = q->next[best]; i != SIM_DEPQ_NIL; i = q->next[i])
                best = sim_depq_before(&q->node[i], &q->node[best]) ? i : best;
        q->top_b = b;
        q->top_i = best;
        return q->node[best].t_key;
}

static inline bool sim_depq_in_window(const struct sim_depq *q, uint64_t key)
{
        return q->nb && (key >> q->shift) - q->cur < q->nb;
}

/* Queues d; false when out of memory or when d is earlier than the last pop
 * (the queue is unchanged then). */
static inline bool sim_depq_push(struct sim_depq *q, struct sim_departure d)
{
        if (d.t_key < q->last)
                return false;
        uint32_t i = SIM_DEPQ_NIL, b = 0;
        const bool ring = sim_depq_in_window(q, d.t_key);
        if (ring ? !sim_depq_ring_put(q, d, &i, &b) : !sim_radix_push(&q->far, d))
                return false;
        /* the ring's keys are below the heap's: a key that goes to the heap
         * is the least only when the ring is empty */
        if (q->n++ == 0 || d.t_key < q->top ||
            (ring && d.t_key == q->top && d.id < q->node[q->top_i].id)) {
                q->top = d.t_key;
                q->top_b = b;
                q->top_i = i;
        }
        return true;
}

/*
 * Removes the earliest departure (n > 0) into *out.  False only when out of
 * memory while moving departures; the queue has then lost some and must be
 * cleared (the run fails).
 */
static inline bool sim_depq_pop(struct sim_depq *q, struct sim_departure *out)
{
        if (q->in_ring) {
                /* the least goes out, the head takes its node */
                const uint32_t b = q->top_b, i = q->head[b];
                *out = q->node[q->top_i];
                q->node[q->top_i] = q->node[i];
                q->head[b] = q->next[i];
                if (q->head[b] == SIM_DEPQ_NIL)
                        q->bits[b >> 6] &= ~(1ull << (b & 63));
                q->next[i] = q->free_node;
                q->free_node = i;
                q->in_ring--;
        } else if (!sim_radix_pop(&q->far, out)) {
                return false;
        }
        q->last = out->t_key;
        q->n--;
        if (q->nb) {
                const uint64_t day = q->last >> q->shift;
                if (day != q->cur) {
                        q->cur = day;
                        if (q->far.n && sim_depq_in_window(q, q->far.top) && !sim_depq_pull(q))
                                return false;
                }
        }
        if (++q->pops == SIM_DEPQ_SAMPLE && !sim_depq_adapt(q))
                return false;
        if (q->n)
                q->top = q->in_ring ? sim_depq_ring_top(q) : q->far.top;
        return true;
}

#endif
