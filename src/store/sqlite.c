/*
 * sqlite.c: the SQLite backend (store_backend_sqlite, backend.h): open,
 * pragmas, migrations, and the generic prepared-statement helpers of
 * store.h, reached through the dispatcher in store.c.
 */
#include "store/store.h"
#include "store/backend.h"
#include "store/migrations.h"
#include "store/constraint.h"
#include "core/jw.h"
#include <limits.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Prepared statements kept per connection for the generic helpers, by
 * SQL text (direct-mapped on its hash): a statement is taken out while in
 * use and put back reset, so the next query of the same text skips
 * sqlite3_prepare. */
#define STMT_CACHE 128

/* A connection (backend.h's store_conn_t, completed for SQLite). */
struct store_conn {
    sqlite3 *db;
    int in_tx;
    sqlite3_stmt *stc[STMT_CACHE];   /* owned; NULL = empty or taken */
};

static unsigned stmt_slot(const char *sql)
{
    unsigned h = 2166136261u;
    for (; *sql; sql++) h = (h ^ (unsigned char)*sql) * 16777619u;
    return h % STMT_CACHE;
}

/* A prepared statement for sql: the kept one when there is one, else new. */
static int stmt_take(store_conn_t *s, const char *sql, sqlite3_stmt **st)
{
    unsigned k = stmt_slot(sql);
    sqlite3_stmt *c = s->stc[k];
    if (c && strcmp(sqlite3_sql(c), sql) == 0) {
        s->stc[k] = NULL;
        *st = c;
        return SQLITE_OK;
    }
    return sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
}

/* Gives st back: reset and kept in its slot (replacing another text), or
 * finalized when the slot already holds this text. */
static void stmt_give(store_conn_t *s, sqlite3_stmt *st)
{
    if (!st) return;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    const char *sql = sqlite3_sql(st);
    if (!sql) {
        sqlite3_finalize(st);
        return;
    }
    unsigned k = stmt_slot(sql);
    if (s->stc[k] && strcmp(sqlite3_sql(s->stc[k]), sql) == 0) {
        sqlite3_finalize(st);
        return;
    }
    sqlite3_finalize(s->stc[k]);
    s->stc[k] = st;
}

/* Fills err from the connection's last error. A constraint failure becomes
 * the sentence of store/constraint.h naming its field (never SQLite's own
 * words); sql, the failing statement (may be NULL), tells a CHECK's table.
 * Anything else is OV_EINTERNAL with SQLite's message, for the log and the
 * CLI (the API and the pages show a 500 without it). */
static int sql_fail(store_conn_t *s, ov_error_t *err, const char *what, const char *sql)
{
    int code = sqlite3_extended_errcode(s->db);
    store_constraint_t c;
    store_constraint_sqlite(code, sqlite3_errmsg(s->db), sql, &c);
    if (c.kind != STORE_C_NONE) return store_constraint_error(&c, err);
    return ov_error_set(err, OV_EINTERNAL, "", "%s: %s", what, sqlite3_errmsg(s->db));
}

static int exec_simple(store_conn_t *s, const char *sql, ov_error_t *err)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        ov_error_set(err, OV_EINTERNAL, "", "database: %s", msg ? msg : "error");
        sqlite3_free(msg);
        return OV_EINTERNAL;
    }
    return 0;
}

