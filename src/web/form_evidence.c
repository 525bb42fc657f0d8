/*
 * form_evidence.c: evidence files uploaded from the browser. The form on a
 * progress update's page (forms.c) posts multipart/form-data with the
 * session's csrf_token and one file; libmicrohttpd's post processor splits
 * the parts, reading the request body (already in the server's temporary
 * file, capped at the upload limit) a piece at a time, and the file part
 * goes to a temporary file of its own; from there store_evidence_add_file
 * (the same store path as POST /api/v1/progress-updates/{id}/evidence)
 * keeps it with its SHA-256. Neither the body nor the file is held in
 * memory.
 *
 * This is the one web file that talks to libmicrohttpd directly: http.h's
 * http_request_form decodes url-encoded forms only, and a multipart form
 * needs the parts' file names and binary bodies.
 */
#include "web/form.h"
#include "app/actor.h"
#include "core/buf.h"
#include "core/input.h"
#include "core/roles.h"
#include "store/entity.h"
#include "store/evidence.h"
#include "app/upload.h"
#include <errno.h>
#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define UPLOAD_PIECE (64 * 1024)   /* bytes of the body read and parsed at a time */

static void upload_free(form_upload_t *u)
{
    if (u->file_fd >= 0) close(u->file_fd);   /* the unlinked file goes with it */
    if (u->paste_fd >= 0) close(u->paste_fd);
    u->file_fd = u->paste_fd = -1;
}

void form_upload_free(form_upload_t *u)
{
    upload_free(u);
}

static enum MHD_Result part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                            const char *content_type, const char *transfer_encoding, const char *data, uint64_t off,
                            size_t size)
{
    (void)kind; (void)transfer_encoding;
    form_upload_t *u = cls;
    if (!key) {   /* a part whose Content-Disposition libmicrohttpd could not read: it has no name */
        u->failed = 1;
        return MHD_NO;
    }
    if (strcmp(key, "file") == 0) {
        /* offsets restart at 0 with each part */
        if (off == 0 && (!u->in_file || u->part_len > 0)) {
            u->nfiles++;
            u->in_file = 1;
            u->part_len = 0;
            if (u->nfiles > 1) return MHD_YES;   /* refused later; its bytes are not kept */
            u->name_rc = input_file_name_check(filename, &u->name_err);
            snprintf(u->filename, sizeof u->filename, "%s", filename ? filename : "");
            snprintf(u->content_type, sizeof u->content_type, "%s", content_type ? content_type : "");
        }
        u->part_len += size;
        if (u->nfiles == 1 && size) {
            /* the file goes to a temporary file of its own, never to memory */
            if (u->file_fd < 0 && (u->file_fd = http_spool_open(u->spool_dir)) < 0) {
                u->failed = 1;
                return MHD_NO;
            }
            for (size_t done = 0; done < size;) {
                ssize_t k = write(u->file_fd, data + done, size - done);
                if (k < 0 && errno == EINTR) continue;
                if (k <= 0) {
                    u->failed = 1;
                    return MHD_NO;
                }
                done += (size_t)k;
                u->file_len += (size_t)k;
            }
        }
        return MHD_YES;
    }
    u->in_file = 0;
    if (strcmp(key, "pasted") == 0) {
        /* a long text field: to a temporary file too */
        if (size && u->paste_fd < 0 && (u->paste_fd = http_spool_open(u->spool_dir)) < 0) {
            u->failed = 1;
            return MHD_NO;
        }
        for (size_t done = 0; done < size;) {
            ssize_t k = write(u->paste_fd, data + done, size - done);
            if (k < 0 && errno == EINTR) continue;
            if (k <= 0) {
                u->failed = 1;
                return MHD_NO;
            }
            done += (size_t)k;
            u->paste_len += (size_t)k;
        }
        return MHD_YES;
    }
    if (strcmp(key, "body") == 0) {
        if (off + size >= sizeof u->body || off != u->body_len) {
            u->failed = 1;
            return MHD_NO;
        }
        memcpy(u->body + off, data, size);
        u->body_len = (size_t)off + size;
        u->body[u->body_len] = '\0';
        return MHD_YES;
    }
    if (strcmp(key, "csrf_token") == 0) {
        if (off + size >= sizeof u->csrf || off != u->csrf_len) {
            u->failed = 1;
            return MHD_NO;
        }
        memcpy(u->csrf + off, data, size);
        u->csrf_len = (size_t)off + size;
        u->csrf[u->csrf_len] = '\0';
    }
    return MHD_YES;   /* other fields are ignored */
}

int form_upload_parse(const http_request_t *req, form_upload_t *u)
{
    memset(u, 0, sizeof *u);
    u->file_fd = u->paste_fd = -1;
    u->spool_dir = req->spool_dir;
    const char *ct = http_request_header(req, "Content-Type");
    if (!ct || strncasecmp(ct, "multipart/form-data", 19) != 0) return -1;
    struct MHD_PostProcessor *pp =
        MHD_create_post_processor((struct MHD_Connection *)req->conn, UPLOAD_PIECE, part, u);
    char *piece = malloc(UPLOAD_PIECE);
    int ok = pp && piece;
    /* the body (an upload: the server's temporary file) a piece at a time */
    for (size_t off = 0; ok && off < req->body_len;) {
        long n = http_request_body_read(req, off, piece, UPLOAD_PIECE);
        if (n <= 0 || MHD_post_process(pp, piece, (size_t)n) != MHD_YES) ok = 0;
        else off += (size_t)n;
    }
    if (pp && MHD_destroy_post_processor(pp) != MHD_YES) ok = 0;
    free(piece);
    if (!ok || u->failed) {
        upload_free(u);
        return -1;
    }
    return 0;
}

