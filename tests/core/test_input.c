/* test_input.c: the one URL rule and the one evidence file-name rule
 * (core/input.h), with the edges of issue #13 finding 15. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "core/input.h"

static void url_ok(const char *u)
{
    ov_error_t err = {0};
    if (input_url_check("url", u, &err) != 0) fail_msg("'%s' refused: %s", u, err.message);
}

static void url_bad(const char *u, const char *needle)
{
    ov_error_t err = {0};
    if (input_url_check("source_url", u, &err) != OV_EINVALID) fail_msg("'%s' accepted", u);
    assert_string_equal(err.field, "source_url");
    assert_int_equal(strncmp(err.message, "source_url ", 11), 0);
    if (needle && !strstr(err.message, needle)) fail_msg("'%s': message '%s' lacks '%s'", u, err.message, needle);
}

static void urls(void **state)
{
    (void)state;
    url_ok("https://www.justiceinspectorates.gov.uk/hmicfrs/");
    url_ok("http://example.org");
    url_ok("HTTPS://Example.org/a?b=c#d");
    url_ok("https://example.org/caf\xC3\xA9");
    url_bad("javascript:alert(1)", "http(s)");
    url_bad("JaVaScRiPt:alert(1)//https://x", "http(s)");
    url_bad("data:text/html,<script>", "http(s)");
    url_bad("ftp://example.org/", "http(s)");
    url_bad("//example.org/", "http(s)");
    url_bad("/relative", "http(s)");
    url_bad("", "http(s)");
    url_bad(NULL, "http(s)");
    url_bad(" https://example.org/", "spaces");
    url_bad("https://exa mple.org/", "spaces");
    url_bad("https:\\\\evil.example", "backslash");
    url_bad("https://example.org/\tx", "control");
    url_bad("java\nscript:alert(1)", "control");
    url_bad("https://example.org/\xE2\x80\xAEgpj.exe", "bidirectional");
    url_bad("https://example.org/\xFF", "UTF-8");
    url_bad("https://", "host");
    url_bad("https:///path", "host");
    url_bad("https://@evil.example", "host");
    char big[INPUT_URL_MAX + 2];
    memcpy(big, "https://", 8);
    memset(big + 8, 'a', sizeof big - 9);
    big[sizeof big - 1] = '\0';
    url_bad(big, "longer than 2000");
    big[INPUT_URL_MAX] = '\0';
    url_ok(big);
}

/* A decision's sources: one URL a line, each held to the URL rule; the
 * link text of each is its site. */
static void url_lists(void **state)
{
    (void)state;
    ov_error_t err = {0};
    assert_int_equal(input_url_list_check("source_url", "https://a.example/x", &err), 0);
    assert_int_equal(input_url_list_check("source_url", "https://a.example/x\nhttp://b.example/y\r\n", &err), 0);
    assert_int_equal(input_url_list_check("source_url", "https://a.example/x\njavascript:alert(1)", &err), OV_EINVALID);
    assert_string_equal(err.field, "source_url");
    assert_non_null(strstr(err.message, "source_url line 2 must be an http(s) URL"));
    /* the old "URL ; URL" is not a list: spaces are refused */
    assert_int_equal(input_url_list_check("source_url", "https://a.example/x ; https://b.example/", &err), OV_EINVALID);
    assert_int_equal(input_url_list_check("source_url", "https://a.example/x\rhttps://b.example/", &err), OV_EINVALID);
    assert_int_equal(input_url_list_check("source_url", "\n\n", &err), OV_EINVALID);
    char many[512] = "";
    for (int i = 0; i <= INPUT_URL_LIST_MAX; i++) strcat(many, "https://a.example/\n");
    assert_int_equal(input_url_list_check("source_url", many, &err), OV_EINVALID);
    const char *cur = "\nhttps://www.a.example:8080/p?q\r\n\nhttps://u@b.example\n", *line;
    size_t len;
    char site[64];
    line = input_url_list_next(&cur, &len);
    assert_non_null(line);
    input_url_site(line, len, site, sizeof site);
    assert_string_equal(site, "a.example");
    line = input_url_list_next(&cur, &len);
    assert_non_null(line);
    assert_int_equal(len, strlen("https://u@b.example"));
    input_url_site(line, len, site, sizeof site);
    assert_string_equal(site, "b.example");
    assert_null(input_url_list_next(&cur, &len));
}

static void name_ok(const char *n)
{
    ov_error_t err = {0};
    if (input_file_name_check(n, &err) != 0) fail_msg("'%s' refused: %s", n, err.message);
}

static void name_bad(const char *n, const char *needle)
{
    ov_error_t err = {0};
    if (input_file_name_check(n, &err) != OV_EINVALID) fail_msg("'%s' accepted", n);
    assert_string_equal(err.field, "filename");
    assert_int_equal(strncmp(err.message, "filename ", 9), 0);
    if (needle && !strstr(err.message, needle)) fail_msg("'%s': message '%s' lacks '%s'", n, err.message, needle);
}

static void file_names(void **state)
{
    (void)state;
    name_ok("audit report.pdf");
    name_ok("r\xC3\xA9sum\xC3\xA9 \xE2\x80\x94 2025.docx");
    name_ok("...pdf");
    char name[INPUT_FILE_NAME_MAX + 2];
    memset(name, 'a', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    name_bad(name, "201 bytes");
    name[INPUT_FILE_NAME_MAX] = '\0';
    name_ok(name);
    name_bad("", "required");
    name_bad(NULL, "required");
    name_bad(".", "not '.'");
    name_bad("..", "not '..'");
    name_bad("../etc/passwd", "'/'");
    name_bad("a\\b.txt", "'/'");
    name_bad("a\nb.txt", "control");
    name_bad("a\x7f.txt", "control");
    name_bad("a\xC2\x85.txt", "control");                 /* U+0085, a C1 control */
    /* every bidirectional override and isolate */
    const char *bidi[] = {"\xE2\x80\xAA", "\xE2\x80\xAB", "\xE2\x80\xAC", "\xE2\x80\xAD", "\xE2\x80\xAE",
                          "\xE2\x81\xA6", "\xE2\x81\xA7", "\xE2\x81\xA8", "\xE2\x81\xA9"};
    for (int i = 0; i < 9; i++) {
        char n[64];
        snprintf(n, sizeof n, "invoice_%sfdp.exe", bidi[i]);
        name_bad(n, "bidirectional");
    }
    name_ok("a\xE2\x80\xA9.txt");                           /* U+2029 is not one of them */
    name_bad("a\xC3.txt", "UTF-8");                         /* cut sequence */
    name_bad("a\xC0\xAF.txt", "UTF-8");                     /* overlong '/' */
    name_bad("a\xED\xA0\x80.txt", "UTF-8");                 /* surrogate */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(urls),
        cmocka_unit_test(url_lists),
        cmocka_unit_test(file_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
