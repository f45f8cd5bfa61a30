/*
 * GitHub-flavoured Markdown (a pull-request comment or $GITHUB_STEP_SUMMARY):
 * the verdict line, the reason and the action first (and the --exact
 * characterisation), then one table per metric, the declared metrics with
 * a row per load and metric, the verdict of each load with its flags, the
 * looks of a sequential design, secondary checks, failed runs, run time,
 * and the inputs folded away in a <details> block.  The declared metrics
 * and the --exact characterisation are markdown_metrics.c's.
 *
 * Every text that comes from the document goes through report_put_md_cell,
 * in a table or not: a reason is free text (it quotes simulators' errors),
 * and a line break or a | in it must not end a paragraph or split a row.
 */
#include "render.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "failures.h"
#include "format.h"
#include "looks.h"
#include "markdown_metrics.h"

static bool is_failure(enum stats_verdict v)
{
        return v == STATS_PLANNED_ROLLBACK || v == STATS_EMERGENCY_ROLLBACK ||
               v == STATS_HARNESS_ERROR;
}

/* an interval's end */
const struct report_nonfinite report_markdown_bound_words = {"n/a", "−∞", "+∞"};

static void put_exact(struct rg_buf *out, double v)
{
        report_format_put_exact(out, v, "n/a");
}

static void put_summary(struct rg_buf *out, bool have, const struct report_summary *s)
{
        if (!have || !isfinite(s->mean)) {
                rg_buf_puts(out, "n/a");
                return;
        }
        char lo[32], hi[32];
        snprintf(lo, sizeof(lo), isfinite(s->lo) ? "%.3f" : "n/a", s->lo);
        snprintf(hi, sizeof(hi), isfinite(s->hi) ? "%.3f" : "n/a", s->hi);
        rg_buf_printf(out, "%.3f [%s, %s]", s->mean, lo, hi);
}

static void put_interval(struct rg_buf *out, double lo, double hi, const char *unit)
{
        if (isinf(lo) && isinf(hi)) {
                rg_buf_puts(out, "unbounded");
                return;
        }
        rg_buf_putc(out, '[');
        report_format_put_figure(out, "%+.3f", lo, &report_markdown_bound_words);
        rg_buf_puts(out, ", ");
        report_format_put_figure(out, "%+.3f", hi, &report_markdown_bound_words);
        rg_buf_putc(out, ']');
        if (unit) {
                rg_buf_putc(out, ' ');
                report_put_md_cell(out, unit);
        }
}

static void put_deviation(struct rg_buf *out, const struct report_metric *m)
{
        switch (m->basis) {
        case STATS_BASIS_FAILED:
                rg_buf_puts(out, "failed");
                return;
        case STATS_BASIS_UNAVAILABLE:
                rg_buf_puts(out, "unavailable");
                return;
        case STATS_BASIS_IDENTICAL:
                rg_buf_puts(out, "identical");
                return;
        case STATS_BASIS_RATIO:
                /* a ratio, not a difference: orchestrator / legacy */
                if (m->perf_computed && isfinite(m->perf_ratio))
                        rg_buf_printf(out, "× %.3f", m->perf_ratio);
                else
                        rg_buf_puts(out, "n/a");
                return;
        case STATS_BASIS_EQUALITY: /* the mean deviation, as the comparison states it */
        case STATS_BASIS_PAIRED:
        case STATS_BASIS_EXACT:
                break;
        }
        if (!isfinite(m->deviation)) {
                rg_buf_puts(out, "n/a");
                return;
        }
        rg_buf_printf(out, "%+.3f", m->deviation);
        if (m->unit) {
                rg_buf_putc(out, ' ');
                report_put_md_cell(out, m->unit);
        }
}

