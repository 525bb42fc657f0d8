/*
 * audit_view.c: the change history section of the cause, recommendation
 * and /record/{entity}/{id} pages, built from store_audit_list. Values are
 * plain strings in the model, so the template escapes them like any other.
 */
#include "web/audit_view.h"
#include "web/page.h"
#include "store/audit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *action_text(const char *action)
{
    static const char *const names[][2] = {
        {"insert", "Recorded"}, {"update", "Changed"}, {"status", "Status changed"}, {"close", "Closed"},
        {"deadline_revision", "Deadline revised"}, {"approved", "Approved"}, {"published", "Published"},
        {"phase_change", "Phase changed"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i][0], action) == 0) return names[i][1];
    return action;
}

/* A member's value as page text (new string reference): strings as they
 * are, cut at AUDIT_VIEW_VALUE_MAX bytes on a character boundary; numbers
 * and booleans as JSON; null or missing as "". */
static json_t *value_text(const json_t *v)
{
    if (!v || json_is_null(v)) return json_string("");
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t n = json_string_length(v);
        if (n <= AUDIT_VIEW_VALUE_MAX) return json_stringn(s, n);
        size_t cut = AUDIT_VIEW_VALUE_MAX;
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;   /* not inside a UTF-8 sequence */
        char *t = malloc(cut + 4);
        if (!t) return json_string("");
        memcpy(t, s, cut);
        memcpy(t + cut, "\xE2\x80\xA6", 4);   /* "..." as one character */
        json_t *r = json_string(t);
        free(t);
        return r ? r : json_string("");
    }
    char *d = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    json_t *r = json_string(d ? d : "");
    free(d);
    return r;
}

/* Bookkeeping columns every change touches: not worth a line each. */
static int is_noise(const char *field)
{
    return strcmp(field, "version") == 0 || strcmp(field, "id") == 0 || strcmp(field, "updated_at") == 0;
}

/* The fields that differ between before and after (either may be NULL),
 * in the order of after (then those only in before). */
static json_t *changes_of(const json_t *before, const json_t *after)
{
    json_t *out = json_array();
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)after, key, v) {
        json_t *b = before ? json_object_get(before, key) : NULL;
        if (is_noise(key) || (b && json_equal(b, v)) || (!before && json_is_null(v))) continue;
        json_array_append_new(out, json_pack("{s:s, s:o, s:o}", "field", key, "before", value_text(b), "after",
                                             value_text(v)));
    }
    json_object_foreach((json_t *)before, key, v) {
        if (is_noise(key) || (after && json_object_get(after, key))) continue;
        json_array_append_new(out, json_pack("{s:s, s:o, s:o}", "field", key, "before", value_text(v), "after",
                                             json_string("")));
    }
    if (json_array_size(out) == 0)   /* e.g. only the version moved: still a line for the entry */
        json_array_append_new(out, json_pack("{s:s, s:s, s:s}", "field", "", "before", "", "after", ""));
    return out;
}

void web_audit_history(http_request_t *req, const app_actor_t *actor, const char *entity, long long id, json_t *ctx)
{
    if (!ctx || id <= 0 || !web_is_staff(actor)) return;
    app_t *app = req->app;
    json_t *rows = NULL;
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_audit_list(s, entity, id, 0, &rows, &err);
    store_pool_release(app->pool, s);
    if (rc) return;
    json_t *entries = json_array();
    size_t n = json_array_size(rows);
    size_t first = n > AUDIT_VIEW_MAX_ENTRIES ? n - AUDIT_VIEW_MAX_ENTRIES : 0;
    for (size_t i = first; i < n; i++) {
        json_t *r = json_array_get(rows, i);
        const char *action = web_str(r, "action");
        json_array_append_new(entries,
                              json_pack("{s:I, s:s, s:s, s:s, s:o}", "entry", json_integer_value(json_object_get(r, "id")),
                                        "at", web_str(r, "at") ? web_str(r, "at") : "", "actor",
                                        web_str(r, "actor") ? web_str(r, "actor") : "", "action",
                                        action_text(action ? action : ""),
                                        "changes", changes_of(json_object_get(r, "before"), json_object_get(r, "after"))));
    }
    json_decref(rows);
    json_t *model = json_pack("{s:o, s:b}", "entries", entries, "cut", first > 0);
    if (model) json_object_set_new(ctx, "audit_history", model);
}
