/* test_reports.c: reports that cover many bodies, recommendations with many
 * addressees (migration 022, store/reports.h). Migration 022 upgrades a
 * database made by the previous release (migrations before 022) with
 * nothing lost: its inspections and recommendations keep every column and
 * get no report and no shared recommendation. Then, on the real database
 * (SQLite, or PostgreSQL with OVERSIGHT_TEST_PG): a report with its bodies,
 * shared recommendations and parts is written in one transaction or not at
 * all; all_police takes the police forces not retired; the parts side by
 * side; a national part changed with its version, closed only with outcome
 * and reason, its events append-only; the publication rule. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include "store/store.h"
#include "store/migrations.h"
#include "store/reference.h"
#include "store/reports.h"
#include "support/support.h"
#include "old_release.h"

static long long count(store_t *s, const char *sql)
{
    json_t *row = NULL;
    ov_error_t err = {0};
    if (store_query_one(s, &row, &err, "", sql, NULL) != 0) fail_msg("%s: %s", sql, err.message);
    long long n = json_integer_value(json_object_get(row, "n"));
    json_decref(row);
    return n;
}

static void upgrade_keeps_every_row(void **state)
{
    (void)state;
    char dir[256], path[400], url[420];
    assert_int_equal(t_mkdtemp(dir), 0);
    snprintf(path, sizeof path, "%s/old.db", dir);
    snprintf(url, sizeof url, "sqlite:%s", path);
    old_release_database(path, "022",
        "INSERT INTO bodies (id, code, name, kind, phase) VALUES (1, 'kent', 'Kent Police', 'police', 'scan');"
        "INSERT INTO inspections (id, body_id, kind, title, published_on, summary, version)"
        " VALUES (5, 1, 'thematic', 'A thematic', '2024-10-10', 'S', 4);"
        "INSERT INTO recommendations (id, body_id, inspection_id, number, addressee, text, issued_on, original_deadline,"
        " status, version) VALUES (7, 1, 5, '3', 'Chief constables', 'Do it', '2024-10-10', '2025-01', 'in_progress', 2);");
    store_t *s = NULL;
    ov_error_t err = {0};
    if (store_open(url, STORE_OPEN_EXISTING, &s, &err) != 0) fail_msg("open: %s", err.message);
    assert_int_equal(store_schema_version(s), migrations_count());
    json_t *row = NULL;
    assert_int_equal(store_query_one(s, &row, &err, "", "SELECT i.title, i.summary, i.version, i.report_id, r.number,"
                                     " r.text, r.original_deadline, r.status, r.version AS rv, r.shared_id"
                                     " FROM inspections i JOIN recommendations r ON r.inspection_id = i.id WHERE i.id = 5",
                                     NULL), 0);
    assert_string_equal(json_string_value(json_object_get(row, "title")), "A thematic");
    assert_string_equal(json_string_value(json_object_get(row, "summary")), "S");
    assert_int_equal(json_integer_value(json_object_get(row, "version")), 4);
    assert_true(json_is_null(json_object_get(row, "report_id")));
    assert_string_equal(json_string_value(json_object_get(row, "text")), "Do it");
    assert_string_equal(json_string_value(json_object_get(row, "original_deadline")), "2025-01");
    assert_string_equal(json_string_value(json_object_get(row, "status")), "in_progress");
    assert_int_equal(json_integer_value(json_object_get(row, "rv")), 2);
    assert_true(json_is_null(json_object_get(row, "shared_id")));
    json_decref(row);
    assert_int_equal(count(s, "SELECT count(*) AS n FROM reports"), 0);
    store_close(s);
    t_rmdir(dir);
}

typedef struct {
    char dir[256], url[512];
    store_t *s;
} fx_t;

static void fixture(fx_t *f, const char *name)
{
    assert_int_equal(t_mkdtemp(f->dir), 0);
    char path[400];
    snprintf(path, sizeof path, "%s/%s.db", f->dir, name);
    assert_int_equal(t_db_url(f->url, path), 0);
    ov_error_t err = {0};
    if (store_open(f->url, STORE_OPEN_CREATE, &f->s, &err) != 0) fail_msg("open: %s", err.message);
    assert_int_equal(store_reference_load_bodies(f->s, &err), 0);
}

static void fixture_end(fx_t *f)
{
    store_close(f->s);
    t_rmdir(f->dir);
}

static json_t *parse(const char *text)
{
    json_error_t je;
    json_t *j = json_loads(text, 0, &je);
    if (!j) fail_msg("%s", je.text);
    return j;
}

/* Records the report text: 0 with its id, or the error. */
static int create(store_t *s, const char *text, long long *id, ov_error_t *err)
{
    json_t *in = parse(text);
    int rc = store_report_create(s, in, "tester", id, err);
    json_decref(in);
    return rc;
}

