/*
 * routes.c: the one route table (API and pages, routes.h) and the guard
 * against cross-site writes. Also the source of `oversight help api` and
 * GET /api/v1.
 */
#include "routes/routes.h"
#include "api/api.h"
#include "routes/cached.h"
#include "web/pages.h"
#include "web/forms.h"
#include "web/form_letters.h"
#include "web/page_releases.h"
#include "web/page_reports.h"
#include "web/page_frameworks.h"
#include "web/page.h"
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* GET /letters/{file}: the PDF from the API; the page in the site's
 * layout (src/web), after the API's read check, so both refuse alike. */
static int routes_letter_file(http_request_t *req, http_response_t *resp)
{
    const char *file = http_request_param(req, "file");
    size_t n = file ? strlen(file) : 0;
    if (n < 5 || strcmp(file + n - 5, ".html") != 0) return api_letter_file(req, resp);
    if (api_letter_file_check(req, resp) != 0) return 0;
    return web_page_letter(req, resp);
}

/* The four routes of each entity of the monitoring record (store/entity.h). */
#define ENTITY(name, label)                                                                        \
    {"GET", "/api/v1/" name, api_entity_list, "List " label "s (?body=CODE, ?<ref>_id=N, ?limit, ?offset)"}, \
    {"POST", "/api/v1/" name, api_entity_create, "Record a " label},                                 \
    {"GET", "/api/v1/" name "/{id}", api_entity_get, "One " label " with its parts (ETag)"},          \
    {"PATCH", "/api/v1/" name "/{id}", api_entity_update, "Change a " label " (If-Match required)"}

const struct http_upload_path routes_upload_paths[] = {
    {"/record/progress-updates", 1},   /* the form comes back with what was typed */
    {"/api/v1/progress-updates", 0},
    {NULL, 0},
};

