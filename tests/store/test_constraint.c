/* test_constraint.c: constraint failures told as sentences naming the
 * field, never in the engine's words (issue #13, finding 10).
 *
 * parsers: what SQLite and PostgreSQL report for each kind (UNIQUE,
 * PRIMARY KEY, NOT NULL, CHECK, FOREIGN KEY, a trigger's RAISE) gives the
 * same description and sentence on both.
 * real_failures: the same writes refused by a real database (SQLite, or
 * PostgreSQL under OVERSIGHT_TEST_PG) through store_exec give the same
 * status, field and sentence on both backends, and change nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "store/store.h"
#include "store/constraint.h"
#include "store/entity.h"
#include "store/reference.h"
#include "support/support.h"

/* SQLite's extended codes, as sqlite3.h has them. */
enum { CHECK_ = 275, FOREIGNKEY = 787, NOTNULL = 1299, PRIMARYKEY = 1555, TRIGGER = 1811, UNIQUE = 2067 };

/* No engine text: what SQLite and PostgreSQL say, in their words. */
static void no_engine_words(const char *message)
{
    static const char *const words[] = {"constraint", "UNIQUE", "NOT NULL", "violates", "duplicate key", "Key (",
                                        "failed:", NULL};
    for (int k = 0; words[k]; k++)
        if (strstr(message, words[k])) fail_msg("'%s' in \"%s\"", words[k], message);
}

static void expect(const store_constraint_t *c, int status, const char *field, const char *message)
{
    ov_error_t err = {0};
    assert_int_equal(store_constraint_error(c, &err), status);
    assert_int_equal(err.status, status);
    assert_string_equal(err.field, field);
    assert_string_equal(err.message, message);
    no_engine_words(err.message);
}

static void parsers(void **state)
{
    (void)state;
    store_constraint_t a, b;
    /* the report's case */
    store_constraint_sqlite(UNIQUE, "UNIQUE constraint failed: pcc_responses.inspection_id, pcc_responses.body_id",
                            NULL, &a);
    store_constraint_pg("23505", "pcc_responses", NULL, "pcc_responses_inspection_id_body_id_key",
                        "Key (inspection_id, body_id)=(1, 2) already exists.",
                        "duplicate key value violates unique constraint \"pcc_responses_inspection_id_body_id_key\"",
                        &b);
    assert_int_equal(a.kind, STORE_C_UNIQUE);
    assert_string_equal(a.table, "pcc_responses");
    assert_string_equal(a.columns, "inspection_id,body_id");
    assert_string_equal(b.columns, "inspection_id,body_id");
    const char *dup = "a PCC response to this inspection from this body's local policing body is already recorded";
    expect(&a, OV_ECONFLICT, "inspection_id", dup);
    expect(&b, OV_ECONFLICT, "inspection_id", dup);
    /* several columns; body_id is the field "body" */
    store_constraint_sqlite(UNIQUE, "UNIQUE constraint failed: ppog_items.meeting_id, ppog_items.body_id", NULL, &a);
    store_constraint_pg("23505", "ppog_items", NULL, "ppog_items_meeting_id_body_id_key",
                        "Key (meeting_id, body_id)=(1, 25) already exists.", NULL, &b);
    expect(&a, OV_ECONFLICT, "body", "this PPOG meeting already has an item for this body");
    expect(&b, OV_ECONFLICT, "body", "this PPOG meeting already has an item for this body");
    /* a duplicate without a sentence of its own; a primary key */
    store_constraint_sqlite(PRIMARYKEY, "UNIQUE constraint failed: inspections.id", NULL, &a);
    store_constraint_pg("23505", "inspections", NULL, "inspections_pkey", "Key (id)=(3) already exists.", NULL, &b);
    expect(&a, OV_ECONFLICT, "id", "an inspection with this id is already recorded");
    expect(&b, OV_ECONFLICT, "id", "an inspection with this id is already recorded");
    /* NOT NULL */
    store_constraint_sqlite(NOTNULL, "NOT NULL constraint failed: inspections.grade_scale", NULL, &a);
    store_constraint_pg("23502", "inspections", "grade_scale", NULL,
                        "Failing row contains (1, 25, peel, x, null, ...).", NULL, &b);
    expect(&a, OV_EINVALID, "grade_scale", "grade_scale is required for an inspection");
    expect(&b, OV_EINVALID, "grade_scale", "grade_scale is required for an inspection");
    /* a column's CHECK, and a table's */
    store_constraint_sqlite(CHECK_, "CHECK constraint failed: kind IN ('peel', 'thematic', 'revisit', 'other')",
                            "UPDATE inspections SET kind = ?, version = version + 1 WHERE id = ?", &a);
    store_constraint_pg("23514", "inspections", NULL, "inspections_kind_check", "Failing row contains (...)", NULL, &b);
    expect(&a, OV_EINVALID, "kind", "kind is not a value an inspection may have");
    expect(&b, OV_EINVALID, "kind", "kind is not a value an inspection may have");
    store_constraint_sqlite(CHECK_, "CHECK constraint failed: status = 'open' OR closed_on IS NOT NULL",
                            "UPDATE causes_of_concern SET status = ? WHERE id = ?", &a);
    store_constraint_pg("23514", "causes_of_concern", NULL, "causes_of_concern_check", NULL, NULL, &b);
    expect(&a, OV_ECONFLICT, "", "the change would break a rule of the cause of concern");
    expect(&b, OV_ECONFLICT, "", "the change would break a rule of the cause of concern");
    /* FOREIGN KEY: PostgreSQL says which reference, SQLite does not */
    store_constraint_sqlite(FOREIGNKEY, "FOREIGN KEY constraint failed", "INSERT INTO grades (inspection_id) VALUES (?)", &a);
    store_constraint_pg("23503", "grades", NULL, "grades_inspection_id_fkey",
                        "Key (inspection_id)=(999) is not present in table \"inspections\".", NULL, &b);
    expect(&a, OV_EINVALID, "", "a grade may not refer to a row that does not exist");
    expect(&b, OV_EINVALID, "inspection_id", "inspection_id names an inspection that does not exist");
    /* a trigger's own words pass; PostgreSQL's P0001 is the same */
    store_constraint_sqlite(TRIGGER, "an approved letter never changes", NULL, &a);
    store_constraint_pg("P0001", NULL, NULL, NULL, NULL, "an approved letter never changes", &b);
    expect(&a, OV_ECONFLICT, "", "an approved letter never changes");
    expect(&b, OV_ECONFLICT, "", "an approved letter never changes");
    /* not constraints */
    store_constraint_sqlite(5 /* SQLITE_BUSY */, "database is locked", NULL, &a);
    assert_int_equal(a.kind, STORE_C_NONE);
    store_constraint_pg("40001", NULL, NULL, NULL, NULL, "could not serialize access", &b);
    assert_int_equal(b.kind, STORE_C_NONE);
    store_constraint_pg(NULL, NULL, NULL, NULL, NULL, NULL, &b);
    assert_int_equal(b.kind, STORE_C_NONE);
}

