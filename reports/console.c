/* The console report: the table of loads and metrics, the looks of a
 * sequential design, the reason per load with its declared metrics and
 * flags, run time, and the verdict, reason and action (after the --exact
 * characterisation). */
#include <math.h>
#include <stdio.h>

#include "format.h"
#include "looks.h"
#include "render.h"

/* a figure the document could not compute, an unbounded interval's end */
static const struct report_nonfinite words = {"n/a", "-inf", "+inf"};

static void header(const struct report_doc *doc, struct rg_buf *out)
{
        const char *unit = doc->policy.deviation == STATS_DEV_RELATIVE ? "%" : "pp";
        char conf_pct[16];
        stats_percent(doc->policy.confidence, conf_pct, sizeof(conf_pct));
        const struct report_inputs *in = &doc->inputs;
        if (in->have_model)
                rg_buf_printf(out,
                              "rollgate compare: %s (%d nodes), k=%d, %s, %d slots x %d core(s), "
                              "guard %d; ",
                              in->topology, (int)in->nodes, (int)in->k_paths, in->allocation,
                              (int)in->slots, (int)in->cores, (int)in->guard_slots);
        else
                rg_buf_printf(out, "rollgate compare: %s (external simulators' own settings); ",
                              in->topology);
        rg_buf_printf(out, "%u requests x %s%d replications x %d loads; %s vs %s%s%s\n",
                      (unsigned)in->requests, doc->sequential.on ? "up to " : "", in->n_seeds,
                      doc->n_loads, in->legacy, in->orchestrator, in->inject[0] ? ", inject " : "",
                      in->inject);
        char decided_on[120];
        report_looks_decided_on(doc, decided_on, sizeof(decided_on));
        rg_buf_printf(out,
                      "deviation %s (T1 %g %s, T2 %g %s, direction %s), %s %% intervals, "
                      "decisions on %s%s\n",
                      doc->policy.deviation == STATS_DEV_RELATIVE ? "relative" : "absolute",
                      doc->policy.t1, unit, doc->policy.t2, unit,
                      doc->policy.direction == STATS_DIR_INCREASE ? "increase" : "either", conf_pct,
                      decided_on, in->paired ? "" : ", UNPAIRED seeds");
        if (doc->sequential.on) {
                char design[200];
                report_looks_design(doc, design, sizeof(design));
                rg_buf_printf(out, "sequential design: %s\n", design);
        }
        for (int j = 0; j < doc->n_declared; j++) {
                rg_buf_printf(out, "declared metric %s: ", doc->declared[j].name);
                report_format_put_declaration(out, &doc->declared[j]);
                rg_buf_putc(out, '\n');
        }
        rg_buf_putc(out, '\n');
}

/* The decision interval of a metric as the tables show it. */
static void interval_text(char *s, size_t cap, enum stats_basis basis, double lo, double hi)
{
        if (basis == STATS_BASIS_FAILED)
                snprintf(s, cap, "failed");
        else if (basis == STATS_BASIS_UNAVAILABLE)
                snprintf(s, cap, "not reported");
        else if (basis != STATS_BASIS_IDENTICAL)
                snprintf(s, cap, "[%+.3f, %+.3f]", lo, hi);
        else
                snprintf(s, cap, "identical");
}

static void metric_row(const struct report_load *L, int k, struct rg_buf *out)
{
        const struct report_metric *m = &L->metric[k];
        char a[40] = "-", b[40] = "-", d[24] = "-", rel[16] = "-", iv[40] = "-", p[16] = "-";
        if (m->have_stats) {
                snprintf(a, sizeof(a), "%.3f [%.3f, %.3f]", m->legacy.mean, m->legacy.lo,
                         m->legacy.hi);
                snprintf(b, sizeof(b), "%.3f [%.3f, %.3f]", m->orchestrator.mean,
                         m->orchestrator.lo, m->orchestrator.hi);
                snprintf(d, sizeof(d), "%+.3f", m->delta.mean);
                snprintf(p, sizeof(p), "%.3g", m->p_value);
                if (!isnan(m->rel_mean))
                        snprintf(rel, sizeof(rel), "%+.2f", m->rel_mean);
        }
        if (m->basis == STATS_BASIS_EQUALITY && m->n_differ > 0)
                snprintf(iv, sizeof(iv), "%d of %d differ", m->n_differ, L->replications);
        else if (m->basis == STATS_BASIS_EQUALITY)
                snprintf(iv, sizeof(iv), "equal");
        else
                interval_text(iv, sizeof(iv), m->basis, m->dev_lo, m->dev_hi);
        rg_buf_printf(out, "%7g %-4s %-25s %-25s %8s %8s %-21s %8s  %s\n", L->erlang,
                      report_metric_label(k), a, b, d, rel, iv, p,
                      k == REPORT_BP ? stats_verdict_name(L->verdict) : "");
}

/* Per load of a sequential design: where it stopped and why, then a line
 * per look with the level it was held to and the intervals it saw. */
static void looks(const struct report_doc *doc, struct rg_buf *out)
{
        char iv[REPORT_METRICS][40], stop[120];
        for (int li = 0; li < doc->n_loads; li++) {
                const struct report_load *L = &doc->loads[li];
                report_looks_stop(doc, L, stop, sizeof(stop));
                rg_buf_printf(out, "erlang %g: %s\n", L->erlang, stop);
                rg_buf_printf(out, "  %4s %5s %9s %11s  %-21s %-21s %s\n", "look", "reps",
                              "nominal", "alpha spent", "BP interval", "BBP interval", "verdict");
                for (int j = 0; j < L->n_looks; j++) {
                        const struct report_look *lk = &L->looks[j];
                        for (int k = 0; k < REPORT_METRICS; k++)
                                interval_text(iv[k], sizeof(iv[k]), lk->metric[k].basis,
                                              lk->metric[k].lo, lk->metric[k].hi);
                        rg_buf_printf(out, "  %4d %5d %9.3g %11.3g  %-21s %-21s %s\n", j + 1,
                                      lk->replications, lk->nominal, lk->spent, iv[REPORT_BP],
                                      iv[REPORT_BBP], stats_verdict_name(lk->verdict));
                }
        }
        rg_buf_putc(out, '\n');
}

