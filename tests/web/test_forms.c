/*
 * test_forms.c: the HTML forms over HTTP (the real server on the demo
 * database): logging in and out, the CSRF token of every form, the generic
 * entity form (errors next to their fields, values kept, nothing stored on
 * error, the stale-version message), the actions, and who may do what;
 * the links of the pages to those forms, HMCI's phase decision, evidence
 * uploads (multipart/form-data) and the wording that hides other bodies'
 * items.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "support/support.h"

static t_site_t S;
static struct {
    char inspector[160];          /* Bearer header of an inspector, for API checks */
} FX;

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "forms.db", T_SITE_DEMO) != 0) return -1;
    char token[128];
    if (t_user_bearer(S.db, "insp", "inspector", NULL, FX.inspector) != 0) return -1;
    if (t_user_token(S.db, "kentuser", "body", "kent", token) != 0) return -1;
    if (t_user_token(S.db, "essexuser", "body", "essex", token) != 0) return -1;
    if (t_user_token(S.db, "chief", "hmci", NULL, token) != 0) return -1;
    return t_site_serve(&S, t_today);
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

typedef struct { char *p; size_t len; } grow_t;

static size_t collect(char *data, size_t size, size_t n, void *ud)
{
    grow_t *g = ud;
    char *p = realloc(g->p, g->len + size * n + 1);
    if (!p) return 0;
    memcpy(p + g->len, data, size * n);
    g->len += size * n;
    p[g->len] = '\0';
    g->p = p;
    return size * n;
}

/* Opens the login page: its ov_login cookie (as a "Cookie:" line) and the form's token. */
static void login_page(char cookie[100], char token[100])
{
    t_http_t r;
    char value[80];
    t_get(&S, "/login", NULL, 200, &r);
    assert_int_equal(t_set_cookie(&r, "ov_login", value, sizeof value, NULL, 0), 0);
    snprintf(cookie, 100, "Cookie: %s", value);
    assert_int_equal(t_field_value(r.body, "login_token", token, 100), 0);
    t_http_free(&r);
}

/* How many rows of entity the API lists for body. */
static size_t api_count(const char *entity, const char *body)
{
    char path[160];
    snprintf(path, sizeof path, "/api/v1/%s?body=%s&limit=1000", entity, body);
    const char *headers[] = {FX.inspector, NULL};
    json_t *j = t_call(&S, "GET", path, NULL, headers, 200, NULL);
    assert_non_null(j);
    size_t n = json_array_size(json_object_get(j, "items"));
    json_decref(j);
    return n;
}

static json_t *api_get(const char *path)
{
    const char *headers[] = {FX.inspector, NULL};
    json_t *j = t_call(&S, "GET", path, NULL, headers, 200, NULL);
    assert_non_null(j);
    return j;
}

/* The text of the form group of field name (<div ... id="g-NAME"> to </div>). */
static char *group_of(const char *html, const char *name)
{
    char needle[80];
    snprintf(needle, sizeof needle, "id=\"g-%s\"", name);
    const char *at = strstr(html, needle);
    if (!at) return NULL;
    const char *end = strstr(at, "</div>");
    return end ? strndup(at, (size_t)(end - at)) : NULL;
}

/* The id at the end of a Location such as /record/inspections/12?saved=1. */
static long long location_id(const t_http_t *r, const char *prefix)
{
    char loc[200];
    assert_int_equal(t_http_header(r, "Location", loc, sizeof loc), 0);
    assert_int_equal(strncmp(loc, prefix, strlen(prefix)), 0);
    return atoll(loc + strlen(prefix));
}

static void test_login_wrong_password(void **state)
{
    (void)state;
    char lc[100], tok[100], body[300], v[100];
    login_page(lc, tok);
    snprintf(body, sizeof body, "login_token=%s&username=insp&password=not-the-password&next=%%2F", tok);
    t_http_t r;
    t_form(&S, "POST", "/login", lc, body, 0, &r);
    assert_int_equal(r.status, 401);
    /* the message sits in the password field's group; the username is kept */
    char *g = group_of(r.body, "password");
    assert_non_null(g);
    assert_non_null(strstr(g, "class=\"govuk-error-message\""));
    assert_non_null(strstr(g, "Wrong username or password"));
    free(g);
    assert_int_equal(t_field_value(r.body, "username", v, sizeof v), 0);
    assert_string_equal(v, "insp");
    assert_int_equal(t_set_cookie(&r, "ov_session", v, sizeof v, NULL, 0), -1);
    t_http_free(&r);

    /* an empty username is named next to its field */
    login_page(lc, tok);
    snprintf(body, sizeof body, "login_token=%s&username=&password=x", tok);
    t_form(&S, "POST", "/login", lc, body, 0, &r);
    assert_int_equal(r.status, 422);
    g = group_of(r.body, "username");
    assert_non_null(g);
    assert_non_null(strstr(g, "Enter your username"));
    free(g);
    t_http_free(&r);
}

static void test_login_needs_its_token(void **state)
{
    (void)state;
    char lc[100], tok[100];
    login_page(lc, tok);
    t_http_t r;
    /* no token, or a cookie that does not match: refused before the password is checked */
    t_form(&S, "POST", "/login", lc, "username=insp&password=password-insp", 0, &r);
    assert_int_equal(r.status, 403);
    t_http_free(&r);
    char body[300];
    snprintf(body, sizeof body, "login_token=%s&username=insp&password=password-insp", tok);
    t_form(&S, "POST", "/login", "Cookie: ov_login=00000000000000000000000000000000", body, 0, &r);
    assert_int_equal(r.status, 403);
    t_http_free(&r);
}

static void test_login_cookie_and_redirect(void **state)
{
    (void)state;
    char lc[100], tok[100], body[400], value[200], attrs[300];
    login_page(lc, tok);
    /* next must be a local path: another site's address goes to "/" */
    snprintf(body, sizeof body, "login_token=%s&username=insp&password=password-insp&next=%%2F%%2Fevil.example", tok);
    t_http_t r;
    t_form(&S, "POST", "/login", lc, body, 0, &r);
    assert_int_equal(r.status, 303);
    char loc[200];
    assert_int_equal(t_http_header(&r, "Location", loc, sizeof loc), 0);
    assert_string_equal(loc, "/");
    assert_int_equal(t_set_cookie(&r, "ov_session", value, sizeof value, attrs, sizeof attrs), 0);
    assert_non_null(strstr(attrs, "HttpOnly"));
    assert_non_null(strstr(attrs, "SameSite=Strict"));
    assert_null(strstr(attrs, "Secure"));
    t_http_free(&r);
    /* the session is the API's: /api/v1/me knows it */
    char cookie[220];
    snprintf(cookie, sizeof cookie, "Cookie: %s", value);
    t_get(&S, "/api/v1/me", cookie, 200, &r);
    assert_non_null(strstr(r.body, "\"insp\""));
    t_http_free(&r);
    /* a form page asked for without a session sends the browser to log in, then back */
    t_get(&S, "/record/inspections/new?body=kent", NULL, 303, &r);
    assert_int_equal(t_http_header(&r, "Location", loc, sizeof loc), 0);
    assert_string_equal(loc, "/login?next=%2Frecord%2Finspections%2Fnew%3Fbody%3Dkent");
    t_http_free(&r);
}

