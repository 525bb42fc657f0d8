/* test_api.c: the real server on a loopback port, called over HTTP. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "support/support.h"

typedef struct {
    char hmci[160], inspector[160], body[160];   /* "Authorization: Bearer ..." headers */
} fx_t;

static fx_t FX;
static t_site_t S;

static int setup(void **state)
{
    if (t_site_init(&S, "api.db", T_SITE_INIT) != 0) return -1;
    struct { const char *user, *role, *body; char *header; } users[] = {
        {"chief", "hmci", NULL, FX.hmci}, {"hmi", "inspector", NULL, FX.inspector}, {"cheshire", "body", "cheshire", FX.body},
    };
    for (size_t i = 0; i < sizeof users / sizeof users[0]; i++)
        if (t_user_bearer(S.db, users[i].user, users[i].role, users[i].body, users[i].header) != 0) return -1;
    if (t_site_serve(&S, t_today) != 0) return -1;
    *state = &FX;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);   /* the server must stop cleanly (and leak-free under ASan) */
}

static void assert_problem(t_http_t *r, json_t *j, long status, const char *field, const char *needle)
{
    char type[128] = "";
    assert_int_equal(t_http_header(r, "Content-Type", type, sizeof type), 0);
    assert_string_equal(type, "application/problem+json");
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "status")), status);
    assert_non_null(json_string_value(json_object_get(j, "title")));
    const char *detail = json_string_value(json_object_get(j, "detail"));
    assert_non_null(detail);
    if (needle && !strstr(detail, needle)) fail_msg("detail '%s' lacks '%s'", detail, needle);
    if (field) assert_string_equal(json_string_value(json_object_get(j, "field")), field);
}

static void health(void **state)
{
    (void)state;
    t_http_t r;
    json_t *j = t_call(&S, "GET", "/healthz", NULL, NULL, 200, &r);
    assert_string_equal(json_string_value(json_object_get(j, "status")), "ok");
    char h[256];
    assert_int_equal(t_http_header(&r, "X-Content-Type-Options", h, sizeof h), 0);
    assert_string_equal(h, "nosniff");
    assert_int_equal(t_http_header(&r, "Content-Security-Policy", h, sizeof h), 0);
    assert_non_null(strstr(h, "frame-ancestors 'none'"));
    json_decref(j);
    t_http_free(&r);
}

static void bodies_list(void **state)
{
    (void)state;
    t_http_t r;
    json_t *j = t_call(&S, "GET", "/api/v1/bodies", NULL, NULL, 200, &r);
    json_t *bodies = json_object_get(j, "bodies");
    assert_int_equal(json_array_size(bodies), 92);   /* two of them retired: merged in 2021 */
    int found = 0;
    size_t i;
    json_t *b;
    json_array_foreach(bodies, i, b) {
        if (strcmp(json_string_value(json_object_get(b, "code")), "met") != 0) continue;
        found = 1;
        assert_string_equal(json_string_value(json_object_get(b, "name")), "Metropolitan Police Service");
        assert_string_equal(json_string_value(json_object_get(b, "kind")), "police");
        assert_string_equal(json_string_value(json_object_get(b, "phase")), "scan");
        assert_string_equal(json_string_value(json_object_get(b, "since")), "2025-01-23");
    }
    assert_true(found);
    json_decref(j);
    t_http_free(&r);
}

/* Filters and pages of the bodies list: each filter keeps exactly the
 * matching bodies of the whole list, pages add up to it in order, and a
 * bad argument is a 400 naming it. */
