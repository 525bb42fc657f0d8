/*
 * page_releases.c: the news releases as pages and forms (see
 * page_releases.h), through the code paths of the JSON API: app_release_*,
 * release_approve, release_publish. The store refuses the approval of
 * whoever drafted or edited a release (four eyes, core/approval.h); the
 * page says so in the words of the API.
 */
#include "web/page_releases.h"
#include "web/form.h"
#include "web/format.h"
#include "app/actor.h"
#include "app/releases.h"
#include "core/roles.h"
#include "core/jget.h"
#include "docs/release.h"
#include "store/letters.h"
#include "store/releases.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the list ---- */

/* The draft form's fields with the posted values (form may be NULL: body
 * preselected as `body`). New array. */
static json_t *draft_fields(const http_form_t *form, const char *body)
{
    json_t *fields = json_array();
    json_t *f = form_field_new("body", "Body", "text", 1, "Its code, as in its page's address: for example met");
    form_field_value(f, form ? http_form_get(form, "body") : body);
    json_array_append_new(fields, f);
    f = form_field_new("letter_id", "The letter it goes with", "number", 0,
                       "The letter's number (as in /letters/12.html); it is published with it");
    form_field_value(f, form ? http_form_get(form, "letter_id") : NULL);
    json_array_append_new(fields, f);
    f = form_field_new("published_on", "Published on", "day", 0,
                       "The day it is (to be) published, if known; else the letter's");
    form_field_value(f, form ? http_form_get(form, "published_on") : NULL);
    json_array_append_new(fields, f);
    return fields;
}

static void list_page(http_request_t *req, http_response_t *resp, int status, const web_caller_t *c, const char *body,
                      const http_form_t *form, json_t *errors)
{
    app_t *app = req->app;
    const app_actor_t *actor = &c->actor;
    int published_only = !app_allowed(actor, PERM_RECORD, body);
    int can_draft = actor->user_id && app_allowed(actor, PERM_RECORD, actor->body[0] ? actor->body : body);
    char today[DATE_TEXT_MAX];
    app_today_text(app, today);
    ov_error_t err = {0};
    json_t *rows = NULL, *list = json_array();
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_releases_list(s, body, published_only ? today : NULL, &rows, &err);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        if (rc) break;
        json_t *m = NULL;
        rc = release_view(s, json_integer_value(json_object_get(r, "id")), &m, &err);
        const char *st = jget_text(r, "status");
        int published = strcmp(st, "published") == 0;
        if (rc == 0)
            json_array_append_new(list, json_pack("{s:O, s:s, s:s, s:s, s:b, s:b, s:b, s:o}", "id",
                                                  json_object_get(r, "id"), "headline", jget_text(m, "headline"),
                                                  "code", jget_text(r, "body"), "body_name", jget_text(r, "body_name"),
                                                  "published", published, "draft", strcmp(st, "draft") == 0,
                                                  "approved", strcmp(st, "approved") == 0, "published_on",
                                                  web_date(published ? jget_str(r, "published_on") : NULL)));
        json_decref(m);
    }
    store_pool_release(app->pool, s);
    json_decref(rows);
    if (rc) {
        json_decref(list);
        web_error_store(req, resp, &err, actor);
        return;
    }
    json_t *ctx = json_pack("{s:o, s:b}", "releases", list, "any", json_array_size(list) > 0);
    if (body) json_object_set_new(ctx, "body", json_string(body));
    if (can_draft) {
        json_t *fields = draft_fields(form, body);
        form_apply_errors(ctx, fields, errors);
        json_object_set_new(ctx, "draft_form", json_pack("{s:o}", "fields", fields));
        json_object_set_new(ctx, "csrf", json_string(c->csrf));
    }
    web_render(req, resp, status, "releases", "News releases", actor, ctx);
}

int web_page_releases(http_request_t *req, http_response_t *resp)
{
    web_caller_t c;
    form_caller(req, &c);
    const char *body = http_request_query(req, "body");
    list_page(req, resp, 200, &c, body && *body ? body : NULL, NULL, NULL);
    return 0;
}

/* ---- one release ---- */

