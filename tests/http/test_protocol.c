/* test_protocol.c: how the real server meets malformed or ambiguous HTTP,
 * sent as raw bytes on a socket (curl would not send these). Every request
 * the server refuses gets a status and a body: a query of 500 arguments
 * (414) and an unknown Transfer-Encoding (501) used to get no answer at all
 * and a dropped connection after the 30 s timeout. Ambiguous framing (two
 * Content-Length headers, Content-Length with Transfer-Encoding, HTTP/1.1
 * without Host, two Host headers) is refused with 400 and changes nothing,
 * even when the request is an authorised write that would otherwise
 * succeed. The replies we build carry the security headers; the few
 * libmicrohttpd builds itself (431, a broken header line) at least carry a
 * status and a body (docs/security.md, known gaps). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "support/support.h"

#define ANSWER_S 10   /* the server answers these at once; the old failure was a 30 s silence */

static t_site_t S;
static struct {
    char metbody[160];   /* "Authorization: Bearer ..." of a met body user */
} FX;

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "protocol.db", T_SITE_DEMO) != 0) return -1;
    if (t_user_bearer(S.db, "proto_met", "body", "met", FX.metbody) != 0) return -1;
    return t_site_serve(&S, t_today);
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

/* A growing request text (the tests link no library of ours but support). */
typedef struct { char *p; size_t len; } text_t;
static void put(text_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(text_t *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    t->p = realloc(t->p, t->len + (size_t)n + 1);
    assert_non_null(t->p);
    va_start(ap, fmt);
    vsnprintf(t->p + t->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}
static void text_free(text_t *t)
{
    free(t->p);
    t->p = NULL;
    t->len = 0;
}

/* The reply to raw request text (sent as is). */
static void raw(const char *request, t_http_t *r)
{
    assert_int_equal(t_raw(S.srv.port, request, strlen(request), ANSWER_S, r), 0);
}

/* A reply we built: the status, a problem+json body with that status, and
 * the security headers. */
static void check_problem(const char *what, const t_http_t *r, long status)
{
    if (r->status != status) fail_msg("%s: status %ld, not %ld (body '%s')", what, r->status, status, r->body);
    char v[400];
    if (t_http_header(r, "Content-Type", v, sizeof v) || strcmp(v, "application/problem+json"))
        fail_msg("%s: Content-Type '%s'", what, v);
    json_t *j = json_loadb(r->body, r->len, 0, NULL);
    if (!j || json_integer_value(json_object_get(j, "status")) != status
        || !json_string_length(json_object_get(j, "detail")))
        fail_msg("%s: body '%s'", what, r->body);
    json_decref(j);
    if (t_http_header(r, "X-Content-Type-Options", v, sizeof v) || strcmp(v, "nosniff"))
        fail_msg("%s: no X-Content-Type-Options", what);
    if (t_http_header(r, "Content-Security-Policy", v, sizeof v) || !strstr(v, "frame-ancestors 'none'"))
        fail_msg("%s: no Content-Security-Policy", what);
}

/* The number of progress updates (GET /api/v1/progress-updates). */
static long long updates(void)
{
    const char *auth[] = {FX.metbody, NULL};
    t_http_t r;
    assert_int_equal(t_http(S.srv.port, "GET", "/api/v1/progress-updates", NULL, auth, &r), 0);
    assert_int_equal(r.status, 200);
    json_t *j = json_loads(r.body, 0, NULL);
    long long n = json_integer_value(json_object_get(j, "count"));
    json_decref(j);
    t_http_free(&r);
    return n;
}

static void many_query_arguments_get_414(void **state)
{
    (void)state;
    text_t q = {NULL, 0};
    put(&q, "%s", "GET /api/v1/bodies?");
    for (int i = 0; i < 500; i++) put(&q, "%sa%d=1", i ? "&" : "", i);
    put(&q, "%s", " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    t_http_t r;
    raw(q.p, &r);
    check_problem("500 arguments", &r, 414);
    t_http_free(&r);
    text_free(&q);
    /* 64 arguments are still a request like any other; 65 are not */
    for (int n = 64; n <= 65; n++) {
        put(&q, "%s", "GET /api/v1/bodies?");
        for (int i = 0; i < n; i++) put(&q, "%sx=%d", i ? "&" : "", i);
        put(&q, "%s", " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        raw(q.p, &r);
        if (n == 64) assert_int_equal(r.status, 200);
        else check_problem("65 arguments", &r, 414);
        t_http_free(&r);
        text_free(&q);
    }
    /* a target over 8 KiB, however few its arguments */
    put(&q, "%s", "GET /api/v1/bodies?x=");
    put(&q, "%0*d", 8200, 0);
    put(&q, "%s", " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    raw(q.p, &r);
    check_problem("8 KiB target", &r, 414);
    t_http_free(&r);
    text_free(&q);
}

static void unknown_transfer_encoding_gets_501(void **state)
{
    (void)state;
    long long before = updates();
    char req[1024];
    snprintf(req, sizeof req,
             "POST /api/v1/progress-updates HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\nContent-Type: application/json\r\n"
             "Transfer-Encoding: xchunked\r\n\r\n"
             "{\"body\":\"met\",\"submitted_on\":\"2025-06-01\",\"author\":\"MPS\",\"text\":\"xchunked\"}",
             FX.metbody);
    t_http_t r;
    raw(req, &r);
    check_problem("Transfer-Encoding: xchunked", &r, 501);
    t_http_free(&r);
    snprintf(req, sizeof req,
             "POST /api/v1/progress-updates HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
             "0\r\n\r\n", FX.metbody);
    raw(req, &r);
    check_problem("Transfer-Encoding: gzip, chunked", &r, 501);
    t_http_free(&r);
    assert_int_equal(updates(), before);
}

static void ambiguous_framing_gets_400(void **state)
{
    (void)state;
    static const char json[] = "{\"body\":\"met\",\"submitted_on\":\"2025-06-01\",\"author\":\"MPS\",\"text\":\"framing\"}";
    size_t n = strlen(json);
    long long before = updates();
    char req[1024];
    /* the control: the same write, framed plainly, is stored */
    snprintf(req, sizeof req,
             "POST /api/v1/progress-updates HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\nContent-Type: application/json\r\n"
             "Content-Length: %zu\r\nConnection: close\r\n\r\n%s", FX.metbody, n, json);
    t_http_t r;
    raw(req, &r);
    if (r.status != 201) fail_msg("control write: %ld %s", r.status, r.body);
    t_http_free(&r);
    assert_int_equal(updates(), before + 1);
    before++;

    static const struct { const char *what, *framing; int version10; } cases[] = {
        {"two different Content-Length", "Host: 127.0.0.1\r\nContent-Length: %zu\r\nContent-Length: 5\r\n", 0},
        {"two equal Content-Length", "Host: 127.0.0.1\r\nContent-Length: %zu\r\nContent-Length: %zu\r\n", 0},
        {"Content-Length and Transfer-Encoding", "Host: 127.0.0.1\r\nContent-Length: %zu\r\nTransfer-Encoding: chunked\r\n", 0},
        {"HTTP/1.1 without Host", "Content-Length: %zu\r\n", 0},
        {"two Host headers", "Host: 127.0.0.1\r\nHost: evil.example\r\nContent-Length: %zu\r\n", 0},
        {"HTTP/1.0 with two Host headers", "Host: 127.0.0.1\r\nHost: evil.example\r\nContent-Length: %zu\r\n", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char framing[256];
        snprintf(framing, sizeof framing, cases[i].framing, n, n);
        snprintf(req, sizeof req, "POST /api/v1/progress-updates HTTP/1.%d\r\n%s\r\nContent-Type: application/json\r\n%s\r\n%s",
                 cases[i].version10 ? 0 : 1, FX.metbody, framing, json);
        raw(req, &r);
        check_problem(cases[i].what, &r, 400);
        t_http_free(&r);
    }
    assert_int_equal(updates(), before);

    /* HTTP/1.0 needs no Host */
    raw("GET /api/v1/bodies HTTP/1.0\r\n\r\n", &r);
    assert_int_equal(r.status, 200);
    t_http_free(&r);
}

/* Replies libmicrohttpd builds before our code runs: a status and a body,
 * though not our headers (docs/security.md, known gaps). */
static void library_refusals_have_a_body(void **state)
{
    (void)state;
    t_http_t r;
    raw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nno colon here\r\n\r\n", &r);
    assert_int_equal(r.status, 400);
    assert_true(r.len > 0);
    t_http_free(&r);
    text_t q = {NULL, 0};
    put(&q, "%s", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ");
    put(&q, "%0*d", 40000, 0);
    put(&q, "%s", "\r\n\r\n");
    raw(q.p, &r);
    assert_int_equal(r.status, 431);
    assert_true(r.len > 0);
    t_http_free(&r);
    text_free(&q);
    /* and the server still serves */
    raw("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", &r);
    assert_int_equal(r.status, 200);
    t_http_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(many_query_arguments_get_414),
        cmocka_unit_test(unknown_transfer_encoding_gets_501),
        cmocka_unit_test(ambiguous_framing_gets_400),
        cmocka_unit_test(library_refusals_have_a_body),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