int web_evidence_upload(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    web_caller_t c;
    form_upload_t *u = calloc(1, sizeof *u);
    if (!u) {
        web_error(req, resp, 500, "Something went wrong", "Out of memory.", NULL);
        return 0;
    }
    form_caller(req, &c);
    const entity_def_t *e = entity_find("progress-updates");
    long long id = http_request_param_id(req, "id");
    if (form_upload_parse(req, u) != 0) {
        web_error(req, resp, 400, "The file could not be read",
                  "Send the file from the progress update's page (as multipart/form-data).", &c.actor);
        goto done;
    }
    if (!c.actor.user_id) {
        web_error(req, resp, 403, "Log in to do this",
                  "Your session has ended or you are not logged in. Log in, then send the file again.", &c.actor);
        goto done;
    }
    size_t n = strlen(c.csrf);
    if (c.actor.via_session
        && (n == 0 || u->csrf_len != n || sodium_memcmp(u->csrf, c.csrf, n) != 0)) {
        web_error(req, resp, 403, "This form has expired",
                  "The form did not carry this session's security token (it may be from an older session or "
                  "another site). Go back, reload the page and send it again.", &c.actor);
        goto done;
    }
    char body[64] = "";
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = id ? store_entity_body(s, e, id, body, &err) : ov_error_set(&err, OV_ENOTFOUND, "", "no such item");
    int may = rc == 0 && (app_allowed(&c.actor, PERM_PROGRESS, body) || app_allowed(&c.actor, PERM_RECORD, body));
    /* another body's update is answered as one that does not exist */
    if (rc == 0 && !app_allowed(&c.actor, PERM_READ_RECORD, body))
        rc = ov_error_set(&err, OV_ENOTFOUND, "", "no such progress update");
    const char *problem = NULL;
    if (may) {
        if (u->nfiles == 0 || u->file_len == 0) problem = "Choose a file that is not empty";
        else if (u->nfiles > 1) problem = "Attach one file at a time";
    }
    json_t *out = NULL;
    if (may && !problem && u->name_rc) {
        rc = u->name_rc;
        err = u->name_err;
    } else if (may && !problem)
        rc = store_evidence_add_file(s, id, u->filename, u->content_type, u->file_fd, u->file_len, c.actor.username,
                                     &out, &err);
    store_pool_release(app->pool, s);
    if (rc != 0 && err.status == OV_ENOTFOUND) {
        web_error(req, resp, 404, "Page not found", "There is no such progress update.", &c.actor);
    } else if (!may && rc == 0) {
        char detail[200];
        snprintf(detail, sizeof detail, "Your account (%s) may not add evidence to this progress update.", c.actor.role);
        web_error(req, resp, 403, "You cannot do this", detail, &c.actor);
    } else if (problem) {
        form_record_view(req, resp, &c, e, id, 422, problem);
    } else if (rc == OV_EINVALID) {
        char msg[400];
        form_error_message(&err, "The file name", msg, sizeof msg);
        form_record_view(req, resp, &c, e, id, 422, msg);
    } else if (rc == OV_ETOOBIG) {
        form_record_view(req, resp, &c, e, id, 413, err.message);
    } else if (rc != 0) {
        web_error_store(req, resp, &err, &c.actor);
    } else {
        char loc[160];
        snprintf(loc, sizeof loc, "/record/progress-updates/%lld?attached=1#evidence", id);
        form_redirect(resp, loc);
    }
    json_decref(out);
done:
    upload_free(u);
    free(u);
    return 0;
}

int web_progress_create(http_request_t *req, http_response_t *resp)
{
    const char *ct = http_request_header(req, "Content-Type");
    web_caller_t c;
    if (!ct || strncasecmp(ct, "multipart/form-data", 19) != 0) {   /* a form without files, as before */
        http_form_t form;
        if (form_post_begin(req, resp, &c, &form) == 0)
            form_record_create(req, resp, &c, entity_find("progress-updates"), &form, NULL);
        return 0;
    }
    form_caller(req, &c);
    app_upload_t *u = calloc(1, sizeof *u);   /* owned: its files are temporary files */
    if (!u) {
        web_error(req, resp, 500, "Something went wrong", "Out of memory.", &c.actor);
        return 0;
    }
    if (app_upload_parse(req, "file", u) != 0) {
        free(u);
        web_error(req, resp, 400, "The form could not be read",
                  "Send the progress update from its form (as multipart/form-data).", &c.actor);
        return 0;
    }
    /* logged in, and the session's token, as form_post_begin checks them */
    const char *t = http_form_get(&u->fields, "csrf_token");
    size_t n = strlen(c.csrf);
    if (!c.actor.user_id) {
        /* a lapsed session keeps the text typed, as a form without files
         * does; the files cannot be kept, and the pages say so */
        form_login_resume_files(req, resp, &c, &u->fields, u->nfiles);
    } else if (c.actor.via_session && (!t || n == 0 || strlen(t) != n || sodium_memcmp(t, c.csrf, n) != 0)) {
        web_error(req, resp, 403, "This form has expired",
                  "The form did not carry this session's security token (it may be from an older session or "
                  "another site). Go back, reload the page and send it again.", &c.actor);
    } else if (form_join_dates(&u->fields) != 0) {   /* day, month and year fields into one date */
        web_error(req, resp, 400, "The form could not be read", "The form has too many fields.", &c.actor);
    } else {
        form_record_create(req, resp, &c, entity_find("progress-updates"), &u->fields, u);
    }
    app_upload_free(u);
    free(u);
    return 0;
}
