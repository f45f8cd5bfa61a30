/*
 * rollgate compare: paired runs of both paths, statistics, the rollback
 * verdict, console and JSON reports.  The exit code is the verdict's.
 */
#include <cjson/cJSON.h>
#include <fcntl.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/file.h"
#include "../compare/mpi_job.h"
#include "../compare/report.h"
#include "../compare/shard.h"
#include "../reports/render.h"
#include "cli.h"
#include "compare_cli.h"
#include "compare_setup.h"
#include "options.h"
#include "report_files.h"

#ifndef RG_VERSION
#define RG_VERSION "unknown"
#endif

enum {
        OPT_THREADS = 1,
        OPT_LEGACY,
        OPT_ORCH,
        OPT_INJECT,
        OPT_DEVIATION,
        OPT_THRESHOLDS,
        OPT_CONFIDENCE,
        OPT_DIRECTION,
        OPT_JSON,
        OPT_ADVISORY,
        OPT_UNPAIRED,
        OPT_PROGRESS,
        OPT_NO_PROGRESS,
        OPT_QUIET,
        OPT_PERF,
        OPT_RUN_DIR,
        OPT_MARKDOWN,
        OPT_JUNIT,
        OPT_HTML,
        OPT_NOTIFICATION,
        OPT_UNTIL_DECIDED,
        OPT_BATCH,
        OPT_MAX_REPLICATIONS,
        OPT_SPENDING,
        OPT_EXACT,
        OPT_SHARD,
        OPT_RANK_TIMEOUT,
};

static const struct option compare_extra[] = {
    {"threads", required_argument, NULL, OPT_THREADS},
    {"legacy", required_argument, NULL, OPT_LEGACY},
    {"orchestrator", required_argument, NULL, OPT_ORCH},
    {"inject", required_argument, NULL, OPT_INJECT},
    {"deviation", required_argument, NULL, OPT_DEVIATION},
    {"thresholds", required_argument, NULL, OPT_THRESHOLDS},
    {"confidence", required_argument, NULL, OPT_CONFIDENCE},
    {"direction", required_argument, NULL, OPT_DIRECTION},
    {"json", required_argument, NULL, OPT_JSON},
    {"advisory", no_argument, NULL, OPT_ADVISORY},
    {"unpaired", no_argument, NULL, OPT_UNPAIRED},
    {"progress", no_argument, NULL, OPT_PROGRESS},
    {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"perf-threshold", required_argument, NULL, OPT_PERF},
    {"run-dir", required_argument, NULL, OPT_RUN_DIR},
    {"markdown", required_argument, NULL, OPT_MARKDOWN},
    {"junit", required_argument, NULL, OPT_JUNIT},
    {"html", required_argument, NULL, OPT_HTML},
    {"notification", required_argument, NULL, OPT_NOTIFICATION},
    {"until-decided", no_argument, NULL, OPT_UNTIL_DECIDED},
    {"batch", required_argument, NULL, OPT_BATCH},
    {"max-replications", required_argument, NULL, OPT_MAX_REPLICATIONS},
    {"spending", required_argument, NULL, OPT_SPENDING},
    {"exact", no_argument, NULL, OPT_EXACT},
    {"shard", required_argument, NULL, OPT_SHARD},
    {"rank-timeout", required_argument, NULL, OPT_RANK_TIMEOUT},
};

