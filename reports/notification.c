/*
 * The rollback notification: plain text to paste into an e-mail or a chat,
 * the seed's communication template filled in (subject with the date,
 * status, summary, impact, root cause, resolution, next steps, contact).
 * Next steps are the seed's verification checklist for the level of the
 * rollback, with the procedure's own checks (confirm on the legacy path,
 * file an issue; or update the configs, tell the users, open a ticket) in
 * front.  A verdict that needs no rollback gets a short message that says
 * so, still with subject and status.  The metrics that triggered a rollback
 * are named in the impact (BP and BBP with their deviation; a declared
 * metric, or any metric of an --exact comparison, with what decided it),
 * and an --exact comparison's characterisation follows the summary.
 *
 * The text is for people and mail programs: every text from the document
 * is written on one line (a line break in a project name must not start a
 * new mail header).
 */
#include "render.h"

#include <math.h>
#include <string.h>

#include "failures.h"
#include "format.h"
#include "looks.h"

/* A document text on one line: control characters become spaces. */
static void put_line(struct rg_buf *out, const char *s)
{
        for (const unsigned char *p = (const unsigned char *)s; *p; p++)
                rg_buf_putc(out, *p < 0x20 || *p == 0x7F ? ' ' : (char)*p);
}

static void put_exact(struct rg_buf *out, double v)
{
        report_format_put_exact(out, v, "?");
}

/* An argument for a POSIX shell: as it is when it has nothing the shell
 * reads, else in single quotes. */
static void put_shell_word(struct rg_buf *out, const char *s)
{
        bool plain = s[0] != '\0';
        for (const char *p = s; *p; p++)
                if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                            "_./:=,+-@%",
                            *p))
                        plain = false;
        if (plain) {
                rg_buf_puts(out, s);
                return;
        }
        rg_buf_putc(out, '\'');
        for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
                if (*p == '\'')
                        rg_buf_puts(out, "'\\''");
                else
                        rg_buf_putc(out, *p < 0x20 || *p == 0x7F ? '?' : (char)*p);
        }
        rg_buf_putc(out, '\'');
}

static bool is_rollback(enum stats_verdict v)
{
        return v == STATS_PLANNED_ROLLBACK || v == STATS_EMERGENCY_ROLLBACK;
}

/* a figure that could not be computed, an unbounded interval's end */
static const struct report_nonfinite words = {"?", "-inf", "+inf"};

/* "; digest (exact): 1 of 3 replications differ; first: ..." for a metric
 * whose rollback verdict counts in its load's (a semicolon: the text has
 * commas of its own). */
static void put_triggered(const struct report_doc *doc, const struct report_load *L,
                          const struct report_metric *m, struct rg_buf *out)
{
        struct rg_buf text;
        rg_buf_init(&text);
        rg_buf_printf(&text, "; %s (%s): ", report_format_metric_name(L, m),
                      m->kind ? m->kind : "?");
        report_format_put_decided(&text, doc, L, m, &words);
        report_format_put_through(out, &text, put_line);
}

/* The --exact result on a line of its own, when the comparison ran with it. */
static void characterisation(const struct report_doc *doc, struct rg_buf *out)
{
        if (!doc->exact.on)
                return;
        struct rg_buf text;
        rg_buf_init(&text);
        report_format_put_characterisation(&text, doc);
        rg_buf_puts(out, REPORT_FORMAT_CHARACTERISATION ": ");
        report_format_put_through(out, &text, put_line);
        rg_buf_putc(out, '\n');
}

/* "2026-12-01" from the run's start; the whole text when it is not an ISO
 * date; "date unknown" when there is none. */
static void put_date(struct rg_buf *out, const char *started)
{
        bool iso = strlen(started) >= 10;
        for (int i = 0; i < 10 && iso; i++)
                iso = i == 4 || i == 7 ? started[i] == '-' : started[i] >= '0' && started[i] <= '9';
        if (iso)
                rg_buf_put(out, started, 10);
        else if (started[0])
                put_line(out, started);
        else
                rg_buf_puts(out, "date unknown");
}

static const char *project(const struct report_doc *doc)
{
        return doc->notification.project[0] ? doc->notification.project : doc->tool;
}

