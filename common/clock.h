/* The clocks rollgate measures with.  Safe from any thread. */
#ifndef RG_CLOCK_H
#define RG_CLOCK_H

/* Monotonic wall-clock seconds (CLOCK_MONOTONIC). */
double rg_wall_seconds(void);

/* The calling thread's CPU seconds (CLOCK_THREAD_CPUTIME_ID). */
double rg_thread_cpu_seconds(void);

#endif
