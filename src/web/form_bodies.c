/*
 * form_bodies.c: the body changes as admin forms (issue #15 item 2;
 * docs/bodies.md): add a body, rename one (code and history kept), merge
 * two into a successor, retire one (its record kept, read-only), each
 * with "check your answers" and every refusal by its field; and the
 * bodies admin page, GET /admin/bodies, from which they are reached (as
 * from the body's own page). The changes are the store's
 * (store/body_changes.h), the same the JSON API and `oversight body` make.
 */
#include "web/form_action.h"
#include "web/format.h"
#include "web/page.h"
#include "core/roles.h"
#include "store/bodies.h"
#include "store/body_changes.h"
#include <stdio.h>
#include <string.h>

#define DAY_HINT "For example, 1 4 2026. Leave it as it is for today"

static void rows_add(json_t *rows, const char *label, const char *value)
{
    if (value && *value) json_array_append_new(rows, json_pack("{s:s, s:s}", "label", label, "value", value));
}

/* The change as the form gives it. The body's version as the form read it
 * is checked inside the change's transaction (store/body_changes.h): a
 * change made meanwhile is refused (OV_ESTALE), never overwritten. */
static body_change_t change_of(const action_view_t *v)
{
    body_change_t ch = {.effective_on = form_action_read_text(v, "effective_on"), .reason = form_action_read_text(v, "reason"),
                        .expect_version = v->version};
    return ch;
}

static void change_rows(const action_view_t *v, json_t *rows)
{
    char d[WEB_DATE_TEXT_MAX];
    const char *on = form_action_read_text(v, "effective_on");
    rows_add(rows, "Takes effect on", on ? web_format_date(on, d) : "Today");
    rows_add(rows, "Reason", form_action_read_text(v, "reason"));
}

static const char AUDIENCE[] = "the body's page, the status board, the bodies list of the API and the open data "
                               "show it to anyone; the reason and who recorded it stay in the record's history.";

/* ---- add ---- */

static void add_intro(const json_t *row, char *out, size_t n)
{
    (void)row;
    snprintf(out, n, "A police force or fire and rescue service starts in the entry level of the framework in force "
                     "that applies to its kind (How monitoring works); "
                     "a national body is an addressee of recommendations and is not monitored.");
}

static const char *const KINDS[][2] = {
    {"police", "Police force"}, {"fire", "Fire and rescue service"},
    {BODY_KIND_NATIONAL, "National body (an addressee, not monitored)"},
};

static void kind_options(const action_view_t *v, json_t *fd)
{
    (void)v;
    form_field_option(fd, "", "Choose one");
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++) form_field_option(fd, KINDS[i][0], KINDS[i][1]);
}

