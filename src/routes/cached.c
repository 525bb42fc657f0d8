/*
 * cached.c: read routes through the response cache (cached.h): the key,
 * the generation check (one query, shared by concurrent requests on
 * PostgreSQL, where the request is parked while it waits:
 * generation_of), the caller's API token remembered per
 * generation (api_actor_at), hits with ETag/304, and keeping misses
 * (one computation per key at a time: store_cache_claim).
 */
#include "routes/cached.h"
#include "api/api.h"
#include "core/buf.h"
#include "store/cache.h"
#include "store/pool.h"
#include "web/pages.h"
#include "web/page_frameworks.h"
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int cache_on(void)
{
    static int on = -1;
    if (on < 0) {
        const char *e = getenv("OVERSIGHT_CACHE");
        on = !(e && strcmp(e, "0") == 0);
    }
    return on;
}

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* hit's reply as the server sends it (its headers, "X-Cache: hit"), made
 * once per cached body and kept with it; NULL when out of memory. */
static http_prepared_t *hit_prepared(const store_cached_t *hit)
{
    http_prepared_t *p = store_blob_attached(hit->body);
    if (p) return p;
    http_response_t r;
    memset(&r, 0, sizeof r);
    r.status = hit->status;
    r.content_type = hit->content_type;
    r.body = (char *)store_blob_data(hit->body);   /* borrowed: the blob holds the prepared reply */
    r.body_len = store_blob_len(hit->body);
    for (int i = 0; i < hit->nheaders; i++) http_response_header(&r, hit->headers[i].name, hit->headers[i].value);
    http_response_header(&r, "X-Cache", "hit");
    http_prepared_t *made = http_prepared_make(&r);
    if (!made) return NULL;
    p = store_blob_attach(hit->body, made, http_prepared_free);
    if (p != made) http_prepared_free(made);   /* another request's came first */
    return p;
}

/* Answers from hit (its body reference handed to resp): 304 when the
 * request's If-None-Match names our ETag, else the cached reply. */
static void serve_hit(http_request_t *req, http_response_t *resp, store_cached_t *hit, const char *etag)
{
    const char *inm = http_request_header(req, "If-None-Match");
    int ours = 0;
    for (int i = 0; i < hit->nheaders && inm; i++)
        if (strcasecmp(hit->headers[i].name, "ETag") == 0) ours = strcmp(hit->headers[i].value, etag) == 0;
    if (!(ours && inm && strstr(inm, etag))) {
        http_prepared_t *p = hit_prepared(hit);
        if (p) {
            /* our reference to the cached body keeps the prepared reply
             * (kept with it) valid until the server has sent it: no copy,
             * and no header built, per request */
            http_response_use_prepared(resp, p, store_blob_release, hit->body);
            return;
        }
    }
    for (int i = 0; i < hit->nheaders; i++) http_response_header(resp, hit->headers[i].name, hit->headers[i].value);
    http_response_header(resp, "X-Cache", "hit");
    if (ours && inm && strstr(inm, etag)) {
        store_blob_release(hit->body);
        http_response_set(resp, 304, NULL, NULL, 0);
        return;
    }
    http_response_set_shared(resp, hit->status, hit->content_type, store_blob_data(hit->body),
                             store_blob_len(hit->body), store_blob_release, hit->body);
}

/* A request parked until the generation is read (PostgreSQL): its place
 * among the pool's waiters and the ticket that wakes it. Made by
 * generation_of, the server's once parked (freed with the request). */
typedef struct {
    store_gen_waiter_t w;
    http_parking_t *ticket;
} gen_park_t;

/* The pool's reader thread, once the read the request waited for ended */
static void gen_ready(store_gen_waiter_t *w)
{
    gen_park_t *g = (gen_park_t *)((char *)w - offsetof(gen_park_t, w));
    http_parking_wake(g->ticket);   /* g may be freed from here on */
}

