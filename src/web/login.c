/*
 * login.c: logging in and out in the browser. POST /login starts the same
 * session as POST /api/v1/session (accounts_login: same throttling, same
 * cookie flags) and sends the browser back to the page it asked for.
 *
 * The login form has no session yet, so it is guarded by a double-submit
 * token: GET /login sets a random ov_login cookie (SameSite=Strict) and puts
 * the same value in a hidden field; POST /login needs both to match, so
 * another site cannot log a browser into an account of its choosing.
 */
#include "web/form.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LOGIN_COOKIE "ov_login"
#define LOGIN_TOKEN_HEX 33   /* 16 random bytes as hex + NUL */

int web_form_style(http_request_t *req, http_response_t *resp)
{
    (void)req;
    return web_stylesheet(resp, "forms.css", "public, max-age=300");
}

/* The ov_login cookie's value into out, or "". */
static void login_cookie(http_request_t *req, char out[LOGIN_TOKEN_HEX])
{
    out[0] = '\0';
    const char *c = http_request_header(req, "Cookie");
    size_t k = strlen(LOGIN_COOKIE "=");
    while (c && *c) {
        while (*c == ' ' || *c == ';') c++;
        size_t len = strcspn(c, ";");
        if (len == k + LOGIN_TOKEN_HEX - 1 && strncmp(c, LOGIN_COOKIE "=", k) == 0) {
            memcpy(out, c + k, LOGIN_TOKEN_HEX - 1);
            out[LOGIN_TOKEN_HEX - 1] = '\0';
            return;
        }
        c += len;
    }
}

static void set_login_cookie(http_request_t *req, http_response_t *resp, const char *value, long max_age)
{
    const app_t *app = req->app;
    char h[160];
    snprintf(h, sizeof h, LOGIN_COOKIE "=%s; Path=/login; HttpOnly; SameSite=Strict; Max-Age=%ld%s", value, max_age,
             app && app->secure_cookies ? "; Secure" : "");
    http_response_header(resp, "Set-Cookie", h);
}

/* The login page: the form with username kept, errors by field. */
/* What a form posted after its session lapsed, kept through the login
 * (hidden fields of the login form, so nothing is stored on the server and
 * the login's double-submit token guards it): its fields but the tokens
 * and passwords, at most FORM_RESUME_MAX bytes in all. */
#define FORM_RESUME_MAX (32 * 1024)
#define RESUME_PREFIX "resume:"
/* The marker of a resumed form whose files were not kept. */
#define RESUME_FILES_LOST "files_not_kept"

static int resume_skipped(const char *name)
{
    return strcmp(name, "csrf_token") == 0 || strcmp(name, "login_token") == 0 || strstr(name, "password") != NULL;
}

/* The fields of form worth keeping as [{name, value}], or NULL when there
 * are none or they are too large to keep. prefixed: the names carry
 * RESUME_PREFIX (a login form's), which is taken off. New array. */
static json_t *resume_fields(const http_form_t *form, int prefixed)
{
    json_t *out = json_array();
    size_t total = 0, k = strlen(RESUME_PREFIX);
    for (int i = 0; form && i < form->n; i++) {
        const char *name = form->fields[i].name, *value = form->fields[i].value ? form->fields[i].value : "";
        if (prefixed) {
            if (strncmp(name, RESUME_PREFIX, k) != 0) continue;
            name += k;
        }
        if (!*name || resume_skipped(name)) continue;
        total += strlen(name) + strlen(value);
        json_t *n = json_string(name), *v = json_string(value);
        if (total > FORM_RESUME_MAX || !n || !v) {
            json_decref(n);
            json_decref(v);
            json_decref(out);
            return NULL;
        }
        json_array_append_new(out, json_pack("{s:o, s:o}", "name", n, "value", v));
    }
    if (json_array_size(out) == 0) {
        json_decref(out);
        return NULL;
    }
    return out;
}

static void login_page_resume(http_request_t *req, http_response_t *resp, int status, const web_caller_t *c,
                              const char *next, const char *username, json_t *errors, const char *notice,
                              json_t *resume, const char *resume_action);

static void login_page(http_request_t *req, http_response_t *resp, int status, const web_caller_t *c,
                       const char *next, const char *username, json_t *errors, const char *notice)
{
    login_page_resume(req, resp, status, c, next, username, errors, notice, NULL, NULL);
}

