/*
 * snapshot.c: reads a body's record for the rules, one query per part.
 * Runs inside one read transaction so the parts agree with each other.
 * Also the slim, bounded reads of deadlines and Engage candidates.
 */
#include "store/snapshot.h"
#include "store/bodies.h"
#include "store/deadline_sql.h"
#include "store/candidate_rows.h"
#include "core/rules.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct part {
    const char *key;
    const char *sql;          /* one parameter: the body id */
    const char *bools[2];
} PARTS[] = {
    {"inspections",
     "SELECT i.id, i.kind, i.title, i.published_on,"
     " (SELECT published_on FROM pcc_responses WHERE inspection_id = i.id AND body_id = i.body_id) AS pcc_response_on"
     " FROM inspections i WHERE i.body_id = ? ORDER BY i.published_on, i.id", {NULL, NULL}},
    {"causes",
     "SELECT id, inspection_id, title, text, accelerated, added_to_engage, issued_on, status, closed_on,"
     " close_override_reason, lifecycle"
     " FROM causes_of_concern WHERE body_id = ? ORDER BY issued_on, id", {"accelerated", "added_to_engage"}},
    {"recommendations",
     "SELECT r.id, r.number, r.cause_id, r.text, r.issued_on, r.acceptance, r.status, r.implemented_on, r.closed_on,"
     " r.original_deadline, COALESCE((SELECT new_deadline FROM deadline_revisions WHERE recommendation_id = r.id"
     " ORDER BY id DESC LIMIT 1), r.original_deadline) AS deadline,"
     " (SELECT count(*) FROM requirements WHERE recommendation_id = r.id) AS requirements_total,"
     " (SELECT count(*) FROM requirements WHERE recommendation_id = r.id AND status = 'met') AS requirements_met"
     " FROM recommendations r WHERE r.body_id = ? ORDER BY r.issued_on, r.id", {NULL, NULL}},
    {"plan_items",
     "SELECT pi.id, p.name AS plan, pp.title AS pillar, pi.kind, pi.text, pi.target_date, pi.rag, pi.completed_on"
     " FROM plan_items pi JOIN plans p ON p.id = pi.plan_id LEFT JOIN plan_pillars pp ON pp.id = pi.pillar_id"
     " WHERE p.body_id = ? ORDER BY pi.id", {NULL, NULL}},
    {"external_matters",
     "SELECT m.id, er.title AS report, m.reference, m.text, m.status, m.closed_on FROM external_matters m"
     " JOIN external_reports er ON er.id = m.report_id WHERE m.body_id = ? ORDER BY m.id", {NULL, NULL}},
    {"areas_for_improvement",
     "SELECT id, text, issued_on, status, closed_on FROM areas_for_improvement WHERE body_id = ? ORDER BY id",
     {NULL, NULL}},
    {"revisits", "SELECT id, title, started_on, ended_on, findings FROM revisits WHERE body_id = ? ORDER BY started_on, id",
     {NULL, NULL}},
    {"ppog",
     "SELECT m.held_on, i.outcome, i.notes FROM ppog_items i JOIN ppog_meetings m ON m.id = i.meeting_id"
     " WHERE i.body_id = ? ORDER BY m.held_on", {NULL, NULL}},
    {"indicators",
     "SELECT measure, period, value, target, higher_is_better, unit FROM indicators WHERE body_id = ?"
     " ORDER BY measure, period", {"higher_is_better", NULL}},
    {"progress_updates",
     "SELECT id, submitted_on, recommendation_id, text FROM progress_updates WHERE body_id = ? ORDER BY submitted_on, id",
     {NULL, NULL}},
};

static int grades_into(store_t *s, long long body_id, json_t *inspections, ov_error_t *err)
{
    json_t *rows = NULL;
    int rc = store_query(s, &rows, err,
                         "SELECT g.inspection_id, g.area, g.grade FROM grades g JOIN inspections i ON i.id = g.inspection_id"
                         " WHERE i.body_id = ? ORDER BY g.id", "i", body_id);
    if (rc) return rc;
    size_t i, j;
    json_t *insp, *g;
    json_array_foreach(inspections, i, insp) {
        json_t *list = json_array();
        json_int_t id = json_integer_value(json_object_get(insp, "id"));
        json_array_foreach(rows, j, g)
            if (json_integer_value(json_object_get(g, "inspection_id")) == id)
                json_array_append_new(list, json_pack("{s:O, s:O}", "area", json_object_get(g, "area"), "grade",
                                                      json_object_get(g, "grade")));
        json_object_set_new(insp, "grades", list);
    }
    json_decref(rows);
    return 0;
}

/* levels (borrowed): store_levels_json's, loaded once by the caller and
 * shared by every snapshot it makes. */
