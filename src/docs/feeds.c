/*
 * feeds.c: Atom and iCalendar text (see feeds.h).
 */
#include "docs/feeds.h"
#include "core/date.h"
#include <stdio.h>
#include <string.h>

#define ICS_LINE_MAX 75   /* octets per physical line, CRLF excluded (RFC 5545 3.1) */

int feeds_xml_escape(buf_t *out, const char *s)
{
    int rc = 0;
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': rc |= buf_puts(out, "&amp;"); break;
        case '<': rc |= buf_puts(out, "&lt;"); break;
        case '>': rc |= buf_puts(out, "&gt;"); break;
        case '"': rc |= buf_puts(out, "&quot;"); break;
        case '\'': rc |= buf_puts(out, "&apos;"); break;
        default:
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
            rc |= buf_putc(out, (char)c);
        }
    }
    return rc ? -1 : 0;
}

int feeds_ics_escape(buf_t *out, const char *s)
{
    int rc = 0;
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\\' || c == ';' || c == ',') {
            rc |= buf_putc(out, '\\');
            rc |= buf_putc(out, (char)c);
        } else if (c == '\r') {
            rc |= buf_puts(out, "\\n");
            if (s[1] == '\n') s++;
        } else if (c == '\n') {
            rc |= buf_puts(out, "\\n");
        } else if (c < 0x20 || c == 0x7f) {
            /* CONTROL characters are not allowed in TEXT; a tab becomes a space */
            if (c == '\t') rc |= buf_putc(out, ' ');
        } else {
            rc |= buf_putc(out, (char)c);
        }
    }
    return rc ? -1 : 0;
}

int feeds_ics_fold(buf_t *out, const char *line, size_t len)
{
    int rc = 0;
    size_t pos = 0, room = ICS_LINE_MAX;
    while (len - pos > room) {
        size_t cut = pos + room;
        /* back off to the start of the character that would be split */
        while (cut > pos && ((unsigned char)line[cut] & 0xC0) == 0x80) cut--;
        if (cut == pos) cut = pos + room;   /* not UTF-8: cut anyway rather than loop */
        rc |= buf_append(out, line + pos, cut - pos);
        rc |= buf_puts(out, "\r\n ");
        pos = cut;
        room = ICS_LINE_MAX - 1;   /* the leading space is one of the 75 */
    }
    rc |= buf_append(out, line + pos, len - pos);
    rc |= buf_puts(out, "\r\n");
    return rc ? -1 : 0;
}

/* <name>escaped text</name> on its own line. */
static int xml_element(buf_t *out, const char *indent, const char *name, const char *text)
{
    int rc = buf_printf(out, "%s<%s>", indent, name);
    rc |= feeds_xml_escape(out, text);
    rc |= buf_printf(out, "</%s>\n", name);
    return rc;
}

static int xml_link(buf_t *out, const char *indent, const char *rel, const char *type, const char *href)
{
    int rc = buf_printf(out, "%s<link rel=\"%s\"", indent, rel);
    if (type) rc |= buf_printf(out, " type=\"%s\"", type);
    rc |= buf_puts(out, " href=\"");
    rc |= feeds_xml_escape(out, href);
    rc |= buf_puts(out, "\"/>\n");
    return rc;
}

