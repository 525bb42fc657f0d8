/* test_pool.c: store_pool_generation on a real database (SQLite file, or
 * PostgreSQL with OVERSIGHT_TEST_PG, where concurrent callers share reads):
 * under concurrent writers and readers, every generation a caller gets
 * includes every write committed before its call began; and the same for
 * callers that register and are called back (store_pool_generation_wait,
 * PostgreSQL only: how a server parks its requests), alongside blocking
 * ones. */
#include <semaphore.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/audit.h"
#include "store/cache.h"
#include "store/pool.h"
#include "store/store.h"
#include "support/support.h"

#define THREADS 8
#define ROUNDS 40

static struct {
    t_site_t site;       /* a temp dir and a fresh database (site.db) */
    store_pool_t *pool;
} FX;

typedef struct {
    int n;            /* thread number */
    int stale;        /* generations older than the caller's own write */
    int failed;       /* store errors */
} worker_t;

/* Appends an audit entry in its own transaction on s; *id is its id. */
static int write_one(store_t *s, int n, int round, long long *id)
{
    ov_error_t err = {0};
    json_t *row = NULL;
    int rc = store_begin(s, &err);
    if (rc == 0) rc = store_audit_append(s, "test", "pool-test", n * 1000 + round, 0, NULL, NULL, &err);
    if (rc == 0) rc = store_query_one(s, &row, &err, "none", "SELECT id FROM audit_log ORDER BY id DESC LIMIT 1", NULL);
    if (rc == 0) {
        *id = json_integer_value(json_object_get(row, "id"));
        json_decref(row);
        rc = store_commit(s, &err);
    } else {
        store_rollback(s);
    }
    if (rc) fprintf(stderr, "write: %s\n", err.message);
    return rc;
}

static void *worker(void *arg)
{
    worker_t *w = arg;
    store_t *s = NULL;
    ov_error_t err = {0};
    if (store_open(FX.site.db, STORE_OPEN_EXISTING, &s, &err) != 0) {
        w->failed++;
        return w;
    }
    for (int i = 0; i < ROUNDS; i++) {
        long long mine = 0;
        char gen[STORE_GEN_MAX];
        if (write_one(s, w->n, i, &mine) != 0) { w->failed++; continue; }
        /* the write is committed: the generation must now include it */
        if (store_pool_generation(FX.pool, gen, &err) != 0) { w->failed++; continue; }
        if (strtoll(gen, NULL, 10) < mine) w->stale++;
        /* and readers that do not write in between, alongside the writers */
        if (store_pool_generation(FX.pool, gen, &err) != 0) w->failed++;
        else if (strtoll(gen, NULL, 10) < mine) w->stale++;
    }
    store_close(s);
    return w;
}

/* THREADS writers on connections of their own, each reading the
 * generation through the pool after every write; then the pool's answer
 * when all is quiet equals a direct read. */
static void writers_see_their_writes(void)
{
    worker_t w[THREADS];
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (worker_t){.n = i + 1};
        assert_int_equal(pthread_create(&t[i], NULL, worker, &w[i]), 0);
    }
    int stale = 0, failed = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        stale += w[i].stale;
        failed += w[i].failed;
    }
    assert_int_equal(failed, 0);
    assert_int_equal(stale, 0);
    /* quiet: the generation is the newest entry */
    char gen[STORE_GEN_MAX];
    ov_error_t err = {0};
    assert_int_equal(store_pool_generation(FX.pool, gen, &err), 0);
    store_t *s = store_pool_acquire(FX.pool);
    char direct[STORE_GEN_MAX];
    assert_int_equal(store_data_generation(s, direct, &err), 0);
    store_pool_release(FX.pool, s);
    assert_string_equal(gen, direct);
    assert_true(strtoll(gen, NULL, 10) >= 1);
}

static void generation_includes_earlier_writes(void **state)
{
    (void)state;
    store_pool_set_lag(FX.pool, 0);
    writers_see_their_writes();
}

/* With a lag window the pool reuses a read, but never across a commit of
 * this process: each writer still sees its own write. */
static void lag_window_ends_at_own_commits(void **state)
{
    (void)state;
    store_pool_set_lag(FX.pool, 60000);
    writers_see_their_writes();
    store_pool_set_lag(FX.pool, 0);
}

/* A waiter a thread blocks on (a server parks its request instead) */
typedef struct {
    store_gen_waiter_t w;
    sem_t called;
} test_waiter_t;

static void waiter_ready(store_gen_waiter_t *w)
{
    sem_post(&((test_waiter_t *)w)->called);
}

/* store_pool_generation_wait, then blocks until called back, then collect:
 * 0 with gen, or -1 */
static int wait_generation(char gen[STORE_GEN_MAX])
{
    test_waiter_t tw;
    memset(&tw, 0, sizeof tw);
    tw.w.ready = waiter_ready;
    sem_init(&tw.called, 0, 0);
    int rc = store_pool_generation_wait(FX.pool, &tw.w);
    if (rc == 0) {
        while (sem_wait(&tw.called) != 0) {}
        rc = store_pool_generation_collect(FX.pool, &tw.w, gen);
    }
    sem_destroy(&tw.called);
    return rc;
}

