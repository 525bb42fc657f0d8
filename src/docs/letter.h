/*
 * letter.h: letters generated from the monitoring record: "move to enhanced
 * phase of monitoring" (move_to_engage), "return to default phase of
 * monitoring" (return_to_scan) and cause-of-concern revisit letters
 * (revisit), in the structure of the published letters (seeds/004).
 *
 * Three layers:
 *  - wording helpers and letter_compose: pure (no I/O), unit-tested;
 *  - letter_facts and the workflow (letter_view, letter_approve,
 *    letter_publish): read the record through the store;
 *  - renderers: HTML (template docs/templates/letter.html) and A4 PDF
 *    (cairo + pango), both from the same model.
 *
 * The model (JSON) is {id, body, kind, status, version, title, published_on,
 * published_on_text, sent_on, sent_on_text, from {name, titles[]},
 * to {name, org}, cc {name, role}, facts {...}, blocks [...], warnings
 * [...]: what the approver should know, such as nobody recorded in a post
 * the letter names on its date}; each block is
 * {type: "h2"|"h3"|"p"|"bullets", text | items[]} with a boolean member
 * named after its type (for the template); the sender is from_name, else
 * the lead HMI in post on the letter's date (facts.people), never
 * invented. A draft's facts are recomputed
 * from the record on every view; approval freezes the model into the
 * letter's content, so an approved or published letter never changes.
 */
#ifndef OV_DOCS_LETTER_H
#define OV_DOCS_LETTER_H
#include <stddef.h>
#include <jansson.h>
#include "core/buf.h"
#include "core/error.h"
#include "store/store.h"

/* 1 if kind is move_to_engage, return_to_scan or revisit. */
int letter_kind_valid(const char *kind);

/* ---- wording (pure) ---- */

/* "2023-12-31" -> "31 December 2023", "2024-05" -> "May 2024", "2024" ->
 * "2024". Returns 0, or -1 (out = "") when iso is not a date. */
int letter_date_text(const char *iso, char *out, size_t n);

/* "2025-01-22" -> "Wednesday 22 January" (with_year: "... 2025"). Dates
 * without a day fall back to letter_date_text. 0 or -1. */
int letter_date_weekday(const char *iso, int with_year, char *out, size_t n);

/* A fieldwork period: ("2023-09", "2023-10") -> "September and October
 * 2023"; ("2023-09", "2023-11") -> "September to November 2023"; different
 * years or days -> "A to B"; one side missing -> the other. 0 or -1. */
int letter_period_text(const char *start, const char *end, char *out, size_t n);

/* The initials a body goes by when its name is three or more capitalised
 * words ("Metropolitan Police Service" -> "MPS"), else "" . */
void letter_acronym(const char *name, char *out, size_t n);

/* "one".."twelve", else the digits (static or in buf, n >= 16). */
const char *letter_count_word(long n, char buf[16]);
/* "first".."twelfth", else "Nth". */
const char *letter_ordinal_word(long n, char buf[16]);

/* Joins items as "a", "a and b", "a, b and c". New string (free()). */
char *letter_join(const char *const *items, size_t n);

/* A bullet of a list in the letters' style: the text without its own
 * trailing punctuation, then ";" / "; and" (second to last) / "." (last).
 * New string (free()). */
char *letter_list_item(const char *text, size_t index, size_t count);

/* "Report of the Daniel Morgan Independent Panel" -> "the Daniel Morgan
 * Independent Panel report"; other titles as they are. New string. */
char *letter_report_name(const char *title);

/* The title of a letter of `kind` to body_name that has no title of its
 * own: "Metropolitan Police Service: return to default phase of
 * monitoring" (the model's title, the feeds' and the letters page's). */
void letter_default_title(const char *body_name, const char *kind, char *out, size_t n);

/* ---- the model ---- */

/* Builds the model from a letter row (its fields: body, kind, title,
 * from_name, from_titles, ...; missing ones take defaults from the facts)
 * and the facts gathered by letter_facts. Pure. Returns a new object, or
 * NULL with err set (OV_EINVALID: unknown kind). */
json_t *letter_compose(const json_t *letter, const json_t *facts, ov_error_t *err);

/* ---- editing a draft (letter_edits.c, pure) ---- */

/* Checks the new text of a block: not blank, at most 20,000 bytes. 0 or
 * OV_EINVALID (field "text"). */
int letter_block_check(const char *text, ov_error_t *err);

/* The words of a model's block as an editor edits them: its text, or a
 * bullet list's items one a line without the list's punctuation. New
 * string (free()), NULL when out of memory. */
char *letter_block_text(const json_t *block);

/* Lays edits ({block: position in model's blocks, text}, oldest first;
 * NULL: none) over model's blocks: the latest edit of a block is its
 * words (a bullet list one item a line); an edited block gets edited:
 * true and drafted: the words drafted from the record. An edit of a
 * position the model has no longer is skipped. */
void letter_apply_edits(json_t *model, const json_t *edits);

