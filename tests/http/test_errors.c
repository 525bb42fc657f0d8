/* test_errors.c: error answers fitted to the caller (routes_finish). A
 * browser (its Accept asks for text/html first) gets an HTML page with the
 * site header and a <main> for 400, 403, 404, 405, 413 and 500; an API
 * client (Accept: application/json, * / *, or none) and every /api/ path get
 * application/problem+json, for the same request. The 500 is a real one: the
 * letters table renamed under the running server (a SQLite file). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>
#include "support/support.h"

#define BROWSER "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"

static t_site_t S;

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "errors.db", T_SITE_DEMO | T_SITE_FILE) != 0) return -1;
    return t_site_serve(&S, t_today);
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

/* An HTML error page of status: the site header, a <main>, the status
 * named, no problem body, the security headers. */
static void check_page(const char *what, const t_http_t *r, long status)
{
    if (r->status != status) fail_msg("%s: status %ld, not %ld (body '%.300s')", what, r->status, status, r->body);
    char v[400], code[32];
    if (t_http_header(r, "Content-Type", v, sizeof v) || strncmp(v, "text/html", 9) != 0)
        fail_msg("%s: Content-Type '%s', not an HTML page", what, v);
    snprintf(code, sizeof code, "Error %ld.", status);
    if (!r->body || !strstr(r->body, "<header class=\"govuk-template__header site-header\">")
        || !strstr(r->body, "class=\"govuk-generic-header\"") || !strstr(r->body, "<main id=\"main\"")
        || !strstr(r->body, "<h1>") || !strstr(r->body, code) || strstr(r->body, "\"type\":"))
        fail_msg("%s: not the site's error page: '%.400s'", what, r->body);
    if (t_http_header(r, "Content-Security-Policy", v, sizeof v) || !strstr(v, "frame-ancestors 'none'"))
        fail_msg("%s: no Content-Security-Policy", what);
}

/* A problem+json answer of status. */
static void check_problem(const char *what, const t_http_t *r, long status)
{
    if (r->status != status) fail_msg("%s: status %ld, not %ld (body '%.300s')", what, r->status, status, r->body);
    char v[400];
    if (t_http_header(r, "Content-Type", v, sizeof v) || strcmp(v, "application/problem+json") != 0)
        fail_msg("%s: Content-Type '%s', not a problem", what, v);
    json_t *j = json_loadb(r->body, r->len, 0, NULL);
    if (!j || json_integer_value(json_object_get(j, "status")) != status)
        fail_msg("%s: body '%.300s'", what, r->body);
    json_decref(j);
}

/* method path with an optional extra header, as a browser and as three
 * kinds of API client: the page for the first, the problem for the rest. */
static void both_ways(const char *method, const char *path, const char *ctype, const char *body, const char *extra,
                      long status)
{
    const char *accepts[] = {BROWSER, NULL, "Accept: */*", "Accept: application/json"};
    for (size_t i = 0; i < sizeof accepts / sizeof *accepts; i++) {
        const char *h[] = {accepts[i] ? accepts[i] : "", extra ? extra : "", NULL};
        t_http_t r;
        char what[300];
        snprintf(what, sizeof what, "%s %s (%s)", method, path, accepts[i] ? accepts[i] : "no Accept");
        assert_int_equal(t_http_ct(S.srv.port, method, path, ctype, body, h, &r), 0);
        if (i == 0) check_page(what, &r, status);
        else check_problem(what, &r, status);
        char vary[80];
        if (t_http_header(&r, "Vary", vary, sizeof vary) || !strstr(vary, "Accept"))
            fail_msg("%s: no Vary: Accept", what);
        t_http_free(&r);
    }
}

static void not_found_both_ways(void **state)
{
    (void)state;
    both_ways("GET", "/no-such-route", NULL, NULL, NULL, 404);
    both_ways("GET", "/no/such/page", NULL, NULL, NULL, 404);
    both_ways("GET", "/letters/nothing.txt", NULL, NULL, NULL, 404);
}

static void api_paths_are_always_problems(void **state)
{
    (void)state;
    const char *h[] = {BROWSER, NULL};
    t_http_t r;
    assert_int_equal(t_http(S.srv.port, "GET", "/api/v1/nothing-here", NULL, h, &r), 0);
    check_problem("GET /api/v1/nothing-here as a browser", &r, 404);
    t_http_free(&r);
    assert_int_equal(t_http(S.srv.port, "DELETE", "/api/v1/bodies", NULL, h, &r), 0);
    check_problem("DELETE /api/v1/bodies as a browser", &r, 405);
    t_http_free(&r);
}

