/*
 * import.c: import_extract and friends: reads the letter's header block
 * (title, dates, From/To/Cc), the body it is about, the phase decision and
 * its history, the PPOG meeting, the improvement plan and when the causes of
 * concern were closed; causes and recommendations are read by
 * import_cause.c. Whatever a letter of this kind should state but does not
 * becomes a warning: the result is a draft for a person to check.
 *
 * decided_by holds the decider as stated: "Sir Andy Cooke (HMCI)" when the
 * letter gives both the name and the Chief Inspector's title, "HMCI" when
 * only the title, the name alone otherwise.
 */
#define OV_IMPORT_INTERNAL
#include "docs/import.h"
#include "core/phase.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WARN_MAX 200
#define WARN_LEN 1024
#define HEADER_LINES 80     /* the From/To/Cc block sits near the top */

/* ---- internal helpers shared with import_cause.c ---- */

/* Length of s[0..n) without a trailing incomplete UTF-8 sequence. */
static size_t utf8_whole(const char *s, size_t n)
{
    size_t i = n, back = 0;
    while (i > 0 && back < 4 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) { i--; back++; }
    if (i == 0) return n;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    if (lead < 0x80) return n;
    return back == need ? n : i - 1;
}

#define SPAN_MAX 4096

void imp_span(imp_ctx_t *c, const char *field, int index, int sub, size_t start, size_t end)
{
    import_result_t *r = c->r;
    if (c->oom || start >= end || end > c->doc.len || r->nspans >= SPAN_MAX) return;
    import_span_t *v = realloc(r->spans, (r->nspans + 1) * sizeof *v);
    if (!v) {
        c->oom = 1;
        return;
    }
    r->spans = v;
    v[r->nspans++] = (import_span_t){field, index, sub, start, end};
}

void imp_warn(imp_ctx_t *c, const char *fmt, ...)
{
    import_strlist_t *w = &c->r->warnings;
    if (c->oom || w->n > WARN_MAX) return;
    char msg[WARN_LEN];
    if (w->n == WARN_MAX) {
        snprintf(msg, sizeof msg, "more than %d warnings; the rest were left out", WARN_MAX);
    } else {
        va_list ap;
        va_start(ap, fmt);
        int k = vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        if (k < 0) return;
        size_t len = strlen(msg);
        msg[utf8_whole(msg, len)] = '\0';
    }
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(w->items[i], msg) == 0) return;
    if (imp_strlist_add(w, msg, strlen(msg))) c->oom = 1;
}

char *imp_join_lines(imp_ctx_t *c, size_t from, size_t to)
{
    buf_t b = BUF_INIT;
    if (to > c->doc.nlines) to = c->doc.nlines;
    for (size_t i = from; i < to; i++) {
        const imp_line_t *ln = &c->doc.lines[i];
        if (ln->len == 0) continue;
        if (b.len) buf_putc(&b, ' ');
        buf_append(&b, c->doc.text + ln->off, ln->len);
    }
    if (b.failed) {
        buf_free(&b);
        return NULL;
    }
    char *s = imp_collapse(b.data ? b.data : "", b.len);
    buf_free(&b);
    return s;
}

size_t imp_line_at(const imp_doc_t *d, size_t off)
{
    if (d->nlines == 0) return 0;
    size_t lo = 0, hi = d->nlines;   /* last line with start <= off */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->lines[mid].start <= off) lo = mid;
        else hi = mid;
    }
    return lo;
}

/* ---- names ---- */

const char *import_kind_name(import_kind_t kind)
{
    switch (kind) {
    case IMPORT_KIND_RETURN_TO_SCAN: return "return_to_scan";
    case IMPORT_KIND_MOVE_TO_ENGAGE: return "move_to_engage";
    case IMPORT_KIND_REVISIT: return "revisit";
    case IMPORT_KIND_CAUSES_OF_CONCERN: return "causes_of_concern";
    default: return "unknown";
    }
}

/* The letters read are of the default framework (Scan and Engage): its
 * routine level and its enhanced level, by position, are the two phases a
 * letter names; their codes and names come from the framework's data. */
static const phase_def_t *imp_level(import_phase_t phase)
{
    const phase_model_t *m = phase_model_builtin();
    const phase_def_t *routine = phase_default(m);
    switch (phase) {
    case IMPORT_PHASE_SCAN: return routine;
    case IMPORT_PHASE_ENGAGE: return phase_at_level(m, routine->framework, 2);
    default: return NULL;
    }
}

const char *import_phase_name(import_phase_t phase)
{
    const phase_def_t *p = imp_level(phase);
    return p ? p->code : NULL;
}

/* 1 if the text names the enhanced level: by its name ("Engage") or in words. */
static int imp_names_enhanced(const char *s, size_t n)
{
    const char *name = imp_level(IMPORT_PHASE_ENGAGE)->name;
    return imp_ifind(s, n, name, strlen(name)) || imp_ifind(s, n, "enhanced", 8);
}

/* ---- small readers ---- */

static const char *ltext(const imp_ctx_t *c, size_t i) { return c->doc.text + c->doc.lines[i].off; }

/* Sets *field to a copy of s[0..n) collapsed; empty results stay NULL. */
static void set_str(imp_ctx_t *c, char **field, const char *s, size_t n)
{
    char *v = imp_collapse(s, n);
    if (!v) { c->oom = 1; return; }
    if (!v[0]) { free(v); return; }
    free(*field);
    *field = v;
}

/* Parses a date at s[0..n) into dst; returns 1 when a dated value was read. */
static int read_date(const char *s, size_t n, import_date_t dst)
{
    imp_date_t dt;
    if (!imp_date_scan(s, n, &dt) || !dt.y) return 0;
    imp_date_iso(&dt, dst);
    return dst[0] != '\0';
}

/* The date of pattern re's group; field (may be NULL) names its span. */
static int find_date(imp_ctx_t *c, int re, int group, import_date_t dst, const char *field)
{
    imp_m_t m;
    if (imp_re_find(re, c->doc.text, c->doc.len, 0, &m) != 1 || !IMP_M_HAS(&m, group)) return 0;
    if (!read_date(c->doc.text + m.so[group], IMP_M_LEN(&m, group), dst)) return 0;
    if (field) imp_span(c, field, -1, -1, m.so[group], m.eo[group]);
    return 1;
}

/* ---- title ---- */

