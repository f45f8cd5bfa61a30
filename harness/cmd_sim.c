#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../reports/run_json.h"
#include "../sim/engine.h"
#include "cli.h"
#include "options.h"
#include "../backends/builtin.h"

enum { OPT_JSON = 1, OPT_PATH, OPT_INJECT };

static const struct option sim_extra[] = {
    {"json", no_argument, NULL, OPT_JSON},
    {"path", required_argument, NULL, OPT_PATH},
    {"inject", required_argument, NULL, OPT_INJECT},
};

struct sim_cli {
        bool json;
        const struct backend_builtin_path *path;
        struct sim_inject inject;
};

static void help(void)
{
        puts("usage: rollgate sim [--config FILE] [--path legacy] [--json] [SETTINGS...]\n"
             "\n"
             "Runs one request-processing path of the embedded simulator for every load\n"
             "and seed, and prints one line per run (one JSON object per line with --json).\n"
             "\n"
             "  --path NAME              legacy (default) or orchestrator (builtin: prefix\n"
             "                           optional)\n"
             "  --inject SPEC[,SPEC...]  fault injection into the orchestrator (see README):\n"
             "                           drop=P no-guard k-minus-one fit=last|best leak=N\n"
             "                           crash-at=N relabel slow=F\n"
             "  --json                   JSON lines: path, seed, erlang, requests, blocked, bp,\n"
             "                           requested_gbps, blocked_gbps, bbp, block_reasons,\n"
             "                           hops_mean, length_mean_km, modulations, path_index,\n"
             "                           core_usage, trace_hash\n");
        harness_sim_options_help(stdout);
        puts("\nExit codes: 0 all runs ok, 1 a run failed (invariant), 2 usage or input error.");
}

static int on_extra(void *user, int opt, const char *arg, struct rg_errbuf *eb)
{
        struct sim_cli *cli = user;
        if (opt == OPT_JSON) {
                cli->json = true;
                return RG_OK;
        }
        if (opt == OPT_PATH) {
                cli->path = backend_builtin_find(arg);
                if (cli->path == NULL)
                        return rg_fail(eb, RG_USAGE, "option --path: unknown path '%s' (known: %s)",
                                       arg, backend_builtin_names());
                return RG_OK;
        }
        if (opt == OPT_INJECT)
                return sim_inject_parse(arg, &cli->inject, eb);
        return rg_fail(eb, RG_USAGE, "unknown option (see --help)");
}

int harness_cmd_sim(int argc, char **argv)
{
        if (harness_wants_help(argc, argv)) {
                help();
                return RG_EXIT_OK;
        }
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_cli cli = {.path = backend_builtin_find("builtin:legacy")};
        struct harness_settings *set = malloc(sizeof(*set));
        if (set == NULL)
                return harness_die(RG_NOMEM, NULL);
        int rc = harness_settings_from_argv(set, argc, argv, sim_extra,
                                            (int)(sizeof(sim_extra) / sizeof(sim_extra[0])),
                                            on_extra, &cli, &eb);
        double loads[HARNESS_MAX_LOADS];
        uint32_t seeds[HARNESS_MAX_SEEDS];
        int n_loads = 0, n_seeds = 0;
        struct sim_model *model = NULL;
        struct sim_traffic traffic;
        struct sim_runner runner = {0};
        bool runner_ready = false;
        int failures = 0;
        struct sim_source source;
        sim_source_init(&source);
        if (rc == RG_OK && sim_inject_any(&cli.inject) && !cli.path->takes_injection)
                rc = rg_fail(&eb, RG_USAGE,
                             "--inject acts on the orchestrator; add --path orchestrator");
        if (rc == RG_OK)
                rc = harness_settings_matrix(set, loads, &n_loads, seeds, &n_seeds, &eb);
        if (rc == RG_OK)
                rc = harness_settings_build(set, &model, &traffic, &eb);
        if (rc == RG_OK) {
                rc = sim_runner_init(&runner, model, &eb);
                runner_ready = rc == RG_OK;
        }
        if (rc != RG_OK)
                goto out;
        for (int li = 0; li < n_loads; li++) {
                for (int si = 0; si < n_seeds; si++) {
                        struct sim_result res;
                        struct rg_errbuf run_eb;
                        rg_errbuf_init(&run_eb);
                        traffic.erlang = loads[li];
                        union backend_builtin_state state;
                        struct sim_lane lane = {.runner = &runner, .res = &res, .eb = &run_eb};
                        backend_builtin_prepare_lane(cli.path, &state, model, &cli.inject,
                                                     seeds[si], &lane);
                        rc = sim_source_start(&source, &traffic, seeds[si], &eb);
                        if (rc == RG_OK)
                                rc = sim_run_lanes(&source, model, &lane, 1, 0, NULL, &eb);
                        if (rc != RG_OK)
                                goto out;
                        struct report_run run = {.path = cli.path->ops->name,
                                                 .seed = seeds[si],
                                                 .erlang = loads[li],
                                                 .model = model,
                                                 .result = &res,
                                                 .error = run_eb.msg};
                        if (res.status != RG_OK) {
                                failures++;
                                fprintf(stderr,
                                        "rollgate: %s run failed (erlang %g, seed %u): %s\n",
                                        cli.path->ops->name, loads[li], seeds[si], run_eb.msg);
                        }
                        if (cli.json) {
                                rc = harness_print_json_line(report_run_json(&run), &eb);
                                if (rc != RG_OK)
                                        goto out;
                        } else {
                                char line[512];
                                report_run_text(&run, line, sizeof(line));
                                puts(line);
                        }
                }
        }
out:
        sim_source_finish(&source);
        if (runner_ready)
                sim_runner_finish(&runner);
        sim_model_destroy(model);
        free(set);
        if (fflush(stdout) != 0 && rc == RG_OK)
                rc = rg_fail(&eb, RG_IO, "cannot write to standard output");
        if (rc != RG_OK)
                return harness_die(rc, eb.msg);
        return failures ? RG_EXIT_INTERNAL : RG_EXIT_OK;
}
