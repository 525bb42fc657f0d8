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
/* Sets the lag window in milliseconds (0 to 60000; 0 = every call reads). */
void store_pool_set_lag(store_pool_t *p, int ms);

#endif