static void put_decision(struct rg_buf *out, const struct report_doc *doc,
                         const struct report_load *L, const struct report_metric *m)
{
        switch (m->basis) {
        case STATS_BASIS_FAILED:
                rg_buf_puts(out, "failed: a run failed");
                return;
        case STATS_BASIS_UNAVAILABLE:
                rg_buf_puts(out, "unavailable: not reported by a path");
                return;
        case STATS_BASIS_IDENTICAL:
                /* the rule-of-three bound that identical runs leave */
                rg_buf_puts(out, "identical runs");
                if (m->unit && !isnan(m->dev_lo) && !isnan(m->dev_hi)) {
                        rg_buf_puts(out, ", within ");
                        put_interval(out, m->dev_lo, m->dev_hi, m->unit);
                }
                return;
        case STATS_BASIS_PAIRED:
                put_interval(out, m->dev_lo, m->dev_hi, m->unit);
                return;
        case STATS_BASIS_EXACT:
                put_interval(out, m->dev_lo, m->dev_hi, m->unit);
                rg_buf_puts(out, " (exact)");
                return;
        case STATS_BASIS_EQUALITY:
        case STATS_BASIS_RATIO:
                report_markdown_decided(out, doc, L, m);
                return;
        }
}

void report_markdown_verdict_cell(struct rg_buf *out, enum stats_verdict v)
{
        if (is_failure(v))
                rg_buf_printf(out, "**%s**", stats_verdict_name(v));
        else
                rg_buf_puts(out, stats_verdict_name(v));
}

static void metric_table(const struct report_doc *doc, int k, struct rg_buf *out)
{
        char conf[16], dec[16];
        report_format_level(conf, sizeof(conf), doc->policy.confidence);
        report_format_level(dec, sizeof(dec), doc->policy.decision_level);
        rg_buf_printf(out, "### %s: %s\n\n", report_metric_label(k),
                      k == REPORT_BP ? "blocking probability" : "bit-rate blocking probability");
        char label[120] = "What decided it"; /* --exact: equality, no interval */
        if (!doc->exact.on) {
                report_looks_interval_label(doc, label, sizeof(label));
                label[0] = (char)toupper((unsigned char)label[0]);
        }
        rg_buf_printf(out,
                      "| Erlang | Legacy %%, mean [%s %% CI] | Orchestrator %%, mean [%s %% CI] | "
                      "Deviation | %s | p | Verdict |\n",
                      conf, conf, label);
        rg_buf_puts(out, "|---:|---:|---:|---:|---|---:|---|\n");
        for (int li = 0; li < doc->n_loads; li++) {
                const struct report_load *L = &doc->loads[li];
                const struct report_metric *m = &L->metric[k];
                rg_buf_puts(out, "| ");
                put_exact(out, L->erlang);
                rg_buf_puts(out, " | ");
                put_summary(out, m->have_stats, &m->legacy);
                rg_buf_puts(out, " | ");
                put_summary(out, m->have_stats, &m->orchestrator);
                rg_buf_puts(out, " | ");
                put_deviation(out, m);
                rg_buf_puts(out, " | ");
                put_decision(out, doc, L, m);
                rg_buf_puts(out, " | ");
                if (m->have_stats && isfinite(m->p_value))
                        rg_buf_printf(out, "%.3g", m->p_value);
                else
                        rg_buf_puts(out, "n/a");
                rg_buf_puts(out, " | ");
                report_markdown_verdict_cell(out, m->verdict);
                rg_buf_puts(out, " |\n");
        }
        rg_buf_putc(out, '\n');
}

/* What a metric adds to its load's reason: its own reason when it differs,
 * the rollback claim, and what would decide an open question. */
