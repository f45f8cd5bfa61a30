#include "exec.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/file.h"
#include "../common/number.h"
#include "argv.h"
#include "fusion_file.h"
#include "proc.h"
#include "run_file.h"

struct exec {
        struct backend_exec_spec spec;
        struct backend_argv argv;
        bool uses_out;
        char cwd[4096]; /* where rollgate ran when the backend was made */
};

void backend_exec_spec_init(struct backend_exec_spec *spec)
{
        memset(spec, 0, sizeof(*spec));
        spec->kill_grace = 10;
        spec->format = BACKEND_FORMAT_ROLLGATE;
}

bool backend_format_parse(const char *text, enum backend_format *out)
{
        if (strcmp(text, "rollgate") == 0)
                *out = BACKEND_FORMAT_ROLLGATE;
        else if (strcmp(text, "fusion") == 0)
                *out = BACKEND_FORMAT_FUSION;
        else
                return false;
        return true;
}

const char *backend_format_name(enum backend_format f)
{
        return f == BACKEND_FORMAT_FUSION ? "fusion" : "rollgate";
}

/* Reads the run's output (the {out} file, or stdout) into `out`; a problem
 * with it is a failure of the run. */
static void read_output(const struct exec *x, const struct backend_job *job,
                        struct backend_result *out)
{
        char path[4400];
        snprintf(path, sizeof(path), "%s/%s", job->dir, x->uses_out ? "out.json" : "stdout.log");
        const char *what = x->uses_out ? "output file" : "standard output";
        struct stat st;
        if (lstat(path, &st) != 0) {
                backend_result_fail(out, RG_PATHFAIL, "no %s (%s)", what, path);
                return;
        }
        /* a FIFO would block the read forever, a link could point anywhere */
        if (!S_ISREG(st.st_mode)) {
                backend_result_fail(out, RG_PATHFAIL, "%s %s is not a regular file", what, path);
                return;
        }
        char *text = NULL;
        size_t len;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        if (rg_file_read(path, &text, &len, &eb) != RG_OK) {
                backend_result_fail(out, RG_PATHFAIL, "%s", eb.msg);
                return;
        }
        if (len == 0) {
                free(text);
                backend_result_fail(out, RG_PATHFAIL, "empty %s (%s)", what, path);
                return;
        }
        int saved_clock = out->clock;
        double run_s = out->run_seconds, wall_s = out->wall_seconds;
        struct backend_result parsed;
        int rc = x->spec.format == BACKEND_FORMAT_FUSION
                     ? backend_fusion_parse(text, path, 0, job->requests, &parsed, &eb)
                     : backend_run_file_parse(text, path, &parsed, NULL, &eb);
        free(text);
        if (rc != RG_OK) {
                backend_result_fail(out, RG_PATHFAIL, "unusable %s: %s", what, eb.msg);
                return;
        }
        *out = parsed;
        out->clock = (enum backend_clock)saved_clock;
        out->run_seconds = run_s;
        out->wall_seconds = wall_s;
        if (out->status == RG_OK && out->requests != job->requests)
                backend_result_fail(out, RG_PATHFAIL,
                                    "reported %" PRIu32 " requests, asked %" PRIu32, out->requests,
                                    job->requests);
}

/* Appends where the logs are and their last lines to a failed run's reason. */
static void add_log_tail(const struct backend_job *job, struct backend_result *out)
{
        char log[4400], tail[300];
        snprintf(log, sizeof(log), "%s/stderr.log", job->dir);
        backend_log_tail(log, 3, tail, sizeof(tail));
        size_t used = strlen(out->error);
        snprintf(out->error + used, sizeof(out->error) - used, "; log %s%s%s", log,
                 tail[0] ? ": " : " (empty)", tail);
}

