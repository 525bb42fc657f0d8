/* test_text_blocks.c: copies of strings kept in blocks and freed at once
 * (core/text_blocks.h): each copy NUL-terminated and intact after many
 * more, NULL for NULL, a string longer than half a block kept whole
 * without losing the room left in the current block. Run under valgrind
 * by CI, which also checks that text_blocks_free frees every block. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/text_blocks.h"

static void copies_stay_intact(void **state)
{
    (void)state;
    text_block_t *head = NULL;
    int oom = 0;
    enum { N = 20000 };   /* about 200 KB: several blocks */
    const char **kept = calloc(N, sizeof *kept);
    assert_non_null(kept);
    char s[32];
    for (int i = 0; i < N; i++) {
        int n = snprintf(s, sizeof s, "cell %d", i);
        kept[i] = text_keep(&head, s, (size_t)n, &oom);
        assert_non_null(kept[i]);
    }
    for (int i = 0; i < N; i++) {
        snprintf(s, sizeof s, "cell %d", i);
        assert_string_equal(kept[i], s);
    }
    /* len, not strlen: a cell's bytes up to len, then NUL */
    assert_string_equal(text_keep(&head, "abcdef", 3, &oom), "abc");
    assert_null(text_keep(&head, NULL, 0, &oom));
    assert_int_equal(oom, 0);
    free(kept);
    text_blocks_free(head);
    text_blocks_free(NULL);
}

static void a_big_one_beside_the_current_block(void **state)
{
    (void)state;
    text_block_t *head = NULL;
    int oom = 0;
    const char *small = text_keep(&head, "before", 6, &oom);
    size_t n = 100000;
    char *big = malloc(n + 1);
    assert_non_null(big);
    memset(big, 'x', n);
    big[n] = '\0';
    const char *kept = text_keep(&head, big, n, &oom);
    assert_non_null(kept);
    assert_int_equal(strlen(kept), n);
    assert_memory_equal(kept, big, n);
    /* the next small one goes on in the block "before" is in */
    const char *after = text_keep(&head, "after", 5, &oom);
    assert_ptr_equal(after, small + 7);
    assert_string_equal(small, "before");
    assert_int_equal(oom, 0);
    free(big);
    text_blocks_free(head);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(copies_stay_intact),
        cmocka_unit_test(a_big_one_beside_the_current_block),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
