/* test_framework_forms.c: the monitoring frameworks and the themes as pages
 * (page_frameworks.c, form_frameworks.c) on the demo database: the public
 * page /frameworks (scan-engage's levels in order, the entry level marked,
 * the moves with who recommends and who decides in public words; after
 * docs/examples/policing-performance-2026.json is loaded through the admin
 * form, its four levels in order too), the admin page /admin/frameworks
 * (admin only) and its load form: bad JSON refused by the field with the
 * line, a broken rule naming the file's field as a path, a check page
 * showing what will be added, nothing written before the confirmation, a
 * lapsed session keeping the pasted file. The themes: /admin/themes and
 * "Add a theme" through a check page, a taken code refused by its field. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <curl/curl.h>
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

/* has() for needles in order: each after the one before. */
static void in_order(const t_http_t *r, const char *const *needles)
{
    const char *p = r->body ? r->body : "";
    for (; *needles; needles++) {
        const char *q = strstr(p, *needles);
        if (!q) fail_msg("reply lacks '%s' after the one before:\n%s", *needles, r->body ? r->body : "");
        p = q + strlen(*needles);
    }
}

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "framework_forms.db", T_SITE_DEMO) != 0) return -1;
    if (t_user_bearer(S.db, "boss", "admin", NULL, ADMIN) || t_user_bearer(S.db, "insp", "inspector", NULL, INSPECTOR))
        return -1;
    return t_site_serve(&S, t_today);
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

/* "framework=" and the file at path, form-encoded (caller frees). */
static char *framework_form(const char *text, const char *more)
{
    CURL *c = curl_easy_init();
    char *enc = curl_easy_escape(c, text, 0);
    size_t n = strlen(enc) + strlen(more) + 40;
    char *out = malloc(n);
    snprintf(out, n, "version=0&framework=%s%s", enc, more);
    curl_free(enc);
    curl_easy_cleanup(c);
    return out;
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strdup(buf);
}

static void public_page_shows_scan_engage(void **state)
{
    (void)state;
    t_http_t r;
    t_get(&S, "/frameworks", NULL, 200, &r);
    has(&r, "<h1>How monitoring works</h1>");
    in_order(&r, (const char *const[]){"id=\"framework-scan-engage\"", "<td class=\"govuk-table__cell\">1</td>",
                                       "<strong>Scan</strong> <strong class=\"govuk-tag\">Entry level",
                                       "<td class=\"govuk-table__cell\">2</td>", "<strong>Engage</strong>",
                                       "From <strong>Scan</strong> to <strong>Engage</strong>: the lead inspector (HMI) "
                                       "recommends, the Chief Inspector (HMCI) decides.",
                                       "From <strong>Engage</strong> to <strong>Scan</strong>", NULL});
    lacks(&r, "href=\"/admin/frameworks\"");
    t_http_free(&r);
    /* reached from every page's footer and from /engage */
    t_get(&S, "/engage", NULL, 200, &r);
    has(&r, "<a href=\"/frameworks\">How monitoring works</a>");
    has(&r, "class=\"govuk-footer__link\" href=\"/frameworks\"");
    t_http_free(&r);
}

static void admin_page_is_for_admins(void **state)
{
    (void)state;
    t_http_t r;
    t_get(&S, "/admin/frameworks", INSPECTOR, 403, &r);
    t_http_free(&r);
    t_get(&S, "/admin/frameworks", ADMIN, 200, &r);
    has(&r, "href=\"/admin/frameworks/new\"");
    has(&r, "href=\"/frameworks#framework-scan-engage\"");
    has(&r, "<td class=\"govuk-table__cell\">police forces and fire and rescue services</td>");
    t_http_free(&r);
    t_get(&S, "/admin/frameworks/new", ADMIN, 200, &r);
    has(&r, "name=\"framework\"");
    t_http_free(&r);
    t_form(&S, "POST", "/admin/frameworks/new", INSPECTOR, "version=0&framework=%7B%7D", 403, &r);
    t_http_free(&r);
}