static void test_secure_cookies(void **state)
{
    (void)state;
    t_site_t secure = S;   /* another server on the site's database */
    const char *extra[] = {"--secure-cookies", NULL};
    assert_int_equal(t_site_serve(&secure, extra), 0);
    t_http_t r;
    t_get(&secure, "/login", NULL, 0, &r);
    char lc[100], lch[120], tok[100], body[300], value[200], attrs[300];
    assert_int_equal(t_set_cookie(&r, "ov_login", lc, sizeof lc, attrs, sizeof attrs), 0);
    snprintf(lch, sizeof lch, "Cookie: %s", lc);
    assert_non_null(strstr(attrs, "; Secure"));
    assert_int_equal(t_field_value(r.body, "login_token", tok, sizeof tok), 0);
    t_http_free(&r);
    snprintf(body, sizeof body, "login_token=%s&username=insp&password=password-insp", tok);
    t_form(&secure, "POST", "/login", lch, body, 0, &r);
    assert_int_equal(r.status, 303);
    assert_int_equal(t_set_cookie(&r, "ov_session", value, sizeof value, attrs, sizeof attrs), 0);
    assert_non_null(strstr(attrs, "; Secure"));
    assert_non_null(strstr(attrs, "HttpOnly"));
    t_http_free(&r);
    assert_int_equal(t_server_stop(&secure.srv), 0);
}

static void test_csrf_missing_is_403(void **state)
{
    (void)state;
    t_session_t s;
    assert_int_equal(t_login_form(&S, "insp", NULL, &s), 0);
    size_t before = api_count("inspections", "kent");
    t_http_t r;
    t_form(&S, "POST", "/record/inspections", s.cookie, "body=kent&kind=peel&title=No+token", 0, &r);
    assert_int_equal(r.status, 403);
    assert_non_null(strstr(r.body, "<!DOCTYPE html>"));
    t_http_free(&r);
    t_form(&S, "POST", "/record/inspections", s.cookie, "csrf_token=wrong&body=kent&kind=peel&title=Bad+token", 0, &r);
    assert_int_equal(r.status, 403);
    t_http_free(&r);
    /* the actions and logout check it too */
    t_form(&S, "POST", "/logout", s.cookie, "x=1", 0, &r);
    assert_int_equal(r.status, 403);
    t_http_free(&r);
    assert_int_equal(api_count("inspections", "kent"), before);
    /* without a session at all */
    t_form(&S, "POST", "/record/inspections", NULL, "body=kent&kind=peel&title=Anon", 0, &r);
    assert_int_equal(r.status, 403);
    t_http_free(&r);
    assert_int_equal(api_count("inspections", "kent"), before);
}

static void test_bad_date_rerenders(void **state)
{
    (void)state;
    t_session_t s;
    assert_int_equal(t_login_form(&S, "insp", NULL, &s), 0);
    size_t before = api_count("inspections", "kent");
    t_http_t r;
    t_submit(&S, &s, "/record/inspections",
           "body=kent&kind=thematic&title=Kept+%3Ctitle%3E&fieldwork_start-day=45&fieldwork_start-month=13"
           "&fieldwork_start-year=2024&commissioned_by=MOPAC", 422, &r);
    char *g = group_of(r.body, "fieldwork_start");
    assert_non_null(g);
    assert_non_null(strstr(g, "class=\"govuk-error-message\""));
    assert_non_null(strstr(g, "Fieldwork start must be a real date"));
    /* what was typed stays, the month (the first part at fault) marked */
    assert_non_null(strstr(g, "name=\"fieldwork_start-day\" value=\"45\">"));
    free(g);
    assert_non_null(strstr(r.body, "name=\"fieldwork_start-month\" value=\"13\" aria-invalid=\"true\">"));
    assert_non_null(strstr(r.body, "name=\"fieldwork_start-year\" value=\"2024\">"));
    assert_non_null(strstr(r.body, "<a href=\"#f-fieldwork_start-month\">Fieldwork start must be a real date</a>"));
    /* other fields keep their values, escaped, and carry no error */
    g = group_of(r.body, "title");
    assert_non_null(g);
    assert_non_null(strstr(g, "value=\"Kept &lt;title&gt;\""));
    assert_null(strstr(g, "error-message"));
    free(g);
    g = group_of(r.body, "kind");
    assert_non_null(strstr(g, "<option value=\"thematic\" selected>"));
    free(g);
    assert_non_null(strstr(r.body, "There is a problem"));
    t_http_free(&r);
    assert_int_equal(api_count("inspections", "kent"), before);

    /* a missing required field and a bad one: both named */
    t_submit(&S, &s, "/record/inspections", "body=kent&kind=&title=x&url=ftp%3A%2F%2Fx", 422, &r);
    g = group_of(r.body, "kind");
    assert_non_null(strstr(g, "Kind is required"));
    free(g);
    g = group_of(r.body, "url");
    assert_non_null(strstr(g, "URL must be an http(s) URL"));
    free(g);
    t_http_free(&r);
    /* dates in the wrong order come back from the store, by the later field */
    t_submit(&S, &s, "/record/inspections", "body=kent&kind=peel&title=x&fieldwork_start=2024-05&published_on=2024-01-10",
           422, &r);
    g = group_of(r.body, "published_on");
    assert_non_null(g);
    assert_non_null(strstr(g, "is before"));
    free(g);
    t_http_free(&r);
    assert_int_equal(api_count("inspections", "kent"), before);
}

