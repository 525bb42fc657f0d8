/*
 * candidate_keep.h: the ranking of Engage candidates (round 1 of
 * store_engage_candidates: every body's score, candidates in the rules'
 * order) kept across generations, so that after a write to one body only
 * that body is scored again (issue #18 item 2).
 *
 * A ranking is made at one whole-record generation (store/cache.h) and one
 * day (as_of: scores depend on it: overdue, dates before it). The process
 * keeps each day's latest, for a few days (the one kept at the oldest
 * generation makes room). Asked for a newer generation on a day kept, it
 * reads which bodies the audit
 * trail names between the two (one statement, as store/body_rows.c does)
 * and scores only those again (store_candidate_scores_few); every other
 * body keeps its place. It ranks every body again when that is not enough
 * to be right: an entry under no body (frameworks and levels, accounts,
 * national bodies, reports as a whole), a grade changed or removed (its
 * body is that of its inspection: a grade moved to another body's
 * inspection names only the new one), more than a few bodies named, the
 * older generation's entry gone or with another hash (another database, a
 * restore), a generation older than the one kept, or a day with no ranking
 * kept. Correct
 * only because every write that changes what a body's score reads appends
 * an entry with that body's id, or none (docs/cache.md). Round 2 (the
 * page's reasons) is read afresh for the page on every call.
 */
#ifndef OV_STORE_CANDIDATE_KEEP_H
#define OV_STORE_CANDIDATE_KEEP_H
#include "store/store.h"
#include "core/date.h"
#include "core/buf.h"
#include <jansson.h>
#include <stddef.h>

/* Engage candidates at as_of as store_engage_candidates gives them (*page,
 * a new array: candidates [offset, offset + limit); *total: all of them),
 * with the ranking made at generation gen, read after gen was (so no
 * older). *read gets how many bodies were scored from the database for it
 * (0 when the ranking kept was at gen and as_of already), *ranked how many
 * bodies the ranking has scored (candidates or not). 0 or an error. */
int store_candidates_at(store_t *s, const char *gen, const odate_t *as_of, long long offset, long long limit,
                        json_t **page, long long *total, size_t *read, size_t *ranked, ov_error_t *err);
/* The same, the page written as JSON text appended to *page (the
 * caller's; free it on every path): byte for byte the json_dumps of the
 * tree above (store_engage_candidates_text). */
int store_candidates_at_text(store_t *s, const char *gen, const odate_t *as_of, long long offset, long long limit,
                             buf_t *page, long long *total, size_t *read, size_t *ranked, ov_error_t *err);

/* Forgets the ranking kept (tests). */
void store_candidates_kept_clear(void);

#endif