static void read_title(imp_ctx_t *c)
{
    import_result_t *r = c->r;
    if (c->doc.html_title) {
        const char *t = c->doc.html_title;
        size_t n = strlen(t);
        static const char suffix[] = " - GOV.UK";
        if (n > sizeof suffix - 1 && strcmp(t + n - (sizeof suffix - 1), suffix) == 0) n -= sizeof suffix - 1;
        set_str(c, &r->title, t, n);
        if (r->title) return;
    }
    for (size_t i = 0; i < c->doc.nlines; i++) {
        const imp_line_t *ln = &c->doc.lines[i];
        if (ln->len == 0) continue;
        const char *s = ltext(c, i);
        char last = s[ln->len - 1];
        if (ln->marker == IMP_MK_NONE && ln->len <= 300 && last != '.' && last != ':' && last != ',' &&
            last != ';')
            set_str(c, &r->title, s, ln->len);
        break;
    }
    if (!r->title) imp_warn(c, "no title found");
}

/* ---- From / To / Cc ---- */

enum { LB_NONE, LB_FROM, LB_TO, LB_CC, LB_OTHER };

/* A label line ("From", "To:", "Cc", "Sent on", ...); *inl gets the offset of
 * text after "Label:" on the same line (0 when none). */
static int label_at(const imp_ctx_t *c, size_t i, size_t *inl)
{
    const imp_line_t *ln = &c->doc.lines[i];
    *inl = 0;
    if (ln->marker != IMP_MK_NONE || ln->len == 0) return LB_NONE;
    static const struct { const char *w; int kind; } labels[] = {
        {"from", LB_FROM}, {"to", LB_TO}, {"cc", LB_CC}, {"copy", LB_CC}, {"copied to", LB_CC},
        {"sent on", LB_OTHER}, {"sent", LB_OTHER}, {"published on", LB_OTHER}, {"published", LB_OTHER},
        {"date", LB_OTHER}, {"letter information", LB_OTHER},
    };
    const char *s = ltext(c, i);
    size_t n = ln->len;
    for (size_t k = 0; k < sizeof labels / sizeof labels[0]; k++) {
        size_t wl = strlen(labels[k].w);
        if (n < wl || strncasecmp(s, labels[k].w, wl) != 0) continue;
        if (n == wl || (n == wl + 1 && s[wl] == ':')) return labels[k].kind;
        if (s[wl] == ':' && labels[k].kind != LB_OTHER) {
            size_t a = wl + 1;
            while (a < n && s[a] == ' ') a++;
            if (a < n) { *inl = a; return labels[k].kind; }
        }
    }
    return LB_NONE;
}

#define BLOCK_LINE_MAX 150    /* longer lines are prose, not a name or title */
#define BLOCK_LINES_MAX 8      /* non-blank lines a block may gather across blank lines */

/* May line i continue a block past a blank line? Pages that set each header
 * line in its own <p> leave a blank line between a name and its titles; a
 * line continues the block only while it reads as one more header line:
 * short, starting with a capital, not ending a sentence or a clause, not a
 * label (nor "Published on: ..."), not "Dear ...", not a heading of the
 * body ("Cause of concern", "Recommendation 1", ...), not a date alone, not
 * the letter's title repeated, and within the header area. */
static int header_line_at(const imp_ctx_t *c, size_t i)
{
    if (i >= c->doc.nlines || i >= HEADER_LINES) return 0;
    const imp_line_t *ln = &c->doc.lines[i];
    if (ln->len == 0 || ln->len > BLOCK_LINE_MAX || ln->marker != IMP_MK_NONE) return 0;
    const char *s = ltext(c, i);
    size_t n = ln->len, in;
    unsigned char first = (unsigned char)s[0];
    if (first < 0x80 && !isupper(first)) return 0;
    if (strchr(".,;:!?", s[n - 1])) return 0;
    if (label_at(c, i, &in) != LB_NONE) return 0;
    /* a greeting, a dated label, or a heading of the letter's body */
    static const char *const stops[] = {
        "dear", "sent on:", "sent:", "published on:", "published:", "date:", "cause of concern",
        "causes of concern", "accelerated cause", "recommendation", "recommendations", "area for improvement",
        "areas for improvement", "conclusion", "background", "summary", "introduction", "next steps", "yours",
    };
    for (size_t k = 0; k < sizeof stops / sizeof stops[0]; k++) {
        size_t sl = strlen(stops[k]);
        if (n >= sl && strncasecmp(s, stops[k], sl) == 0 &&
            (n == sl || stops[k][sl - 1] == ':' || !imp_is_word_byte((unsigned char)s[sl])))
            return 0;
    }
    imp_date_t dt;
    if (imp_date_scan(s, n, &dt) == n) return 0;
    const char *const titles[] = {c->r->title, c->doc.html_title};
    for (size_t k = 0; k < 2; k++)
        if (titles[k] && strlen(titles[k]) == n && memcmp(titles[k], s, n) == 0) return 0;
    return 1;
}

/* The lines of a labelled block: first line index and end (exclusive), or
 * 0 when the label is not found. For "Label: text" the block is that line
 * alone and *inl is set. In plain text a blank line ends the block; in HTML
 * it continues across single blank lines while header_line_at holds, so
 * [first, end) may hold blank lines (readers skip them). */
static int find_block(const imp_ctx_t *c, int kind, size_t *first, size_t *end, size_t *inl)
{
    size_t lim = c->doc.nlines < HEADER_LINES ? c->doc.nlines : HEADER_LINES;
    for (size_t i = 0; i < lim; i++) {
        size_t in;
        if (label_at(c, i, &in) != kind) continue;
        if (in) {
            *first = i;
            *end = i + 1;
            *inl = in;
            return 1;
        }
        size_t j = i + 1;
        if (j < c->doc.nlines && c->doc.lines[j].len == 0) j++;
        size_t k = j;
        size_t dummy;
        while (k < c->doc.nlines && c->doc.lines[k].len > 0 && label_at(c, k, &dummy) == LB_NONE) k++;
        if (k == j) return 0;
        if (c->doc.is_html) {
            size_t lines = k - j;
            while (lines < BLOCK_LINES_MAX && k + 1 < c->doc.nlines && c->doc.lines[k].len == 0 &&
                   header_line_at(c, k + 1)) {
                k++;
                while (lines < BLOCK_LINES_MAX && header_line_at(c, k)) {
                    k++;
                    lines++;
                }
            }
        }
        *first = j;
        *end = k;
        *inl = 0;
        return 1;
    }
    return 0;
}

/* Joins the non-blank lines [a, b) with ", ". */
static char *join_comma(imp_ctx_t *c, size_t a, size_t b)
{
    buf_t out = BUF_INIT;
    for (size_t i = a; i < b; i++) {
        if (c->doc.lines[i].len == 0) continue;
        if (out.len) buf_puts(&out, ", ");
        buf_append(&out, ltext(c, i), c->doc.lines[i].len);
    }
    char *s = out.failed ? NULL : imp_collapse(out.data ? out.data : "", out.len);
    buf_free(&out);
    if (!s) c->oom = 1;
    else if (!s[0]) { free(s); s = NULL; }
    return s;
}

