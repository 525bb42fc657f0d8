/* test_desk.c: the inspector's desk (issue #17) on the demo database with
 * today pinned to 2026-01-01: the work queue (/work) per role with its
 * filters and CSV download, the deadlines page (/deadlines). */
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
    long long cause, rec, rec2, revisit;
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

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "desk.db", T_SITE_DEMO) != 0) return -1;
    if (t_user_bearer(S.db, "insp", "inspector", NULL, FX.inspector)
        || t_user_bearer(S.db, "ana", "analyst", NULL, FX.analyst)
        || t_user_bearer(S.db, "kentuser", "body", "kent", FX.kent)
        || t_user_bearer(S.db, "essexuser", "body", "essex", FX.essex)
        || t_user_bearer(S.db, "chief", "hmci", NULL, FX.hmci))
        return -1;
    if (t_site_serve(&S, t_today) != 0) return -1;
    /* Kent: a cause of concern with two recommendations, one overdue on
     * 2026-01-01, one due within 30 days; a planned revisit whose title a
     * spreadsheet would run as a formula */
    json_t *c = req(FX.analyst, "POST", "/api/v1/causes-of-concern",
                    "{\"body\":\"kent\",\"text\":\"Call handling\",\"issued_on\":\"2025-04-01\"}", NULL, 201);
    FX.cause = id_of(c);
    json_decref(c);
    char body[512];
    snprintf(body, sizeof body,
             "{\"body\":\"kent\",\"cause_id\":%lld,\"number\":\"1\",\"addressee\":\"Kent Police\","
             "\"text\":\"Answer 999 calls within 10 seconds\",\"issued_on\":\"2025-04-01\","
             "\"original_deadline\":\"2025-06-30\"}", FX.cause);
    json_t *r = req(FX.analyst, "POST", "/api/v1/recommendations", body, NULL, 201);
    FX.rec = id_of(r);
    json_decref(r);
    snprintf(body, sizeof body,
             "{\"body\":\"kent\",\"cause_id\":%lld,\"number\":\"2\",\"addressee\":\"Kent Police\","
             "\"text\":\"Train call handlers\",\"issued_on\":\"2025-04-01\","
             "\"original_deadline\":\"2026-01-20\"}", FX.cause);
    r = req(FX.analyst, "POST", "/api/v1/recommendations", body, NULL, 201);
    FX.rec2 = id_of(r);
    json_decref(r);
    r = req(FX.analyst, "POST", "/api/v1/revisits",
            "{\"body\":\"kent\",\"title\":\"=HYPERLINK(\\\"http://x\\\")\",\"started_on\":\"2026-02-10\"}", NULL, 201);
    FX.revisit = id_of(r);
    json_decref(r);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

/* Signed-in readers only: anonymous visitors are sent to log in. */
static void work_needs_login(void **state)
{
    (void)state;
    t_http_t r;
    t_get(&S, "/work", NULL, 303, &r);
    char loc[256] = "";
    assert_int_equal(t_http_header(&r, "Location", loc, sizeof loc), 0);
    assert_string_equal(loc, "/login?next=%2Fwork");
    t_http_free(&r);
    t_get(&S, "/deadlines", NULL, 303, &r);
    t_http_free(&r);
}

static void inspector_queue(void **state)
{
    (void)state;
    t_http_t r;
    char link[128];
    t_get(&S, "/work", FX.inspector, 200, &r);
    char type[128] = "";
    assert_int_equal(t_http_header(&r, "Content-Type", type, sizeof type), 0);
    assert_non_null(strstr(type, "text/html"));
    has(&r, "<h2 id=\"h-overdue\">Overdue");
    has(&r, "Recommendation 1 (cause of concern");
    has(&r, "overdue by 185 days");
    snprintf(link, sizeof link, "href=\"/record/recommendations/%lld/status\">Close or update", FX.rec);
    has(&r, link);
    has(&r, "due in 19 days");
    has(&r, "Revisits planned or under way");
    has(&r, "starts in 40 days");
    has(&r, "href=\"/work\">Work queue</a>");
    t_http_free(&r);

    /* filters: one section, one body, one kind */
    t_get(&S, "/work?what=overdue&body=kent", FX.inspector, 200, &r);
    has(&r, "Recommendation 1 (cause of concern");
    lacks(&r, "Recommendation 2 (cause of concern");
    lacks(&r, "h-revisits");
    t_http_free(&r);
    t_get(&S, "/work?body=essex", FX.inspector, 200, &r);
    lacks(&r, "Call handling");
    lacks(&r, "Recommendation 1 (cause of concern");
    t_http_free(&r);
    t_get(&S, "/work?kind=fire", FX.inspector, 200, &r);
    lacks(&r, "Recommendation 1 (cause of concern");
    t_http_free(&r);
    t_get(&S, "/work?what=everything", FX.inspector, 400, &r);
    t_http_free(&r);
    t_get(&S, "/work?kind=navy", FX.inspector, 400, &r);
    t_http_free(&r);
    t_get(&S, "/work?body=nowhere", FX.inspector, 404, &r);
    t_http_free(&r);

    /* the board's overdue count is a link to the queue */
    t_get(&S, "/", FX.inspector, 200, &r);
    has(&r, "href=\"/work?body=kent&amp;what=overdue\"");
    t_http_free(&r);
}

