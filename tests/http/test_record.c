/* test_record.c: the monitoring record over HTTP on the demo database:
 * readiness of the Met, CRUD with versions, every guard, roles. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "support/support.h"

static t_site_t S;
static struct {
    char inspector[160], analyst[160], kent[160], essex[160], hmci[160];
} FX;

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "record.db", T_SITE_DEMO) != 0) return -1;
    if (t_user_bearer(S.db, "insp", "inspector", NULL, FX.inspector)
        || t_user_bearer(S.db, "ana", "analyst", NULL, FX.analyst)
        || t_user_bearer(S.db, "kentuser", "body", "kent", FX.kent)
        || t_user_bearer(S.db, "essexuser", "body", "essex", FX.essex)
        || t_user_bearer(S.db, "chief", "hmci", NULL, FX.hmci))
        return -1;
    return t_site_serve(&S, t_today);
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

/* One call; asserts the status; returns the parsed body (or NULL), discarding the response. */
static json_t *req(const char *auth, const char *method, const char *path, const char *body, const char *if_match,
                   long want)
{
    return t_call_as(&S, auth, method, path, body, if_match, want, NULL);
}

static void expect_problem(const char *auth, const char *method, const char *path, const char *body,
                           const char *if_match, long want, const char *field, const char *needle)
{
    t_http_t r;
    json_t *j = t_call_as(&S, auth, method, path, body, if_match, want, &r);
    char type[128] = "";
    assert_int_equal(t_http_header(&r, "Content-Type", type, sizeof type), 0);
    assert_string_equal(type, "application/problem+json");
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "status")), want);
    const char *detail = json_string_value(json_object_get(j, "detail"));
    if (needle && (!detail || !strstr(detail, needle))) fail_msg("detail '%s' lacks '%s'", detail, needle);
    if (field) {
        const char *f = json_string_value(json_object_get(j, "field"));
        if (!f || strcmp(f, field) != 0) fail_msg("field '%s', wanted '%s' (%s)", f ? f : "(none)", field, detail);
    }
    json_decref(j);
    t_http_free(&r);
}

static long long id_of(json_t *j) { return json_integer_value(json_object_get(j, "id")); }
static const char *s_of(json_t *j, const char *k) { return json_string_value(json_object_get(j, k)); }

static int has_kind(json_t *items, const char *kind, const char *needle)
{
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
        if (strcmp(s_of(it, "kind"), kind) == 0 && (!needle || strstr(s_of(it, "reason"), needle))) return 1;
    return 0;
}

static void met_readiness_before_exit(void **state)
{
    (void)state;
    json_t *j = req(FX.inspector, "GET", "/api/v1/bodies/met/readiness?as_of=2025-01-20", NULL, NULL, 200);
    assert_true(json_is_true(json_object_get(j, "in_engage")));
    assert_true(json_is_true(json_object_get(j, "ready")));
    assert_int_equal(json_array_size(json_object_get(j, "blocking")), 0);
    json_t *sup = json_object_get(j, "supporting");
    assert_true(has_kind(sup, "cause_of_concern", NULL));
    assert_false(has_kind(sup, "ppog", NULL));   /* the PPOG met on the 22nd */
    json_decref(j);
    j = req(FX.inspector, "GET", "/api/v1/bodies/met/readiness?as_of=2025-01-22", NULL, NULL, 200);
    assert_true(json_is_true(json_object_get(j, "ready")));
    assert_true(has_kind(json_object_get(j, "supporting"), "ppog", NULL));
    json_decref(j);
}

static void met_readiness_mid_2024(void **state)
{
    (void)state;
    json_t *j = req(FX.inspector, "GET", "/api/v1/bodies/met/readiness?as_of=2024-06-01", NULL, NULL, 200);
    assert_true(json_is_false(json_object_get(j, "ready")));
    json_t *b = json_object_get(j, "blocking");
    int causes = 0, recs = 0;
    size_t i;
    json_t *it;
    json_array_foreach(b, i, it) {
        causes += strcmp(s_of(it, "kind"), "cause_of_concern") == 0;
        recs += strcmp(s_of(it, "kind"), "recommendation") == 0;
    }
    assert_int_equal(causes, 5);   /* call handling, professional standards, the three of 2023 */
    assert_int_equal(recs, 3);
    assert_true(has_kind(b, "recommendation", "2023-12-31"));
    assert_true(has_kind(b, "external_matter", NULL));
    json_decref(j);
    /* after the return to Scan */
    j = req(FX.inspector, "GET", "/api/v1/bodies/met/readiness?as_of=2025-02-01", NULL, NULL, 200);
    assert_true(json_is_false(json_object_get(j, "in_engage")));
    json_decref(j);
    expect_problem(FX.inspector, "GET", "/api/v1/bodies/met/readiness?as_of=20-01-2025", NULL, NULL, 400, "as_of", NULL);
    expect_problem(FX.inspector, "GET", "/api/v1/bodies/nowhere/readiness", NULL, NULL, 404, NULL, NULL);
}

static void met_record_in_full(void **state)
{
    (void)state;
    json_t *j = req(FX.inspector, "GET", "/api/v1/causes-of-concern?body=met", NULL, NULL, 200);
    assert_int_equal(json_integer_value(json_object_get(j, "count")), 5);
    json_t *items = json_object_get(j, "items");
    int accelerated = 0;
    size_t i;
    json_t *c;
    json_array_foreach(items, i, c) accelerated += json_is_true(json_object_get(c, "accelerated"));
    assert_int_equal(accelerated, 2);
    long long coc1 = id_of(json_array_get(items, 2));
    json_decref(j);
    char path[96];
    snprintf(path, sizeof path, "/api/v1/causes-of-concern/%lld", coc1);
    j = req(FX.inspector, "GET", path, NULL, NULL, 200);
    json_t *recs = json_object_get(j, "recommendations");
    assert_int_equal(json_array_size(recs), 1);
    assert_string_equal(s_of(json_array_get(recs, 0), "deadline"), "2023-12-31");
    assert_int_equal(json_array_size(json_object_get(j, "status_history")), 1);
    long long rec1 = id_of(json_array_get(recs, 0));
    json_decref(j);
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld", rec1);
    j = req(FX.inspector, "GET", path, NULL, NULL, 200);
    json_t *reqs = json_object_get(j, "requirements");
    assert_int_equal(json_array_size(reqs), 3);
    assert_string_equal(s_of(json_array_get(reqs, 1), "text"), "it appropriately assesses risk in all cases");
    json_decref(j);
    j = req(FX.inspector, "GET", "/api/v1/plans?body=met", NULL, NULL, 200);
    long long plan = id_of(json_array_get(json_object_get(j, "items"), 0));
    json_decref(j);
    snprintf(path, sizeof path, "/api/v1/plans/%lld", plan);
    j = req(FX.inspector, "GET", path, NULL, NULL, 200);
    assert_int_equal(json_array_size(json_object_get(j, "pillars")), 3);
    assert_string_equal(s_of(j, "linked_plan"), "New Met for London Plan: 2023–2025");
    json_decref(j);
}

