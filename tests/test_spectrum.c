/*
 * Tests for sim/spectrum.{h,c}: the occupancy bitsets, the fit policies of
 * sim_spectrum_find, assignment and release, and the mask primitives on
 * hand-made bit patterns.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../sim/spectrum.h"
#include "testutil.h"

static const int link0[] = {0};
static const int link1[] = {1};
static const int both[] = {0, 1};

static void init_ok(struct sim_spectrum *sp, int n_links, int cores, int slots)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL_FATAL(sim_spectrum_init(sp, n_links, cores, slots, &eb), RG_OK);
}

/* Occupies [start, start + width) on one link and core; must succeed. */
static void occupy(struct sim_spectrum *sp, int link, int core, int start, int width)
{
        CU_ASSERT_EQUAL_FATAL(sim_spectrum_assign(sp, &link, 1, core, start, width), RG_OK);
}

/* Frees [start, start + width) on link 0, core 0; must succeed. */
static void release_ok(struct sim_spectrum *sp, int start, int width)
{
        CU_ASSERT_EQUAL_FATAL(sim_spectrum_release(sp, link0, 1, 0, start, width), RG_OK);
}

static bool is_used(const struct sim_spectrum *sp, int link, int core, int slot)
{
        const uint64_t *row = sim_spectrum_row(sp, link, core);
        return (row[slot / 64] >> (slot % 64)) & 1u;
}

/* A copy of all the occupancy words, to compare with memcmp later. */
static uint64_t *snapshot(const struct sim_spectrum *sp)
{
        size_t n = (size_t)sp->n_links * (size_t)sp->cores * (size_t)sp->words;
        uint64_t *copy = malloc(n * sizeof(uint64_t));
        CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
        memcpy(copy, sp->occ, n * sizeof(uint64_t));
        return copy;
}

static bool same_as(const struct sim_spectrum *sp, const uint64_t *copy)
{
        size_t n = (size_t)sp->n_links * (size_t)sp->cores * (size_t)sp->words;
        return memcmp(sp->occ, copy, n * sizeof(uint64_t)) == 0;
}

/*
 * First fit by every search there is on this machine: each kernel the CPU
 * supports (the portable one always) called directly, and the dispatch by
 * the spectrum's own kernel.  Returns the portable search's answer and
 * counts each answer that differs from `want` into *mismatches.
 */
static int first_fit_each(const struct sim_spectrum *sp, const int *links, int hops, int core,
                          int width, int want, int *mismatches)
{
        int got = sim_spectrum_first_fit_words(sp, links, hops, core, width);
        *mismatches += got != want;
        *mismatches += sim_spectrum_first_fit(sp, links, hops, core, width) != want;
#if SIM_FIT_X86
        if (sim_fit_kernel_supported(SIM_KERNEL_AVX2))
                *mismatches += sim_spectrum_first_fit_avx2(sp, links, hops, core, width) != want;
        if (sim_fit_kernel_supported(SIM_KERNEL_AVX512))
                *mismatches += sim_spectrum_first_fit_avx512(sp, links, hops, core, width) != want;
#endif
        return got;
}

/* The doubling's shifts for every width it serves: 1, 2, 4, ... while the
 * run so far fits twice, then what remains, so that the runs add up to the
 * width in the fewest rounds, ceil(log2 width). */
static void test_fit_shifts(void)
{
        int bad = 0;
        for (int width = 1; width <= 64; width++) {
                int sh[SIM_FIT_MAX_ROUNDS];
                const int rounds = sim_spectrum_fit_shifts(width, sh);
                int fewest = 0;
                while ((1 << fewest) < width)
                        fewest++;
                bad += rounds != fewest;
                int len = 1;
                for (int r = 0; r < rounds; r++) {
                        bad += r + 1 < rounds && sh[r] != 1 << r;
                        bad += sh[r] < 1 || sh[r] > len || sh[r] > 32;
                        len += sh[r];
                }
                bad += len != width;
        }
        CU_ASSERT_EQUAL(bad, 0);
}

/* Tripling for every width it serves: rounds by (3^r, 2 3^r) while the run
 * fits three times, the last (a, b) with a <= len and b - a <= len (so
 * that the three copies of the run touch) growing it to the width exactly,
 * in the fewest rounds, ceil(log3 width); no shift reaches 64, where a
 * funnel shift would wrap.  The AVX-512 search relies on all of it. */
static void test_fit_triples(void)
{
        int bad = 0, fours = 0;
        for (int width = 1; width <= 64; width++) {
                int a = -1, b = -1;
                const int rounds = sim_spectrum_fit_triples(width, &a, &b);
                int fewest = 0, power = 1;
                for (; power < width; power *= 3)
                        fewest++;
                bad += rounds != fewest || rounds > 4;
                int len = 1, third = 1;
                for (int r = 0; r + 1 < rounds; r++, third *= 3) {
                        bad += len != third;
                        len += 2 * third;
                }
                if (rounds > 0) {
                        bad += a < 1 || a > len || b < a || b - a > len || b > 63;
                        len += b;
                } else {
                        bad += a != 0 || b != 0;
                }
                bad += len != width;
                fours += rounds == 4;
        }
        CU_ASSERT_EQUAL(bad, 0);
        CU_ASSERT_EQUAL(fours, 64 - 27); /* widths 28 .. 64 */
}

