/*
 * cmd_audit.c: `oversight audit verify [--deep]|log`, `oversight backup` and
 * `oversight restore` (store/audit.h, store/backup.h).
 */
#include "cli/cli.h"
#include "store/audit.h"
#include "store/backup.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *cmd, const ov_error_t *err)
{
    fprintf(stderr, "oversight %s: %s\n", cmd, err->message);
    return 1;
}

/* Prints one row that differs from its trail (store_audit_verify_deep). */
static int print_line(void *ctx, const char *line)
{
    (void)ctx;
    printf("%s\n", line);
    return 0;
}

static int audit_verify(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB;
    int deep = 0;
    cli_opt_t opts[] = {{"db", 1, &db, NULL}, {"deep", 0, NULL, &deep}, {NULL, 0, NULL, NULL}};
    if (cli_parse("audit", argc, argv, opts, NULL, 0, 0) < 0) return 2;
    ov_error_t err = {0};
    store_t *s = NULL;
    audit_verify_t v;
    audit_deep_t d = {0, 0, 0, 0};
    if (store_open(db, STORE_OPEN_EXISTING, &s, &err) != 0) return fail("audit verify", &err);
    int rc = store_audit_verify(s, &v, &err);
    /* --deep: the tables against the trail too, even when the chain is
     * broken (the rows it names say where to look) */
    if (rc == 0 && deep) rc = store_audit_verify_deep(s, print_line, NULL, &d, &err);
    store_close(s);
    if (rc != 0) return fail("audit verify", &err);
    if (v.bad_id)
        fprintf(stderr, "oversight audit verify: entry %lld is bad: %s (%lld entries before it are intact)\n", v.bad_id,
                v.reason, v.entries);
    if (d.differing)
        fprintf(stderr, "oversight audit verify: %lld row%s of %lld differ%s from the audit trail\n", d.differing,
                d.differing == 1 ? "" : "s", d.rows, d.differing == 1 ? "s" : "");
    if (v.bad_id || d.differing) return 1;
    printf("%lld entries, chain intact\nhead %s\n", v.entries, v.head);
    if (deep) printf("%lld rows in %lld tables agree with the trail\n", d.rows - d.bulk, d.tables);
    if (deep && d.bulk)
        printf("%lld rows were loaded in bulk (an open-data import or `oversight synth`, named by their entries):"
               " not compared row by row\n", d.bulk);
    return 0;
}

static int audit_log(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *entity = NULL, *id = NULL, *limit = NULL;
    int json = 0;
    cli_opt_t opts[] = {{"db", 1, &db, NULL}, {"entity", 1, &entity, NULL}, {"id", 1, &id, NULL},
                        {"limit", 1, &limit, NULL}, {"json", 0, NULL, &json}, {NULL, 0, NULL, NULL}};
    if (cli_parse("audit", argc, argv, opts, NULL, 0, 0) < 0) return 2;
    char *end = NULL;
    long long eid = 0, lim = 0;
    if (id) {
        eid = strtoll(id, &end, 10);
        if (*end || eid <= 0) {
            fprintf(stderr, "oversight audit log: --id must be a positive integer, not '%s'\n", id);
            return 2;
        }
        if (!entity) {
            fprintf(stderr, "oversight audit log: --id needs --entity\n");
            return 2;
        }
    }
    if (limit) {
        lim = strtoll(limit, &end, 10);
        if (*end || lim <= 0 || lim > 10000) {
            fprintf(stderr, "oversight audit log: --limit must be 1 to 10000, not '%s'\n", limit);
            return 2;
        }
    }
    ov_error_t err = {0};
    store_t *s = NULL;
    json_t *rows = NULL;
    if (store_open(db, STORE_OPEN_EXISTING, &s, &err) != 0) return fail("audit log", &err);
    int rc = store_audit_list(s, entity, eid, (int)lim, &rows, &err);
    store_close(s);
    if (rc != 0) return fail("audit log", &err);
    if (json) {
        json_dumpf(rows, stdout, JSON_INDENT(2));
        putchar('\n');
    } else {
        size_t i;
        json_t *r;
        json_array_foreach(rows, i, r) {
            json_t *eidv = json_object_get(r, "entity_id");
            char *before = json_dumps(json_object_get(r, "before"), JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
            char *after = json_dumps(json_object_get(r, "after"), JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
            printf("%lld\t%s\t%s\t%s\t%s", (long long)json_integer_value(json_object_get(r, "id")),
                   json_string_value(json_object_get(r, "at")), json_string_value(json_object_get(r, "actor")),
                   json_string_value(json_object_get(r, "action")), json_string_value(json_object_get(r, "entity")));
            if (json_is_integer(eidv)) printf("/%lld", (long long)json_integer_value(eidv));
            printf("\n\tbefore %s\n\tafter  %s\n", before ? before : "null", after ? after : "null");
            free(before);
            free(after);
        }
    }
    json_decref(rows);
    return 0;
}

int cmd_audit(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "oversight audit: missing subcommand: verify or log (see 'oversight help audit')\n");
        return 2;
    }
    if (strcmp(argv[1], "verify") == 0) return audit_verify(argc - 1, argv + 1);
    if (strcmp(argv[1], "log") == 0) return audit_log(argc - 1, argv + 1);
    fprintf(stderr, "oversight audit: unknown subcommand '%s': verify or log\n", argv[1]);
    return 2;
}

int cmd_backup(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *pos[1] = {NULL};
    cli_opt_t opts[] = {{"db", 1, &db, NULL}, {NULL, 0, NULL, NULL}};
    if (cli_parse("backup", argc, argv, opts, pos, 1, 1) < 0) return 2;
    ov_error_t err = {0};
    char summary[200];
    if (store_backup(db, pos[0], summary, sizeof summary, &err) != 0) return fail("backup", &err);
    char shown[512];
    printf("backed up %s to %s (%s)\n", store_url_redact(db, shown, sizeof shown), pos[0], summary);
    return 0;
}

int cmd_restore(int argc, char **argv)
{
    const char *db = NULL, *pos[1] = {NULL};
    int force = 0;
    cli_opt_t opts[] = {{"db", 1, &db, NULL}, {"force", 0, NULL, &force}, {NULL, 0, NULL, NULL}};
    if (cli_parse("restore", argc, argv, opts, pos, 1, 1) < 0) return 2;
    if (!db) {
        fprintf(stderr, "oversight restore: --db URL is required (the database to restore into)\n");
        return 2;
    }
    ov_error_t err = {0};
    if (store_restore(pos[0], db, force, &err) != 0) return fail("restore", &err);
    char shown[512];
    printf("restored %s into %s\n", pos[0], store_url_redact(db, shown, sizeof shown));
    return 0;
}
