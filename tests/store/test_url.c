/*
 * test_url.c: database URLs (store/url.h): the one parser (store_url_parse)
 * and what messages show (store_url_redact, store_url_scrub): a PostgreSQL
 * password never appears, everything else is kept.
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
    assert_string_equal(store_url_redact(url, out, sizeof out), want);
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

static void password_with_at_hidden_whole(void **state)
{
    (void)state;
    /* an '@' in the password: all of it hidden, whichever '@' a reader splits at */
    shows("postgres://ov:p@ss@db.example:5432/x", "postgres://ov:***@db.example:5432/x");
    shows("postgres://ov:@h/x", "postgres://ov:***@h/x");
    shows("postgres://ov:s3cret@h", "postgres://ov:***@h");
    shows("postgres://ov:s3cret@h/x?password=two&password=three#f", "postgres://ov:***@h/x?password=***&password=***#f");
}

static void parsed_once(void **state)
{
    (void)state;
    store_url_t u;
    ov_error_t err = {0};
    assert_int_equal(store_url_parse("sqlite:var/o.db", &u, &err), 0);
    assert_int_equal(u.kind, STORE_URL_SQLITE);
    assert_string_equal(u.path, "var/o.db");
    assert_int_equal(store_url_parse("sqlite:///abs/o.db", &u, &err), 0);
    assert_string_equal(u.path, "/abs/o.db");
    assert_int_equal(store_url_parse("var/o.db", &u, &err), 0);
    assert_string_equal(u.path, "var/o.db");
    const char *pg = "postgresql://ov:s3cret@h/x";
    assert_int_equal(store_url_parse(pg, &u, &err), 0);
    assert_int_equal(u.kind, STORE_URL_PG);
    assert_ptr_equal(u.path, pg);
    assert_int_equal(store_url_parse("postgres://h/x", &u, &err), 0);
    assert_int_equal(u.kind, STORE_URL_PG);
    /* "postgres:" without "//" is a file name, as libpq would not take it either */
    assert_int_equal(store_url_parse("postgres:x", &u, &err), 0);
    assert_int_equal(u.kind, STORE_URL_SQLITE);
    assert_int_equal(store_url_parse("sqlite:", &u, &err), OV_EINVALID);
    assert_string_equal(err.field, "db");
    assert_int_equal(store_url_parse("", &u, &err), OV_EINVALID);
    assert_int_equal(store_url_parse(NULL, &u, &err), OV_EINVALID);
}

static void messages_scrubbed(void **state)
{
    (void)state;
    char out[256];
    /* libpq quotes a token it cannot decode: the password as written */
    const char *url = "postgres://ov:se%zzcret@127.0.0.1:1/x";
    assert_string_equal(store_url_scrub(url, "invalid percent-encoded token: \"se%zzcret\"", out, sizeof out),
                        "invalid percent-encoded token: \"***\"");
    /* and decoded */
    url = "postgres://ov:p%40ss%21@h/x?password=q%26q";
    assert_string_equal(store_url_scrub(url, "a p@ss! b p%40ss%21 c q&q", out, sizeof out), "a *** b *** c ***");
    /* other text untouched; no secret, no change */
    assert_string_equal(store_url_scrub("postgres://ov@h/x", "could not connect to ov@h", out, sizeof out),
                        "could not connect to ov@h");
    assert_string_equal(store_url_scrub("sqlite:x.db", "x.db", out, sizeof out), "x.db");
    /* cut short: never the start of a secret */
    char small[8];
    assert_string_equal(store_url_scrub("postgres://a:secret@h", "abcd secret", small, sizeof small), "abcd ");
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
    store_url_redact("postgres://ov:s3cret@host/db", out, sizeof out);
    assert_string_equal(out, "postgres://");
    assert_null(strstr(out, "s3cret"));
    char one[1];
    store_url_redact("postgres://a:b@c/d", one, sizeof one);
    assert_string_equal(one, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(password_hidden),
        cmocka_unit_test(password_with_at_hidden_whole),
        cmocka_unit_test(parsed_once),
        cmocka_unit_test(messages_scrubbed),
        cmocka_unit_test(others_kept),
        cmocka_unit_test(truncated_safely),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
