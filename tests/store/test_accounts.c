/* test_accounts.c: users, sessions, API tokens and login throttling on a
 * real SQLite file. Times are passed in, so expiry is tested without
 * waiting. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "store/store.h"
#include "store/accounts.h"
#include "store/audit.h"
#include "store/reference.h"
#include "support/support.h"

#define NOW 1767225600LL   /* 2026-01-01T00:00:00Z */
#define PW "correct horse battery"

typedef struct {
    t_site_t site;       /* a temp dir and a fresh database (site.db) */
    store_t *s;
} fx_t;

static int setup(void **state)
{
    static fx_t fx;
    memset(&fx, 0, sizeof fx);
    if (t_site_init(&fx.site, "t.db", T_SITE_EMPTY) != 0) return -1;
    ov_error_t err = {0};
    if (store_open(fx.site.db, STORE_OPEN_CREATE, &fx.s, &err) != 0) return -1;
    if (store_reference_load_bodies(fx.s, &err) != 0) { fprintf(stderr, "%s\n", err.message); return -1; }
    *state = &fx;
    return 0;
}

static int teardown(void **state)
{
    fx_t *fx = *state;
    store_close(fx->s);
    t_site_stop(&fx->site);
    return 0;
}

static void add(fx_t *fx, const char *username, const char *role, const char *body)
{
    ov_error_t err = {0};
    account_input_t in = {username, role, body, "Test user", PW};
    if (accounts_user_add(fx->s, &in, NULL, &err) != 0) fail_msg("add %s: %s", username, err.message);
}

static int login(fx_t *fx, const char *username, const char *password, const char *ip, long long now,
                 char token[ACCOUNTS_TOKEN_SIZE], long long *retry)
{
    account_t u;
    char csrf[ACCOUNTS_TOKEN_SIZE];
    ov_error_t err = {0};
    return accounts_login(fx->s, username, password, ip, now, &u, token, csrf, retry, &err);
}

/* Notes count failures of username from ip, at times at, at + step, ...,
 * as the login code notes them, in one transaction (quicker than logging
 * in wrongly: no password hashing). */
static void note_failures(fx_t *fx, const char *username, const char *ip, long long at, long long step, int count)
{
    ov_error_t err = {0};
    assert_int_equal(store_begin(fx->s, &err), 0);
    for (int i = 0; i < count; i++)
        assert_int_equal(store_exec(fx->s, NULL, NULL, &err, "INSERT INTO login_attempts (username, ip, at) VALUES (?, ?, ?)",
                                    "ssi", username, ip, at + step * i), 0);
    assert_int_equal(store_commit(fx->s, &err), 0);
}