static void test_init_and_errors(void)
{
        struct sim_spectrum sp;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(sim_spectrum_init(&sp, 3, 0, 320, &eb), RG_RANGE);
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(sim_spectrum_init(&sp, 3, SIM_MAX_CORES + 1, 320, &eb), RG_RANGE);
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(sim_spectrum_init(&sp, 3, 1, 0, &eb), RG_RANGE);
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(sim_spectrum_init(&sp, 3, 1, SIM_MAX_SLOTS + 1, &eb), RG_RANGE);
        CU_ASSERT_EQUAL(eb.code, RG_RANGE);
        CU_ASSERT_NOT_EQUAL(eb.msg[0], '\0');
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(sim_spectrum_init(&sp, 0, 1, 320, &eb), RG_RANGE);
        sim_spectrum_finish(&sp);

        /* 130 slots: 3 words, the last with 2 valid bits */
        init_ok(&sp, 2, 3, 130);
        CU_ASSERT_EQUAL(sp.words, 3);
        CU_ASSERT_EQUAL(sp.valid[0], ~0ull);
        CU_ASSERT_EQUAL(sp.valid[1], ~0ull);
        CU_ASSERT_EQUAL(sp.valid[2], 3ull);
        CU_ASSERT_TRUE(sim_spectrum_empty(&sp));
        CU_ASSERT_EQUAL(sim_spectrum_used(&sp), 0);
        sim_spectrum_finish(&sp);

        init_ok(&sp, 1, 1, SIM_MAX_SLOTS);
        CU_ASSERT_EQUAL(sp.words, SIM_MAX_WORDS);
        sim_spectrum_finish(&sp);
}

static void test_first_fit_lowest_start(void)
{
        struct sim_spectrum sp;
        init_ok(&sp, 1, 1, 16);
        int core = -1, start = -1;
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 4, SIM_FIT_FIRST, &core, &start));
        CU_ASSERT_EQUAL(core, 0);
        CU_ASSERT_EQUAL(start, 0);
        /* busy 0..2 and 5..5: the first free run of 2 is 3..4, of 3 is 6..8 */
        occupy(&sp, 0, 0, 0, 3);
        occupy(&sp, 0, 0, 5, 1);
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 2, SIM_FIT_FIRST, &core, &start));
        CU_ASSERT_EQUAL(start, 3);
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 3, SIM_FIT_FIRST, &core, &start));
        CU_ASSERT_EQUAL(start, 6);
        sim_spectrum_finish(&sp);
}

static void test_last_fit_highest_start(void)
{
        struct sim_spectrum sp;
        init_ok(&sp, 1, 1, 8);
        int core = -1, start = -1;
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 3, SIM_FIT_LAST, &core, &start));
        CU_ASSERT_EQUAL(core, 0);
        CU_ASSERT_EQUAL(start, 5); /* slots - width */
        occupy(&sp, 0, 0, 6, 2);
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 3, SIM_FIT_LAST, &core, &start));
        CU_ASSERT_EQUAL(start, 3);
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 6, SIM_FIT_LAST, &core, &start));
        CU_ASSERT_EQUAL(start, 0);
        CU_ASSERT_FALSE(sim_spectrum_find(&sp, link0, 1, 7, SIM_FIT_LAST, &core, &start));
        sim_spectrum_finish(&sp);
}

/* slots = 8, 0..5 busy: width 2 fits at 6, width 3 nowhere (slot 8 does not
 * exist), under every policy. */
static void test_band_top_edge(void)
{
        struct sim_spectrum sp;
        init_ok(&sp, 1, 1, 8);
        occupy(&sp, 0, 0, 0, 6);
        static const enum sim_fit fits[] = {SIM_FIT_FIRST, SIM_FIT_LAST, SIM_FIT_BEST};
        for (int f = 0; f < 3; f++) {
                int core = -1, start = -1;
                CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 2, fits[f], &core, &start));
                CU_ASSERT_EQUAL(core, 0);
                CU_ASSERT_EQUAL(start, 6);
                CU_ASSERT_FALSE(sim_spectrum_find(&sp, link0, 1, 3, fits[f], &core, &start));
        }
        sim_spectrum_finish(&sp);
}

/* A slot is free on a path only if it is free on every link. */
static void test_multi_link_and(void)
{
        struct sim_spectrum sp;
        init_ok(&sp, 2, 1, 16);
        occupy(&sp, 0, 0, 0, 4);
        occupy(&sp, 1, 0, 4, 4);
        int core = -1, start = -1;
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 4, SIM_FIT_FIRST, &core, &start));
        CU_ASSERT_EQUAL(start, 4);
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link1, 1, 4, SIM_FIT_FIRST, &core, &start));
        CU_ASSERT_EQUAL(start, 0);
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, both, 2, 4, SIM_FIT_FIRST, &core, &start));
        CU_ASSERT_EQUAL(start, 8);
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, both, 2, 1, SIM_FIT_FIRST, &core, &start));
        CU_ASSERT_EQUAL(start, 8);
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, both, 2, 8, SIM_FIT_LAST, &core, &start));
        CU_ASSERT_EQUAL(start, 8);
        CU_ASSERT_FALSE(sim_spectrum_find(&sp, both, 2, 9, SIM_FIT_FIRST, &core, &start));

        uint64_t free_mask[SIM_MAX_WORDS];
        sim_spectrum_path_free(&sp, both, 2, 0, free_mask);
        CU_ASSERT_EQUAL(free_mask[0], 0xff00ull);
        sim_spectrum_finish(&sp);
}

/* slots = 130, busy 0..60 and 66..129: the only free run is 61..65, which
 * crosses the boundary between words 0 and 1. */