static int snapshot_of(store_t *s, const char *code, json_t *levels, json_t **out, ov_error_t *err)
{
    json_t *body = NULL;
    *out = NULL;
    int rc = store_body_get(s, code, &body, err);
    if (rc) return rc;
    json_t *idrow = NULL;
    if ((rc = store_query_one(s, &idrow, err, "", "SELECT id FROM bodies WHERE code = ?", "s", code))) {
        json_decref(body);
        return rc;
    }
    long long body_id = json_integer_value(json_object_get(idrow, "id"));
    json_decref(idrow);
    json_t *snap = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O}", "code", json_object_get(body, "code"), "name",
                             json_object_get(body, "name"), "kind", json_object_get(body, "kind"), "phase",
                             json_object_get(body, "phase"), "phase_since", json_object_get(body, "since"),
                             "periods", json_object_get(body, "history"));
    /* a retired body is no candidate, whatever its record holds (rules.h) */
    json_t *retired = json_object_get(body, "retired_on");
    if (snap && json_object_set(snap, "retired_on", retired ? retired : json_null()) != 0) {
        json_decref(snap);
        snap = NULL;
    }
    json_decref(body);
    if (!snap) return ov_error_set(err, OV_EINTERNAL, "", "snapshot of %s: missing body fields", code);
    for (size_t p = 0; p < sizeof PARTS / sizeof PARTS[0]; p++) {
        json_t *rows = NULL;
        if ((rc = store_query(s, &rows, err, PARTS[p].sql, "i", body_id))) break;
        for (int b = 0; b < 2 && PARTS[p].bools[b]; b++) store_rows_to_bool(rows, PARTS[p].bools[b]);
        json_object_set_new(snap, PARTS[p].key, rows);
    }
    if (rc == 0) rc = grades_into(s, body_id, json_object_get(snap, "inspections"), err);
    if (rc == 0 && json_object_set(snap, "levels", levels) != 0)
        rc = ov_error_set(err, OV_EINTERNAL, "", "snapshot of %s: out of memory", code);
    if (rc) {
        json_decref(snap);
        return rc;
    }
    *out = snap;
    return 0;
}

int store_body_snapshot(store_t *s, const char *code, json_t **out, ov_error_t *err)
{
    json_t *levels = NULL;
    *out = NULL;
    int rc = store_levels_json(s, &levels, err);
    if (rc == 0) rc = snapshot_of(s, code, levels, out, err);
    json_decref(levels);
    return rc;
}

int store_snapshots(store_t *s, json_t **out, ov_error_t *err)
{
    json_t *codes = NULL, *levels = NULL;
    *out = NULL;
    int rc = store_query(s, &codes, err, "SELECT code FROM bodies ORDER BY code", NULL);
    if (rc == 0) rc = store_levels_json(s, &levels, err);
    if (rc) {
        json_decref(codes);
        return rc;
    }
    json_t *all = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(codes, i, c) {
        json_t *snap = NULL;
        if ((rc = snapshot_of(s, json_string_value(json_object_get(c, "code")), levels, &snap, err))) break;
        json_array_append_new(all, snap);
    }
    json_decref(codes);
    json_decref(levels);
    if (rc) {
        json_decref(all);
        return rc;
    }
    *out = all;
    return 0;
}

/* ---- bounded snapshots for deadlines --------------------------------- */

/* The slim snapshot of row's body in bodies (by code), made when absent. */
static json_t *dl_body(json_t *bodies, json_t *row)
{
    const char *code = json_string_value(json_object_get(row, "code"));
    json_t *snap = json_object_get(bodies, code ? code : "");
    if (snap) return snap;
    snap = json_pack("{s:O, s:O, s:O, s:[], s:[], s:[], s:[]}", "code", json_object_get(row, "code"), "name",
                     json_object_get(row, "name"), "kind", json_object_get(row, "kind"), "recommendations",
                     "plan_items", "inspections", "causes");
    json_object_set_new(bodies, code ? code : "", snap);
    return snap;
}

int store_deadline_snapshots(store_t *s, const char *code, const char *today, const char *before,
                             const char *pcc_cutoff, long long limit, json_t **out, ov_error_t *err)
{
    return store_deadline_snapshots_filtered(s, code, today, before, pcc_cutoff, limit, NULL, 0, out, err);
}

int store_deadline_snapshots_filtered(store_t *s, const char *code, const char *today, const char *before,
                                      const char *pcc_cutoff, long long limit, const char *theme, int priority,
                                      json_t **out, ov_error_t *err)
{
    *out = NULL;
    static const struct { const char *sql, *key, *types; } KINDS[] = {
        {DL_RECS_ALL, "recommendations", "sssisi"}, {DL_PLAN, "plan_items", "sssi"}, {DL_PCC, "inspections", "sssiss"}};
    json_t *bodies = json_object();
    int rc = 0;
    /* plan items and PCC responses carry no theme or priority: a filter leaves them out */
    size_t kinds = theme || priority ? 1 : 3;
    for (size_t k = 0; k < kinds && rc == 0; k++) {
        json_t *rows = NULL;
        const char *sql = KINDS[k].sql == DL_RECS_ALL && code ? DL_RECS_BODY : KINDS[k].sql;
        if (k == 0)
            rc = store_query(s, &rows, err, sql, KINDS[k].types, today, before, code, limit, theme,
                             (long long)(priority > 0));
        else rc = store_query(s, &rows, err, sql, KINDS[k].types, today, before, code, limit, pcc_cutoff,
                              RULES_PCC_BODY_KIND);
        if (rc) break;
        size_t i;
        json_t *row;
        json_array_foreach(rows, i, row) {
            json_t *snap = dl_body(bodies, row);
            json_object_del(row, "code");
            json_object_del(row, "name");
            json_object_del(row, "kind");
            json_array_append(json_object_get(snap, KINDS[k].key), row);
        }
        json_decref(rows);
    }
    /* the causes of bodies whose recommendations name one, in snapshot order */
    const char *key;
    json_t *snap;
    json_object_foreach(bodies, key, snap) {
        if (rc) break;
        int any = 0;
        size_t i;
        json_t *r;
        json_array_foreach(json_object_get(snap, "recommendations"), i, r) any |= !json_is_null(json_object_get(r, "cause_id"));
        if (!any) continue;
        json_t *causes = NULL;
        rc = store_query(s, &causes, err,
                         "SELECT c.id FROM causes_of_concern c JOIN bodies b ON b.id = c.body_id WHERE b.code = ?"
                         " ORDER BY c.issued_on, c.id", "s", key);
        if (rc == 0) json_object_set_new(snap, "causes", causes);
    }
    json_t *all = json_array();
    json_object_foreach(bodies, key, snap) json_array_append(all, snap);
    json_decref(bodies);
    if (rc) {
        json_decref(all);
        return rc;
    }
    *out = all;
    return 0;
}

