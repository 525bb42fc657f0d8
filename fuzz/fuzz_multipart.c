/*
 * fuzz_multipart.c: libFuzzer target for evidence uploads as a browser's
 * form sends them (multipart/form-data), through the real server: the body
 * is spooled to a temporary file by src/http/server.c, split by
 * form_upload_parse (libmicrohttpd's post processor, a piece at a time) and,
 * on the real route, stored by store_evidence_add_file.
 *
 * LLVMFuzzerInitialize creates a demo database in a temporary directory
 * with one progress update of the Met, logs in the inspector (who may add
 * evidence to any body) for a session and its CSRF token, and starts the
 * server with no listening socket; each request is written into a
 * socketpair handed to it (as fuzz/fuzz_headers.c does).
 *
 * Each input is sent twice:
 *   POST /_fuzz/evidence: a handler that runs form_upload_parse on the
 *     spooled body and again on a copy of it in memory, and checks both
 *     agree (result, csrf_token, file name and type, number of file parts,
 *     the file's bytes), that the file part's temporary file holds exactly
 *     file_len bytes, and that strings stay terminated;
 *   POST /record/progress-updates/ID/evidence with the session cookie: the
 *     real handler, which must answer without a server error.
 *
 * Input: the first line is the boundary (Content-Type "multipart/form-data;
 * boundary=LINE"; a line starting with '!' is the whole Content-Type
 * instead), the rest is the body. "@C" anywhere becomes the session's CSRF
 * token, so the fuzzer reaches the store.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <jansson.h>
#include "api/api.h"
#include "routes/routes.h"
#include "cli/cli.h"
#include "core/buf.h"
#include "http/http.h"
#include "http/server.h"
#include "store/accounts.h"
#include "store/pool.h"
#include "store/store.h"
#include "web/form.h"
#include "web/forms.h"

static char g_dir[64], g_db[256];
static char g_session[ACCOUNTS_TOKEN_SIZE], g_csrf[ACCOUNTS_TOKEN_SIZE];
static long long g_update;
static store_pool_t *g_pool;
static app_t g_app;
static http_config_t g_cfg;
static http_server_t *g_srv;

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "fuzz_multipart: check failed: %s (line %d)\n", #c, __LINE__); __builtin_trap(); } } while (0)

/* The whole of fd's file (malloc'd, *n bytes). */
static char *slurp(int fd, size_t *n)
{
    struct stat st;
    CHECK(fstat(fd, &st) == 0);
    *n = (size_t)st.st_size;
    char *p = malloc(*n + 1);
    CHECK(p);
    CHECK(pread(fd, p, *n, 0) == (ssize_t)*n);
    return p;
}

/* form_upload_parse on the spooled body and on the same bytes in memory. */
static int fuzz_parse(http_request_t *req, http_response_t *resp)
{
    CHECK(req->body_in_file);   /* an upload the inspector may send: spooled */
    form_upload_t a, b;
    int ra = form_upload_parse(req, &a);
    http_request_t mem = *req;
    char *copy = malloc(req->body_len + 1);
    CHECK(copy);
    CHECK(http_request_body_read(req, 0, copy, req->body_len) == (long)req->body_len);
    copy[req->body_len] = '\0';
    mem.body = copy;
    mem.body_in_file = 0;
    mem.body_fd = -1;
    int rb = form_upload_parse(&mem, &b);
    CHECK(ra == 0 || ra == -1);
    CHECK(ra == rb);
    if (ra == 0) {
        CHECK(a.csrf_len < sizeof a.csrf && a.csrf[a.csrf_len] == '\0');
        CHECK(memchr(a.filename, '\0', sizeof a.filename) && memchr(a.content_type, '\0', sizeof a.content_type));
        CHECK(a.csrf_len == b.csrf_len && memcmp(a.csrf, b.csrf, a.csrf_len) == 0);
        CHECK(strcmp(a.filename, b.filename) == 0 && strcmp(a.content_type, b.content_type) == 0);
        CHECK(a.nfiles == b.nfiles && a.nfiles >= 0 && a.file_len == b.file_len);
        CHECK(a.file_len <= req->body_len);
        CHECK((a.file_len > 0) == (a.file_fd >= 0));
        if (a.file_fd >= 0) {
            size_t na, nb;
            char *fa = slurp(a.file_fd, &na), *fb = slurp(b.file_fd, &nb);
            CHECK(na == a.file_len && nb == na && memcmp(fa, fb, na) == 0);
            free(fa);
            free(fb);
        }
        form_upload_free(&a);
        form_upload_free(&b);
    }
    free(copy);
    http_response_set(resp, 200, "text/plain", strdup("ok"), 2);
    return 0;
}

