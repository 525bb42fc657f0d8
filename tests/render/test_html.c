/*
 * test_html.c: the HTML and URL escaping helpers in src/render/html.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "render/html.h"

typedef int (*escape_fn)(buf_t *, const char *);

static void check_escape(escape_fn fn, const char *in, const char *want)
{
    buf_t b = BUF_INIT;
    assert_int_equal(fn(&b, in), 0);
    assert_string_equal(b.data ? b.data : "", want);
    assert_int_equal(b.len, strlen(want));
    buf_free(&b);
}

/* ---- html_escape_text ---- */

static void test_text_each_special_char(void **state)
{
    (void)state;
    check_escape(html_escape_text, "&", "&amp;");
    check_escape(html_escape_text, "<", "&lt;");
    check_escape(html_escape_text, ">", "&gt;");
    check_escape(html_escape_text, "\"", "&quot;");
    check_escape(html_escape_text, "'", "&#39;");
    check_escape(html_escape_text, "&<>\"'", "&amp;&lt;&gt;&quot;&#39;");
}

static void test_text_plain_and_empty(void **state)
{
    (void)state;
    check_escape(html_escape_text, "", "");
    check_escape(html_escape_text, NULL, "");
    check_escape(html_escape_text, "plain text 123", "plain text 123");
    check_escape(html_escape_text, "a&b", "a&amp;b");
    check_escape(html_escape_text, "&amp;", "&amp;amp;");   /* no double-decoding */
    check_escape(html_escape_text, "{{x}} ` = /", "{{x}} ` = /");
}

static void test_text_xss_payloads(void **state)
{
    (void)state;
    check_escape(html_escape_text, "<script>alert(1)</script>",
                 "&lt;script&gt;alert(1)&lt;/script&gt;");
    check_escape(html_escape_text, "\"><img src=x onerror=alert(1)>",
                 "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    check_escape(html_escape_text, "' onmouseover='alert(1)",
                 "&#39; onmouseover=&#39;alert(1)");
}

static void test_text_utf8_unchanged(void **state)
{
    (void)state;
    check_escape(html_escape_text, "Caf\xc3\xa9 \xe2\x9c\x93 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80",
                 "Caf\xc3\xa9 \xe2\x9c\x93 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80");
    check_escape(html_escape_text, "\xc3\xa9<\xc3\xa9", "\xc3\xa9&lt;\xc3\xa9");
}

static void test_text_appends(void **state)
{
    (void)state;
    buf_t b = BUF_INIT;
    assert_int_equal(buf_puts(&b, "<b>"), 0);
    assert_int_equal(html_escape_text(&b, "x<y"), 0);
    assert_int_equal(buf_puts(&b, "</b>"), 0);
    assert_string_equal(b.data, "<b>x&lt;y</b>");
    buf_free(&b);
}

static void test_text_long_input(void **state)
{
    (void)state;
    size_t n = 200000;
    char *in = malloc(n + 1);
    assert_non_null(in);
    for (size_t i = 0; i < n; i++) in[i] = (i % 3 == 0) ? '<' : 'a';
    in[n] = '\0';
    buf_t b = BUF_INIT;
    assert_int_equal(html_escape_text(&b, in), 0);
    size_t lt = (n + 2) / 3;
    assert_int_equal(b.len, n - lt + lt * 4);
    assert_memory_equal(b.data, "&lt;aa&lt;", 10);
    free(in);
    buf_free(&b);
}

static void test_text_buffer_limit(void **state)
{
    (void)state;
    buf_t b = BUF_INIT;
    b.limit = 8;
    assert_int_equal(html_escape_text(&b, "<<<"), -1);   /* 12 bytes */
    assert_true(b.failed);
    buf_free(&b);
    b.limit = 8;
    assert_int_equal(html_escape_text(&b, "abcdefghi"), -1);
    buf_free(&b);
    b.limit = 8;
    assert_int_equal(html_escape_text(&b, "ab<"), 0);   /* exactly 6 bytes */
    buf_free(&b);
}

/* ---- html_escape_url_component ---- */

