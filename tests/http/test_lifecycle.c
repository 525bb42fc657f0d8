/* test_lifecycle.c: the full recommendation lifecycle, priority and themes
 * (issue #15 item 4; #16's theme and priority filters) on the demo
 * database with today pinned to 2026-01-01: superseded by a named
 * successor and withdrawn (API with If-Match and problem+json naming the
 * field, the forms with check your answers, the public words and links
 * both ways, reopening), themes as a controlled list (admin adds), an
 * item's themes and priority, and the filters of the public list and the
 * search; the audit trail agrees with the tables at the end. */
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
    char inspector[160], analyst[160], kent[160], admin[160];
    long long insp, cause, rec1, rec2, rec3, rec4;
} FX;

static json_t *req(const char *auth, const char *method, const char *path, const char *body, const char *if_match,
                   long want)
{
    return t_call_as(&S, auth, method, path, body, if_match, want, NULL);
}

static long long id_of(json_t *j) { return json_integer_value(json_object_get(j, "id")); }

static void has(const t_http_t *r, const char *needle)
{
    if (!r->body || !strstr(r->body, needle)) fail_msg("reply lacks '%s':\n%s", needle, r->body ? r->body : "");
}

static void lacks(const t_http_t *r, const char *needle)
{
    if (r->body && strstr(r->body, needle)) fail_msg("reply has '%s':\n%s", needle, r->body);
}

/* The ETag a recommendation (or cause: entity) has now. */
static void etag_of(const char *entity, long long id, char out[32])
{
    char path[128];
    snprintf(path, sizeof path, "/api/v1/%s/%lld", entity, id);
    json_t *row = req(FX.inspector, "GET", path, NULL, NULL, 200);
    snprintf(out, 32, "\"v%lld\"", (long long)json_integer_value(json_object_get(row, "version")));
    json_decref(row);
}

static long long rec(const char *number, const char *text)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"body\":\"kent\",\"cause_id\":%lld,\"number\":\"%s\",\"addressee\":\"Kent Police\","
             "\"text\":\"%s\",\"issued_on\":\"2025-04-01\",\"original_deadline\":\"2025-06-30\"}",
             FX.cause, number, text);
    json_t *r = req(FX.analyst, "POST", "/api/v1/recommendations", body, NULL, 201);
    long long id = id_of(r);
    json_decref(r);
    return id;
}

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "lifecycle.db", T_SITE_DEMO) != 0) return -1;
    if (t_user_bearer(S.db, "insp", "inspector", NULL, FX.inspector)
        || t_user_bearer(S.db, "ana", "analyst", NULL, FX.analyst)
        || t_user_bearer(S.db, "kentuser", "body", "kent", FX.kent)
        || t_user_bearer(S.db, "boss", "admin", NULL, FX.admin))
        return -1;
    if (t_site_serve(&S, t_today) != 0) return -1;
    /* Kent: a published report with a cause of concern and four recommendations */
    json_t *i = req(FX.analyst, "POST", "/api/v1/inspections",
                    "{\"body\":\"kent\",\"kind\":\"thematic\",\"title\":\"Kent call handling 2025\","
                    "\"published_on\":\"2025-04-01\"}", NULL, 201);
    FX.insp = id_of(i);
    json_decref(i);
    char body[256];
    snprintf(body, sizeof body, "{\"body\":\"kent\",\"inspection_id\":%lld,\"text\":\"Call handling\","
             "\"issued_on\":\"2025-04-01\"}", FX.insp);
    json_t *c = req(FX.analyst, "POST", "/api/v1/causes-of-concern", body, NULL, 201);
    FX.cause = id_of(c);
    json_decref(c);
    FX.rec1 = rec("1", "Answer 999 calls within 10 seconds");
    FX.rec2 = rec("2", "Answer 999 and 101 calls within 10 seconds");
    FX.rec3 = rec("3", "Publish call figures monthly");
    FX.rec4 = rec("4", "Review the call handling policy");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

/* Superseding: every missing field named at once, who may, the version,
 * the successor checked; then the item closed as superseded, out of the
 * open list, its public words naming the successor, both pages linking. */
