/*
 * page_work.c: the work queues (GET /work) and the deadlines page
 * (GET /deadlines).
 *
 * /work, for the inspectorate's staff: overdue and due-soon items across
 * bodies, PCC responses due, claims of "implemented" waiting for an
 * inspector, letters waiting for approval or publication, and revisits
 * planned or under way. For a body's own user: its overdue and due-soon
 * items, what the inspectorate asked for (recommendations open or in
 * progress) and what it has sent (its claims waiting for review and its
 * progress updates). Each row has its age and a link to act. Filters
 * ?body=CODE, ?kind=police|fire, ?what=SECTION; ?format=csv downloads the
 * same rows as a spreadsheet-safe CSV file (core/csv.h).
 *
 * What is due comes from the one deadlines rule (core/rules.h
 * rules_deadlines) over the bounded deadline snapshots
 * (store_deadline_snapshots), as the board does (GET /api/v1/deadlines reads
 * the same queries into plain rows, store_deadline_rows);
 * the rest from store/work.h. Only callers who may read the record get a
 * queue: staff every body's, a body's user its own body's (core/roles.h),
 * so the publication rule's public view never meets these rows.
 */
#include "web/page.h"
#include "web/form.h"
#include "web/format.h"
#include "render/html.h"
#include "core/csv.h"
#include "core/rules.h"
#include "store/bodies.h"
#include "store/snapshot.h"
#include "store/work.h"
#include "store/themes.h"
#include "app/lifecycle.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WORK_ALL_ROWS 4000000000000000LL   /* a LIMIT both SQLite and PostgreSQL take as "all" */
#define WORK_SENT_MAX 200                  /* progress updates listed under "what it has sent" */
#define DEADLINES_LIMIT 1000               /* /deadlines page size: default and largest, as the API's */
#define DEADLINES_MAX 10000

/* The sections: key, heading, for staff, for a body's user. */
static const struct {
    const char *key, *heading, *empty;
    int staff, body;
} SECTIONS[] = {
    {"overdue", "Overdue", "Nothing is overdue.", 1, 1},
    {"due_soon", "Due in the next 30 days", "Nothing falls due in the next 30 days.", 1, 1},
    {"pcc", "PCC responses due", "No PCC response is due.", 1, 0},
    {"claims", "Claims of \"implemented\" waiting for review", "No claim is waiting for review.", 1, 0},
    {"letters", "Letters waiting for approval or publication", "No letter is waiting.", 1, 0},
    {"revisits", "Revisits planned or under way", "No revisit is planned.", 1, 0},
    {"asked", "What the inspectorate asked for", "No recommendation is open.", 0, 1},
    {"sent", "What you have sent", "Nothing sent yet.", 0, 1},
};
#define NSECTIONS (sizeof SECTIONS / sizeof SECTIONS[0])

/* Days from today to the day an ISO date (any precision; a timestamp's
 * first ten characters) begins; 0 with *ok 0 when it is no date. */
static long days_to(const odate_t *today, const char *iso, int *ok)
{
    char day[DATE_TEXT_MAX];
    odate_t d;
    *ok = 0;
    if (!iso) return 0;
    snprintf(day, sizeof day, "%.10s", iso);
    if (date_parse(day, &d) != 0) return 0;
    odate_t f = date_first_day(&d), t = date_first_day(today);
    *ok = 1;
    return date_to_days(&f) - date_to_days(&t);
}

static const char *s_if(long n)
{
    return n == 1 || n == -1 ? "" : "s";
}

/* A queue row. age: days (negative = in the past) from today to `on`;
 * how: "due" (overdue by / due in), "since" (N days ago) or "starts". */
typedef struct {
    const char *what, *code, *name, *body_kind, *item, *item_href, *on, *how, *action, *action_href;
} row_t;

