/*
 * body_admin.c: bodies changed at run time (admin): POST /api/v1/bodies,
 * /api/v1/bodies/{code}/rename and /retire, /api/v1/body-merges; and who
 * held a body's posts, /api/v1/bodies/{code}/people (docs/bodies.md).
 */
#include "api/api.h"
#include "api/record.h"
#include "store/body_changes.h"
#include "core/roles.h"
#include "core/jget.h"
#include <stdio.h>
#include <string.h>

static const char *const BODY_FIELDS[] = {"code", "name", "kind", "country", "governance", "local_policing_body",
                                          "chief_officer_title", "effective_on", "reason", NULL};

static body_input_t body_in(const json_t *in)
{
    body_input_t b = {
        .code = jget_str(in, "code"), .name = jget_str(in, "name"), .kind = jget_str(in, "kind"),
        .country = jget_str(in, "country"), .governance = jget_str(in, "governance"),
        .local_policing_body = jget_str(in, "local_policing_body"),
        .chief_officer_title = jget_str(in, "chief_officer_title"),
    };
    return b;
}

/* A change's reply: 201/200 with the body, its Location, or the problem. */
static void reply(http_response_t *resp, int rc, ov_error_t *err, json_t *body, int status)
{
    if (rc) {
        api_problem_from_error(resp, err);
        return;
    }
    char loc[HTTP_PARAM_MAX + 32];
    snprintf(loc, sizeof loc, "/api/v1/bodies/%s", json_string_value(json_object_get(body, "code")));
    api_json(resp, status, body);
    http_response_header(resp, "Location", loc);
}

int api_body_create(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    if (api_require(req, resp, PERM_ADMIN, NULL, NULL) != 0) return 0;
    json_t *in = api_body_object(req, resp, BODY_FIELDS);
    if (!in) return 0;
    body_input_t b = body_in(in);
    body_change_t ch = {.effective_on = jget_str(in, "effective_on"), .reason = jget_str(in, "reason")};
    odate_t today = app_today(app);
    ov_error_t err = {0};
    json_t *created = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_body_add(s, &b, &ch, &today, &created, &err);
    store_pool_release(app->pool, s);
    json_decref(in);
    reply(resp, rc, &err, created, 201);
    return 0;
}

int api_body_rename(http_request_t *req, http_response_t *resp)
{
    static const char *const fields[] = {"name", "effective_on", "reason", NULL};
    app_t *app = req->app;
    if (api_require(req, resp, PERM_ADMIN, NULL, NULL) != 0) return 0;
    json_t *in = api_body_object(req, resp, fields);
    if (!in) return 0;
    /* If-Match (optional): the body's ETag as the client read it, checked
     * inside the change's transaction (412 when it moved meanwhile). */
    long long expected = api_if_match(req, resp);
    if (expected == -2) {
        json_decref(in);
        return 0;
    }
    body_change_t ch = {.effective_on = jget_str(in, "effective_on"), .reason = jget_str(in, "reason"),
                        .expect_version = expected > 0 ? expected : 0};
    odate_t today = app_today(app);
    ov_error_t err = {0};
    json_t *out = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_body_rename(s, http_request_param(req, "code"), jget_str(in, "name"), &ch, &today, &out, &err);
    store_pool_release(app->pool, s);
    json_decref(in);
    reply(resp, rc, &err, out, 200);
    return 0;
}

int api_body_retire(http_request_t *req, http_response_t *resp)
{
    static const char *const fields[] = {"effective_on", "reason", NULL};
    app_t *app = req->app;
    if (api_require(req, resp, PERM_ADMIN, NULL, NULL) != 0) return 0;
    json_t *in = api_body_object(req, resp, fields);
    if (!in) return 0;
    /* If-Match (optional): the body's ETag as the client read it, checked
     * inside the change's transaction (412 when it moved meanwhile). */
    long long expected = api_if_match(req, resp);
    if (expected == -2) {
        json_decref(in);
        return 0;
    }
    body_change_t ch = {.effective_on = jget_str(in, "effective_on"), .reason = jget_str(in, "reason"),
                        .expect_version = expected > 0 ? expected : 0};
    odate_t today = app_today(app);
    ov_error_t err = {0};
    json_t *out = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_body_retire(s, http_request_param(req, "code"), &ch, &today, &out, &err);
    store_pool_release(app->pool, s);
    json_decref(in);
    reply(resp, rc, &err, out, 200);
    return 0;
}

