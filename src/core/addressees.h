/*
 * addressees.h: the rules of reports that cover many bodies and of the
 * parts of a shared recommendation (sql/022_addressees.sql): which kinds
 * and coverages a report may have, and how a national body's part may
 * change. A monitored force's part is an ordinary recommendation and
 * follows the recommendation's rules (core/record.h).
 */
#ifndef OV_CORE_ADDRESSEES_H
#define OV_CORE_ADDRESSEES_H
#include "core/error.h"

/* The addressee that stands for every current, not-retired police force
 * (expanded at the time of recording, one part each). */
#define ADDRESSEES_ALL_POLICE "all_police"

/* 1 if kind is 'thematic', 'national' or 'joint'. */
int rules_report_kind_ok(const char *kind);
/* 1 if coverage is 'several', 'all_police', 'all_fire' or 'all'. */
int rules_report_coverage_ok(const char *coverage);

/* The inspections.kind a covered body's row of a report of `kind` takes
 * (a static string). */
const char *rules_report_inspection_kind(const char *kind);

/* A national part changing from status `from` to `to` (open, in_progress,
 * closed) on day `on`, no earlier than `not_before` (the report's
 * publication; either date may be NULL = unchecked). Closing needs the
 * outcome ('implemented' or 'not_implemented') and a reason, as a force's
 * recommendation does; a closed part stays closed; `to` equal to `from`
 * is no change. 0, or OV_EINVALID / OV_ECONFLICT naming the field. */
int rules_national_part_change(const char *from, const char *to, const char *on, const char *not_before,
                               const char *outcome, const char *reason, ov_error_t *err);

#endif
