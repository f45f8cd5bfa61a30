/*
 * Tests for sim/depq.{h,c}, the departure queue: against a reference that
 * sorts by (time key, id) on random monotone traffic of every shape (keys
 * spread over all 64 bits, clustered in the low bits, many ties, bursts of
 * pushes and of pops), with every departure's payload (path, core, slots,
 * record slot) coming back as it went in; on a simulator's traffic (Poisson
 * arrivals, exponential holding, times growing over many binades, the load
 * changing twenty-fold), where the calendar must be used, refitted and fed
 * from its heap; its refusal of a push earlier than the last pop, and reuse
 * after clear.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../sim/depq.h"
#include "../sim/ksp.h"
#include "testutil.h"

/* Paths for the payload: only their addresses matter. */
static const struct sim_path some_paths[3];

/* A departure whose payload is a function of its id, so that a payload
 * that comes back with another departure's key is caught. */
static struct sim_departure departure(uint32_t id, uint64_t t_key)
{
        return (struct sim_departure){.t_key = t_key,
                                      .path = &some_paths[id % 3],
                                      .id = id,
                                      .slot = id * 7,
                                      .core = (int16_t)(id % 7),
                                      .start = (int16_t)(id % 4001),
                                      .width = (int16_t)(id % 17 + 1)};
}

static bool same_departure(struct sim_departure a, struct sim_departure b)
{
        return a.t_key == b.t_key && a.path == b.path && a.id == b.id && a.slot == b.slot &&
               a.core == b.core && a.start == b.start && a.width == b.width;
}

static uint64_t next_bits(uint64_t *s)
{
        /* splitmix64 */
        uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
}

/* The reference: an unsorted array, popped by a scan for the least
 * (t_key, id). */
struct ref {
        struct sim_departure *a;
        uint32_t n;
};

static struct sim_departure ref_pop(struct ref *r)
{
        uint32_t best = 0;
        for (uint32_t i = 1; i < r->n; i++)
                if (r->a[i].t_key < r->a[best].t_key ||
                    (r->a[i].t_key == r->a[best].t_key && r->a[i].id < r->a[best].id))
                        best = i;
        struct sim_departure d = r->a[best];
        r->a[best] = r->a[--r->n];
        return d;
}

/* A key not below `floor`: `shape` 0 anywhere above it, 1 within 2^20 of
 * it, 2 within 8 (ties), 3 the floor itself or the top of the range. */
static uint64_t key_above(uint64_t *s, uint64_t floor, int shape)
{
        const uint64_t room = UINT64_MAX - floor, x = next_bits(s);
        const uint64_t span = shape == 0 ? UINT64_MAX : shape == 1 ? 1u << 20 : 8;
        if (shape == 3)
                return x & 1 ? floor : UINT64_MAX;
        return floor + (room < span ? (room == UINT64_MAX ? x : x % (room + 1)) : x % span);
}

static void test_against_reference(void)
{
        enum { MAX = 5000 };
        struct ref ref = {.a = calloc(MAX, sizeof(struct sim_departure))};
        CU_ASSERT_PTR_NOT_NULL_FATAL(ref.a);
        uint64_t s = 42;
        int mismatches = 0, pops = 0, ties = 0, ring_used = 0, both_used = 0;
        struct sim_depq q;
        sim_depq_init(&q);
        for (int round = 0; round < 40; round++) {
                sim_depq_clear(&q);
                ref.n = 0;
                uint64_t now = round % 3 == 0 ? 0 : next_bits(&s) >> (round % 64);
                uint32_t id = 1;
                const int shape = round % 4;
                for (int step = 0; step < 20000; step++) {
                        /* bursts: push-heavy, then pop-heavy */
                        bool push =
                            ref.n == 0 ||
                            (ref.n < MAX && next_bits(&s) % 100 < (step / 1000 % 2 ? 70u : 35u));
                        if (push) {
                                struct sim_departure d = departure(id, key_above(&s, now, shape));
                                id++;
                                CU_ASSERT_FATAL(sim_depq_push(&q, d));
                                ref.a[ref.n++] = d;
                        } else {
                                struct sim_departure want = ref_pop(&ref), got = {0};
                                CU_ASSERT_FATAL(sim_depq_pop(&q, &got));
                                mismatches += !same_departure(got, want);
                                ties += ref.n > 0 && q.top == got.t_key;
                                now = got.t_key;
                                pops++;
                        }
                        CU_ASSERT_EQUAL_FATAL(q.n, ref.n);
                        ring_used += q.in_ring > 0;
                        both_used += q.in_ring > 0 && q.far.n > 0;
                        if (ref.n) {
                                uint64_t least = ref.a[0].t_key;
                                for (uint32_t i = 1; i < ref.n; i++)
                                        least = ref.a[i].t_key < least ? ref.a[i].t_key : least;
                                mismatches += q.top != least;
                        }
                }
                while (ref.n) {
                        struct sim_departure want = ref_pop(&ref), got = {0};
                        CU_ASSERT_FATAL(sim_depq_pop(&q, &got));
                        mismatches += !same_departure(got, want);
                }
                CU_ASSERT_EQUAL(q.n, 0);
        }
        sim_depq_finish(&q);
        free(ref.a);
        CU_ASSERT_EQUAL(mismatches, 0);
        CU_ASSERT(pops > 300000);
        CU_ASSERT(ties > 10000); /* equal keys popped by id, many times */
        /* the calendar held departures, and at times so did its heap */
        CU_ASSERT(ring_used > 100000);
        CU_ASSERT(both_used > 10000);
}

