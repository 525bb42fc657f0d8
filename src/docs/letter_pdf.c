/*
 * letter_pdf.c: a letter model as an A4 PDF with cairo and pango.
 *
 * Text is laid out by pango (wrapping, UTF-8, fonts through fontconfig) and
 * placed line by line so a paragraph may run onto the next page; headings
 * are kept with what follows them. The document is laid out twice: once to
 * count the pages (into a PDF that is thrown away), once for real, so each
 * footer can say "Page N of M".
 *
 * The PDF is tagged with cairo's tag API: a structure tree (Document, H1,
 * H2, H3, P, L and LI, in reading order) for screen readers and reflow, a
 * named destination at the title ("top") and at each heading, and a link
 * from the footer's page number back to the top. Its creation and
 * modification dates are the letter's own (published, else sent), never
 * the clock's, so the same letter always gives the same bytes.
 */
#include "docs/letter.h"
#include "core/jget.h"
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#define MARGIN_X 64.0
#define MARGIN_TOP 64.0
#define MARGIN_BOTTOM 72.0
#define BODY_FONT "DejaVu Serif 10.5"
#define BULLET_INDENT 18.0

typedef struct pdf {
    cairo_t *cr;
    PangoContext *pc;
    double y;
    int page;            /* 1-based, the page being written */
    int total;           /* pages in all (known on the second pass; 0 on the first) */
    const char *title;
    const char *tag;     /* structure tag of the next text_block (CAIRO_TAG_*: "P", "H2"); NULL: none */
    int dests;           /* named destinations made so far: "h1", "h2", ... */
} pdf_t;

static double content_width(void)
{
    return LETTER_A4_WIDTH - 2 * MARGIN_X;
}

static double bottom(void)
{
    return LETTER_A4_HEIGHT - MARGIN_BOTTOM;
}

static void footer(pdf_t *p)
{
    char text[64];
    if (p->total) snprintf(text, sizeof text, "Page %d of %d", p->page, p->total);
    else snprintf(text, sizeof text, "Page %d", p->page);
    PangoLayout *l = pango_layout_new(p->pc);
    PangoFontDescription *fd = pango_font_description_from_string("DejaVu Sans 8");
    pango_layout_set_font_description(l, fd);
    pango_layout_set_text(l, text, -1);
    int w, h;
    pango_layout_get_size(l, &w, &h);
    double x = (LETTER_A4_WIDTH - (double)w / PANGO_SCALE) / 2, y = LETTER_A4_HEIGHT - MARGIN_BOTTOM / 2;
    cairo_move_to(p->cr, x, y);
    cairo_set_source_rgb(p->cr, 0.3, 0.3, 0.3);
    /* the page number goes back to the letter's title */
    char attrs[160];
    snprintf(attrs, sizeof attrs, "dest='top' rect=[%.1f %.1f %.1f %.1f]", x, y, (double)w / PANGO_SCALE,
             (double)h / PANGO_SCALE);
    cairo_tag_begin(p->cr, CAIRO_TAG_LINK, attrs);
    pango_cairo_show_layout(p->cr, l);
    cairo_tag_end(p->cr, CAIRO_TAG_LINK);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    pango_font_description_free(fd);
    g_object_unref(l);
}

static void new_page(pdf_t *p)
{
    footer(p);
    cairo_show_page(p->cr);
    p->page++;
    p->y = MARGIN_TOP;
}

/* Lays out text (UTF-8) in font at indent and places it line by line,
 * breaking pages as needed. keep: room (points) wanted after the text on
 * the same page (headings). bullet: draw a bullet before the first line. */
