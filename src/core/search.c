/*
 * search.c: the words of a search (search.h).
 */
#include "core/search.h"
#include <stdlib.h>
#include <string.h>

static int word_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* 1 if s is valid UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
static int utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned long cp;
        int n;
        if (*p < 0x80) { p++; continue; }
        else if ((*p & 0xE0) == 0xC0) { cp = *p & 0x1F; n = 1; }
        else if ((*p & 0xF0) == 0xE0) { cp = *p & 0x0F; n = 2; }
        else if ((*p & 0xF8) == 0xF0) { cp = *p & 0x07; n = 3; }
        else return 0;
        for (int i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        static const unsigned long min[] = {0, 0x80, 0x800, 0x10000};
        if (cp < min[n] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
        p += n + 1;
    }
    return 1;
}

/* The next word of s from *pos: its start and length; 0 when none is left. */
static int next_word(const char *s, size_t *pos, size_t *start, size_t *len)
{
    size_t i = *pos;
    while (s[i] && !word_byte((unsigned char)s[i])) i++;
    if (!s[i]) {
        *pos = i;
        return 0;
    }
    *start = i;
    while (s[i] && word_byte((unsigned char)s[i])) i++;
    *len = i - *start;
    *pos = i;
    return 1;
}

int search_terms_parse(const char *q, search_terms_t *out, ov_error_t *err)
{
    memset(out, 0, sizeof *out);
    if (!q) return 0;
    if (strlen(q) > SEARCH_Q_MAX)
        return ov_error_set(err, OV_EINVALID, "q", "the search is %zu bytes long; at most %d are searched", strlen(q),
                            SEARCH_Q_MAX);
    if (!utf8_valid(q)) return ov_error_set(err, OV_EINVALID, "q", "the search must be valid UTF-8");
    size_t pos = 0, start, len;
    while (next_word(q, &pos, &start, &len)) {
        if (len > SEARCH_TERM_MAX)
            return ov_error_set(err, OV_EINVALID, "q", "a word of the search is longer than %d bytes", SEARCH_TERM_MAX);
        if (out->n == SEARCH_TERMS_MAX)
            return ov_error_set(err, OV_EINVALID, "q", "the search has more than %d words", SEARCH_TERMS_MAX);
        for (size_t k = 0; k < len; k++) out->term[out->n][k] = lower(q[start + k]);
        out->term[out->n][len] = '\0';
        out->n++;
    }
    return 0;
}

int search_fts5_query(const search_terms_t *t, buf_t *out)
{
    /* a term is letters, digits and non-ASCII bytes: never a quote */
    for (int i = 0; i < t->n; i++)
        buf_printf(out, "%s\"%s\"%s", i ? " AND " : "", t->term[i], i == t->n - 1 ? "*" : "");
    return out->failed ? -1 : 0;
}

int search_tsquery(const search_terms_t *t, buf_t *out)
{
    for (int i = 0; i < t->n; i++)
        buf_printf(out, "%s'%s'%s", i ? " & " : "", t->term[i], i == t->n - 1 ? ":*" : "");
    return out->failed ? -1 : 0;
}

/* A word of search_pg_vector: len bytes at s, lower-cased. */
typedef struct {
    const char *s;
    size_t len;
} vword_t;

