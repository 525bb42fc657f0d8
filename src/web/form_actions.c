/*
 * form_actions.c: the rule-checked actions of src/api/actions.c as forms:
 * a recommendation's status (a body's user claims it implemented with the
 * evidence; an inspector closes it, or returns the claim with a reason), a
 * deadline revision (the original deadline stays), and closing a cause of
 * concern, and HMCI's phase decision (store_decision_record, as
 * api_decision_create). The same store functions and the same permissions
 * as the API; the version read travels in a hidden field, so a stale form
 * is refused.
 */
#include "web/form.h"
#include "web/format.h"
#include "api/record.h"
#include "core/roles.h"
#include "store/bodies.h"
#include "store/entity.h"
#include "store/record.h"
#include "core/buf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DATE_HINT "For example 2025-01-31; or 2025-01 when only the month is known"

static record_actor_t record_actor(const api_actor_t *a, const char *body)
{
    record_actor_t r = {
        .can_close = api_allowed(a, PERM_CLOSE, body),
        .can_progress = api_allowed(a, PERM_PROGRESS, body) || api_allowed(a, PERM_RECORD, body),
    };
    return r;
}

/* Row id of entity, if the caller may see its body (as the API's
 * begin_action). NULL with an error page in resp otherwise. */
static json_t *load(http_request_t *req, http_response_t *resp, const web_caller_t *c, const char *entity,
                    long long id, char body[64])
{
    api_app_t *app = req->app;
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
    int may = rc == 0 && api_allowed(&c->actor, PERM_READ_RECORD, body);
    if (may) rc = store_entity_get(s, e, id, 1, &row, &err);
    store_pool_release(app->pool, s);
    if (rc != 0) {
        if (err.status == OV_ENOTFOUND) web_error(req, resp, 404, "Page not found", "There is no such item.", &c->actor);
        else web_error_store(req, resp, &err, &c->actor);
        return NULL;
    }
    if (!may) {
        web_error(req, resp, 403, "You cannot do this", "Your account may not see this body's monitoring record.",
                  &c->actor);
        return NULL;
    }
    return row;
}

