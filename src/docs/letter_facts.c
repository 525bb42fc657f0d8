/*
 * letter_facts.c: what a letter says, read from the record, and the letter
 * workflow (draft -> approved -> published) over the store (see letter.h).
 */
#include "docs/letter.h"
#include "store/letters.h"
#include "store/entity.h"
#include "core/jget.h"
#include <stdio.h>
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

static void to_bool(json_t *rows, const char *key)
{
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        json_t *v = json_object_get(r, key);
        if (json_is_integer(v)) json_object_set_new(r, key, json_boolean(json_integer_value(v) != 0));
    }
}

/* Causes with their recommendations (each with its requirements' texts). */
static int causes_of(store_t *s, long long body_id, json_t **out, ov_error_t *err)
{
    json_t *causes = NULL, *recs = NULL, *reqs = NULL;
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
    if (rc) {
        json_decref(causes);
        json_decref(recs);
        json_decref(reqs);
        return rc;
    }
    to_bool(causes, "accelerated");
    to_bool(causes, "added_to_engage");
    size_t i, j;
    json_t *c, *r;
    json_array_foreach(recs, i, r) {
        json_t *texts = json_array(), *mine = rows_with(reqs, "recommendation_id", int_of(r, "id"));
        json_array_foreach(mine, j, c) json_array_append(texts, json_object_get(c, "text"));
        json_decref(mine);
        json_object_set_new(r, "requirements", texts);
    }
    json_array_foreach(causes, i, c) json_object_set_new(c, "recommendations", rows_with(recs, "cause_id", int_of(c, "id")));
    json_decref(recs);
    json_decref(reqs);
    *out = causes;
    return 0;
}

/* Inspections that issued causes of concern, each with its causes and
 * revisits; causes and revisits without an inspection go to other_*. */
static int inspections_of(store_t *s, long long body_id, json_t *facts, ov_error_t *err)
{
    json_t *insp = NULL, *causes = NULL, *revisits = NULL;
    int rc = store_query(s, &insp, err,
                         "SELECT id, kind, title, commissioned_by, fieldwork_start, fieldwork_end, published_on, summary"
                         " FROM inspections WHERE body_id = ? ORDER BY COALESCE(fieldwork_start, published_on), id",
                         "i", body_id);
    if (rc == 0) rc = causes_of(s, body_id, &causes, err);
    if (rc == 0)
        rc = store_query(s, &revisits, err,
                         "SELECT id, inspection_id, title, started_on, ended_on, scope, findings FROM revisits"
                         " WHERE body_id = ? ORDER BY started_on, id",
                         "i", body_id);
    if (rc) {
        json_decref(insp);
        json_decref(causes);
        json_decref(revisits);
        return rc;
    }
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
    json_t *other_causes = json_array(), *other_revisits = json_array();
    json_array_foreach(causes, i, row)
        if (!json_is_integer(json_object_get(row, "inspection_id"))) json_array_append(other_causes, row);
    json_array_foreach(revisits, i, row)
        if (!json_is_integer(json_object_get(row, "inspection_id"))) json_array_append(other_revisits, row);
    json_object_set_new(facts, "inspections", with);
    json_object_set_new(facts, "other_causes", other_causes);
    json_object_set_new(facts, "other_revisits", other_revisits);
    json_decref(insp);
    json_decref(causes);
    json_decref(revisits);
    return 0;
}

static int external_of(store_t *s, long long body_id, json_t *facts, ov_error_t *err)
{
    json_t *rows = NULL;
    int rc = store_query(s, &rows, err,
                         "SELECT er.id AS report_id, er.title AS report, m.reference, m.text, m.status, m.closed_on"
                         " FROM external_matters m JOIN external_reports er ON er.id = m.report_id"
                         " WHERE m.body_id = ? ORDER BY er.id, m.id",
                         "i", body_id);
    if (rc) return rc;
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
    json_decref(rows);
    json_object_set_new(facts, "external_reports", reports);
    return 0;
}

/* The body's latest plan with its pillars and how many key actions and
 * outcomes it holds; null when it has none. */
