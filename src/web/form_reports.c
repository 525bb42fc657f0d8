/*
 * form_reports.c: recording a report that covers many bodies from a form
 * (GET/POST /record/reports/new, staff who record for every body): the
 * report, its covered bodies (checkboxes, or a coverage of all of a kind)
 * and up to REC_MAX recommendations, each with its addressees' codes.
 * The one action handler (form_action.h) does the checks and the page;
 * app_report_create (app/reports.h) checks the input and writes it all in
 * one transaction, or nothing; its field names ("recommendations[1].text")
 * are put back onto the form's ("r2_text").
 */
#include "web/form_action.h"
#include "web/forms.h"
#include "app/actor.h"
#include "app/reports.h"
#include "core/roles.h"
#include "store/bodies.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REC_MAX 3
#define DAY_HINT "For example, 10 10 2024"
#define DATE_HINT "For example, 31 1 2025. Leave the day blank when only the month is known"

static void report_intro(const json_t *row, char *out, size_t n)
{
    (void)row;
    snprintf(out, n, "A report that covers several bodies, or all of a kind, with up to %d recommendations. Each "
                     "recommendation names its addressees by their codes: a police force or fire and rescue service "
                     "(it gets its own recommendation to follow), a national body such as college-of-policing, or "
                     "all_police for every police force. Everything is saved together, or nothing.", REC_MAX);
}

static void kind_options(const action_view_t *v, json_t *fd)
{
    (void)v;
    form_field_option(fd, "", "Choose one");
    form_field_option(fd, "thematic", "Thematic inspection");
    form_field_option(fd, "national", "National report");
    form_field_option(fd, "joint", "Joint inspection");
}

static void coverage_options(const action_view_t *v, json_t *fd)
{
    (void)v;
    form_field_option(fd, "", "Choose one");
    form_field_option(fd, "several", "The bodies ticked below");
    form_field_option(fd, "all_police", "All police forces");
    form_field_option(fd, "all_fire", "All fire and rescue services");
    form_field_option(fd, "all", "All police forces and fire and rescue services");
}

/* The monitored bodies not retired (a national body is an addressee, not covered). */
static void body_options(const action_view_t *v, json_t *fd)
{
    app_t *app = v->req->app;
    ov_error_t err = {0};
    json_t *rows = NULL;   /* owned */
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_bodies_list(s, &rows, &err);
    store_pool_release(app->pool, s);
    size_t i;
    json_t *b;
    json_array_foreach(rc == 0 ? rows : NULL, i, b) {
        const char *code = web_str(b, "code"), *kind = web_str(b, "kind");
        if (!code || web_str(b, "retired_on") || (kind && strcmp(kind, "national") == 0)) continue;
        form_field_option(fd, code, web_str(b, "name") ? web_str(b, "name") : code);
    }
    json_decref(rows);
}

/* Recommendation i's posted field key ("r1_text" for i 0) */
static const char *rec_field(const action_view_t *v, int i, const char *key)
{
    char name[32];
    snprintf(name, sizeof name, "r%d_%s", i + 1, key);
    return form_action_read_text(v, name);
}

/* The codes in text (separated by spaces or commas) as a new array. */
static json_t *codes_of(const char *text)
{
    json_t *out = json_array();
    const char *p = text ? text : "";
    while (*p) {
        p += strspn(p, " ,;\t\r\n");
        size_t k = strcspn(p, " ,;\t\r\n");
        if (k) json_array_append_new(out, json_stringn(p, k));
        p += k;
    }
    return out;
}

/* The posted form as app_report_create's input; caller owns it. */
static json_t *report_input(const action_view_t *v)
{
    static const char *const TOP[] = {"title", "kind", "coverage", "published_on", "url", "summary", NULL};
    static const char *const REC[] = {"number", "text", "addressed_to", "deadline", NULL};
    json_t *in = json_object();
    for (const char *const *k = TOP; *k; k++) {
        const char *val = form_action_read_text(v, *k);
        if (val) json_object_set_new(in, *k, json_string(val));
    }
    json_t *bodies = json_array();
    for (int i = 0; i < v->form->n; i++) {
        const char *val = v->form->fields[i].value;
        if (strcmp(v->form->fields[i].name, "bodies") == 0 && val && *val) json_array_append_new(bodies, json_string(val));
    }
    if (json_array_size(bodies)) json_object_set_new(in, "bodies", bodies);
    else json_decref(bodies);
    json_t *recs = json_array();
    for (int i = 0; i < REC_MAX; i++) {
        int any = rec_field(v, i, "addressees") != NULL;
        for (const char *const *k = REC; *k; k++) any |= rec_field(v, i, *k) != NULL;
        if (!any && i > 0) continue;   /* a later recommendation left blank is not one */
        json_t *r = json_object();
        for (const char *const *k = REC; *k; k++)
            if (rec_field(v, i, *k)) json_object_set_new(r, *k, json_string(rec_field(v, i, *k)));
        json_object_set_new(r, "addressees", codes_of(rec_field(v, i, "addressees")));
        json_array_append_new(recs, r);
    }
    json_object_set_new(in, "recommendations", recs);
    return in;
}

