/*
 * Executing the matrix: (load, seed) pairs spread over OpenMP threads,
 * results stored by index so that the outcome does not depend on the thread
 * count.  A pair of two builtin paths generates its request stream once,
 * chunk by chunk, and both paths consume each chunk in turn (common random
 * numbers, in bounded memory, timed under the same conditions); otherwise
 * each role runs on its own; external runs go through the run directory,
 * which lets a rerun reuse what already finished.
 */
#include <errno.h>
#include <omp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../common/clock.h"
#include "../backends/builtin.h"
#include "../backends/proc.h"
#include "../common/file.h"
#include "compare.h"
#include "exec.h"
#include "run_dir.h"

static volatile sig_atomic_t interrupted;

/* The first SIGINT / SIGTERM stops the runs (the event loop and the stream
 * generator look at the flag every few ms, exec runs terminate their
 * process groups) and the report is written marked incomplete; a second one
 * exits at once. */
static void on_signal(int sig)
{
        if (interrupted) {
                backend_proc_kill_groups(SIGKILL);
                _exit(128 + sig);
        }
        interrupted = 1;
}

/* Catching nests (a sequential comparison catches around all its looks,
 * each execute around its runs); only the outermost installs the handlers
 * and clears the flag, so a signal between two looks is kept.  Main thread
 * only. */
static int catch_depth;
static struct sigaction saved_int, saved_term;

void compare_signals_catch(void)
{
        if (catch_depth++ > 0)
                return;
        interrupted = 0;
        struct sigaction sa = {0};
        sa.sa_handler = on_signal;
        sigaction(SIGINT, &sa, &saved_int);
        sigaction(SIGTERM, &sa, &saved_term);
}

void compare_signals_release(void)
{
        if (catch_depth == 0 || --catch_depth > 0)
                return;
        sigaction(SIGINT, &saved_int, NULL);
        sigaction(SIGTERM, &saved_term, NULL);
}

bool compare_signals_caught(void)
{
        return interrupted != 0;
}

const volatile sig_atomic_t *compare_cancel_flag(void)
{
        return &interrupted;
}

static const char *const role_names[2] = {"legacy", "orchestrator"};

static void harness_fail(struct compare_pair *pr, int rc, const char *msg)
{
        if (pr->harness_rc != RG_OK)
                return;
        pr->harness_rc = rc;
        snprintf(pr->harness_error, sizeof(pr->harness_error), "%.500s", msg);
}

/* The logs a failure names go with the temporary folder. */
static void note_tmp(const struct compare_exec *x, struct backend_result *res)
{
        size_t used = strlen(res->error);
        if (x->tmp[0] && res->status != RG_OK && strstr(res->error, x->tmp))
                snprintf(res->error + used, sizeof(res->error) - used,
                         " (removed with the temporary run folder: --run-dir keeps it)");
}

static struct backend_job role_job(struct compare_exec *x, struct compare_worker *w,
                                   struct compare_pair *pr, int role)
{
        const struct backend *b = x->r->cfg->backend[role];
        return (struct backend_job){
            .erlang = x->r->loads[pr->load],
            .seed = pr->seed[role],
            .requests = x->r->inputs.requests,
            .holding_time = x->r->inputs.holding_time,
            .role = role_names[role],
            .traffic = b->uses_stream ? x->sim->traffic : NULL,
            .source = b->uses_stream ? &w->source : NULL,
            .gen_seconds = &pr->gen_seconds[role],
            .runner = b->uses_stream ? &w->runner[role] : NULL,
            .cancel = &interrupted,
        };
}

/* Both builtin roles side by side on one stream; `first` takes the first
 * chunk. */
