/*
 * page_record.c: GET /causes-of-concern/{id} and /recommendations/{id}:
 * one item with its status history and, for a recommendation, its
 * requirements and every deadline revision next to the original deadline.
 * Staff and the owning body's users only.
 */
#include "web/page.h"
#include "web/format.h"
#include "store/entity.h"
#include <stdlib.h>
#include <string.h>

/* The positive id in the path, or 0. */
static long long path_id(http_request_t *req)
{
    const char *s = http_request_param(req, "id");
    char *end = NULL;
    long long id = s ? strtoll(s, &end, 10) : 0;
    return s && *s && end && !*end && id > 0 ? id : 0;
}

static void history_view(json_t *row)
{
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(row, "status_history"), i, h) {
        web_date_field(h, "changed_on");
        web_enum_field(h, "from_status");
        web_enum_field(h, "to_status");
    }
}

/* Loads row id of entity name if the actor may read it; on any failure
 * fills resp with an HTML error page and returns NULL. */
static json_t *load(http_request_t *req, http_response_t *resp, const char *name, const api_actor_t *actor,
                    char code[64])
{
    api_app_t *app = req->app;
    const entity_def_t *e = entity_find(name);
    long long id = path_id(req);
    if (!e || !id) {
        web_error(req, resp, 404, "Page not found", "There is no such item.", actor);
        return NULL;
    }
    ov_error_t err = {0};
    json_t *row = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_entity_body(s, e, id, code, &err);
    int may = rc == 0 && web_may_read(actor, code);
    if (may) rc = store_entity_get(s, e, id, 1, &row, &err);
    store_pool_release(app->pool, s);
    if (rc != 0) {
        if (err.status == OV_ENOTFOUND) web_error(req, resp, 404, "Page not found", "There is no such item.", actor);
        else web_error_store(req, resp, &err, actor);
        return NULL;
    }
    if (!may) {
        web_error(req, resp, 403, "You cannot see this page",
                  actor->user_id ? "Your account may not see this body's monitoring record."
                                 : "Log in as inspectorate staff or as a user of this body to see its monitoring record.",
                  actor);
        return NULL;
    }
    return row;
}

int web_page_cause(http_request_t *req, http_response_t *resp)
{
    api_actor_t actor;
    web_actor(req, &actor);
    char code[64] = "";
    json_t *row = load(req, resp, "causes-of-concern", &actor, code);
    if (!row) return 0;
    web_date_field(row, "issued_on");
    web_date_field(row, "closed_on");
    web_enum_field(row, "status");
    history_view(row);
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(row, "recommendations"), i, r) {
        web_date_field(r, "deadline");
        web_date_field(r, "original_deadline");
        web_enum_field(r, "status");
    }
    char title[160];
    snprintf(title, sizeof title, "Cause of concern: %s", web_str(row, "title") ? web_str(row, "title") : "");
    web_render(req, resp, 200, "cause", title, &actor, json_pack("{s:o, s:s}", "item", row, "code", code));
    return 0;
}

int web_page_recommendation(http_request_t *req, http_response_t *resp)
{
    api_actor_t actor;
    web_actor(req, &actor);
    char code[64] = "";
    json_t *row = load(req, resp, "recommendations", &actor, code);
    if (!row) return 0;
    const char *orig = web_str(row, "original_deadline"), *cur = web_str(row, "deadline");
    json_object_set_new(row, "revised", json_boolean(orig && cur && strcmp(orig, cur) != 0));
    web_date_field(row, "issued_on");
    web_date_field(row, "deadline");
    web_date_field(row, "original_deadline");
    web_date_field(row, "implemented_on");
    web_date_field(row, "closed_on");
    web_enum_field(row, "status");
    web_enum_field(row, "acceptance");
    history_view(row);
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(row, "requirements"), i, x) web_enum_field(x, "status");
    json_array_foreach(json_object_get(row, "deadline_revisions"), i, x) {
        web_date_field(x, "previous_deadline");
        web_date_field(x, "new_deadline");
        web_date_field(x, "agreed_on");
    }
    json_array_foreach(json_object_get(row, "progress_updates"), i, x) web_date_field(x, "submitted_on");
    char title[160];
    snprintf(title, sizeof title, "Recommendation %s", web_str(row, "number") ? web_str(row, "number") : "");
    web_render(req, resp, 200, "recommendation", title, &actor, json_pack("{s:o, s:s}", "item", row, "code", code));
    return 0;
}
