/*
 * forms.c: one generic form for every entity of the monitoring record,
 * driven by the descriptors of store/entity.h: a field per descriptor field,
 * rendered by kind (text, textarea, date, number, select for enums and
 * references, checkbox for booleans), checked on the server by
 * entity_validate with each message next to its field and the values kept.
 * Also the page that shows what was recorded, with links to add its parts.
 *
 * Permissions are those of src/api/record.c: reading needs
 * PERM_READ_RECORD for the row's body, writing the entity's permission or
 * PERM_RECORD (so a body's own users may submit progress updates only).
 */
#include "web/form.h"
#include "web/audit_view.h"
#include "web/format.h"
#include "app/actor.h"
#include "core/roles.h"
#include "store/bodies.h"
#include "store/entity.h"
#include "store/evidence.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DATE_HINT "For example, 31 1 2025. Leave the day, or the day and month, blank when only the month or year is known"

/* The entity named in the path (/record/{entity}...) if it has a form:
 * append-only entities are recorded through their action (deadline
 * revisions) or upload (evidence files), letters through their workflow. */
static const entity_def_t *form_entity(http_request_t *req)
{
    const entity_def_t *e = entity_find(http_request_param(req, "entity"));
    if (!e || (e->flags & (E_APPEND_ONLY | E_OWN_FORMS)) || strcmp(e->name, "letters") == 0) return NULL;
    return e;
}

static int may_write(const app_actor_t *a, const entity_def_t *e, const char *body)
{
    return app_may_write(a, e, body);
}

static int scoped(const app_actor_t *a)
{
    return strcmp(a->role, "body") == 0 || strcmp(a->role, "lpb") == 0;
}

static const char *article(const char *label)
{
    return strchr("aeiouAEIOU", label[0]) ? "an" : "a";
}

static int editable(const field_def_t *f, int create)
{
    if (f->flags & F_MANAGED) return 0;
    if (!create && ((f->flags & F_FIXED) || f->kind == FK_BODY)) return 0;
    return 1;
}

static void cap_first(char *s)
{
    if (*s >= 'a' && *s <= 'z') *s = (char)(*s - 'a' + 'A');
}

/* A row's value as the text a form field holds. */
static void value_text(const json_t *v, char *out, size_t n)
{
    if (json_is_string(v)) snprintf(out, n, "%s", json_string_value(v));
    else if (json_is_integer(v)) snprintf(out, n, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v)) snprintf(out, n, "%.17g", json_real_value(v));
    else if (json_is_true(v)) snprintf(out, n, "1");
    else out[0] = '\0';
}

/* A short description of a row, for select options and links. */
static void row_label(const json_t *row, char *out, size_t n)
{
    char cut[160];
    long long id = json_integer_value(json_object_get(row, "id"));
    const char *number = web_str(row, "number"), *title = web_str(row, "title"), *name = web_str(row, "name");
    const char *area = web_str(row, "area"), *text = web_str(row, "text"), *held = web_str(row, "held_on");
    const char *measure = web_str(row, "measure"), *submitted = web_str(row, "submitted_on");
    if (number) snprintf(out, n, "%s: %s", number, form_truncate(text, 70, cut, sizeof cut));
    else if (title && *title) snprintf(out, n, "%s", form_truncate(title, 90, cut, sizeof cut));
    else if (name) snprintf(out, n, "%s", form_truncate(name, 90, cut, sizeof cut));
    else if (area) snprintf(out, n, "%s", form_truncate(area, 90, cut, sizeof cut));
    else if (submitted) snprintf(out, n, "%s: %s", submitted, form_truncate(text, 70, cut, sizeof cut));
    else if (text) snprintf(out, n, "%s", form_truncate(text, 90, cut, sizeof cut));
    else if (measure) snprintf(out, n, "%s %s", measure, web_str(row, "period") ? web_str(row, "period") : "");
    else if (held) snprintf(out, n, "%s", held);
    else if (web_str(row, "published_on")) snprintf(out, n, "Published %s", web_str(row, "published_on"));
    else snprintf(out, n, "#%lld", id);
}

/* The select or number field for reference f, listing the rows of its
 * entity for body (all rows when that entity has no body). */
static json_t *ref_field(store_t *s, const field_def_t *f, const char *body)
{
    const entity_def_t *re = entity_find(f->ref);
    char label[64], hint[128];
    snprintf(label, sizeof label, "%s", re ? re->label : f->name);
    cap_first(label);
    json_t *rows = NULL;
    ov_error_t err = {0};
    if (re && (!re->body_sql || (body && *body)))
        store_entity_list(s, re, re->body_sql ? body : NULL, NULL, 0, 1000, 0, &rows, &err);
    if (!rows) {
        snprintf(hint, sizeof hint, "The number of the %s", re ? re->label : "item");
        return form_field_new(f->name, label, "number", f->flags & F_REQUIRED, hint);
    }
    json_t *fd = form_field_new(f->name, label, "select", f->flags & F_REQUIRED, NULL);
    form_field_option(fd, "", (f->flags & F_REQUIRED) ? "Choose one" : "None");
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        char v[32], text[220];
        snprintf(v, sizeof v, "%lld", (long long)json_integer_value(json_object_get(r, "id")));
        row_label(r, text, sizeof text);
        form_field_option(fd, v, text);
    }
    json_decref(rows);
    return fd;
}

