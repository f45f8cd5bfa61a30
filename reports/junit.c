/*
 * JUnit XML as Jenkins and GitLab read it (tests/reports/junit.xsd is the
 * shape, checked by tests/reports/check_junit.sh):
 *
 *   <testsuites>              counts over every suite
 *     <testsuite "erlang E">  one per load: properties (the load's verdict,
 *                             thresholds, confidence, seeds, each declared
 *                             metric...), a testcase per metric (BP, BBP),
 *                             per declared metric ("metric NAME", and
 *                             "metric trace_hash" with --exact) and per
 *                             secondary check (block reasons, modulations,
 *                             route length, hops, bias, performance), and
 *                             system-out with
 *                             the load's reason, flags and failed runs (and
 *                             with a sequential design where the load
 *                             stopped and a line per look)
 *     <testsuite "all loads"> the overall verdict, reason and action
 *                             (system-out, with the --exact
 *                             characterisation), the run time over all
 *                             runs, and whether the report is complete
 *
 * How a verdict shows: PLANNED_ROLLBACK and EMERGENCY_ROLLBACK are a
 * <failure> (type = the verdict, message = the reason); HARNESS_ERROR is an
 * <error>, JUnit's word for "the test could not run": it says nothing about
 * the orchestrator.  PASS, MONITOR and INCONCLUSIVE pass: none of them says
 * the orchestrator's results are wrong (MONITOR: slower; INCONCLUSIVE: not
 * decided yet), and a CI dashboard counts a failed testcase as a
 * regression; whether the job fails stays with rollgate's exit code.  Their
 * verdict is the first word of the testcase's system-out and the suite's
 * "verdict" property.  A check that was not made is <skipped> with the
 * reason.  Secondary checks never fail: they do not change the verdict; nor
 * does a secondary declared metric, whose verdict only flags its load.  A
 * load's or the comparison's failing verdict that no testcase shows gets a
 * "verdict" testcase of its own, so that it is never lost.
 *
 * The declared metrics' properties and testcases and the --exact
 * characterisation are junit_metrics.c's.
 */
#include "render.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "failures.h"
#include "format.h"
#include "junit_metrics.h"
#include "looks.h"

enum outcome { CASE_PASS, CASE_FAILURE, CASE_ERROR, CASE_SKIPPED };

struct totals {
        int tests, failures, errors, skipped;
        bool nomem;
};

static enum outcome verdict_outcome(enum stats_verdict v)
{
        switch (v) {
        case STATS_PLANNED_ROLLBACK:
        case STATS_EMERGENCY_ROLLBACK:
                return CASE_FAILURE;
        case STATS_HARNESS_ERROR:
                return CASE_ERROR;
        case STATS_PASS:
        case STATS_MONITOR:
        case STATS_INCONCLUSIVE:
                break;
        }
        return CASE_PASS;
}

/* An attribute value: XML parsers turn a line break in one into a space
 * anyway (attribute-value normalisation), so it is written as one.  The
 * text between breaks goes to report_put_xml in pieces cut between
 * characters (a UTF-8 character has at most 3 continuation bytes), so that
 * a valid character is never split into two invalid ones. */
static void put_attr(struct rg_buf *out, const char *s)
{
        char piece[260];
        size_t n = 0;
        for (const char *p = s;; p++) {
                bool brk = *p == '\n' || *p == '\r' || *p == '\t';
                bool boundary = ((unsigned char)*p & 0xC0) != 0x80;
                if (*p == '\0' || brk || (n >= sizeof(piece) - 5 && boundary) ||
                    n == sizeof(piece) - 1) {
                        piece[n] = '\0';
                        report_put_xml(out, piece);
                        n = 0;
                }
                if (*p == '\0')
                        return;
                if (brk)
                        rg_buf_putc(out, ' ');
                else
                        piece[n++] = *p;
        }
}

static void num_text(char *s, size_t cap, double v)
{
        report_format_exact(s, cap, v, "n/a");
}

/* Seconds as xs:decimal (no exponent, never negative or NaN). */
static void put_seconds(struct rg_buf *out, double s)
{
        rg_buf_printf(out, "%.6f", isfinite(s) && s > 0 ? s : 0.0);
}

