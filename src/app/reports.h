/*
 * reports.h: the actions on reports that cover many bodies and on the
 * parts of their shared recommendations (store/reports.h), shared by the
 * JSON API (src/api/reports.c), the forms (src/web/form_reports.c) and the
 * CLI (`oversight report add`, `report add-recommendation`).
 *
 * Who may: those who record for every body (PERM_RECORD, no body: staff)
 * record a report, add a recommendation to one and change a national part's status; inspectors and
 * HMCI (PERM_CLOSE) close one. Callers check the permission; these check
 * the input and write in one transaction.
 */
#ifndef OV_APP_REPORTS_H
#define OV_APP_REPORTS_H
#include <jansson.h>
#include "store/store.h"
#include "core/error.h"

/* Checks the report `in` (borrowed): title, kind (thematic|national|
 * joint), coverage (several|all_police|all_fire|all), published_on (a
 * day), url, summary; bodies: [code] (required for coverage several);
 * recommendations: [{number, text, addressed_to, deadline, addressees:
 * [code | "all_police"]}] (numbers distinct, at least one addressee each).
 * OV_EINVALID naming the field ("recommendations[1].deadline"). */
int app_report_check(const json_t *in, ov_error_t *err);

/* app_report_check, then store_report_create by `by`. 0 with *id. */
int app_report_create(store_t *s, const json_t *in, const char *by, long long *id, ov_error_t *err);

/* Adds recommendation `in` (borrowed: {number, text, addressed_to,
 * deadline, addressees}, checked as one of app_report_check's, its fields
 * named without a prefix: "addressees[0]") to report report_id read at
 * expected_version, then store_report_recommendation_add by `by`. 0 with
 * *shared_id. */
int app_report_recommendation_add(store_t *s, long long report_id, long long expected_version, const json_t *in,
                                  const char *by, long long *shared_id, ov_error_t *err);

/* Changes national part id (expected_version) from `in` (borrowed):
 * closing 0: {to, on, acceptance, deadline, note}; closing 1: {on,
 * outcome, reason} (to is closed). Types checked here, the rule in
 * core/addressees.h. */
int app_national_part_change(store_t *s, long long id, long long expected_version, const json_t *in, int closing,
                             const char *by, ov_error_t *err);

#endif
