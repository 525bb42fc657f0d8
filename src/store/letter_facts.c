/*
 * letter_facts.c: SQL for what a letter says and for the letter rows the
 * workflow picks (see letter_facts.h). Rows are read per table and nested
 * here by their keys (cause -> recommendations -> requirement texts,
 * inspection -> causes and revisits), so the letter code sees facts, not
 * tables.
 */
#include "store/letter_facts.h"
#include "store/publication.h"
#include "core/buf.h"
#include <string.h>

static long long int_of(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? json_integer_value(v) : 0;
}

/* Rows of `rows` whose `key` equals id, as a new array (borrowing nothing). */
static json_t *rows_with(const json_t *rows, const char *key, long long id)
{
    json_t *out = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
        if (int_of(r, key) == id) json_array_append(out, r);
    return out;
}

/* The first row of a query's rows as a new reference, or NULL. */
static json_t *first_row(const json_t *rows)
{
    json_t *r = json_array_get(rows, 0);
    return r ? json_incref(r) : NULL;
}

int store_letter_body(store_t *s, const char *code, json_t **out, ov_error_t *err)
{
    *out = NULL;
    int rc = store_query_one(s, out, err, "body",
                             "SELECT id, code, name, kind, local_policing_body, chief_officer_title FROM bodies"
                             " WHERE code = ?",
                             "s", code);
    if (rc == OV_ENOTFOUND) return ov_error_set(err, OV_ENOTFOUND, "body", "no body with code '%s'", code);
    return rc;
}

int store_letter_engage_entry(store_t *s, long long body_id, const char *on, json_t **out, ov_error_t *err)
{
    json_t *rows = NULL;
    *out = NULL;
    int rc = store_query(s, &rows, err,
                         "SELECT d.id, d.decided_by, d.decided_on, d.effective_on, d.rationale FROM decisions d"
                         " WHERE d.body_id = ? AND d.to_phase = 'engage' AND d.effective_on <= ?"
                         " ORDER BY d.effective_on DESC, d.id DESC LIMIT 1",
                         "is", body_id, on);
    if (rc == 0) *out = first_row(rows);
    json_decref(rows);
    return rc;
}

int store_letter_ppog(store_t *s, long long body_id, long long meeting_id, const char *until, json_t **out,
                      ov_error_t *err)
{
    json_t *rows = NULL;
    *out = NULL;
    int rc = store_query(s, &rows, err,
                         "SELECT m.id, m.held_on, i.outcome, i.notes FROM ppog_meetings m"
                         " LEFT JOIN ppog_items i ON i.meeting_id = m.id AND i.body_id = ?1"
                         " WHERE (?2 > 0 AND m.id = ?2)"
                         " OR (?2 <= 0 AND i.id IS NOT NULL AND (?3 IS NULL OR m.held_on <= ?3))"
                         " ORDER BY m.held_on DESC, m.id DESC LIMIT 1",
                         "iis", body_id, meeting_id, until);
    if (rc) goto done;
    *out = first_row(rows);
    if (!*out && meeting_id > 0)
        rc = ov_error_set(err, OV_EINVALID, "ppog_meeting_id", "no PPOG meeting with id %lld", meeting_id);
done:
    json_decref(rows);
    return rc;
}

/* Causes of body_id with their recommendations (each with its
 * requirements' texts), as a new array in *out. */
