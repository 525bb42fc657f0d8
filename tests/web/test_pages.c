/*
 * test_pages.c: the HTML pages over HTTP on the demo database (the real
 * server): the status board, a body's page, /engage, /timeline, cause and
 * recommendation pages; who sees what; escaping of stored text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "support/support.h"

#define XSS "<script>alert(1)</script>"
#define XSS_ESCAPED "&lt;script&gt;alert(1)&lt;/script&gt;"

/* the only script of a page: GOV.UK Frontend's start, a module of this site */
#define GOVUK_INIT_TAG "<script type=\"module\" src=\"/static/govuk-init.js?v="

static t_site_t S;
static struct {
    char inspector[160], kent[160], met[160], hmci[160];
} FX;

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "pages.db", T_SITE_DEMO) != 0) return -1;
    if (t_user_bearer(S.db, "insp", "inspector", NULL, FX.inspector)
        || t_user_bearer(S.db, "kentuser", "body", "kent", FX.kent)
        || t_user_bearer(S.db, "metuser", "body", "met", FX.met)
        || t_user_bearer(S.db, "chief", "hmci", NULL, FX.hmci))
        return -1;
    return t_site_serve(&S, t_today);
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

/* GET path as auth (NULL = anonymous); asserts the status and, for pages,
 * the HTML content type, no inline style, and no script but the one module
 * that starts GOV.UK Frontend (from this site, in the head).
 * Returns the body (caller frees). */
static char *page(const char *auth, const char *path, long want)
{
    t_http_t r;
    t_get(&S, path, auth, want, &r);
    char type[128] = "";
    assert_int_equal(t_http_header(&r, "Content-Type", type, sizeof type), 0);
    assert_string_equal(type, "text/html; charset=utf-8");
    assert_non_null(r.body);
    assert_non_null(strstr(r.body, "<!DOCTYPE html>"));
    const char *script = strstr(r.body, "<script");
    assert_non_null(script);
    assert_int_equal(strncmp(script, GOVUK_INIT_TAG, strlen(GOVUK_INIT_TAG)), 0);
    assert_null(strstr(script + 1, "<script"));
    assert_true(script < strstr(r.body, "</head>"));
    assert_null(strstr(r.body, " style="));
    char *body = r.body;
    r.body = NULL;
    t_http_free(&r);
    return body;
}

static json_t *api(const char *auth, const char *method, const char *path, const char *body, const char *if_match,
                   long want)
{
    return t_call_as(&S, auth, method, path, body, if_match, want, NULL);
}

static void must_have(const char *html, const char *needle)
{
    if (!strstr(html, needle)) fail_msg("page lacks '%s'", needle);
}

static void must_not_have(const char *html, const char *needle)
{
    if (strstr(html, needle)) fail_msg("page has '%s'", needle);
}

/* The text of the table row (<tr>...</tr>) holding needle, or NULL. */
static char *row_of(const char *html, const char *needle)
{
    const char *at = strstr(html, needle);
    if (!at) return NULL;
    const char *start = at;
    while (start > html && (strncmp(start, "<tr", 3) != 0 || (start[3] != '>' && start[3] != ' '))) start--;
    const char *end = strstr(at, "</tr>");
    if (!end) return NULL;
    return strndup(start, (size_t)(end - start));
}

static void board_shows_phases(void **state)
{
    (void)state;
    char *h = page(NULL, "/", 200);
    char *met = row_of(h, "href=\"/bodies/met\"");
    assert_non_null(met);
    must_have(met, "Metropolitan Police Service");
    must_have(met, "<strong class=\"govuk-tag govuk-tag--green\">Scan</strong>");
    must_have(met, "datetime=\"2025-01-23\"");
    char *lincs = row_of(h, "href=\"/bodies/lincolnshire\"");
    assert_non_null(lincs);
    must_have(lincs, "<strong class=\"govuk-tag govuk-tag--red\">Engage</strong>");
    /* anonymous: phase and since, no record counts */
    must_not_have(h, "Open causes of concern");
    must_not_have(h, "Signed in as");
    must_have(h, "Showing 92 of 92 bodies");
    /* the two services merged into Hampshire and Isle of Wight's in 2021
     * are listed, marked, and not counted in the levels: 90 current bodies */
    char *iow = row_of(h, "href=\"/bodies/isle-of-wight-frs\"");
    assert_non_null(iow);
    must_have(iow, "govuk-tag--grey\">Retired</strong>");
    must_have(iow, "merged into <a href=\"/bodies/hampshire-iow-frs\">");
    free(iow);
    must_have(h, "<li>Scan: <strong>89</strong></li>");
    must_have(h, "<li>Engage: <strong>1</strong></li>");
    /* its page: retired on the day, merged into the successor by name; the
     * successor's page: formed from both */
    char *p = page(NULL, "/bodies/isle-of-wight-frs", 200);
    must_have(p, "<time datetime=\"2021-04-01\">1 April 2021</time>");
    must_have(p, "Merged into</dt><dd class=\"govuk-summary-list__value\"><a href=\"/bodies/hampshire-iow-frs\">"
                 "Hampshire and Isle of Wight Fire and Rescue Service</a>");
    free(p);
    p = page(NULL, "/bodies/hampshire-iow-frs", 200);
    must_have(p, "<li><a href=\"/bodies/hampshire-frs\">Hampshire Fire and Rescue Service</a></li>"
                 "<li><a href=\"/bodies/isle-of-wight-frs\">Isle of Wight Fire and Rescue Service</a></li>");
    free(p);
    must_have(h, "<link rel=\"stylesheet\" href=\"/static/style.css?v=");
    free(met);
    free(lincs);
    free(h);
}