const http_route_t routes_table[] = {
    {"GET", "/healthz", api_health, "Liveness and database check"},
    {"GET", "/api/v1", api_index, "This list of routes"},
    {"GET", "/api/v1/phases", api_phases, "Monitoring phases and who may decide each transition"},
    {"GET", "/api/v1/frameworks", api_frameworks,
     "Monitoring frameworks: levels in order, transitions with who recommends and who decides, dates in force"},
    {"POST", "/api/v1/frameworks", api_framework_load,
     "Load a monitoring framework (admin): the framework file's JSON (docs/frameworks.md); 201 with Location, 422 naming the field's path"},
    {"GET", "/api/v1/frameworks/{code}", api_framework_get, "One monitoring framework with its levels and transitions"},
    {"GET", "/api/v1/openapi.json", api_openapi,
     "This API as an OpenAPI 3.1 document, generated from the route table and the entity descriptors"},
    {"GET", "/api/v1/schema", api_schema, "Every entity of the record: fields, types, required, allowed values"},
    {"GET", "/api/v1/bodies", routes_cached_bodies_list, "Every body with its current phase and since when (?phase, ?kind, ?limit, ?offset)"},
    {"GET", "/api/v1/bodies/{code}", routes_cached_body_get, "One body with its decisions and phase history (ETag)"},
    {"POST", "/api/v1/bodies/{code}/decisions", api_decision_create, "Record a phase change (If-Match optional)"},
    {"POST", "/api/v1/bodies", api_body_create,
     "Add a body: {code, name, kind: police|fire|national, country, governance, local_policing_body,"
     " chief_officer_title, effective_on, reason} (admin)"},
    {"POST", "/api/v1/bodies/{code}/rename", api_body_rename, "Rename a body, keeping its code and history: {name, effective_on, reason}; If-Match optional (admin)"},
    {"POST", "/api/v1/bodies/{code}/retire", api_body_retire, "Retire a body: its record stays, read-only: {effective_on, reason}; If-Match optional (admin)"},
    {"POST", "/api/v1/body-merges", api_body_merge,
     "Merge two bodies into a new successor: {predecessors: [A, B], code, name, governance, ..., effective_on, reason};"
     " their open items move to it (admin)"},
    {"GET", "/api/v1/bodies/{code}/people", api_body_people_list, "Who held the body's posts, with dates"},
    {"POST", "/api/v1/bodies/{code}/people", api_body_person_add,
     "Record who held a post: {post: chief_officer|lpb_holder|lead_hmi|liaison_lead, name, title, from_on, to_on, acting, source_url}"},
    {"POST", "/api/v1/session", api_session_create, "Log in: {username, password}; sets the session cookie, returns csrf_token"},
    {"DELETE", "/api/v1/session", api_session_delete, "Log out (X-CSRF-Token required)"},
    {"GET", "/api/v1/me", api_me, "The logged-in user (session cookie or Bearer token)"},
    {"GET", "/api/v1/bodies/{code}/record", routes_cached_snapshot, "A body's whole monitoring record in one object"},
    {"GET", "/api/v1/bodies/{code}/readiness", routes_cached_readiness,
     "What blocks and what supports a return to Scan (?as_of=YYYY-MM-DD)"},
    {"GET", "/api/v1/bodies/{code}/pcc-responses", api_body_pcc,
     "A police force's reports with the PCC response due (the 56th day counting publication day) or received, and the"
     " answer to each recommendation (?today=YYYY-MM-DD)"},
    {"GET", "/api/v1/engage-candidates", routes_cached_candidates,
     "Bodies in Scan showing signs that led others into Engage, with reasons (?as_of)"},
    {"GET", "/api/v1/deadlines", routes_cached_deadlines, "Overdue and upcoming items across bodies (?before, ?today, ?limit, ?offset, ?theme, ?priority=1: recommendations only)"},
    {"GET", "/api/v1/export", api_export,
     "The public record as open data: one JSON document (?format=json) or one table as CSV (?format=csv&table=NAME)"},
    {"GET", "/api/v1/public/recommendations", routes_cached_public_recommendations,
     "Published recommendations across bodies, open ones unless ?status says (?body=CODE, ?kind=police|fire,"
     " ?status=open|in_progress|closed|closed_implemented|closed_not_implemented|closed_not_recorded|superseded|withdrawn|all,"
     " ?overdue=1, ?theme=CODE, ?priority=1, ?limit, ?offset, ?format=json|csv); public"},
    {"POST", "/api/v1/imports", api_imports,
     "Read a published letter (text/plain or text/html body; ?body=CODE) into a draft; writes nothing (staff)"},
    {"GET", "/api/v1/audit", api_audit_list,
     "The audit trail, oldest first: who changed what, rows before and after (?entity=E&id=N, ?limit; staff)"},
    {"GET", "/api/v1/search", api_search,
     "Search recommendations, causes of concern, letters and decisions: ?q (words, all required; the last a prefix),"
     " ?body, ?kind, ?type, ?status, ?overdue=1, ?theme, ?priority=1, ?from, ?to, ?sort=relevance|date, ?page,"
     " ?per_page, ?format=json|csv"},
    {"GET", "/feeds/decisions.atom", api_feed_decisions, "Atom feed of phase decisions and published letters"},
    {"GET", "/feeds/deadlines.ics", api_feed_deadlines,
     "iCalendar of recommendation deadlines, plan targets and PCC response due dates"},
    {"GET", "/feeds/deadlines/{file}", api_feed_deadlines_body, "The same calendar for one body: /feeds/deadlines/{code}.ics"},
    ENTITY("inspections", "inspection"),
    ENTITY("grades", "graded judgement"),
    ENTITY("revisits", "revisit"),
    ENTITY("causes-of-concern", "cause of concern"),
    {"POST", "/api/v1/causes-of-concern/{id}/close", api_cause_close,
     "Close a cause of concern: {on, outcome, reason, revisit_id|progress_update_id|evidence_file_id, decision_id,"
     " override_reason} (inspector; If-Match)"},
    {"POST", "/api/v1/causes-of-concern/{id}/supersede", api_cause_supersede,
     "Supersede by a named successor cause of concern of the same body (inspector): {on, reason, successor_id};"
     " it is closed as superseded and no longer counts as open (If-Match)"},
    {"POST", "/api/v1/causes-of-concern/{id}/withdraw", api_cause_withdraw,
     "Withdraw a cause of concern (inspector): {on, reason}; it is closed as withdrawn, with who, when and why"
     " (If-Match)"},
    {"POST", "/api/v1/causes-of-concern/{id}/themes", api_cause_themes,
     "Set a cause of concern's themes: {themes: [code, ...]} replaces them ([] none; If-Match)"},
    {"GET", "/api/v1/themes", api_themes_list, "The controlled list of themes: {themes: [{code, name, description}]}"},
    {"POST", "/api/v1/themes", api_theme_add, "Add a theme to the list (admin): {code, name, description}"},
    ENTITY("recommendations", "recommendation"),
    {"POST", "/api/v1/recommendations/{id}/status", api_rec_status,
     "Change implementation status: {to, on, reason, revisit_id}; closing also {outcome, implemented_on,"
     " progress_update_id, evidence_file_id} (If-Match)"},
    {"POST", "/api/v1/recommendations/{id}/supersede", api_rec_supersede,
     "Supersede by a named successor recommendation (inspector): {on, reason, successor_id}; it is closed as"
     " superseded, both pages link each other (If-Match)"},
    {"POST", "/api/v1/recommendations/{id}/withdraw", api_rec_withdraw,
     "Withdraw a recommendation (inspector): {on, reason}; it is closed as withdrawn, with who, when and why"
     " (If-Match)"},
    {"POST", "/api/v1/recommendations/{id}/themes", api_rec_themes,
     "Set a recommendation's themes: {themes: [code, ...]} replaces them ([] none; GET /api/v1/themes; If-Match)"},
    {"POST", "/api/v1/recommendations/{id}/deadline-revisions", api_rec_deadline,
     "Revise the deadline, keeping the original: {new_deadline, reason, agreed_by, agreed_on} (If-Match)"},
    {"POST", "/api/v1/corrections", api_correction_create,
     "Correct or withdraw a phase decision (HMCI) or a closure (inspector), never editing it: {entity: decisions|"
     "recommendations|causes-of-concern, id, kind: correction|withdrawal, text, reason, corrected_on}"},
    {"GET", "/api/v1/corrections", api_corrections_list,
     "The corrections of one decision or closure, oldest first (?entity=, ?id=)"},
    ENTITY("requirements", "requirement"),
    {"GET", "/api/v1/deadline-revisions", api_entity_list, "List deadline revisions (?recommendation_id=N)"},
    {"GET", "/api/v1/deadline-revisions/{id}", api_entity_get, "One deadline revision"},
    ENTITY("areas-for-improvement", "area for improvement"),
    ENTITY("plans", "improvement plan"),
    ENTITY("plan-pillars", "plan pillar"),
    ENTITY("plan-items", "plan key action or outcome"),
    ENTITY("external-reports", "external report"),
    ENTITY("external-matters", "external report matter"),
    ENTITY("ppog-meetings", "PPOG meeting"),
    ENTITY("ppog-items", "PPOG item"),
    ENTITY("hmi-group-meetings", "HMI monitoring group meeting"),
    ENTITY("hmi-group-items", "HMI monitoring group item"),
    ENTITY("body-people", "post holder (chief officer, local policing body, lead HMI, liaison lead) with dates"),
    ENTITY("indicators", "indicator value"),
    /* as ENTITY, but a new update may come with its evidence files (multipart) */
    {"GET", "/api/v1/progress-updates", api_entity_list,
     "List progress updates (?body=CODE, ?<ref>_id=N, ?limit, ?offset)"},
    {"POST", "/api/v1/progress-updates", api_progress_create,
     "Record a progress update: JSON, or multipart/form-data with a part json (the update) and a part file for each"
     " evidence file (together up to 20 MiB), all in one transaction"},
    {"GET", "/api/v1/progress-updates/{id}", api_entity_get, "One progress update with its parts (ETag)"},
    {"PATCH", "/api/v1/progress-updates/{id}", api_entity_update, "Change a progress update (If-Match required)"},
    {"POST", "/api/v1/progress-updates/{id}/evidence", api_evidence_upload,
     "Attach a file (raw body, Content-Type, ?filename=; up to 20 MiB); kept with its SHA-256"},
    {"GET", "/api/v1/evidence-files", api_entity_list, "List evidence files (?progress_update_id=N)"},
    {"GET", "/api/v1/evidence-files/{id}", api_entity_get, "One evidence file's name, type, size and SHA-256"},
    {"GET", "/api/v1/evidence-files/{id}/content", api_evidence_download, "The file itself, as a download"},
    ENTITY("pcc-responses", "PCC response"),
    ENTITY("pcc-recommendation-responses", "PCC response to a recommendation"),
    /* reports covering many bodies, recommendations with many addressees (src/api/reports.c) */
    {"GET", "/api/v1/reports", api_reports_list,
     "Reports covering several bodies or all of a kind (thematic, national, joint), newest first (?body=CODE);"
     " unpublished ones for staff only"},
    {"POST", "/api/v1/reports", api_report_create,
     "Record a report covering many bodies, all in one transaction: {title, kind: thematic|national|joint, coverage:"
     " several|all_police|all_fire|all, published_on, url, summary, bodies: [code], recommendations: [{number, text,"
     " addressed_to, deadline, addressees: [body or national body code | all_police]}]} (staff)"},
    {"GET", "/api/v1/reports/{id}", api_report_get,
     "A report with its bodies and each recommendation's parts side by side: addressee, kind, acceptance, status,"
     " deadline, closure (ETag)"},
    {"POST", "/api/v1/reports/{id}/recommendations", api_report_recommendation_add,
     "Add a recommendation to a recorded report, all in one transaction: {number, text, addressed_to, deadline,"
     " addressees: [code of a body the report covers or of a national body | all_police (the police forces it"
     " covers)]}; 201 with the recommendation and its parts, the report's new version as ETag (staff; If-Match)"},
    {"POST", "/api/v1/national-parts/{id}/status", api_national_part_status,
     "Change a national body's part of a recommendation: {to: open|in_progress, on, acceptance, deadline, note};"
     " each change kept in its events (staff; If-Match)"},
    {"POST", "/api/v1/national-parts/{id}/close", api_national_part_close,
     "Close a national body's part: {on, outcome: implemented|not_implemented, reason} (inspector; If-Match)"},
    /* letters (src/api/letters.c, src/docs/letter.h) */
    {"GET", "/api/v1/letters", api_letters_list, "Letters, newest first (?body=CODE); drafts only for staff"},
    {"POST", "/api/v1/letters", api_letter_create,
     "Draft a letter: {body, kind, from_name, from_titles, to_name, to_org, cc_name, cc_role, sent_on, published_on,"
     " ppog_meeting_id, decision_id, conclusion}"},
    {"GET", "/api/v1/letters/{id}", api_letter_get, "A letter as its model: fields, facts, blocks (ETag)"},
    {"PATCH", "/api/v1/letters/{id}", api_letter_update, "Change a draft letter (If-Match required)"},
    {"POST", "/api/v1/letters/{id}/blocks", api_letter_edit,
     "Edit a block of a draft letter, keeping the edit (who, when, old and new text) in its history: {block: its"
     " position (0 the title), text, reason} (If-Match required; whoever edits it does not approve it: four-eyes)"},
    {"POST", "/api/v1/letters/{id}/approve", api_letter_approve,
     "Approve a draft: its facts are frozen (inspector, HMCI, not its drafter: four-eyes; If-Match optional)"},
    {"POST", "/api/v1/letters/{id}/publish", api_letter_publish,
     "Publish an approved letter: public from then on (inspector, HMCI; If-Match)"},
    /* news releases beside the letters (src/api/releases.c, src/docs/release.h) */
    {"GET", "/api/v1/releases", api_releases_list,
     "News releases, newest first (?body=CODE); drafts only for staff; each with its headline"},
    {"POST", "/api/v1/releases", api_release_create,
     "Draft a news release from the record: {body, letter_id, decision_id, published_on}; the decision defaults to"
     " the letter's, else the body's latest"},
    {"GET", "/api/v1/releases/{id}", api_release_get,
     "A news release as its model: headline, blocks, quotes; its edits' history for staff (ETag)"},
    {"POST", "/api/v1/releases/{id}/blocks", api_release_edit,
     "Edit a block of a draft release, keeping the edit in its history: {block: headline|summary|process|decision|"
     "improvements|progress, text, reason} (If-Match required)"},
    {"POST", "/api/v1/releases/{id}/quotes", api_release_quote,
     "Add an attributed quote to a draft release: {speaker, speaker_title, text, source, position} (If-Match"
     " required)"},
    {"POST", "/api/v1/releases/{id}/approve", api_release_approve,
     "Approve a draft release: its words are frozen (inspector, HMCI, not who drafted or edited it: four-eyes;"
     " If-Match optional)"},
    {"POST", "/api/v1/releases/{id}/publish", api_release_publish,
     "Publish an approved release, and with it its letter when that is approved (inspector, HMCI; If-Match)"},
    {"GET", "/releases", web_page_releases,
     "Page: published news releases, newest first (?body=CODE); staff also see drafts and the draft form"},
    {"GET", "/releases/{id}", web_page_release,
     "Page: a news release; for staff, a draft's blocks to edit, its quotes, its history, approve and publish"},
    {"GET", "/reports", web_page_reports,
     "Page: reports covering many bodies, newest first (?body=CODE); staff also see those not yet published"},
    {"GET", "/reports/{id}", web_page_report,
     "Page: a report covering many bodies: what it asked and of whom, each addressee's part side by side"},
    {"GET", "/letters", web_page_letters,
     "Page: published letters, newest first, with their pages and PDFs (?body=CODE); staff also see drafts"},
    {"GET", "/letters/{file}", routes_letter_file,
     "A letter as a page in the site ({id}.html, linking its PDF and its body) or an A4 PDF ({id}.pdf)"},
    /* HTML pages (src/web) */
    {"GET", "/", routes_cached_page_board, "Page: the status board of every body (?phase, ?kind, ?sort=name|phase|since)"},
    {"GET", "/bodies/{code}", routes_cached_page_body, "Page: a body's phase history, decisions, timeline, published causes and recommendations; its whole record for staff and its own users"},
    {"GET", "/engage", routes_cached_page_engage, "Page: bodies in Engage now and before, with reasons"},
    {"GET", "/frameworks", routes_cached_page_frameworks,
     "Page: how monitoring works: each framework's levels in order and the moves allowed, who recommends and who decides"},
    {"GET", "/timeline", routes_cached_page_timeline, "Page: Engage periods across bodies as a Gantt chart"},
    {"GET", "/work", web_page_work,
     "Page: the work queue of the caller's role: overdue, due soon, claims, letters, PCC responses, revisits"
     " (?body, ?kind, ?what, ?theme, ?priority=1, ?format=csv)"},
    {"GET", "/deadlines", web_page_deadlines,
     "Page: the deadlines of GET /api/v1/deadlines (?today, ?before, ?limit, ?offset, ?body, ?kind, ?theme, ?priority=1)"},
    {"GET", "/search", web_page_search,
     "Page: search the record, with filters, pages and highlighted matches (?q and the filters of /api/v1/search;"
     " ?format=csv|json downloads every result)"},
    {"GET", "/causes-of-concern/{id}", web_page_cause,
     "Page: a cause of concern: as published for everyone (404 before), with its status history for staff and its body"},
    {"GET", "/recommendations", routes_cached_page_recommendations,
     "Page: published recommendations across bodies, open ones by default (?body, ?kind, ?status, ?overdue=1, ?theme,"
     " ?priority=1, ?page)"},
    {"GET", "/recommendations/{id}", web_page_recommendation,
     "Page: a recommendation: as published for everyone (404 before), with progress and history for staff and its body"},
    {"GET", "/static/style.css", web_page_style, "The stylesheet of the pages"},
    {"GET", "/static/govuk-frontend.min.css", web_page_govuk_css,
     "The stylesheet of GOV.UK Frontend (vendored, its version in src/web/static/vendor/govuk-frontend/VERSION)"},
    {"GET", "/static/govuk-frontend.min.js", web_page_govuk_js, "The JavaScript module of GOV.UK Frontend (vendored)"},
    {"GET", "/static/govuk-init.js", web_page_govuk_init, "The module that starts GOV.UK Frontend's components"},
    {"GET", "/static/letter.css", api_letter_css, "The stylesheet of the letter pages (/letters/{id}.html)"},
    /* forms: the write side of the pages (src/web/forms.h) */
    {"GET", "/login", web_login_form, "Page: log in (?next=PATH)"},
    {"POST", "/login", web_login, "Log in from the form: username, password; sets the session cookie, 303 to next"},
    {"GET", "/logout", web_logout_form, "Page: log out"},
    {"POST", "/logout", web_logout, "Log out from the form (csrf_token)"},
    {"GET", "/static/forms.css", web_form_style, "The stylesheet of the forms"},
    {"GET", "/record/recommendations/{id}/status", web_rec_status_form, "Page: change a recommendation's status"},
    {"POST", "/record/recommendations/{id}/status", web_rec_status,
     "Form: to, on, reason, outcome, implemented_on, revisit_id, progress_update_id, evidence_file_id, version"
     " (claim implemented, close, return, reopen)"},
    {"GET", "/record/reports/new", web_report_add_form, "Page: record a report that covers many bodies (staff)"},
    {"POST", "/record/reports/new", web_report_add,
     "Form: title, kind, coverage, bodies (each ticked), published_on, url, summary, r1_number, r1_text,"
     " r1_addressed_to, r1_addressees, r1_deadline (and r2_... for each further block), version; add_recommendation"
     " or remove_rN shows the form again with a block more or less; a check page first (confirm=yes saves), then"
     " the new report's page"},
    {"GET", "/record/reports/{id}/recommendations/new", web_report_rec_add_form,
     "Page: add a recommendation to a recorded report, a part for each addressee (staff)"},
    {"POST", "/record/reports/{id}/recommendations/new", web_report_rec_add,
     "Form: add the recommendation; a check page first, then the report's page (its version: a stale form is"
     " refused)"},
    {"GET", "/record/national-parts/{id}/status", web_part_status_form,
     "Page: change a national body's part of a recommendation"},
    {"POST", "/record/national-parts/{id}/status", web_part_status,
     "Form: to (open|in_progress), on, acceptance, deadline, note, version"},
    {"GET", "/record/national-parts/{id}/close", web_part_close_form, "Page: close a national body's part"},
    {"POST", "/record/national-parts/{id}/close", web_part_close,
     "Form: on, outcome, reason, version; then the check page (confirm=yes)"},
    {"GET", "/record/recommendations/{id}/deadline", web_rec_deadline_form, "Page: revise a recommendation's deadline"},
    {"POST", "/record/recommendations/{id}/deadline", web_rec_deadline,
     "Form: new_deadline, reason, agreed_by, agreed_on, version"},
    {"GET", "/record/recommendations/{id}/supersede", web_rec_supersede_form,
     "Page: supersede a recommendation by a named successor (?successor_id)"},
    {"POST", "/record/recommendations/{id}/supersede", web_rec_supersede,
     "Form: supersede it (check your answers, then confirm)"},
    {"GET", "/record/recommendations/{id}/withdraw", web_rec_withdraw_form, "Page: withdraw a recommendation"},
    {"POST", "/record/recommendations/{id}/withdraw", web_rec_withdraw,
     "Form: withdraw it (check your answers, then confirm)"},
    {"GET", "/record/recommendations/{id}/themes", web_rec_themes_form, "Page: set a recommendation's themes"},
    {"POST", "/record/recommendations/{id}/themes", web_rec_themes, "Form: set a recommendation's themes"},
    {"GET", "/record/causes-of-concern/{id}/themes", web_cause_themes_form, "Page: set a cause of concern's themes"},
    {"POST", "/record/causes-of-concern/{id}/themes", web_cause_themes, "Form: set a cause of concern's themes"},
    {"GET", "/record/causes-of-concern/{id}/supersede", web_cause_supersede_form,
     "Page: supersede a cause of concern by a named successor of the same body (?successor_id)"},
    {"POST", "/record/causes-of-concern/{id}/supersede", web_cause_supersede,
     "Form: supersede it (check your answers, then confirm)"},
    {"GET", "/record/causes-of-concern/{id}/withdraw", web_cause_withdraw_form, "Page: withdraw a cause of concern"},
    {"POST", "/record/causes-of-concern/{id}/withdraw", web_cause_withdraw,
     "Form: withdraw it (check your answers, then confirm)"},
    {"GET", "/record/causes-of-concern/{id}/close", web_cause_close_form, "Page: close a cause of concern"},
    {"POST", "/record/causes-of-concern/{id}/close", web_cause_close,
     "Form: on, outcome, reason, revisit_id, progress_update_id, evidence_file_id, override_reason, decision_id,"
     " version"},
    {"GET", "/admin/frameworks", web_frameworks_admin, "Page: the monitoring frameworks held, to load one (admin)"},
    {"GET", "/admin/frameworks/new", web_framework_load_form, "Page: load a monitoring framework from its JSON (admin)"},
    {"POST", "/admin/frameworks/new", web_framework_load,
     "Form: load a monitoring framework (check your answers, then confirm; admin)"},
    {"GET", "/admin/themes", web_themes_admin, "Page: the controlled list of themes, to add one (admin)"},
    {"GET", "/admin/themes/new", web_theme_add_form, "Page: add a theme (admin)"},
    {"POST", "/admin/themes/new", web_theme_add, "Form: add a theme (check your answers, then confirm; admin)"},
    {"GET", "/admin/bodies", web_bodies_admin, "Page: the bodies, to add, rename, merge or retire one (admin)"},
    {"GET", "/admin/bodies/new", web_body_add_form, "Page: add a body (admin)"},
    {"POST", "/admin/bodies/new", web_body_add,
     "Form: add a body: code, name, kind, governance, effective_on, reason (check your answers, then confirm)"},
    {"GET", "/record/bodies/{code}/rename", web_body_rename_form, "Page: rename a body, keeping its code and history (admin)"},
    {"POST", "/record/bodies/{code}/rename", web_body_rename,
     "Form: name, effective_on, reason (check your answers, then confirm)"},
    {"GET", "/record/bodies/{code}/merge", web_body_merge_form, "Page: merge a body with another into a successor (admin)"},
    {"POST", "/record/bodies/{code}/merge", web_body_merge,
     "Form: other, code, name (the successor's), effective_on, reason (check your answers, then confirm)"},
    {"GET", "/record/bodies/{code}/retire", web_body_retire_form, "Page: retire a body, its record kept read-only (admin)"},
    {"POST", "/record/bodies/{code}/retire", web_body_retire,
     "Form: effective_on, reason (check your answers, then confirm)"},
    {"GET", "/record/bodies/{code}/decision", web_decision_form, "Page: HMCI decides a phase change"},
    {"POST", "/record/bodies/{code}/decision", web_decision,
     "Form: to_phase, effective_on, decided_on, decided_by, recommended_by, rationale, meeting, source_url (one URL a line), version"},
    {"POST", "/record/progress-updates", web_progress_create,
     "Form (multipart/form-data, or url-encoded without files): a progress update's fields, csrf_token and file"
     " (several; together up to 20 MiB): the update and its files in one transaction; 303 to it"},
    {"POST", "/record/progress-updates/{id}/evidence", web_evidence_upload,
     "Form (multipart/form-data): csrf_token, file (up to 20 MiB); kept with its SHA-256"},
    /* the import review screen (src/web/page_import.c, docs/import.md) */
    {"GET", "/import", web_import_form, "Page: import a published letter: upload it or paste its page (staff)"},
    {"POST", "/import", web_import_review,
     "Form (multipart/form-data): csrf_token, file or pasted, body: the draft beside the letter, to correct; writes"
     " nothing"},
    {"POST", "/import/confirm", web_import_confirm,
     "Form: the corrected draft (review_id, letter, fields): one transaction, the letter kept with its SHA-256; 303"},
    {"GET", "/import/{review}", web_import_done, "Page: what a confirmed import recorded"},
    /* the letter workflow as forms on /letters (src/web/form_letters.c) */
    {"POST", "/record/releases", web_release_create,
     "Form: draft a news release: body, letter_id, published_on; 303 to its page"},
    {"POST", "/record/releases/{id}/blocks", web_release_edit,
     "Form: edit a block of a draft release: block, text, reason, version; the edit is kept in its history"},
    {"POST", "/record/releases/{id}/quotes", web_release_quote,
     "Form: add a quote to a draft release: speaker, speaker_title, text, source, version"},
    {"POST", "/record/releases/{id}/approve", web_release_approve,
     "Form: approve a draft release: version (inspector, HMCI, not who drafted or edited it: four-eyes)"},
    {"POST", "/record/releases/{id}/publish", web_release_publish,
     "Form: publish an approved release with its letter: version (inspector, HMCI)"},
    {"POST", "/record/letters", web_letter_create,
     "Form: draft a letter: body, kind, decision_id, ppog_meeting_id, title, sent_on, published_on, conclusion; 303 to"
     " /letters?body=CODE"},
    {"POST", "/record/letters/{id}/blocks", web_letter_edit,
     "Form: edit a block of a draft letter: block, text, reason, version; the edit is kept in its history"},
    {"POST", "/record/letters/{id}/approve", web_letter_approve,
     "Form: approve a draft letter: version (inspector, HMCI, not its drafter: four-eyes)"},
    {"POST", "/record/letters/{id}/publish", web_letter_publish,
     "Form: publish an approved letter: version (inspector, HMCI)"},
    {"GET", "/record/corrections/new", web_correction_form,
     "Page: correct or withdraw a phase decision (HMCI) or a closure (inspector) (?entity=, ?id=)"},
    {"POST", "/record/corrections", web_correction,
     "Form: entity, id, kind (correction|withdrawal), text, reason, corrected_on; the original is never edited"},
    {"GET", "/record/{entity}/new", web_record_new, "Page: a form to record any entity (?body=CODE, ?<ref>_id=N)"},
    {"POST", "/record/{entity}", web_record_create, "Form: record an entity; 303 to what was recorded"},
    {"GET", "/record/{entity}/{id}", web_record_view, "Page: what was recorded, with links to add its parts"},
    {"POST", "/record/{entity}/{id}", web_record_update, "Form: change an entity (version in a hidden field)"},
    {"GET", "/record/{entity}/{id}/edit", web_record_edit, "Page: a form to change an entity"},
    {NULL, NULL, NULL, NULL},
};