static void subject(const struct report_doc *doc, struct rg_buf *out)
{
        rg_buf_puts(out, "Subject: [");
        put_line(out, project(doc));
        rg_buf_puts(out, "] ");
        switch (doc->verdict) {
        case STATS_EMERGENCY_ROLLBACK:
        case STATS_PLANNED_ROLLBACK:
                rg_buf_puts(out, "Orchestrator rollback");
                if (doc->action.level == 1)
                        rg_buf_puts(out, ", Level 1 (immediate)");
                else if (doc->action.level == 2)
                        rg_buf_puts(out, ", Level 2 (planned)");
                break;
        case STATS_HARNESS_ERROR:
                rg_buf_puts(out, "Orchestrator comparison: no conclusion (harness error)");
                break;
        case STATS_PASS:
        case STATS_MONITOR:
        case STATS_INCONCLUSIVE:
                rg_buf_printf(out, "Orchestrator comparison: no rollback needed (%s)",
                              stats_verdict_name(doc->verdict));
                break;
        }
        rg_buf_puts(out, " - ");
        put_date(out, doc->timing.started);
        rg_buf_puts(out, "\n\n");
}

static void status(const struct report_doc *doc, struct rg_buf *out)
{
        const char *word = "NO ROLLBACK NEEDED";
        switch (doc->verdict) {
        case STATS_PLANNED_ROLLBACK:
        case STATS_EMERGENCY_ROLLBACK:
                word = "ROLLBACK REQUIRED";
                break;
        case STATS_MONITOR:
                word = "NO ROLLBACK NEEDED, MONITORING";
                break;
        case STATS_INCONCLUSIVE:
                word = "NO ROLLBACK NEEDED YET, UNDECIDED";
                break;
        case STATS_HARNESS_ERROR:
                word = "NO CONCLUSION";
                break;
        case STATS_PASS:
                break;
        }
        rg_buf_printf(out, "Status: %s (%s, rollgate exit %d)\n\n", word,
                      stats_verdict_name(doc->verdict), doc->exit_code);
}

/* A sequential design: how many replications the loads took of the most
 * it allowed, in one sentence. */
static void replications_note(const struct report_doc *doc, struct rg_buf *out)
{
        if (!doc->sequential.on || doc->n_loads < 1)
                return;
        int lo = doc->loads[0].replications, hi = lo;
        for (int li = 1; li < doc->n_loads; li++) {
                int n = doc->loads[li].replications;
                lo = n < lo ? n : lo;
                hi = n > hi ? n : hi;
        }
        rg_buf_puts(out, "Replications: a sequential design (");
        put_line(out, report_looks_spending(doc->sequential.spending));
        rg_buf_puts(out, " spending) stopped each load once its verdict was decided; the loads "
                         "used ");
        if (lo == hi)
                rg_buf_printf(out, "%d replications", lo);
        else
                rg_buf_printf(out, "%d to %d replications (%.3g on average)", lo, hi,
                              report_looks_mean_replications(doc));
        rg_buf_printf(out, " of at most %d.\n", doc->sequential.max_replications);
}

static void incomplete_note(const struct report_doc *doc, struct rg_buf *out)
{
        if (!doc->complete)
                rg_buf_puts(out, "This report is partial: the comparison was interrupted, and "
                                 "only the runs that finished are in it.\n");
}

/* The load to trace: the first whose verdict is the document's, else the
 * first with a rollback verdict (a load with a harness error next to an
 * emergency says nothing about the orchestrator). */
static int worst_load(const struct report_doc *doc)
{
        for (int li = 0; li < doc->n_loads; li++)
                if (doc->loads[li].verdict == doc->verdict)
                        return li;
        for (int li = 0; li < doc->n_loads; li++)
                if (is_rollback(doc->loads[li].verdict))
                        return li;
        return 0;
}

