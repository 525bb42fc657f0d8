/*
 * releases.c: news releases (docs/release.h, app/releases.h) over HTTP:
 * list, draft, read (the model), edit a block, add a quote, approve (four
 * eyes), publish (with its letter).
 *
 * Who may: staff who record (PERM_RECORD on the body) draft, read drafts,
 * edit and add quotes; inspectors and HMCI (PERM_CLOSE) approve and
 * publish, not a release they drafted or edited (403, problem type
 * API_RULE_TYPE_PREFIX "four-eyes"); everyone reads a published release.
 * Edits and quotes take If-Match (required), approve optional, publish
 * required.
 */
#include "api/api.h"
#include "api/record.h"
#include "app/releases.h"
#include "core/roles.h"
#include "core/jget.h"
#include "docs/release.h"
#include "store/releases.h"
#include <stdio.h>
#include <string.h>

static const char *const RELEASE_INPUT[] = {"body", "letter_id", "decision_id", "published_on", NULL};
static const char *const EDIT_INPUT[] = {"block", "text", "reason", NULL};
static const char *const QUOTE_INPUT[] = {"speaker", "speaker_title", "text", "source", "position", NULL};

/* The body code of release id into body (64 bytes); fills resp (404) and
 * returns -1 when there is none. */
static int release_body(store_t *s, long long id, char body[64], http_response_t *resp)
{
    ov_error_t err = {0};
    json_t *head = NULL;
    int rc = store_release_head(s, id, &head, &err);
    if (rc == OV_ENOTFOUND) {
        api_problem(resp, 404, "Not found", err.message, NULL);
        return -1;
    }
    if (rc) {
        api_problem_from_error(resp, &err);
        return -1;
    }
    snprintf(body, 64, "%s", jget_text(head, "body"));
    json_decref(head);
    return 0;
}

int api_releases_list(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    if (api_actor(req, resp, &actor) != 0) return 0;
    const char *body = http_request_query(req, "body");
    int published_only = !app_allowed(&actor, PERM_RECORD, body);
    ov_error_t err = {0};
    json_t *rows = NULL, *list = json_array();
    char today[DATE_TEXT_MAX];
    app_today_text(app, today);
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_releases_list(s, body, published_only ? today : NULL, &rows, &err);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        if (rc) break;
        json_t *m = NULL;
        rc = release_view(s, json_integer_value(json_object_get(r, "id")), &m, &err);
        if (rc == 0)
            json_array_append_new(list, json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "id",
                                                  json_object_get(r, "id"), "body", json_object_get(r, "body"),
                                                  "body_name", json_object_get(r, "body_name"), "status",
                                                  json_object_get(r, "status"), "published_on",
                                                  json_object_get(r, "published_on"), "letter_id",
                                                  json_object_get(r, "letter_id"), "headline",
                                                  json_object_get(m, "headline"), "version",
                                                  json_object_get(r, "version")));
        json_decref(m);
    }
    store_pool_release(app->pool, s);
    json_decref(rows);
    if (rc) {
        json_decref(list);
        api_problem_from_error(resp, &err);
        return 0;
    }
    api_json(resp, 200, json_pack("{s:I, s:o}", "count", (json_int_t)json_array_size(list), "releases", list));
    return 0;
}

int api_release_create(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    if (api_actor(req, resp, &actor) != 0) return 0;
    if (!app_allowed(&actor, PERM_RECORD, actor.body[0] ? actor.body : NULL)) {
        api_deny(resp, &actor, "draft news releases");
        return 0;
    }
    json_t *in = api_body_object(req, resp, RELEASE_INPUT);
    if (!in) return 0;
    const char *body = jget_str(in, "body");
    if (body && !app_allowed(&actor, PERM_RECORD, body)) {
        json_decref(in);
        api_deny(resp, &actor, "draft news releases");
        return 0;
    }
    ov_error_t err = {0};
    json_t *model = NULL;
    long long id = 0;
    store_t *s = store_pool_acquire(app->pool);
    int rc = app_release_draft(s, in, &actor, &id, &err);
    if (rc == 0) rc = release_view(s, id, &model, &err);
    store_pool_release(app->pool, s);
    json_decref(in);
    if (rc) {
        api_problem_from_error(resp, &err);
        return 0;
    }
    api_reply_versioned(resp, 201, model, "/api/v1/releases");
    return 0;
}

int api_release_get(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    long long id = api_id_actor(req, resp, &actor);
    if (id < 0) return 0;
    char today[DATE_TEXT_MAX];
    app_today_text(app, today);
    ov_error_t err = {0};
    json_t *model = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = app_release_readable(s, &actor, id, today, &model, &err);
    store_pool_release(app->pool, s);
    if (rc == OV_EFORBIDDEN) api_deny(resp, &actor, "read a news release that is not published");
    else if (rc) api_problem_from_error(resp, &err);
    else api_reply_versioned(resp, 200, model, "/api/v1/releases");
    return 0;
}

/* POST .../blocks (quote 0) and .../quotes (quote 1): PERM_RECORD on the
 * release's body, If-Match required. */
static int change(http_request_t *req, http_response_t *resp, int quote)
{
    app_t *app = req->app;
    app_actor_t actor;
    long long id = api_id_actor(req, resp, &actor);
    if (id < 0) return 0;
    if (!app_allowed(&actor, PERM_RECORD, actor.body[0] ? actor.body : NULL)) {
        api_deny(resp, &actor, "change news releases");
        return 0;
    }
    long long expected = api_if_match_required(req, resp);
    if (expected < 0) return 0;
    json_t *in = api_body_object(req, resp, quote ? QUOTE_INPUT : EDIT_INPUT);
    if (!in) return 0;
    ov_error_t err = {0};
    json_t *model = NULL;
    char body[64];
    store_t *s = store_pool_acquire(app->pool);
    int rc = release_body(s, id, body, resp);
    if (rc == 0 && !app_allowed(&actor, PERM_RECORD, body)) rc = api_deny(resp, &actor, "change news releases");
    if (rc == 0) {
        rc = quote ? app_release_quote_add(s, id, expected, in, &actor, &err)
                   : app_release_edit(s, id, expected, jget_str(in, "block"), jget_str(in, "text"),
                                      jget_str(in, "reason"), &actor, &err);
        if (rc == 0) rc = release_view(s, id, &model, &err);
        if (rc) api_problem_from_error(resp, &err);
    }
    store_pool_release(app->pool, s);
    json_decref(in);
    if (rc == 0) api_reply_versioned(resp, quote ? 201 : 200, model, "/api/v1/releases");
    return 0;
}

int api_release_edit(http_request_t *req, http_response_t *resp)
{
    return change(req, resp, 0);
}

int api_release_quote(http_request_t *req, http_response_t *resp)
{
    return change(req, resp, 1);
}

static const api_draft_kind_t RELEASE_KIND = {
    .collection = "/api/v1/releases",
    .approve_what = "approve news releases",
    .publish_what = "publish news releases",
    .body_of = release_body,
    .approve = release_approve,
    .publish = release_publish,
    .view = release_view,
};

static int transition(http_request_t *req, http_response_t *resp, int publish)
{
    return api_draft_transition(req, resp, &RELEASE_KIND, publish);
}

int api_release_approve(http_request_t *req, http_response_t *resp)
{
    return transition(req, resp, 0);
}

int api_release_publish(http_request_t *req, http_response_t *resp)
{
    return transition(req, resp, 1);
}
