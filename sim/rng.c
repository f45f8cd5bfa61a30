#include "rng.h"

#define MT_M 397
#define UPPER 0x80000000u
#define LOWER 0x7fffffffu
#define MATRIX_A 0x9908b0dfu

void sim_rng_init(struct sim_rng *rng, uint32_t seed)
{
        rng->mt[0] = seed;
        for (uint32_t i = 1; i < SIM_RNG_N; i++) {
                uint32_t prev = rng->mt[i - 1];
                rng->mt[i] = 1812433253u * (prev ^ (prev >> 30)) + i;
        }
        rng->next = SIM_RNG_N;
}

/* The whole block at once, as the reference implementation does: the loop
 * bodies are branch-free and the compiler keeps them in registers. */
void sim_rng_refill(struct sim_rng *rng)
{
        uint32_t *mt = rng->mt;
        int i = 0;
        for (; i < SIM_RNG_N - MT_M; i++) {
                uint32_t y = (mt[i] & UPPER) | (mt[i + 1] & LOWER);
                mt[i] = mt[i + MT_M] ^ (y >> 1) ^ ((y & 1u) ? MATRIX_A : 0u);
        }
        for (; i < SIM_RNG_N - 1; i++) {
                uint32_t y = (mt[i] & UPPER) | (mt[i + 1] & LOWER);
                mt[i] = mt[i + (MT_M - SIM_RNG_N)] ^ (y >> 1) ^ ((y & 1u) ? MATRIX_A : 0u);
        }
        uint32_t y = (mt[SIM_RNG_N - 1] & UPPER) | (mt[0] & LOWER);
        mt[SIM_RNG_N - 1] = mt[MT_M - 1] ^ (y >> 1) ^ ((y & 1u) ? MATRIX_A : 0u);
        /* tempering, a loop the compiler vectorises */
        for (i = 0; i < SIM_RNG_N; i++) {
                uint32_t t = mt[i];
                t ^= t >> 11;
                t ^= (t << 7) & 0x9d2c5680u;
                t ^= (t << 15) & 0xefc60000u;
                t ^= t >> 18;
                rng->out[i] = t;
        }
        rng->next = 0;
}
