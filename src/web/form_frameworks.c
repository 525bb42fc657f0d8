/*
 * form_frameworks.c: the admin pages of the monitoring frameworks and of
 * the themes (page_frameworks.h): GET /admin/frameworks (the frameworks
 * held) with "Load a framework" (/admin/frameworks/new: the framework file
 * pasted as JSON, a check page showing what will be added, then loaded),
 * and GET /admin/themes (the controlled list) with "Add a theme"
 * (/admin/themes/new, through a check page). Both writes are the
 * application's (app_framework_load, app_theme_add), the same the JSON API
 * and the CLI make; nothing is written before the confirmation.
 */
#include "web/page_frameworks.h"
#include "web/form_action.h"
#include "web/page.h"
#include "app/lifecycle.h"
#include "core/roles.h"
#include "store/bodies.h"
#include "store/themes.h"
#include <stdio.h>
#include <string.h>

static void rows_add(json_t *rows, const char *label, const char *value)
{
    if (value && *value) json_array_append_new(rows, json_pack("{s:s, s:s}", "label", label, "value", value));
}

/* ---- load a framework ---- */

/* The posted framework parsed (a new reference), or NULL with the message
 * for the field in msg. */
static json_t *framework_parse(const action_view_t *v, char *msg, size_t n)
{
    const char *text = form_action_read_text(v, "framework");
    json_error_t jerr;
    json_t *root = text ? json_loads(text, JSON_REJECT_DUPLICATES, &jerr) : NULL;
    if (!root) snprintf(msg, n, "Enter the framework as JSON: line %d: %s", text ? jerr.line : 1, text ? jerr.text : "empty");
    return root;
}

static void framework_check(const action_view_t *v, json_t *errors)
{
    char msg[400];
    if (!form_action_read_text(v, "framework")) return;   /* "Enter the framework as JSON" already */
    json_t *root = framework_parse(v, msg, sizeof msg);
    if (!root) json_object_set_new(errors, "framework", json_string(msg));
    json_decref(root);
}

static void framework_intro(const json_t *row, char *out, size_t n)
{
    (void)row;
    snprintf(out, n, "Paste the framework file: one JSON object with its code, name, dates in force, levels in order "
                     "and the moves allowed (the format is in docs/frameworks.md). A loaded framework is never changed "
                     "or removed: decisions refer to its levels.");
}

/* What will be added: the framework, each level in order, each move. A
 * file that breaks a rule gets no rows beyond its code: the dry run then
 * names the rule on the form. */
static int framework_check_page(const action_view_t *v, json_t *rows, int *is_public, char *audience, size_t n)
{
    char msg[400];
    *is_public = 1;
    snprintf(audience, n, "the page How monitoring works (/frameworks) and GET /api/v1/frameworks show it to anyone, "
                          "and the open data carries it; who loaded it stays in the record's history.");
    json_t *root = framework_parse(v, msg, sizeof msg);
    if (!root) return 1;
    app_t *app = v->req->app;
    phase_model_t m;
    framework_file_t f;
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_phase_model(s, &m, &err);
    store_pool_release(app->pool, s);
    if (rc == 0) rc = framework_from_json(root, &m, &f, &err);
    json_decref(root);
    if (rc != 0) return 1;
    json_t *view = web_framework_view(&f, &m, NULL);
    rows_add(rows, "Code", f.fw.code);
    rows_add(rows, "Name", f.fw.name);
    rows_add(rows, "Description", f.fw.description);
    rows_add(rows, "In force", web_str(view, "in_force"));
    rows_add(rows, "Applies to", web_str(view, "applies_to"));
    if (*f.fw.succeeds) {
        char text[200];
        snprintf(text, sizeof text, "%s: its bodies may move into this framework by a decision",
                 web_str(view, "succeeds_name"));
        rows_add(rows, "Follows", text);
    }
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(view, "levels"), i, x) {
        char label[40], text[PHASE_NAME_MAX + PHASE_DESC_MAX + 80];
        snprintf(label, sizeof label, "Level %lld", (long long)json_integer_value(json_object_get(x, "level")));
        snprintf(text, sizeof text, "%s (%s): %s", web_str(x, "name"), web_str(x, "code"), web_str(x, "description"));
        rows_add(rows, label, text);
    }
    json_array_foreach(json_object_get(view, "moves"), i, x) {
        char text[600];
        snprintf(text, sizeof text, "From %s to %s: %s", web_str(x, "from_name"), web_str(x, "to_name"),
                 web_str(x, "sentence"));
        rows_add(rows, "Move allowed", text);
    }
    json_decref(view);
    return 1;
}

