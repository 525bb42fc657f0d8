/*
 * form_action.c: the one handler behind every action form (form_action.h):
 * loading the target, the checks in their order, the store action, and
 * the page with its fields, errors and notice. The descriptors, and what
 * differs between actions, are in form_actions.c.
 */
#include "web/form_action.h"
#include "app/actor.h"
#include "core/jget.h"
#include "core/roles.h"
#include "store/bodies.h"
#include "store/entity.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The page for a target that could not be read: 404 with missing when it
 * does not exist, else the store's error. */
static void action_load_error(http_request_t *req, http_response_t *resp, const web_caller_t *c,
                              const ov_error_t *err, const char *missing)
{
    if (err->status == OV_ENOTFOUND) web_error(req, resp, 404, "Page not found", missing, &c->actor);
    else web_error_store(req, resp, err, &c->actor);
}

/* Row id of entity, if the caller may see its body (as the API's
 * begin_action). NULL with an error page in resp otherwise. */
static json_t *action_load_row(http_request_t *req, http_response_t *resp, const web_caller_t *c,
                               const char *entity, long long id, char body[64])
{
    app_t *app = req->app;
    const entity_def_t *e = entity_find(entity);
    ov_error_t err = {0};
    json_t *row = NULL;
    body[0] = '\0';
    if (!id) {
        web_error(req, resp, 404, "Page not found", "There is no such item.", &c->actor);
        return NULL;
    }
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_entity_body(s, e, id, body, &err);
    int may = rc == 0 && app_allowed(&c->actor, PERM_READ_RECORD, body);
    if (may) rc = store_entity_get(s, e, id, 1, &row, &err);
    store_pool_release(app->pool, s);
    if (rc != 0) {
        action_load_error(req, resp, c, &err, "There is no such item.");
        return NULL;
    }
    if (!may) {
        web_error(req, resp, 403, "You cannot do this", "Your account may not see this body's monitoring record.",
                  &c->actor);
        return NULL;
    }
    return row;
}

/* The body with code (public data), or NULL with a 404 page. */
static json_t *action_load_body(http_request_t *req, http_response_t *resp, const web_caller_t *c, const char *code)
{
    app_t *app = req->app;
    json_t *b = NULL;
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_body_get(s, code, &b, &err);
    store_pool_release(app->pool, s);
    if (rc != 0) action_load_error(req, resp, c, &err, "There is no body with this code.");
    return rc == 0 ? b : NULL;
}

/* a's target from the path into t: 0, or -1 with an error page in resp. */
static int action_target_load(http_request_t *req, http_response_t *resp, const web_caller_t *c,
                              const form_action_t *a, action_target_t *t)
{
    memset(t, 0, sizeof *t);
    if (a->no_target) {
        t->row = json_pack("{s:i}", "version", 0);
    } else if (a->load) {
        app_t *app = req->app;
        ov_error_t err = {0};
        t->id = http_request_param_id(req, "id");
        int rc = OV_ENOTFOUND;
        if (t->id) {
            store_t *s = store_pool_acquire(app->pool);
            rc = a->load(s, t->id, &t->row, &err);
            store_pool_release(app->pool, s);
        } else {
            err.status = OV_ENOTFOUND;
        }
        if (rc) {
            action_load_error(req, resp, c, &err, "There is no such item.");
            json_decref(t->row);
            t->row = NULL;
        }
        snprintf(t->key, sizeof t->key, "%lld", t->id);
    } else if (!a->entity) {
        const char *code = http_request_param(req, "code");
        t->row = action_load_body(req, resp, c, code);
        snprintf(t->key, sizeof t->key, "%s", code ? code : "");
        snprintf(t->body, sizeof t->body, "%s", t->key);
    } else {
        t->id = http_request_param_id(req, "id");
        t->row = action_load_row(req, resp, c, a->entity, t->id, t->body);
        snprintf(t->key, sizeof t->key, "%lld", t->id);
    }
    json_t *link = a->link_member && t->row ? json_object_get(t->row, a->link_member) : NULL;
    if (json_is_integer(link)) snprintf(t->link, sizeof t->link, "%lld", (long long)json_integer_value(link));
    else snprintf(t->link, sizeof t->link, "%s", json_is_string(link) ? json_string_value(link) : t->key);
    return t->row ? 0 : -1;
}