static void test_run_across_word_boundary(void)
{
        struct sim_spectrum sp;
        init_ok(&sp, 1, 1, 130);
        occupy(&sp, 0, 0, 0, 61);
        occupy(&sp, 0, 0, 66, 64);
        CU_ASSERT_EQUAL(sim_spectrum_used(&sp), 125);
        static const enum sim_fit fits[] = {SIM_FIT_FIRST, SIM_FIT_LAST, SIM_FIT_BEST};
        for (int f = 0; f < 3; f++) {
                int core = -1, start = -1;
                CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 5, fits[f], &core, &start));
                CU_ASSERT_EQUAL(start, 61);
                CU_ASSERT_FALSE(sim_spectrum_find(&sp, link0, 1, 6, fits[f], &core, &start));
        }
        int core = -1, start = -1;
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 1, SIM_FIT_LAST, &core, &start));
        CU_ASSERT_EQUAL(start, 65);
        sim_spectrum_finish(&sp);
}

/* A run of 70 slots starting in word 1 and ending in word 2 (slots 70..139 of
 * 192) and the run that fills the band's last word up to its edge. */
static void test_long_runs_over_words(void)
{
        struct sim_spectrum sp;
        init_ok(&sp, 1, 1, 192);
        occupy(&sp, 0, 0, 0, 70);
        occupy(&sp, 0, 0, 140, 10);
        /* free: 70..139 (70 slots) and 150..191 (42 slots) */
        int core = -1, start = -1;
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 70, SIM_FIT_FIRST, &core, &start));
        CU_ASSERT_EQUAL(start, 70);
        CU_ASSERT_FALSE(sim_spectrum_find(&sp, link0, 1, 71, SIM_FIT_FIRST, &core, &start));
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 42, SIM_FIT_LAST, &core, &start));
        CU_ASSERT_EQUAL(start, 150);
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 42, SIM_FIT_BEST, &core, &start));
        CU_ASSERT_EQUAL(start, 150);
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 43, SIM_FIT_BEST, &core, &start));
        CU_ASSERT_EQUAL(start, 70);
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 43, SIM_FIT_LAST, &core, &start));
        CU_ASSERT_EQUAL(start, 97); /* 139 - 43 + 1 */
        sim_spectrum_finish(&sp);
}

/* Free runs of 5 at 10..14 and of 3 at 20..22, all else busy (32 slots). */
static void test_best_fit_smallest_run(void)
{
        struct sim_spectrum sp;
        init_ok(&sp, 1, 1, 32);
        occupy(&sp, 0, 0, 0, 10);
        occupy(&sp, 0, 0, 15, 5);
        occupy(&sp, 0, 0, 23, 9);
        CU_ASSERT_EQUAL(sim_spectrum_used(&sp), 24);
        int core = -1, start = -1;
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 3, SIM_FIT_BEST, &core, &start));
        CU_ASSERT_EQUAL(start, 20);
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 2, SIM_FIT_BEST, &core, &start));
        CU_ASSERT_EQUAL(start, 20);
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 4, SIM_FIT_BEST, &core, &start));
        CU_ASSERT_EQUAL(start, 10);
        CU_ASSERT_FALSE(sim_spectrum_find(&sp, link0, 1, 6, SIM_FIT_BEST, &core, &start));
        /* first fit takes the lower run instead */
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 3, SIM_FIT_FIRST, &core, &start));
        CU_ASSERT_EQUAL(start, 10);
        sim_spectrum_finish(&sp);
}

/* Two free runs of 3 (4..6 and 20..22) and one of 5 (10..14): ties go to the
 * lowest start. */
static void test_best_fit_tie_lowest_start(void)
{
        struct sim_spectrum sp;
        init_ok(&sp, 1, 1, 32);
        occupy(&sp, 0, 0, 0, 4);
        occupy(&sp, 0, 0, 7, 3);
        occupy(&sp, 0, 0, 15, 5);
        occupy(&sp, 0, 0, 23, 9);
        int core = -1, start = -1;
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 2, SIM_FIT_BEST, &core, &start));
        CU_ASSERT_EQUAL(start, 4);
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 3, SIM_FIT_BEST, &core, &start));
        CU_ASSERT_EQUAL(start, 4);
        sim_spectrum_finish(&sp);
}

/* Core 0 has a free run of 4 (6..9), core 1 one of 3 (13..15). */
static void test_best_fit_across_cores(void)
{
        struct sim_spectrum sp;
        init_ok(&sp, 1, 2, 16);
        occupy(&sp, 0, 0, 0, 6);
        occupy(&sp, 0, 0, 10, 6);
        occupy(&sp, 0, 1, 0, 13);
        int core = -1, start = -1;
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 3, SIM_FIT_BEST, &core, &start));
        CU_ASSERT_EQUAL(core, 1);
        CU_ASSERT_EQUAL(start, 13);
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 4, SIM_FIT_BEST, &core, &start));
        CU_ASSERT_EQUAL(core, 0);
        CU_ASSERT_EQUAL(start, 6);
        /* equal runs on both cores: the lowest core */
        occupy(&sp, 0, 0, 9, 1);
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 3, SIM_FIT_BEST, &core, &start));
        CU_ASSERT_EQUAL(core, 0);
        CU_ASSERT_EQUAL(start, 6);
        sim_spectrum_finish(&sp);
}

static void test_first_fit_second_core_only_when_full(void)
{
        struct sim_spectrum sp;
        init_ok(&sp, 1, 2, 8);
        occupy(&sp, 0, 1, 0, 2); /* core 1 partly busy, core 0 free */
        int core = -1, start = -1;
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 4, SIM_FIT_FIRST, &core, &start));
        CU_ASSERT_EQUAL(core, 0);
        CU_ASSERT_EQUAL(start, 0);
        occupy(&sp, 0, 0, 2, 3); /* core 0: free 0..1 and 5..7 */
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 3, SIM_FIT_FIRST, &core, &start));
        CU_ASSERT_EQUAL(core, 0);
        CU_ASSERT_EQUAL(start, 5);
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 4, SIM_FIT_FIRST, &core, &start));
        CU_ASSERT_EQUAL(core, 1);
        CU_ASSERT_EQUAL(start, 2);
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 4, SIM_FIT_LAST, &core, &start));
        CU_ASSERT_EQUAL(core, 1);
        CU_ASSERT_EQUAL(start, 4);
        CU_ASSERT_FALSE(sim_spectrum_find(&sp, link0, 1, 7, SIM_FIT_FIRST, &core, &start));
        sim_spectrum_finish(&sp);
}

