/*
 * work.c: the work queues' rows besides deadlines (work.h). Plain
 * prepared queries with bound parameters, portable to both backends.
 */
#include "store/work.h"
#include "store/publication.h"
#include "core/buf.h"
#include <stdlib.h>

int store_work_claims(store_t *s, const char *code, json_t **out, ov_error_t *err)
{
    return store_query(s, out, err,
                       "SELECT r.id, r.number, r.cause_id,"
                       /* the cause's place in its report, to name the item as the letters do */
                       " (SELECT count(*) FROM causes_of_concern c0 JOIN causes_of_concern cn ON cn.inspection_id = c0.inspection_id"
                       " WHERE c0.id = r.cause_id AND (cn.issued_on < c0.issued_on"
                       " OR (cn.issued_on = c0.issued_on AND cn.id <= c0.id))) AS cause_number,"
                       " COALESCE(r.implemented_on,"
                       " (SELECT max(sc.changed_on) FROM status_changes sc WHERE sc.entity = 'recommendations'"
                       " AND sc.entity_id = r.id AND sc.to_status = 'implemented')) AS claimed_on,"
                       " b.code, b.name, b.kind AS body_kind"
                       " FROM recommendations r JOIN bodies b ON b.id = r.body_id"
                       " WHERE r.status = 'implemented' AND (?1 IS NULL OR b.code = ?1)"
                       " ORDER BY 5, b.code, r.id",
                       "s", code);
}

int store_work_letters(store_t *s, const char *code, json_t **out, ov_error_t *err)
{
    return store_query(s, out, err,
                       "SELECT l.id, l.kind, l.title, l.status, l.created_at, l.approved_at, l.created_by,"
                       " b.code, b.name, b.kind AS body_kind"
                       " FROM letters l JOIN bodies b ON b.id = l.body_id"
                       " WHERE l.status IN ('draft', 'approved') AND (?1 IS NULL OR b.code = ?1)"
                       " ORDER BY l.created_at, l.id",
                       "s", code);
}

int store_work_revisits(store_t *s, const char *code, const char *today, json_t **out, ov_error_t *err)
{
    return store_query(s, out, err,
                       "SELECT v.id, v.title, v.started_on, v.ended_on, b.code, b.name, b.kind AS body_kind"
                       " FROM revisits v JOIN bodies b ON b.id = v.body_id"
                       " WHERE (v.started_on > ?2 OR v.ended_on IS NULL) AND (?1 IS NULL OR b.code = ?1)"
                       " ORDER BY v.started_on, b.code, v.id",
                       "ss", code, today);
}

int store_work_asked(store_t *s, const char *code, json_t **out, ov_error_t *err)
{
    return store_query(s, out, err,
                       /* a derived table: PostgreSQL orders by an output name only as it stands */
                       "SELECT * FROM (SELECT r.id, r.number, r.cause_id,"
                       " (SELECT count(*) FROM causes_of_concern c0 JOIN causes_of_concern cn ON cn.inspection_id = c0.inspection_id"
                       " WHERE c0.id = r.cause_id AND (cn.issued_on < c0.issued_on"
                       " OR (cn.issued_on = c0.issued_on AND cn.id <= c0.id))) AS cause_number,"
                       " r.status, COALESCE((SELECT d.new_deadline"
                       " FROM deadline_revisions d WHERE d.recommendation_id = r.id ORDER BY d.id DESC LIMIT 1),"
                       " r.original_deadline) AS deadline, b.code, b.name, b.kind AS body_kind"
                       " FROM recommendations r JOIN bodies b ON b.id = r.body_id"
                       " WHERE r.status IN ('open', 'in_progress') AND (?1 IS NULL OR b.code = ?1)) q"
                       " ORDER BY q.deadline IS NULL, q.deadline, q.code, q.id",
                       "s", code);
}

int store_work_sent(store_t *s, const char *code, long long limit, json_t **out, ov_error_t *err)
{
    return store_query(s, out, err,
                       "SELECT p.id, p.submitted_on, p.recommendation_id, p.cause_id, p.author,"
                       " b.code, b.name, b.kind AS body_kind"
                       " FROM progress_updates p JOIN bodies b ON b.id = p.body_id"
                       " WHERE (?1 IS NULL OR b.code = ?1) ORDER BY p.submitted_on DESC, p.id DESC LIMIT ?2",
                       "si", code, limit);
}

int store_row_is_public(store_t *s, const char *table, long long id, const char *today, int *out, ov_error_t *err)
{
    *out = 0;
    buf_t q = BUF_INIT;
    /* table is the caller's static text, never input (as publication.h asks) */
    buf_printf(&q, "SELECT count(*) AS n FROM %s t WHERE t.id = ?1 AND ", table);
    if (store_publication_where(&q, table, "t", "?2") != 0 || q.failed) {
        buf_free(&q);
        return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    json_t *row = NULL;
    int rc = store_query_one(s, &row, err, "", q.data, "is", id, today);
    buf_free(&q);
    if (rc == 0) {
        const json_t *n = json_object_get(row, "n");
        *out = json_is_integer(n) ? json_integer_value(n) > 0 : json_is_string(n) && atoll(json_string_value(n)) > 0;
    }
    json_decref(row);
    return rc;
}