static int plan_of(store_t *s, long long body_id, json_t *facts, ov_error_t *err)
{
    json_t *rows = NULL, *pillars = NULL, *counts = NULL;
    int rc = store_query(s, &rows, err,
                         "SELECT id, name, linked_plan, agreed_on, period_start, period_end, reason, description FROM plans"
                         " WHERE body_id = ? ORDER BY agreed_on DESC, id DESC LIMIT 1",
                         "i", body_id);
    if (rc) return rc;
    json_t *plan = json_array_get(rows, 0);
    if (!plan) {
        json_decref(rows);
        json_object_set_new(facts, "plan", json_null());
        return 0;
    }
    long long id = int_of(plan, "id");
    rc = store_query(s, &pillars, err,
                     "SELECT title, description FROM plan_pillars WHERE plan_id = ? ORDER BY position, id", "i", id);
    if (rc == 0)
        rc = store_query_one(s, &counts, err, "plan",
                             "SELECT (SELECT count(*) FROM plan_items WHERE plan_id = ?1 AND kind = 'key_action')"
                             " AS key_actions, (SELECT count(*) FROM plan_items WHERE plan_id = ?1 AND kind = 'outcome')"
                             " AS outcomes",
                             "i", id);
    if (rc == 0) {
        json_t *p = json_copy(plan);
        json_object_set_new(p, "pillars", pillars);
        json_object_set(p, "key_actions", json_object_get(counts, "key_actions"));
        json_object_set(p, "outcomes", json_object_get(counts, "outcomes"));
        json_object_set_new(facts, "plan", p);
        pillars = NULL;
    }
    json_decref(pillars);
    json_decref(counts);
    json_decref(rows);
    return rc;
}

/* The PPOG meeting: the one named, else the latest that discussed the body
 * on or before `until` (NULL: any). null when none. */
static int ppog_of(store_t *s, long long body_id, long long meeting_id, const char *until, json_t *facts,
                   ov_error_t *err)
{
    json_t *rows = NULL;
    int rc = store_query(s, &rows, err,
                         "SELECT m.id, m.held_on, i.outcome, i.notes FROM ppog_meetings m"
                         " LEFT JOIN ppog_items i ON i.meeting_id = m.id AND i.body_id = ?1"
                         " WHERE (?2 > 0 AND m.id = ?2) OR (?2 <= 0 AND i.id IS NOT NULL AND (?3 IS NULL OR m.held_on <= ?3))"
                         " ORDER BY m.held_on DESC, m.id DESC LIMIT 1",
                         "iis", body_id, meeting_id, until);
    if (rc) return rc;
    json_t *m = json_array_get(rows, 0);
    if (!m && meeting_id > 0) {
        json_decref(rows);
        return ov_error_set(err, OV_EINVALID, "ppog_meeting_id", "no PPOG meeting with id %lld", meeting_id);
    }
    json_object_set(facts, "ppog", m ? m : json_null());
    json_decref(rows);
    return 0;
}

int letter_facts(store_t *s, const json_t *letter, json_t **out, ov_error_t *err)
{
    *out = NULL;
    const char *code = jget_str(letter, "body"), *kind = jget_str(letter, "kind");
    if (!letter_kind_valid(kind))
        return ov_error_set(err, OV_EINVALID, "kind", "kind must be move_to_engage, return_to_scan or revisit");
    json_t *body = NULL;
    int rc = store_query_one(s, &body, err, "body",
                             "SELECT id, code, name, kind, local_policing_body, chief_officer_title FROM bodies"
                             " WHERE code = ?",
                             "s", code ? code : "");
    if (rc == OV_ENOTFOUND) return ov_error_set(err, OV_ENOTFOUND, "body", "no body with code '%s'", code ? code : "");
    if (rc) return rc;
    long long body_id = int_of(body, "id");
    char acr[16];
    letter_acronym(jget_str(body, "name"), acr, sizeof acr);
    json_object_set_new(body, "acronym", json_string(acr));
    json_object_del(body, "id");
    json_t *facts = json_pack("{s:o}", "body", body);
    json_t *decision = NULL, *entry = NULL;
    const char *to_phase = strcmp(kind, "return_to_scan") == 0 ? "scan"
                           : strcmp(kind, "move_to_engage") == 0 ? "engage" : NULL;
    long long decision_id = int_of(letter, "decision_id");
    if (to_phase || decision_id > 0) rc = store_letter_decision(s, body_id, decision_id, to_phase, &decision, err);
    if (rc == 0 && decision && to_phase && strcmp(jget_str(decision, "to_phase"), to_phase) != 0)
        rc = ov_error_set(err, OV_EINVALID, "decision_id", "decision %lld moved the body to %s, not %s", decision_id,
                          jget_str(decision, "to_phase"), to_phase);
    if (rc == 0) rc = store_letter_decision(s, body_id, 0, "engage", &entry, err);
    /* the entry that the decision ends (not a later one) */
    if (rc == 0 && entry && decision && strcmp(jget_str(decision, "to_phase"), "engage") != 0
        && strcmp(jget_str(entry, "effective_on"), jget_str(decision, "effective_on")) > 0) {
        json_t *rows = NULL;
        json_decref(entry);
        entry = NULL;
        rc = store_query(s, &rows, err,
                         "SELECT d.id, d.decided_by, d.decided_on, d.effective_on, d.rationale FROM decisions d"
                         " WHERE d.body_id = ? AND d.to_phase = 'engage' AND d.effective_on <= ?"
                         " ORDER BY d.effective_on DESC, d.id DESC LIMIT 1",
                         "is", body_id, jget_str(decision, "effective_on"));
        if (rc == 0 && json_array_size(rows)) entry = json_incref(json_array_get(rows, 0));
        json_decref(rows);
    }
    if (rc == 0) {
        json_object_set_new(facts, "decision", decision ? decision : json_null());
        json_object_set_new(facts, "engage_entry", entry ? entry : json_null());
        decision = entry = NULL;
        json_t *d = json_object_get(facts, "decision");
        const char *until = json_is_object(d) ? jget_str(d, "decided_on") : jget_str(letter, "sent_on");
        rc = ppog_of(s, body_id, int_of(letter, "ppog_meeting_id"), until, facts, err);
    }
    json_decref(decision);
    json_decref(entry);
    if (rc == 0) rc = inspections_of(s, body_id, facts, err);
    if (rc == 0) rc = external_of(s, body_id, facts, err);
    if (rc == 0) rc = plan_of(s, body_id, facts, err);
    if (rc) {
        json_decref(facts);
        return rc;
    }
    *out = facts;
    return 0;
}

