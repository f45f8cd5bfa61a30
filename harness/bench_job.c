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

/* Folds a chunk's blocked ids into the job's checksum (outside the timing). */
static void bench_job_chunk_done(struct sim_lane *lane, const struct sim_source *src)
{
        struct harness_bench_job *j = lane->arg;
        for (uint32_t i = 0; i < src->n; i++)
                if (!j->chunk[i].admitted)
                        j->blocked_ids += harness_floor_id_mix(src->first + i + 1);
}

/* As `rollgate sim` runs: the stream chunk by chunk into the engine with
 * the legacy controller (sim_lanes with one lane), generation and path
 * timed apart. */
int harness_bench_job_begin(struct harness_bench_job *j, const struct sim_model *m,
                            const struct sim_traffic *tr, uint32_t seed, struct sim_result *res,
                            struct rg_errbuf *eb)
{
        j->blocked_ids = 0;
        j->runner.record = j->want_blocked_ids ? j->chunk : NULL;
        j->runner.record_cap = SIM_CHUNK;
        j->lane = (struct sim_lane){.runner = &j->runner,
                                    .ops = &sim_legacy_ops,
                                    .ctx = &j->ctl,
                                    .res = res,
                                    .eb = eb,
                                    .chunk_done = j->want_blocked_ids ? bench_job_chunk_done : NULL,
                                    .arg = j};
        double start = rg_thread_cpu_seconds();
        int rc = sim_source_start(&j->source, tr, seed, eb);
        j->start_seconds = rg_thread_cpu_seconds() - start;
        sim_lanes_begin(&j->lanes, &j->source, m, &j->lane, 1, 0);
        j->more = rc == RG_OK;
        if (rc != RG_OK)
                j->lanes.rc = rc;
        return rc;
}

int harness_bench_job_step(struct harness_bench_job *j, struct rg_errbuf *eb)
{
        if (j->more)
                j->more = sim_lanes_step(&j->lanes, eb);
        return j->lanes.rc;
}

int harness_bench_job_end(struct harness_bench_job *j, double seconds[2])
{
        double gen = 0;
        int rc = sim_lanes_end(&j->lanes, &gen);
        j->more = false;
        j->runner.record = NULL;
        seconds[0] = j->start_seconds + gen;
        seconds[1] = j->lane.seconds;
        if (rc == RG_OK && j->lane.res->status != RG_OK)
                rc = j->lane.res->status;
        return rc;
}

int harness_bench_job_run(struct harness_bench_job *j, const struct sim_model *m,
                          const struct sim_traffic *tr, uint32_t seed, struct sim_result *res,
                          double seconds[2], struct rg_errbuf *eb)
{
        int rc = harness_bench_job_begin(j, m, tr, seed, res, eb);
        while (rc == RG_OK && harness_bench_job_more(j))
                rc = harness_bench_job_step(j, eb);
        int end = harness_bench_job_end(j, seconds);
        return rc != RG_OK ? rc : end;
}

uint64_t harness_bench_job_blocked_ids(const struct harness_bench_job *j)
{
        return j->blocked_ids;
}