/* "n/a" for NaN, "-inf" / "+inf" for an unbounded interval's end */
const struct report_nonfinite report_junit_words = {"n/a", "-inf", "+inf"};

/* A figure of the free text. */
static void put_fig(struct rg_buf *b, const char *fmt, double v)
{
        report_format_put_figure(b, fmt, v, &report_junit_words);
}

static void add_case(struct report_junit_suite *s, const char *classname, const char *name,
                     enum outcome o, const char *type, const char *message,
                     const struct rg_buf *text)
{
        struct rg_buf *b = &s->cases;
        bool sysout = o == CASE_PASS && text && text->len;
        s->tests++;
        s->nomem |= text && rg_buf_failed(text);
        rg_buf_puts(b, "    <testcase name=\"");
        put_attr(b, name);
        rg_buf_puts(b, "\" classname=\"");
        put_attr(b, classname);
        rg_buf_puts(b, "\" time=\"0\"");
        if (o == CASE_PASS && !sysout) {
                rg_buf_puts(b, "/>\n");
                return;
        }
        rg_buf_puts(b, ">\n");
        switch (o) {
        case CASE_PASS:
                rg_buf_puts(b, "      <system-out>");
                report_put_xml(b, rg_buf_text(text));
                rg_buf_puts(b, "</system-out>\n");
                break;
        case CASE_SKIPPED:
                s->skipped++;
                rg_buf_puts(b, "      <skipped message=\"");
                put_attr(b, message);
                rg_buf_puts(b, "\"/>\n");
                break;
        case CASE_FAILURE:
        case CASE_ERROR: {
                const char *tag = o == CASE_FAILURE ? "failure" : "error";
                if (o == CASE_FAILURE)
                        s->failures++;
                else
                        s->errors++;
                rg_buf_printf(b, "      <%s message=\"", tag);
                put_attr(b, message);
                rg_buf_puts(b, "\" type=\"");
                put_attr(b, type);
                rg_buf_puts(b, "\">");
                report_put_xml(b, rg_buf_text(text));
                rg_buf_printf(b, "</%s>\n", tag);
                break;
        }
        }
        rg_buf_puts(b, "    </testcase>\n");
}

void report_junit_verdict_case(struct report_junit_suite *s, const char *classname,
                               const char *name, enum stats_verdict v, const char *reason,
                               const struct rg_buf *text)
{
        enum outcome o = verdict_outcome(v);
        if (o != CASE_PASS)
                s->shown |= 1u << v;
        add_case(s, classname, name, o, stats_verdict_name(v), reason, text);
}

void report_junit_pass_case(struct report_junit_suite *s, const char *classname, const char *name,
                            const struct rg_buf *text)
{
        add_case(s, classname, name, CASE_PASS, NULL, NULL, text);
}

void report_junit_property(struct rg_buf *b, const char *name, const char *value)
{
        rg_buf_puts(b, "      <property name=\"");
        put_attr(b, name);
        rg_buf_puts(b, "\" value=\"");
        put_attr(b, value);
        rg_buf_puts(b, "\"/>\n");
}

static void property_num(struct rg_buf *b, const char *name, double v)
{
        char s[40];
        num_text(s, sizeof(s), v);
        report_junit_property(b, name, s);
}