static const http_route_t ROUTES[] = {
    {"POST", "/_fuzz/evidence", fuzz_parse, "fuzz: form_upload_parse"},
    {"POST", "/record/progress-updates/{id}/evidence", web_evidence_upload, "the upload form"},
    {NULL, NULL, NULL, NULL},
};

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
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    signal(SIGPIPE, SIG_IGN);
    snprintf(g_dir, sizeof g_dir, "%s/fuzz_multipart.XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(g_dir)) abort();
    snprintf(g_db, sizeof g_db, "%s/demo.db", g_dir);
    atexit(cleanup);
    char *args[] = {"demo", g_db, NULL};
    int so = dup(1), dn = open("/dev/null", O_WRONLY);   /* cmd_demo prints the demo passwords */
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
    long long retry = 0;
    if (store_open(g_db, STORE_OPEN_EXISTING, &s, &err) != 0) abort();
    const account_demo_t *hmi = NULL;
    for (const account_demo_t *d = accounts_demo_users; d->username; d++)
        if (strcmp(d->username, "hmi") == 0) hmi = d;
    if (!hmi
        || store_exec(s, NULL, &g_update, &err,
                      "INSERT INTO progress_updates (body_id, submitted_on, author, text)"
                      " VALUES ((SELECT id FROM bodies WHERE code = 'met'), '2025-06-01', 'MPS', 'Fuzz')", "") != 0
        || accounts_login(s, hmi->username, hmi->password, "127.0.0.1", (long long)time(NULL), &u, g_session, g_csrf,
                          &retry, &err) != 0) {
        fprintf(stderr, "fuzz_multipart: %s\n", err.message);
        abort();
    }
    store_close(s);
    if (store_pool_open(g_db, 2, &g_pool, &err) != 0) abort();
    g_app = (app_t){g_pool, "2026-06-01", 0, NULL, NULL, NULL};
    g_cfg = (http_config_t){
        .address = "127.0.0.1", .port = 0, .threads = 1, .timeout_s = 10, .max_connections = 16,
        .max_body = 1 << 20, .routes = ROUTES, .upload_suffix = "/evidence", .max_upload = (size_t)20 << 20,
        .upload_allowed = api_upload_allowed, .upload_done = api_upload_done, .guard = routes_guard,
        .spool_dir = g_dir, .error = api_problem_http, .app = &g_app, .access_log = 0, .no_listen = 1,
    };
    if (http_server_start(&g_cfg, &g_srv, &err) != 0) {
        fprintf(stderr, "fuzz_multipart: %s\n", err.message);
        abort();
    }
    return 0;
}

/* Sends req to the server on a new socketpair and returns the reply's status. */
static int exchange(const buf_t *req)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) != 0) abort();
    size_t off = 0;
    while (off < req->len) {   /* what the socket takes before the server sees it */
        ssize_t w = send(sv[0], req->data + off, req->len - off, MSG_NOSIGNAL);
        if (w <= 0) break;
        off += (size_t)w;
    }
    struct sockaddr_un peer;
    memset(&peer, 0, sizeof peer);
    peer.sun_family = AF_UNIX;
    if (http_server_add_connection(g_srv, sv[1], (const struct sockaddr *)&peer, sizeof peer) != 0) abort();
    while (off < req->len) {
        struct pollfd pf = {sv[0], POLLOUT, 0};
        int pr = poll(&pf, 1, 8000);
        if (pr < 0 && errno == EINTR) continue;
        if (pr <= 0) break;
        ssize_t w = send(sv[0], req->data + off, req->len - off, MSG_NOSIGNAL);
        if (w < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (w <= 0) break;   /* answered early (413) and closed */
        off += (size_t)w;
    }
    char head[64];
    size_t got = 0;
    int waited = 0;
    for (;;) {
        struct pollfd pf = {sv[0], POLLIN, 0};
        int pr = poll(&pf, 1, 1000);
        if (pr < 0 && errno == EINTR) continue;
        if (pr == 0) {
            CHECK(++waited < 8);   /* 8 s with no reply: a hang */
            continue;
        }
        char chunk[65536];
        ssize_t r = read(sv[0], chunk, sizeof chunk);
        if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (r <= 0) break;
        for (ssize_t i = 0; i < r && got < sizeof head - 1; i++) head[got++] = chunk[i];
    }
    close(sv[0]);
    head[got] = '\0';
    CHECK(got >= 12 && memcmp(head, "HTTP/1.", 7) == 0);
    return atoi(head + 9);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data, *end = p + size;
    const char *nl = memchr(p, '\n', size);
    size_t blen = nl ? (size_t)(nl - p) : size;
    buf_t type = BUF_INIT, body = BUF_INIT;
    if (blen && p[0] == '!') buf_append(&type, p + 1, blen - 1);
    else {
        buf_puts(&type, "multipart/form-data");
        if (blen) {
            buf_puts(&type, "; boundary=");
            buf_append(&type, p, blen);
        }
    }
    for (size_t i = 0; i < type.len; i++)   /* our framing: one header line */
        if (type.data[i] == '\r' || type.data[i] == '\n' || type.data[i] == '\0') type.data[i] = ' ';
    for (const char *b = nl ? nl + 1 : end; b < end; b++) {
        if (*b == '@' && b + 1 < end && b[1] == 'C') {
            buf_puts(&body, g_csrf);
            b++;
        } else {
            buf_append(&body, b, 1);
        }
    }
    for (int round = 0; round < 2 && !type.failed && !body.failed; round++) {
        buf_t req = BUF_INIT;
        if (round == 0) buf_puts(&req, "POST /_fuzz/evidence HTTP/1.1\r\n");
        else buf_printf(&req, "POST /record/progress-updates/%lld/evidence HTTP/1.1\r\n", g_update);
        buf_printf(&req, "Host: 127.0.0.1\r\nConnection: close\r\nCookie: ov_session=%s\r\nContent-Type: %s\r\n"
                         "Content-Length: %zu\r\n\r\n", g_session, type.data, body.len);
        buf_append(&req, body.data ? body.data : "", body.len);
        if (!req.failed) {
            int status = exchange(&req);
            if (status >= 500) fprintf(stderr, "fuzz_multipart: round %d: status %d\n", round, status);
            CHECK(status >= 200 && status < 500);
            if (round == 0) CHECK(status == 200);
        }
        buf_free(&req);
    }
    buf_free(&type);
    buf_free(&body);
    return 0;
}
