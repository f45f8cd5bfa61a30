/*
 * rollgate's own whole job for one run of the legacy path, as `rollgate sim
 * --path legacy` does it, for the benchmarks that time it (bench_floor.c,
 * bench_scale.c).  The one place where those benchmarks call the engine and
 * the stream generator.
 *
 * Ownership: a harness_bench_job is caller memory (init/finish), reused from
 * run to run; it reads the model it is run with and borrows nothing between
 * calls.  One per thread.
 */
#ifndef HARNESS_BENCH_JOB_H
#define HARNESS_BENCH_JOB_H

#include "../sim/engine.h"
#include "../sim/legacy.h"

struct harness_bench_job {
        struct sim_runner runner;
        struct sim_source source;
        bool ready;
        /* set by the caller: sum harness_floor_id_mix over the blocked ids
         * (each chunk's decisions recorded, summed outside the timing) */
        bool want_blocked_ids;
        uint64_t blocked_ids;
        struct sim_decision chunk[SIM_CHUNK];
        /* the run in progress (begin .. end) */
        struct sim_legacy ctl;
        struct sim_lane lane;
        struct sim_lanes lanes;
        double start_seconds; /* sim_source_start's */
        bool more;
};

int harness_bench_job_init(struct harness_bench_job *j, const struct sim_model *m,
                           struct rg_errbuf *eb);
/* NULL and a failed init allowed. */
void harness_bench_job_finish(struct harness_bench_job *j);

/* One run at tr->erlang with `seed` into *res; seconds[0] receives the
 * stream's generation, seconds[1] the legacy path's, both on the thread's CPU
 * clock. */
int harness_bench_job_run(struct harness_bench_job *j, const struct sim_model *m,
                          const struct sim_traffic *tr, uint32_t seed, struct sim_result *res,
                          double seconds[2], struct rg_errbuf *eb);

/*
 * The same run a chunk at a time, for a benchmark that runs several in turn
 * (bench_scale.c): begin, then step while harness_bench_job_more, then end,
 * which gives what harness_bench_job_run gives.  A failed call ends the run
 * (more is false); end still reports the failure.
 */
int harness_bench_job_begin(struct harness_bench_job *j, const struct sim_model *m,
                            const struct sim_traffic *tr, uint32_t seed, struct sim_result *res,
                            struct rg_errbuf *eb);
int harness_bench_job_step(struct harness_bench_job *j, struct rg_errbuf *eb);
static inline bool harness_bench_job_more(const struct harness_bench_job *j)
{
        return j->more;
}
int harness_bench_job_end(struct harness_bench_job *j, double seconds[2]);

/* After a run with want_blocked_ids: the sum of harness_floor_id_mix(id)
 * over the ids of the requests it blocked (floor.h). */
uint64_t harness_bench_job_blocked_ids(const struct harness_bench_job *j);

#endif
