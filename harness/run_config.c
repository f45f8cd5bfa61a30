/*
 * The effective config of one external run: the user's FUSION-style INI as
 * written, so that an external simulator reads its own settings unchanged,
 * with the per-run keys rollgate decides (one load, one iteration, the
 * request count and holding time) and the settings given on rollgate's
 * command line written over it.  rollgate's own sections are left out: they
 * mean nothing to the simulator.
 */
#define _XOPEN_SOURCE 700
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/file.h"
#include "settings.h"

struct key_out {
        const char *section; /* where to add it when the file lacks it */
        const char *key;
        bool any_section; /* replace it in whichever section the file has it */
        bool add;         /* add when absent */
        bool drop;        /* remove the file's line */
        bool path;        /* a file name: made absolute when it resolves */
        char value[HARNESS_PATH_MAX + 400];
        bool written;
};

struct buf {
        char *text;
        size_t len, cap;
        bool oom;
};

static void put(struct buf *b, const char *s, size_t n)
{
        if (b->oom)
                return;
        if (b->len + n + 1 > b->cap) {
                size_t cap = (b->cap ? b->cap * 2 : 4096) + n;
                char *t = realloc(b->text, cap);
                if (t == NULL) {
                        b->oom = true;
                        return;
                }
                b->text = t;
                b->cap = cap;
        }
        memcpy(b->text + b->len, s, n);
        b->len += n;
        b->text[b->len] = '\0';
}

static void puts_buf(struct buf *b, const char *s)
{
        put(b, s, strlen(s));
}

static void put_key(struct buf *b, struct key_out *k)
{
        puts_buf(b, k->key);
        puts_buf(b, " = ");
        puts_buf(b, k->value);
        puts_buf(b, "\n");
        k->written = true;
}

static bool ours(const char *section)
{
        return strcmp(section, "comparison") == 0 || strncmp(section, "path.", 5) == 0 ||
               strncmp(section, "metric.", 7) == 0;
}

/* Adds the keys still missing from `section` (at its end). */
static void flush_section(struct buf *b, struct key_out *keys, int n, const char *section)
{
        for (int i = 0; i < n; i++)
                if (keys[i].add && !keys[i].written && !keys[i].drop &&
                    strcmp(keys[i].section, section) == 0)
                        put_key(b, &keys[i]);
}

