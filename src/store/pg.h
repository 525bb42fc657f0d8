/*
 * pg.h: what the PostgreSQL backend (pg.c) offers besides its table of
 * operations, private to src/store. Connections reach pg.c only through
 * store_backend_pg (backend.h) and the dispatcher in store.c; this is the
 * one PostgreSQL-specific helper its own tests call directly
 * (tests/store/test_store.c).
 */
#ifndef OV_STORE_PG_H
#define OV_STORE_PG_H

/* Rewrites SQLite-style placeholders (?, ?NNN) as $1..$n, leaving quoted
 * strings, quoted identifiers and comments alone. Returns a malloc'd string
 * (NULL when out of memory); *nparams gets the highest parameter number;
 * typed[i] (size 100) is set to 1 for parameters used as "? IS [NOT] NULL",
 * whose type PostgreSQL cannot infer. */
char *pg_convert_placeholders(const char *sql, int *nparams, unsigned char typed[100]);

#endif