static const char *kind_text(const char *kind)
{
    for (size_t i = 0; kind && i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (strcmp(KINDS[i][0], kind) == 0) return KINDS[i][1];
    return kind;
}

static body_input_t add_input(const action_view_t *v)
{
    body_input_t b = {
        .code = form_action_read_text(v, "code"), .name = form_action_read_text(v, "name"),
        .kind = form_action_read_text(v, "kind"), .country = form_action_read_text(v, "country"),
        .governance = form_action_read_text(v, "governance"),
        .local_policing_body = form_action_read_text(v, "local_policing_body"),
        .chief_officer_title = form_action_read_text(v, "chief_officer_title"),
    };
    return b;
}

static int add_check_page(const action_view_t *v, json_t *rows, int *is_public, char *audience, size_t n)
{
    body_input_t b = add_input(v);
    rows_add(rows, "Code", b.code);
    rows_add(rows, "Name", b.name);
    rows_add(rows, "Kind", kind_text(b.kind));
    rows_add(rows, "Country", b.country);
    rows_add(rows, "Governance", b.governance);
    rows_add(rows, "Local policing body", b.local_policing_body);
    rows_add(rows, "Chief officer's title", b.chief_officer_title);
    change_rows(v, rows);
    *is_public = 1;
    snprintf(audience, n, "%s", AUDIENCE);
    return 1;
}

static void add_success(const action_view_t *v, char *message, size_t n, char *link, size_t ln)
{
    const char *name = form_action_read_text(v, "name");
    snprintf(message, n, "%s is added", name ? name : "The body");
    snprintf(link, ln, "See the bodies");
}

static int add_run(store_t *s, const action_view_t *v, ov_error_t *err)
{
    body_input_t b = add_input(v);
    body_change_t ch = change_of(v);
    odate_t today = app_today(v->req->app);
    return store_body_add(s, &b, &ch, &today, NULL, err);
}

static const action_field_t add_fields[] = {
    {.name = "code", .label = "Code", .kind = "text",
     .hint = "Lower-case letters, digits and hyphens, for example west-midlands-frs. It names the body in addresses "
             "and cannot be changed",
     .missing = "Enter the code"},
    {.name = "name", .label = "Name", .kind = "text", .missing = "Enter the name"},
    {.name = "kind", .label = "Kind", .kind = "select", .missing = "Choose the kind", .options = kind_options},
    {.name = "country", .label = "Country", .kind = "text", .hint = "England or Wales; none for a national body"},
    {.name = "governance", .label = "Governance", .kind = "text",
     .hint = "For example police and crime commissioner, combined authority or county council"},
    {.name = "local_policing_body", .label = "Local policing body", .kind = "text",
     .hint = "Who holds it to account, for example Kent Police and Crime Commissioner"},
    {.name = "chief_officer_title", .label = "Chief officer's title", .kind = "text",
     .hint = "For example Chief Constable or Chief Fire Officer"},
    {.name = "effective_on", .label = "Takes effect on", .kind = "day", .hint = DAY_HINT, .flags = AF_TODAY},
    {.name = "reason", .label = "Reason", .kind = "textarea", .hint = "Why the body is added, and the source",
     .missing = "Give the reason"},
    {0},
};

static const form_action_t body_add = {
    .no_target = 1,
    .may = {PERM_ADMIN},
    .refusal = "add a body (admin only)",
    .what = "list of bodies",
    .heading = "Add a body",
    .submit = "Continue",
    .action = "/admin/bodies/new%s",
    .cancel = "/admin/bodies%s",
    .done = "/admin/bodies%s",
    .intro = add_intro,
    .fields = add_fields,
    .rule_field = "code",
    .check_page = add_check_page,
    .verb = "add the body",
    .confirm = "Confirm and add the body",
    .success = add_success,
    .run = add_run,
};

/* ---- rename ---- */

static void rename_intro(const json_t *b, char *out, size_t n)
{
    snprintf(out, n, "Its name now: %s. A rename keeps the code and the whole history; the former name is kept with "
                     "the days it was in use.", web_str(b, "name") ? web_str(b, "name") : "");
}

static int rename_check_page(const action_view_t *v, json_t *rows, int *is_public, char *audience, size_t n)
{
    rows_add(rows, "Body", web_str(v->target->row, "name"));
    rows_add(rows, "New name", form_action_read_text(v, "name"));
    change_rows(v, rows);
    *is_public = 1;
    snprintf(audience, n, "%s", AUDIENCE);
    return 1;
}

static void rename_success(const action_view_t *v, char *message, size_t n, char *link, size_t ln)
{
    snprintf(message, n, "The body is renamed %s", form_action_read_text(v, "name") ? form_action_read_text(v, "name") : "");
    snprintf(link, ln, "See the body");
}

static int rename_run(store_t *s, const action_view_t *v, ov_error_t *err)
{
    body_change_t ch = change_of(v);
    odate_t today = app_today(v->req->app);
    return store_body_rename(s, v->target->key, form_action_read_text(v, "name"), &ch, &today, NULL, err);
}

static const action_field_t rename_fields[] = {
    {.name = "name", .label = "New name", .kind = "text", .missing = "Enter the new name"},
    {.name = "effective_on", .label = "Takes effect on", .kind = "day", .hint = DAY_HINT, .flags = AF_TODAY},
    {.name = "reason", .label = "Reason", .kind = "textarea", .hint = "Why it is renamed, and the source",
     .missing = "Give the reason"},
    {0},
};

static const form_action_t body_rename = {
    .may = {PERM_ADMIN},
    .refusal = "rename a body (admin only)",
    .what = "body",
    .heading = "Rename %s",
    .heading_key = "name",
    .submit = "Continue",
    .action = "/record/bodies/%s/rename",
    .cancel = "/bodies/%s",
    .done = "/bodies/%s",
    .intro = rename_intro,
    .fields = rename_fields,
    .rule_field = "name",
    .check_page = rename_check_page,
    .verb = "rename the body",
    .confirm = "Confirm the new name",
    .success = rename_success,
    .run = rename_run,
};

/* ---- retire ---- */

static void retire_intro(const json_t *b, char *out, size_t n)
{
    (void)b;
    snprintf(out, n, "A retired body keeps its record, read-only: nothing of it can be changed afterwards. It is "
                     "marked retired on the board and left out of the level totals. To join two bodies, merge them "
                     "instead.");
}

static int retire_check_page(const action_view_t *v, json_t *rows, int *is_public, char *audience, size_t n)
{
    rows_add(rows, "Body", web_str(v->target->row, "name"));
    rows_add(rows, "Change", "Retired: its record kept, read-only");
    change_rows(v, rows);
    *is_public = 1;
    snprintf(audience, n, "%s", AUDIENCE);
    return 1;
}

static void retire_success(const action_view_t *v, char *message, size_t n, char *link, size_t ln)
{
    snprintf(message, n, "%s is retired", web_str(v->target->row, "name") ? web_str(v->target->row, "name") : "The body");
    snprintf(link, ln, "See the body");
}

static int retire_run(store_t *s, const action_view_t *v, ov_error_t *err)
{
    body_change_t ch = change_of(v);
    odate_t today = app_today(v->req->app);
    return store_body_retire(s, v->target->key, &ch, &today, NULL, err);
}

static const action_field_t retire_fields[] = {
    {.name = "effective_on", .label = "Takes effect on", .kind = "day", .hint = DAY_HINT, .flags = AF_TODAY},
    {.name = "reason", .label = "Reason", .kind = "textarea", .hint = "Why it is retired, and the source",
     .missing = "Give the reason"},
    {0},
};

static const form_action_t body_retire = {
    .may = {PERM_ADMIN},
    .refusal = "retire a body (admin only)",
    .what = "body",
    .heading = "Retire %s",
    .heading_key = "name",
    .submit = "Continue",
    .action = "/record/bodies/%s/retire",
    .cancel = "/bodies/%s",
    .done = "/bodies/%s",
    .intro = retire_intro,
    .fields = retire_fields,
    .rule_field = "effective_on",
    .check_page = retire_check_page,
    .verb = "retire the body",
    .confirm = "Confirm: retire it",
    .success = retire_success,
    .run = retire_run,
};

/* ---- merge ---- */

static void merge_intro(const json_t *b, char *out, size_t n)
{
    snprintf(out, n, "%s and the body chosen below are merged into a new body, the successor: the open items of both "
                     "move to it, and both are retired naming it, their records kept.",
             web_str(b, "name") ? web_str(b, "name") : "This body");
}

/* The other bodies of the same kind that are not retired. */
static void other_options(const action_view_t *v, json_t *fd)
{
    app_t *app = v->req->app;
    ov_error_t err = {0};
    json_t *rows = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_bodies_list(s, &rows, &err);
    store_pool_release(app->pool, s);
    form_field_option(fd, "", "Choose one");
    const char *kind = web_str(v->target->row, "kind");
    size_t i;
    json_t *b;
    json_array_foreach(rc == 0 ? rows : NULL, i, b) {
        const char *code = web_str(b, "code"), *k = web_str(b, "kind");
        if (!code || strcmp(code, v->target->key) == 0 || web_str(b, "retired_on")) continue;
        if (kind && k && strcmp(kind, k) != 0) continue;
        form_field_option(fd, code, web_str(b, "name") ? web_str(b, "name") : code);
    }
    if (v->form) form_field_value(fd, form_action_read_text(v, "other"));
    json_decref(rows);
}

static int merge_check_page(const action_view_t *v, json_t *rows, int *is_public, char *audience, size_t n)
{
    char merged[300];
    snprintf(merged, sizeof merged, "%s and %s", web_str(v->target->row, "name") ? web_str(v->target->row, "name") : "",
             form_action_read_text(v, "other") ? form_action_read_text(v, "other") : "");
    rows_add(rows, "Bodies merged", merged);
    rows_add(rows, "Successor's code", form_action_read_text(v, "code"));
    rows_add(rows, "Successor's name", form_action_read_text(v, "name"));
    change_rows(v, rows);
    *is_public = 1;
    snprintf(audience, n, "%s", AUDIENCE);
    return 1;
}

static void merge_success(const action_view_t *v, char *message, size_t n, char *link, size_t ln)
{
    snprintf(message, n, "The bodies are merged into %s",
             form_action_read_text(v, "name") ? form_action_read_text(v, "name") : "the successor");
    snprintf(link, ln, "See the body, now retired");
}

static int merge_run(store_t *s, const action_view_t *v, ov_error_t *err)
{
    const char *other = form_action_read_text(v, "other");
    if (!other) return ov_error_set(err, OV_EINVALID, "other", "choose the body it is merged with");
    body_input_t succ = {.code = form_action_read_text(v, "code"), .name = form_action_read_text(v, "name")};
    body_change_t ch = change_of(v);
    odate_t today = app_today(v->req->app);
    return store_body_merge(s, v->target->key, other, &succ, &ch, &today, NULL, err);
}

static const action_field_t merge_fields[] = {
    {.name = "other", .label = "Merged with", .kind = "select", .missing = "Choose the body it is merged with",
     .options = other_options},
    {.name = "code", .label = "Successor's code", .kind = "text",
     .hint = "The new body's code: lower-case letters, digits and hyphens", .missing = "Enter the successor's code"},
    {.name = "name", .label = "Successor's name", .kind = "text", .missing = "Enter the successor's name"},
    {.name = "effective_on", .label = "Takes effect on", .kind = "day", .hint = DAY_HINT, .flags = AF_TODAY},
    {.name = "reason", .label = "Reason", .kind = "textarea", .hint = "Why they merge, and the source",
     .missing = "Give the reason"},
    {0},
};

static const form_action_t body_merge = {
    .may = {PERM_ADMIN},
    .refusal = "merge bodies (admin only)",
    .what = "body",
    .heading = "Merge %s with another body",
    .heading_key = "name",
    .submit = "Continue",
    .action = "/record/bodies/%s/merge",
    .cancel = "/bodies/%s",
    .done = "/bodies/%s",
    .intro = merge_intro,
    .fields = merge_fields,
    .rule_field = "other",
    .check_page = merge_check_page,
    .verb = "merge the bodies",
    .confirm = "Confirm the merger",
    .success = merge_success,
    .run = merge_run,
};

/* ---- the bodies admin page ---- */

int web_bodies_admin(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    web_caller_t c;
    form_caller(req, &c);
    if (form_need_login(req, resp, &c) != 0) return 0;
    const app_actor_t actor = c.actor;
    if (!app_allowed(&actor, PERM_ADMIN, NULL)) {
        form_deny(req, resp, &c, "add, rename, merge or retire a body (admin only)");
        return 0;
    }
    ov_error_t err = {0};
    json_t *rows = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_bodies_list(s, &rows, &err);
    store_pool_release(app->pool, s);
    if (rc) {
        web_error_store(req, resp, &err, &actor);
        return 0;
    }
    json_t *names = json_object();
    size_t i;
    json_t *b;
    json_array_foreach(rows, i, b)
        if (web_str(b, "code") && web_str(b, "name")) json_object_set(names, web_str(b, "code"), json_object_get(b, "name"));
    json_array_foreach(rows, i, b) {
        json_object_set_new(b, "kind_text", json_string(web_kind_name(web_str(b, "kind"))));
        if (!web_str(b, "retired_on")) continue;
        json_object_set_new(b, "retired", json_true());
        web_date_field(b, "retired_on");
        const char *succ = web_str(b, "successor");
        if (succ)
            json_object_set_new(b, "successor_view",
                                json_pack("{s:s, s:O}", "code", succ, "name",
                                          json_object_get(names, succ) ? json_object_get(names, succ)
                                                                        : json_object_get(b, "successor")));
    }
    json_decref(names);
    json_t *ctx = json_pack("{s:o}", "bodies", rows);
    web_render(req, resp, 200, "bodies_admin", "Bodies: add, rename, merge, retire", &actor, ctx);
    return 0;
}

/* ---- the routes' handlers (forms.h) ---- */

int web_body_add_form(http_request_t *req, http_response_t *resp) { return form_action_get(req, resp, &body_add); }
int web_body_add(http_request_t *req, http_response_t *resp) { return form_action_post(req, resp, &body_add); }
int web_body_rename_form(http_request_t *req, http_response_t *resp) { return form_action_get(req, resp, &body_rename); }
int web_body_rename(http_request_t *req, http_response_t *resp) { return form_action_post(req, resp, &body_rename); }
int web_body_retire_form(http_request_t *req, http_response_t *resp) { return form_action_get(req, resp, &body_retire); }
int web_body_retire(http_request_t *req, http_response_t *resp) { return form_action_post(req, resp, &body_retire); }
int web_body_merge_form(http_request_t *req, http_response_t *resp) { return form_action_get(req, resp, &body_merge); }
int web_body_merge(http_request_t *req, http_response_t *resp) { return form_action_post(req, resp, &body_merge); }
