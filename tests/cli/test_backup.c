/* test_backup.c: `oversight audit verify|log`, `oversight backup` and
 * `oversight restore` from outside: a round trip keeps every table's rows;
 * a backup taken while the server writes passes integrity_check; restore
 * refuses to overwrite without --force and refuses non-Oversight files; a
 * tampered audit entry makes verify exit 1 naming it. With
 * OVERSIGHT_TEST_PG the same through pg_dump/pg_restore: the export after a
 * round trip equals the original's, and a corrupt archive changes nothing
 * (without it those tests are left out). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "support/support.h"

static t_site_t S;   /* a SQLite file: the tests open it and its backups with sqlite3 */

static int setup(void **state)
{
    (void)state;
    return t_site_init(&S, "demo.db", T_SITE_DEMO | T_SITE_FILE);
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

/* Runs `oversight ARGS...`; asserts the exit status; returns the result. */
static t_run_t run(int want, const char *a1, const char *a2, const char *a3, const char *a4, const char *a5)
{
    char *argv[] = {(char *)t_bin(), (char *)a1, (char *)a2, (char *)a3, (char *)a4, (char *)a5, NULL};
    t_run_t r;
    assert_int_equal(t_run(argv, NULL, &r), 0);
    if (r.status != want) fail_msg("oversight %s %s: exit %d, wanted %d: %s%s", a1, a2 ? a2 : "", r.status, want,
                                   r.out ? r.out : "", r.err ? r.err : "");
    return r;
}

/* Every table's rows, in rowid order, as one text. Caller frees. */
static char *dump(const char *path)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    sqlite3_stmt *tables = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1,
                                        &tables, NULL), SQLITE_OK);
    int ntables = 0;
    while (sqlite3_step(tables) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(tables, 0);
        char sql[300];
        /* names come from sqlite_master; quoted as identifiers */
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY rowid", t);
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {   /* WITHOUT ROWID tables */
            snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY 1", t);
            assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
        }
        fprintf(f, "== %s\n", t);
        ntables++;
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(st); c++) {
                const unsigned char *v = sqlite3_column_text(st, c);
                fprintf(f, "%s|", v ? (const char *)v : "<null>");
            }
            fputc('\n', f);
        }
        sqlite3_finalize(st);
    }
    sqlite3_finalize(tables);
    sqlite3_close(db);
    fclose(f);
    assert_true(ntables >= 20);
    return out;
}

