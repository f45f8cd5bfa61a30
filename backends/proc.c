/* pipe2 (a close-on-exec pipe created atomically), wait4, NSIG, syscall
 * (close_range) and sigabbrev_np are GNU/BSD extensions of glibc. */
#define _GNU_SOURCE
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h> /* INFINITY */
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../common/clock.h"

#define BLANKS " \t\n"
#define TAIL_BYTES 4096
#define POLL_FIRST 100e-6 /* seconds: first sleep between two looks at the child */
#define POLL_CAP 10e-3    /* seconds: longest sleep, so exit and cancel are seen within 10 ms */

/* ----------------------------------------------------------- environment -- */

static bool env_name_ok(const char *s, size_t n)
{
        if (n == 0 || (s[0] >= '0' && s[0] <= '9'))
                return false;
        for (size_t i = 0; i < n; i++) {
                char c = s[i];
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_'))
                        return false;
        }
        return true;
}

/* True when the NAME of "NAME=value" `a` is that of `b`. */
static bool env_same_name(const char *a, const char *b)
{
        size_t n = strcspn(a, "=");
        return strncmp(a, b, n) == 0 && b[n] == '=';
}

static const char *env_lookup(char *const *envp, const char *name)
{
        size_t n = strlen(name);
        for (; *envp != NULL; envp++)
                if (strncmp(*envp, name, n) == 0 && (*envp)[n] == '=')
                        return *envp + n + 1;
        return NULL;
}

/* The child's environment, built before fork because the child of a threaded
 * process must not allocate: environ's entries (borrowed), minus those
 * the spec's entries replace, plus the spec's entries (pointing into words). */
struct child_env {
        char **envp;
        char *words; /* the spec's entries, split in place */
        bool owned;  /* envp was allocated (else it is environ) */
};

static int env_build(const char *env, struct child_env *ce, struct rg_errbuf *eb)
{
        static char *const empty[] = {NULL};
        ce->envp = environ != NULL ? environ : (char **)empty;
        ce->words = NULL;
        ce->owned = false;
        if (env == NULL || env[strspn(env, BLANKS)] == '\0')
                return RG_OK;
        char **adds = malloc((strlen(env) / 2 + 1) * sizeof(*adds));
        ce->words = strdup(env);
        int rc = RG_OK;
        if (adds == NULL || ce->words == NULL) {
                rc = rg_fail(eb, RG_NOMEM, "env: out of memory");
                goto out;
        }
        size_t nadd = 0;
        char *save = NULL;
        for (char *w = strtok_r(ce->words, BLANKS, &save); w != NULL;
             w = strtok_r(NULL, BLANKS, &save)) {
                const char *eq = strchr(w, '=');
                if (eq == NULL || !env_name_ok(w, (size_t)(eq - w))) {
                        rc = rg_fail(eb, RG_PARSE, "env entry '%.64s' is not NAME=VALUE", w);
                        goto out;
                }
                adds[nadd++] = w;
        }
        size_t nenv = 0;
        while (ce->envp[nenv] != NULL)
                nenv++;
        char **envp = malloc((nenv + nadd + 1) * sizeof(*envp));
        if (envp == NULL) {
                rc = rg_fail(eb, RG_NOMEM, "env: out of memory");
                goto out;
        }
        size_t n = 0;
        for (size_t i = 0; i < nenv; i++) {
                bool replaced = false;
                for (size_t j = 0; j < nadd && !replaced; j++)
                        replaced = env_same_name(adds[j], ce->envp[i]);
                if (!replaced)
                        envp[n++] = ce->envp[i];
        }
        for (size_t j = 0; j < nadd; j++) {
                bool later = false; /* FOO=1 FOO=2: the last one wins, as in env(1) */
                for (size_t k = j + 1; k < nadd && !later; k++)
                        later = env_same_name(adds[j], adds[k]);
                if (!later)
                        envp[n++] = adds[j];
        }
        envp[n] = NULL;
        ce->envp = envp;
        ce->owned = true;
out:
        free(adds);
        if (rc != RG_OK) {
                free(ce->words);
                ce->words = NULL;
        }
        return rc;
}

static void env_finish(struct child_env *ce)
{
        if (ce->owned)
                free(ce->envp);
        free(ce->words);
}

