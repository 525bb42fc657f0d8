/*
 * fuzz_headers.c: libFuzzer target for what a request carries besides its
 * path and JSON body: the query string, Cookie (ov_session), Authorization
 * (Bearer), If-Match / If-None-Match, X-CSRF-Token and url-encoded form
 * bodies, read through libmicrohttpd exactly as the server reads them.
 *
 * LLVMFuzzerInitialize creates a demo database in a temporary directory
 * (cmd_demo, as `oversight demo` does: the reference bodies, the Met's
 * record, the demo accounts), logs in as the inspector for a session and
 * its CSRF token, makes an API token, and starts the real server
 * (src/http/server.c) with no listening socket: each input is one request
 * written into a socketpair handed to the server (http_server_add_connection),
 * and the reply is read back. No network is used.
 *
 * The route table is the application's GET/HEAD routes (API and pages, so
 * their handlers run with fuzzed queries and credentials; writes are left
 * out so inputs stay independent) plus GET/POST /_fuzz/parse, whose handler
 * calls the parsers directly and checks them: app_cookie_session,
 * app_bearer_token, api_if_match / api_if_match_required, api_actor,
 * app_actor_form, http_request_query and http_request_form.
 *
 * Input: lines, in order (a missing or empty line = header absent):
 *   METHOD TARGET      (path and query; spaces and control bytes are sent %-escaped)
 *   Cookie
 *   Authorization
 *   If-Match
 *   If-None-Match
 *   X-CSRF-Token
 *   Content-Type       (empty: application/x-www-form-urlencoded for a body)
 *   body...            (the rest, newlines included)
 * In every field "@S" becomes the live session token, "@T" the API token
 * and "@C" the session's CSRF token, so the fuzzer reaches signed-in code.
 * Any reply with a 5xx status, no reply, or a failed check aborts.
 */
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <signal.h>
#include <fcntl.h>
#include <time.h>
#include <jansson.h>
#include "api/api.h"
#include "routes/routes.h"
#include "api/record.h"
#include "cli/cli.h"
#include "core/buf.h"
#include "http/http.h"
#include "http/server.h"
#include "store/accounts.h"
#include "store/pool.h"
#include "store/store.h"

static char g_dir[64];
static char g_db[256];
static char g_session[ACCOUNTS_TOKEN_SIZE], g_csrf[ACCOUNTS_TOKEN_SIZE], g_token[ACCOUNTS_TOKEN_SIZE];
static store_pool_t *g_pool;
static app_t g_app;
static http_config_t g_cfg;
static http_server_t *g_srv;
static http_route_t *g_routes;

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "fuzz_headers: check failed: %s (line %d)\n", #c, __LINE__); __builtin_trap(); } } while (0)

static const char *const QUERY_NAMES[] = {"as_of", "body", "next", "limit", "offset", "format", "table", "id",
                                          "entity", "to", "before", "filename", "saved", "attached", NULL};