static void bodies_filtered_and_paged(void **state)
{
    (void)state;
    t_http_t r;
    json_t *all = t_call(&S, "GET", "/api/v1/bodies", NULL, NULL, 200, &r);
    t_http_free(&r);
    json_t *rows = json_object_get(all, "bodies");
    size_t n = json_array_size(rows);
    assert_int_equal(json_integer_value(json_object_get(all, "count")), (json_int_t)n);
    assert_null(json_object_get(all, "limit"));   /* unpaged: as before */
    const char *filters[][3] = {{"phase", "scan", "?phase=scan"}, {"phase", "engage", "?phase=engage"},
                                {"kind", "police", "?kind=police"}, {"kind", "fire", "?kind=fire"}};
    size_t sum_phase = 0;
    for (int f = 0; f < 4; f++) {
        char path[64];
        snprintf(path, sizeof path, "/api/v1/bodies%s", filters[f][2]);
        json_t *j = t_call(&S, "GET", path, NULL, NULL, 200, &r);
        t_http_free(&r);
        json_t *got = json_object_get(j, "bodies");
        size_t k = 0, i;
        json_t *b;
        json_array_foreach(rows, i, b) {
            if (strcmp(json_string_value(json_object_get(b, filters[f][0])), filters[f][1]) != 0) continue;
            json_t *g = json_array_get(got, k++);
            assert_non_null(g);
            assert_true(json_equal(g, b));
        }
        assert_int_equal(json_array_size(got), k);
        assert_int_equal(json_integer_value(json_object_get(j, "count")), (json_int_t)k);
        if (f < 2) sum_phase += k;
        json_decref(j);
    }
    assert_int_equal(sum_phase, n);   /* the demo's phases are scan and engage */
    /* pages of 10 add up to the whole list */
    json_t *joined = json_array();
    for (long off = 0;; off += 10) {
        char path[64];
        snprintf(path, sizeof path, "/api/v1/bodies?limit=10&offset=%ld", off);
        json_t *j = t_call(&S, "GET", path, NULL, NULL, 200, &r);
        t_http_free(&r);
        assert_int_equal(json_integer_value(json_object_get(j, "count")), (json_int_t)n);
        assert_int_equal(json_integer_value(json_object_get(j, "limit")), 10);
        assert_int_equal(json_integer_value(json_object_get(j, "offset")), off);
        json_array_extend(joined, json_object_get(j, "bodies"));
        int more = json_is_true(json_object_get(j, "more"));
        json_decref(j);
        if (!more) break;
    }
    assert_true(json_equal(joined, rows));
    json_decref(joined);
    json_decref(all);
    /* bad arguments */
    const char *bad[][3] = {{"/api/v1/bodies?phase=special", "phase", "scan, engage"},
                            {"/api/v1/bodies?kind=ambulance", "kind", "'police', 'fire' or 'national'"},
                            {"/api/v1/bodies?limit=0", "limit", "1 to 10000"},
                            {"/api/v1/bodies?limit=10&offset=-1", "offset", "0 to 1000000"}};
    for (int k = 0; k < 4; k++) {
        json_t *j = t_call(&S, "GET", bad[k][0], NULL, NULL, 400, &r);
        assert_problem(&r, j, 400, bad[k][1], bad[k][2]);
        json_decref(j);
        t_http_free(&r);
    }
}

static void body_detail(void **state)
{
    (void)state;
    t_http_t r;
    json_t *j = t_call(&S, "GET", "/api/v1/bodies/met", NULL, NULL, 200, &r);
    json_t *h = json_object_get(j, "history");
    assert_int_equal(json_array_size(h), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(h, 1), "phase")), "engage");
    assert_string_equal(json_string_value(json_object_get(json_array_get(h, 1), "from")), "2022-06-28");
    assert_string_equal(json_string_value(json_object_get(json_array_get(h, 1), "to")), "2025-01-23");
    char etag[64];
    assert_int_equal(t_http_header(&r, "ETag", etag, sizeof etag), 0);
    assert_int_equal(etag[0], '"');
    json_decref(j);
    t_http_free(&r);

    j = t_call(&S, "GET", "/api/v1/bodies/nowhere", NULL, NULL, 404, &r);
    assert_problem(&r, j, 404, NULL, "nowhere");
    json_decref(j);
    t_http_free(&r);
}

/* The 44 fire and rescue services of England (data/fire_services.csv), each
 * with its governance in one of the documented categories
 * (data/fire_services.sources.md), listed with the two that merged into
 * Hampshire and Isle of Wight's on 2021-04-01 (retired, naming it), and
 * the two real fire Engage cases with the dates of the published letters
 * and news releases. */
