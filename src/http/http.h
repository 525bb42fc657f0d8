/*
 * http.h: requests, responses and the route table, independent of the HTTP
 * library underneath (libmicrohttpd, in server.c).
 *
 * A route is {method, pattern, handler, summary}; patterns are paths whose
 * segments may be `{name}` captures ("/api/v1/bodies/{code}"). The same table
 * answers requests, lists the API (`oversight help api`, GET /api/v1) and
 * tells 404 from 405.
 */
#ifndef OV_HTTP_HTTP_H
#define OV_HTTP_HTTP_H
#include <stddef.h>

#define HTTP_MAX_PARAMS 6
#define HTTP_PARAM_MAX 256
#define HTTP_MAX_HEADERS 8

typedef struct http_request {
    const char *method;
    const char *path;             /* decoded path, no query string */
    struct { char name[32]; char value[HTTP_PARAM_MAX]; } params[HTTP_MAX_PARAMS];
    int nparams;
    const char *body;             /* request body (NUL-terminated), "" if none or in a file */
    size_t body_len;              /* its length, in memory or in the file */
    int body_in_file;             /* 1: the body is in body_fd (an upload spooled to an unlinked
                                   * temporary file, owned by the server), body is "" */
    int body_fd;                  /* valid only when body_in_file */
    int body_truncated;           /* 1: the body was larger than the upload cap; only its first
                                   * bytes are here (an upload path with keep_head, server.h) */
    const char *spool_dir;        /* where temporary files go (NULL: $TMPDIR, else /tmp) */
    void *conn;                   /* library connection, for queries and headers */
    void *app;                    /* the application's context (server config) */
    const struct http_trusted *trusted;   /* proxies whose X-Forwarded-For is believed
                                           * (http/proxy.h); NULL = none */
    void *parked;                 /* woken after http_request_park: the data it parked with
                                   * (the server's); NULL on a request never parked */
    void *server;                 /* the server's own (parking); NULL outside a server */
} http_request_t;

/* Parking: a handler whose answer waits for work another thread does (the
 * response cache's generation read on PostgreSQL) parks its request
 * instead of blocking a server thread on it. http_request_park stops the
 * server from serving the connection (libmicrohttpd suspends it), and the
 * handler then returns 0 at once with resp untouched; the server thread
 * goes on with other connections. data (may be NULL) and data_free are
 * the server's from then on: data is freed with data_free when the
 * request is over, answered or not. Returns the ticket to wake it with,
 * or NULL when the request cannot be parked (not in a server, the server
 * is stopping, or it was parked before): the handler then answers at once
 * without waiting, and data stays the caller's. */
typedef struct http_parking http_parking_t;
http_parking_t *http_request_park(struct http_request *req, void *data, void (*data_free)(void *));
/* Wakes a parked request, exactly once per ticket, from any thread: the
 * server calls the same handler again, on one of its threads, with
 * req->parked the data it was parked with. The ticket is not to be used
 * after this call. A server being stopped waits until every parked
 * request has been woken. */
void http_parking_wake(http_parking_t *k);

/* Releases a borrowed response body (see http_response_set_shared). */
typedef void (*http_body_release_fn)(void *cls);

typedef struct http_response {
    int status;
    const char *content_type;     /* static string */
    char *body;                   /* owned (malloc) and freed by the server when
                                   * body_release is NULL; else borrowed */
    size_t body_len;
    http_body_release_fn body_release;   /* non-NULL: body is borrowed, immutable, valid
                                          * until body_release(body_release_cls), called
                                          * exactly once by whoever drops the response */
    void *body_release_cls;
    struct { char name[48]; char value[256]; } headers[HTTP_MAX_HEADERS];
    int nheaders;
    struct http_prepared *prepared;   /* http_response_use_prepared: sent instead of the fields
                                       * above (status and content_type excepted), and
                                       * body_release then holds what keeps its body valid */
} http_response_t;

/* A handler fills resp (status, type, body) and returns 0. Headers declare
 * handlers with the function type: `http_handler_t web_page_board;`. */
typedef int http_handler_t(http_request_t *req, http_response_t *resp);
typedef http_handler_t *http_handler_fn;

typedef struct http_route {
    const char *method;
    const char *pattern;
    http_handler_fn handler;
    const char *summary;          /* one line for help and the API index */
} http_route_t;

/* Finds the route for method and path; fills req->params. Returns the
 * route, or NULL with *path_matched set when some route had the path
 * (405 rather than 404). The table ends with an all-NULL entry. */
const http_route_t *http_route_match(const http_route_t *routes, const char *method,
                                     const char *path, http_request_t *req, int *path_matched);

/* Fills req's captures from path as route's pattern reads them (a route
 * http_route_match found for the same path): 1, or 0 (no captures) when
 * the path does not match it. */
int http_route_fill(const http_route_t *route, const char *path, http_request_t *req);

/* The value of capture `name`, or NULL. */
const char *http_request_param(const http_request_t *req, const char *name);
/* Capture `name` as a row id: a positive whole number ("12"), else 0
 * (absent, empty, "0", "-3", "12x"). Digits past LLONG_MAX give LLONG_MAX,
 * which names no row. */
