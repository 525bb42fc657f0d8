/*
 * letters.c: the letter actions shared by the API and the forms
 * (letters.h): drafting a letter from the record (src/docs/letter.h).
 */
#include "app/letters.h"
#include "app/drafts.h"
#include "docs/letter.h"
#include "store/entity.h"
#include "store/letters.h"
#include "core/publication.h"
#include "core/roles.h"
#include "core/jget.h"
#include <stdlib.h>
#include <string.h>

static const entity_def_t *letters_entity(void)
{
    return entity_find("letters");
}

int app_letter_draft(store_t *s, json_t *in, const app_actor_t *actor, long long *id, ov_error_t *err)
{
    int rc = entity_validate(letters_entity(), in, 1, 0, err);
    if (rc) return rc;
    json_t *facts = NULL;
    rc = store_begin(s, err);
    if (rc) return rc;
    rc = letter_defaults(s, in, err);
    if (rc == OV_ENOTFOUND) rc = ov_error_set(err, OV_EINVALID, "body", "%s", err->message);
    /* a meeting given (not the default) must be one that discussed the body */
    long long meeting = json_integer_value(json_object_get(in, "ppog_meeting_id"));
    if (rc == 0 && meeting > 0) rc = store_letter_meeting_check(s, jget_str(in, "body"), meeting, err);
    /* the facts must be gatherable: the decision and meeting belong to the body */
    if (rc == 0) rc = letter_facts(s, in, &facts, err);
    /* who drafted it goes into the insert itself, so its audit entry has it */
    if (rc == 0) json_object_set_new(in, "created_by", json_string(actor->username));
    store_authz_t authz = app_actor_authz(actor);
    if (rc == 0) rc = store_entity_insert(s, letters_entity(), in, &authz, id, err);
    if (rc == 0) rc = store_commit(s, err);
    else store_rollback(s);
    json_decref(facts);
    return rc;
}

int app_letter_readable(store_t *s, const app_actor_t *actor, long long id, const char *today, json_t **model,
                        ov_error_t *err)
{
    json_t *row = NULL;
    int rc = store_letter_head(s, id, &row, err);
    if (rc == OV_ENOTFOUND) return ov_error_set(err, OV_ENOTFOUND, "", "no letter with id %lld", id);
    if (rc) return rc;
    int is_public = publication_letter_is_public(jget_str(row, "status"), jget_str(row, "published_on"), today);
    int staff = app_allowed(actor, PERM_RECORD, jget_str(row, "body"));
    if (!is_public && !staff) rc = ov_error_set(err, OV_EFORBIDDEN, "", "this letter is not published");
    json_decref(row);
    if (rc == 0) rc = letter_view(s, id, model, err);
    /* the draft's history (who edited what) is the inspectorate's */
    if (rc == 0 && !staff) json_object_del(*model, "history");
    return rc;
}

int app_letter_edit(store_t *s, long long id, long long expected_version, long long block, const char *text,
                    const char *reason, const app_actor_t *actor, ov_error_t *err)
{
    int rc = letter_block_check(text, err);
    if (rc) return rc;
    json_t *model = NULL, *in = NULL;   /* owned */
    char *old = NULL;
    store_tx_t tx;
    rc = store_tx_begin(s, &tx, err);
    if (rc) return rc;
    /* the block as it reads now (the record's words, or its latest edit):
     * the history keeps it beside the new text */
    rc = letter_view(s, id, &model, err);
    if (rc == OV_ENOTFOUND) rc = ov_error_set(err, OV_ENOTFOUND, "", "no letter with id %lld", id);
    if (rc == 0 && strcmp(jget_text(model, "status"), "draft") != 0)
        rc = ov_error_set(err, OV_ECONFLICT, "status", "the letter is %s; only a draft can be changed",
                          jget_text(model, "status"));
    json_t *b = rc == 0 && block >= 0 ? json_array_get(json_object_get(model, "blocks"), (size_t)block) : NULL;
    if (rc == 0 && !b)
        rc = ov_error_set(err, OV_EINVALID, "block", "the letter has no block %lld: its blocks are numbered 0 to %zu",
                          block, json_array_size(json_object_get(model, "blocks")) - 1);
    if (rc == 0 && !(old = letter_block_text(b))) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    if (rc == 0 && !(in = json_pack("{s:I, s:I, s:s, s:s, s:s}", "letter_id", (json_int_t)id, "block",
                                    (json_int_t)block, "old_text", old, "text", text, "edited_by", actor->username)))
        rc = ov_error_set(err, OV_EINVALID, "text", "the text is not valid UTF-8");
    if (rc == 0 && reason && *reason) json_object_set_new(in, "reason", json_string(reason));
    if (rc == 0) rc = app_draft_part_add(s, "letters", "letter", id, expected_version, "letter-edits", in, actor, err);
    rc = store_tx_end(s, &tx, rc, err);
    free(old);
    json_decref(in);
    json_decref(model);
    return rc;
}
