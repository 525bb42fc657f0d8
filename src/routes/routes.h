/*
 * routes.h: the one route table of the server (the JSON API of src/api and
 * the pages and forms of src/web) and the guard run before every route.
 *
 * This is the composition layer: it may include api and web, which never
 * include each other or it. The same table answers requests, lists the
 * API (`oversight help api`, GET /api/v1 through app_t.routes) and tells
 * 404 from 405 (http/http.h).
 */
#ifndef OV_ROUTES_ROUTES_H
#define OV_ROUTES_ROUTES_H
#include "http/http.h"
#include "http/server.h"

/* The route table of the API and pages; ends with an all-NULL entry. */
extern const http_route_t routes_table[];

/* For the server's http_config_t.upload_paths: the POST paths besides
 * ".../evidence" that take files (multipart/form-data): a new progress
 * update with its evidence files, as a form and through the API. */
extern const struct http_upload_path routes_upload_paths[];

/* For the server's http_config_t.guard: refuses a
 * write (any method but GET and HEAD) from another site's page when it
 * would act on a session cookie (a Cookie with ov_session and no
 * Authorization header) or start one (POST /api/v1/session, POST
 * /login): 403, a problem (an HTML error page for a browser: routes_finish).
 * Bearer-token writes are not affected: no browser adds that header by
 * itself. */
http_handler_t routes_guard;

/* For the server's http_config_t.finish: a problem (application/problem+json)
 * answered to a browser (Accept asks for HTML first, http_prefers_html) on
 * any path outside /api/ becomes an HTML error page of the same status,
 * with the site header and its <main>; headers set before (Allow,
 * Retry-After) stay. API clients (Accept: application/json, * / *, none)
 * and every /api/ path keep the problem. Both get Vary: Accept. */
void routes_finish(http_request_t *req, http_response_t *resp);

#endif
