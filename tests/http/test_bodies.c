/* test_bodies.c: bodies changed at run time, end to end over HTTP
 * (docs/bodies.md). An admin adds a fire service (it starts in the entry
 * level of the framework in force, and is listed with the others); anyone
 * else is refused (401/403) and bad input is 422 naming the field, a taken
 * code 409, nothing changed. National bodies are listed only with
 * ?kind=national. A rename keeps the code and records the former name; a
 * merge makes the successor, moves both predecessors' open items to it
 * (closed ones stay), retires both naming it; a retired body's record is
 * read-only (409 on every write). Who held a post is recorded with dates
 * and a letter names the holder on its date. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "support/support.h"

static t_site_t S;
static char ADMIN[160], INSPECTOR[160], HMCI[160];

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "bodies.db", T_SITE_DEMO) != 0) return -1;
    if (t_user_bearer(S.db, "boss", "admin", NULL, ADMIN) != 0) return -1;
    if (t_user_bearer(S.db, "lead", "inspector", NULL, INSPECTOR) != 0) return -1;
    if (t_user_bearer(S.db, "chief", "hmci", NULL, HMCI) != 0) return -1;
    return t_site_serve(&S, t_today);
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

static const char *s_of(const json_t *j, const char *k)
{
    return json_string_value(json_object_get(j, k));
}

static long long count_of(const char *path)
{
    json_t *j = t_call(&S, "GET", path, NULL, NULL, 200, NULL);
    long long n = json_integer_value(json_object_get(j, "count"));
    json_decref(j);
    return n;
}

static void problem(const char *auth, const char *method, const char *path, const char *body, long status,
                    const char *field, const char *needle)
{
    json_t *j = t_call_as(&S, auth, method, path, body, NULL, status, NULL);
    assert_non_null(j);
    if (field) assert_string_equal(s_of(j, "field") ? s_of(j, "field") : "(none)", field);
    if (needle && !strstr(s_of(j, "detail"), needle)) fail_msg("detail '%s' lacks '%s'", s_of(j, "detail"), needle);
    json_decref(j);
}

static void only_an_admin_adds_a_body(void **state)
{
    (void)state;
    const char *body = "{\"code\":\"test-frs\",\"name\":\"Test Fire and Rescue Service\",\"kind\":\"fire\","
                       "\"governance\":\"combined fire authority\",\"local_policing_body\":\"Test Fire Authority\","
                       "\"chief_officer_title\":\"Chief Fire Officer\",\"reason\":\"a new combination scheme\"}";
    long long fire = count_of("/api/v1/bodies?kind=fire");
    assert_true(fire >= 44);
    problem(NULL, "POST", "/api/v1/bodies", body, 401, NULL, NULL);
    problem(INSPECTOR, "POST", "/api/v1/bodies", body, 403, NULL, NULL);
    problem(HMCI, "POST", "/api/v1/bodies", body, 403, NULL, NULL);
    assert_int_equal(count_of("/api/v1/bodies?kind=fire"), fire);
    t_http_t r;
    json_t *j = t_call_as(&S, ADMIN, "POST", "/api/v1/bodies", body, NULL, 201, &r);
    char loc[128];
    assert_int_equal(t_http_header(&r, "Location", loc, sizeof loc), 0);
    assert_string_equal(loc, "/api/v1/bodies/test-frs");
    t_http_free(&r);
    assert_string_equal(s_of(j, "kind"), "fire");
    json_decref(j);
    assert_int_equal(count_of("/api/v1/bodies?kind=fire"), fire + 1);
    /* it starts in the entry level of the framework in force */
    json_t *fw = t_call(&S, "GET", "/api/v1/frameworks", NULL, NULL, 200, NULL);
    const char *entry = s_of(json_array_get(json_object_get(json_array_get(json_object_get(fw, "frameworks"), 0),
                                                            "levels"), 0), "code");
    json_t *b = t_call(&S, "GET", "/api/v1/bodies/test-frs", NULL, NULL, 200, NULL);
    assert_string_equal(s_of(b, "phase"), entry);
    assert_string_equal(s_of(b, "governance"), "combined fire authority");
    json_t *add = json_array_get(json_object_get(b, "changes"), 0);
    assert_string_equal(s_of(add, "change"), "add");
    assert_string_equal(s_of(add, "reason"), "a new combination scheme");
    assert_string_equal(s_of(add, "recorded_by"), "boss");
    assert_string_equal(s_of(add, "effective_on"), "2026-01-01");
    json_decref(b);
    json_decref(fw);
    /* the audit trail has the insert */
    json_t *audit = t_call_as(&S, ADMIN, "GET", "/api/v1/audit?entity=body-changes", NULL, NULL, 200, NULL);
    json_t *last = json_array_get(json_object_get(audit, "entries"), json_array_size(json_object_get(audit, "entries")) - 1);
    assert_non_null(last);
    assert_string_equal(s_of(last, "actor"), "boss");
    assert_string_equal(s_of(json_object_get(last, "after"), "reason"), "a new combination scheme");
    json_decref(audit);
}

