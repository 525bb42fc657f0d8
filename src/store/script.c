/*
 * script.c: the JSON record loader (see script.h).
 */
#include "store/script.h"
#include "store/record.h"
#include "store/themes.h"
#include "store/entity.h"
#include <stdio.h>
#include <string.h>

static int step_error(ov_error_t *err, size_t n, const char *entity, const char *as)
{
    char prefix[160];
    snprintf(prefix, sizeof prefix, "step %zu (%s%s%s)", n, entity ? entity : "?", as ? " " : "", as ? as : "");
    ov_error_prefix(err, "%s", prefix);
    err->line = (int)n;
    return err->status;
}

/* Replaces "@label" values of reference fields by the labelled ids. */
static int resolve(const entity_def_t *e, json_t *fields, json_t *labels, ov_error_t *err)
{
    const char *key;
    json_t *v;
    json_object_foreach(fields, key, v) {
        const char *s = json_string_value(v);
        const field_def_t *f = entity_field(e, key);
        if (!s || s[0] != '@' || !f || (f->kind != FK_REF && f->kind != FK_INT)) continue;
        json_t *id = json_object_get(labels, s + 1);
        if (!id) return ov_error_set(err, OV_EINVALID, key, "no earlier step is labelled '%s'", s + 1);
        json_object_set(fields, key, id);
    }
    return 0;
}

static int record_status(store_t *s, const entity_def_t *e, long long id, json_t *fields, ov_error_t *err)
{
    if (!(e->flags & E_HISTORY)) return 0;
    const char *status = json_string_value(json_object_get(fields, "status"));
    if (!status || strcmp(status, "open") == 0) return 0;
    const char *on = json_string_value(json_object_get(fields, "closed_on"));
    if (!on) on = json_string_value(json_object_get(fields, "implemented_on"));
    if (!on) on = json_string_value(json_object_get(fields, "issued_on"));
    return store_status_change(s, e->name, id, "open", status, on,
                               json_string_value(json_object_get(fields, "closed_by")), "recorded as loaded", NULL, err);
}

int store_load_script(store_t *s, const char *text, size_t len, int *steps_loaded, ov_error_t *err)
{
    return store_load_script_labels(s, text, len, steps_loaded, NULL, err);
}

int store_load_script_labels(store_t *s, const char *text, size_t len, int *steps_loaded, json_t **labels_out,
                             ov_error_t *err)
{
    json_error_t je;
    if (labels_out) *labels_out = NULL;
    if (steps_loaded) *steps_loaded = 0;
    json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!doc) {
        ov_error_set(err, OV_EINVALID, "", "not valid JSON: %s", je.text);
        err->line = je.line;
        return OV_EINVALID;
    }
    json_t *steps = json_object_get(doc, "steps");
    if (!json_is_array(steps)) {
        json_decref(doc);
        return ov_error_set(err, OV_EINVALID, "steps", "expected an object with a \"steps\" array");
    }
    store_tx_t tx;
    int rc = store_tx_begin(s, &tx, err);
    json_t *labels = json_object();
    size_t i;
    json_t *step;
    json_array_foreach(steps, i, step) {
        if (rc) break;
        const char *name = json_string_value(json_object_get(step, "entity"));
        const char *as = json_string_value(json_object_get(step, "as"));
        json_t *fields = json_object_get(step, "fields");
        const entity_def_t *e = entity_find(name);
        if (!e) rc = ov_error_set(err, OV_EINVALID, "entity", "unknown entity '%s'", name ? name : "(none)");
        else if (!json_is_object(fields)) rc = ov_error_set(err, OV_EINVALID, "fields", "fields must be an object");
        if (rc == 0) {
            json_t *copy = json_deep_copy(fields);
            long long id = 0;
            rc = resolve(e, copy, labels, err);
            if (rc == 0) rc = entity_validate(e, copy, 1, 1, err);
            if (rc == 0) rc = store_entity_insert(s, e, copy, &store_authz_system, &id, err);
            if (rc == 0) rc = record_status(s, e, id, copy, err);
            /* "themes": [code, ...] beside "fields", for a cause or a
             * recommendation (sql/017), set as store_item_set_themes does */
            json_t *themes = json_object_get(step, "themes");
            if (rc == 0 && themes) {
                if (!store_themes_join(e->table, NULL))
                    rc = ov_error_set(err, OV_EINVALID, "themes", "only causes of concern and recommendations carry "
                                                                  "themes");
                else rc = store_item_set_themes(s, e->table, id, -1, themes, err);
            }
            if (rc == 0 && as) json_object_set_new(labels, as, json_integer(id));
            json_decref(copy);
        }
        if (rc) step_error(err, i + 1, name, as);
        else if (steps_loaded) (*steps_loaded)++;
    }
    json_decref(doc);
    rc = store_tx_end(s, &tx, rc, err);
    if (rc && steps_loaded) *steps_loaded = 0;
    if (rc == 0 && labels_out) *labels_out = labels;
    else json_decref(labels);
    return rc;
}
