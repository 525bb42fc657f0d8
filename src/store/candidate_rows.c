/*
 * candidate_rows.c: the ranking round of Engage candidates on plain rows
 * (store_candidate_scores): each body's record as far as a score reads it,
 * read by a few statements over a range of body ids through
 * store_query_each into plain structs (no JSON), and scored by
 * rules_engage_score_plain. The page's reasons are still read as snapshots
 * (snapshot.c), but for their overdue recommendations, read as rows
 * (store_candidate_page_rows) when the page is written as text.
 *
 * Overdue recommendations are counted, not read: each body's stored count
 * of those not closed (migration 027, kept by triggers), corrected by the
 * few that are not overdue on the day (due later, issued later) or closed
 * after it, found through indexes; on a day long ago, counted directly
 * from the index of due days; and counted exactly, with the cut at a
 * return to the routine level, only for bodies that returned. (A count of
 * every recommendation took most of the time before, and a seek per
 * recommendation for its latest revision before that.)
 */
#include "store/candidate_rows.h"
#include "store/bodies.h"
#include "store/deadline_sql.h"
#include <stdlib.h>
#include <string.h>

/* ?1, ?2: the range of body ids; for recommendations ?3: as_of's first
 * day, ?4: the day after as_of cut by day_cut (snapshot.c: dates compared
 * as text). */
#define CR_RANGE(col) " " col " BETWEEN ?1 AND ?2"
/* with each body's stored count of recommendations not closed with a due
 * day (027; NULL: none), read with the body rather than by a statement of
 * its own (on PostgreSQL, 100,000 more rows sent) */
static const char CR_BODIES[] =
    "SELECT b.id, b.code, b.kind, b.phase, o.n FROM bodies b LEFT JOIN body_open_recommendations o ON o.body_id = b.id"
    " WHERE b.retired_on IS NULL AND" CR_RANGE("b.id") " ORDER BY b.id";
static const char CR_DECISIONS[] = "SELECT body_id, from_phase, to_phase, effective_on FROM decisions WHERE" CR_RANGE("body_id")
                                   " ORDER BY body_id, effective_on, id";
static const char CR_INSPECTIONS[] = "SELECT i.body_id, i.id, i.published_on FROM inspections i WHERE"
                                     CR_RANGE("i.body_id") " ORDER BY i.body_id, i.published_on, i.id";
/* The PCC responses, each set on its inspection among the body's (one per
 * report and body: UNIQUE (inspection_id, body_id)); read apart, not a
 * lookup per inspection. */
static const char CR_PCC[] = "SELECT body_id, inspection_id, published_on FROM pcc_responses WHERE" CR_RANGE("body_id")
                             " ORDER BY body_id";
static const char CR_GRADES[] =
    "SELECT i.body_id, g.inspection_id, count(*) AS n,"
    " sum(CASE WHEN g.grade = 'inadequate' THEN 1 ELSE 0 END) AS bad"
    " FROM grades g JOIN inspections i ON i.id = g.inspection_id WHERE" CR_RANGE("i.body_id")
    " GROUP BY i.body_id, g.inspection_id ORDER BY i.body_id, g.inspection_id";
static const char CR_CAUSES[] = "SELECT body_id, accelerated, issued_on, status, closed_on FROM causes_of_concern"
                                " WHERE" CR_RANGE("body_id") " ORDER BY body_id, issued_on, id";
/* meets: compared here as numbers (the text of a REAL may be rounded) */
static const char CR_INDICATORS[] =
    "SELECT body_id, measure, period, CASE WHEN target IS NULL THEN 0 ELSE 1 END AS has_target,"
    " CASE WHEN target IS NULL THEN 0 WHEN higher_is_better <> 0 THEN (CASE WHEN value >= target THEN 1 ELSE 0 END)"
    " ELSE (CASE WHEN value <= target THEN 1 ELSE 0 END) END AS meets"
    " FROM indicators WHERE" CR_RANGE("body_id") " ORDER BY body_id, measure, period";
/* Not closed by as_of and issued by it, as CA_RECS_SLIM (snapshot.c). */
#define CR_OPEN \
    " AND (r.status <> 'closed' OR r.closed_on >= ?4 OR r.status IS NULL) AND (r.issued_on IS NULL OR r.issued_on < ?4)"
