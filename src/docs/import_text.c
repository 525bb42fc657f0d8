/*
 * import_text.c: turns raw input into the importer's normalized document:
 * valid UTF-8 with LF line ends, HTML reduced to text (block tags become line
 * breaks, <li> becomes a bullet line, <script>/<style> dropped, entities
 * decoded), then split into lines with their bullet markers recognised.
 *
 * Every loop is bounded by the input length; malformed input (cut tags,
 * stray bytes, NULs) is repaired or dropped and counted, never trusted.
 */
#define OV_IMPORT_INTERNAL
#include "docs/import.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Normalized text may grow past the input (entities, list markers); cap it. */
#define TEXT_LIMIT ((size_t)64 * 1024 * 1024)
#define LIST_DEPTH_MAX 16

int imp_utf8_put(buf_t *b, uint32_t cp)
{
    char u[4];
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        u[0] = (char)cp;
        return buf_append(b, u, 1);
    }
    if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        return buf_append(b, u, 2);
    }
    if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        return buf_append(b, u, 3);
    }
    u[0] = (char)(0xF0 | (cp >> 18));
    u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[3] = (char)(0x80 | (cp & 0x3F));
    return buf_append(b, u, 4);
}

/* Decodes one UTF-8 sequence at s[i..n). Returns its length and sets *cp, or
 * 0 when invalid (sets *cut when it is a valid prefix ending at n). */
