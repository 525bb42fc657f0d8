/*
 * migrations.h: the versioned schema. Migration i (0-based) takes the
 * database from user_version i to i + 1; applied in order at open.
 */
#ifndef OV_STORE_MIGRATIONS_H
#define OV_STORE_MIGRATIONS_H

int migrations_count(void);
const char *migrations_sql(int index);   /* static string */
const char *migrations_name(int index);  /* "002_record.sql"; names sort in apply order */

/* The PostgreSQL translations of the same files (sql_dialect.c, at build
 * time), the same names in the same order: pg_migrations_name(i) ==
 * migrations_name(i). */
int pg_migrations_count(void);
const char *pg_migrations_sql(int index);
const char *pg_migrations_name(int index);

#endif
