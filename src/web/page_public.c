/*
 * page_public.c: the published record as pages (issue #16, item 2):
 * GET /recommendations, every published recommendation across bodies
 * (open ones by default) with filters and pages; and the public page of
 * one cause of concern or recommendation (web_public_item_page, for
 * viewers who may not read the body's record). What is public is asked of
 * the one publication rule (store/public_record.h, store/publication.h).
 */
#include "web/page.h"
#include "web/public_view.h"
#include "web/format.h"
#include "render/html.h"
#include "core/body.h"
#include "store/reports.h"
#include "store/bodies.h"
#include "store/public_record.h"
#include "store/themes.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_SIZE 50

/* In place: the corrections of a closure (store/corrections.h), each with
 * its date in words and "withdrawal" set for a withdrawal. */
static void corrections_view(json_t *item)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(item, "corrections"), i, c) {
        web_date_field(c, "corrected_on");
        json_object_set_new(c, "withdrawal", json_boolean(web_str(c, "kind") && strcmp(web_str(c, "kind"), "withdrawal") == 0));
    }
}

void web_public_rec_view(json_t *rec)
{
    corrections_view(rec);
    web_mark_revised(rec);
    web_view_fields(rec, WEB_KEYS("issued_on", "original_deadline", "deadline", "implemented_on", "closed_on",
                                  "report_published_on", "closing_revisit_published_on"),
                    WEB_KEYS("acceptance"));
    json_object_set_new(rec, "body_kind_text", json_string(web_kind_name(web_str(rec, "body_kind"))));
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(rec, "requirements"), i, x) web_enum_field(x, "status");
    json_array_foreach(json_object_get(rec, "deadline_revisions"), i, x)
        web_view_fields(x, WEB_KEYS("previous_deadline", "new_deadline", "agreed_on"), NULL);
}

void web_public_cause_view(json_t *cause)
{
    corrections_view(cause);
    web_view_fields(cause, WEB_KEYS("issued_on", "closed_on", "report_published_on", "closing_revisit_published_on",
                                    "closing_decision_on"),
                    WEB_KEYS("status"));
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(cause, "recommendations"), i, r) web_public_rec_view(r);
    json_object_set_new(cause, "has_recs", json_boolean(json_array_size(json_object_get(cause, "recommendations")) > 0));
}

json_t *web_item_view(store_t *s, const char *table, long long id, const char *today, int whole, ov_error_t *err)
{
    json_t *item = NULL;
    int rc = store_public_item(s, table, id, today, &item, err);
    int unpublished = 0;
    if (rc == OV_ENOTFOUND && whole) {
        memset(err, 0, sizeof *err);
        rc = store_public_item(s, table, id, NULL, &item, err);
        unpublished = 1;
    }
    if (rc != 0) return NULL;
    if (strcmp(table, "causes_of_concern") == 0) web_public_cause_view(item);
    else web_public_rec_view(item);
    /* a force's part of a recommendation a report made to many: the
     * report's page, and who else it was addressed to */
    json_t *shared = NULL;
    if (strcmp(table, "recommendations") == 0 && store_report_of_recommendation(s, id, &shared, err) == 0 && shared)
        json_object_set_new(item, "shared", shared);
    if (unpublished) json_object_set_new(item, "unpublished", json_true());
    return item;
}

void web_item_title(const json_t *view, char *out, size_t n)
{
    snprintf(out, n, "%s: %s", web_str(view, "label") ? web_str(view, "label") : "",
             web_str(view, "body_name") ? web_str(view, "body_name") : "");
}

int web_public_item_page(http_request_t *req, http_response_t *resp, const char *table, long long id,
                         const app_actor_t *actor)
{
    app_t *app = req->app;
    char today[DATE_TEXT_MAX];
    app_today_text(app, today);
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    json_t *item = web_item_view(s, table, id, today, 0, &err);
    store_pool_release(app->pool, s);
    if (!item) {
        if (err.status == OV_ENOTFOUND) web_error(req, resp, 404, "Page not found", "There is no such item.", actor);
        else web_error_store(req, resp, &err, actor);
        return 0;
    }
    char title[200];
    web_item_title(item, title, sizeof title);
    web_render(req, resp, 200, strcmp(table, "causes_of_concern") == 0 ? "cause" : "recommendation", title, actor,
               json_pack("{s:o}", "item", item));
    return 0;
}

/* "/recommendations?..." with the filters of f and the page given (NULL,
 * 0 = left out), or with base "/api/v1/public/recommendations" for the data. */
static json_t *list_href(const char *base, const public_filter_t *f, long long page, const char *format)
{
    buf_t b = BUF_INIT;
    const char *names[] = {"body", "kind", "status", "overdue", "theme", "priority", "format"};
    const char *vals[] = {f->body, f->kind, f->status, f->overdue ? "1" : NULL, f->theme, f->priority ? "1" : NULL,
                          format};
    buf_puts(&b, base);
    char sep = '?';
    for (int i = 0; i < 7; i++) {
        if (!vals[i]) continue;
        buf_printf(&b, "%c%s=", sep, names[i]);
        html_escape_url_component(&b, vals[i]);
        sep = '&';
    }
    if (page > 1) buf_printf(&b, "%cpage=%lld", sep, page);
    json_t *s = b.failed ? NULL : json_string(b.data);
    buf_free(&b);
    return s;
}

/* web_page_numbers' address of page n of the list (arg: the filter shown). */
static json_t *list_page_href(long long n, const void *arg)
{
    return list_href("/recommendations", arg, n, NULL);
}