static void bad_bodies_are_refused_naming_the_field(void **state)
{
    (void)state;
    long long all = count_of("/api/v1/bodies");
    problem(ADMIN, "POST", "/api/v1/bodies", "{\"code\":\"Bad Code\",\"name\":\"X\",\"kind\":\"fire\",\"reason\":\"r\"}",
            422, "code", NULL);
    problem(ADMIN, "POST", "/api/v1/bodies", "{\"code\":\"x-frs\",\"kind\":\"fire\",\"reason\":\"r\"}", 422, "name",
            NULL);
    problem(ADMIN, "POST", "/api/v1/bodies", "{\"code\":\"x-frs\",\"name\":\"X\",\"kind\":\"army\",\"reason\":\"r\"}", 422,
            "kind", "national");
    problem(ADMIN, "POST", "/api/v1/bodies", "{\"code\":\"x-frs\",\"name\":\"X\",\"kind\":\"fire\"}", 422, "reason", NULL);
    problem(ADMIN, "POST", "/api/v1/bodies",
            "{\"code\":\"x-frs\",\"name\":\"X\",\"kind\":\"fire\",\"reason\":\"r\",\"effective_on\":\"2026-13-01\"}", 422,
            "effective_on", NULL);
    problem(ADMIN, "POST", "/api/v1/bodies",
            "{\"code\":\"x-nat\",\"name\":\"X\",\"kind\":\"national\",\"governance\":\"mayor\",\"reason\":\"r\"}", 422,
            "governance", NULL);
    problem(ADMIN, "POST", "/api/v1/bodies", "{\"code\":\"x-frs\",\"name\":\"X\",\"kind\":\"fire\",\"reason\":\"r\",\"colour\":1}",
            422, NULL, NULL);
    /* a code taken by a body, or by a national body */
    problem(ADMIN, "POST", "/api/v1/bodies", "{\"code\":\"met\",\"name\":\"X\",\"kind\":\"police\",\"reason\":\"r\"}", 409,
            "code", "already exists");
    problem(ADMIN, "POST", "/api/v1/bodies", "{\"code\":\"home-office\",\"name\":\"X\",\"kind\":\"police\",\"reason\":\"r\"}",
            409, "code", "already exists");
    assert_int_equal(count_of("/api/v1/bodies"), all);
}

static void national_bodies_are_addressees_not_monitored(void **state)
{
    (void)state;
    json_t *j = t_call(&S, "GET", "/api/v1/bodies?kind=national", NULL, NULL, 200, NULL);
    json_t *list = json_object_get(j, "bodies");
    assert_true(json_array_size(list) >= 5);
    int ho = 0, cop = 0;
    size_t i;
    json_t *b;
    json_array_foreach(list, i, b) {
        assert_string_equal(s_of(b, "kind"), "national");
        assert_null(json_object_get(b, "phase"));
        ho |= strcmp(s_of(b, "code"), "home-office") == 0;
        cop |= strcmp(s_of(b, "code"), "college-of-policing") == 0;
    }
    assert_true(ho && cop);
    json_decref(j);
    /* never on the list of monitored bodies, the board or the candidates */
    j = t_call(&S, "GET", "/api/v1/bodies", NULL, NULL, 200, NULL);
    json_array_foreach(json_object_get(j, "bodies"), i, b) assert_string_not_equal(s_of(b, "kind"), "national");
    json_decref(j);
    t_http_t r;
    t_get(&S, "/", NULL, 200, &r);
    assert_null(strstr(r.body, "College of Policing"));
    t_http_free(&r);
    j = t_call_as(&S, INSPECTOR, "GET", "/api/v1/engage-candidates", NULL, NULL, 200, NULL);
    char *text = json_dumps(j, 0);
    assert_null(strstr(text, "home-office"));
    free(text);
    json_decref(j);
    /* one more, by the API */
    json_decref(t_call_as(&S, ADMIN, "POST", "/api/v1/bodies",
                          "{\"code\":\"hmpps\",\"name\":\"HM Prison and Probation Service\",\"kind\":\"national\","
                          "\"reason\":\"named as an addressee of a joint inspection\"}",
                          NULL, 201, NULL));
    json_t *one = t_call(&S, "GET", "/api/v1/bodies/hmpps", NULL, NULL, 200, NULL);
    assert_string_equal(s_of(one, "kind"), "national");
    json_decref(one);
}

static void a_rename_keeps_the_code_and_the_former_name(void **state)
{
    (void)state;
    problem(INSPECTOR, "POST", "/api/v1/bodies/test-frs/rename", "{\"name\":\"Y\",\"reason\":\"r\"}", 403, NULL, NULL);
    problem(ADMIN, "POST", "/api/v1/bodies/test-frs/rename", "{\"reason\":\"r\"}", 422, "name", NULL);
    problem(ADMIN, "POST", "/api/v1/bodies/nowhere/rename", "{\"name\":\"Y\",\"reason\":\"r\"}", 404, NULL, NULL);
    json_decref(t_call_as(&S, ADMIN, "POST", "/api/v1/bodies/test-frs/rename",
                          "{\"name\":\"Test and District Fire and Rescue Service\",\"effective_on\":\"2026-01-01\","
                          "\"reason\":\"the authority took a new name\"}",
                          NULL, 200, NULL));
    json_t *b = t_call(&S, "GET", "/api/v1/bodies/test-frs", NULL, NULL, 200, NULL);
    assert_string_equal(s_of(b, "code"), "test-frs");
    assert_string_equal(s_of(b, "name"), "Test and District Fire and Rescue Service");
    json_t *former = json_array_get(json_object_get(b, "former_names"), 0);
    assert_non_null(former);
    assert_string_equal(s_of(former, "name"), "Test Fire and Rescue Service");
    assert_string_equal(s_of(former, "to"), "2026-01-01");
    json_decref(b);
    /* the page shows it */
    t_http_t r;
    t_get(&S, "/bodies/test-frs", NULL, 200, &r);
    assert_non_null(strstr(r.body, "Test Fire and Rescue Service"));
    t_http_free(&r);
}

/* A rename or retirement with If-Match is checked against the body's
 * version inside the change's transaction: a stale one is refused (412)
 * and changes nothing; a bad one is 400; the current one passes. */
