#include "settings.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef RG_SOURCE_FIXTURES
#define RG_SOURCE_FIXTURES "fixtures"
#endif
#ifndef RG_INSTALLED_FIXTURES
#define RG_INSTALLED_FIXTURES "/usr/local/share/rollgate/fixtures"
#endif

void harness_settings_defaults(struct harness_settings *s)
{
        memset(s, 0, sizeof(*s));
        s->erlang_start = 300;
        s->erlang_stop = 600;
        s->erlang_step = 100;
        s->holding_time = 1.0;
        s->num_requests = 10000;
        s->max_iters = 10;
        static const struct harness_dist_entry fusion_default[] = {
            {"25", 0.1}, {"50", 0.1}, {"100", 0.5}, {"200", 0.2}, {"400", 0.1}};
        s->n_dist = 5;
        memcpy(s->dist, fusion_default, sizeof(fusion_default));
        s->guard_slots = 1;
        snprintf(s->mod_assumption, sizeof(s->mod_assumption), "DEFAULT");
        s->allocation = SIM_FIT_FIRST;
        s->k_paths = 3;
        snprintf(s->network, sizeof(s->network), "NSFNet");
        snprintf(s->notify.project, sizeof(s->notify.project), "orchestrator migration");
        snprintf(s->notify.team, sizeof(s->notify.team), "simulation engineering");
        snprintf(s->notify.channel, sizeof(s->notify.channel), "#simulation-alerts");
        s->cores_per_link = 1;
        s->c_band = 320;
        s->seed_base = 1;
        snprintf(s->path, sizeof(s->path), "legacy");
}

const char *harness_fixture_dir(void)
{
        const char *env = getenv("ROLLGATE_FIXTURES");
        if (env && *env)
                return env;
        if (access(RG_SOURCE_FIXTURES "/configs/default.ini", R_OK) == 0)
                return RG_SOURCE_FIXTURES;
        return RG_INSTALLED_FIXTURES;
}

int harness_parse_double(const char *text, double *out)
{
        char *end;
        while (isspace((unsigned char)*text))
                text++;
        if (*text == '\0')
                return RG_PARSE;
        errno = 0;
        double v = strtod(text, &end);
        while (isspace((unsigned char)*end))
                end++;
        if (*end != '\0' || errno == ERANGE || !isfinite(v))
                return RG_PARSE;
        *out = v;
        return RG_OK;
}

int harness_parse_int(const char *text, long lo, long hi, long *out)
{
        double v;
        if (harness_parse_double(text, &v) != RG_OK || v != floor(v))
                return RG_PARSE;
        if (v < (double)lo || v > (double)hi)
                return RG_RANGE;
        *out = (long)v;
        return RG_OK;
}

int harness_parse_list(const char *text, double *out, int max, int *n)
{
        char buf[4096];
        if (strlen(text) >= sizeof(buf))
                return RG_RANGE;
        snprintf(buf, sizeof(buf), "%s", text);
        *n = 0;
        char *save = NULL;
        for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
                if (*n >= max)
                        return RG_RANGE;
                if (harness_parse_double(tok, &out[*n]) != RG_OK)
                        return RG_PARSE;
                (*n)++;
        }
        return *n > 0 ? RG_OK : RG_PARSE;
}

/* FUSION writes dicts the Python way; accept both quote styles. */
int harness_parse_dist(const char *text, struct harness_settings *s, struct rg_errbuf *eb)
{
        /* nothing may follow the dict: '{"100": 1} xx' is not a dict */
        cJSON *root = cJSON_ParseWithOpts(text, NULL, 1);
        if (root == NULL) {
                char *copy = strdup(text);
                if (copy == NULL)
                        return rg_fail(eb, RG_NOMEM, "out of memory");
                for (char *p = copy; *p; p++)
                        if (*p == '\'')
                                *p = '"';
                root = cJSON_ParseWithOpts(copy, NULL, 1);
                free(copy);
        }
        if (!cJSON_IsObject(root)) {
                cJSON_Delete(root);
                return rg_fail(eb, RG_PARSE, "expected a dict like {\"25\": 0.1, \"100\": 0.9}");
        }
        int rc = RG_OK;
        int n = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, root)
        {
                if (n >= SIM_MAX_CLASSES) {
                        rc = rg_fail(eb, RG_RANGE, "more than %d bandwidth classes",
                                     SIM_MAX_CLASSES);
                        break;
                }
                if (!cJSON_IsNumber(it) || !(it->valuedouble >= 0) || it->valuedouble > 1) {
                        rc = rg_fail(eb, RG_RANGE, "probability of '%s' must be a number in [0, 1]",
                                     it->string);
                        break;
                }
                if (strlen(it->string) >= SIM_LABEL_MAX) {
                        rc = rg_fail(eb, RG_RANGE, "bandwidth label '%.30s' too long", it->string);
                        break;
                }
                snprintf(s->dist[n].label, SIM_LABEL_MAX, "%s", it->string);
                s->dist[n].prob = it->valuedouble;
                n++;
        }
        cJSON_Delete(root);
        if (rc == RG_OK && n == 0)
                rc = rg_fail(eb, RG_RANGE, "empty request distribution");
        if (rc == RG_OK)
                s->n_dist = n;
        return rc;
}

/* ---- INI -------------------------------------------------------------- */

enum key_kind {
        KEY_DOUBLE, /* positive finite number */
        KEY_COUNT,  /* int >= 1 */
        KEY_U32,    /* uint32_t >= 1 */
        KEY_GUARD,  /* 0 or 1 */
        KEY_STRING,
        KEY_FIT,
        KEY_DIST,
        KEY_ROUTE,    /* must be k_shortest_path */
        KEY_BOOL,     /* True/False */
        KEY_OFF_BOOL, /* a feature rollgate cannot simulate: must be False */
        KEY_ON_BOOL,  /* a restriction rollgate relies on: must be True */
        KEY_OFF_NONE, /* ditto: must be None */
        KEY_ONE,      /* a count that must be 1 (slicing, fibers) */
};

struct key_spec {
        const char *section; /* NULL: any section */
        const char *name;
        enum key_kind kind;
        size_t offset; /* into struct harness_settings, for value keys */
        size_t size;
        const char *why; /* for feature keys: what it would switch on */
};

#define FIELD(f) offsetof(struct harness_settings, f), sizeof(((struct harness_settings *)0)->f)
#define NOFIELD 0, 0

/* FUSION's schema (fusion/configs/schema.py) reads each key from one named
 * section only; so do we, and a key elsewhere is "unknown". */
