/*
 * rollgate gate SUITE: every config of a suite compared (compare's
 * machinery, one config after the other, each on all threads), each one's
 * reports written, the suite summary, and the rollout decision of the seed
 * plan's gradual re-enablement.  Exit code = the worst config's verdict.
 * rollgate nightly SUITE --history FILE: the gate, then one row per
 * (night, config, load, metric) in the history and the trend rules.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/file.h"
#include "../compare/report.h"
#include "../gate/rollout.h"
#include "../gate/suite.h"
#include "../gate/summary.h"
#include "cli.h"
#include "compare_setup.h"
#include "options.h"
#include "nightly.h"
#include "report_files.h"

#ifndef RG_VERSION
#define RG_VERSION "unknown"
#endif

static const struct {
        const char *format, *ext;
} per_config[] = {{"json", ".json"},
                  {"markdown", ".md"},
                  {"junit", ".xml"},
                  {"html", ".html"},
                  {"notification", ".txt"}};
enum { N_PER_CONFIG = sizeof(per_config) / sizeof(per_config[0]) };

struct gate_cli {
        const char *suite, *out_dir, *threads, *perf_threshold;
        bool quiet;
        /* nightly */
        const char *history;
        int n_labels;
        const char *labels[32];
        int consecutive;
};

/* One config of the suite, from its settings to its report document. */
struct gate_job {
        struct harness_settings set;
        struct harness_compare hc;
        bool ready; /* harness_compare_init was called: finish it */
        struct report_doc *doc;
        char base[4200]; /* DIR/NAME */
};

struct gate_run {
        struct gate_suite *suite;
        struct gate_job *job[GATE_SUITE_MAX];
        struct gate_rollout_item item[GATE_SUITE_MAX];
        enum stats_verdict verdict;
};

static void gate_run_finish(struct gate_run *g)
{
        for (int i = 0; g->suite && i < g->suite->n; i++) {
                struct gate_job *j = g->job[i];
                if (j == NULL)
                        continue;
                if (j->ready)
                        harness_compare_finish(&j->hc);
                report_doc_destroy(j->doc);
                free(j);
        }
        gate_suite_destroy(g->suite);
}

/* An option's error, re-said as the suite key it came from. */
static int suite_key_error(const struct gate_suite *s, const struct gate_suite_config *c, int which,
                           struct rg_errbuf *eb)
{
        char msg[sizeof(eb->msg)];
        snprintf(msg, sizeof(msg), "%s", eb->msg);
        int code = eb->code;
        rg_errbuf_init(eb);
        return rg_fail(eb, code, "%s:%d: [config.%s] key '%s': %s", s->path, c->ovr[which].line,
                       c->name, gate_override_key(which), msg);
}

static int set_text(char *dst, size_t cap, const char *value)
{
        if (strlen(value) >= cap)
                return RG_RANGE;
        snprintf(dst, cap, "%s", value);
        return RG_OK;
}

/* The settings of config `c`: its file, the suite's overrides, the gate's
 * options.  Errors name the suite's line and key. */
