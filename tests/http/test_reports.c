/* test_reports.c: reports that cover many bodies and recommendations with
 * many addressees over HTTP (issue #15 item 3), on the demo database. The
 * "Done when" bar: a national thematic report addressed to three forces
 * and the College of Policing; the College's part closed, one force's part
 * closed through the recommendation's own close flow; the report read with
 * the four parts side by side; a PCC response owed by each of the three
 * forces' local policing bodies, due on the 56th day counting publication.
 * And bad input: named by field, nothing written; unpublished reports for
 * staff only; a stale If-Match refused. */
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
    char insp[160], analyst[160], met[160];
} FX;

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "reports.db", T_SITE_DEMO) != 0) return -1;
    if (t_user_bearer(S.db, "insp", "inspector", NULL, FX.insp) || t_user_bearer(S.db, "ana", "analyst", NULL, FX.analyst)
        || t_user_bearer(S.db, "metuser", "body", "met", FX.met))
        return -1;
    return t_site_serve(&S, t_today);
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

static const char *s_of(const json_t *j, const char *k)
{
    return json_string_value(json_object_get(j, k));
}

/* POST/GET as auth with If-Match "v<version>" (none when version <= 0). */
static json_t *call(const char *auth, const char *method, const char *path, const char *body, long long version,
                    long want)
{
    char im[32];
    snprintf(im, sizeof im, "\"v%lld\"", version);
    return t_call_as(&S, auth, method, path, body, version > 0 ? im : NULL, want, NULL);
}

static void problem_field(json_t *j, const char *field)
{
    assert_non_null(j);
    const char *f = s_of(j, "field");
    if (!f || strcmp(f, field) != 0) fail_msg("field '%s', wanted '%s' (%s)", f ? f : "(none)", field, s_of(j, "detail"));
    json_decref(j);
}

static long long report_count(const char *auth)
{
    json_t *l = call(auth, "GET", "/api/v1/reports", NULL, 0, 200);
    long long n = json_integer_value(json_object_get(l, "count"));
    json_decref(l);
    return n;
}

/* The part of addressee code in recommendation rec of report. */
static json_t *part_of(json_t *report, size_t rec, const char *code)
{
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(json_array_get(json_object_get(report, "recommendations"), rec), "parts"), i, p)
        if (strcmp(s_of(p, "addressee"), code) == 0) return p;
    fail_msg("no part of %s", code);
    return NULL;
}

#define REPORT                                                                                                  \
    "{\"title\":\"Policing and mental health: an inspection\",\"kind\":\"thematic\",\"coverage\":\"several\","   \
    "\"published_on\":\"2024-10-10\",\"url\":\"https://example.org/report\",\"summary\":\"Illustrative.\","      \
    "\"bodies\":[\"kent\",\"essex\",\"surrey\"],\"recommendations\":["                                           \
    "{\"number\":\"1\",\"text\":\"Review the use of section 136.\",\"addressed_to\":\"Chief constables of the "  \
    "forces inspected\",\"deadline\":\"2025-10-10\",\"addressees\":[\"kent\",\"essex\",\"surrey\"]},"            \
    "{\"number\":\"2\",\"text\":\"Publish guidance on section 136.\",\"addressed_to\":\"The College of Policing\"," \
    "\"deadline\":\"2025-06-30\",\"addressees\":[\"college-of-policing\"]}]}"