static void supersede(void **state)
{
    (void)state;
    char path[128], body[400], etag[32];
    t_http_t r;
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld/supersede", FX.rec1);
    etag_of("recommendations", FX.rec1, etag);
    json_decref(req(NULL, "POST", path, "{}", etag, 401));
    json_decref(req(FX.kent, "POST", path, "{}", etag, 403));
    json_decref(req(FX.analyst, "POST", path, "{}", etag, 403));   /* an inspector's action */
    json_decref(req(FX.inspector, "POST", path, "{}", NULL, 428));
    json_t *p = req(FX.inspector, "POST", path, "{}", etag, 422);
    assert_int_equal(json_array_size(json_object_get(p, "errors")), 3);   /* on, reason, successor_id */
    json_decref(p);
    snprintf(body, sizeof body, "{\"on\":\"2025-09-01\",\"reason\":\"Merged\",\"successor_id\":%lld}", FX.rec1);
    p = req(FX.inspector, "POST", path, body, etag, 422);
    assert_string_equal(json_string_value(json_object_get(p, "field")), "successor_id");
    json_decref(p);
    p = req(FX.inspector, "POST", path, "{\"on\":\"2025-09-01\",\"reason\":\"Merged\",\"successor_id\":999999}", etag,
            422);
    assert_string_equal(json_string_value(json_object_get(p, "field")), "successor_id");
    json_decref(p);
    p = req(FX.inspector, "POST", path, "{\"on\":\"2025-01-01\",\"reason\":\"Merged\",\"successor_id\":1}", etag, 422);
    assert_string_equal(json_string_value(json_object_get(p, "field")), "on");   /* before it was issued */
    json_decref(p);
    snprintf(body, sizeof body, "{\"on\":\"2025-09-01\",\"reason\":\"Merged into 2\",\"successor_id\":%lld}", FX.rec2);
    json_decref(req(FX.inspector, "POST", path, body, "\"v999\"", 412));
    json_t *row = req(FX.inspector, "POST", path, body, etag, 200);
    assert_string_equal(json_string_value(json_object_get(row, "status")), "closed");
    assert_string_equal(json_string_value(json_object_get(row, "lifecycle")), "superseded");
    assert_int_equal(json_integer_value(json_object_get(row, "superseded_by_id")), FX.rec2);
    assert_string_equal(json_string_value(json_object_get(row, "closed_by")), "insp");
    json_decref(row);
    /* once ended, not again */
    etag_of("recommendations", FX.rec1, etag);
    json_decref(req(FX.inspector, "POST", path, body, etag, 409));

    /* public: out of the open list, in the superseded one, said in words */
    json_t *list = req(NULL, "GET", "/api/v1/public/recommendations?body=kent", NULL, NULL, 200);
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(list, "recommendations"), i, x) assert_int_not_equal(id_of(x), FX.rec1);
    json_decref(list);
    list = req(NULL, "GET", "/api/v1/public/recommendations?body=kent&status=superseded", NULL, NULL, 200);
    assert_int_equal(json_array_size(json_object_get(list, "recommendations")), 1);
    x = json_array_get(json_object_get(list, "recommendations"), 0);
    assert_int_equal(id_of(x), FX.rec1);
    assert_string_equal(json_string_value(json_object_get(x, "public_status")), "superseded");
    assert_string_equal(json_string_value(json_object_get(x, "public_status_text")),
                        "Superseded by Recommendation 2 of Kent call handling 2025");
    json_decref(list);
    snprintf(path, sizeof path, "/recommendations/%lld", FX.rec1);
    t_get(&S, path, NULL, 200, &r);
    has(&r, "Superseded by Recommendation 2 of Kent call handling 2025");
    snprintf(body, sizeof body, "href=\"/recommendations/%lld\"", FX.rec2);
    has(&r, body);
    has(&r, "Merged into 2");
    t_http_free(&r);
    snprintf(path, sizeof path, "/recommendations/%lld", FX.rec2);
    t_get(&S, path, NULL, 200, &r);
    has(&r, "Supersedes");
    snprintf(body, sizeof body, "href=\"/recommendations/%lld\"", FX.rec1);
    has(&r, body);
    t_http_free(&r);
}