static void impact(const struct report_doc *doc, struct rg_buf *out)
{
        rg_buf_puts(out, "Impact:\n- Affected configs: ");
        put_line(out, doc->inputs.config[0] ? doc->inputs.config
                                            : "none named (the simulators' own settings)");
        rg_buf_puts(out, "\n- Affected loads:");
        int n = 0;
        for (int li = 0; li < doc->n_loads; li++) {
                const struct report_load *L = &doc->loads[li];
                if (!is_rollback(L->verdict))
                        continue;
                rg_buf_puts(out, n++ ? ", " : " ");
                put_exact(out, L->erlang);
                rg_buf_printf(out, " Erlang (%s", stats_verdict_name(L->verdict));
                for (int k = 0; k < REPORT_METRICS; k++) {
                        const struct report_metric *m = &L->metric[k];
                        if ((m->basis == STATS_BASIS_PAIRED || m->basis == STATS_BASIS_EXACT) &&
                            isfinite(m->deviation))
                                rg_buf_printf(out, ", %s %+.3f %s", report_metric_label(k),
                                              m->deviation, m->unit ? m->unit : "");
                        else if (m->basis == STATS_BASIS_EQUALITY && is_rollback(m->verdict))
                                put_triggered(doc, L, m, out);
                }
                for (int j = 0; j < L->n_declared; j++)
                        if (L->declared[j].primary && is_rollback(L->declared[j].verdict))
                                put_triggered(doc, L, &L->declared[j], out);
                rg_buf_putc(out, ')');
        }
        if (n == 0)
                rg_buf_puts(out, " none");
        rg_buf_puts(out, "\n- Runs: ");
        put_line(out, doc->timing.started[0] ? doc->timing.started : "start unknown");
        rg_buf_puts(out, " to ");
        put_line(out, doc->timing.finished[0] ? doc->timing.finished : "end unknown");
        /* a harness error leaves neither run of its pair */
        int harness = 0, failed = 0;
        struct report_failure f;
        for (int at = 0; report_failure_next(doc, &at, &f);) {
                if (f.run)
                        failed++;
                else
                        harness++;
        }
        if (doc->sequential.on)
                rg_buf_printf(out, "\n- Simulations: %d (%d replications over %d loads x 2 paths",
                              2 * (doc->n_pairs - harness), doc->n_pairs, doc->n_loads);
        else
                rg_buf_printf(out, "\n- Simulations: %d (%d loads x %d replications x 2 paths",
                              2 * (doc->n_pairs - harness), doc->n_loads, doc->inputs.n_seeds);
        if (harness)
                rg_buf_printf(out, ", less %d pair(s) the harness could not run", harness);
        rg_buf_printf(out, "), %d failed\n- Paths: ", failed);
        put_line(out, doc->inputs.legacy);
        rg_buf_puts(out, " vs ");
        put_line(out, doc->inputs.orchestrator);
        if (doc->inputs.inject[0]) {
                rg_buf_puts(out, ", fault injection ");
                put_line(out, doc->inputs.inject);
        }
        rg_buf_puts(out, "\n\n");
}

static bool builtin_paths(const struct report_doc *doc)
{
        return strncmp(doc->inputs.legacy, "builtin:", 8) == 0 &&
               strncmp(doc->inputs.orchestrator, "builtin:", 8) == 0;
}

/* `rollgate trace` for one (load, seed) of this comparison: its config,
 * requests, fault injection and paths, so that it replays the same runs. */
static void trace_command(const struct report_doc *doc, double erlang, double seed,
                          struct rg_buf *out)
{
        rg_buf_puts(out, "    ");
        put_shell_word(out, doc->tool[0] ? doc->tool : "rollgate");
        rg_buf_puts(out, " trace");
        if (doc->inputs.config[0]) {
                rg_buf_puts(out, " --config ");
                put_shell_word(out, doc->inputs.config);
        }
        rg_buf_puts(out, " --erlang ");
        put_exact(out, erlang);
        rg_buf_puts(out, " --seed ");
        put_exact(out, seed);
        if (doc->inputs.requests > 0) {
                rg_buf_puts(out, " --requests ");
                put_exact(out, doc->inputs.requests);
        }
        if (doc->inputs.inject[0]) {
                rg_buf_puts(out, " --inject ");
                put_shell_word(out, doc->inputs.inject);
        }
        if (strcmp(doc->inputs.legacy, "builtin:legacy") != 0) {
                rg_buf_puts(out, " --legacy ");
                put_shell_word(out, doc->inputs.legacy);
        }
        if (strcmp(doc->inputs.orchestrator, "builtin:orchestrator") != 0) {
                rg_buf_puts(out, " --orchestrator ");
                put_shell_word(out, doc->inputs.orchestrator);
        }
        rg_buf_putc(out, '\n');
}

