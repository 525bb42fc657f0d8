/* test_remind.c: reminder stages, address shape, message text (core/remind.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "core/remind.h"

static remind_stage_t stage_of(const char *due, const char *today)
{
    odate_t d, t;
    assert_int_equal(date_parse(due, &d), 0);
    assert_int_equal(date_parse_day(today, &t), 0);
    return remind_stage(&d, &t);
}

static void stages_by_days_left(void **state)
{
    (void)state;
    /* due 2025-06-30 */
    assert_int_equal(stage_of("2025-06-30", "2025-05-01"), REMIND_NONE);   /* 60 days */
    assert_int_equal(stage_of("2025-06-30", "2025-05-30"), REMIND_NONE);   /* 31 days */
    assert_int_equal(stage_of("2025-06-30", "2025-05-31"), REMIND_30);     /* 30 days */
    assert_int_equal(stage_of("2025-06-30", "2025-06-22"), REMIND_30);     /* 8 days */
    assert_int_equal(stage_of("2025-06-30", "2025-06-23"), REMIND_7);      /* 7 days */
    assert_int_equal(stage_of("2025-06-30", "2025-06-28"), REMIND_7);      /* 2 days */
    assert_int_equal(stage_of("2025-06-30", "2025-06-29"), REMIND_1);      /* 1 day */
    assert_int_equal(stage_of("2025-06-30", "2025-06-30"), REMIND_1);      /* due today */
    assert_int_equal(stage_of("2025-06-30", "2025-07-01"), REMIND_OVERDUE);
    assert_int_equal(stage_of("2025-06-30", "2027-01-01"), REMIND_OVERDUE);
    /* across a year end and a leap day */
    assert_int_equal(stage_of("2025-01-05", "2024-12-29"), REMIND_7);
    assert_int_equal(stage_of("2024-03-01", "2024-02-23"), REMIND_7);      /* 7 days: 2024 is a leap year */
    assert_int_equal(stage_of("2024-03-01", "2024-02-22"), REMIND_30);
}

/* A missed run is caught up with the latest stage only. */
static void catch_up_sends_latest_stage_only(void **state)
{
    (void)state;
    /* 5 days before: the 7-day stage, not the 30-day one as well */
    assert_int_equal(stage_of("2025-06-30", "2025-06-25"), REMIND_7);
    /* the day itself after no run for a month: the 1-day stage */
    assert_int_equal(stage_of("2025-06-30", "2025-06-30"), REMIND_1);
}

/* Imprecise dates count from their first day, as rules_deadlines does. */
static void month_precision_counts_from_first_day(void **state)
{
    (void)state;
    assert_int_equal(stage_of("2025-06", "2025-05-31"), REMIND_1);
    assert_int_equal(stage_of("2025-06", "2025-06-02"), REMIND_OVERDUE);
    assert_int_equal(stage_of("2026", "2025-12-02"), REMIND_30);
    odate_t none = {0, 0, 0, DATE_NONE}, t;
    date_parse_day("2025-01-01", &t);
    assert_int_equal(remind_stage(&none, &t), REMIND_NONE);
    assert_int_equal(remind_stage(NULL, &t), REMIND_NONE);
}

static void stage_names(void **state)
{
    (void)state;
    assert_string_equal(remind_stage_name(REMIND_30), "30");
    assert_string_equal(remind_stage_name(REMIND_7), "7");
    assert_string_equal(remind_stage_name(REMIND_1), "1");
    assert_string_equal(remind_stage_name(REMIND_OVERDUE), "overdue");
    assert_string_equal(remind_stage_name(REMIND_NONE), "");
}

static void email_shape(void **state)
{
    (void)state;
    assert_true(remind_email_valid("chief@kent.police.uk"));
    assert_true(remind_email_valid("a.b+c@example.org"));
    assert_true(remind_email_valid("ops@localhost"));
    assert_false(remind_email_valid(NULL));
    assert_false(remind_email_valid(""));
    assert_false(remind_email_valid("kent.police.uk"));
    assert_false(remind_email_valid("@kent.police.uk"));
    assert_false(remind_email_valid("chief@"));
    assert_false(remind_email_valid("chief@kent"));
    assert_false(remind_email_valid("chief@@kent.uk"));
    assert_false(remind_email_valid("a@b@kent.uk"));
    assert_false(remind_email_valid("chief @kent.uk"));
    assert_false(remind_email_valid("chief@kent .uk"));
    assert_false(remind_email_valid("chief@kent..uk"));
    assert_false(remind_email_valid("chief@-kent.uk"));
    assert_false(remind_email_valid("chief@kent-.uk"));
    assert_false(remind_email_valid("chief@.kent.uk"));
    assert_false(remind_email_valid("chief@kent.uk."));
    assert_false(remind_email_valid(".chief@kent.uk"));
    assert_false(remind_email_valid("a..b@kent.uk"));
    assert_false(remind_email_valid("<chief@kent.uk>"));
    assert_false(remind_email_valid("chief@kent.uk\r\nBcc: x@y.z"));
    assert_false(remind_email_valid("ch,ief@kent.uk"));
    assert_false(remind_email_valid("caf\xc3\xa9@kent.uk"));
    char long_local[80];
    memset(long_local, 'a', 65);
    strcpy(long_local + 65, "@kent.uk");
    assert_false(remind_email_valid(long_local));
    long_local[1] = '@';
    long_local[2] = '\0';
    assert_false(remind_email_valid(long_local));
}

