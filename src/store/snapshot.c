/*
 * snapshot.c: reads a body's record for the rules, one query per part.
 * Runs inside one read transaction so the parts agree with each other.
 * Also the slim, bounded reads of deadlines and Engage candidates.
 */
#include "store/snapshot.h"
#include "store/bodies.h"
#include "core/rules.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void to_bool(json_t *rows, const char *key)
{
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        json_t *v = json_object_get(r, key);
        if (json_is_integer(v)) json_object_set_new(r, key, json_boolean(json_integer_value(v) != 0));
    }
}

static const struct part {
    const char *key;
    const char *sql;          /* one parameter: the body id */
    const char *bools[2];
} PARTS[] = {
    {"inspections",
     "SELECT i.id, i.kind, i.title, i.published_on,"
     " (SELECT published_on FROM pcc_responses WHERE inspection_id = i.id) AS pcc_response_on"
     " FROM inspections i WHERE i.body_id = ? ORDER BY i.published_on, i.id", {NULL, NULL}},
    {"causes",
     "SELECT id, title, text, accelerated, added_to_engage, issued_on, status, closed_on, close_override_reason"
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

static int snapshot_of(store_t *s, const char *code, json_t **out, ov_error_t *err)
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
    json_decref(body);
    if (!snap) return ov_error_set(err, OV_EINTERNAL, "", "snapshot of %s: missing body fields", code);
    for (size_t p = 0; p < sizeof PARTS / sizeof PARTS[0]; p++) {
        json_t *rows = NULL;
        if ((rc = store_query(s, &rows, err, PARTS[p].sql, "i", body_id))) break;
        for (int b = 0; b < 2 && PARTS[p].bools[b]; b++) to_bool(rows, PARTS[p].bools[b]);
        json_object_set_new(snap, PARTS[p].key, rows);
    }
    if (rc == 0) rc = grades_into(s, body_id, json_object_get(snap, "inspections"), err);
    if (rc) {
        json_decref(snap);
        return rc;
    }
    *out = snap;
    return 0;
}

int store_body_snapshot(store_t *s, const char *code, json_t **out, ov_error_t *err)
{
    return snapshot_of(s, code, out, err);
}

int store_snapshots(store_t *s, json_t **out, ov_error_t *err)
{
    json_t *codes = NULL;
    *out = NULL;
    int rc = store_query(s, &codes, err, "SELECT code FROM bodies ORDER BY code", NULL);
    if (rc) return rc;
    json_t *all = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(codes, i, c) {
        json_t *snap = NULL;
        if ((rc = snapshot_of(s, json_string_value(json_object_get(c, "code")), &snap, err))) break;
        json_array_append_new(all, snap);
    }
    json_decref(codes);
    if (rc) {
        json_decref(all);
        return rc;
    }
    *out = all;
    return 0;
}

/* ---- bounded snapshots for deadlines --------------------------------- */

/* The first day of a date kept at its precision ("2025" -> "2025-01-01"). */
#define FIRST_DAY(x) "(CASE length(" x ") WHEN 4 THEN " x " || '-01-01' WHEN 7 THEN " x " || '-01' ELSE " x " END)"

/* ?1 today, ?2 before, ?3 body code or NULL, ?4 limit, ?5 PCC cutoff */
static const char DL_RECS[] =
    "SELECT code, name, id, number, cause_id, issued_on, status, closed_on, original_deadline, deadline FROM ("
    " SELECT b.code, b.name, r.id, r.number, r.cause_id, r.issued_on, r.status, r.closed_on, r.original_deadline,"
    " COALESCE((SELECT new_deadline FROM deadline_revisions WHERE recommendation_id = r.id ORDER BY id DESC LIMIT 1),"
    " r.original_deadline) AS deadline"
    " FROM recommendations r JOIN bodies b ON b.id = r.body_id"
    " WHERE (r.status <> 'closed' OR (r.closed_on IS NOT NULL AND " FIRST_DAY("r.closed_on") " > ?1))"
    " AND (r.issued_on IS NULL OR " FIRST_DAY("r.issued_on") " <= ?1) AND (?3 IS NULL OR b.code = ?3)) x"
    " WHERE deadline IS NOT NULL AND " FIRST_DAY("deadline") " < ?2"
    " ORDER BY " FIRST_DAY("deadline") ", code, issued_on, id LIMIT ?4";
static const char DL_PLAN[] =
    "SELECT b.code, b.name, pi.id, pi.text, pi.target_date, pi.rag, pi.completed_on"
    " FROM plan_items pi JOIN plans p ON p.id = pi.plan_id JOIN bodies b ON b.id = p.body_id"
    " WHERE pi.target_date IS NOT NULL AND " FIRST_DAY("pi.target_date") " < ?2"
    " AND ((pi.completed_on IS NOT NULL AND " FIRST_DAY("pi.completed_on") " > ?1)"
    " OR (pi.completed_on IS NULL AND pi.rag <> 'complete')) AND (?3 IS NULL OR b.code = ?3)"
    " ORDER BY " FIRST_DAY("pi.target_date") ", b.code, pi.id LIMIT ?4";
static const char DL_PCC[] =
    "SELECT b.code, b.name, i.id, i.title, i.published_on,"
    " (SELECT published_on FROM pcc_responses WHERE inspection_id = i.id) AS pcc_response_on"
    " FROM inspections i JOIN bodies b ON b.id = i.body_id"
    " WHERE length(i.published_on) = 10 AND i.published_on <= ?1 AND i.published_on < ?5"
    " AND NOT EXISTS (SELECT 1 FROM pcc_responses pr WHERE pr.inspection_id = i.id"
    " AND " FIRST_DAY("pr.published_on") " <= ?1) AND (?3 IS NULL OR b.code = ?3) AND ?2 IS NOT NULL"
    " ORDER BY i.published_on, b.code, i.id LIMIT ?4";

/* The slim snapshot of row's body in bodies (by code), made when absent. */
static json_t *dl_body(json_t *bodies, json_t *row)
{
    const char *code = json_string_value(json_object_get(row, "code"));
    json_t *snap = json_object_get(bodies, code ? code : "");
    if (snap) return snap;
    snap = json_pack("{s:O, s:O, s:[], s:[], s:[], s:[]}", "code", json_object_get(row, "code"), "name",
                     json_object_get(row, "name"), "recommendations", "plan_items", "inspections", "causes");
    json_object_set_new(bodies, code ? code : "", snap);
    return snap;
}

int store_deadline_snapshots(store_t *s, const char *code, const char *today, const char *before,
                             const char *pcc_cutoff, long long limit, json_t **out, ov_error_t *err)
{
    *out = NULL;
    static const struct { const char *sql, *key, *types; } KINDS[] = {
        {DL_RECS, "recommendations", "sssi"}, {DL_PLAN, "plan_items", "sssi"}, {DL_PCC, "inspections", "sssis"}};
    json_t *bodies = json_object();
    int rc = 0;
    for (size_t k = 0; k < 3 && rc == 0; k++) {
        json_t *rows = NULL;
        if ((rc = store_query(s, &rows, err, KINDS[k].sql, KINDS[k].types, today, before, code, limit, pcc_cutoff))) break;
        size_t i;
        json_t *row;
        json_array_foreach(rows, i, row) {
            json_t *snap = dl_body(bodies, row);
            json_object_del(row, "code");
            json_object_del(row, "name");
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

/* ?1, ?2 the body id range; ?3 as_of (its first day). Per body in id order,
 * each part in the order of the full snapshot (PARTS). */
static const char CA_BODIES[] = "SELECT id, code, name, kind, phase, phase_since FROM bodies WHERE id BETWEEN ? AND ? ORDER BY id";
static const char CA_DECISIONS[] =
    "SELECT body_id, to_phase, effective_on FROM decisions WHERE body_id BETWEEN ? AND ? ORDER BY body_id, effective_on, id";
static const char CA_INSPECTIONS[] =
    "SELECT i.body_id, i.id, i.kind, i.title, i.published_on,"
    " (SELECT published_on FROM pcc_responses WHERE inspection_id = i.id) AS pcc_response_on"
    " FROM inspections i WHERE i.body_id BETWEEN ? AND ? ORDER BY i.body_id, i.published_on, i.id";
static const char CA_GRADES[] =
    "SELECT g.inspection_id, g.area, g.grade FROM grades g JOIN inspections i ON i.id = g.inspection_id"
    " WHERE i.body_id BETWEEN ? AND ? ORDER BY g.id";
static const char CA_CAUSES[] =
    "SELECT body_id, id, title, accelerated, added_to_engage, issued_on, status, closed_on, close_override_reason"
    " FROM causes_of_concern WHERE body_id BETWEEN ? AND ? ORDER BY body_id, issued_on, id";
/* Only the recommendations overdue at as_of, as signs_overdue (core/rules.c)
 * counts them: not closed by as_of, issued by it, current deadline before it
 * (dates compared by their first day; status is never NULL in the schema). */
#define CA_RECS_OVERDUE \
    "SELECT r.body_id, r.id, r.number, r.cause_id, r.issued_on, r.status, r.closed_on, r.original_deadline," \
    " COALESCE((SELECT new_deadline FROM deadline_revisions WHERE recommendation_id = r.id" \
    " ORDER BY id DESC LIMIT 1), r.original_deadline) AS deadline" \
    " FROM recommendations r WHERE r.body_id BETWEEN ?1 AND ?2" \
    " AND (r.status IS NULL OR r.status <> 'closed' OR (r.closed_on IS NOT NULL AND " FIRST_DAY("r.closed_on") " > ?3))" \
    " AND (r.issued_on IS NULL OR " FIRST_DAY("r.issued_on") " <= ?3)"
static const char CA_RECS[] =
    "SELECT body_id, id, number, cause_id, issued_on, status, closed_on, original_deadline, deadline"
    " FROM (" CA_RECS_OVERDUE ") x WHERE deadline IS NOT NULL AND " FIRST_DAY("deadline") " < ?3"
    " ORDER BY body_id, issued_on, id";
/* the same, first of each body only, with how many there are (n) */
static const char CA_RECS_FIRST[] =
    "SELECT body_id, id, number, cause_id, issued_on, status, closed_on, original_deadline, deadline, n FROM ("
    " SELECT x.*, row_number() OVER (PARTITION BY body_id ORDER BY issued_on, id) AS k,"
    " count(*) OVER (PARTITION BY body_id) AS n"
    " FROM (" CA_RECS_OVERDUE ") x WHERE deadline IS NOT NULL AND " FIRST_DAY("deadline") " < ?3) y"
    " WHERE k = 1 ORDER BY body_id";
static const char CA_INDICATORS[] =
    "SELECT body_id, measure, period, value, target, higher_is_better, unit FROM indicators"
    " WHERE body_id BETWEEN ? AND ? ORDER BY body_id, measure, period";

/* The snapshot of row's body_id in by_id (a key per body id); the column
 * body_id is dropped from row. NULL when the body is not in the range. */
static json_t *ca_body(json_t *by_id, json_t *row)
{
    char k[32];
    snprintf(k, sizeof k, "%lld", (long long)json_integer_value(json_object_get(row, "body_id")));
    json_object_del(row, "body_id");
    return json_object_get(by_id, k);
}

int store_body_id_range(store_t *s, long long *lo, long long *hi, ov_error_t *err)
{
    json_t *row = NULL;
    *lo = *hi = 0;
    int rc = store_query_one(s, &row, err, "", "SELECT min(id) AS lo, max(id) AS hi FROM bodies", NULL);
    if (rc) return rc;
    *lo = json_integer_value(json_object_get(row, "lo"));
    *hi = json_integer_value(json_object_get(row, "hi"));
    json_decref(row);
    return 0;
}

int store_candidate_snapshots(store_t *s, long long lo_id, long long hi_id, const char *as_of, int first_only,
                              json_t **out, ov_error_t *err)
{
    *out = NULL;
    json_t *bodies = NULL, *def = NULL, *by_id = json_object(), *all = json_array();
    int rc = store_query(s, &bodies, err, CA_BODIES, "ii", lo_id, hi_id);
    if (rc == 0) rc = store_query_one(s, &def, err, "no default phase", "SELECT code FROM phases WHERE is_default = 1", NULL);
    if (rc) goto done;
    size_t i;
    json_t *row;
    json_array_foreach(bodies, i, row) {
        json_t *snap = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:[], s:[], s:[], s:[]}", "body_id", json_object_get(row, "id"),
                                 "code", json_object_get(row, "code"),
                                 "name", json_object_get(row, "name"), "kind", json_object_get(row, "kind"), "phase",
                                 json_object_get(row, "phase"), "phase_since", json_object_get(row, "phase_since"),
                                 "inspections", "causes", "recommendations", "indicators");
        if (!snap) {
            rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
            goto done;
        }
        char k[32];
        snprintf(k, sizeof k, "%lld", (long long)json_integer_value(json_object_get(row, "id")));
        json_object_set_new(by_id, k, snap);
        json_array_append(all, snap);
    }
    /* periods as store_body_get builds them (bodies.c phase_periods): the
     * first runs from the start of records in the default phase; each
     * decision starts the next */
    json_t *decisions = NULL;
    if ((rc = store_query(s, &decisions, err, CA_DECISIONS, "ii", lo_id, hi_id))) goto done;
    const char *default_phase = json_string_value(json_object_get(def, "code"));
    json_t *snap;
    json_array_foreach(all, i, snap) json_object_set_new(snap, "periods", json_array());
    /* per body: the phase its next period is in, and when it started */
    json_t *state = json_object();
    json_array_foreach(decisions, i, row) {
        json_t *b = ca_body(by_id, row);
        if (!b) continue;
        const char *code = json_string_value(json_object_get(b, "code"));
        json_t *st = json_object_get(state, code);
        if (!st) {
            st = json_pack("{s:s, s:n}", "phase", default_phase, "from");
            json_object_set_new(state, code, st);
        }
        json_t *eff = json_object_get(row, "effective_on");
        json_array_append_new(json_object_get(b, "periods"),
                              json_pack("{s:O, s:O, s:O}", "phase", json_object_get(st, "phase"), "from",
                                        json_object_get(st, "from"), "to", eff));
        json_object_set(st, "from", eff);
        json_object_set(st, "phase", json_object_get(row, "to_phase"));
    }
    json_array_foreach(all, i, snap) {
        json_t *st = json_object_get(state, json_string_value(json_object_get(snap, "code")));
        json_array_append_new(json_object_get(snap, "periods"),
                              st ? json_pack("{s:O, s:O, s:n}", "phase", json_object_get(st, "phase"), "from",
                                             json_object_get(st, "from"), "to")
                                 : json_pack("{s:s, s:n, s:n}", "phase", default_phase, "from", "to"));
    }
    json_decref(state);
    json_decref(decisions);

    static const struct { const char *sql, *key, *bools[2]; } KINDS[] = {
        {CA_INSPECTIONS, "inspections", {NULL, NULL}},
        {CA_CAUSES, "causes", {"accelerated", "added_to_engage"}},
        {CA_RECS, "recommendations", {NULL, NULL}},
        {CA_INDICATORS, "indicators", {"higher_is_better", NULL}},
    };
    json_t *inspections = json_object();   /* id -> inspection, for the grades */
    for (size_t k = 0; k < sizeof KINDS / sizeof KINDS[0] && rc == 0; k++) {
        json_t *rows = NULL;
        if (KINDS[k].sql == CA_RECS)
            rc = store_query(s, &rows, err, first_only ? CA_RECS_FIRST : CA_RECS, "iis", lo_id, hi_id, as_of);
        else rc = store_query(s, &rows, err, KINDS[k].sql, "ii", lo_id, hi_id);
        if (rc) break;
        for (int b = 0; b < 2 && KINDS[k].bools[b]; b++) to_bool(rows, KINDS[k].bools[b]);
        json_array_foreach(rows, i, row) {
            json_t *b = ca_body(by_id, row);
            if (!b) continue;
            if (KINDS[k].sql == CA_RECS && first_only) {   /* the others, counted */
                json_object_set_new(b, "overdue_more", json_integer(json_integer_value(json_object_get(row, "n")) - 1));
                json_object_del(row, "n");
            }
            if (KINDS[k].sql == CA_INSPECTIONS) {
                char id[32];
                snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(row, "id")));
                json_object_set_new(row, "grades", json_array());
                json_object_set(inspections, id, row);
            }
            json_array_append(json_object_get(b, KINDS[k].key), row);
        }
        json_decref(rows);
    }
    if (rc == 0) {
        json_t *grades = NULL;
        rc = store_query(s, &grades, err, CA_GRADES, "ii", lo_id, hi_id);
        json_array_foreach(grades, i, row) {
            char id[32];
            snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(row, "inspection_id")));
            json_t *in = json_object_get(inspections, id);
            if (in)
                json_array_append_new(json_object_get(in, "grades"), json_pack("{s:O, s:O}", "area", json_object_get(row, "area"),
                                                                                "grade", json_object_get(row, "grade")));
        }
        json_decref(grades);
    }
    json_decref(inspections);
