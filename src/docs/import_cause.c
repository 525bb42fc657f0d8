/*
 * import_cause.c: finds causes of concern and their recommendations in a
 * normalized letter. Letters set them out as headings ("Cause of concern",
 * "Recommendation 1"), a lead-in sentence ("By 31 December 2023, the force
 * should make sure that:") and bullets, or as a numbered list of
 * recommendations with lettered requirements; both are read here, line by
 * line, so a letter cut short still yields what came before the cut.
 */
#define OV_IMPORT_INTERNAL
#include "docs/import.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CAUSES 1000
#define MAX_RECS 1000

enum { H_NONE, H_CAUSE, H_RECS, H_REC_N };

typedef struct heading {
    int kind;
    int number;         /* H_REC_N: the number; H_CAUSE: its number or 0 */
    int accelerated;    /* H_CAUSE: IMPORT_YES for "Accelerated cause of concern" */
    size_t inl_off, inl_len;   /* text after "Recommendation 1:" on the same line */
} heading_t;

static const char *line_s(const imp_ctx_t *c, size_t i) { return c->doc.text + c->doc.lines[i].off; }
static size_t line_n(const imp_ctx_t *c, size_t i) { return c->doc.lines[i].len; }

/* If s[*k..n) starts with word w (caseless, whole word), advances *k. */
static int eat_word(const char *s, size_t n, size_t *k, const char *w)
{
    size_t wl = strlen(w);
    if (*k + wl > n || strncasecmp(s + *k, w, wl) != 0) return 0;
    if (*k + wl < n && imp_is_word_byte((unsigned char)s[*k + wl])) return 0;
    *k += wl;
    while (*k < n && s[*k] == ' ') (*k)++;
    return 1;
}

/* After a heading's words: end of line, or a separator and inline text. */
static int heading_tail(const char *s, size_t n, size_t k, heading_t *h)
{
    if (k >= n) return 1;
    size_t sep = 0;
    if (s[k] == ':' || s[k] == '.' || s[k] == '-') sep = 1;
    else if (k + 3 <= n && (strncmp(s + k, "\xE2\x80\x93", 3) == 0 || strncmp(s + k, "\xE2\x80\x94", 3) == 0)) sep = 3;
    if (!sep) return 0;
    k += sep;
    while (k < n && s[k] == ' ') k++;
    h->inl_off = k;
    h->inl_len = n - k;
    return 1;
}

static heading_t heading_at(const imp_ctx_t *c, size_t i)
{
    heading_t h = {H_NONE, 0, IMPORT_UNSTATED, 0, 0};
    const imp_line_t *ln = &c->doc.lines[i];
    if (ln->marker != IMP_MK_NONE || ln->len == 0 || ln->len > 400) return h;
    const char *s = line_s(c, i);
    size_t n = line_n(c, i), k = 0;
    heading_t t = h;

    if (eat_word(s, n, &k, "accelerated")) t.accelerated = IMPORT_YES;
    if (eat_word(s, n, &k, "cause") && eat_word(s, n, &k, "of") && eat_word(s, n, &k, "concern")) {
        if (k < n && isdigit((unsigned char)s[k])) {
            t.number = atoi(s + k);
            while (k < n && isdigit((unsigned char)s[k])) k++;
            while (k < n && s[k] == ' ') k++;
        }
        if (heading_tail(s, n, k, &t)) {
            t.kind = H_CAUSE;
            return t;
        }
        return h;
    }
    k = 0;
    t = h;
    if (eat_word(s, n, &k, "recommendations") || eat_word(s, n, &k, "recommendation")) {
        if (k >= n || (k + 1 == n && s[k] == ':')) {
            t.kind = H_RECS;
            return t;
        }
        if (isdigit((unsigned char)s[k])) {
            size_t d = k;
            while (k < n && isdigit((unsigned char)s[k]) && k - d < 4) k++;
            if (k < n && isdigit((unsigned char)s[k])) return h;
            t.number = atoi(s + d);
            while (k < n && s[k] == ' ') k++;
            if (heading_tail(s, n, k, &t)) {
                t.kind = H_REC_N;
                return t;
            }
        }
    }
    return h;
}