/* The figures every suite is judged by. */
static void common_properties(const struct report_doc *doc, struct rg_buf *b)
{
        report_junit_property(b, "config", doc->inputs.config);
        report_junit_property(b, "legacy", doc->inputs.legacy);
        report_junit_property(b, "orchestrator", doc->inputs.orchestrator);
        if (doc->inputs.inject[0])
                report_junit_property(b, "inject", doc->inputs.inject);
        report_junit_property(
            b, "deviation", doc->policy.deviation == STATS_DEV_RELATIVE ? "relative" : "absolute");
        report_junit_property(b, "direction",
                              doc->policy.direction == STATS_DIR_INCREASE ? "increase" : "either");
        report_junit_property(b, "unit", report_format_unit(doc));
        property_num(b, "t1", doc->policy.t1);
        property_num(b, "t2", doc->policy.t2);
        property_num(b, "confidence", doc->policy.confidence);
        property_num(b, "decision_level", doc->policy.decision_level);
        property_num(b, "holm_tests", doc->policy.holm_tests);
        property_num(b, "perf_threshold", doc->policy.perf_threshold);
        property_num(b, "low_signal_blocked", doc->policy.low_signal_blocked);
        property_num(b, "requests", doc->inputs.requests);
        rg_buf_puts(b, "      <property name=\"seeds\" value=\"");
        for (int i = 0; i < doc->inputs.n_seeds; i++) {
                char s[40];
                num_text(s, sizeof(s), doc->inputs.seeds[i]);
                rg_buf_printf(b, "%s%s", i ? "," : "", s);
        }
        rg_buf_puts(b, "\"/>\n");
        report_junit_property(b, "paired", doc->inputs.paired ? "true" : "false");
        report_junit_declared_properties(doc, b);
}

/* The run's start as the schema's timestamp (local date and time, no zone:
 * ours are UTC), or false when `started` is not an ISO 8601 time. */
static bool timestamp(const char *started, char out[20])
{
        static const char shape[] = "dddd-dd-ddTdd:dd:dd";
        for (size_t i = 0; i < sizeof(shape) - 1; i++) {
                if (shape[i] == 'd' ? !isdigit((unsigned char)started[i]) : started[i] != shape[i])
                        return false;
        }
        memcpy(out, started, 19);
        out[19] = '\0';
        return true;
}

/* Writes one suite (its cases were collected in `s`) and adds it to the
 * totals; frees the cases. */
static void write_suite(const struct report_doc *doc, const char *name, double seconds,
                        const struct rg_buf *props, const struct rg_buf *sysout,
                        struct report_junit_suite *s, struct rg_buf *out, struct totals *t)
{
        rg_buf_puts(out, "  <testsuite name=\"");
        put_attr(out, name);
        rg_buf_printf(out, "\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"",
                      s->tests, s->failures, s->errors, s->skipped);
        put_seconds(out, seconds);
        rg_buf_putc(out, '"');
        char ts[20];
        if (timestamp(doc->timing.started, ts))
                rg_buf_printf(out, " timestamp=\"%s\"", ts);
        if (doc->timing.host[0]) {
                rg_buf_puts(out, " hostname=\"");
                put_attr(out, doc->timing.host);
                rg_buf_putc(out, '"');
        }
        rg_buf_puts(out, ">\n    <properties>\n");
        rg_buf_put(out, rg_buf_text(props), props->len);
        rg_buf_puts(out, "    </properties>\n");
        rg_buf_put(out, rg_buf_text(&s->cases), s->cases.len);
        rg_buf_puts(out, "    <system-out>");
        report_put_xml(out, rg_buf_text(sysout));
        rg_buf_puts(out, "</system-out>\n  </testsuite>\n");
        t->tests += s->tests;
        t->failures += s->failures;
        t->errors += s->errors;
        t->skipped += s->skipped;
        t->nomem |=
            s->nomem || rg_buf_failed(props) || rg_buf_failed(sysout) || rg_buf_failed(&s->cases);
        rg_buf_finish(&s->cases);
}

