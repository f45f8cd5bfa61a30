/*
 * The nightly history in SQLite.  Every value goes in through a bound
 * parameter of a prepared statement; the only SQL text is the constant
 * below.  Every sqlite3 return code is checked, and the first failure
 * becomes the one-line message naming the file.
 */
#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "history.h"

#define STR_(x) #x
#define STR(x) STR_(x)

struct gate_history {
        sqlite3 *db;
        char *path;
};

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

/* ---- errors -------------------------------------------------------------- */

/* Our code for an SQLite result: damage and foreign files are the input's
 * fault (exit 2), so is a file another process holds locked. */
static int db_code(int rc)
{
        switch (rc & 0xff) {
        case SQLITE_NOMEM:
                return RG_NOMEM;
        case SQLITE_NOTADB:
        case SQLITE_CORRUPT:
        case SQLITE_FORMAT:
                return RG_PARSE;
        case SQLITE_CONSTRAINT:
        case SQLITE_MISMATCH:
        case SQLITE_TOOBIG:
                return RG_RANGE;
        default:
                return RG_IO;
        }
}

static int db_fail(const struct gate_history *h, int rc, const char *what, struct rg_errbuf *eb)
{
        int code = db_code(rc);
        if (code == RG_NOMEM)
                return rg_fail(eb, RG_NOMEM, "%s: out of memory", h->path);
        if ((rc & 0xff) == SQLITE_NOTADB)
                return rg_fail(eb, code, "%s: not an SQLite database", h->path);
        if ((rc & 0xff) == SQLITE_BUSY)
                return rg_fail(eb, code, "%s: %s: the file is locked by another writer", h->path,
                               what);
        return rg_fail(eb, code, "%s: %s: %s", h->path, what, sqlite3_errmsg(h->db));
}

const char *gate_history_path(const struct gate_history *h)
{
        return h->path;
}

/* ---- small statement helpers --------------------------------------------- */

static int prepare(struct gate_history *h, const char *sql, sqlite3_stmt **st, struct rg_errbuf *eb)
{
        int rc = sqlite3_prepare_v2(h->db, sql, -1, st, NULL);
        if (rc != SQLITE_OK) {
                sqlite3_finalize(*st);
                *st = NULL;
                return db_fail(h, rc, "cannot prepare a statement", eb);
        }
        return RG_OK;
}

/* Runs constant SQL without results (DDL, BEGIN, COMMIT, pragmas). */
static int exec(struct gate_history *h, const char *sql, const char *what, struct rg_errbuf *eb)
{
        int rc = sqlite3_exec(h->db, sql, NULL, NULL, NULL);
        return rc == SQLITE_OK ? RG_OK : db_fail(h, rc, what, eb);
}

/* The integer a one-row statement (a pragma) gives. */
static int query_int(struct gate_history *h, const char *sql, long long *out, struct rg_errbuf *eb)
{
        sqlite3_stmt *st = NULL;
        int err = prepare(h, sql, &st, eb);
        if (err != RG_OK)
                return err;
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
                *out = sqlite3_column_int64(st, 0);
        else
                err = db_fail(h, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, "cannot read the schema",
                              eb);
        sqlite3_finalize(st);
        return err;
}

static int bind_text(sqlite3_stmt *st, int i, const char *s)
{
        return sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_TRANSIENT);
}

/* NAN is NULL; an infinity stays a REAL infinity. */
static int bind_real(sqlite3_stmt *st, int i, double v)
{
        return isnan(v) ? sqlite3_bind_null(st, i) : sqlite3_bind_double(st, i, v);
}

