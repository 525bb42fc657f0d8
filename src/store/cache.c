/*
 * cache.c: the response cache of cache.h: an open-addressed table of
 * CACHE_SLOTS entries under one mutex, each entry tagged with the
 * generation it was computed at (the whole record's, or one body's);
 * shared refcounted bodies; single flight of misses; the data generations
 * from the audit trail.
 */
#include "store/cache.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CACHE_SLOTS 512

struct store_blob {
    atomic_size_t refs;        /* holders: the cache entry, responses in flight */
    size_t len;
    char *data;                /* owned; immutable after store_blob_adopt */
    _Atomic(void *) attached;  /* store_blob_attach: set once, freed with the blob */
    void (*attached_free)(void *);
};

store_blob_t *store_blob_adopt(char *data, size_t len)
{
    store_blob_t *b = malloc(sizeof *b);
    if (!b) {
        free(data);
        return NULL;
    }
    atomic_init(&b->refs, 1);
    b->len = len;
    b->data = data;
    atomic_init(&b->attached, NULL);
    b->attached_free = NULL;
    return b;
}

store_blob_t *store_blob_retain(store_blob_t *b)
{
    atomic_fetch_add_explicit(&b->refs, 1, memory_order_relaxed);
    return b;
}

void store_blob_release(void *p)
{
    store_blob_t *b = p;
    if (!b) return;
    /* acq_rel: the last holder sees every other holder's reads finished */
    if (atomic_fetch_sub_explicit(&b->refs, 1, memory_order_acq_rel) != 1) return;
    void *att = atomic_load_explicit(&b->attached, memory_order_relaxed);
    if (att) b->attached_free(att);
    free(b->data);
    free(b);
}

void *store_blob_attach(store_blob_t *b, void *obj, void (*free_fn)(void *))
{
    void *before = NULL;
    if (!atomic_compare_exchange_strong_explicit(&b->attached, &before, obj, memory_order_acq_rel,
                                                 memory_order_acquire))
        return before;
    /* read only by the last release, which the acq_rel of refs orders
     * after this caller's own release */
    b->attached_free = free_fn;
    return obj;
}

void *store_blob_attached(const store_blob_t *b)
{
    return atomic_load_explicit((_Atomic(void *) *)&b->attached, memory_order_acquire);
}

const char *store_blob_data(const store_blob_t *b) { return b->data ? b->data : ""; }
size_t store_blob_len(const store_blob_t *b) { return b->len; }

typedef struct {
    char *key;                 /* NULL = free */
    char gen[STORE_GEN_MAX];   /* the generation v was computed at */
    char checked[STORE_GEN_MAX]; /* the latest whole-record generation at which gen was seen current */
    store_cached_t v;          /* v.body: the cache's own reference */
} entry_t;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static entry_t slots[CACHE_SLOTS];
static size_t used_bytes;

/* The newest trail entry's row as store_data_generation writes it: "ID:HASH"
 * (the id in decimal as the backend writes it, the hash cut to 64). */
static int generation_row(void *ctx, const store_row_t *row, ov_error_t *err)
{
    (void)err;
    char *out = ctx;
    size_t n = row->cell[0] && row->len[0] > 0 && row->len[0] <= 20 ? row->len[0] : 0;
    if (n) memcpy(out, row->cell[0], n);
    else out[n++] = '0';
    out[n++] = ':';
    size_t h = row->cell[1] ? row->len[1] : 0;
    if (h > 64) h = 64;
    if (h) memcpy(out + n, row->cell[1], h);
    out[n + h] = '\0';
    return 0;
}

int store_data_generation(store_t *s, char out[STORE_GEN_MAX], ov_error_t *err)
{
    /* read on every cached request (shared by those waiting on
     * PostgreSQL): the row as text, no JSON made */
    snprintf(out, STORE_GEN_MAX, "0:");   /* an empty trail */
    return store_query_each(s, err, generation_row, out, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
                            NULL);
}

