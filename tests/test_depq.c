/*
 * Tests for sim/depq.{h,c}, the departure queue: against a reference that
 * sorts by (time key, id) on random monotone traffic of every shape (keys
 * spread over all 64 bits, clustered in the low bits, many ties, bursts of
 * pushes and of pops), with every departure's payload (path, core, slots,
 * record slot) coming back as it went in; its refusal of a push earlier than
 * the last pop, and reuse after clear.
 */
#include <stdint.h>
#include <stdlib.h>

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
        int mismatches = 0, pops = 0, ties = 0;
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

TEST_MAIN("depq", TEST(test_against_reference), TEST(test_refuses_the_past))
