/*
 * store.h: the database behind Oversight.
 *
 * One interface over the backends (SQLite, or PostgreSQL when the URL names
 * it): store.c dispatches each call to sqlite.c or pg.c through the table
 * of operations in backend.h (private to src/store). SQL is written in the
 * open in the src/store files; every value reaches it as a bound parameter.
 * Reads come back as JSON read models (jansson), one object per row keyed
 * by column name; writes take checked inputs.
 *
 * A store_t is one connection: use it from one thread at a time (the pool
 * in pool.h shares connections between server threads).
 */
#ifndef OV_STORE_STORE_H
#define OV_STORE_STORE_H
#include <jansson.h>
#include "core/arena.h"
#include "core/error.h"
#include "core/phase.h"
#include "store/url.h"

typedef struct store store_t;

enum store_open_flags {
    STORE_OPEN_EXISTING = 0,   /* the database must exist */
    STORE_OPEN_CREATE = 1,     /* create the file if absent */
    STORE_OPEN_NEW = 2,        /* with CREATE, for `oversight init` on PostgreSQL: the
                                * database must hold no tables yet (OV_ECONFLICT) */
};

/* Opens url ("sqlite:PATH", "sqlite://PATH", a plain path, or a PostgreSQL
 * "postgres://user@host:port/dbname" / "postgresql://..." URL), applies any
 * pending schema migrations, and returns the connection in *out (close with
 * store_close). OV_ENOTFOUND if the database is absent and not created. */
int store_open(const char *url, int flags, store_t **out, ov_error_t *err);
void store_close(store_t *s);

/* The URL s was opened with (owned by s): for another connection to the
 * same database (store_synth's on PostgreSQL). */
const char *store_url(const store_t *s);

/* Database URLs are parsed and shown (password hidden) by store/url.h:
 * store_url_parse, store_url_redact. */

/* The schema version the database is at, and the newest this build knows. */
int store_schema_version(store_t *s);
int store_schema_latest(void);

/* Transactions. store_begin takes the write lock at once (BEGIN IMMEDIATE),
 * so checks made inside hold until commit. */
int store_begin(store_t *s, ov_error_t *err);
int store_commit(store_t *s, ov_error_t *err);
void store_rollback(store_t *s);

/* A read-only snapshot instead (end it with store_rollback): every read
 * until then sees the database as it was at the first one, while writers
 * go on (SQLite: a deferred transaction, whose WAL snapshot holds; on
 * PostgreSQL REPEATABLE READ, READ ONLY). For checks that read many
 * tables and must see them agree (store_audit_verify_deep). */
int store_begin_read(store_t *s, ov_error_t *err);

/* 1 while a transaction is open on s. Functions that must be atomic open
 * their own only when the caller has not (so loaders can batch them). */
int store_in_transaction(store_t *s);

/* "Open a transaction unless one is open": for functions that must be
 * atomic yet run inside a caller's batch too.
 *
 *     store_tx_t tx;
 *     int rc = store_tx_begin(s, &tx, err);
 *     if (rc) return rc;
 *     ... rc = ...;
 *     return store_tx_end(s, &tx, rc, err);
 *
 * store_tx_begin opens one (store_begin) when none is open on s, else joins
 * the open one; 0, or store_begin's error (then nothing is open for tx and
 * store_tx_end must not be called). store_tx_end, for a transaction this tx
 * opened, commits when rc == 0 and rolls back otherwise; for a joined one it
 * does neither (the opener decides). Returns the final status: rc, or the
 * commit's error. tx is spent after the first store_tx_end: a second call
 * only returns rc (so a `goto fail` path may call it after a commit). */
typedef struct {
    int own;    /* 1 if store_tx_begin opened the transaction */
} store_tx_t;
int store_tx_begin(store_t *s, store_tx_t *tx, ov_error_t *err);
int store_tx_end(store_t *s, store_tx_t *tx, int rc, ov_error_t *err);

/* Transactions committed by this process so far, on any connection and
 * either backend (store_pool_generation's lag window ends at each). */
unsigned long long store_commits(void);

