#include "inject.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

static bool parse_number(const char *s, double *out)
{
        char *end;
        errno = 0;
        double v = strtod(s, &end);
        if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v))
                return false;
        *out = v;
        return true;
}

static bool parse_count(const char *s, uint32_t *out)
{
        double v;
        if (!parse_number(s, &v) || v < 1 || v > 4294967295.0 || v != floor(v))
                return false;
        *out = (uint32_t)v;
        return true;
}

static int parse_item(char *item, struct sim_inject *o, struct rg_errbuf *eb)
{
        char *eq = strchr(item, '=');
        const char *val = NULL;
        if (eq) {
                *eq = '\0';
                val = eq + 1;
        }
        if (strcmp(item, "no-guard") == 0 && !val) {
                o->no_guard = true;
        } else if (strcmp(item, "k-minus-one") == 0 && !val) {
                o->k_minus_one = true;
        } else if (strcmp(item, "relabel") == 0 && !val) {
                o->relabel = true;
        } else if (strcmp(item, "drop") == 0 && val) {
                if (!parse_number(val, &o->drop) || !(o->drop > 0) || o->drop > 1)
                        return rg_fail(eb, RG_USAGE, "--inject drop=%s: P must be in (0, 1]", val);
        } else if (strcmp(item, "fit") == 0 && val) {
                char name[32];
                snprintf(name, sizeof(name), "%s_fit", val);
                if (strlen(val) > 8 || !sim_fit_parse(name, &o->fit))
                        return rg_fail(eb, RG_USAGE, "--inject fit=%s: use first, last or best",
                                       val);
                o->fit_override = true;
        } else if (strcmp(item, "leak") == 0 && val) {
                if (!parse_count(val, &o->leak_every))
                        return rg_fail(eb, RG_USAGE,
                                       "--inject leak=%s: N must be a whole number >= 1", val);
        } else if (strcmp(item, "crash-at") == 0 && val) {
                if (!parse_count(val, &o->crash_at))
                        return rg_fail(eb, RG_USAGE,
                                       "--inject crash-at=%s: N must be a request id >= 1", val);
        } else if (strcmp(item, "slow") == 0 && val) {
                if (!parse_number(val, &o->slow) || o->slow < 1 || o->slow > 1000)
                        return rg_fail(eb, RG_USAGE, "--inject slow=%s: F must be in [1, 1000]",
                                       val);
        } else {
                if (eq)
                        *eq = '=';
                return rg_fail(eb, RG_USAGE,
                               "--inject: unknown or malformed '%s' (known: drop=P, no-guard, "
                               "k-minus-one, fit=last|best|first, leak=N, crash-at=N, relabel, "
                               "slow=F)",
                               item);
        }
        return RG_OK;
}

int sim_inject_parse(const char *spec, struct sim_inject *out, struct rg_errbuf *eb)
{
        memset(out, 0, sizeof(*out));
        char buf[512];
        if (strlen(spec) >= sizeof(buf))
                return rg_fail(eb, RG_USAGE, "--inject: specification too long");
        snprintf(buf, sizeof(buf), "%s", spec);
        if (buf[0] == '\0' || strcmp(buf, "none") == 0)
                return RG_OK;
        char *save = NULL;
        for (char *item = strtok_r(buf, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
                int rc = parse_item(item, out, eb);
                if (rc != RG_OK)
                        return rc;
        }
        return RG_OK;
}

bool sim_inject_any(const struct sim_inject *i)
{
        return i->drop > 0 || i->no_guard || i->k_minus_one || i->fit_override || i->leak_every ||
               i->crash_at || i->relabel || i->slow > 1;
}

void sim_inject_format(const struct sim_inject *i, char *buf, size_t cap)
{
        size_t n = 0;
        buf[0] = '\0';
#define ADD(...)                                                                                   \
        do {                                                                                       \
                if (n < cap)                                                                       \
                        n += (size_t)snprintf(buf + n, cap - n, "%s", n ? "," : "");               \
                if (n < cap)                                                                       \
                        n += (size_t)snprintf(buf + n, cap - n, __VA_ARGS__);                      \
        } while (0)
        if (i->drop > 0)
                ADD("drop=%g", i->drop);
        if (i->no_guard)
                ADD("no-guard");
        if (i->k_minus_one)
                ADD("k-minus-one");
        if (i->fit_override)
                ADD("fit=%.*s", (int)(strlen(sim_fit_name(i->fit)) - 4), sim_fit_name(i->fit));
        if (i->leak_every)
                ADD("leak=%u", i->leak_every);
        if (i->crash_at)
                ADD("crash-at=%u", i->crash_at);
        if (i->relabel)
                ADD("relabel");
        if (i->slow > 1)
                ADD("slow=%g", i->slow);
#undef ADD
        if (n == 0)
                snprintf(buf, cap, "none");
}
