/*
 * server.c: libmicrohttpd glue: per-connection request state, body reading
 * with a cap, dispatch through the route table, response headers, and the
 * checks of the request's framing that libmicrohttpd 0.9.75 does not make
 * (see request_check and request_begin).
 */
#include "http/server.h"
#include "core/buf.h"
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define STR_(x) #x
#define OV_STR(x) STR_(x)

/* A connection's clock for the request deadline: made by conn_notify when
 * the connection is accepted, freed when it closes; on the server's list,
 * guarded by its mu. */
typedef struct conn_clock {
    struct conn_clock *prev, *next;
    int fd;
    struct timespec began;   /* the request being received began (accept, or the end of the last one) */
    struct timespec due;     /* it must be in by then; tv_sec 0: no deadline running (being answered) */
    int gone_ticks;          /* watchdog ticks in a row that found the client gone (peer_gone) */
} conn_clock_t;

struct http_server {
    struct MHD_Daemon *daemon;
    const http_config_t *cfg;
    pthread_mutex_t mu;
    pthread_cond_t wake;
    int stopping;                /* under mu: the watchdog ends */
    int watchdog_started;
    pthread_t watchdog;
    conn_clock_t *clocks;        /* under mu */
    int parked;                  /* under mu: requests parked and not yet woken */
    int closing;                 /* under mu: no more parking (http_server_stop) */
    pthread_cond_t unparked;     /* parked reached 0 */
};

/* Per-request state, made by request_begin (or by handle's first call when
 * that failed), owned by MHD's con_cls and freed in request_done. */
typedef struct {
    buf_t body;               /* the body in memory (not an upload) */
    int spooled;              /* 1: the body goes to spool_fd instead (an allowed upload) */
    int spool_fd;
    size_t spool_len;
    int spool_failed;         /* a write to the file failed (disk full) */
    int ticketed;             /* upload_done(ticket) is owed */
    void *ticket;
    int too_big;
    int keep_head;            /* an upload path with keep_head (server.h): over the cap, the
                               * handler gets the first bytes (req.body_truncated) */
    int seen;                 /* handle has had its first call (headers in) */
    http_body_release_fn hold; /* a prepared reply's reference (http_response_use_prepared), */
    void *hold_cls;           /* given back in request_done, once it has been sent */
    const http_route_t *route; /* what the first call's match found for this method and path (NULL: none) */
    int path_matched;         /* and whether another method's route has the path (405, not 404) */
    int target_refused;       /* request_begin found the target too long or with too many arguments */
    struct timespec start;
    /* parking (http_request_park): this state is the ticket */
    http_server_t *srv;
    struct MHD_Connection *conn;
    int parked_once;          /* parked during this request (never twice) */
    int parking;              /* parked by the handler running now: no answer yet */
    void *park_data;          /* the handler's, freed with park_free in request_done */
    void (*park_free)(void *);
} conn_state_t;

http_parking_t *http_request_park(http_request_t *req, void *data, void (*data_free)(void *))
{
    conn_state_t *st = req->server;
    if (!st || st->parked_once) return NULL;
    http_server_t *srv = st->srv;
    pthread_mutex_lock(&srv->mu);
    int closing = srv->closing;
    if (!closing) srv->parked++;
    pthread_mutex_unlock(&srv->mu);
    if (closing) return NULL;
    /* suspended before the ticket is handed out: a wake can never come
     * before the suspension it ends */
    MHD_suspend_connection(st->conn);
    st->parked_once = 1;
    st->parking = 1;
    st->park_data = data;
    st->park_free = data_free;
    return (http_parking_t *)st;
}

void http_parking_wake(http_parking_t *k)
{
    conn_state_t *st = (conn_state_t *)k;
    http_server_t *srv = st->srv;
    struct MHD_Connection *c = st->conn;
    /* from here on the connection's thread may answer it and free st */
    MHD_resume_connection(c);
    pthread_mutex_lock(&srv->mu);
    if (--srv->parked == 0) pthread_cond_broadcast(&srv->unparked);
    pthread_mutex_unlock(&srv->mu);
}

int http_spool_open(const char *dir)
{
    if (!dir || !*dir) dir = getenv("TMPDIR");
    if (!dir || !*dir) dir = "/tmp";
    char path[4096];
    if (snprintf(path, sizeof path, "%s/oversight-spool-XXXXXX", dir) >= (int)sizeof path) return -1;
    int fd = mkostemp(path, O_CLOEXEC);
    if (fd < 0) return -1;
    unlink(path);   /* gone from the directory now; the data lives until fd is closed */
    return fd;
}

long http_request_body_read(const http_request_t *req, size_t off, void *buf, size_t n)
{
    if (off >= req->body_len) return 0;
    if (n > req->body_len - off) n = req->body_len - off;
    if (!req->body_in_file) {
        memcpy(buf, req->body + off, n);
        return (long)n;
    }
    ssize_t k;
    do k = pread(req->body_fd, buf, n, (off_t)off);
    while (k < 0 && errno == EINTR);
    return (long)k;
}

