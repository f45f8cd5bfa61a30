#include "clock.h"

#include <time.h>

static double seconds(clockid_t id)
{
        struct timespec ts;
        clock_gettime(id, &ts);
        return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double rg_wall_seconds(void)
{
        return seconds(CLOCK_MONOTONIC);
}

double rg_thread_cpu_seconds(void)
{
        return seconds(CLOCK_THREAD_CPUTIME_ID);
}