/* ---- bounded snapshots for Engage candidates ------------------------- */

/* Two readings of the same parts, per body in id order, each part in the
 * order of the full snapshot (PARTS). For the ranking (rules_engage_score):
 * the bodies with ids in [?1, ?2], and only what a score reads (the _SLIM
 * forms). For the page: the bodies of a list of CA_IDS ids (repeated to fill
 * it), with what the reasons read too; ?97 is as_of there. */
#define CA_Q8 "?, ?, ?, ?, ?, ?, ?, ?"
#define CA_Q32 CA_Q8 ", " CA_Q8 ", " CA_Q8 ", " CA_Q8
#define CA_IDS_LIST "(" CA_Q32 ", " CA_Q32 ", " CA_Q32 ")"
#define CA_IDS 96
#define CA_AS_OF "?97"
#define CA_RANGE(col) " " col " BETWEEN ?1 AND ?2"
#define CA_LIST(col) " " col " IN " CA_IDS_LIST

/* a retired body (store/body_changes.h) is no candidate: its record is kept,
 * read-only, and nothing more will happen to it */
#define CA_BODIES(cols, where) "SELECT " cols " FROM bodies WHERE retired_on IS NULL AND" where " ORDER BY id"
static const char CA_BODIES_SLIM[] = CA_BODIES("id AS body_id, code, kind, phase", CA_RANGE("id"));
static const char CA_BODIES_PAGE[] = CA_BODIES("id AS body_id, code, name, kind, phase, phase_since", CA_LIST("id"));
#define CA_DECISIONS(where) \
    "SELECT body_id, from_phase, to_phase, effective_on FROM decisions WHERE" where " ORDER BY body_id, effective_on, id"
static const char CA_DECISIONS_SLIM[] = CA_DECISIONS(CA_RANGE("body_id"));
static const char CA_DECISIONS_PAGE[] = CA_DECISIONS(CA_LIST("body_id"));
#define CA_INSPECTIONS(cols, where) \
    "SELECT i.body_id, i.id, " cols "i.published_on," \
    " (SELECT published_on FROM pcc_responses WHERE inspection_id = i.id AND body_id = i.body_id) AS pcc_response_on" \
    " FROM inspections i WHERE" where " ORDER BY i.body_id, i.published_on, i.id"
static const char CA_INSPECTIONS_SLIM[] = CA_INSPECTIONS("", CA_RANGE("i.body_id"));
static const char CA_INSPECTIONS_PAGE[] = CA_INSPECTIONS("i.kind, i.title, ", CA_LIST("i.body_id"));
/* in the order of the inspections (then their own), so that one walk
 * matches them */
#define CA_GRADES(where) \
    "SELECT g.inspection_id, g.area, g.grade FROM grades g JOIN inspections i ON i.id = g.inspection_id" \
    " WHERE" where " ORDER BY i.body_id, i.published_on, i.id, g.id"
static const char CA_GRADES_SLIM[] = CA_GRADES(CA_RANGE("i.body_id"));
static const char CA_GRADES_PAGE[] = CA_GRADES(CA_LIST("i.body_id"));
#define CA_CAUSES(cols, where) "SELECT " cols " FROM causes_of_concern WHERE" where " ORDER BY body_id, issued_on, id"
static const char CA_CAUSES_SLIM[] = CA_CAUSES("body_id, accelerated, issued_on, status, closed_on", CA_RANGE("body_id"));
static const char CA_CAUSES_PAGE[] = CA_CAUSES(
    "body_id, id, title, accelerated, added_to_engage, issued_on, status, closed_on, close_override_reason, lifecycle",
    CA_LIST("body_id"));
/* Only the recommendations overdue at as_of, as signs_overdue (core/rules_candidates.c)
 * counts them: not closed by as_of, issued by it, current deadline before it
 * (dates compared by their first day; status is never NULL in the schema).
 * The current deadline is the stored one (026: due_deadline, the latest
 * revision's else the original, and 025: due_first_day, its first day),
 * not a join to the latest revision: PostgreSQL hashed every revision for
 * each list of ids (200,000 rows, 15 of the 20 ms of each of the page's
 * reads at 100,000 bodies). */
static const char CA_RECS_PAGE[] =
    "SELECT r.body_id, r.id, r.number, r.cause_id, r.issued_on, r.status, r.closed_on, r.original_deadline,"
    " r.due_deadline AS deadline FROM recommendations r WHERE" CA_LIST("r.body_id")
    " AND (r.status IS NULL OR r.status <> 'closed' OR (r.closed_on IS NOT NULL AND " FIRST_DAY("r.closed_on") " > " CA_AS_OF "))"
    " AND (r.issued_on IS NULL OR " FIRST_DAY("r.issued_on") " <= " CA_AS_OF ")"
    " AND r.due_deadline IS NOT NULL AND r.due_first_day < " CA_AS_OF " ORDER BY r.body_id, r.issued_on, r.id";
