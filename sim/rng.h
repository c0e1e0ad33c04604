/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rng.h - the model's seeded generator (splitmix64): the devices' traffic
 * draws from it, and tests use it for seeds of their own.
 * The seed comes from VTD_TEST_SEED when set, so a failing run can be
 * replayed exactly; every test that uses it prints the seed it ran with.
 */
#ifndef SIM_RNG_H
#define SIM_RNG_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct sim_rng {
	uint64_t state;
};

static inline uint64_t sim_rng_seed_from_env(uint64_t fallback)
{
	const char *s = getenv("VTD_TEST_SEED");

	return s ? strtoull(s, NULL, 0) : fallback;
}

static inline void sim_rng_init(struct sim_rng *r, uint64_t seed)
{
	r->state = seed;
	printf("# seed 0x%" PRIx64 " (replay with VTD_TEST_SEED=0x%" PRIx64
	       ")\n",
	       seed, seed);
}

static inline uint64_t sim_rng_next(struct sim_rng *r)
{
	uint64_t z = (r->state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static inline uint64_t sim_rng_below(struct sim_rng *r, uint64_t n)
{
	return n ? sim_rng_next(r) % n : 0;
}

#endif /* SIM_RNG_H */
