/* test_problem.c: api_problem_from_error never shows the server's own
 * words for a 500 (issue #13, finding 10): an internal error's message
 * (SQLite's or PostgreSQL's text, a path) goes to the server's log and the
 * client gets a fixed sentence; other statuses keep the message and field. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "api/api.h"

static void internal_errors_are_not_echoed(void **state)
{
    (void)state;
    http_response_t resp;
    memset(&resp, 0, sizeof resp);
    ov_error_t err = {0};
    ov_error_set(&err, OV_EINTERNAL, "", "write: disk I/O error on /var/lib/oversight/o.db");
    api_problem_from_error(&resp, &err);
    assert_int_equal(resp.status, 500);
    assert_non_null(resp.body);
    assert_null(strstr(resp.body, "disk I/O"));
    assert_null(strstr(resp.body, "/var/lib"));
    assert_non_null(strstr(resp.body, "could not complete this request"));
    free(resp.body);

    memset(&resp, 0, sizeof resp);
    ov_error_set(&err, OV_ECONFLICT, "inspection_id", "a PCC response for this inspection is already recorded");
    api_problem_from_error(&resp, &err);
    assert_int_equal(resp.status, 409);
    assert_non_null(strstr(resp.body, "already recorded"));
    assert_non_null(strstr(resp.body, "\"field\":\"inspection_id\""));
    free(resp.body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(internal_errors_are_not_echoed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
