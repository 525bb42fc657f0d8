/*
 * page_import.c: the import review screen (docs/import.md). Staff who may
 * record upload a published letter (or paste its page's HTML) at /import;
 * the importer (docs/import.h) reads it into a draft, shown beside the
 * letter's text with each fact it found marked where it was read, as a form
 * to correct; confirming loads the draft as `oversight load` would
 * (import_draft_to_load, then store_letter_import: one transaction, the
 * letter file kept as evidence with its SHA-256).
 *
 * Nothing is written before the confirmation: the review is not stored.
 * The letter travels in the review form itself (base64, in a hidden field)
 * with a random review id; the confirmation reads the letter again,
 * applies the corrections, and records the review id with the import, so
 * a review confirmed twice is written once (the second answer shows the
 * first import).
 *
 *   GET  /import                 the upload form
 *   POST /import                 multipart/form-data: csrf_token, file or
 *                                pasted, body (optional): the review page
 *   POST /import/confirm         the review form: 303 to /import/{review}
 *   GET  /import/{review}        what a confirmed review recorded
 */
#include "web/form.h"
#include "web/format.h"
#include "app/actor.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/roles.h"
#include "docs/import.h"
#include "store/bodies.h"
#include "store/letter_imports.h"
#include "store/pool.h"
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define REVIEW_MAX ((size_t)512 * 1024)   /* a letter's bytes (the review form carries them) */
#define EXCERPT_CHARS 60
#define MAX_CAUSES 20
#define MAX_RECS 12

static const char *const KINDS[][2] = {
    {"return_to_scan", "Return to Scan (a decision to leave Engage)"},
    {"move_to_engage", "Move to Engage (a decision to enter Engage)"},
    {"revisit", "Revisit of causes of concern (no phase change)"},
    {"causes_of_concern", "Causes of concern (issued; no phase decision)"},
};

/* 1 if the caller may import letters: staff who may record. */
static int may_import(const app_actor_t *a)
{
    return a->user_id && web_is_staff(a) && app_allowed(a, PERM_RECORD, NULL);
}

static int deny(http_request_t *req, http_response_t *resp, const web_caller_t *c)
{
    if (!c->actor.user_id) {
        form_redirect(resp, "/login?next=/import");
        return 0;
    }
    form_deny(req, resp, c, "import letters into the record");
    return 0;
}

/* Every body, {code, name}, new array; NULL on a store error (err set). */
static json_t *bodies_list(app_t *app, ov_error_t *err)
{
    json_t *bodies = NULL;
    store_t *s = store_pool_acquire(app->pool);
    int rc = store_bodies_list(s, &bodies, err);
    store_pool_release(app->pool, s);
    return rc == 0 ? bodies : NULL;
}

static const char *body_name(const json_t *bodies, const char *code)
{
    size_t i;
    json_t *b;
    json_array_foreach(bodies, i, b) if (code && strcmp(web_str(b, "code"), code) == 0) return web_str(b, "name");
    return NULL;
}

/* ---- the upload form ---- */

static void upload_page(http_request_t *req, http_response_t *resp, int status, const web_caller_t *c,
                        const json_t *bodies, const char *body, const char *file_error, const char *body_error)
{
    json_t *list = json_array(), *items = json_array();
    size_t i;
    json_t *b;
    json_array_foreach(bodies, i, b) {
        const char *code = web_str(b, "code");
        json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "code", code, "name", web_str(b, "name"), "selected",
                                              body && strcmp(body, code) == 0));
    }
    json_t *ctx = json_pack("{s:s, s:o, s:I}", "csrf", c->csrf, "bodies", list, "max_kib", (json_int_t)(REVIEW_MAX / 1024));
    if (file_error) {
        json_object_set_new(ctx, "file_error", json_string(file_error));
        json_array_append_new(items, json_pack("{s:s, s:s}", "name", "file", "message", file_error));
    }
    if (body_error) {
        json_object_set_new(ctx, "body_error", json_string(body_error));
        json_array_append_new(items, json_pack("{s:s, s:s}", "name", "body", "message", body_error));
    }
    if (json_array_size(items)) json_object_set_new(ctx, "error_summary", json_pack("{s:O}", "items", items));
    json_decref(items);
    web_render(req, resp, status, "import", status >= 400 ? "Error: Import a letter" : "Import a letter",
               &c->actor, ctx);
}

