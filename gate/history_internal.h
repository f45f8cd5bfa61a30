/*
 * What history.c (opening, schema, writing) and history_read.c (reading
 * back) share: internal to gate/history*.c, not part of history.h.  A
 * `struct gate_history` is one open file, not shared between threads; the
 * functions below neither allocate nor keep a pointer.
 */
#ifndef GATE_HISTORY_INTERNAL_H
#define GATE_HISTORY_INTERNAL_H

#include <sqlite3.h>

#include "history.h"

struct gate_history {
        sqlite3 *db;
        char *path; /* owned: the name given to gate_history_open */
};

/* The first failure of SQLite result `rc` as our code and a one-line
 * message naming the file and `what`; returns the code (RG_PARSE for a
 * damaged or foreign file, RG_IO for a locked one, RG_NOMEM ...). */
int gate_history_db_fail(const struct gate_history *h, int rc, const char *what,
                         struct rg_errbuf *eb);

/* Prepares constant `sql` into *st (NULL on failure; the caller
 * finalizes it). */
int gate_history_prepare(struct gate_history *h, const char *sql, sqlite3_stmt **st,
                         struct rg_errbuf *eb);

/* Runs constant SQL without results (DDL, BEGIN, COMMIT, pragmas); `what`
 * for the message. */
int gate_history_exec(struct gate_history *h, const char *sql, const char *what,
                      struct rg_errbuf *eb);

/* Binds `s` (NULL as "") to parameter `i`, copied; an SQLite result code. */
int gate_history_bind_text(sqlite3_stmt *st, int i, const char *s);

/* Column `i` of the current row as text, "" for NULL; valid until the
 * statement steps, resets or is finalized. */
const char *gate_history_column_text(sqlite3_stmt *st, int i);

#endif