/* The fields of e's form, with values (name -> text) and errors. body is
 * the body the row belongs to ("" when not known yet). */
static json_t *build_fields(store_t *s, const entity_def_t *e, int create, const char *body, const json_t *values,
                            const app_actor_t *actor)
{
    json_t *fields = json_array();
    for (const field_def_t *f = e->fields; f->name; f++) {
        if (!editable(f, create)) continue;
        char label[64];
        form_label(f->name, label, sizeof label);
        int req = (f->flags & F_REQUIRED) != 0;
        json_t *fd = NULL;
        switch (f->kind) {
        case FK_TEXT: fd = form_field_new(f->name, label, "text", req, NULL); break;
        case FK_URL: fd = form_field_new(f->name, label, "text", req, "Starting with https://"); break;
        case FK_LONGTEXT: fd = form_field_new(f->name, label, "textarea", req, NULL); break;
        case FK_DATE: fd = form_field_new(f->name, label, "date", req, DATE_HINT); break;
        case FK_DAY: fd = form_field_new(f->name, label, "day", req, "For example, 31 1 2025"); break;
        case FK_INT: case FK_REAL: fd = form_field_new(f->name, label, "number", req, NULL); break;
        case FK_BOOL: fd = form_field_new(f->name, label, "checkbox", 0, NULL); break;
        case FK_ENUM:
            fd = form_field_new(f->name, label, "select", req, NULL);
            form_field_option(fd, "", req ? "Choose one" : "Not given");
            for (const char *const *v = f->values; *v; v++) {
                char words[64];
                form_field_option(fd, *v, form_label(*v, words, sizeof words));
            }
            break;
        case FK_REF: fd = ref_field(s, f, body); break;
        case FK_BODY: {
            if (*body || scoped(actor)) continue;   /* a hidden field then */
            fd = form_field_new(f->name, "Body", "select", 1, NULL);
            form_field_option(fd, "", "Choose one");
            json_t *bodies = NULL;
            ov_error_t err = {0};
            if (store_bodies_list(s, &bodies, &err) == 0) {
                size_t i;
                json_t *b;
                json_array_foreach(bodies, i, b) form_field_option(fd, web_str(b, "code"), web_str(b, "name"));
            }
            json_decref(bodies);
            break;
        }
        }
        if (!fd) continue;
        form_field_value(fd, json_string_value(json_object_get(values, f->name)));
        json_array_append_new(fields, fd);
    }
    return fields;
}

/* The body's name for the page, or the code. */
static void body_name(store_t *s, const char *code, char *out, size_t n)
{
    snprintf(out, n, "%s", code);
    json_t *b = NULL;
    ov_error_t err = {0};
    if (*code && store_body_get(s, code, &b, &err) == 0 && web_str(b, "name")) snprintf(out, n, "%s", web_str(b, "name"));
    json_decref(b);
}

/* Renders e's create (id 0) or edit form. values and errors are borrowed. */
static void form_page(http_request_t *req, http_response_t *resp, int status, const web_caller_t *c,
                      const entity_def_t *e, long long id, long long version, const char *body, const json_t *values,
                      json_t *errors, const char *notice)
{
    app_t *app = req->app;
    char heading[160], action[160], caption[200] = "", name[200] = "";
    if (id) {
        snprintf(heading, sizeof heading, "Change this %s", e->label);
        snprintf(action, sizeof action, "/record/%s/%lld", e->name, id);
    } else {
        snprintf(heading, sizeof heading, "Record %s %s", article(e->label), e->label);
        snprintf(action, sizeof action, "/record/%s", e->name);
    }
    store_t *s = store_pool_acquire(app->pool);
    if (*body) {
        body_name(s, body, name, sizeof name);
        snprintf(caption, sizeof caption, "%s", name);
    }
    json_t *fields = build_fields(s, e, id == 0, body, values, &c->actor);
    store_pool_release(app->pool, s);
    json_t *ctx = form_ctx_new(c, *caption ? caption : NULL, heading, action, id ? "Save changes" : "Record");
    if (id == 0 && strcmp(e->name, "progress-updates") == 0) {
        /* a new update takes its evidence files: one form, one transaction */
        int back = errors && json_object_size(errors);
        json_array_append_new(
            fields, form_field_new("file", "Evidence files", "file", 0,
                                   back ? "Nothing was saved, and a browser does not keep chosen files when a form "
                                          "comes back: choose your files again. Up to 20 MB together."
                                        : "Documents, spreadsheets or images that show the progress; choose several "
                                          "at once if you like, up to 20 MB together. Each is kept with its SHA-256 "
                                          "checksum."));
        json_object_set_new(ctx, "multipart", json_true());
    }
    if (id) {
        char v[32];
        snprintf(v, sizeof v, "%lld", version);
        form_hidden(ctx, "version", v);
        char back[160];
        snprintf(back, sizeof back, "/record/%s/%lld", e->name, id);
        json_object_set_new(ctx, "cancel", json_string(back));
    } else if (e->body_sql && entity_field(e, "body") && *body) {
        form_hidden(ctx, "body", body);
    }
    if (!id && *body) {
        char back[160];
        snprintf(back, sizeof back, "/bodies/%s", body);
        json_object_set_new(ctx, "cancel", json_string(back));
    }
    form_apply_errors(ctx, fields, errors);
    json_object_set_new(ctx, "fields", fields);
    if (notice) {
        char reload[160];
        snprintf(reload, sizeof reload, "/record/%s/%lld/edit", e->name, id);
        json_object_set_new(ctx, "notice", json_string(notice));
        json_object_set_new(ctx, "reload", json_string(reload));
    }
    form_render(req, resp, status, heading, c, ctx);
}

