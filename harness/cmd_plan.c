/*
 * rollgate plan PILOT.json: from a pilot comparison's JSON report, the
 * replications each load needs to be decided with a given power, by a fixed
 * design and by a group-sequential one (stats/plan.h).  The pilot's
 * deviations and spreads are taken as the truth; nothing is simulated.
 */
#include <cjson/cJSON.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "../common/file.h"
#include "../common/json_write.h"
#include "../reports/document.h"
#include "../stats/plan.h"
#include "../stats/summary.h"
#include "cli.h"
#include "options.h"
#include "report_files.h"
#include "settings.h"

#ifndef RG_VERSION
#define RG_VERSION "unknown"
#endif

static void help(void)
{
        printf("usage: rollgate plan PILOT.json [--power P] [--batch B] [--max-replications N]\n"
               "                     [--spending obrien-fleming|pocock] [--json FILE]\n"
               "\n"
               "Reads a pilot comparison's JSON report (rollgate compare --json) and, for\n"
               "every load and metric with paired statistics, takes the pilot's deviation\n"
               "and per-replication spread as the truth to say which decision to expect\n"
               "(PASS when the deviation is within T1, else a rollback claim at the Holm\n"
               "level) and how many replications deciding it takes:\n"
               "\n"
               "  fixed design       the replications one final decision needs for power P\n"
               "  sequential design  looks after every B replications up to N, with alpha\n"
               "                     spending: the expected replications, the probability\n"
               "                     of a decision by N, and the N that reaches power P\n"
               "\n"
               "The policy (confidence, T1, direction, deviation mode, Holm tests) is the\n"
               "pilot's.  Nothing is simulated.\n"
               "\n"
               "  --power P               the probability of the expected decision wanted\n"
               "                          (default 0.8; between 0 and 1)\n"
               "  --batch B               replications between two looks (default: the\n"
               "                          pilot's replications)\n"
               "  --max-replications N    the last look (default: the smallest multiple of B,\n"
               "                          at most %d looks and %d replications, reaching P)\n"
               "  --spending F            obrien-fleming (default) or pocock\n"
               "  --json FILE             also write the plan as JSON (atomically; FILE must\n"
               "                          be new or a regular file; - is stdout, and the text\n"
               "                          then goes to stderr)\n"
               "\n"
               "Exit code: 0 when the plan was made, 2 for bad options or a pilot report that\n"
               "cannot be read, 1 otherwise.\n",
               STATS_SEQ_MAX_LOOKS, STATS_MAX_REPLICATIONS);
}

struct plan_cli {
        const char *file, *json;
        double power;
        long batch;            /* 0 until resolved: the pilot's replications (a sequential
                                * pilot: its batch) */
        long max_replications; /* 0: searched */
        enum stats_spending spending;
};

enum { O_POWER = 1, O_BATCH, O_MAX, O_SPENDING, O_JSON };

/* At most STATS_SEQ_MAX_LOOKS looks, and the last no earlier than the first;
 * `whose` says where the batch came from. */
static int check_looks(long n_max, long batch, const char *whose, struct rg_errbuf *eb)
{
        if (n_max == 0)
                return RG_OK;
        if (n_max < batch)
                return rg_fail(eb, RG_USAGE,
                               "option --max-replications: %ld is smaller than the batch of %ld "
                               "(%s)",
                               n_max, batch, whose);
        long looks = (n_max + batch - 1) / batch;
        if (looks > STATS_SEQ_MAX_LOOKS)
                return rg_fail(eb, RG_USAGE,
                               "option --max-replications: %ld in batches of %ld (%s) makes %ld "
                               "looks, more than %d: give a larger --batch or a smaller "
                               "--max-replications",
                               n_max, batch, whose, looks, STATS_SEQ_MAX_LOOKS);
        return RG_OK;
}