/* Generic statements. `types` says how to bind the varargs, one char each:
 *   's' const char * (NULL binds SQL NULL)   'i' long long   'd' double
 *   'b' const void *, size_t (a blob: two arguments)
 * store_query returns a new JSON array of row objects in *rows (caller
 * json_decref). store_query_one returns the first row as a new object, or
 * OV_ENOTFOUND (message from `what`). store_exec runs a write and reports
 * changed rows and the last inserted id (either pointer may be NULL). */
int store_query(store_t *s, json_t **rows, ov_error_t *err, const char *sql, const char *types, ...);
int store_query_one(store_t *s, json_t **row, ov_error_t *err, const char *what, const char *sql, const char *types, ...);
int store_exec(store_t *s, long long *changes, long long *last_id, ov_error_t *err, const char *sql, const char *types, ...);

/* One row of store_query_each: n cells, each the value as text (numbers
 * in decimal, as the backend writes them) or NULL for SQL NULL, and for
 * text that is not valid UTF-8 (store_query gives JSON null there too);
 * len[c] the length of cell[c] in bytes (0 when NULL). A column read as
 * an integer (store_query_each_num) has its value in num[c] and cell[c]
 * non-NULL but not its text (NULL for SQL NULL). Borrowed: valid during
 * the callback only. */
#define STORE_ROW_MAX_CELLS 32
typedef struct {
    int n;
    const char *const *cell;
    const size_t *len;
    const long long *num;
} store_row_t;
/* Returns 0 to go on; any other value stops the query, which returns it
 * (the callback fills err). */
typedef int (*store_row_fn)(void *ctx, const store_row_t *row, ov_error_t *err);
/* Runs a query (bound as store_query) and hands each row to fn, without
 * building JSON: for reads of thousands of rows into plain structs. At most
 * STORE_ROW_MAX_CELLS columns. */
int store_query_each(store_t *s, ov_error_t *err, store_row_fn fn, void *ctx, const char *sql, const char *types, ...);
/* The same with the columns of `ints` (bit c: column c, below 32) read as
 * integers into row->num (SQLite: the stored integer, not its text made
 * and parsed again; PostgreSQL: the text parsed, 0 when it is none). */
int store_query_each_num(store_t *s, ov_error_t *err, store_row_fn fn, void *ctx, unsigned long long ints, const char *sql,
                         const char *types, ...);

/* In every row of rows, an integer member key (SQLite and PostgreSQL give
 * booleans as 0/1) becomes JSON true/false. */
void store_rows_to_bool(json_t *rows, const char *key);

/* The same with the values in a JSON array (string, integer, real,
 * true/false bound as 1/0, null), for statements built from descriptors. */
int store_query_params(store_t *s, json_t **rows, ov_error_t *err, const char *sql, const json_t *params);
int store_exec_params(store_t *s, long long *changes, long long *last_id, ov_error_t *err, const char *sql,
                      const json_t *params);

/* Reusable prepared statements, for bulk loading (oversight synth): prepare
 * once, then store_stmt_run per row, finalize at the end. store_stmt_run
 * binds the varargs as store_exec does ('s', 'i', 'd'; no blobs; and 'I', a
 * long long id where 0 binds SQL NULL), steps once,
 * then resets the statement and clears its bindings; *last_id (may be NULL)
 * gets the inserted row id. Run them inside store_begin/store_commit batches. */
typedef struct store_stmt store_stmt_t;
int store_stmt_prepare(store_t *s, const char *sql, store_stmt_t **out, ov_error_t *err);
int store_stmt_run(store_stmt_t *st, long long *last_id, ov_error_t *err, const char *types, ...);
/* The same with the values in an array of n (for statements whose width is
 * chosen at run time, such as multi-row inserts): type 's' (s; NULL binds
 * SQL NULL), 'i' (i), 'I' (i; 0 binds SQL NULL). At most 100 values. */
typedef struct {
    char type;
    long long i;
    const char *s;
} store_value_t;
int store_stmt_run_values(store_stmt_t *st, long long *last_id, ov_error_t *err, const store_value_t *v, int n);

