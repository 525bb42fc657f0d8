/*
 * actions.c: the rule-checked changes: a recommendation's status (the
 * body claims implemented, an inspector closes or returns it), deadline
 * revisions, and closing a cause of concern. Each needs If-Match.
 */
#include "api/record.h"
#include "core/roles.h"
#include "store/record.h"
#include "app/lifecycle.h"
#include "core/jget.h"
#include "core/buf.h"
#include <string.h>


typedef int (*may_fn)(const app_actor_t *actor, const char *body);

/* The common start, in this order: entity row id, the actor, its body, the
 * actor's permission for that body (`may`: 401/403 before anything about
 * the input is said), If-Match, the JSON body with only `allowed` members.
 * Returns the parsed body or NULL (resp filled). */
static json_t *begin_action(http_request_t *req, http_response_t *resp, const char *entity, const char *const *allowed,
                            may_fn may, const char *what, long long *id, long long *expected, app_actor_t *actor,
                            char body[64])
{
    app_t *app = req->app;
    const entity_def_t *e = entity_find(entity);
    if ((*id = api_id_param(req, resp, "id")) < 0) return NULL;
    if (api_actor(req, resp, actor) != 0) return NULL;
    if (actor->user_id == 0) {   /* no action is open to anonymous callers */
        api_deny(resp, actor, what);
        return NULL;
    }
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_entity_body(s, e, *id, body, &err);
    store_pool_release(app->pool, s);
    if (rc) {
        api_problem_from_error(resp, &err);
        return NULL;
    }
    if (!app_allowed(actor, PERM_READ_RECORD, body)) {
        api_deny(resp, actor, "see this");
        return NULL;
    }
    if (!may(actor, body)) {
        api_deny(resp, actor, what);
        return NULL;
    }
    if ((*expected = api_if_match_required(req, resp)) < 0) return NULL;
    json_t *in = api_body_json(req, resp);
    if (!in) return NULL;
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v) {
        int known = 0;
        for (int i = 0; allowed[i]; i++) known |= strcmp(allowed[i], key) == 0;
        /* "themes": a list of theme codes; "..._ids": an array of ids (checked
         * by the action); "..._id": an integer */
        int themes = strcmp(key, "themes") == 0;
        int list = themes || strstr(key, "_ids") != NULL, id = !list && strstr(key, "_id") != NULL;
        const char *want = themes ? "a list of theme codes" : list ? "an array of integers" : id ? "an integer" : "a string";
        int ok = list ? json_is_array(v) || (!themes && json_is_null(v))
                      : json_is_null(v) || (id ? json_is_integer(v) : json_is_string(v));
        if (!known || !ok) {
            char detail[200];
            snprintf(detail, sizeof detail, known ? "%.60s must be %s" : "unknown field '%.60s'", key, want);
            api_problem(resp, 422, "Invalid input", detail, key);
            json_decref(in);
            return NULL;
        }
    }
    return in;
}

static void reply_row(http_request_t *req, http_response_t *resp, const char *entity, long long id, int status)
{
    app_t *app = req->app;
    const entity_def_t *e = entity_find(entity);
    ov_error_t err = {0};
    json_t *row = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_entity_get(s, e, id, 1, &row, &err);
    store_pool_release(app->pool, s);
    if (rc) api_problem_from_error(resp, &err);
    else api_entity_reply(resp, status, e, row);
}

/* Replies after an action: the problem, or the row as it now stands. */
static int finish(http_request_t *req, http_response_t *resp, json_t *in, int rc, const ov_error_t *err,
                  const char *entity, long long id, int status)
{
    json_decref(in);
    if (rc) api_problem_from_error(resp, err);
    else reply_row(req, resp, entity, id, status);
    return rc;
}

static int may_status(const app_actor_t *a, const char *body)
{
    record_actor_t ra = record_actor_from_role(a->role, a->body, body);
    return ra.can_close || ra.can_progress;
}

static int may_deadline(const app_actor_t *a, const char *body) { return app_allowed(a, PERM_RECORD, body); }

static int may_close(const app_actor_t *a, const char *body) { return app_allowed(a, PERM_CLOSE, body); }