/* The version field of a posted form, or -1 with a 400 page in resp. */
static long long posted_version(http_request_t *req, http_response_t *resp, const web_caller_t *c,
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

/* The start of an action form's POST on one row of entity (the id from
 * the path): the session's form (CSRF checked), the row with its body's code
 * in body, and the version the form was read at. Returns the row (caller
 * json_decref, and http_form_free(form)); NULL when the reply is already set
 * (nothing to free then). */
static json_t *action_post_begin(http_request_t *req, http_response_t *resp, web_caller_t *c, http_form_t *form,
                                 const char *entity, long long *id, char body[64], long long *version)
{
    if (form_post_begin(req, resp, c, form) != 0) return NULL;
    *id = http_request_param_id(req, "id");
    json_t *row = load(req, resp, c, entity, *id, body);
    if (!row || (*version = posted_version(req, resp, c, form)) < 0) {
        json_decref(row);
        http_form_free(form);
        return NULL;
    }
    return row;
}

/* A whole number from a form field: 0 when empty, -1 (message in errors) when not a number. */
static long long form_id(const http_form_t *form, const char *name, const char *label, json_t *errors)
{
    const char *v = http_form_get(form, name);
    if (!v || !*v) return 0;
    char *end = NULL;
    long long n = strtoll(v, &end, 10);
    if (*end || n <= 0) {
        char msg[120];
        snprintf(msg, sizeof msg, "%s must be a whole number", label);
        json_object_set_new(errors, name, json_string(msg));
        return -1;
    }
    return n;
}

/* The body's revisits as a select field (for closing items). */
static json_t *revisit_field(http_request_t *req, const char *body, const char *value)
{
    api_app_t *app = req->app;
    json_t *fd = form_field_new("revisit_id", "Revisit", "select", 0, "The revisit that found it done, if any");
    form_field_option(fd, "", "None");
    json_t *rows = NULL;
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_entity_list(s, entity_find("revisits"), body, NULL, 0, 1000, 0, &rows, &err);
    store_pool_release(app->pool, s);
    size_t i;
    json_t *r;
    if (rc == 0)
        json_array_foreach(rows, i, r) {
            char v[32], text[300], d[WEB_DATE_TEXT_MAX];
            snprintf(v, sizeof v, "%lld", (long long)json_integer_value(json_object_get(r, "id")));
            snprintf(text, sizeof text, "%s (%s)", web_str(r, "title") ? web_str(r, "title") : v,
                     web_format_date(web_str(r, "started_on"), d));
            form_field_option(fd, v, text);
        }
    json_decref(rows);
    form_field_value(fd, value);
    return fd;
}

/* Puts a store error where the user sees it: by field (or the summary)
 * on the form, returning the HTTP status to re-render with; 0 when resp
 * already holds an error page. */
static int action_error(http_request_t *req, http_response_t *resp, const web_caller_t *c, int rc,
                        const ov_error_t *err, json_t *errors, const char *what, char *notice, size_t n)
{
    if (rc == OV_ESTALE) {
        snprintf(notice, n, "This %s was changed by someone else after you opened this form; reload to see the "
                            "changes, then try again.", what);
        return 412;
    }
    if (rc == OV_EFORBIDDEN) {
        web_error(req, resp, 403, "You cannot do this", err->message, &c->actor);
        return 0;
    }
    if (rc == OV_EINVALID || rc == OV_ECONFLICT) {
        char label[64], msg[600];
        form_label(err->field, label, sizeof label);
        form_error_message(err, label, msg, sizeof msg);
        json_object_set_new(errors, err->field, json_string(msg));
        return rc == OV_ECONFLICT ? 409 : 422;
    }
    web_error_store(req, resp, err, &c->actor);
    return 0;
}

/* ---- recommendation status ---- */

static void status_page(http_request_t *req, http_response_t *resp, int status, const web_caller_t *c, long long id,
                        const json_t *row, const char *body, const http_form_t *form, json_t *errors,
                        const char *notice)
{
    record_actor_t ra = record_actor(&c->actor, body);
    char heading[160], action[96], today[DATE_TEXT_MAX], v[32], cur[64], intro[300];
    snprintf(heading, sizeof heading, "Update the status of recommendation %s",
             web_str(row, "number") ? web_str(row, "number") : "");
    snprintf(action, sizeof action, "/record/recommendations/%lld/status", id);
    form_today(req, today);
    json_t *ctx = form_ctx_new(c, body, heading, action, "Save the status");
    snprintf(intro, sizeof intro, "Its status now: %s.", web_format_enum(web_str(row, "status"), cur, sizeof cur));
    json_object_set_new(ctx, "intro", json_string(intro));
    json_object_set_new(ctx, "quote", json_string(web_str(row, "text") ? web_str(row, "text") : ""));
    snprintf(v, sizeof v, "%lld", (long long)json_integer_value(json_object_get(row, "version")));
    form_hidden(ctx, "version", form ? http_form_get(form, "version") ? http_form_get(form, "version") : v : v);

    json_t *fields = json_array();
    json_t *to = form_field_new("to", "New status", "select", 1, NULL);
    form_field_option(to, "", "Choose one");
    if (ra.can_progress) {
        form_field_option(to, "in_progress", ra.can_close ? "In progress (or return a claim to in progress)" : "In progress");
        form_field_option(to, "implemented", "Implemented: claim it, with the evidence below");
    }
    if (ra.can_close) {
        form_field_option(to, "closed", "Closed: verified as implemented");
        form_field_option(to, "open", "Open: reopen it (give the reason)");
    }
    /* a link may preselect the change ("Close", "Claim implemented") */
    form_field_value(to, form ? http_form_get(form, "to") : http_request_query(req, "to"));
    json_array_append_new(fields, to);
    json_t *on = form_field_new("on", "Date of the change", "date", 1, DATE_HINT);
    form_field_value(on, form ? http_form_get(form, "on") : today);
    json_array_append_new(fields, on);
    json_t *reason = form_field_new("reason", ra.can_close ? "Evidence or reason" : "Evidence", "textarea", 0,
                                    ra.can_close ? "To claim it implemented: the evidence. To return or reopen it: why."
                                                 : "What shows it is implemented (needed for a claim).");
    form_field_value(reason, form ? http_form_get(form, "reason") : NULL);
    json_array_append_new(fields, reason);
    if (ra.can_close) json_array_append_new(fields, revisit_field(req, body, form ? http_form_get(form, "revisit_id") : NULL));
    char back[96];
    snprintf(back, sizeof back, "/recommendations/%lld", id);
    form_view_t view = {.status = status, .title = heading, .caller = c, .ctx = ctx, .fields = fields,
                        .errors = errors, .notice = notice, .reload = action, .cancel = back};
    form_finish(req, resp, &view);
}

int web_rec_status_form(http_request_t *req, http_response_t *resp)
{
    web_caller_t c;
    form_caller(req, &c);
    if (form_need_login(req, resp, &c) != 0) return 0;
    long long id = http_request_param_id(req, "id");
    char body[64];
    json_t *row = load(req, resp, &c, "recommendations", id, body);
    if (!row) return 0;
    record_actor_t ra = record_actor(&c.actor, body);
    if (!ra.can_close && !ra.can_progress) form_deny(req, resp, &c, "change a recommendation's status");
    else status_page(req, resp, 200, &c, id, row, body, NULL, NULL, NULL);
    json_decref(row);
    return 0;
}

int web_rec_status(http_request_t *req, http_response_t *resp)
{
    api_app_t *app = req->app;
    web_caller_t c;
    http_form_t form;
    long long id, version;
    char body[64];
    json_t *row = action_post_begin(req, resp, &c, &form, "recommendations", &id, body, &version);
    if (!row) return 0;
    record_actor_t ra = record_actor(&c.actor, body);
    if (!ra.can_close && !ra.can_progress) {
        form_deny(req, resp, &c, "change a recommendation's status");
        json_decref(row);
        http_form_free(&form);
        return 0;
    }
    json_t *errors = json_object();
    const char *to = http_form_get(&form, "to"), *on = http_form_get(&form, "on");
    const char *reason = http_form_get(&form, "reason");
    if (reason && !*reason) reason = NULL;
    if (!to || !*to) json_object_set_new(errors, "to", json_string("Choose the new status"));
    if (!on || !*on) json_object_set_new(errors, "on", json_string("Enter the date of the change"));
    /* a claim comes with its evidence (the API leaves that to the caller) */
    if (to && strcmp(to, "implemented") == 0 && !reason)
        json_object_set_new(errors, "reason", json_string("Give the evidence that it is implemented"));
    long long revisit = form_id(&form, "revisit_id", "Revisit", errors);
    int status = 0;
    char notice[300] = "";
    if (json_object_size(errors) == 0) {
        rec_status_input_t rs = {.to = to, .on = on, .by = c.actor.username, .reason = reason, .revisit_id = revisit};
        ov_error_t err = {0};
        store_t *s = store_pool_acquire(app->pool);
        int rc = store_rec_set_status(s, id, version, &rs, &ra, &err);
        store_pool_release(app->pool, s);
        if (rc == 0) {
            char loc[96];
            snprintf(loc, sizeof loc, "/recommendations/%lld", id);
            form_redirect(resp, loc);
        } else {
            status = action_error(req, resp, &c, rc, &err, errors, "recommendation", notice, sizeof notice);
        }
    } else {
        status = 422;
    }
    if (status) status_page(req, resp, status, &c, id, row, body, &form, errors, *notice ? notice : NULL);
    json_decref(errors);
    json_decref(row);
    http_form_free(&form);
    return 0;
}

/* ---- deadline revision ---- */

static void deadline_page(http_request_t *req, http_response_t *resp, int status, const web_caller_t *c, long long id,
                          const json_t *row, const char *body, const http_form_t *form, json_t *errors,
                          const char *notice)
{
    char heading[160], action[96], today[DATE_TEXT_MAX], v[32], intro[300], d1[WEB_DATE_TEXT_MAX], d2[WEB_DATE_TEXT_MAX];
    snprintf(heading, sizeof heading, "Revise the deadline of recommendation %s",
             web_str(row, "number") ? web_str(row, "number") : "");
    snprintf(action, sizeof action, "/record/recommendations/%lld/deadline", id);
    form_today(req, today);
    json_t *ctx = form_ctx_new(c, body, heading, action, "Record the revision");
    const char *orig = web_str(row, "original_deadline"), *now = web_str(row, "deadline");
    if (now && *now)
        snprintf(intro, sizeof intro, "The deadline now: %s (original deadline: %s). The original is kept.",
                 web_format_date(now, d1), orig && *orig ? web_format_date(orig, d2) : "none");
    else
        snprintf(intro, sizeof intro, "It has no deadline yet.");
    json_object_set_new(ctx, "intro", json_string(intro));
    json_object_set_new(ctx, "quote", json_string(web_str(row, "text") ? web_str(row, "text") : ""));
    snprintf(v, sizeof v, "%lld", (long long)json_integer_value(json_object_get(row, "version")));
    form_hidden(ctx, "version", form && http_form_get(form, "version") ? http_form_get(form, "version") : v);
    json_t *fields = json_array();
    struct { const char *name, *label, *kind, *hint; int req; } spec[] = {
        {"new_deadline", "New deadline", "date", DATE_HINT, 1},
        {"reason", "Reason", "textarea", "Why the deadline moves", 1},
        {"agreed_by", "Agreed by", "text", "Who agreed it (name and role)", 1},
        {"agreed_on", "Agreed on", "date", DATE_HINT, 1},
    };
    for (size_t i = 0; i < sizeof spec / sizeof spec[0]; i++) {
        json_t *f = form_field_new(spec[i].name, spec[i].label, spec[i].kind, spec[i].req, spec[i].hint);
        const char *val = form ? http_form_get(form, spec[i].name) : (strcmp(spec[i].name, "agreed_on") == 0 ? today : NULL);
        form_field_value(f, val);
        json_array_append_new(fields, f);
    }
    char back[96];
    snprintf(back, sizeof back, "/recommendations/%lld", id);
    form_view_t view = {.status = status, .title = heading, .caller = c, .ctx = ctx, .fields = fields,
                        .errors = errors, .notice = notice, .reload = action, .cancel = back};
    form_finish(req, resp, &view);
}

int web_rec_deadline_form(http_request_t *req, http_response_t *resp)
{
    web_caller_t c;
    form_caller(req, &c);
    if (form_need_login(req, resp, &c) != 0) return 0;
    long long id = http_request_param_id(req, "id");
    char body[64];
    json_t *row = load(req, resp, &c, "recommendations", id, body);
    if (!row) return 0;
    if (!api_allowed(&c.actor, PERM_RECORD, body)) form_deny(req, resp, &c, "revise a deadline");
    else deadline_page(req, resp, 200, &c, id, row, body, NULL, NULL, NULL);
    json_decref(row);
    return 0;
}

int web_rec_deadline(http_request_t *req, http_response_t *resp)
{
    api_app_t *app = req->app;
    web_caller_t c;
    http_form_t form;
    long long id, version;
    char body[64];
    json_t *row = action_post_begin(req, resp, &c, &form, "recommendations", &id, body, &version);
    if (!row) return 0;
    if (!api_allowed(&c.actor, PERM_RECORD, body)) {
        form_deny(req, resp, &c, "revise a deadline");
        json_decref(row);
        http_form_free(&form);
        return 0;
    }
    json_t *errors = json_object();
    const char *names[] = {"new_deadline", "reason", "agreed_by", "agreed_on"};
    const char *msgs[] = {"Enter the new deadline", "Give the reason", "Say who agreed it", "Enter the date it was agreed"};
    for (int i = 0; i < 4; i++) {
        const char *v = http_form_get(&form, names[i]);
        if (!v || !*v) json_object_set_new(errors, names[i], json_string(msgs[i]));
    }
    int status = 422;
    char notice[300] = "";
    if (json_object_size(errors) == 0) {
        deadline_input_t d = {.new_deadline = http_form_get(&form, "new_deadline"),
                              .reason = http_form_get(&form, "reason"),
                              .agreed_by = http_form_get(&form, "agreed_by"),
                              .agreed_on = http_form_get(&form, "agreed_on")};
        ov_error_t err = {0};
        long long rev = 0;
        store_t *s = store_pool_acquire(app->pool);
        int rc = store_deadline_revise(s, id, version, &d, &rev, &err);
        store_pool_release(app->pool, s);
        status = 0;
        if (rc == 0) {
            char loc[96];
            snprintf(loc, sizeof loc, "/recommendations/%lld#deadline-revisions", id);
            form_redirect(resp, loc);
        } else {
            status = action_error(req, resp, &c, rc, &err, errors, "recommendation", notice, sizeof notice);
        }
    }
    if (status) deadline_page(req, resp, status, &c, id, row, body, &form, errors, *notice ? notice : NULL);
    json_decref(errors);
    json_decref(row);
    http_form_free(&form);
    return 0;
}

/* ---- closing a cause of concern ---- */

static void close_page(http_request_t *req, http_response_t *resp, int status, const web_caller_t *c, long long id,
                       const json_t *row, const char *body, const http_form_t *form, json_t *errors,
                       const char *notice)
{
    char heading[200], action[96], today[DATE_TEXT_MAX], v[32];
    snprintf(heading, sizeof heading, "Close this cause of concern");
    snprintf(action, sizeof action, "/record/causes-of-concern/%lld/close", id);
    form_today(req, today);
    json_t *ctx = form_ctx_new(c, body, heading, action, "Close it");
    json_object_set_new(ctx, "quote", json_string(web_str(row, "text") ? web_str(row, "text") : ""));
    /* its recommendations not yet closed: closing then needs a reason */
    buf_t open = BUF_INIT;
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(row, "recommendations"), i, r) {
        const char *st = web_str(r, "status");
        if (st && strcmp(st, "closed") != 0)
            buf_printf(&open, "%s%s", open.len ? ", " : "", web_str(r, "number") ? web_str(r, "number") : "?");
    }
    char intro[400];
    if (open.len)
        snprintf(intro, sizeof intro, "Recommendations not yet closed: %s. To close the cause of concern anyway, give the reason.",
                 open.data);
    else
        snprintf(intro, sizeof intro, "All its recommendations are closed.");
    buf_free(&open);
    json_object_set_new(ctx, "intro", json_string(intro));
    snprintf(v, sizeof v, "%lld", (long long)json_integer_value(json_object_get(row, "version")));
    form_hidden(ctx, "version", form && http_form_get(form, "version") ? http_form_get(form, "version") : v);
    json_t *fields = json_array();
    json_t *on = form_field_new("on", "Closed on", "date", 1, DATE_HINT);
    form_field_value(on, form ? http_form_get(form, "on") : today);
    json_array_append_new(fields, on);
    json_array_append_new(fields, revisit_field(req, body, form ? http_form_get(form, "revisit_id") : NULL));
    json_t *ov = form_field_new("override_reason", "Reason to close with recommendations open", "textarea", 0,
                                "Only when some of its recommendations are still open");
    form_field_value(ov, form ? http_form_get(form, "override_reason") : NULL);
    json_array_append_new(fields, ov);
    json_t *dec = form_field_new("decision_id", "Phase decision", "number", 0,
                                 "The number of the phase decision that closed it, if any");
    form_field_value(dec, form ? http_form_get(form, "decision_id") : NULL);
    json_array_append_new(fields, dec);
    char back[96];
    snprintf(back, sizeof back, "/causes-of-concern/%lld", id);
    form_view_t view = {.status = status, .title = heading, .caller = c, .ctx = ctx, .fields = fields,
                        .errors = errors, .notice = notice, .reload = action, .cancel = back};
    form_finish(req, resp, &view);
}

