/* test_proxy.c: trusted proxies and X-Forwarded-For (http/proxy.h): the
 * client is the peer unless the peer is trusted, then the right-most
 * untrusted entry; addresses compared as addresses, not as text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "http/proxy.h"

static const char *client(const http_trusted_t *t, const char *peer, const char *xff)
{
    static char out[HTTP_ADDR_TEXT];
    return http_forwarded_client(t, peer, xff, out, sizeof out);
}

static void untrusted_peer_is_the_client(void **state)
{
    (void)state;
    http_trusted_t t = {0};
    assert_string_equal(client(NULL, "192.0.2.1", "203.0.113.9"), "192.0.2.1");
    assert_string_equal(client(&t, "192.0.2.1", "203.0.113.9"), "192.0.2.1");
    assert_int_equal(http_trusted_add(&t, "10.0.0.1", NULL), 0);
    assert_string_equal(client(&t, "192.0.2.1", "203.0.113.9"), "192.0.2.1");
    assert_string_equal(client(&t, "10.0.0.1", NULL), "10.0.0.1");
}

static void rightmost_untrusted_entry(void **state)
{
    (void)state;
    http_trusted_t t = {0};
    ov_error_t err = {0};
    assert_int_equal(http_trusted_add(&t, " 10.0.0.1 ,10.0.0.2", &err), 0);
    assert_int_equal(http_trusted_add(&t, "::1", &err), 0);
    assert_int_equal(t.n, 3);
    assert_string_equal(client(&t, "10.0.0.1", "203.0.113.9"), "203.0.113.9");
    /* what the client wrote to the left is not believed */
    assert_string_equal(client(&t, "10.0.0.1", "198.51.100.7, 203.0.113.9"), "203.0.113.9");
    /* trusted proxies on the way are skipped */
    assert_string_equal(client(&t, "10.0.0.1", "198.51.100.7,203.0.113.9, 10.0.0.2"), "203.0.113.9");
    /* all trusted: the left-most */
    assert_string_equal(client(&t, "10.0.0.1", "10.0.0.2,10.0.0.1"), "10.0.0.2");
    /* IPv6, compared as addresses and written normalised */
    assert_string_equal(client(&t, "0:0::1", "2001:DB8::0:1"), "2001:db8::1");
    /* garbage where the client should be: the peer, never the text */
    assert_string_equal(client(&t, "10.0.0.1", "203.0.113.9, not-an-ip"), "10.0.0.1");
    assert_string_equal(client(&t, "10.0.0.1", "203.0.113.9:4711"), "10.0.0.1");
    assert_string_equal(client(&t, "10.0.0.1", ""), "10.0.0.1");
    assert_string_equal(client(&t, "10.0.0.1", "203.0.113.9,"), "10.0.0.1");
}

static void bad_lists_refused_whole(void **state)
{
    (void)state;
    http_trusted_t t = {0};
    ov_error_t err = {0};
    const char *bad[] = {"", "10.0.0.0/8", "proxy.example", "10.0.0.1,", "10.0.0.1,,10.0.0.2", "1.2.3.4:80", NULL};
    for (int i = 0; bad[i]; i++) {
        assert_int_equal(http_trusted_add(&t, bad[i], &err), OV_EINVALID);
        assert_string_equal(err.field, "trusted-proxy");
        assert_non_null(strstr(err.message, "--trusted-proxy"));
        assert_int_equal(t.n, 0);
    }
    /* a repeat is kept once; more than HTTP_TRUSTED_MAX is refused */
    assert_int_equal(http_trusted_add(&t, "10.0.0.1,10.0.0.1", &err), 0);
    assert_int_equal(t.n, 1);
    char list[512] = "";
    for (int i = 0; i < HTTP_TRUSTED_MAX; i++) {
        char one[24];
        snprintf(one, sizeof one, "%s10.1.0.%d", i ? "," : "", i);
        strcat(list, one);
    }
    assert_int_equal(http_trusted_add(&t, list, &err), OV_EINVALID);
    assert_int_equal(t.n, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(untrusted_peer_is_the_client),
        cmocka_unit_test(rightmost_untrusted_entry),
        cmocka_unit_test(bad_lists_refused_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