static void metric_text(const struct report_doc *doc, const struct report_load *L,
                        const struct report_metric *m, struct rg_buf *b)
{
        char conf[16], label[120];
        report_format_level(conf, sizeof(conf), doc->policy.confidence);
        report_looks_interval_label(doc, label, sizeof(label));
        rg_buf_printf(b, "%s: %s\n", stats_verdict_name(m->verdict), m->reason);
        if (m->have_stats) {
                const struct report_summary *s[REPORT_ROLES] = {&m->legacy, &m->orchestrator};
                for (int role = 0; role < REPORT_ROLES; role++) {
                        rg_buf_puts(b, role ? ", orchestrator " : "legacy ");
                        put_fig(b, "%.3f", s[role]->mean);
                        rg_buf_puts(b, " % [");
                        put_fig(b, "%.3f", s[role]->lo);
                        rg_buf_puts(b, ", ");
                        put_fig(b, "%.3f", s[role]->hi);
                        rg_buf_putc(b, ']');
                }
                rg_buf_printf(b, " (%s %% CI), p ", conf);
                put_fig(b, "%.3g", m->p_value);
                rg_buf_putc(b, '\n');
        }
        switch (m->basis) {
        case STATS_BASIS_FAILED:
                rg_buf_puts(b, "no statistics: a run failed\n");
                break;
        case STATS_BASIS_UNAVAILABLE:
                rg_buf_puts(b, "no statistics: a path did not report the metric\n");
                break;
        case STATS_BASIS_IDENTICAL:
                rg_buf_puts(b, "every replication identical on both paths\n");
                break;
        case STATS_BASIS_EQUALITY:
        case STATS_BASIS_RATIO:
                report_format_put_decided(b, doc, L, m, &report_junit_words);
                rg_buf_putc(b, '\n');
                break;
        case STATS_BASIS_PAIRED:
        case STATS_BASIS_EXACT:
                rg_buf_puts(b, "deviation ");
                put_fig(b, "%+.3f", m->deviation);
                rg_buf_printf(b, " %s, %s [", m->unit ? m->unit : "", label);
                put_fig(b, "%+.3f", m->dev_lo);
                rg_buf_puts(b, ", ");
                put_fig(b, "%+.3f", m->dev_hi);
                rg_buf_printf(b, "] (%s)\n", stats_basis_name(m->basis));
                break;
        }
        if (m->claim)
                rg_buf_printf(b, "rollback claim: p %.3g, Holm-adjusted p %.3g\n", m->p_claim,
                              m->p_holm);
        if (m->emergency_not_excluded)
                rg_buf_puts(b, "emergency not excluded: the interval reaches T2\n");
        if (m->replications_needed > 0)
                rg_buf_printf(b, "replications needed to decide: %.0f\n", m->replications_needed);
        if (m->requests_needed > 0)
                rg_buf_printf(b, "requests per run needed to decide: %.0f\n", m->requests_needed);
}

static void chisq_case(struct report_junit_suite *s, const char *cls, const char *name,
                       const struct report_chisq *c)
{
        struct rg_buf b;
        rg_buf_init(&b);
        if (c->tested) {
                rg_buf_printf(&b, "chi-square %.4g, df %g, p %.3g, dispersion %.3g\n", c->statistic,
                              c->df, c->p_value, c->dispersion);
                report_junit_pass_case(s, cls, name, &b);
        } else {
                add_case(s, cls, name, CASE_SKIPPED, NULL,
                         "not tested at this load (see the load's N/A flags)", &b);
        }
        rg_buf_finish(&b);
}

static void perf_case(const struct report_doc *doc, struct report_junit_suite *s, const char *cls,
                      const char *name, const struct report_perf *p)
{
        struct rg_buf b;
        rg_buf_init(&b);
        if (p == NULL || !p->computed) {
                add_case(s, cls, name, CASE_SKIPPED, NULL, "run time not compared", &b);
                rg_buf_finish(&b);
                return;
        }
        char dec[16], thr[16];
        report_format_level(dec, sizeof(dec), doc->policy.decision_level);
        report_format_level(thr, sizeof(thr), doc->policy.perf_threshold);
        enum stats_verdict v = p->slower ? STATS_MONITOR : STATS_PASS;
        rg_buf_printf(
            &b,
            "%s: orchestrator/legacy run time %.3f, %s %% decision interval [%.3f, %.3f]; "
            "%s by more than %s %%\n",
            stats_verdict_name(v), p->ratio, dec, p->lo, p->hi,
            p->slower ? "significantly slower" : "not significantly slower", thr);
        report_junit_verdict_case(s, cls, name, v, "", &b);
        rg_buf_finish(&b);
}

/* classname "rollgate.erlang_300_5": Jenkins reads the last dot as the
 * package / class split, so a load's own dot must not be one. */
static void classname(char *out, size_t cap, double erlang)
{
        char e[40];
        num_text(e, sizeof(e), erlang);
        for (char *p = e; *p; p++)
                if (!isalnum((unsigned char)*p))
                        *p = '_';
        snprintf(out, cap, "rollgate.erlang_%s", e);
}

