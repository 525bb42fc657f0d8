/* test_router.c: the route table's matching and the captures it fills in
 * (http_request_param, http_request_param_id), without a server. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "http/http.h"

static int handler(http_request_t *req, http_response_t *resp)
{
    (void)req;
    (void)resp;
    return 0;
}

static const http_route_t routes[] = {
    {"GET", "/record/{entity}/{id}", handler, "a row"},
    {"GET", "/bodies/{code}", handler, "a body"},
    {NULL, NULL, NULL, NULL},
};

/* The id captured from path, matched against routes. */
static long long id_of(const char *path)
{
    http_request_t req;
    memset(&req, 0, sizeof req);
    int path_matched = 0;
    assert_non_null(http_route_match(routes, "GET", path, &req, &path_matched));
    return http_request_param_id(&req, "id");
}

static void ids_are_positive_whole_numbers(void **state)
{
    (void)state;
    assert_int_equal(id_of("/record/recommendations/12"), 12);
    assert_int_equal(id_of("/record/recommendations/9223372036854775807"), 9223372036854775807LL);
    assert_int_equal(id_of("/record/recommendations/0"), 0);
    assert_int_equal(id_of("/record/recommendations/-3"), 0);
    assert_int_equal(id_of("/record/recommendations/12x"), 0);
    assert_int_equal(id_of("/record/recommendations/abc"), 0);
}

static void a_missing_capture_is_no_id(void **state)
{
    (void)state;
    http_request_t req;
    memset(&req, 0, sizeof req);
    int path_matched = 0;
    assert_non_null(http_route_match(routes, "GET", "/bodies/kent", &req, &path_matched));
    assert_string_equal(http_request_param(&req, "code"), "kent");
    assert_null(http_request_param(&req, "id"));
    assert_int_equal(http_request_param_id(&req, "id"), 0);
    assert_int_equal(http_request_param_id(&req, "code"), 0);
}

/* Browsers' Accept headers ask for HTML; API clients' do not. */
static void accept_tells_a_browser_from_an_api_client(void **state)
{
    (void)state;
    /* Chromium's and Firefox's for a page */
    assert_true(http_prefers_html("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
                                  "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"));
    assert_true(http_prefers_html("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
    assert_true(http_prefers_html("TEXT/HTML"));
    assert_true(http_prefers_html("application/json;q=0.5, text/html"));
    assert_false(http_prefers_html(NULL));
    assert_false(http_prefers_html(""));
    assert_false(http_prefers_html("*/*"));
    assert_false(http_prefers_html("application/json"));
    assert_false(http_prefers_html("application/problem+json, */*"));
    assert_false(http_prefers_html("text/html;q=0"));
    assert_false(http_prefers_html("text/html;q=0.5, application/json"));
    assert_false(http_prefers_html("text/htmlx, application/json"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accept_tells_a_browser_from_an_api_client),
        cmocka_unit_test(ids_are_positive_whole_numbers),
        cmocka_unit_test(a_missing_capture_is_no_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
