#include "bench_job.h"

#include <string.h>

#include "../common/clock.h"
#include "../sim/legacy.h"
#include "floor.h"

int harness_bench_job_init(struct harness_bench_job *j, const struct sim_model *m,
                           struct rg_errbuf *eb)
{
        memset(j, 0, sizeof(*j));
        sim_stream_init(&j->stream);
        int rc = sim_runner_init(&j->runner, m, eb);
        j->ready = rc == RG_OK;
        return rc;
}

void harness_bench_job_finish(struct harness_bench_job *j)
{
        if (j == NULL)
                return;
        sim_stream_finish(&j->stream);
        if (j->ready)
                sim_runner_finish(&j->runner);
        j->ready = false;
}

/* Current API: the stream generated whole, then the engine over it with the
 * legacy controller. */
int harness_bench_job_run(struct harness_bench_job *j, const struct sim_model *m,
                          const struct sim_traffic *tr, uint32_t seed, struct sim_result *res,
                          double seconds[2], struct rg_errbuf *eb)
{
        double t0 = rg_thread_cpu_seconds();
        int rc = sim_stream_generate(&j->stream, tr, seed, eb);
        double t1 = rg_thread_cpu_seconds();
        seconds[0] = t1 - t0;
        seconds[1] = 0;
        if (rc != RG_OK)
                return rc;
        struct sim_legacy ctl;
        rc = sim_run(&j->runner, m, &j->stream, &sim_legacy_ops, &ctl, res, eb);
        seconds[1] = rg_thread_cpu_seconds() - t1;
        return rc;
}

/* Current API: the engine keeps every request's decision until the next run. */
uint64_t harness_bench_job_blocked_ids(const struct harness_bench_job *j)
{
        uint64_t sum = 0;
        for (uint32_t i = 0; i < j->stream.n; i++)
                if (!j->runner.dec[i].admitted)
                        sum += harness_floor_id_mix(i + 1);
        return sum;
}
