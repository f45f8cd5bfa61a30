/*
 * The nightly history store (gate/history.c) on temporary files: the schema
 * is created, reopened and migrated from version 1; a newer schema, a file
 * that is not SQLite and an SQLite file that is not ours are refused with
 * one line naming the file; nights read back exactly, in time order; a
 * failed night leaves nothing behind; a reader in the middle of its
 * transaction neither blocks a night nor sees half of one.
 */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../gate/history.h"
#include "testutil.h"

static char dir[64];
static char path[128];

/* a fresh file name in a fresh folder */
static const char *fresh(const char *name)
{
        if (dir[0] == '\0') {
                strcpy(dir, "/tmp/rg-history-XXXXXX");
                CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
        }
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        remove(path);
        char side[160];
        snprintf(side, sizeof(side), "%s-wal", path);
        remove(side);
        snprintf(side, sizeof(side), "%s-shm", path);
        remove(side);
        return path;
}

/* runs constant SQL on the file through a connection of the test's own */
static void raw_sql(const char *file, const char *sql)
{
        sqlite3 *db = NULL;
        CU_ASSERT_EQUAL_FATAL(sqlite3_open(file, &db), SQLITE_OK);
        char *msg = NULL;
        int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
        if (rc != SQLITE_OK)
                fprintf(stderr, "raw_sql: %s\n", msg ? msg : "?");
        sqlite3_free(msg);
        CU_ASSERT_EQUAL(rc, SQLITE_OK);
        CU_ASSERT_EQUAL(sqlite3_close(db), SQLITE_OK);
}

static long long raw_int(const char *file, const char *sql)
{
        sqlite3 *db = NULL;
        sqlite3_stmt *st = NULL;
        long long v = -1;
        CU_ASSERT_EQUAL_FATAL(sqlite3_open(file, &db), SQLITE_OK);
        CU_ASSERT_EQUAL(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
        if (st && sqlite3_step(st) == SQLITE_ROW)
                v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        sqlite3_close(db);
        return v;
}

static struct gate_history_row row(const char *config, double erlang, const char *metric,
                                   enum stats_verdict v, double dev)
{
        return (struct gate_history_row){.config = config,
                                         .config_hash = "h1",
                                         .erlang = erlang,
                                         .metric = metric,
                                         .verdict = v,
                                         .load_verdict = v,
                                         .legacy_mean = 10.5,
                                         .legacy_lo = 10.25,
                                         .legacy_hi = 10.75,
                                         .orchestrator_mean = 10.5 + dev,
                                         .orchestrator_lo = 10.0 + dev,
                                         .orchestrator_hi = 11.0 + dev,
                                         .unit = "pp",
                                         .deviation = dev,
                                         .dev_lo = dev - 0.5,
                                         .dev_hi = dev + 0.5,
                                         .t1 = 2,
                                         .t2 = 10,
                                         .legacy_seconds = 1.25,
                                         .orchestrator_seconds = 1.5};
}

static struct gate_history *open_ok(const char *file, int flags)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct gate_history *h = NULL;
        int rc = gate_history_open(file, flags, &h, &eb);
        if (rc != RG_OK)
                fprintf(stderr, "open: %s\n", eb.msg);
        CU_ASSERT_EQUAL(rc, RG_OK);
        return h;
}

/* open must fail with `code` and a message naming the file and saying `what` */
static void open_fails(const char *file, int flags, int code, const char *what)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct gate_history *h = (struct gate_history *)&eb;
        CU_ASSERT_EQUAL(gate_history_open(file, flags, &h, &eb), code);
        CU_ASSERT_PTR_NULL(h);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, file));
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, what));
        CU_ASSERT_PTR_NULL(strchr(eb.msg, '\n'));
        if (strstr(eb.msg, what) == NULL)
                fprintf(stderr, "message: %s\n", eb.msg);
}