/* Appends n bytes to st's spool file. 0, or -1 (disk full, I/O error). */
static int spool_write(conn_state_t *st, const char *data, size_t n)
{
    while (n > 0) {
        ssize_t k = write(st->spool_fd, data, n);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return -1;
        data += k;
        n -= (size_t)k;
        st->spool_len += (size_t)k;
    }
    return 0;
}

const char *http_request_query(const http_request_t *req, const char *name)
{
    return MHD_lookup_connection_value((struct MHD_Connection *)req->conn, MHD_GET_ARGUMENT_KIND, name);
}

/* Percent-encodes s into b: unreserved characters as they are. */
static void query_encode(buf_t *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'
            || *p == '_' || *p == '.' || *p == '~')
            buf_putc(b, (char)*p);
        else
            buf_printf(b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
    }
}

static enum MHD_Result query_collect(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    buf_t *b = cls;
    if (!key) return MHD_YES;
    buf_putc(b, b->len ? '&' : '?');
    query_encode(b, key);
    if (value) {
        buf_putc(b, '=');
        query_encode(b, value);
    }
    return MHD_YES;
}

int http_request_query_count(const http_request_t *req)
{
    return req->conn ? MHD_get_connection_values((struct MHD_Connection *)req->conn, MHD_GET_ARGUMENT_KIND, NULL, NULL)
                     : 0;
}

int http_request_query_append(const http_request_t *req, struct buf *out)
{
    buf_t q = BUF_INIT;
    if (req->conn) MHD_get_connection_values((struct MHD_Connection *)req->conn, MHD_GET_ARGUMENT_KIND, query_collect, &q);
    if (q.len) buf_puts(out, q.data);
    int bad = q.failed || out->failed;
    buf_free(&q);
    return bad ? -1 : 0;
}

const char *http_request_header(const http_request_t *req, const char *name)
{
    return MHD_lookup_connection_value((struct MHD_Connection *)req->conn, MHD_HEADER_KIND, name);
}

/* Joins the X-Forwarded-For headers, in order, into a buf_t (cls). */
static enum MHD_Result xff_collect(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    buf_t *b = cls;
    if (key && value && strcasecmp(key, "X-Forwarded-For") == 0) {
        if (b->len) buf_putc(b, ',');
        buf_puts(b, value);
    }
    return MHD_YES;
}

int http_request_server_port(const http_request_t *req)
{
    const union MHD_ConnectionInfo *ci =
        req->conn ? MHD_get_connection_info((struct MHD_Connection *)req->conn, MHD_CONNECTION_INFO_DAEMON) : NULL;
    const union MHD_DaemonInfo *di = ci ? MHD_get_daemon_info(ci->daemon, MHD_DAEMON_INFO_BIND_PORT) : NULL;
    return di ? (int)di->port : -1;
}

const char *http_request_client_ip(const http_request_t *req, char *buf, size_t n)
{
    buf[0] = '\0';
    char peer[HTTP_ADDR_TEXT] = "";
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info((struct MHD_Connection *)req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ci ? ci->client_addr : NULL;
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, peer, sizeof peer);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, peer, sizeof peer);
    if (!req->trusted || !http_trusted_has(req->trusted, peer)) {
        snprintf(buf, n, "%s", peer);
        return buf;
    }
    /* every X-Forwarded-For line counts: a proxy may add its own line
     * after the client's rather than extend it */
    buf_t xff = {0};
    xff.limit = 65536;   /* above libmicrohttpd's 32 KiB for all of a request's headers */
    MHD_get_connection_values((struct MHD_Connection *)req->conn, MHD_HEADER_KIND, xff_collect, &xff);
    http_forwarded_client(req->trusted, peer, xff.failed ? NULL : xff.data, buf, n);
    buf_free(&xff);
    return buf;
}

/* Post processor state: url-encoded values may arrive in pieces (off > 0). */
typedef struct {
    http_form_t *form;
    buf_t value;       /* the value being collected for fields[form->n - 1] */
    int failed;
} form_state_t;

static int form_flush(form_state_t *st)
{
    if (st->form->n == 0) return 0;
    char *v = buf_detach(&st->value, NULL);
    if (!v) return -1;
    st->form->fields[st->form->n - 1].value = v;
    return 0;
}

static enum MHD_Result form_field(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                                  const char *content_type, const char *transfer_encoding, const char *data,
                                  uint64_t off, size_t size)
{
    (void)kind; (void)filename; (void)content_type; (void)transfer_encoding;
    form_state_t *st = cls;
    http_form_t *f = st->form;
    if (!key) {   /* never seen for url-encoded bodies; a field without a name is refused */
        st->failed = 1;
        return MHD_NO;
    }
    int same = off > 0 && f->n > 0 && strcmp(f->fields[f->n - 1].name, key) == 0;
    if (!same) {
        if (form_flush(st) != 0 || f->n >= HTTP_FORM_MAX_FIELDS || !(f->fields[f->n].name = strdup(key))) {
            st->failed = 1;
            return MHD_NO;
        }
        f->n++;
    }
    if (size && buf_append(&st->value, data, size) != 0) {
        st->failed = 1;
        return MHD_NO;
    }
    return MHD_YES;
}

