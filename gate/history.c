/*
 * The nightly history in SQLite: opening the file, its schema and
 * migrations, and writing a night (reading back is history_read.c).  Every
 * value goes in through a bound parameter of a prepared statement; the
 * only SQL text is the constant below.  Every sqlite3 return code is
 * checked, and the first failure becomes the one-line message naming the
 * file.
 */
#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "history_internal.h"

#define STR_(x) #x
#define STR(x) STR_(x)

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

int gate_history_db_fail(const struct gate_history *h, int rc, const char *what,
                         struct rg_errbuf *eb)
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

int gate_history_prepare(struct gate_history *h, const char *sql, sqlite3_stmt **st,
                         struct rg_errbuf *eb)
{
        int rc = sqlite3_prepare_v2(h->db, sql, -1, st, NULL);
        if (rc != SQLITE_OK) {
                sqlite3_finalize(*st);
                *st = NULL;
                return gate_history_db_fail(h, rc, "cannot prepare a statement", eb);
        }
        return RG_OK;
}

int gate_history_exec(struct gate_history *h, const char *sql, const char *what,
                      struct rg_errbuf *eb)
{
        int rc = sqlite3_exec(h->db, sql, NULL, NULL, NULL);
        return rc == SQLITE_OK ? RG_OK : gate_history_db_fail(h, rc, what, eb);
}

/* The integer a one-row statement (a pragma) gives. */
static int query_int(struct gate_history *h, const char *sql, long long *out, struct rg_errbuf *eb)
{
        sqlite3_stmt *st = NULL;
        int err = gate_history_prepare(h, sql, &st, eb);
        if (err != RG_OK)
                return err;
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
                *out = sqlite3_column_int64(st, 0);
        else
                err = gate_history_db_fail(h, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc,
                                           "cannot read the schema", eb);
        sqlite3_finalize(st);
        return err;
}

int gate_history_bind_text(sqlite3_stmt *st, int i, const char *s)
{
        return sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_TRANSIENT);
}

/* NAN is NULL; an infinity stays a REAL infinity. */
static int bind_real(sqlite3_stmt *st, int i, double v)
{
        return isnan(v) ? sqlite3_bind_null(st, i) : sqlite3_bind_double(st, i, v);
}

const char *gate_history_column_text(sqlite3_stmt *st, int i)
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
        int err = gate_history_exec(h, "BEGIN IMMEDIATE", "cannot start the schema update", eb);
        if (err != RG_OK)
                return err;
        long long version = 0, app = 0, tables = 0;
        err = read_version(h, &version, &app, eb);
        if (err == RG_OK)
                err = check_version(h, version, app, &tables, eb);
        if (err == RG_OK && version == 0)
                err = gate_history_exec(h, schema_v2, "cannot create the schema", eb);
        if (err == RG_OK && version == 1)
                err = gate_history_exec(h, migrate_v1, "cannot migrate the schema from version 1",
                                        eb);
        if (err == RG_OK && version < GATE_HISTORY_SCHEMA_VERSION)
                err = gate_history_exec(h, stamp, "cannot write the schema version", eb);
        if (err == RG_OK)
                err = gate_history_exec(h, "COMMIT", "cannot commit the schema update", eb);
        if (err != RG_OK)
                sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL); /* the error is the first */
        return err;
}

/* WAL, read back: a file system without shared memory stays in its old
 * mode, and then a concurrent reader could see a writer's lock. */
