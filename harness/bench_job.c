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

/* Folds a chunk's blocked ids into the job's checksum. */
static void bench_job_chunk_done(struct sim_lane *lane, const struct sim_source *src)
{
        struct harness_bench_job *j = lane->arg;
        for (uint32_t i = 0; i < src->n; i++)
                if (!j->chunk[i].admitted)
                        j->blocked_ids += harness_floor_id_mix(src->first + i + 1);
}

/* As `rollgate sim` runs: the stream chunk by chunk into the engine with
 * the legacy controller, generation and path timed apart. */
int harness_bench_job_run(struct harness_bench_job *j, const struct sim_model *m,
                          const struct sim_traffic *tr, uint32_t seed, struct sim_result *res,
                          double seconds[2], struct rg_errbuf *eb)
{
        struct sim_legacy ctl;
        j->blocked_ids = 0;
        j->runner.record = j->want_blocked_ids ? j->chunk : NULL;
        j->runner.record_cap = SIM_CHUNK;
        struct sim_lane lane = {.runner = &j->runner,
                                .ops = &sim_legacy_ops,
                                .ctx = &ctl,
                                .res = res,
                                .eb = eb,
                                .chunk_done = j->want_blocked_ids ? bench_job_chunk_done : NULL,
                                .arg = j};
        double start = rg_thread_cpu_seconds();
        int rc = sim_source_start(&j->source, tr, seed, eb);
        seconds[0] = rg_thread_cpu_seconds() - start;
        if (rc == RG_OK) {
                double gen = 0;
                rc = sim_run_lanes(&j->source, m, &lane, 1, 0, &gen, eb);
                seconds[0] += gen;
        }
        seconds[1] = lane.seconds;
        j->runner.record = NULL;
        if (rc == RG_OK && res->status != RG_OK)
                rc = res->status;
        return rc;
}

uint64_t harness_bench_job_blocked_ids(const struct harness_bench_job *j)
{
        return j->blocked_ids;
}
