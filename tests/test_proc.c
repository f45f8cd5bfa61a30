#define _XOPEN_SOURCE 700 /* nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../backends/proc.h"
#include "testutil.h"

/* ------------------------------------------------------------- helpers -- */

/* A scratch directory with the two log paths of one run. */
struct fx {
        char dir[64];
        char out[96];
        char err[96];
};

static void fx_init(struct fx *f)
{
        snprintf(f->dir, sizeof(f->dir), "/tmp/rg_proc_XXXXXX");
        CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(f->dir));
        CU_ASSERT_FATAL(snprintf(f->out, sizeof(f->out), "%s/out.log", f->dir) <
                        (int)sizeof(f->out));
        CU_ASSERT_FATAL(snprintf(f->err, sizeof(f->err), "%s/err.log", f->dir) <
                        (int)sizeof(f->err));
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
        (void)sb;
        (void)flag;
        (void)ftw;
        return remove(path);
}

static void fx_finish(struct fx *f)
{
        CU_ASSERT_EQUAL(nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS), 0);
}

/* The whole file, or NULL. */
static char *slurp(const char *path)
{
        FILE *fp = fopen(path, "rb");
        if (fp == NULL)
                return NULL;
        size_t cap = 1 << 16, n = 0;
        char *buf = malloc(cap);
        while (buf != NULL) {
                n += fread(buf + n, 1, cap - n - 1, fp);
                if (n + 1 < cap)
                        break;
                char *grown = realloc(buf, cap * 2);
                if (grown == NULL) {
                        free(buf);
                        buf = NULL;
                        break;
                }
                buf = grown;
                cap *= 2;
        }
        fclose(fp);
        if (buf != NULL)
                buf[n] = '\0';
        return buf;
}

static void file_put(const char *path, const char *text, mode_t mode)
{
        FILE *fp = fopen(path, "wb");
        CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
        CU_ASSERT_EQUAL(fputs(text, fp) >= 0, 1);
        CU_ASSERT_EQUAL(fclose(fp), 0);
        CU_ASSERT_EQUAL(chmod(path, mode), 0);
}

/* True when `path` holds exactly `want`. */
static bool file_is(const char *path, const char *want)
{
        char *got = slurp(path);
        bool same = got != NULL && strcmp(got, want) == 0;
        if (!same)
                fprintf(stderr, "\n%s: got \"%s\", want \"%s\"\n", path, got ? got : "(none)",
                        want);
        free(got);
        return same;
}

static void sleep_seconds(double s)
{
        struct timespec ts = {.tv_sec = (time_t)s};
        ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
        nanosleep(&ts, NULL);
}

/* A process that is gone or a zombie (ended, waiting for init to reap it)
 * within `seconds`: both mean nothing of it runs any more. */
static bool pid_gone(pid_t pid, double seconds)
{
        for (double waited = 0; waited < seconds; waited += 0.02) {
                if (kill(pid, 0) != 0 && errno == ESRCH)
                        return true;
                char path[64], stat[256] = "";
                snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
                FILE *fp = fopen(path, "r");
                if (fp != NULL) {
                        size_t n = fread(stat, 1, sizeof(stat) - 1, fp);
                        stat[n] = '\0';
                        fclose(fp);
                        const char *paren = strrchr(stat, ')'); /* "pid (comm) S ..." */
                        if (paren != NULL && paren[1] == ' ' && paren[2] == 'Z')
                                return true;
                }
                sleep_seconds(0.02);
        }
        return false;
}

static pid_t pid_from_file(const char *path)
{
        char *text = slurp(path);
        long pid = text != NULL ? strtol(text, NULL, 10) : 0;
        free(text);
        return (pid_t)pid;
}

static struct backend_proc_spec sh_spec(const struct fx *f, char **argv, const char *script)
{
        argv[0] = "/bin/sh";
        argv[1] = "-c";
        argv[2] = (char *)script;
        argv[3] = NULL;
        return (struct backend_proc_spec){
            .argv = argv,
            .stdout_log = f->out,
            .stderr_log = f->err,
            .timeout = 60,
            .kill_grace = 5,
        };
}

