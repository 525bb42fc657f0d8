/*
 * test_letter_forms.c: the letter workflow and the PCC response through the
 * pages, over HTTP with cookie sessions and their CSRF tokens (the real
 * server on the demo database): an inspector drafts a letter from the form
 * on /letters (a draft for staff only), naming its decision and PPOG
 * meeting or not; the drafter gets no Approve button but the four-eyes
 * rule's words, and an approval by the drafter is refused (403, the
 * rule's message) and changes nothing, as is one by an inspector who
 * changed an analyst's draft; another inspector approves and
 * publishes it with the buttons (then public on /letters and
 * /letters/{id}.html); a stale button is refused (412) and changes
 * nothing; a body's user and an analyst are refused (403); a form without
 * its CSRF token is refused (403); bad input (also a decision of another
 * body, a meeting that does not exist) comes back as the form with the
 * error by its field. A local policing
 * body's user finds its reports on its body's page, due, overdue or
 * recorded, and records its response through the linked form.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "support/support.h"

static t_site_t S;
static struct {
    char inspector[160];          /* Bearer header of an inspector, for API checks */
    char insp3[160];              /* Bearer header of a third inspector */
    long long letter_id;          /* the draft made through the form */
} FX;

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "letter-forms.db", T_SITE_DEMO) != 0) return -1;
    char token[128];
    if (t_user_bearer(S.db, "insp", "inspector", NULL, FX.inspector) != 0) return -1;
    if (t_user_bearer(S.db, "insp3", "inspector", NULL, FX.insp3) != 0) return -1;
    if (t_user_token(S.db, "insp2", "inspector", NULL, token) != 0) return -1;
    if (t_user_token(S.db, "lf-analyst", "analyst", NULL, token) != 0) return -1;
    if (t_user_token(S.db, "kentuser", "body", "kent", token) != 0) return -1;
    if (t_user_token(S.db, "kentlpb", "lpb", "kent", token) != 0) return -1;
    if (t_user_token(S.db, "metlpb", "lpb", "met", token) != 0) return -1;
    return t_site_serve(&S, t_today);
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

static void has(const char *html, const char *needle)
{
    if (!html || !strstr(html, needle)) fail_msg("the page lacks: %s", needle);
}

static void lacks(const char *html, const char *needle)
{
    if (html && strstr(html, needle)) fail_msg("the page has: %s", needle);
}

/* The letter's status and version through the API, and who approved it
 * ("" for no one) when approved_by is not NULL. */
static void letter_state_by(long long id, char status[16], long long *version, char approved_by[64])
{
    char path[64];
    snprintf(path, sizeof path, "/api/v1/letters/%lld", id);
    const char *headers[] = {FX.inspector, NULL};
    json_t *j = t_call(&S, "GET", path, NULL, headers, 200, NULL);
    assert_non_null(j);
    snprintf(status, 16, "%s", json_string_value(json_object_get(j, "status")));
    *version = json_integer_value(json_object_get(j, "version"));
    const char *by = json_string_value(json_object_get(j, "approved_by"));
    if (approved_by) snprintf(approved_by, 64, "%s", by ? by : "");
    json_decref(j);
}

static void letter_state(long long id, char status[16], long long *version)
{
    letter_state_by(id, status, version, NULL);
}

/* The id of a decision of body into to_phase (the first the API lists). */
static long long decision_of(const char *body, const char *to_phase)
{
    char path[64];
    snprintf(path, sizeof path, "/api/v1/bodies/%s", body);
    json_t *j = t_call(&S, "GET", path, NULL, NULL, 200, NULL);
    long long id = 0;
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(j, "decisions"), i, d)
        if (!id && strcmp(json_string_value(json_object_get(d, "to_phase")), to_phase) == 0)
            id = json_integer_value(json_object_get(d, "id"));
    json_decref(j);
    assert_true(id > 0);
    return id;
}

static size_t letters_of(const char *body)
{
    char path[64];
    snprintf(path, sizeof path, "/api/v1/letters?body=%s", body);
    const char *headers[] = {FX.inspector, NULL};
    json_t *j = t_call(&S, "GET", path, NULL, headers, 0, NULL);
    size_t n = (size_t)json_integer_value(json_object_get(j, "count"));
    json_decref(j);
    return n;
}

