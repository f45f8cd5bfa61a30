#include "format.h"

#include <math.h>
#include <stdio.h>

#include "../common/number.h"

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