/*
 * The file execve runs for `name`: `name` itself when it has a slash
 * (relative to the workdir, since the child changes there first), else the
 * first executable regular file along the child's own PATH (so env may set
 * PATH).  Searched here because execvp in the forked child of a threaded
 * process may allocate.  *found is NULL when nothing was found.
 */
static int command_find(const char *name, char *const *envp, int dir_fd, char **found)
{
        *found = NULL;
        const char *path = env_lookup(envp, "PATH");
        if (path == NULL)
                path = "/bin:/usr/bin";
        size_t nlen = strlen(name);
        if (nlen == 0)
                return RG_OK;
        for (const char *p = path;; p++) {
                size_t dlen = strcspn(p, ":");
                char *cand = malloc(dlen + nlen + 3);
                if (cand == NULL)
                        return RG_NOMEM;
                if (dlen == 0) /* an empty entry is the current directory */
                        snprintf(cand, nlen + 3, "./%s", name);
                else
                        snprintf(cand, dlen + nlen + 2, "%.*s/%s", (int)dlen, p, name);
                struct stat sb;
                if (fstatat(dir_fd, cand, &sb, 0) == 0 && S_ISREG(sb.st_mode) &&
                    faccessat(dir_fd, cand, X_OK, 0) == 0) {
                        *found = cand;
                        return RG_OK;
                }
                free(cand);
                p += dlen;
                if (*p == '\0')
                        return RG_OK;
        }
}

/* ----------------------------------------------------------------- child -- */

/* What the child sets up, all prepared by the parent. */
struct child_plan {
        const char *file;
        char *const *argv;
        char *const *envp;
        int dir_fd; /* -1: stay */
        int out_fd, err_fd;
        int report_fd; /* write end of the close-on-exec pipe */
        pid_t parent;  /* the forking process */
};

enum child_stage { STAGE_CHDIR = 1, STAGE_STDIN, STAGE_REDIRECT, STAGE_EXEC };

/* Sent through the pipe when the child could not exec; EOF means it did. */
struct child_report {
        int stage;
        int err;
};

/* Runs in the forked child of a possibly multithreaded process: only
 * async-signal-safe calls until execve. */
static void child_exec(const struct child_plan *c) __attribute__((noreturn));
static void child_exec(const struct child_plan *c)
{
        struct child_report rep = {0, 0};
        setpgid(0, 0);
#ifdef __linux__
        /* A run never outlives the thread that waits for it: when rollgate
         * dies (an MPI rank killed, a host lost), so does the command. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != c->parent)
                _exit(127);
#endif
        /* Ignored signals survive execve, and the mask is the forking thread's
         * (which the parent blocked entirely): start the command clean. */
        struct sigaction dfl;
        memset(&dfl, 0, sizeof(dfl));
        dfl.sa_handler = SIG_DFL;
        sigemptyset(&dfl.sa_mask);
        for (int sig = 1; sig < NSIG; sig++)
                sigaction(sig, &dfl, NULL); /* fails harmlessly for KILL, STOP, glibc's own */
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        if (c->dir_fd >= 0 && fchdir(c->dir_fd) != 0) {
                rep.stage = STAGE_CHDIR;
                goto fail;
        }
        if (dup2(c->out_fd, 1) < 0 || dup2(c->err_fd, 2) < 0) {
                rep.stage = STAGE_REDIRECT;
                goto fail;
        }
        int null_fd = open("/dev/null", O_RDONLY);
        if (null_fd < 0 || (null_fd != 0 && dup2(null_fd, 0) < 0)) {
                rep.stage = STAGE_STDIN;
                goto fail;
        }
        if (null_fd != 0)
                close(null_fd);
#ifdef SYS_close_range
        /* Any descriptor some other part of the process opened without
         * O_CLOEXEC ends at exec too (Linux >= 5.11; ignored before). */
        syscall(SYS_close_range, 3u, ~0u, 4u /* CLOSE_RANGE_CLOEXEC */);
#endif
        execve(c->file, c->argv, c->envp);
        rep.stage = STAGE_EXEC;
fail:
        rep.err = errno;
        ssize_t ignored = write(c->report_fd, &rep, sizeof(rep));
        (void)ignored;
        _exit(127);
}

/* ---------------------------------------------------------------- parent -- */

static double min_seconds(double a, double b)
{
        return a < b ? a : b;
}

