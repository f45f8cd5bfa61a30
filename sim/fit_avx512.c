/*
 * First fit eight words at a time (AVX-512 F and VBMI2).  sim_spectrum_first_fit
 * calls it when the spectrum's kernel is SIM_KERNEL_AVX512 (sim_spectrum_init
 * picks it when the CPU has both); for widths up to SIM_FIT_AVX512_MAX_WIDTH it
 * searches itself, wider ones it hands to the portable word-by-word search.
 * It returns exactly what that search returns (tests/test_spectrum.c holds
 * every kernel to the slot-by-slot definition, and scripts/trace_hashes.sh
 * whole runs to the code before).
 *
 * A run of width <= 64 that starts in word j ends in word j or j + 1.  So
 * each lane holds a pair of words, its own (lo) and the one above (hi, the
 * block shifted by one word, lane 7's from the next block), and log-step
 * doubling runs on the 128-bit pair: lo &= (hi:lo) >> s by the double-word
 * shift (vpshrdvq), hi &= hi >> s.  After the rounds, bit i of lo is set
 * when slots i .. i + width - 1 above the lane's word are all free: the
 * doubling reads at most width - 1 <= 63 bits above bit i, all inside the
 * pair, so the zeros shifted in above hi never reach a start in lo.  Every
 * start of the block is then in lo, in slot order lane by lane, with no
 * crossing case apart.
 *
 * The loads are masked to the row's words (masked lanes read nothing), so
 * the search reads nothing past a row's end.
 */
#include "fit_kernel.h"
#include "spectrum.h"

#if SIM_FIT_X86

#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f,avx512vbmi2")))

/* The lanes of the block at word w that lie in the row. */
AVX512 static inline __mmask8 block_lanes(int words, int w)
{
        const int n = words - w;
        return n >= 8 ? (__mmask8)0xff : (__mmask8)((1u << n) - 1);
}

/* The slots of words w .. w + 7 free on every row of the path. */
AVX512 __attribute__((always_inline)) static inline __m512i
block_free(const uint64_t *const *row, int hops, const uint64_t *valid, int w, __mmask8 k)
{
        __m512i used = _mm512_maskz_loadu_epi64(k, row[0] + w);
        for (int h = 1; h < hops; h++)
                used = _mm512_or_si512(used, _mm512_maskz_loadu_epi64(k, row[h] + w));
        return _mm512_andnot_si512(used, _mm512_maskz_loadu_epi64(k, valid + w));
}

/*
 * The search over `hops` rows with `rounds` doubling shifts.  Always
 * inlined, and called with constant hops and rounds for the common cases, so
 * that the OR over the rows and the doubling are unrolled.
 */
AVX512 __attribute__((always_inline)) static inline int search(const uint64_t *const *row, int hops,
                                                               const uint64_t *valid, int words,
                                                               const __m512i *shift, int rounds)
{
        __m512i x = block_free(row, hops, valid, 0, block_lanes(words, 0));
        for (int w = 0; w < words; w += 8) {
                const __m512i next =
                    w + 8 < words ? block_free(row, hops, valid, w + 8, block_lanes(words, w + 8))
                                  : _mm512_setzero_si512();
                /* lane j: words w + j (lo) and w + j + 1 (hi) */
                __m512i lo = x, hi = _mm512_alignr_epi64(next, x, 1);
                for (int r = 0; r < rounds; r++) {
                        lo = _mm512_and_si512(lo, _mm512_shrdv_epi64(lo, hi, shift[r]));
                        hi = _mm512_and_si512(hi, _mm512_srlv_epi64(hi, shift[r]));
                }
                const __mmask8 hit = _mm512_test_epi64_mask(lo, lo);
                if (hit) {
                        uint64_t starts[8];
                        _mm512_storeu_si512((void *)starts, lo);
                        const int j = __builtin_ctz(hit);
                        return (w + j) * 64 + __builtin_ctzll(starts[j]);
                }
                x = next;
        }
        return -1;
}

AVX512 int sim_spectrum_first_fit_avx512(const struct sim_spectrum *sp, const int *links, int hops,
                                         int core, int width)
{
        if (width > SIM_FIT_AVX512_MAX_WIDTH)
                return sim_spectrum_first_fit_words(sp, links, hops, core, width);
        int sh[SIM_FIT_MAX_ROUNDS];
        const int rounds = sim_spectrum_fit_shifts(width, sh);
        __m512i shift[SIM_FIT_MAX_ROUNDS];
        for (int r = 0; r < rounds; r++)
                shift[r] = _mm512_set1_epi64(sh[r]);
        const uint64_t *const *rows = sim_fit_rows(sp, links, hops, core);
#define SEARCH(H, R) search(rows, H, sp->valid, sp->words, shift, R)
        SIM_FIT_DISPATCH(SEARCH, hops, rounds)
#undef SEARCH
}

#endif
