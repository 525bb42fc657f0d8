/*
 * input.h: checks on free-form input that every path shares, whichever
 * entity or form it arrives through. Pure: no I/O.
 *
 * One URL rule for every URL field (entity fields of kind url, a
 * decision's source_url) and one file-name rule for evidence files (the
 * JSON API and the upload form), so the API and the pages never disagree.
 */
#ifndef OV_CORE_INPUT_H
#define OV_CORE_INPUT_H
#include <stddef.h>
#include "core/error.h"

#define INPUT_URL_MAX 2000          /* bytes */
#define INPUT_FILE_NAME_MAX 200     /* bytes */

/* 0 when url is an absolute http:// or https:// URL (scheme in any case)
 * with a host, at most INPUT_URL_MAX bytes, valid UTF-8, without spaces,
 * control characters, backslashes or bidirectional controls. Else
 * OV_EINVALID naming field (e.g. "source_url") with a message that starts
 * with the field's name. url NULL counts as "". Callers decide whether an
 * absent value is allowed before calling. */
int input_url_check(const char *field, const char *url, ov_error_t *err);

/* A list of URLs, one a line: a decision's source_url names every source
 * of the decision (a letter and the news release about it), each its own
 * link. Lines end with LF or CRLF; blank lines are skipped. */
#define INPUT_URL_LIST_MAX 10       /* URLs in one list */

/* 0 when text holds 1 to INPUT_URL_LIST_MAX URLs, one a line, each passing
 * input_url_check, the whole at most INPUT_URL_LIST_MAX * INPUT_URL_MAX
 * bytes. Else OV_EINVALID naming field; the message names the line. */
int input_url_list_check(const char *field, const char *text, ov_error_t *err);

/* The next URL of a list: skips blank lines, sets *len to the line's length
 * (without its CR or LF) and *cursor past its end; NULL when none is left.
 * Start with *cursor = text (NULL text: none). */
const char *input_url_list_next(const char **cursor, size_t *len);

/* The host of an http(s) URL without a leading "www." (e.g.
 * "hmicfrs.justiceinspectorates.gov.uk"), written to out (always
 * terminated); "" when url has none. Used as a source's link text. */
void input_url_site(const char *url, size_t len, char *out, size_t outsz);

/* 0 when name can be an evidence file's name: 1 to INPUT_FILE_NAME_MAX
 * bytes of valid UTF-8, not "." or "..", without '/', '\\', control
 * characters (C0, DEL, C1) or bidirectional controls (U+202A to U+202E,
 * U+2066 to U+2069: they can make "invoice_fdp.exe" show as
 * "invoice_exe.pdf"). Else OV_EINVALID, field "filename", a message that
 * starts with "filename". name NULL counts as "". */
int input_file_name_check(const char *name, ov_error_t *err);

#endif
