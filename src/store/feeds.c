/*
 * feeds.c: SQL for the feeds' rows (see feeds.h). What is public is the
 * publication rule (store/publication.h), put into each statement with
 * today's date bound to a placeholder.
 */
#include "store/feeds.h"
#include "store/publication.h"
#include "core/buf.h"
#include <stdio.h>

/* head + "the row is for this reader" + tail, run with ?1 code, ?2
 * limit, ?3 today, ?4 own: public on today (store/publication.h), or
 * of body `own` (a body whose record the reader reads), or anything when
 * today is NULL (staff). The body's alias in head is b. */
static int public_query(store_t *s, json_t **out, ov_error_t *err, const char *head, const char *table,
                        const char *alias, const char *tail, const char *code, long long limit,
                        const feed_reader_t *reader)
{
    buf_t q = BUF_INIT;
    buf_puts(&q, head);
    buf_puts(&q, "(?3 IS NULL OR b.code = ?4 OR ");
    store_publication_where(&q, table, alias, "?3");
    buf_puts(&q, ")");
    buf_puts(&q, tail);
    if (q.failed) {
        buf_free(&q);
        *out = NULL;
        return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    int rc = store_query(s, out, err, q.data, "siss", code, limit, reader->today, reader->own);
    buf_free(&q);
    return rc;
}

int store_feed_decisions(store_t *s, const char *code, long long limit, json_t **out, ov_error_t *err)
{
    return store_query(s, out, err,
        "SELECT d.id, b.code, b.name, pf.name AS from_name, pt.name AS to_name, d.decided_by, d.effective_on,"
        "       d.rationale,"
        /* the latest recorded correction, shown beside the original (store/corrections.h) */
        "       (SELECT c.kind FROM corrections c WHERE c.entity = 'decisions' AND c.entity_id = d.id"
        "         ORDER BY c.id DESC LIMIT 1) AS correction_kind,"
        "       (SELECT c.text FROM corrections c WHERE c.entity = 'decisions' AND c.entity_id = d.id"
        "         ORDER BY c.id DESC LIMIT 1) AS correction_text,"
        "       (SELECT c.reason FROM corrections c WHERE c.entity = 'decisions' AND c.entity_id = d.id"
        "         ORDER BY c.id DESC LIMIT 1) AS correction_reason,"
        "       (SELECT c.corrected_on FROM corrections c WHERE c.entity = 'decisions' AND c.entity_id = d.id"
        "         ORDER BY c.id DESC LIMIT 1) AS corrected_on,"
        "       (SELECT c.corrected_by FROM corrections c WHERE c.entity = 'decisions' AND c.entity_id = d.id"
        "         ORDER BY c.id DESC LIMIT 1) AS corrected_by"
        "  FROM decisions d JOIN bodies b ON b.id = d.body_id"
        "  JOIN phases pf ON pf.code = d.from_phase JOIN phases pt ON pt.code = d.to_phase"
        " WHERE (?1 IS NULL OR b.code = ?1)"
        " ORDER BY d.effective_on DESC, d.id DESC LIMIT ?2", "si", code, limit);
}

int store_feed_letters(store_t *s, const char *code, long long limit, const char *today, json_t **out,
                       ov_error_t *err)
{
    /* published letters only, for every reader */
    feed_reader_t pub = {today ? today : "0000-01-01", NULL};
    return public_query(s, out, err,
        "SELECT l.id, b.code, b.name, l.kind, l.title, l.published_on, l.published_at, l.conclusion"
        "  FROM letters l JOIN bodies b ON b.id = l.body_id WHERE ", "letters", "l",
        "   AND (?1 IS NULL OR b.code = ?1)"
        " ORDER BY l.id DESC LIMIT ?2", code, limit, &pub);
}

int store_feed_closure_corrections(store_t *s, const char *code, long long limit, const char *today, json_t **out,
                                   ov_error_t *err)
{
    buf_t q = BUF_INIT;
    buf_puts(&q,
        "SELECT k.id, k.entity, k.entity_id, k.kind, k.text, k.reason, k.corrected_by, k.corrected_on,"
        "       b.code, b.name, COALESCE(r.closed_on, c.closed_on) AS closed_on,"
        "       COALESCE(r.outcome, c.outcome) AS outcome, r.number AS rec_number,"
        "       CASE WHEN cc.id IS NULL THEN NULL ELSE"
        "         (SELECT count(*) FROM causes_of_concern cn WHERE cn.inspection_id = cc.inspection_id"
        "           AND (cn.issued_on < cc.issued_on OR (cn.issued_on = cc.issued_on AND cn.id <= cc.id))) END"
        "         AS cause_number"
        "  FROM corrections k JOIN bodies b ON b.id = k.body_id"
        "  LEFT JOIN recommendations r ON k.entity = 'recommendations' AND r.id = k.entity_id"
        "  LEFT JOIN causes_of_concern c ON k.entity = 'causes_of_concern' AND c.id = k.entity_id"
        "  LEFT JOIN causes_of_concern cc ON cc.id = COALESCE(c.id, r.cause_id)"
        " WHERE (?1 IS NULL OR b.code = ?1) AND k.entity IN ('recommendations', 'causes_of_concern') AND ");
    store_publication_where(&q, "corrections", "k", "?3");
    buf_puts(&q, " ORDER BY k.id DESC LIMIT ?2");
    *out = NULL;
    int rc = q.failed ? ov_error_set(err, OV_EINTERNAL, "", "out of memory")
                      : store_query(s, out, err, q.data, "sis", code, limit, today ? today : "0000-01-01");
    buf_free(&q);
    return rc;
}

int store_feed_releases(store_t *s, const char *code, long long limit, const char *today, json_t **out,
                        ov_error_t *err)
{
    feed_reader_t pub = {today ? today : "0000-01-01", NULL};
    return public_query(s, out, err,
        "SELECT r.id, b.code, b.name, r.published_on, r.published_at, r.content"
        "  FROM releases r JOIN bodies b ON b.id = r.body_id WHERE ", "releases", "r",
        "   AND (?1 IS NULL OR b.code = ?1)"
        " ORDER BY r.id DESC LIMIT ?2", code, limit, &pub);
}

int store_feed_recommendation_deadlines(store_t *s, const char *code, const feed_reader_t *reader, json_t **out,
                                        ov_error_t *err)
{
    return public_query(s, out, err,
        "SELECT t.id, b.code, b.name, t.number, t.text, t.status, t.original_deadline,"
        "       COALESCE((SELECT new_deadline FROM deadline_revisions WHERE recommendation_id = t.id"
        "                 ORDER BY id DESC LIMIT 1), t.original_deadline) AS deadline,"
        "       (SELECT reason FROM deadline_revisions WHERE recommendation_id = t.id ORDER BY id DESC LIMIT 1)"
        "         AS revision_reason,"
        "       (SELECT count(*) FROM deadline_revisions WHERE recommendation_id = t.id) AS revisions,"
        "       c.title AS cause_title"
        "  FROM recommendations t JOIN bodies b ON b.id = t.body_id"
        "  LEFT JOIN causes_of_concern c ON c.id = t.cause_id WHERE ", "recommendations", "t",
        " AND (?1 IS NULL OR b.code = ?1) ORDER BY deadline, t.id LIMIT ?2", code, FEED_ALL_ROWS, reader);
}

int store_feed_plan_targets(store_t *s, const char *code, json_t **out, ov_error_t *err)
{
    return store_query(s, out, err,
        "SELECT t.id, b.code, b.name, p.name AS plan, pp.title AS pillar, t.kind, t.text, t.target_date, t.rag"
        "  FROM plan_items t JOIN plans p ON p.id = t.plan_id JOIN bodies b ON b.id = p.body_id"
        "  LEFT JOIN plan_pillars pp ON pp.id = t.pillar_id"
        " WHERE t.target_date IS NOT NULL AND (?1 IS NULL OR b.code = ?1) ORDER BY t.target_date, t.id", "s", code);
}

int store_feed_pcc_responses(store_t *s, const char *code, const feed_reader_t *reader, json_t **out,
                             ov_error_t *err)
{
    return public_query(s, out, err,
        "SELECT t.id, b.code, b.name, b.kind, t.title, t.published_on,"
        "       (SELECT published_on FROM pcc_responses WHERE inspection_id = t.id AND body_id = b.id) AS response_on"
        "  FROM inspections t JOIN bodies b ON b.id = t.body_id WHERE ", "inspections", "t",
        " AND (?1 IS NULL OR b.code = ?1) ORDER BY t.published_on, t.id LIMIT ?2", code, FEED_ALL_ROWS, reader);
}
