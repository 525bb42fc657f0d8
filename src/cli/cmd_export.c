/*
 * cmd_export.c: `oversight export` (the public record as open data, CSV or
 * JSON) and `oversight import-export` (restores such an export into a fresh
 * `oversight init` database). What is public: store/export.h.
 */
#include "cli/cli.h"
#include "core/buf.h"
#include "app/app.h"
#include "store/export.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define EXPORT_READ_MAX ((size_t)256 * 1024 * 1024)

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Writes len bytes to path (replacing it). 0 or -1 with errno. */
static int write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    size_t w = len ? fwrite(data, 1, len, f) : 0;
    int bad = w != len || ferror(f);
    int saved = errno;
    if (fclose(f) != 0 && !bad) return -1;
    if (bad) errno = saved ? saved : EIO;
    return bad ? -1 : 0;
}

/* Reads all of path into b (capped). 0 or -1 with errno (EFBIG over the cap). */
static int read_file(const char *path, buf_t *b)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    b->limit = EXPORT_READ_MAX;
    char chunk[65536];
    size_t k;
    int rc = 0;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (buf_append(b, chunk, k) != 0) {
            errno = EFBIG;
            rc = -1;
            break;
        }
    if (rc == 0 && ferror(f)) rc = -1;
    int saved = errno;
    fclose(f);
    errno = saved;
    return rc;
}

static void utc_now(char out[32])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int export_csv_dir(const char *dir, json_t *tables)
{
    if (!is_dir(dir) && mkdir(dir, 0777) != 0) {
        fprintf(stderr, "oversight export: cannot create directory %s: %s\n", dir, strerror(errno));
        return 1;
    }
    for (const export_table_t *t = export_tables; t->name; t++) {
        if (!json_object_get(tables, t->name)) continue;   /* a table the public export leaves out */
        buf_t b = BUF_INIT;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.csv", dir, t->name);
        int rc = export_csv(&b, t, json_object_get(tables, t->name));
        if (rc != 0) {
            fprintf(stderr, "oversight export: %s: out of memory\n", t->name);
            buf_free(&b);
            return 1;
        }
        rc = write_file(path, b.data ? b.data : "", b.len);
        buf_free(&b);
        if (rc != 0) {
            fprintf(stderr, "oversight export: cannot write %s: %s\n", path, strerror(errno));
            return 1;
        }
    }
    printf("exported %d tables as CSV to %s\n", (int)json_object_size(tables), dir);
    return 0;
}

/* `oversight export [--format csv|json] [--out DIR|FILE] [--db URL]` */
int cmd_export(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *format = "json", *outp = NULL;
    int all = 0;
    const cli_opt_t opts[] = {{"db", 1, &db, NULL}, {"format", 1, &format, NULL}, {"out", 1, &outp, NULL},
                              {"all", 0, NULL, &all}, {NULL, 0, NULL, NULL}};
    if (cli_parse("export", argc, argv, opts, NULL, 0, 0) < 0) return 2;
    int csv = strcmp(format, "csv") == 0;
    if (!csv && strcmp(format, "json") != 0) {
        fprintf(stderr, "oversight export: option '--format': '%s' is not csv or json\n", format);
        return 2;
    }
    if (csv && !outp) {
        fprintf(stderr, "oversight export: option '--out': --format csv writes one file per table and needs --out DIR\n");
        return 2;
    }
    store_t *s = NULL;
    ov_error_t err = {0};
    json_t *tables = NULL;
    int rc = store_open(db, STORE_OPEN_EXISTING, &s, &err);
    /* the publication rule on today (OVERSIGHT_TODAY pins it, as for the
     * server); --all: the whole record, for the operator */
    char today[DATE_TEXT_MAX];
    app_t pinned = {0};
    pinned.today = getenv("OVERSIGHT_TODAY");
    app_today_text(&pinned, today);
    if (rc == 0) rc = store_export_tables(s, all ? NULL : today, &tables, &err);
    store_close(s);
    if (rc != 0) {
        fprintf(stderr, "oversight export: %s\n", err.message);
        return 1;
    }
    if (csv) {
        int st = export_csv_dir(outp, tables);
        json_decref(tables);
        return st;
    }
    char now[32];
    utc_now(now);
    json_t *doc = export_document(now, tables);
    char *text = doc ? json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(doc);
    if (!text) {
        fprintf(stderr, "oversight export: out of memory\n");
        return 1;
    }
    int status = 0;
    if (!outp || strcmp(outp, "-") == 0) {
        if (puts(text) < 0 || fflush(stdout) != 0) status = 1;
    } else {
        char path[4096];
        if (is_dir(outp)) snprintf(path, sizeof path, "%s/oversight.json", outp);
        else snprintf(path, sizeof path, "%s", outp);
        buf_t b = BUF_INIT;
        buf_puts(&b, text);
        buf_putc(&b, '\n');
        int wrc = b.failed ? (errno = ENOMEM, -1) : write_file(path, b.data, b.len);
        buf_free(&b);
        if (wrc != 0) {
            fprintf(stderr, "oversight export: cannot write %s: %s\n", path, strerror(errno));
            status = 1;
        } else {
            printf("exported %s\n", path);
        }
    }
    free(text);
    return status;
}

