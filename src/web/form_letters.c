/*
 * form_letters.c: drafting, approving and publishing letters from the
 * letters index (/letters), through the code paths of the JSON API (see
 * form_letters.h): app_letter_draft, app_letter_edit, letter_approve,
 * letter_publish. Approving and publishing go through a check page. The
 * store refuses the drafter's approval (the four-eyes rule,
 * core/approval.h); the page says so in the words of the API.
 */
#include "web/form_letters.h"
#include "web/form.h"
#include "web/format.h"
#include "app/actor.h"
#include "app/letters.h"
#include "core/roles.h"
#include "core/publication.h"
#include "docs/letter.h"
#include "store/bodies.h"
#include "store/letters.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The kinds of letter (store/entity_defs.c LETTER_KINDS) in words. */
static const struct { const char *value, *text; } KINDS[] = {
    {"move_to_engage", "Move to the enhanced phase (Engage)"},
    {"return_to_scan", "Return to the default phase (Scan)"},
    {"revisit", "Revisit of causes of concern"},
};

/* The optional text fields of the form (LETTER_INPUT members). */
static const struct { const char *name, *label, *kind, *hint; } OPTIONAL[] = {
    {"title", "Title", "text", "Leave empty for the usual title of its kind"},
    {"sent_on", "Sent on", "day", "For example, 23 1 2025"},
    {"published_on", "Published on", "day", "The day it is (to be) published, if known"},
    {"conclusion", "Conclusion", "textarea", "The closing paragraph, if it is not the usual one"},
};

/* The optional references of the form (LETTER_INPUT members): chosen from
 * the record, empty for the default the API gives. */
static const struct { const char *name, *label, *none, *hint; } REFS[] = {
    {"decision_id", "Decision", "The latest into the letter's phase",
     "The phase decision the letter reports; it must be one of the body's"},
    {"ppog_meeting_id", "PPOG meeting", "The latest that discussed the body",
     "The Policing Performance Oversight Group meeting the letter refers to"},
};

/* How many decisions and meetings the selects offer, newest first. */
#define CHOICES_MAX 500

/* The select of REFS[i] with the choices of body (a code; NULL or "": the
 * body is not chosen yet, so only the default). New object. */
static json_t *ref_field(store_t *s, size_t i, const char *body)
{
    int known = body && *body;
    char hint[300];
    snprintf(hint, sizeof hint, "%s%s", REFS[i].hint,
             known ? "" : ". Only the body's own are listed: choose the body, or open its letters, to see them");
    json_t *f = form_field_new(REFS[i].name, REFS[i].label, "select", 0, hint);
    form_field_option(f, "", REFS[i].none);
    if (!known) return f;
    json_t *rows = NULL;
    ov_error_t err = {0};
    int decisions = strcmp(REFS[i].name, "decision_id") == 0;
    int rc = decisions ? store_letter_decision_choices(s, body, CHOICES_MAX, &rows, &err)
                       : store_letter_meeting_choices(s, body, CHOICES_MAX, &rows, &err);
    size_t k;
    json_t *r;
    if (rc != 0) json_array_clear(rows);   /* no choices then: the defaults remain */
    json_array_foreach(rows, k, r) {
        char v[32], text[400], day[WEB_DATE_TEXT_MAX];
        long long id = (long long)json_integer_value(json_object_get(r, "id"));
        snprintf(v, sizeof v, "%lld", id);
        if (decisions)
            snprintf(text, sizeof text, "%s to %s from %s (decision %lld)",
                     web_str(r, "from_phase_name"), web_str(r, "to_phase_name"),
                     web_format_date(web_str(r, "effective_on"), day), id);
        else
            snprintf(text, sizeof text, "Held on %s (meeting %lld)", web_format_date(web_str(r, "held_on"), day), id);
        form_field_option(f, v, text);
    }
    json_decref(rows);
    return f;
}

