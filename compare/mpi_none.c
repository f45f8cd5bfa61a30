/* Built without MPI (meson option mpi): nothing to run on; the harness
 * refuses to run under mpirun rather than run the comparison N times. */
#include "mpi_job.h"

bool compare_mpi_built(void)
{
        return false;
}

int compare_mpi_init(struct compare_mpi **out, struct rg_errbuf *eb)
{
        *out = NULL;
        return rg_fail(eb, RG_UNSUPPORTED,
                       "this rollgate was built without MPI (meson option mpi: install "
                       "libopenmpi-dev and build again); under mpirun every rank would run the "
                       "whole comparison");
}

int compare_mpi_rank(const struct compare_mpi *m)
{
        (void)m;
        return 0;
}

int compare_mpi_size(const struct compare_mpi *m)
{
        (void)m;
        return 1;
}

const struct compare_executor *compare_mpi_executor(struct compare_mpi *m, int threads,
                                                    double rank_timeout)
{
        (void)m;
        (void)threads;
        (void)rank_timeout;
        return NULL;
}

int compare_mpi_serve(struct compare_mpi *m, struct compare_result *r,
                      const struct compare_sim *sim, int threads, const char *why,
                      struct rg_errbuf *eb)
{
        (void)m;
        (void)r;
        (void)sim;
        (void)threads;
        (void)why;
        return rg_fail(eb, RG_UNSUPPORTED, "built without MPI");
}

void compare_mpi_finish(struct compare_mpi *m, int exit_code)
{
        (void)m;
        (void)exit_code;
}
