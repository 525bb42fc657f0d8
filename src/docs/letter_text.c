/*
 * letter_text.c: the wording helpers of letters (see letter.h). Pure.
 */
#include "docs/letter.h"
#include "core/buf.h"
#include "core/date.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const MONTHS[] = {"January", "February", "March",     "April",   "May",      "June",
                                     "July",    "August",   "September", "October", "November", "December"};
static const char *const WEEKDAYS[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

int letter_kind_valid(const char *kind)
{
    return kind && (strcmp(kind, "move_to_engage") == 0 || strcmp(kind, "return_to_scan") == 0
                    || strcmp(kind, "revisit") == 0);
}

static void date_words(const odate_t *d, char *out, size_t n)
{
    if (d->precision == DATE_DAY) snprintf(out, n, "%d %s %d", d->day, MONTHS[d->month - 1], d->year);
    else if (d->precision == DATE_MONTH) snprintf(out, n, "%s %d", MONTHS[d->month - 1], d->year);
    else snprintf(out, n, "%d", d->year);
}

int letter_date_text(const char *iso, char *out, size_t n)
{
    odate_t d;
    if (n) out[0] = '\0';
    if (!iso || date_parse(iso, &d) != 0) return -1;
    date_words(&d, out, n);
    return 0;
}

int letter_date_weekday(const char *iso, int with_year, char *out, size_t n)
{
    odate_t d;
    if (n) out[0] = '\0';
    if (!iso || date_parse(iso, &d) != 0) return -1;
    if (d.precision != DATE_DAY) {
        date_words(&d, out, n);
        return 0;
    }
    long days = date_to_days(&d);
    int wd = (int)(((days % 7) + 7 + 4) % 7);   /* 1970-01-01 was a Thursday */
    if (with_year) snprintf(out, n, "%s %d %s %d", WEEKDAYS[wd], d.day, MONTHS[d.month - 1], d.year);
    else snprintf(out, n, "%s %d %s", WEEKDAYS[wd], d.day, MONTHS[d.month - 1]);
    return 0;
}

int letter_period_text(const char *start, const char *end, char *out, size_t n)
{
    odate_t a, b;
    int has_a = start && date_parse(start, &a) == 0;
    int has_b = end && date_parse(end, &b) == 0;
    if (n) out[0] = '\0';
    if (!has_a && !has_b) return -1;
    if (!has_b || (has_a && date_compare(&a, &b) == 0 && a.precision == b.precision)) {
        date_words(has_a ? &a : &b, out, n);
        return 0;
    }
    if (!has_a) {
        date_words(&b, out, n);
        return 0;
    }
    if (a.precision == DATE_MONTH && b.precision == DATE_MONTH && a.year == b.year) {
        const char *sep = b.month == a.month + 1 ? "and" : "to";
        snprintf(out, n, "%s %s %s %d", MONTHS[a.month - 1], sep, MONTHS[b.month - 1], a.year);
        return 0;
    }
    char x[48], y[48];
    date_words(&a, x, sizeof x);
    date_words(&b, y, sizeof y);
    snprintf(out, n, "%s to %s", x, y);
    return 0;
}

void letter_acronym(const char *name, char *out, size_t n)
{
    size_t k = 0, words = 0;
    int ok = name != NULL && n > 1;
    if (n) out[0] = '\0';
    for (const char *p = name; ok && *p;) {
        while (*p == ' ') p++;
        if (!*p) break;
        if (!isupper((unsigned char)*p)) ok = 0;
        else if (k + 1 < n) out[k++] = *p;
        words++;
        while (*p && *p != ' ') p++;
    }
    if (!ok || words < 3) k = 0;
    if (n) out[k] = '\0';
}

const char *letter_count_word(long n, char buf[16])
{
    static const char *const W[] = {"no", "one", "two", "three", "four", "five", "six",
                                    "seven", "eight", "nine", "ten", "eleven", "twelve"};
    if (n >= 0 && n <= 12) return W[n];
    snprintf(buf, 16, "%ld", n);
    return buf;
}

const char *letter_ordinal_word(long n, char buf[16])
{
    static const char *const W[] = {"", "first", "second", "third", "fourth", "fifth", "sixth",
                                    "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth"};
    if (n >= 1 && n <= 12) return W[n];
    long m = n % 100;
    const char *suf = (m >= 11 && m <= 13) ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
    snprintf(buf, 16, "%ld%s", n, suf);
    return buf;
}

char *letter_join(const char *const *items, size_t n)
{
    buf_t b = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (i > 0) buf_puts(&b, i + 1 == n ? " and " : ", ");
        buf_puts(&b, items[i] ? items[i] : "");
    }
    return buf_detach(&b, NULL);
}

char *letter_list_item(const char *text, size_t index, size_t count)
{
    size_t len = text ? strlen(text) : 0;
    for (;;) {
        while (len && (isspace((unsigned char)text[len - 1]) || strchr(";,.", text[len - 1]))) len--;
        if (len >= 4 && strncmp(text + len - 4, " and", 4) == 0 && len >= 5 && text[len - 5] == ';') {
            len -= 4;
            continue;
        }
        break;
    }
    buf_t b = BUF_INIT;
    buf_append(&b, text ? text : "", len);
    buf_puts(&b, index + 1 >= count ? "." : index + 2 == count ? "; and" : ";");
    return buf_detach(&b, NULL);
}

char *letter_report_name(const char *title)
{
    const char *pre = "Report of the ";
    buf_t b = BUF_INIT;
    if (title && strncmp(title, pre, strlen(pre)) == 0)
        buf_printf(&b, "the %s report", title + strlen(pre));
    else buf_puts(&b, title ? title : "");
    return buf_detach(&b, NULL);
}
