/*
 * rollgate nightly: after the gate, tonight's figures go into the SQLite
 * history (one row per config, load and metric, in one transaction) and
 * the trend rules read every night back: a rollback on N consecutive
 * nights escalates to Level 1; a verdict that flips is unstable; legacy's
 * own blocking moving away from its history is the reference moving, and
 * a rollback on such a night is not blamed on the orchestrator.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/file.h"
#include "../common/hash.h"
#include "../gate/history.h"
#include "../gate/trend.h"
#include "cli.h"
#include "nightly.h"

#ifndef RG_VERSION
#define RG_VERSION "unknown"
#endif

/* FNV-1a over the config file and the suite's overrides: the same text,
 * the same hash, so a night on a changed config can be told apart. */
static int config_hash(const struct gate_suite_config *c, char out[17], struct rg_errbuf *eb)
{
        char *text = NULL;
        size_t len = 0;
        int rc = rg_file_read(c->config, &text, &len, eb);
        if (rc != RG_OK)
                return rc;
        uint64_t h = rg_fnv1a64(RG_FNV1A64_BASIS, text, len);
        for (int o = 0; o < GATE_OVERRIDES; o++)
                h = rg_fnv1a64(h, c->ovr[o].value, strlen(c->ovr[o].value));
        free(text);
        snprintf(out, 17, "%016" PRIx64, h);
        return RG_OK;
}

static double median_of(double *v, int n)
{
        return n > 0 ? harness_median(v, n) : NAN;
}

int harness_nightly_open(const char *path, struct gate_history **out, struct rg_errbuf *eb)
{
        return gate_history_open(path, GATE_HISTORY_CREATE, out, eb);
}