static void done_when_bar(void **state)
{
    (void)state;
    long long before = report_count(FX.insp);
    json_t *rep = call(FX.insp, "POST", "/api/v1/reports", REPORT, 0, 201);
    long long id = json_integer_value(json_object_get(rep, "id"));
    assert_int_equal(json_array_size(json_object_get(rep, "bodies")), 3);
    assert_int_equal(json_array_size(json_object_get(json_array_get(json_object_get(rep, "recommendations"), 0), "parts")), 3);
    json_t *college = part_of(rep, 1, "college-of-policing");
    assert_string_equal(s_of(college, "kind"), "national");
    assert_string_equal(s_of(college, "status"), "open");
    long long cid = json_integer_value(json_object_get(college, "id"));
    long long kent_rec = json_integer_value(json_object_get(part_of(rep, 0, "kent"), "id"));
    assert_string_equal(s_of(part_of(rep, 0, "kent"), "deadline"), "2025-10-10");
    json_decref(rep);
    assert_int_equal(report_count(FX.insp), before + 1);

    /* the College's part: accepted and in progress, then closed with its
     * outcome and reason (If-Match); a stale version and a missing reason
     * are refused */
    char path[128], body[512];
    snprintf(path, sizeof path, "/api/v1/national-parts/%lld/status", cid);
    json_t *p = call(FX.analyst, "POST", path,
                     "{\"to\":\"in_progress\",\"on\":\"2024-11-01\",\"acceptance\":\"accepted\",\"deadline\":\"2025-09-30\","
                     "\"note\":\"Agreed a later date\"}", 1, 200);
    assert_string_equal(s_of(p, "status"), "in_progress");
    assert_string_equal(s_of(p, "deadline"), "2025-09-30");
    json_decref(p);
    json_decref(call(FX.analyst, "POST", path, "{\"to\":\"in_progress\",\"on\":\"2024-11-02\",\"note\":\"x\"}", 1, 412));
    problem_field(call(FX.analyst, "POST", path, "{\"to\":\"in_progress\",\"on\":\"2024-01-01\",\"note\":\"x\"}", 2, 422), "on");
    snprintf(path, sizeof path, "/api/v1/national-parts/%lld/close", cid);
    json_decref(call(FX.analyst, "POST", path, "{\"on\":\"2025-07-01\"}", 2, 403));   /* closing is an inspector's */
    problem_field(call(FX.insp, "POST", path, "{\"on\":\"2025-07-01\",\"outcome\":\"implemented\"}", 2, 422), "reason");
    problem_field(call(FX.insp, "POST", path, "{\"on\":\"2025-07-01\",\"reason\":\"r\"}", 2, 422), "outcome");
    p = call(FX.insp, "POST", path,
             "{\"on\":\"2025-07-01\",\"outcome\":\"implemented\",\"reason\":\"Guidance published in June 2025\"}", 2, 200);
    assert_string_equal(s_of(p, "status"), "closed");
    assert_string_equal(s_of(p, "closed_by"), "insp");
    json_decref(p);
    json_decref(call(FX.insp, "POST", path, "{\"on\":\"2025-07-02\",\"outcome\":\"implemented\",\"reason\":\"again\"}", 3, 409));

    /* Kent's part is an ordinary recommendation: closed by its own flow */
    snprintf(body, sizeof body,
             "{\"body\":\"kent\",\"recommendation_id\":%lld,\"submitted_on\":\"2025-05-01\",\"author\":\"Kent\","
             "\"text\":\"Section 136 reviewed.\"}", kent_rec);
    json_t *pu = call(FX.insp, "POST", "/api/v1/progress-updates", body, 0, 201);
    long long puid = json_integer_value(json_object_get(pu, "id"));
    json_decref(pu);
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld/status", kent_rec);
    snprintf(body, sizeof body,
             "{\"to\":\"closed\",\"on\":\"2025-06-01\",\"outcome\":\"implemented\",\"reason\":\"Seen at the revisit\","
             "\"progress_update_id\":%lld}", puid);
    json_decref(call(FX.insp, "POST", path, body, 1, 200));

    /* the four parts side by side, public and staff */
    snprintf(path, sizeof path, "/api/v1/reports/%lld", id);
    rep = call(NULL, "GET", path, NULL, 0, 200);
    assert_string_equal(s_of(part_of(rep, 0, "kent"), "status"), "closed");
    assert_string_equal(s_of(json_object_get(part_of(rep, 0, "kent"), "closure"), "outcome"), "implemented");
    assert_string_equal(s_of(part_of(rep, 0, "essex"), "status"), "open");
    assert_true(json_is_null(json_object_get(part_of(rep, 0, "essex"), "closure")));
    assert_string_equal(s_of(part_of(rep, 0, "surrey"), "status"), "open");
    college = part_of(rep, 1, "college-of-policing");
    assert_string_equal(s_of(college, "status"), "closed");
    assert_string_equal(s_of(college, "acceptance"), "accepted");
    assert_string_equal(s_of(json_object_get(college, "closure"), "reason"), "Guidance published in June 2025");
    assert_null(json_object_get(college, "events"));   /* who changed it: staff only */
    json_decref(rep);
    rep = call(FX.insp, "GET", path, NULL, 0, 200);
    /* opened, acceptance, deadline, status; closed: outcome, status */
    assert_int_equal(json_array_size(json_object_get(part_of(rep, 1, "college-of-policing"), "events")), 6);
    json_decref(rep);

    /* a PCC response owed by each force's local policing body, due on
     * 2024-12-04 (56 days counting the day of publication) */
    const char *forces[] = {"kent", "essex", "surrey"};
    for (int f = 0; f < 3; f++) {
        snprintf(path, sizeof path, "/api/v1/bodies/%s/pcc-responses?today=2024-11-01", forces[f]);
        json_t *list = call(FX.insp, "GET", path, NULL, 0, 200);
        json_t *reports = json_is_array(list) ? list : json_object_get(list, "reports");
        int found = 0;
        size_t i;
        json_t *r;
        json_array_foreach(reports, i, r)
            if (strcmp(s_of(r, "title"), "Policing and mental health: an inspection") == 0) {
                found = 1;
                assert_string_equal(s_of(r, "due"), "2024-12-04");
                assert_string_equal(s_of(r, "status"), "due");
            }
        if (!found) fail_msg("no PCC response owed by %s's local policing body", forces[f]);
        json_decref(list);
    }
    /* the pages: the report's, public, with the four parts side by side;
     * reached from each covered body's page; a force's recommendation
     * links to it, naming the other addressees */
    static const char *const HTML[] = {"Accept: text/html", NULL};
    t_http_t r;
    snprintf(path, sizeof path, "/reports/%lld", id);
    json_decref(t_call(&S, "GET", path, NULL, HTML, 200, &r));
    assert_non_null(strstr(r.body, "Policing and mental health: an inspection"));
    assert_non_null(strstr(r.body, "College of Policing"));
    assert_non_null(strstr(r.body, "Closed \u2013 implemented"));
    assert_non_null(strstr(r.body, "Guidance published in June 2025"));
    assert_null(strstr(r.body, "recorded by insp"));   /* who changed a part: staff only */
    t_http_free(&r);
    for (int f = 0; f < 3; f++) {
        char page[64], link[64];
        snprintf(page, sizeof page, "/bodies/%s", forces[f]);
        snprintf(link, sizeof link, "href=\"/reports/%lld\"", id);
        json_decref(t_call(&S, "GET", page, NULL, HTML, 200, &r));
        if (!strstr(r.body, link)) fail_msg("%s does not link the report", page);
        t_http_free(&r);
    }
    snprintf(path, sizeof path, "/recommendations/%lld", kent_rec);
    json_decref(t_call(&S, "GET", path, NULL, HTML, 200, &r));
    assert_non_null(strstr(r.body, "Also addressed to"));
    assert_non_null(strstr(r.body, "Essex Police, Surrey Police"));
    t_http_free(&r);
    /* the force's recommendation says what it is part of */
    snprintf(path, sizeof path, "/api/v1/reports?body=essex");
    json_t *l = call(NULL, "GET", path, NULL, 0, 200);
    assert_true(json_integer_value(json_object_get(l, "count")) >= 1);
    json_decref(l);
}

