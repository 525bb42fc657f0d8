/*
 * csv.c: RFC 4180 reader and field writer; spreadsheet-safe text cells.
 */
#include "core/csv.h"
#include <stdlib.h>
#include <string.h>

typedef struct {
    buf_t field;
    char *fields[CSV_MAX_FIELDS];
    size_t offsets[CSV_MAX_FIELDS];
    int n;
} record_t;

/* Ends the current field: NUL-separates it inside rec->field. */
static int end_field(record_t *r, int line, ov_error_t *err)
{
    if (r->n >= CSV_MAX_FIELDS)
        return ov_error_set(err, OV_EINVALID, "", "line %d: more than %d fields", line, CSV_MAX_FIELDS);
    r->offsets[r->n++] = r->field.len + 1; /* start of the next field */
    if (buf_putc(&r->field, '\0') != 0)
        return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    return 0;
}

static int emit(record_t *r, csv_record_fn fn, void *ctx, int line, ov_error_t *err)
{
    size_t start = 0;
    for (int i = 0; i < r->n; i++) {
        r->fields[i] = r->field.data + start;
        start = r->offsets[i];
    }
    int rc = fn(ctx, r->fields, r->n, line, err);
    if (rc != 0 && err && err->line == 0) err->line = line;
    buf_reset(&r->field);
    r->n = 0;
    return rc;
}

int csv_parse(const char *text, size_t len, csv_record_fn fn, void *ctx, ov_error_t *err)
{
    record_t r;
    memset(&r, 0, sizeof r);
    int rc = 0, line = 1, rec_line = 1;
    size_t i = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) i = 3;
    int in_record = 0;

    while (i < len) {
        char c = text[i];
        if (!in_record) { rec_line = line; in_record = 1; }
        size_t cur_start = r.n ? r.offsets[r.n - 1] : 0;
        if (c == '"' && r.field.len == cur_start) {
            /* a quoted field: only when the quote opens the field */
            i++;
            for (;;) {
                if (i >= len) {
                    rc = ov_error_set(err, OV_EINVALID, "", "line %d: quoted field not closed", rec_line);
                    if (err) err->line = rec_line;
                    goto done;
                }
                if (text[i] == '"') {
                    if (i + 1 < len && text[i + 1] == '"') { buf_putc(&r.field, '"'); i += 2; continue; }
                    i++;
                    break;
                }
                if (text[i] == '\n') line++;
                buf_putc(&r.field, text[i++]);
            }
            if (i < len && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
                rc = ov_error_set(err, OV_EINVALID, "", "line %d: unexpected character after closing quote", line);
                if (err) err->line = line;
                goto done;
            }
            continue;
        }
        if (c == ',') {
            if ((rc = end_field(&r, line, err)) != 0) goto done;
            i++;
        } else if (c == '\r' || c == '\n') {
            int blank = r.n == 0 && r.field.len == 0;
            if (!blank && (rc = end_field(&r, line, err)) != 0) goto done;
            if (c == '\r' && i + 1 < len && text[i + 1] == '\n') i++;
            i++;
            line++;
            in_record = 0;
            if (!blank && (rc = emit(&r, fn, ctx, rec_line, err)) != 0) goto done;
        } else if (c == '"') {
            rc = ov_error_set(err, OV_EINVALID, "", "line %d: quote inside an unquoted field", line);
            if (err) err->line = line;
            goto done;
        } else if (c == '\0') {
            rc = ov_error_set(err, OV_EINVALID, "", "line %d: NUL byte in CSV", line);
            if (err) err->line = line;
            goto done;
        } else {
            buf_putc(&r.field, c);
            i++;
        }
        if (r.field.failed) { rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory"); goto done; }
    }
    if (in_record) {
        if ((rc = end_field(&r, line, err)) != 0) goto done;
        rc = emit(&r, fn, ctx, rec_line, err);
    }
done:
    buf_free(&r.field);
    return rc;
}

int csv_write_field(buf_t *out, const char *s)
{
    if (!s) s = "";
    if (strpbrk(s, ",\"\r\n") == NULL) return buf_puts(out, s);
    int rc = buf_putc(out, '"');
    for (; *s; s++) {
        if (*s == '"') rc |= buf_putc(out, '"');
        rc |= buf_putc(out, *s);
    }
    rc |= buf_putc(out, '"');
    return rc ? -1 : 0;
}

/* The characters that make a spreadsheet read a cell as a formula (OWASP,
 * "CSV Injection"). */
static int formula_start(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

int csv_text_needs_quote(const char *s)
{
    if (!s) return 0;
    s += strspn(s, "'");
    return formula_start(*s);
}

int csv_write_text(buf_t *out, const char *s)
{
    if (!csv_text_needs_quote(s)) return csv_write_field(out, s);
    /* quoted or not, the apostrophe goes before the text: a quote-wrapped
     * field is still the cell "'=..." to a spreadsheet */
    buf_t cell = BUF_INIT;
    buf_putc(&cell, '\'');
    buf_puts(&cell, s);
    int rc = cell.failed ? -1 : csv_write_field(out, cell.data);
    buf_free(&cell);
    return rc;
}

const char *csv_text_plain(const char *s)
{
    return s && s[0] == '\'' && csv_text_needs_quote(s) ? s + 1 : s;
}
