/* test_releases.c: news releases over HTTP on the demo database (issue
 * #17 item 7): the Met's release loaded published (public, on its page, in
 * the Atom feed and the open data, its edits' history for staff only); a
 * release drafted, edited block by block (If-Match, errors by field),
 * given a quote, refused to the one who edited it (four eyes), approved by
 * another inspector, frozen, published; drafts for staff only. And forms
 * that do not lose work (item 5): a form sent after the session lapsed
 * comes back filled after logging in again, and is then sent; the
 * header's "Log in" keeps the page's query. */
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
    char insp[160], insp2[160], hmci[160], met[160];
} FX;

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "releases.db", T_SITE_DEMO) != 0) return -1;
    if (t_user_bearer(S.db, "insp", "inspector", NULL, FX.insp) || t_user_bearer(S.db, "insp2", "inspector", NULL, FX.insp2)
        || t_user_bearer(S.db, "chief", "hmci", NULL, FX.hmci) || t_user_bearer(S.db, "metuser", "body", "met", FX.met))
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

static const char *const HTML[] = {"Accept: text/html", NULL};

static void demo_release_is_public(void **state)
{
    (void)state;
    t_http_t r;
    json_t *list = t_call(&S, "GET", "/api/v1/releases", NULL, NULL, 200, NULL);
    assert_int_equal(json_integer_value(json_object_get(list, "count")), 1);
    json_t *one = json_array_get(json_object_get(list, "releases"), 0);
    assert_string_equal(s_of(one, "headline"), "Metropolitan Police Service removed from enhanced monitoring");
    assert_string_equal(s_of(one, "status"), "published");
    char path[64];
    long long id = json_integer_value(json_object_get(one, "id"));
    snprintf(path, sizeof path, "/api/v1/releases/%lld", id);
    json_decref(list);
    json_t *m = t_call(&S, "GET", path, NULL, NULL, 200, NULL);
    assert_null(json_object_get(m, "history"));   /* the draft's edits are for staff */
    assert_int_equal(json_array_size(json_object_get(m, "quotes")), 1);
    json_decref(m);
    m = t_call_as(&S, FX.insp, "GET", path, NULL, NULL, 200, NULL);
    assert_int_equal(json_array_size(json_object_get(m, "history")), 1);
    json_decref(m);
    snprintf(path, sizeof path, "/releases/%lld", id);
    json_decref(t_call(&S, "GET", path, NULL, HTML, 200, &r));
    assert_non_null(strstr(r.body, "Sir Andy Cooke has decided to remove the Metropolitan Police Service from Engage"));
    assert_non_null(strstr(r.body, "Lee Freeman said:"));
    assert_null(strstr(r.body, "History of the draft"));
    t_http_free(&r);
    json_decref(t_call(&S, "GET", "/releases?body=met", NULL, HTML, 200, &r));
    assert_non_null(strstr(r.body, "Metropolitan Police Service removed from enhanced monitoring"));
    t_http_free(&r);
    json_decref(t_call(&S, "GET", "/feeds/decisions.atom?body=met", NULL, NULL, 200, &r));
    assert_non_null(strstr(r.body, "News release: Metropolitan Police Service removed from enhanced monitoring"));
    assert_non_null(strstr(r.body, "/releases/"));
    t_http_free(&r);
    json_t *doc = t_call(&S, "GET", "/api/v1/export?format=json", NULL, NULL, 200, NULL);
    json_t *tables = json_object_get(doc, "tables");
    assert_int_equal(json_array_size(json_object_get(tables, "releases")), 1);
    assert_int_equal(json_array_size(json_object_get(tables, "release_quotes")), 1);
    assert_null(json_object_get(json_array_get(json_object_get(tables, "releases"), 0), "created_by"));
    json_decref(doc);
}

/* POST path as auth with If-Match "v<version>" and body; the reply's JSON. */
static json_t *post(const char *auth, const char *path, const char *body, long long version, long want)
{
    char im[32];
    snprintf(im, sizeof im, "\"v%lld\"", version);
    return t_call_as(&S, auth, "POST", path, body, version > 0 ? im : NULL, want, NULL);
}