static void test_width_wider_than_band(void)
{
        struct sim_spectrum sp;
        init_ok(&sp, 1, 1, 8);
        int core = -1, start = -1;
        CU_ASSERT_TRUE(sim_spectrum_find(&sp, link0, 1, 8, SIM_FIT_FIRST, &core, &start));
        CU_ASSERT_EQUAL(start, 0);
        CU_ASSERT_FALSE(sim_spectrum_find(&sp, link0, 1, 9, SIM_FIT_FIRST, &core, &start));
        CU_ASSERT_FALSE(sim_spectrum_find(&sp, link0, 1, 9, SIM_FIT_LAST, &core, &start));
        CU_ASSERT_FALSE(sim_spectrum_find(&sp, link0, 1, 9, SIM_FIT_BEST, &core, &start));
        CU_ASSERT_FALSE(sim_spectrum_find(&sp, link0, 1, 100, SIM_FIT_FIRST, &core, &start));
        sim_spectrum_finish(&sp);
}

/* Link 1 is busy at 2..4; assigning 0..2 over links 0 and 1 must fail and
 * must not touch link 0 either. */
static void test_assign_over_busy_slot_changes_nothing(void)
{
        struct sim_spectrum sp;
        init_ok(&sp, 2, 2, 100);
        occupy(&sp, 1, 0, 2, 3);
        uint64_t *before = snapshot(&sp);
        CU_ASSERT_EQUAL(sim_spectrum_assign(&sp, both, 2, 0, 0, 3), RG_INVARIANT);
        CU_ASSERT_TRUE(same_as(&sp, before));
        CU_ASSERT_EQUAL(sim_spectrum_assign(&sp, both, 2, 0, 4, 1), RG_INVARIANT);
        CU_ASSERT_TRUE(same_as(&sp, before));
        /* beyond the band */
        CU_ASSERT_EQUAL(sim_spectrum_assign(&sp, both, 2, 0, 98, 3), RG_INVARIANT);
        CU_ASSERT_EQUAL(sim_spectrum_assign(&sp, both, 2, 0, -1, 2), RG_INVARIANT);
        CU_ASSERT_TRUE(same_as(&sp, before));
        /* the other core is free */
        CU_ASSERT_EQUAL(sim_spectrum_assign(&sp, both, 2, 1, 0, 3), RG_OK);
        CU_ASSERT_TRUE(is_used(&sp, 0, 1, 2));
        CU_ASSERT_TRUE(is_used(&sp, 1, 1, 0));
        CU_ASSERT_FALSE(is_used(&sp, 0, 0, 0));
        CU_ASSERT_FALSE(is_used(&sp, 1, 1, 3));
        CU_ASSERT_EQUAL(sim_spectrum_used(&sp), 9);
        free(before);
        sim_spectrum_finish(&sp);
}

/* Assign then release restores every word exactly, across a word boundary. */
static void test_release_restores_bitset(void)
{
        struct sim_spectrum sp;
        init_ok(&sp, 3, 2, 200);
        occupy(&sp, 0, 0, 50, 10);
        occupy(&sp, 2, 1, 120, 7);
        occupy(&sp, 1, 0, 0, 1);
        uint64_t *before = snapshot(&sp);
        static const int path[] = {2, 0, 1};
        CU_ASSERT_EQUAL(sim_spectrum_assign(&sp, path, 3, 0, 60, 70), RG_OK);
        CU_ASSERT_FALSE(same_as(&sp, before));
        CU_ASSERT_EQUAL(sim_spectrum_used(&sp), 18 + 3 * 70);
        CU_ASSERT_TRUE(is_used(&sp, 2, 0, 63));
        CU_ASSERT_TRUE(is_used(&sp, 2, 0, 64));
        CU_ASSERT_TRUE(is_used(&sp, 1, 0, 129));
        CU_ASSERT_FALSE(is_used(&sp, 1, 0, 130));
        CU_ASSERT_EQUAL(sim_spectrum_release(&sp, path, 3, 0, 60, 70), RG_OK);
        CU_ASSERT_TRUE(same_as(&sp, before));
        CU_ASSERT_EQUAL(sim_spectrum_used(&sp), 18);
        free(before);
        sim_spectrum_finish(&sp);
}

static void test_release_of_free_slots_is_invariant(void)
{
        struct sim_spectrum sp;
        init_ok(&sp, 2, 1, 16);
        occupy(&sp, 0, 0, 0, 4);
        uint64_t *before = snapshot(&sp);
        /* 2..5: slots 4 and 5 are free */
        CU_ASSERT_EQUAL(sim_spectrum_release(&sp, link0, 1, 0, 2, 4), RG_INVARIANT);
        CU_ASSERT_TRUE(same_as(&sp, before));
        /* 0..3 is held on link 0 but not on link 1 */
        CU_ASSERT_EQUAL(sim_spectrum_release(&sp, both, 2, 0, 0, 4), RG_INVARIANT);
        CU_ASSERT_TRUE(same_as(&sp, before));
        CU_ASSERT_EQUAL(sim_spectrum_release(&sp, link0, 1, 0, 14, 4), RG_INVARIANT);
        CU_ASSERT_TRUE(same_as(&sp, before));
        CU_ASSERT_EQUAL(sim_spectrum_release(&sp, link0, 1, 0, 1, 2), RG_OK);
        CU_ASSERT_TRUE(is_used(&sp, 0, 0, 0));
        CU_ASSERT_FALSE(is_used(&sp, 0, 0, 1));
        CU_ASSERT_FALSE(is_used(&sp, 0, 0, 2));
        CU_ASSERT_TRUE(is_used(&sp, 0, 0, 3));
        free(before);
        sim_spectrum_finish(&sp);
}

