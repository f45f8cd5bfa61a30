#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../sim/engine.h"
#include "../common/clock.h"
#include "cli.h"
#include "options.h"
#include "../sim/orchestrator.h"
#include "../sim/legacy.h"

enum {
        OPT_REPEAT = 1,
        OPT_MATRIX,
        OPT_THREADS,
        OPT_EXEC,
        OPT_REPORTS,
        OPT_SEQUENTIAL,
        OPT_COMPARISONS,
        OPT_FLOOR,
        OPT_SCALE,
        OPT_NODES,
        OPT_RING,
        OPT_MEMORY
};

static const struct option bench_extra[] = {
    {"repeat", required_argument, NULL, OPT_REPEAT},
    {"fusion-matrix", no_argument, NULL, OPT_MATRIX},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"exec-overhead", no_argument, NULL, OPT_EXEC},
    {"reports", no_argument, NULL, OPT_REPORTS},
    {"sequential", no_argument, NULL, OPT_SEQUENTIAL},
    {"comparisons", required_argument, NULL, OPT_COMPARISONS},
    {"floor", no_argument, NULL, OPT_FLOOR},
    {"scale", no_argument, NULL, OPT_SCALE},
    {"nodes", required_argument, NULL, OPT_NODES},
    {"ring", required_argument, NULL, OPT_RING},
    {"memory-requests", required_argument, NULL, OPT_MEMORY},
};

struct bench_cli {
        int repeat;
        bool matrix;
        bool exec;
        bool reports;
        bool sequential;
        bool repeat_given;
        int comparisons;
        int threads;
        bool floor, scale;
        struct harness_scale_opts scale_opts;
};

static int on_extra(void *user, int opt, const char *arg, struct rg_errbuf *eb)
{
        struct bench_cli *cli = user;
        long v;
        if (opt == OPT_FLOOR || opt == OPT_SCALE) {
                *(opt == OPT_FLOOR ? &cli->floor : &cli->scale) = true;
                return RG_OK;
        }
        if (opt == OPT_NODES || opt == OPT_RING || opt == OPT_MEMORY)
                return harness_scale_option(&cli->scale_opts,
                                            opt == OPT_NODES  ? "nodes"
                                            : opt == OPT_RING ? "ring"
                                                              : "memory-requests",
                                            arg, eb);
        if (opt == OPT_REPORTS || opt == OPT_SEQUENTIAL) {
                *(opt == OPT_REPORTS ? &cli->reports : &cli->sequential) = true;
                return RG_OK;
        }
        if (opt == OPT_COMPARISONS) {
                if (harness_parse_int(arg, 10, 100000, &v) != RG_OK)
                        return rg_fail(eb, RG_USAGE,
                                       "option --comparisons: '%s' is not a whole number in "
                                       "10..100000",
                                       arg);
                cli->comparisons = (int)v;
                return RG_OK;
        }
        if (opt == OPT_MATRIX || opt == OPT_EXEC) {
                *(opt == OPT_MATRIX ? &cli->matrix : &cli->exec) = true;
                return RG_OK;
        }
        if (opt == OPT_THREADS) {
                if (harness_parse_int(arg, 1, 256, &v) != RG_OK)
                        return rg_fail(eb, RG_USAGE, "option --threads: '%s' is not 1..256", arg);
                cli->threads = (int)v;
                return RG_OK;
        }
        if (opt == OPT_REPEAT && harness_parse_int(arg, 1, 1000, &v) == RG_OK) {
                cli->repeat = (int)v;
                cli->repeat_given = true;
                return RG_OK;
        }
        return rg_fail(eb, RG_USAGE, "option --repeat: '%s' is not a whole number in 1..1000",
                       arg ? arg : "");
}

