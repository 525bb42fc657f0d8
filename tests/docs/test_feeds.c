/* test_feeds.c: the Atom and iCalendar builders: XML and TEXT escaping,
 * folding at exactly 75 octets without splitting a UTF-8 character, CRLF
 * line ends, the shape of feed and calendar. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "docs/feeds.h"

static char *take(buf_t *b)
{
    assert_false(b->failed);
    char *s = buf_detach(b, NULL);
    assert_non_null(s);
    return s;
}

static void xml_escape(void **state)
{
    (void)state;
    buf_t b = BUF_INIT;
    assert_int_equal(feeds_xml_escape(&b, "a<b>&\"c'\x01\tz"), 0);
    char *s = take(&b);
    assert_string_equal(s, "a&lt;b&gt;&amp;&quot;c&apos;\tz");
    free(s);
}

static void ics_escape(void **state)
{
    (void)state;
    buf_t b = BUF_INIT;
    assert_int_equal(feeds_ics_escape(&b, "a\\b;c,d\ne\r\nf\rg\x07h"), 0);
    char *s = take(&b);
    assert_string_equal(s, "a\\\\b\\;c\\,d\\ne\\nf\\ng" "h");
    free(s);
}

/* Every physical line of text is at most 75 octets, ends CRLF, and
 * unfolding (removing CRLF + space) gives back the logical line. */
static void check_folded(const char *text, const char *logical)
{
    buf_t un = BUF_INIT;
    const char *p = text;
    int first = 1;
    while (*p) {
        const char *crlf = strstr(p, "\r\n");
        assert_non_null(crlf);
        size_t n = (size_t)(crlf - p);
        assert_true(n <= 75);
        if (!first) {
            assert_int_equal(p[0], ' ');
            buf_append(&un, p + 1, n - 1);
        } else {
            buf_append(&un, p, n);
        }
        /* never starts inside a UTF-8 character */
        const char *start = first ? p : p + 1;
        if (n > (size_t)(first ? 0 : 1)) assert_true(((unsigned char)start[0] & 0xC0) != 0x80);
        first = 0;
        p = crlf + 2;
    }
    char *s = take(&un);
    assert_string_equal(s, logical);
    free(s);
}

static void fold_exactly_75(void **state)
{
    (void)state;
    char line[200];
    memset(line, 'x', 75);
    line[75] = '\0';
    buf_t b = BUF_INIT;
    assert_int_equal(feeds_ics_fold(&b, line, 75), 0);
    char *s = take(&b);
    assert_int_equal(strlen(s), 77);   /* 75 octets, CRLF, not folded */
    check_folded(s, line);
    free(s);

    line[75] = 'y';
    line[76] = '\0';
    assert_int_equal(feeds_ics_fold(&b, line, 76), 0);
    s = take(&b);
    assert_memory_equal(s + 75, "\r\n y\r\n", 6);   /* the 76th octet goes on */
    check_folded(s, line);
    free(s);

    /* a long line: continuations hold 74 octets after their space */
    memset(line, 'z', 199);
    line[199] = '\0';
    assert_int_equal(feeds_ics_fold(&b, line, 199), 0);
    s = take(&b);
    assert_memory_equal(s + 75, "\r\n ", 3);
    assert_memory_equal(s + 78 + 74, "\r\n ", 3);
    check_folded(s, line);
    free(s);
}

static void fold_keeps_utf8_whole(void **state)
{
    (void)state;
    /* 74 ASCII octets then "é" (2 octets): the 75-octet cut would split it */
    char line[256];
    memset(line, 'a', 74);
    strcpy(line + 74, "\xC3\xA9" "bc");
    buf_t b = BUF_INIT;
    assert_int_equal(feeds_ics_fold(&b, line, strlen(line)), 0);
    char *s = take(&b);
    assert_memory_equal(s + 74, "\r\n \xC3\xA9" "bc\r\n", 9);
    check_folded(s, line);
    free(s);

    /* a run of 3- and 4-octet characters */
    line[0] = '\0';
    for (int i = 0; i < 30; i++) strcat(line, i % 2 ? "\xE2\x80\x99" : "\xF0\x9F\x98\x80");
    assert_int_equal(feeds_ics_fold(&b, line, strlen(line)), 0);
    s = take(&b);
    check_folded(s, line);
    free(s);
}