static double column_real(sqlite3_stmt *st, int i)
{
        return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

static const char *column_text(sqlite3_stmt *st, int i)
{
        const unsigned char *s = sqlite3_column_text(st, i);
        return s ? (const char *)s : "";
}

/* ---- schema ---------------------------------------------------------------- */

static const char schema_v2[] =
    "CREATE TABLE night ("
    " id INTEGER PRIMARY KEY,"
    " time TEXT NOT NULL,"
    " version TEXT NOT NULL,"
    " rows INTEGER NOT NULL CHECK (rows >= 0));"
    "CREATE TABLE night_label ("
    " night INTEGER NOT NULL REFERENCES night(id),"
    " key TEXT NOT NULL,"
    " value TEXT NOT NULL,"
    " PRIMARY KEY (night, key));"
    "CREATE TABLE result ("
    " night INTEGER NOT NULL REFERENCES night(id),"
    " config TEXT NOT NULL CHECK (config <> ''),"
    " config_hash TEXT NOT NULL,"
    " erlang REAL NOT NULL,"
    " metric TEXT NOT NULL CHECK (metric IN ('BP', 'BBP')),"
    " verdict TEXT NOT NULL,"
    " load_verdict TEXT NOT NULL,"
    " legacy_mean REAL, legacy_lo REAL, legacy_hi REAL,"
    " orchestrator_mean REAL, orchestrator_lo REAL, orchestrator_hi REAL,"
    " unit TEXT NOT NULL CHECK (unit IN ('pp', '%')),"
    " deviation REAL, dev_lo REAL, dev_hi REAL,"
    " t1 REAL, t2 REAL,"
    " legacy_seconds REAL, orchestrator_seconds REAL,"
    " PRIMARY KEY (night, config, erlang, metric));"
    "CREATE INDEX result_series ON result (config, erlang, metric);";

/* 1 -> 2: the run times. */
static const char migrate_v1[] = "ALTER TABLE result ADD COLUMN legacy_seconds REAL;"
                                 "ALTER TABLE result ADD COLUMN orchestrator_seconds REAL;";

static const char stamp[] = "PRAGMA user_version = " STR(
    GATE_HISTORY_SCHEMA_VERSION) ";"
                                 "PRAGMA application_id = " STR(GATE_HISTORY_APPLICATION_ID) ";";

static int read_version(struct gate_history *h, long long *version, long long *app,
                        struct rg_errbuf *eb)
{
        int err = query_int(h, "PRAGMA user_version", version, eb);
        if (err == RG_OK)
                err = query_int(h, "PRAGMA application_id", app, eb);
        return err;
}

/* The version check both outside the transaction (to refuse early without
 * writing) and inside it (another process may have migrated meanwhile). */
static int check_version(struct gate_history *h, long long version, long long app,
                         long long *tables, struct rg_errbuf *eb)
{
        if (version > GATE_HISTORY_SCHEMA_VERSION)
                return rg_fail(eb, RG_UNSUPPORTED,
                               "%s: history schema version %lld is newer than this rollgate's "
                               "(%d); use a newer rollgate",
                               h->path, version, GATE_HISTORY_SCHEMA_VERSION);
        if (version < 0 || (app != GATE_HISTORY_APPLICATION_ID && (app != 0 || version != 0)))
                return rg_fail(eb, RG_PARSE,
                               "%s: an SQLite database, but not a rollgate history "
                               "(application_id %lld, user_version %lld)",
                               h->path, app, version);
        int err = query_int(h, "SELECT count(*) FROM sqlite_schema", tables, eb);
        if (err == RG_OK && version == 0 && *tables > 0)
                return rg_fail(eb, RG_PARSE,
                               "%s: an SQLite database, but not a rollgate history (tables "
                               "without a schema version)",
                               h->path);
        return err;
}

/* Creates or migrates the schema in one transaction. */
static int migrate(struct gate_history *h, struct rg_errbuf *eb)
{
        int err = exec(h, "BEGIN IMMEDIATE", "cannot start the schema update", eb);
        if (err != RG_OK)
                return err;
        long long version = 0, app = 0, tables = 0;
        err = read_version(h, &version, &app, eb);
        if (err == RG_OK)
                err = check_version(h, version, app, &tables, eb);
        if (err == RG_OK && version == 0)
                err = exec(h, schema_v2, "cannot create the schema", eb);
        if (err == RG_OK && version == 1)
                err = exec(h, migrate_v1, "cannot migrate the schema from version 1", eb);
        if (err == RG_OK && version < GATE_HISTORY_SCHEMA_VERSION)
                err = exec(h, stamp, "cannot write the schema version", eb);
        if (err == RG_OK)
                err = exec(h, "COMMIT", "cannot commit the schema update", eb);
        if (err != RG_OK)
                sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL); /* the error is the first */
        return err;
}