static void board_filters_and_sorts(void **state)
{
    (void)state;
    char *h = page(NULL, "/?phase=engage", 200);
    must_have(h, "Lincolnshire Police");
    must_not_have(h, "Metropolitan Police Service");
    must_have(h, "Showing 1 of 92 bodies");
    must_have(h, "<option value=\"engage\" selected>Engage</option>");
    free(h);

    h = page(NULL, "/?kind=fire", 200);
    must_have(h, "Buckinghamshire Fire and Rescue Service");
    must_not_have(h, "Kent Police");
    free(h);

    /* most recent change first; never-moved bodies last */
    h = page(NULL, "/?sort=since", 200);
    char *devon = strstr(h, "href=\"/bodies/devon-cornwall\""), *met = strstr(h, "href=\"/bodies/met\"");
    char *avon = strstr(h, "href=\"/bodies/avon-somerset\"");
    assert_true(devon && met && avon && devon < met && met < avon);
    free(h);

    h = page(NULL, "/?sort=phase", 200);
    assert_true(strstr(h, "/bodies/lincolnshire") < strstr(h, "/bodies/avon-somerset"));
    free(h);

    /* unknown values are ignored, never echoed */
    h = page(NULL, "/?phase=%3Cscript%3E&sort=%22x", 200);
    must_have(h, "Showing 92 of 92 bodies");
    must_not_have(h, "&lt;script");
    free(h);
}

static void board_counts_for_staff(void **state)
{
    (void)state;
    char *h = page(FX.inspector, "/", 200);
    must_have(h, "Open causes of concern");
    must_have(h, "Overdue recommendations");
    must_have(h, "Signed in as <strong>insp</strong>");
    char *met = row_of(h, "href=\"/bodies/met\"");
    assert_non_null(met);
    must_have(met, "<td class=\"govuk-table__cell govuk-table__cell--numeric\"><a href=\"/work?body=met&amp;what=overdue\" aria-label=\"Overdue recommendations of "
                   "Metropolitan Police Service: 0\">0</a></td>");   /* all closed in January 2025 */
    free(met);
    free(h);
    /* a body's user sees counts for its own body only */
    h = page(FX.kent, "/", 200);
    char *kent = row_of(h, "href=\"/bodies/kent\""), *other = row_of(h, "href=\"/bodies/met\"");
    must_have(kent, ": 0\">0</a></td>");
    must_not_have(other, ">0</a></td>");
    free(kent);
    free(other);
    free(h);
}

/* Counts on the board come from SQL and the deadline queries: open causes
 * (closed ones not counted), recommendations past their current deadline
 * (a revision that moved it later takes it off), progress updates nowhere. */
