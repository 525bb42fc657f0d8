/* test_csv.c: RFC 4180 reading and writing; spreadsheet-safe text cells. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "core/csv.h"

typedef struct {
    char rows[16][8][64];
    int nfields[16];
    int lines[16];
    int n;
} got_t;

static int collect(void *ctx, char **f, int n, int line, ov_error_t *err)
{
    (void)err;
    got_t *g = ctx;
    for (int i = 0; i < n && i < 8; i++) snprintf(g->rows[g->n][i], 64, "%s", f[i]);
    g->nfields[g->n] = n;
    g->lines[g->n] = line;
    g->n++;
    return 0;
}

static void plain_and_quoted(void **state)
{
    (void)state;
    got_t g = {0};
    const char *t = "a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\n\"multi\nline\",2,3\r\nlast,row,here";
    assert_int_equal(csv_parse(t, strlen(t), collect, &g, NULL), 0);
    assert_int_equal(g.n, 4);
    assert_string_equal(g.rows[1][0], "x, y");
    assert_string_equal(g.rows[1][1], "say \"hi\"");
    assert_string_equal(g.rows[1][2], "");
    assert_int_equal(g.nfields[1], 3);
    assert_string_equal(g.rows[2][0], "multi\nline");
    assert_int_equal(g.lines[2], 3);
    assert_int_equal(g.lines[3], 5);
    assert_string_equal(g.rows[3][2], "here");
}

static void bom_and_blank_lines(void **state)
{
    (void)state;
    got_t g = {0};
    const char *t = "\xEF\xBB\xBFh1,h2\n\n1,2\n";
    assert_int_equal(csv_parse(t, strlen(t), collect, &g, NULL), 0);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.rows[0][0], "h1");
    assert_int_equal(g.lines[1], 3);
}

static void errors_name_the_line(void **state)
{
    (void)state;
    got_t g = {0};
    ov_error_t err = {0};
    const char *t = "a,b\nc,\"open\n";
    assert_int_equal(csv_parse(t, strlen(t), collect, &g, &err), OV_EINVALID);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "line 2"));
    memset(&g, 0, sizeof g);
    t = "a,b\nc,d\"e\n";
    assert_int_equal(csv_parse(t, strlen(t), collect, &g, &err), OV_EINVALID);
    assert_non_null(strstr(err.message, "line 2"));
    t = "a,\"b\"x\n";
    assert_int_equal(csv_parse(t, strlen(t), collect, &g, &err), OV_EINVALID);
    assert_int_equal(csv_parse("a\0b", 3, collect, &g, &err), OV_EINVALID);
}

static int stop_at_two(void *ctx, char **f, int n, int line, ov_error_t *err)
{
    (void)ctx; (void)f; (void)n;
    if (line == 2) return ov_error_set(err, OV_EINVALID, "x", "stop");
    return 0;
}

static void callback_error_propagates(void **state)
{
    (void)state;
    ov_error_t err = {0};
    const char *t = "a\nb\nc\n";
    assert_int_equal(csv_parse(t, strlen(t), stop_at_two, NULL, &err), OV_EINVALID);
    assert_int_equal(err.line, 2);
}

static void write_round_trip(void **state)
{
    (void)state;
    buf_t b = BUF_INIT;
    const char *vals[] = {"plain", "with,comma", "with \"quote\"", "line\nbreak", "", NULL};
    for (int i = 0; vals[i]; i++) {
        if (i) buf_putc(&b, ',');
        csv_write_field(&b, vals[i]);
    }
    buf_putc(&b, '\n');
    assert_string_equal(b.data, "plain,\"with,comma\",\"with \"\"quote\"\"\",\"line\nbreak\",\n");
    got_t g = {0};
    assert_int_equal(csv_parse(b.data, b.len, collect, &g, NULL), 0);
    assert_int_equal(g.n, 1);
    for (int i = 0; vals[i]; i++) assert_string_equal(g.rows[0][i], vals[i]);
    buf_free(&b);
}

/* issue #13 (3): text cells a spreadsheet would run as formulas get one
 * apostrophe in front, and the reader takes exactly that one off again */
static void text_cells_are_spreadsheet_safe(void **state)
{
    (void)state;
    static const struct { const char *text, *cell; } cases[] = {
        {"=1+1", "'=1+1"},
        {"+44 20 7946 0000", "'+44 20 7946 0000"},
        {"-5 days", "'-5 days"},
        {"@home", "'@home"},
        {"\tx", "'\tx"},
        {"\r=1", "\"'\r=1\""},          /* CR: quoted as well */
        {"=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""},
        {"=a,b", "\"'=a,b\""},
        {"'=x", "''=x"},                 /* an apostrophe of its own is kept */
        {"''-1", "'''-1"},
        {"'plain", "'plain"},            /* nothing to neutralise: as it is */
        {"'", "'"},
        {"''", "''"},
        {"plain", "plain"},
        {"a=b", "a=b"},
        {"2025-01-23", "2025-01-23"},
        {" =1", " =1"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        buf_t b = BUF_INIT;
        assert_int_equal(csv_write_text(&b, cases[i].text), 0);
        if (strcmp(b.data ? b.data : "", cases[i].cell) != 0)
            fail_msg("case %zu: wrote [%s], wanted [%s]", i, b.data ? b.data : "", cases[i].cell);
        buf_puts(&b, "\n");
        got_t g = {0};
        assert_int_equal(csv_parse(b.data, b.len, collect, &g, NULL), 0);
        if (cases[i].text[0]) {
            assert_int_equal(g.n, 1);
            /* no cell the reader gives back begins with a formula character */
            assert_null(strchr("=+-@\t\r", g.rows[0][0][0]));
            /* and the text comes back exactly */
            assert_string_equal(csv_text_plain(g.rows[0][0]), cases[i].text);
        }
        buf_free(&b);
    }
    /* the rule alone */
    assert_true(csv_text_needs_quote("=x"));
    assert_true(csv_text_needs_quote("'''@x"));
    assert_false(csv_text_needs_quote("'x"));
    assert_false(csv_text_needs_quote(NULL));
    assert_null(csv_text_plain(NULL));
    assert_string_equal(csv_text_plain("'plain"), "'plain");
    assert_string_equal(csv_text_plain("''=x"), "'=x");
    assert_string_equal(csv_text_plain("'=x"), "=x");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_and_quoted), cmocka_unit_test(bom_and_blank_lines),
        cmocka_unit_test(errors_name_the_line), cmocka_unit_test(callback_error_propagates),
        cmocka_unit_test(write_round_trip), cmocka_unit_test(text_cells_are_spreadsheet_safe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
