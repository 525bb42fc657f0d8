/*
 * drafts.c: changing a draft letter or news release by a part kept as its
 * history (drafts.h).
 */
#include "app/drafts.h"
#include "store/entity.h"
#include "core/jget.h"
#include <string.h>

int app_draft_part_add(store_t *s, const char *entity, const char *noun, long long id, long long expected_version,
                       const char *part, json_t *in, const app_actor_t *actor, ov_error_t *err)
{
    const entity_def_t *pe = entity_find(part), *de = entity_find(entity);
    if (!pe || !de) return ov_error_set(err, OV_EINTERNAL, "", "entity %s or %s is not defined", entity, part);
    int rc = entity_validate(pe, in, 1, 1, err);
    if (rc) return rc;
    json_t *row = NULL, *nothing = json_object();   /* owned */
    long long part_id = 0;
    store_tx_t tx;
    rc = nothing ? store_tx_begin(s, &tx, err) : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    if (rc) goto done;
    rc = store_entity_get(s, de, id, 0, &row, err);
    if (rc == OV_ENOTFOUND) rc = ov_error_set(err, OV_ENOTFOUND, "", "no %s with id %lld", noun, id);
    if (rc == 0 && strcmp(jget_text(row, "status"), "draft") != 0)
        rc = ov_error_set(err, OV_ECONFLICT, "status", "the %s is %s; only a draft can be changed", noun,
                          jget_text(row, "status"));
    if (rc == 0 && json_integer_value(json_object_get(row, "version")) != expected_version)
        rc = ov_error_set(err, OV_ESTALE, "If-Match", "the %s changed since version %lld (now version %lld); reload it",
                          noun, expected_version, (long long)json_integer_value(json_object_get(row, "version")));
    store_authz_t authz = app_actor_authz(actor);
    if (rc == 0) rc = store_entity_insert(s, pe, in, &authz, &part_id, err);
    if (rc == 0) rc = store_entity_update(s, de, id, expected_version, nothing, &authz, err);
    rc = store_tx_end(s, &tx, rc, err);
done:
    json_decref(row);
    json_decref(nothing);
    return rc;
}
