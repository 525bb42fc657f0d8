/*
 * page_letters.c: GET /letters[?body=CODE], the public index of published
 * letters, newest first, each linked to its page (/letters/{id}.html) and
 * its PDF (/letters/{id}.pdf). Staff who may draft letters for the body
 * (PERM_RECORD, as GET /api/v1/letters) also see drafts and approved
 * letters, marked as not yet published; those who may draft also get
 * the "Draft a letter" form, and inspectors and HMCI (PERM_CLOSE on the
 * letter's body) an Approve button on a draft and a Publish button on an
 * approved letter (form_letters.c does the POSTs); on a draft they drafted
 * or changed they get, instead of Approve, the words of the four-eyes rule
 * (core/approval.h) that would refuse it.
 *
 * GET /letters/{id}.html, the letter's own page: for its body's staff a
 * draft's warnings (nobody in post on its date), its blocks to edit and
 * the history of their edits, and the same Approve or Publish, each
 * through a check page with the letter as it will be published
 * (form_letters.c).
 */
#include "web/page.h"
#include "web/form.h"
#include "web/form_letters.h"
#include "web/format.h"
#include "store/letters.h"
#include "store/bodies.h"
#include "app/letters.h"
#include "app/actor.h"
#include "core/roles.h"
#include "docs/letter.h"
#include <stdlib.h>
#include <string.h>

/* One row for the template: {id, title, code, body_name, kind, published,
 * draft, approved, published_on, sent_on, buttons (add_buttons) or null}.
 * New object. */
static json_t *letter_row(const json_t *row)
{
    json_t *buttons = json_object_get(row, "buttons");
    const char *status = web_str(row, "status");
    int published = status && strcmp(status, "published") == 0;
    return json_pack("{s:O, s:s?, s:s?, s:s?, s:s?, s:b, s:b, s:b, s:o, s:o, s:o}", "id", json_object_get(row, "id"),
                     "title", web_str(row, "title"), "code", web_str(row, "body"), "body_name",
                     web_str(row, "body_name"), "kind", web_str(row, "kind"), "published", published, "draft",
                     status && strcmp(status, "draft") == 0, "approved", status && strcmp(status, "approved") == 0,
                     "published_on", web_date(published ? web_str(row, "published_on") : NULL), "sent_on",
                     web_date(web_str(row, "sent_on")), "buttons", buttons ? json_incref(buttons) : json_null());
}

/* For each letter not yet published whose body's letters actor may
 * approve and publish (PERM_CLOSE, as the API): buttons {version,
 * approve|publish} in the row. */
static void add_buttons(store_t *s, const app_actor_t *actor, json_t *letters)
{
    size_t i;
    json_t *row;
    if (!actor->user_id) return;
    json_array_foreach(letters, i, row) {
        const char *status = web_str(row, "status");
        if (!status || strcmp(status, "published") == 0 || !app_allowed(actor, PERM_CLOSE, web_str(row, "body")))
            continue;
        json_t *full = NULL;
        ov_error_t err = {0};
        if (store_letter_get(s, json_integer_value(json_object_get(row, "id")), &full, &err) != 0) continue;
        int draft = strcmp(status, "draft") == 0;
        json_t *buttons = json_pack("{s:O, s:b, s:b}", "version", json_object_get(full, "version"), "approve", draft,
                                    "publish", !draft);
        /* the drafter, and whoever changed the draft, get the four-eyes
         * rule's words instead of Approve */
        json_t *editors = NULL;
        if (buttons && draft
            && store_letter_editors(s, json_integer_value(json_object_get(row, "id")), &editors, &err) == 0
            && form_four_eyes(web_str(full, "created_by"), editors, actor->username, &err) == OV_EFORBIDDEN)
            json_object_set_new(buttons, "four_eyes", json_string(err.message));
        json_decref(editors);
        json_object_set_new(row, "buttons", buttons);
        json_decref(full);
    }
}

