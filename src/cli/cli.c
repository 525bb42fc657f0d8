/*
 * cli.c: the command table, help, version and option parsing.
 */
#include "cli/cli.h"
#include "routes/routes.h"
#include "api/api.h"
#include "store/store.h"
#include <pwd.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef OV_VERSION
#define OV_VERSION "dev"
#endif

typedef struct {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *usage;
    const char *summary;
} command_t;

static int cmd_help(int argc, char **argv);
static int cmd_version(int argc, char **argv);

static const command_t COMMANDS[] = {
    {"init", cmd_init, "init DB", "create a database with the forces and the real Engage history"},
    {"demo", cmd_demo, "demo DB", "create a database with demo data (init, plus the Metropolitan Police case)"},
    {"serve", cmd_serve, "serve [--db URL] [--listen ADDR:PORT] [--threads N] [--today DATE] [--quiet] [--secure-cookies]"
              " [--cache-lag-ms MS] [--trusted-proxy ADDR[,ADDR...]]...",
     "run the web server and JSON API (default --db " CLI_DEFAULT_DB " --listen 127.0.0.1:8080)"},
    {"user", cmd_user, "user add USERNAME --role ROLE [--body CODE] [--name NAME] [--email ADDRESS] [--db URL]"
     " | user passwd USERNAME [--db URL] | user disable USERNAME [--db URL] | user email USERNAME ADDRESS|'' [--db URL]"
     " | user list [--db URL]",
     "manage accounts; passwords are read from stdin (one line, at least 10 characters); passwd and disable end "
     "the user's sessions and API tokens"},
    {"token", cmd_token, "token create USERNAME [--name LABEL] [--db URL] | token revoke ID [--db URL]",
     "create an API token (printed once) or revoke one"},
    {"import", cmd_import, "import FILE [--body CODE] [--dry-run] [--format json|text] [--emit-load]",
     "read a published letter (text or HTML, - for stdin) and print the draft it yields (JSON, or a summary; "
     "--emit-load: as `oversight load` steps to check, edit and load); never writes to the record"},
    {"export", cmd_export, "export [--format csv|json] [--out DIR|FILE] [--all] [--db URL]",
     "the public record as open data: JSON (one document, stdout or FILE) or CSV (one file per table in DIR)"},
    {"import-export", cmd_import_export, "import-export DIR_OR_FILE [--add-bodies] [--db URL]",
     "restore an `oversight export` (CSV directory or JSON file) into a fresh `oversight init` database, bodies "
     "matched by code"},
    {"letter", cmd_letter, "letter BODY --kind move_to_engage|return_to_scan|revisit [--format text|html|pdf|json] [--out FILE] [--db URL]",
     "a draft letter generated from the record, printed or written to FILE (nothing is saved)"},
    {"release", cmd_release, "release BODY [--draft] [--format text|html|json] [--out FILE] [--db URL]",
     "the body's latest news release as it stands (a draft with its edits and quotes, or as published); with"
     " --draft, or when it has none, a new draft from the record (nothing is saved)"},
    {"load", cmd_load, "load FILE [--db URL]",
     "add a monitoring record written as JSON steps (see docs/load-format.md); all or nothing"},
    {"body", cmd_body,
     "body add CODE --name N --kind police|fire|national --reason R [--on DATE] [--country C] [--governance G]"
     " [--local-policing-body L] [--chief-officer-title T] | body rename CODE --name N --reason R [--on DATE]"
     " | body merge A B --code C --name N --reason R [--on DATE] [--governance G ...] | body retire CODE --reason R"
     " [--on DATE] | body show CODE | body list [--kind K] | body load-national"
     " | body person add CODE --post chief_officer|lpb_holder|lead_hmi|liaison_lead --name N [--title T] [--from DATE]"
     " [--to DATE] [--acting] [--source URL] | body person list CODE   (each with [--db URL])",
     "add, rename, merge or retire a body (audited, with its day and reason); who held its posts"},
    {"framework", cmd_framework, "framework load FILE [--db URL] | framework list [--db URL]",
     "add a monitoring framework (levels, transitions, who recommends and decides, dates in force) from its JSON file"
     " (see docs/frameworks.md), or list the frameworks with their levels"},
    {"report", cmd_report,
     "report add FILE.json [--db URL] | report add-recommendation REPORT_ID FILE.json [--db URL] | report list"
     " [--body CODE] [--db URL]",
     "record a report that covers many bodies (thematic, national, joint) with its recommendations and each"
     " addressee's part, all or nothing (the JSON of POST /api/v1/reports; errors name the line or field); add one"
     " more recommendation to a recorded report, a part for each addressee it names among the bodies the report"
     " covers and national bodies (the JSON of POST /api/v1/reports/{id}/recommendations); or list them"},
    {"theme", cmd_theme, "theme add CODE --name N [--description D] [--db URL] | theme list [--db URL]",
     "add a theme to the controlled list that causes of concern and recommendations are tagged from (audited), or"
     " list them"},
    {"readiness", cmd_readiness, "readiness CODE [--as-of DATE] [--json] [--db URL]",
     "what blocks and what supports a body's return to Scan"},
    {"candidates", cmd_candidates, "candidates [--as-of DATE] [--json] [--db URL]",
     "bodies in Scan showing the signs that led others into Engage"},
    {"deadlines", cmd_deadlines, "deadlines [--before DATE] [--today DATE] [--json] [--db URL]",
     "overdue and upcoming deadlines across bodies"},
    {"remind", cmd_remind, "remind [--db URL] [--today DATE] [--smtp URL] [--from ADDRESS] [--smtp-user USER] [--base-url URL] [--dry-run]",
     "e-mail deadline reminders (30, 7, 1 days before, then overdue; each once) to the body's users through SMTP"
     " (--smtp smtp://HOST:PORT or smtps://, default $OVERSIGHT_SMTP_URL or smtp://127.0.0.1:25; password in"
     " $OVERSIGHT_SMTP_PASSWORD)"},
    {"synth", cmd_synth, "synth [--db URL] [--bodies N] [--seed S] [--recommendations M] [--progress P]",
     "fill a fresh `oversight init` database with a reproducible synthetic national-scale record (benchmarks;"
     " defaults 100000 bodies, 20 recommendations and 100 progress updates per body, seed 1)"},
    {"audit", cmd_audit,
     "audit verify [--deep] [--db URL] | audit log [--entity E --id N] [--limit N] [--json] [--db URL]",
     "check the audit trail's hash chain (exit 1 naming the first bad entry; --deep: also every audited row against "
     "its trail, one line per row that differs), or list its entries"},
    {"backup", cmd_backup, "backup DEST [--db URL]",
     "copy the database to the new file DEST, consistently even while the server writes (SQLite backup API;"
     " pg_dump -Fc for PostgreSQL, checked with pg_restore --list)"},
    {"restore", cmd_restore, "restore SRC --db URL [--force]",
     "restore a backup (integrity-checked, schema not newer than this build) into URL; --force replaces an existing one"
     " (PostgreSQL: pg_restore in one transaction, then audit verify)"},
    {"version", cmd_version, "version", "print the version"},
    {"help", cmd_help, "help [COMMAND|api]", "show this help, a command's usage, or the API routes"},
    {NULL, NULL, NULL, NULL},
};

