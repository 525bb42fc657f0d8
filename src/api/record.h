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

/* 1 if actor may do perm on body (NULL or "" = no body). */
int api_allowed(const api_actor_t *actor, int perm, const char *body);

/* 1 if actor may write rows of e for body (NULL or "" = no body): the
 * entity's own permission or PERM_RECORD, scoped as core/roles.h says. */
int api_may_write(const api_actor_t *actor, const entity_def_t *e, const char *body);

/* The store's authoriser (store/entity.h) for actor: api_may_write, asked
 * inside every insert and update for the row's body before and after and
 * for every row it refers to. Borrows actor, which must outlive its use. */
store_authz_t api_actor_authz(const api_actor_t *actor);

/* Fills resp with 401 (anonymous) or 403 naming what was refused; -1. */
int api_deny(http_response_t *resp, const api_actor_t *actor, const char *what);

/* The positive id in capture `name`, or -1 with a 404 in resp. */
long long api_id_param(http_request_t *req, http_response_t *resp, const char *name);

/* If-Match as a version; absent: 428 and -1; malformed: 400 and -2. */
long long api_if_match_required(http_request_t *req, http_response_t *resp);

/* Replies with row (stolen), its ETag, and Location when status is 201. */
void api_entity_reply(http_response_t *resp, int status, const entity_def_t *e, json_t *row);

#endif
