/*
 * deadline_sql.h: the bounded reads of what may be due (recommendations by
 * current deadline, plan items by target, reports owing a PCC response),
 * shared by snapshot.c (JSON snapshots) and deadlines.c (plain rows).
 * Private to src/store.
 */
#ifndef OV_STORE_DEADLINE_SQL_H
#define OV_STORE_DEADLINE_SQL_H

/* The first day of a date kept at its precision ("2025" -> "2025-01-01"). */
#define FIRST_DAY(x) "(CASE length(" x ") WHEN 4 THEN " x " || '-01-01' WHEN 7 THEN " x " || '-01' ELSE " x " END)"

/* A recommendation r's current deadline: its latest revision's (the one of
 * the highest id; new_deadline is never NULL), else the original. Joined,
 * not a scalar subquery in the select list: a subquery there is run again
 * for each use of the column in an enclosing WHERE or ORDER BY (SQLite
 * flattens the derived table). For the Engage candidates (snapshot.c). */
#define CURRENT_DEADLINE "COALESCE(dr.new_deadline, r.original_deadline)"
#define JOIN_LATEST_REVISION \
    " LEFT JOIN deadline_revisions dr ON dr.recommendation_id = r.id" \
    " AND NOT EXISTS (SELECT 1 FROM deadline_revisions later WHERE later.recommendation_id = r.id AND later.id > dr.id)"
/* The same for the deadlines, as a scalar subquery: there it is read only
 * for the rows kept (the select list), never to filter or order, since
 * r.due_first_day (migration 025) holds its first day. */
#define DL_CURRENT_DEADLINE \
    "COALESCE((SELECT dr.new_deadline FROM deadline_revisions dr WHERE dr.recommendation_id = r.id" \
    " ORDER BY dr.id DESC LIMIT 1), r.original_deadline)"

/* A date x kept at its precision against a day d (YYYY-MM-DD):
 * FIRST_DAY(x) <= d exactly when x <= d, and FIRST_DAY(x) > d exactly
 * when x > d. A year or month is a prefix of its first day: where x and d
 * differ within x both compare alike; where x is a prefix of d, x < d, and
 * d, a day of that year or month, is on or after its first day. Not so
 * for `<` and `>=` (x = "2025" is < "2025-01-01", its first day is not):
 * those keep FIRST_DAY. So the recommendations' open tests below join no
 * strings per row (tests/store/deadline_rows covers each precision). */
/* ?1 today, ?2 before, ?3 body code or NULL, ?4 limit, ?5 theme, ?6 priority */
#define DL_REC_OPEN \
    " (r.status <> 'closed' OR (r.closed_on IS NOT NULL AND r.closed_on > ?1))" \
    " AND (r.issued_on IS NULL OR r.issued_on <= ?1)"
/* The theme (?5, a code, NULL: any) and priority (?6, 1: only flagged)
 * filters of the deadlines (sql/017). */
#define DL_REC_FILTER \
    " AND (?5 IS NULL OR r.id IN (SELECT j.recommendation_id FROM recommendation_themes j" \
    " JOIN themes t ON t.id = j.theme_id WHERE t.code = ?5)) AND (?6 = 0 OR r.priority = 1)"
/* The recommendations due before ?2 in due order, stopped at the limit:
 * of one body (?3) through its index, sorted there (a body has few); of
 * every body (?3 NULL) as one walk of recommendations_by_due (025), whose
 * columns answer the open and priority tests before a row is read; only
 * the ties of one day are sorted by body code. `cols` is the select list. */
#define DL_RECS_BODY_OF(cols) \
    "SELECT " cols " FROM bodies b JOIN recommendations r ON r.body_id = b.id" \
    " WHERE b.code = ?3 AND r.due_first_day < ?2 AND" DL_REC_OPEN DL_REC_FILTER \
    " ORDER BY r.due_first_day, b.code, r.issued_on, r.id LIMIT ?4"
#define DL_RECS_ALL_OF(cols) \
    "SELECT " cols " FROM recommendations r JOIN bodies b ON b.id = r.body_id" \
    " WHERE r.due_first_day < ?2 AND" DL_REC_OPEN DL_REC_FILTER " AND ?3 IS NULL" \
    " ORDER BY r.due_first_day, b.code, r.issued_on, r.id LIMIT ?4"