/* One action: its entity, the members its body may carry, who may do it,
 * and `run`, which does it in the store (`made`: the id of a row it adds,
 * for a Location under `made_path`). */
typedef struct {
    const char *entity;
    const char *const *fields;
    may_fn may;
    const char *what;
    int (*run)(store_t *s, long long id, long long expected, json_t *in, const app_actor_t *actor,
               const char *body, long long *made, json_t *errors, ov_error_t *err);
    int status;
    const char *made_path;
} action_t;

/* 422 naming each field: {type, title, status, detail (every message),
 * field (the first), errors: [{field, detail}]}. */
static void problem_fields(http_response_t *resp, const json_t *errors)
{
    json_t *list = json_array();
    buf_t detail = BUF_INIT;
    const char *key, *first = NULL;
    json_t *v;
    json_object_foreach((json_t *)errors, key, v) {
        if (!first) first = key;
        json_array_append_new(list, json_pack("{s:s, s:s}", "field", key, "detail", json_string_value(v)));
        buf_printf(&detail, "%s%s", detail.len ? "; " : "", json_string_value(v));
    }
    json_t *p = json_pack("{s:s, s:s, s:i, s:s, s:s, s:o}", "type", "about:blank", "title", "Invalid input", "status",
                          422, "detail", detail.data ? detail.data : "", "field", first ? first : "", "errors", list);
    buf_free(&detail);
    api_json(resp, 422, p);
}

static int run_action(http_request_t *req, http_response_t *resp, const action_t *a)
{
    app_t *app = req->app;
    long long id, expected, made = 0;
    app_actor_t actor;
    char body[64];
    json_t *in = begin_action(req, resp, a->entity, a->fields, a->may, a->what, &id, &expected, &actor, body);
    if (!in) return 0;
    ov_error_t err = {0};
    json_t *errors = json_object();
    store_t *s = store_pool_acquire(app->pool);
    int rc = a->run(s, id, expected, in, &actor, body, &made, errors, &err);
    store_pool_release(app->pool, s);
    if (rc == OV_EINVALID && json_object_size(errors) > 0) {
        /* every field's problem at once: the first as `field`, all in `errors` */
        json_decref(in);
        problem_fields(resp, errors);
        json_decref(errors);
        return 0;
    }
    json_decref(errors);
    if (finish(req, resp, in, rc, &err, a->entity, id, a->status)) return 0;
    if (a->made_path) {
        char loc[96];
        snprintf(loc, sizeof loc, "%s/%lld", a->made_path, made);
        http_response_header(resp, "Location", loc);
    }
    return 0;
}

/* The closure members of a request body (core/record.h). */
static record_closure_t closure_of(const json_t *in)
{
    record_closure_t c = {
        .outcome = jget_str(in, "outcome"), .reason = jget_str(in, "reason"),
        .implemented_on = jget_str(in, "implemented_on"),
        .revisit_id = json_integer_value(json_object_get(in, "revisit_id")),
        .progress_update_id = json_integer_value(json_object_get(in, "progress_update_id")),
        .evidence_file_id = json_integer_value(json_object_get(in, "evidence_file_id")),
    };
    return c;
}

