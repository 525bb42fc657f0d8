/*
 * form_util.c: the caller and CSRF checks of form posts, redirects, the
 * refusal page, and the field model the form templates render (see form.h).
 */
#include "web/form.h"
#include "web/format.h"
#include "render/html.h"
#include "core/buf.h"
#include "core/publication.h"
#include "core/approval.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void form_caller(http_request_t *req, web_caller_t *c)
{
    memset(c, 0, sizeof *c);
    if (app_actor_form(req, &c->actor, c->csrf, NULL, NULL) != 0) {
        memset(c, 0, sizeof *c);
        snprintf(c->actor.role, sizeof c->actor.role, "public");
    }
}

void form_redirect(http_response_t *resp, const char *location)
{
    static const char text[] = "See other\n";
    char *body = malloc(sizeof text);
    if (body) memcpy(body, text, sizeof text);
    http_response_set(resp, 303, "text/plain; charset=utf-8", body, body ? sizeof text - 1 : 0);
    http_response_header(resp, "Location", location);
    http_response_header(resp, "Cache-Control", "no-store");
}

int form_next_ok(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\') return 0;
    for (const unsigned char *p = (const unsigned char *)next; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '\\') return 0;
    if (strlen(next) >= WEB_NEXT_MAX) return 0;
    /* it goes into the page's JSON context: invalid UTF-8 made that fail (500) */
    json_t *utf8 = json_string(next);
    json_decref(utf8);
    return utf8 != NULL;
}

int form_need_login(http_request_t *req, http_response_t *resp, const web_caller_t *c)
{
    if (c->actor.user_id) return 0;
    /* back to this page (path and query) after logging in */
    buf_t here = BUF_INIT, loc = BUF_INIT;
    buf_puts(&here, req->path);
    /* its whole query, unless too long to come back to */
    if (http_request_query_append(req, &here) == 0 && here.len >= WEB_NEXT_MAX) {
        buf_free(&here);
        buf_puts(&here, req->path);
    }
    buf_puts(&loc, "/login?next=");
    html_escape_url_component(&loc, here.data ? here.data : "/");
    if (loc.failed || here.failed) form_redirect(resp, "/login");
    else form_redirect(resp, loc.data);
    buf_free(&here);
    buf_free(&loc);
    return -1;
}

/* Removes field i of form (its strings freed), keeping the order. */
static void form_drop(http_form_t *form, int i)
{
    free(form->fields[i].name);
    free(form->fields[i].value);
    memmove(&form->fields[i], &form->fields[i + 1], (size_t)(form->n - i - 1) * sizeof form->fields[0]);
    form->n--;
}

/* Sets field name to value (strings copied, owned by form): replaces the
 * first of that name, else appends. -1 when memory ran out. */
static int form_put(http_form_t *form, const char *name, const char *value)
{
    char *v = strdup(value);
    if (!v) return -1;
    for (int i = 0; i < form->n; i++)
        if (strcmp(form->fields[i].name, name) == 0) {
            free(form->fields[i].value);
            form->fields[i].value = v;
            return 0;
        }
    char *n = strdup(name);
    if (!n || form->n >= HTTP_FORM_MAX_FIELDS) {
        free(n);
        free(v);
        return -1;
    }
    form->fields[form->n].name = n;
    form->fields[form->n].value = v;
    form->n++;
    return 0;
}

int form_join_dates(http_form_t *form)
{
    static const char *const parts[] = {"-day", "-month", "-year"};
    for (int i = 0; i < form->n; i++) {
        const char *name = form->fields[i].name;
        size_t k = strlen(name);
        const char *dash = strrchr(name, '-');
        int which = -1;
        for (int p = 0; dash && p < 3; p++)
            if (strcmp(dash, parts[p]) == 0) which = p;
        if (which < 0 || dash == name) continue;
        char base[HTTP_PARAM_MAX], key[HTTP_PARAM_MAX + 8];
        snprintf(base, sizeof base, "%.*s", (int)(k - strlen(dash)), name);
        const char *v[3];
        for (int p = 0; p < 3; p++) {
            snprintf(key, sizeof key, "%s%s", base, parts[p]);
            v[p] = http_form_get(form, key);
        }
        char joined[3 * WEB_DATE_PART_MAX + 8];
        web_date_join(v[0], v[1], v[2], joined, sizeof joined);
        /* the parts go, the date stays: later code sees one field, as from the API */
        for (int p = 0; p < 3; p++) {
            snprintf(key, sizeof key, "%s%s", base, parts[p]);
            for (int j = 0; j < form->n; j++)
                if (strcmp(form->fields[j].name, key) == 0) form_drop(form, j--);
        }
        if (form_put(form, base, joined) != 0) return -1;
        i = -1;   /* the fields moved: look again from the start */
    }
    return 0;
}