static size_t utf8_decode(const unsigned char *s, size_t n, size_t i, uint32_t *cp, int *cut)
{
    unsigned char c = s[i];
    size_t need;
    uint32_t v, min;
    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF) { need = 1; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { need = 2; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { need = 3; v = c & 0x07; min = 0x10000; }
    else return 0;
    for (size_t k = 1; k <= need; k++) {
        if (i + k >= n) { *cut = 1; return 0; }
        if ((s[i + k] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i + k] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return need + 1;
}

/* Pass 1: bytes -> valid UTF-8, LF line ends, controls dropped. */
static int sanitize(imp_doc_t *d, const char *raw, size_t n, buf_t *out)
{
    const unsigned char *s = (const unsigned char *)raw;
    size_t i = 0;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) i = 3;
    while (i < n) {
        unsigned char c = s[i];
        if (c == 0) { d->nul_bytes++; i++; continue; }
        if (c == '\r') {
            if (buf_putc(out, '\n')) return -1;
            i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
            continue;
        }
        if (c == '\n') { if (buf_putc(out, '\n')) return -1; i++; continue; }
        if (c == '\t') { if (buf_putc(out, ' ')) return -1; i++; continue; }
        if (c == '\f' || c == '\v') { if (buf_putc(out, '\n')) return -1; i++; continue; }
        if (c < 0x20 || c == 0x7F) { d->controls++; i++; continue; }
        if (c < 0x80) { if (buf_putc(out, (char)c)) return -1; i++; continue; }
        uint32_t cp = 0;
        int cut = 0;
        size_t k = utf8_decode(s, n, i, &cp, &cut);
        if (k == 0) {
            if (cut) d->cut = 1;
            d->bad_utf8++;
            if (imp_utf8_put(out, 0xFFFD)) return -1;
            i++;
            continue;
        }
        int rc = 0;
        if (cp == 0xA0 || cp == 0x202F || cp == 0x2007) rc = buf_putc(out, ' ');   /* no-break spaces */
        else if (cp == 0x2028 || cp == 0x2029 || cp == 0x85) rc = buf_putc(out, '\n');
        else if (cp == 0xFEFF || (cp >= 0x80 && cp < 0xA0)) d->controls++;
        else rc = buf_append(out, s + i, k);
        if (rc) return -1;
        i += k;
    }
    return 0;
}

/* ---- HTML ---- */

static const struct { const char *name; uint32_t cp; } entities[] = {
    {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
    {"nbsp", ' '}, {"rsquo", 0x2019}, {"lsquo", 0x2018}, {"rdquo", 0x201D},
    {"ldquo", 0x201C}, {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026},
    {"bull", 0x2022}, {"pound", 0xA3}, {"euro", 0x20AC}, {"copy", 0xA9},
    {"reg", 0xAE}, {"trade", 0x2122}, {"middot", 0xB7}, {"laquo", 0xAB},
    {"raquo", 0xBB}, {"sbquo", 0x201A}, {"bdquo", 0x201E}, {"prime", 0x2032},
    {"ensp", ' '}, {"emsp", ' '}, {"thinsp", 0x2009}, {"shy", 0}, {"zwj", 0x200D},
    {"zwnj", 0x200C}, {"deg", 0xB0}, {"sect", 0xA7}, {"para", 0xB6},
    {"times", 0xD7}, {"frac12", 0xBD}, {"eacute", 0xE9}, {"egrave", 0xE8},
    {"aacute", 0xE1}, {"agrave", 0xE0}, {"ccedil", 0xE7}, {"ouml", 0xF6},
    {"uuml", 0xFC}, {"auml", 0xE4}, {"iuml", 0xEF}, {"ecirc", 0xEA},
};

/* Decodes an entity at s[i] == '&'. Returns bytes consumed (0: not an entity,
 * emit '&'); sets *cp (0 = emit nothing). Sets *cut if input ends inside. */
static size_t entity_decode(const char *s, size_t n, size_t i, uint32_t *cp, int *cut)
{
    size_t j = i + 1;
    if (j < n && s[j] == '#') {
        j++;
        int hex = 0;
        if (j < n && (s[j] == 'x' || s[j] == 'X')) { hex = 1; j++; }
        size_t digits = 0;
        uint32_t v = 0;
        while (j < n && (hex ? isxdigit((unsigned char)s[j]) : isdigit((unsigned char)s[j]))) {
            unsigned char c = (unsigned char)s[j];
            uint32_t dv = isdigit(c) ? (uint32_t)(c - '0') : (uint32_t)(tolower(c) - 'a' + 10);
            if (v <= 0x10FFFF) v = v * (hex ? 16 : 10) + dv;
            j++;
            digits++;
        }
        if (digits == 0) {
            if (j >= n) *cut = 1;
            return 0;
        }
        if (j < n && s[j] == ';') j++;
        else if (j >= n) *cut = 1;
        /* Windows-1252 numbers that pages use for quotes and dashes */
        static const uint16_t cp1252[32] = {
            0x20AC, 0, 0x201A, 0x192, 0x201E, 0x2026, 0x2020, 0x2021, 0x2C6, 0x2030, 0x160,
            0x2039, 0x152, 0, 0x17D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
            0x2014, 0x2DC, 0x2122, 0x161, 0x203A, 0x153, 0, 0x17E, 0x178};
        if (v >= 0x80 && v <= 0x9F) v = cp1252[v - 0x80] ? cp1252[v - 0x80] : 0xFFFD;
        if (v == 0xA0) v = ' ';
        if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) ||
            (v < 0x20 && v != '\n' && v != '\t'))
            v = 0xFFFD;
        if (v == '\t' || v == '\n') v = ' ';
        *cp = v;
        return j - i;
    }
    size_t k = 0;
    while (j + k < n && k < 10 && isalnum((unsigned char)s[j + k])) k++;
    if (j + k >= n) {
        if (k > 0) *cut = 1;
        return 0;
    }
    if (k == 0 || s[j + k] != ';') return 0;
    for (size_t e = 0; e < sizeof entities / sizeof entities[0]; e++) {
        if (strlen(entities[e].name) == k && strncmp(s + j, entities[e].name, k) == 0) {
            *cp = entities[e].cp;
            return k + 2;
        }
    }
    return 0;
}

/* The state of one pass of html_to_text over a document. */
typedef struct html_state {
    imp_doc_t *doc;         /* gets cut, unclosed_html and html_title */
    buf_t *out;
    int pending_nl;         /* line breaks owed before the next text: 0, 1 or 2 */
    int pending_space;
    int in_pre;
    char marker[48];        /* list marker owed before the next text */
    int list_type[LIST_DEPTH_MAX];  /* 'u' or 'o' */
    int list_count[LIST_DEPTH_MAX];
    int depth;
    size_t h1_start, h1_end;
    int h1_state;           /* 0 none yet, 1 inside, 2 done */
    buf_t title;            /* the first <title>'s text */
    int saw_open, saw_close;  /* <html> or <body> opened, closed */
    int content_depth;      /* <main> and <article> open around the text */
} html_state_t;

/* What each step of html_to_text says: go on from the new position, stop
 * because the input ends inside markup (the document is cut), or fail
 * (out of memory). */
enum { HTML_NEXT = 0, HTML_CUT = 1, HTML_FAIL = -1 };

static void want_nl(html_state_t *h, int n)
{
    if (h->pending_nl < n) h->pending_nl = n;
}

/* Emits one character of text (s[0..k)), applying owed breaks and spaces. */
static int emit_text(html_state_t *h, const char *s, size_t k)
{
    int space = (k == 1 && (s[0] == ' ' || s[0] == '\n'));
    if (space && !h->in_pre) {
        h->pending_space = 1;
        return 0;
    }
    if (h->in_pre && k == 1 && s[0] == '\n') {
        want_nl(h, 1);
        return 0;
    }
    if (h->pending_nl || h->marker[0]) {
        if (h->out->len > 0)
            for (int i = 0; i < (h->pending_nl ? h->pending_nl : 1); i++)
                if (buf_putc(h->out, '\n')) return -1;
        if (h->marker[0] && buf_puts(h->out, h->marker)) return -1;
        h->pending_nl = 0;
        h->pending_space = 0;
        h->marker[0] = '\0';
    } else if (h->pending_space && h->out->len > 0 && h->out->data[h->out->len - 1] != '\n') {
        if (buf_putc(h->out, ' ')) return -1;
    }
    h->pending_space = 0;
    return buf_append(h->out, s, k);
}

static int tag_is(const char *name, size_t nl, const char *const *set)
{
    for (; *set; set++)
        if (imp_ieq(name, nl, *set)) return 1;
    return 0;
}

static const char *const para_tags[] = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header",
    "footer", "main", "aside", "nav", "blockquote", "table", "dl", "hr", "figure",
    "figcaption", "address", "form", "fieldset", "details", "summary", "pre", "body", NULL,
};
static const char *const line_tags[] = {"br", "tr", "td", "th", "dt", "dd", "caption", NULL};
static const char *const raw_tags[] = {"script", "style", "noscript", "template", "svg", "iframe", "object", NULL};

