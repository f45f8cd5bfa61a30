/* The declared metrics and the --exact characterisation of the JUnit XML
 * (junit_metrics.h).  junit.c escapes every attribute and text. */
#include "junit_metrics.h"

#include "render.h"

void report_junit_declared_properties(const struct report_doc *doc, struct rg_buf *b)
{
        for (int j = 0; j < doc->n_declared; j++) {
                const struct report_declared *d = &doc->declared[j];
                struct rg_buf name, value;
                rg_buf_init(&name);
                rg_buf_init(&value);
                rg_buf_printf(&name, "metric.%s", d->name);
                report_format_put_declaration(&value, d);
                if (rg_buf_failed(&name) || rg_buf_failed(&value))
                        b->nomem = true;
                else
                        report_junit_property(b, rg_buf_text(&name), rg_buf_text(&value));
                rg_buf_finish(&name);
                rg_buf_finish(&value);
        }
        if (doc->exact.on)
                report_junit_property(b, "exact", doc->exact.differs ? "differs" : "equal");
}

/* A declared metric's testcase ("metric NAME": no declared name has a
 * space, so it never meets a check's name).  A primary metric is decided by
 * its verdict as BP is; a secondary one passes whatever its verdict, which
 * leads its system-out. */
static void declared_case(const struct report_doc *doc, const struct report_load *L,
                          const struct report_metric *m, const char *cls,
                          struct report_junit_suite *s)
{
        struct rg_buf name, b;
        rg_buf_init(&name);
        rg_buf_init(&b);
        rg_buf_printf(&name, "metric %s", report_format_metric_name(L, m));
        rg_buf_printf(&b, "%s: %s\n%s, %s: ", stats_verdict_name(m->verdict), m->reason,
                      m->kind ? m->kind : "?", report_format_primary(m->primary));
        report_format_put_decided(&b, doc, L, m, &report_junit_words);
        rg_buf_putc(&b, '\n');
        if (!m->primary)
                rg_buf_puts(&b, "secondary: its verdict only flags the load\n");
        if (m->claim)
                rg_buf_printf(&b, "rollback claim: p %.3g, Holm-adjusted p %.3g\n", m->p_claim,
                              m->p_holm);
        s->nomem |= rg_buf_failed(&name);
        if (m->primary)
                report_junit_verdict_case(s, cls, rg_buf_text(&name), m->verdict, m->reason, &b);
        else
                report_junit_pass_case(s, cls, rg_buf_text(&name), &b);
        rg_buf_finish(&name);
        rg_buf_finish(&b);
}

void report_junit_declared_cases(const struct report_doc *doc, const struct report_load *L,
                                 const char *classname, struct report_junit_suite *s)
{
        for (int j = 0; j < L->n_declared; j++)
                declared_case(doc, L, &L->declared[j], classname, s);
}

void report_junit_characterisation(const struct report_doc *doc, struct rg_buf *sysout)
{
        if (!doc->exact.on)
                return;
        rg_buf_puts(sysout, REPORT_FORMAT_CHARACTERISATION ": ");
        report_format_put_characterisation(sysout, doc);
        rg_buf_putc(sysout, '\n');
}
