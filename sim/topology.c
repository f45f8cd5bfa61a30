#include "topology.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/file.h"

struct sim_topology *sim_topology_create(const char *name)
{
        struct sim_topology *t = calloc(1, sizeof(*t));
        if (t == NULL)
                return NULL;
        snprintf(t->name, sizeof(t->name), "%s", name ? name : "");
        return t;
}

void sim_topology_destroy(struct sim_topology *t)
{
        if (t == NULL)
                return;
        free(t->names);
        free(t->links);
        free(t->adj_off);
        free(t->adj_node);
        free(t->adj_link);
        free(t);
}

int sim_topology_node(const struct sim_topology *t, const char *name)
{
        for (int i = 0; i < t->n_nodes; i++)
                if (strcmp(t->names[i], name) == 0)
                        return i;
        return -1;
}

/* A finished topology answers from the adjacency (the fewer neighbours of the
 * two ends, a handful in a real network) instead of scanning every link: the
 * path search asks once per hop of every spur root.  While the graph is being
 * built the adjacency does not exist yet and the links are scanned. */
int sim_topology_link_between(const struct sim_topology *t, int u, int v)
{
        if (t->finished) {
                if (t->adj_off[u + 1] - t->adj_off[u] > t->adj_off[v + 1] - t->adj_off[v]) {
                        int w = u;
                        u = v;
                        v = w;
                }
                for (int off = t->adj_off[u]; off < t->adj_off[u + 1]; off++)
                        if (t->adj_node[off] == v)
                                return t->adj_link[off];
                return -1;
        }
        for (int i = 0; i < t->n_links; i++) {
                const struct sim_link *l = &t->links[i];
                if ((l->a == u && l->b == v) || (l->a == v && l->b == u))
                        return i;
        }
        return -1;
}

/* Node names go into JSON reports: they must be UTF-8 text without control
 * characters (a raw byte would make the report invalid JSON). */
