/*
 * page_search.c: GET /search (docs/search.md): the search form, the
 * results with their matches highlighted (<mark> around words the
 * template escapes like any other text: app/search.h gives the parts,
 * never HTML), pages, and the same results to download as CSV or JSON
 * (?format=csv, ?format=json: every result, unpaged; as GET
 * /api/v1/search gives them). A wrong argument re-renders the form with
 * the error tied to its field (400); the downloads answer it as a
 * problem+json, as the API does.
 */
#include "web/page.h"
#include "app/search.h"
#include "store/bodies.h"
#include "store/themes.h"
#include "render/html.h"
#include "core/buf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The query string of a, with page (0: none) and format (NULL: none),
 * appended to out as "/search?..." (values percent-encoded). */
static void search_link(buf_t *out, const app_search_args_t *a, long page, const char *format)
{
    const struct { const char *name, *value; } args[] = {
        {"q", a->q}, {"body", a->body}, {"kind", a->kind}, {"type", a->type}, {"status", a->status},
        {"overdue", a->overdue}, {"theme", a->theme}, {"priority", a->priority}, {"from", a->from}, {"to", a->to}, {"sort", a->sort}, {"per_page", a->per_page},
    };
    buf_puts(out, "/search");
    char sep = '?';
    for (size_t i = 0; i < sizeof args / sizeof args[0]; i++) {
        if (!args[i].value || !*args[i].value) continue;
        buf_printf(out, "%c%s=", sep, args[i].name);
        html_escape_url_component(out, args[i].value);
        sep = '&';
    }
    if (page > 1) {
        buf_printf(out, "%cpage=%ld", sep, page);
        sep = '&';
    }
    if (format) buf_printf(out, "%cformat=%s", sep, format);
}

static json_t *link_string(const app_search_args_t *a, long page, const char *format)
{
    buf_t b = BUF_INIT;
    search_link(&b, a, page, format);
    json_t *s = json_string(b.data ? b.data : "/search");
    buf_free(&b);
    return s;
}

/* web_page_numbers' address of page n of these results. */
static json_t *page_href(long long n, const void *arg)
{
    return link_string(arg, (long)n, NULL);
}

/* Options {value, label, selected} of a select, the first "" = any. */
static json_t *options(const char *const *values, const char *const *labels, const char *chosen)
{
    json_t *list = json_array();
    for (size_t i = 0; values[i]; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", values[i], "label", labels[i], "selected",
                                              chosen && strcmp(chosen, values[i]) == 0));
    return list;
}

/* The themes (sql/017) as options, the first "" = any. */
static json_t *theme_options(app_t *app, const char *chosen)
{
    json_t *themes = NULL, *list = json_array();
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_themes_list(s, &themes, &err);
    store_pool_release(app->pool, s);
    json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", "", "label", "Any theme", "selected", 0));
    size_t i;
    json_t *t;
    if (rc == 0)
        json_array_foreach(themes, i, t) {
            const char *code = web_str(t, "code"), *name = web_str(t, "name");
            if (!code || !name) continue;
            json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", code, "label", name, "selected",
                                                  chosen && strcmp(chosen, code) == 0));
        }
    json_decref(themes);
    return list;
}

static json_t *body_options(app_t *app, const char *chosen)
{
    json_t *bodies = NULL, *list = json_array();
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_bodies_list(s, &bodies, &err);
    store_pool_release(app->pool, s);
    json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", "", "label", "Any body", "selected", 0));
    size_t i;
    json_t *b;
    if (rc == 0)
        json_array_foreach(bodies, i, b) {
            const char *code = web_str(b, "code"), *name = web_str(b, "name");
            if (!code || !name) continue;
            json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", code, "label", name, "selected",
                                                  chosen && strcmp(chosen, code) == 0));
        }
    json_decref(bodies);
    return list;
}

/* A download's reply: JSON or CSV of found (stolen). */
static void download(http_response_t *resp, json_t *found, int csv)
{
    buf_t out = BUF_INIT;
    if (csv) app_search_csv(found, &out);
    else {
        char *text = json_dumps(found, JSON_COMPACT);
        if (text) buf_puts(&out, text);
        free(text);
    }
    json_decref(found);
    if (out.failed || !out.data) {
        buf_free(&out);
        http_response_set(resp, 500, "text/plain; charset=utf-8", NULL, 0);
        return;
    }
    size_t len;
    char *body = buf_detach(&out, &len);
    http_response_set(resp, 200, csv ? "text/csv; charset=utf-8; header=present" : "application/json", body, len);
    if (csv) http_response_header(resp, "Content-Disposition", "attachment; filename=\"search.csv\"");
}

/* A problem+json 400 naming field, for the downloads. */
static void problem(http_response_t *resp, const char *detail, const char *field)
{
    json_t *p = json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank", "title", "Bad request", "status", 400,
                          "detail", detail);
    if (p && field && *field) json_object_set_new(p, "field", json_string(field));
    char *text = p ? json_dumps(p, JSON_COMPACT) : NULL;
    json_decref(p);
    http_response_set(resp, 400, "application/problem+json", text, text ? strlen(text) : 0);
}