static void test_record_and_stale_version(void **state)
{
    (void)state;
    t_session_t s, other;
    assert_int_equal(t_login_form(&S, "insp", NULL, &s), 0);
    assert_int_equal(t_login_form(&S, "insp", NULL, &other), 0);
    t_http_t r;
    t_submit(&S, &s, "/record/inspections", "body=kent&kind=peel&title=Forms+inspection&published_on=2025-03", 303, &r);
    long long insp = location_id(&r, "/record/inspections/");
    t_http_free(&r);
    char path[160], fields[600], v1[32];
    snprintf(path, sizeof path, "/record/inspections/%lld?saved=1", insp);
    t_get(&S, path, s.cookie, 200, &r);
    assert_non_null(strstr(r.body, "Forms inspection"));
    assert_non_null(strstr(r.body, "March 2025"));
    t_http_free(&r);

    /* two people open the edit form; the first to save wins */
    snprintf(path, sizeof path, "/record/inspections/%lld/edit", insp);
    t_get(&S, path, s.cookie, 200, &r);
    assert_int_equal(t_field_value(r.body, "version", v1, sizeof v1), 0);
    assert_non_null(strstr(r.body, "value=\"Forms inspection\""));
    t_http_free(&r);
    snprintf(path, sizeof path, "/record/inspections/%lld", insp);
    snprintf(fields, sizeof fields, "version=%s&kind=peel&title=Renamed+first&published_on=2025-03", v1);
    t_submit(&S, &other, path, fields, 303, &r);
    t_http_free(&r);
    snprintf(fields, sizeof fields, "version=%s&kind=peel&title=Renamed+second&published_on=2025-03", v1);
    t_submit(&S, &s, path, fields, 412, &r);
    assert_non_null(strstr(r.body, "changed by someone else"));
    assert_non_null(strstr(r.body, "reload"));
    assert_non_null(strstr(r.body, "value=\"Renamed second\""));   /* what they typed is kept */
    t_http_free(&r);
    snprintf(path, sizeof path, "/api/v1/inspections/%lld", insp);
    json_t *row = api_get(path);
    assert_string_equal(json_string_value(json_object_get(row, "title")), "Renamed first");
    json_decref(row);
}

