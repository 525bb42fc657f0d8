/*
 * pcc.c: PCC responses (see pcc.h): the checks the entity descriptors
 * cannot state, and a body's reports with their responses.
 */
#include "store/pcc.h"
#include "core/rules.h"
#include <string.h>

/* 1 if recommendation r (with its cause c) is one the report of response p
 * made: directly, or through a cause of concern of the report; else 0. */
#define OF_REPORT \
    "(CASE WHEN r.inspection_id = p.inspection_id OR c.inspection_id = p.inspection_id THEN 1 ELSE 0 END)"

int store_pcc_check(store_t *s, const char *table, long long id, ov_error_t *err)
{
    json_t *row = NULL;
    int rc = 0;
    if (strcmp(table, "pcc_responses") == 0) {
        rc = store_query_one(s, &row, err, "no such PCC response",
                             "SELECT b.kind, b.name FROM pcc_responses p JOIN bodies b ON b.id = p.body_id"
                             " WHERE p.id = ?", "i", id);
        if (rc) return rc;
        const char *kind = json_string_value(json_object_get(row, "kind"));
        if (!rules_pcc_owed(kind))
            rc = ov_error_set(err, OV_EINVALID, "inspection_id",
                              "%s is not a police force: a local policing body responds only to reports on "
                              "police forces (Police Act 1996 s.55)",
                              json_string_value(json_object_get(row, "name")));
        json_decref(row);
        row = NULL;
        /* its answers stay answers to recommendations of its report (a
         * response moved to another report takes none along) */
        if (rc == 0)
            rc = store_query_one(s, &row, err, "", "SELECT count(*) AS n FROM pcc_recommendation_responses x"
                                 " JOIN pcc_responses p ON p.id = x.response_id JOIN recommendations r ON r.id = x.recommendation_id"
                                 " LEFT JOIN causes_of_concern c ON c.id = r.cause_id WHERE x.response_id = ? AND " OF_REPORT " = 0",
                                 "i", id);
        if (rc == 0 && json_integer_value(json_object_get(row, "n")) > 0)
            rc = ov_error_set(err, OV_EINVALID, "inspection_id",
                              "this response answers recommendations of its report: it cannot move to another report");
    } else if (strcmp(table, "pcc_recommendation_responses") == 0) {
        rc = store_query_one(s, &row, err, "no such response to a recommendation",
                             "SELECT r.number, " OF_REPORT " AS of_report FROM pcc_recommendation_responses x"
                             " JOIN pcc_responses p ON p.id = x.response_id"
                             " JOIN recommendations r ON r.id = x.recommendation_id"
                             " LEFT JOIN causes_of_concern c ON c.id = r.cause_id WHERE x.id = ?", "i", id);
        if (rc) return rc;
        if (json_integer_value(json_object_get(row, "of_report")) != 1)
            rc = ov_error_set(err, OV_EINVALID, "recommendation_id",
                              "recommendation %s is not one the report this response answers made",
                              json_string_value(json_object_get(row, "number")));
    }
    json_decref(row);
    return rc;
}

int store_pcc_reports(store_t *s, const char *code, json_t **out, ov_error_t *err)
{
    json_t *reports = NULL, *recs = NULL, *answers = NULL;
    *out = NULL;
    /* the report's body is the one that owes it (per (report, body): a
     * report covering several forces would list it for each) */
    int rc = store_query(s, &reports, err,
                         "SELECT i.id, i.title, i.published_on, p.id AS response_id, p.published_on AS response_on,"
                         " p.url AS response_url, p.summary AS response_summary, p.chief_officer_comments"
                         " FROM inspections i JOIN bodies b ON b.id = i.body_id"
                         " LEFT JOIN pcc_responses p ON p.inspection_id = i.id AND p.body_id = b.id"
                         " WHERE b.code = ? AND b.kind = ? AND i.published_on IS NOT NULL"
                         " ORDER BY i.published_on, i.id", "ss", code, RULES_PCC_BODY_KIND);
    if (rc == 0)
        rc = store_query(s, &recs, err,
                         "SELECT COALESCE(r.inspection_id, c.inspection_id) AS inspection_id, r.id, r.number,"
                         " r.cause_id, r.text FROM recommendations r JOIN bodies b ON b.id = r.body_id"
                         " LEFT JOIN causes_of_concern c ON c.id = r.cause_id"
                         " WHERE b.code = ? AND COALESCE(r.inspection_id, c.inspection_id) IS NOT NULL"
                         " ORDER BY r.issued_on, r.id", "s", code);
    if (rc == 0)
        rc = store_query(s, &answers, err,
                         "SELECT x.id, x.response_id, x.recommendation_id, x.action"
                         " FROM pcc_recommendation_responses x JOIN pcc_responses p ON p.id = x.response_id"
                         " JOIN bodies b ON b.id = p.body_id WHERE b.code = ? ORDER BY x.id", "s", code);
    if (rc) goto done;
    size_t i, j, k;
    json_t *rep, *rec, *ans;
    json_array_foreach(reports, i, rep) {
        json_int_t rid = json_integer_value(json_object_get(rep, "response_id"));
        json_t *response = json_null();
        if (rid)
            response = json_pack("{s:I, s:O, s:O, s:O, s:O}", "id", rid, "published_on",
                                 json_object_get(rep, "response_on"), "url", json_object_get(rep, "response_url"),
                                 "summary", json_object_get(rep, "response_summary"), "chief_officer_comments",
                                 json_object_get(rep, "chief_officer_comments"));
        json_t *list = json_array();
        json_int_t iid = json_integer_value(json_object_get(rep, "id"));
        json_array_foreach(recs, j, rec) {
            if (json_integer_value(json_object_get(rec, "inspection_id")) != iid) continue;
            json_int_t id = json_integer_value(json_object_get(rec, "id"));
            json_t *answer = json_null();
            json_array_foreach(answers, k, ans)
                if (rid && json_integer_value(json_object_get(ans, "response_id")) == rid
                    && json_integer_value(json_object_get(ans, "recommendation_id")) == id) {
                    answer = json_pack("{s:O, s:O}", "id", json_object_get(ans, "id"), "action",
                                       json_object_get(ans, "action"));
                    break;
                }
            json_array_append_new(list, json_pack("{s:I, s:O, s:O, s:O, s:o}", "id", id, "number",
                                                  json_object_get(rec, "number"), "cause_id",
                                                  json_object_get(rec, "cause_id"), "text",
                                                  json_object_get(rec, "text"), "answer", answer ? answer : json_null()));
        }
        const char *drop[] = {"response_id", "response_on", "response_url", "response_summary",
                              "chief_officer_comments"};
        for (size_t d = 0; d < sizeof drop / sizeof drop[0]; d++) json_object_del(rep, drop[d]);
        if (json_object_set_new(rep, "response", response ? response : json_null())
            || json_object_set_new(rep, "recommendations", list)) {
            rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
            goto done;
        }
    }
    *out = reports;
    reports = NULL;
done:
    json_decref(reports);
    json_decref(recs);
    json_decref(answers);
    return rc;
}
