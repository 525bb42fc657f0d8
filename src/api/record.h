/*
 * record.h: helpers shared by the record handlers (record.c, actions.c,
 * reasoning.c).
 */
#ifndef OV_API_RECORD_H
#define OV_API_RECORD_H
#include "api/api.h"
#include "store/entity.h"

/* The entity named by the path's third segment (/api/v1/{entity}...). */
const entity_def_t *api_entity_of(http_request_t *req);

/* Fills resp with 401 (anonymous) or 403 naming what was refused; -1. */
int api_deny(http_response_t *resp, const app_actor_t *actor, const char *what);

/* The positive id in capture `name`, or -1 with a 404 in resp. */
long long api_id_param(http_request_t *req, http_response_t *resp, const char *name);

/* api_id_param("id"), then the caller (api_actor): the id, or -1 with
 * resp filled. */
long long api_id_actor(http_request_t *req, http_response_t *resp, app_actor_t *actor);

/* If-Match as a version; absent: 428 and -1; malformed: 400 and -2. */
long long api_if_match_required(http_request_t *req, http_response_t *resp);

/* Replies with row (stolen), its ETag, and Location when status is 201. */
void api_entity_reply(http_response_t *resp, int status, const entity_def_t *e, json_t *row);

/* ---- documents that go draft -> approved -> published (drafts.c) ---- */

/* Replies with model (stolen), its ETag ("v" + its version) and, for 201,
 * Location: collection + "/" + its id. */
void api_reply_versioned(http_response_t *resp, int status, json_t *model, const char *collection);

/* One kind of such document: how to find its body, move it, and read it. */
typedef struct api_draft_kind {
    const char *collection;                  /* "/api/v1/letters" */
    const char *approve_what, *publish_what; /* for 403: "approve letters" */
    /* the document's body code into body; -1 with a 404/problem in resp */
    int (*body_of)(store_t *s, long long id, char body[64], http_response_t *resp);
    int (*approve)(store_t *s, long long id, long long expected_version, const char *by, ov_error_t *err);
    int (*publish)(store_t *s, long long id, long long expected_version, const char *by, ov_error_t *err);
    int (*view)(store_t *s, long long id, json_t **out, ov_error_t *err);
} api_draft_kind_t;

/* POST .../{id}/approve (If-Match optional) or .../publish (If-Match
 * required): PERM_CLOSE on the document's body; 200 with the model. */
int api_draft_transition(http_request_t *req, http_response_t *resp, const api_draft_kind_t *kind, int publish);

#endif
