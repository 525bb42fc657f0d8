/*
 * search.c: full-text search (search.h). The one statement is the same on
 * both databases but for the match itself: FTS5's MATCH on SQLite, the
 * GIN-indexed tsvector on PostgreSQL (sql/014_search.sql; the column
 * search_fts since 032), both given the
 * terms core/search.c writes in their syntax.
 */
#include "store/search.h"
#include "store/backend.h"
#include "store/publication.h"
#include "core/buf.h"

/* The publication rule of each kind's own table (alias in the statement). */
static void public_where(buf_t *q)
{
    buf_puts(q, "(d.kind = 'recommendation' AND (");
    store_publication_where(q, "recommendations", "r", "?4");
    buf_puts(q, " OR b.code = ?6");   /* the body's own users: their record (NULL: none) */
    buf_puts(q, ") OR d.kind = 'cause' AND (");
    store_publication_where(q, "causes_of_concern", "c", "?4");
    buf_puts(q, " OR b.code = ?6");
    buf_puts(q, ") OR d.kind = 'letter' AND ");
    store_publication_where(q, "letters", "l", "?4");
    buf_puts(q, " OR d.kind = 'decision' AND ");
    store_publication_where(q, "decisions", "dc", "?4");
    buf_puts(q, ")");
}

int store_search(store_t *s, const search_terms_t *terms, const store_search_filter_t *f, json_t **out,
                 ov_error_t *err)
{
    *out = NULL;
    int pg = store_backend(s) == &store_backend_pg;
    buf_t match = BUF_INIT, q = BUF_INIT;
    if (terms->n > 0) {
        if (pg) search_tsquery(terms, &match);
        else search_fts5_query(terms, &match);
    }
    buf_puts(&q,
             "SELECT d.kind, d.item_id AS id, b.code AS body, b.name AS body_name, b.kind AS body_kind, d.title,"
             " d.text,"
             " CASE d.kind WHEN 'recommendation' THEN r.issued_on WHEN 'cause' THEN c.issued_on"
             "  WHEN 'letter' THEN COALESCE(l.published_on, l.sent_on, substr(l.created_at, 1, 10))"
             "  ELSE dc.effective_on END AS on_date,"
             " CASE d.kind WHEN 'recommendation' THEN r.status WHEN 'cause' THEN c.status"
             "  WHEN 'letter' THEN l.status ELSE NULL END AS status,"
             " CASE d.kind WHEN 'recommendation' THEN r.outcome WHEN 'cause' THEN c.outcome ELSE NULL END AS outcome,"
             " CASE WHEN d.kind = 'recommendation' THEN COALESCE((SELECT rv.new_deadline FROM deadline_revisions rv"
             "  WHERE rv.recommendation_id = r.id ORDER BY rv.id DESC LIMIT 1), r.original_deadline) END AS deadline,"
             " r.number, CASE d.kind WHEN 'recommendation' THEN COALESCE(r.priority, 0)"
             "  WHEN 'cause' THEN COALESCE(c.priority, 0) END AS priority"
             " FROM search_docs d JOIN bodies b ON b.id = d.body_id"
             " LEFT JOIN recommendations r ON d.kind = 'recommendation' AND r.id = d.item_id"
             " LEFT JOIN causes_of_concern c ON d.kind = 'cause' AND c.id = d.item_id"
             " LEFT JOIN letters l ON d.kind = 'letter' AND l.id = d.item_id"
             " LEFT JOIN decisions dc ON d.kind = 'decision' AND dc.id = d.item_id"
             " WHERE (?1 IS NULL OR b.code = ?1) AND (?2 IS NULL OR b.kind = ?2) AND (?3 IS NULL OR d.kind = ?3)"
             " AND ");
    /* the match alone (not "?5 IS NULL OR ..."), so the planner uses the index */
    if (terms->n == 0) buf_puts(&q, "?5 IS NULL");
    else if (pg) buf_puts(&q, "d.search_fts @@ CAST(?5 AS tsquery)");
    else buf_puts(&q, "d.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?5)");
    buf_puts(&q, " AND (?7 IS NULL OR CASE d.kind WHEN 'recommendation' THEN r.status WHEN 'cause' THEN c.status"
                 " ELSE NULL END = ?7)");
    /* themes and priority (sql/017): only recommendations and causes carry them */
    buf_puts(&q, " AND (?8 IS NULL OR d.kind = 'recommendation' AND r.id IN (SELECT j.recommendation_id"
                 " FROM recommendation_themes j JOIN themes t ON t.id = j.theme_id WHERE t.code = ?8)"
                 " OR d.kind = 'cause' AND c.id IN (SELECT j.cause_id FROM cause_themes j"
                 " JOIN themes t ON t.id = j.theme_id WHERE t.code = ?8))"
                 " AND (?9 = 0 OR CASE d.kind WHEN 'recommendation' THEN r.priority WHEN 'cause' THEN c.priority"
                 " ELSE 0 END = 1)");
    buf_puts(&q, " AND (?4 IS NULL OR ");
    public_where(&q);
    buf_printf(&q, ") ORDER BY d.id LIMIT %d", STORE_SEARCH_CAP + 1);
    int rc;
    if (q.failed || match.failed) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    else
        rc = store_query(s, out, err, q.data, "ssssssssi", f->body, f->body_kind, f->type, f->public_on,
                         terms->n ? match.data : NULL, f->own_body, f->status, f->theme,
                         (long long)(f->priority > 0));
    buf_free(&q);
    buf_free(&match);
    return rc;
}

int store_search_body_known(store_t *s, const char *code, ov_error_t *err)
{
    json_t *row = NULL;
    int rc = store_query_one(s, &row, err, "body", "SELECT code FROM bodies WHERE code = ?", "s", code);
    json_decref(row);
    return rc;
}
