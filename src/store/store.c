/*
 * store.c: the backend-independent part of store.h: transactions opened
 * only when the caller has none (store_tx_begin / store_tx_end).
 */
#include "store/store.h"

int store_tx_begin(store_t *s, store_tx_t *tx, ov_error_t *err)
{
    tx->own = !store_in_transaction(s);
    if (!tx->own) return 0;
    int rc = store_begin(s, err);
    if (rc != 0) tx->own = 0;
    return rc;
}

int store_tx_end(store_t *s, store_tx_t *tx, int rc, ov_error_t *err)
{
    if (!tx->own) return rc;
    tx->own = 0;
    if (rc == 0) return store_commit(s, err);
    store_rollback(s);
    return rc;
}
