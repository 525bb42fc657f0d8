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

#endif
