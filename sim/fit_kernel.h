/*
 * What the SIMD first-fit kernels (fit_avx2.c, fit_avx512.c) share: the
 * path's rows and the dispatch to a search unrolled for the common hop
 * counts and round counts (the doubling's shifts are in spectrum.h, shared
 * with the portable search).  Private to sim/.
 */
#ifndef ROLLGATE_SIM_FIT_KERNEL_H
#define ROLLGATE_SIM_FIT_KERNEL_H

#include "spectrum.h"

/* The path's rows on `core`, in sp's scratch array (a kernel searches one
 * path at a time). */
static inline const uint64_t *const *sim_fit_rows(const struct sim_spectrum *sp, const int *links,
                                                  int hops, int core)
{
        const uint64_t **row = sp->rows;
        for (int h = 0; h < hops; h++)
                row[h] = sim_spectrum_row(sp, links[h], core);
        return row;
}

/*
 * Returns CALL(H, R) with H and R constants for 1-3 hops and 0-4 rounds (so
 * that the always-inlined search unrolls its OR and its doubling), and with
 * the runtime values otherwise.  CALL is a function-like macro of the caller.
 */
#define SIM_FIT_BY_ROUNDS(CALL, H, rounds)                                                         \
        switch (rounds) {                                                                          \
        case 0:                                                                                    \
                return CALL(H, 0);                                                                 \
        case 1:                                                                                    \
                return CALL(H, 1);                                                                 \
        case 2:                                                                                    \
                return CALL(H, 2);                                                                 \
        case 3:                                                                                    \
                return CALL(H, 3);                                                                 \
        case 4:                                                                                    \
                return CALL(H, 4);                                                                 \
        default:                                                                                   \
                return CALL(H, rounds);                                                            \
        }

#define SIM_FIT_DISPATCH(CALL, hops, rounds)                                                       \
        switch (hops) {                                                                            \
        case 1:                                                                                    \
                SIM_FIT_BY_ROUNDS(CALL, 1, rounds)                                                 \
        case 2:                                                                                    \
                SIM_FIT_BY_ROUNDS(CALL, 2, rounds)                                                 \
        case 3:                                                                                    \
                SIM_FIT_BY_ROUNDS(CALL, 3, rounds)                                                 \
        default:                                                                                   \
                SIM_FIT_BY_ROUNDS(CALL, hops, rounds)                                              \
        }

#endif
