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
 */
#include "web/page.h"
#include "web/form.h"
#include "web/form_letters.h"
#include "store/letters.h"
#include "store/bodies.h"
#include "app/letters.h"
#include "app/actor.h"
#include "core/approval.h"
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
        if (buttons && draft && store_letter_editors(s, json_integer_value(json_object_get(row, "id")), &editors,
                                                     &err) == 0) {
            size_t n = json_array_size(editors);
            const char **edited_by = calloc(n + 1, sizeof *edited_by);   /* borrows editors' strings */
            for (size_t k = 0; edited_by && k < n; k++) edited_by[k] = json_string_value(json_array_get(editors, k));
            if (edited_by
                && approval_check_four_eyes(web_str(full, "created_by"), edited_by, actor->username, &err)
                       == OV_EFORBIDDEN)
                json_object_set_new(buttons, "four_eyes", json_string(err.message));
            free(edited_by);
        }
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

/* GET /letters/{id}.html: the letter in the site's page (header, <main>),
 * with links to its PDF, its body's page and the body's letters. Who may
 * read it as GET /api/v1/letters/{id} (app_letter_readable): a published
 * letter anyone, one not yet published its body's drafters. */
int web_page_letter(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    web_actor(req, &actor);
    const char *file = http_request_param(req, "file");
    char *end = NULL;
    long long id = file ? strtoll(file, &end, 10) : 0;
    if (!file || id <= 0 || end == file || strcmp(end, ".html") != 0) {
        web_error(req, resp, 404, "Page not found", "Letters are at /letters/{id}.html and /letters/{id}.pdf.",
                  &actor);
        return 0;
    }
    ov_error_t err = {0};
    json_t *model = NULL, *body = NULL;   /* owned */
    store_t *s = store_pool_acquire(app->pool);
    char today[DATE_TEXT_MAX];
    app_today_text(app, today);
    int rc = app_letter_readable(s, &actor, id, today, &model, &err);
    if (rc == 0 && store_body_get(s, web_str(model, "body"), &body, &err) != 0) body = NULL;   /* name only */
    store_pool_release(app->pool, s);
    if (rc == OV_EFORBIDDEN) {
        web_error(req, resp, actor.user_id ? 403 : 404, actor.user_id ? "You cannot see this letter" : "Page not found",
                  actor.user_id ? "This letter is not published, and only those who draft its body's letters may "
                                  "read it before then."
                                : "There is no published letter at this address.",
                  &actor);
        return 0;
    }
    if (rc != 0) {
        web_error_store(req, resp, &err, &actor);
        return 0;
    }
    buf_t article = BUF_INIT;
    rc = letter_render_html_article(model, &article, &err);
    const char *code = web_str(model, "body");
    const char *name = body ? web_str(body, "name") : NULL;
    json_t *ctx = rc == 0 && article.data
                      ? json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)id, "code", code ? code : "",
                                  "body_name", name ? name : (code ? code : ""), "article", article.data,
                                  "letter_css", letter_stylesheet_href())
                      : NULL;
    char title[300];
    snprintf(title, sizeof title, "%s", web_str(model, "title") ? web_str(model, "title") : "Letter");
    buf_free(&article);
    json_decref(model);
    json_decref(body);
    if (!ctx) {
        web_error(req, resp, 500, "Something went wrong", "The letter could not be shown. Try again later.", &actor);
        return 0;
    }
    web_render(req, resp, 200, "letter_page", title, &actor, ctx);
    return 0;
}