static int fill_keys(const struct harness_settings *s, double erlang, struct key_out *k, int *n)
{
        int i = 0;
#define KEY(sec, name, any, add_)                                                                  \
        (k[i] = (struct key_out){.section = sec, .key = name, .any_section = any, .add = add_},    \
         &k[i++])
        struct key_out *x;
        x = KEY("general_settings", "erlang_start", false, true);
        snprintf(x->value, sizeof(x->value), "%.17g", erlang);
        x = KEY("general_settings", "erlang_stop", false, true);
        snprintf(x->value, sizeof(x->value), "%.17g", erlang);
        x = KEY("general_settings", "max_iters", false, true);
        snprintf(x->value, sizeof(x->value), "1");
        x = KEY("general_settings", "num_requests", false, true);
        snprintf(x->value, sizeof(x->value), "%u", s->num_requests);
        x = KEY("general_settings", "holding_time", false, true);
        snprintf(x->value, sizeof(x->value), "%.17g", s->holding_time);
        unsigned set = s->cli_set;
        if (set & HARNESS_SET_DIST) {
                x = KEY("general_settings", "request_distribution", false, true);
                size_t used = 0;
                used += (size_t)snprintf(x->value, sizeof(x->value), "{");
                for (int d = 0; d < s->n_dist && used < sizeof(x->value); d++)
                        used += (size_t)snprintf(x->value + used, sizeof(x->value) - used,
                                                 "%s\"%s\": %.17g", d ? ", " : "", s->dist[d].label,
                                                 s->dist[d].prob);
                if (used < sizeof(x->value))
                        snprintf(x->value + used, sizeof(x->value) - used, "}");
        }
        if (set & HARNESS_SET_GUARD) {
                x = KEY("general_settings", "guard_slots", true, true);
                snprintf(x->value, sizeof(x->value), "%d", s->guard_slots);
        }
        if (set & HARNESS_SET_ALLOCATION) {
                x = KEY("general_settings", "allocation_method", true, true);
                snprintf(x->value, sizeof(x->value), "%s", sim_fit_name(s->allocation));
        }
        if (set & HARNESS_SET_K_PATHS) {
                x = KEY("routing_settings", "k_paths", false, true);
                snprintf(x->value, sizeof(x->value), "%d", s->k_paths);
        }
        if (set & HARNESS_SET_CORES) {
                x = KEY("topology_settings", "cores_per_link", false, true);
                snprintf(x->value, sizeof(x->value), "%d", s->cores_per_link);
        }
        if (set & HARNESS_SET_SLOTS) {
                x = KEY("spectrum_settings", "c_band", false, true);
                snprintf(x->value, sizeof(x->value), "%d", s->c_band);
        }
        if (set & HARNESS_SET_NETWORK) {
                x = KEY("topology_settings", "network", false, true);
                snprintf(x->value, sizeof(x->value), "%s", s->network);
        }
        if (set & HARNESS_SET_MOD_ASSUMPTION) {
                x = KEY("general_settings", "mod_assumption", false, true);
                snprintf(x->value, sizeof(x->value), "%s", s->mod_assumption);
        }
        x = KEY("topology_settings", "topology_path", false, (set & HARNESS_SET_TOPOLOGY) != 0);
        x->path = true;
        x->drop = (set & HARNESS_SET_NETWORK) && !(set & HARNESS_SET_TOPOLOGY);
        snprintf(x->value, sizeof(x->value), "%s", s->topology_path);
        x = KEY("general_settings", "mod_assumption_path", false,
                (set & HARNESS_SET_MOD_FORMATS) != 0);
        x->path = true;
        snprintf(x->value, sizeof(x->value), "%s", s->mod_assumption_path);
#undef KEY
        *n = i;
        return RG_OK;
}

/* A file name that resolves (as given or beside the config) becomes
 * absolute, since the run's command works in another folder; one that
 * does not (a name inside the simulator's own tree) is kept. */
static void absolute(const struct harness_settings *s, const char *name, char *out, size_t cap)
{
        char found[HARNESS_PATH_MAX + 64], real[PATH_MAX + 1];
        if (*name && harness_settings_resolve(s, name, found, sizeof(found)) &&
            realpath(found, real) != NULL && strlen(real) < cap)
                memcpy(out, real, strlen(real) + 1);
        else
                snprintf(out, cap, "%s", name);
}

static char *trim(char *p)
{
        while (isspace((unsigned char)*p))
                p++;
        char *e = p + strlen(p);
        while (e > p && isspace((unsigned char)e[-1]))
                *--e = '\0';
        return p;
}

