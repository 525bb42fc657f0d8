/* test_audit.c: the audit trail on a real SQLite file: changes produce
 * entries with who, before and after, in the change's transaction; the
 * chain verifies; an entry edited or deleted behind the triggers' back (raw
 * sqlite3, triggers dropped) is found by verify with its id; no secrets. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include "store/store.h"
#include "store/audit.h"
#include "store/entity.h"
#include "store/accounts.h"
#include "store/reference.h"
#include "support/support.h"

typedef struct {
    char dir[256], path[300], url[310];
    store_t *s;
} fx_t;

static int setup(void **state)
{
    static fx_t fx;
    memset(&fx, 0, sizeof fx);
    if (t_mkdtemp(fx.dir) != 0) return -1;
    snprintf(fx.path, sizeof fx.path, "%s/a.db", fx.dir);
    snprintf(fx.url, sizeof fx.url, "sqlite:%s", fx.path);
    ov_error_t err = {0};
    if (store_open(fx.url, STORE_OPEN_CREATE, &fx.s, &err) != 0) return -1;
    store_set_actor(fx.s, "loader");
    if (store_reference_load_bodies(fx.s, &err) != 0) { fprintf(stderr, "%s\n", err.message); return -1; }
    store_set_actor(fx.s, "tester");
    *state = &fx;
    return 0;
}

static int teardown(void **state)
{
    fx_t *fx = *state;
    store_close(fx->s);
    store_thread_actor_set(NULL);
    t_rmdir(fx->dir);
    return 0;
}

static long long count(fx_t *fx, const char *sql)
{
    json_t *row = NULL;
    ov_error_t err = {0};
    assert_int_equal(store_query_one(fx->s, &row, &err, "", sql, NULL), 0);
    long long n = json_integer_value(json_object_get(row, "n"));
    json_decref(row);
    return n;
}

static long long insert_inspection(fx_t *fx, const char *title)
{
    const entity_def_t *e = entity_find("inspections");
    json_t *in = json_pack("{s:s, s:s, s:s}", "body", "kent", "kind", "thematic", "title", title);
    long long id = 0;
    ov_error_t err = {0};
    int rc = store_entity_insert(fx->s, e, in, &id, &err);
    if (rc) fprintf(stderr, "%s\n", err.message);
    assert_int_equal(rc, 0);
    json_decref(in);
    return id;
}

/* The last entry of entity/id. New reference. */
static json_t *last_entry(fx_t *fx, const char *entity, long long id)
{
    json_t *rows = NULL;
    ov_error_t err = {0};
    assert_int_equal(store_audit_list(fx->s, entity, id, 0, &rows, &err), 0);
    assert_true(json_array_size(rows) > 0);
    json_t *r = json_incref(json_array_get(rows, json_array_size(rows) - 1));
    json_decref(rows);
    return r;
}

static void verify_ok(fx_t *fx, long long *entries)
{
    audit_verify_t v;
    ov_error_t err = {0};
    assert_int_equal(store_audit_verify(fx->s, &v, &err), 0);
    if (v.bad_id) fail_msg("entry %lld: %s", v.bad_id, v.reason);
    assert_int_equal(strlen(v.head), 64);
    if (entries) *entries = v.entries;
}

