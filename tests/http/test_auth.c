/* test_auth.c: logins, sessions, CSRF, API tokens and throttling against
 * the real server, with accounts made by the real CLI. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "support/support.h"

typedef struct {
    char chief[160];      /* "Authorization: Bearer ..." for the hmci user "chief" */
} fx_t;

static fx_t FX;
static t_site_t S;

/* Runs the CLI with input on stdin; returns the exit status, output in r. */
static int cli(const char *input, t_run_t *r, const char *a1, const char *a2, const char *a3, const char *a4,
               const char *a5)
{
    char *argv[12] = {(char *)t_bin()};
    int n = 1;
    const char *args[] = {a1, a2, a3, a4, a5};
    for (int i = 0; i < 5 && args[i]; i++) argv[n++] = (char *)args[i];
    argv[n++] = "--db";
    argv[n++] = S.db;
    argv[n] = NULL;
    assert_int_equal(t_run_input(argv, NULL, input, r), 0);
    return r->status;
}

static int setup(void **state)
{
    if (t_site_init(&S, "auth.db", T_SITE_INIT) != 0) return -1;
    if (t_user_bearer(S.db, "chief", "hmci", NULL, FX.chief) != 0) return -1;
    if (t_site_serve(&S, NULL) != 0) return -1;
    *state = &FX;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

static void problem(t_http_t *r, json_t *j, long status, const char *needle)
{
    char type[128] = "";
    assert_int_equal(t_http_header(r, "Content-Type", type, sizeof type), 0);
    assert_string_equal(type, "application/problem+json");
    assert_int_equal(json_integer_value(json_object_get(j, "status")), status);
    const char *detail = json_string_value(json_object_get(j, "detail"));
    assert_non_null(detail);
    if (needle && !strstr(detail, needle)) fail_msg("detail '%s' lacks '%s'", detail, needle);
}

static void login(const char *user, const char *pw, t_session_t *s)
{
    assert_int_equal(t_login(&S, user, pw, s), 0);
}

static void add_user(const char *user, const char *role)
{
    char pw[80];
    snprintf(pw, sizeof pw, "password-%s\n", user);
    t_run_t r;
    if (cli(pw, &r, "user", "add", user, "--role", role) != 0) fail_msg("user add %s: %s", user, r.err);
    t_run_free(&r);
}

static void login_success_and_me(void **state)
{
    (void)state;
    t_session_t s;
    login("chief", "password-chief", &s);
    assert_non_null(strstr(s.set_cookie, "ov_session="));
    assert_non_null(strstr(s.set_cookie, "HttpOnly"));
    assert_non_null(strstr(s.set_cookie, "SameSite=Strict"));
    assert_non_null(strstr(s.set_cookie, "Path=/"));
    assert_null(strstr(s.set_cookie, "Secure"));
    const char *h[] = {s.cookie, NULL};
    t_http_t r;
    json_t *j = t_call(&S, "GET", "/api/v1/me", NULL, h, 200, &r);
    assert_string_equal(json_string_value(json_object_get(j, "username")), "chief");
    assert_string_equal(json_string_value(json_object_get(j, "role")), "hmci");
    assert_string_equal(json_string_value(json_object_get(j, "auth")), "session");
    assert_true(json_is_null(json_object_get(j, "body")));
    assert_string_equal(json_string_value(json_object_get(j, "csrf_token")), s.csrf + strlen("X-CSRF-Token: "));
    json_decref(j);
    t_http_free(&r);
    /* and with the Bearer token */
    const char *b[] = {FX.chief, NULL};
    j = t_call(&S, "GET", "/api/v1/me", NULL, b, 200, &r);
    assert_string_equal(json_string_value(json_object_get(j, "auth")), "token");
    assert_string_equal(json_string_value(json_object_get(j, "role")), "hmci");
    assert_null(json_object_get(j, "csrf_token"));
    json_decref(j);
    t_http_free(&r);
    /* anonymous */
    j = t_call(&S, "GET", "/api/v1/me", NULL, NULL, 401, &r);
    problem(&r, j, 401, NULL);
    json_decref(j);
    t_http_free(&r);
    /* a cleared cookie is no session; a made-up one is refused */
    const char *cleared[] = {"Cookie: theme=dark; ov_session=", NULL};
    j = t_call(&S, "GET", "/api/v1/me", NULL, cleared, 401, &r);
    problem(&r, j, 401, "not logged in");
    json_decref(j);
    t_http_free(&r);
    const char *forged[] = {"Cookie: theme=dark; ov_session=0123456789abcdef", NULL};
    j = t_call(&S, "GET", "/api/v1/me", NULL, forged, 401, &r);
    problem(&r, j, 401, "log in again");
    json_decref(j);
    t_http_free(&r);
}

static void login_failures_look_alike(void **state)
{
    (void)state;
    t_http_t r1, r2;
    json_t *a = t_call(&S, "POST", "/api/v1/session", "{\"username\":\"chief\",\"password\":\"not her password\"}", NULL, 401, &r1);
    json_t *b = t_call(&S, "POST", "/api/v1/session", "{\"username\":\"nobody\",\"password\":\"not her password\"}", NULL, 401, &r2);
    problem(&r1, a, 401, "wrong username or password");
    assert_string_equal(json_string_value(json_object_get(a, "detail")), json_string_value(json_object_get(b, "detail")));
    char sc[256];
    assert_int_equal(t_http_header(&r1, "Set-Cookie", sc, sizeof sc), -1);
    json_decref(a);
    json_decref(b);
    t_http_free(&r1);
    t_http_free(&r2);
    a = t_call(&S, "POST", "/api/v1/session", "{\"username\":\"chief\"}", NULL, 422, &r1);
    assert_string_equal(json_string_value(json_object_get(a, "field")), "password");
    json_decref(a);
    t_http_free(&r1);
    a = t_call(&S, "POST", "/api/v1/session", "{\"username\":\"chief\",\"password\":\"x\",\"role\":\"admin\"}", NULL, 422, &r1);
    assert_string_equal(json_string_value(json_object_get(a, "field")), "role");
    json_decref(a);
    t_http_free(&r1);
}

static void csrf_and_logout(void **state)
{
    (void)state;
    t_session_t s;
    login("chief", "password-chief", &s);
    const char *no_csrf[] = {s.cookie, NULL};
    const char *bad_csrf[] = {s.cookie, "X-CSRF-Token: 0000", NULL};
    const char *ok[] = {s.cookie, s.csrf, NULL};
    t_http_t r;
    json_t *j = t_call(&S, "DELETE", "/api/v1/session", NULL, no_csrf, 403, &r);
    problem(&r, j, 403, "X-CSRF-Token");
    json_decref(j);
    t_http_free(&r);
    j = t_call(&S, "DELETE", "/api/v1/session", NULL, bad_csrf, 403, &r);
    json_decref(j);
    t_http_free(&r);
    /* a cookie-session write elsewhere needs it too */
    const char *dec = "{\"to_phase\":\"engage\",\"decided_by\":\"HMCI\",\"effective_on\":\"2025-12-01\",\"rationale\":\"r\"}";
    j = t_call(&S, "POST", "/api/v1/bodies/cheshire/decisions", dec, no_csrf, 403, &r);
    json_decref(j);
    t_http_free(&r);
    j = t_call(&S, "GET", "/api/v1/me", NULL, no_csrf, 200, &r);   /* reads do not */
    json_decref(j);
    t_http_free(&r);
    /* logout ends the session and clears the cookie */
    j = t_call(&S, "DELETE", "/api/v1/session", NULL, ok, 204, &r);
    char sc[256];
    assert_int_equal(t_http_header(&r, "Set-Cookie", sc, sizeof sc), 0);
    assert_non_null(strstr(sc, "Max-Age=0"));
    json_decref(j);
    t_http_free(&r);
    j = t_call(&S, "GET", "/api/v1/me", NULL, no_csrf, 401, &r);
    problem(&r, j, 401, "log in again");
    json_decref(j);
    t_http_free(&r);
    j = t_call(&S, "DELETE", "/api/v1/session", NULL, ok, 401, &r);
    json_decref(j);
    t_http_free(&r);
    /* Bearer writes need no CSRF token; there is no session to end */
    const char *b[] = {FX.chief, NULL};
    j = t_call(&S, "DELETE", "/api/v1/session", NULL, b, 400, &r);
    json_decref(j);
    t_http_free(&r);
}

static void session_decision_with_csrf(void **state)
{
    (void)state;
    t_session_t s;
    login("chief", "password-chief", &s);
    const char *ok[] = {s.cookie, s.csrf, NULL};
    const char *dec = "{\"to_phase\":\"engage\",\"decided_by\":\"HMCI\",\"effective_on\":\"2025-12-01\",\"rationale\":\"r\"}";
    t_http_t r;
    json_t *j = t_call(&S, "POST", "/api/v1/bodies/cheshire/decisions", dec, ok, 201, &r);
    json_decref(j);
    t_http_free(&r);
}

/* POST /api/v1/session takes application/json only: a cross-site page can
 * send text/plain or a form without the browser asking first (login CSRF),
 * but not JSON. A login from another site's page is refused too. */
static void login_json_only(void **state)
{
    (void)state;
    static const char creds[] = "{\"username\":\"chief\",\"password\":\"password-chief\"}";
    static const char *const types[] = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                                        "application/jsonp", NULL};
    t_http_t r;
    char sc[256];
    for (int i = 0; types[i]; i++) {
        assert_int_equal(t_http_ct(S.srv.port, "POST", "/api/v1/session", types[i], creds, NULL, &r), 0);
        json_t *j = json_loads(r.body, 0, NULL);
        if (r.status != 415) fail_msg("%s: %ld", types[i], r.status);
        problem(&r, j, 415, "application/json");
        assert_int_equal(t_http_header(&r, "Set-Cookie", sc, sizeof sc), -1);
        json_decref(j);
        t_http_free(&r);
    }
    char own[80];
    snprintf(own, sizeof own, "Origin: http://127.0.0.1:%d", S.srv.port);
    const char *evil[] = {"Origin: https://evil.example", NULL};
    const char *fetch[] = {"Sec-Fetch-Site: cross-site", NULL};
    const char *same[] = {own, "Sec-Fetch-Site: same-origin", NULL};
    json_t *j = t_call(&S, "POST", "/api/v1/session", creds, evil, 403, &r);
    problem(&r, j, 403, "another site");
    assert_int_equal(t_http_header(&r, "Set-Cookie", sc, sizeof sc), -1);
    json_decref(j);
    t_http_free(&r);
    json_decref(t_call(&S, "POST", "/api/v1/session", creds, fetch, 403, &r));
    t_http_free(&r);
    json_decref(t_call(&S, "POST", "/api/v1/session", creds, same, 201, &r));
    t_http_free(&r);
    /* "application/json; charset=utf-8" is JSON */
    assert_int_equal(t_http_ct(S.srv.port, "POST", "/api/v1/session", "application/json; charset=utf-8", creds, NULL, &r), 0);
    assert_int_equal(r.status, 201);
    t_http_free(&r);
}

