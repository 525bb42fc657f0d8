/* test_cli.c: the command line as a user meets it: exit codes and messages. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include "support/support.h"

static char DIR_[256];

static int setup(void **state) { (void)state; return t_mkdtemp(DIR_); }
static int teardown(void **state) { (void)state; t_rmdir(DIR_); return 0; }

static t_run_t run(const char *a1, const char *a2, const char *a3, const char *a4)
{
    char *argv[] = {(char *)t_bin(), (char *)a1, (char *)a2, (char *)a3, (char *)a4, NULL};
    t_run_t r;
    assert_int_equal(t_run(argv, NULL, &r), 0);
    return r;
}

static void version_and_help(void **state)
{
    (void)state;
    t_run_t r = run("version", NULL, NULL, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "oversight "));
    t_run_free(&r);
    r = run("help", NULL, NULL, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "serve"));
    assert_non_null(strstr(r.out, "init"));
    t_run_free(&r);
    r = run("help", "api", NULL, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "/api/v1/bodies/{code}/decisions"));
    t_run_free(&r);
    r = run("help", "serve", NULL, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "--listen"));
    t_run_free(&r);
}

static void usage_errors_exit_2(void **state)
{
    (void)state;
    t_run_t r = run("serve", "--colour", "red", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "unknown option '--colour'"));
    t_run_free(&r);
    r = run("serve", "--db", NULL, NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "'--db' needs a value"));
    t_run_free(&r);
    r = run("serve", "--listen", "localhost", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--listen"));
    t_run_free(&r);
    r = run("serve", "--threads", "0", NULL);
    assert_int_equal(r.status, 2);
    t_run_free(&r);
    r = run("frobnicate", NULL, NULL, NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "unknown command 'frobnicate'"));
    t_run_free(&r);
    r = run("init", NULL, NULL, NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "missing argument"));
    t_run_free(&r);
    r = run("init", "a.db", "b.db", NULL);
    assert_int_equal(r.status, 2);
    t_run_free(&r);
    r = run("init", "-x", NULL, NULL);
    assert_int_equal(r.status, 2);
    t_run_free(&r);
}

static void init_creates_once(void **state)
{
    (void)state;
    char db[400];
    snprintf(db, sizeof db, "%s/once.db", DIR_);
    t_run_t r = run("init", db, NULL, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "created"));
    t_run_free(&r);
    r = run("init", db, NULL, NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "already exists"));
    t_run_free(&r);
}

static void serve_missing_db(void **state)
{
    (void)state;
    char db[400];
    snprintf(db, sizeof db, "%s/absent.db", DIR_);
    t_run_t r = run("serve", "--db", db, "--quiet");
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "does not exist"));
    assert_non_null(strstr(r.err, "oversight init"));
    t_run_free(&r);
}

static void init_in_missing_dir_fails_cleanly(void **state)
{
    (void)state;
    char db[400];
    snprintf(db, sizeof db, "%s/no/such/dir/x.db", DIR_);
    t_run_t r = run("init", db, NULL, NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "cannot open"));
    t_run_free(&r);
}

/* `oversight import`: the published letter becomes a JSON draft. */
static void import_letter(void **state)
{
    (void)state;
    char path[600];
    snprintf(path, sizeof path, "%s/tests/docs/fixtures/004_43dea0c4f0bd25eb.txt", t_src());
    t_run_t r = run("import", path, NULL, NULL);
    assert_int_equal(r.status, 0);
    json_error_t je;
    json_t *j = json_loads(r.out, 0, &je);
    assert_non_null(j);
    json_t *d = json_object_get(j, "decision");
    assert_string_equal(json_string_value(json_object_get(d, "effective_on")), "2025-01-23");
    assert_string_equal(json_string_value(json_object_get(d, "phase_to")), "scan");
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "body"), "code")), "met");
    assert_int_equal(json_array_size(json_object_get(j, "causes")), 3);
    json_decref(j);
    assert_non_null(strstr(r.err, "warning: a list seems to be missing"));
    t_run_free(&r);

    r = run("import", path, "--body", "kent");   /* the text names another body */
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"code\": \"kent\""));
    assert_non_null(strstr(r.err, "body taken from --body"));
    t_run_free(&r);

    char missing[400];
    snprintf(missing, sizeof missing, "%s/no-such-letter.txt", DIR_);
    r = run("import", missing, NULL, NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, missing));
    t_run_free(&r);

    r = run("import", NULL, NULL, NULL);
    assert_int_equal(r.status, 2);
    t_run_free(&r);
    r = run("import", path, "--colour", NULL);
    assert_int_equal(r.status, 2);
    t_run_free(&r);
    r = run("import", path, "--body", "atlantis");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "unknown body 'atlantis'"));
    t_run_free(&r);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* `oversight load`: all or nothing, errors name the step and field. */
