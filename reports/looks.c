#include "looks.h"

#include <stdio.h>
#include <string.h>

#include "format.h"

const char *report_looks_spending(const char *name)
{
        if (strcmp(name, "obrien-fleming") == 0)
                return "O'Brien-Fleming";
        if (strcmp(name, "pocock") == 0)
                return "Pocock";
        return name;
}

double report_looks_mean_replications(const struct report_doc *doc)
{
        double sum = 0;
        for (int li = 0; li < doc->n_loads; li++)
                sum += doc->loads[li].replications;
        return doc->n_loads > 0 ? sum / doc->n_loads : 0;
}

/* %.3g: a mean of whole numbers reads as one ("17.5", "9", "9.33") */
void report_looks_design(const struct report_doc *doc, char *s, size_t cap)
{
        const struct report_sequential *sq = &doc->sequential;
        snprintf(s, cap,
                 "%.40s spending, batches of %d, at most %d replications per load; %.3g of %d "
                 "used on average",
                 report_looks_spending(sq->spending), sq->batch, sq->max_replications,
                 report_looks_mean_replications(doc), sq->max_replications);
}

void report_looks_stop(const struct report_doc *doc, const struct report_load *L, char *s,
                       size_t cap)
{
        const char *why = L->stopped ? L->stopped : "";
        if (strcmp(why, "decided") == 0)
                snprintf(s, cap, "stopped after look %d: decided (%s)", L->n_looks,
                         stats_verdict_name(L->verdict));
        else if (strcmp(why, "max_replications") == 0)
                snprintf(s, cap, "stopped at the most replications (%d): undecided",
                         doc->sequential.max_replications);
        else if (strcmp(why, "interrupted") == 0)
                snprintf(s, cap, "interrupted after look %d (%d replications)", L->n_looks,
                         L->replications);
        else
                snprintf(s, cap, "stopped after look %d: %.40s", L->n_looks, why);
}

/* `sequential` for a sequential design, else the decision level and `what`. */
static void level_or(const struct report_doc *doc, const char *sequential, const char *what,
                     char *s, size_t cap)
{
        if (doc->sequential.on) {
                snprintf(s, cap, "%s", sequential);
                return;
        }
        char dec[16];
        report_format_level(dec, sizeof(dec), doc->policy.decision_level);
        snprintf(s, cap, "%s %% %s", dec, what);
}

void report_looks_decided_on(const struct report_doc *doc, char *s, size_t cap)
{
        level_or(doc, "each look's nominal level (alpha spending)", "intervals", s, cap);
}

void report_looks_interval_label(const struct report_doc *doc, char *s, size_t cap)
{
        level_or(doc, "decision interval (last look)", "decision interval", s, cap);
}