/* Finds "</name" (caseless) from i; returns its index or n. */
static size_t find_close(const char *s, size_t n, size_t i, const char *name, size_t nl)
{
    for (; i + 2 + nl <= n; i++)
        if (s[i] == '<' && s[i + 1] == '/' && strncasecmp(s + i + 2, name, nl) == 0 &&
            (i + 2 + nl == n || !isalnum((unsigned char)s[i + 2 + nl])))
            return i;
    return n;
}

/* Index just past the '>' ending a tag that starts at i, honouring quoted
 * attribute values; n if the input ends first. */
static size_t tag_end(const char *s, size_t n, size_t i)
{
    char quote = 0;
    for (; i < n; i++) {
        if (quote) {
            if (s[i] == quote) quote = 0;
        } else if (s[i] == '"' || s[i] == '\'') {
            quote = s[i];
        } else if (s[i] == '>') {
            return i + 1;
        }
    }
    return n;
}

/* Decodes text s[a..b) with entities into out, whitespace collapsed. */
static int decode_plain(const char *s, size_t a, size_t b, buf_t *out)
{
    int cut = 0;
    for (size_t i = a; i < b;) {
        if (s[i] == '&') {
            uint32_t cp = 0;
            size_t k = entity_decode(s, b, i, &cp, &cut);
            if (k) {
                if (cp && imp_utf8_put(out, cp)) return -1;
                i += k;
                continue;
            }
        }
        if (buf_putc(out, s[i] == '\n' ? ' ' : s[i])) return -1;
        i++;
    }
    return 0;
}

