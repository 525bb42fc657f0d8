/*
 * letter_facts.h: what a letter needs from the record (docs/letter.h,
 * letter_facts), read in the store: the body, the decision into Engage
 * that a later decision ends, the PPOG meeting, inspections with their
 * causes, recommendations and requirements, revisits, external matters and
 * the plan; and the letter rows the workflow picks (the latest of a kind,
 * the loaded drafts to publish, the index). Each result is a new JSON value
 * the caller json_decrefs; on an error nothing is returned (*out NULL).
 */
#ifndef OV_STORE_LETTER_FACTS_H
#define OV_STORE_LETTER_FACTS_H
#include "store/store.h"

/* The body with code `code` as a new object {id, code, name, kind,
 * local_policing_body, chief_officer_title}. OV_ENOTFOUND (field "body",
 * "no body with code '...'"). */
int store_letter_body(store_t *s, const char *code, json_t **out, ov_error_t *err);

/* The latest decision of body_id into Engage effective on or before `on`
 * (an ISO date) as a new object {id, decided_by, decided_on, effective_on,
 * rationale}, or *out = NULL when there is none. */
int store_letter_engage_entry(store_t *s, long long body_id, const char *on, json_t **out, ov_error_t *err);

/* The PPOG meeting a letter of body_id names: meeting_id when > 0, else the
 * latest that discussed the body (has an item for it) held on or before
 * `until` (NULL: any), as a new object {id, held_on, outcome, notes} (the
 * body's item's outcome and notes, null without one), or *out = NULL when
 * there is none. OV_EINVALID (field "ppog_meeting_id") when an explicit
 * meeting_id does not exist. */
int store_letter_ppog(store_t *s, long long body_id, long long meeting_id, const char *until, json_t **out,
                      ov_error_t *err);

/* Inspections of body_id that issued causes of concern, oldest first, as a
 * new array in *inspections of {id, kind, title, commissioned_by,
 * fieldwork_start, fieldwork_end, published_on, summary, causes [...],
 * revisits [...]}; the causes and revisits without an inspection in new
 * arrays *other_causes and *other_revisits. A cause is {id, inspection_id,
 * title, text, accelerated (bool), added_to_engage (bool), issued_on,
 * status, closed_on, recommendations [{id, cause_id, number, text,
 * original_deadline, deadline (the latest revision, else the original),
 * status, closed_on, requirements [texts]}]}; a revisit {id, inspection_id,
 * title, started_on, ended_on, scope, findings}. */
int store_letter_inspections(store_t *s, long long body_id, json_t **inspections, json_t **other_causes,
                             json_t **other_revisits, ov_error_t *err);

/* The external reports with matters for body_id as a new array of {title,
 * matters [{reference, text, status, closed_on}]}, in report order. */
int store_letter_external_reports(store_t *s, long long body_id, json_t **out, ov_error_t *err);

/* The body's latest plan (by agreed_on, then id) as a new object {id, name,
 * linked_plan, agreed_on, period_start, period_end, reason, description,
 * pillars [{title, description}], key_actions, outcomes (counts of its
 * items of each kind)}, or *out = NULL when it has none. */
int store_letter_plan(store_t *s, long long body_id, json_t **out, ov_error_t *err);

/* The id of the latest letter (highest id) of `kind` to the body with code
 * `body` in *id, or 0 when there is none. */
int store_letter_latest_id(store_t *s, const char *body, const char *kind, long long *id, ov_error_t *err);

/* Drafts that carry a published_on date on or before today (YYYY-MM-DD;
 * NULL: any), as a new array of {id} by id (letter_publish_loaded). */
int store_letters_loaded_drafts(store_t *s, const char *today, json_t **out, ov_error_t *err);

/* The rows of the letters index (docs/letter.h, letter_index), as a new
 * array of {id, body (code), body_name, kind, title (may be null or ""),
 * status, sent_on, published_on}: of the body with code `body` (NULL: every
 * body), only published ones when published_only, newest first by
 * publication date (else the date sent), then id; at most 1,000. */
int store_letters_index(store_t *s, const char *body, const char *public_on, json_t **out, ov_error_t *err);

#endif
