/*
 * lifecycle.h: the actions of a recommendation's lifecycle beyond closing
 * (issue #15 item 4) and of themes, shared by the JSON API
 * (src/api/lifecycle.c), the forms (src/web/form_lifecycle.c) and the CLI:
 * one function per action, each deciding who may and calling the store's
 * rule-checked action (store/record.h, store/themes.h) in one transaction.
 */
#ifndef OV_APP_LIFECYCLE_H
#define OV_APP_LIFECYCLE_H
#include <jansson.h>
#include "app/actor.h"
#include "store/store.h"
#include "core/record.h"
#include "core/error.h"

/* Supersedes recommendation id (of body `body`, its code) by
 * in->successor_id, or withdraws it (in->kind "superseded" or
 * "withdrawn"; on, reason required), as actor (an inspector: PERM_CLOSE,
 * else OV_EFORBIDDEN). expected_version: the version read (-1 unchecked).
 * errors (may be NULL): every field's problem ({field: message}). */
int app_rec_supersede(store_t *s, const app_actor_t *actor, const char *body, long long id, long long expected_version,
                      const char *on, const char *reason, long long successor_id, json_t *errors, ov_error_t *err);
int app_rec_withdraw(store_t *s, const app_actor_t *actor, const char *body, long long id, long long expected_version,
                     const char *on, const char *reason, json_t *errors, ov_error_t *err);

/* The same for a cause of concern (sql/024): its successor a cause of
 * concern of the same body. */
int app_cause_supersede(store_t *s, const app_actor_t *actor, const char *body, long long id,
                        long long expected_version, const char *on, const char *reason, long long successor_id,
                        json_t *errors, ov_error_t *err);
int app_cause_withdraw(store_t *s, const app_actor_t *actor, const char *body, long long id,
                       long long expected_version, const char *on, const char *reason, json_t *errors,
                       ov_error_t *err);

/* Sets the themes (codes, a JSON array of strings) of item id of table
 * "recommendations" or "causes_of_concern" (of body `body`) as actor, who
 * must be able to write it (app_may_write: PERM_RECORD). */
int app_item_set_themes(store_t *s, const app_actor_t *actor, const char *body, const char *table, long long id,
                        long long expected_version, const json_t *codes, ov_error_t *err);

/* Adds a theme to the controlled list as actor (PERM_ADMIN). *id may be NULL. */
/* Adds the monitoring framework of file tree root (docs/frameworks.md) as
 * actor (an admin, else OV_EFORBIDDEN): store_framework_load's checks, one
 * transaction, one audit entry. code_out (PHASE_CODE_MAX bytes, may be
 * NULL) gets its code; OV_EINVALID with err->field the bad field's path. */
int app_framework_load(store_t *s, const app_actor_t *actor, const json_t *root, char *code_out, ov_error_t *err);

int app_theme_add(store_t *s, const app_actor_t *actor, const char *code, const char *name, const char *description,
                  long long *id, ov_error_t *err);

/* The theme and priority filters of a list (?theme=CODE, ?priority=1|0|
 * true|false), as every list reads them: theme ("" or NULL: none) must
 * name a theme of the list, priority one of those words. 0 with *theme_out
 * (theme or NULL) and *priority_out (1: only priority items); OV_EINVALID
 * naming "theme" or "priority"; or a store error. */
int app_filter_theme_priority(store_t *s, const char *theme, const char *priority, const char **theme_out,
                              int *priority_out, ov_error_t *err);

#endif
