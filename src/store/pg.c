/*
 * pg.c: the PostgreSQL backend (libpq): store_backend_pg (backend.h), the
 * same operations as sqlite.c, reached through the dispatcher in store.c.
 *
 * Statements are the ones written for SQLite: `?` and `?NNN` placeholders
 * become $1..$n at prepare time; values go as text parameters (blobs as
 * binary bytea) of unknown type so PostgreSQL infers them from the context,
 * except parameters used as "? IS NULL", which get the type of their value.
 * Rows come back as JSON with integers, reals, NULLs and booleans (as 1/0)
 * the way SQLite returns them. Migrations are src/store/sql/NNN_*.sql as
 * translated at build time (src/store/sql_dialect.c), under the same names;
 * the version is in schema_migrations.
 */
#include "store/pg.h"
#include "store/backend.h"
#include "store/store.h"
#include "store/migrations.h"
#include "store/constraint.h"
#include "core/buf.h"
#include "core/jw.h"
#include <ctype.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>

/* Type OIDs (server/catalog/pg_type_d.h, stable across versions). */
enum {
    OID_BOOL = 16, OID_BYTEA = 17, OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23, OID_TEXT = 25, OID_OID = 26,
    OID_FLOAT4 = 700, OID_FLOAT8 = 701, OID_NUMERIC = 1700,
};

#define PG_MAX_PARAMS 100

#define PG_STMT_CACHE 256
struct pg_cached {
    char *sql;            /* NULL = empty */
    unsigned long key;
    int n;
    Oid type[PG_MAX_PARAMS];
};

/* A connection (backend.h's store_conn_t, completed for PostgreSQL). */
struct store_conn {
    PGconn *c;
    struct pg_cached stc[PG_STMT_CACHE];   /* see run() */
    long long last_id;   /* the last id an INSERT returned, like sqlite3_last_insert_rowid */
    unsigned stmt_seq;   /* names of server-side prepared statements (store_bstmt) */
    int freeze;          /* bulk_send copies WITH (FREEZE): pg_bulk_mode */
};

/* A reusable statement (backend.h's store_bstmt_t, completed for
 * PostgreSQL): prepared on the server (PQprepare) at its first run,
 * once plain and once with RETURNING * when an insert's id is wanted; a
 * statement with "? IS NULL" parameters (whose type depends on the value)
 * is sent unprepared each time instead. */
struct store_bstmt {
    struct store_conn *p;
    char *sql;           /* converted */
    int nparams;
    unsigned char typed[PG_MAX_PARAMS];
    int insert;          /* an INSERT without RETURNING */
    int untyped_ok;      /* no typed parameters: may be prepared */
    unsigned seq;
    int prepared[2];     /* [0] plain, [1] with RETURNING * */
};

static void pg_rollback(struct store_conn *p);
static void pg_close(struct store_conn *p);

static void quiet_notices(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* Fills err from a failed result (or the connection's message).
 * Constraint violations (class 23) and RAISE EXCEPTION from triggers
 * (P0001) become the sentences of store/constraint.h, as SQLite's do,
 * naming the field from the error's table, column, constraint and detail
 * fields (never PostgreSQL's own words). Anything else is OV_EINTERNAL
 * with the server's message, for the log and the CLI. */
static int pg_fail(struct store_conn *p, const PGresult *r, ov_error_t *err, const char *what)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    store_constraint_t c;
    store_constraint_pg(state, r ? PQresultErrorField(r, PG_DIAG_TABLE_NAME) : NULL,
                        r ? PQresultErrorField(r, PG_DIAG_COLUMN_NAME) : NULL,
                        r ? PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME) : NULL,
                        r ? PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL) : NULL, msg, &c);
    if (c.kind != STORE_C_NONE) return store_constraint_error(&c, err);
    char buf[400];
    if (!msg) {
        snprintf(buf, sizeof buf, "%s", PQerrorMessage(p->c));
        size_t n = strlen(buf);
        while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' ')) buf[--n] = '\0';
        msg = buf;
    }
    return ov_error_set(err, OV_EINTERNAL, "", "%s: %s", what, *msg ? msg : "database error");
}

/* Runs sql (one or more statements, no parameters). */
static int exec_simple(struct store_conn *p, const char *sql, ov_error_t *err, const char *what)
{
    PGresult *r = PQexec(p->c, sql);
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    int rc = 0;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) rc = pg_fail(p, r, err, what);
    PQclear(r);
    return rc;
}

static int is_ident(char c) { return isalnum((unsigned char)c) || c == '_'; }

