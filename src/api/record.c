/*
 * record.c: create, read, update and list every entity of the monitoring
 * record (store/entity.h) at /api/v1/{entity} and /api/v1/{entity}/{id}.
 * Reads need PERM_READ_RECORD for the row's body (body and local policing
 * body users see only their own); writes need the entity's permission,
 * checked before anything about the input is said (401/403 before
 * 400/422); updates need If-Match (428 without, 412 when stale).
 */
#include "api/api.h"
#include "api/record.h"
#include "core/roles.h"
#include "store/entity.h"
#include "store/evidence.h"
#include "app/upload.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const entity_def_t *api_entity_of(http_request_t *req)
{
    /* path is /api/v1/{entity}[/...] */
    const char *p = req->path + strlen("/api/v1/");
    char name[64];
    size_t n = strcspn(p, "/");
    if (n >= sizeof name) return NULL;
    memcpy(name, p, n);
    name[n] = '\0';
    return entity_find(name);
}

int api_deny(http_response_t *resp, const app_actor_t *actor, const char *what)
{
    if (actor->user_id == 0)
        api_problem(resp, 401, "Unauthorized", "log in or send an API token to do this", NULL);
    else {
        char detail[200];
        snprintf(detail, sizeof detail, "your role (%s) may not %s", actor->role, what);
        api_problem(resp, 403, "Forbidden", detail, NULL);
    }
    return -1;
}

long long api_id_param(http_request_t *req, http_response_t *resp, const char *name)
{
    const char *s = http_request_param(req, name);
    char *end = NULL;
    long long id = s ? strtoll(s, &end, 10) : 0;
    if (!s || !*s || *end || id <= 0) {
        api_problem(resp, 404, "Not found", "ids are positive whole numbers", NULL);
        return -1;
    }
    return id;
}

long long api_id_actor(http_request_t *req, http_response_t *resp, app_actor_t *actor)
{
    long long id = api_id_param(req, resp, "id");
    if (id < 0 || api_actor(req, resp, actor) != 0) return -1;
    return id;
}

/* 1 with *n set when the query argument is a whole number in [lo, hi];
 * 0 when absent; -1 with a 400 problem otherwise. */
static int query_int(http_request_t *req, http_response_t *resp, const char *name, long long lo, long long hi,
                     long long *n)
{
    if (!http_request_query(req, name)) return 0;
    return api_query_count(req, resp, name, lo, hi, n) != 0 ? -1 : 1;
}

/* After a write: the row as it now stands with status, or the problem; a
 * refusal by the store is worded as api_deny words one ("your role (R)
 * may not WHAT so: " and the store's reason). */
static void reply_written(http_response_t *resp, const entity_def_t *e, int rc, ov_error_t *err, json_t *row,
                          const app_actor_t *actor, const char *what, int status)
{
    if (rc == OV_EFORBIDDEN) ov_error_prefix(err, "your role (%s) may not %s so: ", actor->role, what);
    if (rc) api_problem_from_error(resp, err);
    else api_entity_reply(resp, status, e, row);
}

/* The entity of the path (else 404 "no such collection"), the {id}
 * capture into *id unless id is NULL (api_id_param), then the caller
 * (api_actor). NULL with resp filled when one of them fails. */
static const entity_def_t *entity_call(http_request_t *req, http_response_t *resp, long long *id, app_actor_t *actor)
{
    const entity_def_t *e = api_entity_of(req);
    if (!e) {
        api_problem(resp, 404, "Not found", "no such collection", NULL);
        return NULL;
    }
    if (id && (*id = api_id_param(req, resp, "id")) < 0) return NULL;
    return api_actor(req, resp, actor) == 0 ? e : NULL;
}

