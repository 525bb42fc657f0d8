/*
 * fuzz_csv.c: libFuzzer target for the RFC 4180 reader (src/core/csv.h).
 * Every record's fields are read in full so ASan sees any bad pointer, and
 * every field is written back through csv_write_field.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "core/buf.h"
#include "core/csv.h"

static int touch(void *ctx, char **fields, int nfields, int line, ov_error_t *err)
{
    (void)err;
    buf_t *out = ctx;
    if (nfields < 0 || nfields > CSV_MAX_FIELDS || line < 1) __builtin_trap();
    for (int i = 0; i < nfields; i++) {
        (void)strlen(fields[i]);
        csv_write_field(out, fields[i]);
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
