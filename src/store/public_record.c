/*
 * public_record.c: SQL for the published causes of concern and
 * recommendations (public_record.h). What is public is the publication
 * rule (store/publication.h), put into each statement with today bound to
 * ?1; every link to another row (the cause of a recommendation, the
 * revisit that closed an item, the letter of a closing decision) is asked
 * of the same rule, so an unpublished row is never named through a public
 * one.
 */
#include "store/public_record.h"
#include "store/publication.h"
#include "store/themes.h"
#include "store/corrections.h"
#include "core/buf.h"
#include "core/record.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const PUBLIC_STATUSES[][2] = {
    {"open", "Not yet closed"},
    {"in_progress", "In progress"},
    {"closed", "Closed"},
    {"closed_implemented", "Closed \u2013 implemented"},
    {"closed_not_implemented", "Closed \u2013 not implemented"},
    {"superseded", "Superseded"},
    {"withdrawn", "Withdrawn"},
    {"closed_not_recorded", "Closed \u2013 outcome not recorded"},
    {"all", "Any status"},
    {NULL, NULL},
};

/* The condition each status filter adds (the caller's constant text). */
static const char *status_sql(const char *status)
{
    if (!status || strcmp(status, "all") == 0) return "1 = 1";
    if (strcmp(status, "open") == 0) return "x.status <> 'closed'";
    if (strcmp(status, "in_progress") == 0) return "x.status IN ('in_progress', 'implemented')";
    if (strcmp(status, "closed") == 0) return "x.status = 'closed'";
    /* the outcome recorded at closing (core/record.h record_rec_public_status);
     * a superseded or withdrawn item is neither (sql/017) */
    if (strcmp(status, "closed_implemented") == 0)
        return "x.status = 'closed' AND x.lifecycle IS NULL AND x.outcome = 'implemented'";
    if (strcmp(status, "closed_not_implemented") == 0)
        return "x.status = 'closed' AND x.lifecycle IS NULL AND x.outcome = 'not_implemented'";
    if (strcmp(status, "closed_not_recorded") == 0)
        return "x.status = 'closed' AND x.lifecycle IS NULL"
               " AND COALESCE(x.outcome, '') NOT IN ('implemented', 'not_implemented')";
    if (strcmp(status, "superseded") == 0) return "x.lifecycle = 'superseded'";
    if (strcmp(status, "withdrawn") == 0) return "x.lifecycle = 'withdrawn'";
    return "1 = 0";
}

int store_public_status_known(const char *s)
{
    for (size_t i = 0; s && PUBLIC_STATUSES[i][0]; i++)
        if (strcmp(PUBLIC_STATUSES[i][0], s) == 0) return 1;
    return 0;
}

/* store_publication_where for today bound to ?1, or true when ?1 is NULL
 * (the whole record, for those who read it). */
static void pub_where(buf_t *q, const char *table, const char *alias)
{
    buf_puts(q, "(?1 IS NULL OR ");
    store_publication_where(q, table, alias, "?1");
    buf_puts(q, ")");
}

/* A cause's place among the causes of its report (as the report and the
 * letters number them), for cause alias `c`. */
#define CAUSE_NUMBER(c)                                                                                     \
    "(SELECT count(*) FROM causes_of_concern cn WHERE cn.inspection_id = " c ".inspection_id"              \
    " AND (cn.issued_on < " c ".issued_on OR (cn.issued_on = " c ".issued_on AND cn.id <= " c ".id)))"

/* Appends the published recommendations as a derived table's SELECT: one
 * row each, columns as public_record.h says; today is ?1. */
/* The select behind every public list of recommendations; the filters of
 * recs_query are applied around it. One body's (by_body: ?2 is a code) or
 * one recommendation's (by_id: ?5) reads only its rows through the
 * indexes, not every recommendation of the record (the outer filter on
 * the derived table is no index bound; the page of one body cost in
 * proportion to all bodies). */
