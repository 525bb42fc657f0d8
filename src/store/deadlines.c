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
 * the causes read once (CAUSES_ALL, CAUSES_OF_BODY). Every recommendation
 * column here is in the indexes the walk of the open ones and the day
 * read again follow (030's, 026's): no table row is read there (the few
 * closed after today are read from 027's index and their rows). The body is its id: the bodies
 * are read once (BODIES_ALL, BODY_ONE), not joined to each row; the day
 * (due_first_day) orders them in C. The rows' status, closed_on and
 * original_deadline stay NULL: the SQL keeps only rows open on today, and
 * due_deadline is the current deadline (rules_deadline_items reads a row
 * without status or closing date as open). */
#define ROWS_REC_WIDTH 7
#define REC_INTS (1u << 1 | 1u << 2 | 1u << 6)   /* body_id, id, cause_id: read as integers */
static const char ROWS_RECS_NOT_CLOSED[] = DL_RECS_NOT_CLOSED_OF(DL_ROWS_REC_COLUMNS);
static const char ROWS_RECS_CLOSED_LATER[] = DL_RECS_CLOSED_LATER_OF(DL_ROWS_REC_COLUMNS);
static const char ROWS_RECS_ON_DAY[] = DL_RECS_ON_DAY_OF(DL_ROWS_REC_COLUMNS);
static const char ROWS_RECS_BODY[] = DL_RECS_BODY_OF(DL_ROWS_REC_COLUMNS);
static const char BODIES_ALL[] = "SELECT id, code, name, kind FROM bodies ORDER BY id";
static const char BODY_ONE[] = "SELECT id, code, name, kind FROM bodies WHERE code = ?1";
/* Every cause, each body's in the order snapshots list them (issued_on,
 * then id): its position there is the ordinal a recommendation's title
 * names ("cause of concern 2"). One walk of causes_by_body_issued (026)
 * instead of a count per row; a body has a handful of causes. */
static const char CAUSES_ALL[] = "SELECT id, body_id FROM causes_of_concern ORDER BY body_id, issued_on, id";
static const char CAUSES_OF_BODY[] = "SELECT c.id, c.body_id FROM causes_of_concern c JOIN bodies b ON b.id = c.body_id"
                                     " WHERE b.code = ?1 ORDER BY c.body_id, c.issued_on, c.id";

/* A copy of s (len bytes) in r's blocks (NULL for NULL); *oom set on ENOMEM. */
static const char *keep_n(store_due_rows_t *r, const char *s, size_t len, int *oom)
{
    return text_keep(&r->blocks, s, len, oom);
}

/* A copy of a row's text cell c. */
static const char *keep(store_due_rows_t *r, const store_row_t *row, int c, int *oom)
{
    return keep_n(r, row->cell[c], row->len[c], oom);
}

typedef struct {
    store_due_rows_t *rows;
    rules_due_kind_t kind;
} reading_t;

/* Integer column c (read as one: store_query_each_num) into *v; -1 when NULL. */
static int cell_int(const store_row_t *row, int c, long long *v)
{
    *v = row->num[c];
    return row->cell[c] ? 0 : -1;
}

/* Room for `more` rows in r->v; -1 on ENOMEM. */
static int grow(store_due_rows_t *r, size_t more)
{
    if (r->cap - r->n >= more) return 0;
    size_t cap = r->cap ? r->cap : 256;
    while (cap - r->n < more) cap *= 2;
    rules_due_row_t *v = realloc(r->v, cap * sizeof *v);
    if (!v) return -1;
    r->v = v;
    r->cap = cap;
    return 0;
}

/* One row of a plan item (DL_PLAN) or report (DL_PCC). */
static int take_row(void *ctx, const store_row_t *row, ov_error_t *err)
{
    reading_t *rd = ctx;
    store_due_rows_t *r = rd->rows;
    int width = rd->kind == RULES_DUE_PLAN_ITEM ? 8 : 7;
    if (row->n != width) return ov_error_set(err, OV_EINTERNAL, "", "deadlines: %d columns", row->n);
    if (grow(r, 1) != 0) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    rules_due_row_t x;
    memset(&x, 0, sizeof x);
    int oom = 0;
    x.kind = rd->kind;
    x.code = keep(r, row, 0, &oom);
    x.name = keep(r, row, 1, &oom);
    x.body_kind = keep(r, row, 2, &oom);
    if (cell_int(row, 3, &x.id) != 0) return ov_error_set(err, OV_EINTERNAL, "", "deadlines: an id that is not a number");
    if (rd->kind == RULES_DUE_PLAN_ITEM) {
        x.text = keep(r, row, 4, &oom);
        x.target_date = keep(r, row, 5, &oom);
        x.rag = keep(r, row, 6, &oom);
        x.completed_on = keep(r, row, 7, &oom);
    } else {
        x.title = keep(r, row, 4, &oom);
        x.published_on = keep(r, row, 5, &oom);
        x.pcc_response_on = keep(r, row, 6, &oom);
    }
    if (oom) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    r->v[r->n++] = x;
    return 0;
}

/* ---- the recommendations: rows in due order, bodies read once -------- */

/* What a recommendation's row needs besides itself while it is read: its
 * day, body and cause (the row is out->v[base + i] for rec_t i). */
typedef struct {
    const char *day;          /* due_first_day (in the rows' blocks) */
    long long body_id, cause_id;   /* cause_id 0: none */
} rec_t;

/* A row with its day, for the rare whole sort (rec_cmp). */
typedef struct {
    const char *day;
    rules_due_row_t row;
} dayrow_t;

/* A cause: its id, body and position among the body's causes (from 1). */
typedef struct {
    long long id, body_id;
    int ordinal;
} cause_t;

typedef struct {
    long long id;
    const char *code, *name, *kind;   /* in the rows' blocks */
} body_t;

/* The recommendations and bodies being read: the rows themselves straight
 * into rows->v from base on, beside them v (v, bodies and causes owned:
 * recs_free; their strings in rows' blocks). */
typedef struct {
    store_due_rows_t *rows;
    size_t base;
    rec_t *v;                 /* v[i]: of the row rows->v[base + i] */
    size_t n, cap;
    body_t *bodies;           /* ids ascending */
    size_t nbodies, bcap;
    cause_t *causes;          /* as CAUSES_ALL reads them, then ids ascending */
    size_t ncauses, ccap;
} recs_t;

static void recs_free(recs_t *rs)
{
    free(rs->v);
    free(rs->bodies);
    free(rs->causes);
}

/* One row of ROWS_REC_COLUMNS. */
static int take_rec(void *ctx, const store_row_t *row, ov_error_t *err)
{
    recs_t *rs = ctx;
    store_due_rows_t *r = rs->rows;
    if (row->n != ROWS_REC_WIDTH) return ov_error_set(err, OV_EINTERNAL, "", "deadlines: %d columns", row->n);
    if (rs->n == rs->cap) {
        size_t cap = rs->cap ? rs->cap * 2 : 256;
        rec_t *v = realloc(rs->v, cap * sizeof *v);
        if (!v) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        rs->v = v;
        rs->cap = cap;
    }
    if (grow(r, rs->base + rs->n + 1 - r->n) != 0) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    rec_t *k = &rs->v[rs->n];
    rules_due_row_t *x = &r->v[rs->base + rs->n];
    memset(x, 0, sizeof *x);
    int oom = 0;
    x->kind = RULES_DUE_RECOMMENDATION;
    k->day = keep(r, row, 0, &oom);
    if (!row->cell[0] || cell_int(row, 1, &k->body_id) != 0 || cell_int(row, 2, &x->id) != 0)
        return ov_error_set(err, OV_EINTERNAL, "", "deadlines: a row without its day, body or id");
    x->number = keep(r, row, 3, &oom);
    x->issued_on = keep(r, row, 4, &oom);
    x->deadline = keep(r, row, 5, &oom);
    k->cause_id = row->num[6];   /* 0 for NULL */
    if (oom) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    rs->n++;
    return 0;
}

/* One row of BODIES_ALL or BODY_ONE. */
static int take_body(void *ctx, const store_row_t *row, ov_error_t *err)
{
    recs_t *rs = ctx;
    if (row->n != 4) return ov_error_set(err, OV_EINTERNAL, "", "deadlines: %d columns", row->n);
    if (rs->nbodies == rs->bcap) {
        size_t cap = rs->bcap ? rs->bcap * 2 : 256;
        body_t *v = realloc(rs->bodies, cap * sizeof *v);
        if (!v) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        rs->bodies = v;
        rs->bcap = cap;
    }
    body_t *b = &rs->bodies[rs->nbodies];
    int oom = 0;
    if (cell_int(row, 0, &b->id) != 0) return ov_error_set(err, OV_EINTERNAL, "", "deadlines: a body id that is not a number");
    b->code = keep(rs->rows, row, 1, &oom);
    b->name = keep(rs->rows, row, 2, &oom);
    b->kind = keep(rs->rows, row, 3, &oom);
    if (oom) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    rs->nbodies++;
    return 0;
}

/* One row of CAUSES_ALL or CAUSES_OF_BODY: each body's causes in turn. */
static int take_cause(void *ctx, const store_row_t *row, ov_error_t *err)
{
    recs_t *rs = ctx;
    if (row->n != 2) return ov_error_set(err, OV_EINTERNAL, "", "deadlines: %d columns", row->n);
    if (rs->ncauses == rs->ccap) {
        size_t cap = rs->ccap ? rs->ccap * 2 : 256;
        cause_t *v = realloc(rs->causes, cap * sizeof *v);
        if (!v) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        rs->causes = v;
        rs->ccap = cap;
    }
    cause_t *c = &rs->causes[rs->ncauses];
    if (cell_int(row, 0, &c->id) != 0 || cell_int(row, 1, &c->body_id) != 0)
        return ov_error_set(err, OV_EINTERNAL, "", "deadlines: a cause id that is not a number");
    const cause_t *prev = rs->ncauses ? c - 1 : NULL;
    c->ordinal = prev && prev->body_id == c->body_id ? prev->ordinal + 1 : 1;
    rs->ncauses++;
    return 0;
}

static int cause_id_cmp(const void *a, const void *b)
{
    const cause_t *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* The ordinal of cause id among the causes of body_id; 0 when it is none of them. */
static int cause_ordinal(const recs_t *rs, long long id, long long body_id)
{
    size_t lo = 0, hi = rs->ncauses;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (rs->causes[mid].id < id) lo = mid + 1;
        else hi = mid;
    }
    return lo < rs->ncauses && rs->causes[lo].id == id && rs->causes[lo].body_id == body_id ? rs->causes[lo].ordinal : 0;
}

static const body_t *body_by_id(const recs_t *rs, long long id)
{
    size_t lo = 0, hi = rs->nbodies;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (rs->bodies[mid].id < id) lo = mid + 1;
        else hi = mid;
    }
    return lo < rs->nbodies && rs->bodies[lo].id == id ? &rs->bodies[lo] : NULL;
}