static void user_add_checks_each_field(void **state)
{
    fx_t *fx = *state;
    struct {
        account_input_t in;
        int status;
        const char *field, *needle;
    } cases[] = {
        {{"", "hmci", NULL, NULL, PW}, OV_EINVALID, "username", "required"},
        {{"Bad Name", "hmci", NULL, NULL, PW}, OV_EINVALID, "username", "lower-case"},
        {{"-dash", "hmci", NULL, NULL, PW}, OV_EINVALID, "username", "lower-case"},
        {{"carol", "root", NULL, NULL, PW}, OV_EINVALID, "role", "root"},
        {{"carol", "public", NULL, NULL, PW}, OV_EINVALID, "role", NULL},
        {{"carol", NULL, NULL, NULL, PW}, OV_EINVALID, "role", NULL},
        {{"carol", "body", NULL, NULL, PW}, OV_EINVALID, "body", "needs the code"},
        {{"carol", "lpb", "", NULL, PW}, OV_EINVALID, "body", "needs the code"},
        {{"carol", "hmci", "met", NULL, PW}, OV_EINVALID, "body", "not tied"},
        {{"carol", "body", "atlantis", NULL, PW}, OV_EINVALID, "body", "atlantis"},
        {{"carol", "hmci", NULL, NULL, "short"}, OV_EINVALID, "password", "at least 10"},
        {{"carol", "hmci", NULL, NULL, NULL}, OV_EINVALID, "password", "at least 10"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ov_error_t err = {0};
        int rc = accounts_user_add(fx->s, &cases[i].in, NULL, &err);
        if (rc != cases[i].status || strcmp(err.field, cases[i].field) != 0
            || (cases[i].needle && !strstr(err.message, cases[i].needle)))
            fail_msg("case %zu: rc %d field '%s' message '%s'", i, rc, err.field, err.message);
    }
    json_t *list = NULL;
    ov_error_t err = {0};
    assert_int_equal(accounts_user_list(fx->s, &list, &err), 0);
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);

    add(fx, "alice", "hmci", NULL);
    account_input_t dup = {"alice", "analyst", NULL, NULL, PW};
    assert_int_equal(accounts_user_add(fx->s, &dup, NULL, &err), OV_ECONFLICT);
    assert_string_equal(err.field, "username");
    add(fx, "metuser", "body", "met");
    account_t u;
    assert_int_equal(accounts_user_get(fx->s, "metuser", &u, &err), 0);
    assert_string_equal(u.role, "body");
    assert_string_equal(u.body, "met");
    assert_string_equal(u.display_name, "Test user");
    assert_int_equal(accounts_user_get(fx->s, "nobody", &u, &err), OV_ENOTFOUND);
    assert_string_equal(err.field, "username");
}

static void secrets_are_stored_hashed(void **state)
{
    fx_t *fx = *state;
    add(fx, "hashy", "analyst", NULL);
    char token[ACCOUNTS_TOKEN_SIZE], api[ACCOUNTS_TOKEN_SIZE];
    long long retry = 0, id = 0;
    ov_error_t err = {0};
    assert_int_equal(login(fx, "hashy", PW, "10.0.0.1", NOW, token, &retry), 0);
    assert_int_equal((int)strlen(token), 64);
    assert_int_equal(accounts_token_create(fx->s, "hashy", "ci", NOW, &id, api, &err), 0);
    assert_int_equal(strncmp(api, "ovt_", 4), 0);
    json_t *row = NULL;
    assert_int_equal(store_query_one(fx->s, &row, &err, "", "SELECT password_hash FROM users WHERE username = 'hashy'", NULL), 0);
    const char *h = json_string_value(json_object_get(row, "password_hash"));
    assert_int_equal(strncmp(h, "$argon2id$", 10), 0);
    assert_null(strstr(h, PW));
    json_decref(row);
    json_t *rows = NULL;
    assert_int_equal(store_query(fx->s, &rows, &err,
        "SELECT token_hash FROM sessions WHERE token_hash = ? UNION ALL SELECT token_hash FROM api_tokens WHERE token_hash = ?",
        "ss", token, api), 0);
    assert_int_equal(json_array_size(rows), 0);
    json_decref(rows);
}

static void login_and_session(void **state)
{
    fx_t *fx = *state;
    add(fx, "bob", "inspector", NULL);
    account_t u;
    char token[ACCOUNTS_TOKEN_SIZE], csrf[ACCOUNTS_TOKEN_SIZE], csrf2[ACCOUNTS_TOKEN_SIZE];
    long long retry = -1;
    ov_error_t err = {0};
    assert_int_equal(accounts_login(fx->s, "bob", PW, "10.0.0.2", NOW, &u, token, csrf, &retry, &err), 0);
    assert_int_equal(retry, 0);
    assert_string_equal(u.username, "bob");
    assert_string_equal(u.role, "inspector");
    assert_int_equal((int)strlen(csrf), 64);
    assert_string_not_equal(token, csrf);

    account_t found;
    assert_int_equal(accounts_session_find(fx->s, token, NOW + 10, &found, csrf2, &err), 0);
    assert_int_equal(found.id, u.id);
    assert_string_equal(csrf2, csrf);
    assert_int_equal(accounts_session_find(fx->s, "0000", NOW, &found, csrf2, &err), OV_ENOTFOUND);
    assert_int_equal(accounts_session_find(fx->s, "", NOW, &found, csrf2, &err), OV_ENOTFOUND);

    /* wrong password and unknown user look the same */
    ov_error_t e1 = {0}, e2 = {0};
    assert_int_equal(accounts_login(fx->s, "bob", "wrong password!", "10.0.0.2", NOW, &u, token, csrf, &retry, &e1), OV_EFORBIDDEN);
    assert_int_equal(retry, 0);
    assert_int_equal(accounts_login(fx->s, "nobody", "wrong password!", "10.0.0.2", NOW, &u, token, csrf, &retry, &e2), OV_EFORBIDDEN);
    assert_string_equal(e1.message, e2.message);
    assert_string_equal(token, "");
}

