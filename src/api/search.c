/*
 * search.c: GET /api/v1/search (docs/search.md): the search of the page
 * /search as JSON (?format=json, the default) or CSV (?format=csv, every
 * result, unpaged). What the caller may find is app/search.h's to decide.
 * A wrong argument is a 400 problem naming it (field).
 */
#include "api/api.h"
#include "app/search.h"
#include "core/buf.h"
#include <string.h>

int api_search(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    if (api_actor(req, resp, &actor) != 0) return 0;
    const char *format = http_request_query(req, "format");
    int csv = format && strcmp(format, "csv") == 0;
    if (format && *format && !csv && strcmp(format, "json") != 0) {
        api_problem(resp, 400, "Bad request", "format must be one of: json, csv", "format");
        return 0;
    }
    app_search_args_t a;
    app_search_args(req, &a);
    json_t *found = NULL;
    ov_error_t err = {0};
    int rc = app_search(app, &actor, &a, csv, &found, &err);
    if (rc == OV_EINVALID) {
        api_problem(resp, 400, "Bad request", err.message, err.field[0] ? err.field : NULL);
        return 0;
    }
    if (rc) {
        api_problem_from_error(resp, &err);
        return 0;
    }
    if (!csv) {
        api_json(resp, 200, found);
        return 0;
    }
    buf_t out = BUF_INIT;
    if (app_search_csv(found, &out) != 0) {
        buf_free(&out);
        json_decref(found);
        api_problem(resp, 500, "Internal error", "out of memory", NULL);
        return 0;
    }
    json_decref(found);
    size_t len;
    char *body = buf_detach(&out, &len);
    http_response_set(resp, 200, "text/csv; charset=utf-8; header=present", body, len);
    http_response_header(resp, "Content-Disposition", "attachment; filename=\"search.csv\"");
    return 0;
}