/* A metric with a kind (a declared one, or BP and BBP judged by --exact):
 * its kind, what decided it, its verdict and its reason. */
static void kind_line(const struct report_doc *doc, const struct report_load *L,
                      const struct report_metric *m, struct rg_buf *out)
{
        rg_buf_printf(out, "  %s (%s, %s): %s: ", report_format_metric_name(L, m), m->kind,
                      report_format_primary(m->primary), stats_verdict_name(m->verdict));
        report_format_put_decided(out, doc, L, m, &words);
        rg_buf_printf(out, "\n    %s\n", m->reason);
}

/* Where the runs ran, when it was more than one process on one host. */
static void where_ran(const struct report_doc *doc, struct rg_buf *out)
{
        const struct report_timing *tm = &doc->timing;
        if (tm->ranks <= 1 && tm->n_shards == 0 && tm->hosts_total <= 1)
                return;
        if (tm->n_shards > 0)
                rg_buf_printf(out, "ran in %d shards (the longest %.1f s)", tm->n_shards,
                              tm->wall_seconds);
        else
                rg_buf_printf(out, "ran on %d MPI ranks", tm->ranks);
        rg_buf_printf(out, " on %d host%s:", tm->hosts_total, tm->hosts_total == 1 ? "" : "s");
        for (int i = 0; i < tm->n_hosts; i++)
                rg_buf_printf(out, "%s %s", i ? "," : "", tm->hosts[i]);
        if (tm->hosts_total > tm->n_hosts)
                rg_buf_printf(out, " and %d more", tm->hosts_total - tm->n_hosts);
        rg_buf_putc(out, '\n');
}

static void details(const struct report_doc *doc, struct rg_buf *out)
{
        header(doc, out);
        rg_buf_printf(out, "%7s %-4s %-25s %-25s %8s %8s %-21s %8s  %s\n", "erlang", "", "legacy",
                      "orchestrator", "d pp", "d %", "interval of d", "p", "verdict");
        for (int li = 0; li < doc->n_loads; li++)
                for (int k = 0; k < REPORT_METRICS; k++)
                        metric_row(&doc->loads[li], k, out);
        rg_buf_putc(out, '\n');
        if (doc->sequential.on)
                looks(doc, out);
        for (int li = 0; li < doc->n_loads; li++) {
                const struct report_load *L = &doc->loads[li];
                rg_buf_printf(out, "erlang %g: %s: %s\n", L->erlang, stats_verdict_name(L->verdict),
                              L->reason);
                for (int k = 0; k < REPORT_METRICS; k++)
                        if (L->metric[k].kind)
                                kind_line(doc, L, &L->metric[k], out);
                for (int j = 0; j < L->n_declared; j++)
                        kind_line(doc, L, &L->declared[j], out);
                for (int f = 0; f < L->n_flags; f++)
                        rg_buf_printf(out, "  %s\n", L->flags[f]);
                if (L->resolution_warning)
                        rg_buf_printf(out,
                                      "  WARN: %d replications can only resolve +-%.2f pp at this "
                                      "spread\n",
                                      L->replications, L->resolution_pp);
                const struct report_perf *pf = &doc->timing.perf[li];
                if (pf->computed)
                        rg_buf_printf(out, "  run time orchestrator/legacy %.3f [%.3f, %.3f]\n",
                                      pf->ratio, pf->lo, pf->hi);
        }
        const struct report_perf *pooled = &doc->timing.pooled;
        if (pooled->computed)
                rg_buf_printf(out,
                              "run time orchestrator/legacy over all runs: %.3f [%.3f, %.3f] "
                              "(MONITOR beyond +%.0f %%; %s)\n",
                              pooled->ratio, pooled->lo, pooled->hi,
                              100 * doc->policy.perf_threshold, doc->timing.performance_clock);
        else
                rg_buf_printf(out, "run time: not compared (%s)\n", doc->timing.performance_clock);
        where_ran(doc, out);
        if (doc->timing.runs_executed || doc->timing.runs_reused)
                rg_buf_printf(out, "external runs: %d run now, %d reused from the run directory\n",
                              doc->timing.runs_executed, doc->timing.runs_reused);
        rg_buf_putc(out, '\n');
}

static int render(const struct report_doc *doc, const struct report_render_opts *opts,
                  struct rg_buf *out, struct rg_errbuf *eb)
{
        if (!opts->quiet)
                details(doc, out);
        if (!opts->quiet && doc->exact.on) {
                rg_buf_puts(out, REPORT_FORMAT_CHARACTERISATION ": ");
                report_format_put_characterisation(out, doc);
                rg_buf_putc(out, '\n');
        }
        rg_buf_printf(out, "VERDICT: %s (exit %d)\n", stats_verdict_name(doc->verdict),
                      doc->exit_code);
        rg_buf_printf(out, "reason: %s\n", doc->reason);
        rg_buf_printf(out, "action: %s\n", doc->action.text);
        return rg_buf_failed(out) ? rg_fail(eb, RG_NOMEM, "out of memory for the console report")
                                  : RG_OK;
}

const struct report_renderer_ops report_console_ops = {
    .name = "console",
    .extension = ".txt",
    .render = render,
};
