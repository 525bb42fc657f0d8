/*
 * page_releases.h: the news releases as pages and forms (page_releases.c):
 * GET /releases[?body=CODE] (published ones; staff also drafts and the
 * draft form), GET /releases/{id} (the release; for staff a draft's blocks
 * to edit, its quotes, its history, and approve or publish), and the
 * POSTs of the workflow under /record/releases. The same actions and
 * permissions as the JSON API (app/releases.h, src/api/releases.c).
 */
#ifndef OV_WEB_PAGE_RELEASES_H
#define OV_WEB_PAGE_RELEASES_H
#include "http/http.h"

http_handler_t web_page_releases, web_page_release;
/* POST /record/releases (body, letter_id, published_on): 303 to the new
 * draft, or the list page with the form and its errors (422).
 * POST /record/releases/{id}/blocks (block, text, reason, version) and
 * /quotes (speaker, speaker_title, text, source, version): 303 back, or the
 * page with the typed text and the error by its field (422); a stale
 * version 412. /approve and /publish (version): 303 back; four eyes 403. */
http_handler_t web_release_create, web_release_edit, web_release_quote, web_release_approve, web_release_publish;

#endif