/* Overdue recommendations, ?3 being as_of's first day (YYYY-MM-DD) and ?4
 * the day after it cut by day_cut: open by CR_OPEN and due before ?3
 * (due_first_day, migration 025, is the first day of the current deadline,
 * so it is before ?3 exactly when that deadline is before as_of cut). On a
 * recent day nearly every recommendation not closed is overdue, so each
 * body's count is the stored count of those not closed with a due day
 * (migration 027, kept by triggers; read with the bodies, CR_BODIES), less those of them due on or after
 * ?3 and those issued after as_of, plus those closed after as_of, due
 * before ?3 and issued by as_of: the corrections read short ranges of
 * indexes, not every recommendation. (status is NOT NULL: "not closed" is
 * status <> 'closed'.) "+r.body_id", grouped and sorted by the first
 * column: not walked by body (recommendations_by_body_state, every row),
 * which SQLite would prefer to the indexes of the day. */
#define CR_BY_BODY " AND +r.body_id BETWEEN ?1 AND ?2 GROUP BY 1 ORDER BY 1"
static const char CR_OPEN_DUE_LATER[] =
    "SELECT +r.body_id, count(*) FROM recommendations r WHERE r.due_first_day >= ?3 AND r.status <> 'closed'" CR_BY_BODY;
/* "due_first_day || ''": through recommendations_open_by_issue (the few
 * issued after the day), not 030's recommendations_open_by_due, which
 * SQLite preferred and walked for every open recommendation due before
 * the day (70 ms at 100,000 bodies). */
static const char CR_OPEN_ISSUED_LATER[] = "SELECT +r.body_id, count(*) FROM recommendations r WHERE r.status <> 'closed'"
                                           " AND r.issued_on >= ?4 AND r.due_first_day || '' < ?3" CR_BY_BODY;
static const char CR_CLOSED_LATER[] =
    "SELECT +r.body_id, count(*) FROM recommendations r WHERE r.status = 'closed' AND r.closed_on >= ?4"
    " AND r.due_first_day < ?3 AND (r.issued_on IS NULL OR r.issued_on < ?4)" CR_BY_BODY;
/* On a day long ago, when those corrections would be most rows, the
 * overdue ones are counted directly: the rows due before ?3 on the index
 * of due days (026; its columns answer CR_OPEN). */
static const char CR_RECS_DUE[] =
    "SELECT +r.body_id, count(*) FROM recommendations r WHERE r.due_first_day < ?3" CR_OPEN CR_BY_BODY;
/* Whether the corrections visit fewer than ?3 rows (?1 as ?3 above, ?2 as
 * ?4): then the stored counts are corrected, else CR_RECS_DUE counts. */
static const char CR_LATER_FEW[] =
    "SELECT (SELECT count(*) FROM (SELECT 1 FROM recommendations WHERE due_first_day >= ?1 LIMIT ?3) a)"
    " + (SELECT count(*) FROM (SELECT 1 FROM recommendations WHERE status <> 'closed' AND issued_on >= ?2 LIMIT ?3) b)"
    " + (SELECT count(*) FROM (SELECT 1 FROM recommendations WHERE status = 'closed' AND closed_on >= ?2 LIMIT ?3) c)";
long long store_candidate_future_few = 20000;

/* The bodies that returned to the routine level before the day after
 * as_of; and exactly, their count with the cut at the return: due on or
 * after the first day of the latest such return (a fact dated before a
 * return is no sign, core/rules_candidates.c), read per body as a range of
 * recommendations_by_body_due (027). */
#define CR_RETURNS(next) \
    "SELECT DISTINCT ret.body_id FROM decisions ret JOIN phases ret_f ON ret_f.code = ret.from_phase" \
    " JOIN phases ret_t ON ret_t.code = ret.to_phase WHERE ret_t.level = 1 AND ret_f.level > 1" \
    " AND ret.effective_on < " next " AND" CR_RANGE("ret.body_id")
static const char CR_RECS_RETURNED[] =
    "SELECT rb.body_id, count(*) FROM (SELECT ret.body_id, max(" FIRST_DAY("ret.effective_on") ") AS since"
    " FROM decisions ret JOIN phases ret_f ON ret_f.code = ret.from_phase"
    " JOIN phases ret_t ON ret_t.code = ret.to_phase WHERE ret_t.level = 1 AND ret_f.level > 1"
    " AND ret.effective_on < ?4 AND" CR_RANGE("ret.body_id") " GROUP BY ret.body_id) rb"
    " JOIN recommendations r ON r.body_id = rb.body_id AND r.due_first_day >= rb.since AND r.due_first_day < ?3"
    " WHERE 1 = 1" CR_OPEN " GROUP BY rb.body_id ORDER BY rb.body_id";
