/*
 * evidence.c: evidence files: metadata in evidence_files, contents once per
 * SHA-256 in evidence_blobs. An upload's contents come from memory or, for
 * the server's uploads, from a file read in pieces (store_evidence_add_file).
 */
#include "store/evidence.h"
#include "store/audit.h"
#include "store/entity.h"
#include "core/input.h"
#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOB_INSERT "INSERT INTO evidence_blobs (sha256, size, data) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING"

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

/* The lowercase hex SHA-256 of the len bytes of fd from offset 0, read
 * STORE_BLOB_CHUNK bytes at a time. 0, or an error. */
static int sha256_fd_hex(int fd, size_t len, char hex[65], ov_error_t *err)
{
    crypto_hash_sha256_state h;
    unsigned char digest[crypto_hash_sha256_BYTES];
    char *chunk = malloc(STORE_BLOB_CHUNK);
    int rc = 0;
    if (!chunk) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    crypto_hash_sha256_init(&h);
    for (size_t off = 0; off < len && rc == 0;) {
        size_t want = len - off < STORE_BLOB_CHUNK ? len - off : STORE_BLOB_CHUNK;
        ssize_t k = pread(fd, chunk, want, (off_t)off);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) rc = ov_error_set(err, OV_EINTERNAL, "", "reading the upload's file: %s",
                                      k < 0 ? strerror(errno) : "it is shorter than announced");
        else {
            crypto_hash_sha256_update(&h, (const unsigned char *)chunk, (unsigned long long)k);
            off += (size_t)k;
        }
    }
    crypto_hash_sha256_final(&h, digest);
    if (rc == 0) sodium_bin2hex(hex, 65, digest, sizeof digest);
    free(chunk);
    return rc;
}

/* store_evidence_add with the contents at data, or (data NULL) in fd. */
static int evidence_add(store_t *s, long long update_id, const char *filename, const char *content_type,
                        const void *data, int fd, size_t len, const char *by, json_t **out, ov_error_t *err)
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
    if (data) evidence_sha256_hex(data, len, hex);
    else if (sha256_fd_hex(fd, len, hex, err) != 0) return err->status;
    store_tx_t tx;
    int rc = store_tx_begin(s, &tx, err);
    if (rc) return rc;
    json_t *row = NULL;
    rc = store_query_one(s, &row, err, "", "SELECT id FROM progress_updates WHERE id = ?", "i", update_id);
    json_decref(row);
    if (rc == OV_ENOTFOUND) rc = ov_error_set(err, OV_ENOTFOUND, "", "no progress update with id %lld", update_id);
    int inserted = 0;   /* 0 too when the same contents were stored before */
    if (rc == 0 && data) rc = store_exec(s, NULL, NULL, err, BLOB_INSERT, "sib", hex, (long long)len, data, len);
    else if (rc == 0) rc = store_blob_insert_fd(s, BLOB_INSERT, "evidence_blobs", "data", hex, fd, len, &inserted, err);
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
    rc = store_tx_end(s, &tx, rc, err);
    if (rc) return rc;
    *out = json_pack("{s:I, s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)id, "progress_update_id",
                     (json_int_t)update_id, "filename", filename, "content_type", type, "size", (json_int_t)len,
                     "sha256", hex);
    return 0;
}

int store_evidence_add(store_t *s, long long update_id, const char *filename, const char *content_type,
                       const void *data, size_t len, const char *by, json_t **out, ov_error_t *err)
{
    return evidence_add(s, update_id, filename, content_type, data ? data : "", -1, len, by, out, err);
}

int store_evidence_add_file(store_t *s, long long update_id, const char *filename, const char *content_type, int fd,
                            size_t len, const char *by, json_t **out, ov_error_t *err)
{
    return evidence_add(s, update_id, filename, content_type, NULL, fd, len, by, out, err);
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

int store_progress_insert_with_files(store_t *s, const entity_def_t *e, json_t *in, const store_authz_t *authz,
                                     const evidence_upload_t *files, size_t n, const char *by, long long *id_out,
                                     ov_error_t *err)
{
    *id_out = 0;
    store_tx_t tx;
    long long id = 0;
    int rc = store_tx_begin(s, &tx, err);
    if (rc) return rc;
    rc = store_entity_insert(s, e, in, authz, &id, err);   /* joins this transaction */
    for (size_t i = 0; rc == 0 && i < n; i++) {
        json_t *out = NULL;
        rc = store_evidence_add_file(s, id, files[i].filename, files[i].content_type, files[i].fd, files[i].len, by,
                                     &out, err);
        json_decref(out);
        /* the file's problem is the form's file field's */
        if (rc == OV_EINVALID) snprintf(err->field, sizeof err->field, "file");
    }
    rc = store_tx_end(s, &tx, rc, err);
    if (rc == 0) *id_out = id;
    return rc;
}

int store_evidence_for_claim(store_t *s, const char *body, long long rec_id, json_t **rows, ov_error_t *err)
{
    return store_query(s, rows, err,
                       "SELECT f.id, f.filename, f.size, p.id AS progress_update_id, p.submitted_on,"
                       " p.recommendation_id,"
                       " CASE WHEN f.id IN (SELECT e.evidence_file_id FROM status_change_evidence e"
                       "  WHERE e.status_change_id = (SELECT max(sc.id) FROM status_changes sc"
                       "   WHERE sc.entity = 'recommendations' AND sc.entity_id = ? AND sc.to_status = 'implemented'))"
                       " THEN 1 ELSE 0 END AS cited"
                       " FROM evidence_files f JOIN progress_updates p ON p.id = f.progress_update_id"
                       " JOIN bodies b ON b.id = p.body_id WHERE b.code = ?"
                       " ORDER BY 7 DESC, CASE WHEN p.recommendation_id = ? THEN 0 ELSE 1 END, f.id DESC LIMIT 500",
                       "isi", rec_id, body, rec_id);
}
