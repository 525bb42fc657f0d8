/*
 * form_lifecycle.c: the lifecycle of a recommendation beyond closing, and
 * themes, as forms (issue #15 item 4): supersede a recommendation by a
 * named successor, withdraw it (each with "check your answers", like a
 * closure), and set the themes of a recommendation or a cause of concern.
 * One descriptor each (form_action.h); the actions are app/lifecycle.h's,
 * the same the JSON API calls.
 */
#include "web/form_action.h"
#include "web/format.h"
#include "app/lifecycle.h"
#include "core/buf.h"
#include "core/roles.h"
#include "store/themes.h"
#include "store/work.h"
#include <stdio.h>
#include <string.h>

#define DATE_HINT "For example 2025-01-31; or 2025-01 when only the month is known"

static const char *number_of(const action_view_t *v)
{
    const char *n = web_str(v->target->row, "number");
    return n ? n : "";
}

static void rows_add(json_t *rows, const char *label, const char *value)
{
    if (value && *value) json_array_append_new(rows, json_pack("{s:s, s:s}", "label", label, "value", value));
}

/* Who will see it, by the one publication rule. */
static void audience_of(const action_view_t *v, const char *what, int *is_public, char *audience, size_t n)
{
    app_t *app = v->req->app;
    char today[DATE_TEXT_MAX];
    form_today(v->req, today);
    int pub = 0;
    ov_error_t err = {0};
    const char *item = v->action->what;
    const char *table = strcmp(v->action->entity, "causes-of-concern") == 0 ? "causes_of_concern" : "recommendations";
    store_t *s = store_pool_acquire(app->pool);
    if (store_row_is_public(s, table, v->target->id, today, &pub, &err) != 0) pub = 0;
    store_pool_release(app->pool, s);
    *is_public = pub;
    if (pub)
        snprintf(audience, n, "the report that carries this %s is published, so anyone will see it %s, "
                              "with its date, on the public pages, feeds and open data. The inspectorate and the "
                              "body's own users also see the reason and who recorded it.", item, what);
    else
        snprintf(audience, n, "this %s is not public yet (the report that carries it is not published), "
                              "so only the inspectorate and the body's own users will see it %s until it is.", item,
                 what);
}

static void end_rows(const action_view_t *v, json_t *rows, const char *status)
{
    char rec[240], d[WEB_DATE_TEXT_MAX];
    if (strcmp(v->action->entity, "causes-of-concern") == 0) {
        const char *t = web_str(v->target->row, "title");
        snprintf(rec, sizeof rec, "%s", t && *t ? t : "This cause of concern");
        rows_add(rows, "Cause of concern", rec);
    } else {
        snprintf(rec, sizeof rec, "Recommendation %s", number_of(v));
        rows_add(rows, "Recommendation", rec);
    }
    rows_add(rows, "Status", status);
    const char *on = form_action_read_text(v, "on");
    if (on) rows_add(rows, "On", web_format_date(on, d));
    rows_add(rows, "Reason", form_action_read_text(v, "reason"));
}

/* ---- supersede ---- */

static void supersede_intro(const json_t *row, char *out, size_t n)
{
    (void)row;
    snprintf(out, n, "A recommendation superseded by another is closed as superseded: it leaves the open lists, and "
                     "its page and its successor's link to each other. Reopening it undoes this.");
}

static int supersede_check_page(const action_view_t *v, json_t *rows, int *is_public, char *audience, size_t n)
{
    end_rows(v, rows, "Superseded (closed)");
    char succ[80];
    snprintf(succ, sizeof succ, "recommendation number %lld in the record", form_action_read_id(v, "successor_id"));
    rows_add(rows, "Superseded by", succ);
    audience_of(v, "superseded", is_public, audience, n);
    return 1;
}

static void supersede_success(const action_view_t *v, char *message, size_t n, char *link, size_t ln)
{
    snprintf(message, n, "Recommendation %s is superseded", number_of(v));
    snprintf(link, ln, "See recommendation %s", number_of(v));
}

static int supersede_run(store_t *s, const action_view_t *v, ov_error_t *err)
{
    return app_rec_supersede(s, &v->caller->actor, v->target->body, v->target->id, v->version,
                             form_action_read_text(v, "on"), form_action_read_text(v, "reason"),
                             form_action_read_id(v, "successor_id"), NULL, err);
}

