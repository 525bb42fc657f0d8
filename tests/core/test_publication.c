/*
 * test_publication.c: the publication rule (core/publication.h): a
 * carrier's date on or before today; a partial date once its period is over;
 * letters only when published.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "core/publication.h"

static void dates(void **state)
{
    (void)state;
    const char *today = "2026-01-15";
    assert_true(publication_is_public("2025-03-01", today));
    assert_true(publication_is_public("2026-01-15", today));   /* on the day */
    assert_false(publication_is_public("2026-01-16", today));
    assert_false(publication_is_public(NULL, today));
    assert_false(publication_is_public("", today));
    /* partial dates count once their period is over */
    assert_true(publication_is_public("2025", today));
    assert_true(publication_is_public("2025-12", today));
    assert_false(publication_is_public("2026-01", today));
    assert_false(publication_is_public("2026", today));
    assert_false(publication_is_public("2026-01", "2026-01-31"));
    assert_true(publication_is_public("2026-01", "2026-02-01"));
    assert_true(publication_is_public("2025", "2026-01-01"));
    char key[11];
    publication_key("2024-02", key);
    assert_string_equal(key, "2024-02-99");
    publication_key("2024", key);
    assert_string_equal(key, "2024-99-99");
}

static void letters(void **state)
{
    (void)state;
    const char *today = "2026-01-15";
    assert_true(publication_letter_is_public("published", "2025-05-01", today));
    assert_false(publication_letter_is_public("approved", "2025-05-01", today));
    assert_false(publication_letter_is_public("draft", "2025-05-01", today));
    assert_false(publication_letter_is_public("published", "2026-06-01", today));   /* scheduled */
    /* no date of its own: public once published */
    assert_true(publication_letter_is_public("published", NULL, today));
    assert_true(publication_letter_is_public("published", "", today));
    assert_false(publication_letter_is_public("approved", NULL, today));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(dates), cmocka_unit_test(letters)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
