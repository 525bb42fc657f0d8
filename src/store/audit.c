/*
 * audit.c: the audit trail: appending hash-chained entries, listing them,
 * and verifying the chain (see audit.h for the canonical serialisation).
 */
#include "store/audit.h"
#include "core/buf.h"
#include "core/jget.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char GENESIS[AUDIT_HASH_HEX] = "0000000000000000000000000000000000000000000000000000000000000000";

/* Members that hold secrets (or their hashes) never reach the trail, nor
 * columns the database derives from the record by trigger (025, 026:
 * recommendations.due_first_day and due_deadline; audit_deep.c checks
 * them instead). */
void store_audit_drop_secrets(json_t *row)
{
    static const char *const secret[] = {"password_hash", "token_hash", "csrf_token", "due_first_day", "due_deadline",
                                         NULL};
    for (const char *const *k = secret; *k; k++) json_object_del(row, *k);
}

int store_audit_snapshot(store_t *s, const char *table, long long id, json_t **row, ov_error_t *err)
{
    char sql[160];
    *row = NULL;
    snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE id = ?", table);
    json_t *rows = NULL;
    int rc = store_query(s, &rows, err, sql, "i", id);
    if (rc) return rc;
    if (json_array_size(rows) > 0) {
        *row = json_incref(json_array_get(rows, 0));
        store_audit_drop_secrets(*row);
    }
    json_decref(rows);
    return 0;
}

static void put_field(crypto_hash_sha256_state *h, const char *v, size_t n)
{
    char len[32];
    if (!v) {
        crypto_hash_sha256_update(h, (const unsigned char *)"~,", 2);
        return;
    }
    int k = snprintf(len, sizeof len, "%zu:", n);
    crypto_hash_sha256_update(h, (const unsigned char *)len, (unsigned long long)k);
    crypto_hash_sha256_update(h, (const unsigned char *)v, n);
    crypto_hash_sha256_update(h, (const unsigned char *)",", 1);
}

static void put_str(crypto_hash_sha256_state *h, const char *v) { put_field(h, v, v ? strlen(v) : 0); }

static void put_int(crypto_hash_sha256_state *h, long long v, int zero_is_null)
{
    char num[32];
    if (zero_is_null && v == 0) {
        put_field(h, NULL, 0);
        return;
    }
    int k = snprintf(num, sizeof num, "%lld", v);
    put_field(h, num, (size_t)k);
}

void audit_entry_hash(long long id, const char *at, const char *actor, const char *action, const char *entity,
                      long long entity_id, long long body_id, const char *before, const char *after,
                      const char *prev_hash, char out[AUDIT_HASH_HEX])
{
    crypto_hash_sha256_state h;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_init(&h);
    put_int(&h, id, 0);
    put_str(&h, at);
    put_str(&h, actor);
    put_str(&h, action);
    put_str(&h, entity);
    put_int(&h, entity_id, 1);
    put_int(&h, body_id, 1);
    put_str(&h, before);
    put_str(&h, after);
    put_str(&h, prev_hash);
    crypto_hash_sha256_final(&h, digest);
    sodium_bin2hex(out, AUDIT_HASH_HEX, digest, sizeof digest);
}

/* Canonical JSON text of a row (sorted keys, compact), secrets dropped;
 * NULL for no row. Caller frees. */
