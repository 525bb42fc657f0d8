/* test_cause_lifecycle.c: causes of concern superseded by a named
 * successor cause of the same body, or withdrawn (migration 024), on the
 * demo database with today pinned to 2026-01-01: the API (who may,
 * If-Match, problem+json naming the field, a successor of another body
 * refused), the forms with check your answers, the public words (the same
 * as a recommendation's) and the successor's link, the status history,
 * and readiness: an ended cause no longer blocks a return to Scan. The
 * audit trail agrees with the tables at the end. */
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
static struct {
    char inspector[160], analyst[160], kent[160];
    long long insp, k1, k2, k3, essex, met;
} FX;

static json_t *req(const char *auth, const char *method, const char *path, const char *body, const char *if_match,
                   long want)
{
    return t_call_as(&S, auth, method, path, body, if_match, want, NULL);
}

static long long id_of(json_t *j) { return json_integer_value(json_object_get(j, "id")); }

static void has(const t_http_t *r, const char *needle)
{
    if (!r->body || !strstr(r->body, needle)) fail_msg("reply lacks '%s':\n%s", needle, r->body ? r->body : "");
}

static void lacks(const t_http_t *r, const char *needle)
{
    if (r->body && strstr(r->body, needle)) fail_msg("reply has '%s':\n%s", needle, r->body);
}

static long long version_of(long long id)
{
    char path[128];
    snprintf(path, sizeof path, "/api/v1/causes-of-concern/%lld", id);
    json_t *row = req(FX.inspector, "GET", path, NULL, NULL, 200);
    long long v = json_integer_value(json_object_get(row, "version"));
    json_decref(row);
    return v;
}

static long long cause(const char *body, long long insp, const char *title, const char *issued_on)
{
    char j[512], in[64] = "";
    if (insp) snprintf(in, sizeof in, "\"inspection_id\":%lld,", insp);
    snprintf(j, sizeof j, "{\"body\":\"%s\",%s\"title\":\"%s\",\"text\":\"%s concerns\",\"issued_on\":\"%s\"}", body,
             in, title, title, issued_on);
    json_t *c = req(FX.analyst, "POST", "/api/v1/causes-of-concern", j, NULL, 201);
    long long id = id_of(c);
    json_decref(c);
    return id;
}

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "cause_lifecycle.db", T_SITE_DEMO) != 0) return -1;
    if (t_user_bearer(S.db, "insp", "inspector", NULL, FX.inspector)
        || t_user_bearer(S.db, "ana", "analyst", NULL, FX.analyst)
        || t_user_bearer(S.db, "kentuser", "body", "kent", FX.kent))
        return -1;
    if (t_site_serve(&S, t_today) != 0) return -1;
    json_t *i = req(FX.analyst, "POST", "/api/v1/inspections",
                    "{\"body\":\"kent\",\"kind\":\"thematic\",\"title\":\"Kent contact 2025\","
                    "\"published_on\":\"2025-04-01\"}", NULL, 201);
    FX.insp = id_of(i);
    json_decref(i);
    FX.k1 = cause("kent", FX.insp, "Calls", "2025-04-01");
    FX.k2 = cause("kent", FX.insp, "Calls and contact", "2025-04-01");
    FX.k3 = cause("kent", FX.insp, "Custody", "2025-04-01");
    FX.essex = cause("essex", 0, "Essex calls", "2025-04-01");
    FX.met = cause("met", 0, "Met stop and search", "2024-01-10");   /* while the Met was in Engage */
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

/* Superseding by the API: who may, every missing field at once, the
 * successor checked (another body's, itself, none); then closed as
 * superseded, in the public words with the successor linked. */