done:
    json_decref(bodies);
    json_decref(def);
    json_decref(by_id);
    if (rc) {
        json_decref(all);
        return rc;
    }
    *out = all;
    return 0;
}

/* Candidates in the rules' order: score descending, then code. */
static int ca_before(const json_t *x, const json_t *y)
{
    json_int_t sx = json_integer_value(json_object_get(x, "score")), sy = json_integer_value(json_object_get(y, "score"));
    if (sx != sy) return sx > sy;
    return strcmp(json_string_value(json_object_get(x, "code")), json_string_value(json_object_get(y, "code"))) < 0;
}

static int ca_cmp(const void *a, const void *b)
{
    const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    return ca_before(x, y) ? -1 : ca_before(y, x) ? 1 : 0;
}

/* The first n of the two sorted arrays a and b merged (new array). */
static json_t *ca_merge(json_t *a, json_t *b, size_t n)
{
    json_t *m = json_array();
    size_t i = 0, j = 0, na = json_array_size(a), nb = json_array_size(b);
    while (m && json_array_size(m) < n && (i < na || j < nb)) {
        json_t *x = i < na ? json_array_get(a, i) : NULL, *y = j < nb ? json_array_get(b, j) : NULL;
        if (x && (!y || ca_before(x, y))) {
            json_array_append(m, x);
            i++;
        } else {
            json_array_append(m, y);
            j++;
        }
    }
    return m;
}