static void test_create_and_reopen(void)
{
        const char *f = fresh("new.sqlite");
        open_fails(f, 0, RG_IO, "no such file");
        CU_ASSERT_EQUAL(access(f, F_OK), -1); /* not created without CREATE */
        struct gate_history *h = open_ok(f, GATE_HISTORY_CREATE);
        CU_ASSERT_STRING_EQUAL(gate_history_path(h), f);
        gate_history_close(h);
        CU_ASSERT_EQUAL(raw_int(f, "PRAGMA user_version"), GATE_HISTORY_SCHEMA_VERSION);
        CU_ASSERT_EQUAL(raw_int(f, "PRAGMA application_id"), GATE_HISTORY_APPLICATION_ID);
        CU_ASSERT_EQUAL(raw_int(f, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND "
                                   "name IN ('night', 'night_label', 'result')"),
                        3);
        CU_ASSERT_EQUAL(raw_int(f, "SELECT count(*) FROM pragma_table_info('result') WHERE name "
                                   "IN ('legacy_seconds', 'orchestrator_seconds')"),
                        2);
        /* WAL is a property of the file */
        CU_ASSERT_EQUAL(raw_int(f, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), 1);
        h = open_ok(f, 0);
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct gate_history_log *log = NULL;
        CU_ASSERT_EQUAL(gate_history_read(h, NULL, &log, &eb), RG_OK);
        CU_ASSERT_EQUAL(log->n_nights, 0);
        CU_ASSERT_EQUAL(log->n_series, 0);
        gate_history_log_destroy(log);
        gate_history_close(h);
        gate_history_close(NULL);
        gate_history_log_destroy(NULL);
}

static void check_row(const struct gate_history_row *a, const struct gate_history_row *b)
{
        CU_ASSERT_STRING_EQUAL(a->config, b->config);
        CU_ASSERT_STRING_EQUAL(a->config_hash, b->config_hash);
        CU_ASSERT_EQUAL(a->erlang, b->erlang);
        CU_ASSERT_STRING_EQUAL(a->metric, b->metric);
        CU_ASSERT_EQUAL(a->verdict, b->verdict);
        CU_ASSERT_EQUAL(a->load_verdict, b->load_verdict);
        CU_ASSERT_STRING_EQUAL(a->unit, b->unit);
        const double x[] = {a->legacy_mean,
                            a->legacy_lo,
                            a->legacy_hi,
                            a->orchestrator_mean,
                            a->orchestrator_lo,
                            a->orchestrator_hi,
                            a->deviation,
                            a->dev_lo,
                            a->dev_hi,
                            a->t1,
                            a->t2,
                            a->legacy_seconds,
                            a->orchestrator_seconds};
        const double y[] = {b->legacy_mean,
                            b->legacy_lo,
                            b->legacy_hi,
                            b->orchestrator_mean,
                            b->orchestrator_lo,
                            b->orchestrator_hi,
                            b->deviation,
                            b->dev_lo,
                            b->dev_hi,
                            b->t1,
                            b->t2,
                            b->legacy_seconds,
                            b->orchestrator_seconds};
        for (size_t i = 0; i < sizeof(x) / sizeof(x[0]); i++)
                CU_ASSERT(x[i] == y[i] || (isnan(x[i]) && isnan(y[i])));
}