static void method_not_allowed_both_ways(void **state)
{
    (void)state;
    both_ways("DELETE", "/engage", NULL, NULL, NULL, 405);
    const char *h[] = {BROWSER, NULL};
    t_http_t r;
    char allow[64];
    assert_int_equal(t_http(S.srv.port, "PUT", "/timeline", "", h, &r), 0);
    check_page("PUT /timeline", &r, 405);
    assert_int_equal(t_http_header(&r, "Allow", allow, sizeof allow), 0);
    assert_string_equal(allow, "GET");
    t_http_free(&r);
}

/* the guard: a login form posted from another site's page */
static void forbidden_both_ways(void **state)
{
    (void)state;
    both_ways("POST", "/login", "application/x-www-form-urlencoded", "username=a&password=b",
              "Origin: https://evil.example", 403);
}

static void too_large_both_ways(void **state)
{
    (void)state;
    size_t n = (2u << 20) + 10;
    char *big = malloc(n + 1);
    assert_non_null(big);
    memcpy(big, "username=", 9);
    memset(big + 9, 'a', n - 9);
    big[n] = '\0';
    both_ways("POST", "/login", "application/x-www-form-urlencoded", big, NULL, 413);
    free(big);
}

/* A client that sends its whole body before it reads (as the simplest
 * clients do) gets the 413, not a reset connection: the server reads a
 * body of a few caps to its end before answering. Ten times, a pause
 * between the last byte sent and the first read (a server that answered
 * at the headers and closed with the body unread has reset by then). */
static void too_large_sent_whole(void **state)
{
    (void)state;
    size_t n = (2u << 20) + 10;
    char head[256];
    int hn = snprintf(head, sizeof head,
                      "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
                      "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %zu\r\n\r\n",
                      n);
    char *req = malloc((size_t)hn + n);
    assert_non_null(req);
    memcpy(req, head, (size_t)hn);
    memcpy(req + hn, "username=", 9);
    memset(req + hn + 9, 'a', n - 9);
    for (int i = 0; i < 10; i++) {
        int fd = t_connect(S.srv.port, NULL, 10);
        assert_true(fd >= 0);
        size_t len = (size_t)hn + n, sent = 0;
        while (sent < len) {
            ssize_t k = send(fd, req + sent, len - sent, MSG_NOSIGNAL);
            if (k <= 0) fail_msg("try %d: the server stopped reading after %zu of %zu bytes (%s)", i, sent, len,
                                 k < 0 ? strerror(errno) : "closed");
            sent += (size_t)k;
        }
        usleep(50 * 1000);
        t_http_t r;
        t_read_reply(fd, &r);
        close(fd);
        check_problem("POST /login, 2 MB sent whole before reading", &r, 413);
        t_http_free(&r);
    }
    free(req);
}

static void bad_request_both_ways(void **state)
{
    (void)state;
    t_http_t r;
    const char *page = "GET /engage HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.2\r\n" BROWSER "\r\n\r\n";
    assert_int_equal(t_raw(S.srv.port, page, strlen(page), 10, &r), 0);
    check_page("two Host headers, as a browser", &r, 400);
    t_http_free(&r);
    const char *api = "GET /engage HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.2\r\n\r\n";
    assert_int_equal(t_raw(S.srv.port, api, strlen(api), 10, &r), 0);
    check_problem("two Host headers, no Accept", &r, 400);
    t_http_free(&r);
}

/* Last: breaks the database under the server. */
static void internal_error_both_ways(void **state)
{
    (void)state;
    t_http_t r;
    json_t *list = t_call(&S, "GET", "/api/v1/letters", NULL, NULL, 200, &r);
    t_http_free(&r);
    json_t *first = json_array_get(json_object_get(list, "letters"), 0);
    long long id = json_integer_value(json_object_get(first, "id"));
    json_decref(list);
    assert_true(id > 0);
    char path[64];
    snprintf(path, sizeof path, "/letters/%lld.html", id);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(S.path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "ALTER TABLE letters RENAME TO letters_gone", NULL, NULL, NULL), SQLITE_OK);
    both_ways("GET", path, NULL, NULL, NULL, 500);
    assert_int_equal(sqlite3_exec(db, "ALTER TABLE letters_gone RENAME TO letters", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(not_found_both_ways),
        cmocka_unit_test(api_paths_are_always_problems),
        cmocka_unit_test(method_not_allowed_both_ways),
        cmocka_unit_test(forbidden_both_ways),
        cmocka_unit_test(too_large_both_ways),
        cmocka_unit_test(too_large_sent_whole),
        cmocka_unit_test(bad_request_both_ways),
        cmocka_unit_test(internal_error_both_ways),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
