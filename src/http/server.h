/*
 * server.h: the built-in web server (libmicrohttpd: internal thread pool on
 * epoll, explicit timeouts and connection limit, request bodies read with a
 * size cap and refused with 413 beyond it).
 */
#ifndef OV_HTTP_SERVER_H
#define OV_HTTP_SERVER_H
#include "http/http.h"
#include "core/error.h"
#include "http/proxy.h"

struct sockaddr;

/* Request targets longer than this many bytes, or with more query
 * arguments than this, get 414 (libmicrohttpd needs a bound: see
 * request_begin in server.c). */
#define HTTP_MAX_TARGET 8192
#define HTTP_MAX_QUERY_ARGS 64

/* A request must be in within request_deadline_s (default below) of its
 * start (the connection's accept, or the end of the previous request on a
 * kept-alive connection), plus one second per HTTP_MIN_BODY_RATE bytes its
 * body may carry; else its connection is closed. */
#define HTTP_REQUEST_DEADLINE_S 20
#define HTTP_MIN_BODY_RATE (64 * 1024)
#define HTTP_MAX_PER_IP 128

enum { HTTP_UPLOAD_NO = 0, HTTP_UPLOAD_YES = 1, HTTP_UPLOAD_BUSY = 2 };
#define HTTP_UPLOAD_RETRY_AFTER "10"   /* seconds, with HTTP_UPLOAD_BUSY's 429 */

/* Fills a problem response for errors found before any handler runs
 * (404, 405, 413, 400); set by the application so bodies match its own. */
typedef void (*http_error_fn)(http_response_t *resp, int status, const char *title, const char *detail);

typedef struct http_config {
    const char *address;          /* IPv4 literal, e.g. "127.0.0.1" */
    int port;                     /* 0 = any free port */
    int threads;                  /* worker threads (pool size) */
    int timeout_s;                /* idle connection timeout */
    int request_deadline_s;       /* see HTTP_REQUEST_DEADLINE_S; 0 = that default */
    int max_connections;
    int max_per_ip;               /* connections one client address may hold; 0 = no limit */
    size_t max_body;              /* bytes; larger bodies get 413 */
    const char *upload_suffix;    /* POST paths ending so (file uploads) may carry */
    size_t max_upload;            /* up to this many bytes instead; 0 = max_body */
    /* More POST paths (exact) that take an upload as multipart/form-data
     * (only when the request says so: a JSON body there keeps max_body),
     * with upload_allowed deciding as for upload_suffix; ends with a NULL
     * path. keep_head: a body over max_upload is not answered 413 but
     * handed to the handler with its first max_upload bytes
     * (req->body_truncated), so a form can come back with what was typed
     * (its text parts come before its files). NULL: none. */
    const struct http_upload_path {
        const char *path;
        int keep_head;
    } *upload_paths;
    /* Decides, once the headers are in, whether such a POST (its path
     * matched a route) may carry max_upload bytes: HTTP_UPLOAD_YES,
     * HTTP_UPLOAD_NO (max_body only, e.g. the caller is not authenticated,
     * so the server never takes a large body from nobody) or HTTP_UPLOAD_BUSY
     * (the caller has too many uploads in flight: 429 with Retry-After at
     * once, the body is not read). With YES it may set *ticket, which the
     * server hands to upload_done once the request is over (answered or
     * broken off). req has method, path, params, conn and app; no body yet.
     * NULL: every such POST may. An allowed upload's body is spooled to an
     * unlinked temporary file in spool_dir (req->body_in_file), never held
     * in memory. */
    int (*upload_allowed)(http_request_t *req, void **ticket);
    void (*upload_done)(void *ticket);
    const char *spool_dir;        /* temporary files; NULL: $TMPDIR, else /tmp */
    /* Runs once the headers are in, for a request whose route matched,
     * before its body is read and before upload_allowed: returns 0 to go
     * on, or non-zero after filling resp, which is then the answer (the
     * handler never runs and the body is discarded). req as for
     * upload_allowed. NULL: none. */
    int (*guard)(http_request_t *req, http_response_t *resp);
    const http_route_t *routes;
    http_error_fn error;
    /* Runs on every answer just before it is sent, the server's own (400,
     * 404, 405, 413, 414, 429, 503, 500) and the handlers' alike, and may
     * replace it: the one place an answer is fitted to the caller (an HTML
     * error page for a browser instead of a problem). req has method, path,
     * conn and app; no body, no captures. NULL: none. */
    void (*finish)(http_request_t *req, http_response_t *resp);
    void *app;                    /* passed to handlers as req->app */
    int access_log;               /* 1 = one line per request on stderr */
    const http_trusted_t *trusted_proxies;   /* peers whose X-Forwarded-For names the
                                              * client (http_request_client_ip); NULL = none */
    int no_listen;                /* 1: no listening socket (address and port unused) and no MHD
                                   * error log; connections only through http_server_add_connection
                                   * (fuzz/fuzz_headers.c) */
} http_config_t;

typedef struct http_server http_server_t;

/* Starts serving in background threads. cfg must outlive the server.
 * Caller stops with http_server_stop. */
int http_server_start(const http_config_t *cfg, http_server_t **out, ov_error_t *err);
int http_server_port(const http_server_t *srv);
void http_server_stop(http_server_t *srv);

/* Hands srv an already connected stream socket (e.g. one end of a
 * socketpair), served like an accepted client from peer address sa; srv
 * owns fd from then on, even on failure. For in-process callers without a
 * network (fuzz/fuzz_headers.c, with cfg->no_listen). Returns 0 or -1. */
int http_server_add_connection(http_server_t *srv, int fd, const struct sockaddr *sa, unsigned salen);

/* Parses "ADDR:PORT", ":PORT" or "PORT" into address (buf of 64) and port.
 * Returns 0 or -1. */
int http_parse_listen(const char *spec, char address[64], int *port);

#endif
