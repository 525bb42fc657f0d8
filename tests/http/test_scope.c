/* test_scope.c: no update may carry a row into another body's record
 * (issue #13, finding 1). For every entity of GET /api/v1/schema with a
 * reference or a body field, a body-scoped user of Kent (roles body and
 * lpb) changes Kent's row to point at the Met's row of that reference (or
 * to the Met itself) through PATCH /api/v1/{entity}/{id} and through the
 * HTML edit form: refused (403; 422 for a body field the API refuses as
 * input), the row unchanged and nothing audited. The list comes from the
 * schema, so a new entity or reference is covered without editing this
 * file. Positive controls: the scoped users still change their own rows
 * within their body, and staff may re-point across bodies where the rules
 * (same body for rows with one of their own) allow it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "support/support.h"

enum { U_ADMIN, U_INSPECTOR, U_KENT_BODY, U_KENT_LPB, U_N };

static const struct { const char *name, *role, *body; } USERS[U_N] = {
    {"sc_admin", "admin", NULL},
    {"sc_insp", "inspector", NULL},
    {"sc_kentbody", "body", "kent"},
    {"sc_kentlpb", "lpb", "kent"},
};

static t_site_t S;
static struct {
    char bearer[U_N][160];
    t_session_t sess[U_N];  /* a cookie session of each */
    json_t *schema;       /* GET /api/v1/schema */
    json_t *ids;          /* body code -> entity name -> id of a row made here */
} FX;

/* GET path as admin (asserts 200): the JSON (new reference). */
static json_t *get_json(const char *path)
{
    const char *h[] = {FX.bearer[U_ADMIN], NULL};
    return t_call(&S, "GET", path, NULL, h, 200, NULL);
}

static json_t *entity_named(const char *name)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(FX.schema, "entities"), i, e)
        if (strcmp(json_string_value(json_object_get(e, "name")), name) == 0) return e;
    return NULL;
}

static long long id_of(const char *body, const char *entity)
{
    return json_integer_value(json_object_get(json_object_get(FX.ids, body), entity));
}

/* A new row of schema entry e for body: required fields with plain values,
 * references to the rows of that body made so far. NULL when a reference
 * has no row yet. */
static json_t *row_for(json_t *e, const char *body)
{
    json_t *in = json_object();
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(e, "fields"), i, f) {
        const char *name = json_string_value(json_object_get(f, "name"));
        const char *type = json_string_value(json_object_get(f, "type"));
        if (json_is_true(json_object_get(f, "set_by_action")) || !json_is_true(json_object_get(f, "required")))
            continue;
        json_t *v = NULL;
        if (strcmp(type, "text") == 0 || strcmp(type, "longtext") == 0) v = json_string("scope");
        else if (strcmp(type, "body") == 0) v = json_string(body);
        else if (strcmp(type, "date") == 0 || strcmp(type, "day") == 0) v = json_string("2025-01-01");
        else if (strcmp(type, "integer") == 0 || strcmp(type, "number") == 0) v = json_integer(1);
        else if (strcmp(type, "boolean") == 0) v = json_false();
        else if (strcmp(type, "url") == 0) v = json_string("https://example.org/");
        else if (strcmp(type, "enum") == 0) v = json_incref(json_array_get(json_object_get(f, "values"), 0));
        else if (strcmp(type, "reference") == 0) {
            long long id = id_of(body, json_string_value(json_object_get(f, "refers_to")));
            if (!id) {
                json_decref(in);
                return NULL;
            }
            v = json_integer(id);
        }
        json_object_set_new(in, name, v ? v : json_null());
    }
    /* a recommendation of the body's report, so that the report's PCC
     * response may answer it (store/pcc.h) */
    if (strcmp(json_string_value(json_object_get(e, "name")), "recommendations") == 0 && id_of(body, "inspections"))
        json_object_set_new(in, "inspection_id", json_integer(id_of(body, "inspections")));
    /* a letter that needs no decision or meeting */
    if (strcmp(json_string_value(json_object_get(e, "name")), "letters") == 0)
        json_object_set_new(in, "kind", json_string("return_to_scan"));
    return in;
}

/* POST /api/v1/{entity} as admin; the new id or 0. */
static long long create(const char *entity, json_t *in)
{
    char path[128], *body = json_dumps(in, JSON_COMPACT);
    snprintf(path, sizeof path, "/api/v1/%s", entity);
    const char *h[] = {FX.bearer[U_ADMIN], NULL};
    t_http_t r;
    long long id = 0;
    if (t_http(S.srv.port, "POST", path, body, h, &r) == 0) {
        json_t *j = r.status == 201 ? json_loads(r.body, 0, NULL) : NULL;
        id = json_integer_value(json_object_get(j, "id"));
        if (!j) fprintf(stderr, "POST %s %s: %ld %s\n", path, body, r.status, r.body ? r.body : "");
        json_decref(j);
        t_http_free(&r);
    }
    free(body);
    return id;
}