/* What a failed form leaves on the page: the block (or "quote") it was
 * for, the message by its field, and the text typed. */
typedef struct typed {
    const char *block;          /* a block key, or "quote" */
    json_t *errors;             /* {field: message}; borrowed */
    const http_form_t *form;    /* the posted form, its values kept */
} typed_t;

static const char *const QUOTE_FIELDS[][4] = {
    {"speaker", "Who said it", "text", "Their name, as the release gives it: for example Lee Freeman"},
    {"speaker_title", "Their title", "text", "For example His Majesty\u2019s Inspector of Constabulary"},
    {"text", "What they said", "textarea", "Without quotation marks; paragraphs separated by a blank line"},
    {"source", "Source", "text", "Where and when it was said or recorded"},
};

/* The approve or publish buttons of release model m for actor, or NULL. */
static json_t *buttons_for(store_t *s, const web_caller_t *c, const json_t *m, const json_t *row)
{
    const char *status = jget_text(m, "status");
    if (!c->actor.user_id || strcmp(status, "published") == 0 || !app_allowed(&c->actor, PERM_CLOSE, jget_text(m, "body")))
        return NULL;
    int draft = strcmp(status, "draft") == 0;
    json_t *b = json_pack("{s:b, s:b}", "approve", draft, "publish", !draft);
    json_t *editors = NULL;
    ov_error_t err = {0};
    long long id = json_integer_value(json_object_get(m, "id"));
    if (b && draft && store_release_editors(s, id, &editors, &err) == 0
        && form_four_eyes(jget_str(row, "created_by"), editors, c->actor.username, &err) == OV_EFORBIDDEN)
        json_object_set_new(b, "four_eyes", json_string(err.message));
    json_decref(editors);
    return b;
}