static void create_update_versions(void **state)
{
    (void)state;
    t_http_t r;
    json_t *j = t_call_as(&S, FX.inspector, "POST", "/api/v1/inspections",
                        "{\"body\":\"kent\",\"kind\":\"peel\",\"title\":\"PEEL 2025\",\"published_on\":\"2025-03-01\"}",
                        NULL, 201, &r);
    char etag[64], loc[128];
    assert_int_equal(t_http_header(&r, "ETag", etag, sizeof etag), 0);
    assert_string_equal(etag, "\"v1\"");
    assert_int_equal(t_http_header(&r, "Location", loc, sizeof loc), 0);
    assert_string_equal(s_of(j, "body"), "kent");
    t_http_free(&r);
    char path[96];
    snprintf(path, sizeof path, "/api/v1/inspections/%lld", id_of(j));
    assert_string_equal(loc, path);
    json_decref(j);

    expect_problem(FX.inspector, "PATCH", path, "{\"title\":\"x\"}", NULL, 428, "If-Match", NULL);
    j = req(FX.inspector, "PATCH", path, "{\"title\":\"PEEL 2025: Kent\"}", "\"v1\"", 200);
    assert_int_equal(json_integer_value(json_object_get(j, "version")), 2);
    json_decref(j);
    expect_problem(FX.inspector, "PATCH", path, "{\"title\":\"lost update\"}", "\"v1\"", 412, NULL, "version 1");
    j = req(FX.inspector, "GET", path, NULL, NULL, 200);
    assert_string_equal(s_of(j, "title"), "PEEL 2025: Kent");
    json_decref(j);
    expect_problem(FX.inspector, "PATCH", path, "{\"body\":\"essex\"}", "\"v2\"", 422, "body", NULL);
    expect_problem(FX.inspector, "PATCH", path, "{}", "\"v2\"", 422, NULL, "nothing");
    expect_problem(FX.inspector, "PATCH", "/api/v1/inspections/999999", "{\"title\":\"x\"}", "\"v1\"", 404, NULL, NULL);
    expect_problem(FX.inspector, "GET", "/api/v1/inspections/abc", NULL, NULL, 404, NULL, NULL);
}

static void bad_input_changes_nothing(void **state)
{
    (void)state;
    json_t *before = req(FX.inspector, "GET", "/api/v1/inspections?body=essex", NULL, NULL, 200);
    expect_problem(FX.inspector, "POST", "/api/v1/inspections", "{\"body\":\"essex\",\"kind\":\"peel\"}", NULL, 422,
                   "title", "required");
    expect_problem(FX.inspector, "POST", "/api/v1/inspections",
                   "{\"body\":\"essex\",\"kind\":\"audit\",\"title\":\"t\"}", NULL, 422, "kind", "one of");
    expect_problem(FX.inspector, "POST", "/api/v1/inspections",
                   "{\"body\":\"essex\",\"kind\":\"peel\",\"title\":\"t\",\"colour\":\"red\"}", NULL, 422, "colour", NULL);
    expect_problem(FX.inspector, "POST", "/api/v1/inspections",
                   "{\"body\":\"atlantis\",\"kind\":\"peel\",\"title\":\"t\"}", NULL, 422, "body", "atlantis");
    expect_problem(FX.inspector, "POST", "/api/v1/inspections",
                   "{\"body\":\"essex\",\"kind\":\"peel\",\"title\":\"t\",\"published_on\":\"31/12/2024\"}", NULL, 422,
                   "published_on", NULL);
    expect_problem(FX.inspector, "POST", "/api/v1/inspections",
                   "{\"body\":\"essex\",\"kind\":\"peel\",\"title\":\"t\",\"fieldwork_start\":\"2024-05-01\","
                   "\"fieldwork_end\":\"2024-04-30\"}", NULL, 422, "fieldwork_end", "before");
    expect_problem(FX.inspector, "POST", "/api/v1/inspections", "{\"body\":", NULL, 400, NULL, "JSON");
    expect_problem(FX.inspector, "POST", "/api/v1/inspections", "[1]", NULL, 400, NULL, NULL);
    expect_problem(FX.inspector, "POST", "/api/v1/causes-of-concern",
                   "{\"body\":\"essex\",\"text\":\"t\",\"issued_on\":\"2024\",\"status\":\"closed\"}", NULL, 422,
                   "status", "action");
    expect_problem(FX.inspector, "POST", "/api/v1/causes-of-concern",
                   "{\"body\":\"essex\",\"text\":\"t\",\"issued_on\":\"2024\",\"accelerated\":\"yes\"}", NULL, 422,
                   "accelerated", NULL);
    /* a reference to another body's inspection */
    json_t *met = req(FX.inspector, "GET", "/api/v1/inspections?body=met", NULL, NULL, 200);
    char body[256];
    snprintf(body, sizeof body, "{\"body\":\"essex\",\"text\":\"t\",\"issued_on\":\"2024\",\"inspection_id\":%lld}",
             id_of(json_array_get(json_object_get(met, "items"), 0)));
    json_decref(met);
    expect_problem(FX.inspector, "POST", "/api/v1/causes-of-concern", body, NULL, 422, "inspection_id", "another body");
    expect_problem(FX.inspector, "POST", "/api/v1/grades",
                   "{\"inspection_id\":987654,\"area\":\"a\",\"grade\":\"good\"}", NULL, 422, "inspection_id", NULL);
    /* the four-point scale of older cycles has no "adequate" */
    json_t *old = req(FX.inspector, "POST", "/api/v1/inspections",
                      "{\"body\":\"dorset\",\"kind\":\"peel\",\"title\":\"PEEL 2016\",\"grade_scale\":\"peel4\"}",
                      NULL, 201);
    snprintf(body, sizeof body, "{\"inspection_id\":%lld,\"area\":\"Efficiency\",\"grade\":\"adequate\"}", id_of(old));
    expect_problem(FX.inspector, "POST", "/api/v1/grades", body, NULL, 409, NULL, "four-point");
    snprintf(body, sizeof body, "{\"inspection_id\":%lld,\"area\":\"Efficiency\",\"grade\":\"good\"}", id_of(old));
    json_decref(req(FX.inspector, "POST", "/api/v1/grades", body, NULL, 201));
    json_decref(old);
    json_t *after = req(FX.inspector, "GET", "/api/v1/inspections?body=essex", NULL, NULL, 200);
    assert_true(json_equal(before, after));
    json_decref(before);
    json_decref(after);
}