static void problem_field(json_t *j, const char *field)
{
    assert_non_null(j);
    const char *f = s_of(j, "field");
    if (!f || strcmp(f, field) != 0) fail_msg("field '%s', wanted '%s'", f ? f : "(none)", field);
    json_decref(j);
}

static void draft_edit_approve_publish(void **state)
{
    (void)state;
    json_t *m = post(FX.insp, "/api/v1/releases", "{\"body\":\"met\"}", 0, 201);
    long long id = json_integer_value(json_object_get(m, "id"));
    assert_string_equal(s_of(m, "status"), "draft");
    json_decref(m);
    char path[96], page[64];
    snprintf(path, sizeof path, "/api/v1/releases/%lld", id);
    snprintf(page, sizeof page, "/releases/%lld", id);
    /* a draft is for staff */
    json_decref(t_call(&S, "GET", path, NULL, NULL, 401, NULL));
    json_decref(t_call_as(&S, FX.met, "GET", path, NULL, NULL, 403, NULL));
    json_decref(t_call(&S, "GET", page, NULL, HTML, 404, NULL));
    /* a body's user drafts nothing; the body must be given */
    json_decref(post(FX.met, "/api/v1/releases", "{\"body\":\"met\"}", 0, 403));
    problem_field(post(FX.insp, "/api/v1/releases", "{}", 0, 422), "body");
    problem_field(post(FX.insp, "/api/v1/releases", "{\"body\":\"met\",\"letter_id\":999999}", 0, 422), "letter_id");
    /* edits: If-Match required, errors by field */
    snprintf(path, sizeof path, "/api/v1/releases/%lld/blocks", id);
    json_decref(post(FX.insp, path, "{\"block\":\"headline\",\"text\":\"x\"}", 0, 428));
    problem_field(post(FX.insp, path, "{\"block\":\"footer\",\"text\":\"x\"}", 1, 422), "block");
    problem_field(post(FX.insp, path, "{\"block\":\"summary\",\"text\":\"  \"}", 1, 422), "text");
    json_decref(post(FX.insp, path, "{\"block\":\"headline\",\"text\":\"x\"}", 7, 412));
    m = post(FX.insp, path, "{\"block\":\"headline\",\"text\":\"The Met leaves Engage\",\"reason\":\"shorter\"}", 1, 200);
    assert_string_equal(s_of(m, "headline"), "The Met leaves Engage");
    assert_int_equal(json_integer_value(json_object_get(m, "version")), 2);
    assert_int_equal(json_array_size(json_object_get(m, "history")), 1);
    json_decref(m);
    snprintf(path, sizeof path, "/api/v1/releases/%lld/quotes", id);
    problem_field(post(FX.insp, path, "{\"speaker\":\"A\"}", 2, 422), "text");
    m = post(FX.insp, path, "{\"speaker\":\"Lee Freeman\",\"speaker_title\":\"HMI\",\"text\":\"Good.\\n\\nMore.\"}", 2, 201);
    json_t *q = json_array_get(json_object_get(m, "quotes"), 0);
    assert_string_equal(s_of(q, "intro"), "HMI Lee Freeman said:");
    assert_string_equal(json_string_value(json_array_get(json_object_get(q, "paragraphs"), 1)), "\u201cMore.\u201d");
    json_decref(m);
    /* four eyes: who edited it does not approve it; another inspector does */
    snprintf(path, sizeof path, "/api/v1/releases/%lld/approve", id);
    m = post(FX.insp, path, NULL, 3, 403);
    assert_string_equal(s_of(m, "rule"), "four-eyes");
    json_decref(m);
    json_decref(post(FX.met, path, NULL, 3, 403));
    m = post(FX.insp2, path, NULL, 3, 200);
    assert_string_equal(s_of(m, "status"), "approved");
    json_decref(m);
    /* frozen */
    snprintf(path, sizeof path, "/api/v1/releases/%lld/blocks", id);
    json_decref(post(FX.insp, path, "{\"block\":\"headline\",\"text\":\"later\"}", 4, 409));
    snprintf(path, sizeof path, "/api/v1/releases/%lld/publish", id);
    json_decref(post(FX.insp2, path, NULL, 0, 428));
    m = post(FX.insp2, path, NULL, 4, 200);
    assert_string_equal(s_of(m, "status"), "published");
    json_decref(m);
    snprintf(path, sizeof path, "/api/v1/releases/%lld", id);
    m = t_call(&S, "GET", path, NULL, NULL, 200, NULL);
    assert_string_equal(s_of(m, "headline"), "The Met leaves Engage");
    json_decref(m);
}

