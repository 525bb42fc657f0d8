/*
 * evidence.c: evidence files: metadata in evidence_files, contents once per
 * SHA-256 in evidence_blobs.
 */
#include "store/evidence.h"
#include "store/audit.h"
#include "core/input.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

void evidence_sha256_hex(const void *data, size_t len, char hex[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data ? data : (const void *)"", len);
    sodium_bin2hex(hex, 65, h, sizeof h);
}

/* "type/subtype" of token characters, at most 100 bytes. */
static int mime_ok(const char *t)
{
    if (!t || strlen(t) > 100) return 0;
    const char *slash = strchr(t, '/');
    if (!slash || slash == t || !slash[1]) return 0;
    for (const char *p = t; *p; p++)
        if (!(('a' <= *p && *p <= 'z') || ('A' <= *p && *p <= 'Z') || ('0' <= *p && *p <= '9') || strchr("/.+-_", *p)))
            return 0;
    return strchr(slash + 1, '/') == NULL;
}

int store_evidence_add(store_t *s, long long update_id, const char *filename, const char *content_type,
                       const void *data, size_t len, const char *by, json_t **out, ov_error_t *err)
{
    *out = NULL;
    if (input_file_name_check(filename, err) != 0) return OV_EINVALID;
    if (len == 0) return ov_error_set(err, OV_EINVALID, "", "the file is empty");
    char type[128];
    /* parameters such as "; charset=utf-8" are dropped */
    snprintf(type, sizeof type, "%.*s", (int)strcspn(content_type ? content_type : "", "; "),
             content_type ? content_type : "");
    if (!mime_ok(type)) snprintf(type, sizeof type, "application/octet-stream");
    char hex[65];
    evidence_sha256_hex(data, len, hex);
    int own = !store_in_transaction(s);
    int rc = own ? store_begin(s, err) : 0;
    if (rc) return rc;
    json_t *row = NULL;
    rc = store_query_one(s, &row, err, "", "SELECT id FROM progress_updates WHERE id = ?", "i", update_id);
    json_decref(row);
    if (rc == OV_ENOTFOUND) rc = ov_error_set(err, OV_ENOTFOUND, "", "no progress update with id %lld", update_id);
    if (rc == 0)
        rc = store_exec(s, NULL, NULL, err, "INSERT INTO evidence_blobs (sha256, size, data) VALUES (?, ?, ?)"
                        " ON CONFLICT (sha256) DO NOTHING", "sib", hex, (long long)len, data, len);
    long long id = 0;
    if (rc == 0)
        rc = store_exec(s, NULL, &id, err,
                        "INSERT INTO evidence_files (progress_update_id, filename, content_type, size, sha256,"
                        " uploaded_by) VALUES (?, ?, ?, ?, ?, ?)",
                        "ississ", update_id, filename, type, (long long)len, hex, by);
    if (rc == 0) {
        json_t *after = NULL, *pu = NULL;
        rc = store_audit_snapshot(s, "evidence_files", id, &after, err);
        if (rc == 0) rc = store_audit_snapshot(s, "progress_updates", update_id, &pu, err);
        if (rc == 0)
            rc = store_audit_append(s, "insert", "evidence-files", id,
                                    (long long)json_integer_value(json_object_get(pu, "body_id")), NULL, after, err);
        json_decref(after);
        json_decref(pu);
    }
    if (own) {
        if (rc == 0) rc = store_commit(s, err);
        else store_rollback(s);
    }
    if (rc) return rc;
    *out = json_pack("{s:I, s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)id, "progress_update_id",
                     (json_int_t)update_id, "filename", filename, "content_type", type, "size", (json_int_t)len,
                     "sha256", hex);
    return 0;
}

int store_evidence_get(store_t *s, long long id, json_t **meta, void **data, size_t *len, ov_error_t *err)
{
    *meta = NULL;
    *data = NULL;
    *len = 0;
    int rc = store_query_one(s, meta, err, "",
                             "SELECT f.id, f.progress_update_id, f.filename, f.content_type, f.size, f.sha256,"
                             " f.uploaded_by, f.uploaded_at, b.code AS body FROM evidence_files f"
                             " JOIN progress_updates p ON p.id = f.progress_update_id JOIN bodies b ON b.id = p.body_id"
                             " WHERE f.id = ?", "i", id);
    if (rc == OV_ENOTFOUND) return ov_error_set(err, OV_ENOTFOUND, "", "no evidence file with id %lld", id);
    if (rc) return rc;
    rc = store_blob_get(s, "SELECT data FROM evidence_blobs WHERE sha256 = ?",
                        json_string_value(json_object_get(*meta, "sha256")), data, len, err);
    if (rc) {
        json_decref(*meta);
        *meta = NULL;
    }
    return rc;
}
