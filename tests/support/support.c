/*
 * support.c: test helpers (processes, temp dirs, HTTP via libcurl).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "support/support.h"
#include <curl/curl.h>
#include <libpq-fe.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int t_mkdtemp(char out[256])
{
    const char *tmp = getenv("TMPDIR");
    snprintf(out, 256, "%s/oversight-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    return mkdtemp(out) ? 0 : -1;
}

void t_rmdir(const char *path)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", path);
}

int t_db_pg(void)
{
    const char *base = getenv("OVERSIGHT_TEST_PG");
    return base && *base;
}

int t_db_url(char out[512], const char *path)
{
    const char *base = getenv("OVERSIGHT_TEST_PG");
    if (!base || !*base) return snprintf(out, 512, "sqlite:%s", path) < 512 ? 0 : -1;
    static int counter;
    char name[64];
    const char *file = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    int n = snprintf(name, sizeof name, "ovt_%d_%d_", (int)getpid(), ++counter);
    for (const char *c = file; *c && *c != '.' && n < 60; c++)
        name[n++] = (char)((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ? *c : '_');
    name[n] = '\0';
    PGconn *c = PQconnectdb(base);
    char sql[128];
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
    PGresult *r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql) : NULL;
    int ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) fprintf(stderr, "t_db_url: %s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    if (!ok) return -1;
    /* the base URL with its database name replaced */
    const char *q = strchr(base, '?');
    size_t end = q ? (size_t)(q - base) : strlen(base);
    const char *slash = base + end;
    while (slash > base && *slash != '/') slash--;
    size_t keep = (slash > base + 2 && slash[-1] != '/') ? (size_t)(slash - base) : end;
    return snprintf(out, 512, "%.*s/%s%s", (int)keep, base, name, q ? q : "") < 512 ? 0 : -1;
}

const char *t_bin(void)
{
    const char *b = getenv("OVERSIGHT_BIN");
    return b && *b ? b : "./oversight";
}

const char *t_src(void)
{
    const char *s = getenv("OVERSIGHT_SRC");
    return s && *s ? s : ".";
}

static char **env_with(char *const extra[])
{
    size_t n = 0, k = 0;
    while (environ[n]) n++;
    while (extra && extra[k]) k++;
    char **env = calloc(n + k + 1, sizeof *env);
    for (size_t i = 0; i < n; i++) env[i] = environ[i];
    for (size_t i = 0; i < k; i++) env[n + i] = extra[i];
    return env;
}

static char *read_all(int fd)
{
    size_t cap = 4096, len = 0;
    char *p = malloc(cap);
    for (;;) {
        if (len + 1024 > cap) p = realloc(p, cap *= 2);
        ssize_t r = read(fd, p + len, cap - len - 1);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        len += (size_t)r;
    }
    p[len] = '\0';
    return p;
}

int t_run(char *const argv[], char *const extra_env[], t_run_t *out)
{
    return t_run_input(argv, extra_env, NULL, out);
}

int t_run_input(char *const argv[], char *const extra_env[], const char *input, t_run_t *out)
{
    int po[2], pe[2], pi[2];
    memset(out, 0, sizeof *out);
    if (pipe(po) != 0 || pipe(pe) != 0) return -1;
    if (pipe(pi) != 0) return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, pi[0], 0);
    posix_spawn_file_actions_addclose(&fa, pi[1]);
    posix_spawn_file_actions_adddup2(&fa, po[1], 1);
    posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
    posix_spawn_file_actions_addclose(&fa, po[0]);
    posix_spawn_file_actions_addclose(&fa, pe[0]);
    char **env = env_with(extra_env);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, env);
    posix_spawn_file_actions_destroy(&fa);
    free(env);
    close(po[1]);
    close(pe[1]);
    close(pi[0]);
    if (rc != 0) { close(po[0]); close(pe[0]); close(pi[1]); return -1; }
    /* input is small (a password line): it fits the pipe buffer */
    if (input) {
        /* the child may exit before reading: no SIGPIPE for us */
        struct sigaction ign = {.sa_handler = SIG_IGN}, old;
        sigaction(SIGPIPE, &ign, &old);
        ssize_t w = write(pi[1], input, strlen(input));
        (void)w;
        sigaction(SIGPIPE, &old, NULL);
    }
    close(pi[1]);
    /* stderr is small in practice; read stdout first, then stderr */
    out->out = read_all(po[0]);
    out->err = read_all(pe[0]);
    close(po[0]);
    close(pe[0]);
    int st;
    waitpid(pid, &st, 0);
    out->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return 0;
}

