#include "ksp.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * A binary min-heap on (key, seq).  seq is an insertion counter, unique per
 * heap user, so equal keys pop in insertion order exactly as Python's heapq
 * does with (key, next(counter), item) tuples.  32 bits are plenty (a search
 * pushes at most twice per link end, and SIM_MAX_NODES bounds the links) and
 * keep an item at 16 bytes: the heap is most of the search's time.
 */
struct heap_item {
        double key;
        uint32_t seq;
        int val;
};

struct heap {
        struct heap_item *a;
        int n, cap;
};

/* Keys are never negative (distances and path lengths), and the bits of a
 * non-negative double order as its value does: compared as integers, with
 * no branch (which child of a heap node is smaller is a coin toss). */
static bool item_less(const struct heap_item *x, const struct heap_item *y)
{
        uint64_t a, b;
        memcpy(&a, &x->key, sizeof(a));
        memcpy(&b, &y->key, sizeof(b));
        return (a < b) | ((a == b) & (x->seq < y->seq));
}

static int heap_push(struct heap *h, double key, uint32_t seq, int val)
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

/* Bottom-up: the hole at the top sinks to a leaf along the smaller
 * children, one comparison a level, and the last item rises from there
 * (rarely far: it came from the bottom). */
static struct heap_item heap_pop(struct heap *h)
{
        struct heap_item *a = h->a;
        const struct heap_item top = a[0];
        const int n = --h->n;
        if (n == 0)
                return top;
        const struct heap_item last = a[n];
        int i = 0;
        for (int c = 1; c < n; c = 2 * i + 1) {
                if (c + 1 < n)
                        c += item_less(&a[c + 1], &a[c]);
                a[i] = a[c];
                i = c;
        }
        while (i > 0) {
                int parent = (i - 1) / 2;
                if (!item_less(&last, &a[parent]))
                        break;
                a[i] = a[parent];
                i = parent;
        }
        a[i] = last;
        return top;
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
        uint32_t seq;
};

struct accepted {
        int len[SIM_MAX_K];
        int *nodes[SIM_MAX_K]; /* owned by the candidate buffer */
        int n;
};

/*
 * Scratch for the searches of one pair (or, in sim_paths_build, of every
 * pair in turn).  Per-node marks are cleared through lists of what was set,
 * not by clearing whole arrays: most spur searches stop after a step or two
 * (their start is boxed in by the root), and clearing n-sized arrays before
 * each of them made one pair cost O(path length x nodes), which is what kept
 * a 1024-node ring from ever starting.
 */
struct work {
        const struct sim_topology *t;
        int n;
        struct heap fringe[2];
        bool *final[2];
        bool *seen_set[2];
        double *seen[2];
        int *pred[2];
        int *touched[2]; /* the nodes with seen_set[d] */
        int n_touched[2];
        bool *ignore_node;
        bool *ignore_link;
        int *ignored_nodes; /* the nodes with ignore_node */
        int n_ignored_nodes;
        int *ignored_links; /* the links with ignore_link */
        int n_ignored_links;
        int *found; /* materialised best path */
        int found_len;
        int *chain; /* scratch for walking a predecessor chain */
        int *spur;  /* root + spur path of a candidate */
        /* distances to the pair's destination in the whole graph, from a
         * plain Dijkstra run only as far as the spur searches' caps need
         * (to_dst_of: the destination, -1 before; settled nodes have
         * to_dst_done, the others are at least `reach` away) */
        double *to_dst;
        bool *to_dst_done;
        int to_dst_of;
        double reach;
        uint32_t to_dst_seq;
        struct heap plain;
        struct cand_buf buf;
        struct accepted acc;
};

static void cand_reset(struct cand_buf *b)
{
        for (int i = 0; i < b->n; i++)
                free(b->c[i].nodes);
        b->n = 0;
        b->order.n = 0;
        b->seq = 0;
}

static void work_finish(struct work *w)
{
        cand_reset(&w->buf);
        free(w->buf.c);
        free(w->buf.order.a);
        for (int d = 0; d < 2; d++) {
                free(w->fringe[d].a);
                free(w->final[d]);
                free(w->seen_set[d]);
                free(w->seen[d]);
                free(w->pred[d]);
                free(w->touched[d]);
        }
        free(w->ignore_node);
        free(w->ignore_link);
        free(w->ignored_nodes);
        free(w->ignored_links);
        free(w->found);
        free(w->chain);
        free(w->spur);
        free(w->to_dst);
        free(w->to_dst_done);
        free(w->plain.a);
}

