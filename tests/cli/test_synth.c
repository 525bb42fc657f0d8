/* test_synth.c: `oversight synth`: the same seed gives the same rows, another
 * seed other rows; counts as asked; a database is filled only once. On
 * PostgreSQL too (OVERSIGHT_TEST_PG: each database a fresh one, read with psql). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "support/support.h"

static char DIR_[256];

/* The sqlite3 shell (Debian package sqlite3, installed by scripts/bootstrap),
 * and psql for PostgreSQL. */
#define SQLITE3 "/usr/bin/sqlite3"
#define PSQL "/usr/bin/psql"

static int setup(void **state) { (void)state; return t_mkdtemp(DIR_); }
static int teardown(void **state) { (void)state; t_rmdir(DIR_); return 0; }

/* Creates DIR/name.db (or a fresh PostgreSQL database) with init and fills
 * it with 50 bodies of seed; the database URL goes to path (size 512). */
static void make_db(const char *name, const char *seed, char path[512])
{
    char file[300];
    snprintf(file, sizeof file, "%s/%s.db", DIR_, name);
    assert_int_equal(t_db_url(path, file), 0);
    char *init[] = {(char *)t_bin(), "init", path, NULL};
    t_run_t r;
    assert_int_equal(t_run(init, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    t_run_free(&r);
    char *synth[] = {(char *)t_bin(), "synth", "--db", path, "--bodies", "50", "--seed", (char *)seed,
                     "--recommendations", "300", "--progress", "700", NULL};
    assert_int_equal(t_run(synth, NULL, &r), 0);
    if (r.status != 0) fprintf(stderr, "%s", r.err);
    assert_int_equal(r.status, 0);
    /* not a TTY here: no progress bar, one summary line */
    assert_null(strchr(r.err, '\r'));
    assert_non_null(strstr(r.err, "50 bodies"));
    assert_non_null(strstr(r.err, "300 recommendations"));
    assert_non_null(strstr(r.err, "700 progress updates"));
    t_run_free(&r);
}

/* Runs the statements of sql (separated by ';') on the database url with
 * the sqlite3 shell or psql; their output. */
static char *sql_out(const char *url, const char *sql)
{
    t_run_t r;
    int rc;
    if (strncmp(url, "sqlite:", 7) == 0) {
        char *argv[] = {SQLITE3, (char *)url + 7, (char *)sql, NULL};
        rc = t_run(argv, NULL, &r);
    } else {
        /* one -c per statement, so each prints its rows */
        char *argv[32] = {PSQL, "-X", "-q", "-A", "-t", "-d", (char *)url};
        int n = 7;
        char *copy = strdup(sql);
        for (char *tok = strtok(copy, ";"); tok && n < 29; tok = strtok(NULL, ";")) {
            argv[n++] = "-c";
            argv[n++] = tok;
        }
        argv[n] = NULL;
        rc = t_run(argv, NULL, &r);
        free(copy);
    }
    if (rc != 0 || r.status != 0) {
        fprintf(stderr, "%s failed: %s\n", t_db_pg() ? "psql" : "sqlite3", r.err ? r.err : "");
        fail();
    }
    char *out = r.out;
    r.out = NULL;
    t_run_free(&r);
    return out;
}

/* The synthetic rows of a few tables, as the shell prints them. */
static char *dump(const char *url)
{
    return sql_out(url, "SELECT * FROM bodies WHERE code LIKE 's0%' ORDER BY id;"
                        "SELECT d.* FROM decisions d JOIN bodies b ON b.id = d.body_id WHERE b.code LIKE 's0%' ORDER BY d.id;"
                        "SELECT * FROM causes_of_concern ORDER BY id;"
                        "SELECT * FROM recommendations ORDER BY id;"
                        "SELECT * FROM requirements ORDER BY id;"
                        "SELECT * FROM deadline_revisions ORDER BY id;"
                        "SELECT * FROM status_changes ORDER BY id;"
                        "SELECT * FROM progress_updates ORDER BY id;");
}

static long count(const char *url, const char *sql)
{
    char *out = sql_out(url, sql);
    long n = strtol(out, NULL, 10);
    free(out);
    return n;
}

static void same_seed_same_rows(void **state)
{
    (void)state;
    char a[512], b[512], c[512];
    make_db("a", "7", a);
    make_db("b", "7", b);
    make_db("c", "8", c);
    char *da = dump(a), *db = dump(b), *dc = dump(c);
    assert_true(strlen(da) > 10000);
    assert_string_equal(da, db);
    assert_true(strcmp(da, dc) != 0);
    free(da);
    free(db);
    free(dc);

    assert_int_equal(count(a, "SELECT count(*) FROM bodies WHERE code LIKE 's0%'"), 50);
    assert_int_equal(count(a, "SELECT count(*) FROM recommendations"), 300);
    assert_int_equal(count(a, "SELECT count(*) FROM progress_updates"), 700);
    /* every recommendation of a progress update belongs to the same body */
    assert_int_equal(count(a, "SELECT count(*) FROM progress_updates p JOIN recommendations r"
                              " ON r.id = p.recommendation_id WHERE r.body_id <> p.body_id"), 0);
    /* the phase kept on each body agrees with its last decision */
    assert_int_equal(count(a, "SELECT count(*) FROM bodies b WHERE code LIKE 's0%' AND phase <>"
                              " COALESCE((SELECT to_phase FROM decisions WHERE body_id = b.id ORDER BY effective_on DESC,"
                              " id DESC LIMIT 1), 'scan')"), 0);
    if (!t_db_pg()) assert_int_equal(count(a, "PRAGMA foreign_key_check"), 0);   /* PostgreSQL enforces them */

    /* a second fill of the same database is refused and changes nothing */
    char *again[] = {(char *)t_bin(), "synth", "--db", a, "--bodies", "5", NULL};
    t_run_t r;
    assert_int_equal(t_run(again, NULL, &r), 0);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "fresh `oversight init` database"));
    t_run_free(&r);
    assert_int_equal(count(a, "SELECT count(*) FROM recommendations"), 300);
}