static void row_add(json_t *rows, const odate_t *today, const row_t *r)
{
    int ok;
    long days = days_to(today, r->on, &ok);
    char age[64] = "";
    if (ok && strcmp(r->how, "due") == 0) {
        if (days < 0) snprintf(age, sizeof age, "overdue by %ld day%s", -days, s_if(days));
        else if (days == 0) snprintf(age, sizeof age, "due today");
        else snprintf(age, sizeof age, "due in %ld day%s", days, s_if(days));
    } else if (ok && strcmp(r->how, "starts") == 0) {
        if (days > 0) snprintf(age, sizeof age, "starts in %ld day%s", days, s_if(days));
        else snprintf(age, sizeof age, "under way for %ld day%s", -days, s_if(days));
    } else if (ok) {
        if (days < 0) snprintf(age, sizeof age, "%ld day%s ago", -days, s_if(days));
        else snprintf(age, sizeof age, "today");
    }
    char day[DATE_TEXT_MAX] = "";
    if (r->on) snprintf(day, sizeof day, "%.10s", r->on);
    json_t *o = json_pack("{s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:o, s:s, s:s?, s:s?}", "what", r->what, "code",
                          r->code, "name", r->name, "body_kind", r->body_kind, "item", r->item, "item_href",
                          r->item_href, "date", web_date(day[0] ? day : NULL), "age", age, "action", r->action,
                          "action_href", r->action_href);
    if (!o) return;
    if (ok) json_object_set_new(o, "age_days", json_integer(days));
    json_array_append_new(rows, o);
}

static char *str_printf(char *out, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static char *str_printf(char *out, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, n, fmt, ap);
    va_end(ap);
    return out;
}

static long long id_of(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? (long long)json_integer_value(v) : json_is_string(v) ? atoll(json_string_value(v)) : 0;
}

/* A recommendation as the letters name it: "Recommendation 2 of cause of
 * concern 1" (its cause's place in its report), never by the database's id. */
static void rec_label(const json_t *x, char *out, size_t n)
{
    long long cn = id_of(x, "cause_number");
    const char *num = web_str(x, "number") ? web_str(x, "number") : "?";
    if (cn > 0) str_printf(out, n, "Recommendation %s of cause of concern %lld", num, cn);
    else str_printf(out, n, "Recommendation %s", num);
}

/* {code: {name, kind}} of every body. */
static json_t *body_index(const json_t *bodies)
{
    json_t *ix = json_object();
    size_t i;
    json_t *b;
    json_array_foreach(bodies, i, b) {
        const char *c = web_str(b, "code");
        if (c) json_object_set_new(ix, c, json_pack("{s:s?, s:s?}", "name", web_str(b, "name"), "kind",
                                                    web_str(b, "kind")));
    }
    return ix;
}

/* The deadlines rule's items as rows of overdue, due_soon and pcc. */
static void deadline_rows(json_t *rows, const json_t *dl, const json_t *ix, const odate_t *today, int staff)
{
    const char *lists[2] = {"overdue", "upcoming"};
    for (int k = 0; k < 2; k++) {
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(dl, lists[k]), i, x) {
            const char *kind = web_str(x, "kind"), *code = web_str(x, "code");
            if (!kind || !code) continue;
            const json_t *b = json_object_get(ix, code);
            long long id = id_of(x, "id");
            char item_href[96] = "", action_href[128] = "";
            const char *action = NULL, *what = k ? "due_soon" : "overdue";
            if (strcmp(kind, "recommendation") == 0) {
                str_printf(item_href, sizeof item_href, "/recommendations/%lld", id);
                str_printf(action_href, sizeof action_href, "/record/recommendations/%lld/status", id);
                action = staff ? "Close or update" : "Claim implemented";
            } else if (strcmp(kind, "plan_item") == 0) {
                str_printf(item_href, sizeof item_href, "/record/plan-items/%lld", id);
                str_printf(action_href, sizeof action_href, "/record/plan-items/%lld/edit", id);
                action = "Update";
            } else if (strcmp(kind, "pcc_response") == 0) {
                if (!staff) continue;   /* a local policing body's, not the force's */
                what = "pcc";
                str_printf(item_href, sizeof item_href, "/record/inspections/%lld", id);
                str_printf(action_href, sizeof action_href, "/record/pcc-responses/new?inspection_id=%lld", id);
                action = "Record the response";
            } else {
                continue;
            }
            row_t r = {what, code, web_str(b, "name"), web_str(b, "kind"), web_str(x, "title"), item_href,
                       web_str(x, "due"), "due", action, action_href};
            row_add(rows, today, &r);
        }
    }
}