static void help(void)
{
        puts("usage: rollgate compare [--config FILE] [--requests N] [--replications R]\n"
             "                        [--erlang E[,E...]] [--threads T] [--legacy PATH]\n"
             "                        [--orchestrator PATH] [--inject SPEC] [--json FILE]\n"
             "                        [--markdown FILE] [--junit FILE] [--html FILE]\n"
             "                        [--notification FILE]\n"
             "                        [--deviation absolute|relative] [--thresholds T1,T2]\n"
             "                        [--confidence C] [--direction either|increase]\n"
             "                        [--perf-threshold F] [--run-dir DIR] [--advisory] "
             "[--unpaired]\n"
             "                        [--until-decided [--batch B] [--max-replications N]\n"
             "                        [--spending obrien-fleming|pocock]] [--exact]\n"
             "                        [--shard I/N --run-dir DIR]\n"
             "                        [--progress|--no-progress] [--quiet] [SETTINGS...]\n"
             "\n"
             "Runs the legacy and the orchestrator path on the same seeds for every load and\n"
             "replication (in parallel threads), compares blocking (BP) and bit-rate blocking\n"
             "(BBP) with paired statistics, and maps the deviation to a rollback verdict.\n"
             "With no arguments it runs fixtures/configs/default.ini.  The options below can\n"
             "also be set in a [comparison] section of the config (the command line wins).\n"
             "\n"
             "  --threads T              worker threads (default: all cores)\n"
             "  --legacy PATH            default builtin:legacy\n"
             "  --orchestrator PATH      default builtin:orchestrator\n"
             "                           a PATH is builtin:legacy, builtin:orchestrator,\n"
             "                           exec:'COMMAND {seed} {erlang} {requests} {out} ...',\n"
             "                           import:DIR, or NAME of a [path.NAME] config section\n"
             "  --run-dir DIR            keep external runs there; a rerun reuses finished ones\n"
             "  --inject SPEC[,SPEC...]  fault injection into the builtin orchestrator\n"
             "  --deviation MODE         absolute (percentage points, default) or relative (%)\n"
             "  --thresholds T1,T2       PASS below T1, EMERGENCY from T2 (default 2,10)\n"
             "  --confidence C           interval level (default 0.95; decisions use 1-2(1-C))\n"
             "  --direction D            either (default) or increase (only more blocking counts)\n"
             "  --perf-threshold F       MONITOR when significantly slower by more (default 0.05)\n"
             "  --json FILE              write the versioned JSON report (atomically; FILE\n"
             "                           must be new or a regular file; - is stdout, and\n"
             "                           the text report then goes to stderr)\n"
             "  --markdown FILE          the report in GitHub-flavoured Markdown (a PR comment,\n"
             "                           $GITHUB_STEP_SUMMARY)\n"
             "  --junit FILE             JUnit XML: a test suite per load, a test case per check\n"
             "  --html FILE              one self-contained HTML page with charts\n"
             "  --notification FILE      the rollback notification (names from [notification])\n"
             "                           each FILE like --json; one of them may be -\n"
             "  --advisory               print the verdict but exit 0 unless the input was bad\n"
             "  --unpaired               give the orchestrator other seeds (diagnostic)\n"
             "  --until-decided          sequential design: B replications per load, then B more\n"
             "                           for each load not yet decided, up to N; the error is\n"
             "                           spent over the looks (Lan-DeMets), see README\n"
             "  --batch B                replications per look (default: --replications)\n"
             "  --max-replications N     the most per load (default 5 B; a seed list: its length)\n"
             "  --spending F             obrien-fleming (default) or pocock\n"
             "  --exact                  judge every metric and the trace hashes by equality per\n"
             "                           replication (characterisation)\n"
             "  --shard I/N              run only slice I (0..N-1) of N of the matrix into the\n"
             "                           run directory; rollgate merge DIR... reports on them\n"
             "  --rank-timeout S         under mpirun: a rank silent for S seconds is lost and\n"
             "                           the job ends with HARNESS_ERROR (default 10)\n"
             "  --progress, --no-progress  progress bar on stderr (default: when a terminal)\n"
             "  --quiet                  print only the verdict, reason and action\n");
        harness_sim_options_help(stdout);
        puts("\nVerdicts and exit codes: 0 PASS, 3 MONITOR, 4 INCONCLUSIVE, 5 PLANNED_ROLLBACK,\n"
             "6 EMERGENCY_ROLLBACK, 7 HARNESS_ERROR, 2 usage or input error, 1 internal error.\n"
             "A shard exits 0 once its slice has run (7 when interrupted).\n"
             "Under mpirun (-np N), rank 0 hands the pairs to every rank and writes the reports.");
}

static int set_text(char *dst, size_t cap, const char *opt, const char *arg, struct rg_errbuf *eb)
{
        if (strlen(arg) >= cap)
                return rg_fail(eb, RG_USAGE, "option --%s: value too long", opt);
        snprintf(dst, cap, "%s", arg);
        return RG_OK;
}

