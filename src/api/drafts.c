/*
 * drafts.c: what the API does alike for the documents that go draft ->
 * approved -> published (letters, news releases): the reply with the
 * model's ETag and Location, and the approve / publish transitions (api.h).
 */
#include "api/record.h"
#include "core/roles.h"
#include <stdio.h>

void api_reply_versioned(http_response_t *resp, int status, json_t *model, const char *collection)
{
    long long version = json_integer_value(json_object_get(model, "version"));
    long long id = json_integer_value(json_object_get(model, "id"));
    api_json(resp, status, model);
    if (version > 0) api_etag(resp, version);
    if (status == 201) {
        char loc[96];
        snprintf(loc, sizeof loc, "%s/%lld", collection, id);
        http_response_header(resp, "Location", loc);
    }
}

int api_draft_transition(http_request_t *req, http_response_t *resp, const api_draft_kind_t *kind, int publish)
{
    app_t *app = req->app;
    app_actor_t actor;
    long long id = api_id_actor(req, resp, &actor);
    if (id < 0) return 0;
    /* publishing needs the version read; approving takes it when given */
    long long expected = publish ? api_if_match_required(req, resp) : api_if_match(req, resp);
    if (expected < -1 || (publish && expected < 0)) return 0;
    char body[64];
    ov_error_t err = {0};
    json_t *model = NULL;   /* owned until replied */
    store_t *s = store_pool_acquire(app->pool);
    int rc = kind->body_of(s, id, body, resp);
    if (rc == 0 && !app_allowed(&actor, PERM_CLOSE, body))
        rc = api_deny(resp, &actor, publish ? kind->publish_what : kind->approve_what);
    if (rc == 0) {
        rc = publish ? kind->publish(s, id, expected, actor.username, &err)
                     : kind->approve(s, id, expected, actor.username, &err);
        if (rc == 0) rc = kind->view(s, id, &model, &err);
        if (rc) api_problem_from_error(resp, &err);
    }
    store_pool_release(app->pool, s);
    if (rc == 0) api_reply_versioned(resp, 200, model, kind->collection);
    return 0;
}