/* Rows of the store's work queries (store/work.h) into their sections. */
static int queue_rows(store_t *s, json_t *rows, const char *code, const odate_t *today, int staff, ov_error_t *err)
{
    char t[DATE_TEXT_MAX], item[160], item_href[96], action_href[128];
    odate_t t1 = date_first_day(today);
    date_format(&t1, t);
    json_t *q = NULL;
    size_t i;
    json_t *x;
    int rc = store_work_claims(s, code, &q, err);
    if (rc) return rc;
    json_array_foreach(q, i, x) {
        long long id = id_of(x, "id");
        rec_label(x, item, sizeof item);
        str_printf(item_href, sizeof item_href, "/recommendations/%lld", id);
        str_printf(action_href, sizeof action_href, "/record/recommendations/%lld/status", id);
        row_t r = {staff ? "claims" : "sent", web_str(x, "code"), web_str(x, "name"), web_str(x, "body_kind"), item,
                   item_href, web_str(x, "claimed_on"), "since",
                   staff ? "Review the claim" : "Waiting for the inspectorate", staff ? action_href : item_href};
        row_add(rows, today, &r);
    }
    json_decref(q);
    q = NULL;
    if (staff) {
        if ((rc = store_work_letters(s, code, &q, err))) return rc;
        json_array_foreach(q, i, x) {
            long long id = id_of(x, "id");
            const char *status = web_str(x, "status");
            int draft = status && strcmp(status, "draft") == 0;
            char kind[64];
            web_format_enum(web_str(x, "kind") ? web_str(x, "kind") : "letter", kind, sizeof kind);
            str_printf(item, sizeof item, "%s letter%s%s (%s)", kind, web_str(x, "title") ? ": " : "",
                       web_str(x, "title") ? web_str(x, "title") : "", draft ? "draft" : "approved");
            str_printf(item_href, sizeof item_href, "/letters/%lld.html", id);
            buf_t act = BUF_INIT;
            buf_puts(&act, "/letters?body=");
            html_escape_url_component(&act, web_str(x, "code") ? web_str(x, "code") : "");
            row_t r = {"letters", web_str(x, "code"), web_str(x, "name"), web_str(x, "body_kind"), item, item_href,
                       draft ? web_str(x, "created_at") : web_str(x, "approved_at"), "since",
                       draft ? "Approve" : "Publish", act.data};
            row_add(rows, today, &r);
            buf_free(&act);
        }
        json_decref(q);
        q = NULL;
        if ((rc = store_work_revisits(s, code, t, &q, err))) return rc;
        json_array_foreach(q, i, x) {
            long long id = id_of(x, "id");
            str_printf(item_href, sizeof item_href, "/record/revisits/%lld", id);
            str_printf(action_href, sizeof action_href, "/record/revisits/%lld/edit", id);
            row_t r = {"revisits", web_str(x, "code"), web_str(x, "name"), web_str(x, "body_kind"),
                       web_str(x, "title"), item_href, web_str(x, "started_on"), "starts", "Record findings",
                       action_href};
            row_add(rows, today, &r);
        }
        json_decref(q);
        return 0;
    }
    if ((rc = store_work_asked(s, code, &q, err))) return rc;
    json_array_foreach(q, i, x) {
        long long id = id_of(x, "id");
        rec_label(x, item, sizeof item);
        str_printf(item_href, sizeof item_href, "/recommendations/%lld", id);
        str_printf(action_href, sizeof action_href, "/record/progress-updates/new?recommendation_id=%lld", id);
        row_t r = {"asked", web_str(x, "code"), web_str(x, "name"), web_str(x, "body_kind"), item, item_href,
                   web_str(x, "deadline"), "due", "Send a progress update", action_href};
        row_add(rows, today, &r);
    }
    json_decref(q);
    q = NULL;
    if ((rc = store_work_sent(s, code, WORK_SENT_MAX, &q, err))) return rc;
    json_array_foreach(q, i, x) {
        long long id = id_of(x, "id");
        str_printf(item, sizeof item, "Progress update by %s", web_str(x, "author") ? web_str(x, "author") : "?");
        str_printf(item_href, sizeof item_href, "/record/progress-updates/%lld", id);
        row_t r = {"sent", web_str(x, "code"), web_str(x, "name"), web_str(x, "body_kind"), item, item_href,
                   web_str(x, "submitted_on"), "since", "Add evidence", item_href};
        row_add(rows, today, &r);
    }
    json_decref(q);
    return 0;
}

/* A query argument that must be one of `allowed` (NULL-terminated), or
 * absent/empty: 0 with *out set (NULL when absent), -1 after a 400 page. */