/* The message with line breaks turned into spaces (wrapped paragraphs
 * read as one line). Caller frees. */
static char *unwrapped(const char *msg)
{
    char *u = malloc(strlen(msg) + 1), *o = u;
    for (const char *p = msg; *p; p++) {
        if (p[0] == '\r' && p[1] == '\n') {
            *o++ = ' ';
            p++;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return u;
}

static remind_msg_t sample(void)
{
    remind_msg_t m = {
        .from = "oversight@hmicfrs.example.org", .to = "chief@kent.example.org", .to_name = "Kent Chief",
        .body_code = "kent", .body_name = "Kent Police", .kind = "recommendation", .item_id = 12,
        .title = "Recommendation 2 (cause of concern 1)", .due = "2025-06-30", .original = NULL, .days = 7,
        .stage = REMIND_7, .link = "/recommendations/12", .now = 1750000000, .unique = "1750000000.1.99",
    };
    return m;
}

static void subject_lines(void **state)
{
    (void)state;
    remind_msg_t m = sample();
    char *s = remind_subject(&m);
    assert_string_equal(s, "Reminder: Recommendation 2 (cause of concern 1) for Kent Police is due on 2025-06-30 (in 7 days)");
    free(s);
    m.days = 1;
    m.stage = REMIND_1;
    s = remind_subject(&m);
    assert_string_equal(s, "Reminder: Recommendation 2 (cause of concern 1) for Kent Police is due on 2025-06-30 (in 1 day)");
    free(s);
    m.days = 0;
    s = remind_subject(&m);
    assert_string_equal(s, "Reminder: Recommendation 2 (cause of concern 1) for Kent Police is due today (2025-06-30)");
    free(s);
    m.days = -3;
    m.stage = REMIND_OVERDUE;
    s = remind_subject(&m);
    assert_string_equal(s, "Overdue: Recommendation 2 (cause of concern 1) for Kent Police was due on 2025-06-30");
    free(s);
    /* a long plan item title is cut; a newline in it cannot start a header */
    char title[400];
    memset(title, 'x', sizeof title - 1);
    title[sizeof title - 1] = '\0';
    title[10] = '\n';
    m.title = title;
    s = remind_subject(&m);
    assert_true(strlen(s) < 230);
    assert_null(strchr(s, '\n'));
    assert_non_null(strstr(s, "..."));
    free(s);
}

static void message_headers_and_body(void **state)
{
    (void)state;
    remind_msg_t m = sample();
    size_t len = 0;
    char *msg = remind_message(&m, &len);
    assert_non_null(msg);
    assert_int_equal(len, strlen(msg));
    /* 1750000000 = Sun, 15 Jun 2025 15:06:40 UTC */
    assert_true(strncmp(msg, "Date: Sun, 15 Jun 2025 15:06:40 +0000\r\n", 39) == 0);
    assert_non_null(strstr(msg, "\r\nFrom: Oversight <oversight@hmicfrs.example.org>\r\n"));
    assert_non_null(strstr(msg, "\r\nTo: <chief@kent.example.org>\r\n"));
    assert_non_null(strstr(msg, "\r\nSubject: Reminder: Recommendation 2 (cause of concern 1) for Kent Police is due on "
                                "2025-06-30 (in 7 days)\r\n"));
    assert_non_null(strstr(msg, "\r\nMessage-ID: <remind.recommendation.12.2025-06-30.7.1750000000.1.99@"
                                "hmicfrs.example.org>\r\n"));
    assert_non_null(strstr(msg, "\r\nContent-Type: text/plain; charset=UTF-8\r\n"));
    const char *body = strstr(msg, "\r\n\r\n");
    assert_non_null(body);
    assert_non_null(strstr(body, "Hello Kent Chief,"));
    assert_non_null(strstr(body, "Kent Police (kent)"));
    char *flat = unwrapped(body);
    assert_non_null(strstr(flat, "Recommendation 2 (cause of concern 1) for Kent Police (kent) is due on 2025-06-30, in 7 days."));
    free(flat);
    assert_non_null(strstr(body, "\r\nBody:              Kent Police (kent)\r\n"));
    assert_non_null(strstr(body, "\r\nItem:              Recommendation 2 (cause of concern 1) (recommendation 12)\r\n"));
    assert_non_null(strstr(body, "\r\nDue:               2025-06-30\r\n"));
    assert_non_null(strstr(body, "\r\nLink:              /recommendations/12\r\n"));
    assert_null(strstr(body, "Original deadline"));
    /* every line ends CRLF, none is long, no bare LF */
    for (const char *p = msg, *nl; *p; p = nl + 1) {
        nl = strchr(p, '\n');
        assert_non_null(nl);
        assert_true(nl > p ? nl[-1] == '\r' : 0);
        assert_true(nl - p < 998);
    }
    free(msg);

    /* revised: the original deadline is named */
    m.original = "2025-03-31";
    msg = remind_message(&m, NULL);
    assert_non_null(strstr(msg, "Original deadline: 2025-03-31\r\n"));
    flat = unwrapped(msg);
    assert_non_null(strstr(flat, "Its original deadline was 2025-03-31"));
    free(flat);
    free(msg);
    /* the same date is not a revision */
    m.original = "2025-06-30";
    msg = remind_message(&m, NULL);
    assert_null(strstr(msg, "Original deadline"));
    free(msg);

    /* overdue */
    m = sample();
    m.days = -10;
    m.stage = REMIND_OVERDUE;
    msg = remind_message(&m, NULL);
    flat = unwrapped(msg);
    assert_non_null(strstr(flat, "was due on 2025-06-30 and is 10 days overdue."));
    free(flat);
    assert_non_null(strstr(msg, ".overdue."));
    free(msg);

    /* nothing to send, or missing parts: NULL */
    m = sample();
    m.stage = REMIND_NONE;
    assert_null(remind_message(&m, NULL));
    m = sample();
    m.to = NULL;
    assert_null(remind_message(&m, NULL));
}

/* Header injection through a value is impossible; non-ASCII subjects are
 * RFC 2047 encoded. */
static void message_is_safe(void **state)
{
    (void)state;
    remind_msg_t m = sample();
    m.body_name = "Heddlu De Cymru\r\nBcc: evil@example.org";
    m.title = "Plan item \xe2\x80\x9c" "caf\xc3\xa9\xe2\x80\x9d";   /* “café” */
    char *msg = remind_message(&m, NULL);
    assert_non_null(msg);
    assert_null(strstr(msg, "\r\nBcc:"));
    assert_non_null(strstr(msg, "\r\nSubject: =?UTF-8?B?"));
    const char *hdr_end = strstr(msg, "\r\n\r\n");
    for (const char *p = msg; p < hdr_end; p++) assert_true((unsigned char)*p < 0x80);
    /* encoded words are at most 75 characters */
    const char *w = strstr(msg, "=?UTF-8?B?");
    while (w && w < hdr_end) {
        const char *e = strstr(w + 10, "?=");
        assert_non_null(e);
        assert_true(e + 2 - w <= 75);
        w = strstr(e, "=?UTF-8?B?");
    }
    /* the body keeps the UTF-8 text */
    assert_non_null(strstr(hdr_end, "caf\xc3\xa9"));
    free(msg);

    /* a long unbroken word in the body is split below 998 bytes per line */
    char title[3000];
    memset(title, 'y', sizeof title - 1);
    title[sizeof title - 1] = '\0';
    m = sample();
    m.title = title;
    msg = remind_message(&m, NULL);
    assert_non_null(msg);
    for (const char *p = msg, *nl; *p; p = nl + 1) {
        nl = strchr(p, '\n');
        assert_non_null(nl);
        assert_true(nl - p < 998);
    }
    free(msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stages_by_days_left), cmocka_unit_test(catch_up_sends_latest_stage_only),
        cmocka_unit_test(month_precision_counts_from_first_day), cmocka_unit_test(stage_names),
        cmocka_unit_test(email_shape), cmocka_unit_test(subject_lines), cmocka_unit_test(message_headers_and_body),
        cmocka_unit_test(message_is_safe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