/* login_page, carrying resume (borrowed; NULL: none) to resume_action. */
static void login_page_resume(http_request_t *req, http_response_t *resp, int status, const web_caller_t *c,
                              const char *next, const char *username, json_t *errors, const char *notice,
                              json_t *resume, const char *resume_action)
{
    unsigned char raw[16];
    char token[LOGIN_TOKEN_HEX];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(token, sizeof token, raw, sizeof raw);

    json_t *ctx = json_pack("{s:s, s:s, s:[]}", "next", form_next_ok(next) ? next : "/", "login_token", token,
                            "fields");
    json_t *fields = json_object_get(ctx, "fields");
    json_t *u = form_field_new("username", "Username", "text", 1, NULL);
    form_field_value(u, username);
    json_object_set_new(u, "autocomplete", json_string("username"));
    json_t *p = form_field_new("password", "Password", "password", 1, NULL);
    json_object_set_new(p, "autocomplete", json_string("current-password"));
    json_array_append_new(fields, u);
    json_array_append_new(fields, p);
    form_apply_errors(ctx, fields, errors);
    if (notice) json_object_set_new(ctx, "notice", json_string(notice));
    if (resume && resume_action && form_next_ok(resume_action)) {
        json_t *hidden = json_array();
        size_t i;
        json_t *f;
        json_array_foreach(resume, i, f) {
            char name[300];
            snprintf(name, sizeof name, RESUME_PREFIX "%s", json_string_value(json_object_get(f, "name")));
            json_array_append_new(hidden, json_pack("{s:s, s:O}", "name", name, "value", json_object_get(f, "value")));
        }
        json_object_set_new(ctx, "resume", hidden);
        json_object_set_new(ctx, "resume_action", json_string(resume_action));
    }
    if (c->actor.user_id) {
        json_object_set_new(ctx, "signed_in_as", json_string(c->actor.username));
        json_object_set_new(ctx, "csrf", json_string(c->csrf));
    }
    web_render(req, resp, status, "login", "Log in", &c->actor, ctx);
    set_login_cookie(req, resp, token, 3600);
}

/* Names of fields a form keeps out of sight: they travel hidden again. */
static int resume_hidden(const char *name)
{
    static const char *const HIDDEN[] = {"version", "block", "entity", "id", "confirm", "back", "review_id", NULL};
    for (int i = 0; HIDDEN[i]; i++)
        if (strcmp(HIDDEN[i], name) == 0) return 1;
    return 0;
}

/* After logging in again: the form that was sent when the session had
 * lapsed, filled with what was typed, to check and send to action with the
 * new session's token. */
static void resume_page(http_request_t *req, http_response_t *resp, const app_login_t *login, const char *action,
                        json_t *resume)
{
    web_caller_t c;
    memset(&c, 0, sizeof c);
    c.actor.user_id = login->user.id;
    snprintf(c.actor.username, sizeof c.actor.username, "%s", login->user.username);
    snprintf(c.actor.role, sizeof c.actor.role, "%s", login->user.role);
    snprintf(c.actor.body, sizeof c.actor.body, "%s", login->user.body);
    c.actor.via_session = 1;
    snprintf(c.csrf, sizeof c.csrf, "%s", login->csrf);
    json_t *ctx = form_ctx_new(&c, NULL, "Send your form again", action, "Send the form");
    json_object_set_new(ctx, "intro", json_string("You are logged in again. What you typed before your session "
                                                  "ended is below: check it, then send the form."));
    json_t *fields = json_array();
    size_t i;
    json_t *f;
    json_array_foreach(resume, i, f) {
        const char *name = json_string_value(json_object_get(f, "name"));
        const char *value = json_string_value(json_object_get(f, "value"));
        if (strcmp(name, RESUME_FILES_LOST) == 0) {
            json_object_set_new(ctx, "intro",
                                json_string("You are logged in again. What you typed before your session ended is "
                                            "below: check it, then send the form. The files you had chosen could not "
                                            "be kept: send the form, then add them to what it records."));
            continue;
        }
        if (resume_hidden(name)) {
            form_hidden(ctx, name, value);
            continue;
        }
        char label[96];
        form_label(name, label, sizeof label);
        json_t *field = form_field_new(name, label, strchr(value, '\n') || strlen(value) > 120 ? "textarea" : "text",
                                       0, NULL);
        form_field_value(field, value);
        json_array_append_new(fields, field);
    }
    json_object_set_new(ctx, "fields", fields);
    form_render(req, resp, 200, "Send your form again", &c, ctx);
    sodium_memzero(&c, sizeof c);
}

void form_login_resume(http_request_t *req, http_response_t *resp, const web_caller_t *c, const http_form_t *form)
{
    form_login_resume_files(req, resp, c, form, 0);
}

void form_login_resume_files(http_request_t *req, http_response_t *resp, const web_caller_t *c,
                             const http_form_t *form, int nfiles)
{
    json_t *resume = resume_fields(form, 0);
    /* the files are not kept (nothing is stored for a caller not logged
     * in): a marker field carries that through the login to the form */
    if (resume && nfiles > 0)
        json_array_append_new(resume, json_pack("{s:s, s:s}", "name", RESUME_FILES_LOST, "value", "1"));
    login_page_resume(req, resp, 403, c, "/", "", NULL,
                      resume && nfiles > 0
                          ? "Your session has ended. Log in again: what you typed is kept, and you can send it once "
                            "you are logged in. The files you chose cannot be kept: add them again after."
                      : resume ? "Your session has ended. Log in again: what you typed is kept, and you can send it "
                                 "once you are logged in."
                               : "Your session has ended or you are not logged in. Log in, then send the form again.",
                      resume, req->path);
    json_decref(resume);
}

