#include "ksp.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * A binary min-heap on (key, seq).  seq is an insertion counter, unique per
 * heap user, so equal keys pop in insertion order exactly as Python's heapq
 * does with (key, next(counter), item) tuples.
 */
struct heap_item {
        double key;
        uint64_t seq;
        int val;
};

struct heap {
        struct heap_item *a;
        int n, cap;
};

static bool item_less(const struct heap_item *x, const struct heap_item *y)
{
        return x->key < y->key || (x->key == y->key && x->seq < y->seq);
}

static int heap_push(struct heap *h, double key, uint64_t seq, int val)
{
        if (h->n == h->cap) {
                int cap = h->cap ? 2 * h->cap : 64;
                void *p = realloc(h->a, (size_t)cap * sizeof(*h->a));
                if (p == NULL)
                        return RG_NOMEM;
                h->a = p;
                h->cap = cap;
        }
        int i = h->n++;
        struct heap_item it = {key, seq, val};
        while (i > 0) {
                int parent = (i - 1) / 2;
                if (!item_less(&it, &h->a[parent]))
                        break;
                h->a[i] = h->a[parent];
                i = parent;
        }
        h->a[i] = it;
        return RG_OK;
}

static struct heap_item heap_pop(struct heap *h)
{
        struct heap_item top = h->a[0];
        struct heap_item last = h->a[--h->n];
        int i = 0;
        for (;;) {
                int c = 2 * i + 1;
                if (c >= h->n)
                        break;
                if (c + 1 < h->n && item_less(&h->a[c + 1], &h->a[c]))
                        c++;
                if (!item_less(&h->a[c], &last))
                        break;
                h->a[i] = h->a[c];
                i = c;
        }
        if (h->n > 0)
                h->a[i] = last;
        return top;
}

/* Scratch for one (source, target) search; sized for the topology. */
struct work {
        const struct sim_topology *t;
        int n;
        struct heap fringe[2];
        bool *final[2];
        bool *seen_set[2];
        double *seen[2];
        int *pred[2];
        bool *ignore_node;
        bool *ignore_link;
        bool any_ignored;
        int *found; /* materialised best path, n entries */
        int found_len;
        int *chain; /* scratch for walking a predecessor chain */
};

static int weight_link(const struct sim_topology *t, int off)
{
        return t->adj_link[off];
}

/* Writes the meeting path s .. w .. t through the two predecessor trees. */
static void materialise(struct work *w, int meet)
{
        int len = 0;
        for (int v = meet; v >= 0; v = w->pred[0][v])
                w->chain[len++] = v;
        int out = 0;
        for (int i = len - 1; i >= 0; i--)
                w->found[out++] = w->chain[i];
        for (int v = w->pred[1][meet]; v >= 0; v = w->pred[1][v])
                w->found[out++] = v;
        w->found_len = out;
}

/*
 * networkx's _bidirectional_dijkstra: both fringes share one counter, the
 * forward direction expands first, the search stops when a node is settled
 * from both sides, and the best meeting point is updated only on a strictly
 * shorter total.  Returns true and fills w->found when a path exists.
 */
static bool bidi_dijkstra(struct work *w, int src, int dst, double *length, int *rc)
{
        const struct sim_topology *t = w->t;
        *rc = RG_OK;
        if (w->ignore_node[src] || w->ignore_node[dst])
                return false;
        if (src == dst) {
                w->found[0] = src;
                w->found_len = 1;
                *length = 0;
                return true;
        }
        for (int d = 0; d < 2; d++) {
                memset(w->final[d], 0, (size_t)w->n * sizeof(bool));
                memset(w->seen_set[d], 0, (size_t)w->n * sizeof(bool));
                w->fringe[d].n = 0;
        }
        uint64_t counter = 0;
        w->seen_set[0][src] = true;
        w->seen[0][src] = 0;
        w->pred[0][src] = -1;
        w->seen_set[1][dst] = true;
        w->seen[1][dst] = 0;
        w->pred[1][dst] = -1;
        if (heap_push(&w->fringe[0], 0, counter++, src) ||
            heap_push(&w->fringe[1], 0, counter++, dst)) {
                *rc = RG_NOMEM;
                return false;
        }
        bool have = false;
        double best = 0;
        int dir = 1;
        while (w->fringe[0].n > 0 && w->fringe[1].n > 0) {
                dir = 1 - dir;
                struct heap_item it = heap_pop(&w->fringe[dir]);
                int v = it.val;
                if (w->final[dir][v])
                        continue;
                w->final[dir][v] = true;
                double dv = it.key;
                if (w->final[1 - dir][v]) {
                        *length = best;
                        return have;
                }
                for (int off = t->adj_off[v]; off < t->adj_off[v + 1]; off++) {
                        int x = t->adj_node[off];
                        int link = weight_link(t, off);
                        if (w->ignore_node[x] || w->ignore_link[link])
                                continue;
                        double len = dv + t->links[link].km;
                        if (w->final[dir][x])
                                continue;
                        if (w->seen_set[dir][x] && !(len < w->seen[dir][x]))
                                continue;
                        w->seen_set[dir][x] = true;
                        w->seen[dir][x] = len;
                        w->pred[dir][x] = v;
                        if (heap_push(&w->fringe[dir], len, counter++, x)) {
                                *rc = RG_NOMEM;
                                return false;
                        }
                        if (w->seen_set[0][x] && w->seen_set[1][x]) {
                                double total = w->seen[0][x] + w->seen[1][x];
                                if (!have || best > total) {
                                        have = true;
                                        best = total;
                                        materialise(w, x);
                                }
                        }
                }
        }
        return false;
}