int web_cause_close_form(http_request_t *req, http_response_t *resp)
{
    web_caller_t c;
    form_caller(req, &c);
    if (form_need_login(req, resp, &c) != 0) return 0;
    long long id = http_request_param_id(req, "id");
    char body[64];
    json_t *row = load(req, resp, &c, "causes-of-concern", id, body);
    if (!row) return 0;
    if (!record_actor(&c.actor, body).can_close) form_deny(req, resp, &c, "close a cause of concern");
    else close_page(req, resp, 200, &c, id, row, body, NULL, NULL, NULL);
    json_decref(row);
    return 0;
}

int web_cause_close(http_request_t *req, http_response_t *resp)
{
    api_app_t *app = req->app;
    web_caller_t c;
    http_form_t form;
    long long id, version;
    char body[64];
    json_t *row = action_post_begin(req, resp, &c, &form, "causes-of-concern", &id, body, &version);
    if (!row) return 0;
    record_actor_t ra = record_actor(&c.actor, body);
    if (!ra.can_close) {
        form_deny(req, resp, &c, "close a cause of concern");
        json_decref(row);
        http_form_free(&form);
        return 0;
    }
    json_t *errors = json_object();
    const char *on = http_form_get(&form, "on"), *ov = http_form_get(&form, "override_reason");
    if (ov && !*ov) ov = NULL;
    if (!on || !*on) json_object_set_new(errors, "on", json_string("Enter the date it was closed"));
    long long revisit = form_id(&form, "revisit_id", "Revisit", errors);
    long long decision = form_id(&form, "decision_id", "Phase decision", errors);
    int status = 422;
    char notice[300] = "";
    if (json_object_size(errors) == 0) {
        cause_close_input_t in = {.on = on, .by = c.actor.username, .revisit_id = revisit, .decision_id = decision,
                                  .override_reason = ov};
        ov_error_t err = {0};
        store_t *s = store_pool_acquire(app->pool);
        int rc = store_cause_close(s, id, version, &in, &ra, &err);
        store_pool_release(app->pool, s);
        status = 0;
        if (rc == 0) {
            char loc[96];
            snprintf(loc, sizeof loc, "/causes-of-concern/%lld", id);
            form_redirect(resp, loc);
        } else {
            /* the rule names no field when recommendations are open: put it by the reason */
            if (rc == OV_EINVALID && !err.field[0]) snprintf(err.field, sizeof err.field, "override_reason");
            status = action_error(req, resp, &c, rc, &err, errors, "cause of concern", notice, sizeof notice);
        }
    }
    if (status) close_page(req, resp, status, &c, id, row, body, &form, errors, *notice ? notice : NULL);
    json_decref(errors);
    json_decref(row);
    http_form_free(&form);
    return 0;
}

