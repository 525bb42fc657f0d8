/* test_limits.c: request size limits and the security headers, on the
 * real server. Bodies over 1 MiB get 413 (Content-Length refused before the
 * body is read; a chunked body refused as soon as it passes the cap); an
 * evidence upload may be up to 20 MiB, but only for an authenticated caller
 * who may add evidence: anyone else is held to 1 MiB, so the server never
 * buffers 20 MiB for an anonymous POST. Every reply, errors and static
 * files included, carries the security headers (see also test_matrix.c,
 * which checks them on every route for every role). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>
#include "support/support.h"

#define MIB ((size_t)1 << 20)

static t_site_t S;
static struct {
    char metbody[200], kentbody[200];
    long long update_id;     /* a progress update of met */
} FX;

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "limits.db", T_SITE_DEMO) != 0) return -1;
    if (t_user_bearer(S.db, "lim_met", "body", "met", FX.metbody) != 0) return -1;
    if (t_user_bearer(S.db, "lim_kent", "body", "kent", FX.kentbody) != 0) return -1;
    if (t_site_serve(&S, t_today) != 0) return -1;
    /* a progress update of met, by met's own user */
    t_http_t h;
    const char *auth[] = {FX.metbody, NULL};
    if (t_http(S.srv.port, "POST", "/api/v1/progress-updates",
               "{\"body\":\"met\",\"submitted_on\":\"2025-06-01\",\"author\":\"MPS\",\"text\":\"Progress\"}", auth, &h) != 0
        || h.status != 201) {
        fprintf(stderr, "progress update: %ld %s\n", h.status, h.body ? h.body : "");
        t_http_free(&h);
        return -1;
    }
    json_t *j = json_loads(h.body, 0, NULL);
    FX.update_id = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    t_http_free(&h);
    return FX.update_id > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

/* The reply to a raw request: head is sent as is, then `body_len` bytes of
 * 'x' (as chunks of 64 KiB when chunked), stopping quietly when the server
 * has answered and closed. The status and the reply's header block are
 * returned (headers: size n). */
static long raw(const char *head, size_t body_len, int chunked, char *headers, size_t n)
{
    int fd = t_connect(S.srv.port, NULL, 20);
    assert_true(fd >= 0);
    assert_int_equal(send(fd, head, strlen(head), MSG_NOSIGNAL), (ssize_t)strlen(head));
    static char chunk[65536];
    memset(chunk, 'x', sizeof chunk);
    size_t sent = 0;
    int broken = 0;
    while (sent < body_len && !broken) {
        size_t k = body_len - sent < sizeof chunk ? body_len - sent : sizeof chunk;
        char size_line[32];
        if (chunked) {
            snprintf(size_line, sizeof size_line, "%zx\r\n", k);
            broken |= send(fd, size_line, strlen(size_line), MSG_NOSIGNAL) < 0;
        }
        broken |= !broken && send(fd, chunk, k, MSG_NOSIGNAL) < 0;
        if (chunked) broken |= !broken && send(fd, "\r\n", 2, MSG_NOSIGNAL) < 0;
        sent += k;
    }
    if (chunked && !broken) send(fd, "0\r\n\r\n", 5, MSG_NOSIGNAL);
    size_t got = 0;
    headers[0] = '\0';
    while (got + 1 < n && !strstr(headers, "\r\n\r\n")) {
        ssize_t k = recv(fd, headers + got, n - got - 1, 0);
        if (k <= 0) break;
        got += (size_t)k;
        headers[got] = '\0';
    }
    close(fd);
    long status = 0;
    if (strncmp(headers, "HTTP/1.", 7) == 0) status = strtol(headers + 9, NULL, 10);
    char *end = strstr(headers, "\r\n\r\n");
    if (end) end[2] = '\0';
    return status;
}

/* Header name's value in a raw header block, or "". */
static const char *raw_header(const char *headers, const char *name, char *out, size_t n)
{
    out[0] = '\0';
    size_t k = strlen(name);
    for (const char *l = strstr(headers, "\r\n"); l && l[2]; l = strstr(l + 2, "\r\n")) {
        const char *line = l + 2;
        if (strncasecmp(line, name, k) == 0 && line[k] == ':') {
            const char *v = line + k + 1;
            while (*v == ' ') v++;
            snprintf(out, n, "%.*s", (int)strcspn(v, "\r\n"), v);
            break;
        }
    }
    return out;
}

