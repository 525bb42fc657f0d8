/*
 * csv.h: RFC 4180 CSV reading and writing.
 *
 * The reader calls back once per record with its fields; errors name the
 * line. Quoted fields may hold commas, quotes ("") and line breaks; CRLF and
 * LF both end records; a UTF-8 byte order mark is skipped.
 */
#ifndef OV_CORE_CSV_H
#define OV_CORE_CSV_H
#include <stddef.h>
#include "core/buf.h"
#include "core/error.h"

#define CSV_MAX_FIELDS 64

/* Called per record. fields[i] are NUL-terminated and valid only during the
 * call. line is the 1-based line where the record starts. Return 0 to go on,
 * or a negative status (with err filled) to stop: csv_parse returns it. */
typedef int (*csv_record_fn)(void *ctx, char **fields, int nfields, int line, ov_error_t *err);

/* Parses len bytes of text. Returns 0 or the first negative status. */
int csv_parse(const char *text, size_t len, csv_record_fn fn, void *ctx, ov_error_t *err);

/* Appends s as one field, quoted only when it must be. Returns 0 or -1. */
int csv_write_field(buf_t *out, const char *s);

#endif