json_t *form_letters_fields(store_t *s, const http_form_t *form, const char *body)
{
    json_t *fields = json_array(), *bodies = NULL;
    ov_error_t err = {0};
    json_t *fb = form_field_new("body", "Body", "select", 1, "The force or service the letter is about");
    form_field_option(fb, "", "Choose one");
    if (store_bodies_list(s, &bodies, &err) == 0) {
        size_t i;
        json_t *b;
        json_array_foreach(bodies, i, b) form_field_option(fb, web_str(b, "code"), web_str(b, "name"));
    }
    json_decref(bodies);
    form_field_value(fb, form ? http_form_get(form, "body") : body);
    json_array_append_new(fields, fb);
    json_t *fk = form_field_new("kind", "Kind of letter", "select", 1, NULL);
    form_field_option(fk, "", "Choose one");
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++) form_field_option(fk, KINDS[i].value, KINDS[i].text);
    form_field_value(fk, form ? http_form_get(form, "kind") : NULL);
    json_array_append_new(fields, fk);
    const char *chosen = form ? http_form_get(form, "body") : body;
    for (size_t i = 0; i < sizeof REFS / sizeof REFS[0]; i++) {
        json_t *f = ref_field(s, i, chosen);
        form_field_value(f, form ? http_form_get(form, REFS[i].name) : NULL);
        json_array_append_new(fields, f);
    }
    for (size_t i = 0; i < sizeof OPTIONAL / sizeof OPTIONAL[0]; i++) {
        json_t *f = form_field_new(OPTIONAL[i].name, OPTIONAL[i].label, OPTIONAL[i].kind, 0, OPTIONAL[i].hint);
        form_field_value(f, form ? http_form_get(form, OPTIONAL[i].name) : NULL);
        json_array_append_new(fields, f);
    }
    return fields;
}

/* Where to go back to: the letters of body, at letter id. */
static void back_to(http_response_t *resp, const char *body, long long id)
{
    char loc[200];
    snprintf(loc, sizeof loc, "/letters?body=%s#letter-%lld", body, id);
    form_redirect(resp, loc);
}

/* The draft form again, with errors ({name: message}, borrowed). */
static void draft_page(http_request_t *req, http_response_t *resp, int status, const web_caller_t *c,
                       const http_form_t *form, json_t *errors)
{
    app_t *app = req->app;
    json_t *ctx = form_ctx_new(c, "Letters", "Draft a letter", "/record/letters", "Draft the letter");
    json_object_set_new(ctx, "intro", json_string("The letter is written from the record of the body; the "
                                                  "addressee and copy default to its chief officer and local "
                                                  "policing body. It stays a draft until approved and published."));
    store_t *s = store_pool_acquire(app->pool);
    json_t *fields = form_letters_fields(s, form, NULL);
    store_pool_release(app->pool, s);
    form_view_t v = {.status = status, .title = "Draft a letter", .caller = c, .ctx = ctx, .fields = fields,
                     .errors = errors, .cancel = "/letters"};
    form_finish(req, resp, &v);
}

int web_letter_create(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    web_caller_t c;
    http_form_t form;
    if (form_post_begin(req, resp, &c, &form) != 0) return 0;
    /* who first, as the API: one who drafts for no body learns nothing more */
    if (!app_allowed(&c.actor, PERM_RECORD, c.actor.body[0] ? c.actor.body : NULL)) {
        form_deny(req, resp, &c, "draft letters");
        http_form_free(&form);
        return 0;
    }
    json_t *errors = json_object(), *in = json_object();
    const char *body = http_form_get(&form, "body"), *kind = http_form_get(&form, "kind");
    if (!body || !*body) json_object_set_new(errors, "body", json_string("Choose the body the letter is about"));
    else json_object_set_new(in, "body", json_string(body));
    if (!kind || !*kind) json_object_set_new(errors, "kind", json_string("Choose the kind of letter"));
    else json_object_set_new(in, "kind", json_string(kind));
    for (size_t i = 0; i < sizeof REFS / sizeof REFS[0]; i++) {
        const char *v = http_form_get(&form, REFS[i].name);
        if (!v || !*v) continue;
        char *end = NULL;
        long long n = strtoll(v, &end, 10);
        if (*end || n <= 0) {
            char msg[120];
            snprintf(msg, sizeof msg, "Choose the %s from the list, or leave it for the default",
                     strcmp(REFS[i].name, "decision_id") == 0 ? "decision" : "PPOG meeting");
            json_object_set_new(errors, REFS[i].name, json_string(msg));
        } else {
            json_object_set_new(in, REFS[i].name, json_integer(n));
        }
    }
    for (size_t i = 0; i < sizeof OPTIONAL / sizeof OPTIONAL[0]; i++) {
        const char *v = http_form_get(&form, OPTIONAL[i].name);
        if (v && *v) json_object_set_new(in, OPTIONAL[i].name, json_string(v));
    }
    int status = 422;
    if (json_object_size(errors) == 0 && !app_allowed(&c.actor, PERM_RECORD, body)) {
        form_deny(req, resp, &c, "draft letters for this body");
        status = 0;
    } else if (json_object_size(errors) == 0) {
        ov_error_t err = {0};
        long long id = 0;
        store_t *s = store_pool_acquire(app->pool);
        int rc = app_letter_draft(s, in, &c.actor, &id, &err);
        store_pool_release(app->pool, s);
        if (rc == 0) {
            back_to(resp, body, id);
            status = 0;
        } else if (rc == OV_EINVALID || rc == OV_ENOTFOUND) {
            char label[64], msg[600];
            /* by its field (decision and meeting too); one the form does not
             * show (none today) goes in the summary by the body */
            const char *field = err.field[0] ? err.field : "body";
            form_label(field, label, sizeof label);
            form_error_message(&err, label, msg, sizeof msg);
            json_object_set_new(errors, field, json_string(msg));
        } else {
            web_error_store(req, resp, &err, &c.actor);
            status = 0;
        }
    }
    if (status) draft_page(req, resp, status, &c, &form, errors);
    json_decref(in);
    json_decref(errors);
    http_form_free(&form);
    return 0;
}

