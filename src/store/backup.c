/*
 * backup.c: `oversight backup` and `oversight restore` (see backup.h): the
 * backup and restore operations of both backends' tables (backend.h;
 * store.c dispatches store_backup and store_restore to them).
 * SQLite: works on paths with its own sqlite3 connections: a backup must not
 * share the server's connections, and a restore may target a file with no
 * store. PostgreSQL: runs pg_dump/pg_restore as child processes (the only
 * process spawning in Oversight's store, tool_exec below) and checks their
 * results with libpq and the store.
 */
/* asprintf, pipe2: _GNU_SOURCE comes from the build (meson.build) */
#include "store/backend.h"
#include "store/audit.h"
#include "store/backup.h"
#include "store/store.h"
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int db_fail(sqlite3 *db, ov_error_t *err, const char *what, const char *path)
{
    return ov_error_set(err, OV_EINTERNAL, "", "%s %s: %s", what, path, db ? sqlite3_errmsg(db) : "out of memory");
}

/* Copies every page of src into dst in one step: the source is read in one
 * snapshot (WAL readers do not block the writer), so the copy is consistent.
 * Retries while the destination or source is busy. */
static int copy_db(sqlite3 *src, sqlite3 *dst, long long *pages, ov_error_t *err, const char *dst_path)
{
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b) return db_fail(dst, err, "cannot start the backup into", dst_path);
    int rc, tries = 0;
    while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        if (++tries > 200) break;
        sqlite3_sleep(50);
    }
    if (pages) *pages = sqlite3_backup_pagecount(b);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE)
        return ov_error_set(err, OV_EINTERNAL, "", "backup into %s failed: %s", dst_path, sqlite3_errstr(rc));
    return 0;
}

/* PRAGMA integrity_check of db: 0 when "ok", else the first problem. */
static int integrity(sqlite3 *db, const char *path, ov_error_t *err)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
        return ov_error_set(err, OV_EINVALID, "", "%s is not an SQLite database: %s", path, sqlite3_errmsg(db));
    int step = sqlite3_step(st);
    const char *r = step == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
    if (!r || strcmp(r, "ok") != 0)
        rc = ov_error_set(err, OV_EINVALID, "", "%s fails the integrity check: %s", path,
                          r ? r : sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}

static int int_query(sqlite3 *db, const char *sql, long long *out)
{
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
        *out = sqlite3_column_int64(st, 0);
        rc = 0;
    }
    sqlite3_finalize(st);
    return rc;
}

/* ---- PostgreSQL: pg_dump / pg_restore ------------------------------------ */

/* One finished run of a client tool: exit status (128 + signal when
 * killed), its stdout (when asked for) and stderr, both NUL-terminated.
 * Owned by the caller: tool_free. */
typedef struct tool_run {
    int status;
    char *out, *errtext;
    size_t out_len, err_len;
} tool_run_t;

static void tool_free(tool_run_t *r)
{
    free(r->out);
    free(r->errtext);
    memset(r, 0, sizeof *r);
}

/* Appends n bytes to the growing buffer *buf (length *len); caps at cap
 * bytes (the rest is read and dropped). -1 when out of memory. */
static int buf_add(char **buf, size_t *len, const char *data, size_t n, size_t cap)
{
    if (*len >= cap) return 0;
    if (n > cap - *len) n = cap - *len;
    char *p = realloc(*buf, *len + n + 1);
    if (!p) return -1;
    memcpy(p + *len, data, n);
    *len += n;
    p[*len] = '\0';
    *buf = p;
    return 0;
}

/* Runs argv (argv[0] looked up on PATH, no shell) with stdin from
 * /dev/null, stdout and stderr captured, and PGPASSWORD set to password
 * when not NULL. 0 when it ran (then r->status says how it ended). */
