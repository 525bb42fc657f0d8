/*
 * test_chart.c: the SVG chart builder (src/web/chart.c) and the words for
 * dates and values (src/web/format.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
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
    assert_non_null(strstr(s, "role=\"img\" aria-labelledby=\"t-title t-desc\""));
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
    free(s);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chart_structure),
        cmocka_unit_test(test_chart_escapes_text),
        cmocka_unit_test(test_chart_unsafe_href_and_clipping),
        cmocka_unit_test(test_chart_invalid_axis),
        cmocka_unit_test(test_chart_buffer_limit),
        cmocka_unit_test(test_format_date),
        cmocka_unit_test(test_format_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