static void run_joint(struct compare_exec *x, struct compare_worker *w, struct compare_pair *pr,
                      int first)
{
        const struct compare_config *cfg = x->r->cfg;
        struct backend_job job[2] = {role_job(x, w, pr, 0), role_job(x, w, pr, 1)};
        const struct backend_job *jobs[2] = {&job[0], &job[1]};
        struct backend_result *out[2] = {&pr->run[0], &pr->run[1]};
        memset(pr->run, 0, sizeof(pr->run));
        const struct backend *be[2] = {cfg->backend[0], cfg->backend[1]};
        int rc = backend_builtin_run_lanes(be, jobs, out, 2, first);
        pr->gen_seconds[1] = pr->gen_seconds[0];
        if (rc != RG_OK)
                harness_fail(pr, rc, interrupted ? "interrupted" : pr->run[0].error);
        else if (interrupted && (pr->run[0].status != RG_OK || pr->run[1].status != RG_OK))
                harness_fail(pr, RG_INTERNAL, "interrupted");
}

static void run_role(struct compare_exec *x, struct compare_worker *w, struct compare_pair *pr,
                     int role)
{
        const struct compare_config *cfg = x->r->cfg;
        const struct backend *b = cfg->backend[role];
        struct backend_result *res = &pr->run[role];
        memset(res, 0, sizeof(*res));
        double erlang = x->r->loads[pr->load];
        struct backend_job job = role_job(x, w, pr, role);
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        char dir[4400], config[4500];
        if (b->external) {
                const char *text = cfg->run_config ? cfg->run_config[pr->load] : NULL;
                if (compare_run_dir_prepare(x->base, b, job.role, erlang, job.seed, job.requests,
                                            text, dir, sizeof(dir), config, sizeof(config),
                                            &eb) != RG_OK) {
                        harness_fail(pr, eb.code, eb.msg);
                        return;
                }
                job.dir = dir;
                job.config = config;
                if (b->ops->reload && compare_run_dir_finished(dir, res)) {
                        int rc = b->ops->reload(b->ctx, &job, res);
                        if (rc == RG_OK && res->status == RG_OK) {
                                res->reused = true;
                                return;
                        }
                        /* a kept run that no longer reads back is run again */
                        memset(res, 0, sizeof(*res));
                }
        }
        if (b->external) {
                /* a kept run that is run again is not finished until it ends
                 * well again */
                char done[4500];
                snprintf(done, sizeof(done), "%s/done.json", dir);
                if (unlink(done) != 0 && errno != ENOENT) {
                        char msg[4700];
                        snprintf(msg, sizeof(msg), "%s: cannot remove: %s", done, strerror(errno));
                        harness_fail(pr, RG_IO, msg);
                        return;
                }
        }
        double t0 = rg_wall_seconds();
        int rc = b->ops->run(b->ctx, &job, res);
        if (res->wall_seconds == 0)
                res->wall_seconds = rg_wall_seconds() - t0;
        /* a run cut short by the signal says nothing about the path */
        if (interrupted && rc == RG_OK && res->status != RG_OK) {
                harness_fail(pr, RG_INTERNAL, "interrupted");
                return;
        }
        if (rc != RG_OK) {
                char msg[1024];
                snprintf(msg, sizeof(msg), "%s path %s at erlang %g, seed %u: %s", role_names[role],
                         b->name, erlang, job.seed, res->error[0] ? res->error : rg_strerror(rc));
                harness_fail(pr, rc, msg);
                return;
        }
        if (b->external) {
                pr->executed[role] = true;
                /* a run interrupted by Ctrl-C is not finished: rerun it */
                if (res->status == RG_OK && !interrupted &&
                    compare_run_dir_finish(dir, res, &eb) != RG_OK)
                        harness_fail(pr, eb.code, eb.msg);
        }
}

static void run_pair(struct compare_exec *x, struct compare_worker *w, struct compare_pair *pr,
                     int index)
{
        /* alternate which path runs first so neither always inherits the
         * other's warm caches */
        if (x->joint) {
                run_joint(x, w, pr, index % 2);
                return;
        }
        for (int k = 0; k < 2 && pr->harness_rc == RG_OK; k++) {
                int role = (index % 2 == 0) ? k : 1 - k;
                run_role(x, w, pr, role);
        }
}

