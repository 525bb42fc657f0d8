/*
 * test_sql_dialect.c: one migration text, two dialects
 * (store/sql_dialect.h): each PostgreSQL rule on its own, what is left
 * alone (strings, comments, SQLite's text), the per-dialect blocks, and the
 * malformed files refused with the line they are on.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "store/sql_dialect.h"

/* src for dialect d is want. */
static void gives(const char *src, enum sql_dialect d, const char *want)
{
    char err[256];
    char *out = NULL;   /* ours */
    int rc = sql_dialect_translate(src, d, &out, err, sizeof err);
    if (rc != 0) fail_msg("refused: %s", err);
    assert_string_equal(out, want);
    free(out);
}

static void pg(const char *src, const char *want) { gives(src, SQL_DIALECT_PG, want); }

/* src is refused for both dialects (or PostgreSQL only when pg_only) with
 * a message holding `what`. */
static void refused(const char *src, int pg_only, const char *what)
{
    for (int d = pg_only; d < 2; d++) {
        char err[256];
        char *out = (char *)1;
        assert_int_equal(sql_dialect_translate(src, d ? SQL_DIALECT_PG : SQL_DIALECT_SQLITE, &out, err, sizeof err), -1);
        assert_null(out);
        if (!strstr(err, what)) fail_msg("\"%s\" does not say \"%s\"", err, what);
    }
}

static void types(void **state)
{
    (void)state;
    pg("CREATE TABLE t (a INTEGER NOT NULL, b REAL, c BLOB, d integer, e TEXT);\n",
       "CREATE TABLE t (a BIGINT NOT NULL, b DOUBLE PRECISION, c BYTEA, d BIGINT, e TEXT);\n");
    /* not inside strings, quoted names or comments; not part of a longer name */
    pg("-- an INTEGER column\nCREATE TABLE t (\"REAL\" TEXT DEFAULT 'BLOB', integers TEXT /* INTEGER */);\n",
       "-- an INTEGER column\nCREATE TABLE t (\"REAL\" TEXT DEFAULT 'BLOB', integers TEXT /* INTEGER */);\n");
}

static void now_default(void **state)
{
    (void)state;
    pg("CREATE TABLE t (at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));\n",
       "CREATE TABLE t (at TEXT NOT NULL DEFAULT (to_char(now() at time zone 'utc', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')));\n");
    /* another format is left to the strftime() 001 defines */
    pg("SELECT strftime('%Y', 'now');\n", "SELECT strftime('%Y', 'now');\n");
}

static void is_not(void **state)
{
    (void)state;
    pg("SELECT 1 WHERE a IS NOT b AND c IS NOT NULL AND d IS NOT DISTINCT FROM e AND f IS NOT TRUE;\n",
       "SELECT 1 WHERE a IS DISTINCT FROM b AND c IS NOT NULL AND d IS NOT DISTINCT FROM e AND f IS NOT TRUE;\n");
    pg("SELECT 'a IS NOT b';\n", "SELECT 'a IS NOT b';\n");
}

static void serial_ids(void **state)
{
    (void)state;
    pg("CREATE TABLE bodies (\n  id INTEGER PRIMARY KEY,\n  code TEXT);\nCREATE INDEX x ON bodies(code);\n",
       "CREATE TABLE bodies (\n  id BIGINT PRIMARY KEY,\n  code TEXT);\nSELECT ov_add_serial('bodies');\nCREATE INDEX x ON bodies(code);\n");
    pg("CREATE TABLE IF NOT EXISTS t (  id INTEGER PRIMARY KEY);", "CREATE TABLE IF NOT EXISTS t (  id BIGINT PRIMARY KEY);\nSELECT ov_add_serial('t');");
    /* only an integer id first: not a text key, not an id further on */
    pg("CREATE TABLE a (id TEXT PRIMARY KEY);\nCREATE TABLE b (x TEXT, id INTEGER PRIMARY KEY);\n",
       "CREATE TABLE a (id TEXT PRIMARY KEY);\nCREATE TABLE b (x TEXT, id BIGINT PRIMARY KEY);\n");
}