/* Reads the submitted fields of e into `in` (JSON values by kind); text
 * that is not a number goes to errors. Empty fields are left out when
 * creating and cleared (null) when changing; fields the form did not send
 * are left as they are (an unticked checkbox is false). */
static void form_to_json(const entity_def_t *e, const http_form_t *form, int create, json_t *in, json_t *errors)
{
    for (const field_def_t *f = e->fields; f->name; f++) {
        if (!editable(f, create)) continue;
        const char *v = http_form_get(form, f->name);
        if (f->kind == FK_BOOL) {
            json_object_set_new(in, f->name, json_boolean(v && (!strcmp(v, "1") || !strcmp(v, "on") || !strcmp(v, "true"))));
            continue;
        }
        if (!v) continue;   /* not in the form: unchanged */
        if (v[strspn(v, " \t\r\n")] == '\0') {
            if (!create) json_object_set_new(in, f->name, json_null());
            continue;
        }
        char label[64], msg[160];
        form_label(f->name, label, sizeof label);
        if (f->kind == FK_INT || f->kind == FK_REF || f->kind == FK_REAL) {
            int real = f->kind == FK_REAL;
            char *end = NULL;
            long long n = real ? 0 : strtoll(v, &end, 10);
            double d = real ? strtod(v, &end) : 0;
            while (end && (*end == ' ' || *end == '\t')) end++;
            if (!end || *end || end == v) {
                snprintf(msg, sizeof msg, real ? "%s must be a number, such as 12.5" : "%s must be a whole number", label);
                json_object_set_new(errors, f->name, json_string(msg));
            } else {
                json_object_set_new(in, f->name, real ? json_real(d) : json_integer(n));
            }
        } else if (f->kind == FK_DATE || f->kind == FK_DAY) {
            /* dates are compared as text: no stray spaces */
            const char *a = v + strspn(v, " \t");
            size_t len = strcspn(a, " \t\r\n");
            json_object_set_new(in, f->name, json_stringn(a, len));
        } else {
            json_object_set_new(in, f->name, json_string(v));
        }
    }
}

/* entity_validate on in, repeated without each field it finds at fault so
 * every faulty field gets its message; then the required ones missing. */
static void validate_all(const entity_def_t *e, const json_t *in, int create, json_t *errors)
{
    json_t *copy = json_deep_copy(in);
    for (int i = 0; copy && i < 64; i++) {
        ov_error_t err = {0};
        if (entity_validate(e, copy, create, 0, &err) == 0) break;
        if (!err.field[0] || !json_object_get(copy, err.field)) break;
        if (!json_object_get(errors, err.field)) {
            char label[64], msg[600];
            form_label(err.field, label, sizeof label);
            form_error_message(&err, label, msg, sizeof msg);
            json_object_set_new(errors, err.field, json_string(msg));
        }
        json_object_del(copy, err.field);
    }
    json_decref(copy);
    /* the dates' order too, every pair at once: the store checks the row it
     * writes (on a change, with the fields not sent), one pair at a time */
    copy = json_deep_copy(in);
    for (int i = 0; copy && i < 16; i++) {
        ov_error_t err = {0};
        if (entity_check_orders(e, copy, &err) == 0 || !err.field[0]) break;
        if (!json_object_get(errors, err.field)) {
            char label[64], msg[600];
            form_label(err.field, label, sizeof label);
            form_error_message(&err, label, msg, sizeof msg);
            json_object_set_new(errors, err.field, json_string(msg));
        }
        json_object_del(copy, err.field);
    }
    json_decref(copy);
    if (!create) return;
    for (const field_def_t *f = e->fields; f->name; f++) {
        if (!(f->flags & F_REQUIRED) || json_object_get(in, f->name) || json_object_get(errors, f->name)) continue;
        char label[64], msg[160];
        if (f->kind == FK_REF) {
            const entity_def_t *re = entity_find(f->ref);
            snprintf(msg, sizeof msg, "Choose the %s", re ? re->label : f->name);
        } else if (f->kind == FK_BODY) {
            snprintf(msg, sizeof msg, "Choose the body");
        } else {
            snprintf(msg, sizeof msg, "%s is required", form_label(f->name, label, sizeof label));
        }
        json_object_set_new(errors, f->name, json_string(msg));
    }
}

