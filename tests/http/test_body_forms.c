/* test_body_forms.c: the body changes as admin forms (form_bodies.c) on
 * the demo database with today pinned to 2026-01-01: the bodies admin page
 * (admin only), add a body, rename one, merge two into a successor and
 * retire one, each through "check your answers" with every problem by its
 * field and a stale version refused; the body's page offers the changes
 * while it is live. The board marks a retired body (a grey "Retired" tag,
 * "merged into" the successor, linked) and leaves it out of the level
 * totals. The audit trail agrees with the tables at the end. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "support/support.h"

static t_site_t S;
static char ADMIN[160], INSPECTOR[160];

static void has(const t_http_t *r, const char *needle)
{
    if (!r->body || !strstr(r->body, needle)) fail_msg("reply lacks '%s':\n%s", needle, r->body ? r->body : "");
}

static void lacks(const t_http_t *r, const char *needle)
{
    if (r->body && strstr(r->body, needle)) fail_msg("reply has '%s':\n%s", needle, r->body);
}

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "body_forms.db", T_SITE_DEMO) != 0) return -1;
    if (t_user_bearer(S.db, "boss", "admin", NULL, ADMIN) || t_user_bearer(S.db, "insp", "inspector", NULL, INSPECTOR))
        return -1;
    return t_site_serve(&S, t_today);
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

static long long body_version(const char *code)
{
    char path[128];
    snprintf(path, sizeof path, "/api/v1/bodies/%s", code);
    json_t *b = t_call_as(&S, ADMIN, "GET", path, NULL, NULL, 200, NULL);
    long long v = json_integer_value(json_object_get(b, "version"));
    json_decref(b);
    return v;
}

/* The board's total for the level named `level` (its "<li>NAME: <strong>N"). */
static long level_total(const char *level)
{
    t_http_t r;
    t_get(&S, "/", NULL, 200, &r);
    char needle[80];
    snprintf(needle, sizeof needle, "<li>%s: <strong>", level);
    const char *p = r.body ? strstr(r.body, needle) : NULL;
    long n = p ? strtol(p + strlen(needle), NULL, 10) : -1;
    t_http_free(&r);
    return n;
}

#define DAY "&effective_on-day=1&effective_on-month=12&effective_on-year=2025"

static void admin_page(void **state)
{
    (void)state;
    t_http_t r;
    t_get(&S, "/admin/bodies", INSPECTOR, 403, &r);
    t_http_free(&r);
    t_get(&S, "/admin/bodies", ADMIN, 200, &r);
    has(&r, "href=\"/admin/bodies/new\"");
    has(&r, "href=\"/record/bodies/kent/rename\"");
    t_http_free(&r);
    t_get(&S, "/bodies/kent", ADMIN, 200, &r);   /* the body's own page offers the changes */
    has(&r, "href=\"/record/bodies/kent/retire\"");
    t_http_free(&r);
    t_get(&S, "/bodies/kent", INSPECTOR, 200, &r);
    lacks(&r, "/record/bodies/kent/retire");
    t_http_free(&r);
}