/* The app's field name ("recommendations[1].addressees[0]", "bodies[2]")
 * as the form's ("r2_addressees", "bodies"), in place. Recommendations
 * are numbered by their place on the form: the blank ones between are
 * skipped in the input, so the n-th given is found again. */
static void form_field_of(const action_view_t *v, char *field, size_t n)
{
    if (strncmp(field, "bodies", 6) == 0) {
        snprintf(field, n, "bodies");
        return;
    }
    if (strncmp(field, "recommendations[", 16) != 0) return;
    char *end = NULL;
    long idx = strtol(field + 16, &end, 10);
    if (!end || strncmp(end, "].", 2) != 0) {
        snprintf(field, n, "r1_number");
        return;
    }
    char key[32];
    snprintf(key, sizeof key, "%.*s", (int)strcspn(end + 2, "["), end + 2);
    int place = 0;
    for (int i = 0, given = -1; i < REC_MAX; i++) {
        int any = i == 0 || rec_field(v, i, "number") || rec_field(v, i, "text") || rec_field(v, i, "addressed_to")
                  || rec_field(v, i, "deadline") || rec_field(v, i, "addressees");
        if (any && ++given == idx) {
            place = i;
            break;
        }
    }
    snprintf(field, n, "r%d_%s", place + 1, key);
}

static int report_run(store_t *s, const action_view_t *v, ov_error_t *err)
{
    json_t *in = report_input(v);   /* owned */
    long long id = 0;
    int rc = app_report_create(s, in, v->caller->actor.username, &id, err);
    json_decref(in);
    if (rc) form_field_of(v, err->field, sizeof err->field);
    return rc;
}

#define REC_FIELDS(N, REQUIRED)                                                                                    \
    {.name = "r" #N "_number", .label = "Recommendation " #N ": its number", .kind = "text",                   \
     .hint = "As the report numbers it, for example " #N, .missing = REQUIRED ? "Enter the recommendation's number" \
                                                                              : NULL},                              \
    {.name = "r" #N "_text", .label = "Recommendation " #N ": what it asks", .kind = "textarea",                \
     .missing = REQUIRED ? "Enter what the recommendation asks" : NULL},                                            \
    {.name = "r" #N "_addressed_to", .label = "Recommendation " #N ": addressed to", .kind = "text",             \
     .hint = "In the report's words, for example Chief constables of the forces inspected",                        \
     .missing = REQUIRED ? "Say in words whom it is addressed to" : NULL},                                          \
    {.name = "r" #N "_addressees", .label = "Recommendation " #N ": addressees' codes", .kind = "text",          \
     .hint = "Separated by spaces, for example kent essex college-of-policing, or all_police",                     \
     .missing = REQUIRED ? "Enter the code of at least one addressee" : NULL},                                      \
    {.name = "r" #N "_deadline", .label = "Recommendation " #N ": deadline", .kind = "date", .hint = DATE_HINT}

static const action_field_t report_fields[] = {
    {.name = "title", .label = "Title", .kind = "text", .missing = "Enter the report's title"},
    {.name = "kind", .label = "Kind of report", .kind = "select", .missing = "Choose the kind of report",
     .options = kind_options},
    {.name = "coverage", .label = "Bodies covered", .kind = "select", .missing = "Choose which bodies it covers",
     .options = coverage_options},
    {.name = "bodies", .label = "The bodies it covers", .kind = "checkboxes",
     .hint = "Tick each body it covers (needed when it covers the bodies ticked; its addressees are covered too)",
     .missing = "Tick at least one body it covers", .when_field = "coverage", .when_value = "several",
     .options = body_options},
    {.name = "published_on", .label = "Published on", .kind = "day", .hint = DAY_HINT,
     .missing = "Enter the day it was published"},
    {.name = "url", .label = "Web address of the report", .kind = "text", .hint = "Optional: https://..."},
    {.name = "summary", .label = "Summary", .kind = "textarea", .hint = "Optional"},
    REC_FIELDS(1, 1),
    REC_FIELDS(2, 0),
    REC_FIELDS(3, 0),
    {0},
};

static const form_action_t report_add = {
    .no_target = 1,
    .may = {PERM_RECORD},
    .refusal = "record a report that covers many bodies",
    .what = "list of reports",
    .heading = "Record a report that covers many bodies",
    .submit = "Record the report",
    .action = "/record/reports/new%s",
    .cancel = "/reports%s",
    .done = "/reports%s",
    .intro = report_intro,
    .fields = report_fields,
    .rule_field = "title",
    .run = report_run,
};

int web_report_add_form(http_request_t *req, http_response_t *resp)
{
    return form_action_get(req, resp, &report_add);
}

int web_report_add(http_request_t *req, http_response_t *resp)
{
    return form_action_post(req, resp, &report_add);
}