/* Withdrawing: the reason is required; then withdrawn in plain words; a
 * withdrawn recommendation supersedes nothing; reopening undoes it. */
static void withdraw(void **state)
{
    (void)state;
    char path[128], body[300], etag[32];
    t_http_t r;
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld/withdraw", FX.rec3);
    etag_of("recommendations", FX.rec3, etag);
    json_t *p = req(FX.inspector, "POST", path, "{\"on\":\"2025-10-01\"}", etag, 422);
    assert_string_equal(json_string_value(json_object_get(p, "field")), "reason");
    json_decref(p);
    p = req(FX.inspector, "POST", path, "{\"on\":\"2025-10-01\",\"reason\":\"x\",\"successor_id\":1}", etag, 422);
    assert_string_equal(json_string_value(json_object_get(p, "field")), "successor_id");   /* not a member */
    json_decref(p);
    json_t *row = req(FX.inspector, "POST", path, "{\"on\":\"2025-10-01\",\"reason\":\"Overtaken by the national "
                      "framework\"}", etag, 200);
    assert_string_equal(json_string_value(json_object_get(row, "lifecycle")), "withdrawn");
    json_decref(row);
    snprintf(path, sizeof path, "/recommendations/%lld", FX.rec3);
    t_get(&S, path, NULL, 200, &r);
    has(&r, "Withdrawn");
    has(&r, "Overtaken by the national framework");
    t_http_free(&r);
    /* the successor must be live */
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld/supersede", FX.rec4);
    etag_of("recommendations", FX.rec4, etag);
    snprintf(body, sizeof body, "{\"on\":\"2025-10-01\",\"reason\":\"r\",\"successor_id\":%lld}", FX.rec3);
    p = req(FX.inspector, "POST", path, body, etag, 422);
    assert_string_equal(json_string_value(json_object_get(p, "field")), "successor_id");
    assert_non_null(strstr(json_string_value(json_object_get(p, "detail")), "withdrawn"));
    json_decref(p);
    /* reopened: live again, the lifecycle cleared */
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld/status", FX.rec3);
    etag_of("recommendations", FX.rec3, etag);
    row = req(FX.inspector, "POST", path, "{\"to\":\"open\",\"on\":\"2025-11-01\",\"reason\":\"Withdrawn in error\"}",
              etag, 200);
    assert_true(json_is_null(json_object_get(row, "lifecycle")));
    assert_true(json_is_null(json_object_get(row, "lifecycle_reason")));
    assert_string_equal(json_string_value(json_object_get(row, "status")), "open");
    json_decref(row);
}

/* The forms: withdraw through "check your answers", then confirmed. */
static void withdraw_form(void **state)
{
    (void)state;
    char path[128], form[300], etag[32];
    t_http_t r;
    snprintf(path, sizeof path, "/record/recommendations/%lld/withdraw", FX.rec4);
    t_get(&S, path, FX.inspector, 200, &r);
    has(&r, "Withdraw recommendation 4");
    t_http_free(&r);
    etag_of("recommendations", FX.rec4, etag);
    long long v = atoll(etag + 2);
    snprintf(form, sizeof form, "version=%lld&on=2025-12-01&reason=", v);
    t_form(&S, "POST", path, FX.inspector, form, 422, &r);
    has(&r, "Give the reason");
    t_http_free(&r);
    snprintf(form, sizeof form, "version=%lld&on=2025-12-01&reason=No+longer+needed", v);
    t_form(&S, "POST", path, FX.inspector, form, 200, &r);
    has(&r, "Check your answers");
    has(&r, "Withdrawn (closed)");
    t_http_free(&r);
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld", FX.rec4);
    json_t *row = req(FX.inspector, "GET", path, NULL, NULL, 200);   /* nothing changed yet */
    assert_true(json_is_null(json_object_get(row, "lifecycle")));
    json_decref(row);
    snprintf(path, sizeof path, "/record/recommendations/%lld/withdraw", FX.rec4);
    snprintf(form, sizeof form, "version=%lld&on=2025-12-01&reason=No+longer+needed&confirm=yes", v);
    t_form(&S, "POST", path, FX.inspector, form, 200, &r);
    has(&r, "Recommendation 4 is withdrawn");
    t_http_free(&r);
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld", FX.rec4);
    row = req(FX.inspector, "GET", path, NULL, NULL, 200);
    assert_string_equal(json_string_value(json_object_get(row, "lifecycle")), "withdrawn");
    json_decref(row);
}