static int causes_of(store_t *s, long long body_id, json_t **out, ov_error_t *err)
{
    json_t *causes = NULL, *recs = NULL, *reqs = NULL;
    *out = NULL;
    int rc = store_query(s, &causes, err,
                         "SELECT id, inspection_id, title, text, accelerated, added_to_engage, issued_on, status,"
                         " closed_on FROM causes_of_concern WHERE body_id = ? ORDER BY issued_on, id",
                         "i", body_id);
    if (rc == 0)
        rc = store_query(s, &recs, err,
                         "SELECT r.id, r.cause_id, r.number, r.text, r.original_deadline,"
                         " COALESCE((SELECT new_deadline FROM deadline_revisions WHERE recommendation_id = r.id"
                         " ORDER BY id DESC LIMIT 1), r.original_deadline) AS deadline, r.status, r.closed_on"
                         " FROM recommendations r WHERE r.body_id = ? ORDER BY r.issued_on, r.id",
                         "i", body_id);
    if (rc == 0)
        rc = store_query(s, &reqs, err,
                         "SELECT q.recommendation_id, q.text, q.status FROM requirements q"
                         " JOIN recommendations r ON r.id = q.recommendation_id WHERE r.body_id = ?"
                         " ORDER BY q.recommendation_id, q.position, q.id",
                         "i", body_id);
    if (rc) goto done;
    store_rows_to_bool(causes, "accelerated");
    store_rows_to_bool(causes, "added_to_engage");
    size_t i, j;
    json_t *c, *r;
    json_array_foreach(recs, i, r) {
        json_t *texts = json_array(), *mine = rows_with(reqs, "recommendation_id", int_of(r, "id"));
        json_array_foreach(mine, j, c) json_array_append(texts, json_object_get(c, "text"));
        json_decref(mine);
        json_object_set_new(r, "requirements", texts);
    }
    json_array_foreach(causes, i, c)
        json_object_set_new(c, "recommendations", rows_with(recs, "cause_id", int_of(c, "id")));
    *out = causes;
    causes = NULL;
done:
    json_decref(causes);
    json_decref(recs);
    json_decref(reqs);
    return rc;
}

int store_letter_inspections(store_t *s, long long body_id, json_t **inspections, json_t **other_causes,
                             json_t **other_revisits, ov_error_t *err)
{
    json_t *insp = NULL, *causes = NULL, *revisits = NULL;
    *inspections = *other_causes = *other_revisits = NULL;
    int rc = store_query(s, &insp, err,
                         "SELECT id, kind, title, commissioned_by, fieldwork_start, fieldwork_end, published_on,"
                         " summary"
                         " FROM inspections WHERE body_id = ? ORDER BY COALESCE(fieldwork_start, published_on), id",
                         "i", body_id);
    if (rc == 0) rc = causes_of(s, body_id, &causes, err);
    if (rc == 0)
        rc = store_query(s, &revisits, err,
                         "SELECT id, inspection_id, title, started_on, ended_on, scope, findings FROM revisits"
                         " WHERE body_id = ? ORDER BY started_on, id",
                         "i", body_id);
    if (rc) goto done;
    json_t *with = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(insp, i, row) {
        json_t *mine = rows_with(causes, "inspection_id", int_of(row, "id"));
        if (json_array_size(mine) == 0) {
            json_decref(mine);
            continue;
        }
        json_t *copy = json_copy(row);
        json_object_set_new(copy, "causes", mine);
        json_object_set_new(copy, "revisits", rows_with(revisits, "inspection_id", int_of(row, "id")));
        json_array_append_new(with, copy);
    }
    json_t *oc = json_array(), *orv = json_array();
    json_array_foreach(causes, i, row)
        if (!json_is_integer(json_object_get(row, "inspection_id"))) json_array_append(oc, row);
    json_array_foreach(revisits, i, row)
        if (!json_is_integer(json_object_get(row, "inspection_id"))) json_array_append(orv, row);
    *inspections = with;
    *other_causes = oc;
    *other_revisits = orv;
done:
    json_decref(insp);
    json_decref(causes);
    json_decref(revisits);
    return rc;
}

int store_letter_external_reports(store_t *s, long long body_id, json_t **out, ov_error_t *err)
{
    json_t *rows = NULL;
    *out = NULL;
    int rc = store_query(s, &rows, err,
                         "SELECT er.id AS report_id, er.title AS report, m.reference, m.text, m.status, m.closed_on"
                         " FROM external_matters m JOIN external_reports er ON er.id = m.report_id"
                         " WHERE m.body_id = ? ORDER BY er.id, m.id",
                         "i", body_id);
    if (rc) goto done;
    json_t *reports = json_array();
    long long last = 0;
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        if (int_of(r, "report_id") != last) {
            last = int_of(r, "report_id");
            json_array_append_new(reports, json_pack("{s:O, s:o}", "title", json_object_get(r, "report"), "matters",
                                                     json_array()));
        }
        json_t *matters = json_object_get(json_array_get(reports, json_array_size(reports) - 1), "matters");
        json_array_append_new(matters, json_pack("{s:O, s:O, s:O, s:O}", "reference", json_object_get(r, "reference"),
                                                 "text", json_object_get(r, "text"), "status",
                                                 json_object_get(r, "status"), "closed_on",
                                                 json_object_get(r, "closed_on")));
    }
    *out = reports;