int form_post_begin(http_request_t *req, http_response_t *resp, web_caller_t *c, http_form_t *form)
{
    form_caller(req, c);
    if (http_request_form(req, form) != 0) {
        web_error(req, resp, 400, "The form could not be read",
                  "Send the form from its page (as application/x-www-form-urlencoded).", &c->actor);
        return -1;
    }
    if (!c->actor.user_id) {
        /* a lapsed session loses nothing: the login keeps what was typed */
        form_login_resume(req, resp, c, form);
        http_form_free(form);
        return -1;
    }
    if (c->actor.via_session) {
        const char *t = http_form_get(form, "csrf_token");
        size_t n = strlen(c->csrf);
        if (!t || n == 0 || strlen(t) != n || sodium_memcmp(t, c->csrf, n) != 0) {
            http_form_free(form);
            web_error(req, resp, 403, "This form has expired",
                      "The form did not carry this session's security token (it may be from an older session or "
                      "another site). Go back, reload the page and send it again.",
                      &c->actor);
            return -1;
        }
    }
    if (form_join_dates(form) != 0) {
        http_form_free(form);
        web_error(req, resp, 400, "The form could not be read", "The form has too many fields.", &c->actor);
        return -1;
    }
    return 0;
}

void form_today(http_request_t *req, char out[DATE_TEXT_MAX])
{
    odate_t t = app_today(req->app);
    date_format(&t, out);
}

json_t *form_field_new(const char *name, const char *label, const char *kind, int required, const char *hint)
{
    char flag[32];
    snprintf(flag, sizeof flag, "is_%s", kind);
    json_t *f = json_pack("{s:s, s:s, s:b, s:s, s:b}", "name", name, "label", label, "required", required, "value",
                          "", flag, 1);
    if (f && hint) json_object_set_new(f, "hint", json_string(hint));
    if (f && (strcmp(kind, "select") == 0 || strcmp(kind, "checkboxes") == 0))
        json_object_set_new(f, "options", json_array());
    /* a date is three fields (GOV.UK Frontend's date input); "day" takes a day only */
    if (f && (strcmp(kind, "date") == 0 || strcmp(kind, "day") == 0)) json_object_set_new(f, "date_input", json_true());
    return f;
}

/* A date field's day, month and year from its value, for the three inputs. */
static void field_date_parts(json_t *field)
{
    if (!json_is_true(json_object_get(field, "date_input"))) return;
    char d[WEB_DATE_PART_MAX], m[WEB_DATE_PART_MAX], y[WEB_DATE_PART_MAX];
    web_date_split(json_string_value(json_object_get(field, "value")), d, m, y);
    json_object_set_new(field, "day", json_string(d));
    json_object_set_new(field, "month", json_string(m));
    json_object_set_new(field, "year", json_string(y));
}

void form_field_value(json_t *field, const char *value)
{
    if (!field) return;
    json_object_set_new(field, "value", json_string(value ? value : ""));
    if (json_is_true(json_object_get(field, "is_checkbox")))
        json_object_set_new(field, "checked", json_boolean(value && (strcmp(value, "1") == 0 || strcmp(value, "on") == 0
                                                                     || strcmp(value, "true") == 0)));
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(field, "options"), i, o) {
        const char *v = json_string_value(json_object_get(o, "value"));
        json_object_set_new(o, "selected", json_boolean(value && v && strcmp(v, value) == 0));
    }
    field_date_parts(field);
}

/* A date field's error: the words for a badly formed date in place of the
 * record's (which speak of YYYY-MM-DD), the input at fault marked, and the
 * anchor the error summary links to (that input). */