static void metric_notes(const struct report_doc *doc, const struct report_load *L, int k,
                         struct rg_buf *out)
{
        const struct report_metric *m = &L->metric[k];
        const char *label = report_metric_label(k);
        if (m->reason && m->reason[0] && strcmp(m->reason, L->reason) != 0) {
                rg_buf_printf(out, "  - %s: %s: ", label, stats_verdict_name(m->verdict));
                report_put_md_cell(out, m->reason);
                rg_buf_putc(out, '\n');
        }
        if (m->claim)
                rg_buf_printf(out,
                              "  - %s rollback claim: p %.3g, Holm-adjusted p %.3g (%d tests)\n",
                              label, m->p_claim, m->p_holm, doc->policy.holm_tests);
        if (m->emergency_not_excluded)
                rg_buf_printf(out,
                              "  - %s: emergency not excluded (the decision interval reaches T2 "
                              "%g)\n",
                              label, doc->policy.t2);
        if (m->replications_needed > STATS_MAX_REPLICATIONS)
                rg_buf_printf(out,
                              "  - %s: more than %d replications (rollgate's cap) would be needed "
                              "to decide\n",
                              label, STATS_MAX_REPLICATIONS);
        else if (m->replications_needed > 0)
                rg_buf_printf(out, "  - %s: %.0f replications would decide it at this spread\n",
                              label, m->replications_needed);
        if (m->requests_needed > 0)
                rg_buf_printf(out, "  - %s: %.0f requests per run would decide it\n", label,
                              m->requests_needed);
}

static void loads_section(const struct report_doc *doc, struct rg_buf *out)
{
        rg_buf_puts(out, "### Verdict per load\n\n");
        for (int li = 0; li < doc->n_loads; li++) {
                const struct report_load *L = &doc->loads[li];
                rg_buf_puts(out, "- **");
                put_exact(out, L->erlang);
                rg_buf_printf(out, " Erlang: %s**", stats_verdict_name(L->verdict));
                if (L->identical)
                        rg_buf_puts(out, " (every run identical)");
                else if (L->low_signal)
                        rg_buf_puts(out, " (low signal: exact bounds)");
                rg_buf_puts(out, ": ");
                report_put_md_cell(out, L->reason);
                rg_buf_putc(out, '\n');
                for (int k = 0; k < REPORT_METRICS; k++)
                        metric_notes(doc, L, k, out);
                if (L->resolution_warning)
                        rg_buf_printf(out,
                                      "  - WARN: %d replications can only resolve ±%.2f pp at "
                                      "this spread\n",
                                      L->replications, L->resolution_pp);
                for (int f = 0; f < L->n_flags; f++) {
                        rg_buf_puts(out, "  - ");
                        report_put_md_cell(out, L->flags[f]);
                        rg_buf_putc(out, '\n');
                }
        }
        rg_buf_putc(out, '\n');
}

/* A look's decision interval of one metric. */
static void put_look_interval(struct rg_buf *out, const struct report_look_metric *m,
                              const char *unit)
{
        if (m->basis == STATS_BASIS_FAILED)
                rg_buf_puts(out, "failed");
        else if (m->basis == STATS_BASIS_UNAVAILABLE)
                rg_buf_puts(out, "unavailable");
        else
                put_interval(out, m->lo, m->hi, unit);
        if (m->basis == STATS_BASIS_IDENTICAL)
                rg_buf_puts(out, " (identical)");
        else if (m->basis == STATS_BASIS_EXACT)
                rg_buf_puts(out, " (exact)");
}

/* A sequential design: per load where it stopped and why, and a table of
 * its looks. */
static void looks_section(const struct report_doc *doc, struct rg_buf *out)
{
        if (!doc->sequential.on)
                return;
        const char *unit = report_format_unit(doc);
        char text[200];
        report_looks_design(doc, text, sizeof(text));
        rg_buf_puts(out, "### Sequential looks\n\n");
        report_put_md_cell(out, text);
        rg_buf_puts(out, ".  \nEach look decides on intervals at 1 − 2 × its nominal level; the "
                         "α spent is the error the design allows up to that look.\n\n");
        for (int li = 0; li < doc->n_loads; li++) {
                const struct report_load *L = &doc->loads[li];
                report_looks_stop(doc, L, text, sizeof(text));
                rg_buf_puts(out, "**");
                put_exact(out, L->erlang);
                rg_buf_puts(out, " Erlang:** ");
                report_put_md_cell(out, text);
                rg_buf_puts(out,
                            "\n\n| Look | Replications | Nominal level | α spent | BP decision "
                            "interval | BBP decision interval | Verdict |\n"
                            "|---:|---:|---:|---:|---|---|---|\n");
                for (int j = 0; j < L->n_looks; j++) {
                        const struct report_look *lk = &L->looks[j];
                        rg_buf_printf(out, "| %d | %d | ", j + 1, lk->replications);
                        report_format_put_figure(out, "%.3g", lk->nominal,
                                                 &report_markdown_bound_words);
                        rg_buf_puts(out, " | ");
                        report_format_put_figure(out, "%.3g", lk->spent,
                                                 &report_markdown_bound_words);
                        for (int k = 0; k < REPORT_METRICS; k++) {
                                rg_buf_puts(out, " | ");
                                put_look_interval(out, &lk->metric[k], unit);
                        }
                        rg_buf_puts(out, " | ");
                        report_markdown_verdict_cell(out, lk->verdict);
                        rg_buf_puts(out, " |\n");
                }
                rg_buf_putc(out, '\n');
        }
}