static char *row_text(const json_t *row)
{
    if (!row || json_is_null(row)) return NULL;
    json_t *copy = json_deep_copy(row);
    if (!copy) return NULL;
    if (json_is_object(copy)) store_audit_drop_secrets(copy);
    char *t = json_dumps(copy, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    json_decref(copy);
    return t;
}

static long long row_body(const json_t *row)
{
    json_t *b = row ? json_object_get(row, "body_id") : NULL;
    return json_is_integer(b) ? json_integer_value(b) : 0;
}

int store_audit_append(store_t *s, const char *action, const char *entity, long long entity_id, long long body_id,
                       const json_t *before, const json_t *after, ov_error_t *err)
{
    if (!store_in_transaction(s))
        return ov_error_set(err, OV_EINTERNAL, "", "audit: an entry must be written in the change's transaction");
    if (sodium_init() < 0) return ov_error_set(err, OV_EINTERNAL, "", "audit: libsodium failed to start");
    if (body_id <= 0) body_id = row_body(after);
    if (body_id <= 0) body_id = row_body(before);
    json_t *last = NULL;
    long long id = 1;
    char prev[AUDIT_HASH_HEX];
    memcpy(prev, GENESIS, sizeof prev);
    /* the write lock is held (BEGIN IMMEDIATE), so the head cannot move */
    int rc = store_query_one(s, &last, err, "", "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", NULL);
    if (rc == 0) {
        id = json_integer_value(json_object_get(last, "id")) + 1;
        const char *h = json_string_value(json_object_get(last, "hash"));
        snprintf(prev, sizeof prev, "%s", h ? h : "");
        json_decref(last);
    } else if (rc != OV_ENOTFOUND) {
        return rc;
    }
    char at[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    const char *actor = store_actor(s);
    char *b = row_text(before), *a = row_text(after);
    if ((before && !json_is_null(before) && !b) || (after && !json_is_null(after) && !a)) {
        free(b);
        free(a);
        return ov_error_set(err, OV_EINTERNAL, "", "audit: out of memory");
    }
    char hash[AUDIT_HASH_HEX];
    audit_entry_hash(id, at, actor, action, entity, entity_id, body_id, b, a, prev, hash);
    json_t *p = json_pack("[I,s,s,s,s]", (json_int_t)id, at, actor, action, entity);
    json_array_append_new(p, entity_id ? json_integer(entity_id) : json_null());
    json_array_append_new(p, body_id ? json_integer(body_id) : json_null());
    json_array_append_new(p, b ? json_string(b) : json_null());
    json_array_append_new(p, a ? json_string(a) : json_null());
    json_array_append_new(p, json_string(prev));
    json_array_append_new(p, json_string(hash));
    rc = store_exec_params(s, NULL, NULL, err,
                           "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, body_id, before, after,"
                           " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", p);
    json_decref(p);
    free(b);
    free(a);
    if (rc) ov_error_prefix(err, "audit: ");
    return rc;
}

/* Replaces the JSON text in member k by its parsed value. */
static void parse_member(json_t *row, const char *k)
{
    const char *t = json_string_value(json_object_get(row, k));
    if (!t) return;
    json_t *v = json_loads(t, JSON_DECODE_ANY, NULL);
    if (v) json_object_set_new(row, k, v);
}

int store_audit_list(store_t *s, const char *entity, long long entity_id, int limit, json_t **out, ov_error_t *err)
{
    if (limit <= 0 || limit > 10000) limit = 10000;
    int rc = store_query(s, out, err,
                         "SELECT id, at, actor, action, entity, entity_id, body_id,"
                         " (SELECT code FROM bodies WHERE id = a.body_id) AS body, before, after, prev_hash, hash"
                         " FROM audit_log a WHERE (? IS NULL OR entity = ?) AND (? <= 0 OR entity_id = ?)"
                         " ORDER BY id LIMIT ?",
                         "ssiii", entity, entity, entity_id, entity_id, (long long)limit);
    if (rc) return rc;
    size_t i;
    json_t *row;
    json_array_foreach(*out, i, row) {
        parse_member(row, "before");
        parse_member(row, "after");
    }
    return 0;
}

static long long num(const json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_integer(v) ? json_integer_value(v) : 0;
}

int store_audit_verify(store_t *s, audit_verify_t *out, ov_error_t *err)
{
    memset(out, 0, sizeof *out);
    if (sodium_init() < 0) return ov_error_set(err, OV_EINTERNAL, "", "libsodium failed to start");
    char prev[AUDIT_HASH_HEX];
    memcpy(prev, GENESIS, sizeof prev);
    long long last_id = 0;
    for (;;) {
        json_t *rows = NULL;
        /* pages of 1000, so a long trail is never all in memory */
        int rc = store_query(s, &rows, err,
                             "SELECT id, at, actor, action, entity, entity_id, body_id, before, after, prev_hash, hash"
                             " FROM audit_log WHERE id > ? ORDER BY id LIMIT 1000", "i", last_id);
        if (rc) return rc;
        size_t n = json_array_size(rows);
        for (size_t i = 0; i < n && !out->bad_id; i++) {
            const json_t *r = json_array_get(rows, i);
            long long id = num(r, "id");
            char hash[AUDIT_HASH_HEX];
            long long bad = id != last_id + 1 ? last_id + 1 : id;   /* a gap: the first missing id */
            const char *stored = jget_str(r, "hash"), *stored_prev = jget_str(r, "prev_hash");
            if (id == last_id + 2)
                snprintf(out->reason, sizeof out->reason, "entry %lld is missing (deleted)", last_id + 1);
            else if (id != last_id + 1)
                snprintf(out->reason, sizeof out->reason, "entries %lld to %lld are missing (deleted)", last_id + 1,
                         id - 1);
            else if (!stored_prev || strcmp(stored_prev, prev) != 0)
                snprintf(out->reason, sizeof out->reason,
                         "prev_hash does not match the hash of entry %lld (an entry before it was changed or removed)",
                         last_id);
            else {
                audit_entry_hash(id, jget_str(r, "at"), jget_str(r, "actor"), jget_str(r, "action"),
                                 jget_str(r, "entity"), num(r, "entity_id"), num(r, "body_id"), jget_str(r, "before"),
                                 jget_str(r, "after"), prev, hash);
                if (!stored || strcmp(stored, hash) != 0)
                    snprintf(out->reason, sizeof out->reason, "its hash does not match its contents (it was changed)");
            }
            if (out->reason[0]) {
                out->bad_id = bad;
                break;
            }
            snprintf(prev, sizeof prev, "%s", stored);
            last_id = id;
            out->entries++;
        }
        json_decref(rows);
        if (out->bad_id || n < 1000) break;
    }
    if (!out->bad_id) snprintf(out->head, sizeof out->head, "%s", last_id ? prev : GENESIS);
    return 0;
}
