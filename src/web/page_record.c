/*
 * page_record.c: GET /causes-of-concern/{id} and /recommendations/{id}:
 * one item with its status history and, for a recommendation, its
 * requirements and every deadline revision next to the original deadline,
 * for staff and the owning body's users. Everyone else gets the page as
 * published (page_public.c), or 404 while it is not.
 */
#include "web/page.h"
#include "web/audit_view.h"
#include "web/format.h"
#include "web/public_view.h"
#include "app/actor.h"
#include "core/roles.h"
#include "store/entity.h"
#include <stdio.h>
#include <string.h>

/* The positive id in the path, or 0. */
static void history_view(json_t *row)
{
    size_t i;
    json_t *h;
    json_t *claim = NULL;
    json_array_foreach(json_object_get(row, "status_history"), i, h) {
        web_view_fields(h, WEB_KEYS("changed_on"), WEB_KEYS("from_status", "to_status"));
        /* the files a claim of implemented rests on, with their downloads */
        size_t k;
        json_t *f;
        json_array_foreach(json_object_get(h, "evidence_files"), k, f) {
            char href[96];
            snprintf(href, sizeof href, "/api/v1/evidence-files/%lld/content",
                     (long long)json_integer_value(json_object_get(f, "id")));
            json_object_set_new(f, "href", json_string(href));
        }
        const char *to = web_str(h, "to_status");
        if (to && strcmp(to, "implemented") == 0) claim = h;
    }
    /* an item claimed implemented now: the files its claim rests on */
    const char *st = web_str(row, "status");
    if (claim && st && strcmp(st, "implemented") == 0 && json_array_size(json_object_get(claim, "evidence_files")))
        json_object_set(row, "claim_files", json_object_get(claim, "evidence_files"));
}

/* The viewer into *actor (web_actor); then row id of entity name, with its
 * status history ready for the page (history_view), if the viewer may read
 * it; on any failure fills resp with an HTML error page and returns NULL. */
static json_t *load(http_request_t *req, http_response_t *resp, const char *name, app_actor_t *actor, char code[64])
{
    app_t *app = req->app;
    web_actor(req, actor);
    const entity_def_t *e = entity_find(name);
    long long id = http_request_param_id(req, "id");
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
        /* the public (and another body's users): the page as published,
         * or 404 before then (issue #16; store/public_record.h) */
        web_public_item_page(req, resp, strcmp(name, "recommendations") == 0 ? "recommendations" : "causes_of_concern",
                             id, actor);
        return NULL;
    }
    history_view(row);
    return row;
}

/* Appends the link {href, text} to actions. */
static void action(json_t *actions, const char *text, const char *fmt, long long id, const char *code)
{
    char href[200];
    snprintf(href, sizeof href, fmt, id, code);
    json_array_append_new(actions, json_pack("{s:s, s:s}", "href", href, "text", text));
}

/* What the actor may do with recommendation row of body code: the forms of
 * form_actions.c and forms.c, with the permissions they check. */
static json_t *rec_actions(const app_actor_t *a, const json_t *row, const char *code)
{
    json_t *out = json_array();
    if (!a->user_id) return out;
    long long id = json_integer_value(json_object_get(row, "id"));
    const char *st = web_str(row, "status");
    int can_close = app_allowed(a, PERM_CLOSE, code);
    int can_progress = app_allowed(a, PERM_PROGRESS, code) || app_allowed(a, PERM_RECORD, code);
    int closed = st && strcmp(st, "closed") == 0;
    if (can_close) {
        action(out, "Update the status", "/record/recommendations/%lld/status", id, code);
    } else if (can_progress && !closed) {   /* a body's user: claim it, or take a claim back */
        if (st && strcmp(st, "implemented") == 0)
            action(out, "Update the status", "/record/recommendations/%lld/status", id, code);
        else action(out, "Claim implemented", "/record/recommendations/%lld/status?to=implemented", id, code);
    }
    if (can_close && !closed) action(out, "Close", "/record/recommendations/%lld/status?to=closed", id, code);
    if (can_close && !closed) {   /* the other ends (sql/017) */
        action(out, "Supersede", "/record/recommendations/%lld/supersede", id, code);
        action(out, "Withdraw", "/record/recommendations/%lld/withdraw", id, code);
    }
    if (app_allowed(a, PERM_RECORD, code)) action(out, "Themes", "/record/recommendations/%lld/themes", id, code);
    if (app_allowed(a, PERM_RECORD, code))
        action(out, "Revise the deadline", "/record/recommendations/%lld/deadline", id, code);
    if (can_progress)
        action(out, "Add a progress update", "/record/progress-updates/new?recommendation_id=%lld&body=%s", id, code);
    if (app_allowed(a, PERM_RECORD, code)) action(out, "Change", "/record/recommendations/%lld/edit", id, code);
    return out;
}

static json_t *cause_actions(const app_actor_t *a, const json_t *row, const char *code)
{
    json_t *out = json_array();
    if (!a->user_id) return out;
    long long id = json_integer_value(json_object_get(row, "id"));
    const char *st = web_str(row, "status");
    if (app_allowed(a, PERM_CLOSE, code) && st && strcmp(st, "open") == 0)
        action(out, "Close", "/record/causes-of-concern/%lld/close", id, code);
    if (app_allowed(a, PERM_CLOSE, code) && st && strcmp(st, "open") == 0) {   /* the other ends (sql/024) */
        action(out, "Supersede", "/record/causes-of-concern/%lld/supersede", id, code);
        action(out, "Withdraw", "/record/causes-of-concern/%lld/withdraw", id, code);
    }
    if (app_allowed(a, PERM_RECORD, code)) {
        action(out, "Add a recommendation", "/record/recommendations/new?cause_id=%lld&body=%s", id, code);
        action(out, "Change", "/record/causes-of-concern/%lld/edit", id, code);
        action(out, "Themes", "/record/causes-of-concern/%lld/themes", id, code);
    }
    return out;
}

