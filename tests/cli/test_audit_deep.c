/*
 * test_audit_deep.c: `oversight audit verify --deep` (issue #13, finding
 * 12) on the demo database, on SQLite or (OVERSIGHT_TEST_PG) PostgreSQL:
 * the demo agrees with its trail; rows changed behind the program's back
 * with SQL (a user's role, a recommendation's text), a row added without
 * the program and a row removed are each named on a line of their own,
 * while the plain `audit verify` still finds the chain intact; exit 1.
 * Bulk loads (`oversight synth`, `oversight import-export` of the open
 * data) name the ids they wrote in their audit entries: their rows are
 * counted as loaded in bulk, not as written outside the program, while a
 * row added beside them with SQL is still named.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "support/support.h"

static t_site_t S;

static int setup(void **state)
{
    (void)state;
    return t_site_init(&S, "deep.db", T_SITE_DEMO);
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

/* `oversight audit verify [--deep] --db DB`; asserts the exit status. */
static void verify(int deep, int want, t_run_t *r)
{
    char *argv[] = {(char *)t_bin(), "audit", "verify", "--db", S.db, deep ? "--deep" : NULL, NULL};
    assert_int_equal(t_run(argv, NULL, r), 0);
    if (r->status != want) fprintf(stderr, "exit %d\n%s%s", r->status, r->out, r->err);
    assert_int_equal(r->status, want);
}

/* Runs sql on the database directly, as a DBA with a shell would. */
static void dba(const char *sql)
{
    if (t_db_pg()) {
        PGconn *c = PQconnectdb(S.db);
        assert_int_equal(PQstatus(c), CONNECTION_OK);
        PGresult *res = PQexec(c, sql);
        if (PQresultStatus(res) != PGRES_COMMAND_OK) fail_msg("%s: %s", sql, PQerrorMessage(c));
        PQclear(res);
        PQfinish(c);
        return;
    }
    sqlite3 *db = NULL;
    char *msg = NULL;
    assert_int_equal(sqlite3_open(S.db + strlen("sqlite:"), &db), SQLITE_OK);
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", sql, msg);
    sqlite3_close(db);
}

static int lines(const char *s)
{
    int n = 0;
    for (; s && *s; s++) n += *s == '\n';
    return n;
}

static void demo_agrees_with_its_trail(void **state)
{
    (void)state;
    t_run_t r;
    verify(1, 0, &r);
    assert_non_null(strstr(r.out, "chain intact"));
    assert_non_null(strstr(r.out, "agree with the trail"));
    t_run_free(&r);
}

/* Last: it changes the fixture behind the program's back. */
static void direct_sql_is_named(void **state)
{
    (void)state;
    t_run_t r;
    dba("UPDATE users SET role = 'admin' WHERE username = 'hmi'");
    /* the chain alone cannot see it */
    verify(0, 0, &r);
    t_run_free(&r);
    verify(1, 1, &r);
    assert_int_equal(lines(r.out), 1);
    assert_non_null(strstr(r.out, "users 3 differs from its trail (entry "));
    assert_non_null(strstr(r.out, "): role is \"admin\", the trail says \"inspector\"\n"));
    assert_non_null(strstr(r.err, "1 row of "));
    assert_non_null(strstr(r.err, " differs from the audit trail"));
    t_run_free(&r);

    dba("UPDATE recommendations SET text = 'Softened after the fact.', acceptance = 'not_accepted' WHERE id = 1");
    dba("INSERT INTO grades (inspection_id, area, grade) SELECT inspection_id, 'Invented', grade FROM grades"
        " WHERE id = (SELECT min(id) FROM grades)");
    dba("DELETE FROM requirements WHERE id = 2");
    verify(1, 1, &r);
    assert_int_equal(lines(r.out), 4);
    const char *rec = strstr(r.out, "recommendations 1 differs from its trail (entry ");
    assert_non_null(rec);
    const char *eol = strchr(rec, '\n');
    assert_non_null(strstr(rec, "text is \"Softened after the fact.\", the trail says \"By 31 December 2023"));
    assert_true(strstr(rec, "text is") < eol);
    assert_non_null(strstr(rec, "acceptance is \"not_accepted\", the trail says \""));
    assert_true(strstr(rec, "acceptance is") < eol);
    assert_non_null(strstr(r.out, " has no audit trail (written outside the program)\n"));
    assert_non_null(strstr(r.out, "grades "));
    assert_non_null(strstr(r.out, "requirements 2 is missing: its trail (entry "));
    assert_non_null(strstr(r.out, "users 3 differs"));
    assert_non_null(strstr(r.err, "4 rows of "));
    t_run_free(&r);

    /* a derived column (025) is not in the trail: it is checked against the deadlines */
    dba("UPDATE recommendations SET due_first_day = '1999-01-01' WHERE id = 2");
    verify(1, 1, &r);
    assert_int_equal(lines(r.out), 5);
    assert_non_null(strstr(r.out, "recommendations 2: due_first_day is \"1999-01-01\", its deadlines say \""));
    assert_null(strstr(r.out, "recommendations 2 differs"));
    t_run_free(&r);
    /* and 026's: the deadline as written, on the same line as the day */
    dba("UPDATE recommendations SET due_deadline = '1999' WHERE id = 2");
    verify(1, 1, &r);
    assert_int_equal(lines(r.out), 5);
    assert_non_null(strstr(r.out, "recommendations 2: due_first_day is \"1999-01-01\", its deadlines say \""));
    assert_non_null(strstr(r.out, "; due_deadline is \"1999\", its deadlines say \""));
    assert_null(strstr(r.out, "recommendations 2 differs"));
    t_run_free(&r);
    /* and the stored count of open recommendations (027) against them */
    dba("UPDATE body_open_recommendations SET n = n + 2 WHERE body_id = (SELECT body_id FROM recommendations WHERE id = 2)");
    verify(1, 1, &r);
    assert_int_equal(lines(r.out), 6);
    assert_non_null(strstr(r.out, ": body_open_recommendations counts "));
    assert_non_null(strstr(r.out, " recommendations not closed with a deadline, the record has "));
    t_run_free(&r);
    verify(0, 0, &r);
    t_run_free(&r);
}

