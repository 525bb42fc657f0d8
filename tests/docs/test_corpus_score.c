/* test_corpus_score.c: scores the importer against hand-checked gold files.
 *
 * Each letter in corpus/real/ (published inspectorate letters, kept as the
 * stored copies were obtained, most cut short) and corpus/composed/ (letters
 * we wrote for shapes the stored copies cut off) has a gold file NAME.json
 * next to NAME.txt (format: corpus/README.md). The importer reads the text
 * with the bodies of corpus/real/bodies.csv; each field it claims is compared
 * with the gold:
 *   - a claimed value equal to the gold is a true positive;
 *   - a claimed value that differs, or is claimed where the gold has none, is
 *     a false positive (and, when the gold has one, also a false negative);
 *   - a gold value not claimed is a false negative.
 * Causes of concern are counted as items (min of both counts true); the
 * accelerated flag is compared item by item, as a stated yes/no.
 * Precision = TP/(TP+FP), recall = TP/(TP+FN) (1 when the denominator is 0).
 *
 * The real letters' figures are printed as a table (TAP comments) and each
 * field must reach its floor (FLOORS below, set from the measured figures);
 * composed letters are printed on their own and never counted in the real
 * score. OV_CORPUS_SCORE_VERBOSE=1 prints every miss. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"
#include "docs/import.h"

#ifndef OV_CORPUS
#define OV_CORPUS "tests/docs/corpus"
#endif

#define MAX_BODIES 200
#define MAX_LETTERS 500

enum field {
    F_KIND, F_BODY, F_PUBLISHED, F_SENT, F_FROM, F_TO, F_CC, F_DECISION, F_DECIDED_BY, F_EFFECTIVE,
    F_MEETING_HELD, F_MEETING_NEXT, F_CAUSES_STATED, F_CAUSES, F_ACCELERATED, F__COUNT
};

static const char *const FIELD_NAME[F__COUNT] = {
    "kind", "body", "published_on", "sent_on", "from_name", "to_name", "cc_name", "decision_to", "decided_by",
    "effective_on", "meeting_held", "meeting_next", "causes_stated", "causes (items)", "accelerated",
};

/* Floors for the real letters, per field: precision then recall, set a
 * little under the figures measured on the corpus (docs/import-accuracy.md)
 * so a regression fails. effective_on has no gold value in the real letters
 * (none of the stored copies states one), so it has no floor. */
static const double FLOORS[F__COUNT][2] = {
    [F_KIND] = {0.95, 0.95},          [F_BODY] = {0.95, 0.95},         [F_PUBLISHED] = {0.95, 0.95},
    [F_SENT] = {0.95, 0.90},          [F_FROM] = {0.95, 0.80},         [F_TO] = {0.95, 0.80},
    [F_CC] = {0.95, 0.95},            [F_DECISION] = {0.95, 0.95},     [F_DECIDED_BY] = {0.95, 0.95},
    [F_EFFECTIVE] = {0.0, 0.0},       [F_MEETING_HELD] = {0.95, 0.95}, [F_MEETING_NEXT] = {0.95, 0.95},
    [F_CAUSES_STATED] = {0.95, 0.95}, [F_CAUSES] = {0.95, 0.90},       [F_ACCELERATED] = {0.95, 0.70},
};

typedef struct tally { long tp, fp, fn; } tally_t;

static import_body_ref_t bodies[MAX_BODIES];   /* strings owned by body_store */
static char *body_store[2 * MAX_BODIES];
static size_t nbodies, nstore;
static int verbose;

/* Reads a whole file into a new NUL-terminated buffer (caller frees); NULL
 * on error. *len gets the length. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    buf_t b = BUF_INIT;
    char chunk[4096];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, k);
    fclose(f);
    if (b.failed) {
        buf_free(&b);
        return NULL;
    }
    *len = b.len;
    buf_putc(&b, '\0');
    return buf_detach(&b, NULL);
}

/* code,name per line after a header; no quoting in this file. */
static void load_bodies(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/real/bodies.csv", OV_CORPUS);
    size_t len = 0;
    char *text = slurp(path, &len);
    if (!text) fail_msg("cannot read %s", path);
    char *save = NULL;
    int first = 1;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (first) { first = 0; continue; }
        char *comma = strchr(line, ',');
        if (!comma || nbodies >= MAX_BODIES) continue;
        *comma = '\0';
        char *code = strdup(line), *name = strdup(comma + 1);
        assert_non_null(code);
        assert_non_null(name);
        body_store[nstore++] = code;
        body_store[nstore++] = name;
        bodies[nbodies].code = code;
        bodies[nbodies].name = name;
        nbodies++;
    }
    free(text);
}

