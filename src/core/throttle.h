/*
 * throttle.h: the login delay schedule. Pure: no I/O.
 *
 * Failed logins are not punished with a lockout (an attacker could then
 * lock HMCI out by guessing on purpose) but with a delay that grows with
 * the failures: the first `free` are heard at once, then each further
 * failure doubles the wait before the next attempt is heard, up to a cap.
 * The store counts the failures within the policy's window and asks here
 * how long the caller must still wait (store/accounts.c).
 */
#ifndef OV_CORE_THROTTLE_H
#define OV_CORE_THROTTLE_H

typedef struct throttle_policy {
    long long window;   /* seconds: older failures are forgotten */
    long long free;     /* failures heard without any delay */
    long long base;     /* seconds of delay after failure free + 1; doubled after each further one */
    long long cap;      /* seconds: no delay is longer */
} throttle_policy_t;

/* One username from one client address: the guessing of one account.
 * Window 24 h, 3 free failures, then 1, 2, 4 ... seconds, capped at 15 min. */
extern const throttle_policy_t throttle_pair;
/* Every username from one client address: spraying across accounts.
 * Window 1 h, 100 free failures, then 1, 2, 4 ... seconds, capped at 1 min
 * (a delay, never a lockout: people behind one NAT share the address). */
extern const throttle_policy_t throttle_address;

/* Seconds that must pass after the latest of `failures` failures before
 * another attempt is heard: 0 while failures <= p->free, else
 * min(p->cap, p->base * 2^(failures - p->free - 1)). Never overflows. */
long long throttle_delay(const throttle_policy_t *p, long long failures);

/* Seconds the caller must still wait at `now` when `failures` failures were
 * counted in the window, the latest at `last`: 0 means the attempt is
 * heard. A `last` in the future (clock stepped back) waits no longer than
 * the delay itself. */
long long throttle_wait(const throttle_policy_t *p, long long failures, long long last, long long now);

#endif