/* Issue #13, finding 10: what a database constraint refuses is told in
 * our words, naming the field, never the engine's ("UNIQUE constraint
 * failed: ..."), on SQLite and PostgreSQL alike; nothing changes. */
static void constraint_failures_in_words(void **state)
{
    (void)state;
    json_t *insp = req(FX.inspector, "POST", "/api/v1/inspections",
                       "{\"body\":\"essex\",\"kind\":\"thematic\",\"title\":\"Constraints\"}", NULL, 201);
    char body[256], path[128];
    snprintf(body, sizeof body, "{\"inspection_id\":%lld,\"published_on\":\"2025-03-01\"}", id_of(insp));
    json_decref(req(FX.inspector, "POST", "/api/v1/pcc-responses", body, NULL, 201));
    json_t *before = req(FX.inspector, "GET", "/api/v1/pcc-responses?limit=1000", NULL, NULL, 200);
    t_http_t r;
    json_decref(t_call_as(&S, FX.inspector, "POST", "/api/v1/pcc-responses", body, NULL, 409, &r));
    assert_null(strstr(r.body, "constraint"));
    assert_null(strstr(r.body, "pcc_responses"));
    t_http_free(&r);
    expect_problem(FX.inspector, "POST", "/api/v1/pcc-responses", body, NULL, 409, "inspection_id",
                   "a PCC response to this inspection from this body's local policing body is already recorded");
    /* NOT NULL: a column with a default the descriptor lets be cleared */
    snprintf(path, sizeof path, "/api/v1/inspections/%lld", id_of(insp));
    expect_problem(FX.inspector, "PATCH", path, "{\"grade_scale\":null}", "\"v1\"", 422, "grade_scale",
                   "grade_scale is required for an inspection");
    /* a second grade for the same area */
    snprintf(body, sizeof body, "{\"inspection_id\":%lld,\"area\":\"Leadership\",\"grade\":\"good\"}", id_of(insp));
    json_decref(req(FX.inspector, "POST", "/api/v1/grades", body, NULL, 201));
    expect_problem(FX.inspector, "POST", "/api/v1/grades", body, NULL, 409, "area",
                   "this inspection already has a grade for this area");
    json_t *after = req(FX.inspector, "GET", "/api/v1/pcc-responses?limit=1000", NULL, NULL, 200);
    assert_true(json_equal(before, after));
    json_t *row = req(FX.inspector, "GET", path, NULL, NULL, 200);
    assert_int_equal(json_integer_value(json_object_get(row, "version")), 1);
    json_decref(row);
    json_decref(before);
    json_decref(after);
    json_decref(insp);
}

/* The Kent story: a cause with a recommendation; the deadline moves, the
 * body claims it implemented, the inspector closes it, then the cause. */
