/*
 * cmd_import.c: `oversight import FILE [--body CODE] [--dry-run] [--format
 * json|text] [--emit-load]`: reads a published letter (text or HTML; "-"
 * for stdin), prints the draft the importer makes of it as JSON on stdout
 * and its warnings on stderr, or (--format text) a summary for a person,
 * or (--emit-load) the draft as `oversight load` steps, which an inspector
 * checks, corrects and then confirms into the record with `oversight
 * load`. It never writes to the record: --dry-run, the only mode, is
 * accepted for scripts that say so explicitly. The known bodies are
 * the compiled-in reference lists (data/forces.csv, data/fire_services.csv);
 * --body names the body the letter is about when the text does not.
 */
#include "cli/cli.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/embed.h"
#include "docs/import.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct embed_file data_embed_files[];

typedef struct {
    import_body_ref_t *items;
    size_t n;
    int header_seen;
    int code_col, name_col;
} body_list_t;

static void bodies_free(body_list_t *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free((char *)l->items[i].code);
        free((char *)l->items[i].name);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

static int body_row(void *ctx, char **f, int n, int line, ov_error_t *err)
{
    body_list_t *l = ctx;
    (void)line;
    if (!l->header_seen) {
        l->code_col = l->name_col = -1;
        for (int i = 0; i < n; i++) {
            if (strcmp(f[i], "code") == 0) l->code_col = i;
            if (strcmp(f[i], "name") == 0) l->name_col = i;
        }
        if (l->code_col < 0 || l->name_col < 0)
            return ov_error_set(err, OV_EINTERNAL, "", "reference list lacks a code or name column");
        l->header_seen = 1;
        return 0;
    }
    if (l->code_col >= n || l->name_col >= n) return 0;
    import_body_ref_t *v = realloc(l->items, (l->n + 1) * sizeof *v);
    if (!v) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    l->items = v;
    char *code = strdup(f[l->code_col]), *name = strdup(f[l->name_col]);
    if (!code || !name) {
        free(code);
        free(name);
        return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    l->items[l->n].code = code;
    l->items[l->n].name = name;
    l->n++;
    return 0;
}

static int load_bodies(body_list_t *l, ov_error_t *err)
{
    static const char *const files[] = {"forces.csv", "fire_services.csv", NULL};
    for (const char *const *f = files; *f; f++) {
        const struct embed_file *e = embed_lookup(data_embed_files, *f);
        if (!e) return ov_error_set(err, OV_EINTERNAL, "", "reference file %s is not compiled in", *f);
        l->header_seen = 0;
        int rc = csv_parse((const char *)e->data, e->len, body_row, l, err);
        if (rc) return rc;
    }
    return 0;
}

/* Reads all of f (at most IMPORT_MAX_INPUT + 1 bytes, so the importer can
 * refuse what is larger). */
static int read_all(FILE *f, buf_t *b)
{
    char chunk[65536];
    size_t k;
    b->limit = IMPORT_MAX_INPUT + sizeof chunk;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (buf_append(b, chunk, k)) return -1;
        if (b->len > IMPORT_MAX_INPUT) break;
    }
    return ferror(f) ? -1 : 0;
}

static int jstr_or_null(const json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v && *v;
}

static const char *js(const json_t *o, const char *key, const char *none)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v && *v ? v : none;
}

/* The draft as a summary a person reads before anything is recorded. */
static void print_text(const json_t *j)
{
    const json_t *body = json_object_get(j, "body"), *dec = json_object_get(j, "decision");
    printf("kind: %s\n", js(j, "kind", "unknown"));
    if (jstr_or_null(body, "name")) printf("body: %s (%s)\n", js(body, "name", "?"), js(body, "code", "not in the list"));
    else printf("body: not found\n");
    if (json_is_true(json_object_get(dec, "found")))
        printf("decision: %s -> %s, effective %s, decided by %s\n", js(dec, "phase_from", "?"), js(dec, "phase_to", "?"),
               js(dec, "effective_on", "(no date)"), js(dec, "decided_by", "(not stated)"));
    else
        printf("decision: none stated\n");
    const json_t *causes = json_object_get(j, "causes");
    printf("causes of concern: %zu\n", json_array_size(causes));
    size_t i, k;
    json_t *c, *r;
    json_array_foreach(causes, i, c) {
        const char *text = js(c, "text", "(no text found)");
        json_t *acc = json_object_get(c, "accelerated");
        printf("  %zu. %.100s%s%s\n", i + 1, text, strlen(text) > 100 ? "..." : "",
               json_is_true(acc) ? " [accelerated]" : "");
        json_array_foreach(json_object_get(c, "recommendations"), k, r) {
            json_t *num = json_object_get(r, "number");
            if (json_is_integer(num)) printf("     recommendation %lld", (long long)json_integer_value(num));
            else printf("     recommendation (unnumbered)");
            printf(": deadline %s", js(r, "deadline", "not found"));
            if (jstr_or_null(r, "deadline_note")) printf(" (%s)", js(r, "deadline_note", ""));
            printf("; %zu requirements\n", json_array_size(json_object_get(r, "requirements")));
        }
    }
    const json_t *plan = json_object_get(j, "plan");
    if (json_is_object(plan))
        printf("plan: %s, agreed %s, %zu pillars\n", js(plan, "name", "(unnamed)"), js(plan, "agreed_on", "(no date)"),
               json_array_size(json_object_get(plan, "pillars")));
    const json_t *w = json_object_get(j, "warnings");
    printf("warnings: %zu\n", json_array_size(w));
    json_array_foreach(w, i, c) printf("  - %s\n", json_string_value(c));
}