/* The tables of a CSV export directory: one NAME.csv per table. */
static int read_csv_dir(store_t *s, const char *dir, json_t *tables, json_t *sources, ov_error_t *err)
{
    DIR *d = opendir(dir);
    if (!d) return ov_error_set(err, OV_EINVALID, "", "cannot read directory %s: %s", dir, strerror(errno));
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".csv") != 0) continue;
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(n - 4), e->d_name);
        const export_table_t *t = export_table_find(name);
        if (!t)
            rc = ov_error_set(err, OV_EINVALID, name, "%s/%s: not a table of the open data export", dir, e->d_name);
    }
    closedir(d);
    for (const export_table_t *t = export_tables; rc == 0 && t->name; t++) {
        if (t->derived) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.csv", dir, t->name);
        buf_t b = BUF_INIT;
        if (read_file(path, &b) != 0) {
            int missing = errno == ENOENT;
            buf_free(&b);
            if (missing) continue;
            rc = ov_error_set(err, OV_EINVALID, "", "cannot read %s: %s", path, strerror(errno));
            break;
        }
        json_t *rows = NULL, *lines = NULL;
        rc = store_export_rows_from_csv_at(s, t, path, b.data ? b.data : "", b.len, &rows, &lines, err);
        buf_free(&b);
        if (rc == 0) {
            json_object_set_new(tables, t->name, rows);
            /* where each row came from, for the restore's messages */
            json_object_set_new(sources, t->name, json_pack("{s:s, s:o}", "file", path, "lines", lines));
        }
    }
    if (rc == 0 && json_object_size(tables) == 0)
        rc = ov_error_set(err, OV_EINVALID, "", "%s holds no table of the open data export (NAME.csv)", dir);
    return rc;
}

/* The tables of a JSON export document. */
static int read_json_doc(const char *path, json_t **tables, ov_error_t *err)
{
    buf_t b = BUF_INIT;
    if (read_file(path, &b) != 0) {
        int e = errno;
        buf_free(&b);
        return ov_error_set(err, OV_EINVALID, "", "cannot read %s: %s", path, e == EFBIG ? "larger than 256 MiB" : strerror(e));
    }
    json_error_t je;
    json_t *doc = json_loadb(b.data ? b.data : "", b.len, 0, &je);
    buf_free(&b);
    if (!doc) return ov_error_set(err, OV_EINVALID, "", "%s line %d: not JSON: %s", path, je.line, je.text);
    const char *format = json_string_value(json_object_get(json_object_get(doc, "schema"), "format"));
    json_t *t = json_object_get(doc, "tables");
    if (!json_is_object(doc) || !json_is_object(t) || (format && strcmp(format, EXPORT_FORMAT_NAME) != 0)) {
        json_decref(doc);
        return ov_error_set(err, OV_EINVALID, "tables", "%s is not an Oversight open data export (no \"tables\" object)",
                            path);
    }
    *tables = json_incref(t);
    json_decref(doc);
    return 0;
}

/* `oversight import-export DIR_OR_FILE [--add-bodies] [--db URL]` */
int cmd_import_export(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB;
    int add_bodies = 0;
    const cli_opt_t opts[] = {{"db", 1, &db, NULL}, {"add-bodies", 0, NULL, &add_bodies}, {NULL, 0, NULL, NULL}};
    const char *pos[1] = {NULL};
    if (cli_parse("import-export", argc, argv, opts, pos, 1, 1) < 0) return 2;
    store_t *s = NULL;
    ov_error_t err = {0};
    json_t *tables = NULL, *sources = json_object();
    long long n = 0;
    int rc = store_open(db, STORE_OPEN_EXISTING, &s, &err);
    if (rc == 0) {
        if (is_dir(pos[0])) {
            tables = json_object();
            rc = read_csv_dir(s, pos[0], tables, sources, &err);
        } else {
            rc = read_json_doc(pos[0], &tables, &err);
            json_object_set_new(sources, "*", json_pack("{s:s}", "file", pos[0]));
        }
    }
    if (rc == 0) rc = store_export_restore_from(s, tables, sources, add_bodies ? EXPORT_RESTORE_ADD_BODIES : 0, &n, &err);
    store_close(s);
    json_decref(tables);
    json_decref(sources);
    if (rc != 0) {
        fprintf(stderr, "oversight import-export: %s%s%s%s\n", err.message, err.field[0] ? " [field " : "", err.field,
                err.field[0] ? "]" : "");
        fprintf(stderr, "oversight import-export: nothing was imported\n");
        return 1;
    }
    printf("restored %lld rows from %s\n", n, pos[0]);
    return 0;
}