static int parse(int argc, char **argv, struct plan_cli *cli, struct rg_errbuf *eb)
{
        static const struct option opts[] = {
            {"power", required_argument, NULL, O_POWER},
            {"batch", required_argument, NULL, O_BATCH},
            {"max-replications", required_argument, NULL, O_MAX},
            {"spending", required_argument, NULL, O_SPENDING},
            {"json", required_argument, NULL, O_JSON},
            {NULL, 0, NULL, 0},
        };
        int opt;
        optind = 0; /* 0, not 1: glibc then also resets its internal state */
        opterr = 0;
        while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
                switch (opt) {
                case O_POWER:
                        if (harness_parse_double(optarg, &cli->power) != RG_OK ||
                            !(cli->power > 0 && cli->power < 1))
                                return rg_fail(eb, RG_USAGE,
                                               "option --power: '%s' is not a probability "
                                               "between 0 and 1 (exclusive)",
                                               optarg);
                        break;
                case O_BATCH:
                        if (harness_parse_int(optarg, 1, STATS_MAX_REPLICATIONS, &cli->batch) !=
                            RG_OK)
                                return rg_fail(eb, RG_USAGE,
                                               "option --batch: '%s' is not a whole number of "
                                               "replications from 1 to %d",
                                               optarg, STATS_MAX_REPLICATIONS);
                        break;
                case O_MAX:
                        if (harness_parse_int(optarg, STATS_MIN_CLAIM_REPLICATIONS,
                                              STATS_MAX_REPLICATIONS,
                                              &cli->max_replications) != RG_OK)
                                return rg_fail(eb, RG_USAGE,
                                               "option --max-replications: '%s' is not a whole "
                                               "number of replications from %d to %d",
                                               optarg, STATS_MIN_CLAIM_REPLICATIONS,
                                               STATS_MAX_REPLICATIONS);
                        break;
                case O_SPENDING:
                        if (!stats_spending_from_name(optarg, &cli->spending))
                                return rg_fail(eb, RG_USAGE,
                                               "option --spending: '%s' is not obrien-fleming or "
                                               "pocock",
                                               optarg);
                        break;
                case O_JSON:
                        cli->json = optarg;
                        break;
                default: /* '?' or ':' */
                        return harness_option_error(opt, argv, eb);
                }
        }
        int rc =
            harness_option_operand(argc, argv, "pilot", "rollgate plan PILOT.json", &cli->file, eb);
        if (rc != RG_OK)
                return rc;
        if (cli->batch > 0)
                return check_looks(cli->max_replications, cli->batch, "from --batch", eb);
        return RG_OK;
}

static const char *spending_label(enum stats_spending f)
{
        return f == STATS_SPEND_POCOCK ? "Pocock" : "O'Brien-Fleming";
}

/* One metric of one load: planned (plan.status says how), or why not. */
struct plan_metric {
        bool planned;     /* the math ran: the fields below are valid */
        const char *note; /* when !planned: why (static text) */
        const char *unit; /* "pp" or "%" */
        double delta, sd; /* in unit */
        double floor[2];  /* the comparison's SD floors (sd_floors), in unit */
        int pilot_n;
        struct stats_plan_result plan;
};

static const char *basis_note(const struct report_metric *m)
{
        switch (m->basis) {
        case STATS_BASIS_IDENTICAL:
                return "every replication bit-identical: nothing to plan";
        case STATS_BASIS_EXACT:
                return "low signal: decided by exact bounds on the blocked counts, not by paired "
                       "replications: nothing to plan from";
        case STATS_BASIS_FAILED:
                return "a run failed: no statistics to plan from";
        case STATS_BASIS_UNAVAILABLE:
                return "not reported by both paths on every run: nothing to plan from";
        case STATS_BASIS_EQUALITY:
                return "compared for equality (--exact): nothing to plan";
        case STATS_BASIS_RATIO:
                return "a performance ratio: nothing to plan";
        case STATS_BASIS_PAIRED:
                break;
        }
        return NULL;
}

/*
 * The floors the comparison puts under a metric's per-replication SD
 * (compare/analyse.c, "the variance model"): paths whose counts differ by
 * |k| per replication decided at least |k| requests differently, a count
 * that varies at least as a Poisson count inflated by the design effect:
 * 100 sqrt(phi max(|k| w, w^2)) / D, in units of the mean requested
 * bandwidth w for BBP (1 for BP), D the requests or requested Gb/s per
 * run; phi = STATS_PHI_CONSERVATIVE with fewer than
 * STATS_PHI_TRUSTED_REPLICATIONS replications, else 1.  In % of legacy's
 * mean in relative mode.
 */
