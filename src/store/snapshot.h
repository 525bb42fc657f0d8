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

/* Slim snapshots for rules_deadlines only, bounded in SQL: per body (of
 * code, or all when NULL) the items that rules_deadlines would list for
 * today/before (days, YYYY-MM-DD): recommendations not closed with a current
 * deadline before `before`, plan items not done with a target before it,
 * and reports whose PCC response is due before it (pcc_cutoff = before - 56
 * days), each kind the first `limit` in the rules' order (due day, code),
 * plus the body's causes (ids in order, for the labels). New array in *out. */
int store_deadline_snapshots(store_t *s, const char *code, const char *today, const char *before,
                             const char *pcc_cutoff, long long limit, json_t **out, ov_error_t *err);

#endif