static int run_status(store_t *s, long long id, long long expected, json_t *in, const app_actor_t *actor,
                      const char *body, long long *made, json_t *errors, ov_error_t *err)
{
    (void)made;
    /* evidence_file_ids: the files a claim rests on (whole numbers; the
     * rule, core/record.h, and the body, store/record.c, checked there) */
    long long files[RECORD_CLAIM_FILES_MAX];
    size_t nfiles = 0, i;
    json_t *v;
    json_array_foreach(json_object_get(in, "evidence_file_ids"), i, v) {
        if (!json_is_integer(v))
            return ov_error_set(err, OV_EINVALID, "evidence_file_ids",
                                "evidence_file_ids must be ids of evidence files (whole numbers)");
        if (nfiles == RECORD_CLAIM_FILES_MAX)
            return ov_error_set(err, OV_EINVALID, "evidence_file_ids", "evidence_file_ids: at most %d files",
                                RECORD_CLAIM_FILES_MAX);
        files[nfiles++] = json_integer_value(v);
    }
    record_actor_t ra = record_actor_from_role(actor->role, actor->body, body);
    record_closure_t c = closure_of(in);
    const char *to = jget_str(in, "to");
    int closing = to && strcmp(to, "closed") == 0;
    rec_status_input_t rs = {
        .to = to, .on = jget_str(in, "on"), .by = actor->username,
        .reason = jget_str(in, "reason"), .revisit_id = json_integer_value(json_object_get(in, "revisit_id")),
        .closure = closing ? &c : NULL, .evidence_file_ids = files, .n_evidence_files = nfiles, .errors = errors,
    };
    if (!closing) {
        /* the closure's members belong to closing only */
        static const char *const only[] = {"outcome", "implemented_on", "progress_update_id", "evidence_file_id"};
        for (size_t i = 0; i < sizeof only / sizeof only[0]; i++)
            if (json_object_get(in, only[i]) && !json_is_null(json_object_get(in, only[i])))
                return ov_error_set(err, OV_EINVALID, only[i], "%s is given only when closing (to: closed)", only[i]);
    }
    return store_rec_set_status(s, id, expected, &rs, &ra, err);
}

int api_rec_status(http_request_t *req, http_response_t *resp)
{
    static const char *const fields[] = {"to", "on", "reason", "revisit_id", "outcome", "implemented_on",
                                         "progress_update_id", "evidence_file_id", "evidence_file_ids", NULL};
    static const action_t a = {"recommendations", fields, may_status, "change a recommendation's status",
                               run_status, 200, NULL};
    return run_action(req, resp, &a);
}

static int run_deadline(store_t *s, long long id, long long expected, json_t *in, const app_actor_t *actor,
                        const char *body, long long *made, json_t *errors, ov_error_t *err)
{
    (void)actor, (void)body, (void)errors;
    deadline_input_t d = {
        .new_deadline = jget_str(in, "new_deadline"), .reason = jget_str(in, "reason"),
        .agreed_by = jget_str(in, "agreed_by"),
        .agreed_on = jget_str(in, "agreed_on"),
    };
    return store_deadline_revise(s, id, expected, &d, made, err);
}

int api_rec_deadline(http_request_t *req, http_response_t *resp)
{
    static const char *const fields[] = {"new_deadline", "reason", "agreed_by", "agreed_on", NULL};
    static const action_t a = {"recommendations", fields, may_deadline, "revise a deadline", run_deadline, 201,
                               "/api/v1/deadline-revisions"};
    return run_action(req, resp, &a);
}

static int run_close(store_t *s, long long id, long long expected, json_t *in, const app_actor_t *actor,
                     const char *body, long long *made, json_t *errors, ov_error_t *err)
{
    (void)made;
    record_actor_t ra = record_actor_from_role(actor->role, actor->body, body);
    record_closure_t closure = closure_of(in);
    cause_close_input_t c = {
        .on = jget_str(in, "on"), .by = actor->username,
        .revisit_id = json_integer_value(json_object_get(in, "revisit_id")),
        .decision_id = json_integer_value(json_object_get(in, "decision_id")),
        .override_reason = jget_str(in, "override_reason"), .closure = &closure, .errors = errors,
    };
    return store_cause_close(s, id, expected, &c, &ra, err);
}

int api_cause_close(http_request_t *req, http_response_t *resp)
{
    static const char *const fields[] = {"on", "outcome", "reason", "revisit_id", "progress_update_id",
                                         "evidence_file_id", "decision_id", "override_reason", NULL};
    static const action_t a = {"causes-of-concern", fields, may_close, "close a cause of concern", run_close, 200,
                               NULL};
    return run_action(req, resp, &a);
}

/* ---- the lifecycle beyond closing, and themes (app/lifecycle.h) ---- */

static int run_supersede(store_t *s, long long id, long long expected, json_t *in, const app_actor_t *actor,
                         const char *body, long long *made, json_t *errors, ov_error_t *err)
{
    (void)made;
    return app_rec_supersede(s, actor, body, id, expected, jget_str(in, "on"), jget_str(in, "reason"),
                             json_integer_value(json_object_get(in, "successor_id")), errors, err);
}