static void test_actions_and_permissions(void **state)
{
    (void)state;
    t_session_t insp, kent, essex;
    assert_int_equal(t_login_form(&S, "insp", NULL, &insp), 0);
    assert_int_equal(t_login_form(&S, "kentuser", NULL, &kent), 0);
    assert_int_equal(t_login_form(&S, "essexuser", NULL, &essex), 0);
    t_http_t r;
    char path[200], fields[800];

    /* an inspection, a cause of concern and a recommendation for kent */
    t_submit(&S, &insp, "/record/inspections", "body=kent&kind=peel&title=Action+test&published_on=2025-02", 303, &r);
    long long insp_id = location_id(&r, "/record/inspections/");
    t_http_free(&r);
    snprintf(fields, sizeof fields,
             "body=kent&inspection_id=%lld&title=Crime+data&text=Crime+is+not+recorded+well&issued_on=2025-02&accelerated=1",
             insp_id);
    t_submit(&S, &insp, "/record/causes-of-concern", fields, 303, &r);
    long long cause = location_id(&r, "/record/causes-of-concern/");
    t_http_free(&r);
    snprintf(fields, sizeof fields,
             "body=kent&cause_id=%lld&number=1&addressee=Chief+Constable&text=Fix+crime+recording&issued_on=2025-02-10"
             "&original_deadline=2025-08",
             cause);
    t_submit(&S, &insp, "/record/recommendations", fields, 303, &r);
    long long rec = location_id(&r, "/record/recommendations/");
    t_http_free(&r);
    snprintf(path, sizeof path, "/api/v1/causes-of-concern/%lld", cause);
    json_t *row = api_get(path);
    assert_true(json_is_true(json_object_get(row, "accelerated")));
    json_decref(row);

    /* the body's user may not record inspections, nor anything for another body */
    t_get(&S, "/record/inspections/new?body=kent", kent.cookie, 403, &r);
    t_http_free(&r);
    t_submit(&S, &kent, "/record/inspections", "body=kent&kind=peel&title=By+the+force", 403, &r);
    t_http_free(&r);
    t_get(&S, "/record/progress-updates/new?body=kent", essex.cookie, 403, &r);
    t_http_free(&r);
    snprintf(path, sizeof path, "/record/recommendations/%lld", rec);
    t_get(&S, path, essex.cookie, 403, &r);
    t_http_free(&r);
    snprintf(path, sizeof path, "/record/recommendations/%lld/status", rec);
    t_get(&S, path, essex.cookie, 403, &r);
    t_http_free(&r);
    /* nor close, nor revise the deadline of its own */
    snprintf(path, sizeof path, "/record/causes-of-concern/%lld/close", cause);
    t_get(&S, path, kent.cookie, 403, &r);
    t_http_free(&r);
    snprintf(path, sizeof path, "/record/recommendations/%lld/deadline", rec);
    t_get(&S, path, kent.cookie, 403, &r);
    t_http_free(&r);

    /* it submits progress on its own recommendation */
    snprintf(path, sizeof path, "/record/progress-updates/new?recommendation_id=%lld", rec);
    t_get(&S, path, kent.cookie, 200, &r);
    assert_non_null(strstr(r.body, "name=\"submitted_on-year\" value=\"2026\""));   /* submitted today */
    t_http_free(&r);
    snprintf(fields, sizeof fields, "body=kent&recommendation_id=%lld&submitted_on=2025-06-01&author=DCC&text=Audit+done",
             rec);
    t_submit(&S, &kent, "/record/progress-updates", fields, 303, &r);
    long long update = location_id(&r, "/record/progress-updates/");
    t_http_free(&r);
    assert_int_equal(api_count("progress-updates", "kent") >= 1, 1);

    /* it claims implemented: the evidence is asked for */
    snprintf(path, sizeof path, "/record/recommendations/%lld/status", rec);
    t_get(&S, path, kent.cookie, 200, &r);
    char version[32];
    assert_int_equal(t_field_value(r.body, "version", version, sizeof version), 0);
    assert_null(strstr(r.body, "value=\"closed\""));   /* a body's user cannot close */
    t_http_free(&r);
    snprintf(fields, sizeof fields, "version=%s&to=implemented&on=2025-07-01&reason=", version);
    t_submit(&S, &kent, path, fields, 422, &r);
    char *g = group_of(r.body, "reason");
    assert_non_null(strstr(g, "Give the evidence"));
    free(g);
    t_http_free(&r);
    /* closing is refused by the rules even when posted */
    snprintf(fields, sizeof fields, "version=%s&to=closed&on=2025-07-01&reason=x", version);
    t_submit(&S, &kent, path, fields, 403, &r);
    t_http_free(&r);
    snprintf(fields, sizeof fields, "version=%s&to=implemented&on=2025-07-01&reason=New+crime+audit+at+95%%25", version);
    t_submit(&S, &kent, path, fields, 303, &r);
    t_http_free(&r);

    /* the inspector revises the deadline (stale version: refused), then closes */
    snprintf(path, sizeof path, "/record/recommendations/%lld/deadline", rec);
    snprintf(fields, sizeof fields, "version=%s&new_deadline=2025-10&reason=Agreed&agreed_by=HMI&agreed_on=2025-06", version);
    t_submit(&S, &insp, path, fields, 412, &r);
    assert_non_null(strstr(r.body, "changed by someone else"));
    t_http_free(&r);
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld", rec);
    row = api_get(path);
    assert_string_equal(json_string_value(json_object_get(row, "status")), "implemented");
    long long v = json_integer_value(json_object_get(row, "version"));
    json_decref(row);
    snprintf(path, sizeof path, "/record/recommendations/%lld/deadline", rec);
    snprintf(fields, sizeof fields, "version=%lld&new_deadline=2025-13&reason=Agreed&agreed_by=HMI&agreed_on=2025-06", v);
    t_submit(&S, &insp, path, fields, 422, &r);
    g = group_of(r.body, "new_deadline");
    assert_non_null(strstr(g, "error-message"));
    free(g);
    t_http_free(&r);
    snprintf(path, sizeof path, "/record/recommendations/%lld/status", rec);
    /* closing asks for the outcome, the reason and what it rests on: every error at once */
    snprintf(fields, sizeof fields, "version=%lld&to=closed&on=2025-09-01&reason=+&outcome=&implemented_on=2025-09-01", v);
    t_submit(&S, &insp, path, fields, 422, &r);
    g = group_of(r.body, "outcome");
    assert_non_null(strstr(g, "Choose the outcome"));
    free(g);
    g = group_of(r.body, "reason");
    assert_non_null(strstr(g, "Give the reason for closing"));
    free(g);
    g = group_of(r.body, "revisit_id");
    assert_non_null(strstr(g, "what the closure rests on"));
    free(g);
    t_http_free(&r);
    snprintf(fields, sizeof fields,
             "version=%lld&to=closed&on=2025-09-01&reason=Verified&outcome=implemented&implemented_on=2025-08-30"
             "&progress_update_id=%lld", v, update);
    t_submit(&S, &insp, path, fields, 200, &r);   /* check your answers */
    assert_non_null(strstr(r.body, "Check your answers before you close it"));
    assert_non_null(strstr(r.body, "<dt class=\"govuk-summary-list__key\">Implemented on (accepted by the inspectorate)</dt><dd class=\"govuk-summary-list__value\">30 August 2025</dd>"));
    assert_non_null(strstr(r.body, "<dt class=\"govuk-summary-list__key\">Reason for closing</dt><dd class=\"govuk-summary-list__value\">Verified</dd>"));
    /* its cause's inspection is published (2025-02): the publication rule makes it public */
    assert_non_null(strstr(r.body, "<strong>Public:</strong> the report that carries this recommendation is published"));
    t_http_free(&r);
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld", rec);
    row = api_get(path);
    assert_string_equal(json_string_value(json_object_get(row, "status")), "implemented");   /* nothing yet */
    json_decref(row);
    snprintf(path, sizeof path, "/record/recommendations/%lld/status", rec);
    snprintf(fields, sizeof fields,
             "version=%lld&to=closed&on=2025-09-01&reason=Verified&outcome=implemented&implemented_on=2025-08-30"
             "&progress_update_id=%lld&confirm=yes", v, update);
    t_submit(&S, &insp, path, fields, 200, &r);
    assert_non_null(strstr(r.body, "Recommendation 1 is closed"));
    t_http_free(&r);
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld", rec);
    row = api_get(path);
    assert_string_equal(json_string_value(json_object_get(row, "status")), "closed");
    assert_string_equal(json_string_value(json_object_get(row, "outcome")), "implemented");
    assert_string_equal(json_string_value(json_object_get(row, "implemented_on")), "2025-08-30");
    assert_int_equal(json_integer_value(json_object_get(row, "closing_progress_update_id")), update);
    assert_string_equal(json_string_value(json_object_get(row, "original_deadline")), "2025-08");
    json_decref(row);

    /* the cause of concern closes now that its recommendation is closed */
    snprintf(path, sizeof path, "/api/v1/causes-of-concern/%lld", cause);
    row = api_get(path);
    v = json_integer_value(json_object_get(row, "version"));
    json_decref(row);
    snprintf(path, sizeof path, "/record/causes-of-concern/%lld/close", cause);
    snprintf(fields, sizeof fields, "version=%lld&on=2025-09-02&outcome=implemented&reason=Recording+audited&"
             "progress_update_id=%lld&confirm=yes", v, update);
    t_submit(&S, &insp, path, fields, 200, &r);
    assert_non_null(strstr(r.body, "The cause of concern is closed"));
    t_http_free(&r);
    snprintf(path, sizeof path, "/api/v1/causes-of-concern/%lld", cause);
    row = api_get(path);
    assert_string_equal(json_string_value(json_object_get(row, "status")), "closed");
    assert_string_equal(json_string_value(json_object_get(row, "closed_by")), "insp");
    json_decref(row);
}

/* POSTs multipart/form-data (as a browser's file form does) with a Cookie
 * line (NULL: none): the csrf token (NULL: none) and a file part "file" of
 * len bytes (data NULL: no file part). Redirects are not followed. */
static void post_file(const char *path, const char *cookie, const char *csrf, const char *filename, const void *data,
                      size_t len, t_http_t *out)
{
    memset(out, 0, sizeof *out);
    CURL *c = curl_easy_init();
    assert_non_null(c);
    char url[1024];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", S.srv.port, path);
    grow_t b = {calloc(1, 1), 0}, h = {calloc(1, 1), 0};
    struct curl_slist *hl = NULL;
    if (cookie) hl = curl_slist_append(hl, cookie);
    curl_mime *mime = curl_mime_init(c);
    if (csrf) {
        curl_mimepart *p = curl_mime_addpart(mime);
        curl_mime_name(p, "csrf_token");
        curl_mime_data(p, csrf, CURL_ZERO_TERMINATED);
    }
    if (data) {
        curl_mimepart *p = curl_mime_addpart(mime);
        curl_mime_name(p, "file");
        curl_mime_data(p, data, len);
        curl_mime_filename(p, filename);
        curl_mime_type(p, "application/pdf");
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &h);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    CURLcode rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
    curl_mime_free(mime);
    curl_slist_free_all(hl);
    curl_easy_cleanup(c);
    out->body = b.p;
    out->len = b.len;
    out->headers = h.p;
    /* a body over the cap may be cut off once the 413 is sent */
    if (rc != CURLE_OK && out->status != 413) fprintf(stderr, "POST %s: %s\n", path, curl_easy_strerror(rc));
    assert_true(rc == CURLE_OK || out->status == 413);
}

