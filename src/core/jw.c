/*
 * jw.c: the streaming JSON writer (jw.h). The escaping follows jansson's
 * dump.c (2.14) so that a reply written here is byte-identical to the
 * json_dumps of the same values: tests/core/test_jw.c checks it against
 * jansson itself.
 */
#include "core/jw.h"
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define JW_ST_OBJECT 1u   /* the container is an object */
#define JW_ST_ANY 2u      /* it has a member or element already */
#define JW_ST_KEY 4u      /* a key was written: its value is due */

/* Misuse of the nesting: an assertion in debug builds, a failed writer in any. */
static void jw_misuse(jw_t *w, const char *what)
{
    (void)what;
    assert(!what);
    w->failed = 1;
}

static void put(jw_t *w, const char *s, size_t n)
{
    if (!w->failed && buf_append(w->out, s, n) != 0) w->failed = 1;
}

/* Before a value: the comma, and the checks of where it may stand. */
static int value_begin(jw_t *w)
{
    if (w->failed) return -1;
    if (w->depth == 0) {
        if (w->done) jw_misuse(w, "a second top-level value");
        return w->failed ? -1 : 0;
    }
    unsigned char *st = &w->st[w->depth - 1];
    if (*st & JW_ST_OBJECT) {
        if (!(*st & JW_ST_KEY)) {
            jw_misuse(w, "a value in an object without its key");
            return -1;
        }
        *st &= (unsigned char)~JW_ST_KEY;
        return 0;
    }
    if (*st & JW_ST_ANY) put(w, ",", 1);
    *st |= JW_ST_ANY;
    return w->failed ? -1 : 0;
}

/* After a value: at the top level, the document is complete. */
static void value_end(jw_t *w)
{
    if (w->depth == 0) w->done = 1;
}

void jw_init(jw_t *w, buf_t *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
}

static void open_container(jw_t *w, unsigned char kind, char c)
{
    if (value_begin(w) != 0) return;
    if (w->depth == JW_MAX_DEPTH) {
        w->failed = 1;   /* too deep: input, not misuse */
        return;
    }
    w->st[w->depth++] = kind;
    put(w, &c, 1);
}

static void close_container(jw_t *w, unsigned char kind, char c)
{
    if (w->failed) return;
    if (w->depth == 0 || (w->st[w->depth - 1] & JW_ST_OBJECT) != kind || (w->st[w->depth - 1] & JW_ST_KEY)) {
        jw_misuse(w, "a close that does not match");
        return;
    }
    w->depth--;
    put(w, &c, 1);
    value_end(w);
}

void jw_object_begin(jw_t *w) { open_container(w, JW_ST_OBJECT, '{'); }
void jw_object_end(jw_t *w) { close_container(w, JW_ST_OBJECT, '}'); }
void jw_array_begin(jw_t *w) { open_container(w, 0, '['); }
void jw_array_end(jw_t *w) { close_container(w, 0, ']'); }

/* The length of the UTF-8 sequence at s (at most n bytes) with its code
 * point in *cp, or 0 when it is not valid (jansson's utf8.c rules). */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t v;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c < 0xC2) return 0;   /* a continuation byte, or an overlong two-byte form */
    if (c <= 0xDF) {
        len = 2;
        v = c & 0x1F;
    } else if (c <= 0xEF) {
        len = 3;
        v = c & 0x0F;
    } else if (c <= 0xF4) {
        len = 4;
        v = c & 0x07;
    } else {
        return 0;
    }
    if (len > n) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000)) return 0;
    *cp = v;
    return len;
}

int jw_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    uint32_t cp;
    size_t i = 0;
    /* ASCII eight bytes at a time (most of what the record holds) */
    for (uint64_t word; n - i >= 8; i += 8) {
        memcpy(&word, p + i, 8);
        if (word & 0x8080808080808080ULL) break;
    }
    while (i < n) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = utf8_next(p + i, n - i, &cp);
        if (!k) return 0;
        i += k;
    }
    return 1;
}

#define JW_ONES 0x0101010101010101ULL
#define JW_HIGHS 0x8080808080808080ULL

/* 1 if none of the eight bytes at p needs escaping (each is 0x20-0x7F, not
 * '"' nor '\\'): a byte below 0x20, a high bit, or a zero byte of p xor
 * the quote or the backslash shows as a high bit (exact for "any"). */
static int plain8(const unsigned char *p)
{
    uint64_t x, q, b;
    memcpy(&x, p, 8);
    q = x ^ (JW_ONES * '"');
    b = x ^ (JW_ONES * '\\');
    return (((x - JW_ONES * 0x20) & ~x) | x | ((q - JW_ONES) & ~q) | ((b - JW_ONES) & ~b)) & JW_HIGHS ? 0 : 1;
}

