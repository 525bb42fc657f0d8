/*
 * auth.c: who is calling (Bearer API token or session cookie), permission
 * checks for handlers, and /api/v1/session and /api/v1/me.
 *
 * Cookie sessions are CSRF-protected: every request other than GET/HEAD
 * must echo the session's token in X-CSRF-Token. Bearer requests are not
 * (a browser never adds that header by itself). Secrets are never logged.
 */
#include "api/api.h"
#include "core/roles.h"
#include "store/accounts.h"
#include "store/cache.h"
#include "http/server.h"
#include <pthread.h>
#include <stdint.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define COOKIE_NAME "ov_session"

int api_cookie_session(const char *c, char *out)
{
    size_t k = strlen(COOKIE_NAME);
    out[0] = '\0';
    while (c && *c) {
        while (*c == ' ' || *c == ';') c++;
        const char *end = strchr(c, ';');
        size_t len = end ? (size_t)(end - c) : strlen(c);
        /* an empty value (a cleared cookie) counts as none */
        if (len > k + 1 && strncmp(c, COOKIE_NAME "=", k + 1) == 0) {
            size_t vl = len - k - 1;
            /* an over-long value cannot be a token: keep a marker that matches nothing */
            if (vl >= ACCOUNTS_TOKEN_SIZE) snprintf(out, ACCOUNTS_TOKEN_SIZE, "-");
            else snprintf(out, ACCOUNTS_TOKEN_SIZE, "%.*s", (int)vl, c + k + 1);
            return 1;
        }
        c = end;
    }
    return 0;
}

/* The ov_session value from the Cookie header into out; 0 if absent. */
static int cookie_token(http_request_t *req, char out[ACCOUNTS_TOKEN_SIZE])
{
    return api_cookie_session(http_request_header(req, "Cookie"), out);
}

int api_bearer_token(const char *auth, char *out)
{
    out[0] = '\0';
    if (strncasecmp(auth, "Bearer ", 7) != 0) return -1;
    const char *t = auth + 7;
    while (*t == ' ') t++;
    snprintf(out, ACCOUNTS_TOKEN_SIZE, "%s", strlen(t) < ACCOUNTS_TOKEN_SIZE ? t : "-");
    return 0;
}

static void set_cookie(http_request_t *req, http_response_t *resp, const char *value, long max_age)
{
    const api_app_t *app = req->app;
    char h[256];
    snprintf(h, sizeof h, COOKIE_NAME "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%ld%s", value, max_age,
             app && app->secure_cookies ? "; Secure" : "");
    http_response_header(resp, "Set-Cookie", h);
}