/* The draft as pages: errors keep what was typed; the edit is kept. */
static void release_forms(void **state)
{
    (void)state;
    t_session_t s;
    assert_int_equal(t_login_form(&S, "insp", NULL, &s), 0);
    t_http_t r;
    t_submit(&S, &s, "/record/releases", "body=met", 303, &r);
    char loc[96];
    assert_int_equal(t_http_header(&r, "Location", loc, sizeof loc), 0);
    t_http_free(&r);
    long long id = atoll(loc + strlen("/releases/"));
    assert_true(id > 0);
    char path[96];
    snprintf(path, sizeof path, "/record/releases/%lld/blocks", id);
    t_submit(&S, &s, path, "version=1&block=summary&text=+++&reason=kept", 422, &r);
    assert_non_null(strstr(r.body, "Enter the text of the block"));
    assert_non_null(strstr(r.body, "aria-describedby=\"f-summary-text-error\""));
    assert_non_null(strstr(r.body, "value=\"kept\""));
    t_http_free(&r);
    t_submit(&S, &s, path, "version=1&block=progress&text=Progress+in+words", 303, &r);
    t_http_free(&r);
    const char *h[] = {s.cookie, "Accept: text/html", NULL};
    json_decref(t_call(&S, "GET", loc, NULL, h, 200, &r));
    assert_non_null(strstr(r.body, "Progress in words"));
    assert_non_null(strstr(r.body, "History of the draft"));
    t_http_free(&r);
    t_submit(&S, &s, "/record/releases", "body=", 422, &r);
    assert_non_null(strstr(r.body, "Enter the body"));
    t_http_free(&r);
}

/* Item 5: a session that lapses mid-form loses nothing. */
static void lapsed_session_keeps_the_form(void **state)
{
    (void)state;
    json_t *m = post(FX.insp, "/api/v1/releases", "{\"body\":\"met\"}", 0, 201);
    long long id = json_integer_value(json_object_get(m, "id"));
    json_decref(m);
    char path[96];
    snprintf(path, sizeof path, "/record/releases/%lld/blocks", id);
    /* the form sent with no session (it lapsed): the login page, keeping it */
    t_http_t r;
    t_form(&S, "POST", path, NULL, "csrf_token=old&version=1&block=headline&text=Typed+before+it+lapsed", 403, &r);
    char lc[160], tok[100], action[120], kept[120];
    assert_int_equal(t_set_cookie(&r, "ov_login", lc, sizeof lc, NULL, 0), 0);
    assert_int_equal(t_field_value(r.body, "login_token", tok, sizeof tok), 0);
    assert_int_equal(t_field_value(r.body, "resume_action", action, sizeof action), 0);
    assert_string_equal(action, path);
    assert_int_equal(t_field_value(r.body, "resume:text", kept, sizeof kept), 0);
    assert_string_equal(kept, "Typed before it lapsed");
    assert_null(strstr(r.body, "name=\"resume:csrf_token\""));
    assert_non_null(strstr(r.body, "what you typed is kept"));
    t_http_free(&r);
    /* logging in from it: the form again, filled, with the new session's token */
    char body[600], ch[300];
    snprintf(body, sizeof body,
             "login_token=%s&username=insp&password=password-insp&next=%%2F&resume_action=%s"
             "&resume%%3Aversion=1&resume%%3Ablock=headline&resume%%3Atext=Typed+before+it+lapsed",
             tok, path);
    snprintf(ch, sizeof ch, "Cookie: %s", lc);
    const char *h[] = {ch, NULL};
    assert_int_equal(t_http_ct(S.srv.port, "POST", "/login", "application/x-www-form-urlencoded", body, h, &r), 0);
    assert_int_equal(r.status, 200);
    char sc[200], csrf[160], text[120];
    assert_int_equal(t_set_cookie(&r, "ov_session", sc, sizeof sc, NULL, 0), 0);
    assert_int_equal(t_field_value(r.body, "csrf_token", csrf, sizeof csrf), 0);
    assert_int_equal(t_field_value(r.body, "text", text, sizeof text), 0);
    assert_string_equal(text, "Typed before it lapsed");
    char form_action[200];
    snprintf(form_action, sizeof form_action, "action=\"%s\"", path);
    assert_non_null(strstr(r.body, form_action));
    t_http_free(&r);
    /* sent: the edit is made */
    snprintf(body, sizeof body, "csrf_token=%s&version=1&block=headline&text=Typed+before+it+lapsed", csrf);
    snprintf(ch, sizeof ch, "Cookie: %s", sc);
    assert_int_equal(t_http_ct(S.srv.port, "POST", path, "application/x-www-form-urlencoded", body, h, &r), 0);
    assert_int_equal(r.status, 303);
    t_http_free(&r);
    snprintf(path, sizeof path, "/api/v1/releases/%lld", id);
    m = t_call_as(&S, FX.insp, "GET", path, NULL, NULL, 200, NULL);
    assert_string_equal(s_of(m, "headline"), "Typed before it lapsed");
    json_decref(m);
}