/* --shard I/N: 0 <= I < N <= COMPARE_MAX_SHARDS. */
static int parse_shard(const char *arg, struct harness_compare_cli *cli, struct rg_errbuf *eb)
{
        long i, n;
        char a[32], b[32];
        const char *slash = strchr(arg, '/');
        if (slash && (size_t)(slash - arg) < sizeof(a) && strlen(slash + 1) < sizeof(b)) {
                snprintf(a, sizeof(a), "%.*s", (int)(slash - arg), arg);
                snprintf(b, sizeof(b), "%s", slash + 1);
                if (harness_parse_int(b, 1, COMPARE_MAX_SHARDS, &n) == RG_OK &&
                    harness_parse_int(a, 0, n - 1, &i) == RG_OK) {
                        cli->shard_index = (int)i;
                        cli->shard_count = (int)n;
                        return RG_OK;
                }
        }
        return rg_fail(eb, RG_USAGE,
                       "option --shard: '%s' is not I/N with 0 <= I < N <= %d (slice I of N)", arg,
                       COMPARE_MAX_SHARDS);
}

static int on_extra(void *user, int opt, const char *arg, struct rg_errbuf *eb)
{
        struct harness_compare_cli *cli = user;
        struct harness_settings *s = cli->set;
#define TEXT(field, name)                                                                          \
        (harness_settings_cmp_set_where(s, #field, "option --" name),                              \
         set_text(s->cmp.field, sizeof(s->cmp.field), name, arg, eb))
        switch (opt) {
        case OPT_THREADS:
                return TEXT(threads, "threads");
        case OPT_LEGACY:
                return TEXT(legacy, "legacy");
        case OPT_ORCH:
                return TEXT(orchestrator, "orchestrator");
        case OPT_INJECT:
                return TEXT(inject, "inject");
        case OPT_DEVIATION:
                return TEXT(deviation, "deviation");
        case OPT_THRESHOLDS:
                return TEXT(thresholds, "thresholds");
        case OPT_CONFIDENCE:
                return TEXT(confidence, "confidence");
        case OPT_DIRECTION:
                return TEXT(direction, "direction");
        case OPT_PERF:
                return TEXT(perf_threshold, "perf-threshold");
        case OPT_RUN_DIR:
                return TEXT(run_dir, "run-dir");
        case OPT_UNPAIRED:
                snprintf(s->cmp.unpaired, sizeof(s->cmp.unpaired), "1");
                return RG_OK;
        case OPT_UNTIL_DECIDED:
                harness_settings_cmp_set_where(s, "until_decided", "option --until-decided");
                snprintf(s->cmp.until_decided, sizeof(s->cmp.until_decided), "1");
                return RG_OK;
        case OPT_EXACT:
                harness_settings_cmp_set_where(s, "exact", "option --exact");
                snprintf(s->cmp.exact, sizeof(s->cmp.exact), "1");
                return RG_OK;
        case OPT_BATCH:
                return TEXT(batch, "batch");
        case OPT_MAX_REPLICATIONS:
                return TEXT(max_replications, "max-replications");
        case OPT_SPENDING:
                return TEXT(spending, "spending");
        case OPT_JSON:
                return TEXT(json, "json");
        case OPT_MARKDOWN:
                return TEXT(markdown, "markdown");
        case OPT_JUNIT:
                return TEXT(junit, "junit");
        case OPT_HTML:
                return TEXT(html, "html");
        case OPT_NOTIFICATION:
                return TEXT(notification, "notification");
        case OPT_ADVISORY:
                cli->advisory = true;
                return RG_OK;
        case OPT_PROGRESS:
                cli->progress = 1;
                return RG_OK;
        case OPT_NO_PROGRESS:
                cli->progress = 0;
                return RG_OK;
        case OPT_QUIET:
                cli->quiet = true;
                return RG_OK;
        case OPT_SHARD:
                return parse_shard(arg, cli, eb);
        case OPT_RANK_TIMEOUT:
                if (harness_parse_double(arg, &cli->rank_timeout) != RG_OK ||
                    !(cli->rank_timeout >= 1 && cli->rank_timeout <= 86400))
                        return rg_fail(eb, RG_USAGE,
                                       "option --rank-timeout: '%s' is not a number of seconds "
                                       "from 1 to 86400",
                                       arg);
                return RG_OK;
        default:
                return rg_fail(eb, RG_USAGE, "unknown option (see --help)");
        }
#undef TEXT
}

/* The report files asked for, by format. */
struct output {
        const char *format; /* a renderer's name */
        const char *key;    /* [comparison] key and option */
        const char *path;   /* "" when not asked for */
};

static int outputs_of(const struct harness_settings *s, struct output out[5])
{
        const struct output all[5] = {
            {"json", "json", s->cmp.json},
            {"markdown", "markdown", s->cmp.markdown},
            {"junit", "junit", s->cmp.junit},
            {"html", "html", s->cmp.html},
            {"notification", "notification", s->cmp.notification},
        };
        memcpy(out, all, sizeof(all));
        return 5;
}

/* Every report file the run will write, checked before any work so that a
 * path we cannot write fails at once, not after the whole run has printed
 * its verdict; two reports in one file, or two on standard output, are
 * refused as well. */
int harness_compare_check_outputs(const struct harness_settings *s, struct rg_errbuf *eb)
{
        struct output out[5];
        int n = outputs_of(s, out);
        for (int i = 0; i < n; i++) {
                if (out[i].path[0] == '\0')
                        continue;
                for (int j = 0; j < i; j++)
                        if (strcmp(out[i].path, out[j].path) == 0)
                                return rg_fail(
                                    eb, RG_USAGE,
                                    "%s: the %s and the %s report cannot both go to '%s'",
                                    harness_settings_cmp_where(s, out[i].key), out[j].format,
                                    out[i].format, out[i].path);
                int rc = rg_file_check_writable(out[i].path, eb);
                if (rc != RG_OK)
                        return rc;
        }
        return RG_OK;
}

static bool any_stdout(const struct harness_settings *s)
{
        struct output out[5];
        int n = outputs_of(s, out);
        for (int i = 0; i < n; i++)
                if (strcmp(out[i].path, "-") == 0)
                        return true;
        return false;
}

int harness_compare_write_reports(const struct harness_settings *s,
                                  const struct compare_result *res, bool quiet,
                                  struct rg_errbuf *eb)
{
        struct compare_report_names names = {.version = RG_VERSION,
                                             .project = s->notify.project,
                                             .team = s->notify.team,
                                             .channel = s->notify.channel};
        struct report_doc *doc = NULL;
        int rc = compare_report_fill(res, &names, &doc, eb);
        /* with a report on stdout, stdout carries that report alone, so it
         * stays parseable, and the console report goes to stderr */
        if (rc == RG_OK)
                rc = harness_report_write(doc, "console", any_stdout(s) ? NULL : "-", quiet, eb);
        struct output out[5];
        int n = outputs_of(s, out);
        for (int i = 0; i < n && rc == RG_OK; i++)
                if (out[i].path[0])
                        rc = harness_report_write(doc, out[i].format, out[i].path, false, eb);
        report_doc_destroy(doc);
        return rc;
}

int harness_compare_parse(struct harness_compare_cli *cli, int argc, char **argv,
                          struct rg_errbuf *eb)
{
        struct harness_settings *set = cli->set;
        memset(cli, 0, sizeof(*cli));
        cli->set = set;
        cli->progress = -1;
        cli->rank_timeout = COMPARE_MPI_TIMEOUT;
        return harness_settings_from_argv(cli->set, argc, argv, compare_extra,
                                          (int)(sizeof(compare_extra) / sizeof(compare_extra[0])),
                                          on_extra, cli, eb);
}

void harness_compare_extra(const struct harness_settings *s, char *out, size_t cap)
{
        snprintf(out, cap, "version: %s\nproject: %.128s\nteam: %.128s\nchannel: %.128s\n",
                 RG_VERSION, s->notify.project, s->notify.team, s->notify.channel);
}

/* The threads each MPI rank runs pairs in: --threads, else OpenMP's
 * default (OMP_NUM_THREADS, or the cores). */
static int rank_threads(const struct harness_compare *hc)
{
        return hc->cfg.threads > 0 ? hc->cfg.threads : omp_get_max_threads();
}

/*
 * An MPI rank other than 0: the same comparison built quietly (rank 0 says
 * everything once), then the pairs rank 0 hands out.  A rank that cannot
 * build it tells rank 0, which goes on without it.
 */
static int serve_rank(struct compare_mpi *mpi, int argc, char **argv)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct harness_settings *set = malloc(sizeof(*set));
        struct harness_compare *hc = calloc(1, sizeof(*hc));
        struct harness_compare_cli cli = {.set = set};
        struct compare_result *r = NULL;
        int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY);
        if (saved >= 0 && null >= 0)
                dup2(null, STDERR_FILENO);
        int rc = set && hc ? harness_compare_parse(&cli, argc, argv, &eb)
                           : rg_fail(&eb, RG_NOMEM, "out of memory");
        if (rc == RG_OK)
                rc = harness_compare_init(hc, set, &eb);
        if (rc == RG_OK)
                rc = compare_plan(&hc->inputs, &hc->cfg, hc->loads, hc->n_loads, hc->seeds,
                                  hc->n_reps, &r, &eb);
        if (saved >= 0 && null >= 0)
                dup2(saved, STDERR_FILENO);
        if (saved >= 0)
                close(saved);
        if (null >= 0)
                close(null);
        compare_mpi_serve(mpi, r, &hc->sim, rc == RG_OK ? rank_threads(hc) : 1, eb.msg, &eb);
        compare_mpi_finish(mpi, RG_EXIT_OK);
        compare_result_destroy(r);
        if (hc)
                harness_compare_finish(hc);
        free(hc);
        free(set);
        return RG_EXIT_OK;
}

