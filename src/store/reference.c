/*
 * reference.c: loading the compiled-in reference CSVs into the store.
 */
#include "store/reference.h"
#include "core/input.h"
#include "store/bodies.h"
#include "store/body_changes.h"
#include "core/csv.h"
#include "core/embed.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct embed_file data_embed_files[];

#define MAX_COLS 12

/* Maps header names to column positions; the first record is the header. */
typedef struct {
    const char *file;
    const char *cols[MAX_COLS];   /* wanted column names, NULL-terminated */
    int required;                 /* how many of cols (from the front) must exist */
    int pos[MAX_COLS];
    int seen_header;
    store_t *s;
    const char *kind;
    const odate_t *today;
} loader_t;

static int map_header(loader_t *L, char **f, int n, ov_error_t *err)
{
    for (int c = 0; c < MAX_COLS && L->cols[c]; c++) {
        L->pos[c] = -1;
        for (int i = 0; i < n; i++)
            if (strcmp(f[i], L->cols[c]) == 0) L->pos[c] = i;
        if (L->pos[c] < 0 && c < L->required)
            return ov_error_set(err, OV_EINVALID, L->cols[c], "%s line 1: missing column '%s'", L->file, L->cols[c]);
    }
    L->seen_header = 1;
    return 0;
}

static const char *col(loader_t *L, char **f, int n, int c)
{
    int p = L->pos[c];
    return p >= 0 && p < n ? f[p] : NULL;
}

static int prefix_line(loader_t *L, int line, int rc, ov_error_t *err)
{
    if (rc != 0 && err) {
        ov_error_prefix(err, "%s line %d: ", L->file, line);
        err->line = line;
    }
    return rc;
}

/* The rows of a body CSV, held until all are read: a row named in another
 * row's merged_into is created by that merge, after its predecessors. */
#define MAX_BODY_ROWS 256
#define BODY_COLS 8

typedef struct {
    loader_t L;
    char *f[MAX_BODY_ROWS][BODY_COLS];   /* strdup'd cells, NULL when absent */
    int line[MAX_BODY_ROWS];
    int n;
} body_rows_t;

static int body_collect(void *ctx, char **f, int n, int line, ov_error_t *err)
{
    body_rows_t *R = ctx;
    loader_t *L = &R->L;
    if (!L->seen_header) return map_header(L, f, n, err);
    if (R->n >= MAX_BODY_ROWS)
        return prefix_line(L, line, ov_error_set(err, OV_EINVALID, "", "more than %d bodies", MAX_BODY_ROWS), err);
    for (int c = 0; c < BODY_COLS; c++) {
        const char *v = col(L, f, n, c);
        if (v && !(R->f[R->n][c] = strdup(v))) return ov_error_set(err, OV_EINTERNAL, "", "out of memory");
    }
    R->line[R->n++] = line;
    return 0;
}

static const char *cell(const body_rows_t *R, int row, int c)
{
    const char *v = R->f[row][c];
    return v && *v ? v : NULL;
}

static body_input_t row_input(const body_rows_t *R, int i, const char *kind)
{
    body_input_t in = {cell(R, i, 0), cell(R, i, 1), kind, cell(R, i, 2), cell(R, i, 3), cell(R, i, 4), cell(R, i, 5)};
    return in;
}

/* Index of the row whose code is `code`, else -1. */
static int row_of(const body_rows_t *R, const char *code)
{
    for (int i = 0; code && i < R->n; i++)
        if (cell(R, i, 0) && strcmp(cell(R, i, 0), code) == 0) return i;
    return -1;
}

/* 1 when some row names row i's code in its merged_into. */
static int is_successor(const body_rows_t *R, int i)
{
    for (int k = 0; k < R->n; k++)
        if (cell(R, k, 6) && cell(R, i, 0) && strcmp(cell(R, k, 6), cell(R, i, 0)) == 0) return 1;
    return 0;
}

