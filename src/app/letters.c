/*
 * letters.c: the letter actions shared by the API and the forms
 * (letters.h): drafting a letter from the record (src/docs/letter.h).
 */
#include "app/letters.h"
#include "docs/letter.h"
#include "store/entity.h"
#include "store/letters.h"
#include "core/publication.h"
#include "core/roles.h"
#include "core/jget.h"

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
    if (!is_public && !app_allowed(actor, PERM_RECORD, jget_str(row, "body")))
        rc = ov_error_set(err, OV_EFORBIDDEN, "", "this letter is not published");
    json_decref(row);
    return rc ? rc : letter_view(s, id, model, err);
}
