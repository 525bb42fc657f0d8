/*
 * format.c: words for values shown on pages (see format.h).
 */
#include "web/format.h"
#include "core/date.h"
#include <stdio.h>
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