/* The merges of the file: each successor row is created by
 * store_body_merge from the two rows naming it, on their merged_on day, as
 * `oversight body merge` would, recorded as done by "reference data". */
static int body_merges(body_rows_t *R, ov_error_t *err)
{
    loader_t *L = &R->L;
    int rc = 0;
    for (int i = 0; rc == 0 && i < R->n; i++) {
        if (!is_successor(R, i)) continue;
        int preds[2], np = 0;
        for (int k = 0; k < R->n; k++) {
            const char *into = cell(R, k, 6);
            if (!into || strcmp(into, cell(R, i, 0)) != 0) continue;
            if (np == 2)
                return prefix_line(L, R->line[k], ov_error_set(err, OV_EINVALID, "merged_into",
                                   "more than two bodies are merged into '%s'", into), err);
            preds[np++] = k;
        }
        if (np != 2)
            return prefix_line(L, R->line[preds[0]], ov_error_set(err, OV_EINVALID, "merged_into",
                               "a merge takes two bodies; only one is merged into '%s'", cell(R, i, 0)), err);
        const char *on = cell(R, preds[0], 7), *on2 = cell(R, preds[1], 7);
        if (!on || !on2 || strcmp(on, on2) != 0)
            return prefix_line(L, R->line[preds[on ? 1 : 0]], ov_error_set(err, OV_EINVALID, "merged_on",
                               "the bodies merged into '%s' must give one merged_on day", cell(R, i, 0)), err);
        char reason[600];
        snprintf(reason, sizeof reason, "%s and %s merged into %s (reference data, %s).", cell(R, preds[0], 1),
                 cell(R, preds[1], 1), cell(R, i, 1), L->file);
        body_input_t succ = row_input(R, i, L->kind);
        body_change_t ch = {.effective_on = on, .reason = reason};
        odate_t today;
        if (date_parse_day(on, &today) != 0)
            return prefix_line(L, R->line[preds[0]], ov_error_set(err, OV_EINVALID, "merged_on",
                               "merged_on '%.32s' must be a day, YYYY-MM-DD", on), err);
        store_set_actor(L->s, REFERENCE_ACTOR);
        rc = store_body_merge(L->s, cell(R, preds[0], 0), cell(R, preds[1], 0), &succ, &ch, &today, NULL, err);
        store_set_actor(L->s, NULL);
        rc = prefix_line(L, R->line[i], rc, err);
    }
    return rc;
}

int store_reference_load_body_csv(store_t *s, const char *name, const char *text, size_t len,
                                  const char *kind, ov_error_t *err)
{
    body_rows_t R;
    memset(&R, 0, sizeof R);
    loader_t L = {name, {"code", "name", "country", "body_type", "local_policing_body", "chief_officer_title",
                         "merged_into", "merged_on", NULL},
                  2, {0}, 0, s, kind, NULL};
    R.L = L;
    int rc = csv_parse(text, len, body_collect, &R, err);
    /* first every body that is not a merge's successor, in the file's
     * order; then the merges, which add the successors */
    for (int i = 0; rc == 0 && i < R.n; i++) {
        const char *into = cell(&R, i, 6);
        if (into && row_of(&R, into) < 0)
            rc = prefix_line(&R.L, R.line[i], ov_error_set(err, OV_EINVALID, "merged_into",
                             "merged_into '%.64s' is not a body of this file", into), err);
        else if (into && !cell(&R, i, 7))
            rc = prefix_line(&R.L, R.line[i], ov_error_set(err, OV_EINVALID, "merged_on",
                             "merged_on is required with merged_into"), err);
        else if (!is_successor(&R, i)) {
            body_input_t in = row_input(&R, i, kind);
            rc = prefix_line(&R.L, R.line[i], store_body_insert(s, &in, err), err);
        }
    }
    if (rc == 0) rc = body_merges(&R, err);
    for (int i = 0; i < R.n; i++)
        for (int c = 0; c < BODY_COLS; c++) free(R.f[i][c]);
    return rc;
}

