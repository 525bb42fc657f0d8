/*
 * letter_imports.c: see letter_imports.h.
 */
#include "store/letter_imports.h"
#include "store/evidence.h"
#include "store/script.h"
#include "core/input.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOB_INSERT "INSERT INTO evidence_blobs (sha256, size, data) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING"
#define IMPORT_SELECT                                                                                                  \
    "SELECT i.id, i.review_id, b.code AS body, i.kind, i.letter_id, i.filename, i.content_type, i.size, i.sha256,"     \
    " i.steps, i.imported_by, i.imported_at FROM letter_imports i JOIN bodies b ON b.id = i.body_id"

static int review_id_ok(const char *id)
{
    if (!id || strlen(id) != 64) return 0;
    for (const char *p = id; *p; p++)
        if (!(('0' <= *p && *p <= '9') || ('a' <= *p && *p <= 'f'))) return 0;
    return 1;
}

int store_letter_import_get(store_t *s, const char *review_id, json_t **out, ov_error_t *err)
{
    *out = NULL;
    return store_query_one(s, out, err, "no import confirmed from this review", IMPORT_SELECT " WHERE i.review_id = ?",
                           "s", review_id ? review_id : "");
}

/* "type/subtype" of token characters (parameters dropped), else
 * application/octet-stream, into out (n bytes). */
static void content_type(const char *t, char *out, size_t n)
{
    snprintf(out, n, "%.*s", (int)strcspn(t ? t : "", "; "), t ? t : "");
    const char *slash = strchr(out, '/');
    int ok = out[0] && slash && slash != out && slash[1] && !strchr(slash + 1, '/') && strlen(out) <= 100;
    for (const char *p = out; ok && *p; p++)
        if (!(('a' <= *p && *p <= 'z') || ('A' <= *p && *p <= 'Z') || ('0' <= *p && *p <= '9') || strchr("/.+-_", *p)))
            ok = 0;
    if (!ok) snprintf(out, n, "application/octet-stream");
}

/* Replaces every "@label" string in the fields of steps[from..] by id. */
static void point_at(json_t *steps, size_t from, const char *label, long long id)
{
    size_t i;
    json_t *st;
    json_array_foreach(steps, i, st) {
        if (i < from) continue;
        const char *key;
        json_t *v, *fields = json_object_get(st, "fields");
        json_object_foreach(fields, key, v) {
            const char *sv = json_string_value(v);
            if (sv && sv[0] == '@' && strcmp(sv + 1, label) == 0) json_object_set_new(fields, key, json_integer(id));
        }
    }
}

/* The load document text[0..len) with each ppog-meetings step whose day
 * has a meeting already dropped and its label pointed at that meeting:
 * *out (malloc'd JSON text). A document that is not JSON goes as it is
 * (the loader says what is wrong with it). */
static int reuse_meetings(store_t *s, const char *text, size_t len, char **out, ov_error_t *err)
{
    *out = NULL;
    json_t *doc = json_loadb(text ? text : "", len, 0, NULL);
    json_t *steps = json_object_get(doc, "steps");
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < json_array_size(steps);) {
        json_t *st = json_array_get(steps, i);
        const char *entity = json_string_value(json_object_get(st, "entity"));
        const char *as = json_string_value(json_object_get(st, "as"));
        const char *held = json_string_value(json_object_get(json_object_get(st, "fields"), "held_on"));
        json_t *row = NULL;
        if (!entity || strcmp(entity, "ppog-meetings") != 0 || !as || !held) {
            i++;
            continue;
        }
        rc = store_query_one(s, &row, err, "", "SELECT id FROM ppog_meetings WHERE held_on = ? ORDER BY id LIMIT 1", "s",
                             held);
        if (rc == OV_ENOTFOUND) {
            memset(err, 0, sizeof *err);
            rc = 0;
            i++;
            continue;
        }
        if (rc == 0) {
            long long id = (long long)json_integer_value(json_object_get(row, "id"));
            char *label = strdup(as);
            json_array_remove(steps, i);   /* st (and as) go with it */
            if (label) point_at(steps, i, label, id);
            else rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
            free(label);
        }
        json_decref(row);
    }
    if (rc == 0) *out = doc ? json_dumps(doc, JSON_COMPACT) : strndup(text ? text : "", len);
    json_decref(doc);
    if (rc == 0 && !*out) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    return rc;
}

int store_letter_import(store_t *s, const store_letter_import_t *in, json_t **out, ov_error_t *err)
{
    *out = NULL;
    if (!review_id_ok(in->review_id))
        return ov_error_set(err, OV_EINVALID, "review_id", "the review's id is not 64 hex digits");
    if (input_file_name_check(in->filename, err) != 0) return OV_EINVALID;
    if (!in->data || in->len == 0) return ov_error_set(err, OV_EINVALID, "file", "the letter file is empty");
    char type[128], hex[65];
    content_type(in->content_type, type, sizeof type);
    evidence_sha256_hex(in->data, in->len, hex);

    store_tx_t tx;
    int rc = store_tx_begin(s, &tx, err);
    if (rc) return rc;
    json_t *row = NULL, *labels = NULL;
    /* confirmed before: the earlier import, nothing written */
    rc = store_letter_import_get(s, in->review_id, &row, err);
    if (rc == 0) {
        store_tx_end(s, &tx, OV_ECONFLICT, err);
        *out = row;
        return ov_error_set(err, OV_ECONFLICT, "review_id", "this review was confirmed before (import %lld)",
                            (long long)json_integer_value(json_object_get(row, "id")));
    }
    memset(err, 0, sizeof *err);
    long long body_id = 0;
    rc = store_query_one(s, &row, err, "", "SELECT id FROM bodies WHERE code = ?", "s", in->body ? in->body : "");
    if (rc == 0) body_id = (long long)json_integer_value(json_object_get(row, "id"));
    else if (rc == OV_ENOTFOUND) rc = ov_error_set(err, OV_ENOTFOUND, "body", "no body with code '%.64s'", in->body ? in->body : "");
    json_decref(row);
    row = NULL;
    int steps = 0;
    char *load = NULL;
    if (rc == 0) rc = reuse_meetings(s, in->load, in->load_len, &load, err);
    if (rc == 0) rc = store_load_script_labels(s, load, strlen(load), &steps, &labels, err);
    free(load);
    if (rc == 0) rc = store_exec(s, NULL, NULL, err, BLOB_INSERT, "sib", hex, (long long)in->len, in->data, in->len);
    json_t *letter = json_object_get(labels, "letter");
    long long id = 0;
    if (rc == 0) {
        /* no letter step (a causes of concern publication): letter_id null */
        json_t *params = json_pack("[s, I, O, s, s, s, I, s, i, s, s?]", in->review_id, (json_int_t)body_id,
                                   json_is_integer(letter) ? letter : json_null(), in->kind ? in->kind : "unknown",
                                   in->filename, type, (json_int_t)in->len, hex, steps,
                                   in->draft ? in->draft : "{}", in->by);
        rc = params ? store_exec_params(s, NULL, &id, err,
                                        "INSERT INTO letter_imports (review_id, body_id, letter_id, kind, filename,"
                                        " content_type, size, sha256, steps, draft, imported_by)"
                                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                        params)
                    : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        json_decref(params);
    }
    if (rc == 0) rc = store_letter_import_get(s, in->review_id, &row, err);
    json_decref(labels);
    rc = store_tx_end(s, &tx, rc, err);
    if (rc) {
        json_decref(row);
        return rc;
    }
    *out = row;
    return 0;
}