/* Item 5: a form with a missing field and dates out of order names both
 * at once, keeping what was typed. */
static void every_error_at_once(void **state)
{
    (void)state;
    t_session_t s;
    assert_int_equal(t_login_form(&S, "insp", NULL, &s), 0);
    t_http_t r;
    t_submit(&S, &s, "/record/inspections",
             "body=met&kind=peel&fieldwork_start=2023-05&fieldwork_end=2023-01&published_on=2022-12", 422, &r);
    assert_non_null(strstr(r.body, "Title is required"));
    assert_non_null(strstr(r.body, "Fieldwork end (2023-01) is before fieldwork_start (2023-05)"));
    assert_non_null(strstr(r.body, "Published on (2022-12) is before fieldwork_start (2023-05)"));
    /* the date typed comes back in its day, month and year fields */
    assert_non_null(strstr(r.body, "name=\"fieldwork_end-year\" value=\"2023\""));
    assert_true(strstr(r.body, "name=\"fieldwork_end-month\" value=\"01\"")
                || strstr(r.body, "name=\"fieldwork_end-month\" value=\"1\""));
    t_http_free(&r);
}

/* The header's "Log in" comes back to the page with its query. */
static void login_link_keeps_the_query(void **state)
{
    (void)state;
    t_http_t r;
    json_decref(t_call(&S, "GET", "/recommendations?status=closed&body=met", NULL, HTML, 200, &r));
    assert_non_null(strstr(r.body, "/login?next=%2Frecommendations%3Fstatus%3Dclosed%26body%3Dmet"));
    t_http_free(&r);
    /* a cached page answers every visitor: one visitor's unread query
     * argument never reaches another visitor's "Log in" link */
    json_decref(t_call(&S, "GET", "/bodies/met?from=secret-campaign", NULL, HTML, 200, &r));
    assert_non_null(strstr(r.body, "secret-campaign"));
    t_http_free(&r);
    json_decref(t_call(&S, "GET", "/bodies/met", NULL, HTML, 200, &r));
    assert_null(strstr(r.body, "secret-campaign"));
    t_http_free(&r);
    json_decref(t_call(&S, "GET", "/recommendations?status=closed&status=open&x=secret-two", NULL, HTML, 200, &r));
    t_http_free(&r);
    json_decref(t_call(&S, "GET", "/recommendations?status=closed", NULL, HTML, 200, &r));
    assert_null(strstr(r.body, "secret-two"));
    t_http_free(&r);
    /* never elsewhere than this site */
    json_decref(t_call(&S, "GET", "/login?next=%2F%2Fevil.example", NULL, HTML, 200, &r));
    assert_null(strstr(r.body, "evil.example"));
    t_http_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(demo_release_is_public),
        cmocka_unit_test(draft_edit_approve_publish),
        cmocka_unit_test(release_forms),
        cmocka_unit_test(lapsed_session_keeps_the_form),
        cmocka_unit_test(every_error_at_once),
        cmocka_unit_test(login_link_keeps_the_query),
    };
    return cmocka_run_group_tests_name("releases", tests, setup, teardown);
}
