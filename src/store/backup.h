/*
 * backup.h: online backup and restore.
 *
 * SQLite: the SQLite backup API (sqlite3_backup_init/step/finish). A backup
 * is a consistent snapshot even while a server writes (it reads one WAL
 * snapshot); the copy is a single file (journal_mode DELETE) checked with
 * PRAGMA integrity_check.
 *
 * PostgreSQL (postgres:// URLs): Debian's pg_dump/pg_restore, spawned
 * without a shell (posix_spawnp, arguments as given, never interpreted),
 * never prompting (-w); a password in the URL reaches them through
 * PGPASSWORD, not the command line. A backup is `pg_dump -Fc` (one
 * consistent snapshot), checked with `pg_restore --list`; a restore runs
 * `pg_restore --single-transaction --exit-on-error --no-owner`, so a failed
 * restore changes nothing.
 */
#ifndef OV_STORE_BACKUP_H
#define OV_STORE_BACKUP_H
#include <stddef.h>
#include "core/error.h"

/* Copies the database at url to the new file dest (refused with
 * OV_ECONFLICT if dest exists; removed again on failure). summary (may be
 * NULL, size n) gets what was copied and how it was checked, e.g. "812
 * pages, integrity ok". A PostgreSQL database must be an Oversight one (the
 * archive must hold schema_migrations, bodies and phases). */
int store_backup(const char *url, const char *dest, char *summary, size_t n, ov_error_t *err);

/* Restores the backup file src into the database at url: src must pass
 * PRAGMA integrity_check, be an Oversight database (tables bodies and
 * phases) at a schema version this build knows (<= store_schema_latest);
 * an existing database at url is replaced only when force (else
 * OV_ECONFLICT). Pending migrations are then applied to the result.
 * PostgreSQL: src must be a pg_dump custom-format archive of an Oversight
 * database at a version this build knows; a database at url holding any
 * table is replaced only when force (pg_restore --clean --if-exists, in the
 * same transaction), and never by an older schema than it has. Afterwards
 * the result must be at this build's schema version and its audit chain
 * must verify. */
int store_restore(const char *src, const char *url, int force, ov_error_t *err);

#endif
