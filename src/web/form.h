/*
 * form.h: what the form handlers (login.c, forms.c, form_action.c,
 * form_letters.c) share: the caller with its CSRF token, the POST preamble
 * (decode, logged in, CSRF), redirects, the refusal page, the form page
 * (form_view_t), and the field model of templates/form_field.html.
 *
 * A field is a JSON object {name, label, hint, required, value, error,
 * is_text|is_textarea|is_date|is_day|is_number|is_select|is_checkbox,
 * options: [{value, text, selected}], checked}; form_page.html renders a
 * list of them with the hidden fields and the CSRF token.
 */
#ifndef OV_WEB_FORM_H
#define OV_WEB_FORM_H
#include "web/page.h"
#include "web/forms.h"
#include "store/accounts.h"
#include "store/evidence.h"
#include "app/upload.h"
#include "core/date.h"

typedef struct web_caller {
    app_actor_t actor;
    char csrf[ACCOUNTS_TOKEN_SIZE];    /* a cookie session's CSRF token, else "" */
} web_caller_t;

/* The caller of a form page. Bad or expired credentials count as
 * anonymous (the page then asks to log in). */
void form_caller(http_request_t *req, web_caller_t *c);

/* For a GET form: 0 when c is logged in; else resp is a 303 to
 * /login?next=<this page> and -1. */
int form_need_login(http_request_t *req, http_response_t *resp, const web_caller_t *c);

/* The start of every form POST: the caller, logged in, the form decoded,
 * and its csrf_token field equal to the session's (Bearer callers need
 * none). Returns 0 (form to be freed with http_form_free) or -1 with an
 * HTML error page in resp (400 not a form, 403 not logged in or CSRF). */
int form_post_begin(http_request_t *req, http_response_t *resp, web_caller_t *c, http_form_t *form);

/* For a form posted without a session (it lapsed): the login page, status
 * 403, carrying the posted fields (but tokens and passwords, up to 32 KiB)
 * as hidden fields; logging in from it shows the form filled with them,
 * to send to req->path with the new session's token (login.c). */
void form_login_resume(http_request_t *req, http_response_t *resp, const web_caller_t *c, const http_form_t *form);
/* The same for a multipart form (form: its text parts) that carried
 * nfiles files: they cannot be kept through a login, and both the login
 * page and the returned form say so (the form is sent again without them,
 * as application/x-www-form-urlencoded, which req->path must accept). */
void form_login_resume_files(http_request_t *req, http_response_t *resp, const web_caller_t *c,
                             const http_form_t *form, int nfiles);

/* The parts of a multipart/form-data evidence upload (form_evidence.c). */
#define FORM_UPLOAD_TEXT_MAX 1024   /* csrf_token and any other small field */
typedef struct form_upload {
    char csrf[FORM_UPLOAD_TEXT_MAX];
    size_t csrf_len;
    char filename[EVIDENCE_FILENAME_MAX + 1];
    int name_rc;             /* input_file_name_check of the name as sent, before the copy above may cut it */
    ov_error_t name_err;
    char content_type[128];
    int file_fd;             /* the first file part, in an unlinked temporary file; -1 if none or empty */
    size_t file_len;
    int nfiles;              /* file parts seen (one is allowed) */
    int in_file;             /* the part being read is a file part */
    size_t part_len;         /* bytes of that part so far */
    int paste_fd;            /* the "pasted" text field (the import form), in a temporary file; -1 if none */
    size_t paste_len;
    char body[FORM_UPLOAD_TEXT_MAX];   /* the "body" field (the import form); "" if none */
    size_t body_len;
    int failed;              /* a field too long, or the file could not be written */
    const char *spool_dir;   /* from the request */
} form_upload_t;

/* Splits req's multipart/form-data body into u, reading the body a piece
 * at a time (from memory or the server's file) and writing the first
 * "file" part to a temporary file (u->file_fd, owned by u). 0 (free u with
 * form_upload_free), or -1 (nothing to free) when it is not
 * multipart/form-data or cannot be read. */
int form_upload_parse(const http_request_t *req, form_upload_t *u);
void form_upload_free(form_upload_t *u);

/* Joins each date sent as three fields NAME-day, NAME-month, NAME-year
 * (GOV.UK Frontend's date input) into one field NAME (web_date_join),
 * dropping the parts, so the actions read a date as the API sends it. A
 * form without parts is left alone. 0, or -1 when memory ran out or the
 * form is full. form_post_begin calls it. */
int form_join_dates(http_form_t *form);

/* 303 See Other to location (a local path). */
void form_redirect(http_response_t *resp, const char *location);

/* 1 if next is a local path that is safe to redirect to ("/x", not "//x";
 * valid UTF-8, no control bytes or backslashes, under 200 bytes). */
int form_next_ok(const char *next);

/* Today for defaults (app's --today, else the calendar) as YYYY-MM-DD. */
void form_today(http_request_t *req, char out[DATE_TEXT_MAX]);

/* A new field; kind is text, textarea, date, day, number, select or
 * checkbox. hint may be NULL. */