static int sqlite_schema_version(store_conn_t *s)
{
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK
        && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int sqlite_schema_latest(void) { return migrations_count(); }

static int sqlite_begin(store_conn_t *s, ov_error_t *err);
static int sqlite_commit(store_conn_t *s, ov_error_t *err);
static void sqlite_rollback(store_conn_t *s);
static void sqlite_close(store_conn_t *s);

/* Applies each pending migration in its own transaction; the version is
 * re-read under the write lock so two processes starting at once agree. */
static int migrate(store_conn_t *s, ov_error_t *err)
{
    for (int v = 0; v < migrations_count(); v++) {
        if (sqlite_schema_version(s) > v) continue;
        if (sqlite_begin(s, err) != 0) return err ? err->status : OV_EINTERNAL;
        if (sqlite_schema_version(s) > v) { sqlite_rollback(s); continue; }
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
        if (exec_simple(s, migrations_sql(v), err) != 0 || exec_simple(s, pragma, err) != 0) {
            sqlite_rollback(s);
            ov_error_prefix(err, "migration %d failed: ", v + 1);
            return OV_EINTERNAL;
        }
        if (sqlite_commit(s, err) != 0) return OV_EINTERNAL;
    }
    if (sqlite_schema_version(s) > migrations_count())
        return ov_error_set(err, OV_EINTERNAL, "", "database schema version %d is newer than this build knows (%d); upgrade oversight",
                            sqlite_schema_version(s), migrations_count());
    return 0;
}

static int sqlite_open(const store_url_t *u, const char *url, int flags, store_conn_t **out, ov_error_t *err)
{
    (void)url;
    *out = NULL;
    const char *path = u->path;
    if (!(flags & STORE_OPEN_CREATE) && access(path, F_OK) != 0)
        return ov_error_set(err, OV_ENOTFOUND, "db", "database %s does not exist (create it with: oversight init %s)", path, path);

    store_conn_t *s = calloc(1, sizeof *s);
    if (!s) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | ((flags & STORE_OPEN_CREATE) ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path, &s->db, oflags, NULL) != SQLITE_OK) {
        ov_error_set(err, OV_EINTERNAL, "db", "cannot open %s: %s", path, s->db ? sqlite3_errmsg(s->db) : "out of memory");
        goto fail;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, 5000);
    if (exec_simple(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", err) != 0)
        goto fail;
    if (migrate(s, err) != 0) goto fail;
    *out = s;
    return 0;
fail:
    sqlite_close(s);
    return err && err->status ? err->status : OV_EINTERNAL;
}

static void sqlite_close(store_conn_t *s)
{
    if (!s) return;
    for (int k = 0; k < STMT_CACHE; k++) sqlite3_finalize(s->stc[k]);
    sqlite3_close_v2(s->db);
    free(s);
}

static int sqlite_begin(store_conn_t *s, ov_error_t *err)
{
    if (exec_simple(s, "BEGIN IMMEDIATE", err) != 0) return OV_EINTERNAL;
    s->in_tx = 1;
    return 0;
}

static int sqlite_begin_read(store_conn_t *s, ov_error_t *err)
{
    /* deferred: the read snapshot is taken at the first SELECT and kept */
    if (exec_simple(s, "BEGIN DEFERRED", err) != 0) return OV_EINTERNAL;
    return 0;
}

static int sqlite_commit(store_conn_t *s, ov_error_t *err)
{
    int rc = exec_simple(s, "COMMIT", err);
    if (rc != 0) sqlite_rollback(s);
    s->in_tx = 0;
    return rc;
}

static int sqlite_in_transaction(store_conn_t *s) { return !sqlite3_get_autocommit(s->db); }

static void sqlite_rollback(store_conn_t *s)
{
    if (!sqlite3_get_autocommit(s->db)) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->in_tx = 0;
}

static int prepare_bind(store_conn_t *s, sqlite3_stmt **st, ov_error_t *err, const char *sql, const char *types, va_list ap)
{
    if (stmt_take(s, sql, st) != SQLITE_OK) {
        sqlite3_finalize(*st);
        *st = NULL;
        return sql_fail(s, err, "prepare", NULL);
    }
    for (int i = 0; types && types[i]; i++) {
        int rc;
        switch (types[i]) {
        case 's': {
            const char *v = va_arg(ap, const char *);
            rc = v ? sqlite3_bind_text(*st, i + 1, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(*st, i + 1);
            break;
        }
        case 'i': rc = sqlite3_bind_int64(*st, i + 1, va_arg(ap, long long)); break;
        case 'd': rc = sqlite3_bind_double(*st, i + 1, va_arg(ap, double)); break;
        case 'b': {
            const void *data = va_arg(ap, const void *);
            size_t len = va_arg(ap, size_t);
            rc = len > (size_t)0x7fffffff ? SQLITE_TOOBIG
                                           : sqlite3_bind_blob(*st, i + 1, data ? data : "", (int)len, SQLITE_TRANSIENT);
            break;
        }
        default: rc = SQLITE_MISUSE;
        }
        if (rc != SQLITE_OK) {
            stmt_give(s, *st);
            *st = NULL;
            return ov_error_set(err, OV_EINTERNAL, "", "bind parameter %d: %s", i + 1, sqlite3_errstr(rc));
        }
    }
    return 0;
}

/* Binds a JSON array of values: string, integer, real, true/false (1/0),
 * null. Objects and arrays are refused. */
static int prepare_bind_json(store_conn_t *s, sqlite3_stmt **st, ov_error_t *err, const char *sql, const json_t *params)
{
    if (stmt_take(s, sql, st) != SQLITE_OK) {
        sqlite3_finalize(*st);
        *st = NULL;
        return sql_fail(s, err, "prepare", NULL);
    }
    for (size_t i = 0; i < json_array_size(params); i++) {
        const json_t *v = json_array_get(params, i);
        int k = (int)i + 1, rc;
        switch (json_typeof(v)) {
        case JSON_STRING: rc = sqlite3_bind_text(*st, k, json_string_value(v), (int)json_string_length(v), SQLITE_TRANSIENT); break;
        case JSON_INTEGER: rc = sqlite3_bind_int64(*st, k, json_integer_value(v)); break;
        case JSON_REAL: rc = sqlite3_bind_double(*st, k, json_real_value(v)); break;
        case JSON_TRUE: rc = sqlite3_bind_int(*st, k, 1); break;
        case JSON_FALSE: rc = sqlite3_bind_int(*st, k, 0); break;
        case JSON_NULL: rc = sqlite3_bind_null(*st, k); break;
        default: rc = SQLITE_MISMATCH;
        }
        if (rc != SQLITE_OK) {
            stmt_give(s, *st);
            *st = NULL;
            return ov_error_set(err, OV_EINTERNAL, "", "bind parameter %d: %s", k, sqlite3_errstr(rc));
        }
    }
    return 0;
}

static json_t *row_json(sqlite3_stmt *st)
{
    json_t *o = json_object();
    int n = sqlite3_column_count(st);
    for (int c = 0; c < n; c++) {
        json_t *v;
        switch (sqlite3_column_type(st, c)) {
        case SQLITE_INTEGER: v = json_integer(sqlite3_column_int64(st, c)); break;
        case SQLITE_FLOAT: v = json_real(sqlite3_column_double(st, c)); break;
        case SQLITE_NULL: v = json_null(); break;
        default: v = json_stringn((const char *)sqlite3_column_text(st, c), (size_t)sqlite3_column_bytes(st, c));
        }
        json_object_set_new(o, sqlite3_column_name(st, c), v ? v : json_null());
    }
    return o;
}

static int query_st(store_conn_t *s, sqlite3_stmt *st, json_t **rows, int max, ov_error_t *err)
{
    int rc = 0;
    json_t *arr = json_array();
    int step = SQLITE_DONE;
    while ((max <= 0 || (int)json_array_size(arr) < max) && (step = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(arr, row_json(st));
    if (step != SQLITE_DONE && step != SQLITE_ROW) {
        rc = sql_fail(s, err, "query", NULL);
        json_decref(arr);
        arr = NULL;
    }
    stmt_give(s, st);
    *rows = arr;
    return rc;
}

static int sqlite_query_va(store_conn_t *s, json_t **rows, int max, ov_error_t *err, const char *sql, const char *types,
                           va_list ap)
{
    sqlite3_stmt *st = NULL;
    *rows = NULL;
    int rc = prepare_bind(s, &st, err, sql, types, ap);
    return rc != 0 ? rc : query_st(s, st, rows, max, err);
}

static int sqlite_query_each_va(store_conn_t *s, ov_error_t *err, store_row_fn fn, void *ctx, unsigned long long ints,
                                const char *sql, const char *types, va_list ap)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare_bind(s, &st, err, sql, types, ap);
    if (rc) return rc;
    const char *cell[STORE_ROW_MAX_CELLS];
    int n = sqlite3_column_count(st), step;
    if (n > STORE_ROW_MAX_CELLS) {
        stmt_give(s, st);
        return ov_error_set(err, OV_EINTERNAL, "", "query of %d columns: at most %d", n, STORE_ROW_MAX_CELLS);
    }
    size_t len[STORE_ROW_MAX_CELLS];
    long long num[STORE_ROW_MAX_CELLS];
    store_row_t row = {n, cell, len, num};
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        /* one call a cell where it can be: the text (NULL only for SQL
         * NULL, a zero-length blob, or no memory), then its length; an
         * integer column's value; the type only of a 0 or a NULL pointer */
        for (int c = 0; c < n && rc == 0; c++) {
            num[c] = 0;
            if (ints >> c & 1) {
                len[c] = 0;
                num[c] = sqlite3_column_int64(st, c);   /* 0 for NULL too */
                cell[c] = !num[c] && sqlite3_column_type(st, c) == SQLITE_NULL ? NULL : "";
                continue;
            }
            const char *text = (const char *)sqlite3_column_text(st, c);
            if (!text) {
                len[c] = 0;
                if (sqlite3_column_type(st, c) == SQLITE_NULL) cell[c] = NULL;
                else if (sqlite3_errcode(s->db) == SQLITE_NOMEM) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
                else cell[c] = "";   /* a zero-length blob */
                continue;
            }
            cell[c] = text;
            len[c] = (size_t)sqlite3_column_bytes(st, c);
            /* text the API did not write (raw SQL, another program) may
             * not be UTF-8: such a cell reads as NULL, as everywhere */
            if (!jw_utf8_valid(text, len[c])) {
                cell[c] = NULL;
                len[c] = 0;
            }
        }
        if (rc) break;
        rc = fn(ctx, &row, err);
    }
    if (rc == 0 && step != SQLITE_DONE) rc = sql_fail(s, err, "query", NULL);
    stmt_give(s, st);
    return rc;
}

static int sqlite_query_params(store_conn_t *s, json_t **rows, ov_error_t *err, const char *sql, const json_t *params)
{
    sqlite3_stmt *st = NULL;
    *rows = NULL;
    int rc = prepare_bind_json(s, &st, err, sql, params);
    return rc != 0 ? rc : query_st(s, st, rows, 0, err);
}

static int exec_st(store_conn_t *s, sqlite3_stmt *st, long long *changes, long long *last_id, ov_error_t *err)
{
    int rc = 0;
    int step = sqlite3_step(st);
    if (step != SQLITE_DONE && step != SQLITE_ROW) rc = sql_fail(s, err, "write", sqlite3_sql(st));
    if (rc == 0) {
        if (changes) *changes = sqlite3_changes64(s->db);
        if (last_id) *last_id = sqlite3_last_insert_rowid(s->db);
    }
    stmt_give(s, st);
    return rc;
}

static int sqlite_exec_params(store_conn_t *s, long long *changes, long long *last_id, ov_error_t *err, const char *sql,
                              const json_t *params)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare_bind_json(s, &st, err, sql, params);
    return rc != 0 ? rc : exec_st(s, st, changes, last_id, err);
}

static int sqlite_exec_va(store_conn_t *s, long long *changes, long long *last_id, ov_error_t *err, const char *sql,
                          const char *types, va_list ap)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare_bind(s, &st, err, sql, types, ap);
    return rc != 0 ? rc : exec_st(s, st, changes, last_id, err);
}

static int sqlite_blob_get(store_conn_t *s, const char *sql, const char *key, void **data, size_t *len, ov_error_t *err)
{
    sqlite3_stmt *st = NULL;
    *data = NULL;
    *len = 0;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return sql_fail(s, err, "prepare", NULL);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    int step = sqlite3_step(st), rc = 0;
    if (step == SQLITE_ROW) {
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        const void *p = sqlite3_column_blob(st, 0);
        *data = malloc(n ? n : 1);
        if (!*data) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        else {
            if (n) memcpy(*data, p, n);
            *len = n;
        }
    } else if (step == SQLITE_DONE) {
        rc = ov_error_set(err, OV_ENOTFOUND, "", "no such content");
    } else {
        rc = sql_fail(s, err, "query", NULL);
    }
    sqlite3_finalize(st);
    return rc;
}

/* Incremental blob I/O, the file never in memory: see store.h. */
static int sqlite_blob_insert_fd(store_conn_t *s, const char *sql, const char *table, const char *column,
                                 const char *key, int fd, size_t len, int *inserted, ov_error_t *err)
{
    *inserted = 0;
    if (len > (size_t)INT_MAX) return ov_error_set(err, OV_ETOOBIG, "", "the file is too large");
    sqlite3_stmt *st = NULL;
    sqlite3_blob *blob = NULL;
    void *chunk = NULL;
    int rc = 0;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return sql_fail(s, err, "prepare", sql);
    if (sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT) != SQLITE_OK
        || sqlite3_bind_int64(st, 2, (sqlite3_int64)len) != SQLITE_OK
        || sqlite3_bind_zeroblob(st, 3, (int)len) != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE) {
        rc = sql_fail(s, err, "insert", sql);
        goto done;
    }
    if (sqlite3_changes(s->db) == 0) goto done;   /* the key was there: nothing to write */
    if (sqlite3_blob_open(s->db, "main", table, column, sqlite3_last_insert_rowid(s->db), 1, &blob) != SQLITE_OK) {
        rc = sql_fail(s, err, "blob open", NULL);
        goto done;
    }
    if (!(chunk = malloc(STORE_BLOB_CHUNK))) {
        rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        goto done;
    }
    for (size_t off = 0; off < len && rc == 0;) {
        size_t n = len - off < STORE_BLOB_CHUNK ? len - off : STORE_BLOB_CHUNK;
        rc = store_read_exact(fd, chunk, n, off, err);
        if (rc == 0 && sqlite3_blob_write(blob, chunk, (int)n, (int)off) != SQLITE_OK) rc = sql_fail(s, err, "blob write", NULL);
        off += n;
    }
    if (rc == 0) *inserted = 1;
done:
    free(chunk);
    if (blob && sqlite3_blob_close(blob) != SQLITE_OK && rc == 0) rc = sql_fail(s, err, "blob close", NULL);
    sqlite3_finalize(st);
    return rc;
}

