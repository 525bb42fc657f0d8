/*
 * audit_view.c: the change history section of the cause, recommendation
 * and /record/{entity}/{id} pages, built from store_audit_list. Values are
 * plain strings in the model, so the template escapes them like any other.
 */
#include "web/audit_view.h"
#include "web/page.h"
#include "web/form.h"
#include "web/format.h"
#include "core/date.h"
#include "store/audit.h"
#include "store/bodies.h"
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

/* A field as a person reads it: "closed_on" -> "Closed on", "body_id" ->
 * "Body", "closing_revisit_id" -> "Closing revisit" (the row it names). */
static void field_label(const char *field, char *out, size_t n)
{
    char name[96];
    size_t k = strlen(field);
    snprintf(name, sizeof name, "%.*s", (int)(k > 3 && strcmp(field + k - 3, "_id") == 0 ? k - 3 : k), field);
    form_label(name, out, n);
}

/* A field that holds a body's id (its name is shown instead). */
static int is_body_ref(const char *field)
{
    return strcmp(field, "body_id") == 0 || strcmp(field, "other_body_id") == 0 || strcmp(field, "successor_id") == 0;
}

/* A field whose values are words of a list ("in_progress" -> "In progress"). */
static int is_enum(const char *field)
{
    static const char *const E[] = {"status", "outcome", "acceptance", "kind", "grade", "rag", "to_phase",
                                    "from_phase", "phase", "change", "post", NULL};
    for (const char *const *e = E; *e; e++)
        if (strcmp(*e, field) == 0) return 1;
    return 0;
}

/* "2026-12-05T07:00:00Z" -> "5 December 2026, 07:00 UTC"; a date at any
 * precision in words (web_format_date); other text as it is. */
static void time_text(const char *iso, char *out, size_t n)
{
    char d[WEB_DATE_TEXT_MAX];
    size_t k = iso ? strlen(iso) : 0;
    if (k >= 16 && iso[10] == 'T') {
        char day[11];
        memcpy(day, iso, 10);
        day[10] = '\0';
        snprintf(out, n, "%s, %.5s%s", web_format_date(day, d), iso + 11, iso[k - 1] == 'Z' ? " UTC" : "");
    } else {
        snprintf(out, n, "%s", web_format_date(iso, d));
    }
}

/* The value of field as page text (new string reference): a body's id as
 * its name, dates and times in words, list values in words, true/false as
 * Yes/No; everything else as value_text gives it. */
static json_t *field_text(store_t *s, const char *field, const json_t *v)
{
    char out[200];
    odate_t d;
    if (is_body_ref(field) && json_is_integer(v) && s) {
        json_t *b = NULL;
        ov_error_t err = {0};
        json_t *r = NULL;
        if (store_body_name_by_id(s, (long long)json_integer_value(v), &b, &err) == 0 && web_str(b, "name"))
            r = json_string(web_str(b, "name"));
        json_decref(b);
        if (r) return r;
    }
    if (json_is_boolean(v)) return json_string(json_is_true(v) ? "Yes" : "No");
    if (json_is_string(v)) {
        const char *t = json_string_value(v);
        char day[11] = "";
        if (strlen(t) >= 16 && t[10] == 'T') {
            memcpy(day, t, 10);
            day[10] = '\0';
        }
        if (day[0] && date_parse(day, &d) == 0) {   /* a time the trail or a row recorded */
            time_text(t, out, sizeof out);
            return json_string(out);
        }
        if (date_parse(t, &d) == 0) {
            char w[WEB_DATE_TEXT_MAX];
            return json_string(web_format_date(t, w));
        }
        if (is_enum(field) && strlen(t) < sizeof out) return json_string(web_format_enum(t, out, sizeof out));
    }
    return value_text(v);
}

/* Bookkeeping columns every change touches: not worth a line each. */
static int is_noise(const char *field)
{
    return strcmp(field, "version") == 0 || strcmp(field, "id") == 0 || strcmp(field, "updated_at") == 0;
}

/* The fields that differ between before and after (either may be NULL),
 * in the order of after (then those only in before). */
static json_t *changes_of(store_t *s, const json_t *before, const json_t *after)
{
    json_t *out = json_array();
    const char *key;
    json_t *v;
    char label[96];
    json_object_foreach((json_t *)after, key, v) {
        json_t *b = before ? json_object_get(before, key) : NULL;
        if (is_noise(key) || (b && json_equal(b, v)) || (!before && json_is_null(v))) continue;
        field_label(key, label, sizeof label);
        json_array_append_new(out, json_pack("{s:s, s:o, s:o}", "field", label, "before", field_text(s, key, b),
                                             "after", field_text(s, key, v)));
    }
    json_object_foreach((json_t *)before, key, v) {
        if (is_noise(key) || (after && json_object_get(after, key))) continue;
        field_label(key, label, sizeof label);
        json_array_append_new(out, json_pack("{s:s, s:o, s:o}", "field", label, "before", field_text(s, key, v),
                                             "after", json_string("")));
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
    if (rc) {
        store_pool_release(app->pool, s);
        return;
    }
    json_t *entries = json_array();
    size_t n = json_array_size(rows);
    size_t first = n > AUDIT_VIEW_MAX_ENTRIES ? n - AUDIT_VIEW_MAX_ENTRIES : 0;
    for (size_t i = first; i < n; i++) {
        json_t *r = json_array_get(rows, i);
        const char *action = web_str(r, "action");
        char at[80];
        time_text(web_str(r, "at") ? web_str(r, "at") : "", at, sizeof at);
        json_array_append_new(entries,
                              json_pack("{s:I, s:s, s:s, s:s, s:s, s:o}", "entry",
                                        json_integer_value(json_object_get(r, "id")), "at",
                                        web_str(r, "at") ? web_str(r, "at") : "", "at_text", at, "actor",
                                        web_str(r, "actor") ? web_str(r, "actor") : "", "action",
                                        action_text(action ? action : ""),
                                        "changes", changes_of(s, json_object_get(r, "before"), json_object_get(r, "after"))));
    }
    store_pool_release(app->pool, s);
    json_decref(rows);
    json_t *model = json_pack("{s:o, s:b}", "entries", entries, "cut", first > 0);
    if (model) json_object_set_new(ctx, "audit_history", model);
}