static const struct key_spec keys[] = {
    {"general_settings", "erlang_start", KEY_DOUBLE, FIELD(erlang_start), NULL},
    {"general_settings", "erlang_stop", KEY_DOUBLE, FIELD(erlang_stop), NULL},
    {"general_settings", "erlang_step", KEY_DOUBLE, FIELD(erlang_step), NULL},
    {"general_settings", "holding_time", KEY_DOUBLE, FIELD(holding_time), NULL},
    {"general_settings", "num_requests", KEY_U32, FIELD(num_requests), NULL},
    {"general_settings", "max_iters", KEY_COUNT, FIELD(max_iters), NULL},
    {"general_settings", "request_distribution", KEY_DIST, NOFIELD, NULL},
    {"general_settings", "guard_slots", KEY_GUARD, FIELD(guard_slots), NULL},
    {"spectrum_settings", "guard_slots", KEY_GUARD, FIELD(guard_slots), NULL},
    {"general_settings", "mod_assumption", KEY_STRING, FIELD(mod_assumption), NULL},
    {"general_settings", "mod_assumption_path", KEY_STRING, FIELD(mod_assumption_path), NULL},
    {"general_settings", "pre_calc_mod_selection", KEY_BOOL, FIELD(single_mod), NULL},
    {"general_settings", "allocation_method", KEY_FIT, FIELD(allocation), NULL},
    {"spectrum_settings", "allocation_method", KEY_FIT, FIELD(allocation), NULL},
    {"routing_settings", "k_paths", KEY_COUNT, FIELD(k_paths), NULL},
    {"routing_settings", "route_method", KEY_ROUTE, NOFIELD, NULL},
    {"topology_settings", "network", KEY_STRING, FIELD(network), NULL},
    {"topology_settings", "topology_path", KEY_STRING, FIELD(topology_path), NULL},
    {"topology_settings", "cores_per_link", KEY_COUNT, FIELD(cores_per_link), NULL},
    {"spectrum_settings", "c_band", KEY_COUNT, FIELD(c_band), NULL},
    {"comparison", "seed_base", KEY_U32, FIELD(seed_base), NULL},
    {"comparison", "replications", KEY_COUNT, FIELD(max_iters), NULL},
    {"comparison", "deviation", KEY_STRING, FIELD(cmp.deviation), NULL},
    {"comparison", "thresholds", KEY_STRING, FIELD(cmp.thresholds), NULL},
    {"comparison", "confidence", KEY_STRING, FIELD(cmp.confidence), NULL},
    {"comparison", "direction", KEY_STRING, FIELD(cmp.direction), NULL},
    {"comparison", "perf_threshold", KEY_STRING, FIELD(cmp.perf_threshold), NULL},
    {"comparison", "legacy", KEY_STRING, FIELD(cmp.legacy), NULL},
    {"comparison", "orchestrator", KEY_STRING, FIELD(cmp.orchestrator), NULL},
    {"comparison", "inject", KEY_STRING, FIELD(cmp.inject), NULL},
    {"comparison", "rollback_env", KEY_STRING, FIELD(cmp.rollback_env), NULL},
    {"comparison", "rollback_config_key", KEY_STRING, FIELD(cmp.rollback_config_key), NULL},
    {"comparison", "threads", KEY_STRING, FIELD(cmp.threads), NULL},
    {"comparison", "unpaired", KEY_STRING, FIELD(cmp.unpaired), NULL},
    {"comparison", "exact", KEY_STRING, FIELD(cmp.exact), NULL},
    {"comparison", "run_dir", KEY_STRING, FIELD(cmp.run_dir), NULL},
    {"comparison", "until_decided", KEY_STRING, FIELD(cmp.until_decided), NULL},
    {"comparison", "batch", KEY_STRING, FIELD(cmp.batch), NULL},
    {"comparison", "max_replications", KEY_STRING, FIELD(cmp.max_replications), NULL},
    {"comparison", "spending", KEY_STRING, FIELD(cmp.spending), NULL},
    {"comparison", "json", KEY_STRING, FIELD(cmp.json), NULL},
    {"comparison", "markdown", KEY_STRING, FIELD(cmp.markdown), NULL},
    {"comparison", "junit", KEY_STRING, FIELD(cmp.junit), NULL},
    {"comparison", "html", KEY_STRING, FIELD(cmp.html), NULL},
    {"comparison", "notification", KEY_STRING, FIELD(cmp.notification), NULL},
    {"notification", "project", KEY_STRING, FIELD(notify.project), NULL},
    {"notification", "team", KEY_STRING, FIELD(notify.team), NULL},
    {"notification", "channel", KEY_STRING, FIELD(notify.channel), NULL},
    /* features rollgate does not simulate: accepted only when off */
    {"general_settings", "is_grooming_enabled", KEY_OFF_BOOL, NOFIELD, "traffic grooming"},
    {"general_settings", "dynamic_lps", KEY_OFF_BOOL, NOFIELD, "dynamic lightpath slicing"},
    {"general_settings", "can_partially_serve", KEY_OFF_BOOL, NOFIELD, "partial service"},
    {"general_settings", "fixed_grid", KEY_OFF_BOOL, NOFIELD, "fixed-grid allocation"},
    {"general_settings", "max_segments", KEY_ONE, NOFIELD, "lightpath slicing"},
    {"general_settings", "spectrum_priority", KEY_OFF_NONE, NOFIELD, "band priority"},
    {"topology_settings", "multi_fiber", KEY_OFF_BOOL, NOFIELD, "multi-fibre links"},
    {"topology_settings", "const_link_weight", KEY_OFF_BOOL, NOFIELD,
     "constant link weights (every link 1 km)"},
    {"topology_settings", "is_only_core_node", KEY_ON_BOOL, NOFIELD, "traffic between core nodes"},
    {"spectrum_settings", "l_band", KEY_OFF_NONE, NOFIELD, "a second band (L)"},
    {"spectrum_settings", "s_band", KEY_OFF_NONE, NOFIELD, "a second band (S)"},
    {"spectrum_settings", "o_band", KEY_OFF_NONE, NOFIELD, "a second band (O)"},
    {"spectrum_settings", "e_band", KEY_OFF_NONE, NOFIELD, "a second band (E)"},
    {"snr_settings", "snr_type", KEY_OFF_NONE, NOFIELD, "SNR checks"},
    {"snr_settings", "snr_recheck", KEY_OFF_BOOL, NOFIELD, "SNR rechecks"},
    {"ml_settings", "deploy_model", KEY_OFF_BOOL, NOFIELD, "a machine-learning model"},
    {"failure_settings", "failure_type", KEY_OFF_NONE, NOFIELD, "link failures"},
    {"protection_settings", "protection_enabled", KEY_OFF_BOOL, NOFIELD, "1+1 protection"},
};

