/*
 * letters.h: the actions on letters that the JSON API (src/api/letters.c)
 * and the forms on /letters (src/web/form_letters.c) share.
 */
#ifndef OV_APP_LETTERS_H
#define OV_APP_LETTERS_H
#include <jansson.h>
#include "app/actor.h"
#include "store/store.h"
#include "core/error.h"

/* The draft step of POST /api/v1/letters, shared with the web form
 * (POST /record/letters): validates `in` (the members of a letter's input;
 * borrowed, gets the body's defaults and created_by), checks its facts can
 * be gathered and inserts it as a draft by actor (borrowed), in one
 * transaction. 0 with *id, or an error (OV_EINVALID with err->field;
 * OV_EFORBIDDEN when the store's authoriser, app_actor_authz, refuses).
 * The caller checks who may (PERM_RECORD on the body) first. */
int app_letter_draft(store_t *s, json_t *in, const app_actor_t *actor, long long *id, ov_error_t *err);

/* The model of letter id (letter_view) when actor may read it: a public
 * letter (core/publication.h, as of today) for anyone, one not yet
 * published for those who may draft the body's letters (PERM_RECORD), as
 * GET /api/v1/letters/{id}; with its block edits' history (history)
 * for those only. 0 with *model (caller decrefs); OV_ENOTFOUND,
 * OV_EFORBIDDEN or a store error. */
int app_letter_readable(store_t *s, const app_actor_t *actor, long long id, const char *today, json_t **model,
                        ov_error_t *err);

/* Edits block `block` (its position in the letter's blocks, 0 the title)
 * of draft letter id, at version expected_version (required), to text
 * (a bullet list: one item a line), with an optional reason: the edit is
 * kept with the text the block had (letter_edits) and the letter's
 * version bumped, by actor, in one transaction; whoever edits a draft
 * counts as its drafter for the four-eyes rule (core/approval.h).
 * OV_EINVALID (field text or block), OV_ECONFLICT (field status: approved
 * or published), OV_ESTALE, OV_ENOTFOUND. The caller checks PERM_RECORD. */
int app_letter_edit(store_t *s, long long id, long long expected_version, long long block, const char *text,
                    const char *reason, const app_actor_t *actor, ov_error_t *err);

#endif
