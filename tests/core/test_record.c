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
    assert_int_equal(rec("open", "in_progress", "2023-11", NULL, &BODY_USER, &e), 0);
    assert_int_equal(rec("in_progress", "implemented", "2024-01-10", "audit at 95%", &BODY_USER, &e), 0);
    assert_int_equal(rec("implemented", "closed", "2025-01", NULL, &INSPECTOR, &e), 0);
    assert_int_equal(rec("open", "closed", "2025-01-20", NULL, &INSPECTOR, &e), 0);
}

static void rec_only_inspector_closes(void **state)
{
    (void)state;
    ov_error_t e;
    assert_int_equal(rec("implemented", "closed", "2025-01-20", NULL, &BODY_USER, &e), OV_EFORBIDDEN);
    assert_non_null(strstr(e.message, "only an inspector closes"));
    assert_int_equal(rec("open", "in_progress", "2024", NULL, &READER, &e), OV_EFORBIDDEN);
    assert_int_equal(rec("open", "implemented", "2024", "audit", &READER, &e), OV_EFORBIDDEN);
    assert_int_equal(rec("closed", "open", "2024", "failed audit", &READER, &e), OV_EFORBIDDEN);
}

static void rec_return_and_reopen_need_reason(void **state)
{
    (void)state;
    ov_error_t e;
    assert_int_equal(rec("implemented", "in_progress", "2024", NULL, &INSPECTOR, &e), OV_EINVALID);
    assert_string_equal(e.field, "reason");
    assert_int_equal(rec("implemented", "in_progress", "2024", "evidence thin", &INSPECTOR, &e), 0);
    assert_int_equal(rec("implemented", "in_progress", "2024", "x", &BODY_USER, &e), OV_EFORBIDDEN);
    assert_int_equal(rec("closed", "open", "2024", " ", &INSPECTOR, &e), OV_EINVALID);
    assert_string_equal(e.field, "reason");
    assert_int_equal(rec("closed", "open", "2024", "failed audit", &INSPECTOR, &e), 0);
    assert_int_equal(rec("closed", "open", "2024", "failed audit", &BODY_USER, &e), OV_EFORBIDDEN);
    assert_non_null(strstr(e.message, "reopens"));
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
    /* every change is dated: the API no longer defaults it to today */
    assert_int_equal(rec("open", "in_progress", " ", NULL, &BODY_USER, &e), OV_EINVALID);
    assert_string_equal(e.field, "on");
    assert_non_null(strstr(e.message, "required"));
    assert_int_equal(rec("open", "closed", "31/12/2023", NULL, &INSPECTOR, &e), OV_EINVALID);
    assert_string_equal(e.field, "on");
    assert_int_equal(rec("weird", "closed", "2024", NULL, &INSPECTOR, &e), OV_EINTERNAL);
}

/* The form always asked for the evidence of a claim; now the rule does. */
static void rec_claim_needs_evidence(void **state)
{
    (void)state;
    ov_error_t e;
    assert_int_equal(rec("in_progress", "implemented", "2024-01-10", NULL, &BODY_USER, &e), OV_EINVALID);
    assert_string_equal(e.field, "reason");
    assert_non_null(strstr(e.message, "evidence"));
    assert_int_equal(rec("open", "implemented", "2024-01-10", " \n", &INSPECTOR, &e), OV_EINVALID);
    assert_string_equal(e.field, "reason");
    assert_int_equal(rec("open", "implemented", "2024-01-10", "audit of May", &INSPECTOR, &e), 0);
}

