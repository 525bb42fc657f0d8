/*
 * remind.c: reminder stages, address shape and message text (remind.h).
 */
#include "core/remind.h"
#include "core/buf.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SUBJECT_TITLE_MAX 120   /* bytes of the item title kept in a subject */
#define WRAP 72                 /* body lines are wrapped here */

remind_stage_t remind_stage(const odate_t *due, const odate_t *today)
{
    if (!due || !today || due->precision < DATE_YEAR || due->precision > DATE_DAY || today->precision < DATE_YEAR ||
        today->precision > DATE_DAY)
        return REMIND_NONE;
    long days = date_to_days(due) - date_to_days(today);
    if (days < 0) return REMIND_OVERDUE;
    if (days <= 1) return REMIND_1;
    if (days <= 7) return REMIND_7;
    if (days <= 30) return REMIND_30;
    return REMIND_NONE;
}

const char *remind_stage_name(remind_stage_t stage)
{
    switch (stage) {
    case REMIND_30: return "30";
    case REMIND_7: return "7";
    case REMIND_1: return "1";
    case REMIND_OVERDUE: return "overdue";
    default: return "";
    }
}

static int label_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

int remind_email_valid(const char *addr)
{
    if (!addr) return 0;
    size_t n = strlen(addr);
    const char *at = strchr(addr, '@');
    if (n == 0 || n > 254 || !at || strchr(at + 1, '@')) return 0;
    size_t local = (size_t)(at - addr);
    if (local == 0 || local > 64) return 0;
    for (const char *p = addr; p < at; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= ' ' || c >= 127 || strchr("\"<>(),;:[]\\", c)) return 0;
    }
    if (addr[0] == '.' || at[-1] == '.' || strstr(addr, "..")) return 0;
    const char *d = at + 1;
    if (strcmp(d, "localhost") == 0) return 1;
    if (!strchr(d, '.')) return 0;
    /* labels: 1..63 of [A-Za-z0-9-], not starting or ending with '-' */
    const char *label = d;
    for (const char *p = d;; p++) {
        if (*p == '.' || *p == '\0') {
            size_t len = (size_t)(p - label);
            if (len == 0 || len > 63 || label[0] == '-' || p[-1] == '-') return 0;
            if (*p == '\0') break;
            label = p + 1;
        } else if (!label_char(*p)) {
            return 0;
        }
    }
    return 1;
}

/* Appends s with control characters (CR, LF, tabs...) as spaces, at most
 * max bytes (0 = all), cut at a UTF-8 character boundary with "..." when
 * cut. */
static void put_clean(buf_t *b, const char *s, size_t max)
{
    if (!s) return;
    size_t n = strlen(s);
    int cut = 0;
    if (max && n > max) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
        cut = 1;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        buf_putc(b, c < ' ' || c == 127 ? ' ' : (char)c);
    }
    if (cut) buf_puts(b, "...");
}

static const char *s_if(long n) { return n == 1 || n == -1 ? "" : "s"; }

char *remind_subject(const remind_msg_t *m)
{
    if (!m || !m->title || !m->body_name || !m->due) return NULL;
    buf_t b = BUF_INIT;
    buf_puts(&b, m->stage == REMIND_OVERDUE ? "Overdue: " : "Reminder: ");
    put_clean(&b, m->title, SUBJECT_TITLE_MAX);
    buf_puts(&b, " for ");
    put_clean(&b, m->body_name, 80);
    if (m->stage == REMIND_OVERDUE || m->days < 0) {
        buf_puts(&b, " was due on ");
        put_clean(&b, m->due, 16);
    } else if (m->days == 0) {
        buf_puts(&b, " is due today (");
        put_clean(&b, m->due, 16);
        buf_putc(&b, ')');
    } else {
        buf_puts(&b, " is due on ");
        put_clean(&b, m->due, 16);
        buf_printf(&b, " (in %ld day%s)", m->days, s_if(m->days));
    }
    if (b.failed) {
        buf_free(&b);
        return NULL;
    }
    return buf_detach(&b, NULL);
}