static void raise_triggers(void **state)
{
    (void)state;
    pg("CREATE TRIGGER t_no_delete BEFORE DELETE ON t\n  BEGIN SELECT RAISE(ABORT, 'never deleted'); END;\n",
       "CREATE TRIGGER t_no_delete BEFORE DELETE ON t\n  FOR EACH ROW EXECUTE FUNCTION ov_raise('never deleted');\n");
    pg("CREATE TRIGGER t_fixed BEFORE UPDATE OF d ON t\n  WHEN OLD.d IS NOT NULL AND (NEW.d IS NOT OLD.d)\n"
       "  BEGIN SELECT RAISE(ABORT, 'd never changes'); END;\nCREATE INDEX i ON t(d);\n",
       "CREATE TRIGGER t_fixed BEFORE UPDATE OF d ON t\n  FOR EACH ROW WHEN (OLD.d IS NOT NULL AND (NEW.d IS DISTINCT FROM OLD.d))\n"
       "  EXECUTE FUNCTION ov_raise('d never changes');\nCREATE INDEX i ON t(d);\n");
    pg("CREATE TRIGGER x AFTER INSERT ON t FOR EACH ROW BEGIN SELECT RAISE(ABORT, 'no'); END;",
       "CREATE TRIGGER x AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION ov_raise('no');");
    /* any other body has no mechanical translation */
    refused("CREATE TRIGGER x AFTER INSERT ON t BEGIN UPDATE t SET a = 1; END;\n", 1, "no mechanical translation");
    refused("CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT RAISE(ABORT, 'a'); SELECT 1; END;\n", 1, "no mechanical translation");
}

static const char blocks_src[] =
    "CREATE TABLE t (id INTEGER PRIMARY KEY);\n"
    "-- sqlite: SQLite's own\n"
    "CREATE TRIGGER a BEFORE INSERT ON t WHEN (SELECT 1) BEGIN SELECT RAISE(ABORT, 'x'); END;\n"
    "-- pg: PostgreSQL's own, as written\n"
    "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n"
    "CREATE TABLE u (id INTEGER PRIMARY KEY);\n"
    "-- end\n"
    "CREATE INDEX i ON t(id);\n";

static void blocks(void **state)
{
    (void)state;
    gives(blocks_src, SQL_DIALECT_SQLITE,
          "CREATE TABLE t (id INTEGER PRIMARY KEY);\n"
          "CREATE TRIGGER a BEFORE INSERT ON t WHEN (SELECT 1) BEGIN SELECT RAISE(ABORT, 'x'); END;\n"
          "CREATE INDEX i ON t(id);\n");
    pg(blocks_src,
       "CREATE TABLE t (id BIGINT PRIMARY KEY);\nSELECT ov_add_serial('t');\n"
       "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n"
       "CREATE TABLE u (id INTEGER PRIMARY KEY);\n"
       "CREATE INDEX i ON t(id);\n");
    gives("-- pg:\nSELECT 1;\n-- end\n", SQL_DIALECT_SQLITE, "");
    gives("", SQL_DIALECT_PG, "");
}

static void malformed(void **state)
{
    (void)state;
    refused("SELECT 1;\n-- pg:\nSELECT 2;\n", 0, "line 2: a \"-- pg:\" block without \"-- end\"");
    refused("SELECT 1;\n-- end\n", 0, "line 2: \"-- end\" outside a block");
    refused("CREATE TABLE t (\n-- pg:\n  a BYTEA);\n-- end\n", 1, "line 1: a statement not ended by ';'");
    refused("SELECT 'open;\n", 1, "line 1: unterminated string");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(types),          cmocka_unit_test(now_default), cmocka_unit_test(is_not),
        cmocka_unit_test(serial_ids),     cmocka_unit_test(raise_triggers), cmocka_unit_test(blocks),
        cmocka_unit_test(malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