static void sessions_expire_and_end(void **state)
{
    fx_t *fx = *state;
    add(fx, "dora", "analyst", NULL);
    char t1[ACCOUNTS_TOKEN_SIZE], t2[ACCOUNTS_TOKEN_SIZE], t3[ACCOUNTS_TOKEN_SIZE], csrf[ACCOUNTS_TOKEN_SIZE];
    long long retry;
    account_t u;
    ov_error_t err = {0};
    assert_int_equal(login(fx, "dora", PW, "10.0.0.3", NOW, t1, &retry), 0);
    assert_int_equal(login(fx, "dora", PW, "10.0.0.3", NOW, t2, &retry), 0);
    assert_int_equal(login(fx, "dora", PW, "10.0.0.3", NOW, t3, &retry), 0);
    /* idle: used within 12 h keeps it alive, 12 h without use ends it */
    assert_int_equal(accounts_session_find(fx->s, t1, NOW + ACCOUNTS_SESSION_IDLE - 1, &u, csrf, &err), 0);
    assert_int_equal(accounts_session_find(fx->s, t2, NOW + ACCOUNTS_SESSION_IDLE, &u, csrf, &err), OV_ENOTFOUND);
    assert_int_equal(accounts_session_find(fx->s, t2, NOW, &u, csrf, &err), OV_ENOTFOUND);   /* and it is gone */
    /* maximum age, however busy */
    long long t = NOW;
    for (; t < NOW + ACCOUNTS_SESSION_MAX - 3600; t += 6 * 3600)
        assert_int_equal(accounts_session_find(fx->s, t1, t, &u, csrf, &err), 0);
    assert_int_equal(accounts_session_find(fx->s, t1, NOW + ACCOUNTS_SESSION_MAX, &u, csrf, &err), OV_ENOTFOUND);
    /* logout */
    assert_int_equal(accounts_session_end(fx->s, t3, &err), 0);
    assert_int_equal(accounts_session_find(fx->s, t3, NOW, &u, csrf, &err), OV_ENOTFOUND);
    assert_int_equal(accounts_session_end(fx->s, t3, &err), 0);
}

/* Finding 6 of issue #13: five guesses from anywhere used to lock the
 * account for everyone. Now failures count per username and address. */
static void attacker_elsewhere_does_not_block_the_user(void **state)
{
    fx_t *fx = *state;
    add(fx, "erin", "hmci", NULL);
    char token[ACCOUNTS_TOKEN_SIZE];
    long long retry = 0, t = NOW;
    /* an attacker at A guesses as fast as the delays let it, eight times */
    for (int i = 0; i < 8; i++) {
        int rc = login(fx, "erin", "not the password", "203.0.113.9", t, token, &retry);
        assert_int_equal(rc, OV_EFORBIDDEN);
        if (retry == 0) continue;     /* heard: a failure noted */
        t += retry;                   /* refused unheard: wait as told */
        i--;
    }
    /* A is held off, even with the right password ... */
    assert_int_equal(login(fx, "erin", PW, "203.0.113.9", t, token, &retry), OV_EFORBIDDEN);
    assert_true(retry > 0);
    /* ... but erin at B logs in at once */
    assert_int_equal(login(fx, "erin", PW, "198.51.100.7", t, token, &retry), 0);
    assert_int_equal(retry, 0);
    /* and her success forgave only B's failures: A is still held off */
    assert_int_equal(login(fx, "erin", PW, "203.0.113.9", t, token, &retry), OV_EFORBIDDEN);
    assert_true(retry > 0);
}

