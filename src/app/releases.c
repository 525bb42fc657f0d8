/*
 * releases.c: the news release actions shared by the API and the pages
 * (releases.h).
 */
#include "app/releases.h"
#include "app/drafts.h"
#include "docs/release.h"
#include "store/entity.h"
#include "store/letters.h"
#include "store/releases.h"
#include "core/publication.h"
#include "core/roles.h"
#include "core/jget.h"
#include <string.h>

int app_release_draft(store_t *s, json_t *in, const app_actor_t *actor, long long *id, ov_error_t *err)
{
    const entity_def_t *e = entity_find("releases");
    int rc = entity_validate(e, in, 1, 0, err);
    if (rc) return rc;
    json_t *facts = NULL, *letter = NULL;
    rc = store_begin(s, err);
    if (rc) return rc;
    /* a release goes with a letter of its own body, and announces the
     * letter's decision unless told otherwise */
    json_t *lid = json_object_get(in, "letter_id");
    if (json_is_integer(lid)) {
        rc = store_letter_get(s, json_integer_value(lid), &letter, err);
        if (rc == OV_ENOTFOUND)
            rc = ov_error_set(err, OV_EINVALID, "letter_id", "no letter %lld", (long long)json_integer_value(lid));
        if (rc == 0 && strcmp(jget_text(letter, "body"), jget_text(in, "body")) != 0)
            rc = ov_error_set(err, OV_EINVALID, "letter_id", "letter %lld is not a letter to this body",
                              (long long)json_integer_value(lid));
        if (rc == 0 && !json_object_get(in, "decision_id") && json_is_integer(json_object_get(letter, "decision_id")))
            json_object_set(in, "decision_id", json_object_get(letter, "decision_id"));
        if (rc == 0 && !json_object_get(in, "published_on") && jget_str(letter, "published_on"))
            json_object_set(in, "published_on", json_object_get(letter, "published_on"));
    }
    json_t *dv = json_object_get(in, "decision_id");
    if (rc == 0)
        rc = release_facts(s, jget_text(in, "body"), json_is_integer(dv) ? json_integer_value(dv) : 0, &facts, err);
    if (rc == OV_ENOTFOUND) rc = ov_error_set(err, OV_EINVALID, "body", "%s", err->message);
    /* the decision it announces is fixed at drafting */
    if (rc == 0 && !json_is_integer(dv))
        json_object_set(in, "decision_id", json_object_get(json_object_get(facts, "decision"), "id"));
    if (rc == 0) json_object_set_new(in, "created_by", json_string(actor->username));
    store_authz_t authz = app_actor_authz(actor);
    if (rc == 0) rc = store_entity_insert(s, e, in, &authz, id, err);
    if (rc == 0) rc = store_commit(s, err);
    else store_rollback(s);
    json_decref(facts);
    json_decref(letter);
    return rc;
}

/* A part (an edit or a quote) of draft release id (app/drafts.h). */
static int add_part(store_t *s, long long id, long long expected_version, const char *part, json_t *in,
                    const app_actor_t *actor, ov_error_t *err)
{
    return app_draft_part_add(s, "releases", "news release", id, expected_version, part, in, actor, err);
}

int app_release_edit(store_t *s, long long id, long long expected_version, const char *block, const char *text,
                     const char *reason, const app_actor_t *actor, ov_error_t *err)
{
    int rc = release_block_check(block, text, err);
    if (rc) return rc;
    json_t *in = json_pack("{s:I, s:s, s:s, s:s}", "release_id", (json_int_t)id, "block", block, "text", text,
                           "edited_by", actor->username);
    if (in && reason && *reason) json_object_set_new(in, "reason", json_string(reason));
    rc = in ? add_part(s, id, expected_version, "release-edits", in, actor, err)
            : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    json_decref(in);
    return rc;
}

int app_release_quote_add(store_t *s, long long id, long long expected_version, json_t *quote,
                          const app_actor_t *actor, ov_error_t *err)
{
    json_object_set_new(quote, "release_id", json_integer(id));
    return add_part(s, id, expected_version, "release-quotes", quote, actor, err);
}

int app_release_readable(store_t *s, const app_actor_t *actor, long long id, const char *today, json_t **model,
                         ov_error_t *err)
{
    *model = NULL;
    json_t *head = NULL;
    int rc = store_release_head(s, id, &head, err);
    if (rc) return rc;
    int is_public = publication_letter_is_public(jget_str(head, "status"), jget_str(head, "published_on"), today);
    int staff = app_allowed(actor, PERM_RECORD, jget_str(head, "body"));
    json_decref(head);
    if (!is_public && !staff) return ov_error_set(err, OV_EFORBIDDEN, "", "this news release is not published");
    rc = release_view(s, id, model, err);
    if (rc == 0 && !staff) json_object_del(*model, "history");
    return rc;
}
