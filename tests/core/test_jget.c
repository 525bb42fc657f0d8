/* test_jget.c: string members of JSON objects, in their three readings. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "core/jget.h"

static void reads_strings_and_absences(void **state)
{
    (void)state;
    json_t *o = json_pack("{s:s, s:s, s:i, s:n}", "name", "Kent", "empty", "", "id", 4, "none");
    assert_non_null(o);
    assert_string_equal(jget_str(o, "name"), "Kent");
    assert_string_equal(jget_str(o, "empty"), "");
    assert_null(jget_str(o, "id"));      /* not a string */
    assert_null(jget_str(o, "none"));    /* null */
    assert_null(jget_str(o, "missing"));
    assert_null(jget_str(NULL, "name"));
    assert_string_equal(jget_text(o, "name"), "Kent");
    assert_string_equal(jget_text(o, "id"), "");
    assert_string_equal(jget_text(NULL, "name"), "");
    assert_string_equal(jget_nonempty(o, "name"), "Kent");
    assert_null(jget_nonempty(o, "empty"));
    assert_null(jget_nonempty(o, "id"));
    json_t *a = json_array();
    assert_null(jget_str(a, "name"));    /* not an object */
    json_decref(a);
    json_decref(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(reads_strings_and_absences)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
