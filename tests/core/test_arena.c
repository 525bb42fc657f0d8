/* test_arena.c: strings copied into blocks, freed together. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/arena.h"

/* Every copy keeps its text while more are made (across many blocks),
 * copies are distinct memory, and the empty string copies too. */
static void copies_stay_put(void **state)
{
    (void)state;
    arena_t a = ARENA_INIT;
    enum { N = 100000 };
    char **got = calloc(N, sizeof *got);
    assert_non_null(got);
    char want[32];
    for (int i = 0; i < N; i++) {
        snprintf(want, sizeof want, "value %d", i);
        assert_non_null(got[i] = arena_strdup(&a, want));
    }
    for (int i = 0; i < N; i++) {
        snprintf(want, sizeof want, "value %d", i);
        assert_string_equal(got[i], want);
    }
    assert_ptr_not_equal(got[0], got[1]);
    char *empty = arena_strdup(&a, "");
    assert_non_null(empty);
    assert_string_equal(empty, "");
    free(got);
    arena_free(&a);
    assert_null(a.head);
    assert_int_equal(a.used, 0);
}

/* A string longer than a block gets one of its own; copies made before
 * and after it keep their text. */
static void long_strings(void **state)
{
    (void)state;
    arena_t a = ARENA_INIT;
    char *small = arena_strdup(&a, "small");
    size_t n = 600 * 1024;
    char *big = malloc(n + 1);
    assert_non_null(big);
    memset(big, 'x', n);
    big[n] = '\0';
    char *copy = arena_strdup(&a, big);
    assert_non_null(copy);
    assert_int_equal(strlen(copy), n);
    assert_memory_equal(copy, big, n + 1);
    assert_string_equal(small, "small");
    char *after = arena_strdup(&a, "after");
    assert_string_equal(after, "after");
    assert_memory_equal(copy, big, n + 1);
    free(big);
    arena_free(&a);
    arena_free(&a);   /* again: nothing */
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(copies_stay_put), cmocka_unit_test(long_strings)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
