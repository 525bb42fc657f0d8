/*
 * page_reports.c: the pages of reports that cover many bodies
 * (page_reports.h). The public reads a published report; staff (who read
 * every body's record) also one not yet published, and the changes to
 * each national body's part.
 */
#include "web/page_reports.h"
#include "web/page.h"
#include "core/roles.h"
#include "store/reports.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* today for the public, NULL for staff (store/reports.h). */
static const char *read_day(const app_t *app, const app_actor_t *actor, char today[DATE_TEXT_MAX])
{
    if (web_is_staff(actor)) return NULL;
    app_today_text(app, today);
    return today;
}

static const char *kind_words(const char *kind)
{
    if (kind && strcmp(kind, "national") == 0) return "National report";
    if (kind && strcmp(kind, "joint") == 0) return "Joint inspection";
    return "Thematic inspection";
}

static const char *coverage_words(const char *coverage)
{
    if (!coverage) return "";
    if (strcmp(coverage, "all_police") == 0) return "All police forces";
    if (strcmp(coverage, "all_fire") == 0) return "All fire and rescue services";
    if (strcmp(coverage, "all") == 0) return "All police forces and fire and rescue services";
    return "Several bodies";
}

int web_page_reports(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    web_actor(req, &actor);
    const char *body = http_request_query(req, "body");
    if (body && !*body) body = NULL;
    char today[DATE_TEXT_MAX];
    ov_error_t err = {0};
    json_t *rows = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_reports_list(s, read_day(app, &actor, today), body, &rows, &err);
    store_pool_release(app->pool, s);
    if (rc) {
        web_error_store(req, resp, &err, &actor);
        return 0;
    }
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        web_date_field(r, "published_on");
        json_object_set_new(r, "kind_text", json_string(kind_words(web_str(r, "kind"))));
    }
    json_t *ctx = json_pack("{s:o, s:b}", "reports", rows, "any", json_array_size(rows) > 0);
    if (body) json_object_set_new(ctx, "body", json_string(body));
    if (app_allowed(&actor, PERM_RECORD, NULL)) json_object_set_new(ctx, "may_record", json_true());
    web_render(req, resp, 200, "reports", "Reports covering many bodies", &actor, ctx);
    return 0;
}

/* The words and tag of a part's state: its status, or how it was closed;
 * for a national part still open, the forms actor may use. */
static void part_view(json_t *p, const app_actor_t *actor)
{
    const char *status = web_str(p, "status"), *lifecycle = web_str(p, "lifecycle");
    const char *outcome = web_str(json_object_get(p, "closure"), "outcome");
    const char *state = status ? status : "open", *text = "Open";
    if (lifecycle && strcmp(lifecycle, "superseded") == 0) state = "superseded", text = "Superseded";
    else if (lifecycle && strcmp(lifecycle, "withdrawn") == 0) state = "withdrawn", text = "Withdrawn";
    else if (strcmp(state, "closed") == 0 && outcome && strcmp(outcome, "implemented") == 0)
        state = "closed_implemented", text = "Closed \u2013 implemented";
    else if (strcmp(state, "closed") == 0 && outcome && strcmp(outcome, "not_implemented") == 0)
        state = "closed_not_implemented", text = "Closed \u2013 not implemented";
    else if (strcmp(state, "closed") == 0) text = "Closed";
    else if (strcmp(state, "in_progress") == 0) text = "In progress";
    else if (strcmp(state, "implemented") == 0) text = "Implemented (claimed)";
    json_object_set_new(p, "public_status", json_string(state));
    json_object_set_new(p, "public_status_text", json_string(text));
    const char *acc = web_str(p, "acceptance");
    json_object_set_new(p, "acceptance_text",
                        json_string(acc && strcmp(acc, "accepted") == 0       ? "Accepted"
                                    : acc && strcmp(acc, "not_accepted") == 0 ? "Not accepted"
                                                                              : "Not yet known"));
    json_object_set_new(p, "national", json_boolean(strcmp(web_str(p, "kind") ? web_str(p, "kind") : "", "national") == 0));
    web_date_field(p, "deadline");
    int changeable = json_is_true(json_object_get(p, "national")) && strcmp(status ? status : "open", "closed") != 0
                     && !(lifecycle && (strcmp(lifecycle, "superseded") == 0 || strcmp(lifecycle, "withdrawn") == 0));
    if (changeable && app_allowed(actor, PERM_RECORD, NULL)) json_object_set_new(p, "may_change", json_true());
    if (changeable && app_allowed(actor, PERM_CLOSE, NULL)) json_object_set_new(p, "may_close", json_true());
    json_t *closure = json_object_get(p, "closure");
    if (json_is_object(closure)) web_date_field(closure, "closed_on");
    json_t *e;
    size_t i;
    json_array_foreach(json_object_get(p, "events"), i, e) web_date_field(e, "on_date");
}

int web_page_report(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    web_actor(req, &actor);
    long long id = http_request_param_id(req, "id");
    if (!id) {
        web_error(req, resp, 404, "Page not found", "There is no such report.", &actor);
        return 0;
    }
    char today[DATE_TEXT_MAX];
    ov_error_t err = {0};
    json_t *rep = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_report_get(s, id, read_day(app, &actor, today), &rep, &err);
    store_pool_release(app->pool, s);
    if (rc) {
        if (err.status == OV_ENOTFOUND) web_error(req, resp, 404, "Page not found", "There is no such report.", &actor);
        else web_error_store(req, resp, &err, &actor);
        return 0;
    }
    char title[600];
    snprintf(title, sizeof title, "%s", web_str(rep, "title") ? web_str(rep, "title") : "Report");
    json_object_set_new(rep, "kind_text", json_string(kind_words(web_str(rep, "kind"))));
    json_object_set_new(rep, "coverage_text", json_string(coverage_words(web_str(rep, "coverage"))));
    web_date_field(rep, "published_on");
    size_t i, j;
    json_t *r, *p;
    json_array_foreach(json_object_get(rep, "recommendations"), i, r) {
        web_date_field(r, "original_deadline");
        json_array_foreach(json_object_get(r, "parts"), j, p) part_view(p, &actor);
    }
    json_object_set_new(rep, "staff", json_boolean(web_is_staff(&actor)));
    if (app_allowed(&actor, PERM_RECORD, NULL)) json_object_set_new(rep, "may_add", json_true());
    /* the banner after a form: the report recorded, or a recommendation added */
    char banner[300] = "";
    long long added = http_request_query(req, "added") ? strtoll(http_request_query(req, "added"), NULL, 10) : 0;
    json_array_foreach(json_object_get(rep, "recommendations"), i, r)
        if (added > 0 && json_integer_value(json_object_get(r, "id")) == added)
            snprintf(banner, sizeof banner, "Recommendation %s is added, with a part for each of its %zu addressees.",
                     web_str(r, "number") ? web_str(r, "number") : "", json_array_size(json_object_get(r, "parts")));
    if (http_request_query(req, "recorded"))
        snprintf(banner, sizeof banner, "The report is recorded, with %zu recommendations and %zu bodies covered.",
                 json_array_size(json_object_get(rep, "recommendations")), json_array_size(json_object_get(rep, "bodies")));
    if (*banner && web_is_staff(&actor)) json_object_set_new(rep, "banner", json_string(banner));
    web_render(req, resp, 200, "report", title, &actor, json_pack("{s:o}", "report", rep));
    return 0;
}