static void list_marker(html_state_t *h)
{
    int lvl = h->depth > 0 ? h->depth - 1 : 0;
    char ind[2 * LIST_DEPTH_MAX + 1];
    int w = lvl * 2 < (int)sizeof ind - 1 ? lvl * 2 : (int)sizeof ind - 1;
    memset(ind, ' ', (size_t)w);
    ind[w] = '\0';
    if (h->depth > 0 && h->list_type[h->depth - 1] == 'o')
        snprintf(h->marker, sizeof h->marker, "%s%d. ", ind, ++h->list_count[h->depth - 1] % 1000);
    else
        snprintf(h->marker, sizeof h->marker, "%s\xE2\x80\xA2 ", ind);
}

/* Emits code point cp as text. */
static int emit_code_point(html_state_t *h, uint32_t cp)
{
    buf_t tmp = BUF_INIT;
    int rc = imp_utf8_put(&tmp, cp) || emit_text(h, tmp.data, tmp.len) ? -1 : 0;
    buf_free(&tmp);
    return rc;
}

/* Text at s[*i] (not a '<'): an entity decoded, else one UTF-8 character
 * as it is (an '&' that starts no entity is itself). */
static int html_text(html_state_t *h, const char *s, size_t n, size_t *i)
{
    if (s[*i] == '&') {
        uint32_t cp = 0;
        int cut = 0;
        size_t k = entity_decode(s, n, *i, &cp, &cut);
        if (cut) h->doc->cut = 1;
        if (k) {
            if (cp && emit_code_point(h, cp)) return HTML_FAIL;
            *i += k;
            return HTML_NEXT;
        }
    }
    size_t k = 1;
    unsigned char uc = (unsigned char)s[*i];
    if (uc >= 0xC0) k = uc >= 0xF0 ? 4 : uc >= 0xE0 ? 3 : 2;
    if (*i + k > n) k = n - *i;
    if (emit_text(h, s + *i, k)) return HTML_FAIL;
    *i += k;
    return HTML_NEXT;
}

/* Skips the comment "<!--" at s[*i] to just past its "-->". */
static int html_comment(const char *s, size_t n, size_t *i)
{
    for (size_t j = *i + 4; j + 3 <= n; j++)
        if (s[j] == '-' && s[j + 1] == '-' && s[j + 2] == '>') {
            *i = j + 3;
            return HTML_NEXT;
        }
    return HTML_CUT;
}

/* Skips the element whose start tag ends at *i (<script>, <title>...) to
 * just past its end tag; *text_end (may be NULL) gets where its text ends. */
static int html_skip_element(const char *s, size_t n, const char *name, size_t nl, size_t *i, size_t *text_end)
{
    size_t cl = find_close(s, n, *i, name, nl);
    if (cl >= n) return HTML_CUT;
    if (text_end) *text_end = cl;
    *i = tag_end(s, n, cl);
    return HTML_NEXT;
}

/* <h1>: the first one's text becomes the document's title. */
static void html_heading(html_state_t *h, int closing)
{
    if (!closing && h->h1_state == 0) {
        want_nl(h, 2);
        h->h1_state = 1;
        h->h1_start = h->out->len;
    } else if (closing && h->h1_state == 1) {
        h->h1_state = 2;
        h->h1_end = h->out->len;
    }
}

/* <ul>, <ol> and their ends: one list level more or less. */
static void html_list(html_state_t *h, const char *name, int closing)
{
    if (!closing) {
        if (h->depth < LIST_DEPTH_MAX) {
            h->list_type[h->depth] = tolower((unsigned char)name[0]) == 'o' ? 'o' : 'u';
            h->list_count[h->depth] = 0;
        }
        h->depth++;
    } else if (h->depth > 0) {
        h->depth--;
    }
    want_nl(h, h->depth > 0 ? 1 : 2);
    h->marker[0] = '\0';
}

