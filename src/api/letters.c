/*
 * letters.c: letters generated from the record (src/docs/letter.h) over
 * HTTP: create a draft, list, read (the JSON model), change a draft,
 * approve (freezes the facts), publish; and the letter as a page or PDF.
 *
 * Who may: staff who record (PERM_RECORD) create, read and change drafts;
 * inspectors and HMCI (PERM_CLOSE) approve and publish, but not approve a
 * letter they drafted or changed (the four-eyes rule, core/approval.h, applied by the
 * store in the approving transaction: 403, problem type
 * API_RULE_TYPE_PREFIX "four-eyes"); everyone reads a published letter.
 * Changes take If-Match (approve: optional).
 *
 * The handlers call src/docs (linked into the oversight binary with it).
 */
#include "core/publication.h"
#include "api/api.h"
#include "api/record.h"
#include "app/letters.h"
#include "core/jget.h"
#include "core/roles.h"
#include "docs/letter.h"
#include "store/entity.h"
#include "store/letters.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const LETTER_INPUT[] = {"body", "kind", "title", "from_name", "from_titles", "to_name", "to_org",
                                           "cc_name", "cc_role", "sent_on", "published_on", "ppog_meeting_id",
                                           "decision_id", "conclusion", NULL};

static const entity_def_t *letters_entity(void)
{
    return entity_find("letters");
}

/* The ids come as text, like every field here: as numbers for the
 * record's checks (a text that is no number stays text, and is refused by
 * its field there). For a new draft and a changed one alike. */
static void ids_as_numbers(json_t *in)
{
    static const char *const IDS[] = {"ppog_meeting_id", "decision_id"};
    for (size_t i = 0; i < sizeof IDS / sizeof IDS[0]; i++) {
        const char *t = json_string_value(json_object_get(in, IDS[i]));
        char *end = NULL;
        long long n = t && *t ? strtoll(t, &end, 10) : 0;
        if (t && *t && end && !*end) json_object_set_new(in, IDS[i], json_integer(n));
    }
}

/* Reads letter id's body code and status, and (is_public may be NULL)
 * whether the publication rule makes it public on today; fills resp on
 * error. */
static int letter_head(store_t *s, long long id, const char *today, char body[64], char status[16],
                       int *is_public, http_response_t *resp)
{
    ov_error_t err = {0};
    json_t *row = NULL;
    int rc = store_letter_head(s, id, &row, &err);
    if (rc == OV_ENOTFOUND) {
        char detail[96];
        snprintf(detail, sizeof detail, "no letter with id %lld", id);
        api_problem(resp, 404, "Not found", detail, NULL);
        return -1;
    }
    if (rc) {
        api_problem_from_error(resp, &err);
        return -1;
    }
    snprintf(body, 64, "%s", json_string_value(json_object_get(row, "body")));
    snprintf(status, 16, "%s", json_string_value(json_object_get(row, "status")));
    if (is_public)
        *is_public = publication_letter_is_public(status, json_string_value(json_object_get(row, "published_on")),
                                                  today);
    json_decref(row);
    return 0;
}

/* 0 if actor may read a letter of body that is public or not; else
 * fills resp. */
static int may_read(const app_actor_t *actor, const char *body, int is_public, http_response_t *resp)
{
    if (is_public || app_allowed(actor, PERM_RECORD, body)) return 0;
    return api_deny(resp, actor, "read a letter that is not published");
}

int api_letter_create(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    if (api_actor(req, resp, &actor) != 0) return 0;
    /* who first, then what: one who may draft for no body learns nothing
     * of the input (401/403 before 400/422); the body check follows */
    if (!app_allowed(&actor, PERM_RECORD, actor.body[0] ? actor.body : NULL)) {
        api_deny(resp, &actor, "draft letters");
        return 0;
    }
    json_t *in = api_body_object(req, resp, LETTER_INPUT);
    if (!in) return 0;
    ids_as_numbers(in);
    ov_error_t err = {0};
    json_t *model = NULL;
    long long id = 0;
    const char *body = json_string_value(json_object_get(in, "body"));
    int rc = entity_validate(letters_entity(), in, 1, 0, &err);
    if (rc == 0 && !app_allowed(&actor, PERM_RECORD, body)) {
        json_decref(in);
        api_deny(resp, &actor, "draft letters");
        return 0;
    }
    store_t *s = store_pool_acquire(app->pool);
    if (rc == 0) rc = app_letter_draft(s, in, &actor, &id, &err);
    if (rc == 0) rc = letter_view(s, id, &model, &err);
    store_pool_release(app->pool, s);
    json_decref(in);
    if (rc) {
        api_problem_from_error(resp, &err);
        return 0;
    }
    api_reply_versioned(resp, 201, model, "/api/v1/letters");
    return 0;
}