/* issue #17 item 6 (7): a progress update with a file, sent when the
 * session had lapsed: the login page keeps its text (not the file, and
 * says so); logging in from it gives the form again, filled, saying the
 * file must be added again. */
static void test_lapsed_multipart_keeps_text(void **state)
{
    (void)state;
    t_http_t r;
    memset(&r, 0, sizeof r);
    CURL *c = curl_easy_init();
    assert_non_null(c);
    char url[256];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/record/progress-updates", S.srv.port);
    grow_t b = {calloc(1, 1), 0}, h = {calloc(1, 1), 0};
    curl_mime *mime = curl_mime_init(c);
    static const char *const TEXT[][2] = {{"csrf_token", "old"}, {"body", "kent"},
                                          {"text", "Typed before it lapsed"}, {"author", "Kent's analyst"}};
    for (size_t i = 0; i < sizeof TEXT / sizeof TEXT[0]; i++) {
        curl_mimepart *p = curl_mime_addpart(mime);
        curl_mime_name(p, TEXT[i][0]);
        curl_mime_data(p, TEXT[i][1], CURL_ZERO_TERMINATED);
    }
    curl_mimepart *p = curl_mime_addpart(mime);
    curl_mime_name(p, "file");
    curl_mime_data(p, "%PDF-1.4\n", 9);
    curl_mime_filename(p, "evidence.pdf");
    curl_mime_type(p, "application/pdf");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &h);
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    assert_int_equal(curl_easy_perform(c), CURLE_OK);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    curl_mime_free(mime);
    curl_easy_cleanup(c);
    r.body = b.p;
    r.len = b.len;
    r.headers = h.p;
    assert_int_equal(r.status, 403);
    char kept[120], tok[100], lc[160], action[80];
    assert_int_equal(t_field_value(r.body, "resume:text", kept, sizeof kept), 0);
    assert_string_equal(kept, "Typed before it lapsed");
    assert_int_equal(t_field_value(r.body, "resume:files_not_kept", kept, sizeof kept), 0);
    assert_null(strstr(r.body, "name=\"resume:csrf_token\""));
    assert_non_null(strstr(r.body, "The files you chose cannot be kept"));
    assert_int_equal(t_set_cookie(&r, "ov_login", lc, sizeof lc, NULL, 0), 0);
    assert_int_equal(t_field_value(r.body, "login_token", tok, sizeof tok), 0);
    assert_int_equal(t_field_value(r.body, "resume_action", action, sizeof action), 0);
    assert_string_equal(action, "/record/progress-updates");
    t_http_free(&r);
    char body[600], ch[300];
    snprintf(body, sizeof body,
             "login_token=%s&username=kentuser&password=password-kentuser&next=%%2F&resume_action=%%2Frecord%%2F"
             "progress-updates&resume%%3Abody=kent&resume%%3Atext=Typed+before+it+lapsed&resume%%3Afiles_not_kept=1",
             tok);
    snprintf(ch, sizeof ch, "Cookie: %s", lc);
    const char *hd[] = {ch, NULL};
    assert_int_equal(t_http_ct(S.srv.port, "POST", "/login", "application/x-www-form-urlencoded", body, hd, &r), 0);
    assert_int_equal(r.status, 200);
    assert_int_equal(t_field_value(r.body, "text", kept, sizeof kept), 0);
    assert_string_equal(kept, "Typed before it lapsed");
    assert_non_null(strstr(r.body, "The files you had chosen could not be kept"));
    assert_null(strstr(r.body, "name=\"files_not_kept\""));
    t_http_free(&r);
}

/* A recommendation for kent recorded by the inspector; its id. */
static long long kent_recommendation(const t_session_t *insp, const char *number)
{
    char fields[400];
    t_http_t r;
    snprintf(fields, sizeof fields,
             "body=kent&number=%s&addressee=Chief+Constable&text=Answer+calls+faster&issued_on=2025-03-01"
             "&original_deadline=2025-09",
             number);
    t_submit(&S, insp, "/record/recommendations", fields, 303, &r);
    long long id = location_id(&r, "/record/recommendations/");
    t_http_free(&r);
    return id;
}