static void review_loop(void **state)
{
    (void)state;
    json_t *c = req(FX.analyst, "POST", "/api/v1/causes-of-concern",
                    "{\"body\":\"kent\",\"text\":\"Call handling\",\"issued_on\":\"2025-04-01\",\"accelerated\":true}",
                    NULL, 201);
    char body[512], cpath[96], rpath[96], path[128];
    snprintf(cpath, sizeof cpath, "/api/v1/causes-of-concern/%lld", id_of(c));
    snprintf(body, sizeof body,
             "{\"body\":\"kent\",\"cause_id\":%lld,\"number\":\"1\",\"addressee\":\"Kent Police\","
             "\"text\":\"By 30 June 2025, Kent Police should:\",\"issued_on\":\"2025-04-01\","
             "\"original_deadline\":\"2025-06-30\"}", id_of(c));
    json_decref(c);
    json_t *rec = req(FX.analyst, "POST", "/api/v1/recommendations", body, NULL, 201);
    snprintf(rpath, sizeof rpath, "/api/v1/recommendations/%lld", id_of(rec));
    json_decref(rec);

    /* deadlines: overdue on 2026-01-01 */
    json_t *d = req(FX.inspector, "GET", "/api/v1/deadlines?before=2026-02-01", NULL, NULL, 200);
    assert_true(has_kind(json_object_get(d, "overdue"), "recommendation", NULL));
    json_decref(d);

    /* deadline revision keeps the original */
    snprintf(path, sizeof path, "%s/deadline-revisions", rpath);
    expect_problem(FX.analyst, "POST", path, "{\"new_deadline\":\"2025-12-31\",\"agreed_by\":\"HMI\"}", "\"v1\"", 422,
                   "reason", NULL);
    expect_problem(FX.analyst, "POST", path, "{\"new_deadline\":\"2025-12-31\",\"reason\":\"r\",\"agreed_by\":\"HMI\"}",
                   "\"v7\"", 412, NULL, NULL);
    expect_problem(FX.analyst, "POST", path, "{\"new_deadline\":\"2025-12-31\",\"reason\":\"r\",\"agreed_by\":\"HMI\"}",
                   "\"v1\"", 422, "agreed_on", NULL);
    rec = req(FX.analyst, "POST", path,
              "{\"new_deadline\":\"2026-03-31\",\"reason\":\"new IT system late\",\"agreed_by\":\"HMI Lee Freeman\","
              "\"agreed_on\":\"2025-06-01\"}", "\"v1\"", 201);
    assert_string_equal(s_of(rec, "original_deadline"), "2025-06-30");
    assert_string_equal(s_of(rec, "deadline"), "2026-03-31");
    assert_int_equal(json_array_size(json_object_get(rec, "deadline_revisions")), 1);
    json_decref(rec);
    /* the store asks the rule: no change, and never before the recommendation was issued */
    expect_problem(FX.analyst, "POST", path,
                   "{\"new_deadline\":\"2026-03-31\",\"reason\":\"r\",\"agreed_by\":\"HMI\",\"agreed_on\":\"2025-06-02\"}",
                   "\"v2\"", 409, "new_deadline", "already");
    expect_problem(FX.analyst, "POST", path,
                   "{\"new_deadline\":\"2025-03-31\",\"reason\":\"r\",\"agreed_by\":\"HMI\",\"agreed_on\":\"2025-06-02\"}",
                   "\"v2\"", 422, "new_deadline", "before");
    expect_problem(FX.inspector, "PATCH", rpath, "{\"original_deadline\":\"2026-01-01\"}", "\"v2\"", 422,
                   "original_deadline", "fixed");

    /* another body's user sees nothing of Kent */
    expect_problem(FX.essex, "GET", rpath, NULL, NULL, 403, NULL, NULL);
    expect_problem(FX.essex, "GET", "/api/v1/causes-of-concern?body=kent", NULL, NULL, 403, NULL, NULL);
    expect_problem(NULL, "GET", rpath, NULL, NULL, 401, NULL, NULL);

    /* the body claims it implemented; may not close it */
    snprintf(path, sizeof path, "%s/status", rpath);
    expect_problem(FX.kent, "POST", path, "{\"to\":\"implemented\",\"on\":\"2025-09-01\"}", "\"v2\"", 422,
                   "reason", "evidence");
    expect_problem(FX.kent, "POST", path, "{\"to\":\"implemented\",\"reason\":\"audit\"}", "\"v2\"", 422, "on", NULL);
    rec = req(FX.kent, "POST", path, "{\"to\":\"implemented\",\"on\":\"2025-09-01\",\"reason\":\"crime audit at 95%\"}",
              "\"v2\"", 200);
    assert_string_equal(s_of(rec, "status"), "implemented");
    json_decref(rec);
    expect_problem(FX.kent, "POST", path, "{\"to\":\"closed\",\"on\":\"2025-09-02\"}", "\"v3\"", 403, NULL, "inspector");
    expect_problem(FX.analyst, "POST", path, "{\"to\":\"closed\",\"on\":\"2025-09-02\"}", "\"v3\"", 403, NULL, NULL);
    /* the inspector returns it, the body claims again, the inspector closes */
    expect_problem(FX.inspector, "POST", path, "{\"to\":\"in_progress\",\"on\":\"2025-09-10\"}", "\"v3\"", 422, "reason",
                   NULL);
    rec = req(FX.inspector, "POST", path, "{\"to\":\"in_progress\",\"on\":\"2025-09-10\",\"reason\":\"no audit evidence\"}", "\"v3\"", 200);
    json_decref(rec);
    rec = req(FX.kent, "POST", path, "{\"to\":\"implemented\",\"on\":\"2025-10-01\",\"reason\":\"two audits\"}", "\"v4\"",
              200);
    json_decref(rec);
    expect_problem(FX.inspector, "POST", path, "{\"to\":\"closed\",\"on\":\"2025-01-01\"}", "\"v5\"", 422, "on", "before");

    /* a revisit of Kent's for the closures to rest on */
    json_t *kv = req(FX.inspector, "POST", "/api/v1/revisits",
                     "{\"body\":\"kent\",\"title\":\"Call handling revisit\",\"started_on\":\"2025-10-20\"}", NULL, 201);
    char closure[300];
    snprintf(closure, sizeof closure, "\"outcome\":\"implemented\",\"reason\":\"Seen working at the revisit\",\"revisit_id\":%lld",
             id_of(kv));
    json_decref(kv);

    /* the cause cannot close while its recommendation is open */
    snprintf(path, sizeof path, "%s/close", cpath);
    /* the date is required (the API no longer defaults it to today) */
    expect_problem(FX.inspector, "POST", path, "{}", "\"v1\"", 422, "on", NULL);
    snprintf(body, sizeof body, "{\"on\":\"2025-11-01\",%s}", closure);
    expect_problem(FX.inspector, "POST", path, body, "\"v1\"", 409, "override_reason", "still open");
    expect_problem(FX.kent, "POST", path, body, "\"v1\"", 403, NULL, NULL);

    snprintf(path, sizeof path, "%s/status", rpath);
    /* closing means something: outcome, reason and what it rests on, each named at once */
    t_http_t pr;
    json_t *pj = t_call_as(&S, FX.inspector, "POST", path, "{\"to\":\"closed\",\"on\":\"2025-11-01\",\"reason\":\"  \"}",
                           "\"v5\"", 422, &pr);
    assert_string_equal(s_of(pj, "field"), "outcome");
    json_t *errs = json_object_get(pj, "errors");
    assert_int_equal(json_array_size(errs), 3);
    assert_string_equal(s_of(json_array_get(errs, 0), "field"), "outcome");
    assert_string_equal(s_of(json_array_get(errs, 1), "field"), "reason");
    assert_string_equal(s_of(json_array_get(errs, 2), "field"), "rests_on");
    json_decref(pj);
    t_http_free(&pr);
    expect_problem(FX.inspector, "POST", path,
                   "{\"to\":\"closed\",\"on\":\"2025-11-01\",\"outcome\":\"done\",\"reason\":\"r\",\"progress_update_id\":999999}",
                   "\"v5\"", 422, "outcome", NULL);
    expect_problem(FX.inspector, "POST", path,
                   "{\"to\":\"closed\",\"on\":\"2025-11-01\",\"outcome\":\"not_implemented\",\"reason\":\"r\","
                   "\"evidence_file_id\":999999}", "\"v5\"", 422, "evidence_file_id", "of this body");
    expect_problem(FX.inspector, "POST", path,
                   "{\"to\":\"in_progress\",\"on\":\"2025-11-01\",\"reason\":\"r\",\"outcome\":\"implemented\"}", "\"v5\"", 422,
                   "outcome", "only when closing");
    /* "implemented on" is the day the inspector accepts, stated, not the claim's */
    snprintf(body, sizeof body, "{\"to\":\"closed\",\"on\":\"2025-11-01\",\"implemented_on\":\"2025-10-25\",%s}", closure);
    rec = req(FX.inspector, "POST", path, body, "\"v5\"", 200);
    assert_string_equal(s_of(rec, "status"), "closed");
    assert_string_equal(s_of(rec, "closed_by"), "insp");
    assert_string_equal(s_of(rec, "outcome"), "implemented");
    assert_string_equal(s_of(rec, "implemented_on"), "2025-10-25");
    assert_string_equal(s_of(rec, "closing_reason"), "Seen working at the revisit");
    /* implemented, returned, implemented, closed */
    assert_int_equal(json_array_size(json_object_get(rec, "status_history")), 4);
    json_decref(rec);

    snprintf(path, sizeof path, "%s/close", cpath);
    snprintf(body, sizeof body, "{\"on\":\"2025-11-02\",\"implemented_on\":\"2025-11-02\",%s}", closure);
    expect_problem(FX.inspector, "POST", path, body, "\"v1\"", 422, "implemented_on", NULL);
    snprintf(body, sizeof body, "{\"on\":\"2025-11-02\",%s}", closure);
    c = req(FX.inspector, "POST", path, body, "\"v1\"", 200);
    assert_string_equal(s_of(c, "status"), "closed");
    assert_string_equal(s_of(c, "outcome"), "implemented");
    json_decref(c);
    expect_problem(FX.inspector, "POST", path, "{\"on\":\"2025-11-03\"}", "\"v2\"", 409, NULL, "already closed");
}

