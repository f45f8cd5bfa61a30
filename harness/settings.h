/*
 * Simulation settings as the user gives them: defaults, then a FUSION-style
 * INI config, then command-line overrides; then resolved into a sim_model.
 *
 * Ownership: a harness_settings is plain caller memory (init style) with no
 * heap members.  Not shared between threads (the harness reads it before the
 * parallel part starts).
 */
#ifndef HARNESS_SETTINGS_H
#define HARNESS_SETTINGS_H

#include <stdbool.h>
#include <stdint.h>

#include "../common/error.h"
#include "../sim/model.h"
#include "../sim/stream.h"
#include "../backends/exec.h"
#include "../compare/compare.h"

#define HARNESS_PATH_MAX 1024
#define HARNESS_MAX_LOADS 256
#define HARNESS_MAX_SEEDS 4096
#define HARNESS_MAX_PATH_SECTIONS 8

/* Settings given on the command line (bits of harness_settings.cli_set):
 * the effective config of an external run must carry them. */
enum harness_cli_key {
        HARNESS_SET_NETWORK = 1u << 0,
        HARNESS_SET_TOPOLOGY = 1u << 1,
        HARNESS_SET_MOD_FORMATS = 1u << 2,
        HARNESS_SET_MOD_ASSUMPTION = 1u << 3,
        HARNESS_SET_K_PATHS = 1u << 4,
        HARNESS_SET_CORES = 1u << 5,
        HARNESS_SET_SLOTS = 1u << 6,
        HARNESS_SET_GUARD = 1u << 7,
        HARNESS_SET_ALLOCATION = 1u << 8,
        HARNESS_SET_HOLDING = 1u << 9,
        HARNESS_SET_DIST = 1u << 10,
};

/* A [metric.NAME] section: the metric it declares and where the section
 * starts, for messages.  In decl.pol only the fields the section sets mean
 * anything -- t1, t2, deviation, direction (kind equivalence) or
 * perf_threshold = factor (performance); the comparison's policy supplies the
 * rest (harness/compare_setup.c). */
struct harness_metric_section {
        struct compare_metric_decl decl;
        char where[HARNESS_PATH_MAX + 80]; /* "FILE:LINE: [metric.NAME]" of its header */
};

struct harness_dist_entry {
        char label[SIM_LABEL_MAX];
        double prob;
};

struct harness_settings {
        char config_path[HARNESS_PATH_MAX]; /* "" when none */
        /* [general_settings] */
        double erlang_start, erlang_stop, erlang_step;
        double holding_time;
        uint32_t num_requests;
        int max_iters;
        int n_dist;
        struct harness_dist_entry dist[SIM_MAX_CLASSES];
        int guard_slots;
        char mod_assumption[SIM_LABEL_MAX];
        char mod_assumption_path[HARNESS_PATH_MAX];
        enum sim_fit allocation;
        bool single_mod; /* pre_calc_mod_selection */
        /* [routing_settings] */
        int k_paths;
        /* [topology_settings] */
        char network[64];
        char topology_path[HARNESS_PATH_MAX];
        int cores_per_link;
        /* [spectrum_settings] */
        int c_band;
        /* rollgate's own */
        uint32_t seed_base;
        int n_loads; /* > 0: explicit list overriding start/stop/step */
        double loads[HARNESS_MAX_LOADS];
        int n_seeds; /* > 0: explicit list overriding seed_base/max_iters */
        uint32_t seeds[HARNESS_MAX_SEEDS];
        char path[32];
        unsigned cli_set; /* enum harness_cli_key */
        /* The first key that switches on something the embedded simulator
         * cannot model (file:line:key message): an error for builtin paths
         * only -- for an external simulator it is that simulator's business. */
        int refusal_code;
        char refusal[512];
        bool dist_unreadable; /* request_distribution could not be read (external paths only) */
        /* [path.NAME] sections: external paths by name */
        int n_path_sections;
        struct backend_exec_spec path_sections[HARNESS_MAX_PATH_SECTIONS];
        /* [metric.NAME] sections: declared metrics, in config order */
        int n_metric_sections;
        struct harness_metric_section metric_sections[COMPARE_MAX_DECLARED];
        /* [comparison]: kept as text here, overwritten by the command line,
         * and parsed by the comparison (harness/compare_setup.c) */
        struct {
                char deviation[16];
                char thresholds[64];
                char confidence[32];
                char direction[16];
                char perf_threshold[32];
                char legacy[4200]; /* a path: builtin:..., exec:TEMPLATE, import:DIR, NAME */
                char orchestrator[4200];
                char inject[256];
                char rollback_env[64];
                char rollback_config_key[64];
                char threads[16];
                char unpaired[8];
                char exact[8]; /* characterisation: every metric judged by equality */
                /* the sequential design */
                char until_decided[8];
                char batch[16];
                char max_replications[16];
                char spending[24];
                char run_dir[HARNESS_PATH_MAX];
                /* report files ("" none, "-" standard output) */
                char json[HARNESS_PATH_MAX];
                char markdown[HARNESS_PATH_MAX];
                char junit[HARNESS_PATH_MAX];
                char html[HARNESS_PATH_MAX];
                char notification[HARNESS_PATH_MAX];
        } cmp;
        /* [notification]: names the rollback notification gives */
        struct {
                char project[128];
                char team[128];
                char channel[128];
        } notify;
        /* where each [comparison] value came from ("FILE:LINE" or the
         * option), so that the comparison's errors can name it */
        int n_cmp_where;
        struct {
                char key[24];
                char where[HARNESS_PATH_MAX + 16];
        } cmp_where[32];
};

