/*
 * deadlines.h: what may be due across bodies, read into plain rows for
 * rules_deadline_items (core/rules.h): the same bounded queries as
 * store_deadline_snapshots (snapshot.h), without JSON.
 */
#ifndef OV_STORE_DEADLINES_H
#define OV_STORE_DEADLINES_H
#include "store/store.h"
#include "core/rules.h"
#include "core/text_blocks.h"

/* The rows and the memory of their strings (owned; store_due_rows_free). */
typedef struct {
    rules_due_row_t *v;
    size_t n, cap;
    text_block_t *blocks;        /* the strings' memory */
} store_due_rows_t;

/* Per body (of code, or all when NULL) the items rules_deadline_items
 * would list for today/before (days, YYYY-MM-DD): recommendations not
 * closed with a current deadline before `before` (with their cause's
 * ordinal), plan items not done with a target before it, and reports whose
 * PCC response is due before it (pcc_cutoff =
 * rules_pcc_published_cutoff(before)); each kind the first `limit` in the
 * rules' order, recommendations first, then plan items, then reports.
 * theme (a code; NULL: any) and priority (1: only flagged) keep the
 * recommendations that match and leave out the other kinds when either is
 * set (sql/017). *out is emptied first; free it with store_due_rows_free
 * on every path. 0 or an error. */
int store_deadline_rows(store_t *s, const char *code, const char *today, const char *before, const char *pcc_cutoff,
                        long long limit, const char *theme, int priority, store_due_rows_t *out, ov_error_t *err);

void store_due_rows_free(store_due_rows_t *r);

#endif