/* "Check your answers" before approving (publish 0) or publishing (1)
 * letter row (issue #17): the letter as it will be published (its
 * model rendered, its PDF), what will change, and who will see it from
 * when (the publication rule, core/publication.h). The version travels
 * on in a hidden field; Confirm posts confirm=yes. */
static void check_page(http_request_t *req, http_response_t *resp, const web_caller_t *c, store_t *s,
                       const json_t *row, long long id, const char *version, int publish)
{
    char today[DATE_TEXT_MAX], d[WEB_DATE_TEXT_MAX], kind[64], action[96], cancel[96], pdf[64], audience[400];
    form_today(req, today);
    json_t *model = NULL;
    ov_error_t err = {0};
    buf_t article = BUF_INIT;
    if (letter_view(s, id, &model, &err) != 0 || letter_render_html_article(model, &article, &err) != 0) {
        web_error_store(req, resp, &err, &c->actor);
        goto done;
    }
    const char *on = web_str(row, "published_on");
    json_t *rows = json_array();
    const char *title = web_str(model, "title");
    json_array_append_new(rows, json_pack("{s:s, s:s}", "label", "Letter", "value", title && *title ? title : "(untitled)"));
    json_array_append_new(rows, json_pack("{s:s, s:s}", "label", "Kind", "value",
                                          web_format_enum(web_str(row, "kind") ? web_str(row, "kind") : "letter", kind,
                                                          sizeof kind)));
    const json_t *from = json_object_get(model, "from"), *to = json_object_get(model, "to"),
                 *cc = json_object_get(model, "cc");
    const char *fname = web_str(from, "name");
    json_array_append_new(rows, json_pack("{s:s, s:s}", "label", "From", "value",
                                          fname && *fname ? fname : "Nobody: no sender is entered or recorded"));
    char line[700];
    snprintf(line, sizeof line, "%s, %s", web_str(to, "name") ? web_str(to, "name") : "",
             web_str(to, "org") ? web_str(to, "org") : "");
    json_array_append_new(rows, json_pack("{s:s, s:s}", "label", "To", "value", line));
    snprintf(line, sizeof line, "%s%s%s", web_str(cc, "name") ? web_str(cc, "name") : "",
             web_str(cc, "role") && *web_str(cc, "role") ? ", " : "", web_str(cc, "role") ? web_str(cc, "role") : "");
    json_array_append_new(rows, json_pack("{s:s, s:s}", "label", "Copy", "value", *line ? line : "Nobody"));
    size_t edited = 0, i;
    json_t *b;
    json_array_foreach(json_object_get(model, "blocks"), i, b) edited += json_is_true(json_object_get(b, "edited"));
    snprintf(line, sizeof line, "%zu of %zu blocks edited since it was drafted from the record", edited,
             json_array_size(json_object_get(model, "blocks")));
    json_array_append_new(rows, json_pack("{s:s, s:s}", "label", "Edits", "value", line));
    json_t *w;
    json_array_foreach(json_object_get(model, "warnings"), i, w)
        json_array_append_new(rows, json_pack("{s:s, s:O}", "label", "Warning", "value", w));
    json_array_append_new(rows, json_pack("{s:s, s:s}", "label", "Status", "value",
                                          publish ? "Published (it is approved now; its text is frozen)"
                                                  : "Approved: its words are frozen as shown below; nobody can "
                                                    "edit it after"));
    json_array_append_new(rows, json_pack("{s:s, s:s}", "label", "Published on", "value",
                                          on && *on ? web_format_date(on, d) : "no date given: public from when it is published"));
    int pub = 0;
    if (publish) pub = form_publication_audience("letter", on, today, audience, sizeof audience);
    else
        snprintf(audience, sizeof audience, "approving does not publish it: only the inspectorate sees it until "
                                            "an inspector or HMCI publishes it.");
    snprintf(action, sizeof action, "/record/letters/%lld/%s", id, publish ? "publish" : "approve");
    snprintf(cancel, sizeof cancel, "/letters/%lld.html", id);
    snprintf(pdf, sizeof pdf, "/letters/%lld.pdf", id);
    form_check_t chk = {.caption = web_str(row, "body"), .heading = publish ? "Publish this letter" : "Approve this letter",
                        .verb = publish ? "publish it" : "approve it",
                        .confirm = publish ? "Confirm and publish" : "Confirm and approve", .action = action,
                        .cancel = cancel, .rows = rows,
                        .hidden = json_pack("[{s:s, s:s}]", "name", "version", "value", version), .is_public = pub,
                        .audience = audience, .preview = article.data, .preview_css = letter_stylesheet_href(),
                        .preview_pdf = pdf};
    form_check_render(req, resp, c, &chk);
done:
    buf_free(&article);
    json_decref(model);
}