static void draft_through_the_form(void **state)
{
    (void)state;
    t_session_t s;
    assert_int_equal(t_login_form(&S, "insp", NULL, &s), 0);
    t_http_t r;
    t_get(&S, "/letters", s.cookie, 200, &r);
    has(r.body, "<h2 id=\"draft-letter\">Draft a letter</h2>");
    has(r.body, "<form method=\"post\" action=\"/record/letters\"");
    has(r.body, "<option value=\"revisit\">");
    has(r.body, "<option value=\"kent\">Kent Police</option>");
    char token[100];
    assert_int_equal(t_field_value(r.body, "csrf_token", token, sizeof token), 0);
    assert_string_equal(token, s.token);
    t_http_free(&r);
    /* bad input: the form again, the error by its field, nothing stored */
    size_t before = letters_of("kent");
    t_submit(&S, &s, "/record/letters", "body=kent&kind=&title=Kent+revisit+%3Cletter%3E", 422, &r);
    has(r.body, "id=\"f-kind-error\"");
    has(r.body, "Choose the kind of letter");
    has(r.body, "value=\"Kent revisit &lt;letter&gt;\"");   /* kept, escaped */
    t_http_free(&r);
    t_submit(&S, &s, "/record/letters", "body=kent&kind=revisit&sent_on=2025-13-45", 422, &r);
    has(r.body, "id=\"f-sent_on-error\"");
    t_http_free(&r);
    assert_int_equal(letters_of("kent"), before);
    /* a draft: 303 back to the body's letters */
    t_submit(&S, &s, "/record/letters", "body=kent&kind=revisit&title=Kent+revisit+%3Cletter%3E&sent_on=2025-12-01", 303, &r);
    char loc[200];
    assert_int_equal(t_http_header(&r, "Location", loc, sizeof loc), 0);
    t_http_free(&r);
    const char *prefix = "/letters?body=kent#letter-";
    assert_int_equal(strncmp(loc, prefix, strlen(prefix)), 0);
    FX.letter_id = atoll(loc + strlen(prefix));
    assert_true(FX.letter_id > 0);
    assert_int_equal(letters_of("kent"), before + 1);
    char status[16];
    long long version;
    letter_state(FX.letter_id, status, &version);
    assert_string_equal(status, "draft");
    /* shown to staff as a draft; to its drafter with the four-eyes rule
     * instead of an Approve button */
    t_get(&S, "/letters?body=kent", s.cookie, 200, &r);
    has(r.body, "Kent revisit &lt;letter&gt;</a> <strong class=\"govuk-tag govuk-tag--grey status-draft\">Draft (not published)</strong>");
    char action[120];
    snprintf(action, sizeof action, "action=\"/record/letters/%lld/approve\"", FX.letter_id);
    lacks(r.body, action);
    lacks(r.body, ">Approve</button>");
    has(r.body, "<p class=\"muted four-eyes\">Four-eyes rule: insp drafted this letter, and whoever drafts a letter "
                "may not approve it; another inspector or HMCI must approve it</p>");
    t_http_free(&r);
    /* to another inspector with its Approve button */
    t_session_t other;
    assert_int_equal(t_login_form(&S, "insp2", NULL, &other), 0);
    t_get(&S, "/letters?body=kent", other.cookie, 200, &r);
    has(r.body, action);
    has(r.body, ">Approve</button>");
    lacks(r.body, "Four-eyes rule");
    t_http_free(&r);
    /* not to the public */
    t_get(&S, "/letters", NULL, 200, &r);
    lacks(r.body, "Kent revisit");
    lacks(r.body, "Draft a letter");
    t_http_free(&r);
    char page[64];
    snprintf(page, sizeof page, "/letters/%lld.html", FX.letter_id);
    t_get(&S, page, NULL, 401, &r);
    t_http_free(&r);
}

/* The decision and the PPOG meeting: chosen from the record, checked as by
 * the API, errors by their fields. */