/* The same of every body for the plain rows (deadlines.c), no body joined,
 * as two walks, the ties of a day in no particular order (no sorter): the
 * recommendations not closed in due order, stopped at the limit, through
 * recommendations_open_by_due (030), whose entries are only those; and the
 * ones closed after today (?1) through recommendations_closed_by_day (027)
 * from today on (none, or a few, for today), the first `limit` of them by
 * due day. The two are DL_REC_OPEN split on status (never NULL). In the
 * second, due_first_day || '' (the same text) keeps SQLite from walking
 * the whole of 026's index in due order instead (it knows no row counts):
 * it is neither a range nor an order an index gives. Then, when a limit
 * cut a day, every row of that day (DL_RECS_ON_DAY_OF, ?2 the day): the
 * caller merges them, orders each day's rows by body code and cuts at the
 * limit itself. */
#define DL_REC_ISSUED " AND (r.issued_on IS NULL OR r.issued_on <= ?1)"
#define DL_RECS_NOT_CLOSED_OF(cols) \
    "SELECT " cols " FROM recommendations r WHERE r.status <> 'closed' AND r.due_first_day < ?2" DL_REC_ISSUED \
    DL_REC_FILTER " AND ?3 IS NULL ORDER BY r.due_first_day LIMIT ?4"
#define DL_RECS_CLOSED_LATER_OF(cols) \
    "SELECT " cols " FROM recommendations r WHERE r.status = 'closed' AND r.closed_on > ?1 AND r.due_first_day || '' < ?2" \
    DL_REC_ISSUED DL_REC_FILTER " AND ?3 IS NULL ORDER BY r.due_first_day || '' LIMIT ?4"
#define DL_RECS_ON_DAY_OF(cols) \
    "SELECT " cols " FROM recommendations r WHERE r.due_first_day = ?2 AND" DL_REC_OPEN DL_REC_FILTER \
    " AND ?3 IS NULL AND ?4 > 0"
/* The columns deadlines.c reads: each in 030's recommendations_open_by_due
 * and in 026's recommendations_by_due_cover (which the day read again
 * follows).
 * Not status, closed_on or original_deadline: every row read is open on
 * today (the SQL tests it), and due_deadline is the current deadline. */
#define DL_ROWS_REC_COLUMNS "r.due_first_day, r.body_id, r.id, r.number, r.issued_on, r.due_deadline, r.cause_id"
/* The columns snapshot.c reads. */
#define DL_REC_COLUMNS \
    "b.code, b.name, b.kind, r.id, r.number, r.cause_id, r.issued_on, r.status, r.closed_on, r.original_deadline, " \
    DL_CURRENT_DEADLINE " AS deadline"
static const char DL_RECS_BODY[] = DL_RECS_BODY_OF(DL_REC_COLUMNS);
static const char DL_RECS_ALL[] = DL_RECS_ALL_OF(DL_REC_COLUMNS);
#define DL_PLAN_SQL \
    "SELECT b.code, b.name, b.kind, pi.id, pi.text, pi.target_date, pi.rag, pi.completed_on" \
    " FROM plan_items pi JOIN plans p ON p.id = pi.plan_id JOIN bodies b ON b.id = p.body_id" \
    " WHERE pi.target_date IS NOT NULL AND " FIRST_DAY("pi.target_date") " < ?2" \
    " AND ((pi.completed_on IS NOT NULL AND " FIRST_DAY("pi.completed_on") " > ?1)" \
    " OR (pi.completed_on IS NULL AND pi.rag <> 'complete')) AND (?3 IS NULL OR b.code = ?3)" \
    " ORDER BY " FIRST_DAY("pi.target_date") ", b.code, pi.id LIMIT ?4"
static const char DL_PLAN[] = DL_PLAN_SQL;
/* Reports owing a response per (report, body): today the report's one body. */
#define DL_PCC_SQL \
    "SELECT b.code, b.name, b.kind, i.id, i.title, i.published_on," \
    " (SELECT published_on FROM pcc_responses WHERE inspection_id = i.id AND body_id = b.id) AS pcc_response_on" \
    " FROM inspections i JOIN bodies b ON b.id = i.body_id" \
    " WHERE length(i.published_on) = 10 AND i.published_on <= ?1 AND i.published_on < ?5 AND b.kind = ?6" \
    " AND NOT EXISTS (SELECT 1 FROM pcc_responses pr WHERE pr.inspection_id = i.id AND pr.body_id = b.id" \
    " AND " FIRST_DAY("pr.published_on") " <= ?1) AND (?3 IS NULL OR b.code = ?3) AND ?2 IS NOT NULL" \
    " ORDER BY i.published_on, b.code, i.id LIMIT ?4"
static const char DL_PCC[] = DL_PCC_SQL;
#endif
