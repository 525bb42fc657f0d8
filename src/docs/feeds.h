/*
 * feeds.h: Atom (RFC 4287) and iCalendar (RFC 5545) text, built from plain
 * structs. Pure: no I/O, no storage; the handlers in src/api/feeds.c gather
 * the items. Every value is escaped for its context here, so callers pass
 * raw text.
 */
#ifndef OV_DOCS_FEEDS_H
#define OV_DOCS_FEEDS_H
#include <stddef.h>
#include "core/buf.h"

/* Appends s with &, <, >, " and ' escaped for XML text and attributes;
 * C0 control characters other than TAB, LF and CR (not allowed in XML 1.0)
 * are dropped. 0 or -1. */
int feeds_xml_escape(buf_t *out, const char *s);

/* Appends s as iCalendar TEXT: backslash, ";" and "," escaped with a
 * backslash, line breaks (LF, CRLF or CR) as "\n", other control
 * characters dropped. 0 or -1. */
int feeds_ics_escape(buf_t *out, const char *s);

/* Appends one content line line[0..len) folded as RFC 5545 3.1 asks: at
 * most 75 octets per physical line (the continuation's leading space
 * counts), never splitting a UTF-8 character; each physical line ends with
 * CRLF. 0 or -1. */
int feeds_ics_fold(buf_t *out, const char *line, size_t len);

typedef struct feeds_atom_entry {
    const char *id;         /* an IRI, e.g. "tag:oversight,2025:decision/7" */
    const char *updated;    /* RFC 3339 date-time */
    const char *title;
    const char *link;       /* absolute URL of the item's page; or NULL */
    const char *summary;    /* plain text; or NULL */
} feeds_atom_entry_t;

typedef struct feeds_atom {
    const char *id;
    const char *title;
    const char *self;       /* the feed's own URL (rel="self"); or NULL */
    const char *link;       /* the site (rel="alternate"); or NULL */
    const char *author;     /* required by RFC 4287 when entries have none */
    const char *updated;    /* RFC 3339; NULL: the latest entry's, else 1970 */
} feeds_atom_t;

/* Appends the whole feed document (UTF-8 XML). 0 or -1. */
int feeds_atom(buf_t *out, const feeds_atom_t *feed, const feeds_atom_entry_t *entries, size_t n);

typedef struct feeds_ics_event {
    const char *uid;         /* globally unique, e.g. "recommendation-7-deadline@oversight" */
    const char *date;        /* the day, "YYYY-MM-DD" (or "YYYYMMDD") */
    const char *summary;
    const char *description; /* or NULL */
    const char *url;         /* or NULL */
} feeds_ics_event_t;

typedef struct feeds_ics {
    const char *prodid;      /* "-//Oversight//Deadlines//EN" */
    const char *name;        /* X-WR-CALNAME; or NULL */
    const char *dtstamp;     /* UTC "YYYYMMDDTHHMMSSZ" */
} feeds_ics_t;

/* Appends a VCALENDAR with one all-day VEVENT per event (DTSTART;VALUE=DATE,
 * DTEND the next day), CRLF line ends, lines folded at 75 octets. Events
 * whose date is not a valid day are skipped. 0 or -1. */
int feeds_ics(buf_t *out, const feeds_ics_t *cal, const feeds_ics_event_t *events, size_t n);

#endif