static void body_changes_honour_if_match(void **state)
{
    (void)state;
    json_t *b = t_call(&S, "GET", "/api/v1/bodies/test-frs", NULL, NULL, 200, NULL);
    long long v = json_integer_value(json_object_get(b, "version"));
    char *name = strdup(s_of(b, "name"));
    json_decref(b);
    assert_true(v > 0);
    char stale[32], now[32];
    snprintf(stale, sizeof stale, "\"v%lld\"", v + 3);
    snprintf(now, sizeof now, "\"v%lld\"", v);
    json_t *p = t_call_as(&S, ADMIN, "POST", "/api/v1/bodies/test-frs/rename", "{\"name\":\"Stale Name\",\"reason\":\"r\"}",
                          stale, 412, NULL);
    assert_string_equal(s_of(p, "field"), "If-Match");
    json_decref(p);
    json_decref(t_call_as(&S, ADMIN, "POST", "/api/v1/bodies/test-frs/retire", "{\"reason\":\"r\"}", stale, 412, NULL));
    json_decref(t_call_as(&S, ADMIN, "POST", "/api/v1/bodies/test-frs/rename", "{\"name\":\"Bad Tag\",\"reason\":\"r\"}",
                          "nonsense", 400, NULL));
    b = t_call(&S, "GET", "/api/v1/bodies/test-frs", NULL, NULL, 200, NULL);
    assert_string_equal(s_of(b, "name"), name);   /* nothing changed */
    assert_true(json_object_get(b, "retired_on") == NULL || json_is_null(json_object_get(b, "retired_on")));
    assert_int_equal(json_integer_value(json_object_get(b, "version")), v);
    json_decref(b);
    json_decref(t_call_as(&S, ADMIN, "POST", "/api/v1/bodies/test-frs/rename",
                          "{\"name\":\"Test and District FRS\",\"reason\":\"checked rename\"}", now, 200, NULL));
    /* the tag read before that rename is stale now */
    json_decref(t_call_as(&S, ADMIN, "POST", "/api/v1/bodies/test-frs/rename", "{\"name\":\"Again\",\"reason\":\"r\"}", now,
                          412, NULL));
    char back[300];
    snprintf(back, sizeof back, "{\"name\":\"%s\",\"reason\":\"back\"}", name);
    json_decref(t_call_as(&S, ADMIN, "POST", "/api/v1/bodies/test-frs/rename", back, NULL, 200, NULL));
    free(name);
}

/* POSTs body to path as the inspector; the new row's id. */
static long long create(const char *path, const char *body)
{
    json_t *j = t_call_as(&S, INSPECTOR, "POST", path, body, NULL, 201, NULL);
    long long id = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    return id;
}

static void get_body_of(const char *path, char out[64])
{
    json_t *j = t_call_as(&S, INSPECTOR, "GET", path, NULL, NULL, 200, NULL);
    snprintf(out, 64, "%s", s_of(j, "body") ? s_of(j, "body") : "");
    json_decref(j);
}