static void delays_grow_per_user_and_address(void **state)
{
    fx_t *fx = *state;
    add(fx, "fran", "analyst", NULL);
    char token[ACCOUNTS_TOKEN_SIZE];
    long long retry = 0, t = NOW;
    const char *a = "203.0.113.10";
    for (int i = 0; i < 4; i++) {   /* three mistakes are free; the fourth is heard too */
        assert_int_equal(login(fx, "fran", "not the password", a, t, token, &retry), OV_EFORBIDDEN);
        assert_int_equal(retry, 0);
    }
    /* each further failure doubles the wait before the next attempt is heard */
    long long want[] = {1, 2, 4, 8, 16, 32};
    for (int i = 0; i < 6; i++) {
        assert_int_equal(login(fx, "fran", PW, a, t, token, &retry), OV_EFORBIDDEN);
        assert_int_equal(retry, want[i]);
        /* refused unheard: the refusal adds no failure, the wait runs down */
        assert_int_equal(login(fx, "fran", PW, a, t + want[i] - 1, token, &retry), OV_EFORBIDDEN);
        assert_int_equal(retry, 1);
        t += want[i];
        assert_int_equal(login(fx, "fran", "not the password", a, t, token, &retry), OV_EFORBIDDEN);
        assert_int_equal(retry, 0);
    }
    /* the delay is capped at 15 minutes however long it goes on */
    note_failures(fx, "fran", a, t + 900, 900, 40);
    t += 900 * 40;
    assert_int_equal(login(fx, "fran", "not the password", a, t, token, &retry), OV_EFORBIDDEN);
    assert_int_equal(retry, 900);
    /* a day later the failures are forgotten; the right password is heard */
    t += 86400 + 1;
    assert_int_equal(login(fx, "fran", PW, a, t, token, &retry), 0);
    /* and success forgave them: three free mistakes again */
    for (int i = 0; i < 3; i++) {
        assert_int_equal(login(fx, "fran", "not the password", a, t, token, &retry), OV_EFORBIDDEN);
        assert_int_equal(retry, 0);
    }
}

/* One address spraying guesses across many usernames is slowed (not locked
 * out): past 100 failures in an hour it waits 1, 2, 4 ... up to 60 s per
 * attempt, for every username; other addresses are not affected. */
static void address_spraying_is_delayed(void **state)
{
    fx_t *fx = *state;
    add(fx, "gail", "analyst", NULL);
    const char *c = "192.0.2.44";
    /* 100 failures for 100 usernames */
    char name[32];
    for (int i = 0; i < 100; i++) {
        snprintf(name, sizeof name, "guess%d", i);
        note_failures(fx, name, c, NOW - 100 + i, 0, 1);
    }
    char token[ACCOUNTS_TOKEN_SIZE];
    long long retry = 0;
    /* the 101st is still heard (a fresh username: no per-user delay) */
    assert_int_equal(login(fx, "guess100", "not the password", c, NOW, token, &retry), OV_EFORBIDDEN);
    assert_int_equal(retry, 0);
    /* now every username from c waits a second, the real one too */
    assert_int_equal(login(fx, "gail", PW, c, NOW, token, &retry), OV_EFORBIDDEN);
    assert_int_equal(retry, 1);
    /* another address is not slowed */
    assert_int_equal(login(fx, "gail", PW, "192.0.2.45", NOW, token, &retry), 0);
    /* the delay grows with more failures but stays at a minute */
    long long t = NOW + 60;
    note_failures(fx, "spray", c, t - 59, 1, 60);
    assert_int_equal(login(fx, "gail", PW, c, t, token, &retry), OV_EFORBIDDEN);
    assert_int_equal(retry, 60);
    /* after the wait, the right password from c is heard: a delay, not a lockout */
    assert_int_equal(login(fx, "gail", PW, c, t + 60, token, &retry), 0);
}