/* The number of inspections (a Bearer read). */
static long long inspections(void)
{
    const char *b[] = {FX.chief, NULL};
    t_http_t r;
    json_t *j = t_call(&S, "GET", "/api/v1/inspections", NULL, b, 200, &r);
    long long n = json_integer_value(json_object_get(j, "count"));
    json_decref(j);
    t_http_free(&r);
    return n;
}

/* A write that acts on a session cookie is refused (403, nothing changes)
 * when the browser says it comes from another site's page, even with the
 * right CSRF token; from the site itself, or from a client that sends no
 * Origin, it goes through; Bearer-token writes are not affected. */
static void cross_site_cookie_writes_refused(void **state)
{
    (void)state;
    t_session_t s;
    login("chief", "password-chief", &s);
    static const char ins[] = "{\"body\":\"kent\",\"kind\":\"thematic\",\"title\":\"Cross-site\",\"published_on\":\"2024-05-01\"}";
    char own[80];
    snprintf(own, sizeof own, "Origin: http://127.0.0.1:%d", S.srv.port);
    long long before = inspections();
    static const char *const refused[][2] = {{"Origin: https://evil.example", NULL},
                                             {"Origin: http://127.0.0.1.evil.example", NULL},
                                             {"Sec-Fetch-Site: cross-site", NULL},
                                             {"Origin: null", "Sec-Fetch-Site: cross-site"}};
    t_http_t r;
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        const char *h[] = {s.cookie, s.csrf, refused[i][0], refused[i][1], NULL};
        json_t *j = t_call(&S, "POST", "/api/v1/inspections", ins, h, 403, &r);
        problem(&r, j, 403, "another site");
        json_decref(j);
        t_http_free(&r);
        json_decref(t_call(&S, "DELETE", "/api/v1/session", NULL, h, 403, &r));   /* the session lives on */
        t_http_free(&r);
    }
    assert_int_equal(inspections(), before);
    const char *mine[] = {s.cookie, s.csrf, own, NULL};
    const char *host[] = {s.cookie, s.csrf, "Host: oversight.example", "Origin: https://oversight.example", NULL};
    const char *site[] = {s.cookie, s.csrf, "Sec-Fetch-Site: same-origin", NULL};
    const char *plain[] = {s.cookie, s.csrf, NULL};
    const char *bearer[] = {FX.chief, "Origin: https://evil.example", "Sec-Fetch-Site: cross-site", NULL};
    /* what a browser sends on a form post from our pages (Referrer-Policy: no-referrer) */
    const char *null_same[] = {s.cookie, s.csrf, "Origin: null", "Sec-Fetch-Site: same-origin", NULL};
    const char *const *allowed[] = {mine, host, site, plain, bearer, null_same};
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
        json_decref(t_call(&S, "POST", "/api/v1/inspections", ins, allowed[i], 201, &r));
        t_http_free(&r);
    }
    assert_int_equal(inspections(), before + 6);
}