static void bad_input_changes_nothing(void **state)
{
    (void)state;
    long long before = report_count(FX.insp);
    /* a bad addressee code rejects the whole report, naming it */
    problem_field(call(FX.insp, "POST", "/api/v1/reports",
                       "{\"title\":\"T\",\"kind\":\"national\",\"coverage\":\"several\",\"published_on\":\"2024-10-10\","
                       "\"bodies\":[\"kent\"],\"recommendations\":[{\"number\":\"1\",\"text\":\"t\",\"addressed_to\":\"a\","
                       "\"addressees\":[\"kent\",\"college-of-policing\",\"no-such-body\"]}]}", 0, 422),
                  "recommendations[0].addressees[2]");
    problem_field(call(FX.insp, "POST", "/api/v1/reports",
                       "{\"title\":\"T\",\"kind\":\"national\",\"coverage\":\"several\",\"published_on\":\"2024-10-10\","
                       "\"bodies\":[\"kent\",\"home-office\"]}", 0, 422), "bodies[1]");
    problem_field(call(FX.insp, "POST", "/api/v1/reports",
                       "{\"title\":\"T\",\"kind\":\"weekly\",\"coverage\":\"several\",\"published_on\":\"2024-10-10\","
                       "\"bodies\":[\"kent\"]}", 0, 422), "kind");
    problem_field(call(FX.insp, "POST", "/api/v1/reports",
                       "{\"title\":\"T\",\"kind\":\"thematic\",\"coverage\":\"several\",\"published_on\":\"2024-10\","
                       "\"bodies\":[\"kent\"]}", 0, 422), "published_on");
    problem_field(call(FX.insp, "POST", "/api/v1/reports",
                       "{\"title\":\"T\",\"kind\":\"thematic\",\"coverage\":\"several\",\"published_on\":\"2024-10-10\","
                       "\"bodies\":[\"kent\"],\"recommendations\":[{\"number\":\"1\",\"text\":\"t\",\"addressed_to\":\"a\","
                       "\"deadline\":\"soon\",\"addressees\":[\"kent\"]}]}", 0, 422), "recommendations[0].deadline");
    problem_field(call(FX.insp, "POST", "/api/v1/reports",
                       "{\"title\":\"T\",\"kind\":\"thematic\",\"coverage\":\"several\",\"published_on\":\"2024-10-10\","
                       "\"bodies\":[\"kent\"],\"recommendations\":[{\"number\":\"1\",\"text\":\"t\",\"addressed_to\":\"a\","
                       "\"addressees\":[\"kent\",\"kent\"]}]}", 0, 422), "recommendations[0].addressees[1]");
    /* a body's own user records none */
    json_decref(call(FX.met, "POST", "/api/v1/reports", "{}", 0, 403));
    assert_int_equal(report_count(FX.insp), before);
}

static void all_police_and_unpublished(void **state)
{
    (void)state;
    json_t *rep = call(FX.insp, "POST", "/api/v1/reports",
                       "{\"title\":\"Future national report\",\"kind\":\"national\",\"coverage\":\"all_police\","
                       "\"published_on\":\"2027-03-01\",\"recommendations\":[{\"number\":\"1\",\"text\":\"t\","
                       "\"addressed_to\":\"All chief constables\",\"addressees\":[\"all_police\"]}]}", 0, 201);
    long long id = json_integer_value(json_object_get(rep, "id"));
    size_t forces = json_array_size(json_object_get(rep, "bodies"));
    assert_true(forces >= 43);
    assert_int_equal(json_array_size(json_object_get(json_array_get(json_object_get(rep, "recommendations"), 0), "parts")),
                     forces);
    json_decref(rep);
    /* not yet published: staff only */
    char path[64];
    snprintf(path, sizeof path, "/api/v1/reports/%lld", id);
    json_decref(call(NULL, "GET", path, NULL, 0, 404));
    json_decref(call(FX.met, "GET", path, NULL, 0, 404));
    json_decref(call(FX.analyst, "GET", path, NULL, 0, 200));
    static const char *const HTML[] = {"Accept: text/html", NULL};
    snprintf(path, sizeof path, "/reports/%lld", id);
    json_decref(t_call(&S, "GET", path, NULL, HTML, 404, NULL));
    json_t *l = call(NULL, "GET", "/api/v1/reports", NULL, 0, 200);
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(l, "reports"), i, r) assert_int_not_equal(json_integer_value(json_object_get(r, "id")), id);
    json_decref(l);
}