static void tokens_disable_and_passwd(void **state)
{
    fx_t *fx = *state;
    add(fx, "gina", "hmci", NULL);
    char api[ACCOUNTS_TOKEN_SIZE], api2[ACCOUNTS_TOKEN_SIZE], sess[ACCOUNTS_TOKEN_SIZE], csrf[ACCOUNTS_TOKEN_SIZE];
    long long id = 0, id2 = 0, retry;
    account_t u;
    ov_error_t err = {0};
    assert_int_equal(accounts_token_create(fx->s, "gina", "ci", NOW, &id, api, &err), 0);
    assert_int_equal(accounts_token_create(fx->s, "gina", NULL, NOW, &id2, api2, &err), 0);
    assert_string_not_equal(api, api2);
    char none[ACCOUNTS_TOKEN_SIZE];
    long long none_id = 0;
    assert_int_equal(accounts_token_create(fx->s, "nobody", NULL, NOW, &none_id, none, &err), OV_ENOTFOUND);
    assert_string_equal(none, "");
    assert_int_equal(accounts_token_find(fx->s, api, NOW, &u, &err), 0);
    assert_string_equal(u.username, "gina");
    assert_string_equal(u.role, "hmci");
    assert_int_equal(accounts_token_find(fx->s, "ovt_0123", NOW, &u, &err), OV_ENOTFOUND);
    assert_int_equal(accounts_token_find(fx->s, "", NOW, &u, &err), OV_ENOTFOUND);

    assert_int_equal(accounts_token_revoke(fx->s, id, NOW, &err), 0);
    assert_int_equal(accounts_token_find(fx->s, api, NOW, &u, &err), OV_ENOTFOUND);
    assert_int_equal(accounts_token_revoke(fx->s, id, NOW, &err), 0);
    assert_int_equal(accounts_token_revoke(fx->s, 999999, NOW, &err), OV_ENOTFOUND);
    assert_int_equal(accounts_token_find(fx->s, api2, NOW, &u, &err), 0);

    /* a new password ends sessions and revokes the API tokens (issue #13,
     * finding 7), audited, in one transaction; the old password stops working */
    assert_int_equal(login(fx, "gina", PW, "10.3.0.1", NOW, sess, &retry), 0);
    int revoked = -1;
    assert_int_equal(accounts_user_set_password(fx->s, "gina", "short", NOW, &revoked, &err), OV_EINVALID);
    assert_string_equal(err.field, "password");
    assert_int_equal(revoked, 0);
    assert_int_equal(accounts_token_find(fx->s, api2, NOW, &u, &err), 0);   /* a refusal revokes nothing */
    json_t *trail = NULL;
    assert_int_equal(store_audit_list(fx->s, "api-tokens", id2, 0, &trail, &err), 0);
    size_t entries = json_array_size(trail);
    json_decref(trail);
    assert_int_equal(accounts_user_set_password(fx->s, "gina", "a brand new password", NOW + 5, &revoked, &err), 0);
    assert_int_equal(revoked, 1);   /* api2; api was revoked already */
    assert_int_equal(accounts_token_find(fx->s, api2, NOW, &u, &err), OV_ENOTFOUND);
    assert_int_equal(store_audit_list(fx->s, "api-tokens", id2, 0, &trail, &err), 0);
    assert_int_equal(json_array_size(trail), entries + 1);
    json_t *last = json_array_get(trail, entries);
    assert_string_equal(json_string_value(json_object_get(last, "action")), "revoke");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(last, "after"), "revoked_at")), NOW + 5);
    json_decref(trail);
    assert_int_equal(accounts_session_find(fx->s, sess, NOW, &u, csrf, &err), OV_ENOTFOUND);
    assert_int_equal(login(fx, "gina", PW, "10.3.0.1", NOW, sess, &retry), OV_EFORBIDDEN);
    assert_int_equal(login(fx, "gina", "a brand new password", "10.3.0.1", NOW, sess, &retry), 0);
    /* a token made after the change works */
    char api3[ACCOUNTS_TOKEN_SIZE];
    long long id3 = 0;
    assert_int_equal(accounts_token_create(fx->s, "gina", "new", NOW, &id3, api3, &err), 0);
    assert_int_equal(accounts_token_find(fx->s, api3, NOW, &u, &err), 0);

    /* disabling ends sessions, stops tokens and logins */
    assert_int_equal(accounts_user_disable(fx->s, "gina", &err), 0);
    assert_int_equal(accounts_session_find(fx->s, sess, NOW, &u, csrf, &err), OV_ENOTFOUND);
    assert_int_equal(accounts_token_find(fx->s, api3, NOW, &u, &err), OV_ENOTFOUND);
    assert_int_equal(login(fx, "gina", "a brand new password", "10.3.0.1", NOW, sess, &retry), OV_EFORBIDDEN);
    assert_int_equal(retry, 0);
    assert_int_equal(accounts_token_create(fx->s, "gina", NULL, NOW, &none_id, none, &err), OV_ECONFLICT);
    assert_int_equal(accounts_user_disable(fx->s, "nobody", &err), OV_ENOTFOUND);

    json_t *list = NULL;
    assert_int_equal(accounts_user_list(fx->s, &list, &err), 0);
    size_t i;
    json_t *r;
    int seen = 0;
    json_array_foreach(list, i, r) {
        if (strcmp(json_string_value(json_object_get(r, "username")), "gina") != 0) continue;
        seen = 1;
        assert_int_equal(json_integer_value(json_object_get(r, "disabled")), 1);
        assert_int_equal(json_integer_value(json_object_get(r, "tokens")), 1);
        assert_null(json_object_get(r, "password_hash"));
    }
    assert_true(seen);
    json_decref(list);
}