/* The browser's forms: a form post on a session from another site's page
 * gets a 403 page; the login form and the logout form work from the site. */
static void cross_site_forms_refused(void **state)
{
    (void)state;
    t_http_t r;
    char own[80], cookie[200], token[100], body[400], sc[256];
    snprintf(own, sizeof own, "Origin: http://127.0.0.1:%d", S.srv.port);
    /* the login page: its ov_login cookie and the form's login_token */
    json_decref(t_call(&S, "GET", "/login", NULL, NULL, 200, &r));
    assert_int_equal(t_http_header(&r, "Set-Cookie", sc, sizeof sc), 0);
    snprintf(cookie, sizeof cookie, "Cookie: %.*s", (int)strcspn(sc, ";"), sc);
    const char *at = strstr(r.body, "name=\"login_token\" value=\"");
    assert_non_null(at);
    at += strlen("name=\"login_token\" value=\"");
    snprintf(token, sizeof token, "%.*s", (int)strcspn(at, "\""), at);
    t_http_free(&r);
    snprintf(body, sizeof body, "login_token=%s&username=chief&password=password-chief&next=%%2F", token);
    const char *evil[] = {cookie, "Origin: https://evil.example", "Accept: text/html", NULL};
    assert_int_equal(t_http_ct(S.srv.port, "POST", "/login", "application/x-www-form-urlencoded", body, evil, &r), 0);
    assert_int_equal(r.status, 403);
    assert_int_equal(t_http_header(&r, "Content-Type", sc, sizeof sc), 0);
    assert_non_null(strstr(sc, "text/html"));
    assert_int_equal(t_http_header(&r, "Set-Cookie", sc, sizeof sc), -1);
    t_http_free(&r);
    /* as Chromium sends it from our login page: Origin null (no-referrer), same-origin */
    const char *mine[] = {cookie, "Origin: null", "Sec-Fetch-Site: same-origin", NULL};
    assert_int_equal(t_http_ct(S.srv.port, "POST", "/login", "application/x-www-form-urlencoded", body, mine, &r), 0);
    assert_int_equal(r.status, 303);
    t_session_t s;
    assert_int_equal(t_http_header(&r, "Set-Cookie", s.set_cookie, sizeof s.set_cookie), 0);
    snprintf(s.cookie, sizeof s.cookie, "Cookie: %.*s", (int)strcspn(s.set_cookie, ";"), s.set_cookie);
    assert_non_null(strstr(s.cookie, "ov_session="));
    t_http_free(&r);
    /* the session's CSRF token, for the logout form */
    const char *me[] = {s.cookie, NULL};
    json_t *j = t_call(&S, "GET", "/api/v1/me", NULL, me, 200, &r);
    snprintf(body, sizeof body, "csrf_token=%s", json_string_value(json_object_get(j, "csrf_token")));
    json_decref(j);
    t_http_free(&r);
    const char *out_evil[] = {s.cookie, "Sec-Fetch-Site: cross-site", NULL};
    assert_int_equal(t_http_ct(S.srv.port, "POST", "/logout", "application/x-www-form-urlencoded", body, out_evil, &r), 0);
    assert_int_equal(r.status, 403);
    t_http_free(&r);
    json_decref(t_call(&S, "GET", "/api/v1/me", NULL, me, 200, &r));   /* still logged in */
    t_http_free(&r);
    const char *out_mine[] = {s.cookie, own, NULL};
    assert_int_equal(t_http_ct(S.srv.port, "POST", "/logout", "application/x-www-form-urlencoded", body, out_mine, &r), 0);
    assert_int_equal(r.status, 303);
    t_http_free(&r);
    json_decref(t_call(&S, "GET", "/api/v1/me", NULL, me, 401, &r));
    t_http_free(&r);
}