/* Not a fact dated (x) before a decision, effective by as_of (before
 * `next`, the day after it cut by day_cut), that returned the body from a
 * higher level of its framework to the routine one: that decision weighed
 * it (core/rules_candidates.c, rules_returned_on). */
#define CA_NOT_BEFORE_RETURN(x, next) \
    " AND NOT EXISTS (SELECT 1 FROM decisions ret JOIN phases ret_f ON ret_f.code = ret.from_phase" \
    " JOIN phases ret_t ON ret_t.code = ret.to_phase WHERE ret.body_id = r.body_id AND ret_t.level = 1" \
    " AND ret_f.level > 1 AND ret.effective_on < " next " AND " FIRST_DAY(x) " < " FIRST_DAY("ret.effective_on") ")"
/* The same counted per body (n), with one of their current deadlines: a
 * recommendation of that deadline alone is one the rules count as overdue
 * (no issue day counts as issued, no status as not closed), which is all a
 * score needs. (A window query for each body's first whole row sorted
 * every overdue recommendation: 6 of the 7 s at 100,000 bodies.) This runs
 * over every recommendation, so its dates are compared as they are, with
 * no FIRST_DAY: ?3 is as_of and ?4 the day after it, each cut by
 * day_cut. */
static const char CA_RECS_SLIM[] =
    "SELECT r.body_id, count(*) AS n, min(" CURRENT_DEADLINE ") AS deadline"
    " FROM recommendations r" JOIN_LATEST_REVISION " WHERE" CA_RANGE("r.body_id")
    " AND (r.status <> 'closed' OR r.closed_on >= ?4 OR r.status IS NULL) AND (r.issued_on IS NULL OR r.issued_on < ?4)"
    " AND " CURRENT_DEADLINE " < ?3" CA_NOT_BEFORE_RETURN(CURRENT_DEADLINE, "?4") " GROUP BY r.body_id ORDER BY r.body_id";
#define CA_INDICATORS(cols, where) \
    "SELECT body_id, measure, period, value, target, higher_is_better" cols " FROM indicators" \
    " WHERE" where " ORDER BY body_id, measure, period"
static const char CA_INDICATORS_SLIM[] = CA_INDICATORS("", CA_RANGE("body_id"));
static const char CA_INDICATORS_PAGE[] = CA_INDICATORS(", unit", CA_LIST("body_id"));

/* day (YYYY-MM-DD) without a trailing "-01" and then another: "2025-01-01"
 * -> "2025", "2025-03-01" -> "2025-03", others as they are. For a date x
 * kept at its precision (YYYY, YYYY-MM or YYYY-MM-DD), FIRST_DAY(x) < day
 * exactly when x < day_cut(day) as text: x's first day is before day when
 * the part x has is before day's, or equal to it and day is later in it. */
static void day_cut(const char *day, char out[DATE_TEXT_MAX])
{
    snprintf(out, DATE_TEXT_MAX, "%s", day);
    size_t n = strlen(out);
    if (n == 10 && strcmp(out + 7, "-01") == 0) out[n = 7] = '\0';
    if (n == 7 && strcmp(out + 4, "-01") == 0) out[4] = '\0';
}