/* The string's text, quoted and escaped; a run of bytes that need nothing
 * goes in with one append. */
static void put_string(jw_t *w, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t run = 0, i = 0;
    put(w, "\"", 1);
    while (i < n && !w->failed) {
        if (n - i >= 8 && plain8(p + i)) {
            i += 8;
            continue;
        }
        unsigned char c = p[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            i++;
            continue;
        }
        put(w, s + run, i - run);
        uint32_t cp;
        size_t k = utf8_next(p + i, n - i, &cp);
        if (!k) {
            w->failed = 1;
            return;
        }
        char seq[32];
        const char *text = seq;
        size_t len = 2;
        switch (cp) {
        case '\\': text = "\\\\"; break;
        case '"': text = "\\\""; break;
        case '\b': text = "\\b"; break;
        case '\f': text = "\\f"; break;
        case '\n': text = "\\n"; break;
        case '\r': text = "\\r"; break;
        case '\t': text = "\\t"; break;
        default:
            if (cp < 0x10000) {
                snprintf(seq, sizeof seq, "\\u%04X", (unsigned)cp);
                len = 6;
            } else {
                uint32_t v = cp - 0x10000;
                snprintf(seq, sizeof seq, "\\u%04X\\u%04X", (unsigned)(0xD800 | (v >> 10)),
                         (unsigned)(0xDC00 | (v & 0x3FF)));
                len = 12;
            }
        }
        put(w, text, len);
        i += k;
        run = i;
    }
    put(w, s + run, i - run);
    put(w, "\"", 1);
}

void jw_key(jw_t *w, const char *key)
{
    if (w->failed) return;
    if (w->depth == 0 || !(w->st[w->depth - 1] & JW_ST_OBJECT) || (w->st[w->depth - 1] & JW_ST_KEY) || !key) {
        jw_misuse(w, "a key outside an object, or two keys in a row");
        return;
    }
    unsigned char *st = &w->st[w->depth - 1];
    if (*st & JW_ST_ANY) put(w, ",", 1);
    *st |= JW_ST_ANY | JW_ST_KEY;
    put_string(w, key, strlen(key));
    put(w, ":", 1);
}

void jw_stringn(jw_t *w, const char *s, size_t n)
{
    if (!s) {
        jw_null(w);
        return;
    }
    if (value_begin(w) != 0) return;
    put_string(w, s, n);
    value_end(w);
}

void jw_string(jw_t *w, const char *s)
{
    jw_stringn(w, s, s ? strlen(s) : 0);
}

void jw_int(jw_t *w, long long v)
{
    if (value_begin(w) != 0) return;
    if (!w->failed && buf_put_ll(w->out, v) != 0) w->failed = 1;
    value_end(w);
}

void jw_real(jw_t *w, double v)
{
    char t[40];
    if (value_begin(w) != 0) return;
    if (!isfinite(v)) {
        w->failed = 1;
        return;
    }
    /* jansson's jsonp_dtostr at its default precision, 17 */
    int n = snprintf(t, sizeof t - 2, "%.17g", v);
    if (n < 0 || (size_t)n >= sizeof t - 2) {
        w->failed = 1;
        return;
    }
    for (char *c = t; *c; c++)
        if (*c == ',') *c = '.';   /* a locale's decimal comma */
    if (strspn(t, "0123456789-") == (size_t)n) {
        memcpy(t + n, ".0", 3);
        n += 2;
    }
    char *e = strchr(t, 'e');
    if (e) {   /* "1e+20" -> "1e20", "1e-05" -> "1e-5" */
        char *from = e + 1, *to = e + 1;
        if (*from == '-') from++, to++;
        else if (*from == '+') from++;
        while (*from == '0' && from[1]) from++;
        memmove(to, from, strlen(from) + 1);
        n = (int)strlen(t);
    }
    put(w, t, (size_t)n);
    value_end(w);
}

void jw_bool(jw_t *w, int v)
{
    if (value_begin(w) != 0) return;
    put(w, v ? "true" : "false", v ? 4 : 5);
    value_end(w);
}

void jw_null(jw_t *w)
{
    if (value_begin(w) != 0) return;
    put(w, "null", 4);
    value_end(w);
}

void jw_raw(jw_t *w, const char *text, size_t n)
{
    if (value_begin(w) != 0) return;
    put(w, text, n);
    value_end(w);
}

int jw_finish(const jw_t *w)
{
    return w->failed || w->out->failed || w->depth != 0 || !w->done ? -1 : 0;
}