static const command_t *find(const char *name)
{
    for (const command_t *c = COMMANDS; c->name; c++)
        if (strcmp(c->name, name) == 0) return c;
    return NULL;
}

static int cmd_version(int argc, char **argv)
{
    if (cli_parse("version", argc, argv, NULL, NULL, 0, 0) < 0) return 2;
    printf("oversight %s\n", OV_VERSION);
    return 0;
}

static void usage_all(FILE *f)
{
    fprintf(f, "oversight %s: monitoring of inspected bodies (Scan/Engage)\n\nusage: oversight COMMAND [OPTIONS]\n\n", OV_VERSION);
    for (const command_t *c = COMMANDS; c->name; c++)
        fprintf(f, "  %-9s %s\n", c->name, c->summary);
    fprintf(f, "\nDatabase URLs: sqlite:PATH (or a plain path), or postgres://USER@HOST:PORT/DBNAME.\n'oversight help COMMAND' shows a command's options; 'oversight help api' lists the HTTP routes, 'oversight help openapi' prints them as an OpenAPI 3.1 document.\n");
}

static int cmd_help(int argc, char **argv)
{
    const char *pos[1] = {NULL};
    if (cli_parse("help", argc, argv, NULL, pos, 0, 1) < 0) return 2;
    if (!pos[0]) { usage_all(stdout); return 0; }
    if (strcmp(pos[0], "api") == 0) {
        for (const http_route_t *r = routes_table; r->pattern; r++)
            printf("%-5s %-40s %s\n", r->method, r->pattern, r->summary);
        return 0;
    }
    if (strcmp(pos[0], "openapi") == 0) {   /* what GET /api/v1/openapi.json serves */
        json_t *doc = api_openapi_document(routes_table);
        int rc = doc && json_dumpf(doc, stdout, JSON_INDENT(2)) == 0 ? 0 : 1;
        putchar('\n');
        json_decref(doc);
        return rc;
    }
    const command_t *c = find(pos[0]);
    if (!c) {
        fprintf(stderr, "oversight help: unknown command '%s'\n", pos[0]);
        return 2;
    }
    printf("usage: oversight %s\n  %s\n", c->usage, c->summary);
    return 0;
}