static void test_add_and_read_back(void)
{
        const char *f = fresh("nights.sqlite");
        struct gate_history *h = open_ok(f, GATE_HISTORY_CREATE);
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        /* the later night is written first: reading orders by time */
        struct gate_history_row late[3] = {
            row("zeta", 450, "BBP", STATS_PLANNED_ROLLBACK, 4.125),
            row("alpha", 300, "BP", STATS_PASS, 0.1),
            row("alpha", 300, "BBP", STATS_INCONCLUSIVE, 1.9),
        };
        late[1].legacy_seconds = NAN; /* NULL */
        late[2].dev_hi = INFINITY;    /* unbounded */
        late[2].dev_lo = -INFINITY;
        late[2].unit = "%";
        late[0].load_verdict = STATS_EMERGENCY_ROLLBACK;
        const struct gate_history_label labels[] = {{"fusion", "abc1234"}, {"arch", "x86_64"}};
        struct gate_history_night n2 = {.time = "2026-01-02T02:00:00Z",
                                        .version = "0.2.0",
                                        .n_labels = 2,
                                        .labels = labels,
                                        .n_rows = 3,
                                        .rows = late};
        long long id2 = 0, id1 = 0;
        CU_ASSERT_EQUAL(gate_history_add_night(h, &n2, &id2, &eb), RG_OK);
        struct gate_history_row early[1] = {row("alpha", 300, "BP", STATS_PASS, -0.2)};
        struct gate_history_night n1 = {
            .time = "2026-01-01T02:00:00Z", .version = "0.1.0", .n_rows = 1, .rows = early};
        CU_ASSERT_EQUAL(gate_history_add_night(h, &n1, &id1, &eb), RG_OK);
        CU_ASSERT(id1 > id2);
        gate_history_close(h);

        h = open_ok(f, 0);
        struct gate_history_log *log = NULL;
        CU_ASSERT_EQUAL_FATAL(gate_history_read(h, NULL, &log, &eb), RG_OK);
        CU_ASSERT_EQUAL_FATAL(log->n_nights, 2);
        CU_ASSERT_STRING_EQUAL(log->nights[0].time, "2026-01-01T02:00:00Z");
        CU_ASSERT_EQUAL(log->nights[0].id, id1);
        CU_ASSERT_STRING_EQUAL(log->nights[0].version, "0.1.0");
        CU_ASSERT_EQUAL(log->nights[0].n_labels, 0);
        CU_ASSERT_EQUAL(log->nights[0].n_rows, 1);
        CU_ASSERT_STRING_EQUAL(log->nights[1].time, "2026-01-02T02:00:00Z");
        CU_ASSERT_EQUAL(log->nights[1].n_rows, 3);
        CU_ASSERT_EQUAL_FATAL(log->nights[1].n_labels, 2);
        /* labels by key */
        CU_ASSERT_STRING_EQUAL(log->nights[1].labels[0].key, "arch");
        CU_ASSERT_STRING_EQUAL(log->nights[1].labels[0].value, "x86_64");
        CU_ASSERT_STRING_EQUAL(log->nights[1].labels[1].key, "fusion");
        CU_ASSERT_STRING_EQUAL(log->nights[1].labels[1].value, "abc1234");
        /* series: alpha 300 BP (2 nights), alpha 300 BBP, zeta 450 BBP */
        CU_ASSERT_EQUAL_FATAL(log->n_series, 3);
        const struct gate_history_series *s = log->series;
        CU_ASSERT_STRING_EQUAL(s[0].config, "alpha");
        CU_ASSERT_STRING_EQUAL(s[0].metric, "BP");
        CU_ASSERT_EQUAL(s[0].erlang, 300);
        CU_ASSERT_EQUAL_FATAL(s[0].n, 2);
        CU_ASSERT_EQUAL(s[0].night[0], 0);
        CU_ASSERT_EQUAL(s[0].night[1], 1);
        check_row(&s[0].row[0], &early[0]);
        check_row(&s[0].row[1], &late[1]);
        CU_ASSERT(isnan(s[0].row[1].legacy_seconds));
        CU_ASSERT_STRING_EQUAL(s[1].metric, "BBP");
        CU_ASSERT_EQUAL_FATAL(s[1].n, 1);
        check_row(&s[1].row[0], &late[2]);
        CU_ASSERT(isinf(s[1].row[0].dev_hi) && s[1].row[0].dev_hi > 0);
        CU_ASSERT_STRING_EQUAL(s[2].config, "zeta");
        CU_ASSERT_EQUAL_FATAL(s[2].n, 1);
        CU_ASSERT_EQUAL(s[2].night[0], 1);
        check_row(&s[2].row[0], &late[0]);
        gate_history_log_destroy(log);

        /* one config: its series and only the nights it ran in */
        CU_ASSERT_EQUAL_FATAL(gate_history_read(h, "zeta", &log, &eb), RG_OK);
        CU_ASSERT_EQUAL(log->n_series, 1);
        CU_ASSERT_EQUAL_FATAL(log->n_nights, 1);
        CU_ASSERT_STRING_EQUAL(log->nights[0].time, "2026-01-02T02:00:00Z");
        CU_ASSERT_EQUAL(log->series[0].night[0], 0);
        gate_history_log_destroy(log);
        CU_ASSERT_EQUAL(gate_history_read(h, "nope", &log, &eb), RG_NOTFOUND);
        CU_ASSERT_PTR_NULL(log);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "no config 'nope'"));
        gate_history_close(h);
}

