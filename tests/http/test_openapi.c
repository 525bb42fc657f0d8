/* test_openapi.c: GET /api/v1/openapi.json describes the API the server
 * actually answers with. Every route of the live table (GET /api/v1) is in
 * the document with its method; and real replies, made anonymously and as
 * staff, to every kind of route (reads of every entity, creates, changes,
 * refusals, feeds) are each checked against the document: the status is
 * documented for that operation, the media type is the documented one, and
 * the body validates against the documented JSON Schema (a small validator
 * below: $ref, type, enum, properties, required, items,
 * additionalProperties, maxLength, pattern). The document itself is linted
 * by Redocly in the browser suite (tests/e2e/openapi.spec.mjs). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "support/support.h"

static t_site_t S;
static char INSPECTOR[160];
static json_t *DOC;   /* the document, read once by setup */

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "openapi.db", T_SITE_DEMO) != 0) return -1;
    if (t_user_bearer(S.db, "lead", "inspector", NULL, INSPECTOR) != 0) return -1;
    if (t_site_serve(&S, t_today) != 0) return -1;
    t_http_t r;
    if (t_http(S.srv.port, "GET", "/api/v1/openapi.json", NULL, NULL, &r) != 0) return -1;
    DOC = r.status == 200 ? t_json(&r) : NULL;
    t_http_free(&r);
    return DOC ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    json_decref(DOC);
    return t_site_stop(&S);
}

/* ---- a small JSON Schema validator (the subset the document uses) ------ */

static const json_t *resolve(const json_t *schema)
{
    const char *r = json_string_value(json_object_get(schema, "$ref"));
    if (!r) return schema;
    const char *prefix = "#/components/schemas/";
    assert_true(strncmp(r, prefix, strlen(prefix)) == 0);
    const json_t *target = json_object_get(json_object_get(json_object_get(DOC, "components"), "schemas"),
                                           r + strlen(prefix));
    if (!target) fail_msg("dangling $ref %s", r);
    return target;
}

static int type_is(const json_t *v, const char *t)
{
    if (strcmp(t, "object") == 0) return json_is_object(v);
    if (strcmp(t, "array") == 0) return json_is_array(v);
    if (strcmp(t, "string") == 0) return json_is_string(v);
    if (strcmp(t, "integer") == 0) return json_is_integer(v);
    if (strcmp(t, "number") == 0) return json_is_number(v);
    if (strcmp(t, "boolean") == 0) return json_is_boolean(v);
    if (strcmp(t, "null") == 0) return json_is_null(v);
    fail_msg("unknown type %s", t);
    return 0;
}

/* Fails the test naming where (a JSON pointer of the reply) v breaks schema. */
static void validate(const json_t *schema0, const json_t *v, const char *where)
{
    const json_t *schema = resolve(schema0);
    const json_t *type = json_object_get(schema, "type");
    if (json_is_string(type)) {
        if (!type_is(v, json_string_value(type)))
            fail_msg("%s: %s is not of type %s", where, json_dumps(v, JSON_ENCODE_ANY), json_string_value(type));
    } else if (json_is_array(type)) {
        size_t i;
        json_t *t;
        int ok = 0;
        json_array_foreach(type, i, t) ok |= type_is(v, json_string_value(t));
        if (!ok) fail_msg("%s: %s is none of the types allowed", where, json_dumps(v, JSON_ENCODE_ANY));
    }
    const json_t *en = json_object_get(schema, "enum");
    if (en) {
        size_t i;
        json_t *e;
        int ok = 0;
        json_array_foreach(en, i, e) ok |= json_equal(e, (json_t *)v);
        if (!ok) fail_msg("%s: %s is not one of the values documented", where, json_dumps(v, JSON_ENCODE_ANY));
    }
    if (json_is_string(v)) {
        const json_t *max = json_object_get(schema, "maxLength");
        if (max && (json_int_t)json_string_length(v) > json_integer_value(max))
            fail_msg("%s: longer than maxLength", where);
        const char *pat = json_string_value(json_object_get(schema, "pattern"));
        if (pat) {
            regex_t re;
            assert_int_equal(regcomp(&re, pat, REG_EXTENDED | REG_NOSUB), 0);
            int m = regexec(&re, json_string_value(v), 0, NULL, 0);
            regfree(&re);
            if (m != 0) fail_msg("%s: '%s' does not match %s", where, json_string_value(v), pat);
        }
    }
    if (json_is_object(v)) {
        size_t i;
        json_t *req;
        json_array_foreach(json_object_get(schema, "required"), i, req) {
            if (!json_object_get(v, json_string_value(req)))
                fail_msg("%s: required member '%s' is missing", where, json_string_value(req));
        }
        const json_t *props = json_object_get(schema, "properties");
        const json_t *extra = json_object_get(schema, "additionalProperties");
        const char *k;
        json_t *m;
        json_object_foreach((json_t *)v, k, m) {
            char sub[512];
            snprintf(sub, sizeof sub, "%s/%s", where, k);
            const json_t *ps = json_object_get(props, k);
            if (ps)
                validate(ps, m, sub);
            else if (json_is_false(extra))
                fail_msg("%s: member not documented", sub);
        }
    }
    if (json_is_array(v) && json_object_get(schema, "items")) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item) {
            char sub[512];
            snprintf(sub, sizeof sub, "%s/%zu", where, i);
            validate(json_object_get(schema, "items"), item, sub);
        }
    }
}

