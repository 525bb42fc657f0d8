/*
 * letters.c: letter rows and their workflow transitions (see letters.h).
 */
#include "store/letters.h"
#include "store/entity.h"
#include "store/audit.h"
#include "store/publication.h"
#include "core/buf.h"
#include "core/approval.h"
#include <stdlib.h>
#include <string.h>

int store_letter_get(store_t *s, long long id, json_t **out, ov_error_t *err)
{
    const entity_def_t *e = entity_find("letters");
    if (!e) return ov_error_set(err, OV_EINTERNAL, "", "the letters entity is not defined");
    return store_entity_get(s, e, id, 0, out, err);
}

int store_letter_head(store_t *s, long long id, json_t **out, ov_error_t *err)
{
    return store_query_one(s, out, err, "letter",
                           "SELECT b.code AS body, l.status, l.published_on"
                           " FROM letters l JOIN bodies b ON b.id = l.body_id"
                           " WHERE l.id = ?",
                           "i", id);
}

int store_letters_list(store_t *s, const char *body, const char *public_on, json_t **out, ov_error_t *err)
{
    buf_t q = BUF_INIT;
    buf_puts(&q, "SELECT l.id, b.code AS body, l.kind, l.title, l.status, l.sent_on, l.published_on,"
                 " l.created_by, l.approved_by, l.published_by, l.version"
                 " FROM letters l JOIN bodies b ON b.id = l.body_id"
                 " WHERE (?1 IS NULL OR b.code = ?1) AND (?2 IS NULL OR ");
    store_publication_where(&q, "letters", "l", "?2");
    buf_puts(&q, ") ORDER BY l.id DESC LIMIT 1000");
    int rc = q.failed ? ov_error_set(err, OV_EINTERNAL, "", "out of memory")
                      : store_query(s, out, err, q.data, "ss", body, public_on);
    buf_free(&q);
    return rc;
}

int store_letter_editors(store_t *s, long long id, json_t **out, ov_error_t *err)
{
    json_t *rows = NULL;
    *out = NULL;
    int rc = store_query(s, &rows, err,
                         "SELECT DISTINCT actor FROM audit_log WHERE action IN ('insert', 'update') AND ("
                         "(entity = 'letters' AND entity_id = ?1)"
                         " OR (entity = 'letter-edits' AND entity_id IN (SELECT id FROM letter_edits WHERE letter_id = ?1)))"
                         " ORDER BY actor",
                         "i", id);
    if (rc) return rc;
    json_t *names = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) json_array_append(names, json_object_get(r, "actor"));
    json_decref(rows);
    *out = names;
    return names ? 0 : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
}

int store_letter_edits(store_t *s, long long id, json_t **out, ov_error_t *err)
{
    return store_query(s, out, err,
                       "SELECT id, block, old_text, text, reason, edited_by, edited_at FROM letter_edits"
                       " WHERE letter_id = ? ORDER BY id",
                       "i", id);
}

/* The strings of array a as a NULL-terminated array borrowing them (free
 * the array, not the strings); NULL when out of memory. */
static const char **string_list(const json_t *a)
{
    size_t n = json_array_size(a);
    const char **list = calloc(n + 1, sizeof *list);
    for (size_t i = 0; list && i < n; i++) list[i] = json_string_value(json_array_get(a, i));
    return list;
}

int store_letter_transition(store_t *s, long long id, long long expected_version, const char *from, const char *to,
                            const char *content, const char *by, ov_error_t *err)
{
    store_tx_t tx;
    int rc = store_tx_begin(s, &tx, err);
    if (rc) return rc;
    json_t *row = NULL, *before = NULL, *editors = NULL;
    const char **edited_by = NULL;   /* borrows the strings of editors */
    /* read under the transaction's write lock (BEGIN IMMEDIATE; on PostgreSQL
     * the writers' advisory lock): no other server changes the row until commit */
    rc = store_query_one(s, &row, err, "letter", "SELECT status, version, created_by FROM letters WHERE id = ?", "i",
                         id);
    if (rc == OV_ENOTFOUND) rc = ov_error_set(err, OV_ENOTFOUND, "", "no letter with id %lld", id);
    if (rc == 0) rc = store_audit_snapshot(s, "letters", id, &before, err);
    const char *status = rc ? NULL : json_string_value(json_object_get(row, "status"));
    long long version = rc ? 0 : json_integer_value(json_object_get(row, "version"));
    if (rc == 0 && expected_version >= 0 && version != expected_version)
        rc = ov_error_set(err, OV_ESTALE, "If-Match", "the letter changed since version %lld (now version %lld); reload it",
                          expected_version, version);
    if (rc == 0 && strcmp(status, from) != 0)
        rc = ov_error_set(err, OV_ECONFLICT, "status", "the letter is %s; only a %s letter can become %s", status, from,
                          to);
    /* the four-eyes rule (core/approval.h): whoever drafted it or changed
     * the draft does not approve it; who changed it is in the audit trail,
     * which every insert and update of a letter writes in its own
     * transaction, whatever the path (API, form, loader) */
    const char *drafted_by = rc ? NULL : json_string_value(json_object_get(row, "created_by"));
    int approving = rc == 0 && strcmp(to, "approved") == 0;
    if (approving) rc = store_letter_editors(s, id, &editors, err);
    if (approving && rc == 0 && !(edited_by = string_list(editors)))
        rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    if (approving && rc == 0) rc = approval_check_four_eyes(drafted_by, edited_by, by, err);
    long long changed = 0;
    if (rc == 0 && strcmp(to, "approved") == 0)
        /* and in the statement itself, against a writer that bypasses the lock */
        rc = store_exec(s, &changed, NULL, err,
                        "UPDATE letters SET status = ?, content = COALESCE(?, content), approved_by = ?,"
                        " approved_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), version = version + 1"
                        " WHERE id = ? AND version = ? AND status = ? AND (created_by IS NULL OR created_by = ''"
                        " OR created_by <> ?) AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'letters'"
                        " AND a.entity_id = ? AND a.action IN ('insert', 'update') AND a.actor = ?)",
                        "sssiissis", to, content, by, id, version, from, by, id, by);
    else if (rc == 0 && strcmp(to, "published") == 0)
        rc = store_exec(s, &changed, NULL, err,
                        "UPDATE letters SET status = ?, content = COALESCE(?, content), published_by = ?,"
                        " published_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), version = version + 1"
                        " WHERE id = ? AND version = ? AND status = ?",
                        "sssiis", to, content, by, id, version, from);
    else if (rc == 0)
        rc = ov_error_set(err, OV_EINVALID, "status", "a letter cannot become %s", to);
    if (rc == 0 && changed != 1)
        rc = ov_error_set(err, OV_ESTALE, "If-Match", "the letter changed while it was being %s; reload it",
                          strcmp(to, "approved") == 0 ? "approved" : "published");
    json_t *after = NULL;
    if (rc == 0) rc = store_audit_snapshot(s, "letters", id, &after, err);
    if (rc == 0) rc = store_audit_append(s, to, "letters", id, 0, before, after, err);
    json_decref(after);
    json_decref(before);
    json_decref(row);
    free(edited_by);
    json_decref(editors);
    return store_tx_end(s, &tx, rc, err);
}