/* "Name, Title, Title": the length of the name (up to the first comma). */
static size_t name_len(const char *s, size_t n)
{
    const char *comma = memchr(s, ',', n);
    return comma ? (size_t)(comma - s) : n;
}

/* find_block, warning "WHAT not found" when there is none. */
static int find_party(imp_ctx_t *c, int kind, const char *what, size_t *a, size_t *b, size_t *in)
{
    if (find_block(c, kind, a, b, in)) return 1;
    imp_warn(c, "%s not found", what);
    return 0;
}

/* The inline form "Label: Name, Part, Part" on line a (its text from in):
 * the name (up to the first comma) into *name, then each non-empty part
 * after it, collapsed, handed to `part`, which takes it. */
static void read_inline(imp_ctx_t *c, size_t a, size_t in, char **name,
                        void (*part)(imp_ctx_t *c, char *t, void *arg), void *arg)
{
    const char *s = ltext(c, a) + in;
    size_t n = c->doc.lines[a].len - in, k = name_len(s, n);
    set_str(c, name, s, k);
    while (k < n && !c->oom) {
        size_t p = k + 1, e = p + name_len(s + p, n - p);
        char *t = imp_collapse(s + p, e - p);
        if (!t) c->oom = 1;
        else if (!t[0]) free(t);
        else part(c, t, arg);
        k = e;
    }
}

static void add_title(imp_ctx_t *c, char *t, void *titles)
{
    if (imp_strlist_take(titles, t)) c->oom = 1;
}

static void add_org(imp_ctx_t *c, char *t, void *org)
{
    buf_t *o = org;
    (void)c;
    buf_printf(o, "%s%s", o->len ? ", " : "", t);
    free(t);
}

static void read_from(imp_ctx_t *c)
{
    import_result_t *r = c->r;
    size_t a, b, in;
    if (!find_party(c, LB_FROM, "sender (From)", &a, &b, &in)) return;
    if (in) {
        /* "From: Name, Title, Title": one title per comma-separated part,
         * as the block form gives one per line */
        read_inline(c, a, in, &r->from.name, add_title, &r->from.titles);
        return;
    }
    set_str(c, &r->from.name, ltext(c, a), c->doc.lines[a].len);
    for (size_t i = a + 1; i < b && !c->oom; i++)
        if (c->doc.lines[i].len > 0 &&
            imp_strlist_take(&r->from.titles, imp_collapse(ltext(c, i), c->doc.lines[i].len)))
            c->oom = 1;
}

static void read_to(imp_ctx_t *c)
{
    import_result_t *r = c->r;
    size_t a, b, in;
    if (!find_party(c, LB_TO, "recipient (To)", &a, &b, &in)) return;
    if (in) {
        /* "To: Name, Title, Organisation": the parts after the name joined
         * with ", ", as the block form joins its lines after the name */
        buf_t org = BUF_INIT;
        read_inline(c, a, in, &r->to.name, add_org, &org);
        if (org.failed) c->oom = 1;
        else if (!c->oom && org.len) set_str(c, &r->to.organisation, org.data, org.len);
        buf_free(&org);
        return;
    }
    /* "Jason Thelwell, Chief Fire Officer" on the name's line: the name is
     * the part before the comma, the title goes with the organisation */
    const char *s = ltext(c, a);
    size_t n = c->doc.lines[a].len, k = name_len(s, n);
    set_str(c, &r->to.name, s, k);
    char *org = b > a + 1 ? join_comma(c, a + 1, b) : NULL;
    if (c->oom) return;
    if (k < n) {
        size_t e = n;
        while (e > k && (s[e - 1] == ',' || s[e - 1] == ' ')) e--;
        buf_t o = BUF_INIT;
        if (e > k + 1) buf_append(&o, s + k + 1, e - k - 1);
        if (org) buf_printf(&o, "%s%s", o.len ? ", " : "", org);
        free(org);
        org = NULL;
        if (o.failed) c->oom = 1;
        else if (o.len) set_str(c, &org, o.data, o.len);
        buf_free(&o);
    }
    r->to.organisation = org;
    if (!org) imp_warn(c, "recipient's organisation not found");
}

/* "copied to Sir Sadiq Khan": the capitalised words after s[0..n). */
static size_t cap_words(const char *s, size_t n, size_t max_words)
{
    size_t i = 0, end = 0, words = 0;
    while (i < n && words < max_words) {
        if (!isupper((unsigned char)s[i])) break;
        while (i < n && s[i] != ' ' && s[i] != ',' && s[i] != '.' && s[i] != ';' && s[i] != '\n') i++;
        end = i;
        words++;
        if (i < n && s[i] == ' ') i++;
        else break;
    }
    return end;
}

static void read_cc(imp_ctx_t *c)
{
    import_result_t *r = c->r;
    size_t a, b, in;
    if (find_block(c, LB_CC, &a, &b, &in)) {
        if (in) {
            set_str(c, &r->cc.name, ltext(c, a) + in, c->doc.lines[a].len - in);
        } else {
            set_str(c, &r->cc.name, ltext(c, a), c->doc.lines[a].len);
            if (b > a + 1) r->cc.role = join_comma(c, a + 1, b);
        }
    }
    imp_m_t m;
    if (imp_re_find(RE_COPIED, c->doc.text, c->doc.len, 0, &m) == 1) {
        /* "copied this letter to the Mayor of London, Sir Sadiq Khan" */
        if (!r->cc.name) set_str(c, &r->cc.name, c->doc.text + m.so[2], IMP_M_LEN(&m, 2));
        if (!r->cc.role) set_str(c, &r->cc.role, c->doc.text + m.so[1], IMP_M_LEN(&m, 1));
    }
    if (!r->cc.name) {
        const char *p = imp_ifind(c->doc.text, c->doc.len, "copied to ", 10);
        if (p) {
            size_t off = (size_t)(p - c->doc.text) + 10;
            size_t k = cap_words(c->doc.text + off, c->doc.len - off, 5);
            if (k) set_str(c, &r->cc.name, c->doc.text + off, k);
        }
    }
    if (!r->cc.name) imp_warn(c, "copy recipient (Cc) not found");
}

/* ---- the body ---- */

/* Caseless search for needle in h[start..n) where a space in needle matches
 * any run of spaces and line breaks; whole words only. Returns the offset or
 * (size_t)-1. */
