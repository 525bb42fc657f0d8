/*
 * form_letters.h: the letter workflow of the JSON API (src/api/letters.c)
 * as forms, for the letters index (page_letters.c): draft a letter, approve
 * a draft, publish an approved letter. The same code paths and the same
 * permissions as the API: drafting is app_letter_draft for those who record
 * (PERM_RECORD on the body); approving and publishing are letter_approve
 * and letter_publish for inspectors and HMCI (PERM_CLOSE on the body). The
 * letter's version travels in a hidden field, so a stale button is refused
 * (412, "changed by someone else; reload"). Who drafted a letter, or
 * changed the draft, does not approve it (the four-eyes rule,
 * core/approval.h).
 */
#ifndef OV_WEB_FORM_LETTERS_H
#define OV_WEB_FORM_LETTERS_H
#include <jansson.h>
#include "http/http.h"
#include "store/pool.h"
#include "web/form.h"

/* POST /record/letters: body, kind, decision_id, ppog_meeting_id, title,
 * sent_on, published_on, conclusion; 303 to /letters?body=CODE#letter-ID,
 * or the form again with its errors by their fields (422). */
http_handler_t web_letter_create;
/* POST /record/letters/{id}/approve and /publish: version; first a
 * "check your answers" page with the letter as it will be published
 * (200; confirm=yes does it, back=1 returns to the letter's page), then
 * a 303 to /letters/{id}.html (approve) or the success page (publish).
 * The drafter's or an editor's approval is refused (403, the four-eyes
 * rule's message, before the check page), as a stale version (412) or a
 * wrong status (409), and changes nothing. */
http_handler_t web_letter_approve, web_letter_publish;

/* POST /record/letters/{id}/blocks: block, text, reason, version: the
 * edit of a draft's block (app_letter_edit); 303 to the letter's page,
 * the page again with the error at the block (422), 409 when the letter
 * is no longer a draft, 412 when stale. */
http_handler_t web_letter_edit;

/* A block edit posted with its error, shown again on the letter's page. */
typedef struct letter_typed {
    long long block;                     /* its position */
    const char *text, *reason, *error;   /* as posted; the message */
} letter_typed_t;

/* The letter's own page (GET /letters/{id}.html, page_letters.c) with
 * status: for its body's staff a draft's warnings, its blocks to edit (t:
 * one posted with its error, may be NULL), its history and the approve or
 * publish button (through a check page). */
void web_letter_page_show(http_request_t *req, http_response_t *resp, int status, const web_caller_t *c, long long id,
                          const letter_typed_t *t);

/* The fields of the draft form (form_field.html model), with the posted
 * values of form (NULL: none, body preselected as `body`, may be NULL) and
 * errors ({name: message}, may be NULL) not yet applied. New array. */
json_t *form_letters_fields(store_t *s, const http_form_t *form, const char *body);

#endif
