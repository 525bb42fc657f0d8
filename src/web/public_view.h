/*
 * public_view.h: the published record (store/public_record.h) made ready
 * for the templates: dates in words, requirement statuses in words, a
 * revised deadline marked. Shared by the body's page, the cause and
 * recommendation pages as the public sees them, and the national list
 * (page_public.c).
 */
#ifndef OV_WEB_PUBLIC_VIEW_H
#define OV_WEB_PUBLIC_VIEW_H
#include <jansson.h>
#include "http/http.h"
#include "app/actor.h"
#include "store/store.h"

/* In place: a published recommendation row, its requirements and
 * deadline revisions when it has them. */
void web_public_rec_view(json_t *rec);
/* In place: a published cause of concern row and its recommendations. */
void web_public_cause_view(json_t *cause);

/* The page's view of row id of table ("causes_of_concern" or
 * "recommendations") on today: as published (web_public_*_view applied);
 * when it is not published and whole is set, from the whole record with
 * "unpublished": true (for those who read the body's record). A new
 * object, or NULL with err (OV_ENOTFOUND: none, or not published). */
json_t *web_item_view(store_t *s, const char *table, long long id, const char *today, int whole, ov_error_t *err);
/* The title of such a page: "<label>: <body name>" into out. */
void web_item_title(const json_t *view, char *out, size_t n);

/* The public page of cause of concern or recommendation `id` (table
 * "causes_of_concern" or "recommendations"), for a viewer who may not read
 * the body's record: 200 with the public facts once published, else 404
 * (whether it exists is not told). Returns 0. */
int web_public_item_page(http_request_t *req, http_response_t *resp, const char *table, long long id,
                         const app_actor_t *actor);

#endif