static json_int_t int_of(const json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

/* The snapshot of body_id in snaps (in body id order), looked for from *at
 * on, which it moves: rows come in body order. NULL when not in snaps. */
static json_t *ca_walk(json_t *snaps, size_t *at, json_int_t body_id)
{
    json_t *snap;
    while ((snap = json_array_get(snaps, *at)) && int_of(snap, "body_id") < body_id) (*at)++;
    return snap && int_of(snap, "body_id") == body_id ? snap : NULL;
}

int store_body_id_range(store_t *s, long long *lo, long long *hi, ov_error_t *err)
{
    json_t *row = NULL;
    *lo = *hi = 0;
    /* two subqueries: each is one seek at an end of the key, where min and
     * max in one select scan every body (SQLite) */
    int rc = store_query_one(s, &row, err, "",
                             "SELECT (SELECT min(id) FROM bodies) AS lo, (SELECT max(id) FROM bodies) AS hi", NULL);
    if (rc) return rc;
    *lo = json_integer_value(json_object_get(row, "lo"));
    *hi = json_integer_value(json_object_get(row, "hi"));
    json_decref(row);
    return 0;
}

/* Each snapshot's periods as store_body_get builds them (bodies.c
 * phase_periods): the first runs from the start of records in the level
 * before the first decision (its from_phase), or with none in the body's
 * current level; each decision (rows by body, in order) starts the next.
 * 0, or -1 on ENOMEM. */
static int ca_periods(json_t *snaps, json_t *decisions)
{
    int oom = 0;
    size_t i, d = 0;
    json_t *snap, *row;
    json_array_foreach(snaps, i, snap) {
        if (oom) break;
        json_int_t id = int_of(snap, "body_id");
        while ((row = json_array_get(decisions, d)) && int_of(row, "body_id") < id) d++;
        if (!row || int_of(row, "body_id") != id) {
            const char *cur = json_string_value(json_object_get(snap, "phase"));
            if (json_object_set_new(snap, "periods", json_pack("[{s:s, s:n, s:n}]", "phase", cur ? cur : "", "from", "to")))
                oom = 1;
            continue;
        }
        json_t *periods = json_array(), *phase = json_incref(json_object_get(row, "from_phase")), *from = json_null();
        if (!periods || !phase) oom = 1;
        for (; (row = json_array_get(decisions, d)) && int_of(row, "body_id") == id; d++) {
            json_t *eff = json_object_get(row, "effective_on");
            if (json_array_append_new(periods, json_pack("{s:O, s:O, s:O}", "phase", phase, "from", from, "to", eff)))
                oom = 1;
            json_decref(phase);
            json_decref(from);
            phase = json_incref(json_object_get(row, "to_phase"));
            from = json_incref(eff);
        }
        if (json_array_append_new(periods, json_pack("{s:O, s:O, s:n}", "phase", phase, "from", from, "to"))) oom = 1;
        json_decref(phase);
        json_decref(from);
        if (json_object_set_new(snap, "periods", periods)) oom = 1;
    }
    return oom ? -1 : 0;
}

/* Appends row to snap's list key, made on the first. 0, or -1 on ENOMEM. */
static int ca_append(json_t *snap, const char *key, json_t *row)
{
    json_t *list = json_object_get(snap, key);
    if (!list && json_object_set_new(snap, key, list = json_array())) return -1;
    return json_array_append(list, row);
}

/* Which bodies a reading is of, and what its queries are bound to. */
typedef struct {
    int page;                  /* 0: the ranking's range, 1: a page's list */
    long long lo, hi;          /* the range */
    const long long *ids;      /* the list, 1..CA_IDS ids */
    size_t n;
    const char *as_of, *cut, *cut_next;
    store_ca_page_t *rows;     /* set (a page): the recommendations read into it as rows */
} ca_read_t;

/* ---- a page's recommendations as rows (store_candidate_page_rows) ---- */

/* A copy of the cell (len bytes) in p's blocks; NULL for NULL, or with
 * *oom set. */
static const char *ca_keep(store_ca_page_t *p, const char *cell, size_t len, int *oom)
{
    return text_keep(&p->blocks, cell, len, oom);
}

/* The reading of CA_RECS_PAGE's rows (body_id, id, number, cause_id,
 * issued_on, status, closed_on, original_deadline, deadline) into p->v,
 * each row's body id beside it in body. */
typedef struct {
    store_ca_page_t *p;
    long long *body;   /* each row's body id, parallel to p->v */
    size_t cap;
} ca_recs_reading_t;

static int ca_take_rec(void *ctx, const store_row_t *row, ov_error_t *err)
{
    ca_recs_reading_t *rd = ctx;
    store_ca_page_t *p = rd->p;
    if (row->n != 9) return ov_error_set(err, OV_EINTERNAL, "", "candidates: %d columns", row->n);
    int oom = 0;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 1024;
        rules_ca_rec_t *v = realloc(p->v, cap * sizeof *v);
        if (!v) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        p->v = v;
        p->cap = cap;
    }
    if (rd->cap < p->cap) {
        long long *b = realloc(rd->body, p->cap * sizeof *b);
        if (!b) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        rd->body = b;
        rd->cap = p->cap;
    }
    const char *const *c = row->cell;
    const size_t *l = row->len;
    rd->body[p->n] = row->num[0];
    p->v[p->n++] = (rules_ca_rec_t){
        .id = row->num[1], .cause_id = c[3] ? row->num[3] : 0, .has_cause = c[3] != NULL,
        .number = ca_keep(p, c[2], l[2], &oom), .issued_on = ca_keep(p, c[4], l[4], &oom),
        .status = ca_keep(p, c[5], l[5], &oom), .closed_on = ca_keep(p, c[6], l[6], &oom),
        .original_deadline = ca_keep(p, c[7], l[7], &oom), .deadline = ca_keep(p, c[8], l[8], &oom)};
    return oom ? ov_error_set(err, OV_EINTERNAL, "", "out of memory") : 0;
}

#define CA_T8 "iiiiiiii"
#define CA_T32 CA_T8 CA_T8 CA_T8 CA_T8
#define CA_B8(i) b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5], b[i + 6], b[i + 7]
#define CA_B32(i) CA_B8(i), CA_B8(i + 8), CA_B8(i + 16), CA_B8(i + 24)

/* CA_RECS_PAGE for the reading's list of ids into rd (rows by body id). */
static int ca_recs_rows(store_t *s, const ca_read_t *r, ca_recs_reading_t *rd, ov_error_t *err)
{
    long long b[CA_IDS];
    for (size_t i = 0; i < CA_IDS; i++) b[i] = r->ids[i < r->n ? i : r->n - 1];
    return store_query_each_num(s, err, ca_take_rec, rd, 1 | 2 | 8, CA_RECS_PAGE, CA_T32 CA_T32 CA_T32 "s", CA_B32(0),
                                CA_B32(32), CA_B32(64), r->as_of);
}

