/*
 * Executing single pairs of the matrix, for whoever schedules them: this
 * process's OpenMP threads (compare_execute), an MPI rank's workers
 * (compare/mpi_job.c) or a shard (compare_execute_pairs).  Not part of
 * compare/'s interface to the harness.
 *
 * A compare_exec is one execution: the run directory's base (the given one
 * made absolute, or a temporary folder removed at the end).  Each thread
 * has its own compare_worker (the simulator's scratch and request source).  compare_exec_pair may
 * be called from any number of threads at once, each with its own worker and its own pairs: it
 * writes only r->pairs[j] (marking which runs ran now).
 */
#ifndef COMPARE_EXEC_H
#define COMPARE_EXEC_H

#include <signal.h>

#include "compare.h"

struct compare_exec {
        struct compare_result *r;
        const struct compare_sim *sim;
        const char *base; /* run directory, absolute; NULL when no path is external */
        bool need_stream; /* a builtin path reads the request stream */
        bool joint;       /* both paths builtin on one stream: run side by side */
        char tmp[4096];   /* the temporary run folder, "" when none */
        char abs[4096];
};

struct compare_worker {
        struct sim_runner runner[2]; /* one per role */
        int have_runners;
        struct sim_source source;
};

/* Prepares an execution of r's pairs: the run directory when a path is
 * external.  RG_IO naming the folder. */
int compare_exec_begin(struct compare_exec *x, struct compare_result *r,
                       const struct compare_sim *sim, struct rg_errbuf *eb);

/* Removes the temporary run folder.  NULL ok. */
void compare_exec_end(struct compare_exec *x);

/* A thread's scratch: RG_NOMEM when the simulator's cannot be had (the
 * worker then fails the pairs it is given).  finish: half-built ok. */
int compare_worker_init(const struct compare_exec *x, struct compare_worker *w,
                        struct rg_errbuf *eb);
void compare_worker_finish(struct compare_worker *w);

/* Runs pair j (both roles; generation of the shared stream first) into
 * r->pairs[j], marked ran; a pair reached after Ctrl-C, or given to a worker
 * without scratch, is a harness failure of that pair. */
void compare_exec_pair(struct compare_exec *x, struct compare_worker *w, bool ready, int j);

/* r's counts of external runs run now and read back, from its pairs
 * (each run marks itself: executed[], run.reused), whoever ran them. */
void compare_count_runs(struct compare_result *r);

/* The flag Ctrl-C sets (compare_signals_catch), which runs look at. */
const volatile sig_atomic_t *compare_cancel_flag(void);

/* The pairs of the first load[li].n replications of each load that have
 * not run yet, in matrix order, into todo (n_loads * n_reps); how many. */
int compare_todo(const struct compare_result *r, int *todo);

/* Orders todo by expected cost, highest first (erlang x requests; ties in
 * matrix order): the order work queues hand pairs out in and shards are
 * dealt by.  false (todo unchanged) when out of memory. */
bool compare_by_cost(const struct compare_result *r, int *todo, int n);

#endif
