/*
 * corrections.c: POST /api/v1/corrections and GET /api/v1/corrections:
 * correct, never rewrite (issue #17, store/corrections.h). A phase
 * decision is corrected or withdrawn by HMCI (who decides), a closure of a
 * recommendation or a cause of concern by an inspector (who closes). One
 * step, as every API action; the forms add a check page.
 */
#include "api/record.h"
#include "core/buf.h"
#include "core/jget.h"
#include "core/roles.h"
#include "store/corrections.h"
#include "store/publication.h"
#include "store/work.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The permission that corrects an item of entity. */
static int permission(const char *entity)
{
    return strcmp(entity, "decisions") == 0 ? PERM_DECIDE : PERM_CLOSE;
}

int api_correction_create(http_request_t *req, http_response_t *resp)
{
    static const char *const allowed[] = {"entity", "id", "kind", "text", "reason", "corrected_on", NULL};
    app_t *app = req->app;
    app_actor_t actor;
    if (api_actor(req, resp, &actor) != 0) return 0;
    if (actor.user_id == 0) {
        api_deny(resp, &actor, "record a correction");
        return 0;
    }
    json_t *in = api_body_json(req, resp);
    if (!in) return 0;
    const char *key;
    json_t *mv;
    json_object_foreach(in, key, mv) {
        int known = 0;
        for (int i = 0; allowed[i]; i++) known |= strcmp(allowed[i], key) == 0;
        int ok = strcmp(key, "id") == 0 ? json_is_integer(mv) : json_is_string(mv) || json_is_null(mv);
        if (!known || !ok) {
            char detail[160];
            snprintf(detail, sizeof detail, known ? "%.60s must be %s" : "unknown field '%.60s'", key,
                     strcmp(key, "id") == 0 ? "an integer" : "a string");
            api_problem(resp, 422, "Invalid input", detail, key);
            json_decref(in);
            return 0;
        }
    }
    const char *entity = jget_str(in, "entity");
    const json_t *idv = json_object_get(in, "id");
    if (!entity || !store_correction_table(entity)) {
        api_problem(resp, 422, "Invalid input", "entity must be decisions, recommendations or causes-of-concern",
                    "entity");
        json_decref(in);
        return 0;
    }
    if (!json_is_integer(idv) || json_integer_value(idv) <= 0) {
        api_problem(resp, 422, "Invalid input", "id must be the positive integer id of the item corrected", "id");
        json_decref(in);
        return 0;
    }
    long long id = json_integer_value(idv), new_id = 0;
    ov_error_t err = {0};
    char body[64];
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_correction_body(s, entity, id, body, &err);
    if (rc == 0 && !app_allowed(&actor, PERM_READ_RECORD, body) && strcmp(entity, "decisions") != 0) {
        store_pool_release(app->pool, s);
        api_deny(resp, &actor, "see this");
        json_decref(in);
        return 0;
    }
    if (rc == 0 && !app_allowed(&actor, permission(entity), body)) {
        store_pool_release(app->pool, s);
        api_deny(resp, &actor, strcmp(entity, "decisions") == 0 ? "correct a phase decision (HMCI only)"
                                                                 : "correct a closure (inspectors only)");
        json_decref(in);
        return 0;
    }
    json_t *errors = json_object(), *row = NULL;
    if (rc == 0) {
        correction_input_t c = {.entity = entity, .id = id, .kind = jget_str(in, "kind"), .text = jget_str(in, "text"),
                                .reason = jget_str(in, "reason"), .corrected_on = jget_str(in, "corrected_on"),
                                .by = actor.username};
        rc = store_correction_add(s, &c, errors, &new_id, &err);
    }
    if (rc == 0) {
        json_t *all = NULL;
        rc = store_corrections_of(s, store_correction_table(entity), id, &all, &err);
        size_t i;
        json_t *x;
        json_array_foreach(all, i, x)
            if (json_integer_value(json_object_get(x, "id")) == new_id) row = json_incref(x);
        json_decref(all);
    }
    store_pool_release(app->pool, s);
    if (rc == OV_EINVALID && json_object_size(errors) > 1) {
        /* every field's problem at once */
        json_t *list = json_array();
        buf_t detail = BUF_INIT;
        const char *key, *first = NULL;
        json_t *v;
        json_object_foreach(errors, key, v) {
            if (!first) first = key;
            json_array_append_new(list, json_pack("{s:s, s:s}", "field", key, "detail", json_string_value(v)));
            buf_printf(&detail, "%s%s", detail.len ? "; " : "", json_string_value(v));
        }
        api_json(resp, 422, json_pack("{s:s, s:s, s:i, s:s, s:s, s:o}", "type", "about:blank", "title",
                                      "Invalid input", "status", 422, "detail", detail.data ? detail.data : "",
                                      "field", first, "errors", list));
        buf_free(&detail);
    } else if (rc) {
        api_problem_from_error(resp, &err);
    } else {
        json_object_set_new(row, "entity", json_string(entity));
        json_object_set_new(row, "entity_id", json_integer(id));
        char loc[96];
        snprintf(loc, sizeof loc, "/api/v1/corrections?entity=%s&id=%lld", entity, id);
        http_response_header(resp, "Location", loc);
        api_json(resp, 201, json_incref(row));
    }
    json_decref(row);
    json_decref(errors);
    json_decref(in);   /* entity (and the error fields) point into it */
    return 0;
}

int api_corrections_list(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    if (api_actor(req, resp, &actor) != 0) return 0;
    const char *entity = http_request_query(req, "entity"), *ids = http_request_query(req, "id");
    if (!entity || !store_correction_table(entity)) {
        api_problem(resp, 400, "Bad request", "?entity= must be decisions, recommendations or causes-of-concern",
                    "entity");
        return 0;
    }
    char *end = NULL;
    long long id = ids ? strtoll(ids, &end, 10) : 0;
    if (!ids || !*ids || *end || id <= 0) {
        api_problem(resp, 400, "Bad request", "?id= must be the positive integer id of the item", "id");
        return 0;
    }
    ov_error_t err = {0};
    char body[64];
    json_t *rows = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_correction_body(s, entity, id, body, &err);
    /* the corrections of a decision or a closure are public with what they
     * correct (the one publication rule, store/publication.h); the rest are
     * the record's: its readers only */
    char today[DATE_TEXT_MAX];
    app_today_text(app, today);
    int pub = store_publication_all_public(store_correction_table(entity));
    if (rc == 0 && !pub) rc = store_row_is_public(s, store_correction_table(entity), id, today, &pub, &err);
    int may = rc == 0 && (pub || app_allowed(&actor, PERM_READ_RECORD, body));
    if (may) rc = store_corrections_of(s, store_correction_table(entity), id, &rows, &err);
    store_pool_release(app->pool, s);
    if (rc) api_problem_from_error(resp, &err);
    else if (!may) api_deny(resp, &actor, "see this");
    else api_json(resp, 200, json_pack("{s:s, s:I, s:o}", "entity", entity, "id", (json_int_t)id, "corrections", rows));
    return 0;
}