static int arg_choice(http_request_t *req, http_response_t *resp, const app_actor_t *actor, const char *name,
                      const char *const *allowed, const char **out)
{
    const char *v = http_request_query(req, name);
    *out = NULL;
    if (!v || !*v) return 0;
    for (size_t i = 0; allowed[i]; i++)
        if (strcmp(v, allowed[i]) == 0) {
            *out = allowed[i];
            return 0;
        }
    char detail[160];
    snprintf(detail, sizeof detail, "The filter \"%s\" takes one of the values the page offers.", name);
    web_error(req, resp, 400, "That filter value is not known", detail, actor);
    return -1;
}

/* The caller's scope: NULL for staff (every body), else the caller's own
 * body; -1 after a login redirect or a 403 page. */
static int scope(http_request_t *req, http_response_t *resp, const web_caller_t *c, const char **code, int *staff)
{
    if (form_need_login(req, resp, c) != 0) return -1;
    *staff = web_is_staff(&c->actor);
    *code = NULL;
    if (*staff) return 0;
    if (c->actor.body[0] && web_may_read(&c->actor, c->actor.body)) {
        *code = c->actor.body;
        return 0;
    }
    form_deny(req, resp, c, "read the monitoring record");
    return -1;
}

/* The body filter: a known code (else a 404 page), and for a body's user
 * only its own. */
static int arg_body(http_request_t *req, http_response_t *resp, const web_caller_t *c, const json_t *ix,
                    const char **body)
{
    const char *v = http_request_query(req, "body");
    *body = NULL;
    if (!v || !*v) return 0;
    if (!json_object_get(ix, v)) {
        web_error(req, resp, 404, "No such body", "There is no body with that code.", &c->actor);
        return -1;
    }
    *body = v;
    return 0;
}

static const char *const KINDS[] = {"police", "fire", NULL};

/* "/PATH?body=..&kind=..&what=..&format=csv" (NULL values left out). */
static char *filter_href(const char *path, const char *const *names, const char *const *vals, size_t n)
{
    buf_t b = BUF_INIT;
    buf_puts(&b, path);
    char sep = '?';
    for (size_t i = 0; i < n; i++) {
        if (!vals[i]) continue;
        buf_printf(&b, "%c%s=", sep, names[i]);
        html_escape_url_component(&b, vals[i]);
        sep = '&';
    }
    size_t len;
    return buf_detach(&b, &len);
}

/* The rows as CSV (core/csv.h: text cells spreadsheet-safe). */
static void send_csv(http_response_t *resp, const json_t *rows, const char *filename)
{
    buf_t b = BUF_INIT;
    buf_puts(&b, "section,body_code,body,kind,item,date,age_days,age,action,link\r\n");
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        const char *cells[] = {web_str(r, "what"), web_str(r, "code"), web_str(r, "name"), web_str(r, "body_kind"),
                               web_str(r, "item")};
        for (size_t k = 0; k < 5; k++) {
            csv_write_text(&b, cells[k] ? cells[k] : "");
            buf_puts(&b, ",");
        }
        csv_write_text(&b, web_str(json_object_get(r, "date"), "iso") ? web_str(json_object_get(r, "date"), "iso")
                                                                       : "");
        buf_puts(&b, ",");
        if (json_object_get(r, "age_days")) buf_printf(&b, "%lld", (long long)json_integer_value(json_object_get(r, "age_days")));
        buf_puts(&b, ",");
        csv_write_text(&b, web_str(r, "age") ? web_str(r, "age") : "");
        buf_puts(&b, ",");
        csv_write_text(&b, web_str(r, "action") ? web_str(r, "action") : "");
        buf_puts(&b, ",");
        csv_write_text(&b, web_str(r, "action_href") ? web_str(r, "action_href") : "");
        buf_puts(&b, "\r\n");
    }
    if (b.failed) {
        buf_free(&b);
        http_response_set(resp, 500, "text/plain; charset=utf-8", NULL, 0);
        return;
    }
    size_t len = 0;
    char *body = buf_detach(&b, &len);
    char disp[96];
    snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", filename);
    http_response_set(resp, 200, "text/csv; charset=utf-8", body, body ? len : 0);
    http_response_header(resp, "Content-Disposition", disp);
    http_response_header(resp, "Cache-Control", "no-store");
}

/* Rows kept by the body and kind filters. */
static int keep(const json_t *r, const char *body, const char *kind)
{
    if (body && (!web_str(r, "code") || strcmp(web_str(r, "code"), body) != 0)) return 0;
    if (kind && (!web_str(r, "body_kind") || strcmp(web_str(r, "body_kind"), kind) != 0)) return 0;
    return 1;
}

