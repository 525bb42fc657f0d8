/*
 * api.h: the JSON API (v1) and the application context its handlers share.
 */
#ifndef OV_API_API_H
#define OV_API_API_H
#include <jansson.h>
#include "http/http.h"
#include "store/pool.h"
#include "core/date.h"

typedef struct api_app {
    store_pool_t *pool;
    const char *today;        /* "YYYY-MM-DD" to pin the date (tests), or NULL */
} api_app_t;

/* The route table of the API and pages; ends with an all-NULL entry. */
extern const http_route_t api_routes[];

/* Today's date for rules: app->today if set, else the local calendar date. */
odate_t api_today(const api_app_t *app);

/* Fills resp with an application/problem+json body (RFC 9457):
 * {type, title, status, detail[, field]}. */
void api_problem(http_response_t *resp, int status, const char *title, const char *detail, const char *field);
/* Same, from an ov_error_t, choosing the HTTP status from its status. */
void api_problem_from_error(http_response_t *resp, const ov_error_t *err);
/* For the server's own errors (http_error_fn). */
void api_problem_http(http_response_t *resp, int status, const char *title, const char *detail);

/* Serialises j (stolen: decref'd) as the response body with status. */
void api_json(http_response_t *resp, int status, json_t *j);

/* Parses the request body as a JSON object whose members are all in
 * `allowed` (NULL-terminated). On error fills resp with a 400/422 problem
 * and returns NULL; else returns a new reference. */
json_t *api_body_object(http_request_t *req, http_response_t *resp, const char *const *allowed);

/* Reads an If-Match header of the form "vN" (quoted or weak). Returns N,
 * -1 if absent, or -2 (with a 400 problem in resp) if malformed. */
long long api_if_match(http_request_t *req, http_response_t *resp);

/* Sets the ETag header to "vN". */
void api_etag(http_response_t *resp, long long version);

/* Handlers (one file per family). */
int api_health(http_request_t *req, http_response_t *resp);
int api_index(http_request_t *req, http_response_t *resp);
int api_phases(http_request_t *req, http_response_t *resp);
int api_bodies_list(http_request_t *req, http_response_t *resp);
int api_body_get(http_request_t *req, http_response_t *resp);
int api_decision_create(http_request_t *req, http_response_t *resp);

#endif