int http_request_form(const http_request_t *req, http_form_t *form)
{
    memset(form, 0, sizeof *form);
    form_state_t st = {form, BUF_INIT, 0};
    struct MHD_PostProcessor *pp =
        MHD_create_post_processor((struct MHD_Connection *)req->conn, 1024, form_field, &st);
    if (!pp) return -1;   /* not application/x-www-form-urlencoded (or multipart) */
    const char *ct = MHD_lookup_connection_value((struct MHD_Connection *)req->conn, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_TYPE);
    int ok = ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0;
    if (ok && req->body_len && MHD_post_process(pp, req->body, req->body_len) != MHD_YES) ok = 0;
    /* the last url-encoded field is delivered when the processor is destroyed */
    if (MHD_destroy_post_processor(pp) != MHD_YES) ok = 0;
    if (ok && !st.failed && form_flush(&st) != 0) st.failed = 1;
    buf_free(&st.value);
    if (!ok || st.failed) {
        http_form_free(form);
        return -1;
    }
    for (int i = 0; i < form->n; i++)   /* a name without a value */
        if (!form->fields[i].value && !(form->fields[i].value = strdup(""))) {
            http_form_free(form);
            return -1;
        }
    return 0;
}

const char *http_form_get(const http_form_t *form, const char *name)
{
    for (int i = 0; i < form->n; i++)
        if (strcmp(form->fields[i].name, name) == 0) return form->fields[i].value;
    return NULL;
}

void http_form_free(http_form_t *form)
{
    for (int i = 0; i < form->n; i++) {
        free(form->fields[i].name);
        free(form->fields[i].value);
    }
    memset(form, 0, sizeof *form);
}

/* Headers every response carries (see docs/security.md). */
static void add_security_headers(struct MHD_Response *r)
{
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
}

/* The headers of every reply: resp's type and headers, then ours. */
static void add_headers(struct MHD_Response *r, const http_response_t *resp)
{
    if (resp->content_type) MHD_add_response_header(r, "Content-Type", resp->content_type);
    for (int i = 0; i < resp->nheaders; i++)
        MHD_add_response_header(r, resp->headers[i].name, resp->headers[i].value);
    add_security_headers(r);
}

/* A reply libmicrohttpd sends as it is, to any number of connections at
 * once (it counts them): adding the headers (allocations and checks for
 * each) was most of a cached hit's own work. */
struct http_prepared {
    struct MHD_Response *r;   /* the prepared's reference; each connection sending it has its own */
    int status;
    const char *content_type;
};

http_prepared_t *http_prepared_make(const http_response_t *resp)
{
    http_prepared_t *p = malloc(sizeof *p);
    if (!p) return NULL;
    p->r = MHD_create_response_from_buffer(resp->body_len, (void *)(resp->body ? resp->body : ""),
                                           MHD_RESPMEM_PERSISTENT);   /* borrowed: kept valid by the caller */
    if (!p->r) {
        free(p);
        return NULL;
    }
    add_headers(p->r, resp);
    p->status = resp->status;
    p->content_type = resp->content_type;
    return p;
}

void http_prepared_free(void *prepared)
{
    http_prepared_t *p = prepared;
    if (!p) return;
    MHD_destroy_response(p->r);   /* freed once no connection sends it either */
    free(p);
}

void http_response_use_prepared(http_response_t *resp, http_prepared_t *prepared, http_body_release_fn release,
                                void *cls)
{
    http_response_drop_body(resp);
    resp->status = prepared->status;
    resp->content_type = prepared->content_type;
    resp->prepared = prepared;
    resp->body_release = release;
    resp->body_release_cls = cls;
}

/* Queues resp, handing its body to MHD (which omits it for HEAD): an
 * owned body is freed by MHD; a borrowed one (resp->body_release) is sent
 * from where it is, without a copy, and released by MHD when the response
 * is destroyed (after the last byte went out or the connection closed). */
static enum MHD_Result send_response(struct MHD_Connection *c, http_response_t *resp)
{
    struct MHD_Response *r;
    if (resp->body && resp->body_release)
        r = MHD_create_response_from_buffer_with_free_callback_cls(resp->body_len, resp->body, resp->body_release,
                                                                   resp->body_release_cls);
    else
        r = MHD_create_response_from_buffer(resp->body_len, resp->body ? resp->body : (void *)"",
                                            resp->body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!r) http_response_drop_body(resp);   /* not handed over: free or release it here */
    resp->body = NULL;                       /* MHD owns it (or it is gone) */
    resp->body_release = NULL;
    resp->body_release_cls = NULL;
    if (!r) return MHD_NO;
    add_headers(r, resp);
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    return ret;
}

/* cfg->finish (if any) on resp, then logs and queues it: every answer of
 * handle() goes out through here. */
static enum MHD_Result answer(const http_config_t *cfg, struct MHD_Connection *c, const char *method,
                              const char *url, conn_state_t *st, http_response_t *resp);