/* ---- finding the operation for a real request ------------------------- */

/* Whether concrete path p (no query) matches template t ("{x}" = one segment). */
static int path_matches(const char *t, const char *p)
{
    while (*t && *p) {
        if (*t == '{') {
            const char *te = strchr(t, '}');
            if (!te) return 0;
            const char *pe = p + strcspn(p, "/");
            /* "{file}" may be the last segment with a suffix ("met.ics") */
            if (pe == p) return 0;
            t = te + 1;
            p = pe;
            continue;
        }
        if (*t != *p) return 0;
        t++;
        p++;
    }
    return *t == '\0' && *p == '\0';
}

static const json_t *operation_for(const char *method, const char *path)
{
    char bare[512], m[16];
    snprintf(bare, sizeof bare, "%s", path);
    bare[strcspn(bare, "?")] = '\0';
    size_t i = 0;
    for (; method[i] && i + 1 < sizeof m; i++) m[i] = (char)(method[i] | 0x20);
    m[i] = '\0';
    const json_t *paths = json_object_get(DOC, "paths");
    const json_t *exact = json_object_get(paths, bare);
    if (exact && json_object_get(exact, m)) return json_object_get(exact, m);
    const char *k;
    json_t *item;
    json_object_foreach((json_t *)paths, k, item) {
        if (path_matches(k, bare) && json_object_get(item, m)) return json_object_get(item, m);
    }
    return NULL;
}

/* Checks the reply r to method path against the document. */
static void conforms(const char *method, const char *path, const t_http_t *r)
{
    const json_t *op = operation_for(method, path);
    if (!op) fail_msg("%s %s is not in the document", method, path);
    const json_t *responses = json_object_get(op, "responses");
    char code[24], range[24];
    snprintf(code, sizeof code, "%ld", r->status);
    snprintf(range, sizeof range, "%ldXX", r->status / 100);
    const json_t *resp = json_object_get(responses, code);
    if (!resp) resp = json_object_get(responses, range);
    if (!resp) resp = json_object_get(responses, "default");
    if (!resp) fail_msg("%s %s answered %ld, which the document does not list", method, path, r->status);
    const json_t *content = json_object_get(resp, "content");
    if (!content || r->len == 0) return;
    char ctype[128];
    assert_int_equal(t_http_header(r, "Content-Type", ctype, sizeof ctype), 0);
    ctype[strcspn(ctype, ";")] = '\0';
    const json_t *media = json_object_get(content, ctype);
    if (!media) fail_msg("%s %s answered %ld as %s, not a documented media type", method, path, r->status, ctype);
    const json_t *schema = json_object_get(media, "schema");
    if (!schema) return;
    json_t *body = t_json(r);
    if (!body) fail_msg("%s %s: the %s reply is not JSON", method, path, ctype);
    char where[600];
    snprintf(where, sizeof where, "%s %s %ld", method, path, r->status);
    validate(schema, body, where);
    json_decref(body);
}

