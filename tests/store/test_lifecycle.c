/* test_lifecycle.c: migration 017 upgrades a database made by the release
 * before it (migrations up to 016) with nothing lost: its recommendations
 * and causes keep every column, read as not superseded, not withdrawn and
 * not a priority (NULL: never set); the controlled list of themes is there with its
 * defaults. Then on the upgraded file: superseding (the successor checked),
 * withdrawing, reopening, themes set and changed, each tag audited; and
 * the whole record exported and restored
 * into a fresh database keeps them (a successor newer than what it
 * supersedes included). A SQLite file (the PostgreSQL schema is held to it
 * by store/schema; the HTTP tests run on both). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include "store/store.h"
#include "store/audit.h"
#include "store/export.h"
#include "store/migrations.h"
#include "store/record.h"
#include "store/themes.h"
#include "support/support.h"
#include "old_release.h"

static char DIR_[256], PATH[400], URL[420];

static void make_old_database(void)
{
    const char *data =
        "INSERT INTO bodies (id, code, name, kind, phase) VALUES (1, 'kent', 'Kent Police', 'police', 'scan');"
        "INSERT INTO inspections (id, body_id, kind, title, published_on) VALUES (1, 1, 'thematic', 'Calls', '2024-05-01');"
        "INSERT INTO causes_of_concern (id, body_id, inspection_id, text, issued_on) VALUES (1, 1, 1, 'Call handling', '2024-05');"
        "INSERT INTO recommendations (id, body_id, cause_id, number, addressee, text, issued_on, status, implemented_on,"
        " closed_on, closed_by, outcome, closing_reason) VALUES (1, 1, 1, '1', 'CC', 'r1', '2024-05', 'closed',"
        " '2024-12', '2025-01', 'insp', 'implemented', 'Seen at the revisit');"
        "INSERT INTO recommendations (id, body_id, cause_id, number, addressee, text, issued_on, original_deadline)"
        " VALUES (2, 1, 1, '2', 'CC', 'r2', '2024-05', '2024-12-31');"
        "INSERT INTO recommendations (id, body_id, cause_id, number, addressee, text, issued_on)"
        " VALUES (3, 1, 1, '3', 'CC', 'r3', '2024-05');";
    old_release_database(PATH, "017", data);
}

static json_t *row_of(store_t *s, const char *sql, long long id)
{
    json_t *row = NULL;
    ov_error_t err = {0};
    if (store_query_one(s, &row, &err, "", sql, "i", id) != 0) fail_msg("%s: %s", sql, err.message);
    return row;
}

static const char *str(const json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

static long long num(const json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

static void upgrade_loses_nothing(void **state)
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
    json_t *r = row_of(s, "SELECT * FROM recommendations WHERE id = ?", 1);
    assert_string_equal(str(r, "status"), "closed");
    assert_string_equal(str(r, "outcome"), "implemented");
    assert_string_equal(str(r, "closing_reason"), "Seen at the revisit");
    assert_string_equal(str(r, "closed_by"), "insp");
    assert_true(json_is_null(json_object_get(r, "lifecycle")));
    assert_true(json_is_null(json_object_get(r, "superseded_by_id")));
    assert_true(json_is_null(json_object_get(r, "priority")));   /* never set: not a priority */
    json_decref(r);
    r = row_of(s, "SELECT * FROM recommendations WHERE id = ?", 2);
    assert_string_equal(str(r, "original_deadline"), "2024-12-31");
    assert_string_equal(str(r, "status"), "open");
    json_decref(r);
    r = row_of(s, "SELECT * FROM causes_of_concern WHERE id = ?", 1);
    assert_string_equal(str(r, "text"), "Call handling");
    assert_true(json_is_null(json_object_get(r, "priority")));
    json_decref(r);
    json_t *themes = NULL;
    assert_int_equal(store_themes_list(s, &themes, &err), 0);
    assert_true(json_array_size(themes) >= 10);
    json_decref(themes);
    assert_int_equal(store_theme_known(s, "child_protection", &err), 1);
    assert_int_equal(store_theme_known(s, "no_such_theme", &err), 0);
    store_close(s);
}

