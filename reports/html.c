/*
 * The HTML report: one self-contained page.  No script, no font, no image
 * and no stylesheet is fetched (a Content-Security-Policy forbids every
 * fetch, so a browser reports any that slips in); the charts are inline SVG
 * (reports/html_chart.c); the declared metrics are reports/html_metrics.c's.
 * The page is also well-formed XML, so a strict
 * XML parser can check it, and every string from the document goes through
 * report_put_xml.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "failures.h"
#include "format.h"
#include "html_chart.h"
#include "html_metrics.h"
#include "looks.h"
#include "render.h"

/* ---- text and numbers ----------------------------------------------------- */

/* A figure the document could not compute (NAN, null in the JSON) is a dash,
 * never "nan"; an unbounded one is an infinity sign, never "inf". */
static const struct report_nonfinite special = {"–", "−∞", "+∞"};

void report_html_text(struct rg_buf *o, const char *s)
{
        report_put_xml(o, s ? s : "");
}

void report_html_fixed(struct rg_buf *o, double v, int prec)
{
        if (!report_format_put_nonfinite(o, v, &special))
                rg_buf_printf(o, "%.*f", prec, v);
}

void report_html_signed(struct rg_buf *o, double v, int prec)
{
        if (!report_format_put_nonfinite(o, v, &special))
                rg_buf_printf(o, "%+.*f", prec, v);
}

/* counts, loads, seeds: as many digits as they have, no exponent */
void report_html_g(struct rg_buf *o, double v)
{
        report_format_put_figure(o, "%.10g", v, &special);
}

static void put_p(struct rg_buf *o, double v)
{
        report_format_put_figure(o, "%.3g", v, &special);
}

void report_html_interval(struct rg_buf *o, double lo, double hi, int prec, bool sign)
{
        rg_buf_puts(o, "[");
        (sign ? report_html_signed : report_html_fixed)(o, lo, prec);
        rg_buf_puts(o, ", ");
        (sign ? report_html_signed : report_html_fixed)(o, hi, prec);
        rg_buf_puts(o, "]");
}

void report_html_percent(struct rg_buf *o, double fraction)
{
        char s[16];
        if (report_format_put_nonfinite(o, fraction, &special))
                return;
        stats_percent(fraction, s, sizeof(s));
        rg_buf_printf(o, "%s %%", s);
}

static const char *verdict_class(enum stats_verdict v)
{
        static const char *const cls[] = {"pass",    "monitor",   "inconclusive",
                                          "planned", "emergency", "harness"};
        return (unsigned)v < sizeof(cls) / sizeof(cls[0]) ? cls[v] : "harness";
}

void report_html_badge(struct rg_buf *o, enum stats_verdict v)
{
        rg_buf_printf(o, "<span class=\"badge v-%s\">%s</span>", verdict_class(v),
                      stats_verdict_name(v));
}

/* ---- the page around the content ----------------------------------------- */

/* The style sheet, a rule or two per string (C11 caps a string literal at
 * 4095 characters).  A system font stack only: nothing is fetched. */
