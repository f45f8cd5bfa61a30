#include "suite.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const override_keys[GATE_OVERRIDES] = {
    "requests", "replications", "loads", "legacy", "orchestrator", "inject", "thresholds"};

const char *gate_override_key(int which)
{
        return which >= 0 && which < GATE_OVERRIDES ? override_keys[which] : "?";
}

static const char *const tier_names[GATE_TIERS] = {"canary", "standard", "critical"};

const char *gate_tier_name(enum gate_tier t)
{
        return t < GATE_TIERS ? tier_names[t] : "?";
}

struct suite_ctx {
        struct gate_suite *s;
        const char *path;
        FILE *f;
        int line;
        bool too_long;
        struct rg_errbuf *eb;
        char dir[4096]; /* the suite's folder, for relative config paths */
        bool tier_set[GATE_SUITE_MAX];
};

static int fail(struct suite_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct suite_ctx *c, const char *fmt, ...)
{
        char msg[400];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        rg_fail(c->eb, RG_PARSE, "%s:%d: %s", c->path, c->line, msg);
        return 0;
}

/* The config of section `name`, a new one the first time it is seen. */
static struct gate_suite_config *config_of(struct suite_ctx *c, const char *name)
{
        struct gate_suite *s = c->s;
        for (int i = 0; i < s->n; i++)
                if (strcmp(s->cfg[i].name, name) == 0)
                        return &s->cfg[i];
        if (s->n == GATE_SUITE_MAX) {
                fail(c, "more than %d configs", GATE_SUITE_MAX);
                return NULL;
        }
        if (name[0] == '\0' || strlen(name) >= sizeof(s->cfg[0].name)) {
                fail(c, "[config.%s]: a config needs a name of 1 to %zu characters", name,
                     sizeof(s->cfg[0].name) - 1);
                return NULL;
        }
        for (const char *p = name; *p; p++)
                if (!(*p == '-' || *p == '_' || (*p >= '0' && *p <= '9') ||
                      (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))) {
                        /* the name becomes a file name of the reports */
                        fail(c, "[config.%s]: a name is letters, digits, '-' and '_'", name);
                        return NULL;
                }
        struct gate_suite_config *g = &s->cfg[s->n++];
        snprintf(g->name, sizeof(g->name), "%s", name);
        g->line = c->line;
        return g;
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
        struct suite_ctx *c = user;
        if (c->eb->code != RG_OK)
                return 0;
        if (strcmp(section, "suite") == 0) {
                if (strcmp(name, "name") != 0)
                        return fail(c, "[suite]: unknown key '%s' (only name)", name);
                snprintf(c->s->name, sizeof(c->s->name), "%s", value);
                return 1;
        }
        if (strncmp(section, "config.", 7) != 0)
                return fail(c, "unknown section [%s] (a suite has [suite] and [config.NAME])",
                            section);
        struct gate_suite_config *g = config_of(c, section + 7);
        if (g == NULL)
                return 0;
        if (strcmp(name, "config") == 0) {
                if (value[0] == '\0')
                        return fail(c, "key 'config': empty");
                int n = value[0] == '/'
                            ? snprintf(g->config, sizeof(g->config), "%s", value)
                            : snprintf(g->config, sizeof(g->config), "%s/%s", c->dir, value);
                if (n < 0 || (size_t)n >= sizeof(g->config))
                        return fail(c, "key 'config': path too long");
                return 1;
        }
        if (strcmp(name, "tier") == 0) {
                for (int t = 0; t < GATE_TIERS; t++)
                        if (strcmp(value, tier_names[t]) == 0) {
                                g->tier = t;
                                c->tier_set[g - c->s->cfg] = true;
                                return 1;
                        }
                return fail(c, "key 'tier': '%s' is not canary, standard or critical", value);
        }
        for (int o = 0; o < GATE_OVERRIDES; o++) {
                if (strcmp(name, override_keys[o]) != 0)
                        continue;
                if (value[0] == '\0' || strlen(value) >= sizeof(g->ovr[o].value))
                        return fail(c, "key '%s': empty or too long", name);
                snprintf(g->ovr[o].value, sizeof(g->ovr[o].value), "%s", value);
                g->ovr[o].line = c->line;
                return 1;
        }
        return fail(c,
                    "[%s]: unknown key '%s' (config, tier, requests, replications, loads, "
                    "legacy, orchestrator, inject, thresholds)",
                    section, name);
}

static char *read_line(char *buf, int size, void *stream)
{
        struct suite_ctx *c = stream;
        if (fgets(buf, size, c->f) == NULL)
                return NULL;
        c->line++;
        size_t len = strlen(buf);
        if (len == (size_t)size - 1 && buf[len - 1] != '\n' && !feof(c->f)) {
                c->too_long = true;
                return NULL;
        }
        return buf;
}

int gate_suite_load(const char *path, struct gate_suite **out, struct rg_errbuf *eb)
{
        *out = NULL;
        struct stat st;
        if (stat(path, &st) != 0)
                return rg_fail(eb, RG_IO, "%s: cannot open: %s", path, strerror(errno));
        if (!S_ISREG(st.st_mode))
                return rg_fail(eb, RG_IO, "%s: not a regular file", path);
        if (st.st_size > (1 << 20))
                return rg_fail(eb, RG_IO, "%s: larger than 1 MiB: not a suite", path);
        struct gate_suite *s = calloc(1, sizeof(*s));
        if (s == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        struct suite_ctx c = {.s = s, .path = path, .eb = eb};
        snprintf(s->path, sizeof(s->path), "%s", path);
        const char *slash = strrchr(path, '/');
        if (slash)
                snprintf(c.dir, sizeof(c.dir), "%.*s", (int)(slash - path), path);
        else
                snprintf(c.dir, sizeof(c.dir), ".");
        if (c.dir[0] == '\0')
                snprintf(c.dir, sizeof(c.dir), "/");
        snprintf(s->name, sizeof(s->name), "%s", slash ? slash + 1 : path);
        c.f = fopen(path, "r");
        if (c.f == NULL) {
                free(s);
                return rg_fail(eb, RG_IO, "%s: cannot open: %s", path, strerror(errno));
        }
        int at = ini_parse_stream(read_line, &c, on_key, &c);
        fclose(c.f);
        int rc = eb->code;
        if (rc == RG_OK && c.too_long)
                rc = rg_fail(eb, RG_PARSE, "%s:%d: line too long", path, c.line);
        if (rc == RG_OK && at != 0)
                rc = rg_fail(eb, RG_PARSE, "%s:%d: not 'key = value', '[section]' or a comment",
                             path, at);
        if (rc == RG_OK && s->n == 0)
                rc = rg_fail(eb, RG_PARSE, "%s: no [config.NAME] section: nothing to gate", path);
        for (int i = 0; rc == RG_OK && i < s->n; i++) {
                if (s->cfg[i].config[0] == '\0')
                        rc = rg_fail(eb, RG_PARSE, "%s:%d: [config.%s]: key 'config' missing", path,
                                     s->cfg[i].line, s->cfg[i].name);
                else if (!c.tier_set[i])
                        rc = rg_fail(eb, RG_PARSE, "%s:%d: [config.%s]: key 'tier' missing", path,
                                     s->cfg[i].line, s->cfg[i].name);
        }
        if (rc != RG_OK) {
                free(s);
                return rc;
        }
        *out = s;
        return RG_OK;
}

void gate_suite_destroy(struct gate_suite *s)
{
        free(s);
}