static void atom_document(void **state)
{
    (void)state;
    feeds_atom_entry_t e[] = {
        {"tag:oversight,2025:decision/1", "2022-06-28T00:00:00Z", "Met: Scan to <Engage>",
         "http://h/bodies/met?a=1&b=2", "Rationale & reasons"},
        {"tag:oversight,2025:decision/2", "2025-01-23T00:00:00Z", "Met: Engage to Scan", NULL, NULL},
    };
    feeds_atom_t f = {"tag:oversight,2025:feeds/decisions", "Decisions", "http://h/feeds/decisions.atom", NULL,
                      "Oversight", NULL};
    buf_t b = BUF_INIT;
    assert_int_equal(feeds_atom(&b, &f, e, 2), 0);
    char *s = take(&b);
    assert_non_null(strstr(s, "<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
    assert_non_null(strstr(s, "<updated>2025-01-23T00:00:00Z</updated>\n  <link rel=\"self\""));   /* the latest */
    assert_non_null(strstr(s, "<title>Met: Scan to &lt;Engage&gt;</title>"));
    assert_non_null(strstr(s, "href=\"http://h/bodies/met?a=1&amp;b=2\""));
    assert_non_null(strstr(s, "<summary type=\"text\">Rationale &amp; reasons</summary>"));
    assert_non_null(strstr(s, "<id>tag:oversight,2025:decision/2</id>"));
    assert_non_null(strstr(s, "<author>\n    <name>Oversight</name>"));
    assert_null(strstr(s, "& "));
    free(s);
}

static void ics_calendar(void **state)
{
    (void)state;
    char longdesc[400];
    memset(longdesc, 'd', sizeof longdesc - 1);
    longdesc[sizeof longdesc - 1] = '\0';
    feeds_ics_event_t ev[] = {
        {"rec-1@oversight", "2023-12-31", "Met: recommendation 1, deadline; revised", longdesc, "http://h/r/1"},
        {"bad@oversight", "2023-12", "skipped: not a day", NULL, NULL},
        {"plan-2@oversight", "20240229", "Line\nbreak", NULL, NULL},
    };
    feeds_ics_t cal = {"-//Oversight//Deadlines//EN", "Deadlines", "20250101T000000Z"};
    buf_t b = BUF_INIT;
    assert_int_equal(feeds_ics(&b, &cal, ev, 3), 0);
    char *s = take(&b);
    assert_memory_equal(s, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Oversight//Deadlines//EN\r\n", 64);
    assert_non_null(strstr(s, "UID:rec-1@oversight\r\nDTSTAMP:20250101T000000Z\r\nDTSTART;VALUE=DATE:20231231\r\n"
                              "DTEND;VALUE=DATE:20240101\r\n"));
    assert_non_null(strstr(s, "SUMMARY:Met: recommendation 1\\, deadline\\; revised\r\n"));
    assert_non_null(strstr(s, "DTSTART;VALUE=DATE:20240229\r\nDTEND;VALUE=DATE:20240301\r\n"));
    assert_non_null(strstr(s, "SUMMARY:Line\\nbreak\r\n"));
    assert_null(strstr(s, "bad@oversight"));
    /* every line ends CRLF, none longer than 75 octets, no bare LF */
    for (const char *p = s; *p;) {
        const char *e = strstr(p, "\r\n");
        assert_non_null(e);
        assert_true(e - p <= 75);
        assert_null(memchr(p, '\n', (size_t)(e - p)));
        p = e + 2;
    }
    assert_int_equal(strcmp(s + strlen(s) - 15, "END:VCALENDAR\r\n"), 0);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(xml_escape),       cmocka_unit_test(ics_escape),    cmocka_unit_test(fold_exactly_75),
        cmocka_unit_test(fold_keeps_utf8_whole), cmocka_unit_test(atom_document), cmocka_unit_test(ics_calendar),
    };
    return cmocka_run_group_tests_name("docs/feeds", tests, NULL, NULL);
}
