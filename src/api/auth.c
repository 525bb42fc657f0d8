/*
 * auth.c: the caller as the JSON API answers for it (app/actor.h decides
 * who is calling; a refusal becomes a 401/403 problem here), permission
 * checks for handlers, the cross-site check, the upload admission, and
 * /api/v1/session and /api/v1/me. Secrets are never logged.
 */
#include "api/api.h"
#include "core/roles.h"
#include "store/accounts.h"
#include "http/server.h"
#include <pthread.h>
#include <stdint.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static void unauthorized(http_response_t *resp, const char *detail)
{
    api_problem(resp, 401, "Unauthorized", detail, NULL);
    http_response_header(resp, "WWW-Authenticate", "Bearer realm=\"oversight\"");
}

/* Answers app_actor's refusal rc (err) as a problem in resp; -1. */
static int refused(http_request_t *req, http_response_t *resp, int rc, const ov_error_t *err)
{
    switch (rc) {
    case APP_ACTOR_CSRF: api_problem(resp, 403, "Forbidden", err->message, err->field); break;
    case APP_ACTOR_STORE: api_problem_from_error(resp, err); break;
    default:
        unauthorized(resp, err->message);
        /* the browser's cookie names a session that is gone */
        if (rc == APP_ACTOR_ENDED) app_session_cookie(req, resp, "", 0);
    }
    return -1;
}

/* app_actor_resolve (no form: X-CSRF-Token checked), a refusal answered in resp. */
static int resolve(http_request_t *req, http_response_t *resp, app_actor_t *out, account_t *acct,
                   char session[ACCOUNTS_TOKEN_SIZE])
{
    ov_error_t err = {0};
    int rc = app_actor_resolve(req, out, acct, session, NULL, &err);
    return rc == 0 ? 0 : refused(req, resp, rc, &err);
}

int api_actor(http_request_t *req, http_response_t *resp, app_actor_t *out)
{
    app_actor_t a;
    return resolve(req, resp, out ? out : &a, NULL, NULL);
}

int api_actor_at(http_request_t *req, http_response_t *resp, app_actor_t *out, const char *gen)
{
    ov_error_t err = {0};
    int rc = app_actor_at(req, out, gen, &err);
    return rc == 0 ? 0 : refused(req, resp, rc, &err);
}

/* "scheme://host[:port]" of url into out; "" when url has no "://". */
static void origin_of(const char *url, char *out, size_t n)
{
    const char *host = strstr(url, "://");
    size_t len = host ? (size_t)(host + 3 - url) + strcspn(host + 3, "/") : 0;
    snprintf(out, n, "%.*s", (int)len, url);
}

int api_cross_site(const http_request_t *req)
{
    const char *site = http_request_header(req, "Sec-Fetch-Site");
    if (site && strcasecmp(site, "cross-site") == 0) return 1;
    const char *origin = http_request_header(req, "Origin");
    /* "null" says nothing: our own Referrer-Policy: no-referrer makes
     * browsers send it on every form post, same-origin ones included (Fetch
     * standard); Sec-Fetch-Site, above, still tells a cross-site one */
    if (!origin || strcmp(origin, "null") == 0) return 0;
    char base[256], own[256];
    app_base_url(req, base, sizeof base);
    origin_of(base, own, sizeof own);
    if (*own && strcasecmp(origin, own) == 0) return 0;
    const char *host = http_request_header(req, "Host");
    if (host && *host) {
        const char *rest = strncasecmp(origin, "http://", 7) == 0 ? origin + 7
                           : strncasecmp(origin, "https://", 8) == 0 ? origin + 8 : NULL;
        if (rest && strcasecmp(rest, host) == 0) return 0;
    }
    return 1;
}

/* Uploads in flight per user (api_upload_allowed takes a slot, api_upload_done
 * gives it back): a small table under upload_mu; a user without a free
 * slot, or a full table, is told to wait (429). */
#define UPLOAD_USERS 64
static pthread_mutex_t upload_mu = PTHREAD_MUTEX_INITIALIZER;
static struct { long long user_id; int n; } upload_slots[UPLOAD_USERS];

/* Counts an upload for user_id; 0, or -1 when the user has API_UPLOADS_PER_USER already. */
static int upload_take(long long user_id)
{
    int rc = -1, free_slot = -1, i;
    pthread_mutex_lock(&upload_mu);
    for (i = 0; i < UPLOAD_USERS && upload_slots[i].user_id != user_id; i++)
        if (free_slot < 0 && upload_slots[i].n == 0) free_slot = i;
    if (i == UPLOAD_USERS) i = free_slot;
    if (i >= 0 && upload_slots[i].n < API_UPLOADS_PER_USER) {
        upload_slots[i].user_id = user_id;
        upload_slots[i].n++;
        rc = 0;
    }
    pthread_mutex_unlock(&upload_mu);
    return rc;
}

void api_upload_done(void *ticket)
{
    long long user_id = (long long)(intptr_t)ticket;
    pthread_mutex_lock(&upload_mu);
    for (int i = 0; i < UPLOAD_USERS; i++)
        if (upload_slots[i].user_id == user_id && upload_slots[i].n > 0) {
            upload_slots[i].n--;
            break;
        }
    pthread_mutex_unlock(&upload_mu);
}

int api_upload_allowed(http_request_t *req, void **ticket)
{
    app_actor_t a;
    /* a form's cookie session is checked for CSRF by the handler later;
     * here only who is calling matters */
    char csrf[ACCOUNTS_TOKEN_SIZE];
    int rc = app_actor_form(req, &a, csrf, NULL, NULL);
    sodium_memzero(csrf, sizeof csrf);
    if (rc != 0 || a.user_id == 0) return HTTP_UPLOAD_NO;
    const char *own = a.body[0] ? a.body : NULL;
    if (!roles_allows(a.role, PERM_PROGRESS, a.body, own) && !roles_allows(a.role, PERM_RECORD, a.body, own))
        return HTTP_UPLOAD_NO;
    if (upload_take(a.user_id) != 0) return HTTP_UPLOAD_BUSY;
    *ticket = (void *)(intptr_t)a.user_id;
    return HTTP_UPLOAD_YES;
}

