/*
 * rollgate trace: run both paths on the same stream and compare their
 * decisions request by request.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../reports/trace.h"
#include "cli.h"
#include "options.h"
#include "../backends/builtin.h"

enum { OPT_JSON = 1, OPT_INJECT, OPT_CONTEXT, OPT_LEGACY, OPT_ORCH };

static const struct option trace_extra[] = {
    {"json", no_argument, NULL, OPT_JSON},
    {"inject", required_argument, NULL, OPT_INJECT},
    {"context", required_argument, NULL, OPT_CONTEXT},
    {"legacy", required_argument, NULL, OPT_LEGACY},
    {"orchestrator", required_argument, NULL, OPT_ORCH},
};

struct trace_cli {
        bool json;
        int context;
        struct sim_inject inject;
        const struct backend_builtin_path *path[2];
};

static void help(void)
{
        puts(
            "usage: rollgate trace [--erlang E] [--seed S] [--inject SPEC] [--json] [SETTINGS...]\n"
            "\n"
            "Runs the legacy and the orchestrator path on the same request stream for every\n"
            "load and seed, and reports whether every decision was identical.  If not: the\n"
            "first diverging request (id, time, source, destination, bandwidth) with both\n"
            "decisions side by side, the requests just before it, and the discordant counts\n"
            "(blocked only by one path).\n"
            "\n"
            "  --inject SPEC[,SPEC...]  fault injection into the orchestrator (see README)\n"
            "  --context N              requests shown before the divergence (default 5, max 16)\n"
            "  --legacy PATH            default builtin:legacy\n"
            "  --orchestrator PATH      default builtin:orchestrator\n"
            "  --json                   one JSON object per (load, seed)\n");
        harness_sim_options_help(stdout);
        puts("\nExit codes: 0 all identical, 3 some run diverged, 4 a path failed (crash or\n"
             "invariant), 2 usage or input error, 1 internal error.");
}

static int on_extra(void *user, int opt, const char *arg, struct rg_errbuf *eb)
{
        struct trace_cli *cli = user;
        long v;
        switch (opt) {
        case OPT_JSON:
                cli->json = true;
                return RG_OK;
        case OPT_INJECT:
                return sim_inject_parse(arg, &cli->inject, eb);
        case OPT_CONTEXT:
                if (harness_parse_int(arg, 0, REPORT_TRACE_CONTEXT_MAX, &v) != RG_OK)
                        return rg_fail(eb, RG_USAGE, "option --context: '%s' is not 0..%d", arg,
                                       REPORT_TRACE_CONTEXT_MAX);
                cli->context = (int)v;
                return RG_OK;
        case OPT_LEGACY:
        case OPT_ORCH: {
                const struct backend_builtin_path *p = backend_builtin_find(arg);
                if (p == NULL)
                        return rg_fail(eb, RG_USAGE, "option --%s: unknown path '%s' (known: %s)",
                                       opt == OPT_LEGACY ? "legacy" : "orchestrator", arg,
                                       backend_builtin_names());
                cli->path[opt == OPT_LEGACY ? 0 : 1] = p;
                return RG_OK;
        }
        default:
                return rg_fail(eb, RG_USAGE, "unknown option (see --help)");
        }
}

/* Compares the decisions both runs made. */
static void compare(struct report_trace *t, int context)
{
        uint32_t n = t->stream->n;
        for (int i = 0; i < 2; i++) {
                const struct sim_result *r = t->side[i].result;
                if (r->status != RG_OK && r->fail_request && r->fail_request - 1 < n)
                        n = r->fail_request - 1;
        }
        t->compared = n;
        for (uint32_t i = 0; i < n; i++) {
                const struct sim_decision *a = &t->side[0].dec[i], *b = &t->side[1].dec[i];
                if (memcmp(a, b, sizeof(*a)) == 0)
                        continue;
                t->differ++;
                if (t->first_diff == 0)
                        t->first_diff = i + 1;
                if (a->admitted != b->admitted)
                        t->blocked_only[a->admitted ? 1 : 0]++;
        }
        t->identical = t->differ == 0 && t->side[0].result->status == RG_OK &&
                       t->side[1].result->status == RG_OK && t->compared == t->stream->n;
        if (t->first_diff)
                t->context_from =
                    t->first_diff > (uint32_t)context ? t->first_diff - (uint32_t)context : 1;
}