/* a night that cannot be written completely is not written at all */
static void test_failed_night_rolls_back(void)
{
        const char *f = fresh("rollback.sqlite");
        struct gate_history *h = open_ok(f, GATE_HISTORY_CREATE);
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct gate_history_row dup[3] = {row("a", 300, "BP", STATS_PASS, 0),
                                          row("a", 450, "BP", STATS_PASS, 0),
                                          row("a", 300, "BP", STATS_PASS, 0)};
        struct gate_history_night n = {
            .time = "2026-01-01T02:00:00Z", .version = "x", .n_rows = 3, .rows = dup};
        CU_ASSERT_EQUAL(gate_history_add_night(h, &n, NULL, &eb), RG_RANGE);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, f));
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "config 'a', 300 Erlang, BP"));
        CU_ASSERT_EQUAL(raw_int(f, "SELECT count(*) FROM night"), 0);
        CU_ASSERT_EQUAL(raw_int(f, "SELECT count(*) FROM result"), 0);
        /* refused before writing: a bad metric, a bad unit, no time */
        rg_errbuf_init(&eb);
        dup[2].metric = "XP";
        CU_ASSERT_EQUAL(gate_history_add_night(h, &n, NULL, &eb), RG_RANGE);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "metric must be BP or BBP"));
        dup[2].metric = "BBP";
        dup[1].unit = "x";
        CU_ASSERT_EQUAL(gate_history_add_night(h, &n, NULL, NULL), RG_RANGE);
        dup[1].unit = "pp";
        n.time = "";
        CU_ASSERT_EQUAL(gate_history_add_night(h, &n, NULL, NULL), RG_RANGE);
        /* a label given twice */
        n.time = "2026-01-01T02:00:00Z";
        const struct gate_history_label twice[] = {{"k", "1"}, {"k", "2"}};
        n.labels = twice;
        n.n_labels = 2;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(gate_history_add_night(h, &n, NULL, &eb), RG_RANGE);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "label 'k' given twice"));
        CU_ASSERT_EQUAL(raw_int(f, "SELECT count(*) FROM night"), 0);
        /* and the connection is usable afterwards */
        n.n_labels = 1;
        CU_ASSERT_EQUAL(gate_history_add_night(h, &n, NULL, NULL), RG_OK);
        CU_ASSERT_EQUAL(raw_int(f, "SELECT count(*) FROM result"), 3);
        gate_history_close(h);
}

