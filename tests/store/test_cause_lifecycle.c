/* test_cause_lifecycle.c: migration 024 upgrades a database made by the
 * release before it with nothing lost: its causes of concern keep every
 * column (a closed one its outcome and reason) and read as neither
 * superseded nor withdrawn. Then on the upgraded file: a cause superseded
 * by a named successor cause of the same body (another body's, a missing
 * one, itself, a closed cause refused), one withdrawn; and the whole record
 * exported and restored into a fresh database keeps them (a successor newer
 * than what it supersedes included). A SQLite file (the PostgreSQL schema
 * is held to it by store/schema; the HTTP tests run on both). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include "store/store.h"
#include "store/export.h"
#include "store/migrations.h"
#include "store/record.h"
#include "support/support.h"
#include "old_release.h"

static char DIR_[256], PATH[400], URL[420];

static void make_old_database(void)
{
    const char *data =
        "INSERT INTO bodies (id, code, name, kind, phase) VALUES (1, 'kent', 'Kent Police', 'police', 'scan');"
        "INSERT INTO bodies (id, code, name, kind, phase) VALUES (2, 'essex', 'Essex Police', 'police', 'scan');"
        "INSERT INTO inspections (id, body_id, kind, title, published_on) VALUES (1, 1, 'thematic', 'Calls', '2024-05-01');"
        "INSERT INTO causes_of_concern (id, body_id, inspection_id, title, text, issued_on) VALUES"
        " (1, 1, 1, 'Calls', 'Call handling', '2024-05'),"
        " (2, 1, 1, 'Calls and contact', 'Call handling and contact', '2024-06'),"
        " (3, 1, 1, NULL, 'Custody', '2024-05'),"
        " (4, 2, NULL, NULL, 'Essex calls', '2024-05');"
        "INSERT INTO causes_of_concern (id, body_id, inspection_id, text, issued_on, status, closed_on, closed_by,"
        " outcome, closing_reason, priority) VALUES (5, 1, 1, 'Vetting', '2024-05', 'closed', '2025-01', 'insp',"
        " 'implemented', 'Seen at the revisit', 1);";
    old_release_database(PATH, "024", data);
}

static json_t *row_of(store_t *s, long long id)
{
    json_t *row = NULL;
    ov_error_t err = {0};
    if (store_query_one(s, &row, &err, "", "SELECT * FROM causes_of_concern WHERE id = ?", "i", id) != 0)
        fail_msg("cause %lld: %s", id, err.message);
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
    json_t *r = row_of(s, 5);
    assert_string_equal(str(r, "status"), "closed");
    assert_string_equal(str(r, "closed_on"), "2025-01");
    assert_string_equal(str(r, "closed_by"), "insp");
    assert_string_equal(str(r, "outcome"), "implemented");
    assert_string_equal(str(r, "closing_reason"), "Seen at the revisit");
    assert_int_equal(num(r, "priority"), 1);
    assert_true(json_is_null(json_object_get(r, "lifecycle")));
    assert_true(json_is_null(json_object_get(r, "superseded_by_id")));
    assert_true(json_is_null(json_object_get(r, "lifecycle_reason")));
    json_decref(r);
    r = row_of(s, 1);
    assert_string_equal(str(r, "text"), "Call handling");
    assert_string_equal(str(r, "status"), "open");
    assert_true(json_is_null(json_object_get(r, "lifecycle")));
    json_decref(r);
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
    rec_end_input_t in = {.end = {.kind = "superseded", .on = "2025-02-01", .reason = "Widened", .successor_id = 2},
                          .by = "insp", .errors = errors};
    assert_int_equal(store_cause_end(s, 1, -1, &in, &analyst, &err), OV_EFORBIDDEN);
    assert_int_equal(store_cause_end(s, 5, -1, &in, &inspector, &err), OV_ECONFLICT);   /* closed already */
    in.end.successor_id = 4;   /* Essex's: not the same body */
    assert_int_equal(store_cause_end(s, 1, -1, &in, &inspector, &err), OV_EINVALID);
    assert_string_equal(err.field, "successor_id");
    assert_non_null(strstr(err.message, "same body"));
    json_object_clear(errors);
    in.end.successor_id = 99;
    assert_int_equal(store_cause_end(s, 1, -1, &in, &inspector, &err), OV_EINVALID);
    assert_string_equal(err.field, "successor_id");
    json_object_clear(errors);
    in.end.successor_id = 1;
    assert_int_equal(store_cause_end(s, 1, -1, &in, &inspector, &err), OV_EINVALID);
    assert_string_equal(err.field, "successor_id");
    json_object_clear(errors);
    in.end.successor_id = 2;
    in.end.on = "2024-01-01";   /* before it was issued */
    in.end.reason = "";
    assert_int_equal(store_cause_end(s, 1, -1, &in, &inspector, &err), OV_EINVALID);
    assert_non_null(json_object_get(errors, "on"));
    assert_non_null(json_object_get(errors, "reason"));
    json_object_clear(errors);
    in.end.on = "2025-02-01";
    in.end.reason = "Widened";
    assert_int_equal(store_cause_end(s, 1, 1, &in, &inspector, &err), 0);
    json_t *r = row_of(s, 1);
    assert_string_equal(str(r, "status"), "closed");
    assert_string_equal(str(r, "lifecycle"), "superseded");
    assert_int_equal(num(r, "superseded_by_id"), 2);
    assert_string_equal(str(r, "closed_on"), "2025-02-01");
    assert_string_equal(str(r, "closed_by"), "insp");
    assert_string_equal(str(r, "lifecycle_reason"), "Widened");
    json_decref(r);
    /* 1 is superseded: nothing may name it as its successor */
    rec_end_input_t w = {.end = {.kind = "superseded", .on = "2025-02-01", .reason = "x", .successor_id = 1},
                         .by = "insp", .errors = errors};
    assert_int_equal(store_cause_end(s, 3, -1, &w, &inspector, &err), OV_EINVALID);
    assert_string_equal(err.field, "successor_id");
    json_object_clear(errors);
    rec_end_input_t wd = {.end = {.kind = "withdrawn", .on = "2025-03-01", .reason = "Not a concern"}, .by = "insp",
                          .errors = errors};
    assert_int_equal(store_cause_end(s, 3, -1, &wd, &inspector, &err), 0);
    r = row_of(s, 3);
    assert_string_equal(str(r, "lifecycle"), "withdrawn");
    assert_true(json_is_null(json_object_get(r, "superseded_by_id")));
    json_decref(r);
    json_decref(errors);
    store_close(s);
}

