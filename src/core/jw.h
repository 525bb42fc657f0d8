/*
 * jw.h: a streaming JSON writer. Values are appended to one growing buffer
 * (core/buf.h) as they are given, with no tree in between: for replies of
 * thousands of items, where building a jansson tree and serialising it cost
 * more than computing them.
 *
 * The text is what jansson's json_dumps(JSON_COMPACT | JSON_ENSURE_ASCII)
 * gives for the same values, byte for byte: no spaces, '"', '\\' and the
 * control characters escaped (\b \f \n \r \t by name, the others as
 * \u00XX), every character above U+007F as \uXXXX (upper-case hex; a UTF-16
 * surrogate pair beyond the BMP), '/' and DEL as they are, integers in
 * decimal, reals as "%.17g" with ".0" added to what would read as an
 * integer and the exponent without '+' or leading zeros.
 *
 * A string that is not valid UTF-8 (as jansson's utf8 check: no overlong
 * forms, no surrogates, nothing above U+10FFFF), a real that is not finite
 * (jansson refuses both), a key outside an object, a value where a key is
 * due, a close that does not match, or nesting deeper than JW_MAX_DEPTH
 * makes the writer fail: every later call does nothing and jw_finish
 * returns -1. Misuse of the nesting also asserts in debug builds.
 *
 * The buffer is the caller's (borrowed for the writer's life); the writer
 * itself owns nothing and needs no freeing.
 */
#ifndef OV_CORE_JW_H
#define OV_CORE_JW_H
#include <stddef.h>
#include "core/buf.h"

#define JW_MAX_DEPTH 32

typedef struct {
    buf_t *out;                          /* borrowed */
    int depth;                           /* open containers */
    unsigned char st[JW_MAX_DEPTH];      /* per open container: JW_ST_* bits */
    int done;                            /* one top-level value written */
    int failed;
} jw_t;

void jw_init(jw_t *w, buf_t *out);

void jw_object_begin(jw_t *w);
void jw_object_end(jw_t *w);
void jw_array_begin(jw_t *w);
void jw_array_end(jw_t *w);
/* The next member's key (NUL-terminated, escaped as a string). */
void jw_key(jw_t *w, const char *key);

/* s as a JSON string; NULL writes null. */
void jw_string(jw_t *w, const char *s);
/* n bytes of s (may hold NUL: written as \u0000); NULL writes null. */
void jw_stringn(jw_t *w, const char *s, size_t n);
void jw_int(jw_t *w, long long v);
void jw_real(jw_t *w, double v);
void jw_bool(jw_t *w, int v);
void jw_null(jw_t *w);

/* json[0..n) as the next value, as it is: the caller's word that it is one
 * complete value written by the rules above (its strings by jw_escaped, or
 * another jw_t into its own buffer, finished). Not checked. For the lists
 * of thousands of alike items, each assembled in a scratch buffer with a
 * few appends rather than a call per key and value, and for parts made
 * apart and put in order later. */
void jw_raw(jw_t *w, const char *json, size_t n);
/* s[0..n) as jw_stringn writes it (quoted, escaped) appended to out; 0, or
 * -1 when s is not valid UTF-8 or out failed (out then holds part of it). */
int jw_escaped(buf_t *out, const char *s, size_t n);

/* 0 when exactly one complete value was written and nothing failed (the
 * buffer included), else -1. */
int jw_finish(const jw_t *w);

/* 1 if s[0..n) is valid UTF-8 by the rules above, else 0. */
int jw_utf8_valid(const char *s, size_t n);

#endif
