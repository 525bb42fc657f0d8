/* test_matrix.c: access control as a table. Every route of the server's
 * real route table (read from GET /api/v1, which lists routes_table) is called
 * as each of nine callers (anonymous, admin, hmci, inspector, analyst, a
 * body user and a local policing body user of the body that owns the row,
 * and of another body) on the demo database with real ids, and the outcome
 * is compared with the EXPECTED table below. A route without a row fails
 * the test, so a new route cannot slip in untested.
 *
 * Outcomes: 'A' allowed (any status but 401, 403, 404 and a redirect to
 * /login: a 400/412/422 for a write with an empty body is allowed, the
 * caller got past the permission check), '1' 401, '3' 403, '4' 404, 'L' 303
 * to /login (the web forms' answer to anonymous callers).
 *
 * API routes are called with Bearer tokens; web routes (everything not under
 * /api/, /feeds/, /letters/, /healthz) with a cookie session, and web POSTs
 * carry the session's CSRF token as a form field. Writes carry
 * If-Match: "v999999" and an empty object or form, so an allowed caller
 * gets 400/412/422 and nothing changes: the audit chain has the same length
 * after the whole matrix (checked).
 *
 * Also here: anonymous writes with bad input get 401 (never 422 with field
 * detail: who before what); and every free-text field of every entity
 * keeps script and SQL metacharacters verbatim and is rendered escaped. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "support/support.h"

enum { R_ANON, R_ADMIN, R_HMCI, R_INSPECTOR, R_ANALYST, R_BODY_OWN, R_BODY_OTHER, R_LPB_OWN, R_LPB_OTHER, R_N };

static const struct { const char *name, *role, *body; } ROLES[R_N] = {
    {"anonymous", NULL, NULL},   {"mx_admin", "admin", NULL},    {"mx_hmci", "hmci", NULL},
    {"mx_insp", "inspector", NULL}, {"mx_analyst", "analyst", NULL}, {"mx_metbody", "body", "met"},
    {"mx_kentbody", "body", "kent"}, {"mx_metlpb", "lpb", "met"},   {"mx_kentlpb", "lpb", "kent"},
};

/* The expected outcome of each route for the callers in the order of ROLES:
 * anon, admin, hmci, inspector, analyst, body(own), body(other), lpb(own),
 * lpb(other). The rows use the demo body "met" (and its rows) as "own". */