/* The revisit or decision that closes an item must be of the item's body:
 * the store checks it (its raw UPDATE passes no authoriser), and without
 * the check a Kent revisit or a Met decision could close an Essex item. */
static void closing_refs_same_body(void **state)
{
    (void)state;
    json_t *c = req(FX.inspector, "POST", "/api/v1/causes-of-concern",
                    "{\"body\":\"essex\",\"text\":\"Crime recording\",\"issued_on\":\"2024-02\"}", NULL, 201);
    long long cause = id_of(c);
    json_decref(c);
    char body[400], path[128];
    snprintf(body, sizeof body,
             "{\"body\":\"essex\",\"cause_id\":%lld,\"number\":\"7\",\"addressee\":\"Essex Police\",\"text\":\"t\","
             "\"issued_on\":\"2024-02\"}", cause);
    json_t *r = req(FX.inspector, "POST", "/api/v1/recommendations", body, NULL, 201);
    long long rec = id_of(r);
    json_decref(r);
    json_t *kv = req(FX.inspector, "POST", "/api/v1/revisits",
                     "{\"body\":\"kent\",\"title\":\"Kent revisit\",\"started_on\":\"2024-06-01\"}", NULL, 201);
    json_t *ev = req(FX.inspector, "POST", "/api/v1/revisits",
                     "{\"body\":\"essex\",\"title\":\"Essex revisit\",\"started_on\":\"2024-06-01\"}", NULL, 201);
    json_t *met = req(FX.inspector, "GET", "/api/v1/bodies/met", NULL, NULL, 200);
    json_t *decs = json_object_get(met, "decisions");
    assert_true(json_array_size(decs) > 0);
    long long met_decision = id_of(json_array_get(decs, 0));
    json_decref(met);

    /* a recommendation: closed by another body's revisit, refused */
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld/status", rec);
#define CLOSE_AS "\"outcome\":\"implemented\",\"reason\":\"Verified\","
    snprintf(body, sizeof body, "{\"to\":\"closed\",\"on\":\"2024-07-01\"," CLOSE_AS "\"revisit_id\":%lld}", id_of(kv));
    expect_problem(FX.inspector, "POST", path, body, "\"v1\"", 422, "revisit_id", "of this body");
    snprintf(body, sizeof body, "{\"to\":\"closed\",\"on\":\"2024-07-01\"," CLOSE_AS "\"revisit_id\":%lld}", id_of(ev));
    r = req(FX.inspector, "POST", path, body, "\"v1\"", 200);
    assert_int_equal(json_integer_value(json_object_get(r, "closing_revisit_id")), id_of(ev));
    json_decref(r);

    /* the cause: another body's revisit or decision, refused */
    snprintf(path, sizeof path, "/api/v1/causes-of-concern/%lld/close", cause);
    snprintf(body, sizeof body, "{\"on\":\"2024-07-02\"," CLOSE_AS "\"revisit_id\":%lld}", id_of(kv));
    expect_problem(FX.inspector, "POST", path, body, "\"v1\"", 422, "revisit_id", "of this body");
    snprintf(body, sizeof body, "{\"on\":\"2024-01-31\"," CLOSE_AS "\"revisit_id\":%lld}", id_of(ev));
    expect_problem(FX.inspector, "POST", path, body, "\"v1\"", 422, "on", "before");
    snprintf(body, sizeof body, "{\"on\":\"2024-07-02\"," CLOSE_AS "\"revisit_id\":%lld,\"decision_id\":%lld}", id_of(ev),
             met_decision);
    expect_problem(FX.inspector, "POST", path, body, "\"v1\"", 422, "decision_id", "of this body");
    snprintf(body, sizeof body, "{\"on\":\"2024-07-02\"," CLOSE_AS "\"revisit_id\":%lld}", id_of(ev));
    c = req(FX.inspector, "POST", path, body, "\"v1\"", 200);
    assert_string_equal(s_of(c, "status"), "closed");
    assert_int_equal(json_integer_value(json_object_get(c, "closing_revisit_id")), id_of(ev));
    json_decref(c);
    json_decref(kv);
    json_decref(ev);
}

static void override_close(void **state)
{
    (void)state;
    json_t *c = req(FX.inspector, "POST", "/api/v1/causes-of-concern",
                    "{\"body\":\"essex\",\"text\":\"Leadership\",\"issued_on\":\"2024-01\"}", NULL, 201);
    char body[400], path[128];
    snprintf(body, sizeof body,
             "{\"body\":\"essex\",\"cause_id\":%lld,\"number\":\"4\",\"addressee\":\"Essex Police\",\"text\":\"t\","
             "\"issued_on\":\"2024-01\"}", id_of(c));
    json_decref(req(FX.inspector, "POST", "/api/v1/recommendations", body, NULL, 201));
    json_t *ev = req(FX.inspector, "POST", "/api/v1/revisits",
                     "{\"body\":\"essex\",\"title\":\"Leadership revisit\",\"started_on\":\"2024-11\"}", NULL, 201);
    snprintf(path, sizeof path, "/api/v1/causes-of-concern/%lld/close", id_of(c));
    json_decref(c);
    snprintf(body, sizeof body,
             "{\"on\":\"2024-12\",\"outcome\":\"not_implemented\",\"reason\":\"Not resolved; the force left Engage\","
             "\"revisit_id\":%lld,\"override_reason\":\"left Engage with it open; tracked through PEEL\"}", id_of(ev));
    json_decref(ev);
    c = req(FX.inspector, "POST", path, body, "\"v1\"", 200);
    assert_string_equal(s_of(c, "outcome"), "not_implemented");
    assert_string_equal(s_of(c, "close_override_reason"), "left Engage with it open; tracked through PEEL");
    json_decref(c);
}