static int tool_exec(const char *const argv[], const char *password, tool_run_t *r, ov_error_t *err)
{
    memset(r, 0, sizeof *r);
    int outp[2] = {-1, -1}, errp[2] = {-1, -1};
    if (pipe2(outp, O_CLOEXEC) != 0 || pipe2(errp, O_CLOEXEC) != 0) {
        int e = errno;
        if (outp[0] >= 0) { close(outp[0]); close(outp[1]); }
        return ov_error_set(err, OV_EINTERNAL, "", "cannot run %s: %s", argv[0], strerror(e));
    }
    /* the environment: ours, with PGPASSWORD replaced when we have one */
    size_t nenv = 0;
    while (environ[nenv]) nenv++;
    char **envp = calloc(nenv + 2, sizeof *envp);
    char *pw = NULL;
    int rc = 0;
    if (!envp || (password && asprintf(&pw, "PGPASSWORD=%s", password) < 0)) {
        pw = NULL;
        rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        goto closeall;
    }
    size_t k = 0;
    for (size_t i = 0; i < nenv; i++)
        if (!pw || strncmp(environ[i], "PGPASSWORD=", 11) != 0) envp[k++] = environ[i];
    if (pw) envp[k++] = pw;
    envp[k] = NULL;

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
    posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
    pid_t pid;
    int e = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    close(outp[1]);
    close(errp[1]);
    outp[1] = errp[1] = -1;
    if (e != 0) {
        if (e == ENOENT)
            rc = ov_error_set(err, OV_EINTERNAL, "", "%s not found on PATH: install the PostgreSQL client tools"
                              " (Debian: apt-get install postgresql-client)", argv[0]);
        else
            rc = ov_error_set(err, OV_EINTERNAL, "", "cannot run %s: %s", argv[0], strerror(e));
        goto closeall;
    }
    /* read both pipes until both close, so neither can fill and block it */
    struct pollfd fds[2] = {{.fd = outp[0], .events = POLLIN}, {.fd = errp[0], .events = POLLIN}};
    int open_fds = 2, oom = 0;
    char chunk[8192];
    while (open_fds > 0) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            ssize_t got = read(fds[i].fd, chunk, sizeof chunk);
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) {
                fds[i].fd = -1;
                open_fds--;
                continue;
            }
            if (i == 0 ? buf_add(&r->out, &r->out_len, chunk, (size_t)got, (size_t)64 << 20)
                       : buf_add(&r->errtext, &r->err_len, chunk, (size_t)got, (size_t)64 << 10))
                oom = 1;
        }
    }
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    if (oom) rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory reading %s's output", argv[0]);
closeall:
    for (int i = 0; i < 2; i++) {
        if (outp[i] >= 0) close(outp[i]);
        if (errp[i] >= 0) close(errp[i]);
    }
    free(pw);
    free(envp);
    if (rc) tool_free(r);
    return rc;
}

/* The first line of a tool's stderr, for a message ("" when silent). */
static const char *tool_first_error(tool_run_t *r, char *buf, size_t n)
{
    const char *s = r->errtext ? r->errtext : "";
    size_t len = strcspn(s, "\n");
    snprintf(buf, n, "%.*s", (int)(len < n ? len : n - 1), s);
    return buf;
}

/* The URL as a libpq keyword/value connection string without the password
 * (malloc'd into *conninfo), and the password (malloc'd, NULL when none)
 * into *password: the tools get it through PGPASSWORD, so it is not on
 * their command line for other local users to read. */