static const char *const style[] = {
    ":root{--ink:#1f2937;--muted:#5b6472;--line:#d6dae1;--legacy:#1d4ed8;--orch:#c2410c;",
    "--bp:#0f766e;--bbp:#7c3aed}\n",
    "*{box-sizing:border-box}\n",
    "body{margin:0;background:#f3f4f6;color:var(--ink);font:15px/1.45 system-ui,",
    "-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,'Noto Sans',sans-serif}\n",
    ".page{max-width:1200px;margin:0 auto;padding:16px}\n",
    "h1,h2,h3{line-height:1.2}\n",
    "h2{font-size:1.15rem;margin:0 0 10px}\n",
    "h3{font-size:1rem;margin:14px 0 6px}\n",
    "section{background:#fff;border:1px solid var(--line);border-radius:8px;",
    "padding:14px 18px;margin:16px 0}\n",
    ".banner{border-radius:8px;padding:16px 20px;border:1px solid;border-left-width:12px}\n",
    ".banner .kicker{margin:0;font-size:.8rem;text-transform:uppercase;letter-spacing:.08em}\n",
    ".banner h1{margin:2px 0 8px;font-size:1.7rem;display:flex;flex-wrap:wrap;",
    "gap:2px 16px;align-items:baseline}\n",
    ".banner .verdict{font-weight:800;overflow-wrap:anywhere}\n",
    ".banner .exit{font-size:1rem;font-weight:600}\n",
    ".banner p{margin:6px 0}\n",
    ".banner .level{font-weight:700}\n",
    ".v-pass{background:#e7f5ea;border-color:#15803d;color:#14532d}\n",
    ".v-monitor,.v-inconclusive{background:#fff5d6;border-color:#b45309;color:#713f12}\n",
    ".v-planned{background:#fde8e8;border-color:#c81e1e;color:#7f1d1d}\n",
    ".v-emergency{background:#b91c1c;border-color:#7f1d1d;color:#fff}\n",
    ".v-harness{background:#374151;border-color:#111827;color:#fff}\n",
    ".incomplete{margin:12px 0 0;padding:10px 14px;border:3px dashed #b91c1c;",
    "background:#fff;color:#7f1d1d;font-weight:700}\n",
    ".badge{display:inline-block;padding:0 6px;border:1px solid;border-radius:4px;",
    "font-size:.8rem;font-weight:700;white-space:nowrap}\n",
    ".meta{color:var(--muted);margin:4px 0}\n",
    ".table-wrap{overflow-x:auto;margin:6px 0}\n",
    "table{border-collapse:separate;border-spacing:0;width:100%;font-variant-numeric:tabular-nums}"
    "\n",
    "caption{text-align:left;color:var(--muted);font-size:.85rem;padding-bottom:4px}\n",
    "th,td{text-align:left;padding:5px 7px;border-bottom:1px solid var(--line);",
    "vertical-align:top}\n",
    "th{background:#f8f9fb;font-weight:600}\n",
    ".table-wrap td:first-child{position:sticky;left:0;background:#fff}\n",
    ".table-wrap th:first-child{position:sticky;left:0}\n",
    "td.num,.nw{white-space:nowrap}\n",
    "td.why{min-width:14em}\n",
    ".basis{color:var(--muted);font-size:.85em}\n",
    "table.kv th{width:12em}\n",
    "ul.notes{margin:0;padding-left:1.1em}\n",
    ".warn{color:#92400e}\n",
    ".error{color:#991b1b}\n",
    ".charts{display:grid;gap:18px;",
    "grid-template-columns:repeat(auto-fit,minmax(min(100%,480px),1fr))}\n",
    "figure{margin:0;break-inside:avoid;page-break-inside:avoid}\n",
    "figure svg{display:block;width:100%;height:auto}\n",
    "figcaption{font-size:.85rem;color:var(--muted);margin-top:4px}\n",
    ".kv-grid{display:grid;gap:0 24px;",
    "grid-template-columns:repeat(auto-fit,minmax(min(100%,420px),1fr))}\n",
    ".kv-grid>*{align-self:start}\n",
    "details summary{cursor:pointer;font-weight:600}\n",
    "footer{color:var(--muted);font-size:.85rem;padding:4px 2px 24px}\n",
    "code{font-family:ui-monospace,'SFMono-Regular',Menlo,Consolas,'Liberation Mono',",
    "monospace;font-size:.9em;overflow-wrap:anywhere}\n",
    ".chart-svg text{font-size:13px;fill:#1f2937}\n",
    ".chart-svg .tick,.chart-svg .band-label{fill:#4b5563;font-size:12px}\n",
    ".chart-svg .nc{fill:#6b7280;font-style:italic;paint-order:stroke;stroke:#fff;"
    "stroke-width:4px}\n",
    ".chart-svg .axis{fill:none;stroke:#374151;stroke-width:1}\n",
    ".chart-svg .grid{stroke:#e5e7eb;stroke-width:1}\n",
    ".chart-svg .zero{stroke:#374151;stroke-width:1}\n",
    ".chart-svg .thr{stroke:#6b7280;stroke-width:1;stroke-dasharray:5 3}\n",
    ".chart-svg .band.eq{fill:#dcfce7}\n",
    ".chart-svg .band.planned{fill:#fef3c7}\n",
    ".chart-svg .band.emergency{fill:#fee2e2}\n",
    ".chart-svg .swatch{stroke:#9ca3af;stroke-width:1}\n",
    ".chart-svg .legacy{stroke:var(--legacy);fill:var(--legacy)}\n",
    ".chart-svg .orchestrator{stroke:var(--orch);fill:#fff}\n",
    ".chart-svg .bp{stroke:var(--bp);fill:var(--bp)}\n",
    ".chart-svg .bbp{stroke:var(--bbp);fill:#fff}\n",
    ".chart-svg .pt{stroke-width:2}\n",
    ".chart-svg .bar{fill:none;stroke-width:1.6}\n",
    ".chart-svg .line{fill:none;stroke-width:1.2;opacity:.45}\n",
    ".chart-svg .mean{fill:none;stroke-width:2.5}\n",
    ".chart-svg .clip.orchestrator{fill:var(--orch)}\n",
    ".chart-svg .clip.bbp{fill:var(--bbp)}\n",
    /* a phone: larger chart text (the drawing shrinks with the screen) */
    "@media (max-width:640px){body{font-size:14px}.page{padding:8px}",
    "section{padding:10px 12px;margin:12px 0}",
    ".banner{padding:12px 14px;border-left-width:8px}.banner h1{font-size:1.3rem}",
    ".chart-svg text{font-size:16px}table.kv th{width:40%}",
    ".chart-svg .tick,.chart-svg .band-label{font-size:15px}}\n",
    /* paper: no backgrounds to waste ink, nothing cut off, no chart split */
    "@media print{@page{margin:14mm}body{background:#fff;font-size:10.5pt}",
    ".page{max-width:none;padding:0}",
    "section{border:0;border-radius:0;padding:0;margin:0 0 14px}",
    ".banner,.badge,.incomplete{background:none!important;color:#000!important}",
    ".banner{border:2px solid #000;border-left-width:12px}",
    ".table-wrap{overflow:visible}",
    ".table-wrap td:first-child,.table-wrap th:first-child{position:static}",
    ".charts{grid-template-columns:1fr 1fr;gap:10px}",
    "th{background:none}h2,h3{break-after:avoid;page-break-after:avoid}",
    "tr{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}}\n",
};