json_t *form_field_new(const char *name, const char *label, const char *kind, int required, const char *hint);
/* Sets the field's value (NULL: ""), and for a select marks the matching option. */
void form_field_value(json_t *field, const char *value);
/* Appends an option to a select field. */
void form_field_option(json_t *field, const char *value, const char *text);

/* Sets "error" on each field named in errors ({name: message}) and puts
 * {items: [{name, message}]} as ctx.error_summary (fields' order first,
 * then the rest). Borrowed arguments. */
void form_apply_errors(json_t *ctx, json_t *fields, json_t *errors);

/* A form page context: heading, caption (may be NULL), action URL, submit
 * text, csrf token, empty hidden and fields lists. Caller owns it. */
json_t *form_ctx_new(const web_caller_t *c, const char *caption, const char *heading, const char *action,
                     const char *submit);
/* Appends a hidden input. */
void form_hidden(json_t *ctx, const char *name, const char *value);

/* Renders form_page.html (web_render) with ctx (stolen). */
void form_render(http_request_t *req, http_response_t *resp, int status, const char *title, const web_caller_t *c,
                 json_t *ctx);

/* A "check your answers" page (check.html) before a step that cannot be
 * undone (publishing, approving): what will change, who will see it, and
 * a Confirm button that posts the hidden fields with confirm=yes to
 * action ("Change your answers" posts them with back=1). */
typedef struct form_check {
    const char *caption, *heading;   /* heading: "Publish this letter" */
    const char *verb, *confirm;      /* "publish it"; the button: "Confirm and publish" */
    const char *action, *cancel;     /* where Confirm posts; the cancel link (may be NULL) */
    json_t *rows;                    /* [{label, value}] of what will change: stolen */
    json_t *hidden;                  /* [{name, value}]: stolen; NULL: none */
    int is_public;                   /* whether it is public once done */
    const char *audience;            /* who will see it, in words */
    const char *preview;             /* HTML (escaped) of what will be published, its <h1> shown as <h2>; NULL: none */
    const char *preview_css;         /* a stylesheet the preview needs; NULL: none */
    const char *preview_pdf;         /* a link to its PDF; NULL: none */
} form_check_t;
void form_check_render(http_request_t *req, http_response_t *resp, const web_caller_t *c, form_check_t *chk);

/* Who will see a publication (a letter, a news release: `what`) once
 * published with publication date on (NULL: none) as of today, in words,
 * into out (core/publication.h's letter rule). 1 if it is public at once. */
int form_publication_audience(const char *what, const char *on, const char *today, char *out, size_t n);

/* The four-eyes rule (core/approval.h) for a button: OV_EFORBIDDEN with
 * err's message when username drafted (created_by, may be NULL) or
 * changed (editors: array of usernames, borrowed) the draft, else 0. */
int form_four_eyes(const char *created_by, const json_t *editors, const char *username, ov_error_t *err);

/* A form page as form_finish renders it. */
typedef struct form_view {
    int status;                  /* the HTTP status */
    const char *title;           /* the page title */
    const web_caller_t *caller;
    json_t *ctx;                 /* form_ctx_new's context: stolen */
    json_t *fields;              /* the fields: stolen */
    json_t *errors;              /* {name: message}, borrowed; NULL: none */
    const char *notice;          /* the stale-version notice; NULL: none */
    const char *reload;          /* the notice's reload link (the form's own URL) */
    const char *cancel;          /* the cancel link */
} form_view_t;

/* The end of every action form page: errors onto fields, fields into ctx,
 * the notice with its reload link, the cancel link, then form_render. Takes
 * v->ctx and v->fields (the caller must not use them after). */
void form_finish(http_request_t *req, http_response_t *resp, const form_view_t *v);

/* A 403 page: "Your account (<role>) may not <what>." */
void form_deny(http_request_t *req, http_response_t *resp, const web_caller_t *c, const char *what);

/* "issued_on" -> "Issued on". out has n bytes; returns out. */
char *form_label(const char *name, char *out, size_t n);

/* A store error as a message for the field it names: the leading field
 * name of err->message is replaced by its label. */
void form_error_message(const ov_error_t *err, const char *label, char *out, size_t n);

/* forms.c: the page of what was recorded (row id of e) with status; for a
 * progress update also its evidence files and the upload form, with
 * upload_error (may be NULL) next to the file field. */
struct entity_def;
void form_record_view(http_request_t *req, http_response_t *resp, const web_caller_t *c,
                      const struct entity_def *e, long long id, int status, const char *upload_error);

/* forms.c: records a new row of e from form (read and freed here) for
 * caller c, as POST /record/{entity} does: the fields' checks, the body,
 * the permission, the insert, then a 303 to the row or the form again
 * with every error. upload (may be NULL): a new progress update's evidence
 * files, checked with the fields (every problem at once, by the file
 * field) and written with the update in one transaction. */
void form_record_create(http_request_t *req, http_response_t *resp, const web_caller_t *c,
                        const struct entity_def *e, http_form_t *form, const app_upload_t *upload);

/* Copies at most max_chars UTF-8 characters of s into out (n bytes),
 * adding an ellipsis when cut. Returns out. */
char *form_truncate(const char *s, size_t max_chars, char *out, size_t n);

#endif
