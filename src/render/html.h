/*
 * html.h: escaping helpers for putting untrusted values into HTML.
 *
 * Every value that reaches a page goes through one of these (the template
 * engine in tmpl.c calls them for each {{tag}}). They append to a buf_t and
 * return 0, or -1 when the buffer refuses the bytes (size cap or ENOMEM; the
 * buffer's failed flag is then set). A NULL string is treated as "".
 */
#ifndef OV_RENDER_HTML_H
#define OV_RENDER_HTML_H
#include "core/buf.h"

/* Appends s with & < > " ' replaced by entities, so the result is safe both
 * as element text and inside a double- or single-quoted attribute value.
 * (Never put a value into an unquoted attribute.) Other bytes, including
 * UTF-8 sequences, are copied unchanged. Returns 0 or -1. */
int html_escape_text(buf_t *out, const char *s);

/* Appends s percent-encoded for one URL path segment or query value: every
 * byte except the RFC 3986 unreserved characters A-Z a-z 0-9 - . _ ~ becomes
 * %XX (upper-case hex; UTF-8 is encoded byte by byte). The output holds no
 * HTML-special characters, so it needs no further escaping. Returns 0 or -1. */
int html_escape_url_component(buf_t *out, const char *s);

/* Returns 1 if url may be used as an href/src value, else 0. Allowed:
 * relative URLs starting with '/', '#' or '?', and absolute URLs whose scheme
 * is http, https or mailto (case-insensitive). Everything else is refused,
 * notably javascript:, data:, vbscript: and bare relative paths. Leading
 * spaces and control characters are skipped, and tab/CR/LF inside the scheme
 * are ignored, as browsers do, so "  JaVa\tScript:" is still caught.
 * The caller must still HTML-escape the URL. NULL is not safe. */
int html_url_is_safe(const char *url);

#endif