static void log_request(const http_config_t *cfg, const char *method, const char *url, int status, conn_state_t *st)
{
    if (!cfg->access_log) return;
    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &end);
    double ms = (double)(end.tv_sec - st->start.tv_sec) * 1e3 + (double)(end.tv_nsec - st->start.tv_nsec) / 1e6;
    fprintf(stderr, "%s %s %d %.2fms\n", method, url, status, ms);
}

static int deadline_s(const http_config_t *cfg)
{
    return cfg->request_deadline_s > 0 ? cfg->request_deadline_s : HTTP_REQUEST_DEADLINE_S;
}

static conn_clock_t *clock_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

/* Sets c's deadline: `extra` seconds after its request began plus the
 * deadline (extra < 0: none, the request is in). */
static void clock_set(http_server_t *srv, struct MHD_Connection *c, long long extra)
{
    conn_clock_t *k = clock_of(c);
    if (!k) return;
    pthread_mutex_lock(&srv->mu);
    k->due.tv_sec = extra < 0 ? 0 : k->began.tv_sec + deadline_s(srv->cfg) + extra;
    k->due.tv_nsec = k->began.tv_nsec;
    k->gone_ticks = 0;
    pthread_mutex_unlock(&srv->mu);
}

/* A new request on c begins now (a kept-alive connection's next one). */
static void clock_restart(http_server_t *srv, struct MHD_Connection *c)
{
    conn_clock_t *k = clock_of(c);
    if (!k) return;
    pthread_mutex_lock(&srv->mu);
    clock_gettime(CLOCK_MONOTONIC, &k->began);
    k->due.tv_sec = k->began.tv_sec + deadline_s(srv->cfg);
    k->due.tv_nsec = k->began.tv_nsec;
    k->gone_ticks = 0;
    pthread_mutex_unlock(&srv->mu);
}

/* MHD_OPTION_NOTIFY_CONNECTION: puts each connection on the watchdog's
 * list when accepted and takes it off when it closes. libmicrohttpd
 * notifies the close before it closes the socket, so the watchdog (which
 * holds mu while it shuts a socket down) never touches a reused fd. */
static void conn_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                        enum MHD_ConnectionNotificationCode toe)
{
    http_server_t *srv = cls;
    conn_clock_t *k = *socket_context;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (!ci || !(k = calloc(1, sizeof *k))) return;   /* no deadline, the idle timeout still applies */
        k->fd = ci->connect_fd;
        *socket_context = k;
        pthread_mutex_lock(&srv->mu);
        k->next = srv->clocks;
        if (srv->clocks) srv->clocks->prev = k;
        srv->clocks = k;
        pthread_mutex_unlock(&srv->mu);
        clock_restart(srv, c);
    } else if (toe == MHD_CONNECTION_NOTIFY_CLOSED && k) {
        pthread_mutex_lock(&srv->mu);
        if (k->prev) k->prev->next = k->next;
        else srv->clocks = k->next;
        if (k->next) k->next->prev = k->prev;
        pthread_mutex_unlock(&srv->mu);
        free(k);
        *socket_context = NULL;
    }
}

/* 1 when the client has closed its side of fd and nothing it sent is left
 * unread: a request still being received can never be completed. */
static int peer_gone(int fd)
{
    struct pollfd p = {fd, POLLRDHUP, 0};
    int unread = 0;
    return poll(&p, 1, 0) == 1 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) && ioctl(fd, FIONREAD, &unread) == 0
           && unread == 0;
}

/* The watchdog thread: twice a second, shuts down the socket of every
 * connection whose request is not in by its deadline. The idle timeout
 * (MHD_OPTION_CONNECTION_TIMEOUT) alone never closes a client that sends a
 * byte every few seconds; libmicrohttpd 0.9.75 has no deadline of its own
 * and cannot be asked to answer before the headers are in, so the
 * connection is closed without a reply (libmicrohttpd sees the shutdown
 * and closes it as a broken connection).
 *
 * It does the same for a connection whose request is still being received
 * when the client has already closed it: libmicrohttpd 0.9.75 on epoll
 * sometimes reads a broken-off body to its last byte but misses the end of
 * the stream, and keeps the connection (and the request's state: an
 * upload's place, api_upload_allowed) until the idle timeout. The shutdown
 * is a new event on the socket, on which it reads the end and closes. A
 * client that half-closes after a whole request is not cut off: the
 * request must still be unfinished at two ticks in a row (its state moves
 * on, and the count restarts, as soon as libmicrohttpd hands it to us). */
static void *watchdog(void *arg)
{
    http_server_t *srv = arg;
    pthread_mutex_lock(&srv->mu);
    while (!srv->stopping) {
        struct timespec now, until;
        clock_gettime(CLOCK_MONOTONIC, &now);
        for (conn_clock_t *k = srv->clocks; k; k = k->next) {
            if (!k->due.tv_sec) continue;
            int late = now.tv_sec > k->due.tv_sec || (now.tv_sec == k->due.tv_sec && now.tv_nsec >= k->due.tv_nsec);
            k->gone_ticks = peer_gone(k->fd) ? k->gone_ticks + 1 : 0;
            if (late || k->gone_ticks >= 2) {
                shutdown(k->fd, SHUT_RDWR);
                k->due.tv_sec = 0;
            }
        }
        until = now;
        until.tv_nsec += 500000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        while (!srv->stopping && pthread_cond_timedwait(&srv->wake, &srv->mu, &until) == EINTR) {}
    }
    pthread_mutex_unlock(&srv->mu);
    return NULL;
}

