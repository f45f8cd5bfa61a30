#include "options.h"

#include <stdlib.h>
#include <string.h>

enum {
        OPT_CONFIG = HARNESS_OPT_BASE,
        OPT_TOPOLOGY,
        OPT_NETWORK,
        OPT_MOD_FORMATS,
        OPT_MOD_ASSUMPTION,
        OPT_ERLANG,
        OPT_REQUESTS,
        OPT_SEED,
        OPT_SEED_BASE,
        OPT_ITERATIONS,
        OPT_K_PATHS,
        OPT_CORES,
        OPT_SLOTS,
        OPT_GUARD,
        OPT_ALLOCATION,
        OPT_HOLDING,
        OPT_DIST,
};

const struct option harness_sim_options[] = {
    {"config", required_argument, NULL, OPT_CONFIG},
    {"topology", required_argument, NULL, OPT_TOPOLOGY},
    {"network", required_argument, NULL, OPT_NETWORK},
    {"mod-formats", required_argument, NULL, OPT_MOD_FORMATS},
    {"mod-assumption", required_argument, NULL, OPT_MOD_ASSUMPTION},
    {"erlang", required_argument, NULL, OPT_ERLANG},
    {"requests", required_argument, NULL, OPT_REQUESTS},
    {"seed", required_argument, NULL, OPT_SEED},
    {"seed-base", required_argument, NULL, OPT_SEED_BASE},
    {"iterations", required_argument, NULL, OPT_ITERATIONS},
    {"replications", required_argument, NULL, OPT_ITERATIONS},
    {"k-paths", required_argument, NULL, OPT_K_PATHS},
    {"cores", required_argument, NULL, OPT_CORES},
    {"slots", required_argument, NULL, OPT_SLOTS},
    {"guard", required_argument, NULL, OPT_GUARD},
    {"allocation", required_argument, NULL, OPT_ALLOCATION},
    {"holding-time", required_argument, NULL, OPT_HOLDING},
    {"request-distribution", required_argument, NULL, OPT_DIST},
};
const int harness_sim_options_count =
    (int)(sizeof(harness_sim_options) / sizeof(harness_sim_options[0]));

void harness_sim_options_help(FILE *out)
{
        fputs("Simulation settings (override the config file):\n"
              "  --config FILE            FUSION-style INI config (default: "
              "fixtures/configs/default.ini)\n"
              "  --topology FILE          topology: FUSION text (src<TAB>dst<TAB>km) or rollgate "
              "JSON\n"
              "  --network NAME           built-in topology: NSFNet, USNet, Pan-European, DT, "
              "GEANT\n"
              "  --mod-formats FILE       modulation table (FUSION JSON or rollgate JSON)\n"
              "  --mod-assumption NAME    table inside it (default DEFAULT)\n"
              "  --erlang E[,E...]        loads in Erlang (default: erlang_start..erlang_stop by "
              "erlang_step)\n"
              "  --requests N             requests per run (num_requests)\n"
              "  --seed S[,S...]          explicit seeds\n"
              "  --seed-base S            first seed; replication r uses S + r (default 1)\n"
              "  --iterations R           replications per load (max_iters); alias "
              "--replications\n"
              "  --k-paths K              candidate paths (1..16)\n"
              "  --cores C                cores per link\n"
              "  --slots S                slots per core (c_band)\n"
              "  --guard G                guard slots, 0 or 1\n"
              "  --allocation POLICY      first_fit, last_fit or best_fit\n"
              "  --holding-time H         mean holding time\n"
              "  --request-distribution D e.g. '{\"25\": 0.5, \"100\": 0.5}'\n",
              out);
}

static int bad(struct rg_errbuf *eb, const char *opt, const char *arg, const char *want)
{
        return rg_fail(eb, RG_USAGE, "option --%s: '%s' is not %s", opt, arg, want);
}

static int set_string(char *dst, size_t cap, const char *opt, const char *arg, struct rg_errbuf *eb)
{
        if (strlen(arg) >= cap || arg[0] == '\0')
                return bad(eb, opt, arg, "a usable name (empty or too long)");
        snprintf(dst, cap, "%s", arg);
        return RG_OK;
}

