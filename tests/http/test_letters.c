/* test_letters.c: letters over HTTP on the demo database: drafting with
 * defaults, the Met's return-to-Scan letter, If-Match, roles, the
 * four-eyes rule (the drafter, even HMCI, and whoever changed the draft
 * may not approve; the refusal changes nothing), approval by another
 * inspector freezing the facts, publication making a letter public, HTML
 * and PDF; the demo's letter
 * loaded published (public, in the Atom feed, approved by the system);
 * and `oversight letter` on the command line. */
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
    char insp[160], insp2[160], hmci[160], ana[160], met[160];
} FX;

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "letters.db", T_SITE_DEMO) != 0) return -1;
    if (t_user_bearer(S.db, "insp", "inspector", NULL, FX.insp)
        || t_user_bearer(S.db, "insp2", "inspector", NULL, FX.insp2)
        || t_user_bearer(S.db, "chief", "hmci", NULL, FX.hmci)
        || t_user_bearer(S.db, "ana", "analyst", NULL, FX.ana)
        || t_user_bearer(S.db, "metuser", "body", "met", FX.met))
        return -1;
    return t_site_serve(&S, t_today);
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

static void problem(const char *auth, const char *method, const char *path, const char *body, const char *if_match,
                    long want, const char *field)
{
    json_t *j = t_call_as(&S, auth, method, path, body, if_match, want, NULL);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "status")), want);
    if (field) {
        const char *f = json_string_value(json_object_get(j, "field"));
        if (!f || strcmp(f, field) != 0) fail_msg("field '%s', wanted '%s'", f ? f : "(none)", field);
    }
    json_decref(j);
}

static const char *s_of(const json_t *j, const char *k) { return json_string_value(json_object_get(j, k)); }

/* POST path as one who wrote the letter (auth): refused by the four-eyes
 * rule, 403 with a problem naming the rule, with detail as its words. */
static void four_eyes_refused_with(const char *auth, const char *path, const char *if_match, const char *detail)
{
    t_http_t r;
    json_t *j = t_call_as(&S, auth, "POST", path, NULL, if_match, 403, &r);
    char type[64] = "";
    assert_int_equal(t_http_header(&r, "Content-Type", type, sizeof type), 0);
    t_http_free(&r);
    assert_string_equal(type, "application/problem+json");
    assert_non_null(j);
    assert_string_equal(s_of(j, "type"), "tag:oversight,2025:rule/four-eyes");
    assert_string_equal(s_of(j, "title"), "Four-eyes rule");
    assert_string_equal(s_of(j, "rule"), "four-eyes");
    assert_int_equal(json_integer_value(json_object_get(j, "status")), 403);
    assert_string_equal(s_of(j, "field"), "approved_by");
    assert_string_equal(s_of(j, "detail"), detail);
    json_decref(j);
}

/* The same for the letter's drafter (username drafter). */
static void four_eyes_refused(const char *auth, const char *path, const char *if_match, const char *drafter)
{
    char detail[300];
    snprintf(detail, sizeof detail,
             "Four-eyes rule: %s drafted this letter, and whoever drafts a letter may not approve it; another "
             "inspector or HMCI must approve it", drafter);
    four_eyes_refused_with(auth, path, if_match, detail);
}

/* Letter id as its list row (status, version, created_by, approved_by,
 * published_by) and how many audit entries it has: what a refusal must
 * leave as it was. */
static void letter_state(long long id, char status[16], long long *version, char approved_by[64], size_t *audits)
{
    json_t *list = t_call_as(&S, FX.insp, "GET", "/api/v1/letters", NULL, NULL, 200, NULL);
    size_t i;
    json_t *row, *found = NULL;
    json_array_foreach(json_object_get(list, "letters"), i, row)
        if (json_integer_value(json_object_get(row, "id")) == id) found = row;
    assert_non_null(found);
    snprintf(status, 16, "%s", s_of(found, "status"));
    *version = json_integer_value(json_object_get(found, "version"));
    snprintf(approved_by, 64, "%s", s_of(found, "approved_by") ? s_of(found, "approved_by") : "(null)");
    json_decref(list);
    char path[96];
    snprintf(path, sizeof path, "/api/v1/audit?entity=letters&id=%lld", id);
    json_t *a = t_call_as(&S, FX.insp, "GET", path, NULL, NULL, 200, NULL);
    *audits = json_array_size(json_object_get(a, "entries"));
    json_decref(a);
}

/* All texts of a model's blocks, joined by newlines. New. */
static char *blocks_text(const json_t *m)
{
    size_t len = 1, i, k;
    json_t *b, *it;
    json_array_foreach(json_object_get(m, "blocks"), i, b) {
        len += strlen(s_of(b, "text") ? s_of(b, "text") : "") + 1;
        json_array_foreach(json_object_get(b, "items"), k, it) len += strlen(json_string_value(it)) + 1;
    }
    char *t = calloc(1, len);
    json_array_foreach(json_object_get(m, "blocks"), i, b) {
        if (s_of(b, "text")) strcat(strcat(t, s_of(b, "text")), "\n");
        json_array_foreach(json_object_get(b, "items"), k, it) strcat(strcat(t, json_string_value(it)), "\n");
    }
    return t;
}

/* The demo's letter: the Met's return to Scan, loaded published (the
 * oldest letter of the Met). */
static long long demo_letter_id(void)
{
    json_t *j = t_call_as(&S, NULL, "GET", "/api/v1/letters?body=met", NULL, NULL, 200, NULL);
    size_t n = json_array_size(json_object_get(j, "letters"));
    json_t *oldest = json_array_get(json_object_get(j, "letters"), n ? n - 1 : 0);
    assert_non_null(oldest);
    assert_string_equal(s_of(oldest, "kind"), "return_to_scan");
    assert_string_equal(s_of(oldest, "status"), "published");
    long long id = json_integer_value(json_object_get(oldest, "id"));
    json_decref(j);
    return id;
}