/* MHD's URI log callback: runs once per request, when the request line is
 * in and before libmicrohttpd splits the query into arguments. Makes the
 * request's state. A target over HTTP_MAX_TARGET bytes or with more than
 * HTTP_MAX_QUERY_ARGS arguments is marked for a 414 from handle, and its
 * query is emptied first: libmicrohttpd 0.9.75 stores each argument in the
 * connection's fixed memory pool and, when they do not fit, drops the
 * request without any answer (500 arguments did). Its documentation allows
 * this callback to process the URI before it is parsed. Returns the state
 * (NULL when out of memory: handle then makes it). */
static void *request_begin(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls; (void)c;
    conn_state_t *st = calloc(1, sizeof *st);
    if (!st || !uri) return st;
    char *query = strchr(uri, '?');   /* in MHD's own, writable request buffer */
    size_t args = 0;
    for (const char *p = query; p && *p; p++)
        if (*p == '&' || p == query) args++;
    if (strlen(uri) > HTTP_MAX_TARGET || args > HTTP_MAX_QUERY_ARGS) {
        st->target_refused = 1;
        if (query) query[1] = '\0';
    }
    return st;
}

typedef struct {
    int host, content_length, transfer_encoding;
    const char *te;
} header_count_t;

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    header_count_t *n = cls;
    if (strcasecmp(key, MHD_HTTP_HEADER_HOST) == 0) n->host++;
    else if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) n->content_length++;
    else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
        n->transfer_encoding++;
        n->te = value;
    }
    return MHD_YES;
}

/* The framing checks of RFC 9112 that libmicrohttpd 0.9.75 leaves to us
 * (its MHD_OPTION_STRICT_FOR_CLIENT checks Host only, answers without our
 * headers, and also drops a request with a space in its target unanswered).
 * Ambiguous framing is what request smuggling through a proxy needs.
 * Returns 0, or the status to refuse with (title and detail filled). */
