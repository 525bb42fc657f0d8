/* test_history.c: the change history (src/web/audit_view.c) at the end of
 * the cause, recommendation and /record/{entity}/{id} pages: who, when,
 * what, each field before and after, escaped; staff only. */
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
    char insp[200], metbody[200];
    long long rec, cause;
} FX;

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "history.db", T_SITE_DEMO) != 0) return -1;
    if (t_user_bearer(S.db, "hist_insp", "inspector", NULL, FX.insp) != 0) return -1;
    if (t_user_bearer(S.db, "hist_met", "body", "met", FX.metbody) != 0) return -1;
    return t_site_serve(&S, t_today);
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

static json_t *get_json(const char *path, t_http_t *r)
{
    const char *h[] = {FX.insp, NULL};
    return t_call(&S, "GET", path, NULL, h, 200, r);
}

/* An HTML page as auth; asserts 200. */
static char *page(const char *auth, const char *path)
{
    t_http_t r;
    t_get(&S, path, auth, 200, &r);
    char *body = r.body;
    r.body = NULL;
    t_http_free(&r);
    return body;
}

static void history_shows_who_when_what(void **state)
{
    (void)state;
    t_http_t r;
    json_t *list = get_json("/api/v1/recommendations?body=met&limit=1", &r);
    t_http_free(&r);
    json_t *rec = json_array_get(json_object_get(list, "items"), 0);
    FX.rec = json_integer_value(json_object_get(rec, "id"));
    FX.cause = json_integer_value(json_object_get(rec, "cause_id"));
    char old_addressee[600];
    snprintf(old_addressee, sizeof old_addressee, "%s", json_string_value(json_object_get(rec, "addressee")));
    json_decref(list);
    assert_true(FX.rec > 0);

    /* an inspector changes the addressee */
    char path[160], etag[40] = "", im[64];
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld", FX.rec);
    json_decref(get_json(path, &r));
    assert_int_equal(t_http_header(&r, "ETag", etag, sizeof etag), 0);
    t_http_free(&r);
    snprintf(im, sizeof im, "If-Match: %s", etag);
    const char *h[] = {FX.insp, im, NULL};
    assert_int_equal(t_http(S.srv.port, "PATCH", path, "{\"addressee\":\"The <b>Commissioner</b>\"}", h, &r), 0);
    assert_int_equal(r.status, 200);
    t_http_free(&r);

    /* when: the entry's time as the audit trail has it */
    snprintf(path, sizeof path, "/api/v1/audit?entity=recommendations&id=%lld", FX.rec);
    json_t *audit = get_json(path, &r);
    t_http_free(&r);
    json_t *entries = json_object_get(audit, "entries");
    if (!entries) entries = json_object_get(audit, "items");
    json_t *last = json_array_get(entries, json_array_size(entries) - 1);
    assert_non_null(last);
    char at[64];
    snprintf(at, sizeof at, "%s", json_string_value(json_object_get(last, "at")));
    json_decref(audit);

    const char *pages[] = {"/recommendations/%lld", "/record/recommendations/%lld"};
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof path, pages[i], FX.rec);
        char *html = page(FX.insp, path);
        char *sec = strstr(html, "<h2 id=\"change-history\">Change history</h2>");
        if (!sec) fail_msg("%s has no change history", path);
        /* at the end: after the rest of the page, before the footer */
        char *foot = strstr(sec, "</main>");
        if (!foot) foot = strstr(sec, "<footer");
        assert_non_null(foot);
        assert_null(strstr(sec, "<h1"));
        /* who, when, what, before and after (escaped) */
        assert_non_null(strstr(sec, "hist_insp"));
        assert_non_null(strstr(sec, at));
        assert_non_null(strstr(sec, "Changed"));
        /* human names (#17 item 9): field labels, not column names; the
         * body by name, not body_id 23; times in words */
        assert_non_null(strstr(sec, "<td class=\"govuk-table__cell\">Addressee</td>"));
        assert_null(strstr(sec, "<td class=\"govuk-table__cell\">addressee</td>"));
        assert_non_null(strstr(sec, "<td class=\"govuk-table__cell\">Body</td>"));
        assert_null(strstr(sec, "body_id"));
        assert_non_null(strstr(sec, "<td class=\"govuk-table__cell audit-after\">Metropolitan Police Service</td>"));
        assert_non_null(strstr(sec, "<td class=\"govuk-table__cell\">Original deadline</td>"));
        assert_non_null(strstr(sec, "<td class=\"govuk-table__cell audit-after\">31 December 2023</td>"));
        char when[120];
        snprintf(when, sizeof when, "<time datetime=\"%s\">", at);
        assert_non_null(strstr(sec, when));
        assert_non_null(strstr(sec, " UTC</time>"));
        char before[700];
        snprintf(before, sizeof before, "<td class=\"govuk-table__cell audit-before\">%s</td>", old_addressee);
        if (!strchr(old_addressee, '&') && !strchr(old_addressee, '<') && !strchr(old_addressee, '\''))
            assert_non_null(strstr(sec, before));
        assert_non_null(strstr(sec, "<td class=\"govuk-table__cell audit-after\">The &lt;b&gt;Commissioner&lt;/b&gt;</td>"));
        assert_null(strstr(html, "<b>Commissioner"));
        /* and how it was first recorded */
        assert_non_null(strstr(sec, "Recorded"));
        free(html);
    }
    /* the cause's page has its own history */
    snprintf(path, sizeof path, "/causes-of-concern/%lld", FX.cause);
    char *html = page(FX.insp, path);
    assert_non_null(strstr(html, "Change history"));
    assert_non_null(strstr(html, "Recorded"));
    free(html);
}

/* Body users see their items, not the trail (docs/security.md). */
static void body_users_do_not_see_history(void **state)
{
    (void)state;
    char path[160];
    const char *pages[] = {"/recommendations/%lld", "/record/recommendations/%lld"};
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof path, pages[i], FX.rec);
        char *html = page(FX.metbody, path);
        assert_null(strstr(html, "Change history"));
        assert_null(strstr(html, "hist_insp"));
        free(html);
    }
    snprintf(path, sizeof path, "/causes-of-concern/%lld", FX.cause);
    char *html = page(FX.metbody, path);
    assert_null(strstr(html, "Change history"));
    free(html);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(history_shows_who_when_what),
        cmocka_unit_test(body_users_do_not_see_history),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