int api_entity_list(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    const entity_def_t *e = entity_call(req, resp, NULL, &actor);
    if (!e) return 0;
    const char *body = http_request_query(req, "body");
    if (!body && (strcmp(actor.role, "body") == 0 || strcmp(actor.role, "lpb") == 0) && e->body_sql)
        body = actor.body;
    if (!app_allowed(&actor, PERM_READ_RECORD, e->body_sql ? body : NULL)) {
        api_deny(resp, &actor, "read this");
        return 0;
    }
    long long limit = 100, offset = 0, ref_id = 0;
    if (query_int(req, resp, "limit", 1, 1000, &limit) < 0 || query_int(req, resp, "offset", 0, 1000000000, &offset) < 0)
        return 0;
    const char *ref_field = NULL;
    for (const field_def_t *f = e->fields; f->name; f++) {
        if (f->kind != FK_REF) continue;
        int got = query_int(req, resp, f->name, 1, 9000000000000000000LL, &ref_id);
        if (got < 0) return 0;
        if (got) { ref_field = f->name; break; }
    }
    ov_error_t err = {0};
    json_t *rows = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_entity_list(s, e, body, ref_field, ref_id, (int)limit, (int)offset, &rows, &err);
    store_pool_release(app->pool, s);
    if (rc) { api_problem_from_error(resp, &err); return 0; }
    api_json(resp, 200, json_pack("{s:s, s:I, s:I, s:I, s:o}", "entity", e->name, "count",
                                  (json_int_t)json_array_size(rows), "limit", (json_int_t)limit, "offset",
                                  (json_int_t)offset, "items", rows));
    return 0;
}

/* Reads row id of e after checking the actor may read its body. */
static int read_checked(http_request_t *req, http_response_t *resp, const entity_def_t *e, long long id,
                        const app_actor_t *actor, json_t **out)
{
    app_t *app = req->app;
    ov_error_t err = {0};
    char body[64] = "";
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_entity_body(s, e, id, body, &err);
    if (rc == 0 && !app_allowed(actor, PERM_READ_RECORD, e->body_sql ? body : NULL)) {
        store_pool_release(app->pool, s);
        return api_deny(resp, actor, "read this");
    }
    if (rc == 0) rc = store_entity_get(s, e, id, 1, out, &err);
    store_pool_release(app->pool, s);
    if (rc) {
        api_problem_from_error(resp, &err);
        return -1;
    }
    return 0;
}

void api_entity_reply(http_response_t *resp, int status, const entity_def_t *e, json_t *row)
{
    json_t *v = json_object_get(row, "version");
    long long version = json_is_integer(v) ? json_integer_value(v) : -1;
    long long id = json_integer_value(json_object_get(row, "id"));
    api_json(resp, status, row);
    if (version >= 0) api_etag(resp, version);
    if (status == 201) {
        char loc[128];
        snprintf(loc, sizeof loc, "/api/v1/%s/%lld", e->name, id);
        http_response_header(resp, "Location", loc);
    }
}

int api_entity_get(http_request_t *req, http_response_t *resp)
{
    app_actor_t actor;
    long long id;
    const entity_def_t *e = entity_call(req, resp, &id, &actor);
    if (!e) return 0;
    json_t *row = NULL;
    if (read_checked(req, resp, e, id, &actor, &row) != 0) return 0;
    api_entity_reply(resp, 200, e, row);
    return 0;
}

/* The body a new row of e will belong to: its "body" member, else the body
 * of the parent named by its first reference. "" when e has no body. */
static int target_body(store_t *s, const entity_def_t *e, json_t *in, char body[64], ov_error_t *err)
{
    body[0] = '\0';
    if (!e->body_sql) return 0;
    const char *b = json_string_value(json_object_get(in, "body"));
    if (b) {
        snprintf(body, 64, "%s", b);
        return 0;
    }
    for (const field_def_t *f = e->fields; f->name; f++) {
        json_t *v = json_object_get(in, f->name);
        if (f->kind != FK_REF || !json_is_integer(v)) continue;
        const entity_def_t *pe = entity_find(f->ref);
        int rc = pe ? store_entity_body(s, pe, json_integer_value(v), body, err) : 0;
        if (rc == OV_ENOTFOUND)
            rc = ov_error_set(err, OV_EINVALID, f->name, "no %s with id %lld", pe->label,
                              (long long)json_integer_value(v));
        return rc;
    }
    return 0;
}

static int may_write(const app_actor_t *actor, const entity_def_t *e, const char *body)
{
    return app_may_write(actor, e, body);
}

