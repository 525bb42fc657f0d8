/*
 * drafts.h: what letters and news releases share as drafts (issue #17
 * items 6 and 7): a draft is changed by adding a part (a block edit, a
 * quote) kept as its history, and only while it is a draft.
 */
#ifndef OV_APP_DRAFTS_H
#define OV_APP_DRAFTS_H
#include <jansson.h>
#include "app/actor.h"
#include "store/store.h"
#include "core/error.h"

/* Adds part `in` (fields of entity `part`, borrowed) to draft id of entity
 * `entity` ("letters", "releases"; `noun` names it in messages: "letter")
 * at expected_version, and bumps the draft's version, by actor, in one
 * transaction (the caller's when one is open): the version bump is the actor's change of the draft in the
 * audit trail, so the four-eyes rule (core/approval.h) bars them from
 * approving it. OV_EINVALID (part's fields), OV_ECONFLICT (field status:
 * not a draft), OV_ESTALE (field If-Match), OV_ENOTFOUND, OV_EFORBIDDEN
 * (the store's authoriser). */
int app_draft_part_add(store_t *s, const char *entity, const char *noun, long long id, long long expected_version,
                       const char *part, json_t *in, const app_actor_t *actor, ov_error_t *err);

#endif
