/*
 * Spectrum occupancy: one bitset of `slots` bits per (link, core), one bit per
 * slot, 64 slots a word (bit i of word w is slot 64 w + i; set = occupied).
 * A path's free spectrum on a core is the complement of the OR over its links.
 *
 * The search primitives are inline because they are the simulator's hot loop.
 * A sim_spectrum is caller-owned (init/finish); it belongs to one job and is
 * never shared between threads.
 */
#ifndef SIM_SPECTRUM_H
#define SIM_SPECTRUM_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "../common/error.h"

#define SIM_MAX_WORDS 64 /* 4096 slots per core */
#define SIM_MAX_SLOTS (SIM_MAX_WORDS * 64)
#define SIM_MAX_CORES 64
/* words past a row's end that a search may read (masked off by `valid`) */
#define SIM_ROW_PAD 4

/* sim/fit_avx2.c and sim/fit_avx512.c: first fit four or eight words at a
 * time, built on x86-64 with GCC or Clang and used when the CPU has AVX2,
 * or AVX-512 F with VBMI2; each searches widths up to its MAX_WIDTH itself
 * and hands wider ones to the portable search */
#if defined(__x86_64__) && defined(__GNUC__)
#define SIM_FIT_X86 1
#else
#define SIM_FIT_X86 0
#endif
#define SIM_FIT_AVX2_MAX_WIDTH 33
#define SIM_FIT_AVX512_MAX_WIDTH 64

/* The first-fit searches, slowest first; all give the same answers. */
enum sim_fit_kernel { SIM_KERNEL_WORDS, SIM_KERNEL_AVX2, SIM_KERNEL_AVX512, SIM_KERNEL_COUNT };

/* "portable", "AVX2", "AVX-512". */
const char *sim_fit_kernel_name(enum sim_fit_kernel k);
/* True when this build and CPU can run k (the portable one always). */
bool sim_fit_kernel_supported(enum sim_fit_kernel k);

enum sim_fit { SIM_FIT_FIRST, SIM_FIT_LAST, SIM_FIT_BEST };

struct sim_spectrum {
        int n_links, cores, slots, words;
        uint64_t *occ;                               /* [(link * cores + core) * words + word] */
        uint64_t valid[SIM_MAX_WORDS + SIM_ROW_PAD]; /* bits of slots that exist */
        /* [link * cores + core]: bit w set when word w of that row has every
         * slot taken (an index kept by assign/release, so that first fit
         * skips a path's words that some link fills without reading them) */
        uint64_t *full;
        /* first fit's scratch: the path's rows, n_links entries (a path never
         * repeats a link); written by the search though the spectrum is const */
        const uint64_t **rows;
        /* the first-fit search: init picks the fastest the CPU supports;
         * tests and benchmarks may set any supported one */
        enum sim_fit_kernel kernel;
};

int sim_spectrum_init(struct sim_spectrum *sp, int n_links, int cores, int slots,
                      struct rg_errbuf *eb);
void sim_spectrum_finish(struct sim_spectrum *sp);

/* Clears every slot (reuse between runs without reallocating). */
void sim_spectrum_clear(struct sim_spectrum *sp);

/* True when no slot of any link and core is occupied. */
bool sim_spectrum_empty(const struct sim_spectrum *sp);

/* Recomputes the full-word index from the bitsets, for code that writes
 * `occ` directly (tests). */
void sim_spectrum_reindex(struct sim_spectrum *sp);

/* Number of occupied slots over all links and cores. */
uint64_t sim_spectrum_used(const struct sim_spectrum *sp);

static inline const uint64_t *sim_spectrum_row(const struct sim_spectrum *sp, int link, int core)
{
        return sp->occ + ((size_t)link * (size_t)sp->cores + (size_t)core) * (size_t)sp->words;
}

/* free[] = slots free on every link of the path on `core`. */
static inline void sim_spectrum_path_free(const struct sim_spectrum *sp, const int *links, int hops,
                                          int core, uint64_t *free_out)
{
        const int words = sp->words;
        uint64_t used[SIM_MAX_WORDS];
        const uint64_t *row = sim_spectrum_row(sp, links[0], core);
        for (int w = 0; w < words; w++)
                used[w] = row[w];
        for (int h = 1; h < hops; h++) {
                row = sim_spectrum_row(sp, links[h], core);
                for (int w = 0; w < words; w++)
                        used[w] |= row[w];
        }
        for (int w = 0; w < words; w++)
                free_out[w] = ~used[w] & sp->valid[w];
}