enum { GEN_READ = 0, GEN_PARKED = 1, GEN_FAILED = -1 };
/* The whole record's generation as read by a statement that started
 * after req arrived, into out: GEN_READ. On PostgreSQL the request is
 * parked instead of waiting on its server thread (GEN_PARKED: the handler
 * returns 0 now and is called again once the read has ended, and then
 * finds it here); the read it waits for is numbered when the request
 * registers, after it arrived, exactly as a blocking caller's. GEN_FAILED
 * when it cannot be read (the handler answers without the cache). */
static int generation_of(http_request_t *req, char out[STORE_GEN_MAX])
{
    app_t *app = req->app;
    ov_error_t err = {0};
    if (req->parked)   /* woken: the read it waited for (or a later one) */
        return store_pool_generation_collect(app->pool, &((gen_park_t *)req->parked)->w, out) == 0 ? GEN_READ
                                                                                                  : GEN_FAILED;
    if (store_pool_parks(app->pool)) {
        gen_park_t *g = calloc(1, sizeof *g);
        http_parking_t *k = g ? http_request_park(req, g, free) : NULL;   /* g the server's once parked */
        if (k) {
            g->ticket = k;
            g->w.ready = gen_ready;
            if (store_pool_generation_wait(app->pool, &g->w) != 0) {
                /* the pool is closing: woken at once, and collect fails
                 * (no read is numbered this high) */
                g->w.need = ~0ULL;
                http_parking_wake(k);
            }
            return GEN_PARKED;
        }
        free(g);   /* not parked (the server is stopping): it waits here */
    }
    return store_pool_generation(app->pool, out, &err) == 0 ? GEN_READ : GEN_FAILED;
}

/* args: the query arguments the handler reads (NULL-terminated). scope:
 * ONE_BODY when the reply depends only on the body of the path's {code}
 * (and on nothing of any other body): it is then kept at that body's
 * generation, and writes to other bodies leave it valid. */
enum { ALL_BODIES = 0, ONE_BODY = 1 };
/* at: when not NULL, what computes a miss instead of handler, told the
 * whole-record generation the reply will be kept at (a list made from
 * parts kept across generations: api_bodies_list_at) */