/* The whole record out and into a fresh database: the lifecycle and the
 * successor (restored after every row is in) kept. */
static void export_restore_keeps_them(void **state)
{
    (void)state;
    store_t *s = NULL, *t = NULL;
    ov_error_t err = {0};
    if (store_open(URL, STORE_OPEN_EXISTING, &s, &err) != 0) fail_msg("open: %s", err.message);
    json_t *tables = NULL;
    assert_int_equal(store_export_tables(s, NULL, &tables, &err), 0);
    store_close(s);
    char url2[440];
    snprintf(url2, sizeof url2, "sqlite:%s/new.db", DIR_);
    if (store_open(url2, STORE_OPEN_CREATE, &t, &err) != 0) fail_msg("create: %s", err.message);
    long long n = 0;
    if (store_export_restore(t, tables, &n, &err) != 0) fail_msg("restore: %s", err.message);
    json_decref(tables);
    json_t *r = row_of(t, 1);
    assert_string_equal(str(r, "lifecycle"), "superseded");
    assert_int_equal(num(r, "superseded_by_id"), 2);
    assert_string_equal(str(r, "lifecycle_reason"), "Widened");
    json_decref(r);
    r = row_of(t, 3);
    assert_string_equal(str(r, "lifecycle"), "withdrawn");
    json_decref(r);
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