/* Runs `script` with /bin/sh -c in f's directory; RG_OK expected. */
static void run_sh(const struct fx *f, const char *script, double timeout, double grace,
                   struct backend_proc_status *st)
{
        char *argv[4];
        struct backend_proc_spec spec = sh_spec(f, argv, script);
        spec.workdir = f->dir;
        spec.timeout = timeout;
        spec.kill_grace = grace;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL_FATAL(backend_proc_run(&spec, st, &eb), RG_OK);
        CU_ASSERT_EQUAL(eb.code, RG_OK);
}

/* ----------------------------------------------------------------- run -- */

static void test_run_exit_code_and_logs(void)
{
        struct fx f;
        fx_init(&f);
        struct backend_proc_status st;
        run_sh(&f, "echo out; echo err >&2; echo 'more out'; exit 3", 60, 5, &st);
        CU_ASSERT_EQUAL(st.end, BACKEND_PROC_EXITED);
        CU_ASSERT_EQUAL(st.exit_code, 3);
        CU_ASSERT_EQUAL(st.signal, 0);
        CU_ASSERT(!st.killed);
        CU_ASSERT_STRING_EQUAL(st.message, "exited with status 3");
        CU_ASSERT(st.wall_seconds > 0 && st.wall_seconds < 30);
        CU_ASSERT(st.cpu_seconds >= 0 && st.cpu_seconds < 30);
        CU_ASSERT(file_is(f.out, "out\nmore out\n"));
        CU_ASSERT(file_is(f.err, "err\n"));
        /* logs are truncated by the next run */
        run_sh(&f, "echo 2", 60, 5, &st);
        CU_ASSERT_EQUAL(st.exit_code, 0);
        CU_ASSERT(file_is(f.out, "2\n"));
        CU_ASSERT(file_is(f.err, ""));
        fx_finish(&f);
}

static void test_run_exit_127_is_not_spawn_failure(void)
{
        struct fx f;
        fx_init(&f);
        struct backend_proc_status st;
        run_sh(&f, "exit 127", 60, 5, &st);
        CU_ASSERT_EQUAL(st.end, BACKEND_PROC_EXITED);
        CU_ASSERT_EQUAL(st.exit_code, 127);
        fx_finish(&f);
}

static void test_run_one_log_for_both_streams(void)
{
        struct fx f;
        fx_init(&f);
        char *argv[4];
        struct backend_proc_spec spec = sh_spec(&f, argv, "echo a; echo b >&2; echo c");
        spec.stderr_log = f.out;
        struct backend_proc_status st;
        CU_ASSERT_EQUAL_FATAL(backend_proc_run(&spec, &st, NULL), RG_OK);
        CU_ASSERT(file_is(f.out, "a\nb\nc\n"));
        spec.stdout_log = spec.stderr_log = NULL; /* both to /dev/null */
        CU_ASSERT_EQUAL_FATAL(backend_proc_run(&spec, &st, NULL), RG_OK);
        CU_ASSERT_EQUAL(st.end, BACKEND_PROC_EXITED);
        CU_ASSERT(file_is(f.out, "a\nb\nc\n"));
        fx_finish(&f);
}

static void test_run_killed_by_signal(void)
{
        struct fx f;
        fx_init(&f);
        struct backend_proc_status st;
        run_sh(&f, "kill -9 $$", 60, 5, &st);
        CU_ASSERT_EQUAL(st.end, BACKEND_PROC_SIGNALED);
        CU_ASSERT_EQUAL(st.signal, SIGKILL);
        CU_ASSERT(!st.killed); /* not by us */
        CU_ASSERT_PTR_NOT_NULL(strstr(st.message, "signal 9"));
        run_sh(&f, "ulimit -c 0; kill -SEGV $$", 60, 5, &st);
        CU_ASSERT_EQUAL(st.end, BACKEND_PROC_SIGNALED);
        CU_ASSERT_EQUAL(st.signal, SIGSEGV);
        CU_ASSERT_PTR_NOT_NULL(strstr(st.message, "SIGSEGV"));
        fx_finish(&f);
}