static void test_empty_used_clear(void)
{
        struct sim_spectrum sp;
        init_ok(&sp, 4, 3, 70);
        CU_ASSERT_TRUE(sim_spectrum_empty(&sp));
        CU_ASSERT_EQUAL(sim_spectrum_used(&sp), 0);
        occupy(&sp, 3, 2, 69, 1); /* the very last slot */
        CU_ASSERT_FALSE(sim_spectrum_empty(&sp));
        CU_ASSERT_EQUAL(sim_spectrum_used(&sp), 1);
        CU_ASSERT_EQUAL(sim_spectrum_assign(&sp, both, 2, 1, 60, 8), RG_OK);
        CU_ASSERT_EQUAL(sim_spectrum_used(&sp), 17);
        sim_spectrum_clear(&sp);
        CU_ASSERT_TRUE(sim_spectrum_empty(&sp));
        CU_ASSERT_EQUAL(sim_spectrum_used(&sp), 0);
        sim_spectrum_finish(&sp);
}

static void test_range_mask(void)
{
        uint64_t m[3];
        sim_spectrum_range_mask(m, 3, 62, 4);
        CU_ASSERT_EQUAL(m[0], 0xc000000000000000ull);
        CU_ASSERT_EQUAL(m[1], 0x3ull);
        CU_ASSERT_EQUAL(m[2], 0);
        sim_spectrum_range_mask(m, 3, 0, 192);
        CU_ASSERT_EQUAL(m[0], ~0ull);
        CU_ASSERT_EQUAL(m[1], ~0ull);
        CU_ASSERT_EQUAL(m[2], ~0ull);
        sim_spectrum_range_mask(m, 3, 130, 1);
        CU_ASSERT_EQUAL(m[0], 0);
        CU_ASSERT_EQUAL(m[1], 0);
        CU_ASSERT_EQUAL(m[2], 4ull);
}

/* Bits 1, 2, 4, 5, 6 set: runs of 2 start at 1, 4, 5; of 3 at 4 only. */
static void test_run_starts_one_word(void)
{
        uint64_t m[1] = {0x76};
        sim_spectrum_run_starts(m, 1, 1);
        CU_ASSERT_EQUAL(m[0], 0x76ull);
        sim_spectrum_run_starts(m, 1, 2);
        CU_ASSERT_EQUAL(m[0], 0x32ull);
        m[0] = 0x76;
        sim_spectrum_run_starts(m, 1, 3);
        CU_ASSERT_EQUAL(m[0], 0x10ull);
        m[0] = 0x76;
        sim_spectrum_run_starts(m, 1, 4);
        CU_ASSERT_EQUAL(m[0], 0);
        m[0] = ~0ull;
        sim_spectrum_run_starts(m, 1, 64);
        CU_ASSERT_EQUAL(m[0], 1ull);
        m[0] = ~0ull;
        sim_spectrum_run_starts(m, 1, 10); /* starts 0..54 */
        CU_ASSERT_EQUAL(m[0], (1ull << 55) - 1);
}

static void test_run_starts_across_words(void)
{
        /* slots 60..67 free: runs of 5 start at 60..63, of 8 at 60 */
        uint64_t m[2] = {0xfull << 60, 0xfull};
        sim_spectrum_run_starts(m, 2, 5);
        CU_ASSERT_EQUAL(m[0], 0xfull << 60);
        CU_ASSERT_EQUAL(m[1], 0);
        m[0] = 0xfull << 60;
        m[1] = 0xf;
        sim_spectrum_run_starts(m, 2, 8);
        CU_ASSERT_EQUAL(m[0], 1ull << 60);
        CU_ASSERT_EQUAL(m[1], 0);
        m[0] = 0xfull << 60;
        m[1] = 0xf;
        sim_spectrum_run_starts(m, 2, 9);
        CU_ASSERT_EQUAL(m[0], 0);
        CU_ASSERT_EQUAL(m[1], 0);

        /* 128 free slots, width 70: starts 0..58 */
        uint64_t a[2] = {~0ull, ~0ull};
        sim_spectrum_run_starts(a, 2, 70);
        CU_ASSERT_EQUAL(a[0], (1ull << 59) - 1);
        CU_ASSERT_EQUAL(a[1], 0);

        /* 192 free slots, width 130 (a whole-word shift): starts 0..62 */
        uint64_t b[3] = {~0ull, ~0ull, ~0ull};
        sim_spectrum_run_starts(b, 3, 130);
        CU_ASSERT_EQUAL(b[0], (1ull << 63) - 1);
        CU_ASSERT_EQUAL(b[1], 0);
        CU_ASSERT_EQUAL(b[2], 0);

        /* a hole at slot 100 of 192 free, width 64: starts 0..36 and 101..128 */
        uint64_t c[3] = {~0ull, ~(1ull << 36), ~0ull};
        sim_spectrum_run_starts(c, 3, 64);
        CU_ASSERT_EQUAL(c[0], (1ull << 37) - 1);
        CU_ASSERT_EQUAL(c[1], ~0ull << 37);
        CU_ASSERT_EQUAL(c[2], 1ull);
}