/* A new draft of the Met's letter with the demo letter's fields. */
static long long new_met_draft(void)
{
    json_t *m = t_call_as(&S, FX.insp, "POST", "/api/v1/letters",
                     "{\"body\": \"met\", \"kind\": \"return_to_scan\", \"from_name\": \"HMI Lee Freeman KPM\","
                     " \"from_titles\": \"His Majesty\u2019s Inspector of Constabulary\\nHis Majesty\u2019s Inspector of Fire & Rescue Services\","
                     " \"to_name\": \"Commissioner Sir Mark Rowley\", \"to_org\": \"Metropolitan Police Service\","
                     " \"cc_name\": \"Sir Sadiq Khan\", \"cc_role\": \"Mayor of London\", \"sent_on\": \"2025-01-23\","
                     " \"published_on\": \"2025-01-23\"}",
                     NULL, 201, NULL);
    assert_non_null(m);
    assert_string_equal(s_of(m, "status"), "draft");
    long long id = json_integer_value(json_object_get(m, "id"));
    json_decref(m);
    return id;
}

static void drafts_are_for_staff(void **state)
{
    (void)state;
    long long id = new_met_draft();
    char path[64];
    /* the public sees the published demo letter only */
    json_t *j = t_call_as(&S, NULL, "GET", "/api/v1/letters", NULL, NULL, 200, NULL);
    assert_int_equal(json_integer_value(json_object_get(j, "count")), 1);
    assert_string_equal(s_of(json_array_get(json_object_get(j, "letters"), 0), "status"), "published");
    json_decref(j);
    j = t_call_as(&S, FX.insp, "GET", "/api/v1/letters?body=met", NULL, NULL, 200, NULL);
    assert_int_equal(json_integer_value(json_object_get(j, "count")), 2);
    json_decref(j);
    snprintf(path, sizeof path, "/api/v1/letters/%lld", id);
    problem(NULL, "GET", path, NULL, NULL, 401, NULL);
    problem(FX.met, "GET", path, NULL, NULL, 403, NULL);
    snprintf(path, sizeof path, "/letters/%lld.html", id);
    problem(NULL, "GET", path, NULL, NULL, 401, NULL);
    snprintf(path, sizeof path, "/letters/%lld.pdf", id);
    problem(NULL, "GET", path, NULL, NULL, 401, NULL);
    problem(NULL, "GET", "/letters/abc.html", NULL, NULL, 404, NULL);
    problem(FX.insp, "GET", "/api/v1/letters/999999", NULL, NULL, 404, NULL);
}

static void met_letter_over_http(void **state)
{
    (void)state;
    long long id = demo_letter_id();
    char path[64];
    snprintf(path, sizeof path, "/api/v1/letters/%lld", id);
    t_http_t r;
    json_t *m = t_call_as(&S, FX.ana, "GET", path, NULL, NULL, 200, &r);
    char etag[32] = "";
    assert_int_equal(t_http_header(&r, "ETag", etag, sizeof etag), 0);
    t_http_free(&r);
    assert_string_equal(etag, "\"v3\"");   /* loaded, approved, published */
    assert_string_equal(s_of(m, "status"), "published");
    assert_string_equal(s_of(json_object_get(m, "from"), "name"), "HMI Lee Freeman KPM");
    assert_int_equal(json_array_size(json_object_get(json_object_get(m, "from"), "titles")), 2);
    assert_string_equal(s_of(json_object_get(m, "to"), "name"), "Commissioner Sir Mark Rowley");
    assert_string_equal(s_of(json_object_get(m, "cc"), "name"), "Sir Sadiq Khan");
    assert_string_equal(s_of(json_object_get(m, "cc"), "role"), "Mayor of London");
    assert_string_equal(s_of(m, "sent_on"), "2025-01-23");
    assert_string_equal(s_of(m, "published_on_text"), "23 January 2025");
    char *t = blocks_text(m);
    assert_non_null(strstr(t, "Policing Performance Oversight Group on Wednesday 22 January."));
    assert_non_null(strstr(t, "Sir Andy Cooke, has decided to return"));
    assert_non_null(strstr(t, "known as Scan."));
    assert_non_null(strstr(t, "On 28 June 2022, we moved the MPS"));
    assert_non_null(strstr(t, "Two of these causes of concern were accelerated because"));
    assert_non_null(strstr(t, "Recommendation 3"));
    assert_non_null(strstr(t, "By 31 July 2024, the Metropolitan Police Service should make sure that:"));
    assert_non_null(strstr(t, "it has systems in place to carry out regular checks and make sure victim-blaming language is stopped."));
    assert_non_null(strstr(t, "linked to the New Met for London Plan: 2023\u20132025"));
    assert_non_null(strstr(t, "with immediate effect"));
    free(t);
    json_decref(m);
}

