/*
 * The HTML report: one self-contained page.  No script, no font, no image
 * and no stylesheet is fetched (a Content-Security-Policy forbids every
 * fetch, so a browser reports any that slips in); the charts are inline SVG
 * drawn here.  The page is also well-formed XML, so a strict XML parser can
 * check it, and every string from the document goes through
 * report_put_xml.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render.h"

/* ---- text and numbers ----------------------------------------------------- */

static void put_text(struct rg_buf *o, const char *s)
{
        report_put_xml(o, s ? s : "");
}

/* A figure the document could not compute (NAN, null in the JSON) is a dash,
 * never "nan"; an unbounded one is an infinity sign, never "inf". */
static bool put_special(struct rg_buf *o, double v)
{
        if (isnan(v))
                rg_buf_puts(o, "–");
        else if (isinf(v))
                rg_buf_puts(o, v > 0 ? "+∞" : "−∞");
        return !isfinite(v);
}

static void put_fixed(struct rg_buf *o, double v, int prec)
{
        if (!put_special(o, v))
                rg_buf_printf(o, "%.*f", prec, v);
}

static void put_signed(struct rg_buf *o, double v, int prec)
{
        if (!put_special(o, v))
                rg_buf_printf(o, "%+.*f", prec, v);
}

/* counts, loads, seeds: as many digits as they have, no exponent */
static void put_g(struct rg_buf *o, double v)
{
        if (!put_special(o, v))
                rg_buf_printf(o, "%.10g", v);
}

static void put_p(struct rg_buf *o, double v)
{
        if (!put_special(o, v))
                rg_buf_printf(o, "%.3g", v);
}

static void put_interval(struct rg_buf *o, double lo, double hi, int prec, bool sign)
{
        rg_buf_puts(o, "[");
        (sign ? put_signed : put_fixed)(o, lo, prec);
        rg_buf_puts(o, ", ");
        (sign ? put_signed : put_fixed)(o, hi, prec);
        rg_buf_puts(o, "]");
}

static void put_percent(struct rg_buf *o, double fraction)
{
        char s[16];
        if (!isfinite(fraction)) {
                put_special(o, fraction);
                return;
        }
        stats_percent(fraction, s, sizeof(s));
        rg_buf_printf(o, "%s %%", s);
}

static const char *verdict_class(enum stats_verdict v)
{
        static const char *const cls[] = {"pass",    "monitor",   "inconclusive",
                                          "planned", "emergency", "harness"};
        return (unsigned)v < sizeof(cls) / sizeof(cls[0]) ? cls[v] : "harness";
}

static void put_badge(struct rg_buf *o, enum stats_verdict v)
{
        rg_buf_printf(o, "<span class=\"badge v-%s\">%s</span>", verdict_class(v),
                      stats_verdict_name(v));
}

