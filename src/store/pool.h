/*
 * pool.h: a fixed set of store connections shared by server threads.
 * store_pool_acquire blocks until a connection is free.
 */
#ifndef OV_STORE_POOL_H
#define OV_STORE_POOL_H
#include "store/cache.h"
#include "store/store.h"

typedef struct store_pool store_pool_t;

/* Opens n connections to url (which must exist). Caller frees with
 * store_pool_free. */
int store_pool_open(const char *url, int n, store_pool_t **out, ov_error_t *err);
store_t *store_pool_acquire(store_pool_t *p);
void store_pool_release(store_pool_t *p, store_t *s);
void store_pool_free(store_pool_t *p);

/* The data generation (store/cache.h) as read by a query that started
 * after this call began, so it reflects every write committed before the
 * caller's request arrived, on any server sharing the database.
 *
 * On PostgreSQL each read is a round trip to the server, so concurrent
 * callers share one: a caller arriving while a read is in flight waits for
 * the next read (the one in flight may have started before it arrived),
 * and that one read serves every caller that waited for it. On SQLite the
 * query is in-process and each caller runs its own.
 *
 * With a lag window (store_pool_set_lag, `oversight serve --cache-lag-ms`)
 * a read that started less than that long ago is reused, unless this
 * process has committed a transaction since it started: writes through this
 * server are seen at once, writes through another server sharing the
 * database after at most the window. 0 (the default): no reuse. */
int store_pool_generation(store_pool_t *p, char out[STORE_GEN_MAX], ov_error_t *err);
/* Body code's generation (store_data_generation_body) in scoped, read by
 * a query that started after this call began: no lag window and no sharing
 * (a hit on one body's page must see the writes to that body acknowledged
 * before the request arrived, on any server). */
int store_pool_generation_body(store_pool_t *p, const char *code, char scoped[STORE_GEN_MAX], ov_error_t *err);
/* Waiting for the generation without holding a thread (PostgreSQL: a
 * server thread parks its request instead of blocking on the round trip).
 * The caller owns w and sets ready; need and next are the pool's. */
typedef struct store_gen_waiter store_gen_waiter_t;
struct store_gen_waiter {
    void (*ready)(store_gen_waiter_t *w);   /* called once, from the pool's reader thread */
    store_gen_waiter_t *next;               /* the pool's list, while registered */
    unsigned long long need;                /* the first read number that may answer it */
};
/* 1 when callers should wait for the generation with
 * store_pool_generation_wait rather than block in store_pool_generation:
 * the backend is remote (each read a round trip, shared by every caller
 * waiting when it starts) and there is no lag window. 0 on SQLite (the
 * read is in-process and never waits for another caller) and with a lag
 * window (store_pool_generation answers from the window, else blocks). */
int store_pool_parks(const store_pool_t *p);
/* Asks for the generation as store_pool_generation does, without waiting:
 * registers w and returns 0. The pool's reader thread then starts a read
 * numbered above every read started before this call (so its statement
 * starts after this call began), and once it has ended, well or not,
 * calls w->ready(w), once, from the reader thread; the pool does not touch
 * w after that call has begun. Then store_pool_generation_collect gives
 * the answer. w must stay valid until ready is called (store_pool_free
 * calls every waiter still registered, unanswered). -1 (w not registered)
 * when the backend is not remote or the pool is being freed. */
int store_pool_generation_wait(store_pool_t *p, store_gen_waiter_t *w);
/* After w->ready: 0 with out filled by a read numbered w->need or later
 * (started after w was registered: at least as new as the one w waited
 * for), or -1 when that read failed (the caller reads as it would without
 * waiting, or answers without the cache). */
int store_pool_generation_collect(store_pool_t *p, const store_gen_waiter_t *w, char out[STORE_GEN_MAX]);
/* Sets the lag window in milliseconds (0 to 60000; 0 = every call reads). */
void store_pool_set_lag(store_pool_t *p, int ms);

#endif