/* version 1 as an earlier rollgate wrote it: no run times */
static void test_migrates_v1(void)
{
        const char *f = fresh("v1.sqlite");
        raw_sql(f, "PRAGMA application_id = 1380403284; PRAGMA user_version = 1;"
                   "CREATE TABLE night (id INTEGER PRIMARY KEY, time TEXT NOT NULL, version TEXT "
                   "NOT NULL, rows INTEGER NOT NULL);"
                   "CREATE TABLE night_label (night INTEGER NOT NULL REFERENCES night(id), key "
                   "TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (night, key));"
                   "CREATE TABLE result (night INTEGER NOT NULL REFERENCES night(id), config TEXT "
                   "NOT NULL, config_hash TEXT NOT NULL, erlang REAL NOT NULL, metric TEXT NOT "
                   "NULL, verdict TEXT NOT NULL, load_verdict TEXT NOT NULL, legacy_mean REAL, "
                   "legacy_lo REAL, legacy_hi REAL, orchestrator_mean REAL, orchestrator_lo REAL, "
                   "orchestrator_hi REAL, unit TEXT NOT NULL, deviation REAL, dev_lo REAL, dev_hi "
                   "REAL, t1 REAL, t2 REAL, PRIMARY KEY (night, config, erlang, metric));"
                   "INSERT INTO night VALUES (1, '2025-12-31T02:00:00Z', '0.0.9', 1);"
                   "INSERT INTO result VALUES (1, 'old', 'h0', 300, 'BP', 'PASS', 'MONITOR', 10, "
                   "9.5, 10.5, 10.1, 9.6, 10.6, 'pp', 0.1, -0.3, 0.5, 2, 10);");
        CU_ASSERT_EQUAL(raw_int(f, "PRAGMA application_id"), GATE_HISTORY_APPLICATION_ID);
        struct gate_history *h = open_ok(f, 0);
        CU_ASSERT_PTR_NOT_NULL_FATAL(h);
        CU_ASSERT_EQUAL(raw_int(f, "PRAGMA user_version"), GATE_HISTORY_SCHEMA_VERSION);
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct gate_history_row r = row("old", 300, "BP", STATS_PASS, 0.2);
        struct gate_history_night n = {
            .time = "2026-01-01T02:00:00Z", .version = "new", .n_rows = 1, .rows = &r};
        CU_ASSERT_EQUAL(gate_history_add_night(h, &n, NULL, &eb), RG_OK);
        struct gate_history_log *log = NULL;
        CU_ASSERT_EQUAL_FATAL(gate_history_read(h, NULL, &log, &eb), RG_OK);
        CU_ASSERT_EQUAL(log->n_nights, 2);
        CU_ASSERT_EQUAL_FATAL(log->n_series, 1);
        CU_ASSERT_EQUAL_FATAL(log->series[0].n, 2);
        const struct gate_history_row *old = &log->series[0].row[0];
        CU_ASSERT_EQUAL(old->load_verdict, STATS_MONITOR);
        CU_ASSERT_DOUBLE_EQUAL(old->deviation, 0.1, 0);
        CU_ASSERT(isnan(old->legacy_seconds) && isnan(old->orchestrator_seconds));
        CU_ASSERT_DOUBLE_EQUAL(log->series[0].row[1].orchestrator_seconds, 1.5, 0);
        gate_history_log_destroy(log);
        gate_history_close(h);
}

static void test_refuses_foreign_files(void)
{
        /* newer than this rollgate */
        const char *f = fresh("newer.sqlite");
        raw_sql(f, "PRAGMA application_id = 1380403284; PRAGMA user_version = 99;"
                   "CREATE TABLE night (id INTEGER PRIMARY KEY);");
        open_fails(f, 0, RG_UNSUPPORTED, "schema version 99 is newer");
        open_fails(f, GATE_HISTORY_CREATE, RG_UNSUPPORTED, "newer than this rollgate's");
        CU_ASSERT_EQUAL(raw_int(f, "PRAGMA user_version"), 99); /* untouched */
        /* not SQLite at all */
        f = fresh("text.sqlite");
        FILE *fp = fopen(f, "w");
        CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
        fputs("this is not a database, it is a text file of more than a hundred bytes so that "
              "SQLite reads a header from it and refuses it\n",
              fp);
        fclose(fp);
        open_fails(f, 0, RG_PARSE, "not an SQLite database");
        open_fails(f, GATE_HISTORY_CREATE, RG_PARSE, "not an SQLite database");
        /* SQLite, but someone else's */
        f = fresh("other.sqlite");
        raw_sql(f, "CREATE TABLE t (x);");
        open_fails(f, 0, RG_PARSE, "not a rollgate history");
        f = fresh("other-app.sqlite");
        raw_sql(f, "PRAGMA application_id = 42; PRAGMA user_version = 2;");
        open_fails(f, 0, RG_PARSE, "not a rollgate history");
        /* a folder */
        open_fails(dir, 0, RG_IO, "not a regular file");
        /* a symbolic link, even to a history: refused as rg_file_write_atomic does */
        char target[160];
        snprintf(target, sizeof(target), "%s", fresh("target.sqlite"));
        gate_history_close(open_ok(target, GATE_HISTORY_CREATE));
        f = fresh("link.sqlite");
        CU_ASSERT_EQUAL_FATAL(symlink(target, f), 0);
        open_fails(f, GATE_HISTORY_CREATE, RG_IO, "a symbolic link");
}