static int job_settings(const struct gate_cli *cli, const struct gate_suite *s,
                        const struct gate_suite_config *c, struct gate_job *j, struct rg_errbuf *eb)
{
        static const char *const opt[] = {[GATE_OVR_REQUESTS] = "--requests",
                                          [GATE_OVR_REPLICATIONS] = "--replications",
                                          [GATE_OVR_LOADS] = "--erlang"};
        char *argv[16];
        int n = 0;
        argv[n++] = "gate";
        argv[n++] = "--config";
        argv[n++] = (char *)c->config;
        for (int o = GATE_OVR_REQUESTS; o <= GATE_OVR_LOADS; o++)
                if (c->ovr[o].value[0]) {
                        argv[n++] = (char *)opt[o];
                        argv[n++] = (char *)c->ovr[o].value;
                }
        argv[n] = NULL;
        int rc = harness_settings_from_argv(&j->set, n, argv, NULL, 0, NULL, NULL, eb);
        if (rc != RG_OK) {
                /* an override's error names the option: say the suite key instead */
                for (int o = GATE_OVR_REQUESTS; o <= GATE_OVR_LOADS; o++) {
                        char name[32];
                        snprintf(name, sizeof(name), "option %s", opt[o]);
                        if (c->ovr[o].value[0] && strstr(eb->msg, name))
                                return suite_key_error(s, c, o, eb);
                }
                char msg[sizeof(eb->msg)];
                snprintf(msg, sizeof(msg), "%s", eb->msg);
                rg_errbuf_init(eb);
                return rg_fail(eb, rc, "%s:%d: [config.%s]: %s", s->path, c->line, c->name, msg);
        }
        struct {
                int which;
                char *field;
                size_t cap;
                const char *key;
        } text[] = {
            {GATE_OVR_LEGACY, j->set.cmp.legacy, sizeof(j->set.cmp.legacy), "legacy"},
            {GATE_OVR_ORCHESTRATOR, j->set.cmp.orchestrator, sizeof(j->set.cmp.orchestrator),
             "orchestrator"},
            {GATE_OVR_INJECT, j->set.cmp.inject, sizeof(j->set.cmp.inject), "inject"},
            {GATE_OVR_THRESHOLDS, j->set.cmp.thresholds, sizeof(j->set.cmp.thresholds),
             "thresholds"},
        };
        for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++) {
                const struct gate_override *ov = &c->ovr[text[i].which];
                if (ov->value[0] == '\0')
                        continue;
                if (set_text(text[i].field, text[i].cap, ov->value) != RG_OK)
                        return rg_fail(eb, RG_RANGE, "%s:%d: [config.%s] key '%s': too long",
                                       s->path, ov->line, c->name, text[i].key);
                char where[HARNESS_PATH_MAX + 16];
                snprintf(where, sizeof(where), "%.1000s:%d", s->path, ov->line);
                harness_settings_cmp_set_where(&j->set, text[i].key, where);
        }
        if (cli->threads)
                snprintf(j->set.cmp.threads, sizeof(j->set.cmp.threads), "%s", cli->threads);
        if (cli->perf_threshold)
                snprintf(j->set.cmp.perf_threshold, sizeof(j->set.cmp.perf_threshold), "%s",
                         cli->perf_threshold);
        /* the gate writes the reports; a config's own report keys do not */
        j->set.cmp.json[0] = j->set.cmp.markdown[0] = j->set.cmp.junit[0] = '\0';
        j->set.cmp.html[0] = j->set.cmp.notification[0] = '\0';
        return RG_OK;
}

/* Everything checked before any comparison runs: the suite, every config's
 * settings and paths, every output file. */
