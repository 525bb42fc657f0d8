/*
 * pool.c: connection pool (mutex + condition variable over a free list),
 * and the data generation read once for concurrent callers: those that
 * block (store_pool_generation) and those that register and are called
 * back (store_pool_generation_wait, served by the reader thread).
 */
#include "store/pool.h"
#include "store/backend.h"
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

struct store_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int n, nfree;
    store_t **all;
    store_t **free_list;
    /* store_pool_generation: reads are numbered as they start; `done` is
     * the number of the newest read that succeeded, `gen` its result */
    int coalesce;                  /* 1 when the backend is remote (PostgreSQL: backend.h) */
    pthread_mutex_t gmu;
    pthread_cond_t gcv;
    unsigned long long started, done;
    int in_flight;
    char gen[STORE_GEN_MAX];
    /* the lag window: when the read that gave `gen` started (monotonic ns)
     * and store_commits() just before it (both meaningful once done > 0) */
    long long lag_ns;
    long long gen_at;
    unsigned long long gen_commits;
    /* store_pool_generation_wait (under gmu): the waiters registered and
     * not yet taken by a read, in order; the reader thread (remote
     * backends only) waits on rcv for a waiter, the end of a read in
     * flight, or stopping */
    store_gen_waiter_t *waiters, **waiters_tail;
    pthread_cond_t rcv;
    pthread_t reader;
    int reader_started, stopping;
};

static long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

void store_pool_set_lag(store_pool_t *p, int ms)
{
    if (ms < 0) ms = 0;
    if (ms > 60000) ms = 60000;
    pthread_mutex_lock(&p->gmu);
    __atomic_store_n(&p->lag_ns, (long long)ms * 1000000LL, __ATOMIC_RELAXED);   /* read unlocked by store_pool_parks */
    pthread_mutex_unlock(&p->gmu);
}

static void *reader_main(void *arg);

int store_pool_parks(const store_pool_t *p)
{
    return p->reader_started && !__atomic_load_n(&p->lag_ns, __ATOMIC_RELAXED);
}

int store_pool_open(const char *url, int n, store_pool_t **out, ov_error_t *err)
{
    *out = NULL;
    store_pool_t *p = calloc(1, sizeof *p);
    if (!p || n < 1) { free(p); return ov_error_set(err, OV_EINTERNAL, "", "cannot create pool"); }
    p->all = calloc((size_t)n, sizeof *p->all);
    p->free_list = calloc((size_t)n, sizeof *p->free_list);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    pthread_mutex_init(&p->gmu, NULL);
    pthread_cond_init(&p->gcv, NULL);
    pthread_cond_init(&p->rcv, NULL);
    p->waiters_tail = &p->waiters;
    if (!p->all || !p->free_list) { store_pool_free(p); return ov_error_set(err, OV_EINTERNAL, "", "out of memory"); }
    for (int i = 0; i < n; i++) {
        int rc = store_open(url, STORE_OPEN_EXISTING, &p->all[i], err);
        if (rc != 0) { store_pool_free(p); return rc; }
        p->n++;
        p->free_list[p->nfree++] = p->all[i];
    }
    p->coalesce = store_backend(p->all[0])->remote;
    if (p->coalesce) {
        /* the reader takes no signals: a server waits for its stop signal
         * in one thread (sigwait), which may block them only after this */
        sigset_t all, old;
        sigfillset(&all);
        pthread_sigmask(SIG_SETMASK, &all, &old);
        int started = pthread_create(&p->reader, NULL, reader_main, p);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        if (started != 0) {
            store_pool_free(p);
            return ov_error_set(err, OV_EINTERNAL, "", "cannot start the generation reader");
        }
        p->reader_started = 1;
    }
    *out = p;
    return 0;
}

store_t *store_pool_acquire(store_pool_t *p)
{
    pthread_mutex_lock(&p->mu);
    while (p->nfree == 0) pthread_cond_wait(&p->cv, &p->mu);
    store_t *s = p->free_list[--p->nfree];
    pthread_mutex_unlock(&p->mu);
    return s;
}

void store_pool_release(store_pool_t *p, store_t *s)
{
    if (store_in_transaction(s)) store_rollback(s);   /* never hand on an open transaction */
    pthread_mutex_lock(&p->mu);
    p->free_list[p->nfree++] = s;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

void store_pool_free(store_pool_t *p)
{
    if (!p) return;
    if (p->reader_started) {   /* it calls every waiter still registered, unanswered */
        pthread_mutex_lock(&p->gmu);
        p->stopping = 1;
        pthread_cond_signal(&p->rcv);
        pthread_mutex_unlock(&p->gmu);
        pthread_join(p->reader, NULL);
    }
    for (int i = 0; i < p->n; i++) store_close(p->all[i]);
    free(p->all);
    free(p->free_list);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->gmu);
    pthread_cond_destroy(&p->gcv);
    pthread_cond_destroy(&p->rcv);
    free(p);
}

static int read_generation(store_pool_t *p, char out[STORE_GEN_MAX], ov_error_t *err)
{
    store_t *s = store_pool_acquire(p);
    int rc = store_data_generation(s, out, err);
    store_pool_release(p, s);
    return rc;
}

