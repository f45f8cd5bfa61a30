/*
 * rollgate bench --floor: rollgate's own whole job for one run (the request
 * stream and the legacy path, as `rollgate sim --path legacy` does it)
 * against the minimal hand-written loop of the same work (floor.h), in
 * pairs of the same seed with the order alternating, each timed on the
 * thread's CPU clock.  Both must block exactly the same requests, or the
 * figure means nothing and the bench fails.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../common/clock.h"
#include "../sim/engine.h"
#include "bench_job.h"
#include "cli.h"
#include "floor.h"
#include "settings.h"

#define MAX_PAIRS 1000

/* The model and traffic template of the settings (current API). */
static int build_model(const struct harness_settings *set, struct sim_model **model,
                       struct sim_traffic *traffic, struct rg_errbuf *eb)
{
        int rc = harness_settings_build(set, model, traffic, eb);
        if (rc == RG_OK)
                traffic->erlang = set->n_loads ? set->loads[0] : set->erlang_start;
        return rc;
}

/* The proof that both did the same work: as many requests blocked and by
 * distance, the same ones (the fingerprint of their ids), and as many
 * admitted on each route index. */
static int same_work(const struct sim_result *res, uint64_t blocked_ids,
                     const struct harness_floor_result *fl, int k, uint32_t seed,
                     struct rg_errbuf *eb)
{
        if (res->requests != fl->requests || res->blocked != fl->blocked ||
            res->blocked_by[SIM_BLOCK_DISTANCE] != fl->blocked_distance)
                return rg_fail(eb, RG_INTERNAL,
                               "seed %u: rollgate blocked %u of %u (%u by distance), the floor "
                               "loop %u of %u (%u): not the same work",
                               seed, res->blocked, res->requests,
                               res->blocked_by[SIM_BLOCK_DISTANCE], fl->blocked, fl->requests,
                               fl->blocked_distance);
        if (blocked_ids != fl->blocked_ids)
                return rg_fail(eb, RG_INTERNAL,
                               "seed %u: rollgate and the floor loop blocked as many requests (%u) "
                               "but not the same ones: not the same work",
                               seed, fl->blocked);
        for (int i = 0; i < k; i++)
                if (res->path_index[i] != fl->admitted_on[i])
                        return rg_fail(eb, RG_INTERNAL,
                                       "seed %u: rollgate admitted %u on route %d, the floor loop "
                                       "%u: not the same work",
                                       seed, res->path_index[i], i, fl->admitted_on[i]);
        return RG_OK;
}

int harness_bench_floor(const struct harness_settings *set, int pairs)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_model *model = NULL;
        struct sim_traffic traffic;
        struct harness_floor *floor = NULL;
        struct harness_bench_job job = {.want_blocked_ids = true};
        static double t_rg[MAX_PAIRS], t_fl[MAX_PAIRS], ratio[MAX_PAIRS];
        uint64_t blocked = 0;
        if (pairs < 1 || pairs > MAX_PAIRS)
                return harness_die(RG_USAGE, "--floor takes 1..1000 pairs");
        int rc = build_model(set, &model, &traffic, &eb);
        if (rc == RG_OK)
                rc = harness_floor_create(model, &traffic, &floor, &eb);
        if (rc == RG_OK)
                rc = harness_bench_job_init(&job, model, &eb);
        for (int p = 0; p < pairs && rc == RG_OK; p++) {
                const uint32_t seed = (uint32_t)p + 1;
                struct sim_result res;
                struct harness_floor_result fl;
                /* rollgate first in even pairs, the floor loop first in odd
                 * ones: neither always inherits the other's warm caches */
                for (int turn = 0; turn < 2 && rc == RG_OK; turn++) {
                        bool rollgate_turn = (turn == 0) == (p % 2 == 0);
                        if (rollgate_turn) {
                                double sec[2];
                                rc = harness_bench_job_run(&job, model, &traffic, seed, &res, sec,
                                                           &eb);
                                t_rg[p] = sec[0] + sec[1];
                        } else {
                                double t0 = rg_thread_cpu_seconds();
                                rc = harness_floor_run(floor, traffic.erlang, traffic.requests,
                                                       seed, &fl, &eb);
                                t_fl[p] = rg_thread_cpu_seconds() - t0;
                        }
                }
                if (rc == RG_OK)
                        rc = same_work(&res, harness_bench_job_blocked_ids(&job), &fl,
                                       model->par.k_paths, seed, &eb);
                if (rc == RG_OK) {
                        ratio[p] = t_rg[p] / t_fl[p];
                        blocked += res.blocked;
                }
        }
        if (rc != RG_OK)
                goto out;
        const double req = (double)traffic.requests;
        printf("floor benchmark: %s, k=%d, %s, %d slots, %d core(s), guard %d, %g Erlang, %u "
               "requests, %d pairs (seeds 1..%d), thread CPU time, median\n",
               model->topo->name, model->par.k_paths, sim_fit_name(model->par.fit),
               model->par.slots, model->par.cores, model->par.guard, traffic.erlang,
               traffic.requests, pairs, pairs);
        double rg_med = harness_median(t_rg, pairs), fl_med = harness_median(t_fl, pairs);
        printf("  rollgate (stream + legacy path) %8.1f ns/request  %10.0f requests/s\n",
               1e9 * rg_med / req, req / rg_med);
        printf("  floor loop                      %8.1f ns/request  %10.0f requests/s\n",
               1e9 * fl_med / req, req / fl_med);
        printf("  rollgate / floor: %.3f (median of per-pair ratios)\n",
               harness_median(ratio, pairs));
        printf("  same work: in every pair the same requests blocked (mean BP %.4f), as many "
               "by distance, as many admitted on each route\n",
               (double)blocked / ((double)pairs * req));
out:
        harness_bench_job_finish(&job);
        harness_floor_destroy(floor);
        sim_model_destroy(model);
        if (rc != RG_OK)
                return harness_die(rc, eb.msg);
        return RG_EXIT_OK;
}
