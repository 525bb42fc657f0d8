/*
 * reports.c: reports that cover many bodies over HTTP (app/reports.h,
 * store/reports.h): list, record, read with each addressee's part side by
 * side; a recommendation added to one; a national body's part changed and
 * closed.
 *
 * Who may: staff who record for every body (PERM_RECORD, no body) record a
 * report and change a national part's status; inspectors and HMCI
 * (PERM_CLOSE) close one (If-Match required on both); staff who record add
 * a recommendation to a report (If-Match on the report's version). Everyone reads a
 * published report; staff also read one not yet published, and each
 * national part's events.
 */
#include "api/api.h"
#include "api/record.h"
#include "app/reports.h"
#include "core/roles.h"
#include "store/reports.h"
#include <stdio.h>
#include <string.h>

static const char *const STATUS_INPUT[] = {"to", "on", "acceptance", "deadline", "note", NULL};
static const char *const CLOSE_INPUT[] = {"on", "outcome", "reason", NULL};

/* today for the public, NULL (everything) for staff. */
static const char *read_day(const app_t *app, const app_actor_t *actor, char today[DATE_TEXT_MAX])
{
    if (app_allowed(actor, PERM_RECORD, NULL)) return NULL;
    app_today_text(app, today);
    return today;
}

int api_reports_list(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    if (api_actor(req, resp, &actor) != 0) return 0;
    char today[DATE_TEXT_MAX];
    ov_error_t err = {0};
    json_t *rows = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_reports_list(s, read_day(app, &actor, today), http_request_query(req, "body"), &rows, &err);
    store_pool_release(app->pool, s);
    if (rc) {
        api_problem_from_error(resp, &err);
        return 0;
    }
    api_json(resp, 200, json_pack("{s:I, s:o}", "count", (json_int_t)json_array_size(rows), "reports", rows));
    return 0;
}

static void reply_report(http_response_t *resp, int status, json_t *report)
{
    long long id = json_integer_value(json_object_get(report, "id"));
    long long version = json_integer_value(json_object_get(report, "version"));
    api_json(resp, status, report);
    if (version > 0) api_etag(resp, version);
    if (status == 201) {
        char loc[64];
        snprintf(loc, sizeof loc, "/api/v1/reports/%lld", id);
        http_response_header(resp, "Location", loc);
    }
}

int api_report_create(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    if (api_actor(req, resp, &actor) != 0) return 0;
    if (!app_allowed(&actor, PERM_RECORD, NULL)) {
        api_deny(resp, &actor, "record reports covering many bodies");
        return 0;
    }
    /* lists and objects inside: the fields are checked by app_report_check */
    json_t *in = api_body_json(req, resp);
    if (!in) return 0;
    ov_error_t err = {0};
    json_t *report = NULL;
    long long id = 0;
    store_t *s = store_pool_acquire(app->pool);
    int rc = app_report_create(s, in, actor.username, &id, &err);
    if (rc == 0) rc = store_report_get(s, id, NULL, &report, &err);
    store_pool_release(app->pool, s);
    json_decref(in);
    if (rc) api_problem_from_error(resp, &err);
    else reply_report(resp, 201, report);
    return 0;
}

int api_report_get(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    long long id = api_id_actor(req, resp, &actor);
    if (id < 0) return 0;
    char today[DATE_TEXT_MAX];
    ov_error_t err = {0};
    json_t *report = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_report_get(s, id, read_day(app, &actor, today), &report, &err);
    store_pool_release(app->pool, s);
    if (rc) api_problem_from_error(resp, &err);
    else reply_report(resp, 200, report);
    return 0;
}

/* POST /api/v1/reports/{id}/recommendations: one more recommendation of a
 * recorded report, a part for each addressee; If-Match on the report's
 * version. 201: the recommendation as the report lists it (with its
 * parts), report_id and report_version; ETag the report's new version;
 * Location the report. */
int api_report_recommendation_add(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    long long id = api_id_actor(req, resp, &actor);
    if (id < 0) return 0;
    if (!app_allowed(&actor, PERM_RECORD, NULL)) {
        api_deny(resp, &actor, "add recommendations to reports covering many bodies");
        return 0;
    }
    long long expected = api_if_match_required(req, resp);
    if (expected < 0) return 0;
    /* addressees is a list: the fields are checked by app_report_recommendation_add */
    json_t *in = api_body_json(req, resp);
    if (!in) return 0;
    ov_error_t err = {0};
    json_t *report = NULL, *added = NULL;
    long long sid = 0;
    store_t *s = store_pool_acquire(app->pool);
    int rc = app_report_recommendation_add(s, id, expected, in, actor.username, &sid, &err);
    if (rc == 0) rc = store_report_get(s, id, NULL, &report, &err);
    store_pool_release(app->pool, s);
    json_decref(in);
    if (rc) {
        api_problem_from_error(resp, &err);
        return 0;
    }
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(report, "recommendations"), i, r)
        if (json_integer_value(json_object_get(r, "id")) == sid) added = json_incref(r);
    long long version = json_integer_value(json_object_get(report, "version"));
    json_decref(report);
    if (!added) {
        api_problem_http(resp, 500, "Internal error", "the recommendation added could not be read back");
        return 0;
    }
    json_object_set_new(added, "report_id", json_integer(id));
    json_object_set_new(added, "report_version", json_integer(version));
    api_json(resp, 201, added);
    api_etag(resp, version);
    char loc[64];
    snprintf(loc, sizeof loc, "/api/v1/reports/%lld", id);
    http_response_header(resp, "Location", loc);
    return 0;
}

/* POST /api/v1/national-parts/{id}/status (closing 0) and /close (1). */
static int part_change(http_request_t *req, http_response_t *resp, int closing)
{
    app_t *app = req->app;
    app_actor_t actor;
    long long id = api_id_actor(req, resp, &actor);
    if (id < 0) return 0;
    if (!app_allowed(&actor, closing ? PERM_CLOSE : PERM_RECORD, NULL)) {
        api_deny(resp, &actor, closing ? "close a national body's part" : "change a national body's part");
        return 0;
    }
    long long expected = api_if_match_required(req, resp);
    if (expected < 0) return 0;
    json_t *in = api_body_object(req, resp, closing ? CLOSE_INPUT : STATUS_INPUT);
    if (!in) return 0;
    ov_error_t err = {0};
    json_t *part = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = app_national_part_change(s, id, expected, in, closing, actor.username, &err);
    if (rc == 0) rc = store_national_part_get(s, id, NULL, &part, &err);
    store_pool_release(app->pool, s);
    json_decref(in);
    if (rc) {
        api_problem_from_error(resp, &err);
        return 0;
    }
    long long version = json_integer_value(json_object_get(part, "version"));
    json_object_del(part, "report_published_on");
    api_json(resp, 200, part);
    api_etag(resp, version);
    return 0;
}

int api_national_part_status(http_request_t *req, http_response_t *resp)
{
    return part_change(req, resp, 0);
}

int api_national_part_close(http_request_t *req, http_response_t *resp)
{
    return part_change(req, resp, 1);
}
