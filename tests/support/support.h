/*
 * support.h: helpers for tests that drive the real binary: temp dirs,
 * running commands, starting `oversight serve` on a free loopback port, and
 * HTTP calls through libcurl.
 */
#ifndef OV_TEST_SUPPORT_H
#define OV_TEST_SUPPORT_H
#include <stddef.h>
#include <sys/types.h>

/* A fresh directory under $TMPDIR; path written to out (size 256). Removed
 * with t_rmdir (recursively). */
int t_mkdtemp(char out[256]);
void t_rmdir(const char *path);

/* Path of the binary under test ($OVERSIGHT_BIN, else ./oversight). */
const char *t_bin(void);
/* Source root ($OVERSIGHT_SRC, else "."). */
const char *t_src(void);

/* A fresh database URL for a test. With OVERSIGHT_TEST_PG set (a base URL
 * such as postgres://oversight@127.0.0.1:PORT/postgres, printed by
 * scripts/pg-test-cluster) a new empty PostgreSQL database is created, named
 * after path's file name and unique to the process, and its URL written;
 * otherwise "sqlite:" + path (a file in the test's temp dir). Returns 0 or -1. */
int t_db_url(char out[512], const char *path);
/* 1 when tests run against PostgreSQL (OVERSIGHT_TEST_PG set). */
int t_db_pg(void);

typedef struct {
    int status;          /* exit status, or 128+signal */
    char *out, *err;     /* captured stdout and stderr (owned; t_run_free) */
} t_run_t;

/* Runs argv (argv[0] is the program path) to completion, capturing output.
 * extra_env entries ("K=V") are added to the environment; may be NULL. */
int t_run(char *const argv[], char *const extra_env[], t_run_t *out);
void t_run_free(t_run_t *r);
/* t_run with input (may be NULL) written to the program's stdin. */
int t_run_input(char *const argv[], char *const extra_env[], const char *input, t_run_t *out);

/* Adds user `username` (role, body may be NULL) to db with the CLI, with
 * password "password-" + username, and creates an API token for it, written
 * to token (size 128). Returns 0 or -1 (with the CLI's message on stderr). */
/* `oversight demo DB`: the forces, the Engage history and the Met case.
 * 0, or -1 after printing what the command said. */
int t_demo(const char *db);

/* `oversight audit verify --deep --db DB`: 0 when the chain is intact and
 * every audited row agrees with its trail; else -1 after printing what the
 * command said (the rows that differ). */
int t_audit_deep(const char *db);

int t_user_token(const char *db, const char *username, const char *role, const char *body, char token[128]);
/* t_user_token, then the request header "Authorization: Bearer TOKEN" for
 * it in header (size 160). Returns 0 or -1. */
int t_user_bearer(const char *db, const char *username, const char *role, const char *body, char header[160]);

typedef struct {
    pid_t pid;
    int port;
    int err_fd;          /* read end of the server's stderr */
} t_server_t;

/* Starts `oversight serve --db DB --listen 127.0.0.1:0 --quiet [extra...]`
 * and waits for its "serving" line. Returns 0 or -1. */
int t_server_start(const char *db, const char *const extra[], t_server_t *srv);
/* SIGTERM, wait; returns the exit status (0 when it stopped cleanly). */
int t_server_stop(t_server_t *srv);

typedef struct {
    long status;
    char *body;          /* owned */
    size_t len;
    char *headers;       /* raw response headers (owned) */
} t_http_t;

/* One request to http://127.0.0.1:port path. body may be NULL. headers is a
 * NULL-terminated list of "Name: value" or NULL. Returns 0 with *out filled
 * (free with t_http_free), or -1 with nothing to free. Redirects are not
 * followed. */
int t_http(int port, const char *method, const char *path, const char *body,
           const char *const headers[], t_http_t *out);
void t_http_free(t_http_t *r);
/* Value of header name in r (case-insensitive), copied to out; 0 or -1. */
/* t_http with the body's Content-Type named (NULL: application/json), e.g.
 * "application/x-www-form-urlencoded" for a browser's form. */
int t_http_ct(int port, const char *method, const char *path, const char *ctype, const char *body,
              const char *const headers[], t_http_t *out);
int t_http_header(const t_http_t *r, const char *name, char *out, size_t n);

/* A TCP connection to 127.0.0.1:port from local address `from` (e.g.
 * "127.0.0.2": another client as far as the server can tell; NULL: any),
 * with send and receive timeouts of timeout_s. The fd, or -1. */
int t_connect(int port, const char *from, int timeout_s);
/* Reads one reply from fd: the status line and headers (into r->headers),
 * then a body of its Content-Length, or up to the server's close when it
 * has none. r->status is 0 when no reply came (closed or timed out).
 * Returns 0 with *r filled (free with t_http_free). */
int t_read_reply(int fd, t_http_t *r);
/* One raw exchange: sends the len bytes of request as they are on a new
 * connection (t_connect, NULL, timeout_s) and reads the reply. For requests
 * curl would not send (malformed framing). 0, or -1 if no connection. */
int t_raw(int port, const char *request, size_t len, int timeout_s, t_http_t *r);

#endif