/* method path (body may be NULL) as auth; the reply checked, its body
 * parsed (caller decref's, may be NULL). */
static json_t *call(const char *auth, const char *method, const char *path, const char *body, const char *if_match)
{
    const char *hdr[4] = {auth ? auth : "", body ? "Content-Type: application/json" : "", "", NULL};
    char im[64];
    if (if_match) {
        snprintf(im, sizeof im, "If-Match: %s", if_match);
        hdr[2] = im;
    }
    t_http_t r;
    assert_int_equal(t_http(S.srv.port, method, path, body, hdr, &r), 0);
    conforms(method, path, &r);
    json_t *j = t_json(&r);
    t_http_free(&r);
    return j;
}

static void the_document_is_openapi_3_1(void **state)
{
    (void)state;
    assert_string_equal(json_string_value(json_object_get(DOC, "openapi")), "3.1.0");
    assert_non_null(json_object_get(json_object_get(DOC, "info"), "version"));
    /* the command line prints the same document */
    char *argv[] = {(char *)t_bin(), "help", "openapi", NULL};
    t_run_t r;
    assert_int_equal(t_run(argv, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    json_t *cli = json_loads(r.out, 0, NULL);
    assert_non_null(cli);
    assert_true(json_equal(cli, DOC));
    json_decref(cli);
    t_run_free(&r);
}

static void every_api_route_is_documented(void **state)
{
    (void)state;
    json_t *index = call(NULL, "GET", "/api/v1", NULL, NULL);
    size_t i, n = 0;
    json_t *route;
    json_array_foreach(json_object_get(index, "routes"), i, route) {
        const char *path = json_string_value(json_object_get(route, "path"));
        const char *method = json_string_value(json_object_get(route, "method"));
        if (strncmp(path, "/api/", 5) != 0 && strncmp(path, "/feeds/", 7) != 0 && strcmp(path, "/healthz") != 0)
            continue;
        char m[16];
        size_t k = 0;
        for (; method[k] && k + 1 < sizeof m; k++) m[k] = (char)(method[k] | 0x20);
        m[k] = '\0';
        const json_t *op = json_object_get(json_object_get(json_object_get(DOC, "paths"), path), m);
        if (!op) fail_msg("%s %s is served but not documented", method, path);
        assert_non_null(json_object_get(op, "operationId"));
        n++;
    }
    assert_true(n > 50);
    /* and nothing documented that is not served */
    size_t documented = 0;
    const char *k;
    json_t *item;
    json_object_foreach(json_object_get(DOC, "paths"), k, item) documented += json_object_size(item);
    assert_int_equal(documented, n);
    json_decref(index);
}

static void public_reads_conform(void **state)
{
    (void)state;
    static const char *const paths[] = {
        "/healthz", "/api/v1", "/api/v1/phases", "/api/v1/frameworks", "/api/v1/schema", "/api/v1/bodies",
        "/api/v1/bodies?kind=fire&limit=3", "/api/v1/bodies/met", "/api/v1/bodies/no-such-body",
        "/api/v1/bodies?limit=nope", "/api/v1/letters", "/api/v1/letters/1", "/api/v1/bodies/met/record",
        "/api/v1/deadlines", "/api/v1/export?format=json", "/feeds/decisions.atom", "/feeds/deadlines.ics",
        "/feeds/deadlines/met.ics", NULL};
    for (const char *const *p = paths; *p; p++) json_decref(call(NULL, "GET", *p, NULL, NULL));
}

static void every_entity_read_by_staff_conforms(void **state)
{
    (void)state;
    json_t *schema = call(NULL, "GET", "/api/v1/schema", NULL, NULL);
    size_t i;
    json_t *e;
    int seen_rows = 0;
    json_array_foreach(json_object_get(schema, "entities"), i, e) {
        const char *name = json_string_value(json_object_get(e, "name"));
        char path[256];
        snprintf(path, sizeof path, "/api/v1/%s?limit=5", name);
        if (!operation_for("GET", path)) continue;   /* an entity served by routes of its own */
        json_t *list = call(INSPECTOR, "GET", path, NULL, NULL);
        json_t *first = json_array_get(json_object_get(list, "items"), 0);
        if (first) {
            snprintf(path, sizeof path, "/api/v1/%s/%lld", name,
                     (long long)json_integer_value(json_object_get(first, "id")));
            json_decref(call(INSPECTOR, "GET", path, NULL, NULL));
            seen_rows++;
        }
        snprintf(path, sizeof path, "/api/v1/%s/999999", name);
        json_decref(call(INSPECTOR, "GET", path, NULL, NULL));
        json_decref(list);
    }
    assert_true(seen_rows >= 6);
    json_decref(schema);
}

static void writes_and_refusals_conform(void **state)
{
    (void)state;
    /* a create refused (missing fields), then one made, changed, and a stale change refused */
    json_decref(call(INSPECTOR, "POST", "/api/v1/inspections", "{}", NULL));
    json_decref(call(INSPECTOR, "POST", "/api/v1/inspections", "{\"nope\": 1}", NULL));
    json_decref(call(NULL, "POST", "/api/v1/inspections", "{}", NULL));
    json_t *made = call(INSPECTOR, "POST", "/api/v1/inspections",
                        "{\"body\": \"kent\", \"kind\": \"peel\", \"title\": \"PEEL 2025\", \"fieldwork_start\": \"2025-03\"}",
                        NULL);
    assert_non_null(made);
    long long id = (long long)json_integer_value(json_object_get(made, "id"));
    assert_true(id > 0);
    char path[128];
    snprintf(path, sizeof path, "/api/v1/inspections/%lld", id);
    json_decref(call(INSPECTOR, "PATCH", path, "{\"title\": \"PEEL 2025 (changed)\"}", "\"v1\""));
    json_decref(call(INSPECTOR, "PATCH", path, "{\"title\": \"again\"}", "\"v1\""));
    json_decref(call(INSPECTOR, "PATCH", path, "{\"title\": \"again\"}", NULL));
    json_decref(made);
    /* actions and imports */
    json_decref(call(INSPECTOR, "POST", "/api/v1/recommendations/999999/status", "{\"status\": \"closed\"}", NULL));
    json_decref(call(INSPECTOR, "POST", "/api/v1/causes-of-concern/999999/close", "{}", NULL));
    json_decref(call(INSPECTOR, "POST", "/api/v1/bodies/kent/decisions", "{}", NULL));
    json_decref(call(NULL, "POST", "/api/v1/session", "{\"username\": \"lead\", \"password\": \"wrong-password\"}",
                     NULL));
    json_decref(call(NULL, "POST", "/api/v1/session", "{\"username\": \"lead\", \"password\": \"password-lead\"}",
                     NULL));
    json_decref(call(INSPECTOR, "GET", "/api/v1/me", NULL, NULL));
    json_decref(call(INSPECTOR, "GET", "/api/v1/engage-candidates", NULL, NULL));
    json_decref(call(INSPECTOR, "GET", "/api/v1/bodies/met/readiness", NULL, NULL));
    json_decref(call(INSPECTOR, "GET", "/api/v1/bodies/met/pcc-responses", NULL, NULL));
    json_decref(call(INSPECTOR, "GET", "/api/v1/pcc-recommendation-responses", NULL, NULL));
    json_decref(call(INSPECTOR, "GET", "/api/v1/audit?limit=2", NULL, NULL));
    json_decref(call(NULL, "GET", "/api/v1/audit", NULL, NULL));
}

/* Template matching as the router does it: "{x}" is one segment. (That the
 * validator catches a wrong schema was checked by breaking the document's
 * Body.since type once: public_reads_conform failed.) */
static void path_templates_match_as_the_router_does(void **state)
{
    (void)state;
    assert_true(path_matches("/feeds/deadlines/{file}", "/feeds/deadlines/met.ics"));
    assert_false(path_matches("/api/v1/bodies/{code}", "/api/v1/bodies/met/record"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_document_is_openapi_3_1),
        cmocka_unit_test(every_api_route_is_documented),
        cmocka_unit_test(public_reads_conform),
        cmocka_unit_test(every_entity_read_by_staff_conforms),
        cmocka_unit_test(writes_and_refusals_conform),
        cmocka_unit_test(path_templates_match_as_the_router_does),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