static int load_embedded_bodies(store_t *s, const char *file, const char *kind, ov_error_t *err)
{
    const struct embed_file *f = embed_lookup(data_embed_files, file);
    if (!f) return ov_error_set(err, OV_EINTERNAL, "", "reference file %s is not compiled in", file);
    char name[64];
    snprintf(name, sizeof name, "data/%s", file);
    return store_reference_load_body_csv(s, name, (const char *)f->data, f->len, kind, err);
}

int store_reference_load_bodies(store_t *s, ov_error_t *err)
{
    int rc = store_begin(s, err);
    if (rc != 0) return rc;
    if ((rc = load_embedded_bodies(s, "forces.csv", "police", err)) != 0
        || (rc = load_embedded_bodies(s, "fire_services.csv", "fire", err)) != 0
        || (rc = store_reference_load_national(s, NULL, err)) != 0) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, err);
}

int store_reference_load_national(store_t *s, long long *added, ov_error_t *err)
{
    const struct embed_file *f = embed_lookup(data_embed_files, "national_bodies.csv");
    if (!f) return ov_error_set(err, OV_EINTERNAL, "", "reference file national_bodies.csv is not compiled in");
    return store_national_bodies_load(s, (const char *)f->data, f->len, added, err);
}

/* engage_notes.csv rows, held while the history is loaded. */
typedef struct {
    char code[64], effective[16], to_phase[16];
    char recommended_by[128], decided_by[128], meeting[128], rationale[1536];
} note_t;

typedef struct {
    loader_t L;
    note_t notes[32];
    int nnotes;
} notes_loader_t;

static int note_row(void *ctx, char **f, int n, int line, ov_error_t *err)
{
    notes_loader_t *NL = ctx;
    loader_t *L = &NL->L;
    if (!L->seen_header) return map_header(L, f, n, err);
    if (NL->nnotes >= (int)(sizeof NL->notes / sizeof NL->notes[0]))
        return prefix_line(L, line, ov_error_set(err, OV_EINVALID, "", "too many notes"), err);
    for (int c = 0; c < 7; c++) {
        static const size_t cap[7] = {sizeof ((note_t *)0)->code, sizeof ((note_t *)0)->effective,
                                      sizeof ((note_t *)0)->to_phase, sizeof ((note_t *)0)->recommended_by,
                                      sizeof ((note_t *)0)->decided_by, sizeof ((note_t *)0)->meeting,
                                      sizeof ((note_t *)0)->rationale};
        const char *v = col(L, f, n, c);
        if (v && strlen(v) >= cap[c])   /* never cut a sourced text short */
            return prefix_line(L, line, ov_error_set(err, OV_EINVALID, L->cols[c], "%s is longer than %zu bytes",
                                                     L->cols[c], cap[c] - 1), err);
    }
    note_t *t = &NL->notes[NL->nnotes++];
    snprintf(t->code, sizeof t->code, "%s", col(L, f, n, 0));
    snprintf(t->effective, sizeof t->effective, "%s", col(L, f, n, 1));
    snprintf(t->to_phase, sizeof t->to_phase, "%s", col(L, f, n, 2));
    snprintf(t->recommended_by, sizeof t->recommended_by, "%s", col(L, f, n, 3));
    snprintf(t->decided_by, sizeof t->decided_by, "%s", col(L, f, n, 4));
    snprintf(t->meeting, sizeof t->meeting, "%s", col(L, f, n, 5));
    snprintf(t->rationale, sizeof t->rationale, "%s", col(L, f, n, 6));
    return 0;
}

typedef struct {
    loader_t L;
    notes_loader_t *notes;
} history_loader_t;