static void test_timeout_child_obeys_term(void)
{
        struct fx f;
        fx_init(&f);
        char *argv[] = {"sleep", "30", NULL}; /* also looked up in PATH */
        struct backend_proc_spec spec = {.argv = argv,
                                         .stdout_log = f.out,
                                         .stderr_log = f.err,
                                         .timeout = 0.3,
                                         .kill_grace = 20};
        struct backend_proc_status st;
        CU_ASSERT_EQUAL_FATAL(backend_proc_run(&spec, &st, NULL), RG_OK);
        CU_ASSERT_EQUAL(st.end, BACKEND_PROC_TIMEOUT);
        CU_ASSERT(!st.killed);
        CU_ASSERT_EQUAL(st.signal, SIGTERM);
        CU_ASSERT(st.wall_seconds >= 0.3);
        CU_ASSERT(st.wall_seconds < 15); /* well before the 20 s grace, let alone 30 s */
        CU_ASSERT_PTR_NOT_NULL(strstr(st.message, "timed out after 0.3 s"));
        fx_finish(&f);
}

static void test_timeout_child_ignores_term(void)
{
        struct fx f;
        fx_init(&f);
        struct backend_proc_status st;
        /* the sleep inherits the ignored TERM and stays in the group */
        run_sh(&f, "trap '' TERM; sleep 30 & echo $! > pid; wait", 0.3, 0.3, &st);
        CU_ASSERT_EQUAL(st.end, BACKEND_PROC_TIMEOUT);
        CU_ASSERT(st.killed);
        CU_ASSERT_EQUAL(st.signal, SIGKILL);
        CU_ASSERT(st.wall_seconds >= 0.6); /* timeout + grace, never earlier */
        CU_ASSERT(st.wall_seconds < 20);
        CU_ASSERT_PTR_NOT_NULL(strstr(st.message, "SIGKILL"));
        char pidfile[128];
        snprintf(pidfile, sizeof(pidfile), "%s/pid", f.dir);
        pid_t pid = pid_from_file(pidfile);
        CU_ASSERT_FATAL(pid > 0);
        CU_ASSERT(pid_gone(pid, 5));
        fx_finish(&f);
}

static void test_no_survivor_in_group(void)
{
        struct fx f;
        fx_init(&f);
        struct backend_proc_status st;
        run_sh(&f, "sleep 60 & echo $! > pid; exit 0", 120, 5, &st);
        CU_ASSERT_EQUAL(st.end, BACKEND_PROC_EXITED);
        CU_ASSERT_EQUAL(st.exit_code, 0);
        CU_ASSERT(st.wall_seconds < 30); /* did not wait for the grandchild */
        char pidfile[128];
        snprintf(pidfile, sizeof(pidfile), "%s/pid", f.dir);
        pid_t pid = pid_from_file(pidfile);
        CU_ASSERT_FATAL(pid > 0);
        CU_ASSERT(pid_gone(pid, 5));
        fx_finish(&f);
}

static void test_env_added_and_replaced(void)
{
        struct fx f;
        fx_init(&f);
        CU_ASSERT_EQUAL_FATAL(setenv("RG_PROC_INHERITED", "kept", 1), 0);
        CU_ASSERT_EQUAL_FATAL(setenv("RG_PROC_FOO", "old", 1), 0);
        char *argv[4];
        struct backend_proc_spec spec =
            sh_spec(&f, argv,
                    "echo \"$RG_PROC_FOO $BAZ $RG_PROC_INHERITED $EMPTY.\"; "
                    "env | grep -c '^RG_PROC_FOO='");
        spec.env = "  RG_PROC_FOO=bar\tBAZ=1 RG_PROC_FOO=baz EMPTY= ";
        struct backend_proc_status st;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL_FATAL(backend_proc_run(&spec, &st, &eb), RG_OK);
        CU_ASSERT_EQUAL(st.end, BACKEND_PROC_EXITED);
        CU_ASSERT(file_is(f.out, "baz 1 kept .\n1\n"));
        CU_ASSERT_STRING_EQUAL(getenv("RG_PROC_FOO"), "old"); /* ours untouched */
        unsetenv("RG_PROC_INHERITED");
        unsetenv("RG_PROC_FOO");
        fx_finish(&f);
}