void t_run_free(t_run_t *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

int t_server_start(const char *db, const char *const extra[], t_server_t *srv)
{
    int po[2], pe[2];
    memset(srv, 0, sizeof *srv);
    if (pipe(po) != 0 || pipe(pe) != 0) return -1;
    const char *argv[24] = {t_bin(), "serve", "--db", db, "--listen", "127.0.0.1:0", "--quiet"};
    int n = 7;
    for (int i = 0; extra && extra[i] && n < 23; i++) argv[n++] = extra[i];
    argv[n] = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, po[1], 1);
    posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
    posix_spawn_file_actions_addclose(&fa, po[0]);
    posix_spawn_file_actions_addclose(&fa, pe[0]);
    int rc = posix_spawn(&srv->pid, argv[0], &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(po[1]);
    close(pe[1]);
    if (rc != 0) return -1;
    srv->err_fd = pe[0];
    /* read the "serving http://127.0.0.1:PORT/" line (up to 30 s under sanitizers) */
    char line[512];
    size_t len = 0;
    struct pollfd pfd = {po[0], POLLIN, 0};
    while (len < sizeof line - 1 && poll(&pfd, 1, 30000) > 0) {
        ssize_t r = read(po[0], line + len, 1);
        if (r <= 0) break;
        if (line[len++] == '\n') break;
    }
    line[len] = '\0';
    close(po[0]);
    const char *p = strstr(line, "http://127.0.0.1:");
    if (!p) {
        fprintf(stderr, "server did not start: '%s'\n", line);
        char *e = read_all(srv->err_fd);
        fprintf(stderr, "server stderr: %s\n", e);
        free(e);
        kill(srv->pid, SIGKILL);
        waitpid(srv->pid, NULL, 0);
        close(srv->err_fd);
        return -1;
    }
    srv->port = atoi(p + strlen("http://127.0.0.1:"));
    return 0;
}

int t_server_stop(t_server_t *srv)
{
    int st = 0;
    kill(srv->pid, SIGTERM);
    waitpid(srv->pid, &st, 0);
    char *e = read_all(srv->err_fd);
    if (*e) fprintf(stderr, "server stderr:\n%s\n", e);
    free(e);
    close(srv->err_fd);
    srv->pid = 0;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

typedef struct {
    char *p;
    size_t len;
} grow_t;

static size_t collect(char *data, size_t size, size_t n, void *ud)
{
    grow_t *g = ud;
    size_t k = size * n;
    g->p = realloc(g->p, g->len + k + 1);
    memcpy(g->p + g->len, data, k);
    g->len += k;
    g->p[g->len] = '\0';
    return k;
}

int t_http(int port, const char *method, const char *path, const char *body,
           const char *const headers[], t_http_t *out)
{
    return t_http_ct(port, method, path, NULL, body, headers, out);
}

int t_http_ct(int port, const char *method, const char *path, const char *ctype, const char *body,
              const char *const headers[], t_http_t *out)
{
    memset(out, 0, sizeof *out);
    CURL *c = curl_easy_init();
    if (!c) return -1;
    char url[2048];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", port, path);
    grow_t b = {calloc(1, 1), 0}, h = {calloc(1, 1), 0};
    struct curl_slist *hl = NULL;
    for (int i = 0; headers && headers[i]; i++)
        if (*headers[i]) hl = curl_slist_append(hl, headers[i]);
    char ct[160];
    snprintf(ct, sizeof ct, "Content-Type: %s", ctype ? ctype : "application/json");
    if (body) hl = curl_slist_append(hl, ct);
    hl = curl_slist_append(hl, "Expect:");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (strcmp(method, "HEAD") == 0) curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &h);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    CURLcode rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
    curl_slist_free_all(hl);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK) {   /* nothing for the caller to free on failure */
        free(b.p);
        free(h.p);
        return -1;
    }
    out->body = b.p;
    out->len = b.len;
    out->headers = h.p;
    return 0;
}