/* 1 if the caller has any of a's permissions for body. */
static int action_allowed(const form_action_t *a, const web_caller_t *c, const char *body)
{
    for (size_t i = 0; i < sizeof a->may / sizeof a->may[0] && a->may[i]; i++)
        if (app_allowed(&c->actor, a->may[i], body)) return 1;
    return 0;
}

/* The version field of a posted form, or -1 with a 400 page in resp. */
static long long action_version(http_request_t *req, http_response_t *resp, const web_caller_t *c,
                                const http_form_t *form)
{
    const char *vs = http_form_get(form, "version");
    char *end = NULL;
    long long v = vs ? strtoll(vs, &end, 10) : -1;
    if (!vs || !*vs || *end || v < 0) {
        web_error(req, resp, 400, "The form could not be read",
                  "The form did not say which version of the record it changes. Reload the page and try again.",
                  &c->actor);
        return -1;
    }
    return v;
}

/* An AF_ID field: empty, or a positive whole number (each of them, for
 * checkboxes); else its message in errors. */
static void action_check_id(const http_form_t *form, const action_field_t *f, json_t *errors)
{
    for (int i = 0; i < form->n; i++) {
        const char *v = form->fields[i].value;
        if (strcmp(form->fields[i].name, f->name) != 0 || !v || !*v) continue;
        char *end = NULL;
        long long n = strtoll(v, &end, 10);
        if (*end || n <= 0) {
            char msg[120];
            snprintf(msg, sizeof msg, "%s must be a whole number", f->label);
            json_object_set_new(errors, f->name, json_string(msg));
        }
        if (strcmp(f->kind, "checkboxes") != 0) break;   /* a single field: its first value */
    }
}

/* The checks of a's fields on form, in the fields' order, into errors. */
static void action_check(const action_field_t *fields, const http_form_t *form, json_t *errors)
{
    for (const action_field_t *f = fields; f->name; f++) {
        const char *v = http_form_get(form, f->name);
        const char *when = f->when_field ? http_form_get(form, f->when_field) : NULL;
        int applies = !f->when_field || (when && strcmp(when, f->when_value) == 0);
        if (f->missing && applies && (!v || !*v)) json_object_set_new(errors, f->name, json_string(f->missing));
        if (f->flags & AF_ID) action_check_id(form, f, errors);
    }
}

/* Puts a store error where the user sees it: by field (or the summary)
 * on the form, returning the HTTP status to re-render with; 0 when resp
 * already holds an error page. */
static int action_error(http_request_t *req, http_response_t *resp, const action_view_t *v, int rc,
                        const ov_error_t *err, char *notice, size_t n)
{
    if (rc == OV_ESTALE) {
        snprintf(notice, n, "This %s was changed by someone else after you opened this form; reload to see the "
                            "changes, then try again.", v->action->what);
        return 412;
    }
    if (rc == OV_EFORBIDDEN) {
        web_error(req, resp, 403, "You cannot do this", err->message, &v->caller->actor);
        return 0;
    }
    if (rc == OV_EINVALID || rc == OV_ECONFLICT) {
        char label[64], msg[600];
        form_label(err->field, label, sizeof label);
        form_error_message(err, label, msg, sizeof msg);
        json_object_set_new(v->errors, err->field, json_string(msg));
        return rc == OV_ECONFLICT ? 409 : 422;
    }
    web_error_store(req, resp, err, &v->caller->actor);
    return 0;
}

/* The store action tried and rolled back, before a check page: every rule
 * the action would meet (a stale version, a reference of another body, a
 * transition the model forbids) is met now, on the form, not after the
 * confirmation. 1 when it would succeed; else as action_error (0: resp
 * holds an error page; else the status to show the form again with). */
static int action_dry_run(http_request_t *req, http_response_t *resp, const action_view_t *v, char *notice, size_t n)
{
    app_t *app = req->app;
    const form_action_t *a = v->action;
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_begin(s, &err);
    if (rc == 0) {
        rc = a->run(s, v, &err);
        store_rollback(s);
    }
    store_pool_release(app->pool, s);
    if (rc == 0) return 1;
    if (rc == OV_EINVALID && !err.field[0] && a->rule_field)
        snprintf(err.field, sizeof err.field, "%s", a->rule_field);
    return action_error(req, resp, v, rc, &err, notice, n);
}

