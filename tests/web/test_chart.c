/*
 * test_chart.c: the SVG chart builder (src/web/chart.c) and the words for
 * dates and values (src/web/format.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "core/date.h"
#include "web/chart.h"
#include "web/format.h"

static long day(const char *iso)
{
    odate_t d;
    assert_int_equal(date_parse(iso, &d), 0);
    return date_to_days(&d);
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

/* One row with an Engage span and a decision mark, axis 2022..2025. */
static char *render(const char *label, const char *title, const char *cls, int *rc)
{
    chart_span_t span = {day("2022-06-28"), day("2025-01-23"), cls, title};
    chart_mark_t mark = {day("2022-06-28"), "decision", title};
    chart_row_t row = {label, "/bodies/met", &span, 1, &mark, 1};
    chart_t c = {.id = "t", .title = "Test chart", .desc = "A description", .rows = &row, .nrows = 1};
    chart_axis_years(day("2022-06-28"), day("2025-01-23"), &c.from, &c.to);
    buf_t b = BUF_INIT;
    *rc = chart_svg(&b, &c);
    return buf_detach(&b, NULL);
}

static void test_chart_structure(void **state)
{
    (void)state;
    int rc;
    char *s = render("Metropolitan Police Service", "Engage from 28 June 2022", "engage", &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(s, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_non_null(strstr(s, "role=\"group\" aria-labelledby=\"t-title t-desc\""));
    assert_non_null(strstr(s, "<title id=\"t-title\">Test chart</title>"));
    assert_non_null(strstr(s, "<desc id=\"t-desc\">A description</desc>"));
    assert_non_null(strstr(s, "class=\"ch-span ch-span-engage\""));
    assert_non_null(strstr(s, "class=\"ch-mark ch-mark-decision\""));
    assert_non_null(strstr(s, "<a href=\"/bodies/met\"><text class=\"ch-label\""));
    assert_non_null(strstr(s, ">Metropolitan Police Service</text>"));
    /* year ticks: 2022, 2023, 2024, 2025 labelled; axis ends on 2026-01-01 */
    assert_int_equal(count(s, "class=\"ch-year\""), 4);
    assert_non_null(strstr(s, ">2022</text>"));
    assert_non_null(strstr(s, ">2025</text>"));
    assert_null(strstr(s, ">2026</text>"));
    assert_int_equal(count(s, "class=\"ch-tick\""), 5);
    assert_null(strstr(s, "style="));
    assert_string_equal(s + strlen(s) - 6, "</svg>");
    /* the span and the mark are in the tab order, named by their words */
    assert_int_equal(count(s, "tabindex=\"0\" role=\"img\" aria-label=\"Engage from 28 June 2022\""), 2);
    /* the label's link is not inside an img (axe: nested-interactive) */
    assert_null(strstr(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 960 64\" role=\"img\""));
    free(s);
}

/* The WCAG 2.x relative luminance of "#rrggbb". */
static double luminance(const char *hex)
{
    double c[3];
    for (int i = 0; i < 3; i++) {
        char two[3] = {hex[1 + 2 * i], hex[2 + 2 * i], 0};
        double v = (double)strtol(two, NULL, 16) / 255.0;
        c[i] = v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

static double contrast(const char *a, const char *b)
{
    double x = luminance(a), y = luminance(b);
    return x > y ? (x + 0.05) / (y + 0.05) : (y + 0.05) / (x + 0.05);
}

/* The stylesheet (OVERSIGHT_SRC/src/web/static/style.css), malloc'd. */
static char *stylesheet(void)
{
    const char *src = getenv("OVERSIGHT_SRC");
    char path[512];
    snprintf(path, sizeof path, "%s/src/web/static/style.css", src ? src : ".");
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strdup(buf);
}

/* Non-text contrast (WCAG 2.2 1.4.11): every bar and mark of the charts at
 * least 3:1 against both row bands (white and --light), as style.css fills
 * them (checked here, so a colour changed there without this test fails). */
static void test_chart_contrast(void **state)
{
    (void)state;
    static const struct { const char *rule, *hex; double on_white, on_light; } fills[] = {
        {".ch-span-engage { fill: var(--engage); }", "#d4351c", 4.86, 4.34},
        {".ch-span-scan { fill: var(--scan); }", "#00703c", 6.21, 5.55},
        {".ch-mark-decision { fill: var(--text); }", "#0b0c0c", 19.59, 17.52},
        {".ch-mark-inspection { fill: var(--link); }", "#1d70b8", 5.17, 4.62},
        {".ch-mark-deadline { fill: #8a6400; }", "#8a6400", 5.38, 4.81},
        {".ch-mark-revisit { fill: var(--scan); }", "#00703c", 6.21, 5.55},
    };
    char *css = stylesheet();
    assert_non_null(strstr(css, "--engage: #d4351c;"));
    assert_non_null(strstr(css, "--scan: #00703c;"));
    assert_non_null(strstr(css, "--text: #0b0c0c;"));
    assert_non_null(strstr(css, "--link: #1d70b8;"));
    assert_non_null(strstr(css, "--light: #f3f2f1;"));
    assert_non_null(strstr(css, ".ch-band { fill: #fff; }"));
    assert_non_null(strstr(css, ".ch-row-alt .ch-band { fill: var(--light); }"));
    /* bars and marks are outlined in white: their neighbour is white */
    assert_non_null(strstr(css, ".ch-span { stroke: #fff; stroke-width: 1; }"));
    assert_non_null(strstr(css, ".ch-mark { stroke: #fff; stroke-width: 1;"));
    for (size_t i = 0; i < sizeof fills / sizeof *fills; i++) {
        if (!strstr(css, fills[i].rule)) fail_msg("style.css has no '%s'", fills[i].rule);
        double w = contrast(fills[i].hex, "#ffffff"), l = contrast(fills[i].hex, "#f3f2f1");
        if (w < 3.0 || l < 3.0) fail_msg("%s: %.2f:1 on white, %.2f:1 on --light", fills[i].rule, w, l);
        /* the ratios the stylesheet's comment states */
        if (fabs(w - fills[i].on_white) > 0.005 || fabs(l - fills[i].on_light) > 0.005)
            fail_msg("%s: %.2f:1 and %.2f:1, not as stated", fills[i].rule, w, l);
    }
    /* what the Scan bars were: 1.36:1 */
    assert_true(fabs(contrast("#cce2d8", "#ffffff") - 1.36) < 0.005);
    free(css);
}

static void test_chart_escapes_text(void **state)
{
    (void)state;
    int rc;
    char *s = render("<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "engage\" onload=\"x", &rc);
    assert_int_equal(rc, 0);
    assert_null(strstr(s, "<script"));
    assert_null(strstr(s, "<img"));
    assert_null(strstr(s, "onload=\""));
    assert_non_null(strstr(s, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_non_null(strstr(s, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    /* class suffixes keep only [a-z0-9-] */
    assert_non_null(strstr(s, "ch-span-engageonloadx\""));
    free(s);
}

static void test_chart_unsafe_href_and_clipping(void **state)
{
    (void)state;
    chart_span_t spans[] = {{day("2010-01-01"), day("2011-01-01"), "engage", NULL},   /* before the axis */
                            {day("2019-06-01"), day("2030-01-01"), "engage", NULL}};  /* clipped to the axis end */
    chart_mark_t marks[] = {{day("2031-01-01"), "deadline", "late"}, {day("2020-03-01"), "deadline", NULL}};
    chart_row_t row = {"Row", "javascript:alert(1)", spans, 2, marks, 2};
    chart_t c = {.id = "x", .title = "T", .rows = &row, .nrows = 1};
    chart_axis_years(day("2020-02-01"), day("2021-05-01"), &c.from, &c.to);
    assert_int_equal(c.from, day("2020-01-01"));
    assert_int_equal(c.to, day("2022-01-01"));
    buf_t b = BUF_INIT;
    assert_int_equal(chart_svg(&b, &c), 0);
    assert_non_null(strstr(b.data, "<a href=\"#\">"));
    assert_null(strstr(b.data, "javascript"));
    assert_int_equal(count(b.data, "ch-span-engage"), 1);
    assert_int_equal(count(b.data, "ch-mark-deadline"), 1);
    assert_null(strstr(b.data, "<desc"));
    assert_non_null(strstr(b.data, "aria-labelledby=\"x-title\""));
    /* the clipped span runs from 2020-01-01 (x = 230) to the axis end (x = 944) */
    assert_non_null(strstr(b.data, "x=\"230.0\" y=\"35\" width=\"714.0\""));
    buf_free(&b);
}

static void test_chart_invalid_axis(void **state)
{
    (void)state;
    chart_t c = {.id = "x", .title = "T", .from = 10, .to = 10};
    buf_t b = BUF_INIT;
    assert_int_equal(chart_svg(&b, &c), -2);
    assert_int_equal(chart_svg(&b, NULL), -2);
    assert_int_equal(b.len, 0);
    buf_free(&b);
}

static void test_chart_buffer_limit(void **state)
{
    (void)state;
    chart_row_t row = {"Row", NULL, NULL, 0, NULL, 0};
    chart_t c = {.id = "x", .title = "T", .rows = &row, .nrows = 1, .from = 0, .to = 3650};
    buf_t b = BUF_INIT;
    b.limit = 100;
    assert_int_equal(chart_svg(&b, &c), -1);
    buf_free(&b);
}

static void test_format_date(void **state)
{
    (void)state;
    char out[WEB_DATE_TEXT_MAX];
    assert_string_equal(web_format_date("2022-06-28", out), "28 June 2022");
    assert_string_equal(web_format_date("2025-01-01", out), "1 January 2025");
    assert_string_equal(web_format_date("2023-10", out), "October 2023");
    assert_string_equal(web_format_date("2019", out), "2019");
    assert_string_equal(web_format_date("soon", out), "soon");
    assert_string_equal(web_format_date("2023-02-30", out), "2023-02-30");
    assert_string_equal(web_format_date(NULL, out), "");
}

static void test_format_words(void **state)
{
    (void)state;
    char out[32];
    assert_string_equal(web_format_enum("in_progress", out, sizeof out), "In progress");
    assert_string_equal(web_format_enum("cause_of_concern", out, sizeof out), "Cause of concern");
    assert_string_equal(web_format_enum("", out, sizeof out), "");
    assert_string_equal(web_format_enum(NULL, out, sizeof out), "");
    assert_string_equal(web_format_enum("requires_improvement", out, 9), "Requires");
    assert_string_equal(web_kind_name("police"), "Police force");
    assert_string_equal(web_kind_name("fire"), "Fire and rescue service");
    assert_string_equal(web_kind_name("other"), "other");
    assert_string_equal(web_kind_name(NULL), "");
}

/* GOV.UK Frontend's date input: three fields to the record's date and back. */
static void test_date_parts(void **state)
{
    (void)state;
    char out[64], d[WEB_DATE_PART_MAX], m[WEB_DATE_PART_MAX], y[WEB_DATE_PART_MAX];
    web_date_join("7", "3", "2025", out, sizeof out);
    assert_string_equal(out, "2025-03-07");
    web_date_join(" 31 ", "12", " 2024", out, sizeof out);
    assert_string_equal(out, "2024-12-31");
    web_date_join("", "3", "2025", out, sizeof out);
    assert_string_equal(out, "2025-03");
    web_date_join("", "", "2025", out, sizeof out);
    assert_string_equal(out, "2025");
    web_date_join("", "", "", out, sizeof out);
    assert_string_equal(out, "");
    web_date_join(NULL, NULL, NULL, out, sizeof out);
    assert_string_equal(out, "");
    web_date_join("5", "", "2025", out, sizeof out);   /* as typed, for the checks to refuse */
    assert_string_equal(out, "2025--05");
    web_date_join("5", "x", "", out, sizeof out);
    assert_string_equal(out, "-x-05");
    web_date_split("2025-03-07", d, m, y);
    assert_string_equal(d, "07");
    assert_string_equal(m, "03");
    assert_string_equal(y, "2025");
    web_date_split("2025--05", d, m, y);
    assert_string_equal(d, "05");
    assert_string_equal(m, "");
    web_date_split("2025", d, m, y);
    assert_string_equal(y, "2025");
    assert_string_equal(m, "");
    assert_string_equal(d, "");
    web_date_split(NULL, d, m, y);
    assert_string_equal(y, "");

    const char *part = NULL;
    assert_null(web_date_problem("2025-03-07", &part));
    assert_null(web_date_problem("2025-03", &part));
    assert_null(web_date_problem("", &part));
    assert_null(web_date_problem("2025", &part));
    assert_string_equal(web_date_problem("-03-07", &part), "must include a year");
    assert_string_equal(part, "year");
    assert_string_equal(web_date_problem("2025--07", &part), "must include a month");
    assert_string_equal(part, "month");
    assert_string_equal(web_date_problem("25-03-07", &part), "must have a year of 4 numbers, like 2025");
    assert_string_equal(part, "year");
    assert_string_equal(web_date_problem("2025-13-07", &part), "must be a real date");
    assert_string_equal(part, "month");
    assert_string_equal(web_date_problem("2025-02-30", &part), "must be a real date");
    assert_string_equal(part, "day");
    assert_string_equal(web_date_problem("2025-02-x", &part), "must be a real date");
    assert_string_equal(part, "day");
}

static void test_tag_colours(void **state)
{
    (void)state;
    assert_string_equal(web_tag_colour("engage"), "red");
    assert_string_equal(web_tag_colour("closed_not_implemented"), "red");
    assert_string_equal(web_tag_colour("scan"), "green");
    assert_string_equal(web_tag_colour("closed_implemented"), "green");
    assert_string_equal(web_tag_colour("in_progress"), "yellow");
    assert_string_equal(web_tag_colour("anything"), "grey");
    assert_string_equal(web_tag_colour(NULL), "grey");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chart_structure),
        cmocka_unit_test(test_date_parts),
        cmocka_unit_test(test_tag_colours),
        cmocka_unit_test(test_chart_contrast),
        cmocka_unit_test(test_chart_escapes_text),
        cmocka_unit_test(test_chart_unsafe_href_and_clipping),
        cmocka_unit_test(test_chart_invalid_axis),
        cmocka_unit_test(test_chart_buffer_limit),
        cmocka_unit_test(test_format_date),
        cmocka_unit_test(test_format_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