static int starts_deadline(const char *s, size_t n)
{
    static const char *const w[] = {"By ", "Within ", "Before ", "No later than ", NULL};
    for (const char *const *p = w; *p; p++)
        if (n >= strlen(*p) && strncasecmp(s, *p, strlen(*p)) == 0) return 1;
    return 0;
}

static int has_should(const char *s, size_t n)
{
    return imp_ifind(s, n, " should ", 8) || imp_ifind(s, n, " should:", 8) ||
           imp_ifind(s, n, " must ", 6);
}

/* A numbered item that opens a recommendation rather than a requirement. */
static int rec_item(const imp_ctx_t *c, size_t j)
{
    const imp_line_t *ln = &c->doc.lines[j];
    if (ln->marker != IMP_MK_NUMBER || ln->len == 0) return 0;
    const char *s = line_s(c, j);
    size_t n = line_n(c, j);
    return has_should(s, n) && (starts_deadline(s, n) || s[n - 1] == ':');
}

/* End of the paragraph of plain lines starting at i. */
static size_t para_end(const imp_ctx_t *c, size_t i)
{
    size_t n = c->doc.nlines;
    size_t j = i;
    while (j < n && c->doc.lines[j].len > 0 && c->doc.lines[j].marker == IMP_MK_NONE &&
           (j == i || heading_at(c, j).kind == H_NONE))
        j++;
    return j;
}

static size_t skip_blank(const imp_ctx_t *c, size_t i)
{
    while (i < c->doc.nlines && c->doc.lines[i].len == 0) i++;
    return i;
}

/* The plain paragraph (no list marker, no heading) that starts at the first
 * line from `from` on that is not blank, joined, with *end set past it; NULL
 * with *end kept when there is none (or, with c->oom set, no memory). */
static char *plain_paragraph(imp_ctx_t *c, size_t from, size_t *end)
{
    size_t p = skip_blank(c, from);
    if (p >= c->doc.nlines || c->doc.lines[p].marker != IMP_MK_NONE || heading_at(c, p).kind != H_NONE) return NULL;
    *end = para_end(c, p);
    char *t = imp_join_lines(c, p, *end);
    if (!t) c->oom = 1;
    return t;
}

static int ends_open(const char *s, size_t n)
{
    while (n > 0 && s[n - 1] == ' ') n--;
    if (n == 0) return 0;
    if (s[n - 1] == ';' || s[n - 1] == ',') return 1;
    return (n >= 4 && strncasecmp(s + n - 4, " and", 4) == 0) ||
           (n >= 3 && strncasecmp(s + n - 3, " or", 3) == 0);
}

/* Ends as a sentence or a quotation does. */
static int ends_closed(const char *s, size_t n)
{
    while (n > 0 && s[n - 1] == ' ') n--;
    if (n == 0) return 0;
    if (strchr(".!?)]\"'", s[n - 1])) return 1;
    static const char *const closers[] = {"\xE2\x80\x9D", "\xE2\x80\x99", "\xE2\x80\xA6", NULL};
    for (const char *const *q = closers; *q; q++) {
        size_t ql = strlen(*q);
        if (n >= ql && memcmp(s + n - ql, *q, ql) == 0) return 1;
    }
    return 0;
}

size_t imp_collect_items(imp_ctx_t *c, size_t *i, import_strlist_t *l, int stop_numbered_rec,
                         int *last_open)
{
    size_t n = c->doc.nlines, added = 0;
    if (last_open) *last_open = 0;
    while (!c->oom) {
        size_t j = skip_blank(c, *i);
        if (j >= n || c->doc.lines[j].marker == IMP_MK_NONE) break;
        if (stop_numbered_rec && rec_item(c, j)) break;
        size_t k = j + 1;
        while (k < n && c->doc.lines[k].len > 0 && c->doc.lines[k].marker == IMP_MK_NONE &&
               c->doc.lines[k].indent > c->doc.lines[j].indent && heading_at(c, k).kind == H_NONE)
            k++;
        char *raw = imp_join_lines(c, j, k);
        if (!raw) { c->oom = 1; break; }
        if (last_open) {
            /* after an item ending "...;" the list goes on, so an item that
             * then stops without closing punctuation was cut short too */
            int prev_open = added > 0 && *last_open;
            *last_open = ends_open(raw, strlen(raw)) || (prev_open && !ends_closed(raw, strlen(raw)));
        }
        char *item = imp_trim_item(raw, strlen(raw));
        free(raw);
        if (!item) { c->oom = 1; break; }
        if (item[0]) {
            if (imp_strlist_take(l, item)) { c->oom = 1; break; }
            added++;
        } else {
            free(item);
        }
        *i = k;
    }
    return added;
}