/* The controlled list: public to read, an admin adds; errors name the field. */
static void theme_list(void **state)
{
    (void)state;
    json_t *list = req(NULL, "GET", "/api/v1/themes", NULL, NULL, 200);
    int found = 0;
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(list, "themes"), i, t)
        found |= strcmp(json_string_value(json_object_get(t, "code")), "child_protection") == 0;
    assert_true(found);
    json_decref(list);
    const char *body = "{\"code\":\"roads_policing\",\"name\":\"Roads policing\"}";
    json_decref(req(NULL, "POST", "/api/v1/themes", body, NULL, 401));
    json_decref(req(FX.inspector, "POST", "/api/v1/themes", body, NULL, 403));
    json_t *p = req(FX.admin, "POST", "/api/v1/themes", "{\"code\":\"Roads!\",\"name\":\"x\"}", NULL, 422);
    assert_string_equal(json_string_value(json_object_get(p, "field")), "code");
    json_decref(p);
    p = req(FX.admin, "POST", "/api/v1/themes", "{\"code\":\"roads\"}", NULL, 422);
    assert_string_equal(json_string_value(json_object_get(p, "field")), "name");
    json_decref(p);
    json_decref(req(FX.admin, "POST", "/api/v1/themes", body, NULL, 201));
    p = req(FX.admin, "POST", "/api/v1/themes", body, NULL, 409);
    assert_string_equal(json_string_value(json_object_get(p, "field")), "code");
    json_decref(p);
}

