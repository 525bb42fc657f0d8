/*
 * letters.h: the letters table (sql/004_letters.sql) in the store: rows,
 * lists and the workflow transitions draft -> approved -> published. The
 * letter model itself is built in src/docs/letter.c; rows are created and
 * changed with the generic entity functions (entity "letters").
 */
#ifndef OV_STORE_LETTERS_H
#define OV_STORE_LETTERS_H
#include "store/store.h"

/* One letter row as a new JSON object (body as its code, content as the
 * stored JSON text or null); OV_ENOTFOUND. */
int store_letter_get(store_t *s, long long id, json_t **out, ov_error_t *err);

/* Letter id's body (code), status and published_on as a new object
 * {body, status, published_on} (core/publication.h decides from them
 * whether it is public);
 * OV_ENOTFOUND (message "letter"). Who may see a letter depends on both. */
int store_letter_head(store_t *s, long long id, json_t **out, ov_error_t *err);

/* Letters, newest first, as a new JSON array of rows without content.
 * body: a body code or NULL for all; public_on: a day "YYYY-MM-DD" for
 * only the letters public on it (store/publication.h), NULL for all. */
int store_letters_list(store_t *s, const char *body, const char *public_on, json_t **out, ov_error_t *err);

/* Who wrote letter id as a draft, from the audit trail: the actors of its
 * `insert` and `update` entries and those of its block edits
 * (letter_edits), distinct, sorted, as a new JSON array of
 * strings (usernames; "cli:LOGIN" or "system" for changes made outside
 * the server). Every change of a letter's fields goes through
 * store_entity_insert/update, which audit it in the change's transaction,
 * so no path of the program changes a draft without appearing here. */
int store_letter_editors(store_t *s, long long id, json_t **out, ov_error_t *err);

/* The edits of draft letter id's blocks (sql/023_letter_edits.sql), oldest
 * first, as a new array of {id, block (its position), old_text, text,
 * reason, edited_by, edited_at}: its history; the latest edit of a block
 * is its text. */
int store_letter_edits(store_t *s, long long id, json_t **out, ov_error_t *err);

/* Moves letter id from status `from` to `to` if its version is still
 * expected_version (< 0: not checked), bumping the version. content (JSON
 * text, may be NULL = unchanged) is stored with the move; `by` goes into
 * approved_by or published_by. OV_ENOTFOUND, OV_ESTALE, or OV_ECONFLICT
 * naming the letter's actual status; moving to approved, OV_EFORBIDDEN
 * (err->rule "four-eyes") when `by` drafted it (created_by) or changed the
 * draft (store_letter_editors) and OV_EINVALID when `by` is NULL or "" (core/approval.h), checked in this
 * transaction, so nothing changes on a refusal. Runs inside the caller's
 * transaction when there is one. */
int store_letter_transition(store_t *s, long long id, long long expected_version, const char *from, const char *to,
                            const char *content, const char *by, ov_error_t *err);

/* The letter's facts: the decision of body_id (by id, or the latest one
 * into to_phase when id <= 0; NULL to_phase: the latest of any kind) as a
 * new object in *out, or *out = NULL when there is none. OV_EINVALID
 * (field decision_id) when an explicit id is not a decision of that body. */
int store_letter_decision(store_t *s, long long body_id, long long id, const char *to_phase, json_t **out,
                          ov_error_t *err);

/* What a draft for body (a code) may name (the draft form's choices),
 * newest first, at most limit, as a new JSON array: the body's phase
 * decisions {id, body, body_name, from_phase_name, to_phase_name,
 * effective_on}; the PPOG meetings that discussed it (an item of the
 * body) {id, held_on}. */
int store_letter_decision_choices(store_t *s, const char *body, long long limit, json_t **out, ov_error_t *err);
int store_letter_meeting_choices(store_t *s, const char *body, long long limit, json_t **out, ov_error_t *err);

/* PPOG meeting meeting_id for a letter about body (a code): 0 when it
 * discussed the body (an item of it); else OV_EINVALID naming
 * "ppog_meeting_id" (no such meeting, or one that never discussed it). */
int store_letter_meeting_check(store_t *s, const char *body, long long meeting_id, ov_error_t *err);

#endif