int web_page_letters(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    web_caller_t c;
    form_caller(req, &c);
    const app_actor_t *actor = &c.actor;
    const char *body = http_request_query(req, "body");
    if (body && !*body) body = NULL;
    /* drafts are for those who draft them; everyone sees what is published */
    int published_only = !app_allowed(actor, PERM_RECORD, body);
    /* who may draft: as POST /api/v1/letters (the body is checked again on the post) */
    int can_draft = actor->user_id && app_allowed(actor, PERM_RECORD, actor->body[0] ? actor->body : body);
    ov_error_t err = {0};
    json_t *index = NULL, *draft_fields = NULL;
    store_t *s = store_pool_acquire(app->pool);
    char today[DATE_TEXT_MAX];
    app_today_text(app, today);
    int rc = letter_index(s, body, published_only ? today : NULL, &index, &err);
    if (rc == 0) {
        add_buttons(s, actor, json_object_get(index, "letters"));
        if (can_draft) draft_fields = form_letters_fields(s, NULL, body);
    }
    store_pool_release(app->pool, s);
    if (rc == OV_ENOTFOUND) {
        web_error(req, resp, 404, "Not found", "There is no body with that code.", actor);
        return 0;
    }
    if (rc != 0) {
        web_error_store(req, resp, &err, actor);
        return 0;
    }
    json_t *letters = json_object_get(index, "letters"), *list = json_array();
    size_t i, unpublished = 0;
    json_t *row;
    json_array_foreach(letters, i, row) {
        json_t *v = letter_row(row);
        if (!v) continue;
        if (!json_is_true(json_object_get(v, "published"))) unpublished++;
        json_array_append_new(list, v);
    }
    size_t n = json_array_size(list);
    json_t *ctx = json_pack("{s:o, s:b, s:I, s:I, s:b}", "letters", list, "any", n > 0, "count",
                            (json_int_t)(n - unpublished), "unpublished", (json_int_t)unpublished, "staff",
                            !published_only);
    const json_t *b = json_object_get(index, "body");
    if (json_is_object(b) && ctx) {
        json_object_set(ctx, "body", json_object_get(b, "code"));
        json_object_set(ctx, "body_name", json_object_get(b, "name"));
    }
    json_decref(index);
    if (ctx && draft_fields) {
        json_object_set_new(ctx, "draft_form", json_pack("{s:O}", "fields", draft_fields));
        json_object_set_new(ctx, "csrf", json_string(c.csrf));
    }
    json_decref(draft_fields);
    /* the buttons' forms need the token too */
    if (ctx && c.csrf[0] && !json_object_get(ctx, "csrf")) json_object_set_new(ctx, "csrf", json_string(c.csrf));
    web_render(req, resp, 200, "letters", "Letters", actor, ctx);
    return 0;
}

/* The kind of a letter's block in words. */
static const char *block_kind(const json_t *b)
{
    const char *t = web_str(b, "type");
    if (!t) return "Block";
    return strcmp(t, "h2") == 0 ? "Heading" : strcmp(t, "h3") == 0 ? "Subheading" : strcmp(t, "bullets") == 0 ? "List" : "Paragraph";
}

/* "Paragraph 4" (its position counted from 1 for people). */
static void block_label(const json_t *blocks, long long pos, char *out, size_t n)
{
    const json_t *b = pos >= 0 ? json_array_get(blocks, (size_t)pos) : NULL;
    snprintf(out, n, "%s %lld", b ? block_kind(b) : "Block", pos + 1);
}

/* The staff's part of a draft's page into ctx: warnings, the blocks to
 * edit (t: one posted with its error, may be NULL) and the history. */