/* The confirmation after a checked action: its success message and a link
 * to the result. */
static void action_done_page(http_request_t *req, http_response_t *resp, const action_view_t *v)
{
    const form_action_t *a = v->action;
    char loc[HTTP_PARAM_MAX + 64], message[300] = "Saved", link[200] = "See the result";
    snprintf(loc, sizeof loc, a->done, v->target->link);
    if (a->success) a->success(v, message, sizeof message, link, sizeof link);
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:b}", "message", message, "href", loc, "link", link, "more", 1);
    web_render(req, resp, 200, "done", message, &v->caller->actor, ctx);
}

/* The store action: 0 with a 303 in resp when done (or, confirmed after a
 * check page, the confirmation page), else as action_error. */
static int action_run(http_request_t *req, http_response_t *resp, const action_view_t *v, int confirmed, char *notice,
                      size_t n)
{
    app_t *app = req->app;
    const form_action_t *a = v->action;
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = a->run(s, v, &err);
    store_pool_release(app->pool, s);
    if (rc == 0 && a->done_path) {
        char loc[HTTP_PARAM_MAX + 128];
        a->done_path(v, v->made ? *v->made : 0, loc, sizeof loc);
        form_redirect(resp, loc);
        return 0;
    }
    if (rc == 0 && confirmed) {
        action_done_page(req, resp, v);
        return 0;
    }
    if (rc == 0) {
        char loc[HTTP_PARAM_MAX + 64];
        snprintf(loc, sizeof loc, a->done, v->target->link);
        form_redirect(resp, loc);
        return 0;
    }
    if (rc == OV_EINVALID && !err.field[0] && a->rule_field)
        snprintf(err.field, sizeof err.field, "%s", a->rule_field);
    return action_error(req, resp, v, rc, &err, notice, n);
}

/* A field's value: the posted one, else its default on the GET. */
static const char *action_field_value(const action_view_t *v, const action_field_t *f, const char *today)
{
    if (v->form) return http_form_get(v->form, f->name);
    if (f->flags & AF_TODAY) return today;
    if (f->flags & AF_QUERY) return http_request_query(v->req, f->name);
    return NULL;
}

/* The fields of v's form, with their values. Caller owns the array. */
static json_t *action_fields(const action_view_t *v)
{
    int closer = app_allowed(&v->caller->actor, PERM_CLOSE, v->target->body);
    char today[DATE_TEXT_MAX];
    form_today(v->req, today);
    json_t *fields = json_array();
    for (const action_field_t *f = v->fields; f->name; f++) {
        if ((f->flags & AF_CLOSER) && !closer) continue;
        const char *label = closer && f->closer_label ? f->closer_label : f->label;
        const char *hint = closer && f->closer_hint ? f->closer_hint : f->hint;
        json_t *fd = form_field_new(f->name, label, f->kind, f->missing && !f->when_field, hint);
        if (f->options) f->options(v, fd);
        /* checkboxes: what options() ticked (the item's own, on the GET) stays ticked */
        json_t *ticked = strcmp(f->kind, "checkboxes") == 0 ? json_deep_copy(json_object_get(fd, "options")) : NULL;
        form_field_value(fd, action_field_value(v, f, today));
        size_t ti;
        json_t *to;
        json_array_foreach(ticked, ti, to)
            if (json_is_true(json_object_get(to, "selected")))
                json_object_set_new(json_array_get(json_object_get(fd, "options"), ti), "selected", json_true());
        json_decref(ticked);
        if (strcmp(f->kind, "checkboxes") == 0 && v->form) {   /* every value ticked, as posted */
            size_t i;
            json_t *o;
            json_array_foreach(json_object_get(fd, "options"), i, o) {
                int ticked = 0;
                for (int k = 0; k < v->form->n; k++)
                    ticked |= strcmp(v->form->fields[k].name, f->name) == 0 && v->form->fields[k].value
                              && strcmp(v->form->fields[k].value, web_str(o, "value")) == 0;
                json_object_set_new(o, "selected", json_boolean(ticked));
            }
        }
        json_array_append_new(fields, fd);
    }
    return fields;
}