static void fire_services_listed(void **state)
{
    (void)state;
    t_http_t r;
    json_t *j = t_call(&S, "GET", "/api/v1/bodies?kind=fire", NULL, NULL, 200, &r);
    t_http_free(&r);
    json_t *bodies = json_object_get(j, "bodies");
    assert_true(json_array_size(bodies) >= 44);
    assert_int_equal(json_array_size(bodies), 46);
    assert_int_equal(json_integer_value(json_object_get(j, "count")), 46);
    int current = 0;
    const char *kinds[] = {"combined fire authority", "county or unitary council", "metropolitan fire authority",
                           "police, fire and crime commissioner", "mayor"};
    int per_kind[5] = {0};
    size_t i;
    json_t *b;
    json_array_foreach(bodies, i, b) {
        const char *code = json_string_value(json_object_get(b, "code"));
        size_t n = strlen(code);
        assert_true(n > 4 && strcmp(code + n - 4, "-frs") == 0);
        assert_string_equal(json_string_value(json_object_get(b, "kind")), "fire");
        assert_string_equal(json_string_value(json_object_get(b, "country")), "England");
        if (json_is_string(json_object_get(b, "retired_on"))) {
            assert_true(strcmp(code, "hampshire-frs") == 0 || strcmp(code, "isle-of-wight-frs") == 0);
            assert_string_equal(json_string_value(json_object_get(b, "retired_on")), "2021-04-01");
            assert_string_equal(json_string_value(json_object_get(b, "successor")), "hampshire-iow-frs");
            continue;
        }
        current++;
        char path[128];
        snprintf(path, sizeof path, "/api/v1/bodies/%s", code);
        json_t *d = t_call(&S, "GET", path, NULL, NULL, 200, &r);
        t_http_free(&r);
        const char *gov = json_string_value(json_object_get(d, "governance"));
        assert_non_null(gov);
        int k = 0;
        while (k < 5 && strcmp(gov, kinds[k]) != 0) k++;
        if (k == 5) fail_msg("%s: governance '%s' is not a documented category", code, gov);
        per_kind[k]++;
        const char *lpb = json_string_value(json_object_get(d, "local_policing_body"));
        assert_true(lpb && *lpb);
        json_decref(d);
    }
    assert_int_equal(current, 44);
    assert_int_equal(per_kind[0], 20);
    assert_int_equal(per_kind[1], 12);
    assert_int_equal(per_kind[2], 5);
    assert_int_equal(per_kind[3], 4);
    assert_int_equal(per_kind[4], 3);
    json_decref(j);

    j = t_call(&S, "GET", "/api/v1/bodies/london-frs", NULL, NULL, 200, &r);
    t_http_free(&r);
    assert_string_equal(json_string_value(json_object_get(j, "name")), "London Fire Brigade");
    assert_string_equal(json_string_value(json_object_get(j, "governance")), "mayor");
    assert_string_equal(json_string_value(json_object_get(j, "chief_officer_title")), "Commissioner");
    json_decref(j);
    j = t_call(&S, "GET", "/api/v1/bodies/cumbria-frs", NULL, NULL, 200, &r);
    t_http_free(&r);
    assert_string_equal(json_string_value(json_object_get(j, "governance")), "police, fire and crime commissioner");
    json_decref(j);

    /* the fire Engage cases: Scan, Engage from entry to exit, Scan since */
    const char *cases[][3] = {{"bucks-frs", "2023-11-22", "2025-03-07"},
                              {"gloucestershire-frs", "2022-07-12", "2025-08-12"}};
    for (int c = 0; c < 2; c++) {
        char path[128];
        snprintf(path, sizeof path, "/api/v1/bodies/%s", cases[c][0]);
        j = t_call(&S, "GET", path, NULL, NULL, 200, &r);
        t_http_free(&r);
        assert_string_equal(json_string_value(json_object_get(j, "kind")), "fire");
        assert_string_equal(json_string_value(json_object_get(j, "phase")), "scan");
        assert_string_equal(json_string_value(json_object_get(j, "since")), cases[c][2]);
        json_t *h = json_object_get(j, "history");
        assert_int_equal(json_array_size(h), 3);
        json_t *engage = json_array_get(h, 1);
        assert_string_equal(json_string_value(json_object_get(engage, "phase")), "engage");
        assert_string_equal(json_string_value(json_object_get(engage, "from")), cases[c][1]);
        assert_string_equal(json_string_value(json_object_get(engage, "to")), cases[c][2]);
        assert_string_equal(json_string_value(json_object_get(json_array_get(h, 2), "phase")), "scan");
        json_decref(j);
    }
}

