#include "format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../common/number.h"
#include "looks.h"

void report_format_exact(char *s, size_t cap, double v, const char *missing)
{
        if (isfinite(v))
                rg_double_text(s, cap, v);
        else
                snprintf(s, cap, "%s", missing);
}

void report_format_put_exact(struct rg_buf *out, double v, const char *missing)
{
        char s[40];
        report_format_exact(s, sizeof(s), v, missing);
        rg_buf_puts(out, s);
}

void report_format_level(char *s, size_t cap, double fraction)
{
        if (isfinite(fraction))
                stats_percent(fraction, s, cap);
        else
                snprintf(s, cap, "?");
}

bool report_format_put_nonfinite(struct rg_buf *out, double v, const struct report_nonfinite *words)
{
        if (isnan(v))
                rg_buf_puts(out, words->nan);
        else if (isinf(v))
                rg_buf_puts(out, v < 0 ? words->minus_inf : words->plus_inf);
        return !isfinite(v);
}

/* The format is the caller's (a literal at every call), so that each
 * renderer keeps its own precision per figure; the compiler cannot check
 * it here, which is why the contract says "exactly one double". */
void report_format_put_figure(struct rg_buf *out, const char *fmt, double v,
                              const struct report_nonfinite *words)
{
        if (!report_format_put_nonfinite(out, v, words))
                rg_buf_printf(out, fmt, v);
}

const char *report_format_unit(const struct report_doc *doc)
{
        return doc->policy.deviation == STATS_DEV_RELATIVE ? "%" : "pp";
}

const char *report_format_role(int role)
{
        return role == REPORT_ORCHESTRATOR ? "orchestrator" : "legacy";
}

const struct report_declared *report_format_declaration(const struct report_doc *doc,
                                                        const char *name)
{
        for (int j = 0; j < doc->n_declared && name; j++)
                if (strcmp(doc->declared[j].name, name) == 0)
                        return &doc->declared[j];
        return NULL;
}

const char *report_format_metric_name(const struct report_load *L, const struct report_metric *m)
{
        for (int k = 0; k < REPORT_METRICS; k++)
                if (m == &L->metric[k])
                        return report_metric_label(k);
        return m->name ? m->name : "?";
}

const char *report_format_primary(bool primary)
{
        return primary ? "primary" : "secondary";
}

int report_format_declared_rows(const struct report_doc *doc)
{
        int rows = 0;
        for (int li = 0; li < doc->n_loads; li++)
                rows += doc->loads[li].n_declared;
        return rows;
}

void report_format_each_declared(const struct report_doc *doc, struct rg_buf *out,
                                 void (*row)(const struct report_doc *doc,
                                             const struct report_load *L,
                                             const struct report_metric *m, struct rg_buf *out))
{
        for (int li = 0; li < doc->n_loads; li++) {
                const struct report_load *L = &doc->loads[li];
                for (int j = 0; j < L->n_declared; j++)
                        row(doc, L, &L->declared[j], out);
        }
}

static bool is_kind(const char *kind, const char *name)
{
        return kind && strcmp(kind, name) == 0;
}

/* " alerts" after a figure; nothing for a metric without a unit */
static void put_unit(struct rg_buf *out, const char *unit)
{
        if (unit && unit[0]) {
                rg_buf_putc(out, ' ');
                rg_buf_puts(out, unit);
        }
}

void report_format_put_declaration(struct rg_buf *out, const struct report_declared *d)
{
        rg_buf_printf(out, "%s, %s", d->kind, report_format_primary(d->primary));
        if (is_kind(d->kind, "equivalence")) {
                bool rel = d->deviation == STATS_DEV_RELATIVE;
                const char *unit = rel ? "%" : d->unit;
                rg_buf_printf(out, ": %s deviation, T1 %g", rel ? "relative" : "absolute", d->t1);
                put_unit(out, unit);
                rg_buf_printf(out, ", T2 %g", d->t2);
                put_unit(out, unit);
                rg_buf_printf(out, ", direction %s",
                              d->direction == STATS_DIR_INCREASE ? "increase" : "either");
        } else if (is_kind(d->kind, "exact")) {
                if (d->abs_tol > 0 || d->rel_tol > 0)
                        rg_buf_printf(out, ": equal within abs_tol %g or rel_tol %g", d->abs_tol,
                                      d->rel_tol);
                else
                        rg_buf_puts(out, ": equal (abs_tol 0, rel_tol 0)");
        } else if (is_kind(d->kind, "performance")) {
                rg_buf_printf(out, ": MONITOR when significantly above 1 + %g times legacy",
                              d->factor);
        }
}

/* "[lo, hi]" of a decision interval */
static void put_interval(struct rg_buf *out, const char *fmt, double lo, double hi,
                         const struct report_nonfinite *words)
{
        rg_buf_putc(out, '[');
        report_format_put_figure(out, fmt, lo, words);
        rg_buf_puts(out, ", ");
        report_format_put_figure(out, fmt, hi, words);
        rg_buf_putc(out, ']');
}

