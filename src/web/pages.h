/*
 * pages.h: the server-rendered HTML pages (read side). Each handler is one
 * page, registered in the route table (src/routes/routes.c). Pages are built
 * from templates in src/web/templates (compiled into the binary) that escape
 * every value; errors from these handlers are HTML pages too.
 *
 * Public: the status board, a body's phase history and decisions, the
 * Engage list and the national timeline. Staff, and a body's own users,
 * also see the monitoring record (causes of concern, recommendations, plan,
 * readiness) of the bodies core/roles.h lets them read.
 */
#ifndef OV_WEB_PAGES_H
#define OV_WEB_PAGES_H
#include "http/http.h"

/* GET /static/style.css: the one stylesheet (long cache). */
int web_page_style(http_request_t *req, http_response_t *resp);
/* GET /: every body with its phase (?phase=, ?kind=, ?sort=name|phase|since). */
int web_page_board(http_request_t *req, http_response_t *resp);
/* GET /bodies/{code}: history, decisions, timeline; the record if allowed. */
int web_page_body(http_request_t *req, http_response_t *resp);
/* GET /engage: bodies in Engage now and before, with dates and reasons. */
int web_page_engage(http_request_t *req, http_response_t *resp);
/* GET /timeline: Engage periods across bodies as a Gantt chart. */
int web_page_timeline(http_request_t *req, http_response_t *resp);
/* GET /letters: published letters, newest first (?body=CODE); staff also
 * see drafts (page_letters.c). */
int web_page_letters(http_request_t *req, http_response_t *resp);
/* GET /causes-of-concern/{id}, GET /recommendations/{id} (staff, own body). */
int web_page_cause(http_request_t *req, http_response_t *resp);
int web_page_recommendation(http_request_t *req, http_response_t *resp);

#endif