static long long met_version(void)
{
    t_http_t r;
    json_t *j = t_call(&S, "GET", "/api/v1/bodies/met", NULL, NULL, 200, &r);
    long long v = json_integer_value(json_object_get(j, "version"));
    json_decref(j);
    t_http_free(&r);
    return v;
}

static void bad_decisions_change_nothing(void **state)
{
    (void)state;
    long long v = met_version();
    struct {
        const char *path, *body;
        long status;
        const char *field, *needle;
    } cases[] = {
        {"/api/v1/bodies/nowhere/decisions",
         "{\"to_phase\":\"engage\",\"decided_by\":\"HMCI\",\"effective_on\":\"2025-06-01\",\"rationale\":\"r\"}", 404, NULL, "nowhere"},
        {"/api/v1/bodies/met/decisions",
         "{\"to_phase\":\"scan\",\"decided_by\":\"HMCI\",\"effective_on\":\"2025-06-01\",\"rationale\":\"r\"}", 409, "to_phase", "already in Scan"},
        {"/api/v1/bodies/met/decisions",
         "{\"to_phase\":\"engage\",\"effective_on\":\"2025-06-01\",\"rationale\":\"r\"}", 422, "decided_by", "decided_by is required"},
        {"/api/v1/bodies/met/decisions",
         "{\"to_phase\":\"engage\",\"decided_by\":\"HMCI\",\"effective_on\":\"2024-06-01\",\"rationale\":\"r\"}", 422, "effective_on", "2025-01-23"},
        {"/api/v1/bodies/met/decisions",
         "{\"to_phase\":\"engage\",\"decided_by\":\"HMCI\",\"effective_on\":\"2025-06-01\"}", 422, "rationale", NULL},
        {"/api/v1/bodies/met/decisions",
         "{\"to_phase\":\"engage\",\"decided_by\":\"HMCI\",\"effective_on\":\"2025-06-01\",\"rationale\":\"r\",\"colour\":\"red\"}", 422, "colour", "unknown field"},
        {"/api/v1/bodies/met/decisions",
         "{\"to_phase\":\"engage\",\"decided_by\":3,\"effective_on\":\"2025-06-01\",\"rationale\":\"r\"}", 422, "decided_by", "string"},
        {"/api/v1/bodies/met/decisions", "{\"to_phase\":", 400, NULL, "not valid JSON"},
        {"/api/v1/bodies/met/decisions", "[1,2]", 400, NULL, "JSON object"},
        {"/api/v1/bodies/met/decisions",
         "{\"to_phase\":\"engage\",\"decided_by\":\"HMCI\",\"effective_on\":\"2099-06-01\",\"rationale\":\"r\"}", 422, "effective_on", "future"},
    };
    const char *auth[] = {FX.hmci, NULL};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        t_http_t r;
        json_t *j = t_call(&S, "POST", cases[i].path, cases[i].body, auth, cases[i].status, &r);
        assert_problem(&r, j, cases[i].status, cases[i].field, cases[i].needle);
        json_decref(j);
        t_http_free(&r);
    }
    assert_int_equal(met_version(), v);
}

