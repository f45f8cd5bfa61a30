/*
 * The HTML page of `rollgate history`: one self-contained page (a
 * Content-Security-Policy forbids every fetch; the charts are inline SVG
 * drawn here), well-formed XML so that a strict parser can check it, every
 * string from the file through report_put_xml.
 *
 * One chart per config, two panels over the same nights: above, the BP
 * deviation of every load with its decision interval against the zones of
 * T1 and T2; below, legacy's own BP with its confidence interval, where a
 * moved reference shows.  BBP is in the table under it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../reports/render.h"
#include "history_view.h"

#define CW 720.0
#define CH 470.0
#define PL 64.0
#define PR 660.0
/* the two panels */
#define T_TOP 40.0
#define T_BOT 210.0
#define B_TOP 262.0
#define B_BOT 420.0
#define N_COLOURS 6

static const char *const colour[N_COLOURS] = {"s0", "s1", "s2", "s3", "s4", "s5"};

static const char *const style =
    "body{margin:0;background:#f3f4f6;color:#1f2937;font:15px/1.45 system-ui,-apple-system,"
    "'Segoe UI',Roboto,Arial,sans-serif}\n"
    ".page{max-width:1100px;margin:0 auto;padding:16px}\n"
    "section{background:#fff;border:1px solid #d6dae1;border-radius:8px;padding:14px 18px;"
    "margin:16px 0}\n"
    "h1{font-size:1.5rem;margin:8px 0}h2{font-size:1.15rem;margin:0 0 10px}\n"
    ".meta{color:#5b6472;margin:4px 0}\n"
    ".table-wrap{overflow-x:auto}\n"
    "table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}\n"
    "th,td{text-align:left;padding:4px 7px;border-bottom:1px solid #d6dae1;vertical-align:top}\n"
    "th{background:#f8f9fb;font-weight:600}\n"
    ".badge{display:inline-block;padding:0 6px;border:1px solid;border-radius:4px;"
    "font-size:.8rem;font-weight:700;white-space:nowrap}\n"
    ".v-pass{background:#e7f5ea;border-color:#15803d;color:#14532d}\n"
    ".v-monitor,.v-inconclusive{background:#fff5d6;border-color:#b45309;color:#713f12}\n"
    ".v-planned{background:#fde8e8;border-color:#c81e1e;color:#7f1d1d}\n"
    ".v-emergency{background:#b91c1c;border-color:#7f1d1d;color:#fff}\n"
    ".v-harness{background:#374151;border-color:#111827;color:#fff}\n"
    ".moved{color:#92400e;font-weight:600}\n"
    "ul.findings{margin:0;padding-left:1.1em}\n"
    "figure{margin:0 0 10px}figure svg{display:block;width:100%;height:auto}\n"
    "figcaption{font-size:.85rem;color:#5b6472;margin-top:4px}\n"
    ".chart-svg text{font-size:13px;fill:#1f2937}\n"
    ".chart-svg .tick{fill:#4b5563;font-size:12px}\n"
    ".chart-svg .axis{fill:none;stroke:#374151}\n"
    ".chart-svg .grid{stroke:#e5e7eb}\n"
    ".chart-svg .zero{stroke:#374151}\n"
    ".chart-svg .thr{stroke:#6b7280;stroke-dasharray:5 3}\n"
    ".chart-svg .band.eq{fill:#dcfce7}.chart-svg .band.planned{fill:#fef3c7}"
    ".chart-svg .band.emergency{fill:#fee2e2}\n"
    ".chart-svg path.bar{fill:none;stroke-width:1.6}\n"
    ".chart-svg path.line{fill:none;stroke-width:1.2;opacity:.5}\n"
    ".chart-svg .ring{fill:none;stroke:#b45309;stroke-width:2}\n"
    ".chart-svg .s0{stroke:#1d4ed8;fill:#1d4ed8}.chart-svg .s1{stroke:#c2410c;fill:#c2410c}"
    ".chart-svg .s2{stroke:#0f766e;fill:#0f766e}.chart-svg .s3{stroke:#7c3aed;fill:#7c3aed}"
    ".chart-svg .s4{stroke:#be185d;fill:#be185d}.chart-svg .s5{stroke:#4d7c0f;fill:#4d7c0f}\n";

static void put_text(struct rg_buf *o, const char *s)
{
        report_put_xml(o, s ? s : "");
}

static void put_num(struct rg_buf *o, double v, bool sign)
{
        if (isnan(v))
                rg_buf_puts(o, "–");
        else if (isinf(v))
                rg_buf_puts(o, v > 0 ? "+∞" : "−∞");
        else
                rg_buf_printf(o, sign ? "%+.3f" : "%.3f", v);
}