static void pair_lines(const struct report_doc *doc, double erlang, struct rg_buf *b)
{
        struct report_failure f;
        for (int at = 0; report_failure_next(doc, &at, &f);) {
                if (f.pair->erlang != erlang)
                        continue;
                if (f.run == NULL) {
                        rg_buf_printf(b, "harness error at replication %d: %s\n",
                                      f.pair->replication, f.pair->harness_error);
                        continue;
                }
                char seed[40];
                num_text(seed, sizeof(seed), f.run->seed);
                rg_buf_printf(b, "%s run failed at replication %d, seed %s: %s\n",
                              report_format_role(f.role), f.pair->replication, seed, f.run->error);
        }
}

static double load_seconds(const struct report_doc *doc, double erlang)
{
        double sum = 0;
        for (int i = 0; i < doc->n_pairs && doc->timing.run_seconds; i++) {
                if (doc->pairs[i].erlang != erlang)
                        continue;
                /* stream generation, legacy wall, orchestrator wall */
                const double *s = doc->timing.run_seconds[i];
                for (int k = 0; k < 5; k++)
                        if ((k == 0 || k == 3 || k == 4) && isfinite(s[k]) && s[k] > 0)
                                sum += s[k];
        }
        return sum;
}

/* A sequential design's looks of a load: properties a dashboard can key on
 * (replications, looks, why it stopped) and a line per look in system-out.
 * Looks are not testcases: a look's verdict is not the load's. */
static void looks_text(const struct report_doc *doc, const struct report_load *L,
                       struct rg_buf *props, struct rg_buf *sysout)
{
        char stop[120];
        property_num(props, "replications", L->replications);
        property_num(props, "sequential_looks", L->n_looks);
        report_junit_property(props, "sequential_stopped", L->stopped ? L->stopped : "");
        report_looks_stop(doc, L, stop, sizeof(stop));
        rg_buf_printf(sysout, "sequential: %s\n", stop);
        for (int j = 0; j < L->n_looks; j++) {
                const struct report_look *lk = &L->looks[j];
                rg_buf_printf(sysout, "look %d: %d replications, nominal level ", j + 1,
                              lk->replications);
                put_fig(sysout, "%.3g", lk->nominal);
                rg_buf_puts(sysout, ", alpha spent ");
                put_fig(sysout, "%.3g", lk->spent);
                for (int k = 0; k < REPORT_METRICS; k++) {
                        const struct report_look_metric *m = &lk->metric[k];
                        rg_buf_printf(sysout, ", %s ", report_metric_label(k));
                        if (m->basis == STATS_BASIS_FAILED || m->basis == STATS_BASIS_UNAVAILABLE) {
                                rg_buf_puts(sysout, stats_basis_name(m->basis));
                                continue;
                        }
                        rg_buf_putc(sysout, '[');
                        put_fig(sysout, "%+.3f", m->lo);
                        rg_buf_puts(sysout, ", ");
                        put_fig(sysout, "%+.3f", m->hi);
                        rg_buf_printf(sysout, "] %s", report_format_unit(doc));
                }
                rg_buf_printf(sysout, ": %s\n", stats_verdict_name(lk->verdict));
        }
}

/* Returns the verdicts the suite fails with (bit v for verdict v). */
static unsigned load_suite(const struct report_doc *doc, int li, struct rg_buf *out,
                           struct totals *t)
{
        const struct report_load *L = &doc->loads[li];
        const struct report_secondary *sec = &L->secondary;
        char cls[64], name[64], e[40];
        classname(cls, sizeof(cls), L->erlang);
        num_text(e, sizeof(e), L->erlang);
        snprintf(name, sizeof(name), "erlang %s", e);

