/* test_desk.c: the inspector's desk (issue #17) on the demo database with
 * today pinned to 2026-01-01: the work queue (/work) per role with its
 * filters and CSV download, the deadlines page (/deadlines); corrections
 * of phase decisions and closures, appended, never edited (API, form,
 * public page, Atom feed, audit trail). */
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
    has(&r, "href=\"/work\" aria-current=\"page\">Work queue</a>");   /* the header, this section current */
    t_http_free(&r);

    /* filters: one section, one body, one kind */
    t_get(&S, "/work?what=overdue&body=kent", FX.inspector, 200, &r);
    has(&r, "Recommendation 1 (cause of concern");
    lacks(&r, "Recommendation 2 (cause of concern");
    lacks(&r, "h-revisits");
    t_http_free(&r);
    t_get(&S, "/work?body=essex", FX.inspector, 200, &r);
    /* below the filters (which offer the theme "Call handling") */
    const char *rows = r.body ? strstr(r.body, "action=\"/work\"") : NULL;
    assert_non_null(rows);
    rows = strstr(rows, "</form>");
    assert_non_null(rows);
    assert_null(strstr(rows, "Call handling"));
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
    has(&r, "class=\"govuk-pagination govuk-pagination--block\" aria-label=\"Pages of deadlines\"");
    has(&r, "rel=\"next\"");
    has(&r, "offset=1");
    t_http_free(&r);
    t_get(&S, "/deadlines", FX.essex, 200, &r);
    lacks(&r, "Recommendation 1 (cause of concern");
    t_http_free(&r);
}


/* Correct, never rewrite: HMCI corrects a decision; the original stays,
 * the correction shows beside it on the public page and in the feed, and
 * the audit trail has it. */
static void decision_corrected(void **state)
{
    (void)state;
    json_t *d = req(FX.hmci, "POST", "/api/v1/bodies/kent/decisions",
                    "{\"to_phase\":\"engage\",\"decided_by\":\"HMCI\",\"effective_on\":\"2025-11-01\","
                    "\"rationale\":\"Test reasons\"}", NULL, 201);
    long long dec = id_of(d);
    json_decref(d);
    assert_true(dec > 0);
    char body[600];
    /* who may: HMCI only; bad input: every field named at once */
    snprintf(body, sizeof body, "{\"entity\":\"decisions\",\"id\":%lld,\"kind\":\"correction\",\"text\":\"x\","
             "\"reason\":\"y\",\"corrected_on\":\"2025-11-02\"}", dec);
    json_decref(req(FX.inspector, "POST", "/api/v1/corrections", body, NULL, 403));
    snprintf(body, sizeof body, "{\"entity\":\"decisions\",\"id\":%lld,\"kind\":\"correction\",\"reason\":\" \","
             "\"corrected_on\":\"2025-13-02\"}", dec);
    t_http_t r;
    json_t *p = t_call_as(&S, FX.hmci, "POST", "/api/v1/corrections", body, NULL, 422, &r);
    assert_int_equal(json_array_size(json_object_get(p, "errors")), 3);
    assert_string_equal(json_string_value(json_object_get(p, "field")), "text");
    json_decref(p);
    t_http_free(&r);
    snprintf(body, sizeof body, "{\"entity\":\"decisions\",\"id\":%lld,\"kind\":\"correction\","
             "\"text\":\"Kent moves into Engage for crime data integrity, as the PPOG recommended.\","
             "\"reason\":\"The reasons recorded were a test entry, not the decision's\",\"corrected_on\":\"2025-11-03\"}",
             dec);
    json_t *c = req(FX.hmci, "POST", "/api/v1/corrections", body, NULL, 201);
    long long cid = id_of(c);
    assert_string_equal(json_string_value(json_object_get(c, "corrected_by")), "chief");
    json_decref(c);
    /* the original is unchanged, the correction beside it */
    json_t *b = req(NULL, "GET", "/api/v1/bodies/kent", NULL, NULL, 200);
    json_t *decs = json_object_get(b, "decisions"), *found = NULL;
    size_t i;
    json_t *x;
    json_array_foreach(decs, i, x) if (id_of(x) == dec) found = x;
    assert_non_null(found);
    assert_string_equal(json_string_value(json_object_get(found, "rationale")), "Test reasons");
    assert_int_equal(json_array_size(json_object_get(found, "corrections")), 1);
    json_decref(b);
    t_get(&S, "/bodies/kent", NULL, 200, &r);
    has(&r, "Test reasons");
    has(&r, "Corrected on <time datetime=\"2025-11-03\">3 November 2025</time> by chief");
    has(&r, "as the PPOG recommended.");
    lacks(&r, "Correct or withdraw this decision");   /* not for visitors */
    t_http_free(&r);
    t_get(&S, "/bodies/kent", FX.hmci, 200, &r);
    has(&r, "Correct or withdraw this decision");
    t_http_free(&r);
    t_get(&S, "/feeds/decisions.atom?body=kent", NULL, 200, &r);
    has(&r, "Test reasons CORRECTED on 2025-11-03 by chief: Kent moves into Engage");
    t_http_free(&r);
    char path[128];
    snprintf(path, sizeof path, "/api/v1/audit?entity=corrections&id=%lld", cid);
    json_t *a = req(FX.inspector, "GET", path, NULL, NULL, 200);
    assert_int_equal(json_array_size(json_object_get(a, "entries")), 1);
    json_decref(a);
    snprintf(path, sizeof path, "/api/v1/corrections?entity=decisions&id=%lld", dec);
    json_t *l = req(NULL, "GET", path, NULL, NULL, 200);
    assert_int_equal(json_array_size(json_object_get(l, "corrections")), 1);
    json_decref(l);

    /* withdrawn through the form, then never again */
    t_session_t chief;
    assert_int_equal(t_login_form(&S, "chief", NULL, &chief), 0);
    snprintf(path, sizeof path, "/record/corrections/new?entity=decisions&id=%lld", dec);
    t_get(&S, path, chief.cookie, 200, &r);
    has(&r, "Correct or withdraw this phase decision");
    t_http_free(&r);
    char fields[400];
    snprintf(fields, sizeof fields, "entity=decisions&id=%lld&kind=&reason=&corrected_on=", dec);
    t_submit(&S, &chief, "/record/corrections", fields, 422, &r);
    has(&r, "f-kind-error");
    has(&r, "f-reason-error");
    has(&r, "f-corrected_on-error");
    t_http_free(&r);
    snprintf(fields, sizeof fields, "entity=decisions&id=%lld&kind=withdrawal&reason=Recorded+by+mistake&"
             "corrected_on=2025-11-04", dec);
    t_submit(&S, &chief, "/record/corrections", fields, 200, &r);
    has(&r, "The correction is recorded");
    t_http_free(&r);
    t_submit(&S, &chief, "/record/corrections", fields, 409, &r);
    t_http_free(&r);
    t_get(&S, "/bodies/kent", NULL, 200, &r);
    has(&r, "Withdrawn on <time datetime=\"2025-11-04\">4 November 2025</time> by chief");
    t_http_free(&r);
}