/* ?3 here is the day after as_of, cut (the only day it reads) */
static const char CR_RETURNED[] = CR_RETURNS("?3") " ORDER BY ret.body_id";
/* For a few bodies (store_candidate_scores_few): the overdue counted
 * directly on each body's range of recommendations_by_body_due (027); the
 * corrections above read ranges of indexes across all bodies, and
 * CR_RECS_DUE every recommendation due before the day. */
static const char CR_RECS_DUE_BODY[] = "SELECT r.body_id, count(*) FROM recommendations r WHERE" CR_RANGE("r.body_id")
                                       " AND r.due_first_day < ?3" CR_OPEN " GROUP BY r.body_id ORDER BY r.body_id";

/* ---- the rows of one round --------------------------------------- */

/* A growing array of n items of size `size`. */
typedef struct {
    void *v;
    size_t n, cap, size;
} cr_vec_t;

/* Where a body's rows start in each list, and how many (filled while the
 * lists grow; pointers are made at the end). */
typedef struct {
    size_t at[4], n[4];
} cr_span_t;

enum { CR_DEC, CR_INSP, CR_CAUSE, CR_IND };

typedef struct {
    text_block_t *blocks;
    long long *ids;           /* the bodies, by id */
    rules_ca_body_t *bodies;
    cr_span_t *spans;
    size_t nbodies, cap;
    cr_vec_t list[4];         /* rules_ca_decision_t, _inspection_t (+ ids), _cause_t, _indicator_t */
    long long *insp_ids;      /* parallel to list[CR_INSP] */
    size_t insp_cap;
    size_t walk;              /* the body the last row was of (rows come by body id) */
    int oom;
    int stored;               /* the overdue start from the stored counts (CR_BODIES), corrected */
} cr_round_t;

/* A copy of s in the round's blocks (NULL for NULL). */
static const char *cr_keep(cr_round_t *r, const char *s)
{
    return s ? text_keep(&r->blocks, s, strlen(s), &r->oom) : NULL;
}

/* Room for one more item in v; its address, or NULL (r->oom set). */
static void *cr_push(cr_round_t *r, cr_vec_t *v)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 256;
        void *p = realloc(v->v, cap * v->size);
        if (!p) {
            r->oom = 1;
            return NULL;
        }
        v->v = p;
        v->cap = cap;
    }
    return (char *)v->v + v->size * v->n++;
}

static long long cr_int(const char *cell)
{
    return cell ? strtoll(cell, NULL, 10) : 0;
}

/* Integer column c, read as one (store_query_each_num); 0 for NULL. */
static long long cr_num(const store_row_t *row, int c)
{
    return row->cell[c] ? row->num[c] : 0;
}

/* 1 for a true boolean cell: "1" (SQLite, PostgreSQL integers) or "t". */
static int cr_bool(const char *cell)
{
    return cell && (cell[0] == 't' || (cell[0] >= '1' && cell[0] <= '9'));
}

/* The index of body id in the round (rows come in body id order, so the
 * walk only moves forward), or -1 when not one of its bodies. */
static long cr_body(cr_round_t *r, long long id)
{
    while (r->walk < r->nbodies && r->ids[r->walk] < id) r->walk++;
    return r->walk < r->nbodies && r->ids[r->walk] == id ? (long)r->walk : -1;
}

/* The inspection with this id among the body's (read in round 1), or NULL
 * when the body or the inspection is not among those read. Inspection ids
 * are unique, so the first match is the one. */
static rules_ca_inspection_t *cr_inspection(cr_round_t *r, long long body_id, long long id)
{
    long b = cr_body(r, body_id);
    if (b < 0) return NULL;
    rules_ca_inspection_t *ins = r->list[CR_INSP].v;
    for (size_t k = r->spans[b].at[CR_INSP]; k < r->spans[b].at[CR_INSP] + r->spans[b].n[CR_INSP]; k++)
        if (r->insp_ids[k] == id) return &ins[k];
    return NULL;
}