static void changes_have_before_and_after(void **state)
{
    fx_t *fx = *state;
    /* reference data was audited as it was loaded */
    assert_true(count(fx, "SELECT count(*) AS n FROM audit_log WHERE entity = 'bodies' AND actor = 'loader'") >= 40);
    long long before_n = count(fx, "SELECT count(*) AS n FROM audit_log");
    long long id = insert_inspection(fx, "Child exploitation");
    json_t *e = last_entry(fx, "inspections", id);
    assert_string_equal(json_string_value(json_object_get(e, "action")), "insert");
    assert_string_equal(json_string_value(json_object_get(e, "actor")), "tester");
    assert_string_equal(json_string_value(json_object_get(e, "body")), "kent");
    assert_true(json_is_null(json_object_get(e, "before")));
    assert_string_equal(json_string_value(json_object_get(json_object_get(e, "after"), "title")), "Child exploitation");
    json_decref(e);

    /* an update: before is the old row, after the new one */
    json_t *set = json_pack("{s:s}", "title", "Child exploitation (revised)");
    ov_error_t err = {0};
    assert_int_equal(store_entity_update(fx->s, entity_find("inspections"), id, 1, set, &err), 0);
    json_decref(set);
    e = last_entry(fx, "inspections", id);
    assert_string_equal(json_string_value(json_object_get(e, "action")), "update");
    json_t *b = json_object_get(e, "before"), *a = json_object_get(e, "after");
    assert_string_equal(json_string_value(json_object_get(b, "title")), "Child exploitation");
    assert_int_equal(json_integer_value(json_object_get(b, "version")), 1);
    assert_string_equal(json_string_value(json_object_get(a, "title")), "Child exploitation (revised)");
    assert_int_equal(json_integer_value(json_object_get(a, "version")), 2);
    json_decref(e);
    assert_int_equal(count(fx, "SELECT count(*) AS n FROM audit_log"), before_n + 2);

    /* a refused change writes no entry (same transaction) */
    set = json_pack("{s:s}", "title", "stale");
    assert_int_equal(store_entity_update(fx->s, entity_find("inspections"), id, 1, set, &err), OV_ESTALE);
    json_decref(set);
    assert_int_equal(count(fx, "SELECT count(*) AS n FROM audit_log"), before_n + 2);

    /* the thread's actor is used when the connection has none */
    store_set_actor(fx->s, NULL);
    store_thread_actor_set("api-user");
    id = insert_inspection(fx, "Second");
    e = last_entry(fx, "inspections", id);
    assert_string_equal(json_string_value(json_object_get(e, "actor")), "api-user");
    json_decref(e);
    store_thread_actor_set(NULL);
    id = insert_inspection(fx, "Third");
    e = last_entry(fx, "inspections", id);
    assert_string_equal(json_string_value(json_object_get(e, "actor")), "system");
    json_decref(e);
    verify_ok(fx, NULL);
}

static void accounts_without_secrets(void **state)
{
    fx_t *fx = *state;
    ov_error_t err = {0};
    account_input_t in = {"auditee", "inspector", NULL, "Auditee", "a long enough password"};
    long long uid = 0;
    assert_int_equal(accounts_user_add(fx->s, &in, &uid, &err), 0);
    assert_int_equal(accounts_user_set_password(fx->s, "auditee", "another long password", &err), 0);
    char token[ACCOUNTS_TOKEN_SIZE];
    long long tid = 0;
    assert_int_equal(accounts_token_create(fx->s, "auditee", "t", 1000, &tid, token, &err), 0);
    assert_int_equal(accounts_token_revoke(fx->s, tid, 2000, &err), 0);
    assert_int_equal(accounts_user_disable(fx->s, "auditee", &err), 0);
    json_t *rows = NULL;
    assert_int_equal(store_audit_list(fx->s, "users", uid, 0, &rows, &err), 0);
    assert_int_equal(json_array_size(rows), 3);   /* insert, password_change, disable */
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "action")), "password_change");
    json_t *d = json_array_get(rows, 2);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(d, "before"), "disabled")), 0);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(d, "after"), "disabled")), 1);
    json_decref(rows);
    assert_int_equal(store_audit_list(fx->s, "api-tokens", tid, 0, &rows, &err), 0);
    assert_int_equal(json_array_size(rows), 2);   /* insert, revoke */
    json_decref(rows);
    /* no hash of a password or token, nor the token itself, anywhere in the trail */
    assert_int_equal(count(fx, "SELECT count(*) AS n FROM audit_log WHERE before LIKE '%argon2%' OR after LIKE '%argon2%'"
                               " OR before LIKE '%password_hash%' OR after LIKE '%password_hash%'"
                               " OR before LIKE '%token_hash%' OR after LIKE '%token_hash%'"), 0);
    json_t *hit = NULL;
    assert_int_equal(store_query_one(fx->s, &hit, &err, "", "SELECT count(*) AS n FROM audit_log WHERE instr(after, ?) > 0",
                                     "s", token), 0);
    assert_int_equal(json_integer_value(json_object_get(hit, "n")), 0);
    json_decref(hit);
    verify_ok(fx, NULL);
}

