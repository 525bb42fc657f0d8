/*
 * evidence.h: files a body attaches to its progress updates, kept with
 * their SHA-256 (libsodium) so anyone can check a file is the one sent.
 */
#ifndef OV_STORE_EVIDENCE_H
#define OV_STORE_EVIDENCE_H
#include <stddef.h>
#include "store/store.h"
#include "core/input.h"

#define EVIDENCE_FILENAME_MAX INPUT_FILE_NAME_MAX   /* core/input.h */

/* Stores data[0..len) as evidence of progress update `update_id`, in one
 * transaction. filename is checked by input_file_name_check (core/input.h:
 * OV_EINVALID, field "filename"); content_type is recorded as given when it
 * looks like "type/subtype", else "application/octet-stream". *out gets the new
 * attachment {id, filename, content_type, size, sha256}. */
int store_evidence_add(store_t *s, long long update_id, const char *filename, const char *content_type,
                       const void *data, size_t len, const char *by, json_t **out, ov_error_t *err);

/* The same with the contents in file fd (its len bytes from offset 0;
 * fd stays the caller's): hashed and stored STORE_BLOB_CHUNK bytes at a
 * time (store_blob_insert_fd), so the file is not held in memory (on
 * SQLite; on PostgreSQL see store_blob_insert_fd). */
int store_evidence_add_file(store_t *s, long long update_id, const char *filename, const char *content_type, int fd,
                            size_t len, const char *by, json_t **out, ov_error_t *err);

/* One uploaded file, in a temporary file of the caller's. */
typedef struct evidence_upload {
    const char *filename, *content_type;
    int fd;                 /* its len bytes from offset 0; stays the caller's */
    size_t len;
} evidence_upload_t;

/* A new progress update (`in`, as store_entity_insert takes it: e is the
 * progress-updates descriptor) and its n files as its evidence, all in ONE
 * transaction: a refused file (its name, empty: OV_EINVALID naming
 * "file") leaves neither the update nor any file. *id_out gets the
 * update's id. The files are read STORE_BLOB_CHUNK bytes at a time, as
 * store_evidence_add_file reads them. */
struct entity_def;
struct store_authz;
int store_progress_insert_with_files(store_t *s, const struct entity_def *e, json_t *in,
                                     const struct store_authz *authz, const evidence_upload_t *files, size_t n,
                                     const char *by, long long *id_out, ov_error_t *err);

/* The evidence files of body's progress updates that a claim or a closure
 * of recommendation rec_id may rest on, at most 500: [{id, filename, size,
 * progress_update_id, submitted_on, recommendation_id, cited}], the files
 * the recommendation's latest claim of implemented names first (cited 1),
 * then those of its own progress updates, then the newest. New array. */
int store_evidence_for_claim(store_t *s, const char *body, long long rec_id, json_t **rows, ov_error_t *err);

/* The attachment's metadata (*meta, new object, with "body" code) and its
 * bytes (*data, malloc'd, *len; caller frees). OV_ENOTFOUND. */
int store_evidence_get(store_t *s, long long id, json_t **meta, void **data, size_t *len, ov_error_t *err);

/* Lowercase hex SHA-256 of data into hex (65 bytes). */
void evidence_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