static void drafting_with_defaults_and_checks(void **state)
{
    (void)state;
    t_http_t r;
    json_t *m = t_call_as(&S, FX.insp, "POST", "/api/v1/letters", "{\"body\": \"kent\", \"kind\": \"revisit\"}", NULL, 201, &r);
    char loc[64] = "";
    assert_int_equal(t_http_header(&r, "Location", loc, sizeof loc), 0);
    t_http_free(&r);
    assert_non_null(strstr(loc, "/api/v1/letters/"));
    assert_string_equal(s_of(json_object_get(m, "to"), "name"), "Chief Constable");
    assert_string_equal(s_of(json_object_get(m, "to"), "org"), "Kent Police");
    assert_non_null(strstr(s_of(json_object_get(m, "cc"), "name"), "Kent"));
    assert_string_equal(s_of(m, "title"), "Kent Police: cause of concern revisit letter");
    assert_string_equal(s_of(m, "created_by"), "insp");
    json_decref(m);
    problem(FX.insp, "POST", "/api/v1/letters", "{\"body\": \"kent\", \"kind\": \"apology\"}", NULL, 422, "kind");
    problem(FX.insp, "POST", "/api/v1/letters", "{\"kind\": \"revisit\"}", NULL, 422, "body");
    problem(FX.insp, "POST", "/api/v1/letters", "{\"body\": \"kent\", \"kind\": \"revisit\", \"sent_on\": \"23/01/2025\"}",
            NULL, 422, "sent_on");
    problem(FX.insp, "POST", "/api/v1/letters", "{\"body\": \"kent\", \"kind\": \"revisit\", \"content\": \"x\"}", NULL,
            422, NULL);
    /* the Met's decisions are not Kent's */
    json_t *b = t_call_as(&S, NULL, "GET", "/api/v1/bodies/met", NULL, NULL, 200, NULL);
    long long met_decision = json_integer_value(json_object_get(json_array_get(json_object_get(b, "decisions"), 0), "id"));
    json_decref(b);
    assert_true(met_decision > 0);
    char body[160];
    snprintf(body, sizeof body, "{\"body\": \"kent\", \"kind\": \"revisit\", \"decision_id\": \"%lld\"}", met_decision);
    problem(FX.insp, "POST", "/api/v1/letters", body, NULL, 422, "decision_id");
    problem(FX.met, "POST", "/api/v1/letters", "{\"body\": \"met\", \"kind\": \"revisit\"}", NULL, 403, NULL);
    problem(NULL, "POST", "/api/v1/letters", "{\"body\": \"met\", \"kind\": \"revisit\"}", NULL, 401, NULL);

    /* a PPOG meeting posted directly (not picked from the list) must have
     * discussed the body (app_letter_draft, behind the form and the API):
     * one that discussed only the Met is refused for Kent, and nothing is
     * written; the Met's letter may name it */
    json_t *mt = t_call_as(&S, FX.insp, "POST", "/api/v1/ppog-meetings", "{\"held_on\": \"2025-02-03\"}", NULL, 201, NULL);
    long long meeting = json_integer_value(json_object_get(mt, "id"));
    json_decref(mt);
    snprintf(body, sizeof body, "{\"meeting_id\": %lld, \"body\": \"met\", \"outcome\": \"noted\"}", meeting);
    json_decref(t_call_as(&S, FX.insp, "POST", "/api/v1/ppog-items", body, NULL, 201, NULL));
    json_t *before = t_call_as(&S, FX.insp, "GET", "/api/v1/letters", NULL, NULL, 200, NULL);
    char form[160];
    snprintf(form, sizeof form, "body=kent&kind=revisit&ppog_meeting_id=%lld", meeting);
    t_form(&S, "POST", "/record/letters", FX.insp, form, 422, &r);
    assert_non_null(r.body);
    assert_non_null(strstr(r.body, "did not discuss kent"));
    assert_non_null(strstr(r.body, "f-ppog_meeting_id"));
    t_http_free(&r);
    json_t *after = t_call_as(&S, FX.insp, "GET", "/api/v1/letters", NULL, NULL, 200, NULL);
    assert_true(json_equal(before, after));
    json_decref(before);
    json_decref(after);
    /* the API names it by its id as text */
    snprintf(body, sizeof body, "{\"body\": \"kent\", \"kind\": \"revisit\", \"ppog_meeting_id\": \"%lld\"}", meeting);
    problem(FX.insp, "POST", "/api/v1/letters", body, NULL, 422, "ppog_meeting_id");
    snprintf(body, sizeof body, "{\"body\": \"met\", \"kind\": \"revisit\", \"ppog_meeting_id\": \"%lld\"}", meeting);
    json_decref(t_call_as(&S, FX.insp, "POST", "/api/v1/letters", body, NULL, 201, NULL));
    snprintf(form, sizeof form, "body=met&kind=revisit&ppog_meeting_id=%lld", meeting);
    t_form(&S, "POST", "/record/letters", FX.insp, form, 303, &r);
    t_http_free(&r);

    /* a draft's meeting and decision are changed with PATCH as text too, and
     * checked as for a new draft: the Met's meeting and decision are
     * refused for Kent's draft by their fields, nothing changed; a meeting
     * that discussed Kent is taken */
    json_t *d = t_call_as(&S, FX.insp, "POST", "/api/v1/letters", "{\"body\": \"kent\", \"kind\": \"revisit\"}", NULL, 201,
                          NULL);
    long long draft = json_integer_value(json_object_get(d, "id"));
    char path[64], tag[32];
    snprintf(path, sizeof path, "/api/v1/letters/%lld", draft);
    snprintf(tag, sizeof tag, "\"v%lld\"", (long long)json_integer_value(json_object_get(d, "version")));
    json_decref(d);
    snprintf(body, sizeof body, "{\"ppog_meeting_id\": \"%lld\"}", meeting);
    problem(FX.insp, "PATCH", path, body, tag, 422, "ppog_meeting_id");
    snprintf(body, sizeof body, "{\"decision_id\": \"%lld\"}", met_decision);
    problem(FX.insp, "PATCH", path, body, tag, 422, "decision_id");
    mt = t_call_as(&S, FX.insp, "POST", "/api/v1/ppog-meetings", "{\"held_on\": \"2025-02-10\"}", NULL, 201, NULL);
    long long kent_meeting = json_integer_value(json_object_get(mt, "id"));
    json_decref(mt);
    snprintf(body, sizeof body, "{\"meeting_id\": %lld, \"body\": \"kent\", \"outcome\": \"noted\"}", kent_meeting);
    json_decref(t_call_as(&S, FX.insp, "POST", "/api/v1/ppog-items", body, NULL, 201, NULL));
    snprintf(body, sizeof body, "{\"ppog_meeting_id\": \"%lld\"}", kent_meeting);
    d = t_call_as(&S, FX.insp, "PATCH", path, body, tag, 200, NULL);
    assert_int_equal(json_integer_value(json_object_get(d, "ppog_meeting_id")), kent_meeting);
    json_decref(d);
}

