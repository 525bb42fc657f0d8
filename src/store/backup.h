/*
 * backup.h: online backup and restore of an SQLite database with the SQLite
 * backup API (sqlite3_backup_init/step/finish). A backup is a consistent
 * snapshot even while a server writes (it reads one WAL snapshot); the copy
 * is a single file (journal_mode DELETE) checked with PRAGMA integrity_check.
 */
#ifndef OV_STORE_BACKUP_H
#define OV_STORE_BACKUP_H
#include "core/error.h"

/* Copies the database at url to the new file dest (refused with
 * OV_ECONFLICT if dest exists). *pages (may be NULL) gets the page count. */
int store_backup(const char *url, const char *dest, long long *pages, ov_error_t *err);

/* Restores the backup file src into the database at url: src must pass
 * PRAGMA integrity_check, be an Oversight database (tables bodies and
 * phases) at a schema version this build knows (<= store_schema_latest);
 * an existing database at url is replaced only when force (else
 * OV_ECONFLICT). Pending migrations are then applied to the result. */
int store_restore(const char *src, const char *url, int force, ov_error_t *err);

#endif