static void disabled_user_refused(void **state)
{
    (void)state;
    add_user("leaver", "analyst");
    t_session_t s;
    login("leaver", "password-leaver", &s);
    t_run_t r;
    assert_int_equal(cli(NULL, &r, "token", "create", "leaver", NULL, NULL), 0);
    char bearer[200];
    snprintf(bearer, sizeof bearer, "Authorization: Bearer %.*s", (int)strcspn(r.out, "\n"), r.out);
    t_run_free(&r);
    assert_int_equal(cli(NULL, &r, "user", "disable", "leaver", NULL, NULL), 0);
    t_run_free(&r);
    t_http_t h;
    const char *c[] = {s.cookie, NULL};
    json_t *j = t_call(&S, "GET", "/api/v1/me", NULL, c, 401, &h);
    json_decref(j);
    t_http_free(&h);
    const char *b[] = {bearer, NULL};
    j = t_call(&S, "GET", "/api/v1/me", NULL, b, 401, &h);
    json_decref(j);
    t_http_free(&h);
    j = t_call(&S, "POST", "/api/v1/session", "{\"username\":\"leaver\",\"password\":\"password-leaver\"}", NULL, 401, &h);
    problem(&h, j, 401, "wrong username or password");
    json_decref(j);
    t_http_free(&h);
}