static void load_steps(void **state)
{
    (void)state;
    char db[400], url[512], good[400], bad[400];
    snprintf(db, sizeof db, "%s/load.db", DIR_);
    assert_int_equal(t_db_url(url, db), 0);   /* a fresh PostgreSQL database under OVERSIGHT_TEST_PG */
    snprintf(good, sizeof good, "%s/good.json", DIR_);
    snprintf(bad, sizeof bad, "%s/bad.json", DIR_);
    t_run_t r = run("init", url, NULL, NULL);
    assert_int_equal(r.status, 0);
    t_run_free(&r);
    write_file(good, "{\"steps\": [{\"entity\": \"inspections\", \"as\": \"i\", \"fields\": {\"body\": \"kent\","
                     " \"kind\": \"peel\", \"title\": \"PEEL 2025\", \"published_on\": \"2025-04-01\"}},"
                     " {\"entity\": \"grades\", \"fields\": {\"inspection_id\": \"@i\", \"area\": \"Responding\","
                     " \"grade\": \"inadequate\"}}]}");
    write_file(bad, "{\"steps\": [{\"entity\": \"inspections\", \"as\": \"i\", \"fields\": {\"body\": \"kent\","
                    " \"kind\": \"peel\", \"title\": \"Never stored\"}},"
                    " {\"entity\": \"grades\", \"fields\": {\"inspection_id\": \"@i\", \"area\": \"A\","
                    " \"grade\": \"superb\"}}]}");
    r = run("load", bad, "--db", url);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "step 2 (grades)"));
    assert_non_null(strstr(r.err, "[field grade]"));
    assert_non_null(strstr(r.err, "nothing was loaded"));
    t_run_free(&r);
    r = run("load", good, "--db", url);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "loaded 2 steps"));
    t_run_free(&r);
    /* the rules see it; the first, bad, file left nothing behind */
    char *argv[] = {(char *)t_bin(), "candidates", "--as-of", "2025-06-01", "--db", url, NULL};
    assert_int_equal(t_run(argv, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    /* inadequate grade (3) and no PCC response by the 56th day from 2025-04-01, counting it (1) */
    assert_non_null(strstr(r.out, "Kent Police (kent), score 4"));
    assert_non_null(strstr(r.out, "was recorded by 2025-05-26"));
    assert_null(strstr(r.out, "Never stored"));
    t_run_free(&r);
    r = run("load", "/nonexistent/file.json", "--db", url);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "cannot read /nonexistent/file.json"));
    t_run_free(&r);
}

/* The Met case through the CLI rules. */
static void readiness_of_the_met(void **state)
{
    (void)state;
    char db[400], url[512];
    snprintf(db, sizeof db, "%s/demo.db", DIR_);
    assert_int_equal(t_db_url(url, db), 0);   /* a fresh PostgreSQL database under OVERSIGHT_TEST_PG */
    t_run_t r = run("demo", url, NULL, NULL);
    assert_int_equal(r.status, 0);
    t_run_free(&r);
    char *argv[] = {(char *)t_bin(), "readiness", "met", "--as-of", "2025-01-20", "--db", url, NULL};
    assert_int_equal(t_run(argv, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "nothing recorded blocks a return to Scan"));
    assert_non_null(strstr(r.out, "Blocking (0)"));
    t_run_free(&r);
    argv[4] = "2024-06-01";
    assert_int_equal(t_run(argv, NULL, &r), 0);
    assert_non_null(strstr(r.out, "5 causes of concern, 3 recommendations"));
    assert_non_null(strstr(r.out, "its deadline 2023-12-31 passed 153 days ago"));
    t_run_free(&r);
    argv[4] = "1-6-2024";
    assert_int_equal(t_run(argv, NULL, &r), 0);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--as-of must be a day"));
    t_run_free(&r);
    argv[2] = "atlantis";
    argv[4] = "2024-06-01";
    assert_int_equal(t_run(argv, NULL, &r), 0);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "atlantis"));
    t_run_free(&r);
}

/* The DB URL redaction of issue #13: no command prints a password written
 * in a PostgreSQL URL, whether it fails to connect (a closed port), libpq
 * cannot parse the URL (it quotes the bad token), or (with
 * OVERSIGHT_TEST_PG) it works. */
#define SECRET "Pw-S3cret-9731"

/* Runs the binary with args (NULL-terminated, at most 12) and stdin input;
 * fails the test if SECRET is in stdout or stderr. Returns the status;
 * stdout and stderr joined into all (size 8192) for further checks. */
static int run_clean(const char *input, char all[8192], const char *const args[])
{
    char *argv[16] = {(char *)t_bin()};
    int n = 1;
    for (; args[n - 1] && n < 15; n++) argv[n] = (char *)args[n - 1];
    argv[n] = NULL;
    t_run_t r;
    assert_int_equal(t_run_input(argv, NULL, input, &r), 0);
    snprintf(all, 8192, "%s%s", r.out ? r.out : "", r.err ? r.err : "");
    int st = r.status;
    t_run_free(&r);
    if (strstr(all, SECRET)) fail_msg("'oversight %s %s' printed the password: %s", args[0], args[1] ? args[1] : "", all);
    return st;
}