/* Kind exact: the replications that differ and the first of them.  The
 * count is of the load's replications; the first is counted from 1 so that
 * it reads as the comparison's reason ("first at replication 2") does. */
static void put_equality(struct rg_buf *out, const struct report_load *L,
                         const struct report_metric *m)
{
        if (m->n_differ <= 0) {
                rg_buf_puts(out, "equal on every replication");
                return;
        }
        rg_buf_printf(out, "%d of %d replications differ", m->n_differ, L->replications);
        if (m->first_differ < 0)
                return;
        rg_buf_printf(out, "; first: replication %d (seed ", m->first_differ + 1);
        report_format_put_exact(out, m->first_seed, "?");
        rg_buf_puts(out, "): legacy ");
        rg_buf_puts(out, m->first_value[REPORT_LEGACY] ? m->first_value[REPORT_LEGACY] : "?");
        rg_buf_puts(out, ", orchestrator ");
        rg_buf_puts(out, m->first_value[REPORT_ORCHESTRATOR] ? m->first_value[REPORT_ORCHESTRATOR]
                                                             : "?");
}

/* Kind performance: the ratio held against 1 + the declared factor. */
static void put_ratio(struct rg_buf *out, const struct report_doc *doc,
                      const struct report_metric *m, const struct report_nonfinite *words)
{
        if (!m->perf_computed) {
                rg_buf_puts(out, "ratio not computed");
                return;
        }
        const struct report_declared *d = report_format_declaration(doc, m->name);
        double factor = d ? d->factor : doc->policy.perf_threshold;
        char dec[16];
        report_format_level(dec, sizeof(dec), doc->policy.decision_level);
        rg_buf_puts(out, "orchestrator / legacy ");
        report_format_put_figure(out, "%.3f", m->perf_ratio, words);
        rg_buf_printf(out, ", %s %% decision interval ", dec);
        put_interval(out, "%.3f", m->perf_lo, m->perf_hi, words);
        if (m->perf_slower)
                rg_buf_printf(out, ": significantly above 1 + %g (MONITOR)", factor);
        else
                rg_buf_printf(out, ": not significantly above 1 + %g", factor);
}

void report_format_put_decided(struct rg_buf *out, const struct report_doc *doc,
                               const struct report_load *L, const struct report_metric *m,
                               const struct report_nonfinite *words)
{
        bool exact = is_kind(m->kind, "exact") || m->basis == STATS_BASIS_EQUALITY;
        bool ratio = is_kind(m->kind, "performance") || m->basis == STATS_BASIS_RATIO;
        if (m->basis == STATS_BASIS_FAILED) {
                rg_buf_puts(out,
                            exact ? "not compared: a run failed" : "not computed: a run failed");
                return;
        }
        if (m->basis == STATS_BASIS_UNAVAILABLE) {
                rg_buf_puts(out, exact ? "not compared: neither path reported it"
                                       : "not computed (see the reason)");
                return;
        }
        if (exact) {
                put_equality(out, L, m);
                return;
        }
        if (ratio) {
                put_ratio(out, doc, m, words);
                return;
        }
        if (m->basis == STATS_BASIS_IDENTICAL) {
                rg_buf_puts(out, "every replication identical");
                return;
        }
        char label[120];
        report_looks_interval_label(doc, label, sizeof(label));
        rg_buf_puts(out, "deviation ");
        report_format_put_figure(out, "%+.3f", m->deviation, words);
        put_unit(out, m->unit);
        rg_buf_printf(out, ", %s ", label);
        put_interval(out, "%+.3f", m->dev_lo, m->dev_hi, words);
        put_unit(out, m->unit);
}

void report_format_put_characterisation(struct rg_buf *out, const struct report_doc *doc)
{
        const struct report_exact *x = &doc->exact;
        if (!x->differs) {
                rg_buf_puts(out, "no difference on any replication");
                return;
        }
        rg_buf_puts(out, "first difference at erlang ");
        report_format_put_exact(out, x->erlang, "?");
        rg_buf_printf(out, ", replication %d (seed ", x->replication + 1);
        report_format_put_exact(out, x->seed, "?");
        /* the JSON's keys "bp" and "bbp" read as the tables name them */
        const char *metric = x->metric ? x->metric : "?";
        if (strcmp(metric, "bp") == 0 || strcmp(metric, "bbp") == 0)
                metric = report_metric_label(metric[1] == 'p' ? REPORT_BP : REPORT_BBP);
        rg_buf_printf(out, "), metric %s: legacy %s, orchestrator %s", metric,
                      x->value[REPORT_LEGACY] ? x->value[REPORT_LEGACY] : "?",
                      x->value[REPORT_ORCHESTRATOR] ? x->value[REPORT_ORCHESTRATOR] : "?");
}

void report_format_put_through(struct rg_buf *out, struct rg_buf *text,
                               void (*put)(struct rg_buf *, const char *))
{
        if (rg_buf_failed(text))
                out->nomem = true;
        else if (put)
                put(out, rg_buf_text(text));
        else
                rg_buf_puts(out, rg_buf_text(text));
        rg_buf_finish(text);
}
