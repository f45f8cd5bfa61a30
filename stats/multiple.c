#include "multiple.h"

#include <math.h>
#include <stdlib.h>

struct ranked {
        double p;
        int index;
};

/* Ties keep input order (qsort is not stable), so the result never depends
 * on the C library's sort. */
static int ranked_cmp(const void *va, const void *vb)
{
        const struct ranked *a = va, *b = vb;
        if (a->p != b->p)
                return a->p < b->p ? -1 : 1;
        return (a->index > b->index) - (a->index < b->index);
}

/* adj_(i) = min(1, max_{j <= i} (m - j + 1) p_(j)): the running maximum makes
 * the adjusted values monotone in the raw ones, as the step-down procedure
 * stops at its first non-rejection. */
int stats_holm(const double *p, int m, double *adjusted)
{
        if (p == NULL || adjusted == NULL || m < 1)
                return RG_RANGE;
        for (int i = 0; i < m; i++)
                if (!(p[i] >= 0.0 && p[i] <= 1.0))
                        return RG_RANGE;

        struct ranked *r = malloc((size_t)m * sizeof(*r));
        if (r == NULL)
                return RG_NOMEM;
        for (int i = 0; i < m; i++)
                r[i] = (struct ranked){.p = p[i], .index = i};
        qsort(r, (size_t)m, sizeof(*r), ranked_cmp);

        double running = 0.0;
        for (int j = 0; j < m; j++) {
                running = fmax(running, (double)(m - j) * r[j].p);
                adjusted[r[j].index] = fmin(1.0, running);
        }
        free(r);
        return RG_OK;
}