static void a_merge_moves_open_items_and_retires_the_predecessors(void **state)
{
    (void)state;
    json_decref(t_call_as(&S, ADMIN, "POST", "/api/v1/bodies",
                          "{\"code\":\"north-a\",\"name\":\"North A Police\",\"kind\":\"police\",\"reason\":\"test\"}", NULL,
                          201, NULL));
    json_decref(t_call_as(&S, ADMIN, "POST", "/api/v1/bodies",
                          "{\"code\":\"north-b\",\"name\":\"North B Police\",\"kind\":\"police\",\"reason\":\"test\"}", NULL,
                          201, NULL));
    long long open_a = create("/api/v1/causes-of-concern",
                              "{\"body\":\"north-a\",\"text\":\"Call handling\",\"issued_on\":\"2025-03-01\"}");
    long long closed_a = create("/api/v1/causes-of-concern",
                                "{\"body\":\"north-a\",\"text\":\"Custody\",\"issued_on\":\"2025-03-01\"}");
    json_decref(t_call_as(&S, INSPECTOR, "POST", "/api/v1/causes-of-concern/0/close", "{}", NULL, 404, NULL));
    char path[128];
    long long revisit_a = create("/api/v1/revisits", "{\"body\":\"north-a\",\"title\":\"Custody revisit\","
                                                     "\"started_on\":\"2025-08-01\"}");
    snprintf(path, sizeof path, "/api/v1/causes-of-concern/%lld/close", closed_a);
    char closing[200];
    snprintf(closing, sizeof closing,
             "{\"on\":\"2025-09-01\",\"outcome\":\"implemented\",\"reason\":\"Revisited\",\"revisit_id\":%lld}",
             revisit_a);
    json_decref(t_call_as(&S, INSPECTOR, "POST", path, closing, "\"v1\"", 200, NULL));
    long long rec_b = create("/api/v1/recommendations",
                             "{\"body\":\"north-b\",\"number\":\"1\",\"addressee\":\"Chief Constable\","
                             "\"text\":\"Improve call handling\",\"issued_on\":\"2025-03-01\"}");
    /* wrong callers, bad input: nothing happens */
    const char *merge = "{\"predecessors\":[\"north-a\",\"north-b\"],\"code\":\"north\",\"name\":\"North Police\","
                        "\"governance\":\"police and crime commissioner\",\"effective_on\":\"2026-01-01\","
                        "\"reason\":\"the two forces merged by order\"}";
    problem(INSPECTOR, "POST", "/api/v1/body-merges", merge, 403, NULL, NULL);
    problem(ADMIN, "POST", "/api/v1/body-merges", "{\"predecessors\":[\"north-a\"],\"code\":\"n\",\"name\":\"N\",\"reason\":\"r\"}",
            422, "predecessors", NULL);
    problem(ADMIN, "POST", "/api/v1/body-merges",
            "{\"predecessors\":[\"north-a\",\"avon-frs\"],\"code\":\"n\",\"name\":\"N\",\"reason\":\"r\"}", 422, "predecessors",
            "different kinds");
    problem(ADMIN, "POST", "/api/v1/body-merges",
            "{\"predecessors\":[\"north-a\",\"north-b\"],\"code\":\"met\",\"name\":\"N\",\"reason\":\"r\"}", 409, "code", NULL);
    char owner[64];
    snprintf(path, sizeof path, "/api/v1/causes-of-concern/%lld", open_a);
    get_body_of(path, owner);
    assert_string_equal(owner, "north-a");   /* the refused merges moved nothing */
    json_t *j = t_call_as(&S, ADMIN, "POST", "/api/v1/body-merges", merge, NULL, 201, NULL);
    assert_string_equal(s_of(j, "code"), "north");
    json_decref(j);
    /* open items moved; the closed one stayed */
    get_body_of(path, owner);
    assert_string_equal(owner, "north");
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld", rec_b);
    get_body_of(path, owner);
    assert_string_equal(owner, "north");
    snprintf(path, sizeof path, "/api/v1/causes-of-concern/%lld", closed_a);
    get_body_of(path, owner);
    assert_string_equal(owner, "north-a");
    /* both predecessors retired naming the successor; it names them */
    json_t *a = t_call(&S, "GET", "/api/v1/bodies/north-a", NULL, NULL, 200, NULL);
    assert_string_equal(s_of(a, "retired_on"), "2026-01-01");
    assert_string_equal(s_of(a, "successor"), "north");
    json_decref(a);
    json_t *n = t_call(&S, "GET", "/api/v1/bodies/north", NULL, NULL, 200, NULL);
    json_t *preds = json_object_get(n, "predecessors");
    assert_int_equal(json_array_size(preds), 2);
    assert_string_equal(s_of(json_array_get(preds, 0), "code"), "north-a");
    assert_string_equal(s_of(json_array_get(preds, 1), "code"), "north-b");
    assert_string_equal(s_of(n, "governance"), "police and crime commissioner");
    json_decref(n);
    /* the list says so */
    json_t *list = t_call(&S, "GET", "/api/v1/bodies?kind=police", NULL, NULL, 200, NULL);
    size_t i;
    json_t *b;
    int seen = 0;
    json_array_foreach(json_object_get(list, "bodies"), i, b) if (strcmp(s_of(b, "code"), "north-b") == 0) {
        assert_string_equal(s_of(b, "successor"), "north");
        seen = 1;
    }
    assert_true(seen);
    json_decref(list);
    t_http_t r;
    t_get(&S, "/bodies/north-a", NULL, 200, &r);
    assert_non_null(strstr(r.body, "/bodies/north"));
    assert_non_null(strstr(r.body, "etired"));
    t_http_t r2;
    t_get(&S, "/bodies/north", NULL, 200, &r2);
    assert_non_null(strstr(r2.body, "/bodies/north-a"));
    t_http_free(&r2);
    t_http_free(&r);
}

static void a_retired_body_is_read_only(void **state)
{
    (void)state;
    long long audit = t_audit_entries(S.db);
    problem(INSPECTOR, "POST", "/api/v1/causes-of-concern",
            "{\"body\":\"north-a\",\"text\":\"New\",\"issued_on\":\"2026-01-02\"}", 409, NULL, "retired");
    json_t *causes = t_call_as(&S, INSPECTOR, "GET", "/api/v1/causes-of-concern?body=north-a", NULL, NULL, 200, NULL);
    json_t *closed = json_array_get(json_object_get(causes, "items"), 0);
    assert_non_null(closed);
    char path[128];
    snprintf(path, sizeof path, "/api/v1/causes-of-concern/%lld", (long long)json_integer_value(json_object_get(closed, "id")));
    char im[32];
    snprintf(im, sizeof im, "\"v%lld\"", (long long)json_integer_value(json_object_get(closed, "version")));
    json_decref(causes);
    json_t *j = t_call_as(&S, INSPECTOR, "PATCH", path, "{\"title\":\"changed\"}", im, 409, NULL);
    assert_non_null(strstr(s_of(j, "detail"), "merged into 'north'"));
    json_decref(j);
    problem(HMCI, "POST", "/api/v1/bodies/north-a/decisions",
            "{\"to_phase\":\"engage\",\"decided_by\":\"HMCI\",\"effective_on\":\"2026-01-01\",\"rationale\":\"r\"}", 409, NULL,
            "retired");
    problem(ADMIN, "POST", "/api/v1/bodies/north-a/rename", "{\"name\":\"Z\",\"reason\":\"r\"}", 409, NULL, "retired");
    problem(ADMIN, "POST", "/api/v1/bodies/north-a/retire", "{\"reason\":\"r\"}", 409, NULL, "retired");
    problem(ADMIN, "POST", "/api/v1/body-merges",
            "{\"predecessors\":[\"north-a\",\"north\"],\"code\":\"n2\",\"name\":\"N\",\"reason\":\"r\"}", 409, NULL, "retired");
    assert_int_equal(t_audit_entries(S.db), audit);
    /* a body retired without a successor: an open cause made it an Engage
     * candidate; retired, it is none */
    create("/api/v1/causes-of-concern", "{\"body\":\"test-frs\",\"text\":\"Protection\",\"issued_on\":\"2025-06-01\"}");
    json_t *cands = t_call_as(&S, INSPECTOR, "GET", "/api/v1/engage-candidates", NULL, NULL, 200, NULL);
    char *text = json_dumps(cands, 0);
    assert_non_null(strstr(text, "\"test-frs\""));
    assert_non_null(strstr(text, "\"north\""));
    free(text);
    json_decref(cands);
    json_decref(t_call_as(&S, ADMIN, "POST", "/api/v1/bodies/test-frs/retire",
                          "{\"effective_on\":\"2026-01-01\",\"reason\":\"abolished\"}", NULL, 200, NULL));
    problem(INSPECTOR, "POST", "/api/v1/areas-for-improvement",
            "{\"body\":\"test-frs\",\"text\":\"x\",\"issued_on\":\"2026-01-01\"}", 409, NULL, "retired");
    cands = t_call_as(&S, INSPECTOR, "GET", "/api/v1/engage-candidates", NULL, NULL, 200, NULL);
    text = json_dumps(cands, 0);
    assert_null(strstr(text, "\"test-frs\""));
    assert_null(strstr(text, "\"north-a\""));
    assert_non_null(strstr(text, "\"north\""));
    free(text);
    json_decref(cands);
    /* its record is still read */
    json_t *b = t_call(&S, "GET", "/api/v1/bodies/test-frs", NULL, NULL, 200, NULL);
    assert_string_equal(s_of(b, "retired_on"), "2026-01-01");
    assert_true(json_is_null(json_object_get(b, "successor")));
    json_decref(b);
}

