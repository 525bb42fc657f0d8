/*
 * test_action_forms.c: what the generic action form handler
 * (src/web/form_action.c) keeps of each form's ways: the order of its
 * checks (a row's form asks for the version before the permission, the
 * phase decision after it), a field's check that runs when the field is
 * not shown (its message goes to the summary), the words and fields that
 * depend on who may close, and a link preselecting the change. Bearer
 * callers, so no CSRF token is needed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "support/support.h"

static t_site_t S;
static struct {
    char insp[160], kent[160], chief[160];   /* Bearer headers */
    long long rec;                          /* kent's open recommendation */
} FX;

/* POSTs form as who (expecting a 303) and returns the id its Location ends with. */
static long long create(const char *who, const char *path, const char *form)
{
    t_http_t r;
    char loc[200];
    t_form(&S, "POST", path, who, form, 303, &r);
    assert_int_equal(t_http_header(&r, "Location", loc, sizeof loc), 0);
    t_http_free(&r);
    const char *slash = strrchr(loc, '/');
    assert_non_null(slash);
    return atoll(slash + 1);
}

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "actions.db", T_SITE_DEMO) != 0) return -1;
    if (t_user_bearer(S.db, "insp", "inspector", NULL, FX.insp) != 0) return -1;
    if (t_user_bearer(S.db, "kentuser", "body", "kent", FX.kent) != 0) return -1;
    if (t_user_bearer(S.db, "chief", "hmci", NULL, FX.chief) != 0) return -1;
    return t_site_serve(&S, t_today);
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

static void record_for_kent(void **state)
{
    (void)state;
    char form[300];
    long long cause = create(FX.insp, "/record/causes-of-concern",
                             "body=kent&title=Crime+data&text=Crime+is+not+recorded+well&issued_on=2025-02");
    snprintf(form, sizeof form,
             "body=kent&cause_id=%lld&number=1&addressee=Chief+Constable&text=Fix+it&issued_on=2025-02-10", cause);
    FX.rec = create(FX.insp, "/record/recommendations", form);
    assert_true(FX.rec > 0);
}

static void checks_keep_their_order(void **state)
{
    (void)state;
    t_http_t r;
    char path[160];
    snprintf(path, sizeof path, "/record/recommendations/%lld/deadline", FX.rec);
    /* a row's form: no version is a 400 even for who may not act */
    t_form(&S, "POST", path, FX.kent, "new_deadline=2025-10", 400, &r);
    t_http_free(&r);
    t_form(&S, "POST", path, FX.kent, "version=1&new_deadline=2025-10", 403, &r);
    assert_non_null(strstr(r.body, "Your account (body) may not revise a deadline."));
    t_http_free(&r);
    /* the phase decision: the permission first */
    t_form(&S, "POST", "/record/bodies/kent/decision", FX.insp, "to_phase=engage", 403, &r);
    assert_non_null(strstr(r.body, "may not decide a phase change (HMCI only)."));
    t_http_free(&r);
    t_form(&S, "POST", "/record/bodies/kent/decision", FX.chief, "to_phase=engage", 400, &r);
    t_http_free(&r);
}

static void hidden_field_errors_reach_the_summary(void **state)
{
    (void)state;
    t_http_t r;
    char path[160];
    snprintf(path, sizeof path, "/record/recommendations/%lld/status", FX.rec);
    t_form(&S, "POST", path, FX.kent, "version=1&to=implemented&on=2025-03-01&revisit_id=abc", 422, &r);
    assert_null(strstr(r.body, "id=\"g-revisit_id\""));          /* a body's user sees no revisit */
    assert_non_null(strstr(r.body, "<li>Revisit must be a whole number</li>"));
    assert_non_null(strstr(r.body, "Give the evidence that it is implemented"));
    t_http_free(&r);
}

static void closers_see_more(void **state)
{
    (void)state;
    t_http_t r;
    char path[160];
    snprintf(path, sizeof path, "/record/recommendations/%lld/status?to=implemented", FX.rec);
    t_form(&S, "GET", path, FX.kent, NULL, 200, &r);
    assert_non_null(strstr(r.body, "<option value=\"implemented\" selected>"));
    assert_non_null(strstr(r.body, "What shows it is implemented (needed for a claim)."));
    assert_null(strstr(r.body, "value=\"closed\""));
    assert_null(strstr(r.body, "Evidence or reason"));
    t_http_free(&r);
    t_form(&S, "GET", path, FX.insp, NULL, 200, &r);
    assert_non_null(strstr(r.body, "Evidence or reason"));
    assert_non_null(strstr(r.body, "value=\"closed\""));
    assert_non_null(strstr(r.body, "id=\"g-revisit_id\""));
    assert_non_null(strstr(r.body, "value=\"2026-01-01\""));      /* the date of the change: today */
    t_http_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(record_for_kent),
        cmocka_unit_test(checks_keep_their_order),
        cmocka_unit_test(hidden_field_errors_reach_the_summary),
        cmocka_unit_test(closers_see_more),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