long long http_request_param_id(const http_request_t *req, const char *name);
/* Query argument or header from the connection, or NULL. Borrowed. */
const char *http_request_query(const http_request_t *req, const char *name);
/* Appends the request's query to out as "?name=value&..." (names and
 * values percent-encoded again, in the order received), nothing when it
 * has none. 0, or -1 when out ran out of memory. */
struct buf;
/* How many query arguments the request carries (each repeat counted). */
int http_request_query_count(const http_request_t *req);
int http_request_query_append(const http_request_t *req, struct buf *out);
const char *http_request_header(const http_request_t *req, const char *name);
/* The port the server accepted this request on (its listening port), or -1. */
int http_request_server_port(const http_request_t *req);
/* The client's IP address as text in buf (n >= 46); "" if unknown. The
 * peer's address, unless the peer is one of req->trusted: then the one
 * X-Forwarded-For names (http/proxy.h http_forwarded_client). Returns buf. */
const char *http_request_client_ip(const http_request_t *req, char *buf, size_t n);

/* 1 when an Accept header value asks for HTML before JSON, as browsers'
 * do ("text/html,application/xhtml+xml,...,* / *;q=0.8"): text/html (or
 * application/xhtml+xml) is named with a q above 0 and at least the q of
 * application/json, application/problem+json and application/ *. 0 for
 * NULL, "", "* / *", "application/json" and the like: API clients. */
int http_prefers_html(const char *accept);

/* Copies up to n bytes of the request body from offset off into buf,
 * wherever the body is (memory or file). Returns the bytes copied (0 at
 * the end), or -1 on a read error. */
long http_request_body_read(const http_request_t *req, size_t off, void *buf, size_t n);

/* A new temporary file in dir (NULL or "": $TMPDIR, else /tmp), unlinked
 * at once so it disappears on every path, crash included, when its fd is
 * closed. Returns the fd (the caller closes it), or -1. */
int http_spool_open(const char *dir);

/* A multipart/form-data body's parts, a piece at a time (libmicrohttpd's
 * post processor, reading the body from memory or its file in pieces):
 * fn gets each piece of each part, key its name (NULL: a part whose name
 * could not be read), filename and content_type as the part says (may be
 * NULL), off the piece's offset in its part. fn returns 0 to go on, -1 to
 * stop (then -1). A body cut short (req->body_truncated) is read as far
 * as it goes. Returns 0, or -1 when it is not multipart/form-data, cannot
 * be read, or fn stopped. */
typedef int (*http_part_fn)(void *cls, const char *key, const char *filename, const char *content_type,
                            const char *data, unsigned long long off, size_t size);
int http_multipart_each(const http_request_t *req, http_part_fn fn, void *cls);

/* The fields of an application/x-www-form-urlencoded request body, decoded
 * by libmicrohttpd's post processor. Names may repeat (checkboxes). */
#define HTTP_FORM_MAX_FIELDS 512   /* a report form of 50 recommendations posts about 400 */
typedef struct http_form {
    struct { char *name; char *value; } fields[HTTP_FORM_MAX_FIELDS];
    int n;
} http_form_t;

/* Decodes req's body into form (zeroed first; free with http_form_free).
 * Returns 0; -1 when the request is not a url-encoded form, has more than
 * HTTP_FORM_MAX_FIELDS fields, is malformed, or memory ran out. */
int http_request_form(const http_request_t *req, http_form_t *form);
/* The first value of field name, or NULL. Borrowed from form. */
const char *http_form_get(const http_form_t *form, const char *name);
void http_form_free(http_form_t *form);

/* A reply made once and sent as it is to many requests (a cached body's
 * hits): status, type, headers and body as resp has them, plus the headers
 * the server adds to every reply. It borrows resp's body, which must stay
 * valid and unchanged while the prepared reply is used; resp itself is
 * not changed or taken. NULL when out of memory. Freed with
 * http_prepared_free (any thread; requests sending it keep what they
 * need). */
typedef struct http_prepared http_prepared_t;
http_prepared_t *http_prepared_make(const http_response_t *resp);
void http_prepared_free(void *prepared);
/* resp answers with prepared (whatever resp held is dropped first);
 * release(cls) is called once, when the reply has gone out or the
 * connection closed (or when resp is dropped unsent): the reference that
 * keeps prepared and its body valid until then. */
void http_response_use_prepared(http_response_t *resp, http_prepared_t *prepared, http_body_release_fn release,
                                void *cls);

/* Sets the response, taking ownership of body (malloc'd, may be NULL).
 * A body set before (owned or borrowed) is freed or released. */
void http_response_set(http_response_t *resp, int status, const char *type, char *body, size_t len);
/* Sets the response with a borrowed body: the len bytes at body stay
 * unchanged and valid until release(cls) is called, once, when the server
 * has sent them (or the response is replaced or dropped). The reference
 * (release, cls) is handed over even when the caller later replaces the
 * body. Lets many responses in flight share one immutable buffer (the
 * response cache's refcounted bodies, store/cache.h). */
void http_response_set_shared(http_response_t *resp, int status, const char *type, const char *body, size_t len,
                              http_body_release_fn release, void *cls);
/* Frees or releases resp's body (owned or borrowed) and clears it. */
void http_response_drop_body(http_response_t *resp);
/* Adds a header; returns -1 if the table is full or a value is too long. */
int http_response_header(http_response_t *resp, const char *name, const char *value);

#endif
