/*
 * accounts.h: users, login sessions, API tokens and login throttling.
 *
 * Secrets never reach the database: passwords are stored as Argon2id
 * strings (libsodium crypto_pwhash_str), session and API tokens as the hex
 * BLAKE2b hash of a random 32-byte token that only the client holds. Times
 * are Unix seconds passed in by the caller (`now`), so expiry and
 * throttling are testable.
 */
#ifndef OV_STORE_ACCOUNTS_H
#define OV_STORE_ACCOUNTS_H
#include "store/store.h"

#define ACCOUNTS_PASSWORD_MIN 10
#define ACCOUNTS_PASSWORD_MAX 1024
#define ACCOUNTS_USERNAME_MAX 63
#define ACCOUNTS_TOKEN_SIZE 80              /* buffer for a token as text, NUL included */
#define ACCOUNTS_SESSION_IDLE (12 * 3600)   /* a session unused this long ends */
#define ACCOUNTS_SESSION_MAX (7 * 86400)    /* and none lives longer than this */

typedef struct account {
    long long id;
    char username[64];
    char display_name[128];
    char role[16];          /* core/roles.h; never "public" */
    char body[64];          /* body code for roles body and lpb, else "" */
    int disabled;
} account_t;

/* A new user (strings borrowed). body is required for roles body and lpb
 * and refused for the others; display_name may be NULL. */
typedef struct account_input {
    const char *username;
    const char *role;
    const char *body;
    const char *display_name;
    const char *password;
} account_input_t;

/* OV_EINVALID (field "password") unless password has ACCOUNTS_PASSWORD_MIN
 * to ACCOUNTS_PASSWORD_MAX characters. */
int accounts_password_check(const char *password, ov_error_t *err);

/* Adds a user; *id (may be NULL) is its id. OV_EINVALID naming the field,
 * OV_ECONFLICT if the username is taken. */
int accounts_user_add(store_t *s, const account_input_t *in, long long *id, ov_error_t *err);
/* The user called username, or OV_ENOTFOUND. */
int accounts_user_get(store_t *s, const char *username, account_t *out, ov_error_t *err);
/* Sets a new password, ends the user's sessions and revokes their API
 * tokens (revoked_at = now, each audited as a "revoke"), all in one
 * transaction (the caller's when one is open): whoever held the old
 * password or a token issued under it is shut out. *tokens_revoked (may be
 * NULL) is the number of tokens revoked. */
int accounts_user_set_password(store_t *s, const char *username, const char *password, long long now,
                               int *tokens_revoked, ov_error_t *err);
/* Disables the user and ends their sessions; their API tokens stop working. */
int accounts_user_disable(store_t *s, const char *username, ov_error_t *err);
/* All users as a new JSON array of {id, username, display_name, role, body,
 * disabled, created_at, tokens} (tokens: active API tokens). Caller
 * json_decref. */
int accounts_user_list(store_t *s, json_t **out, ov_error_t *err);

/* Checks username and password and starts a session. On success fills user,
 * token (give to the client, never log) and csrf. Returns OV_EFORBIDDEN with
 * *retry_after = 0 for a wrong username or password or a disabled account
 * (one message for all; the failure is noted for username from ip), or
 * OV_EFORBIDDEN with *retry_after > 0 (seconds) while the delay earned by
 * recent failures of this username from this ip (core/throttle.h
 * throttle_pair) or from this ip for any username (throttle_address) runs;
 * then the password is not checked at all. Failures from other addresses
 * never delay this one. Success forgives the username's failures from ip. */
int accounts_login(store_t *s, const char *username, const char *password, const char *ip, long long now,
                   account_t *user, char token[ACCOUNTS_TOKEN_SIZE], char csrf[ACCOUNTS_TOKEN_SIZE],
                   long long *retry_after, ov_error_t *err);
/* The live session for token: fills user and csrf and notes the use.
 * OV_ENOTFOUND if unknown, expired (idle or maximum age) or the user is
 * disabled. */
int accounts_session_find(store_t *s, const char *token, long long now, account_t *user,
                          char csrf[ACCOUNTS_TOKEN_SIZE], ov_error_t *err);
/* Ends the session for token (no error if there was none). */
int accounts_session_end(store_t *s, const char *token, ov_error_t *err);

/* Creates an API token for username, labelled name (may be NULL). The token
 * text is returned once in token; only its hash is kept. */
int accounts_token_create(store_t *s, const char *username, const char *name, long long now, long long *id,
                          char token[ACCOUNTS_TOKEN_SIZE], ov_error_t *err);
/* The user of an unrevoked token, noting its use. OV_ENOTFOUND if unknown,
 * revoked, or the user is disabled. */
int accounts_token_find(store_t *s, const char *token, long long now, account_t *user, ov_error_t *err);
/* Revokes token id (no error if already revoked); OV_ENOTFOUND if none. */
int accounts_token_revoke(store_t *s, long long id, long long now, ov_error_t *err);

/* The demo accounts, with fixed passwords published in the README: for the
 * demo database only. Ends with an all-NULL entry. */
typedef struct account_demo {
    const char *username, *password, *role, *body, *display_name;
} account_demo_t;
extern const account_demo_t accounts_demo_users[];

/* Adds accounts_demo_users (in one transaction unless one is open). */
int accounts_add_demo_users(store_t *s, ov_error_t *err);

#endif
