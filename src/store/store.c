/*
 * store.c: the one dispatcher of store.h (and backup.h): picks the backend
 * from the URL (store_backend_for) and calls the operations of its table
 * (backend.h; sqlite.c, pg.c). What does not differ per backend is here:
 * the actor, the commit count, store_query_one's first row, and
 * transactions opened only when the caller has none (store_tx_begin /
 * store_tx_end).
 */
#include "store/store.h"
#include "store/backend.h"
#include "store/backup.h"
#include "store/migrations.h"
#include "core/buf.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct store {
    const store_backend_t *be;   /* the table of the backend s->c belongs to */
    store_conn_t *c;             /* owned: be->close */
    char *url;                   /* owned: as opened (store_url) */
    char actor[64];              /* store_set_actor; "" = not set */
};

struct store_stmt {
    const store_backend_t *be;
    store_bstmt_t *st;           /* owned: be->stmt_finalize */
};

const store_backend_t *store_backend_for(const store_url_t *u)
{
    return u->kind == STORE_URL_PG ? &store_backend_pg : &store_backend_sqlite;
}

const store_backend_t *store_backend(const store_t *s) { return s->be; }

int store_open(const char *url, int flags, store_t **out, ov_error_t *err)
{
    *out = NULL;
    store_url_t u;
    int rc = store_url_parse(url, &u, err);
    if (rc != 0) return rc;
    store_t *s = calloc(1, sizeof *s);
    if (!s) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    s->be = store_backend_for(&u);
    if (!(s->url = strdup(url))) {
        rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        goto done;
    }
    if ((rc = s->be->open(&u, url, flags, &s->c, err)) != 0) goto done;
    *out = s;
    s = NULL;
done:
    if (s) free(s->url);
    free(s);
    return rc;
}

void store_close(store_t *s)
{
    if (!s) return;
    s->be->close(s->c);
    free(s->url);
    free(s);
}

const char *store_url(const store_t *s) { return s->url; }

int store_schema_version(store_t *s) { return s->be->schema_version(s->c); }

/* The PostgreSQL translations are the same migrations, in the same order
 * (made from one list by src/store/meson.build), so either count will do. */
int store_schema_latest(void) { return migrations_count(); }

/* The thread's current actor (see store.h): set per request by the API. */
static _Thread_local char thread_actor[64];

void store_set_actor(store_t *s, const char *username)
{
    snprintf(s->actor, sizeof s->actor, "%s", username ? username : "");
}

void store_thread_actor_set(const char *username)
{
    snprintf(thread_actor, sizeof thread_actor, "%s", username ? username : "");
}

const char *store_actor(const store_t *s)
{
    if (s && s->actor[0]) return s->actor;
    if (thread_actor[0]) return thread_actor;
    return "system";
}

/* Transactions */

int store_begin(store_t *s, ov_error_t *err) { return s->be->begin(s->c, err); }

int store_begin_read(store_t *s, ov_error_t *err) { return s->be->begin_read(s->c, err); }

static unsigned long long commits;   /* store_commits; atomic */

unsigned long long store_commits(void) { return __atomic_load_n(&commits, __ATOMIC_SEQ_CST); }

int store_commit(store_t *s, ov_error_t *err)
{
    int rc = s->be->commit(s->c, err);
    if (rc == 0) __atomic_add_fetch(&commits, 1, __ATOMIC_SEQ_CST);
    return rc;
}

void store_rollback(store_t *s) { s->be->rollback(s->c); }

int store_in_transaction(store_t *s) { return s->be->in_transaction(s->c); }

int store_tx_begin(store_t *s, store_tx_t *tx, ov_error_t *err)
{
    tx->own = !store_in_transaction(s);
    if (!tx->own) return 0;
    int rc = store_begin(s, err);
    if (rc != 0) tx->own = 0;
    return rc;
}

int store_tx_end(store_t *s, store_tx_t *tx, int rc, ov_error_t *err)
{
    if (!tx->own) return rc;
    tx->own = 0;
    if (rc == 0) return store_commit(s, err);
    store_rollback(s);
    return rc;
}

/* Generic statements */

int store_query(store_t *s, json_t **rows, ov_error_t *err, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    int rc = s->be->query_va(s->c, rows, 0, err, sql, types, ap);
    va_end(ap);
    return rc;
}

int store_query_each(store_t *s, ov_error_t *err, store_row_fn fn, void *ctx, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    int rc = s->be->query_each_va(s->c, err, fn, ctx, 0, sql, types, ap);
    va_end(ap);
    return rc;
}