static size_t find_name(const char *h, size_t n, size_t start, const char *needle)
{
    size_t nl = strlen(needle);
    if (nl == 0) return (size_t)-1;
    for (size_t i = start; i < n; i++) {
        if (tolower((unsigned char)h[i]) != tolower((unsigned char)needle[0])) continue;
        if (i > 0 && imp_is_word_byte((unsigned char)h[i - 1])) continue;
        size_t a = i, k = 0;
        while (k < nl && a < n) {
            if (needle[k] == ' ') {
                if (h[a] != ' ' && h[a] != '\n') break;
                while (a < n && (h[a] == ' ' || h[a] == '\n')) a++;
                k++;
            } else if (tolower((unsigned char)h[a]) == tolower((unsigned char)needle[k])) {
                a++;
                k++;
            } else {
                break;
            }
        }
        if (k == nl && (a >= n || !imp_is_word_byte((unsigned char)h[a]))) return i;
    }
    return (size_t)-1;
}

/* The end of find_name's match of needle at h[p..n). */
static size_t name_end(const char *h, size_t n, size_t p, const char *needle)
{
    for (const char *q = needle; *q && p < n; q++) {
        if (*q == ' ') {
            while (p < n && (h[p] == ' ' || h[p] == '\n')) p++;
        } else {
            p++;
        }
    }
    return p;
}

static void read_body(imp_ctx_t *c)
{
    import_result_t *r = c->r;
    const char *t = c->doc.text;
    size_t n = c->doc.len;
    long best = -1;
    size_t best_count = 0, best_first = (size_t)-1;
    int best_strong = 0;
    for (size_t b = 0; b < c->nbodies; b++) {
        const char *name = c->bodies[b].name;
        if (!name || !name[0] || !c->bodies[b].code) continue;
        int strong = (r->title && find_name(r->title, strlen(r->title), 0, name) != (size_t)-1) ||
                     (r->to.organisation && imp_ieq(r->to.organisation, strlen(r->to.organisation), name));
        size_t count = 0, first = (size_t)-1;
        for (size_t p = find_name(t, n, 0, name); p != (size_t)-1 && count < 100000;
             p = find_name(t, n, p + 1, name)) {
            if (!count) first = p;
            count++;
        }
        if (!count && !strong) continue;
        int better = best < 0 || strong > best_strong ||
                     (strong == best_strong && (count > best_count || (count == best_count && first < best_first)));
        if (better) {
            best = (long)b;
            best_count = count;
            best_first = first;
            best_strong = strong;
        }
    }
    if (best >= 0) {
        if (best_first != (size_t)-1)
            imp_span(c, "body", -1, -1, best_first, name_end(t, n, best_first, c->bodies[best].name));
        r->body.code = imp_strndup(c->bodies[best].code, strlen(c->bodies[best].code));
        r->body.name = imp_strndup(c->bodies[best].name, strlen(c->bodies[best].name));
        if (!r->body.code || !r->body.name) c->oom = 1;
        return;
    }
    imp_m_t m;
    const char *src = NULL;
    size_t sn = 0;
    if (r->title && imp_re_find(RE_BODY_CAND, r->title, strlen(r->title), 0, &m) == 1) {
        src = r->title;
        sn = strlen(r->title);
    } else if (imp_re_find(RE_BODY_CAND, t, n, 0, &m) == 1) {
        src = t;
        sn = n;
    }
    (void)sn;
    if (src) {
        if (src == t) imp_span(c, "body", -1, -1, m.so[1], m.eo[1]);
        set_str(c, &r->body.name, src + m.so[1], IMP_M_LEN(&m, 1));
        if (r->body.name) imp_warn(c, "body '%s' is not among the known bodies", r->body.name);
        return;
    }
    imp_warn(c, "no police force or fire and rescue service named");
}

/* ---- kind and decision ---- */

static import_kind_t kind_in(const char *s, size_t n)
{
    imp_m_t m;
    if (imp_re_find(RE_KIND_REVISIT, s, n, 0, &m) == 1) return IMPORT_KIND_REVISIT;
    int ret = imp_re_find(RE_KIND_RETURN, s, n, 0, &m) == 1;
    size_t rpos = ret ? m.so[0] : 0;
    int mov = imp_re_find(RE_KIND_MOVE, s, n, 0, &m) == 1;
    size_t mpos = mov ? m.so[0] : 0;
    if (ret && (!mov || rpos <= mpos)) return IMPORT_KIND_RETURN_TO_SCAN;
    if (mov) return IMPORT_KIND_MOVE_TO_ENGAGE;
    return IMPORT_KIND_UNKNOWN;
}

/* Is the Chief Inspector named in the same paragraph just before off? */
static int hmci_before(const imp_ctx_t *c, size_t off)
{
    size_t ls = c->doc.lines[imp_line_at(&c->doc, off)].start;
    size_t a = off > ls + 200 ? off - 200 : ls;
    const char *s = c->doc.text + a;
    size_t n = off - a;
    return imp_ifind(s, n, "Chief Inspector", 15) || imp_ifind(s, n, "HMCI", 4);
}

/* The decision's phases: dir -1 back to Scan, 1 into Engage (either sets
 * *from_decision), 0 kept where it is: Engage when the rest of the sentence
 * (rest, rl) says Engage or enhanced, else Scan. */
static void phases_move(import_result_t *r, int dir, const char *rest, size_t rl, import_kind_t *from_decision)
{
    if (dir) {
        r->decision.phase_from = dir > 0 ? IMPORT_PHASE_SCAN : IMPORT_PHASE_ENGAGE;
        r->decision.phase_to = dir > 0 ? IMPORT_PHASE_ENGAGE : IMPORT_PHASE_SCAN;
        *from_decision = dir > 0 ? IMPORT_KIND_MOVE_TO_ENGAGE : IMPORT_KIND_RETURN_TO_SCAN;
        return;
    }
    import_phase_t p = imp_names_enhanced(rest, rl) ? IMPORT_PHASE_ENGAGE : IMPORT_PHASE_SCAN;
    r->decision.phase_from = r->decision.phase_to = p;
}

/* Phases from a decision's verb ("return", "removed", "place", ...) and, for
 * keep/retain, the rest of the sentence. */
static void set_phases(imp_ctx_t *c, const char *verb, size_t vl, const char *rest, size_t rl,
                       import_kind_t *from_decision)
{
    import_result_t *r = c->r;
    r->decision.found = 1;
    int dir = 0;   /* keep, retain */
    if (vl >= 3 && (strncasecmp(verb, "ret", 3) == 0 || strncasecmp(verb, "rem", 3) == 0))
        dir = -1;
    else if (vl >= 3 && (strncasecmp(verb, "mov", 3) == 0 || strncasecmp(verb, "esc", 3) == 0 ||
                         strncasecmp(verb, "pla", 3) == 0))
        dir = 1;
    phases_move(r, dir, rest, rl, from_decision);
}

