/*
 * constraint.h: a database constraint that refused a write, told as a
 * sentence a user understands, naming the field (issue #13, finding 10).
 *
 * Both backends describe the failure the same way (store_constraint_t),
 * each from what its engine reports: SQLite from its extended result code,
 * its message and the statement's text; PostgreSQL from the SQLSTATE and
 * the error fields (table, column, constraint name, detail).
 * store_constraint_error then writes the one sentence for it, so a client
 * never sees the engine's own words ("UNIQUE constraint failed: ...").
 * Pure: no I/O.
 */
#ifndef OV_STORE_CONSTRAINT_H
#define OV_STORE_CONSTRAINT_H
#include "core/error.h"

enum store_constraint_kind {
    STORE_C_NONE = 0,        /* not a constraint failure */
    STORE_C_UNIQUE,          /* UNIQUE or PRIMARY KEY */
    STORE_C_NOT_NULL,
    STORE_C_CHECK,
    STORE_C_FOREIGN_KEY,
    STORE_C_TRIGGER,         /* a trigger refused with our own words (RAISE) */
    STORE_C_OTHER,           /* another constraint (PostgreSQL class 23) */
};

typedef struct store_constraint {
    int kind;                /* enum store_constraint_kind */
    char table[64];          /* "" when the engine does not say */
    char columns[192];       /* "a" or "a,b" (no spaces); "" when unknown */
    char ref_table[64];      /* FOREIGN KEY: the table referred to, "" if unknown */
    char message[256];       /* STORE_C_TRIGGER: the trigger's own message */
} store_constraint_t;

/* From SQLite: the extended result code, sqlite3_errmsg and the failing
 * statement's text (may be NULL). out->kind is STORE_C_NONE when the code
 * is not SQLITE_CONSTRAINT. */
void store_constraint_sqlite(int extended_code, const char *msg, const char *sql, store_constraint_t *out);

/* From PostgreSQL: the SQLSTATE and the fields PG_DIAG_TABLE_NAME,
 * PG_DIAG_COLUMN_NAME, PG_DIAG_CONSTRAINT_NAME, PG_DIAG_MESSAGE_DETAIL and
 * PG_DIAG_MESSAGE_PRIMARY (any may be NULL). STORE_C_NONE unless the state
 * is of class 23 or P0001 (RAISE EXCEPTION in a trigger). */
void store_constraint_pg(const char *sqlstate, const char *table, const char *column, const char *constraint,
                         const char *detail, const char *primary, store_constraint_t *out);

/* Fills err from c and returns its status: OV_ECONFLICT for a duplicate
 * (UNIQUE), a trigger's refusal or another constraint; OV_EINVALID for a
 * missing value (NOT NULL), a value a CHECK refuses (when its column is
 * known) and a reference to a row that does not exist. err->field names
 * the field (body_id as "body") when the engine said which. */
int store_constraint_error(const store_constraint_t *c, ov_error_t *err);

#endif