static void page_head(const struct report_doc *doc, struct rg_buf *o)
{
        rg_buf_puts(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                       "<meta http-equiv=\"Content-Security-Policy\" "
                       "content=\"default-src 'none'; style-src 'unsafe-inline'\"/>\n<title>");
        report_html_text(o, doc->tool);
        rg_buf_printf(o, ": %s", stats_verdict_name(doc->verdict));
        if (doc->inputs.topology && doc->inputs.topology[0]) {
                rg_buf_puts(o, " – ");
                report_html_text(o, doc->inputs.topology);
        }
        rg_buf_puts(o, "</title>\n<style>\n");
        for (size_t i = 0; i < sizeof(style) / sizeof(style[0]); i++)
                rg_buf_puts(o, style[i]);
        rg_buf_puts(o, "</style>\n</head>\n<body>\n<main class=\"page\">\n");
}

static void banner(const struct report_doc *doc, struct rg_buf *o)
{
        rg_buf_printf(o,
                      "<header class=\"banner v-%s\" id=\"verdict\">\n"
                      "<p class=\"kicker\">rollgate verdict</p>\n"
                      "<h1><span class=\"verdict\">%s</span> <span class=\"exit\">exit code "
                      "%d</span></h1>\n<p class=\"reason\"><strong>Reason:</strong> ",
                      verdict_class(doc->verdict), stats_verdict_name(doc->verdict),
                      doc->exit_code);
        report_html_text(o, doc->reason);
        rg_buf_puts(o, "</p>\n<p class=\"action\"><strong>Action</strong> (<span "
                       "class=\"level\">");
        if (doc->action.level == 1)
                rg_buf_puts(o, "Level 1 – emergency rollback");
        else if (doc->action.level == 2)
                rg_buf_puts(o, "Level 2 – planned rollback");
        else if (doc->action.level == 0)
                rg_buf_puts(o, "no rollback");
        else
                rg_buf_printf(o, "Level %d", doc->action.level);
        rg_buf_puts(o, "</span>): ");
        report_html_text(o, doc->action.text);
        rg_buf_puts(o, "</p>\n");
        report_html_characterisation(doc, o);
        if (doc->action.level != 0) {
                rg_buf_puts(o, "<p class=\"switch\">Switch: environment <code>");
                report_html_text(o, doc->action.rollback_env);
                rg_buf_puts(o, "</code>, config key <code>");
                report_html_text(o, doc->action.rollback_config_key);
                rg_buf_puts(o, "</code></p>\n");
        }
        if (!doc->complete)
                rg_buf_puts(o, "<p class=\"incomplete\" role=\"alert\">INCOMPLETE REPORT: the "
                               "comparison was interrupted; the figures cover only the runs "
                               "that finished.</p>\n");
        rg_buf_puts(o, "</header>\n");
}

static void overview(const struct report_doc *doc, struct rg_buf *o)
{
        const char *u = report_format_unit(doc);
        rg_buf_puts(o, "<p class=\"meta\">Legacy <code>");
        report_html_text(o, doc->inputs.legacy);
        rg_buf_puts(o, "</code> against orchestrator <code>");
        report_html_text(o, doc->inputs.orchestrator);
        rg_buf_puts(o, "</code> on ");
        report_html_text(o, doc->inputs.topology);
        rg_buf_printf(o, ": %d load(s) × %s%d replication(s), ", doc->n_loads,
                      doc->sequential.on ? "up to " : "", doc->inputs.n_seeds);
        report_html_g(o, doc->inputs.requests);
        rg_buf_puts(o, " requests per run");
        if (doc->inputs.inject && doc->inputs.inject[0]) {
                rg_buf_puts(o, ", injected fault <code>");
                report_html_text(o, doc->inputs.inject);
                rg_buf_puts(o, "</code>");
        }
        rg_buf_printf(o, ".<br/>Deviation %s, T1 ",
                      doc->policy.deviation == STATS_DEV_RELATIVE ? "relative" : "absolute");
        report_html_g(o, doc->policy.t1);
        rg_buf_printf(o, " %s, T2 ", u);
        report_html_g(o, doc->policy.t2);
        rg_buf_printf(o, " %s, direction %s; ", u,
                      doc->policy.direction == STATS_DIR_INCREASE ? "increase only" : "either");
        report_html_percent(o, doc->policy.confidence);
        rg_buf_puts(o, " intervals, decisions on ");
        if (doc->sequential.on)
                rg_buf_puts(o, "each look’s nominal level (α spending, below)");
        else {
                report_html_percent(o, doc->policy.decision_level);
                rg_buf_puts(o, " intervals");
        }
        rg_buf_printf(o, "%s.</p>\n", doc->inputs.paired ? "" : ", UNPAIRED seeds");
}

/* ---- tables --------------------------------------------------------------- */

