/*
 * cmd_body.c: `oversight body add|rename|merge|retire|show|list|
 * load-national|person` (docs/bodies.md): bodies changed at run time, as
 * POST /api/v1/bodies and its siblings change them, each change audited
 * under the command line's user ("cli:NAME") with its day and reason.
 */
#include "cli/cli.h"
#include "store/body_changes.h"
#include "store/bodies.h"
#include "store/entity.h"
#include "store/reference.h"
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

/* Prints j (stolen) as indented JSON. */
static void print_json(json_t *j)
{
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (text) printf("%s\n", text);
    free(text);
    json_decref(j);
}

static int finish(const char *cmd, int rc, ov_error_t *err, json_t *out, const char *done)
{
    if (rc != 0) {
        fprintf(stderr, "oversight %s: %s%s%s\n", cmd, err->field[0] ? err->field : "", err->field[0] ? ": " : "",
                err->message);
        json_decref(out);
        return 1;
    }
    printf("%s %s\n", done, json_string_value(json_object_get(out, "code")));
    json_decref(out);
    return 0;
}

static int today_of(const char *cmd, odate_t *today)
{
    return cli_day_opt(cmd, "today", NULL, today);
}

static int body_add(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *pos[1] = {NULL}, *name = NULL, *kind = NULL, *country = NULL, *gov = NULL,
               *lpb = NULL, *title = NULL, *on = NULL, *reason = NULL;
    const cli_opt_t opts[] = {{"db", 1, &db, NULL},         {"name", 1, &name, NULL},
                              {"kind", 1, &kind, NULL},     {"country", 1, &country, NULL},
                              {"governance", 1, &gov, NULL}, {"local-policing-body", 1, &lpb, NULL},
                              {"chief-officer-title", 1, &title, NULL}, {"on", 1, &on, NULL},
                              {"reason", 1, &reason, NULL}, {NULL, 0, NULL, NULL}};
    if (cli_parse("body add", argc, argv, opts, pos, 1, 1) < 0) return 2;
    odate_t today;
    if (today_of("body add", &today) != 0) return 2;
    store_t *s = NULL;
    if (open_db("body add", db, &s) != 0) return 1;
    body_input_t in = {pos[0], name, kind, country, gov, lpb, title};
    body_change_t ch = {.effective_on = on, .reason = reason};
    ov_error_t err = {0};
    json_t *out = NULL;
    int rc = store_body_add(s, &in, &ch, &today, &out, &err);
    store_close(s);
    return finish("body add", rc, &err, out, "added");
}

static int body_rename(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *pos[1] = {NULL}, *name = NULL, *on = NULL, *reason = NULL;
    const cli_opt_t opts[] = {{"db", 1, &db, NULL},   {"name", 1, &name, NULL},     {"on", 1, &on, NULL},
                              {"reason", 1, &reason, NULL}, {NULL, 0, NULL, NULL}};
    if (cli_parse("body rename", argc, argv, opts, pos, 1, 1) < 0) return 2;
    odate_t today;
    if (today_of("body rename", &today) != 0) return 2;
    store_t *s = NULL;
    if (open_db("body rename", db, &s) != 0) return 1;
    body_change_t ch = {.effective_on = on, .reason = reason};
    ov_error_t err = {0};
    json_t *out = NULL;
    int rc = store_body_rename(s, pos[0], name, &ch, &today, &out, &err);
    store_close(s);
    return finish("body rename", rc, &err, out, "renamed");
}

static int body_merge(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *pos[2] = {NULL, NULL}, *code = NULL, *name = NULL, *country = NULL,
               *gov = NULL, *lpb = NULL, *title = NULL, *on = NULL, *reason = NULL;
    const cli_opt_t opts[] = {{"db", 1, &db, NULL},         {"code", 1, &code, NULL},
                              {"name", 1, &name, NULL},     {"country", 1, &country, NULL},
                              {"governance", 1, &gov, NULL}, {"local-policing-body", 1, &lpb, NULL},
                              {"chief-officer-title", 1, &title, NULL}, {"on", 1, &on, NULL},
                              {"reason", 1, &reason, NULL}, {NULL, 0, NULL, NULL}};
    if (cli_parse("body merge", argc, argv, opts, pos, 2, 2) < 0) return 2;
    odate_t today;
    if (today_of("body merge", &today) != 0) return 2;
    store_t *s = NULL;
    if (open_db("body merge", db, &s) != 0) return 1;
    body_input_t in = {code, name, NULL, country, gov, lpb, title};
    body_change_t ch = {.effective_on = on, .reason = reason};
    ov_error_t err = {0};
    json_t *out = NULL;
    int rc = store_body_merge(s, pos[0], pos[1], &in, &ch, &today, &out, &err);
    store_close(s);
    return finish("body merge", rc, &err, out, "merged into");
}

