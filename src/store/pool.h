/*
 * pool.h: a fixed set of store connections shared by server threads.
 * store_pool_acquire blocks until a connection is free.
 */
#ifndef OV_STORE_POOL_H
#define OV_STORE_POOL_H
#include "store/store.h"

typedef struct store_pool store_pool_t;

/* Opens n connections to url (which must exist). Caller frees with
 * store_pool_free. */
int store_pool_open(const char *url, int n, store_pool_t **out, ov_error_t *err);
store_t *store_pool_acquire(store_pool_t *p);
void store_pool_release(store_pool_t *p, store_t *s);
void store_pool_free(store_pool_t *p);

#endif
