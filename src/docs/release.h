/*
 * release.h: the inspectorate's news release beside a decision letter
 * (issue #17 item 7; seeds/002 is the Met's). A publication of its own:
 * drafted from the record (the decision, the body's entry into the
 * enhanced level, the causes of concern and matters closed, the plan),
 * edited block by block (each edit kept: sql/019_releases.sql), with
 * attributed quotes entered by staff, then approved (four eyes,
 * core/approval.h) and published with its letter.
 *
 * The model (JSON): {id, body, body_name, status, version, letter_id,
 * decision_id, headline, published_on, published_on_text, decided_on,
 * decided_on_text, blocks: [{key, label, text, drafted, edited, paragraphs
 * | items}], quotes: [{speaker, speaker_title, intro, text, paragraphs,
 * source}]}; release_view adds history (the edits, for staff only). A
 * block's text is what an editor edits: paragraphs split at blank lines;
 * the improvements one item a line. A draft is recomputed from the record
 * on every view; approval freezes the model into the row's content.
 */
#ifndef OV_DOCS_RELEASE_H
#define OV_DOCS_RELEASE_H
#include <jansson.h>
#include "core/buf.h"
#include "core/error.h"
#include "store/store.h"

/* 1 if key names an editable block: headline, summary, process, decision,
 * improvements, progress. */
int release_block_valid(const char *key);

/* Checks an edit of block key: text present, not blank, at most 20,000
 * bytes; a headline one line of at most 300. 0 or OV_EINVALID (field
 * "text", or "block" for an unknown key). Pure. */
int release_block_check(const char *key, const char *text, ov_error_t *err);

/* Builds the model (pure) from a release row (id, body, status, version,
 * letter_id, published_on; may be a bare {body}), the letter facts of its
 * decision (docs/letter.h letter_facts), the body's country ("" unknown),
 * its edits oldest first ({block, text}; NULL: none) and quotes
 * ({speaker, speaker_title, text, source}; NULL: none). A new object, or
 * NULL with err (OV_EINVALID, field decision_id: no phase decision to
 * announce). */
json_t *release_compose(const json_t *row, const json_t *facts, const char *country, const json_t *edits,
                        const json_t *quotes, ov_error_t *err);

/* The letter facts a release of body (code) announcing decision_id (<= 0:
 * the body's latest phase decision) is drafted from. New object in *out.
 * OV_ENOTFOUND (field body), OV_EINVALID (field decision_id). */
int release_facts(store_t *s, const char *body, long long decision_id, json_t **out, ov_error_t *err);

/* The model of release id: a draft recomputed from the record with its
 * edits and quotes, an approved or published one from its frozen content;
 * with status, version, who approved and published it, and history. */
int release_view(store_t *s, long long id, json_t **out, ov_error_t *err);

/* A draft model for body (its latest decision) without saving anything
 * (the CLI). */
int release_draft_for(store_t *s, const char *body, json_t **out, ov_error_t *err);

/* Approves draft id as `by` (four eyes: not its drafter, nor anyone who
 * edited it), freezing its model. OV_ECONFLICT, OV_ESTALE, OV_EFORBIDDEN. */
int release_approve(store_t *s, long long id, long long expected_version, const char *by, ov_error_t *err);

/* Publishes approved release id, and with it its letter when that is
 * approved and not yet published (one transaction). OV_ECONFLICT when the
 * release is not approved or its letter is still a draft. */
int release_publish(store_t *s, long long id, long long expected_version, const char *by, ov_error_t *err);

/* As letter_publish_loaded: every draft release with a published_on on or
 * before today (NULL: any) approved and published by `by`. */
int release_publish_loaded(store_t *s, const char *today, const char *by, int *n, ov_error_t *err);

/* The release as plain text (headline, date, paragraphs, "  - " items,
 * quotes with their sources). */
int release_render_text(const json_t *model, buf_t *out);

/* The release as an <article class="release"> element (escaped). */
int release_render_html_article(const json_t *model, buf_t *out);

#endif