static void draft_names_decision_and_meeting(void **state)
{
    (void)state;
    t_session_t s;
    assert_int_equal(t_login_form(&S, "insp", NULL, &s), 0);
    long long met_return = decision_of("met", "scan");
    t_http_t r;
    char want[300], fields[300];
    t_get(&S, "/letters?body=met", s.cookie, 200, &r);
    has(r.body, "<label class=\"govuk-label govuk-label--s\" for=\"f-decision_id\">Decision <span class=\"optional\">(optional)</span></label>");
    has(r.body, "<label class=\"govuk-label govuk-label--s\" for=\"f-ppog_meeting_id\">PPOG meeting <span class=\"optional\">(optional)</span></label>");
    /* each select names its hint (aria-describedby) */
    has(r.body, "<select class=\"govuk-select\" id=\"f-decision_id\" name=\"decision_id\" aria-describedby=\"f-decision_id-hint\">");
    has(r.body, "<select class=\"govuk-select\" id=\"f-ppog_meeting_id\" name=\"ppog_meeting_id\" "
                "aria-describedby=\"f-ppog_meeting_id-hint\">");
    has(r.body, "<option value=\"\">The latest into the letter&#39;s phase</option>");
    has(r.body, "<option value=\"\">The latest that discussed the body</option>");
    snprintf(want, sizeof want, "<option value=\"%lld\">Engage to Scan from 23 January 2025 "
             "(decision %lld)</option>", met_return, met_return);
    has(r.body, want);
    has(r.body, "<option value=\"1\">Held on 22 January 2025 (meeting 1)</option>");
    t_http_free(&r);
    /* a body's form lists only its own decisions and PPOG items (#17 item 6) */
    char other[80];
    snprintf(other, sizeof other, "<option value=\"%lld\"", met_return);
    t_get(&S, "/letters?body=kent", s.cookie, 200, &r);
    lacks(r.body, other);
    lacks(r.body, "Held on 22 January 2025 (meeting 1)");
    t_http_free(&r);
    size_t before = letters_of("kent");
    /* the Met's decision is not Kent's: by its field, the choice kept */
    snprintf(fields, sizeof fields, "body=kent&kind=revisit&decision_id=%lld", met_return);
    t_submit(&S, &s, "/record/letters", fields, 422, &r);
    has(r.body, "id=\"f-decision_id-error\"");
    /* the field names its hint and its error; the title says there are errors */
    has(r.body, "aria-describedby=\"f-decision_id-hint f-decision_id-error\" aria-invalid=\"true\"");
    has(r.body, "<title>Error: ");
    snprintf(want, sizeof want, "No decision %lld of this body", met_return);
    has(r.body, want);
    /* the Met's decision is no choice for Kent */
    snprintf(want, sizeof want, "<option value=\"%lld\"", met_return);
    lacks(r.body, want);
    t_http_free(&r);
    /* no such meeting; not a number */
    t_submit(&S, &s, "/record/letters", "body=kent&kind=revisit&ppog_meeting_id=99999", 422, &r);
    has(r.body, "id=\"f-ppog_meeting_id-error\"");
    has(r.body, "No PPOG meeting with id 99999");
    t_http_free(&r);
    t_submit(&S, &s, "/record/letters", "body=kent&kind=revisit&decision_id=first&ppog_meeting_id=-2", 422, &r);
    has(r.body, "id=\"f-decision_id-error\"");
    has(r.body, "Choose the decision from the list, or leave it for the default");
    has(r.body, "id=\"f-ppog_meeting_id-error\"");
    has(r.body, "Choose the PPOG meeting from the list, or leave it for the default");
    t_http_free(&r);
    assert_int_equal(letters_of("kent"), before);
    /* named, they are the letter's */
    size_t met_before = letters_of("met");
    snprintf(fields, sizeof fields, "body=met&kind=return_to_scan&decision_id=%lld&ppog_meeting_id=1", met_return);
    t_submit(&S, &s, "/record/letters", fields, 303, &r);
    char loc[200];
    assert_int_equal(t_http_header(&r, "Location", loc, sizeof loc), 0);
    t_http_free(&r);
    const char *prefix = "/letters?body=met#letter-";
    assert_int_equal(strncmp(loc, prefix, strlen(prefix)), 0);
    assert_int_equal(letters_of("met"), met_before + 1);
    char path[64];
    snprintf(path, sizeof path, "/api/v1/letters/%lld", atoll(loc + strlen(prefix)));
    const char *headers[] = {FX.inspector, NULL};
    assert_int_equal(t_http(S.srv.port, "GET", path, NULL, headers, &r), 0);
    assert_int_equal(r.status, 200);
    json_t *j = json_loads(r.body, 0, NULL);
    t_http_free(&r);
    assert_int_equal(json_integer_value(json_object_get(j, "decision_id")), met_return);
    assert_int_equal(json_integer_value(json_object_get(j, "ppog_meeting_id")), 1);
    json_decref(j);
}