void t_http_free(t_http_t *r)
{
    free(r->body);
    free(r->headers);
    memset(r, 0, sizeof *r);
}

int t_http_header(const t_http_t *r, const char *name, char *out, size_t n)
{
    size_t k = strlen(name);
    if (n) out[0] = '\0';
    for (const char *line = r->headers; line && *line;) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        if (len > k && strncasecmp(line, name, k) == 0 && line[k] == ':') {
            const char *v = line + k + 1;
            while (*v == ' ') v++;
            size_t vl = (size_t)(line + len - v);
            while (vl && (v[vl - 1] == '\r' || v[vl - 1] == ' ')) vl--;
            snprintf(out, n, "%.*s", (int)vl, v);
            return 0;
        }
        line = eol ? eol + 1 : NULL;
    }
    return -1;
}

int t_demo(const char *db)
{
    char *argv[] = {(char *)t_bin(), "demo", (char *)db, NULL};
    t_run_t r;
    if (t_run(argv, NULL, &r) != 0) return -1;
    int rc = r.status == 0 ? 0 : -1;
    if (rc) fprintf(stderr, "oversight demo %s failed: %s\n", db, r.err ? r.err : "");
    t_run_free(&r);
    return rc;
}

int t_audit_deep(const char *db)
{
    char *argv[] = {(char *)t_bin(), "audit", "verify", "--deep", "--db", (char *)db, NULL};
    t_run_t r;
    if (t_run(argv, NULL, &r) != 0) return -1;
    int rc = r.status == 0 && strstr(r.out, "agree with the trail") ? 0 : -1;
    if (rc) fprintf(stderr, "oversight audit verify --deep: exit %d\n%s%s", r.status, r.out ? r.out : "", r.err ? r.err : "");
    t_run_free(&r);
    return rc;
}

long long t_audit_entries(const char *db)
{
    char *argv[] = {(char *)t_bin(), "audit", "verify", "--db", (char *)db, NULL};
    t_run_t r;
    if (t_run(argv, NULL, &r) != 0) return -1;
    long long n = r.status == 0 && r.out ? strtoll(r.out, NULL, 10) : -1;
    t_run_free(&r);
    return n;
}

int t_user_token(const char *db, const char *username, const char *role, const char *body, char token[128])
{
    char pw[128];
    snprintf(pw, sizeof pw, "password-%s\n", username);
    char *add[] = {(char *)t_bin(), "user", "add", (char *)username, "--role", (char *)role, "--db", (char *)db,
                   body ? "--body" : NULL, (char *)body, NULL};
    t_run_t r;
    if (t_run_input(add, NULL, pw, &r) != 0 || r.status != 0) {
        fprintf(stderr, "user add %s failed: %s\n", username, r.err ? r.err : "");
        t_run_free(&r);
        return -1;
    }
    t_run_free(&r);
    char *create[] = {(char *)t_bin(), "token", "create", (char *)username, "--db", (char *)db, NULL};
    if (t_run(create, NULL, &r) != 0 || r.status != 0) {
        fprintf(stderr, "token create %s failed: %s\n", username, r.err ? r.err : "");
        t_run_free(&r);
        return -1;
    }
    size_t n = strcspn(r.out, "\r\n");
    if (n == 0 || n >= 128) { t_run_free(&r); return -1; }
    memcpy(token, r.out, n);
    token[n] = '\0';
    t_run_free(&r);
    return 0;
}

int t_user_bearer(const char *db, const char *username, const char *role, const char *body, char header[160])
{
    char token[128];
    if (t_user_token(db, username, role, body, token) != 0) return -1;
    snprintf(header, 160, "Authorization: Bearer %s", token);
    return 0;
}