/* The demo letter was loaded published (23 January 2025): public. */
static void demo_letter_is_public(void **state)
{
    (void)state;
    long long id = demo_letter_id();
    char path[64];
    snprintf(path, sizeof path, "/api/v1/letters/%lld", id);
    json_t *m = t_call_as(&S, NULL, "GET", path, NULL, NULL, 200, NULL);
    assert_string_equal(s_of(m, "published_on"), "2025-01-23");
    /* loaded as history: drafted by no one, approved and published by the system */
    assert_null(s_of(m, "created_by"));
    assert_string_equal(s_of(m, "approved_by"), "demo");
    assert_string_equal(s_of(m, "published_by"), "demo");
    assert_string_equal(s_of(m, "title"), "Metropolitan Police Service: return to default phase of monitoring");
    json_decref(m);
    t_http_t r;
    snprintf(path, sizeof path, "/letters/%lld.html", id);
    json_decref(t_call_as(&S, NULL, "GET", path, NULL, NULL, 200, &r));
    assert_non_null(strstr(r.body, "Sir Andy Cooke"));
    /* a page of the site: its header, a <main>, links to the PDF and the body */
    assert_non_null(strstr(r.body, "<header class=\"govuk-template__header site-header\">"));
    assert_non_null(strstr(r.body, "<main id=\"main\""));
    assert_non_null(strstr(r.body, "<article class=\"letter\">"));
    char link[96];
    snprintf(link, sizeof link, "<a href=\"/letters/%lld.pdf\" type=\"application/pdf\">", id);
    assert_non_null(strstr(r.body, link));
    assert_non_null(strstr(r.body, "<a href=\"/bodies/met\">Metropolitan Police Service: phases, decisions and record</a>"));
    assert_non_null(strstr(r.body, "<a href=\"/letters?body=met\">"));
    assert_non_null(strstr(r.body, "/static/letter.css?v="));
    t_http_free(&r);
    snprintf(path, sizeof path, "/letters/%lld.pdf", id);
    json_decref(t_call_as(&S, NULL, "GET", path, NULL, NULL, 200, &r));
    assert_memory_equal(r.body, "%PDF-", 5);
    t_http_free(&r);
    json_decref(t_call_as(&S, NULL, "GET", "/feeds/decisions.atom", NULL, NULL, 200, &r));
    char entry[96];
    snprintf(entry, sizeof entry, "<id>tag:oversight,2025:letter/%lld</id>", id);
    const char *e = strstr(r.body, entry);
    assert_non_null(e);
    const char *end = strstr(e, "</entry>");
    assert_non_null(end);
    const char *t = strstr(e, "<title>Metropolitan Police Service: return to default phase of monitoring</title>");
    const char *u = strstr(e, "<updated>2025-01-23T00:00:00Z</updated>");
    assert_true(t && t < end);
    assert_true(u && u < end);
    t_http_free(&r);
}