static void revoked_token_refused(void **state)
{
    (void)state;
    t_run_t r;
    assert_int_equal(cli(NULL, &r, "token", "create", "chief", "--name", "ci"), 0);
    char bearer[200];
    snprintf(bearer, sizeof bearer, "Authorization: Bearer %.*s", (int)strcspn(r.out, "\n"), r.out);
    long long id = 0;
    const char *p = strstr(r.err, "API token ");
    assert_non_null(p);
    id = atoll(p + strlen("API token "));
    assert_true(id > 0);
    t_run_free(&r);
    const char *b[] = {bearer, NULL};
    t_http_t h;
    json_t *j = t_call(&S, "GET", "/api/v1/me", NULL, b, 200, &h);
    json_decref(j);
    t_http_free(&h);
    char ids[32];
    snprintf(ids, sizeof ids, "%lld", id);
    assert_int_equal(cli(NULL, &r, "token", "revoke", ids, NULL, NULL), 0);
    t_run_free(&r);
    j = t_call(&S, "GET", "/api/v1/me", NULL, b, 401, &h);
    problem(&h, j, 401, "revoked");
    char www[128];
    assert_int_equal(t_http_header(&h, "WWW-Authenticate", www, sizeof www), 0);
    json_decref(j);
    t_http_free(&h);
    /* the other token of the same user still works */
    const char *chief[] = {FX.chief, NULL};
    j = t_call(&S, "GET", "/api/v1/me", NULL, chief, 200, &h);
    json_decref(j);
    t_http_free(&h);
    assert_int_equal(cli(NULL, &r, "token", "revoke", "999999", NULL, NULL), 1);
    assert_non_null(strstr(r.err, "999999"));
    t_run_free(&r);
    assert_int_equal(cli(NULL, &r, "token", "revoke", "abc", NULL, NULL), 2);
    t_run_free(&r);
}

/* POST /api/v1/session as user with password, with up to two
 * X-Forwarded-For lines (NULL: none), on port; the status, and Retry-After
 * (0 if absent) in *retry. */