/* Renders v's form page. */
static void action_page(http_request_t *req, http_response_t *resp, const action_view_t *v)
{
    const form_action_t *a = v->action;
    const action_target_t *t = v->target;
    const char *named = a->heading_key ? web_str(t->row, a->heading_key) : NULL;
    if (!named) named = a->entity ? "" : t->key;
    char heading[200], action[HTTP_PARAM_MAX + 64], cancel[HTTP_PARAM_MAX + 64], intro[400], version[32];
    snprintf(heading, sizeof heading, a->heading, named);
    snprintf(action, sizeof action, a->action, t->key);
    snprintf(cancel, sizeof cancel, a->cancel, t->link);
    json_t *ctx = form_ctx_new(v->caller, a->entity ? t->body : named, heading, action, a->submit);
    a->intro(t->row, intro, sizeof intro);
    json_object_set_new(ctx, "intro", json_string(intro));
    if (a->quote) json_object_set_new(ctx, "quote", json_string(jget_text(t->row, "text")));
    snprintf(version, sizeof version, "%lld", (long long)json_integer_value(json_object_get(t->row, "version")));
    const char *posted = v->form ? http_form_get(v->form, "version") : NULL;
    form_hidden(ctx, "version", posted ? posted : version);
    for (const action_field_t *f = v->fields; f->name; f++)
        if (strcmp(f->kind, "button") == 0) json_object_set_new(ctx, "enter_submits", json_true());
    form_view_t page = {.status = v->status, .title = heading, .caller = v->caller, .ctx = ctx,
                        .fields = action_fields(v), .errors = v->errors, .notice = v->notice, .reload = action,
                        .cancel = cancel};
    form_finish(req, resp, &page);
}

/* The check page of a posted form: what will change, who will see it, the
 * posted fields kept hidden for Confirm (confirm=yes) and for "Change
 * your answers" (back=1). */
static void action_check_page(http_request_t *req, http_response_t *resp, const action_view_t *v, json_t *rows,
                              int is_public, const char *audience)
{
    const form_action_t *a = v->action;
    const action_target_t *t = v->target;
    const char *named = a->heading_key ? web_str(t->row, a->heading_key) : NULL;
    if (!named) named = a->entity ? "" : t->key;
    char heading[200], action[HTTP_PARAM_MAX + 64], cancel[HTTP_PARAM_MAX + 64];
    snprintf(heading, sizeof heading, a->heading, named);
    snprintf(action, sizeof action, a->action, t->key);
    snprintf(cancel, sizeof cancel, a->cancel, t->link);
    json_t *hidden = json_array();
    for (int i = 0; i < v->form->n; i++) {
        const char *name = v->form->fields[i].name;
        if (strcmp(name, "csrf_token") == 0 || strcmp(name, "confirm") == 0 || strcmp(name, "back") == 0) continue;
        json_array_append_new(hidden, json_pack("{s:s, s:s}", "name", name, "value",
                                                v->form->fields[i].value ? v->form->fields[i].value : ""));
    }
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:s, s:s, s:s}", "caption",
                            a->entity ? t->body : named, "heading", heading, "action", action, "cancel", cancel,
                            "rows", json_incref(rows), "hidden", hidden, "public", is_public, "audience", audience,
                            "verb", a->verb ? a->verb : "save", "confirm", a->confirm ? a->confirm : "Confirm");
    json_object_set_new(ctx, "csrf", json_string(v->caller->csrf));
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
        if (json_object_get(row, "change")) json_object_set_new(ctx, "any_change", json_true());
    web_render(req, resp, 200, "check", "Check your answers", &v->caller->actor, ctx);
}