int store_query_each_num(store_t *s, ov_error_t *err, store_row_fn fn, void *ctx, unsigned long long ints, const char *sql,
                         const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    int rc = s->be->query_each_va(s->c, err, fn, ctx, ints, sql, types, ap);
    va_end(ap);
    return rc;
}

int store_query_one(store_t *s, json_t **row, ov_error_t *err, const char *what, const char *sql, const char *types, ...)
{
    json_t *rows = NULL;
    va_list ap;
    va_start(ap, types);
    int rc = s->be->query_va(s->c, &rows, 1, err, sql, types, ap);
    va_end(ap);
    *row = NULL;
    if (rc != 0) return rc;
    if (json_array_size(rows) == 0) {
        json_decref(rows);
        return ov_error_set(err, OV_ENOTFOUND, "", "%s", what ? what : "not found");
    }
    *row = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    return 0;
}

int store_exec(store_t *s, long long *changes, long long *last_id, ov_error_t *err, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    int rc = s->be->exec_va(s->c, changes, last_id, err, sql, types, ap);
    va_end(ap);
    return rc;
}

void store_rows_to_bool(json_t *rows, const char *key)
{
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        json_t *v = json_object_get(r, key);
        if (json_is_integer(v)) json_object_set_new(r, key, json_boolean(json_integer_value(v) != 0));
    }
}

int store_query_params(store_t *s, json_t **rows, ov_error_t *err, const char *sql, const json_t *params)
{
    return s->be->query_params(s->c, rows, err, sql, params);
}

int store_exec_params(store_t *s, long long *changes, long long *last_id, ov_error_t *err, const char *sql,
                      const json_t *params)
{
    return s->be->exec_params(s->c, changes, last_id, err, sql, params);
}

int store_blob_get(store_t *s, const char *sql, const char *key, void **data, size_t *len, ov_error_t *err)
{
    return s->be->blob_get(s->c, sql, key, data, len, err);
}

int store_read_exact(int fd, void *buf, size_t n, size_t off, ov_error_t *err)
{
    while (n > 0) {
        ssize_t k = pread(fd, buf, n, (off_t)off);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return ov_error_set(err, OV_EINTERNAL, "", "reading the upload's file: %s",
                                        k < 0 ? strerror(errno) : "it is shorter than announced");
        buf = (char *)buf + k;
        n -= (size_t)k;
        off += (size_t)k;
    }
    return 0;
}

int store_blob_insert_fd(store_t *s, const char *sql, const char *table, const char *column, const char *key,
                         int fd, size_t len, int *inserted, ov_error_t *err)
{
    *inserted = 0;
    return s->be->blob_insert_fd(s->c, sql, table, column, key, fd, len, inserted, err);
}

int store_bulk_mode(store_t *s, int on, ov_error_t *err) { return s->be->bulk_mode(s->c, on, err); }

/* The highest id of rows whose first column is "id", or 0 (nothing to
 * move the table's sequence past: be->bulk_send). */
static long long bulk_top_id(const char *const *cols, int ncols, const store_value_t *v, long long nrows)
{
    long long top = 0;
    if (strcmp(cols[0], "id") == 0)
        for (long long r = 0; r < nrows; r++)
            if (v[r * ncols].i > top) top = v[r * ncols].i;
    return top;
}

/* The generic insert of rows: "INSERT INTO t (a, b) VALUES (?, ?)" prepared
 * once and stepped per row. */
