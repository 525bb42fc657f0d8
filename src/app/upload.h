/*
 * upload.h: a multipart/form-data request with several files (a progress
 * update and its evidence, issue #17 item 8), read for the JSON API and
 * the pages alike: its text parts into a form (http_form_t), each file
 * part into an unlinked temporary file of its own (never into memory),
 * with the checks every file gets (its name: core/input.h; not empty).
 */
#ifndef OV_APP_UPLOAD_H
#define OV_APP_UPLOAD_H
#include "http/http.h"
#include "core/error.h"
#include "core/input.h"
#include <stddef.h>

#define APP_UPLOAD_FILES 20                 /* files in one request */
#define APP_UPLOAD_TEXT_MAX (1 << 20)       /* bytes of its text parts together */

typedef struct app_upload_file {
    char filename[INPUT_FILE_NAME_MAX + 1];
    int name_rc;               /* input_file_name_check of the name as sent (before the copy may cut it) */
    ov_error_t name_err;
    char content_type[128];
    int fd;                    /* an unlinked temporary file (owned); -1 when it had no bytes */
    size_t len;
} app_upload_file_t;

typedef struct app_upload {
    http_form_t fields;        /* the text parts, in order (owned) */
    app_upload_file_t files[APP_UPLOAD_FILES];
    int nfiles;                /* file parts with a name or bytes, the first APP_UPLOAD_FILES kept */
    int truncated;             /* the request was over the upload cap: files cut short */
    /* reading state */
    const char *spool_dir;
    const char *file_key;
    char cur_key[64], cur_name[INPUT_FILE_NAME_MAX + 1];
    int cur_file;              /* the part being read: index in files, -1 none or not kept */
    int cur_field;             /* its index in fields, -1 none */
    size_t cur_len;            /* its bytes so far */
    int started;
    size_t text_len;
} app_upload_t;

/* Reads req (multipart/form-data) into u: parts named file_key are files,
 * the rest text. 0 (free u with app_upload_free), or -1 (nothing to free)
 * when it is not multipart/form-data, is malformed, or its text parts are
 * over APP_UPLOAD_TEXT_MAX or HTTP_FORM_MAX_FIELDS. */
int app_upload_parse(const http_request_t *req, const char *file_key, app_upload_t *u);
void app_upload_free(app_upload_t *u);

/* Every problem of u's files at once, as one message for the file field
 * into out ("" when none): a name that cannot be kept, an empty file,
 * more than APP_UPLOAD_FILES files, the request over max_mb MB. Returns
 * the number of problems. */
int app_upload_check_files(const app_upload_t *u, int max_mb, char *out, size_t n);

#endif