/* ---- headers ----------------------------------------------------------- */

static void put_date(buf_t *b, time_t now)
{
    static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const mo[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    if (!gmtime_r(&now, &tm)) {
        buf_puts(b, "Thu, 01 Jan 1970 00:00:00 +0000");
        return;
    }
    buf_printf(b, "%s, %02d %s %04d %02d:%02d:%02d +0000", wd[tm.tm_wday % 7], tm.tm_mday, mo[tm.tm_mon % 12],
               tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void put_base64(buf_t *b, const unsigned char *p, size_t n)
{
    static const char A[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16;
        if (i + 1 < n) v |= (unsigned)p[i + 1] << 8;
        if (i + 2 < n) v |= p[i + 2];
        buf_putc(b, A[(v >> 18) & 63]);
        buf_putc(b, A[(v >> 12) & 63]);
        buf_putc(b, i + 1 < n ? A[(v >> 6) & 63] : '=');
        buf_putc(b, i + 2 < n ? A[v & 63] : '=');
    }
}

/* The Subject header value: as is when ASCII, else RFC 2047 encoded words
 * of at most 45 bytes of text each (75 characters encoded), whole UTF-8
 * characters, folded onto continuation lines. */
static void put_subject(buf_t *b, const char *s)
{
    int ascii = 1;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p >= 0x80) ascii = 0;
    if (ascii) {
        buf_puts(b, s);
        return;
    }
    size_t n = strlen(s), i = 0;
    while (i < n) {
        size_t k = n - i > 45 ? 45 : n - i;
        while (k > 0 && i + k < n && ((unsigned char)s[i + k] & 0xC0) == 0x80) k--;
        if (k == 0) k = n - i > 45 ? 45 : n - i;   /* not UTF-8: cut anyway */
        if (i) buf_puts(b, "\r\n ");
        buf_puts(b, "=?UTF-8?B?");
        put_base64(b, (const unsigned char *)s + i, k);
        buf_puts(b, "?=");
        i += k;
    }
}

/* The part of a Message-ID after '@': the sender's domain, kept to
 * letters, digits, '.' and '-'. */
static void put_id_domain(buf_t *b, const char *from)
{
    const char *at = from ? strrchr(from, '@') : NULL;
    size_t before = b->len;
    for (const char *p = at ? at + 1 : ""; *p; p++)
        if (label_char(*p) || *p == '.') buf_putc(b, *p);
    if (b->len == before) buf_puts(b, "oversight.invalid");
}

/* ---- body ---------------------------------------------------------------- */

/* Appends text as a paragraph wrapped at WRAP columns, lines ending CRLF.
 * A word longer than a line is broken (so no line reaches 998 bytes). */
static void put_para(buf_t *b, const char *text)
{
    buf_t clean = BUF_INIT;
    put_clean(&clean, text, 0);
    const char *s = clean.data ? clean.data : "";
    size_t col = 0;
    while (*s) {
        while (*s == ' ') s++;
        if (!*s) break;
        size_t w = strcspn(s, " ");
        if (w > 900) w = 900;
        if (col && col + 1 + w > WRAP) {
            buf_puts(b, "\r\n");
            col = 0;
        } else if (col) {
            buf_putc(b, ' ');
            col++;
        }
        buf_append(b, s, w);
        col += w;
        s += w;
    }
    buf_puts(b, "\r\n");
    buf_free(&clean);
}

/* One "Label:   value (note id)" line, unwrapped, the value cut to fit. */
static void put_field(buf_t *b, const char *label, const char *value, const char *note, const long long *id)
{
    buf_printf(b, "%-19s", label);
    put_clean(b, value, 700);
    if (note) {
        buf_puts(b, " (");
        put_clean(b, note, 100);
        if (id) buf_printf(b, " %lld", *id);
        buf_putc(b, ')');
    }
    buf_puts(b, "\r\n");
}

static const char *kind_words(const char *kind)
{
    if (kind && strcmp(kind, "recommendation") == 0) return "recommendation";
    if (kind && strcmp(kind, "plan_item") == 0) return "plan item";
    if (kind && strcmp(kind, "pcc_response") == 0) return "inspection";
    return "item";
}

static void put_body(buf_t *b, const remind_msg_t *m)
{
    buf_t p = BUF_INIT;
    int revised = m->original && *m->original && strcmp(m->original, m->due) != 0;
    if (m->to_name && *m->to_name) {
        buf_puts(&p, "Hello ");
        put_clean(&p, m->to_name, 128);
        buf_putc(&p, ',');
        put_para(b, p.data);
        buf_reset(&p);
        buf_puts(b, "\r\n");
    }
    buf_printf(&p, "%s for %s (%s) ", m->title, m->body_name, m->body_code ? m->body_code : "");
    if (m->days < 0)
        buf_printf(&p, "was due on %s and is %ld day%s overdue.", m->due, -m->days, s_if(m->days));
    else if (m->days == 0)
        buf_printf(&p, "is due today, %s.", m->due);
    else
        buf_printf(&p, "is due on %s, in %ld day%s.", m->due, m->days, s_if(m->days));
    if (revised) buf_printf(&p, " Its original deadline was %s; it has been revised since.", m->original);
    put_para(b, p.data);
    buf_reset(&p);
    buf_puts(b, "\r\n");

    put_field(b, "Body:", m->body_name, m->body_code, NULL);
    put_field(b, "Item:", m->title, kind_words(m->kind), &m->item_id);
    put_field(b, "Due:", m->due, NULL, NULL);
    if (revised) put_field(b, "Original deadline:", m->original, NULL, NULL);
    put_field(b, "Link:", m->link ? m->link : "/", NULL, NULL);
    buf_puts(b, "\r\n");

    buf_printf(&p, "Oversight sends this reminder once for each stage: 30, 7 and 1 day before the due date, and once "
                   "when it has passed. You receive it as a user of Oversight for %s.", m->body_name);
    put_para(b, p.data);
    buf_puts(b, "\r\n-- \r\nOversight\r\n");
    if (p.failed) b->failed = 1;
    buf_free(&p);
}

char *remind_message(const remind_msg_t *m, size_t *len)
{
    if (!m || !m->from || !m->to || !m->title || !m->body_name || !m->due || m->stage == REMIND_NONE) return NULL;
    char *subject = remind_subject(m);
    if (!subject) return NULL;
    buf_t b = BUF_INIT;
    buf_puts(&b, "Date: ");
    put_date(&b, m->now);
    buf_puts(&b, "\r\nFrom: Oversight <");
    put_clean(&b, m->from, 254);
    buf_puts(&b, ">\r\nTo: <");
    put_clean(&b, m->to, 254);
    buf_puts(&b, ">\r\nSubject: ");
    put_subject(&b, subject);
    buf_puts(&b, "\r\nMessage-ID: <remind.");
    put_clean(&b, m->kind ? m->kind : "item", 32);
    buf_printf(&b, ".%lld.", m->item_id);
    put_clean(&b, m->due, 16);
    buf_printf(&b, ".%s.", remind_stage_name(m->stage));
    put_clean(&b, m->unique ? m->unique : "0", 64);
    buf_putc(&b, '@');
    put_id_domain(&b, m->from);
    buf_puts(&b, ">\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                 "Content-Transfer-Encoding: 8bit\r\nAuto-Submitted: auto-generated\r\n\r\n");
    put_body(&b, m);
    free(subject);
    if (b.failed) {
        buf_free(&b);
        return NULL;
    }
    return buf_detach(&b, len);
}