static void test_env_path_used_for_lookup(void)
{
        struct fx f;
        fx_init(&f);
        char tool[128], path[160];
        snprintf(tool, sizeof(tool), "%s/rg-proc-tool", f.dir);
        file_put(tool, "#!/bin/sh\necho tool ran\n", 0755);
        snprintf(path, sizeof(path), "PATH=/nonexistent:%s:/bin:/usr/bin", f.dir);
        char *argv[] = {"rg-proc-tool", NULL};
        struct backend_proc_spec spec = {
            .argv = argv, .env = path, .stdout_log = f.out, .stderr_log = f.err, .timeout = 60};
        struct backend_proc_status st;
        CU_ASSERT_EQUAL_FATAL(backend_proc_run(&spec, &st, NULL), RG_OK);
        CU_ASSERT_EQUAL(st.end, BACKEND_PROC_EXITED);
        CU_ASSERT_EQUAL(st.exit_code, 0);
        CU_ASSERT(file_is(f.out, "tool ran\n"));
        fx_finish(&f);
}

static void test_env_malformed(void)
{
        struct fx f;
        fx_init(&f);
        const char *bad[] = {"FOO=bar BAD", "=x", "1X=y", "A-B=1", "FOO=1 ==2"};
        const char *named[] = {"'BAD'", "'=x'", "'1X=y'", "'A-B=1'", "'==2'"};
        for (int i = 0; i < 5; i++) {
                char *argv[4];
                struct backend_proc_spec spec = sh_spec(&f, argv, "echo ran");
                spec.env = bad[i];
                struct backend_proc_status st;
                struct rg_errbuf eb;
                rg_errbuf_init(&eb);
                CU_ASSERT_EQUAL(backend_proc_run(&spec, &st, &eb), RG_PARSE);
                CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, named[i]));
                CU_ASSERT_NOT_EQUAL(access(f.out, F_OK), 0); /* nothing was started */
        }
        fx_finish(&f);
}

static void test_workdir(void)
{
        struct fx f;
        fx_init(&f);
        char sub[96], here[128], script[128], real[4096];
        snprintf(sub, sizeof(sub), "%s/sub dir", f.dir);
        CU_ASSERT_EQUAL_FATAL(mkdir(sub, 0755), 0);
        snprintf(here, sizeof(here), "%s/here.txt", sub);
        file_put(here, "inside\n", 0644);
        snprintf(script, sizeof(script), "%s/run.sh", sub);
        file_put(script, "#!/bin/sh\necho script in \"$(basename \"$(pwd -P)\")\"\n", 0755);
        CU_ASSERT_PTR_NOT_NULL_FATAL(realpath(sub, real));
        char *argv[4];
        struct backend_proc_spec spec = sh_spec(&f, argv, "pwd -P; cat here.txt");
        spec.workdir = sub;
        struct backend_proc_status st;
        CU_ASSERT_EQUAL_FATAL(backend_proc_run(&spec, &st, NULL), RG_OK);
        CU_ASSERT_EQUAL(st.exit_code, 0);
        char want[4200];
        snprintf(want, sizeof(want), "%s\ninside\n", real);
        CU_ASSERT(file_is(f.out, want));
        /* a relative command is relative to the workdir */
        char *rel[] = {"./run.sh", NULL};
        spec.argv = rel;
        CU_ASSERT_EQUAL_FATAL(backend_proc_run(&spec, &st, NULL), RG_OK);
        CU_ASSERT_EQUAL(st.end, BACKEND_PROC_EXITED);
        CU_ASSERT_EQUAL(st.exit_code, 0);
        CU_ASSERT(file_is(f.out, "script in sub dir\n"));
        /* a workdir that does not exist */
        spec.argv = argv;
        spec.workdir = "/nonexistent-rg-dir/work";
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(backend_proc_run(&spec, &st, &eb), RG_IO);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "/nonexistent-rg-dir/work"));
        fx_finish(&f);
}