/* ---- workflow ---- */

static const char *const LETTER_FIELDS[] = {"body", "kind", "title", "from_name", "from_titles", "to_name",
                                            "to_org", "cc_name", "cc_role", "sent_on", "published_on",
                                            "ppog_meeting_id", "decision_id", "conclusion", NULL};

/* Builds the model of a letter row from the record as it is now. */
static int model_now(store_t *s, const json_t *row, json_t **out, ov_error_t *err)
{
    json_t *facts = NULL;
    int rc = letter_facts(s, row, &facts, err);
    if (rc) return rc;
    *out = letter_compose(row, facts, err);
    json_decref(facts);
    return *out ? 0 : err->status ? err->status : OV_EINTERNAL;
}

static void overlay(json_t *model, const json_t *row)
{
    static const char *const KEYS[] = {"id", "status", "version", "created_by", "created_at", "approved_by",
                                       "approved_at", "published_by", "published_at", NULL};
    for (int i = 0; KEYS[i]; i++) json_object_set(model, KEYS[i], json_object_get(row, KEYS[i]));
}

int letter_view(store_t *s, long long id, json_t **out, ov_error_t *err)
{
    json_t *row = NULL, *model = NULL;
    *out = NULL;
    int rc = store_letter_get(s, id, &row, err);
    if (rc) return rc;
    const char *content = jget_str(row, "content");
    if (strcmp(jget_str(row, "status"), "draft") != 0 && content) {
        json_error_t je;
        model = json_loads(content, 0, &je);
        if (!model) rc = ov_error_set(err, OV_EINTERNAL, "", "letter %lld: stored content is not JSON: %s", id, je.text);
    } else {
        rc = model_now(s, row, &model, err);
    }
    if (rc == 0) {
        overlay(model, row);
        *out = model;
    } else json_decref(model);
    json_decref(row);
    return rc;
}

int letter_draft_for(store_t *s, const char *body, const char *kind, json_t **out, ov_error_t *err)
{
    json_t *rows = NULL;
    *out = NULL;
    if (!letter_kind_valid(kind))
        return ov_error_set(err, OV_EINVALID, "kind", "kind must be move_to_engage, return_to_scan or revisit");
    int rc = store_query(s, &rows, err,
                         "SELECT l.id FROM letters l JOIN bodies b ON b.id = l.body_id WHERE b.code = ? AND l.kind = ?"
                         " ORDER BY l.id DESC LIMIT 1",
                         "ss", body, kind);
    if (rc) return rc;
    json_t *row = NULL;
    if (json_array_size(rows)) rc = store_letter_get(s, int_of(json_array_get(rows, 0), "id"), &row, err);
    json_decref(rows);
    if (rc) return rc;
    json_t *fields = json_object();
    for (int i = 0; LETTER_FIELDS[i]; i++) {
        json_t *v = row ? json_object_get(row, LETTER_FIELDS[i]) : NULL;
        if (v && !json_is_null(v)) json_object_set(fields, LETTER_FIELDS[i], v);
    }
    json_decref(row);
    json_object_set_new(fields, "body", json_string(body));
    json_object_set_new(fields, "kind", json_string(kind));
    if (json_object_get(fields, "to_name") == NULL) rc = letter_defaults(s, fields, err);
    if (rc == 0) rc = model_now(s, fields, out, err);
    if (rc == 0) json_object_set_new(*out, "status", json_string("draft"));
    json_decref(fields);
    return rc;
}