static void table_open(struct rg_buf *o, const char *caption, const char *const *head, int n)
{
        rg_buf_puts(o, "<div class=\"table-wrap\">\n<table>\n");
        if (caption)
                rg_buf_printf(o, "<caption>%s</caption>\n", caption);
        rg_buf_puts(o, "<thead><tr>");
        for (int i = 0; i < n; i++)
                rg_buf_printf(o, "<th scope=\"col\">%s</th>", head[i]);
        rg_buf_puts(o, "</tr></thead>\n<tbody>\n");
}

static void table_close(struct rg_buf *o)
{
        rg_buf_puts(o, "</tbody>\n</table>\n</div>\n");
}

static void loads_table(const struct report_doc *doc, struct rg_buf *o)
{
        static const char *const head[] = {"Erlang", "verdict", "reason", "blocked (L / O)",
                                           "notes"};
        rg_buf_puts(o, "<section id=\"loads\">\n<h2>Comparison</h2>\n");
        overview(doc, o);
        table_open(o, "verdict per load", head, 5);
        for (int i = 0; i < doc->n_loads; i++) {
                const struct report_load *L = &doc->loads[i];
                rg_buf_puts(o, "<tr><td class=\"num\">");
                report_html_g(o, L->erlang);
                rg_buf_puts(o, "</td><td>");
                report_html_badge(o, L->verdict);
                rg_buf_puts(o, "</td><td class=\"why\">");
                report_html_text(o, L->reason);
                rg_buf_puts(o, "</td><td class=\"num\">");
                report_html_g(o, L->blocked_total[REPORT_LEGACY]);
                rg_buf_puts(o, " / ");
                report_html_g(o, L->blocked_total[REPORT_ORCHESTRATOR]);
                rg_buf_puts(o, "</td><td>");
                if (!L->identical && !L->low_signal && !L->resolution_warning && L->n_flags == 0) {
                        rg_buf_puts(o, "–</td></tr>\n");
                        continue;
                }
                rg_buf_puts(o, "<ul class=\"notes\">");
                if (L->identical)
                        rg_buf_puts(o, "<li>every replication bit-identical</li>");
                if (L->low_signal)
                        rg_buf_puts(o, "<li>low signal: judged on exact bounds</li>");
                if (L->resolution_warning) {
                        rg_buf_printf(o,
                                      "<li class=\"warn resolution\">WARN: %d replications can "
                                      "only resolve ±",
                                      L->replications);
                        report_html_fixed(o, L->resolution_pp, 2);
                        rg_buf_puts(o, " pp at this spread</li>");
                }
                for (int f = 0; f < L->n_flags && L->flags; f++) {
                        rg_buf_puts(o, "<li class=\"flag\">");
                        report_html_text(o, L->flags[f]);
                        rg_buf_puts(o, "</li>");
                }
                rg_buf_puts(o, "</ul></td></tr>\n");
        }
        table_close(o);
        rg_buf_puts(o, "</section>\n");
}

/* A look's decision interval of one metric, with its basis. */
static void put_look_interval(struct rg_buf *o, const struct report_look_metric *m)
{
        rg_buf_puts(o, "<td><span class=\"nw\">");
        if (m->basis == STATS_BASIS_FAILED || m->basis == STATS_BASIS_UNAVAILABLE)
                rg_buf_puts(o, "not computed");
        else
                report_html_interval(o, m->lo, m->hi, 3, true);
        rg_buf_printf(o, "</span><br/><span class=\"basis\">%s</span></td>",
                      stats_basis_name(m->basis));
}

/* A sequential design: per load where it stopped and why, and a table of
 * its looks. */
static void looks_tables(const struct report_doc *doc, struct rg_buf *o)
{
        static const char *const head[] = {
            "look",    "replications",         "nominal level",
            "α spent", "BP decision interval", "BBP decision interval",
            "verdict"};
        if (!doc->sequential.on)
                return;
        char text[200];
        report_looks_design(doc, text, sizeof(text));
        rg_buf_puts(o, "<section id=\"looks\">\n<h2>Sequential looks</h2>\n<p class=\"meta\">");
        report_html_text(o, text);
        rg_buf_puts(o, ". Each look decides on intervals at 1 − 2 × its nominal level; the α "
                       "spent is the error the design allows up to that look.</p>\n");
        for (int i = 0; i < doc->n_loads; i++) {
                const struct report_load *L = &doc->loads[i];
                rg_buf_puts(o, "<h3>");
                report_html_g(o, L->erlang);
                rg_buf_puts(o, " Erlang</h3>\n<p class=\"stop\">");
                report_looks_stop(doc, L, text, sizeof(text));
                report_html_text(o, text);
                rg_buf_puts(o, "</p>\n");
                table_open(o, NULL, head, 7);
                for (int j = 0; j < L->n_looks; j++) {
                        const struct report_look *lk = &L->looks[j];
                        rg_buf_printf(o, "<tr><td class=\"num\">%d</td><td class=\"num\">%d</td>",
                                      j + 1, lk->replications);
                        rg_buf_puts(o, "<td class=\"num\">");
                        put_p(o, lk->nominal);
                        rg_buf_puts(o, "</td><td class=\"num\">");
                        put_p(o, lk->spent);
                        rg_buf_puts(o, "</td>");
                        for (int k = 0; k < REPORT_METRICS; k++)
                                put_look_interval(o, &lk->metric[k]);
                        rg_buf_puts(o, "<td>");
                        report_html_badge(o, lk->verdict);
                        rg_buf_puts(o, "</td></tr>\n");
                }
                table_close(o);
        }
        rg_buf_puts(o, "</section>\n");
}

