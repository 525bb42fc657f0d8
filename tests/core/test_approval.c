/* test_approval.c: the four-eyes rule of letters (core/approval.h): the
 * drafter, and anyone who changed the draft, may not approve it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "core/approval.h"

static void another_person_approves(void **state)
{
    (void)state;
    ov_error_t err = {0};
    assert_int_equal(approval_check_four_eyes("insp", NULL, "chief", &err), 0);
    assert_int_equal(approval_check_four_eyes("insp", NULL, "insp2", &err), 0);
    /* a prefix is another account */
    assert_int_equal(approval_check_four_eyes("insp", NULL, "in", &err), 0);
    assert_int_equal(approval_check_four_eyes("in", NULL, "insp", &err), 0);
    assert_int_equal(approval_check_four_eyes("insp", NULL, "chief", NULL), 0);
}

static void the_drafter_is_refused(void **state)
{
    (void)state;
    ov_error_t err = {0};
    assert_int_equal(approval_check_four_eyes("insp", NULL, "insp", &err), OV_EFORBIDDEN);
    assert_int_equal(err.status, OV_EFORBIDDEN);
    assert_string_equal(err.field, "approved_by");
    assert_non_null(err.rule);
    assert_string_equal(err.rule, APPROVAL_RULE_FOUR_EYES);
    assert_string_equal(err.rule, "four-eyes");
    /* the message names the rule and the drafter, and says who may */
    assert_string_equal(err.message, "Four-eyes rule: insp drafted this letter, and whoever drafts a letter may not "
                                     "approve it; another inspector or HMCI must approve it");
    /* without an error record: the status alone */
    assert_int_equal(approval_check_four_eyes("chief", NULL, "chief", NULL), OV_EFORBIDDEN);
}

static void no_drafter_on_record(void **state)
{
    (void)state;
    /* loaded as history (oversight load, the demo): no person drafted it */
    ov_error_t err = {0};
    assert_int_equal(approval_check_four_eyes(NULL, NULL, "demo", &err), 0);
    assert_int_equal(approval_check_four_eyes("", NULL, "insp", &err), 0);
}

static void the_approver_is_named(void **state)
{
    (void)state;
    ov_error_t err = {0};
    assert_int_equal(approval_check_four_eyes("insp", NULL, NULL, &err), OV_EINVALID);
    assert_string_equal(err.field, "approved_by");
    assert_null(err.rule);
    assert_int_equal(approval_check_four_eyes(NULL, NULL, "", &err), OV_EINVALID);
}

static void a_later_error_clears_the_rule(void **state)
{
    (void)state;
    ov_error_t err = {0};
    assert_int_equal(approval_check_four_eyes("insp", NULL, "insp", &err), OV_EFORBIDDEN);
    assert_non_null(err.rule);
    ov_error_set(&err, OV_ESTALE, "If-Match", "changed");
    assert_null(err.rule);
    assert_int_equal(approval_check_four_eyes("insp", NULL, "insp", &err), OV_EFORBIDDEN);
    ov_error_clear(&err);
    assert_null(err.rule);
}

static void long_names_are_cut_not_overrun(void **state)
{
    (void)state;
    char name[300];
    memset(name, 'a', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    ov_error_t err = {0};
    assert_int_equal(approval_check_four_eyes(name, NULL, name, &err), OV_EFORBIDDEN);
    assert_true(strlen(err.message) < sizeof err.message);
    assert_non_null(strstr(err.message, "another inspector or HMCI must approve it"));
}

/* issue #13 (2): an inspector who rewrites an analyst's draft is one of its
 * writers and may not approve it alone; a third person may */
static void whoever_changed_the_draft_is_refused(void **state)
{
    (void)state;
    ov_error_t err = {0};
    const char *edited[] = {"ana", "insp", NULL};
    assert_int_equal(approval_check_four_eyes("ana", edited, "insp", &err), OV_EFORBIDDEN);
    assert_string_equal(err.field, "approved_by");
    assert_non_null(err.rule);
    assert_string_equal(err.rule, APPROVAL_RULE_FOUR_EYES);
    assert_string_equal(err.message, "Four-eyes rule: insp changed the draft of this letter, and whoever drafts or "
                                     "changes a letter may not approve it; another inspector or HMCI must approve it");
    /* the drafter is named as the drafter, editor or not */
    assert_int_equal(approval_check_four_eyes("ana", edited, "ana", &err), OV_EFORBIDDEN);
    assert_non_null(strstr(err.message, "ana drafted this letter"));
    /* a letter loaded as history and changed since: its editors are barred */
    assert_int_equal(approval_check_four_eyes(NULL, edited, "insp", &err), OV_EFORBIDDEN);
    assert_int_equal(approval_check_four_eyes("", edited, "insp", NULL), OV_EFORBIDDEN);
    /* the last of several editors counts as much as the first */
    const char *many[] = {"a", "b", "c", "chief", NULL};
    assert_int_equal(approval_check_four_eyes("ana", many, "chief", &err), OV_EFORBIDDEN);
    /* a third person approves; a prefix or an empty list bars nobody else */
    ov_error_clear(&err);
    assert_int_equal(approval_check_four_eyes("ana", edited, "chief", &err), 0);
    assert_int_equal(approval_check_four_eyes("ana", edited, "ins", &err), 0);
    const char *none[] = {NULL};
    assert_int_equal(approval_check_four_eyes("ana", none, "insp", &err), 0);
    /* an approval still names its approver */
    assert_int_equal(approval_check_four_eyes("ana", edited, "", &err), OV_EINVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(another_person_approves), cmocka_unit_test(the_drafter_is_refused),
        cmocka_unit_test(no_drafter_on_record),    cmocka_unit_test(the_approver_is_named),
        cmocka_unit_test(a_later_error_clears_the_rule), cmocka_unit_test(long_names_are_cut_not_overrun),
        cmocka_unit_test(whoever_changed_the_draft_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