/* One load's config from the file's text `file` (NULL: no file). */
static int build(const struct harness_settings *s, const char *file, double erlang, char **text,
                 struct rg_errbuf *eb)
{
        *text = NULL;
        struct key_out keys[24];
        int n = 0;
        fill_keys(s, erlang, keys, &n);
        for (int i = 0; i < n; i++)
                if (keys[i].path && keys[i].add) {
                        char given[sizeof(keys[i].value)];
                        snprintf(given, sizeof(given), "%s", keys[i].value);
                        absolute(s, given, keys[i].value, sizeof(keys[i].value));
                }
        struct buf b = {0};
        char *src = file ? strdup(file) : NULL; /* split in place below */
        if (file && src == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory for a run's config");
        char section[256] = "";
        bool seen_section[24] = {false}; /* per key: its add-section appeared */
        bool skip = false, prev_key = false, prev_replaced = false;
        for (char *line = src, *next; line && *line; line = next) {
                next = strchr(line, '\n');
                if (next)
                        *next++ = '\0';
                char copy[8192];
                snprintf(copy, sizeof(copy), "%s", line);
                char *t = trim(copy);
                if (*t == '[') {
                        char *end = strchr(t, ']');
                        if (!skip)
                                flush_section(&b, keys, n, section);
                        snprintf(section, sizeof(section), "%.*s",
                                 end ? (int)(end - t - 1) : (int)strlen(t + 1), t + 1);
                        skip = ours(section);
                        prev_key = false;
                        for (int i = 0; i < n; i++)
                                seen_section[i] |= strcmp(keys[i].section, section) == 0;
                        if (!skip) {
                                puts_buf(&b, line);
                                puts_buf(&b, "\n");
                        }
                        continue;
                }
                if (skip)
                        continue;
                /* a key before any section means nothing to an INI reader
                 * in Python (configparser refuses the file): left out */
                if (section[0] == '\0' && *t && *t != ';' && *t != '#')
                        continue;
                /* an indented line continues the previous value (inih and
                 * configparser agree): it goes where its key went */
                bool continued = (line[0] == ' ' || line[0] == '\t') && *t && prev_key;
                if (continued) {
                        if (!prev_replaced) {
                                puts_buf(&b, line);
                                puts_buf(&b, "\n");
                        }
                        continue;
                }
                prev_key = false;
                char *eq = strpbrk(t, "=:");
                struct key_out *k = NULL;
                if (eq && *t != ';' && *t != '#') {
                        *eq = '\0';
                        char *name = trim(t);
                        for (int i = 0; i < n; i++)
                                if (strcmp(keys[i].key, name) == 0 &&
                                    (keys[i].any_section || strcmp(keys[i].section, section) == 0))
                                        k = &keys[i];
                        if (k && k->path && !k->add) {
                                /* the file's own value, made absolute if it resolves */
                                absolute(s, trim(eq + 1), k->value, sizeof(k->value));
                        }
                }
                prev_key = eq != NULL && *t != ';' && *t != '#';
                prev_replaced = k != NULL;
                if (k == NULL) {
                        puts_buf(&b, line);
                        puts_buf(&b, "\n");
                } else if (!k->drop && !k->written) {
                        put_key(&b, k);
                }
        }
        if (!skip)
                flush_section(&b, keys, n, section);
        /* sections the file does not have */
        static const char *const sections[] = {"general_settings", "topology_settings",
                                               "spectrum_settings", "routing_settings"};
        for (size_t si = 0; si < sizeof(sections) / sizeof(sections[0]); si++) {
                bool pending = false, seen = false;
                for (int i = 0; i < n; i++) {
                        if (strcmp(keys[i].section, sections[si]) != 0)
                                continue;
                        seen |= seen_section[i];
                        pending |= keys[i].add && !keys[i].written && !keys[i].drop;
                }
                if (!pending || seen)
                        continue;
                puts_buf(&b, "\n[");
                puts_buf(&b, sections[si]);
                puts_buf(&b, "]\n");
                flush_section(&b, keys, n, sections[si]);
        }
        free(src);
        if (b.oom || b.text == NULL) {
                free(b.text);
                return rg_fail(eb, RG_NOMEM, "out of memory for a run's config");
        }
        *text = b.text;
        return RG_OK;
}

/* The file is read once for all loads. */
int harness_settings_run_configs(const struct harness_settings *s, const double *loads, int n,
                                 char **texts, struct rg_errbuf *eb)
{
        char *file = NULL;
        size_t len = 0;
        int rc = RG_OK;
        for (int i = 0; i < n; i++)
                texts[i] = NULL;
        if (s->config_path[0])
                rc = rg_file_read(s->config_path, &file, &len, eb);
        for (int i = 0; i < n && rc == RG_OK; i++)
                rc = build(s, file, loads[i], &texts[i], eb);
        free(file);
        if (rc != RG_OK)
                for (int i = 0; i < n; i++) {
                        free(texts[i]);
                        texts[i] = NULL;
                }
        return rc;
}

int harness_settings_run_config(const struct harness_settings *s, double erlang, char **text,
                                struct rg_errbuf *eb)
{
        return harness_settings_run_configs(s, &erlang, 1, text, eb);
}
