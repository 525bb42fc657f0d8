/*
 * audit.h: the append-only, hash-chained audit trail (sql/006_audit.sql).
 *
 * Every write in the store (generic entity insert/update, rule-checked
 * actions, phase decisions, letters, accounts) appends one entry per changed
 * row inside the same transaction: when, who (store_actor), what, and the raw
 * row before and after as JSON text. Secrets (password and token hashes) are
 * never written here.
 *
 * The chain: entry n's hash is SHA-256 (libsodium crypto_hash_sha256, hex)
 * of the canonical serialisation of its fields
 *   id, at, actor, action, entity, entity_id, body_id, before, after, prev_hash
 * each written as a netstring "LEN:BYTES," (LEN the decimal byte count;
 * integers in decimal; SQL NULL as "~,"), concatenated in that order. Entry
 * 1's prev_hash is 64 zeros; entry n's is entry n-1's hash; ids run from 1
 * without gaps. Anyone can recompute it from the table alone.
 */
#ifndef OV_STORE_AUDIT_H
#define OV_STORE_AUDIT_H
#include "store/store.h"

#define AUDIT_HASH_HEX 65   /* 64 hex digits and NUL */

/* Row `id` of `table` (a constant identifier, never input) as a new JSON
 * object of its raw columns, or *row = NULL when there is no such row.
 * Columns named password_hash or token_hash are left out. */
int store_audit_snapshot(store_t *s, const char *table, long long id, json_t **row, ov_error_t *err);

/* Drops the members of row that never reach the trail: password_hash,
 * token_hash, csrf_token, and due_first_day (derived by trigger, 025). */
void store_audit_drop_secrets(json_t *row);

/* Appends an entry (inside the caller's transaction; OV_EINTERNAL if none
 * is open). before/after: raw rows or NULL (insert: before NULL). body_id:
 * the body the row belongs to, 0 = none or unknown (taken from a "body_id"
 * member of after/before when 0). Password and token hash members are
 * dropped from the JSON. */
int store_audit_append(store_t *s, const char *action, const char *entity, long long entity_id, long long body_id,
                       const json_t *before, const json_t *after, ov_error_t *err);

/* Entries as a new JSON array, oldest first, before/after parsed back into
 * JSON. entity NULL = all; entity_id <= 0 = all of the entity. limit <= 0
 * or > 10000 means 10000. */
int store_audit_list(store_t *s, const char *entity, long long entity_id, int limit, json_t **out, ov_error_t *err);

/* Result of store_audit_verify. */
typedef struct audit_verify {
    long long entries;        /* entries checked */
    long long bad_id;         /* first bad entry's id (0 when intact) */
    char reason[200];         /* why it is bad */
    char head[AUDIT_HASH_HEX];/* the last entry's hash (when intact) */
} audit_verify_t;

/* Recomputes the whole chain. Returns 0 when it could be read (then
 * out->bad_id says whether it is intact), else an error. */
int store_audit_verify(store_t *s, audit_verify_t *out, ov_error_t *err);

/* The data against the trail (`oversight audit verify --deep`,
 * audit_deep.c). The trail holds, for each row it describes, the row as
 * every audited write left it (the entry's `after`); replaying it, the
 * last entry of each (entity, entity_id) is what the row must be now.
 * Compared: every row of every audited table (the entities of the record,
 * entity_defs.c, and bodies, decisions, users, api_tokens) with the last
 * `after` of its trail, column by column, secrets dropped as in the trail
 * and bookkeeping columns written without an entry left out (api_tokens
 * last_used_at); a column the entry lacks (added by a later migration)
 * must be null. Each disagreement is reported as one line through
 * `report` (return non-zero to stop): a row that differs (naming each
 * column, its value now and the trail's), a row with no trail, a row the
 * trail says exists that is missing. Runs in one read snapshot
 * (store_begin_read), in pages, so writers go on and memory stays small. */
typedef int (*audit_deep_report_fn)(void *ctx, const char *line);

typedef struct audit_deep {
    long long tables;         /* tables compared */
    long long rows;           /* rows compared (present in the table or in the trail) */
    long long differing;      /* lines reported */
    long long bulk;           /* rows without a trail of their own that a bulk load's entry
                               * names (an open-data import, `oversight synth`): counted, not
                               * compared (no image of the row was kept) */
} audit_deep_t;

/* Returns 0 when the comparison ran (out->differing says whether the data
 * agree), else an error. */
int store_audit_verify_deep(store_t *s, audit_deep_report_fn report, void *ctx, audit_deep_t *out, ov_error_t *err);

/* The hash of one entry's fields (the canonical serialisation above) as
 * hex into out. NULL strings are SQL NULL; entity_id/body_id 0 are NULL. */
void audit_entry_hash(long long id, const char *at, const char *actor, const char *action, const char *entity,
                      long long entity_id, long long body_id, const char *before, const char *after,
                      const char *prev_hash, char out[AUDIT_HASH_HEX]);

#endif