/* Sizes the scratch for `t`; on failure what was allocated is freed by
 * work_finish, which is safe on a half-built work. */
static int work_init(struct work *w, const struct sim_topology *t)
{
        size_t n = (size_t)t->n_nodes, links = (size_t)t->n_links;
        *w = (struct work){.t = t, .n = t->n_nodes};
        bool ok = true;
        for (int d = 0; d < 2; d++) {
                w->final[d] = calloc(n, sizeof(bool));
                w->seen_set[d] = calloc(n, sizeof(bool));
                w->seen[d] = malloc(n * sizeof(double));
                w->pred[d] = malloc(n * sizeof(int));
                w->touched[d] = malloc(n * sizeof(int));
                ok = ok && w->final[d] && w->seen_set[d] && w->seen[d] && w->pred[d] &&
                     w->touched[d];
        }
        w->ignore_node = calloc(n, sizeof(bool));
        w->ignore_link = calloc(links, sizeof(bool));
        w->ignored_nodes = malloc(n * sizeof(int));
        w->ignored_links = malloc(links * sizeof(int));
        w->found = malloc((2 * n + 2) * sizeof(int));
        w->chain = malloc((n + 1) * sizeof(int));
        w->spur = malloc((2 * n + 2) * sizeof(int));
        w->to_dst = malloc(n * sizeof(double));
        w->to_dst_done = malloc(n * sizeof(bool));
        w->to_dst_of = -1;
        ok = ok && w->ignore_node && w->ignore_link && w->ignored_nodes && w->ignored_links &&
             w->found && w->chain && w->spur && w->to_dst && w->to_dst_done;
        return ok ? RG_OK : RG_NOMEM;
}

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

/* Marks x seen from direction d at distance len through v. */
static void see(struct work *w, int d, int x, double len, int v)
{
        if (!w->seen_set[d][x]) {
                w->seen_set[d][x] = true;
                w->touched[d][w->n_touched[d]++] = x;
        }
        w->seen[d][x] = len;
        w->pred[d][x] = v;
}

/* Clears the marks the previous search left. */
static void forget_seen(struct work *w)
{
        for (int d = 0; d < 2; d++) {
                for (int i = 0; i < w->n_touched[d]; i++) {
                        int v = w->touched[d][i];
                        w->final[d][v] = false;
                        w->seen_set[d][v] = false;
                }
                w->n_touched[d] = 0;
                w->fringe[d].n = 0;
        }
}

/*
 * Settles every node within `cap` of `dst` (a plain Dijkstra over the whole
 * graph, resumed where the last call for the same destination stopped; the
 * order of ties does not matter here, only the distances).  Afterwards
 * w->reach > cap: a node not settled is at least that far.
 */
static int distances_to(struct work *w, int dst, double cap)
{
        const struct sim_topology *t = w->t;
        if (w->to_dst_of != dst) {
                for (int v = 0; v < w->n; v++) {
                        w->to_dst[v] = INFINITY;
                        w->to_dst_done[v] = false;
                }
                w->plain.n = 0;
                w->to_dst_seq = 0;
                w->to_dst[dst] = 0;
                w->to_dst_of = -1;
                if (heap_push(&w->plain, 0, w->to_dst_seq++, dst) != RG_OK)
                        return RG_NOMEM;
                w->to_dst_of = dst;
        }
        while (w->plain.n > 0 && !(w->plain.a[0].key > cap)) {
                struct heap_item it = heap_pop(&w->plain);
                int v = it.val;
                if (w->to_dst_done[v])
                        continue;
                w->to_dst_done[v] = true;
                for (int off = t->adj_off[v]; off < t->adj_off[v + 1]; off++) {
                        int x = t->adj_node[off];
                        double len = it.key + t->links[t->adj_link[off]].km;
                        if (len < w->to_dst[x]) {
                                w->to_dst[x] = len;
                                if (heap_push(&w->plain, len, w->to_dst_seq++, x) != RG_OK) {
                                        w->to_dst_of = -1;
                                        return RG_NOMEM;
                                }
                        }
                }
        }
        w->reach = w->plain.n > 0 ? w->plain.a[0].key : INFINITY;
        return RG_OK;
}

/* The same state from the caller's distances to `dst` (every node settled,
 * so distances_to has nothing left to do). */
static void distances_given(struct work *w, int dst, const double *to_dst)
{
        memcpy(w->to_dst, to_dst, (size_t)w->n * sizeof(double));
        memset(w->to_dst_done, true, (size_t)w->n * sizeof(bool));
        w->plain.n = 0;
        w->to_dst_of = dst;
        w->reach = INFINITY;
}

