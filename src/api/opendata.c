/*
 * opendata.c: GET /api/v1/export (the public record as open data, see
 * store/export.h) and POST /api/v1/imports (a published letter read into a
 * draft by docs/import.h; nothing is written).
 */
#include "api/record.h"
#include "core/roles.h"
#include "docs/import.h"
#include "store/bodies.h"
#include "store/export.h"
#include "store/publication.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* GET /api/v1/export?format=json | ?format=csv&table=NAME. Public: anyone
 * gets the same public record, what the publication rule makes public
 * today (store/publication.h). */
int api_export(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    if (api_actor(req, resp, &actor) != 0) return 0;
    const char *format = http_request_query(req, "format");
    const char *table = http_request_query(req, "table");
    if (!format) format = "json";
    int csv = strcmp(format, "csv") == 0;
    if (!csv && strcmp(format, "json") != 0) {
        api_problem(resp, 400, "Bad request", "format must be json or csv", "format");
        return 0;
    }
    const export_table_t *t = NULL;
    /* a table the publication rule never shows is no table of the public export */
    if (table && (!(t = export_table_find(table)) || store_publication_never(t->name))) {
        buf_t names = BUF_INIT;
        for (const export_table_t *x = export_tables; x->name; x++)
            if (!store_publication_never(x->name)) buf_printf(&names, "%s%s", names.len ? ", " : "", x->name);
        char detail[900];
        snprintf(detail, sizeof detail, "no table '%.64s' in the export; tables: %s", table,
                 names.data ? names.data : "");
        buf_free(&names);
        api_problem(resp, 404, "Not found", detail, "table");
        return 0;
    }
    if (csv && !t) {
        api_problem(resp, 400, "Bad request", "format=csv gives one table: add table=NAME (see GET /api/v1/export)",
                    "table");
        return 0;
    }
    ov_error_t err = {0};
    json_t *data = NULL;
    char today[DATE_TEXT_MAX];
    app_today_text(app, today);
    store_t *s = store_pool_acquire(app->pool);
    int rc = t ? store_export_table(s, t, today, &data, &err) : store_export_tables(s, today, &data, &err);
    store_pool_release(app->pool, s);
    if (rc != 0) {
        api_problem_from_error(resp, &err);
        return 0;
    }
    if (csv) {
        buf_t out = BUF_INIT;
        int bad = export_csv(&out, t, data);
        json_decref(data);
        if (bad) {
            buf_free(&out);
            api_problem(resp, 500, "Internal error", "the CSV could not be built", NULL);
            return 0;
        }
        size_t len;
        char *body = buf_detach(&out, &len);
        http_response_set(resp, 200, "text/csv; charset=utf-8; header=present", body, len);
        char disp[128];
        snprintf(disp, sizeof disp, "attachment; filename=\"%s.csv\"", t->name);
        http_response_header(resp, "Content-Disposition", disp);
        return 0;
    }
    if (t) {
        /* one table as JSON: the same document with just that table */
        json_t *one = json_object();
        json_object_set_new(one, t->name, data);
        data = one;
    }
    char now[32];
    time_t tt = time(NULL);
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    json_t *doc = export_document(now, data);
    if (!doc) api_problem(resp, 500, "Internal error", "the export could not be built", NULL);
    else api_json(resp, 200, doc);
    return 0;
}

/* 1 if the request's Content-Type is text/plain or text/html (any parameters). */
static int text_type(http_request_t *req)
{
    const char *ct = http_request_header(req, "Content-Type");
    if (!ct) return 0;
    while (*ct == ' ') ct++;
    size_t n = strcspn(ct, "; \t");
    return (n == 10 && strncasecmp(ct, "text/plain", 10) == 0) || (n == 9 && strncasecmp(ct, "text/html", 9) == 0);
}

/* POST /api/v1/imports: the text or HTML of a published letter in, the
 * importer's draft out (200). Staff who may record only; never writes. */
int api_imports(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    if (api_require(req, resp, PERM_RECORD, NULL, &actor) != 0) return 0;
    if (!text_type(req)) {
        api_problem(resp, 415, "Unsupported media type",
                    "send the letter as text/plain or text/html (UTF-8) in the request body", "Content-Type");
        return 0;
    }
    if (req->body_len == 0) {
        api_problem(resp, 400, "Bad request", "the request body is empty: send the text of the letter", NULL);
        return 0;
    }
    const char *only = http_request_query(req, "body");
    ov_error_t err = {0};
    json_t *bodies = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_bodies_list(s, &bodies, &err);
    store_pool_release(app->pool, s);
    if (rc != 0) {
        api_problem_from_error(resp, &err);
        return 0;
    }
    size_t n = json_array_size(bodies), k = 0;
    import_body_ref_t *refs = calloc(n ? n : 1, sizeof *refs);
    if (!refs) {
        json_decref(bodies);
        api_problem(resp, 500, "Internal error", "out of memory", NULL);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *b = json_array_get(bodies, i);
        const char *code = json_string_value(json_object_get(b, "code"));
        if (only && strcmp(code, only) != 0) continue;
        refs[k].code = code;
        refs[k].name = json_string_value(json_object_get(b, "name"));
        k++;
    }
    import_result_t *r = NULL;
    json_t *draft = NULL;
    if (only && k == 0) {
        char detail[160];
        snprintf(detail, sizeof detail, "no body with code '%.64s'", only);
        api_problem(resp, 422, "Invalid input", detail, "body");
        goto done;
    }
    rc = import_extract(req->body, req->body_len, refs, k, &r, &err);
    if (rc != 0) {
        api_problem_from_error(resp, &err);
        goto done;
    }
    draft = import_result_to_json(r);
    if (draft && only && !r->body.code) {
        /* the text does not name the body given: take the caller's word, and say so */
        char msg[300];
        snprintf(msg, sizeof msg, "the text does not name %s; body taken from ?body", refs[0].name);
        json_t *b = json_object_get(draft, "body");
        if (b) {
            json_object_set_new(b, "code", json_string(refs[0].code));
            json_object_set_new(b, "name", json_string(refs[0].name));
        }
        json_array_append_new(json_object_get(draft, "warnings"), json_string(msg));
    }
    if (!draft) api_problem(resp, 500, "Internal error", "out of memory", NULL);
    else api_json(resp, 200, draft);
done:
    import_result_free(r);
    free(refs);
    json_decref(bodies);
    return 0;
}