/* WAL, read back: a file system without shared memory stays in its old
 * mode, and then a concurrent reader could see a writer's lock. */
static int set_wal(struct gate_history *h, struct rg_errbuf *eb)
{
        sqlite3_stmt *st = NULL;
        int err = prepare(h, "PRAGMA journal_mode = WAL", &st, eb);
        if (err != RG_OK)
                return err;
        int rc = sqlite3_step(st);
        if (rc != SQLITE_ROW)
                err = db_fail(h, rc, "cannot set the WAL journal", eb);
        else if (strcmp(column_text(st, 0), "wal") != 0)
                err = rg_fail(eb, RG_IO, "%s: cannot set the WAL journal (the journal stays '%s')",
                              h->path, column_text(st, 0));
        sqlite3_finalize(st);
        return err;
}

int gate_history_open(const char *path, int flags, struct gate_history **out, struct rg_errbuf *eb)
{
        *out = NULL;
        struct stat sb;
        if (lstat(path, &sb) != 0) {
                if (errno != ENOENT || !(flags & GATE_HISTORY_CREATE))
                        return rg_fail(eb, RG_IO, "%s: %s", path,
                                       errno == ENOENT ? "no such file" : strerror(errno));
        } else if (S_ISLNK(sb.st_mode)) {
                return rg_fail(eb, RG_IO, "%s: a symbolic link; give its target", path);
        } else if (!S_ISREG(sb.st_mode)) {
                return rg_fail(eb, RG_IO, "%s: not a regular file", path);
        }
        struct gate_history *h = calloc(1, sizeof(*h));
        if (h == NULL || (h->path = strdup(path)) == NULL) {
                free(h);
                return rg_fail(eb, RG_NOMEM, "%s: out of memory", path);
        }
        int open_flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW;
        if (flags & GATE_HISTORY_CREATE)
                open_flags |= SQLITE_OPEN_CREATE;
        int rc = sqlite3_open_v2(path, &h->db, open_flags, NULL);
        int err = RG_OK;
        if (rc != SQLITE_OK)
                err = h->db ? db_fail(h, rc, "cannot open", eb)
                            : rg_fail(eb, RG_NOMEM, "%s: out of memory", path);
        if (err == RG_OK && (rc = sqlite3_busy_timeout(h->db, 5000)) != SQLITE_OK)
                err = db_fail(h, rc, "cannot set the busy timeout", eb);
        long long version = 0, app = 0, tables = 0;
        if (err == RG_OK)
                err = read_version(h, &version, &app, eb);
        if (err == RG_OK)
                err = check_version(h, version, app, &tables, eb);
        if (err == RG_OK)
                err = set_wal(h, eb);
        if (err == RG_OK)
                err = exec(h, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON",
                           "cannot set the pragmas", eb);
        if (err == RG_OK && version < GATE_HISTORY_SCHEMA_VERSION)
                err = migrate(h, eb);
        if (err != RG_OK) {
                gate_history_close(h);
                return err;
        }
        *out = h;
        return RG_OK;
}

void gate_history_close(struct gate_history *h)
{
        if (h == NULL)
                return;
        sqlite3_close(h->db); /* every statement is finalized where it was made */
        free(h->path);
        free(h);
}

/* ---- writing a night --------------------------------------------------------- */