static void staff_part(json_t *ctx, const json_t *model, const web_caller_t *c, const letter_typed_t *t)
{
    const json_t *blocks = json_object_get(model, "blocks");
    int draft = strcmp(web_str(model, "status") ? web_str(model, "status") : "", "draft") == 0;
    if (draft) {
        json_object_set(ctx, "warnings", json_object_get(model, "warnings"));
        json_object_set_new(ctx, "any_warnings", json_boolean(json_array_size(json_object_get(model, "warnings")) > 0));
        json_t *list = json_array(), *b;
        size_t i;
        json_array_foreach(blocks, i, b) {
            int mine = t && t->block == (long long)i;
            char *words = letter_block_text(b);
            char label[64], described[96] = "";
            block_label(blocks, (long long)i, label, sizeof label);
            int items = strcmp(web_str(b, "type") ? web_str(b, "type") : "", "bullets") == 0;
            if (items) snprintf(described, sizeof described, "f-%zu-text-hint", i);
            if (mine && t->error)
                snprintf(described + strlen(described), sizeof described - strlen(described), "%sf-%zu-text-error",
                         *described ? " " : "", i);
            const char *text = mine ? t->text : words ? words : "";
            size_t len = strlen(text);
            json_t *v = json_pack("{s:I, s:s, s:s, s:b, s:b, s:I, s:s, s:O, s:s, s:O}", "pos", (json_int_t)i, "label",
                                  label, "text", text, "edited", json_is_true(json_object_get(b, "edited")),
                                  "items_hint", items, "rows", (json_int_t)(len > 600 ? 10 : len > 200 ? 6 : 3),
                                  "reason", mine && t->reason ? t->reason : "", "version",
                                  json_object_get(model, "version"), "csrf", c->csrf, "id", json_object_get(model, "id"));
            if (v && mine && t->error) json_object_set_new(v, "error", json_string(t->error));
            if (v && *described) json_object_set_new(v, "described", json_string(described));
            if (v) json_array_append_new(list, v);
            free(words);
        }
        json_object_set_new(ctx, "edit", json_pack("{s:o}", "blocks", list));
        if (t && t->error) {
            char name[48];
            snprintf(name, sizeof name, "%lld-text", t->block);
            json_object_set_new(ctx, "error_summary",
                                json_pack("{s:[{s:s, s:s}]}", "items", "name", name, "message", t->error));
        }
    }
    json_t *hist = json_array(), *h;
    size_t i;
    json_array_foreach(json_object_get(model, "history"), i, h) {
        char label[64], when[WEB_DATE_TEXT_MAX + 16] = "";
        block_label(blocks, json_integer_value(json_object_get(h, "block")), label, sizeof label);
        const char *at = web_str(h, "edited_at") ? web_str(h, "edited_at") : "";
        char day[11];
        snprintf(day, sizeof day, "%s", at);
        web_format_date(day, when);
        if (strlen(at) >= 16) snprintf(when + strlen(when), sizeof when - strlen(when), " at %.5s UTC", at + 11);
        json_array_append_new(hist, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "label", label, "edited_by",
                                              web_str(h, "edited_by") ? web_str(h, "edited_by") : "", "edited_at",
                                              when, "old_text", web_str(h, "old_text") ? web_str(h, "old_text") : "",
                                              "text", web_str(h, "text") ? web_str(h, "text") : "", "reason",
                                              web_str(h, "reason") ? web_str(h, "reason") : ""));
    }
    json_object_set_new(ctx, "any_history", json_boolean(json_array_size(hist) > 0));
    json_object_set_new(ctx, "history", hist);
}

/* The approve or publish button of letter model m for c, or NULL. */
static json_t *workflow_buttons(store_t *s, const web_caller_t *c, const json_t *m)
{
    const char *status = web_str(m, "status") ? web_str(m, "status") : "";
    if (!c->actor.user_id || strcmp(status, "published") == 0 || !app_allowed(&c->actor, PERM_CLOSE, web_str(m, "body")))
        return NULL;
    int draft = strcmp(status, "draft") == 0;
    json_t *b = json_pack("{s:b, s:b, s:O}", "approve", draft, "publish", !draft, "version",
                          json_object_get(m, "version"));
    json_t *editors = NULL;
    ov_error_t err = {0};
    if (b && draft && store_letter_editors(s, json_integer_value(json_object_get(m, "id")), &editors, &err) == 0
        && form_four_eyes(web_str(m, "created_by"), editors, c->actor.username, &err) == OV_EFORBIDDEN)
        json_object_set_new(b, "four_eyes", json_string(err.message));
    json_decref(editors);
    return b;
}

