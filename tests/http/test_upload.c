/* test_upload.c: evidence uploads on the real server. An upload's body is
 * spooled to a temporary file and stored from there a piece at a time, so
 * the bytes and the SHA-256 the server keeps are those sent (binary bytes,
 * NULs and boundary-like lines included), through the API (raw body) and
 * the browser form (multipart/form-data). One user may have two uploads in
 * flight: a third gets 429 with Retry-After and a problem body, from its
 * headers alone, while another user's upload goes through; once one ends,
 * the next is accepted. And the server's memory does not grow with the
 * uploads in flight: six 20 MiB uploads held one byte short of their end
 * raise its resident size by far less than they carry (they used to be
 * buffered whole: 30 of them took it from 27 MB to 653 MB). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "support/support.h"

#define MIB ((size_t)1 << 20)

static t_site_t S;
static struct {
    char met[3][160];          /* Bearer headers of three met body users */
    char kent[160];            /* a kent body user */
    long long update_id;       /* a progress update of met */
} FX;

static int setup(void **state)
{
    (void)state;
    if (sodium_init() < 0 || t_site_init(&S, "upload.db", T_SITE_DEMO) != 0) return -1;
    for (int i = 0; i < 3; i++) {
        char name[32];
        snprintf(name, sizeof name, "up_met%d", i);
        if (t_user_bearer(S.db, name, "body", "met", FX.met[i]) != 0) return -1;
    }
    if (t_user_bearer(S.db, "up_kent", "body", "kent", FX.kent) != 0) return -1;
    if (t_site_serve(&S, t_today) != 0) return -1;
    const char *auth[] = {FX.met[0], NULL};
    t_http_t h;
    if (t_http(S.srv.port, "POST", "/api/v1/progress-updates",
               "{\"body\":\"met\",\"submitted_on\":\"2025-06-01\",\"author\":\"MPS\",\"text\":\"Progress\"}", auth, &h) != 0)
        return -1;
    json_t *j = json_loads(h.body, 0, NULL);
    FX.update_id = h.status == 201 ? json_integer_value(json_object_get(j, "id")) : 0;
    json_decref(j);
    t_http_free(&h);
    return FX.update_id > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

/* len bytes of every value (NULs, CR LF, "--" lines), seeded. */
static unsigned char *bytes(size_t len, uint32_t seed)
{
    unsigned char *p = malloc(len);
    assert_non_null(p);
    uint32_t x = seed ? seed : 1;
    for (size_t i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        p[i] = (unsigned char)x;
    }
    static const char tricky[] = "\r\n--boundary\r\n\r\n--x--\r\n";
    if (len > 4096) memcpy(p + 1000, tricky, sizeof tricky);
    return p;
}

static void sha256_hex(const void *p, size_t len, char hex[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, p, len);
    sodium_bin2hex(hex, 65, h, sizeof h);
}

static void send_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t k = send(fd, c, n, MSG_NOSIGNAL);
        if (k <= 0) {   /* the server answered early: show what */
            t_http_t r;
            t_read_reply(fd, &r);
            fail_msg("send: the server said %ld %s", r.status, r.body);
        }
        c += k;
        n -= (size_t)k;
    }
}

/* Opens an API upload of len bytes as user `auth` and sends its headers
 * and the first `part` bytes of data. The socket. */
static int upload_begin(const char *auth, const unsigned char *data, size_t len, size_t part)
{
    int fd = t_connect(S.srv.port, NULL, 60);
    assert_true(fd >= 0);
    char head[512];
    snprintf(head, sizeof head,
             "POST /api/v1/progress-updates/%lld/evidence?filename=report.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n"
             "Content-Type: application/octet-stream\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
             FX.update_id, auth, len);
    send_all(fd, head, strlen(head));
    if (part) send_all(fd, data, part);
    return fd;
}

/* Opens an API upload of len bytes with "Expect: 100-continue" and reads
 * the server's first answer to its headers into *status: 100 when the
 * upload is accepted (send the body next), else the refusal (429). */