int letter_defaults(store_t *s, json_t *in, ov_error_t *err)
{
    json_t *body = NULL;
    const char *code = jget_str(in, "body");
    int rc = store_query_one(s, &body, err, "body",
                             "SELECT name, local_policing_body, chief_officer_title FROM bodies WHERE code = ?", "s",
                             code ? code : "");
    if (rc == OV_ENOTFOUND) return ov_error_set(err, OV_ENOTFOUND, "body", "no body with code '%s'", code ? code : "");
    if (rc) return rc;
    const char *title = jget_str(body, "chief_officer_title");
    if (!json_object_get(in, "to_name") && title && *title) json_object_set_new(in, "to_name", json_string(title));
    if (!json_object_get(in, "to_org")) json_object_set(in, "to_org", json_object_get(body, "name"));
    const char *lpb = jget_str(body, "local_policing_body");
    if (!json_object_get(in, "cc_name") && lpb && *lpb) json_object_set_new(in, "cc_name", json_string(lpb));
    json_decref(body);
    return 0;
}

int letter_approve(store_t *s, long long id, long long expected_version, const char *by, ov_error_t *err)
{
    /* inside the caller's transaction when there is one (loaders batch) */
    int own = !store_in_transaction(s);
    int rc = own ? store_begin(s, err) : 0;
    if (rc) return rc;
    json_t *row = NULL, *model = NULL;
    char *content = NULL;
    rc = store_letter_get(s, id, &row, err);
    if (rc == 0 && strcmp(jget_str(row, "status"), "draft") != 0)
        rc = ov_error_set(err, OV_ECONFLICT, "status", "the letter is %s; only a draft can be approved",
                          jget_str(row, "status"));
    if (rc == 0) rc = model_now(s, row, &model, err);
    if (rc == 0) {
        /* the frozen model holds the letter's words, not its workflow state */
        json_object_del(model, "status");
        json_object_del(model, "version");
        content = json_dumps(model, JSON_COMPACT);
        if (!content) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    if (rc == 0) rc = store_letter_transition(s, id, expected_version, "draft", "approved", content, by, err);
    free(content);
    json_decref(model);
    json_decref(row);
    if (!own) return rc;
    if (rc == 0) rc = store_commit(s, err);
    else store_rollback(s);
    return rc;
}

int letter_publish(store_t *s, long long id, long long expected_version, const char *by, ov_error_t *err)
{
    return store_letter_transition(s, id, expected_version, "approved", "published", NULL, by, err);
}

int letter_publish_loaded(store_t *s, const char *today, const char *by, int *n, ov_error_t *err)
{
    json_t *rows = NULL;
    if (n) *n = 0;
    int rc = store_begin(s, err);
    if (rc) return rc;
    rc = store_query(s, &rows, err,
                     "SELECT id FROM letters WHERE status = 'draft' AND published_on IS NOT NULL"
                     " AND (?1 IS NULL OR published_on <= ?1) ORDER BY id",
                     "s", today);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        if (rc) break;
        long long id = int_of(r, "id");
        /* inside our transaction: approve and publish join it */
        rc = letter_approve(s, id, -1, by, err);
        if (rc == 0) rc = letter_publish(s, id, -1, by, err);
        if (rc == 0 && n) (*n)++;
    }
    json_decref(rows);
    if (rc == 0) rc = store_commit(s, err);
    else store_rollback(s);
    if (rc && n) *n = 0;
    return rc;
}

int letter_index(store_t *s, const char *body, int published_only, json_t **out, ov_error_t *err)
{
    json_t *rows = NULL, *one = NULL;
    *out = NULL;
    int rc = 0;
    if (body) {
        rc = store_query_one(s, &one, err, "body", "SELECT code, name FROM bodies WHERE code = ?", "s", body);
        if (rc == OV_ENOTFOUND) return ov_error_set(err, OV_ENOTFOUND, "body", "no body with code '%s'", body);
        if (rc) return rc;
    }
    rc = store_query(s, &rows, err,
                     "SELECT l.id, b.code AS body, b.name AS body_name, l.kind, l.title, l.status, l.sent_on,"
                     " l.published_on FROM letters l JOIN bodies b ON b.id = l.body_id"
                     " WHERE (?1 IS NULL OR b.code = ?1) AND (?2 = 0 OR l.status = 'published')"
                     " ORDER BY COALESCE(l.published_on, l.sent_on, '') DESC, l.id DESC LIMIT 1000",
                     "si", body, (long long)(published_only != 0));
    if (rc) {
        json_decref(one);
        return rc;
    }
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        const char *t = jget_str(r, "title");
        if (t && *t) continue;
        char title[600];
        letter_default_title(jget_str(r, "body_name"), jget_str(r, "kind"), title, sizeof title);
        json_object_set_new(r, "title", json_string(title));
    }
    *out = json_pack("{s:o, s:o}", "body", one ? one : json_null(), "letters", rows);
    return *out ? 0 : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
}