static void recs_select(buf_t *q, int by_body, int by_id)
{
    buf_puts(q,
             "SELECT r.id, b.code AS body, b.name AS body_name, b.kind AS body_kind,"
             " c.id AS cause_id, c.title AS cause_title,"
             " CASE WHEN c.id IS NULL THEN NULL ELSE " CAUSE_NUMBER("c") " END AS cause_number,"
             " i.id AS inspection_id, i.title AS report, i.published_on AS report_published_on, i.url AS report_url,"
             " i.recommendations_made AS report_recommendations_made,"
             " r.number, r.addressee, r.text, r.issued_on, r.original_deadline,"
             " COALESCE((SELECT dr.new_deadline FROM deadline_revisions dr WHERE dr.recommendation_id = r.id"
             " ORDER BY dr.id DESC LIMIT 1), r.original_deadline) AS deadline,"
             " r.acceptance, r.status, r.outcome, r.closing_reason, r.implemented_on, r.closed_on,"
             " r.lifecycle, r.lifecycle_reason, COALESCE(r.priority, 0) AS priority,"
             " su.id AS successor_id, su.number AS successor_number,"
             " (SELECT si.title FROM inspections si WHERE si.id = COALESCE(su.inspection_id,"
             " (SELECT sc.inspection_id FROM causes_of_concern sc WHERE sc.id = su.cause_id))) AS successor_report,"
             " v.id AS closing_revisit_id, v.title AS closing_revisit, v.published_on AS closing_revisit_published_on,"
             " (SELECT count(*) FROM requirements q WHERE q.recommendation_id = r.id) AS requirements_total,"
             " (SELECT count(*) FROM requirements q WHERE q.recommendation_id = r.id AND q.status = 'met')"
             " AS requirements_met,"
             " (SELECT count(*) FROM requirements q WHERE q.recommendation_id = r.id AND q.status = 'not_met')"
             " AS requirements_not_met"
             " FROM recommendations r JOIN bodies b ON b.id = r.body_id"
             " LEFT JOIN causes_of_concern c ON c.id = r.cause_id AND ");
    pub_where(q, "causes_of_concern", "c");
    /* the successor is named only when it is public itself */
    buf_puts(q, " LEFT JOIN recommendations su ON su.id = r.superseded_by_id AND ");
    pub_where(q, "recommendations", "su");
    buf_puts(q, " LEFT JOIN inspections i ON i.id = COALESCE(r.inspection_id,"
                " (SELECT ci.inspection_id FROM causes_of_concern ci WHERE ci.id = r.cause_id))"
                " LEFT JOIN revisits v ON v.id = r.closing_revisit_id AND ");
    pub_where(q, "revisits", "v");
    buf_puts(q, " WHERE ");
    pub_where(q, "recommendations", "r");
    if (by_body) buf_puts(q, " AND b.code = ?2");
    if (by_id) buf_puts(q, " AND r.id = ?5");
}

/* A count or id read back as text (PostgreSQL's bigint may come as a
 * string) made an integer; NULL stays null. */
static void to_int(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (json_is_string(v)) json_object_set_new(o, key, json_integer(atoll(json_string_value(v))));
}

/* The derived fields of a recommendation row: its label, as the letters
 * name it, and its status in plain words. */
static void rec_finish(json_t *r)
{
    static const char *const ints[] = {"cause_number", "requirements_total", "requirements_met",
                                       "requirements_not_met", "successor_id", "priority",
                                       "report_recommendations_made", NULL};
    for (const char *const *k = ints; *k; k++) to_int(r, *k);
    json_object_set_new(r, "priority", json_boolean(json_integer_value(json_object_get(r, "priority")) != 0));
    const char *code = NULL;
    const char *words = record_rec_public_status(json_string_value(json_object_get(r, "status")),
                                                 json_string_value(json_object_get(r, "outcome")), &code);
    /* superseded or withdrawn: said so, the successor named (sql/017) */
    char ended[400];
    const char *life = record_rec_lifecycle_status(json_string_value(json_object_get(r, "lifecycle")), &code);
    if (life && json_is_string(json_object_get(r, "successor_number"))) {
        const char *rep = json_string_value(json_object_get(r, "successor_report"));
        snprintf(ended, sizeof ended, "Superseded by Recommendation %s%s%s",
                 json_string_value(json_object_get(r, "successor_number")), rep ? " of " : "", rep ? rep : "");
        life = ended;
    }
    if (life) words = life;
    json_object_set_new(r, "public_status", json_string(code));
    json_object_set_new(r, "public_status_text", json_string(words));
    const char *num = json_string_value(json_object_get(r, "number"));
    json_int_t cn = json_integer_value(json_object_get(r, "cause_number"));
    char label[160];
    if (cn > 0) snprintf(label, sizeof label, "Recommendation %s of cause of concern %lld", num ? num : "?", (long long)cn);
    else snprintf(label, sizeof label, "Recommendation %s", num ? num : "?");
    json_object_set_new(r, "label", json_string(label));
}