int api_require(http_request_t *req, http_response_t *resp, int perm, const char *target_body, app_actor_t *out)
{
    app_actor_t a;
    if (!out) out = &a;
    if (resolve(req, resp, out, NULL, NULL) != 0) return -1;
    if (roles_allows(out->role, perm, out->body, target_body)) return 0;
    char detail[256];
    if (out->user_id == 0) {
        snprintf(detail, sizeof detail, "log in or send an API token: '%s' needs an account", roles_perm_name(perm));
        unauthorized(resp, detail);
    } else if (target_body && *target_body) {
        snprintf(detail, sizeof detail, "role '%s' may not %s for body '%.64s'", out->role, roles_perm_name(perm), target_body);
        api_problem(resp, 403, "Forbidden", detail, NULL);
    } else {
        snprintf(detail, sizeof detail, "role '%s' may not %s", out->role, roles_perm_name(perm));
        api_problem(resp, 403, "Forbidden", detail, NULL);
    }
    return -1;
}

static json_t *actor_json(const account_t *u, const char *auth)
{
    return json_pack("{s:s, s:s, s:s, s:o, s:s}", "username", u->username, "display_name", u->display_name,
                     "role", u->role, "body", *u->body ? json_string(u->body) : json_null(), "auth", auth);
}

int api_session_create(http_request_t *req, http_response_t *resp)
{
    static const char *const fields[] = {"username", "password", NULL};
    /* JSON only: a cross-site page can send text/plain or a form without
     * asking (login CSRF), but not application/json */
    const char *ct = http_request_header(req, "Content-Type");
    size_t k = strlen("application/json");
    if (!ct || strncasecmp(ct, "application/json", k) != 0 || (ct[k] && ct[k] != ';' && ct[k] != ' ')) {
        api_problem(resp, 415, "Unsupported media type", "log in with Content-Type: application/json", NULL);
        return 0;
    }
    json_t *in = api_body_object(req, resp, fields);
    if (!in) return 0;
    const char *username = json_string_value(json_object_get(in, "username"));
    const char *password = json_string_value(json_object_get(in, "password"));
    if (!username || !*username || !password || !*password) {
        const char *f = !username || !*username ? "username" : "password";
        char detail[64];
        snprintf(detail, sizeof detail, "%s is required", f);
        api_problem(resp, 422, "Invalid input", detail, f);
        json_decref(in);
        return 0;
    }
    app_login_t login;
    ov_error_t err = {0};
    int rc = app_login(req, username, password, &login, &err);
    json_decref(in);
    if (rc == OV_EFORBIDDEN && login.retry > 0) {
        char ra[32];
        snprintf(ra, sizeof ra, "%lld", login.retry);
        api_problem(resp, 429, "Too many requests", err.message, NULL);
        http_response_header(resp, "Retry-After", ra);
        return 0;
    }
    if (rc == OV_EFORBIDDEN) {
        api_problem(resp, 401, "Unauthorized", "wrong username or password", NULL);
        return 0;
    }
    if (rc != 0) {
        api_problem_from_error(resp, &err);
        return 0;
    }
    json_t *j = actor_json(&login.user, "session");
    json_object_set_new(j, "csrf_token", json_string(login.csrf));
    api_json(resp, 201, j);
    app_session_cookie(req, resp, login.token, ACCOUNTS_SESSION_MAX);
    http_response_header(resp, "Cache-Control", "no-store");
    sodium_memzero(login.token, sizeof login.token);
    return 0;
}

int api_session_delete(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t a;
    char session[ACCOUNTS_TOKEN_SIZE];
    if (resolve(req, resp, &a, NULL, session) != 0) return 0;
    if (!a.via_session) {
        if (a.user_id == 0) unauthorized(resp, "there is no session to end");
        else api_problem(resp, 400, "Bad request", "API tokens have no session; revoke them with 'oversight token revoke'", NULL);
        return 0;
    }
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = accounts_session_end(s, session, &err);
    store_pool_release(app->pool, s);
    sodium_memzero(session, sizeof session);
    if (rc != 0) {
        api_problem_from_error(resp, &err);
        return 0;
    }
    http_response_set(resp, 204, NULL, NULL, 0);
    app_session_cookie(req, resp, "", 0);
    return 0;
}

int api_me(http_request_t *req, http_response_t *resp)
{
    app_t *app = req->app;
    app_actor_t a;
    account_t u;
    char session[ACCOUNTS_TOKEN_SIZE];
    if (resolve(req, resp, &a, &u, session) != 0) return 0;
    if (a.user_id == 0) {
        unauthorized(resp, "not logged in");
        return 0;
    }
    json_t *j = actor_json(&u, a.via_session ? "session" : "token");
    if (a.via_session) {
        /* the page needs the CSRF token again after a reload */
        char csrf[ACCOUNTS_TOKEN_SIZE];
        account_t again;
        ov_error_t err = {0};
        store_t *s = store_pool_acquire(app->pool);
        if (accounts_session_find(s, session, (long long)time(NULL), &again, csrf, &err) == 0)
            json_object_set_new(j, "csrf_token", json_string(csrf));
        store_pool_release(app->pool, s);
    }
    sodium_memzero(session, sizeof session);
    api_json(resp, 200, j);
    http_response_header(resp, "Cache-Control", "no-store");
    return 0;
}