static const action_field_t supersede_fields[] = {
    {.name = "successor_id", .label = "Superseded by (the successor's number in the record)", .kind = "number",
     .hint = "The record number of the recommendation that replaces it: the number in its page's address "
             "(/recommendations/NUMBER)",
     .missing = "Enter the number of the successor recommendation", .flags = AF_ID | AF_QUERY},
    {.name = "on", .label = "Superseded on", .kind = "date", .hint = DATE_HINT, .missing = "Enter the date",
     .flags = AF_TODAY},
    {.name = "reason", .label = "Reason", .kind = "textarea", .hint = "Why the successor replaces it",
     .missing = "Give the reason"},
    {0},
};

static const form_action_t rec_supersede = {
    .entity = "recommendations",
    .may = {PERM_CLOSE},
    .refusal = "supersede a recommendation",
    .what = "recommendation",
    .heading = "Supersede recommendation %s",
    .heading_key = "number",
    .submit = "Continue",
    .action = "/record/recommendations/%s/supersede",
    .cancel = "/recommendations/%s",
    .done = "/recommendations/%s",
    .quote = 1,
    .intro = supersede_intro,
    .fields = supersede_fields,
    .rule_field = "successor_id",
    .check_page = supersede_check_page,
    .verb = "supersede it",
    .confirm = "Confirm: it is superseded",
    .success = supersede_success,
    .run = supersede_run,
};

/* ---- withdraw ---- */

static void withdraw_intro(const json_t *row, char *out, size_t n)
{
    (void)row;
    snprintf(out, n, "A withdrawn recommendation is closed as withdrawn: it leaves the open lists and its page says "
                     "so, with the date; who withdrew it and why stay in the record. Reopening it undoes this.");
}

static int withdraw_check_page(const action_view_t *v, json_t *rows, int *is_public, char *audience, size_t n)
{
    end_rows(v, rows, "Withdrawn (closed)");
    audience_of(v, "withdrawn", is_public, audience, n);
    return 1;
}

static void withdraw_success(const action_view_t *v, char *message, size_t n, char *link, size_t ln)
{
    snprintf(message, n, "Recommendation %s is withdrawn", number_of(v));
    snprintf(link, ln, "See recommendation %s", number_of(v));
}

static int withdraw_run(store_t *s, const action_view_t *v, ov_error_t *err)
{
    return app_rec_withdraw(s, &v->caller->actor, v->target->body, v->target->id, v->version,
                            form_action_read_text(v, "on"), form_action_read_text(v, "reason"), NULL, err);
}

static const action_field_t withdraw_fields[] = {
    {.name = "on", .label = "Withdrawn on", .kind = "date", .hint = DATE_HINT, .missing = "Enter the date",
     .flags = AF_TODAY},
    {.name = "reason", .label = "Reason", .kind = "textarea", .hint = "Why the inspectorate withdraws it",
     .missing = "Give the reason"},
    {0},
};

static const form_action_t rec_withdraw = {
    .entity = "recommendations",
    .may = {PERM_CLOSE},
    .refusal = "withdraw a recommendation",
    .what = "recommendation",
    .heading = "Withdraw recommendation %s",
    .heading_key = "number",
    .submit = "Continue",
    .action = "/record/recommendations/%s/withdraw",
    .cancel = "/recommendations/%s",
    .done = "/recommendations/%s",
    .quote = 1,
    .intro = withdraw_intro,
    .fields = withdraw_fields,
    .check_page = withdraw_check_page,
    .verb = "withdraw it",
    .confirm = "Confirm: it is withdrawn",
    .success = withdraw_success,
    .run = withdraw_run,
};

/* ---- a cause of concern superseded or withdrawn (sql/024) ---- */

static void cause_supersede_intro(const json_t *row, char *out, size_t n)
{
    (void)row;
    snprintf(out, n, "A cause of concern superseded by another of the same body is closed as superseded: it no longer "
                     "counts as open (readiness, the exit rules, the board), and its page links to its successor.");
}

static int cause_supersede_check_page(const action_view_t *v, json_t *rows, int *is_public, char *audience, size_t n)
{
    end_rows(v, rows, "Superseded (closed)");
    char succ[80];
    snprintf(succ, sizeof succ, "cause of concern number %lld in the record", form_action_read_id(v, "successor_id"));
    rows_add(rows, "Superseded by", succ);
    audience_of(v, "superseded", is_public, audience, n);
    return 1;
}

static void cause_supersede_success(const action_view_t *v, char *message, size_t n, char *link, size_t ln)
{
    (void)v;
    snprintf(message, n, "The cause of concern is superseded");
    snprintf(link, ln, "See the cause of concern");
}