static int upload_expect(const char *auth, size_t len, long *status)
{
    int fd = t_connect(S.srv.port, NULL, 20);
    assert_true(fd >= 0);
    char head[512], got[4096];
    snprintf(head, sizeof head,
             "POST /api/v1/progress-updates/%lld/evidence?filename=probe.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n"
             "Content-Length: %zu\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n", FX.update_id, auth, len);
    send_all(fd, head, strlen(head));
    size_t n = 0;
    got[0] = '\0';
    while (n + 1 < sizeof got && !strstr(got, "\r\n\r\n")) {
        ssize_t k = recv(fd, got + n, 1, 0);   /* byte by byte: the body's reply must stay unread */
        if (k <= 0) break;
        got[++n] = '\0';
    }
    *status = strncmp(got, "HTTP/1.1 ", 9) == 0 ? strtol(got + 9, NULL, 10) : 0;
    return fd;
}

/* Waits (up to 5 s) until user `auth` may have two uploads in flight: the
 * server gives a place back when it sees a broken-off upload's connection
 * close, which takes a moment. Two one-byte uploads are made and stored. */
static void wait_upload_places(const char *auth)
{
    for (int tries = 0; tries < 50; tries++) {
        long s1 = 0, s2 = 0;
        int a = upload_expect(auth, 1, &s1), b = upload_expect(auth, 1, &s2);
        if (s1 == 100 && s2 == 100) {
            t_http_t r;
            send_all(a, "x", 1);
            send_all(b, "x", 1);
            t_read_reply(a, &r);
            assert_int_equal(r.status, 201);
            t_http_free(&r);
            t_read_reply(b, &r);
            assert_int_equal(r.status, 201);
            t_http_free(&r);
            close(a);
            close(b);
            return;
        }
        close(a);
        close(b);
        usleep(100 * 1000);
    }
    fail_msg("the server did not give back the places of finished uploads");
}

/* Sends the rest of an upload begun with upload_begin and reads the reply. */
static void upload_end(int fd, const unsigned char *data, size_t len, size_t part, t_http_t *r)
{
    if (len > part) send_all(fd, data + part, len - part);
    t_read_reply(fd, r);
    close(fd);
}

/* The evidence file's metadata (GET /api/v1/evidence-files/{id}) and content. */
static void check_stored(long long id, const unsigned char *data, size_t len)
{
    char hex[65], path[120], got[80];
    sha256_hex(data, len, hex);
    const char *auth[] = {FX.met[0], NULL};
    t_http_t r;
    snprintf(path, sizeof path, "/api/v1/evidence-files/%lld", id);
    assert_int_equal(t_http(S.srv.port, "GET", path, NULL, auth, &r), 0);
    assert_int_equal(r.status, 200);
    json_t *j = json_loads(r.body, 0, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "sha256")), hex);
    assert_int_equal(json_integer_value(json_object_get(j, "size")), (long long)len);
    json_decref(j);
    t_http_free(&r);
    snprintf(path, sizeof path, "/api/v1/evidence-files/%lld/content", id);
    assert_int_equal(t_http(S.srv.port, "GET", path, NULL, auth, &r), 0);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.len, len);
    assert_memory_equal(r.body, data, len);
    assert_int_equal(t_http_header(&r, "X-Content-SHA256", got, sizeof got), 0);
    assert_string_equal(got, hex);
    t_http_free(&r);
}

static long long reply_id(const t_http_t *r)
{
    if (r->status != 201) fail_msg("upload: %ld %s", r->status, r->body);
    json_t *j = json_loadb(r->body, r->len, 0, NULL);
    long long id = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    assert_true(id > 0);
    return id;
}

static void api_upload_keeps_bytes_and_sha256(void **state)
{
    (void)state;
    size_t len = 3 * MIB + 17;
    unsigned char *data = bytes(len, 7);
    t_http_t r;
    upload_end(upload_begin(FX.met[0], data, len, 0), data, len, 0, &r);
    long long id = reply_id(&r);
    char hex[65];
    sha256_hex(data, len, hex);
    json_t *j = json_loadb(r.body, r.len, 0, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "sha256")), hex);
    json_decref(j);
    t_http_free(&r);
    check_stored(id, data, len);
    /* the same contents again: another file, the same digest and bytes */
    upload_end(upload_begin(FX.met[1], data, len, 0), data, len, 0, &r);
    long long again = reply_id(&r);
    t_http_free(&r);
    assert_true(again != id);
    check_stored(again, data, len);
    free(data);
}

