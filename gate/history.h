/*
 * The nightly history: one SQLite file (libsqlite3) holding, per night, one
 * row per (config, load, metric) of the gate's comparisons, so that the
 * trend rules (gate/trend.h) and `rollgate history` can look back.
 *
 * The file: WAL journal (a reader never blocks the nightly writer, nor the
 * writer a reader), synchronous=FULL, a busy timeout of 5 s, `PRAGMA
 * application_id` GATE_HISTORY_APPLICATION_ID and the schema version in
 * `PRAGMA user_version` (GATE_HISTORY_SCHEMA_VERSION).  A night is written
 * in one transaction, so a reader, or the file after a kill -9 mid-write,
 * holds whole nights or none of a night.
 *
 * Schema 2 (1 lacked the run times, legacy_seconds and orchestrator_seconds):
 *   night(id INTEGER PRIMARY KEY, time TEXT, version TEXT, rows INTEGER)
 *   night_label(night, key, value; PRIMARY KEY (night, key))
 *   result(night, config, config_hash, erlang, metric 'BP'|'BBP', verdict,
 *          load_verdict, legacy_mean, legacy_lo, legacy_hi, orchestrator_mean,
 *          orchestrator_lo, orchestrator_hi, unit 'pp'|'%', deviation,
 *          dev_lo, dev_hi, t1, t2, legacy_seconds, orchestrator_seconds;
 *          PRIMARY KEY (night, config, erlang, metric))
 * Verdicts are stored by name (stats_verdict_name), so the file reads well
 * in the sqlite3 shell; a NAN figure is NULL, an infinite one a REAL
 * infinity.  night.rows is the number of result rows the night was written
 * with; reading checks it.
 *
 * Ownership: a `struct gate_history` is one open file, not shared between
 * threads.  The structs below are plain data; what gate_history_add_night
 * takes is only read during the call.  A log read back owns every string
 * and array in it, freed by gate_history_log_destroy.
 */
#ifndef GATE_HISTORY_H
#define GATE_HISTORY_H

#include <stdbool.h>

#include "../common/error.h"
#include "../stats/verdict.h"

#define GATE_HISTORY_SCHEMA_VERSION 2
#define GATE_HISTORY_APPLICATION_ID 0x52474854 /* "RGHT" */
#define GATE_HISTORY_MAX_LABELS 64             /* per night */

/* One (config, load, metric) of one night.  Percent for the means and
 * intervals; the deviation and thresholds in `unit`.  NAN: not computed
 * (NULL in the file); the deviation interval may be +-infinity. */
struct gate_history_row {
        const char *config, *config_hash;
        double erlang;
        const char *metric;                       /* "BP" or "BBP" */
        enum stats_verdict verdict, load_verdict; /* the metric's, the load's */
        double legacy_mean, legacy_lo, legacy_hi;
        double orchestrator_mean, orchestrator_lo, orchestrator_hi;
        const char *unit; /* "pp" or "%" */
        double deviation, dev_lo, dev_hi;
        double t1, t2;
        double legacy_seconds, orchestrator_seconds; /* median run times */
};

struct gate_history_label {
        const char *key, *value;
};

/* One night.  In a log read back, `rows` is NULL and `n_rows` the count the
 * night was written with: its rows are in the log's series. */
struct gate_history_night {
        long long id;     /* assigned by the file; ignored by add_night */
        const char *time; /* UTC, ISO 8601 ("2026-12-01T21:55:03Z") */
        const char *version;
        int n_labels;
        const struct gate_history_label *labels; /* keys distinct */
        int n_rows;
        const struct gate_history_row *rows; /* (config, erlang, metric) distinct */
};

/* The nights of one (config, load, metric), in night order. */
struct gate_history_series {
        const char *config;
        double erlang;
        const char *metric;
        int n;
        int *night;                   /* [n]: index into the log's nights */
        struct gate_history_row *row; /* [n] */
};

/* Everything read back (or one config's part of it).  Nights in order of
 * time, ties by id; series by config name, then load, then BP before BBP. */
struct gate_history_log {
        int n_nights;
        struct gate_history_night *nights;
        int n_series;
        struct gate_history_series *series;
        struct gate_history_arena *arena;
};

struct gate_history;

enum {
        GATE_HISTORY_CREATE = 1 << 0, /* create a missing file (else RG_IO) */
};

/*
 * Opens `path` (flags: GATE_HISTORY_CREATE or 0), sets WAL and the busy
 * timeout, creates the schema in a new file or migrates one of an older
 * version (also when opened to read: the next nightly would anyway).
 * *out: free with gate_history_close.  One-line errors naming `path`:
 * RG_IO (missing without CREATE, not a regular file, a symbolic link (as
 * rg_file_write_atomic, give its target), cannot open, locked beyond the
 * timeout),
 * RG_PARSE (not an SQLite database, not a rollgate history, damaged),
 * RG_UNSUPPORTED (a schema newer than this rollgate's), RG_NOMEM.
 */
int gate_history_open(const char *path, int flags, struct gate_history **out, struct rg_errbuf *eb);
void gate_history_close(struct gate_history *h); /* NULL ok */

/* Appends night `n` (its time, version, labels and rows) in one IMMEDIATE
 * transaction, rolled back on any failure.  *id (may be NULL): the new
 * night's id.  RG_RANGE for a row with an unknown metric or unit or an
 * empty config, a duplicate (config, erlang, metric) or label key, more
 * than GATE_HISTORY_MAX_LABELS labels; RG_IO
 * when the file refuses the write.  Messages name the file. */
int gate_history_add_night(struct gate_history *h, const struct gate_history_night *n,
                           long long *id, struct rg_errbuf *eb);

/* Reads the history back (config NULL: every config; else only its
 * series, and the nights in which it ran) into *out (free with
 * gate_history_log_destroy).  RG_NOTFOUND naming the config when it has
 * no rows; RG_PARSE naming the file for a damaged or inconsistent file. */
int gate_history_read(struct gate_history *h, const char *config, struct gate_history_log **out,
                      struct rg_errbuf *eb);
void gate_history_log_destroy(struct gate_history_log *log); /* NULL ok */

/* The file name given to gate_history_open, for messages. */
const char *gate_history_path(const struct gate_history *h);

#endif
