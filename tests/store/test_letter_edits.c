/* test_letter_edits.c: migration 023 (the kept edits of a draft letter's
 * blocks) upgrades a database made by the release before it with nothing
 * lost: its letters, draft and approved, stay as they were with no edits;
 * an edit of the draft on the upgraded database is kept with the text it
 * had and read back; edits are never rewritten or deleted. A SQLite file
 * always (the PostgreSQL schema is held to it by store/schema). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/store.h"
#include "store/letters.h"
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

static void upgrade_keeps_the_letters_and_takes_edits(void **state)
{
    (void)state;
    assert_int_equal(t_mkdtemp(DIR_), 0);
    snprintf(PATH, sizeof PATH, "%s/old.db", DIR_);
    snprintf(URL, sizeof URL, "sqlite:%s", PATH);
    old_release_database(PATH, "023",
                         "INSERT INTO bodies (id, code, name, kind, phase) VALUES (1, 'kent', 'Kent Police', 'police', 'scan');"
                         "INSERT INTO letters (id, body_id, kind, title, status, created_by)"
                         " VALUES (1, 1, 'revisit', 'A draft', 'draft', 'ana');"
                         "INSERT INTO letters (id, body_id, kind, title, status, content, created_by, approved_by)"
                         " VALUES (2, 1, 'revisit', 'Approved', 'approved', '{\"title\":\"Approved\"}', 'ana', 'insp');");
    store_t *s = NULL;
    ov_error_t err = {0};
    if (store_open(URL, STORE_OPEN_EXISTING, &s, &err) != 0) fail_msg("open: %s", err.message);
    assert_int_equal(store_schema_version(s), migrations_count());
    assert_int_equal(count(s, "SELECT count(*) AS n FROM letters"), 2);
    assert_int_equal(count(s, "SELECT count(*) AS n FROM letters WHERE id = 2 AND content = '{\"title\":\"Approved\"}'"), 1);
    assert_int_equal(count(s, "SELECT count(*) AS n FROM letter_edits"), 0);
    json_t *edits = NULL;
    assert_int_equal(store_letter_edits(s, 1, &edits, &err), 0);
    assert_int_equal(json_array_size(edits), 0);
    json_decref(edits);
    if (store_exec(s, NULL, NULL, &err,
                   "INSERT INTO letter_edits (letter_id, block, old_text, text, reason, edited_by)"
                   " VALUES (1, 2, 'Drafted.', 'Edited.', 'Clearer', 'insp')", NULL) != 0)
        fail_msg("insert: %s", err.message);
    assert_int_equal(store_letter_edits(s, 1, &edits, &err), 0);
    json_t *e = json_array_get(edits, 0);
    assert_int_equal(json_integer_value(json_object_get(e, "block")), 2);
    assert_string_equal(json_string_value(json_object_get(e, "old_text")), "Drafted.");
    assert_string_equal(json_string_value(json_object_get(e, "text")), "Edited.");
    assert_string_equal(json_string_value(json_object_get(e, "edited_by")), "insp");
    assert_non_null(json_string_value(json_object_get(e, "edited_at")));
    json_decref(edits);
    /* the history is never rewritten; a block has a position */
    assert_int_not_equal(store_exec(s, NULL, NULL, &err, "UPDATE letter_edits SET text = 'X'", NULL), 0);
    assert_int_not_equal(store_exec(s, NULL, NULL, &err, "DELETE FROM letter_edits", NULL), 0);
    assert_int_not_equal(store_exec(s, NULL, NULL, &err,
                                    "INSERT INTO letter_edits (letter_id, block, text) VALUES (1, -1, 'x')", NULL), 0);
    assert_int_equal(count(s, "SELECT count(*) AS n FROM letter_edits WHERE text = 'Edited.'"), 1);
    store_close(s);
    t_rmdir(DIR_);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(upgrade_keeps_the_letters_and_takes_edits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