static void progress(int done, int total)
{
        int width = 40, fill = total ? done * width / total : width;
        fprintf(stderr, "\r[%.*s%*s] %d/%d runs", fill, "########################################",
                width - fill, "", 2 * done, 2 * total);
        if (done == total)
                fputc('\n', stderr);
}

int compare_exec_begin(struct compare_exec *x, struct compare_result *r,
                       const struct compare_sim *sim, struct rg_errbuf *eb)
{
        const struct compare_config *cfg = r->cfg;
        memset(x, 0, sizeof(*x));
        x->r = r;
        x->sim = sim;
        bool external = false;
        for (int role = 0; role < 2; role++) {
                x->need_stream |= cfg->backend[role]->uses_stream;
                external |= cfg->backend[role]->external;
        }
        x->joint = cfg->backend[0]->uses_stream && cfg->backend[1]->uses_stream && !cfg->unpaired;
        if (x->need_stream && (sim == NULL || sim->model == NULL || sim->traffic == NULL))
                return rg_fail(eb, RG_INTERNAL, "a builtin path needs the simulator model");
        if (!external)
                return RG_OK;
        x->base = cfg->run_dir;
        if (x->base == NULL) {
                const char *t = getenv("TMPDIR");
                snprintf(x->tmp, sizeof(x->tmp), "%.4000s/rollgate-runs-XXXXXX",
                         t && *t ? t : "/tmp");
                if (mkdtemp(x->tmp) == NULL) {
                        int rc = rg_fail(eb, RG_IO, "%s: cannot create a temporary folder", x->tmp);
                        x->tmp[0] = '\0';
                        return rc;
                }
                x->base = x->tmp;
        } else {
                int rc = rg_mkdir_p(x->base, eb);
                if (rc != RG_OK)
                        return rc;
        }
        /* the commands run elsewhere: every path they are given is absolute */
        if (x->base[0] != '/') {
                char cwd[2048];
                if (getcwd(cwd, sizeof(cwd)) == NULL)
                        return rg_fail(eb, RG_IO, "cannot tell the current folder");
                if ((size_t)snprintf(x->abs, sizeof(x->abs), "%s/%s", cwd, x->base) >=
                    sizeof(x->abs))
                        return rg_fail(eb, RG_IO, "%s: run directory path too long", x->base);
                x->base = x->abs;
        }
        return RG_OK;
}

void compare_exec_end(struct compare_exec *x)
{
        if (x == NULL || x->r == NULL)
                return;
        if (x->tmp[0]) {
                struct rg_errbuf ignore;
                rg_errbuf_init(&ignore);
                rg_remove_tree(x->tmp, &ignore);
                x->tmp[0] = '\0';
        }
}

int compare_worker_init(const struct compare_exec *x, struct compare_worker *w,
                        struct rg_errbuf *eb)
{
        memset(w, 0, sizeof(*w));
        sim_source_init(&w->source);
        w->source.cancel = &interrupted;
        if (!x->need_stream)
                return RG_OK;
        int rc = RG_OK;
        for (; rc == RG_OK && w->have_runners < 2; w->have_runners++) {
                rc = sim_runner_init(&w->runner[w->have_runners], x->sim->model, eb);
                w->runner[w->have_runners].cancel = &interrupted;
        }
        return rc;
}

void compare_worker_finish(struct compare_worker *w)
{
        for (int i = 0; i < w->have_runners; i++)
                sim_runner_finish(&w->runner[i]);
        w->have_runners = 0;
        sim_source_finish(&w->source);
}

void compare_exec_pair(struct compare_exec *x, struct compare_worker *w, bool ready, int j)
{
        struct compare_pair *pr = &x->r->pairs[j];
        pr->ran = true;
        if (!ready || interrupted) {
                harness_fail(pr, ready ? RG_INTERNAL : RG_NOMEM,
                             ready ? "interrupted" : "out of memory");
                return;
        }
        run_pair(x, w, pr, j);
        for (int role = 0; role < 2; role++)
                note_tmp(x, &pr->run[role]);
}