static import_cause_t *new_cause(imp_ctx_t *c)
{
    import_result_t *r = c->r;
    if (r->ncauses >= MAX_CAUSES) {
        imp_warn(c, "more than %d causes of concern; the rest were skipped", MAX_CAUSES);
        return NULL;
    }
    import_cause_t *v = realloc(r->causes, (r->ncauses + 1) * sizeof *v);
    if (!v) { c->oom = 1; return NULL; }
    r->causes = v;
    import_cause_t *cc = &v[r->ncauses++];
    memset(cc, 0, sizeof *cc);
    cc->accelerated = IMPORT_UNSTATED;
    return cc;
}

static import_recommendation_t *new_rec(imp_ctx_t *c, import_cause_t *cc)
{
    if (cc->nrecs >= MAX_RECS) return NULL;
    import_recommendation_t *v = realloc(cc->recs, (cc->nrecs + 1) * sizeof *v);
    if (!v) { c->oom = 1; return NULL; }
    cc->recs = v;
    import_recommendation_t *rec = &v[cc->nrecs++];
    memset(rec, 0, sizeof *rec);
    return rec;
}

/* Deadline, addressee and warnings from a recommendation's lead-in. */
static void read_lead_in(imp_ctx_t *c, import_recommendation_t *rec)
{
    const char *t = rec->text;
    size_t n = strlen(t);
    imp_m_t m;
    if (imp_re_find(RE_REC_DEADLINE, t, n, 0, &m) == 1) {
        imp_date_t dt;
        if (imp_date_scan(t + m.so[2], IMP_M_LEN(&m, 2), &dt) && dt.y) {
            int end_of = IMP_M_HAS(&m, 1);
            if (!dt.d) {
                dt.d = imp_days_in_month(dt.y, dt.m);
                imp_date_iso(&dt, rec->deadline);
                size_t a = end_of ? m.so[1] : m.so[2];
                char *note = NULL;
                buf_t b = BUF_INIT;
                buf_printf(&b, "'%.*s' read as the last day of the month, %s", (int)(m.eo[2] - a), t + a,
                           rec->deadline);
                note = buf_detach(&b, NULL);
                if (!note) c->oom = 1;
                rec->deadline_note = note;
            } else {
                imp_date_iso(&dt, rec->deadline);
            }
        }
    }
    if (!rec->deadline[0]) {
        if (imp_re_find(RE_REC_RELATIVE, t, n, 0, &m) == 1) {
            rec->deadline_note = imp_strndup(t + m.so[0], IMP_M_LEN(&m, 0));
            if (!rec->deadline_note) c->oom = 1;
            imp_warn(c, "no recommendation deadline found for recommendation %d (it says '%.*s')",
                     rec->number, (int)IMP_M_LEN(&m, 0), t + m.so[0]);
        } else {
            imp_warn(c, "no recommendation deadline found for recommendation %d", rec->number);
        }
    }
    if (imp_re_find(RE_REC_ADDRESSEE, t, n, 0, &m) == 1 && !starts_deadline(t + m.so[1], IMP_M_LEN(&m, 1))) {
        rec->addressee = imp_collapse(t + m.so[1], IMP_M_LEN(&m, 1));
        if (!rec->addressee) c->oom = 1;
    } else {
        imp_warn(c, "no addressee found for recommendation %d", rec->number);
    }
}

/*
 * One recommendation. j is its first line: a "Recommendation N" heading
 * (h given), a numbered list item, or a plain lead-in paragraph. Returns the
 * line after it.
 */
