/*
 * Test-only writer of nightly histories through gate_history_add_night, for
 * tests/cli/test_history.sh (until `rollgate nightly` writes them):
 *
 *   history_fill FILE trend FROM TO   nights FROM..TO (1-based) of the trend
 *                                     scenario below
 *   history_fill FILE loop ROWS       nights of ROWS rows each, one
 *                                     transaction per night, until killed
 *
 * The trend scenario (T1 2 pp, T2 10 pp; loads 300 and 450; BP and BBP):
 *   alpha  450 Erlang is a PLANNED_ROLLBACK from night 2 on (an injected
 *          fault): escalated on night 3, not before
 *   beta   300 Erlang flips: a rollback on nights 2 and 4 only (unstable
 *          from night 4)
 *   gamma  legacy's BP moves from 10 % to 14 % on night 4 (a different
 *          guard on the legacy side), the orchestrator stays: the deviation
 *          is a rollback, the reference moved
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../gate/history.h"

#define MAX_ROWS 4096

static struct gate_history_row rows[MAX_ROWS];
static char names[MAX_ROWS][32];

static void row_set(struct gate_history_row *r, const char *config, double erlang,
                    const char *metric, double legacy, double orch, double half)
{
        double dev = orch - legacy;
        enum stats_verdict v = STATS_PASS;
        if (dev - half > 2 || dev + half < -2)
                v = STATS_PLANNED_ROLLBACK;
        else if (!(dev + half < 2 && dev - half > -2))
                v = STATS_INCONCLUSIVE;
        *r = (struct gate_history_row){
            .config = config,
            .config_hash = "c0ffee",
            .erlang = erlang,
            .metric = metric,
            .verdict = v,
            .load_verdict = v,
            .legacy_mean = legacy,
            .legacy_lo = legacy - 0.4,
            .legacy_hi = legacy + 0.4,
            .orchestrator_mean = orch,
            .orchestrator_lo = orch - 0.4,
            .orchestrator_hi = orch + 0.4,
            .unit = "pp",
            .deviation = dev,
            .dev_lo = dev - half,
            .dev_hi = dev + half,
            .t1 = 2,
            .t2 = 10,
            .legacy_seconds = 1.5,
            .orchestrator_seconds = 1.6,
        };
}

/* night k (1-based) of the trend scenario */
static int trend_night(int k)
{
        static const char *const configs[] = {"alpha", "beta", "gamma"};
        static const double loads[] = {300, 450};
        int n = 0;
        for (int c = 0; c < 3; c++)
                for (int l = 0; l < 2; l++)
                        for (int m = 0; m < 2; m++) {
                                double legacy = 10 + 0.05 * (k % 3), orch = legacy + 0.1;
                                if (c == 0 && l == 1 && k >= 2)
                                        orch = legacy + 4; /* the injected fault */
                                if (c == 1 && l == 0 && (k == 2 || k == 4))
                                        orch = legacy + 4;
                                if (c == 2 && k >= 4) {
                                        legacy = 14; /* legacy's guard changed */
                                        orch = 10.1;
                                }
                                row_set(&rows[n++], configs[c], loads[l], m ? "BBP" : "BP", legacy,
                                        orch, 0.6);
                        }
        return n;
}

static int loop_night(int count)
{
        for (int i = 0; i < count; i++) {
                snprintf(names[i], sizeof(names[i]), "config%03d", i / 20);
                row_set(&rows[i], names[i], 100 + 50 * ((i / 2) % 10), i % 2 ? "BBP" : "BP", 10,
                        10.1, 0.5);
        }
        return count;
}

static int add(struct gate_history *h, const char *time, int n_rows, struct rg_errbuf *eb)
{
        static const struct gate_history_label labels[] = {{"fusion", "abc1234"}, {"host", "ci"}};
        const struct gate_history_night night = {
            .time = time,
            .version = "test",
            .n_labels = 2,
            .labels = labels,
            .n_rows = n_rows,
            .rows = rows,
        };
        return gate_history_add_night(h, &night, NULL, eb);
}

int main(int argc, char **argv)
{
        if (argc != 4 && argc != 5) {
                fprintf(stderr, "usage: history_fill FILE trend FROM TO | FILE loop ROWS\n");
                return 2;
        }
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct gate_history *h = NULL;
        int rc = gate_history_open(argv[1], GATE_HISTORY_CREATE, &h, &eb);
        char time_text[32];
        if (rc == RG_OK && strcmp(argv[2], "trend") == 0 && argc == 5) {
                for (int k = atoi(argv[3]); rc == RG_OK && k <= atoi(argv[4]); k++) {
                        snprintf(time_text, sizeof(time_text), "2026-01-%02dT02:00:00Z", k);
                        rc = add(h, time_text, trend_night(k), &eb);
                }
        } else if (rc == RG_OK && strcmp(argv[2], "loop") == 0 && argc == 4) {
                int n = atoi(argv[3]);
                if (n < 1 || n > MAX_ROWS) {
                        fprintf(stderr, "history_fill: ROWS from 1 to %d\n", MAX_ROWS);
                        gate_history_close(h);
                        return 2;
                }
                time_t base = time(NULL);
                for (long i = 0; rc == RG_OK; i++) {
                        time_t t = base + i;
                        struct tm tm;
                        gmtime_r(&t, &tm);
                        strftime(time_text, sizeof(time_text), "%Y-%m-%dT%H:%M:%SZ", &tm);
                        rc = add(h, time_text, loop_night(n), &eb);
                }
        } else if (rc == RG_OK) {
                fprintf(stderr, "history_fill: unknown mode '%s'\n", argv[2]);
                rc = RG_USAGE;
        }
        gate_history_close(h);
        if (rc != RG_OK && eb.msg[0])
                fprintf(stderr, "history_fill: %s\n", eb.msg);
        return rc == RG_OK ? 0 : 1;
}