static void engage_candidates(void **state)
{
    (void)state;
    json_t *i = req(FX.inspector, "POST", "/api/v1/inspections",
                    "{\"body\":\"surrey\",\"kind\":\"peel\",\"title\":\"PEEL 2025\",\"published_on\":\"2025-05-01\"}",
                    NULL, 201);
    char body[256];
    snprintf(body, sizeof body, "{\"inspection_id\":%lld,\"area\":\"Responding to the public\",\"grade\":\"inadequate\"}",
             id_of(i));
    json_decref(i);
    json_decref(req(FX.analyst, "POST", "/api/v1/grades", body, NULL, 201));
    json_t *j = req(FX.inspector, "GET", "/api/v1/engage-candidates?as_of=2025-12-01", NULL, NULL, 200);
    json_t *list = json_object_get(j, "candidates");
    int found = 0;
    size_t k;
    json_t *c;
    json_array_foreach(list, k, c)
        if (strcmp(s_of(c, "code"), "surrey") == 0) found = has_kind(json_object_get(c, "reasons"), "grade", "inadequate");
    assert_true(found);
    json_decref(j);
    expect_problem(FX.kent, "GET", "/api/v1/engage-candidates", NULL, NULL, 403, NULL, NULL);
    expect_problem(NULL, "GET", "/api/v1/engage-candidates", NULL, NULL, 401, NULL, NULL);
}

static void body_user_progress(void **state)
{
    (void)state;
    json_t *p = req(FX.kent, "POST", "/api/v1/progress-updates",
                    "{\"body\":\"kent\",\"submitted_on\":\"2025-08-01\",\"author\":\"Kent Police\",\"text\":\"Audit done\"}",
                    NULL, 201);
    char path[128], epath[128];
    long long pid = id_of(p);
    snprintf(path, sizeof path, "/api/v1/progress-updates/%lld/evidence?filename=audit.txt", pid);
    json_decref(p);
    /* evidence: kept with its SHA-256, readable by staff, not by another body */
    const char *content = "Audit of victim-blaming language, July 2025\n";
    json_t *ev = req(FX.kent, "POST", path, content, NULL, 201);
    assert_string_equal(s_of(ev, "sha256"), "64d65a34b3d91cf1e0a68d12e2d65a74a0ce6f53be4829c26b30af407e62f08b");
    assert_int_equal(json_integer_value(json_object_get(ev, "size")), (long long)strlen(content));
    snprintf(epath, sizeof epath, "/api/v1/evidence-files/%lld/content", id_of(ev));
    json_decref(ev);
    t_http_t r;
    const char *hdr[] = {FX.inspector, NULL};
    assert_int_equal(t_http(S.srv.port, "GET", epath, NULL, hdr, &r), 0);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.len, strlen(content));
    assert_memory_equal(r.body, content, r.len);
    char disp[256];
    assert_int_equal(t_http_header(&r, "Content-Disposition", disp, sizeof disp), 0);
    assert_string_equal(disp, "attachment; filename=\"audit.txt\"");
    t_http_free(&r);
    expect_problem(FX.essex, "GET", epath, NULL, NULL, 403, NULL, NULL);
    expect_problem(FX.essex, "POST", path, content, NULL, 403, NULL, NULL);
    snprintf(path + strlen(path) - strlen("audit.txt"), 32, "..%%2Fetc");
    expect_problem(FX.kent, "POST", path, content, NULL, 422, "filename", NULL);
    /* the one file-name rule of the upload form too (core/input.h) */
    char bad[400];
    snprintf(bad, sizeof bad, "/api/v1/progress-updates/%lld/evidence?filename=%0201d", pid, 0);
    expect_problem(FX.kent, "POST", bad, content, NULL, 422, "filename", "201 bytes long; at most 200");
    snprintf(bad, sizeof bad, "/api/v1/progress-updates/%lld/evidence?filename=invoice_%%E2%%80%%AEfdp.exe", pid);
    expect_problem(FX.kent, "POST", bad, content, NULL, 422, "filename", "bidirectional");
    snprintf(bad, sizeof bad, "/api/v1/progress-updates/%lld/evidence?filename=a%%E2%%81%%A6b.txt", pid);
    expect_problem(FX.kent, "POST", bad, content, NULL, 422, "filename", "bidirectional");
    snprintf(bad, sizeof bad, "/api/v1/progress-updates/%lld/evidence?filename=a%%01b.txt", pid);
    expect_problem(FX.kent, "POST", bad, content, NULL, 422, "filename", "control");
    json_t *files = req(FX.kent, "GET", "/api/v1/evidence-files", NULL, NULL, 200);
    size_t nfiles = json_array_size(json_object_get(files, "items"));
    json_decref(files);
    assert_int_equal(nfiles, 1);   /* only audit.txt */
    expect_problem(FX.kent, "POST", "/api/v1/progress-updates/99999/evidence?filename=a.txt", content, NULL, 404, NULL, NULL);
    expect_problem(FX.kent, "POST", "/api/v1/evidence-files", "{}", NULL, 405, NULL, NULL);
    expect_problem(FX.kent, "POST", "/api/v1/progress-updates",
                   "{\"body\":\"essex\",\"submitted_on\":\"2025-08-01\",\"author\":\"x\",\"text\":\"y\"}", NULL, 403,
                   NULL, NULL);
    expect_problem(FX.kent, "POST", "/api/v1/inspections", "{\"body\":\"kent\",\"kind\":\"peel\",\"title\":\"mine\"}",
                   NULL, 403, NULL, NULL);
    json_t *j = req(FX.kent, "GET", "/api/v1/progress-updates", NULL, NULL, 200);
    assert_int_equal(json_integer_value(json_object_get(j, "count")), 1);
    json_decref(j);
    j = req(FX.kent, "GET", "/api/v1/deadlines", NULL, NULL, 200);
    json_decref(j);
}

/* Deadlines and engage candidates come in pages: ?limit and ?offset are
 * checked, a page holds at most limit items, "more" says whether others
 * follow, and consecutive pages add up to the whole list. */