static void *waiting_worker(void *arg)
{
    worker_t *w = arg;
    store_t *s = NULL;
    ov_error_t err = {0};
    if (store_open(FX.site.db, STORE_OPEN_EXISTING, &s, &err) != 0) {
        w->failed++;
        return w;
    }
    for (int i = 0; i < ROUNDS; i++) {
        long long mine = 0;
        char gen[STORE_GEN_MAX];
        if (write_one(s, w->n, i, &mine) != 0) { w->failed++; continue; }
        /* odd threads wait by callback, even ones block: they share reads */
        int rc = w->n % 2 ? wait_generation(gen) : store_pool_generation(FX.pool, gen, &err);
        if (rc != 0) w->failed++;
        else if (strtoll(gen, NULL, 10) < mine) w->stale++;
        if (wait_generation(gen) != 0) w->failed++;
        else if (strtoll(gen, NULL, 10) < mine) w->stale++;
    }
    store_close(s);
    return w;
}

/* Waiters called back by the pool's reader thread, alongside blocking
 * callers and writers: none gets a generation older than a write
 * committed before it registered. On SQLite there is no reader thread:
 * store_pool_parks says so and wait refuses. */
static void waiters_get_reads_begun_after_them(void **state)
{
    (void)state;
    store_pool_set_lag(FX.pool, 0);
    test_waiter_t tw;
    memset(&tw, 0, sizeof tw);
    tw.w.ready = waiter_ready;
    if (!t_db_pg()) {
        assert_int_equal(store_pool_parks(FX.pool), 0);
        assert_int_equal(store_pool_generation_wait(FX.pool, &tw.w), -1);
        return;
    }
    assert_int_equal(store_pool_parks(FX.pool), 1);
    store_pool_set_lag(FX.pool, 5);   /* a lag window: callers block as before */
    assert_int_equal(store_pool_parks(FX.pool), 0);
    store_pool_set_lag(FX.pool, 0);
    worker_t w[THREADS];
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (worker_t){.n = i + 1};
        assert_int_equal(pthread_create(&t[i], NULL, waiting_worker, &w[i]), 0);
    }
    int stale = 0, failed = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        stale += w[i].stale;
        failed += w[i].failed;
    }
    assert_int_equal(failed, 0);
    assert_int_equal(stale, 0);
    char gen[STORE_GEN_MAX], direct[STORE_GEN_MAX];
    ov_error_t err = {0};
    assert_int_equal(wait_generation(gen), 0);
    store_t *s = store_pool_acquire(FX.pool);
    assert_int_equal(store_data_generation(s, direct, &err), 0);
    store_pool_release(FX.pool, s);
    assert_string_equal(gen, direct);
}

/* Freed with waiters registered (their read held up by a lock on the
 * trail): each is called, unanswered, before store_pool_free returns. */
static void free_calls_every_waiter(void **state)
{
    (void)state;
    if (!t_db_pg()) return;
    store_pool_t *p = NULL;
    ov_error_t err = {0};
    assert_int_equal(store_pool_open(FX.site.db, 2, &p, &err), 0);
    store_t *hold = NULL;
    assert_int_equal(store_open(FX.site.db, STORE_OPEN_EXISTING, &hold, &err), 0);
    assert_int_equal(store_begin(hold, &err), 0);
    assert_int_equal(store_exec(hold, NULL, NULL, &err, "LOCK TABLE audit_log IN ACCESS EXCLUSIVE MODE", NULL), 0);
    test_waiter_t tw[3];
    for (int i = 0; i < 3; i++) {
        memset(&tw[i], 0, sizeof tw[i]);
        tw[i].w.ready = waiter_ready;
        sem_init(&tw[i].called, 0, 0);
        assert_int_equal(store_pool_generation_wait(p, &tw[i].w), 0);
    }
    for (int i = 0; i < 3; i++) assert_int_equal(sem_trywait(&tw[i].called), -1);   /* held up */
    store_rollback(hold);   /* the first read ends; a second may start */
    store_pool_free(p);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(sem_trywait(&tw[i].called), 0);
        sem_destroy(&tw[i].called);
    }
    store_close(hold);
}

static int setup(void **state)
{
    (void)state;
    if (t_site_init(&FX.site, "pool.db", T_SITE_EMPTY) != 0) return -1;
    store_t *s = NULL;
    ov_error_t err = {0};
    if (store_open(FX.site.db, STORE_OPEN_CREATE, &s, &err) != 0) {
        fprintf(stderr, "open: %s\n", err.message);
        return -1;
    }
    store_close(s);
    if (store_pool_open(FX.site.db, 4, &FX.pool, &err) != 0) {
        fprintf(stderr, "pool: %s\n", err.message);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    store_pool_free(FX.pool);
    t_site_stop(&FX.site);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(generation_includes_earlier_writes),
        cmocka_unit_test(lag_window_ends_at_own_commits),
        cmocka_unit_test(waiters_get_reads_begun_after_them),
        cmocka_unit_test(free_calls_every_waiter),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