static int check_night(const struct gate_history *h, const struct gate_history_night *n,
                       struct rg_errbuf *eb)
{
        if (n->time == NULL || n->time[0] == '\0' || n->version == NULL)
                return rg_fail(eb, RG_RANGE, "%s: a night needs a time and a version", h->path);
        if (n->n_rows < 0 || n->n_labels < 0 || (n->n_rows > 0 && n->rows == NULL) ||
            (n->n_labels > 0 && n->labels == NULL))
                return rg_fail(eb, RG_RANGE, "%s: a night's counts and arrays disagree", h->path);
        if (n->n_labels > GATE_HISTORY_MAX_LABELS)
                return rg_fail(eb, RG_RANGE, "%s: more than %d labels", h->path,
                               GATE_HISTORY_MAX_LABELS);
        for (int i = 0; i < n->n_labels; i++)
                if (n->labels[i].key == NULL || n->labels[i].key[0] == '\0' ||
                    n->labels[i].value == NULL)
                        return rg_fail(eb, RG_RANGE, "%s: label %d needs a key and a value",
                                       h->path, i + 1);
        for (int i = 0; i < n->n_rows; i++) {
                const struct gate_history_row *r = &n->rows[i];
                const char *c = r->config ? r->config : "";
                if (c[0] == '\0')
                        return rg_fail(eb, RG_RANGE, "%s: row %d has no config", h->path, i + 1);
                if (r->metric == NULL || (strcmp(r->metric, "BP") && strcmp(r->metric, "BBP")))
                        return rg_fail(eb, RG_RANGE, "%s: config '%s': metric must be BP or BBP",
                                       h->path, c);
                if (r->unit == NULL || (strcmp(r->unit, "pp") && strcmp(r->unit, "%")))
                        return rg_fail(eb, RG_RANGE, "%s: config '%s': unit must be pp or %%",
                                       h->path, c);
                if (!isfinite(r->erlang))
                        return rg_fail(eb, RG_RANGE, "%s: config '%s': the load must be finite",
                                       h->path, c);
        }
        return RG_OK;
}

/* One statement's step to completion; `what` for the message. */
static int step_done(struct gate_history *h, sqlite3_stmt *st, int bind_rc, const char *what,
                     struct rg_errbuf *eb)
{
        int rc = bind_rc == SQLITE_OK ? sqlite3_step(st) : bind_rc;
        if (rc != SQLITE_DONE)
                return db_fail(h, rc, what, eb);
        if ((rc = sqlite3_reset(st)) != SQLITE_OK || (rc = sqlite3_clear_bindings(st)) != SQLITE_OK)
                return db_fail(h, rc, what, eb);
        return RG_OK;
}

static int insert_row(struct gate_history *h, sqlite3_stmt *st, long long night,
                      const struct gate_history_row *r, struct rg_errbuf *eb)
{
        const double reals[] = {r->legacy_mean,       r->legacy_lo,       r->legacy_hi,
                                r->orchestrator_mean, r->orchestrator_lo, r->orchestrator_hi};
        const double dev[] = {
            r->deviation,           r->dev_lo, r->dev_hi, r->t1, r->t2, r->legacy_seconds,
            r->orchestrator_seconds};
        int rc = sqlite3_bind_int64(st, 1, night);
        if (rc == SQLITE_OK)
                rc = bind_text(st, 2, r->config);
        if (rc == SQLITE_OK)
                rc = bind_text(st, 3, r->config_hash);
        if (rc == SQLITE_OK)
                rc = sqlite3_bind_double(st, 4, r->erlang);
        if (rc == SQLITE_OK)
                rc = bind_text(st, 5, r->metric);
        if (rc == SQLITE_OK)
                rc = bind_text(st, 6, stats_verdict_name(r->verdict));
        if (rc == SQLITE_OK)
                rc = bind_text(st, 7, stats_verdict_name(r->load_verdict));
        for (int i = 0; rc == SQLITE_OK && i < 6; i++)
                rc = bind_real(st, 8 + i, reals[i]);
        if (rc == SQLITE_OK)
                rc = bind_text(st, 14, r->unit);
        for (int i = 0; rc == SQLITE_OK && i < 7; i++)
                rc = bind_real(st, 15 + i, dev[i]);
        char what[200];
        snprintf(what, sizeof(what), "config '%s', %g Erlang, %s: cannot write the row", r->config,
                 r->erlang, r->metric);
        return step_done(h, st, rc, what, eb);
}