/* Each row of items (with "id", table's) gets "themes": [{code, name}],
 * from one query over the rows' range of ids. */
static int attach_themes(store_t *s, const char *table, json_t *items, ov_error_t *err)
{
    long long lo = 0, hi = -1;
    size_t i, k;
    json_t *r, *t;
    json_array_foreach(items, i, r) {
        to_int(r, "id");
        long long id = json_integer_value(json_object_get(r, "id"));
        if (hi < lo || id < lo) lo = id;
        if (id > hi) hi = id;
        json_object_set_new(r, "themes", json_array());
    }
    if (hi < lo) return 0;
    const char *col = NULL, *join = store_themes_join(table, &col);
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT j.%s AS item_id, t.code, t.name FROM %s j JOIN themes t ON t.id = j.theme_id"
             " WHERE j.%s BETWEEN ? AND ? ORDER BY t.name, t.code", col, join, col);
    json_t *rows = NULL;
    int rc = store_query(s, &rows, err, sql, "ii", lo, hi);
    if (rc) return rc;
    json_array_foreach(rows, k, t) {
        to_int(t, "item_id");
        json_int_t id = json_integer_value(json_object_get(t, "item_id"));
        json_array_foreach(items, i, r)
            if (json_integer_value(json_object_get(r, "id")) == id)
                json_array_append_new(json_object_get(r, "themes"),
                                      json_pack("{s:O, s:O}", "code", json_object_get(t, "code"), "name",
                                                json_object_get(t, "name")));
    }
    json_decref(rows);
    return 0;
}

/* The published recommendations matching the filter: rows into *items,
 * and their number before limit and offset into *total (when not NULL).
 * cause_id / rec_id 0: any. */
static int recs_query(store_t *s, const char *today, const public_filter_t *f, long long cause_id, long long rec_id,
                      json_t **items, long long *total, ov_error_t *err)
{
    buf_t q = BUF_INIT, where = BUF_INIT;
    buf_printf(&where, " WHERE (?2 IS NULL OR x.body = ?2) AND (?3 IS NULL OR x.body_kind = ?3)"
                       " AND (?4 = 0 OR x.cause_id = ?4) AND (?5 = 0 OR x.id = ?5) AND (%s)"
                       " AND (?6 IS NULL OR x.id IN (SELECT j.recommendation_id FROM recommendation_themes j"
                       " JOIN themes t ON t.id = j.theme_id WHERE t.code = ?6)) AND (?7 = 0 OR x.priority = 1)",
               status_sql(f->status));
    if (f->overdue)
        buf_puts(&where, " AND x.status <> 'closed' AND COALESCE(x.deadline, '') <> ''"
                         " AND substr(x.deadline || '-99-99', 1, 10) < ?1");
    *items = NULL;
    int rc = 0;
    long long limit = f->limit > 0 ? f->limit : 1000000000000LL, offset = f->offset > 0 ? f->offset : 0;
    if (total) {
        json_t *row = NULL;
        buf_puts(&q, "SELECT count(*) AS n FROM (");
        recs_select(&q, f->body != NULL, rec_id > 0);
        buf_puts(&q, ") x");
        buf_puts(&q, where.data ? where.data : "");
        rc = q.failed || where.failed ? ov_error_set(err, OV_EINTERNAL, "", "out of memory")
                                      : store_query_one(s, &row, err, "count", q.data, "sssiisi", today, f->body,
                                                        f->kind, cause_id, rec_id, f->theme, (long long)(f->priority > 0));
        if (rc == 0) {
            to_int(row, "n");
            *total = json_integer_value(json_object_get(row, "n"));
        }
        json_decref(row);
        buf_reset(&q);
    }
    if (rc == 0) {
        buf_puts(&q, "SELECT * FROM (");
        recs_select(&q, f->body != NULL, rec_id > 0);
        buf_puts(&q, ") x");
        buf_puts(&q, where.data ? where.data : "");
        buf_puts(&q, " ORDER BY x.body_name, x.report_published_on, x.inspection_id, x.cause_number, x.issued_on, x.id"
                     " LIMIT ?8 OFFSET ?9");
        rc = q.failed || where.failed ? ov_error_set(err, OV_EINTERNAL, "", "out of memory")
                                      : store_query(s, items, err, q.data, "sssiisiii", today, f->body, f->kind,
                                                    cause_id, rec_id, f->theme, (long long)(f->priority > 0), limit,
                                                    offset);
    }
    buf_free(&q);
    buf_free(&where);
    if (rc == 0) {
        size_t i;
        json_t *r;
        json_array_foreach(*items, i, r) rec_finish(r);
        rc = attach_themes(s, "recommendations", *items, err);
    }
    return rc;
}