int routes_guard(http_request_t *req, http_response_t *resp)
{
    if (strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0) return 0;
    char session[128];
    int cookie = !http_request_header(req, "Authorization")
                 && app_cookie_session(http_request_header(req, "Cookie"), session);
    sodium_memzero(session, sizeof session);
    int login = strcmp(req->method, "POST") == 0
                && (strcmp(req->path, "/api/v1/session") == 0 || strcmp(req->path, "/login") == 0);
    if ((!cookie && !login) || !api_cross_site(req)) return 0;
    /* a problem; routes_finish makes it an HTML page for a browser */
    api_problem(resp, 403, "Forbidden",
                "a write with a session cookie, or a login, must come from this site's own pages "
                "(its Origin is another site's, or Sec-Fetch-Site says cross-site); API clients use a Bearer token",
                "Origin");
    return 1;
}

/* What a person reads for a status, instead of the problem's title. */
static const char *person_title(int status, const char *title)
{
    switch (status) {
    case 400: return "This request could not be read";
    case 403: return "You cannot do this";
    case 404: return "Page not found";
    case 405: return "This page cannot be used that way";
    case 413: return "What you sent is too large";
    case 414: return "This address is too long";
    case 429: return "Too many requests at once";
    case 500: return "Something went wrong";
    case 503: return "The service is not available just now";
    default: return title && *title ? title : "Something went wrong";
    }
}