/* Runs one of the reading's queries (the form for r->page) into *rows. */
static int ca_query(store_t *s, const ca_read_t *r, const char *sql, int recs, json_t **rows, ov_error_t *err)
{
    if (!r->page) return recs ? store_query(s, rows, err, sql, "iiss", r->lo, r->hi, r->cut, r->cut_next)
                              : store_query(s, rows, err, sql, "ii", r->lo, r->hi);
    json_t *params = json_array();
    int oom = !params;
    for (size_t i = 0; i < CA_IDS && !oom; i++)
        oom = json_array_append_new(params, json_integer(r->ids[i < r->n ? i : r->n - 1])) != 0;
    if (!oom && recs) oom = json_array_append_new(params, json_string(r->as_of)) != 0;
    int rc = oom ? ov_error_set(err, OV_EINTERNAL, "", "out of memory") : store_query_params(s, rows, err, sql, params);
    json_decref(params);
    return rc;
}

/* The snapshots of a reading (new array in *out, by body id). */
static int ca_read(store_t *s, const ca_read_t *r, json_t **out, ov_error_t *err)
{
    static const struct { const char *sql[2], *key, *bools[2]; } KINDS[] = {
        {{CA_INSPECTIONS_SLIM, CA_INSPECTIONS_PAGE}, "inspections", {NULL, NULL}},
        {{CA_CAUSES_SLIM, CA_CAUSES_PAGE}, "causes", {"accelerated", "added_to_engage"}},
        {{CA_RECS_SLIM, CA_RECS_PAGE}, "recommendations", {NULL, NULL}},
        {{CA_INDICATORS_SLIM, CA_INDICATORS_PAGE}, "indicators", {"higher_is_better", NULL}},
    };
    const int p = r->page != 0;
    json_t *all = NULL, *decisions = NULL, *inspections = NULL, *grades = NULL, *row;
    size_t i, at;
    int oom = 0;
    *out = NULL;
    int rc = ca_query(s, r, p ? CA_BODIES_PAGE : CA_BODIES_SLIM, 0, &all, err);
    if (rc == 0) rc = ca_query(s, r, p ? CA_DECISIONS_PAGE : CA_DECISIONS_SLIM, 0, &decisions, err);
    if (rc == 0) oom = ca_periods(all, decisions);
    if (rc == 0) {   /* one object of the levels, shared by every snapshot */
        json_t *levels = NULL;
        if ((rc = store_levels_json(s, &levels, err)) == 0) {
            json_array_foreach(all, i, row) if (json_object_set(row, "levels", levels)) oom = 1;
            json_decref(levels);
        }
    }
    for (size_t k = 0; k < sizeof KINDS / sizeof KINDS[0] && rc == 0; k++) {
        json_t *rows = NULL;
        const int recs = KINDS[k].sql[0] == CA_RECS_SLIM, insp = KINDS[k].sql[0] == CA_INSPECTIONS_SLIM;
        if (recs && r->rows) continue;   /* read as rows (store_candidate_page_rows) */
        if ((rc = ca_query(s, r, KINDS[k].sql[p], recs, &rows, err))) break;
        for (int b = 0; b < 2 && KINDS[k].bools[b]; b++) store_rows_to_bool(rows, KINDS[k].bools[b]);
        at = 0;
        json_array_foreach(rows, i, row) {
            json_t *b = ca_walk(all, &at, int_of(row, "body_id"));
            if (!b) continue;
            if (recs && !p && json_object_set_new(b, "overdue_more", json_integer(int_of(row, "n") - 1)))
                oom = 1;   /* the others, counted */
            if (insp && json_object_set_new(row, "grades", json_array())) oom = 1;
            if (ca_append(b, KINDS[k].key, row)) oom = 1;
        }
        if (insp) inspections = rows;   /* kept for the grades */
        else json_decref(rows);
    }
    if (rc == 0) rc = ca_query(s, r, p ? CA_GRADES_PAGE : CA_GRADES_SLIM, 0, &grades, err);
    at = 0;
    json_array_foreach(grades, i, row) {   /* both in the same order */
        json_int_t id = int_of(row, "inspection_id");
        json_t *in;
        while ((in = json_array_get(inspections, at)) && int_of(in, "id") != id) at++;
        if (in && json_array_append_new(json_object_get(in, "grades"), json_pack("{s:O, s:O}", "area",
                                                                                    json_object_get(row, "area"), "grade",
                                                                                    json_object_get(row, "grade"))))
            oom = 1;
    }
    if (rc == 0 && oom) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    json_decref(decisions);
    json_decref(inspections);
    json_decref(grades);
    if (rc) {
        json_decref(all);
        return rc;
    }
    *out = all;
    return 0;
}

int store_candidate_snapshots(store_t *s, long long lo_id, long long hi_id, const char *as_of, json_t **out,
                              ov_error_t *err)
{
    odate_t day, next;
    char cut[DATE_TEXT_MAX], next_day[DATE_TEXT_MAX], cut_next[DATE_TEXT_MAX];
    *out = NULL;
    if (date_parse_day(as_of, &day) != 0) return ov_error_set(err, OV_EINVALID, "as_of", "not a day: %s", as_of);
    next = date_add_days(&day, 1);
    date_format(&next, next_day);
    day_cut(as_of, cut);
    day_cut(next_day, cut_next);
    ca_read_t r = {.page = 0, .lo = lo_id, .hi = hi_id, .as_of = as_of, .cut = cut, .cut_next = cut_next};
    return ca_read(s, &r, out, err);
}