static int write_night(struct gate_history *h, const struct gate_history_night *n, long long *id,
                       struct rg_errbuf *eb)
{
        sqlite3_stmt *st_night = NULL, *st_label = NULL, *st_row = NULL;
        int err = prepare(h, "INSERT INTO night (time, version, rows) VALUES (?1, ?2, ?3)",
                          &st_night, eb);
        if (err == RG_OK)
                err = prepare(h, "INSERT INTO night_label (night, key, value) VALUES (?1, ?2, ?3)",
                              &st_label, eb);
        if (err == RG_OK)
                err = prepare(h,
                              "INSERT INTO result (night, config, config_hash, erlang, metric, "
                              "verdict, load_verdict, legacy_mean, legacy_lo, legacy_hi, "
                              "orchestrator_mean, orchestrator_lo, orchestrator_hi, unit, "
                              "deviation, dev_lo, dev_hi, t1, t2, legacy_seconds, "
                              "orchestrator_seconds) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                              "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
                              &st_row, eb);
        if (err == RG_OK) {
                int rc = bind_text(st_night, 1, n->time);
                if (rc == SQLITE_OK)
                        rc = bind_text(st_night, 2, n->version);
                if (rc == SQLITE_OK)
                        rc = sqlite3_bind_int(st_night, 3, n->n_rows);
                err = step_done(h, st_night, rc, "cannot write the night", eb);
        }
        long long night = err == RG_OK ? sqlite3_last_insert_rowid(h->db) : 0;
        for (int i = 0; err == RG_OK && i < n->n_labels; i++) {
                int rc = sqlite3_bind_int64(st_label, 1, night);
                if (rc == SQLITE_OK)
                        rc = bind_text(st_label, 2, n->labels[i].key);
                if (rc == SQLITE_OK)
                        rc = bind_text(st_label, 3, n->labels[i].value);
                if (rc == SQLITE_OK && (rc = sqlite3_step(st_label)) == SQLITE_CONSTRAINT)
                        err = rg_fail(eb, RG_RANGE, "%s: label '%s' given twice", h->path,
                                      n->labels[i].key);
                else if (rc != SQLITE_DONE)
                        err = db_fail(h, rc, "cannot write a label", eb);
                else if ((rc = sqlite3_reset(st_label)) != SQLITE_OK)
                        err = db_fail(h, rc, "cannot write a label", eb);
        }
        for (int i = 0; err == RG_OK && i < n->n_rows; i++)
                err = insert_row(h, st_row, night, &n->rows[i], eb);
        sqlite3_finalize(st_night);
        sqlite3_finalize(st_label);
        sqlite3_finalize(st_row);
        if (err == RG_OK && id)
                *id = night;
        return err;
}

int gate_history_add_night(struct gate_history *h, const struct gate_history_night *n,
                           long long *id, struct rg_errbuf *eb)
{
        int err = check_night(h, n, eb);
        if (err == RG_OK)
                err = exec(h, "BEGIN IMMEDIATE", "cannot start writing the night", eb);
        if (err != RG_OK)
                return err;
        err = write_night(h, n, id, eb);
        if (err == RG_OK)
                err = exec(h, "COMMIT", "cannot commit the night", eb);
        if (err != RG_OK && !sqlite3_get_autocommit(h->db))
                sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL); /* the error is the first */
        return err;
}

/* ---- reading back ------------------------------------------------------------ */

/* A file whose nights do not hold the rows they were written with was
 * changed by hand or damaged: the trend would be computed on part of it. */
