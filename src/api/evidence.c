/*
 * evidence.c: evidence files on progress updates: upload (the body's users
 * and staff) and download (whoever may read the body's record).
 */
#include "api/record.h"
#include "core/roles.h"
#include "store/evidence.h"
#include <stdlib.h>
#include <string.h>

int api_evidence_upload(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    long long id = api_id_actor(req, resp, &actor);
    if (id < 0) return 0;
    const char *filename = http_request_query(req, "filename");
    if (!filename) filename = http_request_header(req, "X-Filename");
    ov_error_t err = {0};
    char body[64] = "";
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_entity_body(s, entity_find("progress-updates"), id, body, &err);
    if (rc == 0 && !app_allowed(&actor, PERM_PROGRESS, body) && !app_allowed(&actor, PERM_RECORD, body)) {
        store_pool_release(app->pool, s);
        api_deny(resp, &actor, "add evidence to this progress update");
        return 0;
    }
    json_t *out = NULL;
    const char *type = http_request_header(req, "Content-Type");
    /* an allowed upload is in the server's temporary file (never in memory);
     * a small body from a caller the server did not expect to upload, in memory */
    if (rc == 0 && req->body_in_file)
        rc = store_evidence_add_file(s, id, filename, type, req->body_fd, req->body_len, actor.username, &out, &err);
    else if (rc == 0)
        rc = store_evidence_add(s, id, filename, type, req->body, req->body_len, actor.username, &out, &err);
    store_pool_release(app->pool, s);
    if (rc) {
        api_problem_from_error(resp, &err);
        return 0;
    }
    char loc[96];
    snprintf(loc, sizeof loc, "/api/v1/evidence-files/%lld/content", (long long)json_integer_value(json_object_get(out, "id")));
    api_json(resp, 201, out);
    http_response_header(resp, "Location", loc);
    return 0;
}

int api_evidence_download(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    long long id = api_id_actor(req, resp, &actor);
    if (id < 0) return 0;
    ov_error_t err = {0};
    json_t *meta = NULL;
    void *data = NULL;
    size_t len = 0;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_evidence_get(s, id, &meta, &data, &len, &err);
    store_pool_release(app->pool, s);
    if (rc) {
        api_problem_from_error(resp, &err);
        return 0;
    }
    if (!app_allowed(&actor, PERM_READ_RECORD, json_string_value(json_object_get(meta, "body")))) {
        json_decref(meta);
        free(data);
        api_deny(resp, &actor, "read this");
        return 0;
    }
    /* Served as a download, never rendered in our origin. */
    static const char octet[] = "application/octet-stream";
    http_response_set(resp, 200, octet, data, len);
    char disp[300];
    const char *fn = json_string_value(json_object_get(meta, "filename"));
    /* the filename has no control characters, '/' or '\\' (checked at upload); quotes are replaced */
    char safe[EVIDENCE_FILENAME_MAX + 1];
    snprintf(safe, sizeof safe, "%s", fn ? fn : "evidence");
    for (char *p = safe; *p; p++)
        if (*p == '"' || (unsigned char)*p >= 0x80) *p = '_';
    snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", safe);
    http_response_header(resp, "Content-Disposition", disp);
    http_response_header(resp, "X-Content-SHA256", json_string_value(json_object_get(meta, "sha256")));
    json_decref(meta);
    return 0;
}