static void csrf_and_roles(void **state)
{
    (void)state;
    t_session_t s, kent, analyst;
    assert_int_equal(t_login_form(&S, "insp", NULL, &s), 0);
    size_t before = letters_of("kent");
    t_http_t r;
    char path[96], fields[64];
    t_form(&S, "POST", "/record/letters", s.cookie, "body=kent&kind=revisit", 0, &r);
    assert_int_equal(r.status, 403);
    t_http_free(&r);
    t_form(&S, "POST", "/record/letters", s.cookie, "csrf_token=wrong&body=kent&kind=revisit", 0, &r);
    assert_int_equal(r.status, 403);
    t_http_free(&r);
    snprintf(path, sizeof path, "/record/letters/%lld/approve", FX.letter_id);
    t_form(&S, "POST", path, s.cookie, "version=1", 0, &r);
    assert_int_equal(r.status, 403);
    t_http_free(&r);
    t_form(&S, "POST", path, NULL, "version=1", 0, &r);
    assert_int_equal(r.status, 403);
    t_http_free(&r);
    assert_int_equal(letters_of("kent"), before);
    /* a body's own user neither drafts nor approves, and sees no form */
    assert_int_equal(t_login_form(&S, "kentuser", NULL, &kent), 0);
    t_get(&S, "/letters?body=kent", kent.cookie, 200, &r);
    lacks(r.body, "Draft a letter");
    lacks(r.body, "Kent revisit");
    t_http_free(&r);
    t_submit(&S, &kent, "/record/letters", "body=kent&kind=revisit", 403, &r);
    t_http_free(&r);
    t_submit(&S, &kent, path, "version=1", 403, &r);
    t_http_free(&r);
    /* an analyst drafts but does not approve (PERM_CLOSE, as the API) */
    assert_int_equal(t_login_form(&S, "lf-analyst", NULL, &analyst), 0);
    t_get(&S, "/letters?body=kent", analyst.cookie, 200, &r);
    has(r.body, "Draft a letter");
    has(r.body, "Kent revisit");
    lacks(r.body, ">Approve</button>");
    t_http_free(&r);
    snprintf(fields, sizeof fields, "version=1");
    t_submit(&S, &analyst, path, fields, 403, &r);
    t_http_free(&r);
    char status[16];
    long long version;
    letter_state(FX.letter_id, status, &version);
    assert_string_equal(status, "draft");
    assert_int_equal(letters_of("kent"), before);
}

static void approve_publish_and_stale(void **state)
{
    (void)state;
    t_session_t s, drafter;
    assert_int_equal(t_login_form(&S, "insp", NULL, &drafter), 0);
    assert_int_equal(t_login_form(&S, "insp2", NULL, &s), 0);
    t_http_t r;
    char path[96], fields[64], status[16], by[64];
    long long version;
    letter_state(FX.letter_id, status, &version);
    /* the drafter's approval (a form posted anyway) is refused by the
     * four-eyes rule, in its words, and changes nothing */
    snprintf(path, sizeof path, "/record/letters/%lld/approve", FX.letter_id);
    snprintf(fields, sizeof fields, "version=%lld", version);
    t_submit(&S, &drafter, path, fields, 403, &r);
    has(r.body, "<h1>Another person must approve this letter</h1>");
    has(r.body, "Four-eyes rule: insp drafted this letter, and whoever drafts a letter may not approve it; another "
                "inspector or HMCI must approve it");
    t_http_free(&r);
    long long after;
    letter_state_by(FX.letter_id, status, &after, by);
    assert_string_equal(status, "draft");
    assert_int_equal(after, version);
    assert_string_equal(by, "");
    /* a button from a page read before someone else changed it */
    snprintf(path, sizeof path, "/record/letters/%lld/approve", FX.letter_id);
    snprintf(fields, sizeof fields, "version=%lld", version + 5);
    t_submit(&S, &s, path, fields, 412, &r);
    has(r.body, "changed by someone else");
    has(r.body, "reload");
    t_http_free(&r);
    t_submit(&S, &s, path, "version=", 400, &r);
    t_http_free(&r);
    letter_state(FX.letter_id, status, &version);
    assert_string_equal(status, "draft");
    /* approving goes through a check page with the letter as it will be
     * published, and changes nothing until confirmed */
    snprintf(fields, sizeof fields, "version=%lld", version);
    t_submit(&S, &s, path, fields, 200, &r);
    has(r.body, "Check your answers before you approve it");
    has(r.body, "As it will be published");
    has(r.body, "<strong>Not public:</strong>");
    has(r.body, "name=\"confirm\" value=\"yes\"");
    t_http_free(&r);
    letter_state(FX.letter_id, status, &version);
    assert_string_equal(status, "draft");
    snprintf(fields, sizeof fields, "version=%lld&confirm=yes", version);
    t_submit(&S, &s, path, fields, 303, &r);
    t_http_free(&r);
    long long approved;
    letter_state_by(FX.letter_id, status, &approved, by);
    assert_string_equal(status, "approved");
    assert_string_equal(by, "insp2");
    /* approved: the Publish button carries the new version */
    t_get(&S, "/letters?body=kent", s.cookie, 200, &r);
    has(r.body, "Approved (not yet published)");
    char action[120], value[40];
    snprintf(action, sizeof action, "action=\"/record/letters/%lld/publish\"", FX.letter_id);
    has(r.body, action);
    snprintf(value, sizeof value, "name=\"version\" value=\"%lld\"", approved);
    has(r.body, value);
    t_http_free(&r);
    /* approving twice is refused; the old button to publish is stale */
    snprintf(fields, sizeof fields, "version=%lld", approved);
    t_submit(&S, &s, path, fields, 409, &r);
    t_http_free(&r);
    snprintf(path, sizeof path, "/record/letters/%lld/publish", FX.letter_id);
    snprintf(fields, sizeof fields, "version=%lld", version);
    t_submit(&S, &s, path, fields, 412, &r);
    has(r.body, "changed by someone else");
    t_http_free(&r);
    letter_state(FX.letter_id, status, &version);
    assert_string_equal(status, "approved");
    /* check your answers: what is published, who will see it; nothing yet */
    snprintf(fields, sizeof fields, "version=%lld", approved);
    t_submit(&S, &s, path, fields, 200, &r);
    has(r.body, "Check your answers before you publish it");
    has(r.body, "<strong>Public:</strong> anyone will see it at once");
    has(r.body, "name=\"confirm\" value=\"yes\"");
    t_http_free(&r);
    letter_state(FX.letter_id, status, &version);
    assert_string_equal(status, "approved");
    snprintf(fields, sizeof fields, "version=%lld&confirm=yes", approved);
    t_submit(&S, &s, path, fields, 200, &r);
    has(r.body, "The letter is published");
    char href[80];
    snprintf(href, sizeof href, "href=\"/letters/%lld.html\"", FX.letter_id);
    has(r.body, href);
    t_http_free(&r);
    letter_state(FX.letter_id, status, &version);
    assert_string_equal(status, "published");
    /* public now */
    t_get(&S, "/letters?body=kent", NULL, 200, &r);
    has(r.body, "Kent revisit &lt;letter&gt;");
    lacks(r.body, "Draft (not published)");
    lacks(r.body, ">Approve</button>");   /* no Approve or Publish button */
    lacks(r.body, ">Publish</button>");
    t_http_free(&r);
    char page[64];
    snprintf(page, sizeof page, "/letters/%lld.html", FX.letter_id);
    t_get(&S, page, NULL, 200, &r);
    has(r.body, "Kent revisit &lt;letter&gt;");
    t_http_free(&r);
    /* staff see no button on a published letter */
    t_get(&S, "/letters?body=kent", s.cookie, 200, &r);
    lacks(r.body, action);
    t_http_free(&r);
}