/* A lower bound on every path the search has yet to find: each leaves the
 * settled forward side through a node waiting in the forward fringe, and
 * costs at least that node's distance so far plus its distance to the
 * destination in the whole graph (the searches only ever remove nodes and
 * links).  Stale entries only lower the minimum. */
static double fringe_bound(const struct work *w)
{
        const struct heap *f = &w->fringe[0];
        double b = INFINITY;
        for (int i = 0; i < f->n; i++) {
                int v = f->a[i].val;
                double c = f->a[i].key + (w->to_dst_done[v] ? w->to_dst[v] : w->reach);
                b = c < b ? c : b;
        }
        return b;
}

/*
 * networkx's _bidirectional_dijkstra: both fringes share one counter, the
 * forward direction expands first, the search stops when a node is settled
 * from both sides, and the best meeting point is updated only on a strictly
 * shorter total.  Returns true and fills w->found when a path exists.
 */
static bool bidi_dijkstra(struct work *w, int src, int dst, double cap, double *length, int *rc)
{
        const struct sim_topology *t = w->t;
        *rc = RG_OK;
        forget_seen(w);
        if (w->ignore_node[src] || w->ignore_node[dst])
                return false;
        if (src == dst) {
                w->found[0] = src;
                w->found_len = 1;
                *length = 0;
                return true;
        }
        uint32_t counter = 0;
        see(w, 0, src, 0, -1);
        see(w, 1, dst, 0, -1);
        if (heap_push(&w->fringe[0], 0, counter++, src) ||
            heap_push(&w->fringe[1], 0, counter++, dst)) {
                *rc = RG_NOMEM;
                return false;
        }
        bool have = false;
        double best = 0;
        int dir = 1;
        unsigned expanded = 0; /* forward expansions, for fringe_bound */
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
                /* no path shorter than min(best, dv + the other side's
                 * radius) is left to find: past the cap, give up */
                const struct heap *other = &w->fringe[1 - dir];
                if (other->n > 0 && dv + other->a[0].key > cap && (!have || best > cap))
                        return false;
                /* locals, not w->...: the calls below would force reloads */
                const bool *skip_node = w->ignore_node, *skip_link = w->ignore_link;
                const bool *fin = w->final[dir];
                const bool *seen_here = w->seen_set[dir], *seen_there = w->seen_set[1 - dir];
                const double *dist_here = w->seen[dir], *dist_there = w->seen[1 - dir];
                for (int off = t->adj_off[v]; off < t->adj_off[v + 1]; off++) {
                        int x = t->adj_node[off];
                        int link = weight_link(t, off);
                        if (skip_node[x] || skip_link[link])
                                continue;
                        double len = dv + t->links[link].km;
                        if (fin[x])
                                continue;
                        if (seen_here[x] && !(len < dist_here[x]))
                                continue;
                        see(w, dir, x, len, v);
                        if (heap_push(&w->fringe[dir], len, counter++, x)) {
                                *rc = RG_NOMEM;
                                return false;
                        }
                        if (seen_there[x]) {
                                double total = dist_here[x] + dist_there[x];
                                if (!have || best > total) {
                                        have = true;
                                        best = total;
                                        materialise(w, x);
                                }
                        }
                }
                if (dir == 0 && cap < INFINITY && (++expanded & 1) == 1 && fringe_bound(w) > cap &&
                    (!have || best > cap))
                        return false;
        }
        return false;
}

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

static void ignore_node(struct work *w, int v)
{
        if (!w->ignore_node[v]) {
                w->ignore_node[v] = true;
                w->ignored_nodes[w->n_ignored_nodes++] = v;
        }
}

static void ignore_link(struct work *w, int l)
{
        if (!w->ignore_link[l]) {
                w->ignore_link[l] = true;
                w->ignored_links[w->n_ignored_links++] = l;
        }
}

static void forget_ignored(struct work *w)
{
        for (int i = 0; i < w->n_ignored_nodes; i++)
                w->ignore_node[w->ignored_nodes[i]] = false;
        for (int i = 0; i < w->n_ignored_links; i++)
                w->ignore_link[w->ignored_links[i]] = false;
        w->n_ignored_nodes = 0;
        w->n_ignored_links = 0;
}

/*
 * The cost a new candidate must stay within to matter: `need` more paths
 * are to be accepted, and a candidate pushed now has the highest insertion
 * counter, so it loses every tie; with `need` candidates at or below some
 * cost already waiting, one above it can never be popped (each pop takes at
 * most one of those) and a spur search may give up on it (bidi_dijkstra's
 * cap).  Skipping it leaves every pop as it was: the buffer loses only a
 * candidate that is never the smallest, and a copy of it found later is
 * pushed instead of ignored, with the same cost and a later counter.  The
 * relative margin keeps the cap above any cost that equals the need-th one
 * but for rounding (the sums run in different orders).  INFINITY while
 * fewer than `need` wait.
 */
