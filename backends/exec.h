/*
 * The exec backend: an external simulator run as one command per (path,
 * load, seed).  The command template is split into argv with shell-like
 * quoting and never run by a shell; placeholders {seed} {erlang} {requests}
 * {holding_time} {path} {out} {workdir} {config} are filled per run
 * ({config}: the effective INI of the run, written by rollgate; {workdir}:
 * the run's own folder, a scratch space kept with its logs; {out}: the
 * result file -- without it the result is read from stdout).  The child runs
 * where rollgate runs (or in `workdir`), in a process group of its own, its
 * stdout and
 * stderr in log files there; on timeout the group gets SIGTERM and, after
 * the grace period, SIGKILL.  Any of a non-zero exit, a signal, a timeout,
 * missing, unparsable or incomplete output, or a request count other than
 * asked is a failure of that path's run, with the reason and the log's last
 * lines.
 */
#ifndef BACKEND_EXEC_H
#define BACKEND_EXEC_H

#include "backend.h"

enum backend_format {
        BACKEND_FORMAT_ROLLGATE, /* rollgate's run file (backends/run_file.h) */
        BACKEND_FORMAT_FUSION,   /* FUSION's <erlang>_erlang.json, iteration 0 */
};

/* A path as configured: a [path.NAME] section or the quick form exec:TEMPLATE. */
struct backend_exec_spec {
        char name[64];      /* NAME of [path.NAME]; "" for the quick form */
        char command[4096]; /* the template */
        char env[1024];     /* space-separated K=V added to the environment */
        double timeout;     /* seconds per run; 0: none */
        double kill_grace;  /* seconds between SIGTERM and SIGKILL (default 10) */
        enum backend_format format;
        char workdir[1024]; /* where the command runs; "": where rollgate runs */
        char where[1200];   /* "FILE:LINE: [path.NAME]" or "option --legacy", for messages */
};

/* Defaults for a spec (format rollgate, grace 10 s, no timeout). */
void backend_exec_spec_init(struct backend_exec_spec *spec);

/* Parses a format name ("rollgate", "fusion"); false if unknown. */
bool backend_format_parse(const char *text, enum backend_format *out);
const char *backend_format_name(enum backend_format f);

/* Creates an exec backend (the template is checked here: RG_PARSE naming
 * spec->where).  The spec is copied. */
int backend_exec_create(const struct backend_exec_spec *spec, struct backend **out,
                        struct rg_errbuf *eb);

#endif