/* Each progress update of rec gets "files": its evidence files with
 * their download links, and "attach": its page, where files are added,
 * when the actor may add them. */
static void evidence_view(http_request_t *req, json_t *rec, const app_actor_t *a, const char *code)
{
    app_t *app = req->app;
    const entity_def_t *ef = entity_find("evidence-files");
    int may_attach = app_allowed(a, PERM_PROGRESS, code) || app_allowed(a, PERM_RECORD, code);
    store_t *s = store_pool_acquire(app->pool);
    size_t i, k;
    json_t *pu, *f;
    json_array_foreach(json_object_get(rec, "progress_updates"), i, pu) {
        long long pid = json_integer_value(json_object_get(pu, "id"));
        json_t *files = NULL;
        ov_error_t err = {0};
        if (!ef || store_entity_list(s, ef, NULL, "progress_update_id", pid, 1000, 0, &files, &err) != 0)
            files = json_array();
        json_array_foreach(files, k, f) {
            char href[96], size[32];
            long long n = json_integer_value(json_object_get(f, "size"));
            snprintf(href, sizeof href, "/api/v1/evidence-files/%lld/content",
                     (long long)json_integer_value(json_object_get(f, "id")));
            if (n >= 1 << 20) snprintf(size, sizeof size, "%.1f MB", (double)n / (1 << 20));
            else if (n >= 1024) snprintf(size, sizeof size, "%.0f KB", (double)n / 1024);
            else snprintf(size, sizeof size, "%lld bytes", n);
            json_object_set_new(f, "href", json_string(href));
            json_object_set_new(f, "size_text", json_string(size));
        }
        json_object_set_new(pu, "files", files);
        if (may_attach) {
            char href[96];
            snprintf(href, sizeof href, "/record/progress-updates/%lld#evidence", pid);
            json_object_set_new(pu, "attach", json_string(href));
        }
    }
    store_pool_release(app->pool, s);
}

/* The item's view for a reader of its record (web_item_view, whole):
 * NULL after an error page. */
static json_t *staff_view(http_request_t *req, http_response_t *resp, const char *table, long long id,
                          const app_actor_t *actor)
{
    app_t *app = req->app;
    char today[DATE_TEXT_MAX];
    app_today_text(app, today);
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    json_t *view = web_item_view(s, table, id, today, 1, &err);
    store_pool_release(app->pool, s);
    if (!view) web_error_store(req, resp, &err, actor);
    return view;
}

/* For who may close a closed item, the link to correct or withdraw the
 * closure; the corrections themselves are public with the item
 * (store_public_item), shown beside the closure. */
static void corrections_action(const json_t *row, const char *entity, const app_actor_t *a, const char *code,
                               json_t *actions)
{
    long long id = json_integer_value(json_object_get(row, "id"));
    const char *st = web_str(row, "status");
    if (st && strcmp(st, "closed") == 0 && app_allowed(a, PERM_CLOSE, code)) {
        char href[128];
        snprintf(href, sizeof href, "/record/corrections/new?entity=%s&id=%lld", entity, id);
        json_array_append_new(actions, json_pack("{s:s, s:s}", "text", "Correct or withdraw the closure", "href", href));
    }
}

int web_page_cause(http_request_t *req, http_response_t *resp)
{
    app_actor_t actor;
    char code[64] = "";
    json_t *row = load(req, resp, "causes-of-concern", &actor, code);
    if (!row) return 0;
    long long item_id = json_integer_value(json_object_get(row, "id"));
    json_t *view = staff_view(req, resp, "causes_of_concern", item_id, &actor);
    if (!view) {
        json_decref(row);
        return 0;
    }
    char title[200];
    web_item_title(view, title, sizeof title);
    json_t *actions = cause_actions(&actor, row, code);
    web_view_fields(row, WEB_KEYS("closed_on"), WEB_KEYS("outcome"));
    corrections_action(row, "causes-of-concern", &actor, code, actions);
    json_t *ctx = json_pack("{s:o, s:o, s:s, s:o}", "item", view, "record", row, "code", code, "actions", actions);
    web_audit_history(req, &actor, "causes-of-concern", item_id, ctx);   /* staff: the change history */
    web_render(req, resp, 200, "cause", title, &actor, ctx);
    return 0;
}

int web_page_recommendation(http_request_t *req, http_response_t *resp)
{
    app_actor_t actor;
    char code[64] = "";
    json_t *row = load(req, resp, "recommendations", &actor, code);
    if (!row) return 0;
    long long item_id = json_integer_value(json_object_get(row, "id"));
    json_t *view = staff_view(req, resp, "recommendations", item_id, &actor);
    if (!view) {
        json_decref(row);
        return 0;
    }
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(row, "progress_updates"), i, x) web_date_field(x, "submitted_on");
    evidence_view(req, row, &actor, code);
    json_t *actions = rec_actions(&actor, row, code);
    web_view_fields(row, WEB_KEYS("closed_on"), WEB_KEYS("outcome"));
    corrections_action(row, "recommendations", &actor, code, actions);
    char title[200];
    web_item_title(view, title, sizeof title);
    json_t *ctx = json_pack("{s:o, s:o, s:s, s:o}", "item", view, "record", row, "code", code, "actions", actions);
    web_audit_history(req, &actor, "recommendations", item_id, ctx);   /* staff: the change history */
    web_render(req, resp, 200, "recommendation", title, &actor, ctx);
    return 0;
}