static void supersede(void **state)
{
    (void)state;
    char path[128], body[300], etag[32];
    t_http_t r;
    snprintf(path, sizeof path, "/api/v1/causes-of-concern/%lld/supersede", FX.k1);
    snprintf(etag, sizeof etag, "\"v%lld\"", version_of(FX.k1));
    json_decref(req(NULL, "POST", path, "{}", etag, 401));
    json_decref(req(FX.kent, "POST", path, "{}", etag, 403));
    json_decref(req(FX.analyst, "POST", path, "{}", etag, 403));   /* an inspector's action */
    json_decref(req(FX.inspector, "POST", path, "{}", NULL, 428));
    json_t *p = req(FX.inspector, "POST", path, "{}", etag, 422);
    assert_int_equal(json_array_size(json_object_get(p, "errors")), 3);   /* on, reason, successor_id */
    json_decref(p);
    snprintf(body, sizeof body, "{\"on\":\"2025-09-01\",\"reason\":\"Widened\",\"successor_id\":%lld}", FX.essex);
    p = req(FX.inspector, "POST", path, body, etag, 422);
    assert_string_equal(json_string_value(json_object_get(p, "field")), "successor_id");
    assert_non_null(strstr(json_string_value(json_object_get(p, "detail")), "same body"));
    json_decref(p);
    snprintf(body, sizeof body, "{\"on\":\"2025-09-01\",\"reason\":\"Widened\",\"successor_id\":%lld}", FX.k1);
    p = req(FX.inspector, "POST", path, body, etag, 422);
    assert_string_equal(json_string_value(json_object_get(p, "field")), "successor_id");
    json_decref(p);
    snprintf(body, sizeof body, "{\"on\":\"2025-09-01\",\"reason\":\"Widened to contact\",\"successor_id\":%lld}",
             FX.k2);
    json_decref(req(FX.inspector, "POST", path, body, "\"v999\"", 412));
    json_t *row = req(FX.inspector, "POST", path, body, etag, 200);
    assert_string_equal(json_string_value(json_object_get(row, "status")), "closed");
    assert_string_equal(json_string_value(json_object_get(row, "lifecycle")), "superseded");
    assert_int_equal(json_integer_value(json_object_get(row, "superseded_by_id")), FX.k2);
    assert_string_equal(json_string_value(json_object_get(row, "closed_by")), "insp");
    json_decref(row);
    snprintf(etag, sizeof etag, "\"v%lld\"", version_of(FX.k1));
    json_decref(req(FX.inspector, "POST", path, body, etag, 409));   /* once ended, not again */

    /* the public page: the words a recommendation has, the successor linked */
    snprintf(path, sizeof path, "/causes-of-concern/%lld", FX.k1);
    t_get(&S, path, NULL, 200, &r);
    has(&r, "Superseded by cause of concern 2");
    snprintf(body, sizeof body, "href=\"/causes-of-concern/%lld\"", FX.k2);
    has(&r, body);
    has(&r, "Widened to contact");
    lacks(&r, ">Open<");
    t_http_free(&r);
    /* staff: the status change in its history */
    t_get(&S, path, FX.inspector, 200, &r);
    has(&r, "Widened to contact");
    lacks(&r, "/supersede\"");   /* no more ending it */
    t_http_free(&r);
}

/* The forms: withdraw through "check your answers", then confirmed. */
static void withdraw_form(void **state)
{
    (void)state;
    char path[128], form[300];
    t_http_t r;
    snprintf(path, sizeof path, "/causes-of-concern/%lld", FX.k3);
    t_get(&S, path, FX.inspector, 200, &r);
    snprintf(form, sizeof form, "/record/causes-of-concern/%lld/withdraw", FX.k3);
    has(&r, form);
    t_http_free(&r);
    snprintf(path, sizeof path, "/record/causes-of-concern/%lld/withdraw", FX.k3);
    t_get(&S, path, FX.kent, 403, &r);
    t_http_free(&r);
    t_get(&S, path, FX.inspector, 200, &r);
    has(&r, "Withdraw this cause of concern");
    t_http_free(&r);
    long long v = version_of(FX.k3);
    snprintf(form, sizeof form, "version=%lld&on=2025-12-01&reason=", v);
    t_form(&S, "POST", path, FX.inspector, form, 422, &r);
    has(&r, "Give the reason");
    t_http_free(&r);
    snprintf(form, sizeof form, "version=%lld&on=2025-12-01&reason=Not+a+concern", v);
    t_form(&S, "POST", path, FX.inspector, form, 200, &r);
    has(&r, "Check your answers");
    has(&r, "Withdrawn (closed)");
    has(&r, "anyone will see it withdrawn");   /* its report is published */
    t_http_free(&r);
    assert_int_equal(version_of(FX.k3), v);   /* nothing changed yet */
    snprintf(form, sizeof form, "version=%lld&on=2025-12-01&reason=Not+a+concern&confirm=yes", v);
    t_form(&S, "POST", path, FX.inspector, form, 200, &r);
    has(&r, "The cause of concern is withdrawn");
    t_http_free(&r);
    snprintf(path, sizeof path, "/api/v1/causes-of-concern/%lld", FX.k3);
    json_t *row = req(FX.inspector, "GET", path, NULL, NULL, 200);
    assert_string_equal(json_string_value(json_object_get(row, "lifecycle")), "withdrawn");
    assert_string_equal(json_string_value(json_object_get(row, "lifecycle_reason")), "Not a concern");
    json_decref(row);
    snprintf(path, sizeof path, "/causes-of-concern/%lld", FX.k3);
    t_get(&S, path, NULL, 200, &r);
    has(&r, "Withdrawn");
    t_http_free(&r);
}

