/*
 * rollgate bench --exec-overhead: what an external run costs rollgate
 * itself.  A compare of two exec paths whose command is trivial (echo of a
 * minimal run file) is timed end to end on one thread; the same command is
 * also started bare (fork, exec, wait) as often.  The difference per run is
 * the harness's own cost: the run folder, the effective config, the log
 * files, spawning into a process group, waiting, parsing and the finished
 * marker.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../common/file.h"
#include "../common/clock.h"
#include "cli.h"
#include "compare_setup.h"
#include "options.h"

#define RUNS_PER_REPEAT 200
#define ECHO_TEMPLATE "/bin/echo '{{\"requests\": {requests}, \"blocked\": 0, \"bbp\": 0}}'"

static void echo_setup(struct harness_settings *s, const void *ctx)
{
        s->num_requests = 100;
        s->n_loads = 1;
        s->loads[0] = 100;
        s->max_iters = RUNS_PER_REPEAT / 2;
        snprintf(s->cmp.legacy, sizeof(s->cmp.legacy), "exec:%s", ECHO_TEMPLATE);
        snprintf(s->cmp.orchestrator, sizeof(s->cmp.orchestrator), "exec:%s", ECHO_TEMPLATE);
        snprintf(s->cmp.threads, sizeof(s->cmp.threads), "1");
        snprintf(s->cmp.run_dir, sizeof(s->cmp.run_dir), "%s", (const char *)ctx);
}

static int echo_take(const struct compare_result *r, void *ctx, struct rg_errbuf *eb)
{
        (void)ctx;
        if (r->runs_executed != RUNS_PER_REPEAT)
                return rg_fail(eb, RG_INTERNAL, "expected %d runs, %d ran", RUNS_PER_REPEAT,
                               r->runs_executed);
        if (r->verdict != STATS_PASS)
                return rg_fail(eb, RG_INTERNAL, "the trivial comparison did not pass: %s",
                               r->reason);
        return RG_OK;
}

/* The runs alone, timed: the comparison's preparation is not per run. */
static int through_rollgate(const char *run_dir, double *seconds, struct rg_errbuf *eb)
{
        double t[2];
        int rc = harness_bench_compare(echo_setup, echo_take, (void *)run_dir, t, eb);
        *seconds = t[1];
        return rc;
}

static double bare_spawns(void)
{
        double t0 = rg_wall_seconds();
        for (int i = 0; i < RUNS_PER_REPEAT; i++) {
                pid_t pid = fork();
                if (pid == 0) {
                        int fd = open("/dev/null", O_WRONLY);
                        if (fd >= 0)
                                dup2(fd, STDOUT_FILENO);
                        execl("/bin/echo", "echo",
                              "{\"requests\": 100, \"blocked\": 0, \"bbp\": 0}", (char *)NULL);
                        _exit(127);
                }
                int st;
                if (pid > 0)
                        waitpid(pid, &st, 0);
        }
        return rg_wall_seconds() - t0;
}

int harness_bench_exec(int repeat)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        double *ours = calloc((size_t)repeat, sizeof(double));
        double *bare = calloc((size_t)repeat, sizeof(double));
        double *diff = calloc((size_t)repeat, sizeof(double));
        char dir[] = "/tmp/rollgate-bench-XXXXXX";
        int rc = RG_OK;
        if (ours == NULL || bare == NULL || diff == NULL)
                rc = rg_fail(&eb, RG_NOMEM, "out of memory");
        else if (mkdtemp(dir) == NULL)
                rc = rg_fail(&eb, RG_IO, "%s: cannot create", dir);
        for (int r = 0; r < repeat && rc == RG_OK; r++) {
                char run_dir[64];
                snprintf(run_dir, sizeof(run_dir), "%s/r%d", dir, r);
                double t = 0;
                rc = through_rollgate(run_dir, &t, &eb);
                ours[r] = t / RUNS_PER_REPEAT;
                bare[r] = bare_spawns() / RUNS_PER_REPEAT;
                diff[r] = ours[r] - bare[r];
        }
        struct rg_errbuf ignore;
        rg_errbuf_init(&ignore);
        rg_remove_tree(dir, &ignore);
        if (rc == RG_OK) {
                printf("benchmark: one external run (a trivial command) through rollgate compare, "
                       "1 thread, %d runs per repeat, median of %d repeats\n",
                       RUNS_PER_REPEAT, repeat);
                printf("  through rollgate           %8.3f ms per run\n",
                       1e3 * harness_median(ours, repeat));
                printf("  bare fork/exec/wait        %8.3f ms per run\n",
                       1e3 * harness_median(bare, repeat));
                printf("  rollgate's own cost        %8.3f ms per run (target < 5 ms)\n",
                       1e3 * harness_median(diff, repeat));
        }
        free(ours);
        free(bare);
        free(diff);
        if (rc != RG_OK)
                return harness_die(rc, eb.msg);
        return RG_EXIT_OK;
}