/* 1 if the actor may write rows of e for some body: staff with the
 * permission, or a body-scoped user for its own body. */
static int may_write_somewhere(const app_actor_t *actor, const entity_def_t *e)
{
    return may_write(actor, e, actor->body[0] ? actor->body : NULL);
}

int api_entity_create(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    const entity_def_t *e = entity_call(req, resp, NULL, &actor);
    if (!e) return 0;
    /* who first, then what: an actor who may not write this entity for
     * any body learns nothing about the input (401/403 before 400/422);
     * the body-scoped check follows once the input names the body */
    if (!may_write_somewhere(&actor, e)) {
        api_deny(resp, &actor, "record this");
        return 0;
    }
    if (e->flags & E_APPEND_ONLY) {
        api_problem(resp, 405, "Method not allowed", "record these through their action", NULL);
        return 0;
    }
    json_t *in = api_body_json(req, resp);
    if (!in) return 0;
    /* the body the input names (its "body", else its parent's) decides
     * next; only then is the input itself checked */
    ov_error_t err = {0};
    char body[64];
    long long id = 0;
    json_t *row = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = target_body(s, e, in, body, &err);
    if (rc == 0 && !may_write(&actor, e, body)) {
        store_pool_release(app->pool, s);
        json_decref(in);
        api_deny(resp, &actor, "record this");
        return 0;
    }
    store_authz_t authz = app_actor_authz(&actor);
    if (rc == 0) rc = entity_validate(e, in, 1, 0, &err);
    if (rc == 0) rc = store_entity_insert(s, e, in, &authz, &id, &err);
    if (rc == 0) rc = store_entity_get(s, e, id, 1, &row, &err);
    store_pool_release(app->pool, s);
    json_decref(in);
    reply_written(resp, e, rc, &err, row, &actor, "record this", 201);
    return 0;
}

/* 422 naming every field at once: {type, title, status, detail, field
 * (the first), errors: [{field, detail}]}. errors borrowed. */
static void problem_all(http_response_t *resp, const json_t *errors)
{
    json_t *list = json_array();
    const char *key, *first = NULL;
    json_t *v;
    char detail[1200] = "";
    json_object_foreach((json_t *)errors, key, v) {
        if (!first) first = key;
        json_array_append_new(list, json_pack("{s:s, s:s}", "field", key, "detail", json_string_value(v)));
        size_t n = strlen(detail);
        snprintf(detail + n, sizeof detail - n, "%s%s", n ? "; " : "", json_string_value(v));
    }
    api_json(resp, 422, json_pack("{s:s, s:s, s:i, s:s, s:s, s:o}", "type", "about:blank", "title", "Invalid input",
                                  "status", 422, "detail", detail, "field", first ? first : "", "errors", list));
}