static void people_over_time(void **state)
{
    (void)state;
    json_t *j = t_call_as(&S, INSPECTOR, "GET", "/api/v1/bodies/met/people", NULL, NULL, 200, NULL);
    json_t *people = json_object_get(j, "people");
    int rowley = 0;
    size_t i;
    json_t *p;
    json_array_foreach(people, i, p) if (strcmp(s_of(p, "name"), "Sir Mark Rowley") == 0) {
        assert_string_equal(s_of(p, "from_on"), "2022-09-12");
        rowley = 1;
    }
    assert_true(rowley);
    json_decref(j);
    problem(INSPECTOR, "POST", "/api/v1/bodies/kent/people", "{\"post\":\"mayor\",\"name\":\"X\"}", 422, "post", NULL);
    problem(INSPECTOR, "POST", "/api/v1/bodies/kent/people",
            "{\"post\":\"chief_officer\",\"name\":\"X\",\"from_on\":\"2024-01-01\",\"to_on\":\"2023-01-01\"}", 422, NULL, NULL);
    problem(INSPECTOR, "POST", "/api/v1/bodies/nowhere/people", "{\"post\":\"chief_officer\",\"name\":\"X\"}", 404, NULL,
            NULL);
    j = t_call_as(&S, INSPECTOR, "POST", "/api/v1/bodies/kent/people",
                  "{\"post\":\"chief_officer\",\"name\":\"Tim Smith\",\"title\":\"Chief Constable\",\"from_on\":\"2023-01-01\"}",
                  NULL, 201, NULL);
    assert_string_equal(s_of(j, "body"), "kent");
    json_decref(j);
    assert_int_equal(count_of("/api/v1/bodies?kind=police") > 0, 1);
    /* the body's own record shows them */
    json_t *b = t_call(&S, "GET", "/api/v1/bodies/kent", NULL, NULL, 200, NULL);
    assert_int_equal(json_array_size(json_object_get(b, "people")), 1);
    json_decref(b);
}

/* Drafts a letter for body sent on day; its to_name. */
static void letter_to(const char *code, const char *day, const char *want)
{
    char in[200];
    if (day) snprintf(in, sizeof in, "{\"body\":\"%s\",\"kind\":\"revisit\",\"sent_on\":\"%s\"}", code, day);
    else snprintf(in, sizeof in, "{\"body\":\"%s\",\"kind\":\"revisit\"}", code);
    json_t *j = t_call_as(&S, INSPECTOR, "POST", "/api/v1/letters", in, NULL, 201, NULL);
    const char *got = s_of(json_object_get(j, "to"), "name");   /* the letter's model (docs/letter.h) */
    if (!got || strcmp(got, want) != 0) fail_msg("letter to %s on %s: to_name '%s', want '%s'", code, day ? day : "(none)",
                                                 got ? got : "(null)", want);
    json_decref(j);
}

static void a_letter_names_the_holder_on_its_day(void **state)
{
    (void)state;
    letter_to("met", "2021-06-01", "Commissioner Dame Cressida Dick");
    letter_to("met", "2022-06-01", "Acting Commissioner Dame Lynne Owens");
    letter_to("met", "2022-09-12", "Commissioner Sir Mark Rowley");
    letter_to("met", NULL, "Commissioner Sir Mark Rowley");
    /* none recorded on the day: the post, as before */
    letter_to("kent", "2022-06-01", "Chief Constable");
    letter_to("kent", "2024-06-01", "Chief Constable Tim Smith");
}

static char *cli(int want, const char *a1, ...)
{
    char *argv[10] = {(char *)t_bin(), (char *)a1};
    va_list ap;
    va_start(ap, a1);
    for (int i = 2; i < 9 && (argv[i] = va_arg(ap, char *)) != NULL; i++)
        ;
    va_end(ap);
    argv[9] = NULL;
    t_run_t r;
    assert_int_equal(t_run(argv, NULL, &r), 0);
    if (r.status != want) fail_msg("%s %s: exit %d, wanted %d: %s", a1, argv[2] ? argv[2] : "", r.status, want, r.err);
    char *out = strdup(want == 0 ? (r.out ? r.out : "") : (r.err ? r.err : ""));
    t_run_free(&r);
    return out;
}

static json_t *load_tables(const char *path)
{
    json_error_t je;
    json_t *doc = json_load_file(path, 0, &je);
    if (!doc) fail_msg("%s: %s", path, je.text);
    json_t *t = json_incref(json_object_get(doc, "tables"));
    json_decref(doc);
    assert_non_null(t);
    return t;
}