/* One row of every entity that is not append-only, for kent and for met,
 * each referring to rows of its own body. */
static int make_rows(void)
{
    const char *bodies[] = {"kent", "met"};
    FX.ids = json_object();
    for (int b = 0; b < 2; b++) json_object_set_new(FX.ids, bodies[b], json_object());
    for (int round = 0; round < 5; round++)
        for (int b = 0; b < 2; b++) {
            size_t i;
            json_t *e;
            json_array_foreach(json_object_get(FX.schema, "entities"), i, e) {
                const char *name = json_string_value(json_object_get(e, "name"));
                /* own_actions (news releases): their own routes, tests/http/test_releases.c */
                if (json_is_true(json_object_get(e, "append_only")) || json_is_true(json_object_get(e, "own_actions"))
                    || id_of(bodies[b], name))
                    continue;
                json_t *in = row_for(e, bodies[b]);
                if (!in) continue;
                long long id = create(name, in);
                json_decref(in);
                if (id <= 0) return -1;
                json_object_set_new(json_object_get(FX.ids, bodies[b]), name, json_integer(id));
            }
        }
    return 0;
}

static int setup(void **state)
{
    (void)state;
    curl_global_init(CURL_GLOBAL_ALL);
    if (t_site_init(&S, "scope.db", T_SITE_DEMO) != 0) return -1;
    for (int i = 0; i < U_N; i++)
        if (t_user_bearer(S.db, USERS[i].name, USERS[i].role, USERS[i].body, FX.bearer[i]) != 0) return -1;
    if (t_site_serve(&S, t_today) != 0) return -1;
    for (int i = 0; i < U_N; i++)
        if (t_login(&S, USERS[i].name, NULL, &FX.sess[i]) != 0) return -1;
    FX.schema = get_json("/api/v1/schema");
    return FX.schema && make_rows() == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    json_decref(FX.schema);
    json_decref(FX.ids);
    int rc = t_site_stop(&S);
    curl_global_cleanup();
    return rc;
}

/* Row id of entity as admin (new reference); fails the test if absent. */
static json_t *row_get(const char *entity, long long id)
{
    char path[160];
    snprintf(path, sizeof path, "/api/v1/%s/%lld", entity, id);
    json_t *row = get_json(path);
    if (!row) fail_msg("%s %lld cannot be read", entity, id);
    return row;
}

/* PATCH /api/v1/{entity}/{id} as user u with `set` at the row's current
 * version; the status (the reply's body into *reply when not NULL). */
static long patch_as(int u, const char *entity, long long id, json_t *set, char **reply)
{
    json_t *row = row_get(entity, id);
    char path[160], im[64], *body = json_dumps(set, JSON_COMPACT);
    snprintf(path, sizeof path, "/api/v1/%s/%lld", entity, id);
    snprintf(im, sizeof im, "If-Match: \"v%lld\"", (long long)json_integer_value(json_object_get(row, "version")));
    json_decref(row);
    const char *h[] = {FX.bearer[u], im, NULL};
    t_http_t r;
    assert_int_equal(t_http(S.srv.port, "PATCH", path, body, h, &r), 0);
    free(body);
    long st = r.status;
    if (reply) *reply = strdup(r.body ? r.body : "");
    t_http_free(&r);
    return st;
}

/* POST /record/{entity}/{id} (the edit form) as user u's cookie session
 * with field=value at the row's current version; the status. */
static long form_as(int u, const char *entity, long long id, const char *field, const char *value)
{
    json_t *row = row_get(entity, id);
    char path[160], form[600];
    snprintf(path, sizeof path, "/record/%s/%lld", entity, id);
    snprintf(form, sizeof form, "version=%lld&%s=%s", (long long)json_integer_value(json_object_get(row, "version")),
             field, value);
    json_decref(row);
    t_http_t r;
    t_submit(&S, &FX.sess[u], path, form, 0, &r);
    long st = r.status;
    t_http_free(&r);
    return st;
}

/* 1 if rows a and b are the same version with the same body and field. */
static int unchanged(json_t *a, json_t *b, const char *field)
{
    return json_equal(json_object_get(a, "version"), json_object_get(b, "version"))
           && json_equal(json_object_get(a, "body"), json_object_get(b, "body"))
           && json_equal(json_object_get(a, field), json_object_get(b, field));
}