/* tsvector's order of lexemes: bytes compared as unsigned, a prefix first. */
static int vword_cmp(const void *a, const void *b)
{
    const vword_t *x = a, *y = b;
    int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

int search_pg_vector(const char *title, const char *text, buf_t *out)
{
    if (!title || !text) return out->failed ? -1 : 0;
    size_t tl = strlen(title), n = tl + 1 + strlen(text);
    char *low = malloc(n + 1);                  /* title, a space, text: lower-cased */
    vword_t *w = malloc((n / 2 + 1) * sizeof *w);   /* a word and a separator at least, each */
    if (!low || !w) {
        free(low);
        free(w);
        out->failed = 1;
        return -1;
    }
    memcpy(low, title, tl);
    low[tl] = ' ';
    strcpy(low + tl + 1, text);
    for (size_t k = 0; k < n; k++) low[k] = lower(low[k]);
    size_t nw = 0, pos = 0, start, len;
    while (next_word(low, &pos, &start, &len))
        if (len < 2048) w[nw++] = (vword_t){low + start, len};
    qsort(w, nw, sizeof *w, vword_cmp);
    int first = 1;
    for (size_t k = 0; k < nw; k++) {
        if (k && vword_cmp(&w[k - 1], &w[k]) == 0) continue;
        /* a word is letters, digits and non-ASCII bytes: never a quote or a backslash */
        buf_append(out, first ? "'" : " '", first ? 1 : 2);
        buf_append(out, w[k].s, w[k].len);
        buf_append(out, "'", 1);
        first = 0;
    }
    free(low);
    free(w);
    return out->failed ? -1 : 0;
}

int search_term_matches(const search_terms_t *t, int i, const char *word, size_t len)
{
    size_t n = strlen(t->term[i]);
    int prefix = i == t->n - 1;
    if (len < n || (!prefix && len != n)) return 0;
    for (size_t k = 0; k < n; k++)
        if (lower(word[k]) != t->term[i][k]) return 0;
    return 1;
}

static int any_matches(const search_terms_t *t, const char *word, size_t len)
{
    for (int i = 0; i < t->n; i++)
        if (search_term_matches(t, i, word, len)) return 1;
    return 0;
}

static long count_matches(const search_terms_t *t, const char *s)
{
    long n = 0;
    size_t pos = 0, start, len;
    while (s && next_word(s, &pos, &start, &len)) n += any_matches(t, s + start, len);
    return n;
}

long search_score(const search_terms_t *t, const char *title, const char *text)
{
    if (t->n == 0) return 0;
    return 3 * count_matches(t, title) + count_matches(t, text);
}

/* Appends part {text: s[0..n), mark} to parts (n > 0). */
static void part(json_t *parts, const char *s, size_t n, int mark)
{
    if (n) json_array_append_new(parts, json_pack("{s:s%, s:b}", "text", s, n, "mark", mark));
}

json_t *search_snippet(const search_terms_t *t, const char *text, size_t max)
{
    json_t *parts = json_array();
    if (!parts) return NULL;
    if (!text) return parts;
    size_t total = strlen(text), from = 0, to = total;
    if (max > 0 && total > max) {
        /* the window: from a little before the first match */
        size_t pos = 0, start, len, first = 0;
        while (next_word(text, &pos, &start, &len))
            if (any_matches(t, text + start, len)) {
                first = start;
                break;
            }
        from = first > max / 3 ? first - max / 3 : 0;
        if (from > 0) {
            /* start after a space, so no word (nor character) is cut */
            while (from < first && text[from] != ' ') from++;
            while (from < first && text[from] == ' ') from++;
        }
        to = from + max < total ? from + max : total;
        if (to < total) {
            while (to > from && text[to] != ' ') to--;
            if (to == from) to = from + max < total ? from + max : total;
            while (to < total && (((unsigned char)text[to]) & 0xC0) == 0x80) to++;   /* whole characters */
        }
    }
    if (from > 0) part(parts, "… ", strlen("… "), 0);
    size_t pos = from, start, len, plain = from;
    while (pos < to) {
        size_t save = pos;
        if (!next_word(text, &pos, &start, &len) || start >= to) {
            pos = save;
            break;
        }
        if (start + len > to) len = to - start;
        if (any_matches(t, text + start, len)) {
            part(parts, text + plain, start - plain, 0);
            part(parts, text + start, len, 1);
            plain = start + len;
        }
        pos = start + len;
    }
    part(parts, text + plain, to - plain, 0);
    if (to < total) part(parts, " …", strlen(" …"), 0);
    return parts;
}

int search_snippet_text(const json_t *parts, buf_t *out)
{
    size_t i;
    json_t *p;
    json_array_foreach(parts, i, p) {
        const char *s = json_string_value(json_object_get(p, "text"));
        if (s) buf_puts(out, s);
    }
    return out->failed ? -1 : 0;
}