/* The CSV download: the filtered rows, formula-safe. */
static void work_csv(void **state)
{
    (void)state;
    t_http_t r;
    t_get(&S, "/work?body=kent&format=csv", FX.inspector, 200, &r);
    char type[128] = "", disp[128] = "";
    assert_int_equal(t_http_header(&r, "Content-Type", type, sizeof type), 0);
    assert_non_null(strstr(type, "text/csv"));
    assert_int_equal(t_http_header(&r, "Content-Disposition", disp, sizeof disp), 0);
    assert_non_null(strstr(disp, "attachment"));
    has(&r, "section,body_code,body,kind,item,date,age_days,age,action,link\r\n");
    has(&r, "overdue,kent,Kent Police,police,Recommendation 1 (cause of concern");
    has(&r, ",2025-06-30,-185,overdue by 185 days,Close or update,/record/recommendations/");
    has(&r, "revisits,kent,Kent Police,police,\"'=HYPERLINK(\"\"http://x\"\")\",2026-02-10,40,");
    lacks(&r, ",=HYPERLINK");
    lacks(&r, "Metropolitan");
    t_http_free(&r);
}

/* A body's user: its own items, what it was asked for, what it sent;
 * nothing of another body, and no inspectorate queues. */
static void body_queue(void **state)
{
    (void)state;
    t_http_t r;
    t_get(&S, "/work", FX.kent, 200, &r);
    has(&r, "Recommendation 1 (cause of concern");
    has(&r, "What the inspectorate asked for");
    has(&r, "Send a progress update");
    lacks(&r, "Letters waiting");
    lacks(&r, "HYPERLINK");
    t_http_free(&r);
    t_get(&S, "/work", FX.essex, 200, &r);
    lacks(&r, "Recommendation 1 (cause of concern");
    t_http_free(&r);
    t_get(&S, "/work?body=kent", FX.essex, 200, &r);
    lacks(&r, "Recommendation 1 (cause of concern");
    t_http_free(&r);
    t_get(&S, "/work?what=letters", FX.kent, 400, &r);
    t_http_free(&r);

    /* Kent claims recommendation 2 implemented: the inspector's queue shows
     * the claim to review; Kent's shows it sent */
    char path[128];
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld/status", FX.rec2);
    json_t *j = req(FX.kent, "POST", path, "{\"to\":\"implemented\",\"on\":\"2025-12-20\",\"reason\":\"New call system live\"}", "\"v1\"", 200);
    json_decref(j);
    t_get(&S, "/work?what=claims", FX.inspector, 200, &r);
    has(&r, "Recommendation 2</a>");
    has(&r, "12 days ago");
    has(&r, "Review the claim");
    t_http_free(&r);
    t_get(&S, "/work?what=sent", FX.kent, 200, &r);
    has(&r, "Recommendation 2</a>");
    has(&r, "Waiting for the inspectorate");
    t_http_free(&r);
}

/* /deadlines: the rule of GET /api/v1/deadlines as a page, same filters. */
static void deadlines_page(void **state)
{
    (void)state;
    t_http_t r;
    t_get(&S, "/deadlines?body=kent", FX.inspector, 200, &r);
    has(&r, "<h1>Deadlines</h1>");
    has(&r, "Recommendation 1 (cause of concern");
    has(&r, "overdue by 185 days");
    t_http_free(&r);
    /* as seen on 2025-06-01, due before 2025-07-01: upcoming, not overdue */
    t_get(&S, "/deadlines?body=kent&today=2025-06-01&before=2025-07-01", FX.inspector, 200, &r);
    has(&r, "due in 29 days");
    t_http_free(&r);
    json_t *api = req(FX.inspector, "GET", "/api/v1/deadlines?today=2025-06-01&before=2025-07-01", NULL, NULL, 200);
    assert_true(json_array_size(json_object_get(api, "upcoming")) >= 1);
    json_decref(api);
    t_get(&S, "/deadlines?before=2025-13-01", FX.inspector, 400, &r);
    has(&r, "before");
    t_http_free(&r);
    t_get(&S, "/deadlines?limit=0", FX.inspector, 400, &r);
    t_http_free(&r);
    /* paging: one at a time, with a link to the next page */
    t_get(&S, "/deadlines?body=kent&limit=1", FX.inspector, 200, &r);
    has(&r, "Next page");
    has(&r, "offset=1");
    t_http_free(&r);
    t_get(&S, "/deadlines", FX.essex, 200, &r);
    lacks(&r, "Recommendation 1 (cause of concern");
    t_http_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(work_needs_login), cmocka_unit_test(inspector_queue), cmocka_unit_test(work_csv),
        cmocka_unit_test(body_queue),       cmocka_unit_test(deadlines_page),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