/* The direct checks, run inside the server on the fuzzer's request. */
static int fuzz_parse(http_request_t *req, http_response_t *resp)
{
    char out[ACCOUNTS_TOKEN_SIZE];
    const char *cookie = http_request_header(req, "Cookie");
    int has = app_cookie_session(cookie, out);
    CHECK(has == 0 || has == 1);
    CHECK(strlen(out) < ACCOUNTS_TOKEN_SIZE);
    if (has) CHECK(out[0] != '\0' && cookie && strstr(cookie, "ov_session="));
    else CHECK(out[0] == '\0');

    const char *auth = http_request_header(req, "Authorization");
    if (auth) {
        int rc = app_bearer_token(auth, out);
        CHECK(rc == 0 || rc == -1);
        CHECK(strlen(out) < ACCOUNTS_TOKEN_SIZE);
        if (rc == 0) CHECK(out[0] != ' ');
        else CHECK(out[0] == '\0');
    }

    http_response_t r;
    memset(&r, 0, sizeof r);
    long long v = api_if_match(req, &r);
    const char *im = http_request_header(req, "If-Match");
    CHECK(im ? v >= 0 || v == -2 : v == -1);
    CHECK(v == -2 ? r.status == 400 && r.body && r.body_len > 0 : r.status == 0);
    free(r.body);
    memset(&r, 0, sizeof r);
    long long w = api_if_match_required(req, &r);
    CHECK(w == v && (w == -1 ? r.status == 428 : w == -2 ? r.status == 400 : r.status == 0));
    free(r.body);

    memset(&r, 0, sizeof r);
    app_actor_t a;
    int arc = api_actor(req, &r, &a);
    CHECK(arc == 0 ? r.status == 0 && a.role[0] : (r.status == 401 || r.status == 403) && r.body);
    if (arc == 0 && a.user_id == 0) CHECK(strcmp(a.role, "public") == 0);
    free(r.body);
    char csrf[ACCOUNTS_TOKEN_SIZE], session[ACCOUNTS_TOKEN_SIZE];
    ov_error_t aerr = {0};
    arc = app_actor_form(req, &a, csrf, session, &aerr);
    /* a form is not asked for X-CSRF-Token; every refusal is a 401's */
    CHECK(arc == 0 || arc == APP_ACTOR_SCHEME || arc == APP_ACTOR_UNKNOWN || arc == APP_ACTOR_ENDED);
    if (arc != 0) CHECK(aerr.message[0] && strcmp(a.role, "public") == 0 && a.user_id == 0);
    if (arc == 0 && a.via_session) CHECK(strcmp(csrf, g_csrf) == 0 && strcmp(session, g_session) == 0);

    buf_t b = BUF_INIT;
    for (int i = 0; QUERY_NAMES[i]; i++) {
        const char *q = http_request_query(req, QUERY_NAMES[i]);
        if (q) buf_printf(&b, "%s=%zu;", QUERY_NAMES[i], strlen(q));
    }
    http_form_t form;
    if (http_request_form(req, &form) == 0) {
        CHECK(form.n >= 0 && form.n <= HTTP_FORM_MAX_FIELDS);
        for (int i = 0; i < form.n; i++) {
            CHECK(form.fields[i].name && form.fields[i].value);
            const char *first = http_form_get(&form, form.fields[i].name);
            CHECK(first);
            buf_printf(&b, "%zu:%zu;", strlen(form.fields[i].name), strlen(first));
        }
        http_form_free(&form);
        CHECK(form.n == 0);
    } else {
        CHECK(form.n == 0);
    }
    buf_free(&b);
    http_response_set(resp, 200, "text/plain", strdup("ok"), 2);
    return 0;
}