static bool valid_name(const unsigned char *p)
{
        while (*p) {
                if (*p < 0x20 || *p == 0x7f)
                        return false;
                int more = *p < 0x80           ? 0
                           : (*p >> 5) == 0x6  ? 1
                           : (*p >> 4) == 0xe  ? 2
                           : (*p >> 3) == 0x1e ? 3
                                               : -1;
                if (more < 0 || (more == 1 && *p < 0xc2))
                        return false; /* a stray continuation byte or an overlong form */
                unsigned cp = more == 0 ? *p : *p & (0x3f >> more);
                for (int i = 1; i <= more; i++) {
                        if ((p[i] & 0xc0) != 0x80)
                                return false;
                        cp = cp << 6 | (p[i] & 0x3f);
                }
                if ((more == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
                    (more == 3 && (cp < 0x10000 || cp > 0x10ffff)))
                        return false;
                p += more + 1;
        }
        return true;
}

static int intern_node(struct sim_topology *t, const char *name, struct rg_errbuf *eb)
{
        int idx = sim_topology_node(t, name);
        if (idx >= 0)
                return idx;
        size_t len = strlen(name);
        if (len == 0 || len >= SIM_NODE_NAME_MAX)
                return -rg_fail(eb, RG_RANGE, "node name '%.40s' must have 1 to %d characters",
                                name, SIM_NODE_NAME_MAX - 1);
        if (!valid_name((const unsigned char *)name))
                return -rg_fail(eb, RG_PARSE,
                                "node name is not UTF-8 text (or holds a control character)");
        if (t->n_nodes >= SIM_MAX_NODES)
                return -rg_fail(eb, RG_RANGE, "more than %d nodes", SIM_MAX_NODES);
        if (t->n_nodes == t->cap_nodes) {
                int cap = t->cap_nodes ? 2 * t->cap_nodes : 32;
                void *p = realloc(t->names, (size_t)cap * sizeof(*t->names));
                if (p == NULL)
                        return -rg_fail(eb, RG_NOMEM, "out of memory");
                t->names = p;
                t->cap_nodes = cap;
        }
        memcpy(t->names[t->n_nodes], name, len + 1);
        return t->n_nodes++;
}

int sim_topology_add(struct sim_topology *t, const char *src, const char *dst, double km,
                     bool *conflict, struct rg_errbuf *eb)
{
        if (conflict)
                *conflict = false;
        if (t->finished)
                return rg_fail(eb, RG_INTERNAL, "topology already finished");
        if (strcmp(src, dst) == 0)
                return rg_fail(eb, RG_RANGE, "self-loop at node '%s'", src);
        if (!isfinite(km) || km <= 0)
                return rg_fail(eb, RG_RANGE, "link %s-%s: length must be a positive number of km",
                               src, dst);
        int u = intern_node(t, src, eb);
        if (u < 0)
                return -u;
        int v = intern_node(t, dst, eb);
        if (v < 0)
                return -v;
        int id = sim_topology_link_between(t, u, v);
        if (id >= 0) {
                struct sim_link *l = &t->links[id];
                unsigned dir = l->a == u ? 1u : 2u;
                if (l->dirs & dir)
                        return RG_OK; /* a repeated directed line: the first stands */
                /* The reverse direction's first line.  FUSION adds every
                 * directed line to an undirected networkx graph, so this
                 * later add_edge overwrites the length. */
                if (conflict && l->km != km)
                        *conflict = true;
                l->dirs |= dir;
                l->km = km;
                return RG_OK;
        }
        if (t->n_links == t->cap_links) {
                int cap = t->cap_links ? 2 * t->cap_links : 64;
                void *p = realloc(t->links, (size_t)cap * sizeof(*t->links));
                if (p == NULL)
                        return rg_fail(eb, RG_NOMEM, "out of memory");
                t->links = p;
                t->cap_links = cap;
        }
        t->links[t->n_links++] = (struct sim_link){.a = u, .b = v, .km = km, .dirs = 1u};
        return RG_OK;
}

int sim_topology_finish(struct sim_topology *t, struct rg_errbuf *eb)
{
        if (t->finished)
                return RG_OK;
        if (t->n_nodes < 2 || t->n_links < 1)
                return rg_fail(eb, RG_RANGE, "topology needs at least 2 nodes and 1 link");
        t->adj_off = calloc((size_t)t->n_nodes + 1, sizeof(int));
        t->adj_node = malloc((size_t)t->n_links * 2 * sizeof(int));
        t->adj_link = malloc((size_t)t->n_links * 2 * sizeof(int));
        if (!t->adj_off || !t->adj_node || !t->adj_link)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        for (int i = 0; i < t->n_links; i++) {
                t->adj_off[t->links[i].a + 1]++;
                t->adj_off[t->links[i].b + 1]++;
        }
        for (int v = 0; v < t->n_nodes; v++)
                t->adj_off[v + 1] += t->adj_off[v];
        int *fill = calloc((size_t)t->n_nodes, sizeof(int));
        if (fill == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        /* Links are in creation order, so each node's neighbours come out in
         * the order its edges were first added: networkx's adjacency order. */
        for (int i = 0; i < t->n_links; i++) {
                int a = t->links[i].a, b = t->links[i].b;
                int pa = t->adj_off[a] + fill[a]++;
                int pb = t->adj_off[b] + fill[b]++;
                t->adj_node[pa] = b;
                t->adj_link[pa] = i;
                t->adj_node[pb] = a;
                t->adj_link[pb] = i;
        }
        free(fill);
        t->finished = true;
        return RG_OK;
}

/* Splits the next blank-separated field; returns NULL at end of line. */
static char *next_field(char **cursor)
{
        char *p = *cursor;
        while (*p == ' ' || *p == '\t' || *p == '\r')
                p++;
        if (*p == '\0')
                return NULL;
        char *start = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '\r')
                p++;
        if (*p)
                *p++ = '\0';
        *cursor = p;
        return start;
}

static const char *base_name(const char *path)
{
        const char *slash = strrchr(path, '/');
        return slash ? slash + 1 : path;
}

static void name_from_path(char *dst, size_t cap, const char *path)
{
        snprintf(dst, cap, "%s", base_name(path));
        char *dot = strrchr(dst, '.');
        if (dot && dot != dst)
                *dot = '\0';
}

int sim_topology_load_fusion_text(const char *path, const char *text, struct sim_topology **out,
                                  struct rg_errbuf *eb)
{
        *out = NULL;
        char name[64];
        name_from_path(name, sizeof(name), path);
        struct sim_topology *t = sim_topology_create(name);
        char *copy = strdup(text);
        int rc = RG_OK;
        if (t == NULL || copy == NULL) {
                rc = rg_fail(eb, RG_NOMEM, "%s: out of memory", path);
                goto out;
        }
        int lineno = 0;
        char *save = NULL;
        for (char *line = copy; line; line = save) {
                lineno++;
                save = strchr(line, '\n');
                if (save)
                        *save++ = '\0';
                char *cur = line;
                char *src = next_field(&cur);
                if (src == NULL || src[0] == '#')
                        continue;
                char *dst = next_field(&cur);
                char *km_s = dst ? next_field(&cur) : NULL;
                if (km_s == NULL || next_field(&cur) != NULL) {
                        rc = rg_fail(eb, RG_PARSE,
                                     "%s:%d: expected 'src<TAB>dst<TAB>km' (three fields)", path,
                                     lineno);
                        goto out;
                }
                char *end;
                double km = strtod(km_s, &end);
                if (*end != '\0') {
                        rc = rg_fail(eb, RG_PARSE, "%s:%d: length '%s' is not a number", path,
                                     lineno, km_s);
                        goto out;
                }
                struct rg_errbuf local;
                rg_errbuf_init(&local);
                rc = sim_topology_add(t, src, dst, km, NULL, &local);
                if (rc != RG_OK) {
                        rg_fail(eb, rc, "%s:%d: %s", path, lineno, local.msg);
                        goto out;
                }
        }
        struct rg_errbuf local;
        rg_errbuf_init(&local);
        rc = sim_topology_finish(t, &local);
        if (rc != RG_OK) {
                rg_fail(eb, rc, "%s: %s", path, local.msg);
                goto out;
        }
        *out = t;
        t = NULL;
out:
        free(copy);
        sim_topology_destroy(t);
        return rc;
}

static int json_error(const char *path, const char *text, struct rg_errbuf *eb)
{
        const char *at = cJSON_GetErrorPtr();
        int line = at && at >= text ? rg_text_line_of(text, (size_t)(at - text)) : 1;
        return rg_fail(eb, RG_PARSE, "%s:%d: malformed JSON", path, line);
}

int sim_topology_load_json(const char *path, const char *text, struct sim_topology **out,
                           struct rg_errbuf *eb)
{
        *out = NULL;
        cJSON *root = cJSON_ParseWithOpts(text, NULL, 1); /* nothing may follow */
        if (root == NULL)
                return json_error(path, text, eb);
        struct sim_topology *t = NULL;
        int rc = RG_OK;
        const cJSON *nodes = cJSON_GetObjectItemCaseSensitive(root, "nodes");
        const cJSON *links = cJSON_GetObjectItemCaseSensitive(root, "links");
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
        if (!cJSON_IsObject(root) || !cJSON_IsArray(nodes) || !cJSON_IsArray(links)) {
                rc = rg_fail(eb, RG_PARSE, "%s: key 'nodes' and 'links' must be arrays", path);
                goto out;
        }
        char fallback[64];
        name_from_path(fallback, sizeof(fallback), path);
        t = sim_topology_create(cJSON_IsString(name) ? name->valuestring : fallback);
        if (t == NULL) {
                rc = rg_fail(eb, RG_NOMEM, "%s: out of memory", path);
                goto out;
        }
        struct rg_errbuf local;
        rg_errbuf_init(&local);
        int i = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, nodes)
        {
                if (!cJSON_IsString(it)) {
                        rc = rg_fail(eb, RG_PARSE, "%s: key 'nodes[%d]' must be a string", path, i);
                        goto out;
                }
                if (sim_topology_node(t, it->valuestring) >= 0) {
                        rc = rg_fail(eb, RG_PARSE, "%s: key 'nodes[%d]': duplicate node '%s'", path,
                                     i, it->valuestring);
                        goto out;
                }
                int idx = intern_node(t, it->valuestring, &local);
                if (idx < 0) {
                        rc = rg_fail(eb, -idx, "%s: key 'nodes[%d]': %s", path, i, local.msg);
                        goto out;
                }
                i++;
        }
        int declared = t->n_nodes;
        i = 0;
        cJSON_ArrayForEach(it, links)
        {
                const cJSON *a = cJSON_GetArrayItem(it, 0), *b = cJSON_GetArrayItem(it, 1),
                            *km = cJSON_GetArrayItem(it, 2);
                if (!cJSON_IsArray(it) || cJSON_GetArraySize(it) != 3 || !cJSON_IsString(a) ||
                    !cJSON_IsString(b) || !cJSON_IsNumber(km)) {
                        rc = rg_fail(eb, RG_PARSE, "%s: key 'links[%d]' must be [\"a\", \"b\", km]",
                                     path, i);
                        goto out;
                }
                int ia = sim_topology_node(t, a->valuestring);
                int ib = sim_topology_node(t, b->valuestring);
                if (ia >= 0 && ib >= 0 && sim_topology_link_between(t, ia, ib) >= 0) {
                        rc = rg_fail(eb, RG_PARSE,
                                     "%s: key 'links[%d]': link %s-%s listed twice (links are "
                                     "undirected)",
                                     path, i, a->valuestring, b->valuestring);
                        goto out;
                }
                rc = sim_topology_add(t, a->valuestring, b->valuestring, km->valuedouble, NULL,
                                      &local);
                if (rc == RG_OK && t->n_nodes != declared)
                        rc = rg_fail(&local, RG_PARSE, "node not listed in 'nodes'");
                if (rc != RG_OK) {
                        rg_fail(eb, rc, "%s: key 'links[%d]': %s", path, i, local.msg);
                        goto out;
                }
                i++;
        }
        rc = sim_topology_finish(t, &local);
        if (rc != RG_OK) {
                rg_fail(eb, rc, "%s: %s", path, local.msg);
                goto out;
        }
        *out = t;
        t = NULL;
out:
        sim_topology_destroy(t);
        cJSON_Delete(root);
        return rc;
}

int sim_topology_load(const char *path, struct sim_topology **out, struct rg_errbuf *eb)
{
        char *text;
        size_t len;
        *out = NULL;
        int rc = rg_file_read(path, &text, &len, eb);
        if (rc != RG_OK)
                return rc;
        const char *p = text;
        while (isspace((unsigned char)*p))
                p++;
        if (*p == '{')
                rc = sim_topology_load_json(path, text, out, eb);
        else
                rc = sim_topology_load_fusion_text(path, text, out, eb);
        free(text);
        return rc;
}
