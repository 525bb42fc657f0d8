/*
 * fuzz_date.c: libFuzzer target for date_parse and friends (src/core/date.h).
 * A parsed date must format back to the same text and survive arithmetic.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = '\0';

    odate_t d, day;
    if (date_parse(s, &d) == 0) {
        char txt[DATE_TEXT_MAX];
        date_format(&d, txt);
        if (strcmp(txt, s) != 0) __builtin_trap();      /* round trip */
        odate_t first = date_first_day(&d), last = date_last_day(&d);
        if (date_compare(&first, &last) > 0) __builtin_trap();
        long n = date_to_days(&d);
        odate_t back = date_from_days(n);
        if (date_compare(&back, &first) != 0) __builtin_trap();
        odate_t later = date_add_days(&d, (long)(size * 7919) - 40000);
        date_format(&later, txt);
        (void)date_days_in_month(d.year, d.month ? d.month : 1);
    }
    if (date_parse_day(s, &day) == 0 && day.precision != DATE_DAY) __builtin_trap();
    free(s);
    return 0;
}