/* A reusable statement (backend.h's store_bstmt_t, completed for SQLite). */
struct store_bstmt {
    store_conn_t *s;
    sqlite3_stmt *st;
};

static int sqlite_stmt_prepare(store_conn_t *s, const char *sql, store_bstmt_t **out, ov_error_t *err)
{
    *out = NULL;
    store_bstmt_t *h = calloc(1, sizeof *h);
    if (!h) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    h->s = s;
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &h->st, NULL) != SQLITE_OK) {
        free(h);
        return sql_fail(s, err, "prepare", NULL);
    }
    *out = h;
    return 0;
}

/* Steps a bound statement once, then resets it and clears its bindings. */
static int stmt_step(store_bstmt_t *h, long long *last_id, ov_error_t *err)
{
    int step = sqlite3_step(h->st), rc = 0;
    if (step != SQLITE_DONE && step != SQLITE_ROW) rc = sql_fail(h->s, err, "write", sqlite3_sql(h->st));
    else if (last_id) *last_id = sqlite3_last_insert_rowid(h->s->db);
    sqlite3_reset(h->st);
    sqlite3_clear_bindings(h->st);
    return rc;
}

/* Binding parameter i failed with rc: the statement is reset for reuse. */
static int bind_failed(store_bstmt_t *h, int i, int rc, ov_error_t *err)
{
    sqlite3_reset(h->st);
    sqlite3_clear_bindings(h->st);
    return ov_error_set(err, OV_EINTERNAL, "", "bind parameter %d: %s", i + 1, sqlite3_errstr(rc));
}