static void load_form_refuses_by_the_field(void **state)
{
    (void)state;
    long long before = t_audit_entries(S.db);
    t_http_t r;
    t_form(&S, "POST", "/admin/frameworks/new", ADMIN, "version=0&framework=", 422, &r);
    has(&r, "href=\"#f-framework\">Enter the framework as JSON");
    t_http_free(&r);
    /* not JSON: the line */
    char *form = framework_form("{\n\"code\": \"x\",\n\"name\": ,\n}", "");
    t_form(&S, "POST", "/admin/frameworks/new", ADMIN, form, 422, &r);
    free(form);
    has(&r, "href=\"#f-framework\">Enter the framework as JSON: line 3: ");
    t_http_free(&r);
    /* a rule broken: the file's field as a path, before any check page */
    form = framework_form("{\"code\": \"bad\", \"name\": \"Bad\", \"levels\": ["
                          "{\"code\": \"b1\", \"name\": \"One\", \"description\": \"d\"},"
                          "{\"code\": \"engage\", \"name\": \"Two\", \"description\": \"d\"}],"
                          " \"transitions\": [{\"from\": \"b1\", \"to\": \"engage\", \"decided_by\": \"hmci\"}]}", "");
    t_form(&S, "POST", "/admin/frameworks/new", ADMIN, form, 409, &r);
    has(&r, "href=\"#f-framework\">The framework breaks a rule: levels[1].code: &#39;engage&#39; is already a level");
    lacks(&r, "Check your answers");
    free(form);
    t_http_free(&r);
    /* even if confirmed straight away, the rule holds */
    form = framework_form("{\"code\": \"bad\", \"name\": \"Bad\", \"levels\": ["
                          "{\"code\": \"b1\", \"name\": \"One\", \"description\": \"d\"},"
                          "{\"code\": \"b2\", \"name\": \"Two\", \"description\": \"d\"}],"
                          " \"transitions\": [{\"from\": \"b1\", \"to\": \"b2\", \"decided_by\": \"analyst\"}]}",
                          "&confirm=yes");
    t_form(&S, "POST", "/admin/frameworks/new", ADMIN, form, 422, &r);
    has(&r, "transitions[0].decided_by");
    free(form);
    t_http_free(&r);
    assert_int_equal(t_audit_entries(S.db), before);
}

static void lapsed_session_keeps_the_file(void **state)
{
    (void)state;
    t_http_t r;
    t_form(&S, "POST", "/admin/frameworks/new", NULL, "csrf_token=old&version=0&framework=%7B%22code%22%3A1%7D", 403, &r);
    char kept[120];
    assert_int_equal(t_field_value(r.body, "resume:framework", kept, sizeof kept), 0);
    assert_string_equal(kept, "{&quot;code&quot;:1}");   /* as the page carries it, escaped */
    t_http_free(&r);
}

static void load_form_loads_through_a_check_page(void **state)
{
    (void)state;
    char path[600];
    snprintf(path, sizeof path, "%s/docs/examples/policing-performance-2026.json", t_src());
    char *text = read_text(path);
    long long before = t_audit_entries(S.db);
    char *form = framework_form(text, "");
    t_http_t r;
    t_form(&S, "POST", "/admin/frameworks/new", ADMIN, form, 200, &r);
    free(form);
    has(&r, "Check your answers before you load the framework");
    in_order(&r, (const char *const[]){"policing-performance-2026", "From 1 April 2026", "Applies to", "police forces",
                                       "Level 1", "Level 2", "Level 3", "Level 4", "Move allowed", "Confirm and load", NULL});
    t_http_free(&r);
    assert_int_equal(t_audit_entries(S.db), before);   /* nothing yet */
    json_decref(t_call(&S, "GET", "/api/v1/frameworks/policing-performance-2026", NULL, NULL, 404, NULL));
    form = framework_form(text, "&confirm=yes");
    t_form(&S, "POST", "/admin/frameworks/new", ADMIN, form, 200, &r);
    free(form);
    has(&r, "is loaded");
    has(&r, "href=\"/frameworks\"");
    t_http_free(&r);
    assert_int_equal(t_audit_entries(S.db), before + 1);
    /* again: the code is taken (409 Conflict), before any check page */
    form = framework_form(text, "");
    t_form(&S, "POST", "/admin/frameworks/new", ADMIN, form, 409, &r);
    lacks(&r, "Check your answers");
    free(form);
    has(&r, "code: a framework &#39;policing-performance-2026&#39; is already loaded");
    t_http_free(&r);
    free(text);

    /* the public page: both frameworks, the new one's levels in order */
    json_t *fw = t_call(&S, "GET", "/api/v1/frameworks/policing-performance-2026", NULL, NULL, 200, NULL);
    json_t *levels = json_object_get(fw, "levels");
    assert_int_equal(json_array_size(levels), 4);
    const char *want[8];
    int k = 0;
    want[k++] = "id=\"framework-scan-engage\"";
    want[k++] = "id=\"framework-policing-performance-2026\"";
    want[k++] = "Follows";
    char cells[4][120];
    for (size_t i = 0; i < 4; i++) {
        snprintf(cells[i], sizeof cells[i], "<strong>%s</strong>",
                 json_string_value(json_object_get(json_array_get(levels, i), "name")));
        want[k++] = cells[i];
    }
    want[k] = NULL;
    t_get(&S, "/frameworks", NULL, 200, &r);
    has(&r, "From 1 April 2026");
    has(&r, "Routine level");
    in_order(&r, (const char *const[]){"id=\"framework-scan-engage\"", "id=\"framework-policing-performance-2026\"", NULL});
    const char *second = strstr(r.body, "id=\"framework-policing-performance-2026\"");
    t_http_t tail = {.body = (char *)second};
    in_order(&tail, want + 2);
    t_http_free(&r);
    json_decref(fw);
}

