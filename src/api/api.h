/*
 * api.h: the JSON API (v1): problem bodies, JSON in and out, the caller as
 * the API answers for it, and the handlers.
 */
#ifndef OV_API_API_H
#define OV_API_API_H
#include <jansson.h>
#include "http/http.h"
#include "store/pool.h"
#include "core/date.h"
#include "app/app.h"
#include "app/actor.h"

/* Fills resp with an application/problem+json body (RFC 9457):
 * {type, title, status, detail[, field]}. */
void api_problem(http_response_t *resp, int status, const char *title, const char *detail, const char *field);
/* Same, from an ov_error_t, choosing the HTTP status from its status. A
 * 500 (OV_EINTERNAL, or an unknown status) never shows err->message, which
 * may be the database's or the system's own words: it goes to stderr (the
 * server's log) and the client reads a fixed sentence. When
 * a named rule refused (err->rule, e.g. "four-eyes"), the problem is
 * {type: API_RULE_TYPE_PREFIX RULE, title: "Four-eyes rule", status, detail,
 * field, rule: RULE}. */
#define API_RULE_TYPE_PREFIX "tag:oversight,2025:rule/"
void api_problem_from_error(http_response_t *resp, const ov_error_t *err);
/* For the server's own errors (http_error_fn). */
void api_problem_http(http_response_t *resp, int status, const char *title, const char *detail);

/* Serialises j (stolen: decref'd) as the response body with status. */
void api_json(http_response_t *resp, int status, json_t *j);

/* Parses the request body as a JSON object whose members are all in
 * `allowed` (NULL-terminated). On error fills resp with a 400/422 problem
 * and returns NULL; else returns a new reference. */
json_t *api_body_object(http_request_t *req, http_response_t *resp, const char *const *allowed);

/* Parses the request body as a JSON object (any member types). On error
 * fills resp with a 400 problem and returns NULL; else a new reference. */
json_t *api_body_json(http_request_t *req, http_response_t *resp);

/* Reads an If-Match header of the form "vN" (quoted or weak). Returns N,
 * -1 if absent, or -2 (with a 400 problem in resp) if malformed. */
long long api_if_match(http_request_t *req, http_response_t *resp);

/* Sets the ETag header to "vN". */
void api_etag(http_response_t *resp, long long version);

/* The caller (app_actor, app/actor.h). No credentials: role "public",
 * returns 0. Bad/expired/disabled credentials: fills resp with a 401
 * problem (and clears a stale session cookie) and returns -1. A cookie
 * session on a non-GET request must carry a valid X-CSRF-Token header,
 * else 403. */
int api_actor(http_request_t *req, http_response_t *resp, app_actor_t *out);

/* api_actor for a read at data generation gen: app_actor_at (an API token
 * found at gen is remembered for that generation), a refusal answered in
 * resp as api_actor does. */
int api_actor_at(http_request_t *req, http_response_t *resp, app_actor_t *out, const char *gen);

/* For the server's http_config_t.upload_allowed: HTTP_UPLOAD_YES when the
 * caller of an upload route (headers only, no body yet) is authenticated
 * with a role that may add evidence to some body (progress or record), so
 * only such a caller may send up to the upload cap; everyone else gets
 * HTTP_UPLOAD_NO, held to the ordinary body cap (413 beyond it, or 401/403
 * within it). A user with API_UPLOADS_PER_USER uploads in flight already
 * gets HTTP_UPLOAD_BUSY (429). YES sets *ticket, to be handed back once to
 * api_upload_done when the request is over (http_config_t.upload_done). */
#define API_UPLOADS_PER_USER 2
int api_upload_allowed(http_request_t *req, void **ticket);
void api_upload_done(void *ticket);

/* 1 when a browser says the request comes from another site's page:
 * Sec-Fetch-Site: cross-site, or an Origin header that is neither the base
 * URL's origin (app_base_url) nor http:// or https:// followed by the
 * request's Host. No Origin (non-browser clients, older browsers) and
 * "Origin: null" (what browsers send on form posts from pages with our
 * Referrer-Policy: no-referrer) are not cross-site by themselves. */
int api_cross_site(const http_request_t *req);

/* api_actor, then core/roles.h roles_allows(perm, target_body). Returns 0
 * when allowed; else fills resp (401 for anonymous, 403 otherwise) and
 * returns -1. out may be NULL. */
int api_require(http_request_t *req, http_response_t *resp, int perm, const char *target_body,
                app_actor_t *out);

/* Query arguments of paged lists. api_query_count: a whole number argument
 * name in [lo, hi] into *n (kept when absent); api_query_page: ?limit
 * (1..max; *limit is the default, kept when absent) and ?offset (0 to
 * 1,000,000; default 0). Both 0, or -1 with a 400 problem naming the
 * argument in resp. */