/* The matrix: every (scoped user, entity, reference or body field) refused
 * on the API and the form, the row unchanged, the audit chain as long. */
static void scoped_users_cannot_move_rows_to_another_body(void **state)
{
    (void)state;
    long long audit_before = t_audit_entries(S.db);
    assert_true(audit_before > 0);
    int tried = 0, tried_forms = 0, entities = 0;
    size_t i, k;
    json_t *e, *f;
    json_array_foreach(json_object_get(FX.schema, "entities"), i, e) {
        const char *name = json_string_value(json_object_get(e, "name"));
        int has_scope_field = 0;
        json_array_foreach(json_object_get(e, "fields"), k, f) {
            const char *type = json_string_value(json_object_get(f, "type"));
            has_scope_field |= strcmp(type, "reference") == 0 || strcmp(type, "body") == 0;
        }
        if (!has_scope_field) continue;
        entities++;
        /* append-only rows are never changed at all (tests/http/test_record.c) */
        if (json_is_true(json_object_get(e, "append_only")) || json_is_true(json_object_get(e, "own_actions"))) continue;
        long long own = id_of("kent", name);
        if (!own) fail_msg("no Kent row of %s to change", name);
        json_array_foreach(json_object_get(e, "fields"), k, f) {
            const char *field = json_string_value(json_object_get(f, "name"));
            const char *type = json_string_value(json_object_get(f, "type"));
            const char *ref = json_string_value(json_object_get(f, "refers_to"));
            int is_body = strcmp(type, "body") == 0;
            if (!is_body && strcmp(type, "reference") != 0) continue;
            /* a reference to rows of no body (a PPOG meeting, an external
             * report) cannot point into another body */
            if (!is_body && !json_is_true(json_object_get(entity_named(ref), "has_body"))) continue;
            long long theirs = is_body ? 0 : id_of("met", ref);
            if (!is_body && !theirs) {
                /* a row made only by an action (a revisit closing a cause is made here; evidence is not) */
                if (json_is_true(json_object_get(entity_named(ref), "append_only"))
                    || json_is_true(json_object_get(entity_named(ref), "own_actions")))
                    continue;
                fail_msg("no Met row of %s for %s.%s", ref, name, field);
            }
            json_t *set = json_object();
            json_object_set_new(set, field, is_body ? json_string("met") : json_integer(theirs));
            for (int u = U_KENT_BODY; u <= U_KENT_LPB; u++) {
                json_t *before = row_get(name, own);
                char *reply = NULL;
                long st = patch_as(u, name, own, set, &reply);
                json_t *after = row_get(name, own);
                /* a body field the API refuses as input (422) for one who may
                 * write the row; 403 for everything else */
                int refused = st == 403 || (is_body && st == 422);
                if (!refused || !unchanged(before, after, field))
                    fail_msg("PATCH %s/%lld {%s: met's} as %s: %ld %s", name, own, field, USERS[u].name, st, reply);
                /* never a raw database message */
                assert_null(strstr(reply, "constraint"));
                free(reply);
                tried++;
                /* the edit form (not for letters, which have their own; a
                 * body is not a field of an edit form) */
                if (!is_body && strcmp(name, "letters") != 0) {
                    char v[32];
                    snprintf(v, sizeof v, "%lld", theirs);
                    st = form_as(u, name, own, field, v);
                    json_t *after2 = row_get(name, own);
                    if (st != 403 || !unchanged(before, after2, field))
                        fail_msg("POST /record/%s/%lld %s=met's as %s: %ld", name, own, field, USERS[u].name, st);
                    json_decref(after2);
                    tried_forms++;
                }
                json_decref(before);
                json_decref(after);
            }
            json_decref(set);
        }
    }
    /* every entity with a body or a reference was seen */
    assert_true(entities >= 15);
    assert_true(tried >= 40);
    assert_true(tried_forms >= 25);
    assert_int_equal(t_audit_entries(S.db), audit_before);
}

/* The attack of the report, step by step: Kent's local policing body
 * cannot take the Met's slot, and the Met's own response is still taken. */
static void pcc_response_stays_kents(void **state)
{
    (void)state;
    long long kent = id_of("kent", "pcc-responses");
    json_t *set = json_pack("{s:I}", "inspection_id", (json_int_t)id_of("met", "inspections"));
    char *reply = NULL;
    assert_int_equal(patch_as(U_KENT_LPB, "pcc-responses", kent, set, &reply), 403);
    assert_non_null(strstr(reply, "\"field\":\"inspection_id\""));
    assert_non_null(strstr(reply, "your role (lpb)"));
    free(reply);
    json_decref(set);
    json_t *row = row_get("pcc-responses", kent);
    assert_string_equal(json_string_value(json_object_get(row, "body")), "kent");
    json_decref(row);
}

