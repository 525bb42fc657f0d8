/*
 * migrations.c: the schema migrations are the files src/store/sql/NNN_*.sql,
 * each written once and turned at build time into the text SQLite runs
 * (store_sql_files) and the text PostgreSQL runs (store_pg_sql_files) by
 * tools/sqlgen.c (rules: sql_dialect.c); both compiled into the binary and
 * applied in name order. Never edit one that has shipped; add a new file
 * (and list it in src/store/meson.build): docs/migrations.md.
 */
#include "store/migrations.h"
#include "core/embed.h"

extern const struct embed_file store_sql_files[];
extern const struct embed_file store_pg_sql_files[];

int migrations_count(void)
{
    int n = 0;
    while (store_sql_files[n].name) n++;
    return n;
}

const char *migrations_sql(int index)
{
    return index >= 0 && index < migrations_count() ? (const char *)store_sql_files[index].data : "";
}

const char *migrations_name(int index)
{
    return index >= 0 && index < migrations_count() ? store_sql_files[index].name : "";
}

int pg_migrations_count(void)
{
    int n = 0;
    while (store_pg_sql_files[n].name) n++;
    return n;
}

const char *pg_migrations_sql(int index)
{
    return index >= 0 && index < pg_migrations_count() ? (const char *)store_pg_sql_files[index].data : "";
}

const char *pg_migrations_name(int index)
{
    return index >= 0 && index < pg_migrations_count() ? store_pg_sql_files[index].name : "";
}