int store_candidate_page_snapshots(store_t *s, const long long *ids, size_t n, const char *as_of, json_t **out,
                                   ov_error_t *err)
{
    json_t *all = json_array();
    *out = NULL;
    if (!all) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i += CA_IDS) {
        ca_read_t r = {.page = 1, .ids = ids + i, .n = n - i < CA_IDS ? n - i : CA_IDS, .as_of = as_of};
        json_t *some = NULL;
        if ((rc = ca_read(s, &r, &some, err)) == 0 && json_array_extend(all, some))
            rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        json_decref(some);
    }
    if (rc) {
        json_decref(all);
        return rc;
    }
    *out = all;
    return 0;
}

void store_ca_page_free(store_ca_page_t *p)
{
    text_blocks_free(p->blocks);
    json_decref(p->snaps);
    free(p->recs);
    free(p->v);
    memset(p, 0, sizeof *p);
}

int store_candidate_page_rows(store_t *s, const long long *ids, size_t n, const char *as_of, store_ca_page_t *out,
                              ov_error_t *err)
{
    memset(out, 0, sizeof *out);
    ca_recs_reading_t rd = {out, NULL, 0};
    size_t *at = NULL;   /* where each snapshot's recommendations start in out->v */
    size_t nsnaps = 0;
    /* recs never NULL (rules_engage_candidates_write_rows), even for no body */
    out->snaps = json_array();
    out->recs = calloc(1, sizeof *out->recs);
    int rc = out->snaps && out->recs ? 0 : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    for (size_t i = 0; i < n && rc == 0; i += CA_IDS) {
        ca_read_t r = {.page = 1, .ids = ids + i, .n = n - i < CA_IDS ? n - i : CA_IDS, .as_of = as_of, .rows = out};
        json_t *some = NULL;
        size_t first = out->n;
        if ((rc = ca_read(s, &r, &some, err)) == 0) rc = ca_recs_rows(s, &r, &rd, err);
        size_t more = json_array_size(some);
        size_t *a = rc == 0 ? realloc(at, (nsnaps + more + 1) * sizeof *a) : NULL;
        rules_ca_recs_t *recs = a ? realloc(out->recs, (nsnaps + more + 1) * sizeof *recs) : NULL;
        if (a) at = a;
        if (recs) out->recs = recs;
        if (rc == 0 && (!a || !recs || json_array_extend(out->snaps, some)))
            rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        /* both by body id: each snapshot's rows follow the last's */
        size_t k = first;
        for (size_t j = 0; rc == 0 && j < more; j++) {
            json_int_t id = int_of(json_array_get(some, j), "body_id");
            while (k < out->n && rd.body[k] < id) k++;
            at[nsnaps + j] = k;
            size_t m = 0;
            while (k < out->n && rd.body[k] == id) k++, m++;
            out->recs[nsnaps + j].n = m;
        }
        if (rc == 0) nsnaps += more;
        json_decref(some);
    }
    for (size_t j = 0; rc == 0 && j < nsnaps; j++) out->recs[j].v = out->v + at[j];
    free(at);
    free(rd.body);
    if (rc) store_ca_page_free(out);
    return rc;
}

/* A body's place in the ranking: score, then code. */
typedef struct {
    long long score, body_id;
    char *code;   /* owned in the kept ranking, borrowed from a round's snapshots before */
} ca_rank_t;

/* x before y in the rules' order: score descending, then code. */
static int ca_before(const ca_rank_t *x, const ca_rank_t *y)
{
    if (x->score != y->score) return x->score > y->score;
    return strcmp(x->code, y->code) < 0;
}

static int ca_cmp(const void *a, const void *b)
{
    const ca_rank_t *x = a, *y = b;
    return ca_before(x, y) ? -1 : ca_before(y, x) ? 1 : 0;
}

/* Sift c[at] down the heap c[0..n) whose root is the last in the rules'
 * order (ca_best). */
static void ca_sift(ca_rank_t *c, size_t n, size_t at)
{
    for (;;) {
        size_t l = 2 * at + 1, r = l + 1, last = at;
        if (l < n && ca_before(&c[last], &c[l])) last = l;
        if (r < n && ca_before(&c[last], &c[r])) last = r;
        if (last == at) return;
        ca_rank_t t = c[at];
        c[at] = c[last];
        c[last] = t;
        at = last;
    }
}

/* Moves the first `keep` of c[0..n) in the rules' order to c[0..) and
 * sorts them; their number. A heap of the kept (its root the last of
 * them) meets each other one in one comparison, mostly: not a sort of
 * every candidate of the round for the first thousand. */
static size_t ca_best(ca_rank_t *c, size_t n, size_t keep)
{
    if (keep == 0) return 0;
    if (n > keep) {
        for (size_t i = keep / 2 + 1; i-- > 0;) ca_sift(c, keep, i);
        for (size_t i = keep; i < n; i++) {
            if (!ca_before(&c[i], &c[0])) continue;
            c[0] = c[i];
            ca_sift(c, keep, 0);
        }
        n = keep;
    }
    qsort(c, n, sizeof *c, ca_cmp);
    return n;
}

/* Frees the codes of v[0..n) and v. */
static void ca_free(ca_rank_t *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) free(v[i].code);
    free(v);
}

/* Merges the sorted round c (borrowed codes) into the sorted *kept (owned),
 * keeping the first `keep`. 0, or -1 on ENOMEM (*kept then freed, empty). */