int cmd_import(int argc, char **argv)
{
    const char *body = NULL, *format = "json";
    int dry_run = 0, emit_load = 0;
    const char *pos[1] = {NULL};
    cli_opt_t opts[] = {{"body", 1, &body, NULL},         {"format", 1, &format, NULL},
                        {"dry-run", 0, NULL, &dry_run},   {"emit-load", 0, NULL, &emit_load},
                        {NULL, 0, NULL, NULL}};
    if (cli_parse("import", argc, argv, opts, pos, 1, 1) < 0) return 2;
    (void)dry_run;   /* the only mode: nothing is ever written */
    int as_text = strcmp(format, "text") == 0;
    if (!as_text && strcmp(format, "json") != 0) {
        fprintf(stderr, "oversight import: option '--format': '%s' is not json or text\n", format);
        return 2;
    }
    if (emit_load && as_text) {
        fprintf(stderr, "oversight import: option '--emit-load': prints load steps (JSON), not --format text\n");
        return 2;
    }

    body_list_t all = {0};
    ov_error_t err;
    ov_error_clear(&err);
    int status = 1;
    buf_t in = BUF_INIT;
    import_result_t *r = NULL;
    json_t *j = NULL;
    char *out = NULL;

    if (load_bodies(&all, &err)) {
        fprintf(stderr, "oversight import: %s\n", err.message);
        goto done;
    }
    const import_body_ref_t *refs = all.items;
    size_t nrefs = all.n;
    if (body) {
        refs = NULL;
        for (size_t i = 0; i < all.n; i++)
            if (strcmp(all.items[i].code, body) == 0) refs = &all.items[i];
        if (!refs) {
            fprintf(stderr, "oversight import: option '--body': unknown body '%s'\n", body);
            status = 2;
            goto done;
        }
        nrefs = 1;
    }

    int from_stdin = strcmp(pos[0], "-") == 0;
    FILE *f = from_stdin ? stdin : fopen(pos[0], "rb");
    if (!f) {
        fprintf(stderr, "oversight import: cannot open '%s': %s\n", pos[0], strerror(errno));
        goto done;
    }
    int rrc = read_all(f, &in);
    int saved = errno;
    if (!from_stdin) fclose(f);
    if (rrc) {
        fprintf(stderr, "oversight import: cannot read '%s': %s\n", pos[0], in.failed && in.len ? "too large" : strerror(saved));
        goto done;
    }
    if (in.len > IMPORT_MAX_INPUT) {
        fprintf(stderr, "oversight import: '%s' is larger than the limit of %zu bytes\n", pos[0],
                (size_t)IMPORT_MAX_INPUT);
        goto done;
    }
    int rc = import_extract(in.data, in.len, refs, nrefs, &r, &err);
    if (rc) {
        fprintf(stderr, "oversight import: '%s': %s\n", pos[0], err.message);
        goto done;
    }
    j = import_result_to_json(r);
    if (j && body && !r->body.code) {
        /* the text does not name the body given: take the caller's word, and say so */
        json_t *b = json_object_get(j, "body");
        json_t *w = json_object_get(j, "warnings");
        char msg[300];
        snprintf(msg, sizeof msg, "the text does not name %s; body taken from --body", refs->name);
        if (!b || json_object_set_new(b, "code", json_string(refs->code)) ||
            json_object_set_new(b, "name", json_string(refs->name)) ||
            json_array_append_new(w, json_string(msg))) {
            json_decref(j);
            j = NULL;
        }
    }
    if (j && as_text) {
        print_text(j);
        status = fflush(stdout) == 0 ? 0 : 1;
        goto done;
    }
    if (j && emit_load) {
        /* the same draft as load steps: for an inspector to confirm */
        json_t *steps = import_draft_to_load(j, body, &err);
        if (!steps) {
            fprintf(stderr, "oversight import: '%s': %s\n", pos[0], err.message);
            goto done;
        }
        json_t *w = json_object_get(j, "warnings");
        for (size_t i = 0; i < json_array_size(w); i++)
            fprintf(stderr, "warning: %s\n", json_string_value(json_array_get(w, i)));
        json_decref(j);
        j = steps;
        out = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (!out) {
            fprintf(stderr, "oversight import: out of memory\n");
            goto done;
        }
        puts(out);
        status = fflush(stdout) == 0 ? 0 : 1;
        goto done;
    }
    out = j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    if (!out) {
        fprintf(stderr, "oversight import: out of memory\n");
        goto done;
    }
    puts(out);
    json_t *w = json_object_get(j, "warnings");
    for (size_t i = 0; i < json_array_size(w); i++)
        fprintf(stderr, "warning: %s\n", json_string_value(json_array_get(w, i)));
    status = fflush(stdout) == 0 ? 0 : 1;
done:
    free(out);
    json_decref(j);
    import_result_free(r);
    buf_free(&in);
    bodies_free(&all);
    import_shutdown();   /* the last import of the process: lets leak checkers see it all freed */
    return status;
}