        struct report_junit_suite s = {0};
        struct rg_buf b;
        rg_buf_init(&s.cases);
        for (int k = 0; k < REPORT_METRICS; k++) {
                const struct report_metric *m = &L->metric[k];
                rg_buf_init(&b);
                metric_text(doc, L, m, &b);
                report_junit_verdict_case(&s, cls, report_metric_label(k), m->verdict, m->reason,
                                          &b);
                rg_buf_finish(&b);
        }
        report_junit_declared_cases(doc, L, cls, &s);
        chisq_case(&s, cls, "block reasons", &sec->block_reasons);
        chisq_case(&s, cls, "modulations", &sec->modulations);
        rg_buf_init(&b);
        if (sec->have_length) {
                rg_buf_printf(&b, "mean route length (orchestrator - legacy) / legacy: %+.2f %%\n",
                              100 * sec->length_rel);
                report_junit_pass_case(&s, cls, "route length", &b);
        } else {
                add_case(&s, cls, "route length", CASE_SKIPPED, NULL, "not reported by a path", &b);
        }
        rg_buf_finish(&b);
        rg_buf_init(&b);
        if (sec->have_hops) {
                rg_buf_printf(&b, "mean hops orchestrator - legacy: %+.3f\n", sec->hops_diff);
                report_junit_pass_case(&s, cls, "hops", &b);
        } else {
                add_case(&s, cls, "hops", CASE_SKIPPED, NULL, "not reported by a path", &b);
        }
        rg_buf_finish(&b);
        rg_buf_init(&b);
        if (sec->have_bias) {
                rg_buf_printf(&b,
                              "orchestrator blocking higher in %g, lower in %g, tied in %g paired "
                              "runs (sign test p %.3g)\n",
                              sec->bias_higher, sec->bias_lower, sec->bias_ties, sec->bias_p);
                report_junit_pass_case(&s, cls, "bias", &b);
        } else {
                add_case(&s, cls, "bias", CASE_SKIPPED, NULL, "not tested: no paired run differed",
                         &b);
        }
        rg_buf_finish(&b);
        perf_case(doc, &s, cls, "performance", doc->timing.perf ? &doc->timing.perf[li] : NULL);
        /* a load verdict that none of its checks shows (none does in
         * rollgate today) must still fail the suite */
        if (verdict_outcome(L->verdict) != CASE_PASS && !(s.shown & 1u << L->verdict)) {
                rg_buf_init(&b);
                rg_buf_printf(&b, "%s: %s\n", stats_verdict_name(L->verdict), L->reason);
                report_junit_verdict_case(&s, cls, "verdict", L->verdict, L->reason, &b);
                rg_buf_finish(&b);
        }

        struct rg_buf props, sysout;
        rg_buf_init(&props);
        rg_buf_init(&sysout);
        property_num(&props, "erlang", L->erlang);
        report_junit_property(&props, "verdict", stats_verdict_name(L->verdict));
        report_junit_property(&props, "identical", L->identical ? "true" : "false");
        report_junit_property(&props, "low_signal", L->low_signal ? "true" : "false");
        if (isfinite(L->resolution_pp))
                property_num(&props, "resolution_pp", L->resolution_pp);
        common_properties(doc, &props);
        rg_buf_printf(&sysout, "%s: %s\n", stats_verdict_name(L->verdict), L->reason);
        if (L->resolution_warning)
                rg_buf_printf(&sysout,
                              "WARN: %d replications can only resolve +-%.2f pp at this spread\n",
                              L->replications, L->resolution_pp);
        for (int f = 0; f < L->n_flags; f++)
                rg_buf_printf(&sysout, "%s\n", L->flags[f]);
        if (doc->sequential.on)
                looks_text(doc, L, &props, &sysout);
        pair_lines(doc, L->erlang, &sysout);
        write_suite(doc, name, load_seconds(doc, L->erlang), &props, &sysout, &s, out, t);
        rg_buf_finish(&props);
        rg_buf_finish(&sysout);
        return s.shown;
}

/* The verdict over all loads; `shown`: the verdicts the load suites fail
 * with. */