/* Tonight's rows: every config x load x metric of the gate. */
static int tonight(const struct gate_suite *suite, const struct report_doc *const *docs,
                   struct gate_history_row **rows_out, int *n_out, char (*hash)[17],
                   struct rg_errbuf *eb)
{
        int n = 0;
        for (int i = 0; i < suite->n; i++)
                n += docs[i]->n_loads * REPORT_METRICS;
        struct gate_history_row *rows = calloc((size_t)n, sizeof(*rows));
        double *t = NULL;
        if (rows == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        int k = 0, rc = RG_OK;
        for (int i = 0; rc == RG_OK && i < suite->n; i++) {
                const struct report_doc *d = docs[i];
                rc = config_hash(&suite->cfg[i], hash[i], eb);
                free(t);
                t = calloc((size_t)(2 * d->inputs.n_seeds + 2), sizeof(double));
                if (rc == RG_OK && t == NULL)
                        rc = rg_fail(eb, RG_NOMEM, "out of memory");
                /* each load's own replications: a sequential comparison
                 * stops loads at different counts */
                for (int li = 0, at = 0; rc == RG_OK && li < d->n_loads;
                     at += d->loads[li].replications, li++) {
                        int m[2] = {0, 0};
                        for (int rep = 0; rep < d->loads[li].replications; rep++) {
                                const double *rs = d->timing.run_seconds[at + rep];
                                if (d->pairs[at + rep].harness_error)
                                        continue;
                                t[m[0]++] = rs[1];
                                t[d->inputs.n_seeds + m[1]++] = rs[2];
                        }
                        double legacy_s = median_of(t, m[0]);
                        double orch_s = median_of(t + d->inputs.n_seeds, m[1]);
                        for (int mk = 0; mk < REPORT_METRICS; mk++) {
                                const struct report_load *L = &d->loads[li];
                                const struct report_metric *me = &L->metric[mk];
                                bool s = me->have_stats, u = me->unit != NULL;
                                rows[k++] = (struct gate_history_row){
                                    .config = suite->cfg[i].name,
                                    .config_hash = hash[i],
                                    .erlang = L->erlang,
                                    .metric = report_metric_label(mk),
                                    .verdict = me->verdict,
                                    .load_verdict = L->verdict,
                                    .legacy_mean = s ? me->legacy.mean : NAN,
                                    .legacy_lo = s ? me->legacy.lo : NAN,
                                    .legacy_hi = s ? me->legacy.hi : NAN,
                                    .orchestrator_mean = s ? me->orchestrator.mean : NAN,
                                    .orchestrator_lo = s ? me->orchestrator.lo : NAN,
                                    .orchestrator_hi = s ? me->orchestrator.hi : NAN,
                                    .unit = u ? me->unit
                                              : (d->policy.deviation == STATS_DEV_RELATIVE ? "%"
                                                                                           : "pp"),
                                    .deviation = u ? me->deviation : NAN,
                                    .dev_lo = u ? me->dev_lo : NAN,
                                    .dev_hi = u ? me->dev_hi : NAN,
                                    .t1 = d->policy.t1,
                                    .t2 = d->policy.t2,
                                    .legacy_seconds = legacy_s,
                                    .orchestrator_seconds = orch_s};
                        }
                }
        }
        free(t);
        if (rc != RG_OK) {
                free(rows);
                return rc;
        }
        *rows_out = rows;
        *n_out = n;
        return RG_OK;
}

int harness_nightly_record(struct gate_history *h, const struct nightly_input *in,
                           enum stats_verdict *verdict, struct rg_errbuf *eb)
{
        const struct gate_suite *suite = in->suite;
        struct gate_history_row *rows = NULL;
        int n_rows = 0;
        char(*hash)[17] = calloc((size_t)suite->n, sizeof(*hash));
        if (hash == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        int rc = tonight(suite, in->docs, &rows, &n_rows, hash, eb);
        struct gate_history_label labels[32];
        char keys[32][128];
        for (int i = 0; i < in->n_labels && i < 32; i++) {
                const char *eq = strchr(in->labels[i], '=');
                snprintf(keys[i], sizeof(keys[i]), "%.*s", (int)(eq - in->labels[i]),
                         in->labels[i]);
                labels[i] = (struct gate_history_label){keys[i], eq + 1};
        }
        struct gate_history_night night = {.time = in->docs[0]->timing.started,
                                           .version = RG_VERSION,
                                           .n_labels = in->n_labels,
                                           .labels = labels,
                                           .n_rows = n_rows,
                                           .rows = rows};
        long long id = 0;
        if (rc == RG_OK)
                rc = gate_history_add_night(h, &night, &id, eb);
        free(rows);
        free(hash);
        struct gate_history_log *log = NULL;
        if (rc == RG_OK)
                rc = gate_history_read(h, NULL, &log, eb);
        if (rc != RG_OK) {
                gate_history_log_destroy(log);
                return rc;
        }
        printf("\nnightly: night %lld recorded in %s (%d rows; %d nights in the history)\n", id,
               gate_history_path(h), n_rows, log->n_nights);
        struct gate_trend_policy pol;
        gate_trend_policy_default(&pol);
        pol.consecutive = in->consecutive;
        int findings = 0;
        for (int s = 0; s < log->n_series; s++) {
                const struct gate_history_series *se = &log->series[s];
                /* only the series of tonight's configs, and only if tonight is in them */
                if (se->n == 0 || log->nights[se->night[se->n - 1]].id != id)
                        continue;
                struct gate_trend_night nt[GATE_TREND_MAX_WINDOW * 4];
                int first = se->n > (int)(sizeof(nt) / sizeof(nt[0]))
                                ? se->n - (int)(sizeof(nt) / sizeof(nt[0]))
                                : 0;
                int m = 0;
                for (int i = first; i < se->n; i++) {
                        const struct gate_history_row *r = &se->row[i];
                        nt[m++] = (struct gate_trend_night){.time = log->nights[se->night[i]].time,
                                                            .verdict = r->verdict,
                                                            .legacy_mean = r->legacy_mean,
                                                            .legacy_lo = r->legacy_lo,
                                                            .legacy_hi = r->legacy_hi,
                                                            .t1 = r->t1,
                                                            .unit = r->unit};
                }
                struct gate_trend tr;
                gate_trend_assess(&pol, nt, m, &tr);
                const char *what = se->metric;
                bool rollback = gate_trend_is_rollback(se->row[se->n - 1].verdict);
                if (tr.moved) {
                        findings++;
                        printf("REFERENCE MOVED: %s erlang %g %s: %s%s\n", se->config, se->erlang,
                               what, tr.reference_reason,
                               rollback ? "; tonight's rollback verdict is not the orchestrator's "
                                          "fault: the legacy side changed"
                                        : "");
                        /* a rollback against a moved reference says nothing about the
                         * orchestrator: like a harness error, never a verdict on it */
                        if (rollback)
                                *verdict = stats_verdict_worst(*verdict, STATS_HARNESS_ERROR);
                } else if (tr.escalated) {
                        findings++;
                        printf("ESCALATED: %s erlang %g %s: %s: Level 1\n", se->config, se->erlang,
                               what, tr.escalation_reason);
                        *verdict = stats_verdict_worst(*verdict, STATS_EMERGENCY_ROLLBACK);
                }
                if (tr.unstable) {
                        findings++;
                        printf("UNSTABLE: %s erlang %g %s: %s\n", se->config, se->erlang, what,
                               tr.unstable_reason);
                }
        }
        if (findings == 0)
                printf("trends: nothing escalated, unstable or moved\n");
        printf("NIGHTLY: %s (exit %d)\n", stats_verdict_name(*verdict),
               stats_verdict_exit_code(*verdict));
        gate_history_log_destroy(log);
        return RG_OK;
}