int harness_cmd_compare(int argc, char **argv)
{
        if (harness_wants_help(argc, argv)) {
                help();
                return RG_EXIT_OK;
        }
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct compare_mpi *mpi = NULL;
        int size = 1;
        if (compare_mpi_launched(&size) && (size > 1 || compare_mpi_built())) {
                if (compare_mpi_init(&mpi, &eb) != RG_OK)
                        return harness_die(RG_USAGE, eb.msg);
                if (compare_mpi_rank(mpi) > 0)
                        return serve_rank(mpi, argc, argv);
        }
        struct harness_settings *set = malloc(sizeof(*set));
        struct harness_compare *hc = calloc(1, sizeof(*hc));
        if (set == NULL || hc == NULL) {
                free(set);
                free(hc);
                compare_mpi_finish(mpi, RG_EXIT_INTERNAL);
                return harness_die(RG_NOMEM, NULL);
        }
        struct harness_compare_cli cli = {.set = set};
        struct compare_result *res = NULL;
        int rc = harness_compare_parse(&cli, argc, argv, &eb);
        if (rc == RG_OK && cli.shard_count > 0 && mpi)
                rc = rg_fail(&eb, RG_USAGE,
                             "option --shard: under mpirun the ranks share the matrix already; "
                             "shard it or run it under mpirun, not both");
        if (rc == RG_OK && cli.shard_count > 0)
                rc = harness_shard_check(&cli, &eb);
        else if (rc == RG_OK)
                rc = harness_compare_check_outputs(set, &eb);
        if (rc == RG_OK)
                rc = harness_compare_init(hc, set, &eb);
        if (rc == RG_OK && hc->n_reps < 2 && !hc->cfg.seq.on && cli.shard_count == 0)
                fprintf(stderr, "notice: one replication gives no confidence interval; "
                                "loads that are not identical are judged by exact bounds\n");
        if (rc != RG_OK)
                goto out;
        hc->cfg.progress = cli.progress == 1 || (cli.progress == -1 && isatty(STDERR_FILENO));
        if (cli.shard_count > 0) {
                int code = RG_EXIT_OK;
                rc = harness_shard_run(hc, &cli, argc, argv, &code, &eb);
                harness_compare_finish(hc);
                free(hc);
                free(set);
                return rc == RG_OK ? code : harness_die(rc, eb.msg);
        }
        if (mpi) {
                hc->cfg.executor = compare_mpi_executor(mpi, rank_threads(hc), cli.rank_timeout);
                hc->cfg.progress = false;
        }
        rc = harness_compare_run(hc, &res, &eb);
        if (rc != RG_OK)
                goto out;
        rc = harness_compare_write_reports(set, res, cli.quiet, &eb);
out:;
        int exit_code = RG_EXIT_INTERNAL;
        if (rc == RG_OK) {
                exit_code = stats_verdict_exit_code(res->verdict);
                if (cli.advisory)
                        exit_code = RG_EXIT_OK;
        }
        compare_result_destroy(res);
        harness_compare_finish(hc);
        free(hc);
        free(set);
        if (fflush(stdout) != 0 && rc == RG_OK) {
                rc = rg_fail(&eb, RG_IO, "cannot write to standard output");
                exit_code = RG_EXIT_INTERNAL;
        }
        if (rc != RG_OK)
                exit_code = harness_die(rc, eb.msg);
        compare_mpi_finish(mpi, exit_code);
        return exit_code;
}