static void overall_suite(const struct report_doc *doc, unsigned shown, struct rg_buf *out,
                          struct totals *t)
{
        const char *cls = "rollgate.all_loads";
        struct report_junit_suite s = {0};
        struct rg_buf b;
        rg_buf_init(&s.cases);
        perf_case(doc, &s, cls, "performance (all runs)", &doc->timing.pooled);
        rg_buf_init(&b);
        if (doc->complete) {
                report_junit_pass_case(&s, cls, "report complete", &b);
        } else {
                rg_buf_puts(&b, "the comparison was interrupted: only the runs that finished "
                                "are in this report\n");
                add_case(&s, cls, "report complete", CASE_ERROR, "INCOMPLETE",
                         "the comparison was interrupted: the report is partial", &b);
        }
        rg_buf_finish(&b);
        if (verdict_outcome(doc->verdict) != CASE_PASS && !(shown & 1u << doc->verdict)) {
                rg_buf_init(&b);
                rg_buf_printf(&b, "%s: %s\n", stats_verdict_name(doc->verdict), doc->reason);
                report_junit_verdict_case(&s, cls, "verdict", doc->verdict, doc->reason, &b);
                rg_buf_finish(&b);
        }

        struct rg_buf props, sysout;
        rg_buf_init(&props);
        rg_buf_init(&sysout);
        report_junit_property(&props, "verdict", stats_verdict_name(doc->verdict));
        property_num(&props, "exit_code", doc->exit_code);
        property_num(&props, "action_level", doc->action.level);
        report_junit_property(&props, "complete", doc->complete ? "true" : "false");
        report_junit_property(&props, "tool", doc->tool);
        report_junit_property(&props, "version", doc->version);
        property_num(&props, "schema_version", doc->schema_version);
        report_junit_property(&props, "started", doc->timing.started);
        report_junit_property(&props, "finished", doc->timing.finished);
        const struct report_sequential *sq = &doc->sequential;
        if (sq->on) {
                report_junit_property(&props, "sequential_spending", sq->spending);
                property_num(&props, "sequential_batch", sq->batch);
                property_num(&props, "sequential_max_replications", sq->max_replications);
        }
        common_properties(doc, &props);
        rg_buf_printf(&sysout, "VERDICT: %s (exit %d)\nreason: %s\naction: %s\n",
                      stats_verdict_name(doc->verdict), doc->exit_code, doc->reason,
                      doc->action.text);
        report_junit_characterisation(doc, &sysout);
        if (sq->on) {
                char design[200];
                report_looks_design(doc, design, sizeof(design));
                rg_buf_printf(&sysout, "sequential design: %s\n", design);
        }
        const struct report_diagnosis *d = &doc->diagnosis;
        if (d->present) {
                char e[40], seed[40], req[40];
                num_text(e, sizeof(e), d->erlang);
                num_text(seed, sizeof(seed), d->seed);
                num_text(req, sizeof(req), d->request);
                rg_buf_printf(&sysout,
                              "first diverging request: %s at erlang %s, seed %s: legacy %s, "
                              "orchestrator %s\n",
                              req, e, seed, d->decision[REPORT_LEGACY],
                              d->decision[REPORT_ORCHESTRATOR]);
        }
        write_suite(doc, "all loads", 0, &props, &sysout, &s, out, t);
        rg_buf_finish(&props);
        rg_buf_finish(&sysout);
}

static int render(const struct report_doc *doc, const struct report_render_opts *opts,
                  struct rg_buf *out, struct rg_errbuf *eb)
{
        (void)opts;
        (void)eb;
        struct totals t = {0};
        struct rg_buf suites;
        rg_buf_init(&suites);
        unsigned shown = 0;
        for (int li = 0; li < doc->n_loads; li++)
                shown |= load_suite(doc, li, &suites, &t);
        overall_suite(doc, shown, &suites, &t);
        rg_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        rg_buf_printf(out,
                      "<testsuites name=\"rollgate\" tests=\"%d\" failures=\"%d\" errors=\"%d\" "
                      "skipped=\"%d\" time=\"",
                      t.tests, t.failures, t.errors, t.skipped);
        put_seconds(out, doc->timing.wall_seconds);
        rg_buf_puts(out, "\">\n");
        rg_buf_put(out, rg_buf_text(&suites), suites.len);
        rg_buf_puts(out, "</testsuites>\n");
        bool nomem = t.nomem || rg_buf_failed(&suites);
        rg_buf_finish(&suites);
        return nomem || rg_buf_failed(out) ? RG_NOMEM : RG_OK;
}

const struct report_renderer_ops report_junit_ops = {
    .name = "junit",
    .extension = ".xml",
    .render = render,
};