/* Round 1 over snaps (slim, first overdue recommendation only): the
 * candidates as {code, score, body_id}, sorted; score counts every overdue
 * recommendation (the rules saw one of them, overdue_more are the rest, 1
 * each). New array, NULL on ENOMEM. */
static json_t *ca_scores(json_t *snaps, const odate_t *as_of)
{
    json_t *c = rules_engage_candidates(snaps, as_of);
    if (!c) return NULL;
    json_t *by_code = json_object(), *out = json_array();
    size_t i, n = json_array_size(c);
    json_t *x;
    json_array_foreach(snaps, i, x) json_object_set(by_code, json_string_value(json_object_get(x, "code")), x);
    json_t **v = malloc((n ? n : 1) * sizeof *v);
    int oom = !v || !by_code || !out;
    for (i = 0; !oom && i < n; i++) {
        x = json_array_get(c, i);
        json_t *snap = json_object_get(by_code, json_string_value(json_object_get(x, "code")));
        json_int_t score = json_integer_value(json_object_get(x, "score"))
                           + json_integer_value(json_object_get(snap, "overdue_more"));
        v[i] = json_pack("{s:O, s:I, s:O}", "code", json_object_get(x, "code"), "score", score, "body_id",
                         json_object_get(snap, "body_id"));
        if (!v[i]) {
            for (size_t k = 0; k < i; k++) json_decref(v[k]);
            oom = 1;
        }
    }
    if (!oom) {
        qsort(v, n, sizeof *v, ca_cmp);
        for (i = 0; i < n; i++) json_array_append_new(out, v[i]);
    }
    free(v);
    json_decref(by_code);
    json_decref(c);
    if (oom) {
        json_decref(out);
        return NULL;
    }
    return out;
}