static int sqlite_stmt_run(store_bstmt_t *h, long long *last_id, ov_error_t *err, const char *types, va_list ap)
{
    int rc = SQLITE_OK;
    for (int i = 0; rc == SQLITE_OK && types && types[i]; i++) {
        switch (types[i]) {
        case 's': {
            const char *v = va_arg(ap, const char *);
            rc = v ? sqlite3_bind_text(h->st, i + 1, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(h->st, i + 1);
            break;
        }
        case 'i': rc = sqlite3_bind_int64(h->st, i + 1, va_arg(ap, long long)); break;
        case 'I': {
            long long v = va_arg(ap, long long);
            rc = v ? sqlite3_bind_int64(h->st, i + 1, v) : sqlite3_bind_null(h->st, i + 1);
            break;
        }
        case 'd': rc = sqlite3_bind_double(h->st, i + 1, va_arg(ap, double)); break;
        default: rc = SQLITE_MISUSE;
        }
        if (rc != SQLITE_OK) return bind_failed(h, i, rc, err);
    }
    return stmt_step(h, last_id, err);
}

static int sqlite_stmt_run_values(store_bstmt_t *h, long long *last_id, ov_error_t *err, const store_value_t *v, int n)
{
    int rc = SQLITE_OK;
    for (int i = 0; rc == SQLITE_OK && i < n; i++) {
        switch (v[i].type) {
        case 's':
            rc = v[i].s ? sqlite3_bind_text(h->st, i + 1, v[i].s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(h->st, i + 1);
            break;
        case 'i': rc = sqlite3_bind_int64(h->st, i + 1, v[i].i); break;
        case 'I': rc = v[i].i ? sqlite3_bind_int64(h->st, i + 1, v[i].i) : sqlite3_bind_null(h->st, i + 1); break;
        default: rc = SQLITE_MISUSE;
        }
        if (rc != SQLITE_OK) return bind_failed(h, i, rc, err);
    }
    return stmt_step(h, last_id, err);
}

static void sqlite_stmt_finalize(store_bstmt_t *h)
{
    if (!h) return;
    sqlite3_finalize(h->st);
    free(h);
}

static int sqlite_bulk_mode(store_conn_t *s, int on, ov_error_t *err)
{
    return exec_simple(s, on ? "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;"
                             : "PRAGMA synchronous=FULL; PRAGMA cache_size=-2000;", err);
}

const store_backend_t store_backend_sqlite = {
    .remote = 0,
    .open = sqlite_open,
    .close = sqlite_close,
    .schema_version = sqlite_schema_version,
    .schema_latest = sqlite_schema_latest,
    .begin = sqlite_begin,
    .begin_read = sqlite_begin_read,
    .commit = sqlite_commit,
    .rollback = sqlite_rollback,
    .in_transaction = sqlite_in_transaction,
    .query_va = sqlite_query_va,
    .query_each_va = sqlite_query_each_va,
    .exec_va = sqlite_exec_va,
    .query_params = sqlite_query_params,
    .exec_params = sqlite_exec_params,
    .blob_get = sqlite_blob_get,
    .blob_insert_fd = sqlite_blob_insert_fd,
    .bulk_mode = sqlite_bulk_mode,
    .stmt_prepare = sqlite_stmt_prepare,
    .stmt_run = sqlite_stmt_run,
    .stmt_run_values = sqlite_stmt_run_values,
    .stmt_finalize = sqlite_stmt_finalize,
    .backup = store_backup_sqlite,
    .restore = store_restore_sqlite,
};
