/* test_record.c: guards on recommendation status, cause closure, deadlines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "core/record.h"

static const record_actor_t INSPECTOR = {1, 1}, BODY_USER = {0, 1}, READER = {0, 0};

static int rec(const char *from, const char *to, const char *on, const char *reason, const record_actor_t *a,
               ov_error_t *err)
{
    ov_error_clear(err);
    return record_check_rec_status(from, to, on, reason, a, err);
}

static void rec_forward_path(void **state)
{
    (void)state;
    ov_error_t e;
    assert_int_equal(rec("open", "in_progress", NULL, NULL, &BODY_USER, &e), 0);
    assert_int_equal(rec("in_progress", "implemented", "2024-01-10", NULL, &BODY_USER, &e), 0);
    assert_int_equal(rec("implemented", "closed", "2025-01", NULL, &INSPECTOR, &e), 0);
    assert_int_equal(rec("open", "closed", "2025-01-20", NULL, &INSPECTOR, &e), 0);
}

static void rec_only_inspector_closes(void **state)
{
    (void)state;
    ov_error_t e;
    assert_int_equal(rec("implemented", "closed", "2025-01-20", NULL, &BODY_USER, &e), OV_EFORBIDDEN);
    assert_non_null(strstr(e.message, "only an inspector closes"));
    assert_int_equal(rec("open", "in_progress", NULL, NULL, &READER, &e), OV_EFORBIDDEN);
}

static void rec_return_and_reopen_need_reason(void **state)
{
    (void)state;
    ov_error_t e;
    assert_int_equal(rec("implemented", "in_progress", NULL, NULL, &INSPECTOR, &e), OV_EINVALID);
    assert_string_equal(e.field, "reason");
    assert_int_equal(rec("implemented", "in_progress", NULL, "evidence thin", &INSPECTOR, &e), 0);
    assert_int_equal(rec("implemented", "in_progress", NULL, "x", &BODY_USER, &e), OV_EFORBIDDEN);
    assert_int_equal(rec("closed", "open", NULL, " ", &INSPECTOR, &e), OV_EINVALID);
    assert_int_equal(rec("closed", "open", NULL, "failed audit", &INSPECTOR, &e), 0);
    assert_int_equal(rec("closed", "open", NULL, "failed audit", &BODY_USER, &e), OV_EFORBIDDEN);
}

static void rec_bad_input(void **state)
{
    (void)state;
    ov_error_t e;
    assert_int_equal(rec("open", "done", NULL, NULL, &INSPECTOR, &e), OV_EINVALID);
    assert_string_equal(e.field, "to");
    assert_int_equal(rec("open", NULL, NULL, NULL, &INSPECTOR, &e), OV_EINVALID);
    assert_int_equal(rec("open", "open", NULL, NULL, &INSPECTOR, &e), OV_ECONFLICT);
    assert_int_equal(rec("open", "implemented", NULL, NULL, &BODY_USER, &e), OV_EINVALID);
    assert_string_equal(e.field, "on");
    assert_int_equal(rec("open", "closed", "31/12/2023", NULL, &INSPECTOR, &e), OV_EINVALID);
    assert_string_equal(e.field, "on");
    assert_int_equal(rec("weird", "closed", "2024", NULL, &INSPECTOR, &e), OV_EINTERNAL);
}

static void cause_close(void **state)
{
    (void)state;
    ov_error_t e = {0};
    assert_int_equal(record_check_cause_close("open", "", NULL, &INSPECTOR, &e), 0);
    assert_int_equal(record_check_cause_close("open", NULL, NULL, &INSPECTOR, &e), 0);
    assert_int_equal(record_check_cause_close("open", "1, 2", NULL, &INSPECTOR, &e), OV_ECONFLICT);
    assert_string_equal(e.field, "override_reason");
    assert_non_null(strstr(e.message, "1, 2 still open"));
    assert_int_equal(record_check_cause_close("open", "1", "exit decided with it open", &INSPECTOR, &e), 0);
    assert_int_equal(record_check_cause_close("closed", "", NULL, &INSPECTOR, &e), OV_ECONFLICT);
    assert_int_equal(record_check_cause_close("open", "", NULL, &BODY_USER, &e), OV_EFORBIDDEN);
}

static void deadline_revision(void **state)
{
    (void)state;
    ov_error_t e = {0};
    assert_int_equal(record_check_deadline_revision("2023-10", "2023-12-31", "2024-03-31", "more time", "HMI", "2023-12-01", &e), 0);
    assert_int_equal(record_check_deadline_revision("2023-10", "2023-12-31", "2023-12-31", "r", "HMI", "2023-12-01", &e), OV_ECONFLICT);
    assert_int_equal(record_check_deadline_revision("2023-10", NULL, "2023-09-30", "r", "HMI", "2023-12-01", &e), OV_EINVALID);
    assert_string_equal(e.field, "new_deadline");
    assert_int_equal(record_check_deadline_revision("2023-10", NULL, "2023-10", "r", "HMI", "2023-12-01", &e), 0);
    assert_int_equal(record_check_deadline_revision(NULL, NULL, "soon", "r", "HMI", "2023-12-01", &e), OV_EINVALID);
    assert_int_equal(record_check_deadline_revision(NULL, NULL, "2024-01-01", "", "HMI", "2023-12-01", &e), OV_EINVALID);
    assert_string_equal(e.field, "reason");
    assert_int_equal(record_check_deadline_revision(NULL, NULL, "2024-01-01", "r", NULL, "2023-12-01", &e), OV_EINVALID);
    assert_string_equal(e.field, "agreed_by");
    assert_int_equal(record_check_deadline_revision(NULL, NULL, "2024-01-01", "r", "HMI", "yesterday", &e), OV_EINVALID);
    assert_string_equal(e.field, "agreed_on");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rec_forward_path), cmocka_unit_test(rec_only_inspector_closes),
        cmocka_unit_test(rec_return_and_reopen_need_reason), cmocka_unit_test(rec_bad_input),
        cmocka_unit_test(cause_close), cmocka_unit_test(deadline_revision),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