static void help(void)
{
        puts("usage: rollgate bench [--repeat R] [SETTINGS...]\n"
             "       rollgate bench --fusion-matrix [--repeat R] [--threads T]\n"
             "       rollgate bench --exec-overhead [--repeat R]\n"
             "       rollgate bench --reports [--repeat R]\n"
             "       rollgate bench --sequential [--comparisons K] [--repeat R]\n"
             "       rollgate bench --floor [--repeat N] [SETTINGS...]\n"
             "       rollgate bench --scale [--repeat R] [--memory-requests M] [--nodes N]\n"
             "                      [--ring N] [SETTINGS...]\n"
             "\n"
             "Times the embedded simulator on one core: request-stream generation, the\n"
             "legacy path and the orchestrator path side by side on the same stream (as\n"
             "compare runs a pair), thread CPU time, each the median of R runs (default 5)\n"
             "with seeds 1..R, plus the orchestrator/legacy ratio.  Defaults\n"
             "are the SPEC's benchmark point: NSFNet, k=3, first-fit, 320 slots, 1 core,\n"
             "600 Erlang, 10^6 requests.\n"
             "\n"
             "--fusion-matrix times the whole FUSION comparison matrix through compare\n"
             "(NSFNet 1k x 1, 10k x 3, 100k x 5 and USNet 10k x 3 at 150-300 Erlang) on T\n"
             "threads (default 2), end to end, median of R runs.\n"
             "\n"
             "--exec-overhead measures rollgate's own cost per external run (run folder,\n"
             "config file, spawn, wait, parse, bookkeeping) with a trivial command, against\n"
             "the bare fork/exec/wait of the same command, median of R runs of 200 runs.\n"
             "\n"
             "--reports times what the reports add to the default comparison and to the\n"
             "drill --inject drop=0.05: filling the report document, rendering each format,\n"
             "and writing them all as files, median of R repetitions.\n"
             "\n"
             "--sequential is the study behind compare --until-decided: the false-rollback\n"
             "rate of K A/A comparisons (default 1000) at one load and K / 4 at four loads\n"
             "(Holm), made noisy with --unpaired, fixed design against sequential (and,\n"
             "at one load, naive peeking), with binomial intervals; and the drills\n"
             "drop=0.05 and drop=0.2 on R seed bases (default 10): a fixed run of 20\n"
             "replications against the sequential design, verdicts and replications used.");
        puts("\n"
             "--floor sets rollgate against SPEC section 7's floor, a minimal hand-written\n"
             "loop of the same work (GSL's MT19937, a binary heap of departures, first-fit\n"
             "on word bitsets): N pairs (default 9, seeds 1..N, rollgate first in odd pairs,\n"
             "the loop first in even ones) of rollgate's whole job for one run (stream and\n"
             "legacy path) and the loop, on the thread's CPU clock, at the benchmark point\n"
             "with 2*10^6 requests unless --requests says otherwise (first-fit only).  Fails\n"
             "unless both block the same requests, as many by distance, and admit as many\n"
             "on each route; prints the medians in ns/request and the median of the\n"
             "per-pair ratios.\n"
             "\n"
             "--scale prints, on the thread's CPU clock:\n"
             "  peak memory: ru_maxrss of a child 'rollgate compare --requests M\n"
             "    --replications 10 --threads 2 --erlang 600 --perf-threshold 10'\n"
             "    (--memory-requests M, default 10^6; 0 skips);\n"
             "  slots: the legacy path's cost per request at c_band slots, and at 4096\n"
             "    slots at the same load (the extra slots idle) and at the load where it\n"
             "    blocks as often (bisection on BP), there again by each slower first fit\n"
             "    this CPU has (AVX2, portable) when a faster one is in use; the points\n"
             "    run in turns of 64 chunks, in lockstep, for each of R seeds (default 3):\n"
             "    medians of the runs and of the per-seed ratios;\n"
             "  start-up: model creation and a 10,000-request legacy run on a generated\n"
             "    perturbed grid of N nodes (--nodes, default 500) and on a ring of N nodes\n"
             "    (--ring, default 1024); 0 skips either.  The routes of a pair are\n"
             "    computed on its first request, so they count in the run.");
        harness_sim_options_help(stdout);
}