/* Inserts nrows rows of ncols values each (row-major in v, types as
 * store_stmt_run_values, any number of them) into columns cols of table:
 * on PostgreSQL one COPY ... FROM STDIN (one round trip for them all), on
 * SQLite one prepared INSERT stepped per row. table and cols are
 * identifiers from the caller's static tables, never input. An "id" among
 * cols gives rows their ids (later inserts without one continue after the
 * highest, on both backends); without it they get the next ones. Run
 * inside store_begin/store_commit. */
int store_bulk_insert(store_t *s, const char *table, const char *const *cols, int ncols, const store_value_t *v,
                      long long nrows, ov_error_t *err);

/* The same in two steps, for a loader that makes its next rows while the
 * last are sent (oversight synth): store_bulk_prepare puts the rows in the
 * form the backend sends (PostgreSQL: COPY's text; SQLite: the values, as
 * they are) using no connection of s, so it may run on another thread than
 * the one using s; store_bulk_send sends them, as store_bulk_insert would.
 * prepare takes v (the array, malloc'd) and the arena holding its strings
 * (*strings, ARENA_INIT after), on success or failure; *out
 * (store_bulk_free) holds what it kept. */
typedef struct store_bulk store_bulk_t;
int store_bulk_prepare(const store_t *s, const char *table, const char *const *cols, int ncols, store_value_t *v,
                       arena_t *strings, long long nrows, store_bulk_t **out, ov_error_t *err);
int store_bulk_send(store_t *s, const store_bulk_t *b, ov_error_t *err);
void store_bulk_free(store_bulk_t *b);

void store_stmt_finalize(store_stmt_t *st);

/* Bulk-load settings for this connection: on = synchronous=OFF and a large
 * page cache (a crash mid-load may lose the load, never earlier commits'
 * consistency in WAL mode); off = back to the normal synchronous=FULL
 * (docs/security.md: a 201 survives a power loss, not only a process kill).
 * STORE_BULK_FREEZE: on, and on PostgreSQL the rows of store_bulk_send
 * written frozen (COPY ... FREEZE), so nothing that reads them later
 * writes their pages again to mark them committed; only into a table made
 * (or emptied) in the transaction, whose rows every transaction sees once
 * it commits. */
#define STORE_BULK_FREEZE 2
int store_bulk_mode(store_t *s, int on, ov_error_t *err);

/* The first column of the first row of sql (one text parameter, key) as
 * bytes: *data malloc'd (caller frees), *len. OV_ENOTFOUND if no row. */
int store_blob_get(store_t *s, const char *sql, const char *key, void **data, size_t *len, ov_error_t *err);

/* Inserts one row holding a blob read from a file, unless its key is there
 * already. sql is an INSERT ... ON CONFLICT (key) DO NOTHING of three
 * parameters: ?1 key (text), ?2 len (integer), ?3 the blob, which is the
 * len bytes of fd from offset 0. On SQLite ?3 is bound as zeroblob(len)
 * and the blob is then written STORE_BLOB_CHUNK bytes at a time into
 * column `column` of the new row of `table` (incremental blob I/O), so the
 * file is never in memory. On PostgreSQL a bytea parameter travels whole:
 * the file is read into one buffer (freed before returning) for the
 * statement; inside a transaction, whose write lock serialises writers, at
 * most one such buffer per database exists at a time. *inserted: 1 for a
 * new row, 0 when the key existed. Call inside a transaction. */
#define STORE_BLOB_CHUNK (64 * 1024)
int store_blob_insert_fd(store_t *s, const char *sql, const char *table, const char *column, const char *key,
                         int fd, size_t len, int *inserted, ov_error_t *err);

/* Who is making changes, for the audit trail (store/audit.h). Each audit
 * entry names, in this order of preference: the connection's actor
 * (store_set_actor; NULL clears it), the calling thread's current actor
 * (store_thread_actor_set: app_actor() sets it for each request,
 * the CLI sets "cli:<login>" for its main thread), else "system".
 * Names are copied (at most 63 bytes kept). store_actor never returns NULL;
 * the pointer is valid until the next set on that connection or thread. */
void store_set_actor(store_t *s, const char *username);
void store_thread_actor_set(const char *username);
const char *store_actor(const store_t *s);

/* The phase model held in the database (phases, transitions). */
int store_phase_model(store_t *s, phase_model_t *m, ov_error_t *err);

#endif