static void test_links_by_role(void **state)
{
    (void)state;
    t_session_t insp, kent, chief;
    assert_int_equal(t_login_form(&S, "insp", NULL, &insp), 0);
    assert_int_equal(t_login_form(&S, "kentuser", NULL, &kent), 0);
    assert_int_equal(t_login_form(&S, "chief", NULL, &chief), 0);
    t_http_t r;
    /* a visitor: a way to log in that comes back here, the letters, no record */
    t_get(&S, "/bodies/met", NULL, 200, &r);
    assert_non_null(strstr(r.body, "href=\"/login?next=%2Fbodies%2Fmet\">Log in</a>"));
    assert_non_null(strstr(r.body, "href=\"/letters\""));
    assert_null(strstr(r.body, "Log out"));
    assert_null(strstr(r.body, "/record/"));
    assert_null(strstr(r.body, "id=\"causes\""));
    assert_null(strstr(r.body, "id=\"readiness\""));
    t_http_free(&r);
    /* an inspector: who is logged in, the forms, no phase decision */
    t_get(&S, "/bodies/met", insp.cookie, 200, &r);
    assert_non_null(strstr(r.body, "<strong>insp</strong> (Inspector)"));
    assert_non_null(strstr(r.body, "href=\"/logout\">Log out</a>"));
    assert_null(strstr(r.body, ">Log in</a>"));
    assert_non_null(strstr(r.body, "href=\"/record/inspections/new?body=met\">Record an inspection</a>"));
    assert_non_null(strstr(r.body, "href=\"/record/revisits/new?body=met\""));
    assert_non_null(strstr(r.body, "href=\"/record/ppog-items/new?body=met\""));
    assert_non_null(strstr(r.body, "href=\"/record/areas-for-improvement/new?body=met\""));
    assert_non_null(strstr(r.body, "href=\"/record/external-reports/new\""));
    assert_non_null(strstr(r.body, "href=\"/record/indicators/new?body=met\""));
    assert_null(strstr(r.body, "Decide a phase change"));
    t_http_free(&r);
    /* HMCI: also the phase decision */
    t_get(&S, "/bodies/met", chief.cookie, 200, &r);
    assert_non_null(strstr(r.body, "(HMCI)"));
    assert_non_null(strstr(r.body, "href=\"/record/bodies/met/decision\">Decide a phase change</a>"));
    t_http_free(&r);
    /* a body's user: progress updates for its own body only */
    t_get(&S, "/bodies/kent", kent.cookie, 200, &r);
    assert_non_null(strstr(r.body, "href=\"/record/progress-updates/new?body=kent\""));
    assert_null(strstr(r.body, "Record an inspection"));
    assert_null(strstr(r.body, "Decide a phase change"));
    t_http_free(&r);
    t_get(&S, "/bodies/essex", kent.cookie, 200, &r);   /* the public page, no record */
    assert_null(strstr(r.body, "/record/"));
    t_http_free(&r);

    /* a recommendation's page: the actions each may take */
    long long rec = kent_recommendation(&insp, "7");
    char path[160], want[200];
    snprintf(path, sizeof path, "/recommendations/%lld", rec);
    t_get(&S, path, insp.cookie, 200, &r);
    snprintf(want, sizeof want, "href=\"/record/recommendations/%lld/deadline\">Revise the deadline</a>", rec);
    assert_non_null(strstr(r.body, want));
    snprintf(want, sizeof want, "href=\"/record/recommendations/%lld/status?to=closed\">Close</a>", rec);
    assert_non_null(strstr(r.body, want));
    assert_non_null(strstr(r.body, ">Update the status</a>"));
    assert_non_null(strstr(r.body, ">Add a progress update</a>"));
    t_http_free(&r);
    t_get(&S, path, kent.cookie, 200, &r);
    snprintf(want, sizeof want, "href=\"/record/recommendations/%lld/status?to=implemented\">Claim implemented</a>", rec);
    assert_non_null(strstr(r.body, want));
    snprintf(want, sizeof want, "href=\"/record/progress-updates/new?recommendation_id=%lld&amp;body=kent\">", rec);
    assert_non_null(strstr(r.body, want));
    assert_null(strstr(r.body, "Revise the deadline"));
    assert_null(strstr(r.body, ">Close</a>"));
    t_http_free(&r);
    /* the link's choice is made on the form */
    snprintf(path, sizeof path, "/record/recommendations/%lld/status?to=implemented", rec);
    t_get(&S, path, kent.cookie, 200, &r);
    assert_non_null(strstr(r.body, "<option value=\"implemented\" selected>"));
    t_http_free(&r);
    /* a cause of concern's page */
    t_get(&S, "/causes-of-concern/1", insp.cookie, 200, &r);
    assert_non_null(strstr(r.body, "/record/recommendations/new?cause_id=1&amp;body=met"));
    t_http_free(&r);
    t_get(&S, "/causes-of-concern/1", chief.cookie, 200, &r);
    assert_non_null(strstr(r.body, ">Add a recommendation</a>"));
    t_http_free(&r);
}

static void test_phase_decision(void **state)
{
    (void)state;
    t_session_t insp, chief;
    assert_int_equal(t_login_form(&S, "insp", NULL, &insp), 0);
    assert_int_equal(t_login_form(&S, "chief", NULL, &chief), 0);
    t_http_t r;
    char fields[1200], version[32];
    /* only HMCI may open or send the form */
    t_get(&S, "/record/bodies/dorset/decision", insp.cookie, 403, &r);
    t_http_free(&r);
    t_get(&S, "/record/bodies/no-such-body/decision", chief.cookie, 404, &r);
    t_http_free(&r);
    t_get(&S, "/record/bodies/dorset/decision", NULL, 303, &r);   /* log in first */
    t_http_free(&r);
    t_get(&S, "/record/bodies/dorset/decision", chief.cookie, 200, &r);
    assert_int_equal(t_field_value(r.body, "version", version, sizeof version), 0);
    assert_non_null(strstr(r.body, "<option value=\"engage\">Engage</option>"));
    assert_null(strstr(r.body, "<option value=\"scan\">"));   /* not the phase it is in */
    t_http_free(&r);
    const char *decision = "to_phase=engage&effective_on=2025-12-01&decided_by=HMCI&recommended_by=HMI"
                           "&rationale=Call+handling+is+inadequate&meeting=PPOG";
    snprintf(fields, sizeof fields, "version=%s&%s", version, decision);
    t_submit(&S, &insp, "/record/bodies/dorset/decision", fields, 403, &r);
    t_http_free(&r);
    /* the CSRF token is checked */
    char body[1300];
    snprintf(body, sizeof body, "%s", fields);
    t_form(&S, "POST", "/record/bodies/dorset/decision", chief.cookie, body, 0, &r);
    assert_int_equal(r.status, 403);
    t_http_free(&r);
    json_t *b = api_get("/api/v1/bodies/dorset");
    assert_string_equal(json_string_value(json_object_get(b, "phase")), "scan");
    json_decref(b);

    /* missing reasons and a bad date: by their fields, values kept */
    snprintf(fields, sizeof fields, "version=%s&to_phase=engage&effective_on=2025-13-01&decided_by=HMCI&rationale=",
             version);
    t_submit(&S, &chief, "/record/bodies/dorset/decision", fields, 422, &r);
    char *g = group_of(r.body, "rationale");
    assert_non_null(g);
    assert_non_null(strstr(g, "Give the reasons"));
    free(g);
    g = group_of(r.body, "decided_by");
    assert_non_null(strstr(g, "value=\"HMCI\""));
    free(g);
    t_http_free(&r);
    snprintf(fields, sizeof fields, "version=%s&to_phase=engage&effective_on=2025-13-01&decided_by=HMCI&rationale=x",
             version);
    t_submit(&S, &chief, "/record/bodies/dorset/decision", fields, 422, &r);
    g = group_of(r.body, "effective_on");
    assert_non_null(g);
    assert_non_null(strstr(g, "error-message"));
    free(g);
    t_http_free(&r);

    /* issue #13 finding 15: source_url is held to the one URL rule */
    snprintf(fields, sizeof fields, "version=%s&%s&source_url=javascript%%3Aalert(1)", version, decision);
    t_submit(&S, &chief, "/record/bodies/dorset/decision", fields, 422, &r);
    g = group_of(r.body, "source_url");
    assert_non_null(g);
    assert_non_null(strstr(g, "must be an http(s) URL"));
    free(g);
    t_http_free(&r);

    /* check your answers first: what will change, that it is public; nothing recorded yet */
    snprintf(fields, sizeof fields, "version=%s&%s", version, decision);
    t_submit(&S, &chief, "/record/bodies/dorset/decision", fields, 200, &r);
    assert_non_null(strstr(r.body, "Check your answers before you record the decision"));
    assert_non_null(strstr(r.body, "<dt class=\"govuk-summary-list__key\">Phase change</dt><dd class=\"govuk-summary-list__value\">From Scan to Engage</dd>"));
    assert_non_null(strstr(r.body, "<strong>Public:</strong>"));
    assert_non_null(strstr(r.body, "name=\"confirm\" value=\"yes\""));
    assert_non_null(strstr(r.body, "Change your answers"));
    t_http_free(&r);
    b = api_get("/api/v1/bodies/dorset");
    assert_string_equal(json_string_value(json_object_get(b, "phase")), "scan");
    json_decref(b);
    /* "Change your answers": the form again, filled as it was */
    snprintf(fields, sizeof fields, "version=%s&%s&back=1", version, decision);
    t_submit(&S, &chief, "/record/bodies/dorset/decision", fields, 200, &r);
    assert_non_null(strstr(r.body, "Call handling is inadequate"));
    assert_null(strstr(r.body, "Check your answers"));
    t_http_free(&r);
    /* confirmed: recorded, with a success message and a link to the body's page */
    snprintf(fields, sizeof fields, "version=%s&%s&confirm=yes", version, decision);
    t_submit(&S, &chief, "/record/bodies/dorset/decision", fields, 200, &r);
    assert_non_null(strstr(r.body, "The phase decision for Dorset Police is recorded"));
    assert_non_null(strstr(r.body, "href=\"/bodies/dorset#decisions\""));
    t_http_free(&r);
    b = api_get("/api/v1/bodies/dorset");
    assert_string_equal(json_string_value(json_object_get(b, "phase")), "engage");
    json_decref(b);
    t_get(&S, "/bodies/dorset", NULL, 200, &r);
    assert_non_null(strstr(r.body, "Call handling is inadequate"));
    t_http_free(&r);

    /* the same form sent again is stale: refused, nothing changes */
    snprintf(fields, sizeof fields, "version=%s&to_phase=scan&effective_on=2025-12-20&decided_by=HMCI&rationale=Back",
             version);
    t_submit(&S, &chief, "/record/bodies/dorset/decision", fields, 412, &r);   /* found before the check page */
    assert_non_null(strstr(r.body, "changed by someone else"));
    assert_non_null(strstr(r.body, "reload"));
    t_http_free(&r);
    b = api_get("/api/v1/bodies/dorset");
    assert_string_equal(json_string_value(json_object_get(b, "phase")), "engage");
    assert_int_equal(json_array_size(json_object_get(b, "decisions")), 1);
    json_decref(b);
}

