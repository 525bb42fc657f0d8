/* test_releases.c: migration 019 (news releases) upgrades a database made
 * by the release before it (migrations up to 016) with nothing lost: its
 * letters and decisions stay as they were, the new tables start empty, and
 * a release can go with a letter of the old database. Then the new tables'
 * guards: an approved release never changes, edits are kept as they were,
 * nothing is deleted. A SQLite file (the PostgreSQL schema is held to it
 * by store/schema). */
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

static long long count(store_t *s, const char *sql)
{
    json_t *row = NULL;
    ov_error_t err = {0};
    if (store_query_one(s, &row, &err, "", sql, NULL) != 0) fail_msg("%s: %s", sql, err.message);
    long long n = json_integer_value(json_object_get(row, "n"));
    json_decref(row);
    return n;
}

static void upgrade_keeps_letters_and_adds_releases(void **state)
{
    (void)state;
    assert_int_equal(t_mkdtemp(DIR_), 0);
    snprintf(PATH, sizeof PATH, "%s/old.db", DIR_);
    snprintf(URL, sizeof URL, "sqlite:%s", PATH);
    old_release_database(PATH, "019",
                         "INSERT INTO bodies (id, code, name, kind, phase) VALUES (1, 'kent', 'Kent Police', 'police', 'scan');"
                         "INSERT INTO decisions (id, body_id, from_phase, to_phase, decided_by, decided_on, effective_on, rationale)"
                         " VALUES (1, 1, 'engage', 'scan', 'HMCI', '2025-01-23', '2025-01-23', 'closed');"
                         "INSERT INTO letters (id, body_id, kind, status, decision_id, published_on, content, created_by)"
                         " VALUES (1, 1, 'return_to_scan', 'published', 1, '2025-01-23', '{\"blocks\":[]}', 'insp');");
    store_t *s = NULL;
    ov_error_t err = {0};
    if (store_open(URL, STORE_OPEN_EXISTING, &s, &err) != 0) fail_msg("open: %s", err.message);
    assert_int_equal(store_schema_version(s), migrations_count());
    assert_int_equal(count(s, "SELECT count(*) AS n FROM letters WHERE id = 1 AND status = 'published'"
                              " AND content = '{\"blocks\":[]}' AND decision_id = 1 AND created_by = 'insp'"), 1);
    assert_int_equal(count(s, "SELECT count(*) AS n FROM decisions WHERE id = 1 AND rationale = 'closed'"), 1);
    assert_int_equal(count(s, "SELECT count(*) AS n FROM releases"), 0);
    assert_int_equal(count(s, "SELECT count(*) AS n FROM release_edits"), 0);
    assert_int_equal(count(s, "SELECT count(*) AS n FROM release_quotes"), 0);
    /* a release beside the old letter, an edit, a quote */
    assert_int_equal(store_exec(s, NULL, NULL, &err,
                                "INSERT INTO releases (id, body_id, letter_id, decision_id) VALUES (1, 1, 1, 1)", NULL), 0);
    assert_int_equal(store_exec(s, NULL, NULL, &err,
                                "INSERT INTO release_edits (release_id, block, text) VALUES (1, 'headline', 'H')", NULL),
                     0);
    assert_int_equal(store_exec(s, NULL, NULL, &err,
                                "INSERT INTO release_quotes (release_id, speaker, text) VALUES (1, 'A', 'Q')", NULL), 0);
    /* the guards */
    assert_int_not_equal(store_exec(s, NULL, NULL, &err, "UPDATE release_edits SET text = 'X'", NULL), 0);
    assert_int_not_equal(store_exec(s, NULL, NULL, &err, "DELETE FROM release_edits", NULL), 0);
    assert_int_not_equal(store_exec(s, NULL, NULL, &err, "INSERT INTO releases (body_id, status) VALUES (1, 'approved')",
                                    NULL), 0);   /* approved needs its frozen words */
    assert_int_equal(store_exec(s, NULL, NULL, &err,
                                "UPDATE releases SET status = 'approved', content = '{}' WHERE id = 1", NULL), 0);
    assert_int_not_equal(store_exec(s, NULL, NULL, &err, "UPDATE releases SET content = '{\"x\":1}' WHERE id = 1", NULL), 0);
    assert_int_not_equal(store_exec(s, NULL, NULL, &err, "DELETE FROM releases", NULL), 0);
    store_close(s);
    t_rmdir(DIR_);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(upgrade_keeps_letters_and_adds_releases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