int api_letters_list(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    if (api_actor(req, resp, &actor) != 0) return 0;
    const char *body = http_request_query(req, "body");
    /* drafts are for staff; everyone else sees what is published */
    int published_only = !app_allowed(&actor, PERM_RECORD, body);
    ov_error_t err = {0};
    json_t *rows = NULL;
    store_t *s = store_pool_acquire(app->pool);
    char today[DATE_TEXT_MAX];
    app_today_text(app, today);
    int rc = store_letters_list(s, body, published_only ? today : NULL, &rows, &err);
    store_pool_release(app->pool, s);
    if (rc) {
        api_problem_from_error(resp, &err);
        return 0;
    }
    api_json(resp, 200, json_pack("{s:I, s:o}", "count", (json_int_t)json_array_size(rows), "letters", rows));
    return 0;
}

/* The model of letter `id` after the read check, the caller in *actor;
 * NULL with resp filled. */
static json_t *readable_model(http_request_t *req, http_response_t *resp, long long id, app_actor_t *actor_out)
{
    app_t *app = req->app;
    app_actor_t actor;
    if (api_actor(req, resp, &actor) != 0) return NULL;
    *actor_out = actor;
    char body[64], status[16];
    ov_error_t err = {0};
    json_t *model = NULL;
    store_t *s = store_pool_acquire(app->pool);
    char today[DATE_TEXT_MAX];
    app_today_text(app, today);
    int is_public = 0;
    int rc = letter_head(s, id, today, body, status, &is_public, resp);
    if (rc == 0) rc = may_read(&actor, body, is_public, resp);
    if (rc == 0 && letter_view(s, id, &model, &err) != 0) {
        api_problem_from_error(resp, &err);
        rc = -1;
    }
    /* the draft's history (who edited what) is the inspectorate's */
    if (rc == 0 && !app_allowed(&actor, PERM_RECORD, body)) json_object_del(model, "history");
    store_pool_release(app->pool, s);
    return rc == 0 ? model : NULL;
}

int api_letter_get(http_request_t *req, http_response_t *resp)
{
    long long id = api_id_param(req, resp, "id");
    if (id < 0) return 0;
    app_actor_t actor;
    json_t *model = readable_model(req, resp, id, &actor);
    if (model) {
        /* the facts are the record the letter was written from, published
         * or not (issue #16): only for those who read the body's record;
         * everyone else gets the letter itself (its fields and blocks) */
        if (!app_allowed(&actor, PERM_READ_RECORD, json_string_value(json_object_get(model, "body"))))
            json_object_del(model, "facts");
        api_reply_versioned(resp, 200, model, "/api/v1/letters");
    }
    return 0;
}