static void sleep_seconds(double s)
{
        if (!(s > 0))
                return;
        struct timespec ts = {.tv_sec = (time_t)s};
        ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
        nanosleep(&ts, NULL);
}

static bool cancelled(const struct backend_proc_spec *spec)
{
        return spec->cancel != NULL && *spec->cancel != 0;
}

/* Moves fd above 0-2, so that the child's dup2 onto 0-2 cannot overwrite it
 * (and dup2(fd, fd) cannot leave it close-on-exec). */
static int fd_above_stdio(int fd)
{
        if (fd < 0 || fd > 2)
                return fd;
        int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
        int saved = errno;
        close(fd);
        errno = saved;
        return moved;
}

/* O_CLOEXEC so that a child forked by another thread at the same moment does
 * not keep this run's log open; O_NOFOLLOW so a planted symlink is refused. */
static int log_open(const char *path, int *fd, struct rg_errbuf *eb)
{
        const char *p = path != NULL ? path : "/dev/null";
        *fd = fd_above_stdio(
            open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0644));
        if (*fd < 0)
                return rg_fail(eb, RG_IO, "%s: cannot open log: %s", p, strerror(errno));
        return RG_OK;
}

/* The process groups of the children running now, for
 * backend_proc_kill_groups in a signal handler: lock-free atomics are
 * async-signal-safe, a mutex would not be.  A slot holds a group id from
 * just after the fork until just before the child is reaped (so the id
 * cannot have been reused); 0 is a free slot. */
#define LIVE_GROUPS 256
static _Atomic pid_t live_groups[LIVE_GROUPS];

static int live_add(pid_t pid)
{
        for (int i = 0; i < LIVE_GROUPS; i++) {
                pid_t free_slot = 0;
                if (atomic_compare_exchange_strong(&live_groups[i], &free_slot, pid))
                        return i;
        }
        return -1; /* more children than slots: this one is only stopped by the flag */
}

static void live_remove(int slot)
{
        if (slot >= 0)
                atomic_store(&live_groups[slot], 0);
}

void backend_proc_kill_groups(int sig)
{
        for (int i = 0; i < LIVE_GROUPS; i++) {
                pid_t pid = atomic_load(&live_groups[i]);
                if (pid > 0)
                        kill(-pid, sig);
        }
}

/* The child is not reaped yet when this is called, so neither its pid nor
 * its group id can belong to anyone else.  ESRCH for the group means the
 * child moved to another group: then at least the child itself is told. */
static void group_signal(pid_t pid, int sig)
{
        if (kill(-pid, sig) != 0 && errno == ESRCH)
                kill(pid, sig);
}