static int body_retire(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *pos[1] = {NULL}, *on = NULL, *reason = NULL;
    const cli_opt_t opts[] = {{"db", 1, &db, NULL}, {"on", 1, &on, NULL}, {"reason", 1, &reason, NULL},
                              {NULL, 0, NULL, NULL}};
    if (cli_parse("body retire", argc, argv, opts, pos, 1, 1) < 0) return 2;
    odate_t today;
    if (today_of("body retire", &today) != 0) return 2;
    store_t *s = NULL;
    if (open_db("body retire", db, &s) != 0) return 1;
    body_change_t ch = {.effective_on = on, .reason = reason};
    ov_error_t err = {0};
    json_t *out = NULL;
    int rc = store_body_retire(s, pos[0], &ch, &today, &out, &err);
    store_close(s);
    return finish("body retire", rc, &err, out, "retired");
}

static int body_show(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *pos[1] = {NULL};
    const cli_opt_t opts[] = {{"db", 1, &db, NULL}, {NULL, 0, NULL, NULL}};
    if (cli_parse("body show", argc, argv, opts, pos, 1, 1) < 0) return 2;
    store_t *s = NULL;
    if (open_db("body show", db, &s) != 0) return 1;
    ov_error_t err = {0};
    json_t *out = NULL;
    int rc = store_body_get(s, pos[0], &out, &err);
    store_close(s);
    if (rc != 0) {
        fprintf(stderr, "oversight body show: %s\n", err.message);
        return 1;
    }
    print_json(out);
    return 0;
}

static int body_list(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *kind = NULL;
    const cli_opt_t opts[] = {{"db", 1, &db, NULL}, {"kind", 1, &kind, NULL}, {NULL, 0, NULL, NULL}};
    if (cli_parse("body list", argc, argv, opts, NULL, 0, 0) < 0) return 2;
    if (kind && !body_kind_known(kind)) {
        fprintf(stderr, "oversight body list: --kind must be police, fire or national\n");
        return 2;
    }
    store_t *s = NULL;
    if (open_db("body list", db, &s) != 0) return 1;
    ov_error_t err = {0};
    json_t *rows = NULL;
    long long total = 0;
    int rc = store_bodies_page(s, NULL, kind, -1, 0, &rows, &total, &err);
    store_close(s);
    if (rc != 0) {
        fprintf(stderr, "oversight body list: %s\n", err.message);
        return 1;
    }
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        const char *retired = json_string_value(json_object_get(r, "retired_on"));
        const char *succ = json_string_value(json_object_get(r, "successor"));
        const char *phase = json_string_value(json_object_get(r, "phase"));
        printf("%s\t%s\t%s\t%s%s%s%s%s\n", json_string_value(json_object_get(r, "code")),
               json_string_value(json_object_get(r, "kind")), phase ? phase : "-",
               json_string_value(json_object_get(r, "name")), retired ? "\tretired " : "", retired ? retired : "",
               succ ? ", merged into " : "", succ ? succ : "");
    }
    json_decref(rows);
    return 0;
}

static int body_load_national(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB;
    const cli_opt_t opts[] = {{"db", 1, &db, NULL}, {NULL, 0, NULL, NULL}};
    if (cli_parse("body load-national", argc, argv, opts, NULL, 0, 0) < 0) return 2;
    store_t *s = NULL;
    if (open_db("body load-national", db, &s) != 0) return 1;
    ov_error_t err = {0};
    long long added = 0;
    int rc = store_reference_load_national(s, &added, &err);
    store_close(s);
    if (rc != 0) {
        fprintf(stderr, "oversight body load-national: %s\n", err.message);
        return 1;
    }
    printf("%lld national bodies added\n", added);
    return 0;
}