/*
 * In place: bit s of m stays set iff bits s .. s + width - 1 were all set, so
 * the result marks every start of a free run of `width` slots.  Log-step
 * doubling: each round ANDs the mask with itself shifted toward slot 0.
 */
static inline void sim_spectrum_run_starts(uint64_t *m, int words, int width)
{
        int len = 1;
        while (len < width) {
                int sh = len < width - len ? len : width - len;
                int ws = sh >> 6, bs = sh & 63;
                for (int w = 0; w < words; w++) {
                        uint64_t lo = w + ws < words ? m[w + ws] : 0;
                        uint64_t hi = w + ws + 1 < words ? m[w + ws + 1] : 0;
                        uint64_t shifted = bs ? (lo >> bs) | (hi << (64 - bs)) : lo;
                        m[w] &= shifted;
                }
                len += sh;
        }
}

static inline int sim_spectrum_lowest(const uint64_t *m, int words)
{
        for (int w = 0; w < words; w++)
                if (m[w])
                        return w * 64 + __builtin_ctzll(m[w]);
        return -1;
}

static inline int sim_spectrum_highest(const uint64_t *m, int words)
{
        for (int w = words - 1; w >= 0; w--)
                if (m[w])
                        return w * 64 + 63 - __builtin_clzll(m[w]);
        return -1;
}

/*
 * Best fit in a free mask: the start of the smallest maximal free run of at
 * least `width` slots; among equal runs the lowest.  *run_len receives its
 * length.  Returns -1 when no run fits.
 */
int sim_spectrum_best_run(const uint64_t *free_mask, int words, int width, int *run_len);

/* Marks [start, start + width) on every link of the path; RG_INVARIANT if
 * any slot was already taken (nothing is changed then). */
int sim_spectrum_assign(struct sim_spectrum *sp, const int *links, int hops, int core, int start,
                        int width);

/* Frees [start, start + width) on every link; RG_INVARIANT if any slot was
 * not occupied (nothing is changed then). */
int sim_spectrum_release(struct sim_spectrum *sp, const int *links, int hops, int core, int start,
                         int width);

/* Bit mask of [start, start + width) into out[words]. */
void sim_spectrum_range_mask(uint64_t *out, int words, int start, int width);

#define SIM_FIT_MAX_ROUNDS 6 /* enough for widths up to 64 */

/*
 * The log-step doubling's shifts for runs of `width` slots (1 <= width <= 64):
 * 1, 2, 4, ... then the rest, each the run length so far or what remains of
 * `width`, whichever is smaller, so no shift exceeds 32.  Returns the number of
 * rounds; width 1 needs none.
 */
static inline int sim_spectrum_fit_shifts(int width, int sh[SIM_FIT_MAX_ROUNDS])
{
        int rounds = 0;
        for (int len = 1; len < width; rounds++) {
                sh[rounds] = len < width - len ? len : width - len;
                len += sh[rounds];
        }
        return rounds;
}

/*
 * The same runs by tripling, for a kernel with a three-way AND (AVX-512's
 * ternary logic): a round ANDs the bits with themselves shifted by a and by
 * b, which makes a run of len one of len + b when a <= len and b - a <= len.
 * So the rounds shift by (len, 2 len) while the run so far fits three times
 * (len 1, 3, 9, 27), and the last by (len, rest) or (rest, rest) for the
 * rest of `width` (1 <= width <= 64).  Returns the number of rounds, the
 * fewest, ceil(log3 width) (at most 4; width 1 needs none), with the last
 * round's shifts in *a and *b (0 when there is no round); the others are
 * (3^r, 2 3^r).
 */
static inline int sim_spectrum_fit_triples(int width, int *a, int *b)
{
        int rounds = 0;
        *a = *b = 0;
        for (int len = 1; len < width; rounds++) {
                const int rest = width - len;
                if (rest > 2 * len) {
                        len *= 3;
                } else {
                        *a = rest > len ? len : rest;
                        *b = rest;
                        len = width;
                }
        }
        return rounds;
}

/*
 * First fit on one core, portable: the lowest start of `width` free slots
 * on every link of the path, or -1.  Word by word from slot 0, stopping at the first
 * word where a run fits: a run inside the word by log-step doubling, or a
 * run carried over from the words below (`carry` free slots at their top)
 * that the word's low free slots complete.  The work is proportional to how
 * far up the band the answer lies, not to the band.
 */
