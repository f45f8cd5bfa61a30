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
static void bench_job_chunk_done(struct harness_bench_job *j, const struct sim_source *src)
{
        for (uint32_t i = 0; i < src->n; i++)
                if (!j->chunk[i].admitted)
                        j->blocked_ids += harness_floor_id_mix(src->first + i + 1);
}

/* As `rollgate sim` runs: the stream chunk by chunk into the engine with
 * the legacy controller (sim_run_lanes with one lane), generation and path
 * timed apart. */
int harness_bench_job_begin(struct harness_bench_job *j, const struct sim_model *m,
                            const struct sim_traffic *tr, uint32_t seed, struct sim_result *res,
                            struct rg_errbuf *eb)
{
        j->blocked_ids = 0;
        j->res = res;
        j->seconds[0] = j->seconds[1] = 0;
        j->runner.record = j->want_blocked_ids ? j->chunk : NULL;
        j->runner.record_cap = SIM_CHUNK;
        double t = rg_thread_cpu_seconds();
        int rc = sim_source_start(&j->source, tr, seed, eb);
        double u = rg_thread_cpu_seconds();
        j->seconds[0] += u - t;
        sim_run_begin(&j->runner, m, &sim_legacy_ops, &j->ctl, res, eb);
        j->seconds[1] += rg_thread_cpu_seconds() - u;
        j->more = rc == RG_OK;
        return rc;
}

int harness_bench_job_step(struct harness_bench_job *j, struct rg_errbuf *eb)
{
        if (!j->more)
                return RG_OK;
        double t = rg_thread_cpu_seconds();
        int rc = sim_source_next(&j->source, eb);
        double u = rg_thread_cpu_seconds();
        j->seconds[0] += u - t;
        if (rc != RG_OK || j->source.n == 0) {
                j->more = false;
                return rc;
        }
        j->runner.record_base = j->source.first;
        rc = sim_run_requests(&j->runner, j->source.req, j->source.n);
        j->seconds[1] += rg_thread_cpu_seconds() - u;
        if (j->want_blocked_ids)
                bench_job_chunk_done(j, &j->source);
        j->more = rc == RG_OK;
        return rc;
}

int harness_bench_job_end(struct harness_bench_job *j, double seconds[2], struct rg_errbuf *eb)
{
        (void)eb;
        double t = rg_thread_cpu_seconds();
        int rc = sim_run_end(&j->runner);
        j->seconds[1] += rg_thread_cpu_seconds() - t;
        j->runner.record = NULL;
        j->more = false;
        seconds[0] = j->seconds[0];
        seconds[1] = j->seconds[1];
        if (rc == RG_OK && j->res->status != RG_OK)
                rc = j->res->status;
        return rc;
}

int harness_bench_job_run(struct harness_bench_job *j, const struct sim_model *m,
                          const struct sim_traffic *tr, uint32_t seed, struct sim_result *res,
                          double seconds[2], struct rg_errbuf *eb)
{
        int rc = harness_bench_job_begin(j, m, tr, seed, res, eb);
        while (rc == RG_OK && harness_bench_job_more(j))
                rc = harness_bench_job_step(j, eb);
        int end = harness_bench_job_end(j, seconds, eb);
        return rc != RG_OK ? rc : end;
}

uint64_t harness_bench_job_blocked_ids(const struct harness_bench_job *j)
{
        return j->blocked_ids;
}
