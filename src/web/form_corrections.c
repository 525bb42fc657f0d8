/*
 * form_corrections.c: GET/POST /record/corrections/new?entity=E&id=N: the
 * form of a correction or withdrawal of a phase decision (HMCI) or of a
 * closure (an inspector), the same store function and permissions as POST
 * /api/v1/corrections (store/corrections.h). Nothing is edited: the
 * correction is appended, and pages and the Atom feed show it next to the
 * original. Every problem is shown at once, each by its field.
 */
#include "web/form.h"
#include "web/forms.h"
#include "core/roles.h"
#include "store/corrections.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *entity;
    long long id;
    char body[64];
} target_t;

/* The entity and id (query on the GET, fields on the POST), the body, the
 * permission: 0, or -1 with an error page in resp. */
static int target_load(http_request_t *req, http_response_t *resp, const web_caller_t *c, const char *entity,
                       const char *ids, target_t *t)
{
    app_t *app = req->app;
    char *end = NULL;
    t->entity = entity && store_correction_table(entity) ? entity : NULL;
    t->id = ids && *ids ? strtoll(ids, &end, 10) : 0;
    if (!t->entity || !ids || !*ids || *end || t->id <= 0) {
        web_error(req, resp, 404, "Page not found", "There is no such decision or closure to correct.", &c->actor);
        return -1;
    }
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_correction_body(s, t->entity, t->id, t->body, &err);
    store_pool_release(app->pool, s);
    if (rc) {
        web_error_store(req, resp, &err, &c->actor);
        return -1;
    }
    int decision = strcmp(t->entity, "decisions") == 0;
    if (!app_allowed(&c->actor, decision ? PERM_DECIDE : PERM_CLOSE, t->body)) {
        form_deny(req, resp, c, decision ? "correct a phase decision (HMCI only)" : "correct a closure (inspectors only)");
        return -1;
    }
    return 0;
}

/* Where the item is seen. */
static void item_href(const target_t *t, char *out, size_t n)
{
    if (strcmp(t->entity, "decisions") == 0) snprintf(out, n, "/bodies/%s#decisions", t->body);
    else snprintf(out, n, "/%s/%lld", t->entity, t->id);
}

static void page(http_request_t *req, http_response_t *resp, int status, const web_caller_t *c, const target_t *t,
                 const http_form_t *form, json_t *errors)
{
    char today[DATE_TEXT_MAX], cancel[160], idtext[32], heading[120];
    form_today(req, today);
    item_href(t, cancel, sizeof cancel);
    int decision = strcmp(t->entity, "decisions") == 0;
    snprintf(heading, sizeof heading, "Correct or withdraw this %s", decision ? "phase decision" : "closure");
    json_t *ctx = form_ctx_new(c, t->body, heading, "/record/corrections", "Record the correction");
    json_object_set_new(ctx, "intro", json_string("The original is never edited: the correction is recorded with who, "
                                                  "when and why, and shown next to it on the pages and in the feed."));
    snprintf(idtext, sizeof idtext, "%lld", t->id);
    form_hidden(ctx, "entity", t->entity);
    form_hidden(ctx, "id", idtext);
    json_t *fields = json_array(), *f;
    f = form_field_new("kind", "Correction or withdrawal", "select", 1, NULL);
    form_field_option(f, "", "Choose one");
    form_field_option(f, "correction", "A correction: the record should have said something else");
    form_field_option(f, "withdrawal", decision ? "A withdrawal: the decision should not have been recorded"
                                                : "A withdrawal: the item should not have been closed");
    form_field_value(f, form ? http_form_get(form, "kind") : NULL);
    json_array_append_new(fields, f);
    f = form_field_new("text", "What the record should say", "textarea", 0, "For a correction only");
    form_field_value(f, form ? http_form_get(form, "text") : NULL);
    json_array_append_new(fields, f);
    f = form_field_new("reason", "Why", "textarea", 1, "Why the original is corrected or withdrawn");
    form_field_value(f, form ? http_form_get(form, "reason") : NULL);
    json_array_append_new(fields, f);
    f = form_field_new("corrected_on", "Corrected on", "day", 1, "For example, 23 1 2025");
    form_field_value(f, form ? http_form_get(form, "corrected_on") : today);
    json_array_append_new(fields, f);
    form_view_t v = {.status = status, .title = heading, .caller = c, .ctx = ctx, .fields = fields,
                     .errors = errors, .cancel = cancel};
    form_finish(req, resp, &v);
}

int web_correction_form(http_request_t *req, http_response_t *resp)
{
    web_caller_t c;
    target_t t;
    form_caller(req, &c);
    if (form_need_login(req, resp, &c) != 0) return 0;
    if (target_load(req, resp, &c, http_request_query(req, "entity"), http_request_query(req, "id"), &t) != 0) return 0;
    page(req, resp, 200, &c, &t, NULL, NULL);
    return 0;
}

static const char *text_of(const http_form_t *f, const char *name)
{
    const char *s = http_form_get(f, name);
    return s && *s ? s : NULL;
}

int web_correction(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    web_caller_t c;
    http_form_t form;
    target_t t;
    if (form_post_begin(req, resp, &c, &form) != 0) return 0;
    if (target_load(req, resp, &c, http_form_get(&form, "entity"), http_form_get(&form, "id"), &t) != 0) {
        http_form_free(&form);
        return 0;
    }
    correction_input_t in = {.entity = t.entity, .id = t.id, .kind = text_of(&form, "kind"),
                             .text = text_of(&form, "text"), .reason = text_of(&form, "reason"),
                             .corrected_on = text_of(&form, "corrected_on"), .by = c.actor.username};
    json_t *errors = json_object();
    ov_error_t err = {0};
    long long id = 0;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_correction_add(s, &in, errors, &id, &err);
    store_pool_release(app->pool, s);
    if (rc == 0) {
        char href[160];
        item_href(&t, href, sizeof href);
        json_t *ctx = json_pack("{s:s, s:s, s:s, s:b}", "message", "The correction is recorded", "href", href, "link",
                                "See it next to the original", "more", 1);
        web_render(req, resp, 200, "done", "The correction is recorded", &c.actor, ctx);
    } else if (rc == OV_EINVALID || rc == OV_ECONFLICT) {
        if (!json_object_size(errors)) json_object_set_new(errors, err.field[0] ? err.field : "kind", json_string(err.message));
        page(req, resp, rc == OV_ECONFLICT ? 409 : 422, &c, &t, &form, errors);
    } else {
        web_error_store(req, resp, &err, &c.actor);
    }
    json_decref(errors);
    http_form_free(&form);
    return 0;
}