static void audit_verify_and_log(void **state)
{
    (void)state;
    t_run_t r = run(0, "audit", "verify", "--db", S.db, NULL);
    assert_non_null(strstr(r.out, "entries, chain intact"));
    t_run_free(&r);
    char *argv[] = {(char *)t_bin(), "audit", "log", "--entity", "bodies", "--db", S.db, NULL};
    assert_int_equal(t_run(argv, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\tinsert\tbodies/1\n"));
    assert_non_null(strstr(r.out, "\tphase_change\tbodies/"));
    assert_null(strstr(r.out, "\tinspections/"));
    t_run_free(&r);
    /* no such subcommand */
    r = run(2, "audit", "fix", NULL, NULL, NULL);
    t_run_free(&r);
}

static void audit_log_of_one_row(void **state)
{
    (void)state;
    char *argv[] = {(char *)t_bin(), "audit", "log", "--entity", "recommendations", "--id", "1", "--json", "--db", S.db, NULL};
    t_run_t r;
    assert_int_equal(t_run(argv, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"action\": \"insert\""));
    assert_non_null(strstr(r.out, "\"actor\": \"cli:"));
    t_run_free(&r);
    char *bad[] = {(char *)t_bin(), "audit", "log", "--id", "x", "--db", S.db, NULL};
    assert_int_equal(t_run(bad, NULL, &r), 0);
    assert_int_equal(r.status, 2);
    t_run_free(&r);
}

static void backup_restore_round_trip(void **state)
{
    (void)state;
    char bak[320], restored[320], url[330];
    snprintf(bak, sizeof bak, "%s/b.db", S.dir);
    snprintf(restored, sizeof restored, "%s/r.db", S.dir);
    snprintf(url, sizeof url, "sqlite:%s", restored);
    t_run_t r = run(0, "backup", bak, "--db", S.db, NULL);
    assert_non_null(strstr(r.out, "integrity ok"));
    t_run_free(&r);
    /* a backup never overwrites */
    r = run(1, "backup", bak, "--db", S.db, NULL);
    assert_non_null(strstr(r.err, "already exists"));
    t_run_free(&r);
    r = run(0, "restore", bak, "--db", url, NULL);
    t_run_free(&r);
    char *a = dump(S.db), *b = dump(restored);
    assert_string_equal(a, b);
    free(a);
    free(b);
    r = run(0, "audit", "verify", "--db", url, NULL);
    t_run_free(&r);
    /* an existing database is replaced only with --force */
    r = run(1, "restore", bak, "--db", url, NULL);
    assert_non_null(strstr(r.err, "--force"));
    t_run_free(&r);
    r = run(0, "restore", bak, "--db", url, "--force");
    t_run_free(&r);
    /* missing --db is a usage error */
    r = run(2, "restore", bak, NULL, NULL, NULL);
    t_run_free(&r);
}

static void restore_refuses_what_is_not_ours(void **state)
{
    (void)state;
    char junk[320], other[320], target[330];
    snprintf(junk, sizeof junk, "%s/junk.db", S.dir);
    snprintf(other, sizeof other, "%s/other.db", S.dir);
    snprintf(target, sizeof target, "%s/target.db", S.dir);
    FILE *f = fopen(junk, "w");
    assert_non_null(f);
    fputs("this is not a database, though it is long enough to have a header of sorts ..........................\n", f);
    fclose(f);
    t_run_t r = run(1, "restore", junk, "--db", target, NULL);
    t_run_free(&r);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(other, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x); INSERT INTO t VALUES (1);", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    r = run(1, "restore", other, "--db", target, NULL);
    assert_non_null(strstr(r.err, "not an Oversight database"));
    t_run_free(&r);
    /* from a newer build */
    char newer[320];
    snprintf(newer, sizeof newer, "%s/newer.db", S.dir);
    r = run(0, "backup", newer, "--db", S.db, NULL);
    t_run_free(&r);
    assert_int_equal(sqlite3_open(newer, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    r = run(1, "restore", newer, "--db", target, NULL);
    assert_non_null(strstr(r.err, "newer than this build"));
    t_run_free(&r);
    assert_int_not_equal(access(target, F_OK), 0);
}

static void backup_while_server_writes(void **state)
{
    (void)state;
    char token[128], auth[200];
    assert_int_equal(t_user_token(S.db, "kentbak", "body", "kent", token), 0);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    t_server_t srv;
    assert_int_equal(t_server_start(S.db, NULL, &srv), 0);
    pid_t writer = fork();
    assert_true(writer >= 0);
    if (writer == 0) {
        const char *headers[] = {auth, "Content-Type: application/json", NULL};
        for (int i = 0; i < 300; i++) {
            t_http_t h;
            if (t_http(srv.port, "POST", "/api/v1/progress-updates",
                       "{\"body\":\"kent\",\"submitted_on\":\"2025-01-01\",\"author\":\"b\",\"text\":\"during backup\"}",
                       headers, &h) != 0 || h.status != 201)
                _exit(1);
            t_http_free(&h);
        }
        _exit(0);
    }
    usleep(100000);
    char bak[320];
    for (int i = 0; i < 3; i++) {
        snprintf(bak, sizeof bak, "%s/live%d.db", S.dir, i);
        t_run_t r = run(0, "backup", bak, "--db", S.db, NULL);
        t_run_free(&r);
        sqlite3 *db = NULL;
        sqlite3_stmt *st = NULL;
        assert_int_equal(sqlite3_open_v2(bak, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
        sqlite3_finalize(st);
        sqlite3_close(db);
        char url[330];
        snprintf(url, sizeof url, "sqlite:%s", bak);
        r = run(0, "audit", "verify", "--db", url, NULL);
        t_run_free(&r);
    }
    int st = 0;
    waitpid(writer, &st, 0);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    /* the writes are in the audit trail under the token's user, for staff only */
    char staff[128], staff_auth[200];
    assert_int_equal(t_user_token(S.db, "inspbak", "inspector", NULL, staff), 0);
    snprintf(staff_auth, sizeof staff_auth, "Authorization: Bearer %s", staff);
    const char *sh[] = {staff_auth, NULL}, *bh[] = {auth, NULL};
    t_http_t h;
    assert_int_equal(t_http(srv.port, "GET", "/api/v1/audit?entity=progress-updates&limit=5", NULL, sh, &h), 0);
    assert_int_equal(h.status, 200);
    assert_non_null(strstr(h.body, "\"actor\":\"kentbak\""));
    assert_non_null(strstr(h.body, "during backup"));
    t_http_free(&h);
    assert_int_equal(t_http(srv.port, "GET", "/api/v1/audit?entity=nonsense", NULL, sh, &h), 0);
    assert_int_equal(h.status, 400);
    t_http_free(&h);
    assert_int_equal(t_http(srv.port, "GET", "/api/v1/audit", NULL, bh, &h), 0);
    assert_int_equal(h.status, 403);
    t_http_free(&h);
    assert_int_equal(t_http(srv.port, "GET", "/api/v1/audit", NULL, NULL, &h), 0);
    assert_int_equal(h.status, 401);
    t_http_free(&h);
    assert_int_equal(t_server_stop(&srv), 0);
}

/* ---- PostgreSQL (OVERSIGHT_TEST_PG): pg_dump / pg_restore ---------------- */

/* `oversight export --format json` of url, exported_at removed. Caller
 * frees (json_decref). */
static json_t *export_of(const char *url)
{
    t_run_t r = run(0, "export", "--format", "json", "--db", url);
    json_error_t je;
    json_t *doc = json_loads(r.out, 0, &je);
    t_run_free(&r);
    assert_non_null(doc);
    assert_int_equal(json_object_del(doc, "exported_at"), 0);
    assert_true(json_array_size(json_object_get(json_object_get(doc, "tables"), "bodies")) > 10);
    return doc;
}

static void assert_export_equal(const json_t *want, const char *url)
{
    json_t *got = export_of(url);
    if (!json_equal(want, got)) fail_msg("export of %s differs from the expected record", url);
    json_decref(got);
}

static void assert_audit_ok(const char *url)
{
    t_run_t r = run(0, "audit", "verify", "--db", url, NULL);
    assert_non_null(strstr(r.out, "chain intact"));
    t_run_free(&r);
}

/* A fresh PostgreSQL database with the demo record; its URL into url. */
static void pg_demo(char url[512], const char *name)
{
    assert_int_equal(t_db_url(url, name), 0);
    t_run_t r = run(0, "demo", url, NULL, NULL, NULL);
    t_run_free(&r);
}

/* One more (published) inspection for the Met: a change the export shows. */
static void pg_change(const char *url)
{
    char path[320];
    snprintf(path, sizeof path, "%s/change.json", S.dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"steps\": [{\"entity\": \"inspections\", \"as\": \"later\", \"fields\": {\"body\": \"met\", \"kind\":"
          " \"thematic\", \"title\": \"After the backup\", \"fieldwork_start\": \"2025-03\","
          " \"published_on\": \"2025-06\"}}]}\n", f);
    fclose(f);
    t_run_t r = run(0, "load", path, "--db", url, NULL);
    t_run_free(&r);
}

static void pg_backup_restore_round_trip(void **state)
{
    (void)state;
    char src[512], fresh[512], inited[512], dump_path[320];
    pg_demo(src, "bak_src");
    snprintf(dump_path, sizeof dump_path, "%s/pg.dump", S.dir);
    t_run_t r = run(0, "backup", dump_path, "--db", src, NULL);
    assert_non_null(strstr(r.out, "pg_restore --list ok"));
    t_run_free(&r);
    /* a backup never overwrites */
    r = run(1, "backup", dump_path, "--db", src, NULL);
    assert_non_null(strstr(r.err, "already exists"));
    t_run_free(&r);
    json_t *orig = export_of(src);
    pg_change(src);
    json_t *changed = export_of(src);
    assert_false(json_equal(orig, changed));

    /* into a fresh, empty database: no --force needed */
    assert_int_equal(t_db_url(fresh, "bak_fresh"), 0);
    r = run(0, "restore", dump_path, "--db", fresh, NULL);
    t_run_free(&r);
    assert_export_equal(orig, fresh);
    assert_audit_ok(fresh);

    /* a database that holds anything is replaced only with --force */
    r = run(1, "restore", dump_path, "--db", src, NULL);
    assert_non_null(strstr(r.err, "--force"));
    assert_non_null(strstr(r.err, "not empty"));
    t_run_free(&r);
    assert_export_equal(changed, src);
    r = run(0, "restore", dump_path, "--db", src, "--force");
    t_run_free(&r);
    assert_export_equal(orig, src);
    assert_audit_ok(src);

    /* and over a fresh `oversight init` database */
    assert_int_equal(t_db_url(inited, "bak_init"), 0);
    r = run(0, "init", inited, NULL, NULL, NULL);
    t_run_free(&r);
    r = run(1, "restore", dump_path, "--db", inited, NULL);
    t_run_free(&r);
    r = run(0, "restore", dump_path, "--db", inited, "--force");
    t_run_free(&r);
    assert_export_equal(orig, inited);
    assert_audit_ok(inited);
    json_decref(orig);
    json_decref(changed);
}

static void pg_restore_refuses_corrupt_dump(void **state)
{
    (void)state;
    char src[512], dump_path[320], junk[320], half[320];
    pg_demo(src, "bak_corrupt");
    snprintf(dump_path, sizeof dump_path, "%s/c.dump", S.dir);
    snprintf(junk, sizeof junk, "%s/junk.dump", S.dir);
    snprintf(half, sizeof half, "%s/half.dump", S.dir);
    t_run_t r = run(0, "backup", dump_path, "--db", src, NULL);
    t_run_free(&r);
    pg_change(src);
    json_t *before = export_of(src);

    /* not an archive at all */
    FILE *f = fopen(junk, "w");
    assert_non_null(f);
    fputs("PGDMP? no: this is not a pg_dump archive, just some text\n", f);
    fclose(f);
    r = run(1, "restore", junk, "--db", src, "--force");
    assert_non_null(strstr(r.err, "is not a readable pg_dump archive"));
    t_run_free(&r);
    /* an SQLite backup is not one either */
    r = run(1, "restore", S.db, "--db", src, "--force");
    assert_non_null(strstr(r.err, "is not a readable pg_dump archive"));
    t_run_free(&r);

    /* a real archive cut in half: its table of contents no longer reads */
    FILE *in = fopen(dump_path, "rb");
    assert_non_null(in);
    fseek(in, 0, SEEK_END);
    long size = ftell(in);
    fseek(in, 0, SEEK_SET);
    assert_true(size > 4096);
    unsigned char *bytes = malloc((size_t)size);
    assert_non_null(bytes);
    assert_int_equal(fread(bytes, 1, (size_t)size, in), (size_t)size);
    fclose(in);
    FILE *out = fopen(half, "wb");
    assert_non_null(out);
    assert_int_equal(fwrite(bytes, 1, (size_t)size / 2, out), (size_t)size / 2);
    fclose(out);
    r = run(1, "restore", half, "--db", src, "--force");
    assert_non_null(strstr(r.err, "is not a readable pg_dump archive"));
    t_run_free(&r);

    /* 64 bytes of the data near the end overwritten (0xff: bad compressed
     * data, bad UTF-8 if uncompressed): the table of contents reads, so
     * pg_restore starts, drops (--force) and loads, fails part way, and the
     * single transaction leaves the target as it was */
    for (long i = size * 9 / 10; i < size * 9 / 10 + 64; i++) bytes[i] = 0xff;
    out = fopen(half, "wb");
    assert_non_null(out);
    assert_int_equal(fwrite(bytes, 1, (size_t)size, out), (size_t)size);
    fclose(out);
    free(bytes);
    r = run(1, "restore", half, "--db", src, "--force");
    assert_non_null(strstr(r.err, "pg_restore failed"));
    assert_non_null(strstr(r.err, "nothing was restored"));
    t_run_free(&r);

    assert_export_equal(before, src);
    assert_audit_ok(src);
    json_decref(before);
    /* the real archive still restores */
    r = run(0, "restore", dump_path, "--db", src, "--force");
    t_run_free(&r);
}

/* Without the client tools on PATH the message says what to install
 * (needs no PostgreSQL server: nothing connects before the spawn). */
static void pg_tools_missing_is_clear(void **state)
{
    (void)state;
    char dest[320];
    snprintf(dest, sizeof dest, "%s/none.dump", S.dir);
    char *argv[] = {"/usr/bin/env", "PATH=/nonexistent", (char *)t_bin(), "backup", dest, "--db",
                    "postgres://oversight@127.0.0.1:1/none", NULL};
    t_run_t r;
    assert_int_equal(t_run(argv, NULL, &r), 0);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "pg_dump not found"));
    assert_non_null(strstr(r.err, "postgresql-client"));
    t_run_free(&r);
    assert_int_not_equal(access(dest, F_OK), 0);
    char *rargv[] = {"/usr/bin/env", "PATH=/nonexistent", (char *)t_bin(), "restore", S.db, "--db",
                     "postgres://oversight@127.0.0.1:1/none", NULL};
    assert_int_equal(t_run(rargv, NULL, &r), 0);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "pg_restore not found"));
    t_run_free(&r);
}

static void audit_verify_names_tampered_entry(void **state)
{
    (void)state;
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(S.db, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE id = 5",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    t_run_t r = run(1, "audit", "verify", "--db", S.db, NULL);
    assert_non_null(strstr(r.err, "entry 5 is bad"));
    t_run_free(&r);
}

#define SQLITE_TESTS                                                                                       \
    cmocka_unit_test(audit_verify_and_log), cmocka_unit_test(audit_log_of_one_row),                        \
        cmocka_unit_test(backup_restore_round_trip), cmocka_unit_test(restore_refuses_what_is_not_ours),  \
        cmocka_unit_test(backup_while_server_writes), cmocka_unit_test(pg_tools_missing_is_clear)

int main(void)
{
    /* the pg_ tests need a server (OVERSIGHT_TEST_PG); without one they are
     * left out rather than reported as skipped (TAP "not ok # SKIP", which
     * meson counts as a failure). The tampering test is last: it breaks
     * the fixture's audit chain. */
    const struct CMUnitTest sqlite_tests[] = {
        SQLITE_TESTS,
        cmocka_unit_test(audit_verify_names_tampered_entry),
    };
    const struct CMUnitTest pg_tests[] = {
        SQLITE_TESTS,
        cmocka_unit_test(pg_backup_restore_round_trip),
        cmocka_unit_test(pg_restore_refuses_corrupt_dump),
        cmocka_unit_test(audit_verify_names_tampered_entry),
    };
    return t_db_pg() ? cmocka_run_group_tests(pg_tests, setup, teardown)
                     : cmocka_run_group_tests(sqlite_tests, setup, teardown);
}
