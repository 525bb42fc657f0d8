/* test_pcc.c: PCC responses as the Police Act 1996 s.55 has them
 * (migration 020, store/pcc.h). Migration 020 upgrades a database made by
 * the previous release (migrations before 020) with nothing lost: each
 * response keeps its id, dates, text and version, and gets its report's
 * body. Then, on the real database (SQLite, or PostgreSQL with
 * OVERSIGHT_TEST_PG): a response is a police force's only; its body
 * defaults to the report's; one per (report, body); a response to a
 * recommendation must be to one the report made; a body's reports show
 * each recommendation answered or not; and the operator's export carries
 * both tables back through a restore while the public export leaves them
 * out. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/store.h"
#include "store/entity.h"
#include "store/export.h"
#include "store/migrations.h"
#include "store/pcc.h"
#include "store/reference.h"
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

static void upgrade_keeps_every_response(void **state)
{
    (void)state;
    char dir[256], path[400], url[420];
    assert_int_equal(t_mkdtemp(dir), 0);
    snprintf(path, sizeof path, "%s/old.db", dir);
    snprintf(url, sizeof url, "sqlite:%s", path);
    old_release_database(path, "020",
        "INSERT INTO bodies (id, code, name, kind, phase) VALUES (1, 'kent', 'Kent Police', 'police', 'scan');"
        "INSERT INTO bodies (id, code, name, kind, phase) VALUES (2, 'essex', 'Essex Police', 'police', 'scan');"
        "INSERT INTO inspections (id, body_id, kind, title, published_on) VALUES (5, 1, 'peel', 'PEEL', '2024-10-10');"
        "INSERT INTO inspections (id, body_id, kind, title, published_on) VALUES (6, 2, 'thematic', 'T', '2024-11');"
        "INSERT INTO pcc_responses (id, inspection_id, published_on, url, summary, version)"
        " VALUES (9, 5, '2024-12-01', 'https://kent.example/response', 'We accept every recommendation.', 3);"
        "INSERT INTO pcc_responses (id, inspection_id, published_on) VALUES (4, 6, '2025-01');");
    store_t *s = NULL;
    ov_error_t err = {0};
    if (store_open(url, STORE_OPEN_EXISTING, &s, &err) != 0) fail_msg("open: %s", err.message);
    assert_int_equal(store_schema_version(s), migrations_count());
    json_t *rows = NULL;
    assert_int_equal(store_query(s, &rows, &err,
                                 "SELECT id, inspection_id, body_id, published_on, url, summary, chief_officer_comments,"
                                 " version FROM pcc_responses ORDER BY id", NULL), 0);
    assert_int_equal(json_array_size(rows), 2);
    json_t *a = json_array_get(rows, 0), *b = json_array_get(rows, 1);
    assert_int_equal(json_integer_value(json_object_get(a, "id")), 4);
    assert_int_equal(json_integer_value(json_object_get(a, "body_id")), 2);
    assert_string_equal(json_string_value(json_object_get(a, "published_on")), "2025-01");
    assert_int_equal(json_integer_value(json_object_get(b, "id")), 9);
    assert_int_equal(json_integer_value(json_object_get(b, "inspection_id")), 5);
    assert_int_equal(json_integer_value(json_object_get(b, "body_id")), 1);
    assert_string_equal(json_string_value(json_object_get(b, "published_on")), "2024-12-01");
    assert_string_equal(json_string_value(json_object_get(b, "url")), "https://kent.example/response");
    assert_string_equal(json_string_value(json_object_get(b, "summary")), "We accept every recommendation.");
    assert_true(json_is_null(json_object_get(b, "chief_officer_comments")));
    assert_int_equal(json_integer_value(json_object_get(b, "version")), 3);
    json_decref(rows);
    /* one per (report, body) still holds, and new rows follow the old ids */
    assert_int_not_equal(store_exec(s, NULL, NULL, &err,
                                    "INSERT INTO pcc_responses (inspection_id, body_id, published_on) VALUES (5, 1, '2025-01-01')",
                                    NULL), 0);
    long long id = 0;
    assert_int_equal(store_exec(s, NULL, &id, &err,
                                "INSERT INTO pcc_responses (inspection_id, body_id, published_on) VALUES (6, 1, '2025-01-01')",
                                NULL), 0);
    assert_true(id > 9);
    store_close(s);
    t_rmdir(dir);
}

typedef struct {
    char dir[256], url[512];
    store_t *s;
    long long police_report, fire_report, other_report, cause, rec, rec_other;
} fx_t;