/* The body a new row belongs to: its body field, else the body of the
 * first parent it names (as src/api/record.c decides it). Every parent
 * named must exist and be the caller's to see: another body's item is
 * answered as one that does not exist ("No such recommendation"), so a
 * body's user learns nothing of other bodies' records. */
static int target_body(store_t *s, const entity_def_t *e, const json_t *in, const app_actor_t *actor, char body[64],
                       ov_error_t *err)
{
    body[0] = '\0';
    if (!e->body_sql) return 0;
    const char *b = json_string_value(json_object_get(in, "body"));
    int found = 0;
    for (const field_def_t *f = e->fields; f->name; f++) {
        json_t *v = json_object_get(in, f->name);
        const entity_def_t *pe = f->kind == FK_REF ? entity_find(f->ref) : NULL;
        if (!pe || !json_is_integer(v)) continue;
        char pb[64] = "";
        int rc = store_entity_body(s, pe, json_integer_value(v), pb, err);
        if (rc == OV_ENOTFOUND || (rc == 0 && pe->body_sql && !app_allowed(actor, PERM_READ_RECORD, pb)))
            return ov_error_set(err, OV_EINVALID, f->name, "No such %s (id %lld)", pe->label,
                                (long long)json_integer_value(v));
        if (rc != 0) return rc;
        if (!found) snprintf(body, 64, "%s", pb);
        found = 1;
    }
    if (b) snprintf(body, 64, "%s", b);
    return 0;
}

/* A store error: into errors (by field, or "" for the form) when the user
 * can correct it, returning 1; else 0. */
static int store_error_to_form(const ov_error_t *err, json_t *errors)
{
    if (err->status != OV_EINVALID && err->status != OV_ECONFLICT) return 0;
    char label[64], msg[600];
    form_label(err->field[0] ? err->field : "", label, sizeof label);
    form_error_message(err, label, msg, sizeof msg);
    json_object_set_new(errors, err->field, json_string(msg));
    return 1;
}

/* The submitted (or query) values as text, for re-rendering. */
static json_t *form_values(const entity_def_t *e, const http_form_t *form)
{
    json_t *values = json_object();
    for (const field_def_t *f = e->fields; f->name; f++) {
        const char *v = http_form_get(form, f->name);
        if (v) json_object_set_new(values, f->name, json_string(v));
    }
    return values;
}

int web_record_new(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    web_caller_t c;
    form_caller(req, &c);
    const entity_def_t *e = form_entity(req);
    if (!e) {
        web_error(req, resp, 404, "Page not found", "There is no form for that.", &c.actor);
        return 0;
    }
    if (form_need_login(req, resp, &c) != 0) return 0;
    char today[DATE_TEXT_MAX];
    form_today(req, today);
    /* values from the query: the body and parents (?inspection_id=N) */
    json_t *values = json_object();
    for (const field_def_t *f = e->fields; f->name; f++) {
        const char *q = http_request_query(req, f->name);
        if (q && editable(f, 1)) json_object_set_new(values, f->name, json_string(q));
        /* a progress update is written today by the person logged in */
        if (!q && strcmp(f->name, "submitted_on") == 0) json_object_set_new(values, f->name, json_string(today));
        if (!q && strcmp(f->name, "author") == 0 && strcmp(e->name, "progress-updates") == 0)
            json_object_set_new(values, f->name, json_string(c.actor.username));
    }
    char body[64] = "";
    ov_error_t err = {0};
    int rc = 0;
    if (e->body_sql) {
        /* a body's own user records for that body unless the query names another (refused below) */
        if (scoped(&c.actor) && entity_field(e, "body") && !json_object_get(values, "body"))
            json_object_set_new(values, "body", json_string(c.actor.body));
        json_t *in = json_object();
        for (const field_def_t *f = e->fields; f->name; f++) {
            const char *v = json_string_value(json_object_get(values, f->name));
            if (!v) continue;
            if (f->kind == FK_BODY) json_object_set_new(in, f->name, json_string(v));
            else if (f->kind == FK_REF && atoll(v) > 0) json_object_set_new(in, f->name, json_integer(atoll(v)));
        }
        char named[64] = "";
        store_t *s = store_pool_acquire(app->pool);
        rc = target_body(s, e, in, &c.actor, named, &err);
        store_pool_release(app->pool, s);
        json_decref(in);
        if (rc == 0) snprintf(body, sizeof body, "%s", named);
    }
    if (rc != 0) {
        json_decref(values);
        web_error(req, resp, 404, "Page not found", err.message, &c.actor);
        return 0;
    }
    if (!may_write(&c.actor, e, body)) {
        json_decref(values);
        char detail[200];
        snprintf(detail, sizeof detail, "Your account (%s) may not record %s %s%s%s.", c.actor.role, article(e->label),
                 e->label, *body ? " for " : "", body);
        web_error(req, resp, 403, "You cannot do this", detail, &c.actor);
        return 0;
    }
    form_page(req, resp, 200, &c, e, 0, 0, body, values, NULL, NULL);
    json_decref(values);
    return 0;
}

