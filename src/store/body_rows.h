/*
 * body_rows.h: the bodies list (every row of `bodies`, by name then code,
 * as GET /api/v1/bodies writes them) kept row by row across generations,
 * so that after a write to one body only that body's row is read again.
 *
 * A set of rows is made at one whole-record generation (store/cache.h).
 * The process keeps the latest. Asked for a newer generation, it reads
 * which bodies the audit trail names between the two (one statement,
 * store_data_generation's index) and reads again only their rows; every
 * other row is shared with the older set. It reads the whole list again
 * when that is not enough to be right: an entry under no body (frameworks,
 * phases, accounts, national bodies), a body added or renamed (its place
 * in the order is the database's collation, not ours), more than a few
 * bodies changed, the older generation's entry gone or with another hash
 * (another database, a restore), or a generation older than the one kept.
 * Correct only because every write that changes a body's row appends an
 * entry with that body's id, or none (docs/cache.md).
 */
#ifndef OV_STORE_BODY_ROWS_H
#define OV_STORE_BODY_ROWS_H
#include "store/cache.h"
#include "store/store.h"
#include "core/date.h"
#include <jansson.h>
#include <stddef.h>

/* An immutable, reference-counted set of rows (readers need no lock). */
typedef struct store_body_rows store_body_rows_t;

/* In *out (a reference of the caller's: store_body_rows_release) every
 * body's row at generation gen, read after gen was (so no older); in
 * *computed how many rows were read from the database to make it (0 when
 * the set kept was already at gen). 0 or an error (*out NULL). */
int store_body_rows_at(store_t *s, const char *gen, store_body_rows_t **out, size_t *computed, ov_error_t *err);
/* The same, with every body's counts (store_body_counts) for today when
 * today is not NULL. Counts, once read, are kept beside the rows: a body's
 * are read again exactly when its row is (the trail names it), for the day
 * they were read for; asked for another day (the day moved), the list is
 * read whole with that day's. Asked without today, a set keeps the counts
 * the latest had (docs/cache.md, "The status board for staff"). */
int store_body_rows_counted_at(store_t *s, const char *gen, const odate_t *today, store_body_rows_t **out,
                               size_t *computed, ov_error_t *err);
void store_body_rows_release(store_body_rows_t *r);

/* The status board's counts per body: {code: {open_causes, overdue}} for
 * the body of code (NULL: every body): its causes of concern not closed,
 * and its recommendations overdue on today (the deadlines' selection,
 * rules_deadline_items). In *out (the caller's), or an error. */
int store_body_counts(store_t *s, const char *code, const odate_t *today, json_t **out, ov_error_t *err);

/* Row i's counts: 1 and *open_causes, *overdue when r carries counts
 * (store_body_rows_counted_at) and the body had them; else 0. */
int store_body_rows_counts(const store_body_rows_t *r, size_t i, long long *open_causes, long long *overdue);
/* The day r's counts are for ("YYYY-MM-DD"; "" when r carries none). */
const char *store_body_rows_day(const store_body_rows_t *r);

size_t store_body_rows_count(const store_body_rows_t *r);
/* Row i (in the list's order): its phase and kind codes, and its JSON
 * object as the list writes it (compact, ASCII), len bytes. */
const char *store_body_rows_phase(const store_body_rows_t *r, size_t i);
const char *store_body_rows_kind(const store_body_rows_t *r, size_t i);
const char *store_body_rows_json(const store_body_rows_t *r, size_t i, size_t *len);
/* Row i's columns as the board shows them (borrowed from r): since,
 * retired_on and successor are NULL when the column is. */
typedef struct {
    const char *code, *name, *kind, *phase, *phase_name;
    const char *since, *retired_on, *successor;
} store_body_row_t;
void store_body_rows_get(const store_body_rows_t *r, size_t i, store_body_row_t *out);

/* A memo of row i: bytes a caller made from that row's columns and its
 * counts alone (the board's HTML of the row, page_board.c), one per
 * variant, kept with the row and shared by every set holding it, until
 * the body's row is read again (a write to it) or the list is read whole.
 * NULL until set; else its bytes (borrowed from r, NUL-terminated) and
 * *len. */
typedef enum {
    STORE_BODY_ROW_PLAIN,     /* no counts column */
    STORE_BODY_ROW_DASHES,    /* the counts columns, without counts */
    STORE_BODY_ROW_COUNTED,   /* the counts columns with the row's counts */
    STORE_BODY_ROW_MEMOS
} store_body_row_memo_t;
const char *store_body_rows_memo(const store_body_rows_t *r, size_t i, store_body_row_memo_t which, size_t *len);
/* Keeps a copy of text (len bytes) as row i's memo `which` unless one is
 * kept already; returns the memo kept (borrowed from r) and its length in
 * *kept_len, or NULL when out of memory. */
const char *store_body_rows_memo_set(const store_body_rows_t *r, size_t i, store_body_row_memo_t which,
                                     const char *text, size_t len, size_t *kept_len);

/* 1 when phase is the code of a level of the phase model the rows were
 * read with; else 0. */
int store_body_rows_knows_phase(const store_body_rows_t *r, const char *phase);

/* Forgets the set kept (tests). */
void store_body_rows_clear(void);

#endif
