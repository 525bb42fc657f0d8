/*
 * page.h: what the page handlers (page_*.c) share: the caller, the
 * template set, the layout, HTML error pages, dates for templates.
 */
#ifndef OV_WEB_PAGE_H
#define OV_WEB_PAGE_H
#include <jansson.h>
#include "app/app.h"
#include "app/actor.h"
#include "web/pages.h"

/* The longest local path a login may return to (form_next_ok). */
#define WEB_NEXT_MAX 200

#define WEB_HTML "text/html; charset=utf-8"

/* The caller. Credentials that are bad or expired count as anonymous on
 * pages (they only ever show less); resp is left untouched. */
/* Answers with the embedded stylesheet `name` (web/static) and that
 * Cache-Control; 500 when it is missing. Returns 0. */
int web_stylesheet(http_response_t *resp, const char *name, const char *cache_control);

void web_actor(http_request_t *req, app_actor_t *out);

/* 1 if actor may read body's monitoring record (core/roles.h). */
int web_may_read(const app_actor_t *actor, const char *body);
/* 1 if actor may read every body's record (staff). */
int web_is_staff(const app_actor_t *actor);

struct buf;
/* Renders template `name`, a part of a page (no layout), with ctx
 * (borrowed; its tags coloured as web_render colours them) as the only
 * context, appending to out: what that part renders inside a page when
 * every name it looks up is in ctx (page_board.c, a row of the board). 0,
 * or -1 (a template failure, or out past its limit). */
int web_render_part(const char *name, json_t *ctx, struct buf *out);

/* Renders template `name` with ctx (stolen; an object) and the layout
 * values (page title, user, stylesheet) into resp with status. On a
 * template failure resp is a plain 500. */
void web_render(http_request_t *req, http_response_t *resp, int status, const char *name, const char *title,
                const app_actor_t *actor, json_t *ctx);

/* An HTML error page: status, a heading and a sentence. */
void web_error(http_request_t *req, http_response_t *resp, int status, const char *title, const char *detail,
               const app_actor_t *actor);
/* The same for a store error (404 for OV_ENOTFOUND, else 500). */
void web_error_store(http_request_t *req, http_response_t *resp, const ov_error_t *err, const app_actor_t *actor);

/* {"iso", "text"} for an ISO date (new reference), or JSON null for NULL
 * or "". Templates show it with {{#d}}{{> date}}{{/d}}. */
json_t *web_date(const char *iso);
/* Sets o[key] to web_date(o[key]'s string) in place. */
void web_date_field(json_t *o, const char *key);
/* Sets o[key "_text"] to the words of enum value o[key]. */
void web_enum_field(json_t *o, const char *key);

/* web_date_field for each of dates, web_enum_field for each of enums
 * (NULL-terminated lists, or NULL): `WEB_KEYS("issued_on", "closed_on")`. */
void web_view_fields(json_t *o, const char *const *dates, const char *const *enums);
#define WEB_KEYS(...) ((const char *const[]){__VA_ARGS__, NULL})
/* Sets a recommendation's "revised": its deadline is not the original. */
void web_mark_revised(json_t *rec);

/* The numbered links of GOV.UK Frontend's pagination (templates/
 * pagination.html): the first page, the last, and those next to page, with
 * {ellipsis: true} for each gap; else {number, href, current}. href(n, arg)
 * returns page n's address as a new JSON string. A new array. */
typedef json_t *(*web_page_href_fn)(long long n, const void *arg);
json_t *web_page_numbers(long long page, long long pages, web_page_href_fn href, const void *arg);

/* A string member or NULL (core/jget.h jget_str, by the name the pages use). */
const char *web_str(const json_t *o, const char *key);

#endif