/* The letter's sender as decider ("I have decided", "my decision"):
 * "Name (HMCI)" when the sender signs as Chief Inspector. */
static void sender_decides(imp_ctx_t *c)
{
    import_result_t *r = c->r;
    int hmci = 0;
    for (size_t i = 0; i < r->from.titles.n; i++)
        if (strstr(r->from.titles.items[i], "Chief Inspector")) hmci = 1;
    buf_t b = BUF_INIT;
    if (r->from.name) buf_printf(&b, hmci ? "%s (HMCI)" : "%s", r->from.name);
    else buf_puts(&b, "the sender of the letter");
    r->decision.decided_by = buf_detach(&b, NULL);
    if (!r->decision.decided_by) c->oom = 1;
}

/* Decisions in the first person ("I have decided to return ...") or
 * reported ("my decision to place ...", "HMCI's decision to ...",
 * "has today been moved into Engage"). 1 if one was read. */
static int read_decision_other(imp_ctx_t *c, import_kind_t *from_decision)
{
    const char *t = c->doc.text;
    imp_m_t mi, mn;
    int fi = imp_re_find(RE_DECISION_I, t, c->doc.len, 0, &mi) == 1;
    int fn = imp_re_find(RE_DECISION_NOUN, t, c->doc.len, 0, &mn) == 1;
    if (fi && (!fn || mi.so[0] <= mn.so[0])) {
        imp_span(c, "decision", -1, -1, mi.so[0], mi.eo[0]);
        set_phases(c, t + mi.so[1], IMP_M_LEN(&mi, 1), t + mi.so[2], IMP_M_LEN(&mi, 2), from_decision);
        sender_decides(c);
        return 1;
    }
    if (!fn) return 0;
    imp_span(c, "decision", -1, -1, mn.so[0], mn.eo[0]);
    set_phases(c, t + mn.so[2], IMP_M_LEN(&mn, 2), t + mn.so[3], IMP_M_LEN(&mn, 3), from_decision);
    const char *who = t + mn.so[1];
    size_t wl = IMP_M_LEN(&mn, 1);
    if (imp_ieq(who, wl, "my")) {
        sender_decides(c);
    } else if (!imp_ieq(who, wl, "has")) {
        c->r->decision.decided_by = imp_strndup("HMCI", 4);
        if (!c->r->decision.decided_by) c->oom = 1;
    } else if (hmci_before(c, mn.so[0])) {
        c->r->decision.decided_by = imp_strndup("HMCI", 4);
        if (!c->r->decision.decided_by) c->oom = 1;
    }
    return 1;
}

static void read_decision(imp_ctx_t *c, import_kind_t *from_decision)
{
    import_result_t *r = c->r;
    const char *t = c->doc.text;
    imp_m_t m;
    *from_decision = IMPORT_KIND_UNKNOWN;
    if (imp_re_find(RE_DECISION, t, c->doc.len, 0, &m) == 1) {
        r->decision.found = 1;
        imp_span(c, "decision", -1, -1, m.so[0], m.eo[0]);
        const char *verb = t + m.so[4];
        size_t vl = IMP_M_LEN(&m, 4);
        const char *rest = IMP_M_HAS(&m, 5) ? t + m.so[5] : "";
        size_t rl = IMP_M_HAS(&m, 5) ? IMP_M_LEN(&m, 5) : 0;
        int dir = 0;   /* keep, retain */
        if (imp_ieq(verb, vl, "return") || imp_ieq(verb, vl, "remove")) dir = -1;
        else if (imp_ieq(verb, vl, "move") || imp_ieq(verb, vl, "escalate") || imp_ieq(verb, vl, "place")) dir = 1;
        phases_move(r, dir, rest, rl, from_decision);
        if (IMP_M_HAS(&m, 1) || IMP_M_HAS(&m, 3)) {
            int g = IMP_M_HAS(&m, 1) ? 1 : 3;
            imp_span(c, "decided_by", -1, -1, m.so[g], m.eo[g]);
            char *name = imp_collapse(t + m.so[g], IMP_M_LEN(&m, g));
            if (!name) { c->oom = 1; return; }
            if (hmci_before(c, m.so[0])) {
                buf_t b = BUF_INIT;
                buf_printf(&b, "%s (HMCI)", name);
                free(name);
                name = buf_detach(&b, NULL);
                if (!name) { c->oom = 1; return; }
            }
            r->decision.decided_by = name;
        } else {
            r->decision.decided_by = imp_strndup("HMCI", 4);
            if (!r->decision.decided_by) c->oom = 1;
        }
    } else if (read_decision_other(c, from_decision)) {
        if (c->oom) return;
    } else if (imp_re_find(RE_IMMEDIATE, t, c->doc.len, 0, &m) == 1) {
        /* "has returned to Scan ... with immediate effect": a decision, decider unstated */
        size_t ln = imp_line_at(&c->doc, m.so[0]);
        const imp_line_t *l = &c->doc.lines[ln];
        import_kind_t k = kind_in(t + l->off, l->len);
        if (k == IMPORT_KIND_RETURN_TO_SCAN || k == IMPORT_KIND_MOVE_TO_ENGAGE) {
            r->decision.found = 1;
            imp_span(c, "decision", -1, -1, l->off, l->off + l->len);
            int back = k == IMPORT_KIND_RETURN_TO_SCAN;
            r->decision.phase_from = back ? IMPORT_PHASE_ENGAGE : IMPORT_PHASE_SCAN;
            r->decision.phase_to = back ? IMPORT_PHASE_SCAN : IMPORT_PHASE_ENGAGE;
            *from_decision = k;
        }
    }
    if (!r->decision.found) {
        imp_warn(c, "no phase decision found");
        return;
    }
    if (!r->decision.decided_by) imp_warn(c, "who took the decision is not stated");

    if (find_date(c, RE_EFFECT_FROM, 1, r->decision.effective_on, "effective_on")) return;
    if (imp_re_find(RE_IMMEDIATE, t, c->doc.len, 0, &m) == 1) {
        if (r->sent_on[0]) memcpy(r->decision.effective_on, r->sent_on, IMPORT_DATE_MAX);
        else if (r->published_on[0]) memcpy(r->decision.effective_on, r->published_on, IMPORT_DATE_MAX);
        else imp_warn(c, "the decision takes immediate effect but the letter's date was not found");
        return;
    }
    imp_warn(c, "the date the decision takes effect is not stated");
}

/* ---- dates: PPOG, history, causes closed ---- */