static void put_chisq(struct rg_buf *out, const struct report_chisq *c)
{
        if (c->tested)
                rg_buf_printf(out, "χ² %.3g, df %g, p %.3g (dispersion %.3g)", c->statistic, c->df,
                              c->p_value, c->dispersion);
        else
                rg_buf_puts(out, "not tested");
}

static void secondary_table(const struct report_doc *doc, struct rg_buf *out)
{
        rg_buf_puts(out, "### Secondary checks\n\n"
                         "Reported for investigation; they do not change the verdict.\n\n");
        rg_buf_puts(out,
                    "| Erlang | Block reasons | Modulations | Mean route length, (O − L) / L | "
                    "Mean hops, O − L | Bias: O higher / lower / tied |\n");
        rg_buf_puts(out, "|---:|---|---|---:|---:|---|\n");
        for (int li = 0; li < doc->n_loads; li++) {
                const struct report_secondary *s = &doc->loads[li].secondary;
                rg_buf_puts(out, "| ");
                put_exact(out, doc->loads[li].erlang);
                rg_buf_puts(out, " | ");
                put_chisq(out, &s->block_reasons);
                rg_buf_puts(out, " | ");
                put_chisq(out, &s->modulations);
                rg_buf_puts(out, " | ");
                if (s->have_length)
                        rg_buf_printf(out, "%+.2f %%", 100 * s->length_rel);
                else
                        rg_buf_puts(out, "not reported");
                rg_buf_puts(out, " | ");
                if (s->have_hops)
                        rg_buf_printf(out, "%+.3f", s->hops_diff);
                else
                        rg_buf_puts(out, "not reported");
                rg_buf_puts(out, " | ");
                if (s->have_bias)
                        rg_buf_printf(out, "%g / %g / %g (sign test p %.3g)", s->bias_higher,
                                      s->bias_lower, s->bias_ties, s->bias_p);
                else
                        rg_buf_puts(out, "not tested");
                rg_buf_puts(out, " |\n");
        }
        rg_buf_putc(out, '\n');
}

static void failed_runs(const struct report_doc *doc, struct rg_buf *out)
{
        const char *path[REPORT_ROLES] = {doc->inputs.legacy, doc->inputs.orchestrator};
        struct report_failure f;
        int n = 0;
        for (int at = 0; report_failure_next(doc, &at, &f);) {
                if (n++ == 0)
                        rg_buf_puts(out, "### Failed runs\n\n");
                rg_buf_puts(out, "- ");
                put_exact(out, f.pair->erlang);
                if (f.run == NULL) {
                        rg_buf_printf(
                            out, " Erlang, replication %d: harness error: ", f.pair->replication);
                        report_put_md_cell(out, f.pair->harness_error);
                        rg_buf_putc(out, '\n');
                        continue;
                }
                rg_buf_printf(out, " Erlang, replication %d, seed ", f.pair->replication);
                put_exact(out, f.run->seed);
                rg_buf_printf(out, ", %s (", report_format_role(f.role));
                report_put_md_cell(out, path[f.role]);
                rg_buf_puts(out, "): ");
                report_put_md_cell(out, f.run->error);
                if (f.run->has & REPORT_HAS_FAIL_REQUEST) {
                        rg_buf_puts(out, " (at request ");
                        put_exact(out, f.run->fail_request);
                        rg_buf_putc(out, ')');
                }
                rg_buf_putc(out, '\n');
        }
        if (n)
                rg_buf_putc(out, '\n');
}

