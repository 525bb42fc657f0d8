/*
 * cmd_theme.c: `oversight theme add CODE --name N [--description D]` (add
 * a theme to the controlled list, audited) and `oversight theme list`
 * (docs/api.md, "Themes and priority").
 */
#include "cli/cli.h"
#include "store/themes.h"
#include <stdio.h>
#include <string.h>

static int open_db(const char *cmd, const char *db, store_t **s)
{
    ov_error_t err = {0};
    if (store_open(db, STORE_OPEN_EXISTING, s, &err) == 0) return 0;
    fprintf(stderr, "oversight %s: %s\n", cmd, err.message);
    return -1;
}

static int theme_add(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *name = NULL, *description = NULL, *pos[1] = {NULL};
    const cli_opt_t opts[] = {{"db", 1, &db, NULL}, {"name", 1, &name, NULL}, {"description", 1, &description, NULL},
                              {NULL, 0, NULL, NULL}};
    if (cli_parse("theme add", argc, argv, opts, pos, 1, 1) < 0) return 2;
    if (!name) {
        fprintf(stderr, "oversight theme add: --name is required (the theme in words)\n");
        return 2;
    }
    store_t *s = NULL;
    if (open_db("theme add", db, &s) != 0) return 1;
    ov_error_t err = {0};
    int rc = store_theme_add(s, pos[0], name, description, NULL, &err);
    store_close(s);
    if (rc != 0) {
        fprintf(stderr, "oversight theme add: %s%s%s\n", err.field[0] ? err.field : "", err.field[0] ? ": " : "",
                err.message);
        return 1;
    }
    printf("theme %s added\n", pos[0]);
    return 0;
}

static int theme_list(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB;
    const cli_opt_t opts[] = {{"db", 1, &db, NULL}, {NULL, 0, NULL, NULL}};
    if (cli_parse("theme list", argc, argv, opts, NULL, 0, 0) < 0) return 2;
    store_t *s = NULL;
    if (open_db("theme list", db, &s) != 0) return 1;
    ov_error_t err = {0};
    json_t *rows = NULL;
    int rc = store_themes_list(s, &rows, &err);
    store_close(s);
    if (rc != 0) {
        fprintf(stderr, "oversight theme list: %s\n", err.message);
        return 1;
    }
    size_t i;
    json_t *t;
    json_array_foreach(rows, i, t)
        printf("%s\t%s\n", json_string_value(json_object_get(t, "code")), json_string_value(json_object_get(t, "name")));
    json_decref(rows);
    return 0;
}

int cmd_theme(int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : "";
    if (strcmp(sub, "add") == 0) return theme_add(argc - 1, argv + 1);
    if (strcmp(sub, "list") == 0) return theme_list(argc - 1, argv + 1);
    fprintf(stderr, "oversight theme: %s%s%sexpected add or list (see 'oversight help theme')\n",
            *sub ? "unknown subcommand '" : "", sub, *sub ? "'; " : "");
    return 2;
}
