/*
 * MT19937 exactly as numpy's legacy RandomState uses it, so that our request
 * streams equal FUSION's: seeding with init_genrand(seed) and uniforms from
 * genrand_res53 (53-bit resolution, range [0, 1)).
 *
 * A `struct sim_rng` is plain caller-owned state (x_init style); one per job,
 * never shared between threads.
 */
#ifndef SIM_RNG_H
#define SIM_RNG_H

#include <stdint.h>

#define SIM_RNG_N 624

struct sim_rng {
        uint32_t mt[SIM_RNG_N];
        uint32_t out[SIM_RNG_N]; /* the block's words tempered, all at once */
        int next; /* index of the next word of out; SIM_RNG_N forces a refill */
};

/* init_genrand(seed): the seeding numpy applies for `np.random.seed(int)`. */
void sim_rng_init(struct sim_rng *rng, uint32_t seed);

/* Refills the state block and tempers it into out[]; internal to the
 * inline draw below. */
void sim_rng_refill(struct sim_rng *rng);

static inline uint32_t sim_rng_u32(struct sim_rng *rng)
{
        if (rng->next >= SIM_RNG_N)
                sim_rng_refill(rng);
        return rng->out[rng->next++];
}

/* genrand_res53: ((a >> 5) * 2^26 + (b >> 6)) / 2^53, in [0, 1). */
static inline double sim_rng_uniform(struct sim_rng *rng)
{
        uint32_t a = sim_rng_u32(rng) >> 5;
        uint32_t b = sim_rng_u32(rng) >> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

#endif