int web_page_search(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    web_actor(req, &actor);
    const char *format = http_request_query(req, "format");
    if (format && !*format) format = NULL;
    int csv = format && strcmp(format, "csv") == 0, json = format && strcmp(format, "json") == 0;
    if (format && !csv && !json) {
        problem(resp, "format must be one of: json, csv", "format");
        return 0;
    }
    app_search_args_t a;
    app_search_args(req, &a);
    json_t *found = NULL;
    ov_error_t err = {0};
    int rc = app_search(app, &actor, &a, csv || json, &found, &err);
    if (rc && rc != OV_EINVALID) {
        web_error_store(req, resp, &err, &actor);
        return 0;
    }
    if (format) {
        if (rc) problem(resp, err.message, err.field);
        else download(resp, found, csv);
        return 0;
    }
    static const char *const KIND_V[] = {"", "police", "fire", NULL}, *const KIND_L[] = {"Any", "Police forces", "Fire and rescue services"};
    static const char *const TYPE_V[] = {"", "recommendation", "cause", "letter", "decision", NULL},
                             *const TYPE_L[] = {"Anything", "Recommendations", "Causes of concern", "Letters", "Phase decisions"};
    static const char *const STATUS_V[] = {"", "open", "in_progress", "implemented", "closed", NULL},
                             *const STATUS_L[] = {"Any", "Open", "In progress", "Implemented", "Closed"};
    static const char *const SORT_V[] = {"", "relevance", "date", NULL},
                             *const SORT_L[] = {"Best match (newest first with no words)", "Best match", "Newest first"};
    json_t *ctx = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:b}", "q", a.q ? a.q : "", "bodies",
                            body_options(app, a.body), "kinds", options(KIND_V, KIND_L, a.kind), "types",
                            options(TYPE_V, TYPE_L, a.type), "statuses", options(STATUS_V, STATUS_L, a.status),
                            "sorts", options(SORT_V, SORT_L, a.sort), "from", a.from ? a.from : "", "to",
                            a.to ? a.to : "", "overdue",
                            a.overdue && (strcmp(a.overdue, "1") == 0 || strcmp(a.overdue, "true") == 0
                                          || strcmp(a.overdue, "yes") == 0 || strcmp(a.overdue, "on") == 0));
    if (ctx) {
        json_object_set_new(ctx, "themes", theme_options(app, a.theme));
        json_object_set_new(ctx, "priority",
                            json_boolean(a.priority && (strcmp(a.priority, "1") == 0 || strcmp(a.priority, "true") == 0
                                                        || strcmp(a.priority, "yes") == 0
                                                        || strcmp(a.priority, "on") == 0)));
    }
    if (!ctx) {
        json_decref(found);
        http_response_set(resp, 500, "text/plain; charset=utf-8", NULL, 0);
        return 0;
    }
    if (rc) {
        /* the form again, the error tied to its field */
        const char *field = err.field[0] ? err.field : "q";
        json_object_set_new(ctx, "error_summary", json_pack("{s:[{s:s, s:s}]}", "items", "name", field, "message",
                                                            err.message));
        json_t *errors = json_object();
        json_object_set_new(errors, field, json_string(err.message));
        json_object_set_new(ctx, "errors", errors);
        web_render(req, resp, 400, "search", "Search", &actor, ctx);
        return 0;
    }
    json_t *results = json_object_get(found, "results");
    size_t i;
    json_t *r;
    json_array_foreach(results, i, r) json_object_set_new(r, "date_view", web_date(web_str(r, "date")));
    long page = (long)json_integer_value(json_object_get(json_object_get(found, "query"), "page"));
    long pages = (long)json_integer_value(json_object_get(found, "pages"));
    json_int_t total = json_integer_value(json_object_get(found, "total"));
    json_object_set(ctx, "results", results);
    json_object_set_new(ctx, "total", json_integer(total));
    json_object_set_new(ctx, "one", json_boolean(total == 1));
    json_object_set_new(ctx, "none", json_boolean(total == 0));
    json_object_set(ctx, "more", json_object_get(found, "more"));
    json_object_set_new(ctx, "page", json_integer(page));
    json_object_set_new(ctx, "pages", json_integer(pages));
    json_object_set_new(ctx, "paged", json_boolean(pages > 1));
    json_object_set_new(ctx, "numbers", web_page_numbers(page, pages, page_href, &a));
    json_object_set_new(ctx, "pagination_label", json_string("Result pages"));
    if (page > 1) json_object_set_new(ctx, "prev", link_string(&a, page - 1, NULL));
    if (page < pages) json_object_set_new(ctx, "next", link_string(&a, page + 1, NULL));
    json_object_set_new(ctx, "csv", link_string(&a, 0, "csv"));
    json_object_set_new(ctx, "json", link_string(&a, 0, "json"));
    json_decref(found);
    web_render(req, resp, 200, "search", "Search", &actor, ctx);
    return 0;
}