static int date_cmp(const imp_date_t *a, const imp_date_t *b)
{
    if (a->y != b->y) return a->y < b->y ? -1 : 1;
    if (a->m != b->m) return a->m < b->m ? -1 : 1;
    return a->d < b->d ? -1 : a->d > b->d;
}

static int iso_to_date(const import_date_t s, imp_date_t *dt)
{
    return s[0] && imp_date_scan(s, strlen(s), dt) && dt->y;
}

/* "... the PPOG, which will be held on 22 January 2025": a meeting the force
 * is invited to, kept apart from the one held. */
static void read_ppog_next(imp_ctx_t *c)
{
    imp_m_t m;
    if (imp_re_find(RE_PPOG_NEXT, c->doc.text, c->doc.len, 0, &m) != 1) return;
    imp_date_t dt;
    if (!imp_date_scan(c->doc.text + m.so[1], IMP_M_LEN(&m, 1), &dt)) return;
    if (!dt.y) {
        /* no year: the first such date on or after the letter */
        imp_date_t ref;
        if (!iso_to_date(c->r->sent_on, &ref) && !iso_to_date(c->r->published_on, &ref)) return;
        dt.y = ref.y;
        if (date_cmp(&dt, &ref) < 0) dt.y++;
        if (dt.d > imp_days_in_month(dt.y, dt.m)) return;
    }
    imp_date_iso(&dt, c->r->ppog_next_meeting);
    imp_span(c, "ppog_next_meeting", -1, -1, m.so[1], m.eo[1]);
}

static void read_ppog(imp_ctx_t *c)
{
    import_result_t *r = c->r;
    imp_m_t m;
    read_ppog_next(c);
    if (imp_re_find(RE_PPOG, c->doc.text, c->doc.len, 0, &m) != 1) {
        if (r->ppog_next_meeting[0]) return;
        if (imp_ifind(c->doc.text, c->doc.len, "Policing Performance Oversight Group", 36) ||
            imp_ifind(c->doc.text, c->doc.len, "PPOG", 4))
            imp_warn(c, "the Policing Performance Oversight Group is mentioned but its meeting date was not found");
        else if (r->decision.found && !(r->body.name && strstr(r->body.name, "Fire")))
            /* the PPOG oversees police forces; fire and rescue services are not presented to it */
            imp_warn(c, "no Policing Performance Oversight Group meeting found");
        return;
    }
    imp_date_t dt;
    const char *s = c->doc.text + m.so[1];
    size_t n = IMP_M_LEN(&m, 1);
    if (!imp_date_scan(s, n, &dt)) {
        imp_warn(c, "PPOG meeting date '%.*s' could not be read", (int)n, s);
        return;
    }
    if (!dt.y) {
        /* "Wednesday 22 January": the latest such date on or before the letter */
        imp_date_t ref;
        if (!iso_to_date(r->sent_on, &ref) && !iso_to_date(r->published_on, &ref)) {
            imp_warn(c, "PPOG meeting date '%.*s' has no year and the letter is undated", (int)n, s);
            return;
        }
        dt.y = ref.y;
        if (ref.d && date_cmp(&dt, &ref) > 0) dt.y--;
        else if (!ref.d && dt.m > ref.m) dt.y--;
        if (dt.d > imp_days_in_month(dt.y, dt.m)) {
            imp_warn(c, "PPOG meeting date '%.*s' is not a valid date in %d", (int)n, s, dt.y);
            return;
        }
    }
    if (dt.wday >= 0 && dt.d && imp_weekday(dt.y, dt.m, dt.d) != dt.wday)
        imp_warn(c, "PPOG meeting date '%.*s': the weekday does not match the date", (int)n, s);
    import_date_t iso;
    imp_date_iso(&dt, iso);
    /* a dated meeting after the letter is one to be held, not one held */
    imp_date_t ref;
    if ((iso_to_date(r->sent_on, &ref) || iso_to_date(r->published_on, &ref)) && ref.d && dt.d &&
        date_cmp(&dt, &ref) > 0) {
        if (!r->ppog_next_meeting[0]) {
            memcpy(r->ppog_next_meeting, iso, IMPORT_DATE_MAX);
            imp_span(c, "ppog_next_meeting", -1, -1, m.so[1], m.eo[1]);
        }
        return;
    }
    if (strcmp(iso, r->ppog_next_meeting) == 0) return;
    memcpy(r->ppog_meeting, iso, IMPORT_DATE_MAX);
    imp_span(c, "ppog_meeting", -1, -1, m.so[1], m.eo[1]);
}

static import_phase_t phase_word(const char *s, size_t n)
{
    const char *name = imp_level(IMPORT_PHASE_ENGAGE)->name;
    if (imp_ieq(s, n, "enhanced") || imp_ieq(s, n, name)) return IMPORT_PHASE_ENGAGE;
    return IMPORT_PHASE_SCAN;
}

static void add_history(imp_ctx_t *c, import_phase_t ph, const char *ds, size_t dn)
{
    import_result_t *r = c->r;
    import_date_t on;
    if (!read_date(ds, dn, on)) return;
    for (size_t i = 0; i < r->nhistory; i++)
        if (r->history[i].phase == ph && strcmp(r->history[i].on, on) == 0) return;
    if (r->nhistory >= 1000) return;
    import_phase_event_t *v = realloc(r->history, (r->nhistory + 1) * sizeof *v);
    if (!v) { c->oom = 1; return; }
    r->history = v;
    /* keep it in date order (ISO text sorts by date) */
    size_t k = r->nhistory;
    while (k > 0 && strcmp(v[k - 1].on, on) > 0) {
        v[k] = v[k - 1];
        k--;
    }
    v[k].phase = ph;
    memcpy(v[k].on, on, IMPORT_DATE_MAX);
    r->nhistory++;
}

/* Direction from verb and preposition: "moved into X" enters X; "removed
 * from X" / "returned out of X" leaves it. */
static import_phase_t entered(const char *verb, size_t vl, const char *prep, size_t pl, import_phase_t named)
{
    int leaves = imp_ieq(prep, pl, "from") || imp_ieq(prep, pl, "out of") ||
                 (imp_ieq(verb, vl, "removed") && !imp_ieq(prep, pl, "to"));
    if (!leaves) return named;
    return named == IMPORT_PHASE_ENGAGE ? IMPORT_PHASE_SCAN : IMPORT_PHASE_ENGAGE;
}

