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

const char *backend_builtin_names(void)
{
        return "builtin:legacy, builtin:orchestrator";
}

struct builtin {
        const struct backend_builtin_path *path;
        const struct sim_model *model;
        const struct sim_inject *inject;
};

static int builtin_run(void *ctx, const struct backend_job *job, struct backend_result *out)
{
        const struct builtin *b = ctx;
        union backend_builtin_state state;
        const struct sim_path_ops *ops;
        struct rg_errbuf eb;
        struct sim_result res;
        rg_errbuf_init(&eb);
        void *pctx = backend_builtin_prepare(b->path, &state, b->model, b->inject, job->seed, &ops);
        double t0 = rg_thread_cpu_seconds();
        sim_run(job->runner, b->model, job->stream, ops, pctx, &res, &eb);
        out->run_seconds = rg_thread_cpu_seconds() - t0;
        out->clock = BACKEND_CLOCK_THREAD_CPU;
        backend_result_from_sim(out, b->model, &res, eb.msg);
        return RG_OK;
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
