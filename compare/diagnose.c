/*
 * The root cause, as far as rollgate can tell by itself: the first request
 * the two builtin paths decided differently.  The runs of the comparison
 * keep only their counts and a hash of their decisions, so one pair is
 * replayed with the decisions recorded, as `rollgate trace` does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../reports/trace.h"
#include "compare.h"

/* The first replication of load li whose runs differ: the decision hashes,
 * the blocked counts, or a failed run.  -1 when none does. */
static int diverging_rep(const struct compare_result *r, int li)
{
        for (int rep = 0; rep < r->load[li].n; rep++) {
                const struct compare_pair *p = &r->pairs[li * r->n_reps + rep];
                if (p->harness_rc != RG_OK)
                        continue;
                const struct backend_result *a = &p->run[0], *b = &p->run[1];
                bool hashes =
                    backend_has(a, BACKEND_HAS_TRACE) && backend_has(b, BACKEND_HAS_TRACE);
                if (a->status != RG_OK || b->status != RG_OK || a->blocked != b->blocked ||
                    (hashes && a->trace_hash != b->trace_hash))
                        return rep;
        }
        return -1;
}

/* Both paths on the stream with their decisions recorded in dec[role]; the
 * first request they decided differently. */
static void diverging_request(struct compare_result *r, const struct compare_sim *sim, int li,
                              int rep, struct sim_runner runner[2], const struct sim_stream *stream,
                              struct sim_decision *const dec[2])
{
        const struct compare_config *cfg = r->cfg;
        const struct compare_pair *pr = &r->pairs[li * r->n_reps + rep];
        struct backend_result res[2];
        for (int role = 0; role < 2; role++) {
                struct backend_job job = {.erlang = r->loads[li],
                                          .seed = pr->seed[0],
                                          .requests = r->inputs.requests,
                                          .holding_time = r->inputs.holding_time,
                                          .role = role ? "orchestrator" : "legacy",
                                          .stream = stream,
                                          .runner = &runner[role]};
                memset(&res[role], 0, sizeof(res[role]));
                const struct backend *b = cfg->backend[role];
                if (b->ops->run(b->ctx, &job, &res[role]) != RG_OK)
                        return;
        }
        /* decisions exist up to the request before a failure */
        uint32_t n = stream->n;
        for (int role = 0; role < 2; role++)
                if (res[role].status != RG_OK &&
                    backend_has(&res[role], BACKEND_HAS_FAIL_REQUEST) &&
                    res[role].fail_request >= 1 && res[role].fail_request - 1 < n)
                        n = res[role].fail_request - 1;
        struct compare_diagnosis *d = &r->diagnosis;
        uint32_t first = 0;
        for (uint32_t i = 0; i < n && first == 0; i++)
                if (memcmp(&dec[0][i], &dec[1][i], sizeof(dec[0][i])) != 0)
                        first = i + 1;
        if (first) {
                for (int role = 0; role < 2; role++)
                        report_trace_decision_text(d->decision[role], sizeof(d->decision[role]),
                                                   sim->model, &dec[role][first - 1]);
        } else if (n < stream->n) {
                /* the same decisions until a path failed: the failure is the cause */
                first = n + 1;
                for (int role = 0; role < 2; role++) {
                        if (res[role].status != RG_OK)
                                snprintf(d->decision[role], sizeof(d->decision[role]),
                                         "failed: %.140s", res[role].error);
                        else
                                report_trace_decision_text(d->decision[role],
                                                           sizeof(d->decision[role]), sim->model,
                                                           &dec[role][first - 1]);
                }
        } else {
                return; /* the replay did not diverge: say nothing rather than guess */
        }
        d->present = true;
        d->erlang = r->loads[li];
        d->seed = pr->seed[0];
        d->request = first;
        d->compared = first - 1;
}

static void replay(struct compare_result *r, const struct compare_sim *sim, int li, int rep,
                   struct sim_runner runner[2], struct sim_stream *stream)
{
        const struct compare_pair *pr = &r->pairs[li * r->n_reps + rep];
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_traffic tr = *sim->traffic;
        tr.erlang = r->loads[li];
        if (sim_stream_generate(stream, &tr, pr->seed[0], &eb) != RG_OK)
                return;
        struct sim_decision *dec[2];
        for (int role = 0; role < 2; role++) {
                dec[role] = calloc(stream->n, sizeof(*dec[role]));
                runner[role].record = dec[role];
                runner[role].record_cap = dec[role] ? stream->n : 0;
        }
        if (dec[0] && dec[1])
                diverging_request(r, sim, li, rep, runner, stream, dec);
        free(dec[0]);
        free(dec[1]);
}

int compare_diagnose(struct compare_result *r, const struct compare_sim *sim)
{
        const struct compare_config *cfg = r->cfg;
        memset(&r->diagnosis, 0, sizeof(r->diagnosis));
        if ((r->verdict != STATS_PLANNED_ROLLBACK && r->verdict != STATS_EMERGENCY_ROLLBACK) ||
            r->interrupted || cfg->unpaired || sim == NULL || sim->model == NULL ||
            !cfg->backend[0]->uses_stream || !cfg->backend[1]->uses_stream ||
            cfg->backend[0]->external || cfg->backend[1]->external)
                return RG_OK;
        int li = 0;
        while (li < r->n_loads && r->load[li].verdict != r->verdict)
                li++;
        if (li == r->n_loads)
                return RG_OK;
        int rep = diverging_rep(r, li);
        if (rep < 0)
                return RG_OK;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct sim_runner runner[2];
        struct sim_stream stream;
        sim_stream_init(&stream);
        int ready = 0;
        int rc = RG_OK;
        for (; ready < 2; ready++)
                if ((rc = sim_runner_init(&runner[ready], sim->model, &eb)) != RG_OK)
                        break;
        if (rc == RG_OK)
                replay(r, sim, li, rep, runner, &stream);
        for (int i = 0; i < ready; i++)
                sim_runner_finish(&runner[i]);
        sim_stream_finish(&stream);
        return rc == RG_NOMEM ? RG_NOMEM : RG_OK;
}