int api_query_count(http_request_t *req, http_response_t *resp, const char *name, long long lo, long long hi,
                    long long *n);
int api_query_page(http_request_t *req, http_response_t *resp, long long max, long long *limit, long long *offset);

/* Handlers (one file per family). */
/* GET /api/v1/bodies at the whole-record generation gen (routes/cached.c
 * calls it on a miss): the rows kept row by row (store/body_rows.h). */
int api_bodies_list_at(http_request_t *req, http_response_t *resp, const char *gen);
/* api_candidates at the whole-record generation gen, from the ranking kept
 * across generations (store/candidate_keep.h): after a write to one body
 * only that body is scored again; X-Rows-Read "SCORED/RANKED". */
int api_candidates_at(http_request_t *req, http_response_t *resp, const char *gen);
/* api_deadlines at the whole-record generation gen, from the rows kept
 * across generations (store/deadline_keep.h): after a write to one body
 * only its rows are read again; X-Rows-Read "READ/KEPT", X-Bodies-Read. */
int api_deadlines_at(http_request_t *req, http_response_t *resp, const char *gen);
http_handler_t api_health, api_index, api_phases, api_frameworks, api_framework_get, api_framework_load, api_schema, api_bodies_list, api_body_get,
    api_decision_create;
/* body_admin.c: bodies added, renamed, merged, retired (admin); people */
http_handler_t api_body_create, api_body_rename, api_body_retire, api_body_merge, api_body_people_list,
    api_body_person_add;
/* record.c: every entity of store/entity.h at /api/v1/{entity}[/{id}] */
http_handler_t api_entity_list, api_entity_get, api_entity_create, api_entity_update;
/* POST /api/v1/progress-updates: JSON as api_entity_create, or
 * multipart/form-data (a part named json, the update; parts named file,
 * its evidence files), the update and every file in one transaction. */
http_handler_t api_progress_create;
/* actions.c */
http_handler_t api_rec_status, api_rec_deadline, api_cause_close;
/* the lifecycle beyond closing and themes (actions.c, meta.c) */
http_handler_t api_cause_supersede, api_cause_withdraw;
http_handler_t api_rec_supersede, api_rec_withdraw, api_rec_themes, api_cause_themes, api_themes_list, api_theme_add;
/* evidence.c */
http_handler_t api_evidence_upload, api_evidence_download;
/* reasoning.c */
http_handler_t api_readiness, api_body_pcc, api_candidates, api_deadlines, api_snapshot, api_session_create,
    api_session_delete, api_me;
/* opendata.c: the public record as open data; the letter importer */
http_handler_t api_export, api_imports;
/* reports.c: reports covering many bodies, their shared recommendations and
 * each addressee's part */
http_handler_t api_reports_list, api_report_create, api_report_get, api_report_recommendation_add,
    api_national_part_status, api_national_part_close;
/* public_record.c: the published recommendations across bodies (?body, ?kind,
 * ?status, ?overdue, ?limit, ?offset, ?format=json|csv) */
http_handler_t api_public_recommendations;
/* feeds.c: Atom and iCalendar feeds */
http_handler_t api_feed_decisions, api_feed_deadlines, api_feed_deadlines_body;
/* audit.c: the audit trail (staff) */
http_handler_t api_audit_list;

/* GET /api/v1/openapi.json (openapi.c): an OpenAPI 3.1 document generated
 * from the route table served and the entity descriptors. */
http_handler_t api_openapi;
/* The same document for the table `routes` (a new reference; NULL on
 * allocation failure). */
json_t *api_openapi_document(const http_route_t *routes);
/* search.c: full-text search of the record (app/search.h) */
http_handler_t api_search;
/* letters.c */
http_handler_t api_letters_list, api_letter_create, api_letter_get, api_letter_update, api_letter_edit, api_letter_approve,
    api_letter_publish, api_letter_file, api_letter_css;
/* For GET /letters/{file}: 0 when file names a letter ("12.html", "12.pdf")
 * the caller may read (as GET /api/v1/letters/{id}); else -1 with resp the
 * problem (404, 401, 403). Lets the page of routes.c answer the same
 * refusals as the API. */
int api_letter_file_check(http_request_t *req, http_response_t *resp);

/* releases.c: news releases beside the letters (docs/release.h) */
http_handler_t api_releases_list, api_release_create, api_release_get, api_release_edit, api_release_quote,
    api_release_approve, api_release_publish;

/* POST /api/v1/corrections, GET /api/v1/corrections?entity=E&id=N:
 * corrections of phase decisions and closures (api/corrections.c). */
http_handler_t api_correction_create, api_corrections_list;

#endif
