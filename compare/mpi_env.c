/* Whether mpirun started this process: what the launchers put in the
 * environment (Open MPI's, and the PMI / PMIx ones Slurm's srun sets). */
#include <stdlib.h>

#include "mpi_job.h"

bool compare_mpi_launched(int *size)
{
        static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"};
        for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
                const char *v = getenv(vars[i]);
                if (v && *v) {
                        *size = atoi(v);
                        return true;
                }
        }
        *size = 1;
        return false;
}
