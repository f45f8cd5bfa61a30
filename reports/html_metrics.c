/* The declared metrics and the --exact characterisation of the HTML report
 * (html_metrics.h).  Every text goes through report_put_xml: names come
 * from config files, values from run files. */
#include "html_metrics.h"

#include "format.h"
#include "html_chart.h"
#include "render.h"

/* as the rest of the page writes a figure it could not compute */
static const struct report_nonfinite special = {"–", "−∞", "+∞"};

void report_html_decided(const struct report_doc *doc, const struct report_load *L,
                         const struct report_metric *m, struct rg_buf *o)
{
        struct rg_buf text;
        rg_buf_init(&text);
        report_format_put_decided(&text, doc, L, m, &special);
        report_format_put_through(o, &text, report_put_xml);
}

void report_html_characterisation(const struct report_doc *doc, struct rg_buf *o)
{
        if (!doc->exact.on)
                return;
        struct rg_buf text;
        rg_buf_init(&text);
        report_format_put_characterisation(&text, doc);
        rg_buf_printf(o, "<p class=\"exact\"><strong>%s:</strong> ",
                      REPORT_FORMAT_CHARACTERISATION);
        report_format_put_through(o, &text, report_put_xml);
        rg_buf_puts(o, "</p>\n");
}

static void declarations(const struct report_doc *doc, struct rg_buf *o)
{
        if (doc->n_declared == 0)
                return;
        rg_buf_puts(o, "<table class=\"kv\"><caption>declarations ([metric.NAME] "
                       "sections)</caption><tbody>\n");
        for (int j = 0; j < doc->n_declared; j++) {
                const struct report_declared *d = &doc->declared[j];
                struct rg_buf text;
                rg_buf_init(&text);
                report_format_put_declaration(&text, d);
                rg_buf_puts(o, "<tr><th scope=\"row\"><code>");
                report_html_text(o, d->name);
                rg_buf_puts(o, "</code></th><td>");
                report_format_put_through(o, &text, report_put_xml);
                rg_buf_puts(o, "</td></tr>\n");
        }
        rg_buf_puts(o, "</tbody></table>\n");
}

static void row(const struct report_doc *doc, const struct report_load *L,
                const struct report_metric *m, struct rg_buf *o)
{
        rg_buf_puts(o, "<tr><td class=\"num\">");
        report_html_g(o, L->erlang);
        rg_buf_puts(o, "</td><td class=\"nw\"><code>");
        report_html_text(o, report_format_metric_name(L, m));
        rg_buf_puts(o, "</code></td><td>");
        report_html_text(o, m->kind ? m->kind : "?");
        rg_buf_printf(o, ", %s</td><td>", report_format_primary(m->primary));
        report_html_decided(doc, L, m, o);
        rg_buf_puts(o, "</td><td>");
        report_html_badge(o, m->verdict);
        if (!m->primary && m->verdict != STATS_PASS)
                rg_buf_puts(o, "<br/><span class=\"basis\">secondary: flags the load</span>");
        rg_buf_puts(o, "</td><td class=\"why\">");
        report_html_text(o, m->reason);
        rg_buf_puts(o, "</td></tr>\n");
}

void report_html_declared(const struct report_doc *doc, struct rg_buf *o)
{
        static const char *const head[] = {"Erlang",          "metric",  "kind",
                                           "what decided it", "verdict", "reason"};
        int rows = report_format_declared_rows(doc);
        if (doc->n_declared == 0 && rows == 0)
                return;
        rg_buf_puts(o, "<section id=\"declared\">\n<h2>Declared metrics</h2>\n<p class=\"meta\">"
                       "Judged per load beside BP and BBP; a primary metric counts in its "
                       "load’s verdict, a secondary one only flags the load.</p>\n");
        declarations(doc, o);
        if (rows > 0) {
                rg_buf_puts(o, "<div class=\"table-wrap\">\n<table>\n<caption>per load"
                               "</caption>\n<thead><tr>");
                for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++)
                        rg_buf_printf(o, "<th scope=\"col\">%s</th>", head[i]);
                rg_buf_puts(o, "</tr></thead>\n<tbody>\n");
                report_format_each_declared(doc, o, row);
                rg_buf_puts(o, "</tbody>\n</table>\n</div>\n");
        }
        rg_buf_puts(o, "</section>\n");
}
