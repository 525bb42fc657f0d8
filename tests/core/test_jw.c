/* test_jw.c: the streaming JSON writer, against jansson's own output for
 * the same values (json_dumps, JSON_COMPACT | JSON_ENSURE_ASCII, as
 * api_json writes replies) and parsed back with json_loads. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "core/jw.h"

#define DUMP_FLAGS (JSON_COMPACT | JSON_ENSURE_ASCII | JSON_ENCODE_ANY)

/* The writer's text for the string s[0..n) (new, free()), or NULL when it failed. */
static char *jw_text_of(const char *s, size_t n)
{
    buf_t b = BUF_INIT;
    jw_t w;
    jw_init(&w, &b);
    jw_stringn(&w, s, n);
    if (jw_finish(&w) != 0) {
        buf_free(&b);
        return NULL;
    }
    return buf_detach(&b, NULL);
}

/* Checks the writer against jansson for s[0..n): the same text when
 * jansson takes the string, a failure when it refuses it; and the text
 * parses back to the same bytes. */
static void same_as_jansson(const char *s, size_t n)
{
    json_t *j = json_stringn(s, n);
    char *mine = jw_text_of(s, n);
    if (!j) {
        assert_null(mine);
        return;
    }
    char *theirs = json_dumps(j, DUMP_FLAGS);
    assert_non_null(mine);
    assert_string_equal(mine, theirs);
    json_error_t e;
    json_t *back = json_loads(mine, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
    assert_non_null(back);
    assert_int_equal(json_string_length(back), n);
    assert_memory_equal(json_string_value(back), s, n);
    json_decref(back);
    json_decref(j);
    free(theirs);
    free(mine);
}

static void escapes_as_jansson(void **state)
{
    (void)state;
    char c[1];
    for (int i = 0; i < 0x80; i++) {   /* every ASCII byte, NUL and DEL included */
        c[0] = (char)i;
        same_as_jansson(c, 1);
    }
    static const char *const samples[] = {
        "", "plain", "quote \" and back\\slash", "a/b", "tab\there\r\nnew", "\b\f\x01\x1f\x7f",
        "Caf\xc3\xa9", "\xe2\x82\xac 5", "\xf0\x9f\x98\x80 grin", "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf",
        "\xc2\x80\xdf\xbf\xe0\xa0\x80", "It\xe2\x80\x99s \xe2\x80\x9cquoted\xe2\x80\x9d",
        /* invalid: jansson refuses them, so must the writer */
        "\x80", "\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf0\x80\x80\xaf", "\xf4\x90\x80\x80",
        "\xf5\x80\x80\x80", "\xff", "cut \xe2\x82", "\xc3", "\xc3(",
    };
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) same_as_jansson(samples[i], strlen(samples[i]));
    same_as_jansson("nul\0inside", 10);
}

/* A byte that needs escaping (or begins a UTF-8 sequence) at every
 * position of a longer run of plain bytes: the eight-at-a-time scan
 * stops at each, whatever its place in a word. */
static void escapes_anywhere_in_a_run(void **state)
{
    (void)state;
    static const char *const odd[] = {"\"", "\\", "\n", "\x01", "\x1f", "\x7f", " ", "~", "\xc3\xa9", "\xe2\x82\xac",
                                      "\x80", "\0"};
    char s[40];
    for (size_t k = 0; k < sizeof odd / sizeof odd[0]; k++) {
        size_t m = odd[k][0] ? strlen(odd[k]) : 1;
        for (size_t at = 0; at + m <= 30; at++) {
            memset(s, 'a', sizeof s);
            memcpy(s + at, odd[k], m);
            same_as_jansson(s, 30);
            json_t *j = json_stringn(s, 30);
            assert_int_equal(jw_utf8_valid(s, 30), j ? 1 : 0);
            json_decref(j);
        }
    }
}

/* Random byte strings, many valid UTF-8 and many not: the writer and
 * jansson agree on each (a fixed seed: the same strings every run). */
static void random_strings_as_jansson(void **state)
{
    (void)state;
    static const unsigned char pool[] = {'a', 'Z', ' ', '"', '\\', '/', '\n', 0x01, 0x1f, 0x7f, 0x80, 0xbf, 0xc2, 0xc3,
                                         0xdf, 0xe0, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xa0, 0x9f, 0x8f, 0x00};
    unsigned long x = 12345;
    char s[16];
    for (int k = 0; k < 20000; k++) {
        x = x * 6364136223846793005UL + 1442695040888963407UL;
        size_t n = (size_t)(x >> 60);
        for (size_t i = 0; i < n; i++) {
            x = x * 6364136223846793005UL + 1442695040888963407UL;
            s[i] = (char)pool[(x >> 33) % sizeof pool];
        }
        same_as_jansson(s, n);
        json_t *j = json_stringn(s, n);
        assert_int_equal(jw_utf8_valid(s, n), j ? 1 : 0);
        json_decref(j);
    }
}