int harness_cmd_bench(int argc, char **argv)
{
        if (harness_wants_help(argc, argv)) {
                help();
                return RG_EXIT_OK;
        }
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct bench_cli cli = {.repeat = 5, .threads = 2, .comparisons = 1000};
        harness_scale_opts_default(&cli.scale_opts);
        bool floor_mode = false; /* --floor's default is 2 * 10^6 requests */
        for (int i = 1; i < argc; i++)
                floor_mode |= strcmp(argv[i], "--floor") == 0;
        struct harness_settings *set = malloc(sizeof(*set));
        if (set == NULL)
                return harness_die(RG_NOMEM, NULL);
        /* the benchmark point, unless the command line says otherwise */
        char **args = malloc(sizeof(char *) * (size_t)(argc + 8));
        if (args == NULL) {
                free(set);
                return harness_die(RG_NOMEM, NULL);
        }
        int n = 0;
        args[n++] = argv[0];
        args[n++] = "--erlang=600";
        args[n++] = floor_mode ? "--requests=2000000" : "--requests=1000000";
        for (int i = 1; i < argc; i++)
                args[n++] = argv[i];
        args[n] = NULL;
        int rc = harness_settings_from_argv(set, n, args, bench_extra,
                                            (int)(sizeof(bench_extra) / sizeof(bench_extra[0])),
                                            on_extra, &cli, &eb);
        const int repeat = cli.repeat;
        if (rc == RG_OK && (cli.floor || cli.scale)) {
                cli.scale_opts.repeat = cli.repeat_given ? repeat : 3;
                int code = cli.floor ? harness_bench_floor(set, cli.repeat_given ? repeat : 9)
                                     : harness_bench_scale(set, &cli.scale_opts);
                free(set);
                free(args);
                return code;
        }
        if (rc == RG_OK && cli.matrix) {
                free(set);
                free(args);
                return harness_bench_matrix(repeat, cli.threads);
        }
        if (rc == RG_OK && cli.reports) {
                free(set);
                free(args);
                return harness_bench_reports(repeat);
        }
        if (rc == RG_OK && cli.sequential) {
                free(set);
                free(args);
                return harness_bench_sequential(cli.comparisons, cli.repeat_given ? repeat : 10);
        }
        if (rc == RG_OK && cli.exec) {
                free(set);
                free(args);
                return harness_bench_exec(repeat);
        }
        struct sim_model *model = NULL;
        struct sim_traffic traffic;
        struct sim_runner runner[2];
        int ready = 0;
        double gen[1000], run[1000], orch[1000], ratio[1000];
        struct sim_source source;
        sim_source_init(&source);
        if (rc == RG_OK)
                rc = harness_settings_build(set, &model, &traffic, &eb);
        for (; rc == RG_OK && ready < 2; ready++)
                rc = sim_runner_init(&runner[ready], model, &eb);
        if (rc != RG_OK)
                goto out;
        traffic.erlang = set->n_loads ? set->loads[0] : set->erlang_start;
        double bp_sum = 0;
        for (int r = 0; r < repeat; r++) {
                struct sim_result res[2];
                struct rg_errbuf run_eb[2];
                struct sim_legacy ctl;
                struct sim_orchestrator o;
                sim_orchestrator_init(&o, model, NULL, (uint32_t)(r + 1));
                struct sim_lane lanes[2] = {
                    {.runner = &runner[0], .ops = &sim_legacy_ops, .ctx = &ctl, .res = &res[0]},
                    {.runner = &runner[1],
                     .ops = &sim_orchestrator_ops,
                     .ctx = &o,
                     .res = &res[1]}};
                for (int i = 0; i < 2; i++) {
                        rg_errbuf_init(&run_eb[i]);
                        lanes[i].eb = &run_eb[i];
                }
                /* as compare runs a pair: one stream, both paths side by
                 * side, the first alternating chunk by chunk */
                rc = sim_source_start(&source, &traffic, (uint32_t)(r + 1), &eb);
                if (rc == RG_OK)
                        rc = sim_run_lanes(&source, model, lanes, 2, r % 2, &gen[r], &eb);
                if (rc != RG_OK)
                        goto out;
                for (int i = 0; i < 2 && rc == RG_OK; i++)
                        if (res[i].status != RG_OK)
                                rc = rg_fail(&eb, res[i].status, "%s", run_eb[i].msg);
                if (rc == RG_OK && res[1].trace_hash != res[0].trace_hash)
                        rc = rg_fail(&eb, RG_INTERNAL, "orchestrator and legacy differ on seed %d",
                                     r + 1);
                if (rc != RG_OK)
                        goto out;
                run[r] = lanes[0].seconds;
                orch[r] = lanes[1].seconds;
                ratio[r] = orch[r] / run[r];
                bp_sum += sim_result_bp(&res[0]);
        }
        double req = (double)traffic.requests;
        double g = harness_median(gen, repeat), l = harness_median(run, repeat),
               oc = harness_median(orch, repeat);
        printf("benchmark: %s, k=%d, %s, %d slots, %d core(s), guard %d, %g Erlang, %u requests, "
               "median of %d runs (mean BP %.4f)\n",
               model->topo->name, model->par.k_paths, sim_fit_name(model->par.fit),
               model->par.slots, model->par.cores, model->par.guard, traffic.erlang,
               traffic.requests, repeat, bp_sum / repeat);
        printf("  stream generation   %8.1f ns/request  %10.0f requests/s\n", 1e9 * g / req,
               req / g);
        printf("  legacy path         %8.1f ns/request  %10.0f requests/s\n", 1e9 * l / req,
               req / l);
        printf("  orchestrator path   %8.1f ns/request  %10.0f requests/s\n", 1e9 * oc / req,
               req / oc);
        printf("  generation + legacy %8.1f ns/request  %10.0f requests/s per core\n",
               1e9 * (g + l) / req, req / (g + l));
        printf("  orchestrator / legacy time: %.3f (median of per-run ratios, thread CPU time, "
               "side by side on one stream)\n",
               harness_median(ratio, repeat));
out:
        sim_source_finish(&source);
        for (int i = 0; i < ready; i++)
                sim_runner_finish(&runner[i]);
        sim_model_destroy(model);
        free(set);
        free(args);
        if (rc != RG_OK)
                return harness_die(rc, eb.msg);
        return RG_EXIT_OK;
}