static void has(const t_http_t *r, const char *needle)
{
    if (!r->body || !strstr(r->body, needle)) fail_msg("reply lacks '%s':\n%s", needle, r->body ? r->body : "");
}

static void lacks(const t_http_t *r, const char *needle)
{
    if (r->body && strstr(r->body, needle)) fail_msg("reply has '%s':\n%s", needle, r->body);
}

/* The College's part of a new report (REPORT) as a new object. */
static json_t *college_part(long long *report_id)
{
    json_t *rep = call(FX.insp, "POST", "/api/v1/reports", REPORT, 0, 201);
    *report_id = json_integer_value(json_object_get(rep, "id"));
    json_t *p = json_incref(part_of(rep, 1, "college-of-policing"));
    json_decref(rep);
    return p;
}

static json_t *part_now(long long report_id)
{
    char path[64];
    snprintf(path, sizeof path, "/api/v1/reports/%lld", report_id);
    json_t *rep = call(FX.insp, "GET", path, NULL, 0, 200);
    json_t *p = json_incref(part_of(rep, 1, "college-of-policing"));
    json_decref(rep);
    return p;
}

/* A national part's status and closing as HTML forms (issue #15 item 8):
 * the links on the staff report page, errors by field, a stale form, the
 * check page before closing, then the confirmation. */
static void part_forms(void **state)
{
    (void)state;
    long long rid;
    json_t *p = college_part(&rid);
    long long pid = json_integer_value(json_object_get(p, "id"));
    json_decref(p);
    char page[64], status[96], close[96], form[400];
    snprintf(page, sizeof page, "/reports/%lld", rid);
    snprintf(status, sizeof status, "/record/national-parts/%lld/status", pid);
    snprintf(close, sizeof close, "/record/national-parts/%lld/close", pid);
    t_http_t r;
    t_get(&S, page, FX.insp, 200, &r);
    has(&r, status);
    has(&r, close);
    t_http_free(&r);
    t_get(&S, page, FX.analyst, 200, &r);   /* an analyst changes a part, an inspector closes it */
    has(&r, status);
    lacks(&r, close);
    t_http_free(&r);
    t_get(&S, page, NULL, 200, &r);
    lacks(&r, status);
    t_http_free(&r);
    t_get(&S, status, FX.met, 403, &r);
    t_http_free(&r);
    t_get(&S, close, FX.analyst, 403, &r);
    t_http_free(&r);
    t_get(&S, status, FX.analyst, 200, &r);
    has(&r, "Update College of Policing");
    t_http_free(&r);

    /* the status: errors by field, then saved, then a stale form */
    t_form(&S, "POST", status, FX.analyst, "version=1&to=&on=2024-11-01", 422, &r);
    has(&r, "Choose the new status");
    t_http_free(&r);
    t_form(&S, "POST", status, FX.analyst, "version=1&to=in_progress&on=2024-11-01&deadline=2025-13-01", 422, &r);
    has(&r, "f-deadline");
    t_http_free(&r);
    t_form(&S, "POST", status, FX.analyst, "version=1&to=closed&on=2024-11-01", 422, &r);   /* closing has its form */
    t_http_free(&r);
    t_form(&S, "POST", status, FX.analyst,
           "version=1&to=in_progress&on=2024-11-01&acceptance=accepted&deadline=2025-09-30&note=Agreed", 303, &r);
    t_http_free(&r);
    p = part_now(rid);
    assert_string_equal(s_of(p, "status"), "in_progress");
    assert_string_equal(s_of(p, "acceptance"), "accepted");
    assert_string_equal(s_of(p, "deadline"), "2025-09-30");
    long long v = json_integer_value(json_object_get(p, "version"));
    json_decref(p);
    t_form(&S, "POST", status, FX.analyst, "version=1&to=open&on=2024-11-02", 412, &r);
    has(&r, "changed by someone else");
    t_http_free(&r);

    /* closing: errors by field, the check page (nothing changed yet), confirmed */
    snprintf(form, sizeof form, "version=%lld&on=2025-07-01&outcome=&reason=", v);
    t_form(&S, "POST", close, FX.insp, form, 422, &r);
    has(&r, "Choose the outcome");
    has(&r, "Give the reason for closing");
    t_http_free(&r);
    snprintf(form, sizeof form, "version=%lld&on=2025-07-01&outcome=implemented&reason=Guidance+published", v);
    t_form(&S, "POST", close, FX.insp, form, 200, &r);
    has(&r, "Check your answers");
    has(&r, "Guidance published");
    has(&r, "anyone will see this part closed");
    t_http_free(&r);
    p = part_now(rid);
    assert_string_equal(s_of(p, "status"), "in_progress");
    json_decref(p);
    snprintf(form, sizeof form, "version=%lld&on=2025-07-01&outcome=implemented&reason=Guidance+published&confirm=yes",
             v);
    t_form(&S, "POST", close, FX.insp, form, 200, &r);
    has(&r, "College of Policing&#39;s part is closed");
    t_http_free(&r);
    p = part_now(rid);
    assert_string_equal(s_of(p, "status"), "closed");
    assert_string_equal(s_of(json_object_get(p, "closure"), "outcome"), "implemented");
    json_decref(p);
    t_form(&S, "POST", close, FX.insp, form, 412, &r);   /* the same form again is stale */
    t_http_free(&r);
    t_get(&S, page, FX.insp, 200, &r);
    lacks(&r, close);
    has(&r, "Guidance published");
    t_http_free(&r);
}

