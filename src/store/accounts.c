/*
 * accounts.c: SQL for users, sessions, API tokens and login throttling
 * (see accounts.h for what is stored and why).
 */
#include "store/accounts.h"
#include "store/audit.h"
#include "core/roles.h"
#include "core/throttle.h"
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define USER_COLUMNS \
    "u.id, u.username, u.display_name, u.role, COALESCE(b.code, '') AS body, u.disabled"
#define USER_FROM " FROM users u LEFT JOIN bodies b ON b.id = u.body_id"
#define API_TOKEN_PREFIX "ovt_"

const account_demo_t accounts_demo_users[] = {
    {"admin", "admin-demo-2026", "admin", NULL, "Demo administrator"},
    {"hmci", "hmci-demo-2026", "hmci", NULL, "HM Chief Inspector (demo)"},
    {"hmi", "hmi-demo-2026", "inspector", NULL, "HM Inspector (demo)"},
    {"analyst", "analyst-demo-2026", "analyst", NULL, "Analyst (demo)"},
    {"met", "met-demo-2026", "body", "met", "Metropolitan Police Service (demo)"},
    {"mopac", "mopac-demo-2026", "lpb", "met", "Mayor's Office for Policing and Crime (demo)"},
    {NULL, NULL, NULL, NULL, NULL},
};

static int crypto_ready(ov_error_t *err)
{
    if (sodium_init() < 0) return ov_error_set(err, OV_EINTERNAL, "", "libsodium failed to initialise");
    return 0;
}

/* A fresh random token as hex (64 characters) after prefix. */
static void random_token(const char *prefix, char out[ACCOUNTS_TOKEN_SIZE])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    size_t n = strlen(prefix);
    memcpy(out, prefix, n);
    sodium_bin2hex(out + n, ACCOUNTS_TOKEN_SIZE - n, raw, sizeof raw);
    sodium_memzero(raw, sizeof raw);
}

/* What is stored for a token: hex BLAKE2b-256 of its text. */
static void token_hash(const char *token, char out[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, 65, h, sizeof h);
}

static void fill_user(const json_t *row, account_t *u)
{
    memset(u, 0, sizeof *u);
    u->id = json_integer_value(json_object_get(row, "id"));
    snprintf(u->username, sizeof u->username, "%s", json_string_value(json_object_get(row, "username")));
    const char *dn = json_string_value(json_object_get(row, "display_name"));
    snprintf(u->display_name, sizeof u->display_name, "%s", dn ? dn : "");
    snprintf(u->role, sizeof u->role, "%s", json_string_value(json_object_get(row, "role")));
    const char *b = json_string_value(json_object_get(row, "body"));
    snprintf(u->body, sizeof u->body, "%s", b ? b : "");
    u->disabled = (int)json_integer_value(json_object_get(row, "disabled"));
}

int accounts_password_check(const char *password, ov_error_t *err)
{
    size_t n = password ? strlen(password) : 0;
    if (n < ACCOUNTS_PASSWORD_MIN)
        return ov_error_set(err, OV_EINVALID, "password", "the password must have at least %d characters (it has %zu)",
                            ACCOUNTS_PASSWORD_MIN, n);
    if (n > ACCOUNTS_PASSWORD_MAX)
        return ov_error_set(err, OV_EINVALID, "password", "the password must have at most %d characters",
                            ACCOUNTS_PASSWORD_MAX);
    return 0;
}

static int hash_password(const char *password, char out[crypto_pwhash_STRBYTES], ov_error_t *err)
{
    if (crypto_ready(err) != 0) return OV_EINTERNAL;
    if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return ov_error_set(err, OV_EINTERNAL, "", "out of memory while hashing the password");
    return 0;
}

