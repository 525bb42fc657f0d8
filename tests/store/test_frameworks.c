/* test_frameworks.c: migration 012 upgrades a database made by the release
 * before it (migrations up to 011) with nothing lost: its bodies, their
 * phases and decisions stay as they were, Scan and Engage become the levels
 * of the framework 'scan-engage', and the model read back (store_phase_model)
 * is the one the rules had before, now with descriptions and who recommends.
 * Then a framework is loaded (store_framework_load) all or nothing. And
 * migration 015 (bodies at run time, national bodies, post holders, the HMI
 * monitoring group) upgrades a database made by the release before it
 * (migrations up to 012) with a record in it: nothing lost, every body
 * current and unretired, the national bodies added by load-national, and a
 * rename, a merge and a post holder then work on it. Migration 028 (the
 * kinds of body a framework applies to) keeps a framework loaded before it
 * applying to every kind, as it did: a fire and rescue service still starts
 * in it and may be moved into it. A SQLite file always (the PostgreSQL
 * schema is held to it by store/schema). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include "store/store.h"
#include "store/bodies.h"
#include "store/frameworks.h"
#include "store/body_changes.h"
#include "store/reference.h"
#include "store/audit.h"
#include "store/migrations.h"
#include "support/support.h"
#include "old_release.h"

static char DIR_[256], PATH[400], URL[420];

/* The database of the previous release: every migration before 012, then
 * a body moved into Engage by a decision, written as that release did. */
static void make_old_database_before(const char *first_new)
{
    const char *data =
        "INSERT INTO bodies (id, code, name, kind, phase, phase_since) VALUES (1, 'kent', 'Kent Police', 'police', 'engage', '2025-02-01');"
        "INSERT INTO bodies (id, code, name, kind, phase) VALUES (2, 'essex', 'Essex Police', 'police', 'scan');"
        "INSERT INTO decisions (body_id, from_phase, to_phase, decided_by, decided_on, effective_on, rationale)"
        " VALUES (1, 'scan', 'engage', 'HMCI', '2025-02-01', '2025-02-01', 'Call handling');";
    old_release_database(PATH, first_new, data);
}

static void make_old_database(void)
{
    make_old_database_before("012");
}

static void upgrade_keeps_everything(void **state)
{
    (void)state;
    assert_int_equal(t_mkdtemp(DIR_), 0);
    snprintf(PATH, sizeof PATH, "%s/old.db", DIR_);
    snprintf(URL, sizeof URL, "sqlite:%s", PATH);
    make_old_database();

    store_t *s = NULL;
    ov_error_t err = {0};
    if (store_open(URL, STORE_OPEN_EXISTING, &s, &err) != 0) fail_msg("open: %s", err.message);
    assert_int_equal(store_schema_version(s), migrations_count());

    json_t *b = NULL;
    assert_int_equal(store_body_get(s, "kent", &b, &err), 0);
    assert_string_equal(json_string_value(json_object_get(b, "phase")), "engage");
    assert_int_equal(json_array_size(json_object_get(b, "decisions")), 1);
    assert_int_equal(json_array_size(json_object_get(b, "history")), 2);
    json_decref(b);
    assert_int_equal(store_body_get(s, "essex", &b, &err), 0);
    assert_string_equal(json_string_value(json_object_get(b, "phase")), "scan");
    json_decref(b);

    phase_model_t m, want;
    assert_int_equal(store_phase_model(s, &m, &err), 0);
    phase_model_default(&want);
    assert_int_equal(m.nframeworks, 1);
    assert_string_equal(m.frameworks[0].code, FRAMEWORK_DEFAULT_CODE);
    assert_false(m.frameworks[0].has_from);
    assert_int_equal(m.nphases, want.nphases);
    for (int i = 0; i < want.nphases; i++) {
        assert_string_equal(m.phases[i].code, want.phases[i].code);
        assert_string_equal(m.phases[i].name, want.phases[i].name);
        assert_int_equal(m.phases[i].level, want.phases[i].level);
        assert_int_equal(m.phases[i].is_default, want.phases[i].is_default);
        assert_string_equal(m.phases[i].framework, FRAMEWORK_DEFAULT_CODE);
        assert_true(strlen(m.phases[i].description) > 0);
    }
    assert_int_equal(m.ntransitions, want.ntransitions);
    for (int i = 0; i < m.ntransitions; i++) {
        const phase_transition_t *t = phase_transition_find(&want, m.transitions[i].from, m.transitions[i].to);
        assert_non_null(t);
        assert_string_equal(m.transitions[i].decider_role, t->decider_role);
        assert_string_equal(m.transitions[i].recommender_role, "inspector");
    }

    /* a bad file adds nothing (one transaction); a good one adds it all */
    json_error_t je;
    json_t *f = json_loads("{\"code\":\"two\",\"name\":\"Two\",\"succeeds\":\"scan-engage\",\"in_force_from\":\"2026-01-01\","
                           "\"levels\":[{\"code\":\"t1\",\"name\":\"T1\",\"description\":\"d\"},"
                           "{\"code\":\"t2\",\"name\":\"T2\",\"description\":\"d\"}],"
                           "\"transitions\":[{\"from\":\"engage\",\"to\":\"t2\",\"decided_by\":\"hmci\"},"
                           "{\"from\":\"t1\",\"to\":\"t2\",\"decided_by\":\"nobody\"}]}", 0, &je);
    assert_non_null(f);
    assert_int_equal(store_framework_load(s, f, NULL, &err), OV_EINVALID);
    assert_string_equal(err.field, "transitions[1].decided_by");
    assert_int_equal(store_phase_model(s, &m, &err), 0);
    assert_int_equal(m.nframeworks, 1);
    assert_int_equal(m.nphases, 2);
    json_object_set_new(json_array_get(json_object_get(f, "transitions"), 1), "decided_by", json_string("hmci"));
    char code[PHASE_CODE_MAX];
    if (store_framework_load(s, f, code, &err) != 0) fail_msg("load: %s", err.message);
    assert_string_equal(code, "two");
    json_decref(f);
    assert_int_equal(store_phase_model(s, &m, &err), 0);
    assert_int_equal(m.nframeworks, 2);
    assert_int_equal(m.nphases, 4);
    assert_string_equal(m.phases[2].code, "t1");
    assert_string_equal(m.phases[3].framework, "two");
    assert_true(m.frameworks[1].has_from);
    assert_non_null(phase_transition_find(&m, "engage", "t2"));
    store_close(s);
    t_rmdir(DIR_);
}