static int is_safe_method(const char *m)
{
    return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

static void unauthorized(http_response_t *resp, const char *detail)
{
    api_problem(resp, 401, "Unauthorized", detail, NULL);
    http_response_header(resp, "WWW-Authenticate", "Bearer realm=\"oversight\"");
}

/* api_actor, also giving the account and, for cookie sessions, the session
 * token and its CSRF token (either may be NULL). */
static int resolve_csrf(http_request_t *req, http_response_t *resp, api_actor_t *out, account_t *acct,
                        char session[ACCOUNTS_TOKEN_SIZE], char csrf_out[ACCOUNTS_TOKEN_SIZE])
{
    api_app_t *app = req->app;
    char token[ACCOUNTS_TOKEN_SIZE], csrf[ACCOUNTS_TOKEN_SIZE] = "";
    account_t u;
    ov_error_t err = {0};
    memset(out, 0, sizeof *out);
    snprintf(out->role, sizeof out->role, "public");
    if (session) session[0] = '\0';
    /* the audit trail's "who" for this thread's request (store.h) */
    store_thread_actor_set("anonymous");

    const char *auth = http_request_header(req, "Authorization");
    int via_session = 0, rc;
    if (auth) {
        if (api_bearer_token(auth, token) != 0) {
            unauthorized(resp, "the Authorization header must be 'Bearer TOKEN' with an API token");
            return -1;
        }
        store_t *s = store_pool_acquire(app->pool);
        rc = accounts_token_find(s, token, (long long)time(NULL), &u, &err);
        store_pool_release(app->pool, s);
    } else if (cookie_token(req, token)) {
        via_session = 1;
        store_t *s = store_pool_acquire(app->pool);
        rc = accounts_session_find(s, token, (long long)time(NULL), &u, csrf, &err);
        store_pool_release(app->pool, s);
    } else {
        return 0;
    }
    if (rc == OV_ENOTFOUND) {
        unauthorized(resp, via_session ? "the session has expired or was ended; log in again"
                                       : "the API token is unknown or revoked");
        if (via_session) set_cookie(req, resp, "", 0);
        sodium_memzero(token, sizeof token);
        return -1;
    }
    if (rc != 0) {
        api_problem_from_error(resp, &err);
        sodium_memzero(token, sizeof token);
        return -1;
    }
    /* csrf_out: an HTML form handler checks the token from its hidden field itself */
    if (csrf_out) snprintf(csrf_out, ACCOUNTS_TOKEN_SIZE, "%s", via_session ? csrf : "");
    if (via_session && !csrf_out && !is_safe_method(req->method)) {
        const char *h = http_request_header(req, "X-CSRF-Token");
        size_t n = strlen(csrf);
        if (!h || strlen(h) != n || n == 0 || sodium_memcmp(h, csrf, n) != 0) {
            api_problem(resp, 403, "Forbidden",
                        "a request with a session cookie must send the session's csrf_token in X-CSRF-Token",
                        "X-CSRF-Token");
            sodium_memzero(token, sizeof token);
            return -1;
        }
    }
    out->user_id = u.id;
    snprintf(out->username, sizeof out->username, "%s", u.username);
    snprintf(out->role, sizeof out->role, "%s", u.role);
    snprintf(out->body, sizeof out->body, "%s", u.body);
    out->via_session = via_session;
    store_thread_actor_set(out->username);
    if (acct) *acct = u;
    if (session && via_session) snprintf(session, ACCOUNTS_TOKEN_SIZE, "%s", token);
    sodium_memzero(token, sizeof token);
    return 0;
}

static int resolve(http_request_t *req, http_response_t *resp, api_actor_t *out, account_t *acct,
                   char session[ACCOUNTS_TOKEN_SIZE])
{
    return resolve_csrf(req, resp, out, acct, session, NULL);
}

int api_actor_form(http_request_t *req, http_response_t *resp, api_actor_t *out, char *csrf, char *session)
{
    csrf[0] = '\0';
    return resolve_csrf(req, resp, out, NULL, session, csrf);
}

void api_session_cookie(http_request_t *req, http_response_t *resp, const char *value, long max_age)
{
    set_cookie(req, resp, value, max_age);
}

int api_actor(http_request_t *req, http_response_t *resp, api_actor_t *out)
{
    api_actor_t a;
    return resolve(req, resp, out ? out : &a, NULL, NULL);
}

/* Bearer tokens found at a data generation (api_actor_at): a small
 * direct-mapped table keyed by a hash of the token (the token itself is not
 * kept), guarded by token_mu. */
#define TOKEN_SLOTS 64
#define TOKEN_RECHECK 60   /* seconds: look up again, so last_used_at moves */
typedef struct {
    int used;
    unsigned char key[crypto_generichash_BYTES];
    char gen[STORE_GEN_MAX];
    long long checked;   /* time of the lookup in the database */
    api_actor_t actor;
} token_entry_t;
static pthread_mutex_t token_mu = PTHREAD_MUTEX_INITIALIZER;
static token_entry_t token_slots[TOKEN_SLOTS];

int api_actor_at(http_request_t *req, http_response_t *resp, api_actor_t *out, const char *gen)
{
    const char *auth = http_request_header(req, "Authorization");
    char token[ACCOUNTS_TOKEN_SIZE];
    if (!auth || !gen || api_bearer_token(auth, token) != 0) return api_actor(req, resp, out);
    unsigned char key[crypto_generichash_BYTES];
    crypto_generichash(key, sizeof key, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_memzero(token, sizeof token);
    token_entry_t *e = &token_slots[key[0] % TOKEN_SLOTS];
    long long now = (long long)time(NULL);
    int hit = 0;
    pthread_mutex_lock(&token_mu);
    if (e->used && sodium_memcmp(e->key, key, sizeof key) == 0 && strcmp(e->gen, gen) == 0
        && now - e->checked < TOKEN_RECHECK && now >= e->checked) {
        *out = e->actor;
        hit = 1;
    }
    pthread_mutex_unlock(&token_mu);
    if (hit) {
        store_thread_actor_set(out->username);
        return 0;
    }
    int rc = api_actor(req, resp, out);
    if (rc == 0 && out->user_id != 0 && !out->via_session) {
        pthread_mutex_lock(&token_mu);
        e->used = 1;
        memcpy(e->key, key, sizeof key);
        snprintf(e->gen, sizeof e->gen, "%s", gen);
        e->checked = now;
        e->actor = *out;
        pthread_mutex_unlock(&token_mu);
    }
    return rc;
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
    api_base_url(req, base, sizeof base);
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
    api_actor_t a;
    http_response_t scratch;
    memset(&scratch, 0, sizeof scratch);
    /* a form's cookie session is checked for CSRF by the handler later;
     * here only who is calling matters */
    char csrf[ACCOUNTS_TOKEN_SIZE];
    int rc = resolve_csrf(req, &scratch, &a, NULL, NULL, csrf);
    free(scratch.body);
    sodium_memzero(csrf, sizeof csrf);
    if (rc != 0 || a.user_id == 0) return HTTP_UPLOAD_NO;
    const char *own = a.body[0] ? a.body : NULL;
    if (!roles_allows(a.role, PERM_PROGRESS, a.body, own) && !roles_allows(a.role, PERM_RECORD, a.body, own))
        return HTTP_UPLOAD_NO;
    if (upload_take(a.user_id) != 0) return HTTP_UPLOAD_BUSY;
    *ticket = (void *)(intptr_t)a.user_id;
    return HTTP_UPLOAD_YES;
}

int api_require(http_request_t *req, http_response_t *resp, int perm, const char *target_body, api_actor_t *out)
{
    api_actor_t a;
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
    api_app_t *app = req->app;
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
    char ip[64], token[ACCOUNTS_TOKEN_SIZE], csrf[ACCOUNTS_TOKEN_SIZE];
    http_request_client_ip(req, ip, sizeof ip);
    account_t u;
    long long retry = 0;
    ov_error_t err = {0};
    store_t *s = store_pool_acquire(app->pool);
    int rc = accounts_login(s, username, password, ip, (long long)time(NULL), &u, token, csrf, &retry, &err);
    store_pool_release(app->pool, s);
    json_decref(in);
    if (rc == OV_EFORBIDDEN && retry > 0) {
        char ra[32];
        snprintf(ra, sizeof ra, "%lld", retry);
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
    json_t *j = actor_json(&u, "session");
    json_object_set_new(j, "csrf_token", json_string(csrf));
    api_json(resp, 201, j);
    set_cookie(req, resp, token, ACCOUNTS_SESSION_MAX);
    http_response_header(resp, "Cache-Control", "no-store");
    sodium_memzero(token, sizeof token);
    return 0;
}

int api_session_delete(http_request_t *req, http_response_t *resp)
{
    api_app_t *app = req->app;
    api_actor_t a;
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
    set_cookie(req, resp, "", 0);
    return 0;
}

int api_me(http_request_t *req, http_response_t *resp)
{
    api_app_t *app = req->app;
    api_actor_t a;
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
