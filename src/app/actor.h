/*
 * actor.h: who is calling (an API token or a session cookie) and what they
 * may do, for the JSON API (src/api) and the pages and forms (src/web)
 * alike.
 *
 * These functions decide and say why; they write no response body. A
 * refusal comes back as an enum app_actor_refusal with err->message in
 * words: the API answers it as a 401/403 problem (api_actor, src/api/auth.c),
 * a page treats the caller as an anonymous visitor (src/web/page.c).
 * Secrets are never logged.
 */
#ifndef OV_APP_ACTOR_H
#define OV_APP_ACTOR_H
#include "http/http.h"
#include "store/accounts.h"
#include "store/entity.h"
#include "core/error.h"

/* The caller, as found by app_actor. */
typedef struct app_actor {
    long long user_id;        /* 0 = anonymous */
    char username[64];
    char role[16];            /* see core/roles.h; "public" when anonymous */
    char body[64];            /* body code for roles body and lpb, else "" */
    int via_session;          /* 1: cookie session (CSRF checked on writes); 0: Bearer token or none */
} app_actor_t;

/* Why app_actor refused the credentials (its negative returns). */
enum app_actor_refusal {
    APP_ACTOR_SCHEME = -1,    /* Authorization is not "Bearer TOKEN" (HTTP 401) */
    APP_ACTOR_UNKNOWN = -2,   /* the API token is unknown or revoked (401) */
    APP_ACTOR_ENDED = -3,     /* the session expired or was ended (401; the cookie is stale) */
    APP_ACTOR_CSRF = -4,      /* a cookie session's write without its X-CSRF-Token (403; err->field) */
    APP_ACTOR_STORE = -5,     /* the store failed looking the caller up: err as it said */
};

/* Identifies the caller from "Authorization: Bearer TOKEN" or the session
 * cookie into out. No credentials: role "public", returns 0. Bad, expired
 * or disabled credentials: an enum app_actor_refusal, with err (may be
 * NULL) saying why; out is then the anonymous caller. A cookie session on
 * a non-GET request must carry its CSRF token in X-CSRF-Token, else
 * APP_ACTOR_CSRF. Sets the audit trail's "who" for this thread
 * (store_thread_actor_set). */
int app_actor(http_request_t *req, app_actor_t *out, ov_error_t *err);

/* app_actor, also giving the account (acct, may be NULL) and, for a cookie
 * session, its session token (session, ACCOUNTS_TOKEN_SIZE bytes, may be
 * NULL; "" otherwise). With csrf (ACCOUNTS_TOKEN_SIZE bytes) non-NULL, the
 * X-CSRF-Token header is not checked and csrf gets the cookie session's
 * CSRF token ("" otherwise), for a caller that compares it itself. */
int app_actor_resolve(http_request_t *req, app_actor_t *out, account_t *acct, char *session, char *csrf,
                      ov_error_t *err);

/* For HTML forms (src/web): app_actor without the X-CSRF-Token check (a
 * form sends its token in a hidden field, which the caller must compare);
 * csrf (ACCOUNTS_TOKEN_SIZE bytes) gets a cookie session's CSRF token, ""
 * otherwise; session (the same size, may be NULL) its session token. */
int app_actor_form(http_request_t *req, app_actor_t *out, char *csrf, char *session, ov_error_t *err);

/* app_actor for a read at data generation gen (store_pool_generation, read
 * before this call): an API token found at gen is remembered for that
 * generation, so repeated Bearer reads skip the token lookup. Revoking a
 * token and disabling or changing a user are audited, which moves the
 * generation, so a remembered token never outlives a change to it on any
 * server; last_used_at is still written at most once a minute per server.
 * Unknown tokens are never remembered. Session cookies (their idle expiry
 * and logout are not audited) are always looked up. */
int app_actor_at(http_request_t *req, app_actor_t *out, const char *gen, ov_error_t *err);

/* The parsers app_actor uses (exposed for fuzz/fuzz_headers.c), into out
 * (ACCOUNTS_TOKEN_SIZE bytes, always a string). app_cookie_session: the
 * ov_session value of a Cookie header (NULL: none); 1 if there, "-" (matches
 * no session) when too long for a token; 0 if absent or empty.
 * app_bearer_token: the token of "Bearer TOKEN" (scheme in any case, spaces
 * skipped; "-" when too long); 0, or -1 for another scheme. */
int app_cookie_session(const char *cookie, char *out);
int app_bearer_token(const char *authorization, char *out);

/* Sets the session cookie (value, max_age seconds; "" and 0 clear it) with
 * the flags of POST /api/v1/session: HttpOnly, SameSite=Strict, Secure
 * with --secure-cookies (app_t.secure_cookies). */
void app_session_cookie(http_request_t *req, http_response_t *resp, const char *value, long max_age);

/* 1 if actor may do perm on body (NULL or "" = no body). */
/* What a login gives: the account, the new session's token and its CSRF
 * token (secrets: sodium_memzero them when done), and the wait in seconds
 * when attempts are throttled. */
typedef struct {
    account_t user;
    char token[ACCOUNTS_TOKEN_SIZE], csrf[ACCOUNTS_TOKEN_SIZE];
    long long retry;
} app_login_t;

/* accounts_login for username from the request's client address, now,
 * into *out. Returns accounts_login's status. */
int app_login(http_request_t *req, const char *username, const char *password, app_login_t *out, ov_error_t *err);

int app_allowed(const app_actor_t *actor, int perm, const char *body);

/* 1 if actor may write rows of e for body (NULL or "" = no body): the
 * entity's own permission or PERM_RECORD, scoped as core/roles.h says. */
int app_may_write(const app_actor_t *actor, const entity_def_t *e, const char *body);

/* The store's authoriser (store/entity.h) for actor: app_may_write, asked
 * inside every insert and update for the row's body before and after and
 * for every row it refers to. Borrows actor, which must outlive its use. */
store_authz_t app_actor_authz(const app_actor_t *actor);

#endif
