#include "depq.h"

#include <stdlib.h>
#include <string.h>

/* ---- the radix heap ---- */

void sim_radix_init(struct sim_radix *q)
{
        memset(q, 0, sizeof(*q));
}

void sim_radix_finish(struct sim_radix *q)
{
        if (q == NULL)
                return;
        for (int b = 0; b < SIM_RADIX_BUCKETS; b++)
                free(q->bucket[b]);
        sim_radix_init(q);
}

void sim_radix_clear(struct sim_radix *q)
{
        q->n = 0;
        q->last = q->top = q->mask = 0;
        memset(q->len, 0, sizeof(q->len));
}

bool sim_radix_grow(struct sim_radix *q, int b)
{
        const uint32_t cap = q->cap[b] ? 2 * q->cap[b] : 64;
        if (cap <= q->cap[b])
                return false;
        struct sim_departure *a = realloc(q->bucket[b], (size_t)cap * sizeof(*a));
        if (a == NULL)
                return false;
        q->bucket[b] = a;
        q->cap[b] = cap;
        return true;
}

/* ---- the calendar ---- */

void sim_depq_init(struct sim_depq *q)
{
        memset(q, 0, sizeof(*q));
        q->free_node = SIM_DEPQ_NIL;
        sim_radix_init(&q->far);
}

void sim_depq_finish(struct sim_depq *q)
{
        if (q == NULL)
                return;
        free(q->head);
        free(q->bits);
        free(q->node);
        free(q->next);
        sim_radix_finish(&q->far);
        sim_depq_init(q);
}

/* The ring emptied, its window at the first day. */
static void ring_clear(struct sim_depq *q)
{
        if (q->nb) {
                memset(q->head, 0xff, (size_t)q->nb * sizeof(*q->head));
                memset(q->bits, 0, (size_t)q->nb / 64 * sizeof(*q->bits));
        }
        q->in_ring = q->n_nodes = 0;
        q->free_node = SIM_DEPQ_NIL;
        q->cur = q->last >> q->shift;
}

void sim_depq_clear(struct sim_depq *q)
{
        q->n = 0;
        q->last = q->top = 0;
        ring_clear(q);
        q->pops = 0;
        q->sampled = false;
        sim_radix_clear(&q->far);
}

static bool grow_nodes(struct sim_depq *q, uint32_t want)
{
        uint32_t cap = q->cap_nodes ? q->cap_nodes : 1024;
        while (cap < want) {
                if (cap > UINT32_MAX / 2)
                        return false;
                cap *= 2;
        }
        if (cap == q->cap_nodes)
                return true;
        struct sim_departure *node = realloc(q->node, (size_t)cap * sizeof(*node));
        if (node == NULL)
                return false;
        q->node = node;
        uint32_t *next = realloc(q->next, (size_t)cap * sizeof(*next));
        if (next == NULL)
                return false;
        q->next = next;
        q->cap_nodes = cap;
        return true;
}

bool sim_depq_grow(struct sim_depq *q)
{
        return q->cap_nodes < UINT32_MAX && grow_nodes(q, q->cap_nodes + 1);
}

bool sim_depq_pull(struct sim_depq *q)
{
        while (q->far.n && sim_depq_in_window(q, q->far.top)) {
                struct sim_departure d;
                uint32_t i, b;
                if (!sim_radix_pop(&q->far, &d) || !sim_depq_ring_put(q, d, &i, &b))
                        return false;
        }
        return true;
}

/*
 * The window for n departures queued and a mean gap of `gap` keys between
 * pops: a day one to two gaps wide (a power of two), so that a bucket near
 * the window's start holds one or two departures, and about two days per
 * departure queued.  By Little's law a mean holding time is n gaps, so the
 * window spans about three of them and few departures wait in the heap
 * (measured best of widths 1-2 and 2-4 gaps, and rings of 1, 2 and 4 days a
 * departure, at 320 and 4096 slots).
 */
enum { RING_MIN = 64, RING_MAX = 1u << 24 };

static uint32_t ring_size(uint32_t n)
{
        uint32_t nb = RING_MIN;
        while (nb < RING_MAX && nb < 2ull * n)
                nb *= 2;
        return nb;
}

static uint32_t day_shift(uint64_t gap)
{
        const uint32_t s = gap ? 64 - (uint32_t)__builtin_clzll(gap) : 0;
        return s > 63 ? 63 : s;
}

/* Every departure queued, ring and heap, into a; the count. */
static uint32_t take_all(struct sim_depq *q, struct sim_departure *a)
{
        uint32_t k = 0;
        for (uint32_t b = 0; b < q->nb; b++)
                for (uint32_t i = q->head[b]; i != SIM_DEPQ_NIL; i = q->next[i])
                        a[k++] = q->node[i];
        for (int b = 0; b < SIM_RADIX_BUCKETS; b++)
                for (uint32_t i = 0; i < q->far.len[b]; i++)
                        a[k++] = q->far.bucket[b][i];
        return k;
}

/*
 * The gap is measured over the last SIM_DEPQ_SAMPLE pops in keys, which
 * are linear in time within a binade: a width that drifts by a factor of two
 * (times have doubled) or a ring too small for the departures queued is
 * rebuilt; a factor of two either way is let be, so that the estimate's
 * noise never rebuilds.  A rebuild takes every departure out and puts it
 * back (O(n), about once per doubling of the time or of n).  The scratch,
 * the new ring and the nodes are allocated before anything moves: if one
 * fails, the calendar stays as it is, which is only slower.  The heap's
 * buckets may still have to grow as departures go back into it; if that
 * fails, departures are lost and the false return fails the run (out of
 * memory), as a pop's own spreading would.
 */
bool sim_depq_adapt(struct sim_depq *q)
{
        q->pops = 0;
        const uint64_t gap = q->sampled ? (q->last - q->sample_key) / SIM_DEPQ_SAMPLE : 0;
        const bool first = !q->sampled;
        q->sampled = true;
        q->sample_key = q->last;
        if (first || q->n == 0)
                return true;
        const uint32_t shift = day_shift(gap), nb = ring_size(q->n);
        const bool off_width = q->nb == 0 || shift + 1 < q->shift || q->shift + 1 < shift;
        const bool off_size = q->nb < nb / 2 || q->nb > 8 * nb;
        if (!off_width && !off_size)
                return true;
        /* all that can fail before anything moves, but the heap's growth */
        struct sim_departure *all = malloc((size_t)q->n * sizeof(*all));
        uint32_t *head = nb == q->nb ? q->head : malloc((size_t)nb * sizeof(*head));
        uint64_t *bits = nb == q->nb ? q->bits : calloc(nb / 64, sizeof(*bits));
        if (all == NULL || head == NULL || bits == NULL || !grow_nodes(q, q->n)) {
                free(all);
                if (head != q->head)
                        free(head);
                if (bits != q->bits)
                        free(bits);
                return true;
        }
        const uint32_t n = take_all(q, all);
        if (head != q->head) {
                free(q->head);
                free(q->bits);
                q->head = head;
                q->bits = bits;
        }
        q->nb = nb;
        q->shift = shift;
        ring_clear(q);
        sim_radix_clear(&q->far);
        bool ok = true;
        for (uint32_t k = 0; k < n && ok; k++) {
                uint32_t i, b;
                ok = sim_depq_in_window(q, all[k].t_key) ? sim_depq_ring_put(q, all[k], &i, &b)
                                                         : sim_radix_push(&q->far, all[k]);
        }
        free(all);
        return ok;
}