static void demo_users(void **state)
{
    fx_t *fx = *state;
    ov_error_t err = {0};
    assert_int_equal(accounts_add_demo_users(fx->s, &err), 0);
    int n = 0;
    for (const account_demo_t *d = accounts_demo_users; d->username; d++, n++) {
        account_t u;
        assert_int_equal(accounts_user_get(fx->s, d->username, &u, &err), 0);
        assert_string_equal(u.role, d->role);
        assert_string_equal(u.body, d->body ? d->body : "");
        assert_int_equal(accounts_password_check(d->password, &err), 0);
    }
    assert_int_equal(n, 6);
    char token[ACCOUNTS_TOKEN_SIZE];
    long long retry;
    assert_int_equal(login(fx, "hmci", "hmci-demo-2026", "10.4.0.1", NOW, token, &retry), 0);
    /* a second time conflicts and adds nothing */
    assert_int_equal(accounts_add_demo_users(fx->s, &err), OV_ECONFLICT);
    assert_non_null(strstr(err.message, "admin"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(user_add_checks_each_field), cmocka_unit_test(secrets_are_stored_hashed),
        cmocka_unit_test(login_and_session), cmocka_unit_test(sessions_expire_and_end),
        cmocka_unit_test(attacker_elsewhere_does_not_block_the_user),
        cmocka_unit_test(delays_grow_per_user_and_address), cmocka_unit_test(address_spraying_is_delayed),
        cmocka_unit_test(tokens_disable_and_passwd),
        cmocka_unit_test(demo_users),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
