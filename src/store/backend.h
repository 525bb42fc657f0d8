/*
 * backend.h: the table of operations a database backend provides, private
 * to src/store.
 *
 * store.c is the one dispatcher: each store.h (and backup.h) function whose
 * work differs per backend calls the operation of the store's table,
 * s->be->op(s->c, ...). sqlite.c implements store_backend_sqlite, pg.c
 * store_backend_pg; store_backend_for picks one from a parsed URL, and is
 * the only place that looks at the URL's kind to choose.
 *
 * Every operation behaves as the store.h function of the same name
 * describes, on either backend (rows as SQLite gives them, constraint and
 * trigger failures as OV_ECONFLICT through store/constraint.h). What the
 * dispatcher does itself, the backends do not: the actor (store_set_actor),
 * the commit count (store_commits), store_query_one's first row, and
 * store_tx_begin/_end.
 */
#ifndef OV_STORE_BACKEND_H
#define OV_STORE_BACKEND_H
#include <jansson.h>
#include <stdarg.h>
#include <stddef.h>
#include "core/buf.h"
#include "core/error.h"
#include "store/store.h"
#include "store/url.h"

/* A backend's connection and one of its reusable statements. Each backend
 * file completes these for itself; the dispatcher only hands a pointer back
 * to the table that made it (store_t and store_stmt_t keep the table). */
typedef struct store_conn store_conn_t;
typedef struct store_bstmt store_bstmt_t;

typedef struct store_backend {
    /* 1 when every statement is a round trip to a server, so concurrent
     * callers share one data generation read (store_pool_generation) */
    int remote;

    /* Connections: open parses nothing (u is url parsed, of this backend's
     * kind), connects or opens, applies pending migrations and gives the
     * connection in *out (close with close; close(NULL) does nothing). */
    int (*open)(const store_url_t *u, const char *url, int flags, store_conn_t **out, ov_error_t *err);
    void (*close)(store_conn_t *c);
    int (*schema_version)(store_conn_t *c);
    int (*schema_latest)(void);

    /* Transactions. commit rolls back when it fails. */
    int (*begin)(store_conn_t *c, ov_error_t *err);
    int (*begin_read)(store_conn_t *c, ov_error_t *err);
    int (*commit)(store_conn_t *c, ov_error_t *err);
    void (*rollback)(store_conn_t *c);
    int (*in_transaction)(store_conn_t *c);

    /* Generic statements. query_va returns at most max rows (0: all) as a
     * new array in *rows (NULL on failure). */
    int (*query_va)(store_conn_t *c, json_t **rows, int max, ov_error_t *err, const char *sql, const char *types,
                    va_list ap);
    /* ints: the columns read as integers (bit c: column c; store_query_each_num) */
    int (*query_each_va)(store_conn_t *c, ov_error_t *err, store_row_fn fn, void *ctx, unsigned long long ints,
                         const char *sql, const char *types, va_list ap);
    int (*exec_va)(store_conn_t *c, long long *changes, long long *last_id, ov_error_t *err, const char *sql,
                   const char *types, va_list ap);
    int (*query_params)(store_conn_t *c, json_t **rows, ov_error_t *err, const char *sql, const json_t *params);
    int (*exec_params)(store_conn_t *c, long long *changes, long long *last_id, ov_error_t *err, const char *sql,
                       const json_t *params);
    int (*blob_get)(store_conn_t *c, const char *sql, const char *key, void **data, size_t *len, ov_error_t *err);
    int (*blob_insert_fd)(store_conn_t *c, const char *sql, const char *table, const char *column, const char *key,
                          int fd, size_t len, int *inserted, ov_error_t *err);
    int (*bulk_mode)(store_conn_t *c, int on, ov_error_t *err);
    /* store_bulk_insert and store_bulk_prepare/_send; NULL: the generic
     * ones of store.c (a prepared INSERT stepped per row). bulk_format
     * appends nrows rows of ncols values to out in the form bulk_send sends
     * (no connection: any thread), -1 out of memory; bulk_send sends them
     * into table (cols), first moving the table's id sequence past top_id
     * (when not 0). */
    int (*bulk_format)(const store_value_t *v, int ncols, long long nrows, buf_t *out);
    int (*bulk_send)(store_conn_t *c, const char *table, const char *const *cols, int ncols, long long top_id,
                     const char *data, size_t len, ov_error_t *err);

    /* Reusable statements (store_stmt_*); stmt_finalize(NULL) does nothing. */
    int (*stmt_prepare)(store_conn_t *c, const char *sql, store_bstmt_t **out, ov_error_t *err);
    int (*stmt_run)(store_bstmt_t *st, long long *last_id, ov_error_t *err, const char *types, va_list ap);
    int (*stmt_run_values)(store_bstmt_t *st, long long *last_id, ov_error_t *err, const store_value_t *v, int n);
    void (*stmt_finalize)(store_bstmt_t *st);

    /* backup.h, on a database of this backend named by url (parsed: u); no
     * connection of the caller's is used. store.c has checked the common
     * arguments (dest, src given; summary emptied). Both backends' are in
     * backup.c. */
    int (*backup)(const store_url_t *u, const char *url, const char *dest, char *summary, size_t n,
                  ov_error_t *err);
    int (*restore)(const char *src, const store_url_t *u, const char *url, int force, ov_error_t *err);
} store_backend_t;

extern const store_backend_t store_backend_sqlite;   /* sqlite.c */
extern const store_backend_t store_backend_pg;       /* pg.c */

/* The backend for a parsed URL (store.c). */
const store_backend_t *store_backend_for(const store_url_t *u);
/* The backend s was opened with (store.c). */
const store_backend_t *store_backend(const store_t *s);

/* The backup and restore operations of the two tables (backup.c). */
int store_backup_sqlite(const store_url_t *u, const char *url, const char *dest, char *summary, size_t n,
                        ov_error_t *err);
int store_restore_sqlite(const char *src, const store_url_t *u, const char *url, int force, ov_error_t *err);
int store_backup_pg(const store_url_t *u, const char *url, const char *dest, char *summary, size_t n,
                    ov_error_t *err);
int store_restore_pg(const char *src, const store_url_t *u, const char *url, int force, ov_error_t *err);

/* n bytes of fd at offset off into buf, all of them (store.c, for both
 * backends' blob_insert_fd). 0, or an error. */
int store_read_exact(int fd, void *buf, size_t n, size_t off, ov_error_t *err);

#endif