static int cr_take_body(void *ctx, const store_row_t *row, ov_error_t *err)
{
    cr_round_t *r = ctx;
    if (row->n != 5) return ov_error_set(err, OV_EINTERNAL, "", "candidates: %d columns", row->n);
    if (r->nbodies == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 1024;
        long long *ids = realloc(r->ids, cap * sizeof *ids);
        if (ids) r->ids = ids;
        rules_ca_body_t *b = realloc(r->bodies, cap * sizeof *b);
        if (b) r->bodies = b;
        cr_span_t *sp = realloc(r->spans, cap * sizeof *sp);
        if (sp) r->spans = sp;
        if (!ids || !b || !sp) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        r->cap = cap;
    }
    size_t i = r->nbodies++;
    r->ids[i] = cr_num(row, 0);
    memset(&r->bodies[i], 0, sizeof r->bodies[i]);
    memset(&r->spans[i], 0, sizeof r->spans[i]);
    r->bodies[i].code = cr_keep(r, row->cell[1]);
    r->bodies[i].kind = cr_keep(r, row->cell[2]);
    r->bodies[i].phase = cr_keep(r, row->cell[3]);
    r->bodies[i].overdue = r->stored ? (long)cr_num(row, 4) : 0;
    return r->oom ? ov_error_set(err, OV_EINTERNAL, "", "out of memory") : 0;
}

/* One row of a list: the body's span grows by it. NULL when the row is of
 * no body of the round (a retired one) or on ENOMEM (r->oom). */
static void *cr_row_of(cr_round_t *r, int list, long long body_id)
{
    long b = cr_body(r, body_id);
    if (b < 0) return NULL;
    cr_span_t *sp = &r->spans[b];
    if (sp->n[list]++ == 0) sp->at[list] = r->list[list].n;
    return cr_push(r, &r->list[list]);
}

typedef struct {
    cr_round_t *r;
    int what;
} cr_reading_t;

/* what a statement's rows do: the lists, then the overdue counts (added
 * to, taken from, cleared for a return, set exactly) */
enum { CR_READ_DEC, CR_READ_INSP, CR_READ_PCC, CR_READ_GRADES, CR_READ_CAUSE, CR_READ_IND, CR_READ_ADD, CR_READ_SUB,
       CR_READ_RETURNED_IDS, CR_READ_RETURNED };

static int cr_take(void *ctx, const store_row_t *row, ov_error_t *err)
{
    const cr_reading_t *rd = ctx;
    cr_round_t *r = rd->r;
    static const int width[] = {4, 3, 3, 4, 5, 5, 2, 2, 1, 2};
    if (row->n != width[rd->what]) return ov_error_set(err, OV_EINTERNAL, "", "candidates: %d columns", row->n);
    const char *const *c = row->cell;
    long long body_id = cr_num(row, 0);
    switch (rd->what) {
    case CR_READ_DEC: {
        rules_ca_decision_t *d = cr_row_of(r, CR_DEC, body_id);
        if (d) *d = (rules_ca_decision_t){cr_keep(r, c[1]), cr_keep(r, c[2]), cr_keep(r, c[3])};
        break;
    }
    case CR_READ_INSP: {
        rules_ca_inspection_t *in = cr_row_of(r, CR_INSP, body_id);
        if (!in) break;
        *in = (rules_ca_inspection_t){cr_keep(r, c[2]), NULL, 0, 0};
        if (r->insp_cap < r->list[CR_INSP].cap) {
            long long *ids = realloc(r->insp_ids, r->list[CR_INSP].cap * sizeof *ids);
            if (!ids) {
                r->oom = 1;
                break;
            }
            r->insp_ids = ids;
            r->insp_cap = r->list[CR_INSP].cap;
        }
        r->insp_ids[r->list[CR_INSP].n - 1] = cr_num(row, 1);
        break;
    }
    case CR_READ_PCC: {
        rules_ca_inspection_t *ins = cr_inspection(r, body_id, cr_num(row, 1));
        if (ins) ins->pcc_response_on = cr_keep(r, c[2]);
        break;
    }
    case CR_READ_GRADES: {
        rules_ca_inspection_t *ins = cr_inspection(r, body_id, cr_num(row, 1));
        if (ins) {
            ins->grades = (int)cr_num(row, 2);
            ins->inadequate = (int)cr_num(row, 3);
        }
        break;
    }
    case CR_READ_CAUSE: {
        rules_ca_cause_t *k = cr_row_of(r, CR_CAUSE, body_id);
        if (k) *k = (rules_ca_cause_t){cr_keep(r, c[2]), cr_keep(r, c[3]), cr_keep(r, c[4]), cr_bool(c[1])};
        break;
    }
    case CR_READ_IND: {
        rules_ca_indicator_t *it = cr_row_of(r, CR_IND, body_id);
        if (it) *it = (rules_ca_indicator_t){cr_keep(r, c[1]), cr_keep(r, c[2]), cr_num(row, 3) != 0, cr_num(row, 4) != 0};
        break;
    }
    case CR_READ_ADD: {
        long b = cr_body(r, body_id);
        if (b >= 0) r->bodies[b].overdue += (long)cr_num(row, 1);
        break;
    }
    case CR_READ_SUB: {
        long b = cr_body(r, body_id);
        if (b >= 0) r->bodies[b].overdue -= (long)cr_num(row, 1);
        break;
    }
    case CR_READ_RETURNED_IDS: {   /* counted again below, exactly */
        long b = cr_body(r, body_id);
        if (b >= 0) r->bodies[b].overdue = 0;
        break;
    }
    default: {
        long b = cr_body(r, body_id);
        if (b >= 0) r->bodies[b].overdue = (long)cr_num(row, 1);
    }
    }
    return r->oom ? ov_error_set(err, OV_EINTERNAL, "", "out of memory") : 0;
}