int web_login_form(http_request_t *req, http_response_t *resp)
{
    web_caller_t c;
    form_caller(req, &c);
    login_page(req, resp, 200, &c, http_request_query(req, "next"), "", NULL, NULL);
    return 0;
}

int web_login(http_request_t *req, http_response_t *resp)
{
    web_caller_t c;
    form_caller(req, &c);
    http_form_t form;
    if (http_request_form(req, &form) != 0) {
        web_error(req, resp, 400, "The form could not be read",
                  "Send the login form from its page (as application/x-www-form-urlencoded).", &c.actor);
        return 0;
    }
    const char *username = http_form_get(&form, "username");
    const char *password = http_form_get(&form, "password");
    const char *next = http_form_get(&form, "next");
    const char *sent = http_form_get(&form, "login_token");
    char cookie[LOGIN_TOKEN_HEX];
    login_cookie(req, cookie);
    if (!sent || !*cookie || strlen(sent) != strlen(cookie) || sodium_memcmp(sent, cookie, strlen(cookie)) != 0) {
        http_form_free(&form);
        web_error(req, resp, 403, "This form has expired",
                  "The login form did not come from this site or is too old. Open the login page again.", &c.actor);
        return 0;
    }
    json_t *errors = json_object();
    if (!username || !*username) json_object_set_new(errors, "username", json_string("Enter your username"));
    if (!password || !*password) json_object_set_new(errors, "password", json_string("Enter your password"));
    if (json_object_size(errors)) {
        json_t *resume = resume_fields(&form, 1);
        login_page_resume(req, resp, 422, &c, next, username, errors, NULL, resume, http_form_get(&form, "resume_action"));
        json_decref(resume);
        json_decref(errors);
        http_form_free(&form);
        return 0;
    }
    app_login_t login;
    ov_error_t err = {0};
    int rc = app_login(req, username, password, &login, &err);
    if (rc == OV_EFORBIDDEN && login.retry > 0) {
        char msg[160], ra[32];
        /* the delays grow from a second (core/throttle.h): say seconds until it is minutes */
        long long v = login.retry < 120 ? login.retry : (login.retry + 59) / 60;
        snprintf(msg, sizeof msg, "Too many failed attempts. Try again in %lld %s%s.", v, login.retry < 120 ? "second" : "minute",
                 v == 1 ? "" : "s");
        snprintf(ra, sizeof ra, "%lld", login.retry);
        json_object_set_new(errors, "password", json_string(msg));
        login_page(req, resp, 429, &c, next, username, errors, NULL);
        http_response_header(resp, "Retry-After", ra);
    } else if (rc == OV_EFORBIDDEN) {
        json_object_set_new(errors, "password", json_string("Wrong username or password"));
        json_t *resume = resume_fields(&form, 1);
        login_page_resume(req, resp, 401, &c, next, username, errors, NULL, resume, http_form_get(&form, "resume_action"));
        json_decref(resume);
    } else if (rc != 0) {
        web_error_store(req, resp, &err, &c.actor);
    } else {
        json_t *resume = resume_fields(&form, 1);
        const char *action = http_form_get(&form, "resume_action");
        if (resume && action && form_next_ok(action) && strncmp(action, "/login", 6) != 0
            && strncmp(action, "/logout", 7) != 0)
            resume_page(req, resp, &login, action, resume);
        else form_redirect(resp, form_next_ok(next) ? next : "/");
        json_decref(resume);
        app_session_cookie(req, resp, login.token, ACCOUNTS_SESSION_MAX);
        set_login_cookie(req, resp, "", 0);
    }
    sodium_memzero(login.token, sizeof login.token);
    sodium_memzero(login.csrf, sizeof login.csrf);
    json_decref(errors);
    http_form_free(&form);
    return 0;
}

int web_logout_form(http_request_t *req, http_response_t *resp)
{
    web_caller_t c;
    form_caller(req, &c);
    if (!c.actor.user_id) {
        form_redirect(resp, "/login");
        return 0;
    }
    json_t *ctx = form_ctx_new(&c, NULL, "Log out", "/logout", "Log out");
    char intro[160];
    snprintf(intro, sizeof intro, "You are logged in as %s.", c.actor.username);
    json_object_set_new(ctx, "intro", json_string(intro));
    form_render(req, resp, 200, "Log out", &c, ctx);
    return 0;
}

int web_logout(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    web_caller_t c;
    http_form_t form;
    if (form_post_begin(req, resp, &c, &form) != 0) return 0;
    http_form_free(&form);
    char session[ACCOUNTS_TOKEN_SIZE] = "", csrf[ACCOUNTS_TOKEN_SIZE];
    app_actor_t a;
    int rc = app_actor_form(req, &a, csrf, session, NULL);
    if (rc == 0 && *session) {
        ov_error_t err = {0};
        store_t *s = store_pool_acquire(app->pool);
        rc = accounts_session_end(s, session, &err);
        store_pool_release(app->pool, s);
        sodium_memzero(session, sizeof session);
        if (rc != 0) {
            web_error_store(req, resp, &err, &c.actor);
            return 0;
        }
    }
    form_redirect(resp, "/");
    app_session_cookie(req, resp, "", 0);
    return 0;
}
