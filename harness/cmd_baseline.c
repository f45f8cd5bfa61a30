/*
 * rollgate baseline record: one path's runs over a config's loads and seeds
 * kept as a baseline (gate/baseline.h).  rollgate verify: the seed's
 * rollback verification checklist (gate/verify.h), the path run now
 * against its baseline.
 *
 * Both run through compare's machinery (harness_compare_init, compare_plan,
 * compare_execute: threads, the shared request stream, temporary run
 * directories for exec paths): the path P stands in the orchestrator role
 * of the matrix, and the legacy role is a stand-in -- while recording an
 * idle backend that runs nothing, while verifying the baseline replayed run
 * by run.  So recording costs one run per (load, seed), and verify is a
 * comparison of the baseline (reference) with P now (candidate), judged by
 * compare_analyse unchanged.  P keeps the same role in both commands, so an
 * exec template reading {role} sees "orchestrator" in both.
 */
#define _XOPEN_SOURCE 700
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../backends/builtin.h"
#include "../common/file.h"
#include "../common/number.h"
#include "../compare/run_dir.h"
#include "../gate/baseline.h"
#include "../gate/verify.h"
#include "cli.h"
#include "compare_setup.h"
#include "options.h"

#ifndef RG_VERSION
#define RG_VERSION "unknown"
#endif

enum {
        OPT_PATH = 1,
        OPT_OUT,
        OPT_BASELINE,
        OPT_JSON,
        OPT_INJECT,
        OPT_THREADS,
        OPT_THRESHOLDS,
        OPT_CONFIDENCE,
        OPT_DEVIATION,
        OPT_DIRECTION,
        OPT_PERF,
        OPT_PROGRESS,
        OPT_NO_PROGRESS,
};

static const struct option base_extra[] = {
    {"path", required_argument, NULL, OPT_PATH},
    {"out", required_argument, NULL, OPT_OUT},
    {"baseline", required_argument, NULL, OPT_BASELINE},
    {"json", required_argument, NULL, OPT_JSON},
    {"inject", required_argument, NULL, OPT_INJECT},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"thresholds", required_argument, NULL, OPT_THRESHOLDS},
    {"confidence", required_argument, NULL, OPT_CONFIDENCE},
    {"deviation", required_argument, NULL, OPT_DEVIATION},
    {"direction", required_argument, NULL, OPT_DIRECTION},
    {"perf-threshold", required_argument, NULL, OPT_PERF},
    {"progress", no_argument, NULL, OPT_PROGRESS},
    {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
};
#define N_EXTRA ((int)(sizeof(base_extra) / sizeof(base_extra[0])))

struct base_cli {
        struct harness_settings *set;
        bool verify; /* which command: --out is record's, --baseline / --json verify's */
        const char *path, *out, *baseline, *json;
        int progress; /* -1 auto, 0 off, 1 on */
};

static void help_record(void)
{
        puts("usage: rollgate baseline record [--config FILE] [--path PATH] --out FILE.json\n"
             "                                [--inject SPEC] [--threads T] [--thresholds T1,T2]\n"
             "                                [--confidence C] [--deviation MODE]\n"
             "                                [--direction D] [--perf-threshold F]\n"
             "                                [--progress|--no-progress] [SETTINGS...]\n"
             "\n"
             "Runs PATH (default builtin:legacy; any path compare takes except import:) over\n"
             "the config's loads and seeds and keeps, per load, BP and BBP with their\n"
             "intervals and every run by seed (counts, trace hash, run time, the values it\n"
             "reports under `metrics`), with the seeds, requests, run-time clock, policy and\n"
             "a hash of the effective settings, as JSON (written atomically; FILE is checked\n"
             "before any run).  'rollgate verify' judges the path against it later.  Policy\n"
             "options are stored for verify to use.\n"
             "Exit codes: 0 recorded, 2 usage or input error, 7 a run failed (no baseline\n"
             "of a path that does not run clean), 1 internal error.");
        harness_sim_options_help(stdout);
}

