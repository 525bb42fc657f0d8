/*
 * actor.c: who is calling (actor.h): the Bearer API token or the session
 * cookie looked up in the store, the CSRF check of cookie sessions, API
 * tokens remembered per data generation, and the permission checks built
 * on core/roles.h.
 *
 * Cookie sessions are CSRF-protected: every request other than GET/HEAD
 * must echo the session's token in X-CSRF-Token (forms compare a hidden
 * field instead: app_actor_form). Bearer requests are not (a browser never
 * adds that header by itself). Secrets are never logged.
 */
#include "app/actor.h"
#include "app/app.h"
#include "core/roles.h"
#include "store/cache.h"
#include "store/store.h"
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define COOKIE_NAME "ov_session"

int app_cookie_session(const char *c, char *out)
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
    return app_cookie_session(http_request_header(req, "Cookie"), out);
}

int app_bearer_token(const char *auth, char *out)
{
    out[0] = '\0';
    if (strncasecmp(auth, "Bearer ", 7) != 0) return -1;
    const char *t = auth + 7;
    while (*t == ' ') t++;
    snprintf(out, ACCOUNTS_TOKEN_SIZE, "%s", strlen(t) < ACCOUNTS_TOKEN_SIZE ? t : "-");
    return 0;
}

void app_session_cookie(http_request_t *req, http_response_t *resp, const char *value, long max_age)
{
    const app_t *app = req->app;
    char h[256];
    snprintf(h, sizeof h, COOKIE_NAME "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%ld%s", value, max_age,
             app && app->secure_cookies ? "; Secure" : "");
    http_response_header(resp, "Set-Cookie", h);
}

static int is_safe_method(const char *m)
{
    return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

/* A refusal: out back to the anonymous caller, err filled, rc returned. */
static int refuse(app_actor_t *out, ov_error_t *err, int rc, const char *field, const char *detail)
{
    memset(out, 0, sizeof *out);
    snprintf(out->role, sizeof out->role, "public");
    ov_error_set(err, OV_EFORBIDDEN, field, "%s", detail);
    return rc;
}

int app_actor_resolve(http_request_t *req, app_actor_t *out, account_t *acct, char *session, char *csrf_out,
                      ov_error_t *err)
{
    app_t *app = req->app;
    char token[ACCOUNTS_TOKEN_SIZE], csrf[ACCOUNTS_TOKEN_SIZE] = "";
    account_t u;
    ov_error_t local = {0};
    if (!err) err = &local;
    memset(out, 0, sizeof *out);
    snprintf(out->role, sizeof out->role, "public");
    if (session) session[0] = '\0';
    if (csrf_out) csrf_out[0] = '\0';
    /* the audit trail's "who" for this thread's request (store.h) */
    store_thread_actor_set("anonymous");

    const char *auth = http_request_header(req, "Authorization");
    int via_session = 0, rc;
    if (auth) {
        if (app_bearer_token(auth, token) != 0)
            return refuse(out, err, APP_ACTOR_SCHEME, "Authorization",
                          "the Authorization header must be 'Bearer TOKEN' with an API token");
        store_t *s = store_pool_acquire(app->pool);
        rc = accounts_token_find(s, token, (long long)time(NULL), &u, err);
        store_pool_release(app->pool, s);
    } else if (cookie_token(req, token)) {
        via_session = 1;
        store_t *s = store_pool_acquire(app->pool);
        rc = accounts_session_find(s, token, (long long)time(NULL), &u, csrf, err);
        store_pool_release(app->pool, s);
    } else {
        return 0;
    }
    if (rc == OV_ENOTFOUND) {
        sodium_memzero(token, sizeof token);
        return via_session ? refuse(out, err, APP_ACTOR_ENDED, "", "the session has expired or was ended; log in again")
                           : refuse(out, err, APP_ACTOR_UNKNOWN, "", "the API token is unknown or revoked");
    }
    if (rc != 0) {
        sodium_memzero(token, sizeof token);
        return APP_ACTOR_STORE;
    }
    /* csrf_out: an HTML form handler checks the token from its hidden field itself */
    if (csrf_out) snprintf(csrf_out, ACCOUNTS_TOKEN_SIZE, "%s", via_session ? csrf : "");
    if (via_session && !csrf_out && !is_safe_method(req->method)) {
        const char *h = http_request_header(req, "X-CSRF-Token");
        size_t n = strlen(csrf);
        if (!h || strlen(h) != n || n == 0 || sodium_memcmp(h, csrf, n) != 0) {
            sodium_memzero(token, sizeof token);
            return refuse(out, err, APP_ACTOR_CSRF, "X-CSRF-Token",
                          "a request with a session cookie must send the session's csrf_token in X-CSRF-Token");
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

int app_actor(http_request_t *req, app_actor_t *out, ov_error_t *err)
{
    return app_actor_resolve(req, out, NULL, NULL, NULL, err);
}

int app_actor_form(http_request_t *req, app_actor_t *out, char *csrf, char *session, ov_error_t *err)
{
    return app_actor_resolve(req, out, NULL, session, csrf, err);
}

/* Bearer tokens found at a data generation (app_actor_at): a small
 * direct-mapped table keyed by a hash of the token (the token itself is not
 * kept), guarded by token_mu. */
#define TOKEN_SLOTS 64
#define TOKEN_RECHECK 60   /* seconds: look up again, so last_used_at moves */
typedef struct {
    int used;
    unsigned char key[crypto_generichash_BYTES];
    char gen[STORE_GEN_MAX];
    long long checked;   /* time of the lookup in the database */
    app_actor_t actor;
} token_entry_t;
static pthread_mutex_t token_mu = PTHREAD_MUTEX_INITIALIZER;
static token_entry_t token_slots[TOKEN_SLOTS];

int app_actor_at(http_request_t *req, app_actor_t *out, const char *gen, ov_error_t *err)
{
    const char *auth = http_request_header(req, "Authorization");
    char token[ACCOUNTS_TOKEN_SIZE];
    if (!auth || !gen || app_bearer_token(auth, token) != 0) return app_actor(req, out, err);
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
    int rc = app_actor(req, out, err);
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

int app_allowed(const app_actor_t *actor, int perm, const char *body)
{
    return roles_allows(actor->role, perm, actor->body, body && *body ? body : NULL);
}

int app_may_write(const app_actor_t *actor, const entity_def_t *e, const char *body)
{
    return app_allowed(actor, e->perm_write, body) || app_allowed(actor, PERM_RECORD, body);
}

static int actor_may_write(const void *ctx, const entity_def_t *e, const char *body)
{
    return app_may_write(ctx, e, body);
}

store_authz_t app_actor_authz(const app_actor_t *actor)
{
    store_authz_t a = {actor_may_write, actor};
    return a;
}

int app_login(http_request_t *req, const char *username, const char *password, app_login_t *out, ov_error_t *err)
{
    app_t *app = req->app;
    char ip[64];
    http_request_client_ip(req, ip, sizeof ip);
    out->retry = 0;
    store_t *s = store_pool_acquire(app->pool);
    int rc = accounts_login(s, username, password, ip, (long long)time(NULL), &out->user, out->token, out->csrf,
                            &out->retry, err);
    store_pool_release(app->pool, s);
    return rc;
}
