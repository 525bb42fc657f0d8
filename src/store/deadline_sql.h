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
 * flattens the derived table): ten times a row in the deadlines query. */
#define CURRENT_DEADLINE "COALESCE(dr.new_deadline, r.original_deadline)"
#define JOIN_LATEST_REVISION \
    " LEFT JOIN deadline_revisions dr ON dr.recommendation_id = r.id" \
    " AND NOT EXISTS (SELECT 1 FROM deadline_revisions later WHERE later.recommendation_id = r.id AND later.id > dr.id)"

/* ?1 today, ?2 before, ?3 body code or NULL, ?4 limit, ?5 PCC cutoff,
 * ?6 the kind of body that owes PCC responses (RULES_PCC_BODY_KIND) */
#define DL_REC_COLUMNS "b.code, b.name, b.kind, r.id, r.number, r.cause_id, r.issued_on, r.status, r.closed_on, r.original_deadline"
#define DL_REC_OPEN \
    " (r.status <> 'closed' OR (r.closed_on IS NOT NULL AND " FIRST_DAY("r.closed_on") " > ?1))" \
    " AND (r.issued_on IS NULL OR " FIRST_DAY("r.issued_on") " <= ?1)"
/* The theme (?5, a code, NULL: any) and priority (?6, 1: only flagged)
 * filters of the deadlines (sql/017). */
#define DL_REC_FILTER \
    " AND (?5 IS NULL OR r.id IN (SELECT j.recommendation_id FROM recommendation_themes j" \
    " JOIN themes t ON t.id = j.theme_id WHERE t.code = ?5)) AND (?6 = 0 OR r.priority = 1)"
/* Recommendations of one body (?3): through its index. */
#define DL_RECS_BODY_SQL \
    "SELECT code, name, kind, id, number, cause_id, issued_on, status, closed_on, original_deadline, deadline FROM (" \
    " SELECT " DL_REC_COLUMNS ", " CURRENT_DEADLINE " AS deadline" \
    " FROM bodies b JOIN recommendations r ON r.body_id = b.id" JOIN_LATEST_REVISION \
    " WHERE b.code = ?3 AND" DL_REC_OPEN DL_REC_FILTER ") x" \
    " WHERE deadline IS NOT NULL AND " FIRST_DAY("deadline") " < ?2" \
    " ORDER BY " FIRST_DAY("deadline") ", code, issued_on, id LIMIT ?4"
static const char DL_RECS_BODY[] = DL_RECS_BODY_SQL;
/* Recommendations of every body (?3 NULL), in two parts walked in due
 * order through the indexes of migration 010, each stopped at the limit:
 * those never revised by their original deadline, the others by their
 * latest revision's (no later one: NOT EXISTS). The first `limit` of the
 * whole are among the first `limit` of the two parts. (Filtering and
 * sorting every open recommendation took 1 s at 100,000 bodies.) */
#define DL_RECS_ALL_SQL \
    "SELECT code, name, kind, id, number, cause_id, issued_on, status, closed_on, original_deadline, deadline FROM (" \
    " SELECT * FROM (SELECT " DL_REC_COLUMNS ", r.original_deadline AS deadline" \
    " FROM recommendations r JOIN bodies b ON b.id = r.body_id" \
    " WHERE " FIRST_DAY("r.original_deadline") " < ?2 AND" DL_REC_OPEN DL_REC_FILTER \
    " AND NOT EXISTS (SELECT 1 FROM deadline_revisions WHERE recommendation_id = r.id)" \
    " ORDER BY " FIRST_DAY("r.original_deadline") ", b.code, r.issued_on, r.id LIMIT ?4) never_revised" \
    " UNION ALL" \
    " SELECT * FROM (SELECT " DL_REC_COLUMNS ", dr.new_deadline AS deadline" \
    " FROM deadline_revisions dr JOIN recommendations r ON r.id = dr.recommendation_id JOIN bodies b ON b.id = r.body_id" \
    " WHERE " FIRST_DAY("dr.new_deadline") " < ?2 AND" DL_REC_OPEN DL_REC_FILTER \
    " AND NOT EXISTS (SELECT 1 FROM deadline_revisions later WHERE later.recommendation_id = r.id AND later.id > dr.id)" \
    " ORDER BY " FIRST_DAY("dr.new_deadline") ", b.code, r.issued_on, r.id LIMIT ?4) revised) x" \
    " WHERE ?3 IS NULL ORDER BY " FIRST_DAY("deadline") ", code, issued_on, id LIMIT ?4"
static const char DL_RECS_ALL[] = DL_RECS_ALL_SQL;
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