static void cleanup(void)
{
    if (g_srv) http_server_stop(g_srv);
    if (g_pool) store_pool_free(g_pool);
    char path[300];
    static const char *const side[] = {"", "-wal", "-shm", NULL};
    for (int i = 0; side[i]; i++) {
        snprintf(path, sizeof path, "%s%s", g_db, side[i]);
        unlink(path);
    }
    rmdir(g_dir);
    free(g_routes);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    signal(SIGPIPE, SIG_IGN);
    /* tmpfs when there is one: commits' fsyncs cost nothing and cannot stall a run */
    snprintf(g_dir, sizeof g_dir, "%s/fuzz_headers.XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(g_dir)) abort();
    snprintf(g_db, sizeof g_db, "%s/demo.db", g_dir);
    atexit(cleanup);
    char *args[] = {"demo", g_db, NULL};
    int so = dup(1), dn = open("/dev/null", 1);   /* cmd_demo prints the demo passwords */
    fflush(stdout);
    dup2(dn, 1);
    int rc = cmd_demo(2, args);
    fflush(stdout);
    dup2(so, 1);
    close(so);
    close(dn);
    if (rc != 0) abort();

    ov_error_t err = {0};
    store_t *s = NULL;
    account_t u;
    long long retry = 0, id = 0;
    if (store_open(g_db, STORE_OPEN_EXISTING, &s, &err) != 0) abort();
    const account_demo_t *hmi = NULL;
    for (const account_demo_t *d = accounts_demo_users; d->username; d++)
        if (strcmp(d->username, "hmi") == 0) hmi = d;
    if (!hmi || accounts_login(s, hmi->username, hmi->password, "127.0.0.1", (long long)time(NULL), &u, g_session,
                               g_csrf, &retry, &err) != 0
        || accounts_token_create(s, "met", "fuzz", (long long)time(NULL), &id, g_token, &err) != 0) {
        fprintf(stderr, "fuzz_headers: %s\n", err.message);
        abort();
    }
    store_close(s);
    if (store_pool_open(g_db, 2, &g_pool, &err) != 0) abort();

    size_t n = 0;
    for (const http_route_t *r = routes_table; r->pattern; r++) n++;
    g_routes = calloc(n + 3, sizeof *g_routes);
    if (!g_routes) abort();
    size_t k = 0;
    g_routes[k++] = (http_route_t){"GET", "/_fuzz/parse", fuzz_parse, "fuzz: the parsers"};
    g_routes[k++] = (http_route_t){"POST", "/_fuzz/parse", fuzz_parse, "fuzz: the parsers"};
    for (const http_route_t *r = routes_table; r->pattern; r++)
        if (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0) g_routes[k++] = *r;

    g_app = (app_t){g_pool, "2026-06-01", 0, NULL, NULL, routes_table};
    g_cfg = (http_config_t){
        .address = "127.0.0.1", .port = 0, .threads = 1, .timeout_s = 10, .max_connections = 16,
        .max_body = 1 << 20, .routes = g_routes, .upload_suffix = "/evidence", .max_upload = (size_t)20 << 20,
        .upload_allowed = api_upload_allowed, .upload_done = api_upload_done, .guard = routes_guard, .finish = routes_finish, .error = api_problem_http, .app = &g_app, .access_log = 0,
        .no_listen = 1,
    };
    if (http_server_start(&g_cfg, &g_srv, &err) != 0) {
        fprintf(stderr, "fuzz_headers: %s\n", err.message);
        abort();
    }
    return 0;
}

/* Appends field (n bytes) with the placeholders replaced; header values
 * lose bytes that would end the header line (the framing is ours). */
static void put_field(buf_t *b, const char *f, size_t n, int header)
{
    for (size_t i = 0; i < n; i++) {
        if (f[i] == '@' && i + 1 < n && (f[i + 1] == 'S' || f[i + 1] == 'T' || f[i + 1] == 'C')) {
            buf_puts(b, f[i + 1] == 'S' ? g_session : f[i + 1] == 'T' ? g_token : g_csrf);
            i++;
            continue;
        }
        unsigned char c = (unsigned char)f[i];
        if (header && (c == '\r' || c == '\n' || c == '\0')) c = ' ';
        buf_append(b, (const char *)&c, 1);
    }
}

/* The request target: spaces and control bytes %-escaped, a leading '/'. */
static void put_target(buf_t *b, const char *f, size_t n)
{
    buf_t raw = BUF_INIT;
    put_field(&raw, f, n, 0);
    if (!raw.len || raw.data[0] != '/') buf_puts(b, "/");
    for (size_t i = 0; i < raw.len; i++) {
        unsigned char c = (unsigned char)raw.data[i];
        if (c <= 0x20 || c == 0x7f) buf_printf(b, "%%%02X", c);
        else buf_append(b, (const char *)&c, 1);
    }
    buf_free(&raw);
}

/* Hands fd to the server as a local client. */
static void add_connection(int fd)
{
    /* a local peer: no client address (as behind a proxy socket) */
    struct sockaddr_un peer;
    memset(&peer, 0, sizeof peer);
    peer.sun_family = AF_UNIX;
    if (http_server_add_connection(g_srv, fd, (const struct sockaddr *)&peer, sizeof peer) != 0) abort();
}

static const char *const HEADERS[] = {"Cookie", "Authorization", "If-Match", "If-None-Match", "X-CSRF-Token",
                                      "Content-Type", NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data, *end = p + size;
    const char *line[8];
    size_t len[8];
    int nl = 0;
    while (nl < 7) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        line[nl] = p;
        len[nl] = e ? (size_t)(e - p) : (size_t)(end - p);
        nl++;
        if (!e) { p = end; break; }
        p = e + 1;
    }
    const char *body = p;
    size_t body_len = (size_t)(end - p);

    const char *sp = memchr(line[0], ' ', len[0]);
    if (!sp) return 0;
    size_t mlen = (size_t)(sp - line[0]);
    const char *method = NULL;
    static const char *const METHODS[] = {"GET", "HEAD", "POST", NULL};
    for (int i = 0; METHODS[i]; i++)
        if (mlen == strlen(METHODS[i]) && memcmp(line[0], METHODS[i], mlen) == 0) method = METHODS[i];
    if (!method) return 0;

    buf_t req = BUF_INIT;
    buf_printf(&req, "%s ", method);
    put_target(&req, sp + 1, len[0] - mlen - 1);
    buf_puts(&req, " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    int have_type = 0;
    for (int i = 0; HEADERS[i]; i++) {
        if (i + 1 >= nl || len[i + 1] == 0) continue;
        buf_printf(&req, "%s: ", HEADERS[i]);
        put_field(&req, line[i + 1], len[i + 1], 1);
        buf_puts(&req, "\r\n");
        if (strcmp(HEADERS[i], "Content-Type") == 0) have_type = 1;
    }
    if (strcmp(method, "POST") == 0) {
        if (!have_type) buf_puts(&req, "Content-Type: application/x-www-form-urlencoded\r\n");
        buf_t b = BUF_INIT;
        put_field(&b, body, body_len, 0);
        buf_printf(&req, "Content-Length: %zu\r\n\r\n", b.len);
        if (b.len) buf_append(&req, b.data, b.len);
        buf_free(&b);
    } else {
        buf_puts(&req, "\r\n");
    }
    if (req.failed) {
        buf_free(&req);
        return 0;
    }

    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) != 0) abort();
    /* as much of the request as the socket takes goes in before the server
     * sees the connection; the rest (a large body) after */
    size_t off = 0;
    while (off < req.len) {
        ssize_t w = send(sv[0], req.data + off, req.len - off, MSG_NOSIGNAL);
        if (w <= 0) break;
        off += (size_t)w;
    }
    if (off == req.len) shutdown(sv[0], SHUT_WR);
    add_connection(sv[1]);
    while (off < req.len) {
        struct pollfd pf = {sv[0], POLLOUT, 0};
        int pr = poll(&pf, 1, 8000);
        if (pr < 0 && errno == EINTR) continue;
        if (pr <= 0) break;
        ssize_t w = send(sv[0], req.data + off, req.len - off, MSG_NOSIGNAL);
        if (w < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (w <= 0) break;   /* the server may answer (400, 413) and close early */
        off += (size_t)w;
    }
    shutdown(sv[0], SHUT_WR);
    buf_free(&req);

    buf_t reply = BUF_INIT;
    char chunk[65536];
    int waited = 0;
    for (;;) {
        struct pollfd pf = {sv[0], POLLIN, 0};
        int pr = poll(&pf, 1, 1000);
        if (pr < 0 && errno == EINTR) continue;   /* libFuzzer's SIGALRM for -timeout */
        if (pr == 0) {
            CHECK(++waited < 8);   /* 8 s with no reply: a hang */
            continue;
        }
        CHECK(pr > 0);
        ssize_t r = read(sv[0], chunk, sizeof chunk);
        if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (r <= 0) break;
        if (reply.len < 64) buf_append(&reply, chunk, (size_t)r);
    }
    close(sv[0]);
    /* "HTTP/1.1 NNN ": every request gets a status, never a server error */
    CHECK(reply.len >= 12 && memcmp(reply.data, "HTTP/1.", 7) == 0);
    int status = atoi(reply.data + 9);
    if (getenv("FUZZ_HEADERS_TRACE")) fprintf(stderr, "fuzz_headers: %d\n", status);
    if (status >= 500) fprintf(stderr, "fuzz_headers: status %d\n", status);
    CHECK(status >= 100 && status < 500);
    buf_free(&reply);
    return 0;
}