/* An item's themes and priority, then the filters of every list. */
static void themes_and_filters(void **state)
{
    (void)state;
    char path[128], etag[32];
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld/themes", FX.rec2);
    etag_of("recommendations", FX.rec2, etag);
    json_decref(req(FX.kent, "POST", path, "{\"themes\":[]}", etag, 403));
    json_t *p = req(FX.analyst, "POST", path, "{\"themes\":[\"no_such_theme\"]}", etag, 422);
    assert_string_equal(json_string_value(json_object_get(p, "field")), "themes");
    json_decref(p);
    p = req(FX.analyst, "POST", path, "{\"themes\":\"call_handling\"}", etag, 422);
    assert_string_equal(json_string_value(json_object_get(p, "field")), "themes");
    json_decref(p);
    json_t *row = req(FX.analyst, "POST", path, "{\"themes\":[\"call_handling\",\"roads_policing\",\"call_handling\"]}",
                      etag, 200);
    assert_int_equal(json_array_size(json_object_get(row, "themes")), 2);
    json_decref(row);
    /* the version moved: the old ETag is stale */
    json_decref(req(FX.analyst, "POST", path, "{\"themes\":[]}", etag, 412));
    etag_of("recommendations", FX.rec2, etag);
    row = req(FX.analyst, "POST", path, "{\"themes\":[\"call_handling\"]}", etag, 200);
    assert_int_equal(json_array_size(json_object_get(row, "themes")), 1);
    json_decref(row);
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld", FX.rec2);
    etag_of("recommendations", FX.rec2, etag);
    json_decref(req(FX.analyst, "PATCH", path, "{\"priority\":true}", etag, 200));
    snprintf(path, sizeof path, "/api/v1/causes-of-concern/%lld/themes", FX.cause);
    etag_of("causes-of-concern", FX.cause, etag);
    json_decref(req(FX.analyst, "POST", path, "{\"themes\":[\"call_handling\"]}", etag, 200));

    /* the public list */
    json_t *list = req(NULL, "GET", "/api/v1/public/recommendations?status=all&theme=call_handling", NULL, NULL, 200);
    assert_int_equal(json_array_size(json_object_get(list, "recommendations")), 1);
    json_t *x = json_array_get(json_object_get(list, "recommendations"), 0);
    assert_int_equal(id_of(x), FX.rec2);
    assert_true(json_is_true(json_object_get(x, "priority")));
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(x, "themes"), 0), "code")),
                        "call_handling");
    json_decref(list);
    /* the same list with and without the filter: not one cached answer */
    /* (the fourth: Kent's part of the demo's national thematic report) */
    list = req(NULL, "GET", "/api/v1/public/recommendations?status=all&body=kent", NULL, NULL, 200);
    assert_int_equal(json_array_size(json_object_get(list, "recommendations")), 5);
    json_decref(list);
    list = req(NULL, "GET", "/api/v1/public/recommendations?status=all&body=kent&priority=1", NULL, NULL, 200);
    assert_int_equal(json_array_size(json_object_get(list, "recommendations")), 1);
    json_decref(list);
    p = req(NULL, "GET", "/api/v1/public/recommendations?theme=nope", NULL, NULL, 400);
    assert_string_equal(json_string_value(json_object_get(p, "field")), "theme");
    json_decref(p);
    p = req(NULL, "GET", "/api/v1/public/recommendations?priority=maybe", NULL, NULL, 400);
    assert_string_equal(json_string_value(json_object_get(p, "field")), "priority");
    json_decref(p);
    t_http_t r;
    t_get(&S, "/api/v1/public/recommendations?status=all&theme=call_handling&format=csv", NULL, 200, &r);
    has(&r, "priority,theme_codes,successor_id");
    has(&r, ",true,call_handling,");
    t_http_free(&r);
    t_get(&S, "/recommendations?status=all&theme=call_handling&priority=1", NULL, 200, &r);
    has(&r, "Answer 999 and 101 calls");
    lacks(&r, "Publish call figures monthly");
    has(&r, "tag-priority");
    t_http_free(&r);

    /* the deadlines and the work queue: only the recommendation that carries them */
    list = req(FX.inspector, "GET", "/api/v1/deadlines?theme=call_handling&priority=1", NULL, NULL, 200);
    size_t n = 0, k;
    json_t *d;
    json_array_foreach(json_object_get(list, "overdue"), k, d) {
        assert_string_equal(json_string_value(json_object_get(d, "kind")), "recommendation");
        assert_int_equal(id_of(d), FX.rec2);
        n++;
    }
    assert_int_equal(n, 1);
    assert_int_equal(json_array_size(json_object_get(list, "upcoming")), 0);
    json_decref(list);
    p = req(FX.inspector, "GET", "/api/v1/deadlines?theme=nope", NULL, NULL, 400);
    assert_string_equal(json_string_value(json_object_get(p, "field")), "theme");
    json_decref(p);
    char href[64], other[64];
    snprintf(href, sizeof href, "/recommendations/%lld", FX.rec2);
    snprintf(other, sizeof other, "/recommendations/%lld", FX.rec3);   /* overdue too, no theme */
    t_get(&S, "/deadlines?theme=call_handling", FX.inspector, 200, &r);
    has(&r, href);
    lacks(&r, other);
    t_http_free(&r);
    t_get(&S, "/deadlines", FX.inspector, 200, &r);
    has(&r, other);
    t_http_free(&r);
    t_get(&S, "/work?theme=call_handling&priority=1&format=csv", FX.inspector, 200, &r);
    has(&r, href);
    lacks(&r, other);
    t_http_free(&r);
    t_get(&S, "/work?priority=maybe", FX.inspector, 400, &r);
    t_http_free(&r);

    /* the search: Kent's cause and recommendation carry the theme (and the Met's call handling cause) */
    list = req(NULL, "GET", "/api/v1/search?q=call&theme=call_handling&body=kent", NULL, NULL, 200);
    assert_int_equal(json_integer_value(json_object_get(list, "total")), 2);
    json_decref(list);
    list = req(NULL, "GET", "/api/v1/search?q=call&theme=call_handling", NULL, NULL, 200);
    assert_int_equal(json_integer_value(json_object_get(list, "total")), 3);
    json_decref(list);
    list = req(NULL, "GET", "/api/v1/search?q=call&theme=call_handling&priority=1", NULL, NULL, 200);
    assert_int_equal(json_integer_value(json_object_get(list, "total")), 1);
    x = json_array_get(json_object_get(list, "results"), 0);
    assert_int_equal(id_of(x), FX.rec2);
    assert_true(json_is_true(json_object_get(x, "priority")));
    json_decref(list);
    p = req(NULL, "GET", "/api/v1/search?q=call&theme=nope", NULL, NULL, 400);
    assert_string_equal(json_string_value(json_object_get(p, "field")), "theme");
    json_decref(p);
    t_get(&S, "/search?q=call&theme=call_handling&priority=1", NULL, 200, &r);
    has(&r, "1 result");
    t_http_free(&r);
}