static void lifecycle_on_the_upgraded_file(void **state)
{
    (void)state;
    store_t *s = NULL;
    ov_error_t err = {0};
    if (store_open(URL, STORE_OPEN_EXISTING, &s, &err) != 0) fail_msg("open: %s", err.message);
    store_thread_actor_set("test");
    record_actor_t inspector = {.can_close = 1, .can_progress = 1}, analyst = {.can_close = 0, .can_progress = 1};
    json_t *errors = json_object();
    rec_end_input_t in = {.end = {.kind = "superseded", .on = "2025-02-01", .reason = "Replaced by 3",
                                  .successor_id = 3},
                          .by = "insp", .errors = errors};
    assert_int_equal(store_rec_end(s, 2, -1, &in, &analyst, &err), OV_EFORBIDDEN);
    /* a closed recommendation is not ended again */
    assert_int_equal(store_rec_end(s, 1, -1, &in, &inspector, &err), OV_ECONFLICT);
    in.end.successor_id = 99;
    assert_int_equal(store_rec_end(s, 2, -1, &in, &inspector, &err), OV_EINVALID);
    assert_string_equal(err.field, "successor_id");
    json_object_clear(errors);
    in.end.successor_id = 3;
    in.end.reason = " ";
    in.end.on = "soon";
    assert_int_equal(store_rec_end(s, 2, -1, &in, &inspector, &err), OV_EINVALID);
    assert_non_null(json_object_get(errors, "on"));
    assert_non_null(json_object_get(errors, "reason"));
    json_object_clear(errors);
    in.end.reason = "Replaced by 3";
    in.end.on = "2025-02-01";
    assert_int_equal(store_rec_end(s, 2, 1, &in, &inspector, &err), 0);
    json_t *r = row_of(s, "SELECT * FROM recommendations WHERE id = ?", 2);
    assert_string_equal(str(r, "status"), "closed");
    assert_string_equal(str(r, "lifecycle"), "superseded");
    assert_int_equal(num(r, "superseded_by_id"), 3);
    assert_string_equal(str(r, "closed_on"), "2025-02-01");
    assert_string_equal(str(r, "lifecycle_reason"), "Replaced by 3");
    json_decref(r);
    /* 2 is superseded: nothing may name it as its successor */
    rec_end_input_t w = {.end = {.kind = "superseded", .on = "2025-02-01", .reason = "x", .successor_id = 2},
                         .by = "insp", .errors = errors};
    assert_int_equal(store_rec_end(s, 3, -1, &w, &inspector, &err), OV_EINVALID);
    json_object_clear(errors);
    /* themes: set, changed (one removed, one added), unknown refused */
    json_t *codes = json_pack("[s,s]", "call_handling", "leadership_culture");
    assert_int_equal(store_item_set_themes(s, "recommendations", 3, -1, codes, &err), 0);
    json_decref(codes);
    codes = json_pack("[s]", "nope");
    assert_int_equal(store_item_set_themes(s, "recommendations", 3, -1, codes, &err), OV_EINVALID);
    assert_string_equal(err.field, "themes");
    json_decref(codes);
    codes = json_pack("[s,s]", "call_handling", "child_protection");
    assert_int_equal(store_item_set_themes(s, "recommendations", 3, -1, codes, &err), 0);
    json_decref(codes);
    codes = json_pack("[s]", "call_handling");
    assert_int_equal(store_item_set_themes(s, "causes_of_concern", 1, -1, codes, &err), 0);
    json_decref(codes);
    json_t *have = NULL;
    assert_int_equal(store_item_themes(s, "recommendations", 3, &have, &err), 0);
    assert_int_equal(json_array_size(have), 2);
    json_decref(have);
    assert_int_equal(store_theme_add(s, "roads", "Roads policing", NULL, NULL, &err), 0);
    assert_int_equal(store_theme_add(s, "roads", "Roads policing", NULL, NULL, &err), OV_ECONFLICT);
    /* the withdrawn one: reopened, its lifecycle gone */
    rec_end_input_t wd = {.end = {.kind = "withdrawn", .on = "2025-03-01", .reason = "Not needed"}, .by = "insp",
                          .errors = errors};
    assert_int_equal(store_rec_end(s, 3, -1, &wd, &inspector, &err), 0);
    rec_status_input_t reopen = {.to = "open", .on = "2025-03-02", .by = "insp", .reason = "In error"};
    assert_int_equal(store_rec_set_status(s, 3, -1, &reopen, &inspector, &err), 0);
    r = row_of(s, "SELECT * FROM recommendations WHERE id = ?", 3);
    assert_string_equal(str(r, "status"), "open");
    assert_true(json_is_null(json_object_get(r, "lifecycle")));
    assert_true(json_is_null(json_object_get(r, "lifecycle_reason")));
    json_decref(r);
    json_decref(errors);
    /* each tag added or removed has its entry (the rows of the old release
     * have none, so --deep is the HTTP tests' check) */
    r = row_of(s, "SELECT count(*) AS n FROM audit_log WHERE entity = 'recommendation-themes' AND id > ?", 0);
    assert_int_equal(num(r, "n"), 4);   /* two added, one removed, one added */
    json_decref(r);
    store_close(s);
}

/* The whole record out and into a fresh database: the lifecycle, the
 * successor (restored after every row is in) and the themes kept. */
static void export_restore_keeps_them(void **state)
{
    (void)state;
    store_t *s = NULL, *t = NULL;
    ov_error_t err = {0};
    if (store_open(URL, STORE_OPEN_EXISTING, &s, &err) != 0) fail_msg("open: %s", err.message);
    /* a successor older than what it supersedes would restore anyway; here 2 -> 3 */
    json_t *tables = NULL;
    assert_int_equal(store_export_tables(s, NULL, &tables, &err), 0);
    store_close(s);
    char url2[440];
    snprintf(url2, sizeof url2, "sqlite:%s/new.db", DIR_);
    if (store_open(url2, STORE_OPEN_CREATE, &t, &err) != 0) fail_msg("create: %s", err.message);
    long long n = 0;
    if (store_export_restore(t, tables, &n, &err) != 0) fail_msg("restore: %s", err.message);
    json_decref(tables);
    json_t *r = row_of(t, "SELECT * FROM recommendations WHERE id = ?", 2);
    assert_string_equal(str(r, "lifecycle"), "superseded");
    assert_int_equal(num(r, "superseded_by_id"), 3);
    json_decref(r);
    json_t *have = NULL;
    assert_int_equal(store_item_themes(t, "recommendations", 3, &have, &err), 0);
    assert_int_equal(json_array_size(have), 2);
    json_decref(have);
    assert_int_equal(store_item_themes(t, "causes_of_concern", 1, &have, &err), 0);
    assert_int_equal(json_array_size(have), 1);
    json_decref(have);
    assert_int_equal(store_theme_known(t, "roads", &err), 1);
    store_close(t);
    t_rmdir(DIR_);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(upgrade_loses_nothing),
        cmocka_unit_test(lifecycle_on_the_upgraded_file),
        cmocka_unit_test(export_restore_keeps_them),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