static int username_check(const char *u, ov_error_t *err)
{
    size_t n = u ? strlen(u) : 0;
    if (n == 0) return ov_error_set(err, OV_EINVALID, "username", "username is required");
    if (n > ACCOUNTS_USERNAME_MAX)
        return ov_error_set(err, OV_EINVALID, "username", "username must have at most %d characters", ACCOUNTS_USERNAME_MAX);
    for (size_t i = 0; i < n; i++) {
        char c = u[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (i > 0 && (c == '.' || c == '_' || c == '-'));
        if (!ok)
            return ov_error_set(err, OV_EINVALID, "username",
                                "username '%.64s' may use only lower-case letters, digits, '.', '_' and '-' "
                                "(starting with a letter or digit)", u);
    }
    return 0;
}

/* Audits a change of row id of table (store/audit.h drops the password and
 * token hashes); `before` NULL for an insert. */
static int audit(store_t *s, const char *action, const char *entity, const char *table, long long id,
                 const json_t *before, ov_error_t *err)
{
    json_t *after = NULL;
    int rc = store_audit_snapshot(s, table, id, &after, err);
    if (rc == 0) rc = store_audit_append(s, action, entity, id, 0, before, after, err);
    json_decref(after);
    return rc;
}

int accounts_user_add(store_t *s, const account_input_t *in, long long *id, ov_error_t *err)
{
    int rc = username_check(in->username, err);
    if (rc != 0) return rc;
    if (!in->role || !roles_valid(in->role) || strcmp(in->role, "public") == 0)
        return ov_error_set(err, OV_EINVALID, "role", "role '%s' is not one of admin, hmci, inspector, analyst, body, lpb",
                            in->role ? in->role : "");
    int scoped = strcmp(in->role, "body") == 0 || strcmp(in->role, "lpb") == 0;
    int has_body = in->body && *in->body;
    if (scoped && !has_body)
        return ov_error_set(err, OV_EINVALID, "body", "role '%s' needs the code of its body (--body CODE)", in->role);
    if (!scoped && has_body)
        return ov_error_set(err, OV_EINVALID, "body", "role '%s' is not tied to a body; leave out the body", in->role);
    if (in->display_name && strlen(in->display_name) > 127)
        return ov_error_set(err, OV_EINVALID, "name", "the display name must have at most 127 characters");
    if ((rc = accounts_password_check(in->password, err)) != 0) return rc;

    long long body_id = 0;
    if (scoped) {
        json_t *b = NULL;
        char what[160];
        snprintf(what, sizeof what, "no body with code '%.64s'", in->body);
        rc = store_query_one(s, &b, err, what, "SELECT id FROM bodies WHERE code = ?", "s", in->body);
        if (rc == OV_ENOTFOUND) return ov_error_set(err, OV_EINVALID, "body", "no body with code '%.64s'", in->body);
        if (rc != 0) return rc;
        body_id = json_integer_value(json_object_get(b, "id"));
        json_decref(b);
    }
    json_t *exists = NULL;
    if (store_query_one(s, &exists, NULL, NULL, "SELECT id FROM users WHERE username = ?", "s", in->username) == 0) {
        json_decref(exists);
        return ov_error_set(err, OV_ECONFLICT, "username", "a user called '%s' already exists", in->username);
    }
    char hash[crypto_pwhash_STRBYTES];
    if ((rc = hash_password(in->password, hash, err)) != 0) return rc;
    json_t *params = json_pack("[s, s, s, s]", in->username, in->display_name ? in->display_name : "", in->role, hash);
    json_array_append_new(params, body_id ? json_integer(body_id) : json_null());
    long long new_id = 0;
    store_tx_t tx;
    rc = store_tx_begin(s, &tx, err);
    if (rc == 0)
        rc = store_exec_params(s, NULL, &new_id, err,
            "INSERT INTO users (username, display_name, role, password_hash, body_id) VALUES (?, ?, ?, ?, ?)", params);
    if (rc == 0) rc = audit(s, "insert", "users", "users", new_id, NULL, err);
    rc = store_tx_end(s, &tx, rc, err);
    if (rc == 0 && id) *id = new_id;
    json_decref(params);
    sodium_memzero(hash, sizeof hash);
    return rc;
}

int accounts_user_get(store_t *s, const char *username, account_t *out, ov_error_t *err)
{
    json_t *row = NULL;
    char what[160];
    snprintf(what, sizeof what, "no user called '%.64s'", username ? username : "");
    int rc = store_query_one(s, &row, err, what, "SELECT " USER_COLUMNS USER_FROM " WHERE u.username = ?", "s", username);
    if (rc == OV_ENOTFOUND && err) snprintf(err->field, sizeof err->field, "username");
    if (rc != 0) return rc;
    fill_user(row, out);
    json_decref(row);
    return 0;
}

/* Revokes every live API token of user_id at `now`, one audited "revoke"
 * per token, inside the caller's transaction; *n tokens revoked. */
static int revoke_user_tokens(store_t *s, long long user_id, long long now, int *n, ov_error_t *err)
{
    json_t *rows = NULL;
    *n = 0;
    int rc = store_query(s, &rows, err, "SELECT id FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL ORDER BY id",
                         "i", user_id);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        if (rc) break;
        long long id = json_integer_value(json_object_get(r, "id"));
        json_t *before = NULL;
        rc = store_audit_snapshot(s, "api_tokens", id, &before, err);
        if (rc == 0)
            rc = store_exec(s, NULL, NULL, err, "UPDATE api_tokens SET revoked_at = ? WHERE id = ?", "ii", now, id);
        if (rc == 0) rc = audit(s, "revoke", "api-tokens", "api_tokens", id, before, err);
        json_decref(before);
        if (rc == 0) (*n)++;
    }
    json_decref(rows);
    if (rc) *n = 0;
    return rc;
}