typedef int (*at_fn)(http_request_t *req, http_response_t *resp, const char *gen);
static int cached_at(http_request_t *req, http_response_t *resp, http_handler_fn handler, at_fn at,
                     const char *const *args, int pages, int scope)
{
    app_t *app = req->app;
    if (!cache_on()) return handler(req, resp);
    int anonymous = !http_request_header(req, "Authorization") && !http_request_header(req, "Cookie");
    if (pages && !anonymous) {
        /* pages carry the viewer's name and tokens: never kept; one made
         * from parts kept (the board) is made at the generation read now,
         * after the request arrived, as a miss would be */
        char now[STORE_GEN_MAX];
        if (!at) return handler(req, resp);
        int g = generation_of(req, now);
        if (g == GEN_PARKED) return 0;
        return g == GEN_READ ? at(req, resp, now) : handler(req, resp);
    }
    /* the generation first: it is read after this request arrived, so a
     * hit is never older than a write acknowledged before it (on any
     * server); the caller's token is then checked at that generation */
    char all[STORE_GEN_MAX], body[STORE_GEN_MAX];
    ov_error_t err = {0};
    int g = generation_of(req, all);
    if (g == GEN_PARKED) return 0;   /* called again when the read has ended */
    if (g != GEN_READ) return handler(req, resp);
    app_actor_t actor;
    memset(&actor, 0, sizeof actor);
    if (anonymous) snprintf(actor.role, sizeof actor.role, "public");
    else if (api_actor_at(req, resp, &actor, all) != 0) return 0;

    buf_t key = BUF_INIT;
    odate_t today = app_today(app);
    char day[DATE_TEXT_MAX];
    date_format(&today, day);
    /* "METHOD PATH|ROLE|BODY|DAY", then "|NAME=VALUE" or "|NAME" per
     * argument (put piece by piece: this runs on every cached request) */
    const char *head[] = {req->method, " ", req->path, "|", actor.role, "|", actor.body, "|", day};
    for (size_t i = 0; i < sizeof head / sizeof head[0]; i++) buf_puts(&key, head[i]);
    int present = 0;
    for (int i = 0; args && args[i]; i++) {
        const char *v = http_request_query(req, args[i]);
        buf_putc(&key, '|');
        buf_puts(&key, args[i]);
        if (v) buf_putc(&key, '='), buf_puts(&key, v), present++;
    }
    /* a page's header "Log in" link carries the whole query: one with an
     * argument the key leaves out (or a repeated one) is not another
     * visitor's page, and is computed afresh; the same arguments in
     * another order or spelling give another link, so the query as the
     * link writes it is part of the key */
    if (pages && http_request_query_count(req) > present) {
        buf_free(&key);
        return handler(req, resp);
    }
    if (pages) {
        buf_putc(&key, ' ');
        if (http_request_query_append(req, &key) != 0) key.failed = 1;
    }
    if (key.failed || !key.data) {
        buf_free(&key);
        return handler(req, resp);
    }

    /* gen: what the reply is kept at. A reply about one body is kept at
     * that body's generation: a hit while nothing at all has moved since
     * it was last seen current costs nothing more; otherwise the body's
     * generation is read (after `all`, so no older) and, when unchanged,
     * the kept reply is still a hit */
    const char *code = scope == ONE_BODY ? http_request_param(req, "code") : NULL;
    const char *gen = all;
    store_cached_t hit;
    int found = 0;
    if (code) {
        if (store_cache_get_checked(key.data, all, &hit, body)) found = 1;
        else if (store_pool_generation_body(app->pool, code, body, &err) != 0) {
            buf_free(&key);
            return handler(req, resp);
        } else
            found = store_cache_confirm(key.data, body, all, &hit);
        gen = body;
    }
    char etag[64];
    snprintf(etag, sizeof etag, "W/\"g%lld-%016llx\"", strtoll(gen, NULL, 10),
             (unsigned long long)(fnv(key.data) ^ fnv(gen)));

    int claim = 0;
    if (found || (!code && store_cache_get(key.data, gen, &hit))
        || ((claim = store_cache_claim(key.data, gen)) == 0 && store_cache_get(key.data, gen, &hit))) {
        buf_free(&key);
        serve_hit(req, resp, &hit, etag);   /* "X-Cache: hit" among its headers */
        return 0;
    }
    int rc = at && gen == all ? at(req, resp, all) : handler(req, resp);
    if (rc == 0 && resp->status == 200 && resp->body && !resp->body_release) {
        int has_etag = 0;
        for (int i = 0; i < resp->nheaders; i++) has_etag |= strcasecmp(resp->headers[i].name, "ETag") == 0;
        if (!has_etag) http_response_header(resp, "ETag", etag);
        /* the handler's body (owned by resp) becomes a blob shared by the
         * cache and this response, each with a reference */
        size_t len = resp->body_len;
        store_blob_t *blob = store_blob_adopt(resp->body, len);
        resp->body = NULL;
        resp->body_len = 0;
        if (!blob) {
            if (claim == 1) store_cache_done(key.data, gen);
            buf_free(&key);
            http_response_set(resp, 500, NULL, NULL, 0);
            return -1;   /* out of memory: the server answers 500 */
        }
        store_cached_t put = {.status = 200, .content_type = resp->content_type, .body = blob, .nheaders = 0};
        for (int i = 0; i < resp->nheaders && put.nheaders < STORE_CACHE_HEADERS; i++) {
            /* how a miss was computed is not kept for the hits */
            if (strcasecmp(resp->headers[i].name, "X-Rows-Read") == 0
                || strcasecmp(resp->headers[i].name, "X-Bodies-Read") == 0)
                continue;
            memcpy(put.headers[put.nheaders].name, resp->headers[i].name, sizeof put.headers[0].name);
            memcpy(put.headers[put.nheaders].value, resp->headers[i].value, sizeof put.headers[0].value);
            put.nheaders++;
        }
        store_cache_put_checked(key.data, gen, all, &put);   /* takes its own reference if kept */
        http_response_set_shared(resp, 200, put.content_type, store_blob_data(blob), len, store_blob_release, blob);
    }
    if (claim == 1) store_cache_done(key.data, gen);   /* waiters find it cached (or compute) */
    buf_free(&key);
    if (rc == 0) http_response_header(resp, "X-Cache", "miss");   /* after keeping: not among the kept headers */
    return rc;
}