int form_action_get(http_request_t *req, http_response_t *resp, const form_action_t *a)
{
    web_caller_t c;
    action_target_t t;
    form_caller(req, &c);
    if (form_need_login(req, resp, &c) != 0) return 0;
    if (action_target_load(req, resp, &c, a, &t) != 0) return 0;
    action_view_t v = {.action = a, .req = req, .caller = &c, .target = &t, .status = 200, .fields = a->fields};
    action_field_t *own = a->fields_of ? a->fields_of(&v) : NULL;
    if (own) v.fields = own;
    if (!action_allowed(a, &c, t.body)) form_deny(req, resp, &c, a->refusal);
    else action_page(req, resp, &v);
    free(own);
    json_decref(t.row);
    return 0;
}

int form_action_post(http_request_t *req, http_response_t *resp, const form_action_t *a)
{
    web_caller_t c;
    http_form_t form;
    action_target_t t;
    json_t *errors = NULL;
    char notice[300] = "";
    long long made = 0;
    action_field_t *own = NULL;
    if (form_post_begin(req, resp, &c, &form) != 0) return 0;
    action_view_t v = {.action = a, .req = req, .caller = &c, .target = &t, .form = &form, .fields = a->fields,
                       .made = &made};
    if (action_target_load(req, resp, &c, a, &t) != 0) goto done;
    /* the order the forms always had: a row's asks for the version (400) before the permission (403), a body's after */
    if ((a->entity || a->load) && (v.version = action_version(req, resp, &c, &form)) < 0) goto done;
    if (!action_allowed(a, &c, t.body)) {
        form_deny(req, resp, &c, a->refusal);
        goto done;
    }
    if (!a->entity && !a->load && (v.version = action_version(req, resp, &c, &form)) < 0) goto done;
    int again = a->refill ? a->refill(&form) : 0;
    if (again < 0) {
        web_error(req, resp, 400, "The form could not be read", "The form has too many fields.", &c.actor);
        goto done;
    }
    if (a->fields_of && (own = a->fields_of(&v))) v.fields = own;
    v.errors = errors = json_object();
    if (again) {   /* a block added or removed: the form again, as typed, unchecked */
        v.status = 200;
        action_page(req, resp, &v);
        goto done;
    }
    action_check(v.fields, &form, errors);
    if (a->check) a->check(&v, errors);
    int confirmed = 0;
    if (!json_object_size(errors) && a->check_page) {
        json_t *rows = json_array();
        char audience[600] = "";
        int is_public = 0;
        int needed = a->check_page(&v, rows, &is_public, audience, sizeof audience);
        const char *back = http_form_get(&form, "back"), *confirm = http_form_get(&form, "confirm");
        if (needed && back && strcmp(back, "1") == 0) {
            /* "Change your answers": the form again, as it was filled */
            v.status = 200;
            action_page(req, resp, &v);
            json_decref(rows);
            goto done;
        }
        if (needed && !(confirm && strcmp(confirm, "yes") == 0)) {
            int tried = action_dry_run(req, resp, &v, notice, sizeof notice);
            if (tried == 1) {
                action_check_page(req, resp, &v, rows, is_public, audience);
            } else if (tried) {
                v.status = tried;
                v.notice = *notice ? notice : NULL;
                action_page(req, resp, &v);
            }
            json_decref(rows);
            goto done;
        }
        json_decref(rows);
        confirmed = needed;
    }
    v.status = json_object_size(errors) ? 422 : action_run(req, resp, &v, confirmed, notice, sizeof notice);
    v.notice = *notice ? notice : NULL;
    if (v.status) action_page(req, resp, &v);
done:
    free(own);
    json_decref(errors);
    json_decref(t.row);
    http_form_free(&form);
    return 0;
}

const char *form_action_read_text(const action_view_t *v, const char *name)
{
    const char *s = http_form_get(v->form, name);
    return s && *s ? s : NULL;
}

long long form_action_read_id(const action_view_t *v, const char *name)
{
    const char *s = form_action_read_text(v, name);
    return s ? strtoll(s, NULL, 10) : 0;
}

size_t form_action_read_ids(const action_view_t *v, const char *name, long long *ids, size_t max)
{
    size_t n = 0;
    for (int i = 0; v->form && i < v->form->n && n < max; i++) {
        const char *s = v->form->fields[i].value;
        if (strcmp(v->form->fields[i].name, name) == 0 && s && *s) ids[n++] = strtoll(s, NULL, 10);
    }
    return n;
}