/* Recording a report from the form (issue #15 items 3, 8): errors by the
 * form's fields (the app's "recommendations[1].addressees[0]" as
 * r2_addressees), nothing written on any of them; "Add another
 * recommendation" and "Remove" show the form again as typed; the check
 * page before anything is written, its Change back to the form filled;
 * then the report with five recommendations (no cap), a national body
 * among the addressees, and the new report's page with its banner. */
static void report_form(void **state)
{
    (void)state;
    t_http_t r;
    t_get(&S, "/reports", FX.insp, 200, &r);
    has(&r, "/record/reports/new");
    t_http_free(&r);
    t_get(&S, "/reports", NULL, 200, &r);
    lacks(&r, "/record/reports/new");
    t_http_free(&r);
    t_get(&S, "/record/reports/new", FX.met, 403, &r);
    t_http_free(&r);
    t_get(&S, "/record/reports/new", FX.analyst, 200, &r);
    has(&r, "f-r1_addressees");
    has(&r, "value=\"kent\"");
    lacks(&r, "value=\"college-of-policing\"");   /* a national body is an addressee, not covered */
    t_http_free(&r);
    long long before = report_count(FX.insp);
    /* everything missing: each required field named */
    t_form(&S, "POST", "/record/reports/new", FX.analyst, "version=0&coverage=several", 422, &r);
    has(&r, "Enter the report&#39;s title");
    has(&r, "Tick at least one body it covers");
    has(&r, "Enter the code of at least one addressee");
    t_http_free(&r);
#define FORM_HEAD "version=0&title=Custody+in+three+forces&kind=thematic&coverage=several&bodies=kent&bodies=essex" \
                  "&published_on=2024-11-20&r1_number=1&r1_text=Review+custody&r1_addressed_to=Chief+constables"    \
                  "&r1_addressees=kent+essex&r1_deadline=2025-11"
    /* the app's checks, by the form's field: an unknown code in the second
     * recommendation, a third given without its text */
    t_form(&S, "POST", "/record/reports/new", FX.analyst,
           FORM_HEAD "&r2_number=2&r2_text=Guidance&r2_addressed_to=The+College&r2_addressees=no-such-body", 422, &r);
    has(&r, "f-r2_addressees-error");
    t_http_free(&r);
    t_form(&S, "POST", "/record/reports/new", FX.analyst,
           FORM_HEAD "&r3_number=3&r3_addressed_to=x&r3_addressees=kent", 422, &r);
    has(&r, "f-r3_text-error");
    t_http_free(&r);
    t_form(&S, "POST", "/record/reports/new", FX.analyst, FORM_HEAD "&r2_number=1&r2_text=t&r2_addressed_to=a"
           "&r2_addressees=kent", 422, &r);
    has(&r, "f-r2_number-error");   /* numbered twice */
    t_http_free(&r);
    assert_int_equal(report_count(FX.insp), before);
    /* "Add another recommendation": the form again with a fourth block, what was typed kept, nothing checked */
    t_form(&S, "POST", "/record/reports/new", FX.analyst,
           FORM_HEAD "&r3_number=2&r3_text=Publish+guidance&r3_addressed_to=The+College&add_recommendation=1", 200, &r);
    has(&r, "f-r4_number");
    lacks(&r, "f-r5_number");
    has(&r, "Publish guidance");
    has(&r, "Remove recommendation 4");
    lacks(&r, "govuk-error-summary");
    t_http_free(&r);
    /* fifty blocks on one form: no more are offered (the rest through "Add a recommendation" on the report) */
    t_form(&S, "POST", "/record/reports/new", FX.analyst, FORM_HEAD "&r50_number=50&add_recommendation=1", 200, &r);
    has(&r, "f-r50_number");
    lacks(&r, "f-r51_number");
    lacks(&r, "name=\"add_recommendation\"");
    t_http_free(&r);
    /* "Remove recommendation 2": the blocks after it move up one */
    t_form(&S, "POST", "/record/reports/new", FX.analyst,
           FORM_HEAD "&r2_number=&r2_text=&r3_number=2&r3_text=Publish+guidance&remove_r2=1", 200, &r);
    has(&r, "f-r2_number");
    lacks(&r, "f-r3_number");
    has(&r, "name=\"r2_text\" rows=\"5\">Publish guidance");
    t_http_free(&r);
    assert_int_equal(report_count(FX.insp), before);
    /* all of it, five recommendations (no cap of three): the check page first, nothing written */
#define FORM_ALL FORM_HEAD "&r3_number=2&r3_text=Publish+guidance&r3_addressed_to=The+College+of+Policing"     \
                           "&r3_addressees=college-of-policing&r4_number=3&r4_text=Third&r4_addressed_to=Kent"     \
                           "&r4_addressees=kent&r5_number=4&r5_text=Fourth&r5_addressed_to=Essex&r5_addressees=essex" \
                           "&r6_number=5&r6_text=Fifth+of+five&r6_addressed_to=Both&r6_addressees=kent+essex"
    t_form(&S, "POST", "/record/reports/new", FX.analyst, FORM_ALL, 200, &r);
    has(&r, "Check your answers before you record the report");
    has(&r, "Fifth of five");
    has(&r, "formaction=\"/record/reports/new#g-r6_number\"");   /* Change, back to the block */
    has(&r, "name=\"r6_text\" value=\"Fifth of five\"");
    t_http_free(&r);
    assert_int_equal(report_count(FX.insp), before);
    /* Change: the form again, filled */
    t_form(&S, "POST", "/record/reports/new", FX.analyst, FORM_ALL "&back=1", 200, &r);
    has(&r, "f-r6_number");
    has(&r, "Fifth of five");
    t_http_free(&r);
    /* confirmed: saved together, and on to the new report's page */
    t_form(&S, "POST", "/record/reports/new", FX.analyst, FORM_ALL "&confirm=yes", 303, &r);
    char loc[128];
    assert_int_equal(t_http_header(&r, "Location", loc, sizeof loc), 0);
    t_http_free(&r);
    assert_int_equal(report_count(FX.insp), before + 1);
    json_t *l = call(FX.insp, "GET", "/api/v1/reports", NULL, 0, 200);
    long long id = 0;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(l, "reports"), i, x)
        if (strcmp(s_of(x, "title"), "Custody in three forces") == 0) id = json_integer_value(json_object_get(x, "id"));
    json_decref(l);
    assert_true(id > 0);
    char want[64];
    snprintf(want, sizeof want, "/reports/%lld?recorded=1", id);
    assert_string_equal(loc, want);
    t_get(&S, loc, FX.analyst, 200, &r);
    has(&r, "The report is recorded, with 5 recommendations");
    t_http_free(&r);
    char path[64];
    snprintf(path, sizeof path, "/api/v1/reports/%lld", id);
    json_t *rep = call(FX.insp, "GET", path, NULL, 0, 200);
    assert_int_equal(json_array_size(json_object_get(rep, "bodies")), 2);
    assert_int_equal(json_array_size(json_object_get(rep, "recommendations")), 5);
    assert_string_equal(s_of(part_of(rep, 0, "essex"), "deadline"), "2025-11");
    assert_string_equal(s_of(part_of(rep, 1, "college-of-policing"), "kind"), "national");
    json_decref(rep);
}