/* The seed to trace at a load: the first whose orchestrator run failed,
 * else the load's first. */
static double trace_seed(const struct report_doc *doc, double erlang)
{
        double first = doc->inputs.n_seeds > 0 ? doc->inputs.seeds[0] : 1;
        bool have_first = false;
        for (int i = 0; i < doc->n_pairs; i++) {
                const struct report_pair *p = &doc->pairs[i];
                if (p->erlang != erlang || p->harness_error)
                        continue;
                const struct report_run *r = &p->run[REPORT_ORCHESTRATOR];
                if (!r->ok)
                        return r->seed;
                if (!have_first) {
                        first = r->seed;
                        have_first = true;
                }
        }
        return first;
}

static void root_cause(const struct report_doc *doc, struct rg_buf *out)
{
        rg_buf_puts(out, "Root cause:\n");
        int known = 0;
        struct report_failure f;
        for (int at = 0; report_failure_next(doc, &at, &f);) {
                if (f.role != REPORT_ORCHESTRATOR)
                        continue;
                const struct report_run *r = f.run;
                if (known++ == 0)
                        rg_buf_puts(out, "Known so far:\n");
                rg_buf_puts(out, "- the orchestrator run at ");
                put_exact(out, f.pair->erlang);
                rg_buf_puts(out, " Erlang, seed ");
                put_exact(out, r->seed);
                rg_buf_puts(out, " failed: ");
                put_line(out, r->error);
                if (r->has & REPORT_HAS_FAIL_REQUEST) {
                        rg_buf_puts(out, " (at request ");
                        put_exact(out, r->fail_request);
                        rg_buf_putc(out, ')');
                }
                rg_buf_putc(out, '\n');
        }
        const struct report_diagnosis *d = &doc->diagnosis;
        if (d->present) {
                rg_buf_puts(out, "The first request the two paths decide differently is request ");
                put_exact(out, d->request);
                rg_buf_puts(out, " at ");
                put_exact(out, d->erlang);
                rg_buf_puts(out, " Erlang, seed ");
                put_exact(out, d->seed);
                rg_buf_puts(out, ", after ");
                put_exact(out, d->compared);
                rg_buf_puts(out, " requests decided alike:\n    legacy:       ");
                put_line(out, d->decision[REPORT_LEGACY]);
                rg_buf_puts(out, "\n    orchestrator: ");
                put_line(out, d->decision[REPORT_ORCHESTRATOR]);
                rg_buf_puts(out, "\nTo see it with the requests before it:\n");
                trace_command(doc, d->erlang, d->seed, out);
        } else if (builtin_paths(doc) && doc->n_loads > 0) {
                double erlang = doc->loads[worst_load(doc)].erlang;
                rg_buf_puts(out, known ? "Where the paths first decide differently is not "
                                         "known yet.  To find it:\n"
                                       : "Not known yet.  To find the first request where the "
                                         "paths decide differently:\n");
                trace_command(doc, erlang, trace_seed(doc, erlang), out);
        } else {
                rg_buf_puts(out, known ? "Why is not known yet: " : "Not known yet: ");
                rg_buf_puts(out, "rollgate trace replays only its builtin paths; the logs of the "
                                 "affected runs are where to look.\n");
        }
        rg_buf_putc(out, '\n');
}

