#include "builtin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/clock.h"

static const struct backend_builtin_path paths[] = {
    {.name = "builtin:legacy", .ops = &sim_legacy_ops, .takes_injection = false},
    {.name = "builtin:orchestrator", .ops = &sim_orchestrator_ops, .takes_injection = true},
};

const struct backend_builtin_path *backend_builtin_find(const char *name)
{
        for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
                const char *full = paths[i].name;
                const char *bare = strchr(full, ':') + 1;
                if (strcmp(name, full) == 0 || strcmp(name, bare) == 0)
                        return &paths[i];
        }
        return NULL;
}

void *backend_builtin_prepare(const struct backend_builtin_path *path,
                              union backend_builtin_state *state, const struct sim_model *m,
                              const struct sim_inject *inj, uint32_t seed,
                              const struct sim_path_ops **ops)
{
        *ops = path->ops;
        if (path->ops == &sim_orchestrator_ops) {
                sim_orchestrator_init(&state->orchestrator, m, inj, seed);
                *ops = sim_orchestrator_path_ops(&state->orchestrator);
                return &state->orchestrator;
        }
        return &state->legacy;
}

void backend_builtin_prepare_lane(const struct backend_builtin_path *path,
                                  union backend_builtin_state *state, const struct sim_model *m,
                                  const struct sim_inject *inj, uint32_t seed,
                                  struct sim_lane *lane)
{
        lane->ctx = backend_builtin_prepare(path, state, m, inj, seed, &lane->ops);
        lane->slow = inj && path->takes_injection ? inj->slow : 0;
}

const char *backend_builtin_names(void)
{
        return "builtin:legacy, builtin:orchestrator";
}

struct builtin {
        const struct backend_builtin_path *path;
        const struct sim_model *model;
        const struct sim_inject *inject;
};

static int run_lanes(const struct builtin *const *bi, const struct backend_job *const *jobs,
                     struct backend_result *const *out, int n, int first)
{
        union backend_builtin_state state[2];
        struct sim_result res[2];
        struct rg_errbuf eb[2], stream_eb;
        struct sim_lane lanes[2];
        const struct sim_model *m = bi[0]->model;
        rg_errbuf_init(&stream_eb);
        for (int i = 0; i < n; i++) {
                const struct builtin *b = bi[i];
                rg_errbuf_init(&eb[i]);
                lanes[i] =
                    (struct sim_lane){.runner = jobs[i]->runner, .res = &res[i], .eb = &eb[i]};
                backend_builtin_prepare_lane(b->path, &state[i], m, b->inject, jobs[i]->seed,
                                             &lanes[i]);
        }
        int rc = RG_OK;
        const struct backend_job *job = jobs[0];
        if (job->stream) {
                for (int k = 0; k < n; k++) {
                        struct sim_lane *L = &lanes[(first + k) % n];
                        double t0 = rg_thread_cpu_seconds();
                        sim_run(L->runner, m, job->stream, L->ops, L->ctx, L->res, L->eb);
                        L->seconds = sim_stretch(t0, L->slow) - t0;
                }
        } else {
                struct sim_traffic tr = *job->traffic;
                tr.erlang = job->erlang;
                tr.requests = job->requests;
                tr.holding_time = job->holding_time;
                job->source->cancel = job->cancel;
                rc = sim_source_start(job->source, &tr, job->seed, &stream_eb);
                if (rc == RG_OK)
                        rc = sim_run_lanes(job->source, m, lanes, n, first, job->gen_seconds,
                                           &stream_eb);
        }
        for (int i = 0; i < n; i++) {
                if (rc != RG_OK) {
                        snprintf(out[i]->error, sizeof(out[i]->error),
                                 "request stream for seed %u: %.300s", job->seed, stream_eb.msg);
                        continue;
                }
                out[i]->run_seconds = lanes[i].seconds;
                out[i]->clock = BACKEND_CLOCK_THREAD_CPU;
                backend_result_from_sim(out[i], m, &res[i], eb[i].msg);
        }
        return rc;
}

int backend_builtin_run_lanes(const struct backend *const *be,
                              const struct backend_job *const *jobs,
                              struct backend_result *const *out, int n, int first)
{
        const struct builtin *bi[2] = {be[0]->ctx, n > 1 ? be[1]->ctx : NULL};
        return run_lanes(bi, jobs, out, n, first);
}

static int builtin_run(void *ctx, const struct backend_job *job, struct backend_result *out)
{
        const struct builtin *b = ctx;
        return run_lanes(&b, &job, &out, 1, 0);
}

static void builtin_destroy(void *ctx)
{
        free(ctx);
}

static const struct backend_ops builtin_ops = {
    .kind = "builtin",
    .run = builtin_run,
    .reload = NULL,
    .destroy = builtin_destroy,
};

int backend_builtin_create(const struct backend_builtin_path *path, const struct sim_model *model,
                           const struct sim_inject *inject, struct backend **out,
                           struct rg_errbuf *eb)
{
        *out = NULL;
        struct backend *be = calloc(1, sizeof(*be));
        struct builtin *b = calloc(1, sizeof(*b));
        if (be == NULL || b == NULL) {
                free(be);
                free(b);
                return rg_fail(eb, RG_NOMEM, "out of memory");
        }
        b->path = path;
        b->model = model;
        b->inject = inject;
        be->ops = &builtin_ops;
        be->ctx = b;
        snprintf(be->name, sizeof(be->name), "%s", path->name);
        snprintf(be->identity, sizeof(be->identity), "%s", path->name);
        be->uses_stream = true;
        be->takes_injection = path->takes_injection;
        be->needs_model = true;
        *out = be;
        return RG_OK;
}