static void test_spawn_failed(void)
{
        struct fx f;
        fx_init(&f);
        char plain[128];
        snprintf(plain, sizeof(plain), "%s/plain.txt", f.dir);
        file_put(plain, "echo never\n", 0644);
        char *missing[] = {"/nonexistent-rg-dir/cmd", "x", NULL};
        char *unknown[] = {"rg-no-such-command-xyz", NULL};
        char *noexec[] = {plain, NULL};
        char *const *cmds[] = {missing, unknown, noexec};
        const char *why[] = {"No such file or directory", "not found in PATH", "Permission denied"};
        for (int i = 0; i < 3; i++) {
                struct backend_proc_spec spec = {
                    .argv = cmds[i], .stdout_log = f.out, .stderr_log = f.err, .timeout = 60};
                struct backend_proc_status st;
                struct rg_errbuf eb;
                rg_errbuf_init(&eb);
                CU_ASSERT_EQUAL_FATAL(backend_proc_run(&spec, &st, &eb), RG_OK);
                CU_ASSERT_EQUAL(st.end, BACKEND_PROC_SPAWN_FAILED);
                CU_ASSERT_EQUAL(st.exit_code, 127);
                CU_ASSERT_PTR_NOT_NULL(strstr(st.message, cmds[i][0]));
                CU_ASSERT_PTR_NOT_NULL(strstr(st.message, why[i]));
                char line[300];
                snprintf(line, sizeof(line), "rollgate: %s\n", st.message);
                CU_ASSERT(file_is(f.err, line));
                CU_ASSERT(file_is(f.out, ""));
        }
        fx_finish(&f);
}

static void test_log_cannot_be_opened(void)
{
        struct fx f;
        fx_init(&f);
        char *argv[4];
        struct backend_proc_spec spec = sh_spec(&f, argv, "echo ran");
        spec.stderr_log = "/nonexistent-rg-dir/err.log";
        struct backend_proc_status st;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(backend_proc_run(&spec, &st, &eb), RG_IO);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "/nonexistent-rg-dir/err.log"));
        /* a symlink is refused and its target left alone */
        char target[128], link[128];
        snprintf(target, sizeof(target), "%s/target", f.dir);
        snprintf(link, sizeof(link), "%s/link", f.dir);
        file_put(target, "keep\n", 0644);
        CU_ASSERT_EQUAL_FATAL(symlink(target, link), 0);
        spec.stderr_log = f.err;
        spec.stdout_log = link;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(backend_proc_run(&spec, &st, &eb), RG_IO);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, link));
        CU_ASSERT(file_is(target, "keep\n"));
        fx_finish(&f);
}

static void test_child_stdin_and_descriptors(void)
{
        struct fx f;
        fx_init(&f);
        /* a descriptor opened without O_CLOEXEC elsewhere in the process */
        int leak = open(f.dir, O_RDONLY);
        CU_ASSERT_FATAL(leak > 2);
        char script[256];
        snprintf(script, sizeof(script),
                 "readlink /proc/$$/fd/0; cat; "
                 "if [ -e /proc/$$/fd/%d ]; then echo leaked; else echo closed; fi",
                 leak);
        struct backend_proc_status st;
        run_sh(&f, script, 60, 5, &st);
        CU_ASSERT_EQUAL(st.end, BACKEND_PROC_EXITED);
        CU_ASSERT(file_is(f.out, "/dev/null\nclosed\n"));
        close(leak);
        fx_finish(&f);
}

/* The harness may ignore SIGPIPE and block or ignore SIGTERM in its
 * threads; the command must not inherit that. */