int store_public_recommendations(store_t *s, const char *today, const public_filter_t *f, json_t **out,
                                 ov_error_t *err)
{
    json_t *items = NULL;
    long long total = 0;
    *out = NULL;
    int rc = recs_query(s, today, f, 0, 0, &items, &total, err);
    if (rc) return rc;
    *out = json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total);
    return *out ? 0 : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
}

/* The published causes (of body code, or the one with id), with the
 * public revisit that closed them and the public letter of the decision
 * that closed them. */
static int causes_query(store_t *s, const char *today, const char *code, long long id, json_t **out, ov_error_t *err)
{
    buf_t q = BUF_INIT;
    buf_puts(&q, "SELECT c.id, b.code AS body, b.name AS body_name, c.title, c.text, c.accelerated,"
                 " COALESCE(c.priority, 0) AS priority, c.issued_on,"
                 " c.status, c.outcome, c.closing_reason, c.closed_on, c.close_override_reason,"
                 " c.lifecycle, c.lifecycle_reason, su.id AS successor_id, su.title AS successor_title,"
                 " CASE WHEN su.id IS NULL THEN NULL ELSE " CAUSE_NUMBER("su") " END AS successor_number,"
                 " " CAUSE_NUMBER("c") " AS number,"
                 " i.id AS inspection_id, i.title AS report, i.published_on AS report_published_on,"
                 " i.url AS report_url, i.recommendations_made AS report_recommendations_made,"
                 " v.id AS closing_revisit_id, v.title AS closing_revisit, v.published_on AS closing_revisit_published_on,"
                 " d.id AS closing_decision_id, d.effective_on AS closing_decision_on,"
                 " (SELECT l.id FROM letters l WHERE l.decision_id = c.closing_decision_id AND ");
    pub_where(&q, "letters", "l");
    buf_puts(&q, " ORDER BY l.id LIMIT 1) AS closing_letter_id"
                 " FROM causes_of_concern c JOIN bodies b ON b.id = c.body_id"
                 " LEFT JOIN inspections i ON i.id = c.inspection_id"
                 " LEFT JOIN revisits v ON v.id = c.closing_revisit_id AND ");
    pub_where(&q, "revisits", "v");
    /* the successor is named only when it is public itself (sql/024) */
    buf_puts(&q, " LEFT JOIN causes_of_concern su ON su.id = c.superseded_by_id AND ");
    pub_where(&q, "causes_of_concern", "su");
    buf_puts(&q, " LEFT JOIN decisions d ON d.id = c.closing_decision_id WHERE ");
    pub_where(&q, "causes_of_concern", "c");
    /* one body's or one cause's, through the indexes (an OR with the
     * parameter is no index bound) */
    buf_puts(&q, code ? " AND b.code = ?2" : " AND (?2 IS NULL OR b.code = ?2)");
    buf_puts(&q, id > 0 ? " AND c.id = ?3" : " AND (?3 = 0 OR c.id = ?3)");
    buf_puts(&q, " ORDER BY i.published_on, i.id, c.issued_on, c.id");
    int rc = q.failed ? ov_error_set(err, OV_EINTERNAL, "", "out of memory")
                      : store_query(s, out, err, q.data, "ssi", today, code, id);
    buf_free(&q);
    if (rc == 0) {
        store_rows_to_bool(*out, "accelerated");
        size_t i;
        json_t *c;
        json_array_foreach(*out, i, c) {
            to_int(c, "priority");
            json_object_set_new(c, "priority", json_boolean(json_integer_value(json_object_get(c, "priority")) != 0));
            to_int(c, "number");
            to_int(c, "report_recommendations_made");
            to_int(c, "successor_id");
            to_int(c, "successor_number");
            char label[64];
            json_int_t n = json_integer_value(json_object_get(c, "number"));
            if (n > 0) snprintf(label, sizeof label, "Cause of concern %lld", (long long)n);
            else snprintf(label, sizeof label, "Cause of concern (in no report yet)");
            json_object_set_new(c, "label", json_string(label));
            const char *code = NULL;
            const char *words = record_rec_public_status(json_string_value(json_object_get(c, "status")),
                                                         json_string_value(json_object_get(c, "outcome")), &code);
            /* superseded or withdrawn: the same words as a recommendation's,
             * the successor named (sql/024) */
            char ended[200];
            const char *life = record_rec_lifecycle_status(json_string_value(json_object_get(c, "lifecycle")), &code);
            json_int_t sn = json_integer_value(json_object_get(c, "successor_number"));
            if (life && json_is_integer(json_object_get(c, "successor_id"))) {
                if (sn > 0) snprintf(ended, sizeof ended, "%s by cause of concern %lld", life, (long long)sn);
                else snprintf(ended, sizeof ended, "%s by another cause of concern", life);
                life = ended;
            }
            if (life) words = life;
            json_object_set_new(c, "public_status", json_string(code));
            json_object_set_new(c, "public_status_text", json_string(words));
        }
        rc = attach_themes(s, "causes_of_concern", *out, err);
    }
    return rc;
}