/* The supersede form: a successor of another body refused by its field. */
static void supersede_form(void **state)
{
    (void)state;
    char path[128], form[300];
    t_http_t r;
    snprintf(path, sizeof path, "/record/causes-of-concern/%lld/supersede", FX.k2);
    /* the rule is met before the check page, on the form */
    snprintf(form, sizeof form, "version=%lld&successor_id=%lld&on=2025-12-01&reason=x", version_of(FX.k2), FX.essex);
    t_form(&S, "POST", path, FX.inspector, form, 422, &r);
    has(&r, "successor must be a cause of concern of the same body");
    has(&r, "f-successor_id");
    t_http_free(&r);
}

static int blocks(const char *path, long long id)
{
    json_t *rd = req(FX.inspector, "GET", path, NULL, NULL, 200);
    int found = 0;
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(rd, "blocking"), i, b)
        found |= strcmp(json_string_value(json_object_get(b, "kind")), "cause_of_concern") == 0 && id_of(b) == id;
    json_decref(rd);
    return found;
}

/* Readiness: an open cause blocks the return to Scan; withdrawn, it no
 * longer counts as open from the day it was withdrawn. */
static void readiness(void **state)
{
    (void)state;
    const char *path = "/api/v1/bodies/met/readiness?as_of=2024-06-01";
    assert_true(blocks(path, FX.met));
    char p[128], etag[32];
    snprintf(p, sizeof p, "/api/v1/causes-of-concern/%lld/withdraw", FX.met);
    snprintf(etag, sizeof etag, "\"v%lld\"", version_of(FX.met));
    json_decref(req(FX.inspector, "POST", p, "{\"on\":\"2024-03-01\",\"reason\":\"Raised in error\"}", etag, 200));
    assert_false(blocks(path, FX.met));
    assert_true(blocks("/api/v1/bodies/met/readiness?as_of=2024-02-01", FX.met));   /* before: still open */
    json_t *rd = req(FX.inspector, "GET", path, NULL, NULL, 200);
    int said = 0;
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(rd, "supporting"), i, b)
        said |= id_of(b) == FX.met && strstr(json_string_value(json_object_get(b, "reason")), "was withdrawn on 2024-03-01");
    json_decref(rd);
    assert_true(said);
}

/* The themes field: GOV.UK checkboxes from the controlled list, the
 * item's themes ticked; an unknown code refused naming it. */
static void themes_form(void **state)
{
    (void)state;
    char path[128], form[300];
    t_http_t r;
    snprintf(path, sizeof path, "/record/causes-of-concern/%lld/themes", FX.k2);
    t_get(&S, path, FX.analyst, 200, &r);
    has(&r, "class=\"govuk-checkboxes__input\" type=\"checkbox\" id=\"f-themes-call_handling\" name=\"themes\" "
            "value=\"call_handling\">");
    has(&r, "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">Themes");
    t_http_free(&r);
    snprintf(form, sizeof form, "version=%lld&themes=call_handling&themes=custody", version_of(FX.k2));
    t_form(&S, "POST", path, FX.analyst, form, 303, &r);
    t_http_free(&r);
    snprintf(form, sizeof form, "/api/v1/causes-of-concern/%lld", FX.k2);
    json_t *row = req(FX.analyst, "GET", form, NULL, NULL, 200);
    assert_int_equal(json_array_size(json_object_get(row, "themes")), 2);
    json_decref(row);
    t_get(&S, path, FX.analyst, 200, &r);
    has(&r, "value=\"custody\" checked>");
    lacks(&r, "value=\"vulnerability\" checked>");
    t_http_free(&r);
    snprintf(form, sizeof form, "version=%lld&themes=custody&themes=no_such_theme", version_of(FX.k2));
    t_form(&S, "POST", path, FX.analyst, form, 422, &r);
    has(&r, "no_such_theme");
    has(&r, "href=\"#f-themes\"");
    t_http_free(&r);
    snprintf(form, sizeof form, "/api/v1/causes-of-concern/%lld", FX.k2);
    row = req(FX.analyst, "GET", form, NULL, NULL, 200);   /* nothing changed */
    assert_int_equal(json_array_size(json_object_get(row, "themes")), 2);
    json_decref(row);
}

static void the_data_agree_with_the_trail(void **state)
{
    (void)state;
    assert_int_equal(t_audit_deep(S.db), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(supersede),
        cmocka_unit_test(withdraw_form),
        cmocka_unit_test(supersede_form),
        cmocka_unit_test(readiness),
        cmocka_unit_test(themes_form),
        cmocka_unit_test(the_data_agree_with_the_trail),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