static const struct { const char *method, *pattern, *expect; } EXPECTED[] = {
    /* comments: the statuses seen when the row was written */
    {"GET", "/healthz", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"GET", "/api/v1", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"GET", "/api/v1/phases", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"GET", "/api/v1/frameworks", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"POST", "/api/v1/frameworks", "1A3333333"},  /* 401 422 403 403 403 403 403 403 403: admin only */
    {"GET", "/api/v1/frameworks/{code}", "AAAAAAAAA"},  /* 200 x9: scan-engage, public */
    {"GET", "/api/v1/schema", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"GET", "/api/v1/openapi.json", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"GET", "/api/v1/bodies", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"GET", "/api/v1/bodies/{code}", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"POST", "/api/v1/bodies/{code}/decisions", "13A333333"},  /* 401 403 412 403 403 403 403 403 403 */
    {"POST", "/api/v1/bodies", "1A3333333"},  /* 401 422 403 403 403 403 403 403 403: admin only */
    {"POST", "/api/v1/bodies/{code}/rename", "1A3333333"},  /* 401 422 403 403 403 403 403 403 403 */
    {"POST", "/api/v1/bodies/{code}/retire", "1A3333333"},  /* 401 422 403 403 403 403 403 403 403 */
    {"POST", "/api/v1/body-merges", "1A3333333"},  /* 401 422 403 403 403 403 403 403 403 */
    {"GET", "/api/v1/bodies/{code}/people", "1AAAAA3A3"},  /* 401 200 200 200 200 200 403 200 403 */
    {"POST", "/api/v1/bodies/{code}/people", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"POST", "/api/v1/session", "AAAAAAAAA"},  /* 422 422 422 422 422 422 422 422 422 */
    {"DELETE", "/api/v1/session", "1AAAAAAAA"},  /* 401 400 400 400 400 400 400 400 400 */
    {"GET", "/api/v1/me", "1AAAAAAAA"},  /* 401 200 200 200 200 200 200 200 200 */
    {"GET", "/api/v1/bodies/{code}/record", "1AAAAA3A3"},  /* 401 200 200 200 200 200 403 200 403 */
    {"GET", "/api/v1/bodies/{code}/readiness", "1AAAAA3A3"},  /* 401 200 200 200 200 200 403 200 403 */
    {"GET", "/api/v1/bodies/{code}/pcc-responses", "1AAAAA3A3"},
    {"GET", "/api/v1/engage-candidates", "1AAAA3333"},  /* 401 200 200 200 200 403 403 403 403 */
    {"GET", "/api/v1/deadlines", "1AAAAAAAA"},  /* 401 200 200 200 200 200 200 200 200 */
    {"GET", "/api/v1/export", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"GET", "/api/v1/public/recommendations", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"GET", "/api/v1/search", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"POST", "/api/v1/imports", "1AAAA3333"},  /* 401 415 415 415 415 403 403 403 403 */
    {"GET", "/api/v1/audit", "1AAAA3333"},  /* 401 200 200 200 200 403 403 403 403 */
    {"GET", "/feeds/decisions.atom", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"GET", "/feeds/deadlines.ics", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"GET", "/feeds/deadlines/{file}", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"GET", "/api/v1/inspections", "1AAAAAAAA"},  /* 401 200 200 200 200 200 200 200 200 */
    {"POST", "/api/v1/inspections", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/inspections/{id}", "1AAAAA3A3"},  /* 401 200 200 200 200 200 403 200 403 */
    {"PATCH", "/api/v1/inspections/{id}", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/grades", "1AAAAAAAA"},  /* 401 200 200 200 200 200 200 200 200 */
    {"POST", "/api/v1/grades", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/grades/{id}", "1AAAAA3A3"},  /* 401 200 200 200 200 200 403 200 403 */
    {"PATCH", "/api/v1/grades/{id}", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/revisits", "1AAAAAAAA"},  /* 401 200 200 200 200 200 200 200 200 */
    {"POST", "/api/v1/revisits", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/revisits/{id}", "1AAAAA3A3"},  /* 401 200 200 200 200 200 403 200 403 */
    {"PATCH", "/api/v1/revisits/{id}", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/causes-of-concern", "1AAAAAAAA"},  /* 401 200 200 200 200 200 200 200 200 */
    {"POST", "/api/v1/causes-of-concern", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/causes-of-concern/{id}", "1AAAAA3A3"},  /* 401 200 200 200 200 200 403 200 403 */
    {"PATCH", "/api/v1/causes-of-concern/{id}", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"POST", "/api/v1/causes-of-concern/{id}/close", "13AA33333"},  /* 401 403 412 412 403 403 403 403 403 */
    {"POST", "/api/v1/causes-of-concern/{id}/supersede", "13AA33333"},  /* 401 403 412 412 403 403 403 403 403 */
    {"POST", "/api/v1/causes-of-concern/{id}/withdraw", "13AA33333"},  /* 401 403 412 412 403 403 403 403 403 */
    {"POST", "/api/v1/causes-of-concern/{id}/themes", "1AAAA3333"},  /* 401 412 412 412 412 403 403 403 403 */
    {"GET", "/api/v1/themes", "AAAAAAAAA"},  /* 200 x9: the list is public */
    {"POST", "/api/v1/themes", "1A3333333"},  /* 401 422 403 403 403 403 403 403 403: admin only */
    {"GET", "/api/v1/recommendations", "1AAAAAAAA"},  /* 401 200 200 200 200 200 200 200 200 */
    {"POST", "/api/v1/recommendations", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/recommendations/{id}", "1AAAAA3A3"},  /* 401 200 200 200 200 200 403 200 403 */
    {"PATCH", "/api/v1/recommendations/{id}", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"POST", "/api/v1/recommendations/{id}/status", "1AAAAA333"},  /* 401 412 412 412 412 412 403 403 403 */
    {"POST", "/api/v1/recommendations/{id}/supersede", "13AA33333"},  /* 401 403 412 412 403 403 403 403 403 */
    {"POST", "/api/v1/recommendations/{id}/withdraw", "13AA33333"},  /* 401 403 412 412 403 403 403 403 403 */
    {"POST", "/api/v1/recommendations/{id}/themes", "1AAAA3333"},  /* 401 412 412 412 412 403 403 403 403 */
    {"POST", "/api/v1/recommendations/{id}/deadline-revisions", "1AAAA3333"},  /* 401 412 412 412 412 403 403 403 403 */
    {"GET", "/api/v1/requirements", "1AAAAAAAA"},  /* 401 200 200 200 200 200 200 200 200 */
    {"POST", "/api/v1/requirements", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/requirements/{id}", "1AAAAA3A3"},  /* 401 200 200 200 200 200 403 200 403 */
    {"PATCH", "/api/v1/requirements/{id}", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/deadline-revisions", "1AAAAAAAA"},  /* 401 200 200 200 200 200 200 200 200 */
    {"GET", "/api/v1/deadline-revisions/{id}", "1AAAAA3A3"},  /* 401 200 200 200 200 200 403 200 403 */
    {"GET", "/api/v1/areas-for-improvement", "1AAAAAAAA"},  /* 401 200 200 200 200 200 200 200 200 */
    {"POST", "/api/v1/areas-for-improvement", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/areas-for-improvement/{id}", "1AAAAA3A3"},  /* 401 200 200 200 200 200 403 200 403 */
    {"PATCH", "/api/v1/areas-for-improvement/{id}", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/plans", "1AAAAAAAA"},  /* 401 200 200 200 200 200 200 200 200 */
    {"POST", "/api/v1/plans", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/plans/{id}", "1AAAAA3A3"},  /* 401 200 200 200 200 200 403 200 403 */
    {"PATCH", "/api/v1/plans/{id}", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/plan-pillars", "1AAAAAAAA"},  /* 401 200 200 200 200 200 200 200 200 */
    {"POST", "/api/v1/plan-pillars", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/plan-pillars/{id}", "1AAAAA3A3"},  /* 401 200 200 200 200 200 403 200 403 */
    {"PATCH", "/api/v1/plan-pillars/{id}", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/plan-items", "1AAAAAAAA"},  /* 401 200 200 200 200 200 200 200 200 */
    {"POST", "/api/v1/plan-items", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/plan-items/{id}", "1AAAAA3A3"},  /* 401 200 200 200 200 200 403 200 403 */
    {"PATCH", "/api/v1/plan-items/{id}", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/external-reports", "1AAAA3333"},  /* 401 200 200 200 200 403 403 403 403 */
    {"POST", "/api/v1/external-reports", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/external-reports/{id}", "1AAAA3333"},  /* 401 200 200 200 200 403 403 403 403 */
    {"PATCH", "/api/v1/external-reports/{id}", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/external-matters", "1AAAAAAAA"},  /* 401 200 200 200 200 200 200 200 200 */
    {"POST", "/api/v1/external-matters", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/external-matters/{id}", "1AAAAA3A3"},  /* 401 200 200 200 200 200 403 200 403 */
    {"PATCH", "/api/v1/external-matters/{id}", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/ppog-meetings", "1AAAA3333"},  /* 401 200 200 200 200 403 403 403 403 */
    {"POST", "/api/v1/ppog-meetings", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/ppog-meetings/{id}", "1AAAA3333"},  /* 401 200 200 200 200 403 403 403 403 */
    {"PATCH", "/api/v1/ppog-meetings/{id}", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/ppog-items", "1AAAAAAAA"},  /* 401 200 200 200 200 200 200 200 200 */
    {"POST", "/api/v1/ppog-items", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/ppog-items/{id}", "1AAAAA3A3"},  /* 401 200 200 200 200 200 403 200 403 */
    {"PATCH", "/api/v1/ppog-items/{id}", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/hmi-group-meetings", "1AAAA3333"},  /* 401 200 200 200 200 403 403 403 403 */
    {"POST", "/api/v1/hmi-group-meetings", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/hmi-group-meetings/{id}", "1AAAA3333"},  /* 401 200 200 200 200 403 403 403 403 */
    {"PATCH", "/api/v1/hmi-group-meetings/{id}", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/hmi-group-items", "1AAAAAAAA"},  /* 401 200 200 200 200 200 200 200 200 */
    {"POST", "/api/v1/hmi-group-items", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/hmi-group-items/{id}", "1AAAAA3A3"},  /* 401 200 200 200 200 200 403 200 403 */
    {"PATCH", "/api/v1/hmi-group-items/{id}", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/body-people", "1AAAAAAAA"},  /* 401 200 200 200 200 200 200 200 200 */
    {"POST", "/api/v1/body-people", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/body-people/{id}", "1AAAAA3A3"},  /* 401 200 200 200 200 200 403 200 403 */
    {"PATCH", "/api/v1/body-people/{id}", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/indicators", "1AAAAAAAA"},  /* 401 200 200 200 200 200 200 200 200 */
    {"POST", "/api/v1/indicators", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/indicators/{id}", "1AAAAA3A3"},  /* 401 200 200 200 200 200 403 200 403 */
    {"PATCH", "/api/v1/indicators/{id}", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/progress-updates", "1AAAAAAAA"},  /* 401 200 200 200 200 200 200 200 200 */
    {"POST", "/api/v1/progress-updates", "1AAAAA333"},  /* 401 422 422 422 422 422 403 403 403 */
    {"GET", "/api/v1/progress-updates/{id}", "1AAAAA3A3"},  /* 401 200 200 200 200 200 403 200 403 */
    {"PATCH", "/api/v1/progress-updates/{id}", "1AAAAA333"},  /* 401 422 422 422 422 422 403 403 403 */
    {"POST", "/api/v1/progress-updates/{id}/evidence", "1AAAAA333"},  /* 401 422 422 422 422 422 403 403 403 */
    {"GET", "/api/v1/evidence-files", "1AAAAAAAA"},  /* 401 200 200 200 200 200 200 200 200 */
    {"GET", "/api/v1/evidence-files/{id}", "1AAAAA3A3"},  /* 401 200 200 200 200 200 403 200 403 */
    {"GET", "/api/v1/evidence-files/{id}/content", "1AAAAA3A3"},  /* 401 200 200 200 200 200 403 200 403 */
    {"GET", "/api/v1/pcc-responses", "1AAAAAAAA"},  /* 401 200 200 200 200 200 200 200 200 */
    {"POST", "/api/v1/pcc-responses", "1AAAA33A3"},  /* 401 422 422 422 422 403 403 422 403 */
    {"GET", "/api/v1/pcc-responses/{id}", "1AAAAA3A3"},  /* 401 200 200 200 200 200 403 200 403 */
    {"PATCH", "/api/v1/pcc-responses/{id}", "1AAAA33A3"},  /* 401 422 422 422 422 403 403 422 403 */
    {"GET", "/api/v1/pcc-recommendation-responses", "1AAAAAAAA"},
    {"POST", "/api/v1/pcc-recommendation-responses", "1AAAA33A3"},
    {"GET", "/api/v1/pcc-recommendation-responses/{id}", "1AAAAA3A3"},
    {"PATCH", "/api/v1/pcc-recommendation-responses/{id}", "1AAAA33A3"},
    {"GET", "/api/v1/letters", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"POST", "/api/v1/letters", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/letters/{id}", "1AAAA3333"},  /* 401 200 200 200 200 403 403 403 403 */
    {"PATCH", "/api/v1/letters/{id}", "1AAAA3333"},  /* 401 428 428 428 428 403 403 403 403 */
    {"POST", "/api/v1/letters/{id}/blocks", "1AAAA3333"},  /* 401 428 428 428 428 403 403 403 403 */
    {"POST", "/api/v1/letters/{id}/approve", "13AA33333"},  /* 401 403 412 412 403 403 403 403 403 */
    {"POST", "/api/v1/letters/{id}/publish", "13AA33333"},  /* 401 403 412 412 403 403 403 403 403 */
    {"GET", "/letters/{file}", "1AAAA3333"},  /* 401 200 200 200 200 403 403 403 403 */
    {"GET", "/api/v1/reports", "AAAAAAAAA"},  /* 200 x9 */
    {"POST", "/api/v1/reports", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403: staff */
    {"GET", "/api/v1/reports/{id}", "AAAAAAAAA"},  /* 200 x9: published */
    {"POST", "/api/v1/reports/{id}/recommendations", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403: staff */
    {"POST", "/api/v1/national-parts/{id}/status", "1AAAA3333"},  /* 401 412 412 412 412 403 403 403 403 */
    {"POST", "/api/v1/national-parts/{id}/close", "13AA33333"},  /* 401 403 412 412 403 403 403 403 403 */
    {"GET", "/reports", "AAAAAAAAA"},  /* 200 x9 */
    {"GET", "/reports/{id}", "AAAAAAAAA"},  /* 200 x9: published */
    {"GET", "/api/v1/releases", "AAAAAAAAA"},  /* 200 x9: drafts for staff only */
    {"POST", "/api/v1/releases", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"GET", "/api/v1/releases/{id}", "1AAAA3333"},  /* 401 200 200 200 200 403 403 403 403: a draft */
    {"POST", "/api/v1/releases/{id}/blocks", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"POST", "/api/v1/releases/{id}/quotes", "1AAAA3333"},  /* 401 422 422 422 422 403 403 403 403 */
    {"POST", "/api/v1/releases/{id}/approve", "13AA33333"},  /* 401 403 412 412 403 403 403 403 403 */
    {"POST", "/api/v1/releases/{id}/publish", "13AA33333"},  /* 401 403 412 412 403 403 403 403 403 */
    {"GET", "/releases", "AAAAAAAAA"},  /* 200 x9 */
    {"GET", "/releases/{id}", "4AAAA4444"},  /* 404 200 200 200 200 404 404 404 404: a draft */
    {"POST", "/record/releases", "3AAAA3333"},  /* 403 422 422 422 422 403 403 403 403 */
    {"POST", "/record/releases/{id}/blocks", "3AAAA3333"},  /* 403 400 400 400 400 403 403 403 403 */
    {"POST", "/record/releases/{id}/quotes", "3AAAA3333"},  /* 403 400 400 400 400 403 403 403 403 */
    {"POST", "/record/releases/{id}/approve", "33AA33333"},  /* 403 403 400 400 403 403 403 403 403 */
    {"POST", "/record/releases/{id}/publish", "33AA33333"},  /* 403 403 400 400 403 403 403 403 403 */
    {"GET", "/", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"GET", "/bodies/{code}", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200: public; the record part only for its own */
    {"GET", "/engage", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"GET", "/frameworks", "AAAAAAAAA"},  /* 200 x9: public */
    {"POST", "/api/v1/corrections", "1AAAAAAAA"},  /* 401 422 422 422 422 422 422 422 422 */
    {"GET", "/api/v1/corrections", "AAAAAAAAA"},  /* 400 400 400 400 400 400 400 400 400 */
    {"GET", "/record/corrections/new", "L44444444"},  /* 303 404 404 404 404 404 404 404 404 */
    {"POST", "/record/corrections", "344444444"},  /* 403 404 404 404 404 404 404 404 404 */
    {"GET", "/work", "LAAAAAAAA"},  /* 303 200 200 200 200 200 200 200 200 */
    {"GET", "/deadlines", "LAAAAAAAA"},  /* 303 200 200 200 200 200 200 200 200 */
    {"GET", "/timeline", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"GET", "/causes-of-concern/{id}", "AAAAAAAAA"},  /* 200 x9: published (issue #16); the record part only for its own */
    {"GET", "/recommendations", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"GET", "/recommendations/{id}", "AAAAAAAAA"},  /* 200 x9: published (issue #16); the record part only for its own */
    {"GET", "/static/style.css", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"GET", "/static/govuk-frontend.min.css", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"GET", "/static/govuk-frontend.min.js", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"GET", "/static/govuk-init.js", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"GET", "/login", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"POST", "/login", "AAAAAAAAA"},  /* 422 422 422 422 422 422 422 422 422 */
    {"GET", "/logout", "AAAAAAAAA"},  /* 303 200 200 200 200 200 200 200 200 */
    {"POST", "/logout", "3AAAAAAAA"},  /* 403 303 303 303 303 303 303 303 303 */
    {"GET", "/static/forms.css", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"GET", "/record/reports/new", "LAAAA3333"},  /* 303 200 200 200 200 403 403 403 403 */
    {"POST", "/record/reports/new", "3AAAA3333"},  /* 403 422 422 422 422 403 403 403 403 */
    {"GET", "/record/reports/{id}/recommendations/new", "LAAAA3333"},  /* 303 200 200 200 200 403 403 403 403 */
    {"POST", "/record/reports/{id}/recommendations/new", "3AAAA3333"},  /* 403 412 412 412 412 403 403 403 403 */
    {"GET", "/record/national-parts/{id}/status", "LAAAA3333"},  /* 303 200 200 200 200 403 403 403 403 */
    {"POST", "/record/national-parts/{id}/status", "3AAAA3333"},  /* 403 422 422 422 422 403 403 403 403 */
    {"GET", "/record/national-parts/{id}/close", "L3AA33333"},  /* 303 403 200 200 403 403 403 403 403 */
    {"POST", "/record/national-parts/{id}/close", "33AA33333"},  /* 403 403 422 422 403 403 403 403 403 */
    {"GET", "/record/recommendations/{id}/status", "LAAAAA333"},  /* 303 200 200 200 200 200 403 403 403 */
    {"POST", "/record/recommendations/{id}/status", "3AAAAA333"},  /* 403 422 422 422 422 422 403 403 403 */
    {"GET", "/record/recommendations/{id}/deadline", "LAAAA3333"},  /* 303 200 200 200 200 403 403 403 403 */
    {"POST", "/record/recommendations/{id}/deadline", "3AAAA3333"},  /* 403 422 422 422 422 403 403 403 403 */
    {"GET", "/record/causes-of-concern/{id}/supersede", "L3AA33333"},  /* 303 403 200 200 403 403 403 403 403 */
    {"POST", "/record/causes-of-concern/{id}/supersede", "33AA33333"},  /* 403 403 422 422 403 403 403 403 403 */
    {"GET", "/record/causes-of-concern/{id}/withdraw", "L3AA33333"},  /* 303 403 200 200 403 403 403 403 403 */
    {"POST", "/record/causes-of-concern/{id}/withdraw", "33AA33333"},  /* 403 403 422 422 403 403 403 403 403 */
    {"GET", "/record/recommendations/{id}/supersede", "L3AA33333"},  /* 303 403 200 200 403 403 403 403 403 */
    {"POST", "/record/recommendations/{id}/supersede", "33AA33333"},  /* 403 403 422 422 403 403 403 403 403 */
    {"GET", "/record/recommendations/{id}/withdraw", "L3AA33333"},  /* 303 403 200 200 403 403 403 403 403 */
    {"POST", "/record/recommendations/{id}/withdraw", "33AA33333"},  /* 403 403 422 422 403 403 403 403 403 */
    {"GET", "/record/recommendations/{id}/themes", "LAAAA3333"},  /* 303 200 200 200 200 403 403 403 403 */
    {"POST", "/record/recommendations/{id}/themes", "3AAAA3333"},  /* 403 412 412 412 412 403 403 403 403 */
    {"GET", "/record/causes-of-concern/{id}/themes", "LAAAA3333"},  /* 303 200 200 200 200 403 403 403 403 */
    {"POST", "/record/causes-of-concern/{id}/themes", "3AAAA3333"},  /* 403 412 412 412 412 403 403 403 403 */
    {"GET", "/record/causes-of-concern/{id}/close", "L3AA33333"},  /* 303 403 200 200 403 403 403 403 403 */
    {"POST", "/record/causes-of-concern/{id}/close", "33AA33333"},  /* 403 403 422 422 403 403 403 403 403 */
    {"GET", "/admin/frameworks", "LA3333333"},  /* 303 200 403 x7: admin only */
    {"GET", "/admin/frameworks/new", "LA3333333"},
    {"POST", "/admin/frameworks/new", "3A3333333"},  /* 403 422 403 x7 */
    {"GET", "/admin/themes", "LA3333333"},  /* 303 200 403 x7: admin only */
    {"GET", "/admin/themes/new", "LA3333333"},
    {"POST", "/admin/themes/new", "3A3333333"},  /* 403 422 403 x7 */
    {"GET", "/admin/bodies", "LA3333333"},  /* 303 200 403 x7: admin only */
    {"GET", "/admin/bodies/new", "LA3333333"},
    {"POST", "/admin/bodies/new", "3A3333333"},  /* 403 400 403 x7 */
    {"GET", "/record/bodies/{code}/rename", "LA3333333"},
    {"POST", "/record/bodies/{code}/rename", "3A3333333"},
    {"GET", "/record/bodies/{code}/merge", "LA3333333"},
    {"POST", "/record/bodies/{code}/merge", "3A3333333"},
    {"GET", "/record/bodies/{code}/retire", "LA3333333"},
    {"POST", "/record/bodies/{code}/retire", "3A3333333"},
    {"GET", "/record/bodies/{code}/decision", "L3A333333"},  /* 303 403 200 403 403 403 403 403 403 */
    {"POST", "/record/bodies/{code}/decision", "33A333333"},  /* 403 403 422 403 403 403 403 403 403 */
    {"POST", "/record/progress-updates", "3AAAA3333"},  /* as /record/{entity}: no body named, a body's user is refused */
    {"POST", "/record/progress-updates/{id}/evidence", "3AAAAA434"},  /* another body's progress update is 404 here (the web form hides it), 403 in the API */
    {"GET", "/import", "LAAAA3333"},  /* 303 200 200 200 200 403 403 403 403 */
    {"POST", "/import", "3AAAA3333"},  /* 403 400 400 400 400 403 403 403 403: staff sent no multipart form */
    {"POST", "/import/confirm", "3AAAA3333"},  /* 403 400 400 400 400 403 403 403 403 */
    {"GET", "/import/{review}", "L44443333"},  /* 303 404 404 404 404 403 403 403 403: no such review */
    {"POST", "/record/letters", "3AAAA3333"},  /* 403 422 422 422 422 403 403 403 403 */
    {"POST", "/record/letters/{id}/blocks", "3AAAA3333"},  /* 403 400 400 400 400 403 403 403 403 */
    {"POST", "/record/letters/{id}/approve", "33AA33333"},  /* 403 403 400 400 403 403 403 403 403 */
    {"POST", "/record/letters/{id}/publish", "33AA33333"},  /* 403 403 400 400 403 403 403 403 403 */
    {"GET", "/record/{entity}/new", "LAAAA3333"},  /* 303 200 200 200 200 403 403 403 403 */
    {"POST", "/record/{entity}", "3AAAA3333"},  /* 403 422 422 422 422 403 403 403 403 */
    {"GET", "/record/{entity}/{id}", "LAAAAA3A3"},  /* 303 200 200 200 200 200 403 200 403 */
    {"POST", "/record/{entity}/{id}", "3AAAA3333"},  /* 403 412 412 412 412 403 403 403 403 */
    {"GET", "/record/{entity}/{id}/edit", "LAAAA3333"},  /* 303 200 200 200 200 403 403 403 403 */
    {"GET", "/letters", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"GET", "/search", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {"GET", "/static/letter.css", "AAAAAAAAA"},  /* 200 200 200 200 200 200 200 200 200 */
    {NULL, NULL, NULL},
};

static t_site_t S;
static struct {
    char bearer[R_N][200];                 /* "Authorization: Bearer ..." ("" for anonymous) */
    t_session_t sess[R_N];                 /* a cookie session of each (none for anonymous) */
    json_t *ids;                           /* entity name -> id of a row of met */
    json_t *routes, *schema;               /* GET /api/v1 routes, GET /api/v1/schema */
    long long letter_id, release_id, report_id, part_id;
} FX;

/* One request; ctype is the body's Content-Type. */
static int call(const char *method, const char *path, const char *body, const char *ctype, const char *const hdrs[],
                t_http_t *out)
{
    return t_http_ct(S.srv.port, method, path, ctype, body, hdrs, out);
}

/* Logs role i in with a cookie session (POST /api/v1/session). */
static int login(int i)
{
    return t_login(&S, ROLES[i].name, NULL, &FX.sess[i]);
}

static json_t *get_json(const char *path)
{
    const char *h[] = {FX.bearer[R_ADMIN], NULL};
    return t_call(&S, "GET", path, NULL, h, 200, NULL);
}

/* An id of a row of met for each entity with a list route. */
static int find_ids(json_t *routes)
{
    FX.ids = json_object();
    size_t i;
    json_t *rt;
    json_array_foreach(routes, i, rt) {
        const char *m = json_string_value(json_object_get(rt, "method"));
        const char *p = json_string_value(json_object_get(rt, "path"));
        if (strcmp(m, "GET") || strncmp(p, "/api/v1/", 8)) continue;
        char name[64];
        snprintf(name, sizeof name, "%s", p + 8);
        if (strchr(name, '/') || strcmp(name, "bodies") == 0) continue;
        char path[200];
        snprintf(path, sizeof path, "/api/v1/%s?body=met&limit=1", name);
        t_http_t r;
        const char *h[] = {FX.bearer[R_ADMIN], NULL};
        if (call("GET", path, NULL, NULL, h, &r) != 0) return -1;
        json_t *j = r.status == 200 ? json_loads(r.body, 0, NULL) : NULL;
        json_t *items = json_object_get(j, "items");
        if (!items) items = json_object_get(j, name);
        json_t *id = json_object_get(json_array_get(items, 0), "id");
        if (json_is_integer(id)) json_object_set(FX.ids, name, id);
        json_decref(j);
        t_http_free(&r);
    }
    return 0;
}

/* The POST response's id, or 0. */
static long long post_id(const char *path, const char *body, const char *if_match, const char *ctype, int role,
                         long want)
{
    char im[64] = "";
    if (if_match) snprintf(im, sizeof im, "If-Match: %s", if_match);
    const char *h[] = {FX.bearer[role], im, NULL};
    t_http_t r;
    if (call("POST", path, body, ctype ? ctype : "application/json", h, &r) != 0) return 0;
    long long id = 0;
    json_t *j = r.status == want ? json_loads(r.body, 0, NULL) : NULL;
    if (j) id = json_integer_value(json_object_get(j, "id"));
    else fprintf(stderr, "POST %s %s -> %ld %s\n", path, body, r.status, r.body ? r.body : "");
    json_decref(j);
    t_http_free(&r);
    return id;
}

/* A valid new row of entity e (a GET /api/v1/schema entry) for met:
 * required fields get plain values, references the met rows found so far;
 * with text set, every free-text field gets text. NULL when a reference
 * has no row yet. */
static json_t *row_for(json_t *e, const char *text)
{
    json_t *in = json_object();
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(e, "fields"), i, f) {
        if (json_is_true(json_object_get(f, "set_by_action"))) continue;
        const char *name = json_string_value(json_object_get(f, "name"));
        const char *type = json_string_value(json_object_get(f, "type"));
        int req = json_is_true(json_object_get(f, "required"));
        int is_text = strcmp(type, "text") == 0 || strcmp(type, "longtext") == 0;
        if (!req && !(text && is_text)) continue;
        json_t *v = NULL;
        if (is_text) v = json_string(text ? text : "matrix");
        else if (strcmp(type, "body") == 0) v = json_string("met");
        else if (strcmp(type, "date") == 0 || strcmp(type, "day") == 0) v = json_string("2025-01-01");
        else if (strcmp(type, "integer") == 0 || strcmp(type, "number") == 0) v = json_integer(1);
        else if (strcmp(type, "boolean") == 0) v = json_false();
        else if (strcmp(type, "url") == 0) v = json_string("https://example.org/report");
        else if (strcmp(type, "enum") == 0) v = json_incref(json_array_get(json_object_get(f, "values"), 0));
        else if (strcmp(type, "reference") == 0) {
            json_t *id = json_object_get(FX.ids, json_string_value(json_object_get(f, "refers_to")));
            if (!id) {
                json_decref(in);
                return NULL;
            }
            v = json_incref(id);
        }
        json_object_set_new(in, name, v ? v : json_null());
    }
    return in;
}

/* 1 if the route table has POST /api/v1/NAME (generic create). */
static int has_create(json_t *routes, const char *name)
{
    char p[128];
    snprintf(p, sizeof p, "/api/v1/%s", name);
    size_t i;
    json_t *rt;
    json_array_foreach(routes, i, rt)
        if (strcmp(json_string_value(json_object_get(rt, "method")), "POST") == 0
            && strcmp(json_string_value(json_object_get(rt, "path")), p) == 0)
            return 1;
    return 0;
}

/* Rows of met for the entities the demo has none of, so every route with
 * an {id} can be called: generic creates, a deadline revision, an
 * evidence file. */
static int add_missing_rows(json_t *routes, json_t *schema)
{
    for (int round = 0; round < 4; round++) {
        size_t i;
        json_t *e;
        json_array_foreach(json_object_get(schema, "entities"), i, e) {
            const char *name = json_string_value(json_object_get(e, "name"));
            if (json_object_get(FX.ids, name) || !has_create(routes, name)) continue;
            json_t *in = row_for(e, NULL);
            if (!in) continue;
            char *body = json_dumps(in, JSON_COMPACT), path[128];
            snprintf(path, sizeof path, "/api/v1/%s", name);
            long long id = post_id(path, body, NULL, NULL, R_ADMIN, 201);
            free(body);
            json_decref(in);
            if (id <= 0) return -1;
            json_object_set_new(FX.ids, name, json_integer(id));
        }
    }
    char path[160];
    if (!json_object_get(FX.ids, "deadline-revisions")) {
        long long rec = json_integer_value(json_object_get(FX.ids, "recommendations"));
        snprintf(path, sizeof path, "/api/v1/recommendations/%lld", rec);
        const char *h[] = {FX.bearer[R_ADMIN], NULL};
        t_http_t r;
        char etag[32] = "";
        if (call("GET", path, NULL, NULL, h, &r) != 0 || t_http_header(&r, "ETag", etag, sizeof etag) != 0) return -1;
        t_http_free(&r);
        snprintf(path, sizeof path, "/api/v1/recommendations/%lld/deadline-revisions", rec);
        long long id = post_id(path, "{\"new_deadline\":\"2026-06-30\",\"reason\":\"matrix\",\"agreed_by\":\"HMI\","
                               "\"agreed_on\":\"2025-01-01\"}",
                               etag, NULL, R_ADMIN, 201);
        if (id <= 0) return -1;
        /* the reply is the recommendation; the revision is the newest */
        json_t *l = get_json("/api/v1/deadline-revisions?limit=1000");
        json_t *items = json_object_get(l, "items");
        json_t *last = json_array_get(items, json_array_size(items) - 1);
        if (last) json_object_set(FX.ids, "deadline-revisions", json_object_get(last, "id"));
        json_decref(l);
    }
    if (!json_object_get(FX.ids, "evidence-files")) {
        snprintf(path, sizeof path, "/api/v1/progress-updates/%lld/evidence?filename=matrix.txt",
                 (long long)json_integer_value(json_object_get(FX.ids, "progress-updates")));
        long long id = post_id(path, "evidence", NULL, "text/plain", R_ADMIN, 201);
        if (id <= 0) return -1;
        json_object_set_new(FX.ids, "evidence-files", json_integer(id));
    }
    return 0;
}

static int setup(void **state)
{
    (void)state;
    curl_global_init(CURL_GLOBAL_ALL);
    if (t_site_init(&S, "matrix.db", T_SITE_DEMO) != 0) return -1;
    for (int i = 1; i < R_N; i++)
        if (t_user_bearer(S.db, ROLES[i].name, ROLES[i].role, ROLES[i].body, FX.bearer[i]) != 0) return -1;
    if (t_site_serve(&S, t_today) != 0) return -1;
    for (int i = 1; i < R_N; i++)
        if (login(i) != 0) return -1;
    json_t *index = get_json("/api/v1"), *schema = get_json("/api/v1/schema");
    FX.routes = json_incref(json_object_get(index, "routes"));
    FX.schema = schema;
    json_decref(index);
    if (!FX.routes || !schema || find_ids(FX.routes) != 0) return -1;
    /* the inspection is the one the recommendation was made in (the newest
     * of met's is the demo's national thematic report, which made others) */
    char rp0[96];
    snprintf(rp0, sizeof rp0, "/api/v1/recommendations/%lld",
             (long long)json_integer_value(json_object_get(FX.ids, "recommendations")));
    json_t *rec0 = get_json(rp0);
    if (json_is_integer(json_object_get(rec0, "inspection_id")))
        json_object_set(FX.ids, "inspections", json_object_get(rec0, "inspection_id"));
    json_decref(rec0);
    if (add_missing_rows(FX.routes, schema) != 0) return -1;
    /* a draft letter of met: drafts are for staff only */
    FX.letter_id = post_id("/api/v1/letters", "{\"body\":\"met\",\"kind\":\"return_to_scan\"}", NULL, NULL, R_ADMIN, 201);
    /* and a draft news release of met */
    FX.release_id = post_id("/api/v1/releases", "{\"body\":\"met\"}", NULL, NULL, R_ADMIN, 201);
    /* a published report covering met and kent, one recommendation to both
     * and to the College of Policing (a national part) */
    FX.report_id = post_id("/api/v1/reports",
                           "{\"title\":\"Matrix thematic\",\"kind\":\"thematic\",\"coverage\":\"several\","
                           "\"published_on\":\"2024-10-10\",\"bodies\":[\"met\",\"kent\"],\"recommendations\":"
                           "[{\"number\":\"1\",\"text\":\"t\",\"addressed_to\":\"Chief constables and the College\","
                           "\"addressees\":[\"met\",\"kent\",\"college-of-policing\"]}]}",
                           NULL, NULL, R_ADMIN, 201);
    char rp[64];
    snprintf(rp, sizeof rp, "/api/v1/reports/%lld", FX.report_id);
    json_t *rep = get_json(rp);
    json_t *parts = json_object_get(json_array_get(json_object_get(rep, "recommendations"), 0), "parts");
    size_t pi;
    json_t *part;
    json_array_foreach(parts, pi, part)
        if (strcmp(json_string_value(json_object_get(part, "kind")), "national") == 0)
            FX.part_id = json_integer_value(json_object_get(part, "id"));
    json_decref(rep);
    return FX.letter_id > 0 && FX.release_id > 0 && FX.report_id > 0 && FX.part_id > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    json_decref(FX.ids);
    json_decref(FX.routes);
    json_decref(FX.schema);
    int rc = t_site_stop(&S);
    curl_global_cleanup();
    return rc;
}

static int is_api(const char *pattern)
{
    return strncmp(pattern, "/api/", 5) == 0 || strncmp(pattern, "/feeds/", 7) == 0
           || strncmp(pattern, "/letters/", 9) == 0 || strcmp(pattern, "/healthz") == 0;
}

/* The pattern with its captures filled with real ids of met rows; 0 or -1
 * (no row to use). */
static int fill(const char *pattern, char *out, size_t n)
{
    /* the entity a capture belongs to: the segment before it, or for
     * /record/{entity}/... the inspections */
    char ent[64] = "";
    size_t o = 0;
    const char *p = pattern;
    while (*p && o + 1 < n) {
        if (*p != '{') {
            if (*p == '/') {
                const char *seg = p + 1;
                size_t k = strcspn(seg, "/");
                if (k && *seg != '{' && k < sizeof ent && strncmp(seg, "api", 3) && strncmp(seg, "v1", 2)
                    && strncmp(seg, "record", 6))
                    snprintf(ent, sizeof ent, "%.*s", (int)k, seg);
            }
            out[o++] = *p++;
            continue;
        }
        const char *close = strchr(p, '}');
        char name[32];
        snprintf(name, sizeof name, "%.*s", (int)(close - p - 1), p + 1);
        char val[128];
        if (strcmp(name, "code") == 0 && strcmp(ent, "frameworks") == 0) snprintf(val, sizeof val, "scan-engage");
        else if (strcmp(name, "code") == 0) snprintf(val, sizeof val, "met");
        else if (strcmp(name, "entity") == 0) {
            if (!*ent) snprintf(ent, sizeof ent, "inspections");
            snprintf(val, sizeof val, "%s", ent);
        }
        else if (strcmp(name, "file") == 0 && strstr(pattern, "/letters/"))
            snprintf(val, sizeof val, "%lld.html", FX.letter_id);
        else if (strcmp(name, "file") == 0) snprintf(val, sizeof val, "met.ics");
        else if (strcmp(name, "review") == 0) snprintf(val, sizeof val, "%064d", 0);
        else if (strcmp(name, "id") == 0 && strcmp(ent, "letters") == 0) snprintf(val, sizeof val, "%lld", FX.letter_id);
        else if (strcmp(name, "id") == 0 && strcmp(ent, "releases") == 0) snprintf(val, sizeof val, "%lld", FX.release_id);
        else if (strcmp(name, "id") == 0 && strcmp(ent, "reports") == 0) snprintf(val, sizeof val, "%lld", FX.report_id);
        else if (strcmp(name, "id") == 0 && strcmp(ent, "national-parts") == 0)
            snprintf(val, sizeof val, "%lld", FX.part_id);
        else if (strcmp(name, "id") == 0) {
            json_t *id = json_object_get(FX.ids, *ent ? ent : "inspections");
            if (!json_is_integer(id)) return -1;
            snprintf(val, sizeof val, "%lld", (long long)json_integer_value(id));
        } else
            return -1;
        size_t vl = strlen(val);
        if (o + vl + 1 >= n) return -1;
        memcpy(out + o, val, vl);
        o += vl;
        p = close + 1;
    }
    out[o] = '\0';
    /* the form to record a new row asks ?body= */
    if (strstr(pattern, "/new") && o + 10 < n) strcat(out, "?body=met");
    return 0;
}

/* The schema entry of the entity a generic create route POST
 * /api/v1/NAME is for, or NULL. */
static json_t *entity_named(const char *pattern)
{
    if (strncmp(pattern, "/api/v1/", 8) || strchr(pattern + 8, '/')) return NULL;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(FX.schema, "entities"), i, e)
        if (strcmp(json_string_value(json_object_get(e, "name")), pattern + 8) == 0 && has_create(FX.routes, pattern + 8))
            return e;
    return NULL;
}

/* The headers every response carries (src/http/server.c). */
static void check_security_headers(const t_http_t *r, const char *method, const char *path)
{
    char v[400];
    static const char *const want[][2] = {
        {"X-Content-Type-Options", "nosniff"}, {"Referrer-Policy", "no-referrer"}, {"X-Frame-Options", "DENY"},
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
        if (t_http_header(r, want[k][0], v, sizeof v) != 0 || strcmp(v, want[k][1]) != 0)
            fail_msg("%s %s (%ld): %s is '%s'", method, path, r->status, want[k][0], v);
    if (t_http_header(r, "Content-Security-Policy", v, sizeof v) != 0 || !strstr(v, "frame-ancestors 'none'")
        || !strstr(v, "script-src 'self'") || strstr(v, "unsafe-inline") || strstr(v, "unsafe-eval"))
        fail_msg("%s %s (%ld): Content-Security-Policy is '%s'", method, path, r->status, v);
}

/* Calls method path as role i; returns the outcome letter. */
static char outcome(const char *method, const char *pattern, const char *path, int i, long *status)
{
    const char *h[4] = {NULL, NULL, NULL, NULL};
    const char *body = NULL, *ctype = NULL;
    char form[300], login_cookie[700];
    int write = strcmp(method, "GET") && strcmp(method, "HEAD");
    char *create = NULL;
    if (is_api(pattern)) {
        h[0] = FX.bearer[i];
        if (write) {
            h[1] = "If-Match: \"v999999\"";
            body = "{}";
            ctype = "application/json";
        }
        json_t *e = strcmp(method, "POST") == 0 ? entity_named(pattern) : NULL;
        if (e) {
            /* a complete row for met plus one unknown member: the body
             * named decides who may (403), the unknown member then makes it
             * a 422, so nothing is recorded */
            json_t *in = row_for(e, NULL);
            assert_non_null(in);
            json_object_set_new(in, "matrix_probe", json_true());
            body = create = json_dumps(in, JSON_COMPACT);
            json_decref(in);
        }
    } else if (write && strstr(pattern, "/evidence")) {
        /* the web upload form is multipart/form-data; no file */
        h[0] = i == R_ANON ? "" : FX.sess[i].cookie;
        snprintf(form, sizeof form,
                 "--mx\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n%s\r\n--mx--\r\n", FX.sess[i].token);
        body = form;
        ctype = "multipart/form-data; boundary=mx";
    } else {
        h[0] = i == R_ANON ? "" : FX.sess[i].cookie;
        if (write) {
            /* a stale version, so that an allowed form changes nothing */
            snprintf(form, sizeof form, "csrf_token=%s&version=999999", FX.sess[i].token);
            body = form;
            ctype = "application/x-www-form-urlencoded";
        }
        if (write && strcmp(pattern, "/login") == 0) {
            /* the login form's own token (cookie and hidden field), no credentials */
            t_http_t lf;
            assert_int_equal(call("GET", "/login", NULL, NULL, h, &lf), 0);
            char sc[300] = "", *tok = lf.body ? strstr(lf.body, "name=\"login_token\" value=\"") : NULL;
            assert_non_null(tok);
            assert_int_equal(t_http_header(&lf, "Set-Cookie", sc, sizeof sc), 0);
            sc[strcspn(sc, ";")] = '\0';
            tok += strlen("name=\"login_token\" value=\"");
            snprintf(form, sizeof form, "login_token=%.*s&username=&password=", (int)strcspn(tok, "\""), tok);
            snprintf(login_cookie, sizeof login_cookie, "%s%s%s", i == R_ANON ? "Cookie: " : FX.sess[i].cookie,
                     i == R_ANON ? "" : "; ", sc);
            h[0] = login_cookie;
            t_http_free(&lf);
        }
    }
    t_http_t r;
    assert_int_equal(call(method, path, body, ctype, h, &r), 0);
    free(create);
    *status = r.status;
    char loc[300];
    char c = 'A';
    if (r.status == 401) c = '1';
    else if (r.status == 403) c = '3';
    else if (r.status == 404) c = '4';
    else if (r.status == 303 && t_http_header(&r, "Location", loc, sizeof loc) == 0 && strncmp(loc, "/login", 6) == 0
             && strcmp(pattern, "/login") && strcmp(pattern, "/logout"))
        c = 'L';
    check_security_headers(&r, method, path);
    if (r.status >= 500) fprintf(stderr, "%s %s as %s -> %ld %s\n", method, path, ROLES[i].name, r.status, r.body);
    assert_true(r.status < 500);
    t_http_free(&r);
    /* the form logout ends the session: log in again for the next rows */
    if (strcmp(pattern, "/logout") == 0 && write && i != R_ANON) assert_int_equal(login(i), 0);
    return c;
}

static void every_route_every_role(void **state)
{
    (void)state;
    json_t *routes = FX.routes;
    assert_true(json_array_size(routes) > 50);
    long long before = t_audit_entries(S.db);
    assert_true(before > 0);

    int bad = 0;
    size_t i;
    json_t *rt;
    json_array_foreach(routes, i, rt) {
        const char *m = json_string_value(json_object_get(rt, "method"));
        const char *p = json_string_value(json_object_get(rt, "path"));
        char path[512];
        if (fill(p, path, sizeof path) != 0) {
            fprintf(stderr, "no demo row to call %s %s with\n", m, p);
            bad++;
            continue;
        }
        char got[R_N + 1];
        long st[R_N];
        for (int k = 0; k < R_N; k++) got[k] = outcome(m, p, path, k, &st[k]);
        got[R_N] = '\0';
        const char *want = NULL;
        for (size_t e = 0; EXPECTED[e].method; e++)
            if (strcmp(EXPECTED[e].method, m) == 0 && strcmp(EXPECTED[e].pattern, p) == 0) want = EXPECTED[e].expect;
        if (!want || strcmp(want, got) != 0) {
            fprintf(stderr, "%s: {\"%s\", \"%s\", \"%s\"},  /* %s; statuses", want ? "MISMATCH" : "NO ROW", m, p,
                    got, want ? want : "untested");
            for (int k = 0; k < R_N; k++) fprintf(stderr, " %ld", st[k]);
            fprintf(stderr, " */\n");
            bad++;
        }
    }
    /* every row of the table names a route that exists */
    for (size_t e = 0; EXPECTED[e].method; e++) {
        int found = 0;
        json_array_foreach(routes, i, rt)
            found |= strcmp(json_string_value(json_object_get(rt, "method")), EXPECTED[e].method) == 0
                     && strcmp(json_string_value(json_object_get(rt, "path")), EXPECTED[e].pattern) == 0;
        if (!found) {
            fprintf(stderr, "STALE ROW: %s %s is not a route\n", EXPECTED[e].method, EXPECTED[e].pattern);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
    /* the matrix changed nothing */
    assert_int_equal(t_audit_entries(S.db), before);
}

/* Who before what: bad input without credentials is refused as
 * unauthenticated, with nothing said about the input. */
static void anonymous_bad_input_gets_401(void **state)
{
    (void)state;
    static const char *const writes[][2] = {
        {"POST", "/api/v1/inspections"},
        {"POST", "/api/v1/recommendations"},
        {"PATCH", "/api/v1/inspections/%lld"},
        {"POST", "/api/v1/recommendations/%lld/status"},
        {"POST", "/api/v1/recommendations/%lld/deadline-revisions"},
        {"POST", "/api/v1/causes-of-concern/%lld/close"},
    };
    for (size_t k = 0; k < sizeof writes / sizeof writes[0]; k++) {
        const char *ent = strstr(writes[k][1], "recommendations") ? "recommendations"
                          : strstr(writes[k][1], "causes") ? "causes-of-concern" : "inspections";
        char path[200];
        snprintf(path, sizeof path, writes[k][1], (long long)json_integer_value(json_object_get(FX.ids, ent)));
        const char *h[] = {"If-Match: \"v1\"", NULL};
        t_http_t r;
        assert_int_equal(call(writes[k][0], path, "{\"title\": 7, \"nonsense\": true}", "application/json", h, &r), 0);
        if (r.status != 401) fprintf(stderr, "%s %s -> %ld %s\n", writes[k][0], path, r.status, r.body);
        assert_int_equal(r.status, 401);
        assert_null(strstr(r.body, "nonsense"));
        assert_null(strstr(r.body, "\"field\""));
        t_http_free(&r);
        /* and a body user of another body gets 403, not 422 */
        const char *h2[] = {FX.bearer[R_BODY_OTHER], "If-Match: \"v1\"", NULL};
        assert_int_equal(call(writes[k][0], path, "{\"title\": 7, \"nonsense\": true}", "application/json", h2, &r), 0);
        if (r.status != 403) fprintf(stderr, "%s %s as kent -> %ld %s\n", writes[k][0], path, r.status, r.body);
        assert_int_equal(r.status, 403);
        assert_null(strstr(r.body, "\"field\""));
        t_http_free(&r);
    }
}

/* 1 if JSON a is contained in b: b's objects have every member of a's
 * (contained; a "count" may be larger), b's arrays an element containing
 * each of a's; scalars equal. */
static int json_within(json_t *a, json_t *b)
{
    if (json_is_object(a)) {
        if (!json_is_object(b)) return 0;
        const char *k;
        json_t *v;
        json_object_foreach(a, k, v) {
            json_t *w = json_object_get(b, k);
            /* a count of what one sees: staff see drafts too */
            if (strcmp(k, "count") == 0 && json_is_integer(v) && json_is_integer(w)
                && json_integer_value(w) >= json_integer_value(v))
                continue;
            if (!json_within(v, w)) return 0;
        }
        return 1;
    }
    if (json_is_array(a)) {
        if (!json_is_array(b)) return 0;
        size_t i, j;
        json_t *x, *y;
        json_array_foreach(a, i, x) {
            int found = 0;
            json_array_foreach(b, j, y) if ((found = json_within(x, y))) break;
            if (!found) return 0;
        }
        return 1;
    }
    return json_equal(a, b);
}

/* The items of an HTML, Atom or SVG document, each on a line of *out
 * (owned): every href and datetime attribute, and the text that opens each
 * heading, table cell, list item, link, strong, time, title and SVG text
 * element. A visitor's "Log in" link is left out: it is not content. */
static char *page_items(const char *doc)
{
    static const char *const tags[] = {"h1", "h2", "h3", "th", "td", "li", "a", "strong", "time", "title", "text",
                                       "id", "updated", "summary", NULL};
    size_t cap = strlen(doc) + 2, n = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    for (const char *p = doc; (p = strchr(p, '<'));) {
        p++;
        size_t tl = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789");
        const char *close = strchr(p, '>');
        if (!close) break;
        /* attributes */
        static const char *const attrs[] = {" href=\"", " datetime=\"", NULL};
        for (int k = 0; attrs[k]; k++)
            for (const char *q = p; (q = strstr(q, attrs[k])) && q < close;) {
                q += strlen(attrs[k]);
                size_t vl = strcspn(q, "\"");
                if (strncmp(q, "/login?next=", 12) && n + vl + 2 < cap) {
                    memcpy(out + n, q, vl);
                    n += vl;
                    out[n++] = '\n';
                }
                q += vl;
            }
        int keep = 0;
        for (int k = 0; tags[k]; k++) keep |= tl == strlen(tags[k]) && strncmp(p, tags[k], tl) == 0;
        const char *text = close + 1;
        size_t len = strcspn(text, "<");
        while (len && (text[len - 1] == ' ' || text[len - 1] == '\n')) len--;
        while (len && (*text == ' ' || *text == '\n')) text++, len--;
        if (keep && len && strncmp(text, "Log in", len) && n + len + 2 < cap) {
            memcpy(out + n, text, len);
            n += len;
            out[n++] = '\n';
        }
        p = close + 1;
    }
    out[n] = '\0';
    return out;
}

/* Text a's lines, each kept in b as a line that begins with it: a
 * signed-in reader may get more on a line, never less; iCalendar folds
 * are undone first and DTSTAMP (when the feed was made) is skipped. HTML
 * and XML are compared by their items (page_items). NULL, or the first
 * line of a missing from b. */
static char *line_missing(const char *a, const char *b, int markup)
{
    static char missing[400];
    char *ua = markup ? page_items(a) : strdup(a), *ub = markup ? page_items(b) : strdup(b);
    /* unfold: CRLF or LF followed by a space continues the line */
    char *bufs[2] = {ua, ub};
    for (int k = 0; k < 2; k++) {
        char *w = bufs[k];
        for (const char *r = bufs[k]; *r;) {
            if (r[0] == '\r' && r[1] == '\n' && r[2] == ' ') r += 3;
            else if (r[0] == '\n' && r[1] == ' ') r += 2;
            else if (*r == '\r') r++;
            else *w++ = *r++;
        }
        *w = '\0';
    }
    char *found = NULL;
    for (char *line = ua, *next; line && *line && !found; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        if (!*line || strncmp(line, "DTSTAMP:", 8) == 0) continue;
        int ok = 0;
        size_t n = strlen(line);
        for (const char *p = ub; p && *p && !ok; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
            ok = strncmp(p, line, n) == 0;
        if (!ok) {
            snprintf(missing, sizeof missing, "%.300s", line);
            found = missing;
        }
    }
    free(ua);
    free(ub);
    return found;
}

/* Issue #13, finding 14: a signed-in caller sees at least what the public
 * sees. Every GET route of the route table that answers an anonymous
 * visitor 200 (filled with the Met's rows, as above), and a published
 * letter as JSON, HTML and PDF, answers each of the eight signed-in callers
 * (staff, and body and lpb users of the Met and of Kent) 200 too, with
 * everything the visitor got: JSON contained in theirs, every link, date,
 * heading, cell and title of a page or feed, every line of a calendar.
 * (The sign-in form is not content; a search, whose totals and pages are
 * of what the caller may find, is checked in tests/http/test_search.c.) */
static void signed_in_see_what_the_public_sees(void **state)
{
    (void)state;
    /* a published letter of the Met: drafted by admin, approved and
     * published by HMCI (four eyes) */
    long long letter = post_id("/api/v1/letters", "{\"body\":\"met\",\"kind\":\"return_to_scan\"}", NULL, NULL, R_ADMIN, 201);
    assert_true(letter > 0);
    char path[512];
    snprintf(path, sizeof path, "/api/v1/letters/%lld/approve", letter);
    assert_true(post_id(path, NULL, NULL, NULL, R_HMCI, 200) > 0);
    snprintf(path, sizeof path, "/api/v1/letters/%lld/publish", letter);
    assert_true(post_id(path, NULL, "\"v2\"", NULL, R_HMCI, 200) > 0);

    json_t *paths = json_array();
    size_t i;
    json_t *rt;
    json_array_foreach(FX.routes, i, rt) {
        const char *m = json_string_value(json_object_get(rt, "method"));
        const char *p = json_string_value(json_object_get(rt, "path"));
        /* a search counts and pages what the caller may find: staff find
         * the unpublished too, so its first page and its totals differ;
         * that they find every public item is tests/http/test_search.c's */
        if (strcmp(p, "/search") == 0 || strcmp(p, "/api/v1/search") == 0) continue;
        if (strcmp(m, "GET") || strcmp(p, "/login") == 0 || fill(p, path, sizeof path) != 0) continue;
        json_array_append_new(paths, json_pack("{s:s, s:s}", "pattern", p, "path", path));
    }
    static const char *const extra[][2] = {
        {"/api/v1/letters/%lld", "/api/v1/letters/{id}"},
        {"/letters/%lld.html", "/letters/{file}"},
        {"/letters/%lld.pdf", "/letters/{file}"},
    };
    for (size_t k = 0; k < sizeof extra / sizeof extra[0]; k++) {
        snprintf(path, sizeof path, extra[k][0], letter);
        json_array_append_new(paths, json_pack("{s:s, s:s}", "pattern", extra[k][1], "path", path));
    }
    int public_routes = 0, bad = 0;
    json_t *pe;
    json_array_foreach(paths, i, pe) {
        const char *pattern = json_string_value(json_object_get(pe, "pattern"));
        const char *p = json_string_value(json_object_get(pe, "path"));
        t_http_t anon;
        assert_int_equal(call("GET", p, NULL, NULL, NULL, &anon), 0);
        if (anon.status != 200) {
            t_http_free(&anon);
            continue;
        }
        public_routes++;
        char ct[200] = "";
        t_http_header(&anon, "Content-Type", ct, sizeof ct);
        json_t *aj = strstr(ct, "json") ? json_loads(anon.body, 0, NULL) : NULL;
        if (aj) json_object_del(aj, "exported_at");   /* the time of the export */
        for (int k = 1; k < R_N; k++) {
            const char *h[] = {is_api(pattern) ? FX.bearer[k] : FX.sess[k].cookie, NULL};
            t_http_t r;
            assert_int_equal(call("GET", p, NULL, NULL, h, &r), 0);
            const char *why = NULL;
            char *line = NULL;
            json_t *bj = aj && r.body ? json_loads(r.body, 0, NULL) : NULL;
            if (r.status != 200) why = "status";
            else if (aj && !json_within(aj, bj)) why = "JSON the public gets is missing";
            else if (!aj && (strstr(ct, "text/") || strstr(ct, "xml"))
                     && (line = line_missing(anon.body, r.body, strstr(ct, "html") || strstr(ct, "xml"))))
                why = "a line the public gets is missing";
            if (why) {
                fprintf(stderr, "GET %s as %s: %ld, %s%s%s\n", p, ROLES[k].name, r.status, why, line ? ": " : "",
                        line ? line : "");
                bad++;
            }
            json_decref(bj);
            t_http_free(&r);
        }
        json_decref(aj);
        t_http_free(&anon);
    }
    json_decref(paths);
    /* the pages, the public API, the feeds, the letter, the stylesheets */
    assert_true(public_routes >= 20);
    assert_int_equal(bad, 0);
}

#define PAYLOAD "<script>alert(1)</script>'\"%_\\;--"
#define PAYLOAD_HTML "&lt;script&gt;alert(1)&lt;/script&gt;&#39;&quot;%_\\;--"

/* GET path (cookie session of role i, or none); the body (owned). */
static char *page_as(int i, const char *path, long want)
{
    const char *h[] = {i == R_ANON ? "" : FX.sess[i].cookie, NULL};
    t_http_t r;
    assert_int_equal(call("GET", path, NULL, NULL, h, &r), 0);
    if (r.status != want) fail_msg("GET %s as %s: %ld", path, ROLES[i].name, r.status);
    char *b = r.body;
    r.body = NULL;
    t_http_free(&r);
    return b ? b : strdup("");
}

static int occurrences(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

/* Every free-text field of every entity, through HTTP: script and SQL
 * metacharacters are stored verbatim (the API gives back exactly what was
 * sent) and rendered escaped on /record/{entity}/{id}, the cause and
 * recommendation pages and the body's page, for staff and the body's own
 * user; never as markup. */
static void text_fields_verbatim_and_escaped(void **state)
{
    (void)state;
    int checked_fields = 0, entities = 0;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(FX.schema, "entities"), i, e) {
        const char *name = json_string_value(json_object_get(e, "name"));
        /* letters are read as their model (from.name, blocks) and have no
         * /record page: tests/http/test_letters.c covers them; nor have news
         * releases (own_actions): tests/http/test_releases.c */
        if (!has_create(FX.routes, name) || strcmp(name, "letters") == 0
            || json_is_true(json_object_get(e, "own_actions")))
            continue;
        json_t *in = row_for(e, PAYLOAD);
        assert_non_null(in);
        int nfields = 0;
        const char *key;
        json_t *v;
        json_object_foreach(in, key, v) nfields += json_is_string(v) && strcmp(json_string_value(v), PAYLOAD) == 0;
        if (nfields == 0) {
            json_decref(in);
            continue;
        }
        char *body = json_dumps(in, JSON_COMPACT), path[160];
        snprintf(path, sizeof path, "/api/v1/%s", name);
        long long id = post_id(path, body, NULL, NULL, R_ADMIN, 201);
        free(body);
        if (id <= 0) {
            /* one row per parent (a PPOG item per meeting and body): change
             * the existing row's text fields instead */
            id = json_integer_value(json_object_get(FX.ids, name));
            json_t *set = json_object();
            json_object_foreach(in, key, v)
                if (json_is_string(v) && strcmp(json_string_value(v), PAYLOAD) == 0) json_object_set(set, key, v);
            char *sb = json_dumps(set, JSON_COMPACT), etag[40] = "";
            json_decref(set);
            snprintf(path, sizeof path, "/api/v1/%s/%lld", name, id);
            const char *h[] = {FX.bearer[R_ADMIN], NULL};
            t_http_t r;
            assert_int_equal(call("GET", path, NULL, NULL, h, &r), 0);
            t_http_header(&r, "ETag", etag, sizeof etag);
            t_http_free(&r);
            char im[64];
            snprintf(im, sizeof im, "If-Match: %s", etag);
            const char *h2[] = {FX.bearer[R_ADMIN], im, NULL};
            assert_int_equal(call("PATCH", path, sb, "application/json", h2, &r), 0);
            free(sb);
            if (r.status != 200) fail_msg("%s: the payload in every text field was refused: %s", name, r.body);
            t_http_free(&r);
        }
        /* stored verbatim */
        snprintf(path, sizeof path, "/api/v1/%s/%lld", name, id);
        json_t *row = get_json(path);
        assert_non_null(row);
        json_object_foreach(in, key, v) {
            if (!json_is_string(v) || strcmp(json_string_value(v), PAYLOAD)) continue;
            const char *got = json_string_value(json_object_get(row, key));
            if (!got || strcmp(got, PAYLOAD)) fail_msg("%s.%s came back as '%s'", name, key, got ? got : "(null)");
            checked_fields++;
        }
        json_decref(row);
        /* rendered escaped, for staff and for met's own user */
        snprintf(path, sizeof path, "/record/%s/%lld", name, id);
        int viewers[] = {R_ADMIN, R_BODY_OWN};
        for (int k = 0; k < 2; k++) {
            int may = k == 0 || (strcmp(name, "external-reports") && strcmp(name, "ppog-meetings")
                                 && strcmp(name, "hmi-group-meetings"));
            char *html = page_as(viewers[k], path, may ? 200 : 403);
            if (strstr(html, "<script>alert(1)")) fail_msg("%s as %s: markup from the record", path, ROLES[viewers[k]].name);
            if (may && occurrences(html, PAYLOAD_HTML) < nfields)
                fail_msg("%s as %s: %d escaped copies, %d fields", path, ROLES[viewers[k]].name,
                         occurrences(html, PAYLOAD_HTML), nfields);
            free(html);
        }
        if (strcmp(name, "causes-of-concern") == 0 || strcmp(name, "recommendations") == 0) {
            snprintf(path, sizeof path, "/%s/%lld", name, id);
            for (int k = 0; k < 2; k++) {
                char *html = page_as(viewers[k], path, 200);
                assert_null(strstr(html, "<script>alert(1)"));
                assert_true(occurrences(html, PAYLOAD_HTML) >= 1);
                free(html);
            }
        }
        json_decref(in);
        entities++;
    }
    assert_true(entities >= 15);
    assert_true(checked_fields >= 30);
    /* the pages that gather the record: the body's page, the board, the feeds */
    const char *pages[] = {"/bodies/met", "/", "/engage", "/feeds/deadlines.ics", "/feeds/decisions.atom", NULL};
    int viewers[] = {R_ANON, R_ADMIN, R_BODY_OWN};
    for (int p = 0; pages[p]; p++)
        for (int k = 0; k < 3; k++) {
            char *html = page_as(viewers[k], pages[p], 200);
            if (strstr(html, "<script>alert(1)")) fail_msg("%s as %s: markup from the record", pages[p], ROLES[viewers[k]].name);
            free(html);
        }
    char *html = page_as(R_ADMIN, "/bodies/met", 200);
    assert_true(occurrences(html, PAYLOAD_HTML) >= 1);
    free(html);
    /* SQL metacharacters in a filter are a value, not SQL */
    json_t *l = get_json("/api/v1/inspections?body=%27%20OR%201%3D1--");
    if (l) assert_int_equal(json_array_size(json_object_get(l, "items")), 0);
    json_decref(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_route_every_role),
        cmocka_unit_test(anonymous_bad_input_gets_401),
        cmocka_unit_test(text_fields_verbatim_and_escaped),
        cmocka_unit_test(signed_in_see_what_the_public_sees),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
