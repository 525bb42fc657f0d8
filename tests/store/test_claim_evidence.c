/* test_claim_evidence.c: migration 021 (the evidence files a claim of
 * implemented rests on) upgrades a database made by the release before
 * it with nothing lost: its status history, progress updates and evidence
 * files stay as they were, an old claim names no file, and a new claim on
 * the upgraded database keeps its files with the status change (and only
 * files of the same body). A SQLite file always (the PostgreSQL schema is
 * held to it by store/schema). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "store/store.h"
#include "store/entity.h"
#include "store/record.h"
#include "store/evidence.h"
#include "store/migrations.h"
#include "support/support.h"
#include "old_release.h"

static char DIR_[256], PATH[400], URL[420];

#define SHA "0000000000000000000000000000000000000000000000000000000000000001"

static void make_old_database(void)
{
    const char *data =
        "INSERT INTO bodies (id, code, name, kind, phase) VALUES (1, 'kent', 'Kent Police', 'police', 'scan');"
        "INSERT INTO bodies (id, code, name, kind, phase) VALUES (2, 'essex', 'Essex Police', 'police', 'scan');"
        /* an old claim of implemented, and a recommendation in progress */
        "INSERT INTO recommendations (id, body_id, number, addressee, text, issued_on, status, implemented_on)"
        " VALUES (1, 1, '1', 'CC', 'r1', '2024', 'implemented', '2024-12');"
        "INSERT INTO recommendations (id, body_id, number, addressee, text, issued_on, status)"
        " VALUES (2, 1, '2', 'CC', 'r2', '2024', 'in_progress');"
        "INSERT INTO status_changes (id, entity, entity_id, from_status, to_status, changed_on, changed_by, reason)"
        " VALUES (1, 'recommendations', 1, 'open', 'implemented', '2024-12', 'kent-user', 'audit done');"
        "INSERT INTO progress_updates (id, body_id, recommendation_id, submitted_on, author, text)"
        " VALUES (1, 1, 2, '2025-01-02', 'DCC', 'audit');"
        "INSERT INTO progress_updates (id, body_id, submitted_on, author, text) VALUES (2, 2, '2025-01-02', 'x', 'y');"
        "INSERT INTO evidence_blobs (sha256, size, data) VALUES ('" SHA "', 1, x'41');"
        "INSERT INTO evidence_files (id, progress_update_id, filename, content_type, size, sha256, uploaded_by)"
        " VALUES (1, 1, 'audit.pdf', 'application/pdf', 1, '" SHA "', 'kent-user');"
        "INSERT INTO evidence_files (id, progress_update_id, filename, content_type, size, sha256, uploaded_by)"
        " VALUES (2, 2, 'essex.pdf', 'application/pdf', 1, '" SHA "', 'essex-user');";
    old_release_database(PATH, "021", data);
}

static long long count(store_t *s, const char *sql)
{
    json_t *row = NULL;
    ov_error_t err = {0};
    if (store_query_one(s, &row, &err, "", sql, NULL) != 0) fail_msg("%s: %s", sql, err.message);
    long long n = json_integer_value(json_object_get(row, "n"));
    json_decref(row);
    return n;
}

static void upgrade_keeps_the_history_and_takes_new_claims(void **state)
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
    /* nothing lost, nothing invented */
    assert_int_equal(count(s, "SELECT count(*) AS n FROM status_changes"), 1);
    assert_int_equal(count(s, "SELECT count(*) AS n FROM evidence_files"), 2);
    assert_int_equal(count(s, "SELECT count(*) AS n FROM status_change_evidence"), 0);
    json_t *rec = NULL;
    if (store_entity_get(s, entity_find("recommendations"), 1, 1, &rec, &err) != 0) fail_msg("get: %s", err.message);
    json_t *h = json_array_get(json_object_get(rec, "status_history"), 0);
    assert_string_equal(json_string_value(json_object_get(h, "reason")), "audit done");
    assert_int_equal(json_array_size(json_object_get(h, "evidence_files")), 0);
    json_decref(rec);
    /* a new claim keeps its file; another body's file is refused */
    record_actor_t body_user = record_actor_from_role("body", "kent", "kent");
    long long theirs[] = {2}, ours[] = {1};
    rec_status_input_t in = {.to = "implemented", .on = "2025-01-03", .by = "kent-user", .reason = "the audit",
                             .evidence_file_ids = theirs, .n_evidence_files = 1};
    assert_int_equal(store_rec_set_status(s, 2, -1, &in, &body_user, &err), OV_EINVALID);
    assert_string_equal(err.field, "evidence_file_ids");
    assert_int_equal(count(s, "SELECT count(*) AS n FROM status_change_evidence"), 0);
    in.evidence_file_ids = ours;
    if (store_rec_set_status(s, 2, -1, &in, &body_user, &err) != 0) fail_msg("claim: %s", err.message);
    assert_int_equal(count(s, "SELECT count(*) AS n FROM status_change_evidence"), 1);
    if (store_entity_get(s, entity_find("recommendations"), 2, 1, &rec, &err) != 0) fail_msg("get: %s", err.message);
    h = json_array_get(json_object_get(rec, "status_history"), 0);
    json_t *f = json_array_get(json_object_get(h, "evidence_files"), 0);
    assert_string_equal(json_string_value(json_object_get(f, "filename")), "audit.pdf");
    json_decref(rec);
    /* a progress update and its files are one transaction: an empty second
     * file leaves neither the update nor the first file */
    long long pu0 = count(s, "SELECT count(*) AS n FROM progress_updates");
    long long ef0 = count(s, "SELECT count(*) AS n FROM evidence_files");
    char tmpl[420];
    snprintf(tmpl, sizeof tmpl, "%s/fileXXXXXX", DIR_);
    int fd = mkstemp(tmpl);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "good", 4), 4);
    evidence_upload_t two[] = {{"good.txt", "text/plain", fd, 4}, {"empty.txt", "text/plain", fd, 0}};
    json_t *pu = json_pack("{s:s, s:s, s:s, s:s}", "body", "kent", "submitted_on", "2025-01-04", "author", "DCC", "text",
                           "two files");
    long long id = 0;
    assert_int_equal(store_progress_insert_with_files(s, entity_find("progress-updates"), pu, &store_authz_system, two,
                                                      2, "kent-user", &id, &err), OV_EINVALID);
    assert_string_equal(err.field, "file");
    assert_int_equal(count(s, "SELECT count(*) AS n FROM progress_updates"), pu0);
    assert_int_equal(count(s, "SELECT count(*) AS n FROM evidence_files"), ef0);
    /* both good: both kept with the update */
    two[1] = two[0];
    two[1].filename = "good-too.txt";
    if (store_progress_insert_with_files(s, entity_find("progress-updates"), pu, &store_authz_system, two, 2,
                                         "kent-user", &id, &err) != 0)
        fail_msg("insert: %s", err.message);
    assert_int_equal(count(s, "SELECT count(*) AS n FROM progress_updates"), pu0 + 1);
    assert_int_equal(count(s, "SELECT count(*) AS n FROM evidence_files"), ef0 + 2);
    json_decref(pu);
    close(fd);
    unlink(tmpl);
    /* and the link is never rewritten */
    assert_int_not_equal(store_exec(s, NULL, NULL, &err, "DELETE FROM status_change_evidence", NULL), 0);
    store_close(s);
    t_rmdir(DIR_);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(upgrade_keeps_the_history_and_takes_new_claims),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
