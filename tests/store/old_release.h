/* old_release.h: a SQLite file as an earlier release left it, for the
 * upgrade tests of tests/store: every migration named before first_new
 * applied to the file at path, user_version set to their count, then the
 * SQL `data` (rows written as that release wrote them). Fails the test on
 * any error. Include after cmocka.h, sqlite3.h and store/migrations.h. */
#ifndef OV_TESTS_STORE_OLD_RELEASE_H
#define OV_TESTS_STORE_OLD_RELEASE_H

static inline void old_release_database(const char *path, const char *first_new, const char *data)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    int v = 0;
    for (; v < migrations_count() && strcmp(migrations_name(v), first_new) < 0; v++) {
        char *msg = NULL;
        if (sqlite3_exec(db, migrations_sql(v), NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", migrations_name(v), msg);
    }
    char sql[200];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, data, NULL, NULL, &msg) != SQLITE_OK) fail_msg("old data: %s", msg);
    sqlite3_close(db);
}

#endif