int t_connect(int port, const char *from, int timeout_s)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    struct timeval tv = {timeout_s, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    if (from) {
        inet_pton(AF_INET, from, &sa.sin_addr);
        if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
            close(fd);
            return -1;
        }
    }
    sa.sin_port = htons((uint16_t)port);
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

int t_read_reply(int fd, t_http_t *r)
{
    memset(r, 0, sizeof *r);
    grow_t g = {calloc(1, 1), 0};
    char chunk[16384];
    size_t head = 0;            /* bytes of the head, once its end was read (0: not yet) */
    size_t want = (size_t)-1;   /* total bytes of head and body, once known */
    while (g.len < want) {
        ssize_t k = recv(fd, chunk, sizeof chunk, 0);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) break;   /* closed, reset or timed out */
        collect(chunk, 1, (size_t)k, &g);
        const char *end;   /* into g.p, which the next collect may move: only its offset is kept */
        if (!head && (end = strstr(g.p, "\r\n\r\n"))) {
            head = (size_t)(end - g.p) + 4;
            r->headers = malloc(head + 1);
            memcpy(r->headers, g.p, head);
            r->headers[head] = '\0';
            char v[32];
            if (t_http_header(r, "Content-Length", v, sizeof v) == 0) want = head + strtoull(v, NULL, 10);
        }
    }
    if (!r->headers) r->headers = strdup(g.p);
    if (strncmp(g.p, "HTTP/1.", 7) == 0 && g.len > 12) r->status = strtol(g.p + 9, NULL, 10);
    if (!head) head = g.len;
    r->len = g.len - head;
    r->body = malloc(r->len + 1);
    memcpy(r->body, g.p + head, r->len);
    r->body[r->len] = '\0';
    free(g.p);
    return 0;
}

int t_raw(int port, const char *request, size_t len, int timeout_s, t_http_t *r)
{
    memset(r, 0, sizeof *r);
    int fd = t_connect(port, NULL, timeout_s);
    if (fd < 0) return -1;
    size_t sent = 0;
    while (sent < len) {
        ssize_t k = send(fd, request + sent, len - sent, MSG_NOSIGNAL);
        if (k <= 0) break;   /* the server may answer and close before the end */
        sent += (size_t)k;
    }
    t_read_reply(fd, r);
    close(fd);
    return 0;
}

/* ---- sites ------------------------------------------------------------ */

const char *const t_today[] = {"--today", "2026-01-01", NULL};

int t_site_init(t_site_t *site, const char *name, int flags)
{
    memset(site, 0, sizeof *site);
    if (t_mkdtemp(site->dir) != 0) {
        fprintf(stderr, "t_site_init: no temp dir\n");
        return -1;
    }
    snprintf(site->path, sizeof site->path, "%s/%s", site->dir, name);
    if (flags & T_SITE_FILE) snprintf(site->db, sizeof site->db, "%s", site->path);
    else if (t_db_url(site->db, site->path) != 0) return -1;   /* sqlite: or a fresh PostgreSQL database */
    if (flags & T_SITE_DEMO) return t_demo(site->db);
    if (flags & T_SITE_INIT) {
        char *argv[] = {(char *)t_bin(), "init", site->db, NULL};
        t_run_t r;
        if (t_run(argv, NULL, &r) != 0) return -1;
        int rc = r.status == 0 ? 0 : -1;
        if (rc) fprintf(stderr, "oversight init %s failed: %s\n", site->db, r.err ? r.err : "");
        t_run_free(&r);
        return rc;
    }
    return 0;
}

int t_site_serve(t_site_t *site, const char *const extra[])
{
    return t_server_start(site->db, extra, &site->srv);
}

int t_site_stop(t_site_t *site)
{
    int rc = 0;
    if (site->srv.pid) {
        int st = t_server_stop(&site->srv);
        if (st != 0) fprintf(stderr, "the server did not stop cleanly (status %d)\n", st);
        rc = st == 0 ? 0 : -1;   /* the server must stop cleanly (and leak-free under ASan) */
    }
    if (site->dir[0]) t_rmdir(site->dir);
    site->dir[0] = '\0';
    return rc;
}