int api_letter_update(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t actor;
    long long id = api_id_actor(req, resp, &actor);
    if (id < 0) return 0;
    if (!app_allowed(&actor, PERM_RECORD, actor.body[0] ? actor.body : NULL)) {
        api_deny(resp, &actor, "change letters");
        return 0;
    }
    long long expected = api_if_match_required(req, resp);
    if (expected < 0) return 0;
    json_t *in = api_body_object(req, resp, LETTER_INPUT);
    if (!in) return 0;
    ids_as_numbers(in);
    ov_error_t err = {0};
    int rc = entity_validate(letters_entity(), in, 0, 0, &err);
    if (rc == 0 && json_object_size(in) == 0) rc = ov_error_set(&err, OV_EINVALID, "", "nothing to change");
    if (rc) {
        json_decref(in);
        api_problem_from_error(resp, &err);
        return 0;
    }
    char body[64], status[16];
    json_t *model = NULL, *row = NULL, *facts = NULL;
    store_t *s = store_pool_acquire(app->pool);
    rc = letter_head(s, id, NULL, body, status, NULL, resp);
    if (rc == 0 && !app_allowed(&actor, PERM_RECORD, body)) rc = api_deny(resp, &actor, "change letters");
    if (rc == 0) {
        rc = store_begin(s, &err);
        if (rc == 0) rc = store_letter_get(s, id, &row, &err);
        if (rc == 0 && strcmp(json_string_value(json_object_get(row, "status")), "draft") != 0)
            rc = ov_error_set(&err, OV_ECONFLICT, "status", "the letter is %s; only a draft can be changed",
                              json_string_value(json_object_get(row, "status")));
        if (rc == 0 && json_integer_value(json_object_get(row, "version")) != expected)
            rc = ov_error_set(&err, OV_ESTALE, "If-Match", "the letter changed since version %lld (now version %lld); reload it",
                              expected, (long long)json_integer_value(json_object_get(row, "version")));
        if (rc == 0) {
            /* the changed letter must still be makeable from the record */
            json_t *merged = json_copy(row);
            json_object_update(merged, in);
            /* a meeting named must have discussed the body, as for a new draft */
            long long meeting = json_integer_value(json_object_get(in, "ppog_meeting_id"));
            if (meeting > 0) rc = store_letter_meeting_check(s, jget_str(merged, "body"), meeting, &err);
            if (rc == 0) rc = letter_facts(s, merged, &facts, &err);
            json_decref(merged);
        }
        store_authz_t authz = app_actor_authz(&actor);
        if (rc == 0) rc = store_entity_update(s, letters_entity(), id, expected, in, &authz, &err);
        if (rc == 0) rc = store_commit(s, &err);
        else store_rollback(s);
        if (rc == 0) rc = letter_view(s, id, &model, &err);
        if (rc) api_problem_from_error(resp, &err);
    }
    store_pool_release(app->pool, s);
    json_decref(row);
    json_decref(facts);
    json_decref(in);
    if (rc == 0) api_reply_versioned(resp, 200, model, "/api/v1/letters");
    return 0;
}

/* POST /api/v1/letters/{id}/blocks: {block, text, reason}, If-Match
 * required; PERM_RECORD on the letter's body. The edit is kept in the
 * letter's history (app_letter_edit); 200 with the model. */
int api_letter_edit(http_request_t *req, http_response_t *resp)
{
    static const char *const EDIT_INPUT[] = {"block", "text", "reason", NULL};
    app_t *app = req->app;
    app_actor_t actor;
    long long id = api_id_actor(req, resp, &actor);
    if (id < 0) return 0;
    if (!app_allowed(&actor, PERM_RECORD, actor.body[0] ? actor.body : NULL)) {
        api_deny(resp, &actor, "change letters");
        return 0;
    }
    long long expected = api_if_match_required(req, resp);
    if (expected < 0) return 0;
    /* block is a number: not api_body_object, which takes strings only */
    json_t *in = api_body_json(req, resp);
    if (!in) return 0;
    ov_error_t err = {0};
    json_t *model = NULL;
    json_t *block = json_object_get(in, "block");
    int rc = 0;
    const char *key;
    json_t *val;
    json_object_foreach(in, key, val) {
        int known = 0;
        for (int i = 0; EDIT_INPUT[i]; i++) known |= strcmp(EDIT_INPUT[i], key) == 0;
        if (!known && rc == 0) rc = ov_error_set(&err, OV_EINVALID, key, "unknown field '%.100s'", key);
    }
    if (rc) {
    } else if (!json_is_integer(block) || json_integer_value(block) < 0)
        rc = ov_error_set(&err, OV_EINVALID, "block", "block must be the position of a block of the letter: 0, 1, ...");
    else if (!json_is_string(json_object_get(in, "text")))
        rc = ov_error_set(&err, OV_EINVALID, "text", "text must be the block's new text");
    else if (json_object_get(in, "reason") && !json_is_string(json_object_get(in, "reason")))
        rc = ov_error_set(&err, OV_EINVALID, "reason", "reason must be text");
    if (rc) {
        json_decref(in);
        api_problem_from_error(resp, &err);
        return 0;
    }
    char body[64], status[16];
    store_t *s = store_pool_acquire(app->pool);
    rc = letter_head(s, id, NULL, body, status, NULL, resp);
    if (rc == 0 && !app_allowed(&actor, PERM_RECORD, body)) rc = api_deny(resp, &actor, "change letters");
    if (rc == 0) {
        rc = app_letter_edit(s, id, expected, json_integer_value(block), jget_str(in, "text"), jget_str(in, "reason"),
                             &actor, &err);
        if (rc == 0) rc = letter_view(s, id, &model, &err);
        if (rc) api_problem_from_error(resp, &err);
    }
    store_pool_release(app->pool, s);
    json_decref(in);
    if (rc == 0) api_reply_versioned(resp, 200, model, "/api/v1/letters");
    return 0;
}