static void add_form(void **state)
{
    (void)state;
    t_http_t r;
    long before = level_total("Scan");
    assert_true(before > 0);
    t_form(&S, "POST", "/admin/bodies/new", INSPECTOR, "version=0&code=x", 403, &r);
    t_http_free(&r);
    t_form(&S, "POST", "/admin/bodies/new", ADMIN, "version=0&code=&name=&kind=&reason=" DAY, 422, &r);
    has(&r, "href=\"#f-code\">Enter the code");
    has(&r, "href=\"#f-name\">Enter the name");
    has(&r, "href=\"#f-kind\">Choose the kind");
    has(&r, "href=\"#f-reason\">Give the reason");
    t_http_free(&r);
    /* a rule of the store, met before the check page, by its field */
    t_form(&S, "POST", "/admin/bodies/new", ADMIN, "version=0&code=Bad+Code&name=North+FRS&kind=fire&reason=New" DAY,
           422, &r);
    has(&r, "href=\"#f-code\"");
    t_http_free(&r);
    t_form(&S, "POST", "/admin/bodies/new", ADMIN, "version=0&code=kent&name=Kent+again&kind=police&reason=New" DAY,
           409, &r);   /* the code is held */
    has(&r, "href=\"#f-code\"");
    t_http_free(&r);
    const char *ok = "version=0&code=north-frs&name=North+Fire+and+Rescue+Service&kind=fire&country=England"
                     "&reason=Established+by+order" DAY;
    t_form(&S, "POST", "/admin/bodies/new", ADMIN, ok, 200, &r);
    has(&r, "Check your answers");
    has(&r, "North Fire and Rescue Service");
    t_http_free(&r);
    json_decref(t_call_as(&S, ADMIN, "GET", "/api/v1/bodies/north-frs", NULL, NULL, 404, NULL));   /* not yet */
    char form[400];
    snprintf(form, sizeof form, "%s&confirm=yes", ok);
    t_form(&S, "POST", "/admin/bodies/new", ADMIN, form, 200, &r);
    has(&r, "North Fire and Rescue Service is added");
    t_http_free(&r);
    json_t *b = t_call_as(&S, ADMIN, "GET", "/api/v1/bodies/north-frs", NULL, NULL, 200, NULL);
    assert_string_equal(json_string_value(json_object_get(b, "kind")), "fire");
    json_decref(b);
    assert_int_equal(level_total("Scan"), before + 1);
    json_decref(t_call_as(&S, ADMIN, "POST", "/api/v1/bodies",
                          "{\"code\":\"south-frs\",\"name\":\"South Fire and Rescue Service\",\"kind\":\"fire\","
                          "\"country\":\"England\",\"reason\":\"Established by order\"}", NULL, 201, NULL));
}

static void rename_form(void **state)
{
    (void)state;
    t_http_t r;
    char form[300];
    t_get(&S, "/record/bodies/north-frs/rename", ADMIN, 200, &r);
    has(&r, "Rename North Fire and Rescue Service");
    t_http_free(&r);
    long long v = body_version("north-frs");
    snprintf(form, sizeof form, "version=%lld&name=&reason=" DAY, v);
    t_form(&S, "POST", "/record/bodies/north-frs/rename", ADMIN, form, 422, &r);
    has(&r, "href=\"#f-name\">Enter the new name");
    t_http_free(&r);
    snprintf(form, sizeof form, "version=%lld&name=North+Fire+Service&reason=Renamed+by+order" DAY, v + 7);
    t_form(&S, "POST", "/record/bodies/north-frs/rename", ADMIN, form, 412, &r);   /* stale */
    t_http_free(&r);
    snprintf(form, sizeof form, "version=%lld&name=North+Fire+Service&reason=Renamed+by+order" DAY, v);
    t_form(&S, "POST", "/record/bodies/north-frs/rename", ADMIN, form, 200, &r);
    has(&r, "Check your answers");
    t_http_free(&r);
    snprintf(form, sizeof form, "version=%lld&name=North+Fire+Service&reason=Renamed+by+order&confirm=yes" DAY, v);
    t_form(&S, "POST", "/record/bodies/north-frs/rename", ADMIN, form, 200, &r);
    has(&r, "The body is renamed North Fire Service");
    t_http_free(&r);
    json_t *b = t_call_as(&S, ADMIN, "GET", "/api/v1/bodies/north-frs", NULL, NULL, 200, NULL);
    assert_string_equal(json_string_value(json_object_get(b, "name")), "North Fire Service");
    json_decref(b);
}

/* Merged: both retired naming the successor; the board marks them and
 * counts only the successor. */
