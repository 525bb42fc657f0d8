/* test_letters_page.c: GET /letters on the demo database over a real
 * server: the published Met letter for everyone, newest first, with links
 * to its page and PDF; drafts only for staff and marked as drafts;
 * ?body=CODE; an unknown body is a 404 page. And the letter page itself
 * under the server's CSP: no inline <style>, its stylesheet served from
 * /static/letter.css. */
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
    char insp[160], met[160];
    long long draft_id, kent_id;
} FX;

/* One call as auth (NULL: anonymous); asserts the status; the response in out. */
static void call(const char *auth, const char *method, const char *path, const char *body, long want, t_http_t *out)
{
    json_decref(t_call_as(&S, auth, method, path, body, NULL, want, out));
}

static long long create_draft(const char *json)
{
    t_http_t r;
    call(FX.insp, "POST", "/api/v1/letters", json, 201, &r);
    json_error_t je;
    json_t *m = json_loads(r.body, 0, &je);
    t_http_free(&r);
    assert_non_null(m);
    long long id = json_integer_value(json_object_get(m, "id"));
    json_decref(m);
    return id;
}

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "letters-page.db", T_SITE_DEMO) != 0) return -1;
    if (t_user_bearer(S.db, "insp", "inspector", NULL, FX.insp)
        || t_user_bearer(S.db, "metuser", "body", "met", FX.met))
        return -1;
    return t_site_serve(&S, t_today);
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

static void has(const char *html, const char *needle)
{
    if (!strstr(html, needle)) fail_msg("the page lacks: %s", needle);
}

static void public_index(void **state)
{
    (void)state;
    FX.draft_id = create_draft("{\"body\": \"met\", \"kind\": \"revisit\", \"title\": \"A draft <not> for the public\"}");
    FX.kent_id = create_draft("{\"body\": \"kent\", \"kind\": \"revisit\"}");
    t_http_t r;
    char type[64] = "";
    call(NULL, "GET", "/letters", NULL, 200, &r);
    assert_int_equal(t_http_header(&r, "Content-Type", type, sizeof type), 0);
    assert_non_null(strstr(type, "text/html"));
    has(r.body, "<a href=\"/letters/1.html\">Metropolitan Police Service: return to default phase of monitoring</a>");
    /* distinct link text: each PDF link names its letter (for screen readers) */
    has(r.body, "<a href=\"/letters/1.pdf\" type=\"application/pdf\">PDF<span class=\"visually-hidden\"> of ");
    has(r.body, "<time datetime=\"2025-01-23\">23 January 2025</time>");
    has(r.body, "1 published");
    assert_null(strstr(r.body, "A draft"));
    assert_null(strstr(r.body, "Draft (not published)"));
    assert_null(strstr(r.body, "Kent"));
    t_http_free(&r);
    /* a force's own user does not draft letters: published only */
    call(FX.met, "GET", "/letters?body=met", NULL, 200, &r);
    assert_null(strstr(r.body, "A draft"));
    has(r.body, "/letters/1.html");
    t_http_free(&r);
}

static void staff_see_drafts(void **state)
{
    (void)state;
    t_http_t r;
    char link[64];
    call(FX.insp, "GET", "/letters", NULL, 200, &r);
    has(r.body, "A draft &lt;not&gt; for the public");   /* escaped */
    has(r.body, "Draft (not published)");
    has(r.body, "Kent Police: cause of concern revisit letter");
    has(r.body, "not yet published (shown to staff only)");
    snprintf(link, sizeof link, "/letters/%lld.html", FX.draft_id);
    has(r.body, link);
    /* newest first: the drafts (no date) come after the dated letter only
     * when undated; the published letter is listed */
    has(r.body, "/letters/1.html");
    t_http_free(&r);
}

static void one_body(void **state)
{
    (void)state;
    t_http_t r;
    call(FX.insp, "GET", "/letters?body=kent", NULL, 200, &r);
    has(r.body, "<h1>Letters: Kent Police</h1>");
    has(r.body, "Kent Police: cause of concern revisit letter");
    assert_null(strstr(r.body, "/letters/1.html"));
    has(r.body, "/feeds/decisions.atom?body=kent");
    t_http_free(&r);
    call(NULL, "GET", "/letters?body=met", NULL, 200, &r);
    has(r.body, "<h1>Letters: Metropolitan Police Service</h1>");
    has(r.body, "/letters/1.html");
    t_http_free(&r);
    call(NULL, "GET", "/letters?body=kent", NULL, 200, &r);
    has(r.body, "<h1>Letters: Kent Police</h1>");
    has(r.body, "No letters yet.");
    t_http_free(&r);
    call(NULL, "GET", "/letters?body=atlantis", NULL, 404, &r);
    t_http_free(&r);
}

/* Newest first by publication date: a second letter published later
 * comes before the demo's. */
static void newest_first(void **state)
{
    (void)state;
    long long id = create_draft("{\"body\": \"met\", \"kind\": \"revisit\", \"title\": \"A later letter\","
                                " \"sent_on\": \"2025-06-01\", \"published_on\": \"2025-06-02\"}");
    char path[96], hmci[160];
    assert_int_equal(t_user_bearer(S.db, "chief", "hmci", NULL, hmci), 0);
    t_http_t r;
    snprintf(path, sizeof path, "/api/v1/letters/%lld/approve", id);
    call(hmci, "POST", path, NULL, 200, &r);
    t_http_free(&r);
    snprintf(path, sizeof path, "/api/v1/letters/%lld/publish", id);
    const char *headers[] = {hmci, "If-Match: \"v2\"", NULL};
    assert_int_equal(t_http(S.srv.port, "POST", path, NULL, headers, &r), 0);
    assert_int_equal(r.status, 200);
    t_http_free(&r);
    call(NULL, "GET", "/letters", NULL, 200, &r);
    const char *later = strstr(r.body, "A later letter"), *demo = strstr(r.body, "return to default phase");
    assert_non_null(later);
    assert_non_null(demo);
    assert_true(later < demo);
    has(r.body, "2 published");
    t_http_free(&r);
}

/* The letter page obeys the CSP (style-src 'self'): no inline style; it
 * links the stylesheet the server serves. */
static void letter_page_without_inline_style(void **state)
{
    (void)state;
    t_http_t r;
    call(NULL, "GET", "/letters/1.html", NULL, 200, &r);
    assert_null(strstr(r.body, "<style"));
    assert_null(strstr(r.body, "style=\""));
    has(r.body, "<link rel=\"stylesheet\" href=\"/static/letter.css");
    t_http_free(&r);
    char type[64] = "";
    call(NULL, "GET", "/static/letter.css", NULL, 200, &r);
    assert_int_equal(t_http_header(&r, "Content-Type", type, sizeof type), 0);
    assert_non_null(strstr(type, "text/css"));
    assert_true(r.len > 100);
    has(r.body, "font-family");
    t_http_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(public_index), cmocka_unit_test(staff_see_drafts),
        cmocka_unit_test(one_body),     cmocka_unit_test(newest_first),
        cmocka_unit_test(letter_page_without_inline_style),
    };
    return cmocka_run_group_tests_name("web/letters page", tests, setup, teardown);
}
