/*
 * test_search.c: GET /search and GET /api/v1/search (docs/search.md) on the
 * demo database, served with today pinned to 2026-01-01.
 *
 * - `/search?q=exploitation` finds the Met, its words marked;
 * - the same searches give the same items in the same order on SQLite and
 *   on PostgreSQL: the expected lists below are one text for both (the
 *   suite runs on PostgreSQL under OVERSIGHT_TEST_PG, as scripts/test does);
 * - an item that is not published is found by no anonymous visitor and no
 *   other body, but by staff (and its own body's users for its record);
 *   publishing it, or changing its words, changes what is found at once
 *   (the index is kept by triggers);
 * - filters, order and pages; bad input is a 400 naming the field (or the
 *   form again with the error for browsers); the CSV download is
 *   formula-safe and the page escapes what it highlights.
 */
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

/* What the demo gives, on either database (same_results_on_every_database). */
#define EXPECT_EXPLOITATION "cause:4 decision:10"
#define EXPECT_CHILD "decision:10"
#define EXPECT_CAUSE_CONCERN "decision:16 decision:20 decision:23 decision:21 decision:6 cause:1"
#define EXPECT_2024 "decision:21 decision:10 decision:16 decision:8 decision:12 decision:17 recommendation:3 decision:13"
#define EXPECT_SCAN_FIRE "decision:23 decision:21 decision:20 decision:22"
/* the Met's part of the demo's national thematic report (2025), then its own three */
#define EXPECT_RECS "recommendation:28 recommendation:1 recommendation:2 recommendation:3"

static t_site_t S;
static char STAFF[200], INSPECTOR[200], KENT[200], METBODY[200];

static int setup(void **state)
{
    (void)state;
    curl_global_init(CURL_GLOBAL_ALL);
    if (t_site_init(&S, "search.db", T_SITE_DEMO) != 0) return -1;
    if (t_user_bearer(S.db, "staff", "admin", NULL, STAFF) != 0
        || t_user_bearer(S.db, "insp", "inspector", NULL, INSPECTOR) != 0
        || t_user_bearer(S.db, "kentbody", "body", "kent", KENT) != 0
        || t_user_bearer(S.db, "metbody", "body", "met", METBODY) != 0)
        return -1;
    return t_site_serve(&S, t_today);
}

static int teardown(void **state)
{
    (void)state;
    int rc = t_site_stop(&S);
    curl_global_cleanup();
    return rc;
}

/* GET /api/v1/search?QUERY as auth (NULL: anonymous), 200 wanted: the
 * reply (caller json_decref). */
static json_t *search(const char *auth, const char *query)
{
    char path[600];
    snprintf(path, sizeof path, "/api/v1/search?%s", query);
    const char *h[] = {auth ? auth : "", NULL};
    t_http_t r;
    json_t *j = t_call(&S, "GET", path, NULL, h, 200, &r);
    t_http_free(&r);
    if (!j) fail_msg("GET %s: not JSON", path);
    return j;
}

/* The results of a search as "type:id type:id ...", into out. */
static void found(const char *auth, const char *query, char *out, size_t n)
{
    json_t *j = search(auth, query);
    size_t i, used = 0;
    json_t *r;
    out[0] = '\0';
    json_array_foreach(json_object_get(j, "results"), i, r)
        used += (size_t)snprintf(out + used, used < n ? n - used : 0, "%s%s:%lld", i ? " " : "",
                                 json_string_value(json_object_get(r, "type")),
                                 (long long)json_integer_value(json_object_get(r, "id")));
    json_decref(j);
}

static long long total(const char *auth, const char *query)
{
    json_t *j = search(auth, query);
    long long t = json_integer_value(json_object_get(j, "total"));
    json_decref(j);
    return t;
}

/* POST body to path as auth: the new row's id (201 or 200 wanted). */
static long long make(const char *auth, const char *path, const char *body, const char *if_match)
{
    t_http_t r;
    json_t *j = t_call_as(&S, auth, "POST", path, body, if_match, 0, &r);
    if (r.status != 201 && r.status != 200) fail_msg("POST %s %s -> %ld %s", path, body, r.status, r.body);
    long long id = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    t_http_free(&r);
    return id;
}

static void patch(const char *auth, const char *path, const char *body)
{
    t_http_t r;
    char tag[64];
    t_get(&S, path, auth, 200, &r);
    if (t_http_header(&r, "ETag", tag, sizeof tag) != 0) fail_msg("no ETag on %s", path);
    t_http_free(&r);
    json_decref(t_call_as(&S, auth, "PATCH", path, body, tag, 200, &r));
    t_http_free(&r);
}