/* A successor in a report not yet published is not named at any public
 * door: the public reads "Superseded" and no link. */
static void successor_not_public(void **state)
{
    (void)state;
    json_t *i = req(FX.analyst, "POST", "/api/v1/inspections",
                    "{\"body\":\"kent\",\"kind\":\"thematic\",\"title\":\"UNPUBLISHED-REPORT\","
                    "\"published_on\":\"2026-06-01\"}", NULL, 201);
    char body[512], path[128], etag[32];
    snprintf(body, sizeof body,
             "{\"body\":\"kent\",\"inspection_id\":%lld,\"number\":\"9\",\"addressee\":\"Kent Police\","
             "\"text\":\"SECRET-SUCCESSOR\",\"issued_on\":\"2025-12-01\"}", id_of(i));
    json_decref(i);
    json_t *succ = req(FX.analyst, "POST", "/api/v1/recommendations", body, NULL, 201);
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld/supersede", FX.rec3);
    etag_of("recommendations", FX.rec3, etag);
    snprintf(body, sizeof body, "{\"on\":\"2025-12-01\",\"reason\":\"Replaced\",\"successor_id\":%lld}", id_of(succ));
    json_decref(req(FX.inspector, "POST", path, body, etag, 200));
    json_t *list = req(NULL, "GET", "/api/v1/public/recommendations?body=kent&status=superseded", NULL, NULL, 200);
    json_t *x;
    size_t k;
    int seen = 0;
    json_array_foreach(json_object_get(list, "recommendations"), k, x) {
        if (id_of(x) != FX.rec3) continue;
        seen = 1;
        assert_string_equal(json_string_value(json_object_get(x, "public_status_text")), "Superseded");
        assert_true(json_is_null(json_object_get(x, "successor_id")) || !json_object_get(x, "successor_id"));
    }
    assert_true(seen);
    json_decref(list);
    t_http_t r;
    snprintf(path, sizeof path, "/recommendations/%lld", FX.rec3);
    t_get(&S, path, NULL, 200, &r);
    lacks(&r, "UNPUBLISHED-REPORT");
    snprintf(body, sizeof body, "/recommendations/%lld\"", id_of(succ));
    lacks(&r, body);
    t_http_free(&r);
    json_decref(succ);
}

/* The demo's Met items carry themes and a priority. */
static void demo_themes(void **state)
{
    (void)state;
    json_t *list = req(NULL, "GET", "/api/v1/public/recommendations?body=met&status=all&theme=child_protection", NULL,
                       NULL, 200);
    assert_int_equal(json_array_size(json_object_get(list, "recommendations")), 3);
    json_decref(list);
}

static void the_data_agree_with_the_trail(void **state)
{
    (void)state;
    assert_int_equal(t_audit_deep(S.db), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(supersede),  cmocka_unit_test(withdraw),           cmocka_unit_test(withdraw_form),
        cmocka_unit_test(theme_list), cmocka_unit_test(themes_and_filters), cmocka_unit_test(successor_not_public),
        cmocka_unit_test(demo_themes),
        cmocka_unit_test(the_data_agree_with_the_trail),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
