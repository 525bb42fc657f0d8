/*
 * pg.h: the PostgreSQL backend (libpq), private to src/store. sqlite.c
 * dispatches each store.h function here when the store was opened from a
 * postgres:// or postgresql:// URL; the behaviour is the one store.h
 * describes (integers, reals and NULLs in rows as SQLite gives them,
 * constraint and trigger failures as OV_ECONFLICT).
 */
#ifndef OV_STORE_PG_H
#define OV_STORE_PG_H
#include <jansson.h>
#include <stdarg.h>
#include <stddef.h>
#include "core/error.h"
#include "store/store.h"

struct pg_store;
struct pg_stmt;

/* 1 if url names a PostgreSQL database. */
int pg_url(const char *url);

/* Connects, applies pending migrations (src/store/sql/pg/). Without
 * STORE_OPEN_CREATE a database without the schema is OV_ENOTFOUND; with
 * STORE_OPEN_NEW a database that already holds tables is OV_ECONFLICT. */
int pg_open(const char *url, int flags, struct pg_store **out, ov_error_t *err);
void pg_close(struct pg_store *p);
int pg_schema_version(struct pg_store *p);
int pg_schema_latest(void);

int pg_begin(struct pg_store *p, ov_error_t *err);
int pg_begin_read(struct pg_store *p, ov_error_t *err);
int pg_commit(struct pg_store *p, ov_error_t *err);
void pg_rollback(struct pg_store *p);
int pg_in_transaction(struct pg_store *p);

int pg_query_va(struct pg_store *p, json_t **rows, int max, ov_error_t *err, const char *sql, const char *types,
                va_list ap);
int pg_exec_va(struct pg_store *p, long long *changes, long long *last_id, ov_error_t *err, const char *sql,
               const char *types, va_list ap);
int pg_query_params(struct pg_store *p, json_t **rows, ov_error_t *err, const char *sql, const json_t *params);
int pg_exec_params(struct pg_store *p, long long *changes, long long *last_id, ov_error_t *err, const char *sql,
                   const json_t *params);
int pg_blob_get(struct pg_store *p, const char *sql, const char *key, void **data, size_t *len, ov_error_t *err);
int pg_bulk_mode(struct pg_store *p, int on, ov_error_t *err);

int pg_stmt_prepare(struct pg_store *p, const char *sql, struct pg_stmt **out, ov_error_t *err);
int pg_stmt_run(struct pg_stmt *st, long long *last_id, ov_error_t *err, const char *types, va_list ap);
int pg_stmt_run_values(struct pg_stmt *st, long long *last_id, ov_error_t *err, const store_value_t *v, int n);
void pg_stmt_finalize(struct pg_stmt *st);

/* Rewrites SQLite-style placeholders (?, ?NNN) as $1..$n, leaving quoted
 * strings, quoted identifiers and comments alone. Returns a malloc'd string
 * (NULL when out of memory); *nparams gets the highest parameter number;
 * typed[i] (size 100) is set to 1 for parameters used as "? IS [NOT] NULL",
 * whose type PostgreSQL cannot infer. */
char *pg_convert_placeholders(const char *sql, int *nparams, unsigned char typed[100]);

#endif