static const char EVIDENCE[] = "PDF-ish\r\n--not-a-boundary\r\n\0\xff\xfe\r\n\r\nend";
#define EVIDENCE_LEN (sizeof EVIDENCE - 1)
#define EVIDENCE_SHA256 "39fa4c80cf53745d10b05d5127cf1c2b798a5e3418e778b36ec527f2d5168fe2"

static void test_evidence_upload(void **state)
{
    (void)state;
    t_session_t insp, kent, essex;
    assert_int_equal(t_login_form(&S, "insp", NULL, &insp), 0);
    assert_int_equal(t_login_form(&S, "kentuser", NULL, &kent), 0);
    assert_int_equal(t_login_form(&S, "essexuser", NULL, &essex), 0);
    t_http_t r;
    char path[200], fields[400];
    long long rec = kent_recommendation(&insp, "8");
    snprintf(fields, sizeof fields, "body=kent&recommendation_id=%lld&submitted_on=2025-06-01&author=DCC&text=Audit", rec);
    t_submit(&S, &kent, "/record/progress-updates", fields, 303, &r);
    long long pu = location_id(&r, "/record/progress-updates/");
    t_http_free(&r);

    /* its page has the upload form, with the CSRF token */
    snprintf(path, sizeof path, "/record/progress-updates/%lld", pu);
    t_get(&S, path, kent.cookie, 200, &r);
    assert_non_null(strstr(r.body, "enctype=\"multipart/form-data\""));
    assert_non_null(strstr(r.body, "type=\"file\" id=\"f-file\" name=\"file\""));
    t_http_free(&r);

    snprintf(path, sizeof path, "/record/progress-updates/%lld/evidence", pu);
    /* no CSRF token, or another body's user: refused, nothing stored */
    post_file(path, kent.cookie, NULL, "audit.pdf", EVIDENCE, EVIDENCE_LEN, &r);
    assert_int_equal(r.status, 403);
    t_http_free(&r);
    post_file(path, kent.cookie, "not-the-token", "audit.pdf", EVIDENCE, EVIDENCE_LEN, &r);
    assert_int_equal(r.status, 403);
    t_http_free(&r);
    post_file(path, essex.cookie, essex.token, "audit.pdf", EVIDENCE, EVIDENCE_LEN, &r);
    assert_int_equal(r.status, 404);   /* as if there were no such update */
    t_http_free(&r);
    /* no file, an empty one: said next to the field */
    post_file(path, kent.cookie, kent.token, NULL, NULL, 0, &r);
    assert_int_equal(r.status, 422);
    char *g = group_of(r.body, "file");
    assert_non_null(g);
    assert_non_null(strstr(g, "Choose a file"));
    free(g);
    t_http_free(&r);
    /* a bad file name */
    post_file(path, kent.cookie, kent.token, "..", EVIDENCE, EVIDENCE_LEN, &r);
    assert_int_equal(r.status, 422);
    t_http_free(&r);
    /* issue #13 finding 15: a name over 200 bytes was cut silently here
     * while the API refused it; now the form refuses it too, by the field,
     * and so a name with a bidirectional override */
    char longname[260];
    memset(longname, 'a', 246);
    snprintf(longname + 246, sizeof longname - 246, ".pdf");
    const struct { const char *name, *says; } names[] = {
        {longname, "The file name is 250 bytes long; at most 200 are allowed"},
        {"invoice_\xE2\x80\xAE" "fdp.exe", "The file name must not contain bidirectional control characters"},
        {"report\xE2\x81\xA6.pdf", "bidirectional"},
    };
    for (int i = 0; i < 3; i++) {
        post_file(path, kent.cookie, kent.token, names[i].name, EVIDENCE, EVIDENCE_LEN, &r);
        assert_int_equal(r.status, 422);
        g = group_of(r.body, "file");
        assert_non_null(g);
        if (!strstr(g, names[i].says)) fail_msg("'%s' not by the file field: %s", names[i].says, g);
        free(g);
        t_http_free(&r);
    }
    char q[160];
    snprintf(q, sizeof q, "/api/v1/evidence-files?progress_update_id=%lld", pu);
    json_t *list = api_get(q);
    assert_int_equal(json_array_size(json_object_get(list, "items")), 0);
    json_decref(list);

    /* stored with its SHA-256, binary bytes intact */
    post_file(path, kent.cookie, kent.token, "audit report.pdf", EVIDENCE, EVIDENCE_LEN, &r);
    if (r.status != 303) fprintf(stderr, "%.2000s\n", r.body);
    assert_int_equal(r.status, 303);
    char loc[200];
    assert_int_equal(t_http_header(&r, "Location", loc, sizeof loc), 0);
    t_http_free(&r);
    list = api_get(q);
    json_t *f = json_array_get(json_object_get(list, "items"), 0);
    assert_non_null(f);
    assert_string_equal(json_string_value(json_object_get(f, "filename")), "audit report.pdf");
    assert_string_equal(json_string_value(json_object_get(f, "sha256")), EVIDENCE_SHA256);
    assert_int_equal(json_integer_value(json_object_get(f, "size")), EVIDENCE_LEN);
    assert_string_equal(json_string_value(json_object_get(f, "uploaded_by")), "kentuser");
    long long fid = json_integer_value(json_object_get(f, "id"));
    json_decref(list);
    char href[120];
    snprintf(href, sizeof href, "/api/v1/evidence-files/%lld/content", fid);
    t_get(&S, href, kent.cookie, 200, &r);
    assert_int_equal(r.len, EVIDENCE_LEN);
    assert_memory_equal(r.body, EVIDENCE, EVIDENCE_LEN);
    t_http_free(&r);
    /* listed with its download link on the update's and the recommendation's pages */
    char want[200];
    snprintf(want, sizeof want, "<a href=\"%s\">audit report.pdf</a>", href);
    snprintf(path, sizeof path, "/record/progress-updates/%lld?attached=1", pu);
    t_get(&S, path, kent.cookie, 200, &r);
    assert_non_null(strstr(r.body, want));
    assert_non_null(strstr(r.body, EVIDENCE_SHA256));
    t_http_free(&r);
    snprintf(path, sizeof path, "/recommendations/%lld", rec);
    t_get(&S, path, kent.cookie, 200, &r);
    assert_non_null(strstr(r.body, want));
    t_http_free(&r);

    /* over the upload cap (20 MiB): 413, nothing stored */
    size_t big = (size_t)21 << 20;
    char *data = calloc(1, big);
    assert_non_null(data);
    snprintf(path, sizeof path, "/record/progress-updates/%lld/evidence", pu);
    post_file(path, kent.cookie, kent.token, "big.pdf", data, big, &r);
    free(data);
    assert_int_equal(r.status, 413);
    t_http_free(&r);
    list = api_get(q);
    assert_int_equal(json_array_size(json_object_get(list, "items")), 1);
    json_decref(list);
}