/* One candidate of Yen's buffer. */
struct cand {
        double cost;
        int len;
        int *nodes;
};

struct cand_buf {
        struct cand *c;
        int n, cap;
        struct heap order; /* (cost, seq) -> index into c */
        uint64_t seq;
};

static bool same_path(const int *a, int alen, const int *b, int blen)
{
        return alen == blen && memcmp(a, b, (size_t)alen * sizeof(int)) == 0;
}

/* PathBuffer.push: ignores a path already waiting in the buffer. */
static int cand_push(struct cand_buf *b, double cost, const int *nodes, int len)
{
        for (int i = 0; i < b->order.n; i++) {
                const struct cand *c = &b->c[b->order.a[i].val];
                if (same_path(c->nodes, c->len, nodes, len))
                        return RG_OK;
        }
        if (b->n == b->cap) {
                int cap = b->cap ? 2 * b->cap : 16;
                void *p = realloc(b->c, (size_t)cap * sizeof(*b->c));
                if (p == NULL)
                        return RG_NOMEM;
                b->c = p;
                b->cap = cap;
        }
        int *copy = malloc((size_t)len * sizeof(int));
        if (copy == NULL)
                return RG_NOMEM;
        memcpy(copy, nodes, (size_t)len * sizeof(int));
        b->c[b->n] = (struct cand){cost, len, copy};
        if (heap_push(&b->order, cost, b->seq++, b->n) != RG_OK) {
                free(copy);
                return RG_NOMEM;
        }
        b->n++;
        return RG_OK;
}

static void cand_reset(struct cand_buf *b)
{
        for (int i = 0; i < b->n; i++)
                free(b->c[i].nodes);
        b->n = 0;
        b->order.n = 0;
        b->seq = 0;
}

struct accepted {
        int len[SIM_MAX_K];
        int *nodes[SIM_MAX_K];
        double cost[SIM_MAX_K];
        int n;
};

/* Yen's loop in networkx's form: spur searches from every node of the last
 * accepted path, with ignored edges accumulating along the root. */
static int yen(struct work *w, struct cand_buf *buf, struct accepted *acc, int src, int dst, int k,
               int *spur)
{
        int rc = RG_OK;
        cand_reset(buf);
        acc->n = 0;
        while (acc->n < k) {
                if (acc->n == 0) {
                        memset(w->ignore_node, 0, (size_t)w->n * sizeof(bool));
                        memset(w->ignore_link, 0, (size_t)w->t->n_links * sizeof(bool));
                        double len;
                        if (!bidi_dijkstra(w, src, dst, &len, &rc))
                                return rc;
                        rc = cand_push(buf, len, w->found, w->found_len);
                } else {
                        const int *prev = acc->nodes[acc->n - 1];
                        int prev_len = acc->len[acc->n - 1];
                        memset(w->ignore_node, 0, (size_t)w->n * sizeof(bool));
                        memset(w->ignore_link, 0, (size_t)w->t->n_links * sizeof(bool));
                        double root_len = 0;
                        for (int i = 1; i < prev_len && rc == RG_OK; i++) {
                                if (i >= 2) {
                                        int l = sim_topology_link_between(w->t, prev[i - 2],
                                                                          prev[i - 1]);
                                        root_len += w->t->links[l].km;
                                }
                                for (int a = 0; a < acc->n; a++) {
                                        if (acc->len[a] > i &&
                                            memcmp(acc->nodes[a], prev, (size_t)i * sizeof(int)) ==
                                                0) {
                                                int l = sim_topology_link_between(
                                                    w->t, acc->nodes[a][i - 1], acc->nodes[a][i]);
                                                w->ignore_link[l] = true;
                                        }
                                }
                                double len;
                                if (bidi_dijkstra(w, prev[i - 1], dst, &len, &rc)) {
                                        memcpy(spur, prev, (size_t)(i - 1) * sizeof(int));
                                        memcpy(spur + i - 1, w->found,
                                               (size_t)w->found_len * sizeof(int));
                                        rc = cand_push(buf, root_len + len, spur,
                                                       i - 1 + w->found_len);
                                }
                                w->ignore_node[prev[i - 1]] = true;
                        }
                }
                if (rc != RG_OK)
                        return rc;
                if (buf->order.n == 0)
                        break;
                struct heap_item top = heap_pop(&buf->order);
                struct cand *c = &buf->c[top.val];
                acc->nodes[acc->n] = c->nodes;
                acc->len[acc->n] = c->len;
                acc->cost[acc->n] = c->cost;
                acc->n++;
        }
        return RG_OK;
}

