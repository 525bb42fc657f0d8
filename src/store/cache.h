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
 * An entry of another generation is never returned, and one found older
 * than the caller's is dropped. A response that depends on one body only
 * (its page, record, readiness) is keyed to that body's generation
 * (store_data_generation_body): writes to other bodies leave it valid. Bodies are shared, not copied: a
 * hit hands out a reference to the cached bytes, so the cache and all the
 * responses sending them hold one copy between them (an entry dropped while
 * responses still send it lives until the last of them releases it).
 */
#ifndef OV_STORE_CACHE_H
#define OV_STORE_CACHE_H
#include "store/store.h"
#include <stddef.h>

#define STORE_GEN_MAX 96

/* The data generation as text ("ID:HASH"; "0:" for an empty trail). */
int store_data_generation(store_t *s, char out[STORE_GEN_MAX], ov_error_t *err);

/* In scoped the generation of body `code`: the newest entry of the trail
 * that belongs to it or to no body at all (accounts, frameworks, national
 * bodies, ...), "ID:HASH" like the whole record's. Every write that changes
 * what is shown of one body appends an entry with that body's id
 * (store_audit_append; a merge appends one for each body it touches), or
 * none, so a write elsewhere leaves scoped unchanged. One statement: one
 * round trip. */
int store_data_generation_body(store_t *s, const char *code, char scoped[STORE_GEN_MAX], ov_error_t *err);

/* The bodies written between two generations, for what is kept across
 * them (body_rows.c, candidate_keep.c): one statement reads the entry of
 * `from` (its hash: the same trail) and the distinct bodies of the
 * entries after it up to `to`, both read after `to` was. 0 and the ids in
 * changed[0..*n) (unordered, at most max); 1 when what is kept must be
 * read whole: `from` is not on this trail (another hash, a restore, none),
 * an entry in between has no body, more than max bodies are named, or
 * grades_whole and a grade was changed or removed (its entry names the
 * body of its inspection now, not the one it may have left); or an error. */
int store_trail_bodies_between(store_t *s, const char *from, const char *to, int grades_whole, long long *changed,
                               size_t max, size_t *n, ov_error_t *err);

/* An immutable, reference-counted byte buffer: one copy of a cached body
 * shared by the cache and every response in flight that sends it. Each
 * holder owns one reference and gives it back with store_blob_release;
 * the last release frees it. The bytes never change after creation, so
 * readers need no lock. */
typedef struct store_blob store_blob_t;

/* A new blob owning data (malloc'd, len bytes; taken over even on failure),
 * with one reference for the caller; NULL when out of memory. */
store_blob_t *store_blob_adopt(char *data, size_t len);
/* Another reference to b (for a new holder). Returns b. */
store_blob_t *store_blob_retain(store_blob_t *b);
/* Gives back one reference to b (a store_blob_t *, or NULL); frees it with
 * the last. The signature fits http_body_release_fn. */
void store_blob_release(void *b);
const char *store_blob_data(const store_blob_t *b);
size_t store_blob_len(const store_blob_t *b);
/* Something made from b and kept with it (the HTTP layer's reply ready to
 * send, made once per cached body): freed with free_fn when b's last
 * reference goes. The caller holds a reference to b. Set once: returns
 * obj when this call set it, else the object set before (obj stays the
 * caller's, to free). */
void *store_blob_attach(store_blob_t *b, void *obj, void (*free_fn)(void *));
/* What store_blob_attach set, or NULL. Valid while the caller holds b. */
void *store_blob_attached(const store_blob_t *b);

#define STORE_CACHE_HEADERS 8
typedef struct {
    int status;
    const char *content_type;          /* a static string */
    store_blob_t *body;                /* one reference, owned by whoever holds this */
    struct { char name[48]; char value[256]; } headers[STORE_CACHE_HEADERS];
    int nheaders;
} store_cached_t;

/* 1 and *out filled when key is cached for gen (out->body a new reference:
 * the caller releases it); else 0, dropping an entry of key older than gen.
 * No copy of the bytes is made. Generations of one key are compared by
 * their id: a key is always looked up at the same kind of generation. */
int store_cache_get(const char *key, const char *gen, store_cached_t *out);
/* Keeps in for key at gen, taking a reference of its own to in->body (the
 * caller keeps its reference), unless key is kept at a newer generation;
 * entries above the byte budget (OVERSIGHT_CACHE_MB, default 64) are not
 * kept, and older ones are dropped to make room. */
void store_cache_put(const char *key, const char *gen, const store_cached_t *in);
/* The replies kept at one body's generation (store_data_generation_body)
 * also remember the latest whole-record generation at which theirs was
 * seen current (`checked`): while the whole record has not moved since,
 * nothing has, and a hit needs no look at the body's generation. On
 * PostgreSQL that keeps a hit at the one shared generation read
 * (store_pool_generation) instead of a round trip of its own.
 *
 * store_cache_get_checked: 1, *out filled (a new reference) and the
 * entry's own generation in gen, when key was seen current at checked;
 * else 0. store_cache_confirm: 1 and *out filled when key is kept at gen
 * (the body's generation, just read), noting that it was current at
 * checked; else 0 (an older entry is dropped). store_cache_put_checked:
 * store_cache_put, seen current at checked (store_cache_put: at gen). */
int store_cache_get_checked(const char *key, const char *checked, store_cached_t *out, char gen[STORE_GEN_MAX]);
int store_cache_confirm(const char *key, const char *gen, const char *checked, store_cached_t *out);
void store_cache_put_checked(const char *key, const char *gen, const char *checked, const store_cached_t *in);

/* Single flight: of concurrent misses of one key at one generation, one
 * computes and the others wait for it, so a popular large response (the
 * bodies list) is built once, not once per thread. Returns 1: compute it,
 * then call store_cache_done(key, gen); 0: another thread computed it
 * (or gave up after 60 s): try store_cache_get again, and compute without
 * claiming on a miss; -1: too many keys in flight, compute without claiming. */
int store_cache_claim(const char *key, const char *gen);
/* Ends a claim (after store_cache_put, or on failure) and wakes the waiters. */
void store_cache_done(const char *key, const char *gen);
/* Drops every entry (tests). */
void store_cache_clear(void);

#endif