/* The release before 015: migrations up to 014, a record as that release
 * wrote it. */
static void upgrade_to_015_keeps_the_record(void **state)
{
    (void)state;
    assert_int_equal(t_mkdtemp(DIR_), 0);
    snprintf(PATH, sizeof PATH, "%s/old15.db", DIR_);
    snprintf(URL, sizeof URL, "sqlite:%s", PATH);
    make_old_database_before("015");
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(PATH, &db), SQLITE_OK);
    char *msg = NULL;
    const char *more =
        "INSERT INTO causes_of_concern (id, body_id, text, issued_on, status) VALUES (1, 1, 'Call handling', '2025-01-10', 'open');"
        "INSERT INTO causes_of_concern (id, body_id, text, issued_on, status, closed_on) VALUES (2, 2, 'Custody', '2024-01-10', 'closed', '2024-06-01');"
        "INSERT INTO ppog_meetings (id, held_on) VALUES (1, '2025-01-22');"
        "INSERT INTO ppog_items (meeting_id, body_id, outcome) VALUES (1, 1, 'remain');";
    if (sqlite3_exec(db, more, NULL, NULL, &msg) != SQLITE_OK) fail_msg("old record: %s", msg);
    sqlite3_close(db);

    store_t *s = NULL;
    ov_error_t err = {0};
    if (store_open(URL, STORE_OPEN_EXISTING, &s, &err) != 0) fail_msg("open: %s", err.message);
    assert_int_equal(store_schema_version(s), migrations_count());
    /* nothing lost; nothing retired; no changes, names or people yet */
    json_t *b = NULL;
    assert_int_equal(store_body_get(s, "kent", &b, &err), 0);
    assert_string_equal(json_string_value(json_object_get(b, "name")), "Kent Police");
    assert_string_equal(json_string_value(json_object_get(b, "phase")), "engage");
    assert_int_equal(json_array_size(json_object_get(b, "decisions")), 1);
    assert_true(json_is_null(json_object_get(b, "retired_on")));
    assert_int_equal(json_array_size(json_object_get(b, "former_names")), 0);
    assert_int_equal(json_array_size(json_object_get(b, "people")), 0);
    json_decref(b);
    json_t *rows = NULL;
    assert_int_equal(store_query(s, &rows, &err, "SELECT id, status FROM causes_of_concern ORDER BY id", NULL), 0);
    assert_int_equal(json_array_size(rows), 2);
    json_decref(rows);
    assert_int_equal(store_query(s, &rows, &err, "SELECT id FROM ppog_items", NULL), 0);
    assert_int_equal(json_array_size(rows), 1);
    json_decref(rows);
    /* the national bodies come with load-national, once */
    long long added = 0, total = 0;
    assert_int_equal(store_reference_load_national(s, &added, &err), 0);
    assert_true(added >= 5);
    assert_int_equal(store_reference_load_national(s, &added, &err), 0);
    assert_int_equal(added, 0);
    assert_int_equal(store_national_bodies_page(s, -1, 0, &rows, &total, &err), 0);
    assert_true(total >= 5);
    json_decref(rows);
    /* changes work on the upgraded database */
    odate_t today = {2026, 1, 1, DATE_DAY};
    body_change_t ch = {.effective_on = "2026-01-01", .reason = "test"};
    assert_int_equal(store_body_rename(s, "essex", "Essex Constabulary", &ch, &today, NULL, &err), 0);
    body_input_t succ = {.code = "kent-essex", .name = "Kent and Essex Police"};
    if (store_body_merge(s, "kent", "essex", &succ, &ch, &today, NULL, &err) != 0) fail_msg("merge: %s", err.message);
    assert_int_equal(store_query(s, &rows, &err,
                                 "SELECT c.id, b.code FROM causes_of_concern c JOIN bodies b ON b.id = c.body_id ORDER BY c.id",
                                 NULL), 0);
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "code")), "kent-essex");
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "code")), "essex");
    json_decref(rows);
    assert_int_equal(store_body_get(s, "essex", &b, &err), 0);
    assert_string_equal(json_string_value(json_object_get(b, "successor")), "kent-essex");
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(b, "former_names"), 0), "name")),
                        "Essex Police");
    json_decref(b);
    audit_verify_t v;
    assert_int_equal(store_audit_verify(s, &v, &err), 0);
    assert_int_equal(v.bad_id, 0);
    store_close(s);
    t_rmdir(DIR_);
}