/* How many recommendations rows (any body's) there are, read as staff. */
static long long shared_parts(long long report_id)
{
    char path[64];
    snprintf(path, sizeof path, "/api/v1/reports/%lld", report_id);
    json_t *rep = call(FX.insp, "GET", path, NULL, 0, 200);
    long long n = 0;
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(rep, "recommendations"), i, r) n += (long long)json_array_size(json_object_get(r, "parts"));
    json_decref(rep);
    return n;
}

/* A recommendation added to a recorded report (POST
 * /api/v1/reports/{id}/recommendations): a part for each addressee, a
 * force's under its inspections row of the report; If-Match on the
 * report's version (428 without, 412 stale), a number taken 409, an
 * addressee the report does not cover or a bad field 422 naming it, a
 * body's user 403; nothing written on any refusal. */
static void add_recommendation_api(void **state)
{
    (void)state;
    json_t *rep = call(FX.insp, "POST", "/api/v1/reports", REPORT, 0, 201);
    long long id = json_integer_value(json_object_get(rep, "id"));
    json_t *bodies = json_deep_copy(json_object_get(rep, "bodies"));
    assert_int_equal(json_integer_value(json_object_get(rep, "version")), 1);
    json_decref(rep);
    char path[96];
    snprintf(path, sizeof path, "/api/v1/reports/%lld/recommendations", id);
#define ADD3 "{\"number\":\"3\",\"text\":\"Train custody staff.\",\"addressed_to\":\"Chief constables and the College\"," \
             "\"deadline\":\"2026-01\",\"addressees\":[\"all_police\",\"college-of-policing\"]}"
    long long parts = shared_parts(id);
    json_decref(call(FX.insp, "POST", path, ADD3, 0, 428));
    json_decref(call(FX.met, "POST", path, ADD3, 1, 403));
    json_decref(call(NULL, "POST", path, ADD3, 1, 401));
    problem_field(call(FX.insp, "POST", path,
                       "{\"number\":\"3\",\"text\":\"t\",\"addressed_to\":\"a\",\"addressees\":[\"kent\",\"norfolk\"]}", 1, 422),
                  "addressees[1]");
    problem_field(call(FX.insp, "POST", path,
                       "{\"number\":\"3\",\"text\":\"t\",\"addressed_to\":\"a\",\"addressees\":[\"kent\",\"no-such\"]}", 1, 422),
                  "addressees[1]");
    problem_field(call(FX.insp, "POST", path,
                       "{\"number\":\"3\",\"text\":\"t\",\"addressed_to\":\"a\",\"deadline\":\"soon\",\"addressees\":[\"kent\"]}",
                       1, 422), "deadline");
    problem_field(call(FX.insp, "POST", path, "{\"number\":\"3\",\"text\":\"t\",\"addressed_to\":\"a\"}", 1, 422),
                  "addressees");
    problem_field(call(FX.insp, "POST", path, "{\"number\":\"3\",\"text\":\"t\",\"addressed_to\":\"a\",\"addressees\":[\"kent\"],"
                       "\"bodies\":[\"kent\"]}", 1, 422), "bodies");
    json_t *taken = call(FX.insp, "POST", path, "{\"number\":\"1\",\"text\":\"t\",\"addressed_to\":\"a\",\"addressees\":[\"kent\"]}",
                         1, 409);
    assert_non_null(strstr(s_of(taken, "detail"), "has a recommendation 1 already"));
    problem_field(taken, "number");
    assert_int_equal(shared_parts(id), parts);
    /* added: a part for each of the three forces and the College; the report's version goes up */
    t_http_t r;
    json_t *added = t_call_as(&S, FX.analyst, "POST", path, ADD3, "\"v1\"", 201, &r);
    char loc[128], etag[32], want[64];
    assert_int_equal(t_http_header(&r, "Location", loc, sizeof loc), 0);
    snprintf(want, sizeof want, "/api/v1/reports/%lld", id);
    assert_string_equal(loc, want);
    assert_int_equal(t_http_header(&r, "ETag", etag, sizeof etag), 0);
    assert_non_null(strstr(etag, "v2"));
    t_http_free(&r);
    assert_string_equal(s_of(added, "number"), "3");
    assert_int_equal(json_integer_value(json_object_get(added, "report_version")), 2);
    json_t *ps = json_object_get(added, "parts");
    assert_int_equal(json_array_size(ps), 4);
    size_t i, j;
    json_t *p, *b;
    json_array_foreach(ps, i, p) {
        assert_string_equal(s_of(p, "deadline"), "2026-01");
        if (strcmp(s_of(p, "kind"), "national") == 0) {
            assert_string_equal(s_of(p, "addressee"), "college-of-policing");
            continue;
        }
        /* a force's part is an ordinary recommendation under its row of the report */
        char rp[64];
        snprintf(rp, sizeof rp, "/api/v1/recommendations/%lld", (long long)json_integer_value(json_object_get(p, "id")));
        json_t *rec = call(FX.insp, "GET", rp, NULL, 0, 200);
        long long want_insp = 0;
        json_array_foreach(bodies, j, b)
            if (strcmp(s_of(b, "code"), s_of(p, "addressee")) == 0) want_insp = json_integer_value(json_object_get(b, "inspection_id"));
        assert_true(want_insp > 0);
        assert_int_equal(json_integer_value(json_object_get(rec, "inspection_id")), want_insp);
        assert_string_equal(s_of(rec, "issued_on"), "2024-10-10");
        json_decref(rec);
    }
    json_decref(added);
    json_decref(bodies);
    assert_int_equal(shared_parts(id), parts + 4);
    /* a second add read at the old version: stale, nothing written */
    json_decref(call(FX.insp, "POST", path,
                     "{\"number\":\"4\",\"text\":\"t\",\"addressed_to\":\"a\",\"addressees\":[\"kent\"]}", 1, 412));
    assert_int_equal(shared_parts(id), parts + 4);
    snprintf(path, sizeof path, "/api/v1/reports/999999/recommendations");
    json_decref(call(FX.insp, "POST", path, ADD3, 1, 404));
}

