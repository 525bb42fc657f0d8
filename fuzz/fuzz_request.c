/*
 * fuzz_request.c: libFuzzer target for the request path without the
 * network: route matching over the real route table (routes_table), then the
 * JSON body as the handlers read it (api_body_json, api_body_object),
 * checked against every entity descriptor (entity_validate,
 * entity_check_orders) and turned into the problem+json reply a client
 * would get (api_problem_from_error).
 *
 * Input: "METHOD PATH\n" then the body. A path the route table matches has
 * its captures read back; a record path also goes through api_entity_of and
 * api_id_param. Every reply must be complete: the status asked for and a body.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "api/api.h"
#include "routes/routes.h"
#include "api/record.h"
#include "http/http.h"
#include "store/entity.h"

static void reset(http_response_t *resp)
{
    free(resp->body);
    memset(resp, 0, sizeof *resp);
}

/* A problem reply must keep its status and carry a JSON body. */
static void check_problem(http_response_t *resp, int want)
{
    if (resp->status != want || !resp->body || resp->body_len == 0) __builtin_trap();
    json_t *j = json_loadb(resp->body, resp->body_len, 0, NULL);
    if (!j) __builtin_trap();
    json_decref(j);
    reset(resp);
}

static int status_of(int ov)
{
    switch (ov) {
    case OV_EINVALID: return 422;
    case OV_ENOTFOUND: return 404;
    case OV_ECONFLICT: return 409;
    case OV_ESTALE: return 412;
    case OV_EFORBIDDEN: return 403;
    case OV_ETOOBIG: return 413;
    default: return 500;
    }
}

static void fuzz_route(const char *line, size_t n)
{
    char method[16], *path;
    const char *sp = memchr(line, ' ', n);
    if (!sp || (size_t)(sp - line) >= sizeof method) return;
    memcpy(method, line, (size_t)(sp - line));
    method[sp - line] = '\0';
    size_t plen = n - (size_t)(sp + 1 - line);
    path = malloc(plen + 1);
    if (!path) return;
    memcpy(path, sp + 1, plen);
    path[plen] = '\0';

    http_request_t req;
    memset(&req, 0, sizeof req);
    req.method = method;
    req.path = path;
    req.body = "";
    int path_matched = 0;
    const http_route_t *r = http_route_match(routes_table, method, path, &req, &path_matched);
    if (r) {
        if (!path_matched || req.nparams < 0 || req.nparams > HTTP_MAX_PARAMS) __builtin_trap();
        for (int i = 0; i < req.nparams; i++) {
            const char *v = http_request_param(&req, req.params[i].name);
            if (!v || strlen(v) >= HTTP_PARAM_MAX) __builtin_trap();
        }
        if (strncmp(r->pattern, "/api/v1/", 8) == 0 && (r->handler == api_entity_get || r->handler == api_entity_list
                                                         || r->handler == api_entity_create
                                                         || r->handler == api_entity_update)) {
            if (!api_entity_of(&req)) __builtin_trap();   /* the table names only real entities */
            http_response_t resp = {0};
            if (http_request_param(&req, "id") && api_id_param(&req, &resp, "id") < 0) check_problem(&resp, 404);
            reset(&resp);
        }
    } else if (req.nparams != 0) {
        __builtin_trap();
    }
    free(path);
}

static void fuzz_body(const char *body, size_t n)
{
    char *copy = malloc(n + 1);   /* the server NUL-terminates bodies */
    if (!copy) return;
    memcpy(copy, body, n);
    copy[n] = '\0';
    http_request_t req;
    memset(&req, 0, sizeof req);
    req.method = "POST";
    req.path = "/api/v1/inspections";
    req.body = copy;
    req.body_len = n;
    http_response_t resp = {0};

    json_t *j = api_body_json(&req, &resp);
    if (!j) {
        check_problem(&resp, 400);
        free(copy);
        return;
    }
    for (const entity_def_t *e = store_entities; e->name; e++)
        for (int mode = 0; mode < 4; mode++) {
            ov_error_t err = {0};
            int rc = entity_validate(e, j, mode & 1, mode >> 1, &err);
            if (rc == 0) rc = entity_check_orders(e, j, &err);
            if (rc != 0) {
                api_problem_from_error(&resp, &err);
                check_problem(&resp, status_of(rc));
            }
        }
    json_decref(j);

    static const char *const allowed[] = {"username", "password", "reason", "on", NULL};
    json_t *o = api_body_object(&req, &resp, allowed);
    if (o) json_decref(o);
    else if (resp.status != 400 && resp.status != 422) __builtin_trap();
    reset(&resp);
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    const char *nl = memchr(s, '\n', size);
    size_t first = nl ? (size_t)(nl - s) : size;
    fuzz_route(s, first);
    if (nl) fuzz_body(nl + 1, size - first - 1);
    return 0;
}
