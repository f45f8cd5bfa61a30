/* The declared metrics and the --exact characterisation of the Markdown
 * report (markdown_metrics.h).  Names come from config files, values from
 * run files: every text is a cell's (report_put_md_cell), in a table or
 * not. */
#include "markdown_metrics.h"

#include "render.h"

void report_markdown_decided(struct rg_buf *out, const struct report_doc *doc,
                             const struct report_load *L, const struct report_metric *m)
{
        struct rg_buf text;
        rg_buf_init(&text);
        report_format_put_decided(&text, doc, L, m, &report_markdown_bound_words);
        report_format_put_through(out, &text, report_put_md_cell);
}

void report_markdown_characterisation(const struct report_doc *doc, struct rg_buf *out)
{
        if (!doc->exact.on)
                return;
        struct rg_buf text;
        rg_buf_init(&text);
        report_format_put_characterisation(&text, doc);
        rg_buf_puts(out, "**" REPORT_FORMAT_CHARACTERISATION ":** ");
        report_format_put_through(out, &text, report_put_md_cell);
        rg_buf_puts(out, "\n\n");
}

/* The cells of a declared metric's row: its name, kind, what decided it,
 * its verdict (a secondary one's plain: it only flags) and its reason. */
static void row(const struct report_doc *doc, const struct report_load *L,
                const struct report_metric *m, struct rg_buf *out)
{
        rg_buf_puts(out, "| ");
        report_format_put_exact(out, L->erlang, "n/a");
        rg_buf_puts(out, " | ");
        report_put_md_cell(out, report_format_metric_name(L, m));
        rg_buf_puts(out, " | ");
        report_put_md_cell(out, m->kind ? m->kind : "?");
        rg_buf_printf(out, ", %s | ", report_format_primary(m->primary));
        report_markdown_decided(out, doc, L, m);
        rg_buf_puts(out, " | ");
        if (m->primary)
                report_markdown_verdict_cell(out, m->verdict);
        else
                rg_buf_puts(out, stats_verdict_name(m->verdict));
        rg_buf_puts(out, " | ");
        report_put_md_cell(out, m->reason);
        rg_buf_puts(out, " |\n");
}

void report_markdown_declared(const struct report_doc *doc, struct rg_buf *out)
{
        int rows = report_format_declared_rows(doc);
        if (doc->n_declared == 0 && rows == 0)
                return;
        rg_buf_puts(out, "### Declared metrics\n\n");
        for (int j = 0; j < doc->n_declared; j++) {
                const struct report_declared *d = &doc->declared[j];
                struct rg_buf text;
                rg_buf_init(&text);
                report_format_put_declaration(&text, d);
                rg_buf_puts(out, "- **");
                report_put_md_cell(out, d->name);
                rg_buf_puts(out, "**: ");
                report_format_put_through(out, &text, report_put_md_cell);
                rg_buf_putc(out, '\n');
        }
        if (doc->n_declared > 0)
                rg_buf_putc(out, '\n');
        if (rows == 0)
                return;
        rg_buf_puts(out, "| Erlang | Metric | Kind | What decided it | Verdict | Reason |\n"
                         "|---:|---|---|---|---|---|\n");
        report_format_each_declared(doc, out, row);
        rg_buf_putc(out, '\n');
}
