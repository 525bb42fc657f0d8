/*
 * releases.h: news releases (sql/019_releases.sql) in the store: rows,
 * their block edits and quotes, lists, and the workflow transitions
 * draft -> approved -> published. The release's words are composed in
 * src/docs/release.c; rows, edits and quotes are written with the generic
 * entity functions (entities "releases", "release-edits",
 * "release-quotes"), so every change is audited.
 */
#ifndef OV_STORE_RELEASES_H
#define OV_STORE_RELEASES_H
#include "store/store.h"

/* One release row as a new JSON object (body as its code); OV_ENOTFOUND. */
int store_release_get(store_t *s, long long id, json_t **out, ov_error_t *err);

/* Release id's {body, status, published_on, letter_id} as a new object
 * (core/publication.h decides from them whether it is public);
 * OV_ENOTFOUND. */
int store_release_head(store_t *s, long long id, json_t **out, ov_error_t *err);

/* Releases, newest first, as a new JSON array {id, body, body_name, status,
 * published_on, letter_id, decision_id, created_by, approved_by,
 * published_by, version, content}. body: a code or NULL; public_on: a day
 * for only the releases public on it (store/publication.h), NULL for all. */
int store_releases_list(store_t *s, const char *body, const char *public_on, json_t **out, ov_error_t *err);

/* The edits of release id, oldest first: {id, block, text, reason,
 * edited_by, edited_at} (its history; the latest of a block is its text). */
int store_release_edits(store_t *s, long long id, json_t **out, ov_error_t *err);

/* The quotes of release id in order: {id, position, speaker,
 * speaker_title, text, source, version}. */
int store_release_quotes(store_t *s, long long id, json_t **out, ov_error_t *err);

/* Who wrote release id as a draft, from the audit trail: the actors of the
 * inserts and updates of the release, its edits and its quotes, distinct,
 * sorted, as a new JSON array of strings. */
int store_release_editors(store_t *s, long long id, json_t **out, ov_error_t *err);

/* The country of body code (its row's `country`, "" when none) into out
 * (n bytes). OV_ENOTFOUND (field body). */
int store_release_body_country(store_t *s, const char *code, char *out, size_t n, ov_error_t *err);

/* Moves release id from `from` to `to` as store_letter_transition does for
 * letters: version checked (expected_version < 0: not), content stored
 * with an approval, approved_by or published_by set, the four-eyes rule
 * (core/approval.h) applied when approving against the drafter and every
 * editor (store_release_editors), audited, in one transaction (the
 * caller's when one is open). OV_ENOTFOUND, OV_ESTALE, OV_ECONFLICT,
 * OV_EFORBIDDEN (err->rule "four-eyes"), OV_EINVALID. */
int store_release_transition(store_t *s, long long id, long long expected_version, const char *from, const char *to,
                             const char *content, const char *by, ov_error_t *err);

/* The drafts loaded as history with a published_on on or before today
 * (NULL: any), as a new array of {id}. */
int store_releases_loaded_drafts(store_t *s, const char *today, json_t **out, ov_error_t *err);

#endif