static int cause_supersede_run(store_t *s, const action_view_t *v, ov_error_t *err)
{
    return app_cause_supersede(s, &v->caller->actor, v->target->body, v->target->id, v->version,
                               form_action_read_text(v, "on"), form_action_read_text(v, "reason"),
                               form_action_read_id(v, "successor_id"), NULL, err);
}

static const action_field_t cause_supersede_fields[] = {
    {.name = "successor_id", .label = "Superseded by (the successor's number in the record)", .kind = "number",
     .hint = "The record number of the cause of concern of the same body that replaces it: the number in its "
             "page's address (/causes-of-concern/NUMBER)",
     .missing = "Enter the number of the successor cause of concern", .flags = AF_ID | AF_QUERY},
    {.name = "on", .label = "Superseded on", .kind = "date", .hint = DATE_HINT, .missing = "Enter the date",
     .flags = AF_TODAY},
    {.name = "reason", .label = "Reason", .kind = "textarea", .hint = "Why the successor replaces it",
     .missing = "Give the reason"},
    {0},
};

static const form_action_t cause_supersede = {
    .entity = "causes-of-concern",
    .may = {PERM_CLOSE},
    .refusal = "supersede a cause of concern",
    .what = "cause of concern",
    .heading = "Supersede this cause of concern",
    .submit = "Continue",
    .action = "/record/causes-of-concern/%s/supersede",
    .cancel = "/causes-of-concern/%s",
    .done = "/causes-of-concern/%s",
    .quote = 1,
    .intro = cause_supersede_intro,
    .fields = cause_supersede_fields,
    .rule_field = "successor_id",
    .check_page = cause_supersede_check_page,
    .verb = "supersede it",
    .confirm = "Confirm: it is superseded",
    .success = cause_supersede_success,
    .run = cause_supersede_run,
};

static void cause_withdraw_intro(const json_t *row, char *out, size_t n)
{
    (void)row;
    snprintf(out, n, "A withdrawn cause of concern is closed as withdrawn: it no longer counts as open and its page "
                     "says so, with the date; who withdrew it and why stay in the record.");
}

static void cause_withdraw_success(const action_view_t *v, char *message, size_t n, char *link, size_t ln)
{
    (void)v;
    snprintf(message, n, "The cause of concern is withdrawn");
    snprintf(link, ln, "See the cause of concern");
}

static int cause_withdraw_run(store_t *s, const action_view_t *v, ov_error_t *err)
{
    return app_cause_withdraw(s, &v->caller->actor, v->target->body, v->target->id, v->version,
                              form_action_read_text(v, "on"), form_action_read_text(v, "reason"), NULL, err);
}

static const form_action_t cause_withdraw = {
    .entity = "causes-of-concern",
    .may = {PERM_CLOSE},
    .refusal = "withdraw a cause of concern",
    .what = "cause of concern",
    .heading = "Withdraw this cause of concern",
    .submit = "Continue",
    .action = "/record/causes-of-concern/%s/withdraw",
    .cancel = "/causes-of-concern/%s",
    .done = "/causes-of-concern/%s",
    .quote = 1,
    .intro = cause_withdraw_intro,
    .fields = withdraw_fields,
    .check_page = withdraw_check_page,
    .verb = "withdraw it",
    .confirm = "Confirm: it is withdrawn",
    .success = cause_withdraw_success,
    .run = cause_withdraw_run,
};

/* ---- themes ---- */

static void themes_intro(const json_t *row, char *out, size_t n)
{
    buf_t b = BUF_INIT;
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(row, "themes"), i, c) buf_printf(&b, "%s%s", i ? ", " : "", json_string_value(c));
    snprintf(out, n, "Its themes now: %s.", b.len ? b.data : "none");
    buf_free(&b);
}

/* The codes ticked (every value of the checkboxes "themes"), as a new JSON
 * array: the store refuses a code not in the list, naming it. */
static json_t *codes_posted(const action_view_t *v)
{
    json_t *codes = json_array();
    for (int i = 0; v->form && i < v->form->n; i++) {
        const char *c = v->form->fields[i].value;
        if (strcmp(v->form->fields[i].name, "themes") == 0 && c && *c) json_array_append_new(codes, json_string(c));
    }
    return codes;
}

/* The controlled list as checkboxes; on the GET, the item's themes ticked
 * (a POST ticks what was posted: form_action.c). */