static void themes_admin_and_add(void **state)
{
    (void)state;
    t_http_t r;
    t_get(&S, "/admin/themes", INSPECTOR, 403, &r);
    t_http_free(&r);
    t_get(&S, "/admin/themes", ADMIN, 200, &r);
    has(&r, "href=\"/admin/themes/new\"");
    t_http_free(&r);
    t_form(&S, "POST", "/admin/themes/new", ADMIN, "version=0&code=&name=", 422, &r);
    has(&r, "href=\"#f-code\">Enter the code");
    has(&r, "href=\"#f-name\">Enter the name");
    t_http_free(&r);
    t_form(&S, "POST", "/admin/themes/new", ADMIN, "version=0&code=Bad+Code&name=Bad", 422, &r);
    has(&r, "href=\"#f-code\"");
    t_http_free(&r);
    const char *ok = "version=0&code=stop_search&name=Stop+and+search&description=Use+of+stop+and+search+powers";
    t_form(&S, "POST", "/admin/themes/new", ADMIN, ok, 200, &r);
    has(&r, "Check your answers before you add the theme");
    has(&r, "Stop and search");
    t_http_free(&r);
    t_get(&S, "/admin/themes", ADMIN, 200, &r);
    lacks(&r, "stop_search");
    t_http_free(&r);
    char form[300];
    snprintf(form, sizeof form, "%s&confirm=yes", ok);
    t_form(&S, "POST", "/admin/themes/new", ADMIN, form, 200, &r);
    has(&r, "The theme Stop and search is added");
    t_http_free(&r);
    t_get(&S, "/admin/themes", ADMIN, 200, &r);
    has(&r, "stop_search");
    has(&r, "Use of stop and search powers");
    t_http_free(&r);
    json_t *j = t_call(&S, "GET", "/api/v1/themes", NULL, NULL, 200, NULL);
    char *dump = json_dumps(j, 0);
    assert_non_null(strstr(dump, "stop_search"));
    free(dump);
    json_decref(j);
    /* taken: refused by the field */
    t_form(&S, "POST", "/admin/themes/new", ADMIN, ok, 0, &r);
    assert_true(r.status == 409 || r.status == 422);
    has(&r, "href=\"#f-code\"");
    t_http_free(&r);
    assert_int_equal(t_audit_deep(S.db), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(public_page_shows_scan_engage),
        cmocka_unit_test(admin_page_is_for_admins),
        cmocka_unit_test(load_form_refuses_by_the_field),
        cmocka_unit_test(lapsed_session_keeps_the_file),
        cmocka_unit_test(load_form_loads_through_a_check_page),
        cmocka_unit_test(themes_admin_and_add),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
