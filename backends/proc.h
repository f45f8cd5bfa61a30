/*
 * Running one external command for one run (its argv made from a template
 * by argv.h): the child in a process group of its own with stdout and stderr
 * in log files, a timeout that sends SIGTERM to the group and SIGKILL after a
 * grace period, and the child's resource usage from wait4.
 *
 * Thread-safety: backend_proc_run may be called from several threads at once
 * (each with its own spec).  Nothing here prints.
 */
#ifndef BACKEND_PROC_H
#define BACKEND_PROC_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "../common/error.h"

struct backend_proc_spec {
        /* argv[0] is looked up in the child's PATH (env may set it) when it
         * has no slash; a relative path is relative to workdir */
        char *const *argv;
        /* space-separated NAME=VALUE (no quoting) added to the environment or
         * replacing an entry of that name; NULL: none */
        const char *env;
        const char *workdir; /* chdir here before exec, or NULL */
        /* files for the child's stdout and stderr (created, truncated; may be
         * the same path); NULL: /dev/null */
        const char *stdout_log;
        const char *stderr_log;
        double timeout;    /* seconds; <= 0: none */
        double kill_grace; /* seconds between SIGTERM and SIGKILL */
        /* polled while waiting: when it becomes non-zero the group is
         * terminated as on a timeout (Ctrl-C); may be NULL */
        const volatile sig_atomic_t *cancel;
};

enum backend_proc_end {
        BACKEND_PROC_EXITED,   /* exit_code holds the status */
        BACKEND_PROC_SIGNALED, /* signal holds the signal number */
        BACKEND_PROC_TIMEOUT,  /* killed after the timeout */
        BACKEND_PROC_CANCELLED,
        BACKEND_PROC_SPAWN_FAILED, /* could not start (exec failed: exit_code 127) */
};

struct backend_proc_status {
        enum backend_proc_end end;
        int exit_code;       /* exit status, when the process exited (also after TERM) */
        int signal;          /* terminating signal, when a signal ended it, else 0 */
        bool killed;         /* SIGKILL was needed (SIGTERM was ignored) */
        double wall_seconds; /* start to exit */
        double cpu_seconds;  /* child's user + system time (wait4) */
        /* child's peak resident set in KiB (wait4's ru_maxrss; on Linux at
         * least the forking process's resident set at the fork) */
        long max_rss_kib;
        /* one line saying how it ended ("exited with status 3", "timed out
         * after 900 s; SIGTERM ignored, SIGKILL after 10 s"); for SPAWN_FAILED
         * why it could not start ("cannot execute 'x': No such file or
         * directory"), a line also written to the stderr log */
        char message[256];
};

/*
 * Runs the command to completion (or timeout / cancel), then makes sure no
 * process of its group survives (SIGKILL to the group, which also ends
 * orphaned grandchildren that kept the group; one that left the group with
 * setsid or setpgid is out of reach).  The environment, workdir, log files
 * and PATH lookup are prepared before forking.  Returns RG_OK when the
 * process ran or could not be executed (whatever its end: read `st`);
 * otherwise, with a message: RG_USAGE for an empty argv, RG_PARSE for a
 * malformed env entry, RG_IO for a log file or workdir that cannot be opened
 * (a symlink as log is refused), RG_NOMEM, or RG_INTERNAL when fork or pipe
 * fails or the child's status is lost (SIGCHLD ignored, or reaped
 * elsewhere).  A cancel flag already set returns CANCELLED without
 * starting anything.
 *
 * The child starts with default signal dispositions, an empty signal mask,
 * stdin from /dev/null and no descriptor but 0-2.  While runs are in
 * progress the caller must not modify the environment (it is read at
 * each start), ignore SIGCHLD, or reap children with wait(-1).
 */
int backend_proc_run(const struct backend_proc_spec *spec, struct backend_proc_status *st,
                     struct rg_errbuf *eb);

/* Sends `sig` to the process group of every command running now.
 * Async-signal-safe: for a signal handler that must exit at once (a second
 * Ctrl-C) without leaving the commands behind. */
void backend_proc_kill_groups(int sig);

/* The last `lines` lines of `path` (read from its last 4 KiB), newlines
 * turned into " | ", bytes other than printable ASCII into '?', at most
 * cap - 1 bytes (the start cut to "..." when longer); "" if unreadable. */
void backend_log_tail(const char *path, int lines, char *out, size_t cap);

#endif