/* Positive controls: the scoped users still change their own rows within
 * their body, and staff re-point within the rules. */
static void own_body_and_staff_changes_still_work(void **state)
{
    (void)state;
    /* a second Kent inspection, and Kent's lpb moves a response (one that
     * answers no recommendation yet) to it */
    json_t *in = json_pack("{s:s, s:s, s:s}", "body", "kent", "kind", "peel", "title", "Kent again");
    long long kent2 = create("inspections", in);
    json_decref(in);
    assert_true(kent2 > 0);
    in = json_pack("{s:s, s:s, s:s}", "body", "kent", "kind", "thematic", "title", "Kent third");
    long long kent3 = create("inspections", in);
    json_decref(in);
    in = json_pack("{s:I, s:s}", "inspection_id", (json_int_t)kent3, "published_on", "2025-01-01");
    long long resp = create("pcc-responses", in);
    json_decref(in);
    assert_true(resp > 0);
    json_t *set = json_pack("{s:I}", "inspection_id", (json_int_t)kent2);
    assert_int_equal(patch_as(U_KENT_LPB, "pcc-responses", resp, set, NULL), 200);
    json_decref(set);
    /* the response that answers a recommendation of its report stays with it */
    char *refused = NULL;
    set = json_pack("{s:I}", "inspection_id", (json_int_t)kent3);
    assert_int_equal(patch_as(U_INSPECTOR, "pcc-responses", id_of("kent", "pcc-responses"), set, &refused), 422);
    assert_non_null(strstr(refused, "\"field\":\"inspection_id\""));
    assert_non_null(strstr(refused, "cannot move to another report"));
    free(refused);
    json_decref(set);
    /* and through the form, back to the third */
    char v[32];
    snprintf(v, sizeof v, "%lld", kent3);
    assert_int_equal(form_as(U_KENT_LPB, "pcc-responses", resp, "inspection_id", v), 303);
    /* Kent's body user changes its progress update */
    set = json_pack("{s:s}", "text", "still ours");
    assert_int_equal(patch_as(U_KENT_BODY, "progress-updates", id_of("kent", "progress-updates"), set, NULL), 200);
    json_decref(set);
    /* staff may move a response whose body is its inspection's */
    json_t *met_insp = json_pack("{s:s, s:s, s:s}", "body", "met", "kind", "thematic", "title", "Met spare");
    long long met2 = create("inspections", met_insp);
    json_decref(met_insp);
    set = json_pack("{s:I}", "inspection_id", (json_int_t)met2);
    assert_int_equal(patch_as(U_INSPECTOR, "pcc-responses", resp, set, NULL), 200);
    json_decref(set);
    json_t *row = row_get("pcc-responses", resp);
    assert_string_equal(json_string_value(json_object_get(row, "body")), "met");
    json_decref(row);
    set = json_pack("{s:I}", "inspection_id", (json_int_t)kent3);
    assert_int_equal(patch_as(U_INSPECTOR, "pcc-responses", resp, set, NULL), 200);
    json_decref(set);
    row = row_get("pcc-responses", resp);
    assert_string_equal(json_string_value(json_object_get(row, "body")), "kent");
    json_decref(row);
    /* but not a cause of Kent's to the Met's inspection (same body), nor a
     * Kent plan item to a Met pillar (its body is its plan's) */
    char *reply = NULL;
    set = json_pack("{s:I}", "inspection_id", (json_int_t)id_of("met", "inspections"));
    assert_int_equal(patch_as(U_INSPECTOR, "causes-of-concern", id_of("kent", "causes-of-concern"), set, &reply), 422);
    assert_non_null(strstr(reply, "another body"));
    free(reply);
    json_decref(set);
    set = json_pack("{s:I}", "pillar_id", (json_int_t)id_of("met", "plan-pillars"));
    assert_int_equal(patch_as(U_INSPECTOR, "plan-items", id_of("kent", "plan-items"), set, &reply), 422);
    assert_non_null(strstr(reply, "\"field\":\"pillar_id\""));
    free(reply);
    json_decref(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scoped_users_cannot_move_rows_to_another_body),
        cmocka_unit_test(pcc_response_stays_kents),
        cmocka_unit_test(own_body_and_staff_changes_still_work),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
