/*
 * chart.h: inline SVG time charts (a body's timeline, the national Gantt
 * chart of Engage periods), built in C so that every piece of text in them
 * goes through html_escape_text. Pure: no I/O, no database.
 *
 * A chart is a time axis (days since 1970-01-01, see core/date.h) with year
 * ticks and one row per lane; a row holds spans (periods, shaded by class)
 * and marks (single days: decisions, inspections, deadlines, revisits).
 * Styling is by class names only (the page stylesheet colours them), so the
 * output carries no style attributes and passes a CSP without 'unsafe-inline'.
 */
#ifndef OV_WEB_CHART_H
#define OV_WEB_CHART_H
#include <stddef.h>
#include "core/buf.h"

typedef struct chart_span {
    long from, to;            /* days; to >= from (clipped to the axis) */
    const char *cls;          /* CSS class suffix, [a-z0-9-] only: "engage" -> class "ch-span-engage" */
    const char *title;        /* tooltip text (escaped); may be NULL */
} chart_span_t;

typedef struct chart_mark {
    long day;
    const char *cls;          /* class suffix: "decision" -> "ch-mark-decision" */
    const char *title;        /* tooltip text (escaped); may be NULL */
} chart_mark_t;

typedef struct chart_row {
    const char *label;        /* shown left of the row (escaped) */
    const char *href;         /* link for the label (escaped; must be a safe URL) or NULL */
    const chart_span_t *spans;
    size_t nspans;
    const chart_mark_t *marks;
    size_t nmarks;
} chart_row_t;

typedef struct chart {
    long from, to;            /* the axis, days; from < to */
    const char *id;           /* element id prefix, [a-z0-9-] only */
    const char *title;        /* accessible name (escaped) */
    const char *desc;         /* accessible description (escaped); may be NULL */
    const chart_row_t *rows;
    size_t nrows;
} chart_t;

/* Appends c as one <svg> element to out. Spans and marks outside the axis
 * are clipped or left out. Class suffixes and the id are filtered to
 * [a-z0-9-] so they can never break out of an attribute. Returns 0, -1 if
 * out failed to grow, or -2 if c is invalid (from >= to). */
int chart_svg(buf_t *out, const chart_t *c);

/* The axis for the days in [lo, hi]: lo moved back to 1 January of its
 * year and hi forward to 1 January of the next year, so year ticks fall on
 * both ends. */
void chart_axis_years(long lo, long hi, long *from, long *to);

#endif