static void field_date_error(json_t *f, const char *name, json_t **msg, char *anchor, size_t n)
{
    snprintf(anchor, n, "%s", name);
    if (!json_is_true(json_object_get(f, "date_input"))) return;
    field_date_parts(f);
    const char *part = "day";
    const char *what = web_date_problem(json_string_value(json_object_get(f, "value")), &part);
    snprintf(anchor, n, "%s-%s", name, part);
    if (what) {
        char text[300];
        snprintf(text, sizeof text, "%s %s", json_string_value(json_object_get(f, "label")), what);
        json_t *words = json_string(text);
        if (words) *msg = words;
        char key[16];
        snprintf(key, sizeof key, "%s_error", part);
        json_object_set_new(f, key, json_true());
    } else {
        /* the date as a whole is refused: all three inputs are at fault */
        json_object_set_new(f, "day_error", json_true());
        json_object_set_new(f, "month_error", json_true());
        json_object_set_new(f, "year_error", json_true());
    }
}

void form_field_option(json_t *field, const char *value, const char *text)
{
    json_t *opts = json_object_get(field, "options");
    const char *cur = json_string_value(json_object_get(field, "value"));
    json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", value, "text", text, "selected",
                                          cur && *cur && strcmp(cur, value) == 0));
}

void form_apply_errors(json_t *ctx, json_t *fields, json_t *errors)
{
    if (!errors || json_object_size(errors) == 0) return;
    json_t *items = json_array();
    size_t i;
    json_t *f;
    json_array_foreach(fields, i, f) {
        const char *name = json_string_value(json_object_get(f, "name"));
        json_t *msg = json_object_get(errors, name ? name : "");
        if (!msg) continue;
        json_incref(msg);
        char anchor[HTTP_PARAM_MAX + 8];
        json_t *own = msg;
        field_date_error(f, name, &own, anchor, sizeof anchor);
        if (own != msg) json_decref(msg);
        json_object_set(f, "error", own);
        json_array_append_new(items, json_pack("{s:s, s:o}", "name", anchor, "message", own));
    }
    const char *key;
    json_t *msg;
    json_object_foreach(errors, key, msg) {
        int shown = 0;
        json_array_foreach(fields, i, f) shown |= strcmp(json_string_value(json_object_get(f, "name")), key) == 0;
        /* an error about no visible field (e.g. a hidden parent id) still shows in the summary */
        if (!shown) json_array_append_new(items, json_pack("{s:s, s:O}", "name", "", "message", msg));
    }
    json_object_set_new(ctx, "error_summary", json_pack("{s:o}", "items", items));
}

json_t *form_ctx_new(const web_caller_t *c, const char *caption, const char *heading, const char *action,
                     const char *submit)
{
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:[], s:[]}", "heading", heading, "action", action, "submit", submit,
                            "csrf", c->csrf, "hidden", "fields");
    if (ctx && caption) json_object_set_new(ctx, "caption", json_string(caption));
    return ctx;
}

void form_hidden(json_t *ctx, const char *name, const char *value)
{
    json_array_append_new(json_object_get(ctx, "hidden"), json_pack("{s:s, s:s}", "name", name, "value", value));
}

void form_render(http_request_t *req, http_response_t *resp, int status, const char *title, const web_caller_t *c,
                 json_t *ctx)
{
    web_render(req, resp, status, "form_page", title, &c->actor, ctx);
}

void form_finish(http_request_t *req, http_response_t *resp, const form_view_t *v)
{
    form_apply_errors(v->ctx, v->fields, v->errors);
    json_object_set_new(v->ctx, "fields", v->fields);
    if (v->notice) {
        json_object_set_new(v->ctx, "notice", json_string(v->notice));
        json_object_set_new(v->ctx, "reload", json_string(v->reload));
    }
    json_object_set_new(v->ctx, "cancel", json_string(v->cancel));
    form_render(req, resp, v->status, v->title, v->caller, v->ctx);
}

void form_deny(http_request_t *req, http_response_t *resp, const web_caller_t *c, const char *what)
{
    char detail[200];
    snprintf(detail, sizeof detail, "Your account (%s) may not %s.", c->actor.role, what);
    web_error(req, resp, 403, "You cannot do this", detail, &c->actor);
}

char *form_label(const char *name, char *out, size_t n)
{
    static const char *const upper[] = {"Url", "url", "Peel", "peel", "Ppog", "ppog", "Pcc", "pcc", NULL};
    web_format_enum(name, out, n);
    /* acronyms as words of their own: "Url" -> "URL", "Ppog item" -> "PPOG item" */
    for (int i = 0; upper[i]; i++) {
        size_t k = strlen(upper[i]);
        for (char *p = strstr(out, upper[i]); p; p = strstr(p + k, upper[i])) {
            if ((p != out && p[-1] != ' ') || (p[k] && p[k] != ' ')) continue;
            for (size_t j = 0; j < k; j++) p[j] = (char)(p[j] >= 'a' && p[j] <= 'z' ? p[j] - 'a' + 'A' : p[j]);
        }
    }
    return out;
}