int harness_sim_option_apply(struct harness_settings *s, int opt, const char *arg,
                             struct rg_errbuf *eb)
{
        long v;
        double d;
        struct rg_errbuf local;
        rg_errbuf_init(&local);
        static const struct {
                int opt;
                unsigned bit;
        } cli_keys[] = {
            {OPT_TOPOLOGY, HARNESS_SET_TOPOLOGY},
            {OPT_NETWORK, HARNESS_SET_NETWORK},
            {OPT_MOD_FORMATS, HARNESS_SET_MOD_FORMATS},
            {OPT_MOD_ASSUMPTION, HARNESS_SET_MOD_ASSUMPTION},
            {OPT_K_PATHS, HARNESS_SET_K_PATHS},
            {OPT_CORES, HARNESS_SET_CORES},
            {OPT_SLOTS, HARNESS_SET_SLOTS},
            {OPT_GUARD, HARNESS_SET_GUARD},
            {OPT_ALLOCATION, HARNESS_SET_ALLOCATION},
            {OPT_HOLDING, HARNESS_SET_HOLDING},
            {OPT_DIST, HARNESS_SET_DIST},
        };
        for (size_t i = 0; i < sizeof(cli_keys) / sizeof(cli_keys[0]); i++)
                if (cli_keys[i].opt == opt)
                        s->cli_set |= cli_keys[i].bit;
        switch (opt) {
        case OPT_CONFIG:
                return RG_OK; /* handled in the first pass */
        case OPT_TOPOLOGY:
                return set_string(s->topology_path, sizeof(s->topology_path), "topology", arg, eb);
        case OPT_NETWORK:
                s->topology_path[0] = '\0';
                return set_string(s->network, sizeof(s->network), "network", arg, eb);
        case OPT_MOD_FORMATS:
                return set_string(s->mod_assumption_path, sizeof(s->mod_assumption_path),
                                  "mod-formats", arg, eb);
        case OPT_MOD_ASSUMPTION:
                return set_string(s->mod_assumption, sizeof(s->mod_assumption), "mod-assumption",
                                  arg, eb);
        case OPT_ERLANG:
                if (harness_parse_list(arg, s->loads, HARNESS_MAX_LOADS, &s->n_loads) != RG_OK)
                        return bad(eb, "erlang", arg, "a comma-separated list of loads");
                for (int i = 0; i < s->n_loads; i++)
                        if (!(s->loads[i] > 0))
                                return bad(eb, "erlang", arg, "a list of loads > 0");
                return RG_OK;
        case OPT_REQUESTS:
                if (harness_parse_int(arg, 1, 1L << 30, &v) != RG_OK)
                        return bad(eb, "requests", arg, "a whole number in 1..2^30");
                s->num_requests = (uint32_t)v;
                return RG_OK;
        case OPT_SEED: {
                double tmp[HARNESS_MAX_LOADS];
                int n;
                if (harness_parse_list(arg, tmp, HARNESS_MAX_LOADS, &n) != RG_OK)
                        return bad(eb, "seed", arg, "a comma-separated list of seeds");
                for (int i = 0; i < n; i++) {
                        if (tmp[i] < 0 || tmp[i] > 4294967295.0 ||
                            tmp[i] != (double)(uint32_t)tmp[i])
                                return bad(eb, "seed", arg, "a list of whole numbers in 0..2^32-1");
                        s->seeds[i] = (uint32_t)tmp[i];
                }
                s->n_seeds = n;
                return RG_OK;
        }
        case OPT_SEED_BASE:
                if (harness_parse_int(arg, 0, 4294967295L, &v) != RG_OK)
                        return bad(eb, "seed-base", arg, "a whole number in 0..2^32-1");
                s->seed_base = (uint32_t)v;
                s->n_seeds = 0;
                return RG_OK;
        case OPT_ITERATIONS:
                if (harness_parse_int(arg, 1, HARNESS_MAX_SEEDS, &v) != RG_OK)
                        return bad(eb, "iterations", arg, "a whole number in 1..4096");
                s->max_iters = (int)v;
                s->n_seeds = 0;
                return RG_OK;
        case OPT_K_PATHS:
                if (harness_parse_int(arg, 1, SIM_MAX_K, &v) != RG_OK)
                        return bad(eb, "k-paths", arg, "a whole number in 1..16");
                s->k_paths = (int)v;
                return RG_OK;
        case OPT_CORES:
                if (harness_parse_int(arg, 1, SIM_MAX_CORES, &v) != RG_OK)
                        return bad(eb, "cores", arg, "a whole number in 1..64");
                s->cores_per_link = (int)v;
                return RG_OK;
        case OPT_SLOTS:
                if (harness_parse_int(arg, 1, SIM_MAX_SLOTS, &v) != RG_OK)
                        return bad(eb, "slots", arg, "a whole number in 1..4096");
                s->c_band = (int)v;
                return RG_OK;
        case OPT_GUARD:
                if (harness_parse_int(arg, 0, 1, &v) != RG_OK)
                        return bad(eb, "guard", arg, "0 or 1");
                s->guard_slots = (int)v;
                return RG_OK;
        case OPT_ALLOCATION:
                if (!sim_fit_parse(arg, &s->allocation))
                        return bad(eb, "allocation", arg, "first_fit, last_fit or best_fit");
                return RG_OK;
        case OPT_HOLDING:
                if (harness_parse_double(arg, &d) != RG_OK || !(d > 0))
                        return bad(eb, "holding-time", arg, "a number > 0");
                s->holding_time = d;
                return RG_OK;
        case OPT_DIST:
                if (harness_parse_dist(arg, s, &local) != RG_OK)
                        return rg_fail(eb, RG_USAGE, "option --request-distribution: %s",
                                       local.msg);
                return RG_OK;
        default:
                return RG_NOTFOUND;
        }
}