static void diagnosis(const struct report_doc *doc, struct rg_buf *out)
{
        const struct report_diagnosis *d = &doc->diagnosis;
        if (!d->present)
                return;
        rg_buf_puts(out, "### First diverging request\n\nAt ");
        put_exact(out, d->erlang);
        rg_buf_puts(out, " Erlang, seed ");
        put_exact(out, d->seed);
        rg_buf_puts(out, ": request ");
        put_exact(out, d->request);
        rg_buf_puts(out, ", after ");
        put_exact(out, d->compared);
        rg_buf_puts(out, " requests decided alike.\n\n");
        for (int role = 0; role < REPORT_ROLES; role++) {
                rg_buf_printf(out, "- %s: ", report_format_role(role));
                report_put_md_cell(out, d->decision[role]);
                rg_buf_putc(out, '\n');
        }
        rg_buf_putc(out, '\n');
}

static void perf_row(struct rg_buf *out, const struct report_perf *p)
{
        if (!p->computed) {
                rg_buf_puts(out, " | not compared | – | – |\n");
                return;
        }
        rg_buf_printf(out, " | %.3f | [%.3f, %.3f] | %s |\n", p->ratio, p->lo, p->hi,
                      p->slower ? "**yes**" : "no");
}

static void performance(const struct report_doc *doc, struct rg_buf *out)
{
        bool any = doc->timing.pooled.computed;
        for (int li = 0; li < doc->n_loads && doc->timing.perf; li++)
                any |= doc->timing.perf[li].computed;
        rg_buf_puts(out, "### Run time\n\n");
        if (!any) {
                rg_buf_puts(out, "Not compared");
                if (doc->timing.performance_clock[0]) {
                        rg_buf_puts(out, " (");
                        report_put_md_cell(out, doc->timing.performance_clock);
                        rg_buf_putc(out, ')');
                }
                rg_buf_puts(out, ".\n\n");
                return;
        }
        char dec[16], thr[16];
        report_format_level(dec, sizeof(dec), doc->policy.decision_level);
        report_format_level(thr, sizeof(thr), doc->policy.perf_threshold);
        rg_buf_printf(out,
                      "| Erlang | Orchestrator / legacy | %s %% decision interval | "
                      "Significantly slower by more than %s %% |\n",
                      dec, thr);
        rg_buf_puts(out, "|---:|---:|---|---|\n");
        for (int li = 0; li < doc->n_loads && doc->timing.perf; li++) {
                rg_buf_puts(out, "| ");
                put_exact(out, doc->loads[li].erlang);
                perf_row(out, &doc->timing.perf[li]);
        }
        rg_buf_puts(out, "| all runs");
        perf_row(out, &doc->timing.pooled);
        rg_buf_printf(out, "\nA significantly slower orchestrator makes a PASS a MONITOR");
        if (doc->timing.performance_clock[0]) {
                rg_buf_puts(out, " (clock: ");
                report_put_md_cell(out, doc->timing.performance_clock);
                rg_buf_putc(out, ')');
        }
        rg_buf_puts(out, ".\n\n");
}

static void input_row(struct rg_buf *out, const char *name, const char *value)
{
        rg_buf_printf(out, "| %s | ", name);
        report_put_md_cell(out, value[0] ? value : "none");
        rg_buf_puts(out, " |\n");
}

static void number_list(struct rg_buf *out, const double *v, int n)
{
        for (int i = 0; i < n; i++) {
                if (i)
                        rg_buf_puts(out, ", ");
                put_exact(out, v[i]);
        }
        if (n == 0)
                rg_buf_puts(out, "none");
}