static inline int sim_spectrum_first_fit_words(const struct sim_spectrum *sp, const int *links,
                                               int hops, int core, int width)
{
        const int words = sp->words;
        /* the rows and the doubling's shifts once, not per word */
        const uint64_t **row = sp->rows;
        uint64_t skip = 0; /* words some link of the path has full */
        for (int h = 0; h < hops; h++) {
                row[h] = sim_spectrum_row(sp, links[h], core);
                skip |= sp->full[(size_t)links[h] * (size_t)sp->cores + (size_t)core];
        }
        int shift[SIM_FIT_MAX_ROUNDS], rounds = 0;
        if (width <= 64)
                rounds = sim_spectrum_fit_shifts(width, shift);
        int carry = 0;
        for (int w = 0; w < words; w++) {
                if (skip >> w & 1) {
                        /* jump to the next word not known full: no run
                         * crosses a full word */
                        uint64_t rest = ~skip >> w;
                        if (rest == 0)
                                return -1;
                        w += __builtin_ctzll(rest) - 1;
                        carry = 0;
                        continue;
                }
                uint64_t used = row[0][w];
                for (int h = 1; h < hops; h++)
                        used |= row[h][w];
                const uint64_t x = ~used & sp->valid[w];
                if (x == ~0ull) {
                        if (carry + 64 >= width)
                                return w * 64 - carry;
                        carry += 64;
                        continue;
                }
                /* a run from the words below completed here (with no
                 * carry: a run from this word's slot 0, the lowest start) */
                if (carry + __builtin_ctzll(~x) >= width)
                        return w * 64 - carry;
                if (width <= 64) {
                        uint64_t m = x;
                        for (int r = 0; r < rounds; r++)
                                m &= m >> shift[r];
                        if (m)
                                return w * 64 + __builtin_ctzll(m);
                }
                carry = __builtin_clzll(~x);
        }
        return -1;
}

#if SIM_FIT_X86
/* The same search four words at a time (sim/fit_avx2.c) and eight
 * (sim/fit_avx512.c); the CPU must support the kernel. */
int sim_spectrum_first_fit_avx2(const struct sim_spectrum *sp, const int *links, int hops, int core,
                                int width);
int sim_spectrum_first_fit_avx512(const struct sim_spectrum *sp, const int *links, int hops,
                                  int core, int width);
#endif

/* First fit on one core by the spectrum's kernel: the lowest start, or -1. */
static inline int sim_spectrum_first_fit(const struct sim_spectrum *sp, const int *links, int hops,
                                         int core, int width)
{
#if SIM_FIT_X86
        if (sp->kernel == SIM_KERNEL_AVX512)
                return sim_spectrum_first_fit_avx512(sp, links, hops, core, width);
        if (sp->kernel == SIM_KERNEL_AVX2)
                return sim_spectrum_first_fit_avx2(sp, links, hops, core, width);
#endif
        return sim_spectrum_first_fit_words(sp, links, hops, core, width);
}

/*
 * Searches a path for `width` contiguous slots free on every link under the
 * fit policy; on success sets *core and *start and returns true.
 *   first: lowest core, then lowest start;
 *   last:  lowest core, then highest start;
 *   best:  the smallest maximal free run that fits over all cores (ties: the
 *          lowest core, then the lowest start), placed at the run's start.
 */
static inline bool sim_spectrum_find(const struct sim_spectrum *sp, const int *links, int hops,
                                     int width, enum sim_fit fit, int *core, int *start)
{
        uint64_t m[SIM_MAX_WORDS];
        if (width > sp->slots)
                return false;
        if (fit == SIM_FIT_BEST) {
                int best_len = 0;
                bool found = false;
                for (int c = 0; c < sp->cores; c++) {
                        sim_spectrum_path_free(sp, links, hops, c, m);
                        int len;
                        int s = sim_spectrum_best_run(m, sp->words, width, &len);
                        if (s >= 0 && (!found || len < best_len)) {
                                found = true;
                                best_len = len;
                                *core = c;
                                *start = s;
                        }
                }
                return found;
        }
        if (fit == SIM_FIT_FIRST) {
                for (int c = 0; c < sp->cores; c++) {
                        int s = sim_spectrum_first_fit(sp, links, hops, c, width);
                        if (s >= 0) {
                                *core = c;
                                *start = s;
                                return true;
                        }
                }
                return false;
        }
        for (int c = 0; c < sp->cores; c++) {
                sim_spectrum_path_free(sp, links, hops, c, m);
                sim_spectrum_run_starts(m, sp->words, width);
                int s = fit == SIM_FIT_FIRST ? sim_spectrum_lowest(m, sp->words)
                                             : sim_spectrum_highest(m, sp->words);
                if (s >= 0) {
                        *core = c;
                        *start = s;
                        return true;
                }
        }
        return false;
}

#endif
