/*
 * fuzz_csv.c: libFuzzer target for the RFC 4180 reader (src/core/csv.h).
 * Every record's fields are read in full so ASan sees any bad pointer, and
 * every field is written back through csv_write_field. Each field also
 * goes through the spreadsheet-safe writer (csv_write_text) and is read
 * back: the cell must never begin with a formula character, and
 * csv_text_plain of it must be the field exactly (the round trip
 * `import-export` relies on).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "core/buf.h"
#include "core/csv.h"

static int first_field(void *ctx, char **fields, int nfields, int line, ov_error_t *err)
{
    (void)line; (void)err;
    buf_t *got = ctx;
    if (nfields != 2) __builtin_trap();   /* two cells written, two read */
    buf_puts(got, fields[1]);
    return 0;
}

/* csv_write_text(s), parsed again, is a safe cell that csv_text_plain
 * turns back into s. */
static void safe_round_trip(const char *s)
{
    buf_t cell = BUF_INIT, got = BUF_INIT;
    ov_error_t err = {0};
    /* after a first cell, as in an export (a file's start may lose a BOM) */
    buf_puts(&cell, "h,");
    if (csv_write_text(&cell, s) != 0) __builtin_trap();
    buf_putc(&cell, '\n');
    if (cell.failed || csv_parse(cell.data, cell.len, first_field, &got, &err) != 0) __builtin_trap();
    const char *read = got.data ? got.data : "";
    if (csv_text_needs_quote(read) && read[0] != '\'') __builtin_trap();   /* a formula start survived */
    if (strcmp(csv_text_plain(read), s) != 0) __builtin_trap();
    buf_free(&cell);
    buf_free(&got);
}

static int touch(void *ctx, char **fields, int nfields, int line, ov_error_t *err)
{
    (void)err;
    buf_t *out = ctx;
    if (nfields < 0 || nfields > CSV_MAX_FIELDS || line < 1) __builtin_trap();
    for (int i = 0; i < nfields; i++) {
        (void)strlen(fields[i]);
        csv_write_field(out, fields[i]);
        safe_round_trip(fields[i]);
    }
    buf_reset(out);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    buf_t out = BUF_INIT;
    ov_error_t err = {0};
    int rc = csv_parse((const char *)data, size, touch, &out, &err);
    if (rc != 0 && err.message[0] == '\0') __builtin_trap();   /* errors must say why */
    buf_free(&out);
    return 0;
}