/* A long option is named as written (--json): getopt's optopt then holds
 * the option's code, not a letter.  Inside a cluster of short options
 * (-hz) argv[optind - 1] is the whole cluster: optopt names the letter. */
int harness_option_error(int opt, char *const *argv, struct rg_errbuf *eb)
{
        const char *arg = argv[optind - 1];
        bool letter = strncmp(arg, "--", 2) != 0 && optopt > 0 && optopt < 256;
        if (opt == ':')
                return letter ? rg_fail(eb, RG_USAGE, "option '-%c' needs a value", optopt)
                              : rg_fail(eb, RG_USAGE, "option '%s' needs a value", arg);
        return letter ? rg_fail(eb, RG_USAGE, "unknown option '-%c' (see --help)", optopt)
                      : rg_fail(eb, RG_USAGE, "unknown option '%s' (see --help)", arg);
}

int harness_settings_from_argv(struct harness_settings *s, int argc, char **argv,
                               const struct option *extra, int n_extra,
                               int (*on_extra)(void *user, int opt, const char *arg,
                                               struct rg_errbuf *eb),
                               void *user, struct rg_errbuf *eb)
{
        int n_all = harness_sim_options_count + n_extra;
        struct option *all = calloc((size_t)n_all + 1, sizeof(*all));
        if (all == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        memcpy(all, harness_sim_options, sizeof(*all) * (size_t)harness_sim_options_count);
        if (n_extra)
                memcpy(all + harness_sim_options_count, extra, sizeof(*all) * (size_t)n_extra);

        harness_settings_defaults(s);
        const char *config = NULL;
        int rc = RG_OK, opt;
        opterr = 0;
        optind = 0; /* 0, not 1: glibc then also resets its internal state */
        while ((opt = getopt_long(argc, argv, ":h", all, NULL)) != -1) {
                if (opt == OPT_CONFIG)
                        config = optarg;
        }
        char fallback[HARNESS_PATH_MAX];
        if (config == NULL) {
                snprintf(fallback, sizeof(fallback), "%s/configs/default.ini",
                         harness_fixture_dir());
                config = fallback;
        }
        rc = harness_settings_load_ini(s, config, eb);
        if (rc != RG_OK)
                goto out;
        optind = 0; /* 0, not 1: glibc then also resets its internal state */
        while ((opt = getopt_long(argc, argv, ":h", all, NULL)) != -1) {
                if (opt == 'h')
                        continue; /* -h alone was answered before; in a cluster, the rest counts */
                if (opt == '?' || opt == ':') {
                        rc = harness_option_error(opt, argv, eb);
                        goto out;
                }
                rc = harness_sim_option_apply(s, opt, optarg, eb);
                if (rc == RG_NOTFOUND)
                        rc = on_extra
                                 ? on_extra(user, opt, optarg, eb)
                                 : rg_fail(eb, RG_USAGE, "unknown option '%s'", argv[optind - 1]);
                if (rc != RG_OK)
                        goto out;
        }
        if (optind < argc)
                rc = rg_fail(eb, RG_USAGE, "unexpected argument '%s' (see --help)", argv[optind]);
out:
        free(all);
        return rc;
}

int harness_option_operand(int argc, char *const *argv, const char *what, const char *usage,
                           const char **operand, struct rg_errbuf *eb)
{
        if (optind >= argc)
                return rg_fail(eb, RG_USAGE, "which %s? (%s)", what, usage);
        *operand = argv[optind++];
        if (optind < argc)
                return rg_fail(eb, RG_USAGE, "unexpected argument '%s' (see --help)", argv[optind]);
        return RG_OK;
}