int api_body_merge(http_request_t *req, http_response_t *resp)
{
    static const char *const fields[] = {"predecessors", "code", "name", "kind", "country", "governance",
                                         "local_policing_body", "chief_officer_title", "effective_on", "reason", NULL};
    app_t *app = req->app;
    if (api_require(req, resp, PERM_ADMIN, NULL, NULL) != 0) return 0;
    /* api_body_object takes text members only: predecessors is a list */
    json_t *in = api_body_json(req, resp);
    if (!in) return 0;
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v) {
        int allowed = 0;
        for (int i = 0; fields[i]; i++) allowed |= strcmp(fields[i], key) == 0;
        char detail[160];
        if (!allowed) snprintf(detail, sizeof detail, "unknown field '%.64s'", key);
        else if (strcmp(key, "predecessors") != 0 && !json_is_string(v) && !json_is_null(v))
            snprintf(detail, sizeof detail, "field '%.64s' must be a string", key);
        else continue;
        json_decref(in);
        api_problem(resp, 422, "Invalid input", detail, key);
        return 0;
    }
    json_t *preds = json_object_get(in, "predecessors");
    if (!json_is_array(preds) || json_array_size(preds) != 2 || !json_is_string(json_array_get(preds, 0))
        || !json_is_string(json_array_get(preds, 1))) {
        json_decref(in);
        api_problem(resp, 422, "Invalid input", "predecessors must be the codes of the two bodies merged: [\"a\", \"b\"]",
                    "predecessors");
        return 0;
    }
    body_input_t b = body_in(in);
    body_change_t ch = {.effective_on = jget_str(in, "effective_on"), .reason = jget_str(in, "reason")};
    odate_t today = app_today(app);
    ov_error_t err = {0};
    json_t *out = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_body_merge(s, json_string_value(json_array_get(preds, 0)), json_string_value(json_array_get(preds, 1)),
                              &b, &ch, &today, &out, &err);
    store_pool_release(app->pool, s);
    json_decref(in);
    reply(resp, rc, &err, out, 201);
    return 0;
}

/* GET: the body-people rows of {code}, as GET /api/v1/body-people?body=
 * gives them (the same reading rules). */
int api_body_people_list(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    const char *code = http_request_param(req, "code");
    app_actor_t actor;
    if (api_actor(req, resp, &actor) != 0) return 0;
    if (!app_allowed(&actor, PERM_READ_RECORD, code)) {
        api_deny(resp, &actor, "read this");
        return 0;
    }
    const entity_def_t *e = entity_find("body-people");
    ov_error_t err = {0};
    json_t *rows = NULL, *body = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_body_summary(s, code, &body, &err);
    if (rc == 0) rc = store_entity_list(s, e, code, NULL, 0, 1000, 0, &rows, &err);
    store_pool_release(app->pool, s);
    json_decref(body);
    if (rc) {
        api_problem_from_error(resp, &err);
        return 0;
    }
    api_json(resp, 200, json_pack("{s:s, s:I, s:o}", "body", code, "count", (json_int_t)json_array_size(rows), "people",
                                  rows));
    return 0;
}

/* POST: one row of body-people for {code}, checked and written as POST
 * /api/v1/body-people writes it (same role and body rules). */
int api_body_person_add(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    const char *code = http_request_param(req, "code");
    const entity_def_t *e = entity_find("body-people");
    app_actor_t actor;
    if (api_actor(req, resp, &actor) != 0) return 0;
    if (!app_may_write(&actor, e, code)) {
        api_deny(resp, &actor, "record this");
        return 0;
    }
    json_t *in = api_body_json(req, resp);
    if (!in) return 0;
    if (json_object_get(in, "body")) {
        json_decref(in);
        api_problem(resp, 422, "Invalid input", "the body is the one of the path; leave out \"body\"", "body");
        return 0;
    }
    json_object_set_new(in, "body", json_string(code));
    ov_error_t err = {0};
    long long id = 0;
    json_t *row = NULL;
    store_authz_t authz = app_actor_authz(&actor);
    store_t *s = store_pool_acquire(app->pool);
    json_t *body = NULL;
    int rc = store_body_summary(s, code, &body, &err);
    json_decref(body);
    if (rc == 0) rc = entity_validate(e, in, 1, 0, &err);
    if (rc == 0) rc = store_entity_insert(s, e, in, &authz, &id, &err);
    if (rc == 0) rc = store_entity_get(s, e, id, 1, &row, &err);
    store_pool_release(app->pool, s);
    json_decref(in);
    if (rc) api_problem_from_error(resp, &err);
    else api_entity_reply(resp, 201, e, row);
    return 0;
}