static int request_check(struct MHD_Connection *c, const char *version, const conn_state_t *st,
                         const char **title, const char **detail)
{
    if (st->target_refused) {
        *title = "URI too long";
        *detail = "the request target is longer than " OV_STR(HTTP_MAX_TARGET) " bytes or has more than "
                  OV_STR(HTTP_MAX_QUERY_ARGS) " query arguments";
        return 414;
    }
    header_count_t n = {0, 0, 0, NULL};
    MHD_get_connection_values(c, MHD_HEADER_KIND, count_header, &n);
    *title = "Bad request";
    if (n.host > 1) *detail = "more than one Host header";
    else if (n.host == 0 && version && strcmp(version, MHD_HTTP_VERSION_1_1) == 0)
        *detail = "an HTTP/1.1 request needs a Host header";
    else if (n.content_length > 1) *detail = "more than one Content-Length header";
    else if (n.transfer_encoding > 1) *detail = "more than one Transfer-Encoding header";
    else if (n.transfer_encoding && n.content_length) *detail = "both Content-Length and Transfer-Encoding";
    else if (n.transfer_encoding && strcasecmp(n.te, "chunked") != 0) {
        *title = "Not implemented";
        *detail = "the only Transfer-Encoding understood is chunked";
        return 501;
    } else return 0;
    return 400;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    http_server_t *srv = cls;
    const http_config_t *cfg = srv->cfg;
    conn_state_t *st = *con_cls;
    http_response_t resp;
    memset(&resp, 0, sizeof resp);

    if (!st || !st->seen) {   /* first call: headers only */
        if (!st && !(st = calloc(1, sizeof *st))) return MHD_NO;
        *con_cls = st;
        st->seen = 1;
        clock_gettime(CLOCK_MONOTONIC, &st->start);
        const char *title, *detail;
        int refuse = request_check(c, version, st, &title, &detail);
        if (refuse) {   /* answered from the headers; MHD discards any body and closes */
            cfg->error(&resp, refuse, title, detail);
            return answer(cfg, c, method, url, st, &resp);
        }
        st->body.limit = cfg->max_body;
        http_request_t probe;   /* the request as far as the headers tell */
        memset(&probe, 0, sizeof probe);
        probe.method = method;
        probe.path = url;
        probe.body = "";
        probe.conn = c;
        probe.app = cfg->app;
        probe.trusted = cfg->trusted_proxies;
        int matched = 0;
        const http_route_t *route = http_route_match(cfg->routes, method, url, &probe, &matched);
        st->route = route;   /* the table is not searched again for the later calls */
        st->path_matched = matched;
        if (route && cfg->guard && cfg->guard(&probe, &resp) != 0) {
            if (resp.status == 0) cfg->error(&resp, 500, "Internal error", "the guard failed");
            return answer(cfg, c, method, url, st, &resp);
        }
        size_t n = strlen(url), sn = cfg->upload_suffix ? strlen(cfg->upload_suffix) : 0;
        int upload = sn && n >= sn && strcmp(url + n - sn, cfg->upload_suffix) == 0;
        const char *ctype = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
        for (const struct http_upload_path *u = cfg->upload_paths; !upload && u && u->path; u++)
            if (strcmp(url, u->path) == 0 && ctype && strncasecmp(ctype, "multipart/form-data", 19) == 0) {
                upload = 1;
                st->keep_head = u->keep_head;
            }
        /* the larger cap only for a real route and a caller the
         * application accepts (routing and authentication first) */
        if (route && upload && cfg->max_upload > cfg->max_body && strcmp(method, "POST") == 0) {
            int allowed = cfg->upload_allowed ? cfg->upload_allowed(&probe, &st->ticket) : HTTP_UPLOAD_YES;
            st->ticketed = allowed == HTTP_UPLOAD_YES && cfg->upload_done;
            if (allowed == HTTP_UPLOAD_BUSY) {
                cfg->error(&resp, 429, "Too many requests",
                           "you have as many uploads in progress as one user may; send this one when one of them "
                           "has finished");
                http_response_header(&resp, "Retry-After", HTTP_UPLOAD_RETRY_AFTER);
                return answer(cfg, c, method, url, st, &resp);
            }
            if (allowed == HTTP_UPLOAD_YES) {
                st->body.limit = cfg->max_upload;
                if ((st->spool_fd = http_spool_open(cfg->spool_dir)) < 0) {
                    cfg->error(&resp, 503, "Service unavailable",
                               "the server cannot keep an upload now (no temporary file); try again later");
                    return answer(cfg, c, method, url, st, &resp);
                }
                st->spooled = 1;
            }
        }
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        unsigned long long expect = cl ? strtoull(cl, NULL, 10) : 0;
        if (cl && expect > st->body.limit && !(st->spooled && st->keep_head)) {
            st->too_big = 1;
            /* A client that sends its whole body before reading sees the
             * 413 only if the body was read: answering now and closing
             * with it unread makes the kernel reset the connection, and
             * the reset can reach the client before the answer does. So
             * a body of up to four ordinary caps (4 MiB by default) is read
             * and dropped (within its time), then 413; a larger one, or one
             * the client holds back
             * until "100 Continue" (nothing of it sent yet), is refused
             * now. */
            const char *hold = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_EXPECT);
            if (expect <= 4 * (unsigned long long)cfg->max_body && !(hold && strcasecmp(hold, "100-continue") == 0)) {
                clock_set(srv, c, (long long)(expect / HTTP_MIN_BODY_RATE));
                return MHD_YES;
            }
        }
        if (!st->too_big) {
            /* the body gets one more second per HTTP_MIN_BODY_RATE bytes it may
             * carry (a chunked one: its cap) */
            if (!cl && MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING))
                expect = st->body.limit;
            /* a form's body over the cap is read (and dropped) to its end,
             * within the time of four caps at most */
            if (st->spooled && st->keep_head && expect > 4 * (unsigned long long)st->body.limit)
                expect = 4 * (unsigned long long)st->body.limit;
            clock_set(srv, c, (long long)(expect / HTTP_MIN_BODY_RATE));
            return MHD_YES;
        }
    }
    if (*upload_size && st->spooled) {   /* an upload's chunk: to its file, never to memory */
        if (!st->too_big && !st->spool_failed) {
            if (st->spool_len + *upload_size > st->body.limit) {
                st->too_big = 1;   /* as below: the rest is discarded, then 413 */
                /* keep_head: what fits stays, for the handler */
                if (!st->keep_head && ftruncate(st->spool_fd, 0) != 0) st->spool_failed = 1;
                else if (st->keep_head && spool_write(st, upload, st->body.limit - st->spool_len) != 0)
                    st->spool_failed = 1;
            } else if (spool_write(st, upload, *upload_size) != 0) {
                st->spool_failed = 1;
            }
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (*upload_size) {   /* body chunk */
        if (!st->too_big && buf_append(&st->body, upload, *upload_size) != 0) {
            /* over the cap mid-body (a chunked body has no Content-Length
             * to refuse up front): what was read is dropped, the rest is
             * discarded as it arrives (libmicrohttpd 0.9 cannot answer
             * before the body ends), then 413; the connection timeout
             * bounds a slow sender */
            st->too_big = 1;
            buf_free(&st->body);
        }
        *upload_size = 0;
        return MHD_YES;
    }
    clock_set(srv, c, -1);   /* the request is in: no deadline while it is answered */
    if (st->too_big && !(st->spooled && st->keep_head)) {
        char detail[128];
        snprintf(detail, sizeof detail, "the request body is larger than %zu bytes", st->body.limit);
        cfg->error(&resp, 413, "Request body too large", detail);
    } else if (st->spool_failed) {
        cfg->error(&resp, 503, "Service unavailable",
                   "the server could not write the upload to its temporary file (disk full?); nothing was stored");
    } else {
        http_request_t req;
        memset(&req, 0, sizeof req);
        req.method = method;
        req.path = url;
        req.body = st->body.data ? st->body.data : "";
        req.body_len = st->spooled ? st->spool_len : st->body.len;
        req.body_in_file = st->spooled;
        req.body_fd = st->spooled ? st->spool_fd : -1;
        req.body_truncated = st->too_big;
        req.spool_dir = cfg->spool_dir;
        req.conn = c;
        req.app = cfg->app;
        req.trusted = cfg->trusted_proxies;
        req.parked = st->park_data;
        req.server = st;
        st->srv = srv;
        st->conn = c;
        int path_matched = st->path_matched;
        const http_route_t *route = st->route;
        if (route) http_route_fill(route, url, &req);
        if (route) {
            int rc = route->handler(&req, &resp);
            if (st->parking) {   /* suspended: answered when woken, by this handler again */
                st->parking = 0;
                http_response_drop_body(&resp);
                return MHD_YES;
            }
            if (rc != 0 || resp.status == 0) cfg->error(&resp, 500, "Internal error", "the handler failed");
        } else if (path_matched) {
            char allow[128] = "";
            for (const http_route_t *r = cfg->routes; r->pattern; r++) {
                http_request_t probe;
                int m = 0;
                if (http_route_match(r, r->method, url, &probe, &m) == r && !strstr(allow, r->method)) {
                    if (*allow) strncat(allow, ", ", sizeof allow - strlen(allow) - 1);
                    strncat(allow, r->method, sizeof allow - strlen(allow) - 1);
                }
            }
            char detail[200];
            snprintf(detail, sizeof detail, "%s is not allowed here; allowed: %s", method, allow);
            cfg->error(&resp, 405, "Method not allowed", detail);
            http_response_header(&resp, "Allow", allow);
        } else {
            cfg->error(&resp, 404, "Not found", "no such page or API route");
        }
    }
    return answer(cfg, c, method, url, st, &resp);
}

static enum MHD_Result answer(const http_config_t *cfg, struct MHD_Connection *c, const char *method,
                              const char *url, conn_state_t *st, http_response_t *resp)
{
    if (cfg->finish) {
        http_request_t req;
        memset(&req, 0, sizeof req);
        req.method = method;
        req.path = url;
        req.body = "";
        req.body_fd = -1;
        req.spool_dir = cfg->spool_dir;
        req.conn = c;
        req.app = cfg->app;
        req.trusted = cfg->trusted_proxies;
        cfg->finish(&req, resp);
    }
    log_request(cfg, method, url, resp->status, st);
    if (resp->prepared) {
        enum MHD_Result ret = MHD_queue_response(c, (unsigned)resp->status, resp->prepared->r);
        if (ret == MHD_YES && !st->hold) {   /* given back once sent (request_done) */
            st->hold = resp->body_release;
            st->hold_cls = resp->body_release_cls;
        } else if (resp->body_release) {
            resp->body_release(resp->body_release_cls);
        }
        resp->prepared = NULL;
        resp->body_release = NULL;
        resp->body_release_cls = NULL;
        return ret;
    }
    return send_response(c, resp);
}

static void request_done(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)toe;
    http_server_t *srv = cls;
    clock_restart(srv, c);   /* a kept-alive connection's next request starts now */
    conn_state_t *st = *con_cls;
    if (st) {
        buf_free(&st->body);
        if (st->spooled) close(st->spool_fd);   /* the unlinked file goes with it */
        if (st->ticketed) srv->cfg->upload_done(st->ticket);
        if (st->park_free) st->park_free(st->park_data);
        if (st->hold) st->hold(st->hold_cls);   /* the prepared reply it sent, and its body */
        free(st);
        *con_cls = NULL;
    }
}