/* A change to user id that ends its sessions: begins the transaction and
 * takes the row's audit snapshot into *before; on failure nothing is left
 * open. */
static int user_change_begin(store_t *s, store_tx_t *tx, long long id, json_t **before, ov_error_t *err)
{
    int rc = store_tx_begin(s, tx, err);
    if (rc) return rc;
    rc = store_audit_snapshot(s, "users", id, before, err);
    return rc ? store_tx_end(s, tx, rc, err) : 0;
}

/* Ends the user's sessions and audits the change as action. */
static int user_change_end(store_t *s, long long id, const char *action, const json_t *before, ov_error_t *err)
{
    int rc = store_exec(s, NULL, NULL, err, "DELETE FROM sessions WHERE user_id = ?", "i", id);
    return rc ? rc : audit(s, action, "users", "users", id, before, err);
}

int accounts_user_set_password(store_t *s, const char *username, const char *password, long long now,
                               int *tokens_revoked, ov_error_t *err)
{
    account_t u;
    int revoked = 0;
    if (tokens_revoked) *tokens_revoked = 0;
    int rc = accounts_password_check(password, err);
    if (rc == 0) rc = accounts_user_get(s, username, &u, err);
    if (rc != 0) return rc;
    char hash[crypto_pwhash_STRBYTES];
    if ((rc = hash_password(password, hash, err)) != 0) return rc;
    store_tx_t tx;
    json_t *before = NULL;
    if ((rc = user_change_begin(s, &tx, u.id, &before, err)) != 0) goto done;
    rc = store_exec(s, NULL, NULL, err,
        "UPDATE users SET password_hash = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?",
        "si", hash, u.id);
    if (rc == 0) rc = user_change_end(s, u.id, "password_change", before, err);
    /* a token issued under the old password may be what was stolen: it dies
     * with it, in the same transaction */
    if (rc == 0) rc = revoke_user_tokens(s, u.id, now, &revoked, err);
    json_decref(before);
    rc = store_tx_end(s, &tx, rc, err);
    if (rc == 0 && tokens_revoked) *tokens_revoked = revoked;
done:
    sodium_memzero(hash, sizeof hash);
    return rc;
}

int accounts_user_disable(store_t *s, const char *username, ov_error_t *err)
{
    account_t u;
    int rc = accounts_user_get(s, username, &u, err);
    if (rc != 0) return rc;
    store_tx_t tx;
    json_t *before = NULL;
    if ((rc = user_change_begin(s, &tx, u.id, &before, err)) != 0) return rc;
    rc = store_exec(s, NULL, NULL, err,
        "UPDATE users SET disabled = 1, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?", "i", u.id);
    if (rc == 0) rc = user_change_end(s, u.id, "disable", before, err);
    json_decref(before);
    return store_tx_end(s, &tx, rc, err);
}

int accounts_user_list(store_t *s, json_t **out, ov_error_t *err)
{
    return store_query(s, out, err,
        "SELECT " USER_COLUMNS ", u.created_at,"
        "       (SELECT count(*) FROM api_tokens t WHERE t.user_id = u.id AND t.revoked_at IS NULL) AS tokens"
        USER_FROM " ORDER BY u.username", NULL);
}