static void lists_are_paged(void **state)
{
    (void)state;
    expect_problem(FX.inspector, "GET", "/api/v1/deadlines?limit=0", NULL, NULL, 400, "limit", "whole number");
    expect_problem(FX.inspector, "GET", "/api/v1/deadlines?offset=x", NULL, NULL, 400, "offset", "whole number");
    expect_problem(FX.inspector, "GET", "/api/v1/engage-candidates?limit=10001", NULL, NULL, 400, "limit", "whole number");
    json_t *all = req(FX.inspector, "GET", "/api/v1/engage-candidates?as_of=2026-01-01", NULL, NULL, 200);
    json_int_t total = json_integer_value(json_object_get(all, "count"));
    assert_int_equal(json_array_size(json_object_get(all, "candidates")), (size_t)total);
    assert_false(json_is_true(json_object_get(all, "more")));
    assert_true(total >= 2);   /* the signs recorded by engage_candidates, and the demo's */
    size_t seen = 0;
    for (json_int_t off = 0; off < total; off++) {
        char path[128];
        snprintf(path, sizeof path, "/api/v1/engage-candidates?as_of=2026-01-01&limit=1&offset=%lld", (long long)off);
        json_t *p = req(FX.inspector, "GET", path, NULL, NULL, 200);
        const json_t *one = json_object_get(p, "candidates");
        assert_int_equal(json_array_size(one), 1);
        assert_true(json_equal(json_array_get(one, 0), json_array_get(json_object_get(all, "candidates"), (size_t)off)));
        assert_int_equal(json_is_true(json_object_get(p, "more")), off + 1 < total);
        seen++;
        json_decref(p);
    }
    assert_int_equal(seen, (size_t)total);
    json_decref(all);
    json_t *d = req(FX.inspector, "GET", "/api/v1/deadlines?before=2027-01-01", NULL, NULL, 200);
    size_t n = json_array_size(json_object_get(d, "overdue")) + json_array_size(json_object_get(d, "upcoming"));
    json_decref(d);
    assert_true(n > 1);
    {
        d = req(FX.inspector, "GET", "/api/v1/deadlines?before=2027-01-01&limit=1", NULL, NULL, 200);
        assert_int_equal(json_array_size(json_object_get(d, "overdue")) + json_array_size(json_object_get(d, "upcoming")), 1);
        assert_true(json_is_true(json_object_get(d, "more")));
        json_decref(d);
    }
}

/* Finding 15 of issue #13: a decision's source_url took javascript:. Every
 * URL field of every entity (read from GET /api/v1/schema, so a new one is
 * covered) and a decision's source_url refuse what is not an http(s) URL
 * with a host, by the same rule; nothing changes. */
static void every_url_field_one_rule(void **state)
{
    (void)state;
    const char *bad[] = {"javascript:alert(1)", "JAVASCRIPT:alert(1)//https://x", "data:text/html,x", "https://",
                         "https://example.org/\u202Egpj.exe", "https://exa mple.org/"};
    json_t *schema = req(NULL, "GET", "/api/v1/schema", NULL, NULL, 200);
    size_t i, k;
    json_t *e, *f;
    int checked = 0;
    json_array_foreach(json_object_get(schema, "entities"), i, e) {
        json_array_foreach(json_object_get(e, "fields"), k, f) {
            if (strcmp(s_of(f, "type"), "url") != 0) continue;
            const char *entity = s_of(e, "name"), *field = s_of(f, "name");
            char path[160], body[300], im[32];
            snprintf(path, sizeof path, "/api/v1/%s?limit=1", entity);
            json_t *list = req(FX.inspector, "GET", path, NULL, NULL, 200);
            json_t *row = json_array_get(json_object_get(list, "items"), 0);
            if (!row) {   /* none in the demo (PCC responses): make one to change */
                assert_string_equal(entity, "pcc-responses");
                json_t *ins = req(FX.inspector, "GET", "/api/v1/inspections?body=met&limit=1", NULL, NULL, 200);
                snprintf(body, sizeof body, "{\"inspection_id\":%lld,\"published_on\":\"2025-01-01\"}",
                         id_of(json_array_get(json_object_get(ins, "items"), 0)));
                json_decref(ins);
                json_decref(list);
                list = json_pack("{s:[o]}", "items", req(FX.inspector, "POST", "/api/v1/pcc-responses", body, NULL, 201));
                row = json_array_get(json_object_get(list, "items"), 0);
            }
            long long id = id_of(row), version = json_integer_value(json_object_get(row, "version"));
            snprintf(path, sizeof path, "/api/v1/%s/%lld", entity, id);
            snprintf(im, sizeof im, "\"v%lld\"", version);
            for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
                snprintf(body, sizeof body, "{\"%s\":\"%s\"}", field, bad[b]);
                expect_problem(FX.inspector, "PATCH", path, body, im, 422, field, NULL);
            }
            snprintf(body, sizeof body, "{\"%s\":\"https://www.justiceinspectorates.gov.uk/hmicfrs/\"}", field);
            json_decref(req(FX.inspector, "PATCH", path, body, im, 200));
            json_decref(list);
            checked++;
        }
    }
    json_decref(schema);
    assert_int_equal(checked, 4);   /* inspections, external reports, PCC responses, post holders */

    /* a decision's source_url: the same rule, and the body stays as it was */
    json_t *b0 = req(NULL, "GET", "/api/v1/bodies/kent", NULL, NULL, 200);
    for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
        char body[400];
        snprintf(body, sizeof body, "{\"to_phase\":\"engage\",\"decided_by\":\"HMCI\",\"effective_on\":\"2025-06-01\","
                 "\"rationale\":\"r\",\"source_url\":\"%s\"}", bad[b]);
        expect_problem(FX.hmci, "POST", "/api/v1/bodies/kent/decisions", body, NULL, 422, "source_url", NULL);
    }
    json_t *b1 = req(NULL, "GET", "/api/v1/bodies/kent", NULL, NULL, 200);
    assert_int_equal(json_integer_value(json_object_get(b1, "version")), json_integer_value(json_object_get(b0, "version")));
    assert_string_equal(s_of(b1, "phase"), s_of(b0, "phase"));
    json_decref(b0);
    json_decref(b1);
}

/* A PCC response is a police force's local policing body's duty (Police
 * Act 1996 s.55): refused for a fire and rescue service's report, naming
 * the field; its body defaults to the report's; its answers are to the
 * report's own recommendations. Nothing is written by a refusal. */