static int gate_prepare(const struct gate_cli *cli, struct gate_run *g, struct rg_errbuf *eb)
{
        int rc = gate_suite_load(cli->suite, &g->suite, eb);
        if (rc != RG_OK)
                return rc;
        rc = rg_mkdir_p(cli->out_dir, eb);
        for (int i = 0; rc == RG_OK && i < g->suite->n; i++) {
                const struct gate_suite_config *c = &g->suite->cfg[i];
                struct gate_job *j = g->job[i] = calloc(1, sizeof(*j));
                if (j == NULL)
                        return rg_fail(eb, RG_NOMEM, "out of memory");
                rc = job_settings(cli, g->suite, c, j, eb);
                if (rc == RG_OK) {
                        rc = harness_compare_init(&j->hc, &j->set, eb);
                        j->ready = true; /* finish frees a half-built one too */
                        /* a message that already names the suite's line stays */
                        size_t plen = strlen(g->suite->path);
                        if (rc != RG_OK && strncmp(eb->msg, g->suite->path, plen) != 0) {
                                char msg[sizeof(eb->msg)];
                                snprintf(msg, sizeof(msg), "%s", eb->msg);
                                rg_errbuf_init(eb);
                                rc = rg_fail(eb, rc, "%s:%d: [config.%s]: %s", g->suite->path,
                                             c->line, c->name, msg);
                        }
                }
                if ((size_t)snprintf(j->base, sizeof(j->base), "%s/%s", cli->out_dir, c->name) >=
                    sizeof(j->base))
                        rc = rg_fail(eb, RG_IO, "%s: output path too long", cli->out_dir);
                for (int f = 0; rc == RG_OK && f < N_PER_CONFIG; f++) {
                        char path[4300];
                        snprintf(path, sizeof(path), "%s%s", j->base, per_config[f].ext);
                        rc = rg_file_check_writable(path, eb);
                }
        }
        const char *const summary[] = {"suite.json", "suite.md", "suite.xml"};
        for (size_t f = 0; rc == RG_OK && f < sizeof(summary) / sizeof(summary[0]); f++) {
                char path[4300];
                snprintf(path, sizeof(path), "%s/%s", cli->out_dir, summary[f]);
                rc = rg_file_check_writable(path, eb);
        }
        return rc;
}

static int gate_execute(const struct gate_cli *cli, struct gate_run *g, struct rg_errbuf *eb)
{
        struct compare_report_names names = {.version = RG_VERSION};
        g->verdict = STATS_PASS;
        for (int i = 0; i < g->suite->n; i++) {
                struct gate_job *j = g->job[i];
                const struct gate_suite_config *c = &g->suite->cfg[i];
                if (!cli->quiet)
                        fprintf(stderr, "gate: %s (%s) ...\n", c->name, gate_tier_name(c->tier));
                struct compare_result *res = NULL;
                int rc = harness_compare_run(&j->hc, &res, eb);
                names.project = j->set.notify.project;
                names.team = j->set.notify.team;
                names.channel = j->set.notify.channel;
                if (rc == RG_OK)
                        rc = compare_report_fill(res, &names, &j->doc, eb);
                bool interrupted = res && res->interrupted;
                compare_result_destroy(res);
                for (int f = 0; rc == RG_OK && f < N_PER_CONFIG; f++) {
                        char path[4300];
                        snprintf(path, sizeof(path), "%s%s", j->base, per_config[f].ext);
                        rc = harness_report_write(j->doc, per_config[f].format, path, false, eb);
                }
                if (rc != RG_OK)
                        return rc;
                g->item[i] = (struct gate_rollout_item){
                    .name = c->name, .tier = c->tier, .verdict = j->doc->verdict};
                g->verdict = stats_verdict_worst(g->verdict, j->doc->verdict);
                if (interrupted) {
                        /* the configs not run yet would say nothing: stop */
                        for (int k = i + 1; k < g->suite->n; k++)
                                g->item[k] =
                                    (struct gate_rollout_item){.name = g->suite->cfg[k].name,
                                                               .tier = g->suite->cfg[k].tier,
                                                               .verdict = STATS_HARNESS_ERROR};
                        return rg_fail(eb, RG_INTERNAL, "interrupted during %s", c->name);
                }
        }
        gate_rollout_decide(g->item, g->suite->n);
        return RG_OK;
}