/* An inspection of kent published on day (API), returning its id. */
static long long kent_inspection(const char *title, const char *day)
{
    char json[300];
    snprintf(json, sizeof json, "{\"body\": \"kent\", \"kind\": \"thematic\", \"title\": \"%s\", \"published_on\": \"%s\"}",
             title, day);
    const char *headers[] = {FX.inspector, "Content-Type: application/json", NULL};
    t_http_t r;
    assert_int_equal(t_http(S.srv.port, "POST", "/api/v1/inspections", json, headers, &r), 0);
    if (r.status != 201) fprintf(stderr, "%s\n", r.body);
    assert_int_equal(r.status, 201);
    json_t *j = json_loads(r.body, 0, NULL);
    t_http_free(&r);
    long long id = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    return id;
}

/* POSTs json to the API as an inspector; the new row's id (status 201). */
static long long api_create(const char *path, const char *json)
{
    const char *headers[] = {FX.inspector, "Content-Type: application/json", NULL};
    t_http_t r;
    assert_int_equal(t_http(S.srv.port, "POST", path, json, headers, &r), 0);
    if (r.status != 201) fprintf(stderr, "%s\n", r.body);
    assert_int_equal(r.status, 201);
    json_t *j = json_loads(r.body, 0, NULL);
    t_http_free(&r);
    long long id = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    return id;
}