static void exploitation_finds_the_met(void **state)
{
    (void)state;
    t_http_t r;
    t_get(&S, "/search?q=exploitation", NULL, 200, &r);
    assert_non_null(strstr(r.body, "Metropolitan Police Service"));
    assert_non_null(strstr(r.body, "<mark>exploitation</mark>"));
    assert_non_null(strstr(r.body, "href=\"/causes-of-concern/"));
    assert_non_null(strstr(r.body, "role=\"search\""));
    t_http_free(&r);
    json_t *j = search(NULL, "q=exploitation");
    json_t *first = json_array_get(json_object_get(j, "results"), 0);
    assert_string_equal(json_string_value(json_object_get(first, "body")), "met");
    json_decref(j);
    /* the header's search box is on every page */
    t_get(&S, "/", NULL, 200, &r);
    assert_non_null(strstr(r.body, "action=\"/search\" role=\"search\""));
    assert_non_null(strstr(r.body, "<label for=\"header-q\""));
    t_http_free(&r);
}

/* One expected text for both databases: the words each index finds, the
 * order core/search.c gives them. */
static void same_results_on_every_database(void **state)
{
    (void)state;
    static const struct { const char *query, *want; } cases[] = {
        {"q=exploitation", EXPECT_EXPLOITATION},
        {"q=exploit", EXPECT_EXPLOITATION},
        {"q=EXPLOITATION!", EXPECT_EXPLOITATION},
        {"q=child-exploitation", EXPECT_CHILD},
        {"q=cause+concern&per_page=8", EXPECT_CAUSE_CONCERN},
        {"q=2024&per_page=8", EXPECT_2024},
        {"q=scan&kind=fire&per_page=5", EXPECT_SCAN_FIRE},
        {"type=recommendation&sort=date&body=met", EXPECT_RECS},
        {"q=zzzzqqq", ""},
    };
    char got[2000];
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        found(NULL, cases[i].query, got, sizeof got);
        if (strcmp(got, cases[i].want) != 0) {
            fprintf(stderr, "search %s: got \"%s\", want \"%s\"\n", cases[i].query, got, cases[i].want);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

static void unpublished_only_for_staff(void **state)
{
    (void)state;
    /* a report not published yet, its cause and recommendation, a draft letter */
    long long insp = make(STAFF, "/api/v1/inspections",
                          "{\"body\":\"met\",\"kind\":\"thematic\",\"title\":\"Quagga report\"}", NULL);
    char body[600], path[200];
    snprintf(body, sizeof body,
             "{\"body\":\"met\",\"inspection_id\":%lld,\"title\":\"Quagga handling SECRETQ\",\"text\":\"The quagga text SECRETQ.\","
             "\"issued_on\":\"2025-06-01\"}", insp);
    long long cause = make(STAFF, "/api/v1/causes-of-concern", body, NULL);
    snprintf(body, sizeof body,
             "{\"body\":\"met\",\"cause_id\":%lld,\"number\":\"Q1\",\"addressee\":\"x\",\"text\":\"Quagga rec SECRETQ.\","
             "\"issued_on\":\"2025-06-01\",\"original_deadline\":\"2025-09-30\"}", cause);
    long long rec = make(STAFF, "/api/v1/recommendations", body, NULL);
    make(STAFF, "/api/v1/letters", "{\"body\":\"met\",\"kind\":\"revisit\",\"title\":\"Quagga letter SECRETQ\"}", NULL);
    (void)rec;

    /* nobody outside finds them, at any door of the search */
    assert_int_equal(total(NULL, "q=quagga"), 0);
    assert_int_equal(total(KENT, "q=quagga"), 0);
    t_http_t r;
    const char *doors[] = {"/search?q=quagga", "/search?q=quagga&format=csv", "/search?q=quagga&format=json",
                           "/api/v1/search?q=quagga&format=csv", "/search", "/search?format=json",
                           "/api/v1/search?format=csv", NULL};
    for (int i = 0; doors[i]; i++) {
        t_get(&S, doors[i], NULL, 200, &r);
        if (strstr(r.body, "SECRETQ")) fail_msg("unpublished item in GET %s", doors[i]);
        t_http_free(&r);
        t_get(&S, doors[i], KENT, 200, &r);
        if (strstr(r.body, "SECRETQ")) fail_msg("unpublished item in GET %s as Kent", doors[i]);
        t_http_free(&r);
    }
    /* staff find all four; the Met's own users their record, not the draft */
    char got[400];
    found(STAFF, "q=quagga&sort=date", got, sizeof got);
    assert_non_null(strstr(got, "cause:"));
    assert_non_null(strstr(got, "recommendation:"));
    assert_non_null(strstr(got, "letter:"));
    assert_int_equal(total(STAFF, "q=quagga"), 3);
    t_get(&S, "/search?q=quagga", STAFF, 200, &r);
    assert_non_null(strstr(r.body, "<mark>Quagga</mark> handling SECRETQ"));
    t_http_free(&r);
    assert_int_equal(total(METBODY, "q=quagga"), 2);
    /* an overdue recommendation, found so by staff */
    json_t *j = search(STAFF, "q=quagga&overdue=1");
    assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
    assert_true(json_is_true(json_object_get(json_array_get(json_object_get(j, "results"), 0), "overdue")));
    json_decref(j);

    /* the report is published: the public finds the cause and the
     * recommendation (not the draft letter) */
    snprintf(path, sizeof path, "/api/v1/inspections/%lld", insp);
    patch(STAFF, path, "{\"published_on\":\"2025-07-01\"}");
    assert_int_equal(total(NULL, "q=quagga"), 2);
    /* changed words are found at once, the old ones no more */
    snprintf(path, sizeof path, "/api/v1/causes-of-concern/%lld", cause);
    patch(STAFF, path, "{\"text\":\"Okapi words now.\"}");
    assert_int_equal(total(NULL, "q=okapi"), 1);
    assert_int_equal(total(NULL, "q=quagga+text"), 0);

    /* staff find every public item too */
    json_t *pub = search(NULL, "per_page=100"), *all = search(STAFF, "per_page=100");
    assert_true(json_integer_value(json_object_get(all, "total")) > json_integer_value(json_object_get(pub, "total")));
    json_decref(pub);
    json_decref(all);
}

static void filters_order_and_pages(void **state)
{
    (void)state;
    json_t *j = search(NULL, "body=met&per_page=100");
    size_t i;
    json_t *r;
    assert_true(json_array_size(json_object_get(j, "results")) > 3);
    json_array_foreach(json_object_get(j, "results"), i, r)
        assert_string_equal(json_string_value(json_object_get(r, "body")), "met");
    json_decref(j);
    j = search(NULL, "kind=fire&per_page=100");
    json_array_foreach(json_object_get(j, "results"), i, r)
        assert_string_equal(json_string_value(json_object_get(r, "body_kind")), "fire");
    json_decref(j);
    j = search(NULL, "type=cause&status=closed&per_page=100");
    assert_true(json_array_size(json_object_get(j, "results")) > 0);
    json_array_foreach(json_object_get(j, "results"), i, r) {
        assert_string_equal(json_string_value(json_object_get(r, "type")), "cause");
        assert_string_equal(json_string_value(json_object_get(r, "status")), "closed");
    }
    json_decref(j);
    /* a date range, newest first */
    j = search(NULL, "from=2024-01-01&to=2024-12-31&sort=date&per_page=100");
    const char *prev = "9999";
    assert_true(json_array_size(json_object_get(j, "results")) > 0);
    json_array_foreach(json_object_get(j, "results"), i, r) {
        const char *d = json_string_value(json_object_get(r, "date"));
        assert_true(strncmp(d, "2024", 4) == 0);
        assert_true(strcmp(d, prev) <= 0);
        prev = d;
    }
    json_decref(j);
    /* pages: the second of two a page is the third and fourth of all */
    char all[2000], page[400], want[400];
    found(NULL, "sort=date&per_page=100", all, sizeof all);
    found(NULL, "sort=date&per_page=2&page=2", page, sizeof page);
    const char *p = all;
    for (int k = 0; k < 2; k++) p = strchr(p, ' ') + 1;
    const char *e = strchr(strchr(p, ' ') + 1, ' ');
    snprintf(want, sizeof want, "%.*s", (int)(e - p), p);
    assert_string_equal(page, want);
    /* the page links the next one, and the downloads */
    t_http_t r2;
    t_get(&S, "/search?q=scan&per_page=2", NULL, 200, &r2);
    assert_non_null(strstr(r2.body, "href=\"/search?q=scan&amp;per_page=2&amp;page=2\""));
    assert_non_null(strstr(r2.body, "href=\"/search?q=scan&amp;per_page=2&amp;format=csv\""));
    t_http_free(&r2);
}

static void bad_input_names_the_field(void **state)
{
    (void)state;
    char longq[300];
    memset(longq, 'a', 201);
    longq[201] = '\0';
    char path[400];
    snprintf(path, sizeof path, "/api/v1/search?q=%s", longq);
    const struct { const char *path, *field; } cases[] = {
        {path, "q"},
        {"/api/v1/search?from=2024-02-30", "from"},
        {"/api/v1/search?to=yesterday", "to"},
        {"/api/v1/search?from=2024-05-01&to=2024-04-01", "to"},
        {"/api/v1/search?kind=navy", "kind"},
        {"/api/v1/search?type=inspection", "type"},
        {"/api/v1/search?status=shelved", "status"},
        {"/api/v1/search?overdue=maybe", "overdue"},
        {"/api/v1/search?sort=random", "sort"},
        {"/api/v1/search?page=999", "page"},
        {"/api/v1/search?page=0", "page"},
        {"/api/v1/search?per_page=1000", "per_page"},
        {"/api/v1/search?body=atlantis", "body"},
        {"/api/v1/search?format=xml", "format"},
        {"/search?kind=navy&format=csv", "kind"},
        {NULL, NULL},
    };
    for (int i = 0; cases[i].path; i++) {
        t_http_t r;
        json_t *j = t_call(&S, "GET", cases[i].path, NULL, NULL, 400, &r);
        char ct[100] = "";
        t_http_header(&r, "Content-Type", ct, sizeof ct);
        if (!strstr(ct, "application/problem+json")) fail_msg("GET %s: %s", cases[i].path, ct);
        const char *field = json_string_value(json_object_get(j, "field"));
        if (!field || strcmp(field, cases[i].field) != 0)
            fail_msg("GET %s: field %s, want %s", cases[i].path, field ? field : "(none)", cases[i].field);
        json_decref(j);
        t_http_free(&r);
    }
    /* a browser gets the form again, the error tied to its field */
    t_http_t r;
    const char *html[] = {"Accept: text/html", NULL};
    json_decref(t_call(&S, "GET", "/search?q=x&from=2024-02-30", NULL, html, 400, &r));
    assert_non_null(strstr(r.body, "<title>Error: Search"));
    assert_non_null(strstr(r.body, "href=\"#f-from\""));
    assert_non_null(strstr(r.body, "aria-describedby=\"f-from-error\""));
    assert_non_null(strstr(r.body, "value=\"2024-02-30\""));
    t_http_free(&r);
}

static void csv_is_formula_safe_and_html_escaped(void **state)
{
    (void)state;
    long long insp = make(STAFF, "/api/v1/inspections",
                          "{\"body\":\"kent\",\"kind\":\"thematic\",\"title\":\"Wombat report\","
                          "\"published_on\":\"2025-01-01\"}", NULL);
    char body[600];
    snprintf(body, sizeof body,
             "{\"body\":\"kent\",\"inspection_id\":%lld,\"title\":\"@SUM(1) wombat <script>alert(1)</script>\","
             "\"text\":\"=HYPERLINK(\\\"http://x\\\") wombat\",\"issued_on\":\"2025-01-01\"}", insp);
    make(STAFF, "/api/v1/causes-of-concern", body, NULL);
    t_http_t r;
    const char *doors[] = {"/search?q=wombat&format=csv", "/api/v1/search?q=wombat&format=csv", NULL};
    for (int i = 0; doors[i]; i++) {
        t_get(&S, doors[i], NULL, 200, &r);
        char ct[100] = "";
        t_http_header(&r, "Content-Type", ct, sizeof ct);
        assert_non_null(strstr(ct, "text/csv"));
        assert_non_null(strstr(r.body, "\"'=HYPERLINK("));
        assert_non_null(strstr(r.body, ",'@SUM(1) wombat"));
        assert_null(strstr(r.body, ",=HYPERLINK"));
        assert_null(strstr(r.body, ",@SUM"));
        t_http_free(&r);
    }
    t_get(&S, "/search?q=script", NULL, 200, &r);
    assert_null(strstr(r.body, "<script>alert"));
    assert_non_null(strstr(r.body, "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;"));
    t_http_free(&r);
    /* the JSON download: every result, unpaged */
    json_t *j = t_call(&S, "GET", "/search?q=wombat&format=json", NULL, NULL, 200, &r);
    t_http_free(&r);
    assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exploitation_finds_the_met),
        cmocka_unit_test(same_results_on_every_database),
        cmocka_unit_test(bad_input_names_the_field),
        cmocka_unit_test(filters_order_and_pages),
        cmocka_unit_test(unpublished_only_for_staff),
        cmocka_unit_test(csv_is_formula_safe_and_html_escaped),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