static long long rows_written(store_t *s)
{
    return count(s, "SELECT (SELECT count(*) FROM reports) + (SELECT count(*) FROM inspections)"
                    " + (SELECT count(*) FROM shared_recommendations) + (SELECT count(*) FROM recommendations)"
                    " + (SELECT count(*) FROM national_parts) + (SELECT count(*) FROM national_part_events) AS n");
}

static void all_or_nothing(void **state)
{
    (void)state;
    fx_t f;
    fixture(&f, "reports_atomic");
    store_t *s = f.s;
    ov_error_t err = {0};
    long long id = 0, before = rows_written(s);
    /* the bad code is the last addressee of the last recommendation: all
     * before it was written, and is rolled back */
    assert_int_equal(create(s, "{\"title\":\"T\",\"kind\":\"national\",\"coverage\":\"several\",\"published_on\":\"2024-10-10\","
                               "\"bodies\":[\"kent\",\"essex\"],\"recommendations\":["
                               "{\"number\":\"1\",\"text\":\"t\",\"addressed_to\":\"a\",\"addressees\":[\"kent\",\"home-office\"]},"
                               "{\"number\":\"2\",\"text\":\"t\",\"addressed_to\":\"a\",\"addressees\":[\"essex\",\"nope\"]}]}",
                            &id, &err), OV_EINVALID);
    assert_string_equal(err.field, "recommendations[1].addressees[1]");
    assert_int_equal(id, 0);
    assert_int_equal(rows_written(s), before);
    /* a retired body is refused, naming it */
    memset(&err, 0, sizeof err);
    assert_int_equal(store_exec(s, NULL, NULL, &err, "UPDATE bodies SET retired_on = '2024-01-01' WHERE code = 'surrey'", NULL), 0);
    assert_int_equal(create(s, "{\"title\":\"T\",\"kind\":\"thematic\",\"coverage\":\"several\",\"published_on\":\"2024-10-10\","
                               "\"bodies\":[\"kent\",\"surrey\"]}", &id, &err), OV_EINVALID);
    assert_string_equal(err.field, "bodies[1]");
    assert_int_equal(rows_written(s), before);
    /* all_police: every police force not retired, one part each */
    long long forces = count(s, "SELECT count(*) AS n FROM bodies WHERE kind = 'police' AND retired_on IS NULL");
    assert_int_equal(create(s, "{\"title\":\"National\",\"kind\":\"national\",\"coverage\":\"all_police\",\"published_on\":\"2024-10-10\","
                               "\"recommendations\":[{\"number\":\"1\",\"text\":\"t\",\"addressed_to\":\"All chief constables\","
                               "\"deadline\":\"2025-10\",\"addressees\":[\"all_police\",\"college-of-policing\"]}]}", &id, &err), 0);
    json_t *rep = NULL;
    assert_int_equal(store_report_get(s, id, NULL, &rep, &err), 0);
    assert_int_equal(json_array_size(json_object_get(rep, "bodies")), forces);
    json_t *parts = json_object_get(json_array_get(json_object_get(rep, "recommendations"), 0), "parts");
    assert_int_equal(json_array_size(parts), forces + 1);
    size_t i;
    json_t *p;
    json_array_foreach(parts, i, p) {
        assert_string_not_equal(json_string_value(json_object_get(p, "addressee")), "surrey");
        assert_string_equal(json_string_value(json_object_get(p, "deadline")), "2025-10");
    }
    json_decref(rep);
    assert_int_equal(count(s, "SELECT count(*) AS n FROM recommendations WHERE shared_id IS NOT NULL"), forces);
    fixture_end(&f);
}