/* <li> owes its list's marker to the next text (a bullet outside any list). */
static void html_list_item(html_state_t *h, int closing)
{
    want_nl(h, 1);
    if (closing) {
        h->marker[0] = '\0';
        return;
    }
    int saved = h->depth;
    if (h->depth > LIST_DEPTH_MAX) h->depth = LIST_DEPTH_MAX;
    if (h->depth == 0) h->depth = 1, h->list_type[0] = 'u';
    list_marker(h);
    h->depth = saved;
}

/* What a tag that holds no skipped content does to the text's lines. */
static void html_layout(html_state_t *h, const char *name, size_t nl, int closing)
{
    if (imp_ieq(name, nl, "h1")) html_heading(h, closing);
    if (imp_ieq(name, nl, "ul") || imp_ieq(name, nl, "ol")) {
        html_list(h, name, closing);
    } else if (imp_ieq(name, nl, "li")) {
        html_list_item(h, closing);
    } else if (imp_ieq(name, nl, "pre")) {
        h->in_pre = !closing;
        want_nl(h, 2);
    } else if (tag_is(name, nl, para_tags)) {
        /* a paragraph inside a list item keeps to the item's line */
        if (!h->marker[0]) want_nl(h, 2);
    } else if (tag_is(name, nl, line_tags)) {
        if (!h->marker[0]) want_nl(h, 1);
    }
}

/* The tag name..name+nl, read up to *i: the content of raw elements is
 * dropped, a <title> kept aside, any other tag laid out. */
static int html_tag(html_state_t *h, const char *s, size_t n, const char *name, size_t nl, int closing, size_t *i)
{
    if (imp_ieq(name, nl, "html") || imp_ieq(name, nl, "body")) {
        if (closing) h->saw_close = 1; else h->saw_open = 1;
    }
    if (!closing && tag_is(name, nl, raw_tags)) return html_skip_element(s, n, name, nl, i, NULL);
    /* the site around a letter published as a page: its navigation, and
     * the site's header (one without the page's <h1>) and footer outside
     * <main> or <article>; kept when they never close (a cut page) */
    int site_part = imp_ieq(name, nl, "nav") ||
                    (h->content_depth == 0 && (imp_ieq(name, nl, "header") || imp_ieq(name, nl, "footer")));
    if (!closing && site_part) {
        size_t cl = find_close(s, n, *i, name, nl);
        if (cl < n && !(imp_ieq(name, nl, "header") && imp_ifind(s + *i, cl - *i, "<h1", 3))) {
            *i = tag_end(s, n, cl);
            want_nl(h, 2);
            return HTML_NEXT;
        }
    }
    if (imp_ieq(name, nl, "main") || imp_ieq(name, nl, "article")) {
        if (!closing) h->content_depth++;
        else if (h->content_depth > 0) h->content_depth--;
    }
    if (!closing && imp_ieq(name, nl, "title")) {
        size_t start = *i, end = 0;
        int st = html_skip_element(s, n, name, nl, i, &end);
        if (st == HTML_NEXT && !h->title.data && decode_plain(s, start, end, &h->title)) return HTML_FAIL;
        return st;
    }
    html_layout(h, name, nl, closing);
    return HTML_NEXT;
}

/* Markup at s[*i] == '<': a comment, a declaration (<!DOCTYPE>, <?xml?>),
 * a tag, or a literal '<' that starts none of them. */
static int html_markup(html_state_t *h, const char *s, size_t n, size_t *i)
{
    if (*i + 4 <= n && strncmp(s + *i, "<!--", 4) == 0) return html_comment(s, n, i);
    size_t j = *i + 1;
    if (j < n && (s[j] == '!' || s[j] == '?')) {
        size_t e = tag_end(s, n, j);
        if (e >= n && (e == 0 || s[e - 1] != '>')) return HTML_CUT;
        *i = e;
        return HTML_NEXT;
    }
    int closing = 0;
    if (j < n && s[j] == '/') { closing = 1; j++; }
    size_t ns = j;
    while (j < n && (isalnum((unsigned char)s[j]))) j++;
    size_t nl = j - ns;
    if (nl == 0) {
        if (j >= n) return HTML_CUT;
        if (emit_text(h, "<", 1)) return HTML_FAIL;   /* a literal '<' */
        (*i)++;
        return HTML_NEXT;
    }
    size_t e = tag_end(s, n, j);
    if (e >= n && s[n - 1] != '>') return HTML_CUT;
    *i = e;
    return html_tag(h, s, n, s + ns, nl, closing, i);
}