/* The letter's body code (letter_head without the rest). */
static int letter_body(store_t *s, long long id, char body[64], http_response_t *resp)
{
    char status[16];
    return letter_head(s, id, NULL, body, status, NULL, resp);
}

static const api_draft_kind_t LETTER_KIND = {
    .collection = "/api/v1/letters",
    .approve_what = "approve letters",
    .publish_what = "publish letters",
    .body_of = letter_body,
    .approve = letter_approve,
    .publish = letter_publish,
    .view = letter_view,
};

static int transition(http_request_t *req, http_response_t *resp, int publish)
{
    return api_draft_transition(req, resp, &LETTER_KIND, publish);
}

int api_letter_approve(http_request_t *req, http_response_t *resp)
{
    return transition(req, resp, 0);
}

int api_letter_publish(http_request_t *req, http_response_t *resp)
{
    return transition(req, resp, 1);
}

/* GET /static/letter.css: the letter page's stylesheet (linked with ?v=HASH,
 * so it may be cached for good). */
int api_letter_css(http_request_t *req, http_response_t *resp)
{
    (void)req;
    size_t len = 0;
    const char *css = letter_stylesheet(&len);
    char *body = malloc(len + 1);
    if (!body) {
        api_problem(resp, 500, "Internal error", "out of memory", NULL);
        return 0;
    }
    memcpy(body, css, len + 1);
    http_response_set(resp, 200, "text/css; charset=utf-8", body, len);
    http_response_header(resp, "Cache-Control", "public, max-age=31536000, immutable");
    return 0;
}

int api_letter_file_check(http_request_t *req, http_response_t *resp)
{
    const char *file = http_request_param(req, "file");
    char *end = NULL;
    long long id = file ? strtoll(file, &end, 10) : 0;
    if (!file || id <= 0 || end == file || (strcmp(end, ".html") != 0 && strcmp(end, ".pdf") != 0)) {
        api_problem(resp, 404, "Not found", "letters are at /letters/{id}.html and /letters/{id}.pdf", NULL);
        return -1;
    }
    app_actor_t actor;
    json_t *model = readable_model(req, resp, id, &actor);
    if (!model) return -1;
    json_decref(model);
    return 0;
}

/* GET /letters/{file}: "12.html" or "12.pdf". */
int api_letter_file(http_request_t *req, http_response_t *resp)
{
    const char *file = http_request_param(req, "file");
    char *end = NULL;
    long long id = file ? strtoll(file, &end, 10) : 0;
    int html = end && strcmp(end, ".html") == 0, pdf = end && strcmp(end, ".pdf") == 0;
    if (!file || id <= 0 || end == file || (!html && !pdf)) {
        api_problem(resp, 404, "Not found", "letters are at /letters/{id}.html and /letters/{id}.pdf", NULL);
        return 0;
    }
    app_actor_t actor;
    json_t *model = readable_model(req, resp, id, &actor);
    if (!model) return 0;
    ov_error_t err = {0};
    buf_t b = BUF_INIT;
    int rc = html ? letter_render_html(model, &b, &err) : letter_render_pdf(model, &b, NULL, &err);
    json_decref(model);
    if (rc) {
        buf_free(&b);
        api_problem_from_error(resp, &err);
        return 0;
    }
    size_t len = 0;
    char *data = buf_detach(&b, &len);
    http_response_set(resp, 200, html ? "text/html; charset=utf-8" : "application/pdf", data, len);
    if (pdf) {
        char disp[96];
        snprintf(disp, sizeof disp, "inline; filename=\"letter-%lld.pdf\"", id);
        http_response_header(resp, "Content-Disposition", disp);
    }
    return 0;
}
