/*
 * sql_dialect.h: one migration text, two dialects. The schema is written
 * once, in SQLite's SQL, under src/store/sql/; sql_dialect_translate gives
 * the text SQLite runs and the text PostgreSQL runs (rules and markers in
 * sql_dialect.c). Pure (no I/O): used by tools/sqlgen.c at build time and
 * by tests/store/test_sql_dialect.c.
 */
#ifndef OV_STORE_SQL_DIALECT_H
#define OV_STORE_SQL_DIALECT_H

#include <stddef.h>

enum sql_dialect { SQL_DIALECT_SQLITE, SQL_DIALECT_PG };

/* The text of migration `src` for dialect `d`. On success returns 0 and
 * *out, a NUL-terminated string the caller owns (free()). On failure
 * returns -1, *out NULL, and a message naming the line in err. */
int sql_dialect_translate(const char *src, enum sql_dialect d, char **out, char *err, size_t errsz);

#endif