/* The keys of a [metric.NAME] section; each but kind and primary belongs
 * to one kind. */
enum metric_key {
        MK_KIND,
        MK_PRIMARY,
        MK_THRESHOLDS,
        MK_DEVIATION,
        MK_DIRECTION,
        MK_UNIT,
        MK_ABS_TOL,
        MK_REL_TOL,
        MK_FACTOR,
        METRIC_KEYS
};

static const struct {
        const char *name;
        bool any_kind;
        enum compare_kind kind;
} metric_keys[METRIC_KEYS] = {
    [MK_KIND] = {"kind", true, COMPARE_KIND_EQUIVALENCE},
    [MK_PRIMARY] = {"primary", true, COMPARE_KIND_EQUIVALENCE},
    [MK_THRESHOLDS] = {"thresholds", false, COMPARE_KIND_EQUIVALENCE},
    [MK_DEVIATION] = {"deviation", false, COMPARE_KIND_EQUIVALENCE},
    [MK_DIRECTION] = {"direction", false, COMPARE_KIND_EQUIVALENCE},
    [MK_UNIT] = {"unit", false, COMPARE_KIND_EQUIVALENCE},
    [MK_ABS_TOL] = {"abs_tol", false, COMPARE_KIND_EXACT},
    [MK_REL_TOL] = {"rel_tol", false, COMPARE_KIND_EXACT},
    [MK_FACTOR] = {"factor", false, COMPARE_KIND_PERFORMANCE},
};

struct ini_ctx {
        struct harness_settings *s;
        const char *path;
        FILE *f;
        int line;
        bool too_long;
        struct rg_errbuf *eb;
        char unknown[512];
        int n_unknown;
        bool guard_from_spectrum; /* [spectrum_settings] guard_slots wins */
        bool shortest_path;       /* route_method = shortest_path: k = 1 */
        int last_path_line;       /* line of the last command/env value, for continuations */
        bool indented;            /* the line being parsed starts with a blank */
        int more_refusals;        /* refusals after the first */
        int n_known;              /* keys rollgate reads, seen */
        const char *key_name;     /* the key being applied, for refusal lists */
        const char *last_path_key;
        int metric;          /* index of the [metric.*] section being read; -1: none */
        bool key_in_section; /* a key since the last section header: inih then reads an
                                indented line as more of that key's value */
        bool continued;      /* the key being applied is such a continuation */
        int metric_line[COMPARE_MAX_DECLARED][METRIC_KEYS]; /* last line of each key; 0: none */
};

static bool is_word(const char *v, const char *const *words)
{
        for (; *words; words++)
                if (strcasecmp(v, *words) == 0)
                        return true;
        return false;
}

static const char *const false_words[] = {"false", "0", "no", "off", NULL};
static const char *const true_words[] = {"true", "1", "yes", "on", NULL};
static const char *const none_words[] = {"none", "", "null", "false", "0", NULL};

