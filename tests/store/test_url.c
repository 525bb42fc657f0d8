/*
 * test_url.c: store_url_display, the database URL as messages and logs show
 * it: a PostgreSQL password never appears, everything else is kept.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "store/store.h"

static void shows(const char *url, const char *want)
{
    char out[256];
    assert_string_equal(store_url_display(url, out, sizeof out), want);
}

static void password_hidden(void **state)
{
    (void)state;
    shows("postgres://ov:s3cret@127.0.0.1:5432/oversight", "postgres://ov:***@127.0.0.1:5432/oversight");
    shows("postgresql://ov:p%40ss@db/x?sslmode=require", "postgresql://ov:***@db/x?sslmode=require");
    shows("postgres://ov@127.0.0.1/x?password=s3cret&sslmode=disable",
          "postgres://ov@127.0.0.1/x?password=***&sslmode=disable");
    shows("postgres://ov@h/x?sslmode=disable&password=s3cret", "postgres://ov@h/x?sslmode=disable&password=***");
}

static void others_kept(void **state)
{
    (void)state;
    shows("postgres://ov@127.0.0.1:5432/oversight", "postgres://ov@127.0.0.1:5432/oversight");
    shows("postgres://127.0.0.1/x?application_name=a@b", "postgres://127.0.0.1/x?application_name=a@b");
    shows("sqlite:var/user:pw@x.db", "sqlite:var/user:pw@x.db");
    shows("var/oversight.db", "var/oversight.db");
    shows("", "");
}

static void truncated_safely(void **state)
{
    (void)state;
    char out[12];
    store_url_display("postgres://ov:s3cret@host/db", out, sizeof out);
    assert_string_equal(out, "postgres://");
    assert_null(strstr(out, "s3cret"));
    char one[1];
    store_url_display("postgres://a:b@c/d", one, sizeof one);
    assert_string_equal(one, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(password_hidden),
        cmocka_unit_test(others_kept),
        cmocka_unit_test(truncated_safely),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