static void put_summary_cell(struct rg_buf *o, const struct report_metric *m,
                             const struct report_summary *s)
{
        rg_buf_puts(o, "<td>");
        if (m->have_stats) {
                report_html_fixed(o, s->mean, 3);
                rg_buf_puts(o, " <span class=\"nw\">");
                report_html_interval(o, s->lo, s->hi, 3, false);
                rg_buf_puts(o, "</span>");
        } else {
                rg_buf_puts(o, "–");
        }
        rg_buf_puts(o, "</td>");
}

static void metric_row(const struct report_doc *doc, const struct report_load *L, int k,
                       struct rg_buf *o)
{
        const struct report_metric *m = &L->metric[k];
        rg_buf_puts(o, "<tr><td class=\"num\">");
        report_html_g(o, L->erlang);
        rg_buf_puts(o, "</td>");
        put_summary_cell(o, m, &m->legacy);
        put_summary_cell(o, m, &m->orchestrator);
        rg_buf_puts(o, "<td class=\"num\">");
        if (m->unit) {
                report_html_signed(o, m->deviation, 3);
                rg_buf_puts(o, " ");
                report_html_text(o, m->unit);
        } else {
                rg_buf_puts(o, "–");
        }
        if (m->have_stats && isfinite(m->rel_mean)) {
                rg_buf_puts(o, "<br/><span class=\"basis\">");
                report_html_signed(o, m->rel_mean, 2);
                rg_buf_puts(o, " % of legacy</span>");
        }
        rg_buf_puts(o, "</td><td><span class=\"nw\">");
        if (m->basis == STATS_BASIS_FAILED || m->basis == STATS_BASIS_UNAVAILABLE)
                rg_buf_puts(o, "not computed");
        else if (m->basis == STATS_BASIS_EQUALITY || m->basis == STATS_BASIS_RATIO)
                report_html_decided(doc, L, m, o); /* no interval of a deviation */
        else if (m->unit)
                report_html_interval(o, m->dev_lo, m->dev_hi, 3, true);
        else
                rg_buf_puts(o, "–");
        rg_buf_printf(o, "</span><br/><span class=\"basis\">%s</span></td><td class=\"num\">",
                      stats_basis_name(m->basis));
        if (m->have_stats)
                put_p(o, m->p_value);
        else
                rg_buf_puts(o, "–");
        if (m->claim) {
                rg_buf_puts(o, "<br/>Holm ");
                put_p(o, m->p_holm);
        }
        rg_buf_puts(o, "</td><td>");
        report_html_badge(o, m->verdict);
        rg_buf_puts(o, "</td><td class=\"why\">");
        report_html_text(o, m->reason);
        if (m->emergency_not_excluded)
                rg_buf_puts(o, " <strong>(an emergency is not excluded)</strong>");
        if (m->replications_needed > 0) {
                rg_buf_puts(o, " <em>Needs about ");
                report_html_g(o, m->replications_needed);
                rg_buf_puts(o, " replications to decide.</em>");
        }
        if (m->requests_needed > 0) {
                rg_buf_puts(o, " <em>Needs about ");
                report_html_g(o, m->requests_needed);
                rg_buf_puts(o, " requests per path to decide.</em>");
        }
        rg_buf_puts(o, "</td></tr>\n");
}

static void metric_tables(const struct report_doc *doc, struct rg_buf *o)
{
        static const char *const head[] = {"Erlang",
                                           "legacy % [CI]",
                                           "orchestrator % [CI]",
                                           "deviation",
                                           "decision interval (basis)",
                                           "p",
                                           "verdict",
                                           "reason"};
        rg_buf_puts(o, "<section id=\"metrics\">\n<h2>Statistics per metric</h2>\n");
        for (int k = 0; k < REPORT_METRICS; k++) {
                rg_buf_printf(o, "<h3>%s</h3>\n", report_metric_label(k));
                table_open(o, NULL, head, 8);
                for (int i = 0; i < doc->n_loads; i++)
                        metric_row(doc, &doc->loads[i], k, o);
                table_close(o);
        }
        rg_buf_puts(o, "</section>\n");
}

static void put_chisq(struct rg_buf *o, const struct report_chisq *c)
{
        if (!c->tested) {
                rg_buf_puts(o, "<td>not tested</td>");
                return;
        }
        rg_buf_puts(o, "<td class=\"num\">χ² ");
        report_html_fixed(o, c->statistic, 3);
        rg_buf_puts(o, ", df ");
        report_html_g(o, c->df);
        rg_buf_puts(o, ", p ");
        put_p(o, c->p_value);
        rg_buf_puts(o, ", dispersion ");
        report_html_fixed(o, c->dispersion, 2);
        rg_buf_puts(o, "</td>");
}