static void help_verify(void)
{
        puts("usage: rollgate verify --baseline FILE.json [--path PATH] [--inject SPEC]\n"
             "                       [--json FILE] [--threads T] [--thresholds T1,T2]\n"
             "                       [--confidence C] [--deviation MODE] [--direction D]\n"
             "                       [--perf-threshold F] [--progress|--no-progress]\n"
             "                       [SETTINGS...]\n"
             "\n"
             "The rollback verification checklist: runs PATH (default: the baseline's) now on\n"
             "the baseline's loads, seeds and requests and ticks\n"
             "  [x] the path in service runs clean      no run failed, invariants held\n"
             "  [x] blocking equivalent to the baseline every load's BP and BBP within T1\n"
             "                                         (TOST, paired by seed, as compare)\n"
             "  [x] run time within 5 % of the baseline not significantly slower by more\n"
             "  [x] NAME ...                           one item per [metric.NAME] section,\n"
             "                                         judged by its kind as compare does\n"
             "                                         (performance: now / baseline not\n"
             "                                         significantly above 1 + factor)\n"
             "The config is the baseline's unless --config is given; settings that contradict\n"
             "the baseline (other loads, seeds, requests, or a different settings hash) are\n"
             "refused.  The policy (thresholds, confidence, ...) is the baseline's; an option\n"
             "given here wins.  --json writes the checklist as JSON.\n"
             "Exit codes as compare's: 0 PASS (every item ticked), 3 MONITOR (only the run\n"
             "time or a performance metric), 4 INCONCLUSIVE (not shown equivalent, or a\n"
             "metric missing), 5 PLANNED_ROLLBACK / 6 EMERGENCY_ROLLBACK (blocking or a\n"
             "metric differs by its size; 6 also for a failed run),\n"
             "7 HARNESS_ERROR, 2 usage or input error, 1 internal error.");
        harness_sim_options_help(stdout);
}

static int set_text(char *dst, size_t cap, const char *opt, const char *arg, struct rg_errbuf *eb)
{
        if (strlen(arg) >= cap)
                return rg_fail(eb, RG_USAGE, "option --%s: value too long", opt);
        snprintf(dst, cap, "%s", arg);
        return RG_OK;
}

