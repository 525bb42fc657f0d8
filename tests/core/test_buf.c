/* test_buf.c: growable buffer with a cap. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"

static void grows_and_formats(void **state)
{
    (void)state;
    buf_t b = BUF_INIT;
    for (int i = 0; i < 1000; i++) assert_int_equal(buf_printf(&b, "%d,", i), 0);
    assert_true(b.len > 3000);
    assert_int_equal(strncmp(b.data, "0,1,2,", 6), 0);
    size_t n;
    char *p = buf_detach(&b, &n);
    assert_int_equal(strlen(p), n);
    assert_null(b.data);
    free(p);
    p = buf_detach(&b, &n);   /* empty detach gives an empty string */
    assert_string_equal(p, "");
    free(p);
}

static void cap_is_enforced(void **state)
{
    (void)state;
    buf_t b = BUF_INIT;
    b.limit = 10;
    assert_int_equal(buf_puts(&b, "0123456789"), 0);
    assert_int_equal(buf_putc(&b, 'x'), -1);
    assert_true(b.failed);
    assert_int_equal(buf_puts(&b, ""), -1);   /* stays failed */
    buf_reset(&b);
    assert_int_equal(buf_puts(&b, "ok"), 0);
    buf_free(&b);
    assert_int_equal(b.limit, 10);
}

/* buf_put_ll writes what "%lld" writes, and buf_append's inline path and
 * its growing path make the same text. */
static void integers_and_appends(void **state)
{
    (void)state;
    static const long long v[] = {0, 1, -1, 9, 10, -10, 99, 100, 123456789, -987654321, 1LL << 40,
                                  9223372036854775807LL, -9223372036854775807LL - 1};
    buf_t b = BUF_INIT, want = BUF_INIT;
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        buf_reset(&b);
        buf_reset(&want);
        assert_int_equal(buf_put_ll(&b, v[i]), 0);
        buf_printf(&want, "%lld", v[i]);
        assert_string_equal(b.data, want.data);
        assert_int_equal(b.len, want.len);
    }
    buf_reset(&b);
    buf_reset(&want);
    for (int i = 0; i < 5000; i++) {
        buf_append(&b, "abc", (size_t)(i % 4));
        buf_printf(&want, "%.*s", i % 4, "abc");
    }
    assert_int_equal(b.len, want.len);
    assert_int_equal(memcmp(b.data, want.data, b.len + 1), 0);
    buf_free(&b);
    buf_free(&want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(grows_and_formats), cmocka_unit_test(cap_is_enforced),
                                       cmocka_unit_test(integers_and_appends)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
