/*
 * backup.c: `oversight backup` and `oversight restore` (see backup.h).
 * Works on paths with its own sqlite3 connections: a backup must not share
 * the server's connections, and a restore may target a file with no store.
 */
#include "store/pg.h"
#include "store/backup.h"
#include "store/store.h"
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *url_path(const char *url)
{
    if (strncmp(url, "sqlite://", 9) == 0) return url + 9;
    if (strncmp(url, "sqlite:", 7) == 0) return url + 7;
    return url;
}

static int db_fail(sqlite3 *db, ov_error_t *err, const char *what, const char *path)
{
    return ov_error_set(err, OV_EINTERNAL, "", "%s %s: %s", what, path, db ? sqlite3_errmsg(db) : "out of memory");
}

/* Copies every page of src into dst in one step: the source is read in one
 * snapshot (WAL readers do not block the writer), so the copy is consistent.
 * Retries while the destination or source is busy. */
static int copy_db(sqlite3 *src, sqlite3 *dst, long long *pages, ov_error_t *err, const char *dst_path)
{
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b) return db_fail(dst, err, "cannot start the backup into", dst_path);
    int rc, tries = 0;
    while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        if (++tries > 200) break;
        sqlite3_sleep(50);
    }
    if (pages) *pages = sqlite3_backup_pagecount(b);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE)
        return ov_error_set(err, OV_EINTERNAL, "", "backup into %s failed: %s", dst_path, sqlite3_errstr(rc));
    return 0;
}

/* PRAGMA integrity_check of db: 0 when "ok", else the first problem. */
static int integrity(sqlite3 *db, const char *path, ov_error_t *err)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
        return ov_error_set(err, OV_EINVALID, "", "%s is not an SQLite database: %s", path, sqlite3_errmsg(db));
    int step = sqlite3_step(st);
    const char *r = step == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
    if (!r || strcmp(r, "ok") != 0)
        rc = ov_error_set(err, OV_EINVALID, "", "%s fails the integrity check: %s", path,
                          r ? r : sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}

static int int_query(sqlite3 *db, const char *sql, long long *out)
{
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
        *out = sqlite3_column_int64(st, 0);
        rc = 0;
    }
    sqlite3_finalize(st);
    return rc;
}

int store_backup(const char *url, const char *dest, long long *pages, ov_error_t *err)
{
    if (!url || !*url) return ov_error_set(err, OV_EINVALID, "db", "no database given");
    if (!dest || !*dest) return ov_error_set(err, OV_EINVALID, "dest", "no backup file given");
    if (pg_url(url))
        return ov_error_set(err, OV_EINVALID, "db", "backup copies SQLite databases; for PostgreSQL use pg_dump");
    const char *path = url_path(url);
    if (access(path, F_OK) != 0) return ov_error_set(err, OV_ENOTFOUND, "db", "database %s does not exist", path);
    if (access(dest, F_OK) == 0)
        return ov_error_set(err, OV_ECONFLICT, "dest", "%s already exists; choose a new file for the backup", dest);
    sqlite3 *src = NULL, *dst = NULL;
    int rc = 0;
    if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        rc = db_fail(src, err, "cannot open", path);
        goto done;
    }
    sqlite3_busy_timeout(src, 5000);
    if (sqlite3_open_v2(dest, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        rc = db_fail(dst, err, "cannot create", dest);
        goto done;
    }
    sqlite3_busy_timeout(dst, 5000);
    if ((rc = copy_db(src, dst, pages, err, dest)) != 0) goto done;
    /* one self-contained file: no -wal beside it */
    if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK) {
        rc = db_fail(dst, err, "cannot finish", dest);
        goto done;
    }
    rc = integrity(dst, dest, err);
done:
    sqlite3_close_v2(dst);
    sqlite3_close_v2(src);
    if (rc && dst) unlink(dest);
    return rc;
}

int store_restore(const char *src_path, const char *url, int force, ov_error_t *err)
{
    if (!src_path || !*src_path) return ov_error_set(err, OV_EINVALID, "src", "no backup file given");
    if (!url || !*url) return ov_error_set(err, OV_EINVALID, "db", "no database given (--db URL)");
    if (pg_url(url))
        return ov_error_set(err, OV_EINVALID, "db", "restore writes SQLite databases; for PostgreSQL use pg_restore");
    const char *path = url_path(url);
    if (!*path) return ov_error_set(err, OV_EINVALID, "db", "database URL '%s' has no path", url);
    if (access(src_path, R_OK) != 0) return ov_error_set(err, OV_ENOTFOUND, "src", "cannot read %s", src_path);
    if (!force && access(path, F_OK) == 0)
        return ov_error_set(err, OV_ECONFLICT, "db", "database %s already exists; add --force to replace it", path);
    sqlite3 *src = NULL, *dst = NULL;
    int rc = 0, existed = access(path, F_OK) == 0;
    if (sqlite3_open_v2(src_path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        rc = db_fail(src, err, "cannot open", src_path);
        goto done;
    }
    if ((rc = integrity(src, src_path, err)) != 0) goto done;
    long long version = -1, tables = 0;
    if (int_query(src, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('bodies', 'phases')",
                  &tables) != 0 || tables != 2 || int_query(src, "PRAGMA user_version", &version) != 0 || version < 1) {
        rc = ov_error_set(err, OV_EINVALID, "src", "%s is not an Oversight database", src_path);
        goto done;
    }
    if (version > store_schema_latest()) {
        rc = ov_error_set(err, OV_EINVALID, "src",
                          "%s has schema version %lld, newer than this build knows (%d); upgrade oversight", src_path,
                          version, store_schema_latest());
        goto done;
    }
    if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        rc = db_fail(dst, err, "cannot open", path);
        goto done;
    }
    sqlite3_busy_timeout(dst, 5000);
    rc = copy_db(src, dst, NULL, err, path);
done:
    sqlite3_close_v2(dst);
    sqlite3_close_v2(src);
    if (rc && dst && !existed) unlink(path);   /* no half-made database left behind */
    if (rc) return rc;
    /* bring it to this build's schema (WAL, migrations) */
    store_t *s = NULL;
    rc = store_open(url, STORE_OPEN_EXISTING, &s, err);
    store_close(s);
    return rc;
}