static int refuse(struct ini_ctx *c, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records (first one wins) a setting the embedded simulator cannot model;
 * it is an error only if a builtin path runs (harness_settings_check_builtin). */
static int refuse(struct ini_ctx *c, int code, const char *fmt, ...)
{
        struct harness_settings *s = c->s;
        if (s->refusal_code == RG_OK) {
                va_list ap;
                va_start(ap, fmt);
                vsnprintf(s->refusal, sizeof(s->refusal), fmt, ap);
                va_end(ap);
                rg_one_line(s->refusal);
                s->refusal_code = code;
                return RG_OK;
        }
        /* every further one named too, so that one run lists what to edit */
        size_t used = strlen(s->refusal);
        if (c->more_refusals == 0 && used + 16 < sizeof(s->refusal))
                used +=
                    (size_t)snprintf(s->refusal + used, sizeof(s->refusal) - used, "; also line");
        c->more_refusals++;
        if (used + 32 < sizeof(s->refusal))
                snprintf(s->refusal + used, sizeof(s->refusal) - used, "%s %d (%s)",
                         c->more_refusals > 1 ? "," : "", c->line, c->key_name);
        return RG_OK;
}

static int apply_key(struct ini_ctx *c, const struct key_spec *k, const char *value)
{
        c->key_name = k->name;
        struct harness_settings *s = c->s;
        char *field = (char *)s + k->offset;
        long iv;
        double dv;
        struct rg_errbuf local;
        rg_errbuf_init(&local);
        switch (k->kind) {
        case KEY_DOUBLE:
                if (harness_parse_double(value, &dv) != RG_OK || !(dv >= 0))
                        return rg_fail(c->eb, RG_PARSE,
                                       "%s:%d: key '%s': '%s' is not a number >= 0", c->path,
                                       c->line, k->name, value);
                *(double *)field = dv;
                return RG_OK;
        case KEY_COUNT:
        case KEY_U32: {
                long hi = k->kind == KEY_U32 ? 2147483647L : 1000000000L;
                int rc = harness_parse_int(value, 1, hi, &iv);
                if (rc != RG_OK)
                        return rg_fail(c->eb, rc,
                                       "%s:%d: key '%s': '%s' is not a whole number in 1..%ld",
                                       c->path, c->line, k->name, value, hi);
                if (k->kind == KEY_U32)
                        *(uint32_t *)field = (uint32_t)iv;
                else
                        *(int *)field = (int)iv;
                return RG_OK;
        }
        case KEY_GUARD: {
                bool spectrum = strcmp(k->section, "spectrum_settings") == 0;
                if (!spectrum && c->guard_from_spectrum)
                        return RG_OK;
                c->guard_from_spectrum |= spectrum;
                int rc = harness_parse_int(value, 0, 1, &iv);
                if (rc == RG_RANGE)
                        return refuse(c, rc, "%s:%d: key '%s': '%s' must be 0 or 1", c->path,
                                      c->line, k->name, value);
                if (rc != RG_OK)
                        return rg_fail(c->eb, rc, "%s:%d: key '%s': '%s' must be 0 or 1", c->path,
                                       c->line, k->name, value);
                *(int *)field = (int)iv;
                return RG_OK;
        }
        case KEY_STRING:
                if (strlen(value) >= k->size)
                        return rg_fail(c->eb, RG_RANGE, "%s:%d: key '%s': value too long", c->path,
                                       c->line, k->name);
                snprintf(field, k->size, "%s", value);
                return RG_OK;
        case KEY_FIT:
                if (!sim_fit_parse(value, (enum sim_fit *)field))
                        return refuse(
                            c, RG_UNSUPPORTED,
                            "%s:%d: key '%s': '%s' is not first_fit, last_fit or best_fit", c->path,
                            c->line, k->name, value);
                return RG_OK;
        case KEY_DIST:
                if (harness_parse_dist(value, s, &local) != RG_OK)
                        return rg_fail(c->eb, local.code, "%s:%d: key '%s': %s", c->path, c->line,
                                       k->name, local.msg);
                return RG_OK;
        case KEY_BOOL:
                if (is_word(value, true_words))
                        *(bool *)field = true;
                else if (is_word(value, false_words))
                        *(bool *)field = false;
                else
                        return rg_fail(c->eb, RG_PARSE,
                                       "%s:%d: key '%s': '%s' is not True or False", c->path,
                                       c->line, k->name, value);
                return RG_OK;
        case KEY_ON_BOOL:
                if (!is_word(value, true_words))
                        return refuse(c, RG_UNSUPPORTED,
                                      "%s:%d: key '%s' = %s: rollgate simulates %s only; set it "
                                      "to True",
                                      c->path, c->line, k->name, value, k->why);
                return RG_OK;
        case KEY_ROUTE:
                c->shortest_path = strcmp(value, "shortest_path") == 0;
                if (strcmp(value, "k_shortest_path") != 0 && !c->shortest_path)
                        return refuse(
                            c, RG_UNSUPPORTED,
                            "%s:%d: key '%s': '%s' is not supported (k_shortest_path only)",
                            c->path, c->line, k->name, value);
                return RG_OK;
        case KEY_OFF_BOOL:
                if (!is_word(value, false_words))
                        return refuse(c, RG_UNSUPPORTED,
                                      "%s:%d: key '%s' = %s switches on %s, which rollgate cannot "
                                      "simulate; set it to False",
                                      c->path, c->line, k->name, value, k->why);
                return RG_OK;
        case KEY_OFF_NONE:
                if (!is_word(value, none_words))
                        return refuse(c, RG_UNSUPPORTED,
                                      "%s:%d: key '%s' = %s switches on %s, which rollgate cannot "
                                      "simulate; set it to None",
                                      c->path, c->line, k->name, value, k->why);
                return RG_OK;
        case KEY_ONE:
                if (is_word(value, none_words))
                        return RG_OK;
                if (harness_parse_int(value, 1, 1, &iv) != RG_OK)
                        return refuse(c, RG_UNSUPPORTED,
                                      "%s:%d: key '%s' = %s switches on %s, which rollgate cannot "
                                      "simulate; set it to 1",
                                      c->path, c->line, k->name, value, k->why);
                return RG_OK;
        }
        return RG_INTERNAL;
}

/* A key of a [path.NAME] section: ours, so anything unknown is an error. */
static int apply_path_key(struct ini_ctx *c, const char *section, const char *name,
                          const char *value)
{
        struct harness_settings *s = c->s;
        const char *pname = section + strlen("path.");
        struct backend_exec_spec *p = NULL;
        for (int i = 0; i < s->n_path_sections; i++)
                if (strcmp(s->path_sections[i].name, pname) == 0)
                        p = &s->path_sections[i];
        if (p == NULL) {
                if (*pname == '\0' || strlen(pname) >= sizeof(p->name) ||
                    strspn(pname, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"
                                  ".") != strlen(pname))
                        return rg_fail(c->eb, RG_PARSE,
                                       "%s:%d: section '[%s]': a path name is letters, digits, "
                                       "'_', '-' or '.' (at most %zu)",
                                       c->path, c->line, section, sizeof(p->name) - 1);
                if (s->n_path_sections >= HARNESS_MAX_PATH_SECTIONS)
                        return rg_fail(c->eb, RG_RANGE, "%s:%d: more than %d [path.*] sections",
                                       c->path, c->line, HARNESS_MAX_PATH_SECTIONS);
                p = &s->path_sections[s->n_path_sections++];
                backend_exec_spec_init(p);
                snprintf(p->name, sizeof(p->name), "%s", pname);
                snprintf(p->where, sizeof(p->where), "%.1000s:%d: [%s]", c->path, c->line, section);
        }
        double d;
        if (strcmp(name, "command") == 0 || strcmp(name, "env") == 0 ||
            strcmp(name, "workdir") == 0) {
                char *field = name[0] == 'c' ? p->command : name[0] == 'e' ? p->env : p->workdir;
                size_t cap = name[0] == 'c'   ? sizeof(p->command)
                             : name[0] == 'e' ? sizeof(p->env)
                                              : sizeof(p->workdir);
                /* inih hands an indented continuation line over as the same
                 * key again: a long command or env goes on, joined by a space */
                bool more = c->indented && c->last_path_line == c->line - 1 &&
                            c->last_path_key == field && name[0] != 'w';
                size_t used = more ? strlen(field) : 0;
                if (used + strlen(value) + 1 >= cap)
                        return rg_fail(c->eb, RG_RANGE, "%s:%d: key '%s': value too long (max %zu)",
                                       c->path, c->line, name, cap - 1);
                snprintf(field + used, cap - used, "%s%s", more ? " " : "", value);
                c->last_path_line = c->line;
                c->last_path_key = field;
                return RG_OK;
        }
        if (strcmp(name, "timeout") == 0 || strcmp(name, "kill_grace") == 0) {
                if (harness_parse_double(value, &d) != RG_OK || !(d >= 0) || d > 1e7)
                        return rg_fail(c->eb, RG_PARSE,
                                       "%s:%d: key '%s': '%s' is not a number of seconds >= 0",
                                       c->path, c->line, name, value);
                *(name[0] == 't' ? &p->timeout : &p->kill_grace) = d;
                return RG_OK;
        }
        if (strcmp(name, "format") == 0) {
                if (!backend_format_parse(value, &p->format))
                        return rg_fail(c->eb, RG_PARSE,
                                       "%s:%d: key 'format': '%s' is not rollgate or fusion",
                                       c->path, c->line, value);
                return RG_OK;
        }
        return rg_fail(c->eb, RG_PARSE,
                       "%s:%d: key '%s': not a path setting (command, env, timeout, kill_grace, "
                       "format, workdir)",
                       c->path, c->line, name);
}

/* The predeclared metrics; refused in any case, as the report would show
 * two metrics called BP. */
static const char *const reserved_metrics[] = {"bp", "bbp", "trace_hash", NULL};

/*
 * The [metric.NAME] section `section` ("metric.NAME") into *index, added
 * with its defaults when new, its header at `line`.  A repeated section adds
 * to the first one, which keeps its line.
 */
static int metric_section(struct ini_ctx *c, const char *section, int line, int *index)
{
        struct harness_settings *s = c->s;
        const char *name = section + strlen("metric.");
        for (int i = 0; i < s->n_metric_sections; i++)
                if (strcmp(s->metric_sections[i].decl.name, name) == 0) {
                        *index = i;
                        return RG_OK;
                }
        struct harness_metric_section *m = &s->metric_sections[0];
        if (*name == '\0' || strlen(name) >= sizeof(m->decl.name) ||
            strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") !=
                strlen(name))
                return rg_fail(c->eb, RG_PARSE,
                               "%s:%d: [%.80s]: a metric name is 1 to %zu letters, digits, '_', "
                               "'-' or '.'",
                               c->path, line, section, sizeof(m->decl.name) - 1);
        if (is_word(name, reserved_metrics))
                return rg_fail(c->eb, RG_PARSE,
                               "%s:%d: [%s]: '%s' is predeclared (bp, bbp and trace_hash are "
                               "rollgate's own metrics): choose another name",
                               c->path, line, section, name);
        if (s->n_metric_sections >= COMPARE_MAX_DECLARED)
                return rg_fail(c->eb, RG_PARSE, "%s:%d: [%s]: more than %d [metric.*] sections",
                               c->path, line, section, COMPARE_MAX_DECLARED);
        *index = s->n_metric_sections++;
        m = &s->metric_sections[*index];
        memset(m, 0, sizeof(*m));
        struct compare_metric_decl *d = &m->decl;
        snprintf(d->name, sizeof(d->name), "%s", name);
        d->kind = COMPARE_KIND_EQUIVALENCE; /* until its kind is read: kind is required */
        d->primary = true;
        d->pol.deviation = STATS_DEV_ABSOLUTE;
        d->pol.direction = STATS_DIR_EITHER;
        d->pol.perf_threshold = 0.05;
        snprintf(m->where, sizeof(m->where), "%.1000s:%d: [%s]", c->path, line, section);
        return RG_OK;
}

/*
 * A key of a [metric.NAME] section: ours, so anything unknown is an error.
 * Whether a key fits the section's kind is checked once the file is read
 * (check_metric_sections): kind may come after it.  inih reads an indented
 * line after a key as more of that key's value, even across blank lines and
 * comments; here that would silently replace the value, so it is refused.
 */
static int apply_metric_key(struct ini_ctx *c, const char *section, const char *name,
                            const char *value)
{
        struct harness_settings *s = c->s;
        if (c->metric < 0) {
                int rc = metric_section(c, section, c->line, &c->metric);
                if (rc != RG_OK)
                        return rc;
        }
        struct compare_metric_decl *d = &s->metric_sections[c->metric].decl;
        int k = 0;
        while (k < METRIC_KEYS && strcmp(metric_keys[k].name, name) != 0)
                k++;
        if (k == METRIC_KEYS)
                return rg_fail(c->eb, RG_PARSE,
                               "%s:%d: [metric.%s] key '%s': not a metric setting (kind, "
                               "thresholds, deviation, direction, unit, abs_tol, rel_tol, factor, "
                               "primary)",
                               c->path, c->line, d->name, name);
        if (c->continued)
                return rg_fail(c->eb, RG_PARSE,
                               "%s:%d: [metric.%s] key '%s': an indented line continues this key's "
                               "value; a metric setting takes one line",
                               c->path, c->line, d->name, name);
        c->metric_line[c->metric][k] = c->line;
        const char *want = NULL;
        double v[4];
        int n;
        switch ((enum metric_key)k) {
        case MK_KIND:
                if (!compare_kind_from_name(value, &d->kind))
                        want = "equivalence, exact or performance";
                break;
        case MK_PRIMARY:
                if (is_word(value, true_words))
                        d->primary = true;
                else if (is_word(value, false_words))
                        d->primary = false;
                else
                        want = "true or false";
                break;
        case MK_THRESHOLDS:
                if (harness_parse_list(value, v, 4, &n) != RG_OK || n != 2 || !(v[0] > 0) ||
                    !(v[1] > v[0])) {
                        want = "T1, T2 with 0 < T1 < T2";
                        break;
                }
                d->pol.t1 = v[0];
                d->pol.t2 = v[1];
                break;
        case MK_DEVIATION:
                if (strcmp(value, "absolute") == 0)
                        d->pol.deviation = STATS_DEV_ABSOLUTE;
                else if (strcmp(value, "relative") == 0)
                        d->pol.deviation = STATS_DEV_RELATIVE;
                else
                        want = "absolute or relative";
                break;
        case MK_DIRECTION:
                if (strcmp(value, "either") == 0)
                        d->pol.direction = STATS_DIR_EITHER;
                else if (strcmp(value, "increase") == 0)
                        d->pol.direction = STATS_DIR_INCREASE;
                else
                        want = "either or increase";
                break;
        case MK_UNIT:
                if (strlen(value) >= sizeof(d->unit))
                        want = "a label of at most 15 bytes";
                else
                        snprintf(d->unit, sizeof(d->unit), "%s", value);
                break;
        case MK_ABS_TOL:
        case MK_REL_TOL:
                if (harness_parse_double(value, &v[0]) != RG_OK || !(v[0] >= 0))
                        want = "a number >= 0";
                else
                        *(k == MK_ABS_TOL ? &d->abs_tol : &d->rel_tol) = v[0];
                break;
        case MK_FACTOR:
                /* the bounds of [comparison] perf_threshold, the same test */
                if (harness_parse_double(value, &v[0]) != RG_OK || !(v[0] >= 0) || v[0] > 10)
                        want = "a fraction >= 0, e.g. 0.05";
                else
                        d->pol.perf_threshold = v[0];
                break;
        case METRIC_KEYS:
                return RG_INTERNAL;
        }
        if (want)
                return rg_fail(c->eb, RG_PARSE, "%s:%d: [metric.%s] key '%s': '%s' is not %s",
                               c->path, c->line, d->name, name, value, want);
        return RG_OK;
}

/* What only the whole file tells: every section has a kind, its keys are
 * of that kind, an equivalence metric has its thresholds. */
static int check_metric_sections(struct ini_ctx *c)
{
        const struct harness_settings *s = c->s;
        for (int i = 0; i < s->n_metric_sections; i++) {
                const struct harness_metric_section *m = &s->metric_sections[i];
                const int *line = c->metric_line[i];
                enum compare_kind kind = m->decl.kind;
                if (line[MK_KIND] == 0)
                        return rg_fail(c->eb, RG_PARSE,
                                       "%s key 'kind' missing (equivalence, exact or performance)",
                                       m->where);
                int first = -1;
                for (int k = 0; k < METRIC_KEYS; k++)
                        if (line[k] && !metric_keys[k].any_kind && metric_keys[k].kind != kind &&
                            (first < 0 || line[k] < line[first]))
                                first = k;
                if (first >= 0)
                        return rg_fail(
                            c->eb, RG_PARSE, "%s:%d: [metric.%s] key '%s' is for kind %s, not %s",
                            c->path, line[first], m->decl.name, metric_keys[first].name,
                            compare_kind_name(metric_keys[first].kind), compare_kind_name(kind));
                if (kind == COMPARE_KIND_EQUIVALENCE && line[MK_THRESHOLDS] == 0)
                        return rg_fail(c->eb, RG_PARSE,
                                       "%s key 'thresholds' missing: kind equivalence needs T1, T2 "
                                       "with 0 < T1 < T2",
                                       m->where);
        }
        return RG_OK;
}

/*
 * A section header line, seen by the line reader before inih: a [metric.*]
 * section is registered here, so that one without keys is still found
 * without a kind, its header line is the one messages name, and a name
 * longer than inih's section buffer (49 bytes) is not read cut short.
 */
static int on_section_line(struct ini_ctx *c, const char *header)
{
        c->metric = -1;
        c->key_in_section = false;
        const char *end = strchr(header, ']');
        if (strncmp(header, "metric.", 7) != 0 || end == NULL)
                return RG_OK;
        char section[256];
        snprintf(section, sizeof(section), "%.*s", (int)(end - header), header);
        return metric_section(c, section, c->line, &c->metric);
}

/* Keys an external path needs from the config: the matrix, the request
 * count and the holding time (and rollgate's own sections).  A value of any
 * other key that rollgate cannot read describes the simulation, which for
 * an external simulator is its own business: recorded like a refused
 * feature, an error only when a builtin path runs. */
static bool matrix_key(const struct key_spec *k)
{
        static const char *const names[] = {
            "erlang_start", "erlang_stop", "erlang_step", "holding_time",
            "num_requests", "max_iters",   NULL};
        if (strcmp(k->section, "comparison") == 0)
                return true;
        for (const char *const *n = names; *n; n++)
                if (strcmp(k->name, *n) == 0)
                        return true;
        return false;
}

void harness_settings_cmp_set_where(struct harness_settings *s, const char *key, const char *where)
{
        int i = 0;
        while (i < s->n_cmp_where && strcmp(s->cmp_where[i].key, key) != 0)
                i++;
        if (i == s->n_cmp_where) {
                if (i >= (int)(sizeof(s->cmp_where) / sizeof(s->cmp_where[0])))
                        return;
                s->n_cmp_where++;
                snprintf(s->cmp_where[i].key, sizeof(s->cmp_where[i].key), "%s", key);
        }
        snprintf(s->cmp_where[i].where, sizeof(s->cmp_where[i].where), "%s", where);
}

const char *harness_settings_cmp_where(const struct harness_settings *s, const char *key)
{
        for (int i = 0; i < s->n_cmp_where; i++)
                if (strcmp(s->cmp_where[i].key, key) == 0)
                        return s->cmp_where[i].where;
        return "[comparison]";
}

static int apply_checked(struct ini_ctx *c, const struct key_spec *k, const char *value)
{
        if (strcmp(k->section, "comparison") == 0) {
                char where[HARNESS_PATH_MAX + 16];
                snprintf(where, sizeof(where), "%.1000s:%d", c->path, c->line);
                harness_settings_cmp_set_where(c->s, k->name, where);
        }
        if (matrix_key(k))
                return apply_key(c, k, value);
        struct rg_errbuf local, *outer = c->eb;
        rg_errbuf_init(&local);
        c->eb = &local;
        int rc = apply_key(c, k, value);
        c->eb = outer;
        if (rc != RG_OK) {
                if (k->kind == KEY_DIST)
                        c->s->dist_unreadable = true;
                return refuse(c, rc, "%s", local.msg);
        }
        return RG_OK;
}

static int on_ini_key(void *user, const char *section, const char *name, const char *value)
{
        struct ini_ctx *c = user;
        if (c->eb->code != RG_OK)
                return 0;
        c->continued = c->indented && c->key_in_section;
        c->key_in_section = true;
        if (strncmp(section, "path.", 5) == 0) {
                c->n_known++;
                return apply_path_key(c, section, name, value) == RG_OK;
        }
        if (strncmp(section, "metric.", 7) == 0) {
                c->n_known++;
                return apply_metric_key(c, section, name, value) == RG_OK;
        }
        for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
                const struct key_spec *k = &keys[i];
                if (strcmp(k->name, name) != 0)
                        continue;
                if (k->section && strcmp(k->section, section) != 0)
                        continue;
                c->n_known++;
                return apply_checked(c, k, value) == RG_OK;
        }
        /* unknown: remember a few names for the one notice */
        if (c->n_unknown < 8) {
                size_t used = strlen(c->unknown);
                snprintf(c->unknown + used, sizeof(c->unknown) - used, "%s%s.%s",
                         c->n_unknown ? ", " : "", section, name);
        }
        c->n_unknown++;
        return 1;
}