/* The order DL_RECS_BODY_OF gives in SQL: day, body code, issued_on (NOT
 * NULL in the schema), id. Text compared as bytes, as SQLite's BINARY
 * collation and PostgreSQL's C (the test cluster's C.UTF-8) do, and as
 * rules_deadline_items orders the codes afterwards (strcmp). Body codes
 * are lower-case slugs (a-z, 0-9, '-': body_code_valid), dates digits and
 * '-'. Rows of no body (code NULL: none when the foreign key holds) go
 * last; rules_deadline_items skips them. */
static int row_cmp(const void *a, const void *b)   /* of one day */
{
    const rules_due_row_t *x = a, *y = b;
    int c;
    if (!x->code || !y->code) c = !x->code ? (y->code ? 1 : 0) : -1;
    else c = strcmp(x->code, y->code);
    if (!c && x->issued_on && y->issued_on) c = strcmp(x->issued_on, y->issued_on);
    if (!c) c = x->id < y->id ? -1 : x->id > y->id;
    return c;
}

static int rec_cmp(const void *a, const void *b)
{
    const dayrow_t *x = a, *y = b;
    int c = strcmp(x->day, y->day);
    return c ? c : row_cmp(&x->row, &y->row);
}

/* Of the rows read keeps those of a day before `day`, in their order. */
static void drop_from_day(recs_t *rs, const char *day)
{
    rules_due_row_t *rows = rs->rows->v + rs->base;
    size_t k = 0;
    for (size_t i = 0; i < rs->n; i++) {
        if (strcmp(rs->v[i].day, day) >= 0) continue;
        rs->v[k] = rs->v[i];
        rows[k++] = rows[i];
    }
    rs->n = k;
}

