#include "bench_job.h"

#include <string.h>

#include "../common/clock.h"
#include "../sim/legacy.h"
#include "floor.h"

int harness_bench_job_init(struct harness_bench_job *j, const struct sim_model *m,
                           struct rg_errbuf *eb)
{
        bool want = j->want_blocked_ids;
        memset(j, 0, sizeof(*j));
        j->want_blocked_ids = want;
        sim_source_init(&j->source);
        int rc = sim_runner_init(&j->runner, m, eb);
        j->ready = rc == RG_OK;
        return rc;
}

void harness_bench_job_finish(struct harness_bench_job *j)
{
        if (j == NULL)
                return;
        sim_source_finish(&j->source);
        if (j->ready)
                sim_runner_finish(&j->runner);
        j->ready = false;
}

/* As `rollgate sim` runs: the stream chunk by chunk into the engine with
 * the legacy controller, generation and path timed apart. */
int harness_bench_job_run(struct harness_bench_job *j, const struct sim_model *m,
                          const struct sim_traffic *tr, uint32_t seed, struct sim_result *res,
                          double seconds[2], struct rg_errbuf *eb)
{
        struct sim_legacy ctl;
        seconds[0] = seconds[1] = 0;
        j->blocked_ids = 0;
        j->runner.record = j->want_blocked_ids ? j->chunk : NULL;
        j->runner.record_cap = SIM_CHUNK;
        double now = rg_thread_cpu_seconds();
        int rc = sim_source_start(&j->source, tr, seed, eb);
        sim_run_begin(&j->runner, m, &sim_legacy_ops, &ctl, res, eb);
        while (rc == RG_OK && (rc = sim_source_next(&j->source, eb)) == RG_OK && j->source.n) {
                double t = rg_thread_cpu_seconds();
                seconds[0] += t - now;
                j->runner.record_base = j->source.first;
                sim_run_requests(&j->runner, j->source.req, j->source.n);
                now = rg_thread_cpu_seconds();
                seconds[1] += now - t;
                for (uint32_t i = 0; j->want_blocked_ids && i < j->source.n; i++)
                        if (!j->chunk[i].admitted)
                                j->blocked_ids += harness_floor_id_mix(j->source.first + i + 1);
                now = rg_thread_cpu_seconds();
        }
        if (rc != RG_OK)
                return rc;
        rc = sim_run_end(&j->runner);
        seconds[1] += rg_thread_cpu_seconds() - now;
        j->runner.record = NULL;
        return rc;
}

uint64_t harness_bench_job_blocked_ids(const struct harness_bench_job *j)
{
        return j->blocked_ids;
}