static void test_child_signal_state_is_default(void)
{
        struct fx f;
        fx_init(&f);
        struct sigaction ign = {.sa_handler = SIG_IGN}, old_pipe, old_term;
        sigemptyset(&ign.sa_mask);
        CU_ASSERT_EQUAL_FATAL(sigaction(SIGPIPE, &ign, &old_pipe), 0);
        CU_ASSERT_EQUAL_FATAL(sigaction(SIGTERM, &ign, &old_term), 0);
        sigset_t term, old_mask;
        sigemptyset(&term);
        sigaddset(&term, SIGTERM);
        CU_ASSERT_EQUAL_FATAL(pthread_sigmask(SIG_BLOCK, &term, &old_mask), 0);
        struct backend_proc_status st;
        /* with SIGPIPE ignored, yes would complain of EPIPE on stderr */
        run_sh(&f, "yes | head -n 1", 60, 5, &st);
        CU_ASSERT_EQUAL(st.exit_code, 0);
        CU_ASSERT(file_is(f.out, "y\n"));
        CU_ASSERT(file_is(f.err, ""));
        char *argv[] = {"sleep", "30", NULL};
        struct backend_proc_spec spec = {.argv = argv,
                                         .stdout_log = f.out,
                                         .stderr_log = f.err,
                                         .timeout = 0.3,
                                         .kill_grace = 20};
        CU_ASSERT_EQUAL_FATAL(backend_proc_run(&spec, &st, NULL), RG_OK);
        CU_ASSERT_EQUAL(st.end, BACKEND_PROC_TIMEOUT);
        CU_ASSERT(!st.killed); /* SIGTERM worked */
        CU_ASSERT_EQUAL(st.signal, SIGTERM);
        pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
        sigaction(SIGTERM, &old_term, NULL);
        sigaction(SIGPIPE, &old_pipe, NULL);
        fx_finish(&f);
}

/* Ignored, the kernel would reap the child before its status is read. */
static void test_sigchld_ignored_is_refused(void)
{
        struct fx f;
        fx_init(&f);
        struct sigaction ign = {.sa_handler = SIG_IGN}, old;
        sigemptyset(&ign.sa_mask);
        CU_ASSERT_EQUAL_FATAL(sigaction(SIGCHLD, &ign, &old), 0);
        char *argv[4];
        struct backend_proc_spec spec = sh_spec(&f, argv, "echo ran");
        struct backend_proc_status st;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        int rc = backend_proc_run(&spec, &st, &eb);
        sigaction(SIGCHLD, &old, NULL);
        CU_ASSERT_EQUAL(rc, RG_INTERNAL);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "SIGCHLD"));
        CU_ASSERT_NOT_EQUAL(access(f.out, F_OK), 0);
        fx_finish(&f);
}

static void test_cpu_seconds_include_descendants(void)
{
        struct fx f;
        fx_init(&f);
        struct backend_proc_status st;
        /* the loop runs in a subshell: a waited-for grandchild */
        run_sh(&f, "(i=0; while [ $i -lt 300000 ]; do i=$((i + 1)); done)", 120, 5, &st);
        CU_ASSERT_EQUAL(st.exit_code, 0);
        CU_ASSERT(st.cpu_seconds > 0.01);
        CU_ASSERT(st.cpu_seconds <= st.wall_seconds + 0.05);
        fx_finish(&f);
}

static void test_megabytes_of_stderr(void)
{
        struct fx f;
        fx_init(&f);
        struct backend_proc_status st;
        run_sh(&f,
               "head -c 5000000 /dev/zero | tr '\\0' x >&2; printf '\\nlast line\\n' >&2; "
               "echo done",
               120, 5, &st);
        CU_ASSERT_EQUAL(st.end, BACKEND_PROC_EXITED);
        CU_ASSERT_EQUAL(st.exit_code, 0);
        struct stat sb;
        CU_ASSERT_EQUAL_FATAL(stat(f.err, &sb), 0);
        CU_ASSERT_EQUAL(sb.st_size, 5000000 + 11);
        char tail[512];
        backend_log_tail(f.err, 1, tail, sizeof(tail));
        CU_ASSERT_STRING_EQUAL(tail, "last line");
        /* the 5 MB line is cut by the window: not shown */
        backend_log_tail(f.err, 2, tail, sizeof(tail));
        CU_ASSERT_STRING_EQUAL(tail, "last line");
        backend_log_tail(f.out, 3, tail, sizeof(tail));
        CU_ASSERT_STRING_EQUAL(tail, "done");
        fx_finish(&f);
}

static volatile sig_atomic_t cancel_flag;

static void *cancel_later(void *arg)
{
        (void)arg;
        sleep_seconds(0.3);
        cancel_flag = 1;
        return NULL;
}