static void workflow(void **state)
{
    (void)state;
    long long id = new_met_draft();
    char path[96], act[128];
    snprintf(path, sizeof path, "/api/v1/letters/%lld", id);
    /* a draft changes with If-Match */
    problem(FX.insp, "PATCH", path, "{\"cc_role\": \"Mayor of London\"}", NULL, 428, "If-Match");
    problem(FX.insp, "PATCH", path, "{\"kind\": \"revisit\"}", "\"v1\"", 422, "kind");
    json_t *m = t_call_as(&S, FX.insp, "PATCH", path, "{\"title\": \"Metropolitan Police Service: return to default phase of monitoring\"}",
                     "\"v1\"", 200, NULL);
    assert_int_equal(json_integer_value(json_object_get(m, "version")), 2);
    json_decref(m);
    problem(FX.insp, "PATCH", path, "{\"cc_role\": \"Mayor of London\"}", "\"v1\"", 412, NULL);

    /* only inspectors and HMCI approve */
    snprintf(act, sizeof act, "%s/approve", path);
    problem(FX.met, "POST", act, NULL, NULL, 403, NULL);
    problem(FX.ana, "POST", act, NULL, NULL, 403, NULL);
    problem(NULL, "POST", act, NULL, NULL, 401, NULL);
    problem(FX.insp2, "POST", act, NULL, "\"v1\"", 412, NULL);
    /* and not the inspector who drafted it (four eyes), with or without If-Match */
    char status[16], approved_by[64];
    long long version_before = 0, version_after = 0;
    size_t audits_before = 0, audits_after = 0;
    letter_state(id, status, &version_before, approved_by, &audits_before);
    assert_string_equal(status, "draft");
    assert_string_equal(approved_by, "(null)");
    four_eyes_refused(FX.insp, act, "\"v2\"", "insp");
    four_eyes_refused(FX.insp, act, NULL, "insp");
    letter_state(id, status, &version_after, approved_by, &audits_after);
    assert_string_equal(status, "draft");
    assert_int_equal(version_after, version_before);
    assert_string_equal(approved_by, "(null)");
    assert_int_equal(audits_after, audits_before);
    m = t_call_as(&S, FX.insp, "GET", path, NULL, NULL, 200, NULL);
    assert_string_equal(s_of(m, "status"), "draft");
    assert_int_equal(json_integer_value(json_object_get(m, "version")), 2);
    assert_null(s_of(m, "approved_by"));
    assert_string_equal(s_of(m, "created_by"), "insp");
    json_decref(m);
    /* another inspector approves */
    m = t_call_as(&S, FX.insp2, "POST", act, NULL, "\"v2\"", 200, NULL);
    assert_string_equal(s_of(m, "status"), "approved");
    assert_string_equal(s_of(m, "approved_by"), "insp2");
    assert_string_equal(s_of(m, "created_by"), "insp");
    char *frozen = blocks_text(m);
    json_decref(m);
    letter_state(id, status, &version_after, approved_by, &audits_after);
    assert_int_equal(audits_after, audits_before + 1);
    /* approved: the state answers first, for the drafter as for anyone */
    problem(FX.insp2, "POST", act, NULL, NULL, 409, "status");
    problem(FX.insp, "POST", act, NULL, NULL, 409, "status");
    problem(FX.insp, "PATCH", path, "{\"cc_role\": \"Mayor\"}", "\"v3\"", 409, "status");

    /* the record changes after approval: the letter does not */
    json_t *list = t_call_as(&S, FX.insp, "GET", "/api/v1/causes-of-concern?body=met", NULL, NULL, 200, NULL);
    size_t i;
    json_t *c;
    long long cause = 0, version = 0;
    json_array_foreach(json_object_get(list, "items"), i, c)
        if (strstr(s_of(c, "text"), "when children are reported missing")) {
            cause = json_integer_value(json_object_get(c, "id"));
            version = json_integer_value(json_object_get(c, "version"));
        }
    json_decref(list);
    assert_true(cause > 0);
    char cpath[96], cv[32];
    snprintf(cpath, sizeof cpath, "/api/v1/causes-of-concern/%lld", cause);
    snprintf(cv, sizeof cv, "\"v%lld\"", version);
    json_decref(t_call_as(&S, FX.insp, "PATCH", cpath, "{\"text\": \"Rewritten after the letter was approved.\"}", cv, 200, NULL));
    m = t_call_as(&S, FX.insp, "GET", path, NULL, NULL, 200, NULL);
    char *now = blocks_text(m);
    assert_string_equal(now, frozen);
    assert_null(strstr(now, "Rewritten after"));
    assert_non_null(strstr(now, "when children are reported missing."));
    free(now);
    json_decref(m);
    /* a new draft sees the record as it is */
    m = t_call_as(&S, FX.insp, "POST", "/api/v1/letters", "{\"body\": \"met\", \"kind\": \"return_to_scan\"}", NULL, 201, NULL);
    now = blocks_text(m);
    assert_non_null(strstr(now, "Rewritten after the letter was approved."));
    free(now);
    json_decref(m);

    /* publication: If-Match required, then public */
    snprintf(act, sizeof act, "%s/publish", path);
    problem(FX.met, "POST", act, NULL, "\"v3\"", 403, NULL);
    problem(FX.hmci, "POST", act, NULL, NULL, 428, "If-Match");
    problem(FX.hmci, "POST", act, NULL, "\"v2\"", 412, NULL);
    m = t_call_as(&S, FX.hmci, "POST", act, NULL, "\"v3\"", 200, NULL);
    assert_string_equal(s_of(m, "status"), "published");
    assert_string_equal(s_of(m, "published_by"), "chief");
    json_decref(m);
    problem(FX.hmci, "POST", act, NULL, "\"v4\"", 409, "status");

    m = t_call_as(&S, NULL, "GET", path, NULL, NULL, 200, NULL);
    now = blocks_text(m);
    assert_string_equal(now, frozen);
    free(now);
    json_decref(m);
    m = t_call_as(&S, FX.met, "GET", path, NULL, NULL, 200, NULL);
    json_decref(m);
    list = t_call_as(&S, NULL, "GET", "/api/v1/letters?body=met", NULL, NULL, 200, NULL);
    assert_int_equal(json_integer_value(json_object_get(list, "count")), 2);   /* the demo's and this one */
    json_decref(list);

    t_http_t r;
    char type[64] = "";
    snprintf(path, sizeof path, "/letters/%lld.html", id);
    json_decref(t_call_as(&S, NULL, "GET", path, NULL, NULL, 200, &r));
    assert_int_equal(t_http_header(&r, "Content-Type", type, sizeof type), 0);
    assert_non_null(strstr(type, "text/html"));
    assert_non_null(strstr(r.body, "<dd>Sir Sadiq Khan</dd>"));
    assert_non_null(strstr(r.body, "<dd>Commissioner Sir Mark Rowley</dd>"));
    assert_non_null(strstr(r.body, "with immediate effect"));
    assert_null(strstr(r.body, "not published"));
    t_http_free(&r);
    snprintf(path, sizeof path, "/letters/%lld.pdf", id);
    json_decref(t_call_as(&S, NULL, "GET", path, NULL, NULL, 200, &r));
    assert_int_equal(t_http_header(&r, "Content-Type", type, sizeof type), 0);
    assert_string_equal(type, "application/pdf");
    assert_true(r.len > 1000);
    assert_memory_equal(r.body, "%PDF-", 5);
    assert_non_null(memmem(r.body, r.len, "/MediaBox [ 0 0 595.2756 841.8898 ]", 35));
    t_http_free(&r);
    free(frozen);
}

