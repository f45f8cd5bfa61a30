/*
 * MPI: one comparison over the ranks of `mpirun -np N rollgate compare ...`.
 * Every rank builds the same comparison from the same arguments.  Rank 0
 * plans the matrix, hands the pairs out dynamically (a work queue, the
 * costliest first: external runs vary widely in length) to every rank,
 * itself included, gathers the results, analyses and writes the reports;
 * the other ranks run what they are given until rank 0 says stop.  Each
 * rank runs its pairs in `threads` threads of its own, and a result travels
 * as the text a shard file holds (compare/shard.h), so the report is
 * byte-identical to one machine's outside its timing.
 *
 * A run that fails on a rank fails as it would on one machine.  A rank that
 * cannot build the comparison says so and is left out; one still building it
 * gets pairs once it says it is ready.  A rank that sends
 * nothing (not even the heartbeat its communication thread sends every half
 * second) for `rank_timeout` seconds is lost: its pairs and every pair not
 * yet run become harness failures naming it, the reports are written
 * (HARNESS_ERROR) and compare_mpi_finish ends the job (MPI_Abort).  When
 * mpirun itself ends the job (it does when a process dies), every rank gets
 * SIGTERM: rank 0 writes its reports marked interrupted in the second
 * mpirun leaves it.
 *
 * Only when built with Open MPI (meson option mpi); compare_mpi_built says.
 * Every function is for the main thread.
 */
#ifndef COMPARE_MPI_JOB_H
#define COMPARE_MPI_JOB_H

#include <stdbool.h>

#include "compare.h"

struct compare_mpi;

/* Whether this rollgate was built with MPI. */
bool compare_mpi_built(void);

/* Whether the process was started by mpirun (its environment says so) and
 * how many processes the job has (1 when not). */
bool compare_mpi_launched(int *size);

/* MPI_Init_thread (MPI_THREAD_FUNNELED) and the job's state.  RG_UNSUPPORTED
 * when not built with MPI. */
int compare_mpi_init(struct compare_mpi **out, struct rg_errbuf *eb);

int compare_mpi_rank(const struct compare_mpi *m);
int compare_mpi_size(const struct compare_mpi *m);

/* Rank 0: the executor handing the pairs to the ranks; `threads` run on
 * rank 0 itself; a rank silent for `rank_timeout` seconds is lost. */
const struct compare_executor *compare_mpi_executor(struct compare_mpi *m, int threads,
                                                    double rank_timeout);

/* The default of rank_timeout, seconds. */
#define COMPARE_MPI_TIMEOUT 10.0

/*
 * The other ranks: tells rank 0 whether this rank could build the
 * comparison (r NULL: it could not, `why` says why) and runs the pairs of r
 * it is given in `threads` threads until rank 0 says stop.
 */
int compare_mpi_serve(struct compare_mpi *m, struct compare_result *r,
                      const struct compare_sim *sim, int threads, const char *why,
                      struct rg_errbuf *eb);

/* Rank 0, after its reports: stops the other ranks and MPI, or, when a rank
 * was lost, ends the job with `exit_code` (MPI_Abort does not return).  The
 * other ranks: MPI_Finalize.  Frees m (NULL ok). */
void compare_mpi_finish(struct compare_mpi *m, int exit_code);

#endif
