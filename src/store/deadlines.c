/*
 * deadlines.c: the bounded reads of what may be due (deadline_sql.h), row
 * by row into plain structs (store_query_each): one statement per kind, not
 * one per body, and no JSON on the way.
 */
#include "store/deadlines.h"
#include "store/deadline_sql.h"
#include <stdlib.h>
#include <string.h>

/* The recommendations with their current deadline as stored beside its
 * first day (026: no lookup of the latest revision; the JSON snapshots
 * still look it up, and the test deadline_snapshots_agree compares both),
 * and the position of each one's cause among its body's causes (as
 * snapshots list them: by issued_on, then id; 0 when it names none, or one
 * of another body), counted in the index causes_by_body_issued (026) for
 * the rows kept only. Every recommendation column here is in the index the
 * walk follows (recommendations_by_due_cover): no table row is read. */
#define ROWS_REC_COLUMNS \
    "b.code, b.name, b.kind, r.id, r.number, r.issued_on, r.status, r.closed_on, r.original_deadline," \
    " r.due_deadline AS deadline," \
    " (SELECT count(*) FROM causes_of_concern c JOIN causes_of_concern c2 ON c2.body_id = c.body_id" \
    " AND (c2.issued_on < c.issued_on OR (c2.issued_on = c.issued_on AND c2.id <= c.id))" \
    " WHERE c.id = r.cause_id AND c.body_id = r.body_id) AS cause_ordinal"
static const char ROWS_RECS_ALL[] = DL_RECS_ALL_OF(ROWS_REC_COLUMNS);
static const char ROWS_RECS_BODY[] = DL_RECS_BODY_OF(ROWS_REC_COLUMNS);

struct store_due_block {
    store_due_block_t *next;
    size_t used, size;
    char data[];
};

#define BLOCK_SIZE 65536

/* A copy of s in r's blocks (NULL for NULL); *oom set on ENOMEM. */
static const char *keep(store_due_rows_t *r, const char *s, int *oom)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    store_due_block_t *b = r->blocks;
    if (!b || b->size - b->used < n) {
        size_t size = n > BLOCK_SIZE / 2 ? n : BLOCK_SIZE;
        if (!(b = malloc(sizeof *b + size))) {
            *oom = 1;
            return NULL;
        }
        b->used = 0;
        b->size = size;
        if (n > BLOCK_SIZE / 2 && r->blocks) {   /* a big one: behind the current block */
            b->next = r->blocks->next;
            r->blocks->next = b;
        } else {
            b->next = r->blocks;
            r->blocks = b;
        }
    }
    char *p = b->data + b->used;
    memcpy(p, s, n);
    b->used += n;
    return p;
}

typedef struct {
    store_due_rows_t *rows;
    rules_due_kind_t kind;
} reading_t;

static int cell_int(const store_row_t *row, int i, long long *v)
{
    const char *s = row->cell[i];
    char *end;
    if (!s) return -1;
    /* plain digits (ids, counts) without strtoll; anything else through it */
    long long x = 0;
    size_t k = 0;
    while (k < 18 && s[k] >= '0' && s[k] <= '9') x = x * 10 + (s[k++] - '0');
    if (k && !s[k]) {
        *v = x;
        return 0;
    }
    *v = strtoll(s, &end, 10);
    return *end ? -1 : 0;
}

/* One row of the kind being read: columns as the query above (rec), DL_PLAN or DL_PCC. */
static int take_row(void *ctx, const store_row_t *row, ov_error_t *err)
{
    reading_t *rd = ctx;
    store_due_rows_t *r = rd->rows;
    static const int width[] = {11, 8, 7};
    if (row->n != width[rd->kind]) return ov_error_set(err, OV_EINTERNAL, "", "deadlines: %d columns", row->n);
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 256;
        rules_due_row_t *v = realloc(r->v, cap * sizeof *v);
        if (!v) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        r->v = v;
        r->cap = cap;
    }
    rules_due_row_t x;
    memset(&x, 0, sizeof x);
    int oom = 0;
    long long ord = 0;
    x.kind = rd->kind;
    x.code = keep(r, row->cell[0], &oom);
    x.name = keep(r, row->cell[1], &oom);
    x.body_kind = keep(r, row->cell[2], &oom);
    if (cell_int(row, 3, &x.id) != 0) return ov_error_set(err, OV_EINTERNAL, "", "deadlines: an id that is not a number");
    switch (rd->kind) {
    case RULES_DUE_RECOMMENDATION:
        x.number = keep(r, row->cell[4], &oom);
        x.issued_on = keep(r, row->cell[5], &oom);
        x.status = keep(r, row->cell[6], &oom);
        x.closed_on = keep(r, row->cell[7], &oom);
        x.original_deadline = keep(r, row->cell[8], &oom);
        x.deadline = keep(r, row->cell[9], &oom);
        if (cell_int(row, 10, &ord) != 0) ord = 0;
        x.cause_ordinal = (int)ord;
        break;
    case RULES_DUE_PLAN_ITEM:
        x.text = keep(r, row->cell[4], &oom);
        x.target_date = keep(r, row->cell[5], &oom);
        x.rag = keep(r, row->cell[6], &oom);
        x.completed_on = keep(r, row->cell[7], &oom);
        break;
    default:
        x.title = keep(r, row->cell[4], &oom);
        x.published_on = keep(r, row->cell[5], &oom);
        x.pcc_response_on = keep(r, row->cell[6], &oom);
    }
    if (oom) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    r->v[r->n++] = x;
    return 0;
}

int store_deadline_rows(store_t *s, const char *code, const char *today, const char *before, const char *pcc_cutoff,
                        long long limit, const char *theme, int priority, store_due_rows_t *out, ov_error_t *err)
{
    memset(out, 0, sizeof *out);
    reading_t rd = {out, RULES_DUE_RECOMMENDATION};
    int rc = store_query_each(s, err, take_row, &rd, code ? ROWS_RECS_BODY : ROWS_RECS_ALL, "sssisi", today, before,
                              code, limit, theme, (long long)(priority > 0));
    /* plan items and PCC responses carry no theme or priority: a filter leaves them out */
    if (rc == 0 && !theme && !priority) {
        rd.kind = RULES_DUE_PLAN_ITEM;
        rc = store_query_each(s, err, take_row, &rd, DL_PLAN_SQL, "sssi", today, before, code, limit);
    }
    if (rc == 0 && !theme && !priority) {
        rd.kind = RULES_DUE_PCC_RESPONSE;
        rc = store_query_each(s, err, take_row, &rd, DL_PCC_SQL, "sssiss", today, before, code, limit, pcc_cutoff,
                              RULES_PCC_BODY_KIND);
    }
    return rc;
}

void store_due_rows_free(store_due_rows_t *r)
{
    while (r->blocks) {
        store_due_block_t *next = r->blocks->next;
        free(r->blocks);
        r->blocks = next;
    }
    free(r->v);
    memset(r, 0, sizeof *r);
}
