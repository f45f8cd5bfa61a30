/*
 * The charts of the HTML report, drawn here as inline SVG (the page's
 * Content-Security-Policy allows no script and no fetch).  The page around
 * them, and the style sheet that colours them, are reports/html.c.
 */
#include <math.h>

#include "format.h"
#include "html_chart.h"

/*
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
                report_html_g(o, p->doc->loads[i].erlang);
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
                report_html_text(p->o, it[i].label);
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
        report_html_g(p->o, p->doc->loads[load].erlang);
        rg_buf_puts(p->o, " Erlang: ");
        (m->sign ? report_html_signed : report_html_fixed)(p->o, v, 3);
        if (!isnan(lo) || !isnan(hi)) {
                rg_buf_puts(p->o, " ");
                report_html_interval(p->o, lo, hi, 3, m->sign);
        }
        rg_buf_printf(p->o, " %s</title></circle>\n", m->unit);
}

static bool have_summary(const struct report_metric *m)
{
        return m->have_stats && m->basis != STATS_BASIS_FAILED &&
               m->basis != STATS_BASIS_UNAVAILABLE && isfinite(m->legacy.mean) &&
               isfinite(m->orchestrator.mean);
}

/* Equality (--exact) and a ratio decide without an interval of the
 * deviation, so neither has a point on the deviation chart. */
static bool have_deviation(const struct report_metric *m)
{
        return m->unit != NULL && m->basis != STATS_BASIS_FAILED &&
               m->basis != STATS_BASIS_UNAVAILABLE && m->basis != STATS_BASIS_EQUALITY &&
               m->basis != STATS_BASIS_RATIO && isfinite(m->deviation);
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
        report_html_percent(p->o, doc->policy.confidence);
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
        const char *u = report_format_unit(doc);
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
        report_html_percent(p->o, doc->policy.decision_level);
        rg_buf_puts(p->o, " decision interval; BP filled, BBP hollow. Shaded: green inside T1 = ");
        report_html_g(p->o, t1);
        rg_buf_printf(p->o, " %s (equivalent), amber from T1 to T2 = ", u);
        report_html_g(p->o, t2);
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

void report_html_charts(const struct report_doc *doc, struct rg_buf *o)
{
        struct plot p = {.o = o, .doc = doc, .n = doc->n_loads > 0 ? doc->n_loads : 1};
        rg_buf_puts(o, "<section id=\"charts\">\n<h2>Charts</h2>\n<div class=\"charts\">\n");
        chart_metric(&p, REPORT_BP);
        chart_metric(&p, REPORT_BBP);
        chart_deviation(&p);
        chart_per_seed(&p);
        rg_buf_puts(o, "</div>\n</section>\n");
}