/* A posted form of entity e: the store's input, the field errors
 * (validate_all's among them) and the values to show again. */
typedef struct {
    json_t *in, *errors, *values;
} form_input_t;

/* Reads form into fi (new references: form_input_free). Frees form. */
static void form_input(const entity_def_t *e, http_form_t *form, int creating, form_input_t *fi)
{
    fi->in = json_object();
    fi->errors = json_object();
    fi->values = form_values(e, form);
    form_to_json(e, form, creating, fi->in, fi->errors);
    http_form_free(form);
    validate_all(e, fi->in, creating, fi->errors);
}

static void form_input_free(form_input_t *fi)
{
    json_decref(fi->in);
    json_decref(fi->errors);
    json_decref(fi->values);
}

/* After a save: the item's page, saying so. */
static void redirect_saved(http_response_t *resp, const entity_def_t *e, long long id)
{
    char loc[160];
    snprintf(loc, sizeof loc, "/record/%s/%lld?saved=1", e->name, id);
    form_redirect(resp, loc);
}

int web_record_create(http_request_t *req, http_response_t *resp)
{
    web_caller_t c;
    http_form_t form;
    const entity_def_t *e = form_entity(req);
    if (form_post_begin(req, resp, &c, &form) != 0) return 0;
    if (!e) {
        http_form_free(&form);
        web_error(req, resp, 404, "Page not found", "There is no form for that.", &c.actor);
        return 0;
    }
    form_record_create(req, resp, &c, e, &form, NULL);
    return 0;
}

void form_record_create(http_request_t *req, http_response_t *resp, const web_caller_t *cp, const entity_def_t *e,
                        http_form_t *form, const app_upload_t *upload)
{
    app_t *app = req->app;
    const web_caller_t c = *cp;
    form_input_t fi;
    form_input(e, form, 1, &fi);
    char body[64] = "";
    ov_error_t err = {0};
    long long id = 0;
    int rc = 0, status = 0;
    /* the files' problems beside the fields', every one at once */
    char file_msg[2000] = "";
    if (upload && app_upload_check_files(upload, 20, file_msg, sizeof file_msg))
        json_object_set_new(fi.errors, "file", json_string(file_msg));
    evidence_upload_t files[APP_UPLOAD_FILES];
    size_t nfiles = 0;
    for (int i = 0; upload && i < upload->nfiles && i < APP_UPLOAD_FILES; i++)
        files[nfiles++] = (evidence_upload_t){upload->files[i].filename, upload->files[i].content_type,
                                              upload->files[i].fd, upload->files[i].len};
    store_authz_t authz = app_actor_authz(&c.actor);
    store_t *s = store_pool_acquire(app->pool);
    rc = target_body(s, e, fi.in, &c.actor, body, &err);
    if (rc == 0 && !may_write(&c.actor, e, body)) status = 403;
    else if (rc == 0 && json_object_size(fi.errors) == 0 && nfiles)
        rc = store_progress_insert_with_files(s, e, fi.in, &authz, files, nfiles, c.actor.username, &id, &err);
    else if (rc == 0 && json_object_size(fi.errors) == 0)
        rc = store_entity_insert(s, e, fi.in, &authz, &id, &err);
    store_pool_release(app->pool, s);
    if (status == 403 || rc == OV_EFORBIDDEN) {
        char detail[200];
        snprintf(detail, sizeof detail, "Your account (%s) may not record %s %s%s%s.", c.actor.role, article(e->label),
                 e->label, *body ? " for " : "", body);
        web_error(req, resp, 403, "You cannot do this", detail, &c.actor);
    } else if (rc != 0 && !store_error_to_form(&err, fi.errors)) {
        web_error_store(req, resp, &err, &c.actor);
    } else if (json_object_size(fi.errors)) {
        /* the body shown is the one named (unknown bodies show as the select) */
        const char *b = json_string_value(json_object_get(fi.values, "body"));
        form_page(req, resp, upload && upload->truncated ? 413 : 422, &c, e, 0, 0,
                  rc == 0 && b ? b : (rc == 0 ? body : ""), fi.values, fi.errors, NULL);
    } else {
        redirect_saved(resp, e, id);
    }
    form_input_free(&fi);
}

/* Loads row id of e with its body code, for the caller who needs perm
 * (PERM_READ_RECORD, or -1 for may_write). On failure resp is an error
 * page and NULL is returned. */