static long session_post(int port, const char *user, const char *pw, const char *xff1, const char *xff2, long *retry)
{
    char body[256], h1[128], h2[128];
    snprintf(body, sizeof body, "{\"username\":\"%s\",\"password\":\"%s\"}", user, pw);
    const char *headers[3] = {NULL, NULL, NULL};
    int n = 0;
    if (xff1) { snprintf(h1, sizeof h1, "X-Forwarded-For: %s", xff1); headers[n++] = h1; }
    if (xff2) { snprintf(h2, sizeof h2, "X-Forwarded-For: %s", xff2); headers[n++] = h2; }
    t_http_t h;
    assert_int_equal(t_http(port, "POST", "/api/v1/session", body, headers, &h), 0);
    char ra[32] = "";
    *retry = t_http_header(&h, "Retry-After", ra, sizeof ra) == 0 ? atol(ra) : 0;
    long st = h.status;
    if (st == 429) {
        json_error_t je;
        json_t *j = json_loads(h.body, 0, &je);
        problem(&h, j, 429, "too many");
        json_decref(j);
    }
    t_http_free(&h);
    return st;
}

/* Wrong passwords for user (from X-Forwarded-For xff, or none) on port,
 * waiting as each 429 says, until a 429 asks for at least `until` seconds
 * after at least two 429s. The Retry-After values seen, in order, go into
 * seen (up to 16); returns how many. */
static int guess_until(int port, const char *user, const char *xff, long until, long seen[16])
{
    int n = 0;
    for (int tries = 0; tries < 40; tries++) {
        long ra = 0;
        long st = session_post(port, user, "guess guess guess", xff, NULL, &ra);
        if (st == 401) continue;
        assert_int_equal(st, 429);
        assert_true(ra > 0 && ra <= 900);
        if (n < 16) seen[n++] = ra;
        if (n >= 2 && ra >= until) return n;
        sleep((unsigned)ra);
    }
    fail_msg("no 429 asking for %ld seconds", until);
    return n;
}

/* Without --trusted-proxy the peer is the client and X-Forwarded-For is
 * ignored: guesses "from" 203.0.113.9 hold off the right password "from"
 * 198.51.100.7, both being 127.0.0.1; 429 with a growing Retry-After. */
static void throttled_after_failures(void **state)
{
    (void)state;
    add_user("victim", "analyst");
    long seen[16], ra = 0;
    int n = guess_until(S.srv.port, "victim", "203.0.113.9", 3, seen);
    assert_true(seen[n - 1] > seen[0]);
    for (int i = 1; i < n; i++) assert_true(seen[i] >= seen[i - 1]);
    assert_int_equal(session_post(S.srv.port, "victim", "password-victim", "198.51.100.7", NULL, &ra), 429);
    assert_true(ra > 0);
    /* other users are not affected */
    t_session_t s;
    login("chief", "password-chief", &s);
}

/* Finding 6 of issue #13. Behind a trusted proxy (127.0.0.1 here) the
 * client is the right-most untrusted X-Forwarded-For entry: an attacker at
 * A gets growing delays for the user, and the user at B logs in at once. */
static void attacker_does_not_block_user(void **state)
{
    (void)state;
    add_user("hmci2", "hmci");
    t_server_t srv;
    const char *extra[] = {"--trusted-proxy", "10.9.9.9, 127.0.0.1", "--trusted-proxy", "::1", NULL};
    assert_int_equal(t_server_start(S.db, extra, &srv), 0);
    const char *a = "203.0.113.9", *b = "198.51.100.7";
    long seen[16], ra = 0;
    int n = guess_until(srv.port, "hmci2", a, 3, seen);
    /* repeated failures from A: the wait grows (1, 2, 4 ... seconds, less
     * what passed before the next request) */
    assert_true(seen[n - 1] > seen[0]);
    for (int i = 1; i < n; i++) assert_true(seen[i] >= seen[i - 1]);
    /* A with the right password is held off too, however it dresses up:
     * an entry the client wrote to the left of A, or on a line of its own
     * before the proxy's line, is not believed */
    assert_int_equal(session_post(srv.port, "hmci2", "password-hmci2", a, NULL, &ra), 429);
    assert_int_equal(session_post(srv.port, "hmci2", "password-hmci2", "198.51.100.7, 203.0.113.9", NULL, &ra), 429);
    assert_int_equal(session_post(srv.port, "hmci2", "password-hmci2", b, a, &ra), 429);
    /* a trusted proxy on the way is skipped: the client is still A */
    assert_int_equal(session_post(srv.port, "hmci2", "password-hmci2", "203.0.113.9, 10.9.9.9", NULL, &ra), 429);
    /* the user at B is not blocked */
    assert_int_equal(session_post(srv.port, "hmci2", "password-hmci2", b, NULL, &ra), 201);
    assert_int_equal(ra, 0);
    assert_int_equal(t_server_stop(&srv), 0);
    /* without --trusted-proxy the same header from the same peer is ignored */
    assert_int_equal(session_post(S.srv.port, "hmci2", "password-hmci2", a, NULL, &ra), 201);
}

