/* test_due_day.c: recommendations.due_first_day (migration 025), the first
 * day of each recommendation's current deadline, and due_deadline (026),
 * that deadline as written, stored for the deadlines list. A SQLite file
 * made by the release before 025, or by the one before 026, upgrades with
 * them filled (a year, a month, a day, revised twice, none) and nothing else
 * changed; then, on SQLite or (OVERSIGHT_TEST_PG) PostgreSQL, it stays
 * right through each write path: a new recommendation, a deadline
 * revision, `oversight synth` (its bulk insert gives the value itself: COPY
 * on PostgreSQL) and an open-data import (store_export_restore). The
 * triggers keep it; `audit verify --deep` checks it (tests/cli/audit_deep). */
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
#include "store/synth.h"
#include "support/support.h"
#include "old_release.h"

/* Recommendations whose due_first_day is not the first day of their
 * current deadline (the latest revision's, else the original), or whose
 * due_deadline is not that deadline. */
static long long wrong_days(store_t *s)
{
    json_t *row = NULL;
    ov_error_t err = {0};
    if (store_query_one(s, &row, &err, "",
                        "SELECT count(*) AS n FROM (SELECT due_first_day AS got, CASE length(d) WHEN 4 THEN d || '-01-01'"
                        " WHEN 7 THEN d || '-01' ELSE d END AS want, due_deadline, d FROM (SELECT r.due_first_day,"
                        " r.due_deadline, COALESCE((SELECT dr.new_deadline FROM deadline_revisions dr"
                        " WHERE dr.recommendation_id = r.id ORDER BY dr.id DESC LIMIT 1), r.original_deadline) AS d"
                        " FROM recommendations r) c) x"
                        " WHERE (got IS NULL) <> (want IS NULL) OR got <> want"
                        " OR (due_deadline IS NULL) <> (d IS NULL) OR due_deadline <> d",
                        "") != 0)
        fail_msg("count: %s", err.message);
    long long n = json_integer_value(json_object_get(row, "n"));
    json_decref(row);
    return n;
}

/* The stored day (due_first_day) or deadline (due_deadline) of
 * recommendation id ("" for NULL). */
static void column_of(store_t *s, const char *column, long long id, char out[16])
{
    json_t *row = NULL;
    ov_error_t err = {0};
    char sql[100];
    snprintf(sql, sizeof sql, "SELECT %s AS v FROM recommendations WHERE id = ?", column);
    if (store_query_one(s, &row, &err, "", sql, "i", id) != 0) fail_msg("recommendation %lld: %s", id, err.message);
    const char *v = json_string_value(json_object_get(row, "v"));
    snprintf(out, 16, "%s", v ? v : "");
    json_decref(row);
}

static void day_of(store_t *s, long long id, char out[16])
{
    column_of(s, "due_first_day", id, out);
}

static void deadline_of(store_t *s, long long id, char out[16])
{
    column_of(s, "due_deadline", id, out);
}

static long long count_of(store_t *s, const char *table)
{
    char sql[100];
    snprintf(sql, sizeof sql, "SELECT count(*) AS n FROM %s", table);
    json_t *row = NULL;
    ov_error_t err = {0};
    if (store_query_one(s, &row, &err, "", sql, "") != 0) fail_msg("%s: %s", table, err.message);
    long long n = json_integer_value(json_object_get(row, "n"));
    json_decref(row);
    return n;
}

/* A file of the release whose first missing migration is first_new. */
static void upgrade_from(const char *first_new)
{
    char dir[256], path[400], url[420], day[16];
    assert_int_equal(t_mkdtemp(dir), 0);
    snprintf(path, sizeof path, "%s/old.db", dir);
    snprintf(url, sizeof url, "sqlite:%s", path);
    old_release_database(path, first_new,
                         "INSERT INTO bodies (id, code, name, kind, phase) VALUES (1, 'kent', 'Kent Police', 'police', 'scan');"
                         "INSERT INTO recommendations (id, body_id, number, addressee, text, issued_on, original_deadline) VALUES"
                         " (1, 1, '1', 'CC', 'A year', '2024-05', '2025'),"
                         " (2, 1, '2', 'CC', 'A month, revised twice', '2024-05', '2025-06'),"
                         " (3, 1, '3', 'CC', 'No deadline', '2024-05', NULL),"
                         " (4, 1, '4', 'CC', 'A day', '2024-05-02', '2025-03-31');"
                         "INSERT INTO deadline_revisions (id, recommendation_id, previous_deadline, new_deadline, reason,"
                         " agreed_by, agreed_on) VALUES (1, 2, '2025-06', '2025-12-15', 'IT', 'HMI', '2025-05-01'),"
                         " (2, 2, '2025-12-15', '2026-03', 'Scope', 'HMI', '2025-11-01');");
    store_t *s = NULL;
    ov_error_t err = {0};
    if (store_open(url, STORE_OPEN_EXISTING, &s, &err) != 0) fail_msg("open: %s", err.message);
    assert_int_equal(store_schema_version(s), migrations_count());
    day_of(s, 1, day);
    assert_string_equal(day, "2025-01-01");
    day_of(s, 2, day);
    assert_string_equal(day, "2026-03-01");
    day_of(s, 3, day);
    assert_string_equal(day, "");
    day_of(s, 4, day);
    assert_string_equal(day, "2025-03-31");
    deadline_of(s, 1, day);
    assert_string_equal(day, "2025");
    deadline_of(s, 2, day);
    assert_string_equal(day, "2026-03");
    deadline_of(s, 3, day);
    assert_string_equal(day, "");
    deadline_of(s, 4, day);
    assert_string_equal(day, "2025-03-31");
    /* nothing else moved */
    json_t *row = NULL;
    assert_int_equal(store_query_one(s, &row, &err, "", "SELECT * FROM recommendations WHERE id = 2", ""), 0);
    assert_string_equal(json_string_value(json_object_get(row, "original_deadline")), "2025-06");
    assert_string_equal(json_string_value(json_object_get(row, "text")), "A month, revised twice");
    json_decref(row);
    assert_int_equal(count_of(s, "deadline_revisions"), 2);
    assert_int_equal(wrong_days(s), 0);
    store_close(s);
    t_rmdir(dir);
}