static void numbers_as_jansson(void **state)
{
    (void)state;
    static const long long ints[] = {0, 1, -1, 42, 1000000, LLONG_MAX, LLONG_MIN};
    static const double reals[] = {0.0, -0.0, 1.0, -3.0, 0.1, 1.5, 1e20, 1e21, 1e-5, 1e-7, 123456789012345678.0,
                                   1.7976931348623157e308, 5e-324, 91.2, -2.5e-300, 100.0};
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        buf_t b = BUF_INIT;
        jw_t w;
        jw_init(&w, &b);
        jw_int(&w, ints[i]);
        assert_int_equal(jw_finish(&w), 0);
        json_t *j = json_integer(ints[i]);
        char *theirs = json_dumps(j, DUMP_FLAGS);
        assert_string_equal(b.data, theirs);
        free(theirs);
        json_decref(j);
        buf_free(&b);
    }
    for (size_t i = 0; i < sizeof reals / sizeof reals[0]; i++) {
        buf_t b = BUF_INIT;
        jw_t w;
        jw_init(&w, &b);
        jw_real(&w, reals[i]);
        assert_int_equal(jw_finish(&w), 0);
        json_t *j = json_real(reals[i]);
        char *theirs = json_dumps(j, DUMP_FLAGS);
        assert_string_equal(b.data, theirs);
        json_t *back = json_loads(b.data, JSON_DECODE_ANY, NULL);
        assert_true(json_is_real(back));
        assert_true(json_real_value(back) == reals[i]);
        json_decref(back);
        free(theirs);
        json_decref(j);
        buf_free(&b);
    }
    buf_t b = BUF_INIT;   /* jansson has no NaN or infinity: neither has the writer */
    jw_t w;
    jw_init(&w, &b);
    jw_real(&w, NAN);
    assert_int_equal(jw_finish(&w), -1);
    jw_init(&w, &b);
    jw_real(&w, INFINITY);
    assert_int_equal(jw_finish(&w), -1);
    buf_free(&b);
}

/* A document with nesting, empty containers and every kind of value:
 * the same text as the jansson tree built in the same order. */
static void documents_as_jansson(void **state)
{
    (void)state;
    buf_t b = BUF_INIT;
    jw_t w;
    jw_init(&w, &b);
    jw_object_begin(&w);
    jw_key(&w, "today");
    jw_string(&w, "2025-01-23");
    jw_key(&w, "k\xc3\xa9y \"q\"");
    jw_array_begin(&w);
    jw_array_end(&w);
    jw_key(&w, "items");
    jw_array_begin(&w);
    for (int i = 0; i < 3; i++) {
        jw_object_begin(&w);
        jw_key(&w, "id");
        jw_int(&w, i);
        jw_key(&w, "title");
        jw_string(&w, i == 1 ? NULL : "Recommendation 2 (cause of concern 1)");
        jw_key(&w, "ok");
        jw_bool(&w, i == 2);
        jw_key(&w, "v");
        jw_real(&w, i / 4.0);
        jw_key(&w, "nested");
        jw_array_begin(&w);
        jw_array_begin(&w);
        jw_null(&w);
        jw_array_end(&w);
        jw_object_begin(&w);
        jw_object_end(&w);
        jw_array_end(&w);
        jw_object_end(&w);
    }
    jw_array_end(&w);
    jw_key(&w, "more");
    jw_bool(&w, 0);
    jw_object_end(&w);
    assert_int_equal(jw_finish(&w), 0);

    json_t *items = json_array();
    for (int i = 0; i < 3; i++)
        json_array_append_new(items, json_pack("{s:i, s:o, s:b, s:f, s:[[n], {}]}", "id", i, "title",
                                               i == 1 ? json_null() : json_string("Recommendation 2 (cause of concern 1)"),
                                               "ok", i == 2, "v", i / 4.0, "nested"));
    json_t *doc = json_pack("{s:s, s:[], s:o, s:b}", "today", "2025-01-23", "k\xc3\xa9y \"q\"", "items", items, "more", 0);
    char *theirs = json_dumps(doc, DUMP_FLAGS);
    assert_string_equal(b.data, theirs);
    json_t *back = json_loads(b.data, 0, NULL);
    assert_true(json_equal(back, doc));
    json_decref(back);
    json_decref(doc);
    free(theirs);
    buf_free(&b);
}