static void national_parts(void **state)
{
    (void)state;
    fx_t f;
    fixture(&f, "reports_parts");
    store_t *s = f.s;
    ov_error_t err = {0};
    long long id = 0;
    assert_int_equal(create(s, "{\"title\":\"T\",\"kind\":\"thematic\",\"coverage\":\"several\",\"published_on\":\"2024-10-10\","
                               "\"bodies\":[\"kent\"],\"recommendations\":[{\"number\":\"1\",\"text\":\"t\",\"addressed_to\":\"a\","
                               "\"deadline\":\"2025-06-30\",\"addressees\":[\"kent\",\"college-of-policing\"]}]}", &id, &err), 0);
    json_t *row = NULL;
    assert_int_equal(store_query_one(s, &row, &err, "", "SELECT id FROM national_parts", NULL), 0);
    long long pid = json_integer_value(json_object_get(row, "id"));
    json_decref(row);
    store_part_change_t c = {.to = "in_progress", .on = "2024-11-01", .deadline = "2025-09-30", .note = "agreed"};
    assert_int_equal(store_national_part_change(s, pid, 2, &c, "insp", &err), OV_ESTALE);
    assert_int_equal(store_national_part_change(s, pid, 1, &c, "insp", &err), 0);
    /* closing takes the outcome and a reason */
    store_part_change_t close = {.to = "closed", .on = "2025-01-01", .outcome = "implemented"};
    memset(&err, 0, sizeof err);
    assert_int_equal(store_national_part_change(s, pid, 2, &close, "insp", &err), OV_EINVALID);
    assert_string_equal(err.field, "reason");
    close.reason = "Done";
    assert_int_equal(store_national_part_change(s, pid, 2, &close, "insp", &err), 0);
    memset(&err, 0, sizeof err);
    assert_int_equal(store_national_part_change(s, pid, 3, &c, "insp", &err), OV_ECONFLICT);
    json_t *part = NULL;
    assert_int_equal(store_national_part_get(s, pid, NULL, &part, &err), 0);
    assert_string_equal(json_string_value(json_object_get(part, "status")), "closed");
    assert_string_equal(json_string_value(json_object_get(part, "deadline")), "2025-09-30");
    assert_string_equal(json_string_value(json_object_get(part, "closed_by")), "insp");
    json_decref(part);
    /* opened; deadline and status; outcome and status */
    assert_int_equal(count(s, "SELECT count(*) AS n FROM national_part_events"), 5);
    assert_int_not_equal(store_exec(s, NULL, NULL, &err, "UPDATE national_part_events SET note = 'x'", NULL), 0);
    assert_int_not_equal(store_exec(s, NULL, NULL, &err, "DELETE FROM national_part_events", NULL), 0);
    /* public only once published */
    json_t *rep = NULL;
    assert_int_equal(store_report_get(s, id, "2024-10-09", &rep, &err), OV_ENOTFOUND);
    assert_int_equal(store_report_get(s, id, "2024-10-10", &rep, &err), 0);
    assert_null(json_object_get(json_array_get(json_object_get(json_array_get(json_object_get(rep, "recommendations"), 0),
                                                               "parts"), 0), "events"));
    json_decref(rep);
    json_t *list = NULL;
    assert_int_equal(store_reports_list(s, "2024-10-09", NULL, &list, &err), 0);
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);
    fixture_end(&f);
}

/* A recommendation added to a recorded report: all or nothing (a bad
 * last addressee rolls back the shared recommendation and the parts
 * before it, the report's version unchanged); all_police takes only the
 * police forces the report covers, not retired; each force's part under
 * its own inspections row of the report; a national body gets a national
 * part with its opening event; the report's version goes up by one. */