static void pcc_responses_police_only(void **state)
{
    (void)state;
    json_t *fire = req(FX.inspector, "POST", "/api/v1/inspections",
                       "{\"body\":\"avon-frs\",\"kind\":\"other\",\"title\":\"Fire\",\"published_on\":\"2024-10-10\"}",
                       NULL, 201);
    json_t *before = req(FX.inspector, "GET", "/api/v1/pcc-responses?limit=1000", NULL, NULL, 200);
    char body[300];
    snprintf(body, sizeof body, "{\"inspection_id\":%lld,\"published_on\":\"2024-11-01\"}", id_of(fire));
    expect_problem(FX.inspector, "POST", "/api/v1/pcc-responses", body, NULL, 422, "inspection_id",
                   "is not a police force");
    json_t *after = req(FX.inspector, "GET", "/api/v1/pcc-responses?limit=1000", NULL, NULL, 200);
    assert_true(json_equal(before, after));
    json_decref(after);
    json_decref(before);
    json_t *insp = req(FX.inspector, "POST", "/api/v1/inspections",
                       "{\"body\":\"essex\",\"kind\":\"thematic\",\"title\":\"S55\",\"published_on\":\"2024-10-10\"}",
                       NULL, 201);
    snprintf(body, sizeof body, "{\"body\":\"essex\",\"inspection_id\":%lld,\"number\":\"1\",\"addressee\":\"CC\","
             "\"text\":\"r\",\"issued_on\":\"2024-10-10\"}", id_of(insp));
    json_t *rec = req(FX.inspector, "POST", "/api/v1/recommendations", body, NULL, 201);
    json_t *other = req(FX.inspector, "POST", "/api/v1/recommendations",
                        "{\"body\":\"essex\",\"number\":\"9\",\"addressee\":\"CC\",\"text\":\"o\",\"issued_on\":\"2024-10-10\"}",
                        NULL, 201);
    snprintf(body, sizeof body, "{\"inspection_id\":%lld,\"published_on\":\"2024-12-04\","
             "\"chief_officer_comments\":\"Accepted.\"}", id_of(insp));
    json_t *resp = req(FX.inspector, "POST", "/api/v1/pcc-responses", body, NULL, 201);
    assert_string_equal(json_string_value(json_object_get(resp, "body")), "essex");
    assert_string_equal(json_string_value(json_object_get(resp, "chief_officer_comments")), "Accepted.");
    snprintf(body, sizeof body, "{\"response_id\":%lld,\"recommendation_id\":%lld,\"action\":\"x\"}", id_of(resp),
             id_of(other));
    expect_problem(FX.inspector, "POST", "/api/v1/pcc-recommendation-responses", body, NULL, 422, "recommendation_id",
                   "is not one the report this response answers made");
    snprintf(body, sizeof body, "{\"response_id\":%lld,\"recommendation_id\":%lld,\"action\":\"Done by May.\"}",
             id_of(resp), id_of(rec));
    json_decref(req(FX.inspector, "POST", "/api/v1/pcc-recommendation-responses", body, NULL, 201));
    char path[80];
    snprintf(path, sizeof path, "/api/v1/pcc-responses/%lld", id_of(resp));
    json_t *got = req(FX.inspector, "GET", path, NULL, NULL, 200);
    json_t *answers = json_object_get(got, "recommendations");
    assert_int_equal(json_array_size(answers), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(answers, 0), "action")), "Done by May.");
    json_decref(got);
    /* the body's reports as the API gives them: a report published
     * 2024-10-10 is answered by 2024-12-04 (the 56 days begin with the day
     * of publication) */
    json_t *unanswered = req(FX.inspector, "POST", "/api/v1/inspections",
                             "{\"body\":\"essex\",\"kind\":\"peel\",\"title\":\"Unanswered\",\"published_on\":\"2024-10-10\"}",
                             NULL, 201);
    json_t *due = req(FX.inspector, "GET", "/api/v1/bodies/essex/pcc-responses?today=2024-12-04", NULL, NULL, 200);
    assert_true(json_is_true(json_object_get(due, "owes_responses")));
    size_t i;
    json_t *x;
    int seen = 0;
    json_array_foreach(json_object_get(due, "reports"), i, x) {
        const char *title = json_string_value(json_object_get(x, "title"));
        if (strcmp(title, "Unanswered") == 0) {
            assert_string_equal(json_string_value(json_object_get(x, "due")), "2024-12-04");
            assert_string_equal(json_string_value(json_object_get(x, "status")), "due");
            seen++;
        } else if (strcmp(title, "S55") == 0) {
            assert_string_equal(json_string_value(json_object_get(x, "status")), "received");
            json_t *r0 = json_array_get(json_object_get(x, "recommendations"), 0);
            assert_string_equal(json_string_value(json_object_get(r0, "status")), "received");
            seen++;
        }
    }
    assert_int_equal(seen, 2);
    json_decref(due);
    due = req(FX.inspector, "GET", "/api/v1/bodies/essex/pcc-responses?today=2024-12-05", NULL, NULL, 200);
    json_array_foreach(json_object_get(due, "reports"), i, x)
        if (strcmp(json_string_value(json_object_get(x, "title")), "Unanswered") == 0)
            assert_string_equal(json_string_value(json_object_get(x, "status")), "overdue");
    json_decref(due);
    due = req(FX.inspector, "GET", "/api/v1/bodies/avon-frs/pcc-responses", NULL, NULL, 200);
    assert_true(json_is_false(json_object_get(due, "owes_responses")));
    assert_int_equal(json_array_size(json_object_get(due, "reports")), 0);
    json_decref(due);
    json_decref(unanswered);
    json_decref(resp);
    json_decref(other);
    json_decref(rec);
    json_decref(insp);
    json_decref(fire);
}

/* Last: after the record's writes (entities, actions, evidence) through the program, with the
 * server still running, every audited row agrees with its trail
 * (`audit verify --deep`: no bookkeeping mistaken for tampering). */
static void the_data_agree_with_the_trail(void **state)
{
    (void)state;
    assert_int_equal(t_audit_deep(S.db), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(met_readiness_before_exit), cmocka_unit_test(met_readiness_mid_2024),
        cmocka_unit_test(met_record_in_full),        cmocka_unit_test(create_update_versions),
        cmocka_unit_test(bad_input_changes_nothing), cmocka_unit_test(review_loop),
        cmocka_unit_test(override_close),            cmocka_unit_test(closing_refs_same_body),
        cmocka_unit_test(engage_candidates),
        cmocka_unit_test(body_user_progress),        cmocka_unit_test(lists_are_paged),
        cmocka_unit_test(every_url_field_one_rule),
        cmocka_unit_test(constraint_failures_in_words),
        cmocka_unit_test(pcc_responses_police_only),
        cmocka_unit_test(the_data_agree_with_the_trail),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
