/*
 * form_letters.c: drafting, approving and publishing letters from the
 * letters index (/letters), through the code paths of the JSON API (see
 * form_letters.h): app_letter_draft, letter_approve, letter_publish. The
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

/* The select of REFS[i] with the record's choices. New object. */
static json_t *ref_field(store_t *s, size_t i)
{
    json_t *f = form_field_new(REFS[i].name, REFS[i].label, "select", 0, REFS[i].hint);
    form_field_option(f, "", REFS[i].none);
    json_t *rows = NULL;
    ov_error_t err = {0};
    int decisions = strcmp(REFS[i].name, "decision_id") == 0;
    int rc = decisions ? store_letter_decision_choices(s, CHOICES_MAX, &rows, &err)
                       : store_letter_meeting_choices(s, CHOICES_MAX, &rows, &err);
    size_t k;
    json_t *r;
    if (rc != 0) json_array_clear(rows);   /* no choices then: the defaults remain */
    json_array_foreach(rows, k, r) {
        char v[32], text[400], day[WEB_DATE_TEXT_MAX];
        long long id = (long long)json_integer_value(json_object_get(r, "id"));
        snprintf(v, sizeof v, "%lld", id);
        if (decisions)
            snprintf(text, sizeof text, "%s: %s to %s from %s (decision %lld)", web_str(r, "body_name"),
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
    for (size_t i = 0; i < sizeof REFS / sizeof REFS[0]; i++) {
        json_t *f = ref_field(s, i);
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

/* "Check your answers" before publishing letter row (issue #17): what
 * will be published, and who will see it from when (the publication rule,
 * core/publication.h). The version travels on in a hidden field; Confirm
 * posts confirm=yes. */
static void publish_check_page(http_request_t *req, http_response_t *resp, const web_caller_t *c, const json_t *row,
                               long long id, const char *version)
{
    char today[DATE_TEXT_MAX], d[WEB_DATE_TEXT_MAX], kind[64], action[96], cancel[160], audience[400];
    form_today(req, today);
    const char *on = web_str(row, "published_on");
    json_t *rows = json_array();
    const char *title = web_str(row, "title");
    json_array_append_new(rows, json_pack("{s:s, s:s}", "label", "Letter", "value", title && *title ? title : "(untitled)"));
    json_array_append_new(rows, json_pack("{s:s, s:s}", "label", "Body", "value",
                                          web_str(row, "body_name") ? web_str(row, "body_name")
                                                                    : web_str(row, "body") ? web_str(row, "body") : ""));
    json_array_append_new(rows, json_pack("{s:s, s:s}", "label", "Kind", "value",
                                          web_format_enum(web_str(row, "kind") ? web_str(row, "kind") : "letter", kind,
                                                          sizeof kind)));
    json_array_append_new(rows, json_pack("{s:s, s:s}", "label", "Status", "value",
                                          "Published (it is approved now; its text is frozen)"));
    json_array_append_new(rows, json_pack("{s:s, s:s}", "label", "Published on", "value",
                                          on && *on ? web_format_date(on, d) : "no date given: public from now"));
    int pub = publication_letter_is_public("published", on, today);
    if (pub)
        snprintf(audience, sizeof audience, "anyone will see it at once: on /letters, as its page and PDF, in the "
                                            "Atom feed and in the open data. A published letter is never changed.");
    else
        snprintf(audience, sizeof audience, "it will be public from %s, its publication date: until then only the "
                                            "inspectorate sees it. A published letter is never changed.",
                 web_format_date(on, d));
    snprintf(action, sizeof action, "/record/letters/%lld/publish", id);
    snprintf(cancel, sizeof cancel, "/letters?body=%s#letter-%lld", web_str(row, "body") ? web_str(row, "body") : "", id);
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:o, s:[{s:s, s:s}], s:b, s:s, s:s, s:s, s:s}", "caption",
                            web_str(row, "body") ? web_str(row, "body") : "", "heading", "Publish this letter",
                            "action", action, "cancel", cancel, "rows", rows, "hidden", "name", "version", "value",
                            version, "public", pub, "audience", audience, "verb", "publish it", "confirm",
                            "Confirm and publish", "csrf", c->csrf);
    web_render(req, resp, 200, "check", "Check your answers", &c->actor, ctx);
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

/* approve (publish 0) or publish (1) letter {id}: PERM_CLOSE on its body.
 * Publishing goes through a check page first (confirm=yes to do it). */
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
    json_t *row = NULL;
    ov_error_t err = {0};
    char body[64] = "";
    store_t *s = store_pool_acquire(app->pool);
    int rc = id ? store_letter_get(s, id, &row, &err) : OV_ENOTFOUND;
    if (rc == 0) snprintf(body, sizeof body, "%s", web_str(row, "body") ? web_str(row, "body") : "");
    const char *what = publish ? "publish letters" : "approve letters";
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
                      "The form did not say which version of the letter it changes. Reload the letters and try "
                      "again.", &c.actor);
        } else if (publish && http_form_get(&form, "back")) {
            back_to(resp, body, id);
        } else if (publish && web_str(row, "status") && strcmp(web_str(row, "status"), "approved") == 0 &&
                   !(http_form_get(&form, "confirm") && strcmp(http_form_get(&form, "confirm"), "yes") == 0)) {
            if (json_integer_value(json_object_get(row, "version")) != v)
                web_error(req, resp, 412, "The letter was changed by someone else",
                          "The letter was changed by someone else after you loaded the page; reload the letters "
                          "to see it as it is now, then try again.", &c.actor);
            else
                publish_check_page(req, resp, &c, row, id, vs);
        } else {
            rc = publish ? letter_publish(s, id, v, c.actor.username, &err)
                         : letter_approve(s, id, v, c.actor.username, &err);
            if (rc == 0 && publish) published_page(req, resp, &c, id);
            else if (rc == 0) back_to(resp, body, id);
            else if (rc == OV_ESTALE)
                web_error(req, resp, 412, "The letter was changed by someone else",
                          "The letter was changed by someone else after you loaded the page; reload the letters "
                          "to see it as it is now, then try again.", &c.actor);
            else if (rc == OV_EFORBIDDEN && err.rule)
                /* the four-eyes rule: the words of the API's problem */
                web_error(req, resp, 403, "Another person must approve this letter", err.message, &c.actor);
            else if (rc == OV_ECONFLICT) web_error(req, resp, 409, "This cannot be done now", err.message, &c.actor);
            else web_error_store(req, resp, &err, &c.actor);
        }
    }
    store_pool_release(app->pool, s);
    json_decref(row);
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