/* Raises *wait to the seconds the caller must still wait under policy p,
 * given the failures the query counts (n) and the latest of them (last).
 * sql takes the key(s) then the window's start. */
static int throttle_check(store_t *s, const throttle_policy_t *p, const char *sql, const char *user, const char *ip,
                          long long now, long long *wait, ov_error_t *err)
{
    json_t *row = NULL;
    int rc = user ? store_query_one(s, &row, err, "", sql, "ssi", user, ip, now - p->window)
                  : store_query_one(s, &row, err, "", sql, "si", ip, now - p->window);
    if (rc != 0) return rc;
    long long w = throttle_wait(p, json_integer_value(json_object_get(row, "n")),
                                json_integer_value(json_object_get(row, "last")), now);
    json_decref(row);
    if (w > *wait) *wait = w;
    return 0;
}

/* The failures that slow this attempt: this username from this address
 * (guessing one account), and this address for any username (spraying).
 * Failures for the username from other addresses do not count, so nobody
 * can lock a user out by guessing from elsewhere. */
static int throttled(store_t *s, const char *name, const char *ip, long long now, long long *wait, ov_error_t *err)
{
    int rc = throttle_check(s, &throttle_pair,
                            "SELECT count(*) AS n, COALESCE(max(at), 0) AS last FROM login_attempts"
                            " WHERE username = ? AND ip = ? AND at > ?", name, ip, now, wait, err);
    if (rc == 0)
        rc = throttle_check(s, &throttle_address,
                            "SELECT count(*) AS n, COALESCE(max(at), 0) AS last FROM login_attempts"
                            " WHERE ip = ? AND at > ?", NULL, ip, now, wait, err);
    return rc;
}

/* A hash to verify against when the user does not exist, so a wrong
 * username costs the same time as a wrong password. */