static void incomplete_and_failed_documents(void **state)
{
    (void)state;
    buf_t b = BUF_INIT;
    jw_t w;
    jw_init(&w, &b);
    assert_int_equal(jw_finish(&w), -1);   /* nothing written */
    jw_object_begin(&w);
    assert_int_equal(jw_finish(&w), -1);   /* left open */
    buf_free(&b);

    jw_init(&w, &b);   /* an invalid string fails the whole document */
    jw_array_begin(&w);
    jw_string(&w, "ok");
    jw_string(&w, "bad \xff");
    jw_string(&w, "later");
    jw_array_end(&w);
    assert_int_equal(jw_finish(&w), -1);
    buf_free(&b);

    jw_init(&w, &b);   /* nesting deeper than the stack */
    for (int i = 0; i <= JW_MAX_DEPTH; i++) jw_array_begin(&w);
    assert_int_equal(jw_finish(&w), -1);
    buf_free(&b);

    b.limit = 8;   /* the buffer's cap fails it too */
    jw_init(&w, &b);
    jw_string(&w, "longer than eight");
    assert_int_equal(jw_finish(&w), -1);
    buf_free(&b);
}

/* Runs misuse(w) in a child: a debug build asserts (SIGABRT); a build
 * without assertions leaves the writer failed (exit 0) instead. */
static void misuse_stops(void (*misuse)(jw_t *w))
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        buf_t b = BUF_INIT;
        jw_t w;
        jw_init(&w, &b);
        misuse(&w);
        _exit(jw_finish(&w) == -1 && w.failed ? 0 : 1);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
#ifdef NDEBUG
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
#else
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
#endif
}

static void key_in_array(jw_t *w) { jw_array_begin(w); jw_key(w, "k"); }
static void value_without_key(jw_t *w) { jw_object_begin(w); jw_int(w, 1); }
static void wrong_close(jw_t *w) { jw_array_begin(w); jw_object_end(w); }
static void close_after_key(jw_t *w) { jw_object_begin(w); jw_key(w, "k"); jw_object_end(w); }
static void two_top_values(jw_t *w) { jw_int(w, 1); jw_int(w, 2); }

static void nesting_is_checked(void **state)
{
    (void)state;
    misuse_stops(key_in_array);
    misuse_stops(value_without_key);
    misuse_stops(wrong_close);
    misuse_stops(close_after_key);
    misuse_stops(two_top_values);
}

/* jw_escaped writes what jw_stringn writes (so jansson's text), appended
 * to what the buffer holds; jw_raw puts a value's text in place with its
 * comma, as any other value. */
static void raw_values_and_escaped_strings(void **state)
{
    (void)state;
    static const char *const S[] = {"", "plain", "q\"b\\s/", "tab\there\x01\x1f", "caf\xc3\xa9 \xf0\x9f\x98\x80", "\xc3"};
    for (size_t i = 0; i < sizeof S / sizeof S[0]; i++) {
        buf_t b = BUF_INIT;
        buf_puts(&b, "x");
        int rc = jw_escaped(&b, S[i], strlen(S[i]));
        char *mine = jw_text_of(S[i], strlen(S[i]));
        if (!mine) {
            assert_int_equal(rc, -1);   /* not UTF-8 */
        } else {
            assert_int_equal(rc, 0);
            assert_int_equal(b.len, 1 + strlen(mine));
            assert_memory_equal(b.data, "x", 1);
            assert_memory_equal(b.data + 1, mine, strlen(mine));
        }
        free(mine);
        buf_free(&b);
    }
    buf_t b = BUF_INIT;
    jw_t w;
    jw_init(&w, &b);
    jw_array_begin(&w);
    jw_int(&w, 1);
    jw_raw(&w, "{\"a\":2}", 7);
    jw_raw(&w, "\"s\"", 3);
    jw_array_end(&w);
    assert_int_equal(jw_finish(&w), 0);
    assert_int_equal(b.len, 15);
    assert_memory_equal(b.data, "[1,{\"a\":2},\"s\"]", 15);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escapes_as_jansson),
        cmocka_unit_test(raw_values_and_escaped_strings),
        cmocka_unit_test(escapes_anywhere_in_a_run),
        cmocka_unit_test(random_strings_as_jansson),
        cmocka_unit_test(numbers_as_jansson),
        cmocka_unit_test(documents_as_jansson),
        cmocka_unit_test(incomplete_and_failed_documents),
        cmocka_unit_test(nesting_is_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
