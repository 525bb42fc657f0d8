/*
 * cmd_db.c: `oversight init` and `oversight demo`: create a database.
 */
#include "app/reports.h"
#include "cli/cli.h"
#include "store/store.h"
#include "store/reference.h"
#include "store/script.h"
#include "core/embed.h"
#include "store/accounts.h"
#include "docs/letter.h"
#include "docs/release.h"
#include <errno.h>
#include <stdio.h>
#include "core/buf.h"
#include <string.h>
#include <time.h>
#include <unistd.h>

static odate_t today_or(const char *pinned)
{
    odate_t d;
    if (pinned && date_parse_day(pinned, &d) == 0) return d;
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    odate_t t = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, DATE_DAY};
    return t;
}

/* Removes a database that failed half-way, so a retry starts clean. */
static void remove_db(const char *path)
{
    char side[4096];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

extern const struct embed_file data_embed_files[];

/* The Metropolitan Police case of the seeds (data/demo_met.json). */
static int load_demo_record(store_t *s, ov_error_t *err)
{
    const struct embed_file *f = embed_lookup(data_embed_files, "demo_met.json");
    if (!f) return ov_error_set(err, OV_EINTERNAL, "", "demo_met.json is not in this build");
    int rc = store_load_script(s, (const char *)f->data, f->len, NULL, err);
    /* its letters were published on their dates: approve and publish them */
    if (rc == 0) rc = letter_publish_loaded(s, NULL, "demo", NULL, err);
    /* and the news release that went out with the letter */
    if (rc == 0) rc = release_publish_loaded(s, NULL, "demo", NULL, err);
    /* a national thematic report to every police force and the College of
     * Policing (data/demo_thematic.json: illustrative, and says so; what
     * was checked towards a real one: data/demo_thematic.sources.md) */
    const struct embed_file *t = rc == 0 ? embed_lookup(data_embed_files, "demo_thematic.json") : NULL;
    if (rc == 0 && !t) rc = ov_error_set(err, OV_EINTERNAL, "", "demo_thematic.json is not in this build");
    json_error_t jerr;
    json_t *report = t ? json_loadb((const char *)t->data, t->len, 0, &jerr) : NULL;
    long long id = 0;
    if (t && !report) rc = ov_error_set(err, OV_EINTERNAL, "", "demo_thematic.json line %d: %s", jerr.line, jerr.text);
    if (rc == 0) rc = app_report_create(s, report, "demo", &id, err);
    json_decref(report);
    return rc;
}

/* Creates url with the schema, the reference bodies and (with_history) the
 * real Engage history. Returns an exit code. */
static int create_db(const char *cmd, const char *url, int with_demo)
{
    ov_error_t err = {0};
    store_url_t u;
    if (store_url_parse(url, &u, &err) != 0) {
        fprintf(stderr, "oversight %s: %s\n", cmd, err.message);
        return 2;
    }
    const char *path = u.path;
    int pg = u.kind == STORE_URL_PG;
    /* what messages show: a PostgreSQL URL without its password */
    char shown[512];
    store_url_redact(url, shown, sizeof shown);
    if (!pg && access(path, F_OK) == 0) {
        fprintf(stderr, "oversight %s: %s already exists; choose another path or remove it first\n", cmd, path);
        return 1;
    }
    store_t *s = NULL;
    odate_t today = today_or(getenv("OVERSIGHT_TODAY"));
    /* PostgreSQL: the database exists already; it must be empty */
    int rc = store_open(url, STORE_OPEN_CREATE | (pg ? STORE_OPEN_NEW : 0), &s, &err);
    if (rc == 0) rc = store_reference_load_bodies(s, &err);
    if (rc == 0) rc = store_reference_load_history(s, &today, &err);
    if (rc == 0 && with_demo) rc = load_demo_record(s, &err);
    if (rc == 0 && with_demo) rc = accounts_add_demo_users(s, &err);
    store_close(s);
    if (rc != 0) {
        fprintf(stderr, "oversight %s: %s\n", cmd, err.message);
        if (s && !pg) remove_db(path);
        return 1;
    }
    printf("created %s (schema %d)\n", pg ? shown : path, store_schema_latest());
    if (with_demo) cli_demo_users_print();
    return 0;
}

int cmd_init(int argc, char **argv)
{
    const char *pos[1] = {NULL};
    if (cli_parse("init", argc, argv, NULL, pos, 1, 1) < 0) return 2;
    return create_db("init", pos[0], 0);
}

int cmd_demo(int argc, char **argv)
{
    const char *pos[1] = {NULL};
    if (cli_parse("demo", argc, argv, NULL, pos, 1, 1) < 0) return 2;
    return create_db("demo", pos[0], 1);
}

/* `oversight load FILE [--db URL]`: a monitoring record as JSON steps
 * (store/script.h), all or nothing. */
int cmd_load(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB;
    const cli_opt_t opts[] = {{"db", 1, &db, NULL}, {NULL, 0, NULL, NULL}};
    const char *pos[1] = {NULL};
    if (cli_parse("load", argc, argv, opts, pos, 1, 1) < 0) return 2;
    FILE *in = strcmp(pos[0], "-") == 0 ? stdin : fopen(pos[0], "rb");
    if (!in) {
        fprintf(stderr, "oversight load: cannot read %s: %s\n", pos[0], strerror(errno));
        return 1;
    }
    buf_t b = {0};
    b.limit = (size_t)64 * 1024 * 1024;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, in)) > 0) buf_append(&b, chunk, n);
    int read_failed = ferror(in) || b.failed;
    if (in != stdin) fclose(in);
    if (read_failed) {
        fprintf(stderr, "oversight load: cannot read %s (or larger than 64 MiB)\n", pos[0]);
        buf_free(&b);
        return 1;
    }
    store_t *s = NULL;
    ov_error_t err = {0};
    int steps = 0;
    int rc = store_open(db, STORE_OPEN_EXISTING, &s, &err);
    if (rc == 0) rc = store_load_script(s, b.data ? b.data : "", b.len, &steps, &err);
    store_close(s);
    buf_free(&b);
    if (rc) {
        fprintf(stderr, "oversight load: %s: %s%s%s%s\n", pos[0], err.message, err.field[0] ? " [field " : "",
                err.field, err.field[0] ? "]" : "");
        fprintf(stderr, "oversight load: nothing was loaded\n");
        return 1;
    }
    printf("loaded %d steps from %s\n", steps, pos[0]);
    return 0;
}
