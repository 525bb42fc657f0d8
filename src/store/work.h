/*
 * work.h: the rows of the work queues (/work, src/web/page_work.c) that
 * are not deadlines (deadlines come from store_deadline_snapshots and the
 * one deadlines rule, core/rules.h rules_deadlines): claims of
 * "implemented" waiting for an inspector, letters waiting for approval or
 * publication, revisits planned or under way, and what a body has sent.
 * Each query takes a body code (NULL: every body).
 */
#ifndef OV_STORE_WORK_H
#define OV_STORE_WORK_H
#include "store/store.h"

/* Recommendations with status "implemented" (claimed, not yet closed):
 * [{id, number, cause_id, cause_number (its cause's place in its report, 0
 * when none), claimed_on (implemented_on, else the latest
 * status change to implemented), code, name, body_kind}], oldest claim
 * first. 0 or a negative status with err. *out is the caller's. */
int store_work_claims(store_t *s, const char *code, json_t **out, ov_error_t *err);

/* Letters in draft or approved: [{id, kind, title, status, created_at,
 * approved_at, created_by, code, name, body_kind}], oldest first. */
int store_work_letters(store_t *s, const char *code, json_t **out, ov_error_t *err);

/* Revisits that start after today or have not ended: [{id, title,
 * started_on, ended_on, code, name, body_kind}], by start. */
int store_work_revisits(store_t *s, const char *code, const char *today, json_t **out, ov_error_t *err);

/* Recommendations open or in progress (what the inspectorate asked for):
 * [{id, number, cause_id, cause_number, status, deadline (current), code, name,
 * body_kind}], by deadline (none last). */
int store_work_asked(store_t *s, const char *code, json_t **out, ov_error_t *err);

/* The latest `limit` progress updates (what a body has sent):
 * [{id, submitted_on, recommendation_id, cause_id, author, code, name,
 * body_kind}], newest first. */
int store_work_sent(store_t *s, const char *code, long long limit, json_t **out, ov_error_t *err);

/* Whether row id of table (a table the publication rule names, e.g.
 * "recommendations", "causes_of_concern", "decisions") is public on today
 * (YYYY-MM-DD) by the one publication rule (store/publication.h): *out 1
 * or 0. 0, or a negative status with err. For the "who will see it" line
 * of the check pages, and whether an item's corrections are public. */
int store_row_is_public(store_t *s, const char *table, long long id, const char *today, int *out, ov_error_t *err);

#endif