int store_trail_bodies_between(store_t *s, const char *from_gen, const char *to_gen, int grades_whole,
                               long long *changed, size_t max, size_t *n, ov_error_t *err)
{
    *n = 0;
    long long from = strtoll(from_gen, NULL, 10), to = strtoll(to_gen, NULL, 10);
    if (from <= 0) return 1;
    json_t *rows = NULL;
    int rc = grades_whole
                 ? store_query(s, &rows, err,
                               "SELECT 0 AS k, hash AS h, NULL AS body_id FROM audit_log WHERE id = ?1"
                               " UNION ALL SELECT 1 AS k, NULL AS h, d.body_id FROM"
                               " (SELECT DISTINCT CASE WHEN entity = 'grades' AND action <> 'insert' THEN NULL"
                               " ELSE body_id END AS body_id FROM audit_log WHERE id > ?1 AND id <= ?2 LIMIT ?3) d",
                               "iii", from, to, (long long)max + 1)
                 : store_query(s, &rows, err,
                               "SELECT 0 AS k, hash AS h, NULL AS body_id FROM audit_log WHERE id = ?1"
                               " UNION ALL SELECT 1 AS k, NULL AS h, d.body_id FROM"
                               " (SELECT DISTINCT body_id FROM audit_log WHERE id > ?1 AND id <= ?2 LIMIT ?3) d",
                               "iii", from, to, (long long)max + 1);
    if (rc != 0) return rc;
    int same_trail = 0, whole = 0;
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        if (json_integer_value(json_object_get(row, "k")) == 0) {
            /* written as store_data_generation writes a generation */
            char again[STORE_GEN_MAX];
            const char *h = json_string_value(json_object_get(row, "h"));
            snprintf(again, sizeof again, "%lld:%.64s", from, h ? h : "");
            same_trail = strcmp(again, from_gen) == 0;
            continue;
        }
        json_t *b = json_object_get(row, "body_id");
        if (!json_is_integer(b) || *n == max) whole = 1;
        else changed[(*n)++] = (long long)json_integer_value(b);
    }
    json_decref(rows);
    if (!same_trail || whole) {
        *n = 0;
        return 1;
    }
    return 0;
}

/* "ID:HASH" of the entry with id id_key and hash hash_key of row r, or "0:". */
static void gen_text(json_t *r, const char *id_key, const char *hash_key, char out[STORE_GEN_MAX])
{
    json_t *id = r ? json_object_get(r, id_key) : NULL;
    const char *h = r ? json_string_value(json_object_get(r, hash_key)) : NULL;
    snprintf(out, STORE_GEN_MAX, "%lld:%.64s", json_is_integer(id) ? (long long)json_integer_value(id) : 0LL,
             h ? h : "");
}

int store_data_generation_body(store_t *s, const char *code, char scoped[STORE_GEN_MAX], ov_error_t *err)
{
    json_t *rows = NULL;
    /* each max() is one probe of audit_log_by_body (body_id, id); the
     * outer row is there even when the trail has no such entry ("0:") */
    int rc = store_query(s, &rows, err,
                         "SELECT b.id AS bid, b.hash AS bhash"
                         " FROM (SELECT 1 AS one) o"
                         " LEFT JOIN audit_log b ON b.id = (SELECT max(x) FROM ("
                         "   SELECT max(id) AS x FROM audit_log WHERE body_id = (SELECT id FROM bodies WHERE code = ?)"
                         "   UNION ALL SELECT max(id) AS x FROM audit_log WHERE body_id IS NULL) t)",
                         "s", code);
    if (rc) return rc;
    json_t *r = json_array_get(rows, 0);
    gen_text(r, "bid", "bhash", scoped);
    json_decref(rows);
    return 0;
}

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static size_t budget(void)
{
    static size_t b;
    if (!b) {
        const char *e = getenv("OVERSIGHT_CACHE_MB");
        long mb = e && *e ? strtol(e, NULL, 10) : 64;
        b = (size_t)(mb > 0 ? mb : 0) << 20;
        if (!b) b = 1;
    }
    return b;
}

static void drop(entry_t *e)
{
    if (!e->key) return;
    used_bytes -= store_blob_len(e->v.body);
    free(e->key);
    store_blob_release(e->v.body);
    memset(e, 0, sizeof *e);
}


/* The id part of a generation ("ID:HASH"). */
static long long gen_id(const char *gen) { return strtoll(gen, NULL, 10); }

/* With mu held: key's entry, or NULL. */
static entry_t *find(const char *key)
{
    size_t h = (size_t)(fnv(key) % CACHE_SLOTS);
    for (int k = 0; k < 8; k++) {
        entry_t *e = &slots[(h + (size_t)k) % CACHE_SLOTS];
        if (e->key && strcmp(e->key, key) == 0) return e;
    }
    return NULL;
}

/* With mu held: *out from e, with a reference of the caller's. */
static void hand_out(const entry_t *e, store_cached_t *out)
{
    *out = e->v;
    out->body = store_blob_retain(e->v.body);
}

/* With mu held: 1 and *out handed out when e (may be NULL) is kept at gen,
 * noting that it was current at checked (when not NULL); else 0, dropping
 * e when it is older than gen (stale for good). */
static int take(entry_t *e, const char *gen, const char *checked, store_cached_t *out)
{
    if (e && strcmp(e->gen, gen) == 0) {
        if (checked && gen_id(checked) > gen_id(e->checked)) snprintf(e->checked, sizeof e->checked, "%s", checked);
        hand_out(e, out);
        return 1;
    }
    if (e && gen_id(e->gen) <= gen_id(gen)) drop(e);
    return 0;
}

