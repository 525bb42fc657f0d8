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
    /* the date of the change: today, in its day, month and year fields */
    assert_non_null(strstr(r.body, "id=\"f-on-day\" name=\"on-day\" value=\"01\""));
    assert_non_null(strstr(r.body, "id=\"f-on-month\" name=\"on-month\" value=\"01\""));
    assert_non_null(strstr(r.body, "id=\"f-on-year\" name=\"on-year\" value=\"2026\""));
    t_http_free(&r);
}

static void has(const t_http_t *r, const char *needle)
{
    if (!r->body || !strstr(r->body, needle)) fail_msg("the page lacks '%s'", needle);
}

/* POSTs HMCI's decision for kent with the dates as typed in their three
 * fields; returns the reply (caller frees). */
static void decide(const char *eff_day, const char *eff_month, const char *eff_year, long want, t_http_t *r)
{
    t_http_t g;
    t_form(&S, "GET", "/record/bodies/kent/decision", FX.chief, NULL, 200, &g);
    const char *v = strstr(g.body, "name=\"version\" value=\"");
    assert_non_null(v);
    long long version = atoll(v + strlen("name=\"version\" value=\""));
    t_http_free(&g);
    char form[600];
    snprintf(form, sizeof form,
             "version=%lld&to_phase=engage&effective_on-day=%s&effective_on-month=%s&effective_on-year=%s"
             "&decided_on-day=&decided_on-month=&decided_on-year=&decided_by=HMCI&rationale=Crime+data", version,
             eff_day, eff_month, eff_year);
    t_form(&S, "POST", "/record/bodies/kent/decision", FX.chief, form, want, r);
}

/* Dates are GOV.UK Frontend's date input (issue #16, item 6): day, month
 * and year fields in a fieldset whose legend is the label, joined by the
 * server into the record's date; a bad part is named, marked, tied to the
 * fieldset and linked from the error summary; the fields keep what was
 * typed. */
static void dates_as_day_month_year(void **state)
{
    (void)state;
    t_http_t r;
    t_form(&S, "GET", "/record/bodies/kent/decision", FX.chief, NULL, 200, &r);
    has(&r, "<fieldset class=\"govuk-fieldset\" role=\"group\" aria-describedby=\"f-effective_on-hint\">\n"
            "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">Effective on</legend>");
    has(&r, "<div class=\"govuk-date-input\" id=\"f-effective_on\">");
    has(&r, "<label class=\"govuk-label govuk-date-input__label\" for=\"f-effective_on-day\">Day</label>");
    has(&r, "<label class=\"govuk-label govuk-date-input__label\" for=\"f-effective_on-month\">Month</label>");
    has(&r, "<label class=\"govuk-label govuk-date-input__label\" for=\"f-effective_on-year\">Year</label>");
    has(&r, "name=\"decided_on-day\"");
    t_http_free(&r);

    /* a month that is no month: the month is at fault */
    decide("31", "13", "2025", 422, &r);
    has(&r, "<a href=\"#f-effective_on-month\">Effective on must be a real date</a>");
    has(&r, "<fieldset class=\"govuk-fieldset\" role=\"group\" "
            "aria-describedby=\"f-effective_on-hint f-effective_on-error\">");
    has(&r, "<p class=\"govuk-error-message\" id=\"f-effective_on-error\"><span class=\"govuk-visually-hidden\">"
            "Error:</span> Effective on must be a real date</p>");
    has(&r, "govuk-input--width-2 govuk-input--error\" type=\"text\" inputmode=\"numeric\" id=\"f-effective_on-month\" "
            "name=\"effective_on-month\" value=\"13\" aria-invalid=\"true\">");
    has(&r, "id=\"f-effective_on-day\" name=\"effective_on-day\" value=\"31\">");   /* not at fault */
    has(&r, "<title>Error: ");
    t_http_free(&r);
    /* 30 February: the day */
    decide("30", "2", "2025", 422, &r);
    has(&r, "<a href=\"#f-effective_on-day\">Effective on must be a real date</a>");
    has(&r, "name=\"effective_on-month\" value=\"02\">");
    t_http_free(&r);
    /* no year; a day without a month; a year of two numbers */
    decide("1", "10", "", 422, &r);
    has(&r, "<a href=\"#f-effective_on-year\">Effective on must include a year</a>");
    t_http_free(&r);
    decide("1", "", "2025", 422, &r);
    has(&r, "<a href=\"#f-effective_on-month\">Effective on must include a month</a>");
    t_http_free(&r);
    decide("1", "10", "25", 422, &r);
    has(&r, "<a href=\"#f-effective_on-year\">Effective on must have a year of 4 numbers, like 2025</a>");
    t_http_free(&r);
    /* nothing: the form's own words, linked to the day */
    decide("", "", "", 422, &r);
    has(&r, "<a href=\"#f-effective_on-day\">Enter the day the decision takes effect</a>");
    t_http_free(&r);
    /* a real day: joined, checked, and carried to the check page as one date */
    decide("+1", "10+", "2025", 200, &r);
    has(&r, "Check your answers");
    has(&r, "1 October 2025");
    has(&r, "<input type=\"hidden\" name=\"effective_on\" value=\"2025-10-01\">");
    if (strstr(r.body, "name=\"effective_on-day\"")) fail_msg("the parts went on to the check page");
    t_http_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(record_for_kent),
        cmocka_unit_test(checks_keep_their_order),
        cmocka_unit_test(hidden_field_errors_reach_the_summary),
        cmocka_unit_test(dates_as_day_month_year),
        cmocka_unit_test(closers_see_more),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