/* The local policing body's published responses to the body's reports
 * (Police Act 1996 s.55; the publication rule, store/publication.c), the
 * oldest first, each {id, report, report_url, report_published_on,
 * published_on, url, summary, chief_officer_comments, answers: [{number,
 * action}]} (the answer to each recommendation, in the report's order).
 * *out: a new array. */
static int pcc_responses(store_t *s, const char *code, const char *today, json_t **out, ov_error_t *err)
{
    *out = NULL;
    buf_t q = BUF_INIT;
    buf_puts(&q, "SELECT p.id, i.title AS report, i.url AS report_url, i.published_on AS report_published_on,"
                 " p.published_on, p.url, p.summary, p.chief_officer_comments"
                 " FROM pcc_responses p JOIN inspections i ON i.id = p.inspection_id JOIN bodies b ON b.id = p.body_id"
                 " WHERE b.code = ?2 AND ");
    pub_where(&q, "pcc_responses", "p");
    buf_puts(&q, " ORDER BY p.published_on, p.id");
    json_t *rows = NULL, *answers = NULL;
    int rc = q.failed ? ov_error_set(err, OV_EINTERNAL, "", "out of memory")
                      : store_query(s, &rows, err, q.data, "ss", today, code);
    buf_reset(&q);
    if (rc == 0) {
        buf_puts(&q, "SELECT a.response_id, r.number, a.action"
                     " FROM pcc_recommendation_responses a JOIN recommendations r ON r.id = a.recommendation_id"
                     " JOIN pcc_responses p ON p.id = a.response_id JOIN bodies b ON b.id = p.body_id"
                     " WHERE b.code = ?2 AND ");
        pub_where(&q, "pcc_recommendation_responses", "a");
        buf_puts(&q, " ORDER BY a.response_id, r.id");
        rc = q.failed ? ov_error_set(err, OV_EINTERNAL, "", "out of memory")
                      : store_query(s, &answers, err, q.data, "ss", today, code);
    }
    buf_free(&q);
    if (rc) {
        json_decref(rows);
        return rc;
    }
    size_t i, j;
    json_t *r, *a;
    json_array_foreach(rows, i, r) {
        json_t *mine = json_array();
        json_array_foreach(answers, j, a)
            if (json_integer_value(json_object_get(a, "response_id")) == json_integer_value(json_object_get(r, "id")))
                json_array_append_new(mine, json_pack("{s:O, s:O}", "number", json_object_get(a, "number"), "action",
                                                      json_object_get(a, "action")));
        json_object_set_new(r, "answers", mine);
    }
    json_decref(answers);
    *out = rows;
    return 0;
}