static void lpb_records_its_response(void **state)
{
    (void)state;
    long long due = kent_inspection("Kent report due", "2025-12-01");
    long long late = kent_inspection("Kent report overdue", "2025-10-01");
    char json[400];
    snprintf(json, sizeof json, "{\"body\": \"kent\", \"inspection_id\": %lld, \"number\": \"1\", \"addressee\": "
             "\"Chief Constable\", \"text\": \"Find missing children sooner\", \"issued_on\": \"2025-10-01\"}", late);
    long long rec = api_create("/api/v1/recommendations", json);
    t_session_t lpb, other;
    assert_int_equal(t_login_form(&S, "kentlpb", NULL, &lpb), 0);
    t_http_t r;
    char link[120];
    t_get(&S, "/bodies/kent", lpb.cookie, 200, &r);
    has(r.body, "Your responses to inspection reports");
    /* published 1 December 2025: due 25 January 2026 (the 56th day, 1 December the first), not yet overdue on 2026-01-01 */
    has(r.body, "Due by <time datetime=\"2026-01-25\">25 January 2026</time>");
    has(r.body, "Overdue</strong> was due <time datetime=\"2025-11-25\">25 November 2025</time>");
    /* the link names its report for screen readers (distinct link text) */
    snprintf(link, sizeof link,
             "<a href=\"/record/pcc-responses/new?inspection_id=%lld\">Record your response<span class=\"visually-hidden\"> to ",
             late);
    has(r.body, link);
    snprintf(link, sizeof link, "/record/pcc-responses/new?inspection_id=%lld", due);
    has(r.body, link);
    t_http_free(&r);
    /* the form: the inspection chosen, the body from it */
    snprintf(link, sizeof link, "/record/pcc-responses/new?inspection_id=%lld", late);
    t_get(&S, link, lpb.cookie, 200, &r);
    char opt[64];
    snprintf(opt, sizeof opt, "<option value=\"%lld\" selected>", late);
    has(r.body, opt);
    t_http_free(&r);
    char fields[300];
    snprintf(fields, sizeof fields, "inspection_id=%lld&published_on=2025-12-20&url=https%%3A%%2F%%2Fexample.org%%2Fresponse"
             "&summary=Our+response&chief_officer_comments=The+chief+constable+accepts+the+findings", late);
    t_submit(&S, &lpb, "/record/pcc-responses", fields, 303, &r);
    t_http_free(&r);
    t_get(&S, "/bodies/kent", lpb.cookie, 200, &r);
    has(r.body, "Recorded</strong> published <time datetime=\"2025-12-20\">20 December 2025</time>");
    snprintf(link, sizeof link, "/record/pcc-responses/new?inspection_id=%lld\"", late);
    lacks(r.body, link);
    /* each recommendation of the report (s.55(5B)): not answered yet, with the link to answer it */
    has(r.body, "Each recommendation of Kent report overdue");
    has(r.body, "Recommendations answered: 0 of 1. The chief officer's comments: included.");
    char *at = strstr(r.body, "/record/pcc-recommendation-responses/new?response_id=");
    assert_non_null(at);
    long long response = atoll(at + strlen("/record/pcc-recommendation-responses/new?response_id="));
    snprintf(link, sizeof link, "/record/pcc-recommendation-responses/new?response_id=%lld&amp;recommendation_id=%lld",
             response, rec);
    has(r.body, link);
    t_http_free(&r);
    snprintf(link, sizeof link, "/record/pcc-recommendation-responses/new?response_id=%lld&recommendation_id=%lld",
             response, rec);
    t_get(&S, link, lpb.cookie, 200, &r);
    t_http_free(&r);
    snprintf(fields, sizeof fields, "response_id=%lld&recommendation_id=%lld&action=A+missing+persons+unit+by+March",
             response, rec);
    t_submit(&S, &lpb, "/record/pcc-recommendation-responses", fields, 303, &r);
    t_http_free(&r);
    t_get(&S, "/bodies/kent", lpb.cookie, 200, &r);
    has(r.body, "Recommendations answered: 1 of 1.");
    has(r.body, "Response received</strong> A missing persons unit by March");
    lacks(r.body, "/record/pcc-recommendation-responses/new?");
    t_http_free(&r);
    /* another body's local policing body: no record, no link */
    assert_int_equal(t_login_form(&S, "metlpb", NULL, &other), 0);
    t_get(&S, "/bodies/kent", other.cookie, 200, &r);   /* the public page */
    lacks(r.body, "pcc-responses");
    t_http_free(&r);
    t_get(&S, "/bodies/met", other.cookie, 200, &r);
    has(r.body, "Record your response");
    t_http_free(&r);
    /* the public sees none of it */
    t_get(&S, "/bodies/kent", NULL, 200, &r);
    lacks(r.body, "pcc-responses");
    t_http_free(&r);
}

/* issue #13 (2), through the pages: an analyst drafts with the form, an
 * inspector changes the draft (PATCH, the one way to change a draft); the
 * inspector's page shows the four-eyes rule instead of Approve, the
 * inspector's approval by the form is refused (403, the rule's words) and
 * changes nothing; another inspector approves with the button. */