static int gate_write_summary(const struct gate_cli *cli, const struct gate_run *g,
                              struct rg_errbuf *eb)
{
        struct gate_summary_config cfgs[GATE_SUITE_MAX];
        for (int i = 0; i < g->suite->n; i++)
                cfgs[i] = (struct gate_summary_config){.cfg = &g->suite->cfg[i],
                                                       .doc = g->job[i]->doc,
                                                       .item = &g->item[i],
                                                       .report_base = g->job[i]->base};
        struct gate_summary s = {.suite_name = g->suite->name,
                                 .suite_path = g->suite->path,
                                 .version = RG_VERSION,
                                 .verdict = g->verdict,
                                 .n = g->suite->n,
                                 .configs = cfgs};
        struct rg_buf b;
        int rc = RG_OK;
        const char *names[] = {"suite.json", "suite.md", "suite.xml", NULL};
        for (int f = 0; rc == RG_OK && f < 4; f++) {
                rg_buf_init(&b);
                if (f == 0)
                        rc = gate_summary_json(&s, &b);
                else if (f == 1)
                        gate_summary_markdown(&s, &b);
                else if (f == 2)
                        gate_summary_junit(&s, &b);
                else
                        gate_summary_text(&s, &b);
                if (rc == RG_OK && rg_buf_failed(&b))
                        rc = RG_NOMEM;
                if (rc != RG_OK) {
                        rc = rg_fail(eb, rc, "out of memory for the suite summary");
                } else if (names[f]) {
                        char path[4300];
                        snprintf(path, sizeof(path), "%s/%s", cli->out_dir, names[f]);
                        rc = rg_file_write_atomic(path, rg_buf_text(&b), b.len, eb);
                } else {
                        rc = rg_file_write_atomic("-", rg_buf_text(&b), b.len, eb);
                }
                rg_buf_finish(&b);
        }
        return rc;
}

static void help(bool nightly)
{
        if (nightly)
                puts("usage: rollgate nightly SUITE --history FILE.sqlite [--label KEY=VALUE]...\n"
                     "                        [--consecutive N] [--out-dir DIR] [--threads T]\n"
                     "                        [--perf-threshold F] [--quiet]\n"
                     "\n"
                     "The gate (rollgate gate --help), then one row per night, config, load and\n"
                     "metric in the SQLite history FILE, and the trend rules over its nights.");
        else
                puts(
                    "usage: rollgate gate SUITE [--out-dir DIR] [--threads T] [--perf-threshold "
                    "F]\n"
                    "                     [--quiet]\n"
                    "\n"
                    "Compares every config of the SUITE (an INI file: [config.NAME] sections with\n"
                    "config = FILE, tier = canary|standard|critical and optional overrides\n"
                    "requests, replications, loads, legacy, orchestrator, inject, thresholds),\n"
                    "writes each config's reports (DIR/NAME.json, .md, .xml, .html, .txt) and the\n"
                    "suite summary (DIR/suite.json, suite.md, suite.xml: JUnit, a test suite per\n"
                    "config), and prints the rollout decision: which configs may set\n"
                    "use_orchestrator = true now (canary first; standard only when every canary\n"
                    "passed; critical only when every standard passed) and which need a rollback.\n"
                    "\n"
                    "  --out-dir DIR       where the reports go (default: rollgate-gate)\n"
                    "  --threads T         worker threads of each comparison\n"
                    "  --perf-threshold F  as compare's\n"
                    "  --quiet             no progress lines on stderr\n"
                    "\n"
                    "Exit code: the worst config's verdict (0 PASS ... 7 HARNESS_ERROR, as\n"
                    "compare), 2 for a bad suite, config or option.");
}

