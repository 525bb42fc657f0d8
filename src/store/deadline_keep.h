/*
 * deadline_keep.h: the rows the deadlines list is built from
 * (store_deadline_rows, store/deadlines.h) kept across generations, so that
 * after a write to one body only that body's rows are read again (issue #18
 * item 2).
 *
 * A set is every row of each kind (recommendations, plan items, reports
 * owing a PCC response) due before `before` on `today`, in the rules'
 * order, read at one whole-record generation (store/cache.h) for one
 * (today, before, PCC cut-off). The process keeps the latest set of a few
 * such days. Asked for a newer generation, it reads which bodies the audit
 * trail names between the two (store_trail_bodies_between: one statement),
 * reads again those bodies' rows only (store_deadline_rows of one code)
 * and splices them in, each kind kept in the order its SQL gives: by due
 * day (the deadline's first day, the plan target's first day, the
 * publication day), then body code (bytes), then (recommendations) issued
 * day, then id, a total order. Every other row is shared with the older
 * set. It reads every row again when that is not enough to be right: an
 * entry under no body, more than 32 bodies named, the older generation's
 * entry gone or with another hash (another database, a restore), a
 * generation older than the one kept, a body named that cannot be found,
 * 8 splices in a row (each holds its parent's strings: the chain is
 * bounded), or a day not kept. Correct only because every write that
 * changes a body's due rows appends an entry with that body's id, or none,
 * and a body's code never changes (docs/cache.md).
 *
 * A set is bounded: more than STORE_DL_KEEP_MAX rows of one kind and the
 * day is marked "too many" (kept until the day changes): callers then read
 * per request (store_deadline_rows with their page's limit).
 */
#ifndef OV_STORE_DEADLINE_KEEP_H
#define OV_STORE_DEADLINE_KEEP_H
#include "store/store.h"
#include "store/deadlines.h"
#include <stddef.h>

/* Rows of one kind kept at most. */
#define STORE_DL_KEEP_MAX 50000

/* An immutable, reference-counted set (readers need no lock). */
typedef struct store_dl_kept store_dl_kept_t;

/* What making a reply from the keep cost: rows read from the database
 * (0 when the set kept was at gen already), rows kept (every kind), and
 * bodies read again (whole: every body, read is then every row). */
typedef struct {
    size_t read, kept, bodies;
    int whole;
} store_dl_keep_info_t;

/* The rows store_deadline_rows(s, NULL, today, before, pcc_cutoff, limit,
 * NULL, 0, ...) gives, the same rows in the same order (each kind's first
 * `limit`), made from the set kept at generation gen (read after gen was,
 * so no older). On 0: out->v a new array (out->blocks NULL: the strings
 * are the set's) and *hold a reference to the set holding them: free both
 * with store_dl_kept_release(*hold) and store_due_rows_free(out), on every
 * path. 1 when the day has too many rows to keep (nothing held: read per
 * request); or an error. */
int store_deadline_rows_at(store_t *s, const char *gen, const char *today, const char *before, const char *pcc_cutoff,
                           long long limit, store_due_rows_t *out, store_dl_kept_t **hold, store_dl_keep_info_t *info,
                           ov_error_t *err);

void store_dl_kept_release(store_dl_kept_t *k);

/* Forgets the sets kept (tests). */
void store_dl_kept_clear(void);

#endif
