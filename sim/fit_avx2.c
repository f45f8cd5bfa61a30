/*
 * First fit four words at a time (AVX2).  sim_spectrum_first_fit calls it
 * when the CPU has AVX2 (sim_spectrum_init asks); for widths up to
 * SIM_FIT_AVX2_MAX_WIDTH it searches itself, wider ones it hands to the
 * portable word-by-word search.  It returns exactly what that search returns (tests/test_spectrum.c
 * holds both to the slot-by-slot definition, and scripts/trace_hashes.sh whole runs to the code
 * before).
 *
 * A run of width <= 33 either lies inside one word or crosses exactly one
 * word edge; a crossing run starts in the upper half of the word below the
 * edge (at bit 64 - width + 1 >= 32 or above) and ends in the lower half of
 * the word above.  So two masks of run starts, each found by log-step
 * doubling on 64 bits with no carry between words, give every start:
 *   inner  on each word: the runs inside it;
 *   cross  on each word's window of (the word below's upper half, its own
 *          lower half): of its starts only the low 32 bits count, the starts
 *          in the word below's upper half.
 * Within a word every inner start lies below every crossing one (an inner
 * start is at most 64 - width, a crossing one above it), so in slot order
 * the candidates are: the word below the block's crossing starts, then word
 * by word its inner starts and its crossing starts.
 *
 * The loads read up to three words past a row's end: sim_spectrum_init pads
 * the bitsets (SIM_ROW_PAD), and the `valid` mask, zero past the band, clears
 * what they read.
 */
#include "fit_kernel.h"
#include "spectrum.h"

#if SIM_FIT_X86

#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))

AVX2 static inline __m256i load4(const uint64_t *p)
{
        return _mm256_loadu_si256((const __m256i *)(const void *)p);
}

/*
 * The search over `hops` rows with `rounds` doubling shifts.  Always
 * inlined, and called with constant hops and rounds for the common cases, so
 * that the OR over the rows and the doubling are unrolled.
 */
AVX2 __attribute__((always_inline)) static inline int search(const uint64_t *const *row, int hops,
                                                             const uint64_t *valid, int words,
                                                             const __m128i *shift, int rounds)
{
        __m256i prev = _mm256_setzero_si256(); /* lane 0: the word below the block */
        for (int w = 0; w < words; w += 4) {
                __m256i used = load4(row[0] + w);
                for (int h = 1; h < hops; h++)
                        used = _mm256_or_si256(used, load4(row[h] + w));
                const __m256i x = _mm256_andnot_si256(used, load4(valid + w));
                /* each lane's word below: (x3, x0, x1, x2), lane 0's from the
                 * block below */
                const __m256i rot = _mm256_permute4x64_epi64(x, _MM_SHUFFLE(2, 1, 0, 3));
                const __m256i below = _mm256_blend_epi32(rot, prev, 0x03);
                prev = rot;
                __m256i inner = x;
                __m256i cross =
                    _mm256_or_si256(_mm256_srli_epi64(below, 32), _mm256_slli_epi64(x, 32));
                for (int r = 0; r < rounds; r++) {
                        inner = _mm256_and_si256(inner, _mm256_srl_epi64(inner, shift[r]));
                        cross = _mm256_and_si256(cross, _mm256_srl_epi64(cross, shift[r]));
                }
                const __m256i any = _mm256_or_si256(inner, _mm256_slli_epi64(cross, 32));
                if (_mm256_testz_si256(any, any))
                        continue;
                uint64_t in[4], cr[4];
                _mm256_storeu_si256((__m256i *)(void *)in, inner);
                _mm256_storeu_si256((__m256i *)(void *)cr, cross);
                if ((uint32_t)cr[0])
                        return (w - 1) * 64 + 32 + __builtin_ctzll(cr[0]);
                for (int j = 0; j < 4; j++) {
                        if (in[j])
                                return (w + j) * 64 + __builtin_ctzll(in[j]);
                        /* word w + 3's crossing starts are the next block's
                         * lane 0 */
                        if (j < 3 && (uint32_t)cr[j + 1])
                                return (w + j) * 64 + 32 + __builtin_ctzll(cr[j + 1]);
                }
                /* not reached: `any` is the eight masks tested above */
        }
        return -1;
}

AVX2 int sim_spectrum_first_fit_avx2(const struct sim_spectrum *sp, const int *links, int hops,
                                     int core, int width)
{
        if (width > SIM_FIT_AVX2_MAX_WIDTH)
                return sim_spectrum_first_fit_words(sp, links, hops, core, width);
        int sh[SIM_FIT_MAX_ROUNDS];
        const int rounds = sim_spectrum_fit_shifts(width, sh);
        __m128i shift[SIM_FIT_MAX_ROUNDS];
        for (int r = 0; r < rounds; r++)
                shift[r] = _mm_cvtsi32_si128(sh[r]);
        const uint64_t *const *rows = sim_fit_rows(sp, links, hops, core);
#define SEARCH(H, R) search(rows, H, sp->valid, sp->words, shift, R)
        SIM_FIT_DISPATCH(SEARCH, hops, rounds)
#undef SEARCH
}

#endif