/* [{value, label, selected}] of the bodies in ix (all, or only `only`). */
static json_t *body_options(const json_t *ix, const char *only, const char *selected)
{
    json_t *a = json_array();
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)ix, k, v) {
        if (only && strcmp(k, only) != 0) continue;
        json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", k, "label",
                                           web_str(v, "name") ? web_str(v, "name") : k, "selected",
                                           selected && strcmp(k, selected) == 0));
    }
    return a;
}

static json_t *kind_options(const char *selected)
{
    json_t *a = json_array();
    for (size_t i = 0; KINDS[i]; i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", KINDS[i], "label", web_kind_name(KINDS[i]),
                                           "selected", selected && strcmp(KINDS[i], selected) == 0));
    return a;
}

/* The theme and priority filters (sql/017), read on s: 0 with *theme and
 * *priority set (NULL, 0 when absent), -1 after a 400 page naming the
 * filter, or a store error (err). */
static int arg_theme(http_request_t *req, http_response_t *resp, const app_actor_t *actor, store_t *s,
                     const char **theme, int *priority, ov_error_t *err)
{
    int rc = app_filter_theme_priority(s, http_request_query(req, "theme"), http_request_query(req, "priority"), theme,
                                       priority, err);
    if (rc != OV_EINVALID) return rc;
    char detail[160];
    snprintf(detail, sizeof detail, "The filter \"%s\" takes one of the values the page offers.", err->field);
    web_error(req, resp, 400, "That filter value is not known", detail, actor);
    return -1;
}

/* [{value, label, selected}] of the themes, and of the priority filter. */
static json_t *theme_options(store_t *s, const char *selected)
{
    json_t *a = json_array(), *themes = NULL;
    ov_error_t err = {0};
    if (store_themes_list(s, &themes, &err) != 0) return a;
    size_t i;
    json_t *t;
    json_array_foreach(themes, i, t)
        json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", web_str(t, "code"), "label", web_str(t, "name"),
                                           "selected", selected && strcmp(web_str(t, "code"), selected) == 0));
    json_decref(themes);
    return a;
}

static json_t *priority_options(int selected)
{
    return json_pack("[{s:s, s:s, s:b}]", "value", "1", "label", "Priorities only", "selected", selected);
}

/* Keeps in rows only those whose item is a recommendation or cause of
 * concern with the theme and priority asked (store_themed_ids). */
static int keep_themed(store_t *s, json_t *rows, const char *theme, int priority, ov_error_t *err)
{
    json_t *recs = NULL, *causes = NULL;
    int rc = store_themed_ids(s, "recommendations", theme, priority, &recs, err);
    if (rc == 0) rc = store_themed_ids(s, "causes_of_concern", theme, priority, &causes, err);
    for (size_t i = json_array_size(rows); rc == 0 && i-- > 0;) {
        const char *href = web_str(json_array_get(rows, i), "item_href");
        const char *id = NULL;
        json_t *set = NULL;
        if (href && strncmp(href, "/recommendations/", 17) == 0) id = href + 17, set = recs;
        else if (href && strncmp(href, "/causes-of-concern/", 19) == 0) id = href + 19, set = causes;
        char key[32] = "";
        if (id) snprintf(key, sizeof key, "%.*s", (int)strcspn(id, "?#/"), id);
        if (!set || !json_object_get(set, key)) json_array_remove(rows, i);
    }
    json_decref(recs);
    json_decref(causes);
    return rc;
}