static int record_move(history_loader_t *H, const char *code, const char *date, const char *to,
                       const char *source, int line, ov_error_t *err)
{
    const note_t *note = NULL;
    for (int i = 0; i < H->notes->nnotes; i++) {
        const note_t *t = &H->notes->notes[i];
        if (strcmp(t->code, code) == 0 && strcmp(t->effective, date) == 0 && strcmp(t->to_phase, to) == 0) note = t;
    }
    /* What the sources do not say is said to be unknown, never filled in:
     * data/engage_notes.csv holds what they do say. */
    const phase_def_t *lv = phase_find(phase_model_builtin(), to);
    char unknown[200];
    snprintf(unknown, sizeof unknown, "%s %s (%s monitoring). The reasons are not stated in the published source.",
             lv && lv->level > 1 ? "Moved into" : "Returned to", lv ? lv->name : to,
             lv && lv->level > 1 ? "enhanced" : "routine");
    const char *why = note ? note->rationale : unknown;
    /* several sources are listed as "URL ; URL": one URL a line in
     * source_url (core/input.h), each its own link */
    char sources[INPUT_URL_LIST_MAX * (INPUT_URL_MAX + 1) + 1];
    size_t n = 0;
    for (const char *p = source ? source : ""; *p && n + 1 < sizeof sources;) {
        const char *sep = strstr(p, " ; ");
        size_t len = sep ? (size_t)(sep - p) : strlen(p);
        if (len >= sizeof sources - n - 1) len = sizeof sources - n - 2;
        if (n) sources[n++] = '\n';
        memcpy(sources + n, p, len);
        n += len;
        p = sep ? sep + 3 : p + len;
    }
    sources[n] = '\0';
    decision_input_t in = {
        .to_phase = to,
        .recommended_by = note && *note->recommended_by ? note->recommended_by : NULL,
        .decided_by = note && *note->decided_by ? note->decided_by
                                                : "HM Chief Inspector (name not stated in the published source)",
        .effective_on = date,
        .rationale = why,
        .meeting = note && *note->meeting ? note->meeting : NULL,
        .source_url = sources,
    };
    int rc = store_decision_record(H->L.s, code, &in, H->L.today, -1, NULL, err);
    return prefix_line(&H->L, line, rc, err);
}

static int history_row(void *ctx, char **f, int n, int line, ov_error_t *err)
{
    history_loader_t *H = ctx;
    loader_t *L = &H->L;
    if (!L->seen_header) return map_header(L, f, n, err);
    const char *code = col(L, f, n, 0), *entered = col(L, f, n, 1), *exited = col(L, f, n, 2);
    const char *source = col(L, f, n, 3);
    /* the published history is of the default framework (Scan and Engage):
     * its routine level and its enhanced level, by position */
    const phase_model_t *m = phase_model_builtin();
    const phase_def_t *routine = phase_default(m), *enhanced = phase_at_level(m, routine->framework, 2);
    int rc = record_move(H, code, entered, enhanced->code, source, line, err);
    if (rc == 0 && exited && *exited) rc = record_move(H, code, exited, routine->code, source, line, err);
    return rc;
}

int store_reference_load_history(store_t *s, const odate_t *today, ov_error_t *err)
{
    const struct embed_file *hist = embed_lookup(data_embed_files, "engage_history.csv");
    const struct embed_file *notes = embed_lookup(data_embed_files, "engage_notes.csv");
    if (!hist || !notes) return ov_error_set(err, OV_EINTERNAL, "", "Engage history is not compiled in");
    notes_loader_t NL = {{"data/engage_notes.csv",
                          {"force_code", "effective", "to_phase", "recommended_by", "decided_by", "meeting", "rationale", NULL},
                          7, {0}, 0, s, NULL, today}, {{{0}, {0}, {0}, {0}, {0}, {0}, {0}}}, 0};
    int rc = csv_parse((const char *)notes->data, notes->len, note_row, &NL, err);
    if (rc != 0) return rc;
    history_loader_t H = {{"data/engage_history.csv", {"force_code", "entered", "exited", "source_url", NULL},
                           3, {0}, 0, s, NULL, today}, &NL};
    if ((rc = store_begin(s, err)) != 0) return rc;
    rc = csv_parse((const char *)hist->data, hist->len, history_row, &H, err);
    if (rc != 0) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, err);
}