int store_public_body_record(store_t *s, const char *code, const char *today, json_t **out, ov_error_t *err)
{
    json_t *causes = NULL, *recs = NULL;
    *out = NULL;
    public_filter_t f = {.body = code, .status = "all"};
    int rc = causes_query(s, today, code, 0, &causes, err);
    if (rc == 0) rc = recs_query(s, today, &f, 0, 0, &recs, NULL, err);
    if (rc) {
        json_decref(causes);
        json_decref(recs);
        return rc;
    }
    /* the requirements of the body's public recommendations */
    json_t *reqs = NULL;
    buf_t q = BUF_INIT;
    buf_puts(&q, "SELECT q.recommendation_id, q.position, q.text, q.status FROM requirements q"
                 " JOIN recommendations rr ON rr.id = q.recommendation_id JOIN bodies b ON b.id = rr.body_id"
                 " WHERE b.code = ?2 AND ");
    pub_where(&q, "requirements", "q");
    buf_puts(&q, " ORDER BY q.recommendation_id, q.position, q.id");
    rc = q.failed ? ov_error_set(err, OV_EINTERNAL, "", "out of memory")
                  : store_query(s, &reqs, err, q.data, "ss", today, code);
    buf_free(&q);
    if (rc) {
        json_decref(causes);
        json_decref(recs);
        return rc;
    }
    json_t *other = json_array();
    size_t i, k;
    json_t *c, *r;
    json_array_foreach(recs, k, r) {
        json_t *mine = json_array();
        json_array_foreach(reqs, i, c)
            if (json_integer_value(json_object_get(c, "recommendation_id")) == json_integer_value(json_object_get(r, "id")))
                json_array_append(mine, c);
        json_object_set_new(r, "requirements", mine);
    }
    json_decref(reqs);
    json_array_foreach(causes, i, c) json_object_set_new(c, "recommendations", json_array());
    json_array_foreach(recs, k, r) {
        json_t *home = NULL;
        json_array_foreach(causes, i, c)
            if (json_is_integer(json_object_get(r, "cause_id"))
                && json_integer_value(json_object_get(c, "id")) == json_integer_value(json_object_get(r, "cause_id")))
                home = json_object_get(c, "recommendations");
        json_array_append(home ? home : other, r);
    }
    json_decref(recs);
    /* the body's published reports that record how many recommendations
     * they made (migration 018), with how many of them the record holds */
    json_t *reports = NULL;
    buf_puts(&q, "SELECT i.id, i.title, i.url, i.published_on, i.recommendations_made,"
                 /* its own and those of its causes, through the indexes (the
                  * COALESCE of both read every recommendation per report; SQLite
                  * would walk every recommendation without a report of its own
                  * for "r.inspection_id IS NULL", hence the unary plus) */
                 " (SELECT count(*) FROM recommendations r WHERE r.inspection_id = i.id)"
                 " + (SELECT count(*) FROM causes_of_concern ci JOIN recommendations r ON r.cause_id = ci.id"
                 " WHERE ci.inspection_id = i.id AND +r.inspection_id IS NULL)"   /* +: not by that index */
                 " AS recommendations_recorded"
                 " FROM inspections i JOIN bodies b ON b.id = i.body_id"
                 " WHERE b.code = ?2 AND i.recommendations_made IS NOT NULL AND ");
    pub_where(&q, "inspections", "i");
    buf_puts(&q, " ORDER BY i.published_on, i.id");
    rc = q.failed ? ov_error_set(err, OV_EINTERNAL, "", "out of memory")
                  : store_query(s, &reports, err, q.data, "ss", today, code);
    buf_free(&q);
    if (rc) {
        json_decref(causes);
        json_decref(other);
        return rc;
    }
    json_array_foreach(reports, i, r) {
        to_int(r, "recommendations_made");
        to_int(r, "recommendations_recorded");
    }
    json_t *pcc = NULL;
    rc = pcc_responses(s, code, today, &pcc, err);
    if (rc) {
        json_decref(causes);
        json_decref(other);
        json_decref(reports);
        return rc;
    }
    *out = json_pack("{s:o, s:o, s:o, s:o}", "causes", causes, "other", other, "reports", reports, "pcc_responses", pcc);
    return *out ? 0 : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
}