static void sd_floors(const struct report_doc *doc, int li, int k, double legacy_mean,
                      double floor[2])
{
        const struct report_load *ld = &doc->loads[li];
        double ksum = 0, den = 0, requests = 0;
        int n = 0;
        floor[0] = floor[1] = 0;
        for (int rep = 0; rep < ld->replications; rep++) {
                const struct report_run *a = report_doc_run(doc, li, rep, REPORT_LEGACY);
                const struct report_run *b = report_doc_run(doc, li, rep, REPORT_ORCHESTRATOR);
                if (a == NULL || b == NULL || !a->ok || !b->ok)
                        continue;
                double d = k == REPORT_BP ? a->requests : a->requested_gbps;
                double va = k == REPORT_BP ? a->bp : a->bbp, vb = k == REPORT_BP ? b->bp : b->bbp;
                if (k == REPORT_BP && a->requests == b->requests)
                        ksum += b->blocked - a->blocked;
                else if (k == REPORT_BBP && (a->has & b->has & REPORT_HAS_GBPS) &&
                         a->requested_gbps == b->requested_gbps)
                        ksum += b->blocked_gbps - a->blocked_gbps;
                else
                        ksum += (vb - va) * d;
                den += d;
                requests += a->requests;
                n++;
        }
        if (n == 0 || !(den > 0))
                return;
        double kmean = ksum / n, denmean = den / n;
        double unit = k == REPORT_BP ? 1 : den / requests;
        const double phi[2] = {STATS_PHI_CONSERVATIVE, 1};
        for (int i = 0; i < 2; i++) {
                floor[i] = 100 * sqrt(phi[i] * fmax(fabs(kmean) * unit, unit * unit)) / denmean;
                if (doc->policy.deviation == STATS_DEV_RELATIVE)
                        floor[i] = legacy_mean > 0 ? 100 * floor[i] / legacy_mean : 0;
        }
}

static int plan_one(const struct report_doc *doc, const struct report_load *ld, int k,
                    const struct plan_cli *cli, struct plan_metric *out, struct rg_errbuf *eb)
{
        const struct report_metric *m = &ld->metric[k];
        *out = (struct plan_metric){.pilot_n = m->n_per_seed};
        const char *why = basis_note(m);
        if (why == NULL && (!m->have_stats || m->n_per_seed < 2))
                why = "fewer than 2 paired replications with statistics: no spread to plan from";
        struct stats_summary s;
        if (why == NULL && (stats_summarize(m->per_seed, m->n_per_seed, 0.95, &s) != RG_OK ||
                            !isfinite(m->deviation)))
                why = "the pilot's per-replication deviations are incomplete: nothing to plan "
                      "from";
        const bool relative = doc->policy.deviation == STATS_DEV_RELATIVE;
        if (why == NULL && relative && !(m->legacy.mean > 0))
                why = "legacy's mean is 0: a deviation relative to it has no spread to plan from";
        if (why) {
                out->note = why;
                return RG_OK;
        }
        out->planned = true;
        out->unit = m->unit ? m->unit : (relative ? "%" : "pp");
        out->delta = m->deviation;
        /* per_seed is in percentage points; relative mode plans in % of legacy */
        out->sd = relative ? 100 * s.sd / m->legacy.mean : s.sd;
        sd_floors(doc, (int)(ld - doc->loads), k, m->legacy.mean, out->floor);
        struct stats_plan_input in = {
            .delta = out->delta,
            .sigma = out->sd,
            .sd_floor = {out->floor[0], out->floor[1]},
            .t1 = doc->policy.t1,
            .alpha = 1 - doc->policy.confidence,
            .holm_tests = doc->policy.holm_tests >= 1 ? doc->policy.holm_tests : 1,
            .direction = doc->policy.direction,
            .power = cli->power,
            .spending = cli->spending,
            .batch = (int)cli->batch,
            .max_replications = (int)cli->max_replications,
        };
        int rc = stats_plan_metric(&in, &out->plan);
        if (rc != RG_OK)
                return rg_fail(eb, rc, "%s: cannot plan erlang %g %s: %s", cli->file, ld->erlang,
                               report_metric_label(k), rg_strerror(rc));
        return RG_OK;
}