static int set_wal(struct gate_history *h, struct rg_errbuf *eb)
{
        sqlite3_stmt *st = NULL;
        int err = gate_history_prepare(h, "PRAGMA journal_mode = WAL", &st, eb);
        if (err != RG_OK)
                return err;
        int rc = sqlite3_step(st);
        if (rc != SQLITE_ROW)
                err = gate_history_db_fail(h, rc, "cannot set the WAL journal", eb);
        else if (strcmp(gate_history_column_text(st, 0), "wal") != 0)
                err = rg_fail(eb, RG_IO, "%s: cannot set the WAL journal (the journal stays '%s')",
                              h->path, gate_history_column_text(st, 0));
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
                err = h->db ? gate_history_db_fail(h, rc, "cannot open", eb)
                            : rg_fail(eb, RG_NOMEM, "%s: out of memory", path);
        if (err == RG_OK && (rc = sqlite3_busy_timeout(h->db, 5000)) != SQLITE_OK)
                err = gate_history_db_fail(h, rc, "cannot set the busy timeout", eb);
        long long version = 0, app = 0, tables = 0;
        if (err == RG_OK)
                err = read_version(h, &version, &app, eb);
        if (err == RG_OK)
                err = check_version(h, version, app, &tables, eb);
        if (err == RG_OK)
                err = set_wal(h, eb);
        if (err == RG_OK)
                err = gate_history_exec(h, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON",
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
                return gate_history_db_fail(h, rc, what, eb);
        if ((rc = sqlite3_reset(st)) != SQLITE_OK || (rc = sqlite3_clear_bindings(st)) != SQLITE_OK)
                return gate_history_db_fail(h, rc, what, eb);
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
                rc = gate_history_bind_text(st, 2, r->config);
        if (rc == SQLITE_OK)
                rc = gate_history_bind_text(st, 3, r->config_hash);
        if (rc == SQLITE_OK)
                rc = sqlite3_bind_double(st, 4, r->erlang);
        if (rc == SQLITE_OK)
                rc = gate_history_bind_text(st, 5, r->metric);
        if (rc == SQLITE_OK)
                rc = gate_history_bind_text(st, 6, stats_verdict_name(r->verdict));
        if (rc == SQLITE_OK)
                rc = gate_history_bind_text(st, 7, stats_verdict_name(r->load_verdict));
        for (int i = 0; rc == SQLITE_OK && i < 6; i++)
                rc = bind_real(st, 8 + i, reals[i]);
        if (rc == SQLITE_OK)
                rc = gate_history_bind_text(st, 14, r->unit);
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
        int err = gate_history_prepare(
            h, "INSERT INTO night (time, version, rows) VALUES (?1, ?2, ?3)", &st_night, eb);
        if (err == RG_OK)
                err = gate_history_prepare(
                    h, "INSERT INTO night_label (night, key, value) VALUES (?1, ?2, ?3)", &st_label,
                    eb);
        if (err == RG_OK)
                err = gate_history_prepare(
                    h,
                    "INSERT INTO result (night, config, config_hash, erlang, metric, "
                    "verdict, load_verdict, legacy_mean, legacy_lo, legacy_hi, "
                    "orchestrator_mean, orchestrator_lo, orchestrator_hi, unit, "
                    "deviation, dev_lo, dev_hi, t1, t2, legacy_seconds, "
                    "orchestrator_seconds) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                    "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
                    &st_row, eb);
        if (err == RG_OK) {
                int rc = gate_history_bind_text(st_night, 1, n->time);
                if (rc == SQLITE_OK)
                        rc = gate_history_bind_text(st_night, 2, n->version);
                if (rc == SQLITE_OK)
                        rc = sqlite3_bind_int(st_night, 3, n->n_rows);
                err = step_done(h, st_night, rc, "cannot write the night", eb);
        }
        long long night = err == RG_OK ? sqlite3_last_insert_rowid(h->db) : 0;
        for (int i = 0; err == RG_OK && i < n->n_labels; i++) {
                int rc = sqlite3_bind_int64(st_label, 1, night);
                if (rc == SQLITE_OK)
                        rc = gate_history_bind_text(st_label, 2, n->labels[i].key);
                if (rc == SQLITE_OK)
                        rc = gate_history_bind_text(st_label, 3, n->labels[i].value);
                if (rc == SQLITE_OK && (rc = sqlite3_step(st_label)) == SQLITE_CONSTRAINT)
                        err = rg_fail(eb, RG_RANGE, "%s: label '%s' given twice", h->path,
                                      n->labels[i].key);
                else if (rc != SQLITE_DONE)
                        err = gate_history_db_fail(h, rc, "cannot write a label", eb);
                else if ((rc = sqlite3_reset(st_label)) != SQLITE_OK)
                        err = gate_history_db_fail(h, rc, "cannot write a label", eb);
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
                err = gate_history_exec(h, "BEGIN IMMEDIATE", "cannot start writing the night", eb);
        if (err != RG_OK)
                return err;
        err = write_night(h, n, id, eb);
        if (err == RG_OK)
                err = gate_history_exec(h, "COMMIT", "cannot commit the night", eb);
        if (err != RG_OK && !sqlite3_get_autocommit(h->db))
                sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL); /* the error is the first */
        return err;
}