int store_cache_get_checked(const char *key, const char *checked, store_cached_t *out, char gen[STORE_GEN_MAX])
{
    int hit = 0;
    pthread_mutex_lock(&mu);
    entry_t *e = find(key);
    if (e && strcmp(e->checked, checked) == 0) {
        hand_out(e, out);
        snprintf(gen, STORE_GEN_MAX, "%s", e->gen);
        hit = 1;
    }
    pthread_mutex_unlock(&mu);
    return hit;
}

int store_cache_confirm(const char *key, const char *gen, const char *checked, store_cached_t *out)
{
    pthread_mutex_lock(&mu);
    int hit = take(find(key), gen, checked, out);
    pthread_mutex_unlock(&mu);
    return hit;
}

int store_cache_get(const char *key, const char *gen, store_cached_t *out)
{
    pthread_mutex_lock(&mu);
    int hit = take(find(key), gen, NULL, out);
    pthread_mutex_unlock(&mu);
    return hit;
}

void store_cache_put(const char *key, const char *gen, const store_cached_t *in)
{
    store_cache_put_checked(key, gen, gen, in);
}

void store_cache_put_checked(const char *key, const char *gen, const char *checked, const store_cached_t *in)
{
    size_t len = in->body ? store_blob_len(in->body) : 0;
    if (!in->body || len > budget()) return;
    char *k = strdup(key);
    if (!k) return;
    pthread_mutex_lock(&mu);
    size_t h = (size_t)(fnv(key) % CACHE_SLOTS);
    entry_t *slot = NULL;
    int newer = 0;
    for (int j = 0; j < 8; j++) {
        entry_t *e = &slots[(h + (size_t)j) % CACHE_SLOTS];
        if (e->key && strcmp(e->key, key) == 0) {
            /* a response computed at an older generation than the one kept
             * (a slow request overtaken by a write and a faster one) is not
             * kept: the cache only moves forward */
            if (gen_id(e->gen) > gen_id(gen)) newer = 1;
            else drop(e), slot = e;
            break;
        }
        if (!e->key && !slot) slot = e;
    }
    if (!newer) {
        if (!slot) slot = &slots[h], drop(slot);
        /* over budget: make room from the start of the table */
        for (int i = 0; i < CACHE_SLOTS && used_bytes + len > budget(); i++)
            if (&slots[i] != slot) drop(&slots[i]);
        slot->key = k;
        snprintf(slot->gen, sizeof slot->gen, "%s", gen);
        snprintf(slot->checked, sizeof slot->checked, "%s", checked);
        slot->v = *in;
        slot->v.body = store_blob_retain(in->body);   /* the cache's own reference */
        used_bytes += len;
        k = NULL;
    }
    pthread_mutex_unlock(&mu);
    free(k);
}

/* ---- single flight ---------------------------------------------------- */

#define INFLIGHT_SLOTS 32

static pthread_cond_t inflight_done = PTHREAD_COND_INITIALIZER;
static struct {
    char *key;                 /* NULL = free; owned */
    char gen[STORE_GEN_MAX];
} inflight[INFLIGHT_SLOTS];

/* With mu held: the slot computing key at gen, or -1. */
static int inflight_find(const char *key, const char *gen)
{
    for (int i = 0; i < INFLIGHT_SLOTS; i++)
        if (inflight[i].key && strcmp(inflight[i].key, key) == 0 && strcmp(inflight[i].gen, gen) == 0) return i;
    return -1;
}

int store_cache_claim(const char *key, const char *gen)
{
    int rc = -1;
    pthread_mutex_lock(&mu);
    if (inflight_find(key, gen) >= 0) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 60;
        int w = 0;
        while (w == 0 && inflight_find(key, gen) >= 0) w = pthread_cond_timedwait(&inflight_done, &mu, &until);
        rc = 0;
    } else {
        for (int i = 0; i < INFLIGHT_SLOTS; i++)
            if (!inflight[i].key) {
                inflight[i].key = strdup(key);
                if (inflight[i].key) {
                    snprintf(inflight[i].gen, sizeof inflight[i].gen, "%s", gen);
                    rc = 1;
                }
                break;
            }
    }
    pthread_mutex_unlock(&mu);
    return rc;
}

void store_cache_done(const char *key, const char *gen)
{
    pthread_mutex_lock(&mu);
    int i = inflight_find(key, gen);
    if (i >= 0) {
        free(inflight[i].key);
        inflight[i].key = NULL;
    }
    pthread_cond_broadcast(&inflight_done);
    pthread_mutex_unlock(&mu);
}

void store_cache_clear(void)
{
    pthread_mutex_lock(&mu);
    for (int i = 0; i < CACHE_SLOTS; i++) drop(&slots[i]);
    used_bytes = 0;
    pthread_mutex_unlock(&mu);
}