/* A select's options [{value, label, selected}]. */
static void option(json_t *opts, const char *value, const char *label, const char *selected)
{
    json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", value, "label", label, "selected",
                                          selected && strcmp(selected, value) == 0));
}

int web_page_recommendations(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    web_actor(req, &actor);
    char today[DATE_TEXT_MAX];
    app_today_text(app, today);
    ov_error_t err = {0};
    json_t *bodies = NULL, *list = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_bodies_list(s, &bodies, &err);

    /* the filters: values not offered are left out, as on the board */
    const char *body = http_request_query(req, "body"), *kind = http_request_query(req, "kind");
    const char *status = http_request_query(req, "status"), *od = http_request_query(req, "overdue");
    const char *pg = http_request_query(req, "page");
    json_t *body_opts = json_array(), *kind_opts = json_array(), *status_opts = json_array();
    int body_known = 0;
    size_t i;
    json_t *b;
    json_array_foreach(bodies, i, b) {
        const char *code = web_str(b, "code");
        if (!code) continue;
        option(body_opts, code, web_str(b, "name") ? web_str(b, "name") : code, body);
        if (body && strcmp(body, code) == 0) body_known = 1;
    }
    if (!body_known) body = NULL;
    if (kind && !body_kind_valid(kind)) kind = NULL;
    option(kind_opts, "police", web_kind_name("police"), kind);
    option(kind_opts, "fire", web_kind_name("fire"), kind);
    if (!status || !store_public_status_known(status)) status = NULL;
    for (size_t k = 0; PUBLIC_STATUSES[k][0]; k++)
        option(status_opts, PUBLIC_STATUSES[k][0], PUBLIC_STATUSES[k][1], status ? status : "open");
    int overdue = od && (strcmp(od, "1") == 0 || strcmp(od, "true") == 0 || strcmp(od, "on") == 0);
    long long page = pg ? atoll(pg) : 1;
    if (page < 1 || page > 100000) page = 1;

    /* themes and priority (sql/017): an unknown theme is left out, as above */
    const char *theme = http_request_query(req, "theme"), *prio = http_request_query(req, "priority");
    json_t *theme_opts = json_array(), *themes = NULL;
    int priority = prio && (strcmp(prio, "1") == 0 || strcmp(prio, "true") == 0 || strcmp(prio, "on") == 0);
    if (rc == 0) rc = store_themes_list(s, &themes, &err);
    int theme_known = 0;
    json_array_foreach(themes, i, b) {
        option(theme_opts, web_str(b, "code"), web_str(b, "name"), theme);
        if (theme && strcmp(theme, web_str(b, "code")) == 0) theme_known = 1;
    }
    json_decref(themes);
    if (!theme_known) theme = NULL;
    public_filter_t f = {.body = body, .kind = kind, .status = status ? status : "open", .overdue = overdue,
                         .theme = theme, .priority = priority, .limit = PAGE_SIZE, .offset = (page - 1) * PAGE_SIZE};
    if (rc == 0) rc = store_public_recommendations(s, today, &f, &list, &err);
    store_pool_release(app->pool, s);
    json_decref(bodies);
    if (rc != 0) {
        json_decref(body_opts);
        json_decref(kind_opts);
        json_decref(status_opts);
        json_decref(theme_opts);
        json_decref(list);
        web_error_store(req, resp, &err, &actor);
        return 0;
    }
    json_t *items = json_object_get(list, "items");
    json_array_foreach(items, i, b) web_public_rec_view(b);
    long long total = json_integer_value(json_object_get(list, "total"));
    long long pages = total ? (total + PAGE_SIZE - 1) / PAGE_SIZE : 1;
    long long first = total ? (page - 1) * PAGE_SIZE + 1 : 0, last = (page - 1) * PAGE_SIZE + (long long)json_array_size(items);
    json_t *paging = json_object();
    public_filter_t shown = f;   /* the links keep what was asked: no status when none was */
    shown.status = status;
    if (page > 1) json_object_set_new(paging, "prev", list_href("/recommendations", &shown, page - 1, NULL));
    if (page < pages) json_object_set_new(paging, "next", list_href("/recommendations", &shown, page + 1, NULL));
    json_object_set_new(paging, "page", json_integer(page));
    json_object_set_new(paging, "pages", json_integer(pages));
    json_object_set_new(paging, "numbers", web_page_numbers(page, pages, list_page_href, &shown));
    json_object_set_new(paging, "pagination_label", json_string("Pages of recommendations"));
    json_t *ctx = json_pack("{s:O, s:I, s:I, s:I, s:b, s:o, s:o, s:o, s:b, s:b, s:o, s:o, s:o, s:o, s:o, s:b}",
                            "items", items, "total", (json_int_t)total, "first", (json_int_t)first, "last",
                            (json_int_t)(last < first ? first : last), "filtered",
                            body || kind || status || overdue || theme || priority, "body_opts", body_opts,
                            "kind_opts", kind_opts, "status_opts", status_opts, "overdue", overdue, "paged",
                            pages > 1, "paging", paging,
                            "json_href", list_href("/api/v1/public/recommendations", &shown, 0, NULL),
                            "csv_href", list_href("/api/v1/public/recommendations", &shown, 0, "csv"),
                            "today", web_date(today), "theme_opts", theme_opts, "priority", priority);
    json_decref(list);
    web_render(req, resp, 200, "recommendations", "Recommendations", &actor, ctx);
    return 0;
}
