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
#include "store/reports.h"
#include "core/buf.h"
#include "web/format.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The blocks of recommendations a form may hold: the form decoder's
 * field limit (HTTP_FORM_MAX_FIELDS) is far above this many (seven fields
 * each); a report with more records the rest with "Add a recommendation"
 * on its page. */
#define REC_FORM_MAX 50
#define DAY_HINT "For example, 10 10 2024"
#define DATE_HINT "For example, 31 1 2025. Leave the day blank when only the month is known"

static void report_intro(const json_t *row, char *out, size_t n)
{
    (void)row;
    snprintf(out, n, "A report that covers several bodies, or all of a kind, with its recommendations (\"Add another "
                     "recommendation\" for more). Each recommendation names its addressees by their codes: a police "
                     "force or fire and rescue service (it gets its own recommendation to follow), a national body "
                     "such as college-of-policing, or all_police for every police force. You check it all before "
                     "anything is saved; then it is saved together, or nothing.");
}

/* The block a posted field name belongs to ("r12_text": 12), 0 if none. */
static int block_of(const char *name)
{
    if (!name || name[0] != 'r' || name[1] < '1' || name[1] > '9') return 0;
    char *end = NULL;
    long i = strtol(name + 1, &end, 10);
    return end && *end == '_' && i > 0 && i <= REC_FORM_MAX ? (int)i : 0;
}

/* How many blocks of recommendations the form holds: the highest posted
 * (empty ones count: "Add another" made them), at least one. */
