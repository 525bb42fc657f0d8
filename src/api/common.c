/*
 * common.c: what every JSON handler uses: problem bodies, JSON bodies in and
 * out, versions (ETag/If-Match).
 */
#include "api/api.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROBLEM_TYPE "application/problem+json"

void api_json(http_response_t *resp, int status, json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(j);
    if (!s) {
        http_response_set(resp, 500, "text/plain", NULL, 0);
        return;
    }
    http_response_set(resp, status, status >= 400 ? PROBLEM_TYPE : "application/json", s, strlen(s));
}

/* s as a JSON string. Invalid UTF-8 (bad input echoed back, or a message
 * cut mid-character) makes json_string fail and would lose the whole reply,
 * so its non-ASCII bytes become '?' instead. NULL only on ENOMEM. */
static json_t *problem_text(const char *s)
{
    json_t *v = json_string(s);
    if (v) return v;
    char *copy = strdup(s);
    if (!copy) return NULL;
    for (char *c = copy; *c; c++)
        if ((unsigned char)*c >= 0x80) *c = '?';
    v = json_string(copy);
    free(copy);
    return v;
}

void api_problem(http_response_t *resp, int status, const char *title, const char *detail, const char *field)
{
    json_t *p = json_pack("{s:s, s:s, s:i, s:o}", "type", "about:blank", "title", title, "status", status,
                          "detail", problem_text(detail ? detail : ""));
    if (p && field && *field) json_object_set_new(p, "field", problem_text(field));
    api_json(resp, status, p);
}

void api_problem_http(http_response_t *resp, int status, const char *title, const char *detail)
{
    api_problem(resp, status, title, detail, NULL);
}

void api_problem_from_error(http_response_t *resp, const ov_error_t *err)
{
    int status;
    const char *title;
    switch (err->status) {
    case OV_EINVALID: status = 422; title = "Invalid input"; break;
    case OV_ENOTFOUND: status = 404; title = "Not found"; break;
    case OV_ECONFLICT: status = 409; title = "Conflict"; break;
    case OV_ESTALE: status = 412; title = "Precondition failed"; break;
    case OV_EFORBIDDEN: status = 403; title = "Forbidden"; break;
    case OV_ETOOBIG: status = 413; title = "Too large"; break;
    default: status = 500; title = "Internal error";
    }
    if (status == 500) {
        /* the engine's or the system's own words stay in the server's log */
        fprintf(stderr, "internal error: %s\n", err->message);
        api_problem(resp, 500, title, "the server could not complete this request; try again later", NULL);
        return;
    }
    if (!err->rule) {
        api_problem(resp, status, title, err->message, err->field);
        return;
    }
    /* a named rule refused: a problem type of its own, so clients can tell
     * it from a role's 403 or a state's 409 without reading the detail */
    char type[96], rule_title[80];
    snprintf(type, sizeof type, "%s%s", API_RULE_TYPE_PREFIX, err->rule);
    snprintf(rule_title, sizeof rule_title, "%s rule", err->rule);
    if (rule_title[0] >= 'a' && rule_title[0] <= 'z') rule_title[0] = (char)(rule_title[0] - 'a' + 'A');
    json_t *p = json_pack("{s:s, s:s, s:i, s:o, s:s}", "type", type, "title", rule_title, "status", status, "detail",
                          problem_text(err->message), "rule", err->rule);
    if (p && err->field[0]) json_object_set_new(p, "field", problem_text(err->field));
    api_json(resp, status, p);
}

json_t *api_body_json(http_request_t *req, http_response_t *resp)
{
    json_error_t je;
    if (req->body_len == 0) {
        api_problem(resp, 400, "Bad request", "a JSON object is required in the request body", NULL);
        return NULL;
    }
    json_t *j = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &je);
    if (!j) {
        char detail[300];
        snprintf(detail, sizeof detail, "the body is not valid JSON: %s (line %d, column %d)", je.text, je.line, je.column);
        api_problem(resp, 400, "Bad request", detail, NULL);
        return NULL;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        api_problem(resp, 400, "Bad request", "the body must be a JSON object", NULL);
        return NULL;
    }
    return j;
}

json_t *api_body_object(http_request_t *req, http_response_t *resp, const char *const *allowed)
{
    json_t *j = api_body_json(req, resp);
    if (!j) return NULL;
    const char *key;
    json_t *v;
    json_object_foreach(j, key, v) {
        int known = 0;
        for (int i = 0; allowed && allowed[i]; i++)
            if (strcmp(allowed[i], key) == 0) known = 1;
        char detail[300];
        if (!known) {
            snprintf(detail, sizeof detail, "unknown field '%.100s'", key);
            api_problem(resp, 422, "Invalid input", detail, key);
            json_decref(j);
            return NULL;
        }
        if (!json_is_string(v) && !json_is_null(v)) {
            snprintf(detail, sizeof detail, "field '%.100s' must be a string", key);
            api_problem(resp, 422, "Invalid input", detail, key);
            json_decref(j);
            return NULL;
        }
    }
    return j;
}

long long api_if_match(http_request_t *req, http_response_t *resp)
{
    const char *h = http_request_header(req, "If-Match");
    if (!h) return -1;
    const char *p = h;
    if (strncmp(p, "W/", 2) == 0) p += 2;
    if (*p == '"') p++;
    char *end = NULL;
    long long v = (*p == 'v') ? strtoll(p + 1, &end, 10) : -1;
    if (v < 0 || !end || (*end != '"' && *end != '\0') || end == p + 1) {
        api_problem(resp, 400, "Bad request", "If-Match must be an ETag this API gave, such as \"v3\"", "If-Match");
        return -2;
    }
    return v;
}

void api_etag(http_response_t *resp, long long version)
{
    char tag[40];
    snprintf(tag, sizeof tag, "\"v%lld\"", version);
    http_response_header(resp, "ETag", tag);
}

int api_query_count(http_request_t *req, http_response_t *resp, const char *name, long long lo, long long hi,
                    long long *n)
{
    const char *s = http_request_query(req, name);
    if (!s) return 0;
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v < lo || v > hi) {
        char detail[160];
        snprintf(detail, sizeof detail, "%s must be a whole number from %lld to %lld", name, lo, hi);
        api_problem(resp, 400, "Bad request", detail, name);
        return -1;
    }
    *n = v;
    return 0;
}

int api_query_page(http_request_t *req, http_response_t *resp, long long max, long long *limit, long long *offset)
{
    *offset = 0;
    return api_query_count(req, resp, "limit", 1, max, limit) != 0
                   || api_query_count(req, resp, "offset", 0, 1000000, offset) != 0
               ? -1
               : 0;
}
