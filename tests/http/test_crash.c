/* test_crash.c: crash safety. The server takes a stream of writes (POST
 * /api/v1/progress-updates with a Bearer token) and is killed with SIGKILL
 * at a random moment (seeded, so a failure can be replayed); after each kill
 * every write that was answered 201 must be in the database, PRAGMA
 * integrity_check must say "ok" and the audit chain must verify. Twenty
 * rounds. What makes it hold: WAL with synchronous=FULL (docs/security.md). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "support/support.h"

#define ROUNDS 20
#define MAX_ACKED 4096

static t_site_t S;   /* a SQLite file: check_db opens it */
static struct {
    char auth[200];
    long long acked[MAX_ACKED];
    int nacked;
} FX;

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&S, "crash.db", T_SITE_DEMO | T_SITE_FILE) != 0) return -1;
    return t_user_bearer(S.db, "kentcrash", "body", "kent", FX.auth);
}

static int teardown(void **state)
{
    (void)state;
    return t_site_stop(&S);
}

/* Checks the database file after a kill: integrity, every acknowledged
 * write present with its text. */
static void check_db(void)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(S.db, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT text FROM progress_updates WHERE id = ?", -1, &st, NULL), SQLITE_OK);
    for (int i = 0; i < FX.nacked; i++) {
        sqlite3_bind_int64(st, 1, FX.acked[i]);
        if (sqlite3_step(st) != SQLITE_ROW) fail_msg("acknowledged progress update %lld is lost", FX.acked[i]);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static void killed_server_keeps_acknowledged_writes(void **state)
{
    (void)state;
    unsigned seed = 20250123;
    const char *env = getenv("OVERSIGHT_CRASH_SEED");
    if (env) seed = (unsigned)strtoul(env, NULL, 10);
    srand(seed);
    const char *headers[] = {FX.auth, "Content-Type: application/json", NULL};
    long long seq = 0;
    for (int round = 0; round < ROUNDS; round++) {
        t_server_t srv;
        assert_int_equal(t_server_start(S.db, NULL, &srv), 0);
        /* the killer: a child that sleeps 20 to 400 ms, then SIGKILLs the server */
        useconds_t delay = (useconds_t)(20000 + rand() % 380000);
        pid_t killer = fork();
        assert_true(killer >= 0);
        if (killer == 0) {
            usleep(delay);
            kill(srv.pid, SIGKILL);
            _exit(0);
        }
        int acked_this_round = 0;
        for (;;) {
            char body[256];
            seq++;
            snprintf(body, sizeof body,
                     "{\"body\":\"kent\",\"submitted_on\":\"2025-01-01\",\"author\":\"crash test\",\"text\":\"seq %lld\"}",
                     seq);
            t_http_t r;
            if (t_http(srv.port, "POST", "/api/v1/progress-updates", body, headers, &r) != 0) break;
            long status = r.status;
            json_t *j = status == 201 && r.body ? json_loads(r.body, 0, NULL) : NULL;
            t_http_free(&r);
            if (status == 0) break;
            if (status != 201) fail_msg("round %d: write answered %ld", round, status);
            json_t *id = json_object_get(j, "id");
            assert_true(json_is_integer(id));
            if (FX.nacked < MAX_ACKED) FX.acked[FX.nacked++] = json_integer_value(id);
            acked_this_round++;
            json_decref(j);
        }
        waitpid(killer, NULL, 0);
        int st = 0;
        waitpid(srv.pid, &st, 0);
        close(srv.err_fd);
        assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
        check_db();
        (void)acked_this_round;
    }
    fprintf(stderr, "# seed %u: %d acknowledged writes over %d kills, all kept\n", seed, FX.nacked, ROUNDS);
    assert_true(FX.nacked > ROUNDS);
    /* the audit chain survived every kill */
    char *argv[] = {(char *)t_bin(), "audit", "verify", "--db", S.db, NULL};
    t_run_t r;
    assert_int_equal(t_run(argv, NULL, &r), 0);
    if (r.status != 0) fail_msg("audit verify: %s", r.err);
    assert_non_null(strstr(r.out, "chain intact"));
    t_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(killed_server_keeps_acknowledged_writes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
