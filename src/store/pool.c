/*
 * pool.c: connection pool (mutex + condition variable over a free list).
 */
#include "store/pool.h"
#include <pthread.h>
#include <stdlib.h>

struct store_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int n, nfree;
    store_t **all;
    store_t **free_list;
};

int store_pool_open(const char *url, int n, store_pool_t **out, ov_error_t *err)
{
    *out = NULL;
    store_pool_t *p = calloc(1, sizeof *p);
    if (!p || n < 1) { free(p); return ov_error_set(err, OV_EINTERNAL, "", "cannot create pool"); }
    p->all = calloc((size_t)n, sizeof *p->all);
    p->free_list = calloc((size_t)n, sizeof *p->free_list);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    if (!p->all || !p->free_list) { store_pool_free(p); return ov_error_set(err, OV_EINTERNAL, "", "out of memory"); }
    for (int i = 0; i < n; i++) {
        int rc = store_open(url, STORE_OPEN_EXISTING, &p->all[i], err);
        if (rc != 0) { store_pool_free(p); return rc; }
        p->n++;
        p->free_list[p->nfree++] = p->all[i];
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
    for (int i = 0; i < p->n; i++) store_close(p->all[i]);
    free(p->all);
    free(p->free_list);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p);
}