int api_rec_supersede(http_request_t *req, http_response_t *resp)
{
    static const char *const fields[] = {"on", "reason", "successor_id", NULL};
    static const action_t a = {"recommendations", fields, may_close, "supersede a recommendation", run_supersede,
                               200, NULL};
    return run_action(req, resp, &a);
}

static int run_withdraw(store_t *s, long long id, long long expected, json_t *in, const app_actor_t *actor,
                        const char *body, long long *made, json_t *errors, ov_error_t *err)
{
    (void)made;
    return app_rec_withdraw(s, actor, body, id, expected, jget_str(in, "on"), jget_str(in, "reason"), errors, err);
}

int api_rec_withdraw(http_request_t *req, http_response_t *resp)
{
    static const char *const fields[] = {"on", "reason", NULL};
    static const action_t a = {"recommendations", fields, may_close, "withdraw a recommendation", run_withdraw, 200,
                               NULL};
    return run_action(req, resp, &a);
}

static int run_cause_supersede(store_t *s, long long id, long long expected, json_t *in, const app_actor_t *actor,
                               const char *body, long long *made, json_t *errors, ov_error_t *err)
{
    (void)made;
    return app_cause_supersede(s, actor, body, id, expected, jget_str(in, "on"), jget_str(in, "reason"),
                               json_integer_value(json_object_get(in, "successor_id")), errors, err);
}

int api_cause_supersede(http_request_t *req, http_response_t *resp)
{
    static const char *const fields[] = {"on", "reason", "successor_id", NULL};
    static const action_t a = {"causes-of-concern", fields, may_close, "supersede a cause of concern",
                               run_cause_supersede, 200, NULL};
    return run_action(req, resp, &a);
}

static int run_cause_withdraw(store_t *s, long long id, long long expected, json_t *in, const app_actor_t *actor,
                              const char *body, long long *made, json_t *errors, ov_error_t *err)
{
    (void)made;
    return app_cause_withdraw(s, actor, body, id, expected, jget_str(in, "on"), jget_str(in, "reason"), errors, err);
}

int api_cause_withdraw(http_request_t *req, http_response_t *resp)
{
    static const char *const fields[] = {"on", "reason", NULL};
    static const action_t a = {"causes-of-concern", fields, may_close, "withdraw a cause of concern",
                               run_cause_withdraw, 200, NULL};
    return run_action(req, resp, &a);
}

static int may_record(const app_actor_t *a, const char *body) { return app_allowed(a, PERM_RECORD, body); }

static int run_themes(store_t *s, long long id, long long expected, json_t *in, const app_actor_t *actor,
                      const char *body, long long *made, json_t *errors, ov_error_t *err, const char *table)
{
    (void)made, (void)errors;
    json_t *codes = json_object_get(in, "themes");
    if (!codes) return ov_error_set(err, OV_EINVALID, "themes", "themes is required: a list of theme codes ([] for none)");
    return app_item_set_themes(s, actor, body, table, id, expected, codes, err);
}

static int run_rec_themes(store_t *s, long long id, long long expected, json_t *in, const app_actor_t *actor,
                          const char *body, long long *made, json_t *errors, ov_error_t *err)
{
    return run_themes(s, id, expected, in, actor, body, made, errors, err, "recommendations");
}

static int run_cause_themes(store_t *s, long long id, long long expected, json_t *in, const app_actor_t *actor,
                            const char *body, long long *made, json_t *errors, ov_error_t *err)
{
    return run_themes(s, id, expected, in, actor, body, made, errors, err, "causes_of_concern");
}

int api_rec_themes(http_request_t *req, http_response_t *resp)
{
    static const char *const fields[] = {"themes", NULL};
    static const action_t a = {"recommendations", fields, may_record, "set a recommendation's themes",
                               run_rec_themes, 200, NULL};
    return run_action(req, resp, &a);
}

int api_cause_themes(http_request_t *req, http_response_t *resp)
{
    static const char *const fields[] = {"themes", NULL};
    static const action_t a = {"causes-of-concern", fields, may_record, "set a cause of concern's themes",
                               run_cause_themes, 200, NULL};
    return run_action(req, resp, &a);
}
