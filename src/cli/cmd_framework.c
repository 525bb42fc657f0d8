/*
 * cmd_framework.c: `oversight framework load FILE` (add a monitoring
 * framework from its JSON file, docs/frameworks.md) and `oversight
 * framework list`.
 */
#include "cli/cli.h"
#include "store/bodies.h"
#include "store/frameworks.h"
#include <stdio.h>
#include <string.h>

static int open_db(const char *cmd, const char *db, store_t **s)
{
    ov_error_t err = {0};
    if (store_open(db, STORE_OPEN_EXISTING, s, &err) == 0) return 0;
    fprintf(stderr, "oversight %s: %s\n", cmd, err.message);
    return -1;
}

static int framework_load(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *pos[1] = {NULL};
    const cli_opt_t opts[] = {{"db", 1, &db, NULL}, {NULL, 0, NULL, NULL}};
    if (cli_parse("framework load", argc, argv, opts, pos, 1, 1) < 0) return 2;
    json_error_t jerr;
    json_t *root = json_load_file(pos[0], JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        fprintf(stderr, "oversight framework load: %s line %d: %s\n", pos[0], jerr.line, jerr.text);
        return 1;
    }
    store_t *s = NULL;
    if (open_db("framework load", db, &s) != 0) {
        json_decref(root);
        return 1;
    }
    ov_error_t err = {0};
    char code[PHASE_CODE_MAX] = "";
    int rc = store_framework_load(s, root, code, &err);
    store_close(s);
    json_decref(root);
    if (rc != 0) {
        fprintf(stderr, "oversight framework load: %s: %s\n", pos[0], err.message);
        return 1;
    }
    printf("framework %s loaded\n", code);
    return 0;
}

static int framework_list(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB;
    const cli_opt_t opts[] = {{"db", 1, &db, NULL}, {NULL, 0, NULL, NULL}};
    if (cli_parse("framework list", argc, argv, opts, NULL, 0, 0) < 0) return 2;
    store_t *s = NULL;
    if (open_db("framework list", db, &s) != 0) return 1;
    ov_error_t err = {0};
    phase_model_t m;
    int rc = store_phase_model(s, &m, &err);
    store_close(s);
    if (rc != 0) {
        fprintf(stderr, "oversight framework list: %s\n", err.message);
        return 1;
    }
    for (int i = 0; i < m.nframeworks; i++) {
        const framework_def_t *fw = &m.frameworks[i];
        char from[DATE_TEXT_MAX] = "", to[DATE_TEXT_MAX] = "";
        if (fw->has_from) date_format(&fw->in_force_from, from);
        if (fw->has_to) date_format(&fw->in_force_to, to);
        printf("%s\t%s\t%s%s%s%s%s%s%s%s%s\n", fw->code, fw->name, *from || *to ? "in force" : "in force always",
               *from ? " from " : "", from, *to ? " to " : "", to, *fw->succeeds ? "\tsucceeds " : "", fw->succeeds,
               *fw->applies_to ? "\tapplies to " : "", fw->applies_to);
        for (int k = 0; k < m.nphases; k++)
            if (strcmp(m.phases[k].framework, fw->code) == 0)
                printf("  %d\t%s\t%s%s\n", m.phases[k].level, m.phases[k].code, m.phases[k].name,
                       m.phases[k].is_default ? " (default)" : "");
    }
    return 0;
}

int cmd_framework(int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : "";
    if (strcmp(sub, "load") == 0) return framework_load(argc - 1, argv + 1);
    if (strcmp(sub, "list") == 0) return framework_list(argc - 1, argv + 1);
    fprintf(stderr, "oversight framework: %s%s%sexpected load or list (see 'oversight help framework')\n",
            *sub ? "unknown subcommand '" : "", sub, *sub ? "'; " : "");
    return 2;
}
