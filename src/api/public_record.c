/*
 * public_record.c: GET /api/v1/public/recommendations: the published
 * recommendations across bodies (store/public_record.h), the same list as
 * the page /recommendations, as JSON or CSV. Public: everyone gets what
 * the publication rule makes public today, whoever asks.
 */
#include "api/api.h"
#include "core/body.h"
#include "core/csv.h"
#include "store/public_record.h"
#include "app/lifecycle.h"
#include <stdio.h>
#include <string.h>

/* The CSV columns: the row's key, and whether it is a number. */
static const struct { const char *key; int num; } CSV_COLS[] = {
    {"id", 1}, {"body", 0}, {"body_name", 0}, {"body_kind", 0}, {"label", 0}, {"cause_number", 1},
    {"cause_title", 0}, {"number", 0}, {"report", 0}, {"report_published_on", 0}, {"addressee", 0}, {"text", 0},
    {"issued_on", 0}, {"original_deadline", 0}, {"deadline", 0}, {"public_status", 0},
    {"public_status_text", 0}, {"outcome", 0}, {"closing_reason", 0}, {"implemented_on", 0}, {"closed_on", 0},
    {"closing_revisit", 0},
    {"requirements_total", 1}, {"requirements_met", 1}, {"requirements_not_met", 1}, {"priority", 0},
    {"theme_codes", 0}, {"successor_id", 1}, {"page", 0}, {NULL, 0},
};

static int write_csv(buf_t *out, const json_t *items)
{
    for (int c = 0; CSV_COLS[c].key; c++) {
        if (c) buf_puts(out, ",");
        csv_write_field(out, CSV_COLS[c].key);
    }
    buf_puts(out, "\r\n");
    size_t i;
    json_t *r;
    json_array_foreach(items, i, r) {
        for (int c = 0; CSV_COLS[c].key; c++) {
            if (c) buf_puts(out, ",");
            const json_t *v = json_object_get(r, CSV_COLS[c].key);
            char num[32];
            if (json_is_boolean(v)) {
                csv_write_field(out, json_is_true(v) ? "true" : "false");
            } else if (json_is_integer(v)) {
                snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
                csv_write_field(out, num);
            } else if (json_is_string(v)) {
                if (CSV_COLS[c].num) csv_write_field(out, json_string_value(v));
                else csv_write_text(out, json_string_value(v));
            }
        }
        buf_puts(out, "\r\n");
    }
    return out->failed ? -1 : 0;
}

int api_public_recommendations(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    if (api_actor(req, resp, &actor) != 0) return 0;   /* bad credentials are still a 401 */
    public_filter_t f = {.status = "open"};
    f.body = http_request_query(req, "body");
    f.kind = http_request_query(req, "kind");
    const char *status = http_request_query(req, "status"), *overdue = http_request_query(req, "overdue");
    const char *format = http_request_query(req, "format");
    if (f.body && !*f.body) f.body = NULL;
    if (f.kind && !*f.kind) f.kind = NULL;
    if (f.kind && !body_kind_valid(f.kind)) {
        api_problem(resp, 400, "Bad request", "kind must be 'police' or 'fire'", "kind");
        return 0;
    }
    if (status && *status) {
        if (!store_public_status_known(status)) {
            api_problem(resp, 400, "Bad request",
                        "status must be one of open, in_progress, closed, closed_implemented, closed_not_implemented,"
                        " closed_not_recorded, superseded, withdrawn, all",
                        "status");
            return 0;
        }
        f.status = status;
    }
    if (overdue && *overdue) {
        if (strcmp(overdue, "1") != 0 && strcmp(overdue, "0") != 0 && strcmp(overdue, "true") != 0
            && strcmp(overdue, "false") != 0) {
            api_problem(resp, 400, "Bad request", "overdue must be 1 or 0 (true or false)", "overdue");
            return 0;
        }
        f.overdue = strcmp(overdue, "1") == 0 || strcmp(overdue, "true") == 0;
    }
    if (format && strcmp(format, "json") != 0 && strcmp(format, "csv") != 0) {
        api_problem(resp, 400, "Bad request", "format must be json or csv", "format");
        return 0;
    }
    int csv = format && strcmp(format, "csv") == 0;
    long long limit = csv ? 10000 : 100, offset = 0;
    if (api_query_page(req, resp, 10000, &limit, &offset) != 0) return 0;
    f.limit = limit;
    f.offset = offset;
    char today[DATE_TEXT_MAX];
    app_today_text(app, today);
    ov_error_t err = {0};
    json_t *list = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = app_filter_theme_priority(s, http_request_query(req, "theme"), http_request_query(req, "priority"),
                                       &f.theme, &f.priority, &err);
    if (rc == OV_EINVALID) {
        store_pool_release(app->pool, s);
        api_problem(resp, 400, "Bad request", err.message, err.field);
        return 0;
    }
    if (rc == 0) rc = store_public_recommendations(s, today, &f, &list, &err);
    store_pool_release(app->pool, s);
    if (rc != 0) {
        api_problem_from_error(resp, &err);
        return 0;
    }
    json_t *items = json_object_get(list, "items");
    size_t i;
    json_t *r;
    json_array_foreach(items, i, r) {
        char page[64];
        snprintf(page, sizeof page, "/recommendations/%lld", (long long)json_integer_value(json_object_get(r, "id")));
        json_object_set_new(r, "page", json_string(page));
        if (csv) {   /* the themes as one cell: their codes, "; " between */
            buf_t codes = BUF_INIT;
            size_t k;
            json_t *t;
            json_array_foreach(json_object_get(r, "themes"), k, t)
                buf_printf(&codes, "%s%s", k ? "; " : "", json_string_value(json_object_get(t, "code")));
            json_object_set_new(r, "theme_codes", json_string(codes.data ? codes.data : ""));
            buf_free(&codes);
        }
    }
    if (csv) {
        buf_t out = BUF_INIT;
        int bad = write_csv(&out, items);
        json_decref(list);
        if (bad) {
            buf_free(&out);
            api_problem(resp, 500, "Internal error", "the CSV could not be built", NULL);
            return 0;
        }
        size_t len;
        char *body = buf_detach(&out, &len);
        http_response_set(resp, 200, "text/csv; charset=utf-8; header=present", body, len);
        http_response_header(resp, "Content-Disposition", "attachment; filename=\"recommendations.csv\"");
        return 0;
    }
    json_int_t total = json_integer_value(json_object_get(list, "total"));
    json_t *j = json_pack("{s:s, s:I, s:I, s:I, s:b, s:O}", "as_of", today, "count", total, "limit", (json_int_t)limit,
                          "offset", (json_int_t)offset, "more", offset + (long long)json_array_size(items) < total,
                          "recommendations", items);
    json_decref(list);
    api_json(resp, 200, j);
    return 0;
}
