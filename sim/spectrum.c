#include "spectrum.h"

#include <stdlib.h>

int sim_spectrum_init(struct sim_spectrum *sp, int n_links, int cores, int slots,
                      struct rg_errbuf *eb)
{
        memset(sp, 0, sizeof(*sp));
        if (cores < 1 || cores > SIM_MAX_CORES)
                return rg_fail(eb, RG_RANGE, "cores_per_link must be 1..%d", SIM_MAX_CORES);
        if (slots < 1 || slots > SIM_MAX_SLOTS)
                return rg_fail(eb, RG_RANGE, "c_band (slots per core) must be 1..%d",
                               SIM_MAX_SLOTS);
        if (n_links < 1)
                return rg_fail(eb, RG_RANGE, "no links");
        sp->n_links = n_links;
        sp->cores = cores;
        sp->slots = slots;
        sp->words = (slots + 63) / 64;
        sp->occ = calloc((size_t)n_links * (size_t)cores * (size_t)sp->words + SIM_ROW_PAD,
                         sizeof(uint64_t));
        sp->full = calloc((size_t)n_links * (size_t)cores, sizeof(uint64_t));
        sp->rows = calloc((size_t)n_links, sizeof(*sp->rows));
        if (sp->occ == NULL || sp->full == NULL || sp->rows == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory for the spectrum");
        sim_spectrum_range_mask(sp->valid, sp->words, 0, slots);
        sp->kernel = SIM_KERNEL_WORDS;
        for (int k = SIM_KERNEL_COUNT - 1; k > SIM_KERNEL_WORDS; k--)
                if (sim_fit_kernel_supported((enum sim_fit_kernel)k)) {
                        sp->kernel = (enum sim_fit_kernel)k;
                        break;
                }
        return RG_OK;
}

const char *sim_fit_kernel_name(enum sim_fit_kernel k)
{
        switch (k) {
        case SIM_KERNEL_WORDS:
                return "portable";
        case SIM_KERNEL_AVX2:
                return "AVX2";
        case SIM_KERNEL_AVX512:
                return "AVX-512";
        case SIM_KERNEL_COUNT:
                break;
        }
        return "?";
}

bool sim_fit_kernel_supported(enum sim_fit_kernel k)
{
        switch (k) {
        case SIM_KERNEL_WORDS:
                return true;
#if SIM_FIT_X86
        case SIM_KERNEL_AVX2:
                return __builtin_cpu_supports("avx2");
        case SIM_KERNEL_AVX512:
                /* the search's instructions: F (loads, shifts, align) and
                 * VBMI2 (the double-word shift) */
                return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vbmi2");
#endif
        default:
                return false;
        }
}

void sim_spectrum_finish(struct sim_spectrum *sp)
{
        if (sp == NULL)
                return;
        free(sp->occ);
        free(sp->full);
        free(sp->rows);
        sp->occ = NULL;
        sp->full = NULL;
        sp->rows = NULL;
}

static size_t total_words(const struct sim_spectrum *sp)
{
        return (size_t)sp->n_links * (size_t)sp->cores * (size_t)sp->words;
}

void sim_spectrum_clear(struct sim_spectrum *sp)
{
        memset(sp->occ, 0, total_words(sp) * sizeof(uint64_t));
        memset(sp->full, 0, (size_t)sp->n_links * (size_t)sp->cores * sizeof(uint64_t));
}

/* Word w of a row is full when every slot that exists in it is taken. */
static inline uint64_t full_bit(const struct sim_spectrum *sp, int w, uint64_t word)
{
        return (uint64_t)((word | ~sp->valid[w]) == ~0ull) << w;
}

void sim_spectrum_reindex(struct sim_spectrum *sp)
{
        for (size_t row = 0; row < (size_t)sp->n_links * (size_t)sp->cores; row++) {
                const uint64_t *occ = sp->occ + row * (size_t)sp->words;
                sp->full[row] = 0;
                for (int w = 0; w < sp->words; w++)
                        sp->full[row] |= full_bit(sp, w, occ[w]);
        }
}

bool sim_spectrum_empty(const struct sim_spectrum *sp)
{
        size_t n = total_words(sp);
        for (size_t i = 0; i < n; i++)
                if (sp->occ[i])
                        return false;
        return true;
}

uint64_t sim_spectrum_used(const struct sim_spectrum *sp)
{
        uint64_t used = 0;
        size_t n = total_words(sp);
        for (size_t i = 0; i < n; i++)
                used += (uint64_t)__builtin_popcountll(sp->occ[i]);
        return used;
}

void sim_spectrum_range_mask(uint64_t *out, int words, int start, int width)
{
        for (int w = 0; w < words; w++) {
                int lo = w * 64, hi = lo + 64;
                int a = start > lo ? start : lo;
                int b = start + width < hi ? start + width : hi;
                if (a >= b) {
                        out[w] = 0;
                        continue;
                }
                int n = b - a;
                uint64_t bits = n == 64 ? ~0ull : ((1ull << n) - 1);
                out[w] = bits << (a - lo);
        }
}

int sim_spectrum_best_run(const uint64_t *free_mask, int words, int width, int *run_len)
{
        int best = -1, best_len = 0;
        int slot = 0, limit = words * 64;
        while (slot < limit) {
                /* next free slot at or after `slot` */
                int w = slot >> 6;
                uint64_t bits = free_mask[w] & (~0ull << (slot & 63));
                while (!bits && ++w < words)
                        bits = free_mask[w];
                if (!bits)
                        break;
                int start = w * 64 + __builtin_ctzll(bits);
                /* next occupied (or missing) slot after `start` */
                w = start >> 6;
                uint64_t holes = ~free_mask[w] & (~0ull << (start & 63));
                while (!holes && ++w < words)
                        holes = ~free_mask[w];
                int end = holes ? w * 64 + __builtin_ctzll(holes) : limit;
                int len = end - start;
                if (len >= width && (best < 0 || len < best_len)) {
                        best = start;
                        best_len = len;
                }
                slot = end;
        }
        if (run_len)
                *run_len = best_len;
        return best;
}

/* The bits of [start, end) that fall in word w (which it must touch). */
static inline uint64_t span_word(int w, int start, int end)
{
        uint64_t lo = w == start >> 6 ? ~0ull << (start & 63) : ~0ull;
        uint64_t hi = w == (end - 1) >> 6 ? ~0ull >> (63 - ((end - 1) & 63)) : ~0ull;
        return lo & hi;
}

/*
 * Sets (take) or clears (!take) [start, start + width) on every link of the
 * path, after checking on every link that all of it is free (take) or all
 * of it is held (!take); on a failed check nothing changes.  Both checks
 * must pass before the first write so a bad call cannot half-apply.  Only
 * the words the range spans are touched.
 */
static int apply(struct sim_spectrum *sp, const int *links, int hops, int core, int start,
                 int width, bool take)
{
        if (start < 0 || width < 1 || start + width > sp->slots)
                return RG_INVARIANT;
        const int end = start + width, w0 = start >> 6, w1 = (end - 1) >> 6;
        const size_t stride = (size_t)sp->cores * (size_t)sp->words;
        uint64_t *base = sp->occ + (size_t)core * (size_t)sp->words;
        if (w0 == w1) {
                /* the common case: one word */
                const uint64_t mask = span_word(w0, start, end), want = take ? 0 : mask;
                for (int h = 0; h < hops; h++)
                        if ((base[(size_t)links[h] * stride + (size_t)w0] & mask) != want)
                                return RG_INVARIANT;
                for (int h = 0; h < hops; h++) {
                        uint64_t *word = &base[(size_t)links[h] * stride + (size_t)w0];
                        *word = take ? *word | mask : *word & ~mask;
                        uint64_t *full =
                            &sp->full[(size_t)links[h] * (size_t)sp->cores + (size_t)core];
                        *full = (*full & ~(1ull << w0)) | full_bit(sp, w0, *word);
                }
                return RG_OK;
        }
        for (int h = 0; h < hops; h++) {
                const uint64_t *row = base + (size_t)links[h] * stride;
                for (int w = w0; w <= w1; w++) {
                        uint64_t mask = span_word(w, start, end);
                        if ((row[w] & mask) != (take ? 0 : mask))
                                return RG_INVARIANT;
                }
        }
        for (int h = 0; h < hops; h++) {
                uint64_t *row = base + (size_t)links[h] * stride;
                uint64_t *full = &sp->full[(size_t)links[h] * (size_t)sp->cores + (size_t)core];
                for (int w = w0; w <= w1; w++) {
                        uint64_t mask = span_word(w, start, end);
                        row[w] = take ? row[w] | mask : row[w] & ~mask;
                        *full = (*full & ~(1ull << w)) | full_bit(sp, w, row[w]);
                }
        }
        return RG_OK;
}

int sim_spectrum_assign(struct sim_spectrum *sp, const int *links, int hops, int core, int start,
                        int width)
{
        return apply(sp, links, hops, core, start, width, true);
}

int sim_spectrum_release(struct sim_spectrum *sp, const int *links, int hops, int core, int start,
                         int width)
{
        return apply(sp, links, hops, core, start, width, false);
}
