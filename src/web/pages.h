/*
 * pages.h: the server-rendered HTML pages (read side). Each handler is one
 * page, registered in the route table (src/routes/routes.c). Pages are built
 * from templates in src/web/templates (compiled into the binary) that escape
 * every value; errors from these handlers are HTML pages too.
 *
 * Public: the status board, a body's phase history, decisions and published
 * causes of concern and recommendations, the Engage list, the national
 * timeline and the list of recommendations. Staff, and a body's own users,
 * also see the monitoring record (causes of concern, recommendations, plan,
 * readiness) of the bodies core/roles.h lets them read.
 */
#ifndef OV_WEB_PAGES_H
#define OV_WEB_PAGES_H
#include "http/http.h"

/* GET /static/style.css: the one stylesheet (long cache). */
http_handler_t web_page_style;
/* GET /static/govuk-frontend.min.css, /static/govuk-frontend.min.js: the
 * vendored GOV.UK Frontend (static/vendor/govuk-frontend, VERSION there);
 * GET /static/govuk-init.js: the module that starts its components. All
 * three are linked with ?v=HASH and cached for a year. */
http_handler_t web_page_govuk_css, web_page_govuk_js, web_page_govuk_init;
/* GET /: every body with its phase (?phase=, ?kind=, ?sort=name|phase|since). */
http_handler_t web_page_board;
/* The same page at the whole-record generation gen (store/cache.h), for
 * any viewer, made from the bodies list's rows kept across generations
 * with the counts the viewer sees kept beside them (store/body_rows.h)
 * and each row's HTML kept with its row: after a write to one body only
 * that body's row (and counts) is read and rendered again. The same bytes
 * as web_page_board. X-Rows-Read: rows read from the database, of how
 * many. */
int web_page_board_at(http_request_t *req, http_response_t *resp, const char *gen);
/* GET /bodies/{code}: history, decisions, timeline; the record if allowed. */
http_handler_t web_page_body;
/* GET /engage: bodies in Engage now and before, with dates and reasons. */
http_handler_t web_page_engage;
/* GET /timeline: Engage periods across bodies as a Gantt chart. */
http_handler_t web_page_timeline;
/* GET /letters: published letters, newest first (?body=CODE); staff also
 * see drafts (page_letters.c). */
http_handler_t web_page_letters;
/* GET /letters/{id}.html: one letter in the site's page (page_letters.c). */
http_handler_t web_page_letter;
/* GET /causes-of-concern/{id}, GET /recommendations/{id}: the whole item
 * for staff and its own body; the published facts for everyone else once
 * published, else 404. */
http_handler_t web_page_cause, web_page_recommendation;
/* GET /recommendations: published recommendations across bodies (?body,
 * ?kind, ?status, ?overdue=1, ?page), open ones by default (page_public.c). */
http_handler_t web_page_recommendations;
/* GET /search: full-text search of the record, with filters, pages and
 * downloads (page_search.c, app/search.h). */
http_handler_t web_page_search;

/* GET /work: the work queue of the caller's role (?body, ?kind, ?what,
 * ?format=csv); GET /deadlines: the deadlines rule as a page (?today,
 * ?before, ?limit, ?offset, ?body, ?kind). Signed-in readers of the record
 * only (page_work.c). */
http_handler_t web_page_work, web_page_deadlines;

#endif