static void secondary_table(const struct report_doc *doc, struct rg_buf *o)
{
        static const char *const head[] = {
            "Erlang",      "block reasons",
            "modulations", "route length (O − L) / L",
            "hops O − L",  "orchestrator higher / lower / ties (sign test p)"};
        rg_buf_puts(o, "<section id=\"secondary\">\n<h2>Secondary checks</h2>\n");
        rg_buf_puts(o, "<p class=\"meta\">Chi-square tests of the paths' distributions, route "
                       "figures and the direction of the per-replication differences; flags are "
                       "listed with the verdict per load.</p>\n");
        table_open(o, NULL, head, 6);
        for (int i = 0; i < doc->n_loads; i++) {
                const struct report_secondary *s = &doc->loads[i].secondary;
                rg_buf_puts(o, "<tr><td class=\"num\">");
                report_html_g(o, doc->loads[i].erlang);
                rg_buf_puts(o, "</td>");
                put_chisq(o, &s->block_reasons);
                put_chisq(o, &s->modulations);
                rg_buf_puts(o, "<td class=\"num\">");
                if (s->have_length)
                        report_html_signed(o, s->length_rel, 4);
                else
                        rg_buf_puts(o, "–");
                rg_buf_puts(o, "</td><td class=\"num\">");
                if (s->have_hops)
                        report_html_signed(o, s->hops_diff, 3);
                else
                        rg_buf_puts(o, "–");
                rg_buf_puts(o, "</td><td class=\"num\">");
                if (s->have_bias) {
                        report_html_g(o, s->bias_higher);
                        rg_buf_puts(o, " / ");
                        report_html_g(o, s->bias_lower);
                        rg_buf_puts(o, " / ");
                        report_html_g(o, s->bias_ties);
                        rg_buf_puts(o, " (p ");
                        put_p(o, s->bias_p);
                        rg_buf_puts(o, ")");
                } else {
                        rg_buf_puts(o, "–");
                }
                rg_buf_puts(o, "</td></tr>\n");
        }
        table_close(o);
        rg_buf_puts(o, "</section>\n");
}

static void failures(const struct report_doc *doc, struct rg_buf *o)
{
        int n = 0;
        rg_buf_puts(o, "<section id=\"failures\">\n<h2>Failed runs and harness errors</h2>\n");
        struct report_failure f;
        for (int at = 0; report_failure_next(doc, &at, &f);) {
                rg_buf_puts(o, n++ ? "" : "<ul>\n");
                rg_buf_puts(o, "<li class=\"error\">Erlang ");
                report_html_g(o, f.pair->erlang);
                rg_buf_printf(o, ", replication %d: ", f.pair->replication);
                if (f.run == NULL) {
                        rg_buf_puts(o, "<strong>harness error</strong>: ");
                        report_html_text(o, f.pair->harness_error);
                } else {
                        rg_buf_printf(o, "<strong>%s run failed</strong> (seed ",
                                      report_format_role(f.role));
                        report_html_g(o, f.run->seed);
                        if (f.run->has & REPORT_HAS_FAIL_REQUEST) {
                                rg_buf_puts(o, ", at request ");
                                report_html_g(o, f.run->fail_request);
                        }
                        rg_buf_puts(o, "): ");
                        report_html_text(o, f.run->error);
                }
                rg_buf_puts(o, "</li>\n");
        }
        rg_buf_puts(o, n ? "</ul>\n" : "<p>None: every run completed.</p>\n");
        rg_buf_puts(o, "</section>\n");
}

static void diagnosis(const struct report_doc *doc, struct rg_buf *o)
{
        const struct report_diagnosis *d = &doc->diagnosis;
        if (!d->present)
                return;
        rg_buf_puts(o, "<section id=\"diagnosis\">\n<h2>Root cause: the first diverging "
                       "request</h2>\n<p>At ");
        report_html_g(o, d->erlang);
        rg_buf_puts(o, " Erlang, seed ");
        report_html_g(o, d->seed);
        rg_buf_puts(o, ", request ");
        report_html_g(o, d->request);
        rg_buf_puts(o, " is the first the paths decide differently (");
        report_html_g(o, d->compared);
        rg_buf_puts(o, " requests decided alike before it).</p>\n<table class=\"kv\"><tbody>"
                       "<tr><th scope=\"row\">legacy</th><td>");
        report_html_text(o, d->decision[REPORT_LEGACY]);
        rg_buf_puts(o, "</td></tr><tr><th scope=\"row\">orchestrator</th><td>");
        report_html_text(o, d->decision[REPORT_ORCHESTRATOR]);
        rg_buf_puts(o, "</td></tr></tbody></table>\n</section>\n");
}

static void put_perf(struct rg_buf *o, const struct report_perf *p)
{
        if (!p->computed) {
                rg_buf_puts(o, "not compared");
                return;
        }
        report_html_fixed(o, p->ratio, 3);
        rg_buf_puts(o, " ");
        report_html_interval(o, p->lo, p->hi, 3, false);
        rg_buf_puts(o, p->slower ? " <strong>significantly slower</strong>" : "");
}