int web_page_work(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    web_caller_t c;
    form_caller(req, &c);
    const char *own, *kind, *what, *format, *body = NULL;   /* set by arg_body; NULL keeps -O3 (make bench) quiet */
    int staff;
    if (scope(req, resp, &c, &own, &staff) != 0) return 0;
    const char *whats[NSECTIONS + 1];
    size_t nw = 0;
    for (size_t i = 0; i < NSECTIONS; i++)
        if (staff ? SECTIONS[i].staff : SECTIONS[i].body) whats[nw++] = SECTIONS[i].key;
    whats[nw] = NULL;
    static const char *const FORMATS[] = {"html", "csv", NULL};
    if (arg_choice(req, resp, &c.actor, "kind", KINDS, &kind) != 0) return 0;
    if (arg_choice(req, resp, &c.actor, "what", whats, &what) != 0) return 0;
    if (arg_choice(req, resp, &c.actor, "format", FORMATS, &format) != 0) return 0;

    odate_t today = app_today(app);
    char t[DATE_TEXT_MAX], b[DATE_TEXT_MAX], cut[DATE_TEXT_MAX];
    odate_t t1 = date_first_day(&today), b1 = date_add_days(&t1, RULES_UPCOMING_DAYS);
    odate_t c1 = rules_pcc_published_cutoff(&b1);
    date_format(&t1, t);
    date_format(&b1, b);
    date_format(&c1, cut);
    ov_error_t err = {0};
    json_t *bodies = NULL, *snaps = NULL, *rows = json_array();
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_bodies_list(s, &bodies, &err);
    json_t *ix = rc == 0 ? body_index(bodies) : NULL;
    json_decref(bodies);
    if (rc == 0 && arg_body(req, resp, &c, ix, &body) != 0) {
        store_pool_release(app->pool, s);
        json_decref(ix);
        json_decref(rows);
        return 0;
    }
    const char *code = own ? own : body, *theme = NULL;
    int priority = 0;
    if (rc == 0 && (rc = arg_theme(req, resp, &c.actor, s, &theme, &priority, &err)) == -1) {
        store_pool_release(app->pool, s);
        json_decref(ix);
        json_decref(rows);
        return 0;
    }
    if (rc == 0 && own && body && strcmp(own, body) != 0) code = "";   /* another body's: nothing */
    if (rc == 0) rc = store_deadline_snapshots(s, code, t, b, cut, WORK_ALL_ROWS, &snaps, &err);
    if (rc == 0) {
        json_t *dl = rules_deadlines(snaps, &today, &b1);
        deadline_rows(rows, dl, ix, &today, staff);
        json_decref(dl);
        rc = queue_rows(s, rows, code, &today, staff, &err);
    }
    if (rc == 0 && (theme || priority)) rc = keep_themed(s, rows, theme, priority, &err);
    json_t *theme_opts = theme_options(s, theme);
    store_pool_release(app->pool, s);
    json_decref(snaps);
    if (rc != 0) {
        json_decref(ix);
        json_decref(rows);
        json_decref(theme_opts);
        web_error_store(req, resp, &err, &c.actor);
        return 0;
    }

    json_t *kept = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
        if (keep(r, body, kind) && (!what || strcmp(web_str(r, "what"), what) == 0)) json_array_append(kept, r);
    json_decref(rows);
    if (format && strcmp(format, "csv") == 0) {
        json_decref(ix);
        json_decref(theme_opts);
        send_csv(resp, kept, "work.csv");
        json_decref(kept);
        return 0;
    }

    json_t *sections = json_array();
    for (size_t k = 0; k < NSECTIONS; k++) {
        if (!(staff ? SECTIONS[k].staff : SECTIONS[k].body)) continue;
        if (what && strcmp(what, SECTIONS[k].key) != 0) continue;
        json_t *items = json_array();
        json_array_foreach(kept, i, r)
            if (strcmp(web_str(r, "what"), SECTIONS[k].key) == 0) json_array_append(items, r);
        json_array_append_new(sections, json_pack("{s:s, s:s, s:s, s:I, s:o}", "key", SECTIONS[k].key, "heading",
                                                  SECTIONS[k].heading, "empty", SECTIONS[k].empty, "count",
                                                  (json_int_t)json_array_size(items), "items", items));
    }
    json_t *what_opts = json_array();
    for (size_t k = 0; whats[k]; k++)
        for (size_t j = 0; j < NSECTIONS; j++)
            if (strcmp(SECTIONS[j].key, whats[k]) == 0)
                json_array_append_new(what_opts, json_pack("{s:s, s:s, s:b}", "value", whats[k], "label",
                                                           SECTIONS[j].heading, "selected",
                                                           what && strcmp(what, whats[k]) == 0));
    const char *names[] = {"body", "kind", "what", "theme", "priority", "format"},
               *vals[] = {body, kind, what, theme, priority ? "1" : NULL, "csv"};
    char *csv = filter_href("/work", names, vals, 6);
    json_t *filters = json_pack("[{s:s, s:s, s:s, s:o}, {s:s, s:s, s:s, s:o}, {s:s, s:s, s:s, s:o},"
                                " {s:s, s:s, s:s, s:o}, {s:s, s:s, s:s, s:o}]", "name", "body",
                                "label", "Body", "all", staff ? "All bodies" : "Your body", "options",
                                body_options(ix, own, body), "name", "kind", "label", "Kind", "all", "All kinds",
                                "options", kind_options(kind), "name", "what", "label", "What", "all", "Everything",
                                "options", what_opts, "name", "theme", "label", "Theme", "all", "All themes",
                                "options", theme_opts, "name", "priority", "label", "Priority", "all",
                                "Any priority", "options", priority_options(priority));
    json_t *ctx = json_pack("{s:o, s:o, s:b, s:b, s:s?, s:I, s:s}", "sections", sections, "filters", filters,
                            "staff", staff, "filtered", body || kind || what || theme || priority, "csv_href", csv,
                            "count", (json_int_t)json_array_size(kept), "today", t);
    free(csv);
    json_decref(kept);
    json_decref(ix);
    web_render(req, resp, 200, "work", "Work queue", &c.actor, ctx);
    return 0;
}

