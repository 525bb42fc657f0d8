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
#include "store/record.h"
#include "store/bodies.h"
#include "store/letters.h"
#include "store/evidence.h"
#include "support/support.h"

typedef struct {
    t_site_t site;       /* a temp dir and a fresh database (site.db; site.path its SQLite file) */
    store_t *s;
} fx_t;

static int setup(void **state)
{
    static fx_t fx;
    memset(&fx, 0, sizeof fx);
    if (t_site_init(&fx.site, "a.db", T_SITE_EMPTY) != 0) return -1;
    ov_error_t err = {0};
    if (store_open(fx.site.db, STORE_OPEN_CREATE, &fx.s, &err) != 0) return -1;
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
    t_site_stop(&fx->site);
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
    int rc = store_entity_insert(fx->s, e, in, &store_authz_system, &id, &err);
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
    assert_int_equal(store_entity_update(fx->s, entity_find("inspections"), id, 1, set, &store_authz_system, &err), 0);
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
    assert_int_equal(store_entity_update(fx->s, entity_find("inspections"), id, 1, set, &store_authz_system, &err), OV_ESTALE);
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

/* Inserts a row of entity name from a JSON text; returns its id. */
static long long insert_row(fx_t *fx, const char *name, const char *json)
{
    json_t *in = json_loads(json, 0, NULL);
    assert_non_null(in);
    long long id = 0;
    ov_error_t err = {0};
    int rc = store_entity_insert(fx->s, entity_find(name), in, &store_authz_system, &id, &err);
    if (rc) fail_msg("%s: %s (%s)", name, err.message, err.field);
    json_decref(in);
    return id;
}

/* The number of entries of entity/id with action; and the newest one's
 * actor must be `actor`. */
static void expect_entry(fx_t *fx, const char *entity, long long id, const char *action, const char *actor)
{
    json_t *rows = NULL;
    ov_error_t err = {0};
    assert_int_equal(store_audit_list(fx->s, entity, id, 0, &rows, &err), 0);
    json_t *hit = NULL, *r;
    size_t i;
    json_array_foreach(rows, i, r)
        if (strcmp(json_string_value(json_object_get(r, "action")), action) == 0) hit = r;
    if (!hit) fail_msg("no '%s' entry for %s %lld", action, entity, id);
    assert_string_equal(json_string_value(json_object_get(hit, "actor")), actor);
    assert_non_null(json_string_value(json_object_get(hit, "at")));
    assert_true(json_is_object(json_object_get(hit, "after")));
    json_decref(rows);
}

/* Every write path of the store appends an entry with its action, in the
 * change's transaction: generic insert/update, a recommendation's status,
 * a deadline revision, closing a cause, a phase decision, a letter's
 * insert (with who drafted it), approval and publication, an evidence
 * file, accounts. */
static void every_write_path_is_audited(void **state)
{
    fx_t *fx = *state;
    ov_error_t err = {0};
    long long insp = insert_inspection(fx, "Audited inspection");
    expect_entry(fx, "inspections", insp, "insert", "tester");
    char j[400];
    snprintf(j, sizeof j, "{\"body\":\"kent\",\"inspection_id\":%lld,\"text\":\"A cause\",\"issued_on\":\"2025-01-01\"}", insp);
    long long cause = insert_row(fx, "causes-of-concern", j);
    expect_entry(fx, "causes-of-concern", cause, "insert", "tester");
    snprintf(j, sizeof j,
             "{\"body\":\"kent\",\"cause_id\":%lld,\"number\":\"1\",\"addressee\":\"Chief Constable\",\"text\":\"Do it\","
             "\"issued_on\":\"2025-01-01\",\"deadline\":\"2025-06-30\"}", cause);
    long long rec = insert_row(fx, "recommendations", j);
    expect_entry(fx, "recommendations", rec, "insert", "tester");
    json_t *set = json_pack("{s:s}", "addressee", "The Chief Constable");
    assert_int_equal(store_entity_update(fx->s, entity_find("recommendations"), rec, 1, set, &store_authz_system, &err), 0);
    json_decref(set);
    expect_entry(fx, "recommendations", rec, "update", "tester");

    long long rev = 0;
    deadline_input_t d = {"2025-09-30", "more time", "HMI", "2025-05-01"};
    if (store_deadline_revise(fx->s, rec, 2, &d, &rev, &err)) fail_msg("revise: %s", err.message);
    expect_entry(fx, "recommendations", rec, "deadline_revision", "tester");
    expect_entry(fx, "deadline-revisions", rev, "insert", "tester");

    record_actor_t inspector = {1, 1};
    long long revisit = insert_row(fx, "revisits", "{\"body\":\"kent\",\"title\":\"Revisit\",\"started_on\":\"2025-07-01\"}");
    expect_entry(fx, "revisits", revisit, "insert", "tester");
    record_closure_t closure = {.outcome = "implemented", .reason = "Seen at the revisit", .revisit_id = revisit};
    rec_status_input_t st = {.to = "closed", .on = "2025-08-01", .by = "tester", .closure = &closure};
    if (store_rec_set_status(fx->s, rec, 3, &st, &inspector, &err)) fail_msg("status: %s", err.message);
    expect_entry(fx, "recommendations", rec, "status", "tester");
    cause_close_input_t cc = {"2025-08-02", "tester", 0, 0, NULL, &closure, NULL};
    if (store_cause_close(fx->s, cause, 1, &cc, &inspector, &err)) fail_msg("close: %s", err.message);
    expect_entry(fx, "causes-of-concern", cause, "close", "tester");

    odate_t today;
    date_parse("2026-01-01", &today);
    decision_input_t dec = {.to_phase = "engage", .decided_by = "HMCI", .effective_on = "2025-11-02",
                            .rationale = "Causes of concern"};
    json_t *created = NULL;
    if (store_decision_record(fx->s, "kent", &dec, &today, -1, &created, &err)) fail_msg("decision: %s", err.message);
    long long dec_id = json_integer_value(json_object_get(created, "id"));
    json_decref(created);
    expect_entry(fx, "decisions", dec_id, "insert", "tester");
    json_t *kent = NULL;
    assert_int_equal(store_body_get(fx->s, "kent", &kent, &err), 0);
    expect_entry(fx, "bodies", json_integer_value(json_object_get(kent, "id")), "phase_change", "tester");
    json_decref(kent);

    /* a letter: who drafted it is in the insert's own entry */
    long long letter = insert_row(fx, "letters", "{\"body\":\"kent\",\"kind\":\"move_to_engage\",\"created_by\":\"tester\"}");
    json_t *rows = NULL;
    assert_int_equal(store_audit_list(fx->s, "letters", letter, 0, &rows, &err), 0);
    assert_int_equal(json_array_size(rows), 1);
    assert_string_equal(json_string_value(json_object_get(json_object_get(json_array_get(rows, 0), "after"), "created_by")),
                        "tester");
    json_decref(rows);
    if (store_letter_transition(fx->s, letter, 1, "draft", "approved", "{}", "hmi", &err)) fail_msg("approve: %s", err.message);
    expect_entry(fx, "letters", letter, "approved", "tester");
    if (store_letter_transition(fx->s, letter, 2, "approved", "published", NULL, "hmi", &err)) fail_msg("publish: %s", err.message);
    expect_entry(fx, "letters", letter, "published", "tester");

    snprintf(j, sizeof j, "{\"body\":\"kent\",\"recommendation_id\":%lld,\"submitted_on\":\"2025-07-01\","
             "\"author\":\"Kent\",\"text\":\"Done\"}", rec);
    long long pu = insert_row(fx, "progress-updates", j);
    json_t *file = NULL;
    if (store_evidence_add(fx->s, pu, "plan.txt", "text/plain", "evidence", 8, "tester", &file, &err))
        fail_msg("evidence: %s", err.message);
    expect_entry(fx, "evidence-files", json_integer_value(json_object_get(file, "id")), "insert", "tester");
    json_decref(file);

    account_input_t acct = {"audited", "analyst", NULL, "Audited", "a long enough password"};
    long long uid = 0;
    assert_int_equal(accounts_user_add(fx->s, &acct, &uid, &err), 0);
    expect_entry(fx, "users", uid, "insert", "tester");
    verify_ok(fx, NULL);
}

static void accounts_without_secrets(void **state)
{
    fx_t *fx = *state;
    ov_error_t err = {0};
    account_input_t in = {"auditee", "inspector", NULL, "Auditee", "a long enough password"};
    long long uid = 0;
    assert_int_equal(accounts_user_add(fx->s, &in, &uid, &err), 0);
    assert_int_equal(accounts_user_set_password(fx->s, "auditee", "another long password", 1000, NULL, &err), 0);
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
    assert_int_equal(store_query_one(fx->s, &hit, &err, "", "SELECT count(*) AS n FROM audit_log WHERE replace(after, ?, '') <> after",
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

/* Runs sql on a separate raw connection (a DBA at the sqlite3 or psql
 * prompt). On PostgreSQL each ';'-separated statement runs alone, and
 * "DROP TRIGGER name" gets its table ("ON audit_log"). */
static void raw(fx_t *fx, const char *sql)
{
    if (t_db_pg()) {
        store_t *dba = NULL;
        ov_error_t err = {0};
        assert_int_equal(store_open(fx->site.db, STORE_OPEN_EXISTING, &dba, &err), 0);
        char *copy = strdup(sql);
        for (char *tok = strtok(copy, ";"); tok; tok = strtok(NULL, ";")) {
            char one[600];
            snprintf(one, sizeof one, "%s%s", tok, strstr(tok, "DROP TRIGGER") ? " ON audit_log" : "");
            if (store_exec(dba, NULL, NULL, &err, one, NULL) != 0) fail_msg("%s: %s", one, err.message);
        }
        free(copy);
        store_close(dba);
        return;
    }
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(fx->site.path, &db), SQLITE_OK);
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
        cmocka_unit_test_setup_teardown(every_write_path_is_audited, setup, teardown),
        cmocka_unit_test_setup_teardown(accounts_without_secrets, setup, teardown),
        cmocka_unit_test_setup_teardown(triggers_refuse_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(verify_finds_edit, setup, teardown),
        cmocka_unit_test_setup_teardown(verify_finds_deletion, setup, teardown),
        cmocka_unit_test_setup_teardown(verify_finds_forged_append, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
