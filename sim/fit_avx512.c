/*
 * First fit eight words at a time (AVX-512 F and VBMI2).  sim_spectrum_first_fit
 * calls it when the spectrum's kernel is SIM_KERNEL_AVX512 (sim_spectrum_init
 * picks it when the CPU has both); for widths up to SIM_FIT_AVX512_MAX_WIDTH it
 * searches itself, wider ones it hands to the portable word-by-word search.
 * It returns exactly what that search returns (tests/test_spectrum.c holds
 * every kernel to the slot-by-slot definition, and scripts/trace_hashes.sh
 * whole runs to the code before).
 *
 * The register holds words w .. w + 7 of the path's free slots, lane j word
 * w + j, and log-step doubling runs on the 512 bits as one string: each
 * round, lane j takes the double-word shift (vpshrdvq) of itself and lane
 * j + 1, so the bits shifted in come from the word above, already doubled
 * as far; lane 7 gets zeros.  After the rounds bit i of lane j is set when
 * slots i .. i + width - 1 above word w + j are all free, for lanes 0 .. 6.
 * With width <= 64 their runs end at most in the word above; and a round
 * shifting by s reads only the bits b < s of lane 7, each of which stands
 * then for slots b .. b + len - 1 (len: the run length doubled so far),
 * and b + len - 1 < s + len - 1 < width <= 64 keeps those inside lane 7,
 * clear of the zeros above it.  Lane 7 itself finds the runs inside its
 * word, which start below any run leaving it, and may miss only a run
 * crossing into the word above; so the blocks overlap by a word (the next
 * one starts at w + 7, with that word in lane 0) and a hit in lane 7 is
 * still the lowest start.  A round costs a lane shift, a funnel shift and
 * an AND, with no second chain of shifts for the words above.
 *
 * The rounds shift by 1, 2, 4, ... and last by what remains
 * (sim_spectrum_fit_shifts), so only the last shift is a register.  A
 * block of whole words inside the row is read with plain loads and the NOT
 * folded into the OR of the rows; the block at the row's end reads masked
 * loads (masked lanes read nothing) and the `valid` mask.
 */
#include "fit_kernel.h"
#include "spectrum.h"

#if SIM_FIT_X86

#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f,avx512vbmi2")))
#define INLINE __attribute__((always_inline)) static inline
#define BLOCK_STEP 7 /* words: each block starts at the one below's lane 7 */

/* The slots of words w .. w + 7 free on every row of the path, for words
 * that exist in full: ~(r0 | r1 | ...), the last OR and the NOT in one
 * ternary op. */
AVX512 INLINE __m512i block_inner(const uint64_t *const *row, int hops, int w)
{
        const __m512i a = _mm512_loadu_si512((const void *)(row[0] + w));
        if (hops == 1)
                return _mm512_ternarylogic_epi64(a, a, a, 0x01);
        __m512i used = a;
        for (int h = 1; h < hops - 2; h++)
                used = _mm512_or_si512(used, _mm512_loadu_si512((const void *)(row[h] + w)));
        const __m512i b = _mm512_loadu_si512((const void *)(row[hops - 1] + w));
        const __m512i c = hops > 2 ? _mm512_loadu_si512((const void *)(row[hops - 2] + w)) : b;
        return _mm512_ternarylogic_epi64(used, b, c, 0x01);
}

/* The same for the block at the row's end: lanes past the row read nothing
 * and come out taken, and a partial last word is cut by `valid`. */
AVX512 INLINE __m512i block_edge(const uint64_t *const *row, int hops, const uint64_t *valid,
                                 int words, int w)
{
        const int n = words - w;
        const __mmask8 k = n >= 8 ? (__mmask8)0xff : (__mmask8)((1u << n) - 1);
        __m512i used = _mm512_maskz_loadu_epi64(k, row[0] + w);
        for (int h = 1; h < hops; h++)
                used = _mm512_or_si512(used, _mm512_maskz_loadu_epi64(k, row[h] + w));
        return _mm512_andnot_si512(used, _mm512_maskz_loadu_epi64(k, valid + w));
}

/*
 * The search over `hops` rows with `rounds` doubling rounds, the last by
 * `last` slots.  Always inlined, and called with constant hops and rounds
 * for the common cases, so that the OR over the rows and the doubling are
 * unrolled with constant shifts.  `whole`: the row's words that exist in
 * full.
 */
AVX512 INLINE int search(const uint64_t *const *row, int hops, const uint64_t *valid, int words,
                         int whole, int rounds, int last)
{
        const __m512i last_shift = _mm512_set1_epi64(last);
        for (int w = 0;; w += BLOCK_STEP) {
                __m512i x = w + 8 <= whole ? block_inner(row, hops, w)
                                           : block_edge(row, hops, valid, words, w);
                for (int r = 0; r < rounds; r++) {
                        const __m512i above = _mm512_alignr_epi64(_mm512_setzero_si512(), x, 1);
                        const __m512i shift =
                            r + 1 < rounds ? _mm512_set1_epi64(1ll << r) : last_shift;
                        x = _mm512_and_si512(x, _mm512_shrdv_epi64(x, above, shift));
                }
                const __mmask8 hit = _mm512_test_epi64_mask(x, x);
                if (hit) {
                        uint64_t starts[8];
                        _mm512_storeu_si512((void *)starts, x);
                        const int j = __builtin_ctz(hit);
                        return (w + j) * 64 + __builtin_ctzll(starts[j]);
                }
                /* a block that reaches the row's end has nothing above its
                 * lane 7 to miss */
                if (w + 8 >= words)
                        return -1;
        }
}

AVX512 int sim_spectrum_first_fit_avx512(const struct sim_spectrum *sp, const int *links, int hops,
                                         int core, int width)
{
        if (width > SIM_FIT_AVX512_MAX_WIDTH)
                return sim_spectrum_first_fit_words(sp, links, hops, core, width);
        int sh[SIM_FIT_MAX_ROUNDS];
        const int rounds = sim_spectrum_fit_shifts(width, sh);
        const int last = rounds ? sh[rounds - 1] : 0;
        const uint64_t *const *rows = sim_fit_rows(sp, links, hops, core);
#define SEARCH(H, R) search(rows, H, sp->valid, sp->words, sp->slots / 64, R, last)
        SIM_FIT_DISPATCH(SEARCH, hops, rounds)
#undef SEARCH
}

#endif