static double cand_cap(const struct cand_buf *b, int need)
{
        double low[SIM_MAX_K]; /* the `need` smallest costs, ascending */
        int n = 0;
        for (int i = 0; i < b->order.n; i++) {
                double c = b->order.a[i].key;
                if (n == need && !(c < low[n - 1]))
                        continue;
                int j = n < need ? n++ : n - 1;
                for (; j > 0 && low[j - 1] > c; j--)
                        low[j] = low[j - 1];
                low[j] = c;
        }
        return n == need ? low[need - 1] * (1 + 1e-9) : INFINITY;
}

/* Yen's loop in networkx's form: spur searches from every node of the last
 * accepted path, with ignored edges accumulating along the root. */
static int yen(struct work *w, int src, int dst, int k)
{
        struct cand_buf *buf = &w->buf;
        struct accepted *acc = &w->acc;
        int rc = RG_OK;
        cand_reset(buf);
        acc->n = 0;
        while (acc->n < k) {
                forget_ignored(w);
                if (acc->n == 0) {
                        double len;
                        if (!bidi_dijkstra(w, src, dst, INFINITY, &len, &rc))
                                return rc;
                        rc = cand_push(buf, len, w->found, w->found_len);
                } else {
                        const int *prev = acc->nodes[acc->n - 1];
                        int prev_len = acc->len[acc->n - 1];
                        /* shared[a]: how many first nodes path a has in
                         * common with prev, so that "a starts with the root
                         * prev[0 .. i - 1]" is shared[a] >= i */
                        int shared[SIM_MAX_K];
                        for (int a = 0; a < acc->n; a++) {
                                int m = acc->len[a] < prev_len ? acc->len[a] : prev_len, j = 0;
                                while (j < m && acc->nodes[a][j] == prev[j])
                                        j++;
                                shared[a] = j;
                        }
                        double root_len = 0;
                        for (int i = 1; i < prev_len && rc == RG_OK; i++) {
                                if (i >= 2) {
                                        int l = sim_topology_link_between(w->t, prev[i - 2],
                                                                          prev[i - 1]);
                                        root_len += w->t->links[l].km;
                                }
                                for (int a = 0; a < acc->n; a++) {
                                        if (acc->len[a] > i && shared[a] >= i)
                                                ignore_link(w, sim_topology_link_between(
                                                                   w->t, acc->nodes[a][i - 1],
                                                                   acc->nodes[a][i]));
                                }
                                double len;
                                double cap = cand_cap(buf, k - acc->n) - root_len;
                                if (cap < INFINITY)
                                        rc = distances_to(w, dst, cap);
                                if (rc != RG_OK)
                                        break;
                                if (bidi_dijkstra(w, prev[i - 1], dst, cap, &len, &rc)) {
                                        memcpy(w->spur, prev, (size_t)(i - 1) * sizeof(int));
                                        memcpy(w->spur + i - 1, w->found,
                                               (size_t)w->found_len * sizeof(int));
                                        rc = cand_push(buf, root_len + len, w->spur,
                                                       i - 1 + w->found_len);
                                }
                                ignore_node(w, prev[i - 1]);
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
                acc->n++;
        }
        return RG_OK;
}

/*
 * Copies the accepted paths into one block: the header, the paths, their
 * nodes and links, then row_bytes per path (at least one row, so that a
 * creator's offset into the row of a pair without paths stays inside the
 * block).  km is the sum of the links in path order, not the search's
 * running total, so it does not depend on where the spur began.
 */
static int pack(const struct work *w, size_t row_bytes, struct sim_pair_paths **out, uint8_t **row)
{
        const struct accepted *acc = &w->acc;
        const struct sim_topology *t = w->t;
        size_t ints = 0;
        for (int i = 0; i < acc->n; i++)
                ints += 2 * (size_t)acc->len[i] - 1;
        size_t rows = acc->n > 0 ? (size_t)acc->n : 1;
        size_t size = sizeof(struct sim_pair_paths) + (size_t)acc->n * sizeof(struct sim_path) +
                      ints * sizeof(int) + rows * row_bytes;
        struct sim_pair_paths *pp = calloc(1, size);
        if (pp == NULL)
                return RG_NOMEM;
        int *fill = (int *)(void *)(pp->path + acc->n);
        uint8_t *bytes = (uint8_t *)(fill + ints);
        pp->count = acc->n;
        pp->first_mod = row_bytes ? bytes : NULL;
        for (int i = 0; i < acc->n; i++) {
                struct sim_path *p = &pp->path[i];
                int len = acc->len[i];
                int *nodes = fill;
                int *links = fill + len;
                fill += 2 * len - 1;
                memcpy(nodes, acc->nodes[i], (size_t)len * sizeof(int));
                double km = 0;
                for (int j = 0; j + 1 < len; j++) {
                        links[j] = sim_topology_link_between(t, nodes[j], nodes[j + 1]);
                        km += t->links[links[j]].km;
                }
                *p = (struct sim_path){.hops = len - 1, .km = km, .nodes = nodes, .links = links};
        }
        if (row)
                *row = row_bytes ? bytes : NULL;
        *out = pp;
        return RG_OK;
}

static int pair_search(struct work *w, int k, int src, int dst, const double *to_dst,
                       size_t row_bytes, struct sim_pair_paths **out, uint8_t **row)
{
        if (to_dst != NULL)
                distances_given(w, dst, to_dst);
        w->acc.n = 0;
        if (src != dst) {
                int rc = yen(w, src, dst, k);
                if (rc != RG_OK)
                        return rc;
        }
        return pack(w, row_bytes, out, row);
}

void sim_pair_paths_destroy(struct sim_pair_paths *pp)
{
        free(pp);
}

int sim_pair_paths_create(const struct sim_topology *t, int k, int src, int dst,
                          const double *to_dst, size_t row_bytes, struct sim_pair_paths **out,
                          uint8_t **row)
{
        *out = NULL;
        if (row)
                *row = NULL;
        if (!t->finished)
                return RG_INTERNAL;
        if (k < 1 || k > SIM_MAX_K || src < 0 || src >= t->n_nodes || dst < 0 || dst >= t->n_nodes)
                return RG_RANGE;
        struct work w;
        int rc = work_init(&w, t);
        if (rc == RG_OK)
                rc = pair_search(&w, k, src, dst, to_dst, row_bytes, out, row);
        work_finish(&w);
        return rc;
}

int sim_distances_to(const struct sim_topology *t, int dst, double *out)
{
        if (!t->finished)
                return RG_INTERNAL;
        if (dst < 0 || dst >= t->n_nodes)
                return RG_RANGE;
        struct work w;
        int rc = work_init(&w, t);
        if (rc == RG_OK)
                rc = distances_to(&w, dst, INFINITY);
        if (rc == RG_OK)
                memcpy(out, w.to_dst, (size_t)t->n_nodes * sizeof(double));
        work_finish(&w);
        return rc;
}

void sim_paths_destroy(struct sim_paths *p)
{
        if (p == NULL)
                return;
        if (p->pair != NULL)
                for (size_t i = 0; i < (size_t)p->n_nodes * (size_t)p->n_nodes; i++)
                        sim_pair_paths_destroy(p->pair[i]);
        free(p->pair);
        free(p);
}

/* One scratch for all pairs, so the tests that compare this table with
 * pairs computed one by one also check that nothing leaks from one pair's
 * search into the next. */
int sim_paths_build(const struct sim_topology *t, int k, struct sim_paths **out,
                    struct rg_errbuf *eb)
{
        *out = NULL;
        if (k < 1 || k > SIM_MAX_K)
                return rg_fail(eb, RG_RANGE, "k_paths must be 1..%d", SIM_MAX_K);
        if (!t->finished)
                return rg_fail(eb, RG_INTERNAL, "topology not finished");
        int n = t->n_nodes;
        struct sim_paths *p = calloc(1, sizeof(*p));
        struct work w;
        int rc = work_init(&w, t);
        if (p != NULL) {
                p->n_nodes = n;
                p->k = k;
                p->pair = calloc((size_t)n * (size_t)n, sizeof(*p->pair));
        }
        if (rc != RG_OK || p == NULL || p->pair == NULL) {
                rc = rg_fail(eb, RG_NOMEM, "out of memory building the path table");
                goto out;
        }
        for (int s = 0; s < n; s++) {
                for (int d = 0; d < n; d++) {
                        rc = pair_search(&w, k, s, d, NULL, 0, &p->pair[(size_t)s * (size_t)n + d],
                                         NULL);
                        if (rc != RG_OK) {
                                rg_fail(eb, rc, "out of memory building the path table");
                                goto out;
                        }
                }
        }
        *out = p;
        p = NULL;
out:
        work_finish(&w);
        sim_paths_destroy(p);
        return rc;
}