static void framework_success(const action_view_t *v, char *message, size_t n, char *link, size_t ln)
{
    char msg[400];
    json_t *root = framework_parse(v, msg, sizeof msg);
    const char *name = root ? json_string_value(json_object_get(root, "name")) : NULL;
    snprintf(message, n, "%s is loaded", name ? name : "The framework");
    snprintf(link, ln, "See how monitoring works");
    json_decref(root);
}

/* A refusal goes by the one field, naming the file's field as a path
 * ("levels[1].code: ..."), as the CLI and the API name it. */
static int framework_run(store_t *s, const action_view_t *v, ov_error_t *err)
{
    char msg[400];
    json_t *root = framework_parse(v, msg, sizeof msg);
    if (!root) return ov_error_set(err, OV_EINVALID, "framework", "%s", msg);
    int rc = app_framework_load(s, &v->caller->actor, root, NULL, err);
    json_decref(root);
    if (rc == OV_EINVALID || rc == OV_ECONFLICT) {
        static const char lead[] = "The framework breaks a rule: ";
        size_t k = sizeof lead - 1, len = strnlen(err->message, sizeof err->message - 1 - k);
        memmove(err->message + k, err->message, len);
        memcpy(err->message, lead, k);
        err->message[k + len] = '\0';
        snprintf(err->field, sizeof err->field, "framework");
    }
    return rc;
}

static const action_field_t framework_fields[] = {
    {.name = "framework", .label = "The framework as JSON", .kind = "textarea",
     .hint = "For example the contents of docs/examples/policing-performance-2026.json",
     .missing = "Enter the framework as JSON"},
    {0},
};

static const form_action_t framework_load = {
    .no_target = 1,
    .may = {PERM_ADMIN},
    .refusal = "load a monitoring framework (admin only)",
    .what = "list of frameworks",
    .heading = "Load a monitoring framework",
    .submit = "Continue",
    .action = "/admin/frameworks/new%s",
    .cancel = "/admin/frameworks%s",
    .done = "/frameworks%s",
    .intro = framework_intro,
    .fields = framework_fields,
    .rule_field = "framework",
    .check = framework_check,
    .check_page = framework_check_page,
    .verb = "load the framework",
    .confirm = "Confirm and load",
    .success = framework_success,
    .run = framework_run,
};

int web_framework_load_form(http_request_t *req, http_response_t *resp) { return form_action_get(req, resp, &framework_load); }
int web_framework_load(http_request_t *req, http_response_t *resp) { return form_action_post(req, resp, &framework_load); }

int web_frameworks_admin(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    web_caller_t c;
    form_caller(req, &c);
    if (form_need_login(req, resp, &c) != 0) return 0;
    const app_actor_t actor = c.actor;
    if (!app_allowed(&actor, PERM_ADMIN, NULL)) {
        form_deny(req, resp, &c, "load a monitoring framework (admin only)");
        return 0;
    }
    phase_model_t m;
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_phase_model(s, &m, &err);
    store_pool_release(app->pool, s);
    if (rc) {
        web_error_store(req, resp, &err, &actor);
        return 0;
    }
    json_t *list = json_array();
    for (int i = 0; i < m.nframeworks; i++) {
        framework_file_t f;
        web_framework_of_model(&m, &m.frameworks[i], &f);
        json_t *view = web_framework_view(&f, &m, NULL);
        json_object_set_new(view, "nlevels", json_integer(f.nlevels));
        json_array_append_new(list, view);
    }
    web_render(req, resp, 200, "frameworks_admin", "Monitoring frameworks", &actor, json_pack("{s:o}", "frameworks", list));
    return 0;
}