static long long insert(store_t *s, const char *entity, json_t *in)
{
    long long id = 0;
    ov_error_t err = {0};
    if (store_entity_insert(s, entity_find(entity), in, &store_authz_system, &id, &err) != 0)
        fail_msg("%s: [%s] %s", entity, err.field, err.message);
    json_decref(in);
    return id;
}

static void refused(store_t *s, const char *entity, json_t *in, int status, const char *field)
{
    long long id = 0;
    ov_error_t err = {0};
    int rc = store_entity_insert(s, entity_find(entity), in, &store_authz_system, &id, &err);
    json_decref(in);
    if (rc != status || strcmp(err.field, field) != 0)
        fail_msg("%s: %d [%s] %s, wanted %d [%s]", entity, rc, err.field, err.message, status, field);
}

static void fixture(fx_t *f, const char *name)
{
    char path[300];
    assert_int_equal(t_mkdtemp(f->dir), 0);
    snprintf(path, sizeof path, "%s/%s.db", f->dir, name);
    assert_int_equal(t_db_url(f->url, path), 0);
    ov_error_t err = {0};
    if (store_open(f->url, STORE_OPEN_CREATE, &f->s, &err) != 0) fail_msg("open: %s", err.message);
    assert_int_equal(store_reference_load_bodies(f->s, &err), 0);
    store_t *s = f->s;
    f->police_report = insert(s, "inspections", json_pack("{s:s, s:s, s:s, s:s}", "body", "kent", "kind", "peel",
                                                          "title", "PEEL", "published_on", "2024-10-10"));
    f->other_report = insert(s, "inspections", json_pack("{s:s, s:s, s:s, s:s}", "body", "kent", "kind", "thematic",
                                                         "title", "Another", "published_on", "2024-09-01"));
    f->fire_report = insert(s, "inspections", json_pack("{s:s, s:s, s:s, s:s}", "body", "avon-frs", "kind", "other",
                                                        "title", "Fire", "published_on", "2024-10-10"));
    f->cause = insert(s, "causes-of-concern", json_pack("{s:s, s:I, s:s, s:s}", "body", "kent", "inspection_id",
                                                        (json_int_t)f->police_report, "text", "c", "issued_on",
                                                        "2024-10-10"));
    /* of the report through its cause */
    f->rec = insert(s, "recommendations", json_pack("{s:s, s:I, s:s, s:s, s:s, s:s}", "body", "kent", "cause_id",
                                                    (json_int_t)f->cause, "number", "1", "addressee", "CC", "text",
                                                    "Do it", "issued_on", "2024-10-10"));
    f->rec_other = insert(s, "recommendations", json_pack("{s:s, s:I, s:s, s:s, s:s, s:s}", "body", "kent",
                                                          "inspection_id", (json_int_t)f->other_report, "number", "1",
                                                          "addressee", "CC", "text", "Other", "issued_on", "2024-09-01"));
}

static void fixture_end(fx_t *f)
{
    store_close(f->s);
    t_rmdir(f->dir);
}