char *pg_convert_placeholders(const char *sql, int *nparams, unsigned char typed[PG_MAX_PARAMS])
{
    size_t n = strlen(sql);
    char *out = malloc(n * 4 + 16);
    if (!out) return NULL;
    char *o = out;
    int next = 0, max = 0;
    memset(typed, 0, PG_MAX_PARAMS);
    for (const char *q = sql; *q;) {
        if (*q == '\'' || *q == '"') {            /* quoted string or identifier ('' and "" escapes) */
            char quote = *q;
            *o++ = *q++;
            while (*q) {
                if (*q == quote && q[1] == quote) { *o++ = *q++; *o++ = *q++; continue; }
                if (*q == quote) { *o++ = *q++; break; }
                *o++ = *q++;
            }
        } else if (q[0] == '-' && q[1] == '-') {  /* line comment */
            while (*q && *q != '\n') *o++ = *q++;
        } else if (q[0] == '/' && q[1] == '*') {  /* block comment */
            const char *end = strstr(q + 2, "*/");
            size_t len = end ? (size_t)(end + 2 - q) : strlen(q);
            memcpy(o, q, len);
            o += len;
            q += len;
        } else if (*q == '?') {
            int k;
            q++;
            if (isdigit((unsigned char)*q)) {
                k = 0;
                while (isdigit((unsigned char)*q) && k < 100000) k = k * 10 + (*q++ - '0');
            } else {
                k = max + 1;
            }
            if (k > max) max = k;
            next = k;
            o += sprintf(o, "$%d", k);
            /* "? IS NULL" / "? IS NOT NULL": PostgreSQL needs the type. */
            const char *w = q;
            while (isspace((unsigned char)*w)) w++;
            if (strncasecmp(w, "IS", 2) == 0 && !is_ident(w[2]) && k <= PG_MAX_PARAMS) typed[k - 1] = 1;
        } else {
            *o++ = *q++;
        }
    }
    (void)next;
    *o = '\0';
    *nparams = max;
    return out;
}

/* 1 if sql is an INSERT without a RETURNING clause. */
static int plain_insert(const char *sql)
{
    while (isspace((unsigned char)*sql)) sql++;
    if (strncasecmp(sql, "INSERT", 6) != 0) return 0;
    for (const char *q = sql; *q; q++)
        if (strncasecmp(q, "RETURNING", 9) == 0 && (q == sql || !is_ident(q[-1])) && !is_ident(q[9])) return 0;
    return 1;
}

/* Parameter values for one statement. */
typedef struct {
    int n;
    const char *v[PG_MAX_PARAMS];
    int len[PG_MAX_PARAMS];
    int fmt[PG_MAX_PARAMS];
    Oid type[PG_MAX_PARAMS];
    char num[PG_MAX_PARAMS][40];
} params_t;

/* Empties ps for nparams placeholders (at most PG_MAX_PARAMS). */
static int params_reset(params_t *ps, int nparams, ov_error_t *err)
{
    memset(ps->v, 0, sizeof ps->v);
    memset(ps->len, 0, sizeof ps->len);
    memset(ps->fmt, 0, sizeof ps->fmt);
    memset(ps->type, 0, sizeof ps->type);
    if (nparams > PG_MAX_PARAMS) return ov_error_set(err, OV_EINTERNAL, "", "more than %d parameters", PG_MAX_PARAMS);
    ps->n = nparams;
    return 0;
}

static int params_from_va(params_t *ps, int nparams, const unsigned char *typed, const char *types, va_list ap,
                          ov_error_t *err)
{
    int rc = params_reset(ps, nparams, err);
    if (rc) return rc;
    for (int i = 0; types && types[i]; i++) {
        Oid t = 0;
        const char *v = NULL;
        switch (types[i]) {
        case 's': v = va_arg(ap, const char *); t = OID_TEXT; break;
        case 'i': snprintf(ps->num[i < PG_MAX_PARAMS ? i : 0], 40, "%lld", va_arg(ap, long long)); v = ps->num[i < PG_MAX_PARAMS ? i : 0]; t = OID_INT8; break;
        case 'I': {
            long long x = va_arg(ap, long long);
            if (x && i < PG_MAX_PARAMS) { snprintf(ps->num[i], 40, "%lld", x); v = ps->num[i]; }
            t = OID_INT8;
            break;
        }
        case 'd': snprintf(ps->num[i < PG_MAX_PARAMS ? i : 0], 40, "%.17g", va_arg(ap, double)); v = ps->num[i < PG_MAX_PARAMS ? i : 0]; t = OID_FLOAT8; break;
        case 'b': {
            const void *data = va_arg(ap, const void *);
            size_t len = va_arg(ap, size_t);
            if (len > (size_t)0x7fffffff) return ov_error_set(err, OV_ETOOBIG, "", "bind parameter %d: too big", i + 1);
            if (i < ps->n) {
                ps->v[i] = data ? data : "";
                ps->len[i] = (int)len;
                ps->fmt[i] = 1;
                ps->type[i] = OID_BYTEA;
            }
            continue;
        }
        default: return ov_error_set(err, OV_EINTERNAL, "", "bind parameter %d: unknown type '%c'", i + 1, types[i]);
        }
        if (i >= ps->n) continue;   /* more values than placeholders: unused */
        ps->v[i] = v;
        if (typed[i]) ps->type[i] = t;
    }
    return 0;
}