/* The export carries the new tables, and import-export restores them into
 * a fresh init database (JSON and CSV) with the successor link rebuilt. */
static void the_export_carries_bodies_and_people(void **state)
{
    (void)state;
    char a[400], b[400], c[400], dir[400], fresh[400], fresh_csv[400];
    snprintf(a, sizeof a, "%s/b-a.json", S.dir);
    snprintf(b, sizeof b, "%s/b-b.json", S.dir);
    snprintf(c, sizeof c, "%s/b-c.json", S.dir);
    snprintf(dir, sizeof dir, "%s/b-csv", S.dir);
    snprintf(fresh, sizeof fresh, "%s/b-fresh.db", S.dir);
    snprintf(fresh_csv, sizeof fresh_csv, "%s/b-fresh-csv.db", S.dir);
    json_t *api = t_call(&S, "GET", "/api/v1/export", NULL, NULL, 200, NULL);
    json_t *at = json_object_get(api, "tables");
    const char *names[] = {"bodies", "body_changes", "national_bodies", "body_people", "hmi_group_meetings",
                           "hmi_group_items", NULL};
    for (const char **n = names; *n; n++)
        if (!json_is_array(json_object_get(at, *n))) fail_msg("the export lacks %s", *n);
    assert_true(json_array_size(json_object_get(at, "body_changes")) >= 5);
    assert_true(json_array_size(json_object_get(at, "body_people")) >= 3);
    /* who recorded a change is not public */
    assert_null(json_object_get(json_array_get(json_object_get(at, "body_changes"), 0), "recorded_by"));
    json_decref(api);

    free(cli(0, "export", "--db", S.db, "--out", a, NULL));
    free(cli(0, "init", fresh, NULL));
    free(cli(0, "import-export", a, "--db", fresh, NULL));
    free(cli(0, "export", "--db", fresh, "--out", b, NULL));
    json_t *ta = load_tables(a), *tb = load_tables(b);
    for (const char **n = names; *n; n++)
        if (!json_equal(json_object_get(ta, *n), json_object_get(tb, *n))) fail_msg("%s differs after the restore", *n);
    char *shown = cli(0, "body", "show", "north-b", "--db", fresh, NULL);
    if (!strstr(shown, "\"successor\": \"north\"")) fail_msg("the restored north-b: %s", shown);
    free(shown);
    free(cli(0, "export", "--format", "csv", "--out", dir, "--db", S.db, NULL));
    free(cli(0, "init", fresh_csv, NULL));
    free(cli(0, "import-export", dir, "--db", fresh_csv, NULL));
    free(cli(0, "export", "--db", fresh_csv, "--out", c, NULL));
    json_t *tc = load_tables(c);
    for (const char **n = names; *n; n++)
        if (!json_equal(json_object_get(ta, *n), json_object_get(tc, *n))) fail_msg("%s differs after the CSV restore", *n);
    json_decref(ta);
    json_decref(tb);
    json_decref(tc);
}

static void hmi_group_meetings_are_recorded(void **state)
{
    (void)state;
    long long m = create("/api/v1/hmi-group-meetings", "{\"held_on\":\"2025-01-08\",\"notes\":\"Before the PPOG\"}");
    char in[200];
    snprintf(in, sizeof in, "{\"meeting_id\":%lld,\"body\":\"kent\",\"outcome\":\"refer_to_ppog\",\"notes\":\"x\"}", m);
    create("/api/v1/hmi-group-items", in);
    problem(INSPECTOR, "POST", "/api/v1/hmi-group-items", in, 409, NULL, NULL);   /* one item a body a meeting */
    snprintf(in, sizeof in, "{\"meeting_id\":%lld,\"body\":\"essex\",\"outcome\":\"promote\"}", m);
    problem(INSPECTOR, "POST", "/api/v1/hmi-group-items", in, 422, "outcome", NULL);
    char path[80];
    snprintf(path, sizeof path, "/api/v1/hmi-group-meetings/%lld", m);
    json_t *j = t_call_as(&S, INSPECTOR, "GET", path, NULL, NULL, 200, NULL);
    assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
    json_decref(j);
}

/* ---- an export made by another release: bodies matched by code ---- */

static long long id_of(const json_t *row, const char *col)
{
    return json_integer_value(json_object_get(row, col));
}

/* The body code of id in tables' own bodies table, or NULL. */
static const char *code_of(const json_t *tables, long long id)
{
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(tables, "bodies"), i, b)
        if (id_of(b, "id") == id) return s_of(b, "code");
    return NULL;
}

/* A copy of tables with every body link (body_id, other_body_id) the
 * body's code, and no ids on bodies and body changes: what must survive a
 * restore into a database that numbers bodies differently. */
static json_t *by_code(const json_t *tables)
{
    json_t *out = json_deep_copy(tables);
    const char *name;
    json_t *rows;
    json_object_foreach(out, name, rows) {
        size_t i;
        json_t *row;
        json_array_foreach(rows, i, row) {
            const char *cols[] = {"body_id", "other_body_id"};
            for (int c = 0; c < 2; c++) {
                json_t *v = json_object_get(row, cols[c]);
                if (!json_is_integer(v)) continue;
                const char *code = code_of(tables, json_integer_value(v));
                if (!code) fail_msg("%s row %zu: %s %lld names no body", name, i + 1, cols[c], (long long)json_integer_value(v));
                json_object_set_new(row, cols[c], json_string(code));
            }
            if (strcmp(name, "bodies") == 0 || strcmp(name, "body_changes") == 0) json_object_del(row, "id");
        }
    }
    return out;
}