static void theme_options(const action_view_t *v, json_t *fd)
{
    app_t *app = v->req->app;
    ov_error_t err = {0};
    json_t *themes = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_themes_list(s, &themes, &err);
    store_pool_release(app->pool, s);
    if (rc) return;
    json_t *have = json_object_get(v->target->row, "themes"), *opts = json_object_get(fd, "options");
    size_t i, k;
    json_t *t, *h;
    json_array_foreach(themes, i, t) {
        const char *code = web_str(t, "code"), *name = web_str(t, "name");
        if (!code) continue;
        int ticked = 0;
        json_array_foreach(have, k, h) {
            const char *hc = json_is_string(h) ? json_string_value(h) : web_str(h, "code");
            ticked |= hc && strcmp(hc, code) == 0;
        }
        json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", code, "text", name ? name : code,
                                              "selected", ticked));
    }
    json_decref(themes);
}

static int themes_run_on(store_t *s, const action_view_t *v, const char *table, ov_error_t *err)
{
    json_t *codes = codes_posted(v);
    int rc = app_item_set_themes(s, &v->caller->actor, v->target->body, table, v->target->id, v->version, codes, err);
    json_decref(codes);
    return rc;
}

static int rec_themes_run(store_t *s, const action_view_t *v, ov_error_t *err)
{
    return themes_run_on(s, v, "recommendations", err);
}

static int cause_themes_run(store_t *s, const action_view_t *v, ov_error_t *err)
{
    return themes_run_on(s, v, "causes_of_concern", err);
}

static const action_field_t themes_fields[] = {
    {.name = "themes", .label = "Themes", .kind = "checkboxes",
     .hint = "Select all that apply, from the inspectorate's list of themes. Select none to remove them all.",
     .options = theme_options},
    {0},
};

static const form_action_t rec_themes = {
    .entity = "recommendations",
    .may = {PERM_RECORD},
    .refusal = "set a recommendation's themes",
    .what = "recommendation",
    .heading = "Themes of recommendation %s",
    .heading_key = "number",
    .submit = "Save the themes",
    .action = "/record/recommendations/%s/themes",
    .cancel = "/recommendations/%s",
    .done = "/recommendations/%s",
    .quote = 1,
    .intro = themes_intro,
    .fields = themes_fields,
    .rule_field = "themes",
    .run = rec_themes_run,
};

static const form_action_t cause_themes = {
    .entity = "causes-of-concern",
    .may = {PERM_RECORD},
    .refusal = "set a cause of concern's themes",
    .what = "cause of concern",
    .heading = "Themes of this cause of concern",
    .submit = "Save the themes",
    .action = "/record/causes-of-concern/%s/themes",
    .cancel = "/causes-of-concern/%s",
    .done = "/causes-of-concern/%s",
    .quote = 1,
    .intro = themes_intro,
    .fields = themes_fields,
    .rule_field = "themes",
    .run = cause_themes_run,
};

/* ---- the routes' handlers (forms.h) ---- */

int web_rec_supersede_form(http_request_t *req, http_response_t *resp) { return form_action_get(req, resp, &rec_supersede); }
int web_rec_supersede(http_request_t *req, http_response_t *resp) { return form_action_post(req, resp, &rec_supersede); }
int web_rec_withdraw_form(http_request_t *req, http_response_t *resp) { return form_action_get(req, resp, &rec_withdraw); }
int web_rec_withdraw(http_request_t *req, http_response_t *resp) { return form_action_post(req, resp, &rec_withdraw); }
int web_rec_themes_form(http_request_t *req, http_response_t *resp) { return form_action_get(req, resp, &rec_themes); }
int web_rec_themes(http_request_t *req, http_response_t *resp) { return form_action_post(req, resp, &rec_themes); }
int web_cause_themes_form(http_request_t *req, http_response_t *resp) { return form_action_get(req, resp, &cause_themes); }
int web_cause_themes(http_request_t *req, http_response_t *resp) { return form_action_post(req, resp, &cause_themes); }
int web_cause_supersede_form(http_request_t *req, http_response_t *resp) { return form_action_get(req, resp, &cause_supersede); }
int web_cause_supersede(http_request_t *req, http_response_t *resp) { return form_action_post(req, resp, &cause_supersede); }
int web_cause_withdraw_form(http_request_t *req, http_response_t *resp) { return form_action_get(req, resp, &cause_withdraw); }
int web_cause_withdraw(http_request_t *req, http_response_t *resp) { return form_action_post(req, resp, &cause_withdraw); }