static void inputs(const struct report_doc *doc, struct rg_buf *out)
{
        const char *unit = report_format_unit(doc);
        char conf[16], dec[16], thr[16];
        report_format_level(conf, sizeof(conf), doc->policy.confidence);
        report_format_level(dec, sizeof(dec), doc->policy.decision_level);
        report_format_level(thr, sizeof(thr), doc->policy.perf_threshold);
        /* the blank line after <summary> lets GitHub read Markdown inside */
        rg_buf_puts(out, "<details>\n<summary>Inputs, policy and timing</summary>\n\n");
        rg_buf_puts(out, "| Input | Value |\n|---|---|\n");
        input_row(out, "config", doc->inputs.config);
        rg_buf_puts(out, "| topology | ");
        report_put_md_cell(out, doc->inputs.topology);
        if (doc->inputs.have_model) {
                rg_buf_puts(out, " (");
                put_exact(out, doc->inputs.nodes);
                rg_buf_puts(out, " nodes, ");
                put_exact(out, doc->inputs.links);
                rg_buf_puts(out, " links) |\n| model | k = ");
                put_exact(out, doc->inputs.k_paths);
                rg_buf_puts(out, " routes, ");
                put_exact(out, doc->inputs.cores);
                rg_buf_puts(out, " core(s) × ");
                put_exact(out, doc->inputs.slots);
                rg_buf_puts(out, " slots, guard ");
                put_exact(out, doc->inputs.guard_slots);
                rg_buf_puts(out, ", ");
                report_put_md_cell(out, doc->inputs.allocation);
                rg_buf_puts(out, ", modulation ");
                report_put_md_cell(out, doc->inputs.mod_assumption);
                rg_buf_puts(out, " |\n| holding time | ");
                put_exact(out, doc->inputs.holding_time);
                rg_buf_puts(out, " |\n| arrival rate | ");
                report_put_md_cell(out, doc->inputs.arrival_rate);
                rg_buf_puts(out, " |\n| request distribution (Gb/s: share) | ");
                for (int i = 0; i < doc->inputs.n_dist; i++) {
                        if (i)
                                rg_buf_puts(out, ", ");
                        report_put_md_cell(out, doc->inputs.dist_label[i]);
                        rg_buf_puts(out, ": ");
                        put_exact(out, doc->inputs.dist_prob[i]);
                }
        } else {
                rg_buf_puts(out, " (the external simulators' own settings)");
        }
        rg_buf_puts(out, " |\n| requests per run | ");
        put_exact(out, doc->inputs.requests);
        rg_buf_puts(out, " |\n| loads (Erlang) | ");
        number_list(out, doc->inputs.loads, doc->inputs.n_loads);
        rg_buf_puts(out, " |\n| seeds | ");
        number_list(out, doc->inputs.seeds, doc->inputs.n_seeds);
        rg_buf_printf(out, " (%s) |\n", doc->inputs.paired ? "paired" : "unpaired");
        input_row(out, "legacy path", doc->inputs.legacy);
        input_row(out, "orchestrator path", doc->inputs.orchestrator);
        input_row(out, "fault injection", doc->inputs.inject);
        rg_buf_printf(out, "| deviation | %s, direction %s |\n",
                      doc->policy.deviation == STATS_DEV_RELATIVE ? "relative" : "absolute",
                      doc->policy.direction == STATS_DIR_INCREASE ? "increase" : "either");
        rg_buf_printf(out, "| thresholds | T1 %g %s, T2 %g %s |\n", doc->policy.t1, unit,
                      doc->policy.t2, unit);
        char decided_on[120];
        report_looks_decided_on(doc, decided_on, sizeof(decided_on));
        rg_buf_printf(out, "| confidence | %s %% intervals, decisions on %s |\n", conf, decided_on);
        rg_buf_printf(out, "| Holm correction | over %d tests |\n", doc->policy.holm_tests);
        rg_buf_printf(out, "| performance threshold | %s %% slower |\n", thr);
        rg_buf_puts(out, "| low signal | fewer than ");
        put_exact(out, doc->policy.low_signal_blocked);
        rg_buf_puts(out, " blocked requests |\n");
        rg_buf_puts(out, "| run | ");
        report_put_md_cell(out, doc->timing.started[0] ? doc->timing.started : "?");
        rg_buf_puts(out, " to ");
        report_put_md_cell(out, doc->timing.finished[0] ? doc->timing.finished : "?");
        rg_buf_printf(out, ", %.3g s, %d thread(s)", doc->timing.wall_seconds, doc->timing.threads);
        if (doc->timing.host[0]) {
                rg_buf_puts(out, " on ");
                report_put_md_cell(out, doc->timing.host);
        }
        rg_buf_puts(out, " |\n");
        if (doc->timing.runs_executed || doc->timing.runs_reused)
                rg_buf_printf(out, "| external runs | %d run, %d reused from the run directory |\n",
                              doc->timing.runs_executed, doc->timing.runs_reused);
        rg_buf_puts(out, "| report | ");
        report_put_md_cell(out, doc->tool);
        rg_buf_putc(out, ' ');
        report_put_md_cell(out, doc->version);
        rg_buf_printf(out, ", schema %d |\n", doc->schema_version);
        rg_buf_puts(out, "\n</details>\n");
}

