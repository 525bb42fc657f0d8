/*
 * remind.h: deadline reminders, the pure part: which reminder stage is due
 * on a day, whether an address looks like one, and the text of the e-mail
 * (RFC 5322). No I/O: the CLI (src/cli/cmd_remind.c) finds the items, the
 * recipients and what was already sent, and hands the message to SMTP.
 *
 * Stages: 30, 7 and 1 day(s) before the due date, then "overdue" once the
 * date has passed. Days count from the due date's first day, as
 * rules_deadlines counts them ("2025-06" is due on 2025-06-01).
 */
#ifndef OV_CORE_REMIND_H
#define OV_CORE_REMIND_H
#include <stddef.h>
#include <time.h>
#include "core/date.h"

typedef enum remind_stage {
    REMIND_NONE = 0,       /* more than 30 days ahead: nothing due */
    REMIND_30 = 1,         /* 8..30 days ahead */
    REMIND_7 = 2,          /* 2..7 days ahead */
    REMIND_1 = 3,          /* 1 day ahead, or due today */
    REMIND_OVERDUE = 4,    /* the due date has passed */
} remind_stage_t;

/* The one stage due on `today` for an item due on `due`. A run that was
 * missed is caught up with the latest stage only: 5 days before, the 7-day
 * reminder is due (the 30-day one is not also sent). Whether it was already
 * sent is the caller's question (reminders_sent). REMIND_NONE for dates of
 * no precision. */
remind_stage_t remind_stage(const odate_t *due, const odate_t *today);

/* "30", "7", "1", "overdue" ("" for REMIND_NONE): the text stored in
 * reminders_sent.stage. */
const char *remind_stage_name(remind_stage_t stage);

/* 1 if addr has the shape local@domain: printable ASCII without spaces,
 * quotes, angle brackets, commas or semicolons; one '@'; a non-empty local
 * part of at most 64 bytes; a domain of dot-separated labels of letters,
 * digits and '-' (not at a label's ends) holding at least one dot, or
 * "localhost"; at most 254 bytes in all. Else 0. */
int remind_email_valid(const char *addr);

/* One reminder e-mail. Strings are borrowed; original may be NULL (or equal
 * to due) when the deadline was never revised. */
typedef struct remind_msg {
    const char *from;          /* sender address */
    const char *to;            /* recipient address */
    const char *to_name;       /* recipient's display name or username; may be NULL */
    const char *body_code;     /* "kent" */
    const char *body_name;     /* "Kent Police" */
    const char *kind;          /* "recommendation", "plan_item", "pcc_response" */
    long long item_id;
    const char *title;         /* "Recommendation 2 (cause of concern 1)" */
    const char *due;           /* current due date, ISO text */
    const char *original;      /* original deadline when revised, else NULL */
    long days;                 /* due - today in days (negative = overdue) */
    remind_stage_t stage;
    const char *link;          /* path of the item's page, "/recommendations/12" */
    time_t now;                /* for the Date header */
    const char *unique;        /* makes the Message-ID unique ("1718000000.3.4242") */
} remind_msg_t;

/* The subject line, plain UTF-8 (before any header encoding), at most
 * about 200 bytes: "Reminder: Recommendation 2 for Kent Police is due on
 * 2025-06-08 (in 7 days)" or "Overdue: ... was due on ...". Returns
 * malloc'd text (caller frees) or NULL on ENOMEM. */
char *remind_subject(const remind_msg_t *m);

/* The whole message: RFC 5322 headers (Date, From, To, Subject,
 * Message-ID, MIME-Version, Content-Type text/plain UTF-8,
 * Content-Transfer-Encoding 8bit), a blank line and the body, every line
 * ending CRLF and shorter than 998 bytes; a non-ASCII subject is RFC 2047
 * encoded. CR and LF inside values are replaced by spaces (no header
 * injection). Returns malloc'd text (caller frees; *len its length if len
 * is non-NULL) or NULL on bad input or ENOMEM. */
char *remind_message(const remind_msg_t *m, size_t *len);

#endif