/* Sets d->html_title to text[0..len) with its white space collapsed, or
 * leaves none if that is empty. 0, or -1 on ENOMEM. */
static int html_title_set(imp_doc_t *d, const char *text, size_t len)
{
    d->html_title = imp_collapse(text, len);
    if (!d->html_title) return -1;
    if (!d->html_title[0]) { free(d->html_title); d->html_title = NULL; }
    return 0;
}

/* After the last step: the title (the first <h1>, else <title>), whether
 * <html>/<body> was left open, and the text's final line end. */
static int html_finish(html_state_t *h)
{
    imp_doc_t *d = h->doc;
    if (h->h1_state == 1) h->h1_end = h->out->len;
    if (h->h1_state && h->h1_end > h->h1_start &&
        html_title_set(d, h->out->data + h->h1_start, h->h1_end - h->h1_start))
        return -1;
    if (!d->html_title && h->title.len && html_title_set(d, h->title.data, h->title.len)) return -1;
    if (h->saw_open && !h->saw_close) d->unclosed_html = 1;
    return buf_putc(h->out, '\n') ? -1 : 0;
}

/* Reduces the HTML s[0..n) to text in out: block tags become line breaks,
 * <li> a bullet line, <script>/<style> and the like dropped, entities
 * decoded; fills d's title and its cut / unclosed_html flags. 0, or -1 on
 * ENOMEM. */
static int html_to_text(imp_doc_t *d, const char *s, size_t n, buf_t *out)
{
    html_state_t h;
    memset(&h, 0, sizeof h);
    h.doc = d;
    h.out = out;
    h.title = (buf_t)BUF_INIT;
    int rc = -1;
    for (size_t i = 0; i < n;) {
        int st = s[i] == '<' ? html_markup(&h, s, n, &i) : html_text(&h, s, n, &i);
        if (st == HTML_FAIL) goto done;
        if (st == HTML_CUT) {
            d->cut = 1;
            break;
        }
    }
    if (html_finish(&h)) goto done;
    rc = 0;
done:
    buf_free(&h.title);
    return rc;
}

static int looks_like_html(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\n')) i++;
    if (i + 1 < n && s[i] == '<' && (isalpha((unsigned char)s[i + 1]) || s[i + 1] == '!'))
        return 1;
    size_t lim = n < 4096 ? n : 4096;
    static const char *const marks[] = {"<html", "<body", "<!doctype", "<p>", "<div", "<br>", "<br/>", "<li>", NULL};
    for (const char *const *m = marks; *m; m++)
        if (imp_ifind(s, lim, *m, strlen(*m))) return 1;
    return 0;
}

/* ---- lines ---- */

static const char *const bullet_syms[] = {
    "\xE2\x80\xA2", "\xE2\x97\x8F", "\xE2\x96\xAA", "\xE2\x97\xA6", "\xE2\x80\xA3",
    "\xC2\xB7", "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x96\xA0", "\xEF\x82\xB7",
    "-", "*", "+", NULL,
};

static int is_roman(const char *s, size_t k)
{
    static const char *const r[] = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", NULL};
    for (const char *const *p = r; *p; p++)
        if (strlen(*p) == k && strncmp(s, *p, k) == 0) return 1;
    return 0;
}

/* Recognises a bullet marker at s[0..n); returns its length including the
 * following spaces (0 if none) and fills kind/number. */
