/*
 * cache.h: a response cache for read endpoints, valid for one data
 * generation.
 *
 * The data generation is the newest entry of the audit trail (id and hash,
 * store/audit.h): every write in the store appends an entry in the same
 * transaction, so any committed write changes it, on every server sharing
 * the database (several `oversight serve` on one PostgreSQL), and a restore
 * or a different file cannot repeat it (the hash chain). Reading it is one
 * indexed query.
 *
 * The cache holds serialised responses (status 200 only: body bytes, content
 * type, headers) keyed by text (the API layer builds it from the path, query
 * arguments and viewer class), process-wide, thread-safe, bounded in bytes.
 * An entry of another generation is never returned; seeing a newer
 * generation drops all older entries.
 */
#ifndef OV_STORE_CACHE_H
#define OV_STORE_CACHE_H
#include "store/store.h"
#include <stddef.h>

#define STORE_GEN_MAX 96

/* The data generation as text ("ID:HASH"; "0:" for an empty trail). */
int store_data_generation(store_t *s, char out[STORE_GEN_MAX], ov_error_t *err);

#define STORE_CACHE_HEADERS 8
typedef struct {
    int status;
    const char *content_type;          /* a static string */
    char *body;                        /* malloc'd copy (caller frees) */
    size_t len;
    struct { char name[48]; char value[256]; } headers[STORE_CACHE_HEADERS];
    int nheaders;
} store_cached_t;

/* 1 and *out filled (body a new copy) when key is cached for gen; else 0. */
int store_cache_get(const char *key, const char *gen, store_cached_t *out);
/* Keeps a copy of in (body copied) for key at gen; entries above the byte
 * budget (OVERSIGHT_CACHE_MB, default 64) are not kept. */
void store_cache_put(const char *key, const char *gen, const store_cached_t *in);
/* Drops every entry (tests). */
void store_cache_clear(void);

#endif