static void kv_row(struct rg_buf *o, const char *key)
{
        rg_buf_printf(o, "<tr><th scope=\"row\">%s</th><td>", key);
}

static void kv_text(struct rg_buf *o, const char *key, const char *value)
{
        kv_row(o, key);
        report_html_text(o, value);
        rg_buf_puts(o, "</td></tr>\n");
}

static void kv_num(struct rg_buf *o, const char *key, double v)
{
        kv_row(o, key);
        report_html_g(o, v);
        rg_buf_puts(o, "</td></tr>\n");
}

static void performance(const struct report_doc *doc, struct rg_buf *o)
{
        rg_buf_puts(o, "<section id=\"performance\">\n<h2>Performance</h2>\n<p>Run time "
                       "orchestrator / legacy over all runs: ");
        put_perf(o, &doc->timing.pooled);
        rg_buf_puts(o, " (MONITOR beyond +");
        report_html_g(o, 100 * doc->policy.perf_threshold);
        rg_buf_puts(o, " %; clock <code>");
        report_html_text(o, doc->timing.performance_clock);
        rg_buf_puts(o, "</code>).</p>\n<div class=\"kv-grid\">\n");
        if (doc->timing.perf) {
                static const char *const head[] = {"Erlang", "run time orchestrator / legacy"};
                table_open(o, NULL, head, 2);
                for (int i = 0; i < doc->n_loads; i++) {
                        rg_buf_puts(o, "<tr><td class=\"num\">");
                        report_html_g(o, doc->timing.perf[i].erlang);
                        rg_buf_puts(o, "</td><td class=\"num\">");
                        put_perf(o, &doc->timing.perf[i]);
                        rg_buf_puts(o, "</td></tr>\n");
                }
                table_close(o);
        }
        rg_buf_puts(o, "<table class=\"kv\"><tbody>\n");
        kv_num(o, "threads", doc->timing.threads);
        kv_num(o, "wall seconds", doc->timing.wall_seconds);
        kv_text(o, "started (UTC)", doc->timing.started);
        kv_text(o, "finished (UTC)", doc->timing.finished);
        kv_text(o, "host", doc->timing.host);
        kv_num(o, "MPI ranks", doc->timing.ranks);
        kv_num(o, "hosts", doc->timing.hosts_total);
        kv_num(o, "shards", doc->timing.n_shards);
        kv_num(o, "online CPUs", doc->timing.online_cpus);
        kv_num(o, "external runs executed", doc->timing.runs_executed);
        kv_num(o, "external runs reused", doc->timing.runs_reused);
        rg_buf_puts(o, "</tbody></table>\n</div>\n</section>\n");
}

static void put_list(struct rg_buf *o, const double *v, int n)
{
        for (int i = 0; i < n && v; i++) {
                rg_buf_puts(o, i ? ", " : "");
                report_html_g(o, v[i]);
        }
}

static void inputs(const struct report_doc *doc, struct rg_buf *o)
{
        const char *u = report_format_unit(doc);
        rg_buf_puts(o,
                    "<section id=\"inputs\">\n<h2>Inputs and policy</h2>\n<div class=\"kv-grid\">"
                    "\n<table class=\"kv\"><caption>inputs</caption><tbody>\n");
        kv_text(o, "config", doc->inputs.config[0] ? doc->inputs.config : "(none)");
        kv_text(o, "topology", doc->inputs.topology);
        if (doc->inputs.have_model) {
                kv_num(o, "nodes", doc->inputs.nodes);
                kv_num(o, "links", doc->inputs.links);
                kv_num(o, "k paths", doc->inputs.k_paths);
                kv_num(o, "cores", doc->inputs.cores);
                kv_num(o, "slots", doc->inputs.slots);
                kv_num(o, "guard slots", doc->inputs.guard_slots);
                kv_text(o, "allocation", doc->inputs.allocation);
                kv_text(o, "modulation assumption", doc->inputs.mod_assumption);
        }
        kv_num(o, "holding time", doc->inputs.holding_time);
        kv_num(o, "requests per run", doc->inputs.requests);
        kv_text(o, "arrival rate", doc->inputs.arrival_rate);
        kv_row(o, "request distribution");
        for (int i = 0; i < doc->inputs.n_dist && doc->inputs.dist_label && doc->inputs.dist_prob;
             i++) {
                rg_buf_puts(o, i ? ", " : "");
                report_html_text(o, doc->inputs.dist_label[i]);
                rg_buf_puts(o, ": ");
                report_html_g(o, doc->inputs.dist_prob[i]);
        }
        rg_buf_puts(o, "</td></tr>\n");
        kv_row(o, "loads (Erlang)");
        put_list(o, doc->inputs.loads, doc->inputs.n_loads);
        rg_buf_puts(o, "</td></tr>\n");
        kv_row(o, "seeds");
        put_list(o, doc->inputs.seeds, doc->inputs.n_seeds);
        rg_buf_puts(o, "</td></tr>\n");
        kv_text(o, "seeds paired", doc->inputs.paired ? "yes" : "no (UNPAIRED)");
        kv_text(o, "legacy path", doc->inputs.legacy);
        kv_text(o, "orchestrator path", doc->inputs.orchestrator);
        kv_text(o, "injected fault", doc->inputs.inject[0] ? doc->inputs.inject : "(none)");
        rg_buf_puts(o, "</tbody></table>\n<table class=\"kv\"><caption>policy</caption><tbody>\n");
        kv_text(o, "deviation",
                doc->policy.deviation == STATS_DEV_RELATIVE ? "relative (%)" : "absolute (pp)");
        kv_text(o, "direction",
                doc->policy.direction == STATS_DIR_INCREASE ? "increase only" : "either");
        kv_row(o, "T1 / T2");
        report_html_g(o, doc->policy.t1);
        rg_buf_puts(o, " / ");
        report_html_g(o, doc->policy.t2);
        rg_buf_printf(o, " %s</td></tr>\n", u);
        kv_row(o, "confidence");
        report_html_percent(o, doc->policy.confidence);
        rg_buf_puts(o, "</td></tr>\n");
        kv_row(o, "decision level");
        report_html_percent(o, doc->policy.decision_level);
        rg_buf_puts(o, "</td></tr>\n");
        kv_num(o, "performance threshold", doc->policy.perf_threshold);
        kv_num(o, "low-signal blocked requests", doc->policy.low_signal_blocked);
        kv_num(o, "Holm-corrected tests", doc->policy.holm_tests);
        if (doc->sequential.on) {
                char design[200];
                report_looks_design(doc, design, sizeof(design));
                kv_text(o, "sequential design", design);
        }
        rg_buf_puts(o, "</tbody></table>\n</div>\n</section>\n");
}

