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
#include "web/page.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* The four routes of each entity of the monitoring record (store/entity.h). */
#define ENTITY(name, label)                                                                        \
    {"GET", "/api/v1/" name, api_entity_list, "List " label "s (?body=CODE, ?<ref>_id=N, ?limit, ?offset)"}, \
    {"POST", "/api/v1/" name, api_entity_create, "Record a " label},                                 \
    {"GET", "/api/v1/" name "/{id}", api_entity_get, "One " label " with its parts (ETag)"},          \
    {"PATCH", "/api/v1/" name "/{id}", api_entity_update, "Change a " label " (If-Match required)"}

const http_route_t routes_table[] = {
    {"GET", "/healthz", api_health, "Liveness and database check"},
    {"GET", "/api/v1", api_index, "This list of routes"},
    {"GET", "/api/v1/phases", api_phases, "Monitoring phases and who may decide each transition"},
    {"GET", "/api/v1/frameworks", api_frameworks,
     "Monitoring frameworks: levels in order, transitions with who recommends and who decides, dates in force"},
    {"GET", "/api/v1/schema", api_schema, "Every entity of the record: fields, types, required, allowed values"},
    {"GET", "/api/v1/bodies", routes_cached_bodies_list, "Every body with its current phase and since when (?phase, ?kind, ?limit, ?offset)"},
    {"GET", "/api/v1/bodies/{code}", routes_cached_body_get, "One body with its decisions and phase history (ETag)"},
    {"POST", "/api/v1/bodies/{code}/decisions", api_decision_create, "Record a phase change (If-Match optional)"},
    {"POST", "/api/v1/session", api_session_create, "Log in: {username, password}; sets the session cookie, returns csrf_token"},
    {"DELETE", "/api/v1/session", api_session_delete, "Log out (X-CSRF-Token required)"},
    {"GET", "/api/v1/me", api_me, "The logged-in user (session cookie or Bearer token)"},
    {"GET", "/api/v1/bodies/{code}/record", routes_cached_snapshot, "A body's whole monitoring record in one object"},
    {"GET", "/api/v1/bodies/{code}/readiness", routes_cached_readiness,
     "What blocks and what supports a return to Scan (?as_of=YYYY-MM-DD)"},
    {"GET", "/api/v1/engage-candidates", routes_cached_candidates,
     "Bodies in Scan showing signs that led others into Engage, with reasons (?as_of)"},
    {"GET", "/api/v1/deadlines", routes_cached_deadlines, "Overdue and upcoming items across bodies (?before, ?today, ?limit, ?offset)"},
    {"GET", "/api/v1/export", api_export,
     "The public record as open data: one JSON document (?format=json) or one table as CSV (?format=csv&table=NAME)"},
    {"POST", "/api/v1/imports", api_imports,
     "Read a published letter (text/plain or text/html body; ?body=CODE) into a draft; writes nothing (staff)"},
    {"GET", "/api/v1/audit", api_audit_list,
     "The audit trail, oldest first: who changed what, rows before and after (?entity=E&id=N, ?limit; staff)"},
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
    ENTITY("recommendations", "recommendation"),
    {"POST", "/api/v1/recommendations/{id}/status", api_rec_status,
     "Change implementation status: {to, on, reason, revisit_id}; closing also {outcome, implemented_on,"
     " progress_update_id, evidence_file_id} (If-Match)"},
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
    ENTITY("indicators", "indicator value"),
    ENTITY("progress-updates", "progress update"),
    {"POST", "/api/v1/progress-updates/{id}/evidence", api_evidence_upload,
     "Attach a file (raw body, Content-Type, ?filename=; up to 20 MiB); kept with its SHA-256"},
    {"GET", "/api/v1/evidence-files", api_entity_list, "List evidence files (?progress_update_id=N)"},
    {"GET", "/api/v1/evidence-files/{id}", api_entity_get, "One evidence file's name, type, size and SHA-256"},
    {"GET", "/api/v1/evidence-files/{id}/content", api_evidence_download, "The file itself, as a download"},
    ENTITY("pcc-responses", "PCC response"),
    /* letters (src/api/letters.c, src/docs/letter.h) */
    {"GET", "/api/v1/letters", api_letters_list, "Letters, newest first (?body=CODE); drafts only for staff"},
    {"POST", "/api/v1/letters", api_letter_create,
     "Draft a letter: {body, kind, from_name, from_titles, to_name, to_org, cc_name, cc_role, sent_on, published_on,"
     " ppog_meeting_id, decision_id, conclusion}"},
    {"GET", "/api/v1/letters/{id}", api_letter_get, "A letter as its model: fields, facts, blocks (ETag)"},
    {"PATCH", "/api/v1/letters/{id}", api_letter_update, "Change a draft letter (If-Match required)"},
    {"POST", "/api/v1/letters/{id}/approve", api_letter_approve,
     "Approve a draft: its facts are frozen (inspector, HMCI, not its drafter: four-eyes; If-Match optional)"},
    {"POST", "/api/v1/letters/{id}/publish", api_letter_publish,
     "Publish an approved letter: public from then on (inspector, HMCI; If-Match)"},
    {"GET", "/letters", web_page_letters,
     "Page: published letters, newest first, with their pages and PDFs (?body=CODE); staff also see drafts"},
    {"GET", "/letters/{file}", api_letter_file, "A letter as a page ({id}.html) or an A4 PDF ({id}.pdf)"},
    /* HTML pages (src/web) */
    {"GET", "/", web_page_board, "Page: the status board of every body (?phase, ?kind, ?sort=name|phase|since)"},
    {"GET", "/bodies/{code}", routes_cached_page_body, "Page: a body's phase history, decisions, timeline and record"},
    {"GET", "/engage", web_page_engage, "Page: bodies in Engage now and before, with reasons"},
    {"GET", "/timeline", web_page_timeline, "Page: Engage periods across bodies as a Gantt chart"},
    {"GET", "/work", web_page_work,
     "Page: the work queue of the caller's role: overdue, due soon, claims, letters, PCC responses, revisits"
     " (?body, ?kind, ?what, ?format=csv)"},
    {"GET", "/deadlines", web_page_deadlines,
     "Page: the deadlines of GET /api/v1/deadlines (?today, ?before, ?limit, ?offset, ?body, ?kind)"},
    {"GET", "/causes-of-concern/{id}", web_page_cause, "Page: a cause of concern and its status history"},
    {"GET", "/recommendations/{id}", web_page_recommendation, "Page: a recommendation, its deadlines and history"},
    {"GET", "/static/style.css", web_page_style, "The stylesheet of the pages"},
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
    {"GET", "/record/recommendations/{id}/deadline", web_rec_deadline_form, "Page: revise a recommendation's deadline"},
    {"POST", "/record/recommendations/{id}/deadline", web_rec_deadline,
     "Form: new_deadline, reason, agreed_by, agreed_on, version"},
    {"GET", "/record/causes-of-concern/{id}/close", web_cause_close_form, "Page: close a cause of concern"},
    {"POST", "/record/causes-of-concern/{id}/close", web_cause_close,
     "Form: on, outcome, reason, revisit_id, progress_update_id, evidence_file_id, override_reason, decision_id,"
     " version"},
    {"GET", "/record/bodies/{code}/decision", web_decision_form, "Page: HMCI decides a phase change"},
    {"POST", "/record/bodies/{code}/decision", web_decision,
     "Form: to_phase, effective_on, decided_on, decided_by, recommended_by, rationale, meeting, source_url (one URL a line), version"},
    {"POST", "/record/progress-updates/{id}/evidence", web_evidence_upload,
     "Form (multipart/form-data): csrf_token, file (up to 20 MiB); kept with its SHA-256"},
    /* the letter workflow as forms on /letters (src/web/form_letters.c) */
    {"POST", "/record/letters", web_letter_create,
     "Form: draft a letter: body, kind, decision_id, ppog_meeting_id, title, sent_on, published_on, conclusion; 303 to"
     " /letters?body=CODE"},
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
    if (strncmp(req->path, "/api/", 5) == 0) {
        api_problem(resp, 403, "Forbidden",
                    "a write with a session cookie, or a login, must come from this site's own pages "
                    "(its Origin is another site's, or Sec-Fetch-Site says cross-site); API clients use a Bearer token",
                    "Origin");
    } else {
        app_actor_t nobody;
        memset(&nobody, 0, sizeof nobody);
        snprintf(nobody.role, sizeof nobody.role, "public");
        web_error(req, resp, 403, "This form came from another site",
                  "Oversight only accepts its forms from its own pages. Open the page on this site and send it from there.",
                  &nobody);
    }
    return 1;
}