static void form_upload_keeps_bytes_and_sha256(void **state)
{
    (void)state;
    /* a session for met's user, and its CSRF token */
    t_http_t r;
    assert_int_equal(t_http(S.srv.port, "POST", "/api/v1/session",
                            "{\"username\":\"up_met2\",\"password\":\"password-up_met2\"}", NULL, &r), 0);
    assert_int_equal(r.status, 201);
    json_t *j = json_loads(r.body, 0, NULL);
    char csrf[128], sc[256], cookie[200];
    snprintf(csrf, sizeof csrf, "%s", json_string_value(json_object_get(j, "csrf_token")));
    json_decref(j);
    assert_int_equal(t_http_header(&r, "Set-Cookie", sc, sizeof sc), 0);
    snprintf(cookie, sizeof cookie, "Cookie: %.*s", (int)strcspn(sc, ";"), sc);
    t_http_free(&r);

    size_t len = 2 * MIB + 3;
    unsigned char *data = bytes(len, 99);
    static const char boundary[] = "----ovtestBOUNDARY";
    char pre[512], head[512];
    snprintf(pre, sizeof pre,
             "--%s\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n%s\r\n"
             "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scan.pdf\"\r\n"
             "Content-Type: application/pdf\r\n\r\n", boundary, csrf, boundary);
    char post[64];
    snprintf(post, sizeof post, "\r\n--%s--\r\n", boundary);
    size_t total = strlen(pre) + len + strlen(post);
    snprintf(head, sizeof head,
             "POST /record/progress-updates/%lld/evidence HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n"
             "Content-Type: multipart/form-data; boundary=%s\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
             FX.update_id, cookie, boundary, total);
    int fd = t_connect(S.srv.port, NULL, 60);
    assert_true(fd >= 0);
    send_all(fd, head, strlen(head));
    send_all(fd, pre, strlen(pre));
    send_all(fd, data, len);
    send_all(fd, post, strlen(post));
    t_read_reply(fd, &r);
    close(fd);
    if (r.status != 303) fail_msg("form upload: %ld %s", r.status, r.body);
    t_http_free(&r);
    /* the newest file of the update is this one */
    const char *auth[] = {FX.met[0], NULL};
    char q[160];
    snprintf(q, sizeof q, "/api/v1/evidence-files?progress_update_id=%lld", FX.update_id);
    assert_int_equal(t_http(S.srv.port, "GET", q, NULL, auth, &r), 0);
    j = json_loads(r.body, 0, NULL);
    long long id = 0;
    json_t *f;
    size_t i;
    json_array_foreach(json_object_get(j, "items"), i, f)
        if (strcmp(json_string_value(json_object_get(f, "filename")), "scan.pdf") == 0)
            id = json_integer_value(json_object_get(f, "id"));
    json_decref(j);
    t_http_free(&r);
    assert_true(id > 0);
    check_stored(id, data, len);
    free(data);
}