static int in_rows(const json_t *rows, const json_t *row)
{
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
        if (json_equal(r, row)) return 1;
    return 0;
}

static void write_doc(const char *path, json_t *tables)
{
    json_t *doc = json_pack("{s:s, s:O}", "exported_at", "2026-12-05T00:00:00Z", "tables", tables);
    assert_int_equal(json_dump_file(doc, path, JSON_INDENT(1)), 0);
    json_decref(doc);
}

/* A body the reference merge added (issue #15): before it, a database
 * held hampshire-iow-frs alone, the fire services numbered in another
 * order. */
static int merge_body(const char *code)
{
    return code && (strcmp(code, "hampshire-frs") == 0 || strcmp(code, "isle-of-wight-frs") == 0);
}

/* An export as a database made before the reference merge gives it: the
 * two former services and the merge's changes gone, and every body
 * renumbered (ids in reverse order: the run-time bodies take ids this
 * database's reference bodies hold). */
static json_t *as_made_before(const json_t *now)
{
    json_t *t = json_deep_copy(now);
    json_object_del(t, "phase_periods");   /* derived: never restored */
    json_t *bodies = json_object_get(t, "bodies"), *changes = json_object_get(t, "body_changes");
    size_t i;
    json_t *row;
    for (i = json_array_size(changes); i-- > 0;) {
        row = json_array_get(changes, i);
        const char *a = code_of(now, id_of(row, "body_id")), *b = code_of(now, id_of(row, "other_body_id"));
        if (merge_body(a) || merge_body(b) || (strcmp(a, "hampshire-iow-frs") == 0 && strcmp(s_of(row, "change"), "add") == 0))
            json_array_remove(changes, i);
    }
    for (i = json_array_size(bodies); i-- > 0;)
        if (merge_body(s_of(json_array_get(bodies, i), "code"))) json_array_remove(bodies, i);
    long long top = 0;
    json_array_foreach(bodies, i, row)
        if (id_of(row, "id") > top) top = id_of(row, "id");
    const char *name;
    json_t *rows;
    json_object_foreach(t, name, rows) {
        json_array_foreach(rows, i, row) {
            const char *cols[] = {"body_id", "other_body_id", "id"};
            for (int c = 0; c < 3; c++) {
                if (c == 2 && strcmp(name, "bodies") != 0) break;
                json_t *v = json_object_get(row, cols[c]);
                if (!json_is_integer(v)) continue;
                if (merge_body(code_of(now, json_integer_value(v)))) fail_msg("%s row %zu names a former service", name, i + 1);
                json_integer_set(v, top + 1 - json_integer_value(v));
            }
        }
    }
    return t;
}

/* issue #15: an export made by a release that numbered the bodies
 * differently (before the reference merge) restores into a fresh init
 * database, every row on the body of the same code; a code the database
 * does not hold, and the export does not record adding, is refused naming
 * the file, the line and the field, and changes nothing. */