int http_parse_listen(const char *spec, char address[64], int *port)
{
    const char *colon = strrchr(spec, ':');
    const char *p = colon ? colon + 1 : spec;
    if (colon) {
        size_t n = (size_t)(colon - spec);
        if (n >= 64) return -1;
        memcpy(address, spec, n);
        address[n] = '\0';
        if (n == 0) snprintf(address, 64, "127.0.0.1");
    } else {
        snprintf(address, 64, "127.0.0.1");
    }
    char *end;
    long v = strtol(p, &end, 10);
    if (!*p || *end || v < 0 || v > 65535) return -1;
    struct in_addr a;
    if (inet_pton(AF_INET, address, &a) != 1) return -1;
    *port = (int)v;
    return 0;
}

int http_server_start(const http_config_t *cfg, http_server_t **out, ov_error_t *err)
{
    *out = NULL;
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)cfg->port);
    if (!cfg->no_listen && inet_pton(AF_INET, cfg->address, &sa.sin_addr) != 1)
        return ov_error_set(err, OV_EINVALID, "listen", "'%s' is not an IPv4 address", cfg->address);
    http_server_t *srv = calloc(1, sizeof *srv);
    if (!srv) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    srv->cfg = cfg;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);   /* the watchdog's waits, like its clocks */
    pthread_mutex_init(&srv->mu, NULL);
    pthread_cond_init(&srv->wake, &ca);
    pthread_condattr_destroy(&ca);
    pthread_cond_init(&srv->unparked, NULL);
    srv->daemon = MHD_start_daemon(
        /* no_listen: no error log either (TCP options fail on a socketpair) */
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME
            | (cfg->no_listen ? MHD_USE_NO_LISTEN_SOCKET : MHD_USE_ERROR_LOG),
        (uint16_t)cfg->port, NULL, NULL, handle, srv,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,   /* unused with no_listen */
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cfg->threads > 0 ? cfg->threads : 2),
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)(cfg->timeout_s > 0 ? cfg->timeout_s : 30),
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)(cfg->max_connections > 0 ? cfg->max_connections : 512),
        /* one address may not hold every connection (0: no limit, e.g. behind a proxy) */
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)(cfg->max_per_ip >= 0 ? cfg->max_per_ip : 0),
        MHD_OPTION_NOTIFY_COMPLETED, request_done, srv,
        MHD_OPTION_NOTIFY_CONNECTION, conn_notify, srv,
        MHD_OPTION_URI_LOG_CALLBACK, request_begin, srv,
        MHD_OPTION_END);
    if (srv->daemon && pthread_create(&srv->watchdog, NULL, watchdog, srv) == 0) srv->watchdog_started = 1;
    if (srv->daemon && !srv->watchdog_started) {
        MHD_stop_daemon(srv->daemon);
        srv->daemon = NULL;
    }
    if (!srv->daemon) {
        pthread_cond_destroy(&srv->unparked);
        pthread_cond_destroy(&srv->wake);
        pthread_mutex_destroy(&srv->mu);
        free(srv);
        return ov_error_set(err, OV_EINTERNAL, "listen", "cannot listen on %s:%d (address in use or not permitted)",
                            cfg->address, cfg->port);
    }
    *out = srv;
    return 0;
}