static void release_page(http_request_t *req, http_response_t *resp, int status, const web_caller_t *c, long long id,
                         const typed_t *t)
{
    app_t *app = req->app;
    char today[DATE_TEXT_MAX];
    app_today_text(app, today);
    ov_error_t err = {0};
    json_t *m = NULL, *row = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = app_release_readable(s, &c->actor, id, today, &m, &err);
    if (rc == 0) rc = store_release_get(s, id, &row, &err);
    json_t *buttons = rc == 0 ? buttons_for(s, c, m, row) : NULL;
    store_pool_release(app->pool, s);
    if (rc == OV_ENOTFOUND || rc == OV_EFORBIDDEN) {
        web_error(req, resp, 404, "Page not found", "There is no published news release at this address.", &c->actor);
        goto done;
    }
    if (rc) {
        web_error_store(req, resp, &err, &c->actor);
        goto done;
    }
    buf_t art = BUF_INIT;
    release_render_html_article(m, &art);
    const char *body = jget_text(m, "body");
    const char *st = jget_text(m, "status");
    int staff = app_allowed(&c->actor, PERM_RECORD, body);
    json_t *ctx = json_pack("{s:O, s:s, s:s, s:O, s:s, s:b, s:b, s:b, s:O, s:s}", "id", json_object_get(m, "id"),
                            "body", body, "body_name", jget_text(m, "body_name"), "letter_id",
                            json_object_get(m, "letter_id"), "article", art.data ? art.data : "", "staff", staff,
                            "draft", strcmp(st, "draft") == 0, "approved", strcmp(st, "approved") == 0, "version",
                            json_object_get(m, "version"), "csrf", c->csrf);
    buf_free(&art);
    if (staff && strcmp(st, "draft") == 0) {
        json_t *blocks = json_array(), *b;
        size_t i;
        json_array_foreach(json_object_get(m, "blocks"), i, b) {
            const char *key = jget_text(b, "key");
            int items = strcmp(key, "improvements") == 0, mine = t && strcmp(t->block, key) == 0;
            const char *text = mine ? http_form_get(t->form, "text") : jget_text(b, "text");
            const char *msg = mine ? json_string_value(json_object_get(t->errors, "text")) : NULL;
            char lower[96], described[96] = "";
            snprintf(lower, sizeof lower, "%s", jget_text(b, "label"));
            lower[0] = (char)(lower[0] >= 'A' && lower[0] <= 'Z' ? lower[0] - 'A' + 'a' : lower[0]);
            if (items) snprintf(described, sizeof described, "f-%s-text-hint", key);
            if (msg) snprintf(described + strlen(described), sizeof described - strlen(described), "%sf-%s-text-error",
                              *described ? " " : "", key);
            json_t *v = json_pack("{s:O, s:s, s:s, s:s, s:s, s:O, s:b, s:i, s:O, s:s, s:s}", "id",
                                  json_object_get(m, "id"), "key", key, "label", jget_text(b, "label"), "label_lower",
                                  lower, "text", text ? text : "", "edited", json_object_get(b, "edited"),
                                  "items_hint", items, "rows", strcmp(key, "headline") == 0 ? 2 : 6, "version",
                                  json_object_get(m, "version"), "csrf", c->csrf, "reason",
                                  mine && http_form_get(t->form, "reason") ? http_form_get(t->form, "reason") : "");
            if (v && msg) json_object_set_new(v, "error", json_string(msg));
            if (v && *described) json_object_set_new(v, "described", json_string(described));
            json_array_append_new(blocks, v);
        }
        json_t *qf = json_array();
        int quote = t && strcmp(t->block, "quote") == 0;
        for (size_t k = 0; k < sizeof QUOTE_FIELDS / sizeof QUOTE_FIELDS[0]; k++) {
            int req_ = strcmp(QUOTE_FIELDS[k][0], "speaker") == 0 || strcmp(QUOTE_FIELDS[k][0], "text") == 0;
            json_t *f = form_field_new(QUOTE_FIELDS[k][0], QUOTE_FIELDS[k][1], QUOTE_FIELDS[k][2], req_,
                                       QUOTE_FIELDS[k][3]);
            if (quote) form_field_value(f, http_form_get(t->form, QUOTE_FIELDS[k][0]));
            json_array_append_new(qf, f);
        }
        if (quote) form_apply_errors(ctx, qf, t->errors);
        if (t && !quote && t->errors) {
            /* the summary links the block's field */
            json_t *items = json_array();
            const char *key;
            json_t *msg;
            json_object_foreach(t->errors, key, msg) {
                char name[64];
                snprintf(name, sizeof name, "%s-%s", t->block, strcmp(key, "text") == 0 ? "text" : key);
                json_array_append_new(items, json_pack("{s:s, s:O}", "name", name, "message", msg));
            }
            json_object_set_new(ctx, "error_summary", json_pack("{s:o}", "items", items));
        }
        json_object_set_new(ctx, "edit", json_pack("{s:o, s:o}", "blocks", blocks, "quote_fields", qf));
    }
    if (buttons) json_object_set_new(ctx, "buttons", buttons);
    buttons = NULL;
    if (staff) {
        json_t *hist = json_array(), *h;
        size_t i;
        json_array_foreach(json_object_get(m, "history"), i, h) {
            const char *label = jget_text(h, "block");
            json_t *b;
            size_t k;
            json_array_foreach(json_object_get(m, "blocks"), k, b)
                if (strcmp(jget_text(b, "key"), label) == 0) label = jget_text(b, "label");
            json_array_append_new(hist, json_pack("{s:s, s:s, s:s, s:s}", "label", label, "edited_by",
                                                  jget_text(h, "edited_by"), "edited_at", jget_text(h, "edited_at"),
                                                  "reason", jget_text(h, "reason")));
        }
        json_object_set_new(ctx, "any_history", json_boolean(json_array_size(hist) > 0));
        json_object_set_new(ctx, "history", hist);
    }
    web_render(req, resp, status, "release", jget_text(m, "headline"), &c->actor, ctx);
done:
    json_decref(buttons);
    json_decref(row);
    json_decref(m);
}

int web_page_release(http_request_t *req, http_response_t *resp)
{
    web_caller_t c;
    form_caller(req, &c);
    long long id = http_request_param_id(req, "id");
    if (id <= 0) {
        web_error(req, resp, 404, "Page not found", "There is no news release at this address.", &c.actor);
        return 0;
    }
    release_page(req, resp, 200, &c, id, NULL);
    return 0;
}