/* The recommendations of code's body (NULL: every body's), the first
 * `limit` in the order of rec_cmp, appended to out. Every body's are two
 * walks in due order only, each stopped at the limit: the ones not closed,
 * then the ones closed after today. A walk that stopped may have left rows
 * of the last day it reached (and any later one): from the earliest such
 * day on, the rows read are dropped and that day read again whole; the
 * rows before it are all there are. Then each day's rows are ordered, and
 * the cut made here. */
static int read_recs(store_t *s, const char *code, const char *today, const char *before, long long limit,
                     const char *theme, int priority, store_due_rows_t *out, ov_error_t *err)
{
    recs_t rs = {.rows = out, .base = out->n};
    long long pri = priority > 0;
    /* room for the page at once (and a day read again): no doubling from
     * 256, each step a fresh block and a copy */
    if (limit > 0) {
        rs.cap = (size_t)(limit < 8192 ? limit : 8192) + 64;
        if (!(rs.v = malloc(rs.cap * sizeof *rs.v)) || grow(out, rs.cap) != 0) {
            free(rs.v);
            return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        }
    }
    int rc = store_query_each_num(s, err, take_rec, &rs, REC_INTS, code ? ROWS_RECS_BODY : ROWS_RECS_NOT_CLOSED, "sssisi", today,
                                  before, code, limit, theme, pri);
    int in_day_order = 1;   /* rs.v in due order (one walk read) */
    if (rc == 0 && !code) {
        size_t open = rs.n;
        const char *cut = limit > 0 && (long long)open == limit ? rs.v[open - 1].day : NULL;   /* in out's blocks: stays */
        rc = store_query_each_num(s, err, take_rec, &rs, REC_INTS, ROWS_RECS_CLOSED_LATER, "sssisi", today, before, code, limit,
                                  theme, pri);
        size_t later = rs.n - open;
        if (rc == 0 && limit > 0 && (long long)later == limit && (!cut || strcmp(rs.v[rs.n - 1].day, cut) < 0))
            cut = rs.v[rs.n - 1].day;
        in_day_order = later == 0;
        if (rc == 0 && cut) {
            drop_from_day(&rs, cut);
            rc = store_query_each_num(s, err, take_rec, &rs, REC_INTS, ROWS_RECS_ON_DAY, "sssisi", today, cut, code, limit, theme,
                                      pri);
        }
    }
    if (rc == 0 && rs.n > 0)
        rc = code ? store_query_each_num(s, err, take_body, &rs, 1, BODY_ONE, "s", code)
                  : store_query_each_num(s, err, take_body, &rs, 1, BODIES_ALL, "");
    int any_cause = 0;
    for (size_t i = 0; i < rs.n; i++) any_cause |= rs.v[i].cause_id != 0;
    if (rc == 0 && any_cause) {
        rc = code ? store_query_each_num(s, err, take_cause, &rs, 3, CAUSES_OF_BODY, "s", code)
                  : store_query_each_num(s, err, take_cause, &rs, 3, CAUSES_ALL, "");
        if (rs.ncauses > 1) qsort(rs.causes, rs.ncauses, sizeof *rs.causes, cause_id_cmp);
    }
    out->n = rs.base + rs.n;   /* the rows were read in place */
    rules_due_row_t *rows = out->v + rs.base;
    if (rc == 0) {
        for (size_t i = 0; i < rs.n; i++) {
            if (rs.v[i].cause_id) rows[i].cause_ordinal = cause_ordinal(&rs, rs.v[i].cause_id, rs.v[i].body_id);
            const body_t *b = body_by_id(&rs, rs.v[i].body_id);
            if (!b) continue;
            rows[i].code = b->code;
            rows[i].name = b->name;
            rows[i].body_kind = b->kind;
        }
        /* one walk's rows come in day order (the last day read again is
         * the latest): only each day's run needs ordering; the two walks'
         * (closed after today: rare) are ordered whole, with their days */
        if (!in_day_order) {
            dayrow_t *t = malloc((rs.n ? rs.n : 1) * sizeof *t);
            if (!t) {
                rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
            } else {
                for (size_t i = 0; i < rs.n; i++) t[i] = (dayrow_t){rs.v[i].day, rows[i]};
                qsort(t, rs.n, sizeof *t, rec_cmp);
                for (size_t i = 0; i < rs.n; i++) rows[i] = t[i].row;
                free(t);
            }
        } else {
            for (size_t i = 0, j; i < rs.n; i = j) {
                for (j = i + 1; j < rs.n && strcmp(rs.v[j].day, rs.v[i].day) == 0; j++) {}
                if (j - i > 1) qsort(rows + i, j - i, sizeof *rows, row_cmp);
            }
        }
        /* the cut */
        if (limit >= 0 && (long long)rs.n > limit) out->n = rs.base + (size_t)limit;
    }
    if (rc != 0) out->n = rs.base;
    recs_free(&rs);
    return rc;
}

int store_deadline_rows(store_t *s, const char *code, const char *today, const char *before, const char *pcc_cutoff,
                        long long limit, const char *theme, int priority, store_due_rows_t *out, ov_error_t *err)
{
    memset(out, 0, sizeof *out);
    int rc = read_recs(s, code, today, before, limit, theme, priority, out, err);
    reading_t rd = {out, RULES_DUE_PLAN_ITEM};
    /* plan items and PCC responses carry no theme or priority: a filter leaves them out */
    if (rc == 0 && !theme && !priority)
        rc = store_query_each_num(s, err, take_row, &rd, 1 << 3, DL_PLAN_SQL, "sssi", today, before, code, limit);
    if (rc == 0 && !theme && !priority) {
        rd.kind = RULES_DUE_PCC_RESPONSE;
        rc = store_query_each_num(s, err, take_row, &rd, 1 << 3, DL_PCC_SQL, "sssiss", today, before, code, limit, pcc_cutoff,
                              RULES_PCC_BODY_KIND);
    }
    return rc;
}

void store_due_rows_free(store_due_rows_t *r)
{
    text_blocks_free(r->blocks);
    free(r->v);
    memset(r, 0, sizeof *r);
}