static const char *dev_unit(const struct report_doc *doc)
{
        return doc->policy.deviation == STATS_DEV_RELATIVE ? "%" : "pp";
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
        put_text(o, doc->tool);
        rg_buf_printf(o, ": %s", stats_verdict_name(doc->verdict));
        if (doc->inputs.topology && doc->inputs.topology[0]) {
                rg_buf_puts(o, " – ");
                put_text(o, doc->inputs.topology);
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
        put_text(o, doc->reason);
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
        put_text(o, doc->action.text);
        rg_buf_puts(o, "</p>\n");
        if (doc->action.level != 0) {
                rg_buf_puts(o, "<p class=\"switch\">Switch: environment <code>");
                put_text(o, doc->action.rollback_env);
                rg_buf_puts(o, "</code>, config key <code>");
                put_text(o, doc->action.rollback_config_key);
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
        const char *u = dev_unit(doc);
        rg_buf_puts(o, "<p class=\"meta\">Legacy <code>");
        put_text(o, doc->inputs.legacy);
        rg_buf_puts(o, "</code> against orchestrator <code>");
        put_text(o, doc->inputs.orchestrator);
        rg_buf_puts(o, "</code> on ");
        put_text(o, doc->inputs.topology);
        rg_buf_printf(o, ": %d load(s) × %d replication(s), ", doc->n_loads, doc->inputs.n_seeds);
        put_g(o, doc->inputs.requests);
        rg_buf_puts(o, " requests per run");
        if (doc->inputs.inject && doc->inputs.inject[0]) {
                rg_buf_puts(o, ", injected fault <code>");
                put_text(o, doc->inputs.inject);
                rg_buf_puts(o, "</code>");
        }
        rg_buf_printf(o, ".<br/>Deviation %s, T1 ",
                      doc->policy.deviation == STATS_DEV_RELATIVE ? "relative" : "absolute");
        put_g(o, doc->policy.t1);
        rg_buf_printf(o, " %s, T2 ", u);
        put_g(o, doc->policy.t2);
        rg_buf_printf(o, " %s, direction %s; ", u,
                      doc->policy.direction == STATS_DIR_INCREASE ? "increase only" : "either");
        put_percent(o, doc->policy.confidence);
        rg_buf_puts(o, " intervals, decisions on ");
        put_percent(o, doc->policy.decision_level);
        rg_buf_printf(o, " intervals%s.</p>\n", doc->inputs.paired ? "" : ", UNPAIRED seeds");
}

/* ---- charts ----------------------------------------------------------------
 * Every chart is the same frame: a viewBox of CW x CH with the plot area
 * [PL, PR] x [PT, PB]; loads are equal bands along x (in their order, so one
 * load or loads far apart still draw), series are offset inside a band.
 * Data points are <circle class="pt ..."> so that a test can count them. */

#define CW 480.0
#define CH 290.0
#define PL 58.0
#define PR 440.0
#define PT 40.0
#define PB 246.0

struct plot {
        struct rg_buf *o;
        const struct report_doc *doc;
        int n; /* bands along x, at least 1 */
        double lo, hi, step;
        int decimals;
};

static void range_add(double r[2], double v)
{
        if (isfinite(v)) {
                r[0] = fmin(r[0], v);
                r[1] = fmax(r[1], v);
        }
}

/* 1, 2 or 5 times a power of ten, so that ticks read as round numbers */
static double nice_step(double raw)
{
        double e = pow(10, floor(log10(raw)));
        double f = raw / e;
        return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * e;
}

/* The y axis for the finite values in r (r[0] > r[1]: none).  A single value
 * or none at all still gets a range, so no scale divides by zero; with
 * `nonneg` the axis does not go below 0 unless a value does. */
static void plot_fit(struct plot *p, const double r[2], bool nonneg)
{
        double min = fmax(r[0], -1e300), max = fmin(r[1], 1e300);
        if (!(min <= max)) {
                min = 0;
                max = 1;
        }
        double mag = fmax(fabs(min), fabs(max));
        if (max - min <= 1e-12 * fmax(mag, 1e-300)) {
                double pad = mag > 0 ? mag / 10 : 1;
                min -= pad;
                max += pad;
        }
        /* headroom, so that no point sits on the frame; a 0 (the floor of
         * a blocking probability) stays the edge */
        double span = max - min;
        if (min != 0)
                min -= span / 20;
        if (max != 0)
                max += span / 20;
        if (nonneg && r[0] >= 0)
                min = fmax(min, 0);
        p->step = nice_step((max - min) / 5);
        p->lo = floor(min / p->step + 1e-9) * p->step;
        p->hi = ceil(max / p->step - 1e-9) * p->step;
        if (!(p->hi > p->lo))
                p->hi = p->lo + p->step;
        int d = (int)ceil(-log10(p->step) - 1e-9);
        p->decimals = d < 0 ? 0 : d > 12 ? 12 : d;
}

static double band_width(const struct plot *p)
{
        return (PR - PL) / p->n;
}

static double x_at(const struct plot *p, int load, double offset)
{
        return PL + (load + 0.5 + offset) * band_width(p);
}

/* clamped to the plot: an unbounded interval end lands on the edge */
static double y_at(const struct plot *p, double v)
{
        if (!(v > p->lo))
                v = p->lo;
        if (v > p->hi)
                v = p->hi;
        return PB - (v - p->lo) / (p->hi - p->lo) * (PB - PT);
}

static void chart_open(struct plot *p, const char *id, const char *title)
{
        rg_buf_printf(p->o,
                      "<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                      "id=\"chart-%s\" class=\"chart-svg\" viewBox=\"0 0 %.0f %.0f\" "
                      "role=\"img\" aria-labelledby=\"chart-%s-title\">\n"
                      "<title id=\"chart-%s-title\">%s</title>\n",
                      id, CW, CH, id, id, title);
}

static void chart_axes(struct plot *p, const char *ylabel)
{
        struct rg_buf *o = p->o;
        int nt = (int)lround((p->hi - p->lo) / p->step);
        for (int i = 0; i <= nt && i <= 24; i++) {
                double v = p->lo + i * p->step;
                if (fabs(v) < p->step * 1e-6)
                        v = 0; /* never "-0.0" */
                double y = y_at(p, v);
                rg_buf_printf(o,
                              "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                              "y2=\"%.1f\"/><text class=\"tick\" x=\"%.1f\" y=\"%.1f\" "
                              "text-anchor=\"end\">%s%.*f</text>\n",
                              PL, y, PR, y, PL - 6, y + 4, v < 0 ? "−" : "", p->decimals, fabs(v));
        }
        rg_buf_printf(o,
                      "<path class=\"axis\" d=\"M%.1f %.1fV%.1fH%.1f\"/>\n"
                      "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">load (Erlang)</text>\n"
                      "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" "
                      "transform=\"rotate(-90 14 %.1f)\">",
                      PL, PT, PB, PR, (PL + PR) / 2, CH - 8, (PT + PB) / 2, (PT + PB) / 2);
        rg_buf_puts(o, ylabel);
        rg_buf_puts(o, "</text>\n");
        /* labels of crowded loads are thinned so that they never overlap */
        int every = (int)ceil(44 / band_width(p));
        for (int i = 0; i < p->doc->n_loads; i++) {
                if (i % every)
                        continue;
                rg_buf_printf(o,
                              "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" "
                              "text-anchor=\"middle\">",
                              x_at(p, i, 0), PB + 18);
                put_g(o, p->doc->loads[i].erlang);
                rg_buf_puts(o, "</text>\n");
        }
        if (p->doc->n_loads == 0)
                rg_buf_printf(o,
                              "<text class=\"nc\" x=\"%.1f\" y=\"%.1f\" "
                              "text-anchor=\"middle\">no loads</text>\n",
                              (PL + PR) / 2, (PT + PB) / 2);
}

/* characters, not bytes: the labels hold "–" and "≥" */
static double text_width(const char *s)
{
        int n = 0;
        for (; *s; s++)
                n += ((unsigned char)*s & 0xc0) != 0x80;
        return n;
}

struct legend_item {
        const char *cls, *label;
        bool swatch; /* a band colour rather than a marker */
};

static void chart_legend(struct plot *p, const struct legend_item *it, int n)
{
        double x = PL;
        for (int i = 0; i < n; i++) {
                if (it[i].swatch)
                        rg_buf_printf(p->o,
                                      "<rect class=\"swatch %s\" x=\"%.1f\" y=\"12\" width=\"14\" "
                                      "height=\"12\"/>",
                                      it[i].cls, x);
                else
                        rg_buf_printf(p->o,
                                      "<circle class=\"key %s\" cx=\"%.1f\" cy=\"18\" r=\"4.5\" "
                                      "stroke-width=\"2\"/>",
                                      it[i].cls, x + 6);
                rg_buf_printf(p->o, "<text x=\"%.1f\" y=\"22\">", x + 18);
                put_text(p->o, it[i].label);
                rg_buf_puts(p->o, "</text>\n");
                x += 30 + 9 * text_width(it[i].label); /* room for the phone's larger text */
        }
}

/* ends the drawing and opens the caption; chart_end closes the figure */
static void chart_caption(struct plot *p)
{
        rg_buf_puts(p->o, "</svg>\n<figcaption>");
}

static void chart_end(struct plot *p)
{
        rg_buf_puts(p->o, "</figcaption>\n</figure>\n");
}

/* "not computed" where a load has no point; upright when the band is too
 * narrow for the words */
static void not_computed(struct plot *p, int load, const char *what)
{
        double x = x_at(p, load, 0), y = (PT + PB) / 2;
        if (p->lo < 0 && p->hi > 0 && fabs(y - y_at(p, 0)) < 14)
                y -= 40; /* off the zero line */
        rg_buf_printf(p->o, "<text class=\"nc\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\"", x,
                      y);
        if (band_width(p) < 110)
                rg_buf_printf(p->o, " transform=\"rotate(-90 %.1f %.1f)\"", x, y);
        rg_buf_printf(p->o, ">%s%snot computed</text>\n", what, what[0] ? " " : "");
}

/* An interval bar with caps; an end beyond the axis (only an unbounded one
 * can be) stops at the edge under an arrowhead. */
static void chart_bar(struct plot *p, double x, double lo, double hi, const char *cls)
{
        if (isnan(lo) || isnan(hi))
                return;
        double ylo = y_at(p, lo), yhi = y_at(p, hi);
        rg_buf_printf(p->o, "<path class=\"bar %s\" d=\"M%.1f %.1fV%.1f", cls, x, yhi, ylo);
        if (isfinite(hi))
                rg_buf_printf(p->o, "M%.1f %.1fH%.1f", x - 4, yhi, x + 4);
        if (isfinite(lo))
                rg_buf_printf(p->o, "M%.1f %.1fH%.1f", x - 4, ylo, x + 4);
        rg_buf_puts(p->o, "\"/>\n");
        double ends[2] = {lo, hi};
        for (int e = 0; e < 2; e++) {
                if (isfinite(ends[e]))
                        continue;
                double y = y_at(p, ends[e]), d = y <= PT ? 8 : -8;
                rg_buf_printf(p->o,
                              "<path class=\"clip %s\" d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\">"
                              "<title>unbounded: %s</title></path>\n",
                              cls, x - 5, y + d, x, y, x + 5, y + d, ends[e] > 0 ? "+∞" : "−∞");
        }
}

/* How a series draws: its CSS class, the words of its tooltip, the unit,
 * whether values carry a sign (deviations) and the dot's radius. */
struct mark {
        const char *cls, *who, *unit;
        bool sign;
        double r;
};

/* A data point with its tooltip "<who>, <load> Erlang: <value> [<lo>, <hi>]
 * <unit>". */
static void chart_point(struct plot *p, const struct mark *m, int load, double x, double v,
                        double lo, double hi)
{
        rg_buf_printf(p->o, "<circle class=\"pt %s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"><title>",
                      m->cls, x, y_at(p, v), m->r);
        rg_buf_printf(p->o, "%s, ", m->who);
        put_g(p->o, p->doc->loads[load].erlang);
        rg_buf_puts(p->o, " Erlang: ");
        (m->sign ? put_signed : put_fixed)(p->o, v, 3);
        if (!isnan(lo) || !isnan(hi)) {
                rg_buf_puts(p->o, " ");
                put_interval(p->o, lo, hi, 3, m->sign);
        }
        rg_buf_printf(p->o, " %s</title></circle>\n", m->unit);
}

static bool have_summary(const struct report_metric *m)
{
        return m->have_stats && m->basis != STATS_BASIS_FAILED &&
               m->basis != STATS_BASIS_UNAVAILABLE && isfinite(m->legacy.mean) &&
               isfinite(m->orchestrator.mean);
}

static bool have_deviation(const struct report_metric *m)
{
        return m->unit != NULL && m->basis != STATS_BASIS_FAILED &&
               m->basis != STATS_BASIS_UNAVAILABLE && isfinite(m->deviation);
}

static bool have_per_seed(const struct report_metric *m)
{
        return m->n_per_seed > 0 && m->per_seed != NULL;
}

/* The faint line through the means of a path, broken where a load has none. */
static void chart_line(struct plot *p, int metric, int role, double offset, const char *cls)
{
        bool pen = false, any = false;
        for (int i = 0; i < p->doc->n_loads; i++) {
                const struct report_metric *m = &p->doc->loads[i].metric[metric];
                if (!have_summary(m)) {
                        pen = false;
                        continue;
                }
                double v = role == REPORT_LEGACY ? m->legacy.mean : m->orchestrator.mean;
                if (!any)
                        rg_buf_printf(p->o, "<path class=\"line %s\" d=\"", cls);
                rg_buf_printf(p->o, "%s%.1f %.1f", pen ? "L" : "M", x_at(p, i, offset), y_at(p, v));
                pen = any = true;
        }
        if (any)
                rg_buf_puts(p->o, "\"/>\n");
}

/* (1), (2): a metric of both paths against load, means with their
 * confidence intervals, in percent. */
static void chart_metric(struct plot *p, int metric)
{
        static const char *const cls[REPORT_ROLES] = {"legacy", "orchestrator"};
        static const double off[REPORT_ROLES] = {-0.12, 0.12};
        const struct report_doc *doc = p->doc;
        double r[2] = {0, 0}; /* a blocking probability starts at 0 */
        for (int i = 0; i < doc->n_loads; i++) {
                const struct report_metric *m = &doc->loads[i].metric[metric];
                if (!have_summary(m))
                        continue;
                const struct report_summary *s[2] = {&m->legacy, &m->orchestrator};
                for (int role = 0; role < REPORT_ROLES; role++) {
                        range_add(r, s[role]->mean);
                        range_add(r, s[role]->lo);
                        range_add(r, s[role]->hi);
                }
        }
        plot_fit(p, r, true);
        const char *name = report_metric_label(metric);
        chart_open(p, metric == REPORT_BP ? "bp" : "bbp",
                   metric == REPORT_BP
                       ? "Blocking probability (BP) against load, legacy and orchestrator"
                       : "Bit-rate blocking probability (BBP) against load, legacy and "
                         "orchestrator");
        chart_axes(p, metric == REPORT_BP ? "BP (%)" : "BBP (%)");
        for (int role = 0; role < REPORT_ROLES; role++)
                chart_line(p, metric, role, off[role], cls[role]);
        for (int i = 0; i < doc->n_loads; i++) {
                const struct report_metric *m = &doc->loads[i].metric[metric];
                if (!have_summary(m)) {
                        not_computed(p, i, "");
                        continue;
                }
                const struct report_summary *s[2] = {&m->legacy, &m->orchestrator};
                for (int role = 0; role < REPORT_ROLES; role++) {
                        double x = x_at(p, i, off[role]);
                        chart_bar(p, x, s[role]->lo, s[role]->hi, cls[role]);
                        const struct mark mk = {cls[role], cls[role], "%", false, 4.5};
                        chart_point(p, &mk, i, x, s[role]->mean, s[role]->lo, s[role]->hi);
                }
        }
        const struct legend_item key[] = {{"legacy", "legacy", false},
                                          {"orchestrator", "orchestrator", false}};
        chart_legend(p, key, 2);
        chart_caption(p);
        rg_buf_printf(p->o, "%s in %% per load: the mean over replications with its ", name);
        put_percent(p->o, doc->policy.confidence);
        rg_buf_puts(p->o, " confidence interval; legacy filled, orchestrator hollow.");
        chart_end(p);
}

/* A horizontal band [a, b] of the deviation chart, cut to the axis. */
static void chart_band(struct plot *p, double a, double b, const char *cls)
{
        a = fmax(a, p->lo);
        b = fmin(b, p->hi);
        if (!(b > a))
                return;
        double y1 = y_at(p, b), y2 = y_at(p, a);
        rg_buf_printf(p->o,
                      "<rect class=\"band %s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                      "height=\"%.1f\"/>\n",
                      cls, PL, y1, PR - PL, y2 - y1);
}

static void chart_threshold(struct plot *p, double v, const char *label)
{
        if (!isfinite(v) || v < p->lo || v > p->hi)
                return;
        double y = y_at(p, v);
        rg_buf_printf(p->o,
                      "<line class=\"thr\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                      "<text class=\"band-label\" x=\"%.1f\" y=\"%.1f\">%s</text>\n",
                      PL, y, PR, y, PR + 4, y + 4, label);
}

/* the zero line, when it is inside the axis */
static void chart_zero(struct plot *p)
{
        if (p->lo < 0 && p->hi > 0)
                rg_buf_printf(p->o,
                              "<line class=\"zero\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                              "y2=\"%.1f\"/>\n",
                              PL, y_at(p, 0), PR, y_at(p, 0));
}

/* (3): the deviation of both metrics per load with its decision interval,
 * over the zones of the policy: inside T1 (equivalent), T1 to T2 (planned
 * rollback), beyond T2 (emergency).  With direction "increase" only the
 * positive side counts, so everything below +T1 is the equivalent zone. */
static void chart_deviation(struct plot *p)
{
        static const char *const cls[REPORT_METRICS] = {"bp", "bbp"};
        static const double off[REPORT_METRICS] = {-0.12, 0.12};
        const struct report_doc *doc = p->doc;
        double t1 = doc->policy.t1, t2 = doc->policy.t2;
        bool up = doc->policy.direction == STATS_DIR_INCREASE;
        bool bands = isfinite(t1) && isfinite(t2) && t1 > 0 && t2 >= t1;
        double r[2] = {0, 0};
        if (bands) { /* some of the zone beyond T1 shows */
                range_add(r, 1.25 * t1);
                range_add(r, -1.25 * t1);
        }
        for (int i = 0; i < doc->n_loads; i++)
                for (int k = 0; k < REPORT_METRICS; k++) {
                        const struct report_metric *m = &doc->loads[i].metric[k];
                        if (!have_deviation(m))
                                continue;
                        range_add(r, m->deviation);
                        range_add(r, m->dev_lo);
                        range_add(r, m->dev_hi);
                }
        plot_fit(p, r, false);
        const char *u = dev_unit(doc);
        chart_open(p, "deviation",
                   "Deviation per load with its decision interval against T1 "
                   "and T2");
        if (bands) {
                chart_band(p, up ? -INFINITY : -t1, t1, "eq");
                chart_band(p, t1, t2, "planned");
                chart_band(p, t2, INFINITY, "emergency");
                if (!up) {
                        chart_band(p, -t2, -t1, "planned");
                        chart_band(p, -INFINITY, -t2, "emergency");
                }
        }
        chart_axes(p, doc->policy.deviation == STATS_DEV_RELATIVE ? "orchestrator − legacy (%)"
                                                                  : "orchestrator − legacy (pp)");
        chart_zero(p);
        if (bands) {
                chart_threshold(p, t1, "+T1");
                chart_threshold(p, t2, "+T2");
                if (!up) {
                        chart_threshold(p, -t1, "−T1");
                        chart_threshold(p, -t2, "−T2");
                }
        }
        for (int i = 0; i < doc->n_loads; i++) {
                const struct report_metric *mm = doc->loads[i].metric;
                bool have[2] = {have_deviation(&mm[0]), have_deviation(&mm[1])};
                if (!have[0] || !have[1])
                        not_computed(p, i, have[0] ? "BBP" : have[1] ? "BP" : "");
                for (int k = 0; k < REPORT_METRICS; k++) {
                        if (!have[k])
                                continue;
                        double x = x_at(p, i, off[k]);
                        chart_bar(p, x, mm[k].dev_lo, mm[k].dev_hi, cls[k]);
                        const struct mark mk = {cls[k], report_metric_label(k), mm[k].unit, true,
                                                4.5};
                        chart_point(p, &mk, i, x, mm[k].deviation, mm[k].dev_lo, mm[k].dev_hi);
                }
        }
        const struct legend_item key[] = {{"bp", "BP", false},
                                          {"bbp", "BBP", false},
                                          {"band eq", "< T1", true},
                                          {"band planned", "T1–T2", true},
                                          {"band emergency", "≥ T2", true}};
        chart_legend(p, key, bands ? 5 : 2);
        chart_caption(p);
        rg_buf_printf(p->o, "Deviation (orchestrator − legacy, %s) per load with its ", u);
        put_percent(p->o, doc->policy.decision_level);
        rg_buf_puts(p->o, " decision interval; BP filled, BBP hollow. Shaded: green inside T1 = ");
        put_g(p->o, t1);
        rg_buf_printf(p->o, " %s (equivalent), amber from T1 to T2 = ", u);
        put_g(p->o, t2);
        rg_buf_printf(p->o, " %s (planned rollback), red beyond T2 (emergency)%s.", u,
                      up ? "; direction increase: only the positive side counts, so everything "
                           "below +T1 is equivalent"
                         : "");
        chart_end(p);
}

/* (4): the paired differences of every replication as dots, spread across
 * the metric's part of the band, with their mean as a short bar. */
static void chart_per_seed(struct plot *p)
{
        static const char *const cls[REPORT_METRICS] = {"bp", "bbp"};
        static const double off[REPORT_METRICS] = {-0.2, 0.2};
        const struct report_doc *doc = p->doc;
        double r[2] = {0, 0};
        for (int i = 0; i < doc->n_loads; i++)
                for (int k = 0; k < REPORT_METRICS; k++) {
                        const struct report_metric *m = &doc->loads[i].metric[k];
                        if (have_per_seed(m))
                                for (int j = 0; j < m->n_per_seed; j++)
                                        range_add(r, m->per_seed[j]);
                }
        plot_fit(p, r, false);
        chart_open(p, "per-seed", "Paired per-replication deviations per load");
        chart_axes(p, "orchestrator − legacy (pp)");
        chart_zero(p);
        double half = 0.14 * band_width(p);
        for (int i = 0; i < doc->n_loads; i++) {
                const struct report_metric *mm = doc->loads[i].metric;
                bool have[2] = {have_per_seed(&mm[0]), have_per_seed(&mm[1])};
                if (!have[0] || !have[1])
                        not_computed(p, i, have[0] ? "BBP" : have[1] ? "BP" : "");
                for (int k = 0; k < REPORT_METRICS; k++) {
                        const struct report_metric *m = &mm[k];
                        if (!have[k])
                                continue;
                        double x0 = x_at(p, i, off[k]);
                        int n = m->n_per_seed;
                        double gap = n > 1 ? fmin(7, 2 * half / (n - 1)) : 0;
                        const struct mark mk = {cls[k], report_metric_label(k), "pp", true, 3};
                        if (m->have_stats && isfinite(m->delta.mean))
                                rg_buf_printf(
                                    p->o, "<path class=\"mean %s\" d=\"M%.1f %.1fH%.1f\"/>\n",
                                    cls[k], x0 - half - 4, y_at(p, m->delta.mean), x0 + half + 4);
                        for (int j = 0; j < n; j++) {
                                double v = m->per_seed[j];
                                if (!isfinite(v))
                                        continue;
                                double x = x0 + (j - (n - 1) / 2.0) * gap;
                                chart_point(p, &mk, i, x, v, NAN, NAN);
                        }
                }
        }
        const struct legend_item key[] = {{"bp", "BP", false}, {"bbp", "BBP", false}};
        chart_legend(p, key, 2);
        chart_caption(p);
        rg_buf_puts(p->o,
                    "Each dot is one replication's paired difference orchestrator − legacy in "
                    "percentage points; the bar across them is their mean. Empty when a run "
                    "failed.");
        chart_end(p);
}

static void charts(const struct report_doc *doc, struct rg_buf *o)
{
        struct plot p = {.o = o, .doc = doc, .n = doc->n_loads > 0 ? doc->n_loads : 1};
        rg_buf_puts(o, "<section id=\"charts\">\n<h2>Charts</h2>\n<div class=\"charts\">\n");
        chart_metric(&p, REPORT_BP);
        chart_metric(&p, REPORT_BBP);
        chart_deviation(&p);
        chart_per_seed(&p);
        rg_buf_puts(o, "</div>\n</section>\n");
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
                put_g(o, L->erlang);
                rg_buf_puts(o, "</td><td>");
                put_badge(o, L->verdict);
                rg_buf_puts(o, "</td><td class=\"why\">");
                put_text(o, L->reason);
                rg_buf_puts(o, "</td><td class=\"num\">");
                put_g(o, L->blocked_total[REPORT_LEGACY]);
                rg_buf_puts(o, " / ");
                put_g(o, L->blocked_total[REPORT_ORCHESTRATOR]);
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
                                      doc->inputs.n_seeds);
                        put_fixed(o, L->resolution_pp, 2);
                        rg_buf_puts(o, " pp at this spread</li>");
                }
                for (int f = 0; f < L->n_flags && L->flags; f++) {
                        rg_buf_puts(o, "<li class=\"flag\">");
                        put_text(o, L->flags[f]);
                        rg_buf_puts(o, "</li>");
                }
                rg_buf_puts(o, "</ul></td></tr>\n");
        }
        table_close(o);
        rg_buf_puts(o, "</section>\n");
}