/* The confirmation after publishing letter id. */
static void published_page(http_request_t *req, http_response_t *resp, const web_caller_t *c, long long id)
{
    char href[64];
    snprintf(href, sizeof href, "/letters/%lld.html", id);
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:b}", "message", "The letter is published", "href", href, "link",
                            "See the published letter", "more", 1);
    web_render(req, resp, 200, "done", "The letter is published", &c->actor, ctx);
}

static void stale(http_request_t *req, http_response_t *resp, const web_caller_t *c)
{
    web_error(req, resp, 412, "The letter was changed by someone else",
              "The letter was changed by someone else after you loaded the page; reload it to see it as it is "
              "now, then try again.", &c->actor);
}

/* To letter id's own page. */
static void to_letter(http_response_t *resp, long long id, const char *anchor)
{
    char loc[96];
    snprintf(loc, sizeof loc, "/letters/%lld.html%s", id, anchor ? anchor : "");
    form_redirect(resp, loc);
}

/* approve (publish 0) or publish (1) letter {id}: PERM_CLOSE on its body.
 * Both go through a check page first (confirm=yes to do it); an approver
 * the four-eyes rule bars is told so before it. */
static int advance(http_request_t *req, http_response_t *resp, int publish)
{
    app_t *app = req->app;
    web_caller_t c;
    http_form_t form;
    if (form_post_begin(req, resp, &c, &form) != 0) return 0;
    const char *ids = http_request_param(req, "id");
    char *end = NULL;
    long long id = ids ? strtoll(ids, &end, 10) : 0;
    if (!ids || !*ids || *end || id <= 0) id = 0;
    json_t *row = NULL, *editors = NULL;
    ov_error_t err = {0};
    char body[64] = "";
    store_t *s = store_pool_acquire(app->pool);
    int rc = id ? store_letter_get(s, id, &row, &err) : OV_ENOTFOUND;
    if (rc == 0) snprintf(body, sizeof body, "%s", web_str(row, "body") ? web_str(row, "body") : "");
    const char *what = publish ? "publish letters" : "approve letters";
    const char *status = rc == 0 && web_str(row, "status") ? web_str(row, "status") : "";
    const char *confirm = http_form_get(&form, "confirm");
    if (rc == OV_ENOTFOUND) {
        web_error(req, resp, 404, "Page not found", "There is no such letter.", &c.actor);
    } else if (rc != 0) {
        web_error_store(req, resp, &err, &c.actor);
    } else if (!app_allowed(&c.actor, PERM_CLOSE, body)) {
        form_deny(req, resp, &c, what);
    } else {
        const char *vs = http_form_get(&form, "version");
        long long v = vs && *vs ? strtoll(vs, &end, 10) : -1;
        if (!vs || !*vs || *end || v <= 0) {
            web_error(req, resp, 400, "The form could not be read",
                      "The form did not say which version of the letter it changes. Reload the letter and try "
                      "again.", &c.actor);
        } else if (http_form_get(&form, "back")) {
            to_letter(resp, id, NULL);
        } else if (strcmp(status, publish ? "approved" : "draft") == 0 && !(confirm && strcmp(confirm, "yes") == 0)) {
            if (json_integer_value(json_object_get(row, "version")) != v) stale(req, resp, &c);
            else if (!publish && store_letter_editors(s, id, &editors, &err) == 0
                     && form_four_eyes(web_str(row, "created_by"), editors, c.actor.username, &err) == OV_EFORBIDDEN)
                web_error(req, resp, 403, "Another person must approve this letter", err.message, &c.actor);
            else check_page(req, resp, &c, s, row, id, vs, publish);
        } else {
            rc = publish ? letter_publish(s, id, v, c.actor.username, &err)
                         : letter_approve(s, id, v, c.actor.username, &err);
            if (rc == 0 && publish) published_page(req, resp, &c, id);
            else if (rc == 0) to_letter(resp, id, NULL);
            else if (rc == OV_ESTALE) stale(req, resp, &c);
            else if (rc == OV_EFORBIDDEN && err.rule)
                /* the four-eyes rule: the words of the API's problem */
                web_error(req, resp, 403, "Another person must approve this letter", err.message, &c.actor);
            else if (rc == OV_ECONFLICT) web_error(req, resp, 409, "This cannot be done now", err.message, &c.actor);
            else web_error_store(req, resp, &err, &c.actor);
        }
    }
    store_pool_release(app->pool, s);
    json_decref(editors);
    json_decref(row);
    http_form_free(&form);
    return 0;
}