/* The first row's n. */
static long long count(store_t *s, const char *sql)
{
    json_t *row = NULL;
    ov_error_t err = {0};
    assert_int_equal(store_query_one(s, &row, &err, "", sql, NULL), 0);
    long long n = json_integer_value(json_object_get(row, "n"));
    json_decref(row);
    return n;
}

/* A write the database refuses: its status and field; the message in
 * the store's words. */
static void refused(store_t *s, const char *sql, const char *types, long long a, long long b, int status,
                    const char *field, const char *message)
{
    ov_error_t err = {0};
    int rc = store_exec(s, NULL, NULL, &err, sql, types, a, b);
    if (rc != status || strcmp(err.field, field) || strcmp(err.message, message))
        fail_msg("%s: %d [%s] %s", sql, rc, err.field, err.message);
    no_engine_words(err.message);
}

static void real_failures(void **state)
{
    (void)state;
    char dir[256], path[300], url[512];
    assert_int_equal(t_mkdtemp(dir), 0);
    snprintf(path, sizeof path, "%s/c.db", dir);
    assert_int_equal(t_db_url(url, path), 0);
    store_t *s = NULL;
    ov_error_t err = {0};
    assert_int_equal(store_open(url, STORE_OPEN_CREATE, &s, &err), 0);
    assert_int_equal(store_reference_load_bodies(s, &err), 0);
    json_t *in = json_pack("{s:s, s:s, s:s}", "body", "kent", "kind", "peel", "title", "t");
    long long insp = 0;
    assert_int_equal(store_entity_insert(s, entity_find("inspections"), in, &store_authz_system, &insp, &err), 0);
    json_decref(in);
    assert_int_equal(store_exec(s, NULL, NULL, &err,
                                "INSERT INTO pcc_responses (inspection_id, body_id, published_on)"
                                " SELECT id, body_id, '2025-01-01' FROM inspections WHERE id = ?", "i",
                                insp), 0);
    long long before = count(s, "SELECT COUNT(*) AS n FROM pcc_responses");

    refused(s,
            "INSERT INTO pcc_responses (inspection_id, body_id, published_on)"
            " SELECT id, body_id, '2025-02-01' FROM inspections WHERE id = ?", "i", insp, 0, OV_ECONFLICT,
            "inspection_id", "a PCC response to this inspection from this body's local policing body is already recorded");
    refused(s, "UPDATE inspections SET grade_scale = NULL WHERE id = ?", "i", insp, 0, OV_EINVALID, "grade_scale",
            "grade_scale is required for an inspection");
    refused(s, "UPDATE inspections SET kind = 'nonsense' WHERE id = ?", "i", insp, 0, OV_EINVALID, "kind",
            "kind is not a value an inspection may have");
    refused(s, "INSERT INTO grades (inspection_id, area, grade) VALUES (?, 'a', 'good')", "i", 999999, 0,
            OV_EINVALID, t_db_pg() ? "inspection_id" : "",
            t_db_pg() ? "inspection_id names an inspection that does not exist"
                      : "a grade may not refer to a row that does not exist");
    /* the four-point scale, for the trigger below */
    assert_int_equal(store_exec(s, NULL, NULL, &err, "UPDATE inspections SET grade_scale = 'peel4' WHERE id = ?", "i",
                                insp), 0);
    assert_int_equal(store_exec(s, NULL, NULL, &err, "INSERT INTO grades (inspection_id, area, grade) VALUES (?, 'a', 'good')",
                                "i", insp), 0);
    refused(s, "INSERT INTO grades (inspection_id, area, grade) VALUES (?, 'a', 'inadequate')", "i", insp, 0,
            OV_ECONFLICT, "area", "this inspection already has a grade for this area");
    /* a trigger: adequate is not a grade of the four-point scale */
    refused(s, "INSERT INTO grades (inspection_id, area, grade) VALUES (?, 'b', 'adequate')", "i", insp, 0,
            OV_ECONFLICT, "", "adequate is not a grade of the four-point scale this inspection uses");

    assert_int_equal(count(s, "SELECT COUNT(*) AS n FROM pcc_responses"), before);
    assert_int_equal(count(s, "SELECT COUNT(*) AS n FROM grades"), 1);
    store_close(s);
    t_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parsers),
        cmocka_unit_test(real_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