static void console_metric(const struct plan_cli *cli, int batch, const char *label,
                           const struct plan_metric *pm, struct rg_buf *b)
{
        rg_buf_printf(b, "  %-4s ", label);
        if (!pm->planned) {
                rg_buf_printf(b, "%s\n", pm->note);
                return;
        }
        const struct stats_plan_result *r = &pm->plan;
        rg_buf_printf(b, "deviation %+.3f %s, sd %.3f %s (pilot: %d replications", pm->delta,
                      pm->unit, pm->sd, pm->unit, pm->pilot_n);
        /* below STATS_PHI_TRUSTED_REPLICATIONS the comparison judges on
         * at least the floor: say so when it is what counts */
        if (pm->floor[0] > pm->sd)
                rg_buf_printf(b, "; judged on at least %.3f %s below %d replications", pm->floor[0],
                              pm->unit, STATS_PHI_TRUSTED_REPLICATIONS);
        rg_buf_puts(b, "): ");
        if (r->status == STATS_PLAN_NO_SPREAD) {
                rg_buf_puts(b, "every replication gives the same deviation, so the pilot's "
                               "decision is certain: no more replications needed\n");
                return;
        }
        if (r->status == STATS_PLAN_AT_THRESHOLD) {
                rg_buf_puts(b, "the deviation is exactly T1: neither PASS nor a rollback is "
                               "expected, so it cannot be planned\n");
                return;
        }
        char pct[16];
        stats_percent(cli->power, pct, sizeof(pct));
        rg_buf_printf(b, "%s expected; ", stats_plan_decision_name(r->expected));
        if (r->fixed.n > STATS_MAX_REPLICATIONS)
                rg_buf_printf(b,
                              "fixed design: more than %d replications for %s %% power (%.2f "
                              "at %d)",
                              STATS_MAX_REPLICATIONS, pct, r->fixed.power, STATS_MAX_REPLICATIONS);
        else
                rg_buf_printf(b, "fixed design %ld replications for %s %% power", r->fixed.n, pct);
        const struct stats_plan_sequential *q = &r->seq;
        rg_buf_printf(b, "; sequential (%s, batch %d", spending_label(cli->spending), batch);
        if (cli->max_replications == 0 && !q->reached)
                rg_buf_printf(b, "): no maximum up to %d reaches %s %%; with max %d", q->n_max, pct,
                              q->n_max);
        else
                rg_buf_printf(b, ", max %d)", q->n_max);
        rg_buf_printf(b,
                      ": expected %.1f replications, decided by %d with probability %.2f (PASS "
                      "%.2f, rollback %.2f)",
                      q->expected_n, q->n_max, 1 - q->p_undecided, q->p_pass, q->p_rollback);
        if (cli->max_replications != 0 && !q->reached)
                rg_buf_printf(b, ", below %s %%", pct);
        rg_buf_putc(b, '\n');
}

static const char *status_name(const struct plan_metric *pm)
{
        if (!pm->planned)
                return "not_planned";
        switch (pm->plan.status) {
        case STATS_PLAN_OK:
                return "planned";
        case STATS_PLAN_NO_SPREAD:
                return "no_spread";
        case STATS_PLAN_AT_THRESHOLD:
                return "at_threshold";
        }
        return "?";
}