static int params_from_json(params_t *ps, int nparams, const unsigned char *typed, const json_t *params,
                            ov_error_t *err)
{
    int rc = params_reset(ps, nparams, err);
    if (rc) return rc;
    for (size_t i = 0; i < json_array_size(params) && (int)i < ps->n; i++) {
        const json_t *v = json_array_get(params, i);
        Oid t = OID_TEXT;
        switch (json_typeof(v)) {
        case JSON_STRING: ps->v[i] = json_string_value(v); break;
        case JSON_INTEGER: snprintf(ps->num[i], 40, "%lld", (long long)json_integer_value(v)); ps->v[i] = ps->num[i]; t = OID_INT8; break;
        case JSON_REAL: snprintf(ps->num[i], 40, "%.17g", json_real_value(v)); ps->v[i] = ps->num[i]; t = OID_FLOAT8; break;
        case JSON_TRUE: ps->v[i] = "1"; t = OID_INT8; break;
        case JSON_FALSE: ps->v[i] = "0"; t = OID_INT8; break;
        case JSON_NULL: ps->v[i] = NULL; break;
        default: return ov_error_set(err, OV_EINTERNAL, "", "bind parameter %zu: not a scalar", i + 1);
        }
        if (typed[i]) ps->type[i] = t;
    }
    return 0;
}

static json_t *cell_json(const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col)) return json_null();
    const char *v = PQgetvalue(r, row, col);
    switch (PQftype(r, col)) {
    case OID_INT2: case OID_INT4: case OID_INT8: case OID_OID: return json_integer(strtoll(v, NULL, 10));
    case OID_FLOAT4: case OID_FLOAT8: return json_real(strtod(v, NULL));
    case OID_NUMERIC:   /* sum() of integers is numeric in PostgreSQL, an integer in SQLite */
        return strpbrk(v, ".eEN") ? json_real(strtod(v, NULL)) : json_integer(strtoll(v, NULL, 10));
    case OID_BOOL: return json_integer(v[0] == 't');
    default: return json_stringn(v, (size_t)PQgetlength(r, row, col));
    }
}

static json_t *rows_json(const PGresult *r, int max)
{
    json_t *arr = json_array();
    int nrows = PQntuples(r), ncols = PQnfields(r);
    for (int i = 0; i < nrows && (max <= 0 || i < max); i++) {
        json_t *o = json_object();
        for (int c = 0; c < ncols; c++) {
            json_t *v = cell_json(r, i, c);
            json_object_set_new(o, PQfname(r, c), v ? v : json_null());
        }
        json_array_append_new(arr, o);
    }
    return arr;
}

/* Statements of the generic helpers prepared on the server once per
 * connection (parse and plan once), by SQL text and parameter types,
 * direct-mapped on a hash; a slot taken by another text is deallocated. */
static unsigned long stmt_key(const char *sql, const params_t *ps)
{
    unsigned long h = 1469598103934665603UL;
    for (const char *c = sql; *c; c++) h = (h ^ (unsigned char)*c) * 1099511628211UL;
    for (int i = 0; i < ps->n; i++) h = (h ^ (unsigned long)ps->type[i]) * 1099511628211UL;
    return h;
}

static int same_types(const struct pg_cached *c, const params_t *ps)
{
    if (c->n != ps->n) return 0;
    for (int i = 0; i < ps->n; i++)
        if (c->type[i] != ps->type[i]) return 0;
    return 1;
}

static PGresult *run(struct store_conn *p, const char *sql, const params_t *ps)
{
    unsigned long key = stmt_key(sql, ps);
    struct pg_cached *c = &p->stc[key % PG_STMT_CACHE];
    char name[32];
    snprintf(name, sizeof name, "ov_q_%lu", (unsigned long)(c - p->stc));
    if (!(c->sql && c->key == key && strcmp(c->sql, sql) == 0 && same_types(c, ps))) {
        if (PQtransactionStatus(p->c) == PQTRANS_INERROR)   /* nothing can be prepared now */
            return PQexecParams(p->c, sql, ps->n, ps->type, ps->v, ps->len, ps->fmt, 0);
        if (c->sql) {
            char dealloc[64];
            snprintf(dealloc, sizeof dealloc, "DEALLOCATE %s", name);
            PQclear(PQexec(p->c, dealloc));
            free(c->sql);
            c->sql = NULL;
        }
        PGresult *r = PQprepare(p->c, name, sql, ps->n, ps->type);
        if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) return r;   /* the error, as PQexecParams would give */
        PQclear(r);
        c->sql = strdup(sql);
        if (!c->sql) {
            PQclear(PQexec(p->c, "DEALLOCATE ALL"));
            for (int k = 0; k < PG_STMT_CACHE; k++) { free(p->stc[k].sql); p->stc[k].sql = NULL; }
            return PQexecParams(p->c, sql, ps->n, ps->type, ps->v, ps->len, ps->fmt, 0);
        }
        c->key = key;
        c->n = ps->n;
        memcpy(c->type, ps->type, sizeof c->type[0] * (size_t)ps->n);
    }
    return PQexecPrepared(p->c, name, ps->n, ps->v, ps->len, ps->fmt, 0);
}

