/*
 * search.h: GET /search and GET /api/v1/search (docs/search.md), the part
 * the page and the API share: the query's arguments checked, the caller's
 * view decided (the public's, a body's own users', staff's), the items
 * found (store/search.h), filtered, ordered, paged, highlighted, and a
 * result list as CSV. Writes no response: src/api and src/web answer.
 */
#ifndef OV_APP_SEARCH_H
#define OV_APP_SEARCH_H
#include <jansson.h>
#include "app/app.h"
#include "app/actor.h"
#include "core/buf.h"
#include "core/error.h"

#define APP_SEARCH_PER_PAGE 20       /* results a page by default */
#define APP_SEARCH_PER_PAGE_MAX 100

/* The arguments of a search as given (borrowed from the request; NULL or
 * "" = not given). */
typedef struct {
    const char *q, *body, *kind, *type, *status, *overdue, *theme, *priority, *from, *to, *sort, *page, *per_page;
} app_search_args_t;

/* Reads the arguments of req's query string into *a. */
void app_search_args(http_request_t *req, app_search_args_t *a);

/* Runs the search a as actor (borrowed) may see it on app's today. 0 with
 * *out a new object:
 *   {query: {q, body, kind, type, status, overdue, theme, priority, from, to, sort, page,
 *            per_page} (as understood), total, pages, more (1 when more than
 *    STORE_SEARCH_CAP items matched: refine the search),
 *    results: [{type, id, url, title, title_parts, snippet, excerpt, body,
 *               body_name, body_kind, date, status, deadline, overdue,
 *               score, priority}]}
 * where title_parts and snippet are arrays of {text, mark} (mark: a word
 * that matched; text never HTML). all: every result, unpaged (for a
 * download). OV_EINVALID with err->field naming the argument that is
 * wrong (q, body, kind, type, status, overdue, theme, priority, from, to, sort, page,
 * per_page); store errors as they are. */
int app_search(app_t *app, const app_actor_t *actor, const app_search_args_t *a, int all, json_t **out,
               ov_error_t *err);

/* The results of app_search's object as CSV (one header line, a row per
 * result; text cells spreadsheet-safe, core/csv.h) appended to out.
 * 0 or -1. */
int app_search_csv(const json_t *found, buf_t *out);

#endif