static void four_eyes_counts_who_changed_the_draft(void **state)
{
    (void)state;
    t_session_t ana, insp, other;
    assert_int_equal(t_login_form(&S, "lf-analyst", NULL, &ana), 0);
    assert_int_equal(t_login_form(&S, "insp", NULL, &insp), 0);
    assert_int_equal(t_login_form(&S, "insp2", NULL, &other), 0);
    t_http_t r;
    t_submit(&S, &ana, "/record/letters", "body=kent&kind=revisit&title=Analyst%27s+draft", 303, &r);
    char loc[200];
    assert_int_equal(t_http_header(&r, "Location", loc, sizeof loc), 0);
    t_http_free(&r);
    const char *prefix = "/letters?body=kent#letter-";
    assert_int_equal(strncmp(loc, prefix, strlen(prefix)), 0);
    long long id = atoll(loc + strlen(prefix));
    assert_true(id > 0);
    char path[96], status[16], by[64], fields[64];
    snprintf(path, sizeof path, "/api/v1/letters/%lld", id);
    const char *headers[] = {FX.inspector, "If-Match: \"v1\"", "Content-Type: application/json", NULL};
    assert_int_equal(t_http(S.srv.port, "PATCH", path, "{\"conclusion\": \"The inspector's words.\"}", headers, &r), 0);
    assert_int_equal(r.status, 200);
    t_http_free(&r);
    long long version, after;
    letter_state(id, status, &version);
    assert_int_equal(version, 2);
    static const char rule[] = "Four-eyes rule: insp changed the draft of this letter, and whoever drafts or "
                               "changes a letter may not approve it; another inspector or HMCI must approve it";
    char action[120], shown[300];
    snprintf(action, sizeof action, "action=\"/record/letters/%lld/approve\"", id);
    snprintf(shown, sizeof shown, "<p class=\"muted four-eyes\">%s</p>", rule);
    t_get(&S, "/letters?body=kent", insp.cookie, 200, &r);
    lacks(r.body, action);
    has(r.body, shown);
    t_http_free(&r);
    snprintf(path, sizeof path, "/record/letters/%lld/approve", id);
    snprintf(fields, sizeof fields, "version=%lld", version);
    t_submit(&S, &insp, path, fields, 403, &r);
    has(r.body, "<h1>Another person must approve this letter</h1>");
    has(r.body, rule);
    t_http_free(&r);
    letter_state_by(id, status, &after, by);
    assert_string_equal(status, "draft");
    assert_int_equal(after, version);
    assert_string_equal(by, "");
    t_get(&S, "/letters?body=kent", other.cookie, 200, &r);
    has(r.body, action);
    t_http_free(&r);
    t_submit(&S, &other, path, fields, 200, &r);
    has(r.body, "Check your answers before you approve it");
    t_http_free(&r);
    char confirmed[80];
    snprintf(confirmed, sizeof confirmed, "%s&confirm=yes", fields);
    t_submit(&S, &other, path, confirmed, 303, &r);
    t_http_free(&r);
    letter_state_by(id, status, &after, by);
    assert_string_equal(status, "approved");
    assert_string_equal(by, "insp2");
}

/* issue #17 item 6: on the letter's own page a draft shows what the
 * approver must know (nobody in post on its date), each block can be
 * edited (an error comes back by its field), the edit is kept in the
 * history shown there; the editor may not approve; another inspector
 * approves through the check page with the letter as it will be
 * published; an approved letter refuses edits (409). */
static void edit_and_approve_on_the_letter_page(void **state)
{
    (void)state;
    t_session_t ana, insp, other;
    assert_int_equal(t_login_form(&S, "lf-analyst", NULL, &ana), 0);
    assert_int_equal(t_login_form(&S, "insp", NULL, &insp), 0);
    assert_int_equal(t_login_form(&S, "insp2", NULL, &other), 0);
    t_http_t r;
    t_submit(&S, &ana, "/record/letters", "body=kent&kind=revisit&sent_on=2019-06-01", 303, &r);
    char loc[200];
    assert_int_equal(t_http_header(&r, "Location", loc, sizeof loc), 0);
    t_http_free(&r);
    const char *prefix = "/letters?body=kent#letter-";
    assert_int_equal(strncmp(loc, prefix, strlen(prefix)), 0);
    long long id = atoll(loc + strlen(prefix));
    char page[64], path[96], fields[300], want[300];
    snprintf(page, sizeof page, "/letters/%lld.html", id);
    t_get(&S, page, insp.cookie, 200, &r);
    has(r.body, "Before you approve");
    has(r.body, "No lead HMI of Kent Police is recorded in post on 1 June 2019");
    snprintf(want, sizeof want, "action=\"/record/letters/%lld/blocks#block-1\"", id);
    has(r.body, want);
    has(r.body, "id=\"f-1-text\" name=\"text\"");
    t_http_free(&r);
    /* a blank block: the page again, the error by its field; nothing kept */
    snprintf(path, sizeof path, "/record/letters/%lld/blocks", id);
    t_submit(&S, &insp, path, "version=1&block=1&text=+&reason=", 422, &r);
    has(r.body, "id=\"f-1-text-error\"");
    has(r.body, "aria-invalid=\"true\"");
    has(r.body, "href=\"#f-1-text\"");
    t_http_free(&r);
    t_submit(&S, &insp, path, "version=1&block=1&text=Written+by+the+inspector+%3Cb%3E&reason=Clearer", 303, &r);
    assert_int_equal(t_http_header(&r, "Location", loc, sizeof loc), 0);
    snprintf(want, sizeof want, "/letters/%lld.html#block-1", id);
    assert_string_equal(loc, want);
    t_http_free(&r);
    t_get(&S, page, insp.cookie, 200, &r);
    has(r.body, "History of the draft");
    has(r.body, "Written by the inspector &lt;b&gt;");
    has(r.body, "<td class=\"govuk-table__cell\">Clearer</td>");
    has(r.body, "<td class=\"govuk-table__cell\">insp</td>");
    /* the editor gets the rule's words, not the button */
    has(r.body, "Four-eyes rule: insp changed the draft of this letter");
    snprintf(want, sizeof want, "action=\"/record/letters/%lld/approve\"", id);
    lacks(r.body, want);
    t_http_free(&r);
    snprintf(path, sizeof path, "/record/letters/%lld/approve", id);
    t_submit(&S, &insp, path, "version=2", 403, &r);
    has(r.body, "<h1>Another person must approve this letter</h1>");
    t_http_free(&r);
    /* another inspector: the check page shows the letter as it will be */
    t_get(&S, page, other.cookie, 200, &r);
    has(r.body, want);
    t_http_free(&r);
    t_submit(&S, &other, path, "version=2", 200, &r);
    has(r.body, "Check your answers before you approve it");
    has(r.body, "Written by the inspector &lt;b&gt;");
    snprintf(want, sizeof want, "href=\"/letters/%lld.pdf\"", id);
    has(r.body, want);
    has(r.body, "No lead HMI of Kent Police is recorded in post on 1 June 2019");
    t_http_free(&r);
    char status[16];
    long long version;
    letter_state(id, status, &version);
    assert_string_equal(status, "draft");
    t_submit(&S, &other, path, "version=2&confirm=yes", 303, &r);
    t_http_free(&r);
    letter_state(id, status, &version);
    assert_string_equal(status, "approved");
    /* approved: no edit forms, and an edit posted anyway is refused */
    t_get(&S, page, insp.cookie, 200, &r);
    lacks(r.body, "Edit the draft");
    t_http_free(&r);
    snprintf(path, sizeof path, "/record/letters/%lld/blocks", id);
    snprintf(fields, sizeof fields, "version=%lld&block=1&text=Too+late", version);
    t_submit(&S, &insp, path, fields, 409, &r);
    t_http_free(&r);
}