static int bulk_insert_rows(store_t *s, const char *table, const char *const *cols, int ncols, const store_value_t *v,
                            long long nrows, ov_error_t *err)
{
    buf_t sql = {0};
    buf_printf(&sql, "INSERT INTO %s (", table);
    for (int c = 0; c < ncols; c++) buf_printf(&sql, "%s%s", c ? ", " : "", cols[c]);
    buf_puts(&sql, ") VALUES (");
    for (int c = 0; c < ncols; c++) buf_puts(&sql, c ? ", ?" : "?");
    buf_puts(&sql, ")");
    if (sql.failed) {
        buf_free(&sql);
        return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    store_stmt_t *st = NULL;
    int rc = store_stmt_prepare(s, sql.data, &st, err);
    buf_free(&sql);
    for (long long r = 0; rc == 0 && r < nrows; r++) rc = store_stmt_run_values(st, NULL, err, v + r * ncols, ncols);
    store_stmt_finalize(st);
    return rc;
}

static int bulk_check(int ncols, ov_error_t *err)
{
    if (ncols < 1 || ncols > 100) return ov_error_set(err, OV_EINTERNAL, "", "bulk insert: %d columns", ncols);
    return 0;
}

int store_bulk_insert(store_t *s, const char *table, const char *const *cols, int ncols, const store_value_t *v,
                      long long nrows, ov_error_t *err)
{
    if (nrows <= 0) return 0;
    if (bulk_check(ncols, err)) return OV_EINTERNAL;
    if (!s->be->bulk_format) return bulk_insert_rows(s, table, cols, ncols, v, nrows, err);
    buf_t data = BUF_INIT;
    if (s->be->bulk_format(v, ncols, nrows, &data) != 0) {
        buf_free(&data);
        return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    int rc = s->be->bulk_send(s->c, table, cols, ncols, bulk_top_id(cols, ncols, v, nrows), data.data, data.len, err);
    buf_free(&data);
    return rc;
}

struct store_bulk {
    const char *table;
    const char *const *cols;   /* the caller's static names, as table */
    int ncols;
    long long nrows, top_id;
    store_value_t *v;          /* owned (no bulk_format); else NULL */
    arena_t strings;           /* owned: v's strings */
    char *data;                /* owned: the rows in be->bulk_format's form; else NULL */
    size_t len;
};

int store_bulk_prepare(const store_t *s, const char *table, const char *const *cols, int ncols, store_value_t *v,
                       arena_t *strings, long long nrows, store_bulk_t **out, ov_error_t *err)
{
    *out = NULL;
    arena_t taken = *strings;
    *strings = (arena_t)ARENA_INIT;
    if (bulk_check(ncols, err)) {
        free(v);
        arena_free(&taken);
        return OV_EINTERNAL;
    }
    store_bulk_t *b = calloc(1, sizeof *b);
    if (!b) {
        free(v);
        arena_free(&taken);
        return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    *b = (store_bulk_t){.table = table, .cols = cols, .ncols = ncols, .nrows = nrows > 0 ? nrows : 0, .v = v,
                        .strings = taken};
    if (nrows > 0) b->top_id = bulk_top_id(cols, ncols, v, nrows);
    if (nrows > 0 && s->be->bulk_format) {
        buf_t data = BUF_INIT;
        int failed = s->be->bulk_format(v, ncols, nrows, &data) != 0;
        free(v);
        arena_free(&b->strings);
        b->v = NULL;
        b->data = failed ? NULL : buf_detach(&data, &b->len);
        buf_free(&data);
        if (!b->data) {
            free(b);
            return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        }
    }
    *out = b;
    return 0;
}

int store_bulk_send(store_t *s, const store_bulk_t *b, ov_error_t *err)
{
    if (b->nrows == 0) return 0;
    if (b->data) return s->be->bulk_send(s->c, b->table, b->cols, b->ncols, b->top_id, b->data, b->len, err);
    return bulk_insert_rows(s, b->table, b->cols, b->ncols, b->v, b->nrows, err);
}

void store_bulk_free(store_bulk_t *b)
{
    if (!b) return;
    free(b->v);
    arena_free(&b->strings);
    free(b->data);
    free(b);
}

/* Reusable statements */

int store_stmt_prepare(store_t *s, const char *sql, store_stmt_t **out, ov_error_t *err)
{
    *out = NULL;
    store_stmt_t *h = calloc(1, sizeof *h);
    if (!h) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    h->be = s->be;
    int rc = s->be->stmt_prepare(s->c, sql, &h->st, err);
    if (rc != 0) goto done;
    *out = h;
    h = NULL;
done:
    free(h);
    return rc;
}

int store_stmt_run(store_stmt_t *h, long long *last_id, ov_error_t *err, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    int rc = h->be->stmt_run(h->st, last_id, err, types, ap);
    va_end(ap);
    return rc;
}

int store_stmt_run_values(store_stmt_t *h, long long *last_id, ov_error_t *err, const store_value_t *v, int n)
{
    return h->be->stmt_run_values(h->st, last_id, err, v, n);
}

void store_stmt_finalize(store_stmt_t *h)
{
    if (!h) return;
    h->be->stmt_finalize(h->st);
    free(h);
}

/* backup.h */

int store_backup(const char *url, const char *dest, char *summary, size_t n, ov_error_t *err)
{
    store_url_t u;
    int urc = store_url_parse(url, &u, err);
    if (urc != 0) return urc;
    if (!dest || !*dest) return ov_error_set(err, OV_EINVALID, "dest", "no backup file given");
    if (summary && n) summary[0] = '\0';
    return store_backend_for(&u)->backup(&u, url, dest, summary, n, err);
}

int store_restore(const char *src, const char *url, int force, ov_error_t *err)
{
    if (!src || !*src) return ov_error_set(err, OV_EINVALID, "src", "no backup file given");
    store_url_t u;
    int urc = store_url_parse(url, &u, err);
    if (urc != 0) return urc;
    return store_backend_for(&u)->restore(src, &u, url, force, err);
}