/* ---- the forms ---- */

int web_release_create(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    web_caller_t c;
    http_form_t form;
    if (form_post_begin(req, resp, &c, &form) != 0) return 0;
    const char *body = http_form_get(&form, "body");
    if (!app_allowed(&c.actor, PERM_RECORD, body && *body ? body : c.actor.body[0] ? c.actor.body : NULL)) {
        http_form_free(&form);
        form_deny(req, resp, &c, "draft news releases");
        return 0;
    }
    json_t *in = json_object(), *errors = json_object();
    if (body && *body) json_object_set_new(in, "body", json_string(body));
    const char *lid = http_form_get(&form, "letter_id"), *on = http_form_get(&form, "published_on");
    if (lid && *lid) {
        char *end = NULL;
        long long v = strtoll(lid, &end, 10);
        if (*end || v <= 0) json_object_set_new(errors, "letter_id", json_string("Enter the letter's number, like 12"));
        else json_object_set_new(in, "letter_id", json_integer(v));
    }
    if (on && *on) json_object_set_new(in, "published_on", json_string(on));
    if (!body || !*body) json_object_set_new(errors, "body", json_string("Enter the body's code"));
    long long id = 0;
    ov_error_t err = {0};
    if (json_object_size(errors) == 0) {
        store_t *s = store_pool_acquire(app->pool);
        int rc = app_release_draft(s, in, &c.actor, &id, &err);
        store_pool_release(app->pool, s);
        if (rc == OV_EINVALID) {
            char msg[300];
            form_error_message(&err, err.field[0] ? err.field : "body", msg, sizeof msg);
            json_object_set_new(errors, err.field[0] ? err.field : "body", json_string(msg));
        } else if (rc) {
            web_error_store(req, resp, &err, &c.actor);
            goto done;
        }
    }
    if (json_object_size(errors)) {
        list_page(req, resp, 422, &c, body && *body ? body : NULL, &form, errors);
    } else {
        char loc[64];
        snprintf(loc, sizeof loc, "/releases/%lld", id);
        form_redirect(resp, loc);
    }
done:
    json_decref(in);
    json_decref(errors);
    http_form_free(&form);
    return 0;
}

/* The release of a form post: its id and body, the caller allowed perm on
 * it, the version posted. 0, or -1 with resp the refusal (the form freed). */
static int release_post(http_request_t *req, http_response_t *resp, web_caller_t *c, http_form_t *form, int perm,
                        const char *what, long long *id, long long *version)
{
    app_t *app = req->app;
    if (form_post_begin(req, resp, c, form) != 0) return -1;
    *id = http_request_param_id(req, "id");
    json_t *head = NULL;
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = *id > 0 ? store_release_head(s, *id, &head, &err) : OV_ENOTFOUND;
    store_pool_release(app->pool, s);
    const char *vs = http_form_get(form, "version");
    char *end = NULL;
    *version = vs && *vs ? strtoll(vs, &end, 10) : -1;
    if (rc == OV_ENOTFOUND) web_error(req, resp, 404, "Page not found", "There is no such news release.", &c->actor);
    else if (rc) web_error_store(req, resp, &err, &c->actor);
    else if (!app_allowed(&c->actor, perm, jget_text(head, "body"))) form_deny(req, resp, c, what);
    else if (!vs || !*vs || *end || *version <= 0)
        web_error(req, resp, 400, "The form could not be read",
                  "The form did not say which version of the news release it changes. Reload the page and try "
                  "again.", &c->actor);
    else rc = -2;
    json_decref(head);
    if (rc != -2) {
        http_form_free(form);
        return -1;
    }
    return 0;
}

static void stale(http_request_t *req, http_response_t *resp, const web_caller_t *c)
{
    web_error(req, resp, 412, "The news release was changed by someone else",
              "The news release was changed by someone else after you loaded the page; reload it to see it as it is "
              "now, then try again.", &c->actor);
}