/* inih's line reader hook: counts lines so errors can name them, and refuses
 * lines longer than inih's buffer instead of letting them be split. */
static char *read_ini_line(char *buf, int size, void *stream)
{
        struct ini_ctx *c = stream;
        if (fgets(buf, size, c->f) == NULL)
                return NULL;
        c->line++;
        c->indented = buf[0] == ' ' || buf[0] == '\t';
        size_t len = strlen(buf);
        if (len == (size_t)size - 1 && buf[len - 1] != '\n' && !feof(c->f)) {
                c->too_long = true;
                return NULL;
        }
        /* as inih reads a line: a UTF-8 byte order mark first, blanks */
        const char *p = buf;
        if (c->line == 1 && strncmp(p, "\xEF\xBB\xBF", 3) == 0)
                p += 3;
        while (isspace((unsigned char)*p))
                p++;
        bool continuation = c->indented && c->key_in_section;
        if (*p == '[' && !continuation && on_section_line(c, p + 1) != RG_OK)
                return NULL; /* the message is in c->eb */
        return buf;
}

int harness_settings_load_ini(struct harness_settings *s, const char *path, struct rg_errbuf *eb)
{
        struct ini_ctx c = {.s = s, .path = path, .eb = eb, .metric = -1};
        /* a directory would read as empty (and run the defaults), a FIFO or
         * /dev/zero would block or never end: a config is a regular file */
        struct stat st;
        if (stat(path, &st) != 0)
                return rg_fail(eb, RG_IO, "%s: cannot open: %s", path, strerror(errno));
        if (!S_ISREG(st.st_mode))
                return rg_fail(eb, RG_IO, "%s: not a regular file", path);
        if (st.st_size > (16 << 20))
                return rg_fail(eb, RG_IO, "%s: larger than 16 MiB: not a config", path);
        c.f = fopen(path, "r");
        if (c.f == NULL)
                return rg_fail(eb, RG_IO, "%s: cannot open: %s", path, strerror(errno));
        snprintf(s->config_path, sizeof(s->config_path), "%s", path);
        int at = ini_parse_stream(read_ini_line, &c, on_ini_key, &c);
        fclose(c.f);
        if (eb->code != RG_OK)
                return eb->code;
        if (c.too_long)
                return rg_fail(eb, RG_PARSE, "%s:%d: line too long", path, c.line);
        if (at != 0)
                return rg_fail(eb, RG_PARSE, "%s:%d: not 'key = value', '[section]' or a comment",
                               path, at);
        for (int i = 0; i < s->n_path_sections; i++)
                if (s->path_sections[i].command[0] == '\0')
                        return rg_fail(eb, RG_PARSE, "%s: key 'command' missing",
                                       s->path_sections[i].where);
        int rc = check_metric_sections(&c);
        if (rc != RG_OK)
                return rc;
        /* a file that says nothing rollgate knows (an empty file, another
         * tool's INI) would silently run the defaults */
        if (c.n_known == 0)
                return rg_fail(eb, RG_PARSE,
                               "%s: no key rollgate reads (FUSION's [general_settings], "
                               "[topology_settings] ... or rollgate's [comparison]): is it a "
                               "config?",
                               path);
        if (c.shortest_path)
                s->k_paths = 1; /* FUSION's shortest_path is KSP with k = 1 */
        if (c.n_unknown)
                fprintf(stderr, "notice: %s: ignoring %d key%s rollgate does not use: %s%s\n", path,
                        c.n_unknown, c.n_unknown == 1 ? "" : "s", c.unknown,
                        c.n_unknown > 8 ? ", ..." : "");
        return RG_OK;
}