/* HMCI is bound by the rule too; a letter HMCI drafts an inspector approves. */
static void four_eyes_binds_hmci(void **state)
{
    (void)state;
    json_t *m = t_call_as(&S, FX.hmci, "POST", "/api/v1/letters", "{\"body\": \"kent\", \"kind\": \"revisit\"}", NULL, 201, NULL);
    assert_non_null(m);
    assert_string_equal(s_of(m, "created_by"), "chief");
    long long id = json_integer_value(json_object_get(m, "id"));
    json_decref(m);
    char act[96], status[16], approved_by[64];
    snprintf(act, sizeof act, "/api/v1/letters/%lld/approve", id);
    long long v0 = 0, v1 = 0;
    size_t a0 = 0, a1 = 0;
    letter_state(id, status, &v0, approved_by, &a0);
    four_eyes_refused(FX.hmci, act, "\"v1\"", "chief");
    letter_state(id, status, &v1, approved_by, &a1);
    assert_string_equal(status, "draft");
    assert_int_equal(v1, v0);
    assert_string_equal(approved_by, "(null)");
    assert_int_equal(a1, a0);
    /* a stale version is still a stale version, whoever asks */
    problem(FX.hmci, "POST", act, NULL, "\"v7\"", 412, "If-Match");
    m = t_call_as(&S, FX.insp, "POST", act, NULL, "\"v1\"", 200, NULL);
    assert_string_equal(s_of(m, "approved_by"), "insp");
    json_decref(m);
    /* the rule is about approving: the drafter may publish what another approved */
    snprintf(act, sizeof act, "/api/v1/letters/%lld/publish", id);
    m = t_call_as(&S, FX.hmci, "POST", act, NULL, "\"v2\"", 200, NULL);
    assert_string_equal(s_of(m, "status"), "published");
    assert_string_equal(s_of(m, "published_by"), "chief");
    json_decref(m);
}