/* The command could not be started: say why in st and in the stderr log. */
static void fail_to_start(struct backend_proc_status *st, int err_fd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail_to_start(struct backend_proc_status *st, int err_fd, const char *fmt, ...)
{
        st->end = BACKEND_PROC_SPAWN_FAILED;
        st->exit_code = 127;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(st->message, sizeof(st->message), fmt, ap);
        va_end(ap);
        dprintf(err_fd, "rollgate: %s\n", st->message);
}

/*
 * Forks and execs; *pid is the running child, or 0 when it could not exec
 * (then st says why).  All signals are blocked in this thread across fork so
 * that no handler of the parent runs in the child before it resets them.
 * The close-on-exec pipe tells exec failure (a report) from success (EOF),
 * which the exit status alone cannot: the command may exit 127 itself.
 */
static int proc_start(const struct child_plan *plan, const char *workdir, pid_t *pid,
                      struct backend_proc_status *st, struct rg_errbuf *eb)
{
        *pid = 0;
        int pfd[2];
        if (pipe2(pfd, O_CLOEXEC) != 0)
                return rg_fail(eb, RG_INTERNAL, "cannot create a pipe: %s", strerror(errno));
        pfd[0] = fd_above_stdio(pfd[0]);
        pfd[1] = fd_above_stdio(pfd[1]);
        if (pfd[0] < 0 || pfd[1] < 0) {
                int err = errno;
                if (pfd[0] >= 0)
                        close(pfd[0]);
                if (pfd[1] >= 0)
                        close(pfd[1]);
                return rg_fail(eb, RG_INTERNAL, "cannot create a pipe: %s", strerror(err));
        }
        struct child_plan c = *plan;
        c.report_fd = pfd[1];
        c.parent = getpid();
        sigset_t all, old;
        sigfillset(&all);
        pthread_sigmask(SIG_SETMASK, &all, &old);
        pid_t child = fork();
        if (child == 0)
                child_exec(&c);
        int fork_err = errno;
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        close(pfd[1]);
        if (child < 0) {
                close(pfd[0]);
                return rg_fail(eb, fork_err == ENOMEM ? RG_NOMEM : RG_INTERNAL,
                               "cannot fork for '%s': %s", plan->argv[0], strerror(fork_err));
        }
        /* Also here, so the group exists whichever of the two runs first
         * (EACCES once the child has exec'd: harmless). */
        setpgid(child, child);
        struct child_report rep;
        ssize_t got;
        do
                got = read(pfd[0], &rep, sizeof(rep));
        while (got < 0 && errno == EINTR);
        close(pfd[0]);
        if (got != (ssize_t)sizeof(rep)) {
                *pid = child;
                return RG_OK;
        }
        while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
                ;
        const char *why = strerror(rep.err);
        switch (rep.stage) {
        case STAGE_CHDIR:
                fail_to_start(st, plan->err_fd, "cannot enter workdir '%s': %s", workdir, why);
                break;
        case STAGE_STDIN:
                fail_to_start(st, plan->err_fd, "cannot open /dev/null: %s", why);
                break;
        case STAGE_REDIRECT:
                fail_to_start(st, plan->err_fd, "cannot redirect output to the logs: %s", why);
                break;
        default:
                fail_to_start(st, plan->err_fd, "cannot execute '%s': %s", plan->file, why);
                break;
        }
        return RG_OK;
}

/*
 * Waits for the child without blocking, so the timeout and the cancel flag
 * are seen: a look with waitid(WNOHANG), then a sleep that starts at 100 us
 * (short commands are noticed quickly) and doubles up to 10 ms (long ones
 * cost at most ~100 wake-ups a second; exit and cancel are seen within
 * 10 ms).  WNOWAIT leaves the child a zombie until the group has been sent
 * SIGKILL: while the zombie exists its pid, and so the group id, cannot be
 * reused by another process, so the final kill cannot hit a stranger.
 */
static int proc_wait(pid_t pid, int slot, double start, const struct backend_proc_spec *spec,
                     struct backend_proc_status *st, int *wstatus, struct rusage *ru,
                     struct rg_errbuf *eb)
{
        double deadline = spec->timeout > 0 ? start + spec->timeout : INFINITY;
        double grace = spec->kill_grace > 0 ? spec->kill_grace : 0;
        double kill_at = INFINITY;
        bool terminating = false;
        double delay = POLL_FIRST;
        for (;;) {
                siginfo_t si;
                si.si_pid = 0;
                if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) != 0) {
                        if (errno == EINTR)
                                continue;
                        live_remove(slot);
                        return rg_fail(eb, RG_INTERNAL,
                                       "lost child %ld of '%s': %s (reaped elsewhere?)", (long)pid,
                                       spec->argv[0], strerror(errno));
                }
                double t = rg_wall_seconds();
                if (si.si_pid == pid) {
                        st->wall_seconds = t - start;
                        break;
                }
                if (!terminating && (cancelled(spec) || t >= deadline)) {
                        st->end = cancelled(spec) ? BACKEND_PROC_CANCELLED : BACKEND_PROC_TIMEOUT;
                        group_signal(pid, SIGTERM);
                        group_signal(pid, SIGCONT); /* a stopped process cannot act on TERM */
                        terminating = true;
                        kill_at = t + grace;
                        delay = POLL_FIRST;
                } else if (terminating && !st->killed && t >= kill_at) {
                        group_signal(pid, SIGKILL);
                        st->killed = true;
                        delay = POLL_FIRST;
                }
                double next = terminating ? (st->killed ? INFINITY : kill_at) : deadline;
                sleep_seconds(min_seconds(delay, next - t));
                delay = min_seconds(2 * delay, POLL_CAP);
        }
        group_signal(pid, SIGKILL); /* whatever is left of the group */
        live_remove(slot);          /* before the reap frees the id */
        while (wait4(pid, wstatus, 0, ru) < 0) {
                if (errno != EINTR)
                        return rg_fail(eb, RG_INTERNAL, "cannot reap child %ld of '%s': %s",
                                       (long)pid, spec->argv[0], strerror(errno));
        }
        return RG_OK;
}