static void an_export_restores_by_body_code(void **state)
{
    (void)state;
    char a[400], old[400], bad[400], back[400], dir[400], p[500], fresh_path[400], fresh[512], bad_path[400],
         bad_db[512], empty[400];
    snprintf(a, sizeof a, "%s/code-a.json", S.dir);
    snprintf(old, sizeof old, "%s/code-old.json", S.dir);
    snprintf(bad, sizeof bad, "%s/code-bad.json", S.dir);
    snprintf(back, sizeof back, "%s/code-back.json", S.dir);
    snprintf(empty, sizeof empty, "%s/code-empty.json", S.dir);
    snprintf(dir, sizeof dir, "%s/code-csv", S.dir);
    snprintf(fresh_path, sizeof fresh_path, "%s/code-fresh.db", S.dir);
    snprintf(bad_path, sizeof bad_path, "%s/code-bad.db", S.dir);
    assert_int_equal(t_db_url(fresh, fresh_path), 0);
    assert_int_equal(t_db_url(bad_db, bad_path), 0);

    free(cli(0, "export", "--db", S.db, "--out", a, NULL));
    json_t *now = load_tables(a);
    json_t *before = as_made_before(now);
    write_doc(old, before);
    free(cli(0, "init", fresh, NULL));
    free(cli(0, "import-export", old, "--db", fresh, NULL));
    free(cli(0, "export", "--db", fresh, "--out", back, NULL));
    json_t *got = load_tables(back);
    json_t *want_c = by_code(before), *got_c = by_code(got);
    /* every table, by code: the same rows (phase_periods is derived) */
    const char *name;
    json_t *rows;
    json_object_foreach(want_c, name, rows) {
        if (strcmp(name, "phase_periods") == 0) continue;
        json_t *g = json_object_get(got_c, name);
        if (strcmp(name, "bodies") == 0 || strcmp(name, "body_changes") == 0) {
            size_t i;
            json_t *row;
            json_array_foreach(rows, i, row)
                if (!in_rows(g, row)) fail_msg("%s row %zu (%s) is not restored as it was", name, i + 1, s_of(row, "code"));
        } else if (!json_equal(rows, g)) {
            fail_msg("%s differs after the restore by code", name);
        }
    }
    assert_true(json_array_size(json_object_get(before, "decisions")) > 0);
    /* the reference merge the fresh database made is kept: the export
     * did not know the former services */
    char *shown = cli(0, "body", "show", "hampshire-frs", "--db", fresh, NULL);
    if (!strstr(shown, "\"successor\": \"hampshire-iow-frs\"")) fail_msg("hampshire-frs after the restore: %s", shown);
    free(shown);
    /* and the audit trail knows every row: the restored ones by the
     * restore's ranges (this database's ids), the merge's by their own */
    assert_int_equal(t_audit_deep(fresh), 0);
    json_decref(want_c);
    json_decref(got_c);
    json_decref(got);

    /* a code the database does not hold, in a JSON document: refused,
     * naming the file, the row and the field; nothing written */
    free(cli(0, "init", bad_db, NULL));
    free(cli(0, "export", "--db", bad_db, "--out", empty, NULL));
    json_t *kent = NULL;
    size_t i, kent_row = 0;
    json_t *row;
    json_array_foreach(json_object_get(before, "bodies"), i, row)
        if (strcmp(s_of(row, "code"), "kent") == 0) {
            kent = row;
            kent_row = i + 1;
        }
    assert_non_null(kent);
    json_object_set_new(kent, "code", json_string("kent-renamed"));
    write_doc(bad, before);
    char *err = cli(1, "import-export", bad, "--db", bad_db, NULL);
    char want[600];
    snprintf(want, sizeof want, "%s: bodies row %zu (id %lld): this database holds no body with code 'kent-renamed'", bad,
             kent_row, id_of(kent, "id"));
    if (!strstr(err, want) || !strstr(err, "[field code]") || !strstr(err, "nothing was imported"))
        fail_msg("import-export said: %s (wanted '%s')", err, want);
    free(err);
    /* a link to a body the export lacks */
    json_object_set_new(kent, "code", json_string("kent"));
    json_object_set_new(json_array_get(json_object_get(before, "decisions"), 0), "body_id", json_integer(99999));
    write_doc(bad, before);
    err = cli(1, "import-export", bad, "--db", bad_db, NULL);
    if (!strstr(err, ": decisions row 1: body_id 99999 is not a body of the export") || !strstr(err, "[field body_id]"))
        fail_msg("import-export said: %s", err);
    free(err);

    /* in a CSV directory: the file and its line */
    free(cli(0, "export", "--format", "csv", "--out", dir, "--db", S.db, NULL));
    snprintf(p, sizeof p, "%s/bodies.csv", dir);
    FILE *f = fopen(p, "rb");
    assert_non_null(f);
    char text[65536];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    char *at = strstr(text, "\r\n3,");   /* the body with id 3, on its own line */
    assert_non_null(at);
    int line = 2;
    for (char *c = text; c < at; c++) line += *c == '\n';
    char *code = at + 4, *comma = strchr(code, ',');
    assert_non_null(comma);
    char csv[65600];
    snprintf(csv, sizeof csv, "%.*sno-such-body%s", (int)(code - text), text, comma);
    f = fopen(p, "wb");
    assert_non_null(f);
    fputs(csv, f);
    fclose(f);
    err = cli(1, "import-export", dir, "--db", bad_db, NULL);
    snprintf(want, sizeof want, "%s line %d: bodies row 3 (id 3): this database holds no body with code 'no-such-body'", p,
             line);
    if (!strstr(err, want) || !strstr(err, "[field code]")) fail_msg("import-export said: %s (wanted '%s')", err, want);
    free(err);
    /* nothing was written by the refusals */
    free(cli(0, "export", "--db", bad_db, "--out", back, NULL));
    json_t *x = load_tables(empty), *y = load_tables(back);
    assert_true(json_equal(x, y));
    json_decref(x);
    json_decref(y);
    /* asked for, the body is added (a synthetic record) */
    free(cli(0, "import-export", dir, "--add-bodies", "--db", bad_db, NULL));
    shown = cli(0, "body", "show", "no-such-body", "--db", bad_db, NULL);
    free(shown);
    json_decref(before);
    json_decref(now);
}

/* The frameworks tables of an export past the phase model's limits
 * (core/phase.h) are refused naming the row, never restored in part. */
static void an_export_past_the_framework_limits_is_refused(void **state)
{
    (void)state;
    char doc[400], db_path[400], db[512];
    snprintf(doc, sizeof doc, "%s/limits.json", S.dir);
    snprintf(db_path, sizeof db_path, "%s/limits.db", S.dir);
    assert_int_equal(t_db_url(db, db_path), 0);
    json_t *fws = json_array();
    for (int k = 2; k <= 9; k++) {
        char code[16];
        snprintf(code, sizeof code, "fw%d", k);
        json_array_append_new(fws, json_pack("{s:s, s:s, s:i}", "code", code, "name", code, "position", k));
    }
    json_t *tables = json_pack("{s:o}", "frameworks", fws);
    write_doc(doc, tables);
    json_decref(tables);
    free(cli(0, "init", db, NULL));
    char *err = cli(1, "import-export", doc, "--db", db, NULL);
    if (!strstr(err, "limits.json: frameworks row 8 (code fw9): at most 8 frameworks can be held; this row would be number 9")
        || !strstr(err, "[field code]"))
        fail_msg("import-export said: %s", err);
    free(err);
    char *list = cli(0, "framework", "list", "--db", db, NULL);
    assert_null(strstr(list, "fw2"));
    free(list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(only_an_admin_adds_a_body),
        cmocka_unit_test(bad_bodies_are_refused_naming_the_field),
        cmocka_unit_test(national_bodies_are_addressees_not_monitored),
        cmocka_unit_test(a_rename_keeps_the_code_and_the_former_name),
        cmocka_unit_test(body_changes_honour_if_match),
        cmocka_unit_test(a_merge_moves_open_items_and_retires_the_predecessors),
        cmocka_unit_test(a_retired_body_is_read_only),
        cmocka_unit_test(people_over_time),
        cmocka_unit_test(a_letter_names_the_holder_on_its_day),
        cmocka_unit_test(hmi_group_meetings_are_recorded),
        cmocka_unit_test(the_export_carries_bodies_and_people),
        cmocka_unit_test(an_export_restores_by_body_code),
        cmocka_unit_test(an_export_past_the_framework_limits_is_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
