/* test_phase.c: the phase model and the decision rules, each error named. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "core/phase.h"
#include "core/body.h"

static phase_model_t M;
static odate_t TODAY;

static int setup(void **state)
{
    (void)state;
    phase_model_default(&M);
    date_parse("2025-06-01", &TODAY);
    return 0;
}

static decision_input_t valid(void)
{
    decision_input_t in = {
        .to_phase = "engage", .decided_by = "Sir Andy Cooke", .effective_on = "2022-06-28",
        .rationale = "Call handling and professional standards",
    };
    return in;
}

static int check(const char *current, const char *last, decision_input_t in, ov_error_t *err)
{
    body_phase_state_t st = {current, {0, 0, 0, 0}, 0, NULL};
    if (last) { date_parse(last, &st.last_change); st.has_last_change = 1; }
    decision_checked_t out;
    ov_error_clear(err);
    return rules_decision_check(&M, &st, &in, &TODAY, &out, err);
}

static void model_default(void **state)
{
    (void)state;
    assert_string_equal(phase_default(&M)->code, "scan");
    assert_non_null(phase_find(&M, "engage"));
    assert_null(phase_find(&M, "special-measures"));
    assert_string_equal(phase_transition_find(&M, "scan", "engage")->decider_role, "hmci");
    assert_null(phase_transition_find(&M, "scan", "scan"));
}

static void accepts_valid(void **state)
{
    (void)state;
    ov_error_t err;
    assert_int_equal(check("scan", NULL, valid(), &err), 0);
    decision_input_t in = valid();
    in.to_phase = "scan";
    in.effective_on = "2025-01-23";
    assert_int_equal(check("engage", "2022-06-28", in, &err), 0);
    in.effective_on = "2025-06-01";   /* today is allowed */
    assert_int_equal(check("engage", "2022-06-28", in, &err), 0);
}

static void rejects_each_bad_field(void **state)
{
    (void)state;
    ov_error_t err;
    decision_input_t in;

    in = valid(); in.to_phase = NULL;
    assert_int_equal(check("scan", NULL, in, &err), OV_EINVALID);
    assert_string_equal(err.field, "to_phase");

    in = valid(); in.to_phase = "special";
    assert_int_equal(check("scan", NULL, in, &err), OV_EINVALID);
    assert_non_null(strstr(err.message, "unknown phase"));

    in = valid();   /* same phase as now */
    assert_int_equal(check("engage", "2022-01-01", in, &err), OV_ECONFLICT);
    assert_non_null(strstr(err.message, "already in Engage"));

    in = valid(); in.decided_by = "  ";
    assert_int_equal(check("scan", NULL, in, &err), OV_EINVALID);
    assert_string_equal(err.field, "decided_by");

    in = valid(); in.effective_on = NULL;
    assert_int_equal(check("scan", NULL, in, &err), OV_EINVALID);
    assert_string_equal(err.field, "effective_on");

    in = valid(); in.effective_on = "28/06/2022";
    assert_int_equal(check("scan", NULL, in, &err), OV_EINVALID);
    assert_string_equal(err.field, "effective_on");

    in = valid(); in.effective_on = "2026-01-01";   /* future */
    assert_int_equal(check("scan", NULL, in, &err), OV_EINVALID);
    assert_non_null(strstr(err.message, "future"));

    in = valid(); in.decided_on = "June 2022";
    assert_int_equal(check("scan", NULL, in, &err), OV_EINVALID);
    assert_string_equal(err.field, "decided_on");

    in = valid(); in.rationale = "";
    assert_int_equal(check("scan", NULL, in, &err), OV_EINVALID);
    assert_string_equal(err.field, "rationale");
}

static void effective_must_follow_last_change(void **state)
{
    (void)state;
    ov_error_t err;
    decision_input_t in = valid();
    in.to_phase = "scan";
    in.effective_on = "2022-06-27";
    assert_int_equal(check("engage", "2022-06-28", in, &err), OV_EINVALID);
    assert_string_equal(err.field, "effective_on");
    assert_non_null(strstr(err.message, "2022-06-28"));
    in.effective_on = "2022-06-28";   /* same day: not after */
    assert_int_equal(check("engage", "2022-06-28", in, &err), OV_EINVALID);
    in.effective_on = "2023-09-15";   /* after a month-precision change */
    assert_int_equal(check("engage", "2023-09", in, &err), 0);
    in.effective_on = "2023-08-31";
    assert_int_equal(check("engage", "2023-09", in, &err), OV_EINVALID);
}

static void only_the_decider_role(void **state)
{
    (void)state;
    ov_error_t err;
    decision_input_t in = valid();
    in.actor_role = "inspector";
    assert_int_equal(check("scan", NULL, in, &err), OV_EFORBIDDEN);
    assert_non_null(strstr(err.message, "HMCI"));
    in.actor_role = "hmci";
    assert_int_equal(check("scan", NULL, in, &err), 0);
}

static void overlong_fields(void **state)
{
    (void)state;
    ov_error_t err;
    static char big[DECISION_TEXT_MAX + 2];
    memset(big, 'x', sizeof big - 1);
    decision_input_t in = valid();
    in.rationale = big;
    assert_int_equal(check("scan", NULL, in, &err), OV_EINVALID);
    assert_string_equal(err.field, "rationale");
    in = valid();
    in.decided_by = big;
    assert_int_equal(check("scan", NULL, in, &err), OV_EINVALID);
    assert_string_equal(err.field, "decided_by");
}

static void body_checks(void **state)
{
    (void)state;
    ov_error_t err;
    body_input_t b = {"met", "Metropolitan Police Service", "police", "England", NULL, NULL, NULL};
    assert_int_equal(rules_body_check(&b, &err), 0);
    b.code = "Met";
    assert_int_equal(rules_body_check(&b, &err), OV_EINVALID);
    assert_string_equal(err.field, "code");
    b.code = "-x";
    assert_int_equal(rules_body_check(&b, &err), OV_EINVALID);
    b.code = "bucks-frs";
    b.kind = "ambulance";
    assert_int_equal(rules_body_check(&b, &err), OV_EINVALID);
    assert_string_equal(err.field, "kind");
    b.kind = "fire";
    b.name = "";
    assert_int_equal(rules_body_check(&b, &err), OV_EINVALID);
    assert_string_equal(err.field, "name");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(model_default), cmocka_unit_test(accepts_valid),
        cmocka_unit_test(rejects_each_bad_field), cmocka_unit_test(effective_must_follow_last_change),
        cmocka_unit_test(only_the_decider_role), cmocka_unit_test(overlong_fields),
        cmocka_unit_test(body_checks),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