/* Free runs: 2..4 (3), 10..11 (2), 20..29 (10), 40..42 (3). */
static void test_best_run_on_mask(void)
{
        uint64_t m[1] = {(0x7ull << 2) | (0x3ull << 10) | (0x3ffull << 20) | (0x7ull << 40)};
        int len = -1;
        CU_ASSERT_EQUAL(sim_spectrum_best_run(m, 1, 2, &len), 10);
        CU_ASSERT_EQUAL(len, 2);
        CU_ASSERT_EQUAL(sim_spectrum_best_run(m, 1, 3, &len), 2);
        CU_ASSERT_EQUAL(len, 3);
        CU_ASSERT_EQUAL(sim_spectrum_best_run(m, 1, 4, &len), 20);
        CU_ASSERT_EQUAL(len, 10);
        CU_ASSERT_EQUAL(sim_spectrum_best_run(m, 1, 11, &len), -1);
        CU_ASSERT_EQUAL(sim_spectrum_best_run(m, 1, 1, NULL), 10);

        uint64_t none[2] = {0, 0};
        CU_ASSERT_EQUAL(sim_spectrum_best_run(none, 2, 1, &len), -1);
}

/* Runs that cross words and reach the end of the last word. */
static void test_best_run_across_words(void)
{
        /* free 62..127 (66 slots, to the end) and 5..9 (5 slots) */
        uint64_t m[2] = {(0x3ull << 62) | (0x1full << 5), ~0ull};
        int len = -1;
        CU_ASSERT_EQUAL(sim_spectrum_best_run(m, 2, 6, &len), 62);
        CU_ASSERT_EQUAL(len, 66);
        CU_ASSERT_EQUAL(sim_spectrum_best_run(m, 2, 5, &len), 5);
        CU_ASSERT_EQUAL(len, 5);
        CU_ASSERT_EQUAL(sim_spectrum_best_run(m, 2, 67, &len), -1);

        /* a run of 70 (0..69) that fills word 0, and a run of 4 at 100..103 */
        uint64_t w[2] = {~0ull, 0x3full | (0xfull << 36)};
        CU_ASSERT_EQUAL(sim_spectrum_best_run(w, 2, 4, &len), 100);
        CU_ASSERT_EQUAL(len, 4);
        CU_ASSERT_EQUAL(sim_spectrum_best_run(w, 2, 5, &len), 0);
        CU_ASSERT_EQUAL(len, 70);
}

/* A tiny deterministic generator for the randomized cases below. */
static uint64_t next_bits(uint64_t *state)
{
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        return *state;
}

/* The lowest start of `width` slots free on both links, slot by slot: the
 * definition, with no word tricks. */
static int naive_first_fit(const struct sim_spectrum *sp, int core, int width)
{
        for (int s = 0; s + width <= sp->slots; s++) {
                bool ok = true;
                for (int i = s; i < s + width && ok; i++)
                        ok = !is_used(sp, 0, core, i) && !is_used(sp, 1, core, i);
                if (ok)
                        return s;
        }
        return -1;
}

/* First fit's word-by-word search and the assign/release of spanned words
 * against the slot-by-slot definition, on random occupancy (sparse to
 * nearly full) over band sizes around word edges up to 4096 slots and
 * widths from 1 to past two words.  Every assignment found is then made and
 * undone, and must leave the bitsets exactly as they were. */
static void test_first_fit_matches_definition(void)
{
        const int bands[] = {1, 5, 63, 64, 65, 127, 128, 130, 320, 1000, 4096};
        uint64_t state = 0x9e3779b97f4a7c15ull;
        int mismatches = 0, found = 0, bad_undo = 0;
        for (size_t b = 0; b < sizeof(bands) / sizeof(bands[0]); b++) {
                struct sim_spectrum sp;
                init_ok(&sp, 2, 2, bands[b]);
                for (int trial = 0; trial < 300; trial++) {
                        sim_spectrum_clear(&sp);
                        /* density: one bit in 2^(trial % 5 + 1) occupied, or
                         * a dense mix with free holes */
                        int sparse = trial % 6;
                        for (int l = 0; l < 2; l++)
                                for (int c = 0; c < 2; c++)
                                        for (int w = 0; w < sp.words; w++) {
                                                uint64_t bits = next_bits(&state);
                                                for (int k = 0; k < sparse; k++)
                                                        bits &= next_bits(&state);
                                                if (sparse == 5)
                                                        bits = ~(next_bits(&state) &
                                                                 next_bits(&state));
                                                /* whole words taken, which the
                                                 * full-word index skips */
                                                if (trial % 2 && next_bits(&state) % 3 == 0)
                                                        bits = ~0ull;
                                                uint64_t *row =
                                                    sp.occ +
                                                    ((size_t)l * 2 + (size_t)c) * (size_t)sp.words;
                                                row[w] = bits & sp.valid[w];
                                        }
                        sim_spectrum_reindex(&sp);
                        /* long widths where runs can be long */
                        int width = 1 + (int)(next_bits(&state) % (sparse >= 3 ? 140 : 12));
                        for (int c = 0; c < 2; c++) {
                                int want = naive_first_fit(&sp, c, width);
                                int got = first_fit_each(&sp, both, 2, c, width, want, &mismatches);
                                if (got < 0)
                                        continue;
                                found++;
                                uint64_t *before = snapshot(&sp);
                                bad_undo +=
                                    sim_spectrum_assign(&sp, both, 2, c, got, width) != RG_OK;
                                for (int i = got; i < got + width; i++)
                                        bad_undo +=
                                            !is_used(&sp, 0, c, i) || !is_used(&sp, 1, c, i);
                                /* the index assign keeps equals one rebuilt */
                                uint64_t kept[4];
                                memcpy(kept, sp.full, sizeof(kept));
                                sim_spectrum_reindex(&sp);
                                bad_undo += memcmp(kept, sp.full, sizeof(kept)) != 0;
                                bad_undo +=
                                    sim_spectrum_release(&sp, both, 2, c, got, width) != RG_OK;
                                memcpy(kept, sp.full, sizeof(kept));
                                sim_spectrum_reindex(&sp);
                                bad_undo += memcmp(kept, sp.full, sizeof(kept)) != 0;
                                bad_undo += !same_as(&sp, before);
                                free(before);
                        }
                }
                sim_spectrum_finish(&sp);
        }
        CU_ASSERT_EQUAL(mismatches, 0);
        CU_ASSERT_EQUAL(bad_undo, 0);
        CU_ASSERT(found > 1500); /* the cases are not all "no fit" */
}

