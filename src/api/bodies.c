/*
 * bodies.c: /api/v1/bodies: the status of every body, one body's phase
 * history, and phase-change decisions.
 */
#include "api/api.h"
#include "store/bodies.h"
#include "store/body_rows.h"
#include "core/buf.h"
#include "core/body.h"
#include "core/roles.h"
#include "core/jget.h"
#include <stdio.h>
#include <string.h>

/* The status of every body, or with ?phase=CODE and/or ?kind=police|fire
 * only those; ?limit (at most 10,000) and ?offset page it ("limit",
 * "offset" and "more" then say where the page is). "count" is the number
 * of all bodies that match. */
int api_bodies_list(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    const char *phase = http_request_query(req, "phase"), *kind = http_request_query(req, "kind");
    if (kind && !body_kind_known(kind)) {
        api_problem(resp, 400, "Bad request", "kind must be 'police', 'fire' or 'national'", "kind");
        return 0;
    }
    long long limit = -1, offset = 0;
    if (api_query_page(req, resp, 10000, &limit, &offset) != 0) return 0;
    int paged = http_request_query(req, "limit") != NULL;
    ov_error_t err = {0};
    json_t *rows = NULL;
    long long total = 0;
    store_t *s = store_pool_acquire(app->pool);
    int rc = 0;
    if (phase) {
        phase_model_t m;
        rc = store_phase_model(s, &m, &err);
        if (rc == 0 && !phase_find(&m, phase)) {
            char known[PHASE_MAX * (PHASE_CODE_MAX + 2)] = "";
            for (int i = 0; i < m.nphases; i++) {
                strcat(known, i ? ", " : "");
                strcat(known, m.phases[i].code);
            }
            rc = ov_error_set(&err, OV_EINVALID, "phase", "phase '%.32s' is not one of %s", phase, known);
        }
    }
    if (rc == 0) rc = store_bodies_page(s, phase, kind, limit, offset, &rows, &total, &err);
    store_pool_release(app->pool, s);
    if (rc == OV_EINVALID) {
        api_problem(resp, 400, "Bad request", err.message, err.field);
        return 0;
    }
    if (rc != 0) { api_problem_from_error(resp, &err); return 0; }
    json_t *j = json_pack("{s:I, s:o}", "count", (json_int_t)total, "bodies", rows);
    if (paged) {
        json_object_set_new(j, "limit", json_integer(limit));
        json_object_set_new(j, "offset", json_integer(offset));
        json_object_set_new(j, "more", json_boolean(offset + (long long)json_array_size(rows) < total));
    }
    api_json(resp, 200, j);
    return 0;
}

/* Whether kept row i passes ?phase and ?kind (NULL: any). */
static int row_shown(const store_body_rows_t *rows, size_t i, const char *phase, const char *kind)
{
    return (!phase || strcmp(store_body_rows_phase(rows, i), phase) == 0)
           && (!kind || strcmp(store_body_rows_kind(rows, i), kind) == 0);
}

/* api_bodies_list at the whole-record generation gen, from the rows kept
 * row by row (store/body_rows.h): after a write to one body only its row
 * is read again. The same bytes as api_bodies_list, which answers what
 * this does not (national bodies, an unknown phase: its 400). The header
 * X-Rows-Read says how many rows were read from the database for it, of
 * how many ("1/43"). */