static void board_counts_open_and_overdue(void **state)
{
    (void)state;
    long long cause[2];
    for (int i = 0; i < 2; i++) {
        json_t *c = api(FX.inspector, "POST", "/api/v1/causes-of-concern",
                        "{\"body\":\"dorset\",\"title\":\"Call handling\",\"text\":\"Too slow\",\"issued_on\":\"2025-03\"}",
                        NULL, 201);
        cause[i] = json_integer_value(json_object_get(c, "id"));
        json_decref(c);
    }
    long long rid[2];
    for (int i = 0; i < 2; i++) {
        char body[400];
        snprintf(body, sizeof body,
                 "{\"body\":\"dorset\",\"cause_id\":%lld,\"number\":\"%d\",\"addressee\":\"Dorset Police\","
                 "\"text\":\"Answer 999 calls\",\"issued_on\":\"2025-03\",\"original_deadline\":\"2025-06-30\"}",
                 cause[i], i + 1);
        json_t *r = api(FX.inspector, "POST", "/api/v1/recommendations", body, NULL, 201);
        rid[i] = json_integer_value(json_object_get(r, "id"));
        json_decref(r);
        snprintf(body, sizeof body,
                 "{\"body\":\"dorset\",\"recommendation_id\":%lld,\"submitted_on\":\"2025-05-01\","
                 "\"author\":\"Dorset\",\"text\":\"Working on it\"}", rid[i]);
        json_decref(api(FX.inspector, "POST", "/api/v1/progress-updates", body, NULL, 201));
    }
    char path[128];
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld/deadline-revisions", rid[1]);
    json_decref(api(FX.inspector, "POST", path,
                    "{\"new_deadline\":\"2026-06-30\",\"reason\":\"More time agreed\",\"agreed_by\":\"HMI\","
                    "\"agreed_on\":\"2025-06\"}",
                    "\"v1\"", 201));
    char *h = page(FX.inspector, "/", 200);
    char *row = row_of(h, "href=\"/bodies/dorset\"");
    assert_non_null(row);
    const char *first = strstr(row, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
    assert_non_null(first);
    const char *c1 = "<td class=\"govuk-table__cell govuk-table__cell--numeric\"><a href=\"/bodies/dorset#causes\" aria-label=\"Open causes of concern of Dorset Police: 2\">2</a></td>";
    assert_true(strncmp(first, c1, strlen(c1)) == 0);   /* open causes */
    const char *second = strstr(first + 1, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
    assert_non_null(second);
    const char *c2 = "<td class=\"govuk-table__cell govuk-table__cell--numeric\"><a href=\"/work?body=dorset&amp;what=overdue\" aria-label=\"Overdue recommendations of Dorset Police: 1\">1</a></td>";
    assert_true(strncmp(second, c2, strlen(c2)) == 0);  /* overdue: the unrevised one, a link to the queue */
    free(row);
    free(h);
}

static void body_page_public(void **state)
{
    (void)state;
    char *h = page(NULL, "/bodies/met", 200);
    must_have(h, "<h1>Metropolitan Police Service</h1>");
    char *engage = row_of(h, "<strong class=\"govuk-tag govuk-tag--red\">Engage</strong>");
    assert_non_null(engage);
    must_have(engage, "<time datetime=\"2022-06-28\">28 June 2022</time>");
    must_have(engage, "<time datetime=\"2025-01-23\">23 January 2025</time>");
    free(engage);
    must_have(h, "<svg xmlns=\"http://www.w3.org/2000/svg\"");
    must_have(h, "ch-span-engage");
    must_have(h, "ch-mark-decision");
    must_have(h, "class=\"ch-year\"");
    must_have(h, "Daniel Morgan Independent Panel");
    must_have(h, "Sir Andy Cooke");
    /* the published causes and recommendations, named as the letters
     * name them, with deadlines, outcomes and requirements (issue #16) */
    must_have(h, "id=\"published-record\"");
    must_have(h, "Cause of concern 1: Missing children");
    must_have(h, ">Recommendation 1 of cause of concern 1<span");
    must_have(h, ">Recommendation 3 of cause of concern 3<span");
    must_have(h, "<time datetime=\"2024-07-31\">31 July 2024</time>");
    must_have(h, "Closed – implemented");
    must_have(h, "those responsible for grading the risks");
    must_have(h, "href=\"/letters?body=met\"");
    must_have(h, "href=\"/feeds/decisions.atom?body=met\"");
    must_have(h, "href=\"/feeds/deadlines/met.ics\"");
    must_have(h, "href=\"/api/v1/public/recommendations?body=met&amp;status=all&amp;format=csv\"");
    /* the child exploitation report made eleven recommendations: three are
     * recorded, and the page says where the other eight are (#16 item 7) */
    must_have(h, "<p class=\"notice report-count\"><a href=\"https://hmicfrs.justiceinspectorates.gov.uk/publication-html/"
                 "metropolitan-police-service-handling-of-sexual-and-criminal-exploitation-of-children/\">");
    must_have(h, " made 11 recommendations. 3 of them are recorded here, under its causes of concern; the other 8 are in"
                 " the published report.</p>");
    /* a cause of concern in no published report stays back */
    must_not_have(h, "Professional standards");
    must_not_have(h, "href=\"/causes-of-concern/2\"");
    /* the rest of the record is for readers of it */
    must_not_have(h, "id=\"causes\"");
    must_not_have(h, "Milestone Plan</h3>");
    must_not_have(h, "ch-mark-inspection");
    free(h);
}

static void body_page_record_for_readers(void **state)
{
    (void)state;
    const char *readers[] = {FX.inspector, FX.met};
    for (int i = 0; i < 2; i++) {
        char *h = page(readers[i], "/bodies/met", 200);
        must_have(h, "id=\"causes\"");
        must_have(h, "Missing children");
        must_have(h, "<strong class=\"govuk-tag govuk-tag--red\">Accelerated</strong>");
        must_have(h, "href=\"/recommendations/1\"");
        must_have(h, "<time datetime=\"2024-07-31\">31 July 2024</time>");
        must_have(h, "<h3>Milestone Plan</h3>");
        must_have(h, "Culture, leadership and professionalism");
        must_have(h, "Readiness to return to Scan");
        must_have(h, "ch-mark-inspection");
        must_have(h, "ch-mark-deadline");
        must_have(h, "ch-mark-revisit");
        free(h);
    }
    /* readiness lists for a body in Engage */
    char *h = page(FX.inspector, "/bodies/lincolnshire", 200);
    must_have(h, "<h3>Blocking</h3>");
    free(h);
}

/* Another body's page is public: its user sees it as a visitor does (200),
 * with a note that the record is not theirs to see. */
static void body_page_other_body_public_part(void **state)
{
    (void)state;
    char *h = page(FX.kent, "/bodies/met", 200);
    must_have(h, "You cannot see this body's monitoring record");
    must_have(h, "datetime=\"2022-06-28\"");   /* the public part still shows */
    must_have(h, "Cause of concern 1: Missing children");   /* published */
    must_not_have(h, "Professional standards");             /* not */
    must_not_have(h, "id=\"causes\"");
    free(h);
    h = page(NULL, "/bodies/no-such-body", 404);
    must_have(h, "Page not found");
    free(h);
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

static void engage_lists_every_case(void **state)
{
    (void)state;
    char *h = page(NULL, "/engage", 200);
    char path[512];
    snprintf(path, sizeof path, "%s/data/engage_history.csv", t_src());
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[2048];
    int cases = 0;
    assert_non_null(fgets(line, sizeof line, f));   /* header */
    while (fgets(line, sizeof line, f)) {
        char *comma = strchr(line, ',');
        if (!comma) continue;
        *comma = '\0';
        char href[128];
        snprintf(href, sizeof href, "href=\"/bodies/%.100s\"", line);
        must_have(h, href);
        cases++;
    }
    fclose(f);
    assert_int_equal(cases, 12);
    must_have(h, "In Engage now (1)");
    must_have(h, "Previously in Engage (11)");
    must_have(h, "Fundamental issues with call handling");   /* the Met's reason in */
    must_have(h, "Returned to Scan with immediate effect");   /* and out */
    free(h);
}

static void timeline_is_a_gantt(void **state)
{
    (void)state;
    char *h = page(NULL, "/timeline", 200);
    must_have(h, "<svg xmlns=\"http://www.w3.org/2000/svg\"");
    assert_int_equal(count(h, "<g class=\"ch-row"), 12);   /* one row per case of data/engage_history.csv */
    assert_true(count(h, "ch-span-engage") >= 12);
    must_have(h, "<a href=\"/bodies/met\"><text class=\"ch-label\"");
    must_have(h, "Metropolitan Police Service: Engage from 28 June 2022 to 23 January 2025");
    must_have(h, ">2019</text>");
    free(h);
}

static void stylesheet(void **state)
{
    (void)state;
    t_http_t r;
    assert_int_equal(t_http(S.srv.port, "GET", "/static/style.css", NULL, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    char v[128];
    assert_int_equal(t_http_header(&r, "Content-Type", v, sizeof v), 0);
    assert_string_equal(v, "text/css; charset=utf-8");
    assert_int_equal(t_http_header(&r, "Cache-Control", v, sizeof v), 0);
    assert_non_null(strstr(v, "max-age=31536000"));
    assert_non_null(strstr(r.body, "@media print"));
    assert_non_null(strstr(r.body, ":focus"));
    assert_null(strstr(r.body, "http://"));
    assert_null(strstr(r.body, "https://"));
    t_http_free(&r);
}

/* A file of the source tree (OVERSIGHT_SRC), NUL-terminated; *len its size. */
static char *source_file(const char *rel, size_t *len)
{
    const char *src = getenv("OVERSIGHT_SRC");
    assert_non_null(src);
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", src, rel);
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open %s", path);
    char *data = malloc(1u << 20);
    assert_non_null(data);
    *len = fread(data, 1, (1u << 20) - 1, f);
    data[*len] = '\0';
    fclose(f);
    return data;
}

/* GET path: 200 with type, cached for a year; returns the reply. */
static void asset(const char *path, const char *type, t_http_t *r)
{
    assert_int_equal(t_http(S.srv.port, "GET", path, NULL, NULL, r), 0);
    assert_int_equal(r->status, 200);
    char v[128];
    assert_int_equal(t_http_header(r, "Content-Type", v, sizeof v), 0);
    assert_string_equal(v, type);
    assert_int_equal(t_http_header(r, "Cache-Control", v, sizeof v), 0);
    assert_string_equal(v, "public, max-age=31536000, immutable");
}

/* GOV.UK Frontend (issue #16, item 6): the vendored files are what the
 * binary serves, byte for byte, at the version of their VERSION file; the
 * pages link them by a versioned address; the module that starts it imports
 * the served module; no GOV.UK typeface and no crown. */
static void govuk_frontend_is_embedded(void **state)
{
    (void)state;
    size_t n = 0, vn = 0;
    char *css = source_file("src/web/static/vendor/govuk-frontend/govuk-frontend.min.css", &n);
    char *version = source_file("src/web/static/vendor/govuk-frontend/VERSION", &vn);
    version[strcspn(version, "\n")] = '\0';
    t_http_t r;
    asset("/static/govuk-frontend.min.css", "text/css; charset=utf-8", &r);
    assert_int_equal(r.len, n);
    assert_memory_equal(r.body, css, n);
    char want[80];
    snprintf(want, sizeof want, "--govuk-frontend-version:\"%s\"", version);
    must_have(r.body, want);
    must_have(r.body, ".govuk-summary-list__key");
    t_http_free(&r);
    free(css);
    char *js = source_file("src/web/static/vendor/govuk-frontend/govuk-frontend.min.js", &n);
    asset("/static/govuk-frontend.min.js", "text/javascript; charset=utf-8", &r);
    assert_int_equal(r.len, n);
    assert_memory_equal(r.body, js, n);
    snprintf(want, sizeof want, "const version=\"%s\"", version);
    must_have(r.body, want);
    t_http_free(&r);
    free(js);
    free(version);

    char *h = page(NULL, "/", 200);
    const char *css_at = strstr(h, "<link rel=\"stylesheet\" href=\"/static/govuk-frontend.min.css?v=");
    const char *ours_at = strstr(h, "<link rel=\"stylesheet\" href=\"/static/style.css?v=");
    assert_non_null(css_at);
    assert_non_null(ours_at);
    assert_true(css_at < ours_at);   /* ours after, so its overrides win */
    const char *init = strstr(h, GOVUK_INIT_TAG);
    char init_path[128];
    snprintf(init_path, sizeof init_path, "%.*s", (int)strcspn(init + strlen("<script type=\"module\" src=\""), "\""),
             init + strlen("<script type=\"module\" src=\""));
    must_not_have(h, "crown");
    must_not_have(h, "govuk-header__logotype");
    must_not_have(h, "GOV.UK");
    free(h);
    asset(init_path, "text/javascript; charset=utf-8", &r);
    must_have(r.body, "import { initAll } from '/static/govuk-frontend.min.js?v=");
    must_not_have(r.body, "GOVUK_FRONTEND_JS");
    must_have(r.body, "initAll()");
    t_http_free(&r);
    /* system fonts over every GOV.UK class, never the GOV.UK Transport files */
    assert_int_equal(t_http(S.srv.port, "GET", "/static/style.css", NULL, NULL, &r), 0);
    must_have(r.body, ".govuk-template__body, .govuk-template__body *:not(code):not(pre):not(kbd):not(samp) {\n"
                      "  font-family: system-ui,");
    t_http_free(&r);
    assert_int_equal(t_http(S.srv.port, "GET", "/assets/fonts/bold-b542beb274-v2.woff2", NULL, NULL, &r), 0);
    assert_int_equal(r.status, 404);
    t_http_free(&r);
}

/* The pages use GOV.UK Frontend's components: the plain header with the
 * service name, the service navigation, the phase banner and the footer on
 * every page; tables, summary lists and tags on a body's page; pagination
 * on search results; the error pages keep the header. */
static void govuk_components(void **state)
{
    (void)state;
    const char *frame[] = {"class=\"govuk-template__body\"", "class=\"govuk-generic-header\"",
                           "<a class=\"govuk-generic-header__homepage-link site-name\" href=\"/\">Oversight</a>",
                           "class=\"govuk-service-navigation\"", "class=\"govuk-phase-banner\"",
                           "<strong class=\"govuk-tag govuk-phase-banner__content__tag\">Beta</strong>",
                           "<div class=\"govuk-footer\">", "class=\"govuk-skip-link\"", NULL};
    const char *paths[] = {"/", "/engage", "/timeline", "/recommendations", "/letters", "/bodies/met", "/search?q=met",
                           NULL};
    for (int p = 0; paths[p]; p++) {
        char *h = page(NULL, paths[p], 200);
        for (int k = 0; frame[k]; k++)
            if (!strstr(h, frame[k])) fail_msg("%s lacks '%s'", paths[p], frame[k]);
        free(h);
    }
    /* the service navigation marks the section a page is in */
    char *h = page(NULL, "/engage", 200);
    must_have(h, "<li class=\"govuk-service-navigation__item govuk-service-navigation__item--active\">"
                 "<a class=\"govuk-service-navigation__link\" href=\"/engage\" aria-current=\"page\">");
    assert_int_equal(count(h, "aria-current=\"page\""), 1);
    free(h);
    h = page(NULL, "/bodies/met", 200);
    must_not_have(h, "aria-current=\"page\"");
    must_have(h, "<dl class=\"govuk-summary-list\">");
    must_have(h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Phase</dt>"
                 "<dd class=\"govuk-summary-list__value\"><strong class=\"govuk-tag govuk-tag--green\">Scan</strong>");
    must_have(h, "<table class=\"govuk-table\">");
    must_have(h, "<th scope=\"col\" class=\"govuk-table__header\">Phase</th>");
    must_have(h, "<td class=\"govuk-table__cell\"><strong class=\"govuk-tag govuk-tag--red\">Engage</strong></td>");
    must_not_have(h, "class=\"tag ");
    must_not_have(h, "govuk-tag--\"");   /* every tag has its colour */
    free(h);
    /* search results a page at a time: numbered pages, this one current */
    h = page(NULL, "/search?q=police&per_page=1", 200);
    must_have(h, "<nav class=\"govuk-pagination\" aria-label=\"Result pages\">");
    must_have(h, "<a class=\"govuk-link govuk-pagination__link\" href=\"/search?q=police&amp;per_page=1\" "
                 "aria-label=\"Page 1\" aria-current=\"page\">1</a>");
    must_have(h, "rel=\"next\"");
    must_not_have(h, "rel=\"prev\"");
    free(h);
    /* a browser's error page keeps the header */
    const char *browser[] = {"Accept: text/html", NULL};
    t_http_t r;
    assert_int_equal(t_http(S.srv.port, "GET", "/no-such-page", NULL, browser, &r), 0);
    assert_int_equal(r.status, 404);
    must_have(r.body, "class=\"govuk-generic-header\"");
    must_have(r.body, "class=\"govuk-service-navigation\"");
    t_http_free(&r);
}

/* The national list of published recommendations (issue #16): the page
 * and the same list as JSON and CSV, with filters and pages. The Met's
 * three published recommendations of its own reports are all closed; the
 * one open is its part of the demo's national thematic report (2025). */
static void national_list_of_recommendations(void **state)
{
    (void)state;
    char *h = page(NULL, "/recommendations?body=met", 200);
    must_have(h, "<h1>Recommendations</h1>");
    must_have(h, "Showing 1 to 1 of 1 recommendations.");
    must_have(h, "Illustrative national thematic inspection (demo data)");
    free(h);
    h = page(NULL, "/recommendations?body=met&status=all", 200);
    must_have(h, "Showing 1 to 4 of 4 recommendations.");
    must_have(h, "<a href=\"/recommendations/1\">Recommendation 1 of cause of concern 1<span");
    must_have(h, "<a href=\"/recommendations/3\">Recommendation 3 of cause of concern 3<span");
    must_have(h, "<option value=\"met\" selected>");
    must_have(h, "href=\"/api/v1/public/recommendations?body=met&amp;status=all&amp;format=csv\"");
    must_have(h, "class=\"table-scroll\" role=\"region\"");
    free(h);
    h = page(NULL, "/recommendations?kind=fire&status=all&body=met", 200);
    must_have(h, "No published recommendations match.");
    free(h);

    json_t *j = api(NULL, "GET", "/api/v1/public/recommendations?body=met&status=all&limit=2", NULL, NULL, 200);
    assert_int_equal(json_integer_value(json_object_get(j, "count")), 4);
    assert_true(json_is_true(json_object_get(j, "more")));
    json_t *first = json_array_get(json_object_get(j, "recommendations"), 0);
    assert_string_equal(json_string_value(json_object_get(first, "label")), "Recommendation 1 of cause of concern 1");
    assert_string_equal(json_string_value(json_object_get(first, "public_status")), "closed_implemented");
    assert_string_equal(json_string_value(json_object_get(first, "original_deadline")), "2023-12-31");
    assert_int_equal(json_integer_value(json_object_get(first, "requirements_met")), 3);
    json_decref(j);
    j = api(NULL, "GET", "/api/v1/public/recommendations?body=met", NULL, NULL, 200);
    assert_int_equal(json_integer_value(json_object_get(j, "count")), 1);
    json_decref(j);
    j = api(NULL, "GET", "/api/v1/public/recommendations?body=met&status=closed_not_implemented", NULL, NULL, 200);
    assert_int_equal(json_integer_value(json_object_get(j, "count")), 0);
    json_decref(j);
    json_decref(api(NULL, "GET", "/api/v1/public/recommendations?status=done", NULL, NULL, 400));
    json_decref(api(NULL, "GET", "/api/v1/public/recommendations?kind=ambulance", NULL, NULL, 400));
    json_decref(api(NULL, "GET", "/api/v1/public/recommendations?overdue=maybe", NULL, NULL, 400));
    t_http_t r;
    t_get(&S, "/api/v1/public/recommendations?body=met&status=all&format=csv", NULL, 200, &r);
    assert_non_null(strstr(r.body, "id,body,body_name,body_kind,label,"));
    assert_non_null(strstr(r.body, "\r\n1,met,Metropolitan Police Service,police,Recommendation 1 of cause of concern 1,"));
    t_http_free(&r);
}

static void item_pages_access(void **state)
{
    (void)state;
    /* published: a public page, the published facts only */
    char *h = page(NULL, "/causes-of-concern/3", 200);
    must_have(h, "<h1>Missing children</h1>");
    must_have(h, "href=\"/recommendations/1\"");
    must_have(h, " made 11 recommendations in all: those of this cause of concern are below, the others are in");
    must_not_have(h, "Status history");
    must_not_have(h, "Change history");
    free(h);
    h = page(NULL, "/recommendations/1", 200);
    must_have(h, "<h1>Recommendation 1 of cause of concern 1</h1>");
    must_have(h, "<title>Recommendation 1 of cause of concern 1: Metropolitan Police Service");
    must_have(h, "<dt class=\"govuk-summary-list__key\">Original deadline</dt><dd class=\"govuk-summary-list__value\"><time datetime=\"2023-12-31\">");
    must_have(h, "Closed – implemented");
    /* the reason the letter gives, public with the closure */
    must_have(h, "<dt class=\"govuk-summary-list__key\">Why it was closed</dt><dd class=\"govuk-summary-list__value\">"
                 "As the letter of 23 January 2025 returning the force to Scan says:");
    must_have(h, "those responsible for grading the risks");
    must_not_have(h, "Progress updates");
    must_not_have(h, "Status history");
    free(h);
    h = page(FX.kent, "/recommendations/1", 200);
    must_not_have(h, "Progress updates");
    free(h);
    /* in no published report: not there at all for the public and another body */
    h = page(NULL, "/causes-of-concern/2", 404);
    must_not_have(h, "Professional standards");
    free(h);
    h = page(FX.kent, "/causes-of-concern/2", 404);
    must_not_have(h, "Professional standards");
    free(h);
    /* readers of the record: the same facts, and the record */
    h = page(FX.inspector, "/causes-of-concern/3", 200);
    must_have(h, "<h1>Missing children</h1>");
    must_have(h, "Status history");
    must_have(h, "href=\"/recommendations/1\"");
    free(h);
    h = page(FX.inspector, "/causes-of-concern/2", 200);
    must_have(h, "<h1>Professional standards</h1>");
    must_have(h, "Not yet published");
    free(h);
    h = page(FX.met, "/recommendations/1", 200);
    must_have(h, "<h1>Recommendation 1 of cause of concern 1</h1>");
    must_have(h, "those responsible for grading the risks");
    must_have(h, "The deadline has not been revised.");
    must_have(h, "Progress updates");
    free(h);
    h = page(FX.inspector, "/recommendations/999", 404);
    free(h);
    h = page(FX.inspector, "/causes-of-concern/abc", 404);
    free(h);
}

/* Stored text with markup comes out escaped everywhere. Runs last: it adds
 * to the record. */
static void stored_text_is_escaped(void **state)
{
    (void)state;
    json_t *c = api(FX.inspector, "POST", "/api/v1/causes-of-concern",
                    "{\"body\":\"met\",\"title\":\"<img src=x onerror=alert(2)>\",\"text\":\"" XSS "\","
                    "\"issued_on\":\"2025-06\"}",
                    NULL, 201);
    long long cause = json_integer_value(json_object_get(c, "id"));
    json_decref(c);
    char body[512];
    snprintf(body, sizeof body,
             "{\"body\":\"met\",\"cause_id\":%lld,\"number\":\"9\",\"addressee\":\"Metropolitan Police Service\","
             "\"text\":\"" XSS "\",\"issued_on\":\"2025-06\",\"original_deadline\":\"2025-12-31\"}",
             cause);
    json_t *rec = api(FX.inspector, "POST", "/api/v1/recommendations", body, NULL, 201);
    long long rid = json_integer_value(json_object_get(rec, "id"));
    json_decref(rec);
    char path[128];
    snprintf(path, sizeof path, "/api/v1/recommendations/%lld/deadline-revisions", rid);
    json_decref(api(FX.inspector, "POST", path,
                    "{\"new_deadline\":\"2026-03-31\",\"reason\":\"" XSS "\",\"agreed_by\":\"HMI\",\"agreed_on\":\"2025-11\"}",
                    "\"v1\"", 201));

    char *h = page(FX.inspector, "/bodies/met", 200);
    must_have(h, XSS_ESCAPED);
    must_have(h, "&lt;img src=x onerror=alert(2)&gt;");
    must_not_have(h, "<img");
    /* the revised deadline next to the original; an overdue count on the board */
    must_have(h, "originally <time datetime=\"2025-12-31\">");
    free(h);

    snprintf(path, sizeof path, "/causes-of-concern/%lld", cause);
    h = page(FX.inspector, path, 200);
    must_have(h, XSS_ESCAPED);
    free(h);
    snprintf(path, sizeof path, "/recommendations/%lld", rid);
    h = page(FX.met, path, 200);
    must_have(h, XSS_ESCAPED);
    must_have(h, "<td class=\"govuk-table__cell\"><time datetime=\"2025-12-31\">31 December 2025</time></td>");
    must_have(h, "<td class=\"govuk-table__cell\"><time datetime=\"2026-03-31\">31 March 2026</time></td>");
    free(h);

    /* the new cause is in no published report: anonymous visitors never
     * see it, nor its recommendation, on any page */
    h = page(NULL, "/bodies/met", 200);
    must_not_have(h, "alert(");
    free(h);
    h = page(NULL, "/recommendations?status=all", 200);
    must_not_have(h, "alert(");
    free(h);
    snprintf(path, sizeof path, "/recommendations/%lld", rid);
    h = page(NULL, path, 404);   /* the recommendation's own page */
    must_not_have(h, "alert(");
    free(h);
    snprintf(path, sizeof path, "/causes-of-concern/%lld", cause);
    h = page(NULL, path, 404);
    must_not_have(h, "onerror");
    free(h);

    /* a public text: a decision's rationale */
    json_decref(api(FX.hmci, "POST", "/api/v1/bodies/kent/decisions",
                    "{\"to_phase\":\"engage\",\"decided_by\":\"HMCI\",\"decided_on\":\"2025-12-01\","
                    "\"effective_on\":\"2025-12-01\",\"rationale\":\"" XSS "\"}",
                    NULL, 201));
    const char *pages[] = {"/engage", "/bodies/kent", "/timeline", "/?phase=engage"};
    for (int i = 0; i < 4; i++) {
        h = page(NULL, pages[i], 200);
        must_have(h, "Kent Police");
        if (i < 2) must_have(h, XSS_ESCAPED);
        free(h);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(board_shows_phases),
        cmocka_unit_test(board_filters_and_sorts),
        cmocka_unit_test(board_counts_for_staff),
        cmocka_unit_test(board_counts_open_and_overdue),
        cmocka_unit_test(body_page_public),
        cmocka_unit_test(body_page_record_for_readers),
        cmocka_unit_test(body_page_other_body_public_part),
        cmocka_unit_test(engage_lists_every_case),
        cmocka_unit_test(timeline_is_a_gantt),
        cmocka_unit_test(stylesheet),
        cmocka_unit_test(govuk_frontend_is_embedded),
        cmocka_unit_test(govuk_components),
        cmocka_unit_test(item_pages_access),
        cmocka_unit_test(national_list_of_recommendations),
        cmocka_unit_test(stored_text_is_escaped),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
