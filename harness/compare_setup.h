/*
 * From settings to a comparison ready to run: the [comparison] policy, the
 * two path backends, the inputs the report states, the simulator model
 * (only when a builtin path needs it), the job matrix and, for external
 * paths, the effective INI of each load.
 *
 * Ownership: a harness_compare is caller memory (init/finish); it owns the
 * backends, the model and the texts.  Not shared between threads.
 */
#ifndef HARNESS_COMPARE_SETUP_H
#define HARNESS_COMPARE_SETUP_H

#include "../compare/compare.h"
#include "settings.h"

struct harness_compare {
        struct compare_config cfg;
        struct compare_inputs inputs;
        struct compare_sim sim;
        struct sim_model *model;
        struct sim_traffic traffic;
        double loads[HARNESS_MAX_LOADS];
        int n_loads;
        uint32_t seeds[HARNESS_MAX_SEEDS];
        int n_reps;
        char *run_config[HARNESS_MAX_LOADS];
};

/* Everything checked before any run: a bad setting, an unknown path, a
 * missing import is an error here (RG_USAGE / input codes). */
int harness_compare_init(struct harness_compare *hc, const struct harness_settings *s,
                         struct rg_errbuf *eb);
void harness_compare_finish(struct harness_compare *hc); /* half-built ok */

/* Runs the comparison harness_compare_init prepared (compare_run over its
 * inputs, config, model and matrix); *out as compare_run's. */
int harness_compare_run(struct harness_compare *hc, struct compare_result **out,
                        struct rg_errbuf *eb);

/* Known path kinds, for messages. */
const char *harness_path_kinds(void);

#endif