static void trusted_proxy_option_checked(void **state)
{
    (void)state;
    const char *bad[] = {"10.0.0.0/8", "proxy.example", "127.0.0.1,", "1.2.3.4:80"};
    for (int i = 0; i < 4; i++) {
        char *argv[] = {(char *)t_bin(), "serve", "--db", S.db, "--listen", "127.0.0.1:0", "--trusted-proxy",
                        (char *)bad[i], NULL};
        t_run_t r;
        assert_int_equal(t_run(argv, NULL, &r), 0);
        assert_int_equal(r.status, 2);
        if (!strstr(r.err, "--trusted-proxy")) fail_msg("message lacks the option: %s", r.err);
        t_run_free(&r);
    }
}

static void cli_checks(void **state)
{
    (void)state;
    t_run_t r;
    assert_int_equal(cli("short\n", &r, "user", "add", "shorty", "--role", "analyst"), 1);
    assert_non_null(strstr(r.err, "at least 10"));
    assert_non_null(strstr(r.err, "password"));
    t_run_free(&r);
    assert_int_equal(cli("long enough password\n", &r, "user", "add", "shorty", "--role", "king"), 2);
    assert_non_null(strstr(r.err, "--role"));
    t_run_free(&r);
    assert_int_equal(cli("long enough password\n", &r, "user", "add", "shorty", NULL, NULL), 2);
    t_run_free(&r);
    assert_int_equal(cli("long enough password\n", &r, "user", "add", "metuser", "--role", "body"), 1);
    assert_non_null(strstr(r.err, "body"));
    t_run_free(&r);
    assert_int_equal(cli("long enough password\n", &r, "user", "add", "chief", "--role", "analyst"), 1);
    assert_non_null(strstr(r.err, "already exists"));
    t_run_free(&r);
    assert_int_equal(cli(NULL, &r, "user", "frobnicate", NULL, NULL, NULL), 2);
    t_run_free(&r);
    assert_int_equal(cli(NULL, &r, "user", "list", NULL, NULL, NULL), 0);
    assert_non_null(strstr(r.out, "chief"));
    assert_null(strstr(r.out, "argon2"));
    t_run_free(&r);
    /* a new password works at once and the old one no longer does */
    add_user("changer", "analyst");
    assert_int_equal(cli("changed password 1\n", &r, "user", "passwd", "changer", NULL, NULL), 0);
    t_run_free(&r);
    t_session_t s;
    login("changer", "changed password 1", &s);
}

static void secure_cookies_flag(void **state)
{
    (void)state;
    t_server_t srv;
    const char *extra[] = {"--secure-cookies", NULL};
    assert_int_equal(t_server_start(S.db, extra, &srv), 0);
    t_session_t s;
    assert_int_equal(t_login_port(srv.port, "chief", "password-chief", &s), 0);
    assert_non_null(strstr(s.set_cookie, "; Secure"));
    assert_int_equal(t_server_stop(&srv), 0);
}

/* issue #13 (7): `oversight user passwd` revokes the user's API tokens and
 * ends their sessions, says how many tokens it revoked, and audits each;
 * an old token then gets 401, a new one works, other users' tokens live. */