static size_t parse_rec(imp_ctx_t *c, import_cause_t *cc, size_t j, const heading_t *h, int *last_num)
{
    size_t n = c->doc.nlines;
    import_recommendation_t *rec = new_rec(c, cc);
    if (!rec) return j + 1;
    const imp_line_t *ln = &c->doc.lines[j];
    size_t k;
    if (h) {
        rec->number = h->number;
        k = j + 1;
        if (h->inl_len) {
            size_t pe = para_end(c, j + 1);
            buf_t b = BUF_INIT;
            buf_append(&b, c->doc.text + c->doc.lines[j].off + h->inl_off, h->inl_len);
            char *rest = pe > j + 1 ? imp_join_lines(c, j + 1, pe) : NULL;
            if (rest) { buf_putc(&b, ' '); buf_puts(&b, rest); free(rest); }
            rec->text = b.failed ? NULL : imp_collapse(b.data ? b.data : "", b.len);
            buf_free(&b);
            if (!rec->text) c->oom = 1;
            k = pe;
        } else {
            rec->text = plain_paragraph(c, k, &k);
        }
    } else if (ln->marker == IMP_MK_NUMBER) {
        rec->number = ln->number;
        k = j + 1;
        while (k < n && c->doc.lines[k].len > 0 && c->doc.lines[k].marker == IMP_MK_NONE &&
               c->doc.lines[k].indent > ln->indent && heading_at(c, k).kind == H_NONE)
            k++;
        rec->text = imp_join_lines(c, j, k);
        if (!rec->text) c->oom = 1;
    } else {
        k = para_end(c, j);
        rec->text = imp_join_lines(c, j, k);
        if (!rec->text) c->oom = 1;
    }
    if (c->oom) return n;
    if (rec->number <= 0) {
        rec->number = *last_num + 1;
        imp_warn(c, "recommendation number not stated; taken as %d", rec->number);
    }
    *last_num = rec->number;

    if (!rec->text) {
        imp_warn(c, "recommendation %d has no text", rec->number);
        if (skip_blank(c, k) >= n) c->truncated = 1;
        return k;
    }
    int open = 0;
    size_t nitems = imp_collect_items(c, &k, &rec->requirements, 1, &open);
    size_t tl = strlen(rec->text);
    int wants_list = tl > 0 && rec->text[tl - 1] == ':';
    int at_end = skip_blank(c, k) >= n;
    if (wants_list && nitems == 0) {
        imp_warn(c, "recommendation %d: requirements expected after ':' but none found", rec->number);
        if (at_end) c->truncated = 1;
    }
    if (nitems > 0 && open && at_end) c->truncated = 1;
    read_lead_in(c, rec);
    return k;
}

/* Does a "Recommendation" heading come within the next few paragraphs? */
static int rec_heading_ahead(const imp_ctx_t *c, size_t j)
{
    size_t n = c->doc.nlines;
    for (int paras = 0; paras < 3 && j < n; paras++) {
        j = skip_blank(c, j);
        if (j >= n) return 0;
        heading_t h = heading_at(c, j);
        if (h.kind == H_RECS || h.kind == H_REC_N) return 1;
        if (h.kind == H_CAUSE || c->doc.lines[j].marker != IMP_MK_NONE) return 0;
        j = para_end(c, j);
    }
    return 0;
}

/* Accelerated or not, from the sentence introducing the cause; *plural is
 * set when that sentence introduces causes ("these accelerated causes of
 * concern"), so that what it states holds for the headings that follow. */
static int intro_accelerated(const imp_ctx_t *c, size_t i, int *plural)
{
    *plural = 0;
    while (i > 0 && c->doc.lines[i - 1].len == 0) i--;
    if (i == 0) return IMPORT_UNSTATED;
    size_t p = i - 1;
    const imp_line_t *ln = &c->doc.lines[p];
    if (ln->marker != IMP_MK_NONE || heading_at(c, p).kind != H_NONE) return IMPORT_UNSTATED;
    const char *s = line_s(c, p);
    size_t n = line_n(c, p);
    *plural = imp_ifind(s, n, "causes of concern", 17) != NULL;
    if (imp_ifind(s, n, "not accelerated", 15) || imp_ifind(s, n, "non-accelerated", 15))
        return IMPORT_NO;
    if (imp_ifind(s, n, "accelerated", 11)) return IMPORT_YES;
    return IMPORT_UNSTATED;
}

/* Records the span of cause idx's (1-based) last recommendation, read
 * from line from up to line to (exclusive, blank lines trimmed). Returns to. */