/* A JSON value as comparable text: strings as they are, integers printed,
 * null/absent/"" as NULL. Writes into out (size n). */
static const char *jtext(const json_t *v, char *out, size_t n)
{
    if (json_is_string(v)) return json_string_length(v) ? json_string_value(v) : NULL;
    if (json_is_integer(v)) {
        snprintf(out, n, "%lld", (long long)json_integer_value(v));
        return out;
    }
    return NULL;
}

static void score_text(tally_t *t, enum field f, const char *name, const char *gold, const char *got)
{
    if (gold && got && strcmp(gold, got) == 0) {
        t->tp++;
        return;
    }
    if (got) t->fp++;
    if (gold) t->fn++;
    if (verbose && (gold || got))
        printf("# miss %-40s %-14s gold=%s got=%s\n", name, FIELD_NAME[f], gold ? gold : "-", got ? got : "-");
}

/* "Sir Andy Cooke (HMCI)", "HMCI", "His Majesty's Chief Inspector ..." all read as "HMCI". */
static const char *decider(const char *s)
{
    if (!s) return NULL;
    if (strstr(s, "HMCI") || strstr(s, "Chief Inspector")) return "HMCI";
    return s;
}

/* Tri-state from the draft's "accelerated" (true/false/null) and the gold's. */
static int tri(const json_t *v) { return json_is_true(v) ? 1 : json_is_false(v) ? 0 : -1; }

static void score_letter(tally_t t[F__COUNT], const char *dir, const char *name)
{
    char gpath[2048], tpath[4096], nb1[32], nb2[32];
    size_t len = 0;
    json_error_t jerr;
    json_t *gold = NULL, *draft = NULL;
    import_result_t *r = NULL;
    char *text = NULL;

    snprintf(gpath, sizeof gpath, "%s/%s", dir, name);
    gold = json_load_file(gpath, 0, &jerr);
    if (!gold) fail_msg("%s: %s (line %d)", gpath, jerr.text, jerr.line);
    const char *letter = json_string_value(json_object_get(gold, "letter"));
    assert_non_null(letter);
    snprintf(tpath, sizeof tpath, "%s/%s", dir, letter);
    text = slurp(tpath, &len);
    if (!text) fail_msg("cannot read %s", tpath);
    ov_error_t err;
    assert_int_equal(import_extract(text, len, bodies, nbodies, &r, &err), 0);
    draft = import_result_to_json(r);
    assert_non_null(draft);

    const json_t *dec = json_object_get(draft, "decision");
    const char *kind = json_string_value(json_object_get(draft, "kind"));
    if (kind && strcmp(kind, "unknown") == 0) kind = NULL;
    static const struct { enum field f; const char *gold_key; } plain[] = {
        {F_BODY, "body"}, {F_PUBLISHED, "published_on"}, {F_SENT, "sent_on"}, {F_FROM, "from_name"},
        {F_TO, "to_name"}, {F_CC, "cc_name"}, {F_EFFECTIVE, "effective_on"}, {F_MEETING_HELD, "meeting_held"},
        {F_MEETING_NEXT, "meeting_next"}, {F_CAUSES_STATED, "causes_stated"}, {F_DECISION, "decision_to"},
        {F_DECIDED_BY, "decided_by"},
    };
    const char *got[F__COUNT] = {0};
    got[F_BODY] = jtext(json_object_get(json_object_get(draft, "body"), "code"), nb1, sizeof nb1);
    got[F_PUBLISHED] = jtext(json_object_get(draft, "published_on"), nb1, sizeof nb1);
    got[F_SENT] = jtext(json_object_get(draft, "sent_on"), nb1, sizeof nb1);
    got[F_FROM] = jtext(json_object_get(json_object_get(draft, "from"), "name"), nb1, sizeof nb1);
    got[F_TO] = jtext(json_object_get(json_object_get(draft, "to"), "name"), nb1, sizeof nb1);
    got[F_CC] = jtext(json_object_get(json_object_get(draft, "cc"), "name"), nb1, sizeof nb1);
    got[F_EFFECTIVE] = jtext(json_object_get(dec, "effective_on"), nb1, sizeof nb1);
    got[F_MEETING_HELD] = jtext(json_object_get(draft, "ppog_meeting"), nb1, sizeof nb1);
    got[F_MEETING_NEXT] = jtext(json_object_get(draft, "ppog_next_meeting"), nb1, sizeof nb1);
    got[F_CAUSES_STATED] = jtext(json_object_get(draft, "causes_stated"), nb2, sizeof nb2);
    got[F_DECISION] = jtext(json_object_get(dec, "phase_to"), nb1, sizeof nb1);
    got[F_DECIDED_BY] = decider(jtext(json_object_get(dec, "decided_by"), nb1, sizeof nb1));
    score_text(&t[F_KIND], F_KIND, name, json_string_value(json_object_get(gold, "kind")), kind);
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        char gb[32];
        score_text(&t[plain[i].f], plain[i].f, name, jtext(json_object_get(gold, plain[i].gold_key), gb, sizeof gb),
                   got[plain[i].f]);
    }

    const json_t *gc = json_object_get(gold, "causes"), *dc = json_object_get(draft, "causes");
    size_t ng = json_array_size(gc), nd = json_array_size(dc), both = ng < nd ? ng : nd;
    t[F_CAUSES].tp += (long)both;
    t[F_CAUSES].fp += (long)(nd - both);
    t[F_CAUSES].fn += (long)(ng - both);
    if (verbose && ng != nd) printf("# miss %-40s %-14s gold=%zu got=%zu\n", name, "causes", ng, nd);
    for (size_t i = 0; i < ng || i < nd; i++) {
        int g = i < ng ? tri(json_object_get(json_array_get(gc, i), "accelerated")) : -1;
        int d = i < nd ? tri(json_object_get(json_array_get(dc, i), "accelerated")) : -1;
        if (g >= 0 && g == d) {
            t[F_ACCELERATED].tp++;
            continue;
        }
        if (d >= 0) t[F_ACCELERATED].fp++;
        if (g >= 0) t[F_ACCELERATED].fn++;
        if (verbose && (d >= 0 || g >= 0))
            printf("# miss %-40s %-14s item %zu gold=%d got=%d\n", name, "accelerated", i, g, d);
    }

    json_decref(draft);
    import_result_free(r);
    free(text);
    json_decref(gold);
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Scores every NAME.json in dir (sorted); returns the number of letters. */
static size_t score_dir(const char *sub, tally_t t[F__COUNT])
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/%s", OV_CORPUS, sub);
    char *names[MAX_LETTERS];
    size_t n = 0;
    DIR *d = opendir(dir);
    if (!d) return 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < MAX_LETTERS) {
        size_t l = strlen(e->d_name);
        if (l > 5 && strcmp(e->d_name + l - 5, ".json") == 0) {
            names[n] = strdup(e->d_name);
            assert_non_null(names[n]);
            n++;
        }
    }
    closedir(d);
    qsort(names, n, sizeof names[0], by_name);
    for (size_t i = 0; i < n; i++) {
        score_letter(t, dir, names[i]);
        free(names[i]);
    }
    return n;
}