int harness_cmd_trace(int argc, char **argv)
{
        if (harness_wants_help(argc, argv)) {
                help();
                return RG_EXIT_OK;
        }
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct trace_cli cli = {.context = 5,
                                .path = {backend_builtin_find("builtin:legacy"),
                                         backend_builtin_find("builtin:orchestrator")}};
        struct harness_settings *set = malloc(sizeof(*set));
        if (set == NULL)
                return harness_die(RG_NOMEM, NULL);
        int rc = harness_settings_from_argv(set, argc, argv, trace_extra,
                                            (int)(sizeof(trace_extra) / sizeof(trace_extra[0])),
                                            on_extra, &cli, &eb);
        double loads[HARNESS_MAX_LOADS];
        uint32_t seeds[HARNESS_MAX_SEEDS];
        int n_loads = 0, n_seeds = 0, diverged = 0, failed = 0;
        struct sim_model *model = NULL;
        struct sim_traffic traffic;
        struct sim_runner runner[2] = {0};
        int ready = 0;
        struct sim_stream stream;
        sim_stream_init(&stream);
        /* every decision of both paths, compared request by request */
        struct sim_decision *dec[2] = {NULL, NULL};
        uint32_t dec_cap = 0;
        if (rc == RG_OK)
                rc = harness_settings_matrix(set, loads, &n_loads, seeds, &n_seeds, &eb);
        if (rc == RG_OK)
                rc = harness_settings_build(set, &model, &traffic, &eb);
        for (; rc == RG_OK && ready < 2; ready++)
                rc = sim_runner_init(&runner[ready], model, &eb);
        if (rc != RG_OK)
                goto out;
        for (int li = 0; li < n_loads; li++) {
                for (int si = 0; si < n_seeds; si++) {
                        traffic.erlang = loads[li];
                        rc = sim_stream_generate(&stream, &traffic, seeds[si], &eb);
                        if (rc != RG_OK)
                                goto out;
                        for (int i = 0; i < 2 && dec_cap < stream.n; i++) {
                                void *p = realloc(dec[i], (size_t)stream.n * sizeof(*dec[i]));
                                if (p == NULL) {
                                        rc = rg_fail(&eb, RG_NOMEM, "out of memory");
                                        goto out;
                                }
                                dec[i] = p;
                        }
                        dec_cap = dec_cap > stream.n ? dec_cap : stream.n;
                        struct sim_result res[2];
                        struct rg_errbuf run_eb[2];
                        struct report_trace t = {.model = model,
                                                 .stream = &stream,
                                                 .erlang = loads[li],
                                                 .seed = seeds[si]};
                        for (int i = 0; i < 2; i++) {
                                union backend_builtin_state state;
                                rg_errbuf_init(&run_eb[i]);
                                const struct sim_path_ops *ops;
                                void *ctx = backend_builtin_prepare(cli.path[i], &state, model,
                                                                    &cli.inject, seeds[si], &ops);
                                runner[i].record = dec[i];
                                runner[i].record_cap = stream.n;
                                sim_run(&runner[i], model, &stream, ops, ctx, &res[i], &run_eb[i]);
                                t.side[i] = (struct report_trace_side){
                                    .path = i == 0 ? "legacy" : "orchestrator",
                                    .result = &res[i],
                                    .error = run_eb[i].msg,
                                    .dec = dec[i]};
                                failed += res[i].status != RG_OK;
                        }
                        compare(&t, cli.context);
                        diverged += !t.identical;
                        if (cli.json) {
                                rc = harness_print_json_line(report_trace_json(&t), &eb);
                                if (rc != RG_OK)
                                        goto out;
                        } else {
                                report_trace_text(stdout, &t);
                        }
                }
        }
out:
        sim_stream_finish(&stream);
        free(dec[0]);
        free(dec[1]);
        for (int i = 0; i < ready; i++)
                sim_runner_finish(&runner[i]);
        sim_model_destroy(model);
        free(set);
        if (fflush(stdout) != 0 && rc == RG_OK)
                rc = rg_fail(&eb, RG_IO, "cannot write to standard output");
        if (rc != RG_OK)
                return harness_die(rc, eb.msg);
        if (failed)
                return 4;
        return diverged ? 3 : RG_EXIT_OK;
}