/* ---- expansion and model building ------------------------------------- */

/* The arrival rate erlang / holding_time must be a finite positive number
 * for every load: 1e-300 / 1e300 underflows to 0 (no arrival ever), 1e300 /
 * 1e-300 overflows (every arrival at t = 0).  Checked with the loads, so
 * that sim, trace and compare refuse it the same way before any work. */
static int check_rate(const struct harness_settings *s, double erlang, struct rg_errbuf *eb)
{
        double rate = erlang / s->holding_time;
        if (!(s->holding_time > 0) || !isfinite(s->holding_time) || !isfinite(rate) ||
            !(rate > 0) || !isfinite(1 / rate))
                return rg_fail(eb, RG_RANGE,
                               "erlang %g with holding_time %g: the arrival rate erlang / "
                               "holding_time = %g is not a usable positive number",
                               erlang, s->holding_time, rate);
        return RG_OK;
}

int harness_settings_loads(const struct harness_settings *s, double *loads, int *n,
                           struct rg_errbuf *eb)
{
        *n = 0;
        if (s->n_loads > 0) {
                for (int i = 0; i < s->n_loads; i++) {
                        if (!(s->loads[i] > 0))
                                return rg_fail(eb, RG_RANGE, "erlang %g: loads must be > 0",
                                               s->loads[i]);
                        int rc = check_rate(s, s->loads[i], eb);
                        if (rc != RG_OK)
                                return rc;
                        loads[i] = s->loads[i];
                }
                *n = s->n_loads;
                return RG_OK;
        }
        if (!(s->erlang_start > 0) || !(s->erlang_step > 0) || s->erlang_stop < s->erlang_start)
                return rg_fail(eb, RG_RANGE,
                               "erlang_start %g, erlang_stop %g, erlang_step %g: need 0 < start <= "
                               "stop and step > 0",
                               s->erlang_start, s->erlang_stop, s->erlang_step);
        /* Stop is inclusive; computed from an integer index so that no
         * rounding drift adds or loses the last load.  The count is checked
         * as a double first: a tiny step makes it too large for any integer
         * type (converting it would be undefined). */
        double span = (s->erlang_stop - s->erlang_start) / s->erlang_step;
        double count_d = floor(span + 1e-9) + 1;
        if (!(count_d <= HARNESS_MAX_LOADS))
                return rg_fail(eb, RG_RANGE,
                               "erlang_start %g .. erlang_stop %g by erlang_step %g: more than %d "
                               "loads",
                               s->erlang_start, s->erlang_stop, s->erlang_step, HARNESS_MAX_LOADS);
        long count = (long)count_d;
        for (long i = 0; i < count; i++) {
                loads[i] = s->erlang_start + (double)i * s->erlang_step;
                int rc = check_rate(s, loads[i], eb);
                if (rc != RG_OK)
                        return rc;
        }
        *n = (int)count;
        return RG_OK;
}