static void test_url_unreserved_kept(void **state)
{
    (void)state;
    const char *u = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    check_escape(html_escape_url_component, u, u);
    check_escape(html_escape_url_component, "", "");
    check_escape(html_escape_url_component, NULL, "");
}

static void test_url_reserved_encoded(void **state)
{
    (void)state;
    check_escape(html_escape_url_component, " ", "%20");
    check_escape(html_escape_url_component, "a b&c=d/e?f#g", "a%20b%26c%3Dd%2Fe%3Ff%23g");
    check_escape(html_escape_url_component, ":/?#[]@!$&'()*+,;=",
                 "%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D");
    check_escape(html_escape_url_component, "%", "%25");
    check_escape(html_escape_url_component, "\"<>\\^`{|}", "%22%3C%3E%5C%5E%60%7B%7C%7D");
    check_escape(html_escape_url_component, "\t\n\x7f", "%09%0A%7F");
}

static void test_url_utf8_bytes(void **state)
{
    (void)state;
    check_escape(html_escape_url_component, "caf\xc3\xa9", "caf%C3%A9");
    check_escape(html_escape_url_component, "\xe2\x9c\x93", "%E2%9C%93");
}

static void test_url_output_is_html_safe(void **state)
{
    (void)state;
    check_escape(html_escape_url_component, "\"><script>alert('x')</script>",
                 "%22%3E%3Cscript%3Ealert%28%27x%27%29%3C%2Fscript%3E");
}

static void test_url_buffer_limit(void **state)
{
    (void)state;
    buf_t b = BUF_INIT;
    b.limit = 5;
    assert_int_equal(html_escape_url_component(&b, "  "), -1);
    assert_true(b.failed);
    buf_free(&b);
}

/* ---- html_url_is_safe ---- */

static void test_url_safe_allowed(void **state)
{
    (void)state;
    const char *ok[] = {
        "/", "/cases/12?tab=notes&x=1", "#top", "?page=2", "//example.org/x",
        "http://example.org", "https://example.org/a?b=c", "HTTPS://EXAMPLE.ORG",
        "HtTp://x", "mailto:someone@example.org", "MAILTO:x@y",
        "  /leading-space", "\t\n https://x", "\x01\x1f/ctl", "ht\ttp://x",
        "https:javascript:alert(1)",     /* scheme is https: harmless */
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        if (html_url_is_safe(ok[i]) != 1) fail_msg("ok[%zu] refused", i);
    }
}

static void test_url_safe_refused(void **state)
{
    (void)state;
    const char *bad[] = {
        "javascript:alert(1)", "JavaScript:alert(1)", "JAVASCRIPT:alert(1)",
        "jAvAsCrIpT:alert(1)", "  javascript:alert(1)", "\t\njavascript:alert(1)",
        "\x01\x02javascript:alert(1)", "java\tscript:alert(1)", "java\nscript:alert(1)",
        "java\rscript:alert(1)", " \x0b\x0c JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>", "DATA:image/svg+xml;base64,xx",
        "vbscript:msgbox(1)", "file:///etc/passwd", "ftp://example.org", "httpx://x",
        "http", "https//x", "relative/path", "page.html", "\\\\evil.example",
        "", "   ", ":", "1http://x", "javascript&#58;alert(1)", "\xc2\xa0javascript:x",
        "httpsss://x", "x-very-long-scheme-name:x",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (html_url_is_safe(bad[i]) != 0) fail_msg("bad[%zu] allowed", i);
    }
    assert_int_equal(html_url_is_safe(NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_each_special_char),
        cmocka_unit_test(test_text_plain_and_empty),
        cmocka_unit_test(test_text_xss_payloads),
        cmocka_unit_test(test_text_utf8_unchanged),
        cmocka_unit_test(test_text_appends),
        cmocka_unit_test(test_text_long_input),
        cmocka_unit_test(test_text_buffer_limit),
        cmocka_unit_test(test_url_unreserved_kept),
        cmocka_unit_test(test_url_reserved_encoded),
        cmocka_unit_test(test_url_utf8_bytes),
        cmocka_unit_test(test_url_output_is_html_safe),
        cmocka_unit_test(test_url_buffer_limit),
        cmocka_unit_test(test_url_safe_allowed),
        cmocka_unit_test(test_url_safe_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