static const char *signal_name(int sig)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
        const char *s = sigabbrev_np(sig); /* "TERM": thread-safe, not translated */
        return s != NULL ? s : "?";
#else
        (void)sig;
        return "?";
#endif
}

static void status_describe(const struct backend_proc_spec *spec, struct backend_proc_status *st)
{
        char how[64];
        if (st->signal != 0)
                snprintf(how, sizeof(how), "killed by signal %d (SIG%s)", st->signal,
                         signal_name(st->signal));
        else
                snprintf(how, sizeof(how), "exited with status %d", st->exit_code);
        char why[64];
        if (st->end == BACKEND_PROC_TIMEOUT)
                snprintf(why, sizeof(why), "timed out after %.6g s", spec->timeout);
        else
                snprintf(why, sizeof(why), "cancelled");
        char *m = st->message;
        size_t cap = sizeof(st->message);
        if (st->end == BACKEND_PROC_EXITED || st->end == BACKEND_PROC_SIGNALED)
                snprintf(m, cap, "%s", how);
        else if (st->killed)
                snprintf(m, cap, "%s; SIGTERM ignored, SIGKILL after %.6g s", why,
                         spec->kill_grace > 0 ? spec->kill_grace : 0.0);
        else
                snprintf(m, cap, "%s; then %s", why, how);
}