/* A recommendation added from the staff report page (issue #15 item 3):
 * the link for who may, the form, errors by field (an addressee the report
 * does not cover), the check page (nothing written), Change back to the
 * form, confirmed: the report's page with its banner and the new parts;
 * audited; the same form again is stale (the report's version). */
static void add_recommendation_form(void **state)
{
    (void)state;
    json_t *rep = call(FX.insp, "POST", "/api/v1/reports", REPORT, 0, 201);
    long long id = json_integer_value(json_object_get(rep, "id"));
    json_decref(rep);
    char page[64], form[96], body[600];
    snprintf(page, sizeof page, "/reports/%lld", id);
    snprintf(form, sizeof form, "/record/reports/%lld/recommendations/new", id);
    t_http_t r;
    t_get(&S, page, FX.analyst, 200, &r);
    has(&r, form);
    t_http_free(&r);
    t_get(&S, page, NULL, 200, &r);
    lacks(&r, form);
    t_http_free(&r);
    t_get(&S, page, FX.met, 200, &r);
    lacks(&r, form);
    t_http_free(&r);
    t_get(&S, form, FX.met, 403, &r);
    t_http_free(&r);
    t_get(&S, form, FX.analyst, 200, &r);
    has(&r, "Add a recommendation to Policing and mental health");
    has(&r, "f-addressees");
    t_http_free(&r);
    long long parts = shared_parts(id);
    t_form(&S, "POST", form, FX.analyst, "version=1&number=&text=&addressed_to=&addressees=", 422, &r);
    has(&r, "Enter the recommendation&#39;s number");
    has(&r, "Enter the code of at least one addressee");
    t_http_free(&r);
    t_form(&S, "POST", form, FX.analyst, "version=1&number=3&text=t&addressed_to=a&addressees=kent+norfolk", 422, &r);
    has(&r, "f-addressees-error");
    has(&r, "does not cover");
    t_http_free(&r);
    t_form(&S, "POST", form, FX.analyst, "version=1&number=1&text=t&addressed_to=a&addressees=kent", 409, &r);
    has(&r, "f-number-error");
    t_http_free(&r);
#define REC_FORM "version=1&number=3&text=Train+custody+staff&addressed_to=Chief+constables+and+the+College" \
                 "&addressees=all_police+college-of-policing&deadline-day=&deadline-month=1&deadline-year=2026"
    t_form(&S, "POST", form, FX.analyst, REC_FORM, 200, &r);
    has(&r, "Check your answers before you add the recommendation");
    has(&r, "Train custody staff");
    has(&r, "January 2026");
    snprintf(body, sizeof body, "formaction=\"%s#g-addressees\"", form);
    has(&r, body);
    t_http_free(&r);
    assert_int_equal(shared_parts(id), parts);
    t_form(&S, "POST", form, FX.analyst, "version=1&number=3&text=Train+custody+staff&addressed_to=a"
           "&addressees=all_police&deadline=2026-01&back=1", 200, &r);
    has(&r, "Train custody staff");
    has(&r, "value=\"all_police\"");
    t_http_free(&r);
    t_form(&S, "POST", form, FX.analyst, "version=1&number=3&text=Train+custody+staff&addressed_to=a"
           "&addressees=all_police+college-of-policing&deadline=2026-01&confirm=yes", 303, &r);
    char loc[160];
    assert_int_equal(t_http_header(&r, "Location", loc, sizeof loc), 0);
    t_http_free(&r);
    assert_int_equal(shared_parts(id), parts + 4);
    snprintf(body, sizeof body, "/reports/%lld?added=", id);
    assert_memory_equal(loc, body, strlen(body));
    t_get(&S, loc, FX.analyst, 200, &r);
    has(&r, "govuk-notification-banner--success");
    has(&r, "Recommendation 3 is added, with a part for each of its 4 addressees.");
    t_http_free(&r);
    /* audited: the shared recommendation, and the report's new version */
    json_t *a = call(FX.insp, "GET", "/api/v1/audit?entity=shared-recommendations", NULL, 0, 200);
    int seen = 0;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(a, "entries"), i, e) seen |= strcmp(s_of(e, "actor"), "ana") == 0;
    assert_true(seen);
    json_decref(a);
    /* the same form again: the report changed (version 2) */
    t_form(&S, "POST", form, FX.analyst, "version=1&number=4&text=t&addressed_to=a&addressees=kent&confirm=yes", 412,
           &r);
    has(&r, "changed by someone else");
    t_http_free(&r);
    assert_int_equal(shared_parts(id), parts + 4);
}