static void resolution(const struct report_doc *doc, struct rg_buf *out)
{
        const char *env = doc->action.rollback_env;
        const char *key = doc->action.rollback_config_key;
        rg_buf_puts(out, "Resolution:\n");
        if (doc->action.level == 1) {
                rg_buf_puts(out, "Level 1, immediate rollback by the environment: no deployment, "
                                 "but every simulation process must be restarted, and it "
                                 "switches the orchestrator off for every simulation on the "
                                 "machine.\n    export ");
                put_line(out,
                         env[0] ? env : "<the orchestrator's switch, not named in the report>");
                rg_buf_puts(out, "=0\nthen restart the simulation processes.  Target: rolled "
                                 "back within 5 minutes of this message, verified within 2 "
                                 "more.\n");
        } else if (doc->action.level == 2) {
                rg_buf_puts(out, "Level 2, planned rollback by configuration: in each affected "
                                 "config file set\n    ");
                put_line(out, key[0] ? key
                                     : "<the orchestrator's config key, not named in the "
                                       "report>");
                rg_buf_puts(out, " = false\nNew simulations start on the legacy path; those "
                                 "already running keep the orchestrator until they end.\n");
        }
        rg_buf_puts(out, "rollgate's action: ");
        put_line(out, doc->action.text);
        rg_buf_puts(out, "\n\n");
}

static void checklist_common(const struct report_doc *doc, struct rg_buf *out)
{
        rg_buf_puts(out, "Within 24 hours\n"
                         "  [ ] Legacy results agree with the historical data\n"
                         "  [ ] No user reports a problem\n"
                         "  [ ] Run times are normal\n"
                         "Before the orchestrator is switched on again\n"
                         "  [ ] The root cause is found\n"
                         "  [ ] A fix is made and tested\n"
                         "  [ ] rollgate compare passes on the affected configs (");
        put_line(out, doc->inputs.config[0] ? doc->inputs.config : "all of them");
        rg_buf_puts(out, ")\n"
                         "  [ ] The team approves\n\n");
}

static void affected_loads(const struct report_doc *doc, struct rg_buf *out)
{
        int n = 0;
        for (int li = 0; li < doc->n_loads; li++) {
                if (!is_rollback(doc->loads[li].verdict))
                        continue;
                rg_buf_puts(out, n++ ? ", " : "");
                put_exact(out, doc->loads[li].erlang);
        }
        if (n == 0)
                rg_buf_puts(out, "every load");
        rg_buf_puts(out, " Erlang");
}

static void next_steps(const struct report_doc *doc, struct rg_buf *out)
{
        const char *env =
            doc->action.rollback_env[0] ? doc->action.rollback_env : "the orchestrator's switch";
        const char *key = doc->action.rollback_config_key[0] ? doc->action.rollback_config_key
                                                             : "the orchestrator's config key";
        rg_buf_puts(out, "Next steps:\nRight after the rollback\n");
        if (doc->action.level == 1) {
                rg_buf_puts(out, "  [ ] The failing config runs cleanly with ");
                put_line(out, env);
                rg_buf_puts(out, "=0 (the fault is the orchestrator's)\n  [ ] ");
                put_line(out, env);
                rg_buf_puts(out, "=0 is exported for every simulation process, and each one "
                                 "was restarted\n"
                                 "  [ ] Simulations start, and their logs show the legacy path "
                                 "in use\n"
                                 "  [ ] No orchestrator errors appear in the logs any more\n"
                                 "  [ ] Legacy blocking at ");
                affected_loads(doc, out);
                rg_buf_puts(out, " is back at its expected level\n"
                                 "  [ ] An issue records the failure, the config and this "
                                 "report\n");
        } else {
                rg_buf_puts(out, "  [ ] ");
                put_line(out, key);
                rg_buf_puts(out, " = false is set in ");
                put_line(out, doc->inputs.config[0] ? doc->inputs.config : "each affected config");
                rg_buf_puts(out, ", and the change is in the change log\n"
                                 "  [ ] New simulations start, on the legacy path\n"
                                 "  [ ] Users are told, and the documentation says the "
                                 "orchestrator is off\n"
                                 "  [ ] Legacy blocking at ");
                affected_loads(doc, out);
                rg_buf_puts(out, " is back at its expected level\n"
                                 "  [ ] An investigation ticket holds the deviation and this "
                                 "report, is assigned, and has a priority by impact\n");
        }
        checklist_common(doc, out);
}