static int grow(int **arr, int *cap, int need)
{
        if (need <= *cap)
                return RG_OK;
        int c = *cap ? *cap : 1024;
        while (c < need)
                c *= 2;
        int *p = realloc(*arr, (size_t)c * sizeof(int));
        if (p == NULL)
                return RG_NOMEM;
        *arr = p;
        *cap = c;
        return RG_OK;
}

void sim_paths_destroy(struct sim_paths *p)
{
        if (p == NULL)
                return;
        free(p->count);
        free(p->path);
        free(p->nodes);
        free(p->links);
        free(p);
}

int sim_paths_build(const struct sim_topology *t, int k, struct sim_paths **out,
                    struct rg_errbuf *eb)
{
        *out = NULL;
        if (k < 1 || k > SIM_MAX_K)
                return rg_fail(eb, RG_RANGE, "k_paths must be 1..%d", SIM_MAX_K);
        if (!t->finished)
                return rg_fail(eb, RG_INTERNAL, "topology not finished");
        int n = t->n_nodes;
        size_t pairs = (size_t)n * (size_t)n;
        struct sim_paths *p = calloc(1, sizeof(*p));
        struct work w = {.t = t, .n = n};
        struct cand_buf buf = {0};
        struct accepted acc = {0};
        int *spur = malloc((size_t)(2 * n + 2) * sizeof(int));
        int rc = RG_OK;
        bool ok = p && spur;
        for (int d = 0; d < 2 && ok; d++) {
                w.final[d] = malloc((size_t)n * sizeof(bool));
                w.seen_set[d] = malloc((size_t)n * sizeof(bool));
                w.seen[d] = malloc((size_t)n * sizeof(double));
                w.pred[d] = malloc((size_t)n * sizeof(int));
                ok = w.final[d] && w.seen_set[d] && w.seen[d] && w.pred[d];
        }
        w.ignore_node = calloc((size_t)n, sizeof(bool));
        w.ignore_link = calloc((size_t)t->n_links, sizeof(bool));
        w.found = malloc((size_t)(2 * n + 2) * sizeof(int));
        w.chain = malloc((size_t)(n + 1) * sizeof(int));
        ok = ok && w.ignore_node && w.ignore_link && w.found && w.chain;
        if (ok) {
                p->n_nodes = n;
                p->k = k;
                p->count = calloc(pairs, sizeof(int));
                p->path = calloc(pairs * (size_t)k, sizeof(struct sim_path));
                ok = p->count && p->path;
        }
        if (!ok) {
                rc = rg_fail(eb, RG_NOMEM, "out of memory building the path table");
                goto out;
        }
        int node_fill = 0, link_fill = 0, node_cap = 0, link_cap = 0;
        for (int s = 0; s < n; s++) {
                for (int d = 0; d < n; d++) {
                        if (s == d)
                                continue;
                        rc = yen(&w, &buf, &acc, s, d, k, spur);
                        if (rc != RG_OK) {
                                rg_fail(eb, rc, "out of memory building the path table");
                                goto out;
                        }
                        size_t pair = (size_t)s * (size_t)n + (size_t)d;
                        p->count[pair] = acc.n;
                        if (grow(&p->nodes, &node_cap, node_fill + acc.n * n) ||
                            grow(&p->links, &link_cap, link_fill + acc.n * n)) {
                                rc = rg_fail(eb, RG_NOMEM, "out of memory building the path table");
                                goto out;
                        }
                        for (int i = 0; i < acc.n; i++) {
                                struct sim_path *path = &p->path[pair * (size_t)k + (size_t)i];
                                path->hops = acc.len[i] - 1;
                                path->node_off = node_fill;
                                path->link_off = link_fill;
                                path->km = 0;
                                for (int j = 0; j < acc.len[i]; j++)
                                        p->nodes[node_fill++] = acc.nodes[i][j];
                                for (int j = 0; j + 1 < acc.len[i]; j++) {
                                        int l = sim_topology_link_between(t, acc.nodes[i][j],
                                                                          acc.nodes[i][j + 1]);
                                        p->links[link_fill++] = l;
                                        path->km += t->links[l].km;
                                }
                        }
                }
        }
        *out = p;
        p = NULL;
out:
        cand_reset(&buf);
        free(buf.c);
        free(buf.order.a);
        for (int d = 0; d < 2; d++) {
                free(w.fringe[d].a);
                free(w.final[d]);
                free(w.seen_set[d]);
                free(w.seen[d]);
                free(w.pred[d]);
        }
        free(w.ignore_node);
        free(w.ignore_link);
        free(w.found);
        free(w.chain);
        free(spur);
        sim_paths_destroy(p);
        return rc;
}