/* ?name=YYYY-MM-DD (a calendar day), or dflt when absent: 0, or -1 after a
 * 400 page naming it. */
static int arg_day(http_request_t *req, http_response_t *resp, const app_actor_t *actor, const char *name,
                   const odate_t *dflt, odate_t *out)
{
    const char *v = http_request_query(req, name);
    if (!v || !*v) {
        *out = *dflt;
        return 0;
    }
    if (date_parse_day(v, out) == 0) return 0;
    char detail[160];
    snprintf(detail, sizeof detail, "\"%s\" must be a day written YYYY-MM-DD, such as 2025-01-23.", name);
    web_error(req, resp, 400, "That date is not a day", detail, actor);
    return -1;
}

/* ?name=N, 0 <= N <= max (min 1 for the limit), or dflt. */
static int arg_count(http_request_t *req, http_response_t *resp, const app_actor_t *actor, const char *name,
                     long long min, long long max, long long dflt, long long *out)
{
    const char *v = http_request_query(req, name);
    *out = dflt;
    if (!v || !*v) return 0;
    char *end = NULL;
    long long n = strtoll(v, &end, 10);
    if (end && !*end && v[0] >= '0' && v[0] <= '9' && n >= min && n <= max) {
        *out = n;
        return 0;
    }
    char detail[160];
    snprintf(detail, sizeof detail, "\"%s\" must be a whole number from %lld to %lld.", name, min, max);
    web_error(req, resp, 400, "That number is out of range", detail, actor);
    return -1;
}