static void stale_version_gets_412(void **state)
{
    (void)state;
    long long v = met_version();
    char im[64];
    snprintf(im, sizeof im, "If-Match: \"v%lld\"", v + 5);
    const char *h[] = {im, FX.hmci, NULL};
    t_http_t r;
    json_t *j = t_call(&S, "POST", "/api/v1/bodies/met/decisions",
                     "{\"to_phase\":\"engage\",\"decided_by\":\"HMCI\",\"effective_on\":\"2025-06-01\",\"rationale\":\"r\"}",
                     h, 412, &r);
    assert_problem(&r, j, 412, NULL, "changed");
    json_decref(j);
    t_http_free(&r);
    const char *bad[] = {"If-Match: banana", FX.hmci, NULL};
    j = t_call(&S, "POST", "/api/v1/bodies/met/decisions", "{}", bad, 400, &r);
    assert_problem(&r, j, 400, "If-Match", NULL);
    json_decref(j);
    t_http_free(&r);
    assert_int_equal(met_version(), v);
}

static void decision_recorded(void **state)
{
    (void)state;
    t_http_t r;
    json_t *j = t_call(&S, "GET", "/api/v1/bodies/kent", NULL, NULL, 200, &r);
    char etag[64], im[80];
    assert_int_equal(t_http_header(&r, "ETag", etag, sizeof etag), 0);
    json_decref(j);
    t_http_free(&r);
    snprintf(im, sizeof im, "If-Match: %s", etag);
    const char *h[] = {im, FX.hmci, NULL};
    j = t_call(&S, "POST", "/api/v1/bodies/kent/decisions",
             "{\"to_phase\":\"engage\",\"decided_by\":\"HMCI\",\"recommended_by\":\"Lead HMI\","
             "\"effective_on\":\"2025-12-01\",\"rationale\":\"Causes of concern\",\"meeting\":\"PPOG 2025-11-26\"}",
             h, 201, &r);
    assert_string_equal(json_string_value(json_object_get(j, "to_phase")), "engage");
    char loc[128];
    assert_int_equal(t_http_header(&r, "Location", loc, sizeof loc), 0);
    assert_string_equal(loc, "/api/v1/bodies/kent");
    json_decref(j);
    t_http_free(&r);
    /* the same If-Match again is now stale: the first write won, the second changes nothing */
    j = t_call(&S, "POST", "/api/v1/bodies/kent/decisions",
             "{\"to_phase\":\"scan\",\"decided_by\":\"HMCI\",\"effective_on\":\"2025-12-15\",\"rationale\":\"r\"}", h, 412, &r);
    json_decref(j);
    t_http_free(&r);
    j = t_call(&S, "GET", "/api/v1/bodies/kent", NULL, NULL, 200, &r);
    assert_string_equal(json_string_value(json_object_get(j, "phase")), "engage");
    assert_string_equal(json_string_value(json_object_get(j, "since")), "2025-12-01");
    json_decref(j);
    t_http_free(&r);
}

/* Only HMCI decides a phase change: anonymous 401, other roles 403, and
 * nothing changes until HMCI records it. */
static void decisions_need_hmci(void **state)
{
    (void)state;
    const char *dec = "{\"to_phase\":\"engage\",\"decided_by\":\"HMCI\",\"effective_on\":\"2025-12-01\",\"rationale\":\"r\"}";
    const char *path = "/api/v1/bodies/cheshire/decisions";
    t_http_t r;
    json_t *j = t_call(&S, "POST", path, dec, NULL, 401, &r);
    assert_problem(&r, j, 401, NULL, NULL);
    json_decref(j);
    t_http_free(&r);
    const char *bad_token[] = {"Authorization: Bearer ovt_00000000", NULL};
    j = t_call(&S, "POST", path, dec, bad_token, 401, &r);
    assert_problem(&r, j, 401, NULL, "token");
    json_decref(j);
    t_http_free(&r);
    const char *insp[] = {FX.inspector, NULL};
    j = t_call(&S, "POST", path, dec, insp, 403, &r);
    assert_problem(&r, j, 403, NULL, "inspector");
    json_decref(j);
    t_http_free(&r);
    const char *own[] = {FX.body, NULL};
    j = t_call(&S, "POST", path, dec, own, 403, &r);
    assert_problem(&r, j, 403, NULL, "body");
    json_decref(j);
    t_http_free(&r);
    j = t_call(&S, "GET", "/api/v1/bodies/cheshire", NULL, NULL, 200, &r);
    assert_string_equal(json_string_value(json_object_get(j, "phase")), "scan");
    json_decref(j);
    t_http_free(&r);
    const char *hmci[] = {FX.hmci, NULL};
    j = t_call(&S, "POST", path, dec, hmci, 201, &r);
    assert_string_equal(json_string_value(json_object_get(j, "to_phase")), "engage");
    json_decref(j);
    t_http_free(&r);
}