/* `oversight ARGS...` (NULL-terminated, after the binary); asserts exit 0. */
static void run_ok(char **args)
{
    char *argv[16] = {(char *)t_bin()};
    int n = 1;
    for (; args[n - 1] && n < 15; n++) argv[n] = args[n - 1];
    argv[n] = NULL;
    t_run_t r;
    assert_int_equal(t_run(argv, NULL, &r), 0);
    if (r.status != 0) fail_msg("%s: exit %d\n%s%s", args[0], r.status, r.out, r.err);
    t_run_free(&r);
}

/* verify --deep on db: exit want; *out the output (caller frees). */
static void verify_db(const char *db, int want, t_run_t *r)
{
    char *argv[] = {(char *)t_bin(), "audit", "verify", "--db", (char *)db, "--deep", NULL};
    assert_int_equal(t_run(argv, NULL, r), 0);
    if (r->status != want) fprintf(stderr, "exit %d\n%s%s", r->status, r->out, r->err);
    assert_int_equal(r->status, want);
}

static void bulk_loads_are_named(void **state)
{
    (void)state;
    /* synth into a fresh init database */
    t_site_t syn;
    assert_int_equal(t_site_init(&syn, "synth.db", T_SITE_INIT), 0);
    run_ok((char *[]){"synth", "--db", syn.db, "--bodies", "30", "--recommendations", "90", "--progress", "200", NULL});
    t_run_t r;
    verify_db(syn.db, 0, &r);
    assert_null(strstr(r.err, "written outside the program"));
    assert_null(strstr(r.out, "written outside the program"));
    assert_non_null(strstr(r.out, "loaded in bulk"));
    t_run_free(&r);

    /* the demo's open data, imported into a fresh init database */
    char file[400];
    snprintf(file, sizeof file, "%s/open.json", syn.dir);
    run_ok((char *[]){"export", "--format", "json", "--out", file, "--all", "--db", S.db, NULL});
    t_site_t imp;
    assert_int_equal(t_site_init(&imp, "imported.db", T_SITE_INIT), 0);
    run_ok((char *[]){"import-export", file, "--db", imp.db, NULL});
    verify_db(imp.db, 0, &r);
    assert_null(strstr(r.err, "written outside the program"));
    assert_null(strstr(r.out, "written outside the program"));
    assert_non_null(strstr(r.out, "loaded in bulk"));
    t_run_free(&r);

    /* a row added beside the bulk rows with SQL is still named */
    const char *db_path = syn.db;
    const char *sql = "INSERT INTO requirements (recommendation_id, position, text, status)"
                      " VALUES ((SELECT min(id) FROM recommendations), 99, 'sneaked in', 'open')";
    if (t_db_pg()) {
        PGconn *c = PQconnectdb(db_path);
        assert_int_equal(PQstatus(c), CONNECTION_OK);
        PGresult *res = PQexec(c, sql);
        if (PQresultStatus(res) != PGRES_COMMAND_OK) fail_msg("%s: %s", sql, PQerrorMessage(c));
        PQclear(res);
        PQfinish(c);
    } else {
        sqlite3 *db = NULL;
        char *msg = NULL;
        assert_int_equal(sqlite3_open(db_path + strlen("sqlite:"), &db), SQLITE_OK);
        if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", sql, msg);
        sqlite3_close(db);
    }
    verify_db(syn.db, 1, &r);
    assert_true(strstr(r.out, "requirements") && strstr(r.out, "has no audit trail"));
    t_run_free(&r);
    t_site_stop(&imp);
    t_site_stop(&syn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(demo_agrees_with_its_trail),
        cmocka_unit_test(direct_sql_is_named),
        cmocka_unit_test(bulk_loads_are_named),
    };
    return cmocka_run_group_tests_name("cli/audit --deep", tests, setup, teardown);
}
