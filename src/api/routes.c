/*
 * routes.c: the one route table (API and pages). Also the source of
 * `oversight help api` and GET /api/v1.
 */
#include "api/api.h"
#include "web/pages.h"

/* The four routes of each entity of the monitoring record (store/entity.h). */
#define ENTITY(name, label)                                                                        \
    {"GET", "/api/v1/" name, api_entity_list, "List " label "s (?body=CODE, ?<ref>_id=N, ?limit, ?offset)"}, \
    {"POST", "/api/v1/" name, api_entity_create, "Record a " label},                                 \
    {"GET", "/api/v1/" name "/{id}", api_entity_get, "One " label " with its parts (ETag)"},          \
    {"PATCH", "/api/v1/" name "/{id}", api_entity_update, "Change a " label " (If-Match required)"}

const http_route_t api_routes[] = {
    {"GET", "/healthz", api_health, "Liveness and database check"},
    {"GET", "/api/v1", api_index, "This list of routes"},
    {"GET", "/api/v1/phases", api_phases, "Monitoring phases and who may decide each transition"},
    {"GET", "/api/v1/schema", api_schema, "Every entity of the record: fields, types, required, allowed values"},
    {"GET", "/api/v1/bodies", api_bodies_list, "Every body with its current phase and since when"},
    {"GET", "/api/v1/bodies/{code}", api_body_get, "One body with its decisions and phase history (ETag)"},
    {"POST", "/api/v1/bodies/{code}/decisions", api_decision_create, "Record a phase change (If-Match optional)"},
    {"POST", "/api/v1/session", api_session_create, "Log in: {username, password}; sets the session cookie, returns csrf_token"},
    {"DELETE", "/api/v1/session", api_session_delete, "Log out (X-CSRF-Token required)"},
    {"GET", "/api/v1/me", api_me, "The logged-in user (session cookie or Bearer token)"},
    {"GET", "/api/v1/bodies/{code}/record", api_snapshot, "A body's whole monitoring record in one object"},
    {"GET", "/api/v1/bodies/{code}/readiness", api_readiness,
     "What blocks and what supports a return to Scan (?as_of=YYYY-MM-DD)"},
    {"GET", "/api/v1/engage-candidates", api_candidates,
     "Bodies in Scan showing signs that led others into Engage, with reasons (?as_of)"},
    {"GET", "/api/v1/deadlines", api_deadlines, "Overdue and upcoming items across bodies (?before, ?today)"},
    ENTITY("inspections", "inspection"),
    ENTITY("grades", "graded judgement"),
    ENTITY("revisits", "revisit"),
    ENTITY("causes-of-concern", "cause of concern"),
    {"POST", "/api/v1/causes-of-concern/{id}/close", api_cause_close,
     "Close a cause of concern: {on, revisit_id, decision_id, override_reason} (inspector; If-Match)"},
    ENTITY("recommendations", "recommendation"),
    {"POST", "/api/v1/recommendations/{id}/status", api_rec_status,
     "Change implementation status: {to, on, reason, revisit_id} (If-Match)"},
    {"POST", "/api/v1/recommendations/{id}/deadline-revisions", api_rec_deadline,
     "Revise the deadline, keeping the original: {new_deadline, reason, agreed_by, agreed_on} (If-Match)"},
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
    /* HTML pages (src/web) */
    {"GET", "/", web_page_board, "Page: the status board of every body (?phase, ?kind, ?sort=name|phase|since)"},
    {"GET", "/bodies/{code}", web_page_body, "Page: a body's phase history, decisions, timeline and record"},
    {"GET", "/engage", web_page_engage, "Page: bodies in Engage now and before, with reasons"},
    {"GET", "/timeline", web_page_timeline, "Page: Engage periods across bodies as a Gantt chart"},
    {"GET", "/causes-of-concern/{id}", web_page_cause, "Page: a cause of concern and its status history"},
    {"GET", "/recommendations/{id}", web_page_recommendation, "Page: a recommendation, its deadlines and history"},
    {"GET", "/static/style.css", web_page_style, "The stylesheet of the pages"},
    {NULL, NULL, NULL, NULL},
};