/* ---- requests ----------------------------------------------------------- */

static void expect(const char *method, const char *path, int rc, long want, const t_http_t *r)
{
    if (rc != 0) fail_msg("%s %s: no reply", method, path);
    if (want && r->status != want) {
        fprintf(stderr, "%s %s -> %ld %.3000s\n", method, path, r->status, r->body ? r->body : "");
        fail_msg("%s %s: status %ld, not %ld", method, path, r->status, want);
    }
}

json_t *t_json(const t_http_t *r)
{
    json_error_t je;
    return r->len ? json_loadb(r->body, r->len, 0, &je) : NULL;
}

json_t *t_call(const t_site_t *site, const char *method, const char *path, const char *body,
               const char *const headers[], long want, t_http_t *out)
{
    t_http_t r;
    expect(method, path, t_http(site->srv.port, method, path, body, headers, &r), want, &r);
    json_t *j = t_json(&r);
    if (out) *out = r;
    else t_http_free(&r);
    return j;
}

json_t *t_call_as(const t_site_t *site, const char *auth, const char *method, const char *path, const char *body,
                  const char *if_match, long want, t_http_t *out)
{
    char im[96];
    const char *headers[4] = {NULL, NULL, NULL, NULL};
    int n = 0;
    if (auth) headers[n++] = auth;
    if (if_match) {
        snprintf(im, sizeof im, "If-Match: %s", if_match);
        headers[n++] = im;
    }
    if (body) headers[n++] = "Content-Type: application/json";
    return t_call(site, method, path, body, headers, want, out);
}

void t_get(const t_site_t *site, const char *path, const char *auth, long want, t_http_t *out)
{
    const char *headers[] = {auth, NULL};
    expect("GET", path, t_http(site->srv.port, "GET", path, NULL, auth ? headers : NULL, out), want, out);
}

void t_form(const t_site_t *site, const char *method, const char *path, const char *auth, const char *form, long want,
            t_http_t *out)
{
    const char *headers[] = {auth, NULL};
    int rc = t_http_ct(site->srv.port, method, path, "application/x-www-form-urlencoded", form, auth ? headers : NULL,
                       out);
    expect(method, path, rc, want, out);
}

void t_submit(const t_site_t *site, const t_session_t *s, const char *path, const char *fields, long want,
              t_http_t *out)
{
    size_t n = strlen(s->token) + strlen(fields) + 16;
    char *body = malloc(n);
    assert_non_null(body);
    snprintf(body, n, "csrf_token=%s&%s", s->token, fields);
    t_form(site, "POST", path, s->cookie, body, want, out);
    free(body);
}

/* ---- sessions --------------------------------------------------------- */

int t_field_value(const char *html, const char *name, char *out, size_t n)
{
    char needle[120];
    snprintf(needle, sizeof needle, "name=\"%s\" value=\"", name);
    const char *at = html ? strstr(html, needle) : NULL;
    if (!at) return -1;
    at += strlen(needle);
    size_t len = strcspn(at, "\"");
    snprintf(out, n, "%.*s", (int)len, at);
    return 0;
}

int t_set_cookie(const t_http_t *r, const char *name, char *out, size_t n, char *attrs, size_t an)
{
    char needle[80];
    snprintf(needle, sizeof needle, "Set-Cookie: %s=", name);
    for (const char *line = r->headers; line && *line;) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        if (strncasecmp(line, needle, strlen(needle)) == 0) {
            const char *v = line + strlen("Set-Cookie: ");
            size_t vl = strcspn(v, ";\r\n");
            snprintf(out, n, "%.*s", (int)vl, v);
            if (attrs) snprintf(attrs, an, "%.*s", (int)(line + len - v), v);
            return 0;
        }
        line = eol ? eol + 1 : NULL;
    }
    return -1;
}