static int query_run(struct store_conn *p, json_t **rows, int max, ov_error_t *err, const char *sql, const params_t *ps)
{
    PGresult *r = run(p, sql, ps);
    int rc = 0;
    if (r && PQresultStatus(r) == PGRES_TUPLES_OK) *rows = rows_json(r, max);
    else if (r && PQresultStatus(r) == PGRES_COMMAND_OK) *rows = json_array();
    else rc = pg_fail(p, r, err, "query");
    PQclear(r);
    return rc;
}

/* sql with " RETURNING *" appended (trailing blanks and ';' dropped), for
 * an insert's id: malloc'd, NULL when out of memory. */
static char *with_returning(const char *sql)
{
    size_t n = strlen(sql);
    while (n && (isspace((unsigned char)sql[n - 1]) || sql[n - 1] == ';')) n--;
    char *with = malloc(n + 16);
    if (!with) return NULL;
    memcpy(with, sql, n);
    strcpy(with + n, " RETURNING *");
    return with;
}

/* Takes r, the result of a write: the changed row count into *changes, and
 * for an insert with RETURNING the last row's id into p->last_id (and
 * *last_id). Clears r. */
static int write_result(struct store_conn *p, PGresult *r, int insert, long long *changes, long long *last_id,
                        ov_error_t *err)
{
    int rc = 0;
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        rc = pg_fail(p, r, err, "write");
    } else {
        if (changes) *changes = strtoll(PQcmdTuples(r), NULL, 10);
        int col = PQfnumber(r, "id");
        if (insert && st == PGRES_TUPLES_OK && col >= 0 && PQntuples(r) > 0 && !PQgetisnull(r, PQntuples(r) - 1, col))
            p->last_id = strtoll(PQgetvalue(r, PQntuples(r) - 1, col), NULL, 10);
        if (last_id) *last_id = p->last_id;
    }
    PQclear(r);
    return rc;
}

/* Runs a write; for an INSERT whose id is wanted, RETURNING * supplies it
 * (tables without an id column give 0). */
static int exec_run(struct store_conn *p, long long *changes, long long *last_id, ov_error_t *err, const char *sql,
                    int insert, const params_t *ps)
{
    char *with = NULL;
    if (last_id && insert && !(with = with_returning(sql)))
        return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    PGresult *r = run(p, with ? with : sql, ps);
    free(with);
    return write_result(p, r, insert, changes, last_id, err);
}

static int pg_query_va(struct store_conn *p, json_t **rows, int max, ov_error_t *err, const char *sql, const char *types,
                       va_list ap)
{
    *rows = NULL;
    int n;
    unsigned char typed[PG_MAX_PARAMS];
    char *conv = pg_convert_placeholders(sql, &n, typed);
    if (!conv) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    params_t *ps = malloc(sizeof *ps);
    int rc = ps ? params_from_va(ps, n, typed, types, ap, err) : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    if (rc == 0) rc = query_run(p, rows, max, err, conv, ps);
    free(ps);
    free(conv);
    return rc;
}

static int pg_query_each_va(struct store_conn *p, ov_error_t *err, store_row_fn fn, void *ctx, unsigned long long ints,
                            const char *sql, const char *types, va_list ap)
{
    int n;
    unsigned char typed[PG_MAX_PARAMS];
    char *conv = pg_convert_placeholders(sql, &n, typed);
    if (!conv) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    params_t *ps = malloc(sizeof *ps);
    int rc = ps ? params_from_va(ps, n, typed, types, ap, err) : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    PGresult *r = rc == 0 ? run(p, conv, ps) : NULL;
    if (rc == 0 && (!r || PQresultStatus(r) != PGRES_TUPLES_OK)) rc = pg_fail(p, r, err, "query");
    if (rc == 0 && PQnfields(r) > STORE_ROW_MAX_CELLS)
        rc = ov_error_set(err, OV_EINTERNAL, "", "query of %d columns: at most %d", PQnfields(r), STORE_ROW_MAX_CELLS);
    if (rc == 0) {
        const char *cell[STORE_ROW_MAX_CELLS];
        size_t len[STORE_ROW_MAX_CELLS];
        long long num[STORE_ROW_MAX_CELLS];
        int ncols = PQnfields(r), nrows = PQntuples(r);
        store_row_t row = {ncols, cell, len, num};
        for (int i = 0; i < nrows && rc == 0; i++) {
            for (int c = 0; c < ncols; c++) {
                /* NULL reads as "": asked only of an empty value */
                cell[c] = PQgetvalue(r, i, c);
                len[c] = (size_t)PQgetlength(r, i, c);
                if (!len[c] && PQgetisnull(r, i, c)) cell[c] = NULL;
                num[c] = cell[c] && (ints >> c & 1) ? strtoll(cell[c], NULL, 10) : 0;
                if (cell[c] && !(ints >> c & 1) && !jw_utf8_valid(cell[c], len[c])) {
                    cell[c] = NULL;
                    len[c] = 0;
                }
            }
            rc = fn(ctx, &row, err);
        }
    }
    PQclear(r);
    free(ps);
    free(conv);
    return rc;
}

