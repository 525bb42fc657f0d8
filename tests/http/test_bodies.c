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
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