int t_login_port(int port, const char *user, const char *password, t_session_t *s)
{
    memset(s, 0, sizeof *s);
    char pw[128];
    snprintf(pw, sizeof pw, "password-%s", user);
    json_t *creds = json_pack("{s:s, s:s}", "username", user, "password", password ? password : pw);
    char *body = json_dumps(creds, JSON_COMPACT);
    json_decref(creds);
    t_http_t r;
    int rc = t_http(port, "POST", "/api/v1/session", body, NULL, &r);
    free(body);
    if (rc != 0) {
        fprintf(stderr, "login %s: no reply\n", user);
        return -1;
    }
    json_t *j = r.status == 201 ? t_json(&r) : NULL;
    const char *name = json_string_value(json_object_get(j, "username"));
    const char *csrf = json_string_value(json_object_get(j, "csrf_token"));
    int ok = name && strcmp(name, user) == 0 && csrf
             && t_http_header(&r, "Set-Cookie", s->set_cookie, sizeof s->set_cookie) == 0;
    if (ok) {
        snprintf(s->token, sizeof s->token, "%s", csrf);
        snprintf(s->csrf, sizeof s->csrf, "X-CSRF-Token: %s", csrf);
        snprintf(s->cookie, sizeof s->cookie, "Cookie: %.*s", (int)strcspn(s->set_cookie, ";"), s->set_cookie);
    } else {
        fprintf(stderr, "login %s -> %ld %s\n", user, r.status, r.body ? r.body : "");
    }
    json_decref(j);
    t_http_free(&r);
    return ok ? 0 : -1;
}

int t_login(const t_site_t *site, const char *user, const char *password, t_session_t *s)
{
    return t_login_port(site->srv.port, user, password, s);
}

int t_login_form(const t_site_t *site, const char *user, const char *password, t_session_t *s)
{
    memset(s, 0, sizeof *s);
    int port = site->srv.port;
    char lc[160], lch[180], tok[100], pw[128], body[512], loc[200], sc[200];
    snprintf(pw, sizeof pw, "password-%s", user);
    /* the login page: its cookie and the form's token */
    t_http_t r;
    if (t_http(port, "GET", "/login", NULL, NULL, &r) != 0) return -1;
    int ok = r.status == 200 && t_set_cookie(&r, "ov_login", lc, sizeof lc, NULL, 0) == 0
             && t_field_value(r.body, "login_token", tok, sizeof tok) == 0;
    if (!ok) fprintf(stderr, "login %s: GET /login -> %ld without its cookie or token\n", user, r.status);
    t_http_free(&r);
    if (!ok) return -1;
    /* the form, sent on to a page with a form (the CSRF token) */
    snprintf(body, sizeof body, "login_token=%s&username=%s&password=%s&next=%%2Flogout", tok, user,
             password ? password : pw);
    snprintf(lch, sizeof lch, "Cookie: %s", lc);
    const char *h[] = {lch, NULL};
    if (t_http_ct(port, "POST", "/login", "application/x-www-form-urlencoded", body, h, &r) != 0) return -1;
    ok = r.status == 303 && t_http_header(&r, "Location", loc, sizeof loc) == 0 && strcmp(loc, "/logout") == 0
         && t_set_cookie(&r, "ov_session", sc, sizeof sc, s->set_cookie, sizeof s->set_cookie) == 0;
    if (!ok) fprintf(stderr, "login %s -> %ld %s\n", user, r.status, r.body ? r.body : "");
    t_http_free(&r);
    if (!ok) return -1;
    snprintf(s->cookie, sizeof s->cookie, "Cookie: %s", sc);
    const char *hs[] = {s->cookie, NULL};
    if (t_http(port, "GET", "/logout", NULL, hs, &r) != 0) return -1;
    ok = r.status == 200 && t_field_value(r.body, "csrf_token", s->token, sizeof s->token) == 0
         && strlen(s->token) > 20;
    if (!ok) fprintf(stderr, "login %s: GET /logout -> %ld without a CSRF token\n", user, r.status);
    t_http_free(&r);
    snprintf(s->csrf, sizeof s->csrf, "X-CSRF-Token: %s", s->token);
    return ok ? 0 : -1;
}