static int blocks_of(const http_form_t *form)
{
    int n = 1;
    for (int i = 0; form && i < form->n; i++) {
        int b = block_of(form->fields[i].name);
        if (b > n) n = b;
    }
    return n;
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
    for (int i = 0, n = blocks_of(v->form); i < n; i++) {
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
    for (int i = 0, given = -1, n = blocks_of(v->form); i < n; i++) {
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
    else if (v->made) *v->made = id;
    return rc;
}

/* "Add another recommendation" (an empty block more) and "Remove
 * recommendation N" (the blocks after it move up one): 1 with form
 * changed, 0 when neither was pressed, -1 when the form is full. */
static int report_refill(http_form_t *form)
{
    int pressed = 0, removed = 0, n = blocks_of(form);
    for (int i = 0; i < form->n; i++) {
        const char *name = form->fields[i].name;
        if (strcmp(name, "add_recommendation") == 0) pressed = 1;
        else if (strncmp(name, "remove_r", 8) == 0) pressed = 1, removed = atoi(name + 8);
        else continue;
        free(form->fields[i].name);
        free(form->fields[i].value);
        form->fields[i] = form->fields[--form->n];
        i--;
    }
    if (!pressed) return 0;
    if (removed > 0 && removed <= n && n > 1) {
        for (int i = 0; i < form->n; i++) {
            int b = block_of(form->fields[i].name);
            if (b == removed) {
                free(form->fields[i].name);
                free(form->fields[i].value);
                form->fields[i] = form->fields[--form->n];
                i--;
            } else if (b > removed) {   /* r(b)_key -> r(b-1)_key */
                char name[64];
                snprintf(name, sizeof name, "r%d%s", b - 1, strchr(form->fields[i].name, '_'));
                char *copy = strdup(name);
                if (!copy) return -1;
                free(form->fields[i].name);
                form->fields[i].name = copy;
            }
        }
        return 1;
    }
    if (removed || n >= REC_FORM_MAX) return 1;   /* the form again as it was */
    if (form->n >= HTTP_FORM_MAX_FIELDS) return -1;
    char name[32];
    snprintf(name, sizeof name, "r%d_number", n + 1);
    form->fields[form->n].name = strdup(name);
    form->fields[form->n].value = strdup("");
    if (!form->fields[form->n].name || !form->fields[form->n].value) {
        free(form->fields[form->n].name);
        free(form->fields[form->n].value);
        return -1;
    }
    form->n++;
    return 1;
}

/* Strings of a fields_of array, kept in the one allocation after it. */
typedef struct {
    char *p, *end;
} pool_t;

static const char *pool_printf(pool_t *pool, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *pool_printf(pool_t *pool, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(pool->p, (size_t)(pool->end - pool->p), fmt, ap);
    va_end(ap);
    const char *out = pool->p;
    if (k < 0 || pool->p + k + 1 > pool->end) return "";
    pool->p += k + 1;
    return out;
}

static const action_field_t report_top[] = {
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
};
#define TOP_N (sizeof report_top / sizeof report_top[0])
#define PER_BLOCK 7   /* heading, five fields, Remove */

/* The report form's fields: the report's, then a block per recommendation
 * (the first required), each with Remove when there are several, then
 * "Add another recommendation". One allocation (free()). */
static action_field_t *report_fields_of(const action_view_t *v)
{
    int n = blocks_of(v->form);
    size_t count = TOP_N + (size_t)n * PER_BLOCK + 2, pool_size = (size_t)n * PER_BLOCK * 2 * 96;
    action_field_t *f = calloc(1, count * sizeof *f + pool_size);
    if (!f) return NULL;
    pool_t pool = {(char *)(f + count), (char *)(f + count) + pool_size};
    size_t k = 0;
    for (size_t i = 0; i < TOP_N; i++) f[k++] = report_top[i];
    for (int b = 1; b <= n; b++) {
        int req = b == 1;
        f[k++] = (action_field_t){.name = pool_printf(&pool, "rec%d", b), .kind = "heading",
                                  .label = pool_printf(&pool, "Recommendation %d", b)};
        f[k++] = (action_field_t){.name = pool_printf(&pool, "r%d_number", b), .kind = "text",
                                  .label = pool_printf(&pool, "Recommendation %d: its number", b),
                                  .hint = pool_printf(&pool, "As the report numbers it, for example %d", b),
                                  .missing = req ? "Enter the recommendation's number" : NULL};
        f[k++] = (action_field_t){.name = pool_printf(&pool, "r%d_text", b), .kind = "textarea",
                                  .label = pool_printf(&pool, "Recommendation %d: what it asks", b),
                                  .missing = req ? "Enter what the recommendation asks" : NULL};
        f[k++] = (action_field_t){.name = pool_printf(&pool, "r%d_addressed_to", b), .kind = "text",
                                  .label = pool_printf(&pool, "Recommendation %d: addressed to", b),
                                  .hint = "In the report's words, for example Chief constables of the forces inspected",
                                  .missing = req ? "Say in words whom it is addressed to" : NULL};
        f[k++] = (action_field_t){.name = pool_printf(&pool, "r%d_addressees", b), .kind = "text",
                                  .label = pool_printf(&pool, "Recommendation %d: addressees' codes", b),
                                  .hint = "Separated by spaces, for example kent essex college-of-policing, or all_police",
                                  .missing = req ? "Enter the code of at least one addressee" : NULL};
        f[k++] = (action_field_t){.name = pool_printf(&pool, "r%d_deadline", b), .kind = "date",
                                  .label = pool_printf(&pool, "Recommendation %d: deadline", b), .hint = DATE_HINT};
        if (n > 1)
            f[k++] = (action_field_t){.name = pool_printf(&pool, "remove_r%d", b), .kind = "button",
                                      .label = pool_printf(&pool, "Remove recommendation %d", b)};
    }
    if (n < REC_FORM_MAX)
        f[k++] = (action_field_t){.name = "add_recommendation", .kind = "button", .label = "Add another recommendation"};
    return f;
}

/* The names of the bodies ticked, joined, into out. */
static void ticked_names(const action_view_t *v, char *out, size_t n)
{
    app_t *app = v->req->app;
    ov_error_t err = {0};
    json_t *rows = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_bodies_list(s, &rows, &err);
    store_pool_release(app->pool, s);
    buf_t b = BUF_INIT;
    for (int i = 0; i < v->form->n; i++) {
        if (strcmp(v->form->fields[i].name, "bodies") != 0 || !v->form->fields[i].value) continue;
        const char *name = v->form->fields[i].value;
        size_t j;
        json_t *row;
        json_array_foreach(rc == 0 ? rows : NULL, j, row)
            if (web_str(row, "code") && strcmp(web_str(row, "code"), name) == 0 && web_str(row, "name"))
                name = web_str(row, "name");
        buf_printf(&b, "%s%s", b.len ? ", " : "", name);
    }
    snprintf(out, n, "%s", b.data && !b.failed ? b.data : "");
    buf_free(&b);
    json_decref(rows);
}

static void row_add(json_t *rows, const char *label, const char *value, const char *change)
{
    json_t *r = json_pack("{s:s, s:s}", "label", label, "value", value && *value ? value : "Not given");
    if (r && change) json_object_set_new(r, "change", json_string(change));
    json_array_append_new(rows, r);
}

/* Who sees a report (or a recommendation of it) published on `on`. */
static int report_audience(const action_view_t *v, const char *on, const char *what, char *out, size_t n)
{
    char today[DATE_TEXT_MAX], d[WEB_DATE_TEXT_MAX];
    form_today(v->req, today);
    int pub = on && strcmp(on, today) <= 0;
    if (pub)
        snprintf(out, n, "anyone will see %s at once: the report is published, so its page, each covered body's "
                         "page and the open data show it.", what);
    else
        snprintf(out, n, "%s will be public from %s, the report's publication date: until then only the "
                         "inspectorate sees it.", what, web_format_date(on, d));
    return pub;
}

/* One recommendation in words for a check page. */
static void rec_words(const char *text, const char *to, const char *codes, const char *deadline, char *out, size_t n)
{
    char d[WEB_DATE_TEXT_MAX];
    snprintf(out, n, "%s Addressed to: %s. Addressees: %s. Deadline: %s.", text ? text : "", to ? to : "",
             codes ? codes : "", deadline ? web_format_date(deadline, d) : "none set");
}

static int report_check_page(const action_view_t *v, json_t *rows, int *is_public, char *audience, size_t n)
{
    static const struct { const char *value, *words; } KINDS[] = {
        {"thematic", "Thematic inspection"}, {"national", "National report"}, {"joint", "Joint inspection"},
        {"several", "The bodies ticked"}, {"all_police", "All police forces"},
        {"all_fire", "All fire and rescue services"}, {"all", "All police forces and fire and rescue services"},
        {NULL, NULL}};
    const char *kind = form_action_read_text(v, "kind"), *coverage = form_action_read_text(v, "coverage");
    for (int i = 0; KINDS[i].value; i++) {
        if (kind && strcmp(kind, KINDS[i].value) == 0) kind = KINDS[i].words;
        if (coverage && strcmp(coverage, KINDS[i].value) == 0) coverage = KINDS[i].words;
    }
    char covers[4000], value[21000], d[WEB_DATE_TEXT_MAX], label[64], change[32];
    ticked_names(v, covers, sizeof covers);
    snprintf(value, sizeof value, "%s%s%s", coverage ? coverage : "", *covers ? ": " : "", covers);
    row_add(rows, "Title", form_action_read_text(v, "title"), "title");
    row_add(rows, "Kind of report", kind, "kind");
    row_add(rows, "Bodies covered", value, "coverage");
    const char *on = form_action_read_text(v, "published_on");
    row_add(rows, "Published on", on ? web_format_date(on, d) : NULL, "published_on");
    row_add(rows, "Web address", form_action_read_text(v, "url"), "url");
    row_add(rows, "Summary", form_action_read_text(v, "summary"), "summary");
    for (int i = 0, nb = blocks_of(v->form); i < nb; i++) {
        if (!rec_field(v, i, "number") && !rec_field(v, i, "text")) continue;   /* a blank block is not one */
        snprintf(label, sizeof label, "Recommendation %s", rec_field(v, i, "number") ? rec_field(v, i, "number") : "");
        rec_words(rec_field(v, i, "text"), rec_field(v, i, "addressed_to"), rec_field(v, i, "addressees"),
                  rec_field(v, i, "deadline"), value, sizeof value);
        snprintf(change, sizeof change, "r%d_number", i + 1);
        row_add(rows, label, value, change);
    }
    *is_public = report_audience(v, on, "it", audience, n);
    return 1;
}

static void report_done_path(const action_view_t *v, long long made, char *out, size_t n)
{
    (void)v;
    snprintf(out, n, "/reports/%lld?recorded=1", made);
}

static const action_field_t report_fields[] = {
    /* the fields when fields_of has no memory: the report and one block */
    {.name = "title", .label = "Title", .kind = "text", .missing = "Enter the report's title"},
    {0},
};

static const form_action_t report_add = {
    .no_target = 1,
    .may = {PERM_RECORD},
    .refusal = "record a report that covers many bodies",
    .what = "list of reports",
    .heading = "Record a report that covers many bodies",
    .submit = "Continue",
    .action = "/record/reports/new%s",
    .cancel = "/reports%s",
    .done = "/reports%s",
    .intro = report_intro,
    .fields = report_fields,
    .rule_field = "title",
    .check_page = report_check_page,
    .verb = "record the report",
    .confirm = "Record the report",
    .run = report_run,
    .fields_of = report_fields_of,
    .refill = report_refill,
    .done_path = report_done_path,
};

int web_report_add_form(http_request_t *req, http_response_t *resp)
{
    return form_action_get(req, resp, &report_add);
}

int web_report_add(http_request_t *req, http_response_t *resp)
{
    return form_action_post(req, resp, &report_add);
}

/* ---- a recommendation added to a recorded report ------------------------
 * GET/POST /record/reports/{id}/recommendations/new, from the staff report
 * page: the recommendation's fields, a check page, then
 * app_report_recommendation_add (If-Match as the report's version, kept in
 * the form) and back to the report's page with a banner. */

/* The report id for the form (staff: published or not). */
static int load_report(store_t *s, long long id, json_t **row, ov_error_t *err)
{
    return store_report_get(s, id, NULL, row, err);
}

static void rec_intro(const json_t *row, char *out, size_t n)
{
    snprintf(out, n, "One more recommendation of this report%s: each addressee gets its part, a body the report "
                     "covers its own recommendation to follow, a national body its part. Nothing is saved until you "
                     "check your answers and confirm.", json_array_size(json_object_get(row, "recommendations"))
                                                            ? ", beside those recorded"
                                                            : "");
}

/* The recommendation as app_report_recommendation_add's input; caller owns it. */
static json_t *rec_input(const action_view_t *v)
{
    static const char *const KEYS[] = {"number", "text", "addressed_to", "deadline", NULL};
    json_t *in = json_object();
    for (const char *const *k = KEYS; *k; k++)
        if (form_action_read_text(v, *k)) json_object_set_new(in, *k, json_string(form_action_read_text(v, *k)));
    json_object_set_new(in, "addressees", codes_of(form_action_read_text(v, "addressees")));
    return in;
}

static int rec_run(store_t *s, const action_view_t *v, ov_error_t *err)
{
    json_t *in = rec_input(v);   /* owned */
    long long sid = 0;
    int rc = app_report_recommendation_add(s, v->target->id, v->version, in, v->caller->actor.username, &sid, err);
    json_decref(in);
    if (rc == 0 && v->made) *v->made = sid;
    /* "addressees[1]" is the form's "addressees" */
    if (rc && strncmp(err->field, "addressees[", 11) == 0) err->field[10] = '\0';
    return rc;
}

static int rec_check_page(const action_view_t *v, json_t *rows, int *is_public, char *audience, size_t n)
{
    char d[WEB_DATE_TEXT_MAX];
    const char *deadline = form_action_read_text(v, "deadline");
    row_add(rows, "Report", web_str(v->target->row, "title"), NULL);
    row_add(rows, "Its number", form_action_read_text(v, "number"), "number");
    row_add(rows, "What it asks", form_action_read_text(v, "text"), "text");
    row_add(rows, "Addressed to", form_action_read_text(v, "addressed_to"), "addressed_to");
    row_add(rows, "Addressees' codes", form_action_read_text(v, "addressees"), "addressees");
    row_add(rows, "Deadline", deadline ? web_format_date(deadline, d) : "None set", "deadline");
    *is_public = report_audience(v, web_str(v->target->row, "published_on"), "the recommendation", audience, n);
    return 1;
}

static void rec_done_path(const action_view_t *v, long long made, char *out, size_t n)
{
    snprintf(out, n, "/reports/%lld?added=%lld#rec-%lld", v->target->id, made, made);
}

static const action_field_t rec_fields[] = {
    {.name = "number", .label = "Its number", .kind = "text", .hint = "As the report numbers it, for example 4",
     .missing = "Enter the recommendation's number"},
    {.name = "text", .label = "What it asks", .kind = "textarea", .missing = "Enter what the recommendation asks"},
    {.name = "addressed_to", .label = "Addressed to", .kind = "text",
     .hint = "In the report's words, for example Chief constables of the forces inspected",
     .missing = "Say in words whom it is addressed to"},
    {.name = "addressees", .label = "Addressees' codes", .kind = "text",
     .hint = "Separated by spaces: bodies the report covers (for example kent essex), national bodies (for example "
             "college-of-policing), or all_police for every police force it covers",
     .missing = "Enter the code of at least one addressee"},
    {.name = "deadline", .label = "Deadline", .kind = "date", .hint = DATE_HINT},
    {0},
};

static const form_action_t rec_add = {
    .load = load_report,
    .may = {PERM_RECORD},
    .refusal = "add a recommendation to a report that covers many bodies",
    .what = "report",
    .heading = "Add a recommendation to %s",
    .heading_key = "title",
    .submit = "Continue",
    .action = "/record/reports/%s/recommendations/new",
    .cancel = "/reports/%s",
    .done = "/reports/%s",
    .intro = rec_intro,
    .fields = rec_fields,
    .rule_field = "number",
    .check_page = rec_check_page,
    .verb = "add the recommendation",
    .confirm = "Add the recommendation",
    .run = rec_run,
    .done_path = rec_done_path,
};

int web_report_rec_add_form(http_request_t *req, http_response_t *resp)
{
    return form_action_get(req, resp, &rec_add);
}

int web_report_rec_add(http_request_t *req, http_response_t *resp)
{
    return form_action_post(req, resp, &rec_add);
}
