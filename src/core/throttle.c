/*
 * throttle.c: the login delay schedule (see throttle.h).
 */
#include "core/throttle.h"

const throttle_policy_t throttle_pair = {86400, 3, 1, 900};
const throttle_policy_t throttle_address = {3600, 100, 1, 60};

long long throttle_delay(const throttle_policy_t *p, long long failures)
{
    if (failures <= p->free || p->base <= 0 || p->cap <= 0) return 0;
    long long d = p->base < p->cap ? p->base : p->cap;
    /* doubling stops at the cap, so the shift count never matters */
    for (long long k = failures - p->free - 1; k > 0 && d < p->cap; k--)
        d = d > p->cap / 2 ? p->cap : d * 2;
    return d;
}

long long throttle_wait(const throttle_policy_t *p, long long failures, long long last, long long now)
{
    long long d = throttle_delay(p, failures);
    if (d == 0) return 0;
    long long elapsed = now - last;
    if (elapsed < 0) elapsed = 0;
    return elapsed >= d ? 0 : d - elapsed;
}