int store_engage_candidates(store_t *s, const odate_t *as_of, long long offset, long long limit, long long chunk,
                            json_t **page, long long *total, ov_error_t *err)
{
    *page = NULL;
    *total = 0;
    if (chunk < 1) chunk = STORE_CANDIDATES_CHUNK;
    odate_t day = date_first_day(as_of);
    char asof[DATE_TEXT_MAX];
    date_format(&day, asof);
    long long lo, hi;
    int rc = store_body_id_range(s, &lo, &hi, err);
    if (rc) return rc;
    /* round 1: every body's score, from slim snapshots holding one overdue
     * recommendation each (and how many more), keeping the first
     * offset + limit */
    size_t keep = (size_t)(offset + limit);
    json_t *kept = json_array();
    for (long long a = lo; rc == 0 && a <= hi && hi > 0; a += chunk) {
        json_t *snaps = NULL;
        if ((rc = store_candidate_snapshots(s, a, a + chunk - 1, asof, 1, &snaps, err))) break;
        json_t *c = ca_scores(snaps, as_of);
        json_decref(snaps);
        json_t *m = c ? ca_merge(kept, c, keep) : NULL;
        if (!m) {
            json_decref(c);
            rc = ov_error_set(err, OV_EINTERNAL, "", "Engage candidates could not be computed");
            break;
        }
        *total += (long long)json_array_size(c);
        json_decref(c);
        json_decref(kept);
        kept = m;
    }
    /* round 2: the page's bodies in full (every overdue recommendation), the
     * rules over them give the reasons, in the same order */
    json_t *snaps = json_array(), *out = NULL;
    for (size_t i = (size_t)offset; rc == 0 && i < json_array_size(kept); i++) {
        long long id = json_integer_value(json_object_get(json_array_get(kept, i), "body_id"));
        json_t *one = NULL;
        if ((rc = store_candidate_snapshots(s, id, id, asof, 0, &one, err))) break;
        json_array_extend(snaps, one);
        json_decref(one);
    }
    if (rc == 0 && !(out = rules_engage_candidates(snaps, as_of)))
        rc = ov_error_set(err, OV_EINTERNAL, "", "Engage candidates could not be computed");
    json_decref(snaps);
    json_decref(kept);
    if (rc) return rc;
    *page = out;
    return 0;
}