static int cached(http_request_t *req, http_response_t *resp, http_handler_fn handler, const char *const *args,
                  int pages, int scope)
{
    return cached_at(req, resp, handler, NULL, args, pages, scope);
}

static const char *const NONE[] = {NULL};
static const char *const AS_OF[] = {"as_of", NULL};
static const char *const BODIES[] = {"phase", "kind", "limit", "offset", NULL};
static const char *const DEADLINES[] = {"today", "before", "limit", "offset", "theme", "priority", NULL};
static const char *const CANDIDATES[] = {"as_of", "limit", "offset", NULL};
static const char *const PUBLIC_RECS[] = {"body", "kind", "status", "overdue", "theme", "priority", "limit",
                                          "offset", "format", NULL};
static const char *const BOARD[] = {"phase", "kind", "sort", NULL};
static const char *const PUBLIC_RECS_PAGE[] = {"body", "kind", "status", "overdue", "theme", "priority", "page", NULL};

int routes_cached_bodies_list(http_request_t *req, http_response_t *resp) { return cached_at(req, resp, api_bodies_list, api_bodies_list_at, BODIES, 0, ALL_BODIES); }
int routes_cached_body_get(http_request_t *req, http_response_t *resp) { return cached(req, resp, api_body_get, NONE, 0, ONE_BODY); }
int routes_cached_snapshot(http_request_t *req, http_response_t *resp) { return cached(req, resp, api_snapshot, NONE, 0, ONE_BODY); }
int routes_cached_readiness(http_request_t *req, http_response_t *resp) { return cached(req, resp, api_readiness, AS_OF, 0, ONE_BODY); }
int routes_cached_candidates(http_request_t *req, http_response_t *resp) { return cached_at(req, resp, api_candidates, api_candidates_at, CANDIDATES, 0, ALL_BODIES); }
int routes_cached_deadlines(http_request_t *req, http_response_t *resp) { return cached_at(req, resp, api_deadlines, api_deadlines_at, DEADLINES, 0, ALL_BODIES); }
int routes_cached_page_body(http_request_t *req, http_response_t *resp) { return cached(req, resp, web_page_body, NONE, 1, ONE_BODY); }
int routes_cached_public_recommendations(http_request_t *req, http_response_t *resp) { return cached(req, resp, api_public_recommendations, PUBLIC_RECS, 0, ALL_BODIES); }
int routes_cached_page_recommendations(http_request_t *req, http_response_t *resp) { return cached(req, resp, web_page_recommendations, PUBLIC_RECS_PAGE, 1, ALL_BODIES); }
int routes_cached_page_board(http_request_t *req, http_response_t *resp) { return cached_at(req, resp, web_page_board, web_page_board_at, BOARD, 1, ALL_BODIES); }
int routes_cached_page_engage(http_request_t *req, http_response_t *resp) { return cached(req, resp, web_page_engage, NONE, 1, ALL_BODIES); }
int routes_cached_page_timeline(http_request_t *req, http_response_t *resp) { return cached(req, resp, web_page_timeline, NONE, 1, ALL_BODIES); }
int routes_cached_page_frameworks(http_request_t *req, http_response_t *resp) { return cached(req, resp, web_page_frameworks, NONE, 1, ALL_BODIES); }