/* The report form sent after the session lapsed: the login page keeps
 * every block (the fourth too), and logging in shows the form again with
 * its four blocks filled. */
static void report_form_lapsed(void **state)
{
    (void)state;
    t_http_t r;
    t_form(&S, "POST", "/record/reports/new", NULL,
           "csrf_token=old&version=0&title=Lapsed+report&r1_number=1&r4_number=4&r4_text=Typed+in+the+fourth", 403, &r);
    char lc[160], tok[100], kept[120];
    assert_int_equal(t_set_cookie(&r, "ov_login", lc, sizeof lc, NULL, 0), 0);
    assert_int_equal(t_field_value(r.body, "login_token", tok, sizeof tok), 0);
    assert_int_equal(t_field_value(r.body, "resume:r4_text", kept, sizeof kept), 0);
    assert_string_equal(kept, "Typed in the fourth");
    t_http_free(&r);
    char body[600], ch[300];
    snprintf(body, sizeof body,
             "login_token=%s&username=ana&password=password-ana&next=%%2F&resume_action=%%2Frecord%%2Freports%%2Fnew"
             "&resume%%3Aversion=0&resume%%3Atitle=Lapsed+report&resume%%3Ar1_number=1&resume%%3Ar4_number=4"
             "&resume%%3Ar4_text=Typed+in+the+fourth", tok);
    snprintf(ch, sizeof ch, "Cookie: %s", lc);
    const char *h[] = {ch, NULL};
    assert_int_equal(t_http_ct(S.srv.port, "POST", "/login", "application/x-www-form-urlencoded", body, h, &r), 0);
    if (r.status != 200) fail_msg("login: %ld %s", r.status, r.body ? r.body : "");
    has(&r, "f-r4_text");
    has(&r, "Typed in the fourth");
    has(&r, "action=\"/record/reports/new\"");
    t_http_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(done_when_bar),
        cmocka_unit_test(bad_input_changes_nothing),
        cmocka_unit_test(all_police_and_unpublished),
        cmocka_unit_test(part_forms),
        cmocka_unit_test(report_form),
        cmocka_unit_test(add_recommendation_api),
        cmocka_unit_test(add_recommendation_form),
        cmocka_unit_test(report_form_lapsed),
    };
    return cmocka_run_group_tests_name("tests", tests, setup, teardown);
}
