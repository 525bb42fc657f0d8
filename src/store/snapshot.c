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