static void contact(const struct report_doc *doc, struct rg_buf *out)
{
        rg_buf_puts(out, "Contact:\nFor questions, ask ");
        if (doc->notification.team[0]) {
                rg_buf_puts(out, "the ");
                put_line(out, doc->notification.team);
                rg_buf_puts(out, " team");
        } else {
                rg_buf_puts(out, "the team that owns the orchestrator");
        }
        if (doc->notification.channel[0]) {
                rg_buf_puts(out, " in ");
                put_line(out, doc->notification.channel);
        }
        rg_buf_puts(out, " (project ");
        put_line(out, project(doc));
        rg_buf_puts(out, ").\n\n-- \n");
        put_line(out, doc->tool);
        rg_buf_putc(out, ' ');
        put_line(out, doc->version);
        rg_buf_printf(out, ", from the comparison report (schema %d)\n", doc->schema_version);
}

static void rollback(const struct report_doc *doc, struct rg_buf *out)
{
        rg_buf_puts(out, "Summary:\nThe orchestrator has to be rolled back to the legacy path");
        if (doc->action.level == 1 || doc->action.level == 2)
                rg_buf_printf(out, " (Level %d)", doc->action.level);
        rg_buf_puts(out, ": ");
        put_line(out, doc->reason);
        rg_buf_puts(out, "\n");
        characterisation(doc, out);
        replications_note(doc, out);
        incomplete_note(doc, out);
        rg_buf_putc(out, '\n');
        impact(doc, out);
        root_cause(doc, out);
        resolution(doc, out);
        next_steps(doc, out);
}

/* What failed: harness errors and failed runs of either path. */
static void failures(const struct report_doc *doc, struct rg_buf *out)
{
        struct report_failure f;
        for (int at = 0, n = 0; report_failure_next(doc, &at, &f);) {
                if (n++ == 0)
                        rg_buf_puts(out, "What failed:\n");
                rg_buf_puts(out, "- ");
                put_exact(out, f.pair->erlang);
                if (f.run == NULL) {
                        rg_buf_printf(
                            out, " Erlang, replication %d: harness error: ", f.pair->replication);
                        put_line(out, f.pair->harness_error);
                } else {
                        rg_buf_printf(out, " Erlang, replication %d, seed ", f.pair->replication);
                        put_exact(out, f.run->seed);
                        rg_buf_printf(out, ": %s run failed: ", report_format_role(f.role));
                        put_line(out, f.run->error);
                }
                rg_buf_putc(out, '\n');
        }
}

static void no_rollback(const struct report_doc *doc, struct rg_buf *out)
{
        rg_buf_puts(out, "Summary:\n");
        if (doc->verdict == STATS_HARNESS_ERROR)
                rg_buf_puts(out, "No rollback is needed on the strength of this run, and no "
                                 "conclusion about the orchestrator can be drawn from it: the "
                                 "harness or the legacy path failed.  Fix the harness, then "
                                 "run the comparison again.\n");
        else if (doc->verdict == STATS_INCONCLUSIVE)
                rg_buf_puts(out, "No rollback is needed yet: the comparison could not decide "
                                 "yet; more replications will.\n");
        else if (doc->verdict == STATS_MONITOR)
                rg_buf_puts(out, "No rollback is needed: the orchestrator's results agree with "
                                 "the legacy path, but it is significantly slower; watch its "
                                 "run times.\n");
        else
                rg_buf_puts(out, "No rollback is needed: the orchestrator's results agree with "
                                 "the legacy path.\n");
        rg_buf_puts(out, "Why: ");
        put_line(out, doc->reason);
        rg_buf_putc(out, '\n');
        characterisation(doc, out);
        rg_buf_puts(out, "Action: ");
        put_line(out, doc->action.text);
        rg_buf_putc(out, '\n');
        replications_note(doc, out);
        incomplete_note(doc, out);
        if (doc->verdict == STATS_HARNESS_ERROR)
                failures(doc, out);
        rg_buf_putc(out, '\n');
}

static int render(const struct report_doc *doc, const struct report_render_opts *opts,
                  struct rg_buf *out, struct rg_errbuf *eb)
{
        (void)opts;
        (void)eb;
        subject(doc, out);
        status(doc, out);
        if (is_rollback(doc->verdict))
                rollback(doc, out);
        else
                no_rollback(doc, out);
        contact(doc, out);
        return rg_buf_failed(out) ? RG_NOMEM : RG_OK;
}

const struct report_renderer_ops report_notification_ops = {
    .name = "notification",
    .extension = ".txt",
    .render = render,
};