static void read_history(imp_ctx_t *c)
{
    const char *t = c->doc.text;
    size_t n = c->doc.len;
    imp_m_t m;
    for (size_t p = 0; p < n && !c->oom && imp_re_find(RE_HISTORY_ON, t, n, p, &m) == 1; p = m.eo[0]) {
        import_phase_t named = phase_word(t + m.so[5], IMP_M_LEN(&m, 5));
        import_phase_t ph = entered(t + m.so[2], IMP_M_LEN(&m, 2), t + m.so[4], IMP_M_LEN(&m, 4), named);
        add_history(c, ph, t + m.so[1], IMP_M_LEN(&m, 1));
    }
    for (size_t p = 0; p < n && !c->oom && imp_re_find(RE_HISTORY_WAS, t, n, p, &m) == 1; p = m.eo[0]) {
        import_phase_t named = phase_word(t + m.so[3], IMP_M_LEN(&m, 3));
        import_phase_t ph = entered(t + m.so[1], IMP_M_LEN(&m, 1), t + m.so[2], IMP_M_LEN(&m, 2), named);
        add_history(c, ph, t + m.so[4], IMP_M_LEN(&m, 4));
    }
}

static void read_closed(imp_ctx_t *c)
{
    import_result_t *r = c->r;
    if (find_date(c, RE_CLOSED_A, 1, r->causes_closed_on, NULL)) return;
    if (find_date(c, RE_CLOSED_B, 1, r->causes_closed_on, NULL)) return;
    if (r->ncauses > 0 && r->kind == IMPORT_KIND_RETURN_TO_SCAN)
        imp_warn(c, "the date the causes of concern were closed is not stated");
}

/* ---- the plan ---- */

static int number_word(const char *s, size_t n)
{
    static const char *const w[] = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"};
    for (int i = 0; i < 10; i++)
        if (imp_ieq(s, n, w[i])) return i + 1;
    if (n > 0 && n <= 2 && isdigit((unsigned char)s[0])) return atoi(s);
    return 0;
}

static void read_plan(imp_ctx_t *c)
{
    import_result_t *r = c->r;
    const char *t = c->doc.text;
    size_t n = c->doc.len;
    imp_m_t m;
    static const struct { int re, name_g, date_g; } dated[] = {
        {RE_PLAN_A, 2, 1}, {RE_PLAN_B, 1, 2}, {RE_PLAN_C, 1, 2},
    };
    size_t best = (size_t)-1;
    for (size_t k = 0; k < sizeof dated / sizeof dated[0]; k++) {
        imp_m_t mm;
        if (imp_re_find(dated[k].re, t, n, 0, &mm) != 1 || mm.so[0] >= best) continue;
        import_date_t d;
        if (!read_date(t + mm.so[dated[k].date_g], IMP_M_LEN(&mm, dated[k].date_g), d)) continue;
        best = mm.so[0];
        set_str(c, &r->plan.name, t + mm.so[dated[k].name_g], IMP_M_LEN(&mm, dated[k].name_g));
        memcpy(r->plan.agreed_on, d, IMPORT_DATE_MAX);
    }
    if (!r->plan.name && imp_re_find(RE_PLAN_NAME, t, n, 0, &m) == 1)
        set_str(c, &r->plan.name, t + m.so[1], IMP_M_LEN(&m, 1));
    if (!r->plan.name && imp_re_find(RE_PLAN_ANY, t, n, 0, &m) == 1)
        set_str(c, &r->plan.name, t + m.so[1], IMP_M_LEN(&m, 1));
    if (imp_re_find(RE_PLAN_LINKED, t, n, 0, &m) == 1)
        set_str(c, &r->plan.linked_plan, t + m.so[1], IMP_M_LEN(&m, 1));

    if (imp_re_find(RE_PILLARS, t, n, 0, &m) == 1) {
        int stated = number_word(t + m.so[1], IMP_M_LEN(&m, 1));
        size_t i = imp_line_at(&c->doc, m.eo[0]) + 1;
        imp_collect_items(c, &i, &r->plan.pillars, 0, NULL);
        if (r->plan.pillars.n == 0)
            imp_warn(c, "the plan's pillars are announced but not listed");
        else if (stated && (size_t)stated != r->plan.pillars.n)
            imp_warn(c, "the letter says the plan has %.*s pillars but %zu were found", (int)IMP_M_LEN(&m, 1),
                     t + m.so[1], r->plan.pillars.n);
    }
    if (!r->plan.name) {
        if (r->plan.linked_plan || r->plan.pillars.n)
            imp_warn(c, "a plan is described but its name was not found");
        return;
    }
    if (!r->plan.agreed_on[0]) imp_warn(c, "the date the %s was agreed is not stated", r->plan.name);
}

/* ---- consistency and truncation ---- */

static void check_cause_count(imp_ctx_t *c)
{
    imp_m_t m;
    const char *t = c->doc.text;
    if (imp_re_find(RE_CAUSE_COUNT, t, c->doc.len, 0, &m) != 1) return;
    int stated = number_word(t + m.so[1], IMP_M_LEN(&m, 1));
    if (stated <= 0) return;
    c->r->causes_stated = stated;
    imp_span(c, "causes_stated", -1, -1, m.so[0], m.eo[0]);
    if ((size_t)stated != c->r->ncauses)
        imp_warn(c, "the letter says %.*s causes of concern but %zu were found", (int)IMP_M_LEN(&m, 1), t + m.so[1],
                 c->r->ncauses);
}

/* A line ending in ':' followed by an ordinary paragraph: the list it
 * announces is missing (lost when the page was copied, or cut). */
static void check_missing_lists(imp_ctx_t *c)
{
    const imp_doc_t *d = &c->doc;
    for (size_t i = 0; i < d->nlines && !c->oom; i++) {
        const imp_line_t *ln = &d->lines[i];
        if (ln->len < 20 || ln->marker != IMP_MK_NONE || ltext(c, i)[ln->len - 1] != ':') continue;
        size_t j = i + 1;
        while (j < d->nlines && d->lines[j].len == 0) j++;
        if (j >= d->nlines) continue;   /* counted as truncation */
        const imp_line_t *nx = &d->lines[j];
        const char *s = ltext(c, j);
        char last = s[nx->len - 1];
        int heading = nx->len < 80 && last != '.' && last != ';' && last != ',';
        if (nx->marker != IMP_MK_NONE || heading || !isupper((unsigned char)s[0])) continue;
        imp_warn(c, "a list seems to be missing after '%.*s'", (int)(ln->len > 120 ? 120 : ln->len), ltext(c, i));
    }
}