int web_import_form(http_request_t *req, http_response_t *resp)
{
    web_caller_t c;
    form_caller(req, &c);
    if (!may_import(&c.actor)) return deny(req, resp, &c);
    ov_error_t err = {0};
    json_t *bodies = bodies_list(req->app, &err);
    if (!bodies) {
        web_error_store(req, resp, &err, &c.actor);
        return 0;
    }
    upload_page(req, resp, 200, &c, bodies, NULL, NULL, NULL);
    json_decref(bodies);
    http_response_header(resp, "Cache-Control", "no-store");
    return 0;
}

/* ---- the review page ---- */

/* The draft of letter data[0..len) (bodies: all, or the one chosen). *r
 * (caller frees) or an error message in msg. */
static int read_letter(const void *data, size_t len, const json_t *bodies, const char *only, import_result_t **r,
                       char *msg, size_t n)
{
    size_t nb = json_array_size(bodies), k = 0;
    import_body_ref_t *refs = calloc(nb ? nb : 1, sizeof *refs);
    if (!refs) {
        snprintf(msg, n, "Out of memory.");
        return -1;
    }
    size_t i;
    json_t *b;
    json_array_foreach(bodies, i, b) {
        const char *code = web_str(b, "code");
        if (only && *only && strcmp(code, only) != 0) continue;
        refs[k].code = code;
        refs[k].name = web_str(b, "name");
        k++;
    }
    ov_error_t err = {0};
    int rc = import_extract(data, len, refs, k, r, &err);
    if (rc == 0 && only && *only && !(*r)->body.code && k == 1) {
        /* the text does not name the body chosen: the caller's word */
        free((*r)->body.name);
        (*r)->body.code = strdup(refs[0].code);
        (*r)->body.name = strdup(refs[0].name);
    }
    free(refs);
    if (rc != 0) snprintf(msg, n, "The letter could not be read: %.200s.", err.message);
    return rc == 0 ? 0 : -1;
}

/* 1 if data[0..len) looks like a letter's text: valid UTF-8 with no NUL
 * (a PDF, a word-processor file or an image is not). */
static int looks_text(const unsigned char *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (p[i] == 0) return 0;
    json_t *s = json_stringn((const char *)p, len);
    int ok = s != NULL;
    json_decref(s);
    return ok;
}

/* The text of span sp, at most EXCERPT_CHARS characters, one line. */
static json_t *excerpt(const import_result_t *r, const import_span_t *sp)
{
    char *t = strndup(r->text + sp->start, sp->end - sp->start);
    if (!t) return NULL;
    for (char *p = t; *p; p++)
        if (*p == '\n') *p = ' ';
    char out[EXCERPT_CHARS * 4 + 8];
    form_truncate(t, EXCERPT_CHARS, out, sizeof out);
    free(t);
    return json_string(out);
}

static const char *span_label(const char *field)
{
    static const char *const L[][2] = {
        {"published_on", "Published on"}, {"sent_on", "Sent on"}, {"body", "Body"}, {"decision", "Decision"},
        {"decided_by", "Decided by"}, {"effective_on", "Decision takes effect"}, {"ppog_meeting", "PPOG meeting held"},
        {"ppog_next_meeting", "Next PPOG meeting"}, {"causes_stated", "Causes of concern stated"},
        {"cause", "Cause of concern"}, {"recommendation", "Recommendation"},
    };
    for (size_t i = 0; i < sizeof L / sizeof L[0]; i++)
        if (strcmp(L[i][0], field) == 0) return L[i][1];
    return field;
}

typedef struct shown {
    const import_span_t *sp;
    int mark;     /* the index of the mark it is shown in */
} shown_t;

static int by_start(const void *a, const void *b)
{
    const shown_t *x = a, *y = b;
    if (x->sp->start != y->sp->start) return x->sp->start < y->sp->start ? -1 : 1;
    return x->sp->end > y->sp->end ? -1 : x->sp->end < y->sp->end;
}

/* The letter's text as segments [{text, marked, id, field, label}]; a span
 * inside another is shown by the outer one's mark. sh (r->nspans) gets
 * each span's mark. */
static json_t *segments(const import_result_t *r, shown_t *sh)
{
    for (size_t i = 0; i < r->nspans; i++) sh[i] = (shown_t){&r->spans[i], -1};
    qsort(sh, r->nspans, sizeof *sh, by_start);
    json_t *segs = json_array();
    size_t at = 0, mark_end = 0;
    int marks = 0, cur = -1;
    for (size_t i = 0; i < r->nspans; i++) {
        const import_span_t *sp = sh[i].sp;
        if (sp->start < mark_end) {   /* inside the mark before */
            sh[i].mark = cur;
            continue;
        }
        if (sp->start > at)
            json_array_append_new(segs, json_pack("{s:s%, s:b}", "text", r->text + at, sp->start - at, "marked", 0));
        char id[32];
        snprintf(id, sizeof id, "fact-%d", marks);
        json_array_append_new(segs, json_pack("{s:s%, s:b, s:s, s:s, s:s}", "text", r->text + sp->start,
                                              sp->end - sp->start, "marked", 1, "id", id, "field", sp->field, "label",
                                              span_label(sp->field)));
        cur = sh[i].mark = marks++;
        at = mark_end = sp->end;
    }
    if (at < r->text_len)
        json_array_append_new(segs, json_pack("{s:s%, s:b}", "text", r->text + at, r->text_len - at, "marked", 0));
    return segs;
}