/* The files a status change names: only a claim names any, each once. */
static void claim_evidence(void **state)
{
    (void)state;
    ov_error_t err = {0};
    long long two[] = {3, 4}, twice[] = {3, 3}, bad[] = {0};
    long long many[RECORD_CLAIM_FILES_MAX + 1];
    for (int i = 0; i <= RECORD_CLAIM_FILES_MAX; i++) many[i] = i + 1;
    assert_int_equal(record_check_claim_evidence("in_progress", NULL, 0, &err), 0);
    assert_int_equal(record_check_claim_evidence("implemented", two, 2, &err), 0);
    assert_int_equal(record_check_claim_evidence("in_progress", two, 2, &err), OV_EINVALID);
    assert_string_equal(err.field, "evidence_file_ids");
    assert_int_equal(record_check_claim_evidence("closed", two, 1, &err), OV_EINVALID);
    assert_int_equal(record_check_claim_evidence("implemented", twice, 2, &err), OV_EINVALID);
    assert_non_null(strstr(err.message, "twice"));
    assert_int_equal(record_check_claim_evidence("implemented", bad, 1, &err), OV_EINVALID);
    assert_int_equal(record_check_claim_evidence("implemented", many, RECORD_CLAIM_FILES_MAX, &err), 0);
    assert_int_equal(record_check_claim_evidence("implemented", many, RECORD_CLAIM_FILES_MAX + 1, &err), OV_EINVALID);
}

static void actor_from_role(void **state)
{
    (void)state;
    record_actor_t a = record_actor_from_role("inspector", "", "kent");
    assert_true(a.can_close && a.can_progress);
    a = record_actor_from_role("body", "kent", "kent");
    assert_true(!a.can_close && a.can_progress);
    a = record_actor_from_role("body", "kent", "essex");
    assert_true(!a.can_close && !a.can_progress);
    a = record_actor_from_role("public", "", "kent");
    assert_true(!a.can_close && !a.can_progress);
}

static void dates_not_before(void **state)
{
    (void)state;
    ov_error_t e = {0};
    assert_int_equal(record_check_not_before("2023-10-01", "2023-10-01", "on", &e), 0);
    assert_int_equal(record_check_not_before("2023-09-30", "2023-10-01", "on", &e), OV_EINVALID);
    assert_string_equal(e.field, "on");
    assert_non_null(strstr(e.message, "before the item was issued"));
    /* a month counts as its last day */
    assert_int_equal(record_check_not_before("2023-10", "2023-10-15", "on", &e), 0);
    assert_int_equal(record_check_not_before("2023", "2024-01", "closed_on", &e), OV_EINVALID);
    assert_string_equal(e.field, "closed_on");
    assert_int_equal(record_check_not_before(NULL, "2024", "on", &e), 0);
    assert_int_equal(record_check_not_before("2020", NULL, "on", &e), 0);
    assert_int_equal(record_check_not_before("soon", "2024", "on", &e), 0);
}