static int check_complete(struct gate_history *h, struct rg_errbuf *eb)
{
        sqlite3_stmt *st = NULL;
        int err = prepare(h,
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
                err = db_fail(h, rc, "cannot read the nights", eb);
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
        int err = prepare(h, sql_count[config != NULL], &st, eb);
        int rc = err == RG_OK && config ? bind_text(st, 1, config) : SQLITE_OK;
        if (err == RG_OK && rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
                count = sqlite3_column_int64(st, 0);
        else if (err == RG_OK)
                err = db_fail(h, rc, "cannot count the nights", eb);
        sqlite3_finalize(st);
        st = NULL;
        if (err == RG_OK && count > 1000000)
                err = rg_fail(eb, RG_RANGE, "%s: %lld nights are more than rollgate reads", h->path,
                              count);
        if (err == RG_OK &&
            (log->nights = arena_alloc(log, (size_t)count, sizeof(*log->nights))) == NULL)
                err = rg_fail(eb, RG_NOMEM, "%s: out of memory", h->path);
        if (err == RG_OK)
                err = prepare(h, sql[config != NULL], &st, eb);
        if (err == RG_OK)
                err = prepare(h, "SELECT key, value FROM night_label WHERE night = ?1 ORDER BY key",
                              &lb, eb);
        rc = err == RG_OK && config ? bind_text(st, 1, config) : SQLITE_OK;
        if (rc != SQLITE_OK)
                err = db_fail(h, rc, "cannot read the nights", eb);
        while (err == RG_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
                if (log->n_nights == count) {
                        err =
                            rg_fail(eb, RG_INTERNAL, "%s: the nights changed while read", h->path);
                        break;
                }
                struct gate_history_night *n = &log->nights[log->n_nights++];
                n->id = sqlite3_column_int64(st, 0);
                n->time = arena_strdup(log, column_text(st, 1));
                n->version = arena_strdup(log, column_text(st, 2));
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
                        tmp[nl].key = arena_strdup(log, column_text(lb, 0));
                        tmp[nl].value = arena_strdup(log, column_text(lb, 1));
                        if (tmp[nl].key == NULL || tmp[nl].value == NULL) {
                                err = rg_fail(eb, RG_NOMEM, "%s: out of memory", h->path);
                                break;
                        }
                        nl++;
                        rc = SQLITE_OK;
                }
                if (err == RG_OK && rc != SQLITE_DONE)
                        err = db_fail(h, rc, "cannot read the labels", eb);
                if (err == RG_OK && (rc = sqlite3_reset(lb)) != SQLITE_OK)
                        err = db_fail(h, rc, "cannot read the labels", eb);
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
                err = db_fail(h, rc, "cannot read the nights", eb);
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
        r->config = arena_strdup(log, column_text(st, COL_CONFIG));
        r->config_hash = arena_strdup(log, column_text(st, COL_HASH));
        r->erlang = column_real(st, COL_ERLANG);
        r->metric = strcmp(column_text(st, COL_METRIC), "BP") == 0 ? "BP" : "BBP";
        r->unit = strcmp(column_text(st, COL_UNIT), "%") == 0 ? "%" : "pp";
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
        int err = verdict_of(h, column_text(st, COL_VERDICT), night, &r->verdict, eb);
        if (err == RG_OK)
                err = verdict_of(h, column_text(st, COL_LOAD_VERDICT), night, &r->load_verdict, eb);
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
        int err = prepare(h, counts, &st, eb), rc = SQLITE_OK;
        int n_series = 0, cap = 0;
        int *sizes = NULL;
        if (err == RG_OK)
                rc = config ? bind_text(st, 1, config) : sqlite3_bind_null(st, 1);
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
                err = db_fail(h, rc, "cannot read the results", eb);
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
                err = prepare(h, cols, &st, eb);
        if (err == RG_OK)
                rc = config ? bind_text(st, 1, config) : sqlite3_bind_null(st, 1);
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
                err = db_fail(h, rc, "cannot read the results", eb);
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
        int err = exec(h, "BEGIN DEFERRED", "cannot start reading", eb);
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
                err = db_fail(h, rc, "cannot finish reading", eb);
        if (err != RG_OK) {
                gate_history_log_destroy(log);
                return err;
        }
        *out = log;
        return RG_OK;
}