static json_t *load_row(http_request_t *req, http_response_t *resp, const web_caller_t *c, const entity_def_t *e,
                        long long id, int perm, char body[64])
{
    app_t *app = req->app;
    ov_error_t err = {0};
    json_t *row = NULL;
    body[0] = '\0';
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_entity_body(s, e, id, body, &err);
    int may = rc == 0 && (perm < 0 ? may_write(&c->actor, e, body) : app_allowed(&c->actor, perm, body));
    if (may) rc = store_entity_get(s, e, id, 1, &row, &err);
    store_pool_release(app->pool, s);
    if (rc != 0) {
        if (err.status == OV_ENOTFOUND) web_error(req, resp, 404, "Page not found", "There is no such item.", &c->actor);
        else web_error_store(req, resp, &err, &c->actor);
        return NULL;
    }
    if (!may) {
        char detail[200];
        snprintf(detail, sizeof detail, "Your account (%s) may not %s this %s.", c->actor.role,
                 perm == PERM_READ_RECORD ? "see" : "change", e->label);
        web_error(req, resp, 403, "You cannot do this", detail, &c->actor);
        return NULL;
    }
    return row;
}

/* The text shown for field f's value v on the record page. */
static json_t *view_value(store_t *s, const field_def_t *f, const json_t *v)
{
    char text[400] = "";
    json_t *out = json_object();
    if (f->kind == FK_BOOL) {
        snprintf(text, sizeof text, "%s", json_is_true(v) ? "Yes" : "No");
    } else if (f->kind == FK_ENUM) {
        form_label(json_string_value(v), text, sizeof text);
    } else if (f->kind == FK_DATE || f->kind == FK_DAY) {
        char d[WEB_DATE_TEXT_MAX];
        snprintf(text, sizeof text, "%s", web_format_date(json_string_value(v), d));
    } else if (f->kind == FK_REF && json_is_integer(v)) {
        const entity_def_t *re = entity_find(f->ref);
        char href[160], name[220];
        json_t *ref = NULL;
        ov_error_t err = {0};
        /* named by what it says, never by the database's id (#17 item 9) */
        if (re && s && store_entity_get(s, re, json_integer_value(v), 0, &ref, &err) == 0) {
            row_label(ref, name, sizeof name);
            snprintf(text, sizeof text, "%s: %s", re->label, name);
        } else {
            snprintf(text, sizeof text, "%s %lld", re ? re->label : "item", (long long)json_integer_value(v));
        }
        json_decref(ref);
        cap_first(text);
        if (re && !(re->flags & E_APPEND_ONLY)) {
            snprintf(href, sizeof href, "/record/%s/%lld", re->name, (long long)json_integer_value(v));
            json_object_set_new(out, "link", json_string(href));
        }
    } else if (f->kind == FK_BODY) {
        char href[160];
        snprintf(text, sizeof text, "%s", json_string_value(v) ? json_string_value(v) : "");
        snprintf(href, sizeof href, "/bodies/%s", text);
        json_object_set_new(out, "link", json_string(href));
    } else {
        value_text(v, text, sizeof text);
    }
    json_object_set_new(out, "text", json_string(text));
    return out;
}

int web_record_view(http_request_t *req, http_response_t *resp)
{
    web_caller_t c;
    form_caller(req, &c);
    const entity_def_t *e = entity_find(http_request_param(req, "entity"));
    long long id = http_request_param_id(req, "id");
    if (!e || !id || (e->flags & (E_APPEND_ONLY | E_OWN_FORMS)) || strcmp(e->name, "letters") == 0) {
        web_error(req, resp, 404, "Page not found", "There is no such item.", &c.actor);
        return 0;
    }
    if (form_need_login(req, resp, &c) != 0) return 0;
    form_record_view(req, resp, &c, e, id, 200, NULL);
    return 0;
}

/* A progress update's evidence files ({filename, href, size, sha256}) and,
 * when the caller may add files, the upload form, into ctx. */
static void evidence_part(http_request_t *req, json_t *ctx, const web_caller_t *c, long long id, const char *body,
                          const char *upload_error)
{
    app_t *app = req->app;
    json_t *files = NULL;
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    if (store_entity_list(s, entity_find("evidence-files"), NULL, "progress_update_id", id, 1000, 0, &files, &err) != 0)
        files = json_array();
    store_pool_release(app->pool, s);
    size_t i;
    json_t *f;
    json_array_foreach(files, i, f) {
        char href[96];
        snprintf(href, sizeof href, "/api/v1/evidence-files/%lld/content",
                 (long long)json_integer_value(json_object_get(f, "id")));
        json_object_set_new(f, "href", json_string(href));
    }
    json_t *ev = json_pack("{s:o}", "files", files);
    if (app_allowed(&c->actor, PERM_PROGRESS, body) || app_allowed(&c->actor, PERM_RECORD, body)) {
        char action[96];
        snprintf(action, sizeof action, "/record/progress-updates/%lld/evidence", id);
        json_t *up = json_pack("{s:s, s:s}", "action", action, "csrf", c->csrf);
        if (upload_error) json_object_set_new(up, "error", json_string(upload_error));
        json_object_set_new(ev, "upload", up);
    }
    if (http_request_query(req, "attached")) json_object_set_new(ev, "attached", json_true());
    json_object_set_new(ctx, "evidence", ev);
}