/* A path over every link of the spectrum (the longest a path can be), in a
 * scrambled order, against the slot-by-slot definition over all its links:
 * sparse occupancy, built by assign so that the index is kept as in a run. */
static void test_first_fit_path_over_every_link(void)
{
        enum { LINKS = 40, SLOTS = 700 };
        uint64_t state = 0x2545f4914f6cdd1dull;
        int links[LINKS];
        for (int i = 0; i < LINKS; i++)
                links[i] = i;
        for (int i = LINKS - 1; i > 0; i--) {
                int j = (int)(next_bits(&state) % (uint64_t)(i + 1)), t = links[i];
                links[i] = links[j];
                links[j] = t;
        }
        int mismatches = 0, found = 0;
        for (int trial = 0; trial < 200; trial++) {
                struct sim_spectrum sp;
                init_ok(&sp, LINKS, 1, SLOTS);
                /* a few short blocks a link, fewer as trials go on */
                int blocks = 1 + trial % 8;
                for (int l = 0; l < LINKS; l++)
                        for (int b = 0; b < blocks; b++) {
                                int w = 1 + (int)(next_bits(&state) % 6);
                                int s = (int)(next_bits(&state) % (uint64_t)(SLOTS - w));
                                if (sim_spectrum_assign(&sp, &l, 1, 0, s, w) != RG_OK)
                                        continue; /* overlaps a block already there */
                        }
                int width = 1 + (int)(next_bits(&state) % 80);
                int want = -1;
                for (int s = 0; s + width <= SLOTS && want < 0; s++) {
                        bool ok = true;
                        for (int l = 0; l < LINKS && ok; l++)
                                for (int i = s; i < s + width && ok; i++)
                                        ok = !is_used(&sp, l, 0, i);
                        if (ok)
                                want = s;
                }
                int got = first_fit_each(&sp, links, LINKS, 0, width, want, &mismatches);
                found += got >= 0;
                sim_spectrum_finish(&sp);
        }
        CU_ASSERT_EQUAL(mismatches, 0);
        CU_ASSERT(found > 50);  /* not all "no fit" */
        CU_ASSERT(found < 200); /* nor all fitting */
}

/* The lowest start of `width` slots free on every link of the path, slot by
 * slot. */
static int naive_path_fit(const struct sim_spectrum *sp, const int *links, int hops, int width)
{
        for (int s = 0; s + width <= sp->slots; s++) {
                bool ok = true;
                for (int h = 0; h < hops && ok; h++)
                        for (int i = s; i < s + width && ok; i++)
                                ok = !is_used(sp, links[h], 0, i);
                if (ok)
                        return s;
        }
        return -1;
}

/*
 * Every first-fit search at a band's top, with the band taken on one link
 * of a three-link path (the other two free) except its top width - 1
 * slots (no fit: the slot above the band does not exist) or its top
 * `width` (the fit starts at slots - width), on bands whose last word is
 * partial and whole.
 */
static void test_first_fit_band_top_every_kernel(void)
{
        const int bands[] = {65, 130, 320, 575, 1000, 4033, 4095, 4096};
        const int path[] = {1, 2, 0}; /* its suffixes all hold link 0 */
        int mismatches = 0, wrong = 0;
        for (size_t b = 0; b < sizeof(bands) / sizeof(bands[0]); b++) {
                struct sim_spectrum sp;
                init_ok(&sp, 3, 1, bands[b]);
                for (int width = 1; width <= 64; width++)
                        for (int left = width - 1; left <= width; left++) {
                                sim_spectrum_clear(&sp);
                                occupy(&sp, 0, 0, 0, sp.slots - left);
                                const int want = left < width ? -1 : sp.slots - width;
                                wrong += naive_path_fit(&sp, path, 3, width) != want;
                                for (int hops = 1; hops <= 3; hops++)
                                        first_fit_each(&sp, path + 3 - hops, hops, 0, width, want,
                                                       &mismatches);
                        }
                sim_spectrum_finish(&sp);
        }
        CU_ASSERT_EQUAL(wrong, 0);
        CU_ASSERT_EQUAL(mismatches, 0);
}

/*
 * No search may join the top of one word and the bottom of another that is
 * not the word above it: over 4096 slots all taken but the top t slots of
 * word j and the bottom width - t of word i (j not i - 1), no run of
 * `width` fits.  The AVX-512 search's eighth lane (word w + 7 of the block
 * at w) has zeros above it, not the block's first word.
 */
static void test_first_fit_never_joins_distant_words(void)
{
        struct sim_spectrum sp;
        init_ok(&sp, 1, 1, SIM_MAX_SLOTS);
        int mismatches = 0, cases = 0;
        for (int width = 2; width <= 64; width += 3)
                for (int i = 0; i + 7 < SIM_MAX_WORDS; i += 7) {
                        const int j = i + 7, t = width / 2;
                        sim_spectrum_clear(&sp);
                        occupy(&sp, 0, 0, 0, sp.slots);
                        release_ok(&sp, j * 64 + 64 - t, t);
                        release_ok(&sp, i * 64, width - t);
                        first_fit_each(&sp, link0, 1, 0, width, -1, &mismatches);
                        cases++;
                }
        sim_spectrum_finish(&sp);
        CU_ASSERT_EQUAL(mismatches, 0);
        CU_ASSERT(cases > 100);
}

