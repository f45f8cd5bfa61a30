/*
 * The comparison: a matrix of loads x replications, each (load, seed) pair
 * running both paths on the same request stream (common random numbers),
 * jobs spread over OpenMP threads with results stored by index, then
 * statistics and the verdict per load and overall.
 *
 * Ownership: compare_run allocates the result (compare_result_destroy frees,
 * NULL ok).  The model and settings are read-only during the run.
 */
#ifndef HARNESS_COMPARE_H
#define HARNESS_COMPARE_H

#include <stdbool.h>
#include <stdint.h>

#include "../stats/paired.h"
#include "../stats/ratio.h"
#include "../stats/categorical.h"
#include "../stats/verdict.h"
#include "paths.h"
#include "settings.h"

struct compare_config {
        struct stats_policy policy;
        const struct harness_path *path[2]; /* [0] in the legacy role, [1] orchestrator */
        struct sim_inject inject;
        char rollback_env[64];
        char rollback_config_key[64];
        int threads;   /* 0: OpenMP's default */
        bool unpaired; /* orchestrator gets other seeds (a diagnostic) */
        bool progress; /* progress bar on stderr */
};

/* Parses the [comparison] text in `s` into `cfg`; RG_USAGE naming the key. */
int compare_config_from_settings(const struct harness_settings *s, struct compare_config *cfg,
                                 struct rg_errbuf *eb);

struct compare_run {
        struct sim_result res;
        char error[512];
        double seconds; /* CPU time of this path's event loop */
};

struct compare_pair {
        int load, rep;
        uint32_t seed[2];      /* per role; equal unless unpaired */
        double gen_seconds[2]; /* stream generation (shared when paired) */
        int harness_rc;        /* stream generation failed: RG_* */
        char harness_error[256];
        struct compare_run run[2];
};

enum { COMPARE_BP, COMPARE_BBP, COMPARE_METRICS };

struct compare_metric {
        bool have_paired;
        struct stats_paired paired; /* in percentage points */
        struct stats_ratio ratio;   /* orchestrator / legacy */
        double exact_lo, exact_hi;  /* low signal: bounds on the difference, pp */
        struct stats_metric_input in;
        struct stats_metric_decision dec;
};

#define COMPARE_FLAGS_MAX 8

struct compare_secondary {
        struct stats_chisq reasons; /* distance / congestion counts */
        struct stats_chisq modulations;
        double length_rel;      /* (O - L) / L mean path length */
        double hops_diff;       /* O - L mean hops */
        struct stats_sign bias; /* on BP over pairs */
        int n_flags;
        char flags[COMPARE_FLAGS_MAX][160]; /* INVESTIGATE / WARN lines */
};

struct compare_load {
        double erlang;
        bool identical;
        bool low_signal;
        bool failed[2];
        uint64_t blocked[2], requests[2];
        struct compare_metric metric[COMPARE_METRICS];
        struct compare_secondary secondary;
        struct stats_perf perf;
        bool perf_ok;         /* perf computed */
        double resolution_pp; /* decision half-width at the observed spread */
        enum stats_verdict verdict;
        char reason[640];
};

struct compare_result {
        const struct sim_model *model;
        const struct harness_settings *settings;
        const struct compare_config *cfg;
        int n_loads, n_reps;
        double *loads;
        uint32_t *seeds;
        struct compare_pair *pairs; /* [load * n_reps + rep] */
        struct compare_load *load;
        int holm_tests;         /* hypotheses in the Holm correction */
        struct stats_perf perf; /* pooled over every run */
        bool perf_ok;
        enum stats_verdict verdict;
        char reason[640];
        char action[640];
        int level; /* rollback level 1, 2, or 0 for none */
        double wall_seconds;
        int threads_used;
        bool interrupted;
};

int compare_run(const struct sim_model *model, const struct sim_traffic *traffic,
                const struct harness_settings *s, const struct compare_config *cfg,
                struct compare_result **out, struct rg_errbuf *eb);
void compare_result_destroy(struct compare_result *r);

#endif
