/* test_date.c: dates with precision. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "core/date.h"

static void parse_keeps_precision(void **state)
{
    (void)state;
    odate_t d;
    char buf[DATE_TEXT_MAX];
    assert_int_equal(date_parse("2019", &d), 0);
    assert_int_equal(d.precision, DATE_YEAR);
    date_format(&d, buf);
    assert_string_equal(buf, "2019");
    assert_int_equal(date_parse("2023-09", &d), 0);
    assert_int_equal(d.precision, DATE_MONTH);
    date_format(&d, buf);
    assert_string_equal(buf, "2023-09");
    assert_int_equal(date_parse("2022-06-28", &d), 0);
    assert_int_equal(d.precision, DATE_DAY);
    date_format(&d, buf);
    assert_string_equal(buf, "2022-06-28");
}

static void parse_rejects_bad(void **state)
{
    (void)state;
    odate_t d;
    const char *bad[] = {"", "19", "2019-1", "2019-13", "2019-00", "2023-02-29", "2024-02-30", "2024-04-31",
                         "abcd", "2019-06-28x", "2019/06/28", "0999", "2019-06-", " 2019", NULL};
    for (int i = 0; bad[i]; i++) assert_int_equal(date_parse(bad[i], &d), -1);
    assert_int_equal(date_parse(NULL, &d), -1);
    assert_int_equal(date_parse("2024-02-29", &d), 0);
    assert_int_equal(date_parse_day("2024-02", &d), -1);
    assert_int_equal(date_parse_day("2024-02-01", &d), 0);
}

static void first_last_days(void **state)
{
    (void)state;
    odate_t d, f, l;
    date_parse("2024-02", &d);
    f = date_first_day(&d);
    l = date_last_day(&d);
    assert_int_equal(f.day, 1);
    assert_int_equal(l.day, 29);
    date_parse("2019", &d);
    l = date_last_day(&d);
    assert_int_equal(l.month, 12);
    assert_int_equal(l.day, 31);
}

static void arithmetic(void **state)
{
    (void)state;
    odate_t d, r;
    char buf[DATE_TEXT_MAX];
    date_parse("1970-01-01", &d);
    assert_int_equal(date_to_days(&d), 0);
    date_parse("2023-10-31", &d);
    r = date_add_days(&d, 56);   /* PCC response window */
    date_format(&r, buf);
    assert_string_equal(buf, "2023-12-26");
    date_parse("2024-02-28", &d);
    r = date_add_days(&d, 1);
    date_format(&r, buf);
    assert_string_equal(buf, "2024-02-29");
    r = date_add_days(&d, -59);
    date_format(&r, buf);
    assert_string_equal(buf, "2023-12-31");
    for (long k = -800000; k < 800000; k += 997) {
        odate_t x = date_from_days(k);
        assert_int_equal(date_to_days(&x), k);
    }
}

static void compare_by_first_day(void **state)
{
    (void)state;
    odate_t a, b;
    date_parse("2023-09", &a);
    date_parse("2023-09-01", &b);
    assert_int_equal(date_compare(&a, &b), 0);
    date_parse("2023-08-31", &b);
    assert_true(date_compare(&a, &b) > 0);
    date_parse("2019", &a);
    date_parse("2019-01-02", &b);
    assert_true(date_compare(&a, &b) < 0);
}

/* date_format writes what "%04d", "%04d-%02d" and "%04d-%02d-%02d" write,
 * at each precision, inside the record's range and outside it. */
static void format_as_printf(void **state)
{
    (void)state;
    static const int years[] = {0, 7, 999, 1000, 1999, 2026, 9999, 10000, -1, 123456};
    for (size_t y = 0; y < sizeof years / sizeof years[0]; y++)
        for (int m = 0; m <= 13; m++)
            for (int d = 0; d <= 32; d += 1)
                for (int p = DATE_NONE; p <= DATE_DAY; p++) {
                    odate_t x = {years[y], m, d, (enum date_precision)p};
                    char got[DATE_TEXT_MAX + 32], want[64] = "";
                    date_format(&x, got);
                    if (p == DATE_YEAR) snprintf(want, DATE_TEXT_MAX, "%04d", x.year);
                    if (p == DATE_MONTH) snprintf(want, DATE_TEXT_MAX, "%04d-%02d", x.year, x.month);
                    if (p == DATE_DAY) snprintf(want, DATE_TEXT_MAX, "%04d-%02d-%02d", x.year, x.month, x.day);
                    assert_string_equal(got, want);
                }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_keeps_precision), cmocka_unit_test(parse_rejects_bad),
        cmocka_unit_test(first_last_days), cmocka_unit_test(arithmetic),
        cmocka_unit_test(compare_by_first_day), cmocka_unit_test(format_as_printf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
