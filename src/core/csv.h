/*
 * csv.h: RFC 4180 CSV reading and writing.
 *
 * The reader calls back once per record with its fields; errors name the
 * line. Quoted fields may hold commas, quotes ("") and line breaks; CRLF and
 * LF both end records; a UTF-8 byte order mark is skipped. Text cells of
 * exports are made spreadsheet-safe (csv_write_text, csv_text_plain).
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

/* Spreadsheet-safe text cells (CSV formula injection). A spreadsheet
 * opening a CSV file runs a cell that begins with '=', '+', '-', '@', a tab
 * or a carriage return as a formula. The exporter writes a *text* cell
 * that begins with one of them, after any run of apostrophes, with one
 * apostrophe more in front: "=1+1" -> "'=1+1", "-5 days" -> "'-5 days",
 * "'=x" -> "''=x"; every other text cell ("'plain", "2025-01-23", "a=b")
 * as it is. Numbers are never text cells, so -5 stays -5. The rule is
 * one-to-one, so csv_text_plain undoes it exactly: a cell that begins with
 * apostrophes followed by one of those characters loses one apostrophe,
 * any other is the text itself. */

/* 1 when text cell s gets the apostrophe. */
int csv_text_needs_quote(const char *s);
/* csv_write_field of text cell s made spreadsheet-safe. 0 or -1. */
int csv_write_text(buf_t *out, const char *s);
/* The text a safe cell stands for: s itself or s + 1 (borrowed). */
const char *csv_text_plain(const char *s);

#endif