static char DUMMY_HASH[crypto_pwhash_STRBYTES];
static void dummy_hash_init(void)
{
    if (crypto_pwhash_str(DUMMY_HASH, "no such user, no such password", 30, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        DUMMY_HASH[0] = '\0';
}

/* Notes a failure of name (already cut to ACCOUNTS_USERNAME_MAX) from ip. */
static int bad_login(store_t *s, const char *name, const char *ip, long long now, ov_error_t *err)
{
    ov_error_t ignore = {0};
    long long oldest = throttle_pair.window > throttle_address.window ? throttle_pair.window : throttle_address.window;
    store_exec(s, NULL, NULL, &ignore, "DELETE FROM login_attempts WHERE at < ?", "i", now - oldest);
    int rc = store_exec(s, NULL, NULL, err, "INSERT INTO login_attempts (username, ip, at) VALUES (?, ?, ?)", "ssi",
                        name, ip, now);
    if (rc != 0) return rc;
    return ov_error_set(err, OV_EFORBIDDEN, "", "wrong username or password");
}

static int session_start(store_t *s, long long user_id, long long now, char token[ACCOUNTS_TOKEN_SIZE],
                         char csrf[ACCOUNTS_TOKEN_SIZE], ov_error_t *err)
{
    char hash[65];
    random_token("", token);
    random_token("", csrf);
    token_hash(token, hash);
    int rc = store_exec(s, NULL, NULL, err,
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?, ?)", "sisiii", hash, user_id, csrf, now, now, now + ACCOUNTS_SESSION_MAX);
    if (rc != 0) {
        sodium_memzero(token, ACCOUNTS_TOKEN_SIZE);
        sodium_memzero(csrf, ACCOUNTS_TOKEN_SIZE);
    }
    return rc;
}

int accounts_login(store_t *s, const char *username, const char *password, const char *ip, long long now,
                   account_t *user, char token[ACCOUNTS_TOKEN_SIZE], char csrf[ACCOUNTS_TOKEN_SIZE],
                   long long *retry_after, ov_error_t *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    *retry_after = 0;
    token[0] = csrf[0] = '\0';
    if (!username) username = "";
    if (!password) password = "";
    if (!ip) ip = "";
    if (crypto_ready(err) != 0) return OV_EINTERNAL;
    pthread_once(&once, dummy_hash_init);

    /* failures are kept under the name as stored (cut like a username) */
    char name[ACCOUNTS_USERNAME_MAX + 1];
    snprintf(name, sizeof name, "%s", username);
    int rc = throttled(s, name, ip, now, retry_after, err);
    if (rc != 0) return rc;
    if (*retry_after > 0)
        return ov_error_set(err, OV_EFORBIDDEN, "", "too many failed logins; try again in %lld seconds", *retry_after);

    json_t *row = NULL;
    rc = store_query_one(s, &row, NULL, "", "SELECT " USER_COLUMNS ", u.password_hash" USER_FROM " WHERE u.username = ?",
                         "s", username);
    size_t plen = strlen(password);
    if (rc != 0) {
        if (rc != OV_ENOTFOUND) return ov_error_set(err, rc, "", "cannot read the user table");
        if (DUMMY_HASH[0] && plen <= ACCOUNTS_PASSWORD_MAX) {
            int spent = crypto_pwhash_str_verify(DUMMY_HASH, password, plen);
            (void)spent;
        }
        return bad_login(s, name, ip, now, err);
    }
    const char *hash = json_string_value(json_object_get(row, "password_hash"));
    int ok = plen <= ACCOUNTS_PASSWORD_MAX && hash && crypto_pwhash_str_verify(hash, password, plen) == 0;
    fill_user(row, user);
    json_decref(row);
    if (!ok || user->disabled) {
        memset(user, 0, sizeof *user);
        return bad_login(s, name, ip, now, err);
    }
    /* success forgives this address's failures for the user, not an attacker's elsewhere */
    rc = store_exec(s, NULL, NULL, err, "DELETE FROM login_attempts WHERE username = ? AND ip = ?", "ss", name, ip);
    if (rc == 0) rc = session_start(s, user->id, now, token, csrf, err);
    return rc;
}

/* The row sql selects by the hash of token (into hash), when token looks
 * like one (starts with prefix, fits ACCOUNTS_TOKEN_SIZE); else, or when
 * there is no row, OV_ENOTFOUND with the message `what`. */
static int token_row(store_t *s, const char *token, const char *prefix, const char *what, const char *sql,
                     char hash[65], json_t **row, ov_error_t *err)
{
    if (!token || !*token || strncmp(token, prefix, strlen(prefix)) != 0 || strlen(token) >= ACCOUNTS_TOKEN_SIZE)
        return ov_error_set(err, OV_ENOTFOUND, "", "%s", what);
    token_hash(token, hash);
    return store_query_one(s, row, err, what, sql, "s", hash);
}

int accounts_session_find(store_t *s, const char *token, long long now, account_t *user,
                          char csrf[ACCOUNTS_TOKEN_SIZE], ov_error_t *err)
{
    char hash[65];
    json_t *row = NULL;
    int rc = token_row(s, token, "", "no such session",
        "SELECT " USER_COLUMNS ", s.csrf_token, s.last_seen_at, s.expires_at"
        "  FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN bodies b ON b.id = u.body_id"
        " WHERE s.token_hash = ?", hash, &row, err);
    if (rc != 0) return rc;
    long long seen = json_integer_value(json_object_get(row, "last_seen_at"));
    long long expires = json_integer_value(json_object_get(row, "expires_at"));
    fill_user(row, user);
    snprintf(csrf, ACCOUNTS_TOKEN_SIZE, "%s", json_string_value(json_object_get(row, "csrf_token")));
    json_decref(row);
    if (now >= expires || now - seen >= ACCOUNTS_SESSION_IDLE || user->disabled) {
        ov_error_t ignore = {0};
        store_exec(s, NULL, NULL, &ignore, "DELETE FROM sessions WHERE token_hash = ?", "s", hash);
        memset(user, 0, sizeof *user);
        csrf[0] = '\0';
        return ov_error_set(err, OV_ENOTFOUND, "", "the session has expired; log in again");
    }
    /* note the use at most once a minute, to spare writes */
    if (now - seen >= 60)
        return store_exec(s, NULL, NULL, err, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", "is", now, hash);
    return 0;
}

int accounts_session_end(store_t *s, const char *token, ov_error_t *err)
{
    char hash[65];
    if (!token || strlen(token) >= ACCOUNTS_TOKEN_SIZE) return 0;
    token_hash(token, hash);
    return store_exec(s, NULL, NULL, err, "DELETE FROM sessions WHERE token_hash = ?", "s", hash);
}

int accounts_token_create(store_t *s, const char *username, const char *name, long long now, long long *id,
                          char token[ACCOUNTS_TOKEN_SIZE], ov_error_t *err)
{
    account_t u;
    char hash[65];
    token[0] = '\0';
    if (name && strlen(name) > 100) return ov_error_set(err, OV_EINVALID, "name", "the token name must have at most 100 characters");
    int rc = crypto_ready(err);
    if (rc == 0) rc = accounts_user_get(s, username, &u, err);
    if (rc != 0) return rc;
    if (u.disabled) return ov_error_set(err, OV_ECONFLICT, "username", "user '%s' is disabled", u.username);
    random_token(API_TOKEN_PREFIX, token);
    token_hash(token, hash);
    long long new_id = 0;
    store_tx_t tx;
    rc = store_tx_begin(s, &tx, err);
    if (rc == 0)
        rc = store_exec(s, NULL, &new_id, err,
                        "INSERT INTO api_tokens (token_hash, name, user_id, created_at) VALUES (?, ?, ?, ?)",
                        "ssii", hash, name ? name : "", u.id, now);
    if (rc == 0) rc = audit(s, "insert", "api-tokens", "api_tokens", new_id, NULL, err);
    rc = store_tx_end(s, &tx, rc, err);
    if (rc == 0 && id) *id = new_id;
    if (rc != 0) sodium_memzero(token, ACCOUNTS_TOKEN_SIZE);
    return rc;
}

int accounts_token_find(store_t *s, const char *token, long long now, account_t *user, ov_error_t *err)
{
    char hash[65];
    json_t *row = NULL;
    int rc = token_row(s, token, API_TOKEN_PREFIX, "no such API token",
        "SELECT " USER_COLUMNS ", t.id AS token_id, t.last_used_at"
        "  FROM api_tokens t JOIN users u ON u.id = t.user_id LEFT JOIN bodies b ON b.id = u.body_id"
        " WHERE t.token_hash = ? AND t.revoked_at IS NULL", hash, &row, err);
    if (rc != 0) return rc;
    long long tid = json_integer_value(json_object_get(row, "token_id"));
    json_t *lu = json_object_get(row, "last_used_at");
    long long last = json_is_integer(lu) ? json_integer_value(lu) : -1000000;
    fill_user(row, user);
    json_decref(row);
    if (user->disabled) {
        memset(user, 0, sizeof *user);
        return ov_error_set(err, OV_ENOTFOUND, "", "no such API token");
    }
    if (now - last >= 60)
        return store_exec(s, NULL, NULL, err, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", "ii", now, tid);
    return 0;
}

int accounts_token_revoke(store_t *s, long long id, long long now, ov_error_t *err)
{
    json_t *row = NULL;
    char what[80];
    snprintf(what, sizeof what, "no API token with id %lld", id);
    int rc = store_query_one(s, &row, err, what, "SELECT id FROM api_tokens WHERE id = ?", "i", id);
    if (rc == OV_ENOTFOUND && err) snprintf(err->field, sizeof err->field, "id");
    if (rc != 0) return rc;
    json_decref(row);
    json_t *before = NULL;
    long long changes = 0;
    store_tx_t tx;
    rc = store_tx_begin(s, &tx, err);
    if (rc == 0) rc = store_audit_snapshot(s, "api_tokens", id, &before, err);
    if (rc == 0)
        rc = store_exec(s, &changes, NULL, err, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                        "ii", now, id);
    if (rc == 0 && changes) rc = audit(s, "revoke", "api-tokens", "api_tokens", id, before, err);
    json_decref(before);
    return store_tx_end(s, &tx, rc, err);
}

int accounts_add_demo_users(store_t *s, ov_error_t *err)
{
    store_tx_t tx;
    int rc = store_tx_begin(s, &tx, err);
    for (const account_demo_t *d = accounts_demo_users; rc == 0 && d->username; d++) {
        account_input_t in = {d->username, d->role, d->body, d->display_name, d->password};
        rc = accounts_user_add(s, &in, NULL, err);
        if (rc != 0) ov_error_prefix(err, "demo user '%s': ", d->username);
    }
    return store_tx_end(s, &tx, rc, err);
}