static void test_cancel_from_another_thread(void)
{
        struct fx f;
        fx_init(&f);
        char *argv[4];
        struct backend_proc_spec spec = sh_spec(&f, argv, "sleep 60 & echo $! > pid; wait");
        spec.workdir = f.dir;
        spec.timeout = 0; /* none: only the flag ends it */
        spec.cancel = &cancel_flag;
        cancel_flag = 0;
        pthread_t th;
        CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, cancel_later, NULL), 0);
        struct backend_proc_status st;
        CU_ASSERT_EQUAL_FATAL(backend_proc_run(&spec, &st, NULL), RG_OK);
        pthread_join(th, NULL);
        CU_ASSERT_EQUAL(st.end, BACKEND_PROC_CANCELLED);
        CU_ASSERT(!st.killed);
        CU_ASSERT(st.wall_seconds >= 0.3);
        CU_ASSERT(st.wall_seconds < 30);
        char pidfile[128];
        snprintf(pidfile, sizeof(pidfile), "%s/pid", f.dir);
        pid_t pid = pid_from_file(pidfile);
        CU_ASSERT_FATAL(pid > 0);
        CU_ASSERT(pid_gone(pid, 5));
        /* already set: nothing starts */
        spec.stdout_log = f.err;
        CU_ASSERT_EQUAL(unlink(f.err), 0);
        CU_ASSERT_EQUAL_FATAL(backend_proc_run(&spec, &st, NULL), RG_OK);
        CU_ASSERT_EQUAL(st.end, BACKEND_PROC_CANCELLED);
        CU_ASSERT_NOT_EQUAL(access(f.err, F_OK), 0);
        cancel_flag = 0;
        fx_finish(&f);
}

struct concurrent_run {
        struct fx f;
        char name;
        int rc, failures;
};

static void *concurrent_body(void *arg)
{
        struct concurrent_run *r = arg;
        char script[160];
        snprintf(script, sizeof(script), "echo start-%c; sleep 0.2; echo end-%c >&2; exit %d",
                 r->name, r->name, r->name == 'A' ? 4 : 5);
        for (int i = 0; i < 3; i++) {
                char *argv[4];
                struct backend_proc_spec spec = sh_spec(&r->f, argv, script);
                struct backend_proc_status st;
                r->rc |= backend_proc_run(&spec, &st, NULL);
                char out[32], err[32];
                snprintf(out, sizeof(out), "start-%c\n", r->name);
                snprintf(err, sizeof(err), "end-%c\n", r->name);
                if (st.end != BACKEND_PROC_EXITED || st.exit_code != (r->name == 'A' ? 4 : 5) ||
                    !file_is(r->f.out, out) || !file_is(r->f.err, err))
                        r->failures++;
        }
        return NULL;
}

static void test_concurrent_runs(void)
{
        struct concurrent_run runs[2] = {{.name = 'A'}, {.name = 'B'}};
        pthread_t th[2];
        for (int i = 0; i < 2; i++)
                fx_init(&runs[i].f);
        for (int i = 0; i < 2; i++)
                CU_ASSERT_EQUAL_FATAL(pthread_create(&th[i], NULL, concurrent_body, &runs[i]), 0);
        for (int i = 0; i < 2; i++) {
                pthread_join(th[i], NULL);
                CU_ASSERT_EQUAL(runs[i].rc, RG_OK);
                CU_ASSERT_EQUAL(runs[i].failures, 0);
                fx_finish(&runs[i].f);
        }
}

/* ------------------------------------------------------------ log tail -- */