static int pg_exec_va(struct store_conn *p, long long *changes, long long *last_id, ov_error_t *err, const char *sql,
                      const char *types, va_list ap)
{
    int n;
    unsigned char typed[PG_MAX_PARAMS];
    char *conv = pg_convert_placeholders(sql, &n, typed);
    if (!conv) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    params_t *ps = malloc(sizeof *ps);
    int rc = ps ? params_from_va(ps, n, typed, types, ap, err) : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    if (rc == 0) rc = exec_run(p, changes, last_id, err, conv, plain_insert(sql), ps);
    free(ps);
    free(conv);
    return rc;
}

static int pg_query_params(struct store_conn *p, json_t **rows, ov_error_t *err, const char *sql, const json_t *params)
{
    *rows = NULL;
    int n;
    unsigned char typed[PG_MAX_PARAMS];
    char *conv = pg_convert_placeholders(sql, &n, typed);
    if (!conv) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    params_t *ps = malloc(sizeof *ps);
    int rc = ps ? params_from_json(ps, n, typed, params, err) : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    if (rc == 0) rc = query_run(p, rows, 0, err, conv, ps);
    free(ps);
    free(conv);
    return rc;
}

static int pg_exec_params(struct store_conn *p, long long *changes, long long *last_id, ov_error_t *err, const char *sql,
                          const json_t *params)
{
    int n;
    unsigned char typed[PG_MAX_PARAMS];
    char *conv = pg_convert_placeholders(sql, &n, typed);
    if (!conv) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    params_t *ps = malloc(sizeof *ps);
    int rc = ps ? params_from_json(ps, n, typed, params, err) : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    if (rc == 0) rc = exec_run(p, changes, last_id, err, conv, plain_insert(sql), ps);
    free(ps);
    free(conv);
    return rc;
}

static int pg_blob_get(struct store_conn *p, const char *sql, const char *key, void **data, size_t *len, ov_error_t *err)
{
    *data = NULL;
    *len = 0;
    int n;
    unsigned char typed[PG_MAX_PARAMS];
    char *conv = pg_convert_placeholders(sql, &n, typed);
    if (!conv) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    const char *values[1] = {key};
    Oid types[1] = {OID_TEXT};
    PGresult *r = PQexecParams(p->c, conv, n > 1 ? 1 : n, types, values, NULL, NULL, 1);
    free(conv);
    int rc = 0;
    if (!r || PQresultStatus(r) != PGRES_TUPLES_OK) {
        rc = pg_fail(p, r, err, "query");
    } else if (PQntuples(r) == 0 || PQnfields(r) == 0) {
        rc = ov_error_set(err, OV_ENOTFOUND, "", "no such content");
    } else {
        size_t m = (size_t)PQgetlength(r, 0, 0);
        *data = malloc(m ? m : 1);
        if (!*data) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        else {
            if (m) memcpy(*data, PQgetvalue(r, 0, 0), m);
            *len = m;
        }
    }
    PQclear(r);
    return rc;
}

/* sql with types and the values after them, as store_exec. */
static int exec_types(struct store_conn *p, long long *changes, ov_error_t *err, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    int rc = pg_exec_va(p, changes, NULL, err, sql, types, ap);
    va_end(ap);
    return rc;
}

/* A bytea parameter travels whole: the file is read into one buffer for
 * the statement (see store.h). */
static int pg_blob_insert_fd(struct store_conn *p, const char *sql, const char *table, const char *column,
                             const char *key, int fd, size_t len, int *inserted, ov_error_t *err)
{
    (void)table;
    (void)column;
    *inserted = 0;
    void *whole = malloc(len ? len : 1);
    if (!whole) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    long long changes = 0;
    int rc = store_read_exact(fd, whole, len, 0, err);
    if (rc == 0) rc = exec_types(p, &changes, err, sql, "sib", key, (long long)len, whole, len);
    free(whole);
    if (rc == 0) *inserted = changes > 0;
    return rc;
}

static int pg_bulk_mode(struct store_conn *p, int on, ov_error_t *err)
{
    p->freeze = on == STORE_BULK_FREEZE;
    return exec_simple(p, on ? "SET synchronous_commit = off" : "SET synchronous_commit = on", err, "database");
}

/* One value in COPY's text format: an integer's digits, \N for NULL, a
 * string with its backslashes, tabs and line ends escaped (copied in
 * spans between them). */