void form_record_view(http_request_t *req, http_response_t *resp, const web_caller_t *cp, const entity_def_t *e,
                      long long id, int view_status, const char *upload_error)
{
    const web_caller_t c = *cp;
    char body[64], label[64], text[220];
    json_t *row = load_row(req, resp, &c, e, id, PERM_READ_RECORD, body);
    if (!row) return;

    json_t *rows = json_array();
    app_t *app = req->app;
    store_t *s = store_pool_acquire(app->pool);
    for (const field_def_t *f = e->fields; f->name; f++) {
        json_t *v = json_object_get(row, f->name);
        /* (an array is a list of children under the same key, shown below) */
        if (!v || json_is_null(v) || json_is_array(v) || (json_is_string(v) && !*json_string_value(v))) continue;
        json_t *r = view_value(s, f, v);
        json_object_set_new(r, "label", json_string(f->kind == FK_BODY ? "Body" : form_label(f->name, label, sizeof label)));
        json_array_append_new(rows, r);
    }
    store_pool_release(app->pool, s);
    const char *deadline = web_str(row, "deadline");   /* computed: the deadline now in force */
    if (deadline) {
        char d[WEB_DATE_TEXT_MAX];
        json_array_append_new(rows, json_pack("{s:s, s:s}", "label", "Deadline now", "text", web_format_date(deadline, d)));
    }

    /* what the caller may do next */
    json_t *actions = json_array();
    char href[200];
    if (may_write(&c.actor, e, body)) {
        snprintf(href, sizeof href, "/record/%s/%lld/edit", e->name, id);
        json_array_append_new(actions, json_pack("{s:s, s:s}", "href", href, "text", "Change"));
    }
    const char *status = web_str(row, "status");
    if (strcmp(e->name, "recommendations") == 0) {
        if (app_allowed(&c.actor, PERM_CLOSE, body) || app_allowed(&c.actor, PERM_PROGRESS, body)
            || app_allowed(&c.actor, PERM_RECORD, body)) {
            snprintf(href, sizeof href, "/record/recommendations/%lld/status", id);
            json_array_append_new(actions, json_pack("{s:s, s:s}", "href", href, "text", "Update the status"));
        }
        if (app_allowed(&c.actor, PERM_RECORD, body)) {
            snprintf(href, sizeof href, "/record/recommendations/%lld/deadline", id);
            json_array_append_new(actions, json_pack("{s:s, s:s}", "href", href, "text", "Revise the deadline"));
        }
    }
    if (strcmp(e->name, "causes-of-concern") == 0 && app_allowed(&c.actor, PERM_CLOSE, body) && status
        && strcmp(status, "open") == 0) {
        snprintf(href, sizeof href, "/record/causes-of-concern/%lld/close", id);
        json_array_append_new(actions, json_pack("{s:s, s:s}", "href", href, "text", "Close this cause of concern"));
    }

    /* its parts, each with a link to add another */
    json_t *children = json_array();
    for (const child_def_t *ch = e->children; ch && ch->entity; ch++) {
        const entity_def_t *ce = entity_find(ch->entity);
        if (!ce || (ce->flags & (E_APPEND_ONLY | E_OWN_FORMS)) || strcmp(ce->name, "letters") == 0) continue;
        json_t *items = json_array();
        size_t i;
        json_t *r;
        json_array_foreach(json_object_get(row, ch->key), i, r) {
            row_label(r, text, sizeof text);
            snprintf(href, sizeof href, "/record/%s/%lld", ce->name, (long long)json_integer_value(json_object_get(r, "id")));
            json_array_append_new(items, json_pack("{s:s, s:s}", "href", href, "text", text));
        }
        snprintf(label, sizeof label, "%ss", ce->label);
        if (strcmp(ce->name, "causes-of-concern") == 0) snprintf(label, sizeof label, "Causes of concern");
        if (strcmp(ce->name, "areas-for-improvement") == 0) snprintf(label, sizeof label, "Areas for improvement");
        if (strcmp(ce->name, "progress-updates") == 0) snprintf(label, sizeof label, "Progress updates");
        cap_first(label);
        json_t *child = json_pack("{s:s, s:o}", "title", label, "items", items);
        if (may_write(&c.actor, ce, body)) {
            snprintf(href, sizeof href, "/record/%s/new?%s%s%s%s=%lld", ce->name, *body ? "body=" : "", body,
                     *body ? "&" : "", ch->fk, id);
            snprintf(text, sizeof text, "Add %s %s", article(ce->label), ce->label);
            json_object_set_new(child, "add", json_pack("{s:s, s:s}", "href", href, "text", text));
        }
        json_array_append_new(children, child);
    }

    char heading[240], caption[100], page[160] = "";
    row_label(row, text, sizeof text);
    snprintf(caption, sizeof caption, "%s", e->label);
    cap_first(caption);
    snprintf(heading, sizeof heading, "%s", text);
    if (strcmp(e->name, "causes-of-concern") == 0) snprintf(page, sizeof page, "/causes-of-concern/%lld", id);
    if (strcmp(e->name, "recommendations") == 0) snprintf(page, sizeof page, "/recommendations/%lld", id);
    json_t *ctx = json_pack("{s:s, s:s, s:o, s:o, s:o}", "caption", caption, "heading", heading, "rows", rows,
                            "actions", actions, "children", children);
    if (*page) json_object_set_new(ctx, "page", json_string(page));
    if (*body) {
        snprintf(href, sizeof href, "/bodies/%s", body);
        json_object_set_new(ctx, "body_href", json_string(href));
    }
    if (http_request_query(req, "saved")) {
        snprintf(text, sizeof text, "The %s is recorded.", e->label);
        json_object_set_new(ctx, "saved", json_string(text));
    }
    if (strcmp(e->name, "progress-updates") == 0) evidence_part(req, ctx, &c, id, body, upload_error);
    web_audit_history(req, &c.actor, e->name, id, ctx);   /* staff: the change history */
    json_decref(row);
    web_render(req, resp, view_status, "form_view", heading, &c.actor, ctx);
}