/* blocks (quote 0) and quotes (quote 1) */
static int change(http_request_t *req, http_response_t *resp, int quote)
{
    app_t *app = req->app;
    web_caller_t c;
    http_form_t form;
    long long id = 0, version = 0;
    if (release_post(req, resp, &c, &form, PERM_RECORD, "change news releases", &id, &version) != 0) return 0;
    ov_error_t err = {0};
    json_t *in = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc;
    if (quote) {
        in = json_object();
        for (size_t k = 0; k < sizeof QUOTE_FIELDS / sizeof QUOTE_FIELDS[0]; k++) {
            const char *v = http_form_get(&form, QUOTE_FIELDS[k][0]);
            if (v && *v) json_object_set_new(in, QUOTE_FIELDS[k][0], json_string(v));
        }
        rc = app_release_quote_add(s, id, version, in, &c.actor, &err);
    } else {
        rc = app_release_edit(s, id, version, http_form_get(&form, "block"), http_form_get(&form, "text"),
                              http_form_get(&form, "reason"), &c.actor, &err);
    }
    store_pool_release(app->pool, s);
    if (rc == 0) {
        char loc[96];
        snprintf(loc, sizeof loc, "/releases/%lld#%s", id, quote ? "add-quote" : "edit-release");
        form_redirect(resp, loc);
    } else if (rc == OV_ESTALE) {
        stale(req, resp, &c);
    } else if (rc == OV_EINVALID) {
        json_t *errors = json_object();
        const char *field = err.field[0] && strcmp(err.field, "release_id") != 0 ? err.field : "text";
        char msg[300];
        form_error_message(&err, field, msg, sizeof msg);
        json_object_set_new(errors, field, json_string(msg));
        const char *block = http_form_get(&form, "block");
        typed_t t = {quote ? "quote" : release_block_valid(block) ? block : "headline", errors, &form};
        release_page(req, resp, 422, &c, id, &t);
        json_decref(errors);
    } else if (rc == OV_ECONFLICT) {
        web_error(req, resp, 409, "This cannot be done now", err.message, &c.actor);
    } else {
        web_error_store(req, resp, &err, &c.actor);
    }
    json_decref(in);
    http_form_free(&form);
    return 0;
}

int web_release_edit(http_request_t *req, http_response_t *resp)
{
    return change(req, resp, 0);
}

int web_release_quote(http_request_t *req, http_response_t *resp)
{
    return change(req, resp, 1);
}

/* "Check your answers" before publishing release id at version (as the
 * letters' check page, form_check_render): the release as it will be
 * published, its letter, and who will see it from when. 0, or an error
 * with err (nothing rendered). */
static int publish_check_page(http_request_t *req, http_response_t *resp, const web_caller_t *c, store_t *s,
                              long long id, long long version, ov_error_t *err)
{
    char today[DATE_TEXT_MAX], d[WEB_DATE_TEXT_MAX], action[96], cancel[96], vs[32], line[200], audience[400];
    form_today(req, today);
    json_t *m = NULL, *head = NULL, *letter = NULL;   /* owned */
    buf_t art = BUF_INIT;
    int rc = release_view(s, id, &m, err);
    if (rc == 0) rc = store_release_head(s, id, &head, err);
    json_t *lid = rc == 0 ? json_object_get(head, "letter_id") : NULL;
    if (rc == 0 && json_is_integer(lid)) rc = store_letter_head(s, json_integer_value(lid), &letter, err);
    if (rc) goto done;
    if (json_integer_value(json_object_get(m, "version")) != version) {
        rc = ov_error_set(err, OV_ESTALE, "If-Match", "the news release changed meanwhile; reload it");
        goto done;
    }
    release_render_html_article(m, &art);
    const char *on = jget_str(m, "published_on");
    json_t *rows = json_array();
    json_array_append_new(rows, json_pack("{s:s, s:s}", "label", "News release", "value", jget_text(m, "headline")));
    json_array_append_new(rows, json_pack("{s:s, s:s}", "label", "Body", "value", jget_text(m, "body_name")));
    if (letter)
        snprintf(line, sizeof line, "Letter %lld (%s)%s", (long long)json_integer_value(lid), jget_text(letter, "status"),
                 strcmp(jget_text(letter, "status"), "approved") == 0 ? ": published with it" : "");
    else snprintf(line, sizeof line, "None");
    json_array_append_new(rows, json_pack("{s:s, s:s}", "label", "The letter it goes with", "value", line));
    json_array_append_new(rows, json_pack("{s:s, s:s}", "label", "Status", "value",
                                          "Published (it is approved now; its words are frozen)"));
    json_array_append_new(rows, json_pack("{s:s, s:s}", "label", "Published on", "value",
                                          on && *on ? web_format_date(on, d) : "no date given: public from now"));
    int pub = form_publication_audience("news release", on, today, audience, sizeof audience);
    snprintf(action, sizeof action, "/record/releases/%lld/publish", id);
    snprintf(cancel, sizeof cancel, "/releases/%lld", id);
    snprintf(vs, sizeof vs, "%lld", version);
    form_check_t chk = {.caption = jget_text(m, "body_name"), .heading = "Publish this news release",
                        .verb = "publish it", .confirm = "Confirm and publish", .action = action, .cancel = cancel,
                        .rows = rows, .hidden = json_pack("[{s:s, s:s}]", "name", "version", "value", vs),
                        .is_public = pub, .audience = audience, .preview = art.data ? art.data : ""};
    form_check_render(req, resp, c, &chk);
done:
    buf_free(&art);
    json_decref(letter);
    json_decref(head);
    json_decref(m);
    return rc;
}

