/* test_report_counts.c: migration 018 upgrades a database made before it
 * (every migration up to 016) and keeps what its reports say: each
 * inspection keeps every column, and recommendations_made (how many
 * recommendations the report made) is NULL, "not recorded", never counted
 * from the rows held; afterwards it takes a count and refuses a negative
 * one. A SQLite file (the PostgreSQL schema is held to it by store/schema). */
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

static void upgrade_keeps_reports(void **state)
{
    (void)state;
    assert_int_equal(t_mkdtemp(DIR_), 0);
    snprintf(PATH, sizeof PATH, "%s/old.db", DIR_);
    snprintf(URL, sizeof URL, "sqlite:%s", PATH);
    old_release_database(PATH, "018",
        "INSERT INTO bodies (id, code, name, kind, phase) VALUES (1, 'kent', 'Kent Police', 'police', 'scan');"
        "INSERT INTO inspections (id, body_id, kind, title, published_on, summary, url)"
        " VALUES (1, 1, 'thematic', 'Kent report', '2024-02-09', 'It made 4 recommendations.', 'https://example.org/r');"
        "INSERT INTO recommendations (id, body_id, inspection_id, number, addressee, text, issued_on)"
        " VALUES (1, 1, 1, '1', 'CC', 'r1', '2024-02');");
    store_t *s = NULL;
    ov_error_t err = {0};
    if (store_open(URL, STORE_OPEN_EXISTING, &s, &err) != 0) fail_msg("open: %s", err.message);
    assert_int_equal(store_schema_version(s), migrations_count());
    json_t *row = NULL;
    assert_int_equal(store_query_one(s, &row, &err, "", "SELECT title, published_on, summary, url, recommendations_made"
                                                        " FROM inspections WHERE id = 1", NULL), 0);
    assert_string_equal(json_string_value(json_object_get(row, "title")), "Kent report");
    assert_string_equal(json_string_value(json_object_get(row, "published_on")), "2024-02-09");
    assert_string_equal(json_string_value(json_object_get(row, "summary")), "It made 4 recommendations.");
    assert_string_equal(json_string_value(json_object_get(row, "url")), "https://example.org/r");
    assert_true(json_is_null(json_object_get(row, "recommendations_made")));   /* not guessed as 1 */
    json_decref(row);
    assert_int_equal(store_exec(s, NULL, NULL, &err, "UPDATE inspections SET recommendations_made = 4 WHERE id = 1", NULL), 0);
    assert_int_not_equal(store_exec(s, NULL, NULL, &err, "UPDATE inspections SET recommendations_made = -1 WHERE id = 1", NULL), 0);
    store_close(s);
    t_rmdir(DIR_);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(upgrade_keeps_reports),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
