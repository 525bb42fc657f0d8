/*
 * snapshot.h: a body's whole monitoring record as one JSON object, in the
 * shape core/rules.h reads (see the comment there).
 */
#ifndef OV_STORE_SNAPSHOT_H
#define OV_STORE_SNAPSHOT_H
#include "store/store.h"
#include "core/text_blocks.h"
#include "core/date.h"
#include "core/buf.h"
#include "core/rules.h"

/* The snapshot of body `code` (new object in *out); OV_ENOTFOUND. */
int store_body_snapshot(store_t *s, const char *code, json_t **out, ov_error_t *err);

/* Snapshots of every body, by code (new array in *out). */
int store_snapshots(store_t *s, json_t **out, ov_error_t *err);

/* Slim snapshots for rules_deadlines only, bounded in SQL: per body (of
 * code, or all when NULL) the items that rules_deadlines would list for
 * today/before (days, YYYY-MM-DD): recommendations not closed with a current
 * deadline before `before`, plan items not done with a target before it,
 * and reports whose PCC response is due before it (pcc_cutoff =
 * rules_pcc_published_cutoff(before)), each kind the first `limit` in the rules' order (due day, code),
 * plus the body's causes (ids in order, for the labels). New array in *out. */
int store_deadline_snapshots(store_t *s, const char *code, const char *today, const char *before,
                             const char *pcc_cutoff, long long limit, json_t **out, ov_error_t *err);
/* The same, with the filters of sql/017: theme (a code; NULL: any) and
 * priority (1: only flagged) keep the recommendations that match and leave
 * out plan items and PCC responses (they carry neither) when either is set. */
int store_deadline_snapshots_filtered(store_t *s, const char *code, const char *today, const char *before,
                                      const char *pcc_cutoff, long long limit, const char *theme, int priority,
                                      json_t **out, ov_error_t *err);

/* Slim snapshots for ranking Engage candidates (rules_engage_score) only,
 * of the bodies with ids in [lo_id, hi_id], by id: body_id, code, phase and
 * periods; their inspections (with grades and PCC response day), causes and
 * indicators without what only the reasons read (names, titles, units); of
 * their recommendations overdue at as_of (day, YYYY-MM-DD: issued by it,
 * not closed by it, current deadline before it) one stand-in (its current
 * deadline alone) and "overdue_more" (how many others). Rows keep their
 * body_id column; lists are left out when empty. New array in *out. */
int store_candidate_snapshots(store_t *s, long long lo_id, long long hi_id, const char *as_of, json_t **out,
                              ov_error_t *err);

/* Snapshots for rules_engage_candidates of the n bodies ids (read a few
 * dozen at a time): as above, but with names, kinds, titles and units, and
 * every recommendation overdue at as_of. New array in *out, by id within
 * each few dozen. */
int store_candidate_page_snapshots(store_t *s, const long long *ids, size_t n, const char *as_of, json_t **out,
                                   ov_error_t *err);

/* The page's snapshots as store_candidate_page_snapshots gives them, but
 * their overdue recommendations read as plain rows (no JSON object each),
 * for rules_engage_candidates_write_rows. Owned: store_ca_page_free. */
typedef struct {
    json_t *snaps;            /* the snapshots, without "recommendations" */
    rules_ca_recs_t *recs;    /* parallel to snaps: each body's recommendations */
    rules_ca_rec_t *v;        /* all of them, recs[i] pointing in */
    size_t n, cap;
    text_block_t *blocks;     /* their text */
} store_ca_page_t;

int store_candidate_page_rows(store_t *s, const long long *ids, size_t n, const char *as_of, store_ca_page_t *out,
                              ov_error_t *err);
void store_ca_page_free(store_ca_page_t *p);

/* Bodies read per round by store_engage_candidates. */
#define STORE_CANDIDATES_CHUNK 100000

/* Engage candidates at as_of, exactly as rules_engage_candidates gives them
 * over every body's whole snapshot (score descending, then code), but read
 * in rounds of `chunk` bodies (<= 0: STORE_CANDIDATES_CHUNK) of plain rows
 * (store_candidate_scores, candidate_rows.h: overdue recommendations
 * counted, not read) scored by rules_engage_score_plain, keeping only the
 * first offset + limit scores; then
 * the page's bodies are read in full for the reasons. Memory is bounded by the round and the page, not by the
 * number of bodies. Not one read transaction: a write between the rounds
 * may show in the page (the response cache drops it with that write). *page
 * (new array) gets candidates [offset, offset + limit), *total the number
 * of all candidates. */
int store_engage_candidates(store_t *s, const odate_t *as_of, long long offset, long long limit, long long chunk,
                            json_t **page, long long *total, ov_error_t *err);

/* The same, the page written as JSON text (rules_engage_candidates_write_rows:
 * byte for byte the json_dumps of store_engage_candidates's page, with no
 * tree, the page's overdue recommendations read as rows by
 * store_candidate_page_rows) appended to *page (the caller's; free it on
 * every path). */
int store_engage_candidates_text(store_t *s, const odate_t *as_of, long long offset, long long limit, long long chunk,
                                 buf_t *page, long long *total, ov_error_t *err);

/* day (YYYY-MM-DD) cut as the candidates' statements compare it: without
 * a trailing "-01", and then another ("2025-03-01" -> "2025-03"). */
void store_day_cut(const char *day, char out[DATE_TEXT_MAX]);

/* The smallest and largest body id (0, 0 when there are no bodies). */
int store_body_id_range(store_t *s, long long *lo, long long *hi, ov_error_t *err);

#endif