int web_record_edit(http_request_t *req, http_response_t *resp)
{
    web_caller_t c;
    form_caller(req, &c);
    const entity_def_t *e = form_entity(req);
    long long id = http_request_param_id(req, "id");
    if (!e || !id) {
        web_error(req, resp, 404, "Page not found", "There is no such item.", &c.actor);
        return 0;
    }
    if (form_need_login(req, resp, &c) != 0) return 0;
    char body[64];
    json_t *row = load_row(req, resp, &c, e, id, -1, body);
    if (!row) return 0;
    json_t *values = json_object();
    for (const field_def_t *f = e->fields; f->name; f++) {
        char text[64];
        json_t *v = json_object_get(row, f->name);
        if (json_is_string(v)) json_object_set_new(values, f->name, json_string(json_string_value(v)));
        else {
            value_text(v, text, sizeof text);
            json_object_set_new(values, f->name, json_string(text));
        }
    }
    long long version = json_integer_value(json_object_get(row, "version"));
    json_decref(row);
    form_page(req, resp, 200, &c, e, id, version, body, values, NULL, NULL);
    json_decref(values);
    return 0;
}

int web_record_update(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    web_caller_t c;
    http_form_t form;
    const entity_def_t *e = form_entity(req);
    long long id = http_request_param_id(req, "id");
    if (form_post_begin(req, resp, &c, &form) != 0) return 0;
    if (!e || !id) {
        http_form_free(&form);
        web_error(req, resp, 404, "Page not found", "There is no such item.", &c.actor);
        return 0;
    }
    const char *vs = http_form_get(&form, "version");
    char *end = NULL;
    long long version = vs ? strtoll(vs, &end, 10) : -1;
    if (!vs || !*vs || *end || version < 0) {
        http_form_free(&form);
        web_error(req, resp, 400, "The form could not be read",
                  "The form did not say which version of the record it changes. Reload the page and try again.",
                  &c.actor);
        return 0;
    }
    form_input_t fi;
    form_input(e, &form, 0, &fi);
    char body[64] = "";
    ov_error_t err = {0};
    /* the store authorises the row as it was and as it would be, as the
     * API's PATCH does: no field may carry it into another body's record */
    store_authz_t authz = app_actor_authz(&c.actor);
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_entity_body(s, e, id, body, &err), denied = 0;
    if (rc == 0 && !may_write(&c.actor, e, body)) denied = 1;
    else if (rc == 0 && json_object_size(fi.errors) == 0)
        rc = store_entity_update(s, e, id, version, fi.in, &authz, &err);
    store_pool_release(app->pool, s);
    if (denied || rc == OV_EFORBIDDEN) {
        char detail[200];
        snprintf(detail, sizeof detail, "Your account (%s) may not change this %s%s.", c.actor.role, e->label,
                 denied ? "" : " so: it would belong to a body you may not write for");
        web_error(req, resp, 403, "You cannot do this", detail, &c.actor);
    } else if (rc == OV_ESTALE) {
        char notice[300];
        snprintf(notice, sizeof notice,
                 "This %s was changed by someone else after you opened this form; reload to see their changes, "
                 "then make yours again.", e->label);
        form_page(req, resp, 412, &c, e, id, version, body, fi.values, fi.errors, notice);
    } else if (rc != 0 && (err.status == OV_ENOTFOUND || !store_error_to_form(&err, fi.errors))) {
        web_error_store(req, resp, &err, &c.actor);
    } else if (json_object_size(fi.errors)) {
        form_page(req, resp, 422, &c, e, id, version, body, fi.values, fi.errors, NULL);
    } else {
        redirect_saved(resp, e, id);
    }
    form_input_free(&fi);
    return 0;
}