/* Sets field's "found" from the first span of span_field (cause, rec: its
 * indexes, or -1). */
static void found(json_t *field, const import_result_t *r, const shown_t *sh, const char *span_field, int cause, int rec)
{
    for (size_t i = 0; r && i < r->nspans; i++) {
        const import_span_t *sp = sh[i].sp;
        if (strcmp(sp->field, span_field) != 0 || (cause >= 0 && sp->index != cause) || (rec >= 0 && sp->sub != rec))
            continue;
        char id[32];
        snprintf(id, sizeof id, "#fact-%d", sh[i].mark);
        json_object_set_new(field, "found", json_pack("{s:s, s:o}", "span", id + 1, "excerpt", excerpt(r, sp)));
        return;
    }
}

/* A new field named name (printf) of kind, with value, into list and all. */
static json_t *add_field(json_t *list, json_t *all, const char *kind, const char *label, const char *hint,
                         const char *value, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
static json_t *add_field(json_t *list, json_t *all, const char *kind, const char *label, const char *hint,
                         const char *value, const char *fmt, ...)
{
    char name[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(name, sizeof name, fmt, ap);
    va_end(ap);
    json_t *f = form_field_new(name, label, kind, 0, hint);
    form_field_value(f, value);
    json_array_append(list, f);
    json_array_append(all, f);
    json_decref(f);
    return f;
}

static void options(json_t *f, const char *const (*opts)[2], size_t n, const char *value)
{
    for (size_t i = 0; i < n; i++) form_field_option(f, opts[i][0], opts[i][1]);
    form_field_value(f, value);
}

/* The value of form field name (printf), or fallback. */
static const char *fv(const http_form_t *form, const char *fallback, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static const char *fv(const http_form_t *form, const char *fallback, const char *fmt, ...)
{
    if (!form) return fallback;
    char name[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(name, sizeof name, fmt, ap);
    va_end(ap);
    const char *v = http_form_get(form, name);
    return v ? v : fallback;
}

static const char *acc_value(const json_t *v) { return json_is_true(v) ? "yes" : json_is_false(v) ? "no" : ""; }

/* The review page for letter data[0..len) read into r and draft (its
 * JSON), with the values of form (NULL: the draft's) and errors ({name:
 * message}, may be NULL). */
typedef struct review {
    const web_caller_t *caller;
    const json_t *bodies;
    const import_result_t *r;
    const json_t *draft;
    const char *b64;          /* the letter, base64 */
    const char *review_id;
    const char *filename, *content_type;
    size_t len;
    const char *sha256;
} review_t;

static void review_page(http_request_t *req, http_response_t *resp, int status, const review_t *v,
                        const http_form_t *form, json_t *errors)
{
    const json_t *d = v->draft;
    const import_result_t *r = v->r;
    shown_t *sh = calloc(r->nspans ? r->nspans : 1, sizeof *sh);
    json_t *segs = sh ? segments(r, sh) : json_array();
    json_t *fields = json_array(), *all = json_array(), *f;
    char stated[16] = "";
    if (json_is_integer(json_object_get(d, "causes_stated")))
        snprintf(stated, sizeof stated, "%lld", (long long)json_integer_value(json_object_get(d, "causes_stated")));

    f = add_field(fields, all, "select", "Body", "The police force or fire and rescue service the letter is about.", NULL,
                  "body");
    json_object_set_new(f, "required", json_true());
    form_field_option(f, "", "Choose the body");
    size_t i;
    json_t *b;
    json_array_foreach(v->bodies, i, b) form_field_option(f, web_str(b, "code"), web_str(b, "name"));
    form_field_value(f, fv(form, web_str(json_object_get(d, "body"), "code"), "body"));
    found(f, r, sh, "body", -1, -1);
    f = add_field(fields, all, "select", "Kind of letter", "What the letter does: the decision it carries, or none.",
                  NULL, "kind");
    json_object_set_new(f, "required", json_true());
    options(f, KINDS, sizeof KINDS / sizeof KINDS[0], fv(form, web_str(d, "kind"), "kind"));
    found(f, r, sh, "decision", -1, -1);
    const json_t *dec = json_object_get(d, "decision");
    static const char *const PHASES[][2] = {{"", "No phase decision"}, {"scan", "Scan"}, {"engage", "Engage"}};
    f = add_field(fields, all, "select", "Decision: the phase the body goes to", NULL, NULL, "decision_to");
    options(f, PHASES, 3, fv(form, json_is_true(json_object_get(dec, "found")) ? web_str(dec, "phase_to") : "",
                             "decision_to"));
    found(f, r, sh, "decision", -1, -1);
    f = add_field(fields, all, "date", "Decision takes effect on", NULL, NULL, "effective_on");
    form_field_value(f, fv(form, web_str(dec, "effective_on"), "effective_on"));
    found(f, r, sh, "effective_on", -1, -1);
    f = add_field(fields, all, "text", "Decided by", NULL, NULL, "decided_by");
    form_field_value(f, fv(form, web_str(dec, "decided_by"), "decided_by"));
    found(f, r, sh, "decided_by", -1, -1);
    f = add_field(fields, all, "date", "Letter sent on", NULL, NULL, "sent_on");
    form_field_value(f, fv(form, web_str(d, "sent_on"), "sent_on"));
    found(f, r, sh, "sent_on", -1, -1);
    f = add_field(fields, all, "date", "Letter published on", NULL, NULL, "published_on");
    form_field_value(f, fv(form, web_str(d, "published_on"), "published_on"));
    found(f, r, sh, "published_on", -1, -1);
    f = add_field(fields, all, "date", "PPOG meeting held on", "The meeting the letter follows (a day).", NULL,
                  "ppog_meeting");
    form_field_value(f, fv(form, web_str(d, "ppog_meeting"), "ppog_meeting"));
    found(f, r, sh, "ppog_meeting", -1, -1);
    f = add_field(fields, all, "date", "Next PPOG meeting", "A meeting the body is invited to (kept with the import).",
                  NULL, "ppog_next_meeting");
    form_field_value(f, fv(form, web_str(d, "ppog_next_meeting"), "ppog_next_meeting"));
    found(f, r, sh, "ppog_next_meeting", -1, -1);
    char hint[200];
    snprintf(hint, sizeof hint, "How many causes of concern the letter says there are; %zu found below.",
             json_array_size(json_object_get(d, "causes")));
    f = add_field(fields, all, "number", "Causes of concern the letter states", hint, NULL, "causes_stated");
    form_field_value(f, fv(form, stated, "causes_stated"));
    found(f, r, sh, "causes_stated", -1, -1);

    static const char *const ACC[][2] = {{"", "Not stated"}, {"yes", "Accelerated"}, {"no", "Not accelerated"}};
    json_t *causes = json_array(), *c;
    json_array_foreach(json_object_get(d, "causes"), i, c) {
        if (i >= MAX_CAUSES) break;
        json_t *cf = json_array(), *recs = json_array();
        f = add_field(cf, all, "textarea", "What the cause of concern is", NULL, NULL, "cause_%zu_text", i + 1);
        json_object_set_new(f, "required", json_true());
        form_field_value(f, fv(form, web_str(c, "text"), "cause_%zu_text", i + 1));
        found(f, r, sh, "cause", (int)i, -1);
        f = add_field(cf, all, "select", "Accelerated", NULL, NULL, "cause_%zu_accelerated", i + 1);
        options(f, ACC, 3, fv(form, acc_value(json_object_get(c, "accelerated")), "cause_%zu_accelerated", i + 1));
        found(f, r, sh, "cause", (int)i, -1);
        size_t k;
        json_t *rec;
        json_array_foreach(json_object_get(c, "recommendations"), k, rec) {
            if (k >= MAX_RECS) break;
            json_t *rf = json_array();
            f = add_field(rf, all, "textarea", "The recommendation", NULL, NULL, "cause_%zu_rec_%zu_text", i + 1, k + 1);
            json_object_set_new(f, "required", json_true());
            form_field_value(f, fv(form, web_str(rec, "text"), "cause_%zu_rec_%zu_text", i + 1, k + 1));
            found(f, r, sh, "recommendation", (int)i, (int)k);
            f = add_field(rf, all, "date", "Deadline", NULL, NULL, "cause_%zu_rec_%zu_deadline", i + 1, k + 1);
            form_field_value(f, fv(form, web_str(rec, "deadline"), "cause_%zu_rec_%zu_deadline", i + 1, k + 1));
            found(f, r, sh, "recommendation", (int)i, (int)k);
            json_array_append_new(recs, json_pack("{s:I, s:o}", "n", (json_int_t)(k + 1), "fields", rf));
        }
        json_array_append_new(causes,
                              json_pack("{s:I, s:o, s:o}", "n", (json_int_t)(i + 1), "fields", cf, "recs", recs));
    }
    free(sh);

    json_t *hidden = json_array();
    json_array_append_new(hidden, json_pack("{s:s, s:s}", "name", "review_id", "value", v->review_id));
    json_array_append_new(hidden, json_pack("{s:s, s:s}", "name", "filename", "value", v->filename));
    json_array_append_new(hidden, json_pack("{s:s, s:s}", "name", "content_type", "value", v->content_type));
    json_array_append_new(hidden, json_pack("{s:s, s:s}", "name", "letter", "value", v->b64));
    json_t *warnings = json_object_get(d, "warnings");
    json_t *ctx = json_pack("{s:s, s:o, s:o, s:o, s:o, s:O, s:b, s:s, s:I, s:s}", "csrf", v->caller->csrf, "segments",
                            segs, "fields", fields, "causes", causes, "hidden", hidden, "warnings",
                            warnings ? warnings : json_null(), "warnings_any", json_array_size(warnings) > 0,
                            "filename", v->filename, "size", (json_int_t)v->len, "sha256", v->sha256);
    form_apply_errors(ctx, all, errors);
    json_decref(all);
    web_render(req, resp, status, "import_review",
               errors && json_object_size(errors) ? "Error: Check the draft record" : "Check the draft record",
               &v->caller->actor, ctx);
    http_response_header(resp, "Cache-Control", "no-store");
}

/* Reads the len bytes of fd from offset 0 into a new buffer. */
static char *read_fd(int fd, size_t len)
{
    char *p = malloc(len + 1);
    if (!p) return NULL;
    for (size_t off = 0; off < len;) {
        ssize_t k = pread(fd, p + off, len - off, (off_t)off);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) {
            free(p);
            return NULL;
        }
        off += (size_t)k;
    }
    p[len] = '\0';
    return p;
}

static char *base64(const void *data, size_t len)
{
    size_t n = sodium_base64_encoded_len(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = malloc(n);
    if (out) sodium_bin2base64(out, n, data, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

/* The review of a letter: draft, then the page. Shared by the upload and
 * a confirmation with errors. */
static void show_review(http_request_t *req, http_response_t *resp, int status, const web_caller_t *c,
                        const json_t *bodies, const import_result_t *r, const json_t *draft, const char *data,
                        size_t len, const char *b64, const char *review_id, const char *filename, const char *ctype,
                        const http_form_t *form, json_t *errors)
{
    char hex[65];
    evidence_sha256_hex(data, len, hex);
    review_t v = {c, bodies, r, draft, b64, review_id, filename, ctype, len, hex};
    review_page(req, resp, status, &v, form, errors);
}

int web_import_review(http_request_t *req, http_response_t *resp)
{
    web_caller_t c;
    form_caller(req, &c);
    form_upload_t *u = calloc(1, sizeof *u);
    json_t *bodies = NULL, *draft = NULL;
    import_result_t *r = NULL;
    char *data = NULL, *b64 = NULL;
    if (!u) {
        web_error(req, resp, 500, "Something went wrong", "Out of memory.", &c.actor);
        return 0;
    }
    /* who, before what: the body is not read for a caller who may not import */
    if (!c.actor.user_id) {
        web_error(req, resp, 403, "Log in to do this",
                  "Your session has ended or you are not logged in. Log in, then send the letter again.", &c.actor);
        free(u);
        return 0;
    }
    if (!may_import(&c.actor)) {
        deny(req, resp, &c);
        free(u);
        return 0;
    }
    if (form_upload_parse(req, u) != 0) {
        web_error(req, resp, 400, "The letter could not be read",
                  "Send the letter from the import page (as multipart/form-data).", &c.actor);
        free(u);
        return 0;
    }
    size_t n = strlen(c.csrf);
    if (c.actor.via_session && (n == 0 || u->csrf_len != n || sodium_memcmp(u->csrf, c.csrf, n) != 0)) {
        web_error(req, resp, 403, "This form has expired",
                  "The form did not carry this session's security token (it may be from an older session or "
                  "another site). Go back, reload the page and send it again.", &c.actor);
        goto done;
    }
    ov_error_t err = {0};
    if (!(bodies = bodies_list(req->app, &err))) {
        web_error_store(req, resp, &err, &c.actor);
        goto done;
    }
    const char *file_error = NULL, *body_error = NULL;
    const char *body = u->body_len ? u->body : NULL;
    if (body && !body_name(bodies, body)) body_error = "Choose a body from the list";
    int use_file = u->nfiles == 1 && u->file_len > 0;
    int fd = use_file ? u->file_fd : u->paste_fd;
    size_t len = use_file ? u->file_len : u->paste_len;
    const char *filename = use_file ? u->filename : "pasted.html";
    const char *ctype = use_file ? u->content_type : "text/html";
    if (u->nfiles > 1) file_error = "Choose one letter at a time";
    else if (len == 0 || fd < 0) file_error = "Choose the letter's file, or paste the letter";
    else if (len > REVIEW_MAX) file_error = "The letter is too large: a letter's text or HTML is under 512 KiB";
    else if (use_file && u->name_rc) file_error = "The file's name is not one that can be kept: rename the file";
    else if (!(data = read_fd(fd, len))) file_error = "The letter could not be read";
    else if (!looks_text((const unsigned char *)data, len))
        file_error = "The file is not text or HTML: save the letter's page (HTML) or its text, and upload that";
    if (file_error || body_error) {
        upload_page(req, resp, 422, &c, bodies, body, file_error, body_error);
        goto done;
    }
    char msg[300];
    if (read_letter(data, len, bodies, body, &r, msg, sizeof msg) != 0 || !(draft = import_result_to_json(r))) {
        upload_page(req, resp, 422, &c, bodies, body, r ? "Out of memory" : msg, NULL);
        goto done;
    }
    unsigned char rnd[32];
    char review_id[65];
    randombytes_buf(rnd, sizeof rnd);
    sodium_bin2hex(review_id, sizeof review_id, rnd, sizeof rnd);
    if (!(b64 = base64(data, len))) {
        web_error(req, resp, 500, "Something went wrong", "Out of memory.", &c.actor);
        goto done;
    }
    show_review(req, resp, 200, &c, bodies, r, draft, data, len, b64, review_id, filename, ctype, NULL, NULL);
done:
    json_decref(draft);
    import_result_free(r);
    json_decref(bodies);
    free(data);
    free(b64);
    form_upload_free(u);
    free(u);
    return 0;
}

/* ---- the confirmation ---- */

static void set_str(json_t *o, const char *key, const char *v)
{
    json_object_set_new(o, key, v && *v ? json_string(v) : json_null());
}

/* Checks a date field: "" or YYYY-MM-DD (day) / YYYY-MM-DD or YYYY-MM
 * (!day); errors[name] otherwise. */
static void check_date(json_t *errors, const char *name, const char *v, const char *what, int day)
{
    odate_t d;
    if (!v || !*v) return;
    if (day ? date_parse_day(v, &d) == 0 : (date_parse(v, &d) == 0 && d.precision >= DATE_MONTH)) return;
    char msg[200];
    snprintf(msg, sizeof msg, "%s must be a real date as YYYY-MM-DD%s", what, day ? "" : " (or YYYY-MM)");
    json_object_set_new(errors, name, json_string(msg));
}

/* The draft with the form's corrections, checked: errors gets {name:
 * message} for every field that is wrong. */
static void apply_form(json_t *d, const http_form_t *form, const json_t *bodies, json_t *errors)
{
    const char *body = http_form_get(form, "body");
    const char *name = body_name(bodies, body);
    if (!body || !*body) json_object_set_new(errors, "body", json_string("Choose the body the letter is about"));
    else if (!name) json_object_set_new(errors, "body", json_string("Choose a body from the list"));
    json_object_set_new(d, "body", json_pack("{s:s?, s:s?}", "code", name ? body : NULL, "name", name));

    const char *kind = http_form_get(form, "kind");
    int kind_ok = 0;
    for (size_t i = 0; kind && i < sizeof KINDS / sizeof KINDS[0]; i++) kind_ok |= strcmp(kind, KINDS[i][0]) == 0;
    if (!kind_ok) json_object_set_new(errors, "kind", json_string("Choose what kind of letter it is"));
    else json_object_set_new(d, "kind", json_string(kind));

    json_t *dec = json_object_get(d, "decision");
    const char *to = fv(form, "", "decision_to");
    if (*to && strcmp(to, "scan") != 0 && strcmp(to, "engage") != 0)
        json_object_set_new(errors, "decision_to", json_string("Choose Scan, Engage or no phase decision"));
    json_object_set_new(dec, "found", json_boolean(*to));
    set_str(dec, "phase_to", to);
    set_str(dec, "phase_from", !*to ? NULL : strcmp(to, "scan") == 0 ? "engage" : "scan");
    if (kind_ok && strcmp(kind, "move_to_engage") == 0 && strcmp(to, "engage") != 0)
        json_object_set_new(errors, "decision_to", json_string("A move to Engage letter carries a decision to Engage"));
    if (kind_ok && strcmp(kind, "return_to_scan") == 0 && strcmp(to, "scan") != 0)
        json_object_set_new(errors, "decision_to", json_string("A return to Scan letter carries a decision to Scan"));
    const char *eff = fv(form, "", "effective_on");
    check_date(errors, "effective_on", eff, "The date the decision takes effect", 0);
    set_str(dec, "effective_on", eff);
    set_str(dec, "decided_by", fv(form, "", "decided_by"));

    static const char *const DATES[][3] = {
        {"sent_on", "The date the letter was sent", "0"}, {"published_on", "The date the letter was published", "0"},
        {"ppog_meeting", "The date of the PPOG meeting held", "1"},
        {"ppog_next_meeting", "The date of the next PPOG meeting", "0"}};
    for (size_t i = 0; i < 4; i++) {
        const char *val = fv(form, "", "%s", DATES[i][0]);
        check_date(errors, DATES[i][0], val, DATES[i][1], DATES[i][2][0] == '1');
        set_str(d, DATES[i][0], val);
    }
    const char *stated = fv(form, "", "causes_stated");
    if (*stated) {
        char *end;
        long v = strtol(stated, &end, 10);
        if (*end || v < 1 || v > 99)
            json_object_set_new(errors, "causes_stated", json_string("The number of causes stated must be a whole number from 1 to 99, or empty"));
        else json_object_set_new(d, "causes_stated", json_integer(v));
    } else {
        json_object_set_new(d, "causes_stated", json_null());
    }

    size_t i, k;
    json_t *c, *rec;
    json_array_foreach(json_object_get(d, "causes"), i, c) {
        if (i >= MAX_CAUSES) break;
        char fname[64];
        snprintf(fname, sizeof fname, "cause_%zu_text", i + 1);
        const char *text = fv(form, "", "%s", fname);
        if (!*text) json_object_set_new(errors, fname, json_string("Give the cause of concern's wording"));
        set_str(c, "text", text);
        const char *acc = fv(form, "", "cause_%zu_accelerated", i + 1);
        json_object_set_new(c, "accelerated", strcmp(acc, "yes") == 0 ? json_true()
                                              : strcmp(acc, "no") == 0 ? json_false() : json_null());
        json_array_foreach(json_object_get(c, "recommendations"), k, rec) {
            if (k >= MAX_RECS) break;
            snprintf(fname, sizeof fname, "cause_%zu_rec_%zu_text", i + 1, k + 1);
            const char *rt = fv(form, "", "%s", fname);
            if (!*rt) json_object_set_new(errors, fname, json_string("Give the recommendation's wording"));
            set_str(rec, "text", rt);
            snprintf(fname, sizeof fname, "cause_%zu_rec_%zu_deadline", i + 1, k + 1);
            const char *dl = fv(form, "", "%s", fname);
            check_date(errors, fname, dl, "The deadline", 0);
            set_str(rec, "deadline", dl);
        }
    }
    /* a stated count that differs from the causes found is said again */
    json_t *w = json_object_get(d, "warnings");
    if (json_is_integer(json_object_get(d, "causes_stated")) &&
        (size_t)json_integer_value(json_object_get(d, "causes_stated")) != json_array_size(json_object_get(d, "causes"))) {
        char msg[160];
        snprintf(msg, sizeof msg, "confirmed with %lld causes of concern stated and %zu recorded",
                 (long long)json_integer_value(json_object_get(d, "causes_stated")),
                 json_array_size(json_object_get(d, "causes")));
        json_array_append_new(w, json_string(msg));
    }
    json_object_del(d, "spans");
}

int web_import_confirm(http_request_t *req, http_response_t *resp)
{
    web_caller_t c;
    http_form_t form;
    if (form_post_begin(req, resp, &c, &form) != 0) return 0;
    json_t *bodies = NULL, *draft = NULL, *errors = json_object(), *load = NULL, *out = NULL;
    import_result_t *r = NULL;
    unsigned char *data = NULL;
    char *load_text = NULL, *draft_text = NULL;
    if (!may_import(&c.actor)) {
        deny(req, resp, &c);
        goto done;
    }
    const char *review_id = http_form_get(&form, "review_id");
    const char *b64 = http_form_get(&form, "letter");
    const char *filename = fv(&form, "letter.txt", "filename");
    const char *ctype = fv(&form, "text/plain", "content_type");
    size_t cap = b64 ? strlen(b64) : 0, len = 0;
    data = malloc(cap + 1);
    if (!review_id || strlen(review_id) != 64 || !b64 || !data ||
        sodium_base642bin(data, cap + 1, b64, cap, NULL, &len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        len == 0 || len > REVIEW_MAX) {
        web_error(req, resp, 400, "The review could not be read",
                  "The form did not carry the letter it reviews. Upload the letter again from the import page.",
                  &c.actor);
        goto done;
    }
    ov_error_t err = {0};
    if (!(bodies = bodies_list(req->app, &err))) {
        web_error_store(req, resp, &err, &c.actor);
        goto done;
    }
    char msg[300];
    if (read_letter(data, len, bodies, NULL, &r, msg, sizeof msg) != 0 || !(draft = import_result_to_json(r))) {
        web_error(req, resp, 400, "The review could not be read", msg, &c.actor);
        goto done;
    }
    apply_form(draft, &form, bodies, errors);
    if (json_object_size(errors) == 0) {
        load = import_draft_to_load(draft, web_str(json_object_get(draft, "body"), "code"), &err);
        load_text = load ? json_dumps(load, JSON_COMPACT) : NULL;
        draft_text = json_dumps(draft, JSON_COMPACT);
        if (!load_text || !draft_text) {
            web_error(req, resp, 500, "Something went wrong", "Out of memory.", &c.actor);
            goto done;
        }
        store_letter_import_t in = {review_id, web_str(json_object_get(draft, "body"), "code"),
                                    web_str(draft, "kind"), filename, ctype, data, len, load_text,
                                    strlen(load_text), draft_text, c.actor.username};
        store_t *s = store_pool_acquire(((app_t *)req->app)->pool);
        int rc = store_letter_import(s, &in, &out, &err);
        store_pool_release(((app_t *)req->app)->pool, s);
        if (rc == 0 || rc == OV_ECONFLICT) {   /* confirmed now, or before: the import either way */
            char loc[120];
            snprintf(loc, sizeof loc, "/import/%s", review_id);
            form_redirect(resp, loc);
            goto done;
        }
        if (rc != OV_EINVALID && rc != OV_ENOTFOUND) {
            web_error_store(req, resp, &err, &c.actor);
            goto done;
        }
        /* a step the record refuses: said at the top of the form */
        char m[400];
        snprintf(m, sizeof m, "The record refused the draft: %.300s", err.message);
        json_object_set_new(errors, err.field[0] && strcmp(err.field, "filename") ? "record" : "filename",
                            json_string(m));
    }
    char *b64copy = strdup(b64);
    if (!b64copy) {
        web_error(req, resp, 500, "Something went wrong", "Out of memory.", &c.actor);
        goto done;
    }
    /* every error at once, on the same form with what was sent */
    show_review(req, resp, 422, &c, bodies, r, draft, (const char *)data, len, b64copy, review_id, filename, ctype,
                &form, errors);
    free(b64copy);
done:
    http_form_free(&form);
    json_decref(bodies);
    json_decref(draft);
    json_decref(errors);
    json_decref(load);
    json_decref(out);
    import_result_free(r);
    free(data);
    free(load_text);
    free(draft_text);
    return 0;
}

/* ---- what was confirmed ---- */

int web_import_done(http_request_t *req, http_response_t *resp)
{
    web_caller_t c;
    form_caller(req, &c);
    if (!may_import(&c.actor)) return deny(req, resp, &c);
    const char *review = http_request_param(req, "review");
    json_t *row = NULL, *bodies = NULL;
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(((app_t *)req->app)->pool);
    int rc = store_letter_import_get(s, review, &row, &err);
    store_pool_release(((app_t *)req->app)->pool, s);
    if (rc == OV_ENOTFOUND) {
        web_error(req, resp, 404, "Page not found", "No letter was confirmed from this review.", &c.actor);
        return 0;
    }
    if (rc != 0 || !(bodies = bodies_list(req->app, &err))) {
        web_error_store(req, resp, &err, &c.actor);
        json_decref(row);
        return 0;
    }
    const char *name = body_name(bodies, web_str(row, "body"));
    json_object_set_new(row, "body_name", json_string(name ? name : web_str(row, "body")));
    const char *kind = web_str(row, "kind");
    for (size_t i = 0; kind && i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (strcmp(kind, KINDS[i][0]) == 0) json_object_set_new(row, "kind_text", json_string(KINDS[i][1]));
    json_decref(bodies);
    web_render(req, resp, 200, "import_done", "The letter is in the record", &c.actor, row);
    return 0;
}
