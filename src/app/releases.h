/*
 * releases.h: the actions on news releases (docs/release.h) that the JSON
 * API (src/api/releases.c) and the release pages (src/web/page_releases.c)
 * share: draft one from the record, edit a block, add a quote, read one.
 * Approving and publishing are release_approve and release_publish.
 *
 * Who may: those who record for the body (PERM_RECORD) draft, edit and add
 * quotes; inspectors and HMCI (PERM_CLOSE) approve and publish (not a
 * release they drafted or edited: four eyes); everyone reads a published
 * one. The callers check the permission; these do the rest in one
 * transaction each.
 */
#ifndef OV_APP_RELEASES_H
#define OV_APP_RELEASES_H
#include <jansson.h>
#include "app/actor.h"
#include "store/store.h"
#include "core/error.h"

/* Drafts a release from `in` ({body, letter_id, decision_id, published_on};
 * borrowed, gets created_by) by actor: checked as the entity's fields, the
 * letter (if any) of the same body, and a decision to announce (the
 * letter's, else the given one, else the body's latest). 0 with *id, or
 * OV_EINVALID with err->field, OV_EFORBIDDEN (the store's authoriser). */
int app_release_draft(store_t *s, json_t *in, const app_actor_t *actor, long long *id, ov_error_t *err);

/* Edits block `block` of draft id (version expected_version, required) to
 * text, with an optional reason: the edit is kept (release_edits) and the
 * release's version bumped, by actor, in one transaction. OV_EINVALID
 * (field block or text), OV_ECONFLICT (not a draft), OV_ESTALE,
 * OV_ENOTFOUND. */
int app_release_edit(store_t *s, long long id, long long expected_version, const char *block, const char *text,
                     const char *reason, const app_actor_t *actor, ov_error_t *err);

/* Adds a quote ({speaker, speaker_title, text, source, position}, borrowed)
 * to draft id as app_release_edit does. */
int app_release_quote_add(store_t *s, long long id, long long expected_version, json_t *quote,
                          const app_actor_t *actor, ov_error_t *err);

/* The model of release id (release_view) if actor may read it: a public
 * release (the letter's publication rule, as of today) for anyone, one not
 * yet published for those who record for its body, who also get its
 * history (else it is removed). OV_ENOTFOUND, OV_EFORBIDDEN. */
int app_release_readable(store_t *s, const app_actor_t *actor, long long id, const char *today, json_t **model,
                         ov_error_t *err);

#endif