static void upgrade_fills_the_columns(void **state)
{
    (void)state;
    upgrade_from("025");
    upgrade_from("026");
}

static void write_paths_keep_it(void **state)
{
    (void)state;
    t_site_t site, copy;
    assert_int_equal(t_site_init(&site, "due.db", T_SITE_INIT), 0);
    store_t *s = NULL;
    ov_error_t err = {0};
    if (store_open(site.db, STORE_OPEN_EXISTING, &s, &err) != 0) fail_msg("open: %s", err.message);
    store_thread_actor_set("test");

    /* synth: the bulk insert (COPY on PostgreSQL) with revisions among its rows */
    synth_params_t p = {.bodies = 20, .recommendations = 400, .progress = 50, .seed = 7};
    synth_counts_t n;
    if (store_synth(s, &p, &n, &err) != 0) fail_msg("synth: %s", err.message);
    assert_true(n.revisions > 0);
    assert_int_equal(wrong_days(s), 0);

    /* a new recommendation (as the API, `oversight load` and reports insert one) */
    long long id = 0, rev = 0;
    char day[16];
    assert_int_equal(store_exec(s, NULL, &id, &err,
                                "INSERT INTO recommendations (body_id, number, addressee, text, issued_on, original_deadline)"
                                " VALUES ((SELECT min(id) FROM bodies), 'x1', 'CC', 'New', '2024-01-01', '2025-07')",
                                ""),
                     0);
    day_of(s, id, day);
    assert_string_equal(day, "2025-07-01");
    deadline_of(s, id, day);
    assert_string_equal(day, "2025-07");

    /* a deadline revision, then another */
    deadline_input_t in = {.new_deadline = "2026", .reason = "IT", .agreed_by = "HMI", .agreed_on = "2025-06-01"};
    if (store_deadline_revise(s, id, -1, &in, &rev, &err) != 0) fail_msg("revise: %s", err.message);
    day_of(s, id, day);
    assert_string_equal(day, "2026-01-01");
    deadline_of(s, id, day);
    assert_string_equal(day, "2026");
    in.new_deadline = "2026-09-30";
    in.agreed_on = "2025-12-01";
    if (store_deadline_revise(s, id, -1, &in, &rev, &err) != 0) fail_msg("revise: %s", err.message);
    day_of(s, id, day);
    assert_string_equal(day, "2026-09-30");
    deadline_of(s, id, day);
    assert_string_equal(day, "2026-09-30");
    assert_int_equal(wrong_days(s), 0);

    /* the whole record exported and imported into a fresh database */
    json_t *tables = NULL;
    if (store_export_tables(s, NULL, &tables, &err) != 0) fail_msg("export: %s", err.message);
    assert_int_equal(t_site_init(&copy, "copy.db", T_SITE_INIT), 0);
    store_t *c = NULL;
    if (store_open(copy.db, STORE_OPEN_EXISTING, &c, &err) != 0) fail_msg("open copy: %s", err.message);
    if (store_export_restore(c, tables, NULL, &err) != 0) fail_msg("restore: %s", err.message);
    json_decref(tables);
    assert_int_equal(count_of(c, "recommendations"), count_of(s, "recommendations"));
    day_of(c, id, day);
    assert_string_equal(day, "2026-09-30");
    assert_int_equal(wrong_days(c), 0);
    store_close(c);
    store_close(s);
    t_site_stop(&copy);
    t_site_stop(&site);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(upgrade_fills_the_columns),
        cmocka_unit_test(write_paths_keep_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