int api_bodies_list_at(http_request_t *req, http_response_t *resp, const char *gen)
{
    app_t *app = req->app;
    const char *phase = http_request_query(req, "phase"), *kind = http_request_query(req, "kind");
    if (kind && (!body_kind_known(kind) || strcmp(kind, BODY_KIND_NATIONAL) == 0)) return api_bodies_list(req, resp);
    long long limit = -1, offset = 0;
    if (api_query_page(req, resp, 10000, &limit, &offset) != 0) return 0;
    int paged = http_request_query(req, "limit") != NULL;
    ov_error_t err = {0};
    store_body_rows_t *rows = NULL;
    size_t read = 0;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_body_rows_at(s, gen, &rows, &read, &err);
    store_pool_release(app->pool, s);
    if (rc != 0) {
        api_problem_from_error(resp, &err);
        return 0;
    }
    if (phase && !store_body_rows_knows_phase(rows, phase)) {
        store_body_rows_release(rows);
        return api_bodies_list(req, resp);
    }
    /* as api_json writes {"count", "bodies", then the page's place} */
    size_t n = store_body_rows_count(rows);
    long long total = 0, shown = 0;
    for (size_t i = 0; i < n; i++) total += row_shown(rows, i, phase, kind);
    buf_t out = BUF_INIT;
    buf_printf(&out, "{\"count\":%lld,\"bodies\":[", total);
    long long pos = 0;
    for (size_t i = 0; i < n; i++) {
        if (!row_shown(rows, i, phase, kind)) continue;
        if (pos++ < offset || (limit >= 0 && pos > offset + limit)) continue;
        size_t len;
        const char *row = store_body_rows_json(rows, i, &len);
        if (shown++) buf_putc(&out, ',');
        buf_append(&out, row, len);
    }
    buf_putc(&out, ']');
    if (paged)
        buf_printf(&out, ",\"limit\":%lld,\"offset\":%lld,\"more\":%s", limit, offset,
                   offset + shown < total ? "true" : "false");
    buf_putc(&out, '}');
    char counted[48];
    snprintf(counted, sizeof counted, "%zu/%zu", read, n);
    store_body_rows_release(rows);
    size_t len = 0;
    char *text = out.failed ? NULL : buf_detach(&out, &len);
    buf_free(&out);
    if (!text) {
        api_problem(resp, 500, "Internal error", "the bodies list could not be written", NULL);
        return 0;
    }
    http_response_set(resp, 200, "application/json", text, len);
    http_response_header(resp, "X-Rows-Read", counted);
    return 0;
}

int api_body_get(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    ov_error_t err = {0};
    json_t *body = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_body_get(s, http_request_param(req, "code"), &body, &err);
    store_pool_release(app->pool, s);
    if (rc != 0) { api_problem_from_error(resp, &err); return 0; }
    long long version = json_integer_value(json_object_get(body, "version"));
    api_json(resp, 200, body);
    api_etag(resp, version);
    return 0;
}

int api_decision_create(http_request_t *req, http_response_t *resp)
{
    static const char *const fields[] = {"to_phase", "recommended_by", "decided_by", "decided_on",
                                         "effective_on", "rationale", "meeting", "source_url", NULL};
    app_t *app = req->app;
    const char *code = http_request_param(req, "code");
    app_actor_t actor;
    if (api_require(req, resp, PERM_DECIDE, code, &actor) != 0) return 0;
    long long expected = api_if_match(req, resp);
    if (expected == -2) return 0;
    json_t *in = api_body_object(req, resp, fields);
    if (!in) return 0;
    decision_input_t d = {
        .to_phase = jget_str(in, "to_phase"), .recommended_by = jget_str(in, "recommended_by"),
        .decided_by = jget_str(in, "decided_by"), .decided_on = jget_str(in, "decided_on"),
        .effective_on = jget_str(in, "effective_on"), .rationale = jget_str(in, "rationale"),
        .meeting = jget_str(in, "meeting"), .source_url = jget_str(in, "source_url"),
        .actor_role = actor.role,
    };
    odate_t today = app_today(app);
    ov_error_t err = {0};
    json_t *created = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_decision_record(s, code, &d, &today, expected, &created, &err);
    store_pool_release(app->pool, s);
    json_decref(in);
    if (rc != 0) { api_problem_from_error(resp, &err); return 0; }
    long long version = json_integer_value(json_object_get(created, "body_version"));
    api_json(resp, 201, created);
    char loc[HTTP_PARAM_MAX + 32];
    snprintf(loc, sizeof loc, "/api/v1/bodies/%s", code);
    http_response_header(resp, "Location", loc);
    api_etag(resp, version);
    return 0;
}