static size_t read_marker(const char *s, size_t n, uint8_t *kind, uint16_t *number)
{
    for (const char *const *b = bullet_syms; *b; b++) {
        size_t bl = strlen(*b);
        if (bl < n && strncmp(s, *b, bl) == 0 && s[bl] == ' ') {
            size_t k = bl;
            while (k < n && s[k] == ' ') k++;
            if (k == n) return 0;
            *kind = IMP_MK_SYMBOL;
            return k;
        }
    }
    size_t i = 0;
    int paren = 0;
    if (n > 0 && s[0] == '(') { paren = 1; i = 1; }
    size_t t = i;
    while (t < n && t - i < 4 && isalnum((unsigned char)s[t])) t++;
    size_t tk = t - i;
    if (tk == 0 || t >= n) return 0;
    char close = s[t];
    if (paren ? close != ')' : (close != ')' && close != '.')) return 0;
    if (t + 1 >= n || s[t + 1] != ' ') return 0;
    int digits = 1;
    for (size_t q = i; q < t; q++) if (!isdigit((unsigned char)s[q])) digits = 0;
    if (digits) {
        if (tk > 3) return 0;
        *kind = IMP_MK_NUMBER;
        *number = (uint16_t)atoi(s + i);
    } else if (tk == 1 && (islower((unsigned char)s[i]) || close == ')')) {
        *kind = IMP_MK_LETTER;
    } else if (is_roman(s + i, tk)) {
        *kind = IMP_MK_LETTER;
    } else {
        return 0;
    }
    size_t k = t + 1;
    while (k < n && s[k] == ' ') k++;
    if (k == n) return 0;
    return k;
}

static int split_lines(imp_doc_t *d)
{
    size_t cap = 0;
    const char *s = d->text;
    size_t i = 0;
    while (i < d->len) {
        size_t e = i;
        while (e < d->len && s[e] != '\n') e++;
        size_t a = i, b = e;
        while (a < b && s[a] == ' ') a++;
        while (b > a && s[b - 1] == ' ') b--;
        imp_line_t ln = {(uint32_t)i, (uint32_t)a, (uint32_t)(b - a),
                         (uint16_t)(a - i > 0xFFFF ? 0xFFFF : a - i), IMP_MK_NONE, 0};
        if (b > a) {
            size_t mk = read_marker(s + a, b - a, &ln.marker, &ln.number);
            ln.off = (uint32_t)(a + mk);
            ln.len = (uint32_t)(b - a - mk);
        }
        int blank = ln.len == 0;
        int prev_blank = d->nlines == 0 || d->lines[d->nlines - 1].len == 0;
        if (!(blank && prev_blank)) {
            if (d->nlines == cap) {
                size_t nc = cap ? cap * 2 : 256;
                imp_line_t *nl = realloc(d->lines, nc * sizeof *nl);
                if (!nl) return -1;
                d->lines = nl;
                cap = nc;
            }
            d->lines[d->nlines++] = ln;
        }
        i = e + 1;
    }
    return 0;
}

int imp_doc_load(imp_doc_t *d, const char *raw, size_t len)
{
    buf_t clean = BUF_INIT, text = BUF_INIT;
    clean.limit = TEXT_LIMIT;
    text.limit = TEXT_LIMIT;
    int rc = OV_EINTERNAL;

    if (len && sanitize(d, raw, len, &clean)) goto done;
    if (buf_putc(&clean, '\n')) goto done;
    if (looks_like_html(clean.data, clean.len)) {
        d->is_html = 1;
        if (html_to_text(d, clean.data, clean.len, &text)) goto done;
        buf_free(&clean);
        d->text = buf_detach(&text, &d->len);
    } else {
        d->text = buf_detach(&clean, &d->len);
    }
    if (!d->text || d->len > UINT32_MAX) goto done;
    if (split_lines(d)) goto done;
    rc = 0;
done:
    buf_free(&clean);
    buf_free(&text);
    if (rc) imp_doc_free(d);
    return rc;
}

void imp_doc_free(imp_doc_t *d)
{
    free(d->text);
    free(d->lines);
    free(d->html_title);
    memset(d, 0, sizeof *d);
}
