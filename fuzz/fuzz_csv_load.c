/*
 * fuzz_csv_load.c: libFuzzer target for `oversight import-export DIR`: one
 * table's CSV read by store_export_rows_from_csv (header checked against
 * the table, fields typed by the database's columns) and restored by
 * store_export_restore, into a database made once by cmd_init (as
 * `oversight init` does: schema, reference bodies, the Engage history).
 *
 * Input: the first byte chooses the table (modulo the restorable tables of
 * export_tables), the rest is that table's CSV file.
 *
 * Checked for every input: an error says why; no transaction is left open;
 * a failed load changes nothing (the row count of every table, audit_log
 * included, is the same as before); a successful one adds exactly the rows
 * it reports (decisions: replaced by them). After a success the database
 * is put back from the copy taken at start-up, so inputs stay independent.
 * A violation aborts (__builtin_trap).
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>
#include "cli/cli.h"
#include "core/buf.h"
#include "store/export.h"
#include "store/store.h"

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "fuzz_csv_load: check failed: %s (line %d)\n", #c, __LINE__); __builtin_trap(); } } while (0)

static char g_dir[64];
static char g_db[256];
static buf_t g_template = BUF_INIT;   /* the database file right after init */
static store_t *g_s;
static json_t *g_counts;              /* {table: rows} of the fresh database */
static const export_table_t *g_tables[64];
static int g_ntables;

static void remove_db(void)
{
    char path[300];
    static const char *const side[] = {"", "-wal", "-shm", "-journal", NULL};
    for (int i = 0; side[i]; i++) {
        snprintf(path, sizeof path, "%s%s", g_db, side[i]);
        unlink(path);
    }
}

static void cleanup(void)
{
    store_close(g_s);
    json_decref(g_counts);
    buf_free(&g_template);
    remove_db();
    rmdir(g_dir);
}

/* {table: count(*)} for every table of the schema. */
static json_t *counts(void)
{
    ov_error_t err = {0};
    json_t *names = NULL, *out = json_object();
    CHECK(store_query(g_s, &names, &err, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", NULL)
          == 0);
    size_t i;
    json_t *row;
    json_array_foreach(names, i, row) {
        const char *name = json_string_value(json_object_get(row, "name"));
        char sql[200];
        snprintf(sql, sizeof sql, "SELECT count(*) AS n FROM \"%s\"", name);
        json_t *one = NULL;
        CHECK(store_query_one(g_s, &one, &err, name, sql, NULL) == 0);
        json_object_set(out, name, json_object_get(one, "n"));
        json_decref(one);
    }
    json_decref(names);
    return out;
}

static void open_db(void)
{
    ov_error_t err = {0};
    if (store_open(g_db, STORE_OPEN_EXISTING, &g_s, &err) != 0) {
        fprintf(stderr, "fuzz_csv_load: %s\n", err.message);
        abort();
    }
}

/* Puts the database back as init left it. */
static void reset_db(void)
{
    store_close(g_s);
    g_s = NULL;
    remove_db();
    int fd = open(g_db, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || write(fd, g_template.data, g_template.len) != (ssize_t)g_template.len) abort();
    close(fd);
    open_db();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    /* tmpfs when there is one: commits' fsyncs cost nothing and cannot stall a run */
    snprintf(g_dir, sizeof g_dir, "%s/fuzz_csv_load.XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(g_dir)) abort();
    snprintf(g_db, sizeof g_db, "%s/init.db", g_dir);
    atexit(cleanup);
    char *args[] = {"init", g_db, NULL};
    int so = dup(1), dn = open("/dev/null", O_WRONLY);
    fflush(stdout);
    dup2(dn, 1);
    int rc = cmd_init(2, args);
    fflush(stdout);
    dup2(so, 1);
    close(so);
    close(dn);
    if (rc != 0) abort();
    /* init closed its connection: the file is complete (no WAL left) */
    FILE *f = fopen(g_db, "rb");
    char chunk[65536];
    size_t n;
    if (!f) abort();
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&g_template, chunk, n);
    fclose(f);
    if (g_template.failed || !g_template.len) abort();
    open_db();
    g_counts = counts();
    for (const export_table_t *t = export_tables; t->name; t++)
        if (!t->derived && g_ntables < 64) g_tables[g_ntables++] = t;
    return 0;
}

static long long count_of(json_t *c, const char *table)
{
    return json_integer_value(json_object_get(c, table));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    const export_table_t *t = g_tables[data[0] % g_ntables];
    char *text = malloc(size - 1 + 1);   /* exactly the file, so ASan sees any overread */
    if (!text) return 0;
    memcpy(text, data + 1, size - 1);

    ov_error_t err = {0};
    json_t *rows = NULL;
    long long n = -1;
    int rc = store_export_rows_from_csv(g_s, t, "fuzz.csv", text, size - 1, &rows, &err);
    CHECK(rc == 0 ? json_is_array(rows) : rows == NULL);
    if (rc == 0) {
        json_t *tables = json_object();
        json_object_set_new(tables, t->name, rows);
        rc = store_export_restore(g_s, tables, &n, &err);
        json_decref(tables);
    }
    free(text);
    if (getenv("FUZZ_CSV_LOAD_TRACE"))
        fprintf(stderr, "fuzz_csv_load: %s: %s\n", t->name, rc ? err.message : "loaded");
    CHECK(!store_in_transaction(g_s));
    if (rc != 0) {
        CHECK(err.message[0] != '\0');
        json_t *now = counts();
        if (!json_equal(now, g_counts)) {
            fprintf(stderr, "fuzz_csv_load: a failed load of %s changed the database: %s\n", t->name, err.message);
            __builtin_trap();
        }
        json_decref(now);
        return 0;
    }
    json_t *now = counts();
    long long before = count_of(g_counts, t->name), after = count_of(now, t->name);
    CHECK(n >= 0);
    if (strcmp(t->name, "decisions") == 0) CHECK(after == n);
    else if (strcmp(t->name, "bodies") == 0) CHECK(after >= before && after <= before + n);
    else CHECK(after == before + n);
    CHECK(count_of(now, "audit_log") == count_of(g_counts, "audit_log") + 1);
    json_decref(now);
    reset_db();
    return 0;
}
