/*
 * cache.c: the response cache of cache.h: an open-addressed table of
 * CACHE_SLOTS entries under one mutex, every entry of the current
 * generation; the data generation from the audit trail.
 */
#include "store/cache.h"
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_SLOTS 512

typedef struct {
    char *key;                 /* NULL = free */
    store_cached_t v;          /* body owned */
} entry_t;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static entry_t slots[CACHE_SLOTS];
static char current[STORE_GEN_MAX];   /* the generation of every entry */
static size_t used_bytes;

int store_data_generation(store_t *s, char out[STORE_GEN_MAX], ov_error_t *err)
{
    json_t *rows = NULL;
    int rc = store_query(s, &rows, err, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", NULL);
    if (rc) return rc;
    json_t *r = json_array_get(rows, 0);
    snprintf(out, STORE_GEN_MAX, "%lld:%.64s", r ? (long long)json_integer_value(json_object_get(r, "id")) : 0LL,
             r && json_string_value(json_object_get(r, "hash")) ? json_string_value(json_object_get(r, "hash")) : "");
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
    used_bytes -= e->v.len;
    free(e->key);
    free(e->v.body);
    memset(e, 0, sizeof *e);
}

/* With mu held: a newer generation empties the table. */
static void see_generation(const char *gen)
{
    if (strcmp(gen, current) == 0) return;
    for (int i = 0; i < CACHE_SLOTS; i++) drop(&slots[i]);
    used_bytes = 0;
    snprintf(current, sizeof current, "%s", gen);
}

int store_cache_get(const char *key, const char *gen, store_cached_t *out)
{
    int hit = 0;
    pthread_mutex_lock(&mu);
    if (strcmp(gen, current) == 0) {
        size_t h = (size_t)(fnv(key) % CACHE_SLOTS);
        for (int k = 0; k < 8; k++) {
            entry_t *e = &slots[(h + (size_t)k) % CACHE_SLOTS];
            if (e->key && strcmp(e->key, key) == 0) {
                *out = e->v;
                out->body = malloc(e->v.len ? e->v.len : 1);
                if (out->body) {
                    memcpy(out->body, e->v.body, e->v.len);
                    hit = 1;
                }
                break;
            }
        }
    }
    pthread_mutex_unlock(&mu);
    return hit;
}

void store_cache_put(const char *key, const char *gen, const store_cached_t *in)
{
    if (in->len > budget()) return;
    char *k = strdup(key), *body = malloc(in->len ? in->len : 1);
    if (!k || !body) {
        free(k);
        free(body);
        return;
    }
    memcpy(body, in->body, in->len);
    pthread_mutex_lock(&mu);
    /* a response computed while a write landed is newer than gen, never older:
     * kept only while gen is current */
    if (strcmp(gen, current) != 0) {
        /* only move forward: the generation's id (before ':') must not go back */
        if (strtoll(gen, NULL, 10) >= strtoll(current, NULL, 10)) see_generation(gen);
    }
    if (strcmp(gen, current) == 0) {
        size_t h = (size_t)(fnv(key) % CACHE_SLOTS);
        entry_t *slot = NULL;
        for (int j = 0; j < 8; j++) {
            entry_t *e = &slots[(h + (size_t)j) % CACHE_SLOTS];
            if (e->key && strcmp(e->key, key) == 0) { drop(e); slot = e; break; }
            if (!e->key && !slot) slot = e;
        }
        if (!slot) slot = &slots[h], drop(slot);
        /* over budget: make room from the start of the table */
        for (int i = 0; i < CACHE_SLOTS && used_bytes + in->len > budget(); i++) drop(&slots[i]);
        slot->key = k;
        slot->v = *in;
        slot->v.body = body;
        used_bytes += in->len;
        k = NULL;
        body = NULL;
    }
    pthread_mutex_unlock(&mu);
    free(k);
    free(body);
}

void store_cache_clear(void)
{
    pthread_mutex_lock(&mu);
    for (int i = 0; i < CACHE_SLOTS; i++) drop(&slots[i]);
    used_bytes = 0;
    current[0] = '\0';
    pthread_mutex_unlock(&mu);
}