static void copy_value(buf_t *b, const store_value_t *v)
{
    switch (v->type) {
    case 'i': buf_put_ll(b, v->i); return;
    case 'I':
        if (v->i) buf_put_ll(b, v->i);
        else buf_append(b, "\\N", 2);
        return;
    default:
        if (!v->s) {
            buf_append(b, "\\N", 2);
            return;
        }
        for (const char *c = v->s;;) {
            size_t n = strcspn(c, "\\\t\n\r");
            buf_append(b, c, n);
            c += n;
            if (!*c) return;
            const char *esc = *c == '\\' ? "\\\\" : *c == '\t' ? "\\t" : *c == '\n' ? "\\n" : "\\r";
            buf_append(b, esc, 2);
            c++;
        }
    }
}

/* Ends a COPY: reads its result, and any left before the connection is
 * ready again. 0 or the failure in err (unless rc already failed). */
static int copy_finish(struct store_conn *p, int rc, ov_error_t *err)
{
    PGresult *r;
    while ((r = PQgetResult(p->c)) != NULL) {
        if (rc == 0 && PQresultStatus(r) != PGRES_COMMAND_OK) rc = pg_fail(p, r, err, "copy");
        PQclear(r);
    }
    return rc;
}

/* backend.h bulk_format: the rows as COPY's text format, one line each. */
static int pg_bulk_format(const store_value_t *v, int ncols, long long nrows, buf_t *out)
{
    for (long long row = 0; row < nrows && !out->failed; row++) {
        for (int c = 0; c < ncols; c++) {
            if (c) buf_append(out, "\t", 1);
            copy_value(out, &v[row * ncols + c]);
        }
        buf_append(out, "\n", 1);
    }
    return out->failed ? -1 : 0;
}

/* backend.h bulk_send: COPY table (cols) FROM STDIN, data sent in pieces of
 * 256 KiB. Rows with their ids: the table's sequence is moved past the
 * highest first, so the id trigger (ov_assign_id, 001_bodies.sql) has no
 * sequence to move row by row. */