int api_progress_create(http_request_t *req, http_response_t *resp)
{
    const char *ct = http_request_header(req, "Content-Type");
    if (!ct || strncasecmp(ct, "multipart/form-data", 19) != 0) return api_entity_create(req, resp);
    app_t *app = req->app;
    app_actor_t actor;
    const entity_def_t *e = entity_call(req, resp, NULL, &actor);
    if (!e) return 0;
    if (!may_write_somewhere(&actor, e)) {   /* who first, as api_entity_create */
        api_deny(resp, &actor, "record this");
        return 0;
    }
    app_upload_t *u = calloc(1, sizeof *u);   /* owned; its files are temporary files */
    json_t *in = NULL, *errors = json_object(), *row = NULL;
    if (!u || app_upload_parse(req, "file", u) != 0) {
        free(u);
        u = NULL;
        api_problem(resp, 400, "Bad request",
                    "send multipart/form-data: a part named json (the progress update as JSON) and a part named "
                    "file for each evidence file", NULL);
        goto done;
    }
    const char *text = http_form_get(&u->fields, "json");
    json_error_t jerr;
    in = text ? json_loads(text, JSON_REJECT_DUPLICATES, &jerr) : NULL;
    if (!json_is_object(in)) {
        api_problem(resp, 422, "Invalid input",
                    text ? "the part named json must be a JSON object" : "the progress update goes in a part named json",
                    "json");
        goto done;
    }
    ov_error_t err = {0};
    char body[64];
    store_t *s = store_pool_acquire(app->pool);
    int rc = target_body(s, e, in, body, &err);
    store_pool_release(app->pool, s);
    if (rc == 0 && !may_write(&actor, e, body)) {
        api_deny(resp, &actor, "record this");
        goto done;
    }
    if (rc) {
        api_problem_from_error(resp, &err);
        goto done;
    }
    /* every problem at once: the update's first, then the files' */
    if (entity_validate(e, in, 1, 0, &err) != 0) json_object_set_new(errors, *err.field ? err.field : "json",
                                                                    json_string(err.message));
    char msg[2000];
    if (app_upload_check_files(u, 20, msg, sizeof msg)) json_object_set_new(errors, "file", json_string(msg));
    if (json_object_size(errors)) {
        problem_all(resp, errors);
        goto done;
    }
    evidence_upload_t files[APP_UPLOAD_FILES];
    size_t n = 0;
    for (int i = 0; i < u->nfiles; i++)
        files[n++] = (evidence_upload_t){u->files[i].filename, u->files[i].content_type, u->files[i].fd,
                                         u->files[i].len};
    store_authz_t authz = app_actor_authz(&actor);
    long long id = 0;
    s = store_pool_acquire(app->pool);
    rc = store_progress_insert_with_files(s, e, in, &authz, files, n, actor.username, &id, &err);
    if (rc == 0) rc = store_entity_get(s, e, id, 1, &row, &err);
    store_pool_release(app->pool, s);
    reply_written(resp, e, rc, &err, row, &actor, "record this", 201);
done:
    json_decref(in);
    json_decref(errors);
    if (u) app_upload_free(u);
    free(u);
    return 0;
}

long long api_if_match_required(http_request_t *req, http_response_t *resp)
{
    long long v = api_if_match(req, resp);
    if (v == -1)
        api_problem(resp, 428, "Precondition required",
                    "send If-Match with the ETag you read (e.g. \"v3\") so no one else's change is overwritten",
                    "If-Match");
    return v;
}

int api_entity_update(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    long long id;
    const entity_def_t *e = entity_call(req, resp, &id, &actor);
    if (!e) return 0;
    /* who first (the row's body decides), then If-Match and the input */
    ov_error_t err = {0};
    char body[64] = "";
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_entity_body(s, e, id, body, &err);
    store_pool_release(app->pool, s);
    /* a missing row is 404 only for those who may write such rows at all */
    if ((rc == 0 && !may_write(&actor, e, body)) || (rc == OV_ENOTFOUND && !may_write_somewhere(&actor, e))) {
        api_deny(resp, &actor, "change this");
        return 0;
    }
    if (rc) { api_problem_from_error(resp, &err); return 0; }
    if (e->flags & E_APPEND_ONLY) {
        api_problem(resp, 409, "Conflict", "these are never changed once recorded", NULL);
        return 0;
    }
    long long expected = api_if_match_required(req, resp);
    if (expected < 0) return 0;
    json_t *in = api_body_json(req, resp);
    if (!in) return 0;
    rc = entity_validate(e, in, 0, 0, &err);
    if (rc == 0 && json_object_size(in) == 0) rc = ov_error_set(&err, OV_EINVALID, "", "nothing to change");
    if (rc) {
        json_decref(in);
        api_problem_from_error(resp, &err);
        return 0;
    }
    /* the store authorises the row as it was and as it would be, in the
     * updating transaction: a reference or body field may not carry the
     * row into a body the actor may not write for */
    json_t *row = NULL;
    store_authz_t authz = app_actor_authz(&actor);
    s = store_pool_acquire(app->pool);
    rc = store_entity_update(s, e, id, expected, in, &authz, &err);
    if (rc == 0) rc = store_entity_get(s, e, id, 1, &row, &err);
    store_pool_release(app->pool, s);
    json_decref(in);
    reply_written(resp, e, rc, &err, row, &actor, "change this", 200);
    return 0;
}