/* ---- a phase decision (HMCI) ---- */

/* Body code (public data) for the decision form, or NULL with a 404 page. */
static json_t *load_body(http_request_t *req, http_response_t *resp, const web_caller_t *c, const char *code)
{
    api_app_t *app = req->app;
    json_t *b = NULL;
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_body_get(s, code, &b, &err);
    store_pool_release(app->pool, s);
    if (rc != 0) {
        if (err.status == OV_ENOTFOUND) web_error(req, resp, 404, "Page not found", "There is no body with this code.", &c->actor);
        else web_error_store(req, resp, &err, &c->actor);
        return NULL;
    }
    return b;
}

static void decision_page(http_request_t *req, http_response_t *resp, int status, const web_caller_t *c,
                          const char *code, const json_t *b, const http_form_t *form, json_t *errors,
                          const char *notice)
{
    api_app_t *app = req->app;
    char heading[200], action[160], today[DATE_TEXT_MAX], v[32], intro[300];
    const char *name = web_str(b, "name") ? web_str(b, "name") : code;
    const char *cur = web_str(b, "phase") ? web_str(b, "phase") : "";
    snprintf(heading, sizeof heading, "Decide a phase change for %s", name);
    snprintf(action, sizeof action, "/record/bodies/%s/decision", code);
    form_today(req, today);
    json_t *ctx = form_ctx_new(c, name, heading, action, "Record the decision");
    snprintf(intro, sizeof intro, "Its phase now: %s. The decision is published on the body's page.",
             web_str(b, "phase_name") ? web_str(b, "phase_name") : cur);
    json_object_set_new(ctx, "intro", json_string(intro));
    snprintf(v, sizeof v, "%lld", (long long)json_integer_value(json_object_get(b, "version")));
    form_hidden(ctx, "version", form && http_form_get(form, "version") ? http_form_get(form, "version") : v);

    json_t *fields = json_array();
    json_t *to = form_field_new("to_phase", "New phase", "select", 1, NULL);
    form_field_option(to, "", "Choose one");
    /* the phases the model allows from the current one (the rules check it again) */
    phase_model_t m;
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_phase_model(s, &m, &err);
    store_pool_release(app->pool, s);
    for (int i = 0; rc == 0 && i < m.ntransitions; i++) {
        if (strcmp(m.transitions[i].from, cur) != 0) continue;
        const phase_def_t *p = phase_find(&m, m.transitions[i].to);
        form_field_option(to, m.transitions[i].to, p ? p->name : m.transitions[i].to);
    }
    form_field_value(to, form ? http_form_get(form, "to_phase") : NULL);
    json_array_append_new(fields, to);
    struct { const char *name, *label, *kind, *hint; int req; } spec[] = {
        {"effective_on", "Effective on", "day", "For example 2025-01-23", 1},
        {"decided_on", "Decided on", "day", "Leave empty when it is the day it takes effect", 0},
        {"decided_by", "Decided by", "text", "HMCI's name", 1},
        {"recommended_by", "Recommended by", "text", "The lead HMI who recommended it", 0},
        {"rationale", "Reasons", "textarea", "Why the phase changes: what was found, what was closed", 1},
        {"meeting", "Meeting", "text", "For example the PPOG of 22 January 2025", 0},
        {"source_url", "Published at", "text", "The letter or news release, starting with https://", 0},
    };
    for (size_t i = 0; i < sizeof spec / sizeof spec[0]; i++) {
        json_t *f = form_field_new(spec[i].name, spec[i].label, spec[i].kind, spec[i].req, spec[i].hint);
        const char *val = form ? http_form_get(form, spec[i].name) : (strcmp(spec[i].name, "effective_on") == 0 ? today : NULL);
        form_field_value(f, val);
        json_array_append_new(fields, f);
    }
    char back[160];
    snprintf(back, sizeof back, "/bodies/%s", code);
    form_view_t view = {.status = status, .title = heading, .caller = c, .ctx = ctx, .fields = fields,
                        .errors = errors, .notice = notice, .reload = action, .cancel = back};
    form_finish(req, resp, &view);
}