/* a night whose rows were removed afterwards is reported, not half-trended */
static void test_incomplete_night_detected(void)
{
        const char *f = fresh("damaged.sqlite");
        struct gate_history *h = open_ok(f, GATE_HISTORY_CREATE);
        struct gate_history_row rows[2] = {row("a", 300, "BP", STATS_PASS, 0),
                                           row("a", 300, "BBP", STATS_PASS, 0)};
        struct gate_history_night n = {
            .time = "2026-01-01T02:00:00Z", .version = "x", .n_rows = 2, .rows = rows};
        CU_ASSERT_EQUAL(gate_history_add_night(h, &n, NULL, NULL), RG_OK);
        raw_sql(f, "DELETE FROM result WHERE metric = 'BBP'");
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct gate_history_log *log = NULL;
        CU_ASSERT_EQUAL(gate_history_read(h, NULL, &log, &eb), RG_PARSE);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "holds 1 of its 2 rows"));
        CU_ASSERT_PTR_NULL(log);
        gate_history_close(h);
}

/* WAL: a reader inside its transaction does not block a night, and sees
 * the file as it was when it started reading */
static void test_concurrent_reader(void)
{
        const char *f = fresh("wal.sqlite");
        struct gate_history *h = open_ok(f, GATE_HISTORY_CREATE);
        struct gate_history_row r = row("a", 300, "BP", STATS_PASS, 0);
        struct gate_history_night n = {
            .time = "2026-01-01T02:00:00Z", .version = "x", .n_rows = 1, .rows = &r};
        CU_ASSERT_EQUAL(gate_history_add_night(h, &n, NULL, NULL), RG_OK);
        sqlite3 *db = NULL;
        sqlite3_stmt *st = NULL;
        CU_ASSERT_EQUAL_FATAL(sqlite3_open(f, &db), SQLITE_OK);
        CU_ASSERT_EQUAL(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
        CU_ASSERT_EQUAL(sqlite3_prepare_v2(db, "SELECT count(*) FROM night", -1, &st, NULL),
                        SQLITE_OK);
        CU_ASSERT_EQUAL(sqlite3_step(st), SQLITE_ROW);
        CU_ASSERT_EQUAL(sqlite3_column_int(st, 0), 1);
        CU_ASSERT_EQUAL(sqlite3_reset(st), SQLITE_OK);
        n.time = "2026-01-02T02:00:00Z";
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(gate_history_add_night(h, &n, NULL, &eb), RG_OK);
        CU_ASSERT_EQUAL(sqlite3_step(st), SQLITE_ROW);
        CU_ASSERT_EQUAL(sqlite3_column_int(st, 0), 1); /* its snapshot */
        CU_ASSERT_EQUAL(sqlite3_reset(st), SQLITE_OK);
        CU_ASSERT_EQUAL(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
        CU_ASSERT_EQUAL(sqlite3_step(st), SQLITE_ROW);
        CU_ASSERT_EQUAL(sqlite3_column_int(st, 0), 2);
        sqlite3_finalize(st);
        sqlite3_close(db);
        gate_history_close(h);
}

static void test_cleanup(void)
{
        const char *const names[] = {"new.sqlite",   "nights.sqlite",    "rollback.sqlite",
                                     "v1.sqlite",    "newer.sqlite",     "text.sqlite",
                                     "other.sqlite", "other-app.sqlite", "damaged.sqlite",
                                     "wal.sqlite",   "target.sqlite",    "link.sqlite"};
        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
                fresh(names[i]);
        CU_ASSERT_EQUAL(rmdir(dir), 0);
}

TEST_MAIN("history", TEST(test_create_and_reopen), TEST(test_add_and_read_back),
          TEST(test_failed_night_rolls_back), TEST(test_migrates_v1),
          TEST(test_refuses_foreign_files), TEST(test_incomplete_night_detected),
          TEST(test_concurrent_reader), TEST(test_cleanup))
