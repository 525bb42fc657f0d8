/*
 * synth.c: splitmix64 and even shares (see synth.h).
 */
#include "core/synth.h"

static uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void synth_seed(synth_rng_t *r, uint64_t seed, uint64_t stream)
{
    r->state = mix(seed + 0x9e3779b97f4a7c15ULL) ^ mix(stream * 0xd1b54a32d192ed03ULL + 1);
}

uint64_t synth_next(synth_rng_t *r)
{
    r->state += 0x9e3779b97f4a7c15ULL;
    return mix(r->state);
}

uint64_t synth_below(synth_rng_t *r, uint64_t n)
{
    if (n == 0) return 0;
    return synth_next(r) % n;   /* the modulo bias is irrelevant for test data */
}

long synth_range(synth_rng_t *r, long lo, long hi)
{
    if (hi <= lo) return lo;
    return lo + (long)synth_below(r, (uint64_t)(hi - lo) + 1);
}

int synth_chance(synth_rng_t *r, unsigned percent)
{
    return synth_below(r, 100) < percent;
}

const char *synth_pick(synth_rng_t *r, const char *const *list)
{
    uint64_t n = 0;
    while (list[n]) n++;
    return list[synth_below(r, n)];
}

long long synth_share(long long total, long long n, long long i)
{
    if (n <= 0 || total <= 0 || i < 0 || i >= n) return 0;
    return total / n + (i < total % n ? 1 : 0);
}