done:
    json_decref(rows);
    return rc;
}

int store_letter_plan(store_t *s, long long body_id, json_t **out, ov_error_t *err)
{
    json_t *rows = NULL, *pillars = NULL, *counts = NULL;
    *out = NULL;
    int rc = store_query(s, &rows, err,
                         "SELECT id, name, linked_plan, agreed_on, period_start, period_end, reason, description"
                         " FROM plans"
                         " WHERE body_id = ? ORDER BY agreed_on DESC, id DESC LIMIT 1",
                         "i", body_id);
    json_t *plan = rc ? NULL : json_array_get(rows, 0);
    if (!plan) goto done;
    long long id = int_of(plan, "id");
    rc = store_query(s, &pillars, err,
                     "SELECT title, description FROM plan_pillars WHERE plan_id = ? ORDER BY position, id", "i", id);
    if (rc == 0)
        rc = store_query_one(s, &counts, err, "plan",
                             "SELECT (SELECT count(*) FROM plan_items WHERE plan_id = ?1 AND kind = 'key_action')"
                             " AS key_actions,"
                             " (SELECT count(*) FROM plan_items WHERE plan_id = ?1 AND kind = 'outcome')"
                             " AS outcomes",
                             "i", id);
    if (rc) goto done;
    json_t *p = json_copy(plan);
    json_object_set_new(p, "pillars", pillars);
    pillars = NULL;
    json_object_set(p, "key_actions", json_object_get(counts, "key_actions"));
    json_object_set(p, "outcomes", json_object_get(counts, "outcomes"));
    *out = p;
done:
    json_decref(pillars);
    json_decref(counts);
    json_decref(rows);
    return rc;
}

int store_letter_latest_id(store_t *s, const char *body, const char *kind, long long *id, ov_error_t *err)
{
    json_t *rows = NULL;
    *id = 0;
    int rc = store_query(s, &rows, err,
                         "SELECT l.id FROM letters l JOIN bodies b ON b.id = l.body_id WHERE b.code = ? AND l.kind = ?"
                         " ORDER BY l.id DESC LIMIT 1",
                         "ss", body, kind);
    if (rc == 0 && json_array_size(rows)) *id = int_of(json_array_get(rows, 0), "id");
    json_decref(rows);
    return rc;
}

int store_letters_loaded_drafts(store_t *s, const char *today, json_t **out, ov_error_t *err)
{
    *out = NULL;
    return store_query(s, out, err,
                       "SELECT id FROM letters WHERE status = 'draft' AND published_on IS NOT NULL"
                       " AND (?1 IS NULL OR published_on <= ?1) ORDER BY id",
                       "s", today);
}

int store_letters_index(store_t *s, const char *body, const char *public_on, json_t **out, ov_error_t *err)
{
    *out = NULL;
    buf_t q = BUF_INIT;
    buf_puts(&q, "SELECT l.id, b.code AS body, b.name AS body_name, l.kind, l.title, l.status, l.sent_on,"
                 " l.published_on FROM letters l JOIN bodies b ON b.id = l.body_id"
                 " WHERE (?1 IS NULL OR b.code = ?1) AND (?2 IS NULL OR ");
    store_publication_where(&q, "letters", "l", "?2");
    buf_puts(&q, ") ORDER BY COALESCE(l.published_on, l.sent_on, '') DESC, l.id DESC LIMIT 1000");
    int rc = q.failed ? ov_error_set(err, OV_EINTERNAL, "", "out of memory")
                      : store_query(s, out, err, q.data, "ss", body, public_on);
    buf_free(&q);
    return rc;
}
