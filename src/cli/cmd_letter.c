/*
 * cmd_letter.c: `oversight letter BODY --kind KIND [--format
 * text|html|pdf|json] [--out FILE] [--db URL]`: a draft letter generated
 * from the record (src/docs/letter.h), printed or written to a file.
 * Nothing is saved; the fields (sender, recipient, Cc, dates, conclusion)
 * come from the body's latest letter of that kind when there is one.
 */
#include "cli/cli.h"
#include "docs/letter.h"
#include "store/store.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cmd_letter(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *kind = NULL, *format = "text", *out_path = NULL;
    const cli_opt_t opts[] = {{"kind", 1, &kind, NULL}, {"format", 1, &format, NULL}, {"out", 1, &out_path, NULL},
                              {"db", 1, &db, NULL}, {NULL, 0, NULL, NULL}};
    const char *pos[1] = {NULL};
    if (cli_parse("letter", argc, argv, opts, pos, 1, 1) < 0) return 2;
    if (!kind) {
        fprintf(stderr, "oversight letter: --kind is required (move_to_engage, return_to_scan or revisit)\n");
        return 2;
    }
    if (!letter_kind_valid(kind)) {
        fprintf(stderr, "oversight letter: --kind must be move_to_engage, return_to_scan or revisit, not '%s'\n", kind);
        return 2;
    }
    if (strcmp(format, "text") && strcmp(format, "html") && strcmp(format, "pdf") && strcmp(format, "json")) {
        fprintf(stderr, "oversight letter: --format must be text, html, pdf or json, not '%s'\n", format);
        return 2;
    }
    if (strcmp(format, "pdf") == 0 && !out_path && isatty(STDOUT_FILENO)) {
        fprintf(stderr, "oversight letter: a PDF is not for the terminal; give --out FILE or redirect stdout\n");
        return 2;
    }
    ov_error_t err = {0};
    store_t *s = NULL;
    json_t *model = NULL;
    buf_t b = BUF_INIT;
    int rc = store_open(db, STORE_OPEN_EXISTING, &s, &err);
    if (rc == 0) rc = letter_draft_for(s, pos[0], kind, &model, &err);
    store_close(s);
    if (rc == 0) {
        if (strcmp(format, "json") == 0) {
            char *j = json_dumps(model, JSON_INDENT(2));
            if (j) buf_printf(&b, "%s\n", j);
            else rc = ov_error_set(&err, OV_EINTERNAL, "", "out of memory");
            free(j);
        } else if (strcmp(format, "html") == 0) rc = letter_render_html_standalone(model, &b, &err);
        else if (strcmp(format, "pdf") == 0) rc = letter_render_pdf(model, &b, NULL, &err);
        else rc = letter_render_text(model, &b);
        if (rc == 0 && b.failed) rc = ov_error_set(&err, OV_EINTERNAL, "", "out of memory");
    }
    json_decref(model);
    if (rc) {
        fprintf(stderr, "oversight letter: %s%s%s%s\n", err.message[0] ? err.message : "the letter could not be made",
                err.field[0] ? " [field " : "", err.field, err.field[0] ? "]" : "");
        buf_free(&b);
        return 1;
    }
    FILE *f = out_path ? fopen(out_path, "wb") : stdout;
    if (!f) {
        fprintf(stderr, "oversight letter: cannot write %s: %s\n", out_path, strerror(errno));
        buf_free(&b);
        return 1;
    }
    size_t wrote = fwrite(b.data ? b.data : "", 1, b.len, f);
    int bad = wrote != b.len || (out_path ? fclose(f) != 0 : fflush(f) != 0);
    buf_free(&b);
    if (bad) {
        fprintf(stderr, "oversight letter: cannot write %s: %s\n", out_path ? out_path : "stdout", strerror(errno));
        return 1;
    }
    if (out_path) fprintf(stderr, "wrote %s\n", out_path);
    return 0;
}
