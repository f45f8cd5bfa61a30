/* The job matrix: loads x replications, one pair of runs per (load, seed). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compare.h"

/* Unpaired runs give the orchestrator seeds this far from the paired ones. */
#define UNPAIRED_OFFSET 1000000007u

void compare_result_destroy(struct compare_result *r)
{
        if (r == NULL)
                return;
        free(r->loads);
        free(r->seeds);
        free(r->pairs);
        free(r->load);
        free(r->looks);
        free(r->shards);
        free(r);
}

int compare_plan(const struct compare_inputs *inputs, const struct compare_config *cfg,
                 const double *loads, int n_loads, const uint32_t *seeds, int n_reps,
                 struct compare_result **out, struct rg_errbuf *eb)
{
        *out = NULL;
        if (n_loads < 1 || n_reps < 1)
                return rg_fail(eb, RG_RANGE, "nothing to compare: %d loads x %d replications",
                               n_loads, n_reps);
        const struct compare_sequential *seq = &cfg->seq;
        if (seq->on) {
                if (seq->batch < 1 || seq->max != n_reps || seq->batch > n_reps)
                        return rg_fail(eb, RG_USAGE,
                                       "sequential design: batch %d, most replications %d, matrix "
                                       "of %d replications",
                                       seq->batch, seq->max, n_reps);
                int looks = (n_reps + seq->batch - 1) / seq->batch;
                if (looks > COMPARE_MAX_LOOKS)
                        return rg_fail(eb, RG_USAGE,
                                       "--until-decided: %d replications in batches of %d make %d "
                                       "looks, more than %d: raise --batch or lower "
                                       "--max-replications",
                                       n_reps, seq->batch, looks, COMPARE_MAX_LOOKS);
        }
        struct compare_result *r = calloc(1, sizeof(*r));
        if (r == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        int rc = RG_OK;
        r->inputs = *inputs;
        r->cfg = cfg;
        r->n_loads = n_loads;
        r->n_reps = n_reps;
        r->ranks = 1;
        size_t n_pairs = (size_t)n_loads * (size_t)n_reps;
        r->loads = malloc((size_t)n_loads * sizeof(double));
        r->seeds = malloc((size_t)n_reps * sizeof(uint32_t));
        r->pairs = calloc(n_pairs, sizeof(*r->pairs));
        r->load = calloc((size_t)n_loads, sizeof(*r->load));
        if (seq->on)
                r->looks = calloc((size_t)n_loads, sizeof(*r->looks));
        if (r->loads == NULL || r->seeds == NULL || r->pairs == NULL || r->load == NULL ||
            (seq->on && r->looks == NULL)) {
                rc = rg_fail(eb, RG_NOMEM, "out of memory for %zu runs", 2 * n_pairs);
                goto out;
        }
        memcpy(r->loads, loads, (size_t)n_loads * sizeof(double));
        memcpy(r->seeds, seeds, (size_t)n_reps * sizeof(uint32_t));
        if (cfg->unpaired) {
                for (int i = 0; i < n_reps; i++)
                        for (int j = 0; j < n_reps; j++)
                                if (seeds[i] + UNPAIRED_OFFSET == seeds[j]) {
                                        rc = rg_fail(eb, RG_USAGE,
                                                     "--unpaired: orchestrator seed %u of "
                                                     "replication %d is also a legacy seed",
                                                     seeds[j], i);
                                        goto out;
                                }
        }
        for (int li = 0; li < n_loads; li++) {
                r->load[li].erlang = loads[li];
                r->load[li].n = seq->on ? 0 : n_reps;
                for (int rep = 0; rep < n_reps; rep++) {
                        struct compare_pair *pr = &r->pairs[li * n_reps + rep];
                        pr->load = li;
                        pr->rep = rep;
                        pr->seed[0] = seeds[rep];
                        pr->seed[1] = cfg->unpaired ? seeds[rep] + UNPAIRED_OFFSET : seeds[rep];
                }
        }
        *out = r;
        r = NULL;
out:
        compare_result_destroy(r);
        return rc;
}

int compare_run(const struct compare_inputs *inputs, const struct compare_config *cfg,
                const struct compare_sim *sim, const double *loads, int n_loads,
                const uint32_t *seeds, int n_reps, struct compare_result **out,
                struct rg_errbuf *eb)
{
        struct compare_result *r;
        int rc = compare_plan(inputs, cfg, loads, n_loads, seeds, n_reps, &r, eb);
        if (rc == RG_OK && cfg->seq.on) {
                rc = compare_sequence(r, sim, eb);
        } else if (rc == RG_OK) {
                rc = compare_execute(r, sim, eb);
                if (rc == RG_OK)
                        rc = compare_analyse(r, eb);
        }
        if (rc == RG_OK && compare_diagnose(r, sim) != RG_OK)
                rc = rg_fail(eb, RG_NOMEM, "out of memory for the diagnosis");
        if (rc != RG_OK) {
                compare_result_destroy(r);
                r = NULL;
        }
        *out = r;
        return rc;
}

void compare_add_host(struct compare_result *r, const char *host)
{
        int named = r->n_hosts < COMPARE_MAX_HOSTS ? r->n_hosts : COMPARE_MAX_HOSTS;
        for (int i = 0; i < named; i++)
                if (strcmp(r->hosts[i], host) == 0)
                        return;
        if (r->n_hosts < COMPARE_MAX_HOSTS)
                snprintf(r->hosts[r->n_hosts], sizeof(r->hosts[0]), "%s", host);
        r->n_hosts++;
}

void compare_host_name(char *host, size_t cap)
{
        if (cap == 0)
                return;
        if (gethostname(host, cap - 1) != 0)
                host[0] = '\0';
        host[cap - 1] = '\0';
}

int compare_reps_used(const struct compare_result *r)
{
        int most = 0;
        for (int li = 0; li < r->n_loads; li++)
                most = r->load[li].n > most ? r->load[li].n : most;
        return most;
}