void routes_finish(http_request_t *req, http_response_t *resp)
{
    if (!resp->content_type || strcmp(resp->content_type, "application/problem+json") != 0) return;
    if (strcmp(req->path, "/api") == 0 || strncmp(req->path, "/api/", 5) == 0) return;
    /* the same address answers a browser and a script differently */
    http_response_header(resp, "Vary", "Accept");
    if (!http_prefers_html(http_request_header(req, "Accept"))) return;
    json_t *p = resp->body ? json_loadb(resp->body, resp->body_len, 0, NULL) : NULL;   /* owned */
    int status = resp->status;
    const char *title = p ? json_string_value(json_object_get(p, "title")) : NULL;
    const char *detail = p ? json_string_value(json_object_get(p, "detail")) : NULL;
    char words[512];
    if (status == 404) snprintf(words, sizeof words, "There is no page at this address. Check it, or start again "
                                                     "from the status board.");
    else if (status >= 500) snprintf(words, sizeof words, "The server could not answer this request. Try again later.");
    else snprintf(words, sizeof words, "%s", detail && *detail ? detail : "The request could not be answered.");
    char heading[96];
    snprintf(heading, sizeof heading, "%s", person_title(status, title));
    json_decref(p);   /* title and detail are not used past here */
    app_actor_t actor;
    web_actor(req, &actor);
    web_error(req, resp, status, heading, words, &actor);
    sodium_memzero(&actor, sizeof actor);
}
