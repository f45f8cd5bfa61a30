/*
 * The nightly history read back: one read transaction, the nights with
 * their labels and the rows series by series, built into the log's arena.
 */
#include <math.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "history_internal.h"

/* ---- an arena for the log read back ------------------------------------ */

struct gate_history_arena {
        struct gate_history_arena *next;
        max_align_t data[];
};

static void *arena_alloc(struct gate_history_log *log, size_t n, size_t size)
{
        if (size != 0 && n > (SIZE_MAX - sizeof(struct gate_history_arena)) / size)
                return NULL;
        struct gate_history_arena *a = calloc(1, sizeof(*a) + (n * size > 0 ? n * size : 1));
        if (a == NULL)
                return NULL;
        a->next = log->arena;
        log->arena = a;
        return a->data;
}

static const char *arena_strdup(struct gate_history_log *log, const char *s)
{
        size_t len = strlen(s ? s : "");
        char *d = arena_alloc(log, len + 1, 1);
        if (d)
                memcpy(d, s ? s : "", len + 1);
        return d;
}

void gate_history_log_destroy(struct gate_history_log *log)
{
        if (log == NULL)
                return;
        while (log->arena) {
                struct gate_history_arena *next = log->arena->next;
                free(log->arena);
                log->arena = next;
        }
        free(log);
}

/* ---- reading back ------------------------------------------------------------ */