/*
 * Every first-fit search on paths of 1 to 6 links (the vector searches'
 * unrolled cases and their general one) over bands around word and block
 * edges, with occupancy in runs of random length so that free runs end and
 * start anywhere, against the slot-by-slot definition.  Widths run to 70:
 * past 33 the AVX2 search hands over to the portable one, past 64 the
 * AVX-512 one.  The answers must include runs crossing a word edge (from
 * the last word of a four-word block, the AVX2 search's; from the seventh
 * word of an AVX-512 block into its eighth, and from a block's first word
 * when that word was the eighth of the block below, which the AVX-512
 * search cannot answer there; and runs wider than half a word), runs in the
 * first and the last word, and no fit at all.  Bands with a partial last
 * word put that word in the AVX-512 search's masked last block while the
 * blocks below it are read whole.
 */
static void test_first_fit_runs_over_word_edges(void)
{
        enum { LINKS = 6 };
        const int bands[] = {1,   2,   31,  32,  33,  63,  64,  65,   96,   127,
                             128, 129, 255, 256, 257, 320, 575, 1000, 4095, 4096};
        uint64_t state = 0xd1b54a32d192ed03ull;
        int mismatches = 0, none = 0, crossing = 0, block_edge = 0, lane6_edge = 0, lane7_again = 0,
            wide_crossing = 0, first_word = 0, last_word = 0;
        for (size_t b = 0; b < sizeof(bands) / sizeof(bands[0]); b++) {
                struct sim_spectrum sp;
                init_ok(&sp, LINKS, 1, bands[b]);
                for (int trial = 0; trial < 600; trial++) {
                        sim_spectrum_clear(&sp);
                        /* taken runs of 1..2 mean slots, free gaps longer on
                         * longer paths (whose union they must leave open) */
                        const int hops = 1 + trial % LINKS, mean = 1 + trial % 24;
                        const int gap = 2 * mean * hops + trial % 7;
                        for (int l = 0; l < LINKS; l++)
                                for (int s = (int)(next_bits(&state) % (uint64_t)(gap + 1));
                                     s < sp.slots;) {
                                        int len =
                                            1 + (int)(next_bits(&state) % (uint64_t)(2 * mean));
                                        if (s + len > sp.slots)
                                                len = sp.slots - s;
                                        occupy(&sp, l, 0, s, len);
                                        s += len + 1 + (int)(next_bits(&state) % (uint64_t)gap);
                                }
                        int path[LINKS] = {0, 1, 2, 3, 4, 5};
                        for (int i = LINKS - 1; i > 0; i--) {
                                int j = (int)(next_bits(&state) % (uint64_t)(i + 1)), t = path[i];
                                path[i] = path[j];
                                path[j] = t;
                        }
                        int width = 1 + (int)(next_bits(&state) % 70);
                        int want = naive_path_fit(&sp, path, hops, width);
                        int got = first_fit_each(&sp, path, hops, 0, width, want, &mismatches);
                        none += got < 0;
                        const bool crosses = got >= 0 && got / 64 != (got + width - 1) / 64;
                        crossing += crosses;
                        /* from the last word of a block of four into the next */
                        block_edge += crosses && got / 64 % 4 == 3;
                        /* AVX-512: blocks of eight words, seven apart */
                        lane6_edge += crosses && got / 64 % 7 == 6;
                        lane7_again += crosses && got / 64 % 7 == 0 && got >= 64;
                        wide_crossing += crosses && width > 33 && width <= 64;
                        first_word += got >= 0 && got < 64;
                        last_word += got >= 0 && got / 64 == sp.words - 1 && sp.words > 1;
                }
                sim_spectrum_finish(&sp);
        }
        CU_ASSERT_EQUAL(mismatches, 0);
        CU_ASSERT(none > 200);
        CU_ASSERT(crossing > 150);
        CU_ASSERT(block_edge > 5);
        CU_ASSERT(lane6_edge > 5);
        CU_ASSERT(lane7_again > 5);
        CU_ASSERT(wide_crossing > 20);
        CU_ASSERT(first_word > 200);
        CU_ASSERT(last_word > 30);
}

TEST_MAIN("spectrum", TEST(test_fit_shifts), TEST(test_fit_triples), TEST(test_init_and_errors),
          TEST(test_first_fit_lowest_start), TEST(test_last_fit_highest_start),
          TEST(test_band_top_edge), TEST(test_multi_link_and), TEST(test_run_across_word_boundary),
          TEST(test_long_runs_over_words), TEST(test_best_fit_smallest_run),
          TEST(test_best_fit_tie_lowest_start), TEST(test_best_fit_across_cores),
          TEST(test_first_fit_second_core_only_when_full), TEST(test_width_wider_than_band),
          TEST(test_assign_over_busy_slot_changes_nothing), TEST(test_release_restores_bitset),
          TEST(test_release_of_free_slots_is_invariant), TEST(test_empty_used_clear),
          TEST(test_range_mask), TEST(test_run_starts_one_word), TEST(test_run_starts_across_words),
          TEST(test_best_run_on_mask), TEST(test_best_run_across_words),
          TEST(test_first_fit_matches_definition), TEST(test_first_fit_path_over_every_link),
          TEST(test_first_fit_runs_over_word_edges), TEST(test_first_fit_band_top_every_kernel),
          TEST(test_first_fit_never_joins_distant_words))
