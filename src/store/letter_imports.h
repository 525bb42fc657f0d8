/*
 * letter_imports.h: a letter confirmed into the record from the import
 * review screen (/import, src/web/page_import.c): the record the reviewed
 * draft yields, loaded as `oversight load` loads a file (store/script.h),
 * and the letter file kept as evidence with its SHA-256, in one
 * transaction; and the review's id, so that a review confirmed twice is
 * written once (migration 017).
 */
#ifndef OV_STORE_LETTER_IMPORTS_H
#define OV_STORE_LETTER_IMPORTS_H
#include <stddef.h>
#include <jansson.h>
#include "store/store.h"

typedef struct store_letter_import {
    const char *review_id;      /* 64 hex digits, unique per review */
    const char *body;           /* the body's code */
    const char *kind;           /* the letter's kind as confirmed ("return_to_scan", ...) */
    const char *filename;       /* checked by input_file_name_check (field "filename") */
    const char *content_type;   /* "type/subtype" kept; else application/octet-stream */
    const void *data;           /* the letter file as uploaded */
    size_t len;
    const char *load;           /* the `oversight load` document (JSON text) */
    size_t load_len;
    const char *draft;          /* the draft as confirmed (JSON text), kept as it is */
    const char *by;             /* who confirmed; may be NULL */
} store_letter_import_t;

/* Confirms one review, all or nothing. A PPOG meeting step whose day the
 * record holds a meeting on already is dropped, and its label names that
 * meeting (one meeting a day, however many letters mention it). *out gets a new object {id,
 * review_id, body, kind, letter_id (or null), filename, content_type, size,
 * sha256, steps}. Errors: OV_ECONFLICT when review_id was confirmed before
 * (*out is then that import, nothing is written); OV_ENOTFOUND field body;
 * OV_EINVALID (an empty file, a bad name, a bad review id, or a step the
 * loader refuses: err as store_load_script sets it). */
int store_letter_import(store_t *s, const store_letter_import_t *in, json_t **out, ov_error_t *err);

/* The import confirmed from review_id: *out a new object as above, or
 * OV_ENOTFOUND. */
int store_letter_import_get(store_t *s, const char *review_id, json_t **out, ov_error_t *err);

#endif