int feeds_atom(buf_t *out, const feeds_atom_t *feed, const feeds_atom_entry_t *entries, size_t n)
{
    const char *updated = feed->updated;
    for (size_t i = 0; !feed->updated && i < n; i++)
        if (entries[i].updated && (!updated || strcmp(entries[i].updated, updated) > 0)) updated = entries[i].updated;
    if (!updated) updated = "1970-01-01T00:00:00Z";
    int rc = buf_puts(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    rc |= xml_element(out, "  ", "id", feed->id);
    rc |= xml_element(out, "  ", "title", feed->title);
    rc |= xml_element(out, "  ", "updated", updated);
    if (feed->self) rc |= xml_link(out, "  ", "self", "application/atom+xml", feed->self);
    if (feed->link) rc |= xml_link(out, "  ", "alternate", "text/html", feed->link);
    rc |= buf_puts(out, "  <author>\n");
    rc |= xml_element(out, "    ", "name", feed->author ? feed->author : "Oversight");
    rc |= buf_puts(out, "  </author>\n");
    for (size_t i = 0; i < n; i++) {
        const feeds_atom_entry_t *e = &entries[i];
        rc |= buf_puts(out, "  <entry>\n");
        rc |= xml_element(out, "    ", "id", e->id);
        rc |= xml_element(out, "    ", "title", e->title ? e->title : "");
        rc |= xml_element(out, "    ", "updated", e->updated ? e->updated : updated);
        if (e->link) rc |= xml_link(out, "    ", "alternate", "text/html", e->link);
        if (e->summary) {
            rc |= buf_puts(out, "    <summary type=\"text\">");
            rc |= feeds_xml_escape(out, e->summary);
            rc |= buf_puts(out, "</summary>\n");
        }
        rc |= buf_puts(out, "  </entry>\n");
    }
    rc |= buf_puts(out, "</feed>\n");
    return rc || out->failed ? -1 : 0;
}

/* One "NAME:value" or "NAME:escaped text" property, folded. */
static int ics_prop(buf_t *out, const char *name, const char *value, int text)
{
    buf_t line = BUF_INIT;
    int rc = buf_puts(&line, name);
    rc |= buf_putc(&line, ':');
    rc |= text ? feeds_ics_escape(&line, value) : buf_puts(&line, value ? value : "");
    if (rc == 0 && !line.failed) rc = feeds_ics_fold(out, line.data, line.len);
    buf_free(&line);
    return rc ? -1 : 0;
}

/* "YYYY-MM-DD" or "YYYYMMDD" into a day. */
static int parse_day(const char *s, odate_t *d)
{
    char iso[DATE_TEXT_MAX];
    if (!s) return -1;
    if (strlen(s) == 8 && !strchr(s, '-')) {
        snprintf(iso, sizeof iso, "%.4s-%.2s-%.2s", s, s + 4, s + 6);
        s = iso;
    }
    return date_parse_day(s, d);
}

int feeds_ics(buf_t *out, const feeds_ics_t *cal, const feeds_ics_event_t *events, size_t n)
{
    int rc = buf_puts(out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
    rc |= ics_prop(out, "PRODID", cal->prodid, 0);
    rc |= buf_puts(out, "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
    if (cal->name) rc |= ics_prop(out, "X-WR-CALNAME", cal->name, 1);
    for (size_t i = 0; i < n; i++) {
        const feeds_ics_event_t *e = &events[i];
        odate_t day;
        if (parse_day(e->date, &day) != 0) continue;
        odate_t next = date_add_days(&day, 1);
        char start[16], end[16];
        snprintf(start, sizeof start, "%04d%02d%02d", day.year, day.month, day.day);
        snprintf(end, sizeof end, "%04d%02d%02d", next.year, next.month, next.day);
        rc |= buf_puts(out, "BEGIN:VEVENT\r\n");
        rc |= ics_prop(out, "UID", e->uid, 0);
        rc |= ics_prop(out, "DTSTAMP", cal->dtstamp, 0);
        rc |= ics_prop(out, "DTSTART;VALUE=DATE", start, 0);
        rc |= ics_prop(out, "DTEND;VALUE=DATE", end, 0);
        rc |= ics_prop(out, "SUMMARY", e->summary ? e->summary : "", 1);
        if (e->description) rc |= ics_prop(out, "DESCRIPTION", e->description, 1);
        if (e->url) rc |= ics_prop(out, "URL;VALUE=URI", e->url, 0);
        rc |= buf_puts(out, "TRANSP:TRANSPARENT\r\nEND:VEVENT\r\n");
    }
    rc |= buf_puts(out, "END:VCALENDAR\r\n");
    return rc || out->failed ? -1 : 0;
}