/* A second reference for long runs: a binary heap on (t_key, id). */
static bool ref_before(const struct sim_departure *a, const struct sim_departure *b)
{
        return a->t_key < b->t_key || (a->t_key == b->t_key && a->id < b->id);
}

static void heap_push(struct ref *h, struct sim_departure d)
{
        uint32_t i = h->n++;
        for (; i > 0 && ref_before(&d, &h->a[(i - 1) / 2]); i = (i - 1) / 2)
                h->a[i] = h->a[(i - 1) / 2];
        h->a[i] = d;
}

static struct sim_departure heap_pop(struct ref *h)
{
        const struct sim_departure top = h->a[0], d = h->a[--h->n];
        uint32_t i = 0;
        for (;;) {
                uint32_t c = 2 * i + 1;
                if (c >= h->n)
                        break;
                if (c + 1 < h->n && ref_before(&h->a[c + 1], &h->a[c]))
                        c++;
                if (!ref_before(&h->a[c], &d))
                        break;
                h->a[i] = h->a[c];
                i = c;
        }
        h->a[i] = d;
        return top;
}

static double uniform(uint64_t *s)
{
        return ((double)(next_bits(s) >> 11) + 0.5) / 9007199254740992.0;
}

static uint64_t time_key(double t)
{
        uint64_t b;
        memcpy(&b, &t, sizeof(b));
        return b ^ ((uint64_t)((int64_t)b >> 63) | 0x8000000000000000ull);
}

/*
 * The engine's use: a departure is popped when an arrival reaches it.  Three
 * phases of 200 000 arrivals, at about 250, 5 000 and 250 connections
 * (holding time 1), so the ring must grow and shrink; times run from 0 to
 * about 1 600, and from the first sample of the traffic (t about 8) a unit
 * of time is half as many keys seven times over, so the day's width must
 * follow.  Every thousandth holding time is 100 times
 * longer, for the heap behind the ring, and every 64th departure leaves with
 * its arrival's neighbour (equal times, by id).
 */
static void test_simulated_traffic(void)
{
        struct ref ref = {.a = calloc(40000, sizeof(struct sim_departure))};
        CU_ASSERT_PTR_NOT_NULL_FATAL(ref.a);
        struct sim_depq q;
        sim_depq_init(&q);
        uint64_t s = 7;
        double t = 0, last_depart = 0;
        uint32_t id = 1;
        int mismatches = 0, ties = 0, width_changes = 0, size_changes = 0, pulled = 0,
            ring_pops = 0;
        uint32_t shift = q.shift, nb = q.nb, max_nb = 0;
        const double load[3] = {250, 5000, 250};
        for (int phase = 0; phase < 3; phase++) {
                for (int k = 0; k < 200000; k++) {
                        t += -log(uniform(&s)) / load[phase];
                        const uint64_t now = time_key(t);
                        while (q.n > 0 && q.top <= now) {
                                CU_ASSERT_FATAL(ref.n > 0);
                                const uint32_t far_before = q.far.n;
                                const bool from_ring = q.in_ring > 0;
                                struct sim_departure want = heap_pop(&ref), got = {0};
                                CU_ASSERT_FATAL(sim_depq_pop(&q, &got));
                                mismatches += !same_departure(got, want);
                                ring_pops += from_ring;
                                pulled += q.far.n < far_before;
                                CU_ASSERT_EQUAL_FATAL(q.n, ref.n);
                        }
                        CU_ASSERT_FATAL(ref.n == 0 || q.top == ref.a[0].t_key);
                        width_changes += q.nb && nb && q.shift != shift;
                        size_changes += q.nb != nb;
                        shift = q.shift;
                        nb = q.nb;
                        max_nb = q.nb > max_nb ? q.nb : max_nb;
                        double hold = -log(uniform(&s));
                        if (id % 1000 == 0)
                                hold *= 100;
                        const double depart =
                            id % 64 == 0 && last_depart >= t ? last_depart : t + hold;
                        ties += depart == last_depart;
                        last_depart = depart;
                        const struct sim_departure d = departure(id++, time_key(depart));
                        CU_ASSERT_FATAL(ref.n < 40000);
                        CU_ASSERT_FATAL(sim_depq_push(&q, d));
                        heap_push(&ref, d);
                        CU_ASSERT_FATAL(q.top == ref.a[0].t_key);
                }
        }
        while (ref.n) {
                struct sim_departure want = heap_pop(&ref), got = {0};
                CU_ASSERT_FATAL(sim_depq_pop(&q, &got));
                mismatches += !same_departure(got, want);
        }
        CU_ASSERT_EQUAL(q.n, 0);
        CU_ASSERT_EQUAL(mismatches, 0);
        CU_ASSERT(ties > 1000);
        CU_ASSERT(ring_pops > 500000); /* the ring did the work */
        CU_ASSERT(pulled > 1000);      /* fed from the heap as days came */
        CU_ASSERT(width_changes >= 4); /* the width followed the times */
        CU_ASSERT(size_changes >= 6);  /* grown and shrunk with the load */
        CU_ASSERT(max_nb >= 8192 && nb <= 2048);
        sim_depq_finish(&q);
        free(ref.a);
}