static void cause_close_on(void **state)
{
    (void)state;
    ov_error_t e = {0};
    assert_int_equal(record_check_cause_close_on("2025-11", &e), 0);
    assert_int_equal(record_check_cause_close_on(NULL, &e), OV_EINVALID);
    assert_string_equal(e.field, "on");
    assert_int_equal(record_check_cause_close_on("", &e), OV_EINVALID);
    assert_int_equal(record_check_cause_close_on("next week", &e), OV_EINVALID);
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

/* The public's words for a recommendation's status (issue #16), made from
 * the outcome recorded at closing (migration 016), never guessed. */
static void rec_public_status(void **state)
{
    (void)state;
    const char *code = NULL;
    assert_string_equal(record_rec_public_status("open", NULL, &code), "Open");
    assert_string_equal(code, "open");
    assert_string_equal(record_rec_public_status("in_progress", NULL, &code), "In progress");
    assert_string_equal(code, "in_progress");
    /* a claim awaiting verification is still in progress */
    record_rec_public_status("implemented", NULL, &code);
    assert_string_equal(code, "in_progress");
    assert_string_equal(record_rec_public_status("closed", "implemented", &code), "Closed \u2013 implemented");
    assert_string_equal(code, "closed_implemented");
    assert_string_equal(record_rec_public_status("closed", "not_implemented", &code), "Closed \u2013 not implemented");
    assert_string_equal(code, "closed_not_implemented");
    /* closed without a recorded outcome: said so, not taken as implemented */
    assert_string_equal(record_rec_public_status("closed", NULL, &code), "Closed \u2013 outcome not recorded");
    assert_string_equal(code, "closed_not_recorded");
    assert_string_equal(record_rec_public_status("closed", "", &code), "Closed \u2013 outcome not recorded");
    /* an outcome on an item not closed does not close it */
    assert_string_equal(record_rec_public_status("open", "implemented", &code), "Open");
    assert_string_equal(record_rec_public_status(NULL, NULL, NULL), "Open");
}

/* Superseded and withdrawn (sql/017): every field's problem at once, who
 * may, not twice, and the successor checked. */
static void rec_end(void **state)
{
    (void)state;
    ov_error_t e = {0};
    json_t *errors = json_object();
    record_rec_end_t s = {"superseded", "2025-02-01", "Replaced", 7};
    assert_int_equal(record_check_rec_end(&s, 3, "open", "2024-05", &INSPECTOR, errors, &e), 0);
    assert_int_equal(record_check_rec_end(&s, 3, "open", "2024-05", &BODY_USER, errors, &e), OV_EFORBIDDEN);
    assert_int_equal(record_check_rec_end(&s, 3, "closed", "2024-05", &INSPECTOR, errors, &e), OV_ECONFLICT);
    record_rec_end_t bad = {"superseded", "soon", " ", 3};
    assert_int_equal(record_check_rec_end(&bad, 3, "open", "2024-05", &INSPECTOR, errors, &e), OV_EINVALID);
    assert_int_equal(json_object_size(errors), 3);   /* on, reason, successor_id (itself) */
    json_object_clear(errors);
    record_rec_end_t early = {"withdrawn", "2024-01", "r", 0};
    assert_int_equal(record_check_rec_end(&early, 3, "open", "2024-05", &INSPECTOR, errors, &e), OV_EINVALID);
    assert_string_equal(e.field, "on");   /* before it was issued */
    json_object_clear(errors);
    record_rec_end_t with = {"withdrawn", "2025-01", "r", 9};
    assert_int_equal(record_check_rec_end(&with, 3, "open", "2024-05", &INSPECTOR, errors, &e), OV_EINVALID);
    assert_string_equal(e.field, "successor_id");
    json_object_clear(errors);
    record_rec_end_t kind = {"merged", "2025-01", "r", 0};
    assert_int_equal(record_check_rec_end(&kind, 3, "open", "2024-05", &INSPECTOR, errors, &e), OV_EINVALID);
    assert_string_equal(e.field, "kind");
    assert_int_equal(record_check_successor(1, NULL, errors), 0);
    assert_int_equal(record_check_successor(0, NULL, errors), 1);
    json_object_clear(errors);
    assert_int_equal(record_check_successor(1, "withdrawn", errors), 1);
    json_decref(errors);
    const char *code = NULL;
    assert_string_equal(record_rec_lifecycle_status("withdrawn", &code), "Withdrawn");
    assert_string_equal(code, "withdrawn");
    assert_string_equal(record_rec_lifecycle_status("superseded", &code), "Superseded");
    assert_null(record_rec_lifecycle_status(NULL, &code));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rec_forward_path), cmocka_unit_test(rec_only_inspector_closes),
        cmocka_unit_test(rec_return_and_reopen_need_reason), cmocka_unit_test(rec_bad_input),
        cmocka_unit_test(rec_claim_needs_evidence), cmocka_unit_test(claim_evidence), cmocka_unit_test(actor_from_role),
        cmocka_unit_test(dates_not_before), cmocka_unit_test(cause_close_on),
        cmocka_unit_test(cause_close), cmocka_unit_test(deadline_revision), cmocka_unit_test(rec_public_status),
        cmocka_unit_test(rec_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
