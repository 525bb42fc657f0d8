/*
 * snapshot.h: a body's whole monitoring record as one JSON object, in the
 * shape core/rules.h reads (see the comment there).
 */
#ifndef OV_STORE_SNAPSHOT_H
#define OV_STORE_SNAPSHOT_H
#include "store/store.h"

/* The snapshot of body `code` (new object in *out); OV_ENOTFOUND. */
int store_body_snapshot(store_t *s, const char *code, json_t **out, ov_error_t *err);

/* Snapshots of every body, by code (new array in *out). */
int store_snapshots(store_t *s, json_t **out, ov_error_t *err);

#endif