static void check_headers_raw(const char *what, const char *headers)
{
    char v[400];
    if (strcmp(raw_header(headers, "X-Content-Type-Options", v, sizeof v), "nosniff"))
        fail_msg("%s: X-Content-Type-Options '%s'", what, v);
    if (strcmp(raw_header(headers, "X-Frame-Options", v, sizeof v), "DENY")) fail_msg("%s: X-Frame-Options '%s'", what, v);
    if (strcmp(raw_header(headers, "Referrer-Policy", v, sizeof v), "no-referrer"))
        fail_msg("%s: Referrer-Policy '%s'", what, v);
    raw_header(headers, "Content-Security-Policy", v, sizeof v);
    if (!strstr(v, "frame-ancestors 'none'") || !strstr(v, "script-src 'self'") || strstr(v, "unsafe-inline"))
        fail_msg("%s: Content-Security-Policy '%s'", what, v);
}

static void check_headers(const char *what, const t_http_t *r)
{
    char v[400];
    if (t_http_header(r, "X-Content-Type-Options", v, sizeof v) || strcmp(v, "nosniff"))
        fail_msg("%s: no X-Content-Type-Options", what);
    if (t_http_header(r, "X-Frame-Options", v, sizeof v) || strcmp(v, "DENY")) fail_msg("%s: no X-Frame-Options", what);
    if (t_http_header(r, "Referrer-Policy", v, sizeof v) || strcmp(v, "no-referrer")) fail_msg("%s: no Referrer-Policy", what);
    if (t_http_header(r, "Content-Security-Policy", v, sizeof v) || !strstr(v, "frame-ancestors 'none'")
        || !strstr(v, "default-src 'self'") || !strstr(v, "script-src 'self'") || strstr(v, "unsafe-inline"))
        fail_msg("%s: Content-Security-Policy '%s'", what, v);
}

static void upload_over_20_mib_gets_413(void **state)
{
    (void)state;
    char head[1024], hdrs[8192];
    /* refused from the headers alone: nothing of the body is sent */
    snprintf(head, sizeof head,
             "POST /api/v1/progress-updates/%lld/evidence?filename=big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n"
             "Content-Type: application/octet-stream\r\nContent-Length: %zu\r\n\r\n",
             FX.update_id, FX.metbody, 20 * MIB + 1);
    assert_int_equal(raw(head, 0, 0, hdrs, sizeof hdrs), 413);
    check_headers_raw("413 upload", hdrs);
}

static void upload_cap_needs_authentication(void **state)
{
    (void)state;
    char path[160];
    snprintf(path, sizeof path, "/api/v1/progress-updates/%lld/evidence?filename=two.bin", FX.update_id);
    /* 2 MiB: over the ordinary cap, under the upload cap */
    char *two = malloc(2 * MIB + 1);
    memset(two, 'a', 2 * MIB);
    two[2 * MIB] = '\0';
    t_http_t r;
    const char *own[] = {FX.metbody, NULL};
    assert_int_equal(t_http(S.srv.port, "POST", path, two, own, &r), 0);
    if (r.status != 201) fprintf(stderr, "upload: %ld %s\n", r.status, r.body);
    assert_int_equal(r.status, 201);
    t_http_free(&r);
    free(two);
    /* the same without credentials: held to 1 MiB, so 413 from the headers
     * (to a client that waits for "100 Continue" before sending: one that
     * sends anyway has a body this size read and dropped first) */
    char head[1024], hdrs[8192];
    snprintf(head, sizeof head,
             "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\nExpect: 100-continue\r\n"
             "Content-Length: %zu\r\n\r\n",
             path, 2 * MIB);
    assert_int_equal(raw(head, 0, 0, hdrs, sizeof hdrs), 413);
    /* and with a made-up token */
    snprintf(head, sizeof head,
             "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer made-up\r\nExpect: 100-continue\r\n"
             "Content-Length: %zu\r\n\r\n",
             path,
             2 * MIB);
    assert_int_equal(raw(head, 0, 0, hdrs, sizeof hdrs), 413);
    /* a small anonymous upload is simply unauthenticated; another body's user is forbidden */
    const char *none[] = {NULL};
    assert_int_equal(t_http(S.srv.port, "POST", path, "tiny", none, &r), 0);
    assert_int_equal(r.status, 401);
    t_http_free(&r);
    const char *other[] = {FX.kentbody, NULL};
    assert_int_equal(t_http(S.srv.port, "POST", path, "tiny", other, &r), 0);
    assert_int_equal(r.status, 403);
    t_http_free(&r);
}