static int ca_merge(ca_rank_t **kept, size_t *nkept, const ca_rank_t *c, size_t nc, size_t keep)
{
    size_t n = *nkept + nc < keep ? *nkept + nc : keep, i = 0, j = 0, k = 0;
    ca_rank_t *m = malloc((n ? n : 1) * sizeof *m);
    int oom = !m;
    for (; !oom && k < n; k++) {
        if (i < *nkept && (j >= nc || ca_before(&(*kept)[i], &c[j]))) {
            m[k] = (*kept)[i++];
        } else {
            m[k] = c[j++];
            if (!(m[k].code = strdup(m[k].code))) oom = 1;
        }
    }
    for (size_t r = i; r < *nkept; r++) free((*kept)[r].code);
    free(*kept);
    if (oom) {
        ca_free(m, k);
        *kept = NULL;
        *nkept = 0;
        return -1;
    }
    *kept = m;
    *nkept = n;
    return 0;
}

/* The two rounds of store_engage_candidates: *snaps (new array) gets the
 * snapshots of the page's bodies, for the rules' reasons; or with snaps
 * NULL, *rows (store_candidate_page_rows; freed by the caller when 0 is
 * returned). */
static int ca_page(store_t *s, const odate_t *as_of, long long offset, long long limit, long long chunk, json_t **snaps,
                   store_ca_page_t *rows, long long *total, ov_error_t *err)
{
    if (snaps) *snaps = NULL;
    *total = 0;
    if (chunk < 1) chunk = STORE_CANDIDATES_CHUNK;
    odate_t day = date_first_day(as_of), next = date_add_days(&day, 1);
    char asof[DATE_TEXT_MAX], next_day[DATE_TEXT_MAX], cut_next[DATE_TEXT_MAX];
    date_format(&day, asof);
    date_format(&next, next_day);
    day_cut(next_day, cut_next);
    long long lo, hi;
    json_t *levels = NULL, *lv = NULL;
    int rc = store_body_id_range(s, &lo, &hi, err);
    if (rc == 0) rc = store_levels_json(s, &levels, err);
    if (rc == 0 && !(lv = json_pack("{s:O}", "levels", levels))) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    /* round 1: every body's score on plain rows (overdue recommendations
     * counted, not read), keeping the first offset + limit */
    size_t keep = (size_t)(offset + limit), nkept = 0;
    ca_rank_t *kept = NULL;
    for (long long a = lo; rc == 0 && a <= hi && hi > 0; a += chunk) {
        store_ca_scores_t sc;
        if ((rc = store_candidate_scores(s, a, a + chunk - 1, as_of, cut_next, lv, &sc, err)))
            break;
        ca_rank_t *c = malloc((sc.n ? sc.n : 1) * sizeof *c);
        for (size_t i = 0; c && i < sc.n; i++) c[i] = (ca_rank_t){sc.v[i].score, sc.v[i].body_id, (char *)sc.v[i].code};
        size_t nbest = c ? ca_best(c, sc.n, keep) : 0;
        if (!c || ca_merge(&kept, &nkept, c, nbest, keep))
            rc = ov_error_set(err, OV_EINTERNAL, "", "Engage candidates could not be computed");
        *total += (long long)sc.n;
        free(c);   /* its codes were the scores' */
        store_ca_scores_free(&sc);
    }
    json_decref(levels);
    json_decref(lv);
    /* round 2: the page's bodies in full (every overdue recommendation), for
     * the rules over them to give the reasons, in the same order */
    size_t from = (size_t)offset < nkept ? (size_t)offset : nkept;
    long long *ids = malloc((nkept - from + 1) * sizeof *ids);
    if (rc == 0 && !ids) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    for (size_t i = from; rc == 0 && i < nkept; i++) ids[i - from] = kept[i].body_id;
    if (rc == 0)
        rc = snaps ? store_candidate_page_snapshots(s, ids, nkept - from, asof, snaps, err)
                   : store_candidate_page_rows(s, ids, nkept - from, asof, rows, err);
    free(ids);
    ca_free(kept, nkept);
    return rc;
}

int store_engage_candidates(store_t *s, const odate_t *as_of, long long offset, long long limit, long long chunk,
                            json_t **page, long long *total, ov_error_t *err)
{
    json_t *snaps = NULL, *out = NULL;
    *page = NULL;
    int rc = ca_page(s, as_of, offset, limit, chunk, &snaps, NULL, total, err);
    if (rc == 0 && !(out = rules_engage_candidates(snaps, as_of)))
        rc = ov_error_set(err, OV_EINTERNAL, "", "Engage candidates could not be computed");
    json_decref(snaps);
    if (rc) return rc;
    *page = out;
    return 0;
}

int store_engage_candidates_text(store_t *s, const odate_t *as_of, long long offset, long long limit, long long chunk,
                                 buf_t *page, long long *total, ov_error_t *err)
{
    store_ca_page_t rows;
    int rc = ca_page(s, as_of, offset, limit, chunk, NULL, &rows, total, err);
    if (rc == 0) {
        jw_t w;
        jw_init(&w, page);
        if (rules_engage_candidates_write_rows(rows.snaps, rows.recs, as_of, &w) != 0 || jw_finish(&w) != 0)
            rc = ov_error_set(err, OV_EINTERNAL, "", "Engage candidates could not be computed");
        store_ca_page_free(&rows);
    }
    return rc;
}

void store_day_cut(const char *day, char out[DATE_TEXT_MAX]) { day_cut(day, out); }
