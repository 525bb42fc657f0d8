/*
 * buf.h: a growable, length-carrying byte buffer with an optional size cap
 * (after git's strbuf). The buffer owns data; buf_free releases it.
 * data is always NUL-terminated when non-NULL.
 */
#ifndef OV_CORE_BUF_H
#define OV_CORE_BUF_H
#include <stddef.h>
#include <string.h>

typedef struct buf {
    char *data;     /* owned; NULL until the first append */
    size_t len;     /* bytes used, excluding the NUL */
    size_t cap;     /* bytes allocated */
    size_t limit;   /* 0 = no cap; else appends past limit fail */
    int failed;     /* set once an append failed (cap or ENOMEM) */
} buf_t;

#define BUF_INIT {0, 0, 0, 0, 0}

/* Append; return 0, or -1 (and set failed) past limit or on ENOMEM. */
int buf_append_grow(buf_t *b, const void *data, size_t len);
/* The same, inline where it fits the room already there (no cap): a reply
 * written piece by piece makes tens of thousands of these. */
static inline int buf_append(buf_t *b, const void *data, size_t len)
{
    if (!b->limit && !b->failed && b->cap - b->len > len) {
        if (len) memcpy(b->data + b->len, data, len);
        b->len += len;
        b->data[b->len] = '\0';
        return 0;
    }
    return buf_append_grow(b, data, len);
}
int buf_puts(buf_t *b, const char *s);
int buf_putc(buf_t *b, char c);
int buf_printf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The decimal digits of v, as "%lld" writes them, without printf. */
int buf_put_ll(buf_t *b, long long v);

/* Makes room for n more bytes without appending (one allocation for a
 * reply whose size is known roughly); 0 or -1 as buf_append. */
int buf_reserve(buf_t *b, size_t n);

/* Hands the data to the caller (who frees it with free()) and resets b.
 * Returns an empty allocated string when nothing was appended; NULL on ENOMEM. */
char *buf_detach(buf_t *b, size_t *len_out);

void buf_reset(buf_t *b);   /* len = 0, keeps memory */
void buf_free(buf_t *b);    /* frees data, resets to BUF_INIT keeping limit */

#endif