static void third_upload_of_a_user_gets_429(void **state)
{
    (void)state;
    size_t len = 2 * MIB;
    unsigned char *data = bytes(len, 3);
    size_t part = MIB;
    int a1 = upload_begin(FX.met[0], data, len, part);
    int a2 = upload_begin(FX.met[0], data, len, part);
    usleep(300 * 1000);   /* both are in flight: headers in, body under way */
    /* a third by the same user: 429 from its headers, its body unread */
    int a3 = upload_begin(FX.met[0], data, len, 0);
    t_http_t r;
    t_read_reply(a3, &r);
    close(a3);
    if (r.status != 429) fail_msg("third upload: %ld %s", r.status, r.body);
    char v[400];
    assert_int_equal(t_http_header(&r, "Retry-After", v, sizeof v), 0);
    assert_true(atoi(v) > 0);
    assert_int_equal(t_http_header(&r, "Content-Type", v, sizeof v), 0);
    assert_string_equal(v, "application/problem+json");
    assert_int_equal(t_http_header(&r, "X-Content-Type-Options", v, sizeof v), 0);
    json_t *j = json_loadb(r.body, r.len, 0, NULL);
    assert_int_equal(json_integer_value(json_object_get(j, "status")), 429);
    assert_non_null(strstr(json_string_value(json_object_get(j, "detail")), "uploads in progress"));
    json_decref(j);
    t_http_free(&r);
    /* the form counts with the API */
    char head[512];
    snprintf(head, sizeof head,
             "POST /record/progress-updates/%lld/evidence HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n"
             "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: %zu\r\n\r\n", FX.update_id, FX.met[0],
             len);
    assert_int_equal(t_raw(S.srv.port, head, strlen(head), 20, &r), 0);
    assert_int_equal(r.status, 429);
    t_http_free(&r);
    /* another user uploads meanwhile */
    upload_end(upload_begin(FX.met[1], data, len, 0), data, len, 0, &r);
    reply_id(&r);
    t_http_free(&r);
    /* the two finish; then the user may upload again */
    upload_end(a1, data, len, part, &r);
    long long id1 = reply_id(&r);
    t_http_free(&r);
    upload_end(a2, data, len, part, &r);
    reply_id(&r);
    t_http_free(&r);
    upload_end(upload_begin(FX.met[0], data, len, 0), data, len, 0, &r);
    reply_id(&r);
    t_http_free(&r);
    check_stored(id1, data, len);
    /* a broken-off upload gives its place back too */
    for (int i = 0; i < 2; i++) close(upload_begin(FX.met[0], data, len, part));
    wait_upload_places(FX.met[0]);
    free(data);
}

/* Found by fuzz/fuzz_multipart.c: a part whose Content-Disposition header
 * name is garbled reached the form's part callback without a name, which
 * was compared with strcmp: a NULL read that killed the server, for anyone
 * (the body is parsed before the login is checked). Now 400. */
static void nameless_part_is_refused(void **state)
{
    (void)state;
    static const char body[] =
        "--XyZb0undary\r\nContent-Dispos\x86tion: form-data; name=\"csrf_token\"\r\n\r\nx\r\n"
        "--XyZb0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"t.bin\"\r\n\r\nunfinished";
    char req[1024];
    snprintf(req, sizeof req,
             "POST /record/progress-updates/%lld/evidence HTTP/1.1\r\nHost: 127.0.0.1\r\n"
             "Content-Type: multipart/form-data; boundary=XyZb0undary\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n%s",
             FX.update_id, strlen(body), body);
    t_http_t r;
    assert_int_equal(t_raw(S.srv.port, req, strlen(req), 20, &r), 0);
    assert_int_equal(r.status, 400);
    t_http_free(&r);
    assert_int_equal(t_http(S.srv.port, "GET", "/healthz", NULL, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    t_http_free(&r);
}

/* The server's resident memory in KiB (VmRSS of /proc/PID/status). */
static long rss_kib(void)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)S.srv.pid);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    long kib = -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0) kib = strtol(line + 6, NULL, 10);
    fclose(f);
    assert_true(kib > 0);
    return kib;
}

static void memory_does_not_grow_with_uploads_in_flight(void **state)
{
    (void)state;
    enum { N = 6 };
    size_t len = 20 * MIB;
    unsigned char *data = bytes(len, 11);
    for (int u = 0; u < 3; u++) wait_upload_places(FX.met[u]);
    long before = rss_kib();
    int fd[N];
    for (int i = 0; i < N; i++) fd[i] = upload_begin(FX.met[i / 2], data, len, len - 1);
    usleep(500 * 1000);   /* the server has read what was sent */
    long during = rss_kib();
    fprintf(stderr, "# server RSS %ld KiB before, %ld KiB with %d uploads of 20 MiB in flight\n", before, during, N);
    /* buffered, the six would add 120 MiB; spooled, a few buffers */
    if (during - before > 40 * 1024)
        fail_msg("RSS grew by %ld KiB while %d uploads of 20 MiB were in flight", during - before, N);
    for (int i = 0; i < N; i++) {
        t_http_t r;
        upload_end(fd[i], data, len, len - 1, &r);
        reply_id(&r);
        t_http_free(&r);
    }
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(api_upload_keeps_bytes_and_sha256),
        cmocka_unit_test(form_upload_keeps_bytes_and_sha256),
        cmocka_unit_test(third_upload_of_a_user_gets_429),
        cmocka_unit_test(memory_does_not_grow_with_uploads_in_flight),
        cmocka_unit_test(nameless_part_is_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