static int parse(int argc, char **argv, bool nightly, struct gate_cli *cli, struct rg_errbuf *eb)
{
        enum { O_OUT = 1, O_THREADS, O_PERF, O_QUIET, O_HISTORY, O_LABEL, O_CONSEC };
        static const struct option all[] = {
            {"out-dir", required_argument, NULL, O_OUT},
            {"threads", required_argument, NULL, O_THREADS},
            {"perf-threshold", required_argument, NULL, O_PERF},
            {"quiet", no_argument, NULL, O_QUIET},
            {"history", required_argument, NULL, O_HISTORY},
            {"label", required_argument, NULL, O_LABEL},
            {"consecutive", required_argument, NULL, O_CONSEC},
            {NULL, 0, NULL, 0},
        };
        int opt;
        optind = 0; /* 0, not 1: glibc then also resets its internal state */
        opterr = 0;
        while ((opt = getopt_long(argc, argv, ":", all, NULL)) != -1) {
                if (!nightly && (opt == O_HISTORY || opt == O_LABEL || opt == O_CONSEC))
                        return rg_fail(eb, RG_USAGE, "option '%s' is nightly's (see --help)",
                                       argv[optind - 1]);
                switch (opt) {
                case O_OUT:
                        cli->out_dir = optarg;
                        break;
                case O_THREADS:
                        cli->threads = optarg;
                        break;
                case O_PERF:
                        cli->perf_threshold = optarg;
                        break;
                case O_QUIET:
                        cli->quiet = true;
                        break;
                case O_HISTORY:
                        cli->history = optarg;
                        break;
                case O_LABEL:
                        if (strchr(optarg, '=') == NULL || optarg[0] == '=')
                                return rg_fail(eb, RG_USAGE,
                                               "option --label: '%s' is not KEY=VALUE", optarg);
                        if (cli->n_labels == 32)
                                return rg_fail(eb, RG_USAGE, "option --label: at most 32");
                        cli->labels[cli->n_labels++] = optarg;
                        break;
                case O_CONSEC: {
                        char *end;
                        long v = strtol(optarg, &end, 10);
                        if (*end || end == optarg || v < 1 || v > 365)
                                return rg_fail(eb, RG_USAGE,
                                               "option --consecutive: '%s' is not 1..365", optarg);
                        cli->consecutive = (int)v;
                        break;
                }
                default: /* '?' or ':' */
                        return harness_option_error(opt, argv, eb);
                }
        }
        int rc = harness_option_operand(argc, argv, "suite",
                                        nightly ? "rollgate nightly SUITE" : "rollgate gate SUITE",
                                        &cli->suite, eb);
        if (rc != RG_OK)
                return rc;
        if (nightly && cli->history == NULL)
                return rg_fail(eb, RG_USAGE, "nightly needs --history FILE.sqlite");
        return RG_OK;
}

static int run(int argc, char **argv, bool nightly)
{
        if (harness_wants_help(argc, argv)) {
                help(nightly);
                return RG_EXIT_OK;
        }
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct gate_cli cli = {.out_dir = "rollgate-gate", .consecutive = 2};
        struct gate_run g = {0};
        struct gate_history *h = NULL;
        int rc = parse(argc, argv, nightly, &cli, &eb);
        if (rc == RG_OK && nightly)
                rc = harness_nightly_open(cli.history, &h, &eb);
        if (rc == RG_OK)
                rc = gate_prepare(&cli, &g, &eb);
        if (rc == RG_OK)
                rc = gate_execute(&cli, &g, &eb);
        if (rc == RG_OK)
                rc = gate_write_summary(&cli, &g, &eb);
        enum stats_verdict verdict = g.verdict;
        if (rc == RG_OK && nightly) {
                const struct report_doc *docs[GATE_SUITE_MAX];
                for (int i = 0; i < g.suite->n; i++)
                        docs[i] = g.job[i]->doc;
                struct nightly_input in = {.suite = g.suite,
                                           .docs = docs,
                                           .n_labels = cli.n_labels,
                                           .labels = cli.labels,
                                           .consecutive = cli.consecutive};
                rc = harness_nightly_record(h, &in, &verdict, &eb);
        }
        gate_history_close(h);
        gate_run_finish(&g);
        if (rc == RG_OK && fflush(stdout) != 0)
                rc = rg_fail(&eb, RG_IO, "cannot write to standard output");
        if (rc != RG_OK)
                return harness_die(rc, eb.msg);
        return stats_verdict_exit_code(verdict);
}

int harness_cmd_gate(int argc, char **argv)
{
        return run(argc, argv, false);
}

int harness_cmd_nightly(int argc, char **argv)
{
        return run(argc, argv, true);
}