/* Gathers from the record what letter (a row or a request with at least
 * body and kind) needs: body, decision, Engage entry, PPOG meeting,
 * inspections with causes, recommendations and requirements, revisits,
 * external matters, the plan, and people: who held the posts the letter
 * names on its date ({on, lead_hmi, chief_officer, lpb_holder}, each
 * {name, title, ...} or null: nobody recorded). New object in *out. OV_ENOTFOUND (field
 * body), OV_EINVALID (decision_id, ppog_meeting_id). */
int letter_facts(store_t *s, const json_t *letter, json_t **out, ov_error_t *err);

/* The model of letter id: a draft recomputed from the record, an approved
 * or published one from its frozen content, with status, version and who
 * approved and published it. New object in *out. */
int letter_view(store_t *s, long long id, json_t **out, ov_error_t *err);

/* The letters for an index (GET /letters): a new object in *out,
 * {body: {code, name} or null, letters: [{id, body (code), body_name, kind,
 * title (its own, else letter_default_title), status, sent_on,
 * published_on}]}, newest first by publication date (else the date sent),
 * then id. body: a code or NULL for every body (OV_ENOTFOUND, field body,
 * when no body has it); public_on: a day for only the letters public on it
 * (store/publication.h), NULL for all. At most
 * 1,000. */
int letter_index(store_t *s, const char *body, const char *public_on, json_t **out, ov_error_t *err);

/* A draft model for body/kind without saving anything (the CLI): the fields
 * of the body's latest letter of that kind if there is one, else defaults. */
int letter_draft_for(store_t *s, const char *body, const char *kind, json_t **out, ov_error_t *err);

/* Fills in defaults of a new letter request `in` (to_name, to_org from the
 * chief officer in post on the letter's date, else the post's title;
 * cc_name, cc_role from the local policing body's holder on that date,
 * else its name) where absent. The letter's date: sent_on, else
 * published_on, else its decision's day (letter_facts: facts.people).
 * 0, OV_ENOTFOUND (field body) or letter_facts' errors. */
int letter_defaults(store_t *s, json_t *in, ov_error_t *err);

/* Approves draft id (expected_version < 0: unchecked) as account `by`:
 * freezes its model into content, in one transaction (the caller's when
 * one is open). OV_ECONFLICT when not a draft; OV_EFORBIDDEN (err->rule
 * "four-eyes") when `by` drafted it (store_letter_transition). */
int letter_approve(store_t *s, long long id, long long expected_version, const char *by, ov_error_t *err);

/* Publishes approved letter id. OV_ECONFLICT when not approved. */
int letter_publish(store_t *s, long long id, long long expected_version, const char *by, ov_error_t *err);

/* `oversight load` adds letters as drafts (the workflow is the API's). A
 * record loaded as history (the demo, data/demo_met.json) holds letters
 * that were published: every draft that has a published_on date on or
 * before today (YYYY-MM-DD; NULL: any) is approved (its model frozen from
 * the record as loaded) and published, by `by`, in one transaction. *n
 * (may be NULL) gets how many. 0 or an error (nothing changed). */
int letter_publish_loaded(store_t *s, const char *today, const char *by, int *n, ov_error_t *err);

/* ---- renderers ---- */

/* Appends the letter as a complete HTML page to out, linking its
 * stylesheet at letter_stylesheet_href() (served pages: the CSP forbids
 * inline style). 0 or an error. */
int letter_render_html(const json_t *model, buf_t *out, ov_error_t *err);

/* The same page with the stylesheet inlined: a file that stands alone
 * (`oversight letter --format html`). */
int letter_render_html_standalone(const json_t *model, buf_t *out, ov_error_t *err);

/* The letter alone, as its <article> element (for a page that has its
 * own layout: the site's, src/web), linking no stylesheet: the page links
 * letter_stylesheet_href(). 0 or an error. */
int letter_render_html_article(const json_t *model, buf_t *out, ov_error_t *err);

/* The letters' stylesheet (compiled in; static, NUL-terminated); *len
 * (may be NULL) gets its length. */
const char *letter_stylesheet(size_t *len);

/* "/static/letter.css?v=HASH": where pages link it; the hash changes with
 * its bytes. Static. */
const char *letter_stylesheet_href(void);

/* Appends the letter as plain text (headings underlined, bullets as "  - "). */
int letter_render_text(const json_t *model, buf_t *out);

/* Appends the letter as an A4 PDF (wrapped text, headings, bullets, page
 * breaks, "Page N of M" footers) to out; *pages (may be NULL) gets the page
 * count. 0 or OV_EINTERNAL. */
int letter_render_pdf(const json_t *model, buf_t *out, int *pages, ov_error_t *err);

/* The PDF's creation (and modification) date for cairo: the letter's
 * published_on, else its sent_on, as "YYYY-MM-DDT00:00:00Z"; without
 * either "1970-01-01T00:00:00Z". Never the clock: the same letter gives
 * the same bytes. */
void letter_pdf_date(const json_t *model, char out[32]);

/* A4 in PostScript points. */
#define LETTER_A4_WIDTH 595.2756
#define LETTER_A4_HEIGHT 841.8898

#endif
