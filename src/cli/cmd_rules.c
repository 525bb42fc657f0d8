/*
 * cmd_rules.c: the rules from the command line: `oversight readiness`,
 * `oversight candidates`, `oversight deadlines`. Text by default (one
 * reason per line), JSON with --json.
 */
#include "cli/cli.h"
#include "core/rules.h"
#include "store/snapshot.h"
#include "core/jget.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void print_items(const char *heading, json_t *items)
{
    size_t i;
    json_t *it;
    printf("%s (%zu)\n", heading, json_array_size(items));
    json_array_foreach(items, i, it) printf("  - %s\n", jget_text(it, "reason"));
}

/* From db, the snapshot of body `code` (store_body_snapshot), or with code
 * NULL every body's (store_snapshots). NULL after printing why. */
static json_t *load_snapshots(const char *cmd, const char *db, const char *code)
{
    store_t *s = NULL;
    ov_error_t err = {0};
    json_t *out = NULL;
    int rc = store_open(db, STORE_OPEN_EXISTING, &s, &err);
    if (rc == 0) {
        rc = code ? store_body_snapshot(s, code, &out, &err) : store_snapshots(s, &out, &err);
        store_close(s);
    }
    if (rc) fprintf(stderr, "oversight %s: %s\n", cmd, err.message);
    return rc ? NULL : out;
}

static int emit(json_t *r, int as_json)
{
    if (!r) {
        fprintf(stderr, "oversight: out of memory\n");
        return 1;
    }
    if (as_json) {
        char *txt = json_dumps(r, JSON_INDENT(2));
        if (txt) puts(txt);
        free(txt);
    }
    json_decref(r);
    return 0;
}

int cmd_readiness(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *as_of_s = NULL;
    int as_json = 0;
    const cli_opt_t opts[] = {{"db", 1, &db, NULL}, {"as-of", 1, &as_of_s, NULL}, {"json", 0, NULL, &as_json},
                              {NULL, 0, NULL, NULL}};
    const char *pos[1] = {NULL};
    odate_t as_of;
    if (cli_parse("readiness", argc, argv, opts, pos, 1, 1) < 0 || cli_day_opt("readiness", "as-of", as_of_s, &as_of))
        return 2;
    json_t *snap = load_snapshots("readiness", db, pos[0]);
    if (!snap) return 1;
    json_t *r = rules_readiness(snap, &as_of);
    json_decref(snap);
    if (r && !as_json) {
        printf("%s\n", jget_text(r, "summary"));
        print_items("Blocking", json_object_get(r, "blocking"));
        print_items("Supporting", json_object_get(r, "supporting"));
    }
    return emit(r, as_json);
}

int cmd_candidates(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *as_of_s = NULL;
    int as_json = 0;
    const cli_opt_t opts[] = {{"db", 1, &db, NULL}, {"as-of", 1, &as_of_s, NULL}, {"json", 0, NULL, &as_json},
                              {NULL, 0, NULL, NULL}};
    odate_t as_of;
    if (cli_parse("candidates", argc, argv, opts, NULL, 0, 0) < 0 || cli_day_opt("candidates", "as-of", as_of_s, &as_of))
        return 2;
    json_t *snaps = load_snapshots("candidates", db, NULL);
    if (!snaps) return 1;
    json_t *r = rules_engage_candidates(snaps, &as_of);
    json_decref(snaps);
    if (r && !as_json) {
        size_t i;
        json_t *c;
        if (json_array_size(r) == 0) printf("No body in Scan shows the signs that led others into Engage.\n");
        json_array_foreach(r, i, c) {
            printf("%s (%s), score %lld\n", jget_text(c, "name"), jget_text(c, "code"),
                   (long long)json_integer_value(json_object_get(c, "score")));
            size_t k;
            json_t *why;
            json_array_foreach(json_object_get(c, "reasons"), k, why) printf("  - %s\n", jget_text(why, "reason"));
        }
    }
    return emit(r, as_json);
}

int cmd_deadlines(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *before_s = NULL, *today_s = NULL;
    int as_json = 0;
    const cli_opt_t opts[] = {{"db", 1, &db, NULL}, {"before", 1, &before_s, NULL}, {"today", 1, &today_s, NULL},
                              {"json", 0, NULL, &as_json}, {NULL, 0, NULL, NULL}};
    odate_t today, before;
    if (cli_parse("deadlines", argc, argv, opts, NULL, 0, 0) < 0 || cli_day_opt("deadlines", "today", today_s, &today))
        return 2;
    if (before_s) {
        if (cli_day_opt("deadlines", "before", before_s, &before)) return 2;
    } else {
        before = date_add_days(&today, RULES_UPCOMING_DAYS);
    }
    json_t *snaps = load_snapshots("deadlines", db, NULL);
    if (!snaps) return 1;
    json_t *r = rules_deadlines(snaps, &today, &before);
    json_decref(snaps);
    if (r && !as_json) {
        print_items("Overdue", json_object_get(r, "overdue"));
        print_items("Upcoming", json_object_get(r, "upcoming"));
    }
    return emit(r, as_json);
}