static int pg_conninfo_split(const char *url, char **conninfo, char **password, ov_error_t *err)
{
    *conninfo = *password = NULL;
    char *perr = NULL;
    PQconninfoOption *opts = PQconninfoParse(url, &perr);
    if (!opts) {
        char msg[400];
        store_url_scrub(url, perr ? perr : "out of memory", msg, sizeof msg);   /* it may quote the password */
        msg[strcspn(msg, "\n")] = '\0';
        int rc = ov_error_set(err, OV_EINVALID, "db", "bad PostgreSQL URL: %s", msg);
        PQfreemem(perr);
        return rc;
    }
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    int oom = !f;
    for (PQconninfoOption *o = opts; f && o->keyword; o++) {
        if (!o->val) continue;
        if (strcmp(o->keyword, "password") == 0) {
            free(*password);
            if (!(*password = strdup(o->val))) oom = 1;
            continue;
        }
        /* keyword='value' with ' and \ escaped */
        fprintf(f, "%s%s='", ftell(f) > 0 ? " " : "", o->keyword);
        for (const char *c = o->val; *c; c++) {
            if (*c == '\'' || *c == '\\') fputc('\\', f);
            fputc(*c, f);
        }
        fputc('\'', f);
    }
    if (f && fclose(f) != 0) oom = 1;
    PQconninfoFree(opts);
    if (oom || !out) {
        free(out);
        free(*password);
        *password = NULL;
        return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    *conninfo = out;
    return 0;
}

/* Facts from a `pg_restore --list` table of contents. */
typedef struct toc_facts {
    long long entries;      /* archive entries */
    int migrations, bodies, phases;   /* TABLE entries found */
} toc_facts_t;

static void toc_read(const char *list, toc_facts_t *t)
{
    memset(t, 0, sizeof *t);
    for (const char *line = list; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        if (n && line[0] != ';') {
            t->entries++;
            /* "ID; OID OID TABLE SCHEMA NAME OWNER" */
            char kind[32], schema[128], name[128];
            char copy[512];
            snprintf(copy, sizeof copy, "%.*s", (int)(n < sizeof copy ? n : sizeof copy - 1), line);
            const char *semi = strchr(copy, ';');
            if (semi && sscanf(semi + 1, " %*s %*s %31s %127s %127s", kind, schema, name) == 3
                && strcmp(kind, "TABLE") == 0) {
                if (strcmp(name, "schema_migrations") == 0) t->migrations = 1;
                if (strcmp(name, "bodies") == 0) t->bodies = 1;
                if (strcmp(name, "phases") == 0) t->phases = 1;
            }
        }
        line = end ? end + 1 : NULL;
    }
}

/* Runs argv where only success matters: a failing exit is OV_EINTERNAL
 * "ARGV0 failed (exit N)NOTE: its first error line". */
static int tool_run(const char *const argv[], const char *password, const char *note, ov_error_t *err)
{
    tool_run_t r;
    int rc = tool_exec(argv, password, &r, err);
    if (rc) return rc;
    if (r.status != 0) {
        char why[300];
        rc = ov_error_set(err, OV_EINTERNAL, "", "%s failed (exit %d)%s: %s", argv[0], r.status, note,
                          tool_first_error(&r, why, sizeof why));
    }
    tool_free(&r);
    return rc;
}

/* Runs argv (no password) for its output in *r, to be freed with tool_free.
 * A failing exit is OV_EINVALID on "src": fail_fmt with path and the tool's
 * first error line (two %s), and nothing to free. */
static int tool_output(const char *const argv[], tool_run_t *r, const char *fail_fmt, const char *path,
                       ov_error_t *err)
{
    int rc = tool_exec(argv, NULL, r, err);
    if (rc || r->status == 0) return rc;
    char why[300];
    rc = ov_error_set(err, OV_EINVALID, "src", fail_fmt, path, tool_first_error(r, why, sizeof why));
    tool_free(r);
    return rc;
}

/* `pg_restore --list path`: 0 when path is a readable pg_dump archive of an
 * Oversight database (facts in *t), else OV_EINVALID naming why. */
static int pg_archive_check(const char *path, toc_facts_t *t, ov_error_t *err)
{
    const char *argv[] = {"pg_restore", "--list", "--", path, NULL};
    tool_run_t r;
    int rc = tool_output(argv, &r, "%s is not a readable pg_dump archive (pg_restore --list: %s)", path, err);
    if (rc) return rc;
    toc_read(r.out, t);
    if (!t->migrations || !t->bodies || !t->phases)
        rc = ov_error_set(err, OV_EINVALID, "src", "%s is not an Oversight database (no schema_migrations, bodies"
                          " and phases tables in it)", path);
    tool_free(&r);
    return rc;
}

/* The schema version recorded in the archive's schema_migrations data
 * (the highest version in its COPY block), read without a database:
 * `pg_restore --data-only --table=schema_migrations --file=- path`. */
static int pg_archive_version(const char *path, long long *version, ov_error_t *err)
{
    *version = -1;
    const char *argv[] = {"pg_restore", "--data-only", "--table=schema_migrations", "--file=-", "--", path, NULL};
    tool_run_t r;
    int rc = tool_output(argv, &r, "cannot read the schema version from %s: %s", path, err);
    if (rc) return rc;
    int in_copy = 0;
    for (char *line = r.out; line && *line;) {
        char *end = strchr(line, '\n');
        if (end) *end = '\0';
        if (in_copy) {
            if (strcmp(line, "\\.") == 0) in_copy = 0;
            else {
                char *e = NULL;
                long long v = strtoll(line, &e, 10);
                if (e != line && *e == '\t' && v > *version) *version = v;
            }
        } else if (strncmp(line, "COPY ", 5) == 0 && strstr(line, "schema_migrations") && strstr(line, "FROM stdin;")) {
            in_copy = 1;
        }
        line = end ? end + 1 : NULL;
    }
    tool_free(&r);
    if (*version < 1) return ov_error_set(err, OV_EINVALID, "src", "%s holds no schema version", path);
    return 0;
}

int store_backup_pg(const store_url_t *u, const char *url, const char *dest, char *summary, size_t n, ov_error_t *err)
{
    (void)u;
    if (access(dest, F_OK) == 0)
        return ov_error_set(err, OV_ECONFLICT, "dest", "%s already exists; choose a new file for the backup", dest);
    char *conninfo = NULL, *password = NULL;
    int rc = pg_conninfo_split(url, &conninfo, &password, err);
    if (rc) return rc;
    char *dbname = NULL, *file = NULL;
    if (asprintf(&dbname, "--dbname=%s", conninfo) < 0) dbname = NULL;
    if (asprintf(&file, "--file=%s", dest) < 0) file = NULL;
    if (!dbname || !file) {
        rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        goto done;
    }
    const char *argv[] = {"pg_dump", "--format=custom", "--no-password", file, dbname, NULL};
    if ((rc = tool_run(argv, password, "", err)) != 0) goto done;
    toc_facts_t t;
    if ((rc = pg_archive_check(dest, &t, err)) != 0) {
        ov_error_prefix(err, "the dump did not verify: ");
        goto done;
    }
    if (summary) snprintf(summary, n, "pg_dump custom format, %lld archive entries, pg_restore --list ok", t.entries);
done:
    if (rc && access(dest, F_OK) == 0) unlink(dest);
    free(dbname);
    free(file);
    free(conninfo);
    free(password);
    return rc;
}

/* One integer from constant sql on c; -1 on failure. */
static long long pg_int(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    long long v = -1;
    if (r && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
        v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    return v;
}

/* How many tables, views and sequences the target holds outside the system
 * schemas, and its Oversight schema version (0 = none). */
static int pg_target_state(const char *url, long long *relations, long long *version, ov_error_t *err)
{
    PGconn *c = PQconnectdb(url);
    int rc = 0;
    if (!c || PQstatus(c) != CONNECTION_OK) {
        char msg[400];
        store_url_scrub(url, c ? PQerrorMessage(c) : "out of memory", msg, sizeof msg);
        msg[strcspn(msg, "\n")] = '\0';
        char shown[512];
        rc = ov_error_set(err, OV_EINTERNAL, "db", "cannot connect to %s: %s", store_url_redact(url, shown, sizeof shown),
                          msg);
        PQfinish(c);
        return rc;
    }
    *relations = pg_int(c, "SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
                           " ON n.oid = c.relnamespace WHERE n.nspname <> 'information_schema'"
                           " AND n.nspname NOT LIKE 'pg\\_%' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')");
    long long has = pg_int(c, "SELECT (to_regclass('schema_migrations') IS NOT NULL)::int");
    *version = has == 1 ? pg_int(c, "SELECT coalesce(max(version), 0) FROM schema_migrations") : has == 0 ? 0 : -1;
    if (*relations < 0 || *version < 0) {
        char msg[400];
        store_url_scrub(url, PQerrorMessage(c), msg, sizeof msg);
        msg[strcspn(msg, "\n")] = '\0';
        char shown[512];
        rc = ov_error_set(err, OV_EINTERNAL, "db", "cannot read %s: %s", store_url_redact(url, shown, sizeof shown), msg);
    }
    PQfinish(c);
    return rc;
}

int store_restore_pg(const char *src_path, const store_url_t *u, const char *url, int force, ov_error_t *err)
{
    (void)u;
    if (access(src_path, R_OK) != 0) return ov_error_set(err, OV_ENOTFOUND, "src", "cannot read %s", src_path);
    toc_facts_t t;
    long long version = -1, relations = 0, target_version = 0;
    int rc = pg_archive_check(src_path, &t, err);
    if (rc == 0) rc = pg_archive_version(src_path, &version, err);
    if (rc) return rc;
    if (version > store_backend_pg.schema_latest())
        return ov_error_set(err, OV_EINVALID, "src", "%s has schema version %lld, newer than this build knows (%d);"
                            " upgrade oversight", src_path, version, store_backend_pg.schema_latest());
    if ((rc = pg_target_state(url, &relations, &target_version, err)) != 0) return rc;
    if (relations > 0 && !force)
        return ov_error_set(err, OV_ECONFLICT, "db", "database %s is not empty (%lld tables, views or sequences);"
                            " add --force to replace it", url, relations);
    if (target_version > version)
        return ov_error_set(err, OV_ECONFLICT, "db", "database %s is at schema version %lld, newer than the backup's"
                            " %lld; restore into an empty database", url, target_version, version);
    char *conninfo = NULL, *password = NULL, *dbname = NULL;
    if ((rc = pg_conninfo_split(url, &conninfo, &password, err)) != 0) return rc;
    if (asprintf(&dbname, "--dbname=%s", conninfo) < 0) {
        dbname = NULL;
        rc = ov_error_set(err, OV_EINTERNAL, "", "out of memory");
        goto done;
    }
    /* all or nothing: one transaction, stopping at the first error */
    const char *argv[12];
    int a = 0;
    argv[a++] = "pg_restore";
    argv[a++] = "--single-transaction";
    argv[a++] = "--exit-on-error";
    argv[a++] = "--no-owner";
    argv[a++] = "--no-privileges";
    argv[a++] = "--no-password";
    if (relations > 0) {   /* --force: drop what the archive holds, in the same transaction */
        argv[a++] = "--clean";
        argv[a++] = "--if-exists";
    }
    argv[a++] = dbname;
    argv[a++] = "--";
    argv[a++] = src_path;
    argv[a] = NULL;
    if ((rc = tool_run(argv, password, ", nothing was restored", err)) != 0) goto done;
    /* the result: an Oversight database at this build's schema (pending
     * migrations applied) whose audit chain verifies */
    store_t *s = NULL;
    if ((rc = store_open(url, STORE_OPEN_EXISTING, &s, err)) != 0) {
        ov_error_prefix(err, "restored, but the result does not open: ");
        goto done;
    }
    audit_verify_t v;
    if (store_schema_version(s) != store_backend_pg.schema_latest())
        rc = ov_error_set(err, OV_EINTERNAL, "db", "restored, but the schema is at version %d, not %d",
                          store_schema_version(s), store_backend_pg.schema_latest());
    else if ((rc = store_audit_verify(s, &v, err)) != 0)
        ov_error_prefix(err, "restored, but the audit trail cannot be read: ");
    else if (v.bad_id)
        rc = ov_error_set(err, OV_EINVALID, "db", "restored, but audit verify fails: entry %lld is bad: %s", v.bad_id,
                          v.reason);
    store_close(s);
done:
    free(dbname);
    free(conninfo);
    free(password);
    return rc;
}

int store_backup_sqlite(const store_url_t *u, const char *url, const char *dest, char *summary, size_t n,
                        ov_error_t *err)
{
    (void)url;
    long long pages = 0;
    const char *path = u->path;
    if (access(path, F_OK) != 0) return ov_error_set(err, OV_ENOTFOUND, "db", "database %s does not exist", path);
    if (access(dest, F_OK) == 0)
        return ov_error_set(err, OV_ECONFLICT, "dest", "%s already exists; choose a new file for the backup", dest);
    sqlite3 *src = NULL, *dst = NULL;
    int rc = 0;
    if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        rc = db_fail(src, err, "cannot open", path);
        goto done;
    }
    sqlite3_busy_timeout(src, 5000);
    if (sqlite3_open_v2(dest, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        rc = db_fail(dst, err, "cannot create", dest);
        goto done;
    }
    sqlite3_busy_timeout(dst, 5000);
    if ((rc = copy_db(src, dst, &pages, err, dest)) != 0) goto done;
    /* one self-contained file: no -wal beside it */
    if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK) {
        rc = db_fail(dst, err, "cannot finish", dest);
        goto done;
    }
    if ((rc = integrity(dst, dest, err)) == 0 && summary) snprintf(summary, n, "%lld pages, integrity ok", pages);
done:
    sqlite3_close_v2(dst);
    sqlite3_close_v2(src);
    if (rc && dst) unlink(dest);
    return rc;
}

int store_restore_sqlite(const char *src_path, const store_url_t *u, const char *url, int force, ov_error_t *err)
{
    const char *path = u->path;
    if (access(src_path, R_OK) != 0) return ov_error_set(err, OV_ENOTFOUND, "src", "cannot read %s", src_path);
    if (!force && access(path, F_OK) == 0)
        return ov_error_set(err, OV_ECONFLICT, "db", "database %s already exists; add --force to replace it", path);
    sqlite3 *src = NULL, *dst = NULL;
    int rc = 0, existed = access(path, F_OK) == 0;
    if (sqlite3_open_v2(src_path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        rc = db_fail(src, err, "cannot open", src_path);
        goto done;
    }
    if ((rc = integrity(src, src_path, err)) != 0) goto done;
    long long version = -1, tables = 0;
    if (int_query(src, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('bodies', 'phases')",
                  &tables) != 0 || tables != 2 || int_query(src, "PRAGMA user_version", &version) != 0 || version < 1) {
        rc = ov_error_set(err, OV_EINVALID, "src", "%s is not an Oversight database", src_path);
        goto done;
    }
    if (version > store_schema_latest()) {
        rc = ov_error_set(err, OV_EINVALID, "src",
                          "%s has schema version %lld, newer than this build knows (%d); upgrade oversight", src_path,
                          version, store_schema_latest());
        goto done;
    }
    if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        rc = db_fail(dst, err, "cannot open", path);
        goto done;
    }
    sqlite3_busy_timeout(dst, 5000);
    rc = copy_db(src, dst, NULL, err, path);
done:
    sqlite3_close_v2(dst);
    sqlite3_close_v2(src);
    if (rc && dst && !existed) unlink(path);   /* no half-made database left behind */
    if (rc) return rc;
    /* bring it to this build's schema (WAL, migrations) */
    store_t *s = NULL;
    rc = store_open(url, STORE_OPEN_EXISTING, &s, err);
    store_close(s);
    return rc;
}