static double ratio(long a, long b) { return b ? (double)a / (double)b : 1.0; }

static void print_table(const char *title, size_t letters, const tally_t t[F__COUNT])
{
    printf("# %s: %zu letters\n", title, letters);
    printf("# | field | TP | FP | FN | precision | recall |\n");
    printf("# | --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (int f = 0; f < F__COUNT; f++)
        printf("# | %s | %ld | %ld | %ld | %.2f | %.2f |\n", FIELD_NAME[f], t[f].tp, t[f].fp, t[f].fn,
               ratio(t[f].tp, t[f].tp + t[f].fp), ratio(t[f].tp, t[f].tp + t[f].fn));
    fflush(stdout);
}

static void real_letters_reach_the_floor(void **state)
{
    (void)state;
    tally_t t[F__COUNT];
    memset(t, 0, sizeof t);
    size_t n = score_dir("real", t);
    assert_true(n >= 30);
    print_table("real letters", n, t);
    int below = 0;
    for (int f = 0; f < F__COUNT; f++) {
        double p = ratio(t[f].tp, t[f].tp + t[f].fp), r = ratio(t[f].tp, t[f].tp + t[f].fn);
        if (p + 1e-9 < FLOORS[f][0] || r + 1e-9 < FLOORS[f][1]) {
            printf("# below the floor: %s precision %.2f (floor %.2f), recall %.2f (floor %.2f)\n", FIELD_NAME[f], p,
                   FLOORS[f][0], r, FLOORS[f][1]);
            below = 1;
        }
    }
    assert_false(below);
}

static void composed_letters_scored_apart(void **state)
{
    (void)state;
    tally_t t[F__COUNT];
    memset(t, 0, sizeof t);
    size_t n = score_dir("composed", t);
    if (n) print_table("composed letters (not in the real score)", n, t);
}

static int setup(void **state)
{
    (void)state;
    const char *v = getenv("OV_CORPUS_SCORE_VERBOSE");
    verbose = v && v[0] == '1';
    load_bodies();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < nstore; i++) free(body_store[i]);
    import_shutdown();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(real_letters_reach_the_floor),
        cmocka_unit_test(composed_letters_scored_apart),
    };
    return cmocka_run_group_tests_name("docs/corpus_score", tests, setup, teardown);
}