/* ---- add a theme ---- */

static void theme_intro(const json_t *row, char *out, size_t n)
{
    (void)row;
    snprintf(out, n, "Causes of concern and recommendations are tagged from this list; a theme is never removed.");
}

static int theme_check_page(const action_view_t *v, json_t *rows, int *is_public, char *audience, size_t n)
{
    rows_add(rows, "Code", form_action_read_text(v, "code"));
    rows_add(rows, "Name", form_action_read_text(v, "name"));
    rows_add(rows, "Description", form_action_read_text(v, "description"));
    *is_public = 1;
    snprintf(audience, n, "the filters of the public lists and GET /api/v1/themes show it to anyone; who added it "
                          "stays in the record's history.");
    return 1;
}

static void theme_success(const action_view_t *v, char *message, size_t n, char *link, size_t ln)
{
    snprintf(message, n, "The theme %s is added", form_action_read_text(v, "name") ? form_action_read_text(v, "name") : "");
    snprintf(link, ln, "See the themes");
}

static int theme_run(store_t *s, const action_view_t *v, ov_error_t *err)
{
    return app_theme_add(s, &v->caller->actor, form_action_read_text(v, "code"), form_action_read_text(v, "name"),
                         form_action_read_text(v, "description"), NULL, err);
}

static const action_field_t theme_fields[] = {
    {.name = "code", .label = "Code", .kind = "text",
     .hint = "1 to 40 lower-case letters, digits and underscores, for example child_protection. It cannot be changed",
     .missing = "Enter the code"},
    {.name = "name", .label = "Name", .kind = "text", .missing = "Enter the name"},
    {.name = "description", .label = "Description", .kind = "textarea", .hint = "What items it covers (optional)"},
    {0},
};

static const form_action_t theme_add = {
    .no_target = 1,
    .may = {PERM_ADMIN},
    .refusal = "add a theme (admin only)",
    .what = "list of themes",
    .heading = "Add a theme",
    .submit = "Continue",
    .action = "/admin/themes/new%s",
    .cancel = "/admin/themes%s",
    .done = "/admin/themes%s",
    .intro = theme_intro,
    .fields = theme_fields,
    .rule_field = "code",
    .check_page = theme_check_page,
    .verb = "add the theme",
    .confirm = "Confirm and add the theme",
    .success = theme_success,
    .run = theme_run,
};

int web_theme_add_form(http_request_t *req, http_response_t *resp) { return form_action_get(req, resp, &theme_add); }
int web_theme_add(http_request_t *req, http_response_t *resp) { return form_action_post(req, resp, &theme_add); }

int web_themes_admin(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    web_caller_t c;
    form_caller(req, &c);
    if (form_need_login(req, resp, &c) != 0) return 0;
    const app_actor_t actor = c.actor;
    if (!app_allowed(&actor, PERM_ADMIN, NULL)) {
        form_deny(req, resp, &c, "add a theme (admin only)");
        return 0;
    }
    json_t *rows = NULL;
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_themes_list(s, &rows, &err);
    store_pool_release(app->pool, s);
    if (rc) {
        web_error_store(req, resp, &err, &actor);
        return 0;
    }
    json_t *ctx = json_pack("{s:o, s:b}", "themes", rows, "any", json_array_size(rows) > 0);
    web_render(req, resp, 200, "themes_admin", "Themes", &actor, ctx);
    return 0;
}
