/*
 * lifecycle.c: superseding and withdrawing a recommendation, an item's
 * themes, the list of themes (lifecycle.h). Who may is decided here; the
 * rules are core/record.h's, the SQL the store's.
 */
#include "app/lifecycle.h"
#include "core/roles.h"
#include "store/entity.h"
#include "store/record.h"
#include "store/themes.h"
#include "store/frameworks.h"
#include <string.h>

static int rec_end(store_t *s, const app_actor_t *actor, const char *body, long long id, long long expected,
                   const char *kind, const char *on, const char *reason, long long successor_id, json_t *errors,
                   ov_error_t *err)
{
    record_actor_t ra = record_actor_from_role(actor->role, actor->body, body);
    rec_end_input_t in = {
        .end = {.kind = kind, .on = on, .reason = reason, .successor_id = successor_id},
        .by = actor->username, .errors = errors,
    };
    return store_rec_end(s, id, expected, &in, &ra, err);
}

int app_rec_supersede(store_t *s, const app_actor_t *actor, const char *body, long long id, long long expected_version,
                      const char *on, const char *reason, long long successor_id, json_t *errors, ov_error_t *err)
{
    return rec_end(s, actor, body, id, expected_version, "superseded", on, reason, successor_id, errors, err);
}

int app_rec_withdraw(store_t *s, const app_actor_t *actor, const char *body, long long id, long long expected_version,
                     const char *on, const char *reason, json_t *errors, ov_error_t *err)
{
    return rec_end(s, actor, body, id, expected_version, "withdrawn", on, reason, 0, errors, err);
}

static int cause_end(store_t *s, const app_actor_t *actor, const char *body, long long id, long long expected,
                     const char *kind, const char *on, const char *reason, long long successor_id, json_t *errors,
                     ov_error_t *err)
{
    record_actor_t ra = record_actor_from_role(actor->role, actor->body, body);
    rec_end_input_t in = {
        .end = {.kind = kind, .on = on, .reason = reason, .successor_id = successor_id},
        .by = actor->username, .errors = errors,
    };
    return store_cause_end(s, id, expected, &in, &ra, err);
}

int app_cause_supersede(store_t *s, const app_actor_t *actor, const char *body, long long id,
                        long long expected_version, const char *on, const char *reason, long long successor_id,
                        json_t *errors, ov_error_t *err)
{
    return cause_end(s, actor, body, id, expected_version, "superseded", on, reason, successor_id, errors, err);
}

int app_cause_withdraw(store_t *s, const app_actor_t *actor, const char *body, long long id,
                       long long expected_version, const char *on, const char *reason, json_t *errors,
                       ov_error_t *err)
{
    return cause_end(s, actor, body, id, expected_version, "withdrawn", on, reason, 0, errors, err);
}

int app_item_set_themes(store_t *s, const app_actor_t *actor, const char *body, const char *table, long long id,
                        long long expected_version, const json_t *codes, ov_error_t *err)
{
    const entity_def_t *e = entity_find(strcmp(table, "recommendations") == 0 ? "recommendations" : "causes-of-concern");
    if (!e || !store_themes_join(table, NULL)) return ov_error_set(err, OV_EINTERNAL, "", "no themes on %s", table);
    if (!app_may_write(actor, e, body))
        return ov_error_set(err, OV_EFORBIDDEN, "", "you may not change this %s's themes", e->label);
    return store_item_set_themes(s, table, id, expected_version, codes, err);
}

int app_framework_load(store_t *s, const app_actor_t *actor, const json_t *root, char *code_out, ov_error_t *err)
{
    if (!app_allowed(actor, PERM_ADMIN, NULL)) return ov_error_set(err, OV_EFORBIDDEN, "", "only an admin loads a framework");
    return store_framework_load(s, root, code_out, err);
}

int app_theme_add(store_t *s, const app_actor_t *actor, const char *code, const char *name, const char *description,
                  long long *id, ov_error_t *err)
{
    if (!app_allowed(actor, PERM_ADMIN, NULL)) return ov_error_set(err, OV_EFORBIDDEN, "", "only an admin adds a theme");
    return store_theme_add(s, code, name, description, id, err);
}

int app_filter_theme_priority(store_t *s, const char *theme, const char *priority, const char **theme_out,
                              int *priority_out, ov_error_t *err)
{
    *theme_out = NULL;
    *priority_out = 0;
    if (priority && *priority) {
        if (strcmp(priority, "1") == 0 || strcmp(priority, "true") == 0) *priority_out = 1;
        else if (strcmp(priority, "0") != 0 && strcmp(priority, "false") != 0)
            return ov_error_set(err, OV_EINVALID, "priority", "priority must be 1 or 0 (true or false)");
    }
    if (theme && *theme) {
        int known = store_theme_known(s, theme, err);
        if (known < 0) return known;
        if (!known)
            return ov_error_set(err, OV_EINVALID, "theme", "theme must be the code of a theme (GET /api/v1/themes)");
        *theme_out = theme;
    }
    return 0;
}
