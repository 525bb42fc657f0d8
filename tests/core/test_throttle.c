/* test_throttle.c: the login delay schedule (core/throttle.h): free
 * failures, doubling delays, the cap, and the wait left at a given time. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <limits.h>
#include "core/throttle.h"

static void free_failures_have_no_delay(void **state)
{
    (void)state;
    for (long long n = 0; n <= throttle_pair.free; n++) assert_int_equal(throttle_delay(&throttle_pair, n), 0);
    for (long long n = 0; n <= throttle_address.free; n++) assert_int_equal(throttle_delay(&throttle_address, n), 0);
    assert_int_equal(throttle_delay(&throttle_pair, -5), 0);
}

static void delays_double_then_cap(void **state)
{
    (void)state;
    /* one username from one address: 3 free, then 1, 2, 4 ... 512, 900 */
    assert_int_equal(throttle_pair.free, 3);
    long long want[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900};
    for (int i = 0; i < (int)(sizeof want / sizeof want[0]); i++)
        assert_int_equal(throttle_delay(&throttle_pair, 4 + i), want[i]);
    /* every username from one address: 100 free, capped at a minute */
    assert_int_equal(throttle_delay(&throttle_address, 101), 1);
    assert_int_equal(throttle_delay(&throttle_address, 106), 32);
    assert_int_equal(throttle_delay(&throttle_address, 107), 60);
    /* huge counts stay at the cap (no overflow of the doubling) */
    assert_int_equal(throttle_delay(&throttle_pair, LLONG_MAX), 900);
    assert_int_equal(throttle_delay(&throttle_address, 100000), 60);
    /* a base above the cap is the cap */
    throttle_policy_t odd = {60, 0, 50, 30};
    assert_int_equal(throttle_delay(&odd, 1), 30);
}

static void wait_counts_down_from_the_latest_failure(void **state)
{
    (void)state;
    long long t = 1767225600LL;
    assert_int_equal(throttle_wait(&throttle_pair, 3, t, t), 0);
    assert_int_equal(throttle_wait(&throttle_pair, 4, t, t), 1);
    assert_int_equal(throttle_wait(&throttle_pair, 4, t, t + 1), 0);
    assert_int_equal(throttle_wait(&throttle_pair, 8, t, t), 16);
    assert_int_equal(throttle_wait(&throttle_pair, 8, t, t + 10), 6);
    assert_int_equal(throttle_wait(&throttle_pair, 8, t, t + 16), 0);
    assert_int_equal(throttle_wait(&throttle_pair, 50, t, t + 899), 1);
    /* a latest failure in the future waits the delay, no longer */
    assert_int_equal(throttle_wait(&throttle_pair, 8, t + 5000, t), 16);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(free_failures_have_no_delay),
        cmocka_unit_test(delays_double_then_cap),
        cmocka_unit_test(wait_counts_down_from_the_latest_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
