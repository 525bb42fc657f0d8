/*
 * chart.c: inline SVG time charts (see chart.h). Text is escaped with
 * html_escape_text; class names and ids are filtered to [a-z0-9-].
 */
#include "web/chart.h"
#include "render/html.h"
#include "core/date.h"
#include <stdio.h>

#define CH_WIDTH 960
#define CH_LABEL 230      /* label column */
#define CH_PAD_RIGHT 16
#define CH_AXIS 30        /* year labels above the rows */
#define CH_ROW 26
#define CH_PAD_BOTTOM 8

/* Appends s keeping only [a-z0-9-] (never breaks out of an attribute). */
static void put_token(buf_t *out, const char *s)
{
    for (; s && *s; s++)
        if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-') buf_putc(out, *s);
}

/* before, the chart's id as a token, after: ids and references to them. */
static void put_id(buf_t *out, const char *before, const char *id, const char *after)
{
    buf_puts(out, before);
    put_token(out, id);
    buf_puts(out, after);
}

static double x_of(const chart_t *c, long day)
{
    double span = (double)(c->to - c->from);
    return CH_LABEL + (double)(day - c->from) * (CH_WIDTH - CH_LABEL - CH_PAD_RIGHT) / span;
}

/* A span or mark with words is a named image in the tab order, so a
 * keyboard reaches what a pointer's hover shows: tabindex, role and
 * aria-label inside its start tag (out is after its other attributes). */
static void put_focusable(buf_t *out, const char *title)
{
    if (!title || !*title) return;
    buf_puts(out, " tabindex=\"0\" role=\"img\" aria-label=\"");
    html_escape_text(out, title);
    buf_puts(out, "\"");
}

static void put_title(buf_t *out, const char *title)
{
    if (!title || !*title) return;
    buf_puts(out, "<title>");
    html_escape_text(out, title);
    buf_puts(out, "</title>");
}

static long year_start(int y)
{
    odate_t d = {y, 1, 1, DATE_DAY};
    return date_to_days(&d);
}

void chart_axis_years(long lo, long hi, long *from, long *to)
{
    odate_t a = date_from_days(lo), b = date_from_days(hi);
    *from = year_start(a.year);
    *to = year_start(b.year + 1);
}

static void put_axis(buf_t *out, const chart_t *c, int height)
{
    odate_t a = date_from_days(c->from), b = date_from_days(c->to);
    int years = b.year - a.year + 1;
    int step = years > 16 ? (years + 15) / 16 : 1;
    buf_puts(out, "<g class=\"ch-axis\">");
    for (int y = a.year; y <= b.year; y++) {
        long d = year_start(y);
        if (d < c->from || d > c->to) continue;
        double x = x_of(c, d);
        buf_printf(out, "<line class=\"ch-tick\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>", x, CH_AXIS - 6, x,
                   height - CH_PAD_BOTTOM);
        /* a label for the year that starts here, unless it is the axis end */
        if ((y - a.year) % step == 0 && d < c->to)
            buf_printf(out, "<text class=\"ch-year\" x=\"%.1f\" y=\"%d\">%d</text>", x + 3, CH_AXIS - 10, y);
    }
    buf_puts(out, "</g>");
}

static void put_row(buf_t *out, const chart_t *c, const chart_row_t *r, size_t i)
{
    int top = CH_AXIS + (int)i * CH_ROW;
    int mid = top + CH_ROW / 2;
    buf_printf(out, "<g class=\"ch-row%s\">", i % 2 ? " ch-row-alt" : "");
    buf_printf(out, "<rect class=\"ch-band\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\"/>", top, CH_WIDTH, CH_ROW);
    if (r->href) {
        buf_puts(out, "<a href=\"");
        html_escape_text(out, html_url_is_safe(r->href) ? r->href : "#");
        buf_puts(out, "\">");
    }
    buf_printf(out, "<text class=\"ch-label\" x=\"%d\" y=\"%d\">", CH_LABEL - 8, mid + 4);
    html_escape_text(out, r->label);
    buf_puts(out, "</text>");
    if (r->href) buf_puts(out, "</a>");
    for (size_t k = 0; k < r->nspans; k++) {
        const chart_span_t *s = &r->spans[k];
        long from = s->from < c->from ? c->from : s->from;
        long to = s->to > c->to ? c->to : s->to;
        if (to < from) continue;   /* entirely outside the axis, or inverted */
        double x1 = x_of(c, from), w = x_of(c, to) - x1;
        if (w < 2) w = 2;
        buf_puts(out, "<rect class=\"ch-span ch-span-");
        put_token(out, s->cls);
        buf_printf(out, "\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"", x1, top + 5, w, CH_ROW - 10);
        put_focusable(out, s->title);
        buf_puts(out, ">");
        put_title(out, s->title);
        buf_puts(out, "</rect>");
    }
    for (size_t k = 0; k < r->nmarks; k++) {
        const chart_mark_t *m = &r->marks[k];
        if (m->day < c->from || m->day > c->to) continue;
        double x = x_of(c, m->day);
        buf_puts(out, "<path class=\"ch-mark ch-mark-");
        put_token(out, m->cls);
        buf_printf(out, "\" d=\"M%.1f %dl6 6l-6 6l-6-6z\"", x, mid - 6);
        put_focusable(out, m->title);
        buf_puts(out, ">");
        put_title(out, m->title);
        buf_puts(out, "</path>");
    }
    buf_puts(out, "</g>");
}

int chart_svg(buf_t *out, const chart_t *c)
{
    if (!c || c->to <= c->from) return -2;
    int height = CH_AXIS + (int)c->nrows * CH_ROW + CH_PAD_BOTTOM;
    /* a group, not an img: an img's content is presentational, and the
     * rows' links and the focusable spans and marks must stay reachable
     * (an img holding links is axe's nested-interactive) */
    buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %d %d\" role=\"group\"",
               CH_WIDTH, height);
    put_id(out, " aria-labelledby=\"", c->id, "-title");
    if (c->desc) put_id(out, " ", c->id, "-desc");
    put_id(out, "\"><title id=\"", c->id, "-title\">");
    html_escape_text(out, c->title);
    buf_puts(out, "</title>");
    if (c->desc) {
        put_id(out, "<desc id=\"", c->id, "-desc\">");
        html_escape_text(out, c->desc);
        buf_puts(out, "</desc>");
    }
    for (size_t i = 0; i < c->nrows; i++) put_row(out, c, &c->rows[i], i);
    put_axis(out, c, height);
    buf_puts(out, "</svg>");
    return out->failed ? -1 : 0;
}