static void passwd_revokes_tokens(void **state)
{
    (void)state;
    add_user("rotator", "analyst");
    t_session_t s;
    login("rotator", "password-rotator", &s);
    char bearer[2][200];
    t_run_t r;
    for (int i = 0; i < 2; i++) {
        assert_int_equal(cli(NULL, &r, "token", "create", "rotator", NULL, NULL), 0);
        snprintf(bearer[i], sizeof bearer[i], "Authorization: Bearer %.*s", (int)strcspn(r.out, "\n"), r.out);
        t_run_free(&r);
    }
    t_http_t h;
    for (int i = 0; i < 2; i++) {
        const char *b[] = {bearer[i], NULL};
        json_decref(t_call(&S, "GET", "/api/v1/me", NULL, b, 200, &h));
        t_http_free(&h);
    }
    assert_int_equal(cli(NULL, &r, "audit", "verify", NULL, NULL, NULL), 0);
    t_run_free(&r);
    assert_int_equal(cli("rotated password 1\n", &r, "user", "passwd", "rotator", NULL, NULL), 0);
    assert_non_null(strstr(r.out, "password of rotator changed; their sessions have ended; revoked 2 API tokens"));
    t_run_free(&r);
    for (int i = 0; i < 2; i++) {
        const char *b[] = {bearer[i], NULL};
        json_t *j = t_call(&S, "GET", "/api/v1/me", NULL, b, 401, &h);
        problem(&h, j, 401, "revoked");
        json_decref(j);
        t_http_free(&h);
    }
    const char *c[] = {s.cookie, NULL};
    json_decref(t_call(&S, "GET", "/api/v1/me", NULL, c, 401, &h));
    t_http_free(&h);
    /* each revocation is in the trail, and the chain holds */
    assert_int_equal(cli(NULL, &r, "audit", "log", "--entity", "api-tokens", NULL), 0);
    const char *p = r.out;
    int revokes = 0;
    while ((p = strstr(p, "\trevoke\tapi-tokens/")) != NULL) {
        revokes++;
        p++;
    }
    assert_true(revokes >= 2);
    t_run_free(&r);
    assert_int_equal(cli(NULL, &r, "audit", "verify", NULL, NULL, NULL), 0);
    t_run_free(&r);
    /* a new token works; nothing left to revoke the next time */
    assert_int_equal(cli(NULL, &r, "token", "create", "rotator", NULL, NULL), 0);
    char fresh[200];
    snprintf(fresh, sizeof fresh, "Authorization: Bearer %.*s", (int)strcspn(r.out, "\n"), r.out);
    t_run_free(&r);
    const char *f[] = {fresh, NULL};
    json_decref(t_call(&S, "GET", "/api/v1/me", NULL, f, 200, &h));
    t_http_free(&h);
    assert_int_equal(cli("rotated password 2\n", &r, "user", "passwd", "rotator", NULL, NULL), 0);
    assert_non_null(strstr(r.out, "revoked 1 API token\n"));
    t_run_free(&r);
    json_decref(t_call(&S, "GET", "/api/v1/me", NULL, f, 401, &h));
    t_http_free(&h);
    assert_int_equal(cli("rotated password 3\n", &r, "user", "passwd", "rotator", NULL, NULL), 0);
    assert_non_null(strstr(r.out, "revoked 0 API tokens\n"));
    t_run_free(&r);
    /* another user's token is untouched */
    const char *chief[] = {FX.chief, NULL};
    json_decref(t_call(&S, "GET", "/api/v1/me", NULL, chief, 200, &h));
    t_http_free(&h);
}

/* Last: after logins, sessions, tokens used, revoked, passwd, disable through the program, with the
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
        cmocka_unit_test(login_success_and_me), cmocka_unit_test(login_failures_look_alike),
        cmocka_unit_test(csrf_and_logout), cmocka_unit_test(session_decision_with_csrf),
        cmocka_unit_test(disabled_user_refused), cmocka_unit_test(revoked_token_refused),
        cmocka_unit_test(throttled_after_failures), cmocka_unit_test(attacker_does_not_block_user),
        cmocka_unit_test(trusted_proxy_option_checked), cmocka_unit_test(cli_checks),
        cmocka_unit_test(secure_cookies_flag), cmocka_unit_test(passwd_revokes_tokens),
        cmocka_unit_test(the_data_agree_with_the_trail),
        cmocka_unit_test(login_json_only),
        cmocka_unit_test(cross_site_cookie_writes_refused), cmocka_unit_test(cross_site_forms_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