static void large_form_gets_413(void **state)
{
    (void)state;
    size_t n = MIB + 4096;
    char *form = malloc(n + 1);
    memcpy(form, "title=", 6);
    memset(form + 6, 'a', n - 6);
    form[n] = '\0';
    char head[512], hdrs[8192];
    snprintf(head, sizeof head,
             "POST /record/inspections HTTP/1.1\r\nHost: 127.0.0.1\r\n"
             "Content-Type: application/x-www-form-urlencoded\r\nExpect: 100-continue\r\nContent-Length: %zu\r\n\r\n", n);
    assert_int_equal(raw(head, 0, 0, hdrs, sizeof hdrs), 413);
    check_headers_raw("413 form", hdrs);
    free(form);
}

static void chunked_body_gets_413(void **state)
{
    (void)state;
    char head[512], hdrs[8192];
    snprintf(head, sizeof head,
             "POST /api/v1/inspections HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
             "Transfer-Encoding: chunked\r\n\r\n");
    assert_int_equal(raw(head, 3 * MIB, 1, hdrs, sizeof hdrs), 413);
    check_headers_raw("413 chunked", hdrs);
    /* a chunked body under the cap is read as usual (then refused: no credentials) */
    assert_int_equal(raw(head, 1000, 1, hdrs, sizeof hdrs), 401);
    /* the server still answers */
    t_http_t r;
    assert_int_equal(t_http(S.srv.port, "GET", "/healthz", NULL, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    t_http_free(&r);
}

/* The security headers on error replies and static files. */
static void headers_on_every_kind_of_reply(void **state)
{
    (void)state;
    char path[160];
    snprintf(path, sizeof path, "/api/v1/progress-updates/%lld", FX.update_id);
    const char *kent[] = {FX.kentbody, NULL};
    static const struct { const char *method, *path; long status; int as_kent; } cases[] = {
        {"GET", "/no/such/page", 404, 0},
        {"GET", "/api/v1/no-such-thing", 404, 0},
        {"GET", "/api/v1/audit", 401, 0},
        {"GET", "/api/v1/audit", 403, 1},
        {"DELETE", "/api/v1/bodies", 405, 0},
        {"PUT", "/", 405, 0},
        {"GET", "/static/style.css", 200, 0},
        {"GET", "/static/forms.css", 200, 0},
        {"GET", "/", 200, 0},
        {"GET", "/api/v1/bodies", 200, 0},
        {"HEAD", "/", 200, 0},
        {"GET", "/causes-of-concern/999999", 404, 0},   /* none, or not published: the same */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        t_http_t r;
        assert_int_equal(t_http(S.srv.port, cases[i].method, cases[i].path, NULL, cases[i].as_kent ? kent : NULL, &r), 0);
        char what[200];
        snprintf(what, sizeof what, "%s %s", cases[i].method, cases[i].path);
        if (r.status != cases[i].status) fail_msg("%s: %ld, not %ld", what, r.status, cases[i].status);
        check_headers(what, &r);
        t_http_free(&r);
    }
    /* 403 of another body's row */
    t_http_t r;
    assert_int_equal(t_http(S.srv.port, "GET", path, NULL, kent, &r), 0);
    assert_int_equal(r.status, 403);
    check_headers("403 row", &r);
    t_http_free(&r);
    /* 413 with a Content-Length over the cap */
    char *big = malloc(MIB + 2);
    memset(big, ' ', MIB + 1);
    big[MIB + 1] = '\0';
    assert_int_equal(t_http(S.srv.port, "POST", "/api/v1/inspections", big, NULL, &r), 0);
    assert_int_equal(r.status, 413);
    check_headers("413", &r);
    t_http_free(&r);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(upload_over_20_mib_gets_413),
        cmocka_unit_test(upload_cap_needs_authentication),
        cmocka_unit_test(large_form_gets_413),
        cmocka_unit_test(chunked_body_gets_413),
        cmocka_unit_test(headers_on_every_kind_of_reply),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