void harness_settings_defaults(struct harness_settings *s);

/*
 * Reads an INI config in FUSION's layout over `s`.  Unknown keys are
 * collected and announced in one notice on stderr; keys that would switch on
 * something the embedded simulator cannot model are recorded in s->refusal
 * (see harness_settings_check_builtin); malformed values are
 * RG_PARSE/RG_RANGE naming file, line and key.  [path.NAME] sections define
 * external paths (keys command, env, timeout, kill_grace, format, workdir;
 * any other key there is an error).  [metric.NAME] sections declare metrics
 * (s->metric_sections; keys kind, thresholds, deviation, direction, unit,
 * abs_tol, rel_tol, factor, primary, each for its kind only): every error
 * there is RG_PARSE "FILE:LINE: [metric.NAME] key 'K': ...", and a section
 * without kind, or of kind equivalence without thresholds, is an error
 * naming the section's header line once the whole file is read.
 */
int harness_settings_load_ini(struct harness_settings *s, const char *path, struct rg_errbuf *eb);

/* RG_UNSUPPORTED naming file, line and key when the config switches on
 * something the embedded simulator cannot model; RG_OK otherwise. */
int harness_settings_check_builtin(const struct harness_settings *s, struct rg_errbuf *eb);

/* Records / finds where the [comparison] value `key` came from; the finder
 * gives "[comparison]" when it is not known. */
void harness_settings_cmp_set_where(struct harness_settings *s, const char *key, const char *where);
const char *harness_settings_cmp_where(const struct harness_settings *s, const char *key);

/* The [path.NAME] section called `name`, or NULL. */
const struct backend_exec_spec *harness_settings_path_section(const struct harness_settings *s,
                                                              const char *name);

/*
 * The effective FUSION-style INI of one external run at `erlang`: the config
 * file as written (comments and keys rollgate does not know kept), without
 * rollgate's own [comparison], [path.*] and [metric.*] sections, with erlang_start =
 * erlang_stop = erlang, max_iters = 1, num_requests and holding_time as in
 * effect, the settings given on the command line, and file names resolved
 * beside the config made absolute.  *text is a heap string (caller frees).
 */
int harness_settings_run_config(const struct harness_settings *s, double erlang, char **text,
                                struct rg_errbuf *eb);

/* The same for every load of loads[n] into texts[n] (caller frees each),
 * reading the config file once; on failure every texts[i] is NULL. */
int harness_settings_run_configs(const struct harness_settings *s, const double *loads, int n,
                                 char **texts, struct rg_errbuf *eb);

/* Expands loads and seeds into arrays; RG_RANGE on empty or oversize sets,
 * RG_USAGE on a repeated seed.  harness_settings_matrix does both. */
int harness_settings_loads(const struct harness_settings *s, double *loads, int *n,
                           struct rg_errbuf *eb);
int harness_settings_seeds(const struct harness_settings *s, uint32_t *seeds, int *n,
                           struct rg_errbuf *eb);
int harness_settings_matrix(const struct harness_settings *s, double *loads, int *n_loads,
                            uint32_t *seeds, int *n_seeds, struct rg_errbuf *eb);

/*
 * Loads topology and modulation table, builds the model and the traffic
 * template (erlang left 0 for the caller to set per load).  Fails with the
 * recorded refusal first (harness_settings_check_builtin).  File names are
 * tried as given, then relative to the config file's folder; network names
 * and FUSION's default table resolve to rollgate's fixtures.
 */
int harness_settings_build(const struct harness_settings *s, struct sim_model **model,
                           struct sim_traffic *traffic, struct rg_errbuf *eb);

/* Finds file `name` as given, then beside the config file; the path found
 * goes into out (cap).  false if neither is readable. */
bool harness_settings_resolve(const struct harness_settings *s, const char *name, char *out,
                              size_t cap);

/* Parsing helpers shared with the command line: strict, whole-string. */
int harness_parse_double(const char *text, double *out);
int harness_parse_int(const char *text, long lo, long hi, long *out);
int harness_parse_dist(const char *text, struct harness_settings *s, struct rg_errbuf *eb);
int harness_parse_list(const char *text, double *out, int max, int *n);

/* The folder holding rollgate's fixtures (env ROLLGATE_FIXTURES, else the
 * source tree's, else the installed data folder). */
const char *harness_fixture_dir(void);

#endif