static size_t rec_span(imp_ctx_t *c, const import_cause_t *cc, size_t idx, size_t from, size_t to)
{
    size_t last = to;
    while (last > from + 1 && c->doc.lines[last - 1].len == 0) last--;
    if (cc->nrecs && last > from && last <= c->doc.nlines)
        imp_span(c, "recommendation", (int)idx - 1, (int)cc->nrecs - 1, c->doc.lines[from].start,
                 c->doc.lines[last - 1].off + c->doc.lines[last - 1].len);
    return to;
}

/* *run_acc: what a lead-in to several causes stated ("we issued these
 * accelerated causes of concern"), for the causes after it that state nothing. */
static size_t parse_cause(imp_ctx_t *c, size_t i, const heading_t *h, int *last_num, int *run_acc)
{
    size_t n = c->doc.nlines;
    import_cause_t *cc = new_cause(c);
    if (!cc) return n;
    size_t idx = c->r->ncauses;
    int plural = 0;
    cc->accelerated = h->accelerated != IMPORT_UNSTATED ? h->accelerated : intro_accelerated(c, i, &plural);
    if (plural && cc->accelerated != IMPORT_UNSTATED) *run_acc = cc->accelerated;
    else if (cc->accelerated == IMPORT_UNSTATED) cc->accelerated = *run_acc;
    size_t j = i + 1;
    if (h->inl_len) {
        size_t pe = para_end(c, j);
        char *first = imp_strndup(c->doc.text + c->doc.lines[i].off + h->inl_off, h->inl_len);
        char *rest = pe > j ? imp_join_lines(c, j, pe) : NULL;
        buf_t b = BUF_INIT;
        if (first) buf_puts(&b, first);
        if (rest) { buf_putc(&b, ' '); buf_puts(&b, rest); }
        cc->text = (first && !b.failed) ? imp_collapse(b.data, b.len) : NULL;
        if (!cc->text) c->oom = 1;
        free(first);
        free(rest);
        buf_free(&b);
        j = pe;
    } else {
        cc->text = plain_paragraph(c, j, &j);
    }
    imp_span(c, "cause", (int)idx - 1, -1, c->doc.lines[i].start,
             j > i + 1 ? c->doc.lines[j - 1].off + c->doc.lines[j - 1].len : c->doc.lines[i].off + c->doc.lines[i].len);
    if (!cc->text) imp_warn(c, "cause of concern %zu has no text", idx);
    if (cc->accelerated == IMPORT_UNSTATED)
        imp_warn(c, "cause of concern %zu: not stated whether it was accelerated", idx);

    int rec_section = 0, extra = 0;
    while (!c->oom) {
        j = skip_blank(c, j);
        if (j >= n) break;
        heading_t hh = heading_at(c, j);
        if (hh.kind == H_CAUSE) break;
        if (hh.kind == H_RECS) { rec_section = 1; j++; continue; }
        if (hh.kind == H_REC_N) { j = rec_span(c, cc, idx, j, parse_rec(c, cc, j, &hh, last_num)); continue; }
        if (rec_item(c, j)) { j = rec_span(c, cc, idx, j, parse_rec(c, cc, j, NULL, last_num)); continue; }
        if (c->doc.lines[j].marker != IMP_MK_NONE) break;
        size_t pe = para_end(c, j);
        char *para = imp_join_lines(c, j, pe);
        if (!para) { c->oom = 1; break; }
        size_t pl = strlen(para);
        int looks_rec = has_should(para, pl) && (starts_deadline(para, pl) || para[pl - 1] == ':');
        if ((rec_section && cc->nrecs == 0) || (rec_section && looks_rec) || (cc->nrecs == 0 && looks_rec && starts_deadline(para, pl))) {
            free(para);
            j = rec_span(c, cc, idx, j, parse_rec(c, cc, j, NULL, last_num));
            continue;
        }
        if (cc->nrecs == 0 && !rec_section && extra < 2 && cc->text && rec_heading_ahead(c, pe)) {
            /* a cause set out over more than one paragraph */
            size_t ol = strlen(cc->text);
            char *t = realloc(cc->text, ol + 2 + pl + 1);   /* "\n\n", para, NUL */
            if (!t) { free(para); c->oom = 1; break; }
            memcpy(t + ol, "\n\n", 2);
            memcpy(t + ol + 2, para, pl + 1);
            cc->text = t;
            free(para);
            extra++;
            j = pe;
            continue;
        }
        free(para);
        break;
    }
    if (cc->nrecs == 0 && !c->oom) {
        imp_warn(c, "no recommendation found for cause of concern %zu", idx);
        if (skip_blank(c, j) >= n) c->truncated = 1;
    }
    return j;
}