static int person_add(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *pos[1] = {NULL}, *post = NULL, *name = NULL, *title = NULL, *from = NULL,
               *to = NULL, *source = NULL;
    int acting = 0;
    const cli_opt_t opts[] = {{"db", 1, &db, NULL},       {"post", 1, &post, NULL},  {"name", 1, &name, NULL},
                              {"title", 1, &title, NULL}, {"from", 1, &from, NULL},  {"to", 1, &to, NULL},
                              {"source", 1, &source, NULL}, {"acting", 0, NULL, &acting}, {NULL, 0, NULL, NULL}};
    if (cli_parse("body person add", argc, argv, opts, pos, 1, 1) < 0) return 2;
    json_t *in = json_pack("{s:s, s:s?, s:s?}", "body", pos[0], "post", post, "name", name);
    if (title) json_object_set_new(in, "title", json_string(title));
    if (from) json_object_set_new(in, "from_on", json_string(from));
    if (to) json_object_set_new(in, "to_on", json_string(to));
    if (source) json_object_set_new(in, "source_url", json_string(source));
    if (acting) json_object_set_new(in, "acting", json_true());
    const entity_def_t *e = entity_find("body-people");
    ov_error_t err = {0};
    int rc = entity_validate(e, in, 1, 0, &err);
    store_t *s = NULL;
    if (rc == 0 && open_db("body person add", db, &s) != 0) {
        json_decref(in);
        return 1;
    }
    long long id = 0;
    if (rc == 0) rc = store_entity_insert(s, e, in, &store_authz_system, &id, &err);
    store_close(s);
    json_decref(in);
    if (rc != 0) {
        fprintf(stderr, "oversight body person add: %s%s%s\n", err.field[0] ? err.field : "", err.field[0] ? ": " : "",
                err.message);
        return 1;
    }
    printf("post holder %lld recorded\n", id);
    return 0;
}

static int person_list(int argc, char **argv)
{
    const char *db = CLI_DEFAULT_DB, *pos[1] = {NULL};
    const cli_opt_t opts[] = {{"db", 1, &db, NULL}, {NULL, 0, NULL, NULL}};
    if (cli_parse("body person list", argc, argv, opts, pos, 1, 1) < 0) return 2;
    store_t *s = NULL;
    if (open_db("body person list", db, &s) != 0) return 1;
    ov_error_t err = {0};
    json_t *rows = NULL, *body = NULL;
    int rc = store_body_summary(s, pos[0], &body, &err);
    if (rc == 0) rc = store_entity_list(s, entity_find("body-people"), pos[0], NULL, 0, 1000, 0, &rows, &err);
    store_close(s);
    json_decref(body);
    if (rc != 0) {
        fprintf(stderr, "oversight body person list: %s\n", err.message);
        return 1;
    }
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        const char *from = json_string_value(json_object_get(r, "from_on")), *to = json_string_value(json_object_get(r, "to_on"));
        const char *title = json_string_value(json_object_get(r, "title"));
        printf("%s\t%s%s%s%s\t%s to %s\n", json_string_value(json_object_get(r, "post")),
               json_string_value(json_object_get(r, "name")), title ? " (" : "", title ? title : "", title ? ")" : "",
               from ? from : "…", to ? to : "now");
    }
    json_decref(rows);
    return 0;
}

int cmd_body(int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : "";
    if (strcmp(sub, "add") == 0) return body_add(argc - 1, argv + 1);
    if (strcmp(sub, "rename") == 0) return body_rename(argc - 1, argv + 1);
    if (strcmp(sub, "merge") == 0) return body_merge(argc - 1, argv + 1);
    if (strcmp(sub, "retire") == 0) return body_retire(argc - 1, argv + 1);
    if (strcmp(sub, "show") == 0) return body_show(argc - 1, argv + 1);
    if (strcmp(sub, "list") == 0) return body_list(argc - 1, argv + 1);
    if (strcmp(sub, "load-national") == 0) return body_load_national(argc - 1, argv + 1);
    if (strcmp(sub, "person") == 0) {
        const char *what = argc > 2 ? argv[2] : "";
        if (strcmp(what, "add") == 0) return person_add(argc - 2, argv + 2);
        if (strcmp(what, "list") == 0) return person_list(argc - 2, argv + 2);
        fprintf(stderr, "oversight body person: expected add or list (see 'oversight help body')\n");
        return 2;
    }
    fprintf(stderr, "oversight body: %s%s%sexpected add, rename, merge, retire, show, list, load-national or person"
                    " (see 'oversight help body')\n",
            *sub ? "unknown subcommand '" : "", sub, *sub ? "'; " : "");
    return 2;
}
