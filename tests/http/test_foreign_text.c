/* test_foreign_text.c: text that is not UTF-8 in the database, written by
 * other means than the API (raw SQL here; the API, forms and imports take
 * only UTF-8). The row reader (store_query_each) reads such a cell as
 * NULL, and the replies stay valid UTF-8: the deadlines list names the
 * body by its code and the recommendation by its id. A SQLite file (a
 * PostgreSQL database in UTF-8 refuses such text itself). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "support/support.h"

static t_site_t S;
static char ANALYST[160];

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "foreign.db", T_SITE_DEMO | T_SITE_FILE) != 0) return -1;
    if (t_user_bearer(S.db, "ana", "analyst", NULL, ANALYST) != 0) return -1;
    return t_site_serve(&S, t_today);
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

static void deadlines_stay_utf8(void **state)
{
    (void)state;
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(S.path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    /* "Met\xFF" and "1\xC3(" (a lead byte without its continuation) */
    assert_int_equal(sqlite3_exec(db,
                                  "UPDATE bodies SET name = CAST(X'4D6574FF' AS TEXT) WHERE code = 'met';"
                                  "UPDATE recommendations SET number = CAST(X'31C328' AS TEXT)"
                                  " WHERE body_id = (SELECT id FROM bodies WHERE code = 'met');",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_true(sqlite3_changes(db) > 0);
    sqlite3_close(db);

    t_http_t r;
    t_get(&S, "/api/v1/deadlines?today=2024-01-01&before=2024-12-31", ANALYST, 200, &r);
    json_error_t e;
    json_t *j = json_loadb(r.body, r.len, 0, &e);   /* jansson refuses invalid UTF-8 */
    if (!j) fail_msg("not valid JSON: %s", e.text);
    int met = 0;
    for (int k = 0; k < 2; k++) {
        size_t i;
        json_t *it;
        json_array_foreach(json_object_get(j, k ? "upcoming" : "overdue"), i, it) {
            if (strcmp(json_string_value(json_object_get(it, "code")), "met") != 0) continue;
            const char *title = json_string_value(json_object_get(it, "title"));
            const char *reason = json_string_value(json_object_get(it, "reason"));
            assert_non_null(title);
            assert_non_null(reason);
            if (strcmp(json_string_value(json_object_get(it, "kind")), "recommendation") == 0) {
                char want[64];
                snprintf(want, sizeof want, "Recommendation (id %lld)",
                         (long long)json_integer_value(json_object_get(it, "id")));
                assert_memory_equal(title, want, strlen(want));
            }
            assert_non_null(strstr(reason, " for met "));
            met++;
        }
    }
    assert_true(met > 0);
    json_decref(j);
    t_http_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(deadlines_stay_utf8),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
