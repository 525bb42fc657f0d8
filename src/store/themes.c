/*
 * themes.c: the controlled list of themes and the themes an item carries
 * (themes.h). SQL here; which table is named comes only from constants.
 */
#include "store/themes.h"
#include "store/audit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *store_themes_join(const char *table, const char **item_column)
{
    const char *join = NULL, *col = NULL;
    if (table && strcmp(table, "recommendations") == 0) join = "recommendation_themes", col = "recommendation_id";
    else if (table && strcmp(table, "causes_of_concern") == 0) join = "cause_themes", col = "cause_id";
    if (item_column) *item_column = col;
    return join;
}

int store_themes_list(store_t *s, json_t **out, ov_error_t *err)
{
    return store_query(s, out, err, "SELECT code, name, description FROM themes ORDER BY name, code", NULL);
}

static int code_ok(const char *c)
{
    size_t n = c ? strlen(c) : 0;
    if (n == 0 || n > 40) return 0;
    return strspn(c, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

int store_theme_add(store_t *s, const char *code, const char *name, const char *description, long long *id,
                    ov_error_t *err)
{
    if (!code_ok(code))
        return ov_error_set(err, OV_EINVALID, "code", "code must be 1 to 40 of a-z, 0-9 and _ (e.g. call_handling)");
    if (!name || !name[strspn(name, " \t\r\n")])
        return ov_error_set(err, OV_EINVALID, "name", "name is required: the theme in words");
    if (strlen(name) > 500) return ov_error_set(err, OV_EINVALID, "name", "name is longer than 500 characters");
    if (description && strlen(description) > 20000)
        return ov_error_set(err, OV_EINVALID, "description", "description is longer than 20000 characters");
    store_tx_t tx;
    json_t *row = NULL, *after = NULL;
    long long new_id = 0;
    int rc = store_tx_begin(s, &tx, err);
    if (rc) return rc;
    rc = store_query_one(s, &row, err, "", "SELECT id FROM themes WHERE code = ?", "s", code);
    if (rc == 0) {
        rc = ov_error_set(err, OV_ECONFLICT, "code", "there is already a theme '%s'", code);
        goto done;
    }
    if (rc != OV_ENOTFOUND) goto done;
    ov_error_clear(err);
    rc = store_exec(s, NULL, &new_id, err, "INSERT INTO themes (code, name, description) VALUES (?, ?, ?)", "sss",
                    code, name, description);
    if (rc == 0) rc = store_audit_snapshot(s, "themes", new_id, &after, err);
    if (rc == 0) rc = store_audit_append(s, "insert", "themes", new_id, 0, NULL, after, err);
    if (rc == 0 && id) *id = new_id;
done:
    json_decref(row);
    json_decref(after);
    return store_tx_end(s, &tx, rc, err);
}

int store_theme_known(store_t *s, const char *code, ov_error_t *err)
{
    json_t *row = NULL;
    int rc = store_query_one(s, &row, err, "", "SELECT id FROM themes WHERE code = ?", "s", code ? code : "");
    json_decref(row);
    if (rc == OV_ENOTFOUND) {
        ov_error_clear(err);
        return 0;
    }
    return rc ? rc : 1;
}

int store_item_themes(store_t *s, const char *table, long long id, json_t **out, ov_error_t *err)
{
    *out = NULL;
    const char *col = NULL, *join = store_themes_join(table, &col);
    if (!join) return ov_error_set(err, OV_EINTERNAL, "", "%s carries no themes", table ? table : "?");
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT t.code FROM %s j JOIN themes t ON t.id = j.theme_id WHERE j.%s = ?"
             " ORDER BY t.name, t.code", join, col);
    json_t *rows = NULL;
    int rc = store_query(s, &rows, err, sql, "i", id);
    if (rc) return rc;
    json_t *codes = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) json_array_append(codes, json_object_get(r, "code"));
    json_decref(rows);
    *out = codes;
    return 0;
}

int store_themed_ids(store_t *s, const char *table, const char *theme, int priority, json_t **out, ov_error_t *err)
{
    *out = NULL;
    const char *col = NULL, *join = store_themes_join(table, &col);
    if (!join) return ov_error_set(err, OV_EINTERNAL, "", "%s carries no themes", table ? table : "?");
    char sql[400];
    snprintf(sql, sizeof sql, "SELECT x.id FROM %s x WHERE (?1 IS NULL OR x.id IN (SELECT j.%s FROM %s j"
             " JOIN themes t ON t.id = j.theme_id WHERE t.code = ?1)) AND (?2 = 0 OR x.priority = 1)", table, col, join);
    json_t *rows = NULL;
    int rc = store_query(s, &rows, err, sql, "si", theme, (long long)(priority > 0));
    if (rc) return rc;
    json_t *ids = json_object();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        json_t *v = json_object_get(r, "id");
        char key[32];
        snprintf(key, sizeof key, "%lld",
                 json_is_integer(v) ? (long long)json_integer_value(v) : atoll(json_string_value(v) ? json_string_value(v) : "0"));
        json_object_set_new(ids, key, json_true());
    }
    json_decref(rows);
    *out = ids;
    return 0;
}