static void routing_errors(void **state)
{
    (void)state;
    t_http_t r;
    json_t *j = t_call(&S, "GET", "/api/v1/nothing", NULL, NULL, 404, &r);
    assert_problem(&r, j, 404, NULL, NULL);
    json_decref(j);
    t_http_free(&r);
    j = t_call(&S, "DELETE", "/api/v1/bodies", NULL, NULL, 405, &r);
    assert_problem(&r, j, 405, NULL, "GET");
    char allow[64];
    assert_int_equal(t_http_header(&r, "Allow", allow, sizeof allow), 0);
    assert_string_equal(allow, "GET, POST");
    json_decref(j);
    t_http_free(&r);
}

static void oversized_body_gets_413(void **state)
{
    (void)state;
    size_t n = (1 << 20) + 100;
    char *big = malloc(n + 1);
    memset(big, 'a', n);
    big[n] = '\0';
    t_http_t r;
    json_t *j = t_call(&S, "POST", "/api/v1/bodies/met/decisions", big, NULL, 413, &r);
    assert_problem(&r, j, 413, NULL, "larger than");
    json_decref(j);
    t_http_free(&r);
    free(big);
}

/* Found by fuzz/fuzz_request: a problem whose detail or field held invalid
 * UTF-8 (bad input echoed back, or a message cut mid-character) made the
 * problem body fail to build: 500 with no body instead of 400/422. */
static void problems_survive_bad_utf8(void **state)
{
    (void)state;
    const char *auth[] = {FX.hmci, NULL};
    t_http_t r;
    json_t *j = t_call(&S, "POST", "/api/v1/bodies/met/decisions", "\n\"\\\xCF\x9A", auth, 400, &r);
    assert_problem(&r, j, 400, NULL, "not valid JSON");
    json_decref(j);
    t_http_free(&r);

    char body[1400] = "{\"a";
    for (int i = 0; i < 600; i++) strcat(body, "\xC3\xA9");   /* a 1201-byte unknown field name */
    strcat(body, "\":1}");
    j = t_call(&S, "POST", "/api/v1/inspections", body, auth, 422, &r);
    assert_problem(&r, j, 422, NULL, "no field");
    assert_non_null(json_string_value(json_object_get(j, "field")));
    json_decref(j);
    t_http_free(&r);
}

static void index_lists_routes(void **state)
{
    (void)state;
    t_http_t r;
    json_t *j = t_call(&S, "GET", "/api/v1", NULL, NULL, 200, &r);
    assert_true(json_array_size(json_object_get(j, "routes")) >= 5);
    json_decref(j);
    t_http_free(&r);
    j = t_call(&S, "GET", "/api/v1/phases", NULL, NULL, 200, &r);
    assert_int_equal(json_array_size(json_object_get(j, "phases")), 2);
    json_decref(j);
    t_http_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(health), cmocka_unit_test(bodies_list),
        cmocka_unit_test(bodies_filtered_and_paged), cmocka_unit_test(body_detail),
        cmocka_unit_test(fire_services_listed),
        cmocka_unit_test(bad_decisions_change_nothing), cmocka_unit_test(stale_version_gets_412),
        cmocka_unit_test(decision_recorded), cmocka_unit_test(decisions_need_hmci), cmocka_unit_test(routing_errors),
        cmocka_unit_test(oversized_body_gets_413), cmocka_unit_test(index_lists_routes),
        cmocka_unit_test(problems_survive_bad_utf8),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