void web_letter_page_show(http_request_t *req, http_response_t *resp, int status, const web_caller_t *c, long long id,
                          const letter_typed_t *t)
{
    app_t *app = req->app;
    const app_actor_t *actor = &c->actor;
    ov_error_t err = {0};
    json_t *model = NULL, *body = NULL, *buttons = NULL, *ctx = NULL;   /* owned */
    buf_t article = BUF_INIT;
    store_t *s = store_pool_acquire(app->pool);
    char today[DATE_TEXT_MAX];
    app_today_text(app, today);
    int rc = app_letter_readable(s, actor, id, today, &model, &err);
    if (rc == 0 && store_body_get(s, web_str(model, "body"), &body, &err) != 0) body = NULL;   /* name only */
    if (rc == 0) buttons = workflow_buttons(s, c, model);
    store_pool_release(app->pool, s);
    if (rc == OV_EFORBIDDEN) {
        web_error(req, resp, actor->user_id ? 403 : 404, actor->user_id ? "You cannot see this letter" : "Page not found",
                  actor->user_id ? "This letter is not published, and only those who draft its body's letters may "
                                   "read it before then."
                                 : "There is no published letter at this address.",
                  actor);
        goto done;
    }
    if (rc != 0) {
        web_error_store(req, resp, &err, actor);
        goto done;
    }
    rc = letter_render_html_article(model, &article, &err);
    const char *code = web_str(model, "body");
    const char *name = body ? web_str(body, "name") : NULL;
    const char *st = web_str(model, "status") ? web_str(model, "status") : "";
    ctx = rc == 0 && article.data
              ? json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:b, s:s}", "id", (json_int_t)id, "code", code ? code : "",
                          "body_name", name ? name : (code ? code : ""), "article", article.data, "letter_css",
                          letter_stylesheet_href(), "draft", strcmp(st, "draft") == 0, "approved",
                          strcmp(st, "approved") == 0, "csrf", c->csrf)
              : NULL;
    if (!ctx) {
        web_error(req, resp, 500, "Something went wrong", "The letter could not be shown. Try again later.", actor);
        goto done;
    }
    /* the draft's editing and history are for its body's staff */
    if (app_allowed(actor, PERM_RECORD, code)) {
        json_object_set_new(ctx, "staff", json_true());
        staff_part(ctx, model, c, t);
    }
    if (buttons) json_object_set(ctx, "buttons", buttons);
    char title[300];
    snprintf(title, sizeof title, "%s", web_str(model, "title") ? web_str(model, "title") : "Letter");
    web_render(req, resp, status, "letter_page", title, actor, ctx);
    ctx = NULL;   /* web_render took it */
done:
    buf_free(&article);
    json_decref(ctx);
    json_decref(buttons);
    json_decref(model);
    json_decref(body);
}

/* GET /letters/{id}.html: the letter in the site's page (header, <main>),
 * with links to its PDF, its body's page and the body's letters; for its
 * body's staff, a draft's warnings, blocks to edit and history, and the
 * approve and publish buttons (web_letter_page_show). Who may read it as
 * GET /api/v1/letters/{id} (app_letter_readable): a published letter
 * anyone, one not yet published its body's drafters. */
int web_page_letter(http_request_t *req, http_response_t *resp)
{
    web_caller_t c;
    form_caller(req, &c);
    const char *file = http_request_param(req, "file");
    char *end = NULL;
    long long id = file ? strtoll(file, &end, 10) : 0;
    if (!file || id <= 0 || end == file || strcmp(end, ".html") != 0) {
        web_error(req, resp, 404, "Page not found", "Letters are at /letters/{id}.html and /letters/{id}.pdf.",
                  &c.actor);
        return 0;
    }
    web_letter_page_show(req, resp, 200, &c, id, NULL);
    return 0;
}