static void test_log_tail_long_file(void)
{
        struct fx f;
        fx_init(&f);
        FILE *fp = fopen(f.out, "w");
        CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
        for (int i = 1; i <= 10000; i++)
                fprintf(fp, "line %d\n", i);
        CU_ASSERT_EQUAL(fclose(fp), 0);
        char tail[512];
        backend_log_tail(f.out, 3, tail, sizeof(tail));
        CU_ASSERT_STRING_EQUAL(tail, "line 9998 | line 9999 | line 10000");
        backend_log_tail(f.out, 1, tail, sizeof(tail));
        CU_ASSERT_STRING_EQUAL(tail, "line 10000");
        backend_log_tail(f.out, 0, tail, sizeof(tail));
        CU_ASSERT_STRING_EQUAL(tail, "");
        /* longer than cap: the end is kept */
        backend_log_tail(f.out, 3, tail, 12);
        CU_ASSERT_STRING_EQUAL(tail, "...ne 10000");
        /* more lines than the 4 KiB window holds: as many as it has, cut to cap */
        backend_log_tail(f.out, 100000, tail, sizeof(tail));
        CU_ASSERT_EQUAL(strlen(tail), sizeof(tail) - 1);
        CU_ASSERT_STRING_EQUAL(tail + strlen(tail) - 10, "line 10000");
        fx_finish(&f);
}

static void test_log_tail_short_files(void)
{
        struct fx f;
        fx_init(&f);
        char tail[256];
        file_put(f.out, "a\nb\nc", 0644);
        backend_log_tail(f.out, 2, tail, sizeof(tail));
        CU_ASSERT_STRING_EQUAL(tail, "b | c");
        backend_log_tail(f.out, 5, tail, sizeof(tail));
        CU_ASSERT_STRING_EQUAL(tail, "a | b | c");
        file_put(f.out, "", 0644);
        backend_log_tail(f.out, 5, tail, sizeof(tail));
        CU_ASSERT_STRING_EQUAL(tail, "");
        /* tabs, control and non-ASCII bytes, CRLF, a redrawn progress line,
         * trailing blank lines */
        file_put(f.out, "one\ttwo\x01\x80\r\nbar 10%\rbar 100%\n\n\n", 0644);
        backend_log_tail(f.out, 2, tail, sizeof(tail));
        CU_ASSERT_STRING_EQUAL(tail, "one two?? | bar 100%");
        /* one line longer than the window: its end, marked */
        char *big = malloc(10001);
        CU_ASSERT_PTR_NOT_NULL_FATAL(big);
        memset(big, 'y', 10000);
        big[10000] = '\0';
        big[9999] = 'z';
        file_put(f.out, big, 0644);
        free(big);
        backend_log_tail(f.out, 2, tail, sizeof(tail));
        CU_ASSERT_EQUAL(strlen(tail), sizeof(tail) - 1);
        CU_ASSERT_EQUAL(strncmp(tail, "...", 3), 0);
        CU_ASSERT_EQUAL(tail[strlen(tail) - 1], 'z');
        fx_finish(&f);
}

static void test_log_tail_missing_file(void)
{
        char tail[64] = "junk";
        backend_log_tail("/nonexistent-rg-dir/log", 3, tail, sizeof(tail));
        CU_ASSERT_STRING_EQUAL(tail, "");
        strcpy(tail, "junk");
        backend_log_tail("/tmp", 3, tail, sizeof(tail)); /* a directory */
        CU_ASSERT_STRING_EQUAL(tail, "");
        backend_log_tail("/nonexistent-rg-dir/log", 3, tail, 0); /* writes nothing */
}

TEST_MAIN("proc", TEST(test_run_exit_code_and_logs), TEST(test_run_exit_127_is_not_spawn_failure),
          TEST(test_run_one_log_for_both_streams), TEST(test_run_killed_by_signal),
          TEST(test_timeout_child_obeys_term), TEST(test_timeout_child_ignores_term),
          TEST(test_no_survivor_in_group), TEST(test_env_added_and_replaced),
          TEST(test_env_path_used_for_lookup), TEST(test_env_malformed), TEST(test_workdir),
          TEST(test_spawn_failed), TEST(test_log_cannot_be_opened),
          TEST(test_child_stdin_and_descriptors), TEST(test_child_signal_state_is_default),
          TEST(test_sigchld_ignored_is_refused), TEST(test_cpu_seconds_include_descendants),
          TEST(test_megabytes_of_stderr), TEST(test_cancel_from_another_thread),
          TEST(test_concurrent_runs), TEST(test_log_tail_long_file),
          TEST(test_log_tail_short_files), TEST(test_log_tail_missing_file))
