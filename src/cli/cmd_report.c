/*
 * cmd_report.c: `oversight report add FILE.json` (record a report that
 * covers many bodies, with its recommendations and each addressee's part,
 * all or nothing: the JSON of POST /api/v1/reports, docs/api.md),
 * `oversight report add-recommendation REPORT_ID FILE.json` (one more
 * recommendation of a recorded report, a part for each addressee, all or
 * nothing) and `oversight report list` (the reports, newest first).
 */
#include "cli/cli.h"
#include "app/reports.h"
#include "store/reports.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int open_db(const char *cmd, const char *db, store_t **s)
{
    ov_error_t err = {0};
    if (store_open(db, STORE_OPEN_EXISTING, s, &err) == 0) return 0;
    fprintf(stderr, "oversight %s: %s\n", cmd, err.message);
    return -1;
}

static int report_add(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *pos[1] = {NULL};
    const cli_opt_t opts[] = {{"db", 1, &db, NULL}, {NULL, 0, NULL, NULL}};
    if (cli_parse("report add", argc, argv, opts, pos, 1, 1) < 0) return 2;
    json_error_t jerr;
    json_t *root = json_load_file(pos[0], JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        fprintf(stderr, "oversight report add: %s line %d: %s\n", pos[0], jerr.line, jerr.text);
        return 1;
    }
    store_t *s = NULL;
    if (open_db("report add", db, &s) != 0) {
        json_decref(root);
        return 1;
    }
    ov_error_t err = {0};
    long long id = 0;
    int rc = app_report_create(s, root, store_actor(s), &id, &err);
    store_close(s);
    json_decref(root);
    if (rc != 0) {
        fprintf(stderr, "oversight report add: %s: %s%s%s\n", pos[0], err.field[0] ? err.field : "",
                err.field[0] ? ": " : "", err.message);
        return 1;
    }
    printf("report %lld recorded\n", id);
    return 0;
}

/* `report add-recommendation REPORT_ID FILE.json`: the JSON of POST
 * /api/v1/reports/{id}/recommendations, added to the report as it stands
 * now (the operator's command: no If-Match; its version is read in the
 * same run). */
static int report_add_recommendation(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *pos[2] = {NULL, NULL};
    const cli_opt_t opts[] = {{"db", 1, &db, NULL}, {NULL, 0, NULL, NULL}};
    if (cli_parse("report add-recommendation", argc, argv, opts, pos, 2, 2) < 0) return 2;
    char *end = NULL;
    long long id = strtoll(pos[0], &end, 10);
    if (!*pos[0] || *end || id <= 0) {
        fprintf(stderr, "oversight report add-recommendation: REPORT_ID '%s' is not a report's id (a whole number)\n",
                pos[0]);
        return 2;
    }
    json_error_t jerr;
    json_t *root = json_load_file(pos[1], JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        fprintf(stderr, "oversight report add-recommendation: %s line %d: %s\n", pos[1], jerr.line, jerr.text);
        return 1;
    }
    store_t *s = NULL;
    if (open_db("report add-recommendation", db, &s) != 0) {
        json_decref(root);
        return 1;
    }
    ov_error_t err = {0};
    json_t *report = NULL;
    long long sid = 0;
    int rc = store_report_get(s, id, NULL, &report, &err);
    if (rc == 0)
        rc = app_report_recommendation_add(s, id, json_integer_value(json_object_get(report, "version")), root,
                                           store_actor(s), &sid, &err);
    store_close(s);
    json_decref(root);
    json_decref(report);
    if (rc != 0) {
        fprintf(stderr, "oversight report add-recommendation: %s: %s%s%s\n", pos[1], err.field[0] ? err.field : "",
                err.field[0] ? ": " : "", err.message);
        return 1;
    }
    printf("recommendation added to report %lld\n", id);
    return 0;
}

static int report_list(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *body = NULL;
    const cli_opt_t opts[] = {{"db", 1, &db, NULL}, {"body", 1, &body, NULL}, {NULL, 0, NULL, NULL}};
    if (cli_parse("report list", argc, argv, opts, NULL, 0, 0) < 0) return 2;
    store_t *s = NULL;
    if (open_db("report list", db, &s) != 0) return 1;
    ov_error_t err = {0};
    json_t *rows = NULL;
    int rc = store_reports_list(s, NULL, body, &rows, &err);
    store_close(s);
    if (rc != 0) {
        fprintf(stderr, "oversight report list: %s\n", err.message);
        return 1;
    }
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
        printf("%lld\t%s\t%s\t%lld bodies\t%lld recommendations\t%s\n",
               (long long)json_integer_value(json_object_get(r, "id")),
               json_string_value(json_object_get(r, "published_on")), json_string_value(json_object_get(r, "kind")),
               (long long)json_integer_value(json_object_get(r, "bodies")),
               (long long)json_integer_value(json_object_get(r, "recommendations")),
               json_string_value(json_object_get(r, "title")));
    json_decref(rows);
    return 0;
}

int cmd_report(int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : "";
    if (strcmp(sub, "add") == 0) return report_add(argc - 1, argv + 1);
    if (strcmp(sub, "add-recommendation") == 0) return report_add_recommendation(argc - 1, argv + 1);
    if (strcmp(sub, "list") == 0) return report_list(argc - 1, argv + 1);
    fprintf(stderr, "oversight report: %s%s%sexpected add, add-recommendation or list (see 'oversight help report')\n",
            *sub ? "unknown subcommand '" : "", sub, *sub ? "'; " : "");
    return 2;
}