static int exec_run(void *ctx, const struct backend_job *job, struct backend_result *out)
{
        const struct exec *x = ctx;
        char seed[16], erlang[40], requests[16], holding[40], out_path[4400], stdout_log[4400],
            stderr_log[4400];
        snprintf(seed, sizeof(seed), "%" PRIu32, job->seed);
        rg_double_text(erlang, sizeof(erlang), job->erlang);
        snprintf(requests, sizeof(requests), "%" PRIu32, job->requests);
        rg_double_text(holding, sizeof(holding), job->holding_time);
        snprintf(out_path, sizeof(out_path), "%s/out.json", job->dir);
        snprintf(stdout_log, sizeof(stdout_log), "%s/stdout.log", job->dir);
        snprintf(stderr_log, sizeof(stderr_log), "%s/stderr.log", job->dir);
        /* like a command typed where rollgate runs, unless told otherwise */
        const char *workdir = x->spec.workdir[0] ? x->spec.workdir : x->cwd;
        struct backend_vars vars = {
            .value = {seed, erlang, requests, holding, job->role, out_path, job->dir, job->config}};
        /* a stale result of an earlier attempt must not pass for this one */
        if (unlink(out_path) != 0 && errno != ENOENT) {
                struct rg_errbuf rm;
                rg_errbuf_init(&rm);
                if (rg_remove_tree(out_path, &rm) != RG_OK || rg_path_exists(out_path))
                        return backend_result_fail(out, RG_IO, "%s: cannot remove: %s", out_path,
                                                   strerror(errno));
        }
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        char **argv = NULL;
        int rc = backend_argv_expand(&x->argv, &vars, &argv, &eb);
        if (rc != RG_OK)
                return backend_result_fail(out, rc, "%s", eb.msg);
        struct backend_proc_spec ps = {.argv = argv,
                                       .env = x->spec.env[0] ? x->spec.env : NULL,
                                       .workdir = workdir,
                                       .stdout_log = stdout_log,
                                       .stderr_log = stderr_log,
                                       .timeout = x->spec.timeout,
                                       .kill_grace = x->spec.kill_grace,
                                       .cancel = job->cancel};
        struct backend_proc_status st;
        rc = backend_proc_run(&ps, &st, &eb);
        backend_argv_free(argv);
        if (rc != RG_OK)
                return backend_result_fail(out, rc, "%s", eb.msg);
        out->clock = BACKEND_CLOCK_CHILD_CPU;
        out->run_seconds = st.cpu_seconds;
        out->wall_seconds = st.wall_seconds;
        switch (st.end) {
        case BACKEND_PROC_EXITED:
                if (st.exit_code == 0)
                        read_output(x, job, out);
                else
                        backend_result_fail(out, RG_PATHFAIL, "exit status %d", st.exit_code);
                break;
        case BACKEND_PROC_SIGNALED:
                backend_result_fail(out, RG_PATHFAIL, "%s", st.message);
                break;
        case BACKEND_PROC_TIMEOUT:
                backend_result_fail(out, RG_PATHFAIL, "timed out after %g s%s", x->spec.timeout,
                                    st.killed ? " (SIGTERM ignored: killed after the grace period)"
                                              : " (terminated)");
                break;
        case BACKEND_PROC_CANCELLED:
                /* Ctrl-C says nothing about the path: the run is incomplete */
                return backend_result_fail(out, RG_INTERNAL, "interrupted");
        case BACKEND_PROC_SPAWN_FAILED:
                /* a command that never started says nothing about the path:
                 * the gate is misconfigured (a harness error, not a crash) */
                return backend_result_fail(
                    out, RG_IO, "%s", st.message[0] ? st.message : "the command could not start");
        }
        if (out->status != RG_OK)
                add_log_tail(job, out);
        return RG_OK;
}

static int exec_reload(void *ctx, const struct backend_job *job, struct backend_result *out)
{
        const struct exec *x = ctx;
        /* timing was read from the run directory by the caller */
        read_output(x, job, out);
        return RG_OK;
}

static void exec_destroy(void *ctx)
{
        struct exec *x = ctx;
        if (x == NULL)
                return;
        backend_argv_finish(&x->argv);
        free(x);
}

static const struct backend_ops exec_ops = {
    .kind = "exec",
    .run = exec_run,
    .reload = exec_reload,
    .destroy = exec_destroy,
};

int backend_exec_create(const struct backend_exec_spec *spec, struct backend **out,
                        struct rg_errbuf *eb)
{
        *out = NULL;
        struct backend *be = calloc(1, sizeof(*be));
        struct exec *x = calloc(1, sizeof(*x));
        if (be == NULL || x == NULL) {
                free(be);
                free(x);
                return rg_fail(eb, RG_NOMEM, "out of memory");
        }
        x->spec = *spec;
        struct rg_errbuf local;
        rg_errbuf_init(&local);
        int rc = backend_argv_parse(spec->command, &x->argv, &local);
        if (rc != RG_OK) {
                exec_destroy(x);
                free(be);
                return rg_fail(eb, rc, "%s: key 'command': %s", spec->where, local.msg);
        }
        x->uses_out = backend_argv_uses(&x->argv, "out");
        if (getcwd(x->cwd, sizeof(x->cwd)) == NULL) {
                exec_destroy(x);
                free(be);
                return rg_fail(eb, RG_IO, "cannot tell the current folder: %s", strerror(errno));
        }
        /* NAME=VALUE entries, checked now rather than at the first run */
        char env[sizeof(spec->env)];
        snprintf(env, sizeof(env), "%s", spec->env);
        char *save = NULL;
        for (char *tok = strtok_r(env, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
                char *eq = strchr(tok, '=');
                size_t name_len = eq ? (size_t)(eq - tok) : 0;
                bool ok = name_len > 0 && !isdigit((unsigned char)tok[0]) &&
                          strspn(tok, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                      "0123456789_") == name_len;
                if (!ok) {
                        exec_destroy(x);
                        free(be);
                        return rg_fail(eb, RG_PARSE, "%s: key 'env': '%s' is not NAME=VALUE",
                                       spec->where, tok);
                }
        }
        be->ops = &exec_ops;
        be->ctx = x;
        if (spec->name[0])
                snprintf(be->name, sizeof(be->name), "%s", spec->name);
        else
                snprintf(be->name, sizeof(be->name), "exec:%.150s", spec->command);
        /* where rollgate runs belongs to it: relative names in the command
         * mean something else elsewhere */
        snprintf(be->identity, sizeof(be->identity),
                 "exec\ncommand=%.4095s\nenv=%.1023s\nformat=%s\nworkdir=%.1023s\ncwd=%.1023s",
                 spec->command, spec->env, backend_format_name(spec->format), spec->workdir,
                 x->cwd);
        be->external = true;
        *out = be;
        return RG_OK;
}