static void test_other_body_item_wording(void **state)
{
    (void)state;
    t_session_t insp, essex;
    assert_int_equal(t_login_form(&S, "insp", NULL, &insp), 0);
    assert_int_equal(t_login_form(&S, "essexuser", NULL, &essex), 0);
    long long rec = kent_recommendation(&insp, "9");
    t_http_t r, none;
    char path[200], fields[300];
    /* another body's recommendation reads exactly like one that does not exist */
    snprintf(path, sizeof path, "/record/progress-updates/new?recommendation_id=%lld", rec);
    t_get(&S, path, essex.cookie, 404, &r);
    t_get(&S, "/record/progress-updates/new?recommendation_id=999999", essex.cookie, 404, &none);
    assert_non_null(strstr(r.body, "No such recommendation"));
    assert_non_null(strstr(none.body, "No such recommendation"));
    assert_null(strstr(r.body, "kent"));
    t_http_free(&r);
    t_http_free(&none);
    snprintf(fields, sizeof fields, "recommendation_id=%lld&submitted_on=2025-06-01&author=x&text=y", rec);
    t_submit(&S, &essex, "/record/progress-updates", fields, 422, &r);
    char *g = group_of(r.body, "recommendation_id");
    assert_non_null(g);
    assert_non_null(strstr(g, "No such recommendation"));
    free(g);
    assert_null(strstr(r.body, "kent"));
    t_http_free(&r);
}

static void test_logout(void **state)
{
    (void)state;
    t_session_t s;
    assert_int_equal(t_login_form(&S, "insp", NULL, &s), 0);
    char fields[200], value[200], attrs[300];
    t_http_t r;
    snprintf(fields, sizeof fields, "csrf_token=%s", s.token);
    t_form(&S, "POST", "/logout", s.cookie, fields, 0, &r);
    assert_int_equal(r.status, 303);
    assert_int_equal(t_set_cookie(&r, "ov_session", value, sizeof value, attrs, sizeof attrs), 0);
    assert_string_equal(value, "ov_session=");
    assert_non_null(strstr(attrs, "Max-Age=0"));
    t_http_free(&r);
    /* the old cookie no longer works */
    t_get(&S, "/api/v1/me", s.cookie, 401, &r);
    t_http_free(&r);
}

/* Found by fuzz/fuzz_headers.c: a ?next= that is not valid UTF-8 could not
 * go into the page's JSON context, so GET /login answered 500. */
static void test_login_next_bad_utf8(void **state)
{
    (void)state;
    t_http_t r;
    t_get(&S, "/login?next=%2Frecord%2Finspe%E3tions%2Fnew", NULL, 200, &r);
    assert_non_null(strstr(r.body, "name=\"next\" value=\"/\""));
    t_http_free(&r);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_login_wrong_password),
        cmocka_unit_test(test_login_needs_its_token),
        cmocka_unit_test(test_login_cookie_and_redirect),
        cmocka_unit_test(test_secure_cookies),
        cmocka_unit_test(test_csrf_missing_is_403),
        cmocka_unit_test(test_bad_date_rerenders),
        cmocka_unit_test(test_record_and_stale_version),
        cmocka_unit_test(test_actions_and_permissions),
        cmocka_unit_test(test_links_by_role),
        cmocka_unit_test(test_phase_decision),
        cmocka_unit_test(test_evidence_upload),
        cmocka_unit_test(test_other_body_item_wording),
        cmocka_unit_test(test_logout),
        cmocka_unit_test(test_login_next_bad_utf8),
        cmocka_unit_test(test_lapsed_multipart_keeps_text),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    curl_global_cleanup();
    return rc;
}
