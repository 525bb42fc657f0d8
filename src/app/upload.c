/*
 * upload.c: a multipart/form-data request with several files (upload.h).
 * libmicrohttpd's post processor (http_multipart_each) hands each part a
 * piece at a time, with no sign of where one part ends: a new part is
 * one whose first piece (offset 0) follows bytes of the part before, or
 * has another name or file name.
 */
#include "app/upload.h"
#include "core/buf.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Appends size bytes to the temporary file *fd (opened on the first). */
static int spool(app_upload_t *u, int *fd, const char *data, size_t size)
{
    if (*fd < 0 && (*fd = http_spool_open(u->spool_dir)) < 0) return -1;
    for (size_t done = 0; done < size;) {
        ssize_t k = write(*fd, data + done, size - done);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return -1;
        done += (size_t)k;
    }
    return 0;
}

static int part(void *cls, const char *key, const char *filename, const char *content_type, const char *data,
                unsigned long long off, size_t size)
{
    app_upload_t *u = cls;
    if (!key) return -1;   /* a part without a readable name */
    const char *fname = filename ? filename : "";
    if (off == 0 && (!u->started || u->cur_len > 0 || strcmp(key, u->cur_key) != 0 || strcmp(fname, u->cur_name) != 0)) {
        /* a new part */
        u->started = 1;
        u->cur_len = 0;
        u->cur_file = u->cur_field = -1;
        snprintf(u->cur_key, sizeof u->cur_key, "%s", key);
        snprintf(u->cur_name, sizeof u->cur_name, "%s", fname);
        if (strcmp(key, u->file_key) == 0) {
            /* a browser sends an empty, nameless part when no file is chosen: not a file */
            if (*fname || size > 0) {
                if (u->nfiles < APP_UPLOAD_FILES) {
                    app_upload_file_t *f = &u->files[u->nfiles];
                    f->fd = -1;
                    f->name_rc = input_file_name_check(fname, &f->name_err);
                    snprintf(f->filename, sizeof f->filename, "%s", fname);
                    snprintf(f->content_type, sizeof f->content_type, "%s", content_type ? content_type : "");
                    u->cur_file = u->nfiles;
                }
                u->nfiles++;
            }
        } else {
            if (u->fields.n >= HTTP_FORM_MAX_FIELDS) return -1;
            int i = u->fields.n;
            u->fields.fields[i].name = strdup(key);
            u->fields.fields[i].value = strdup("");
            u->fields.n++;
            if (!u->fields.fields[i].name || !u->fields.fields[i].value) return -1;
            u->cur_field = i;
        }
    } else if (strcmp(key, u->file_key) == 0 && u->cur_file < 0 && u->cur_len == 0 && size > 0 && !*fname
               && u->nfiles < APP_UPLOAD_FILES + 1) {
        /* bytes of a nameless file part whose first piece was empty */
        if (u->nfiles < APP_UPLOAD_FILES) {
            app_upload_file_t *f = &u->files[u->nfiles];
            f->fd = -1;
            f->name_rc = input_file_name_check(fname, &f->name_err);
            snprintf(f->content_type, sizeof f->content_type, "%s", content_type ? content_type : "");
            u->cur_file = u->nfiles;
        }
        u->nfiles++;
    }
    u->cur_len += size;
    if (!size) return 0;
    if (u->cur_file >= 0) {
        app_upload_file_t *f = &u->files[u->cur_file];
        if (spool(u, &f->fd, data, size) != 0) return -1;
        f->len += size;
    } else if (u->cur_field >= 0) {
        if (u->text_len + size > APP_UPLOAD_TEXT_MAX) return -1;
        u->text_len += size;
        char **v = &u->fields.fields[u->cur_field].value;
        size_t have = strlen(*v);
        char *grown = realloc(*v, have + size + 1);
        if (!grown) return -1;
        memcpy(grown + have, data, size);
        grown[have + size] = '\0';
        *v = grown;
    }
    return 0;
}

int app_upload_parse(const http_request_t *req, const char *file_key, app_upload_t *u)
{
    memset(u, 0, sizeof *u);
    for (int i = 0; i < APP_UPLOAD_FILES; i++) u->files[i].fd = -1;
    u->spool_dir = req->spool_dir;
    u->file_key = file_key;
    u->cur_file = u->cur_field = -1;
    u->truncated = req->body_truncated;
    if (http_multipart_each(req, part, u) != 0) {
        app_upload_free(u);
        return -1;
    }
    return 0;
}

void app_upload_free(app_upload_t *u)
{
    for (int i = 0; i < APP_UPLOAD_FILES; i++) {
        if (u->files[i].fd >= 0) close(u->files[i].fd);   /* the unlinked file goes with it */
        u->files[i].fd = -1;
    }
    http_form_free(&u->fields);
}

int app_upload_check_files(const app_upload_t *u, int max_mb, char *out, size_t n)
{
    buf_t b = BUF_INIT;
    int problems = 0;
    if (u->truncated) {
        buf_printf(&b, "The files are larger than %d MB together: send fewer or smaller files at a time", max_mb);
        problems++;
    } else {
        for (int i = 0; i < u->nfiles && i < APP_UPLOAD_FILES; i++) {
            const app_upload_file_t *f = &u->files[i];
            if (f->name_rc)
                buf_printf(&b, "%s%s: its name cannot be kept (%s); rename the file", problems ? ". " : "",
                           *f->filename ? f->filename : "A file without a name", f->name_err.message);
            else if (f->len == 0)
                buf_printf(&b, "%s%s is empty: choose a file that is not", problems ? ". " : "", f->filename);
            else
                continue;
            problems++;
        }
        if (u->nfiles > APP_UPLOAD_FILES) {
            buf_printf(&b, "%sAt most %d files at a time (%d were sent)", problems ? ". " : "", APP_UPLOAD_FILES,
                       u->nfiles);
            problems++;
        }
    }
    snprintf(out, n, "%s", b.data && !b.failed ? b.data : "");
    buf_free(&b);
    return problems;
}