int web_page_deadlines(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    web_caller_t c;
    form_caller(req, &c);
    const char *own, *kind, *body = NULL;   /* set by arg_body; NULL keeps -O3 quiet */
    int staff;
    if (scope(req, resp, &c, &own, &staff) != 0) return 0;
    odate_t now = app_today(app), today, before;
    long long limit, offset;
    if (arg_day(req, resp, &c.actor, "today", &now, &today) != 0) return 0;
    odate_t dflt = date_add_days(&today, RULES_UPCOMING_DAYS);
    if (arg_day(req, resp, &c.actor, "before", &dflt, &before) != 0) return 0;
    if (arg_count(req, resp, &c.actor, "limit", 1, DEADLINES_MAX, DEADLINES_LIMIT, &limit) != 0) return 0;
    if (arg_count(req, resp, &c.actor, "offset", 0, WORK_ALL_ROWS, 0, &offset) != 0) return 0;
    if (arg_choice(req, resp, &c.actor, "kind", KINDS, &kind) != 0) return 0;

    char t[DATE_TEXT_MAX], b[DATE_TEXT_MAX], cut[DATE_TEXT_MAX];
    odate_t t1 = date_first_day(&today), b1 = date_first_day(&before), c1 = rules_pcc_published_cutoff(&b1);
    date_format(&t1, t);
    date_format(&b1, b);
    date_format(&c1, cut);
    ov_error_t err = {0};
    json_t *bodies = NULL, *snaps = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_bodies_list(s, &bodies, &err);
    json_t *ix = rc == 0 ? body_index(bodies) : NULL;
    json_decref(bodies);
    if (rc == 0 && arg_body(req, resp, &c, ix, &body) != 0) {
        store_pool_release(app->pool, s);
        json_decref(ix);
        return 0;
    }
    const char *code = own ? own : body, *theme = NULL;
    int priority = 0;
    if (rc == 0 && (rc = arg_theme(req, resp, &c.actor, s, &theme, &priority, &err)) == -1) {
        store_pool_release(app->pool, s);
        json_decref(ix);
        return 0;
    }
    if (rc == 0 && own && body && strcmp(own, body) != 0) code = "";
    /* as the API: the first offset + limit + 1 of each kind suffice, unless
     * the kind filter drops some (then all) */
    if (rc == 0)
        rc = store_deadline_snapshots_filtered(s, code, t, b, cut, kind ? WORK_ALL_ROWS : offset + limit + 1, theme,
                                               priority, &snaps, &err);
    json_t *theme_opts = theme_options(s, theme);
    store_pool_release(app->pool, s);
    json_t *dl = rc == 0 ? rules_deadlines(snaps, &today, &before) : NULL;
    json_decref(snaps);
    if (rc != 0 || !dl) {
        json_decref(ix);
        json_decref(dl);
        json_decref(theme_opts);
        if (rc != 0) web_error_store(req, resp, &err, &c.actor);
        else web_error(req, resp, 500, "Something went wrong", "The deadlines could not be worked out.", &c.actor);
        return 0;
    }
    json_t *rows = json_array();
    deadline_rows(rows, dl, ix, &today, 1);
    json_decref(dl);
    json_t *overdue = json_array(), *upcoming = json_array();
    long long pos = 0;
    int more = 0;
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        if (!keep(r, body, kind)) continue;
        if (pos >= offset && pos < offset + limit) {
            const char *w = web_str(r, "what");
            json_t *age = json_object_get(r, "age_days");
            json_array_append(json_integer_value(age) < 0 || (w && strcmp(w, "overdue") == 0) ? overdue : upcoming, r);
        } else if (pos >= offset + limit) {
            more = 1;
        }
        pos++;
    }
    json_decref(rows);
    const char *names[] = {"today", "before", "body", "kind", "theme", "priority", "limit", "offset"};
    char lim[32], off[32], next_off[32];
    snprintf(lim, sizeof lim, "%lld", limit);
    snprintf(off, sizeof off, "%lld", offset);
    snprintf(next_off, sizeof next_off, "%lld", offset + limit);
    const char *qt = http_request_query(req, "today"), *qb = http_request_query(req, "before");
    const char *vals[] = {qt && *qt ? t : NULL, qb && *qb ? b : NULL, body, kind, theme, priority ? "1" : NULL,
                          http_request_query(req, "limit") ? lim : NULL, next_off};
    char *next = more ? filter_href("/deadlines", names, vals, 8) : NULL;
    json_t *filters = json_pack("[{s:s, s:s, s:s, s:o}, {s:s, s:s, s:s, s:o}, {s:s, s:s, s:s, s:o},"
                                " {s:s, s:s, s:s, s:o}]", "name", "body", "label", "Body", "all",
                                staff ? "All bodies" : "Your body", "options", body_options(ix, own, body), "name",
                                "kind", "label", "Kind", "all", "All kinds", "options", kind_options(kind), "name",
                                "theme", "label", "Theme", "all", "All themes", "options", theme_opts, "name",
                                "priority", "label", "Priority", "all", "Any priority", "options",
                                priority_options(priority));
    json_t *lists = json_pack("[{s:s, s:s, s:s, s:I, s:o}, {s:s, s:s, s:s, s:I, s:o}]", "key", "overdue", "heading",
                              "Overdue", "empty", "Nothing is overdue.", "count", (json_int_t)json_array_size(overdue),
                              "rows", overdue, "key", "upcoming", "heading", "Due before the date", "empty",
                              "Nothing else falls due before the date.", "count",
                              (json_int_t)json_array_size(upcoming), "rows", upcoming);
    json_t *ctx = json_pack("{s:o, s:o, s:o, s:o, s:s, s:s?, s:b}", "lists", lists, "today", web_date(t), "before",
                            web_date(b), "filters", filters, "before_iso", b, "next_href", next, "filtered",
                            body || kind || theme || priority || (qt && *qt) || (qb && *qb));
    json_object_set_new(ctx, "today_iso", json_string(t));
    /* GOV.UK Frontend's pagination, a next link only (templates/pagination.html) */
    if (next)
        json_object_set_new(ctx, "next_page", json_pack("{s:s, s:s}", "next", next, "pagination_label",
                                                        "Pages of deadlines"));
    free(next);
    json_decref(ix);
    web_render(req, resp, 200, "deadlines", "Deadlines", &c.actor, ctx);
    return 0;
}