static void usage_errors(void **state)
{
    (void)state;
    char path[300];
    snprintf(path, sizeof path, "%s/none.db", DIR_);
    char *bad[] = {(char *)t_bin(), "synth", "--db", path, "--bodies", "many", NULL};
    t_run_t r;
    assert_int_equal(t_run(bad, NULL, &r), 0);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--bodies 'many'"));
    t_run_free(&r);
    /* a SQLite file not there yet is created and filled (the benchmark
     * harnesses call synth on a new path) */
    char *missing[] = {(char *)t_bin(), "synth", "--db", path, "--bodies", "3", NULL};
    assert_int_equal(t_run(missing, NULL, &r), 0);
    if (r.status != 0) fprintf(stderr, "%s", r.err);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "3 bodies"));
    t_run_free(&r);
    char url[320];
    snprintf(url, sizeof url, "sqlite:%s", path);
    char *n = sql_out(url, "SELECT count(*) FROM bodies");
    assert_string_equal(n, "3\n");
    free(n);
    /* and only once */
    assert_int_equal(t_run(missing, NULL, &r), 0);
    assert_int_equal(r.status, 1);
    t_run_free(&r);
    /* a file in a folder that does not exist is refused, nothing made */
    char nowhere[300];
    snprintf(nowhere, sizeof nowhere, "%s/no/such/dir.db", DIR_);
    char *bad_dir[] = {(char *)t_bin(), "synth", "--db", nowhere, "--bodies", "3", NULL};
    assert_int_equal(t_run(bad_dir, NULL, &r), 0);
    assert_int_equal(r.status, 1);
    t_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_seed_same_rows),
        cmocka_unit_test(usage_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