int harness_settings_seeds(const struct harness_settings *s, uint32_t *seeds, int *n,
                           struct rg_errbuf *eb)
{
        if (s->n_seeds > 0) {
                /* a repeated seed would count one stream as several replications */
                for (int i = 0; i < s->n_seeds; i++)
                        for (int j = 0; j < i; j++)
                                if (s->seeds[i] == s->seeds[j])
                                        return rg_fail(eb, RG_USAGE,
                                                       "option --seed: seed %u listed twice",
                                                       s->seeds[i]);
                memcpy(seeds, s->seeds, (size_t)s->n_seeds * sizeof(uint32_t));
                *n = s->n_seeds;
                return RG_OK;
        }
        if (s->max_iters < 1 || s->max_iters > HARNESS_MAX_SEEDS)
                return rg_fail(eb, RG_RANGE, "max_iters must be 1..%d", HARNESS_MAX_SEEDS);
        if ((uint64_t)s->seed_base + (uint64_t)s->max_iters - 1 > UINT32_MAX)
                return rg_fail(eb, RG_RANGE, "seed_base + max_iters exceeds 2^32");
        for (int i = 0; i < s->max_iters; i++)
                seeds[i] = s->seed_base + (uint32_t)i;
        *n = s->max_iters;
        return RG_OK;
}

int harness_settings_matrix(const struct harness_settings *s, double *loads, int *n_loads,
                            uint32_t *seeds, int *n_seeds, struct rg_errbuf *eb)
{
        int rc = harness_settings_loads(s, loads, n_loads, eb);
        return rc == RG_OK ? harness_settings_seeds(s, seeds, n_seeds, eb) : rc;
}

/* Tries `name` as given, then beside the config file.  false if neither. */
bool harness_settings_resolve(const struct harness_settings *s, const char *name, char *out,
                              size_t cap)
{
        if (access(name, R_OK) == 0) {
                snprintf(out, cap, "%s", name);
                return true;
        }
        if (name[0] != '/' && s->config_path[0]) {
                const char *slash = strrchr(s->config_path, '/');
                if (slash) {
                        int dir = (int)(slash - s->config_path);
                        snprintf(out, cap, "%.*s/%s", dir, s->config_path, name);
                        if (access(out, R_OK) == 0)
                                return true;
                }
        }
        return false;
}