int store_public_item(store_t *s, const char *table, long long id, const char *today, json_t **out, ov_error_t *err)
{
    json_t *rows = NULL;
    *out = NULL;
    public_filter_t all = {.status = "all"};
    int is_cause = strcmp(table, "causes_of_concern") == 0;
    int rc = is_cause ? causes_query(s, today, NULL, id, &rows, err) : recs_query(s, today, &all, 0, id, &rows, NULL, err);
    if (rc) return rc;
    if (json_array_size(rows) != 1) {
        json_decref(rows);
        return ov_error_set(err, OV_ENOTFOUND, "", "no such %s", is_cause ? "cause of concern" : "recommendation");
    }
    json_t *item = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    json_t *parts = NULL;
    /* a correction of a public item's closure is public with it, beside
     * the original (store/corrections.h) */
    json_t *one = json_pack("[O]", item);
    rc = one ? store_corrections_attach(s, table, one, err) : ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    json_decref(one);
    if (rc) {
        json_decref(item);
        return rc;
    }
    if (is_cause) {
        rc = recs_query(s, today, &all, id, 0, &parts, NULL, err);
        size_t i;
        json_t *r;
        json_array_foreach(parts, i, r) {
            json_t *reqs = NULL;
            if (rc == 0)
                rc = store_query(s, &reqs, err, "SELECT position, text, status FROM requirements"
                                 " WHERE recommendation_id = ? ORDER BY position, id", "i",
                                 (long long)json_integer_value(json_object_get(r, "id")));
            if (rc == 0) json_object_set_new(r, "requirements", reqs);
        }
        if (rc == 0) json_object_set_new(item, "recommendations", parts);
        else json_decref(parts);
    } else {
        /* the requirements and deadline revisions of a public
         * recommendation are public with it (publication.h) */
        rc = store_query(s, &parts, err,
                         "SELECT position, text, status FROM requirements WHERE recommendation_id = ?"
                         " ORDER BY position, id", "i", id);
        if (rc == 0) {
            json_object_set_new(item, "requirements", parts);
            rc = store_query(s, &parts, err,
                             "SELECT previous_deadline, new_deadline, reason, agreed_by, agreed_on"
                             " FROM deadline_revisions WHERE recommendation_id = ? ORDER BY id", "i", id);
            if (rc == 0) json_object_set_new(item, "deadline_revisions", parts);
        }
        /* the recommendations it supersedes (sql/017), where public: the
         * link shown both ways */
        buf_t q = BUF_INIT;
        buf_puts(&q, "SELECT p.id, p.number, b.name AS body_name FROM recommendations p"
                     " JOIN bodies b ON b.id = p.body_id WHERE p.superseded_by_id = ?2 AND ");
        pub_where(&q, "recommendations", "p");
        buf_puts(&q, " ORDER BY p.id");
        if (rc == 0)
            rc = q.failed ? ov_error_set(err, OV_EINTERNAL, "", "out of memory")
                          : store_query(s, &parts, err, q.data, "si", today, id);
        buf_free(&q);
        if (rc == 0) json_object_set_new(item, "supersedes", parts);
    }
    if (rc) {
        json_decref(item);
        return rc;
    }
    *out = item;
    return 0;
}