/* A closure is corrected by an inspector; an open item has none to correct. */
static void closure_corrected(void **state)
{
    (void)state;
    json_t *v = req(FX.analyst, "POST", "/api/v1/revisits",
                    "{\"body\":\"kent\",\"title\":\"Check\",\"started_on\":\"2025-12-01\"}", NULL, 201);
    char body[600], path[128];
    snprintf(body, sizeof body, "{\"entity\":\"recommendations\",\"id\":%lld,\"kind\":\"withdrawal\","
             "\"reason\":\"r\",\"corrected_on\":\"2025-12-02\"}", FX.rec);
    json_decref(req(FX.inspector, "POST", "/api/v1/corrections", body, NULL, 409));   /* not closed */
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld", FX.rec);
    json_t *rec = req(FX.inspector, "GET", path, NULL, NULL, 200);
    char etag[32];
    snprintf(etag, sizeof etag, "\"v%lld\"", (long long)json_integer_value(json_object_get(rec, "version")));
    json_decref(rec);
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld/status", FX.rec);
    snprintf(body, sizeof body, "{\"to\":\"closed\",\"on\":\"2025-12-01\",\"outcome\":\"implemented\","
             "\"reason\":\"Seen\",\"revisit_id\":%lld}", id_of(v));
    json_decref(v);
    json_decref(req(FX.inspector, "POST", path, body, etag, 200));
    snprintf(body, sizeof body, "{\"entity\":\"recommendations\",\"id\":%lld,\"kind\":\"correction\","
             "\"text\":\"Closed as not implemented: the revisit found calls still slow\",\"reason\":\"Misread the revisit\","
             "\"corrected_on\":\"2025-12-05\"}", FX.rec);
    json_decref(req(FX.kent, "POST", "/api/v1/corrections", body, NULL, 403));
    json_decref(req(FX.inspector, "POST", "/api/v1/corrections", body, NULL, 201));
    t_http_t r;
    snprintf(path, sizeof path, "/recommendations/%lld", FX.rec);
    t_get(&S, path, FX.inspector, 200, &r);
    has(&r, "Closure corrected on");
    has(&r, "the revisit found calls still slow");
    has(&r, "Correct or withdraw the closure");
    t_http_free(&r);
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld", FX.rec);
    rec = req(FX.inspector, "GET", path, NULL, NULL, 200);
    assert_string_equal(json_string_value(json_object_get(rec, "outcome")), "implemented");   /* never edited */
    json_decref(rec);
}

/* The correction of a published closure is public beside the original
 * (item 3): on the item's public page, with the outcome in plain words made
 * from the recorded outcome (item 2), and in the Atom feed; a correction of
 * an unpublished item is at no public door. */
