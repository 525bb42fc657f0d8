/*
 * themes.h: the controlled list of themes (sql/017) and which causes of
 * concern and recommendations carry which. The list is data: migration
 * 017 loads sensible defaults, an admin adds more (API, CLI). Setting an
 * item's themes is a rule-checked action (store/record.h,
 * store_item_set_themes).
 */
#ifndef OV_STORE_THEMES_H
#define OV_STORE_THEMES_H
#include "store/store.h"

/* Every theme, by name: a new array of {code, name, description}. */
int store_themes_list(store_t *s, json_t **out, ov_error_t *err);

/* Adds a theme (audited): code 1-40 of a-z, 0-9 and '_'; name required
 * (<= 500 characters); description may be NULL (<= 20000). OV_EINVALID
 * naming the field, OV_ECONFLICT (field "code") when the code is taken.
 * *id (may be NULL) gets its id. */
int store_theme_add(store_t *s, const char *code, const char *name, const char *description, long long *id,
                    ov_error_t *err);

/* 1 when code names a theme, 0 when not, else a store error. */
int store_theme_known(store_t *s, const char *code, ov_error_t *err);

/* The theme codes of a cause of concern (table "causes_of_concern") or a
 * recommendation ("recommendations") id, by name: a new array of strings. */
int store_item_themes(store_t *s, const char *table, long long id, json_t **out, ov_error_t *err);

/* The ids of the rows of table ("recommendations" or "causes_of_concern")
 * carrying theme (a code; NULL: any) and, with priority 1, flagged as a
 * priority: a new object whose keys are the ids as decimal text (value
 * true), for filtering lists made elsewhere (the work queue). */
int store_themed_ids(store_t *s, const char *table, const char *theme, int priority, json_t **out, ov_error_t *err);

/* The join table and its item column for an item table, or NULL when the
 * table carries no themes. Static text. */
const char *store_themes_join(const char *table, const char **item_column);

#endif