static void every_command_hides_the_password(const char *db, int live)
{
    char all[8192], dest[400], dir[400], file[400];
    snprintf(dest, sizeof dest, "%s/backup-%d.dump", DIR_, live);
    snprintf(dir, sizeof dir, "%s/export-%d", DIR_, live);
    snprintf(file, sizeof file, "%s/steps.json", DIR_);
    write_file(file, "[]");
    const char *const cmds[][13] = {
        {"init", db, NULL},
        {"demo", db, NULL},
        {"serve", "--db", db, "--listen", "127.0.0.1:0", "--quiet", NULL},
        {"user", "add", "pwtest", "--role", "analyst", "--db", db, NULL},
        {"user", "list", "--db", db, NULL},
        {"token", "create", "pwtest", "--db", db, NULL},
        {"load", file, "--db", db, NULL},
        {"readiness", "met", "--db", db, NULL},
        {"candidates", "--db", db, NULL},
        {"deadlines", "--db", db, NULL},
        {"letter", "met", "--kind", "revisit", "--db", db, NULL},
        {"export", "--format", "json", "--db", db, NULL},
        {"import-export", dir, "--db", db, NULL},
        {"remind", "--dry-run", "--db", db, NULL},
        {"synth", "--bodies", "1", "--db", db, NULL},
        {"audit", "verify", "--db", db, NULL},
        {"audit", "log", "--limit", "1", "--db", db, NULL},
        {"backup", dest, "--db", db, NULL},
        {"restore", dest, "--db", db, "--force", NULL},
    };
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        if (!live && strcmp(cmds[i][0], "serve") == 0) {
            /* refused at once: the message names the database, redacted */
            assert_int_equal(run_clean(NULL, all, cmds[i]), 1);
            if (!strstr(all, ":***@") && !strstr(all, "password=***") && !strstr(all, "***"))
                fail_msg("serve did not show the URL redacted: %s", all);
            continue;
        }
        if (live && strcmp(cmds[i][0], "serve") == 0) continue;   /* below, it would not stop */
        int st = run_clean("a long enough password\n", all, cmds[i]);
        if (!live) assert_int_not_equal(st, 0);
        if (!live && (strcmp(cmds[i][0], "init") == 0 || strcmp(cmds[i][0], "readiness") == 0)
            && !strstr(all, "***"))
            fail_msg("%s did not show the URL redacted: %s", cmds[i][0], all);
        if (live && strcmp(cmds[i][0], "init") == 0) {
            assert_int_equal(st, 0);
            assert_non_null(strstr(all, "created postgres://"));
            assert_non_null(strstr(all, ":***@"));
        }
    }
    if (live) {
        /* serve: started, its "serving" line shows the database redacted */
        char cmd[1200];
        snprintf(cmd, sizeof cmd, "timeout -s INT 3 '%s' serve --db '%s' --listen 127.0.0.1:0 --quiet", t_bin(), db);
        char *argv[] = {"/bin/sh", "-c", cmd, NULL};
        t_run_t r;
        assert_int_equal(t_run(argv, NULL, &r), 0);
        snprintf(all, sizeof all, "%s%s", r.out ? r.out : "", r.err ? r.err : "");
        t_run_free(&r);
        assert_null(strstr(all, SECRET));
        assert_non_null(strstr(all, "serving"));
        assert_non_null(strstr(all, ":***@"));
    }
}

static void no_command_prints_a_password(void **state)
{
    (void)state;
    /* port 1 on the loopback: refused at once */
    every_command_hides_the_password("postgres://ov:" SECRET "@127.0.0.1:1/oversight", 0);
    every_command_hides_the_password("postgresql://ov@127.0.0.1:1/oversight?sslmode=disable&password=" SECRET, 0);
    /* libpq quotes a token it cannot decode in its message */
    every_command_hides_the_password("postgres://ov:" SECRET "%zz@127.0.0.1:1/oversight", 0);
    if (!t_db_pg()) return;
    /* a real database: the test cluster trusts local connections, so the
     * password is sent and ignored, and every command works */
    char path[300], url[512], with_pw[600];
    snprintf(path, sizeof path, "%s/pw.db", DIR_);
    assert_int_equal(t_db_url(url, path), 0);
    const char *at = strchr(url + strlen("postgres://"), '@');
    assert_non_null(at);
    snprintf(with_pw, sizeof with_pw, "%.*s:%s%s", (int)(at - url), url, SECRET, at);
    every_command_hides_the_password(with_pw, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(version_and_help), cmocka_unit_test(usage_errors_exit_2),
        cmocka_unit_test(init_creates_once), cmocka_unit_test(serve_missing_db),
        cmocka_unit_test(init_in_missing_dir_fails_cleanly), cmocka_unit_test(import_letter),
        cmocka_unit_test(load_steps), cmocka_unit_test(readiness_of_the_met),
        cmocka_unit_test(no_command_prints_a_password),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