static int cr_take_count(void *ctx, const store_row_t *row, ov_error_t *err)
{
    (void)err;
    *(long long *)ctx = row->n == 1 ? cr_int(row->cell[0]) : 0;
    return 0;
}

static void cr_round_free(cr_round_t *r)
{
    text_blocks_free(r->blocks);
    r->blocks = NULL;
    free(r->ids);
    free(r->bodies);
    free(r->spans);
    for (int i = 0; i < 4; i++) free(r->list[i].v);
    free(r->insp_ids);
}

/* store_candidate_scores; direct: store_candidate_scores_few's way of
 * counting the overdue (CR_RECS_DUE_BODY). */
static int cr_scores(store_t *s, long long lo, long long hi, const odate_t *as_of, const char *cut_next,
                     const json_t *levels, int direct, store_ca_scores_t *out, ov_error_t *err)
{
    memset(out, 0, sizeof *out);
    odate_t first = date_first_day(as_of);
    char day[DATE_TEXT_MAX];
    date_format(&first, day);
    cr_round_t r;
    memset(&r, 0, sizeof r);
    r.list[CR_DEC].size = sizeof(rules_ca_decision_t);
    r.list[CR_INSP].size = sizeof(rules_ca_inspection_t);
    r.list[CR_CAUSE].size = sizeof(rules_ca_cause_t);
    r.list[CR_IND].size = sizeof(rules_ca_indicator_t);
    /* ints: the columns read as integers (store_query_each_num), not as text */
    static const struct { const char *sql; int what; unsigned ints; } READS[] = {
        {CR_DECISIONS, CR_READ_DEC, 1}, {CR_INSPECTIONS, CR_READ_INSP, 3}, {CR_PCC, CR_READ_PCC, 3},
        {CR_GRADES, CR_READ_GRADES, 15}, {CR_CAUSES, CR_READ_CAUSE, 1}, {CR_INDICATORS, CR_READ_IND, 1 | 8 | 16},
    };
    /* the stored counts corrected, or the overdue counted directly */
    static const struct { const char *sql; int what; } FEW[] = {
        {CR_OPEN_DUE_LATER, CR_READ_SUB}, {CR_OPEN_ISSUED_LATER, CR_READ_SUB},
        {CR_CLOSED_LATER, CR_READ_ADD}, {CR_RETURNED, CR_READ_RETURNED_IDS}, {CR_RECS_RETURNED, CR_READ_RETURNED},
    }, MANY[] = {
        {CR_RECS_DUE, CR_READ_ADD}, {CR_RETURNED, CR_READ_RETURNED_IDS}, {CR_RECS_RETURNED, CR_READ_RETURNED},
    }, DIRECT[] = {
        {CR_RECS_DUE_BODY, CR_READ_ADD}, {CR_RETURNED, CR_READ_RETURNED_IDS}, {CR_RECS_RETURNED, CR_READ_RETURNED},
    };
    long long later = 0;
    int rc = direct ? 0
                    : store_query_each(s, err, cr_take_count, &later, CR_LATER_FEW, "ssi", day, cut_next,
                                       store_candidate_future_few);
    int few = !direct && later < store_candidate_future_few;
    r.stored = few;
    if (rc == 0) rc = store_query_each_num(s, err, cr_take_body, &r, 1 | 16, CR_BODIES, "ii", lo, hi);
    for (size_t q = 0; rc == 0 && q < sizeof READS / sizeof READS[0]; q++) {
        cr_reading_t rd = {&r, READS[q].what};
        r.walk = 0;
        rc = store_query_each_num(s, err, cr_take, &rd, READS[q].ints, READS[q].sql, "ii", lo, hi);
    }
    size_t ncounts = few ? sizeof FEW / sizeof FEW[0] : sizeof MANY / sizeof MANY[0];
    for (size_t q = 0; rc == 0 && q < ncounts; q++) {
        cr_reading_t rd = {&r, few ? FEW[q].what : direct ? DIRECT[q].what : MANY[q].what};
        const char *sql = few ? FEW[q].sql : direct ? DIRECT[q].sql : MANY[q].sql;
        r.walk = 0;
        if (sql == CR_OPEN_DUE_LATER) rc = store_query_each_num(s, err, cr_take, &rd, 3, sql, "iis", lo, hi, day);
        else if (sql == CR_RETURNED) rc = store_query_each_num(s, err, cr_take, &rd, 3, sql, "iis", lo, hi, cut_next);
        else rc = store_query_each_num(s, err, cr_take, &rd, 3, sql, "iiss", lo, hi, day, cut_next);
    }
    if (rc == 0 && r.nbodies && !(out->v = malloc(r.nbodies * sizeof *out->v)))
        rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    for (size_t i = 0; rc == 0 && i < r.nbodies; i++) {
        rules_ca_body_t *b = &r.bodies[i];
        const cr_span_t *sp = &r.spans[i];
        b->decisions = (rules_ca_decision_t *)r.list[CR_DEC].v + sp->at[CR_DEC];
        b->ndecisions = sp->n[CR_DEC];
        b->inspections = (rules_ca_inspection_t *)r.list[CR_INSP].v + sp->at[CR_INSP];
        b->ninspections = sp->n[CR_INSP];
        b->causes = (rules_ca_cause_t *)r.list[CR_CAUSE].v + sp->at[CR_CAUSE];
        b->ncauses = sp->n[CR_CAUSE];
        b->indicators = (rules_ca_indicator_t *)r.list[CR_IND].v + sp->at[CR_IND];
        b->nindicators = sp->n[CR_IND];
        long score;
        int is = rules_engage_score_plain(b, levels, as_of, &score);
        if (is < 0) rc = ov_error_set(err, OV_EINTERNAL, "", "Engage candidates could not be computed");
        else if (is) out->v[out->n++] = (store_ca_score_t){score, r.ids[i], b->code};
    }
    if (rc) {
        free(out->v);
        memset(out, 0, sizeof *out);
        cr_round_free(&r);
        return rc;
    }
    out->scored = r.nbodies;
    /* the codes stay, with their blocks, until store_ca_scores_free */
    out->blocks = r.blocks;
    r.blocks = NULL;
    cr_round_free(&r);
    return 0;
}

int store_candidate_scores(store_t *s, long long lo, long long hi, const odate_t *as_of, const char *cut_next,
                           const json_t *levels, store_ca_scores_t *out, ov_error_t *err)
{
    return cr_scores(s, lo, hi, as_of, cut_next, levels, 0, out, err);
}

int store_candidate_scores_few(store_t *s, long long lo, long long hi, const odate_t *as_of, const char *cut_next,
                               const json_t *levels, store_ca_scores_t *out, ov_error_t *err)
{
    return cr_scores(s, lo, hi, as_of, cut_next, levels, 1, out, err);
}

void store_ca_scores_free(store_ca_scores_t *sc)
{
    text_blocks_free(sc->blocks);
    free(sc->v);
    memset(sc, 0, sizeof *sc);
}
