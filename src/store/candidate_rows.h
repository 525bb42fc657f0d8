/*
 * candidate_rows.h: the ranking round of Engage candidates on plain rows
 * (candidate_rows.c), used by store_engage_candidates (snapshot.c).
 */
#ifndef OV_STORE_CANDIDATE_ROWS_H
#define OV_STORE_CANDIDATE_ROWS_H
#include "store/store.h"
#include "core/text_blocks.h"
#include "core/rules.h"

/* A body of the round that is a candidate, with its score; code borrowed
 * from the scores' memory. */
typedef struct {
    long long score, body_id;
    const char *code;
} store_ca_score_t;

/* The candidates of one round, in body id order (owned;
 * store_ca_scores_free). */
typedef struct {
    store_ca_score_t *v;
    size_t n;
    size_t scored;  /* the bodies scored (not retired, ids in the range), candidates or not */
    text_block_t *blocks;   /* the codes' memory */
} store_ca_scores_t;

/* Scores every body (not retired) with ids in [lo, hi] at as_of as
 * rules_engage_score would over its whole snapshot, by
 * rules_engage_score_plain (levels: an object holding "levels",
 * store_levels_json); cut_next
 * is the day after as_of's first day, cut by day_cut (snapshot.c). *out (emptied first) gets the candidates; free it
 * on every path. 0 or an error. */
int store_candidate_scores(store_t *s, long long lo, long long hi, const odate_t *as_of, const char *cut_next, const json_t *levels,
                           store_ca_scores_t *out, ov_error_t *err);

/* The same scores, for a short range of ids (a few bodies, one body: lo =
 * hi): each body's overdue recommendations counted directly on its own
 * rows (recommendations_by_body_due), not corrected from the stored counts
 * by reads across all bodies as above (store/candidate_keep.c). */
int store_candidate_scores_few(store_t *s, long long lo, long long hi, const odate_t *as_of, const char *cut_next,
                               const json_t *levels, store_ca_scores_t *out, ov_error_t *err);

void store_ca_scores_free(store_ca_scores_t *sc);

/* Below this many recommendations due on or after as_of, issued after it
 * or closed after it, the overdue are counted from the stored counts of
 * those not closed (migration 027), corrected by these; else directly
 * from the index of due days (candidate_rows.c). Tests set 0 to take the
 * second way. */
extern long long store_candidate_future_few;

#endif