static void add_recommendation(void **state)
{
    (void)state;
    fx_t f;
    fixture(&f, "reports_add");
    store_t *s = f.s;
    ov_error_t err = {0};
    long long id = 0, sid = 0;
    assert_int_equal(create(s, "{\"title\":\"T\",\"kind\":\"thematic\",\"coverage\":\"several\",\"published_on\":\"2024-10-10\","
                               "\"bodies\":[\"kent\",\"essex\",\"surrey\"],\"recommendations\":[{\"number\":\"1\",\"text\":\"t\","
                               "\"addressed_to\":\"a\",\"addressees\":[\"kent\"]}]}", &id, &err), 0);
    long long before = rows_written(s);
    json_t *rec = parse("{\"number\":\"2\",\"text\":\"t2\",\"addressed_to\":\"a\",\"deadline\":\"2025-12\","
                        "\"addressees\":[\"kent\",\"college-of-policing\",\"nope\"]}");
    assert_int_equal(store_report_recommendation_add(s, id, 1, rec, "tester", &sid, &err), OV_EINVALID);
    assert_string_equal(err.field, "addressees[2]");
    assert_int_equal(sid, 0);
    assert_int_equal(rows_written(s), before);
    assert_int_equal(count(s, "SELECT version AS n FROM reports"), 1);
    json_decref(rec);
    /* a force the report does not cover is refused, naming it */
    memset(&err, 0, sizeof err);
    rec = parse("{\"number\":\"2\",\"text\":\"t2\",\"addressed_to\":\"a\",\"addressees\":[\"norfolk\"]}");
    assert_int_equal(store_report_recommendation_add(s, id, 1, rec, "tester", &sid, &err), OV_EINVALID);
    assert_string_equal(err.field, "addressees[0]");
    assert_int_equal(rows_written(s), before);
    json_decref(rec);
    /* all_police: the covered forces not retired (surrey is retired since) */
    assert_int_equal(store_exec(s, NULL, NULL, &err, "UPDATE bodies SET retired_on = '2025-01-01' WHERE code = 'surrey'", NULL), 0);
    rec = parse("{\"number\":\"2\",\"text\":\"t2\",\"addressed_to\":\"a\",\"deadline\":\"2025-12\","
                "\"addressees\":[\"all_police\",\"college-of-policing\"]}");
    assert_int_equal(store_report_recommendation_add(s, id, 2, rec, "tester", &sid, &err), OV_ESTALE);
    memset(&err, 0, sizeof err);
    assert_int_equal(store_report_recommendation_add(s, id, 1, rec, "tester", &sid, &err), 0);
    assert_true(sid > 0);
    json_decref(rec);
    assert_int_equal(count(s, "SELECT version AS n FROM reports"), 2);
    assert_int_equal(count(s, "SELECT count(*) AS n FROM inspections WHERE report_id IS NOT NULL"), 3);   /* none added */
    char q[400];
    snprintf(q, sizeof q, "SELECT count(*) AS n FROM recommendations x JOIN inspections i ON i.id = x.inspection_id"
                          " AND i.body_id = x.body_id AND i.report_id = %lld WHERE x.shared_id = %lld", id, sid);
    assert_int_equal(count(s, q), 2);   /* kent and essex, each under its own row */
    snprintf(q, sizeof q, "SELECT count(*) AS n FROM national_parts p JOIN national_part_events e ON e.part_id = p.id"
                          " WHERE p.shared_id = %lld AND p.deadline = '2025-12'", sid);
    assert_int_equal(count(s, q), 1);
    snprintf(q, sizeof q, "SELECT count(*) AS n FROM recommendations WHERE shared_id = %lld AND issued_on = '2024-10-10'"
                          " AND original_deadline = '2025-12' AND number = '2' AND text = 't2'", sid);
    assert_int_equal(count(s, q), 2);
    /* the trail says who added what: the report's version change too */
    assert_int_equal(count(s, "SELECT count(*) AS n FROM audit_log WHERE entity = 'reports' AND action = 'update'"), 1);
    fixture_end(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(upgrade_keeps_every_row),
        cmocka_unit_test(all_or_nothing),
        cmocka_unit_test(national_parts),
        cmocka_unit_test(add_recommendation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