static int advance(http_request_t *req, http_response_t *resp, int publish)
{
    app_t *app = req->app;
    web_caller_t c;
    http_form_t form;
    long long id = 0, version = 0;
    if (release_post(req, resp, &c, &form, PERM_CLOSE, publish ? "publish news releases" : "approve news releases",
                     &id, &version) != 0)
        return 0;
    ov_error_t err = {0};
    char href[64];
    snprintf(href, sizeof href, "/releases/%lld", id);
    const char *confirm = http_form_get(&form, "confirm");
    store_t *s = store_pool_acquire(app->pool);
    int rc;
    if (publish && http_form_get(&form, "back")) {
        store_pool_release(app->pool, s);
        form_redirect(resp, href);
        http_form_free(&form);
        return 0;
    }
    /* publishing goes through the check page first (confirm=yes to do it),
     * unless the release is not approved: then the refusal at once */
    json_t *head = NULL;
    int approved = publish && store_release_get(s, id, &head, &err) == 0
                   && strcmp(jget_text(head, "status"), "approved") == 0;
    json_decref(head);
    if (approved && !(confirm && strcmp(confirm, "yes") == 0)) {
        rc = publish_check_page(req, resp, &c, s, id, version, &err);
        store_pool_release(app->pool, s);
        if (rc == OV_ESTALE) stale(req, resp, &c);
        else if (rc) web_error_store(req, resp, &err, &c.actor);
        http_form_free(&form);
        return 0;
    }
    rc = publish ? release_publish(s, id, version, c.actor.username, &err)
                 : release_approve(s, id, version, c.actor.username, &err);
    store_pool_release(app->pool, s);
    if (rc == 0 && publish) {
        json_t *ctx = json_pack("{s:s, s:s, s:s}", "message", "The news release is published", "href", href, "link",
                                "See the published news release");
        web_render(req, resp, 200, "done", "The news release is published", &c.actor, ctx);
    } else if (rc == 0) {
        form_redirect(resp, href);
    } else if (rc == OV_ESTALE) {
        stale(req, resp, &c);
    } else if (rc == OV_EFORBIDDEN && err.rule) {
        web_error(req, resp, 403, "Another person must approve this news release", err.message, &c.actor);
    } else if (rc == OV_ECONFLICT) {
        web_error(req, resp, 409, "This cannot be done now", err.message, &c.actor);
    } else {
        web_error_store(req, resp, &err, &c.actor);
    }
    http_form_free(&form);
    return 0;
}

int web_release_approve(http_request_t *req, http_response_t *resp)
{
    return advance(req, resp, 0);
}

int web_release_publish(http_request_t *req, http_response_t *resp)
{
    return advance(req, resp, 1);
}
