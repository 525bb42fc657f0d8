/*
 * reports.h: reports that cover many bodies and recommendations with many
 * addressees (sql/022_addressees.sql, docs/model.md).
 *
 * A report covers bodies, each through its own inspections row
 * (report_id); a shared recommendation has a part per addressee: an
 * ordinary recommendations row for a monitored body (shared_id), a
 * national_parts row for a national body, whose every change is appended
 * to national_part_events. Every write here is audited under the entity
 * names "reports", "shared-recommendations", "national-parts",
 * "national-part-events" (and "inspections", "recommendations").
 */
#ifndef OV_STORE_REPORTS_H
#define OV_STORE_REPORTS_H
#include "store/store.h"

/* Records the report `in` (borrowed; its shape already checked by the
 * caller, app/reports.h: {title, kind, coverage, published_on, url,
 * summary, bodies: [code], recommendations: [{number, text, addressed_to,
 * deadline, addressees: [code | "all_police"]}]}) by `by`, in one
 * transaction: the report, an inspections row for each covered body (those
 * named, those its coverage all_police/all_fire/all takes, and every
 * monitored addressee), each shared recommendation and each addressee's
 * part. "all_police" (as coverage or addressee) is the police forces not
 * retired at the time of recording. A code that names no body, a retired
 * body, a national body among the covered bodies or an addressee named
 * twice is OV_EINVALID naming it ("bodies[1]",
 * "recommendations[0].addressees[2]") and nothing is written. 0 with *id. */
int store_report_create(store_t *s, const json_t *in, const char *by, long long *id, ov_error_t *err);

/* Adds recommendation rec (borrowed; its shape checked by the caller,
 * app/reports.h: {number, text, addressed_to, deadline, addressees: [code
 * | "all_police"]}) to report report_id, read at version expected_version
 * (required), by `by`, in one transaction: the shared recommendation,
 * issued on the report's publication day, and each addressee's part as
 * store_report_create makes them. An addressee must be a body the report
 * covers (its part goes under the body's inspections row of the report)
 * or a national body; "all_police" is every police force the report
 * covers that is not retired. The report's version goes up by one. A
 * code naming no body, a retired body, a body the report does not cover
 * or an addressee named twice is OV_EINVALID naming it ("addressees[1]");
 * a number the report has already OV_ECONFLICT naming "number"; another
 * version OV_ESTALE; no report OV_ENOTFOUND. Nothing is written on error.
 * 0 with *shared_id. */
int store_report_recommendation_add(store_t *s, long long report_id, long long expected_version, const json_t *rec,
                                    const char *by, long long *shared_id, ov_error_t *err);

/* The report id as a new object in *out (caller json_decref):
 *   {id, title, kind, coverage, published_on, url, summary, version,
 *    bodies: [{code, name, kind, inspection_id}],
 *    recommendations: [{id, number, text, addressed_to, issued_on,
 *      original_deadline, parts: [{addressee, name, kind (police|fire|
 *      national), part (recommendation|national_part), id, acceptance,
 *      status, deadline, closure: {closed_on, outcome, reason} | null,
 *      version[, events (staff)]}]}]}
 * With today (YYYY-MM-DD) only a report published on or before it
 * (store/publication.h), else OV_ENOTFOUND; today NULL: staff (events
 * included). */
int store_report_get(store_t *s, long long id, const char *today, json_t **out, ov_error_t *err);

/* The reports, newest first, as a new array [{id, title, kind, coverage,
 * published_on, url, bodies (count), recommendations (count)}]; today as
 * store_report_get; body (a code, may be NULL) only those covering it. */
int store_reports_list(store_t *s, const char *today, const char *body, json_t **out, ov_error_t *err);

/* For recommendation rec_id that is a part of a shared one: a new object
 * {report_id, report_title, others: [names of the other addressees]} in
 * *out; else *out = NULL and 0. */
int store_report_of_recommendation(store_t *s, long long rec_id, json_t **out, ov_error_t *err);

/* Changes national part id (version expected_version, required) by `by`:
 * to (open|in_progress|closed) on day `on`; optional acceptance
 * (pending|accepted|not_accepted), deadline (a revision: the old one is
 * kept in the part's events), note; closing takes outcome and reason
 * (core/addressees.h). Each changed field is appended to
 * national_part_events, in one transaction. OV_ENOTFOUND, OV_ESTALE,
 * OV_EINVALID / OV_ECONFLICT naming the field. */
typedef struct {
    const char *to, *on, *acceptance, *deadline, *outcome, *reason, *note;
} store_part_change_t;
int store_national_part_change(store_t *s, long long id, long long expected_version, const store_part_change_t *c,
                               const char *by, ov_error_t *err);

/* National part id as a new object {id, shared_id, report_id, addressee,
 * name, acceptance, status, deadline, outcome, reason, closed_on,
 * closed_by, version}; today as store_report_get. OV_ENOTFOUND. */
int store_national_part_get(store_t *s, long long id, const char *today, json_t **out, ov_error_t *err);

#endif
