/*
 * support.h: helpers for tests that drive the real binary: temp dirs,
 * running commands, starting `oversight serve` on a free loopback port, and
 * HTTP calls through libcurl.
 */
#ifndef OV_TEST_SUPPORT_H
#define OV_TEST_SUPPORT_H
#include <stddef.h>
#include <sys/types.h>
#include <jansson.h>

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
/* The number of audit entries `oversight audit verify --db DB` counts, or -1
 * when it fails. */
long long t_audit_entries(const char *db);

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
/* SIGTERM, wait; returns the exit status (0 when it stopped cleanly). srv->pid
 * is 0 after. */
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
/* t_http with the body's Content-Type named (NULL: application/json), e.g.
 * "application/x-www-form-urlencoded" for a browser's form. */
int t_http_ct(int port, const char *method, const char *path, const char *ctype, const char *body,
              const char *const headers[], t_http_t *out);
/* Value of header name in r (case-insensitive), copied to out; 0, or -1
 * with out "". */
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

/* ---- a site: a temp dir, a database in it, the server on it ------------
 * Every suite that drives the real binary keeps one (or more) of these:
 *
 *     static t_site_t S;
 *     setup:    t_site_init(&S, "name.db", T_SITE_DEMO), users on S.db,
 *               then t_site_serve(&S, t_today)
 *     teardown: return t_site_stop(&S);
 *
 * and calls it with the request helpers below. */
typedef struct {
    char dir[256];       /* a fresh temp dir (t_mkdtemp), removed by t_site_stop */
    char db[512];        /* the database: t_db_url of DIR/NAME (sqlite:, or a fresh
                          * PostgreSQL database under OVERSIGHT_TEST_PG); with
                          * T_SITE_FILE the plain path DIR/NAME of a SQLite file */
    char path[300];      /* DIR/NAME: the SQLite file (when db is not PostgreSQL's) */
    t_server_t srv;      /* the server once t_site_serve started it (srv.pid 0 when none) */
} t_site_t;

enum {
    T_SITE_EMPTY = 0,    /* the database's name only: nothing is created */
    T_SITE_INIT = 1,     /* `oversight init DB`: the schema and reference data */
    T_SITE_DEMO = 2,     /* `oversight demo DB` (t_demo) */
    T_SITE_FILE = 4,     /* a SQLite file even under OVERSIGHT_TEST_PG (tests that open it with sqlite3) */
};

/* The serve arguments of most suites: {"--today", "2026-01-01", NULL}. */
extern const char *const t_today[];

/* Makes site: its dir, its database DIR/name (what flags say), no server.
 * 0, or -1 after printing why. */
int t_site_init(t_site_t *site, const char *name, int flags);
/* t_server_start on site->db with extra arguments (NULL: none), waiting
 * until it serves. 0 or -1. */
int t_site_serve(t_site_t *site, const char *const extra[]);
/* Stops the server if one runs and removes the dir. 0 only when the server
 * (if any) stopped cleanly: exit 0, so leak-free under ASan; for teardown. */
int t_site_stop(t_site_t *site);

/* ---- requests to the site's server ------------------------------------
 * Each fails the test (cmocka) when no reply comes, or when want is not 0
 * and the reply's status is not want (printing the request and the reply).
 * A reply left in *out is the caller's: free it with t_http_free; where out
 * may be NULL the reply is freed. Header lists are NULL-terminated lists of
 * whole lines ("Authorization: Bearer ...", "Cookie: ...", "If-Match: ...");
 * "" entries are skipped. An auth argument is one such line, or NULL. */

/* method path with a JSON body (NULL: none; a "Content-Type" line among
 * headers goes first). Returns the reply's body parsed as JSON, NULL when it
 * is empty or not JSON (caller json_decref's: ignoring it is a compile
 * error, since a dropped reply leaks under ASan). */
__attribute__((warn_unused_result)) json_t *t_call(const t_site_t *site, const char *method, const char *path,
                                                   const char *body, const char *const headers[], long want,
                                                   t_http_t *out);
/* t_call as one caller (auth), with If-Match: if_match when not NULL and
 * "Content-Type: application/json" when there is a body. */
__attribute__((warn_unused_result)) json_t *t_call_as(const t_site_t *site, const char *auth, const char *method,
                                                      const char *path, const char *body, const char *if_match,
                                                      long want, t_http_t *out);
/* GET path as auth (out: not NULL). */
void t_get(const t_site_t *site, const char *path, const char *auth, long want, t_http_t *out);
/* method path with an application/x-www-form-urlencoded body, as a browser's
 * form (form NULL: no body). Redirects are not followed. */
void t_form(const t_site_t *site, const char *method, const char *path, const char *auth, const char *form, long want,
            t_http_t *out);
/* The reply's body as JSON, or NULL (empty, or not JSON). New reference. */
json_t *t_json(const t_http_t *r);

/* ---- sessions -------------------------------------------------------- */
typedef struct {
    char cookie[256];     /* "Cookie: ov_session=..." */
    char csrf[160];       /* "X-CSRF-Token: ..." (for API writes) */
    char token[128];      /* the CSRF token alone (forms' csrf_token field) */
    char set_cookie[256]; /* the session's Set-Cookie header as sent, attributes and all */
} t_session_t;

/* Logs user in with a cookie session through the API (POST
 * /api/v1/session, JSON); password NULL: "password-" + user, as t_user_token
 * sets it. 0 when the reply is 201 for that user with a CSRF token and a
 * cookie, else -1 after printing the reply. */
int t_login(const t_site_t *site, const char *user, const char *password, t_session_t *s);
/* The same on a server of its own (a port), e.g. one started with other
 * options beside the site's. */
int t_login_port(int port, const char *user, const char *password, t_session_t *s);
/* Logs user in as a browser does: GET /login (its ov_login cookie and
 * login_token), POST /login (303 to the next page, an ov_session cookie),
 * then the session's CSRF token from a page's form (s->csrf as well). 0, or -1
 * after printing what was wrong. */
int t_login_form(const t_site_t *site, const char *user, const char *password, t_session_t *s);
/* POSTs form fields (a=b&c=d, or "") to path as s, the session's CSRF token
 * first ("csrf_token=TOKEN&" + fields), as the pages' forms do. */
void t_submit(const t_site_t *site, const t_session_t *s, const char *path, const char *fields, long want,
              t_http_t *out);

/* The value of the form field `name="NAME" value="..."` in html, into out
 * (n bytes). 0, or -1 if there is none. */
int t_field_value(const char *html, const char *name, char *out, size_t n);
/* "NAME=value" of the Set-Cookie header for cookie name in r, into out (n
 * bytes), and when attrs is not NULL the whole cookie with its attributes
 * (an bytes). 0, or -1 if r sets no such cookie. */
int t_set_cookie(const t_http_t *r, const char *name, char *out, size_t n, char *attrs, size_t an);

#endif