static const char *verdict_class(enum stats_verdict v)
{
        static const char *const cls[] = {"pass",    "monitor",   "inconclusive",
                                          "planned", "emergency", "harness"};
        return (unsigned)v < sizeof(cls) / sizeof(cls[0]) ? cls[v] : "harness";
}

/* ---- one chart ---------------------------------------------------------------- */

struct axis {
        double top, bot; /* pixels */
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

/* round ticks (1, 2 or 5 times a power of ten) around r, never a zero span */
static void axis_fit(struct axis *a, const double r[2])
{
        double min = r[0], max = r[1];
        if (!(min <= max)) {
                min = 0;
                max = 1;
        }
        if (max - min < 1e-9) {
                double pad = fabs(max) > 0 ? fabs(max) / 10 : 1;
                min -= pad;
                max += pad;
        }
        double span = max - min;
        min -= span / 20;
        max += span / 20;
        if (r[0] >= 0 && min < 0)
                min = 0;
        double raw = (max - min) / 5, e = pow(10, floor(log10(raw))), f = raw / e;
        a->step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * e;
        a->lo = floor(min / a->step + 1e-9) * a->step;
        a->hi = ceil(max / a->step - 1e-9) * a->step;
        if (!(a->hi > a->lo))
                a->hi = a->lo + a->step;
        int d = (int)ceil(-log10(a->step) - 1e-9);
        a->decimals = d < 0 ? 0 : d > 6 ? 6 : d;
}

static double y_at(const struct axis *a, double v)
{
        if (!(v > a->lo))
                v = a->lo;
        if (v > a->hi)
                v = a->hi;
        return a->bot - (v - a->lo) / (a->hi - a->lo) * (a->bot - a->top);
}

static void axis_draw(struct rg_buf *o, const struct axis *a, const char *label)
{
        int nt = (int)lround((a->hi - a->lo) / a->step);
        for (int i = 0; i <= nt && i <= 24; i++) {
                double v = a->lo + i * a->step;
                if (fabs(v) < a->step * 1e-6)
                        v = 0;
                double y = y_at(a, v);
                rg_buf_printf(
                    o,
                    "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                    "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">"
                    "%s%.*f</text>\n",
                    PL, y, PR, y, PL - 6, y + 4, v < 0 ? "−" : "", a->decimals, fabs(v));
        }
        double mid = (a->top + a->bot) / 2;
        rg_buf_printf(
            o,
            "<path class=\"axis\" d=\"M%.1f %.1fV%.1fH%.1f\"/>\n<text x=\"14\" "
            "y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\">%s</text>\n",
            PL, a->top, a->bot, PR, mid, mid, label);
}

static void band(struct rg_buf *o, const struct axis *a, double lo, double hi, const char *cls)
{
        lo = fmax(lo, a->lo);
        hi = fmin(hi, a->hi);
        if (!(hi > lo))
                return;
        rg_buf_printf(o,
                      "<rect class=\"band %s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                      "height=\"%.1f\"/>\n",
                      cls, PL, y_at(a, hi), PR - PL, y_at(a, lo) - y_at(a, hi));
}

static void threshold(struct rg_buf *o, const struct axis *a, double v, const char *label)
{
        if (!isfinite(v) || v < a->lo || v > a->hi)
                return;
        rg_buf_printf(o,
                      "<line class=\"thr\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                      "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\">%s</text>\n",
                      PL, y_at(a, v), PR, y_at(a, v), PR + 4, y_at(a, v) + 4, label);
}

struct chart {
        struct rg_buf *o;
        const struct history_view *v;
        const struct history_view_config *c;
        int n_x;   /* nights on the x axis */
        int *x_of; /* [log nights]: the x band of a night, -1 when the config has none */
        int n_loads;
};

static double x_at(const struct chart *ch, int night, int load)
{
        double w = (PR - PL) / ch->n_x;
        double off = ch->n_loads > 1
                         ? (load - (ch->n_loads - 1) / 2.0) * fmin(10, 0.6 * w / ch->n_loads)
                         : 0;
        return PL + (ch->x_of[night] + 0.5) * w + off;
}

/* one series' points, bars and line on an axis: deviation or legacy */
static void draw_series(struct chart *ch, const struct history_view_series *vs, int load,
                        const struct axis *a, bool deviation)
{
        struct rg_buf *o = ch->o;
        const char *c = colour[load % N_COLOURS];
        bool open = false, pen = false; /* one path, broken where a night has no value */
        for (int j = 0; j < vs->s->n; j++) {
                const struct gate_history_row *r = &vs->s->row[j];
                double m = deviation ? r->deviation : r->legacy_mean;
                if (!isfinite(m)) {
                        pen = false;
                        continue;
                }
                if (!open)
                        rg_buf_printf(o, "<path class=\"line %s\" d=\"", c);
                rg_buf_printf(o, "%s%.1f %.1f", pen ? "L" : "M", x_at(ch, vs->s->night[j], load),
                              y_at(a, m));
                open = pen = true;
        }
        if (open)
                rg_buf_puts(o, "\"/>\n");
        for (int j = 0; j < vs->s->n; j++) {
                const struct gate_history_row *r = &vs->s->row[j];
                double m = deviation ? r->deviation : r->legacy_mean;
                double lo = deviation ? r->dev_lo : r->legacy_lo;
                double hi = deviation ? r->dev_hi : r->legacy_hi;
                if (!isfinite(m))
                        continue;
                double x = x_at(ch, vs->s->night[j], load);
                if (!isnan(lo) && !isnan(hi))
                        rg_buf_printf(o, "<path class=\"bar %s\" d=\"M%.1f %.1fV%.1f\"/>\n", c, x,
                                      y_at(a, hi), y_at(a, lo));
                if (!deviation && vs->moved[j])
                        rg_buf_printf(o,
                                      "<circle class=\"ring\" cx=\"%.1f\" cy=\"%.1f\" r=\"8\"/>\n",
                                      x, y_at(a, m));
                rg_buf_printf(o, "<circle class=\"pt %s\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\"><title>",
                              c, x, y_at(a, m));
                rg_buf_printf(o, "%g Erlang, ", vs->s->erlang);
                put_text(o, ch->v->log->nights[vs->s->night[j]].time);
                rg_buf_puts(o, deviation ? ": deviation " : ": legacy BP ");
                put_num(o, m, deviation);
                rg_buf_puts(o, " [");
                put_num(o, lo, deviation);
                rg_buf_puts(o, ", ");
                put_num(o, hi, deviation);
                rg_buf_printf(o, "] %s, %s%s</title></circle>\n", deviation ? r->unit : "%",
                              stats_verdict_name(r->verdict),
                              !deviation && vs->moved[j] ? ", reference moved" : "");
        }
}

static void chart_draw(struct chart *ch, int index)
{
        struct rg_buf *o = ch->o;
        const struct history_view *v = ch->v;
        const struct history_view_config *c = ch->c;
        double dr[2] = {INFINITY, -INFINITY}, lr[2] = {0, 0};
        double t1 = NAN, t2 = NAN;
        const char *unit = "pp";
        for (int i = c->first; i < c->first + c->count; i++) {
                const struct gate_history_series *s = v->series[i].s;
                if (strcmp(s->metric, "BP") != 0)
                        continue;
                t1 = s->row[s->n - 1].t1;
                t2 = s->row[s->n - 1].t2;
                unit = s->row[s->n - 1].unit;
                for (int j = 0; j < s->n; j++) {
                        range_add(dr, s->row[j].deviation);
                        range_add(dr, s->row[j].dev_lo);
                        range_add(dr, s->row[j].dev_hi);
                        range_add(lr, s->row[j].legacy_lo);
                        range_add(lr, s->row[j].legacy_hi);
                        range_add(lr, s->row[j].legacy_mean);
                }
        }
        bool bands = isfinite(t1) && isfinite(t2) && t1 > 0 && t2 >= t1;
        if (bands) {
                range_add(dr, 1.25 * t1);
                range_add(dr, -1.25 * t1);
        }
        struct axis da = {.top = T_TOP, .bot = T_BOT}, la = {.top = B_TOP, .bot = B_BOT};
        axis_fit(&da, dr);
        axis_fit(&la, lr);
        rg_buf_printf(o,
                      "<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                      "id=\"chart-%d\" class=\"chart-svg\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
                      "aria-labelledby=\"chart-%d-title\">\n<title id=\"chart-%d-title\">",
                      index, CW, CH, index, index);
        put_text(o, c->name);
        rg_buf_puts(o, ": BP deviation and legacy's BP over nights</title>\n");
        if (bands) {
                band(o, &da, -t1, t1, "eq");
                band(o, &da, t1, t2, "planned");
                band(o, &da, -t2, -t1, "planned");
                band(o, &da, t2, INFINITY, "emergency");
                band(o, &da, -INFINITY, -t2, "emergency");
        }
        char label[64];
        snprintf(label, sizeof(label), "BP deviation (%s)", unit);
        axis_draw(o, &da, label);
        axis_draw(o, &la, "legacy BP (%)");
        if (da.lo < 0 && da.hi > 0)
                rg_buf_printf(o,
                              "<line class=\"zero\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                              "y2=\"%.1f\"/>\n",
                              PL, y_at(&da, 0), PR, y_at(&da, 0));
        if (bands) {
                threshold(o, &da, t1, "+T1");
                threshold(o, &da, t2, "+T2");
                threshold(o, &da, -t1, "−T1");
                threshold(o, &da, -t2, "−T2");
        }
        /* night numbers along both panels' x axis */
        int every = ch->n_x > 24 ? (ch->n_x + 23) / 24 : 1;
        for (int n = 0; n < v->log->n_nights; n++)
                if (ch->x_of[n] >= 0 && ch->x_of[n] % every == 0)
                        rg_buf_printf(o,
                                      "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" "
                                      "text-anchor=\"middle\">%d</text>\n",
                                      PL + (ch->x_of[n] + 0.5) * (PR - PL) / ch->n_x, B_BOT + 18,
                                      n + 1);
        rg_buf_printf(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">night</text>\n",
                      (PL + PR) / 2, CH - 10);
        int load = 0;
        double lx = PL;
        for (int i = c->first; i < c->first + c->count; i++) {
                const struct history_view_series *vs = &v->series[i];
                if (strcmp(vs->s->metric, "BP") != 0)
                        continue;
                draw_series(ch, vs, load, &da, true);
                draw_series(ch, vs, load, &la, false);
                rg_buf_printf(o,
                              "<circle class=\"pt %s\" cx=\"%.1f\" cy=\"18\" r=\"4\"/>"
                              "<text x=\"%.1f\" y=\"22\">%g Erlang</text>\n",
                              colour[load % N_COLOURS], lx + 5, lx + 14, vs->s->erlang);
                lx += 110;
                load++;
        }
        rg_buf_puts(o, "</svg>\n<figcaption>Above: the BP deviation (orchestrator − legacy) per "
                       "load and night with its decision interval; green inside ±T1 = ");
        rg_buf_printf(o,
                      "%g %s, amber from T1 to T2 = %g %s (planned rollback), red beyond T2 "
                      "(emergency), the thresholds of the latest night. Below: legacy's own BP "
                      "with its confidence interval; a ring marks a night whose reference "
                      "moved.</figcaption>\n</figure>\n",
                      t1, unit, t2, unit);
}

/* ---- the page -------------------------------------------------------------------- */

static void config_table(const struct history_view *v, const struct history_view_config *c,
                         struct rg_buf *o)
{
        rg_buf_puts(o, "<div class=\"table-wrap\"><table>\n<thead><tr><th>night</th>"
                       "<th>time</th>");
        for (int i = c->first; i < c->first + c->count; i++)
                if (strcmp(v->series[i].s->metric, "BP") == 0)
                        rg_buf_printf(o, "<th>%g Erlang: BP, BBP deviation</th>",
                                      v->series[i].s->erlang);
        rg_buf_puts(o, "</tr></thead>\n<tbody>\n");
        for (int n = 0; n < v->log->n_nights; n++) {
                bool any = false;
                for (int i = c->first; i < c->first + c->count && !any; i++)
                        for (int j = 0; j < v->series[i].s->n; j++)
                                any |= v->series[i].s->night[j] == n;
                if (!any)
                        continue;
                rg_buf_printf(o, "<tr><td>%d</td><td>", n + 1);
                put_text(o, v->log->nights[n].time);
                rg_buf_puts(o, "</td>");
                for (int i = c->first; i < c->first + c->count; i++) {
                        if (strcmp(v->series[i].s->metric, "BP") != 0)
                                continue;
                        rg_buf_puts(o, "<td>");
                        /* BP at i, BBP (when recorded) right after it */
                        for (int k = i; k <= i + 1 && k < c->first + c->count; k++) {
                                const struct history_view_series *vs = &v->series[k];
                                if (vs->s->erlang != v->series[i].s->erlang)
                                        break;
                                for (int j = 0; j < vs->s->n; j++) {
                                        if (vs->s->night[j] != n)
                                                continue;
                                        const struct gate_history_row *r = &vs->s->row[j];
                                        if (k == i)
                                                rg_buf_printf(
                                                    o, "<span class=\"badge v-%s\">%s</span> ",
                                                    verdict_class(r->load_verdict),
                                                    stats_verdict_name(r->load_verdict));
                                        rg_buf_printf(o, "%s%s ", k == i ? "" : ", ",
                                                      vs->s->metric);
                                        put_num(o, r->deviation, true);
                                        rg_buf_printf(o, " %s", r->unit);
                                        if (vs->moved[j])
                                                rg_buf_puts(o, " <span class=\"moved\">reference "
                                                               "moved</span>");
                                }
                        }
                        rg_buf_puts(o, "</td>");
                }
                rg_buf_puts(o, "</tr>\n");
        }
        rg_buf_puts(o, "</tbody></table></div>\n");
}

int history_html_render(const struct history_view *v, struct rg_buf *o, struct rg_errbuf *eb)
{
        const struct gate_history_log *log = v->log;
        rg_buf_puts(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                       "<meta http-equiv=\"Content-Security-Policy\" "
                       "content=\"default-src 'none'; style-src 'unsafe-inline'\"/>\n"
                       "<title>rollgate history</title>\n<style>\n");
        rg_buf_puts(o, style);
        rg_buf_puts(o, "</style>\n</head>\n<body>\n<main class=\"page\">\n<h1>rollgate "
                       "history</h1>\n<p class=\"meta\">");
        put_text(o, v->file);
        if (log->n_nights == 0) {
                rg_buf_puts(o, ": no nights recorded</p>\n");
        } else {
                rg_buf_printf(o, ": %d night%s from ", log->n_nights,
                              log->n_nights == 1 ? "" : "s");
                put_text(o, log->nights[0].time);
                rg_buf_puts(o, " to ");
                put_text(o, log->nights[log->n_nights - 1].time);
                rg_buf_printf(o,
                              ", %d config%s; escalation after %d consecutive rollback "
                              "nights</p>\n",
                              v->n_configs, v->n_configs == 1 ? "" : "s", v->policy.consecutive);
                rg_buf_puts(o, "<section id=\"findings\">\n<h2>Findings</h2>\n<ul "
                               "class=\"findings\">\n");
                int lines = 0;
                for (int i = 0; i < v->n_series; i++) {
                        const struct history_view_series *vs = &v->series[i];
                        const struct gate_trend *t = &vs->trend;
                        const char *reasons[3] = {t->streak > 0 ? t->escalation_reason : NULL,
                                                  t->unstable ? t->unstable_reason : NULL,
                                                  t->moved ? t->reference_reason : NULL};
                        for (int k = 0; k < 3; k++) {
                                if (reasons[k] == NULL)
                                        continue;
                                rg_buf_puts(o, "<li>");
                                put_text(o, vs->s->config);
                                rg_buf_printf(o, ", %g Erlang, %s: ", vs->s->erlang, vs->s->metric);
                                put_text(o, reasons[k]);
                                if (k == 0 && t->moved_in_run)
                                        rg_buf_puts(o, " <span class=\"moved\">(legacy's reference "
                                                       "moved during it: not the orchestrator's "
                                                       "fault)</span>");
                                rg_buf_puts(o, "</li>\n");
                                lines++;
                        }
                }
                if (lines == 0)
                        rg_buf_puts(o, "<li>none</li>\n");
                rg_buf_puts(o, "</ul>\n</section>\n");
        }
        int *x_of = calloc(log->n_nights > 0 ? (size_t)log->n_nights : 1, sizeof(*x_of));
        if (x_of == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        for (int c = 0; c < v->n_configs; c++) {
                const struct history_view_config *cf = &v->configs[c];
                struct chart ch = {.o = o, .v = v, .c = cf, .x_of = x_of};
                for (int n = 0; n < log->n_nights; n++)
                        x_of[n] = -1;
                for (int i = cf->first; i < cf->first + cf->count; i++) {
                        const struct gate_history_series *s = v->series[i].s;
                        for (int j = 0; j < s->n; j++)
                                x_of[s->night[j]] = 0;
                        ch.n_loads += strcmp(s->metric, "BP") == 0;
                }
                for (int n = 0; n < log->n_nights; n++)
                        if (x_of[n] == 0)
                                x_of[n] = ch.n_x++;
                rg_buf_printf(o, "<section class=\"config\" id=\"config-%d\">\n<h2>config ", c + 1);
                put_text(o, cf->name);
                rg_buf_puts(o, "</h2>\n");
                if (ch.n_x > 0)
                        chart_draw(&ch, c + 1);
                config_table(v, cf, o);
                rg_buf_puts(o, "</section>\n");
        }
        free(x_of);
        rg_buf_puts(o, "<footer class=\"meta\">rollgate history</footer>\n</main>\n</body>\n"
                       "</html>\n");
        return rg_buf_failed(o) ? rg_fail(eb, RG_NOMEM, "out of memory") : RG_OK;
}
