/* test_closures.c: migration 016 upgrades a database made before it
 * (migrations up to 012) and keeps what its closures say: a closed
 * recommendation gets outcome "implemented" only where it has an
 * implemented_on date; a closed cause only where it was closed without an
 * override reason and all its recommendations are now closed as
 * implemented; every other closure keeps outcome NULL ("not recorded") and
 * no reason is invented. Open items stay as they were. A SQLite file
 * always (the PostgreSQL schema is held to it by store/schema). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include "store/store.h"
#include "store/migrations.h"
#include "support/support.h"
#include "old_release.h"

static char DIR_[256], PATH[400], URL[420];

static void make_old_database(void)
{
    const char *data =
        "INSERT INTO bodies (id, code, name, kind, phase) VALUES (1, 'kent', 'Kent Police', 'police', 'scan');"
        /* cause 1: closed, no override, its one recommendation closed with an implemented_on date */
        "INSERT INTO causes_of_concern (id, body_id, text, issued_on, status, closed_on) VALUES (1, 1, 'a', '2024', 'closed', '2025-01');"
        "INSERT INTO recommendations (id, body_id, cause_id, number, addressee, text, issued_on, status, implemented_on, closed_on)"
        " VALUES (1, 1, 1, '1', 'CC', 'r1', '2024', 'closed', '2024-12', '2025-01');"
        /* cause 2: closed, no override, a recommendation closed without implemented_on */
        "INSERT INTO causes_of_concern (id, body_id, text, issued_on, status, closed_on) VALUES (2, 1, 'b', '2024', 'closed', '2025-01');"
        "INSERT INTO recommendations (id, body_id, cause_id, number, addressee, text, issued_on, status, closed_on)"
        " VALUES (2, 1, 2, '1', 'CC', 'r2', '2024', 'closed', '2025-01');"
        /* cause 3: closed with an override reason, its recommendation implemented but open */
        "INSERT INTO causes_of_concern (id, body_id, text, issued_on, status, closed_on, close_override_reason)"
        " VALUES (3, 1, 'c', '2024', 'closed', '2025-01', 'left Engage');"
        "INSERT INTO recommendations (id, body_id, cause_id, number, addressee, text, issued_on, status, implemented_on)"
        " VALUES (3, 1, 3, '1', 'CC', 'r3', '2024', 'implemented', '2024-11');"
        /* cause 4: closed, no recommendations at all */
        "INSERT INTO causes_of_concern (id, body_id, text, issued_on, status, closed_on) VALUES (4, 1, 'd', '2024', 'closed', '2025-01');"
        /* cause 5: open */
        "INSERT INTO causes_of_concern (id, body_id, text, issued_on) VALUES (5, 1, 'e', '2024');";
    old_release_database(PATH, "016", data);
}

/* outcome of row id of table, "" for NULL; closing_reason must be NULL. */
static void expect(store_t *s, const char *table, long long id, const char *outcome)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT outcome, closing_reason FROM %s WHERE id = ?", table);
    json_t *row = NULL;
    ov_error_t err = {0};
    if (store_query_one(s, &row, &err, "", sql, "i", id) != 0) fail_msg("%s %lld: %s", table, id, err.message);
    const char *got = json_string_value(json_object_get(row, "outcome"));
    if (strcmp(got ? got : "", outcome) != 0) fail_msg("%s %lld: outcome '%s', wanted '%s'", table, id, got ? got : "", outcome);
    assert_true(json_is_null(json_object_get(row, "closing_reason")));
    json_decref(row);
}

static void upgrade_keeps_what_closures_say(void **state)
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
    expect(s, "recommendations", 1, "implemented");
    expect(s, "recommendations", 2, "");
    expect(s, "recommendations", 3, "");   /* not closed */
    expect(s, "causes_of_concern", 1, "implemented");
    expect(s, "causes_of_concern", 2, "");
    expect(s, "causes_of_concern", 3, "");
    expect(s, "causes_of_concern", 4, "");
    expect(s, "causes_of_concern", 5, "");
    store_close(s);
    t_rmdir(DIR_);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(upgrade_keeps_what_closures_say),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