static int pg_bulk_send(struct store_conn *p, const char *table, const char *const *cols, int ncols, long long top_id,
                        const char *data, size_t len, ov_error_t *err)
{
    if (top_id > 0) {
        int rc = exec_types(p, NULL, err,
                            "SELECT setval(q.s, GREATEST(?, coalesce(pg_sequence_last_value(q.s), 0)))"
                            " FROM (SELECT pg_get_serial_sequence(?, 'id')::regclass AS s) q",
                            "is", top_id, table);
        if (rc) return rc;
    }
    buf_t sql = BUF_INIT;
    buf_printf(&sql, "COPY %s (", table);
    for (int c = 0; c < ncols; c++) buf_printf(&sql, "%s%s", c ? ", " : "", cols[c]);
    buf_puts(&sql, p->freeze ? ") FROM STDIN WITH (FREEZE)" : ") FROM STDIN");
    if (sql.failed) {
        buf_free(&sql);
        return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    PGresult *r = PQexec(p->c, sql.data);
    buf_free(&sql);
    if (!r || PQresultStatus(r) != PGRES_COPY_IN) {
        int rc = pg_fail(p, r, err, "copy");
        PQclear(r);
        return copy_finish(p, rc, err);
    }
    PQclear(r);
    int rc = 0;
    for (size_t off = 0; rc == 0 && off < len;) {
        size_t n = len - off < 256 * 1024 ? len - off : 256 * 1024;
        if (PQputCopyData(p->c, data + off, (int)n) != 1) rc = pg_fail(p, NULL, err, "copy");
        off += n;
    }
    if (PQputCopyEnd(p->c, rc ? "abandoned" : NULL) != 1 && rc == 0) rc = pg_fail(p, NULL, err, "copy");
    return copy_finish(p, rc, err);
}

static int pg_stmt_prepare(struct store_conn *p, const char *sql, struct store_bstmt **out, ov_error_t *err)
{
    *out = NULL;
    struct store_bstmt *st = calloc(1, sizeof *st);
    if (!st) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    st->p = p;
    st->sql = pg_convert_placeholders(sql, &st->nparams, st->typed);
    st->insert = plain_insert(sql);
    if (!st->sql) {
        free(st);
        return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    st->untyped_ok = st->nparams <= PG_MAX_PARAMS && !memchr(st->typed, 1, PG_MAX_PARAMS);
    st->seq = ++p->stmt_seq;
    *out = st;
    return 0;
}

/* Runs st through its server-side prepared form (prepared on first use). */
static int stmt_exec_prepared(struct store_bstmt *st, long long *last_id, ov_error_t *err, const params_t *ps)
{
    struct store_conn *p = st->p;
    int ret = last_id && st->insert;
    char name[40];
    snprintf(name, sizeof name, "ov_stmt_%u_%d", st->seq, ret);
    if (!st->prepared[ret]) {
        char *sql = ret ? with_returning(st->sql) : st->sql;
        if (!sql) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        PGresult *r = PQprepare(p->c, name, sql, st->nparams, NULL);
        if (sql != st->sql) free(sql);
        int ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
        int rc = ok ? 0 : pg_fail(p, r, err, "prepare");
        PQclear(r);
        if (rc) return rc;
        st->prepared[ret] = 1;
    }
    PGresult *r = PQexecPrepared(p->c, name, ps->n, ps->v, ps->len, ps->fmt, 0);
    return write_result(p, r, ret, NULL, last_id, err);
}

static int pg_stmt_run(struct store_bstmt *st, long long *last_id, ov_error_t *err, const char *types, va_list ap)
{
    params_t *ps = malloc(sizeof *ps);
    int rc = ps ? params_from_va(ps, st->nparams, st->typed, types, ap, err)
                : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    if (rc == 0)
        rc = st->untyped_ok ? stmt_exec_prepared(st, last_id, err, ps)
                            : exec_run(st->p, NULL, last_id, err, st->sql, st->insert, ps);
    free(ps);
    return rc;
}

static int pg_stmt_run_values(struct store_bstmt *st, long long *last_id, ov_error_t *err, const store_value_t *vals, int n)
{
    if (n > PG_MAX_PARAMS) return ov_error_set(err, OV_EINTERNAL, "", "more than %d parameters", PG_MAX_PARAMS);
    params_t *ps = calloc(1, sizeof *ps);
    if (!ps) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    ps->n = st->nparams;
    int rc = 0;
    for (int i = 0; i < n && i < st->nparams && rc == 0; i++) {
        Oid t = OID_TEXT;
        switch (vals[i].type) {
        case 's': ps->v[i] = vals[i].s; break;
        case 'i': snprintf(ps->num[i], 40, "%lld", vals[i].i); ps->v[i] = ps->num[i]; t = OID_INT8; break;
        case 'I':
            if (vals[i].i) { snprintf(ps->num[i], 40, "%lld", vals[i].i); ps->v[i] = ps->num[i]; }
            t = OID_INT8;
            break;
        default: rc = ov_error_set(err, OV_EINTERNAL, "", "bind parameter %d: unknown type '%c'", i + 1, vals[i].type);
        }
        if (st->typed[i]) ps->type[i] = t;
    }
    if (rc == 0)
        rc = st->untyped_ok ? stmt_exec_prepared(st, last_id, err, ps)
                            : exec_run(st->p, NULL, last_id, err, st->sql, st->insert, ps);
    free(ps);
    return rc;
}

static void pg_stmt_finalize(struct store_bstmt *st)
{
    if (!st) return;
    for (int k = 0; k < 2; k++) {
        if (!st->prepared[k]) continue;
        char sql[64];
        snprintf(sql, sizeof sql, "DEALLOCATE ov_stmt_%u_%d", st->seq, k);
        PQclear(PQexec(st->p->c, sql));
    }
    free(st->sql);
    free(st);
}

/* Transactions: store_begin promises the write lock at once (SQLite's
 * BEGIN IMMEDIATE); a transaction-scoped advisory lock serialises writers
 * across connections and processes the same way. */
static int pg_begin(struct store_conn *p, ov_error_t *err)
{
    int rc = exec_simple(p, "BEGIN; SELECT pg_advisory_xact_lock(1)", err, "begin");
    if (rc != 0) pg_rollback(p);
    return rc == 0 ? 0 : OV_EINTERNAL;
}

/* A snapshot for reading only, without the writers' lock. */
static int pg_begin_read(struct store_conn *p, ov_error_t *err)
{
    int rc = exec_simple(p, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", err, "begin");
    if (rc != 0) pg_rollback(p);
    return rc == 0 ? 0 : OV_EINTERNAL;
}

static int pg_commit(struct store_conn *p, ov_error_t *err)
{
    if (PQtransactionStatus(p->c) == PQTRANS_INERROR) {
        pg_rollback(p);
        return ov_error_set(err, OV_EINTERNAL, "", "commit: the transaction had failed and was rolled back");
    }
    int rc = exec_simple(p, "COMMIT", err, "commit");
    if (rc != 0) pg_rollback(p);
    return rc == 0 ? 0 : OV_EINTERNAL;
}

static void pg_rollback(struct store_conn *p)
{
    if (PQtransactionStatus(p->c) != PQTRANS_IDLE) {
        PGresult *r = PQexec(p->c, "ROLLBACK");
        PQclear(r);
    }
}

static int pg_in_transaction(struct store_conn *p)
{
    PGTransactionStatusType t = PQtransactionStatus(p->c);
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

/* One integer from sql (no parameters); -1 on failure. */
static long long int_query(struct store_conn *p, const char *sql)
{
    PGresult *r = PQexec(p->c, sql);
    long long v = -1;
    if (r && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
        v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    return v;
}

static int pg_schema_version(struct store_conn *p)
{
    long long exists = int_query(p, "SELECT (to_regclass('schema_migrations') IS NOT NULL)::int");
    if (exists < 0) return -1;
    if (exists == 0) return 0;
    return (int)int_query(p, "SELECT coalesce(max(version), 0) FROM schema_migrations");
}

static int pg_schema_latest(void) { return pg_migrations_count(); }

static int migrate(struct store_conn *p, ov_error_t *err)
{
    int latest = pg_migrations_count();
    for (int v = 0; v < latest; v++) {
        if (pg_schema_version(p) > v) continue;
        if (pg_begin(p, err) != 0) return OV_EINTERNAL;
        int rc = exec_simple(p, "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL,"
                                " applied_at TEXT NOT NULL DEFAULT to_char(now() at time zone 'utc', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))",
                             err, "schema_migrations");
        if (rc == 0 && pg_schema_version(p) > v) { pg_rollback(p); continue; }
        if (rc == 0) rc = exec_simple(p, pg_migrations_sql(v), err, pg_migrations_name(v));
        if (rc == 0) {
            const char *values[2];
            char num[16];
            snprintf(num, sizeof num, "%d", v + 1);
            values[0] = num;
            values[1] = pg_migrations_name(v);
            PGresult *r = PQexecParams(p->c, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", 2, NULL,
                                       values, NULL, NULL, 0);
            if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) rc = pg_fail(p, r, err, "schema_migrations");
            PQclear(r);
        }
        if (rc != 0) {
            pg_rollback(p);
            ov_error_prefix(err, "migration %d failed: ", v + 1);
            return OV_EINTERNAL;
        }
        if (pg_commit(p, err) != 0) return OV_EINTERNAL;
    }
    int have = pg_schema_version(p);
    if (have > latest)
        return ov_error_set(err, OV_EINTERNAL, "", "database schema version %d is newer than this build knows (%d); upgrade oversight",
                            have, latest);
    return 0;
}

/* Connects, applies pending migrations (pg_migrations_sql). Without
 * STORE_OPEN_CREATE a database without the schema is OV_ENOTFOUND; with
 * STORE_OPEN_NEW a database that already holds tables is OV_ECONFLICT. */
static int pg_open(const store_url_t *u, const char *url, int flags, struct store_conn **out, ov_error_t *err)
{
    (void)u;   /* u->path is url itself: libpq reads it */
    *out = NULL;
    struct store_conn *p = calloc(1, sizeof *p);
    if (!p) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    p->c = PQconnectdb(url);
    if (!p->c || PQstatus(p->c) != CONNECTION_OK) {
        /* libpq may quote the piece of the URL it could not parse: the password too */
        char msg[400];
        store_url_scrub(url, p->c ? PQerrorMessage(p->c) : "out of memory", msg, sizeof msg);
        size_t n = strlen(msg);
        while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = '\0';
        int notfound = strstr(msg, "does not exist") != NULL;
        char shown[512];
        ov_error_set(err, notfound ? OV_ENOTFOUND : OV_EINTERNAL, "db", "cannot connect to %s: %s",
                     store_url_redact(url, shown, sizeof shown), msg);
        pg_close(p);
        return notfound ? OV_ENOTFOUND : OV_EINTERNAL;
    }
    PQsetNoticeProcessor(p->c, quiet_notices, NULL);
    int rc = exec_simple(p, "SET client_min_messages = warning; SET TIME ZONE 'UTC'", err, "database");
    char shown[512];
    store_url_redact(url, shown, sizeof shown);
    if (rc == 0 && (flags & STORE_OPEN_NEW)
        && int_query(p, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()") != 0)
        rc = ov_error_set(err, OV_ECONFLICT, "db", "database %s already holds tables; choose an empty database", shown);
    if (rc == 0 && !(flags & STORE_OPEN_CREATE) && pg_schema_version(p) <= 0)
        rc = ov_error_set(err, OV_ENOTFOUND, "db", "database %s has no Oversight schema (create it with: oversight init %s)",
                          shown, shown);
    if (rc == 0) rc = migrate(p, err);
    if (rc != 0) {
        pg_close(p);
        return rc;
    }
    *out = p;
    return 0;
}

static void pg_close(struct store_conn *p)
{
    if (!p) return;
    for (int k = 0; k < PG_STMT_CACHE; k++) free(p->stc[k].sql);
    PQfinish(p->c);
    free(p);
}

const store_backend_t store_backend_pg = {
    .remote = 1,
    .open = pg_open,
    .close = pg_close,
    .schema_version = pg_schema_version,
    .schema_latest = pg_schema_latest,
    .begin = pg_begin,
    .begin_read = pg_begin_read,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .in_transaction = pg_in_transaction,
    .query_va = pg_query_va,
    .query_each_va = pg_query_each_va,
    .exec_va = pg_exec_va,
    .query_params = pg_query_params,
    .exec_params = pg_exec_params,
    .blob_get = pg_blob_get,
    .blob_insert_fd = pg_blob_insert_fd,
    .bulk_mode = pg_bulk_mode,
    .bulk_format = pg_bulk_format,
    .bulk_send = pg_bulk_send,
    .stmt_prepare = pg_stmt_prepare,
    .stmt_run = pg_stmt_run,
    .stmt_run_values = pg_stmt_run_values,
    .stmt_finalize = pg_stmt_finalize,
    .backup = store_backup_pg,
    .restore = store_restore_pg,
};
