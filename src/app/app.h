/*
 * app.h: the application context every request handler shares (the JSON
 * API in src/api and the pages in src/web): the database pool, the pinned
 * date, how the server is reached, and the route table it serves.
 *
 * The server hands it to handlers as req->app (http/server.h); it is
 * filled once by the composition layer (src/cli/cmd_serve.c) and read only.
 */
#ifndef OV_APP_APP_H
#define OV_APP_APP_H
#include <stddef.h>
#include "http/http.h"
#include "store/pool.h"
#include "core/date.h"

typedef struct app {
    store_pool_t *pool;
    const char *today;        /* "YYYY-MM-DD" to pin the date (tests), or NULL */
    int secure_cookies;       /* 1: session cookies carry Secure (served behind TLS) */
    const char *base_url;     /* where the server is reached, "http(s)://HOST[:PORT][/PATH]" without a
                               * trailing '/' (serve --base-url), for absolute links and the Origin
                               * check; NULL: "http://" listen_address ":" the port served on */
    const char *listen_address;   /* the IPv4 address served on (NULL: 127.0.0.1) */
    const http_route_t *routes;   /* the table served (src/routes/routes.h), for GET /api/v1;
                                   * NULL lists no routes */
} app_t;

/* Today's date for rules: app->today if set, else the local calendar date. */
odate_t app_today(const app_t *app);

/* The same day as "YYYY-MM-DD" in out (DATE_TEXT_MAX bytes): the day the
 * publication rule is asked for (store/publication.h). */
void app_today_text(const app_t *app, char *out);

/* The server's base URL (app->base_url, or its default from the listening
 * address and port), never the request's Host header, into out (n bytes). */
void app_base_url(const http_request_t *req, char *out, size_t n);

/* 1 when s is fit to be a base URL: http:// or https://, a host, an
 * optional port and path of URL characters (no quotes, spaces, '<', '>',
 * query or fragment), at most 200 bytes, no trailing '/'. */
int app_base_url_valid(const char *s);

#endif