void form_error_message(const ov_error_t *err, const char *label, char *out, size_t n)
{
    size_t k = strlen(err->field);
    if (k && strncmp(err->message, err->field, k) == 0 && err->message[k] == ' ')
        snprintf(out, n, "%s%s", label, err->message + k);
    else
        snprintf(out, n, "%s", err->message);
    if (*out >= 'a' && *out <= 'z') *out = (char)(*out - 'a' + 'A');
}

char *form_truncate(const char *s, size_t max_chars, char *out, size_t n)
{
    size_t chars = 0, i = 0;
    if (!s) s = "";
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (chars == max_chars) break;
            chars++;
        }
        if (i + 4 >= n) break;   /* room for "…" and the NUL */
    }
    /* back off a cut UTF-8 sequence */
    while (i > 0 && s[i] && ((unsigned char)s[i] & 0xC0) == 0x80) i--;
    memcpy(out, s, i);
    out[i] = '\0';
    if (s[i]) snprintf(out + i, n - i, "\xE2\x80\xA6");
    return out;
}

void form_check_render(http_request_t *req, http_response_t *resp, const web_caller_t *c, form_check_t *chk)
{
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:s, s:s, s:s, s:s}", "caption",
                            chk->caption ? chk->caption : "", "heading", chk->heading, "action", chk->action,
                            "verb", chk->verb, "rows", chk->rows ? chk->rows : json_array(), "hidden",
                            chk->hidden ? chk->hidden : json_array(), "public", chk->is_public, "audience",
                            chk->audience ? chk->audience : "", "confirm", chk->confirm, "csrf", c->csrf,
                            "cancel_text", "Cancel");
    chk->rows = chk->hidden = NULL;   /* stolen by json_pack, even on failure */
    if (ctx && chk->cancel) json_object_set_new(ctx, "cancel", json_string(chk->cancel));
    if (ctx && chk->preview) {
        /* the page has one h1, its own: the preview's title becomes an h2
         * (the preview is escaped HTML, so "<h1>" in it is only markup) */
        buf_t b = BUF_INIT;
        for (const char *p = chk->preview; *p;) {
            if (strncmp(p, "<h1>", 4) == 0 || strncmp(p, "</h1>", 5) == 0) {
                buf_puts(&b, p[1] == '/' ? "</h2>" : "<h2>");
                p += p[1] == '/' ? 5 : 4;
            } else {
                size_t n = strcspn(p + 1, "<") + 1;
                buf_printf(&b, "%.*s", (int)n, p);
                p += n;
            }
        }
        if (!b.failed) json_object_set_new(ctx, "preview", json_string(b.data ? b.data : ""));
        buf_free(&b);
    }
    if (ctx && chk->preview_css) json_object_set_new(ctx, "preview_css", json_string(chk->preview_css));
    if (ctx && chk->preview_pdf) json_object_set_new(ctx, "preview_pdf", json_string(chk->preview_pdf));
    web_render(req, resp, 200, "check", "Check your answers", &c->actor, ctx);
}

int form_publication_audience(const char *what, const char *on, const char *today, char *out, size_t n)
{
    char d[WEB_DATE_TEXT_MAX];
    int pub = publication_letter_is_public("published", on, today);
    if (pub)
        snprintf(out, n, "anyone will see it at once: on the public pages, in the Atom feed and in the open data. "
                         "A published %s is never changed.", what);
    else
        snprintf(out, n, "it will be public from %s, its publication date: until then only the inspectorate sees "
                         "it. A published %s is never changed.", web_format_date(on, d), what);
    return pub;
}

int form_four_eyes(const char *created_by, const json_t *editors, const char *username, ov_error_t *err)
{
    size_t n = json_array_size(editors);
    const char **edited_by = calloc(n + 1, sizeof *edited_by);   /* borrows editors' strings */
    if (!edited_by) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    for (size_t k = 0; k < n; k++) edited_by[k] = json_string_value(json_array_get(editors, k));
    int rc = approval_check_four_eyes(created_by, edited_by, username, err);
    free(edited_by);
    return rc == OV_EFORBIDDEN ? rc : 0;
}