/* Accelerated or not, as stated in s[0..n) for what it introduces. */
static int stated_accelerated(const char *s, size_t n)
{
    if (imp_ifind(s, n, "not accelerated", 15) || imp_ifind(s, n, "non-accelerated", 15)) return IMPORT_NO;
    if (imp_ifind(s, n, "accelerated", 11)) return IMPORT_YES;
    return IMPORT_UNSTATED;
}

/* The items of one list starting after line i: items with the marker type of
 * the first (a numbered paragraph after a bulleted list ends it), each with
 * its continuation lines. Returns the line after the list. */
static size_t collect_same_marker(imp_ctx_t *c, size_t i, import_strlist_t *items)
{
    size_t n = c->doc.nlines, j = skip_blank(c, i + 1);
    if (j >= n || c->doc.lines[j].marker == IMP_MK_NONE) return i + 1;
    uint8_t marker = c->doc.lines[j].marker;
    while (j < n && !c->oom && c->doc.lines[j].marker == marker) {
        size_t k = j + 1;
        while (k < n && c->doc.lines[k].len > 0 && c->doc.lines[k].marker == IMP_MK_NONE &&
               c->doc.lines[k].indent > c->doc.lines[j].indent && heading_at(c, k).kind == H_NONE)
            k++;
        char *raw = imp_join_lines(c, j, k);
        char *item = raw ? imp_trim_item(raw, strlen(raw)) : NULL;
        free(raw);
        if (!item) { c->oom = 1; break; }
        if (!item[0]) {
            free(item);
        } else {
            /* parse_listed_causes makes each item the next cause */
            imp_span(c, "cause", (int)(c->r->ncauses + items->n), -1, c->doc.lines[j].start,
                     c->doc.lines[k - 1].off + c->doc.lines[k - 1].len);
            if (imp_strlist_take(items, item)) { c->oom = 1; break; }
        }
        j = skip_blank(c, k);
    }
    return j;
}

/* Letters that list causes as items under a lead-in ("we identified three
 * causes of concern, which were that the force:"), possibly more than one
 * list ("we also identified an additional cause of concern:"), the lead-in
 * itself possibly a numbered paragraph. A property the lead-in states
 * ("two accelerated causes of concern") applies to every item. A lead-in to
 * recommendations ("... and made the following recommendations:", "... the
 * service should:") is not one. */
static void parse_listed_causes(imp_ctx_t *c)
{
    size_t n = c->doc.nlines;
    int found = 0;
    for (size_t i = 0; i < n && !c->oom;) {
        const imp_line_t *ln = &c->doc.lines[i];
        const char *s = line_s(c, i);
        if (ln->marker == IMP_MK_SYMBOL || ln->len < 2 || s[ln->len - 1] != ':' ||
            !imp_ifind(s, ln->len, "of concern", 10) || !imp_ifind(s, ln->len, "cause", 5) ||
            imp_ifind(s, ln->len, "recommendation", 14) || imp_ifind(s, ln->len, " should", 7)) {
            i++;
            continue;
        }
        int acc = stated_accelerated(s, ln->len);
        import_strlist_t items = {0};
        size_t next = collect_same_marker(c, i, &items);
        for (size_t q = 0; q < items.n && !c->oom; q++) {
            import_cause_t *cc = new_cause(c);
            if (!cc) break;
            cc->text = items.items[q];
            cc->accelerated = acc;
            items.items[q] = NULL;
            found = 1;
        }
        imp_strlist_free(&items);
        i = next > i ? next : i + 1;
    }
    if (found)
        imp_warn(c, "causes of concern are given as a list: their recommendations are not stated with them");
}

/* The length of "The first cause of concern is that " (or "Our second
 * cause of concern was ...") at the start of s[0..n), or 0. */