int backend_proc_run(const struct backend_proc_spec *spec, struct backend_proc_status *st,
                     struct rg_errbuf *eb)
{
        memset(st, 0, sizeof(*st));
        if (spec->argv == NULL || spec->argv[0] == NULL)
                return rg_fail(eb, RG_USAGE, "no command to run");
        if (cancelled(spec)) {
                st->end = BACKEND_PROC_CANCELLED;
                snprintf(st->message, sizeof(st->message), "cancelled before start");
                return RG_OK;
        }
        /* With SIGCHLD ignored the kernel reaps children itself: no status. */
        struct sigaction chld;
        if (sigaction(SIGCHLD, NULL, &chld) == 0 &&
            (chld.sa_handler == SIG_IGN || (chld.sa_flags & SA_NOCLDWAIT) != 0))
                return rg_fail(eb, RG_INTERNAL,
                               "SIGCHLD is ignored: the exit status of '%s' cannot be collected",
                               spec->argv[0]);
        struct child_env ce;
        int rc = env_build(spec->env, &ce, eb);
        if (rc != RG_OK)
                return rc;
        int dir_fd = -1, out_fd = -1, err_fd = -1;
        char *found = NULL;
        if (spec->workdir != NULL) {
                dir_fd = fd_above_stdio(open(spec->workdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
                if (dir_fd < 0) {
                        rc = rg_fail(eb, RG_IO, "%s: cannot open workdir: %s", spec->workdir,
                                     strerror(errno));
                        goto out;
                }
        }
        rc = log_open(spec->stdout_log, &out_fd, eb);
        if (rc != RG_OK)
                goto out;
        bool same = spec->stdout_log == spec->stderr_log ||
                    (spec->stdout_log != NULL && spec->stderr_log != NULL &&
                     strcmp(spec->stdout_log, spec->stderr_log) == 0);
        if (same) /* one descriptor, one offset: the two streams interleave */
                err_fd = out_fd;
        else if ((rc = log_open(spec->stderr_log, &err_fd, eb)) != RG_OK)
                goto out;
        const char *file = spec->argv[0];
        if (strchr(file, '/') == NULL) {
                if (command_find(file, ce.envp, dir_fd >= 0 ? dir_fd : AT_FDCWD, &found) != RG_OK) {
                        rc = rg_fail(eb, RG_NOMEM, "'%s': out of memory", file);
                        goto out;
                }
                if (found == NULL) {
                        fail_to_start(st, err_fd, "'%s': command not found in PATH", file);
                        goto out;
                }
                file = found;
        }
        struct child_plan plan = {
            .file = file,
            .argv = spec->argv,
            .envp = ce.envp,
            .dir_fd = dir_fd,
            .out_fd = out_fd,
            .err_fd = err_fd,
            .report_fd = -1,
        };
        double start = rg_wall_seconds();
        pid_t pid;
        rc = proc_start(&plan, spec->workdir, &pid, st, eb);
        if (rc != RG_OK || pid == 0)
                goto out;
        int wstatus = 0;
        struct rusage ru;
        memset(&ru, 0, sizeof(ru));
        int slot = live_add(pid);
        rc = proc_wait(pid, slot, start, spec, st, &wstatus, &ru, eb); /* frees the slot */
        if (rc != RG_OK)
                goto out;
        /* st->end is EXITED (0) unless the wait ended it early */
        if (WIFEXITED(wstatus)) {
                st->exit_code = WEXITSTATUS(wstatus);
        } else if (WIFSIGNALED(wstatus)) {
                st->signal = WTERMSIG(wstatus);
                if (st->end == BACKEND_PROC_EXITED)
                        st->end = BACKEND_PROC_SIGNALED;
        }
        st->cpu_seconds = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
                          (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
        st->max_rss_kib = ru.ru_maxrss;
        status_describe(spec, st);
out:
        free(found);
        if (err_fd >= 0 && err_fd != out_fd)
                close(err_fd);
        if (out_fd >= 0)
                close(out_fd);
        if (dir_fd >= 0)
                close(dir_fd);
        env_finish(&ce);
        return rc;
}

/* -------------------------------------------------------------- log tail -- */

static bool is_space(char c)
{
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Appends one line as a terminal would have shown it (the text after its last
 * carriage return, as progress bars redraw), printable ASCII only. */
static size_t tail_line(const char *s, size_t len, char *dst)
{
        while (len > 0 && s[len - 1] == '\r')
                len--;
        for (size_t i = len; i > 0; i--) {
                if (s[i - 1] == '\r') {
                        s += i;
                        len -= i;
                        break;
                }
        }
        for (size_t i = 0; i < len; i++) {
                unsigned char c = (unsigned char)s[i];
                dst[i] = c == '\t' ? ' ' : (c >= 0x20 && c < 0x7f) ? (char)c : '?';
        }
        return len;
}

void backend_log_tail(const char *path, int lines, char *out, size_t cap)
{
        if (cap == 0)
                return;
        out[0] = '\0';
        if (lines <= 0 || path == NULL)
                return;
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0)
                return;
        char buf[TAIL_BYTES];
        size_t n = 0;
        off_t off = 0;
        struct stat sb;
        if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
                off = sb.st_size > TAIL_BYTES ? sb.st_size - TAIL_BYTES : 0;
                while (n < sizeof(buf)) {
                        ssize_t got = pread(fd, buf + n, sizeof(buf) - n, off + (off_t)n);
                        if (got <= 0)
                                break;
                        n += (size_t)got;
                }
        }
        close(fd);
        while (n > 0 && is_space(buf[n - 1]))
                n--;
        size_t first = 0; /* a line cut by the 4 KiB window is dropped ... */
        bool partial = false;
        if (off > 0) {
                const char *nl = memchr(buf, '\n', n);
                if (nl != NULL)
                        first = (size_t)(nl - buf) + 1;
                else
                        partial = true; /* ... unless it is all there is */
        }
        size_t b = n;
        for (int seen = 0; b > first; b--)
                if (buf[b - 1] == '\n' && ++seen == lines)
                        break;
        char text[3 * TAIL_BYTES + 4];
        size_t len = 0;
        if (partial) {
                memcpy(text, "...", 3);
                len = 3;
        }
        while (b < n) {
                const char *nl = memchr(buf + b, '\n', n - b);
                size_t end = nl != NULL ? (size_t)(nl - buf) : n;
                len += tail_line(buf + b, end - b, text + len);
                if (nl == NULL)
                        break;
                memcpy(text + len, " | ", 3);
                len += 3;
                b = end + 1;
        }
        if (len < cap) {
                memcpy(out, text, len);
                out[len] = '\0';
        } else if (cap > 4) { /* keep the end: the last lines say what went wrong */
                memcpy(out, "...", 3);
                memcpy(out + 3, text + len - (cap - 4), cap - 4);
                out[cap - 1] = '\0';
        } else {
                memcpy(out, text + len - (cap - 1), cap - 1);
                out[cap - 1] = '\0';
        }
}