static const struct {
        const char *name;
        const char *file;
} networks[] = {
    {"NSFNet", "nsfnet.json"},       {"USNet", "usnet.json"}, {"Pan-European", "pan_european.json"},
    {"Europe", "pan_european.json"}, {"DT", "dt.json"},       {"GEANT", "geant.json"},
};

static int load_topology(const struct harness_settings *s, struct sim_topology **topo,
                         struct rg_errbuf *eb)
{
        char path[HARNESS_PATH_MAX + 64];
        if (s->topology_path[0]) {
                if (!harness_settings_resolve(s, s->topology_path, path, sizeof(path)))
                        return rg_fail(eb, RG_IO, "%s: key 'topology_path': cannot read '%s'",
                                       s->config_path[0] ? s->config_path : "command line",
                                       s->topology_path);
                return sim_topology_load(path, topo, eb);
        }
        for (size_t i = 0; i < sizeof(networks) / sizeof(networks[0]); i++) {
                if (strcasecmp(s->network, networks[i].name) == 0) {
                        snprintf(path, sizeof(path), "%s/topologies/%s", harness_fixture_dir(),
                                 networks[i].file);
                        return sim_topology_load(path, topo, eb);
                }
        }
        return rg_fail(eb, RG_NOTFOUND,
                       "%s: key 'network': unknown network '%s' (known: NSFNet, USNet, "
                       "Pan-European, DT, GEANT; or give topology_path)",
                       s->config_path[0] ? s->config_path : "command line", s->network);
}

static int load_modtable(const struct harness_settings *s, struct sim_modtable *mt,
                         struct rg_errbuf *eb)
{
        char path[HARNESS_PATH_MAX + 64];
        char fixture[HARNESS_PATH_MAX];
        snprintf(fixture, sizeof(fixture), "%s/modulation/formats.json", harness_fixture_dir());
        if (s->mod_assumption_path[0] && strcasecmp(s->mod_assumption_path, "None") != 0) {
                if (harness_settings_resolve(s, s->mod_assumption_path, path, sizeof(path)))
                        return sim_modtable_load(path, s->mod_assumption, mt, eb);
                /* a name typed on the command line means that file */
                if (s->cli_set & HARNESS_SET_MOD_FORMATS)
                        return rg_fail(eb, RG_IO, "option --mod-formats: cannot read '%s'",
                                       s->mod_assumption_path);
                /* FUSION configs name files inside FUSION's tree; rollgate
                 * ships the same published tables under the same names. */
                struct rg_errbuf probe;
                rg_errbuf_init(&probe);
                if (sim_modtable_load(fixture, s->mod_assumption, mt, &probe) == RG_OK) {
                        fprintf(stderr,
                                "notice: mod_assumption_path '%s' not found; using rollgate's "
                                "table for assumption %s (%s)\n",
                                s->mod_assumption_path, s->mod_assumption, fixture);
                        return RG_OK;
                }
                return rg_fail(eb, RG_IO, "%s: key 'mod_assumption_path': cannot read '%s'",
                               s->config_path[0] ? s->config_path : "command line",
                               s->mod_assumption_path);
        }
        return sim_modtable_load(fixture, s->mod_assumption, mt, eb);
}

int harness_settings_check_builtin(const struct harness_settings *s, struct rg_errbuf *eb)
{
        if (s->refusal_code != RG_OK)
                return rg_fail(eb, s->refusal_code, "%s", s->refusal);
        return RG_OK;
}

const struct backend_exec_spec *harness_settings_path_section(const struct harness_settings *s,
                                                              const char *name)
{
        for (int i = 0; i < s->n_path_sections; i++)
                if (strcmp(s->path_sections[i].name, name) == 0)
                        return &s->path_sections[i];
        return NULL;
}

int harness_settings_build(const struct harness_settings *s, struct sim_model **model,
                           struct sim_traffic *traffic, struct rg_errbuf *eb)
{
        *model = NULL;
        int refused = harness_settings_check_builtin(s, eb);
        if (refused != RG_OK)
                return refused;
        const char *where = s->config_path[0] ? s->config_path : "command line";
        struct sim_modtable mt;
        int rc = load_modtable(s, &mt, eb);
        if (rc != RG_OK)
                return rc;
        memset(traffic, 0, sizeof(*traffic));
        traffic->holding_time = s->holding_time;
        traffic->requests = s->num_requests;
        traffic->n_classes = mt.n_classes;
        /* the distribution's errors name where it came from */
        char dist_where[HARNESS_PATH_MAX + 64];
        if (s->cli_set & HARNESS_SET_DIST)
                snprintf(dist_where, sizeof(dist_where), "option --request-distribution");
        else
                snprintf(dist_where, sizeof(dist_where), "%s: key 'request_distribution'", where);
        for (int i = 0; i < s->n_dist; i++) {
                int c = sim_modtable_class(&mt, s->dist[i].label);
                if (c < 0)
                        return rg_fail(eb, RG_NOTFOUND,
                                       "%s: bandwidth '%s' is not in modulation assumption %s",
                                       dist_where, s->dist[i].label, mt.assumption);
                traffic->prob[c] = s->dist[i].prob;
        }
        if (s->num_requests > (1u << 30))
                return rg_fail(eb, RG_RANGE, "%s: key 'num_requests': at most 2^30", where);
        if (!(s->holding_time > 0))
                return rg_fail(eb, RG_RANGE, "%s: key 'holding_time': must be > 0", where);
        /* quotas are checked here, once, so that a bad distribution is an
         * input error before any job starts */
        uint32_t quota[SIM_MAX_CLASSES];
        struct rg_errbuf local;
        rg_errbuf_init(&local);
        if (sim_traffic_quotas(traffic, quota, &local) != RG_OK)
                return rg_fail(eb, local.code, "%s: %s", dist_where, local.msg);
        struct sim_topology *topo;
        rc = load_topology(s, &topo, eb);
        if (rc != RG_OK)
                return rc;
        traffic->n_nodes = topo->n_nodes;
        struct sim_params par = {.k_paths = s->k_paths,
                                 .cores = s->cores_per_link,
                                 .slots = s->c_band,
                                 .guard = s->guard_slots,
                                 .fit = s->allocation,
                                 .single_mod = s->single_mod};
        rc = sim_model_create(topo, &mt, &par, model, &local);
        if (rc != RG_OK)
                return rg_fail(eb, rc, "%s: %s", where, local.msg);
        return RG_OK;
}