static void cli_letter(void **state)
{
    (void)state;
    char out[320];
    snprintf(out, sizeof out, "%s/met.pdf", S.dir);
    char *json_argv[] = {(char *)t_bin(), "letter", "met", "--kind", "return_to_scan", "--format", "json", "--db", S.db, NULL};
    t_run_t r;
    assert_int_equal(t_run(json_argv, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    json_error_t je;
    json_t *m = json_loads(r.out, 0, &je);
    assert_non_null(m);
    assert_string_equal(s_of(json_object_get(m, "from"), "name"), "HMI Lee Freeman KPM");
    assert_string_equal(s_of(json_object_get(json_object_get(m, "facts"), "decision"), "decided_by"),
                        "Sir Andy Cooke");
    json_decref(m);
    t_run_free(&r);
    char *pdf_argv[] = {(char *)t_bin(), "letter", "met", "--kind", "return_to_scan", "--format", "pdf", "--out", out,
                        "--db", S.db, NULL};
    assert_int_equal(t_run(pdf_argv, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    t_run_free(&r);
    FILE *f = fopen(out, "rb");
    assert_non_null(f);
    char head[6] = "";
    assert_int_equal(fread(head, 1, 5, f), 5);
    fclose(f);
    assert_string_equal(head, "%PDF-");
    char *text_argv[] = {(char *)t_bin(), "letter", "met", "--kind", "return_to_scan", "--db", S.db, NULL};
    assert_int_equal(t_run(text_argv, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Cc\nSir Sadiq Khan\nMayor of London\n"));
    t_run_free(&r);
    char *bad_kind[] = {(char *)t_bin(), "letter", "met", "--kind", "farewell", "--db", S.db, NULL};
    assert_int_equal(t_run(bad_kind, NULL, &r), 0);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--kind"));
    t_run_free(&r);
    char *no_body[] = {(char *)t_bin(), "letter", "atlantis", "--kind", "revisit", "--db", S.db, NULL};
    assert_int_equal(t_run(no_body, NULL, &r), 0);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "atlantis"));
    t_run_free(&r);
}

/* issue #13 (2): an analyst drafts, an inspector rewrites the title and
 * conclusion and may then not approve it alone (403 naming the rule;
 * nothing changes); a third person approves. HMCI who changes a draft is
 * bound the same way. */
static void four_eyes_counts_who_changed_the_draft(void **state)
{
    (void)state;
    json_t *m = t_call_as(&S, FX.ana, "POST", "/api/v1/letters", "{\"body\": \"kent\", \"kind\": \"revisit\"}", NULL, 201, NULL);
    assert_non_null(m);
    assert_string_equal(s_of(m, "created_by"), "ana");
    long long id = json_integer_value(json_object_get(m, "id"));
    json_decref(m);
    char path[96], act[128], status[16], approved_by[64];
    snprintf(path, sizeof path, "/api/v1/letters/%lld", id);
    snprintf(act, sizeof act, "%s/approve", path);
    m = t_call_as(&S, FX.insp, "PATCH", path,
             "{\"title\": \"Kent: revisit (rewritten)\", \"conclusion\": \"The inspector's own conclusion.\"}",
             "\"v1\"", 200, NULL);
    assert_int_equal(json_integer_value(json_object_get(m, "version")), 2);
    json_decref(m);
    long long v0 = 0, v1 = 0;
    size_t a0 = 0, a1 = 0;
    letter_state(id, status, &v0, approved_by, &a0);
    static const char insp_changed[] =
        "Four-eyes rule: insp changed the draft of this letter, and whoever drafts or changes a letter may not "
        "approve it; another inspector or HMCI must approve it";
    four_eyes_refused_with(FX.insp, act, "\"v2\"", insp_changed);
    four_eyes_refused_with(FX.insp, act, NULL, insp_changed);
    letter_state(id, status, &v1, approved_by, &a1);
    assert_string_equal(status, "draft");
    assert_int_equal(v1, v0);
    assert_string_equal(approved_by, "(null)");
    assert_int_equal(a1, a0);
    /* HMCI changes it too: now barred as well */
    m = t_call_as(&S, FX.hmci, "PATCH", path, "{\"cc_role\": \"Police and Crime Commissioner\"}", "\"v2\"", 200, NULL);
    json_decref(m);
    four_eyes_refused_with(FX.hmci, act, "\"v3\"",
                           "Four-eyes rule: chief changed the draft of this letter, and whoever drafts or changes a "
                           "letter may not approve it; another inspector or HMCI must approve it");
    /* a third person, who neither drafted nor changed it, approves */
    m = t_call_as(&S, FX.insp2, "POST", act, NULL, "\"v3\"", 200, NULL);
    assert_string_equal(s_of(m, "status"), "approved");
    assert_string_equal(s_of(m, "approved_by"), "insp2");
    assert_string_equal(s_of(m, "created_by"), "ana");
    json_decref(m);
}

/* POST /api/v1/letters/{id}/blocks with If-Match "v<version>": status want. */
static json_t *edit_block(const char *auth, long long id, long long version, const char *body, long want)
{
    char path[96], im[32];
    snprintf(path, sizeof path, "/api/v1/letters/%lld/blocks", id);
    snprintf(im, sizeof im, "\"v%lld\"", version);
    return t_call_as(&S, auth, "POST", path, body, version > 0 ? im : NULL, want, NULL);
}

/* issue #17 item 6: every block of a draft can be edited; each edit is kept
 * (who, when, old text, new text, why) with the letter; whoever edited it
 * may not approve it; an approved letter refuses edits (409); the frozen
 * letter has the edit; the public never sees the history. */
static void blocks_are_edited_and_kept(void **state)
{
    (void)state;
    json_t *m = t_call_as(&S, FX.ana, "POST", "/api/v1/letters", "{\"body\": \"met\", \"kind\": \"return_to_scan\","
                          " \"sent_on\": \"2025-01-23\", \"published_on\": \"2025-01-23\"}", NULL, 201, NULL);
    assert_non_null(m);
    long long id = json_integer_value(json_object_get(m, "id"));
    json_t *blocks = json_object_get(m, "blocks");
    assert_true(json_array_size(blocks) > 3);
    char drafted[4000];
    snprintf(drafted, sizeof drafted, "%s", s_of(json_array_get(blocks, 2), "text"));
    assert_true(strlen(drafted) > 0);
    long long bullets = -1;
    size_t i;
    json_t *b;
    json_array_foreach(blocks, i, b) if (bullets < 0 && json_is_array(json_object_get(b, "items"))) bullets = (long long)i;
    json_decref(m);
    /* bad edits: no If-Match, no such block, blank text, a block by name; nothing changes */
    json_decref(edit_block(FX.insp, id, 0, "{\"block\": 2, \"text\": \"x\"}", 428));
    problem(FX.insp, "POST", "/api/v1/letters/1/blocks", "{\"block\": 2, \"text\": \"x\"}", "\"v999\"", 409, "status");
    m = edit_block(FX.insp, id, 1, "{\"block\": 9999, \"text\": \"x\"}", 422);
    assert_string_equal(s_of(m, "field"), "block");
    json_decref(m);
    m = edit_block(FX.insp, id, 1, "{\"block\": \"two\", \"text\": \"x\"}", 422);
    assert_string_equal(s_of(m, "field"), "block");
    json_decref(m);
    m = edit_block(FX.insp, id, 1, "{\"block\": 2, \"text\": \"  \"}", 422);
    assert_string_equal(s_of(m, "field"), "text");
    json_decref(m);
    m = edit_block(FX.insp, id, 7, "{\"block\": 2, \"text\": \"x\"}", 412);
    json_decref(m);
    /* the inspector rewrites a paragraph: kept with the text it had */
    m = edit_block(FX.insp, id, 1, "{\"block\": 2, \"text\": \"The inspector's own paragraph.\", \"reason\": \"Plainer\"}",
                   200);
    assert_non_null(m);
    assert_int_equal(json_integer_value(json_object_get(m, "version")), 2);
    b = json_array_get(json_object_get(m, "blocks"), 2);
    assert_string_equal(s_of(b, "text"), "The inspector's own paragraph.");
    assert_true(json_is_true(json_object_get(b, "edited")));
    json_t *h = json_array_get(json_object_get(m, "history"), 0);
    assert_non_null(h);
    assert_int_equal(json_integer_value(json_object_get(h, "block")), 2);
    assert_string_equal(s_of(h, "old_text"), drafted);
    assert_string_equal(s_of(h, "text"), "The inspector's own paragraph.");
    assert_string_equal(s_of(h, "reason"), "Plainer");
    assert_string_equal(s_of(h, "edited_by"), "insp");
    assert_non_null(s_of(h, "edited_at"));
    json_decref(m);
    /* a list: one item a line, punctuated as the letters list them */
    if (bullets >= 0) {
        char in[200];
        snprintf(in, sizeof in, "{\"block\": %lld, \"text\": \"first point\\nsecond point\"}", bullets);
        m = edit_block(FX.hmci, id, 2, in, 200);
        json_t *items = json_object_get(json_array_get(json_object_get(m, "blocks"), (size_t)bullets), "items");
        assert_int_equal(json_array_size(items), 2);
        assert_string_equal(json_string_value(json_array_get(items, 0)), "first point; and");
        assert_string_equal(json_string_value(json_array_get(items, 1)), "second point.");
        json_decref(m);
    }
    long long v = bullets >= 0 ? 3 : 2;
    /* whoever edited it counts as a drafter: refused, in the rule's words */
    char act[96], im[32];
    snprintf(act, sizeof act, "/api/v1/letters/%lld/approve", id);
    snprintf(im, sizeof im, "\"v%lld\"", v);
    four_eyes_refused_with(FX.insp, act, im,
                           "Four-eyes rule: insp changed the draft of this letter, and whoever drafts or changes a "
                           "letter may not approve it; another inspector or HMCI must approve it");
    /* another inspector approves: the edit is frozen into the letter */
    m = t_call_as(&S, FX.insp2, "POST", act, NULL, im, 200, NULL);
    assert_string_equal(s_of(m, "status"), "approved");
    assert_string_equal(s_of(json_array_get(json_object_get(m, "blocks"), 2), "text"), "The inspector's own paragraph.");
    json_decref(m);
    /* approved: edits are refused (409, problem+json naming the status) */
    t_http_t r;
    m = edit_block(FX.insp2, id, v + 1, "{\"block\": 2, \"text\": \"Too late.\"}", 409);
    assert_string_equal(s_of(m, "field"), "status");
    json_decref(m);
    snprintf(im, sizeof im, "\"v%lld\"", v + 1);
    char path[96];
    snprintf(path, sizeof path, "/api/v1/letters/%lld/blocks", id);
    json_decref(t_call_as(&S, FX.insp2, "POST", path, "{\"block\": 2, \"text\": \"Too late.\"}", im, 409, &r));
    char type[64] = "";
    assert_int_equal(t_http_header(&r, "Content-Type", type, sizeof type), 0);
    assert_string_equal(type, "application/problem+json");
    t_http_free(&r);
    /* published: the public reads the edited letter, not its history */
    snprintf(act, sizeof act, "/api/v1/letters/%lld/publish", id);
    json_decref(t_call_as(&S, FX.insp2, "POST", act, NULL, im, 200, NULL));
    snprintf(path, sizeof path, "/api/v1/letters/%lld", id);
    m = t_call_as(&S, NULL, "GET", path, NULL, NULL, 200, NULL);
    assert_string_equal(s_of(json_array_get(json_object_get(m, "blocks"), 2), "text"), "The inspector's own paragraph.");
    assert_null(json_object_get(m, "history"));
    json_decref(m);
    m = t_call_as(&S, FX.insp, "GET", path, NULL, NULL, 200, NULL);
    assert_int_equal(json_array_size(json_object_get(m, "history")), bullets >= 0 ? 2 : 1);
    json_decref(m);
}

/* A kent revisit letter sent on day, drafted by the inspector: its model. */
static json_t *kent_letter_on(const char *day)
{
    char in[160];
    snprintf(in, sizeof in, "{\"body\": \"kent\", \"kind\": \"revisit\", \"sent_on\": \"%s\"}", day);
    json_t *m = t_call_as(&S, FX.insp, "POST", "/api/v1/letters", in, NULL, 201, NULL);
    assert_non_null(m);
    return m;
}

/* issue #17 item 6: the sender is the lead HMI in post on the letter's
 * date (body_people), not a constant; with nobody recorded in a post the
 * draft says so (warnings) and invents no name. */
static void sender_is_the_lead_hmi_on_the_day(void **state)
{
    (void)state;
    json_decref(t_call_as(&S, FX.insp, "POST", "/api/v1/body-people",
                          "{\"body\": \"kent\", \"post\": \"lead_hmi\", \"name\": \"Ann Early\", \"title\": \"HMI (early)\","
                          " \"from_on\": \"2024-01-01\", \"to_on\": \"2024-12-31\"}", NULL, 201, NULL));
    json_decref(t_call_as(&S, FX.insp, "POST", "/api/v1/body-people",
                          "{\"body\": \"kent\", \"post\": \"lead_hmi\", \"name\": \"Ben Later\", \"from_on\": \"2025-01-01\"}",
                          NULL, 201, NULL));
    json_t *m = kent_letter_on("2024-06-01");
    assert_string_equal(s_of(json_object_get(m, "from"), "name"), "Ann Early");
    assert_string_equal(json_string_value(json_array_get(json_object_get(json_object_get(m, "from"), "titles"), 0)),
                        "HMI (early)");
    json_decref(m);
    m = kent_letter_on("2025-06-01");
    assert_string_equal(s_of(json_object_get(m, "from"), "name"), "Ben Later");
    json_t *w;
    size_t i;
    json_array_foreach(json_object_get(m, "warnings"), i, w)
        if (strstr(json_string_value(w), "lead HMI")) fail_msg("a lead HMI is recorded: %s", json_string_value(w));
    json_decref(m);
    /* nobody in post on the day: no name, and the approver is told */
    m = kent_letter_on("2023-06-01");
    assert_string_equal(s_of(json_object_get(m, "from"), "name"), "");
    int said = 0;
    json_array_foreach(json_object_get(m, "warnings"), i, w)
        said |= strstr(json_string_value(w), "No lead HMI of Kent Police is recorded in post on 1 June 2023") != NULL;
    if (!said) fail_msg("no warning of the missing lead HMI");
    json_decref(m);
}

/* Last: after the letters' workflow through the program, with the
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
        cmocka_unit_test(drafts_are_for_staff),
        cmocka_unit_test(met_letter_over_http),
        cmocka_unit_test(demo_letter_is_public),
        cmocka_unit_test(drafting_with_defaults_and_checks),
        cmocka_unit_test(cli_letter),
        cmocka_unit_test(workflow),
        cmocka_unit_test(four_eyes_binds_hmci),
        cmocka_unit_test(four_eyes_counts_who_changed_the_draft),
        cmocka_unit_test(blocks_are_edited_and_kept),
        cmocka_unit_test(sender_is_the_lead_hmi_on_the_day),
        cmocka_unit_test(the_data_agree_with_the_trail),
    };
    return cmocka_run_group_tests_name("letters over HTTP", tests, setup, teardown);
}