static void triggers_refuse_changes(void **state)
{
    fx_t *fx = *state;
    ov_error_t err = {0};
    assert_int_not_equal(store_exec(fx->s, NULL, NULL, &err, "UPDATE audit_log SET actor = 'mallory' WHERE id = 1", NULL), 0);
    assert_non_null(strstr(err.message, "append-only"));
    assert_int_not_equal(store_exec(fx->s, NULL, NULL, &err, "DELETE FROM audit_log WHERE id = 1", NULL), 0);
    verify_ok(fx, NULL);
}

/* Runs sql on a separate raw connection (a DBA at the sqlite3 prompt). */
static void raw(fx_t *fx, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", sql, msg);
    sqlite3_close(db);
}

static void verify_finds_edit(void **state)
{
    fx_t *fx = *state;
    insert_inspection(fx, "To be tampered with");
    long long n = 0;
    verify_ok(fx, &n);
    assert_true(n > 10);
    raw(fx, "DROP TRIGGER audit_log_no_update;"
            "UPDATE audit_log SET after = replace(after, '\"version\":1', '\"version\":9') WHERE id = 7");
    assert_int_equal(count(fx, "SELECT count(*) AS n FROM audit_log WHERE id = 7 AND after LIKE '%\"version\":9%'"), 1);
    audit_verify_t v;
    ov_error_t err = {0};
    assert_int_equal(store_audit_verify(fx->s, &v, &err), 0);
    assert_int_equal(v.bad_id, 7);
    assert_int_equal(v.entries, 6);
    assert_non_null(strstr(v.reason, "hash"));

    /* recomputing that entry's own hash moves the break to the next entry */
    json_t *row = NULL;
    assert_int_equal(store_query_one(fx->s, &row, &err, "", "SELECT * FROM audit_log WHERE id = 7", NULL), 0);
    char h[AUDIT_HASH_HEX], sql[300];
    json_t *eid = json_object_get(row, "entity_id"), *bid = json_object_get(row, "body_id");
    audit_entry_hash(7, json_string_value(json_object_get(row, "at")), json_string_value(json_object_get(row, "actor")),
                     json_string_value(json_object_get(row, "action")), json_string_value(json_object_get(row, "entity")),
                     json_is_integer(eid) ? json_integer_value(eid) : 0, json_is_integer(bid) ? json_integer_value(bid) : 0,
                     json_string_value(json_object_get(row, "before")), json_string_value(json_object_get(row, "after")),
                     json_string_value(json_object_get(row, "prev_hash")), h);
    json_decref(row);
    snprintf(sql, sizeof sql, "UPDATE audit_log SET hash = '%s' WHERE id = 7", h);
    raw(fx, sql);
    assert_int_equal(store_audit_verify(fx->s, &v, &err), 0);
    assert_int_equal(v.bad_id, 8);
    assert_non_null(strstr(v.reason, "prev_hash"));
}

static void verify_finds_deletion(void **state)
{
    fx_t *fx = *state;
    verify_ok(fx, NULL);
    raw(fx, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 12");
    audit_verify_t v;
    ov_error_t err = {0};
    assert_int_equal(store_audit_verify(fx->s, &v, &err), 0);
    assert_int_equal(v.bad_id, 12);
    assert_non_null(strstr(v.reason, "missing"));
}

static void verify_finds_forged_append(void **state)
{
    fx_t *fx = *state;
    /* a row added after the head with a made-up hash */
    raw(fx, "INSERT INTO audit_log (id, at, actor, action, entity, prev_hash, hash)"
            " SELECT max(id) + 1, '2020-01-01T00:00:00Z', 'mallory', 'insert', 'bodies', 'x', 'y' FROM audit_log");
    long long last = count(fx, "SELECT max(id) AS n FROM audit_log");
    audit_verify_t v;
    ov_error_t err = {0};
    assert_int_equal(store_audit_verify(fx->s, &v, &err), 0);
    assert_int_equal(v.bad_id, last);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(changes_have_before_and_after, setup, teardown),
        cmocka_unit_test_setup_teardown(accounts_without_secrets, setup, teardown),
        cmocka_unit_test_setup_teardown(triggers_refuse_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(verify_finds_edit, setup, teardown),
        cmocka_unit_test_setup_teardown(verify_finds_deletion, setup, teardown),
        cmocka_unit_test_setup_teardown(verify_finds_forged_append, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