/* The release before 028: a four-level framework loaded as that release
 * loaded it (no kinds), a fire and rescue service in Scan. */
static void upgrade_to_028_keeps_frameworks_for_every_kind(void **state)
{
    (void)state;
    assert_int_equal(t_mkdtemp(DIR_), 0);
    snprintf(PATH, sizeof PATH, "%s/old28.db", DIR_);
    snprintf(URL, sizeof URL, "sqlite:%s", PATH);
    const char *data =
        "INSERT INTO bodies (id, code, name, kind, phase) VALUES (1, 'kent', 'Kent Police', 'police', 'scan');"
        "INSERT INTO bodies (id, code, name, kind, phase) VALUES (2, 'old-frs', 'Old Fire and Rescue Service', 'fire', 'scan');"
        "INSERT INTO frameworks (code, name, position, in_force_from, succeeds)"
        " VALUES ('four', 'Four levels', 2, '2026-04-01', 'scan-engage');"
        "INSERT INTO phases (code, name, level, is_default, framework, description) VALUES"
        " ('f1', 'Level 1', 1, 0, 'four', 'd'), ('f2', 'Level 2', 2, 0, 'four', 'd');"
        "INSERT INTO phase_transitions (from_phase, to_phase, decider_role, recommender_role) VALUES"
        " ('scan', 'f1', 'hmci', 'inspector'), ('scan', 'f2', 'hmci', 'inspector'), ('f1', 'f2', 'hmci', 'inspector');";
    old_release_database(PATH, "028", data);

    store_t *s = NULL;
    ov_error_t err = {0};
    if (store_open(URL, STORE_OPEN_EXISTING, &s, &err) != 0) fail_msg("open: %s", err.message);
    assert_int_equal(store_schema_version(s), migrations_count());
    phase_model_t m;
    assert_int_equal(store_phase_model(s, &m, &err), 0);
    assert_int_equal(m.nframeworks, 2);
    assert_string_equal(m.frameworks[0].applies_to, "");
    assert_string_equal(m.frameworks[1].applies_to, "");
    /* behaviour kept: a fire and rescue service added now starts in the
     * framework in force, and may be moved into it */
    odate_t today = {2026, 6, 1, DATE_DAY};
    body_change_t ch = {.effective_on = "2026-06-01", .reason = "test"};
    body_input_t frs = {.code = "new-frs", .name = "New Fire and Rescue Service", .kind = "fire"};
    json_t *b = NULL;
    if (store_body_add(s, &frs, &ch, &today, &b, &err) != 0) fail_msg("add: %s", err.message);
    assert_string_equal(json_string_value(json_object_get(b, "phase")), "f1");
    json_decref(b);
    decision_input_t in = {.to_phase = "f2", .decided_by = "HMCI", .effective_on = "2026-05-01", .rationale = "why"};
    if (store_decision_record(s, "old-frs", &in, &today, -1, NULL, &err) != 0) fail_msg("decision: %s", err.message);
    assert_int_equal(store_body_get(s, "old-frs", &b, &err), 0);
    assert_string_equal(json_string_value(json_object_get(b, "phase")), "f2");
    json_decref(b);
    /* a kind no body is (a hand edit) is an error naming the column wherever the model is read */
    assert_int_equal(store_exec(s, NULL, NULL, &err, "UPDATE frameworks SET applies_to = 'police,ambulance' WHERE code = 'four'",
                                NULL), 0);
    assert_int_equal(store_phase_model(s, &m, &err), OV_EINTERNAL);
    assert_string_equal(err.field, "applies_to");
    assert_non_null(strstr(err.message, "frameworks: the framework four applies to 'police,ambulance'"));
    store_close(s);
    t_rmdir(DIR_);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(upgrade_keeps_everything),
        cmocka_unit_test(upgrade_to_015_keeps_the_record),
        cmocka_unit_test(upgrade_to_028_keeps_frameworks_for_every_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