int store_letter_decision(store_t *s, long long body_id, long long id, const char *to_phase, json_t **out,
                          ov_error_t *err)
{
    json_t *rows = NULL;
    *out = NULL;
    int rc = store_query(s, &rows, err,
                         "SELECT d.id, d.from_phase, d.to_phase, f.name AS from_phase_name, t.name AS to_phase_name,"
                         " d.recommended_by, d.decided_by, d.decided_on, d.effective_on, d.rationale, d.meeting"
                         " FROM decisions d JOIN phases f ON f.code = d.from_phase JOIN phases t ON t.code = d.to_phase"
                         " WHERE d.body_id = ? AND (? > 0 AND d.id = ? OR ? <= 0 AND (? IS NULL OR d.to_phase = ?))"
                         " ORDER BY d.effective_on DESC, d.id DESC LIMIT 1",
                         "iiiiss", body_id, id, id, id, to_phase, to_phase);
    if (rc) return rc;
    if (json_array_size(rows) == 0) {
        json_decref(rows);
        if (id > 0) return ov_error_set(err, OV_EINVALID, "decision_id", "no decision %lld of this body", id);
        return 0;
    }
    *out = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    return 0;
}

int store_letter_decision_choices(store_t *s, const char *body, long long limit, json_t **out, ov_error_t *err)
{
    return store_query(s, out, err,
                       "SELECT d.id, b.code AS body, b.name AS body_name, f.name AS from_phase_name,"
                       " t.name AS to_phase_name, d.effective_on"
                       " FROM decisions d JOIN bodies b ON b.id = d.body_id"
                       " JOIN phases f ON f.code = d.from_phase JOIN phases t ON t.code = d.to_phase"
                       " WHERE b.code = ? ORDER BY d.effective_on DESC, d.id DESC LIMIT ?",
                       "si", body, limit);
}

int store_letter_meeting_choices(store_t *s, const char *body, long long limit, json_t **out, ov_error_t *err)
{
    return store_query(s, out, err,
                       "SELECT DISTINCT m.id, m.held_on FROM ppog_meetings m JOIN ppog_items i ON i.meeting_id = m.id"
                       " JOIN bodies b ON b.id = i.body_id WHERE b.code = ?"
                       " ORDER BY m.held_on DESC, m.id DESC LIMIT ?",
                       "si", body, limit);
}

int store_letter_meeting_check(store_t *s, const char *body, long long meeting_id, ov_error_t *err)
{
    json_t *rows = NULL;   /* owned */
    int rc = store_query(s, &rows, err,
                         "SELECT m.id, (SELECT count(*) FROM ppog_items i JOIN bodies b ON b.id = i.body_id"
                         " WHERE i.meeting_id = m.id AND b.code = ?) AS items FROM ppog_meetings m WHERE m.id = ?",
                         "si", body, meeting_id);
    if (rc) goto done;
    json_t *m = json_array_get(rows, 0);
    if (!m) rc = ov_error_set(err, OV_EINVALID, "ppog_meeting_id", "no PPOG meeting with id %lld", meeting_id);
    else if (json_integer_value(json_object_get(m, "items")) <= 0)
        rc = ov_error_set(err, OV_EINVALID, "ppog_meeting_id",
                          "PPOG meeting %lld did not discuss %s: choose a meeting that did", meeting_id, body);
done:
    json_decref(rows);
    return rc;
}