static int on_extra(void *user, int opt, const char *arg, struct rg_errbuf *eb)
{
        struct base_cli *cli = user;
        struct harness_settings *s = cli->set;
#define TEXT(field, name)                                                                          \
        (harness_settings_cmp_set_where(s, #field, "option --" name),                              \
         set_text(s->cmp.field, sizeof(s->cmp.field), name, arg, eb))
        switch (opt) {
        case OPT_PATH:
                cli->path = arg;
                return RG_OK;
        case OPT_OUT:
                if (cli->verify)
                        break;
                cli->out = arg;
                return RG_OK;
        case OPT_BASELINE:
                if (!cli->verify)
                        break;
                cli->baseline = arg;
                return RG_OK;
        case OPT_JSON:
                if (!cli->verify)
                        break;
                cli->json = arg;
                return RG_OK;
        case OPT_INJECT:
                return TEXT(inject, "inject");
        case OPT_THREADS:
                return TEXT(threads, "threads");
        case OPT_THRESHOLDS:
                return TEXT(thresholds, "thresholds");
        case OPT_CONFIDENCE:
                return TEXT(confidence, "confidence");
        case OPT_DEVIATION:
                return TEXT(deviation, "deviation");
        case OPT_DIRECTION:
                return TEXT(direction, "direction");
        case OPT_PERF:
                return TEXT(perf_threshold, "perf-threshold");
        case OPT_PROGRESS:
                cli->progress = 1;
                return RG_OK;
        case OPT_NO_PROGRESS:
                cli->progress = 0;
                return RG_OK;
        default:
                break;
        }
#undef TEXT
        return rg_fail(eb, RG_USAGE, "unknown option (see --help)");
}

/* The path kinds a baseline is made of.  import: is refused: its runs were
 * made elsewhere, untimed, and a verification is of a path run now. */
static int check_path(const struct harness_settings *s, const char *path, struct rg_errbuf *eb)
{
        if (strncmp(path, "import:", 7) == 0)
                return rg_fail(eb, RG_USAGE,
                               "option --path: '%s': a baseline is of a path rollgate runs; "
                               "imported runs are neither run now nor timed",
                               path);
        if (backend_builtin_find(path) || strncmp(path, "exec:", 5) == 0 ||
            harness_settings_path_section(s, path))
                return RG_OK;
        return rg_fail(eb, RG_USAGE, "option --path: unknown path '%s' (known: %s)", path,
                       "builtin:legacy, builtin:orchestrator, exec:TEMPLATE, or the NAME of a "
                       "[path.NAME] section");
}

/*
 * The comparison of P in the orchestrator role with `stand_in` in the
 * legacy role.  Runs are always made afresh and paired: a [comparison]
 * run_dir or unpaired in the config is not used (a verification that
 * reused kept runs would verify nothing).
 */
static int prepare(struct harness_compare *hc, struct harness_settings *s, const char *path,
                   struct rg_errbuf *eb)
{
        int rc = check_path(s, path, eb);
        if (rc != RG_OK)
                return rc;
        if (set_text(s->cmp.legacy, sizeof(s->cmp.legacy), "path", path, eb) != RG_OK ||
            set_text(s->cmp.orchestrator, sizeof(s->cmp.orchestrator), "path", path, eb) != RG_OK)
                return RG_USAGE;
        s->cmp.run_dir[0] = '\0';
        s->cmp.unpaired[0] = '\0';
        /* a baseline is the configured replications of one path: the
         * sequential design of a comparison has nothing to decide here */
        s->cmp.until_decided[0] = s->cmp.batch[0] = s->cmp.max_replications[0] = '\0';
        s->cmp.spending[0] = '\0';
        /* nor has --exact: a baseline records one path's runs, and verify
         * judges BP, BBP and each declared metric by its own kind against
         * them; characterising two paths by equality is `rollgate compare
         * --exact`'s */
        s->cmp.exact[0] = '\0';
        rc = harness_compare_init(hc, s, eb);
        if (rc != RG_OK)
                return rc;
        backend_destroy(hc->cfg.backend[0]);
        hc->cfg.backend[0] = NULL;
        if (hc->n_reps < 2)
                fprintf(stderr, "notice: one replication gives no confidence interval; loads "
                                "that are not identical are judged by exact bounds\n");
        return RG_OK;
}

static int settings_hash(const struct harness_settings *s, const struct harness_compare *hc,
                         uint64_t *out, struct rg_errbuf *eb)
{
        char *texts[HARNESS_MAX_LOADS] = {NULL};
        int rc = harness_settings_run_configs(s, hc->loads, hc->n_loads, texts, eb);
        if (rc == RG_OK)
                *out = gate_baseline_hash(texts, hc->n_loads);
        for (int i = 0; i < hc->n_loads; i++)
                free(texts[i]);
        return rc;
}

static int execute(struct harness_compare *hc, int progress, struct compare_result **res,
                   struct rg_errbuf *eb)
{
        hc->cfg.progress = progress == 1 || (progress == -1 && isatty(STDERR_FILENO));
        int rc = compare_plan(&hc->inputs, &hc->cfg, hc->loads, hc->n_loads, hc->seeds, hc->n_reps,
                              res, eb);
        if (rc == RG_OK)
                rc = compare_execute(*res, &hc->sim, eb);
        return rc;
}

static void summary_text(char *out, size_t cap, const struct stats_summary *s)
{
        snprintf(out, cap, "%.4f %% [%.4f, %.4f]", s->mean, s->lo, s->hi);
}

/* The names of the values the runs reported, in the order first seen
 * ("  metrics kept per run: tick_ms, alerts_total"); nothing when none. */
static void print_value_names(FILE *f, const struct gate_baseline *b)
{
        enum { SHOWN = 32 };
        const char *seen[SHOWN];
        int n = 0, more = 0;
        for (int li = 0; li < b->n_loads; li++)
                for (int i = 0; i < b->n_seeds; i++)
                        for (int k = 0; k < b->loads[li].runs[i].n_values; k++) {
                                const char *name = b->loads[li].runs[i].value[k].name;
                                bool known = false;
                                for (int j = 0; j < n && !known; j++)
                                        known = strcmp(seen[j], name) == 0;
                                if (known)
                                        continue;
                                if (n < SHOWN)
                                        seen[n++] = name;
                                else
                                        more++;
                        }
        if (n == 0)
                return;
        fprintf(f, "  metrics kept per run:");
        for (int j = 0; j < n; j++)
                fprintf(f, "%s %s", j ? "," : "", seen[j]);
        if (more)
                fprintf(f, " (and %d more)", more);
        fprintf(f, "\n");
}

static void print_baseline(FILE *f, const struct gate_baseline *b, const char *file)
{
        fprintf(f, "baseline of %s (%s): %d loads x %d seeds, %u requests per run\n", b->path,
                b->backend, b->n_loads, b->n_seeds, b->requests);
        double total = 0, stream = 0;
        for (int li = 0; li < b->n_loads; li++) {
                const struct gate_baseline_load *L = &b->loads[li];
                char bp[96], bbp[96] = "not reported";
                summary_text(bp, sizeof(bp), &L->bp);
                if (L->have_bbp)
                        summary_text(bbp, sizeof(bbp), &L->bbp);
                fprintf(f, "  erlang %g: BP %s, BBP %s\n", L->erlang, bp, bbp);
                for (int i = 0; i < b->n_seeds; i++) {
                        total += L->runs[i].run_seconds;
                        stream += L->runs[i].stream_seconds;
                }
        }
        print_value_names(f, b);
        int runs = b->n_loads * b->n_seeds;
        fprintf(f,
                "  run time %.6f s per run (%s, %d threads), besides %.6f s for the request "
                "stream\n",
                total / runs, compare_clock_name(b->clock), b->threads, stream / runs);
        fprintf(f, "written to %s\n", file);
}

static int record(struct base_cli *cli, struct harness_compare *hc, struct rg_errbuf *eb,
                  bool *path_failed)
{
        struct harness_settings *s = cli->set;
        if (cli->out == NULL)
                return rg_fail(eb, RG_USAGE, "baseline record: give --out FILE.json");
        int rc = rg_file_check_writable(cli->out, eb);
        if (rc != RG_OK)
                return rc;
        const char *path = cli->path ? cli->path : "builtin:legacy";
        rc = prepare(hc, s, path, eb);
        uint64_t hash = 0;
        if (rc == RG_OK)
                rc = settings_hash(s, hc, &hash, eb);
        if (rc == RG_OK)
                rc = gate_baseline_idle_create(&hc->cfg.backend[0], eb);
        if (rc != RG_OK)
                return rc;
        struct compare_result *res = NULL;
        struct gate_baseline *b = NULL;
        struct rg_buf text;
        rg_buf_init(&text);
        rc = execute(hc, cli->progress, &res, eb);
        if (rc == RG_OK && gate_baseline_create(res->n_loads, res->n_reps, &b) != RG_OK)
                rc = rg_fail(eb, RG_NOMEM, "out of memory");
        if (rc == RG_OK) {
                rc = gate_baseline_from_result(b, res, 1, eb);
                *path_failed = rc != RG_OK && rc != RG_NOMEM;
        }
        if (rc == RG_OK) {
                snprintf(b->rollgate_version, sizeof(b->rollgate_version), "%s", RG_VERSION);
                time_t now = time(NULL);
                struct tm tm;
                strftime(b->recorded, sizeof(b->recorded), "%Y-%m-%dT%H:%M:%SZ",
                         gmtime_r(&now, &tm));
                snprintf(b->path, sizeof(b->path), "%s", path);
                snprintf(b->backend, sizeof(b->backend), "%s", hc->cfg.backend[1]->name);
                char real[PATH_MAX];
                snprintf(b->config, sizeof(b->config), "%s",
                         realpath(s->config_path, real) ? real : s->config_path);
                b->settings_hash = hash;
                sim_inject_format(&hc->cfg.inject, b->inject, sizeof(b->inject));
                rc = gate_baseline_write_json(b, &text, eb);
        }
        if (rc == RG_OK)
                rc = rg_file_write_atomic(cli->out, rg_buf_text(&text), text.len, eb);
        if (rc == RG_OK)
                print_baseline(strcmp(cli->out, "-") == 0 ? stderr : stdout, b, cli->out);
        rg_buf_finish(&text);
        gate_baseline_destroy(b);
        compare_result_destroy(res);
        return rc;
}

int harness_cmd_baseline(int argc, char **argv)
{
        if (argc < 2 || strcmp(argv[1], "record") != 0) {
                if (harness_wants_help(argc, argv)) {
                        help_record();
                        return RG_EXIT_OK;
                }
                return harness_die(RG_USAGE,
                                   argc < 2 ? "baseline: give a subcommand: record (see --help)"
                                            : "baseline: unknown subcommand (known: record)");
        }
        argc--;
        argv++;
        if (harness_wants_help(argc, argv)) {
                help_record();
                return RG_EXIT_OK;
        }
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct harness_settings *set = malloc(sizeof(*set));
        struct harness_compare *hc = calloc(1, sizeof(*hc));
        if (set == NULL || hc == NULL) {
                free(set);
                free(hc);
                return harness_die(RG_NOMEM, NULL);
        }
        struct base_cli cli = {.set = set, .progress = -1};
        bool path_failed = false;
        int rc =
            harness_settings_from_argv(set, argc, argv, base_extra, N_EXTRA, on_extra, &cli, &eb);
        if (rc == RG_OK)
                rc = record(&cli, hc, &eb, &path_failed);
        harness_compare_finish(hc);
        free(hc);
        free(set);
        if (rc != RG_OK && path_failed) {
                fprintf(stderr, "rollgate: %s; no baseline written\n", eb.msg);
                return stats_verdict_exit_code(STATS_HARNESS_ERROR);
        }
        if (rc != RG_OK)
                return harness_die(rc, eb.msg);
        return RG_EXIT_OK;
}

/* ---- verify ---- */

/* What verify needs to know before the settings are read: the baseline
 * file, whether a config was given, and which matrix options were. */
struct prescan {
        const char *baseline;
        bool config, erlang, requests, seeds;
        const char *seeds_opt; /* the option that set the seeds, for messages */
};

static int prescan_argv(int argc, char **argv, struct prescan *p, struct rg_errbuf *eb)
{
        int n_all = harness_sim_options_count + N_EXTRA;
        struct option *all = calloc((size_t)n_all + 1, sizeof(*all));
        if (all == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        memcpy(all, harness_sim_options, sizeof(*all) * (size_t)harness_sim_options_count);
        memcpy(all + harness_sim_options_count, base_extra, sizeof(*all) * (size_t)N_EXTRA);
        int opt, idx;
        opterr = 0;
        optind = 0;
        while ((opt = getopt_long(argc, argv, ":h", all, &idx)) != -1) {
                if (opt == '?' || opt == ':' || opt == 'h')
                        continue; /* reported by the real parse */
                const char *name = all[idx].name;
                if (opt == OPT_BASELINE && idx >= harness_sim_options_count)
                        p->baseline = optarg;
                else if (strcmp(name, "config") == 0)
                        p->config = true;
                else if (strcmp(name, "erlang") == 0)
                        p->erlang = true;
                else if (strcmp(name, "requests") == 0)
                        p->requests = true;
                else if (strcmp(name, "seed") == 0 || strcmp(name, "seed-base") == 0 ||
                         strcmp(name, "iterations") == 0 || strcmp(name, "replications") == 0) {
                        p->seeds = true;
                        p->seeds_opt = name;
                }
        }
        optind = 0;
        free(all);
        return RG_OK;
}

static int read_baseline(const char *file, struct gate_baseline **b, struct rg_errbuf *eb)
{
        char *text = NULL;
        size_t len = 0;
        int rc = rg_file_read(file, &text, &len, eb);
        if (rc == RG_OK)
                rc = gate_baseline_read_json(text, len, file, b, eb);
        free(text);
        return rc;
}

/* The baseline's matrix replaces the settings'; options that asked for
 * another one are refused rather than silently overridden. */
static int take_matrix(struct harness_settings *s, const struct prescan *p,
                       const struct gate_baseline *b, struct rg_errbuf *eb)
{
        double loads[HARNESS_MAX_LOADS];
        uint32_t seeds[HARNESS_MAX_SEEDS];
        int n_loads = 0, n_seeds = 0;
        if (p->erlang) {
                int rc = harness_settings_loads(s, loads, &n_loads, eb);
                bool same = rc == RG_OK && n_loads == b->n_loads;
                for (int i = 0; same && i < n_loads; i++)
                        same = loads[i] == b->loads[i].erlang;
                if (rc != RG_OK || !same)
                        return rg_fail(eb, RG_USAGE,
                                       "option --erlang: the baseline's loads are other ones; "
                                       "verify runs the baseline's (leave the option out)");
        }
        if (p->seeds) {
                int rc = harness_settings_seeds(s, seeds, &n_seeds, eb);
                bool same = rc == RG_OK && n_seeds == b->n_seeds;
                for (int i = 0; same && i < n_seeds; i++)
                        same = seeds[i] == b->seeds[i];
                if (rc != RG_OK || !same)
                        return rg_fail(eb, RG_USAGE,
                                       "option --%s: the baseline's %d seeds are other ones; "
                                       "verify runs the baseline's (leave the option out)",
                                       p->seeds_opt, b->n_seeds);
        }
        if (p->requests && s->num_requests != b->requests)
                return rg_fail(eb, RG_USAGE,
                               "option --requests: %u, but the baseline's runs have %u requests; "
                               "verify runs the baseline's (leave the option out)",
                               s->num_requests, b->requests);
        s->n_loads = b->n_loads;
        for (int i = 0; i < b->n_loads; i++)
                s->loads[i] = b->loads[i].erlang;
        s->n_seeds = b->n_seeds;
        memcpy(s->seeds, b->seeds, (size_t)b->n_seeds * sizeof(*b->seeds));
        s->num_requests = b->requests;
        return RG_OK;
}

/* The baseline's policy, except where an option given now says otherwise
 * (a [comparison] key of the config does not: the baseline fixed it). */
static void take_policy(struct harness_settings *s, const struct gate_baseline *b)
{
        const struct stats_policy *p = &b->policy;
        char t1[28], t2[28];
        rg_double_text(t1, sizeof(t1), p->t1);
        rg_double_text(t2, sizeof(t2), p->t2);
#define GIVEN(key) (strncmp(harness_settings_cmp_where(s, key), "option ", 7) == 0)
        if (!GIVEN("thresholds"))
                snprintf(s->cmp.thresholds, sizeof(s->cmp.thresholds), "%s,%s", t1, t2);
        if (!GIVEN("confidence"))
                rg_double_text(s->cmp.confidence, sizeof(s->cmp.confidence), p->confidence);
        if (!GIVEN("perf_threshold"))
                rg_double_text(s->cmp.perf_threshold, sizeof(s->cmp.perf_threshold),
                               p->perf_threshold);
        if (!GIVEN("deviation"))
                snprintf(s->cmp.deviation, sizeof(s->cmp.deviation), "%s",
                         p->deviation == STATS_DEV_RELATIVE ? "relative" : "absolute");
        if (!GIVEN("direction"))
                snprintf(s->cmp.direction, sizeof(s->cmp.direction), "%s",
                         p->direction == STATS_DIR_INCREASE ? "increase" : "either");
        if (!GIVEN("threads"))
                snprintf(s->cmp.threads, sizeof(s->cmp.threads), "%d", b->threads);
#undef GIVEN
}

static void print_checklist(const struct gate_verification *v, const struct compare_result *r,
                            const struct gate_baseline *b, const char *file, const char *path)
{
        const struct stats_policy *pol = &r->cfg->policy;
        const char *unit = pol->deviation == STATS_DEV_RELATIVE ? "%" : "pp";
        char conf[16];
        stats_percent(pol->confidence, conf, sizeof(conf));
        printf("rollgate verify: %s against %s (a baseline of %s, recorded %s by rollgate %s)\n",
               path, file, b->path, b->recorded, b->rollgate_version);
        printf("%d loads x %d seeds, %u requests per run; T1 %g %s, T2 %g %s, confidence %s %%\n",
               r->n_loads, r->n_reps, r->inputs.requests, pol->t1, unit, pol->t2, unit, conf);
        printf("\nRollback verification checklist\n");
        for (int i = 0; i < v->n_items; i++) {
                const struct gate_check *c = &v->item[i];
                printf("[%c] %s: %s\n", c->ticked ? 'x' : ' ', c->label, c->detail);
                if (c->metric >= 0) {
                        for (int li = 0; li < r->n_loads; li++) {
                                char text[256];
                                gate_verify_load_text(r, li, c->metric, text, sizeof(text));
                                printf("      erlang %g: %s\n", r->load[li].erlang, text);
                        }
                        continue;
                }
                if (i != GATE_CHECK_BLOCKING)
                        continue;
                for (int li = 0; li < r->n_loads; li++) {
                        const struct compare_load *L = &r->load[li];
                        printf("      erlang %g:", L->erlang);
                        for (int k = 0; k < COMPARE_METRICS; k++) {
                                const struct compare_metric *cm = &L->metric[k];
                                if (cm->in.basis == STATS_BASIS_FAILED ||
                                    cm->in.basis == STATS_BASIS_UNAVAILABLE)
                                        printf("%s %s %s (%s)", k ? "," : "", cm->in.metric,
                                               stats_verdict_name(cm->dec.verdict),
                                               stats_basis_name(cm->in.basis));
                                else
                                        printf("%s %s %+.3f %s [%.3f, %.3f] %s (%s)", k ? "," : "",
                                               cm->in.metric, cm->in.mean,
                                               cm->in.unit ? cm->in.unit : unit, cm->in.lo,
                                               cm->in.hi, stats_verdict_name(cm->dec.verdict),
                                               stats_basis_name(cm->in.basis));
                        }
                        printf("\n");
                }
        }
        printf("note: %s (baseline %s)\n", GATE_VERIFY_PERF_NOTE, b->recorded);
        printf("VERDICT: %s (exit %d): %s\n", stats_verdict_name(v->verdict), v->exit_code,
               v->reason);
}

/* A declared metric no run of the baseline reported cannot be verified
 * against it (a baseline recorded before the path reported the metric, or
 * by a rollgate that kept no values): say so rather than judge every run
 * as differing. */
static int check_declared_recorded(const char *file, const struct gate_baseline *b,
                                   const struct compare_config *cfg, struct rg_errbuf *eb)
{
        for (int j = 0; j < cfg->n_declared; j++) {
                const char *name = cfg->declared[j].name;
                bool seen = false;
                for (int li = 0; li < b->n_loads && !seen; li++)
                        for (int i = 0; i < b->n_seeds && !seen; i++) {
                                const struct gate_baseline_run *run = &b->loads[li].runs[i];
                                for (int v = 0; v < run->n_values && !seen; v++)
                                        seen = strcmp(run->value[v].name, name) == 0;
                        }
                if (!seen)
                        return rg_fail(eb, RG_USAGE,
                                       "%s: no run of the baseline reported metric '%s', which "
                                       "the config declares: record the baseline again with a "
                                       "path that reports it",
                                       file, name);
        }
        return RG_OK;
}

static int verify(struct base_cli *cli, int argc, char **argv, struct harness_compare *hc,
                  int *exit_code, struct rg_errbuf *eb)
{
        struct prescan p = {0};
        int rc = prescan_argv(argc, argv, &p, eb);
        if (rc != RG_OK)
                return rc;
        if (p.baseline == NULL)
                return rg_fail(eb, RG_USAGE, "verify: give --baseline FILE.json");
        struct gate_baseline *b = NULL;
        char **args = NULL;
        struct compare_result *res = NULL;
        rc = read_baseline(p.baseline, &b, eb);
        if (rc != RG_OK)
                goto out;
        /* the baseline's config unless one is given */
        args = calloc((size_t)argc + 3, sizeof(*args));
        if (args == NULL) {
                rc = rg_fail(eb, RG_NOMEM, "out of memory");
                goto out;
        }
        int n = 0;
        args[n++] = argv[0];
        if (!p.config && b->config[0]) {
                args[n++] = "--config";
                args[n++] = b->config;
        }
        for (int i = 1; i < argc; i++)
                args[n++] = argv[i];
        struct harness_settings *s = cli->set;
        rc = harness_settings_from_argv(s, n, args, base_extra, N_EXTRA, on_extra, cli, eb);
        if (rc == RG_OK)
                rc = take_matrix(s, &p, b, eb);
        if (rc == RG_OK && cli->json)
                rc = rg_file_check_writable(cli->json, eb);
        if (rc != RG_OK)
                goto out;
        take_policy(s, b);
        const char *path = cli->path ? cli->path : b->path;
        if (strcmp(path, b->path) != 0)
                fprintf(stderr, "notice: verifying %s against a baseline of %s\n", path, b->path);
        rc = prepare(hc, s, path, eb);
        uint64_t hash = 0;
        if (rc == RG_OK)
                rc = settings_hash(s, hc, &hash, eb);
        if (rc == RG_OK && hash != b->settings_hash)
                rc = rg_fail(eb, RG_USAGE,
                             "%s: the settings differ from the baseline's (settings hash "
                             "%016llx, the baseline's %016llx): the config '%s' or a setting "
                             "given changed since it was recorded",
                             p.baseline, (unsigned long long)hash,
                             (unsigned long long)b->settings_hash, s->config_path);
        if (rc == RG_OK)
                rc = check_declared_recorded(p.baseline, b, &hc->cfg, eb);
        if (rc != RG_OK)
                goto out;
        hc->cfg.policy.low_signal_blocked = b->policy.low_signal_blocked;
        rc = gate_baseline_replay_create(b, &hc->cfg.backend[0], eb);
        if (rc == RG_OK)
                rc = execute(hc, cli->progress, &res, eb);
        if (rc == RG_OK) {
                gate_verify_prepare_timing(res);
                rc = compare_analyse(res, eb);
        }
        if (rc != RG_OK)
                goto out;
        struct gate_verification v;
        gate_verify_checklist(res, &v);
        print_checklist(&v, res, b, p.baseline, path);
        if (cli->json) {
                struct rg_buf text;
                rg_buf_init(&text);
                rc = gate_verify_write_json(&v, res, p.baseline, path, RG_VERSION, &text, eb);
                if (rc == RG_OK)
                        rc = rg_file_write_atomic(cli->json, rg_buf_text(&text), text.len, eb);
                rg_buf_finish(&text);
        }
        *exit_code = v.exit_code;
out:
        compare_result_destroy(res);
        /* the replay backend borrows the baseline: gone before it */
        backend_destroy(hc->cfg.backend[0]);
        hc->cfg.backend[0] = NULL;
        gate_baseline_destroy(b);
        free(args);
        return rc;
}

int harness_cmd_verify(int argc, char **argv)
{
        if (harness_wants_help(argc, argv)) {
                help_verify();
                return RG_EXIT_OK;
        }
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct harness_settings *set = malloc(sizeof(*set));
        struct harness_compare *hc = calloc(1, sizeof(*hc));
        if (set == NULL || hc == NULL) {
                free(set);
                free(hc);
                return harness_die(RG_NOMEM, NULL);
        }
        struct base_cli cli = {.set = set, .verify = true, .progress = -1};
        int exit_code = RG_EXIT_INTERNAL;
        int rc = verify(&cli, argc, argv, hc, &exit_code, &eb);
        harness_compare_finish(hc);
        free(hc);
        free(set);
        if (fflush(stdout) != 0 && rc == RG_OK)
                rc = rg_fail(&eb, RG_IO, "cannot write to standard output");
        if (rc != RG_OK)
                return harness_die(rc, eb.msg);
        return exit_code;
}
