/*
 * format.c: words for values shown on pages (see format.h).
 */
#include "web/format.h"
#include "core/date.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const MONTHS[] = {"January", "February", "March", "April", "May", "June", "July",
                                     "August", "September", "October", "November", "December"};

char *web_format_date(const char *iso, char out[WEB_DATE_TEXT_MAX])
{
    odate_t d;
    if (!iso) iso = "";
    if (date_parse(iso, &d) != 0) {
        snprintf(out, WEB_DATE_TEXT_MAX, "%s", iso);
        return out;
    }
    switch (d.precision) {
    case DATE_DAY: snprintf(out, WEB_DATE_TEXT_MAX, "%d %s %d", d.day, MONTHS[d.month - 1], d.year); break;
    case DATE_MONTH: snprintf(out, WEB_DATE_TEXT_MAX, "%s %d", MONTHS[d.month - 1], d.year); break;
    default: snprintf(out, WEB_DATE_TEXT_MAX, "%d", d.year);
    }
    return out;
}

const char *web_kind_name(const char *kind)
{
    if (!kind) return "";
    if (strcmp(kind, "police") == 0) return "Police force";
    if (strcmp(kind, "fire") == 0) return "Fire and rescue service";
    return kind;
}

char *web_format_enum(const char *value, char *out, size_t n)
{
    if (n == 0) return out;
    snprintf(out, n, "%s", value ? value : "");
    for (char *p = out; *p; p++)
        if (*p == '_') *p = ' ';
    if (out[0] >= 'a' && out[0] <= 'z') out[0] = (char)(out[0] - 'a' + 'A');
    return out;
}

/* Copies s without surrounding spaces into out (n bytes). */
static void trimmed(const char *s, char *out, size_t n)
{
    if (!s) s = "";
    while (*s == ' ' || *s == '\t') s++;
    size_t k = strlen(s);
    while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t')) k--;
    snprintf(out, n, "%.*s", (int)k, s);
}

static int all_digits(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return 0;
    return 1;
}

void web_date_join(const char *day, const char *month, const char *year, char *out, size_t n)
{
    char d[WEB_DATE_PART_MAX], m[WEB_DATE_PART_MAX], y[WEB_DATE_PART_MAX];
    trimmed(day, d, sizeof d);
    trimmed(month, m, sizeof m);
    trimmed(year, y, sizeof y);
    /* "3" is March and "7" the seventh, as people write them */
    const char *pd = strlen(d) == 1 && all_digits(d) ? "0" : "", *pm = strlen(m) == 1 && all_digits(m) ? "0" : "";
    if (!*d && !*m && !*y) snprintf(out, n, "%s", "");
    else if (!*d && !*m) snprintf(out, n, "%s", y);
    else if (!*d) snprintf(out, n, "%s-%s%s", y, pm, m);
    else snprintf(out, n, "%s-%s%s-%s%s", y, pm, m, pd, d);
}

void web_date_split(const char *value, char day[WEB_DATE_PART_MAX], char month[WEB_DATE_PART_MAX],
                    char year[WEB_DATE_PART_MAX])
{
    char *part[3] = {year, month, day};
    for (int i = 0; i < 3; i++) part[i][0] = '\0';
    const char *p = value ? value : "";
    for (int i = 0; i < 3; i++) {
        size_t k = i < 2 ? strcspn(p, "-") : strlen(p);
        snprintf(part[i], WEB_DATE_PART_MAX, "%.*s", (int)k, p);
        if (!p[k]) break;
        p += k + 1;
    }
}

const char *web_date_problem(const char *value, const char **part)
{
    char d[WEB_DATE_PART_MAX], m[WEB_DATE_PART_MAX], y[WEB_DATE_PART_MAX];
    web_date_split(value, d, m, y);
    odate_t t;
    const char *what = NULL;
    *part = "day";
    if (!*d && !*m && !*y) return NULL;
    if (!*y) {
        *part = "year";
        what = "must include a year";
    } else if (*d && !*m) {
        *part = "month";
        what = "must include a month";
    } else if (!all_digits(y) || strlen(y) != 4) {
        *part = "year";
        what = "must have a year of 4 numbers, like 2025";
    } else if (*m && (!all_digits(m) || atoi(m) < 1 || atoi(m) > 12)) {
        *part = "month";
        what = "must be a real date";
    } else if (*d && (!all_digits(d) || date_parse(value, &t) != 0)) {
        what = "must be a real date";
    }
    return what;
}

const char *web_tag_colour(const char *value)
{
    static const char *const red[] = {"engage", "open", "red", "accelerated", "closed_not_implemented", "not_met",
                                      "overdue", NULL};
    static const char *const green[] = {"scan", "closed", "met", "complete", "green", "closed_implemented", NULL};
    static const char *const yellow[] = {"in_progress", "implemented", "amber", "partly_met", NULL};
    for (int i = 0; value && red[i]; i++)
        if (strcmp(value, red[i]) == 0) return "red";
    for (int i = 0; value && green[i]; i++)
        if (strcmp(value, green[i]) == 0) return "green";
    for (int i = 0; value && yellow[i]; i++)
        if (strcmp(value, yellow[i]) == 0) return "yellow";
    return "grey";
}