int store_pool_generation_body(store_pool_t *p, const char *code, char scoped[STORE_GEN_MAX], ov_error_t *err)
{
    store_t *s = store_pool_acquire(p);
    int rc = store_data_generation_body(s, code, scoped, err);
    store_pool_release(p, s);
    return rc;
}

/* With gmu held: 1 and out filled when the lag window allows reusing gen. */
static int within_lag(store_pool_t *p, char out[STORE_GEN_MAX])
{
    if (!p->lag_ns || !p->done || p->gen_commits != store_commits() || now_ns() - p->gen_at >= p->lag_ns) return 0;
    memcpy(out, p->gen, STORE_GEN_MAX);   /* both NUL-terminated arrays of that size */
    return 1;
}

int store_pool_generation(store_pool_t *p, char out[STORE_GEN_MAX], ov_error_t *err)
{
    pthread_mutex_lock(&p->gmu);
    if (within_lag(p, out)) {
        pthread_mutex_unlock(&p->gmu);
        return 0;
    }
    if (!p->coalesce && !p->lag_ns) {
        pthread_mutex_unlock(&p->gmu);
        return read_generation(p, out, err);
    }
    /* a read numbered above every read started so far starts after now */
    unsigned long long need = p->started + 1;
    for (;;) {
        if (p->done >= need) {
            memcpy(out, p->gen, STORE_GEN_MAX);   /* both NUL-terminated arrays of that size */
            pthread_mutex_unlock(&p->gmu);
            return 0;
        }
        if (!p->in_flight) {
            unsigned long long mine = ++p->started;
            p->in_flight = 1;
            pthread_mutex_unlock(&p->gmu);
            /* noted before the query: a commit during it ends the window */
            unsigned long long commits = store_commits();
            long long at = now_ns();
            char g[STORE_GEN_MAX];
            int rc = read_generation(p, g, err);
            pthread_mutex_lock(&p->gmu);
            p->in_flight = 0;
            if (rc == 0) {
                snprintf(p->gen, sizeof p->gen, "%s", g);
                p->gen_at = at;
                p->gen_commits = commits;
                p->done = mine;
                snprintf(out, STORE_GEN_MAX, "%s", g);
            }
            /* on failure the waiters start a read of their own */
            pthread_cond_broadcast(&p->gcv);
            pthread_cond_signal(&p->rcv);   /* the reader may start one now */
            pthread_mutex_unlock(&p->gmu);
            return rc;
        }
        pthread_cond_wait(&p->gcv, &p->gmu);
    }
}

int store_pool_generation_wait(store_pool_t *p, store_gen_waiter_t *w)
{
    pthread_mutex_lock(&p->gmu);
    if (!p->reader_started || p->stopping) {
        pthread_mutex_unlock(&p->gmu);
        return -1;
    }
    /* as in store_pool_generation: only a read numbered above every read
     * started so far starts after now */
    w->need = p->started + 1;
    w->next = NULL;
    *p->waiters_tail = w;
    p->waiters_tail = &w->next;
    pthread_cond_signal(&p->rcv);
    pthread_mutex_unlock(&p->gmu);
    return 0;
}

int store_pool_generation_collect(store_pool_t *p, const store_gen_waiter_t *w, char out[STORE_GEN_MAX])
{
    pthread_mutex_lock(&p->gmu);
    int ok = p->done >= w->need;
    if (ok) memcpy(out, p->gen, STORE_GEN_MAX);   /* both NUL-terminated arrays of that size */
    pthread_mutex_unlock(&p->gmu);
    return ok ? 0 : -1;
}

/* The reader thread: whenever waiters are registered and no read is in
 * flight, takes them all, numbers a read (so it is numbered at or above
 * each one's need: every one registered before it started), runs it, and
 * calls them. At most one read is in flight, shared with the blocking
 * callers of store_pool_generation. Stopping: the waiters left are called
 * unanswered (collect then fails). */
static void *reader_main(void *arg)
{
    store_pool_t *p = arg;
    pthread_mutex_lock(&p->gmu);
    for (;;) {
        while (!p->stopping && (!p->waiters || p->in_flight)) pthread_cond_wait(&p->rcv, &p->gmu);
        if (p->stopping && !p->waiters) break;
        store_gen_waiter_t *batch = p->waiters;
        p->waiters = NULL;
        p->waiters_tail = &p->waiters;
        if (!p->stopping) {
            unsigned long long mine = ++p->started;
            p->in_flight = 1;
            pthread_mutex_unlock(&p->gmu);
            unsigned long long commits = store_commits();   /* before the query, as above */
            long long at = now_ns();
            char g[STORE_GEN_MAX];
            ov_error_t err = {0};
            int rc = read_generation(p, g, &err);
            pthread_mutex_lock(&p->gmu);
            p->in_flight = 0;
            if (rc == 0) {
                snprintf(p->gen, sizeof p->gen, "%s", g);
                p->gen_at = at;
                p->gen_commits = commits;
                p->done = mine;
            }
            pthread_cond_broadcast(&p->gcv);   /* blocking callers waiting for a read to end */
        }
        pthread_mutex_unlock(&p->gmu);
        /* next is read before ready: a waiter may be freed once called */
        for (store_gen_waiter_t *w = batch, *next; w; w = next) {
            next = w->next;
            w->ready(w);
        }
        pthread_mutex_lock(&p->gmu);
    }
    pthread_mutex_unlock(&p->gmu);
    return NULL;
}