static void json_metric(struct rg_json *w, cJSON *arr, const char *label,
                        const struct plan_metric *pm)
{
        cJSON *o = rg_json_object(w, arr, NULL);
        rg_json_str(w, o, "metric", label);
        rg_json_str(w, o, "status", status_name(pm));
        if (!pm->planned) {
                rg_json_str(w, o, "note", pm->note);
                return;
        }
        rg_json_str(w, o, "unit", pm->unit);
        rg_json_num(w, o, "deviation", pm->delta);
        rg_json_num(w, o, "sd", pm->sd);
        cJSON *fl = rg_json_array(w, o, "sd_floor");
        rg_json_num(w, fl, NULL, pm->floor[0]);
        rg_json_num(w, fl, NULL, pm->floor[1]);
        rg_json_num(w, o, "pilot_replications", pm->pilot_n);
        const struct stats_plan_result *r = &pm->plan;
        if (r->status != STATS_PLAN_OK)
                return;
        rg_json_str(w, o, "expected", stats_plan_decision_name(r->expected));
        cJSON *f = rg_json_object(w, o, "fixed");
        bool over = r->fixed.n > STATS_MAX_REPLICATIONS;
        if (over)
                rg_json_null(w, f, "replications");
        else
                rg_json_num(w, f, "replications", (double)r->fixed.n);
        rg_json_bool(w, f, "over_cap", over);
        rg_json_num(w, f, "power", r->fixed.power);
        const struct stats_plan_sequential *q = &r->seq;
        cJSON *s = rg_json_object(w, o, "sequential");
        rg_json_num(w, s, "max_replications", q->n_max);
        rg_json_num(w, s, "looks", q->looks);
        rg_json_bool(w, s, "reaches_power", q->reached);
        rg_json_num(w, s, "expected_replications", q->expected_n);
        rg_json_num(w, s, "p_decided", 1 - q->p_undecided);
        rg_json_num(w, s, "p_pass", q->p_pass);
        rg_json_num(w, s, "p_rollback", q->p_rollback);
        rg_json_num(w, s, "p_undecided", q->p_undecided);
}

/* The plan of every load and metric: text into `text`, JSON into `json`
 * (when not NULL). */
static int plan_all(const struct report_doc *doc, const struct plan_cli *cli, struct rg_buf *text,
                    struct rg_buf *json, struct rg_errbuf *eb)
{
        const struct report_policy *pol = &doc->policy;
        const int batch = (int)cli->batch;
        const int m = pol->holm_tests >= 1 ? pol->holm_tests : 1;
        const double alpha = 1 - pol->confidence;
        const char *unit = pol->deviation == STATS_DEV_RELATIVE ? "% of legacy" : "pp";
        char pct[16];
        stats_percent(cli->power, pct, sizeof(pct));
        char claims[64];
        if (m > 1)
                snprintf(claims, sizeof(claims), "at the Holm level alpha / %d = %.3g", m,
                         alpha / m);
        else
                snprintf(claims, sizeof(claims), "at alpha (one test)");
        char pilot[96];
        if (doc->sequential.on)
                snprintf(pilot, sizeof(pilot), "a sequential pilot: batch %d, max %d",
                         doc->sequential.batch, doc->sequential.max_replications);
        else
                snprintf(pilot, sizeof(pilot), "%d replications per load", doc->inputs.n_seeds);
        rg_buf_printf(text,
                      "plan from %s (%s): one-sided alpha %.3g, T1 %.3g %s, direction %s, "
                      "rollback claims %s; power %s %%\n",
                      cli->file, pilot, alpha, pol->t1, unit,
                      pol->direction == STATS_DIR_INCREASE ? "increase" : "either", claims, pct);