static void header(const struct report_doc *doc, struct rg_buf *out)
{
        rg_buf_printf(out, "## rollgate verdict: %s (exit %d)\n\n",
                      stats_verdict_name(doc->verdict), doc->exit_code);
        if (!doc->complete)
                rg_buf_puts(out, "> **Incomplete report:** the comparison was interrupted; the "
                                 "figures below cover only the runs that finished.\n\n");
        rg_buf_puts(out, "**Reason:** ");
        report_put_md_cell(out, doc->reason);
        rg_buf_puts(out, "\n\n**Action:** ");
        report_put_md_cell(out, doc->action.text);
        rg_buf_puts(out, "\n\n");
        report_markdown_characterisation(doc, out);

        const char *unit = report_format_unit(doc);
        char conf[16], decided_on[120];
        report_format_level(conf, sizeof(conf), doc->policy.confidence);
        report_looks_decided_on(doc, decided_on, sizeof(decided_on));
        report_put_md_cell(out, doc->inputs.topology);
        rg_buf_puts(out, ", ");
        put_exact(out, doc->inputs.requests);
        rg_buf_printf(out, " requests per run × %s%d replications × %d loads; ",
                      doc->sequential.on ? "up to " : "", doc->inputs.n_seeds, doc->n_loads);
        report_put_md_cell(out, doc->inputs.legacy);
        rg_buf_puts(out, " vs ");
        report_put_md_cell(out, doc->inputs.orchestrator);
        if (doc->inputs.inject[0]) {
                rg_buf_puts(out, ", fault injection ");
                report_put_md_cell(out, doc->inputs.inject);
        }
        rg_buf_printf(out,
                      ".  \n%s deviation: equivalent inside ±%g %s, emergency from %g %s; %s %% "
                      "intervals, decisions on %s.\n\n",
                      doc->policy.deviation == STATS_DEV_RELATIVE ? "Relative" : "Absolute",
                      doc->policy.t1, unit, doc->policy.t2, unit, conf, decided_on);
}

static int render(const struct report_doc *doc, const struct report_render_opts *opts,
                  struct rg_buf *out, struct rg_errbuf *eb)
{
        (void)opts;
        (void)eb;
        header(doc, out);
        for (int k = 0; k < REPORT_METRICS; k++)
                metric_table(doc, k, out);
        report_markdown_declared(doc, out);
        loads_section(doc, out);
        looks_section(doc, out);
        secondary_table(doc, out);
        failed_runs(doc, out);
        diagnosis(doc, out);
        performance(doc, out);
        inputs(doc, out);
        return rg_buf_failed(out) ? RG_NOMEM : RG_OK;
}

const struct report_renderer_ops report_markdown_ops = {
    .name = "markdown",
    .extension = ".md",
    .render = render,
};