static void responses_as_the_law_has_them(void **state)
{
    (void)state;
    fx_t f;
    fixture(&f, "pcc");
    store_t *s = f.s;
    /* a fire and rescue service's report owes no s.55 response */
    refused(s, "pcc-responses",
            json_pack("{s:I, s:s}", "inspection_id", (json_int_t)f.fire_report, "published_on", "2024-11-01"),
            OV_EINVALID, "inspection_id");
    assert_int_equal(count(s, "SELECT count(*) AS n FROM pcc_responses"), 0);
    /* the body is the report's when not given */
    long long r = insert(s, "pcc-responses",
                         json_pack("{s:I, s:s, s:s}", "inspection_id", (json_int_t)f.police_report, "published_on",
                                   "2024-12-01", "chief_officer_comments", "The chief constable welcomes the report."));
    json_t *row = NULL;
    ov_error_t err = {0};
    assert_int_equal(store_entity_get(s, entity_find("pcc-responses"), r, 1, &row, &err), 0);
    assert_string_equal(json_string_value(json_object_get(row, "body")), "kent");
    json_decref(row);
    /* one per (report, body) */
    refused(s, "pcc-responses",
            json_pack("{s:I, s:s, s:s}", "inspection_id", (json_int_t)f.police_report, "body", "kent", "published_on",
                      "2024-12-02"),
            OV_ECONFLICT, "inspection_id");
    /* another body's response to Kent's report: not a body the report covers */
    refused(s, "pcc-responses",
            json_pack("{s:I, s:s, s:s}", "inspection_id", (json_int_t)f.police_report, "body", "essex", "published_on",
                      "2024-12-02"),
            OV_EINVALID, "inspection_id");
    /* the answer to each recommendation: only the report's own */
    refused(s, "pcc-recommendation-responses",
            json_pack("{s:I, s:I, s:s}", "response_id", (json_int_t)r, "recommendation_id", (json_int_t)f.rec_other,
                      "action", "x"),
            OV_EINVALID, "recommendation_id");
    insert(s, "pcc-recommendation-responses",
           json_pack("{s:I, s:I, s:s}", "response_id", (json_int_t)r, "recommendation_id", (json_int_t)f.rec, "action",
                     "A new team by March 2025."));
    refused(s, "pcc-recommendation-responses",
            json_pack("{s:I, s:I, s:s}", "response_id", (json_int_t)r, "recommendation_id", (json_int_t)f.rec, "action",
                      "again"),
            OV_ECONFLICT, "recommendation_id");
    /* the body's page reads: each report, its response, each recommendation answered or not */
    json_t *reports = NULL;
    assert_int_equal(store_pcc_reports(s, "kent", &reports, &err), 0);
    assert_int_equal(json_array_size(reports), 2);
    json_t *other = json_array_get(reports, 0), *peel = json_array_get(reports, 1);   /* oldest first */
    assert_string_equal(json_string_value(json_object_get(other, "title")), "Another");
    assert_true(json_is_null(json_object_get(other, "response")));
    assert_true(json_is_null(json_object_get(json_array_get(json_object_get(other, "recommendations"), 0), "answer")));
    json_t *resp = json_object_get(peel, "response");
    assert_int_equal(json_integer_value(json_object_get(resp, "id")), r);
    assert_string_equal(json_string_value(json_object_get(resp, "chief_officer_comments")),
                        "The chief constable welcomes the report.");
    json_t *recs = json_object_get(peel, "recommendations");
    assert_int_equal(json_array_size(recs), 1);
    assert_string_equal(json_string_value(json_object_get(json_object_get(json_array_get(recs, 0), "answer"), "action")),
                        "A new team by March 2025.");
    json_decref(reports);
    assert_int_equal(store_pcc_reports(s, "avon-frs", &reports, &err), 0);
    assert_int_equal(json_array_size(reports), 0);   /* a fire service owes none */
    json_decref(reports);

    /* the operator's export carries both tables; the public one carries a
     * response the local policing body has published (s.55) to a published
     * report, with its answers, and nothing before that day */
    json_t *all = NULL, *pub = NULL;
    assert_int_equal(store_export_tables(s, NULL, &all, &err), 0);
    assert_int_equal(json_array_size(json_object_get(all, "pcc_responses")), 1);
    assert_int_equal(json_array_size(json_object_get(all, "pcc_recommendation_responses")), 1);
    assert_int_equal(store_export_tables(s, "2026-01-01", &pub, &err), 0);
    assert_int_equal(json_array_size(json_object_get(pub, "pcc_responses")), 1);
    assert_int_equal(json_array_size(json_object_get(pub, "pcc_recommendation_responses")), 1);
    json_decref(pub);
    const char *day = json_string_value(json_object_get(json_array_get(json_object_get(all, "pcc_responses"), 0),
                                                        "published_on"));
    assert_non_null(day);
    char before[16];
    snprintf(before, sizeof before, "%.4d-01-01", atoi(day));   /* its year's first day: not yet published */
    assert_int_equal(store_export_tables(s, before, &pub, &err), 0);
    assert_int_equal(json_array_size(json_object_get(pub, "pcc_responses")), 0);
    assert_int_equal(json_array_size(json_object_get(pub, "pcc_recommendation_responses")), 0);
    json_decref(pub);
    fx_t g;
    char path[300];
    assert_int_equal(t_mkdtemp(g.dir), 0);
    snprintf(path, sizeof path, "%s/restored.db", g.dir);
    assert_int_equal(t_db_url(g.url, path), 0);
    if (store_open(g.url, STORE_OPEN_CREATE, &g.s, &err) != 0) fail_msg("open: %s", err.message);
    assert_int_equal(store_reference_load_bodies(g.s, &err), 0);
    if (store_export_restore(g.s, all, NULL, &err) != 0) fail_msg("restore: [%s] %s", err.field, err.message);
    json_t *again = NULL;
    assert_int_equal(store_export_tables(g.s, NULL, &again, &err), 0);
    assert_true(json_equal(json_object_get(all, "pcc_responses"), json_object_get(again, "pcc_responses")));
    assert_true(json_equal(json_object_get(all, "pcc_recommendation_responses"),
                           json_object_get(again, "pcc_recommendation_responses")));
    json_decref(again);
    json_decref(all);
    fixture_end(&g);
    fixture_end(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(upgrade_keeps_every_response),
        cmocka_unit_test(responses_as_the_law_has_them),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