        struct rg_json w = {0};
        cJSON *root = NULL, *loads = NULL;
        if (json) {
                root = cJSON_CreateObject();
                w.failed = root == NULL;
                rg_json_str(&w, root, "schema", "rollgate-plan");
                rg_json_num(&w, root, "schema_version", 1);
                rg_json_str(&w, root, "tool", "rollgate plan");
                rg_json_str(&w, root, "version", RG_VERSION);
                rg_json_str(&w, root, "pilot", cli->file);
                rg_json_num(&w, root, "pilot_replications", doc->inputs.n_seeds);
                cJSON *p = rg_json_object(&w, root, "policy");
                rg_json_str(&w, p, "deviation",
                            pol->deviation == STATS_DEV_RELATIVE ? "relative" : "absolute");
                rg_json_str(&w, p, "direction",
                            pol->direction == STATS_DIR_INCREASE ? "increase" : "either");
                rg_json_num(&w, p, "t1", pol->t1);
                rg_json_num(&w, p, "confidence", pol->confidence);
                rg_json_num(&w, p, "alpha", alpha);
                rg_json_num(&w, p, "holm_tests", m);
                rg_json_num(&w, p, "claim_alpha", alpha / m);
                cJSON *d = rg_json_object(&w, root, "design");
                rg_json_num(&w, d, "power", cli->power);
                rg_json_str(&w, d, "spending", stats_spending_name(cli->spending));
                rg_json_num(&w, d, "batch", batch);
                if (cli->max_replications > 0)
                        rg_json_num(&w, d, "max_replications", (double)cli->max_replications);
                else
                        rg_json_null(&w, d, "max_replications");
                loads = rg_json_array(&w, root, "loads");
        }
        int rc = RG_OK;
        for (int l = 0; l < doc->n_loads && rc == RG_OK; l++) {
                const struct report_load *ld = &doc->loads[l];
                rg_buf_printf(text, "erlang %g\n", ld->erlang);
                cJSON *metrics = NULL;
                if (json) {
                        cJSON *lo = rg_json_object(&w, loads, NULL);
                        rg_json_num(&w, lo, "erlang", ld->erlang);
                        metrics = rg_json_array(&w, lo, "metrics");
                }
                for (int k = 0; k < REPORT_METRICS && rc == RG_OK; k++) {
                        struct plan_metric pm;
                        rc = plan_one(doc, ld, k, cli, &pm, eb);
                        if (rc != RG_OK)
                                break;
                        console_metric(cli, batch, report_metric_label(k), &pm, text);
                        if (json)
                                json_metric(&w, metrics, report_metric_label(k), &pm);
                }
        }
        if (rc != RG_OK) {
                cJSON_Delete(root);
                return rc;
        }
        if (rg_buf_failed(text))
                rc = rg_fail(eb, RG_NOMEM, "out of memory for the plan");
        if (json == NULL)
                return rc;
        if (rc != RG_OK) {
                cJSON_Delete(root);
                return rc;
        }
        return rg_json_finish(&w, root, "plan JSON", json, eb);
}

int harness_cmd_plan(int argc, char **argv)
{
        if (harness_wants_help(argc, argv)) {
                help();
                return RG_EXIT_OK;
        }
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct plan_cli cli = {.power = 0.8, .spending = STATS_SPEND_OBF};
        struct report_doc *doc = NULL;
        struct rg_buf text, json;
        rg_buf_init(&text);
        rg_buf_init(&json);
        int rc = parse(argc, argv, &cli, &eb);
        if (rc == RG_OK && cli.json)
                rc = rg_file_check_writable(cli.json, &eb);
        if (rc == RG_OK)
                rc = harness_report_read(cli.file, &doc, &eb);
        if (rc == RG_OK && cli.batch == 0) {
                /* a sequential pilot's seed list is its maximum, not a batch */
                bool seq = doc->sequential.on;
                cli.batch = seq ? doc->sequential.batch : doc->inputs.n_seeds;
                if (cli.batch < 1 || cli.batch > STATS_MAX_REPLICATIONS)
                        rc = rg_fail(&eb, RG_PARSE,
                                     "%s: a batch of %ld replications cannot be "
                                     "planned (see --batch)",
                                     cli.file, cli.batch);
                else
                        rc = check_looks(cli.max_replications, cli.batch,
                                         seq ? "the pilot's batch; see --batch"
                                             : "the pilot's replications; see --batch",
                                         &eb);
        }
        if (rc == RG_OK)
                rc = plan_all(doc, &cli, &text, cli.json ? &json : NULL, &eb);
        if (rc == RG_OK) {
                /* with --json -, the JSON has standard output and the text
                 * goes to standard error */
                bool json_stdout = cli.json && strcmp(cli.json, "-") == 0;
                FILE *console = json_stdout ? stderr : stdout;
                if (fputs(rg_buf_text(&text), console) == EOF || fflush(console) != 0)
                        rc = rg_fail(&eb, RG_IO, "cannot write to standard %s",
                                     json_stdout ? "error" : "output");
        }
        if (rc == RG_OK && cli.json)
                rc = rg_file_write_atomic(cli.json, rg_buf_text(&json), json.len, &eb);
        rg_buf_finish(&json);
        rg_buf_finish(&text);
        report_doc_destroy(doc);
        if (rc == RG_OK && fflush(stdout) != 0)
                rc = rg_fail(&eb, RG_IO, "cannot write to standard output");
        return rc == RG_OK ? RG_EXIT_OK : harness_die(rc, eb.msg);
}