static void check_truncation(imp_ctx_t *c)
{
    const imp_doc_t *d = &c->doc;
    if (d->nul_bytes) imp_warn(c, "%zu NUL byte(s) removed from the input", d->nul_bytes);
    if (d->bad_utf8) imp_warn(c, "%zu invalid UTF-8 byte(s) replaced", d->bad_utf8);
    if (d->controls) imp_warn(c, "%zu control character(s) removed", d->controls);
    if (d->unclosed_html) imp_warn(c, "the HTML page is not closed: it may be cut short");
    size_t i = d->nlines;
    while (i > 0 && d->lines[i - 1].len == 0) i--;
    if (i > 0) {
        const imp_line_t *ln = &d->lines[i - 1];
        const char *s = ltext(c, i - 1);
        unsigned char last = (unsigned char)s[ln->len - 1];
        static const char *const closers[] = {"\xE2\x80\x9D", "\xE2\x80\x99", "\xC2\xBB", "\xE2\x80\xA6", NULL};
        int closed = 0;
        for (const char *const *q = closers; *q; q++) {
            size_t ql = strlen(*q);
            if (ln->len >= ql && memcmp(s + ln->len - ql, *q, ql) == 0) closed = 1;
        }
        if (ln->len > 80 && !closed && (isalnum(last) || last == ',' || last == ';' || last >= 0x80))
            c->truncated = 1;
        if (ln->len > 0 && last == ':') c->truncated = 1;
    }
    if (d->cut || c->truncated)
        imp_warn(c, "the text seems to end early (cut short?): anything after the cut is missing");
}

/* ---- the whole ---- */

void import_result_free(import_result_t *r)
{
    if (!r) return;
    free(r->title);
    free(r->from.name);
    imp_strlist_free(&r->from.titles);
    free(r->to.name);
    free(r->to.organisation);
    free(r->cc.name);
    free(r->cc.role);
    free(r->body.code);
    free(r->body.name);
    free(r->decision.decided_by);
    free(r->history);
    for (size_t i = 0; i < r->ncauses; i++) {
        import_cause_t *cc = &r->causes[i];
        free(cc->text);
        for (size_t k = 0; k < cc->nrecs; k++) {
            import_recommendation_t *rec = &cc->recs[k];
            free(rec->deadline_note);
            free(rec->addressee);
            free(rec->text);
            imp_strlist_free(&rec->requirements);
        }
        free(cc->recs);
    }
    free(r->causes);
    free(r->plan.name);
    free(r->plan.linked_plan);
    imp_strlist_free(&r->plan.pillars);
    imp_strlist_free(&r->warnings);
    free(r->text);
    free(r->spans);
    free(r);
}

static void extract(imp_ctx_t *c)
{
    import_result_t *r = c->r;
    if (c->doc.nlines == 0 || (c->doc.nlines == 1 && c->doc.lines[0].len == 0)) {
        imp_warn(c, "the document is empty");
        return;
    }
    read_title(c);
    if (c->oom) return;
    if (!find_date(c, RE_PUBLISHED, 1, r->published_on, "published_on")) imp_warn(c, "publication date not found");
    if (!find_date(c, RE_SENT, 1, r->sent_on, "sent_on")) imp_warn(c, "date the letter was sent not found");
    read_from(c);
    read_to(c);
    read_cc(c);
    if (c->oom) return;
    read_body(c);
    import_kind_t by_decision;
    read_decision(c, &by_decision);
    if (c->oom) return;
    /* A letter's kind is what it does: the decision it carries, whatever its
     * title ("... causes of concern revisit letter" that returns a force to
     * Scan is a return to Scan). Without a decision, the title; a title
     * naming only causes of concern is a causes of concern publication. */
    import_kind_t by_title = r->title ? kind_in(r->title, strlen(r->title)) : IMPORT_KIND_UNKNOWN;
    imp_m_t tm;
    if (by_title == IMPORT_KIND_UNKNOWN && r->title &&
        imp_re_find(RE_KIND_CAUSES, r->title, strlen(r->title), 0, &tm) == 1)
        by_title = IMPORT_KIND_CAUSES_OF_CONCERN;
    if (by_decision != IMPORT_KIND_UNKNOWN) r->kind = by_decision;
    else if (by_title != IMPORT_KIND_UNKNOWN) r->kind = by_title;
    else r->kind = kind_in(c->doc.text, c->doc.len);
    if (by_title != IMPORT_KIND_UNKNOWN && by_decision != IMPORT_KIND_UNKNOWN && by_title != by_decision &&
        by_title != IMPORT_KIND_REVISIT)
        imp_warn(c, "the title reads as %s but the decision as %s", import_kind_name(by_title),
                 import_kind_name(by_decision));
    if (by_decision == IMPORT_KIND_UNKNOWN &&
        (by_title == IMPORT_KIND_RETURN_TO_SCAN || by_title == IMPORT_KIND_MOVE_TO_ENGAGE))
        imp_warn(c, "the title reads as %s but no decision was found in the text", import_kind_name(by_title));
    if (r->kind == IMPORT_KIND_UNKNOWN) imp_warn(c, "the kind of document (return to Scan, move to Engage, revisit) is unclear");
    read_ppog(c);
    read_history(c);
    if (c->oom) return;
    imp_parse_causes(c);
    if (c->oom) return;
    check_cause_count(c);
    read_closed(c);
    read_plan(c);
    check_missing_lists(c);
    check_truncation(c);
}

int import_extract(const char *text, size_t len, const import_body_ref_t *bodies, size_t nbodies,
                   import_result_t **out, ov_error_t *err)
{
    if (!out) return ov_error_set(err, OV_EINVALID, "out", "no place for the result");
    *out = NULL;
    if (!text && len > 0) return ov_error_set(err, OV_EINVALID, "text", "no text given");
    if (!bodies && nbodies > 0) return ov_error_set(err, OV_EINVALID, "bodies", "no body list given");
    if (len > IMPORT_MAX_INPUT)
        return ov_error_set(err, OV_ETOOBIG, "text", "the document is %zu bytes; the limit is %zu", len,
                            IMPORT_MAX_INPUT);
    if (imp_re_init() != 0) return ov_error_set(err, OV_EINTERNAL, "", "the importer's patterns failed to compile");

    imp_ctx_t c;
    memset(&c, 0, sizeof c);
    c.bodies = bodies;
    c.nbodies = nbodies;
    c.r = calloc(1, sizeof *c.r);
    if (!c.r) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    if (imp_doc_load(&c.doc, text ? text : "", len) != 0) {
        import_result_free(c.r);
        return ov_error_set(err, OV_EINTERNAL, "", "out of memory reading the document");
    }
    extract(&c);
    /* the text the spans point into goes with the result */
    c.r->text = c.doc.text;
    c.r->text_len = c.doc.len;
    c.doc.text = NULL;
    imp_doc_free(&c.doc);
    if (c.oom) {
        import_result_free(c.r);
        return ov_error_set(err, OV_EINTERNAL, "", "out of memory reading the document");
    }
    *out = c.r;
    return 0;
}