int cli_parse(const char *cmd, int argc, char **argv, const cli_opt_t *opts,
              const char **pos, int min_pos, int max_pos)
{
    int npos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) == 0 && a[2]) {
            const char *name = a + 2;
            const char *eq = strchr(name, '=');
            size_t n = eq ? (size_t)(eq - name) : strlen(name);
            const cli_opt_t *o = NULL;
            for (int k = 0; opts && opts[k].name; k++)
                if (strlen(opts[k].name) == n && strncmp(opts[k].name, name, n) == 0) o = &opts[k];
            if (!o) {
                fprintf(stderr, "oversight %s: unknown option '%.*s' (see 'oversight help %s')\n", cmd, (int)n + 2, a, cmd);
                return -1;
            }
            if (o->has_value) {
                const char *v = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
                if (!v || !*v) {
                    fprintf(stderr, "oversight %s: option '--%s' needs a value\n", cmd, o->name);
                    return -1;
                }
                if (o->has_value == CLI_OPT_LIST) {
                    int k = 0;
                    while (k < CLI_LIST_MAX && o->value[k]) k++;
                    if (k == CLI_LIST_MAX) {
                        fprintf(stderr, "oversight %s: option '--%s' may be given at most %d times\n", cmd, o->name,
                                CLI_LIST_MAX);
                        return -1;
                    }
                    o->value[k] = v;
                } else {
                    *o->value = v;
                }
            } else {
                if (eq) {
                    fprintf(stderr, "oversight %s: option '--%s' takes no value\n", cmd, o->name);
                    return -1;
                }
                *o->flag = 1;
            }
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "oversight %s: unknown option '%s' (see 'oversight help %s')\n", cmd, a, cmd);
            return -1;
        } else {
            if (npos >= max_pos) {
                fprintf(stderr, "oversight %s: unexpected argument '%s' (see 'oversight help %s')\n", cmd, a, cmd);
                return -1;
            }
            pos[npos++] = a;
        }
    }
    if (npos < min_pos) {
        const command_t *c = find(cmd);
        fprintf(stderr, "oversight %s: missing argument (usage: oversight %s)\n", cmd, c ? c->usage : cmd);
        return -1;
    }
    return npos;
}

int cli_main(int argc, char **argv)
{
    if (argc < 2) {
        usage_all(stderr);
        return 2;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) name = "help";
    if (strcmp(name, "--version") == 0) name = "version";
    const command_t *c = find(name);
    if (!c) {
        fprintf(stderr, "oversight: unknown command '%s' (see 'oversight help')\n", argv[1]);
        return 2;
    }
    /* the audit trail's "who" for changes made from the command line */
    const struct passwd *pw = getpwuid(getuid());
    char actor[64];
    snprintf(actor, sizeof actor, "cli:%.59s", pw && pw->pw_name ? pw->pw_name : "unknown");
    store_thread_actor_set(actor);
    return c->fn(argc - 1, argv + 1);
}

int cli_day_opt(const char *cmd, const char *name, const char *v, odate_t *out)
{
    if (!v) {
        const char *pinned = getenv("OVERSIGHT_TODAY");
        if (pinned && date_parse_day(pinned, out) == 0) return 0;
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        odate_t t = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, DATE_DAY};
        *out = t;
        return 0;
    }
    if (date_parse_day(v, out) == 0) return 0;
    fprintf(stderr, "oversight %s: --%s must be a day as YYYY-MM-DD, not '%s'\n", cmd, name, v);
    return -1;
}