int web_decision_form(http_request_t *req, http_response_t *resp)
{
    web_caller_t c;
    form_caller(req, &c);
    if (form_need_login(req, resp, &c) != 0) return 0;
    const char *code = http_request_param(req, "code");
    json_t *b = load_body(req, resp, &c, code);
    if (!b) return 0;
    if (!api_allowed(&c.actor, PERM_DECIDE, code)) form_deny(req, resp, &c, "decide a phase change (HMCI only)");
    else decision_page(req, resp, 200, &c, code, b, NULL, NULL, NULL);
    json_decref(b);
    return 0;
}

int web_decision(http_request_t *req, http_response_t *resp)
{
    api_app_t *app = req->app;
    web_caller_t c;
    http_form_t form;
    if (form_post_begin(req, resp, &c, &form) != 0) return 0;
    const char *code = http_request_param(req, "code");
    long long version;
    json_t *b = load_body(req, resp, &c, code);
    if (!b) {
        http_form_free(&form);
        return 0;
    }
    if (!api_allowed(&c.actor, PERM_DECIDE, code)) {
        form_deny(req, resp, &c, "decide a phase change (HMCI only)");
        json_decref(b);
        http_form_free(&form);
        return 0;
    }
    if ((version = posted_version(req, resp, &c, &form)) < 0) {
        json_decref(b);
        http_form_free(&form);
        return 0;
    }
    json_t *errors = json_object();
    struct { const char *name, *message; } required[] = {
        {"to_phase", "Choose the new phase"},
        {"effective_on", "Enter the day the decision takes effect"},
        {"decided_by", "Enter who decided"},
        {"rationale", "Give the reasons for the decision"},
    };
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        const char *v = http_form_get(&form, required[i].name);
        if (!v || !*v) json_object_set_new(errors, required[i].name, json_string(required[i].message));
    }
    int status = 422;
    char notice[300] = "";
    if (json_object_size(errors) == 0) {
#define OPT(name) (http_form_get(&form, name) && *http_form_get(&form, name) ? http_form_get(&form, name) : NULL)
        decision_input_t d = {
            .to_phase = OPT("to_phase"), .recommended_by = OPT("recommended_by"), .decided_by = OPT("decided_by"),
            .decided_on = OPT("decided_on"), .effective_on = OPT("effective_on"), .rationale = OPT("rationale"),
            .meeting = OPT("meeting"), .source_url = OPT("source_url"), .actor_role = c.actor.role,
        };
#undef OPT
        odate_t today = api_today(app);
        ov_error_t err = {0};
        store_t *s = store_pool_acquire(app->pool);
        int rc = store_decision_record(s, code, &d, &today, version, NULL, &err);
        store_pool_release(app->pool, s);
        status = 0;
        if (rc == 0) {
            char loc[160];
            snprintf(loc, sizeof loc, "/bodies/%s#decisions", code);
            form_redirect(resp, loc);
        } else {
            /* a rule about no one field (e.g. the transition) goes by the phase */
            if (rc == OV_EINVALID && !err.field[0]) snprintf(err.field, sizeof err.field, "to_phase");
            status = action_error(req, resp, &c, rc, &err, errors, "body", notice, sizeof notice);
        }
    }
    if (status) decision_page(req, resp, status, &c, code, b, &form, errors, *notice ? notice : NULL);
    json_decref(errors);
    json_decref(b);
    http_form_free(&form);
    return 0;
}