int http_server_port(const http_server_t *srv)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? (int)info->port : -1;
}

int http_server_add_connection(http_server_t *srv, int fd, const struct sockaddr *sa, unsigned salen)
{
    /* MHD closes fd itself when it refuses it */
    return MHD_add_connection(srv->daemon, fd, sa, (socklen_t)salen) == MHD_YES ? 0 : -1;
}

void http_server_stop(http_server_t *srv)
{
    if (!srv) return;
    pthread_mutex_lock(&srv->mu);
    srv->stopping = 1;
    pthread_cond_signal(&srv->wake);
    pthread_mutex_unlock(&srv->mu);
    pthread_join(srv->watchdog, NULL);
    /* libmicrohttpd aborts when stopped with a connection suspended and
     * not resumed: no new parking, and every parked request woken (by
     * whoever holds its ticket) first */
    pthread_mutex_lock(&srv->mu);
    srv->closing = 1;
    while (srv->parked > 0) pthread_cond_wait(&srv->unparked, &srv->mu);
    pthread_mutex_unlock(&srv->mu);
    MHD_stop_daemon(srv->daemon);   /* closes the connections: their clocks are freed */
    pthread_cond_destroy(&srv->unparked);
    pthread_cond_destroy(&srv->wake);
    pthread_mutex_destroy(&srv->mu);
    free(srv);
}

/* ---- multipart/form-data ------------------------------------------------ */

#define MULTIPART_PIECE (64 * 1024)   /* bytes of the body read and parsed at a time */

typedef struct {
    http_part_fn fn;
    void *cls;
    int stopped;
} multipart_state_t;

static enum MHD_Result multipart_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                                      const char *content_type, const char *transfer_encoding, const char *data,
                                      uint64_t off, size_t size)
{
    (void)kind, (void)transfer_encoding;
    multipart_state_t *m = cls;
    if (m->fn(m->cls, key, filename, content_type, data, (unsigned long long)off, size) != 0) {
        m->stopped = 1;
        return MHD_NO;
    }
    return MHD_YES;
}

int http_multipart_each(const http_request_t *req, http_part_fn fn, void *cls)
{
    const char *ct = MHD_lookup_connection_value((struct MHD_Connection *)req->conn, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!ct || strncasecmp(ct, "multipart/form-data", 19) != 0) return -1;
    multipart_state_t m = {fn, cls, 0};
    struct MHD_PostProcessor *pp =
        MHD_create_post_processor((struct MHD_Connection *)req->conn, MULTIPART_PIECE, multipart_part, &m);
    char *piece = malloc(MULTIPART_PIECE);
    int ok = pp && piece;
    for (size_t off = 0; ok && off < req->body_len;) {
        long n = http_request_body_read(req, off, piece, MULTIPART_PIECE);
        if (n <= 0 || MHD_post_process(pp, piece, (size_t)n) != MHD_YES) ok = 0;
        else off += (size_t)n;
    }
    /* a body cut short ends inside a part: what came before it counts */
    if (pp && MHD_destroy_post_processor(pp) != MHD_YES && !req->body_truncated) ok = 0;
    free(piece);
    return ok && !m.stopped ? 0 : -1;
}
