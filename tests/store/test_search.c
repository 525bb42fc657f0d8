/* test_search.c: migration 014 indexes what a database already holds (a
 * database of the release before it, migrations up to 012, upgraded:
 * nothing is lost), and its triggers keep the index in step with later
 * writes. A SQLite file (the same searches on PostgreSQL are
 * tests/http/test_search.c's, on a database built through the API). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include "store/store.h"
#include "store/search.h"
#include "store/migrations.h"
#include "support/support.h"
#include "old_release.h"

static char DIR_[256], PATH[400], URL[420];

static void make_old_database(void)
{
    const char *data =
        "INSERT INTO bodies (id, code, name, kind, phase) VALUES (1, 'met', 'Metropolitan Police Service', 'police', 'scan');"
        "INSERT INTO inspections (id, body_id, kind, title, published_on) VALUES (1, 1, 'thematic', 'Report', '2024-02-09');"
        "INSERT INTO inspections (id, body_id, kind, title) VALUES (2, 1, 'thematic', 'Unpublished');"
        "INSERT INTO causes_of_concern (id, body_id, inspection_id, title, text, issued_on)"
        " VALUES (1, 1, 1, 'Exploitation investigations', 'Children at risk of exploitation.', '2024-02');"
        "INSERT INTO recommendations (id, body_id, cause_id, number, addressee, text, issued_on)"
        " VALUES (1, 1, 1, '1', 'Commissioner', 'Improve exploitation work.', '2024-02-09');"
        "INSERT INTO recommendations (id, body_id, inspection_id, number, addressee, text, issued_on)"
        " VALUES (2, 1, 2, '1', 'Commissioner', 'Hidden exploitation work.', '2024-02-09');"
        "INSERT INTO letters (id, body_id, kind, title, conclusion) VALUES (1, 1, 'revisit', 'Exploitation letter', 'draft');"
        "INSERT INTO decisions (id, body_id, from_phase, to_phase, decided_by, decided_on, effective_on, rationale)"
        " VALUES (1, 1, 'scan', 'engage', 'HMCI', '2022-06-01', '2022-06-01', 'Child exploitation and call handling');";
    old_release_database(PATH, "014", data);
}

/* The items found for q as "kind:id ..." sorted by the store's order. */
static void found(store_t *s, const char *q, const char *public_on, char *out, size_t n)
{
    search_terms_t t;
    ov_error_t err = {0};
    assert_int_equal(search_terms_parse(q, &t, &err), 0);
    store_search_filter_t f = {NULL, NULL, NULL, NULL, public_on, NULL, NULL, 0};
    json_t *rows = NULL;
    if (store_search(s, &t, &f, &rows, &err) != 0) fail_msg("search %s: %s", q, err.message);
    size_t i, used = 0;
    json_t *r;
    out[0] = '\0';
    json_array_foreach(rows, i, r)
        used += (size_t)snprintf(out + used, used < n ? n - used : 0, "%s%s:%lld", i ? " " : "",
                                 json_string_value(json_object_get(r, "kind")),
                                 (long long)json_integer_value(json_object_get(r, "id")));
    json_decref(rows);
}

static void upgrade_indexes_what_is_there(void **state)
{
    (void)state;
    assert_int_equal(t_mkdtemp(DIR_), 0);
    snprintf(PATH, sizeof PATH, "%s/old.db", DIR_);
    snprintf(URL, sizeof URL, "sqlite:%s", PATH);
    make_old_database();
    store_t *s = NULL;
    ov_error_t err = {0};
    if (store_open(URL, STORE_OPEN_EXISTING, &s, &err) != 0) fail_msg("open: %s", err.message);
    assert_int_equal(store_schema_version(s), migrations_count());
    char got[400];
    found(s, "exploitation", NULL, got, sizeof got);
    assert_string_equal(got, "recommendation:1 recommendation:2 cause:1 letter:1 decision:1");
    /* the public: no unpublished recommendation, no draft */
    found(s, "exploit", "2026-01-01", got, sizeof got);
    assert_string_equal(got, "recommendation:1 cause:1 decision:1");
    found(s, "call handling", "2026-01-01", got, sizeof got);
    assert_string_equal(got, "decision:1");

    /* later writes: inserted, changed, deleted */
    assert_int_equal(store_exec(s, NULL, NULL, &err,
                                "INSERT INTO recommendations (id, body_id, cause_id, number, addressee, text, issued_on)"
                                " VALUES (3, 1, 1, '2', 'x', 'Okapi plan.', '2024-02-09')", ""), 0);
    found(s, "okapi", "2026-01-01", got, sizeof got);
    assert_string_equal(got, "recommendation:3");
    assert_int_equal(store_exec(s, NULL, NULL, &err, "UPDATE recommendations SET text = 'Zebra plan.' WHERE id = 3", ""),
                     0);
    found(s, "okapi", NULL, got, sizeof got);
    assert_string_equal(got, "");
    found(s, "zebra", NULL, got, sizeof got);
    assert_string_equal(got, "recommendation:3");
    assert_int_equal(store_exec(s, NULL, NULL, &err, "UPDATE letters SET title = 'Renamed' WHERE id = 1", ""), 0);
    found(s, "renamed", NULL, got, sizeof got);
    assert_string_equal(got, "letter:1");
    assert_int_equal(store_exec(s, NULL, NULL, &err, "DELETE FROM recommendations WHERE id = 3", ""), 0);
    found(s, "zebra", NULL, got, sizeof got);
    assert_string_equal(got, "");
    store_close(s);
    t_rmdir(DIR_);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(upgrade_indexes_what_is_there),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
