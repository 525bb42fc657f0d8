/*
 * snapshot.c: reads a body's record for the rules, one query per part.
 * Runs inside one read transaction so the parts agree with each other.
 */
#include "store/snapshot.h"
#include "store/bodies.h"
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
