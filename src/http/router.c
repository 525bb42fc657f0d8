/*
 * router.c: matching paths against the route table, and reading the
 * captures a match filled in.
 */
#include "http/http.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Matches one pattern; captures (name and value) go to req. */
static int match_pattern(const char *pattern, const char *path, http_request_t *req)
{
    req->nparams = 0;
    const char *p = pattern, *s = path;
    while (*p && *s) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            if (!close || req->nparams >= HTTP_MAX_PARAMS) return 0;
            size_t n = strcspn(s, "/");
            if (n == 0 || n >= HTTP_PARAM_MAX) return 0;
            size_t k = (size_t)(close - p - 1);   /* the capture's name, cut to fit as snprintf would */
            if (k >= sizeof req->params[0].name) k = sizeof req->params[0].name - 1;
            memcpy(req->params[req->nparams].name, p + 1, k);
            req->params[req->nparams].name[k] = '\0';
            memcpy(req->params[req->nparams].value, s, n);
            req->params[req->nparams].value[n] = '\0';
            req->nparams++;
            p = close + 1;
            s += n;
            continue;
        }
        if (*p != *s) return 0;
        p++;
        s++;
    }
    return *p == '\0' && *s == '\0';
}

const http_route_t *http_route_match(const http_route_t *routes, const char *method,
                                     const char *path, http_request_t *req, int *path_matched)
{
    *path_matched = 0;
    for (const http_route_t *r = routes; r->pattern; r++) {
        if (!match_pattern(r->pattern, path, req)) continue;
        *path_matched = 1;
        if (strcmp(r->method, method) == 0 || (strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0)) {
            return r;
        }
    }
    req->nparams = 0;
    return NULL;
}

int http_route_fill(const http_route_t *route, const char *path, http_request_t *req)
{
    if (match_pattern(route->pattern, path, req)) return 1;
    req->nparams = 0;
    return 0;
}

const char *http_request_param(const http_request_t *req, const char *name)
{
    for (int i = 0; i < req->nparams; i++)
        if (strcmp(req->params[i].name, name) == 0) return req->params[i].value;
    return NULL;
}

long long http_request_param_id(const http_request_t *req, const char *name)
{
    const char *s = http_request_param(req, name);
    char *end = NULL;
    long long id = s ? strtoll(s, &end, 10) : 0;
    return s && *s && end && !*end && id > 0 ? id : 0;
}

void http_response_drop_body(http_response_t *resp)
{
    if (resp->body_release) resp->body_release(resp->body_release_cls);   /* borrowed */
    else free(resp->body);                                              /* owned */
    resp->body = NULL;
    resp->body_len = 0;
    resp->body_release = NULL;
    resp->body_release_cls = NULL;
    resp->prepared = NULL;   /* kept valid only by the reference just given back */
}

void http_response_set_shared(http_response_t *resp, int status, const char *type, const char *body, size_t len,
                              http_body_release_fn release, void *cls)
{
    http_response_drop_body(resp);
    if (!body && release) {   /* nothing to send: give the reference back now */
        release(cls);
        release = NULL;
        cls = NULL;
    }
    resp->status = status;
    resp->content_type = type;
    resp->body = (char *)body;   /* borrowed: never written, never freed here */
    resp->body_len = body ? len : 0;
    resp->body_release = release;
    resp->body_release_cls = cls;
}

void http_response_set(http_response_t *resp, int status, const char *type, char *body, size_t len)
{
    http_response_drop_body(resp);
    resp->status = status;
    resp->content_type = type;
    resp->body = body;
    resp->body_len = body ? len : 0;
}

int http_response_header(http_response_t *resp, const char *name, const char *value)
{
    if (resp->nheaders >= HTTP_MAX_HEADERS || strlen(name) >= sizeof resp->headers[0].name
        || strlen(value) >= sizeof resp->headers[0].value)
        return -1;
    snprintf(resp->headers[resp->nheaders].name, sizeof resp->headers[0].name, "%s", name);
    snprintf(resp->headers[resp->nheaders].value, sizeof resp->headers[0].value, "%s", value);
    resp->nheaders++;
    return 0;
}

/* The q of one media range ("type/sub;q=0.5;x=y", length n): 1000 when
 * absent, 0..1000 in thousandths. */
static int accept_q(const char *range, size_t n)
{
    const char *p = range, *end = range + n;
    while ((p = memchr(p, ';', (size_t)(end - p))) != NULL) {
        p++;
        while (p < end && (*p == ' ' || *p == '\t')) p++;
        if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
            p += 2;
            int q = 0, scale = 1000;
            if (p < end && *p == '1') return 1000;
            if (p < end && *p == '0') p++;
            if (p < end && *p == '.') {
                p++;
                for (int i = 0; i < 3 && p < end && *p >= '0' && *p <= '9'; i++, p++) {
                    scale /= 10;
                    q += (*p - '0') * scale;
                }
            }
            return q;
        }
    }
    return 1000;
}

int http_prefers_html(const char *accept)
{
    if (!accept) return 0;
    int html = 0, json = 0;
    const char *p = accept;
    while (*p) {
        size_t n = strcspn(p, ",");
        const char *t = p;
        while (t < p + n && (*t == ' ' || *t == '\t')) t++;
        size_t tn = strcspn(t, ";,");
        while (tn > 0 && (t[tn - 1] == ' ' || t[tn - 1] == '\t')) tn--;
        int q = accept_q(p, n);
#define IS(s) (tn == sizeof(s) - 1 && strncasecmp(t, s, tn) == 0)
        if (IS("text/html") || IS("application/xhtml+xml")) html = q > html ? q : html;
        else if (IS("application/json") || IS("application/problem+json") || IS("application/*"))
            json = q > json ? q : json;
#undef IS
        p += n;
        if (*p == ',') p++;
    }
    return html > 0 && html >= json;
}
