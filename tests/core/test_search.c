/* test_search.c: the words of a search (core/search.h): how a query is
 * split, written for each index, scored and highlighted. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "core/search.h"

static void words_split_and_fold(void **state)
{
    (void)state;
    search_terms_t t;
    ov_error_t err = {0};
    assert_int_equal(search_terms_parse("  Child-EXPLOITATION, café 2024!", &t, &err), 0);
    assert_int_equal(t.n, 4);
    assert_string_equal(t.term[0], "child");
    assert_string_equal(t.term[1], "exploitation");
    assert_string_equal(t.term[2], "café");
    assert_string_equal(t.term[3], "2024");
    assert_int_equal(search_terms_parse("\"'*:&|!()", &t, &err), 0);
    assert_int_equal(t.n, 0);
    assert_int_equal(search_terms_parse(NULL, &t, &err), 0);
    assert_int_equal(t.n, 0);
}

static void bad_queries_name_q(void **state)
{
    (void)state;
    search_terms_t t;
    ov_error_t err = {0};
    char q[300];
    memset(q, 'a', 201);
    q[201] = '\0';
    assert_int_equal(search_terms_parse(q, &t, &err), OV_EINVALID);
    assert_string_equal(err.field, "q");
    memset(q, 'a', 65);
    q[65] = '\0';
    assert_int_equal(search_terms_parse(q, &t, &err), OV_EINVALID);
    assert_int_equal(search_terms_parse("a b c d e f g h i j k l m", &t, &err), OV_EINVALID);
    assert_int_equal(search_terms_parse("bad \xff byte", &t, &err), OV_EINVALID);
    assert_int_equal(search_terms_parse("overlong \xc0\xaf", &t, &err), OV_EINVALID);
}

static void each_index_its_syntax(void **state)
{
    (void)state;
    search_terms_t t;
    ov_error_t err = {0};
    assert_int_equal(search_terms_parse("child \"exploit", &t, &err), 0);
    buf_t a = BUF_INIT, b = BUF_INIT;
    assert_int_equal(search_fts5_query(&t, &a), 0);
    assert_string_equal(a.data, "\"child\" AND \"exploit\"*");
    assert_int_equal(search_tsquery(&t, &b), 0);
    assert_string_equal(b.data, "'child' & 'exploit':*");
    buf_free(&a);
    buf_free(&b);
}

/* search_pg_vector: distinct words, folded, in byte order (a prefix
 * first, non-ASCII bytes after ASCII), words of 2048 bytes left out, the
 * title's words with the text's; nothing for a NULL. (Equal to
 * PostgreSQL's own search_fts_vector: tests/store/test_store.c.) */
static void pg_vector_words(void **state)
{
    (void)state;
    buf_t b = BUF_INIT;
    assert_int_equal(search_pg_vector("Recommendation 12", "By 2025-06, the Chief should IMPROVE its (call-handling); the end", &b), 0);
    assert_string_equal(b.data, "'06' '12' '2025' 'by' 'call' 'chief' 'end' 'handling' 'improve' 'its' 'recommendation' 'should' 'the'");
    buf_reset(&b);
    assert_int_equal(search_pg_vector("café Cafe", "caf cafés \"quoted\" it's", &b), 0);
    assert_string_equal(b.data, "'caf' 'cafe' 'caf\xc3\xa9' 'caf\xc3\xa9s' 'it' 'quoted' 's'");
    buf_reset(&b);
    assert_int_equal(search_pg_vector("", " ,;- ", &b), 0);
    assert_int_equal(b.len, 0);
    assert_int_equal(search_pg_vector(NULL, "words", &b), 0);
    assert_int_equal(search_pg_vector("words", NULL, &b), 0);
    assert_int_equal(b.len, 0);
    char big[2100];
    memset(big, 'w', 2048);
    strcpy(big + 2048, " short");
    assert_int_equal(search_pg_vector(big, "x", &b), 0);
    assert_string_equal(b.data, "'short' 'x'");
    buf_reset(&b);
    big[2047] = ' ';   /* 2047 bytes: kept */
    assert_int_equal(search_pg_vector(big, "", &b), 0);
    assert_int_equal(b.len, 7 + 1 + 2047 + 2);   /* 'short' 'w...w' */
    assert_int_equal(strncmp(b.data, "'short' 'www", 12), 0);
    buf_free(&b);
}

static void score_and_marks(void **state)
{
    (void)state;
    search_terms_t t;
    ov_error_t err = {0};
    assert_int_equal(search_terms_parse("exploit", &t, &err), 0);
    /* the last word is a prefix; the title counts 3 */
    assert_int_equal(search_score(&t, "Exploitation", "exploited, not exploits-x"), 3 + 2);
    assert_int_equal(search_terms_parse("child exploit", &t, &err), 0);
    assert_int_equal(search_score(&t, "", "children exploitation"), 1);   /* "child" is whole */
    json_t *parts = search_snippet(&t, "<b>child</b> & exploitation", 0);
    assert_int_equal(json_array_size(parts), 4);
    assert_string_equal(json_string_value(json_object_get(json_array_get(parts, 0), "text")), "<b>");
    assert_true(json_is_true(json_object_get(json_array_get(parts, 1), "mark")));
    assert_string_equal(json_string_value(json_object_get(json_array_get(parts, 1), "text")), "child");
    assert_string_equal(json_string_value(json_object_get(json_array_get(parts, 2), "text")), "</b> & ");
    assert_string_equal(json_string_value(json_object_get(json_array_get(parts, 3), "text")), "exploitation");
    buf_t plain = BUF_INIT;
    search_snippet_text(parts, &plain);
    assert_string_equal(plain.data, "<b>child</b> & exploitation");
    buf_free(&plain);
    json_decref(parts);
    /* a long text: a window around the first match, cut at spaces */
    char text[2000] = "";
    for (int i = 0; i < 100; i++) strcat(text, i == 60 ? "exploitation " : "word ");
    parts = search_snippet(&t, text, 100);
    search_snippet_text(parts, &plain);
    assert_true(plain.len <= 100 + 2 * strlen(" …"));
    assert_non_null(strstr(plain.data, "exploitation"));
    assert_int_equal(strncmp(plain.data, "… word", strlen("… word")), 0);
    assert_non_null(strstr(plain.data, "word …"));
    buf_free(&plain);
    json_decref(parts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(words_split_and_fold),
        cmocka_unit_test(bad_queries_name_q),
        cmocka_unit_test(each_index_its_syntax),
        cmocka_unit_test(score_and_marks),
        cmocka_unit_test(pg_vector_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