static void text_block(pdf_t *p, const char *text, const char *font, double indent, double space_before, double keep,
                       int bullet)
{
    if (!text) text = "";
    PangoLayout *l = pango_layout_new(p->pc);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, fd);
    pango_layout_set_width(l, (int)((content_width() - indent) * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_spacing(l, (int)(2 * PANGO_SCALE));
    pango_layout_set_text(l, text, -1);
    int w, h;
    pango_layout_get_size(l, &w, &h);
    if (p->y > MARGIN_TOP) p->y += space_before;
    /* a heading (or a short block) moves whole to the next page */
    double whole = (double)h / PANGO_SCALE + keep;
    if (p->y + whole > bottom() && p->y > MARGIN_TOP && (keep > 0 || whole < 60)) new_page(p);
    const char *tag = p->tag;
    p->tag = NULL;
    if (tag) cairo_tag_begin(p->cr, tag, NULL);
    int n = pango_layout_get_line_count(l);
    for (int i = 0; i < n; i++) {
        PangoLayoutLine *line = pango_layout_get_line_readonly(l, i);
        PangoRectangle ink, logical;
        pango_layout_line_get_extents(line, &ink, &logical);
        double lh = (double)logical.height / PANGO_SCALE + 2;
        if (p->y + lh > bottom()) new_page(p);
        double baseline = p->y - (double)logical.y / PANGO_SCALE;
        if (bullet && i == 0) {
            cairo_move_to(p->cr, MARGIN_X + indent - 11, baseline);
            PangoLayout *b = pango_layout_new(p->pc);
            pango_layout_set_font_description(b, fd);
            pango_layout_set_text(b, "\u2022", -1);
            pango_cairo_show_layout_line(p->cr, pango_layout_get_line_readonly(b, 0));
            g_object_unref(b);
        }
        if (i == 0 && tag && tag[0] == 'H') {
            /* a named destination at each heading: "top" for the title */
            char attrs[96];
            if (strcmp(tag, "H1") == 0) snprintf(attrs, sizeof attrs, "name='top' x=%.1f y=%.1f", MARGIN_X, p->y);
            else snprintf(attrs, sizeof attrs, "name='h%d' x=%.1f y=%.1f", ++p->dests, MARGIN_X, p->y);
            cairo_tag_begin(p->cr, CAIRO_TAG_DEST, attrs);
            cairo_tag_end(p->cr, CAIRO_TAG_DEST);
        }
        cairo_move_to(p->cr, MARGIN_X + indent, baseline);
        pango_cairo_show_layout_line(p->cr, line);
        p->y += lh;
    }
    if (tag) cairo_tag_end(p->cr, tag);
    pango_font_description_free(fd);
    g_object_unref(l);
}

/* text_block as structure element tag ("P", "H2"). */
static void tagged(pdf_t *p, const char *tag, const char *text, const char *font, double indent, double space_before,
                   double keep, int bullet)
{
    p->tag = tag;
    text_block(p, text, font, indent, space_before, keep, bullet);
}

static void label(pdf_t *p, const char *name)
{
    tagged(p, "P", name, "DejaVu Serif Bold 10.5", 0, 8, 14, 0);
}

/* The whole letter onto p's surface; returns the number of pages. */
static int lay_out(pdf_t *p, const json_t *m)
{
    p->page = 1;
    p->y = MARGIN_TOP;
    p->dests = 0;
    cairo_tag_begin(p->cr, "Document", NULL);
    const char *status = jget_text(m, "status");
    if (*status && strcmp(status, "published") != 0) {
        char note[96];
        snprintf(note, sizeof note, "%s \u2014 not published", status);
        tagged(p, "P", note, "DejaVu Sans Bold 9", 0, 0, 0, 0);
    }
    tagged(p, "H1", jget_text(m, "title"), "DejaVu Serif Bold 17", 0, 4, 20, 0);
    if (*jget_text(m, "published_on_text")) {
        char line[128];
        snprintf(line, sizeof line, "Published on: %s", jget_text(m, "published_on_text"));
        tagged(p, "P", line, BODY_FONT, 0, 8, 0, 0);
    }
    tagged(p, "H2", "Letter information", "DejaVu Serif Bold 13", 0, 16, 40, 0);
    const json_t *from = json_object_get(m, "from"), *to = json_object_get(m, "to"), *cc = json_object_get(m, "cc");
    label(p, "From");
    tagged(p, "P", jget_text(from, "name"), BODY_FONT, 0, 0, 0, 0);
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(from, "titles"), i, t) tagged(p, "P", json_string_value(t), BODY_FONT, 0, 0, 0, 0);
    label(p, "To");
    tagged(p, "P", jget_text(to, "name"), BODY_FONT, 0, 0, 0, 0);
    tagged(p, "P", jget_text(to, "org"), BODY_FONT, 0, 0, 0, 0);
    if (*jget_text(cc, "name")) {
        label(p, "Cc");
        tagged(p, "P", jget_text(cc, "name"), BODY_FONT, 0, 0, 0, 0);
        if (*jget_text(cc, "role")) tagged(p, "P", jget_text(cc, "role"), BODY_FONT, 0, 0, 0, 0);
    }
    if (*jget_text(m, "sent_on_text")) {
        label(p, "Sent on");
        tagged(p, "P", jget_text(m, "sent_on_text"), BODY_FONT, 0, 0, 0, 0);
    }
    json_t *b;
    json_array_foreach(json_object_get(m, "blocks"), i, b) {
        const char *type = jget_text(b, "type");
        if (strcmp(type, "h2") == 0) tagged(p, "H2", jget_text(b, "text"), "DejaVu Serif Bold 13", 0, 18, 40, 0);
        else if (strcmp(type, "h3") == 0) tagged(p, "H3", jget_text(b, "text"), "DejaVu Serif Bold 11", 0, 10, 30, 0);
        else if (strcmp(type, "bullets") == 0) {
            size_t k;
            json_t *item;
            cairo_tag_begin(p->cr, "L", NULL);
            json_array_foreach(json_object_get(b, "items"), k, item)
                tagged(p, "LI", json_string_value(item), BODY_FONT, BULLET_INDENT, k ? 4 : 8, 0, 1);
            cairo_tag_end(p->cr, "L");
        } else tagged(p, "P", jget_text(b, "text"), BODY_FONT, 0, 8, 0, 0);
    }
    footer(p);
    cairo_tag_end(p->cr, "Document");
    return p->page;
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int length)
{
    return buf_append(closure, data, length) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static cairo_status_t discard(void *closure, const unsigned char *data, unsigned int length)
{
    (void)closure, (void)data, (void)length;
    return CAIRO_STATUS_SUCCESS;
}

void letter_pdf_date(const json_t *model, char out[32])
{
    const char *d = jget_str(model, "published_on");
    if (!d || strlen(d) < 10) d = jget_str(model, "sent_on");
    if (!d || strlen(d) < 10) d = "1970-01-01";   /* no date of its own: a fixed one, never the clock's */
    snprintf(out, 32, "%.10sT00:00:00Z", d);
}

/* One pass onto a PDF written through write; returns pages or -1. */
static int pass(const json_t *model, cairo_write_func_t write, void *closure, int total)
{
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(write, closure, LETTER_A4_WIDTH, LETTER_A4_HEIGHT);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        return -1;
    }
    const char *title = json_string_value(json_object_get(model, "title"));
    if (title) cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Oversight");
    char date[32];
    letter_pdf_date(model, date);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date);
    cairo_t *cr = cairo_create(surface);
    PangoContext *pc = pango_cairo_create_context(cr);
    pango_cairo_context_set_resolution(pc, 72.0);   /* font sizes in points = user units */
    pdf_t p = {.cr = cr, .pc = pc, .total = total, .title = title};
    int pages = lay_out(&p, model);
    g_object_unref(pc);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    int ok = cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(surface);
    return ok ? pages : -1;
}

int letter_render_pdf(const json_t *model, buf_t *out, int *pages, ov_error_t *err)
{
    int total = pass(model, discard, NULL, 0);
    size_t before = out->len;
    int n = total > 0 ? pass(model, to_buf, out, total) : -1;
    if (n < 0 || out->failed) {
        out->len = before;
        return ov_error_set(err, OV_EINTERNAL, "", "the PDF could not be written");
    }
    if (pages) *pages = n;
    return 0;
}
