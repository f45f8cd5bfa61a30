#include "paths.h"

#include <string.h>

static const struct harness_path paths[] = {
    {.name = "builtin:legacy", .ops = &sim_legacy_ops, .takes_injection = false},
    {.name = "builtin:orchestrator", .ops = &sim_orchestrator_ops, .takes_injection = true},
};

const struct harness_path *harness_path_find(const char *name)
{
        for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
                const char *full = paths[i].name;
                const char *bare = strchr(full, ':') + 1;
                if (strcmp(name, full) == 0 || strcmp(name, bare) == 0)
                        return &paths[i];
        }
        return NULL;
}

void *harness_path_prepare(const struct harness_path *path, union harness_path_state *state,
                           const struct sim_model *m, const struct sim_inject *inj, uint32_t seed,
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

const char *harness_path_names(void)
{
        return "builtin:legacy, builtin:orchestrator";
}
