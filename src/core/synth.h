/*
 * synth.h: the pure part of `oversight synth`: a small seeded generator
 * (splitmix64) and the rules that share totals among bodies. Same seed, same
 * numbers, on every machine; never rand().
 */
#ifndef OV_CORE_SYNTH_H
#define OV_CORE_SYNTH_H
#include <stdint.h>

typedef struct {
    uint64_t state;
} synth_rng_t;

/* A generator for one stream of seed (e.g. one body), independent of how
 * many numbers other streams drew. */
void synth_seed(synth_rng_t *r, uint64_t seed, uint64_t stream);
uint64_t synth_next(synth_rng_t *r);
/* Uniform in [0, n) (0 when n is 0). */
uint64_t synth_below(synth_rng_t *r, uint64_t n);
/* Uniform in [lo, hi] (lo when hi < lo). */
long synth_range(synth_rng_t *r, long lo, long hi);
/* 1 with probability percent/100. */
int synth_chance(synth_rng_t *r, unsigned percent);
/* One entry of a NULL-terminated list of at least one. */
const char *synth_pick(synth_rng_t *r, const char *const *list);

/* The share of `total` items that falls to item i of n when split evenly
 * (the first total % n items get one more); 0 when n <= 0. */
long long synth_share(long long total, long long n, long long i);

#endif