static void merge_form(void **state)
{
    (void)state;
    t_http_t r;
    char form[400];
    long before = level_total("Scan");
    t_get(&S, "/record/bodies/north-frs/merge", ADMIN, 200, &r);
    has(&r, "<option value=\"south-frs\">South Fire and Rescue Service</option>");
    lacks(&r, "<option value=\"kent\">");   /* another kind */
    t_http_free(&r);
    long long v = body_version("north-frs");
    snprintf(form, sizeof form, "version=%lld&other=&code=&name=&reason=x" DAY, v);
    t_form(&S, "POST", "/record/bodies/north-frs/merge", ADMIN, form, 422, &r);
    has(&r, "href=\"#f-other\">Choose the body it is merged with");
    has(&r, "href=\"#f-code\">Enter the successor");
    t_http_free(&r);
    const char *fields = "other=south-frs&code=north-south-frs&name=North+and+South+Fire+Service&reason=Combined+by+order";
    snprintf(form, sizeof form, "version=%lld&%s" DAY, v, fields);
    t_form(&S, "POST", "/record/bodies/north-frs/merge", ADMIN, form, 200, &r);
    has(&r, "Check your answers");
    t_http_free(&r);
    snprintf(form, sizeof form, "version=%lld&%s&confirm=yes" DAY, v, fields);
    t_form(&S, "POST", "/record/bodies/north-frs/merge", ADMIN, form, 200, &r);
    has(&r, "The bodies are merged into North and South Fire Service");
    t_http_free(&r);
    assert_int_equal(level_total("Scan"), before - 1);   /* two retired, one successor */
    t_get(&S, "/", NULL, 200, &r);
    has(&r, "<a href=\"/bodies/north-frs\">North Fire Service</a> <strong class=\"govuk-tag govuk-tag--grey\">Retired</strong>"
            " <span class=\"merged-into\">merged into <a href=\"/bodies/north-south-frs\">North and South Fire Service</a>");
    t_http_free(&r);
    /* retired: its page offers no change, its forms refuse */
    t_get(&S, "/bodies/north-frs", ADMIN, 200, &r);
    lacks(&r, "/record/bodies/north-frs/retire");
    t_http_free(&r);
    snprintf(form, sizeof form, "version=%lld&reason=Again" DAY, body_version("north-frs"));
    t_form(&S, "POST", "/record/bodies/north-frs/retire", ADMIN, form, 409, &r);
    t_http_free(&r);
}

static void retire_form(void **state)
{
    (void)state;
    t_http_t r;
    char form[300];
    long before = level_total("Scan");
    long long v = body_version("north-south-frs");
    snprintf(form, sizeof form, "version=%lld&reason=" DAY, v);
    t_form(&S, "POST", "/record/bodies/north-south-frs/retire", ADMIN, form, 422, &r);
    has(&r, "href=\"#f-reason\">Give the reason");
    t_http_free(&r);
    snprintf(form, sizeof form, "version=%lld&reason=Disbanded&confirm=yes" DAY, v);
    t_form(&S, "POST", "/record/bodies/north-south-frs/retire", ADMIN, form, 200, &r);
    has(&r, "North and South Fire Service is retired");
    t_http_free(&r);
    assert_int_equal(level_total("Scan"), before - 1);
    t_get(&S, "/admin/bodies", ADMIN, 200, &r);
    has(&r, "<a href=\"/bodies/north-south-frs\">North and South Fire Service</a> <strong class=\"govuk-tag govuk-tag--grey\">Retired</strong>");
    lacks(&r, "/record/bodies/north-south-frs/rename");
    t_http_free(&r);
}

static void the_data_agree_with_the_trail(void **state)
{
    (void)state;
    assert_int_equal(t_audit_deep(S.db), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(admin_page), cmocka_unit_test(add_form),    cmocka_unit_test(rename_form),
        cmocka_unit_test(merge_form), cmocka_unit_test(retire_form), cmocka_unit_test(the_data_agree_with_the_trail),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