static double column_real(sqlite3_stmt *st, int i)
{
        return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

/* A file whose nights do not hold the rows they were written with was
 * changed by hand or damaged: the trend would be computed on part of it. */
static int check_complete(struct gate_history *h, struct rg_errbuf *eb)
{
        sqlite3_stmt *st = NULL;
        int err = gate_history_prepare(
            h,
            "SELECT n.id, n.rows, (SELECT count(*) FROM result r WHERE r.night = "
            "n.id) AS held FROM night n WHERE held <> n.rows ORDER BY n.id LIMIT 1",
            &st, eb);
        if (err != RG_OK)
                return err;
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
                err = rg_fail(eb, RG_PARSE, "%s: night %lld holds %lld of its %lld rows", h->path,
                              (long long)sqlite3_column_int64(st, 0),
                              (long long)sqlite3_column_int64(st, 2),
                              (long long)sqlite3_column_int64(st, 1));
        else if (rc != SQLITE_DONE)
                err = gate_history_db_fail(h, rc, "cannot read the nights", eb);
        sqlite3_finalize(st);
        return err;
}

static int verdict_of(struct gate_history *h, const char *name, long long night,
                      enum stats_verdict *out, struct rg_errbuf *eb)
{
        if (stats_verdict_from_name(name, out))
                return RG_OK;
        return rg_fail(eb, RG_PARSE, "%s: night %lld: unknown verdict '%s'", h->path, night, name);
}

/* Nights in order, each with its labels. */
static int read_nights(struct gate_history *h, const char *config, struct gate_history_log *log,
                       struct rg_errbuf *eb)
{
        static const char *const sql[2] = {
            "SELECT id, time, version, rows FROM night ORDER BY time, id",
            "SELECT id, time, version, rows FROM night WHERE id IN (SELECT night FROM result "
            "WHERE config = ?1) ORDER BY time, id"};
        static const char *const sql_count[2] = {
            "SELECT count(*) FROM night",
            "SELECT count(DISTINCT night) FROM result WHERE config = ?1"};
        sqlite3_stmt *st = NULL, *lb = NULL;
        long long count = 0;
        int err = gate_history_prepare(h, sql_count[config != NULL], &st, eb);
        int rc = err == RG_OK && config ? gate_history_bind_text(st, 1, config) : SQLITE_OK;
        if (err == RG_OK && rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
                count = sqlite3_column_int64(st, 0);
        else if (err == RG_OK)
                err = gate_history_db_fail(h, rc, "cannot count the nights", eb);
        sqlite3_finalize(st);
        st = NULL;
        if (err == RG_OK && count > 1000000)
                err = rg_fail(eb, RG_RANGE, "%s: %lld nights are more than rollgate reads", h->path,
                              count);
        if (err == RG_OK &&
            (log->nights = arena_alloc(log, (size_t)count, sizeof(*log->nights))) == NULL)
                err = rg_fail(eb, RG_NOMEM, "%s: out of memory", h->path);
        if (err == RG_OK)
                err = gate_history_prepare(h, sql[config != NULL], &st, eb);
        if (err == RG_OK)
                err = gate_history_prepare(
                    h, "SELECT key, value FROM night_label WHERE night = ?1 ORDER BY key", &lb, eb);
        rc = err == RG_OK && config ? gate_history_bind_text(st, 1, config) : SQLITE_OK;
        if (rc != SQLITE_OK)
                err = gate_history_db_fail(h, rc, "cannot read the nights", eb);
        while (err == RG_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
                if (log->n_nights == count) {
                        err =
                            rg_fail(eb, RG_INTERNAL, "%s: the nights changed while read", h->path);
                        break;
                }
                struct gate_history_night *n = &log->nights[log->n_nights++];
                n->id = sqlite3_column_int64(st, 0);
                n->time = arena_strdup(log, gate_history_column_text(st, 1));
                n->version = arena_strdup(log, gate_history_column_text(st, 2));
                n->n_rows = sqlite3_column_int(st, 3);
                if (n->time == NULL || n->version == NULL) {
                        err = rg_fail(eb, RG_NOMEM, "%s: out of memory", h->path);
                        break;
                }
                /* labels: few per night, read into a list then an array */
                struct gate_history_label tmp[GATE_HISTORY_MAX_LABELS];
                int nl = 0;
                rc = sqlite3_bind_int64(lb, 1, n->id);
                while (rc == SQLITE_OK && (rc = sqlite3_step(lb)) == SQLITE_ROW) {
                        if (nl == 64) {
                                err =
                                    rg_fail(eb, RG_RANGE, "%s: night %lld has more than 64 labels",
                                            h->path, n->id);
                                break;
                        }
                        tmp[nl].key = arena_strdup(log, gate_history_column_text(lb, 0));
                        tmp[nl].value = arena_strdup(log, gate_history_column_text(lb, 1));
                        if (tmp[nl].key == NULL || tmp[nl].value == NULL) {
                                err = rg_fail(eb, RG_NOMEM, "%s: out of memory", h->path);
                                break;
                        }
                        nl++;
                        rc = SQLITE_OK;
                }
                if (err == RG_OK && rc != SQLITE_DONE)
                        err = gate_history_db_fail(h, rc, "cannot read the labels", eb);
                if (err == RG_OK && (rc = sqlite3_reset(lb)) != SQLITE_OK)
                        err = gate_history_db_fail(h, rc, "cannot read the labels", eb);
                struct gate_history_label *labels = NULL;
                if (err == RG_OK && nl > 0 &&
                    (labels = arena_alloc(log, (size_t)nl, sizeof(*labels))) == NULL)
                        err = rg_fail(eb, RG_NOMEM, "%s: out of memory", h->path);
                if (labels)
                        memcpy(labels, tmp, (size_t)nl * sizeof(*labels));
                n->labels = labels;
                n->n_labels = nl;
                rc = SQLITE_DONE;
        }
        if (err == RG_OK && rc != SQLITE_DONE)
                err = gate_history_db_fail(h, rc, "cannot read the nights", eb);
        sqlite3_finalize(st);
        sqlite3_finalize(lb);
        return err;
}

static int night_index(const struct gate_history_log *log, long long id)
{
        /* nights are few hundred at most in practice; ids are not in time
         * order when a night was recorded late, so no bisection */
        for (int i = 0; i < log->n_nights; i++)
                if (log->nights[i].id == id)
                        return i;
        return -1;
}

enum {
        COL_NIGHT,
        COL_CONFIG,
        COL_HASH,
        COL_ERLANG,
        COL_METRIC,
        COL_VERDICT,
        COL_LOAD_VERDICT,
        COL_REALS, /* legacy_mean .. orchestrator_hi: 6 */
        COL_UNIT = COL_REALS + 6,
        COL_DEV, /* deviation .. orchestrator_seconds: 7 */
};

static int read_row(struct gate_history *h, sqlite3_stmt *st, struct gate_history_log *log,
                    struct gate_history_row *r, struct rg_errbuf *eb)
{
        long long night = sqlite3_column_int64(st, COL_NIGHT);
        r->config = arena_strdup(log, gate_history_column_text(st, COL_CONFIG));
        r->config_hash = arena_strdup(log, gate_history_column_text(st, COL_HASH));
        r->erlang = column_real(st, COL_ERLANG);
        r->metric = strcmp(gate_history_column_text(st, COL_METRIC), "BP") == 0 ? "BP" : "BBP";
        r->unit = strcmp(gate_history_column_text(st, COL_UNIT), "%") == 0 ? "%" : "pp";
        double *reals[] = {&r->legacy_mean,       &r->legacy_lo,       &r->legacy_hi,
                           &r->orchestrator_mean, &r->orchestrator_lo, &r->orchestrator_hi};
        for (int i = 0; i < 6; i++)
                *reals[i] = column_real(st, COL_REALS + i);
        double *dev[] = {
            &r->deviation,           &r->dev_lo, &r->dev_hi, &r->t1, &r->t2, &r->legacy_seconds,
            &r->orchestrator_seconds};
        for (int i = 0; i < 7; i++)
                *dev[i] = column_real(st, COL_DEV + i);
        if (r->config == NULL || r->config_hash == NULL)
                return rg_fail(eb, RG_NOMEM, "%s: out of memory", h->path);
        int err = verdict_of(h, gate_history_column_text(st, COL_VERDICT), night, &r->verdict, eb);
        if (err == RG_OK)
                err = verdict_of(h, gate_history_column_text(st, COL_LOAD_VERDICT), night,
                                 &r->load_verdict, eb);
        return err;
}

static bool same_series(const struct gate_history_series *s, const struct gate_history_row *r)
{
        return strcmp(s->config, r->config) == 0 && s->erlang == r->erlang &&
               strcmp(s->metric, r->metric) == 0;
}

/* The rows in series order; each series' arrays sized by a first pass over
 * the counts, so that the log is built in the arena without reallocation. */
static int read_series(struct gate_history *h, const char *config, struct gate_history_log *log,
                       struct rg_errbuf *eb)
{
        static const char cols[] =
            "SELECT r.night, r.config, r.config_hash, r.erlang, r.metric, r.verdict, "
            "r.load_verdict, r.legacy_mean, r.legacy_lo, r.legacy_hi, r.orchestrator_mean, "
            "r.orchestrator_lo, r.orchestrator_hi, r.unit, r.deviation, r.dev_lo, r.dev_hi, "
            "r.t1, r.t2, r.legacy_seconds, r.orchestrator_seconds FROM result r JOIN night n ON "
            "n.id = r.night WHERE ?1 IS NULL OR r.config = ?1 ORDER BY r.config, r.erlang, "
            "CASE r.metric WHEN 'BP' THEN 0 ELSE 1 END, n.time, n.id";
        static const char counts[] =
            "SELECT count(*) FROM result WHERE ?1 IS NULL OR config = ?1 GROUP BY config, "
            "erlang, metric ORDER BY config, erlang, CASE metric WHEN 'BP' THEN 0 ELSE 1 END";
        sqlite3_stmt *st = NULL;
        int err = gate_history_prepare(h, counts, &st, eb), rc = SQLITE_OK;
        int n_series = 0, cap = 0;
        int *sizes = NULL;
        if (err == RG_OK)
                rc = config ? gate_history_bind_text(st, 1, config) : sqlite3_bind_null(st, 1);
        while (err == RG_OK && rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
                if (n_series == cap) {
                        int *grown =
                            realloc(sizes, (size_t)(cap = cap ? 2 * cap : 64) * sizeof(*sizes));
                        if (grown == NULL) {
                                err = rg_fail(eb, RG_NOMEM, "%s: out of memory", h->path);
                                break;
                        }
                        sizes = grown;
                }
                sizes[n_series++] = sqlite3_column_int(st, 0);
                rc = SQLITE_OK;
        }
        if (err == RG_OK && rc != SQLITE_DONE)
                err = gate_history_db_fail(h, rc, "cannot read the results", eb);
        sqlite3_finalize(st);
        st = NULL;
        if (err == RG_OK && n_series > 0 &&
            (log->series = arena_alloc(log, (size_t)n_series, sizeof(*log->series))) == NULL)
                err = rg_fail(eb, RG_NOMEM, "%s: out of memory", h->path);
        for (int i = 0; err == RG_OK && i < n_series; i++) {
                struct gate_history_series *s = &log->series[i];
                s->night = arena_alloc(log, (size_t)sizes[i], sizeof(*s->night));
                s->row = arena_alloc(log, (size_t)sizes[i], sizeof(*s->row));
                if (s->night == NULL || s->row == NULL)
                        err = rg_fail(eb, RG_NOMEM, "%s: out of memory", h->path);
        }
        if (err == RG_OK)
                err = gate_history_prepare(h, cols, &st, eb);
        if (err == RG_OK)
                rc = config ? gate_history_bind_text(st, 1, config) : sqlite3_bind_null(st, 1);
        int at = -1;
        while (err == RG_OK && rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
                struct gate_history_row r;
                err = read_row(h, st, log, &r, eb);
                if (err != RG_OK)
                        break;
                if (at < 0 || !same_series(&log->series[at], &r)) {
                        if (++at == n_series) {
                                err = rg_fail(eb, RG_INTERNAL, "%s: the results changed while read",
                                              h->path);
                                break;
                        }
                        log->series[at] =
                            (struct gate_history_series){.config = r.config,
                                                         .erlang = r.erlang,
                                                         .metric = r.metric,
                                                         .night = log->series[at].night,
                                                         .row = log->series[at].row};
                }
                struct gate_history_series *s = &log->series[at];
                int ni = night_index(log, sqlite3_column_int64(st, COL_NIGHT));
                if (s->n == sizes[at] || ni < 0) {
                        err =
                            rg_fail(eb, RG_INTERNAL, "%s: the results changed while read", h->path);
                        break;
                }
                s->night[s->n] = ni;
                s->row[s->n++] = r;
                rc = SQLITE_OK;
        }
        if (err == RG_OK && rc != SQLITE_DONE)
                err = gate_history_db_fail(h, rc, "cannot read the results", eb);
        sqlite3_finalize(st);
        free(sizes);
        log->n_series = n_series;
        return err;
}

/* Why one read transaction: the nights, their labels and their rows must
 * be one snapshot, while a nightly may be appending (WAL lets it). */
int gate_history_read(struct gate_history *h, const char *config, struct gate_history_log **out,
                      struct rg_errbuf *eb)
{
        *out = NULL;
        struct gate_history_log *log = calloc(1, sizeof(*log));
        if (log == NULL)
                return rg_fail(eb, RG_NOMEM, "%s: out of memory", h->path);
        int err = gate_history_exec(h, "BEGIN DEFERRED", "cannot start reading", eb);
        if (err != RG_OK) {
                free(log);
                return err;
        }
        err = check_complete(h, eb);
        if (err == RG_OK)
                err = read_nights(h, config, log, eb);
        if (err == RG_OK)
                err = read_series(h, config, log, eb);
        if (err == RG_OK && config && log->n_series == 0)
                err =
                    rg_fail(eb, RG_NOTFOUND, "%s: no config '%s' in the history", h->path, config);
        /* a read transaction: ending it cannot lose anything */
        int rc = sqlite3_exec(h->db, err == RG_OK ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
        if (err == RG_OK && rc != SQLITE_OK)
                err = gate_history_db_fail(h, rc, "cannot finish reading", eb);
        if (err != RG_OK) {
                gate_history_log_destroy(log);
                return err;
        }
        *out = log;
        return RG_OK;
}
