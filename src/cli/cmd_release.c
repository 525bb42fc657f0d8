/*
 * cmd_release.c: `oversight release BODY [--draft] [--format
 * text|html|json] [--out FILE] [--db URL]`: the body's latest news release
 * (docs/release.h) as it stands (a draft recomputed from the record with
 * its edits and quotes, an approved or published one as frozen), or with
 * --draft, or when it has none, a new draft from the record (nothing is
 * saved). Printed, or written to FILE.
 */
#include "cli/cli.h"
#include "docs/release.h"
#include "store/releases.h"
#include "store/store.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_release(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *format = "text", *out_path = NULL;
    int draft = 0;
    const cli_opt_t opts[] = {{"format", 1, &format, NULL}, {"out", 1, &out_path, NULL}, {"draft", 0, NULL, &draft},
                              {"db", 1, &db, NULL}, {NULL, 0, NULL, NULL}};
    const char *pos[1] = {NULL};
    if (cli_parse("release", argc, argv, opts, pos, 1, 1) < 0) return 2;
    if (strcmp(format, "text") && strcmp(format, "html") && strcmp(format, "json")) {
        fprintf(stderr, "oversight release: --format must be text, html or json, not '%s'\n", format);
        return 2;
    }
    ov_error_t err = {0};
    store_t *s = NULL;
    json_t *model = NULL, *rows = NULL;
    buf_t b = BUF_INIT;
    int rc = store_open(db, STORE_OPEN_EXISTING, &s, &err);
    if (rc == 0 && !draft) rc = store_releases_list(s, pos[0], NULL, &rows, &err);
    json_t *latest = json_array_get(rows, 0);
    if (rc == 0 && latest) rc = release_view(s, json_integer_value(json_object_get(latest, "id")), &model, &err);
    else if (rc == 0) rc = release_draft_for(s, pos[0], &model, &err);
    store_close(s);
    json_decref(rows);
    if (rc == 0) {
        if (strcmp(format, "json") == 0) {
            char *j = json_dumps(model, JSON_INDENT(2));
            if (j) buf_printf(&b, "%s\n", j);
            else rc = ov_error_set(&err, OV_EINTERNAL, "", "out of memory");
            free(j);
        } else if (strcmp(format, "html") == 0) rc = release_render_html_article(model, &b);
        else rc = release_render_text(model, &b);
        if (rc == 0 && b.failed) rc = ov_error_set(&err, OV_EINTERNAL, "", "out of memory");
    }
    json_decref(model);
    if (rc) {
        fprintf(stderr, "oversight release: %s%s%s%s\n",
                err.message[0] ? err.message : "the news release could not be made", err.field[0] ? " [field " : "",
                err.field, err.field[0] ? "]" : "");
        buf_free(&b);
        return 1;
    }
    FILE *f = out_path ? fopen(out_path, "wb") : stdout;
    if (!f) {
        fprintf(stderr, "oversight release: cannot write %s: %s\n", out_path, strerror(errno));
        buf_free(&b);
        return 1;
    }
    size_t wrote = fwrite(b.data ? b.data : "", 1, b.len, f);
    int bad = wrote != b.len || (out_path ? fclose(f) != 0 : fflush(f) != 0);
    buf_free(&b);
    if (bad) {
        fprintf(stderr, "oversight release: cannot write %s: %s\n", out_path ? out_path : "stdout", strerror(errno));
        return 1;
    }
    if (out_path) fprintf(stderr, "wrote %s\n", out_path);
    return 0;
}