int compare_todo(const struct compare_result *r, int *todo)
{
        int n = 0;
        for (int j = 0; j < r->n_loads * r->n_reps; j++)
                if (!r->pairs[j].ran && r->pairs[j].rep < r->load[r->pairs[j].load].n)
                        todo[n++] = j;
        return n;
}

struct costed {
        double cost;
        int pair;
};

static int by_cost(const void *a, const void *b)
{
        const struct costed *x = a, *y = b;
        if (x->cost != y->cost)
                return x->cost > y->cost ? -1 : 1;
        return (x->pair > y->pair) - (x->pair < y->pair);
}

bool compare_by_cost(const struct compare_result *r, int *todo, int n)
{
        struct costed *c = malloc(((size_t)n + 1) * sizeof(*c));
        if (c == NULL)
                return false;
        /* the requests are the same for every pair: the load orders them */
        for (int i = 0; i < n; i++)
                c[i] = (struct costed){r->loads[r->pairs[todo[i]].load], todo[i]};
        qsort(c, (size_t)n, sizeof(*c), by_cost);
        for (int i = 0; i < n; i++)
                todo[i] = c[i].pair;
        free(c);
        return true;
}

void compare_count_runs(struct compare_result *r)
{
        r->runs_executed = r->runs_reused = 0;
        for (int j = 0; j < r->n_loads * r->n_reps; j++)
                for (int role = 0; role < 2; role++) {
                        r->runs_executed += r->pairs[j].executed[role];
                        r->runs_reused += r->pairs[j].run[role].reused;
                }
}

int compare_execute_pairs(struct compare_result *r, const struct compare_sim *sim, const int *todo,
                          int n_pairs, struct rg_errbuf *eb)
{
        const struct compare_config *cfg = r->cfg;
        struct compare_exec x;
        int rc = compare_exec_begin(&x, r, sim, eb);
        if (rc != RG_OK) {
                compare_exec_end(&x);
                return rc;
        }
        int done = 0, failed_init = 0;
        compare_signals_catch();
        if (r->started == 0)
                r->started = time(NULL);
        double t0 = rg_wall_seconds();
        int threads = cfg->threads > 0 ? cfg->threads : omp_get_max_threads();
#pragma omp parallel num_threads(threads)
        {
                struct compare_worker w;
                struct rg_errbuf teb;
                rg_errbuf_init(&teb);
                bool ready = compare_worker_init(&x, &w, &teb) == RG_OK;
                if (!ready) {
#pragma omp atomic
                        failed_init++;
                }
#pragma omp single
                r->threads_used = omp_get_num_threads();
#pragma omp for schedule(dynamic, 1)
                for (int i = 0; i < n_pairs; i++) {
                        compare_exec_pair(&x, &w, ready, todo[i]);
                        if (cfg->progress) {
#pragma omp critical(rollgate_progress)
                                progress(++done, n_pairs);
                        }
                }
                compare_worker_finish(&w);
        }
        r->wall_seconds += rg_wall_seconds() - t0;
        r->finished = time(NULL);
        char host[COMPARE_HOST_NAME];
        compare_host_name(host, sizeof(host));
        compare_add_host(r, host);
        compare_signals_release();
        r->interrupted = interrupted != 0;
        compare_exec_end(&x);
        compare_count_runs(r);
        if (failed_init)
                return rg_fail(eb, RG_NOMEM, "out of memory for the simulation workers");
        return RG_OK;
}

int compare_execute(struct compare_result *r, const struct compare_sim *sim, struct rg_errbuf *eb)
{
        const int n_all = r->n_loads * r->n_reps;
        int *todo = malloc((size_t)n_all * sizeof(int));
        if (todo == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory for %d runs", 2 * n_all);
        int n = compare_todo(r, todo);
        const struct compare_executor *ex = r->cfg->executor;
        int rc = ex ? ex->execute(ex->ctx, r, todo, n, sim, eb)
                    : compare_execute_pairs(r, sim, todo, n, eb);
        free(todo);
        return rc;
}