/* A push earlier than the last pop is refused and changes nothing; one at
 * the last pop's key is taken. */
static void test_refuses_the_past(void)
{
        struct sim_depq q;
        sim_depq_init(&q);
        CU_ASSERT_TRUE(sim_depq_push(&q, (struct sim_departure){.slot = 1, .id = 1, .t_key = 100}));
        CU_ASSERT_TRUE(sim_depq_push(&q, (struct sim_departure){.slot = 2, .id = 2, .t_key = 300}));
        struct sim_departure d;
        CU_ASSERT_TRUE(sim_depq_pop(&q, &d));
        CU_ASSERT_EQUAL(d.id, 1);
        CU_ASSERT_FALSE(sim_depq_push(&q, (struct sim_departure){.slot = 3, .id = 3, .t_key = 99}));
        CU_ASSERT_EQUAL(q.n, 1);
        CU_ASSERT_EQUAL(q.top, 300);
        CU_ASSERT_TRUE(sim_depq_push(&q, (struct sim_departure){.slot = 4, .id = 4, .t_key = 100}));
        CU_ASSERT_EQUAL(q.top, 100);
        CU_ASSERT_TRUE(sim_depq_pop(&q, &d));
        CU_ASSERT_EQUAL(d.id, 4);
        CU_ASSERT_TRUE(sim_depq_pop(&q, &d));
        CU_ASSERT_EQUAL(d.id, 2);
        CU_ASSERT_EQUAL(d.slot, 2);
        CU_ASSERT_EQUAL(q.n, 0);
        /* cleared, the past is open again */
        sim_depq_clear(&q);
        CU_ASSERT_TRUE(sim_depq_push(&q, (struct sim_departure){.slot = 5, .id = 5, .t_key = 0}));
        CU_ASSERT_TRUE(sim_depq_pop(&q, &d));
        CU_ASSERT_EQUAL(d.id, 5);
        sim_depq_finish(&q);
}

/* Equal times come out by id whatever order they went in, in the calendar
 * and in its heap. */
static void test_ties_by_id(void)
{
        struct sim_depq q;
        sim_depq_init(&q);
        /* a steady stream until the calendar is on: 100 queued, one a unit */
        uint64_t key = 1000000;
        uint32_t id = 1000;
        for (int k = 0; k < 100; k++)
                CU_ASSERT_FATAL(sim_depq_push(&q, departure(id++, key + 100 * (uint64_t)k)));
        for (int k = 0; k < 5000; k++) {
                struct sim_departure d;
                CU_ASSERT_FATAL(sim_depq_pop(&q, &d));
                CU_ASSERT_FATAL(sim_depq_push(&q, departure(id++, d.t_key + 100)));
        }
        CU_ASSERT_FATAL(q.nb > 0);
        /* five at the top's time and five far beyond the window, ids going
         * down and below the ids queued */
        const uint64_t near = q.top, far = q.last + ((uint64_t)q.nb << q.shift) * 4;
        const uint32_t ring_before = q.in_ring, heap_before = q.far.n;
        for (uint32_t k = 0; k < 5; k++) {
                CU_ASSERT_FATAL(sim_depq_push(&q, departure(500 - k, near)));
                CU_ASSERT_FATAL(sim_depq_push(&q, departure(400 - k, far)));
        }
        CU_ASSERT_EQUAL(q.in_ring, ring_before + 5);
        CU_ASSERT_EQUAL(q.far.n, heap_before + 5);
        uint32_t want_near = 496, want_far = 396, in_order = 0;
        while (q.n) {
                struct sim_departure d;
                CU_ASSERT_FATAL(sim_depq_pop(&q, &d));
                if (d.t_key == near)
                        in_order += d.id == want_near++;
                if (d.t_key == far)
                        in_order += d.id == want_far++;
        }
        CU_ASSERT_EQUAL(in_order, 10);
        sim_depq_finish(&q);
}

TEST_MAIN("depq", TEST(test_against_reference), TEST(test_simulated_traffic), TEST(test_ties_by_id),
          TEST(test_refuses_the_past))