/* Every run, folded away: the evidence behind the tables. */
static void runs(const struct report_doc *doc, struct rg_buf *o)
{
        static const char *const head[] = {"Erlang", "replication", "legacy blocked / requests",
                                           "orchestrator blocked / requests", "trace hashes"};
        rg_buf_printf(o,
                      "<section id=\"runs\">\n<details>\n<summary>All runs (%d pairs)</summary>\n",
                      doc->n_pairs);
        table_open(o, NULL, head, 5);
        for (int i = 0; i < doc->n_pairs; i++) {
                const struct report_pair *pr = &doc->pairs[i];
                rg_buf_puts(o, "<tr><td class=\"num\">");
                report_html_g(o, pr->erlang);
                rg_buf_printf(o, "</td><td class=\"num\">%d</td>", pr->replication);
                if (pr->harness_error) {
                        rg_buf_puts(o, "<td colspan=\"3\" class=\"error\">harness error: ");
                        report_html_text(o, pr->harness_error);
                        rg_buf_puts(o, "</td></tr>\n");
                        continue;
                }
                for (int r = 0; r < REPORT_ROLES; r++) {
                        const struct report_run *run = &pr->run[r];
                        rg_buf_puts(o, "<td class=\"num\">");
                        if (!run->ok)
                                rg_buf_puts(o, "<span class=\"error\">failed</span> ");
                        report_html_g(o, run->blocked);
                        rg_buf_puts(o, " / ");
                        report_html_g(o, run->requests);
                        rg_buf_puts(o, "</td>");
                }
                rg_buf_puts(o, "<td><code>");
                for (int r = 0; r < REPORT_ROLES; r++) {
                        rg_buf_puts(o, r ? " " : "");
                        report_html_text(
                            o, pr->run[r].has & REPORT_HAS_TRACE ? pr->run[r].trace_hash : "–");
                }
                rg_buf_puts(o, "</code></td></tr>\n");
        }
        table_close(o);
        rg_buf_puts(o, "</details>\n</section>\n");
}

static void page_foot(const struct report_doc *doc, struct rg_buf *o)
{
        rg_buf_puts(o, "</main>\n<footer class=\"page\">Written by ");
        report_html_text(o, doc->tool);
        rg_buf_puts(o, " ");
        report_html_text(o, doc->version);
        rg_buf_printf(o, " (report schema %d)", doc->schema_version);
        if (doc->timing.finished && doc->timing.finished[0]) {
                rg_buf_puts(o, ", comparison finished ");
                report_html_text(o, doc->timing.finished);
        }
        rg_buf_puts(o, ".</footer>\n</body>\n</html>\n");
}

static int render(const struct report_doc *doc, const struct report_render_opts *opts,
                  struct rg_buf *out, struct rg_errbuf *eb)
{
        (void)opts;
        (void)eb;
        page_head(doc, out);
        banner(doc, out);
        loads_table(doc, out);
        looks_tables(doc, out);
        diagnosis(doc, out);
        failures(doc, out);
        report_html_charts(doc, out);
        metric_tables(doc, out);
        report_html_declared(doc, out);
        secondary_table(doc, out);
        performance(doc, out);
        inputs(doc, out);
        runs(doc, out);
        page_foot(doc, out);
        return rg_buf_failed(out) ? RG_NOMEM : RG_OK;
}

const struct report_renderer_ops report_html_ops = {
    .name = "html",
    .extension = ".html",
    .render = render,
};