/* issue #17 item 6 (6): publishing a news release goes through the same
 * check page as a letter: nothing changes until confirmed. */
static void release_publish_is_checked(void **state)
{
    (void)state;
    const char *insp[] = {FX.inspector, NULL}, *third[] = {FX.insp3, NULL};
    json_t *j = t_call(&S, "POST", "/api/v1/releases", "{\"body\": \"met\"}", insp, 201, NULL);
    long long id = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    char path[96];
    snprintf(path, sizeof path, "/api/v1/releases/%lld/approve", id);
    const char *approve[] = {FX.insp3, "If-Match: \"v1\"", NULL};
    json_decref(t_call(&S, "POST", path, NULL, approve, 200, NULL));
    t_session_t other;
    assert_int_equal(t_login_form(&S, "insp2", NULL, &other), 0);
    t_http_t r;
    snprintf(path, sizeof path, "/record/releases/%lld/publish", id);
    t_submit(&S, &other, path, "version=2", 200, &r);
    has(r.body, "Check your answers before you publish it");
    has(r.body, "Publish this news release");
    has(r.body, "As it will be published");
    has(r.body, "name=\"confirm\" value=\"yes\"");
    t_http_free(&r);
    snprintf(path, sizeof path, "/api/v1/releases/%lld", id);
    j = t_call(&S, "GET", path, NULL, third, 200, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "status")), "approved");
    json_decref(j);
    snprintf(path, sizeof path, "/record/releases/%lld/publish", id);
    t_submit(&S, &other, path, "version=1", 412, &r);
    t_http_free(&r);
    t_submit(&S, &other, path, "version=2&confirm=yes", 200, &r);
    has(r.body, "The news release is published");
    t_http_free(&r);
    snprintf(path, sizeof path, "/api/v1/releases/%lld", id);
    j = t_call(&S, "GET", path, NULL, third, 200, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "status")), "published");
    json_decref(j);
}

/* Last: after the forms' writes through the program, with the
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
        cmocka_unit_test(draft_through_the_form),
        cmocka_unit_test(draft_names_decision_and_meeting),
        cmocka_unit_test(csrf_and_roles),
        cmocka_unit_test(approve_publish_and_stale),
        cmocka_unit_test(lpb_records_its_response),
        cmocka_unit_test(four_eyes_counts_who_changed_the_draft),
        cmocka_unit_test(edit_and_approve_on_the_letter_page),
        cmocka_unit_test(release_publish_is_checked),
        cmocka_unit_test(the_data_agree_with_the_trail),
    };
    return cmocka_run_group_tests_name("web/letter forms", tests, setup, teardown);
}
