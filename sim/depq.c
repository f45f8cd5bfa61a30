#include "depq.h"

#include <stdlib.h>
#include <string.h>

void sim_depq_init(struct sim_depq *q)
{
        memset(q, 0, sizeof(*q));
}

void sim_depq_finish(struct sim_depq *q)
{
        if (q == NULL)
                return;
        for (int b = 0; b < SIM_DEPQ_BUCKETS; b++)
                free(q->bucket[b]);
        sim_depq_init(q);
}

void sim_depq_clear(struct sim_depq *q)
{
        q->n = 0;
        q->last = q->top = q->mask = 0;
        memset(q->len, 0, sizeof(q->len));
}

bool sim_depq_grow(struct sim_depq *q, int b)
{
        const uint32_t cap = q->cap[b] ? 2 * q->cap[b] : 64;
        if (cap <= q->cap[b])
                return false;
        struct sim_departure *a = realloc(q->bucket[b], (size_t)cap * sizeof(*a));
        if (a == NULL)
                return false;
        q->bucket[b] = a;
        q->cap[b] = cap;
        return true;
}
