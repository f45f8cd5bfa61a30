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
 * w + j, and the runs are grown on the 512 bits as one string by tripling
 * (sim_spectrum_fit_triples): a round ANDs x with x shifted by a and by b,
 * one ternary op, where each lane's shift is a double-word shift (vpshrdvq)
 * of itself and `above`, the lane above it as far grown.  After the rounds
 * bit i of lane j is set when slots i .. i + width - 1 above word w + j are
 * all free, for lanes 0 .. 6.  With width <= 64 those runs end at most in
 * the word above, so no bit on their way depends on a word two up: `above`
 * is taken once a block (a lane shift, lane 7 getting zeros) and then grown
 * by the same rounds within each lane, plain shifts bringing in zeros.  Its
 * bits so grown are exact wherever they stand for slots inside their word,
 * and a round reads only its bits below b, which stand for slots below
 * b + len - 1 < width <= 64 (len: the run length so far); where a run does
 * leave the word, the zeros only lose it.  Lane 7, with zeros above, finds
 * the runs inside its word, which start below any run leaving it, and may
 * miss only a run crossing into the word above; so the blocks overlap by a
 * word (the next one starts at w + 7, with that word in lane 0) and a hit in
 * lane 7 is still the lowest start.  A round costs two funnel shifts and a
 * ternary AND on the string, and two shifts and a ternary AND on `above`,
 * off the string's chain; tripling takes a width of 64 in 4 rounds, not 6.
 * Against doubling with a lane shift each round: bench --floor 142.2 ->
 * 138.8 ns/request (five alternating pairs), 4096 slots at the same
 * blocking about 4 % faster.
 *
 * The rounds' shifts are constants but the last round's (a, b), registers.
 * A block of whole words inside the row is read with plain loads and the
 * NOT folded into the OR of the rows; the block at the row's end reads
 * masked loads (masked lanes read nothing) and the `valid` mask.
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
 * The search over `hops` rows with `rounds` tripling rounds, the last by
 * (la, lb).  Always inlined, and called with constant hops and rounds
 * for the common cases, so that the OR over the rows and the doubling are
 * unrolled with constant shifts.  `whole`: the row's words that exist in
 * full.
 */
AVX512 INLINE int search(const uint64_t *const *row, int hops, const uint64_t *valid, int words,
                         int whole, int rounds, int la, int lb)
{
        static const int third[] = {1, 3, 9, 27}; /* the run so far, round by round */
        const __m512i last_a = _mm512_set1_epi64(la), last_b = _mm512_set1_epi64(lb);
        for (int w = 0;; w += BLOCK_STEP) {
                __m512i x = w + 8 <= whole ? block_inner(row, hops, w)
                                           : block_edge(row, hops, valid, words, w);
                __m512i above = _mm512_alignr_epi64(_mm512_setzero_si512(), x, 1);
                for (int r = 0; r < rounds; r++) {
                        const bool last_round = r + 1 == rounds;
                        const __m512i a = last_round ? last_a : _mm512_set1_epi64(third[r]);
                        const __m512i b = last_round ? last_b : _mm512_set1_epi64(2 * third[r]);
                        x = _mm512_ternarylogic_epi64(x, _mm512_shrdv_epi64(x, above, a),
                                                      _mm512_shrdv_epi64(x, above, b), 0x80);
                        if (!last_round)
                                above =
                                    _mm512_ternarylogic_epi64(above, _mm512_srlv_epi64(above, a),
                                                              _mm512_srlv_epi64(above, b), 0x80);
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
        int la, lb;
        const int rounds = sim_spectrum_fit_triples(width, &la, &lb);
        const uint64_t *const *rows = sim_fit_rows(sp, links, hops, core);
#define SEARCH(H, R) search(rows, H, sp->valid, sp->words, sp->slots / 64, R, la, lb)
        SIM_FIT_DISPATCH(SEARCH, hops, rounds)
#undef SEARCH
}

#endif
