/*
 * forms.h: the write side of the HTML pages: logging in and out, a
 * generic form for every entity of the monitoring record (driven by the
 * descriptors of store/entity.h), and the rule-checked actions as forms
 * (a recommendation's status, a deadline revision, closing a cause of
 * concern).
 *
 * Every form carries the session's CSRF token in a hidden field
 * (csrf_token) and every POST checks it (403 page otherwise). Permissions
 * are those of the JSON API (core/roles.h through app_allowed). Forms post
 * application/x-www-form-urlencoded bodies, decoded by http_request_form.
 */
#ifndef OV_WEB_FORMS_H
#define OV_WEB_FORMS_H
#include "http/http.h"

/* login.c: GET /login (?next=PATH), POST /login, GET and POST /logout. */
http_handler_t web_login_form, web_login, web_logout_form, web_logout;
/* GET /static/forms.css: the styles of the forms. */
http_handler_t web_form_style;

/* forms.c: GET /record/{entity}/new (?body=CODE, ?<ref>_id=N), POST
 * /record/{entity}; GET /record/{entity}/{id} (what was recorded, with
 * links to add its parts), GET /record/{entity}/{id}/edit and POST
 * /record/{entity}/{id} (the version read travels in a hidden field). */
http_handler_t web_record_new, web_record_create, web_record_view, web_record_edit, web_record_update;

/* form_actions.c: GET shows the form, POST does the action.
 * /record/recommendations/{id}/status, .../{id}/deadline,
 * /record/causes-of-concern/{id}/close. */
http_handler_t web_rec_status_form, web_rec_status, web_rec_deadline_form, web_rec_deadline,
    web_cause_close_form, web_cause_close;
/* a national body's part: /record/national-parts/{id}/status, .../close */
http_handler_t web_part_status_form, web_part_status, web_part_close_form, web_part_close;
/* form_reports.c: GET/POST /record/reports/new (a report covering many bodies) */
http_handler_t web_report_add_form, web_report_add, web_report_rec_add_form, web_report_rec_add;
/* the lifecycle beyond closing, and themes (form_lifecycle.c) */
http_handler_t web_cause_supersede_form, web_cause_supersede, web_cause_withdraw_form, web_cause_withdraw;
http_handler_t web_rec_supersede_form, web_rec_supersede, web_rec_withdraw_form, web_rec_withdraw,
    web_rec_themes_form, web_rec_themes, web_cause_themes_form, web_cause_themes;
/* form_bodies.c: the body changes (admin): GET/POST /admin/bodies/new,
 * /record/bodies/{code}/rename, /retire, /merge; the page GET /admin/bodies. */
http_handler_t web_body_add_form, web_body_add, web_body_rename_form, web_body_rename, web_body_retire_form,
    web_body_retire, web_body_merge_form, web_body_merge, web_bodies_admin;
/* /record/bodies/{code}/decision: HMCI records a phase change
 * (store_decision_record; the body's version in a hidden field). */
http_handler_t web_decision_form, web_decision;
/* GET /record/corrections/new?entity=E&id=N, POST /record/corrections: a
 * correction or withdrawal of a phase decision or a closure
 * (form_corrections.c). */
http_handler_t web_correction_form, web_correction;

/* form_evidence.c: POST /record/progress-updates/{id}/evidence, a
 * multipart/form-data upload (csrf_token, file) kept by store_evidence_add
 * with its SHA-256; 303 back to the progress update. */
http_handler_t web_evidence_upload;
/* POST /record/progress-updates: a new progress update with its evidence
 * files (multipart/form-data), in one transaction; a url-encoded form goes
 * to web_record_create (form_evidence.c). */
http_handler_t web_progress_create;

/* page_import.c: the import review screen: GET /import (the upload form),
 * POST /import (multipart/form-data: the review page), POST /import/confirm
 * (303 to GET /import/{review}, what was recorded). Staff who may record. */
http_handler_t web_import_form, web_import_review, web_import_confirm, web_import_done;

#endif
