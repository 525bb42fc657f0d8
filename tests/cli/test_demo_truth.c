/*
 * test_demo_truth.c: the demo database (`oversight demo`) says only what
 * its public sources say ("The public record", item 7). The Met's child
 * exploitation report was published on 9 February 2024 and made 11
 * recommendations; PEEL 2021/22 graded nine areas (one good, two adequate,
 * five requires improvement, one inadequate); no text anywhere in the
 * database is a placeholder standing in for a fact ("recorded from the
 * public source", "name not in the source"); a decision reported by
 * several sources holds each of them, one URL a line, never "URL ; URL".
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "support/support.h"

static struct {
    char dir[256], path[300];
    sqlite3 *db;
} FX;

static int setup(void **state)
{
    (void)state;
    if (t_mkdtemp(FX.dir) != 0) return -1;
    snprintf(FX.path, sizeof FX.path, "%s/demo.db", FX.dir);
    char *argv[] = {(char *)t_bin(), "demo", FX.path, NULL};
    t_run_t r;
    if (t_run(argv, NULL, &r) != 0) return -1;
    int st = r.status;
    if (st != 0) fprintf(stderr, "demo: exit %d\n%s%s", st, r.out, r.err);
    t_run_free(&r);
    if (st != 0) return -1;
    return sqlite3_open_v2(FX.path, &FX.db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sqlite3_close(FX.db);
    t_rmdir(FX.dir);
    return 0;
}

/* The first column of the first row of sql, as text ("" when none). */
static void one(const char *sql, char *out, size_t outsz)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(FX.db, sql, -1, &st, NULL) != SQLITE_OK) fail_msg("%s: %s", sql, sqlite3_errmsg(FX.db));
    out[0] = '\0';
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(out, outsz, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

static long long count(const char *sql)
{
    char v[64];
    one(sql, v, sizeof v);
    return atoll(v);
}

#define CSE "(SELECT id FROM inspections WHERE title LIKE '%exploitation of children%')"
#define PEEL "(SELECT id FROM inspections WHERE title LIKE 'PEEL 2021/22%')"

static void met_child_exploitation_report(void **state)
{
    (void)state;
    char v[4096];
    one("SELECT published_on FROM inspections WHERE id = " CSE, v, sizeof v);
    assert_string_equal(v, "2024-02-09");
    one("SELECT url FROM inspections WHERE id = " CSE, v, sizeof v);
    assert_string_equal(v, "https://hmicfrs.justiceinspectorates.gov.uk/publication-html/"
                           "metropolitan-police-service-handling-of-sexual-and-criminal-exploitation-of-children/");
    /* 11 recommendations: the count is a fact of the report (migration
     * 018, its source the report's url); the three of the causes of concern
     * are recorded with their text; the other eight are not invented, and
     * the summary says where they are */
    assert_int_equal(count("SELECT recommendations_made FROM inspections WHERE id = " CSE), 11);
    one("SELECT summary FROM inspections WHERE id = " CSE, v, sizeof v);
    assert_non_null(strstr(v, "made 11 recommendations"));
    assert_non_null(strstr(v, "the other eight are in the published report"));
    /* a count nobody stated is not recorded */
    assert_int_equal(count("SELECT count(*) FROM inspections WHERE recommendations_made IS NOT NULL"), 1);
    assert_int_equal(count("SELECT count(*) FROM recommendations WHERE inspection_id = " CSE), 3);
    assert_int_equal(count("SELECT count(*) FROM causes_of_concern WHERE inspection_id = " CSE), 3);
}

static void met_peel_2021_22_grades(void **state)
{
    (void)state;
    char v[64];
    one("SELECT published_on FROM inspections WHERE id = " PEEL, v, sizeof v);
    assert_string_equal(v, "2022-09-22");
    assert_int_equal(count("SELECT count(*) FROM grades WHERE inspection_id = " PEEL), 9);
    assert_int_equal(count("SELECT count(*) FROM grades WHERE inspection_id = " PEEL " AND grade = 'good'"), 1);
    assert_int_equal(count("SELECT count(*) FROM grades WHERE inspection_id = " PEEL " AND grade = 'adequate'"), 2);
    assert_int_equal(
        count("SELECT count(*) FROM grades WHERE inspection_id = " PEEL " AND grade = 'requires_improvement'"), 5);
    assert_int_equal(count("SELECT count(*) FROM grades WHERE inspection_id = " PEEL " AND grade = 'inadequate'"), 1);
    one("SELECT area FROM grades WHERE inspection_id = " PEEL " AND grade = 'inadequate'", v, sizeof v);
    assert_string_equal(v, "Responding to the public");
}

/* Every text column of every table, searched for the old placeholders. */
static void no_placeholder_anywhere(void **state)
{
    (void)state;
    static const char *const PLACEHOLDERS[] = {"%public source%", "%not in the source%", "% ; http%", NULL};
    sqlite3_stmt *tables = NULL;
    assert_int_equal(sqlite3_prepare_v2(FX.db, "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &tables, NULL),
                     SQLITE_OK);
    int columns = 0;
    while (sqlite3_step(tables) == SQLITE_ROW) {
        char table[128];
        snprintf(table, sizeof table, "%s", (const char *)sqlite3_column_text(tables, 0));
        char sql[512];
        snprintf(sql, sizeof sql, "SELECT name FROM pragma_table_info('%s') WHERE upper(type) = 'TEXT'", table);
        sqlite3_stmt *cols = NULL;
        assert_int_equal(sqlite3_prepare_v2(FX.db, sql, -1, &cols, NULL), SQLITE_OK);
        while (sqlite3_step(cols) == SQLITE_ROW) {
            const char *col = (const char *)sqlite3_column_text(cols, 0);
            for (const char *const *p = PLACEHOLDERS; *p; p++) {
                snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\" WHERE \"%s\" LIKE '%s'", table, col, *p);
                long long n = count(sql);
                if (n) fail_msg("%s.%s: %lld rows like '%s'", table, col, n, *p);
            }
            columns++;
        }
        sqlite3_finalize(cols);
    }
    sqlite3_finalize(tables);
    assert_true(columns > 50);
    /* what is unknown says so, with its source linked */
    assert_true(count("SELECT count(*) FROM decisions WHERE decided_by LIKE '%not stated in the published%'"
                      " AND source_url IS NOT NULL") > 0);
}

/* Cleveland's Engage history has three sources: three lines, three links. */
static void several_sources_several_urls(void **state)
{
    (void)state;
    char v[4096];
    one("SELECT d.source_url FROM decisions d JOIN bodies b ON b.id = d.body_id WHERE b.code = 'cleveland'"
        " ORDER BY d.effective_on LIMIT 1",
        v, sizeof v);
    assert_string_equal(v, "https://hmicfrs.justiceinspectorates.gov.uk/about-us/what-we-do/our-approach-to-monitoring-"
                           "forces/police-forces-previously-in-engage/\n"
                           "https://www.policeprofessional.com/news/cleveland-police-removed-from-special-measures/\n"
                           "https://www.hartlepoolmail.co.uk/news/crime/"
                           "cleveland-police-placed-under-special-measures-national-watchdog-493167");
    /* the Met's return to Scan: as the letter says */
    one("SELECT decided_by || ' | ' || recommended_by || ' | ' || meeting FROM decisions d JOIN bodies b"
        " ON b.id = d.body_id WHERE b.code = 'met' AND d.to_phase = 'scan'",
        v, sizeof v);
    assert_string_equal(v, "Sir Andy Cooke | HMI Lee Freeman KPM | Policing Performance Oversight Group 2025-01-22");
}

/* The Met's closures carry the outcome and the reason the letter of 23
 * January 2025 states, quoted; nothing closed is left without one there,
 * and no outcome is recorded where no source states one. */
static void met_closures_as_the_letter_says(void **state)
{
    (void)state;
    static const char *const TABLES[] = {"recommendations", "causes_of_concern", NULL};
    for (const char *const *t = TABLES; *t; t++) {
        char sql[400];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s x JOIN bodies b ON b.id = x.body_id"
                                  " WHERE b.code = 'met' AND x.status = 'closed'", *t);
        long long closed = count(sql);
        assert_true(closed >= 3);
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s x JOIN bodies b ON b.id = x.body_id WHERE b.code = 'met'"
                                  " AND x.status = 'closed' AND x.outcome = 'implemented'"
                                  " AND x.closing_reason LIKE 'As the letter of 23 January 2025 %%'", *t);
        assert_int_equal(count(sql), closed);
        /* no outcome on anything no letter speaks of */
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s x JOIN bodies b ON b.id = x.body_id"
                                  " WHERE b.code <> 'met' AND x.outcome IS NOT NULL", *t);
        assert_int_equal(count(sql), 0);
    }
    /* the letter's own words */
    char v[2048];
    one("SELECT closing_reason FROM recommendations WHERE inspection_id = " CSE " AND number = '1'", v, sizeof v);
    assert_non_null(strstr(v, "And the force has completed the associated recommendations."));
    one("SELECT closing_reason FROM causes_of_concern WHERE title = 'Victim blaming'", v, sizeof v);
    assert_non_null(strstr(v, "The force now has an audit process to help identify victim-blaming language"));
    assert_non_null(strstr(v, "In January 2025, we closed these causes of concern."));
    one("SELECT closing_reason FROM causes_of_concern WHERE title = 'Missing children'", v, sizeof v);
    assert_non_null(strstr(v, "significant improvements in how it assesses and investigates missing children"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(met_child_exploitation_report),
        cmocka_unit_test(met_peel_2021_22_grades),
        cmocka_unit_test(no_placeholder_anywhere),
        cmocka_unit_test(several_sources_several_urls),
        cmocka_unit_test(met_closures_as_the_letter_says),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
