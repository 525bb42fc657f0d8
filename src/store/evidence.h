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

/* The attachment's metadata (*meta, new object, with "body" code) and its
 * bytes (*data, malloc'd, *len; caller frees). OV_ENOTFOUND. */
int store_evidence_get(store_t *s, long long id, json_t **meta, void **data, size_t *len, ov_error_t *err);

/* Lowercase hex SHA-256 of data into hex (65 bytes). */
void evidence_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