/* POST /record/letters/{id}/blocks: block, text, reason, version;
 * PERM_RECORD on the letter's body (app_letter_edit). */
int web_letter_edit(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    web_caller_t c;
    http_form_t form;
    if (form_post_begin(req, resp, &c, &form) != 0) return 0;
    long long id = http_request_param_id(req, "id");
    json_t *head = NULL;
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = id > 0 ? store_letter_head(s, id, &head, &err) : OV_ENOTFOUND;
    const char *vs = http_form_get(&form, "version"), *bs = http_form_get(&form, "block");
    char *end = NULL, *bend = NULL;
    long long version = vs && *vs ? strtoll(vs, &end, 10) : -1;
    long long block = bs && *bs ? strtoll(bs, &bend, 10) : -1;
    if (rc == OV_ENOTFOUND) {
        web_error(req, resp, 404, "Page not found", "There is no such letter.", &c.actor);
    } else if (rc) {
        web_error_store(req, resp, &err, &c.actor);
    } else if (!app_allowed(&c.actor, PERM_RECORD, web_str(head, "body"))) {
        form_deny(req, resp, &c, "change letters");
    } else if (!vs || !*vs || *end || version <= 0 || !bs || !*bs || *bend || block < 0) {
        web_error(req, resp, 400, "The form could not be read",
                  "The form did not say which version and block of the letter it changes. Reload the letter and "
                  "try again.", &c.actor);
    } else {
        const char *text = http_form_get(&form, "text"), *reason = http_form_get(&form, "reason");
        rc = app_letter_edit(s, id, version, block, text ? text : "", reason, &c.actor, &err);
        char anchor[48];
        snprintf(anchor, sizeof anchor, "#block-%lld", block);
        if (rc == 0) to_letter(resp, id, anchor);
        else if (rc == OV_ESTALE) stale(req, resp, &c);
        else if (rc == OV_ECONFLICT) web_error(req, resp, 409, "This cannot be done now", err.message, &c.actor);
        else if (rc == OV_EINVALID) {
            char msg[300];
            form_error_message(&err, "text", msg, sizeof msg);
            letter_typed_t t = {block, text ? text : "", reason ? reason : "", msg};
            store_pool_release(app->pool, s);
            s = NULL;
            web_letter_page_show(req, resp, 422, &c, id, &t);
        } else web_error_store(req, resp, &err, &c.actor);
    }
    if (s) store_pool_release(app->pool, s);
    json_decref(head);
    http_form_free(&form);
    return 0;
}

int web_letter_approve(http_request_t *req, http_response_t *resp)
{
    return advance(req, resp, 0);
}

int web_letter_publish(http_request_t *req, http_response_t *resp)
{
    return advance(req, resp, 1);
}