static void put_summary_cell(struct rg_buf *o, const struct report_metric *m,
                             const struct report_summary *s)
{
        rg_buf_puts(o, "<td>");
        if (m->have_stats) {
                put_fixed(o, s->mean, 3);
                rg_buf_puts(o, " <span class=\"nw\">");
                put_interval(o, s->lo, s->hi, 3, false);
                rg_buf_puts(o, "</span>");
        } else {
                rg_buf_puts(o, "–");
        }
        rg_buf_puts(o, "</td>");
}

static void metric_row(const struct report_load *L, int k, struct rg_buf *o)
{
        const struct report_metric *m = &L->metric[k];
        rg_buf_puts(o, "<tr><td class=\"num\">");
        put_g(o, L->erlang);
        rg_buf_puts(o, "</td>");
        put_summary_cell(o, m, &m->legacy);
        put_summary_cell(o, m, &m->orchestrator);
        rg_buf_puts(o, "<td class=\"num\">");
        if (m->unit) {
                put_signed(o, m->deviation, 3);
                rg_buf_puts(o, " ");
                put_text(o, m->unit);
        } else {
                rg_buf_puts(o, "–");
        }
        if (m->have_stats && isfinite(m->rel_mean)) {
                rg_buf_puts(o, "<br/><span class=\"basis\">");
                put_signed(o, m->rel_mean, 2);
                rg_buf_puts(o, " % of legacy</span>");
        }
        rg_buf_puts(o, "</td><td><span class=\"nw\">");
        if (m->basis == STATS_BASIS_FAILED || m->basis == STATS_BASIS_UNAVAILABLE)
                rg_buf_puts(o, "not computed");
        else if (m->unit)
                put_interval(o, m->dev_lo, m->dev_hi, 3, true);
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
        put_badge(o, m->verdict);
        rg_buf_puts(o, "</td><td class=\"why\">");
        put_text(o, m->reason);
        if (m->emergency_not_excluded)
                rg_buf_puts(o, " <strong>(an emergency is not excluded)</strong>");
        if (m->replications_needed > 0) {
                rg_buf_puts(o, " <em>Needs about ");
                put_g(o, m->replications_needed);
                rg_buf_puts(o, " replications to decide.</em>");
        }
        if (m->requests_needed > 0) {
                rg_buf_puts(o, " <em>Needs about ");
                put_g(o, m->requests_needed);
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
                        metric_row(&doc->loads[i], k, o);
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
        put_fixed(o, c->statistic, 3);
        rg_buf_puts(o, ", df ");
        put_g(o, c->df);
        rg_buf_puts(o, ", p ");
        put_p(o, c->p_value);
        rg_buf_puts(o, ", dispersion ");
        put_fixed(o, c->dispersion, 2);
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
                put_g(o, doc->loads[i].erlang);
                rg_buf_puts(o, "</td>");
                put_chisq(o, &s->block_reasons);
                put_chisq(o, &s->modulations);
                rg_buf_puts(o, "<td class=\"num\">");
                if (s->have_length)
                        put_signed(o, s->length_rel, 4);
                else
                        rg_buf_puts(o, "–");
                rg_buf_puts(o, "</td><td class=\"num\">");
                if (s->have_hops)
                        put_signed(o, s->hops_diff, 3);
                else
                        rg_buf_puts(o, "–");
                rg_buf_puts(o, "</td><td class=\"num\">");
                if (s->have_bias) {
                        put_g(o, s->bias_higher);
                        rg_buf_puts(o, " / ");
                        put_g(o, s->bias_lower);
                        rg_buf_puts(o, " / ");
                        put_g(o, s->bias_ties);
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
        static const char *const role[REPORT_ROLES] = {"legacy", "orchestrator"};
        int n = 0;
        rg_buf_puts(o, "<section id=\"failures\">\n<h2>Failed runs and harness errors</h2>\n");
        for (int i = 0; i < doc->n_pairs; i++) {
                const struct report_pair *pr = &doc->pairs[i];
                for (int r = -1; r < REPORT_ROLES; r++) {
                        if (r < 0 ? pr->harness_error == NULL
                                  : pr->harness_error != NULL || pr->run[r].ok)
                                continue;
                        rg_buf_puts(o, n++ ? "" : "<ul>\n");
                        rg_buf_puts(o, "<li class=\"error\">Erlang ");
                        put_g(o, pr->erlang);
                        rg_buf_printf(o, ", replication %d: ", pr->replication);
                        if (r < 0) {
                                rg_buf_puts(o, "<strong>harness error</strong>: ");
                                put_text(o, pr->harness_error);
                        } else {
                                rg_buf_printf(o, "<strong>%s run failed</strong> (seed ", role[r]);
                                put_g(o, pr->run[r].seed);
                                if (pr->run[r].has & REPORT_HAS_FAIL_REQUEST) {
                                        rg_buf_puts(o, ", at request ");
                                        put_g(o, pr->run[r].fail_request);
                                }
                                rg_buf_puts(o, "): ");
                                put_text(o, pr->run[r].error);
                        }
                        rg_buf_puts(o, "</li>\n");
                }
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
        put_g(o, d->erlang);
        rg_buf_puts(o, " Erlang, seed ");
        put_g(o, d->seed);
        rg_buf_puts(o, ", request ");
        put_g(o, d->request);
        rg_buf_puts(o, " is the first the paths decide differently (");
        put_g(o, d->compared);
        rg_buf_puts(o, " requests decided alike before it).</p>\n<table class=\"kv\"><tbody>"
                       "<tr><th scope=\"row\">legacy</th><td>");
        put_text(o, d->decision[REPORT_LEGACY]);
        rg_buf_puts(o, "</td></tr><tr><th scope=\"row\">orchestrator</th><td>");
        put_text(o, d->decision[REPORT_ORCHESTRATOR]);
        rg_buf_puts(o, "</td></tr></tbody></table>\n</section>\n");
}

static void put_perf(struct rg_buf *o, const struct report_perf *p)
{
        if (!p->computed) {
                rg_buf_puts(o, "not compared");
                return;
        }
        put_fixed(o, p->ratio, 3);
        rg_buf_puts(o, " ");
        put_interval(o, p->lo, p->hi, 3, false);
        rg_buf_puts(o, p->slower ? " <strong>significantly slower</strong>" : "");
}

static void kv_row(struct rg_buf *o, const char *key)
{
        rg_buf_printf(o, "<tr><th scope=\"row\">%s</th><td>", key);
}

static void kv_text(struct rg_buf *o, const char *key, const char *value)
{
        kv_row(o, key);
        put_text(o, value);
        rg_buf_puts(o, "</td></tr>\n");
}

static void kv_num(struct rg_buf *o, const char *key, double v)
{
        kv_row(o, key);
        put_g(o, v);
        rg_buf_puts(o, "</td></tr>\n");
}

static void performance(const struct report_doc *doc, struct rg_buf *o)
{
        rg_buf_puts(o, "<section id=\"performance\">\n<h2>Performance</h2>\n<p>Run time "
                       "orchestrator / legacy over all runs: ");
        put_perf(o, &doc->timing.pooled);
        rg_buf_puts(o, " (MONITOR beyond +");
        put_g(o, 100 * doc->policy.perf_threshold);
        rg_buf_puts(o, " %; clock <code>");
        put_text(o, doc->timing.performance_clock);
        rg_buf_puts(o, "</code>).</p>\n<div class=\"kv-grid\">\n");
        if (doc->timing.perf) {
                static const char *const head[] = {"Erlang", "run time orchestrator / legacy"};
                table_open(o, NULL, head, 2);
                for (int i = 0; i < doc->n_loads; i++) {
                        rg_buf_puts(o, "<tr><td class=\"num\">");
                        put_g(o, doc->timing.perf[i].erlang);
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
        kv_num(o, "online CPUs", doc->timing.online_cpus);
        kv_num(o, "external runs executed", doc->timing.runs_executed);
        kv_num(o, "external runs reused", doc->timing.runs_reused);
        rg_buf_puts(o, "</tbody></table>\n</div>\n</section>\n");
}

static void put_list(struct rg_buf *o, const double *v, int n)
{
        for (int i = 0; i < n && v; i++) {
                rg_buf_puts(o, i ? ", " : "");
                put_g(o, v[i]);
        }
}

static void inputs(const struct report_doc *doc, struct rg_buf *o)
{
        const char *u = dev_unit(doc);
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
                put_text(o, doc->inputs.dist_label[i]);
                rg_buf_puts(o, ": ");
                put_g(o, doc->inputs.dist_prob[i]);
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
        put_g(o, doc->policy.t1);
        rg_buf_puts(o, " / ");
        put_g(o, doc->policy.t2);
        rg_buf_printf(o, " %s</td></tr>\n", u);
        kv_row(o, "confidence");
        put_percent(o, doc->policy.confidence);
        rg_buf_puts(o, "</td></tr>\n");
        kv_row(o, "decision level");
        put_percent(o, doc->policy.decision_level);
        rg_buf_puts(o, "</td></tr>\n");
        kv_num(o, "performance threshold", doc->policy.perf_threshold);
        kv_num(o, "low-signal blocked requests", doc->policy.low_signal_blocked);
        kv_num(o, "Holm-corrected tests", doc->policy.holm_tests);
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
                put_g(o, pr->erlang);
                rg_buf_printf(o, "</td><td class=\"num\">%d</td>", pr->replication);
                if (pr->harness_error) {
                        rg_buf_puts(o, "<td colspan=\"3\" class=\"error\">harness error: ");
                        put_text(o, pr->harness_error);
                        rg_buf_puts(o, "</td></tr>\n");
                        continue;
                }
                for (int r = 0; r < REPORT_ROLES; r++) {
                        const struct report_run *run = &pr->run[r];
                        rg_buf_puts(o, "<td class=\"num\">");
                        if (!run->ok)
                                rg_buf_puts(o, "<span class=\"error\">failed</span> ");
                        put_g(o, run->blocked);
                        rg_buf_puts(o, " / ");
                        put_g(o, run->requests);
                        rg_buf_puts(o, "</td>");
                }
                rg_buf_puts(o, "<td><code>");
                for (int r = 0; r < REPORT_ROLES; r++) {
                        rg_buf_puts(o, r ? " " : "");
                        put_text(o,
                                 pr->run[r].has & REPORT_HAS_TRACE ? pr->run[r].trace_hash : "–");
                }
                rg_buf_puts(o, "</code></td></tr>\n");
        }
        table_close(o);
        rg_buf_puts(o, "</details>\n</section>\n");
}

static void page_foot(const struct report_doc *doc, struct rg_buf *o)
{
        rg_buf_puts(o, "</main>\n<footer class=\"page\">Written by ");
        put_text(o, doc->tool);
        rg_buf_puts(o, " ");
        put_text(o, doc->version);
        rg_buf_printf(o, " (report schema %d)", doc->schema_version);
        if (doc->timing.finished && doc->timing.finished[0]) {
                rg_buf_puts(o, ", comparison finished ");
                put_text(o, doc->timing.finished);
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
        diagnosis(doc, out);
        failures(doc, out);
        charts(doc, out);
        metric_tables(doc, out);
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
