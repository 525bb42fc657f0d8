/*
 * date.h: calendar dates that keep the precision they were given.
 *
 * Public sources often say only "2019" or "June 2022"; the record keeps that
 * precision rather than inventing a day. A date is a year, a year and month,
 * or a full day; its text form is ISO 8601 ("2019", "2019-06", "2019-06-28").
 */
#ifndef OV_CORE_DATE_H
#define OV_CORE_DATE_H

enum date_precision { DATE_NONE = 0, DATE_YEAR = 1, DATE_MONTH = 2, DATE_DAY = 3 };

typedef struct odate {
    int year;
    int month;   /* 1..12, 0 when precision < DATE_MONTH */
    int day;     /* 1..31, 0 when precision < DATE_DAY */
    int precision;
} odate_t;

#define DATE_TEXT_MAX 11   /* "YYYY-MM-DD" + NUL */

/* Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" (years 1000..9999, real calendar
 * days). Returns 0, or -1 if s is not such a date. */
int date_parse(const char *s, odate_t *out);

/* Parses a full day only ("YYYY-MM-DD"). Returns 0 or -1. */
int date_parse_day(const char *s, odate_t *out);

/* Writes the ISO form at the date's precision into buf (DATE_TEXT_MAX). */
void date_format(const odate_t *d, char buf[DATE_TEXT_MAX]);

/* First and last day a date may stand for ("2022-06" -> 06-01, 06-30). */
odate_t date_first_day(const odate_t *d);
odate_t date_last_day(const odate_t *d);

/* Compares by first day: <0, 0, >0. */
int date_compare(const odate_t *a, const odate_t *b);

/* Days since 1970-01-01 of the date's first day (may be negative). */
long date_to_days(const odate_t *d);

/* The full-day date n days after d's first day (n may be negative). */
odate_t date_add_days(const odate_t *d, long n);

/* A full-day date from days since 1970-01-01. */
odate_t date_from_days(long days);

int date_days_in_month(int year, int month);

#endif