static void closure_correction_public(void **state)
{
    (void)state;
    json_t *i = req(FX.analyst, "POST", "/api/v1/inspections",
                    "{\"body\":\"kent\",\"kind\":\"thematic\",\"title\":\"Kent call handling\","
                    "\"published_on\":\"2025-05-01\"}", NULL, 201);
    char body[700], path[160];
    snprintf(body, sizeof body, "{\"body\":\"kent\",\"inspection_id\":%lld,\"text\":\"Calls answered late\","
             "\"issued_on\":\"2025-05-01\"}", id_of(i));
    json_t *c = req(FX.analyst, "POST", "/api/v1/causes-of-concern", body, NULL, 201);
    snprintf(body, sizeof body, "{\"body\":\"kent\",\"cause_id\":%lld,\"inspection_id\":%lld,\"number\":\"1\","
             "\"addressee\":\"Kent Police\",\"text\":\"Answer calls\",\"issued_on\":\"2025-05-01\"}",
             id_of(c), id_of(i));
    json_t *rec = req(FX.analyst, "POST", "/api/v1/recommendations", body, NULL, 201);
    long long id = id_of(rec);
    json_t *v = req(FX.analyst, "POST", "/api/v1/revisits",
                    "{\"body\":\"kent\",\"title\":\"Call check\",\"started_on\":\"2025-11-01\"}", NULL, 201);
    char etag[32];
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld", id);
    json_t *now = req(FX.inspector, "GET", path, NULL, NULL, 200);
    snprintf(etag, sizeof etag, "\"v%lld\"", (long long)json_integer_value(json_object_get(now, "version")));
    json_decref(now);
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld/status", id);
    snprintf(body, sizeof body, "{\"to\":\"closed\",\"on\":\"2025-11-02\",\"outcome\":\"not_implemented\","
             "\"reason\":\"Calls are still answered late\",\"revisit_id\":%lld}", id_of(v));
    json_decref(req(FX.inspector, "POST", path, body, etag, 200));
    snprintf(body, sizeof body, "{\"entity\":\"recommendations\",\"id\":%lld,\"kind\":\"correction\","
             "\"text\":\"Closed as implemented: the figures were misread\",\"reason\":\"Wrong month read\","
             "\"corrected_on\":\"2025-11-20\"}", id);
    json_decref(req(FX.inspector, "POST", "/api/v1/corrections", body, NULL, 201));

    /* a visitor: the original closure in plain words, why, and the correction */
    t_http_t r;
    snprintf(path, sizeof path, "/recommendations/%lld", id);
    t_get(&S, path, NULL, 200, &r);
    has(&r, "Closed \u2013 not implemented");
    has(&r, "Calls are still answered late");
    has(&r, "Closure corrected on");
    has(&r, "Closed as implemented: the figures were misread");
    has(&r, "Wrong month read");
    lacks(&r, "Correct or withdraw the closure");
    t_http_free(&r);
    /* the API lists them to anyone, as the publication rule says; those of
     * an item in no published report (closure_corrected's) stay the
     * record's */
    snprintf(path, sizeof path, "/api/v1/corrections?entity=recommendations&id=%lld", id);
    json_t *cl = req(NULL, "GET", path, NULL, NULL, 200);
    assert_int_equal(json_array_size(json_object_get(cl, "corrections")), 1);
    json_decref(cl);
    snprintf(path, sizeof path, "/api/v1/corrections?entity=recommendations&id=%lld", FX.rec);
    json_decref(req(NULL, "GET", path, NULL, NULL, 401));
    json_decref(req(FX.essex, "GET", path, NULL, NULL, 403));
    /* the public list filters by the recorded outcome */
    json_t *l = req(NULL, "GET", "/api/v1/public/recommendations?body=kent&status=closed_not_implemented", NULL, NULL, 200);
    json_t *items = json_object_get(l, "items");
    if (!items) items = json_object_get(l, "recommendations");
    assert_int_equal(json_array_size(items), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "public_status")),
                        "closed_not_implemented");
    json_decref(l);
    l = req(NULL, "GET", "/api/v1/public/recommendations?body=kent&status=closed_implemented", NULL, NULL, 200);
    items = json_object_get(l, "items");
    if (!items) items = json_object_get(l, "recommendations");
    assert_int_equal(json_array_size(items), 0);
    json_decref(l);
    /* the feed: the published closure's correction, named as the letters
     * name the item; the unpublished one's (closure_corrected) is not there */
    t_get(&S, "/feeds/decisions.atom?body=kent", NULL, 200, &r);
    has(&r, "closure of Recommendation 1 of cause of concern 1 corrected");
    has(&r, "Closed as implemented: the figures were misread");
    lacks(&r, "Misread the revisit");
    t_http_free(&r);
    json_decref(i);
    json_decref(c);
    json_decref(rec);
    json_decref(v);
}

static void the_data_agree_with_the_trail(void **state)
{
    (void)state;
    assert_int_equal(t_audit_deep(S.db), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(work_needs_login), cmocka_unit_test(inspector_queue), cmocka_unit_test(work_csv),
        cmocka_unit_test(body_queue),       cmocka_unit_test(deadlines_page),
        cmocka_unit_test(decision_corrected), cmocka_unit_test(closure_corrected),
        cmocka_unit_test(closure_correction_public),
        cmocka_unit_test(the_data_agree_with_the_trail),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
