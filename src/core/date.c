/*
 * date.c: dates with precision; day arithmetic by Howard Hinnant's
 * days-from-civil algorithm (proleptic Gregorian calendar).
 */
#include "core/date.h"
#include <stdio.h>
#include <string.h>

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int date_days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int date_parse(const char *s, odate_t *out)
{
    odate_t d = {0, 0, 0, DATE_NONE};
    if (!s) return -1;
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10) return -1;
    if (digits(s, 4, &d.year) != 0 || d.year < 1000) return -1;
    d.precision = DATE_YEAR;
    if (n >= 7) {
        if (s[4] != '-' || digits(s + 5, 2, &d.month) != 0) return -1;
        if (d.month < 1 || d.month > 12) return -1;
        d.precision = DATE_MONTH;
    }
    if (n == 10) {
        if (s[7] != '-' || digits(s + 8, 2, &d.day) != 0) return -1;
        if (d.day < 1 || d.day > date_days_in_month(d.year, d.month)) return -1;
        d.precision = DATE_DAY;
    }
    *out = d;
    return 0;
}

int date_parse_day(const char *s, odate_t *out)
{
    odate_t d;
    if (date_parse(s, &d) != 0 || d.precision != DATE_DAY) return -1;
    *out = d;
    return 0;
}

/* Two digits of v (0..99) at p. */
static void put2(char *p, int v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
}

void date_format(const odate_t *d, char buf[DATE_TEXT_MAX])
{
    /* the dates the record holds (years 1000-9999: date_parse), written
     * without printf; anything else as printf writes it */
    if (d->precision >= DATE_YEAR && d->precision <= DATE_DAY && d->year >= 0 && d->year <= 9999 && d->month >= 0
        && d->month <= 99 && d->day >= 0 && d->day <= 99) {
        put2(buf, d->year / 100);
        put2(buf + 2, d->year % 100);
        size_t n = 4;
        if (d->precision >= DATE_MONTH) {
            buf[4] = '-';
            put2(buf + 5, d->month);
            n = 7;
        }
        if (d->precision == DATE_DAY) {
            buf[7] = '-';
            put2(buf + 8, d->day);
            n = 10;
        }
        buf[n] = '\0';
        return;
    }
    switch (d->precision) {
    case DATE_YEAR: snprintf(buf, DATE_TEXT_MAX, "%04d", d->year); break;
    case DATE_MONTH: snprintf(buf, DATE_TEXT_MAX, "%04d-%02d", d->year, d->month); break;
    case DATE_DAY: snprintf(buf, DATE_TEXT_MAX, "%04d-%02d-%02d", d->year, d->month, d->day); break;
    default: buf[0] = '\0';
    }
}

odate_t date_first_day(const odate_t *d)
{
    odate_t r = {d->year, d->month ? d->month : 1, d->day ? d->day : 1, DATE_DAY};
    return r;
}

odate_t date_last_day(const odate_t *d)
{
    odate_t r = {d->year, d->month ? d->month : 12, 0, DATE_DAY};
    r.day = d->day ? d->day : date_days_in_month(r.year, r.month);
    return r;
}

long date_to_days(const odate_t *d)
{
    odate_t f = date_first_day(d);
    long y = f.year - (f.month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long mp = (f.month + 9) % 12;
    long doy = (153 * mp + 2) / 5 + f.day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

odate_t date_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long day = doy - (153 * mp + 2) / 5 + 1;
    long month = mp < 10 ? mp + 3 : mp - 9;
    odate_t r = {(int)(y + (month <= 2)), (int)month, (int)day, DATE_DAY};
    return r;
}

odate_t date_add_days(const odate_t *d, long n)
{
    return date_from_days(date_to_days(d) + n);
}

int date_compare(const odate_t *a, const odate_t *b)
{
    long x = date_to_days(a), y = date_to_days(b);
    return x < y ? -1 : x > y ? 1 : 0;
}
