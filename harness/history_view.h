/*
 * `rollgate history`: the history read back with the trend of every series,
 * shared by the table and JSON (cmd_history.c) and the HTML page
 * (history_html.c).  Internal to harness/.
 *
 * Ownership: a view borrows the log (gate/history.h) it was built from,
 * which must outlive it; its own arrays are freed by history_view_finish.
 */
#ifndef HARNESS_HISTORY_VIEW_H
#define HARNESS_HISTORY_VIEW_H

#include "../common/buf.h"
#include "../gate/history.h"
#include "../gate/trend.h"

struct history_view_series {
        const struct gate_history_series *s;
        struct gate_trend_night *nights; /* [s->n] */
        bool *moved;                     /* [s->n]: the reference moved that night */
        double *shift;                   /* [s->n]: legacy's shift from its reference */
        bool *hash_changed;              /* [s->n]: the config hash differs from the night before */
        struct gate_trend trend;
};

struct history_view_config {
        const char *name;
        int first, count; /* its series: series[first .. first + count - 1] */
};

struct history_view {
        const char *file;
        const struct gate_history_log *log;
        struct gate_trend_policy policy;
        int n_series;
        struct history_view_series *series;
        int n_configs;
        struct history_view_config *configs;
        int escalated, unstable, moved; /* series with each finding */
        int escalated_moved;            /* escalated while legacy's reference moved */
};

/* Builds the view of `log` under `policy` (valid).  RG_NOMEM. */
int history_view_init(struct history_view *v, const char *file, const struct gate_history_log *log,
                      const struct gate_trend_policy *policy, struct rg_errbuf *eb);
void history_view_finish(struct history_view *v);

/* One self-contained HTML page: per config one chart (the BP deviation per
 * load over nights with its decision interval against the +-T1/+-T2 zones,
 * and legacy's BP over nights), the findings and the table.  RG_NOMEM. */
int history_html_render(const struct history_view *v, struct rg_buf *out, struct rg_errbuf *eb);

#endif