static size_t paragraph_cause_lead(const char *s, size_t n)
{
    static const char *const ORD[] = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "next",
                                      "final", "last", "other", "further", "additional", NULL};
    size_t k = 0;
    if (!eat_word(s, n, &k, "the") && !eat_word(s, n, &k, "our")) return 0;
    int ord = 0;
    for (const char *const *o = ORD; *o && !ord; o++) ord = eat_word(s, n, &k, *o);
    if (!ord || !eat_word(s, n, &k, "cause") || !eat_word(s, n, &k, "of") || !eat_word(s, n, &k, "concern")) return 0;
    if (!eat_word(s, n, &k, "is") && !eat_word(s, n, &k, "was")) return 0;
    eat_word(s, n, &k, "that");
    return k;
}

/* Causes written as plain paragraphs, one a paragraph: "The first cause of
 * concern is that the force doesn't record crime accurately enough. By 31
 * December 2023, the force should make sure ...". The cause is the rest of
 * its sentence; what follows in the paragraph, when it says what the body
 * "should" do, is its recommendation. */
static void parse_paragraph_causes(imp_ctx_t *c)
{
    size_t n = c->doc.nlines;
    for (size_t i = 0; i < n && !c->oom;) {
        if (c->doc.lines[i].len == 0 || c->doc.lines[i].marker != IMP_MK_NONE) {
            i++;
            continue;
        }
        size_t pe = para_end(c, i);
        char *para = imp_join_lines(c, i, pe);
        if (!para) {
            c->oom = 1;
            break;
        }
        size_t pl = strlen(para), lead = paragraph_cause_lead(para, pl);
        if (lead) {
            size_t end = lead;
            while (end < pl && !(para[end] == '.' && (end + 1 == pl || para[end + 1] == ' '))) end++;
            import_cause_t *cc = new_cause(c);
            if (!cc) {
                free(para);
                break;
            }
            imp_span(c, "cause", (int)c->r->ncauses - 1, -1, c->doc.lines[i].start,
                     c->doc.lines[pe - 1].off + c->doc.lines[pe - 1].len);
            cc->text = imp_collapse(para + lead, end - lead);
            if (!cc->text) c->oom = 1;
            else if (cc->text[0]) cc->text[0] = (char)toupper((unsigned char)cc->text[0]);
            cc->accelerated = stated_accelerated(para, end);
            size_t rest = end < pl ? end + 1 : pl;
            if (!c->oom && has_should(para + rest, pl - rest)) {
                import_recommendation_t *rec = new_rec(c, cc);
                if (rec) {
                    rec->text = imp_collapse(para + rest, pl - rest);
                    if (!rec->text) c->oom = 1;
                    else read_lead_in(c, rec);
                    imp_span(c, "recommendation", (int)c->r->ncauses - 1, 0, c->doc.lines[i].start,
                             c->doc.lines[pe - 1].off + c->doc.lines[pe - 1].len);
                }
            }
            if (cc->nrecs == 0) imp_warn(c, "no recommendation found for cause of concern %zu", c->r->ncauses);
        }
        free(para);
        i = pe > i ? pe : i + 1;
    }
}

void imp_parse_causes(imp_ctx_t *c)
{
    size_t n = c->doc.nlines, i = 0;
    int last_num = 0, run_acc = IMPORT_UNSTATED;
    while (i < n && !c->oom) {
        heading_t h = heading_at(c, i);
        if (h.kind == H_CAUSE) {
            /* "Accelerated cause of concern: investigations" over a plain
             * "Cause of concern" heading: one cause, two headings */
            size_t j = skip_blank(c, i + 1);
            heading_t h2 = j < n ? heading_at(c, j) : h;
            if (h.inl_len && j < n && h2.kind == H_CAUSE && !h2.inl_len) {
                if (h2.accelerated == IMPORT_UNSTATED) h2.accelerated = h.accelerated;
                i = j;
                h = h2;
            }
            i = parse_cause(c, i, &h, &last_num, &run_acc);
            continue;
        }
        if (h.kind == H_REC_N) {
            import_cause_t *cc = new_cause(c);
            if (!cc) break;
            imp_warn(c, "recommendation %d is not under a cause of concern", h.number);
            i = parse_rec(c, cc, i, &h, &last_num);
            continue;
        }
        i++;
    }
    if (c->r->ncauses == 0 && !c->oom) parse_listed_causes(c);
    if (c->r->ncauses == 0 && !c->oom) parse_paragraph_causes(c);
}
